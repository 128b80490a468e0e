/*
 * goc — files in and out: every output (-o FILE or standard output) and
 * every input file the tool reads.
 *
 * Outputs cannot destroy (docs/man/goc.1, OUTPUT):
 *  - `-o` never names the open database or its -wal, -shm or -journal file,
 *    by name or by identity (same device and inode: a hard link, a symlink);
 *  - a regular file is written to a temporary file `.goc-XXXXXX` in the
 *    target's folder (mkstemp), which is flushed, fsynced, closed and then
 *    renamed over the target, so that a failed or interrupted run leaves
 *    the previous file whole; a symlink at the target is replaced by the
 *    new file, never written through;
 *  - a character device or a FIFO (/dev/null, /dev/full, a pipe), and a
 *    name in /dev or /proc such as /dev/stdout, is written in place: there
 *    is nothing there to replace; a directory, a block device or a socket
 *    is refused;
 *  - every write is checked (the file is a stdio stream over our own write
 *    function, fopencookie(), which keeps the first error's errno), and any
 *    failure removes the temporary file and is reported with the path and
 *    strerror();
 *  - standard output is checked once at exit (out_finish(), after gnulib's
 *    close_stdout): a command whose output was lost exits 1.  (A write
 *    error to stdout is reported with its reason when the failing call
 *    left it in errno, else as a bare "write error", as gnulib does.)
 *
 * Inputs are read whole, up to GOC_IMPORT_MAX_BYTES (<goc/plan.h>): a
 * larger file, or an endless one such as /dev/zero, is refused once that
 * many bytes have been read, before memory grows any further.
 */
#define _GNU_SOURCE /* fopencookie() */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* --- settings ------------------------------------------------------------- */

static const char *db_path; /* the database that -o must never name */
static int raw_csv;

void out_setup(const char *database, int raw)
{
	db_path = database;
	raw_csv = raw;
}

int out_raw(void)
{
	return raw_csv;
}

/* --- the database and its companions --------------------------------------- */

static const char *const db_suffixes[] = { "", "-wal", "-shm", "-journal" };

/* path's folder resolved (realpath) joined with its last component: the
 * name a file at path has, whether it exists or not (malloc'd; NULL if the
 * folder does not resolve). */
static char *canonical_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
	if (!dir)
		abort();
	char *rdir = realpath(dir, NULL);
	free(dir);
	if (!rdir)
		return NULL;
	char *r = malloc(strlen(rdir) + strlen(base) + 2);
	if (!r)
		abort();
	sprintf(r, "%s%s%s", rdir, strcmp(rdir, "/") ? "/" : "", base);
	free(rdir);
	return r;
}

/* Whether path names the database or one of its companion files.  SQLite
 * keeps those beside the database file after resolving symlinks, so both
 * the name as given and the resolved one count; an existing file counts
 * by identity too (device and inode). */
static int is_database(const char *path)
{
	if (!db_path || !*db_path || !strcmp(db_path, ":memory:"))
		return 0;
	struct stat t;
	int have = stat(path, &t) == 0;
	char *name = canonical_name(path);
	char *bases[2] = { canonical_name(db_path), realpath(db_path, NULL) };
	int hit = 0;
	for (int b = 0; b < 2 && !hit; b++) {
		if (!bases[b])
			continue;
		for (size_t k = 0; k < sizeof db_suffixes / sizeof db_suffixes[0] && !hit; k++) {
			char *s = malloc(strlen(bases[b]) + strlen(db_suffixes[k]) + 1);
			if (!s)
				abort();
			sprintf(s, "%s%s", bases[b], db_suffixes[k]);
			struct stat d;
			hit = (name && !strcmp(name, s)) ||
			      (have && stat(s, &d) == 0 && d.st_dev == t.st_dev && d.st_ino == t.st_ino);
			free(s);
		}
	}
	free(bases[0]);
	free(bases[1]);
	free(name);
	return hit;
}

/* --- the output being written ------------------------------------------------ */

static struct out_state {
	FILE *f;
	int fd;
	int err;        /* the first write error's errno */
	int in_place;   /* a device or FIFO: no temporary file */
	char *path;     /* the target */
	char *tmp;      /* the temporary file, or NULL */
} cur = { NULL, -1, 0, 0, NULL, NULL };

/* The temporary file's name for the signal handler (no malloc there). */
static char sig_tmp[PATH_MAX];
static volatile sig_atomic_t sig_tmp_set;
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGXFSZ };

