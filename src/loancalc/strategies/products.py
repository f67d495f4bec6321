"""The :func:`product_rules` strategy: valid :class:`~loancalc.products.ProductRules`.

>>> from hypothesis import given, settings
>>> @settings(max_examples=10, database=None)
... @given(product_rules())
... def test_rules_are_consistent(rules):
...     assert rules.min_rate <= rules.max_rate
...     assert rules.restructuring.allowed == bool(rules.restructuring.kinds)
>>> test_rules_are_consistent()
"""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from loancalc.money import CONTEXT
from loancalc.products import APR_METHODS, ProductRules, Source
from loancalc.restructuring import (
    PrepaymentFee,
    PrepaymentFeeKind,
    RestructuringKind,
    RestructuringRules,
)
from loancalc.servicing import (
    Component,
    DelinquencyTable,
    GracePolicy,
    LateFeePolicy,
    PenaltyPolicy,
    PenaltyRate,
    ReliefWindow,
    ServicingRules,
    strategy_names,
)
from loancalc.servicing.late_fee import LateFeeDate
from loancalc.servicing.policies import LateFeeBase, PenaltyRateKind, PenaltyRounding
from loancalc.servicing.rules import InterestBasis
from loancalc.strategies.balance import (
    cost_caps,
    interest_free_periods,
    overpayments,
    promotional_rates,
)
from loancalc.strategies.values import (
    accruals,
    annual_rates,
    day_counts,
    fees,
    frequencies,
    methods,
    roundings,
)

__all__ = ["product_rules", "servicing_rules"]

_T = TypeVar("_T")

_TEXT = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\n"), min_size=1, max_size=40
).filter(lambda text: bool(text.strip()))
_SHARES = st.integers(0, 10_000).map(lambda n: Decimal(n).scaleb(-4))
_AMOUNTS = st.integers(0, 10**8).map(lambda n: Decimal(n).scaleb(-2))


def _optional(strategy: SearchStrategy[_T]) -> SearchStrategy[_T | None]:
    return st.one_of(st.none(), strategy)


def _sources() -> SearchStrategy[Source]:
    urls = st.from_regex(r"https://[a-z]{1,12}\.[a-z]{2,4}(/[a-z0-9]{1,8}){0,3}", fullmatch=True)
    return st.builds(Source, title=_TEXT, url=_optional(urls), note=_optional(_TEXT))


def _penalty_rates() -> SearchStrategy[PenaltyRate]:
    kinds = st.sampled_from([kind for kind in PenaltyRateKind if kind is not PenaltyRateKind.NONE])
    values = st.integers(0, 30_000).map(lambda n: Decimal(n).scaleb(-4))
    return st.one_of(st.just(PenaltyRate()), st.builds(PenaltyRate, kind=kinds, value=values))


def _penalties() -> SearchStrategy[PenaltyPolicy]:
    return st.builds(
        PenaltyPolicy,
        rate=_penalty_rates(),
        compound=st.booleans(),
        compound_rate=_optional(_penalty_rates()),
        day_count=day_counts(),
        rounding=st.sampled_from(list(PenaltyRounding)),
        cap_amount=_optional(_AMOUNTS),
        cap_share=_optional(_SHARES),
        cap_annual_cost=_optional(annual_rates("1")),
    )


@st.composite
def _late_fees(draw: st.DrawFn) -> LateFeePolicy:
    kind = draw(st.sampled_from(["none", "fixed", "share"]))
    if kind == "none":
        return LateFeePolicy()
    low = draw(_optional(_AMOUNTS))
    high = draw(_optional(_AMOUNTS))
    if isinstance(low, Decimal) and isinstance(high, Decimal) and high < low:
        low, high = high, low
    base = draw(st.sampled_from(list(LateFeeBase)))
    return LateFeePolicy(
        kind=kind,
        amount=draw(_AMOUNTS.filter(bool)) if kind == "fixed" else Decimal(0),
        share=draw(_SHARES.filter(bool)) if kind == "share" else Decimal(0),
        base=base,
        charged_on=draw(st.sampled_from(list(LateFeeDate)))
        if kind == "fixed" or base is LateFeeBase.SCHEDULED
        else LateFeeDate.GRACE_END,
        minimum=low,
        maximum=high,
        repeat_days=draw(_optional(st.integers(1, 3660))),
        cap_total=draw(_optional(_AMOUNTS)),
    )


