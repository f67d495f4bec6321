"""The ``loancalc`` console script: formats, option groups, errors and entry points.

Expected figures come from hand calculation, published worked examples (docs/rules.md) or
the small Fraction-based oracle below, which restates the documented rules independently of
the library (level payment by exact discounting, each amount rounded half-up to the cent,
the last instalment repaying the residue).
"""

from __future__ import annotations

import csv
import decimal
import io
import json
import math
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta

import loancalc
from loancalc import Method, Schedule
from loancalc.cli import build_parser, main, subcommand

# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------

MORTGAGE = ["--principal", "1000000", "--rate", "4.9%", "--term", "360", "--start", "2024-01-15"]
SMALL = ["--principal", "1200", "--rate", "12%", "--term", "3", "--start", "2024-01-31"]
HEADER = (
    "number,start,due_date,days,opening_balance,principal,interest,fee,payment,"
    "closing_balance,capitalized_interest"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``main(argv)`` -> (exit status, stdout, stderr)."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def schedule_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Schedule:
    """Run ``schedule ... --format json``, check it succeeded, and read the schedule back."""
    status, out, err = run(capsys, "schedule", *argv, "--format", "json")
    assert (status, err) == (0, "")
    return Schedule.from_json(out)


def column(schedule: Schedule, name: str) -> list[str]:
    return [str(getattr(row, name)) for row in schedule.installments]


def assert_one_error_line(status: int, out: str, err: str, *fragments: str) -> None:
    assert status == 2
    assert out == ""
    assert err.startswith("loancalc: error: ")
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err


def _round_half_up(amount: Fraction, quantum: Fraction = Fraction(1, 100)) -> Fraction:
    steps = amount / quantum
    whole = (
        math.floor(steps + Fraction(1, 2)) if steps >= 0 else -math.floor(-steps + Fraction(1, 2))
    )
    return whole * quantum


def oracle_annuity(
    principal: Fraction, rates: Sequence[Fraction], quantum: Fraction = Fraction(1, 100)
) -> list[tuple[Fraction, Fraction, Fraction]]:
    """(principal, interest, payment) rows of an annuity (docs/rules.md, 'Repayment methods')."""
    discount, annuity = Fraction(1), Fraction(0)
    for rate in rates:
        discount /= 1 + rate
        annuity += discount
    level = _round_half_up(principal / annuity, quantum)
    balance, rows = principal, []
    for number, rate in enumerate(rates, start=1):
        interest = _round_half_up(balance * rate, quantum)
        repaid = balance if number == len(rates) else level - interest
        balance -= repaid
        rows.append((repaid, interest, repaid + interest))
    return rows


def as_text(values: Sequence[Fraction]) -> list[str]:
    return [f"{Decimal(value.numerator) / Decimal(value.denominator):.2f}" for value in values]


# --------------------------------------------------------------------------------------
# Output formats
# --------------------------------------------------------------------------------------


def test_table_is_the_default_format(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "schedule", *MORTGAGE, "--method", "equal-installment")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    # title, rule, header, rule, 360 rows, rule, totals
    assert len(lines) == 366
    assert lines[0].startswith("equal-installment loan of 1,000,000")
    assert lines[2].split() == [
        "No", "Due", "date", "Days", "Opening", "Principal", "Interest", "Fee", "Payment",
        "Closing",
    ]  # fmt: skip
    # 1,000,000 x 0.049 / 12 = 4,083.33; 5,307.27 - 4,083.33 = 1,223.94 (docs/rules.md,
    # 'Repayment methods').
    assert lines[4].split() == [
        "1", "2024-02-15", "31", "1,000,000.00", "1,223.94", "4,083.33", "0.00", "5,307.27",
        "998,776.06",
    ]  # fmt: skip
    # Total principal and the total interest the Fraction oracle gives (see below).
    assert lines[-1].split()[:3] == ["Total", "1,000,000.00", "910,615.12"]


def test_table_equals_the_schedules_own_rendering(capsys: pytest.CaptureFixture[str]) -> None:
    _, table, _ = run(capsys, "schedule", *SMALL)
    _, as_json, _ = run(capsys, "schedule", *SMALL, "--format", "json")
    assert table == str(Schedule.from_json(as_json)) + "\n"


def test_csv_header_and_rows(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "schedule", *MORTGAGE, "--format", "csv")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 361
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 360
    assert [rows[0][name] for name in ("due_date", "principal", "interest", "payment")] == [
        "2024-02-15",
        "1223.94",
        "4083.33",
        "5307.27",
    ]
    assert rows[-1]["due_date"] == "2054-01-15"
    assert rows[-1]["closing_balance"] in ("0", "0.00")


def test_csv_small_loan_hand_checked(capsys: pytest.CaptureFixture[str]) -> None:
    # 1200 at 1 % a month: A = 12 x 1.01^3 / (1.01^3 - 1) = 408.0265 -> 408.03;
    # interest 12.00, 803.97 x 1 % = 8.04, 403.98 x 1 % = 4.04; the last repays 403.98.
    status, out, _ = run(capsys, "schedule", *SMALL, "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["payment"] for r in rows] == ["408.03", "408.03", "408.02"]
    assert [r["interest"] for r in rows] == ["12.00", "8.04", "4.04"]
    # Month-end anchoring: due on the last day of February, March and April.
    assert [r["due_date"] for r in rows] == ["2024-02-29", "2024-03-31", "2024-04-30"]
    assert [r["days"] for r in rows] == ["29", "31", "30"]


def test_json_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "schedule", *MORTGAGE, "--format", "json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert data["format"] == "loancalc.schedule/1"
    schedule = Schedule.from_json(out)
    assert schedule.to_json(indent=2) + "\n" == out
    assert len(schedule.installments) == 360
    terms = schedule.terms
    assert (terms.principal, terms.annual_rate, terms.term, terms.start) == (
        Decimal(1000000),
        Decimal("0.049"),
        360,
        date(2024, 1, 15),
    )
    assert schedule.installments[0].payment == Decimal("5307.27")


def test_equal_installment_totals_match_the_oracle(capsys: pytest.CaptureFixture[str]) -> None:
    # Per-instalment rounding with the last instalment absorbing the residue: the total
    # interest is neither 910,616.19 (unrounded payment x 360) nor 910,617.20 (5,307.27 x
    # 360 - 1,000,000); the oracle gives it.
    schedule = schedule_json(capsys, *MORTGAGE)
    rows = oracle_annuity(Fraction(1000000), [Fraction(49, 12000)] * 360)
    assert column(schedule, "payment") == as_text([payment for _, _, payment in rows])
    assert schedule.total_interest == Decimal("910615.12")
    assert as_text([sum((interest for _, interest, _ in rows), Fraction(0))]) == ["910615.12"]
    assert schedule.total_principal == Decimal("1000000.00")


def test_invalid_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_error_line(*run(capsys, "schedule", *SMALL, "--format", "xml"), "--format", "xml")


# --------------------------------------------------------------------------------------
# Methods
# --------------------------------------------------------------------------------------


def test_equal_principal_published_figures(capsys: pytest.CaptureFixture[str]) -> None:
    # docs/rules.md, 'Repayment methods': first month 6,861.11 = 2,777.78 + 4,083.33,
    # falling by 11.34 a month.
    schedule = schedule_json(capsys, *MORTGAGE, "--method", "equal-principal")
    first, second = schedule.installments[:2]
    assert (first.principal, first.interest, first.payment) == (
        Decimal("2777.78"),
        Decimal("4083.33"),
        Decimal("6861.11"),
    )
    # 997,222.22 x 0.049 / 12 = 4,071.99; 2,777.78 + 4,071.99 = 6,849.77.
    assert second.payment == Decimal("6849.77")
    assert schedule.total_principal == Decimal("1000000.00")


@pytest.mark.parametrize("name", ["annuity", "french", "equal_installment", "EQUAL-INSTALMENT"])
def test_method_aliases(capsys: pytest.CaptureFixture[str], name: str) -> None:
    schedule = schedule_json(capsys, *SMALL, "--method", name)
    assert schedule.terms.method is Method.EQUAL_INSTALLMENT


def test_interest_only(capsys: pytest.CaptureFixture[str]) -> None:
    # 100,000 x 6 % / 12 = 500 a month; the principal with the last instalment.
    schedule = schedule_json(
        capsys, "--principal", "100000", "--rate", "6%", "--term", "3", "--start",
        "2024-01-01", "--method", "interest-only",
    )  # fmt: skip
    assert column(schedule, "payment") == ["500.00", "500.00", "100500.00"]


def test_bullet(capsys: pytest.CaptureFixture[str]) -> None:
    # P (1 + rate x time) = 10,000 x (1 + 6 % x 6/12) = 10,300 at maturity.
    schedule = schedule_json(
        capsys, "--principal", "10000", "--rate", "6%", "--term", "6", "--start", "2024-01-01",
        "--method", "bullet",
    )  # fmt: skip
    assert column(schedule, "payment") == ["10300.00"]
    assert column(schedule, "due_date") == ["2024-07-01"]


def test_flat(capsys: pytest.CaptureFixture[str]) -> None:
    # Card instalment: 12,000 / 12 + 12,000 x 0.6 % = 1,000 + 72 every period.
    schedule = schedule_json(
        capsys, "--principal", "12000", "--rate", "0.6%/month", "--term", "12", "--start",
        "2024-01-01", "--method", "flat",
    )  # fmt: skip
    assert set(column(schedule, "payment")) == {"1072.00"}
    assert schedule.total_interest == Decimal("864.00")


def test_balloon(capsys: pytest.CaptureFixture[str]) -> None:
    # A = (B - R v^n) i / (1 - v^n), i = 0.5 %, v = 1/1.005, n = 12: 536.3986 -> 536.40.
    schedule = schedule_json(
        capsys, "--principal", "10000", "--rate", "6%", "--term", "12", "--start", "2024-01-01",
        "--method", "balloon", "--balloon", "4000",
    )  # fmt: skip
    assert column(schedule, "payment")[:11] == ["536.40"] * 11
    assert schedule.installments[-1].principal > 4000
    assert schedule.total_principal == Decimal("10000.00")


# --------------------------------------------------------------------------------------
# Dates, frequency and accrual
# --------------------------------------------------------------------------------------


def test_irregular_first_period(capsys: pytest.CaptureFixture[str]) -> None:
    # 45 days from 15 January to 29 February: 1200 x 12 % x 45/360 = 18.00 of interest;
    # the first instalment repays a regular instalment's principal (408.03 - 12.00).
    schedule = schedule_json(
        capsys, "--principal", "1200", "--rate", "12%", "--term", "3", "--start", "2024-01-15",
        "--first-due", "2024-02-29",
    )  # fmt: skip
    first = schedule.installments[0]
    assert (first.days, first.interest, first.principal, first.payment) == (
        45,
        Decimal("18.00"),
        Decimal("396.03"),
        Decimal("414.03"),
    )
    assert column(schedule, "due_date") == ["2024-02-29", "2024-03-29", "2024-04-29"]
    assert column(schedule, "interest")[1:] == ["8.04", "4.04"]


def test_daily_accrual_with_day_count(capsys: pytest.CaptureFixture[str]) -> None:
    # Period rates 12 % x 29/365, 31/365, 30/365; the level payment discounts them exactly.
    schedule = schedule_json(
        capsys, *SMALL, "--accrual", "daily", "--day-count", "act/365",
    )  # fmt: skip
    rates = [Fraction(12, 100) * days / 365 for days in (29, 31, 30)]
    rows = oracle_annuity(Fraction(1200), rates)
    assert column(schedule, "interest") == as_text([interest for _, interest, _ in rows])
    assert column(schedule, "payment") == as_text([payment for _, _, payment in rows])
    assert column(schedule, "interest")[0] == "11.44"  # 144 x 29 / 365 = 11.441
    assert str(schedule.terms.day_count.value) == "ACT/365F"


def test_quarterly_frequency(capsys: pytest.CaptureFixture[str]) -> None:
    # i = 3 %: A = 36 x 1.0609 / 0.0609 = 627.133 -> 627.13; 608.87 x 3 % = 18.27.
    schedule = schedule_json(
        capsys, "--principal", "1200", "--rate", "12%", "--term", "2", "--start", "2024-01-15",
        "--frequency", "quarterly",
    )  # fmt: skip
    assert column(schedule, "due_date") == ["2024-04-15", "2024-07-15"]
    assert column(schedule, "interest") == ["36.00", "18.27"]
    assert column(schedule, "payment") == ["627.13", "627.14"]


def test_start_defaults_to_today(capsys: pytest.CaptureFixture[str]) -> None:
    before = date.today()
    schedule = schedule_json(capsys, "--principal", "1200", "--rate", "12%", "--term", "1")
    after = date.today()
    assert schedule.terms.start in (before, after)
    first_due = schedule.installments[0].due_date
    assert first_due == schedule.terms.start + relativedelta(months=1)


# --------------------------------------------------------------------------------------
# Rounding
# --------------------------------------------------------------------------------------


def test_rounding_increment(capsys: pytest.CaptureFixture[str]) -> None:
    # 408.0265 -> 408; interest 12, 804 x 1 % = 8.04 -> 8, 404 x 1 % = 4.04 -> 4.
    schedule = schedule_json(capsys, *SMALL, "--rounding-increment", "1")
    assert column(schedule, "payment") == ["408", "408", "408"]
    assert column(schedule, "interest") == ["12", "8", "4"]


def test_rounding_places_and_mode(capsys: pytest.CaptureFixture[str]) -> None:
    # One place, rounding up: 408.0265 -> 408.1; interest 12.0, 803.9 x 1 % = 8.039 -> 8.1,
    # 403.9 x 1 % = 4.039 -> 4.1; the last instalment 403.9 + 4.1 = 408.0.
    schedule = schedule_json(
        capsys, *SMALL, "--rounding-places", "1", "--rounding-mode", "up",
    )  # fmt: skip
    assert column(schedule, "payment") == ["408.1", "408.1", "408.0"]
    assert column(schedule, "interest") == ["12.0", "8.1", "4.1"]


def test_rounding_places_and_increment_exclude_each_other(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert_one_error_line(
        *run(capsys, "schedule", *SMALL, "--rounding-places", "0", "--rounding-increment", "1"),
        "--rounding-increment",
        "--rounding-places",
    )


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--rounding-places", "two"),
        ("--rounding-places", "40"),
        ("--rounding-increment", "-1"),
        ("--rounding-mode", "sideways"),
    ],
)
def test_rounding_errors_name_the_option(
    capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    assert_one_error_line(*run(capsys, "schedule", *SMALL, option, value), option, value)


# --------------------------------------------------------------------------------------
# Fees and grace
# --------------------------------------------------------------------------------------


def test_fees(capsys: pytest.CaptureFixture[str]) -> None:
    # Upfront: 50 + 1 % x 1200 = 62.00; per instalment: 5 + 0.6 % x 1200 = 12.20.
    schedule = schedule_json(
        capsys, *SMALL, "--upfront-fee", "50", "--upfront-fee-rate", "1%", "--period-fee", "5",
        "--period-fee-rate", "0.6%",
    )  # fmt: skip
    assert schedule.upfront_fee == Decimal("62.00")
    assert column(schedule, "fee") == ["12.20"] * 3
    assert column(schedule, "payment") == ["420.23", "420.23", "420.22"]
    assert schedule.total_fees == Decimal("98.60")


def test_fees_in_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schedule", *SMALL, "--upfront-fee", "50")
    assert status == 0
    assert out.splitlines()[-1] == "Upfront fee: 50.00"


def test_grace_principal(capsys: pytest.CaptureFixture[str]) -> None:
    # Month 1 pays interest only (12.00); then 2 instalments of 12 x 1.0201 / 0.0201 =
    # 609.0149 -> 609.01, the last 602.99 + 6.03 = 609.02.
    schedule = schedule_json(capsys, *SMALL, "--grace-principal", "1")
    assert Decimal(column(schedule, "principal")[0]) == 0
    assert column(schedule, "payment") == ["12.00", "609.01", "609.02"]


def test_grace_interest_capitalized(capsys: pytest.CaptureFixture[str]) -> None:
    # Month 1 pays nothing and its 12.00 joins the balance: 1212 over two months.
    schedule = schedule_json(capsys, *SMALL, "--grace-interest", "1")
    rows = oracle_annuity(Fraction(1212), [Fraction(1, 100)] * 2)
    first = schedule.installments[0]
    assert (first.payment, first.capitalized_interest, first.closing_balance) == (
        Decimal(0),
        Decimal("12.00"),
        Decimal("1212.00"),
    )
    assert column(schedule, "payment")[1:] == as_text([payment for _, _, payment in rows])
    assert column(schedule, "payment")[1:] == ["615.11", "615.10"]
    assert schedule.total_principal == Decimal("1212.00")


def test_grace_interest_spread(capsys: pytest.CaptureFixture[str]) -> None:
    # The 12.00 of month 1 is shared by the two amortising instalments, 6.00 each, on top
    # of the 609.01 annuity on 1200.
    schedule = schedule_json(
        capsys, *SMALL, "--grace-interest", "1", "--grace-interest-mode", "spread",
    )  # fmt: skip
    assert column(schedule, "payment") == ["0.00", "615.01", "615.02"]
    assert column(schedule, "interest") == ["0.00", "18.00", "12.03"]
    assert schedule.total_interest == Decimal("30.03")


def test_grace_must_leave_an_amortising_period(capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_error_line(
        *run(capsys, "schedule", *SMALL, "--grace-principal", "3"), "--grace-principal"
    )


# --------------------------------------------------------------------------------------
# Errors: one line on stderr, naming the option, status 2
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "fragments"),
    [
        ({"--rate": "abc"}, ["--rate", "'abc'"]),
        ({"--rate": "-1%"}, ["--rate", "'-1%'"]),
        ({"--rate": "4.9"}, ["--rate", "'4.9'", "'4.9%'"]),
        ({"--rate": "1001%"}, ["--rate"]),
        ({"--term": "0"}, ["--term", "got 0", "1 to 1200"]),
        ({"--term": "twelve"}, ["--term", "'twelve'"]),
        ({"--term": "1201"}, ["--term"]),
        ({"--principal": "0"}, ["--principal", "got '0'"]),
        ({"--principal": "lots"}, ["--principal", "'lots'"]),
        ({"--method": "annuity-ish"}, ["--method", "'annuity-ish'", "equal-principal"]),
        ({"--start": "2024-02-30"}, ["--start", "'2024-02-30'", "YYYY-MM-DD"]),
        ({"--start": "15/01/2024"}, ["--start", "'15/01/2024'"]),
        ({"--first-due": "2024-01-10"}, ["--first-due", "'2024-01-10'", "after start"]),
        ({"--first-due": "tomorrow"}, ["--first-due", "'tomorrow'"]),
        ({"--frequency": "fortnightlyish"}, ["--frequency", "'fortnightlyish'"]),
        ({"--frequency": "every 0 days"}, ["--frequency"]),
        ({"--accrual": "hourly"}, ["--accrual", "'hourly'"]),
        ({"--day-count": "act/999"}, ["--day-count", "'act/999'"]),
        ({"--upfront-fee": "-5"}, ["--upfront-fee", "'-5'"]),
        ({"--period-fee-rate": "150%"}, ["--period-fee-rate", "'150%'"]),
        ({"--grace-interest-mode": "forget"}, ["--grace-interest-mode", "'forget'"]),
        ({"--balloon": "100"}, ["--balloon", "method is balloon"]),
    ],
)
def test_bad_values(
    capsys: pytest.CaptureFixture[str], changes: dict[str, str], fragments: list[str]
) -> None:
    options = dict(zip(MORTGAGE[::2], MORTGAGE[1::2], strict=True))
    options.update(changes)
    # "--option=value" so that values such as "-1%" are not read as options.
    argv = [f"{option}={value}" for option, value in options.items()]
    assert_one_error_line(*run(capsys, "schedule", *argv), *fragments)


@pytest.mark.parametrize("missing", ["--principal", "--rate", "--term"])
def test_missing_required_option(capsys: pytest.CaptureFixture[str], missing: str) -> None:
    index = MORTGAGE.index(missing)
    argv = MORTGAGE[:index] + MORTGAGE[index + 2 :]
    assert_one_error_line(*run(capsys, "schedule", *argv), missing, "required")


def test_no_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_error_line(*run(capsys), "COMMAND")


def test_unknown_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_error_line(*run(capsys, "schedule", *SMALL, "--colour", "red"), "--colour")


def test_option_abbreviations_are_not_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    # Abbreviations would break as soon as a later option shares a prefix.
    assert_one_error_line(*run(capsys, "schedule", "--princ", "1200", "--rate", "12%",
                               "--term", "3"), "--princ")  # fmt: skip


@pytest.mark.parametrize("name", ["assess", "restructure", "apr", "products", "bench", "nope"])
def test_subcommands_exist_only_once_implemented(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    # The documented commands (docs/cli.md): each either runs (its --help at least) or is an
    # unknown choice, never a stub that half works.
    from loancalc.cli._app import _SUBCOMMANDS

    if name in _SUBCOMMANDS:
        status, out, err = run(capsys, name, "--help")
        assert (status, err) == (0, "")
        assert out.startswith(f"usage: loancalc {name}")
    else:
        assert_one_error_line(*run(capsys, name), "invalid choice", name)


def test_negative_amortization_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, "schedule", "--principal", "1000", "--rate", "1000%", "--term", "1200",
        "--start", "2024-01-31", "--accrual", "daily",
    )  # fmt: skip
    assert_one_error_line(status, out, err, "negative amortisation")


def test_unexpected_failure_is_still_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(terms: object, **_: object) -> Schedule:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr("loancalc.cli.loan_options.amortize", broken)
    assert_one_error_line(*run(capsys, "schedule", *SMALL), "internal error", "boom second line")


def test_tiny_rounding_increment_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    # A 1e-50 grid is below the finest the library accepts (1E-12): one error line naming
    # the option, the value and the range, status 2, no traceback.
    status, out, err = run(capsys, "schedule", *SMALL, "--rounding-increment", "1e-50")
    assert_one_error_line(status, out, err, "--rounding-increment", "'1e-50'", "1E-12")


@pytest.mark.parametrize("rate", ["1", "1.0", "1.00", " 1"])
def test_a_bare_rate_of_one_is_refused_not_read_as_100_percent(
    capsys: pytest.CaptureFixture[str], rate: str
) -> None:
    # The guard is "a bare number >= 1 is refused": 1 itself must be refused (as 100 % a
    # year it would be a silent surprise), and the message suggests '1%'.
    argv = ["--principal", "1200", f"--rate={rate}", "--term", "3", "--start", "2024-01-31"]
    assert_one_error_line(*run(capsys, "schedule", *argv), "--rate", f"'{rate.strip()}%'")


def test_a_bare_rate_just_below_one_is_a_fraction(capsys: pytest.CaptureFixture[str]) -> None:
    # 0.99 is a fraction: 99 % a year, 8.25 % a month; 1200 x 0.0825 = 99.00 of interest.
    schedule = schedule_json(
        capsys, "--principal", "1200", "--rate", "0.99", "--term", "3", "--start", "2024-01-31"
    )
    assert schedule.terms.annual_rate == Decimal("0.99")
    assert schedule.installments[0].interest == Decimal("99.00")


def test_arithmetic_failure_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def overflowing(terms: object, **_: object) -> Schedule:
        raise decimal.Overflow("too big")

    monkeypatch.setattr("loancalc.cli.loan_options.amortize", overflowing)
    assert_one_error_line(*run(capsys, "schedule", *SMALL), "calculation failed", "Overflow")


# --------------------------------------------------------------------------------------
# verify: a loancalc JSON file or a lender's CSV against the terms
# --------------------------------------------------------------------------------------

# SMALL by hand: 408.03, 408.03, 408.02; interest 12.00, 8.04, 4.04; balances 803.97,
# 403.98, 0.00; due 29 February, 31 March, 30 April 2024.
LENDER_CSV = """Due Date,Amount,Principal,Interest,Balance
29/02/2024,408.03,396.03,12.00,803.97
31/03/2024,408.03,399.99,8.04,403.98
30/04/2024,408.02,403.98,4.04,0.00
"""
LENDER_OPTIONS = ["--date-format", "%d/%m/%Y", "--payment-column", "Amount"]


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def schedule_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> dict[str, object]:
    _, out, _ = run(capsys, "schedule", *SMALL, "--format", "json")
    data: dict[str, object] = json.loads(out)
    return data


def test_verify_a_loancalc_json_file_that_agrees(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "s.json", json.dumps(schedule_file(capsys, tmp_path)))
    status, out, err = run(capsys, "verify", path)
    assert (status, err) == (0, "")
    assert out.splitlines()[1] == (
        "Agrees: all 3 stated instalments match the 3 its terms give, figure by figure."
    )


def test_verify_a_tampered_json_file_reports_each_row_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = schedule_file(capsys, tmp_path)
    rows = data["installments"]
    assert isinstance(rows, list)
    rows[1]["interest"] = "9.04"  # the row no longer adds up: 399.99 + 9.04 = 409.03
    path = write(tmp_path, "s.json", json.dumps(data))
    status, out, err = run(capsys, "verify", path)
    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert lines[1].startswith("Differs: 2 differences in 1 instalment")
    assert lines[5].split() == ["2", "payment", "408.03", "409.03", "-1.00", "does", "not", "add",
                                "up"]  # fmt: skip
    assert lines[6].split() == ["2", "interest", "9.04", "8.04", "1.00", "differs"]
    status, out, _ = run(capsys, "verify", path, "--format", "json")
    report = json.loads(out)
    assert (status, report["agrees"], len(report["differences"])) == (1, False, 2)
    assert report["differences"][1]["delta"] == "1.00"


def test_verify_a_lenders_csv_that_agrees(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "lender.csv", LENDER_CSV)
    status, out, err = run(capsys, "verify", "--csv", path, *SMALL, *LENDER_OPTIONS)
    assert (status, err) == (0, "")
    assert "Agrees" in out


def test_verify_a_lenders_csv_that_differs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The lender charges 8.05 of interest in March's row and asks 408.04: the row adds
    # up (399.99 + 8.05 = 408.04), but the terms give 8.04 and 408.03.
    text = LENDER_CSV.replace("408.03,399.99,8.04", "408.04,399.99,8.05")
    path = write(tmp_path, "lender.csv", text)
    status, out, err = run(capsys, "verify", "--csv", path, *SMALL, *LENDER_OPTIONS)
    assert (status, err) == (1, "")
    table = [line.split() for line in out.splitlines()[5:7]]
    assert table == [
        ["2", "interest", "8.05", "8.04", "0.01", "differs"],
        ["2", "payment", "408.04", "408.03", "0.01", "differs"],
    ]
    assert "Payments: stated 1,224.09 in all; the terms give 1,224.08 (difference 0.01)." in out
    status, _, _ = run(
        capsys, "verify", "--csv", path, *SMALL, *LENDER_OPTIONS, "--tolerance", "0.01"
    )
    assert status == 0


def test_verify_csv_with_default_columns_and_missing_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "l.csv", "due_date,payment\n2024-02-29,408.03\n2024-03-31,408.03\n")
    status, out, _ = run(capsys, "verify", "--csv", path, *SMALL, "--format", "json")
    assert status == 1
    assert json.loads(out)["differences"] == [
        {"number": 3, "field": "due_date", "kind": "missing", "stated": None,
         "computed": "2024-04-30", "delta": None},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (LENDER_CSV.replace("8.04", "EUR 8.04"), ["lender.csv line 3", "'Interest'", "'EUR 8.04'"]),
        (LENDER_CSV.replace("8.04", '"8,04"'), ["lender.csv line 3", "'Interest'", "'8,04'"]),
        (LENDER_CSV.replace("30/04/2024", "2024-04-30"), ["lender.csv line 4", "'Due Date'"]),
        (LENDER_CSV.replace(",0.00", ""), ["lender.csv line 4", "5 cells"]),
        ("Due Date,Paid\n29/02/2024,1\n", ["lender.csv header", "'Amount'"]),
        ("", ["lender.csv", "header line"]),
    ],
)
def test_verify_bad_csv_is_one_error_line_naming_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, fragments: list[str]
) -> None:
    path = write(tmp_path, "lender.csv", text)
    result = run(capsys, "verify", "--csv", path, *SMALL, *LENDER_OPTIONS)
    assert_one_error_line(*result, *fragments)


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        ([], ["verify needs one thing to check"]),
        (["--csv", "{csv}", "--principal", "1200", "--rate", "12%"], ["--term", "--start"]),
        (["{json}", "--principal", "1200"], ["--principal", "carries its own terms"]),
        (["{json}", "--csv", "{csv}"], ["one thing to check"]),
        (["{json}", "--payment-column", "Amount"], ["--payment-column", "only with --csv"]),
        (["{missing}"], ["SCHEDULE.json", "readable file"]),
        (["{csv}"], ["json: "]),
        (["{json}", "--tolerance", "-1"], ["--tolerance", "'-1'"]),
    ],
)
def test_verify_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], fragments: list[str]
) -> None:
    paths = {
        "csv": write(tmp_path, "l.csv", LENDER_CSV),
        "json": write(tmp_path, "s.json", json.dumps(schedule_file(capsys, tmp_path))),
        "missing": str(tmp_path / "missing.json"),
    }
    argv = [arg.format(**paths) for arg in argv]
    assert_one_error_line(*run(capsys, "verify", *argv), *fragments)


