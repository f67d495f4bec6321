"""The worked examples of docs/rules.md (penalty interest, late fees, grace, delinquency and
the servicing conventions), with the arithmetic by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import loancalc as lc
from loancalc.servicing import (
    DelinquencyTable,
    GracePolicy,
    InstallmentStatus,
    LateFeePolicy,
    Payment,
    PenaltyPolicy,
    PenaltyRate,
    ServicingRules,
    assess,
)

D = Decimal
#: 12,000 at 18 % over 12 months from 2024-01-15: 1,100.16 a month; instalment 2 is due
#: 2024-03-15 with principal 933.96 and interest 166.20 (docs/rules.md, 'Servicing
#: conventions').
SEED = lc.amortize(
    lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
)
FIRST = [Payment(date(2024, 2, 15), "1100.16", "I1")]
PENALTY = PenaltyPolicy(rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True)
RULES = ServicingRules(grace=GracePolicy(days=3), penalty=PENALTY)


def test_the_seed_schedule_is_the_one_of_the_rules() -> None:
    second = SEED.installments[1]
    assert (second.due_date, second.principal, second.interest) == (
        date(2024, 3, 15),
        D("933.96"),
        D("166.20"),
    )
    assert second.payment == D("1100.16")


def test_rules_9_instalment_2_unpaid_ten_days() -> None:
    state = assess(SEED, FIRST, date(2024, 3, 25), RULES)
    # 2024-03-25 - 2024-03-15 = 10 days past due: M1 (1-30), special mention (any overdue)
    assert state.days_past_due == 10
    assert state.bucket == "M1"
    assert state.classification is lc.Classification.SPECIAL_MENTION
    # grace ended on 2024-03-18 with the instalment unpaid: reportable
    assert state.reportable
    # penalty rate 18 % x 1.5 = 27 %/yr = 0.075 %/day on a 360-day year
    # penalty  933.96 x 0.00075 x 10 = 7.0047  -> 7.00
    # compound 166.20 x 0.00075 x 10 = 1.24650 -> 1.25 (half-up)
    assert state.penalty_interest == D("7.00")
    assert state.compound_interest == D("1.25")
    # 8.25 on top of the 1,100.16 due: 1,108.41
    assert state.amount_due == D("1108.41")
    second = state.installments[1]
    assert second.status is InstallmentStatus.OVERDUE
    assert second.outstanding.total == D("1108.41")
    assert state.installments[0].status is InstallmentStatus.PAID_ON_TIME


def test_rules_9_payoff_on_the_same_day() -> None:
    state = assess(SEED, FIRST, date(2024, 3, 25), RULES)
    # unpaid principal 12,000 - 920.16 = 11,079.84; instalment 2's interest 166.20;
    # instalment 3's period from 2024-03-15 to 03-25 on its opening balance 10,145.88:
    # 10,145.88 x 18 % x 10/360 = 50.7294 -> 50.73; penalty 7.00 + compound 1.25
    assert state.payoff_amount() == D("11079.84") + D("166.20") + D("50.73") + D("8.25")


def test_rules_3_penalty_and_compound_on_a_thousand() -> None:
    # A bullet loan of 1,000 whose one instalment carries 50 of interest (60 % a year for
    # one month), overdue 10 days; penalty 27 %/yr on principal, compound on interest.
    schedule = lc.amortize(
        lc.LoanTerms(principal=1000, annual_rate="60%", term=1, start=date(2024, 1, 15),
                     method="bullet")
    )  # fmt: skip
    assert schedule.installments[0].interest == D("50.00")
    rules = ServicingRules(
        penalty=PenaltyPolicy(rate=PenaltyRate(kind="annual", value="0.27"), compound=True)
    )
    state = assess(schedule, [], date(2024, 2, 25), rules)
    # 1,000 x 0.00075 x 10 = 7.50; 50 x 0.00075 x 10 = 0.375 -> 0.38 (half-up)
    assert state.penalty_interest == D("7.50")
    assert state.compound_interest == D("0.38")


def test_rules_3_daily_rate_of_five_hundredths_percent() -> None:
    schedule = lc.amortize(
        lc.LoanTerms(principal=1000, annual_rate="18%", term=1, start=date(2024, 1, 15),
                     method="bullet")
    )  # fmt: skip
    rules = ServicingRules(penalty=PenaltyPolicy(rate=PenaltyRate(kind="daily", value="0.0005")))
    state = assess(schedule, [], date(2024, 2, 25), rules)
    # 0.05 %/day x 360 = 18 %/yr; 1,000 x 0.0005 x 10 = 5.00
    assert state.penalty_interest == D("5.00")


def test_rules_4_card_late_fee_five_percent_of_the_unpaid_part() -> None:
    # minimum payment 1,000, paid 600: 5 % x 400 = 20
    schedule = lc.amortize(
        lc.LoanTerms(principal=1000, annual_rate=0, term=1, start=date(2024, 1, 1))
    )
    rules = ServicingRules(late_fee=LateFeePolicy(kind="share", share="0.05", minimum="1"))
    state = assess(schedule, [Payment(date(2024, 2, 1), "600")], date(2024, 2, 10), rules)
    assert state.late_fees == D("20.00")
    # charged once: still 20 a month later
    assert assess(
        schedule, [Payment(date(2024, 2, 1), "600")], date(2024, 3, 10), rules
    ).late_fees == D("20.00")


def test_rules_4_us_mortgage_late_charge_after_15_days() -> None:
    # 5 % of the scheduled principal-and-interest payment, once, after a 15-day grace
    schedule = lc.amortize(
        lc.LoanTerms(principal=120000, annual_rate=0, term=80, start=date(2024, 1, 1))
    )  # 1,500.00 a month
    rules = ServicingRules(
        grace=GracePolicy(days=15),
        late_fee=LateFeePolicy(kind="share", share="0.05", base="scheduled"),
    )
    on_day_15 = assess(schedule, [Payment(date(2024, 2, 16), "1500")], date(2024, 3, 1), rules)
    assert on_day_15.late_fees == 0  # paid on the last day of grace
    late = assess(schedule, [Payment(date(2024, 2, 17), "1500")], date(2024, 3, 1), rules)
    assert late.late_fees == D("75.00")  # 5 % x 1,500


def test_rules_5_paying_within_grace_counts_as_on_time() -> None:
    paid = [*FIRST, Payment(date(2024, 3, 18), "1100.16")]  # due 03-15, grace to 03-18
    state = assess(SEED, paid, date(2024, 4, 1), RULES)
    assert state.penalty_interest == state.compound_interest == 0
    assert state.installments[1].status is InstallmentStatus.PAID_WITHIN_GRACE
    assert not state.reportable
    assert not state.installments[1].reportable


def test_rules_5_after_grace_penalty_runs_back_to_the_due_date() -> None:
    paid = [*FIRST, Payment(date(2024, 3, 20), "1200")]  # 5 days after the due date
    state = assess(SEED, paid, date(2024, 4, 1), RULES)
    # 933.96 x 0.00075 x 5 = 3.50235 -> 3.50; 166.20 x 0.00075 x 5 = 0.62325 -> 0.62
    assert state.penalty_interest == D("3.50")
    assert state.compound_interest == D("0.62")
    assert state.installments[1].status is InstallmentStatus.PAID_LATE
    # 1,200 - 1,100.16 - 4.12 = 95.72 left as credit
    assert state.credit == D("95.72")


def test_rules_5_from_the_end_of_grace_when_not_retroactive() -> None:
    rules = RULES.replace(grace=GracePolicy(days=3, retroactive=False))
    paid = [*FIRST, Payment(date(2024, 3, 20), "1200")]
    state = assess(SEED, paid, date(2024, 4, 1), rules)
    # 2 days after grace (03-19, 03-20): 933.96 x 0.00075 x 2 = 1.40094 -> 1.40;
    # 166.20 x 0.00075 x 2 = 0.2493 -> 0.25
    assert (state.penalty_interest, state.compound_interest) == (D("1.40"), D("0.25"))


@pytest.mark.parametrize(
    ("as_of", "days", "bucket", "classification"),
    [
        (date(2024, 3, 15), 0, "M0", "normal"),  # due today: not yet past due
        (date(2024, 4, 14), 30, "M1", "special-mention"),
        (date(2024, 4, 15), 31, "M2", "special-mention"),
        (date(2024, 6, 14), 91, "M4", "substandard"),  # 03-15 + 91 days
        (date(2024, 12, 10), 270, "M7+", "substandard"),
        (date(2024, 12, 11), 271, "M7+", "doubtful"),
        (date(2025, 3, 11), 361, "M7+", "loss"),
    ],
)
def test_rules_8_buckets_and_classification(
    as_of: date, days: int, bucket: str, classification: str
) -> None:
    state = assess(SEED, FIRST, as_of, RULES)
    assert (state.days_past_due, state.bucket, state.classification.value) == (
        days,
        bucket,
        classification,
    )


def test_rules_8_card_table_and_counting_from_grace_end() -> None:
    card = RULES.replace(delinquency=DelinquencyTable.card_2011())
    # 121 days past due: doubtful on the 2011 card bands, substandard on the bank rules
    as_of = date(2024, 7, 14)  # 2024-03-15 + 121 days
    assert assess(SEED, FIRST, as_of, card).classification.value == "doubtful"
    assert assess(SEED, FIRST, as_of, RULES).classification.value == "substandard"
    from_grace = RULES.replace(delinquency=DelinquencyTable(count_from="grace-end"))
    assert assess(SEED, FIRST, date(2024, 3, 25), from_grace).days_past_due == 7  # 25 - 18
