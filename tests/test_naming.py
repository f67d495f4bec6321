"""The naming contract: every named choice parses by one rule (loancalc._naming).

One table of accepted spellings for every enum and for Frequency names replaces the
per-module tables; each spelling is read by ``parse`` and by the field that takes it. The
same contract holds for every named type: a member passes through, its value and its
name parse in any case with ``-``, ``_`` or a space, whitespace around is ignored, an
unknown name raises UnknownNameError naming the field and listing the names, and a value
that is not a string raises InvalidTypeError (also a TypeError).
"""

from __future__ import annotations

import enum
import pickle
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import loancalc as lc
from loancalc import (
    Accrual,
    BusinessDayConvention,
    BusinessDays,
    DayCount,
    Frequency,
    GraceInterest,
    InvalidTypeError,
    LoanCalcError,
    Method,
    Rounding,
    RoundingMode,
    UnknownNameError,
)
from loancalc._naming import NamedEnum, Names, register


def _terms(**changes: Any) -> lc.LoanTerms:
    return lc.LoanTerms(principal=1000, annual_rate="12%", term=12, start=date(2024, 1, 31),
                        **changes)  # fmt: skip


# Each named type: (parse, the field name in messages, the first names an error lists, a
# function giving the value a constructor field holds for a spelling).
NAMED: dict[str, tuple[Callable[[object], object], str, str, Callable[[object], object]]] = {
    "Method": (Method.parse, "method", "equal-installment, equal-principal",
               lambda v: _terms(method=v).method),
    "Accrual": (Accrual.parse, "accrual", "periodic, daily", lambda v: _terms(accrual=v).accrual),
    "GraceInterest": (GraceInterest.parse, "grace_interest_mode", "capitalize, spread",
                      lambda v: _terms(grace_interest_mode=v).grace_interest_mode),
    "DayCount": (DayCount.parse, "day_count", "ACT/360, ACT/365F",
                 lambda v: _terms(day_count=v).day_count),
    "RoundingMode": (RoundingMode.parse, "rounding.mode", "half-up, half-even",
                     lambda v: Rounding(mode=v).mode),
    "BusinessDayConvention": (BusinessDayConvention.parse, "business_days.convention",
                              "unadjusted, following",
                              lambda v: BusinessDays(convention=v).convention),
    "Frequency": (Frequency.parse, "frequency", "weekly, bi-weekly",
                  lambda v: _terms(frequency=v).frequency),
}  # fmt: skip

