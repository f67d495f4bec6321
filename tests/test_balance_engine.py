"""Worked examples of the actual-balance engine, each computed by hand in its comments.

The loan of most examples: 1,200 at 36 % a year (0.1 % a day on ACT/360), three monthly
instalments from 2024-01-01, daily accrual. Its schedule: 424.51 a month; interest 37.20
(1,200 x 0.1 % x 31), 23.57 (812.69 x 0.1 % x 29), 12.76 (411.75 x 0.1 % x 31).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import loancalc as lc
from loancalc.errors import InvalidValueError
from loancalc.servicing import EventKind, Waiver

D = Decimal
START = date(2024, 1, 1)


def _schedule(**changes: object) -> lc.Schedule:
    terms: dict[str, object] = {
        "principal": 1200,
        "annual_rate": "36%",
        "term": 3,
        "start": START,
        "accrual": "daily",
    }
    terms.update(changes)
    return lc.amortize(lc.LoanTerms(**terms))  # type: ignore[arg-type]


def _rules(**changes: object) -> lc.ServicingRules:
    return lc.ServicingRules(interest_basis="actual-balance", **changes)  # type: ignore[arg-type]


def _assess(payments: list[tuple[date, str]], as_of: date, **rules: object) -> lc.LoanState:
    paid = [lc.Payment(day, amount) for day, amount in payments]
    return lc.assess(_schedule(), paid, as_of, _rules(**rules))


def test_the_schedule_of_the_examples() -> None:
    rows = _schedule().installments
    assert [row.payment for row in rows] == [D("424.51")] * 3
    assert [row.interest for row in rows] == [D("37.20"), D("23.57"), D("12.76")]


def test_paying_on_the_due_dates_charges_the_schedules_interest() -> None:
    rows = _schedule().installments
    state = _assess([(row.due_date, str(row.payment)) for row in rows], date(2024, 4, 1))
    due_lines = [line for line in state.statement if line.scheduled]
    assert [line.interest for line in due_lines] == [row.interest for row in rows]
    assert state.total_outstanding == 0
    assert state.credit == 0
    assert state.status == "paid-off"


def test_an_early_payment_pays_interest_to_its_day_then_principal_and_counts_ahead() -> None:
    # 800 on 2024-01-16: interest 1,200 x 0.1 % x 15 = 18.00, principal 782.00 -> 418.00.
    # 2024-02-01: 418 x 0.1 % x 16 = 6.688 -> 6.69; the 800 paid ahead covers instalment 1
    # (424.51) and 375.49 of instalment 2.
    # 2024-03-01: 418 x 0.1 % x 29 = 12.122 -> 12.12; instalment 2 lacks 424.51 - 375.49.
    state = _assess([(date(2024, 1, 16), "800")], date(2024, 3, 1))
    first, payment, due1, due2 = state.statement
    assert (payment.interest, payment.principal) == (D("18.00"), D("418.00"))
    assert (due1.interest, due1.arrears) == (D("6.69"), D("0.00"))
    assert (due2.interest, due2.arrears) == (D("12.12"), D("49.02"))
    assert state.outstanding.interest == D("18.81")
    assert [i.status.value for i in state.installments] == [
        "paid-on-time",
        "partly-paid",
        "not-yet-due",
    ]
    assert state.amount_due == D("49.02")
    assert first.principal == D("1200.00")
    assert first.days == 0


def test_overpayment_as_credit_saves_no_interest() -> None:
    # The same 800 held as credit: the principal earns interest as scheduled (37.20, then
    # 23.57), the credit pays instalment 1 (424.51) and 375.49 of instalment 2.
    state = _assess([(date(2024, 1, 16), "800")], date(2024, 3, 1), overpayment="credit")
    assert [line.interest for line in state.statement[2:]] == [D("19.20"), D("23.57")]
    # 18.00 to 2024-01-16 and 19.20 after it: the 37.20 of the schedule
    assert state.statement[1].interest == D("18.00")
    assert state.outstanding.principal == D("460.77")  # 812.69 - (375.49 - 23.57)
    assert state.credit == 0
    assert state.statement[-1].arrears == D("49.02")


def test_paying_more_than_everything_leaves_a_refund_shown_as_a_negative_balance() -> None:
    # 2,000 on 2024-01-16 against 1,200 + 18.00: 782.00 is owed back.
    state = _assess([(date(2024, 1, 16), "2000")], date(2024, 3, 1))
    assert state.credit == D("782.00")
    assert state.total_outstanding == 0
    assert state.statement[-1].balance == D("-782.00")
    assert state.payoff_amount() == D("-782.00")
    # settled on 2024-01-16, before either instalment fell due
    assert state.status == "settled"
    assert state.settled_on == date(2024, 1, 16)
    assert [i.status.value for i in state.installments[:2]] == ["settled"] * 2


def test_a_promotional_rate_applies_between_its_dates() -> None:
    # 0 % from 2024-01-01 to 2024-01-31, then 36 %: interest on 2024-02-01 is one day,
    # 1,200 x 0.1 % = 1.20. The 500 paid then: 424.51 pays instalment 1 (1.20 of interest,
    # 423.31 of principal) and 75.49 more principal: 1,200 - 498.80 = 701.20.
    promotion = lc.PromotionalRate(start=START, end=date(2024, 1, 31), annual_rate=0)
    state = _assess([(date(2024, 2, 1), "500")], date(2024, 3, 1), promotions=[promotion])
    line = state.statement[1]
    assert (line.interest, line.principal) == (D("1.20"), D("701.20"))
    # 701.20 x 0.1 % x 29 = 20.3348 -> 20.33; instalment 2 was not paid ahead (75.49 is
    # less than it) but the 75.49 counts: 424.51 - 75.49 = 349.02 is in arrears
    assert state.statement[2].interest == D("20.33")
    assert state.statement[2].arrears == D("349.02")


def test_unconditional_interest_free_days_bear_no_interest() -> None:
    # 10 free days: interest runs 21 days to 2024-02-01: 1,200 x 0.1 % x 21 = 25.20.
    free = lc.InterestFreePeriod(days=10, conditional=False)
    state = _assess([], date(2024, 2, 1), interest_free=free)
    assert state.outstanding.interest == D("25.20")


def test_conditional_interest_free_days_are_forgiven_only_if_repaid_within_them() -> None:
    free = lc.InterestFreePeriod(days=3)
    # repaid on day 3: nothing but the principal
    repaid = _assess([(date(2024, 1, 4), "1200")], date(2024, 1, 10), interest_free=free)
    assert repaid.total_outstanding == 0
    assert repaid.credit == 0
    assert any(e.kind is EventKind.INTEREST_FORGIVEN for e in repaid.events)
    # one day late: the 3 days are charged after all (3.60), and day 4 (1.20); the 1,200
    # pays that interest first, so 4.80 of principal is left
    late = _assess([(date(2024, 1, 5), "1200")], date(2024, 1, 5), interest_free=free)
    assert late.charged.interest == D("4.80")
    assert late.outstanding.principal == late.total_outstanding == D("4.80")
    # the quote within the window is the principal alone, after it everything
    quote = _assess([], START, interest_free=free)
    assert quote.payoff_amount(date(2024, 1, 4)) == D("1200.00")
    assert quote.payoff_amount(date(2024, 1, 5)) == D("1204.80")


def test_an_interest_free_window_longer_than_the_term_is_refused() -> None:
    with pytest.raises(InvalidValueError, match=r"interest_free\.days"):
        _assess([], date(2024, 2, 1), interest_free=lc.InterestFreePeriod(days=100))


def test_penalty_adds_the_difference_above_the_contract_rate_retroactively() -> None:
    # Instalment 1 (424.51: 37.20 interest, 387.31 principal) unpaid past a 3-day grace.
    # Penalty 1.5x = 54 %: overdue principal already bears 36 %, so penalty adds 18 %:
    # 387.31 x 0.05 % x 3 = 0.580965 (2024-02-01 to 02-04, charged retroactively at the
    # end of 02-04), and compound interest at 54 % on the 37.20 of overdue interest:
    # 37.20 x 0.15 % x 3 = 0.1674.
    penalty = lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="multiplier", value="1.5"), compound=True)
    grace = lc.GracePolicy(days=3)
    # on 02-04 itself, the last day of grace, nothing yet: paying that day avoids it
    last_day = _assess([], date(2024, 2, 4), grace=grace, penalty=penalty)
    assert (last_day.penalty_interest, last_day.compound_interest) == (D(0), D(0))
    assert last_day.amount_due == D("424.51")
    state = _assess([], date(2024, 2, 5), grace=grace, penalty=penalty)
    (retro, day5) = [e for e in state.events if e.kind is EventKind.PENALTY_ACCRUED]
    assert (retro.date, retro.start) == (date(2024, 2, 4), date(2024, 2, 1))
    assert (retro.amounts.penalty_interest, retro.amounts.compound_interest) == (
        D("0.58"),
        D("0.17"),
    )
    # 02-05 adds a day: 387.31 x 0.05 % x 4 = 0.77462 -> 0.77, 37.20 x 0.15 % x 4 = 0.2232
    # -> 0.22
    assert day5.date == date(2024, 2, 5)
    assert (state.penalty_interest, state.compound_interest) == (D("0.77"), D("0.22"))
    # paid within grace instead: no penalty at all
    paid = _assess(
        [(date(2024, 2, 3), "424.51")],
        date(2024, 2, 10),
        grace=lc.GracePolicy(days=3),
        penalty=penalty,
    )
    assert paid.penalty_interest == 0
    assert paid.compound_interest == 0
    assert paid.installments[0].status.value == "paid-within-grace"


def test_late_fees_repeat_and_the_default_fee_cap_cuts_each() -> None:
    # 25.00 every 10 days while instalment 1 is unpaid, each cut to 15.00 by the cap:
    # 2024-02-01, 02-11, 02-21 (the instalment is paid on 02-25: 45.00 of fees, 66.00 of
    # interest (37.20 + 1,200 x 0.1 % x 24), 504.00 of principal, covering its 424.51).
    fee = lc.LateFeePolicy(kind="fixed", amount=25, repeat_days=10)
    caps = lc.CostCaps(default_fee=15)
    state = _assess([(date(2024, 2, 25), "615")], date(2024, 2, 29), late_fee=fee, caps=caps)
    assert state.paid.principal == D("504.00")
    assert state.installments[0].status.value == "paid-late"
    assert state.late_fees == D("45.00")
    (hit,) = state.cap_hits
    assert (hit.cap, hit.first_on, hit.last_on, hit.amount_cut) == (
        "default-fee",
        date(2024, 2, 1),
        date(2024, 2, 21),
        D("30"),
    )


def test_the_total_cap_stops_accrual_on_the_day_it_is_reached() -> None:
    # 1,000 at 0.8 % a day (292 % on ACT/365F), nothing paid, 100 % total cap: interest is
    # 8.00 a day, so the 1,000 of allowance is used up by the end of day 125 (2024-05-05):
    # nothing accrues from 2024-05-06.
    schedule = lc.amortize(
        lc.LoanTerms(
            principal=1000, annual_rate="292%", term=3, start=START, accrual="daily",
            day_count="ACT/365F",
        )
    )  # fmt: skip
    rules = _rules(caps=lc.CostCaps(total_share="100%"))
    state = lc.assess(schedule, [], date(2024, 8, 1), rules)
    assert state.outstanding.interest == D("1000.00")
    (hit,) = state.cap_hits
    assert (hit.cap, hit.first_on, hit.last_on) == ("total", date(2024, 5, 6), date(2024, 8, 1))
    # 213 days of 8.00 wanted, 1,000 allowed
    assert hit.amount_cut == D("704")


def test_the_daily_cap_cuts_interest_above_its_share_of_the_principal() -> None:
    # A 0.05 % a day cap on a 0.1 % a day loan: 1,200 x 0.05 % x 31 = 18.60 on 2024-02-01.
    state = _assess([], date(2024, 2, 1), caps=lc.CostCaps(daily_share="0.05%"))
    assert state.outstanding.interest == D("18.60")
    (hit,) = state.cap_hits
    assert (hit.cap, hit.first_on, hit.amount_cut) == ("daily", date(2024, 1, 2), D("18.6"))


def test_the_annual_cap_limits_all_costs_to_a_rate_on_the_principal_in_use() -> None:
    # A 24 % all-in cap on a 36 % loan: 1,200 x 24 % x 31 / 360 = 24.80 by 2024-02-01.
    state = _assess([], date(2024, 2, 1), caps=lc.CostCaps(annual_rate="24%"))
    assert state.outstanding.interest == D("24.80")
    assert [hit.cap for hit in state.cap_hits] == ["annual"]


def test_waived_interest_reduces_the_arrears() -> None:
    # All interest waived on 2024-02-05 (37.20 to 02-01 and 4.80 since): instalment 1
    # still lacks 424.51 - 42.00.
    waiver = Waiver(date=date(2024, 2, 5), component="interest")
    state = lc.assess(_schedule(), [], date(2024, 2, 10), _rules(), waivers=[waiver])
    assert state.waived.interest == D("42.00")
    assert state.statement[-1].arrears == D("382.51")
    assert state.outstanding.interest == D("6.00")  # 1,200 x 0.1 % x 5


def test_a_quote_paid_on_its_day_closes_the_loan() -> None:
    state = _assess([(date(2024, 2, 1), "424.51")], date(2024, 2, 1))
    on = date(2024, 2, 20)
    quote = state.payoff_amount(on)
    assert quote == D("812.69") + D("15.44")  # 812.69 x 0.1 % x 19 = 15.441
    closed = _assess([(date(2024, 2, 1), "424.51"), (on, str(quote))], on)
    assert closed.total_outstanding == 0
    assert closed.credit == 0


def test_a_quote_before_the_as_of_or_the_last_payment_is_refused() -> None:
    state = _assess([(date(2024, 2, 1), "424.51")], date(2024, 2, 10))
    with pytest.raises(InvalidValueError, match="on: got"):
        state.payoff_amount(date(2024, 2, 5))
    # assessed on the payment's day: an earlier quote is refused naming the payment
    early = _assess([(date(2024, 2, 1), "424.51")], date(2024, 2, 1))
    with pytest.raises(InvalidValueError, match="as_of"):
        early.payoff_amount(date(2024, 1, 20))


def test_assess_dates_equals_separate_assessments() -> None:
    days = [date(2024, 1, 20), date(2024, 2, 15), date(2024, 3, 10)]
    schedule, rules = _schedule(), _rules()
    payments = [lc.Payment(date(2024, 2, 1), "300")]
    together = lc.servicing.assess_dates(schedule, payments, days, rules)
    assert together == [lc.assess(schedule, payments, day, rules) for day in days]


def test_a_product_with_actual_balance_rules_is_assessed_on_the_actual_balance() -> None:
    product = lc.products.get("cn-daily-rate-credit-line")
    rules = product.servicing.replace(interest_basis="actual-balance")
    terms = product.terms(principal=10000, term=6, start=date(2024, 1, 31))
    state = lc.assess(lc.amortize(terms), [], date(2024, 2, 10), rules)
    # 10,000 x 14.4 % x 10 / 360
    assert state.outstanding.interest == D("40.00")


def test_restructuring_an_actual_balance_loan_replaces_its_balances() -> None:
    state = _assess([], date(2024, 2, 15))
    # 1,200 + 1,200 x 0.1 % x 45 = 1,254.00 owed, all of it in the new plan
    plan = lc.restructure(state, date(2024, 2, 15), term=6)
    assert plan.schedule.terms.principal == D("1254.00")


def test_batch_penalties_refuse_actual_balance_rules() -> None:
    with pytest.raises(InvalidValueError, match=r"rules\.interest_basis"):
        lc.batch.penalties([100], [0], ["0.1"], [date(2024, 1, 1)], date(2024, 2, 1), _rules())
