"""amortize along a rate schedule: the hand-checked stories, an exact oracle, properties."""

from __future__ import annotations

import bisect
import itertools
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.limits.indexes import IndexTable
from loancalc.rate_schedule import RateChange, RateSchedule
from loancalc.strategies import loan_terms
from test_rate_schedule_oracle import rows as oracle_rows

D = Decimal
F = Fraction


def _lpr_mortgage(on_reprice: str) -> lc.Schedule:
    schedule = RateSchedule(index="LPR5Y", spread="0.5%", reprice="january", on_reprice=on_reprice)
    return lc.amortize(
        lc.LoanTerms(principal=1000000, term=360, start=date(2023, 3, 15), rate_schedule=schedule)
    )


def _figures(row: lc.Installment) -> tuple[str, ...]:
    return tuple(
        str(value)
        for value in (row.opening_balance, row.interest, row.principal, row.payment,
                      row.closing_balance)
    )  # fmt: skip


# --- the LPR + spread mortgage, repriced on 1 January two years running --------------------
#
# 1,000,000 over 360 months from 2023-03-15 at LPR5Y + 0.5 %, repriced each 1 January, due
# on the 15th, periodic accrual (a month is rate / 12), ACT/360 days to split a month.
# LPR5Y: 4.30 % (from 2022-08-22), 4.20 % (2023-06-20), 3.60 % (2024-10-21), 3.50 %
# (2025-05-20). So 4.8 % from the start, 4.7 % from 2024-01-01, 4.1 % from 2025-01-01 and
# 4.0 % from 2026-01-01 (the table's last value, carried forward).
#
# Instalment 1: i = 4.8 % / 12 = 0.004; A = 1,000,000 x 0.004 / (1 - 1.004^-360):
# 1.004^360 = 4.208549..., A = 4,000 x 4.208549 / 3.208549 = 5,246.65 (4,000.00 interest,
# 1,246.65 principal).
#
# Instalment 10 (2023-12-15 to 2024-01-15, 31 days: 17 at 4.8 %, 14 at 4.7 %): its rate is
# (4.8 % x 17 + 4.7 % x 14) / 31 / 12 = 1.474 / 372 = 0.00396236...; interest on
# 988,598.94 (what instalments 1..9 leave) = 988,598.94 x 1.474 / 372 = 3,917.19.
# recompute-payment: the 351 instalments left repay 988,598.94 at that rate, then 4.7 % / 12:
# A = 988,598.94 / (v1 (1 + a)) with v1 = 1 / 1.00396236 = 0.99605328 and a = (1 - (1 +
# 0.047/12)^-350) / (0.047/12) = 190.5606...: A = 988,598.94 / 190.5635... = 5,187.70.
# Instalment 22 (2024-12-15 to 2025-01-15): (4.7 % x 17 + 4.1 % x 14) / 372 = 1.373 / 372 on
# 972,513.27 = 3,589.41; the instalment falls to 4,849.62.
# keep-payment: 5,246.65 throughout: instalment 10 repays 5,246.65 - 3,917.19 = 1,329.46;
# the lower rates repay the loan with instalment 311 on 2049-02-15 (1,759.03 + 5.86).


def test_lpr_mortgage_recompute_payment_by_hand() -> None:
    s = _lpr_mortgage("recompute-payment")
    rows = s.installments
    assert len(rows) == 360
    assert s.maturity == date(2053, 3, 15)  # the term is kept
    assert _figures(rows[0]) == ("1000000.00", "4000.00", "1246.65", "5246.65", "998753.35")
    assert rows[8].closing_balance == D("988598.94")
    assert _figures(rows[9]) == ("988598.94", "3917.19", "1270.51", "5187.70", "987328.43")
    assert rows[10].interest == D("3867.04")  # 987,328.43 x 4.7 % / 12 = 3,867.0363
    assert {row.payment for row in rows[9:21]} == {D("5187.70")}
    assert _figures(rows[21]) == ("972513.27", "3589.41", "1260.21", "4849.62", "971253.06")
    assert rows[22].interest == D("3318.45")  # 971,253.06 x 4.1 % / 12 = 3,318.4479
    assert rows[-1].closing_balance == 0


