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
from loancalc import batch
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.money import FinalPayment, Rounding, RoundingMode
from loancalc.products import ProductRules
from servicing_strategies import paid_off_with_the_quote, product_on_basis

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


#: FSharp.Finance.Personal tests/PaymentScheduleTests.fs, module Monthly (commit 204707c):
#: (principal, days to the first payment, payments, LevelPaymentOption, published level
#: payment, final payment and total interest in cents). Every test of the module but
#: PaymentScheduleTest_Monthly_1300_fp08_r6 (see the next test).
FSHARP_MONTHLY = [
    (100, 4, 5, "lower", 3049, 3046, 5242),  # Monthly_0100_fp04_r5
    (100, 8, 5, "lower", 3143, 3142, 5714),  # Monthly_0100_fp08_r5
    (100, 12, 4, "higher", 3694, 3695, 4777),  # Monthly_0100_fp12_r4
    (100, 16, 4, "lower", 3802, 3800, 5206),  # Monthly_0100_fp16_r4
    (100, 20, 4, "similar", 3909, 3911, 5638),  # Monthly_0100_fp20_r4
    (100, 24, 4, "lower", 4006, 4004, 6022),  # Monthly_0100_fp24_r4
    (100, 28, 4, "lower", 4113, 4111, 6450),  # Monthly_0100_fp28_r4
    (100, 32, 4, "higher", 4220, 4222, 6882),  # Monthly_0100_fp32_r4
    (300, 4, 5, "higher", 9146, 9150, 15734),  # Monthly_0300_fp04_r5
    (300, 8, 5, "similar", 9429, 9431, 17147),  # Monthly_0300_fp08_r5
    (300, 12, 4, "similar", 11082, 11084, 14330),  # Monthly_0300_fp12_r4
    (300, 16, 4, "lower", 11405, 11403, 15618),  # Monthly_0300_fp16_r4
    (300, 20, 4, "lower", 11728, 11728, 16912),  # Monthly_0300_fp20_r4
    (300, 24, 4, "lower", 12017, 12017, 18068),  # Monthly_0300_fp24_r4
    (300, 28, 4, "lower", 12339, 12338, 19355),  # Monthly_0300_fp28_r4
    (300, 32, 4, "lower", 12661, 12661, 20644),  # Monthly_0300_fp32_r4
    (500, 4, 5, "lower", 15244, 15243, 26219),  # Monthly_0500_fp04_r5
    (500, 8, 5, "lower", 15716, 15712, 28576),  # Monthly_0500_fp08_r5
    (500, 12, 4, "similar", 18470, 18471, 23881),  # Monthly_0500_fp12_r4
    (500, 16, 4, "higher", 19008, 19009, 26033),  # Monthly_0500_fp16_r4
    (500, 20, 4, "lower", 19547, 19544, 28185),  # Monthly_0500_fp20_r4
    (500, 24, 4, "lower", 20028, 20028, 30112),  # Monthly_0500_fp24_r4
    (500, 28, 4, "lower", 20565, 20563, 32258),  # Monthly_0500_fp28_r4
    (500, 32, 4, "similar", 21101, 21103, 34406),  # Monthly_0500_fp32_r4
    (700, 4, 5, "lower", 21342, 21339, 36707),  # Monthly_0700_fp04_r5
    (700, 8, 5, "lower", 22002, 21999, 40007),  # Monthly_0700_fp08_r5
    (700, 12, 4, "lower", 25859, 25855, 33432),  # Monthly_0700_fp12_r4
    (700, 16, 4, "lower", 26612, 26610, 36446),  # Monthly_0700_fp16_r4
    (700, 20, 4, "lower", 27365, 27365, 39460),  # Monthly_0700_fp20_r4
    (700, 24, 4, "similar", 28039, 28041, 42158),  # Monthly_0700_fp24_r4
    (700, 28, 4, "lower", 28791, 28790, 45163),  # Monthly_0700_fp28_r4
    (700, 32, 4, "lower", 29542, 29539, 48165),  # Monthly_0700_fp32_r4
    (900, 4, 6, "lower", 24951, 24948, 59703),  # Monthly_0900_fp04_r6
    (900, 8, 6, "higher", 25722, 25729, 64339),  # Monthly_0900_fp08_r6
    (900, 12, 6, "similar", 26494, 26495, 68965),  # Monthly_0900_fp12_r6
    (900, 16, 6, "lower", 27266, 27264, 73594),  # Monthly_0900_fp16_r6
    (900, 20, 5, "similar", 30834, 30835, 64171),  # Monthly_0900_fp20_r5
    (900, 24, 5, "similar", 31580, 31581, 67901),  # Monthly_0900_fp24_r5
    (900, 28, 5, "lower", 32426, 32426, 72130),  # Monthly_0900_fp28_r5
    (900, 32, 5, "lower", 33272, 33272, 76360),  # Monthly_0900_fp32_r5
    (1100, 4, 6, "lower", 30495, 30494, 72969),  # Monthly_1100_fp04_r6
    (1100, 8, 6, "lower", 31439, 31434, 78629),  # Monthly_1100_fp08_r6
    (1100, 12, 6, "lower", 32382, 32379, 84289),  # Monthly_1100_fp12_r6
    (1100, 16, 6, "lower", 33325, 33324, 89949),  # Monthly_1100_fp16_r6
    (1100, 20, 5, "lower", 37687, 37682, 78430),  # Monthly_1100_fp20_r5
    (1100, 24, 5, "lower", 38598, 38597, 82989),  # Monthly_1100_fp24_r5
    (1100, 28, 5, "lower", 39632, 39630, 88158),  # Monthly_1100_fp28_r5
    (1100, 32, 5, "lower", 40666, 40666, 93330),  # Monthly_1100_fp32_r5
    (1300, 4, 6, "lower", 36040, 36037, 86237),  # Monthly_1300_fp04_r6
    (1300, 12, 6, "similar", 38269, 38274, 99619),  # Monthly_1300_fp12_r6
    (1300, 16, 6, "similar", 39384, 39386, 106306),  # Monthly_1300_fp16_r6
    (1300, 20, 6, "lower", 40499, 40497, 112992),  # Monthly_1300_fp20_r6
    (1300, 24, 6, "lower", 41491, 41490, 118945),  # Monthly_1300_fp24_r6
    (1300, 28, 6, "similar", 42602, 42604, 125614),  # Monthly_1300_fp28_r6
    (1300, 32, 5, "lower", 48060, 48058, 110298),  # Monthly_1300_fp32_r5
    (1500, 4, 6, "similar", 41584, 41586, 99506),  # Monthly_1500_fp04_r6
    (1500, 8, 6, "lower", 42871, 42865, 107220),  # Monthly_1500_fp08_r6
    (1500, 12, 6, "lower", 44157, 44157, 114942),  # Monthly_1500_fp12_r6
    (1500, 16, 6, "similar", 45443, 45445, 122660),  # Monthly_1500_fp16_r6
    (1500, 20, 6, "higher", 46729, 46733, 130378),  # Monthly_1500_fp20_r6
    (1500, 24, 6, "similar", 47874, 47876, 137246),  # Monthly_1500_fp24_r6
    (1500, 28, 6, "lower", 49157, 49152, 144937),  # Monthly_1500_fp28_r6
    (1500, 32, 5, "similar", 55453, 55457, 127269),  # Monthly_1500_fp32_r5
]


