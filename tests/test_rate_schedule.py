"""RateSchedule: rates on dates, repricing dates, floor and cap, errors; LoanTerms with one."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import loancalc as lc
from loancalc._rate_dates import last_repricing, parse_repricing, repricing_dates
from loancalc.limits.indexes import IndexTable
from loancalc.rate_schedule import OnReprice, RateChange, RateSchedule

D = Decimal
DEMO = IndexTable(
    name="DEMO-SOFR",
    values=((date(2024, 1, 1), D("0.0533")), (date(2024, 9, 19), D("0.0483")),
            (date(2024, 12, 19), D("0.0433"))),
)  # fmt: skip


# --- repricing dates ------------------------------------------------------------------


def test_january_repricing_is_each_first_of_january_after_the_anchor() -> None:
    assert repricing_dates("january", date(2023, 3, 15), date(2026, 1, 1)) == [
        date(2024, 1, 1), date(2025, 1, 1), date(2026, 1, 1),
    ]  # fmt: skip
    # an anchor on 1 January reprices a year later, not on the day itself
    assert repricing_dates("january", date(2024, 1, 1), date(2025, 6, 1)) == [date(2025, 1, 1)]


def test_anniversaries_of_29_february_fall_on_28_february_then_29() -> None:
    assert repricing_dates("anniversary", date(2024, 2, 29), date(2028, 3, 1)) == [
        date(2025, 2, 28), date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29),
    ]  # fmt: skip


def test_every_n_months_keeps_the_anchor_day_or_the_month_end() -> None:
    assert repricing_dates("every-1-months", date(2024, 1, 31), date(2024, 5, 31)) == [
        date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 31),
    ]  # fmt: skip
    assert repricing_dates("every-3-months", date(2024, 1, 15), date(2024, 10, 14)) == [
        date(2024, 4, 15), date(2024, 7, 15),
    ]  # fmt: skip


@given(
    st.dates(date(1990, 1, 1), date(2200, 12, 31)),
    st.sampled_from(["anniversary", "january", "every-1-months", "every-6-months"]),
    st.integers(0, 4000),
)
def test_repricing_dates_increase_and_lie_after_the_anchor(
    anchor: date, rule: str, days: int
) -> None:
    end = anchor + timedelta(days=days)
    dates = repricing_dates(rule, anchor, end)
    assert all(anchor < day <= end for day in dates)
    assert dates == sorted(set(dates))
    if rule == "january":
        assert all((day.month, day.day) == (1, 1) for day in dates)
    else:
        months = 12 if rule == "anniversary" else int(rule.split("-")[1])
        assert all(day.day == anchor.day or (day + timedelta(days=1)).day == 1 for day in dates)
        # one repricing date per step of the rule, none skipped
        steps = ((end.year - anchor.year) * 12 + end.month - anchor.month) // months
        assert len(dates) in (steps - 1, steps) if steps else len(dates) == 0


@given(
    st.dates(date(1990, 1, 1), date(2200, 12, 31)),
    st.sampled_from(["anniversary", "january", "every-1-months", "every-5-months"]),
    st.integers(-30, 4000),
)
def test_the_last_repricing_date_is_the_last_one_generated(
    anchor: date, rule: str, days: int
) -> None:
    on = anchor + timedelta(days=days)
    dates = repricing_dates(rule, anchor, on)
    assert last_repricing(rule, anchor, on) == (dates[-1] if dates else anchor)


@pytest.mark.parametrize("text", ["weekly", "every-0-months", "every-121-months", "", 12])
def test_unknown_repricing_rules_are_refused(text: object) -> None:
    with pytest.raises(lc.InvalidValueError, match=r"reprice: got .*'anniversary', 'january'"):
        parse_repricing(text)


# --- rates on dates ---------------------------------------------------------------------


def test_lpr_plus_spread_on_and_between_repricing_dates() -> None:
    # LPR5Y: 4.30 % from 2022-08-22, 4.20 % from 2023-06-20, 3.60 % from 2024-10-21
    s = RateSchedule(index="LPR5Y", spread="0.5%", reprice="january", anchor=date(2023, 3, 15))
    assert s.rate_on(date(2023, 3, 15)) == D("0.048")  # 4.30 + 0.5
    assert s.rate_on(date(2023, 12, 31)) == D("0.048")  # the June cut waits for 1 January
    assert s.rate_on(date(2024, 1, 1)) == D("0.047")  # 4.20 + 0.5
    assert s.rate_on(date(2024, 12, 31)) == D("0.047")
    assert s.rate_on(date(2025, 1, 1)) == D("0.041")  # 3.60 + 0.5
    assert s.changes(date(2023, 3, 15), date(2025, 12, 31)) == (
        (date(2024, 1, 1), D("0.047")),
        (date(2025, 1, 1), D("0.041")),
    )


def test_anniversary_repricing_and_a_lag() -> None:
    s = RateSchedule(index=DEMO, spread="1%", reprice="anniversary", anchor=date(2024, 9, 20))
    assert s.rate_on(date(2025, 9, 19)) == D("0.0583")  # fixed 2024-09-20: 4.83 + 1
    assert s.rate_on(date(2025, 9, 20)) == D("0.0533")  # 4.33 + 1
    lagged = RateSchedule(
        index=DEMO, spread="1%", reprice="anniversary", anchor=date(2024, 9, 20), lag_days=2
    )
    assert lagged.rate_on(date(2024, 9, 20)) == D("0.0633")  # index of 2024-09-18: 5.33 + 1


def test_floor_and_cap_hold_the_rate() -> None:
    s = RateSchedule(
        index=DEMO, spread="-1%", reprice="every-3-months", floor="4%", cap="4.5%",
        anchor=date(2024, 1, 1),
    )  # fmt: skip
    assert s.rate_on(date(2024, 1, 1)) == D("0.0433")  # 5.33 - 1, inside
    assert s.rate_on(date(2024, 10, 1)) == D("0.04")  # 4.83 - 1 = 3.83, floored
    capped = RateSchedule(index=DEMO, spread="1%", cap="6%", anchor=date(2024, 1, 1))
    assert capped.rate_on(date(2024, 6, 1)) == D("0.06")  # 6.33, capped


def test_dated_changes_hold_from_their_day() -> None:
    s = RateSchedule(
        annual_rate="6%",
        dated_changes=[RateChange(on=date(2024, 3, 10), annual_rate="4.8%"),
                       RateChange(on=date(2024, 8, 1), annual_rate="4.8%"),
                       RateChange(on=date(2024, 9, 1), annual_rate="5%")],
    )  # fmt: skip
    assert [s.rate_on(date(2024, m, d)) for m, d in [(3, 9), (3, 10), (8, 31), (9, 1)]] == [
        D("0.06"), D("0.048"), D("0.048"), D("0.05"),
    ]  # fmt: skip
    # the change to the same rate is no change
    assert s.changes(date(2024, 1, 1), date(2024, 12, 31)) == (
        (date(2024, 3, 10), D("0.048")),
        (date(2024, 9, 1), D("0.05")),
    )
    assert s.changes(date(2024, 3, 10), date(2024, 9, 1)) == ((date(2024, 9, 1), D("0.05")),)


# --- bad input ----------------------------------------------------------------------------


def test_a_rate_change_before_the_loan_starts_is_refused() -> None:
    moving = RateSchedule(
        annual_rate="5%", dated_changes=[RateChange(on=date(2023, 12, 1), annual_rate="4%")]
    )
    with pytest.raises(
        lc.InvalidValueError,
        match=r"rate_schedule.dated_changes\[0\].on: got datetime.date\(2023, 12, 1\); "
        r"accepted: a date after the loan's start 2024-01-01",
    ):
        lc.LoanTerms(principal=1000, term=12, start=date(2024, 1, 1), rate_schedule=moving)


def test_an_index_with_no_value_for_a_repricing_date_is_refused() -> None:
    s = RateSchedule(index="LPR1Y", spread="1%", anchor=date(2019, 1, 1))
    with pytest.raises(lc.InvalidValueError, match=r"LPR1Y date: got .*2019, 1, 1.*2019-08-20"):
        s.rate_on(date(2019, 5, 1))
    with pytest.raises(lc.InvalidValueError, match="LPR1Y date"):
        lc.LoanTerms(principal=1000, term=12, start=date(2019, 1, 1), rate_schedule=s)


def test_an_index_below_zero_needs_a_floor() -> None:
    negative = IndexTable(name="DEMO-EURIBOR", values=((date(2020, 1, 1), D("-0.005")),))
    s = RateSchedule(index=negative, spread="0.2%", anchor=date(2020, 1, 1))
    with pytest.raises(lc.InvalidValueError, match=r"rate on 2020-01-01: got .*set a floor"):
        s.rate_on(date(2020, 2, 1))
    floored = RateSchedule(index=negative, spread="0.2%", floor=0, anchor=date(2020, 1, 1))
    assert floored.rate_on(date(2020, 2, 1)) == 0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"annual_rate": "5%", "index": "LPR1Y"}, "rate_schedule: got 'annual_rate and index'"),
        ({}, "rate_schedule: got 'neither'"),
        ({"index": "NOPE"}, "index: got 'NOPE'; accepted: one of LPR1Y"),
        ({"index": "LPR1Y", "floor": "5%", "cap": "4%"}, r"floor: got .*at most the cap"),
        ({"annual_rate": "5%", "floor": "1%"}, "floor: got .*None unless an index"),
        ({"index": "LPR1Y", "spread": "2000%"}, "spread: got '2000%'"),
        ({"index": "LPR1Y", "lag_days": -1}, "lag_days: got -1"),
        ({"annual_rate": "5%", "on_reprice": "shrug"}, "on_reprice: got 'shrug'"),
        (
            {"index": "LPR1Y", "dated_changes": [RateChange(on=date(2024, 1, 1), annual_rate=0)]},
            "dated_changes: got .*none for an indexed rate",
        ),
        (
            {"annual_rate": "5%", "dated_changes": [
                RateChange(on=date(2024, 2, 1), annual_rate=0),
                RateChange(on=date(2024, 1, 1), annual_rate=0)]},
            r"dated_changes\[1\].on: got .*a date after 2024-02-01",
        ),
        ({"annual_rate": "5%", "dated_changes": ["2024-01-01:4%"]}, r"dated_changes\[0\]: got"),
    ],
)  # fmt: skip
def test_bad_schedules_are_refused(values: dict[str, object], message: str) -> None:
    with pytest.raises(lc.InvalidValueError, match=message):
        RateSchedule(**values)  # type: ignore[arg-type]


def test_a_rate_asked_before_an_indexed_anchor_is_refused() -> None:
    s = RateSchedule(index="LPR1Y", anchor=date(2024, 1, 1))
    with pytest.raises(lc.InvalidValueError, match=r"on: got .*on or after the rate's anchor"):
        s.rate_on(date(2023, 12, 31))
    with pytest.raises(lc.InvalidValueError, match="anchor: got None"):
        RateSchedule(index="LPR1Y").rate_on(date(2024, 1, 1))


def test_on_reprice_names() -> None:
    assert OnReprice.parse("keep") is OnReprice.KEEP_PAYMENT
    assert RateSchedule(annual_rate=0, on_reprice="recompute").keeps_payment is False


# --- LoanTerms ----------------------------------------------------------------------------


def test_terms_take_the_opening_rate_from_the_schedule() -> None:
    s = RateSchedule(index="LPR5Y", spread="0.5%", reprice="january")
    terms = lc.LoanTerms(principal=1000, term=12, start=date(2023, 3, 15), rate_schedule=s)
    assert terms.annual_rate == D("0.048")
    assert terms.rate_schedule is not None
    assert terms.rate_schedule.anchor == date(2023, 3, 15)
    assert terms.rate_on(date(2024, 2, 1)) == D("0.047")
    assert terms.rate_on(date(2020, 1, 1)) == D("0.048")  # before the start: the opening rate
    same = lc.LoanTerms(
        principal=1000, annual_rate="4.8%", term=12, start=date(2023, 3, 15), rate_schedule=s
    )
    assert same == terms


def test_terms_refuse_an_annual_rate_the_schedule_contradicts() -> None:
    s = RateSchedule(annual_rate="5%")
    with pytest.raises(lc.InvalidValueError, match=r"annual_rate: got Decimal\('0.04'\).*0.05"):
        lc.LoanTerms(principal=1, annual_rate="4%", term=1, start=date(2024, 1, 1), rate_schedule=s)
    with pytest.raises(lc.InvalidValueError, match="annual_rate: got None; accepted: a rate"):
        lc.LoanTerms(principal=1, term=1, start=date(2024, 1, 1))
    with pytest.raises(lc.InvalidTypeError, match="rate_schedule: got '5%'"):
        lc.LoanTerms(principal=1, term=1, start=date(2024, 1, 1), rate_schedule="5%")  # type: ignore[arg-type]


def test_fixed_terms_are_unchanged() -> None:
    terms = lc.LoanTerms(principal=1000000, annual_rate="4.9%", term=360, start=date(2024, 1, 15))
    assert terms.annual_rate == D("0.049")
    assert terms.rate_schedule is None
    assert "rate_schedule" not in terms.to_dict()
    assert lc.amortize(terms).installments[0].payment == D("5307.27")


def test_replace_restarts_the_schedule_or_drops_it_for_a_fixed_rate() -> None:
    s = RateSchedule(
        annual_rate="6%",
        dated_changes=[RateChange(on=date(2024, 3, 10), annual_rate="4.8%"),
                       RateChange(on=date(2024, 9, 1), annual_rate="5%")],
    )  # fmt: skip
    terms = lc.LoanTerms(principal=1000, term=12, start=date(2024, 1, 10), rate_schedule=s)
    later = terms.replace(start=date(2024, 5, 1))
    assert later.annual_rate == D("0.048")
    assert later.rate_schedule is not None
    assert [c.on for c in later.rate_schedule.dated_changes] == [date(2024, 9, 1)]
    fixed = terms.replace(annual_rate="7%")
    assert fixed.rate_schedule is None
    assert fixed.annual_rate == D("0.07")
    assert terms.replace(term=6).rate_schedule == terms.rate_schedule
    indexed = lc.LoanTerms(
        principal=1000, term=24, start=date(2023, 3, 15),
        rate_schedule=RateSchedule(index="LPR5Y", spread="0.5%", reprice="january"),
    )  # fmt: skip
    moved = indexed.replace(start=date(2024, 6, 1))
    assert moved.annual_rate == D("0.047")
    assert moved.rate_schedule is not None
    assert moved.rate_schedule.anchor == date(2023, 3, 15)


@pytest.mark.parametrize(
    "schedule",
    [
        RateSchedule(annual_rate="6%", dated_changes=[RateChange(on=date(2024, 3, 10),
                                                                 annual_rate="4.8%")]),
        RateSchedule(index="LPR5Y", spread="-0.2%", reprice="every-6-months", floor="3%",
                     cap="8%", lag_days=1, on_reprice="keep-payment"),
        RateSchedule(index=DEMO, spread="1%"),
    ],
)  # fmt: skip
def test_terms_and_schedules_round_trip_through_json(schedule: RateSchedule) -> None:
    terms = lc.LoanTerms(principal=1000, term=12, start=date(2024, 1, 10), rate_schedule=schedule)
    assert lc.LoanTerms.from_dict(terms.to_dict()) == terms
    s = lc.amortize(terms)
    assert lc.Schedule.from_json(s.to_json()) == s


def test_bad_schedule_data_is_refused() -> None:
    with pytest.raises(lc.InvalidValueError, match="rate_schedule: got 5"):
        RateSchedule.from_dict(5)
    with pytest.raises(lc.InvalidValueError, match=r"rate_schedule: got .*as RateSchedule"):
        RateSchedule.from_dict({"annual_rate": "5%", "dated_changes": [{"on": "x"}]})


def test_describe() -> None:
    s = RateSchedule(index="LPR5Y", spread="-0.2%", reprice="every-6-months", floor="3%",
                     lag_days=1, on_reprice="keep-payment")  # fmt: skip
    assert s.describe() == (
        "LPR5Y - 0.2%, repriced every 6 months (index 1 days before), floor 3%, keep-payment"
    )
    dated = RateSchedule(
        annual_rate="6%", dated_changes=[RateChange(on=date(2024, 3, 10), annual_rate="4.8%")]
    )
    assert dated.describe() == "6%, 4.8% from 2024-03-10, recompute-payment"


def test_batch_computes_a_rate_scheduled_loan_as_the_scalar_engine_does() -> None:
    # batch.amortize vectorises fixed rates and rate schedules alike (segment by segment,
    # tests/test_batch_rates.py): the rows are loancalc.amortize's
    moving = RateSchedule(index="LPR1Y", spread="1%")
    book = lc.batch.amortize([1000, 2000], [D("0.05"), moving], 12, start=date(2024, 1, 1))
    assert book.fallback.tolist() == []
    alone = lc.amortize(lc.LoanTerms(principal=2000, rate_schedule=moving, term=12,
                                     start=date(2024, 1, 1)))  # fmt: skip
    assert book.schedule(1) == alone


def test_a_moving_rate_schedule_says_so_in_its_title() -> None:
    moving = RateSchedule(index="LPR5Y", spread="0.5%", reprice="january")
    schedule = lc.amortize(lc.LoanTerms(principal=1_000_000, rate_schedule=moving, term=360,
                                        start=date(2023, 3, 15)))  # fmt: skip
    # LPR5Y on 2023-03-15 is 4.30 %, + 0.5 % = 4.8 % to start
    assert str(schedule).splitlines()[0] == (
        "equal-installment loan of 1,000,000 at LPR5Y + 0.5%, repriced each 1 January, "
        "recompute-payment (4.8% a year to start), 360 x monthly, periodic accrual (ACT/360)"
    )
