"""The rules of the actual-balance interest basis (issue 12): CostCaps, InterestFreePeriod,
PromotionalRate, Overpayment and the ServicingRules fields holding them.

Every bad input raises a LoanCalcError naming the field (with its full path when read from
data or TOML); accepted forms are read exactly; rule sets round-trip losslessly through
plain data, JSON and TOML. "An interest-free window longer than the term" depends on the
loan, so it is refused when assessing (the engine's tests), not here.
"""

from __future__ import annotations

import itertools
import json
import tomllib
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.errors import InvalidTypeError, InvalidValueError, LoanCalcError
from loancalc.products import ProductFileError, ProductRules, Source
from loancalc.servicing import (
    CostCaps,
    InterestBasis,
    InterestFreePeriod,
    Overpayment,
    PromotionalRate,
    ReliefWindow,
    ServicingRules,
)
from loancalc.strategies import (
    cost_caps,
    interest_free_periods,
    product_rules,
    promotional_rates,
    servicing_rules,
)

D = Decimal
ACTUAL = "actual-balance"


def refused(field: str, call: Any, error: type[LoanCalcError] = InvalidValueError) -> None:
    """``call()`` raises ``error`` naming exactly ``field``."""
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, LoanCalcError)
    assert caught.value.field == field, str(caught.value)


def window(start: date, end: date, rate: object = "0%") -> PromotionalRate:
    return PromotionalRate(start=start, end=end, annual_rate=rate)


def full_rules() -> ServicingRules:
    """Every new field away from its default."""
    return ServicingRules(
        interest_basis=ACTUAL,
        overpayment="credit",
        interest_free=InterestFreePeriod(days=3, conditional=False),
        promotions=[
            window(date(2024, 4, 1), date(2024, 5, 1), "1%/month"),
            window(date(2024, 1, 1), date(2024, 4, 1), 0),
        ],
        caps=CostCaps(daily_share="0.8%", total_share="100%", annual_rate="24%", default_fee=15),
    )


def product(servicing: ServicingRules) -> ProductRules:
    return ProductRules(
        name="demo-line",
        description="a demo daily-rate line",
        sources=(Source(title="the demo contract"),),
        jurisdiction="UK",
        currency="GBP",
        days_per_year=365,
        servicing=servicing,
    )


# --- CostCaps -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [D("-0.0001"), "-1%", -1, "-0.0001"])
def test_a_negative_daily_cap_is_refused(value: object) -> None:
    refused("caps.daily_share", lambda: CostCaps(daily_share=value))


@pytest.mark.parametrize("value", ["100.01%", D("1.0001"), 2, "150%"])
def test_a_daily_cap_above_100_percent_is_refused(value: object) -> None:
    refused("caps.daily_share", lambda: CostCaps(daily_share=value))


@pytest.mark.parametrize("value", ["-1%", D("-0.01"), "10000.01%", 101])
def test_a_total_cap_outside_0_to_10000_percent_is_refused(value: object) -> None:
    refused("caps.total_share", lambda: CostCaps(total_share=value))


@pytest.mark.parametrize("value", ["-1%", "1000.1%", D(11), "4x LPR"])
def test_a_bad_annual_cap_is_refused(value: object) -> None:
    refused("caps.annual_rate", lambda: CostCaps(annual_rate=value))


@pytest.mark.parametrize("value", [-15, D("-0.01"), "-1"])
def test_a_negative_default_fee_cap_is_refused(value: object) -> None:
    refused("caps.default_fee", lambda: CostCaps(default_fee=value))


