/*
 * faultvfs — a test VFS over SQLite's default ("unix") VFS that makes the
 * Nth file operation of chosen kinds fail with the SQLITE_IOERR_* code a
 * real failure of that kind gives, once or from then on.
 *
 * faultvfs_register() makes it the default VFS, so goc_db_open() uses it.
 * Counting happens only while armed; the counters are process-wide and not
 * locked (arm it from one thread).
 */
#ifndef GOC_FAULTVFS_H
#define GOC_FAULTVFS_H

/* Kinds of operation that can be made to fail. */
enum faultvfs_op {
	FV_WRITE = 1 << 0,     /* xWrite: SQLITE_IOERR_WRITE (or SQLITE_FULL) */
	FV_SYNC = 1 << 1,      /* xSync: SQLITE_IOERR_FSYNC */
	FV_TRUNCATE = 1 << 2,  /* xTruncate: SQLITE_IOERR_TRUNCATE */
	FV_READ = 1 << 3,      /* xRead: SQLITE_IOERR_READ */
	FV_FILESIZE = 1 << 4,  /* xFileSize: SQLITE_IOERR_FSTAT */
	FV_LOCK = 1 << 5,      /* xLock: SQLITE_IOERR_LOCK */
	FV_SHMMAP = 1 << 6,    /* xShmMap: SQLITE_IOERR_SHMMAP */
	FV_SHMLOCK = 1 << 7,   /* xShmLock: SQLITE_IOERR_SHMLOCK */
	FV_OPEN = 1 << 8,      /* xOpen (journal, WAL): SQLITE_CANTOPEN */
	FV_ALL = (1 << 9) - 1
};

/* Register the shim as the default VFS (once; later calls do nothing).
 * Returns a SQLite result code. */
int faultvfs_register(void);

/* Count operations of the kinds in `mask` from now on, and fail the nth
 * (1-based).  persistent: every counted operation after it fails too (a
 * disk that has gone away); otherwise only the nth (a transient error).
 * disk_full: a failing xWrite gives SQLITE_FULL instead. */
void faultvfs_arm(long nth, unsigned mask, int persistent, int disk_full);
/* Stop failing and counting. */
void faultvfs_disarm(void);
/* skip: xSync succeeds without syncing (tests about errors, not power
 * loss, run many times faster). */
void faultvfs_skip_sync(int skip);
/* fn (or NULL) is called with the number of each operation counted
 * (test_faults.c: which code each operation comes from). */
void faultvfs_on_count(void (*fn)(long n));
/* Operations counted, and faults injected, since the last faultvfs_arm(). */
long faultvfs_count(void);
long faultvfs_injected(void);

#endif
