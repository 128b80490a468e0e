"""The database handle: open options, context manager, actor, transactions."""
import datetime
import os

import pytest

import goc


def test_open_memory_and_context_manager():
    with goc.open(":memory:") as db:
        assert not db.closed
        assert db.schema_version == goc.SCHEMA_VERSION
        assert db.path == ":memory:"
        assert "memory" in repr(db)
    assert db.closed
    assert "closed" in repr(db)


def test_open_pathlike_and_bytes(tmp_path):
    with goc.open(tmp_path / "a.db") as db:
        db.load_reference()
    with goc.open(os.fsencode(tmp_path / "a.db")) as db:
        assert db.units.get("commerce").name_zh == "商务委"


def test_open_chinese_file_name(tmp_path):
    path = tmp_path / "浦东 数据库.db"
    with goc.open(path) as db:
        db.load_reference()
    assert path.exists()
    with goc.open(str(path), readonly=True) as db:
        assert len(list(db.zones.list())) == 5


def test_open_readonly_and_nocreate(tmp_path):
    path = tmp_path / "x.db"
    with pytest.raises(goc.CannotOpenError) as e:
        goc.open(path, create=False)
    assert isinstance(e.value, OSError)
    assert str(path) in str(e.value)
    assert not path.exists()
    with goc.open(path) as db:
        db.load_reference()
    with goc.open(path, readonly=True, create=False) as db:
        assert db.readonly
        assert db.units.get("police").kind is goc.UnitKind.DEPARTMENT
        with pytest.raises(goc.ReadOnlyError):
            db.units.create("newunit", "新单位", goc.UnitKind.DEPARTMENT)
        with pytest.raises(goc.ReadOnlyError):
            db.begin()


def test_open_invalid_arguments():
    with pytest.raises(goc.InvalidInputError, match="path"):
        goc.open("")
    with pytest.raises(TypeError):
        goc.open(None)
    with pytest.raises(ValueError, match="NUL"):
        goc.open("a\0b")


def test_close_twice_and_use_after_close(db):
    db.close()
    db.close()
    assert db.closed
    for call in (lambda: db.schema_version, lambda: db.begin(),
                 lambda: db.units.get("commerce"), lambda: db.orgs.list(),
                 lambda: db.actor, lambda: db.load_reference()):
        with pytest.raises(goc.ClosedError):
            call()
    with pytest.raises(goc.ClosedError):
        with db:
            pass
    # ClosedError is a MisuseError is a goc.Error
    assert issubclass(goc.ClosedError, goc.MisuseError)
    assert issubclass(goc.ClosedError, goc.Error)


def test_actor(ref):
    assert ref.actor is None
    ref.actor = "commerce"
    assert ref.actor == "commerce"
    ref.set_actor(None)
    assert ref.actor is None
    with pytest.raises(goc.NotFoundError, match="actor"):
        ref.set_actor("nosuch")
    with pytest.raises(goc.InvalidInputError, match="actor"):
        ref.actor = "Not A Code"
    assert ref.actor is None


def test_actor_attributes_writes(ref):
    org = ref.orgs.create("行动者组织", "trade", "2024-01-01")
    with pytest.raises(goc.InvalidInputError, match="unit"):
        ref.orgs.set_stage(org, "contacting", "2024-02-01")
    ref.actor = "ftz-bureau"
    # a unit may change only the organizations it follows
    with pytest.raises(goc.NotPermittedError, match="ftz-bureau"):
        ref.orgs.set_stage(org, "contacting", "2024-02-01")
    ref.actor = None
    ref.orgs.update(org, unit="ftz-bureau")
    ref.actor = "ftz-bureau"
    ref.orgs.set_stage(org, "contacting", "2024-02-01")
    assert list(ref.orgs.history(org))[-1].unit == "ftz-bureau"


def test_last_error(ref):
    assert ref.last_error is None or isinstance(ref.last_error, goc.Error)
    with pytest.raises(goc.NotFoundError) as e:
        ref.units.get("nosuch")
    last = ref.last_error
    assert isinstance(last, goc.NotFoundError)
    assert str(last) == str(e.value)