@pytest.mark.parametrize(
    "field", ["daily_share", "total_share", "annual_rate", "default_fee"]
)  # fmt: skip
@pytest.mark.parametrize("value", [True, [D(1)], object(), "NaN", D("Infinity"), "", "abc"])
def test_caps_of_the_wrong_type_or_not_numbers_are_refused(field: str, value: object) -> None:
    refused(f"caps.{field}", lambda: CostCaps(**{field: value}))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.8%", D("0.008")),  # 0.8 / 100
        (D("0.008"), D("0.008")),
        ("0.008", D("0.008")),
        (0, D(0)),
        (1, D(1)),  # 100 % a day: the largest accepted
        ("100%", D(1)),
    ],
)
def test_daily_cap_accepted_forms(value: object, expected: Decimal) -> None:
    read = CostCaps(daily_share=value).daily_share
    assert read == expected
    assert isinstance(read, Decimal)


def test_caps_accepted_forms_of_the_other_caps() -> None:
    caps = CostCaps(total_share="100%", annual_rate="24%", default_fee="15.00")
    assert (caps.total_share, caps.annual_rate, caps.default_fee) == (D(1), D("0.24"), D(15))
    # 0.02 a month x 12 = 0.24 a year; a total of 10000 % (100 times the principal) is the top
    assert CostCaps(annual_rate="2%/month").annual_rate == D("0.24")
    assert CostCaps(total_share=100).total_share == D(100)
    assert CostCaps(default_fee=0).default_fee == D(0)  # no default fee at all


def test_caps_default_to_none_and_any_tells_whether_one_is_set() -> None:
    assert CostCaps() == CostCaps(
        daily_share=None, total_share=None, annual_rate=None, default_fee=None
    )
    assert not CostCaps().any
    for field in ("daily_share", "total_share", "annual_rate", "default_fee"):
        assert CostCaps(**{field: 0}).any  # a cap of zero is a cap, not "no cap"


def test_rule_types_are_frozen_and_keyword_only() -> None:
    caps = CostCaps(daily_share="0.8%")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        caps.daily_share = D(1)  # type: ignore[misc]
    with pytest.raises(TypeError):
        CostCaps("0.8%")  # type: ignore[misc]
    with pytest.raises(TypeError):
        InterestFreePeriod(3)  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        InterestFreePeriod(days=3).days = 4  # type: ignore[misc]


# --- InterestFreePeriod ------------------------------------------------------------------


@pytest.mark.parametrize("days", [0, -1, 3661, 10**9])
def test_interest_free_days_outside_1_to_3660_are_refused(days: int) -> None:
    refused("interest_free.days", lambda: InterestFreePeriod(days=days))


@pytest.mark.parametrize("days", [3.0, True, "3", None, D(3)])
def test_interest_free_days_of_the_wrong_type_are_refused(days: object) -> None:
    refused("interest_free.days", lambda: InterestFreePeriod(days=days), InvalidTypeError)


@pytest.mark.parametrize("flag", [1, "yes", None, "true"])
def test_interest_free_conditional_must_be_a_bool(flag: object) -> None:
    refused(
        "interest_free.conditional",
        lambda: InterestFreePeriod(days=3, conditional=flag),
        InvalidTypeError,
    )


def test_interest_free_bounds_are_accepted_and_conditional_is_the_default() -> None:
    assert InterestFreePeriod(days=1).conditional is True  # the UK practice
    assert InterestFreePeriod(days=3660, conditional=False).days == 3660


# --- PromotionalRate ----------------------------------------------------------------------


@pytest.mark.parametrize("end", [date(2024, 3, 1), date(2024, 2, 29), date(2023, 3, 1)])
def test_a_promotion_ending_on_or_before_its_start_is_refused(end: date) -> None:
    refused("promotions.end", lambda: window(date(2024, 3, 1), end))


@pytest.mark.parametrize("value", ["2024-03-01", datetime(2024, 3, 1), None, 20240301])
def test_promotion_dates_must_be_dates(value: object) -> None:
    refused("promotions.start", lambda: window(value, date(2024, 4, 1)), InvalidTypeError)  # type: ignore[arg-type]
    refused("promotions.end", lambda: window(date(2024, 3, 1), value), InvalidTypeError)  # type: ignore[arg-type]


