"""Worked examples of restructuring, with the arithmetic done by hand in the comments."""

from __future__ import annotations

import pickle
from datetime import date
from decimal import Decimal

import pytest

import loancalc as lc
from loancalc.restructuring import PrepaymentFee, RestructuringRules

D = Decimal

# The story of the docs: 12,000 at 18 % over 12 months from 2024-01-15 (payment 1,100.16),
# instalment 1 paid on time, nothing else; 3 days' grace, penalty 1.5 x 18 % = 27 % a year
# on overdue principal, compound interest at 27 % on overdue interest (both from the due
# date once grace has passed).
LOAN = lc.amortize(
    lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
)
SERVICING = lc.ServicingRules(
    grace=lc.GracePolicy(days=3),
    penalty=lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="multiplier", value="1.5"), compound=True),
)
ON = date(2024, 4, 24)  # instalment 2 (due 03-15) is 40 days past due, instalment 3 is 9
STATE = lc.assess(LOAN, [lc.Payment(date(2024, 2, 15), "1100.16")], ON, SERVICING)
PLAN_RULES = RestructuringRules(
    allowed=True,
    kinds=("re-instalment", "extend"),
    max_count=1,
    max_term=60,
    min_rate="6%",
    max_rate="24%",
    waivable=("penalty-interest", "compound-interest", "late-fee"),
    capitalizable=("interest", "fee"),
    breach_days_past_due=30,
    reinstate_waived_on_breach=True,
    accelerate_on_breach=True,
    left_due_row="first-instalment",  # these figures show it in the first instalment
)


def story() -> lc.Restructuring:
    return lc.restructure(
        STATE, ON, term=24, waive=("penalty-interest", "compound-interest"), rules=PLAN_RULES
    )


def test_story_debt_by_part() -> None:
    b = story().breakdown
    # principal: 12,000 - 920.16 (instalment 1) = 11,079.84
    assert b.line("principal").debt == D("11079.84")
    # overdue interest: 166.20 (instalment 2) + 152.19 (instalment 3) = 318.39
    assert b.line("overdue-interest").debt == D("318.39")
    # accrued: 9,197.91 (instalment 4's opening balance) x 18 % x 9 / 360 = 41.3906 -> 41.39
    assert b.line("accrued-interest").debt == D("41.39")
    # penalty: 933.96 x 27 % x 40 / 360 = 28.0188 -> 28.02; 947.97 x 27 % x 9 / 360 = 6.3988
    # -> 6.40; together 34.42. Compound: 166.20 x 27 % x 40/360 = 4.986 -> 4.99 and
    # 152.19 x 27 % x 9/360 = 1.0273 -> 1.03; together 6.02
    assert b.line("penalty-interest").debt == D("34.42")
    assert b.line("compound-interest").debt == D("6.02")
    # 11,079.84 + 318.39 + 41.39 + 34.42 + 6.02 = 11,480.06, the payoff quote
    assert b.debt == D("11480.06") == STATE.payoff_amount(ON)


def test_story_where_the_debt_went() -> None:
    r = story()
    b = r.breakdown
    # waived on condition: 34.42 + 6.02 = 40.44; capitalised: 318.39 + 41.39 = 359.78
    assert (b.waived, b.capitalized, b.paid, b.left_due) == (D("40.44"), D("359.78"), 0, 0)
    # new principal: 11,079.84 + 359.78 = 11,439.62
    assert r.schedule.terms.principal == D("11439.62")
    assert r.schedule.terms.term == 24
    assert r.schedule.terms.start == ON
    # first instalment: 11,439.62 x 1.5 % = 171.5943 -> 171.59 interest
    assert r.schedule.installments[0].interest == D("171.59")
    assert r.schedule.installments[0].due_date == date(2024, 5, 24)
    assert r.agreement.waived == lc.servicing.Amounts(
        penalty_interest=D("34.42"), compound_interest=D("6.02")
    )
    # penalty stops during the plan (the rules' default): the plan charges none
    assert not r.agreement.rules.penalty.charges_anything
    assert r.state is STATE