def test_verify_reads_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(schedule_file(capsys, tmp_path))))
    assert run(capsys, "verify", "-")[0] == 0


def test_a_subcommand_outcome_sets_the_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    from loancalc.cli import Outcome
    from loancalc.cli._app import _SUBCOMMANDS

    def configure(parser: object) -> None:
        return None

    subcommand("outcome-example", help="example", configure=configure)(
        lambda args: Outcome(text="three", status=3)
    )
    try:
        assert run(capsys, "outcome-example") == (3, "three\n", "")
    finally:
        del _SUBCOMMANDS["outcome-example"]


# --------------------------------------------------------------------------------------
# Help, version, structure
# --------------------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"loancalc {loancalc.__version__}\n", "")


def test_help_lists_methods_and_default_start(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "schedule", "--help")
    assert (status, err) == (0, "")
    flat = " ".join(out.split())
    for method in Method:
        assert method.value in flat
    assert "default: today's date" in flat
    for option in ("--first-due", "--rounding-increment", "--grace-interest-mode", "--balloon"):
        assert option in flat


def test_help_aliases_parse() -> None:
    from loancalc.cli import loan_options

    for alias in loan_options._METHOD_ALIASES.split(", "):
        assert Method.parse(alias) in Method


def test_top_level_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    assert "schedule" in out


