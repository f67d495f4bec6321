"""loancalc.batch.penalties: equal to :func:`loancalc.assess` on the same positions.

The oracle is the scalar servicing engine: a schedule whose first ``paid`` instalments
are paid on their due dates and whose later ones stay unpaid; every unpaid instalment is
one position. No expected value here comes from the batch code itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch
from loancalc.servicing import (
    GracePolicy,
    LateFeePolicy,
    PenaltyPolicy,
    PenaltyRate,
    ReliefWindow,
    ServicingRules,
)
from servicing_strategies import rules as any_rules

MODES = ["half-up", "half-even", "half-down", "down", "up", "ceiling", "floor"]
GRIDS = [{"places": 2}, {"places": 0}, {"places": 3}, {"increment": "0.05"}]


@st.composite
def schedules(draw: st.DrawFn) -> lc.Schedule:
    rounding = lc.Rounding(mode=draw(st.sampled_from(MODES)), **draw(st.sampled_from(GRIDS)))
    quantum = rounding.quantum
    principal = draw(st.integers(1, 10**9)) * quantum * 20
    terms = lc.LoanTerms(
        principal=principal,
        annual_rate=draw(st.sampled_from(["0", "4.9%", "18%", "23.99%", "36%"])),
        term=draw(st.integers(1, 8)),
        start=date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 900))),
        method=draw(st.sampled_from(["equal-installment", "equal-principal", "interest-only"])),
        rounding=rounding,
        fees=lc.Fees(per_period=draw(st.sampled_from([0, 0, 2]))),
    )
    return lc.amortize(terms)


@st.composite
def plain_rules(draw: st.DrawFn) -> ServicingRules:
    """Rules the vectorised path covers (event rounding, calendar-day grace)."""
    kind, value = draw(
        st.sampled_from([("multiplier", "1.5"), ("plus-share", "0.5"), ("plus-points", "0.031"),
                         ("annual", "0.2437"), ("daily", "0.0005"), ("none", "0")])
    )  # fmt: skip
    fee = draw(
        st.sampled_from([
            LateFeePolicy(),
            LateFeePolicy(kind="fixed", amount="25", repeat_days=30, cap_total="60"),
            LateFeePolicy(kind="share", share="0.05", base="scheduled", minimum="1"),
            LateFeePolicy(kind="share", share="0.033", maximum="40", repeat_days=7),
        ])
    )  # fmt: skip
    return ServicingRules(
        grace=GracePolicy(days=draw(st.integers(0, 5)), retroactive=draw(st.booleans())),
        penalty=PenaltyPolicy(
            rate=PenaltyRate(kind=kind, value=value),
            compound=draw(st.booleans()),
            compound_rate=draw(st.sampled_from([None, PenaltyRate(kind="annual", value="0.1")])),
            day_count=draw(st.sampled_from(["ACT/360", "ACT/365F"])),
            cap_annual_cost=draw(st.sampled_from([None, "0.24"])),
        ),
        late_fee=fee,
    )


def _units(amount: Decimal, grid: Decimal) -> int:
    steps = amount / grid
    assert steps == steps.to_integral_value()
    return int(steps)


def _compare(
    schedule: lc.Schedule, paid: int, as_of: date, rules: ServicingRules, *, one_loan: bool = False
) -> batch.Penalties:
    """Batch penalties of the unpaid instalments equal ``lc.assess``'s, one by one."""
    rows = schedule.installments
    payments = [
        lc.Payment(row.due_date, row.payment)
        for row in rows[:paid]
        if row.due_date <= as_of and row.payment
    ]
    state = lc.assess(schedule, payments, as_of, rules)
    unpaid = rows[paid:]
    terms = schedule.terms
    found = batch.penalties(
        [row.principal for row in unpaid],
        [row.interest for row in unpaid],
        terms.annual_rate,
        [row.due_date for row in unpaid],
        as_of,
        rules,
        overdue_fee=[row.fee for row in unpaid],
        principal=terms.principal,
        rounding=terms.rounding,
        loan=[7] * len(unpaid) if one_loan else None,
    )
    grid = terms.rounding.quantum
    assert found.grid == grid
    for position, inst in enumerate(state.installments[paid:]):
        charged = inst.charged
        assert int(found.penalty_interest[position]) == _units(charged.penalty_interest, grid)
        assert int(found.compound_interest[position]) == _units(charged.compound_interest, grid)
        assert int(found.late_fees[position]) == _units(charged.late_fee, grid)
    assert int(found.penalty_interest.sum()) == _units(state.penalty_interest, grid)
    assert int(found.compound_interest.sum()) == _units(state.compound_interest, grid)
    assert int(found.late_fees.sum()) == _units(state.late_fees, grid)
    return found


