/*
 * faultvfs — see faultvfs.h.  The pattern of SQLite's own test VFSes
 * (test_vfs.c, test_devsym.c): each file is the shim's header followed by
 * the real file of the wrapped VFS.
 */
#include "faultvfs.h"

#include <string.h>

#include <sqlite3.h>

struct fv_file {
	sqlite3_file base;
	sqlite3_file *real; /* follows this struct in the same allocation */
};

static sqlite3_vfs fv_vfs;
static sqlite3_vfs *fv_real;
static int fv_registered;

static int fv_armed, fv_persistent, fv_disk_full, fv_nosync;
static unsigned fv_mask;
static long fv_nth, fv_count, fv_injected;
static void (*fv_on_count)(long n);

void faultvfs_on_count(void (*fn)(long n))
{
	fv_on_count = fn;
}

void faultvfs_arm(long nth, unsigned mask, int persistent, int disk_full)
{
	fv_nth = nth;
	fv_mask = mask;
	fv_persistent = persistent;
	fv_disk_full = disk_full;
	fv_count = fv_injected = 0;
	fv_armed = 1;
}

void faultvfs_disarm(void)
{
	fv_armed = 0;
}

void faultvfs_skip_sync(int skip)
{
	fv_nosync = skip;
}

long faultvfs_count(void)
{
	return fv_count;
}

long faultvfs_injected(void)
{
	return fv_injected;
}

/* Should this operation fail?  Counts it if armed and of a chosen kind. */
static int fail(unsigned op)
{
	if (!fv_armed || !(fv_mask & op))
		return 0;
	fv_count++;
	if (fv_on_count)
		fv_on_count(fv_count);
	if (fv_count == fv_nth || (fv_persistent && fv_count > fv_nth)) {
		fv_injected++;
		return 1;
	}
	return 0;
}

#define REAL(f) (((struct fv_file *)(f))->real)

static int fv_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
	return rc;
}

static int fv_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	if (fail(FV_READ))
		return SQLITE_IOERR_READ;
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int fv_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (fail(FV_WRITE))
		return fv_disk_full ? SQLITE_FULL : SQLITE_IOERR_WRITE;
	return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int fv_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (fail(FV_TRUNCATE))
		return SQLITE_IOERR_TRUNCATE;
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int fv_sync(sqlite3_file *f, int flags)
{
	if (fail(FV_SYNC))
		return SQLITE_IOERR_FSYNC;
	if (fv_nosync)
		return SQLITE_OK;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int fv_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	if (fail(FV_FILESIZE))
		return SQLITE_IOERR_FSTAT;
	return REAL(f)->pMethods->xFileSize(REAL(f), size);
}

static int fv_lock(sqlite3_file *f, int level)
{
	if (fail(FV_LOCK))
		return SQLITE_IOERR_LOCK;
	return REAL(f)->pMethods->xLock(REAL(f), level);
}

static int fv_unlock(sqlite3_file *f, int level)
{
	return REAL(f)->pMethods->xUnlock(REAL(f), level);
}

static int fv_check_reserved(sqlite3_file *f, int *out)
{
	return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out);
}

static int fv_file_control(sqlite3_file *f, int op, void *arg)
{
	return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int fv_sector_size(sqlite3_file *f)
{
	return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int fv_device_chars(sqlite3_file *f)
{
	return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int fv_shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **pp)
{
	if (fail(FV_SHMMAP))
		return SQLITE_IOERR_SHMMAP;
	return REAL(f)->pMethods->xShmMap(REAL(f), region, size, extend, pp);
}

static int fv_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	/* only taking a lock can fail: releasing one cannot be refused */
	if ((flags & SQLITE_SHM_LOCK) && fail(FV_SHMLOCK))
		return SQLITE_IOERR_SHMLOCK;
	return REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags);
}

static void fv_shm_barrier(sqlite3_file *f)
{
	REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int fv_shm_unmap(sqlite3_file *f, int del)
{
	return REAL(f)->pMethods->xShmUnmap(REAL(f), del);
}

static int fv_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	return REAL(f)->pMethods->xFetch(REAL(f), off, n, pp);
}

