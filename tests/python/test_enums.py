"""The str enums agree with the library's *_str / *_parse functions."""
import enum

import pytest

import goc
from goc import _goc_swig as s
from goc._enums import C_PREFIX


@pytest.mark.parametrize("cls", list(C_PREFIX), ids=lambda c: c.__name__)
def test_enum_agrees_with_c(cls):
    prefix = C_PREFIX[cls]
    c_str = getattr(s, "goc_%s_str" % prefix)
    c_parse = getattr(s, "goc_%s_parse" % prefix)
    assert issubclass(cls, str) and issubclass(cls, enum.Enum)
    # every value the C library names is a member, with the same text
    c_values = {n: c_str(n) for n in range(-1, 100) if c_str(n) is not None}
    assert c_values, cls
    assert {m.value for m in cls} == set(c_values.values())
    for n, text in c_values.items():
        member = cls.from_c(n)
        assert member is cls(text) and member.value == text
        assert member.c_value == n
        assert c_parse(text) == n
    for member in cls:
        assert cls.to_c(member) == cls.to_c(member.value) == member.c_value
        assert str(member) == member.value == "%s" % member
        assert member == member.value                       # a str
        assert member.name == member.value.upper()
    assert cls.to_c(None) == 0
    with pytest.raises(goc.InvalidInputError):
        cls.to_c("no-such-" + prefix)
    with pytest.raises(TypeError):
        cls.to_c(1)
    other = goc.Stage if cls is not goc.Stage else goc.Role
    with pytest.raises(TypeError):
        cls.to_c(next(iter(other)))                          # another vocabulary


def test_zero_means_none_except_where_it_is_a_value():
    assert goc.Category.from_c(0) is None
    assert goc.Recurrence.from_c(0) is goc.Recurrence.NONE
    with pytest.raises(ValueError):
        goc.Stage.from_c(99)


def test_stage_transitions_match_c():
    for a in goc.Stage:
        for b in goc.Stage:
            assert a.can_move_to(b) == bool(s.goc_stage_transition_allowed(a.c_value,
                                                                           b.c_value))
    assert goc.Stage.APPROVED.can_move_to("landed")
    assert not goc.Stage.LANDED.can_move_to(goc.Stage.APPROVED)
    assert goc.Stage.WITHDRAWN.can_move_to(goc.Stage.TARGET)


def test_enum_constants_in_the_private_module():
    assert goc.Stage.LANDED.c_value == s.GOC_STAGE_LANDED
    assert goc.KpiStatus.MISSED.c_value == s.GOC_STATUS_MISSED
    assert goc.Role.LEAD.c_value == s.GOC_ROLE_LEAD


def test_every_member_has_a_chinese_and_an_english_label():
    from goc._enums import C_PREFIX
    for cls in C_PREFIX:
        zh = [m.label() for m in cls]
        en = [m.label("en") for m in cls]
        assert all(zh) and all(en), cls
        assert len(set(zh)) == len(zh) and len(set(en)) == len(en), cls


def test_label_examples_and_unknown():
    assert goc.Stage.LANDED.label() == "已落地"
    assert goc.Role.LEAD.label() == "牵头"
    assert goc.label("role", "responsible") == "责任"
    assert goc.label("task_status", "done", "en") == "Done"
    assert goc.label("stage", "nowhere") is None
    assert goc.label("planet", "landed") is None
    with pytest.raises(ValueError, match="zh or en"):
        goc.Stage.LANDED.label("fr")
