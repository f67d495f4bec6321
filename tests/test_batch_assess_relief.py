"""``batch.assess`` under relief windows and repeated late fees, figures worked by hand
(and equal to ``lc.assess``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import loancalc as lc
from loancalc import batch

D = Decimal
# 1,000 at 0 % over 2 months from 2024-02-01: 500.00 due on 03-01 and 04-01.
BOOK = batch.amortize(1000, 0, 2, start=date(2024, 2, 1))


def _rules(*windows: tuple[date, date], repeat: int | None = None) -> lc.ServicingRules:
    return lc.ServicingRules(
        penalty=lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="annual", value="0.36")),
        late_fee=lc.LateFeePolicy(kind="fixed", amount="10", repeat_days=repeat),
        relief_windows=[lc.ReliefWindow(start=a, end=b) for a, b in windows],
    )


def _both(rules: lc.ServicingRules, paid: list[tuple[date, str]], as_of: date) -> dict[str, object]:
    found = batch.assess(BOOK, ([0] * len(paid), [d for d, _ in paid], [a for _, a in paid]),
                         as_of, rules).loan(0)  # fmt: skip
    state = lc.assess(BOOK.schedule(0), [lc.Payment(d, a) for d, a in paid], as_of, rules)
    assert found["outstanding_penalty_interest"] == state.outstanding.penalty_interest
    assert found["outstanding_late_fee"] == state.outstanding.late_fee
    assert found["days_past_due"] == state.days_past_due
    assert found["reportable"] == state.reportable
    return found


def test_relief_days_bear_no_penalty_and_do_not_count_late() -> None:
    # Instalment 1 unpaid since 03-01; relief 03-10..03-20. On 03-15: 14 days, 6 of them
    # (03-10..03-15) relieved: 8 days past due, penalty 500 x 36 % / 360 x 8 = 4.00; the
    # late fee (end of 03-01, outside the window) 10.00.
    found = _both(_rules((date(2024, 3, 10), date(2024, 3, 20))), [], date(2024, 3, 15))
    assert found["days_past_due"] == 8
    assert found["outstanding_penalty_interest"] == D("4.00")
    assert found["outstanding_late_fee"] == D("10.00")
    assert found["reportable"] is True


def test_a_late_fee_inside_a_window_is_charged_the_day_after_it() -> None:
    # Relief 03-01..03-05: instalment 1's late fee falls due the day after, 03-06, and is
    # charged at the end of that day: not yet on 03-06, 10.00 on 03-07. Paying on 03-06
    # avoids it if it covers the penalty for the one day 03-06 outside the window,
    # 500 x 0.1 % = 0.50 (paid first), and the 500.00: 500.50.
    rules = _rules((date(2024, 3, 1), date(2024, 3, 5)))
    assert _both(rules, [], date(2024, 3, 6))["outstanding_late_fee"] == D("0.00")
    assert _both(rules, [], date(2024, 3, 7))["outstanding_late_fee"] == D("10.00")
    paid = _both(rules, [(date(2024, 3, 6), "500.50")], date(2024, 3, 10))
    assert paid["charged_late_fee"] == D("0.00")
    assert paid["charged_penalty_interest"] == D("0.50")


def test_repeated_late_fees() -> None:
    # Every 10 days while short: instalment 1's fees at the ends of 03-01, 03-11, 03-21
    # (not 03-31: as_of, a day not over): 30.00. Instalment 2 (due 04-01) not yet.
    found = _both(_rules(repeat=10), [], date(2024, 3, 31))
    assert found["outstanding_late_fee"] == D("30.00")
    # relief 03-09..03-12 moves the 03-11 fee to 03-13, and the next to 03-23
    shifted = _both(_rules((date(2024, 3, 9), date(2024, 3, 12)), repeat=10), [], date(2024, 3, 23))
    assert shifted["outstanding_late_fee"] == D("20.00")  # 03-01 and 03-13; 03-23 not over
