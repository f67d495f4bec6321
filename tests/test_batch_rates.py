"""batch.amortize runs rate-scheduled loans segment by segment, to the cent of amortize.

A loan whose rate never changes before maturity runs as the fixed-rate loan at its
opening rate; one whose rate moves runs through the segment loop (batch/_rate_rows.py);
only what that loop does not take (a bullet loan, an irregular first period, the scalar
engine's rarer level rules) falls back, each with its reason.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch
from loancalc.batch import _rate_paths
from loancalc.batch._portfolio import read
from loancalc.rate_schedule import RateChange, RateSchedule

D = Decimal
MODES = ["half-up", "half-even", "half-down", "down", "up", "floor", "ceiling"]
#: The reasons a rate-scheduled loan with a regular first period may still fall back for.
RARER = {
    "a rate schedule whose level amount repays a segment early (the scalar engine rounds it lower)",
    "a rate schedule whose payment falls short of a period's interest",
    "a kept payment that runs on past twice the term",
    "a level amount that needs the scalar engine's rarer rules (repaying early after four "
    "steps down, or short of a period's interest)",
    _rate_paths.TOO_BIG,
}


def _rates() -> st.SearchStrategy[Decimal]:
    return st.integers(0, 3000).map(lambda bp: D(bp) / 10000)


@st.composite
def _schedules(draw: st.DrawFn, start: date, term: int) -> RateSchedule:
    on_reprice = draw(st.sampled_from(["recompute-payment", "keep-payment"]))
    if draw(st.booleans()):
        return RateSchedule(
            index=draw(st.sampled_from(["LPR1Y", "LPR5Y"])),
            spread=D(draw(st.integers(-100, 500))) / 10000, floor="2%",
            reprice=draw(st.sampled_from(["january", "anniversary", "every-3-months"])),
            on_reprice=on_reprice,
        )  # fmt: skip
    offsets = draw(st.lists(st.integers(1, 31 * term + 40), max_size=4, unique=True))
    changes = [
        RateChange(on=start + timedelta(days=offset), annual_rate=draw(_rates()))
        for offset in sorted(offsets)
    ]
    return RateSchedule(annual_rate=draw(_rates()), dated_changes=changes, on_reprice=on_reprice)


Book = tuple[list[Decimal], list[object], list[int], list[date], list[Decimal], dict[str, object]]


@st.composite
def _books(draw: st.DrawFn) -> Book:
    size = draw(st.integers(1, 6))
    method = draw(st.sampled_from(
        ["equal-installment", "equal-principal", "interest-only", "flat", "balloon"]
    ))  # fmt: skip
    options: dict[str, object] = {
        "method": method,
        "accrual": draw(st.sampled_from(["periodic", "daily"])),
        "day_count": draw(st.sampled_from(["ACT/360", "ACT/365F"])),
        "rounding": lc.Rounding(mode=draw(st.sampled_from(MODES))),
    }
    if draw(st.booleans()):
        options["fees"] = lc.Fees(per_period="1.50", per_period_rate="0.001")
    principals, rates, terms, starts, balloons = [], [], [], [], []
    for _ in range(size):
        cents = draw(st.integers(10000, 100_000_000))
        term = draw(st.one_of(st.integers(1, 48), st.integers(100, 360)))
        start = date(2020, 1, 1) + timedelta(days=draw(st.integers(0, 1500)))
        principals.append(D(cents) / 100)
        terms.append(term)
        starts.append(start)
        balloons.append(D(draw(st.integers(0, cents))) / 100 if method == "balloon" else D(0))
        rates.append(draw(_schedules(start, term)) if draw(st.booleans()) else draw(_rates()))
    return principals, rates, terms, starts, balloons, options


def _scalar(book: Book, index: int) -> lc.Schedule:
    principals, rates, terms, starts, balloons, options = book
    rate = rates[index]
    schedule = rate if isinstance(rate, RateSchedule) else None
    return lc.amortize(lc.LoanTerms(
        principal=principals[index], annual_rate=None if schedule else rate,
        term=terms[index], start=starts[index], balloon=balloons[index],
        rate_schedule=schedule, **options,  # type: ignore[arg-type]
    ))  # fmt: skip


def _assert_equal(b: batch.BatchSchedule, index: int, s: lc.Schedule) -> None:
    count = len(s.installments)
    assert int(b.installments[index]) == count
    for name in ("payment", "principal", "interest", "fee", "opening_balance", "closing_balance"):
        row = getattr(b, name)[index]
        assert row[:count].tolist() == [int(getattr(i, name) * 100) for i in s.installments]
        assert not row[count:].any()
    assert b.due_dates[index][:count].tolist() == [i.due_date for i in s.installments]


@settings(max_examples=80, deadline=None)
@given(_books())
def test_a_mixed_book_equals_amortize_and_moving_loans_stay_vectorised(book: Book) -> None:
    principals, rates, terms, starts, balloons, options = book
    try:
        b = batch.amortize(principals, rates, terms, start=starts, balloon=balloons, **options)  # type: ignore[arg-type]
    except lc.LoanCalcError:  # a loan the scalar engine refuses is refused here too
        return
    for index in range(len(principals)):
        _assert_equal(b, index, _scalar(book, index))
    reasons = dict(zip(b.fallback.tolist(), b.fallback_reasons, strict=True))
    for index, rate in enumerate(rates):
        if isinstance(rate, RateSchedule):  # regular first periods, no bullet: the loop's
            assert reasons.get(index, next(iter(RARER))) in RARER
    first = batch.payments(principals, rates, terms, start=starts, balloon=balloons, **options)  # type: ignore[arg-type]
    assert first.tolist() == b.payment[:, 0].tolist()


def test_the_hand_checked_cut_both_ways() -> None:
    # 1,200 over 3 months from 2024-01-01 at 12 %, 6 % from 2024-02-01 (the start of
    # period 2). Period 1: 1,200 x 1 % = 12.00 interest; the level 1,200 x 0.01 /
    # (1 - 1.01^-3) = 408.0265 -> 408.03, principal 396.03, leaving 803.97.
    # recompute: 803.97 x 0.005 / (1 - 1.005^-2) = 405.0000... -> 405.00; interest
    #   803.97 x 0.5 % = 4.02, then 402.99 x 0.5 % = 2.01, 402.99 + 2.01 = 405.00.
    # keep: 408.03 kept; 803.97 - (408.03 - 4.02) = 399.96, last 399.96 + 2.00 = 401.96.
    cut = RateSchedule(annual_rate="12%", dated_changes=[RateChange(on=date(2024, 2, 1),
                                                                    annual_rate="6%")])  # fmt: skip
    kept = RateSchedule(annual_rate="12%", on_reprice="keep-payment",
                        dated_changes=cut.dated_changes)  # fmt: skip
    b = batch.amortize([1200, 1200], [cut, kept], 3, start=date(2024, 1, 1))
    assert b.payment.tolist() == [[40803, 40500, 40500], [40803, 40803, 40196]]
    assert b.interest.tolist() == [[1200, 402, 201], [1200, 402, 200]]
    assert b.fallback.tolist() == []


def test_a_realistic_lpr_book_does_not_fall_back() -> None:
    # 300 mortgages at LPR5Y + spread, repriced each 1 January or on the anniversary,
    # both repricing options, starts over five years: every one vectorised.
    count = 300
    rng = np.random.default_rng(7)
    starts = [date(2019, 9, 1) + timedelta(days=int(d)) for d in rng.integers(0, 1800, count)]
    spreads = [D(int(s)) / 10000 for s in rng.integers(-30, 120, count)]
    schedules = [
        RateSchedule(index="LPR5Y", spread=spread, reprice=("january", "anniversary")[i % 2],
                     on_reprice=("recompute-payment", "keep-payment")[(i // 2) % 2])
        for i, spread in enumerate(spreads)
    ]  # fmt: skip
    principals = [D(int(p)) for p in rng.integers(100_000, 3_000_000, count)]
    terms = [int(t) for t in rng.choice([120, 240, 360], count)]
    b = batch.amortize(principals, schedules, terms, start=starts)
    assert b.fallback.tolist() == []
    for index in range(0, count, 37):
        book: Book = (principals, list(schedules), terms, starts, [D(0)] * count, {})
        _assert_equal(b, index, _scalar(book, index))


def test_what_the_loop_does_not_take_is_listed_with_its_reason() -> None:
    change = RateChange(on=date(2024, 3, 10), annual_rate="4%")
    moving = RateSchedule(annual_rate="6%", dated_changes=[change])
    b = batch.amortize([1000, 1000, 1000], ["5%", moving, moving], 6,
                       start=date(2024, 1, 15),
                       first_due=[None, None, date(2024, 2, 25)])  # fmt: skip
    assert b.fallback.tolist() == [2]
    assert b.fallback_reasons == (_rate_paths.IRREGULAR,)
    bullet = batch.amortize([1000, 1000], ["5%", moving], 6, start=date(2024, 1, 15),
                            method="bullet")  # fmt: skip
    assert bullet.fallback.tolist() == [1]
    assert bullet.fallback_reasons == (_rate_paths.BULLET,)
    quarterly = batch.amortize([1000], [moving], 4, start=date(2024, 1, 15), frequency="quarterly")
    assert quarterly.fallback_reasons == (_rate_paths.OTHER,)


def test_a_path_shared_by_loans_is_worked_out_once() -> None:
    shared = RateSchedule(index="LPR1Y", spread="0.3%", reprice="january")
    p = read(
        principal=[1000, 2000, 3000], annual_rate=[shared, shared, shared], term=24,
        start=[date(2022, 5, 1), date(2022, 5, 1), date(2022, 6, 1)],
    )  # fmt: skip
    found = _rate_paths.sort(p)
    assert found.paths[0] is found.paths[1]
    assert found.paths[0] is not found.paths[2]
