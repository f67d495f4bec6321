"""A schedule carries its lineage: counted against the limits, exported, read back, checked."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc._schedule_rows import check_rows
from loancalc.lineage import KINDS, read_lineage
from loancalc.restructuring import (
    LineageEntry,
    RestructuringKind,
    RestructuringRules,
    lineage_totals,
)
from servicing_strategies import cases

D = Decimal

# The story of the docs: 12,000 at 18 % over 12 months from 2024-01-15 (payment 1,100.16),
# instalment 1 paid, instalments 2 and 3 overdue on 2024-04-24.
LOAN = lc.amortize(
    lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
)
ON = date(2024, 4, 24)
STATE = lc.assess(LOAN, [lc.Payment(date(2024, 2, 15), "1100.16")], ON)
RULES = RestructuringRules(
    allowed=True,
    kinds=("re-instalment", "re-age", "extend"),
    max_count=2,
    waivable=("penalty-interest", "compound-interest", "late-fee"),
    capitalizable=("interest", "fee"),
    breach_days_past_due=30,
)


def first_plan() -> lc.Restructuring:
    return lc.restructure(STATE, ON, term=24, rules=RULES)


def test_the_new_schedule_carries_the_lineage() -> None:
    plan = first_plan()
    assert plan.schedule.lineage == plan.lineage
    assert plan.agreement.schedule == plan.schedule
    (entry,) = plan.schedule.lineage
    assert (entry.count, entry.date, entry.kind, entry.counted) == (1, ON, "re-instalment", True)
    # the debt replaced: 11,079.84 principal + 318.39 overdue + 41.39 accrued interest,
    # all capitalised (nothing waived or paid): new principal 11,439.62
    assert entry.new_principal == D("11439.62") == plan.schedule.terms.principal
    assert LOAN.lineage == ()


def test_restructuring_again_counts_the_plans_on_the_schedule_alone() -> None:
    first = first_plan()
    later = lc.assess(first.schedule, [], date(2024, 7, 1))
    second = lc.restructure(later, date(2024, 7, 1), term=30, rules=RULES)  # no previous=
    assert [(e.count, e.kind) for e in second.schedule.lineage] == [
        (1, "re-instalment"),
        (2, "re-instalment"),
    ]
    assert second.count == 2
    assert second.lineage[0] == first.lineage[0]
    # the third exceeds max_count = 2, found from the schedule alone
    again = lc.assess(second.schedule, [], date(2024, 9, 1))
    with pytest.raises(lc.RestructuringNotAllowed) as error:
        lc.restructure(again, date(2024, 9, 1), term=12, rules=RULES)
    assert error.value.limit == "restructuring.max_count"
    assert error.value.limit_value == 2


def test_the_count_survives_a_json_round_trip() -> None:
    first = first_plan()
    read = lc.Schedule.from_json(first.schedule.to_json())
    assert read == first.schedule
    assert read.lineage == first.lineage
    later = lc.assess(read, [], date(2024, 7, 1))
    second = lc.restructure(later, date(2024, 7, 1), term=30, rules=RULES)
    third_state = lc.assess(lc.Schedule.from_json(second.schedule.to_json()), [], date(2024, 9, 1))
    with pytest.raises(lc.RestructuringNotAllowed):
        lc.restructure(third_state, date(2024, 9, 1), term=12, rules=RULES)


def test_previous_still_works_and_must_agree() -> None:
    first = first_plan()
    later = lc.assess(first.schedule, [], date(2024, 7, 1))
    with_previous = lc.restructure(later, date(2024, 7, 1), term=30, previous=first)
    without = lc.restructure(later, date(2024, 7, 1), term=30)
    assert with_previous.lineage == without.lineage
    # another plan of the same loan, with a down payment: its lineage differs
    other = lc.restructure(STATE, ON, term=12, down_payment="100")
    with pytest.raises(lc.InvalidValueError) as error:
        lc.restructure(later, date(2024, 7, 1), term=30, previous=other)
    assert error.value.field == "previous"
    assert "lineage the schedule carries" in str(error.value)
    # the same entries but another schedule (the term is not in the lineage) is refused too
    same_entries = lc.restructure(STATE, ON, term=12)
    assert same_entries.lineage == first.lineage
    with pytest.raises(lc.InvalidValueError, match="whose schedule the state assesses"):
        lc.restructure(later, date(2024, 7, 1), term=30, previous=same_entries)


def test_deferral_and_prepayment_continue_the_chain() -> None:
    first = first_plan()
    later = lc.assess(first.schedule, [], date(2024, 5, 1))
    holiday = lc.defer(later, date(2024, 5, 1), 2)
    assert holiday.schedule.lineage == holiday.lineage
    assert [(e.count, e.kind) for e in holiday.schedule.lineage] == [
        (1, "re-instalment"),
        (2, "defer"),
    ]
    after = lc.assess(holiday.schedule, [], date(2024, 5, 2))
    early = lc.prepay(after, date(2024, 5, 2), "1000")
    assert early.schedule is not None
    assert [(e.kind, e.counted) for e in early.schedule.lineage] == [
        ("re-instalment", True),
        ("defer", True),
        ("prepay", False),
    ]
    assert lc.Schedule.from_json(early.schedule.to_json()) == early.schedule


def test_lineage_totals_of_a_schedule_reuse_the_result_totals() -> None:
    first = lc.restructure(STATE, ON, term=24, waive=("penalty-interest",), rules=RULES)
    later = lc.assess(first.schedule, [], date(2024, 7, 1))
    second = lc.restructure(later, date(2024, 7, 1), term=30, down_payment="100", rules=RULES)
    totals = lineage_totals(second.schedule)
    assert totals == second.totals() == lineage_totals(second) == lineage_totals(second.lineage)
    # across both plans, each total is the sum of the two entries' own
    for name in ("paid", "capitalized", "waived", "left_due"):
        assert totals[name] == getattr(first.lineage[0], name) + getattr(second.lineage[1], name)
    assert totals["paid"] == D("100")  # the second plan's down payment; the first paid none
    assert lineage_totals(LOAN) == dict.fromkeys(("paid", "capitalized", "waived", "left_due"), 0)


def test_plain_schedules_write_no_lineage() -> None:
    data = LOAN.to_dict()
    assert "lineage" not in data
    assert list(data) == ["format", "terms", "upfront_fee", "installments"]
    stripped = attrs.evolve(first_plan().schedule, lineage=())
    assert '"lineage"' not in stripped.to_json()
    assert lc.Schedule.from_json(stripped.to_json()) == stripped


def test_the_kinds_are_the_restructuring_kinds_and_defer_and_prepay() -> None:
    assert set(KINDS) == {kind.value for kind in RestructuringKind} | {"defer", "prepay"}


def _written() -> dict:  # type: ignore[type-arg]
    return json.loads(first_plan().schedule.to_json())  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d["lineage"][0].update(extra=1), r"^lineage\[0\]\.extra: .*no such key"),
        (lambda d: d["lineage"][0].pop("kind"), r"^lineage\[0\]: .*exactly the keys"),
        (lambda d: d["lineage"][0].update(kind="re-finance"), r"^lineage\[0\]\.kind: "),
        (lambda d: d["lineage"][0].update(count=2), r"^lineage\[0\]\.count: got 2"),
        (lambda d: d["lineage"][0].update(counted=False), r"^lineage\[0\]\.counted: "),
        (lambda d: d["lineage"][0].update(counted="true"), r"^lineage\[0\]\.counted: "),
        (lambda d: d["lineage"][0].update(paid="-1.00"), r"^lineage\[0\]\.paid: .*>= 0"),
        (lambda d: d["lineage"][0].update(paid=1.5), r"^lineage\[0\]\.paid: "),
        (lambda d: d["lineage"][0].update(date="2024-13-01"), r"^lineage\[0\]\.date: "),
        (lambda d: d.update(lineage={"count": 1}), r"^lineage: "),
        (lambda d: d["lineage"].__setitem__(0, "re-age"), r"^lineage\[0\]: "),
        (lambda d: d.update(history=[]), r"^json: .*optionally lineage"),
    ],
)
def test_bad_lineage_is_refused_with_its_path(change, path) -> None:  # type: ignore[no-untyped-def]
    data = _written()
    change(data)
    with pytest.raises(lc.LoanCalcError, match=path):
        lc.Schedule.from_dict(data)


def test_a_schedule_refuses_entries_of_another_type() -> None:
    with pytest.raises(lc.InvalidTypeError, match=r"^lineage\[0\]: "):
        lc.Schedule(terms=LOAN.terms, installments=LOAN.installments, lineage=["re-age"])  # type: ignore[list-item]
    with pytest.raises(lc.InvalidTypeError, match=r"^lineage: "):
        lc.Schedule(terms=LOAN.terms, installments=LOAN.installments, lineage="re-age")  # type: ignore[arg-type]


def test_read_lineage_is_lossless() -> None:
    entry = LineageEntry(
        count=1,
        date=date(2024, 1, 1),
        kind="re-age",
        debt=D("10.005"),
        paid=D("0"),
        capitalized=D("1E+1"),
        waived=D("0.00"),
        left_due=D("0"),
        new_principal=D("10"),
    )
    data = json.loads(json.dumps(attrs.evolve(LOAN, lineage=(entry,)).to_dict()))
    assert read_lineage(data["lineage"]) == (entry,)
    assert str(read_lineage(data["lineage"])[0].capitalized) == "1E+1"


# Re-aged schedules: the kept instalments keep their balances, the new interest-free ones
# run down the moved amount; the schedule's lineage says so, and the check accepts it.
def test_a_re_aged_schedule_round_trips() -> None:
    aged = lc.restructure(STATE, ON, kind="re-age", term=2)
    # moved: overdue principal 933.96 + 947.97 plus overdue interest 166.20 + 152.19
    # = 2,200.32 into 2 instalments of 1,100.16; the 9 kept rows carry 9,197.91
    assert aged.schedule.terms.principal == D("9197.91") + D("2200.32")
    assert aged.schedule.installments[9].opening_balance == D("2200.32")
    read = lc.Schedule.from_json(aged.schedule.to_json())
    assert read == aged.schedule
    # without the lineage saying it was re-aged, the restarted balance is refused
    data = aged.schedule.to_dict()
    del data["lineage"]
    with pytest.raises(lc.InvalidValueError, match=r"^installments\[0\]\.opening_balance"):
        lc.Schedule.from_dict(data)
    # and a re-aged export whose first balance is edited is still refused
    data = aged.schedule.to_dict()
    data["installments"][0]["opening_balance"] = "9197.92"
    with pytest.raises(lc.InvalidValueError, match=r"principal less the re-aged balances"):
        lc.Schedule.from_dict(data)


def test_re_aging_a_re_aged_schedule_round_trips() -> None:
    aged = lc.restructure(STATE, ON, kind="re-age", term=2)
    later = lc.assess(aged.schedule, [], date(2024, 7, 1))  # more instalments overdue
    again = lc.restructure(later, date(2024, 7, 1), kind="re-age", term=3)
    assert [e.kind for e in again.schedule.lineage] == ["re-age", "re-age"]
    assert lc.Schedule.from_json(again.schedule.to_json()) == again.schedule


KIND_VALUES = ("re-instalment", "re-age", "re-amortise", "extend", "defer", "prepay")


def _change(draw: st.DrawFn, state: lc.LoanState, on: date, what: str) -> lc.Schedule | None:
    debt_left = bool([r for r in state.schedule.installments if r.due_date > on])
    try:
        if what == "defer":
            return lc.defer(
                state,
                on,
                draw(st.integers(1, 3)),
                interest=draw(st.sampled_from(["capitalize", "accrue-and-spread", "waive"])),
            ).schedule
        if what == "prepay":
            payoff = state.payoff_amount(on)
            share = draw(st.integers(1, 100))
            amount = (payoff * share / 100).quantize(D("0.01"), rounding="ROUND_DOWN")
            mode = draw(st.sampled_from(["reduce-term", "reduce-payment"]))
            return lc.prepay(state, on, max(amount, D("0.01")), mode=mode).schedule
        term = {
            "re-instalment": draw(st.integers(1, 12)),
            "re-age": draw(st.integers(1, 4)),
            "re-amortise": None,
            "extend": len([r for r in state.schedule.installments if r.due_date > on])
            + draw(st.integers(1, 6)),
        }[what]
        assume(debt_left or what in {"re-instalment", "re-age"})
        return lc.restructure(state, on, kind=what, term=term).schedule
    except lc.InvalidValueError:  # a change the loan does not allow on that date
        assume(False)
        raise  # not reached


@st.composite
def produced(draw: st.DrawFn) -> lc.Schedule:
    """A schedule made by one or two changes (any kind) of a generated loan."""
    schedule, paid, as_of, rules = draw(cases())
    state = lc.assess(schedule, paid, as_of, rules)
    on = as_of + timedelta(days=draw(st.integers(0, 40)))
    made = _change(draw, state, on, draw(st.sampled_from(KIND_VALUES)))
    assume(made is not None)
    assert made is not None
    if draw(st.booleans()):
        later = made.terms.start + timedelta(days=draw(st.integers(0, 120)))
        state = lc.assess(made, [], later, rules)
        again = _change(draw, state, later, draw(st.sampled_from(KIND_VALUES)))
        if again is not None:
            made = again
    return made


@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(produced())
def test_every_produced_schedule_round_trips_and_passes_its_own_checks(
    schedule: lc.Schedule,
) -> None:
    assert schedule.lineage
    read = lc.Schedule.from_json(schedule.to_json())
    assert read == schedule
    assert read.lineage == schedule.lineage
    check_rows(
        schedule.terms,
        schedule.installments,
        re_aged=any(e.kind == "re-age" for e in schedule.lineage),
    )
    assert [e.count for e in schedule.lineage] == list(range(1, len(schedule.lineage) + 1))
    last = schedule.lineage[-1]
    if last.kind != "re-age" and not last.left_due:
        # lc.verify recomputes the rows from the terms; a re-age's interest-free new
        # instalments are not what amortize makes of them, nor is a plan's row holding
        # what the change left due (its first instalment by default); every other's are
        assert lc.verify(schedule)


def test_the_schedule_after_a_breach_keeps_the_plan_lineage() -> None:
    rules = attrs.evolve(RULES, max_count=1, accelerate_on_breach=True)
    plan = lc.restructure(STATE, ON, term=24, rules=rules)
    # nothing paid: the first plan instalment (due 2024-05-24) is 30 days past due on
    # 2024-06-23, so the plan is breached then and the whole balance accelerates
    status = lc.check_agreement(plan.agreement, [], date(2024, 7, 1))
    assert status.breached
    assert status.breach_schedule is not None
    assert status.breach_schedule.lineage == plan.lineage
    assert lc.Schedule.from_json(status.breach_schedule.to_json()) == status.breach_schedule
    after = status.after_breach
    assert after is not None
    with pytest.raises(lc.RestructuringNotAllowed) as error:
        lc.restructure(after, date(2024, 7, 1), term=12, rules=rules)
    assert error.value.limit == "restructuring.max_count"
