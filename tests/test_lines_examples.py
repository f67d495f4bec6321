"""Credit lines, checked by hand: two draws on one line, a part-payment spread by each
allocation rule, one draw overdue, the line's status, a negotiated plan merging both
draws, and its breach.

The line: the built-in ``cn-daily-rate-credit-line`` (0.04 % a day = 14.4 % a year,
ACT/360, interest on the actual balance, 3 days of retroactive grace, penalty 1.5x the
contract rate: on this basis contract interest keeps running on overdue principal, so the
penalty charged on top of it is 0.5 x 0.04 % = 0.02 % a day; compound interest on overdue
interest at 1.5 x 0.04 % = 0.06 % a day). Limit 50,000.

Draw 1: 9,000 on 2024-01-01, 3 months, equal principal: 3,000 a month;
  instalment 1 (2024-02-01): 9,000 x 0.0004 x 31 = 111.60 -> 3,111.60;
  instalment 2 (2024-03-01): 6,000 x 0.0004 x 29 = 69.60 -> 3,069.60.
Draw 2: 6,000 on 2024-01-15, 3 months, equal principal: 2,000 a month;
  instalment 1 (2024-02-15): 6,000 x 0.0004 x 31 = 74.40 -> 2,074.40;
  instalment 2 (2024-03-15): scheduled 2,000 + 46.40 = 2,046.40.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import loancalc as lc
from loancalc.errors import InvalidValueError
from loancalc.lines import (
    CreditLine,
    Draw,
    LineFrozenError,
    LinePayment,
    LineRules,
    merge_draws,
)
from loancalc.restructuring import DebtPart

D = Decimal
PRODUCT = "cn-daily-rate-credit-line"
DRAWS = (
    Draw(on=date(2024, 1, 1), amount=9000, term=3, method="equal-principal"),
    Draw(on=date(2024, 1, 15), amount=6000, term=3, method="equal-principal"),
)
FEB = LinePayment(date(2024, 2, 1), "3111.60")  # draw 1's first instalment
MAR = LinePayment(date(2024, 3, 1), "3069.60")  # draw 1's second instalment, as a line payment


def _line(allocation: str = "oldest-first") -> CreditLine:
    return CreditLine(
        limit="50000",
        product=PRODUCT,
        opened=date(2024, 1, 1),
        draws=DRAWS,
        rules=LineRules(allocation=allocation),
    )


def test_schedules_of_the_draws() -> None:
    product = lc.products.get(PRODUCT)
    one, two = (draw.schedule(product) for draw in DRAWS)
    assert [(r.principal, r.interest) for r in one.installments[:2]] == [
        (D("3000.00"), D("111.60")),
        (D("3000.00"), D("69.60")),
    ]
    assert (two.installments[0].payment, two.installments[1].payment) == (
        D("2074.40"),
        D("2046.40"),
    )


def test_available_limit_restored_by_principal_repaid() -> None:
    line = _line()
    # 50,000 - 9,000 - 6,000
    assert line.assess([], date(2024, 1, 31)).available == D("35000.00")
    # 3,111.60 paid on 02-01: 111.60 interest, 3,000 principal: 50,000 - 6,000 - 6,000
    assert line.assess([FEB], date(2024, 2, 2)).available == D("38000.00")


def test_what_each_draw_owes_before_the_part_payment() -> None:
    state = _line().assess([FEB], date(2024, 3, 1))
    one, two = state.draws
    # draw 1: instalment 2 due today; payoff 6,000 + 6,000 x 0.0004 x 29 = 6,069.60
    assert (one.state.amount_due, one.state.payoff_amount()) == (D("3069.60"), D("6069.60"))
    # draw 2: instalment 1 is 15 days past due (02-15 -> 03-01), past its 3 days of grace:
    # penalty 2,000 x 0.0002 x 15 = 6.00, compound 74.40 x 0.0006 x 15 = 0.6696 -> 0.67;
    # due 2,074.40 + 6.00 + 0.67 = 2,081.07; payoff 6,000 + 6,000 x 0.0004 x 46 (110.40)
    # + 6.00 + 0.67 = 6,117.07
    assert two.state.days_past_due == 15
    assert (two.state.amount_due, two.state.payoff_amount()) == (D("2081.07"), D("6117.07"))


@pytest.mark.parametrize(
    ("allocation", "shares"),
    [
        # the oldest draw's 3,069.60 due first: all of it
        ("oldest-first", (D("3069.60"), D("0.00"))),
        # draw 2 (15 days past due) first: 2,081.07; 3,069.60 - 2,081.07 = 988.53 to draw 1
        ("overdue-first", (D("988.53"), D("2081.07"))),
        # in proportion to what is due, 3,069.60 : 2,081.07 (sum 5,150.67):
        # 3,069.60 x 3,069.60 / 5,150.67 = 1,829.3623 -> 1,829.36;
        # 3,069.60 x 2,081.07 / 5,150.67 = 1,240.2376 -> 1,240.23; the cent left over goes
        # to the larger remainder (0.0076 > 0.0023): 1,240.24
        ("proportional", (D("1829.36"), D("1240.24"))),
    ],
)
def test_part_payment_by_each_rule(allocation: str, shares: tuple[Decimal, ...]) -> None:
    state = _line(allocation).assess([FEB, MAR], date(2024, 3, 1))
    assert state.allocations[-1].shares == shares
    assert state.line_credit == 0
    assert state.total_allocated + state.credit == state.total_paid == D("6181.20")


def test_borrower_choice_names_the_draw() -> None:
    line = _line("borrower-choice")
    named = LinePayment(date(2024, 3, 1), "3069.60", draw=2)
    # draw 2 first, up to its payoff 6,117.07: all of it
    state = line.assess([LinePayment(FEB.date, FEB.amount, draw=1), named], date(2024, 3, 1))
    assert state.allocations[-1].shares == (D("0.00"), D("3069.60"))
    with pytest.raises(InvalidValueError, match=r"payments\[0\]\.draw"):
        line.assess([FEB, MAR], date(2024, 3, 1))


def test_one_draw_overdue_the_line_status() -> None:
    line = _line()
    state = line.assess([FEB, MAR], date(2024, 3, 20))
    one, two = state.draws
    # draw 1 paid as scheduled: 3,000 owed and 19 days of interest, 3,000 x 0.0004 x 19
    assert (one.state.status, one.state.total_outstanding) == ("current", D("3022.80"))
    # draw 2: nothing paid; 34 days past due (02-15 -> 03-20): M2, special mention.
    # interest 6,000 x 0.0004 x 65 = 156.00; on the actual balance instalment 2's 2,046.40
    # holds the interest accrued, 6,000 x 0.0004 x 29 = 69.60, and so 1,976.80 of principal;
    # penalty 2,000 x 0.0002 x 34 + 1,976.80 x 0.0002 x 5 = 13.60 + 1.9768 = 15.5768 -> 15.58
    # compound 74.40 x 0.0006 x 34 + 69.60 x 0.0006 x 5 = 1.51776 + 0.2088 -> 1.73
    owed = two.state.outstanding
    assert (owed.interest, owed.penalty_interest, owed.compound_interest) == (
        D("156.00"),
        D("15.58"),
        D("1.73"),
    )
    assert (state.status, state.days_past_due, state.bucket) == ("overdue", 34, "M2")
    assert state.classification.value == "special-mention"
    # due: 2,074.40 + 2,046.40 + 15.58 + 1.73
    assert state.amount_due == D("4138.11")
    # the line is frozen while a draw is overdue
    assert (state.frozen, state.available) == (True, D("0.00"))
    # the quote for the whole line: 3,022.80 + 6,000 + 156.00 + 15.58 + 1.73
    assert state.payoff_amount() == D("9196.11")
    with pytest.raises(LineFrozenError, match=r"draws\[2\]\.on"):
        line.with_draw(date(2024, 3, 20), "1000", term=3, payments=[FEB, MAR])


def test_statement_per_draw_and_total() -> None:
    rows = _line().assess([FEB, MAR], date(2024, 3, 20)).statement_rows()
    assert [row["draw"] for row in rows] == ["1", "2", "total"]
    assert [row["total_outstanding"] for row in rows] == ["3022.80", "6173.31", "9196.11"]
    assert rows[-1]["paid"] == "6181.20"  # 3,111.60 + 3,069.60


def test_paying_the_line_quote_settles_both_draws() -> None:
    quote = LinePayment(date(2024, 3, 20), "9196.11")
    state = _line().assess([FEB, MAR, quote], date(2024, 3, 20))
    assert [d.state.status for d in state.draws] == ["settled", "settled"]
    assert (state.total_outstanding, state.credit, state.status) == (D("0.00"), D(0), "clear")
    assert state.available == D("50000.00")


def test_negotiated_plan_merging_both_draws_and_its_breach() -> None:
    state = _line().assess([FEB, MAR], date(2024, 3, 20))
    plan = merge_draws(
        state,
        date(2024, 3, 20),
        draws="all",
        term=12,
        waive=["penalty-interest", "compound-interest"],
    )
    assert plan.merged == (1, 2)
    b = plan.breakdown
    # draw 1: 3,000 + 22.80 accrued; draw 2: 6,000, overdue interest 74.40 + 69.60 = 144.00,
    # accrued since 03-15 6,000 x 0.0004 x 5 = 12.00, charges 15.58 + 1.73
    assert b.line("principal").debt == D("9000.00")
    assert b.line("overdue-interest").debt == D("144.00")
    assert b.line("accrued-interest").debt == D("34.80")
    assert b.waived == D("17.31")  # 15.58 + 1.73, on condition
    assert b.debt == state.payoff_amount()
    for part in DebtPart:  # the merged debt is the draws' debts, part by part
        assert b.line(part).debt == sum(debt[part] for debt in plan.debts)
    # new principal 9,000 + 144.00 + 34.80 (the interest capitalised) = 9,178.80;
    # equal principal 9,178.80 / 12 = 764.90; first month 9,178.80 x 0.0004 x 31 = 113.82
    assert plan.schedule.terms.principal == D("9178.80")
    first = plan.schedule.installments[0]
    assert (first.due_date, first.principal, first.interest) == (
        date(2024, 4, 20),
        D("764.90"),
        D("113.82"),
    )
    assert plan.agreement.condition == "the plan is kept: no instalment 30 days past due"
    # two instalments paid, the third (due 06-20) missed: 30 days past due on 07-20
    paid = [lc.Payment(r.due_date, r.payment) for r in plan.schedule.installments[:2]]
    assert not plan.check(paid, date(2024, 7, 19)).breached
    status = plan.check(paid, date(2024, 8, 1))
    assert (status.breached, status.breach_date) == (True, date(2024, 7, 20))
    assert status.reinstated.total == D("17.31")
    # accelerated: principal 9,178.80 - 2 x 764.90 = 7,649.00 and its interest on the
    # actual balance since 05-20, 7,649.00 x 0.0004 x 61 = 186.6356 -> 186.64
    assert status.accelerated == D("7835.64")
    assert status.owed_on_breach == D("7852.95")  # with the 17.31 reinstated


def test_merging_the_overdue_draw_only_keeps_the_other() -> None:
    state = _line().assess([FEB, MAR], date(2024, 3, 20))
    plan = merge_draws(state, date(2024, 3, 20), term=6)
    assert (plan.merged, plan.kept) == ((2,), (1,))
    # debt of draw 2: 6,173.31; nothing waived: principal + interest capitalised
    assert plan.breakdown.debt == D("6173.31")
    assert plan.schedule.terms.principal == D("6156.00")  # 6,000 + 156.00
    assert plan.breakdown.left_due == D("17.31")  # the charges, due on signing


def test_an_extension_merging_both_draws_leaves_the_interest_due_on_signing() -> None:
    state = _line().assess([FEB, MAR], date(2024, 3, 20))
    plan = merge_draws(
        state, date(2024, 3, 20), draws="all", term=12,
        waive=["penalty-interest", "compound-interest"], kind="extend",
    )  # fmt: skip
    # an extension carries only principal (9,000.00); the interest owed, 144.00 overdue +
    # 34.80 accrued = 178.80, is left due on signing as the plan's first row
    assert plan.schedule.terms.principal == D("9000.00")
    assert plan.breakdown.left_due == D("178.80")
    assert plan.agreement.kind is lc.restructuring.RestructuringKind.EXTEND
    signing, first = plan.schedule.installments[:2]
    assert (signing.due_date, signing.payment) == (date(2024, 3, 20), D("178.80"))
    # equal principal 9,000 / 12 = 750.00; first month 9,000 x 0.0004 x 31 = 111.60
    assert (first.due_date, first.principal, first.interest) == (
        date(2024, 4, 20), D("750.00"), D("111.60"))  # fmt: skip
    assert plan.schedule.lineage[-1].kind == "extend"
    paid = [lc.Payment(r.due_date, r.payment) for r in plan.schedule.installments]
    status = plan.check(paid, date(2025, 4, 1))
    assert not status.breached
    assert (status.plan.total_outstanding, status.plan.credit) == (0, 0)


def test_a_merge_is_a_re_instalment_or_an_extension() -> None:
    state = _line().assess([FEB, MAR], date(2024, 3, 20))
    with pytest.raises(InvalidValueError, match="kind: got 're-age'"):
        merge_draws(state, date(2024, 3, 20), kind="re-age")


def test_as_known_on_a_day_leaves_out_what_the_lender_had_not_learnt() -> None:
    # draw 1's March instalment was paid on 03-01 but reached the lender's books on 03-05
    late_news = LinePayment(date(2024, 3, 1), "3069.60", known_on=date(2024, 3, 5))
    line = _line()
    as_known_then = line.assess([FEB, late_news], date(2024, 3, 4), known_on=date(2024, 3, 4))
    known_now = line.assess([FEB, late_news], date(2024, 3, 4))
    assert as_known_then == line.assess([FEB], date(2024, 3, 4))
    plain = line.assess([FEB, MAR], date(2024, 3, 4))  # the same money, known at once
    assert [d.state for d in known_now.draws] == [d.state for d in plain.draws]
    # as known on 03-04, draw 1's 3,069.60 due 03-01 is unpaid: 3 days past due (within
    # its 3 days of grace); known now, it is paid
    assert as_known_then.draws[0].state.days_past_due == 3
    assert known_now.draws[0].state.days_past_due == 0
    # an lc.Payment keeps its known_on on the line
    paid = lc.Payment(date(2024, 3, 1), "3069.60", known_on=date(2024, 3, 5))
    assert line.assess([FEB, paid], date(2024, 3, 4), known_on=date(2024, 3, 4)) == as_known_then