def test_lpr_mortgage_keep_payment_by_hand() -> None:
    s = _lpr_mortgage("keep-payment")
    rows = s.installments
    assert {row.payment for row in rows[:-1]} == {D("5246.65")}
    assert _figures(rows[9]) == ("988598.94", "3917.19", "1329.46", "5246.65", "987269.48")
    assert rows[21].interest == D("3586.74")  # 971,790.44 x 1.373 / 372 = 3,586.7368
    assert len(rows) == 311  # 49 instalments fewer: the rate fell
    assert _figures(rows[-1]) == ("1759.03", "5.86", "1759.03", "1764.89", "0.00")
    assert s.maturity == date(2049, 2, 15)
    assert lc.verify(s)


def _lpr_period_rates() -> tuple[list[F], dict[int, F]]:
    """The mortgage's period rates and plans, from the LPR values above (by hand)."""
    by_year = {2023: F(48, 1000), 2024: F(47, 1000), 2025: F(41, 1000)}
    rates, plans = [], {0: F(48, 1000) / 12}
    for k in range(360):
        start = date(2023, 3, 15) + relativedelta(months=k)
        old = by_year.get(start.year, F(40, 1000))
        new = by_year.get(start.year + 1, F(40, 1000))
        if start.month == 12 and old != new:  # 15 December to 15 January: 17 + 14 days
            rates.append((old * 17 + new * 14) / 31 / 12)
            plans[k] = new / 12
        else:
            rates.append(old / 12)
    return rates, plans


@pytest.mark.parametrize("on_reprice", ["recompute-payment", "keep-payment"])
def test_lpr_mortgage_equals_the_oracle_row_by_row(on_reprice: str) -> None:
    rates, plans = _lpr_period_rates()
    keep = on_reprice == "keep-payment"
    expected = oracle_rows(D("1000000.00"), rates, plans, keep=keep, extra_rate=F(40, 12000))
    got = [(row.interest, row.principal, row.payment) for row in _lpr_mortgage(on_reprice)]
    assert got == expected


# --- a rate change by agreement in the middle of a period -------------------------------
#
# 120,000 over 12 months from 2024-01-10 at 6 %; from 2024-04-25 the rate is 4.8 % by
# agreement. Instalments 1-3 at 0.5 % a month: A = 120,000 x 0.005 / (1 - 1.005^-12) =
# 10,327.97; balances 110,272.03, 100,495.42, 90,669.93.
# Instalment 4 runs 2024-04-10 to 2024-05-10 (30 days): 15 days at 6 %, 15 at 4.8 %:
# 90,669.93 x 6 % x 15/360 = 226.674825 and 90,669.93 x 4.8 % x 15/360 = 181.33986, together
# 408.014685, rounded once: 408.01 (under periodic accrual the month's 0.5 % and 0.4 % weigh
# 15/30 each: 90,669.93 x 0.0045, the same; under daily accrual 90,673.93 x 1.62/360).
# recompute-payment: A = 90,669.93 / (v1 (1 + a8)), v1 = 1/1.0045, a8 = (1 - 1.004^-8)/0.004
# = 7.85793...: A = 90,669.93 / 8.81825... = 10,282.12 (the last 10,282.07).


def _agreed(accrual: str, on_reprice: str) -> lc.Schedule:
    schedule = RateSchedule(
        annual_rate="6%",
        dated_changes=[RateChange(on=date(2024, 4, 25), annual_rate="4.8%")],
        on_reprice=on_reprice,
    )
    return lc.amortize(
        lc.LoanTerms(
            principal=120000, term=12, start=date(2024, 1, 10), accrual=accrual,
            rate_schedule=schedule,
        )
    )  # fmt: skip


def test_mid_period_change_splits_the_interest_at_the_change_date() -> None:
    s = _agreed("periodic", "recompute-payment")
    rows = s.installments
    assert [row.payment for row in rows[:3]] == [D("10327.97")] * 3
    assert _figures(rows[3]) == ("90669.93", "408.01", "9874.11", "10282.12", "80795.82")
    assert rows[4].interest == D("323.18")  # 80,795.82 x 0.4 % = 323.18328
    assert {row.payment for row in rows[3:11]} == {D("10282.12")}
    assert rows[11].payment == D("10282.07")
    daily = _agreed("daily", "recompute-payment").installments
    assert daily[2].closing_balance == D("90673.93")
    assert daily[3].interest == D("408.03")  # 90,673.93 x (6 % x 15 + 4.8 % x 15) / 360


