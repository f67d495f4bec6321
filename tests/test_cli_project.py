"""``loancalc project``: the milestones ahead of a loan from the command line, in text,
CSV and JSON; the figures are ``lc.project``'s, and bad options name themselves."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest

import loancalc as lc
import loancalc.cli.project_command  # registers `project`
from loancalc.cli import main
from loancalc.projection import project

README = [
    "--product", "cn-consumer-finance-instalment", "--principal", "12000", "--rate", "18%",
    "--term", "12", "--start", "2024-01-15", "--payment", "2024-02-15:1100.16",
]  # fmt: skip
DAILY = [
    "--principal", "1000", "--rate", "36%", "--term", "3", "--start", "2024-01-01",
    "--accrual", "daily", "--interest-basis", "actual-balance",
]  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["project", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status, out, err = _run(capsys, *argv)
    assert (status, err) == (0, "")
    return out


def _error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status, out, err = _run(capsys, *argv)
    assert (status, out) == (2, "")
    assert err.startswith("loancalc: error: ")
    assert err.count("\n") == 1
    return err


def test_readme_late_loan_text(capsys: pytest.CaptureFixture[str]) -> None:
    out = _ok(capsys, *README, "--as-of", "2024-03-15", "--until", "2024-05-01")
    lines = out.splitlines()
    assert lines[0] == "Projection from 2024-03-15 to 2024-05-01 (nothing more paid)"
    # the day after grace (03-15 + 3 days) it is reportable; 31 days past due on 04-15
    assert any(
        line.startswith("2024-03-19  reportable") and line.endswith("(4 days past due)")
        for line in lines
    )
    assert any(
        line.startswith("2024-04-15  bucket") and "bucket M1 -> M2 (31 days past due)" in line
        for line in lines
    )
    chart = lines[lines.index("Debt over time") + 1 :]
    assert [line[:10] for line in chart] == [
        "2024-03-15", "2024-03-16", "2024-03-19", "2024-04-15", "2024-04-19", "2024-05-01",
    ]  # fmt: skip
    assert chart[0].split()[1] == "11,246.04"  # the payoff on 03-15, as quote gives it


def test_csv_and_json_are_the_library_s(capsys: pytest.CaptureFixture[str]) -> None:
    rules = lc.products.get("cn-consumer-finance-instalment")
    loan = lc.amortize(rules.terms(principal="12000", annual_rate="18%", term=12,
                                   start=date(2024, 1, 15)))  # fmt: skip
    state = lc.assess(loan, [lc.Payment(date(2024, 2, 15), "1100.16")], date(2024, 3, 25), rules)
    ahead = project(state, date(2024, 9, 30), [lc.Payment(date(2024, 5, 1), "2000")])
    argv = [*README, "--as-of", "2024-03-25", "--until", "2024-09-30", "--then", "2024-05-01:2000"]
    out = _ok(capsys, *argv, "--format", "csv")
    assert out == ahead.to_csv()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["kind"] == "falls-due"
    assert rows[0]["description"].endswith("1,100.16")
    data = json.loads(_ok(capsys, *argv, "--format", "json"))
    assert data == json.loads(ahead.to_json())
    assert data["payments"] == [{"date": "2024-05-01", "amount": "2000", "reference": None}]


def test_actual_balance_payoff_settles(capsys: pytest.CaptureFixture[str]) -> None:
    # 1,000 at 0.1 % a day: 1,000 + 20 x 1.00 on 2024-01-21 closes it.
    argv = ["--as-of", "2024-01-01", "--until", "2024-03-01", "--then", "2024-01-21:1020"]
    data = json.loads(_ok(capsys, *DAILY, *argv, "--format", "json"))
    assert [(m["date"], m["kind"], m["amount"]) for m in data["milestones"]] == [
        ("2024-01-21", "settled", "1020")
    ]
    assert data["debt"][0] == {"date": "2024-01-01", "debt": "1000.00"}
    assert {point["debt"] for point in data["debt"][1:]} == {"0.00"}


def test_nothing_ahead(capsys: pytest.CaptureFixture[str]) -> None:
    out = _ok(capsys, *DAILY, "--as-of", "2024-01-10", "--until", "2024-01-10")
    assert "Nothing changes in this period." in out
    assert out.splitlines()[-1].startswith("2024-01-10  1,009.00  ")  # 9 days at 1.00
    csv_out = _ok(capsys, *DAILY, "--as-of", "2024-01-10", "--until", "2024-01-10",
                  "--format", "csv")  # fmt: skip
    assert csv_out.splitlines() == [
        "date,kind,installment,description,amount,days_past_due,bucket,amount_due,debt"
    ]


@pytest.mark.parametrize(
    ("argv", "start"),
    [
        (["--until", "2024-01-09"], "loancalc: error: --until: got '2024-01-09'; accepted: a "
         "date on or after --as-of (2024-01-10)"),
        (["--until", "someday"], "loancalc: error: --until: got 'someday'; accepted: a date"),
        (["--until", "2024-03-01", "--then", "2024-01-10:5"],
         "loancalc: error: --then: got '2024-01-10:5'; accepted: DATE:AMOUNT with a date "
         "after --as-of (2024-01-10) and on or before --until (2024-03-01)"),
        (["--until", "2024-03-01", "--then", "2024-04-01:5"], "loancalc: error: --then: got "
         "'2024-04-01:5'"),
        (["--until", "2024-03-01", "--then", "2024-02-01"], "loancalc: error: --then: got "
         "'2024-02-01'; accepted: DATE:AMOUNT"),
        (["--until", "2024-03-01", "--then", "2024-02-01:-5"], "loancalc: error: --then: got "
         "'2024-02-01:-5'"),
        (["--until", "2024-03-01", "--payment", "2024-02-01:5"], "loancalc: error: --payment: "
         "got '2024-02-01:5'; accepted: a payment made by --as-of (2024-01-10); a later one "
         "goes in --then"),
    ],
)  # fmt: skip
def test_bad_options_name_themselves(
    capsys: pytest.CaptureFixture[str], argv: list[str], start: str
) -> None:
    assert _error(capsys, *DAILY, "--as-of", "2024-01-10", *argv).startswith(start)


def test_until_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    err = _error(capsys, *DAILY, "--as-of", "2024-01-10")
    assert "--until" in err


def test_help_lists_project(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "project" in capsys.readouterr().out
    assert main(["project", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--then DATE:AMOUNT" in out
    assert "--until DATE" in out


def test_decimal_amounts_exact(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(
        _ok(capsys, *README, "--as-of", "2024-03-25", "--until", "2024-04-15", "--format", "json")
    )
    assert all(isinstance(m["debt"], str) for m in data["milestones"])
    assert Decimal(data["milestones"][0]["amount_due"]) == Decimal("2225.89")
