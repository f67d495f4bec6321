"""``delinquency_history(state)``: repayment history as a credit bureau reads it.

Hand-worked histories (the expected strings written out month by month), then
properties against independent oracles: ``lc.assess`` on each day (the days past due),
the bucket of the state, and the counts recomputed from the string."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
import servicing_strategies as sst
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.servicing import GracePolicy, ServicingRules, assess_dates
from loancalc.servicing._bureau_status import LEGEND, character, overdue_counts
from loancalc.servicing.bureau import DaysPastDueSeries, DelinquencyHistory, delinquency_history
from product_terms import product_terms

import balance_strategies as bst  # isort: skip
from servicing_strategies import on_basis as _on_basis

D = Decimal
BASES = ("scheduled", "actual-balance")
PRODUCTS = lc.products.names()
# 12,000 at 18 % over 12 months from 2024-01-15: 1,100.16 a month, due on the 15th from
# 2024-02-15 to 2025-01-15. No rules: nothing is charged for lateness, so a payment of the
# instalments owed clears them exactly.
LOAN = lc.amortize(lc.LoanTerms(principal=12000, annual_rate="18%", term=12,
                                start=date(2024, 1, 15)))  # fmt: skip
DUE = [row.due_date for row in LOAN.installments]
PAY = D("1100.16")


def _on_time(*numbers: int) -> list[lc.Payment]:
    return [lc.Payment(DUE[n - 1], PAY) for n in numbers]


def _history(payments: list[lc.Payment], as_of: date, rules: object = None) -> DelinquencyHistory:
    return delinquency_history(lc.assess(LOAN, payments, as_of, rules))


# ---- hand-worked histories ---------------------------------------------------------------


def test_a_loan_paid_on_time_is_n_every_month_it_has_a_payment() -> None:
    # Through 2024-12-31: 11 instalments, due 02-15 .. 12-15, each paid on its due date.
    history = _history(_on_time(*range(1, 12)), date(2024, 12, 31))
    # Jan 2024: opened on the 15th, nothing due (*); Feb..Dec: paid as agreed (N).
    assert history.status_string(12) == "*" + "N" * 11
    # 24 months: Jan 2023 .. Dec 2023 before the loan (/ x 12).
    assert history.status_string() == "/" * 12 + "*" + "N" * 11
    assert history.first_overdue_date is None
    assert history.episode_start is None
    assert history.max_days_past_due() == 0
    assert history.bucket_transitions == ()
    assert (history.consecutive_overdue_months(), history.cumulative_overdue_months()) == (0, 0)
    assert history.days_past_due_series.runs == ((date(2024, 1, 15), 0, False),)


def test_a_loan_35_days_late_once_then_current() -> None:
    # Instalment 2 (due 03-15) and 3 (due 04-15) are both paid on 04-19 (2 x 1,100.16);
    # the rest on time. 03-16 is the first day past due; on 03-31 instalment 2 is 16 days
    # past due (band 1); on 04-15 it is 31 days (M2); on 04-18, 34; the payment on 04-19
    # (35 days after 03-15) clears both.
    paid = [*_on_time(1), lc.Payment(date(2024, 4, 19), 2 * PAY), *_on_time(4, 5, 6, 7, 8)]
    history = _history(paid, date(2024, 9, 30))
    # Oct 2022 .. Dec 2023: 15 months before the loan; Jan *, Feb N, Mar 1, Apr..Sep N.
    assert history.status_string() == "/" * 15 + "*N1" + "N" * 6
    assert history.first_overdue_date == date(2024, 3, 16)
    assert history.episode_start is None
    assert history.max_days_past_due() == 34
    assert history.max_days_past_due(date(2024, 3, 16), date(2024, 3, 31)) == 16
    assert history.max_days_past_due(start=date(2024, 4, 19)) == 0
    assert [(t.date, t.before, t.after, t.days_past_due) for t in history.bucket_transitions] == [
        (date(2024, 3, 16), "M0", "M1", 1),
        (date(2024, 4, 15), "M1", "M2", 31),
        (date(2024, 4, 19), "M2", "M0", 0),
    ]
    assert (history.consecutive_overdue_months(), history.cumulative_overdue_months()) == (1, 1)
    series = history.days_past_due_series
    assert series.on(date(2024, 4, 18)) == 34
    assert series.on(date(2024, 4, 19)) == 0
    assert [m.days_past_due for m in history.months] == [0, 0, 16, 0, 0, 0, 0, 0, 0]


def test_a_loan_missed_three_months_running() -> None:
    # Instalments 2, 3 and 4 (due 03-15, 04-15, 05-15) are missed, then paid together on
    # 06-10 (3 x 1,100.16 = 3,300.48); the rest on time. Month ends: 03-31 16 days past due
    # (band 1), 04-30 16 + 30 = 46 (band 2), 05-31 46 + 31 = 77 (band 3), then N.
    paid = [*_on_time(1), lc.Payment(date(2024, 6, 10), 3 * PAY), *_on_time(5, 6, 7, 8)]
    history = _history(paid, date(2024, 9, 30))
    assert history.status_string(12) == "///*N123NNNN"
    # 连三: 3 consecutive overdue months, 3 in all.
    assert (history.consecutive_overdue_months(), history.cumulative_overdue_months()) == (3, 3)
    # Apr..Sep: 2 3 N N N N -> 2 in a row, 2 in all; Mar..Sep adds the 1.
    assert (history.consecutive_overdue_months(6), history.cumulative_overdue_months(6)) == (2, 2)
    assert (history.consecutive_overdue_months(7), history.cumulative_overdue_months(7)) == (3, 3)
    # Longest: 06-09, 16 (March) + 30 (April) + 31 (May) + 9 (June) = 86 days.
    assert history.max_days_past_due() == 86
    assert [(t.date, t.after) for t in history.bucket_transitions] == [
        (date(2024, 3, 16), "M1"),
        (date(2024, 4, 15), "M2"),  # 31 days
        (date(2024, 5, 15), "M3"),  # 61 days: 16 + 30 + 15
        (date(2024, 6, 10), "M0"),
    ]


def test_a_loan_still_missing_reports_its_current_episode() -> None:
    # Instalment 1 paid; nothing after: 03-16 is day 1 of the episode still running on
    # 2024-07-20 (03-16 .. 07-20: 16 + 30 + 31 + 30 + 20 = 127 days).
    history = _history(_on_time(1), date(2024, 7, 20))
    assert history.episode_start == date(2024, 3, 16)
    assert history.days_past_due_series.on(date(2024, 7, 20)) == 127
    # 03-31 16 (1), 04-30 46 (2), 05-31 77 (3), 06-30 107 (4), 07-20 127 (5).
    assert history.status_string(7) == "*N12345"
    assert (history.consecutive_overdue_months(), history.cumulative_overdue_months()) == (5, 5)


def test_a_partial_catch_up_keeps_the_episode_running() -> None:
    # Instalment 2 (03-15) is paid on 04-20, instalment 3 (04-15) is not: the payment
    # ends neither the episode nor the days past due (5 days for instalment 3 on 04-20).
    history = _history([*_on_time(1), lc.Payment(date(2024, 4, 20), PAY)], date(2024, 4, 25))
    assert history.episode_start == date(2024, 3, 16)
    assert history.days_past_due_series.on(date(2024, 4, 20)) == 5
    assert [str(t) for t in history.bucket_transitions] == [
        "2024-03-16 M0 -> M1",
        "2024-04-15 M1 -> M2",
        "2024-04-20 M2 -> M1",
    ]


def test_a_loan_settled_early_is_c_from_the_month_it_closes() -> None:
    # Instalments 1-3 paid on time, the loan settled on 2024-04-20 by paying its payoff.
    paid = _on_time(1, 2, 3)
    before = lc.assess(LOAN, paid, date(2024, 4, 20))
    settle = lc.Payment(date(2024, 4, 20), before.payoff_amount())
    state = lc.assess(LOAN, [*paid, settle], date(2024, 9, 30))
    assert state.status == "settled"
    history = delinquency_history(state)
    # Jan *, Feb N, Mar N, Apr closed on the 20th (C), May..Sep still closed (C).
    assert history.status_string(9) == "*NNCCCCCC"
    assert history.first_overdue_date is None
    assert (history.consecutive_overdue_months(), history.cumulative_overdue_months()) == (0, 0)


def test_past_due_within_grace_is_not_reported() -> None:
    # Due 05-30 (start 2024-03-30, monthly), 3 days of grace (to 06-02): on 05-31 the loan
    # is 1 day past due but not reportable, so May is N; paid on 06-01, within grace.
    loan = lc.amortize(lc.LoanTerms(principal=1000, annual_rate=0, term=2,
                                    start=date(2024, 3, 30)))  # fmt: skip
    rules = ServicingRules(grace=GracePolicy(days=3))
    paid = [lc.Payment(date(2024, 4, 30), "500"), lc.Payment(date(2024, 6, 1), "500")]
    history = delinquency_history(lc.assess(loan, paid, date(2024, 6, 30), rules))
    assert history.status_string(4) == "*NNC"
    assert history.first_overdue_date == date(2024, 5, 31)
    assert history.max_days_past_due() == 1
    assert history.cumulative_overdue_months() == 0


def test_the_month_of_as_of_is_read_on_as_of() -> None:
    # 2024-03-20: instalment 2 is 5 days past due: band 1 in the (unfinished) month.
    history = _history(_on_time(1), date(2024, 3, 20))
    assert history.months[-1].reported_on == date(2024, 3, 20)
    assert history.status_string(3) == "*N1"


def test_bands_of_the_report_are_30_days_wide() -> None:
    assert [character(days_past_due=d, reportable=True, closed=False, due_in_month=False)
            for d in (1, 30, 31, 60, 61, 90, 91, 120, 121, 150, 151, 180, 181)] == list(
        "1122334455667"
    )  # fmt: skip
    assert character(days_past_due=0, reportable=False, closed=True, due_in_month=True) == "C"
    assert set("/*N1234567CGDZ#") <= set(LEGEND)


def test_overdue_counts_read_a_report_string() -> None:
    # 连三累六: N N 1 2 3 N N 1 N G -> longest run 3 (1 2 3), 5 in all (1 2 3 1 G).
    assert overdue_counts("NN123NN1NG") == (3, 5)
    assert overdue_counts("NN123NN1NG", window=3) == (1, 2)  # 1 N G
    assert overdue_counts("//***CCC") == (0, 0)
    assert overdue_counts("") == (0, 0)


# ---- bad input ---------------------------------------------------------------------------


def test_bad_input_is_refused_naming_the_field() -> None:
    history = _history(_on_time(1), date(2024, 3, 20))
    with pytest.raises(InvalidTypeError, match=r"^state: "):
        delinquency_history(LOAN)  # type: ignore[arg-type]
    for months in (0, -1, 1201, 2.0, "24", True):
        with pytest.raises(InvalidValueError, match=r"^months: "):
            history.status_string(months)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"^window: "):
        history.consecutive_overdue_months(0)
    with pytest.raises(InvalidValueError, match=r"^start: "):
        history.max_days_past_due(date(2024, 3, 10), date(2024, 3, 1))
    with pytest.raises(InvalidValueError, match=r"^end: "):
        history.max_days_past_due(end=date(2024, 3, 21))
    with pytest.raises(InvalidValueError, match=r"^day: "):
        history.days_past_due_series.on(date(2024, 1, 14))
    with pytest.raises(InvalidValueError, match=r"^status: "):
        overdue_counts(123)  # type: ignore[arg-type]


# ---- properties: every built-in product, both interest bases -----------------------------


@st.composite
def product_states(
    draw: st.DrawFn, name: str | None = None, basis: str | None = None
) -> lc.LoanState:
    """A loan of a built-in product (``name``, or any), on ``basis`` (or either), with
    payments on time, late, partial or missed, maybe settled, assessed on a day of its life
    or up to 400 days after."""
    product = lc.products.get(name or draw(st.sampled_from(lc.products.names())))
    terms = product_terms(draw, product, (1, 9), date(2023, 1, 1), 700)
    quantum = product.rounding.quantum
    schedule = lc.amortize(terms)
    payments = []
    for row in schedule.installments:
        kind = draw(st.sampled_from(["on-time", "late", "part", "missed"]))
        if kind == "missed":
            continue
        late = draw(st.integers(1, 100)) if kind == "late" else 0
        amount = row.payment if kind != "part" else (row.payment / 3).quantize(quantum)
        if amount > 0:
            payments.append(lc.Payment(row.due_date + timedelta(days=late), amount))
    span = (schedule.maturity - terms.start).days + 400
    as_of = terms.start + timedelta(days=draw(st.integers(0, span)))
    rules = _on_basis(product.servicing, basis or draw(st.sampled_from(BASES)))
    if draw(st.booleans()):  # settle on a day of the loan's life
        day = terms.start + timedelta(days=draw(st.integers(0, span)))
        paid_before = [p for p in payments if p.date <= day]
        figure = lc.assess(schedule, paid_before, day, rules).payoff_amount()
        if figure > 0:
            payments = [*paid_before, lc.Payment(day, figure)]
    return lc.assess(schedule, payments, as_of, rules)


def _check_invariants(state: lc.LoanState, months: int) -> DelinquencyHistory:
    history = delinquency_history(state)
    series = history.days_past_due_series
    status = history.status_string(months)
    assert len(status) == months
    assert set(status) <= set("/*N1234567C")
    consecutive = history.consecutive_overdue_months(months)
    cumulative = history.cumulative_overdue_months(months)
    assert 0 <= consecutive <= cumulative <= months
    assert cumulative == sum(1 for c in status if c not in "NC*/")
    longest = max((len(run) for run in "".join(
        "x" if c not in "NC*/" else " " for c in status).split()), default=0)  # fmt: skip
    assert consecutive == longest
    assert series.on(state.as_of) == state.days_past_due
    assert history.max_days_past_due() >= state.days_past_due
    assert history.max_days_past_due() == int(series.to_numpy().max())
    assert (history.first_overdue_date is None) == (history.max_days_past_due() == 0)
    # The bucket transitions replay to the state's bucket.
    bucket = state.rules.delinquency.bucket(0)
    for move in history.bucket_transitions:
        assert move.before == bucket != move.after
        assert move.after == state.rules.delinquency.bucket(move.days_past_due)
        bucket = move.after
    assert bucket == state.bucket
    dates = [move.date for move in history.bucket_transitions]
    assert dates == sorted(set(dates))
    # The month of as_of is read on as_of, from the state itself.
    last = history.months[-1]
    assert last.reported_on == state.as_of
    assert last.days_past_due == state.days_past_due
    if state.status in ("settled", "paid-off"):
        assert last.status == "C"
    elif state.reportable:
        assert last.status == str(min(7, (max(state.days_past_due, 1) - 1) // 30 + 1))
    if history.episode_start is None:
        assert state.days_past_due == 0
    else:
        values = series.to_numpy(start=history.episode_start)
        assert values.min() > 0
        assert series.on(history.episode_start - timedelta(days=1)) == 0
    return history


def _check_against_assess(state: lc.LoanState, offsets: list[int]) -> None:
    """The series is ``lc.assess`` on each day (the oracle), and the first overdue date
    is the first day ``lc.assess`` finds past due."""
    history = delinquency_history(state)
    start = state.schedule.terms.start
    days = sorted({start + timedelta(days=o % ((state.as_of - start).days + 1)) for o in offsets})
    for day in days:
        on = lc.assess(state.schedule, state.payments, day, state.rules, waivers=state.waivers)
        assert history.days_past_due_series.on(day) == on.days_past_due, day
    first = history.first_overdue_date
    if first is not None:
        before = first - timedelta(days=1)
        for day, expected in ((before, 0), (first, 1)):
            if day >= start:
                on = lc.assess(state.schedule, state.payments, day, state.rules)
                assert (on.days_past_due > 0) == bool(expected)


@pytest.mark.parametrize("basis", BASES)
@pytest.mark.parametrize("name", PRODUCTS)
@settings(max_examples=10)
@given(data=st.data())
def test_invariants_on_every_product_and_basis(name: str, basis: str, data: st.DataObject) -> None:
    state = data.draw(product_states(name, basis))
    _check_invariants(state, data.draw(st.sampled_from([1, 6, 24, 36])))


@pytest.mark.parametrize("basis", BASES)
@pytest.mark.parametrize("name", PRODUCTS)
@settings(max_examples=5)
@given(data=st.data())
def test_series_is_assess_on_each_day_on_every_product_and_basis(
    name: str, basis: str, data: st.DataObject
) -> None:
    state = data.draw(product_states(name, basis))
    _check_against_assess(state, data.draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=6)))


def _daily(state: lc.LoanState) -> list[int]:
    start = state.schedule.terms.start
    days = [start + timedelta(days=n) for n in range((state.as_of - start).days + 1)]
    states = assess_dates(state.schedule, state.payments, days, state.rules, waivers=state.waivers)
    return [one.days_past_due for one in states]


@settings(max_examples=60)
@given(sst.cases())
def test_scheduled_series_is_a_daily_walk_of_assessments(
    case: tuple[lc.Schedule, list[lc.Payment], date, ServicingRules],
) -> None:
    # Grace in business days, relief windows, every allocation order (servicing_strategies).
    schedule, paid, as_of, rules = case
    state = lc.assess(schedule, paid, as_of, rules)
    history = _check_invariants(state, 24)
    assert history.days_past_due_series.to_numpy().tolist() == _daily(state)


@settings(max_examples=12)
@given(bst.cases(max_term=4))
def test_actual_balance_series_is_a_daily_walk_of_assessments(case: tuple[object, ...]) -> None:
    schedule, paid, as_of, rules = case
    state = lc.assess(schedule, paid, as_of, rules)  # type: ignore[arg-type]
    history = _check_invariants(state, 24)
    assert history.days_past_due_series.to_numpy().tolist() == _daily(state)


def test_series_runs_are_the_fewest() -> None:
    history = _history(_on_time(1), date(2024, 7, 20))
    assert history.days_past_due_series.runs == (
        (date(2024, 1, 15), 0, False),
        (date(2024, 3, 16), 1, True),
    )


def test_series_windows_and_numpy() -> None:
    series = DaysPastDueSeries(
        start=date(2024, 1, 1),
        end=date(2024, 1, 10),
        runs=(
            (date(2024, 1, 1), 0, False),
            (date(2024, 1, 4), 1, True),
            (date(2024, 1, 8), 0, False),
        ),
    )
    assert series.to_numpy().tolist() == [0, 0, 0, 1, 2, 3, 4, 0, 0, 0]
    assert series.to_numpy(date(2024, 1, 5), date(2024, 1, 8)).tolist() == [2, 3, 4, 0]
    assert series.maximum(date(2024, 1, 5), date(2024, 1, 6)) == 3
    assert series.maximum(date(2024, 1, 8)) == 0