@pytest.mark.parametrize("rate", ["-1%", "1000.01%", None, "abc", True])
def test_a_bad_promotional_rate_is_refused(rate: object) -> None:
    refused("promotions.annual_rate", lambda: window(date(2024, 1, 1), date(2024, 2, 1), rate))


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("0%", D(0)),
        (0, D(0)),
        (D("0.049"), D("0.049")),
        ("4.9%", D("0.049")),
        ("1%/month", D("0.12")),  # 1 % x 12
        ("0.05%/day", D("0.18")),  # 0.05 % x 360, the default year of a daily quote
    ],
)
def test_promotional_rate_accepted_forms(rate: object, expected: Decimal) -> None:
    assert window(date(2024, 1, 1), date(2024, 2, 1), rate).annual_rate == expected


def test_a_one_day_promotion_is_accepted() -> None:
    one = window(date(2024, 2, 28), date(2024, 2, 29), "1%")
    assert (one.end - one.start).days == 1


# --- promotions in ServicingRules ---------------------------------------------------------


def test_overlapping_promotions_are_refused_naming_the_later_window() -> None:
    first = window(date(2024, 1, 1), date(2024, 3, 1))
    second = window(date(2024, 2, 1), date(2024, 4, 1))  # starts before the first ends
    for given_order in ([first, second], [second, first]):
        refused(
            "promotions[1].start",
            lambda order=given_order: ServicingRules(interest_basis=ACTUAL, promotions=order),
        )


def test_a_promotion_inside_another_is_refused() -> None:
    outer = window(date(2024, 1, 1), date(2024, 12, 1))
    inner = window(date(2024, 3, 1), date(2024, 4, 1))
    refused(
        "promotions[1].start",
        lambda: ServicingRules(interest_basis=ACTUAL, promotions=[outer, inner]),
    )


def test_adjacent_promotions_are_accepted_and_sorted() -> None:
    later = window(date(2024, 3, 1), date(2024, 4, 1), "2%")
    earlier = window(date(2024, 1, 1), date(2024, 3, 1), "1%")  # ends the day the next starts
    rules = ServicingRules(interest_basis=ACTUAL, promotions=[later, earlier])
    assert rules.promotions == (earlier, later)


@pytest.mark.parametrize("value", ["windows", 3, None])
def test_promotions_must_be_a_list(value: object) -> None:
    refused("promotions", lambda: ServicingRules(interest_basis=ACTUAL, promotions=value))


def test_a_table_is_not_a_list_of_promotions() -> None:
    # a mapping is iterated like a list of its keys, so its first key is what is refused
    refused(
        "promotions[0]",
        lambda: ServicingRules(interest_basis=ACTUAL, promotions={"start": "2024-01-01"}),
    )


def test_promotions_items_must_be_promotional_rates() -> None:
    good = window(date(2024, 1, 1), date(2024, 2, 1))
    refused(
        "promotions[1]",
        lambda: ServicingRules(interest_basis=ACTUAL, promotions=[good, {"start": "2024-03-01"}]),
    )


# --- ServicingRules: which basis accepts what --------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("overpayment", "credit"),
        ("interest_free", InterestFreePeriod(days=3)),
        ("promotions", [window(date(2024, 1, 1), date(2024, 2, 1))]),
        ("caps", CostCaps(daily_share="0.8%")),
        ("caps", CostCaps(default_fee=0)),
    ],
)  # fmt: skip
def test_actual_balance_rules_are_refused_under_the_scheduled_basis(
    field: str, value: object
) -> None:
    refused(field, lambda: ServicingRules(**{field: value}))
    refused(field, lambda: ServicingRules(interest_basis="scheduled", **{field: value}))
    # and switching an actual-balance rule set back to scheduled is refused too
    actual = ServicingRules(interest_basis=ACTUAL, **{field: value})
    refused(field, lambda: actual.replace(interest_basis="scheduled"))