static int fv_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	return REAL(f)->pMethods->xUnfetch(REAL(f), off, p);
}

static const sqlite3_io_methods fv_methods = {
	3, fv_close, fv_read, fv_write, fv_truncate, fv_sync, fv_file_size,
	fv_lock, fv_unlock, fv_check_reserved, fv_file_control, fv_sector_size,
	fv_device_chars, fv_shm_map, fv_shm_lock, fv_shm_barrier, fv_shm_unmap,
	fv_fetch, fv_unfetch
};

/* The same methods for a real file of version 1 or 2 (no shm or mmap). */
static sqlite3_io_methods fv_methods_v1;

static int fv_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
                   int *out_flags)
{
	struct fv_file *p = (struct fv_file *)f;
	(void)vfs;
	p->real = (sqlite3_file *)(p + 1);
	memset(p->real, 0, (size_t)fv_real->szOsFile);
	f->pMethods = NULL;
	/* the main database is opened before anything is armed; the WAL
	 * and journals are opened as needed, and may fail to */
	if (!(flags & SQLITE_OPEN_MAIN_DB) && fail(FV_OPEN))
		return SQLITE_CANTOPEN;
	int rc = fv_real->xOpen(fv_real, name, p->real, flags, out_flags);
	if (p->real->pMethods) {
		if (p->real->pMethods->iVersion >= 3) {
			f->pMethods = &fv_methods;
		} else {
			fv_methods_v1 = fv_methods;
			fv_methods_v1.iVersion = 1;
			f->pMethods = &fv_methods_v1;
		}
	}
	return rc;
}

static int fv_delete(sqlite3_vfs *vfs, const char *name, int sync)
{
	(void)vfs;
	return fv_real->xDelete(fv_real, name, sync);
}

static int fv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return fv_real->xAccess(fv_real, name, flags, out);
}

static int fv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return fv_real->xFullPathname(fv_real, name, n, out);
}

static void *fv_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return fv_real->xDlOpen(fv_real, name);
}

static void fv_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	fv_real->xDlError(fv_real, n, msg);
}

static void (*fv_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return fv_real->xDlSym(fv_real, h, sym);
}

static void fv_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	fv_real->xDlClose(fv_real, h);
}

static int fv_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return fv_real->xRandomness(fv_real, n, out);
}

static int fv_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return fv_real->xSleep(fv_real, us);
}

static int fv_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return fv_real->xCurrentTime(fv_real, out);
}

static int fv_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return fv_real->xGetLastError(fv_real, n, out);
}

static int fv_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return fv_real->xCurrentTimeInt64(fv_real, out);
}

int faultvfs_register(void)
{
	if (fv_registered)
		return SQLITE_OK;
	int rc = sqlite3_initialize();
	if (rc != SQLITE_OK)
		return rc;
	fv_real = sqlite3_vfs_find("unix");
	if (!fv_real)
		return SQLITE_ERROR;
	memset(&fv_vfs, 0, sizeof fv_vfs);
	fv_vfs.iVersion = 2;
	fv_vfs.szOsFile = (int)sizeof(struct fv_file) + fv_real->szOsFile;
	fv_vfs.mxPathname = fv_real->mxPathname;
	fv_vfs.zName = "faultvfs";
	fv_vfs.xOpen = fv_open;
	fv_vfs.xDelete = fv_delete;
	fv_vfs.xAccess = fv_access;
	fv_vfs.xFullPathname = fv_full_pathname;
	fv_vfs.xDlOpen = fv_dlopen;
	fv_vfs.xDlError = fv_dlerror;
	fv_vfs.xDlSym = fv_dlsym;
	fv_vfs.xDlClose = fv_dlclose;
	fv_vfs.xRandomness = fv_randomness;
	fv_vfs.xSleep = fv_sleep;
	fv_vfs.xCurrentTime = fv_current_time;
	fv_vfs.xGetLastError = fv_last_error;
	fv_vfs.xCurrentTimeInt64 = fv_current_time_int64;
	rc = sqlite3_vfs_register(&fv_vfs, 1);
	if (rc == SQLITE_OK)
		fv_registered = 1;
	return rc;
}
