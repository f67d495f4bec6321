"""batch.amortize and batch.payments on books that mix fixed and rate-scheduled loans.

A rate-scheduled loan runs as a fixed-rate loan (a rate that never changes before
maturity) or through the segment loop (tests/test_batch_rates.py); every loan, fixed or
scheduled, equals ``loancalc.amortize`` of its own terms to the cent.
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
from loancalc.errors import InvalidValueError
from loancalc.rate_schedule import RateChange, RateSchedule

D = Decimal


def _rates() -> st.SearchStrategy[Decimal]:
    return st.integers(0, 3000).map(lambda bp: D(bp) / 10000)


@st.composite
def _schedules(draw: st.DrawFn, start: date, term: int) -> RateSchedule:
    on_reprice = draw(st.sampled_from(["recompute-payment", "keep-payment"]))
    if draw(st.booleans()):
        spread = D(draw(st.integers(0, 500))) / 10000
        return RateSchedule(
            index="LPR5Y", spread=spread, reprice=draw(st.sampled_from(["january", "anniversary"])),
            on_reprice=on_reprice,
        )  # fmt: skip
    offsets = draw(st.lists(st.integers(1, 31 * term), max_size=3, unique=True))
    changes = [
        RateChange(on=start + timedelta(days=offset), annual_rate=draw(_rates()))
        for offset in sorted(offsets)
    ]
    opening = draw(_rates())
    return RateSchedule(annual_rate=opening, dated_changes=changes, on_reprice=on_reprice)


@st.composite
def _books(draw: st.DrawFn) -> tuple[list[int], list[object], list[int], list[date], str, str]:
    size = draw(st.integers(1, 6))
    principals: list[int] = []
    rates: list[object] = []
    terms: list[int] = []
    starts: list[date] = []
    for _ in range(size):
        principals.append(draw(st.integers(10000, 100_000_000)))
        term = draw(st.integers(1, 48))
        start = date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 900)))
        if draw(st.booleans()):
            rates.append(draw(_schedules(start, term)))
        else:
            rates.append(draw(_rates()))
        terms.append(term)
        starts.append(start)
    method = draw(st.sampled_from(["equal-installment", "equal-principal", "interest-only"]))
    accrual = draw(st.sampled_from(["periodic", "daily"]))
    return principals, rates, terms, starts, method, accrual


def _terms(
    principal: int, rate: object, term: int, start: date, *, method: str, accrual: str
) -> lc.LoanTerms:
    schedule = rate if isinstance(rate, RateSchedule) else None
    return lc.LoanTerms(
        principal=D(principal) / 100, annual_rate=None if schedule else rate, term=term,
        start=start, method=method, accrual=accrual, rate_schedule=schedule,
    )  # fmt: skip


def _units(value: Decimal) -> int:
    return int(value * 100)


@settings(max_examples=60, deadline=None)
@given(_books())
def test_a_mixed_book_equals_amortize_loan_by_loan(
    book: tuple[list[int], list[object], list[int], list[date], str, str],
) -> None:
    principals, rates, terms, starts, method, accrual = book
    cents = [D(p) / 100 for p in principals]
    b = batch.amortize(cents, rates, terms, start=starts, method=method, accrual=accrual)
    for index in range(len(principals)):
        s = lc.amortize(_terms(principals[index], rates[index], terms[index], starts[index],
                               method=method, accrual=accrual))  # fmt: skip
        count = len(s.installments)
        assert int(b.installments[index]) == count
        assert b.mask[index].sum() == count
        for name, field in (
            ("payment", "payment"), ("principal", "principal"), ("interest", "interest"),
            ("fee", "fee"), ("opening_balance", "opening_balance"),
            ("closing_balance", "closing_balance"),
        ):  # fmt: skip
            row = getattr(b, name)[index]
            assert row[:count].tolist() == [_units(getattr(i, field)) for i in s.installments]
            assert not row[count:].any()
        assert b.due_dates[index][:count].tolist() == [i.due_date for i in s.installments]
        assert b.schedule(index) == s
    # the fallback is at most the scheduled loans plus what the fixed ones need on their own
    scheduled = {i for i, rate in enumerate(rates) if isinstance(rate, RateSchedule)}
    fixed = [i for i in range(len(rates)) if i not in scheduled]
    alone: set[int] = set()
    if fixed:
        f = batch.amortize(
            [cents[i] for i in fixed], [rates[i] for i in fixed], [terms[i] for i in fixed],
            start=[starts[i] for i in fixed], method=method, accrual=accrual,
        )  # fmt: skip
        alone = {fixed[i] for i in f.fallback.tolist()}
    assert set(b.fallback.tolist()) <= scheduled | alone
    first = batch.payments(cents, rates, terms, start=starts, method=method, accrual=accrual)
    assert first.tolist() == b.payment[:, 0].tolist()


def test_keep_payment_runs_past_the_term_and_sizes_the_rows() -> None:
    # 2,000 over 24 months from 2024-01-15 at 6 %, 14 % from 2024-06-10, keep-payment:
    # the instalment 88.64 (2,000 x 0.005 / (1 - 1.005^-24)) no longer repays in 24
    # instalments at 14 %, so the loan runs on (26 instalments, as the scalar engine has it).
    rising = RateSchedule(
        annual_rate="6%", dated_changes=[RateChange(on=date(2024, 6, 10), annual_rate="14%")],
        on_reprice="keep-payment",
    )  # fmt: skip
    b = batch.amortize([1000, 2000], ["5%", rising], [12, 24], start=date(2024, 1, 15))
    assert b.fallback.tolist() == []
    assert b.payment.shape == (2, 26)
    assert b.installments.tolist() == [12, 26]
    assert b.payment[1, 0] == 8864
    assert b.payment[1, :25].tolist() == [8864] * 25
    assert b.due_dates[1, -1] == np.datetime64("2026-03-15")
    assert b.mask[0].sum() == 12
    assert not b.payment[0, 12:].any()
    # 1,000 at 5 % over 12: 1000 x (0.05/12) / (1 - (1 + 0.05/12)^-12) = 85.61
    assert batch.payments([1000, 2000], ["5%", rising], [12, 24],
                          start=date(2024, 1, 15)).tolist() == [8561, 8864]  # fmt: skip


def test_a_never_changing_schedule_equals_the_fixed_loan() -> None:
    flat = RateSchedule(annual_rate="4.9%")
    b = batch.amortize([250000, 250000], ["4.9%", flat], 120, start=date(2024, 1, 15))
    assert b.fallback.tolist() == []
    assert b.payment[0].tolist() == b.payment[1].tolist()
    assert b.interest[0].tolist() == b.interest[1].tolist()


def test_a_bad_schedule_is_refused_before_any_work_naming_the_loan() -> None:
    agreed = RateSchedule(annual_rate="6%")
    with pytest.raises(InvalidValueError, match=r"annual_rate\[1\]"):
        # an index with no value before its table's first row
        batch.amortize(
            [1000, 1000], ["5%", RateSchedule(index="LPR5Y", spread="0.5%", reprice="january")],
            12, start=date(1990, 1, 1),
        )  # fmt: skip
    assert batch.amortize([1000], [agreed], 12, start=date(2024, 1, 1)).fallback.tolist() == []


def test_penalties_still_refuse_a_rate_schedule_by_name() -> None:
    from loancalc.batch._inputs import rates

    with pytest.raises(InvalidValueError, match=r"annual_rate\[0\].*loancalc.amortize"):
        rates([RateSchedule(annual_rate="6%")], 1)
