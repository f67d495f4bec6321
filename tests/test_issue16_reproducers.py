"""Issue 16's reproducers whose inputs the issue did not give, recovered by searching the code
as it was when the issue was filed (commit 8bbc99f) for natural inputs that give its figures,
and held here as regression tests with the arithmetic done by hand in the comments.

R1: "the product's default ``extend`` on ``us-fixed-mortgage`` leaves 2,743.06 and breaches a
perfect payer". The inputs are the product page's example loan (200,000 at 6 % over 30 years
from 2024-01-01), three instalments paid, May and June missed, extended on 2024-06-20.

R2 ("owed_on_breach says 44,344.49, assessing the breach schedule on the breach date says
44,886.59") was not recovered: no natural input searched on the old code gave both figures.
Its behaviour is held, with other figures checked by hand, by
``test_actual_balance_breach_owes_what_its_schedule_says`` in
tests/test_restructuring_coherence_examples.py.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.cli import main

D = Decimal
CENT = D("0.01")


def cents(value: Decimal) -> Decimal:
    """Half-up to the cent: the product's rounding, written out independently."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def paid_as_printed(plan: lc.Restructuring) -> list[lc.Payment]:
    """Every row of the plan's schedule paid in full on its due date."""
    return [lc.Payment(row.due_date, row.payment) for row in plan.schedule if row.payment]


# --- R1: us-fixed-mortgage, the product's default extend ---------------------------------------
MORTGAGE = lc.products.get("us-fixed-mortgage")
MORTGAGE_LOAN = lc.amortize(
    MORTGAGE.terms(principal=200000, term=360, start=date(2024, 1, 1), annual_rate="6%")
)
# instalments 1 to 3 (due 02-01, 03-01, 04-01) paid on their due dates; 4 and 5 (05-01, 06-01)
# not: on 06-20 both are past the 15-day grace
MORTGAGE_PAID = [lc.Payment(row.due_date, row.payment) for row in MORTGAGE_LOAN.installments[:3]]
SIGNED = date(2024, 6, 20)
MORTGAGE_STATE = lc.assess(MORTGAGE_LOAN, MORTGAGE_PAID, SIGNED, MORTGAGE)


def hand_mortgage_rows(count: int) -> list[tuple[Decimal, Decimal, Decimal]]:
    """(opening balance, interest, principal) of the first ``count`` rows, by hand: 0.5 % a
    month (6 % / 12, 30/360), level payment 200,000 x 0.005 / (1 - 1.005^-360) = 1,199.10."""
    rate = D("0.005")
    payment = cents(D(200000) * rate / (1 - (1 + rate) ** -360))
    balance, rows = D("200000.00"), []
    for _ in range(count):
        interest = cents(balance * rate)
        rows.append((balance, interest, payment - interest))
        balance -= payment - interest
    return rows


def test_hand_schedule_matches_the_loan() -> None:
    # 1,199.10: 200,000 x 0.005 x 1.005^360 / (1.005^360 - 1) = 1,199.1010503 (the product
    # page's figure); row 4 opens at 200,000 - 199.10 - 200.10 - 201.10 = 199,399.70
    rows = hand_mortgage_rows(6)
    assert MORTGAGE_LOAN.installments[0].payment == D("1199.10")
    loan_rows = MORTGAGE_LOAN.installments[:6]
    assert [(r.opening_balance, r.interest, r.principal) for r in loan_rows] == rows
    assert rows[3][0] == D("199399.70")


def extended(where: str | None = None, term: int = 360) -> lc.Restructuring:
    """The product's default extend (nothing capitalised); ``where``: the left-due row rule."""
    rules = MORTGAGE.restructuring
    if where is not None:
        rules = attrs.evolve(rules, left_due_row=where)
    return lc.restructure(MORTGAGE_STATE, SIGNED, kind="extend", term=term, rules=rules)


def test_r1_extend_leaves_2743_06_due_on_signing() -> None:
    plan = extended()
    b = plan.breakdown
    # overdue interest of instalments 4 and 5: 199,399.70 x 0.5 % = 996.9985 -> 997.00 and
    # 199,197.60 x 0.5 % = 995.988 -> 995.99: 1,992.99
    assert b.line("overdue-interest").left_due == D("1992.99")
    # interest of the running period (instalment 6, from 06-01) on its opening balance
    # 198,994.49, 19 days of 30/360: 198,994.49 x 6 % x 19 / 360 = 630.1492 -> 630.15
    assert b.line("accrued-interest").left_due == D("630.15")
    # two late charges of 5 % of the 1,199.10 payment: 59.955 -> 59.96, x 2 = 119.92
    assert b.line("late-fee").left_due == D("119.92")
    # 1,992.99 + 630.15 + 119.92 = 2,743.06, the figure; the principal 199,399.70
    # is carried, nothing capitalised (extend's default)
    assert b.left_due == D("2743.06")
    assert (b.capitalized, plan.schedule.terms.principal) == (D("0.00"), D("199399.70"))