@st.composite
def _delinquency(draw: st.DrawFn) -> DelinquencyTable:
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return DelinquencyTable()
    if kind == 1:
        return DelinquencyTable.card_2011()
    steps = draw(st.lists(st.integers(1, 90), min_size=1, max_size=8))
    bounds = [sum(steps[: index + 1]) for index in range(len(steps))]
    return DelinquencyTable(
        bucket_bounds=tuple(bounds),
        count_from=draw(st.sampled_from(["due-date", "grace-end"])),
    )


@st.composite
def _relief_windows(draw: st.DrawFn) -> tuple[ReliefWindow, ...]:
    windows = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.dates(date(2000, 1, 1), date(2099, 1, 1)))
        end = start + timedelta(days=draw(st.integers(0, 365)))
        windows.append(ReliefWindow(start=start, end=end, reason=draw(st.just("") | _TEXT)))
    return tuple(windows)


@st.composite
def _servicing(draw: st.DrawFn) -> ServicingRules:
    common: dict[str, Any] = {
        "grace": draw(
            st.builds(
                GracePolicy,
                days=st.integers(0, 365),
                business_days=st.booleans(),
                roll_due_date=st.booleans(),
                retroactive=st.booleans(),
            )
        ),
        "penalty": draw(_penalties()),
        "late_fee": draw(_late_fees()),
        "allocation": draw(st.sampled_from(strategy_names())),
        "delinquency": draw(_delinquency()),
        "report_after_days": draw(st.integers(0, 3660)),
    }
    basis = draw(st.sampled_from(list(InterestBasis)))
    if basis is InterestBasis.SCHEDULED:
        return ServicingRules(relief_windows=draw(_relief_windows()), **common)
    # the actual-balance rules exist only under that basis, which has no relief windows;
    # its penalty accrues exactly (no daily rounding) and its caps are CostCaps
    common["penalty"] = attrs.evolve(
        common["penalty"], rounding=PenaltyRounding.EVENT, cap_amount=None, cap_share=None
    )
    return ServicingRules(
        interest_basis=basis,
        overpayment=draw(overpayments()),
        interest_free=draw(interest_free_periods()),
        promotions=draw(promotional_rates()),
        caps=draw(cost_caps()),
        **common,
    )


def servicing_rules() -> SearchStrategy[ServicingRules]:
    """Valid :class:`~loancalc.ServicingRules`: any grace, penalty, late fee, allocation,
    delinquency table and reporting delay; under the ``scheduled`` basis (drawn first)
    any relief windows, under ``actual-balance`` any overpayment handling, interest-free
    period, promotional windows and cost caps. Shrinks toward the defaults.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(servicing_rules())
    ... def test_round_trip(rules):
    ...     assert ServicingRules.from_dict(rules.to_dict()) == rules
    >>> test_round_trip()
    """
    return _servicing()


def _components() -> SearchStrategy[list[Component]]:
    return st.lists(st.sampled_from(list(Component)), unique=True)


