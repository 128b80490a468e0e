/*
 * A stand-in for libFuzzer: runs a fuzz target's LLVMFuzzerTestOneInput()
 * once over each file named on the command line, and over each file of
 * each directory named (not recursively).  Any compiler builds it, so the
 * committed corpora run in the normal test suite (the test `fuzz-corpus`).
 * Exit status 0 when every input ran; a finding aborts.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *b = realloc(buf, cap *= 2);
			if (!b)
				free(buf);
			buf = b;
		}
	}
	int bad = ferror(f) || !buf;
	fclose(f);
	if (bad) {
		fprintf(stderr, "%s: cannot read\n", path);
		free(buf);
		return 1;
	}
	/* An exact-size copy, so that ASan or valgrind see overreads. */
	uint8_t *exact = malloc(n ? n : 1);
	if (!exact) {
		free(buf);
		return 1;
	}
	memcpy(exact, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(exact, n);
	free(exact);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int failed = 0, runs = 0;
	for (int i = 1; i < argc; i++) {
		struct stat sb;
		if (stat(argv[i], &sb) != 0) {
			perror(argv[i]);
			failed++;
			continue;
		}
		if (!S_ISDIR(sb.st_mode)) {
			failed += run_file(argv[i]);
			runs++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		if (!d) {
			perror(argv[i]);
			failed++;
			continue;
		}
		char **names = NULL;
		size_t count = 0;
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			char **nn = realloc(names, (count + 1) * sizeof *names);
			size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
			char *p = malloc(len);
			if (!nn || !p) {
				free(p);
				free(nn ? nn : names);
				closedir(d);
				return 1;
			}
			names = nn;
			snprintf(p, len, "%s/%s", argv[i], e->d_name);
			names[count++] = p;
		}
		closedir(d);
		qsort(names, count, sizeof *names, cmp);
		for (size_t k = 0; k < count; k++) {
			if (stat(names[k], &sb) == 0 && S_ISREG(sb.st_mode)) {
				failed += run_file(names[k]);
				runs++;
			}
			free(names[k]);
		}
		free(names);
	}
	fprintf(stderr, "%s: %d inputs, %d unreadable\n", argv[0], runs, failed);
	return failed ? 1 : 0;
}
