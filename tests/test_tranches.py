"""Several disbursements on one loan: :class:`loancalc.tranches.Tranche` and
``amortize(terms, tranches=...)`` (each advance amortised over the remaining due dates, the
rows summed), ``Schedule.disbursements`` (JSON, CSV, text), servicing on the scheduled
basis, and ``--tranche`` on the command line."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import attrs
import numpy_financial as npf
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import loancalc as lc
import loancalc.cli.schedule_command
from loancalc.amortization import _METHODS
from loancalc.amortization._tranches import run_with_tranches
from loancalc.cli import main
from loancalc.errors import (
    InvalidTypeError,
    InvalidValueError,
    LoanCalcError,
    NegativeAmortizationError,
)
from loancalc.terms import Fees, LoanTerms, Method
from loancalc.tranches import Tranche, to_disbursements
from servicing_strategies import paid_off_with_the_quote, product_on_basis

D = Decimal
START = date(2024, 1, 1)
SECOND = Tranche(date(2024, 3, 15), 50000)


def hundred_thousand(method: Method) -> LoanTerms:
    return LoanTerms(principal=100000, annual_rate="12%", term=12, start=START, method=method)


def figures(schedule: lc.Schedule, number: int) -> tuple[str, ...]:
    row = schedule.installments[number - 1]
    return tuple(
        str(value)
        for value in (
            row.opening_balance,
            row.principal,
            row.interest,
            row.payment,
            row.closing_balance,
        )
    )


# ---- hand-checked: 100,000 at 12 % over 12 months from 2024-01-01, 50,000 on 2024-03-15 ----


def test_equal_installment_by_hand() -> None:
    # First advance alone: 100,000 x 0.01 / (1 - 1.01^-12) = 8,884.8788 -> 8,884.88 a month.
    #   Row 1: interest 1,000.00, principal 7,884.88, closing 92,115.12.
    #   Row 2: interest 921.1512 -> 921.15, principal 7,963.73, closing 84,151.39.
    #   Row 3: interest 841.5139 -> 841.51, principal 8,043.37.
    # The tranche: 50,000 from 2024-03-15 over the 10 due dates 2024-04-01 .. 2025-01-01.
    #   Level payment 50,000 x 0.01 / (1 - 1.01^-10) = 5,279.1038 -> 5,279.10.
    #   First period 2024-03-15 .. 04-01, 17 days, ACT/360: 50,000 x 12 % x 17/360 = 283.33;
    #   it repays the principal of a regular period: 5,279.10 - 500.00 = 4,779.10.
    # Row 3 = 8,043.37 + 4,779.10 = 12,822.47 principal; 841.51 + 283.33 = 1,124.84 interest;
    #   payment 8,884.88 + 5,062.43 = 13,947.31; closing 84,151.39 + 50,000 - 12,822.47
    #   = 121,328.92. From row 4 on: 8,884.88 + 5,279.10 = 14,163.98 a month.
    #   Row 4: interest 1,213.2892 (loan 76,108.02 -> 761.08; tranche 45,220.90 -> 452.21).
    s = lc.amortize(hundred_thousand(Method.EQUAL_INSTALLMENT), tranches=[SECOND])
    assert figures(s, 1) == ("100000.00", "7884.88", "1000.00", "8884.88", "92115.12")
    assert figures(s, 2) == ("92115.12", "7963.73", "921.15", "8884.88", "84151.39")
    assert figures(s, 3) == ("84151.39", "12822.47", "1124.84", "13947.31", "121328.92")
    assert s.installments[3].interest == D("1213.29")  # 761.08 + 452.21
    assert {row.payment for row in s.installments[3:-1]} == {D("14163.98")}
    assert s.total_principal == D("150000.00")
    assert s.installments[-1].closing_balance == 0
    assert s.disbursements == ((date(2024, 3, 15), D("50000")),)


def test_equal_principal_by_hand() -> None:
    # First advance: 100,000 / 12 = 8,333.33 a month (the last 8,333.37).
    # Tranche: 50,000 / 10 = 5,000.00 a month from 2024-04-01.
    # Row 3: opening 100,000 - 2 x 8,333.33 = 83,333.34; interest 833.3334 -> 833.33 plus
    #   the tranche's 17 days 283.33 = 1,116.66; principal 13,333.33; payment 14,449.99;
    #   closing 83,333.34 + 50,000 - 13,333.33 = 120,000.01.
    # Row 4: loan 75,000.01 x 1 % = 750.00, tranche 45,000 x 1 % = 450.00: 1,200.00.
    # Row 12: 8,333.37 + 5,000.00 = 13,333.37; interest 83.3337 -> 83.33 + 50.00 = 133.33.
    s = lc.amortize(hundred_thousand(Method.EQUAL_PRINCIPAL), tranches=[SECOND])
    assert figures(s, 3) == ("83333.34", "13333.33", "1116.66", "14449.99", "120000.01")
    assert figures(s, 4) == ("120000.01", "13333.33", "1200.00", "14533.33", "106666.68")
    assert figures(s, 12) == ("13333.37", "13333.37", "133.33", "13466.70", "0.00")


def test_bullet_by_hand() -> None:
    # One instalment on 2025-01-01: 100,000 x 12 % (12 monthly periods) = 12,000.00, plus
    # the tranche's 17 days (283.33) and 9 regular months (50,000 x 9 % = 4,500.00).
    s = lc.amortize(hundred_thousand(Method.BULLET), tranches=[SECOND])
    (row,) = s.installments
    assert (row.opening_balance, row.principal, row.closing_balance) == (
        D("100000.00"), D("150000.00"), D("0.00"),
    )  # fmt: skip
    assert row.interest == D("12000.00") + D("283.33") + D("4500.00")


def test_a_tranche_on_a_due_date_starts_a_regular_period() -> None:
    # 50,000 on the due date 2024-04-01: a regular 9-month annuity from there:
    # 50,000 x 0.01 / (1 - 1.01^-9) = 5,837.0181 -> 5,837.02 (numpy-financial's pmt agrees),
    # interest 50,000 x 1 % = 500.00 in row 4.
    s = lc.amortize(
        hundred_thousand(Method.EQUAL_INSTALLMENT), tranches=[Tranche(date(2024, 4, 1), 50000)]
    )
    plain = lc.amortize(hundred_thousand(Method.EQUAL_INSTALLMENT))
    assert s.installments[3].payment - plain.installments[3].payment == D("5837.02")
    assert s.installments[3].interest - plain.installments[3].interest == D("500.00")
    assert round(npf.pmt(0.01, 9, -50000), 2) == 5837.02
    assert s.installments[2] == plain.installments[2]  # nothing changes before it


# ---- properties over every built-in product and method ----------------------------------


@st.composite
def loans_with_tranches(
    draw: st.DrawFn, *, on_due_dates: bool = False
) -> tuple[LoanTerms, list[Tranche]]:
    product = lc.products.get(draw(st.sampled_from(lc.products.names())))
    method = draw(st.sampled_from(list(Method)))
    term = draw(st.integers(2, 30))
    start = draw(st.dates(date(2000, 1, 1), date(2060, 1, 1)))
    if on_due_dates:
        start = start.replace(day=min(start.day, 28))
    principal = D(draw(st.integers(100_00, 10**9))) / 100
    overrides: dict[str, object] = {
        "method": method,
        "accrual": draw(st.sampled_from(["periodic", "daily"])),
    }
    if method is not Method.BULLET and draw(st.booleans()):  # grace, whose rest a tranche keeps
        overrides["grace_principal_periods"] = draw(st.integers(0, min(term - 1, 3)))
        overrides["grace_interest_periods"] = draw(st.integers(0, min(term - 1, 2)))
        overrides["grace_interest_mode"] = draw(st.sampled_from(["capitalize", "spread"]))
    if draw(st.booleans()):  # fixed fees (charged once) and fees set as a share
        overrides["fees"] = Fees(upfront="10.00", upfront_rate="1%", per_period="2.00",
                                 per_period_rate="0.3%")  # fmt: skip
    if method is Method.BALLOON:
        overrides["balloon"] = (principal / 4).quantize(D("0.01"))
    if on_due_dates:
        overrides.update(business_days=None, first_due=None)
    try:
        terms = product.terms(principal=principal, term=term, start=start, **overrides)
    except LoanCalcError:
        assume(False)
    plain = lc.amortize(terms)
    last = plain.maturity
    count = draw(st.integers(1, 3))
    tranches = []
    for _ in range(count):
        if on_due_dates:
            dues = [row.due_date for row in plain.installments[:-1]]
            assume(dues and method is not Method.BULLET)
            on = draw(st.sampled_from(dues))
        else:
            on = start + timedelta(days=draw(st.integers(1, (last - start).days - 1)))
        cents = draw(st.integers(1, 10**9))
        tranches.append(Tranche(on, (D(cents) / 100).quantize(terms.rounding.quantum)))
    assume(all(t.amount > 0 for t in tranches))
    try:
        lc.amortize(terms, tranches=tranches)
    except NegativeAmortizationError:  # a tiny advance at a huge daily rate: no level payment
        assume(False)
    return terms, tranches


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(loans_with_tranches())
def test_no_tranches_is_the_schedule_of_today_to_the_cent(
    loan: tuple[LoanTerms, list[Tranche]],
) -> None:
    terms, _ = loan
    spec = _METHODS[terms.method]
    today = lc.amortize(terms)
    assert lc.amortize(terms, tranches=()) == today
    assert run_with_tranches(terms, spec, ()) == today  # through the tranches' own path
    assert today.disbursements == ()


@PROPERTY
@given(loans_with_tranches())
def test_principal_repaid_is_every_advance_and_rows_chain(
    loan: tuple[LoanTerms, list[Tranche]],
) -> None:
    terms, tranches = loan
    s = lc.amortize(terms, tranches=tranches)
    advanced = terms.principal + sum(t.amount for t in tranches)
    assert s.total_principal == advanced + s.total_capitalized_interest
    assert len(s) == len(lc.amortize(terms))
    balance = terms.principal
    for row in s.installments:
        in_period = sum(t.amount for t in tranches if row.start <= t.date < row.due_date)
        assert row.opening_balance == balance
        assert row.closing_balance == (
            row.opening_balance + in_period - row.principal + row.capitalized_interest
        )
        assert row.payment == row.principal + row.interest + row.fee
        assert min(row.principal, row.interest, row.fee, row.closing_balance) >= 0
        balance = row.closing_balance
    assert balance == 0
    assert sorted(s.disbursements) == sorted(t.as_pair() for t in tranches)
    assert lc.Schedule.from_json(s.to_json()) == s  # its JSON's row checks agree


@PROPERTY
@given(loans_with_tranches(on_due_dates=True))
def test_a_tranche_on_a_due_date_is_a_loan_of_its_own_from_that_date(
    loan: tuple[LoanTerms, list[Tranche]],
) -> None:
    # On a due date d_k, a tranche is a plain loan of its amount from d_k over the n - k
    # periods left (monthly dates from a day <= 28 step alike from either start); it keeps
    # the grace left, no balloon and only the fees set as a share of the principal.
    terms, tranches = loan
    tranche = tranches[0]
    plain = lc.amortize(terms)
    with_one = lc.amortize(terms, tranches=[tranche])
    k = [row.due_date for row in plain.installments].index(tranche.date) + 1
    alone = lc.amortize(
        terms.replace(
            principal=tranche.amount, start=tranche.date, term=terms.term - k, balloon=0,
            fees=Fees(upfront_rate=terms.fees.upfront_rate,
                      per_period_rate=terms.fees.per_period_rate),
            grace_principal_periods=max(terms.grace_principal_periods - k, 0),
            grace_interest_periods=max(terms.grace_interest_periods - k, 0),
        )
    )  # fmt: skip
    assert with_one.installments[:k] == plain.installments[:k]
    fields = ("principal", "interest", "fee", "payment", "closing_balance")
    for index, own in enumerate(alone.installments):
        both, base = with_one.installments[k + index], plain.installments[k + index]
        assert (both.start, both.due_date) == (own.start, own.due_date)
        for name in fields:
            assert getattr(both, name) - getattr(base, name) == getattr(own, name), name
        if index:
            assert both.opening_balance - base.opening_balance == own.opening_balance
    assert with_one.upfront_fee == plain.upfront_fee + alone.upfront_fee


@PROPERTY
@given(loans_with_tranches(), st.sampled_from(lc.products.names()))
def test_paying_every_row_as_printed_settles_the_loan_on_the_scheduled_basis(
    loan: tuple[LoanTerms, list[Tranche]], rules_of: str
) -> None:
    terms, tranches = loan
    s = lc.amortize(terms, tranches=tranches)
    paid = [lc.Payment(row.due_date, row.payment) for row in s.installments if row.payment]
    state = lc.assess(s, paid, s.maturity, product_on_basis(rules_of, "scheduled"))
    assert state.total_outstanding == 0
    assert state.days_past_due == 0
    assert state.credit == 0


@PROPERTY
@given(
    loans_with_tranches(),
    st.sampled_from(lc.products.names()),
    st.sampled_from(["scheduled", "actual-balance"]),
    st.floats(0.01, 0.99),
)
def test_a_payoff_quote_paid_on_its_date_settles_the_loan_on_both_bases(
    loan: tuple[LoanTerms, list[Tranche]], rules_of: str, basis: str, share: float
) -> None:
    terms, tranches = loan
    s = lc.amortize(terms, tranches=tranches)
    on = terms.start + timedelta(days=max(1, int((s.maturity - terms.start).days * share)))
    state = paid_off_with_the_quote(s, product_on_basis(rules_of, basis), on)
    assume(state is not None)
    assert state is not None
    assert state.total_outstanding == 0
    assert state.credit == 0
    if basis == "actual-balance":  # what is owed counts only the advances made by then
        made = terms.principal + sum(t.amount for t in tranches if t.date <= on)
        assert state.charged.principal == made


# ---- servicing on the scheduled basis after the advances ---------------------------------


def test_quote_and_restructure_after_the_last_advance() -> None:
    s = lc.amortize(hundred_thousand(Method.EQUAL_INSTALLMENT), tranches=[SECOND])
    paid = [lc.Payment(row.due_date, row.payment) for row in s.installments[:4]]
    state = lc.assess(s, paid, date(2024, 5, 1))
    # On a due date with every instalment paid: the payoff is the principal left, the
    # closing balance of row 4 (no interest accrued yet in row 5's period).
    assert state.payoff_amount() == s.installments[3].closing_balance == D("108378.23")
    plan = lc.restructure(state, date(2024, 5, 1), term=6)
    assert plan.schedule.total_principal == D("108378.23")


# ---- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tranche", "field", "accepted"),
    [
        (Tranche(START, 1), "tranches[0].date", "a date after 2024-01-01"),
        (Tranche(date(2025, 1, 1), 1), "tranches[0].date", "a date before 2025-01-01"),
        (Tranche(date(2024, 2, 1), "1.005"), "tranches[0].amount", "rounding grid"),
    ],
)
def test_a_tranche_that_does_not_fit_the_loan_is_refused(
    tranche: Tranche, field: str, accepted: str
) -> None:
    with pytest.raises(InvalidValueError, match=accepted) as error:
        lc.amortize(hundred_thousand(Method.EQUAL_INSTALLMENT), tranches=[tranche])
    assert error.value.field == field


def test_tranche_values_are_checked() -> None:
    with pytest.raises(InvalidValueError, match=r"tranche\.amount"):
        Tranche(START, "-1")
    with pytest.raises(InvalidTypeError, match=r"tranche\.date"):
        Tranche("2024-03-15", 1)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"tranches\[0\]"):
        lc.amortize(hundred_thousand(Method.FLAT), tranches=[(date(2024, 3, 1), 1)])  # type: ignore[list-item]
    with pytest.raises(InvalidTypeError, match="tranches"):
        lc.amortize(hundred_thousand(Method.FLAT), tranches="2024-03-01:1")  # type: ignore[arg-type]


def test_a_tranche_that_cannot_amortise_is_named_by_the_loans_instalment() -> None:
    # 0.29 more on 2001-02-02 at 292 % a year, accrued daily (ACT/365F), rounded down: the
    # first advance of 100 amortises, but no level payment on the cent grid repays 0.29.
    terms = LoanTerms(
        principal=100, annual_rate="292%", term=22, start=date(2001, 2, 1), accrual="daily",
        day_count="ACT/365F", rounding=lc.Rounding(mode="down"),
    )  # fmt: skip
    lc.amortize(terms)
    with pytest.raises(NegativeAmortizationError, match="installment 2:"):
        lc.amortize(terms, tranches=[Tranche(date(2001, 2, 2), "0.29")])


def test_a_rate_schedule_with_tranches_is_taken() -> None:
    # a schedule that never moves from 12 %: the fixed-rate tranched loan (more in
    # tests/test_tranches_rates.py)
    fixed = hundred_thousand(Method.EQUAL_INSTALLMENT)
    moving = fixed.replace(rate_schedule=lc.RateSchedule(annual_rate="12%"), annual_rate=None)
    assert (
        lc.amortize(moving, tranches=[SECOND]).installments
        == lc.amortize(fixed, tranches=[SECOND]).installments
    )


def test_schedule_disbursements_are_checked() -> None:
    s = lc.amortize(hundred_thousand(Method.EQUAL_INSTALLMENT))
    with pytest.raises(InvalidValueError, match=r"disbursements\[0\].date"):
        attrs.evolve(s, disbursements=((date(2025, 1, 1), D(1)),))
    with pytest.raises(InvalidValueError, match=r"disbursements\[0\].amount"):
        to_disbursements([(date(2024, 2, 1), D(0))])
    with pytest.raises(InvalidTypeError, match="disbursements"):
        to_disbursements("x")


# ---- JSON, CSV and text ---------------------------------------------------------------------


def test_json_keeps_the_advances_and_old_json_still_loads() -> None:
    s = lc.amortize(hundred_thousand(Method.EQUAL_INSTALLMENT), tranches=[SECOND])
    data = s.to_dict()
    assert data["disbursements"] == [{"date": "2024-03-15", "amount": "50000"}]
    assert lc.Schedule.from_dict(data) == s
    plain = lc.amortize(hundred_thousand(Method.EQUAL_INSTALLMENT))
    assert "disbursements" not in plain.to_dict()  # the JSON of a one-advance loan unchanged
    assert lc.Schedule.from_json(plain.to_json()).disbursements == ()
    dropped = {key: value for key, value in data.items() if key != "disbursements"}
    with pytest.raises(InvalidValueError, match=r"installments\[2\].closing_balance"):
        lc.Schedule.from_dict(dropped)  # rows that advance money need their advances
    data["disbursements"][0]["amount"] = "49999.99"
    with pytest.raises(InvalidValueError, match="advances in the period"):
        lc.Schedule.from_dict(data)


def test_csv_adds_an_advance_column_only_with_advances() -> None:
    plain = lc.amortize(hundred_thousand(Method.EQUAL_INSTALLMENT))
    assert plain.to_csv().splitlines()[0].endswith(",capitalized_interest")
    s = lc.amortize(hundred_thousand(Method.EQUAL_INSTALLMENT), tranches=[SECOND])
    lines = s.to_csv().splitlines()
    assert lines[0].endswith(",capitalized_interest,advance")
    assert [line.rsplit(",", 1)[1] for line in lines[1:5]] == ["0.00", "0.00", "50000.00", "0.00"]


def test_text_notes_each_advance() -> None:
    s = lc.amortize(hundred_thousand(Method.EQUAL_INSTALLMENT), tranches=[SECOND])
    assert str(s).splitlines()[-1] == "Advance of 50,000 on 2024-03-15"
    plain = str(lc.amortize(hundred_thousand(Method.EQUAL_INSTALLMENT)))
    assert "Advance" not in plain


# ---- the command line -----------------------------------------------------------------------


LOAN = ["--principal", "100000", "--rate", "12%", "--term", "12", "--start", "2024-01-01"]


def run_cli(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(argv)
    return status, out.getvalue()


def test_schedule_with_tranche_on_the_command_line() -> None:
    status, out = run_cli(["schedule", *LOAN, "--tranche", "2024-03-15:50000", "--format", "json"])
    assert status == 0
    data = json.loads(out)
    assert data["disbursements"] == [{"date": "2024-03-15", "amount": "50000"}]
    assert data["installments"][2]["payment"] == "13947.31"  # the hand-checked row 3


def test_other_commands_refuse_a_tranche_they_would_ignore(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import loancalc.cli.apr_command  # noqa: F401  (registers the command)

    assert main(["apr", *LOAN, "--tranche", "2024-03-15:50000"]) == 2
    assert "--tranche" in capsys.readouterr().err


def test_tranche_errors_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "zh", "schedule", *LOAN, "--tranche", "2024-03-15"]) == 2
    err = capsys.readouterr().err
    assert "--tranche" in err
    assert "例如 2024-03-15:50000" in err
    assert main(["--lang", "zh", "schedule", *LOAN, "--tranche", "2026-03-15:1"]) == 2
    assert "早于 2025-01-01 的日期" in capsys.readouterr().err


def test_the_schedule_reports_show_further_advances() -> None:
    # 10,000 lent on 01-01, 5,000 more on 02-15: the report lists the advance, and the
    # chart steps up on 02-15 from the balance after the 02-01 instalment (8,374.52).
    from loancalc.reports.html import html_page
    from loancalc.reports.schedule_report import schedule_report

    terms = lc.LoanTerms(principal=10000, annual_rate="12%", term=6, start=date(2024, 1, 1))
    schedule = lc.amortize(terms, tranches=[lc.Tranche(date(2024, 2, 15), 5000)])
    for lang, label in (("en", "Further advance"), ("zh", "后续放款")):
        report = schedule_report(schedule, lang)
        fact = report.fact("advance_1")
        assert (fact.label, fact.value) == (label, "2024-02-15: 5,000")
        assert label in html_page(report)
        assert report.chart is not None
        points = dict(report.chart.points)
        assert points[date(2024, 2, 1)] == Decimal("8374.52")
        assert points[date(2024, 2, 15)] == Decimal("13374.52")