@pytest.mark.parametrize(
    ("principal", "days", "count", "final", "level", "last", "interest"), FSHARP_MONTHLY
)
def test_fsharp_published_monthly_schedules(  # noqa: PLR0917  (the table's columns)
    principal: int, days: int, count: int, final: str, level: int, last: int, interest: int
) -> None:
    s = lc.amortize(
        lc.LoanTerms(
            principal=principal, annual_rate=Decimal("0.00798") * 365, term=count,
            start=date(2023, 12, 7), first_due=date(2023, 12, 7) + timedelta(days),
            accrual="daily", day_count="actual/365", rounding=Rounding(final_payment=final),
        )
    )  # fmt: skip
    rows = s.installments
    assert [row.payment * 100 for row in rows] == [level] * (count - 1) + [last]
    assert s.total_interest * 100 == interest


def test_fsharp_similar_final_payment_differs_where_its_solver_stops_a_cent_higher() -> None:
    # PaymentScheduleTest_Monthly_1300_fp08_r6 (SimilarFinalPayment) publishes 371.55 and a
    # last 371.49; its bisection stops anywhere within a cent a payment of a zero balance.
    # Here "similar" is the exact payment rounded half-up: 371.54, and a last 371.58; the
    # published level is what "lower" finds (its last then is lower, as published).
    def schedule(final: str) -> lc.Schedule:
        return lc.amortize(
            lc.LoanTerms(
                principal=1300, annual_rate=Decimal("0.00798") * 365, term=6,
                start=date(2023, 12, 7), first_due=date(2023, 12, 15), accrual="daily",
                day_count="actual/365", rounding=Rounding(final_payment=final),
            )
        )  # fmt: skip

    similar = [row.payment for row in schedule("similar").installments]
    assert similar == [Decimal("371.54")] * 5 + [Decimal("371.58")]
    lower = [row.payment for row in schedule("lower").installments]
    assert lower == [Decimal("371.55")] * 5 + [Decimal("371.49")]