def test_story_default_after_four_plan_instalments() -> None:
    r = story()
    rows = r.schedule.installments
    paid = [lc.Payment(row.due_date, row.payment) for row in rows[:4]]
    status = lc.check_agreement(r.agreement, paid, date(2024, 11, 1))
    # instalment 5 (due 2024-09-24) unpaid: 30 days past due on 2024-10-24
    assert status.breached
    assert status.breach_date == date(2024, 10, 24)
    assert status.reinstated.total == D("40.44")
    # accelerated on 10-24: instalment 5's opening balance (all principal left) + its
    # interest + instalment 6's interest (09-24 to 10-24 is its whole period)
    expected = rows[4].opening_balance + rows[4].interest + rows[5].interest
    assert rows[4].opening_balance == rows[3].closing_balance
    assert status.accelerated == expected
    assert status.owed_on_breach == expected + D("40.44")
    # kept until the breach date: checked the day before, nothing is breached
    early = lc.check_agreement(r.agreement, paid, date(2024, 10, 23))
    assert not early.breached
    assert early.reinstated.total == 0


def test_after_the_breach_everything_is_overdue_with_penalty_from_the_breach_date() -> None:
    r = story()
    rows = r.schedule.installments
    paid = [lc.Payment(row.due_date, row.payment) for row in rows[:4]]
    status = lc.check_agreement(r.agreement, paid, date(2024, 11, 1))
    # due on 2024-10-24: principal 9,805.24; interest 147.08 + 140.72 = 287.80; the
    # reinstated penalty 34.42 and compound interest 6.02
    assert status.due_on_breach == lc.servicing.Amounts(
        principal=D("9805.24"),
        interest=D("287.80"),
        penalty_interest=D("34.42"),
        compound_interest=D("6.02"),
    )
    assert status.due_on_breach.total == status.owed_on_breach == D("10133.48")
    # one instalment due on the breach date; the charges in its fee column
    (row,) = status.breach_schedule.installments
    assert (row.due_date, row.principal, row.interest, row.fee, row.payment) == (
        date(2024, 10, 24), D("9805.24"), D("287.80"), D("40.44"), D("10133.48")
    )  # fmt: skip
    # the loan's own rules again (penalty 27 %), without grace
    assert status.breach_rules.penalty == SERVICING.penalty
    assert status.breach_rules.grace.days == 0
    # on 11-01, 8 days after the breach: penalty 9,805.24 x 27 % x 8/360 = 58.8314 -> 58.83,
    # compound 287.80 x 27 % x 8/360 = 1.7268 -> 1.73; all of it overdue
    after = status.after_breach
    assert after.days_past_due == 8
    assert (after.penalty_interest, after.compound_interest) == (D("58.83"), D("1.73"))
    assert after.amount_due == D("10133.48") + D("58.83") + D("1.73") == D("10194.04")
    # on the breach date itself nothing has accrued yet: exactly what the breach made due
    same_day = lc.assess(status.breach_schedule, [], date(2024, 10, 24), status.breach_rules)
    assert same_day.amount_due == D("10133.48")
    # 5,000 paid on 11-01 pays the charges (58.83 + 1.73 + 40.44), the interest 287.80,
    # then 4,611.20 of principal: 5,194.04 left, at 27 % for 30 days to 12-01:
    # 5,194.04 x 27 % x 30/360 = 116.8659 -> 116.87
    later = lc.assess(
        status.breach_schedule,
        [lc.Payment(date(2024, 11, 1), "5000")],
        date(2024, 12, 1),
        status.breach_rules,
    )
    assert later.outstanding.principal == D("5194.04")
    assert later.outstanding.penalty_interest == D("116.87")
    assert later.amount_due == D("5310.91")
    # the payments after the breach date are the ones check_agreement applies after it
    again = lc.check_agreement(
        r.agreement, [*paid, lc.Payment(date(2024, 11, 1), "5000")], date(2024, 12, 1)
    )
    assert again.after_breach == later


