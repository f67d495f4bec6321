"""``loancalc restructure``, ``prepay`` and ``check-agreement``."""

from __future__ import annotations

import json

import pytest

from loancalc.cli import main

LOAN = ["--principal", "12000", "--rate", "18%", "--term", "12", "--start", "2024-01-15",
        "--payment", "2024-02-15:1100.16", "--grace-days", "3",
        "--penalty-multiplier", "1.5", "--compound"]  # fmt: skip
PLAN = ["--as-of", "2024-04-24", "--new-term", "24", "--waive", "penalty-interest",
        "--waive", "compound-interest"]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = main(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


def test_restructure_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "restructure", *LOAN, *PLAN, "--format", "json")
    data = json.loads(out)
    assert status == 0
    # 11,079.84 + 318.39 + 41.39 capitalised; 34.42 + 6.02 waived
    assert data["new_principal"] == "11439.62"
    assert data["breakdown"]["waived"] == "40.44"
    assert data["schedule"]["terms"]["term"] == 24


def test_restructure_text_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "restructure", *LOAN, *PLAN)
    assert status == 0
    assert "The debt replaced on 2024-04-24" in out
    assert "New principal: 11,439.62" in out
    status, out, _ = run(capsys, "restructure", *LOAN, *PLAN, "--format", "csv")
    assert out.splitlines()[1].startswith("1,2024-04-24,2024-05-24,30,11439.62")


def test_restructure_limits_and_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "restructure", *LOAN, *PLAN, "--on", "2024-04-01")
    assert status == 2
    assert "on: got" in err
    status, _, err = run(capsys, "restructure", *LOAN, *PLAN, "--new-term", "x")
    assert status == 2
    assert "--new-term" in err
    card = ["--principal", "1000", "--rate", "0", "--term", "2", "--start", "2024-01-01",
            "--as-of", "2024-02-05", "--product", "cn-card-instalment"]  # fmt: skip
    status, _, err = run(capsys, "restructure", *card, "--new-term", "72")
    assert status == 2
    assert "restructuring.max_term" in err


def test_prepay(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "prepay", *LOAN, "--as-of", "2024-02-15", "--amount", "5000", "--format", "json"
    )
    data = json.loads(out)
    assert status == 0
    # 11,079.84 - 5,000 = 6,079.84 left, no fee without a product
    assert (data["remaining_principal"], data["fee"]) == ("6079.84", "0.00")
    status, _, err = run(capsys, "prepay", *LOAN, "--as-of", "2024-02-15", "--amount", "99999")
    assert status == 2
    assert "at most the payoff" in err


def test_check_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    card = ["--principal", "12000", "--term", "12", "--start", "2024-01-15", "--payment",
            "2024-02-15:1100.16", "--product", "cn-card-instalment", *PLAN]  # fmt: skip
    status, out, _ = run(
        capsys, "check-agreement", *card, "--check-as-of", "2024-06-30", "--format", "json"
    )
    data = json.loads(out)
    assert status == 0
    # nothing paid on the plan: its first instalment (2024-05-24) is 30 days late on 06-23
    assert data["breached"] is True
    assert data["breach_date"] == "2024-06-23"


def test_check_agreement_after_the_breach(capsys: pytest.CaptureFixture[str]) -> None:
    card = ["--principal", "12000", "--term", "12", "--start", "2024-01-15", "--payment",
            "2024-02-15:1100.16", "--product", "cn-card-instalment", *PLAN]  # fmt: skip
    status, out, _ = run(
        capsys, "check-agreement", *card, "--check-as-of", "2024-06-30", "--format", "json"
    )
    data = json.loads(out)
    assert status == 0
    # accelerated 11,221.63 of principal and the 24.50 of penalty reinstated, due 06-23
    assert data["due_on_breach"]["principal"] == "11221.63"
    assert data["due_on_breach"]["penalty-interest"] == "24.50"
    # 7 days later at the card's 0.05 % a day: 11,221.63 x 0.0005 x 7 = 39.2757 -> 39.28;
    # 11,221.63 + 24.50 + 39.28 = 11,285.41
    after = data["after_breach"]
    assert after["days_past_due"] == 7
    assert after["outstanding"]["penalty-interest"] == "39.28"
    assert after["amount_due"] == "11285.41"
    status, out, _ = run(capsys, "check-agreement", *card, "--check-as-of", "2024-06-30")
    assert "After the breach, on 2024-06-30: 11,285.41 due, 7 days past due" in out