def test_transaction_commit_and_rollback(ref):
    with ref.transaction():
        assert ref.in_transaction
        ref.orgs.create("事务组织一", "trade", "2024-01-01")
    assert not ref.in_transaction
    assert ref.orgs.find("事务组织一").name_zh == "事务组织一"

    with pytest.raises(RuntimeError):
        with ref.transaction():
            ref.orgs.create("事务组织二", "trade", "2024-01-01")
            raise RuntimeError("stop")
    assert not ref.in_transaction
    with pytest.raises(goc.NotFoundError):
        ref.orgs.find("事务组织二")


def test_transaction_failed_call_keeps_it_open(ref):
    with ref.transaction():
        ref.orgs.create("保留组织", "trade", "2024-01-01")
        with pytest.raises(goc.ExistsError):
            ref.orgs.create("保留组织", "trade", "2024-01-01")
        assert ref.in_transaction
    assert ref.orgs.find("保留组织")


def test_begin_commit_rollback_misuse(ref):
    with pytest.raises(goc.MisuseError, match="no transaction"):
        ref.commit()
    with pytest.raises(goc.MisuseError, match="no transaction"):
        ref.rollback()
    ref.begin()
    with pytest.raises(goc.MisuseError, match="already open"):
        ref.begin()
    ref.rollback()
    assert not ref.in_transaction


def test_close_rolls_back(tmp_path):
    path = tmp_path / "t.db"
    db = goc.open(path)
    db.load_reference()
    db.begin()
    db.orgs.create("未提交", "trade", "2024-01-01")
    db.close()
    with goc.open(path) as db:
        assert list(db.orgs.list()) == []


def test_busy(tmp_path):
    path = tmp_path / "busy.db"
    a = goc.open(path)
    a.load_reference()
    b = goc.open(path, busy_timeout_ms=0)
    a.begin()
    with pytest.raises(goc.BusyError) as e:
        b.begin()
    assert e.value.code == -10
    with pytest.raises(goc.BusyError):
        b.orgs.create("忙", "trade", "2024-01-01")
    a.commit()
    b.begin()
    b.orgs.create("忙", "trade", "2024-01-01")
    b.commit()
    a.close()
    b.close()


def test_dates_in_and_out(ref):
    d = datetime.date(2024, 2, 29)
    a = ref.orgs.create("日期一", "trade", d)
    b = ref.orgs.create("日期二", "trade", "2024-02-29")
    c = ref.orgs.create("日期三", "trade", datetime.datetime(2024, 2, 29, 13, 5))
    for i in (a, b, c):
        assert ref.orgs.get(i).created == d
        assert isinstance(ref.orgs.get(i).created, datetime.date)
    with pytest.raises(goc.InvalidInputError, match="date"):
        ref.orgs.create("日期四", "trade", "2023-02-29")
    with pytest.raises(TypeError):
        ref.orgs.create("日期五", "trade", 20240229)


def test_version_functions():
    assert goc.version() == goc.__version__
    major, minor, patch = (int(x) for x in goc.version().split("."))
    assert goc.libversion_number() == major * 1000000 + minor * 1000 + patch
    assert goc.strerror(-3).startswith("GOC_EINVAL")
    assert goc.strerror(12345) == "unknown status"


def test_data_version_changes_with_every_commit_only(tmp_path):
    path = tmp_path / "dv.db"
    with goc.open(path) as a, goc.open(path) as b:
        v0 = a.data_version
        list(a.units.list())
        assert a.data_version == v0                 # reads change nothing
        a.load_reference()
        v1 = a.data_version
        assert v1 != v0                             # this handle's write
        b.units.create("x1", "单位X", goc.UnitKind.DEPARTMENT)
        v2 = a.data_version
        assert v2 != v1                             # another connection's
        assert a.data_version == v2
    with goc.open(":memory:") as db:
        db.close()
        with pytest.raises(goc.ClosedError):
            db.data_version