def test_no_breach_no_post_breach_schedule() -> None:
    r = story()
    paid = [lc.Payment(row.due_date, row.payment) for row in r.schedule.installments[:4]]
    kept = lc.check_agreement(r.agreement, paid, date(2024, 10, 23))
    assert kept.breach_schedule is kept.after_breach is kept.due_on_breach is None


def test_re_instalment_and_extend_differ() -> None:
    again = lc.restructure(STATE, ON, term=24, rules=PLAN_RULES)
    extended = lc.restructure(STATE, ON, term=24, kind="extend", rules=PLAN_RULES)
    # re-instalment: everything capitalisable goes in and the cycle restarts on the 24th
    assert again.breakdown.capitalized == D("359.78")
    assert again.schedule.installments[0].due_date == date(2024, 5, 24)
    # extend: only principal goes in (11,079.84); the overdue and accrued interest and the
    # charges are left due (318.39 + 41.39 + 34.42 + 6.02 = 400.22); the old cycle (15th)
    # is kept, so the first period runs 21 days: 11,079.84 x 18 % x 21/360 = 116.34
    assert extended.schedule.terms.principal == D("11079.84")
    assert extended.breakdown.left_due == D("400.22")
    first = extended.schedule.installments[0]
    # what is left due is in the plan's first instalment (the default left_due_row): its
    # interest column 116.34 + 318.39 + 41.39 = 476.12, its fee column 34.42 + 6.02 = 40.44
    assert (first.due_date, first.days, first.interest) == (date(2024, 5, 15), 21, D("476.12"))
    assert first.fee == D("40.44")
    assert extended.agreement.left_due.total == D("400.22")
    assert extended.agreement.left_due_row == 1


def test_extend_needs_a_longer_term() -> None:
    # instalments 4 to 12 are left: 9
    with pytest.raises(lc.InvalidValueError, match="longer than the 9") as error:
        lc.restructure(STATE, ON, term=9, kind="extend")
    assert error.value.field == "term"


def test_re_amortise_keeps_the_remaining_due_dates() -> None:
    r = lc.restructure(STATE, ON, kind="re-amortise")
    # all 11,079.84 of principal (933.96 + 947.97 of it overdue) over the 9 instalments
    # left (due 2024-05-15 to 2025-01-15); the first period runs 21 days from 04-24:
    # 11,079.84 x 18 % x 21/360 = 116.3383 -> 116.34
    assert r.schedule.terms.principal == D("11079.84")
    assert len(r.schedule) == 10  # a row due on signing, then the 9 instalments left
    assert r.schedule.maturity == LOAN.maturity == date(2025, 1, 15)
    signing, first = r.schedule.installments[:2]
    # interest and charges are left due: 318.39 + 41.39 + 34.42 + 6.02 = 400.22, in a row
    # due on signing (the default): interest 318.39 + 41.39 = 359.78, fee 34.42 + 6.02 =
    # 40.44, no principal, 0 days
    assert (signing.due_date, signing.days, signing.principal) == (ON, 0, 0)
    assert (signing.interest, signing.fee) == (D("359.78"), D("40.44"))
    assert (first.due_date, first.interest, first.fee) == (date(2024, 5, 15), D("116.34"), 0)
    assert r.breakdown.left_due == D("400.22")
    # the plan's quote on signing day asks for all of it: 11,079.84 + 400.22
    assert lc.assess(r.schedule, [], ON).payoff_amount() == D("11480.06")
    # unlike extend (longer) and re-instalment (a new cycle from 04-24, on the 24th)
    with pytest.raises(lc.InvalidValueError) as error:
        lc.restructure(STATE, ON, kind="re-amortise", term=12)
    assert error.value.field == "term"
    with pytest.raises(lc.InvalidValueError) as error:
        lc.restructure(STATE, ON, kind="re-amortise", first_due=date(2024, 5, 24))
    assert error.value.field == "first_due"