static void on_signal(int sig)
{
	if (sig_tmp_set)
		unlink(sig_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Remove the temporary file when a signal ends the run (signals that are
 * ignored stay ignored). */
static void guard_signals(int on)
{
	for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
		struct sigaction sa, old;
		if (sigaction(cleanup_signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on ? on_signal : SIG_DFL;
		sigemptyset(&sa.sa_mask);
		sigaction(cleanup_signals[i], &sa, NULL);
	}
}

/* fopencookie(3): the number of bytes written, short on an error (stdio
 * then sets the stream's error flag); never negative — glibc reads out of
 * bounds when a cookie's write returns -1. */
static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
	struct out_state *o = cookie;
	size_t done = 0;
	if (o->err)
		return 0;
	while (done < n) {
		ssize_t w = write(o->fd, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			o->err = w < 0 ? errno : EIO;
			break;
		}
		done += (size_t)w;
	}
	return (ssize_t)done;
}

static int cookie_close(void *cookie)
{
	struct out_state *o = cookie;
	int rc = close(o->fd);
	if (rc != 0 && !o->err)
		o->err = errno;
	o->fd = -1;
	return rc;
}

static void state_reset(void)
{
	if (cur.tmp) {
		sig_tmp_set = 0;
		guard_signals(0);
	}
	free(cur.path);
	free(cur.tmp);
	cur = (struct out_state){ NULL, -1, 0, 0, NULL, NULL };
}

/* Whether path's folder is /dev or lies in /proc, where names are devices
 * and magic links (/dev/stdout, /dev/fd/1, /proc/self/fd/1). */
static int in_device_folder(const char *path)
{
	char *name = canonical_name(path);
	int r = name && ((!strncmp(name, "/dev/", 5) && !strchr(name + 5, '/')) ||
	                 !strncmp(name, "/proc/", 6));
	free(name);
	return r;
}

static FILE *open_fail(const char *path, const char *what, int err)
{
	fprintf(stderr, "goc: %s: %s%s%s\n", path, what ? what : "", what ? ": " : "", strerror(err));
	if (cur.fd >= 0)
		close(cur.fd);
	if (cur.tmp)
		unlink(cur.tmp);
	state_reset();
	return NULL;
}

FILE *out_open(const char *path)
{
	if (!path || !strcmp(path, "-"))
		return stdout;
	if (cur.f)
		abort(); /* one output at a time */
	if (!*path) {
		fputs(_("goc: -o: the file name is empty\n"), stderr);
		return NULL;
	}
	if (is_database(path)) {
		fprintf(stderr, _("goc: %s: is the database %s or one of its -wal, -shm, -journal files;"
		        " not writing over it\n"), path, db_path);
		return NULL;
	}
	struct stat lst, st;
	int have_link = lstat(path, &lst) == 0;
	if (!have_link && errno != ENOENT)
		return open_fail(path, NULL, errno);
	int have = have_link && stat(path, &st) == 0;
	if (have_link && !have && errno != ENOENT)
		return open_fail(path, NULL, errno); /* a symlink loop … */
	if (have && S_ISDIR(st.st_mode))
		return open_fail(path, NULL, EISDIR);
	cur.path = strdup(path);
	if (!cur.path)
		abort();
	cur.in_place = have && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) ||
	                        (S_ISREG(st.st_mode) && S_ISLNK(lst.st_mode) && in_device_folder(path)));
	if (have && !cur.in_place && !S_ISREG(st.st_mode)) {
		fprintf(stderr, _("goc: %s: not a regular file, a character device or a FIFO;"
		        " not writing to it\n"), path);
		state_reset();
		return NULL;
	}
	if (cur.in_place) {
		cur.fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
		if (cur.fd < 0)
			return open_fail(path, NULL, errno);
	} else {
		const char *slash = strrchr(path, '/');
		size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
		cur.tmp = malloc(dirlen + sizeof ".goc-XXXXXX");
		if (!cur.tmp)
			abort();
		memcpy(cur.tmp, path, dirlen);
		strcpy(cur.tmp + dirlen, ".goc-XXXXXX");
		if (strlen(cur.tmp) >= sizeof sig_tmp) {
			free(cur.tmp);
			cur.tmp = NULL;
			return open_fail(path, NULL, ENAMETOOLONG);
		}
		cur.fd = mkstemp(cur.tmp);
		if (cur.fd < 0) {
			int err = errno;
			free(cur.tmp);
			cur.tmp = NULL;
			return open_fail(path, "cannot create a temporary file in its folder", err);
		}
		strcpy(sig_tmp, cur.tmp);
		sig_tmp_set = 1;
		guard_signals(1);
		/* the mode of the file replaced, else what fopen() would give */
		mode_t mask = umask(0);
		umask(mask);
		int keep = have && !S_ISLNK(lst.st_mode);
		if (fchmod(cur.fd, keep ? st.st_mode & 07777 : 0666 & ~mask) != 0)
			return open_fail(path, "cannot set the temporary file's mode", errno);
		if (keep && (st.st_uid != geteuid() || st.st_gid != getegid()) &&
		    fchown(cur.fd, st.st_uid, st.st_gid) != 0) {
			/* not ours to give away: the new file is the caller's */
		}
	}
	cookie_io_functions_t io = { NULL, cookie_write, NULL, cookie_close };
	cur.f = fopencookie(&cur, "w", io);
	if (!cur.f)
		return open_fail(path, NULL, errno);
	return cur.f;
}

