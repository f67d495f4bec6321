"""ProductRules, RestructuringRules and PrepaymentFee: validation, terms(), TOML round trips."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import loancalc as lc
from loancalc.products import ProductFileError, ProductRules, Source
from loancalc.restructuring import PrepaymentFee, RestructuringKind, RestructuringRules
from loancalc.servicing import Component

BASE = """\
name = "acme-loan"
description = "Acme instalment loan"
jurisdiction = "CN"
currency = "CNY"
annual_rate = "0.18"
max_rate = "0.24"

[[sources]]
title = "Acme loan contract, art. 5"
"""


def product(**changes: object) -> ProductRules:
    values: dict[str, object] = {
        "name": "acme-loan",
        "description": "Acme instalment loan",
        "sources": (Source(title="Acme loan contract, art. 5"),),
        "jurisdiction": "CN",
        "currency": "CNY",
        "annual_rate": "18%",
        "max_rate": "24%",
    }
    values.update(changes)
    return ProductRules(**values)  # type: ignore[arg-type]


def rejected(text: str, tmp_path: Path) -> ProductFileError:
    path = tmp_path / "acme-loan.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProductFileError) as caught:
        lc.products.load(path)
    assert str(path) in str(caught.value)
    assert "acme-loan" not in lc.products.names()  # nothing registered
    return caught.value


# --- terms() ------------------------------------------------------------------------------


def test_terms_take_the_product_defaults() -> None:
    rules = product(method="equal-principal", day_count="ACT/365F", fees=lc.Fees(upfront=10))
    terms = rules.terms(principal="1200", term=3, start=date(2024, 1, 31))
    assert terms.annual_rate == Decimal("0.18")
    assert terms.method is lc.Method.EQUAL_PRINCIPAL
    assert terms.day_count is lc.DayCount.ACT_365F
    assert terms.fees == lc.Fees(upfront=10)
    assert terms.rounding == rules.rounding
    assert terms.frequency == lc.Frequency.MONTHLY


def test_terms_overrides_replace_the_defaults() -> None:
    rules = product(method="equal-principal")
    terms = rules.terms(
        principal=1200,
        term=3,
        start=date(2024, 1, 31),
        annual_rate="12%",
        method="interest-only",
        frequency="quarterly",
        first_due=date(2024, 3, 15),
        rounding=lc.Rounding(places=0),
    )
    assert terms.annual_rate == Decimal("0.12")
    assert terms.method is lc.Method.INTEREST_ONLY
    assert terms.frequency == lc.Frequency.QUARTERLY
    assert terms.first_due == date(2024, 3, 15)
    assert terms.rounding.places == 0


def test_terms_read_a_daily_quote_by_the_product_year() -> None:
    # 0.05 %/day: x360 = 18 % on a 360-day product, x365 = 18.25 % on a 365-day one.
    start = date(2024, 1, 1)
    terms = product().terms(principal=1, term=1, start=start, annual_rate="0.05%/day")
    assert terms.annual_rate == Decimal("0.18")
    rules = product(days_per_year=365, annual_rate=None)
    terms = rules.terms(principal=1, term=1, start=start, annual_rate="0.05%/day")
    assert terms.annual_rate == Decimal("0.1825")


@pytest.mark.parametrize("rate", ["25%", "0.1%/day"])
def test_terms_refuse_a_rate_outside_the_range(rate: str) -> None:
    expected = r"annual_rate: .*from 0 to 0.24 \(product acme-loan\)"
    with pytest.raises(lc.InvalidValueError, match=expected):
        product().terms(principal=1000, term=12, start=date(2024, 1, 1), annual_rate=rate)


def test_terms_refuse_a_rate_over_the_cap() -> None:
    rules = product(max_rate="1", rate_cap="0.24")
    with pytest.raises(lc.InvalidValueError, match=r"annual_rate: got '30%'.*rate cap 0\.24"):
        rules.terms(principal=1000, term=12, start=date(2024, 1, 1), annual_rate="30%")


def test_terms_need_a_rate_when_the_product_has_none() -> None:
    with pytest.raises(lc.InvalidValueError, match=r"annual_rate: got None.*no default rate"):
        product(annual_rate=None).terms(principal=1000, term=12, start=date(2024, 1, 1))


def test_terms_refuse_unknown_overrides() -> None:
    with pytest.raises(lc.InvalidValueError, match=r"metod: got 'flat'.*a LoanTerms field"):
        product().terms(principal=1000, term=12, start=date(2024, 1, 1), metod="flat")


def test_terms_still_validate_loan_fields() -> None:
    with pytest.raises(lc.InvalidValueError, match="term: got 0"):
        product().terms(principal=1000, term=0, start=date(2024, 1, 1))


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "Acme Loan"}, "name"),
        ({"name": ""}, "name"),
        ({"description": ""}, "description"),
        ({"description": "two\nlines"}, "description"),
        ({"sources": ()}, "sources"),
        ({"sources": ("a contract",)}, "sources[0]"),
        ({"jurisdiction": "china"}, "jurisdiction"),
        ({"currency": "yuan"}, "currency"),
        ({"annual_rate": "-1%"}, "annual_rate"),
        ({"annual_rate": "30%"}, "annual_rate"),
        ({"min_rate": "10%", "max_rate": "5%", "annual_rate": None}, "max_rate"),
        ({"rate_cap": "1%", "min_rate": "2%", "annual_rate": None}, "rate_cap"),
        ({"days_per_year": 366}, "days_per_year"),
        ({"apr_method": "apr"}, "apr_method"),
        ({"apr_periods_per_year": 0}, "apr_periods_per_year"),
        ({"servicing": "strict"}, "servicing"),
        ({"method": "balloonish"}, "method"),
    ],
)
def test_bad_values_are_refused_naming_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(lc.InvalidValueError) as caught:
        product(**changes)
    assert caught.value.field == field


def test_sources_name_their_field() -> None:
    with pytest.raises(lc.InvalidValueError, match=r"sources\.url"):
        Source(title="x", url="ftp://example.org")


# --- plain data and TOML ------------------------------------------------------------------


def test_to_dict_round_trips() -> None:
    rules = product(rate_cap="0.24", prepayment_fee=PrepaymentFee(kind="share", value="0.01"))
    assert ProductRules.from_dict(rules.to_dict()) == rules
    assert ProductRules.from_dict(rules.to_dict(drop_none=True)) == rules


@pytest.mark.parametrize("name", lc.products.names())
def test_every_builtin_round_trips_through_toml(name: str, tmp_path: Path) -> None:
    rules = lc.products.get(name)
    path = tmp_path / f"{name}.toml"
    path.write_text(rules.to_toml(), encoding="utf-8")
    assert ProductRules.from_toml(path.read_text(encoding="utf-8")) == rules
    assert lc.products.load(path, replace=True) == rules
    assert ProductRules.from_dict(rules.to_dict()) == rules


def test_toml_floats_are_read_exactly() -> None:
    rules = ProductRules.from_toml(BASE.replace('annual_rate = "0.18"', "annual_rate = 0.1"))
    assert rules.annual_rate == Decimal("0.1")


def test_a_product_file_loads_and_registers(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(BASE + "\n[servicing.grace]\ndays = 3\n", encoding="utf-8")
    try:
        loaded = lc.products.load(path)
        assert lc.products.get("acme-loan") is loaded
        assert loaded.servicing.grace.days == 3
    finally:
        lc.products.registry._products.pop("acme-loan", None)


# --- bad TOML: the file, the key and the reason -------------------------------------------


def test_bad_toml_syntax(tmp_path: Path) -> None:
    error = rejected(BASE + "\n[servicing\n", tmp_path)
    assert error.field == "(toml)"
    assert "valid TOML" in str(error)


def test_wrong_type(tmp_path: Path) -> None:
    error = rejected(BASE + '\n[servicing.grace]\ndays = "three"\n', tmp_path)
    assert error.field == "servicing.grace.days"
    assert "a whole number" in str(error)


def test_unknown_key(tmp_path: Path) -> None:
    error = rejected(BASE + "\n[servicing.penalty]\nmultiplier = 1.5\n", tmp_path)
    assert error.field == "servicing.penalty.multiplier"
    assert "one of the keys" in str(error)
    assert "compound" in error.accepted


def test_unknown_top_level_key(tmp_path: Path) -> None:
    text = BASE.replace('currency = "CNY"', 'currency = "CNY"\ngrace_days = 3')
    error = rejected(text, tmp_path)
    assert error.field == "grace_days"


def test_unknown_key_in_a_source(tmp_path: Path) -> None:
    error = rejected(BASE + 'author = "me"\n', tmp_path)
    assert error.field == "sources[0].author"


def test_negative_rate(tmp_path: Path) -> None:
    error = rejected(BASE.replace('annual_rate = "0.18"', 'annual_rate = "-0.18"'), tmp_path)
    assert error.field == "annual_rate"
    assert "from 0 to 1000 %" in str(error)


def test_negative_penalty_multiplier(tmp_path: Path) -> None:
    text = BASE + '\n[servicing.penalty.rate]\nkind = "multiplier"\nvalue = "-1.5"\n'
    error = rejected(text, tmp_path)
    assert error.field == "servicing.penalty.rate.value"


def test_thresholds_out_of_order(tmp_path: Path) -> None:
    text = BASE + (
        "\n[servicing.delinquency]\nthresholds = [\n"
        '  { days = 91, classification = "substandard" },\n'
        '  { days = 1, classification = "special-mention" },\n]\n'
    )
    error = rejected(text, tmp_path)
    assert error.field == "servicing.delinquency.thresholds"
    assert "increasing days" in str(error)


def test_bucket_bounds_out_of_order(tmp_path: Path) -> None:
    error = rejected(BASE + "\n[servicing.delinquency]\nbucket_bounds = [30, 20]\n", tmp_path)
    assert error.field == "servicing.delinquency.bucket_bounds"


def test_unknown_allocation_strategy(tmp_path: Path) -> None:
    error = rejected(BASE + '\n[servicing]\nallocation = "waterfall"\n', tmp_path)
    assert error.field == "servicing.allocation"
    assert "got 'waterfall'" in str(error)
    assert "overdue-interest-first" in str(error)


def test_restructuring_limits_out_of_order(tmp_path: Path) -> None:
    text = BASE + (
        '\n[restructuring]\nallowed = true\nkinds = ["extend"]\nbreach_days_past_due = 30\n'
        'min_rate = "0.1"\nmax_rate = "0.05"\n'
    )
    error = rejected(text, tmp_path)
    assert error.field == "restructuring.max_rate"


def test_unknown_restructuring_kind(tmp_path: Path) -> None:
    text = BASE + '\n[restructuring]\nallowed = true\nkinds = ["forgive"]\n'
    error = rejected(text, tmp_path)
    assert error.field == "restructuring.kinds"
    assert "re-instalment" in str(error)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProductFileError, match="readable UTF-8 TOML"):
        lc.products.load(tmp_path / "nope.toml")


# --- restructuring limits and prepayment fees ---------------------------------------------


def test_restructuring_rules_are_data() -> None:
    rules = RestructuringRules(
        allowed=True,
        kinds=("extend", "二次分期"),
        max_count=1,
        max_term=60,
        min_down_payment="100",
        min_down_payment_share="10%",
        waivable=("late-fee", "罚息"),
        capitalizable=("interest",),
        breach_days_past_due=30,
        breach_missed_installments=2,
        reinstate_waived_on_breach=True,
        accelerate_on_breach=True,
    )
    # kinds and components are kept in their canonical order
    assert rules.kinds == (RestructuringKind.RE_INSTALMENT, RestructuringKind.EXTEND)
    assert rules.waivable == (Component.PENALTY_INTEREST, Component.LATE_FEE)
    assert rules.min_down_payment_share == Decimal("0.10")
    assert rules.allows("re-instalment")
    assert not rules.allows("re-age")
    assert RestructuringRules.from_dict(rules.to_dict()) == rules


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"allowed": True, "breach_days_past_due": 30}, "restructuring.kinds"),
        ({"kinds": ("extend",)}, "restructuring.kinds"),
        ({"allowed": True, "kinds": ("extend",)}, "restructuring.breach_days_past_due"),
        ({"allowed": "yes"}, "restructuring.allowed"),
        ({"max_count": 0}, "restructuring.max_count"),
        ({"max_term": 1201}, "restructuring.max_term"),
        ({"min_down_payment": "-1"}, "restructuring.min_down_payment"),
        ({"min_down_payment_share": "1.5"}, "restructuring.min_down_payment_share"),
        ({"capitalizable": ("principal",)}, "restructuring.capitalizable"),
        ({"waivable": ("late-fee", "滞纳金")}, "restructuring.waivable"),
        ({"kinds": ("extend", "extension")}, "restructuring.kinds"),
        ({"breach_missed_installments": 0}, "restructuring.breach_missed_installments"),
    ],
)
def test_restructuring_rules_refuse_bad_values(values: dict[str, object], field: str) -> None:
    with pytest.raises(lc.InvalidValueError) as caught:
        RestructuringRules(**values)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_prepayment_fee_amounts() -> None:
    prepaid, rate = Decimal("12000"), Decimal("0.06")
    # 12,000 x 2 % = 240.00
    assert PrepaymentFee(kind="share", value="0.02").amount(prepaid, rate) == Decimal("240.00")
    # 12,000 x 6 % x 45 / 360 = 90.00
    assert PrepaymentFee(kind="days-interest", value=45).amount(prepaid, rate) == Decimal("90.00")
    # 12,000 x 6 % x 45 / 365 = 88.767... -> 88.77
    fee = PrepaymentFee(kind="days-interest", value=45)
    assert fee.amount(prepaid, rate, days_per_year=365) == Decimal("88.77")
    # 12,000 x 6 % x 3 / 12 = 180.00, above the minimum of 100
    fee = PrepaymentFee(kind="months-interest", value=3, minimum=100)
    assert fee.amount(prepaid, rate) == Decimal("180.00")
    # 1,000 x 6 % x 3 / 12 = 15.00, raised to the minimum of 100
    assert fee.amount(Decimal("1000"), rate) == Decimal("100.00")
    # nothing prepaid: no fee, not even the minimum
    assert fee.amount(Decimal("0"), rate) == Decimal("0")
    assert PrepaymentFee().amount(prepaid, rate) == Decimal("0")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "share", "value": "0"}, "prepayment_fee.value"),
        ({"kind": "share", "value": "1.5"}, "prepayment_fee.value"),
        ({"kind": "months-interest", "value": "121"}, "prepayment_fee.value"),
        ({"kind": "days-interest", "value": "0.5"}, "prepayment_fee.value"),
        ({"kind": "none", "value": "1"}, "prepayment_fee.value"),
        ({"kind": "share", "value": "0.01", "minimum": "-1"}, "prepayment_fee.minimum"),
        ({"kind": "weekly"}, "prepayment_fee.kind"),
    ],
)
def test_prepayment_fee_refuses_bad_values(values: dict[str, object], field: str) -> None:
    with pytest.raises(lc.InvalidValueError) as caught:
        PrepaymentFee(**values)
    assert caught.value.field == field


def test_a_product_without_restructuring_allows_none() -> None:
    rules = product()
    assert rules.restructuring == RestructuringRules()
    assert not rules.restructuring.allows("extend")
    assert rules.prepayment_fee == PrepaymentFee()


def test_fee_amounts_must_lie_on_the_rounding_grid() -> None:
    # a product rounding to whole units cannot default to a 12.50 fee: every loan's terms
    # would be refused
    with pytest.raises(lc.InvalidValueError) as caught:
        product(rounding=lc.Rounding(increment="1"), fees=lc.Fees(upfront="12.50"))
    assert caught.value.field == "fees.upfront"
    rules = product(rounding=lc.Rounding(increment="1"), fees=lc.Fees(upfront="12"))
    assert rules.terms(principal=1000, term=2, start=date(2024, 1, 1)).fees.upfront == 12
