"""``project(state, until, payments=())``: the milestones ahead of a loan, hand-worked on
both interest bases, and properties against independent oracles (``lc.assess`` on each
milestone's date, and a day-by-day walk of assessments)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
import servicing_strategies as sst
from loancalc._projection_changes import changes, closed
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.projection import Milestone, MilestoneKind, Projection, project
from loancalc.servicing import CostCaps, DelinquencyTable, GracePolicy, LateFeePolicy

import balance_strategies as bst  # isort: skip

D = Decimal
README = lc.products.get("cn-consumer-finance-instalment")  # 3-day retroactive grace, x1.5
README_LOAN = lc.amortize(
    README.terms(principal="12000", annual_rate="18%", term=12, start=date(2024, 1, 15))
)
README_PAID = [lc.Payment(date(2024, 2, 15), "1100.16")]


def _kinds(ahead: Projection) -> list[tuple[str, str]]:
    return [(m.date.isoformat(), m.kind.value) for m in ahead.milestones]


def _one(ahead: Projection, kind: str, installment: int | None = None) -> Milestone:
    found = [
        m
        for m in ahead.milestones
        if m.kind.value == kind and (installment is None or m.installment == installment)
    ]
    assert len(found) == 1, found
    return found[0]


# ---- the README's late loan --------------------------------------------------------------


def test_readme_late_loan_moves_from_m1_to_m2_on_the_31st_day_past_due() -> None:
    # Instalment 2 (933.96 + 166.20 = 1,100.16) fell due on 2024-03-15 and is unpaid on
    # 2024-03-25 (10 days past due: M1, special mention, already reportable).
    state = lc.assess(README_LOAN, README_PAID, date(2024, 3, 25), README)
    assert (state.days_past_due, state.bucket, state.reportable) == (10, "M1", True)
    ahead = project(state, date(2024, 6, 30))
    # 31 days past due: 16 days of March (03-16..03-31) and 15 of April -> 2024-04-15,
    # the day instalment 3 falls due too.
    move = next(m for m in ahead.milestones if m.kind is MilestoneKind.BUCKET)
    assert move.date == date(2024, 4, 15)
    assert (move.days_past_due, move.bucket) == (31, "M2")
    assert move.description == "bucket M1 -> M2 (31 days past due)"
    # Amount due: instalments 2 and 3 (2 x 1,100.16 = 2,200.32), penalty on 933.96 at
    # 27 %/360 for 31 days = 21.7146 -> 21.71 and compound interest on 166.20 for 31
    # days = 3.864... -> 3.86: 2,225.89.
    assert move.amount_due == D("2225.89")
    assert _kinds(ahead)[0] == ("2024-04-15", "falls-due")
    # It stays reportable: no reportable milestone; M3 from 61 days (2024-05-15:
    # 16 + 30 + 15), substandard from 91 days (2024-06-14: 16 + 30 + 31 + 14).
    assert "reportable" not in {kind for _, kind in _kinds(ahead)}
    assert ("2024-05-15", "bucket") in _kinds(ahead)
    classification = _one(ahead, "classification")
    assert classification.date == date(2024, 6, 14)
    assert classification.description.startswith("classification special-mention -> substandard")


def test_readme_late_loan_from_its_due_date_lists_the_day_it_becomes_reportable() -> None:
    state = lc.assess(README_LOAN, README_PAID, date(2024, 3, 15), README)
    assert (state.days_past_due, state.reportable) == (0, False)
    ahead = project(state, date(2024, 4, 30))
    # Grace is 3 days: its last day is 2024-03-18; the day after, the instalment is
    # overdue and reportable (report_after_days 0), 4 days past due; penalty is charged
    # back to the due date: 933.96 x 27 %/360 x 4 = 2.80188 -> 2.80, compound interest
    # 166.20 x 27 %/360 x 4 = 0.4986 -> 0.50; amount due 1,100.16 + 2.80 + 0.50.
    reportable = _one(ahead, "reportable")
    assert reportable.date == date(2024, 3, 19)
    assert reportable.description == "reportable to the credit bureau (4 days past due)"
    assert reportable.amount_due == D("1103.46")
    grace = _one(ahead, "grace-ends", 2)
    assert grace.date == date(2024, 3, 19)
    assert grace.description.endswith(
        "penalty interest is charged from 2024-03-16, back to the due date"
    )
    buckets = [(m.date, m.description) for m in ahead.milestones if m.kind.value == "bucket"]
    assert buckets == [
        (date(2024, 3, 16), "bucket M0 -> M1 (1 day past due)"),
        (date(2024, 4, 15), "bucket M1 -> M2 (31 days past due)"),
    ]


def test_readme_late_loan_paid_up_then_paid_off() -> None:
    state = lc.assess(README_LOAN, README_PAID, date(2024, 3, 25), README)
    # Paying the payoff on 2024-04-01 closes the loan early: "settled".
    payoff = state.payoff_amount(date(2024, 4, 1))
    ahead = project(state, date(2025, 3, 1), [lc.Payment(date(2024, 4, 1), payoff)])
    assert ahead.milestones[-1].kind is MilestoneKind.SETTLED
    assert ahead.milestones[-1].amount == payoff
    assert all(m.date == date(2024, 4, 1) for m in ahead.milestones)
    assert {m.kind.value for m in ahead.milestones} == {"bucket", "classification",
                                                        "reportable", "settled"}  # fmt: skip
    assert ahead.debt[-1] == (date(2025, 3, 1), D("0.00"))


# ---- scheduled basis: late fees that repeat ----------------------------------------------


def test_scheduled_late_fees_repeat_every_30_days() -> None:
    # 1,200 at 12 % over 3 months from 2024-01-31: 408.03 due 2024-02-29, 03-31, 04-30.
    loan = lc.amortize(lc.LoanTerms(principal=1200, annual_rate="12%", term=3,
                                    start=date(2024, 1, 31)))  # fmt: skip
    rules = lc.ServicingRules(
        grace=GracePolicy(days=5),
        late_fee=LateFeePolicy(kind="fixed", amount="10", repeat_days=30),
    )
    ahead = project(lc.assess(loan, [], date(2024, 2, 1), rules), date(2024, 4, 10))
    # Grace of instalment 1 ends at the end of 2024-03-05 (02-29 + 5): its fee shows on
    # 03-06; again 30 days after 03-05 (04-04), showing on 04-05. Instalment 2 (due
    # 03-31) ends grace on 04-05: its fee shows on 04-06.
    fees = [
        (m.date, m.installment, m.amount) for m in ahead.milestones if m.kind.value == "late-fee"
    ]
    assert fees == [
        (date(2024, 3, 6), 1, D("10")),
        (date(2024, 4, 5), 1, D("10")),
        (date(2024, 4, 6), 2, D("10")),
    ]
    # Nothing else is charged: the payoff on 04-06 is 1,200 principal + interest of
    # instalments 1 and 2 (12.00 + 8.04) + the current period's interest to 04-06
    # (403.98 x 1 % x 6/30 = 0.808 -> 0.81) + 30.00 of late fees.
    fee_day = next(m for m in ahead.milestones if m.date == date(2024, 4, 6))
    assert fee_day.debt == D("1200") + D("12.00") + D("8.04") + D("0.81") + D("30")


# ---- actual-balance basis --------------------------------------------------------------

DAILY = lc.amortize(lc.LoanTerms(principal=1000, annual_rate="36%", term=3,
                                 start=date(2024, 1, 1), accrual="daily"))  # fmt: skip


def test_actual_balance_projection_worked_by_hand() -> None:
    # 1,000 at 36 % (0.1 % a day on the balance), 353.76 due 2024-02-01, 03-01, 04-01;
    # a 3-day grace and a 15.00 late fee.
    rules = lc.ServicingRules(
        interest_basis="actual-balance",
        grace=GracePolicy(days=3),
        late_fee=LateFeePolicy(kind="fixed", amount="15"),
    )
    ahead = project(lc.assess(DAILY, [], date(2024, 1, 1), rules), date(2024, 3, 10))
    assert _kinds(ahead) == [
        ("2024-02-01", "falls-due"),
        ("2024-02-02", "bucket"),
        ("2024-02-02", "classification"),
        ("2024-02-05", "grace-ends"),
        ("2024-02-05", "late-fee"),
        ("2024-02-05", "reportable"),
        ("2024-03-01", "falls-due"),
        ("2024-03-03", "bucket"),
        ("2024-03-05", "grace-ends"),
        ("2024-03-05", "late-fee"),
    ]
    by_day = {m.date: m for m in ahead.milestones}
    # 31 days of interest on 1,000 by 02-01: 31.00; 35 by 02-05, plus the 15.00 fee.
    assert by_day[date(2024, 2, 1)].debt == D("1031.00")
    assert by_day[date(2024, 2, 5)].debt == D("1050.00")
    assert by_day[date(2024, 2, 5)].amount_due == D("368.76")  # 353.76 + 15.00
    # 60 days of interest by 03-01 (31 + 29) and the fee: 1,075.00; M2 on day 31
    # after 02-01: 03-03.
    assert by_day[date(2024, 3, 1)].debt == D("1075.00")
    assert by_day[date(2024, 3, 3)].bucket == "M2"


def test_actual_balance_cap_reached_worked_by_hand() -> None:
    # Costs capped at 5 % of 1,000 = 50.00: 1.00 of interest a day runs out after 50
    # days (31 of January, 19 of February): the cap cuts from 2024-02-21, and the debt
    # stays 1,050.00.
    rules = lc.ServicingRules(interest_basis="actual-balance", caps=CostCaps(total_share="0.05"))
    ahead = project(lc.assess(DAILY, [], date(2024, 1, 1), rules), date(2024, 3, 10))
    cap = _one(ahead, "cap-reached")
    assert (cap.date, cap.debt) == (date(2024, 2, 21), D("1050.00"))
    assert cap.description == "the total cost cap is reached: interest and charges stop growing"
    assert ahead.debt[-1] == (date(2024, 3, 10), D("1050.00"))


def test_actual_balance_payment_of_the_payoff_settles() -> None:
    rules = lc.ServicingRules(interest_basis="actual-balance")
    state = lc.assess(DAILY, [], date(2024, 1, 1), rules)
    # 1,000 + 20 days of interest at 1.00 a day
    ahead = project(state, date(2024, 6, 1), [lc.Payment(date(2024, 1, 21), "1020.00")])
    assert _kinds(ahead) == [("2024-01-21", "settled")]
    assert ahead.milestones[0].description == "the payment of 1,020.00 settles the loan"


# ---- a restructuring agreement -----------------------------------------------------------


def test_agreement_breach_is_a_milestone_and_ends_the_plan() -> None:
    state = lc.assess(README_LOAN, README_PAID, date(2024, 3, 25), README)
    waive = ("penalty-interest", "compound-interest")
    done = lc.restructure(state, date(2024, 3, 25), term=12, waive=waive, rules=README)
    deal = done.agreement
    plan = lc.assess(done.schedule, [], deal.date, deal.rules)
    ahead = project(plan, date(2024, 12, 31), agreement=deal)
    # Row 1 of the plan falls due 2024-04-25; breached when 30 days past due: 05-25.
    breach = _one(ahead, "breach")
    status = lc.check_agreement(deal, [], date(2024, 12, 31))
    assert breach.date == status.breach_date == date(2024, 5, 25)
    assert breach.installment == 1
    assert breach.amount == status.owed_on_breach
    # 7.00 + 1.25 of penalty and compound interest waived come back
    assert "8.25 waived comes back" in breach.description
    assert ahead.milestones[-1] is breach  # accelerated: the plan ends there
    assert ahead.debt[-1][0] == date(2024, 5, 25)


def test_agreement_of_another_loan_is_refused() -> None:
    state = lc.assess(README_LOAN, README_PAID, date(2024, 3, 25), README)
    done = lc.restructure(state, date(2024, 3, 25), term=12, rules=README)
    with pytest.raises(InvalidValueError, match=r"^agreement: "):
        project(state, date(2024, 6, 1), agreement=done.agreement)
    with pytest.raises(InvalidTypeError, match=r"^agreement: "):
        project(state, date(2024, 6, 1), agreement="plan")  # type: ignore[arg-type]


# ---- bad input ---------------------------------------------------------------------------


def test_bad_input_names_the_field() -> None:
    state = lc.assess(README_LOAN, README_PAID, date(2024, 3, 25), README)
    with pytest.raises(InvalidValueError, match=r"^until: got datetime.date\(2024, 3, 24\)"):
        project(state, date(2024, 3, 24))
    with pytest.raises(InvalidValueError, match=r"^payments\[1\].date: .*after the state's as_of"):
        project(state, date(2024, 6, 1), [lc.Payment(date(2024, 4, 1), "1"),
                                           lc.Payment(date(2024, 3, 25), "1")])  # fmt: skip
    with pytest.raises(InvalidValueError, match=r"^payments\[0\].date: .*on or before until"):
        project(state, date(2024, 6, 1), [lc.Payment(date(2024, 6, 2), "1")])
    with pytest.raises(InvalidTypeError, match=r"^until: "):
        project(state, "2024-06-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^state: "):
        project(README_LOAN, date(2024, 6, 1))  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^payments\[0\]: "):
        project(state, date(2024, 6, 1), ["2024-04-01:100"])  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match=r"^width: "):
        project(state, date(2024, 6, 1)).chart(width=0)


# ---- exports -----------------------------------------------------------------------------


def test_exports() -> None:
    state = lc.assess(README_LOAN, README_PAID, date(2024, 3, 25), README)
    ahead = project(state, date(2024, 4, 15), [lc.Payment(date(2024, 4, 10), "500")])
    data = json.loads(json.dumps(ahead.to_dict()))
    assert data["format"] == "loancalc.projection/1"
    assert data["payments"] == [{"date": "2024-04-10", "amount": "500", "reference": None}]
    assert data["milestones"][0] == {
        "date": "2024-04-15",
        "kind": "falls-due",
        "installment": 3,
        "description": "instalment 3 falls due: 1,100.16",
        "amount": "1100.16",
        "days_past_due": 31,
        "bucket": "M2",
        "amount_due": ahead.milestones[0].amount_due.to_eng_string(),
        "debt": str(ahead.milestones[0].debt),
    }
    assert data["debt"][0] == {"date": "2024-03-25", "debt": str(state.payoff_amount())}
    assert json.loads(ahead.to_json()) == data
    lines = ahead.to_csv().splitlines()
    assert (
        lines[0] == "date,kind,installment,description,amount,days_past_due,bucket,amount_due,debt"
    )
    assert len(lines) == 1 + len(ahead.milestones)
    assert ahead.rows()[0][:3] == (date(2024, 4, 15), "falls-due", 3)
    assert str(ahead) == ahead.text()
    assert ahead.text().startswith(
        "Projection from 2024-03-25 to 2024-04-15 (paying only 500 on 2024-04-10)"
    )
    chart = ahead.chart(width=20).splitlines()
    assert [line[:10] for line in chart] == ["2024-03-25", "2024-04-15"]
    top = max(amount for _, amount in ahead.debt)
    assert [line.count("#") for line in chart] == [
        round(amount * 20 / top) for _, amount in ahead.debt if _ in (ahead.as_of, ahead.until)
    ]


def test_nothing_ahead() -> None:
    state = lc.assess(README_LOAN, README_PAID, date(2024, 3, 25), README)
    ahead = project(state, date(2024, 3, 25))
    assert ahead.milestones == ()
    assert ahead.debt == ((date(2024, 3, 25), state.payoff_amount()),)
    assert "Nothing changes in this period." in ahead.text()


# ---- properties --------------------------------------------------------------------------


@st.composite
def _delinquency(draw: st.DrawFn) -> tuple[DelinquencyTable, int]:
    table = draw(
        st.sampled_from(
            [
                DelinquencyTable(),
                DelinquencyTable.card_2011(),
                DelinquencyTable(bucket_bounds=(10, 20), count_from="grace-end"),
                DelinquencyTable(count_from="grace-end"),
            ]
        )
    )
    return table, draw(st.sampled_from([0, 0, 5, 60]))


@st.composite
def _scheduled(draw: st.DrawFn) -> tuple[lc.LoanState, list[lc.Payment], date]:
    """A scheduled-basis loan assessed on a date, future payments and an ``until``."""
    schedule, paid, as_of, rules = draw(sst.cases(max_term=6))
    table, report = draw(_delinquency())
    rules = rules.replace(delinquency=table, report_after_days=report)
    state = lc.assess(schedule, paid, as_of, rules)
    until = as_of + timedelta(days=draw(st.integers(0, 180)))
    future = [p for p in draw(sst.payments(schedule, count=3)) if as_of < p.date <= until]
    return state, future, until


@st.composite
def _actual(draw: st.DrawFn) -> tuple[lc.LoanState, list[lc.Payment], date]:
    schedule, paid, as_of, rules = draw(bst.cases(max_term=4))
    table, report = draw(_delinquency())
    rules = rules.replace(delinquency=table, report_after_days=report)
    state = lc.assess(schedule, paid, as_of, rules)
    until = as_of + timedelta(days=draw(st.integers(0, 80)))
    future = [p for p in draw(bst.payments(schedule, count=2)) if as_of < p.date <= until]
    return state, future, until


def _check_against_assess(state: lc.LoanState, future: list[lc.Payment], until: date) -> None:
    ahead = project(state, until, future)
    dates = [m.date for m in ahead.milestones]
    assert dates == sorted(dates)
    assert all(state.as_of < day <= until for day in dates)
    for m in ahead.milestones:  # the oracle: lc.assess on the milestone's date
        on = lc.assess(state.schedule, [*state.payments, *future], m.date, state.rules,
                       waivers=state.waivers)  # fmt: skip
        assert (m.days_past_due, m.bucket, m.amount_due, m.debt) == (
            on.days_past_due,
            on.bucket,
            on.amount_due,
            on.payoff_amount(),
        )


def _check_against_daily_walk(state: lc.LoanState, future: list[lc.Payment], until: date) -> None:
    """The milestones are exactly the changes a day-by-day walk of assessments finds."""
    ahead = project(state, until, future)
    days = [state.as_of + timedelta(days=n) for n in range(1, (until - state.as_of).days + 1)]
    everything = [*state.payments, *future]
    daily = [lc.assess(state.schedule, everything, day, state.rules, waivers=state.waivers)
             for day in days]  # fmt: skip
    paid: dict[date, Decimal] = {}
    for payment in future:
        paid[payment.date] = paid.get(payment.date, D(0)) + payment.amount
    expected = set()
    before = state
    for after in daily:
        if not closed(before):
            for kind, number, text, amount in changes(before, after, paid.get(after.as_of)):
                expected.add((after.as_of, kind, number, amount, text))
        before = after
    found = {(m.date, m.kind, m.installment, m.amount, m.description) for m in ahead.milestones}
    assert found == expected


@settings(max_examples=60)
@given(_scheduled())
def test_scheduled_milestones_are_assess_on_their_dates(
    case: tuple[lc.LoanState, list[lc.Payment], date],
) -> None:
    _check_against_assess(*case)


@settings(max_examples=60)
@given(_scheduled())
def test_scheduled_milestones_are_what_a_daily_walk_finds(
    case: tuple[lc.LoanState, list[lc.Payment], date],
) -> None:
    _check_against_daily_walk(*case)


@settings(max_examples=25)
@given(_actual())
def test_actual_balance_milestones_are_assess_on_their_dates(
    case: tuple[lc.LoanState, list[lc.Payment], date],
) -> None:
    _check_against_assess(*case)


@settings(max_examples=15)
@given(_actual())
def test_actual_balance_milestones_are_what_a_daily_walk_finds(
    case: tuple[lc.LoanState, list[lc.Payment], date],
) -> None:
    _check_against_daily_walk(*case)


def _check_payoff_ends(state: lc.LoanState, offset: int) -> None:
    on = state.as_of + timedelta(days=offset)
    payoff = state.payoff_amount(on)
    if payoff <= 0:
        return  # nothing to pay: the loan holds credit
    ahead = project(state, on + timedelta(days=120), [lc.Payment(on, payoff)])
    assert all(m.date <= on for m in ahead.milestones)
    if not closed(state):
        last = ahead.milestones[-1]
        assert (last.date, last.kind.value) in {(on, "settled"), (on, "paid-off")}


@settings(max_examples=50)
@given(_scheduled(), st.integers(1, 200))
def test_scheduled_paying_the_payoff_ends_the_milestones(
    case: tuple[lc.LoanState, list[lc.Payment], date], offset: int
) -> None:
    _check_payoff_ends(case[0], offset)


@settings(max_examples=25)
@given(_actual(), st.integers(1, 200))
def test_actual_balance_paying_the_payoff_ends_the_milestones(
    case: tuple[lc.LoanState, list[lc.Payment], date], offset: int
) -> None:
    _check_payoff_ends(case[0], offset)


@settings(max_examples=50)
@given(_scheduled())
def test_projecting_to_as_of_lists_nothing(
    case: tuple[lc.LoanState, list[lc.Payment], date],
) -> None:
    state, _, _ = case
    ahead = project(state, state.as_of)
    assert ahead.milestones == ()
    assert ahead.debt == ((state.as_of, state.payoff_amount()),)
