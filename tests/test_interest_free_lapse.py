"""A conditional interest-free window that lapses charges as if there had been none
(issue 21): worked examples and properties over generated actual-balance loans."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

import loancalc as lc
from balance_strategies import cases
from loancalc.servicing import EventKind, InterestFreePeriod
from loancalc.servicing.export import statement_csv

D = Decimal
START = date(2024, 1, 1)


def _loan(principal: str = "1000", rate: str = "365%") -> lc.Schedule:
    # ACT/365F at 365 %: 1 % of the principal a day
    return lc.amortize(
        lc.LoanTerms(
            principal=principal, annual_rate=rate, term=3, start=START, accrual="daily",
            day_count="ACT/365F",
        )
    )  # fmt: skip


def _rules(days: int = 3, **more: Any) -> lc.ServicingRules:
    return lc.ServicingRules(
        interest_basis="actual-balance", interest_free=InterestFreePeriod(days=days), **more
    )


def _costs(state: lc.LoanState) -> D:
    return sum(state.charged.as_tuple()[1:], D(0))


def test_a_payment_within_a_lapsed_window_is_re_allocated_as_without_one() -> None:
    # 1,000 at 1 % a day, 3 interest-free days to 01-04; 300 paid on 01-03.
    # Within the window the 300 is all principal (700 left). The window lapses at the end
    # of 01-04: as without it, 01-03's 300 pays 2 days' interest (20.00) and 280.00 of
    # principal (720.00 left); 01-03 to 01-04 adds 7.20. By 01-10: 6 more days on 720
    # (43.20), so 50.40 of interest is owed on 720.00 of principal.
    pay = [lc.Payment(date(2024, 1, 3), "300")]
    state = lc.assess(_loan(), pay, date(2024, 1, 10), _rules())
    assert (state.paid.principal, state.paid.interest) == (D("280.00"), D("20.00"))
    assert (state.outstanding.principal, state.outstanding.interest) == (D("720.00"), D("50.40"))
    paid_line, lapse = [line for line in state.statement if line.date >= date(2024, 1, 3)][:2]
    assert (paid_line.principal, paid_line.interest, paid_line.balance) == (
        D("700.00"),
        0,
        D("700.00"),
    )  # within the window, as it was then
    # the day the window lapses: 20.00 + 7.20 charged; principal back up by the 20.00
    assert (lapse.date, lapse.days, lapse.interest, lapse.principal) == (
        date(2024, 1, 4),
        1,
        D("27.20"),
        D("720.00"),
    )
    assert lapse.interest_balance == D("7.20")
    assert lapse.balance == paid_line.balance + lapse.interest + lapse.charges - lapse.paid
    (event,) = [e for e in state.events if e.kind is EventKind.INTEREST_FREE_LAPSED]
    assert (event.date, event.amounts.interest) == (date(2024, 1, 4), D("27.20"))
    assert event.note.endswith("; 20.00 paid within it re-allocated from principal")
    assert "re-run without it" in statement_csv(state.statement).splitlines()[3]


def test_the_window_is_kept_when_the_loan_is_repaid_on_its_last_day() -> None:
    # repaid in full on 01-04 (the window's last day): no interest at all
    state = lc.assess(_loan(), [lc.Payment(date(2024, 1, 4), "1000")], date(2024, 1, 10), _rules())
    assert state.charged.interest == 0
    assert state.total_outstanding == 0
    assert [e.kind for e in state.events if e.kind.value.startswith("interest-f")] == [
        EventKind.INTEREST_FORGIVEN
    ]


def test_assessed_on_the_last_day_the_window_has_not_lapsed_yet() -> None:
    # on 01-04 paying 700 still repays within the window; from 01-05 it has lapsed
    pay = [lc.Payment(date(2024, 1, 3), "300")]
    on_the_day = lc.assess(_loan(), pay, date(2024, 1, 4), _rules())
    assert on_the_day.payoff_amount() == D("700.00")
    assert not [e for e in on_the_day.events if e.kind is EventKind.INTEREST_FREE_LAPSED]
    after = lc.assess(_loan(), pay, date(2024, 1, 5), _rules())
    assert after.payoff_amount() == D("720.00") + D("7.20") + D("7.20")


def test_a_lapse_also_replays_a_late_fee_and_the_caps() -> None:
    # A 40-day window (to 02-10) over a first instalment due 02-01 with 5 days of grace: the
    # instalment is missed, its late fee (10) falls on 02-06, inside the window; at the
    # lapse everything is as without the window, the late fee and a total cap included.
    rules = _rules(
        40,
        grace=lc.GracePolicy(days=5),
        late_fee=lc.LateFeePolicy(kind="fixed", amount="10"),
        caps=lc.CostCaps(total_share="5%"),
    )
    pay = [lc.Payment(date(2024, 1, 20), "100")]
    loan = _loan(rate="36.5%")  # 0.1 % a day: the cap (50.00) is reached in late February
    state = lc.assess(loan, pay, date(2024, 3, 1), rules)
    without = lc.assess(loan, pay, date(2024, 3, 1), rules.replace(interest_free=None))
    assert state.charged == without.charged
    assert state.outstanding == without.outstanding
    assert state.late_fees == D("10")
    assert state.cap_hits == without.cap_hits
    assert sum(state.charged.as_tuple()[1:]) == D("50.00")
    assert [row.status for row in state.installments] == [
        row.status for row in without.installments
    ]


@st.composite
def _windowed(draw: st.DrawFn) -> tuple[Any, ...]:
    """A generated case with a conditional window, often a payment within it."""
    schedule, paid, as_of, rules = draw(cases(extras=True))
    start = schedule.terms.start
    days = (schedule.maturity - start).days
    assume(days > 1)
    free = InterestFreePeriod(days=draw(st.integers(1, min(days - 1, 40))))
    if draw(st.booleans()):
        within = start + timedelta(days=draw(st.integers(0, free.days)))
        amount = D(draw(st.integers(1, int(schedule.terms.principal * 100)))) / 100
        paid = [*paid, lc.Payment(within, amount, "W")]
    return schedule, paid, as_of, rules.replace(interest_free=free)


@settings(max_examples=200, deadline=None)
@given(_windowed())
def test_a_lapsed_window_costs_exactly_what_no_window_costs(case: Any) -> None:
    schedule, paid, as_of, rules = case
    free = rules.interest_free
    state = lc.assess(schedule, paid, as_of, rules)
    without = lc.assess(schedule, paid, as_of, rules.replace(interest_free=None))
    lapsed = [e for e in state.events if e.kind is EventKind.INTEREST_FREE_LAPSED]
    end = schedule.terms.start + timedelta(days=free.days)
    if lapsed:
        assert as_of > end
        assert lapsed[0].date == end
        assert state.charged == without.charged
        assert state.paid == without.paid
        assert state.outstanding == without.outstanding
        assert state.credit == without.credit
        assert state.payoff_amount() == without.payoff_amount()
        assert state.days_past_due == without.days_past_due
        # the statement's lines still add up: each balance is the last plus what it added
        lines = state.statement
        noted = [(b, line) for b, line in itertools.pairwise(lines) if line.note]
        assert [line.date for _, line in noted] == [end]
        for before, line in noted:
            assert line.balance == before.balance + line.interest + line.charges - line.paid
    else:
        # kept (repaid within it) or not over yet: the window never costs more
        assert as_of <= end or any(e.kind is EventKind.INTEREST_FORGIVEN for e in state.events)
        assert _costs(state) <= _costs(without)
