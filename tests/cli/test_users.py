"""goc user: people and tokens from the command line (goc/user.h), the
password read from standard input (never argv), the library's rules
(administrators only), and the demo accounts of `goc demo`."""
import re

import pytest

from conftest import Goc


@pytest.fixture
def g(tmp_path):
    g = Goc(tmp_path / "users.db", tmp_path)
    g.out("init")
    return g


def test_add_list_show_disable(g):
    r = g.run("user", "add", "li.na", "--name", "李娜", "--unit", "scitech",
              "--email", "li@example.cn", input=b"li's password\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().strip() == "1"
    rows = g.json("user", "list")
    assert [(x["login"], x["unit"], x["disabled"]) for x in rows] == [("li.na", "scitech", False)]
    assert "李娜" in g.out("user", "show", "li.na")
    assert g.json("user", "list", "--unit", "police") == []
    assert g.out("user", "disable", "li.na").strip() == "li.na disabled"
    assert g.json("user", "show", "li.na")["disabled"] is True
    assert g.out("user", "enable", "li.na").strip() == "li.na enabled"
    r = g.run("user", "passwd", "li.na", input=b"a new password\n")
    assert r.returncode == 0 and b"changed" in r.stdout
    # the trail has the changes, never the password
    log = g.out("audit", "list", "--format", "json")
    assert "user.add" in log and "user.set_password" in log
    assert "li's password" not in log and "a new password" not in log


def test_password_errors(g):
    r = g.run("user", "add", "li", "--name", "李", "--unit", "scitech", input=b"")
    assert r.returncode == 1 and b"no password" in r.stderr
    r = g.run("user", "add", "li", "--name", "李", "--unit", "scitech", input=b"short\n")
    assert r.returncode == 1 and b"password: too short" in r.stderr
    r = g.run("user", "add", "LI", "--name", "李", "--unit", "scitech", input=b"long enough\n")
    assert r.returncode == 1 and b"is not a login" in r.stderr
    r = g.run("user", "add", "li", "--unit", "scitech", input=b"long enough\n")
    assert r.returncode == 2 and b"--name and --unit required" in r.stderr
    assert g.json("user", "list") == []


def test_only_administrators(g):
    g.run("user", "add", "li", "--name", "李", "--unit", "scitech", input=b"li's password\n")
    r = g.run("--actor", "scitech", "user", "add", "wang", "--name", "王", "--unit", "scitech",
              input=b"wang's password\n")
    assert r.returncode == 1 and b"only an administrator" in r.stderr
    r = g.run("--actor", "scitech", "user", "disable", "li")
    assert r.returncode == 1 and b"only an administrator" in r.stderr


def test_tokens(g):
    g.run("user", "add", "li", "--name", "李", "--unit", "scitech", input=b"li's password\n")
    r = g.run("user", "token", "add", "li", "--label", "script", "--expires", "2999-01-01")
    assert r.returncode == 0, r.stderr
    token = r.stdout.decode().strip()
    assert re.fullmatch(r"goc_[A-Za-z0-9_-]{43}", token), token
    assert b"shown this once" in r.stderr
    rows = g.json("user", "token", "list", "li")
    assert [(x["id"], x["label"], x["expires"], x["revoked"]) for x in rows] == [
        (1, "script", "2999-01-01", False)]
    assert token not in g.out("user", "token", "list", "--format", "csv")
    assert g.out("user", "token", "revoke", "1").strip() == "token 1 revoked"
    assert g.json("user", "token", "list")[0]["revoked"] is True
    r = g.run("user", "token", "add", "li")
    assert r.returncode == 2 and b"--label required" in r.stderr
    r = g.run("user", "token", "add", "li", "--label", "x", "--expires", "2001-01-01")
    assert r.returncode == 1 and b"in the past" in r.stderr
    r = g.run("user", "token", "revoke", "99")
    assert r.returncode == 1 and b"99" in r.stderr


def test_demo_accounts(tmp_path):
    g = Goc(tmp_path / "demo.db", tmp_path)
    text = g.out("demo")
    assert "demo accounts" in text
    for login in ("admin", "police", "scitech", "financial", "ftz"):
        assert "demo-%s-2025" % login in text
    units = {x["login"]: x["unit"] for x in g.json("user", "list")}
    assert units == {"admin": "commerce", "police": "police", "scitech": "scitech",
                     "financial": "financial", "ftz": "ftz-bureau"}
    assert g.out("access", "commerce").split()[1] == "admin"
    # again: nothing added twice; json keeps stdout JSON (the list on stderr)
    r = g.run("demo", "--format", "json")
    assert r.returncode == 0 and b"demo accounts" in r.stderr
    assert len(g.json("user", "list")) == 5
