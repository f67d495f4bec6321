"""The peers' schedule conventions (issue 18, item 5): level payment rounded up with
interest rounded down, instalments on a coarser grid, the last instalment lower or higher
than the level one. Each is an option of :class:`loancalc.Rounding`; today's behaviour is
the default."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.money import FinalPayment, Rounding, RoundingMode
from loancalc.products import ProductRules

START = date(2024, 1, 15)
PROPERTY = settings(max_examples=60, deadline=None)
MODES = [mode.name.lower().replace("_", "-") for mode in RoundingMode]
METHODS = ["equal-installment", "equal-principal", "interest-only", "bullet"]


def loan(rounding: Rounding, **changes: object) -> lc.LoanTerms:
    values: dict[str, object] = {
        "principal": 1000, "annual_rate": "12%", "term": 12, "start": START, "rounding": rounding,
    }  # fmt: skip
    values.update(changes)
    return lc.LoanTerms(**values)  # type: ignore[arg-type]


def cents_oracle(
    principal: int, monthly_rate: Fraction, count: int, level: int, interest: str
) -> list[tuple[int, int, int]]:
    """An independent annuity in whole cents: (payment, interest, principal) per month,
    interest ``floor`` or ``half-up`` of balance x rate, the last repaying what is left."""
    rows, balance = [], principal
    for number in range(1, count + 1):
        exact = balance * monthly_rate
        owed = exact.numerator // exact.denominator
        if interest == "half-up" and exact - owed >= Fraction(1, 2):
            owed += 1
        repaid = balance if number == count else level - owed
        rows.append((repaid + owed, owed, repaid))
        balance -= repaid
    return rows


def as_cents(schedule: lc.Schedule) -> list[tuple[int, int, int]]:
    return [
        (int(row.payment * 100), int(row.interest * 100), int(row.principal * 100))
        for row in schedule.installments
    ]


# ---- 1. level payment rounded up, interest rounded down ------------------------------------


def test_payment_rounded_up_and_interest_rounded_down_by_hand() -> None:
    # 1,000 at 1 % a month over 12: A = 10 / (1 - 1.01^-12) = 88.848788... -> up: 88.85.
    # Month 1: interest 1,000 x 0.01 = 10.00, principal 78.85, balance 921.15.
    # Month 2: 9.2115 -> 9.21; principal 79.64, balance 841.51.
    # Month 3: 8.4151 -> 8.41; principal 80.44, balance 761.07.
    # Month 4: 7.6107 -> 7.61; principal 81.24, balance 679.83.
    # Month 5: 6.7983 -> down 6.79 (half-up would give 6.80).
    s = lc.amortize(loan(Rounding(payment_mode="up", interest_mode="down")))
    rows = s.installments
    assert [row.payment for row in rows[:11]] == [Decimal("88.85")] * 11
    assert [row.interest for row in rows[:5]] == [
        Decimal("10.00"), Decimal("9.21"), Decimal("8.41"), Decimal("7.61"), Decimal("6.79"),
    ]  # fmt: skip
    assert rows[4].closing_balance == Decimal("679.83") - (Decimal("88.85") - Decimal("6.79"))
    assert as_cents(s) == cents_oracle(100000, Fraction(1, 100), 12, 8885, "floor")
    # Under the default (half-up both) month 5 charges 6.80.
    assert lc.amortize(loan(Rounding())).installments[4].interest == Decimal("6.80")


def test_payment_rounded_up_where_half_up_rounds_down() -> None:
    # 1,000 at 1 % over 6: A = 10 / (1 - 1.01^-6) = 172.548367... -> half-up 172.55 and
    # up 172.55; over 10: 105.582076... -> half-up 105.58, up 105.59.
    assert lc.amortize(loan(Rounding(), term=10)).installments[0].payment == Decimal("105.58")
    up = lc.amortize(loan(Rounding(payment_mode="up"), term=10))
    assert up.installments[0].payment == Decimal("105.59")
    assert as_cents(up) == cents_oracle(100000, Fraction(1, 100), 10, 10559, "half-up")


# ---- 2. instalments on a multiple ----------------------------------------------------------


def test_instalments_rounded_to_a_multiple_of_four_by_hand() -> None:
    # A = 88.848788... / 4 = 22.21 -> half-up 22 -> 88.00 a month; interest stays in cents
    # (month 1: 10.00, principal 78.00, balance 922.00; month 2: 9.22 ...).
    s = lc.amortize(loan(Rounding(payment_increment="4")))
    rows = s.installments
    assert [row.payment for row in rows[:11]] == [Decimal("88.00")] * 11
    assert rows[0].closing_balance == Decimal("922.00")
    assert rows[1].interest == Decimal("9.22")
    oracle = cents_oracle(100000, Fraction(1, 100), 12, 8800, "half-up")
    assert as_cents(s) == oracle
    assert oracle[-1][0] == 9876  # the last takes what is left: 98.76
    # To whole units, rounded up: 89.00.
    whole = lc.amortize(loan(Rounding(payment_increment="1", payment_mode="up")))
    assert whole.installments[0].payment == Decimal("89.00")
    assert as_cents(whole) == cents_oracle(100000, Fraction(1, 100), 12, 8900, "half-up")


# ---- 3. the last instalment lower or higher ------------------------------------------------


def test_final_payment_lower_or_higher_by_hand() -> None:
    # Half-up: 88.85, and the last comes to 88.84 (already lower: unchanged by "lower").
    similar = lc.amortize(loan(Rounding()))
    lower = lc.amortize(loan(Rounding(final_payment="lower")))
    assert (
        as_cents(lower)
        == as_cents(similar)
        == cents_oracle(100000, Fraction(1, 100), 12, 8885, "half-up")
    )
    assert similar.installments[-1].payment == Decimal("88.84")
    # "higher": 88.848... rounded down to 88.84; the last then takes 88.95 >= 88.84.
    higher = lc.amortize(loan(Rounding(final_payment="higher")))
    assert as_cents(higher) == cents_oracle(100000, Fraction(1, 100), 12, 8884, "half-up")
    assert higher.installments[-1].payment == Decimal("88.95")


def fsharp_monthly(days_to_first: int, count: int, final: str) -> lc.Schedule:
    """FSharp.Finance.Personal tests/PaymentScheduleTests.fs, module Monthly: 100.00 from
    2023-12-07, 0.798 % a day actuarial (simple daily interest on the balance), rounding
    away from zero, the first payment ``days_to_first`` days on, then monthly."""
    return lc.amortize(
        lc.LoanTerms(
            principal=100, annual_rate=Decimal("0.00798") * 365, term=count,
            start=date(2023, 12, 7), first_due=date(2023, 12, 7) + timedelta(days_to_first),
            accrual="daily", day_count="actual/365", rounding=Rounding(final_payment=final),
        )
    )  # fmt: skip


def test_fsharp_lower_final_payment_published_figures() -> None:
    # PaymentScheduleTest_Monthly_0100_fp04_r5 (LowerFinalPayment): level 30.49, final
    # 30.46, interest 52.42, total 152.42.
    s = fsharp_monthly(4, 5, "lower")
    assert [row.payment for row in s.installments] == [Decimal("30.49")] * 4 + [Decimal("30.46")]
    assert s.total_interest == Decimal("52.42")


def test_fsharp_higher_final_payment_published_figures() -> None:
    # PaymentScheduleTest_Monthly_0100_fp12_r4 (HigherFinalPayment): level 36.94, final
    # 36.95, interest 47.77, total 147.77.
    s = fsharp_monthly(12, 4, "higher")
    assert [row.payment for row in s.installments] == [Decimal("36.94")] * 3 + [Decimal("36.95")]
    assert s.total_interest == Decimal("47.77")


def test_final_payment_that_cannot_be_met_is_refused() -> None:
    # 100 over 12 at 1 %: A = 8.88...; on a grid of 4 the level is 8 (the last 12.x, higher)
    # or 12 (repays the loan after 9 instalments): no level leaves a lower last one.
    with pytest.raises(InvalidValueError, match=r"rounding\.final_payment: got 'lower'"):
        lc.amortize(loan(Rounding(payment_increment="4", final_payment="lower"), principal=100))


# ---- validation and round trips ------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"payment_mode": "sideways"}, r"rounding\.payment_mode: got 'sideways'; accepted: one"),
        ({"interest_mode": 3}, r"rounding\.interest_mode: got 3"),
        ({"payment_increment": "0.005"}, r"payment_increment: got Decimal\('0.005'\); .* multiple"),
        ({"payment_increment": "0"}, r"rounding\.payment_increment: got '0'"),
        ({"final_payment": "last"}, r"rounding\.final_payment: got 'last'; accepted: one of"),
    ],
)
def test_bad_options_name_field_value_and_what_is_accepted(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(LoanCalcError, match=message):
        Rounding(**changes)  # type: ignore[arg-type]


options = st.builds(
    Rounding,
    mode=st.sampled_from(MODES),
    payment_mode=st.none() | st.sampled_from(MODES),
    interest_mode=st.none() | st.sampled_from(MODES),
    payment_increment=st.none() | st.sampled_from(["0.01", "0.05", "1", "4", "10"]),
    final_payment=st.sampled_from(["similar", "lower", "higher"]),
)


@PROPERTY
@given(options)
def test_options_round_trip_through_terms_and_product_toml(rounding: Rounding) -> None:
    terms = loan(rounding)
    assert lc.LoanTerms.from_dict(terms.to_dict()) == terms
    rules = lc.products.get("uk-hcstc").replace(rounding=rounding)
    assert ProductRules.from_toml(rules.to_toml()) == rules
    assert ProductRules.from_dict(rules.to_dict()) == rules


def test_default_options_leave_plain_data_as_before() -> None:
    assert lc.products.get("uk-hcstc").to_dict()["rounding"].keys() == {
        "places", "increment", "mode",
    }  # fmt: skip
    assert loan(Rounding()).to_dict()["rounding"].keys() == {"places", "increment", "mode"}


# ---- properties ------------------------------------------------------------------------------


@st.composite
def loans(draw: st.DrawFn, rounding: Rounding | None = None) -> lc.LoanTerms:
    return loan(
        draw(options) if rounding is None else rounding,
        principal=draw(st.integers(100, 500_000)),
        annual_rate=Decimal(draw(st.integers(0, 3600))) / 10000,
        term=draw(st.integers(1, 60)),
        method=draw(st.sampled_from(METHODS)),
        accrual=draw(st.sampled_from(["periodic", "daily"])),
    )


def tolerant_amortize(terms: lc.LoanTerms) -> lc.Schedule | None:
    """The schedule, or None where a final-payment option cannot be met (tested above)."""
    try:
        return lc.amortize(terms)
    except InvalidValueError as error:
        if error.field != "rounding.final_payment":
            raise
        return None


@PROPERTY
@given(loans(), st.sampled_from(MODES))
def test_options_spelled_as_the_default_give_todays_schedule_to_the_cent(
    terms: lc.LoanTerms, mode: str
) -> None:
    plain = attrs.evolve(terms, rounding=Rounding(mode=mode))
    spelled = attrs.evolve(
        terms,
        rounding=Rounding(
            mode=mode, payment_mode=mode, interest_mode=mode, payment_increment="0.01"
        ),
    )
    assert lc.amortize(spelled).installments == lc.amortize(plain).installments


@PROPERTY
@given(loans())
def test_principal_repaid_always_sums_to_the_principal(terms: lc.LoanTerms) -> None:
    s = tolerant_amortize(terms)
    if s is not None:
        assert sum(row.principal for row in s.installments) == terms.principal
        assert all(row.closing_balance >= 0 for row in s.installments)


@PROPERTY
@given(loans(), st.sampled_from(["1", "4", "0.05", "10"]))
def test_level_payments_are_on_the_multiple_except_the_last(
    terms: lc.LoanTerms, increment: str
) -> None:
    terms = attrs.evolve(
        terms,
        method="equal-installment",
        rounding=attrs.evolve(terms.rounding, payment_increment=increment),
    )
    s = tolerant_amortize(terms)
    if s is not None:
        step = Decimal(increment)
        for row in s.installments[:-1]:
            assert row.payment % step == 0 or row.principal == 0  # early-repaid rows: 0 due


@PROPERTY
@given(loans())
def test_interest_rounded_down_never_exceeds_the_exact_interest(terms: lc.LoanTerms) -> None:
    terms = attrs.evolve(
        terms, accrual="periodic", rounding=attrs.evolve(terms.rounding, interest_mode="down")
    )
    s = tolerant_amortize(terms)
    if s is not None:
        months = terms.term if terms.method is lc.Method.BULLET else 1  # one row for all
        for row in s.installments:
            exact = Fraction(row.opening_balance) * Fraction(terms.annual_rate) * months / 12
            assert 0 <= exact - Fraction(row.interest) < Fraction(1, 100)


@PROPERTY
@given(loans(), st.sampled_from(["lower", "higher"]))
def test_the_last_instalment_is_lower_or_higher_as_asked(terms: lc.LoanTerms, final: str) -> None:
    terms = attrs.evolve(terms, rounding=attrs.evolve(terms.rounding, final_payment=final))
    s = tolerant_amortize(terms)
    if s is None or terms.method.value not in ("equal-installment", "equal-principal"):
        return
    rows = s.installments
    if len(rows) < 2:
        return
    level_payment = terms.method.value == "equal-installment"

    def amount(row: lc.Installment) -> Decimal:
        return row.principal + row.interest if level_payment else row.principal

    level, last = amount(rows[0]), amount(rows[-1])
    assert last <= level if FinalPayment.parse(final) is FinalPayment.LOWER else last >= level


def _scheduled_rules(name: str) -> lc.ServicingRules:
    servicing = lc.products.get(name).servicing
    try:
        return attrs.evolve(servicing, interest_basis="scheduled")
    except LoanCalcError:  # settings that only the actual-balance basis reads
        return lc.ServicingRules()


@PROPERTY
@given(loans(), st.sampled_from(lc.products.names()))
def test_paying_every_row_as_printed_settles_the_loan_for_every_product(
    terms: lc.LoanTerms, name: str
) -> None:
    s = tolerant_amortize(terms)
    if s is None:
        return
    paid = [lc.Payment(row.due_date, row.payment) for row in s.installments if row.payment]
    state = lc.assess(s, paid, s.maturity, _scheduled_rules(name))
    assert state.total_outstanding == 0
    assert state.days_past_due == 0
    assert state.credit == 0
