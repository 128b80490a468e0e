"""goc in Chinese: --lang zh, or a Chinese locale in the environment
(LANGUAGE, LC_ALL, LC_MESSAGES, LANG), gives Chinese help, usage errors and
library messages; English otherwise.  The catalogue is the build tree's
($GOC_LOCALEDIR, tests/meson.build)."""
import pytest

from conftest import Goc

#: the environment of an English run: none of the variables names Chinese
PLAIN = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def goc(tmp_path):
    return Goc(tmp_path / "goc.db", tmp_path)


def test_help_english_by_default(tmp_path):
    out = goc(tmp_path).out("--help", db=False, env=PLAIN)
    assert out.startswith("usage: goc ")
    assert "commands:" in out


def test_help_lang_zh(tmp_path):
    out = goc(tmp_path).out("--lang", "zh", "--help", db=False, env=PLAIN)
    assert out.startswith("用法: goc ")
    assert "命令:" in out and "装入演示数据并输出计分卡" in out
    # --lang=zh, and after --help too
    assert goc(tmp_path).out("--help", "--lang=zh", db=False, env=PLAIN) == out


@pytest.mark.parametrize("var,value", [("LANGUAGE", "zh_CN"), ("LANGUAGE", "zh_CN:en"),
                                       ("LC_ALL", "zh_CN.UTF-8"), ("LC_MESSAGES", "zh_CN.UTF-8"),
                                       ("LANG", "zh_CN.UTF-8")])
def test_help_from_environment(tmp_path, var, value):
    env = dict(PLAIN, **{var: value})
    assert goc(tmp_path).out("--help", db=False, env=env).startswith("用法: goc ")


def test_lang_en_beats_environment(tmp_path):
    env = dict(PLAIN, LANGUAGE="zh_CN", LANG="zh_CN.UTF-8")
    assert goc(tmp_path).out("--lang", "en", "--help", db=False, env=env).startswith("usage: goc ")
    # LC_ALL=C wins over LANG (gettext's order), a LANGUAGE of other languages is skipped
    env = dict(PLAIN, LC_ALL="C", LANG="zh_CN.UTF-8")
    assert goc(tmp_path).out("--help", db=False, env=env).startswith("usage: goc ")
    env = dict(PLAIN, LANGUAGE="fr", LANG="zh_CN.UTF-8")
    assert goc(tmp_path).out("--help", db=False, env=env).startswith("用法: goc ")


def test_command_help_zh(tmp_path):
    out = goc(tmp_path).out("--lang", "zh", "org", "add", "--help", db=False, env=PLAIN)
    assert out.startswith("用法: goc org add --name-zh 名称")
    assert "统一社会信用代码" in out


def test_usage_error_zh(tmp_path):
    r = goc(tmp_path).run("--lang", "zh", "frobnicate", db=False, env=PLAIN)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "goc: 未知命令: frobnicate" in err
    assert "（更多信息请用 --help）" in err


def test_bad_lang_is_usage_error(tmp_path):
    r = goc(tmp_path).run("--lang", "fr", "--help", db=False, env=PLAIN)
    assert r.returncode == 2
    assert "--lang: unknown language 'fr' (zh or en)" in r.stderr.decode()
    r = goc(tmp_path).run("--lang", db=False, env=PLAIN)
    assert r.returncode == 2
    assert "option --lang needs a value" in r.stderr.decode()


def test_library_message_zh(tmp_path):
    g = goc(tmp_path)
    g.out("init", env=PLAIN)
    r = g.run("--lang", "zh", "org", "show", "424242", env=PLAIN)
    assert r.returncode == 1
    assert r.stderr.decode() == "goc: id: 没有 id 为 424242 的组织\n"
    r = g.run("org", "show", "424242", env=dict(PLAIN, LANGUAGE="zh_CN"))
    assert r.stderr.decode() == "goc: id: 没有 id 为 424242 的组织\n"
    r = g.run("org", "show", "424242", env=PLAIN)
    assert r.stderr.decode() == "goc: id: no organization with id 424242\n"