@st.composite
def _restructuring(draw: st.DrawFn) -> RestructuringRules:
    if not draw(st.booleans()):
        return RestructuringRules()
    low = draw(_optional(annual_rates("1")))
    high = draw(_optional(annual_rates("1")))
    if isinstance(low, Decimal) and isinstance(high, Decimal) and high < low:
        low, high = high, low
    days = draw(_optional(st.integers(1, 3660)))
    missed = draw(st.integers(1, 12) if days is None else _optional(st.integers(1, 12)))
    capitalizable = [part for part in draw(_components()) if part is not Component.PRINCIPAL]
    return RestructuringRules(
        allowed=True,
        kinds=draw(st.lists(st.sampled_from(list(RestructuringKind)), min_size=1, unique=True)),
        max_count=draw(_optional(st.integers(1, 100))),
        max_term=draw(_optional(st.integers(1, 1200))),
        min_down_payment=draw(_AMOUNTS),
        min_down_payment_share=draw(_SHARES),
        min_rate=low,
        max_rate=high,
        waivable=draw(_components()),
        capitalizable=capitalizable,
        penalty_stops_during_plan=draw(st.booleans()),
        breach_days_past_due=days,
        breach_missed_installments=missed,
        reinstate_waived_on_breach=draw(st.booleans()),
        accelerate_on_breach=draw(st.booleans()),
    )


@st.composite
def _prepayment_fees(draw: st.DrawFn) -> PrepaymentFee:
    kind = draw(st.sampled_from(list(PrepaymentFeeKind)))
    if kind is PrepaymentFeeKind.NONE:
        return PrepaymentFee()
    if kind is PrepaymentFeeKind.SHARE:
        value = draw(_SHARES.filter(bool))
    else:
        value = Decimal(draw(st.integers(1, 120)))
    return PrepaymentFee(kind=kind, value=value, minimum=draw(_AMOUNTS))


def _fee_on_grid(rules: ServicingRules, grid: Decimal) -> ServicingRules:
    """``rules`` with the late fee's fixed amounts rounded up onto the product's grid (a
    product refuses them off it)."""
    fee = rules.late_fee
    with decimal.localcontext(CONTEXT):
        changes = {
            name: (value / grid).to_integral_value(rounding=decimal.ROUND_CEILING) * grid
            for name in ("amount", "minimum", "maximum", "cap_total")
            if (value := getattr(fee, name)) is not None
        }
    return rules.replace(late_fee=attrs.evolve(fee, **changes))


@st.composite
def _product_rules(draw: st.DrawFn) -> ProductRules:
    rounding = draw(roundings())
    min_rate, max_rate = sorted([draw(annual_rates()), draw(annual_rates())])
    cap = draw(_optional(annual_rates().filter(lambda rate: rate >= min_rate)))
    top = max_rate if not isinstance(cap, Decimal) else min(max_rate, cap)
    rate = draw(_optional(annual_rates(top).filter(lambda r: min_rate <= r <= top)))
    return ProductRules(
        name=draw(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)),
        description=draw(_TEXT),
        sources=tuple(draw(st.lists(_sources(), min_size=1, max_size=3))),
        jurisdiction=draw(st.from_regex(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", fullmatch=True)),
        currency=draw(st.from_regex(r"[A-Z]{3}", fullmatch=True)),
        rounding=rounding,
        method=draw(methods()),
        accrual=draw(accruals()),
        day_count=draw(day_counts()),
        frequency=draw(frequencies()),
        fees=draw(fees(grid=rounding.quantum)),
        annual_rate=rate,
        min_rate=min_rate,
        max_rate=max_rate,
        days_per_year=draw(st.sampled_from([360, 365])),
        servicing=_fee_on_grid(draw(_servicing()), rounding.quantum),
        restructuring=draw(_restructuring()),
        prepayment_fee=draw(_prepayment_fees()),
        rate_cap=cap,
        apr_method=draw(st.sampled_from(APR_METHODS)),
        apr_periods_per_year=draw(st.integers(1, 366)),
    )


def product_rules() -> SearchStrategy[ProductRules]:
    """Valid product rule sets: any name, sources, loan defaults and rate range, and any
    servicing, restructuring and prepayment rules, shrinking toward simple ones.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, database=None)
    ... @given(product_rules())
    ... def test_round_trip(rules):
    ...     assert ProductRules.from_toml(rules.to_toml()) == rules
    >>> test_round_trip()
    """
    return _product_rules()
