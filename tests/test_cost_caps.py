"""One cost-cap concept (:mod:`loancalc.caps`): each of the five old cap fields maps onto a
:class:`~loancalc.caps.CostCap` and gives exactly what its old arithmetic gave.

The "old" formulas below are the arithmetic each field had before the concept (written
out here, not taken from the code under test): ``min(rate, cap_annual_cost)`` for the
penalty cap, ``max(0, capped - contract)`` for the penalty charged on the actual-balance
basis, ``rate <= max_rate`` / ``rate <= rate_cap`` for contract rates, and
``principal x rate x years`` for the actual-balance annual allowance.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import products
from loancalc.caps import CapScope, CostCap, InterestBasis, penalty_over_contract
from loancalc.errors import InvalidValueError
from loancalc.money import Rounding
from loancalc.restructuring import RestructuringRules
from loancalc.restructuring.errors import RestructuringNotAllowed
from loancalc.restructuring.limits import check_rate as check_plan_rate
from loancalc.servicing import CostCaps, PenaltyPolicy, PenaltyRate
from loancalc.servicing.balance_caps import CapBook
from loancalc.strategies import annual_rates, product_rules, servicing_rules

BASES = list(InterestBasis)
D = Decimal
BUILTINS = products.names()
RATES = st.integers(0, 100_000).map(lambda n: Decimal(n).scaleb(-5))  # 0 .. 100 %


def _old_capped(rate: Decimal, cap: Decimal | None) -> Decimal:
    return rate if cap is None else min(rate, cap)


def _old_penalty_charged(policy: PenaltyPolicy, contract: Decimal, basis: InterestBasis) -> Decimal:
    asked = policy.rate.annual(contract, policy.day_count.days_per_year)
    capped = _old_capped(asked, policy.cap_annual_cost)
    if basis is InterestBasis.SCHEDULED:
        return capped
    return max(Decimal(0), capped - contract)  # the old balance walk: contract runs on


# --- hand-checked figures, one per cap kind --------------------------------------------


def test_overdue_rate_cap_on_each_basis() -> None:
    # contract 18 %, penalty 1.5 x 18 % = 27 % asked, cap 24 %:
    # scheduled: overdue principal bears no contract interest, so the penalty is 24 %;
    # actual-balance: 18 % contract interest runs on, so the penalty on top is 24 - 18 = 6 %.
    policy = PenaltyPolicy(rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True,
                           cap_annual_cost="24%")  # fmt: skip
    contract = Decimal("0.18")
    assert policy.penalty_rate(contract, InterestBasis.SCHEDULED) == Decimal("0.24")
    assert policy.penalty_rate(contract, InterestBasis.ACTUAL_BALANCE) == Decimal("0.06")
    # overdue interest bears no contract interest on either basis: compound cut to 24 %
    assert policy.compound_annual_rate(contract) == Decimal("0.24")
    # a penalty under the cap is untouched: 1.2 x 18 % = 21.6 %; on top of 18 %: 3.6 %
    low = PenaltyPolicy(rate=PenaltyRate(kind="multiplier", value="1.2"), cap_annual_cost="24%")
    assert low.penalty_rate(contract, InterestBasis.SCHEDULED) == Decimal("0.216")
    assert low.penalty_rate(contract, InterestBasis.ACTUAL_BALANCE) == Decimal("0.036")


def test_overdue_rate_cap_in_an_assessment() -> None:
    # 12,000 at 18 % over 12 months from 2024-01-15; instalment 1 paid, instalment 2
    # (933.96 principal + 166.20 interest, due 2024-03-15) unpaid; on 2024-03-25, 10 days:
    # penalty 933.96 x 24 % / 360 x 10 = 6.2264 -> 6.23 (not 27 %: 7.00);
    # compound 166.20 x 24 % / 360 x 10 = 1.108 -> 1.11 (not 27 %: 1.25).
    schedule = lc.amortize(
        lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
    )
    rules = lc.ServicingRules(
        penalty=PenaltyPolicy(
            rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True, cap_annual_cost="24%"
        )
    )
    state = lc.assess(schedule, [lc.Payment(date(2024, 2, 15), Decimal("1100.16"))],
                      date(2024, 3, 25), rules)  # fmt: skip
    assert state.penalty_interest == Decimal("6.23")
    assert state.compound_interest == Decimal("1.11")


def test_contract_rate_caps() -> None:
    product = products.get("cn-consumer-finance-instalment")  # max_rate 24 %, rate_cap 24 %
    assert product.max_rate_cap == CostCap(rate="0.24", limits="contract-rate")
    assert product.check_rate("24%") == Decimal("0.24")
    with pytest.raises(InvalidValueError, match="annual_rate"):
        product.check_rate("24.01%")
    plan = RestructuringRules(allowed=True, kinds=("re-instalment",), max_rate="12%",
                              breach_days_past_due=30)  # fmt: skip
    assert plan.max_rate_cap is not None
    assert plan.max_rate_cap.source == "restructuring.max_rate"
    check_plan_rate(plan, Decimal("0.12"))
    with pytest.raises(RestructuringNotAllowed, match=r"restructuring\.max_rate"):
        check_plan_rate(plan, Decimal("0.1201"))


def test_all_in_cost_caps() -> None:
    # CostCaps(annual_rate=24 %): 1,000 in use for 30 days of a 360-day year may cost
    # 1,000 x 24 % x 30 / 360 = 20.00 in all; 500 more for 90 days: 500 x 24 % / 4 = 30.
    book = CapBook(CostCaps(annual_rate="24%"), Decimal(1000), Rounding())
    book.grow(Fraction(1000), Fraction(30, 360))
    assert book.annual_allowance == Fraction(20)
    book.grow(Fraction(500), Fraction(90, 360))
    assert book.annual_allowance == Fraction(50)
    # a product's rate_cap (all-in 24 %) refuses a contract rate over it: 0.07 %/day x 365
    # = 25.55 %, while 0.065 %/day x 365 = 23.725 % passes.
    product = products.get("cn-daily-rate-credit-line")
    assert product.rate_cost_cap is not None
    assert product.rate_cost_cap.limits is CapScope.ALL_IN_COST
    with pytest.raises(InvalidValueError, match=r"rate cap 0\.24"):
        product.replace(days_per_year=365, max_rate="1").check_rate("0.07%/day")
    assert product.replace(days_per_year=365).check_rate("0.065%/day") == Decimal("0.23725")


# --- properties: the old fields and the concept agree ----------------------------------


@pytest.mark.parametrize("basis", BASES, ids=lambda b: b.value)
@pytest.mark.parametrize("name", BUILTINS)
@given(contract=RATES)
def test_builtin_penalty_caps_agree_with_the_old_arithmetic(
    name: str, basis: InterestBasis, contract: Decimal
) -> None:
    policy = products.get(name).servicing.penalty
    assert policy.penalty_rate(contract, basis) == _old_penalty_charged(policy, contract, basis)
    asked = policy.rate.annual(contract, policy.day_count.days_per_year)
    assert policy.annual_rate(contract) == _old_capped(asked, policy.cap_annual_cost)


@pytest.mark.parametrize("basis", BASES, ids=lambda b: b.value)
@given(rules=servicing_rules(), contract=RATES)
def test_any_penalty_cap_agrees_with_the_old_arithmetic(
    basis: InterestBasis, rules: lc.ServicingRules, contract: Decimal
) -> None:
    policy = rules.penalty
    assert policy.penalty_rate(contract, basis) == _old_penalty_charged(policy, contract, basis)
    cap = policy.cost_cap
    assert (cap is None) == (policy.cap_annual_cost is None)
    if cap is not None:
        assert (cap.rate, cap.limits) == (policy.cap_annual_cost, CapScope.OVERDUE_RATE)
        # the overdue amount bears at most the cap a year in all, on either basis
        running = contract if basis is InterestBasis.ACTUAL_BALANCE else Decimal(0)
        all_in = policy.penalty_rate(contract, basis) + running
        assert all_in <= max(cap.rate, running)


@pytest.mark.parametrize("name", BUILTINS)
@given(rate=RATES)
def test_builtin_contract_rate_caps_agree_with_the_old_check(name: str, rate: Decimal) -> None:
    product = products.get(name)
    old_ok = product.min_rate <= rate <= product.max_rate and (
        product.rate_cap is None or rate <= product.rate_cap
    )
    try:
        product.check_rate(rate)
        new_ok = True
    except InvalidValueError:
        new_ok = False
    assert new_ok == old_ok
    plan = product.restructuring
    plan_ok = plan.max_rate is None or rate <= plan.max_rate
    assert (plan.max_rate_cap is None or plan.max_rate_cap.admits(rate)) == plan_ok


@given(product=product_rules())
def test_every_cost_cap_field_maps_onto_the_concept(product: products.ProductRules) -> None:
    by_source = {cap.source: cap for cap in product.cost_caps}
    expected = {
        "max_rate": (product.max_rate, CapScope.CONTRACT_RATE),
        "rate_cap": (product.rate_cap, CapScope.ALL_IN_COST),
        "restructuring.max_rate": (product.restructuring.max_rate, CapScope.CONTRACT_RATE),
        "penalty.cap_annual_cost": (
            product.servicing.penalty.cap_annual_cost,
            CapScope.OVERDUE_RATE,
        ),
        "caps.annual_rate": (product.servicing.caps.annual_rate, CapScope.ALL_IN_COST),
    }
    for source, (rate, scope) in expected.items():
        if rate is None:
            assert source not in by_source
        else:
            assert (by_source[source].rate, by_source[source].limits) == (rate, scope)
    assert products.ProductRules.from_toml(product.to_toml()) == product


@given(
    rate=annual_rates("1"),
    principal=st.integers(0, 10**9).map(Fraction),
    days=st.integers(0, 3660),
)
def test_all_in_allowance_is_the_old_formula(rate: Decimal, principal: Fraction, days: int) -> None:
    years = Fraction(days, 360)
    book = CapBook(CostCaps(annual_rate=rate), Decimal(1), Rounding())
    book.grow(principal, years)
    assert book.annual_allowance == principal * Fraction(rate) * years


@given(all_in=RATES, contract=RATES)
def test_penalty_over_contract_never_negative_and_adds_up(
    all_in: Decimal, contract: Decimal
) -> None:
    on_top = penalty_over_contract(all_in, contract, InterestBasis.ACTUAL_BALANCE)
    assert on_top >= 0
    assert on_top + contract == max(all_in, contract)
    assert penalty_over_contract(all_in, contract, InterestBasis.SCHEDULED) == all_in


@given(cap=RATES, asked=RATES)
def test_only_an_overdue_rate_cap_cuts_a_rate(cap: Decimal, asked: Decimal) -> None:
    for scope in CapScope:
        cut = CostCap(rate=cap, limits=scope).overdue_rate(asked)
        assert cut == (min(asked, cap) if scope is CapScope.OVERDUE_RATE else asked)


def test_overdue_rate_cap_on_the_actual_balance_in_an_assessment() -> None:
    # 1,000 at 18 %, one instalment from 2024-01-01 due 2024-02-01 (31 days, daily accrual:
    # interest 1,000 x 18 % x 31/360 = 15.50), unpaid on 2024-02-11 (10 days late). Penalty
    # 1.5 x 18 % = 27 % capped at 24 %; contract interest runs on at 18 %, so the penalty
    # charged is 6 %: 1,000 x 6 % x 10/360 = 1.666... -> 1.67; compound on the 15.50 of
    # overdue interest at the whole 24 %: 15.50 x 24 % x 10/360 = 0.1033 -> 0.10; owed:
    # 1,000 + 15.50 + 1,000 x 18 % x 10/360 (5.00) + 1.67 + 0.10 = 1,022.27.
    schedule = lc.amortize(lc.LoanTerms(principal=1000, annual_rate="18%", term=1,
                                        start=date(2024, 1, 1), accrual="daily"))  # fmt: skip
    rules = lc.ServicingRules(
        interest_basis="actual-balance",
        penalty=PenaltyPolicy(
            rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True, cap_annual_cost="24%"
        ),
    )
    state = lc.assess(schedule, [], date(2024, 2, 11), rules)
    assert (state.penalty_interest, state.compound_interest) == (D("1.67"), D("0.10"))
    assert state.total_outstanding == D("1022.27")


def _half_up(value: Fraction) -> Decimal:
    cents = value * 100
    whole = cents.numerator // cents.denominator
    if cents - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole).scaleb(-2)


@pytest.mark.parametrize("basis", BASES, ids=lambda b: b.value)
@pytest.mark.parametrize("name", BUILTINS)
@settings(max_examples=40, deadline=None)
@given(
    cap=st.one_of(st.none(), RATES),
    principal=st.integers(100, 10**6),
    late=st.integers(1, 120),
)
def test_assessed_penalty_is_the_cap_concepts_rate(
    name: str, basis: InterestBasis, cap: Decimal | None, principal: int, late: int
) -> None:
    """Each built-in product's penalty rule, with any overdue-rate cap, on either basis:
    the penalty and compound interest ``lc.assess`` charges on a loan left unpaid are the
    overdue principal and interest at the concept's rates (:meth:`PenaltyPolicy.penalty_rate`,
    :meth:`compound_annual_rate`) over the days late, rounded half-up once."""
    product = products.get(name)
    policy = attrs.evolve(product.servicing.penalty, cap_annual_cost=cap)
    contract = product.annual_rate if product.annual_rate else Decimal("0.18")
    schedule = lc.amortize(lc.LoanTerms(principal=principal, annual_rate=contract, term=1,
                                        start=date(2024, 1, 1), accrual="daily"))  # fmt: skip
    row = schedule.installments[0]
    rules = lc.ServicingRules(interest_basis=basis, penalty=policy)
    state = lc.assess(schedule, [], row.due_date + timedelta(days=late), rules)
    year = policy.day_count.days_per_year
    rate = policy.penalty_rate(contract, basis) if policy.charges_anything else Decimal(0)
    expected_penalty = _half_up(Fraction(row.principal) * Fraction(rate) * late / year)
    compound = policy.compound_annual_rate(contract)
    expected_compound = _half_up(Fraction(row.interest) * Fraction(compound) * late / year)
    assert state.penalty_interest == expected_penalty
    assert state.compound_interest == expected_compound