def test_re_age_moves_the_overdue_amounts_after_the_schedule() -> None:
    r = lc.restructure(STATE, ON, kind="re-age", waive=("penalty-interest", "compound-interest"))
    b = r.breakdown
    rows = r.schedule.installments
    # the 9 instalments not yet due (old 4 to 12) are unchanged, renumbered 1 to 9
    fields = ("start", "due_date", "opening_balance", "principal", "interest", "payment")
    assert [[getattr(row, f) for f in fields] for row in rows[:9]] == [
        [getattr(row, f) for f in fields] for row in LOAN.installments[3:]
    ]
    # instalment 1 keeps its interest: 9,197.91 x 1.5 % = 137.97, of which the 41.39
    # accrued by 04-24 is carried in it (neither capitalised nor left due)
    assert rows[0].interest == D("137.97")
    accrued = b.line("accrued-interest")
    assert (accrued.debt, accrued.carried, accrued.capitalized) == (D("41.39"), D("41.39"), 0)
    # 2 new instalments (2 were overdue), after the last due date 2025-01-15, interest-free:
    # overdue principal 933.96 + 947.97 plus the overdue interest 318.39 = 2,200.32, halved
    assert [(row.due_date, row.payment, row.interest) for row in rows[9:]] == [
        (date(2025, 2, 15), D("1100.16"), 0),
        (date(2025, 3, 15), D("1100.16"), 0),
    ]
    # new principal: 11,079.84 + 318.39 = 11,398.23, all of it in the principal column
    assert r.schedule.terms.principal == r.schedule.total_principal == D("11398.23")
    assert b.line("overdue-interest").capitalized == D("318.39")
    assert b.waived == D("40.44")
    # conservation, part by part and in total: 11,480.06
    assert all(line.balanced for line in b.lines)
    assert b.paid + b.carried + b.capitalized + b.waived + b.left_due == b.debt == D("11480.06")


def test_the_four_kinds_differ_on_the_same_loan() -> None:
    again = lc.restructure(STATE, ON, term=24)
    aged = lc.restructure(STATE, ON, kind="re-age", term=3)
    spread = lc.restructure(STATE, ON, kind="re-amortise")
    extended = lc.restructure(STATE, ON, kind="extend", term=24)
    summary = {
        kind: (len(r.schedule), r.schedule.installments[0].due_date, r.schedule.maturity)
        for kind, r in [("re-instalment", again), ("re-age", aged), ("re-amortise", spread),
                        ("extend", extended)]
    }  # fmt: skip
    assert summary == {
        # a new cycle from 04-24 on the 24th, 24 instalments
        "re-instalment": (24, date(2024, 5, 24), date(2026, 4, 24)),
        # the old 9 instalments, then 3 more on the old cycle
        "re-age": (12, date(2024, 5, 15), date(2025, 4, 15)),
        # what is left due on signing (04-24), then the old 9 due dates, principal re-spread
        "re-amortise": (10, date(2024, 4, 24), date(2025, 1, 15)),
        # what is left due on signing, then 24 instalments on the old cycle
        "extend": (25, date(2024, 4, 24), date(2026, 4, 15)),
    }
    # re-age keeps instalment 1 as it was (1,100.16); re-amortise and extend re-solve it
    # from 04-24 (11,079.84 x 18 % x 21/360 = 116.34 of interest) after the row of what
    # they leave due (interest 318.39 + 41.39; charges 34.42 + 6.02 in the fee column)
    assert aged.schedule.installments[0].payment == D("1100.16")
    for plan in (spread, extended):
        signing, first = plan.schedule.installments[:2]
        assert (signing.interest, signing.fee) == (D("359.78"), D("40.44"))
        assert first.interest == D("116.34")
    assert spread.schedule.installments[1].payment != extended.schedule.installments[1].payment
    # re-age capitalises every overdue part into the new instalments, except the interest
    # accrued since 04-15: 318.39 + 34.42 + 6.02 = 358.83 (re-instalment also takes 41.39)
    assert aged.breakdown.capitalized == D("358.83")
    assert again.breakdown.capitalized == D("400.22")
    # 2,240.76 (933.96 + 947.97 + 358.83) over 3: 746.92 twice, then 746.92
    assert [row.payment for row in aged.schedule.installments[9:]] == [D("746.92")] * 3


