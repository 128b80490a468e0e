"""The language of the exceptions' messages: English unless asked
(``open(lang="zh")``, ``db.lang``, ``with db.speaking("zh")``), per thread
where asked so; ``goc.translate()``.  The catalogue is the build tree's
($GOC_LOCALEDIR, bindings/python/meson.build)."""
import threading

import pytest

import goc

ORG_EN = "id: no organization with id 424242"
ORG_ZH = "id: 没有 id 为 424242 的组织"


def missing_org(db):
    with pytest.raises(goc.NotFoundError) as e:
        db.orgs.get(424242)
    return str(e.value)


def test_english_by_default(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    with goc.open(":memory:") as db:
        assert db.lang == "en"
        assert missing_org(db) == ORG_EN


def test_open_lang_zh():
    with goc.open(":memory:", lang="zh") as db:
        assert db.lang == "zh"
        assert missing_org(db) == ORG_ZH


def test_lang_assignment_and_refusal():
    with goc.open(":memory:") as db:
        db.lang = "zh_CN"
        assert db.lang == "zh"
        assert missing_org(db) == ORG_ZH
        with pytest.raises(goc.InvalidInputError) as e:
            db.lang = "fr"
        assert "fr" in str(e.value)
        assert db.lang == "zh"
        db.lang = "en"
        assert missing_org(db) == ORG_EN
    with pytest.raises(goc.InvalidInputError):
        goc.open(":memory:", lang="klingon")


def test_speaking_is_per_thread():
    with goc.open(":memory:") as db:
        seen = {}
        barrier = threading.Barrier(2)

        def zh():
            with db.speaking("zh"):
                barrier.wait()
                seen["zh"] = [missing_org(db) for _ in range(50)]
                assert db.lang == "zh"

        def en():
            barrier.wait()
            seen["en"] = [missing_org(db) for _ in range(50)]

        threads = [threading.Thread(target=zh), threading.Thread(target=en)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert set(seen["zh"]) == {ORG_ZH}
        assert set(seen["en"]) == {ORG_EN}
        assert db.lang == "en"
        with pytest.raises(goc.InvalidInputError):
            with db.speaking("fr"):
                pass
        assert missing_org(db) == ORG_EN


def test_translate():
    assert goc.translate("out of memory") == "内存不足"
    assert goc.translate("out of memory", "en") == "out of memory"
    assert goc.translate("no such text") == "no such text"
