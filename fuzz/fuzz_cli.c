/*
 * Fuzz target: the goc command line — the whole tool (the sources in tools/goc/,
 * compiled in with its main() renamed goc_cli_main) run on an in-memory
 * database, so option parsing (cli_parse), dispatch, date and format
 * checks and every command see hostile arguments.
 *
 * Input: the arguments after `goc --db :memory:`, separated by NUL bytes
 * (at most 32).  Inputs that could touch files are skipped: an argument
 * `-o` (output file), one starting with `--db`, and the word `import`
 * (which reads a file).  The tool's output and messages go to /dev/null
 * (stderr is swapped as a stream only, so sanitizer reports still show).
 */
#include "fuzz.h"

int goc_cli_main(int argc, char **argv);

#define MAX_ARGS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null_err;
	if (!null_err) {
		null_err = fopen("/dev/null", "w");
		if (!null_err || !freopen("/dev/null", "w", stdout))
			abort();
	}
	char *buf = fuzz_cstr(data, size);
	char *argv[MAX_ARGS + 4] = { "goc", "--db", ":memory:" };
	int argc = 3;
	for (size_t i = 0; i <= size; argc++) {
		if (argc == MAX_ARGS + 3)
			goto skip;
		char *a = buf + i;
		if (!strcmp(a, "-o") || !strncmp(a, "--db", 4) || !strcmp(a, "import"))
			goto skip;
		argv[argc] = a;
		i += strlen(a) + 1;
	}
	argv[argc] = NULL;
	FILE *err = stderr;
	stderr = null_err;
	int rc = goc_cli_main(argc, argv);
	stderr = err;
	FUZZ_ASSERT(rc == 0 || rc == 1 || rc == 2, "an exit status other than 0, 1, 2");
skip:
	free(buf);
	return 0;
}