def test_the_defaults_of_the_new_fields_are_accepted_under_the_scheduled_basis() -> None:
    rules = ServicingRules(
        overpayment="reduce-principal", interest_free=None, promotions=[], caps=CostCaps()
    )
    assert rules == ServicingRules()
    assert rules.interest_basis is InterestBasis.SCHEDULED


def test_relief_windows_are_refused_under_the_actual_balance_basis() -> None:
    relief = ReliefWindow(start=date(2024, 2, 1), end=date(2024, 2, 10))
    refused(
        "relief_windows",
        lambda: ServicingRules(interest_basis=ACTUAL, relief_windows=[relief]),
    )
    scheduled = ServicingRules(relief_windows=[relief])
    refused("relief_windows", lambda: scheduled.replace(interest_basis=ACTUAL))


@pytest.mark.parametrize("value", ["actual", "ACTUAL_BALANCE_X", "", 1])
def test_an_unknown_interest_basis_is_refused(value: object) -> None:
    refused("interest_basis", lambda: ServicingRules(interest_basis=value))


@pytest.mark.parametrize("value", ["refund", "", None, 0])
def test_an_unknown_overpayment_handling_is_refused(value: object) -> None:
    refused("overpayment", lambda: ServicingRules(interest_basis=ACTUAL, overpayment=value))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("interest_free", {"days": 3}),
        ("interest_free", 3),
        ("caps", {"daily_share": "0.8%"}),
        ("caps", None),
    ],
)
def test_new_fields_take_their_rule_types_only(field: str, value: object) -> None:
    refused(field, lambda: ServicingRules(interest_basis=ACTUAL, **{field: value}))


def test_names_are_read_in_any_case_and_as_members() -> None:
    rules = ServicingRules(interest_basis="Actual-Balance", overpayment=Overpayment.CREDIT)
    assert rules.interest_basis is InterestBasis.ACTUAL_BALANCE
    assert rules.overpayment is Overpayment.CREDIT
    assert ServicingRules(interest_basis=InterestBasis.ACTUAL_BALANCE) == ServicingRules(
        interest_basis=ACTUAL
    )


def test_an_interest_free_period_longer_than_any_term_is_accepted_here() -> None:
    # "longer than the term" needs the loan: the engine refuses it when assessing.
    rules = ServicingRules(interest_basis=ACTUAL, interest_free=InterestFreePeriod(days=3660))
    assert rules.interest_free == InterestFreePeriod(days=3660)


# --- reading rules from data and TOML: errors name the full path -------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"caps": {"daily_share": "2"}}, "rules.caps.daily_share"),
        ({"caps": {"daily_share": "-0.8%"}}, "rules.caps.daily_share"),
        ({"caps": {"total_share": "-1"}}, "rules.caps.total_share"),
        ({"caps": {"default_fee": "-15"}}, "rules.caps.default_fee"),
        ({"caps": {"annual_rate": "-24%"}}, "rules.caps.annual_rate"),
        ({"caps": {"daily": "0.8%"}}, "rules.caps.daily"),
        ({"interest_free": {"days": 0}}, "rules.interest_free.days"),
        ({"interest_free": {"days": 3661}}, "rules.interest_free.days"),
        ({"interest_free": {"days": "3"}}, "rules.interest_free.days"),
        ({"interest_free": {"days": 3, "conditional": "yes"}}, "rules.interest_free.conditional"),
        ({"interest_free": {"dayz": 3}}, "rules.interest_free.dayz"),
        ({"overpayment": "refund"}, "rules.overpayment"),
        (
            {"promotions": [{"start": "2024-03-01", "end": "2024-03-01", "annual_rate": "0"}]},
            "rules.promotions[0].end",
        ),
        (
            {"promotions": [{"start": "2024-03-01", "end": "2024-02-01", "annual_rate": "0"}]},
            "rules.promotions[0].end",
        ),
        (
            {"promotions": [{"start": "2024-13-01", "end": "2024-04-01", "annual_rate": "0"}]},
            "rules.promotions[0].start",
        ),
        (
            {"promotions": [{"start": "2024-03-01", "end": "2024-04-01", "annual_rate": "-1%"}]},
            "rules.promotions[0].annual_rate",
        ),
        (
            {
                "promotions": [
                    {"start": "2024-01-01", "end": "2024-03-01", "annual_rate": "0"},
                    {"start": "2024-02-01", "end": "2024-04-01", "annual_rate": "0"},
                ]
            },
            "rules.promotions[1].start",
        ),
        ({"relief_windows": [{"start": "2024-01-01", "end": "2024-01-05"}]},
         "rules.relief_windows"),
    ],
)  # fmt: skip
def test_bad_actual_balance_data_names_its_path(data: dict[str, Any], field: str) -> None:
    refused(field, lambda: ServicingRules.from_dict({"interest_basis": ACTUAL, **data}))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"caps": {"daily_share": "0.8%"}}, "rules.caps"),
        ({"interest_free": {"days": 3}}, "rules.interest_free"),
        ({"overpayment": "credit"}, "rules.overpayment"),
        (
            {"promotions": [{"start": "2024-01-01", "end": "2024-02-01", "annual_rate": "0"}]},
            "rules.promotions",
        ),
    ],
)
def test_scheduled_data_with_actual_balance_rules_names_the_field(
    data: dict[str, Any], field: str
) -> None:
    refused(field, lambda: ServicingRules.from_dict(data))


