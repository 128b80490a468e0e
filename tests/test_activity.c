/* test_activity — placeholder while the suite is being written. */
#include <check.h>
#include <stdlib.h>

int main(void)
{
	return EXIT_SUCCESS;
}
