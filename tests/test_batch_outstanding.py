"""Batch portfolio aggregates against the scalar schedules, capitalised interest included.

The oracle is :func:`loancalc.amortize`, loan by loan: every aggregate is recomputed here
from the scalar rows (balances from each row's ``closing_balance``), never from the batch
engine's own matrices.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch
from loancalc.batch._aggregates import running_balance


def _units(amount: Decimal, grid: Decimal) -> int:
    steps = amount / grid
    assert steps == steps.to_integral_value()
    return int(steps)


def _month_end(month: np.datetime64) -> date:
    end: date = (month + 1).astype("datetime64[D]").item() - timedelta(days=1)
    return end


def _balance_on(schedule: lc.Schedule, end: date) -> Decimal:
    """The loan's scheduled balance after every instalment due by ``end`` (0 before it
    starts): read from the scalar rows' closing balances."""
    if schedule.terms.start > end:
        return Decimal(0)
    balance = schedule.installments[0].opening_balance
    for row in schedule:
        if row.due_date <= end:
            balance = row.closing_balance
    return balance


@st.composite
def capitalising_portfolios(draw: st.DrawFn) -> dict[str, Any]:
    """Portfolios of up to five loans, many of them with a first period long enough (up
    to 800 days, at rates up to 120 %) that its interest exceeds the level instalment,
    which the scalar engine capitalises."""
    size = draw(st.integers(1, 5))
    places = draw(st.sampled_from([2, 0]))
    quantum = Decimal(1).scaleb(-places)
    accrual = draw(st.sampled_from(["daily", "periodic"]))
    day_count = draw(st.sampled_from(["ACT/360", "ACT/365F"]))
    method = draw(st.sampled_from(list(lc.Method)))
    start = draw(
        st.lists(st.dates(date(2000, 1, 1), date(2040, 12, 31)), min_size=size, max_size=size)
    )
    offsets = draw(st.lists(st.none() | st.integers(1, 800), min_size=size, max_size=size))
    units = draw(st.lists(st.integers(1, 10**9), min_size=size, max_size=size))
    balloon = [Decimal(0)] * size
    if method is lc.Method.BALLOON:
        shares = draw(st.lists(st.integers(0, 90), min_size=size, max_size=size))
        balloon = [quantum * (u * s // 100) for u, s in zip(units, shares, strict=True)]
    return {
        "principal": [quantum * u for u in units],
        "annual_rate": draw(
            st.lists(
                st.sampled_from(["0", "4.9%", "18%", "36%", "72%", "120%"]),
                min_size=size,
                max_size=size,
            )
        ),
        "term": draw(st.lists(st.integers(1, 60), min_size=size, max_size=size)),
        "start": start,
        "first_due": [
            None if o is None else s + timedelta(days=o)
            for s, o in zip(start, offsets, strict=True)
        ],
        "balloon": balloon,
        "method": method,
        "accrual": accrual,
        "day_count": day_count,
        "rounding": lc.Rounding(places=places, mode=draw(st.sampled_from(["half-up", "down"]))),
        "fees": draw(st.none() | st.just(lc.Fees(per_period=quantum * 3))),
    }


def _terms(p: dict[str, Any]) -> list[lc.LoanTerms]:
    per_loan = ("principal", "annual_rate", "term", "start", "first_due", "balloon")
    shared = {k: v for k, v in p.items() if k not in per_loan}
    columns = [p[name] for name in per_loan]
    return [
        lc.LoanTerms(**dict(zip(per_loan, values, strict=True)), **shared)
        for values in zip(*columns, strict=True)
    ]


def _assert_aggregates_equal_scalar_sums(
    result: batch.BatchSchedule, schedules: list[lc.Schedule]
) -> None:
    grid = result.grid
    flows = batch.cash_flow_by_month(result)
    for name in ("principal", "interest", "fee", "payment"):
        expected: dict[np.datetime64, int] = {}
        for schedule in schedules:
            for row in schedule:
                month = np.datetime64(row.due_date, "M")
                expected[month] = expected.get(month, 0) + _units(getattr(row, name), grid)
        got = dict(zip(flows.months.tolist(), getattr(flows, name).tolist(), strict=True))
        assert {m: v for m, v in got.items() if v} == {
            m.item(): v for m, v in expected.items() if v
        }, name
    outstanding = batch.outstanding_by_month(result)
    for month, value in zip(outstanding.months, outstanding.outstanding, strict=True):
        end = _month_end(month)
        assert int(value) == sum(_units(_balance_on(s, end), grid) for s in schedules), month
    assert int(outstanding.outstanding[-1]) == 0  # every loan has matured by the last month
    capitalised = [
        [_units(row.capitalized_interest, grid) for row in s]
        + [0] * (result.mask.shape[1] - len(s.installments))
        for s in schedules
    ]
    assert result.capitalized_interest.tolist() == capitalised
    totals = batch.loan_totals(result)
    for index, schedule in enumerate(schedules):
        assert int(totals["total_principal"][index]) == _units(schedule.total_principal, grid)
        assert int(totals["total_interest"][index]) == _units(schedule.total_interest, grid)
        assert int(totals["total_payment"][index]) == _units(schedule.total_payment, grid)
        assert int(totals["installments"][index]) == len(schedule.installments)


@settings(max_examples=80)
@given(capitalising_portfolios())
def test_aggregates_equal_the_sums_over_scalar_schedules(p: dict[str, Any]) -> None:
    try:
        schedules = [lc.amortize(loan) for loan in _terms(p)]
    except lc.LoanCalcError as error:
        with pytest.raises(type(error)):  # the batch refuses what the scalar engine refuses
            batch.amortize(**p)
        return
    _assert_aggregates_equal_scalar_sums(batch.amortize(**p), schedules)


def _capitalises(p: dict[str, Any]) -> bool:
    try:
        return any(lc.amortize(t).total_capitalized_interest > 0 for t in _terms(p))
    except lc.LoanCalcError:
        return False


def test_the_strategy_reaches_capitalising_loans() -> None:
    """The property above covers loans that capitalise (else it proves nothing about them)."""
    found = find(capitalising_portfolios(), _capitalises, settings=settings(max_examples=2000))
    assert _capitalises(found)


def test_daily_loan_with_a_long_first_period_ends_at_zero() -> None:
    """The reproducer: 100 at 36 % (ACT/360), three instalments, the first due 731 days
    after the start (2024-01-01 to 2026-01-01). Hand-checked:

    - first period: 100 x 0.36 / 360 x 731 = 73.10 of interest; the level instalment is
      59.41, all interest, so 73.10 - 59.41 = 13.69 is capitalised: balance 113.69;
    - 2026-02-01: 113.69 x 0.001 x 31 = 3.5244 -> 3.52; principal 59.41 - 3.52 = 55.89;
      balance 113.69 - 55.89 = 57.80;
    - 2026-03-01: 57.80 x 0.001 x 28 = 1.6184 -> 1.62; the last instalment repays 57.80
      (payment 59.42): balance 0.

    The principal repaid (0 + 55.89 + 57.80 = 113.69) is the 100 lent plus the 13.69
    capitalised; without the capitalised interest the balance ended at 100 - 113.69 =
    -13.69.
    """
    b = batch.amortize(100, "36%", 3, start=date(2024, 1, 1), first_due=date(2026, 1, 1),
                       accrual="daily")  # fmt: skip
    assert b.fallback.tolist() == [0]
    assert b.interest[0].tolist() == [5941, 352, 162]
    assert b.capitalized_interest.tolist() == [[1369, 0, 0]]
    outstanding = batch.outstanding_by_month(b)
    assert [str(m) for m in outstanding.months] == ["2026-01", "2026-02", "2026-03"]
    assert outstanding.outstanding.tolist() == [11369, 5780, 0]
    assert batch.outstanding_by_month(b).to_frame()["outstanding"].tolist() == [11369, 5780, 0]


def test_issue_reproducer_with_another_loan_beside_it() -> None:
    """The same loan beside a plain one (1,200 at 0 % over 3 months from 2025-12-15,
    400.00 a month, due 2026-01-15 .. 2026-03-15): the plain loan's 1,200 is counted
    from the first due month, so each month adds its balance, 800, 400, 0, to the long
    loan's 113.69, 57.80, 0."""
    b = batch.amortize([100, 1200], ["36%", "0%"], 3, start=[date(2024, 1, 1), date(2025, 12, 15)],
                       first_due=[date(2026, 1, 1), None], accrual="daily")  # fmt: skip
    assert batch.outstanding_by_month(b).outstanding.tolist() == [11369 + 80000, 5780 + 40000, 0]


def test_outstanding_past_int64_raises() -> None:
    """Two groups of 60 loans of 900,000,000,000,000.00 (9e16 cents each) at 0 % over 12
    months, one starting 2024-01-15, one 2024-03-01. Each month's sums fit in int64
    (60 x 9e16 = 5.4e18 lent in February, the first due month, and 5.4e18 in March), but
    at March's end 120 x 9e16 - 2 x 60 x 9e16 / 12 = 1.08e19 - 9e17 = 9.9e18 cents are
    outstanding, more than 2**63 - 1 = 9.22e18. Earlier the running sums wrapped."""
    starts = [date(2024, 1, 15)] * 60 + [date(2024, 3, 1)] * 60
    b = batch.amortize([9 * 10**14] * 120, 0, 12, start=starts)
    with pytest.raises(lc.LoanCalcError, match=r"portfolio: .*below 2\*\*63"):
        batch.outstanding_by_month(b)
    # 40 loans a group fit: at March's end 80 x 9e16 - 2 x 40 x 7.5e15 = 6.6e18
    smaller = batch.amortize([9 * 10**14] * 80, 0, 12, start=starts[:40] + starts[-40:])
    value = batch.outstanding_by_month(smaller).outstanding
    assert [str(m) for m in batch.outstanding_by_month(smaller).months[:2]] == [
        "2024-02",
        "2024-03",
    ]
    assert int(value[1]) == 6_600_000_000_000_000_000
    assert int(value[-1]) == 0


@settings(max_examples=50)
@given(
    st.lists(st.integers(0, 2**62), min_size=1, max_size=20),
    st.lists(st.integers(0, 2**62), min_size=1, max_size=20),
)
def test_running_balance_is_exact_or_raises(added: list[int], repaid: list[int]) -> None:
    size = min(len(added), len(repaid))
    added, repaid = added[:size], repaid[:size]
    into = np.array(added, dtype=np.int64)
    out = np.array(repaid, dtype=np.int64)
    balances = [sum(added[: k + 1]) - sum(repaid[: k + 1]) for k in range(size)]
    if all(0 <= b < 2**63 for b in balances):
        assert running_balance([into], out).tolist() == balances
    else:
        with pytest.raises(lc.LoanCalcError):
            running_balance([into], out)
