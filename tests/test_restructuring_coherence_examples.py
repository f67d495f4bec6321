"""The reproducers of the plan-coherence issue, as regression tests with the arithmetic done
by hand in the comments: what a restructuring leaves due is a row of the plan; a perfect
payer is never breached; a plan settled with its own quote is settled; a breach names the
missed obligation and counts days past due from it; on the actual-balance basis the debt
owed on a breach is what its schedule says, and re-age and deferral plans paid as printed
end at zero."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import attrs
import pytest

import loancalc as lc
from loancalc.cli import main
from loancalc.restructuring import LeftDueRow, RestructuringRules

D = Decimal

# --- us-fixed-mortgage: extend leaves interest and late fees due on signing ----------------
# 12,000 at 6 % over 12 months from 2024-01-01, 30/360: payment 1,032.80; instalment 1 =
# 972.80 + 60.00 (12,000 x 0.5 %), instalment 2 = 977.66 + 55.14 (11,027.20 x 0.5 % =
# 55.136). Nothing paid; on 2024-03-20 both are past their 15-day grace: two late fees of
# 5 % of the scheduled payment, 2 x 51.64 = 103.28.
MORTGAGE = lc.products.get("us-fixed-mortgage")
MORTGAGE_LOAN = lc.amortize(
    MORTGAGE.terms(principal=12000, term=12, start=date(2024, 1, 1), annual_rate="6%")
)
SIGNED = date(2024, 3, 20)
MORTGAGE_STATE = lc.assess(MORTGAGE_LOAN, [], SIGNED, MORTGAGE)


def extended(where: str = "first-instalment") -> lc.Restructuring:
    rules = attrs.evolve(MORTGAGE.restructuring, left_due_row=where)
    return lc.restructure(MORTGAGE_STATE, SIGNED, kind="extend", term=12, rules=rules)


def paid_as_printed(plan: lc.Restructuring) -> list[lc.Payment]:
    return [lc.Payment(row.due_date, row.payment) for row in plan.schedule if row.payment]


def test_extend_left_due_is_in_the_first_instalment() -> None:
    plan = extended()
    b = plan.breakdown
    # left due: overdue interest 60.00 + 55.14 = 115.14; interest accrued since 03-01 on
    # 10,049.54 (instalment 3's opening balance) for 19 days of 30/360: 10,049.54 x 6 % x
    # 19/360 = 31.8235 -> 31.82; late fees 103.28: 115.14 + 31.82 + 103.28 = 250.24
    assert (b.line("overdue-interest").left_due, b.line("accrued-interest").left_due) == (
        D("115.14"), D("31.82"))  # fmt: skip
    assert b.left_due == D("250.24")
    first = plan.schedule.installments[0]
    # the first period runs 03-20 to 04-01, 11 days of 30/360: 12,000 x 6 % x 11/360 = 22.00;
    # plus the interest left due, 22.00 + 115.14 + 31.82 = 168.96, and the late fees in the
    # fee column: 972.80 + 168.96 + 103.28 = 1,245.04
    assert (first.due_date, first.interest, first.fee) == (date(2024, 4, 1), D("168.96"),
                                                           D("103.28"))  # fmt: skip
    assert first.payment == D("1245.04")
    assert plan.agreement.left_due_row == 1
    assert plan.agreement.left_due.total == D("250.24")


def test_extend_paid_as_printed_is_not_breached() -> None:
    # before: the 250.24 left due outside the plan was 30 days past due on 04-19 and a
    # borrower paying every row of the plan on its due date was reported breached
    plan = extended()
    status = lc.check_agreement(plan.agreement, paid_as_printed(plan), date(2025, 5, 1))
    assert not status.breached
    assert status.breach is None
    assert (status.plan.total_outstanding, status.plan.credit, status.days_past_due) == (0, 0, 0)


def test_extend_left_due_on_signing_is_a_row_of_its_own() -> None:
    plan = extended("on-signing")
    rows = plan.schedule.installments
    # row 1: due on signing, 0 days, no principal: 146.96 of interest, 103.28 of fees
    assert (rows[0].due_date, rows[0].days, rows[0].principal) == (SIGNED, 0, D("0.00"))
    assert (rows[0].interest, rows[0].fee, rows[0].payment) == (
        D("146.96"), D("103.28"), D("250.24"))  # fmt: skip
    # then the 12 instalments, the first with its own 22.00 of interest
    assert len(rows) == 13
    assert rows[1].interest == D("22.00")
    assert plan.agreement.left_due_row == 1
    status = lc.check_agreement(plan.agreement, paid_as_printed(plan), date(2025, 5, 1))
    assert not status.breached
    assert status.plan.total_outstanding == 0
    # unpaid, the signing row is the obligation missed: 30 days past due on 04-19
    late = lc.check_agreement(plan.agreement, [], date(2024, 5, 1))
    assert late.breach is not None
    assert (late.breach.date, late.breach.obligation.number) == (date(2024, 4, 19), 1)
    assert late.breach.obligation.amount == D("250.24")


def test_mortgage_plan_settled_with_its_quote_is_settled() -> None:
    plan = extended()
    rows = plan.schedule.installments
    paid = [lc.Payment(rows[0].due_date, rows[0].payment)]  # instalment 1 on 04-01
    day = date(2024, 4, 15)
    quote = lc.assess(plan.schedule, paid, day, plan.agreement.rules).payoff_amount(day)
    # principal 12,000 - 972.80 = 11,027.20, and interest from 04-01 for 14 days of 30/360:
    # 11,027.20 x 6 % x 14/360 = 25.7301 -> 25.73; 11,027.20 + 25.73 = 11,052.93
    assert quote == D("11052.93")
    paid.append(lc.Payment(day, quote))
    status = lc.check_agreement(plan.agreement, paid, date(2025, 6, 1))
    assert not status.breached
    assert status.missed_installments == 0
    assert status.plan.total_outstanding == 0
    assert status.days_past_due == 0


# --- re-instalment with only a subset capitalised ---------------------------------------------
# The docs' story: 12,000 at 18 % over 12 months from 2024-01-15, instalment 1 paid; on
# 2024-04-24 overdue interest 318.39, accrued 41.39, penalty 34.42, compound 6.02.
STORY_LOAN = lc.amortize(
    lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
)
STORY_RULES = lc.ServicingRules(
    grace=lc.GracePolicy(days=3),
    penalty=lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="multiplier", value="1.5"), compound=True),
)
STORY_ON = date(2024, 4, 24)
STORY = lc.assess(STORY_LOAN, [lc.Payment(date(2024, 2, 15), "1100.16")], STORY_ON, STORY_RULES)
PLAN_RULES = RestructuringRules(
    allowed=True,
    kinds=("re-instalment",),
    waivable=("penalty-interest", "compound-interest"),
    capitalizable=("interest",),
    breach_days_past_due=30,
    reinstate_waived_on_breach=True,
    accelerate_on_breach=True,
    left_due_row="first-instalment",  # these figures show it in the first instalment
)


def test_re_instalment_with_a_subset_capitalised_is_kept_when_paid_as_printed() -> None:
    # interest capitalised (318.39 + 41.39 = 359.78), the penalty waived (34.42), the
    # compound interest neither: 6.02 left due, in the first instalment's fee column
    plan = lc.restructure(STORY, STORY_ON, term=12, capitalize=("interest",),
                          waive=("penalty-interest",), rules=PLAN_RULES)  # fmt: skip
    b = plan.breakdown
    assert (b.capitalized, b.waived, b.left_due) == (D("359.78"), D("34.42"), D("6.02"))
    first = plan.schedule.installments[0]
    # new principal 11,079.84 + 359.78 = 11,439.62; first interest 11,439.62 x 1.5 % =
    # 171.59; the 6.02 in the fee column
    assert (first.interest, first.fee) == (D("171.59"), D("6.02"))
    status = lc.check_agreement(plan.agreement, paid_as_printed(plan), date(2025, 6, 1))
    assert not status.breached
    assert status.plan.total_outstanding == 0


def test_breach_names_the_missed_obligation_and_counts_from_it() -> None:
    plan = lc.restructure(STORY, STORY_ON, term=12, waive=("penalty-interest",
                          "compound-interest"), rules=PLAN_RULES)  # fmt: skip
    rows = plan.schedule.installments
    # rows 1 and 2 paid (due 05-24 and 06-24), row 3 (due 07-24) missed: breached when it
    # is 30 days past due, on 08-23
    paid = [lc.Payment(r.due_date, r.payment) for r in rows[:2]]
    status = lc.check_agreement(plan.agreement, paid, date(2024, 9, 30))
    assert status.breach is not None
    assert status.breach.date == date(2024, 8, 23)
    assert status.breach.obligation.number == 3
    assert status.breach.obligation.due_date == date(2024, 7, 24)
    assert status.breach.obligation.amount == rows[2].payment
    assert status.breach.reason == "30 days past due"
    # days past due on 09-30 from 07-24 (the first missed obligation), not from the breach
    # date: 7 + 31 + 30 = 68
    assert status.days_past_due == 68
    assert status.after_breach is not None
    assert status.after_breach.days_past_due == 38  # 08-23 to 09-30: 8 + 30


# --- cn-daily-rate-credit-line: actual-balance plans ------------------------------------------
# 12,000 at 14.4 % (0.04 % a day, ACT/360) over 6 months from 2024-01-10, daily interest
# on the actual balance; instalment 1 (2,085.79) paid on 02-10, nothing else.
CREDIT_LINE = lc.products.get("cn-daily-rate-credit-line")
LINE_LOAN = lc.amortize(CREDIT_LINE.terms(principal=12000, term=6, start=date(2024, 1, 10)))
LINE_PAID = [lc.Payment(date(2024, 2, 10), LINE_LOAN.installments[0].payment)]
LINE_ON = date(2024, 4, 20)
LINE_STATE = lc.assess(LINE_LOAN, LINE_PAID, LINE_ON, CREDIT_LINE)


def line_plan() -> lc.Restructuring:
    waive = ("penalty-interest", "compound-interest")
    return lc.restructure(LINE_STATE, LINE_ON, term=6, waive=waive, rules=CREDIT_LINE)


def test_actual_balance_breach_owes_what_its_schedule_says() -> None:
    plan = line_plan()
    # principal 12,000 - 1,936.99 = 10,063.01 plus the interest capitalised (281.76):
    # 10,344.77; the penalty 20.07 and compound interest 3.62 waived (23.69)
    assert plan.schedule.terms.principal == D("10344.77")
    assert plan.breakdown.waived == D("23.69")
    rows = plan.schedule.installments
    # row 1 (due 05-20): 10,344.77 x 0.04 % x 30 = 124.137 -> 124.14; principal 1,674.29
    assert (rows[0].interest, rows[0].principal) == (D("124.14"), D("1674.29"))
    # row 1 paid, row 2 (due 06-20) missed: breached 30 days later, on 07-20
    status = lc.check_agreement(plan.agreement, [lc.Payment(rows[0].due_date,
                                rows[0].payment)], date(2024, 8, 1))  # fmt: skip
    assert status.breach_date == date(2024, 7, 20)
    assert status.due_on_breach is not None
    # owed: principal 10,344.77 - 1,674.29 = 8,670.48; interest from 05-20, 31 + 30 days:
    # 8,670.48 x 0.04 % x 31 = 107.514 -> 107.51, x 30 = 104.046 -> 104.05: 211.56; and
    # the 23.69 waived, reinstated: 8,670.48 + 211.56 + 23.69 = 8,905.73
    assert status.due_on_breach.principal == D("8670.48")
    assert status.due_on_breach.interest == D("211.56")
    assert status.owed_on_breach == D("8905.73")
    # before: the breach schedule charged the 8,670.48 interest again from the signing date
    # (04-20, 91 days: 315.61) and assessed to 9,009.78 on the breach date
    assert status.breach_schedule is not None
    assert status.breach_rules is not None
    on_breach = lc.assess(status.breach_schedule, [], date(2024, 7, 20), status.breach_rules)
    assert on_breach.total_outstanding == on_breach.amount_due == D("8905.73")
    # after the breach, 12 days to 08-01: contract interest 8,670.48 x 0.04 % x 12 = 41.62
    # and the penalty's excess over it (21.6 % - 14.4 % = 0.02 % a day) 20.81
    assert status.after_breach is not None
    after = status.after_breach.outstanding
    assert (after.interest, after.penalty_interest) == (D("41.62"), D("20.81"))
    # the plan is 42 days past due on 08-01, from row 2's due date (06-20): 10 + 31 + 1
    assert status.days_past_due == 42


def test_actual_balance_re_age_paid_as_printed_ends_at_zero() -> None:
    rules = RestructuringRules(allowed=True, kinds=("re-age",), capitalizable=("interest",),
                               waivable=("penalty-interest", "compound-interest"),
                               breach_days_past_due=30)  # fmt: skip
    plan = lc.restructure(LINE_STATE, LINE_ON, kind="re-age", term=2, rules=rules,
                          waive=("penalty-interest", "compound-interest"))  # fmt: skip
    rows = plan.schedule.installments
    # the running instalment (due 05-10) is kept; on this basis its interest is what the
    # balance earns from 04-10: (10,063.01 + 241.51 capitalised) x 0.04 % x 30 = 123.654
    assert (rows[0].due_date, rows[0].interest, rows[0].payment) == (
        date(2024, 5, 10), D("123.65"), D("2085.79"))  # fmt: skip
    # before: the moved rows were printed interest-free while the balance bore interest,
    # and paying them as printed left an amount outstanding and a false breach
    status = lc.check_agreement(plan.agreement, paid_as_printed(plan), date(2024, 12, 1))
    assert not status.breached
    assert (status.plan.total_outstanding, status.plan.credit) == (0, 0)


def test_actual_balance_accrue_and_spread_deferral_paid_as_printed_ends_at_zero() -> None:
    state = lc.assess(LINE_LOAN, LINE_PAID, date(2024, 2, 10), CREDIT_LINE)
    deferral = lc.defer(state, date(2024, 2, 10), 2, interest="accrue-and-spread")
    rows = deferral.schedule.installments
    assert [row.payment for row in rows[:2]] == [D("0.00"), D("0.00")]
    # the first instalment after the holiday pays the interest of the three periods on
    # 10,063.01 (0.04 % a day): 29 days 116.73, 31 days 124.78, 30 days 120.76 = 362.27
    assert rows[2].interest == D("362.27")
    paid = [lc.Payment(row.due_date, row.payment) for row in rows if row.payment]
    after = lc.assess(deferral.schedule, paid, date(2024, 12, 1), deferral.rules)
    assert (after.total_outstanding, after.credit, after.days_past_due) == (0, 0, 0)


# --- the CLI: the 网商贷 story end to end ------------------------------------------------------
LINE_ARGS = [
    "--product", "cn-daily-rate-credit-line", "--principal", "12000", "--term", "6",
    "--start", "2024-01-10", "--payment", "2024-02-10:2085.79", "--as-of", "2024-04-20",
    "--new-term", "6", "--waive", "penalty-interest", "--waive", "compound-interest",
]  # fmt: skip


def test_cli_negotiated_plan_on_the_daily_rate_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restructure", *LINE_ARGS, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["new_principal"] == "10344.77"
    assert data["schedule"]["installments"][0]["interest"] == "124.14"
    args = [*LINE_ARGS, "--plan-payment", "2024-05-20:1798.43", "--check-as-of", "2024-08-01"]
    assert main(["check-agreement", *args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["breach_date"] == "2024-07-20"
    assert data["breach"] == {"reason": "30 days past due", "row": 2,
                              "due_date": "2024-06-20", "amount": "1798.43"}  # fmt: skip
    assert data["days_past_due"] == 42
    assert main(["check-agreement", *args]) == 0
    text = capsys.readouterr().out
    assert "missed: row 2, due 2024-06-20, 1,798.43" in text
    assert "owed on breach: 8,905.73" in text


def test_cli_interest_basis_option(capsys: pytest.CaptureFixture[str]) -> None:
    # the story's loan on the actual-balance basis: 01-15 to 02-15, 12,000 x 0.05 % x 31 =
    # 186.00 of interest, so 1,100.16 pays 914.16 of principal: 11,085.84 left; then by
    # period: 29 days 160.7447 -> 160.74, 31 days 171.8305 -> 171.83, 9 days to 04-24
    # 49.8863 -> 49.89: 382.46; the debt 11,085.84 + 382.46 = 11,468.30
    base = [
        "--principal", "12000", "--rate", "18%", "--term", "12", "--start", "2024-01-15",
        "--payment", "2024-02-15:1100.16", "--as-of", "2024-04-24", "--new-term", "12",
    ]  # fmt: skip
    assert main(["restructure", *base, "--interest-basis", "actual-balance",
                 "--format", "json"]) == 0  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["breakdown"]["debt"] == "11468.30"
    assert main(["restructure", *base, "--interest-basis", "sideways"]) == 2
    assert "--interest-basis" in capsys.readouterr().err


def test_left_due_row_round_trips() -> None:
    rules = RestructuringRules(left_due_row="on-signing")
    assert RestructuringRules.from_dict(rules.to_dict()) == rules
    assert RestructuringRules().left_due_row is LeftDueRow.ON_SIGNING
    with pytest.raises(lc.InvalidValueError) as error:
        RestructuringRules(left_due_row="never")
    assert error.value.field == "restructuring.left_due_row"
    # the daily-rate line asks for what is left due on signing (its TOML says so) and the
    # value goes back to TOML
    assert CREDIT_LINE.restructuring.left_due_row is LeftDueRow.ON_SIGNING
    other = attrs.evolve(CREDIT_LINE.restructuring, left_due_row="first-instalment")
    toml = attrs.evolve(CREDIT_LINE, restructuring=other).to_toml()
    assert 'left_due_row = "first-instalment"' in toml
    assert 'left_due_row = "on-signing"' in CREDIT_LINE.to_toml()


def test_an_agreement_with_the_amount_left_due_outside_its_schedule() -> None:
    # an Agreement built by hand, without left_due_row, keeps the old meaning: 30.00 due on
    # signing outside the plan's schedule (1,000 over 2 months at 0 %), paid first
    plan = lc.amortize(lc.LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    owed = lc.servicing.Amounts(late_fee="30.00")
    deal = lc.Agreement(
        date=date(2024, 1, 1), kind="re-instalment", schedule=plan, left_due=owed,
        breach_days_past_due=30,
    )  # fmt: skip
    # 530.00 on 01-15 pays the 30.00 first, then instalment 1 (500.00, due 02-01) early
    paid = [lc.Payment(date(2024, 1, 15), "530.00"), lc.Payment(date(2024, 3, 1), "500.00")]
    status = lc.check_agreement(deal, paid, date(2024, 3, 5))
    assert not status.breached
    assert status.left_due_paid_on == date(2024, 1, 15)
    assert (status.plan.total_outstanding, status.days_past_due) == (0, 0)
    # unpaid, the amount left due is obligation 0, 30 days past due on 01-31
    unpaid = lc.check_agreement(deal, [], date(2024, 2, 15))
    assert unpaid.breach is not None
    assert unpaid.breach.obligation.number == 0
    assert unpaid.breach.date == date(2024, 1, 31)
    assert unpaid.breach.obligation.describe() == (
        "the amount left due on signing, due 2024-01-01, 30.00"
    )


def test_cli_restructure_names_the_row_asking_for_what_is_left_due(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["restructure", "--product", "us-fixed-mortgage", "--principal", "12000",
            "--rate", "6%", "--term", "12", "--start", "2024-01-01", "--as-of", "2024-03-20",
            "--kind", "extend", "--new-term", "12"]  # fmt: skip
    assert main(args) == 0
    # 115.14 + 31.82 + 103.28 = 250.24 left due (see test_extend_left_due_is_in_the_first...)
    assert "left due on 2024-03-20: 250.24, asked for by row 1 of the plan" in (
        capsys.readouterr().out
    )
