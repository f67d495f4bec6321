"""``loancalc audit``: the seed story from the command line, the limit set chosen by name,
path or product, lender claims from options and a statement CSV, and bad options."""

from __future__ import annotations

import csv
import io
import json
import pathlib

import attrs
import pytest

import loancalc.cli.audit_command  # noqa: F401  (registers the command)
from loancalc import limits
from loancalc.cli import main

README = [
    "--product", "cn-consumer-finance-instalment", "--principal", "12000", "--rate", "18%",
    "--term", "12", "--start", "2024-01-15", "--payment", "2024-02-15:1100.16",
    "--as-of", "2024-03-25",
]  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["audit", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status, out, err = _run(capsys, *argv)
    assert (status, err) == (0, "")
    return out


def test_the_seed_story_in_text(capsys: pytest.CaptureFixture[str]) -> None:
    # 933.96 x 24 % x 10 / 360 = 6.23 lawful for penalty 7.00 + compound 1.25 = 8.25:
    # 2.02 above the cap, compound (1.25) first, then penalty (0.77).
    out = _ok(capsys, *README)
    lines = out.splitlines()
    assert lines[0] == "Audit on 2024-03-25: limits cn-licensed-lender"
    # each finding's rule is shown by its title, last (the widest column)
    title = ("interest, compound interest, penalty interest, late fees and other charges "
             "above 24 % a year in total are cut")  # fmt: skip
    rows = [line.removesuffix(title).split() for line in lines if line.endswith(title)]
    assert rows[:2] == [
        ["compound-interest", "2024-03-15", "2024-03-25", "1.25", "0.00", "1.25", "money"],
        ["penalty-interest", "2024-03-15", "2024-03-25", "7.00", "6.23", "0.77", "money"],
    ]
    assert "all-in-24" not in out
    assert "Contract balance 12,110.04; above the limits 2.02; lawful balance 12,108.02." in out
    assert "法发〔2017〕22号" in out


def test_the_seed_story_in_json_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_ok(capsys, *README, "--format", "json"))
    assert data["format"] == "loancalc.audit/1"
    assert (data["contract_balance"], data["lawful_balance"], data["excess"]) == (
        "12110.04", "12108.02", "2.02")  # fmt: skip
    assert [f["excess"] for f in data["findings"]] == ["1.25", "0.77"]
    rows = list(csv.DictReader(io.StringIO(_ok(capsys, *README, "--format", "csv"))))
    assert [(r["component"], r["charged"], r["lawful"]) for r in rows] == [
        ("compound-interest", "1.25", "0.00"), ("penalty-interest", "7.00", "6.23")]  # fmt: skip


def test_the_seed_at_12_percent_has_no_findings(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [a if a != "18%" else "12%" for a in README]
    argv = [a if a != "2024-02-15:1100.16" else "2024-02-15:1066.19" for a in argv]
    out = _ok(capsys, *argv)
    assert "No findings." in out


def test_claims_from_options_and_a_statement(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    # The contract: 1,108.41 overdue, 10 days past due, penalty 7.00 charged and unpaid.
    statement = tmp_path / "statement.csv"
    statement.write_text("item,amount\n罚息,9.00\ndays-past-due,15\n", encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(_ok(
        capsys, *README, "--claimed-amount", "1,200.00", "--claimed-statement", str(statement),
        "--format", "csv"))))  # fmt: skip
    claims = [(r["rule"], r["charged"], r["lawful"], r["excess"], r["unit"])
              for r in rows if r["kind"] == "claim"]  # fmt: skip
    assert claims == [
        ("claim-overdue-amount", "1200.00", "1108.41", "91.59", "money"),
        ("claim-days-past-due", "15", "10", "5", "days"),
        ("claim-penalty-interest", "9.00", "7.00", "2.00", "money"),
    ]


def test_limits_by_name_and_by_path(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    # Private lending bands instead: the same 24 % on default charges, by the rule bands-24-36
    # (the contract, 2024-01-15, is after 2020-08-20: four times the LPR, 3.45 % x 4 = 13.8 %,
    # is below the 18 % contract rate: interest is cut too).
    data = json.loads(_ok(capsys, *README, "--limits", "cn-private-lending", "--format", "json"))
    assert data["rules"] == ["four-times-lpr"]
    assert {f["component"] for f in data["findings"]} >= {"interest", "penalty-interest"}
    mine = attrs.evolve(limits.get("cn-licensed-lender"), name="from-a-file")
    path = tmp_path / "mine.toml"
    path.write_text(limits.to_toml(mine), encoding="utf-8")
    data = json.loads(_ok(capsys, *README, "--limits", str(path), "--format", "json"))
    assert data["limits"] == "from-a-file"
    assert data["excess"] == "2.02"
    assert "from-a-file" not in limits.names()  # read, not registered


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--limits", "nope"], "--limits: got 'nope'; accepted: one of cn-licensed-lender"),
        (["--limits", "no/such.toml"], "--limits no/such.toml: (file): got 'no/such.toml'"),
        (["--claimed-amount", "-3"], "--claimed-amount: got '-3'; accepted: an amount"),
        (["--claimed-days-past-due", "x"], "--claimed-days-past-due: got 'x'; accepted"),
        (["--claimed-statement", "no/such.csv"], "claimed statement: got 'no/such.csv'"),
    ],
)
def test_bad_options_exit_2_naming_the_option(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = _run(capsys, *README, *argv)
    assert status == 2
    assert out == ""
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_a_figure_given_twice_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: pathlib.Path
) -> None:
    statement = tmp_path / "s.csv"
    statement.write_text("item,amount\noverdue-amount,5\n", encoding="utf-8")
    status, _, err = _run(capsys, *README, "--claimed-amount", "5", "--claimed-statement",
                          str(statement))  # fmt: skip
    assert status == 2
    assert "--claimed-amount: got '5'; accepted: a figure not also in --claimed-statement" in err
