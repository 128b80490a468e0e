#!/usr/bin/env python3
"""Load libgoc.so.1 with ctypes, as any language with a C FFI would, and
call it: the ABI is plain C.

usage: ctypes_version.py LIBRARY VERSION
"""
import ctypes
import sys

lib_path, version = sys.argv[1], sys.argv[2]
lib = ctypes.CDLL(lib_path)

lib.goc_version.restype = ctypes.c_char_p
lib.goc_version.argtypes = []
lib.goc_libversion_number.restype = ctypes.c_int
lib.goc_libversion_number.argtypes = []
lib.goc_strerror.restype = ctypes.c_char_p
lib.goc_strerror.argtypes = [ctypes.c_int]
lib.goc_error_message.restype = ctypes.c_char_p
lib.goc_error_message.argtypes = []
lib.goc_db_open.restype = ctypes.c_int
lib.goc_db_open.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p]
lib.goc_db_close.restype = None
lib.goc_db_close.argtypes = [ctypes.c_void_p]
lib.goc_date_check.restype = ctypes.c_int
lib.goc_date_check.argtypes = [ctypes.c_char_p]

fail = []
got = lib.goc_version().decode("utf-8")
if got != version:
    fail.append("goc_version() = %r, the project version is %r" % (got, version))
major, minor, patch = (int(x) for x in version.split("."))
number = lib.goc_libversion_number()
if number != major * 1000000 + minor * 1000 + patch:
    fail.append("goc_libversion_number() = %d for version %s" % (number, version))

# A status code and the per-thread message cross the boundary as plain C.
rc = lib.goc_date_check(b"2025-02-30")
if rc != -3 or not lib.goc_strerror(rc).startswith(b"GOC_EINVAL"):
    fail.append("goc_date_check('2025-02-30') = %d (%s)" % (rc, lib.goc_strerror(rc)))
if not lib.goc_error_message():
    fail.append("goc_error_message() is empty after a failure")

db = ctypes.c_void_p()
rc = lib.goc_db_open(ctypes.byref(db), b":memory:")
if rc != 0 or not db.value:
    fail.append("goc_db_open(':memory:') = %d: %s" % (rc, lib.goc_error_message()))
lib.goc_db_close(db)

for f in fail:
    print("FAIL: " + f)
if fail:
    sys.exit(1)
print("ctypes: %s loads; goc_version() = %s, goc_libversion_number() = %d; "
      "errors and handles cross the C ABI" % (lib_path.rsplit("/", 1)[-1], got, number))
