"""``loancalc diff`` (and ``assess --known-on``) from the command line.

The loan of tests/test_state_diff.py's hand-worked example: 12,000 at 18 % over 12
months from 2024-01-15, 3 days of grace, penalty 1.5x with compound interest, a late
fee of 50; instalment 1 (1,100.16, due 2024-02-15) paid on time but recorded on
2024-02-25. On 2024-02-25, as known on 2024-02-20, it is 10 days past due with a
settlement figure of 12,293.65; as known now, current, 11,135.24 (see that file for the
arithmetic).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import loancalc.cli.diff_command  # noqa: F401 -- registers the command
from loancalc.cli import main

LOAN = ["--principal", "12000", "--rate", "18%", "--term", "12", "--start", "2024-01-15"]
RULES = ["--grace-days", "3", "--penalty-multiplier", "1.5", "--compound", "--late-fee", "50"]
LATE = ["--payment", "2024-02-15:1100.16:2024-02-25", "--as-of", "2024-02-25"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "diff", *LOAN, *RULES, *LATE, "--known-on", "2024-02-20")
    assert (status, err) == (0, "")
    assert out.startswith("Before (as of 2024-02-25) and after (as of 2024-02-25):\n")
    assert "  days past due: 10 -> 0 (-10)" in out
    assert "  settlement: 12,293.65 -> 11,135.24 (-1,158.41)" in out
    assert "Instalment 1:\n  status: overdue -> paid-on-time" in out
    assert "2024-02-18  late-fee-charged  #1  late fee 50" in out
    assert "Charges added: none" in out


def test_csv(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "diff", *LOAN, *RULES, *LATE, "--known-on", "2024-02-20", "--format", "csv"
    )
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == "section,date,installment,field,component,before,after,change"
    assert "loan,,,settlement,,12293.65,11135.24,-1158.41" in lines
    assert "installment,,1,paid,interest,0.00,180.00,180.00" in lines
    # penalty 920.16 x 27 %/360 x 3 = 2.07 charged at the end of grace, 02-18
    assert "charge-removed,2024-02-18,1,penalty-accrued,penalty-interest,2.07,,-2.07" in lines
    assert "history,2024-02-16,,bucket,,M1,M0," in lines


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "diff", *LOAN, *RULES, *LATE, "--known-on", "2024-02-20", "--format", "json"
    )
    data = json.loads(out)
    assert status == 0
    assert data["format"] == "loancalc.diff/1"
    assert data["changed"] is True
    assert (data["before"]["settlement"], data["after"]["settlement"]) == ("12293.65", "11135.24")
    assert (data["before"]["days_past_due"], data["after"]["days_past_due"]) == (10, 0)
    assert [c["kind"] for c in data["charges_removed"]] == [
        "penalty-accrued", "late-fee-charged", "penalty-accrued",
    ]  # fmt: skip
    assert data["charges_added"] == []


def test_known_on_after_everything_shows_no_differences(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _run(capsys, "diff", *LOAN, *RULES, *LATE, "--known-on", "2024-02-25")
    assert status == 0
    assert out == "Before (as of 2024-02-25) and after (as of 2024-02-25): no differences.\n"


def test_before_payments_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    before = tmp_path / "before.csv"
    before.write_text("date,amount,reference\n")  # nothing paid, as the lender first had it
    after = tmp_path / "after.csv"
    after.write_text("date,amount,reference,known_on\n2024-02-15,1100.16,TX-1,2024-02-25\n")
    status, out, _ = _run(
        capsys, "diff", *LOAN, *RULES, "--payments", str(after), "--as-of", "2024-02-25",
        "--before-payments", str(before), "--format", "csv",
    )  # fmt: skip
    assert status == 0
    assert "loan,,,settlement,,12293.65,11135.24,-1158.41" in out.splitlines()


def test_a_bad_before_payments_line_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = tmp_path / "before.csv"
    before.write_text("2024-02-15,1100.16,TX-1,2024-02-10\n")  # learnt of before its date
    status, _, err = _run(capsys, "diff", *LOAN, *LATE, "--before-payments", str(before))
    assert status == 2
    assert err.startswith("loancalc: error: --before-payments line 1:")


def test_a_before_payment_before_the_start_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = tmp_path / "before.csv"
    before.write_text("2023-12-01,5\n")
    status, _, err = _run(capsys, "diff", *LOAN, *LATE, "--before-payments", str(before))
    assert status == 2
    assert "--before-payments payments[0].date" in err


@pytest.mark.parametrize(
    "extra",
    [[], ["--known-on", "2024-02-20", "--before-payments", "x.csv"]],
    ids=["neither", "both"],
)
def test_exactly_one_of_known_on_and_before_payments(
    capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    status, out, err = _run(capsys, "diff", *LOAN, *LATE, *extra)
    assert (status, out) == (2, "")
    assert "--known-on" in err
    assert "--before-payments" in err


def test_both_from_stdin_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(
        capsys, "diff", *LOAN, "--as-of", "2024-02-25", "--payments", "-",
        "--before-payments", "-",
    )  # fmt: skip
    assert status == 2
    assert "--before-payments" in err


def test_a_bad_known_on_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "diff", *LOAN, *LATE, "--known-on", "2024-02-31")
    assert status == 2
    assert "--known-on: got '2024-02-31'" in err


def test_assess_known_on(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["assess", *LOAN, *RULES, *LATE, "--format", "json"]
    _, out, _ = _run(capsys, *argv, "--known-on", "2024-02-20")
    then = json.loads(out)
    _, out, _ = _run(capsys, *argv)
    now = json.loads(out)
    assert (then["days_past_due"], then["payoff_amount"]) == (10, "12293.65")
    assert (now["days_past_due"], now["payoff_amount"]) == (0, "11135.24")


def test_payment_option_with_a_bad_known_on(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(
        capsys, "assess", *LOAN, "--as-of", "2024-02-25", "--payment", "2024-02-15:5:2024-02-01"
    )
    assert status == 2
    assert "--payment: got '2024-02-15:5:2024-02-01'" in err
    assert "KNOWN_ON on or after DATE" in err
