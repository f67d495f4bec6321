"""Grace variants, relief windows, waivers, late-fee repeats, caps, product rules, exports."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import attrs

import loancalc as lc
from loancalc.servicing import (
    EventKind,
    GracePolicy,
    InstallmentStatus,
    LateFeePolicy,
    Payment,
    PenaltyPolicy,
    PenaltyRate,
    ReliefWindow,
    ServicingRules,
    Waiver,
    assess,
)

D = Decimal
SEED = lc.amortize(
    lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
)
FIRST = [Payment(date(2024, 2, 15), "1100.16")]
PENALTY = PenaltyPolicy(rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True)
RULES = ServicingRules(grace=GracePolicy(days=3), penalty=PENALTY)


def test_default_rules_charge_nothing() -> None:
    state = assess(SEED, FIRST, date(2024, 6, 1))
    assert state.penalty_interest == state.compound_interest == state.late_fees == 0
    assert state.days_past_due == 78  # 2024-03-15 .. 06-01


def test_due_and_partly_paid_within_grace() -> None:
    state = assess(SEED, FIRST, date(2024, 3, 16), RULES)
    assert state.installments[1].status is InstallmentStatus.DUE
    assert state.status == "in-grace"
    assert not state.reportable
    partly = assess(SEED, [*FIRST, Payment(date(2024, 3, 16), "100")], date(2024, 3, 16), RULES)
    assert partly.installments[1].status is InstallmentStatus.PARTLY_PAID


def test_payments_after_as_of_are_left_out() -> None:
    state = assess(SEED, [*FIRST, Payment(date(2024, 5, 1), "50")], date(2024, 3, 1))
    assert state.total_paid == D("1100.16")
    assert len(state.payments) == 1


def test_business_day_grace_and_rolled_due_date() -> None:
    # 2024-06-15 is a Saturday: rolled to Monday 06-17; 1 business day of grace -> 06-18
    schedule = lc.amortize(
        lc.LoanTerms(principal=1000, annual_rate=0, term=1, start=date(2024, 5, 15))
    )
    rules = RULES.replace(grace=GracePolicy(days=1, business_days=True, roll_due_date=True))
    state = assess(schedule, [Payment(date(2024, 6, 18), "1000")], date(2024, 7, 1), rules)
    inst = state.installments[0]
    assert (inst.effective_due_date, inst.grace_end) == (date(2024, 6, 17), date(2024, 6, 18))
    assert inst.status is InstallmentStatus.PAID_WITHIN_GRACE
    assert state.penalty_interest == 0
    # without the roll, 1 business day after Saturday is Monday 06-17: paid 06-18 is late,
    # 3 days (06-16, 06-17, 06-18) of penalty: 1,000 x 0 x 1.5 = 0 (zero contract rate);
    # with an annual penalty of 27 %: 1,000 x 0.00075 x 3 = 2.25
    annual = PenaltyPolicy(rate=PenaltyRate(kind="annual", value="0.27"))
    plain = rules.replace(grace=GracePolicy(days=1, business_days=True), penalty=annual)
    late = assess(schedule, [Payment(date(2024, 6, 18), "1010")], date(2024, 7, 1), plain)
    assert late.installments[0].status is InstallmentStatus.PAID_LATE
    assert late.penalty_interest == D("2.25")
    assert late.credit == D("7.75")  # 1,010 - 1,000 - 2.25


def test_relief_window_stops_accrual_and_days_past_due() -> None:
    # a dispute from 03-20 to 03-24: 5 days without penalty and without DPD growth
    window = ReliefWindow(start=date(2024, 3, 20), end=date(2024, 3, 24), reason="dispute")
    rules = RULES.replace(relief_windows=[window])
    state = assess(SEED, FIRST, date(2024, 3, 25), rules)
    assert state.days_past_due == 5  # 10 days, 5 of them in the window
    # penalty on 5 days: 933.96 x 0.00075 x 5 = 3.50235 -> 3.50; 166.20 x ... = 0.62325 -> 0.62
    assert (state.penalty_interest, state.compound_interest) == (D("3.50"), D("0.62"))
    kinds = [e.kind for e in state.events]
    assert EventKind.RELIEF_STARTED in kinds
    assert EventKind.RELIEF_ENDED in kinds


def test_an_instalment_due_inside_a_window_is_not_reportable_until_it_ends() -> None:
    window = ReliefWindow(start=date(2024, 3, 10), end=date(2024, 4, 10))
    rules = RULES.replace(relief_windows=[window])
    assert not assess(SEED, FIRST, date(2024, 4, 10), rules).installments[1].reportable
    assert assess(SEED, FIRST, date(2024, 4, 12), rules).installments[1].reportable


def test_late_fee_repeats_every_n_days_up_to_the_total_cap() -> None:
    fees = LateFeePolicy(kind="fixed", amount="20", repeat_days=10, cap_total="50")
    state = assess(SEED, FIRST, date(2024, 4, 14), RULES.replace(late_fee=fees))
    # grace ends 03-18 (20), again 03-28 (20), 04-07 (capped at 50 - 40 = 10)
    assert state.late_fees == D("50")
    charged = [e.amounts.late_fee for e in state.events if e.kind is EventKind.LATE_FEE_CHARGED]
    assert charged == [D("20"), D("20"), D("10")]


def test_penalty_cap_stops_accrual() -> None:
    capped = attrs.evolve(PENALTY, cap_amount="5")
    state = assess(SEED, FIRST, date(2024, 3, 25), RULES.replace(penalty=capped))
    # uncapped 7.0047 + 1.2465 = 8.2512 exactly; capped at 5, shared pro rata:
    # 5 x 7.0047/8.2512 = 4.2446... -> 4.24 and 5 x 1.2465/8.2512 = 0.7553... -> 0.76
    assert (state.penalty_interest, state.compound_interest) == (D("4.24"), D("0.76"))


def test_daily_rounding_rounds_each_day() -> None:
    daily = attrs.evolve(PENALTY, rounding="daily")
    state = assess(SEED, FIRST, date(2024, 3, 25), RULES.replace(penalty=daily))
    # each day: 933.96 x 0.00075 = 0.70047 -> 0.70; 166.20 x 0.00075 = 0.12465 -> 0.12
    assert (state.penalty_interest, state.compound_interest) == (D("7.00"), D("1.20"))


def test_waivers_forgive_and_are_reported() -> None:
    waiver = Waiver(date=date(2024, 3, 25), component="penalty-interest")
    state = assess(SEED, FIRST, date(2024, 3, 25), RULES, waivers=[waiver])
    assert state.penalty_interest == D("7.00")  # charged ...
    assert state.waived.penalty_interest == D("7.00")  # ... and forgiven
    assert state.outstanding.penalty_interest == 0
    assert any(e.kind is EventKind.WAIVED for e in state.events)


def test_product_rules_holding_servicing_rules_are_accepted() -> None:
    @attrs.frozen
    class Product:
        name: str
        servicing: ServicingRules

    product = Product("test", RULES)
    assert assess(SEED, FIRST, date(2024, 3, 25), product) == assess(
        SEED, FIRST, date(2024, 3, 25), RULES
    )


def test_exports() -> None:
    state = assess(SEED, FIRST, date(2024, 3, 25), RULES)
    lines = state.to_csv().splitlines()
    assert len(lines) == 13
    assert lines[0].startswith("number,due_date")
    assert lines[2].split(",")[4] == "overdue"
    data = json.loads(state.to_json())
    assert data["days_past_due"] == 10
    assert data["penalty_interest"] == "7.00"
    assert data["installments"][1]["outstanding_penalty_interest"] == "7.00"
    array = state.to_numpy()
    assert array["outstanding_compound_interest"][1] == 1.25
    assert "10 days past due" in str(state)
    assert state.to_dict() == json.loads(state.to_json())


def test_loan_totals_add_up() -> None:
    state = assess(SEED, FIRST, date(2024, 3, 25), RULES)
    assert state.total_outstanding == state.charged.total - state.paid.total - state.waived.total
    assert state.total_outstanding == D("12000") - D("920.16") + D("1021.95") + D("8.25")