def test_re_age_refusals() -> None:
    with pytest.raises(lc.InvalidValueError) as error:
        lc.restructure(STATE, ON, kind="re-age", capitalize=("interest",))
    assert error.value.field == "capitalize"
    with pytest.raises(lc.InvalidValueError) as error:
        lc.restructure(STATE, ON, kind="re-age", first_due=date(2025, 2, 1))
    assert error.value.field == "first_due"
    with pytest.raises(lc.InvalidValueError) as error:
        lc.restructure(STATE, ON, kind="re-age", annual_rate="12%")
    assert error.value.field == "annual_rate"
    with pytest.raises(lc.InvalidValueError) as error:
        lc.restructure(STATE, ON, kind="re-age", method="equal-principal")
    assert error.value.field == "method"
    # nothing overdue on 2024-02-15 once instalment 1 is paid
    current = lc.assess(LOAN, [lc.Payment(date(2024, 2, 15), "1100.16")], date(2024, 2, 15))
    with pytest.raises(lc.InvalidValueError) as error:
        lc.restructure(current, date(2024, 2, 15), kind="re-age")
    assert error.value.field == "on"
    # a down payment pays overdue amounts only and must leave some to move: they are
    # 11,480.06 - 9,197.91 (principal not yet due) - 41.39 (accrued) = 2,240.76
    with pytest.raises(lc.InvalidValueError) as error:
        lc.restructure(STATE, ON, kind="re-age", down_payment="2240.76")
    assert error.value.field == "down_payment"
    paid = lc.restructure(STATE, ON, kind="re-age", down_payment="2240.75")
    # the cent left goes into the 2 new instalments (0.005 rounds up to 0.01, then 0.00)
    assert [row.payment for row in paid.schedule.installments[9:]] == [D("0.01"), D("0.00")]


def test_down_payment_pays_charges_first() -> None:
    # 100.00 pays penalty 34.42, compound 6.02, then 59.56 of the overdue interest
    r = lc.restructure(STATE, ON, term=12, down_payment="100.00")
    b = r.breakdown
    assert b.line("penalty-interest").paid == D("34.42")
    assert b.line("compound-interest").paid == D("6.02")
    assert b.line("overdue-interest").paid == D("59.56")
    assert b.line("overdue-interest").capitalized == D("258.83")  # 318.39 - 59.56
    # 11,079.84 + 258.83 + 41.39 = 11,380.06 = 11,480.06 - 100
    assert r.schedule.terms.principal == D("11380.06")


def test_down_payment_reaching_principal() -> None:
    # 1,000 pays the 400.22 of interest and charges, then 599.78 of principal
    r = lc.restructure(STATE, ON, term=12, down_payment="1000")
    assert r.breakdown.line("principal").paid == D("599.78")
    assert r.schedule.terms.principal == D("11079.84") - D("599.78") == D("10480.06")


@pytest.mark.parametrize(
    ("changes", "limit", "limit_value"),
    [
        ({"term": 72}, "restructuring.max_term", 60),
        ({"annual_rate": "30%"}, "restructuring.max_rate", D("0.24")),
        ({"annual_rate": "5%"}, "restructuring.min_rate", D("0.06")),
        ({"waive": ("interest",)}, "restructuring.waivable", ["penalty-interest",
                                                            "compound-interest", "late-fee"]),
        ({"capitalize": ("penalty-interest",)}, "restructuring.capitalizable",
         ["interest", "fee"]),
        ({"kind": "re-age"}, "restructuring.kinds", ["re-instalment", "extend"]),
    ],
)  # fmt: skip
def test_limits_refused_by_name(changes: dict, limit: str, limit_value: object) -> None:  # type: ignore[type-arg]
    arguments = {"term": 24, "rules": PLAN_RULES} | changes
    with pytest.raises(lc.RestructuringNotAllowed) as error:
        lc.restructure(STATE, ON, **arguments)
    assert error.value.limit == limit
    assert error.value.limit_value == limit_value
    assert isinstance(error.value, lc.LoanCalcError)
    assert isinstance(error.value, ValueError)
    assert limit in str(error.value)
    copy = pickle.loads(pickle.dumps(error.value))
    assert (copy.limit, copy.limit_value, str(copy)) == (limit, limit_value, str(error.value))