/* Standard output failed: said once. */
static int stdout_reported;

static int stdout_error(int err)
{
	if (!stdout_reported) {
		if (err)
			fprintf(stderr, _("goc: standard output: write error: %s\n"), strerror(err));
		else
			fputs(_("goc: standard output: write error\n"), stderr);
	}
	stdout_reported = 1;
	return 1;
}

int out_close(FILE *f)
{
	if (f == stdout) {
		errno = 0;
		if (fflush(stdout) != 0 || ferror(stdout))
			return stdout_error(errno);
		return 0;
	}
	if (!f || f != cur.f)
		abort();
	const char *step = NULL;
	int err = 0;
	if (fflush(f) != 0 || ferror(f))
		err = cur.err ? cur.err : errno ? errno : EIO;
	if (!err && !cur.in_place && fsync(cur.fd) != 0) {
		err = errno;
		step = "fsync";
	}
	if (fclose(f) != 0 && !err)
		err = cur.err ? cur.err : errno ? errno : EIO;
	cur.f = NULL;
	if (!err && cur.tmp && rename(cur.tmp, cur.path) != 0) {
		err = errno;
		step = "cannot rename the temporary file into place";
	}
	if (err) {
		if (cur.tmp)
			unlink(cur.tmp);
		fprintf(stderr, "goc: %s: %s%s%s\n", cur.path, step ? step : "", step ? ": " : "",
		        strerror(err));
		state_reset();
		return 1;
	}
	if (cur.tmp) {
		/* make the rename itself durable */
		char *slash = strrchr(cur.path, '/');
		char *dir = slash ? strndup(cur.path, (size_t)(slash - cur.path) + (slash == cur.path))
		                  : strdup(".");
		int dfd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
		if (dfd >= 0) {
			if (fsync(dfd) != 0 && errno != EINVAL)
				err = errno;
			close(dfd);
		}
		free(dir);
		if (err) {
			fprintf(stderr, _("goc: %s: fsync of its folder: %s\n"), cur.path, strerror(err));
			state_reset();
			return 1;
		}
	}
	state_reset();
	return 0;
}

void out_discard(FILE *f)
{
	if (f == stdout || !f) {
		fflush(stdout);
		return;
	}
	if (f != cur.f)
		abort();
	fclose(f);
	if (cur.tmp)
		unlink(cur.tmp);
	state_reset();
}

int out_finish(int rc)
{
	/* gnulib's close_stdout(), but standard output stays open (the fuzz
	 * target runs the tool again in the same process): what could not be
	 * written is an error, and so is a failing close() of the file — seen
	 * by closing a duplicate, which reports what close(1) would (NFS) */
	errno = 0;
	int failed = fflush(stdout) != 0 || ferror(stdout);
	int err = failed ? errno : 0;
	if (!failed) {
		int fd = dup(STDOUT_FILENO);
		if (fd >= 0 && close(fd) != 0 && errno != EINTR) {
			failed = 1;
			err = errno;
		}
	}
	if (failed)
		stdout_error(err);
	failed |= stdout_reported;
	stdout_reported = 0;
	clearerr(stdout);
	return failed && rc == EXIT_OK ? EXIT_RUNTIME : rc;
}

/* --- input -------------------------------------------------------------------- */

char *read_file(const char *path, size_t *len)
{
	const size_t max = GOC_IMPORT_MAX_BYTES;
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "goc: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			fprintf(stderr, "goc: %s: %s\n", path, strerror(EISDIR));
			fclose(f);
			return NULL;
		}
		if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
			fprintf(stderr, _("goc: %s: %jd bytes, more than the %zu bytes (64 MiB) an import"
			        " may have\n"), path, (intmax_t)st.st_size, max);
			fclose(f);
			return NULL;
		}
	}
	/* read at most max + 1 bytes: one more says the input is too large */
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (!buf)
			abort();
		n += fread(buf + n, 1, cap - n - 1, f);
		if (n < cap - 1 || n > max)
			break;
		cap = cap * 2 > max + 2 ? max + 2 : cap * 2;
		buf = realloc(buf, cap);
	}
	int err = ferror(f) ? errno : 0;
	fclose(f);
	if (n > max) {
		fprintf(stderr, _("goc: %s: more than the %zu bytes (64 MiB) an import may have;"
		        " stopped reading\n"), path, max);
		free(buf);
		return NULL;
	}
	if (err) {
		fprintf(stderr, _("goc: %s: read error: %s\n"), path, strerror(err));
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}