SPELLINGS: list[tuple[str, object, object]] = [
    # Method: values, names, English and Chinese aliases.
    ("Method", "annuity", Method.EQUAL_INSTALLMENT),
    ("Method", "等额本息", Method.EQUAL_INSTALLMENT),
    ("Method", "french", Method.EQUAL_INSTALLMENT),
    ("Method", "equal-instalment", Method.EQUAL_INSTALLMENT),
    ("Method", "EQUAL_INSTALLMENT", Method.EQUAL_INSTALLMENT),
    ("Method", "Equal Installment", Method.EQUAL_INSTALLMENT),
    ("Method", "linear", Method.EQUAL_PRINCIPAL),
    ("Method", "等额本金", Method.EQUAL_PRINCIPAL),
    ("Method", "equal-principal", Method.EQUAL_PRINCIPAL),
    ("Method", "先息后本", Method.INTEREST_ONLY),
    ("Method", "interest only", Method.INTEREST_ONLY),
    ("Method", "到期一次还本付息", Method.BULLET),
    ("Method", "Bullet", Method.BULLET),
    ("Method", "等本等息", Method.FLAT),
    ("Method", "add-on", Method.FLAT),
    ("Method", "balloon", Method.BALLOON),
    ("Method", Method.FLAT, Method.FLAT),
    # Accrual and GraceInterest.
    ("Accrual", "Daily", Accrual.DAILY),
    ("Accrual", "periodic", Accrual.PERIODIC),
    ("Accrual", "PERIODIC", Accrual.PERIODIC),
    ("GraceInterest", "capitalise", GraceInterest.CAPITALIZE),
    ("GraceInterest", "defer", GraceInterest.SPREAD),
    ("GraceInterest", "deferred", GraceInterest.SPREAD),
    ("GraceInterest", "SPREAD", GraceInterest.SPREAD),
    # DayCount: its own key ignores spaces, '_', '-', '/' and brackets; ACTUAL = ACT.
    ("DayCount", "act/360", DayCount.ACT_360),
    ("DayCount", "ACT/360", DayCount.ACT_360),
    ("DayCount", "Actual/360", DayCount.ACT_360),
    ("DayCount", "A360", DayCount.ACT_360),
    ("DayCount", "ACT/365F", DayCount.ACT_365F),
    ("DayCount", "act/365", DayCount.ACT_365F),
    ("DayCount", "actual/365 fixed", DayCount.ACT_365F),
    ("DayCount", "Actual/365 (Fixed)", DayCount.ACT_365F),
    ("DayCount", "act/act", DayCount.ACT_ACT_ISDA),
    ("DayCount", "ACT/ACT ISDA", DayCount.ACT_ACT_ISDA),
    ("DayCount", "actual/actual (ISDA)", DayCount.ACT_ACT_ISDA),
    ("DayCount", "30/360", DayCount.THIRTY_360_US),
    ("DayCount", "30/360 US", DayCount.THIRTY_360_US),
    ("DayCount", "30/360 bond basis", DayCount.THIRTY_360_US),
    ("DayCount", "30E/360", DayCount.THIRTY_E_360),
    ("DayCount", "30e/360", DayCount.THIRTY_E_360),
    ("DayCount", "30/360 European", DayCount.THIRTY_E_360),
    ("DayCount", "THIRTY_E_360", DayCount.THIRTY_E_360),
    ("DayCount", "thirty_360_us", DayCount.THIRTY_360_US),
    ("DayCount", "act_act_isda", DayCount.ACT_ACT_ISDA),
    ("DayCount", DayCount.ACT_365F, DayCount.ACT_365F),
    # RoundingMode: names only (the decimal module's ROUND_* values are not names).
    ("RoundingMode", "half-up", RoundingMode.HALF_UP),
    ("RoundingMode", "HALF_UP", RoundingMode.HALF_UP),
    ("RoundingMode", "Half Even", RoundingMode.HALF_EVEN),
    ("RoundingMode", " half-down ", RoundingMode.HALF_DOWN),
    ("RoundingMode", "down", RoundingMode.DOWN),
    ("RoundingMode", "UP", RoundingMode.UP),
    ("RoundingMode", "ceiling", RoundingMode.CEILING),
    ("RoundingMode", "floor", RoundingMode.FLOOR),
    ("RoundingMode", RoundingMode.FLOOR, RoundingMode.FLOOR),
    # BusinessDayConvention.
    ("BusinessDayConvention", "following", BusinessDayConvention.FOLLOWING),
    ("BusinessDayConvention", "Modified Following", BusinessDayConvention.MODIFIED_FOLLOWING),
    ("BusinessDayConvention", "modified_following", BusinessDayConvention.MODIFIED_FOLLOWING),
    ("BusinessDayConvention", "PRECEDING", BusinessDayConvention.PRECEDING),
    ("BusinessDayConvention", "unadjusted", BusinessDayConvention.UNADJUSTED),
    # Frequency: names and aliases, and 'every N days / months'.
    ("Frequency", "weekly", Frequency.WEEKLY),
    ("Frequency", "Weekly", Frequency.WEEKLY),
    ("Frequency", "bi-weekly", Frequency.BIWEEKLY),
    ("Frequency", "biweekly", Frequency.BIWEEKLY),
    ("Frequency", "Bi Weekly", Frequency.BIWEEKLY),
    ("Frequency", "fortnightly", Frequency.BIWEEKLY),
    ("Frequency", "semi-monthly", Frequency.SEMI_MONTHLY),
    ("Frequency", "semimonthly", Frequency.SEMI_MONTHLY),
    ("Frequency", "semi_monthly", Frequency.SEMI_MONTHLY),
    ("Frequency", "twice monthly", Frequency.SEMI_MONTHLY),
    ("Frequency", "monthly", Frequency.MONTHLY),
    ("Frequency", " MONTHLY ", Frequency.MONTHLY),
    ("Frequency", "quarterly", Frequency.QUARTERLY),
    ("Frequency", "semi-annual", Frequency.SEMI_ANNUAL),
    ("Frequency", "semiannual", Frequency.SEMI_ANNUAL),
    ("Frequency", "half-yearly", Frequency.SEMI_ANNUAL),
    ("Frequency", "half yearly", Frequency.SEMI_ANNUAL),
    ("Frequency", "annual", Frequency.ANNUAL),
    ("Frequency", "yearly", Frequency.ANNUAL),
    ("Frequency", "annually", Frequency.ANNUAL),
    ("Frequency", "every 10 days", Frequency.every_days(10)),
    ("Frequency", "Every 10 Days", Frequency.every_days(10)),
    ("Frequency", "10 days", Frequency.every_days(10)),
    ("Frequency", "10d", Frequency.every_days(10)),
    ("Frequency", "every 1 day", Frequency.every_days(1)),
    ("Frequency", "every 7 days", Frequency.WEEKLY),
    ("Frequency", "every 14 days", Frequency.BIWEEKLY),
    ("Frequency", "every 2 months", Frequency.every_months(2)),
    ("Frequency", Frequency.QUARTERLY, Frequency.QUARTERLY),
]

