"""``loancalc line``: a credit line from CSV files of draws and repayments, in text, CSV
and JSON; the figures are the library's (checked by hand in test_lines_examples.py), and
bad input names the option and the line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import loancalc.cli.line_command  # noqa: F401  (registers the command)
from loancalc.cli import main

DRAWS = "date,amount,term,rate,method\n2024-01-01,9000,3,,equal-principal\n" \
        "2024-01-15,6000,3,,equal-principal\n"  # fmt: skip
PAYMENTS = "date,amount\n2024-02-01,3111.60\n2024-03-01,3069.60\n"
PLAN_PAYMENTS = "date,amount\n2024-04-20,878.72\n2024-05-20,865.87\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    paths = {}
    for name, text in (("draws", DRAWS), ("payments", PAYMENTS), ("plan", PLAN_PAYMENTS)):
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        paths[name] = str(path)
    return paths


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["line", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _base(files: dict[str, str], *more: str) -> list[str]:
    return [
        "--product", "cn-daily-rate-credit-line", "--limit", "50000",
        "--draws", files["draws"], "--payments", files["payments"], *more,
    ]  # fmt: skip


def test_csv_statement(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    status, out, err = _run(capsys, *_base(files, "--as-of", "2024-03-20", "--format", "csv"))
    assert (status, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["draw"] for r in rows] == ["1", "2", "total"]
    # draw 1: 3,000 + 19 days at 0.04 %: 22.80; draw 2: 6,000 + 156.00 + 15.58 + 1.73
    assert [r["total_outstanding"] for r in rows] == ["3022.80", "6173.31", "9196.11"]
    assert [r["days_past_due"] for r in rows] == ["0", "34", "34"]
    assert rows[-1]["bucket"] == "M2"


def test_text_with_the_negotiated_plan_and_its_breach(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    status, out, err = _run(
        capsys,
        *_base(files, "--as-of", "2024-03-20"),
        "--negotiate", "2024-03-20", "--merge", "all", "--plan-term", "12",
        "--waive", "penalty-interest,compound-interest",
        "--plan-payments", files["plan"], "--plan-as-of", "2024-08-01",
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert "overdue, 34 days past due (M2, special-mention)" in out
    assert "available 0.00 (frozen while a draw is overdue)" in out
    assert "to settle the line today 9,196.11" in out
    assert "Negotiated plan on 2024-03-20: draws 1, 2 merged" in out
    assert "equal-principal loan of 9,178.80" in out
    assert (
        "On 2024-08-01: breached on 2024-07-20; reinstated 17.31, accelerated 7,835.64, "
        "owed on the breach date 7,852.95"
    ) in out


@pytest.mark.parametrize(
    ("allocation", "shares"),
    [
        ("oldest-first", ["3069.60", "0.00"]),
        ("overdue-first", ["988.53", "2081.07"]),
        ("proportional", ["1829.36", "1240.24"]),
    ],
)
def test_json_allocations_by_rule(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], allocation: str, shares: list[str]
) -> None:
    status, out, _ = _run(
        capsys,
        *_base(files, "--as-of", "2024-03-01", "--format", "json", "--allocation", allocation),
    )
    assert status == 0
    data = json.loads(out)
    assert data["allocations"][-1]["shares"] == shares
    assert data["total_paid"] == "6181.20"


def test_json_plan_kept(capsys: pytest.CaptureFixture[str], files: dict[str, str]) -> None:
    status, out, _ = _run(
        capsys,
        *_base(files, "--as-of", "2024-03-20", "--format", "json"),
        "--negotiate", "2024-03-20", "--plan-term", "6",
        "--plan-as-of", "2024-04-10",
    )  # fmt: skip
    assert status == 0
    plan = json.loads(out)["plan"]
    assert (plan["merged"], plan["kept"]) == ([2], [1])
    # the charges (15.58 + 1.73) are left due on signing, 03-20, in the plan's row 1:
    # unpaid, 21 days past due on 04-10, short of the 30 days that breach the plan
    assert plan["schedule"]["installments"][0]["payment"] == "17.31"
    assert (plan["status"]["breached"], plan["status"]["days_past_due"]) == (False, 21)


def test_bad_input_names_the_option(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("2024-01-01,9000\n", encoding="utf-8")
    status, _, err = _run(capsys, "--product", "cn-daily-rate-credit-line", "--limit", "50000",
                          "--draws", str(bad), "--as-of", "2024-03-20")  # fmt: skip
    assert status == 2
    assert "--draws line 1" in err
    status, _, err = _run(capsys, *_base(files, "--as-of", "2024-03-20", "--limit", "10000"))
    assert status == 2
    assert "draws[1].amount" in err  # 6,000 more than the 1,000 left of 10,000
    status, _, err = _run(capsys, *_base(files, "--as-of", "2024-03-20", "--merge", "x"),
                          "--negotiate", "2024-03-20")  # fmt: skip
    assert status == 2
    assert "--merge" in err


def test_no_freeze_keeps_the_limit_available(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    argv = _base(files, "--as-of", "2024-03-20", "--format", "json")
    frozen = json.loads(_run(capsys, *argv)[1])
    assert (frozen["frozen"], frozen["available"]) == (True, "0.00")
    kept = json.loads(_run(capsys, *argv, "--no-freeze")[1])
    # 50,000 less the 3,000 + 6,000 of principal still owed
    assert (kept["frozen"], kept["available"]) == (False, "41000.00")


def test_an_extension_plan_from_the_command_line(
    capsys: pytest.CaptureFixture[str], files: dict[str, str]
) -> None:
    status, out, err = _run(
        capsys,
        *_base(files, "--as-of", "2024-03-20"),
        "--negotiate", "2024-03-20", "--merge", "all", "--plan-term", "12",
        "--waive", "penalty-interest,compound-interest", "--plan-kind", "extend",
    )  # fmt: skip
    assert (status, err) == (0, "")
    # only principal carried: 9,000.00; 144.00 + 34.80 of interest left due on signing
    assert "equal-principal loan of 9,000.00" in out
    assert "178.80" in out


def test_as_known_on_a_day_from_the_command_line(
    capsys: pytest.CaptureFixture[str], files: dict[str, str], tmp_path: Path
) -> None:
    # the March repayment (3,069.60 to draw 1 on 03-01) reached the books on 03-05
    late = tmp_path / "late.csv"
    late.write_text("date,amount,draw,reference,known_on\n2024-02-01,3111.60,,,\n"
                    "2024-03-01,3069.60,1,,2024-03-05\n")  # fmt: skip
    args = ["line", "--product", "cn-daily-rate-credit-line", "--limit", "50000",
            "--opened", "2024-01-01", "--draws", files["draws"], "--payments", str(late),
            "--as-of", "2024-03-10", "--format", "csv"]  # fmt: skip
    assert main([*args, "--known-on", "2024-03-04"]) == 0
    then = capsys.readouterr().out
    assert main(args) == 0
    now = capsys.readouterr().out
    # known then, draw 1 is 9 days past its 03-01 due date; known now, it is paid
    assert ",9," in then.splitlines()[1]
    assert then != now