def test_not_allowed_at_all_and_down_payment_minimum() -> None:
    with pytest.raises(lc.RestructuringNotAllowed) as error:
        lc.restructure(STATE, ON, rules=RestructuringRules())
    assert error.value.limit == "restructuring.allowed"
    share = PLAN_RULES.to_dict()
    share.update(min_down_payment_share="0.1")
    rules = RestructuringRules.from_dict(share)
    # 10 % of 11,480.06 = 1,148.006: 1,148.00 is short
    with pytest.raises(lc.RestructuringNotAllowed) as error:
        lc.restructure(STATE, ON, term=24, down_payment="1148.00", rules=rules)
    assert error.value.limit == "restructuring.min_down_payment_share"
    assert lc.restructure(STATE, ON, term=24, down_payment="1148.01", rules=rules).count == 1


def test_lineage_counts_against_max_count() -> None:
    first = story()
    later = lc.assess(first.schedule, [], date(2024, 7, 1), first.agreement.rules)
    with pytest.raises(lc.RestructuringNotAllowed) as error:
        lc.restructure(later, date(2024, 7, 1), rules=PLAN_RULES, previous=first)
    assert error.value.limit == "restructuring.max_count"
    assert error.value.limit_value == 1
    second = lc.restructure(later, date(2024, 7, 1), term=30, previous=first)
    assert [entry.count for entry in second.lineage] == [1, 2]
    assert second.lineage[0] == first.lineage[0]
    totals = second.totals()
    assert totals["waived"] == D("40.44")
    assert totals["capitalized"] == D("359.78") + second.breakdown.capitalized
    with pytest.raises(lc.InvalidValueError) as wrong:
        lc.restructure(STATE, ON, previous=first)
    assert wrong.value.field == "previous"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"on": date(2024, 4, 23)}, "on"),
        ({"down_payment": "11480.07"}, "down_payment"),
        ({"down_payment": "11480.06"}, "down_payment"),
        ({"down_payment": "-1"}, "down_payment"),
        ({"waive": ("principal",)}, "waive"),
        ({"capitalize": ("late-fee",), "waive": ("late-fee",)}, "capitalize"),
        ({"term": 0}, "term"),
        ({"kind": "refinance"}, "restructuring.kinds"),
        ({"rules": "cn-card"}, "rules"),
    ],
)
def test_bad_input_named(arguments: dict, field: str) -> None:  # type: ignore[type-arg]
    on = arguments.pop("on", ON)
    with pytest.raises(lc.InvalidValueError) as error:
        lc.restructure(STATE, on, **arguments)
    assert error.value.field == field


def test_prepay_with_a_fee_reduce_term_and_reduce_payment() -> None:
    # on 2024-02-15, with instalment 1 paid: 11,079.84 left, nothing due or accrued
    state = lc.assess(LOAN, [lc.Payment(date(2024, 2, 15), "1100.16")], date(2024, 2, 15))
    fee = PrepaymentFee(kind="months-interest", value=1, minimum="50")
    term = lc.prepay(state, date(2024, 2, 15), "5000", rules=fee)
    # fee: 5,000 x 18 % / 12 = 75.00
    assert term.fee == D("75.00")
    assert term.total == D("5075.00")
    assert term.remaining_principal == D("6079.84")
    # keep 1,100.16 a month: 6,079.84 needs 6 payments (5 would need 1,270.6 at 1.5 %)
    assert len(term.schedule) == 6
    assert all(row.payment <= D("1100.16") for row in term.schedule.installments[:-1])
    payment = lc.prepay(state, date(2024, 2, 15), "5000", mode="reduce-payment")
    assert payment.fee == 0
    assert len(payment.schedule) == 11
    assert payment.schedule.maturity == LOAN.maturity
    # 6,079.84 x 1.5 % = 91.1976 -> 91.20, the first interest
    assert payment.schedule.installments[0].interest == D("91.20")


