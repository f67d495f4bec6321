"""Each built-in product: its rules, a schedule and an assessment with hand-checked figures.

Every expected figure is worked by hand in the comment above it.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.restructuring import RestructuringKind

D = Decimal


def product(name: str) -> lc.products.ProductRules:
    return lc.products.get(name)


def payments(*pairs: tuple[date, str]) -> list[lc.Payment]:
    return [lc.Payment(day, amount) for day, amount in pairs]


# --- cn-bank-consumer-loan ----------------------------------------------------------------


def test_cn_bank_consumer_loan_rules() -> None:
    rules = product("cn-bank-consumer-loan")
    assert rules.annual_rate is None  # the bank quotes each loan's rate
    assert rules.servicing.grace.days == 0
    # contract rate plus 50 %: 4.9 % -> 7.35 %, and compound interest at that rate
    assert rules.servicing.penalty.annual_rate(D("0.049")) == D("0.0735")
    assert rules.servicing.penalty.compound_annual_rate(D("0.049")) == D("0.0735")
    assert rules.servicing.late_fee.kind.value == "none"
    assert rules.rate_cap == D("0.24")
    assert rules.apr_method == "nominal"


def test_cn_bank_consumer_loan_schedule() -> None:
    terms = product("cn-bank-consumer-loan").terms(
        principal="1000000", term=360, start=date(2024, 1, 15), annual_rate="4.9%"
    )
    first = lc.amortize(terms).installments[0]
    # i = 4.9 % / 12; A = 1,000,000 i (1+i)^360 / ((1+i)^360 - 1) = 5,307.2672... -> 5,307.27
    # interest = 1,000,000 x 0.049 / 12 = 4,083.333... -> 4,083.33; principal 1,223.94
    assert (first.payment, first.interest, first.principal) == (
        D("5307.27"),
        D("4083.33"),
        D("1223.94"),
    )


def test_cn_bank_consumer_loan_assessment_without_grace() -> None:
    rules = product("cn-bank-consumer-loan")
    schedule = lc.amortize(
        rules.terms(principal=12000, term=12, start=date(2024, 1, 15), annual_rate="18%")
    )
    # Instalment 2 (due 2024-03-15: principal 933.96 + interest 166.20) paid two days late
    # on 2024-03-17. No grace: penalty from the due date at 18 % x 1.5 = 27 %:
    # 933.96 x 0.27 / 360 x 2 = 1.40094 -> 1.40; compound 166.20 x 0.27 / 360 x 2 = 0.2493
    # -> 0.25.
    state = lc.assess(
        schedule,
        payments((date(2024, 2, 15), "1100.16"), (date(2024, 3, 17), "1100.16")),
        date(2024, 3, 20),
        rules,
    )
    assert (state.penalty_interest, state.compound_interest) == (D("1.40"), D("0.25"))
    assert state.late_fees == 0
    assert state.reportable


# --- cn-consumer-finance-instalment -------------------------------------------------------


def test_cn_consumer_finance_instalment_rules() -> None:
    rules = product("cn-consumer-finance-instalment")
    assert (rules.servicing.grace.days, rules.servicing.grace.retroactive) == (3, True)
    # 1.5x the contract rate: 18 % -> 27 %, compound interest at the penalty rate
    assert rules.servicing.penalty.annual_rate(D("0.18")) == D("0.270")
    assert rules.servicing.penalty.compound_annual_rate(D("0.18")) == D("0.270")
    assert rules.servicing.late_fee.kind.value == "none"
    assert rules.restructuring.allows("re-instalment")
    assert rules.restructuring.max_count == 1
    assert (rules.apr_method, rules.apr_periods_per_year) == ("nominal", 12)


def test_cn_consumer_finance_instalment_schedule() -> None:
    terms = product("cn-consumer-finance-instalment").terms(
        principal=12000, term=12, start=date(2024, 1, 15)
    )
    assert terms.annual_rate == D("0.18")  # the product's default rate
    rows = lc.amortize(terms).installments
    # i = 1.5 %; A = 12,000 x 0.015 x 1.015^12 / (1.015^12 - 1) = 1,100.1599 -> 1,100.16
    # instalment 1: interest 12,000 x 0.015 = 180.00, principal 920.16, balance 11,079.84
    # instalment 2: interest 11,079.84 x 0.015 = 166.1976 -> 166.20, principal 933.96
    assert (rows[0].payment, rows[0].interest, rows[0].principal) == (
        D("1100.16"),
        D("180.00"),
        D("920.16"),
    )
    assert (rows[1].principal, rows[1].interest) == (D("933.96"), D("166.20"))


def test_cn_consumer_finance_instalment_assessment() -> None:
    rules = product("cn-consumer-finance-instalment")
    schedule = lc.amortize(rules.terms(principal=12000, term=12, start=date(2024, 1, 15)))
    # docs/rules.md, 'Servicing conventions': on 2024-03-25 instalment 2 is 10 days past
    # due, beyond the 3-day grace, so penalty runs from the due date: 933.96 x 27 % / 360 x
    # 10 = 7.0047 -> 7.00; compound 166.20 x 27 % / 360 x 10 = 1.2465 -> 1.25; due
    # 1,100.16 + 8.25 = 1,108.41.
    state = lc.assess(schedule, payments((date(2024, 2, 15), "1100.16")), date(2024, 3, 25), rules)
    assert (state.penalty_interest, state.compound_interest) == (D("7.00"), D("1.25"))
    assert state.amount_due == D("1108.41")
    assert (state.days_past_due, state.bucket) == (10, "M1")
    assert state.classification is lc.Classification.SPECIAL_MENTION
    assert state.reportable


def test_cn_consumer_finance_instalment_paid_within_grace_costs_nothing() -> None:
    rules = product("cn-consumer-finance-instalment")
    schedule = lc.amortize(rules.terms(principal=12000, term=12, start=date(2024, 1, 15)))
    # instalment 2 paid in full on 2024-03-18, the third day of grace: on time
    state = lc.assess(
        schedule,
        payments((date(2024, 2, 15), "1100.16"), (date(2024, 3, 18), "1100.16")),
        date(2024, 3, 20),
        rules,
    )
    assert (state.penalty_interest, state.compound_interest, state.late_fees) == (D(0), D(0), D(0))
    assert not state.reportable


# --- cn-daily-rate-credit-line ------------------------------------------------------------


def test_cn_daily_rate_credit_line_rules() -> None:
    rules = product("cn-daily-rate-credit-line")
    # 0.04 %/day x 360 = 14.4 % a year
    assert rules.annual_rate == D("0.144")
    assert rules.check_rate("0.04%/day") == D("0.144")
    assert (rules.accrual, rules.day_count) == (lc.Accrual.DAILY, lc.DayCount.ACT_360)
    assert rules.prepayment_fee.kind.value == "none"
    # a negotiated plan (协商还款): re-instalment or extend, breached 30 days past due
    assert rules.restructuring.kinds == (
        RestructuringKind.RE_INSTALMENT, RestructuringKind.EXTEND)  # fmt: skip
    assert rules.restructuring.breach_days_past_due == 30
    assert rules.restructuring.accelerate_on_breach
    # interest daily on the actual balance, all-in cost capped at the courts' 24 % a year
    assert rules.servicing.interest_basis is lc.servicing.InterestBasis.ACTUAL_BALANCE
    assert rules.servicing.caps == lc.CostCaps(annual_rate="0.24")
    assert rules.rate_cap == D("0.24")


def test_cn_daily_rate_credit_line_schedule_equal_principal() -> None:
    rules = product("cn-daily-rate-credit-line")
    terms = rules.terms(principal=10000, term=3, start=date(2024, 1, 15), method="equal-principal")
    rows = lc.amortize(terms).installments
    # principal 10,000 / 3 = 3,333.33 (the last 3,333.34); interest by actual days / 360:
    # 10,000.00 x 0.144 x 31/360 = 124.00 (= 10,000 x 0.04 % x 31 days)
    #  6,666.67 x 0.144 x 29/360 =  77.333... -> 77.33
    #  3,333.34 x 0.144 x 31/360 =  41.333... -> 41.33
    assert [row.principal for row in rows] == [D("3333.33"), D("3333.33"), D("3333.34")]
    assert [row.interest for row in rows] == [D("124.00"), D("77.33"), D("41.33")]


def test_cn_daily_rate_credit_line_assessment() -> None:
    rules = product("cn-daily-rate-credit-line")
    schedule = lc.amortize(
        rules.terms(principal=10000, term=3, start=date(2024, 1, 15), method="equal-principal")
    )
    # instalment 1 (3,333.33 + 124.00, due 2024-02-15) unpaid on 2024-02-25, beyond the
    # 3-day retroactive grace. Actual balance: the whole 10,000.00 keeps bearing the
    # contract 0.04 %/day, so the overdue principal's penalty adds only the difference
    # 21.6 % - 14.4 % = 7.2 % a year = 0.02 %/day, for 10 days from the due date:
    # 3,333.33 x 0.0002 x 10 = 6.66666 -> 6.67; compound on the overdue interest at 21.6 %:
    # 124.00 x 0.0006 x 10 = 0.744 -> 0.74
    state = lc.assess(schedule, [], date(2024, 2, 25), rules)
    assert (state.penalty_interest, state.compound_interest) == (D("6.67"), D("0.74"))
    # due now: 3,457.33 + 6.67 + 0.74 = 3,464.74
    assert state.amount_due == D("3464.74")
    # to close it: 10,000 + interest 124.00 + 10,000 x 0.0004 x 10 = 40.00 (Feb 15 to 25)
    # + 6.67 + 0.74 = 10,171.41; nothing near the 24 % cap
    assert state.payoff_amount(date(2024, 2, 25)) == D("10171.41")
    assert state.cap_hits == ()


def test_cn_daily_rate_credit_line_under_the_scheduled_basis() -> None:
    # the same product read the old way (contract interest as scheduled): the whole
    # penalty rate 21.6 % = 0.06 %/day on the overdue principal for 10 days:
    # 3,333.33 x 0.0006 x 10 = 19.99998 -> 20.00; compound 124.00 x 0.0006 x 10 -> 0.74
    line = product("cn-daily-rate-credit-line")
    rules = line.servicing.replace(interest_basis="scheduled", caps=lc.CostCaps())
    schedule = lc.amortize(
        line.terms(principal=10000, term=3, start=date(2024, 1, 15), method="equal-principal")
    )
    state = lc.assess(schedule, [], date(2024, 2, 25), rules)
    assert (state.penalty_interest, state.compound_interest) == (D("20.00"), D("0.74"))
    # 3,457.33 + 20.00 + 0.74 = 3,478.07
    assert state.amount_due == D("3478.07")


def test_cn_daily_rate_credit_line_repaid_early_pays_interest_for_the_days_used() -> None:
    rules = product("cn-daily-rate-credit-line")
    schedule = lc.amortize(
        rules.terms(principal=10000, term=3, start=date(2024, 1, 15), method="equal-principal")
    )
    first = lc.Payment(date(2024, 2, 15), "3457.33")  # instalment 1 on time
    quote = lc.assess(schedule, [first], date(2024, 2, 15), rules).payoff_amount(date(2024, 3, 1))
    # 6,666.67 left; 15 days at 0.04 %: 6,666.67 x 0.0004 x 15 = 40.0002 -> 40.00
    assert quote == D("6706.67")
    closed = lc.assess(
        schedule, [first, lc.Payment(date(2024, 3, 1), quote)], date(2024, 3, 1), rules
    )
    assert closed.total_outstanding == 0
    # interest paid 124.00 + 40.00 = 164.00, against 124.00 + 77.33 + 41.33 = 242.66 as scheduled
    assert sum(line.interest for line in closed.statement) == D("164.00")


# --- cn-card-instalment -------------------------------------------------------------------


def test_cn_card_instalment_rules() -> None:
    rules = product("cn-card-instalment")
    assert rules.method is lc.Method.FLAT
    assert (rules.annual_rate, rules.fees.per_period_rate) == (D("0"), D("0.006"))
    assert rules.servicing.late_fee.kind.value == "share"  # a contractual 违约金
    assert rules.restructuring.max_term == 60
    assert rules.restructuring.penalty_stops_during_plan
    assert rules.servicing.delinquency == lc.DelinquencyTable.card_2011()
    with pytest.raises(lc.InvalidValueError, match="from 0 to 0"):
        rules.terms(principal=1000, term=12, start=date(2024, 1, 15), annual_rate="5%")


def test_cn_card_instalment_schedule() -> None:
    terms = product("cn-card-instalment").terms(principal=12000, term=12, start=date(2024, 1, 15))
    schedule = lc.amortize(terms)
    # each month: principal 12,000 / 12 = 1,000.00, fee 12,000 x 0.6 % = 72.00: 1,072.00
    rows = {(row.principal, row.interest, row.fee, row.payment) for row in schedule.installments}
    assert rows == {(D("1000.00"), D("0.00"), D("72.00"), D("1072.00"))}
    # total fees 72 x 12 = 864.00 (a flat 7.2 % a year on the original principal)
    assert schedule.total_payment == D("12864.00")


def test_cn_card_instalment_assessment() -> None:
    rules = product("cn-card-instalment")
    schedule = lc.amortize(rules.terms(principal=12000, term=12, start=date(2024, 1, 15)))
    # instalment 1 (1,000 + fee 72, due 2024-02-15) unpaid on 2024-02-25:
    # penalty 0.05 %/day on the overdue principal: 1,000 x 0.0005 x 10 = 5.00 (none on the
    # fee); 违约金 5 % of the unpaid 1,072.00 = 53.60 (above the 1.00 minimum), bearing no
    # interest. Due: 1,072.00 + 5.00 + 53.60 = 1,130.60.
    state = lc.assess(schedule, [], date(2024, 2, 25), rules)
    assert (state.penalty_interest, state.compound_interest) == (D("5.00"), D("0"))
    assert state.late_fees == D("53.60")
    assert state.amount_due == D("1130.60")


# --- us-fixed-mortgage --------------------------------------------------------------------


def test_us_fixed_mortgage_rules() -> None:
    rules = product("us-fixed-mortgage")
    assert rules.day_count is lc.DayCount.THIRTY_360_US
    assert rules.servicing.grace.days == 15
    assert not rules.servicing.penalty.charges_anything
    assert (rules.apr_method, rules.currency) == ("us-actuarial", "USD")


def test_us_fixed_mortgage_schedule() -> None:
    terms = product("us-fixed-mortgage").terms(
        principal=200000, term=360, start=date(2024, 1, 1), annual_rate="6%"
    )
    first = lc.amortize(terms).installments[0]
    # i = 0.5 %; A = 200,000 x 0.005 x 1.005^360 / (1.005^360 - 1) = 1,199.1010 -> 1,199.10
    # interest 200,000 x 0.005 = 1,000.00 (30/360: a month is 30/360 of a year); principal 199.10
    assert (first.payment, first.interest, first.principal) == (
        D("1199.10"),
        D("1000.00"),
        D("199.10"),
    )


def test_us_fixed_mortgage_late_charge() -> None:
    rules = product("us-fixed-mortgage")
    schedule = lc.amortize(
        rules.terms(principal=200000, term=360, start=date(2024, 1, 1), annual_rate="6%")
    )
    # due 2024-02-01, unpaid on 2024-02-20, 19 days: beyond the 15-day grace, a late
    # charge of 5 % of the P&I payment: 1,199.10 x 0.05 = 59.955 -> 59.96, once; no
    # penalty interest; not yet reportable (30 days past due)
    late = lc.assess(schedule, [], date(2024, 2, 20), rules)
    assert (late.late_fees, late.penalty_interest) == (D("59.96"), D("0"))
    assert late.amount_due == D("1259.06")  # 1,199.10 + 59.96
    assert not late.reportable
    # paid on 2024-02-16, the 15th day after the due date: within grace, no charge
    on_time = lc.assess(
        schedule, payments((date(2024, 2, 16), "1199.10")), date(2024, 2, 20), rules
    )
    assert on_time.late_fees == 0


# --- eu-consumer-credit -------------------------------------------------------------------


def test_eu_consumer_credit_rules() -> None:
    rules = product("eu-consumer-credit")
    assert (rules.apr_method, rules.currency, rules.jurisdiction) == ("eu-aprc", "EUR", "EU")
    # early repayment compensation 1 % of the amount repaid early (art. 16(2))
    fee = rules.prepayment_fee.amount(D("5000"), D("0.07"))
    assert fee == D("50.00")  # 5,000 x 1 %
    assert rules.restructuring.breach_missed_installments == 2


def test_eu_consumer_credit_schedule_and_assessment() -> None:
    rules = product("eu-consumer-credit")
    schedule = lc.amortize(
        rules.terms(principal=10000, term=36, start=date(2024, 1, 15), annual_rate="7%")
    )
    first = schedule.installments[0]
    # A = 10,000 x (0.07/12) / (1 - (1 + 0.07/12)^-36) = 308.7709... -> 308.77
    # interest 10,000 x 0.07 / 12 = 58.333... -> 58.33; principal 250.44
    assert (first.payment, first.interest, first.principal) == (
        D("308.77"),
        D("58.33"),
        D("250.44"),
    )
    # unpaid 28 days later (2024-03-14): default interest contract + 5 points = 12 % on the
    # overdue principal, ACT/365: 250.44 x 0.12 x 28 / 365 = 2.3054 -> 2.31; no compounding
    state = lc.assess(schedule, [], date(2024, 3, 14), rules)
    assert (state.penalty_interest, state.compound_interest) == (D("2.31"), D("0"))
    assert state.classification is lc.Classification.NORMAL  # not 90 days past due


# --- uk-hcstc -----------------------------------------------------------------------------


def uk_loan() -> lc.Schedule:
    """300.00 borrowed on 2024-01-15, repaid over 3 months."""
    return lc.amortize(product("uk-hcstc").terms(principal=300, term=3, start=date(2024, 1, 15)))


def test_uk_hcstc_rules() -> None:
    rules = product("uk-hcstc")
    # 0.8 % a day x 365 = 2.92 a year; over ACT/365F a day is exactly 2.92 / 365 = 0.8 %
    assert rules.annual_rate == D("2.92")
    assert rules.check_rate("0.8%/day") == D("2.92")
    assert (rules.day_count, rules.accrual) == (lc.DayCount.ACT_365F, lc.Accrual.DAILY)
    assert (rules.currency, rules.jurisdiction, rules.apr_method) == ("GBP", "UK", "eu-aprc")
    assert rules.rate_cap is None  # the FCA's cap is on costs, not an annualised rate
    with pytest.raises(lc.InvalidValueError, match=r"from 0 to 2\.92"):
        rules.check_rate("0.81%/day")
    servicing = rules.servicing
    assert servicing.interest_basis is lc.servicing.InterestBasis.ACTUAL_BALANCE
    assert servicing.caps == lc.CostCaps(daily_share="0.8%", total_share="100%", default_fee=15)
    assert servicing.interest_free == lc.InterestFreePeriod(days=3, conditional=True)
    assert (servicing.late_fee.kind.value, servicing.late_fee.amount) == ("fixed", D(15))
    assert servicing.late_fee.repeat_days is None  # once per missed payment
    assert not servicing.penalty.charges_anything  # no default interest above the contract's
    # charges, then interest, then principal
    order = [part.value for part in servicing.allocation_strategy.order]
    assert order.index("late-fee") < order.index("fee") < order.index("interest")
    assert order.index("interest") < order.index("principal")
    assert rules.rounding == lc.Rounding(places=2, mode="down")


def test_uk_hcstc_schedule() -> None:
    rows = uk_loan().installments
    # growth factors 1 + 0.008 x days: 31, 29 and 31 days -> 1.248, 1.232, 1.248; the level
    # payment A solves 300 x 1.248 x 1.232 x 1.248 = A (1.232 x 1.248 + 1.248 + 1):
    # 575.6534784 / 3.785536 = 152.0666... -> 152.06 (rounded down to the penny)
    # interest 300 x 0.008 x 31 = 74.40; principal 77.66, balance 222.34
    # 222.34 x 0.008 x 29 = 51.58288 -> 51.58; principal 100.48, balance 121.86
    # 121.86 x 0.008 x 31 = 30.22128 -> 30.22; the last payment 121.86 + 30.22 = 152.08
    assert [row.payment for row in rows] == [D("152.06"), D("152.06"), D("152.08")]
    assert [row.interest for row in rows] == [D("74.40"), D("51.58"), D("30.22")]
    # 156.20 of interest in all: within the total cost cap of 100 % (300.00)
    assert sum(row.interest for row in rows) == D("156.20")


def test_uk_hcstc_paid_as_scheduled_matches_the_schedule() -> None:
    schedule = uk_loan()
    paid = [lc.Payment(row.due_date, row.payment) for row in schedule.installments]
    state = lc.assess(schedule, paid, date(2024, 4, 15), product("uk-hcstc"))
    assert state.total_outstanding == 0
    # the first 3 days' interest (300 x 0.008 x 3 = 7.20) is charged when they end, the
    # loan still open: 7.20 + 67.20 = 74.40, then 51.58 and 30.22 as scheduled
    assert [line.interest for line in state.statement] == [
        D(0), D("7.20"), D("67.20"), D("51.58"), D("30.22")
    ]  # fmt: skip
    assert state.cap_hits == ()  # 0.8 % a day is within the 0.8 % daily cap, exactly


def test_uk_hcstc_repaid_within_three_days_costs_nothing() -> None:
    schedule, rules = uk_loan(), product("uk-hcstc")
    quote = lc.assess(schedule, [], date(2024, 1, 15), rules)
    # up to 2024-01-18 (3 days after the advance) the payoff is the principal alone;
    # a day later the 4 days are charged: 300 x 0.008 x 4 = 9.60
    assert quote.payoff_amount(date(2024, 1, 18)) == D("300.00")
    assert quote.payoff_amount(date(2024, 1, 19)) == D("309.60")
    repaid = lc.assess(schedule, [lc.Payment(date(2024, 1, 18), "300")], date(2024, 1, 25), rules)
    assert repaid.total_outstanding == 0
    assert sum(line.interest for line in repaid.statement) == 0
    # repaid on the 4th day: the interest of all 4 days is owed; the 300 paid covers
    # interest first (9.60) and leaves 9.60 of principal
    late = lc.assess(schedule, [lc.Payment(date(2024, 1, 19), "300")], date(2024, 1, 19), rules)
    assert late.total_outstanding == D("9.60")


def test_uk_hcstc_missed_payment_costs_interest_and_one_default_fee() -> None:
    # nothing paid; on 2024-02-20 (36 days): interest 300 x 0.008 x 36 = 86.40, one late
    # payment charge of 15.00 for the missed 2024-02-15 payment, no default interest:
    # 300 + 86.40 + 15.00 = 401.40
    state = lc.assess(uk_loan(), [], date(2024, 2, 20), product("uk-hcstc"))
    assert state.late_fees == D("15.00")
    assert (state.penalty_interest, state.compound_interest) == (D(0), D(0))
    assert state.total_outstanding == D("401.40")


def test_uk_hcstc_total_cost_cap_stops_at_the_amount_borrowed() -> None:
    # nothing ever paid. By the last due date 2024-04-15 (91 days): interest 91 x 2.40 =
    # 218.40 and three late payment charges 45.00: 263.40 of costs; 36.60 more reaches
    # 100 % of the 300.00 borrowed: 15 days (36.00) to 2024-04-30, and 0.60 of the 2.40 of
    # 2024-05-01. To 2024-05-15 the 30 days would have cost 72.00: 35.40 is cut.
    state = lc.assess(uk_loan(), [], date(2024, 5, 15), product("uk-hcstc"))
    assert state.total_outstanding == D("600.00")  # never more than twice the loan
    assert [(hit.cap, hit.first_on, hit.amount_cut) for hit in state.cap_hits] == [
        ("total", date(2024, 5, 1), D("35.40"))
    ]


@settings(max_examples=100, deadline=None)
@given(
    principal=st.integers(100, 1500),
    term=st.integers(1, 12),
    paid=st.lists(st.tuples(st.integers(0, 400), st.integers(1, 50_000)), max_size=6),
    later=st.integers(0, 500),
)
def test_uk_hcstc_never_costs_more_than_the_amount_borrowed(
    principal: int, term: int, paid: list[tuple[int, int]], later: int
) -> None:
    # whatever is paid and whenever: interest and charges stay within 100 % of the loan,
    # interest within 0.8 % a day of the principal owed (cumulated: a line's posting may
    # round up what an earlier one rounded down), at most one 15.00 per instalment
    rules = product("uk-hcstc")
    start = date(2024, 1, 15)
    schedule = lc.amortize(rules.terms(principal=principal, term=term, start=start))
    payments = [lc.Payment(start + timedelta(days=day), D(cents).scaleb(-2)) for day, cents in paid]
    as_of = start + timedelta(days=max([later, *(day for day, _ in paid)]))
    state = lc.assess(schedule, payments, as_of, rules)
    assert sum(line.interest + line.charges for line in state.statement) <= principal
    assert state.late_fees <= 15 * term
    lines = state.statement
    if any(line.note for line in lines):  # a lapsed window: the loan is as without it
        no_window = rules.replace(servicing=rules.servicing.replace(interest_free=None))
        lines = lc.assess(schedule, payments, as_of, no_window).statement
    posted = allowed = D(0)
    for before, line in itertools.pairwise(lines):
        posted += line.interest
        allowed += before.principal * D("0.008") * line.days
        assert posted <= allowed
