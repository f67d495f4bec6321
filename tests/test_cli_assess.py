"""``loancalc assess`` from the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import loancalc as lc
from loancalc.cli import main

LOAN = ["--principal", "12000", "--rate", "18%", "--term", "12", "--start", "2024-01-15"]
RULES = ["--grace-days", "3", "--penalty-multiplier", "1.5", "--compound"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["assess", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_seed_story_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, *LOAN, *RULES, "--payment", "2024-02-15:1100.16", "--as-of", "2024-03-25",
        "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    assert status == 0
    # docs/rules.md, 'Servicing conventions': 10 days past due, M1; penalty 7.00 + compound
    # 1.25 on top of 1,100.16
    assert (data["days_past_due"], data["bucket"], data["reportable"]) == (10, "M1", True)
    assert (data["penalty_interest"], data["compound_interest"]) == ("7.00", "1.25")
    assert data["amount_due"] == "1108.41"


def test_table_shows_status_amounts_payoff_timeline_and_claim(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _run(
        capsys, *LOAN, *RULES, "--payment", "2024-02-15:1100.16", "--as-of", "2024-03-25",
        "--claimed", "1150",
    )  # fmt: skip
    assert status == 0  # a difference is data, not an error
    assert "10 days past due (M1, special-mention)" in out
    assert "penalty 7.00" in out
    assert "payoff on 2024-03-25: 11,305.02" in out
    assert "difference: 41.59 (the claim is higher by 41.59)" in out  # 1,150 - 1,108.41
    assert "2024-03-18  grace-ended  #2" in out


def test_payments_csv_and_schedule_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    payments = tmp_path / "payments.csv"
    payments.write_text("date,amount,reference\n2024-02-15,1100.16,TX1\n\n")
    schedule = tmp_path / "schedule.json"
    terms = lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
    schedule.write_text(lc.amortize(terms).to_json())
    status, out, _ = _run(
        capsys, "--schedule", str(schedule), "--payments", str(payments), *RULES,
        "--as-of", "2024-03-25", "--format", "csv",
    )  # fmt: skip
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("number,due_date,effective_due_date")
    assert lines[2].split(",")[4] == "overdue"


def test_a_bad_payments_row_is_named_by_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    payments = tmp_path / "payments.csv"
    payments.write_text("2024-02-15,1100.16\n2024-02-30,5\n")
    status, _, err = _run(capsys, *LOAN, "--payments", str(payments), "--as-of", "2024-03-25")
    assert status == 2
    assert "--payments line 2" in err


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--payment", "2024-02-15"], "--payment"),
        (["--payment", "2024-02-15:-3"], "--payment"),
        (["--as-of", "2024-13-01"], "--as-of"),
        (["--grace-days", "x"], "--grace-days"),
        (["--penalty-multiplier", "-1"], "--penalty-multiplier"),
        (["--allocation", "nope"], "--allocation"),
    ],
)
def test_bad_options_name_the_option(
    capsys: pytest.CaptureFixture[str], argv: list[str], named: str
) -> None:
    base = ["--as-of", "2024-03-25"] if "--as-of" not in argv else []
    status, _, err = _run(capsys, *LOAN, *base, *argv)
    assert status == 2
    assert named in err


def test_product_servicing_rules_are_used(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "--product", "cn-consumer-finance-instalment", "--principal", "12000",
        "--rate", "18%", "--term", "12", "--start", "2024-01-15",
        "--payment", "2024-02-15:1100.16", "--as-of", "2024-03-25", "--format", "json",
    )  # fmt: skip
    assert status == 0
    assert json.loads(out)["days_past_due"] == 10