def test_no_prepayment_fee_is_on_the_rounding_grid() -> None:
    product = lc.products.get("cn-bank-consumer-loan")
    assert product.prepayment_fee.kind.value == "none"
    full = lc.prepay(STATE, ON, STATE.payoff_amount(ON), rules=product)
    part = lc.prepay(STATE, ON, "5000", rules=product)
    # 0.00, as a non-zero fee would be (75.00), not a bare 0
    assert (str(full.fee), str(part.fee), str(lc.prepay(STATE, ON, "5000").fee)) == (
        "0.00", "0.00", "0.00"
    )  # fmt: skip
    assert str(full.total) == "11480.06"
    three = lc.money.Rounding(places=3)
    assert str(PrepaymentFee().amount(D("100"), D("0.1"), rounding=three)) == "0.000"


def test_prepay_refusals() -> None:
    payoff = STATE.payoff_amount(ON)
    with pytest.raises(lc.InvalidValueError, match="at most the payoff"):
        lc.prepay(STATE, ON, payoff + D("0.01"))
    # 400.22 of interest and charges is due besides principal: 400.22 is no prepayment
    with pytest.raises(lc.InvalidValueError, match=r"400\.22"):
        lc.prepay(STATE, ON, "400.22")
    with pytest.raises(lc.InvalidValueError) as error:
        lc.prepay(STATE, ON, "1000", mode="reduce-both")
    assert error.value.field == "mode"
    full = lc.prepay(STATE, ON, payoff)
    assert full.remaining_principal == 0
    assert full.total == D("11480.06")


def test_defer_modes() -> None:
    state = lc.assess(LOAN, [lc.Payment(date(2024, 2, 15), "1100.16")], date(2024, 2, 15))
    capitalized = lc.defer(state, date(2024, 2, 15), 2)
    # 11,079.84 x 1.5 % = 166.1976 -> 166.20; 11,246.04 x 1.5 % = 168.6906 -> 168.69
    assert capitalized.holiday_interest == D("334.89")
    rows = capitalized.schedule.installments
    assert [row.payment for row in rows[:2]] == [0, 0]
    assert len(rows) == 13
    assert rows[2].opening_balance == D("11414.73")  # 11,079.84 + 334.89
    assert capitalized.schedule.maturity == date(2025, 3, 15)  # two months later
    spread = lc.defer(state, date(2024, 2, 15), 2, interest="accrue-and-spread")
    # 2 x 166.20 = 332.40 of holiday interest shared by the 11 instalments after it
    assert spread.holiday_interest == D("332.40")
    assert spread.schedule.installments[2].opening_balance == D("11079.84")
    waived = lc.defer(state, date(2024, 2, 15), 2, interest="waive")
    assert len(waived.schedule) == 11
    assert waived.schedule.terms.start == date(2024, 4, 15)
    assert waived.schedule.installments[0].interest == D("166.20")
    assert waived.schedule.maturity == date(2025, 3, 15)


def test_defer_refusals() -> None:
    with pytest.raises(lc.InvalidValueError) as error:
        lc.defer(STATE, ON, 1, interest="forget")
    assert error.value.field == "interest"
    matured = lc.assess(LOAN, [], date(2025, 2, 1))
    with pytest.raises(lc.InvalidValueError) as error:
        lc.defer(matured, date(2025, 2, 1), 1)
    assert error.value.field == "on"


CURRENT = lc.assess(LOAN, [lc.Payment(date(2024, 2, 15), "1100.16")], date(2024, 2, 15))


