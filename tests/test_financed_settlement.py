"""The settlement quote of a loan with a financed fee: what of the fee is waived or paid
counts against it (scheduled basis; servicing.settlement.financed_parts)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import loancalc as lc
from loancalc.servicing import Waiver
from loancalc.servicing.settlement import financed_parts

SCHEDULE = lc.amortize(
    lc.LoanTerms(principal=1000, annual_rate="12%", term=3, start=date(2024, 1, 1),
                 accrual="daily", fees=lc.Fees(financed=500, per_period=1))
)  # fmt: skip


def test_each_row_holds_its_part_of_the_fee() -> None:
    # 1,000 at 12 % (ACT/360, daily): the first instalment pays 10.33 of interest and
    # as much of the fee as the level payment leaves; the fee column adds the 1.00 of
    # periodic fee to each row, which financed_parts leaves out.
    parts = financed_parts(SCHEDULE.terms, SCHEDULE.installments)
    assert parts is not None
    assert sum(parts) == 500
    assert [row.fee - part for row, part in zip(SCHEDULE.installments, parts, strict=True)] == [
        Decimal("1.00")
    ] * 3
    assert financed_parts(lc.amortize(SCHEDULE.terms.replace(fees=lc.Fees())).terms, ()) is None


def test_a_waived_part_of_the_fee_is_not_asked_again() -> None:
    # Instalment 1 paid; 1.00 of instalment 2's fee waived on 02-05 (its periodic fee,
    # then, is 1.00 and its financed part 500 - first part). Settling on 02-10 asks for
    # the principal 1,000, the interest to date 1,000 x 0.12 x 9/360 = 3.00 and the
    # financed fee left less the 1.00 waived; the periodic fees of later periods are
    # rebated.
    rows = SCHEDULE.installments
    parts = financed_parts(SCHEDULE.terms, rows)
    assert parts is not None
    paid = [lc.Payment(rows[0].due_date, rows[0].payment)]
    on = date(2024, 2, 10)
    waived = [Waiver(date=date(2024, 2, 5), installment=2, component="fee", amount="1.00")]
    plain = lc.assess(SCHEDULE, paid, on).payoff_amount()
    less = lc.assess(SCHEDULE, paid, on, waivers=waived).payoff_amount()
    assert plain == Decimal("1003.00") + parts[1] + parts[2]
    assert less == plain - Decimal("1.00")
    closed = lc.assess(SCHEDULE, [*paid, lc.Payment(on, less)], on, waivers=waived)
    assert (closed.total_outstanding, closed.credit) == (0, 0)
