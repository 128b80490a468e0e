/*
 * libgoc — the run-time version.
 */
#include "internal.h"

GOC_API const char *goc_version(void)
{
	return GOC_VERSION_STRING;
}

GOC_API int goc_libversion_number(void)
{
	return GOC_VERSION_NUMBER;
}
