"""``loancalc apr``: the annualised rate from loan options, a schedule file or a flows CSV."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import loancalc as lc
from loancalc.cli import main

CARD = ["--principal", "12000", "--rate", "0%", "--term", "12", "--method", "flat",
        "--period-fee-rate", "0.6%", "--start", "2024-01-31"]  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_card_instalment_from_loan_options(capsys: pytest.CaptureFixture[str]) -> None:
    # docs/rules.md, 'Annualised rate disclosure': 1,072 a month for 12,000 over 12 months:
    # monthly IRR 1.08619 %, x 12 = 13.03 %, compounded 13.84 %.
    status, out, _ = _run(capsys, ["apr", *CARD, "--format", "json"])
    data = json.loads(out)
    assert status == 0
    assert (data["method"], data["periods_per_year"], data["flows"]) == ("nominal", 12, 13)
    assert round(Decimal(data["percent"]), 2) == Decimal("13.03")
    assert Decimal(data["rate"]) * 100 == Decimal(data["percent"])
    status, out, _ = _run(capsys, ["apr", *CARD, "--apr-method", "effective"])
    assert status == 0
    assert out.startswith("13.84")
    assert "compounded 12 times" in out


def test_from_a_schedule_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    schedule = lc.amortize(lc.LoanTerms(principal=12000, annual_rate="7.2%", term=12,
                                        method="flat", start=date(2024, 1, 31)))  # fmt: skip
    path = tmp_path / "card.json"
    path.write_text(schedule.to_json(), encoding="utf-8")
    status, out, _ = _run(capsys, ["apr", "--schedule", str(path), "--format", "csv"])
    assert status == 0
    header, row = out.splitlines()
    assert header == "method,periods_per_year,rate,percent"
    assert row.startswith("nominal,12,0.1303")


def test_from_a_flows_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # EU (98/7/EC Annex III, example 1): 1,000 on 1 Jan 1994, 1,200 on 1 Jul 1995:
    # X = 1.2^(1 / (1 + 181/365)) - 1 = 12.96 %.
    path = tmp_path / "flows.csv"
    path.write_text("date,amount\n1994-01-01,-1000\n1995-07-01,1200\n", encoding="utf-8")
    status, out, _ = _run(capsys, ["apr", "--flows", str(path), "--apr-method", "eu-aprc"])
    assert status == 0
    assert out.startswith("12.96")
    expected = Decimal(repr(1.2 ** (1 / (1 + 181 / 365)) - 1)) * 100
    assert abs(Decimal(out.split("%")[0]) - expected) < Decimal("1E-8")


def test_product_gives_method_and_cap(capsys: pytest.CaptureFixture[str]) -> None:
    # cn-card-instalment: flat 0.6 % a month, disclosed as IRR x 12, capped at 24 %:
    # 13.03 % is within the cap.
    argv = ["apr", "--product", "cn-card-instalment", "--principal", "12000", "--term", "12",
            "--start", "2024-01-31", "--format", "json"]  # fmt: skip
    status, out, _ = _run(capsys, argv)
    data = json.loads(out)
    assert status == 0
    assert (data["method"], data["cap"], data["exceeded"]) == ("nominal", "0.24", False)
    assert round(Decimal(data["percent"]), 2) == Decimal("13.03")


def test_cap_exceeded(capsys: pytest.CaptureFixture[str]) -> None:
    # 13.03 % against 4 x LPR = 12.4 %: exceeded by 0.63 points.
    status, out, _ = _run(capsys, ["apr", *CARD, "--cap", "12.4%"])
    assert status == 0
    first, second = out.splitlines()
    assert first.startswith("13.03")
    assert second.startswith("cap 12.4%: exceeds it by 0.63")


def test_bad_csv_row_names_its_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "flows.csv"
    path.write_text("date,amount\n2024-01-01,-1000\n2024-02-30,500\n", encoding="utf-8")
    status, _, err = _run(capsys, ["apr", "--flows", str(path)])
    assert status == 2
    assert err.startswith("loancalc: error: --flows line 3: got '2024-02-30,500'")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["apr"], "give exactly one source"),
        (["apr", "--flows", "a.csv", "--schedule", "b.json"], "give exactly one source"),
        (["apr", "--principal", "1000"], "need --rate, --term"),
        (["apr", *CARD, "--apr-method", "simple"], "--apr-method: got 'simple'"),
        (["apr", *CARD, "--periods-per-year", "7"], "--periods-per-year: got 7"),
        (["apr", *CARD, "--periods-per-year", "x"], "--periods-per-year: got 'x'"),
        (["apr", "--flows", "/nonexistent/flows.csv"], "--flows: got '/nonexistent/flows.csv'"),
        (["apr", *CARD, "--cap=-1%"], "--cap: got '-1%'"),
        (["apr", "--product", "cn-card-instalment", "--principal", "1"], "need --term"),
    ],
)
def test_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = _run(capsys, argv)
    assert (status, out) == (2, "")
    assert message in err
    assert err.count("\n") == 1


def test_no_rate_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "flows.csv"
    path.write_text("2024-01-01,100\n2024-02-01,100\n", encoding="utf-8")
    status, _, err = _run(capsys, ["apr", "--flows", str(path)])
    assert status == 2
    assert "no rate exists" in err