def test_a_product_file_with_a_bad_cap_names_the_file_and_key() -> None:
    text = product(ServicingRules(interest_basis=ACTUAL)).to_toml()
    assert "[servicing.caps]\n\n" in text  # no cap: an empty table
    bad = text.replace("[servicing.caps]\n", '[servicing.caps]\ndaily_share = "1.5"\n')
    with pytest.raises(ProductFileError) as caught:
        ProductRules.from_toml(bad, source="line.toml")
    assert (caught.value.file, caught.value.field) == ("line.toml", "servicing.caps.daily_share")
    scheduled = text.replace('interest_basis = "actual-balance"', 'interest_basis = "scheduled"')
    with pytest.raises(ProductFileError) as caught:
        ProductRules.from_toml(scheduled + "\n[servicing.interest_free]\ndays = 3\n")
    assert caught.value.field == "servicing.interest_free"


# --- lossless round trips -----------------------------------------------------------------


def test_every_new_field_round_trips_through_data_json_and_toml() -> None:
    rules = full_rules()
    data = rules.to_dict()
    assert data["interest_basis"] == ACTUAL
    assert data["overpayment"] == "credit"
    assert data["interest_free"] == {"days": 3, "conditional": False}
    # sorted by start; 1 %/month read as 0.12 a year
    assert data["promotions"] == [
        {"start": "2024-01-01", "end": "2024-04-01", "annual_rate": "0"},
        {"start": "2024-04-01", "end": "2024-05-01", "annual_rate": "0.12"},
    ]
    assert data["caps"] == {
        "daily_share": "0.008",
        "total_share": "1.00",
        "annual_rate": "0.24",
        "default_fee": "15",
    }
    assert ServicingRules.from_dict(data) == rules
    assert ServicingRules.from_dict(json.loads(json.dumps(data))) == rules
    text = tomli_w.dumps(rules.to_dict(drop_none=True))
    assert ServicingRules.from_dict(tomllib.loads(text, parse_float=Decimal)) == rules


def test_absent_caps_and_window_read_back_as_none() -> None:
    rules = ServicingRules(interest_basis=ACTUAL, caps=CostCaps(total_share=1))
    data = rules.to_dict(drop_none=True)
    assert data["caps"] == {"total_share": "1"}
    assert "interest_free" not in data
    assert ServicingRules.from_dict(data) == rules


