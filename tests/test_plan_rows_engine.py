"""A plan on the actual-balance basis prints what the engine charges: its rows are read
from the engine (``restructuring.plan_rows.as_charged``), so a promotional rate, like
every other servicing rule, is in the printed interest column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import loancalc as lc
from loancalc.servicing import PromotionalRate

D = Decimal

# 12,000 at 18 % over 12 months from 2024-01-15, daily accrual (ACT/360), on the actual
# balance; a 0 % promotion for the interest of the days after 05-15 up to 08-15.
TERMS = lc.LoanTerms(
    principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15), accrual="daily"
)
LOAN = lc.amortize(TERMS)
PROMOTION = PromotionalRate(start=date(2024, 5, 15), end=date(2024, 8, 15), annual_rate=0)
RULES = lc.ServicingRules(interest_basis="actual-balance", promotions=(PROMOTION,))
ON = date(2024, 4, 15)


def plan() -> lc.Restructuring:
    """Instalments 1 to 3 (1,101.65 each) paid on time, then re-instalment over 6 months."""
    paid = [lc.Payment(row.due_date, row.payment) for row in LOAN.installments[:3]]
    return lc.restructure(lc.assess(LOAN, paid, ON, RULES), ON, term=6)


def test_a_promotion_is_in_the_printed_plan() -> None:
    # the balance on 04-15: 12,000 - 915.65 (31 days: 186.00 of interest) - 940.93
    # (29 days on 11,084.35: 160.72) - 944.43 (31 days on 10,143.42: 157.22) = 9,198.99
    restructuring = plan()
    assert restructuring.breakdown.new_principal == D("9198.99")
    rows = restructuring.schedule.installments
    # the plan's level payment is 1,615.96; by period, at 18 % x days / 360:
    # 05-15: 30 days on 9,198.99 = 137.98485 -> 137.98, principal 1,477.98 -> 7,721.01;
    # 06-15, 07-15, 08-15: the promotion's 0 %, the whole payment is principal ->
    #   6,105.05, 4,489.09, 2,873.13;
    # 09-15: 31 days on 2,873.13 = 44.533515 -> 44.53, principal 1,571.43 -> 1,301.70;
    # 10-15 (the last): 30 days on 1,301.70 = 19.5255 -> 19.53: 1,301.70 + 19.53 = 1,321.23.
    # Before: the rows were charged at 18 % throughout (119.68, 93.37 and 72.88 printed
    # for the promotion's months) and paying them as printed left 294.72 of credit.
    assert [row.interest for row in rows] == [
        D("137.98"), D("0.00"), D("0.00"), D("0.00"), D("44.53"), D("19.53"),
    ]  # fmt: skip
    assert [row.principal for row in rows] == [
        D("1477.98"), D("1615.96"), D("1615.96"), D("1615.96"), D("1571.43"), D("1301.70"),
    ]  # fmt: skip
    assert [row.payment for row in rows] == [D("1615.96")] * 5 + [D("1321.23")]
    assert rows[-1].closing_balance == 0


def test_a_promotional_plan_paid_as_printed_is_charged_as_printed() -> None:
    restructuring = plan()
    rows = restructuring.schedule.installments
    paid = [lc.Payment(row.due_date, row.payment) for row in rows]
    status = lc.check_agreement(restructuring.agreement, paid, rows[-1].due_date)
    assert not status.breached
    charged = [installment.charged.interest for installment in status.plan.installments]
    assert charged == [row.interest for row in rows]
    assert status.plan.total_outstanding == status.plan.credit == 0