@st.composite
def cases(
    draw: st.DrawFn, rules: st.SearchStrategy[ServicingRules], *, one_loan: bool = False
) -> tuple:
    schedule = draw(schedules())
    count = len(schedule.installments)
    drawn = draw(rules)
    caps = drawn.penalty.cap_amount, drawn.penalty.cap_share, drawn.late_fee.cap_total
    # caps bound a loan's total: with one are compared loans with one unpaid instalment
    capped = any(cap is not None for cap in caps) and not one_loan
    paid = count - 1 if capped else draw(st.integers(0, count))
    span = (schedule.maturity - schedule.terms.start).days + 400
    as_of = schedule.terms.start + timedelta(days=draw(st.integers(0, span)))
    return schedule, paid, as_of, drawn


@settings(max_examples=150, deadline=None)
@given(cases(plain_rules()))
def test_vectorised_positions_equal_assess(case: tuple) -> None:
    schedule, paid, as_of, rules = case
    found = _compare(schedule, paid, as_of, rules)
    assert found.fallback.tolist() == []


@settings(max_examples=150, deadline=None)
@given(cases(any_rules()))
def test_any_rules_equal_assess_falling_back_where_needed(case: tuple) -> None:
    schedule, paid, as_of, rules = case
    rules = rules.replace(allocation="penalties-fees-interest-principal")
    _compare(schedule, paid, as_of, rules)


@settings(max_examples=100, deadline=None)
@given(cases(any_rules(), one_loan=True))
def test_one_loans_positions_share_its_caps(case: tuple) -> None:
    schedule, paid, as_of, rules = case
    rules = rules.replace(allocation="penalties-fees-interest-principal")
    _compare(schedule, paid, as_of, rules, one_loan=True)


def test_one_loan_needs_one_rate() -> None:
    rules = ServicingRules(penalty=PenaltyPolicy(rate=PenaltyRate(kind="annual", value="0.3"),
                                                 cap_amount="5"))  # fmt: skip
    with pytest.raises(lc.LoanCalcError, match=r"contract_rate\[1\]"):
        batch.penalties([100, 100], 0, ["5%", "6%"], [date(2024, 1, 1)] * 2,
                        date(2024, 3, 1), rules, loan=[1, 1])  # fmt: skip


def test_rules_example_section_9() -> None:
    # docs/rules.md, 'Servicing conventions': 933.96 x 27 %/360 x 10 = 7.0047 -> 7.00 penalty;
    # 166.20 x 27 %/360 x 10 = 1.2465 -> 1.25 compound interest
    rules = ServicingRules(
        grace=GracePolicy(days=3),
        penalty=PenaltyPolicy(rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True),
    )
    found = batch.penalties(
        ["933.96"], ["166.20"], "18%", [date(2024, 3, 15)], date(2024, 3, 25), rules
    )
    assert found.penalty_interest.tolist() == [700]
    assert found.compound_interest.tolist() == [125]
    assert found.late_fees.tolist() == [0]


def test_huge_amounts_stay_exact() -> None:
    # 1e12 at 0.05 %/day for 3,000 days: 1e12 x 0.0005 x 3000 = 1.5e12, in cents 1.5e14
    rules = ServicingRules(penalty=PenaltyPolicy(rate=PenaltyRate(kind="daily", value="0.0005")))
    found = batch.penalties(
        [10**12], 0, "7%", [date(2020, 1, 1)], date(2020, 1, 1) + timedelta(days=3000), rules
    )
    assert found.penalty_interest.tolist() == [150_000_000_000_000]