ENUMS: list[type[enum.Enum]] = [
    Method, Accrual, GraceInterest, DayCount, RoundingMode, BusinessDayConvention,
]  # fmt: skip


@pytest.mark.parametrize(("kind", "spelling", "expected"), SPELLINGS)
def test_every_spelling_parses_and_is_accepted_by_its_field(
    kind: str, spelling: object, expected: object
) -> None:
    parse, _, _, field_value = NAMED[kind]
    assert parse(spelling) == expected
    assert field_value(spelling) == expected


def test_every_named_type_has_spellings_in_the_table() -> None:
    assert {kind for kind, _, _ in SPELLINGS} == set(NAMED)


@pytest.mark.parametrize("cls", ENUMS)
def test_every_member_parses_from_itself_its_name_and_its_shown_name(
    cls: type[enum.Enum],
) -> None:
    parse = NAMED[cls.__name__][0]
    for member in cls:
        assert parse(member) is member
        for text in (member.name, member.name.lower(), member.name.replace("_", " ").title()):
            assert parse(text) is member, text
            assert parse(f"  {text}\t") is member, text


@pytest.mark.parametrize("cls", [c for c in ENUMS if c is not RoundingMode])
def test_every_member_parses_from_its_value_in_any_case(cls: type[enum.Enum]) -> None:
    parse = NAMED[cls.__name__][0]
    for member in cls:
        assert parse(member.value) is member
        assert parse(member.value.upper()) is member
        assert parse(member.value.lower()) is member


@pytest.mark.parametrize("kind", sorted(NAMED))
@pytest.mark.parametrize("text", ["", "nonsense", "  ", "monthly-ish", "x" * 10_000, "５"])
def test_unknown_names_raise_unknown_name_error_listing_the_names(kind: str, text: str) -> None:
    parse, field, names, _ = NAMED[kind]
    with pytest.raises(UnknownNameError) as info:
        parse(text)
    assert str(info.value).startswith(f"{field}: got ")
    assert f"; accepted: one of {names}" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert not isinstance(info.value, TypeError)
    assert info.value.field == field
    assert info.value.value == text


@pytest.mark.parametrize("kind", sorted(NAMED))
@pytest.mark.parametrize("value", [None, 1, 2.5, True, b"monthly", ["monthly"], {"a": 1}])
def test_non_strings_raise_a_type_error_naming_the_field(kind: str, value: object) -> None:
    parse, field, names, field_value = NAMED[kind]
    for function in (parse, field_value):
        with pytest.raises(InvalidTypeError) as info:
            function(value)
        assert isinstance(info.value, TypeError)
        assert isinstance(info.value, LoanCalcError)
        assert re.match(rf"^{re.escape(field)}: got .*; accepted: a \w+ or its name, one of ",
                        str(info.value))  # fmt: skip
        assert names in str(info.value)


@pytest.mark.parametrize("cls", ENUMS)
def test_a_member_of_another_enum_is_a_wrong_type(cls: type[enum.Enum]) -> None:
    other = Accrual.DAILY if cls is not Accrual else Method.FLAT
    with pytest.raises(InvalidTypeError):
        NAMED[cls.__name__][0](other)


@pytest.mark.parametrize("kind", sorted(NAMED))
def test_naming_errors_pickle(kind: str) -> None:
    parse = NAMED[kind][0]
    for bad in ("nonsense", None):
        with pytest.raises(LoanCalcError) as info:
            parse(bad)
        again = pickle.loads(pickle.dumps(info.value))
        assert type(again) is type(info.value)
        assert str(again) == str(info.value)


@given(st.text(max_size=30))
def test_parsing_any_text_gives_a_value_of_its_type_or_a_loancalc_error(text: str) -> None:
    for kind, (parse, _, _, _) in NAMED.items():
        try:
            value = parse(text)
        except LoanCalcError:
            continue
        assert type(value).__name__ == kind


@given(st.sampled_from(SPELLINGS), st.sampled_from(["", " ", "\t", "  "]))
def test_surrounding_whitespace_never_matters(case: tuple[str, object, object], pad: str) -> None:
    kind, spelling, expected = case
    if isinstance(spelling, str):
        assert NAMED[kind][0](pad + spelling + pad) == expected


# ----------------------------------------------- register and Names, called at test time
# The library's enums are registered at import, before any test runs, so these tests
# build fresh tables to pin what register and Names do (found by mutation testing).