def test_subcommand_names_are_unique() -> None:
    def configure(parser: object) -> None:
        return None

    with pytest.raises(ValueError, match="schedule"):
        subcommand("schedule", help="again", configure=configure)(lambda args: "")
    parser = build_parser()
    assert parser.prog == "loancalc"


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------

SCRIPT = Path(sys.executable).with_name("loancalc")


@pytest.mark.parametrize(
    "command", [[sys.executable, "-m", "loancalc"], [str(SCRIPT)]], ids=["python-m", "script"]
)
def test_entry_points_print_the_table(command: list[str]) -> None:
    done = subprocess.run(
        [*command, "schedule", *MORTGAGE], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert len(lines) == 366
    assert "5,307.27" in lines[4]


@pytest.mark.parametrize(
    "command", [[sys.executable, "-m", "loancalc"], [str(SCRIPT)]], ids=["python-m", "script"]
)
def test_entry_points_report_errors_in_one_line(command: list[str]) -> None:
    done = subprocess.run(
        [*command, "schedule", *SMALL, "--start", "2024-13-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert_one_error_line(done.returncode, done.stdout, done.stderr, "--start", "2024-13-01")


def test_closed_pipe_is_not_a_traceback() -> None:
    # 1200 rows (over 100 kB) cannot fit a pipe buffer: the writer meets a closed pipe.
    argv = ["--principal", "1000000", "--rate", "4.9%", "--term", "1200", "--start", "2024-01-15"]
    with subprocess.Popen(
        [sys.executable, "-m", "loancalc", "schedule", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline().startswith("equal-installment")
        process.stdout.close()
        stderr = process.stderr.read()
        process.wait(timeout=60)
    assert "Traceback" not in stderr
    assert process.returncode != 0 or stderr == ""
