"""``loancalc assess --history``: the repayment history as a credit bureau reads it."""

from __future__ import annotations

import json

import pytest

import loancalc.cli.assess_command  # noqa: F401  (registers the command)
from loancalc.cli import main

# 12,000 at 18 % over 12 months from 2024-01-15 (1,100.16 due on the 15th): instalment 1
# paid on time, instalments 2-4 (03-15, 04-15, 05-15) paid together on 06-10, the rest on
# time (see tests/test_bureau.py for the hand-worked figures).
LOAN = ["--principal", "12000", "--rate", "18%", "--term", "12", "--start", "2024-01-15"]
PAID = [
    "--payment", "2024-02-15:1100.16", "--payment", "2024-06-10:3300.48",
    *[arg for month in (6, 7, 8, 9) for arg in ("--payment", f"2024-{month:02d}-15:1100.16")],
]  # fmt: skip
ARGS = ["assess", *LOAN, *PAID, "--as-of", "2024-09-30"]


def test_history_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ARGS, "--history"]) == 0
    out = capsys.readouterr().out
    tail = out.rstrip("\n").splitlines()[-8:]
    assert tail == [
        "Repayment history, 24 months to 2024-09 (oldest first): ///////////////*N123NNNN",
        "Overdue months: 3 in a row, 3 in all; most days past due: 86",
        "First past due: 2024-03-16; current episode since: -",
        "Bucket transitions:",
        "  2024-03-16  M0 -> M1  (1 day past due)",
        "  2024-04-15  M1 -> M2  (31 days past due)",
        "  2024-05-15  M2 -> M3  (61 days past due)",
        "  2024-06-10  M3 -> M0  (0 days past due)",
    ]


def test_history_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ARGS, "--history", "--format", "json"]) == 0
    history = json.loads(capsys.readouterr().out)["history"]
    assert history["status_string"] == "///////////////*N123NNNN"
    assert (history["consecutive_overdue_months"], history["cumulative_overdue_months"]) == (3, 3)
    assert history["first_overdue_date"] == "2024-03-16"
    assert history["episode_start"] is None
    assert history["max_days_past_due"] == 86
    assert [t["after"] for t in history["bucket_transitions"]] == ["M1", "M2", "M3", "M0"]
    assert history["days_past_due_runs"] == [
        ["2024-01-15", 0, False],
        ["2024-03-16", 1, True],
        ["2024-06-10", 0, False],
    ]


def test_without_history_nothing_is_added(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(ARGS) == 0
    assert "Repayment history" not in capsys.readouterr().out
    assert main([*ARGS, "--format", "json"]) == 0
    assert "history" not in json.loads(capsys.readouterr().out)


def test_history_is_refused_with_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ARGS, "--history", "--format", "csv"]) != 0
    assert "--history: got 'csv'; accepted: --format table or json" in capsys.readouterr().err