class _Tone(NamedEnum):
    BRIGHT_RED = "bright red"
    DEEP_BLUE = "deep_blue"
    NUMBERED = 7


class _Shade(NamedEnum):  # never registered: parse registers it on first use
    LIGHT = "light"
    DARK = "dark"

    @classmethod
    def _field_name(cls) -> str:
        return "shade.name"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"dim": "dark"}


def test_register_reads_names_values_and_aliases_to_values_or_shown_names() -> None:
    register(_Tone, field="tone", aliases={"crimson": "bright red", "seven": 7})
    assert _Tone.parse("Bright Red") is _Tone.BRIGHT_RED  # its value, any case
    assert _Tone.parse("deep-blue") is _Tone.DEEP_BLUE  # its value, '-' for '_'
    assert _Tone.parse("NUMBERED") is _Tone.NUMBERED  # its name
    assert _Tone.parse(" crimson ") is _Tone.BRIGHT_RED  # an alias to a shown value
    assert _Tone.parse("SEVEN") is _Tone.NUMBERED  # an alias to a (non-string) value
    assert _Tone.parse("7") is _Tone.NUMBERED  # shown as str(value)
    with pytest.raises(UnknownNameError) as unknown:
        _Tone.parse("green")
    assert unknown.value.field == "tone"
    assert unknown.value.known == "bright red, deep_blue, 7"
    with pytest.raises(InvalidTypeError) as wrong_type:
        _Tone.parse(3.5)
    assert wrong_type.value.field == "tone"
    assert wrong_type.value.accepted == "a _Tone or its name, one of bright red, deep_blue, 7"


def test_register_without_by_value_reads_shown_names_and_member_names_only() -> None:
    register(
        _Tone,
        field="tone",
        by_value=False,
        shown=lambda member: member.name.lower(),
        aliases={"scarlet": "bright_red"},  # an alias to a shown name (not a value)
        key=str.upper,  # exact spelling up to case: no '-' for '_'
    )
    try:
        assert _Tone.parse("bright_red") is _Tone.BRIGHT_RED
        assert _Tone.parse("Scarlet") is _Tone.BRIGHT_RED
        assert _Tone.parse("NUMBERED") is _Tone.NUMBERED
        for text in ("bright red", "bright-red", "deep_blue x"):
            with pytest.raises(UnknownNameError) as caught:
                _Tone.parse(text)
            assert caught.value.known == "bright_red, deep_blue, numbered"
    finally:
        register(_Tone, field="tone", aliases={"crimson": "bright red", "seven": 7})


def test_an_unregistered_enum_registers_from_its_field_name_and_aliases() -> None:
    assert _Shade.parse("DIM") is _Shade.DARK
    assert _Shade.parse(_Shade.LIGHT) is _Shade.LIGHT
    with pytest.raises(UnknownNameError) as caught:
        _Shade.parse("pale")
    assert caught.value.field == "shade.name"
    assert caught.value.known == "light, dark"


def test_names_first_spelling_wins_and_aliases_never_override_a_name() -> None:
    sizes = Names("size", {"small": 1, "SMALL": 2, "large": 3}, aliases={"small": "large"})
    assert sizes.parse("Small") == 1
    assert sizes.known == ["small", "SMALL", "large"]
    shown = Names("size", {"s": 1}, known=["small"], type_name="a Size")
    assert shown.known == ["small"]
    assert shown.type_error(None).accepted == "a Size or its name, one of small"
    assert Names("size", {"s": 1}).type_error(None).accepted == "a name, one of s"
    assert shown.field == "size"


def test_a_name_padded_to_the_longest_readable_length_still_parses() -> None:
    assert RoundingMode.parse("half-up".center(100)) is RoundingMode.HALF_UP
    assert Names("size", {"s" * 100: 1}).find("s" * 100) == 1
    assert Names("size", {"s" * 101: 1}).find("s" * 101) is None  # longer than any name


class _Code(NamedEnum):
    ALPHA = "a-1"
    BETA = "b-2"


def test_register_with_shown_names_still_reads_values_by_default() -> None:
    register(_Code, field="code", shown=lambda member: member.name.lower())
    assert _Code.parse("A-1") is _Code.ALPHA  # its value
    assert _Code.parse("alpha") is _Code.ALPHA  # its shown name
    assert _Code.parse("B_2") is _Code.BETA
    with pytest.raises(UnknownNameError) as caught:
        _Code.parse("c-3")
    assert caught.value.known == "alpha, beta"
    register(_Code, field="code", shown=lambda member: member.name.lower(), by_value=False)
    with pytest.raises(UnknownNameError):
        _Code.parse("a-1")
