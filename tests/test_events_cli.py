"""'loancalc assess' with reversals, refunds and charges (options and a CSV kind column)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import loancalc.cli
import loancalc.cli.assess_command
from loancalc.errors import InvalidValueError

# 1,000 at 0 % over 2 months from 2024-01-01: 500.00 due 2024-02-01 and 2024-03-01.
LOAN = ["--principal", "1000", "--rate", "0%", "--term", "2", "--start", "2024-01-01"]


def _json(capsys: pytest.CaptureFixture[str], *options: str) -> dict[str, object]:
    assert loancalc.cli.main(["assess", *LOAN, "--format", "json", *options]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def _payments(tmp_path: Path, text: str) -> str:
    path = tmp_path / "payments.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_reversal_option_replays_the_loan_without_the_payment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # paid on its due date 02-01, bounced on 02-05 with a 25.00 fee: on 02-10, 9 days past
    # due and 500.00 + 25.00 due
    paid = _payments(tmp_path, "date,amount,reference\n2024-02-01,500.00,TX-1\n")
    data = _json(capsys, "--as-of", "2024-02-10", "--payments", paid,
                 "--reversal", "2024-02-05:TX-1:25.00")  # fmt: skip
    assert (data["days_past_due"], data["amount_due"], data["total_paid"]) == (9, "525.00", "0.00")


def test_refund_and_charge_options(capsys: pytest.CaptureFixture[str]) -> None:
    # 600.00 on 02-01: 100.00 credit; 30.00 refunded on 02-02; a 20.00 charge on 02-03
    # is paid out of the 70.00 left: 50.00 credit.
    data = _json(capsys, "--as-of", "2024-02-10", "--payment", "2024-02-01:600",
                 "--refund", "2024-02-02:30", "--charge", "2024-02-03:20:copy")  # fmt: skip
    assert (data["total_allocated"], data["credit"], data["late_fees"]) == (
        "520.00", "50.00", "20.00",
    )  # fmt: skip


def test_reversal_refund_and_charge_from_a_csv_kind_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _payments(
        tmp_path,
        "date,kind,amount,reference,reverses,reason\n"
        "2024-02-01,payment,500.00,TX-1,,\n"
        "2024-02-05,reversal,25.00,,TX-1,\n"
        "2024-02-06,payment,600.00,TX-2,,\n"
        "2024-02-07,refund,50.00,,,\n"
        "2024-02-08,charge,10.00,,,statement copy\n",
    )
    data = _json(capsys, "--as-of", "2024-02-10", "--payments", events)
    # TX-1 reversed: 600.00 pays 500.00 + the 25.00 charge, 75.00 credit; 50.00 refunded
    # leaves 25.00, which pays the 10.00 charge: 15.00 credit.
    assert (data["total_paid"], data["total_allocated"], data["credit"]) == (
        "600.00", "535.00", "15.00",
    )  # fmt: skip
    assert data["days_past_due"] == 0


def test_write_off_option_and_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # nothing paid; everything written off on 2024-02-10 (500.00 due + 500.00 principal not
    # yet due); 100.00 paid on 2024-02-20 is a recovery, held as credit
    data = _json(capsys, "--as-of", "2024-02-25", "--write-off", "2024-02-10",
                 "--payment", "2024-02-20:100")  # fmt: skip
    assert (data["status"], data["total_outstanding"], data["credit"]) == (
        "written-off", "0.00", "100.00",
    )  # fmt: skip
    assert (data["recoveries"], data["total_reversed"]) == ("100.00", "0.00")
    assert data["written_off"] == {"principal": "1000.00", "interest": "0.00", "fee": "0.00",
                                   "penalty-interest": "0.00", "compound-interest": "0.00",
                                   "late-fee": "0.00"}  # fmt: skip
    events = _payments(tmp_path, "date,kind,amount\n2024-02-10,write-off,200.00\n")
    data = _json(capsys, "--as-of", "2024-02-15", "--payments", events)
    assert (data["total_outstanding"], data["status"]) == ("800.00", "overdue")


def test_a_plain_payments_csv_still_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paid = _payments(tmp_path, "2024-02-01,500.00\n2024-03-01,500.00,TX-2\n")
    data = _json(capsys, "--as-of", "2024-03-10", "--payments", paid)
    assert (data["total_paid"], data["total_outstanding"]) == ("1000.00", "0.00")


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--reversal", "2024-02-05"], "--reversal"),
        (["--refund", "2024-02-05:x"], "--refund"),
        (["--charge", "2024-02-05:5"], "--charge"),
        (["--reversal", "2024-02-05:NOPE"], "payments[0].reverses"),
        (["--payment", "2024-02-01:500", "--refund", "2024-02-01:1"], "refund.amount"),
    ],
)
def test_bad_event_options_name_the_option_or_field(
    options: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert loancalc.cli.main(["assess", *LOAN, "--as-of", "2024-02-10", *options]) != 0
    assert named in capsys.readouterr().err


def test_a_bad_kind_names_its_line(tmp_path: Path) -> None:
    events = _payments(tmp_path, "date,kind,amount\n2024-02-01,payment,5\n2024-02-02,bonus,5\n")
    from loancalc.cli.assess_command import read_events

    with pytest.raises(InvalidValueError, match="--payments line 3"):
        read_events(events)