def test_r1_the_amount_left_due_is_a_row_of_the_plan() -> None:
    # before: the 2,743.06 was due on signing outside the plan's schedule; a borrower paying
    # every row as printed was 30 days past due on it on 07-20 and reported breached
    plan = extended()
    rows = plan.schedule.installments
    # the product's rule (on-signing): row 1 due on 06-20, 0 days, no principal: the
    # interest 1,992.99 + 630.15 = 2,623.14 and the late charges 119.92 in the fee column
    assert (rows[0].due_date, rows[0].days, rows[0].principal) == (SIGNED, 0, D("0.00"))
    assert (rows[0].interest, rows[0].fee, rows[0].payment) == (
        D("2623.14"), D("119.92"), D("2743.06"))  # fmt: skip
    assert plan.agreement.left_due_row == 1
    assert plan.agreement.left_due.total == D("2743.06")
    # then the extended schedule on the old cycle: 06-20 to 07-01 is 11 days of 30/360,
    # 199,399.70 x 6 % x 11 / 360 = 365.566 -> 365.57; the level payment over 360 months
    # 199,399.70 x 0.0059955053 = 1,195.502 -> 1,195.50
    assert (rows[1].due_date, rows[1].interest) == (date(2024, 7, 1), D("365.57"))
    assert rows[2].payment == D("1195.50")
    assert len(rows) == 361


@pytest.mark.parametrize("where", ["on-signing", "first-instalment"])
def test_r1_paid_as_printed_is_kept_and_ends_at_zero(where: str) -> None:
    plan = extended(where)
    assert sum(row.fee for row in plan.schedule) == D("119.92")
    status = lc.check_agreement(plan.agreement, paid_as_printed(plan), date(2054, 7, 1))
    assert not status.breached
    assert (status.breach, status.breach_date) == (None, None)
    assert (status.plan.total_outstanding, status.plan.credit) == (D(0), D(0))
    assert (status.days_past_due, status.missed_installments) == (0, 0)


def test_r1_first_instalment_carries_the_amount_left_due() -> None:
    plan = extended("first-instalment")
    first = plan.schedule.installments[0]
    # 365.57 of its own interest + 2,623.14 left due = 2,988.71; fee 119.92; principal as the
    # level payment's first full month: 1,195.50 - 997.00 = 198.50
    assert (first.due_date, first.interest, first.fee, first.principal) == (
        date(2024, 7, 1), D("2988.71"), D("119.92"), D("198.50"))  # fmt: skip
    assert first.payment == D("3307.13")  # 198.50 + 2,988.71 + 119.92


def test_r1_skipping_the_signing_row_is_the_breach_it_names() -> None:
    # what the old code did to everyone now happens only to a borrower who skips row 1:
    # 30 days past due on 07-20, and the breach names that row and its 2,743.06
    plan = extended()
    status = lc.check_agreement(plan.agreement, paid_as_printed(plan)[1:], date(2024, 8, 1))
    assert status.breach is not None
    assert (status.breach.date, status.breach.obligation.number) == (date(2024, 7, 20), 1)
    assert status.breach.obligation.amount == D("2743.06")


def test_r1_cli_restructure_names_the_row(capsys: pytest.CaptureFixture[str]) -> None:
    import loancalc.cli.restructure_command  # noqa: F401  (registers the command)

    payments = [f"2024-0{month}-01:1199.10" for month in (2, 3, 4)]
    args = ["restructure", "--product", "us-fixed-mortgage", "--principal", "200000",
            "--rate", "6%", "--term", "360", "--start", "2024-01-01",
            *[arg for p in payments for arg in ("--payment", p)],
            "--as-of", "2024-06-20", "--kind", "extend", "--new-term", "360"]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "left due on 2024-06-20: 2,743.06, asked for by row 1 of the plan" in out


@settings(max_examples=15)
@given(
    signed=st.integers(min_value=17, max_value=30).map(lambda day: date(2024, 6, day)),
    term=st.sampled_from([357, 360, 420, 480]),
    where=st.sampled_from(["on-signing", "first-instalment"]),
)
def test_r1_any_signing_day_past_grace_paid_as_printed_is_kept(
    signed: date, term: int, where: str
) -> None:
    # the same loan extended on any day from 06-17 (06-16 is the last day of June's grace,
    # whose late charge falls at its end) to 06-30: what is left due (both late charges,
    # 1,992.99 of overdue interest, the running period's interest) is in the plan, and the
    # plan paid as printed ends at zero, unbreached
    state = lc.assess(MORTGAGE_LOAN, MORTGAGE_PAID, signed, MORTGAGE)
    rules = attrs.evolve(MORTGAGE.restructuring, left_due_row=where)
    plan = lc.restructure(state, signed, kind="extend", term=term, rules=rules)
    # running-period interest: 198,994.49 x 6 % x (day - 1) / 360 (30/360 from 06-01), by hand
    accrued = cents(D("198994.49") * D("0.06") * (signed.day - 1) / 360)
    left_interest = D("1992.99") + accrued
    assert plan.breakdown.left_due == left_interest + D("119.92")
    rows = plan.schedule.installments
    if where == "on-signing":
        assert (rows[0].due_date, rows[0].interest, rows[0].fee) == (signed, left_interest,
                                                                     D("119.92"))  # fmt: skip
    else:
        # its own interest to 07-01, 31 - day days of 30/360, plus what was left due
        own = cents(D("199399.70") * D("0.06") * (31 - signed.day) / 360)
        assert (rows[0].due_date, rows[0].interest, rows[0].fee) == (
            date(2024, 7, 1), own + left_interest, D("119.92"))  # fmt: skip
    # the rows repay the principal carried, and ask for the late charges once
    assert sum((row.principal for row in rows), D(0)) == D("199399.70")
    assert sum((row.fee for row in rows), D(0)) == D("119.92")
    after = plan.schedule.maturity + timedelta(days=1)
    status = lc.check_agreement(plan.agreement, paid_as_printed(plan), after)
    assert not status.breached
    assert (status.plan.total_outstanding, status.plan.credit) == (D(0), D(0))
