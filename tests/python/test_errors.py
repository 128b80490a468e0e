"""Every status code raises its own exception class with the library's message.

Each GOC_E* code the C API can give is provoked here from Python (as the
Check suites do from C), including the storage errors: a damaged file
(ECORRUPT), a file size limit (EIO), SQLite's hard heap limit (ENOMEM) and
a table dropped behind the library's back (GOC_ERROR).
"""
import sqlite3

import pytest

import goc
from conftest import PLAN, run_python

CLASSES = {
    -1: (goc.GenericError, ()),
    -2: (goc.NoMemoryError, (MemoryError,)),
    -3: (goc.InvalidInputError, (ValueError,)),
    -4: (goc.NotFoundError, (LookupError,)),
    -5: (goc.ExistsError, ()),
    -6: (goc.ConstraintError, ()),
    -7: (goc.StateError, ()),
    -8: (goc.VersionError, ()),
    -9: (goc.NotADatabaseError, ()),
    -10: (goc.BusyError, ()),
    -11: (goc.GocIOError, (OSError,)),
    -12: (goc.NotPermittedError, (PermissionError,)),
    -13: (goc.ReadOnlyError, ()),
    -14: (goc.CorruptError, ()),
    -15: (goc.MisuseError, ()),
    -16: (goc.CannotOpenError, (OSError,)),
    -17: (goc.CancelledError, ()),
    -18: (goc.AuthError, (PermissionError,)),
    -19: (goc.ThrottledError, (goc.AuthError, PermissionError)),
}


def test_one_class_per_code():
    assert len({cls for cls, _ in CLASSES.values()}) == len(CLASSES)
    for code, (cls, builtins) in CLASSES.items():
        assert cls.code == code
        assert issubclass(cls, goc.Error)
        for b in builtins:
            assert issubclass(cls, b), (cls, b)
        assert goc.error_class(code) is cls
        assert goc.strerror(code).startswith(cls.name + ":")
        assert cls.__module__ == "goc"
        assert cls.__doc__ and cls.name in cls.__doc__
        e = cls("a message")
        assert str(e) == "a message" and e.message == "a message"
        assert repr(e) == "%s('a message')" % cls.__name__
    assert goc.error_class(-999) is goc.GenericError


def test_every_code_has_a_class():
    # every negative code the library names has a class
    for code in range(-1, -40, -1):
        if goc.strerror(code) != "unknown status":
            assert code in CLASSES, code


def expect(cls, fn, match=None):
    with pytest.raises(cls) as e:
        fn()
    assert type(e.value) is cls
    assert e.value.code == cls.code
    assert str(e.value)  # the library's message, never empty
    if match:
        assert match in str(e.value)
    return e.value


def test_einval(ref):
    e = expect(goc.InvalidInputError,
               lambda: ref.units.create("bad code", "名称", "department"), "code")
    assert isinstance(e, ValueError)
    expect(goc.InvalidInputError, lambda: goc.check_date("2024-13-01"), "month")
    expect(goc.InvalidInputError, lambda: goc.check_uscc("91310000MA1FL0000X"))
    expect(goc.InvalidInputError, lambda: goc.check_period("2024-Q5"))
    expect(goc.InvalidInputError, lambda: goc.Stage.to_c("flying"), "flying")


def test_enotfound(ref):
    e = expect(goc.NotFoundError, lambda: ref.units.get("nosuch"), "nosuch")
    assert isinstance(e, LookupError)
    expect(goc.NotFoundError, lambda: ref.orgs.get(424242))
    expect(goc.NotFoundError, lambda: ref.load_reference("atlantis"))


def test_eexists(ref):
    expect(goc.ExistsError, lambda: ref.units.create("commerce", "另一个", "department"),
           "commerce")


def test_econstraint(ref):
    org = ref.orgs.create("有历史的组织", "trade", "2024-01-01")
    ref.orgs.set_stage(org, "contacting", "2024-02-01", unit="commerce")
    expect(goc.ConstraintError, lambda: ref.orgs.delete(org))


def test_estate(ref):
    org = ref.orgs.create("状态组织", "trade", "2024-01-01")
    expect(goc.StateError,
           lambda: ref.orgs.set_stage(org, "operating", "2024-02-01", unit="commerce"))


