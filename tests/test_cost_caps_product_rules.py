"""``ProductRules`` grouped into parts (its caps in ``rates``, its loan defaults in
``loan``, its disclosure in ``apr``): 13 fields, with every old keyword, attribute, TOML
key and key order kept."""

from __future__ import annotations

import pickle
from decimal import Decimal

import attrs
import pytest
from hypothesis import given

from loancalc import products
from loancalc.errors import InvalidValueError
from loancalc.products import ProductRules, Source
from loancalc.products.rule_parts import AprDisclosure, LoanDefaults, RateRules
from loancalc.strategies import product_rules

#: The keys of a product as plain data, in the order they were always written.
OLD_KEYS = (
    "name", "description", "sources", "jurisdiction", "currency", "rounding", "method",
    "accrual", "day_count", "frequency", "fees", "annual_rate", "min_rate", "max_rate",
    "days_per_year", "servicing", "restructuring", "prepayment_fee", "rate_cap",
    "apr_method", "apr_periods_per_year", "limits", "line",
)  # fmt: skip
PART_FIELDS = {
    "loan": ("rounding", "method", "accrual", "day_count", "frequency", "fees"),
    "rates": ("annual_rate", "min_rate", "max_rate", "days_per_year", "rate_cap"),
    "apr": ("apr_method", "apr_periods_per_year"),
}


def _minimal(**changes: object) -> ProductRules:
    return ProductRules(name="x", description="x", sources=(Source(title="t"),),
                        jurisdiction="CN", currency="CNY", **changes)  # type: ignore[arg-type]  # fmt: skip


def test_product_rules_has_at_most_15_fields() -> None:
    fields = [field.name for field in attrs.fields(ProductRules) if field.init]
    assert len(fields) == 13
    assert {"loan", "rates", "apr"} <= set(fields)


@given(rules=product_rules())
def test_every_old_attribute_key_and_keyword_is_kept(rules: ProductRules) -> None:
    for part, names in PART_FIELDS.items():
        for name in names:
            assert getattr(rules, name) == getattr(getattr(rules, part), name)
    data = rules.to_dict()
    assert tuple(data) == OLD_KEYS
    # the old flat keywords rebuild an equal product
    flat = {name: getattr(rules, name) for name in OLD_KEYS}
    assert ProductRules(**flat) == rules
    assert ProductRules.from_dict(data) == rules
    assert ProductRules.from_toml(rules.to_toml()) == rules
    assert pickle.loads(pickle.dumps(rules)) == rules
    assert attrs.evolve(rules, name="other-name").rates == rules.rates


def test_replace_takes_old_keywords_and_parts() -> None:
    base = _minimal(annual_rate="18%", max_rate="24%", rate_cap="24%")
    # 0.05 %/day over a 365-day year = 18.25 %
    daily = base.replace(days_per_year=365, annual_rate="0.05%/day")
    assert (daily.annual_rate, daily.max_rate) == (Decimal("0.1825"), Decimal("0.24"))
    assert daily.rates == RateRules(annual_rate="0.1825", max_rate="0.24", rate_cap="0.24",
                                    days_per_year=365)  # fmt: skip
    whole = base.replace(apr=AprDisclosure(apr_method="eu-aprc"))
    assert (whole.apr_method, whole.annual_rate) == ("eu-aprc", Decimal("0.18"))
    assert base.replace(loan=LoanDefaults(method="equal-principal")).method.value == (
        "equal-principal"
    )
    with pytest.raises(InvalidValueError, match="annual_rate"):
        base.replace(annual_rate="25%")  # above max_rate and rate_cap


def test_a_part_and_its_fields_are_not_both_given() -> None:
    with pytest.raises(InvalidValueError, match=r"either rates or its fields"):
        _minimal(rates=RateRules(), max_rate="24%")
    with pytest.raises(InvalidValueError, match="rate_cap"):
        _minimal(min_rate="10%", rate_cap="5%")


@pytest.mark.parametrize("name", products.names())
def test_builtin_products_keep_their_caps(name: str) -> None:
    product = products.get(name)
    assert product.rates.cost_caps[0].rate == product.max_rate
    assert ProductRules.from_toml(product.to_toml()) == product
