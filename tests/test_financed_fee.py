"""A financed arrangement fee (``Fees.financed``, ``Fees.financed_rate``): no interest on
it, each instalment pays interest, then the fee, then principal.

Hand-checked schedules, an independent exact reference (``Fraction`` arithmetic, no
loancalc code) for the level payment and every row, the sum identities, the fee-free
schedule unchanged, servicing on both interest bases, APR, codecs and bad input.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import balance_strategies
import loancalc as lc
from balance_reference import reference
from loancalc.cli import main
from loancalc.errors import InvalidValueError
from loancalc.servicing import ServicingRules
from reference import cents, dec, equal_installment

START = date(2024, 1, 31)
ZERO6 = (Decimal(0),) * 6
SCHEDULED = ServicingRules()
ACTUAL = ServicingRules(interest_basis="actual-balance")


def _rows(schedule: lc.Schedule) -> list[tuple[str, ...]]:
    return [
        (str(r.principal), str(r.interest), str(r.fee), str(r.payment), str(r.closing_balance))
        for r in schedule.installments
    ]


# ---- hand-checked schedules ---------------------------------------------------------


def test_fee_repaid_by_the_first_instalment() -> None:
    # 1,000.00 at 12 % a year monthly (1 % a month), 3 instalments, financed fee 30.00.
    # v = 1/1.01. If the fee ends in period j, principal stays 1,000 until then:
    #   A_1 = (1,000 x 1.01 + 30) / (1 + v + v^2) = 1,040 / 2.970395 = 350.1217
    #   A_2 = (1,000 x 1.02 + 30) / (2 + v)       = 1,050 / 2.990099 = 351.1589
    #   A_3 = (1,000 x 1.03 + 30) / 3             = 1,060 / 3        = 353.3333
    # The least, A_1, is the payment: 350.12 (half-up). Instalment 1: interest
    # 1,000 x 1 % = 10.00, fee 30.00, principal 350.12 - 40.00 = 310.12, leaving 689.88.
    # 2: interest 6.8988 -> 6.90, principal 350.12 - 6.90 = 343.22, leaving 346.66.
    # 3: interest 3.4666 -> 3.47, principal 346.66, payment 346.66 + 3.47 = 350.13.
    terms = lc.LoanTerms(principal="1000.00", annual_rate="12%", term=3, start=START,
                         fees=lc.Fees(financed="30.00"))  # fmt: skip
    schedule = lc.amortize(terms)
    assert _rows(schedule) == [
        ("310.12", "10.00", "30.00", "350.12", "689.88"),
        ("343.22", "6.90", "0.00", "350.12", "346.66"),
        ("346.66", "3.47", "0.00", "350.13", "0.00"),
    ]
    assert schedule.total_fees == Decimal("30.00")
    assert schedule.upfront_fee == 0


def test_fee_repaid_over_two_instalments_before_any_principal() -> None:
    # 1,000.00 at 1 % a month, 3 instalments, fee 500.00.
    #   A_1 = (1,010 + 500) / 2.970395 = 508.3506; but then instalment 1 pays 498.35 to
    #         the fee, less than 500: the fee does not end in period 1 (A_1 is not it).
    #   A_2 = (1,020 + 500) / 2.990099 = 508.3444: the fee takes 498.3444 of period 1 and
    #         1.6556 of period 2 (it ends in period 2, as assumed): the payment, 508.34.
    # 1: interest 10.00, fee 508.34 - 10.00 = 498.34, principal 0.00, still 1,000.00.
    # 2: interest 10.00, fee 500 - 498.34 = 1.66, principal 508.34 - 11.66 = 496.68.
    # 3: interest 503.32 x 1 % = 5.0332 -> 5.03, principal 503.32, payment 508.35.
    terms = lc.LoanTerms(principal=1000, annual_rate="12%", term=3, start=START,
                         fees=lc.Fees(financed=500))  # fmt: skip
    assert _rows(lc.amortize(terms)) == [
        ("0.00", "10.00", "498.34", "508.34", "1000.00"),
        ("496.68", "10.00", "1.66", "508.34", "503.32"),
        ("503.32", "5.03", "0.00", "508.35", "0.00"),
    ]


def test_financed_rate_and_per_period_fee_share_the_fee_column() -> None:
    # Fee 1 % of 1,200.00 = 12.00, and 2.00 a period. 1 % a month over 2 months:
    #   A_1 = (1,212 + 12) / (1 + 1/1.01) = 1,224 / 1.990099 = 615.0448 -> 615.04.
    # 1: interest 12.00, financed fee 12.00, principal 591.04; fee column 12 + 2 = 14.00,
    #    payment 615.04 + 2.00 = 617.04. 2: balance 608.96, interest 6.0896 -> 6.09,
    #    principal 608.96, payment 608.96 + 6.09 + 2.00 = 617.05.
    terms = lc.LoanTerms(principal=1200, annual_rate="12%", term=2, start=START,
                         fees=lc.Fees(financed_rate="1%", per_period=2))  # fmt: skip
    assert _rows(lc.amortize(terms)) == [
        ("591.04", "12.00", "14.00", "617.04", "608.96"),
        ("608.96", "6.09", "2.00", "617.05", "0.00"),
    ]


def test_balloon_with_a_financed_fee() -> None:
    # 1,000.00 at 1 % a month, 2 instalments, balloon 500.00, fee 20.00: the fee ends in
    # period 1 (A_1 = (1,010 + 20 - 500/1.01) / (1 + 1/1.01) = 534.9505 / 1.990099 =
    # 268.8060 -> 268.81, of which 10.00 interest and 20.00 fee, principal 238.81).
    # 2: balance 761.19, interest 7.6119 -> 7.61, principal 761.19: payment 768.80.
    terms = lc.LoanTerms(principal=1000, annual_rate="12%", term=2, start=START,
                         method="balloon", balloon=500, fees=lc.Fees(financed=20))  # fmt: skip
    assert _rows(lc.amortize(terms)) == [
        ("238.81", "10.00", "20.00", "268.81", "761.19"),
        ("761.19", "7.61", "0.00", "768.80", "0.00"),
    ]


def test_zero_rate_spreads_principal_and_fee_evenly() -> None:
    # At 0 % every A_j is (900 + 300) / 3 = 400.00: 300 of fee, then 900 of principal.
    terms = lc.LoanTerms(principal=900, annual_rate=0, term=3, start=START,
                         fees=lc.Fees(financed=300))  # fmt: skip
    assert _rows(lc.amortize(terms)) == [
        ("100.00", "0.00", "300.00", "400.00", "800.00"),
        ("400.00", "0.00", "0.00", "400.00", "400.00"),
        ("400.00", "0.00", "0.00", "400.00", "0.00"),
    ]


# ---- an independent exact reference --------------------------------------------------


def _owed_at_maturity(
    principal: Fraction, fee: Fraction, rate: Fraction, periods: int, payment: Fraction
) -> tuple[Fraction, int]:
    """Exactly (no rounding): what ``payment`` each period leaves owed after the last,
    interest first, then fee, then principal; and the period in which the fee ended."""
    balance, left, ended = principal, fee, periods + 1
    for number in range(1, periods + 1):
        beyond = payment - balance * rate
        to_fee = min(beyond, left)
        left -= to_fee
        balance -= beyond - to_fee
        if not left and ended > periods:
            ended = number
    return balance + left, ended


def _exact_payment(principal: Fraction, fee: Fraction, rate: Fraction, periods: int) -> Fraction:
    """The payment that leaves nothing owed: owed is linear in the payment while the fee
    ends in the same period, so bisect until both ends agree on it, then interpolate (or,
    where the payment ends the fee exactly at the end of a period, until the bracket is
    far narrower than a cent)."""
    low, high = Fraction(0), (principal + fee) * (1 + rate) ** periods
    for _ in range(200):
        owed_low, end_low = _owed_at_maturity(principal, fee, rate, periods, low)
        owed_high, end_high = _owed_at_maturity(principal, fee, rate, periods, high)
        if end_low == end_high:
            return low + owed_low * (high - low) / (owed_low - owed_high)
        # The root may be where the fee ends exactly with a period: try each end's line.
        step = (high - low) / 1024
        for point, owed in ((low, owed_low), (high, owed_high)):
            slope = (
                owed - _owed_at_maturity(principal, fee, rate, periods, point - step)[0]
            ) / step
            root = point - owed / slope
            if _owed_at_maturity(principal, fee, rate, periods, root)[0] == 0:
                return root
        middle = (low + high) / 2
        if _owed_at_maturity(principal, fee, rate, periods, middle)[0] > 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def _reference_rows(
    principal: Fraction, fee: Fraction, rate: Fraction, periods: int
) -> list[tuple[Fraction, Fraction, Fraction, Fraction]] | None:
    """(principal, interest, fee, payment) rows: the exact payment rounded half-up to the
    cent, interest rounded each period, the last row repaying what is left; None where
    the rounded payment repays the loan early (the library then rounds down)."""
    payment = cents(_exact_payment(principal, fee, rate, periods))
    balance, left, rows = principal, fee, []
    for number in range(1, periods + 1):
        interest = cents(balance * rate)
        if number == periods:
            rows.append((balance, interest, left, balance + interest + left))
            break
        to_fee = min(payment - interest, left)
        repaid = payment - interest - to_fee
        if repaid > balance or repaid < 0 or to_fee < 0:
            return None
        rows.append((repaid, interest, to_fee, payment))
        balance -= repaid
        left -= to_fee
    return rows


_money = st.integers(min_value=1, max_value=10_000_000).map(lambda cents: Decimal(cents) / 100)
_fee = st.integers(min_value=0, max_value=2_000_000).map(lambda cents: Decimal(cents) / 100)
_rate = st.sampled_from(["0", "0.5%", "4.9%", "12%", "18%", "24%", "36%"])


@settings(max_examples=150, deadline=None)
@given(principal=_money, fee=_fee, rate=_rate, term=st.integers(1, 36))
def test_rows_equal_the_exact_reference(
    principal: Decimal, fee: Decimal, rate: str, term: int
) -> None:
    terms = lc.LoanTerms(principal=principal, annual_rate=rate, term=term, start=START,
                         fees=lc.Fees(financed=fee))  # fmt: skip
    period_rate = Fraction(terms.annual_rate) / 12
    expected = _reference_rows(Fraction(principal), Fraction(fee), period_rate, term)
    assume(expected is not None)
    assert expected is not None
    got = [(r.principal, r.interest, r.fee, r.payment) for r in lc.amortize(terms)]
    assert got == [tuple(dec(value) for value in row) for row in expected]


@settings(max_examples=100, deadline=None)
@given(principal=_money, rate=_rate, term=st.integers(1, 36))
def test_zero_fee_is_todays_schedule_to_the_cent(principal: Decimal, rate: str, term: int) -> None:
    # The fee-free annuity of tests/reference.py (written before the financed fee).
    terms = lc.LoanTerms(principal=principal, annual_rate=rate, term=term, start=START,
                         fees=lc.Fees(financed=0, financed_rate=0))  # fmt: skip
    expected = equal_installment(Fraction(principal), Fraction(terms.annual_rate) / 12, term)
    assume(all(repaid >= 0 for _, repaid, _ in expected))
    balance = Fraction(principal)
    for _, repaid, _ in expected[:-1]:
        assume(repaid <= balance)
        balance -= repaid
    got = [(r.payment, r.principal, r.interest) for r in lc.amortize(terms)]
    assert got == [tuple(dec(value) for value in row) for row in expected]


# ---- sums and order, for every kind of equal-instalment loan -------------------------


@st.composite
def _loans(draw: st.DrawFn, *, fee: bool = True) -> lc.LoanTerms:
    term = draw(st.integers(1, 60))
    grace = draw(st.integers(0, min(term - 1, 3)))
    method = draw(st.sampled_from(["equal-installment", "equal-installment", "balloon"]))
    principal = draw(_money)
    offset = draw(st.sampled_from([None, 0, 10, 45]))
    first_due = None if offset is None else START + timedelta(days=offset)
    rounding = draw(
        st.sampled_from([
            lc.Rounding(), lc.Rounding(mode="down"), lc.Rounding(final_payment="lower"),
            lc.Rounding(final_payment="higher"), lc.Rounding(interest_mode="down"),
            lc.Rounding(places=0),
        ])
    )  # fmt: skip
    quantum = rounding.quantum
    financed = draw(_fee).quantize(quantum) if fee else Decimal(0)
    return lc.LoanTerms(
        principal=principal.quantize(quantum, rounding="ROUND_UP"),
        annual_rate=draw(_rate), term=term, start=START, first_due=first_due,
        method=method,
        balloon=(principal / 3).quantize(quantum) if method == "balloon" else 0,
        accrual=draw(st.sampled_from(["periodic", "daily"])),
        rounding=rounding,
        grace_principal_periods=grace if draw(st.booleans()) else 0,
        grace_interest_periods=grace if draw(st.booleans()) else 0,
        fees=lc.Fees(financed=financed, per_period=draw(st.sampled_from([0, 0, 1]))),
    )  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(_loans())
def test_fee_column_sums_to_the_fee_and_principal_to_the_principal(terms: lc.LoanTerms) -> None:
    try:
        schedule = lc.amortize(terms)
    except (lc.errors.NegativeAmortizationError, InvalidValueError):
        assume(False)
        return
    rows = schedule.installments
    fee = terms.fees.financed
    per_period = terms.fees.per_period
    assert sum(r.fee for r in rows) == fee + per_period * len(rows)
    assert schedule.total_principal == terms.principal + schedule.total_capitalized_interest
    left = fee
    for row in rows:
        assert row.payment == row.principal + row.interest + row.fee
        assert row.closing_balance == row.opening_balance - row.principal + row.capitalized_interest
        part = row.fee - per_period
        assert 0 <= part <= left
        if part < left:  # the fee not yet repaid: no principal in this instalment
            assert row.principal == 0 or row is rows[-1]
        left -= part
    assert left == 0
    assert rows[-1].closing_balance == 0


@settings(max_examples=100, deadline=None)
@given(_loans(fee=False))
def test_a_zero_fee_changes_nothing(terms: lc.LoanTerms) -> None:
    try:
        plain = lc.amortize(terms.replace(fees=lc.Fees(per_period=terms.fees.per_period)))
    except (lc.errors.NegativeAmortizationError, InvalidValueError):
        assume(False)
        return
    assert lc.amortize(terms).installments == plain.installments


def test_final_payment_conventions_count_the_fee_the_last_instalment_repays() -> None:
    # 1,000 at 1 % a month over 3, fee 500 (the exact payment 508.3444, see above).
    # lower: the level is the lowest from 508.34 up leaving a last instalment no higher.
    # higher: from 508.35 down, leaving one no lower.
    terms = lc.LoanTerms(principal=1000, annual_rate="12%", term=3, start=START,
                         fees=lc.Fees(financed=500))  # fmt: skip
    for final, check in (("lower", Decimal.__le__), ("higher", Decimal.__ge__)):
        rows = lc.amortize(terms.replace(rounding=lc.Rounding(final_payment=final))).installments
        assert check(rows[-1].payment, rows[0].payment), final
        assert sum(r.fee for r in rows) == 500


# ---- servicing: both bases, settlement, APR ------------------------------------------


@st.composite
def _serviced(draw: st.DrawFn) -> lc.Schedule:
    # Daily accrual by ACT/360: the schedule's interest is what the actual-balance basis
    # accrues when every instalment is paid on its due date.
    terms = lc.LoanTerms(
        principal=draw(_money), annual_rate=draw(st.sampled_from(["4.9%", "12%", "24%"])),
        term=draw(st.integers(1, 24)), start=START, accrual="daily",
        fees=lc.Fees(financed=draw(_fee)),
    )  # fmt: skip
    schedule = lc.amortize(terms)
    assume(all(not row.capitalized_interest for row in schedule.installments))
    return schedule


@settings(max_examples=80, deadline=None)
@given(_serviced(), st.sampled_from([SCHEDULED, ACTUAL]))
def test_paying_the_schedule_leaves_nothing_owed(
    schedule: lc.Schedule, rules: ServicingRules
) -> None:
    paid = [lc.Payment(row.due_date, row.payment) for row in schedule.installments if row.payment]
    state = lc.assess(schedule, paid, schedule.maturity, rules)
    assert state.outstanding.as_tuple() == ZERO6
    assert state.credit == 0
    assert state.days_past_due == 0
    assert state.charged.fee == schedule.total_fees  # the fee charged as a fee
    assert state.charged.interest == schedule.total_interest  # and no interest on it


@settings(max_examples=80, deadline=None)
@given(_serviced(), st.sampled_from([SCHEDULED, ACTUAL]), st.integers(0, 3), st.integers(1, 25))
def test_a_settlement_quote_paid_on_its_date_closes_the_loan(
    schedule: lc.Schedule, rules: ServicingRules, paid_count: int, days: int
) -> None:
    rows = schedule.installments
    assume(paid_count < len(rows))
    paid = [lc.Payment(row.due_date, row.payment) for row in rows[:paid_count] if row.payment]
    on = (rows[paid_count - 1].due_date if paid_count else START) + timedelta(days=days)
    assume(on < rows[-1].due_date)
    quote = lc.assess(schedule, paid, on, rules).payoff_amount(on)
    assume(quote > 0)
    after = lc.assess(schedule, [*paid, lc.Payment(on, quote, "settle")], on, rules)
    assert after.outstanding.as_tuple() == ZERO6
    assert after.credit == 0
    assert after.total_outstanding == 0


#: 1,000 at 12 % a year, daily accrual by ACT/360, 3 monthly instalments from 2024-01-01
#: and a financed fee of 500 (the quotes below).
FEE_500 = lc.amortize(
    lc.LoanTerms(principal=1000, annual_rate="12%", term=3, start=date(2024, 1, 1),
                 accrual="daily", fees=lc.Fees(financed=500))
)  # fmt: skip


def test_the_settlement_quote_asks_for_the_financed_fee_not_yet_repaid() -> None:
    # 1,000 at 12 % a year, daily accrual by ACT/360, 3 monthly instalments from
    # 2024-01-01, a financed fee of 500: the first instalment (due 02-01) is 10.33 of
    # interest (1,000 x 0.12 x 31/360 = 10.333) and 498.07 of fee, the second repays the
    # last 1.93 of the fee. Paid on 02-01 and settled on 02-10: the principal 1,000.00,
    # the fee left 1.93 and the interest to date 1,000 x 0.12 x 9/360 = 3.00: 1,004.93.
    # The periodic fees of later periods are rebated; the financed fee is a debt.
    schedule = FEE_500
    first = schedule.installments[0]
    assert (first.interest, first.fee) == (Decimal("10.33"), Decimal("498.07"))
    on = date(2024, 2, 10)
    paid = [lc.Payment(first.due_date, first.payment)]
    quote = lc.assess(schedule, paid, on, SCHEDULED).payoff_amount(on)
    assert quote == Decimal("1004.93")


@settings(max_examples=80, deadline=None)
@given(_serviced(), st.integers(0, 3), st.integers(1, 25))
def test_the_quote_holds_the_principal_and_the_fee_left(
    schedule: lc.Schedule, paid_count: int, days: int
) -> None:
    rows = schedule.installments
    assume(paid_count < len(rows))
    paid = [lc.Payment(row.due_date, row.payment) for row in rows[:paid_count] if row.payment]
    on = (rows[paid_count - 1].due_date if paid_count else START) + timedelta(days=days)
    assume(on < rows[-1].due_date)
    state = lc.assess(schedule, paid, on, SCHEDULED)
    fee_left = schedule.terms.fees.financed - sum(row.fee for row in rows[:paid_count])
    assert state.payoff_amount(on) >= state.outstanding.principal + fee_left


def test_the_actual_balance_quote_asks_for_the_financed_fee_not_yet_repaid() -> None:
    # The same loan on the actual-balance basis. Instalment 1 (508.40) paid on its due
    # date pays 10.33 of interest and 498.07 of fee: 1,000.00 of principal is left. To
    # 02-10 interest runs on it: 1,000 x 0.12 x 9/360 = 3.00. Settling makes the 1.93
    # instalment 2 would repay of the fee due at once: 1,000.00 + 3.00 + 1.93 = 1,004.93,
    # the scheduled basis's figure.
    schedule = FEE_500
    first = schedule.installments[0]
    on = date(2024, 2, 10)
    paid = [lc.Payment(first.due_date, first.payment)]
    state = lc.assess(schedule, paid, on, ACTUAL)
    assert (state.outstanding.principal, state.outstanding.interest) == (Decimal(1000), Decimal(3))
    assert state.payoff_amount() == Decimal("1004.93")
    assert lc.assess(schedule, paid, first.due_date, ACTUAL).payoff_amount(on) == Decimal("1004.93")
    # Paid that day: the 1.93 is charged as a fee (one event), then everything is paid;
    # nothing is charged after it: 498.07 + 1.93 = 500.00 of fee, 10.33 + 3.00 of interest.
    closed = lc.assess(schedule, [*paid, lc.Payment(on, "1004.93")], date(2024, 5, 1), ACTUAL)
    assert closed.status == "settled"
    assert (closed.total_outstanding, closed.credit) == (0, 0)
    assert (closed.charged.fee, closed.charged.interest) == (Decimal(500), Decimal("13.33"))
    fee_events = [e for e in closed.events if e.kind.value == "settled" and e.amounts.fee]
    assert [(e.date, e.amounts.fee) for e in fee_events] == [(on, Decimal("1.93"))]


def test_a_payment_short_of_the_quote_leaves_the_fee_to_fall_due() -> None:
    # 1,004.92, a cent short of the figure: it does not settle. It pays the 3.00 of
    # interest and the 1,000.00 of principal; the 1.92 beyond the balances is credit.
    # On 03-01 instalment 2 falls due with its 1.93 of fee (no principal, no interest
    # left): the credit pays 1.92 of it and 0.01 stays owed.
    schedule = FEE_500
    first = schedule.installments[0]
    payments = [lc.Payment(first.due_date, first.payment), lc.Payment(date(2024, 2, 10), "1004.92")]
    before = lc.assess(schedule, payments, date(2024, 2, 10), ACTUAL)
    assert before.status != "settled"
    assert (before.credit, before.payoff_amount()) == (Decimal("1.92"), Decimal("0.01"))
    after = lc.assess(schedule, payments, date(2024, 3, 1), ACTUAL)
    assert after.outstanding.fee == Decimal("0.01")
    assert (after.credit, after.charged.fee) == (0, Decimal(500))


def test_the_caps_cut_the_fee_charged_on_settling_as_on_falling_due() -> None:
    # The same loan under a total cap of 51 % of the 1,000 advanced: 510.00 of cost in all.
    # 02-01: 10.33 of interest and 498.07 of fee, 508.40: 1.60 of room left. Interest runs
    # at 1,000 x 0.12 / 360 = 0.3333 a day: the cap stops it at 1.60 (on the 5th day,
    # 02-06). Settling on 02-10 charges what the cap leaves of the 1.93: nothing. The quote
    # is 1,000.00 + 1.60 = 1,001.60; unsettled, the 1.93 falling due on 03-01 is cut to
    # nothing as well.
    schedule = FEE_500
    rules = ACTUAL.replace(caps=lc.CostCaps(total_share="0.51"))
    first = schedule.installments[0]
    on = date(2024, 2, 10)
    paid = [lc.Payment(first.due_date, first.payment)]
    quote = lc.assess(schedule, paid, on, rules).payoff_amount()
    assert quote == Decimal("1001.60")
    closed = lc.assess(schedule, [*paid, lc.Payment(on, quote)], date(2024, 5, 1), rules)
    assert (closed.status, closed.total_outstanding, closed.credit) == ("settled", 0, 0)
    assert closed.charged.fee == lc.assess(schedule, paid, date(2024, 3, 1), rules).charged.fee
    assert closed.charged.fee == Decimal("498.07")


def test_a_quote_on_a_due_date_counts_the_caps_as_a_payment_that_day_would() -> None:
    # Found by the property below: 337.55 at 4.9 %, a financed fee of 67.04 (67.03 repaid
    # by instalment 1, 0.01 by instalment 2), a total cap of 20 %: 67.51 of cost. On the
    # first due date, 02-29: interest 337.55 x 0.049 x 29/360 = 1.33237 (1.33), and the
    # fee 67.03 is cut to 67.51 - 1.33237 = 66.1776, floored: 66.17; 67.50237 counted.
    # Settling that day leaves 0.00763 of room for the 0.01: floored, nothing. The quote
    # is 337.55 + 1.33 + 66.17 = 405.05 and closes the loan (the period's close, later
    # that day, counts 1.33 rather than 1.33237, but a payment comes before it).
    schedule = lc.amortize(
        lc.LoanTerms(principal="337.55", annual_rate="4.9%", term=6, start=START,
                     accrual="daily", fees=lc.Fees(financed="67.04"))
    )  # fmt: skip
    rules = ACTUAL.replace(caps=lc.CostCaps(total_share="0.2"))
    on = schedule.installments[0].due_date
    quote = lc.assess(schedule, [], on, rules).payoff_amount()
    assert quote == Decimal("405.05")
    closed = lc.assess(schedule, [lc.Payment(on, quote)], on, rules)
    assert (closed.status, closed.credit, closed.total_outstanding) == ("settled", 0, 0)


@st.composite
def _paid_before(draw: st.DrawFn, schedule: lc.Schedule) -> tuple[list[lc.Payment], date]:
    """A settlement date before maturity and up to 3 payments on or before it, of any size
    (on time, short, late or beyond what is owed)."""
    rows = schedule.installments
    span = (rows[-1].due_date - START).days - 1
    on = START + timedelta(days=draw(st.integers(1, span)))
    payments = []
    for index in range(draw(st.integers(0, 3))):
        day = START + timedelta(days=draw(st.integers(1, (on - START).days)))
        amount = draw(st.sampled_from([rows[0].payment, rows[0].payment / 3, rows[0].fee * 2]))
        payments.append(lc.Payment(day, amount.quantize(Decimal("0.01")) + 1, f"P{index}"))
    return sorted(payments, key=lambda p: p.date), on


@settings(max_examples=150, deadline=None)
@given(
    _serviced(),
    st.data(),
    st.sampled_from(
        [SCHEDULED, ACTUAL, ACTUAL.replace(overpayment="credit"),
         ACTUAL.replace(caps=lc.CostCaps(total_share="0.2"))]
    ),
)  # fmt: skip
def test_a_quote_paid_on_its_date_closes_the_loan_on_both_bases(
    schedule: lc.Schedule, data: st.DataObject, rules: ServicingRules
) -> None:
    # Invariants: the quote is at least the principal outstanding and the financed fee not
    # yet repaid (less the borrower's credit held), and paying it that day leaves nothing
    # owed, no credit, and nothing charged afterwards.
    assume(len(schedule.installments) > 1)
    payments, on = data.draw(_paid_before(schedule))
    state = lc.assess(schedule, payments, on, rules)
    quote = state.payoff_amount()
    fee_left = schedule.terms.fees.financed - state.paid.fee - state.waived.fee
    if not rules.caps.total_share:  # (a cap may forgive cost, the financed fee included)
        assert quote + state.credit >= state.outstanding.principal + fee_left
    assume(quote > 0)
    settle = [*payments, lc.Payment(on, quote, "settle")]
    after = lc.assess(schedule, settle, on, rules)
    assert after.outstanding.as_tuple() == ZERO6
    assert (after.credit, after.total_outstanding, after.payoff_amount()) == (0, 0, 0)
    later = lc.assess(schedule, settle, schedule.maturity + timedelta(days=40), rules)
    assert (later.total_outstanding, later.credit) == (0, 0)
    assert later.charged.as_tuple() == after.charged.as_tuple()


@st.composite
def _financed_case(draw: st.DrawFn) -> tuple[Any, ...]:
    """A daily-accrual loan with a financed fee, payments and actual-balance rules of
    every kind (the reference's strategies), assessed on some day."""
    base = draw(balance_strategies.terms(methods=("equal-installment",), max_term=6))
    share = draw(st.sampled_from(["0.01", "0.2", "0.6"]))
    schedule = lc.amortize(base.replace(fees=lc.Fees(financed_rate=share)))
    assume(all(not row.capitalized_interest for row in schedule.installments))
    paid = draw(balance_strategies.payments(schedule, count=4))
    span = (schedule.maturity - schedule.terms.start).days + 20
    as_of = schedule.terms.start + timedelta(days=draw(st.integers(0, span)))
    return schedule, paid, as_of, draw(balance_strategies.rules(schedule))


@settings(max_examples=100, deadline=None)
@given(_financed_case())
def test_the_engine_equals_the_reference_with_a_financed_fee(case: tuple[Any, ...]) -> None:
    # The day-by-day reference (tests/balance_reference.py) charges the financed fee left
    # on settling and counts it in its settlement figure on its own; the engine agrees,
    # and the figure paid on as_of closes the loan in both.
    schedule, paid, as_of, rules = case
    state = lc.assess(schedule, paid, as_of, rules)
    expected = reference(schedule, paid, as_of, rules)
    assert state.outstanding.as_tuple() == expected.outstanding
    assert (state.credit, state.payoff_amount()) == (expected.credit, expected.settlement)
    assert state.charged.fee == expected.fees
    quote = state.payoff_amount()
    assume(quote > 0 and not (paid and paid[-1].date > as_of))
    settle = [*paid, lc.Payment(as_of, quote, "settle")]
    closed = reference(schedule, settle, as_of, rules)
    assert (closed.balances, closed.credit) == ((0,) * 6, 0)
    assert lc.assess(schedule, settle, as_of, rules).total_outstanding == 0


def test_apr_counts_the_financed_fee_as_a_cost() -> None:
    # The advance is the principal (1,000.00 lent on the start date); the payments hold
    # the fee (350.12, 350.12, 350.13 against 340.02, 340.02, 340.03 without it).
    terms = lc.LoanTerms(principal=1000, annual_rate="12%", term=3, start=START,
                         fees=lc.Fees(financed=30))  # fmt: skip
    flows = [(str(day), str(amount)) for day, amount in lc.apr.cash_flows(lc.amortize(terms))]
    assert flows == [("2024-01-31", "-1000.00"), ("2024-02-29", "350.12"),
                     ("2024-03-31", "350.12"), ("2024-04-30", "350.13")]  # fmt: skip
    # 30.00 is 3 % of the advance, repaid in a loan whose average life is about two
    # months: some 1.5 % a month, 18 % a year, above the 12 % without it.
    plain = lc.apr.annualized(lc.amortize(terms.replace(fees=None)))
    assert lc.apr.annualized(lc.amortize(terms)) > plain + Decimal("0.15")


# ---- codecs ---------------------------------------------------------------------------


def test_the_fee_round_trips_through_dicts_json_and_toml() -> None:
    terms = lc.LoanTerms(principal=1000, annual_rate="12%", term=3, start=START,
                         fees=lc.Fees(financed="30", financed_rate="0.5%"))  # fmt: skip
    data = terms.to_dict()
    assert data["fees"]["financed"] == "30"
    assert data["fees"]["financed_rate"] == "0.005"
    assert lc.LoanTerms.from_dict(data) == terms
    schedule = lc.amortize(terms)
    assert lc.Schedule.from_json(schedule.to_json()) == schedule
    assert lc.Fees(**tomllib.loads('financed = "30"\nfinanced_rate = "0.5%"')) == terms.fees
    # Without a financed fee nothing new is written, and data from before reads alike.
    plain = terms.replace(fees=None)
    assert "financed" not in json.dumps(plain.to_dict())
    assert lc.LoanTerms.from_dict(plain.to_dict()) == plain


# ---- bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fees", "field"),
    [
        ({"financed": "-1"}, "fees.financed"),
        ({"financed": "abc"}, "fees.financed"),
        ({"financed": "0.001"}, "fees.financed"),  # off the cent grid
        ({"financed_rate": "101%"}, "fees.financed_rate"),
        ({"financed_rate": "-1%"}, "fees.financed_rate"),
    ],
)
def test_bad_fee_values_are_refused(fees: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        lc.LoanTerms(principal=1000, annual_rate="12%", term=3, start=START, fees=lc.Fees(**fees))
    assert str(caught.value).startswith(f"{field}: got ")


@pytest.mark.parametrize("method", ["equal-principal", "interest-only", "bullet", "flat"])
def test_methods_without_a_level_payment_refuse_the_fee(method: str) -> None:
    with pytest.raises(InvalidValueError, match=rf"fees\.financed: .*method is {method}"):
        lc.LoanTerms(principal=1000, annual_rate="12%", term=3, start=START, method=method,
                     fees=lc.Fees(financed=30))  # fmt: skip
    with pytest.raises(InvalidValueError, match=r"fees\.financed_rate: .*equal-installment"):
        lc.LoanTerms(principal=1000, annual_rate="12%", term=3, start=START, method=method,
                     fees=lc.Fees(financed_rate="1%"))  # fmt: skip


def test_rate_schedules_and_tranches_refuse_the_fee() -> None:
    moving = lc.RateSchedule(
        annual_rate="12%", dated_changes=[lc.RateChange(on=date(2024, 3, 1), annual_rate="10%")]
    )
    with pytest.raises(InvalidValueError, match=r"fees\.financed: .*rate_schedule"):
        lc.LoanTerms(principal=1000, term=3, start=START, rate_schedule=moving,
                     fees=lc.Fees(financed=30))  # fmt: skip
    terms = lc.LoanTerms(principal=1000, annual_rate="12%", term=3, start=START,
                         fees=lc.Fees(financed=30))  # fmt: skip
    with pytest.raises(InvalidValueError, match=r"tranches: .*financed fee"):
        lc.amortize(terms, tranches=[lc.Tranche(date(2024, 3, 1), 100)])


# ---- the command line -----------------------------------------------------------------


def test_the_financed_fee_option(capsys: pytest.CaptureFixture[str]) -> None:
    # The first hand-checked loan: 1,000.00 at 1 % a month, 3 instalments, fee 30.00.
    status = main([
        "schedule", "--principal", "1000", "--rate", "12%", "--term", "3",
        "--start", "2024-01-31", "--financed-fee", "30", "--format", "json",
    ])  # fmt: skip
    assert status == 0
    schedule = lc.Schedule.from_json(capsys.readouterr().out)
    assert schedule.terms.fees.financed == Decimal("30")
    assert [str(r.fee) for r in schedule] == ["30.00", "0.00", "0.00"]
    assert [str(r.payment) for r in schedule] == ["350.12", "350.12", "350.13"]


def test_the_batch_engine_leaves_financed_fees_to_the_scalar_engine() -> None:
    # Found in review: the vectorised walk ignored the fee (88.85 for 1,000 at 12 % over
    # 12 months with a fee of 50, against lc.amortize's 93.25). Such loans are listed.
    fees = lc.Fees(financed=50)
    book = lc.batch.amortize([1000, 5000], "12%", [12, 6], start=START, fees=fees)
    assert book.fallback.tolist() == [0, 1]
    assert book.fallback_reasons == ("a financed fee (repaid before principal)",) * 2
    for index, (principal, term) in enumerate(((1000, 12), (5000, 6))):
        terms = lc.LoanTerms(principal=principal, annual_rate="12%", term=term, start=START,
                             fees=fees)  # fmt: skip
        rows = lc.amortize(terms).installments
        assert book.payment[index, :term].tolist() == [int(r.payment * 100) for r in rows]
        assert book.fee[index, :term].tolist() == [int(r.fee * 100) for r in rows]
    assert lc.batch.payments([1000], "12%", [12], start=START, fees=fees).tolist() == [
        int(lc.amortize(lc.LoanTerms(principal=1000, annual_rate="12%", term=12, start=START,
                                     fees=fees)).installments[0].payment * 100)
    ]  # fmt: skip
