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
    assert (first.due_date, first.days, first.interest) == (date(2024, 5, 15), 21, D("116.34"))
    assert extended.agreement.left_due.total == D("400.22")


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
    assert len(r.schedule) == 9
    assert r.schedule.maturity == LOAN.maturity == date(2025, 1, 15)
    first = r.schedule.installments[0]
    assert (first.due_date, first.interest) == (date(2024, 5, 15), D("116.34"))
    # interest and charges are left due: 318.39 + 41.39 + 34.42 + 6.02 = 400.22
    assert r.breakdown.left_due == D("400.22")
    # unlike extend (longer) and re-instalment (a new cycle from 04-24, on the 24th)
    with pytest.raises(lc.InvalidValueError) as error:
        lc.restructure(STATE, ON, kind="re-amortise", term=12)
    assert error.value.field == "term"
    with pytest.raises(lc.InvalidValueError) as error:
        lc.restructure(STATE, ON, kind="re-amortise", first_due=date(2024, 5, 24))
    assert error.value.field == "first_due"


def test_re_age_is_refused_by_name() -> None:
    with pytest.raises(lc.InvalidValueError, match="not implemented") as error:
        lc.restructure(STATE, ON, kind="re-age")
    assert error.value.field == "kind"


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