def test_units_input_product_rules_and_fallback_count() -> None:
    b = batch.amortize([1200, 600], "12%", [3, 2], start=date(2024, 1, 31))
    product = lc.products.get("cn-consumer-finance-instalment")
    as_of = date(2024, 6, 30)
    # instalment 2 of each loan unpaid (the first paid on time)
    found = batch.penalties(
        b.principal[:, 1], b.interest[:, 1], "12%", b.due_dates[:, 1], as_of, product,
        overdue_fee=b.fee[:, 1], in_units=True,
    )  # fmt: skip
    for index in range(2):
        schedule = b.schedule(index)
        first = schedule.installments[0]
        state = lc.assess(schedule, [lc.Payment(first.due_date, first.payment)], as_of,
                          product)  # fmt: skip
        charged = state.installments[1].charged
        assert found.penalty_interest[index] == _units(charged.penalty_interest, b.grid)
        assert found.compound_interest[index] == _units(charged.compound_interest, b.grid)
        assert found.late_fees[index] == _units(charged.late_fee, b.grid)


def test_relief_window_sends_only_touched_positions_to_the_scalar_engine() -> None:
    window = ReliefWindow(start=date(2024, 3, 1), end=date(2024, 3, 10))
    rules = ServicingRules(
        penalty=PenaltyPolicy(rate=PenaltyRate(kind="annual", value="0.3")),
        relief_windows=[window],
    )
    due = [date(2024, 1, 15), date(2024, 3, 20), date(2024, 4, 1)]
    found = batch.penalties([100, 100, 100], 0, "5%", due, date(2024, 4, 10), rules)
    assert found.fallback.tolist() == [0]
    # 100 x 30 % x days / 360: 86 days less the 10 relief days = 76 -> 6.33; 21 days -> 1.75;
    # 9 days -> 0.75
    assert found.penalty_interest.tolist() == [633, 175, 75]


def test_not_yet_due_and_zero_positions_cost_nothing() -> None:
    rules = ServicingRules(
        penalty=PenaltyPolicy(rate=PenaltyRate(kind="annual", value="0.3")),
        late_fee=LateFeePolicy(kind="fixed", amount="10"),
    )
    found = batch.penalties([100, 0], [5, 0], "5%", [date(2024, 5, 1), date(2024, 1, 1)],
                            date(2024, 4, 1), rules)  # fmt: skip
    assert found.penalty_interest.tolist() == [0, 0]
    assert found.late_fees.tolist() == [0, 0]


def test_result_read_only_inputs_untouched_and_frame() -> None:
    principal = np.array([10000, 20000], dtype=np.int64)
    rules = ServicingRules(penalty=PenaltyPolicy(rate=PenaltyRate(kind="annual", value="0.36")))
    found = batch.penalties(principal, 0, "10%", date(2024, 1, 1), date(2024, 1, 11), rules,
                            in_units=True)  # fmt: skip
    assert principal.tolist() == [10000, 20000]
    # 100.00 x 36 % x 10 / 360 = 1.00; 200.00 -> 2.00
    assert found.penalty_interest.tolist() == [100, 200]
    with pytest.raises(ValueError, match="read-only"):
        found.penalty_interest[0] = 1
    frame = found.to_frame()
    assert frame["penalty_interest"].tolist() == [100, 200]
    assert frame.attrs["grid"] == Decimal("0.01")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"overdue_principal": [1, -1]}, r"overdue_principal\[1\]"),
        ({"overdue_principal": [1, 2, 3]}, "overdue_principal"),
        ({"contract_rate": ["5%", "x"]}, r"annual_rate\[1\]"),
        ({"due_dates": [date(2024, 1, 1), "soon"]}, r"due_dates\[1\]"),
        ({"rules": "strict"}, "rules"),
    ],
)
def test_bad_input_names_the_array_and_index(kwargs: dict, message: str) -> None:
    arguments = {
        "overdue_principal": [1, 2],
        "overdue_interest": [0, 0],
        "contract_rate": "5%",
        "due_dates": [date(2024, 1, 1), date(2024, 1, 2)],
        "as_of": date(2024, 2, 1),
        "rules": None,
    }
    arguments.update(kwargs)
    with pytest.raises(lc.LoanCalcError, match=message):
        batch.penalties(**arguments)