def test_a_product_with_every_new_field_round_trips_through_toml() -> None:
    rules = product(full_rules())
    text = rules.to_toml()
    assert "[servicing.caps]" in text
    assert "[servicing.interest_free]" in text
    again = ProductRules.from_toml(text)
    assert again == rules
    assert again.to_toml() == text
    assert ProductRules.from_dict(json.loads(json.dumps(rules.to_dict()))) == rules


def test_toml_numbers_are_read_as_exact_decimals() -> None:
    text = (
        product(ServicingRules(interest_basis=ACTUAL))
        .to_toml()
        .replace(
            "[servicing.caps]\n",
            "[servicing.caps]\ndaily_share = 0.008\ntotal_share = 1\ndefault_fee = 15.00\n",
        )
    )
    caps = ProductRules.from_toml(text).servicing.caps
    assert (caps.daily_share, caps.total_share, caps.default_fee) == (D("0.008"), D(1), D("15.00"))


# --- properties ---------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(servicing_rules())
def test_any_servicing_rules_round_trip(rules: ServicingRules) -> None:
    assert ServicingRules.from_dict(rules.to_dict()) == rules
    assert ServicingRules.from_dict(json.loads(json.dumps(rules.to_dict()))) == rules
    text = tomli_w.dumps(rules.to_dict(drop_none=True))
    assert ServicingRules.from_dict(tomllib.loads(text, parse_float=Decimal)) == rules


@settings(max_examples=100, deadline=None)
@given(servicing_rules())
def test_generated_rules_use_actual_balance_rules_only_under_that_basis(
    rules: ServicingRules,
) -> None:
    if rules.interest_basis is InterestBasis.SCHEDULED:
        assert rules.overpayment is Overpayment.REDUCE_PRINCIPAL
        assert (rules.interest_free, rules.promotions, rules.caps) == (None, (), CostCaps())
    else:
        assert rules.relief_windows == ()
    windows = rules.promotions
    assert all(a.end <= b.start for a, b in itertools.pairwise(windows))


@settings(max_examples=60, deadline=None)
@given(product_rules().filter(lambda r: r.servicing.interest_basis is InterestBasis.ACTUAL_BALANCE))
def test_any_actual_balance_product_round_trips_through_toml(rules: ProductRules) -> None:
    text = rules.to_toml()
    assert ProductRules.from_toml(text) == rules
    assert ProductRules.from_toml(text).to_toml() == text


@settings(max_examples=100, deadline=None)
@given(cost_caps(), interest_free_periods(), promotional_rates())
def test_generated_rule_values_rebuild_from_their_own_fields(
    caps: CostCaps, free: InterestFreePeriod | None, windows: tuple[PromotionalRate, ...]
) -> None:
    # the converters are idempotent: a value built from a valid value's fields is equal
    assert CostCaps(**attrs.asdict(caps)) == caps
    if free is not None:
        assert InterestFreePeriod(**attrs.asdict(free)) == free
    for item in windows:
        assert PromotionalRate(**attrs.asdict(item)) == item


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=-2, max_value=2, places=6))
def test_a_daily_cap_is_accepted_exactly_when_it_lies_in_0_to_1(value: Decimal) -> None:
    if D(0) <= value <= D(1):
        assert CostCaps(daily_share=value).daily_share == value
    else:
        refused("caps.daily_share", lambda: CostCaps(daily_share=value))


def test_the_strategies_reach_every_new_rule() -> None:
    from hypothesis import find

    found = find(
        servicing_rules(),
        lambda r: r.caps.any and r.interest_free is not None and len(r.promotions) >= 2,
        settings=settings(max_examples=2000, database=None),
    )
    assert found.interest_basis is InterestBasis.ACTUAL_BALANCE
    credit = find(servicing_rules(), lambda r: r.overpayment is Overpayment.CREDIT)
    assert credit.interest_basis is InterestBasis.ACTUAL_BALANCE


def test_the_rule_types_are_exported() -> None:
    assert (lc.CostCaps, lc.InterestFreePeriod, lc.PromotionalRate) == (
        CostCaps,
        InterestFreePeriod,
        PromotionalRate,
    )
