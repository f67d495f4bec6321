"""A first instalment due on the day of the advance (a plan signed and first paid the same
day), on a loan and on a re-instalment (issue 18: a first due date chosen for a re-age or
re-instalment, the signing date itself allowed). Figures by hand and by numpy-financial."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy_financial as npf
import pytest

import loancalc as lc

D = Decimal


def test_an_instalment_due_on_the_advance_bears_no_interest() -> None:
    terms = lc.LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 10),
                         first_due=date(2024, 1, 10), method="equal-principal")  # fmt: skip
    rows = lc.amortize(terms).installments
    # 0 days: 400.00 of principal and no interest; then 800 x 1 % = 8.00, 400 x 1 % = 4.00
    assert [(r.days, r.principal, r.interest) for r in rows] == [
        (0, D("400.00"), D("0.00")), (31, D("400.00"), D("8.00")), (29, D("400.00"), D("4.00"))
    ]  # fmt: skip


@pytest.mark.parametrize("method", ["equal-installment", "equal-principal", "interest-only"])
def test_batch_equals_the_scalar_schedule(method: str) -> None:
    start = date(2024, 1, 10)
    book = lc.batch.amortize(principal=[1200], annual_rate=["12%"], term=[3], start=[start],
                             first_due=[start], method=method)  # fmt: skip
    terms = lc.LoanTerms(principal=1200, annual_rate="12%", term=3, start=start,
                         first_due=start, method=method)  # fmt: skip
    assert book.schedule(0).installments == lc.amortize(terms).installments


def test_before_the_advance_is_refused() -> None:
    with pytest.raises(lc.InvalidValueError, match="a date on or after start"):
        lc.LoanTerms(principal=1, annual_rate=0, term=1, start=date(2024, 1, 10),
                     first_due=date(2024, 1, 9))  # fmt: skip


def test_a_re_instalment_first_due_on_signing() -> None:
    product = lc.products.get("cn-consumer-finance-instalment")
    loan = lc.amortize(product.terms(principal=12000, term=12, start=date(2024, 3, 10),
                                     annual_rate="21.6%"))  # fmt: skip
    paid = [lc.Payment(date(2024, 4, 10), loan.installments[0].payment)]
    state = lc.assess(loan, paid, date(2024, 6, 19), product)
    signed = date(2024, 6, 19)
    plan = lc.restructure(state, signed, kind="re-instalment", term=12, rules=product,
                          first_due=signed)  # fmt: skip
    rows = plan.schedule.installments
    principal = plan.schedule.terms.principal  # the quote of the day, capitalised
    assert principal == state.payoff_amount(signed) == D("11577.33")
    # the level payment of 11,577.33 at 1.8 % a month over 12: numpy-financial's pmt
    level = D(str(round(npf.pmt(0.018, 12, -11577.33), 2)))
    assert level == D("1081.35") == rows[1].payment
    # row 1, due on signing: no interest; its principal as the level schedule's first:
    # 1,081.35 - 11,577.33 x 1.8 % (208.39) = 872.96
    assert (rows[0].due_date, rows[0].interest, rows[0].principal) == (signed, 0, D("872.96"))
    # row 2: (11,577.33 - 872.96) x 1.8 % = 10,704.37 x 1.8 % = 192.68
    assert rows[1].interest == D("192.68")
    payments = [lc.Payment(r.due_date, r.payment) for r in rows]
    status = lc.check_agreement(plan.agreement, payments, date(2025, 7, 1))
    assert not status.breached
    assert (status.plan.total_outstanding, status.plan.credit) == (0, 0)