def test_eversion(tmp_path):
    path = tmp_path / "newer.db"
    goc.open(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 999")
    con.close()
    before = path.read_bytes()
    expect(goc.VersionError, lambda: goc.open(path), "999")
    assert path.read_bytes() == before


def test_enotdb(tmp_path):
    path = tmp_path / "text.db"
    path.write_text("这不是数据库 — not a database\n" * 100, encoding="utf-8")
    before = path.read_bytes()
    expect(goc.NotADatabaseError, lambda: goc.open(path))
    assert path.read_bytes() == before
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    expect(goc.NotADatabaseError, lambda: goc.open(other))


def test_ebusy(tmp_path):
    path = tmp_path / "b.db"
    a, b = goc.open(path), goc.open(path, busy_timeout_ms=0)
    a.begin()
    expect(goc.BusyError, b.begin)
    a.rollback()
    a.close()
    b.close()


def test_eperm(plan_db):
    # police answers for nothing in item i1
    expect(goc.NotPermittedError,
           lambda: plan_db.reports.submit(PLAN, "i1", "2024-Q1", "2024-03-31",
                                          "in_progress", unit="police"))
    assert issubclass(goc.NotPermittedError, PermissionError)


def test_ereadonly(tmp_path):
    path = tmp_path / "ro.db"
    goc.open(path).close()
    with goc.open(path, readonly=True) as db:
        expect(goc.ReadOnlyError, lambda: db.load_reference())


def test_emisuse(db):
    expect(goc.MisuseError, db.commit, "no transaction")


def test_ecantopen(tmp_path):
    expect(goc.CannotOpenError, lambda: goc.open(tmp_path / "missing.db", create=False))
    expect(goc.CannotOpenError, lambda: goc.open(tmp_path / "no" / "such" / "dir.db"))


def test_ecancelled(plan_db):
    doc = plan_db.plans.export_json(PLAN)
    e = expect(goc.CancelledError,
               lambda: plan_db.plans.import_json(doc, plan="copy", progress=lambda d, t: True))
    assert "cancel" in str(e).lower()
    expect(goc.NotFoundError, lambda: plan_db.plans.get("copy"))


def test_ecorrupt(tmp_path):
    path = tmp_path / "damaged.db"
    with goc.open(path) as db:
        db.load_demo()
    data = bytearray(path.read_bytes())
    for off in range(4096, len(data), 4096):  # every page but the first
        data[off:off + 64] = bytes((i * 37 + off) % 251 for i in range(64))
    path.write_bytes(bytes(data))

    def use():
        with goc.open(path) as db:
            list(db.orgs.list())
            list(db.plans.list())
    expect(goc.CorruptError, use, "malformed")


def test_generic_error(tmp_path):
    path = tmp_path / "dropped.db"
    with goc.open(path) as db:
        db.load_reference()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE experts")
    con.commit()
    con.close()
    with goc.open(path) as db:
        e = expect(goc.GenericError, lambda: list(db.experts.list()), "experts")
        assert e.code == -1
        assert isinstance(db.last_error, goc.GenericError)


def test_enomem_from_sqlite_heap_limit():
    # SQLite's hard heap limit makes its allocations fail: libgoc reports
    # GOC_ENOMEM.  In a child process: the limit is process-wide.
    r = run_python("""
        import ctypes, goc
        lib = ctypes.CDLL("libsqlite3.so.0")
        lib.sqlite3_hard_heap_limit64.restype = ctypes.c_int64
        lib.sqlite3_hard_heap_limit64.argtypes = [ctypes.c_int64]
        db = goc.open(":memory:")
        db.load_reference()
        lib.sqlite3_hard_heap_limit64(1)
        try:
            db.plans.load()
        except goc.NoMemoryError as e:
            assert isinstance(e, MemoryError) and e.code == -2
            print("ENOMEM:", e)
        finally:
            lib.sqlite3_hard_heap_limit64(0)
        db.plans.load()            # works again once memory is there
        print("recovered", db.plans.get("pudong-goc-2024").task_count)
    """)
    assert r.returncode == 0, r.stderr
    assert "ENOMEM:" in r.stdout and "out of memory" in r.stdout
    assert "recovered 37" in r.stdout


def test_eio_from_file_size_limit(tmp_path):
    # A file size limit (RLIMIT_FSIZE, SIGXFSZ ignored) makes writes fail
    # with EFBIG: libgoc reports GOC_EIO.  In a child process.
    r = run_python("""
        import os, resource, signal, sys, goc
        path = sys.argv[1]
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        db = goc.open(path)
        db.load_reference()
        size = sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
        resource.setrlimit(resource.RLIMIT_FSIZE, (size + 8192, resource.RLIM_INFINITY))
        try:
            db.load_demo()
        except goc.GocIOError as e:
            assert isinstance(e, OSError) and e.code == -11
            print("EIO:", e)
        resource.setrlimit(resource.RLIMIT_FSIZE,
                           (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        db.close()
        with goc.open(path) as db:   # nothing half-written
            print("orgs", len(list(db.orgs.list())))
    """, str(tmp_path / "full.db"))
    assert r.returncode == 0, r.stderr
    assert "EIO:" in r.stdout and "orgs 0" in r.stdout


def test_message_is_the_librarys(ref):
    # the same text as the C library's per-handle message
    with pytest.raises(goc.InvalidInputError) as e:
        ref.orgs.create("", "trade", "2024-01-01")
    assert str(e.value) == str(ref.last_error)
    assert "name_zh" in str(e.value)


def test_python_side_argument_errors(ref):
    with pytest.raises(TypeError):
        ref.units.create("u1", 12, "department")          # not a str
    with pytest.raises(ValueError, match="NUL"):
        ref.units.create("u1", "名\0称", "department")
    with pytest.raises(UnicodeEncodeError):
        ref.units.create("u1", "\udc80", "department")    # lone surrogate
    with pytest.raises(TypeError):
        ref.orgs.list(stage=3)                            # ints are not enums
    with pytest.raises(OverflowError):
        ref.orgs.get(2 ** 80)