def test_deferral_honours_the_limits_and_joins_the_lineage() -> None:
    # a deferral (延期还款) is an extension: allowed by PLAN_RULES, the only plan it allows
    holiday = lc.defer(CURRENT, date(2024, 2, 15), 2, rules=PLAN_RULES)
    (entry,) = holiday.lineage
    # 166.20 + 168.69 = 334.89 of holiday interest capitalised
    assert (entry.kind, entry.count, entry.counted) == ("defer", 1, True)
    assert (entry.capitalized, entry.waived, entry.new_principal) == (D("334.89"), 0, D("11079.84"))
    assert holiday.count == 1
    # a later plan on the deferred schedule is the loan's second: max_count 1 refuses it
    later = lc.assess(holiday.schedule, [], date(2024, 5, 1))
    with pytest.raises(lc.RestructuringNotAllowed) as error:
        lc.restructure(later, date(2024, 5, 1), rules=PLAN_RULES, previous=holiday)
    assert (error.value.limit, error.value.value, error.value.limit_value) == (
        "restructuring.max_count", 2, 1
    )  # fmt: skip
    second = lc.restructure(later, date(2024, 5, 1), previous=holiday)
    assert [(e.count, e.kind) for e in second.lineage] == [(1, "defer"), (2, "re-instalment")]
    assert second.totals()["capitalized"] == D("334.89") + second.breakdown.capitalized


@pytest.mark.parametrize(
    ("changes", "interest", "limit", "value"),
    [
        # waiving the holiday's interest needs interest in waivable
        ({}, "waive", "restructuring.waivable", "accrued-interest"),
        # capitalising it needs interest in capitalizable
        ({"capitalizable": ["fee"]}, "capitalize", "restructuring.capitalizable",
         "accrued-interest"),
        # 11 instalments left + 2 = 13 > 12
        ({"max_term": 12}, "accrue-and-spread", "restructuring.max_term", 13),
        ({"kinds": ["re-instalment"]}, "capitalize", "restructuring.kinds", "extend"),
        ({"allowed": False, "kinds": []}, "capitalize", "restructuring.allowed", "extend"),
    ],
)  # fmt: skip
def test_deferral_refused_by_the_limits(
    changes: dict,  # type: ignore[type-arg]
    interest: str,
    limit: str,
    value: object,
) -> None:
    rules = RestructuringRules.from_dict(PLAN_RULES.to_dict() | changes)
    with pytest.raises(lc.RestructuringNotAllowed) as error:
        lc.defer(CURRENT, date(2024, 2, 15), 2, interest=interest, rules=rules)
    assert (error.value.limit, error.value.value) == (limit, value)


def test_prepayment_joins_the_lineage_without_counting() -> None:
    plan = story()
    paid = lc.assess(plan.schedule, [lc.Payment(date(2024, 5, 24), "571.11")], date(2024, 5, 24))
    early = lc.prepay(paid, date(2024, 5, 24), "1000", previous=plan)
    assert [(e.count, e.kind, e.counted) for e in early.lineage] == [
        (1, "re-instalment", True),
        (2, "prepay", False),
    ]
    # after plan instalment 1 (principal 571.11 - 171.59 = 399.52), 11,439.62 - 399.52 =
    # 11,040.10 is left, nothing else due on 05-24: 1,000 of principal off, 10,040.10 left
    assert early.lineage[-1].debt == D("11040.10")
    assert early.lineage[-1].paid == D("1000")
    assert early.lineage[-1].new_principal == D("10040.10")
    assert early.totals()["paid"] == D("1000")
    # the prepayment does not count: the plan still is the loan's only restructuring
    later = lc.assess(early.schedule, [], date(2024, 7, 1))
    with pytest.raises(lc.RestructuringNotAllowed) as error:
        lc.restructure(later, date(2024, 7, 1), rules=PLAN_RULES, previous=early)
    assert error.value.value == 2
    with pytest.raises(lc.InvalidValueError) as wrong:
        lc.prepay(CURRENT, date(2024, 2, 15), "1000", previous=plan)
    assert wrong.value.field == "previous"
    with pytest.raises(lc.InvalidTypeError) as wrong_type:
        lc.defer(CURRENT, date(2024, 2, 15), 1, previous="plan")
    assert wrong_type.value.field == "previous"
