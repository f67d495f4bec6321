"""Each built-in product: its rules, a schedule and an assessment with hand-checked figures.

Every expected figure is worked by hand in the comment above it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import loancalc as lc

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
    # RULES.md section 9: on 2024-03-25 instalment 2 is 10 days past due, beyond the 3-day
    # grace, so penalty runs from the due date: 933.96 x 27 % / 360 x 10 = 7.0047 -> 7.00;
    # compound 166.20 x 27 % / 360 x 10 = 1.2465 -> 1.25; due 1,100.16 + 8.25 = 1,108.41.
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
    assert not rules.restructuring.allowed


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
    # instalment 1 (3,333.33 + 124.00, due 2024-02-15) unpaid on 2024-02-25, beyond grace:
    # penalty rate 14.4 % x 1.5 = 21.6 % = 0.06 %/day, for 10 days from the due date:
    # 3,333.33 x 0.0006 x 10 = 19.99998 -> 20.00; compound 124.00 x 0.0006 x 10 = 0.744 -> 0.74
    state = lc.assess(schedule, [], date(2024, 2, 25), rules)
    assert (state.penalty_interest, state.compound_interest) == (D("20.00"), D("0.74"))
    # 3,457.33 + 20.00 + 0.74 = 3,478.07
    assert state.amount_due == D("3478.07")


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