def test_final_payment_of_a_balloon_loan_leaves_the_balloon_aside() -> None:
    # 10,000 at 0.5 % a month over 12, 4,000 left: A = (10,000 - 4,000 x 1.005^-12) x
    # 0.005 / (1 - 1.005^-12) = 536.3957... -> half-up 536.40 and "higher" 536.39; the
    # last instalment less the balloon is compared with the level payment.
    def last_two(final: str) -> list[Decimal]:
        s = lc.amortize(
            loan(Rounding(final_payment=final), principal=10000, annual_rate="6%",
                 method="balloon", balloon=4000)
        )  # fmt: skip
        return [row.payment for row in s.installments[-2:]]

    similar, lower, higher = last_two("similar"), last_two("lower"), last_two("higher")
    assert similar[0] == Decimal("536.40")
    assert lower[0] == Decimal("536.40")
    assert lower[1] - 4000 <= lower[0]
    assert higher[0] == Decimal("536.39")
    assert higher[1] - 4000 >= higher[0]


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
        if error.field not in {"rounding.final_payment", "rounding.payment_increment"}:
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
            if row.closing_balance == 0:  # a coarse grid repaid the loan early: the rest
                break  # is what is left (see docs/schedules.md, "Rounding and the last ...")
            assert row.payment % step == 0


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


@PROPERTY
@given(loans(), st.sampled_from(lc.products.names()))
def test_paying_every_row_as_printed_settles_the_loan_for_every_product(
    terms: lc.LoanTerms, name: str
) -> None:
    s = tolerant_amortize(terms)
    if s is None:
        return
    paid = [lc.Payment(row.due_date, row.payment) for row in s.installments if row.payment]
    state = lc.assess(s, paid, s.maturity, product_on_basis(name, "scheduled"))
    assert state.total_outstanding == 0
    assert state.days_past_due == 0
    assert state.credit == 0


@PROPERTY
@given(st.lists(st.integers(100, 500_000), min_size=1, max_size=4), options, st.integers(1, 36))
def test_batch_schedules_with_options_are_the_scalar_ones(
    principals: list[int], rounding: Rounding, term: int
) -> None:
    try:
        b = batch.amortize(
            principals, "18%", [term] * len(principals), start=START, rounding=rounding
        )
    except InvalidValueError:
        return  # a final payment or increment this loan cannot meet (tested above)
    for index, principal in enumerate(principals):
        s = lc.amortize(loan(rounding, principal=principal, annual_rate="18%", term=term))
        scalar = [int(row.payment / rounding.quantum) for row in s.installments]
        assert b.payment[index][:term].tolist() == scalar


# ---- 4. due dates on the 30th ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_due", "expected"),
    [
        # FSharp.Finance.Personal src/DateDay.fs TrackingDay.toDate: Date(y, m, min(days in
        # month, 30)): the 30th, or the last day of February.
        (date(2024, 4, 30), ["2024-04-30", "2024-05-30", "2024-06-30", "2024-07-30",
                             "2024-08-30", "2024-09-30", "2024-10-30", "2024-11-30",
                             "2024-12-30", "2025-01-30", "2025-02-28", "2025-03-30"]),
        (date(2024, 6, 30), ["2024-06-30", "2024-07-30", "2024-08-30", "2024-09-30",
                             "2024-10-30", "2024-11-30", "2024-12-30", "2025-01-30",
                             "2025-02-28", "2025-03-30", "2025-04-30", "2025-05-30"]),
        (date(2023, 11, 30), ["2023-11-30", "2023-12-30", "2024-01-30", "2024-02-29",
                              "2024-03-30", "2024-04-30", "2024-05-30", "2024-06-30",
                              "2024-07-30", "2024-08-30", "2024-09-30", "2024-10-30"]),
    ],
)  # fmt: skip
def test_due_dates_stay_on_the_30th_when_the_first_is_the_30th_of_a_30_day_month(
    first_due: date, expected: list[str]
) -> None:
    s = lc.amortize(loan(Rounding(), start=first_due - timedelta(30), first_due=first_due))
    assert [row.due_date.isoformat() for row in s.installments] == expected
    assert [day.isoformat() for day in lc.calendar.due_dates(first_due, 12, "monthly")] == expected


@PROPERTY
@given(
    loans(),
    st.sampled_from(lc.products.names()),
    st.sampled_from(["scheduled", "actual-balance"]),
    st.floats(0.05, 0.95),
)
def test_a_payoff_quote_on_a_schedule_with_options_settles_it_on_both_bases(
    terms: lc.LoanTerms, name: str, basis: str, share: float
) -> None:
    s = tolerant_amortize(terms)
    if s is None:
        return
    on = terms.start + timedelta(days=max(1, int((s.maturity - terms.start).days * share)))
    state = paid_off_with_the_quote(s, product_on_basis(name, basis), on)
    if state is not None:
        assert state.total_outstanding == 0
        assert state.credit == 0