def test_mid_period_change_keep_payment() -> None:
    rows = _agreed("periodic", "keep-payment").installments
    # 90,669.93 - (10,327.97 - 408.01) = 80,749.97; the rate fell, so the last is smaller
    assert _figures(rows[3]) == ("90669.93", "408.01", "9919.96", "10327.97", "80749.97")
    assert len(rows) == 12
    assert _figures(rows[-1]) == ("9869.14", "39.48", "9869.14", "9908.62", "0.00")


def test_a_rise_with_keep_payment_lengthens_the_loan_and_a_rise_too_far_is_refused() -> None:
    rise = RateSchedule(
        annual_rate="6%", dated_changes=[RateChange(on=date(2024, 4, 10), annual_rate="9%")],
        on_reprice="keep-payment",
    )  # fmt: skip
    terms = lc.LoanTerms(principal=120000, term=12, start=date(2024, 1, 10), rate_schedule=rise)
    rows = lc.amortize(terms).installments
    assert len(rows) == 13
    assert rows[12].due_date == date(2025, 2, 10)
    assert rows[12].payment < D("10327.97")
    steep = attrs.evolve(rise, dated_changes=[RateChange(on=date(2024, 4, 10), annual_rate="200%")])
    with pytest.raises(lc.InvalidValueError, match=r"on_reprice: got 'keep-payment'.*covers"):
        lc.amortize(terms.replace(rate_schedule=steep))


# --- properties -------------------------------------------------------------------------


def _still(terms: lc.LoanTerms, kind: int, on_reprice: str) -> RateSchedule:
    """A schedule whose rate is always ``terms.annual_rate``."""
    rate = terms.annual_rate
    if kind == 0:
        return RateSchedule(annual_rate=rate, on_reprice=on_reprice)
    if kind == 1:  # changes by agreement to the rate in force
        day = terms.start + relativedelta(days=1)
        changes = [RateChange(on=day, annual_rate=rate)] if day.year < 9999 else []
        return RateSchedule(annual_rate=rate, dated_changes=changes, on_reprice=on_reprice)
    flat = IndexTable(name="FLAT", values=((date(1, 1, 1), rate / 2),))
    return RateSchedule(
        index=flat, spread=rate - rate / 2, reprice="every-1-months", floor=0,
        on_reprice=on_reprice,
    )  # fmt: skip


@settings(deadline=None, max_examples=150)
@given(
    loan_terms(max_term=240),
    st.integers(0, 2),
    st.sampled_from(["recompute-payment", "keep-payment"]),
)
def test_a_schedule_that_never_changes_equals_the_fixed_rate_loan(
    terms: lc.LoanTerms, kind: int, on_reprice: str
) -> None:
    fixed = lc.amortize(terms)
    moving = lc.amortize(terms.replace(rate_schedule=_still(terms, kind, on_reprice)))
    assert moving.installments == fixed.installments
    assert moving.upfront_fee == fixed.upfront_fee


@st.composite
def _moving_loans(draw: st.DrawFn) -> tuple[lc.LoanTerms, list[F], dict[int, F]]:
    """Monthly annuities (ACT/360, periodic) whose rate changes on random days, with the
    period rates and the plans (period -> rate assumed after it) worked out here from the
    dates alone: a plan at the first period and at each period in which the rate changes
    (a change to the rate already in force is none), at the rate the period ends at."""
    term = draw(st.integers(2, 60))
    start = draw(st.dates(date(2000, 1, 1), date(2090, 12, 28)).filter(lambda d: d.day <= 28))
    dues = [start + relativedelta(months=k) for k in range(term + 1)]
    rate = draw(st.integers(0, 3000)) / F(10000)
    offsets = sorted(draw(st.sets(st.integers(1, (dues[-1] - start).days - 1), max_size=4)))
    changes = [
        (start + relativedelta(days=offset), draw(st.integers(0, 3000)) / F(10000))
        for offset in offsets
    ]
    principal = D(draw(st.integers(100_00, 10_000_000_00))) / 100
    keep = draw(st.booleans())
    days = [day for day, _ in changes]

    def rate_on(day: date) -> F:
        position = bisect.bisect_right(days, day)
        return rate if position == 0 else changes[position - 1][1]

    real = {
        bisect.bisect_right(dues, day) - 1
        for day in days
        if rate_on(day) != rate_on(day - relativedelta(days=1))
    }
    rates, plans = [], {}
    for k in range(term):
        cuts = [dues[k], *(d for d in days if dues[k] < d < dues[k + 1]), dues[k + 1]]
        parts = [(b - a).days * rate_on(a) for a, b in itertools.pairwise(cuts)]
        rates.append(sum(parts, F(0)) / (dues[k + 1] - dues[k]).days / 12)
        if k == 0 or k in real:
            plans[k] = rate_on(cuts[-2]) / 12
    terms = lc.LoanTerms(
        principal=principal, term=term, start=start,
        rate_schedule=RateSchedule(
            annual_rate=D(rate.numerator) / D(rate.denominator),
            dated_changes=[RateChange(on=d, annual_rate=D(r.numerator) / D(r.denominator))
                           for d, r in changes],
            on_reprice="keep-payment" if keep else "recompute-payment",
        ),
    )  # fmt: skip
    return terms, rates, plans


@settings(deadline=None, max_examples=300)
@given(_moving_loans())
def test_moving_annuities_equal_the_oracle(
    loan: tuple[lc.LoanTerms, list[F], dict[int, F]],
) -> None:
    terms, rates, plans = loan
    assert terms.rate_schedule is not None
    keep = terms.rate_schedule.keeps_payment
    try:
        expected = oracle_rows(terms.principal + D("0.00"), rates, plans, keep=keep)
    except (AssertionError, IndexError):  # keep-payment past the term: not modelled here
        return
    if any(part < 0 for _, part, _ in expected):  # negative amortisation: refused
        with pytest.raises(lc.LoanCalcError):
            lc.amortize(terms)
        return
    s = lc.amortize(terms)
    assert [(row.interest, row.principal, row.payment) for row in s] == expected


@settings(deadline=None, max_examples=150)
@given(_moving_loans())
def test_moving_schedules_keep_every_invariant(
    loan: tuple[lc.LoanTerms, list[F], dict[int, F]],
) -> None:
    terms = loan[0]
    try:
        s = lc.amortize(terms)
    except lc.InvalidValueError:
        return
    # from_dict checks every row: numbering, dates, days, amounts >= 0, payment = principal +
    # interest + fee, balances chained from the principal down to 0
    assert lc.Schedule.from_dict(s.to_dict()) == s
    assert s.total_principal == terms.principal
    assert lc.verify(s)
    assert terms.rate_schedule is not None
    if not terms.rate_schedule.keeps_payment:
        assert len(s) == terms.term
        assert s.maturity == lc.amortize(terms.replace(annual_rate=terms.annual_rate)).maturity


@settings(deadline=None, max_examples=150)
@given(
    loan_terms(max_term=120, grace=True),
    st.integers(1, 400),
    st.integers(0, 5000),
    st.sampled_from(["recompute-payment", "keep-payment"]),
)
def test_every_method_keeps_the_row_invariants_after_a_change(
    terms: lc.LoanTerms, offset: int, rate_bp: int, on_reprice: str
) -> None:
    day = terms.start + relativedelta(days=offset)
    change = RateSchedule(
        annual_rate=terms.annual_rate,
        dated_changes=[RateChange(on=day, annual_rate=D(rate_bp) / 10000)],
        on_reprice=on_reprice,
    )
    moving = terms.replace(rate_schedule=change)
    try:
        s = lc.amortize(moving)
    except (lc.InvalidValueError, lc.NegativeAmortizationError):
        return  # a kept payment that stops covering interest, or a principal too large
    assert lc.Schedule.from_dict(s.to_dict()) == s
    assert s.total_principal == terms.principal + s.total_capitalized_interest
    assert lc.verify(s)
