"""``loancalc assess`` on the actual-balance interest basis: the statement, the caps that
cut, the rule options, and the JSON and CSV exports against the library's values."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.cli import main
from loancalc.servicing.export import STATEMENT_COLUMNS
from loancalc.servicing.statement import statement_rows

# 1,000 at 36 % a year, ACT/360, daily accrual, 3 monthly instalments from 2024-01-01
LOAN = [
    "--principal", "1000", "--rate", "36%", "--term", "3", "--start", "2024-01-01",
    "--accrual", "daily",
]  # fmt: skip
ACTUAL = ["--interest-basis", "actual-balance"]
PAID = ["--payment", "2024-02-01:300", "--payment", "2024-03-10:200", "--as-of", "2024-03-20"]
TERMS = lc.LoanTerms(
    principal=1000, annual_rate="36%", term=3, start=date(2024, 1, 1), accrual="daily"
)
PAYMENTS = [lc.Payment(date(2024, 2, 1), "300"), lc.Payment(date(2024, 3, 10), "200")]
RULES = lc.ServicingRules(interest_basis="actual-balance")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["assess", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _library_state() -> lc.LoanState:
    return lc.assess(lc.amortize(TERMS), PAYMENTS, date(2024, 3, 20), RULES)


def test_the_table_shows_the_statement_worked_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, *LOAN, *ACTUAL, *PAID)
    assert status == 0
    scheduled = lc.amortize(TERMS).installments[0].payment  # the level payment, 353.76
    rows = [line.split() for line in out.splitlines() if line[:4] == "2024" and "  " in line]
    statement = [row for row in rows if len(row) == len(STATEMENT_COLUMNS) - 1]  # no note
    # 01-01 advance; 02-01: 31 days x 1,000 x 36 %/360 = 31.00, 300 paid: 31.00 interest,
    # 269.00 principal -> 731.00; arrears 353.76 - 300 = 53.76.
    # 03-01: 29 days x 731 x 0.1 % = 21.199 -> 21.20; arrears 53.76 + 353.76 = 407.52.
    # 03-10: 9 days x 0.731 = 6.579 -> 6.58; 200 pays 21.20 + 6.58 = 27.78 interest and
    # 172.22 principal -> 558.78; arrears 207.52.
    # 03-20: period total 6.579 + 10 x 0.55878 = 12.1668 -> 12.17, less 6.58 posted = 5.59.
    assert statement == [
        ["2024-01-01", "0", "0.00", "0.00", "0.00", "0.00", "1000.00", "0.00", "0.00", "0.00",
         "1000.00"],
        ["2024-02-01", "31", str(scheduled), "300.00", "31.00", "0.00", "731.00", "0.00",
         "0.00", "53.76", "731.00"],
        ["2024-03-01", "29", str(scheduled), "0.00", "21.20", "0.00", "731.00", "21.20",
         "0.00", "407.52", "752.20"],
        ["2024-03-10", "9", "0.00", "200.00", "6.58", "0.00", "558.78", "0.00", "0.00",
         "207.52", "558.78"],
        ["2024-03-20", "10", "0.00", "0.00", "5.59", "0.00", "558.78", "5.59", "0.00",
         "207.52", "564.37"],
    ]  # fmt: skip
    assert "Statement (interest accrued daily on the actual balance):" in out
    assert "Caps that cut" not in out  # no cap set
    assert "payoff on 2024-03-20: 564.37" in out
    # the statement comes after the summary and before the timeline
    assert out.index("All outstanding") < out.index("Statement") < out.index("Timeline:")


def test_json_statement_and_caps_equal_the_library_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _run(capsys, *LOAN, *ACTUAL, "--total-cap", "5%", *PAID, "--format", "json")
    assert status == 0
    data = json.loads(out)
    rules = RULES.replace(caps=lc.CostCaps(total_share="5%"))
    state = lc.assess(lc.amortize(TERMS), PAYMENTS, date(2024, 3, 20), rules)
    assert data["rules"] == rules.to_dict()
    read_back = [
        tuple(
            date.fromisoformat(v) if k == "date" else v if k in ("days", "note") else Decimal(v)
            for k, v in line.items()
        )
        for line in data["statement"]
    ]
    assert [tuple(line) for line in data["statement"]] == [STATEMENT_COLUMNS] * len(read_back)
    assert read_back == statement_rows(state.statement)
    assert state.cap_hits  # 5 % of 1,000 = 50.00: reached before 2024-03-20
    assert [
        (h["cap"], date.fromisoformat(h["first_on"]), date.fromisoformat(h["last_on"]),
         Decimal(h["amount_cut"]))
        for h in data["cap_hits"]
    ] == [(h.cap, h.first_on, h.last_on, h.amount_cut) for h in state.cap_hits]  # fmt: skip
    assert Decimal(data["payoff_amount"]) == state.payoff_amount()


def test_the_total_cap_worked_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    # 1.00 of interest a day (1,000 x 36 %/360) from 2024-01-02 (the advance day bears
    # none); a total cap of 1 % (10.00) is reached at the end of 2024-01-11, so the days
    # from 2024-01-12 to 2024-01-21 are cut: 10 x 1.00.
    argv = [*LOAN, *ACTUAL, "--total-cap", "1%", "--as-of", "2024-01-21"]
    status, out, _ = _run(capsys, *argv)
    assert status == 0
    assert "Caps that cut:" in out
    assert (
        "  the total cap (1% of the principal advanced): from 2024-01-12 to 2024-01-21, "
        "10.00 kept off"
    ) in out
    _, out, _ = _run(capsys, *argv, "--format", "json")
    data = json.loads(out)
    [hit] = data["cap_hits"]
    assert (hit["cap"], hit["first_on"], hit["last_on"]) == ("total", "2024-01-12", "2024-01-21")
    assert Decimal(hit["amount_cut"]) == 10
    assert data["outstanding"]["interest"] == "10.00"


def test_caps_that_never_cut_say_so(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, *LOAN, *ACTUAL, "--daily-cap", "0.8%", *PAID)
    assert status == 0
    assert "Caps that cut: none" in out  # 0.1 % a day is below 0.8 % a day


def test_csv_is_the_statement_on_the_actual_balance_basis(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _run(capsys, *LOAN, *ACTUAL, *PAID, "--format", "csv")
    assert status == 0
    table = list(csv.reader(io.StringIO(out)))
    assert tuple(table[0]) == STATEMENT_COLUMNS
    expected = [
        [v.isoformat() if isinstance(v, date) else str(v) for v in row]
        for row in statement_rows(_library_state().statement)
    ]
    assert table[1:] == expected


def test_the_scheduled_basis_keeps_its_formats(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, *LOAN, *PAID, "--format", "json")
    data = json.loads(out)
    assert "statement" not in data
    assert "cap_hits" not in data
    assert data["format"] == "loancalc.state/1"
    _, out, _ = _run(capsys, *LOAN, *PAID, "--format", "csv")
    assert out.startswith("number,due_date,")
    _, out, _ = _run(capsys, *LOAN, *PAID)
    assert "Statement" not in out


def test_every_rule_option_reaches_the_rules(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, *LOAN, *ACTUAL, "--overpayment", "credit", "--interest-free-days", "3",
        "--interest-free-unconditional", "--promotion", "2024-01-10:2024-01-20:0%",
        "--daily-cap", "0.8%", "--total-cap", "100%", "--annual-cap", "24%",
        "--default-fee-cap", "15", "--as-of", "2024-01-25", "--format", "json",
    )  # fmt: skip
    assert status == 0
    expected = lc.ServicingRules(
        interest_basis="actual-balance",
        overpayment="credit",
        interest_free=lc.InterestFreePeriod(days=3, conditional=False),
        promotions=[
            lc.PromotionalRate(start=date(2024, 1, 10), end=date(2024, 1, 20), annual_rate=0)
        ],
        caps=lc.CostCaps(daily_share="0.8%", total_share="100%", annual_rate="24%", default_fee=15),
    )
    assert json.loads(out)["rules"] == expected.to_dict()


def test_a_product_on_the_actual_balance_basis_and_its_caps_removed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    product = ["--product", "uk-hcstc", "--principal", "300", "--term", "3",
               "--start", "2024-01-01", "--as-of", "2024-01-20"]  # fmt: skip
    _, out, _ = _run(capsys, *product, "--format", "json")
    data = json.loads(out)
    assert data["rules"]["interest_basis"] == "actual-balance"
    assert data["statement"][0]["principal"] == "300.00"
    _, out, _ = _run(
        capsys, *product, "--daily-cap", "none", "--total-cap", "none",
        "--default-fee-cap", "none", "--interest-free-days", "0", "--format", "json",
    )  # fmt: skip
    caps = json.loads(out)["rules"]["caps"]
    assert caps == {"daily_share": None, "total_share": None, "annual_rate": None,
                    "default_fee": None}  # fmt: skip
    assert json.loads(out)["rules"]["interest_free"] is None


@pytest.mark.parametrize(
    ("argv", "named", "says"),
    [
        (["--daily-cap", "0.8%"], "--daily-cap", "only with --interest-basis actual-balance"),
        (["--overpayment", "credit"], "--overpayment", "only with --interest-basis"),
        (["--interest-free-days", "3"], "--interest-free-days", "only with"),
        ([*ACTUAL, "--interest-basis", "daily"], "--interest-basis", "actual-balance"),
        ([*ACTUAL, "--daily-cap", "150%"], "--daily-cap", "0 to 100 %"),
        ([*ACTUAL, "--total-cap", "x"], "--total-cap", "got 'x'"),
        ([*ACTUAL, "--annual-cap=-1%"], "--annual-cap", "got '-1%'"),
        ([*ACTUAL, "--default-fee-cap", "5%"], "--default-fee-cap", "got '5%'"),
        ([*ACTUAL, "--overpayment", "refund"], "--overpayment", "credit"),
        ([*ACTUAL, "--interest-free-days", "x"], "--interest-free-days", "whole number"),
        ([*ACTUAL, "--interest-free-days", "400"], "--interest-free-days", "term"),
        ([*ACTUAL, "--interest-free-unconditional"], "--interest-free-unconditional", "with"),
        ([*ACTUAL, "--promotion", "2024-01-10:0%"], "--promotion", "START:END:RATE"),
        ([*ACTUAL, "--promotion", "2024-01-10:2024-02-30:0%"], "--promotion", "YYYY-MM-DD"),
        ([*ACTUAL, "--promotion", "2024-02-10:2024-01-10:0%"], "--promotion", "after start"),
        ([*ACTUAL, "--promotion", "2024-01-10:2024-02-10:nope"], "--promotion", "nope"),
        (
            [
                *ACTUAL,
                "--promotion",
                "2024-01-10:2024-02-10:0%",
                "--promotion",
                "2024-02-01:2024-02-20:0%",
            ],
            "--promotion",
            "on or after the end",
        ),
    ],
)
def test_bad_rule_options_name_the_option(
    capsys: pytest.CaptureFixture[str], argv: list[str], named: str, says: str
) -> None:
    status, out, err = _run(capsys, *LOAN, "--as-of", "2024-01-25", *argv)
    assert status == 2
    assert out == ""
    assert err.startswith(f"loancalc: error: {named}: ")
    assert says in err
    assert err.count("\n") == 1


@settings(max_examples=25)
@given(
    days=st.lists(st.integers(min_value=1, max_value=120), max_size=4),
    cents=st.lists(st.integers(min_value=1, max_value=60000), min_size=4, max_size=4),
    as_of_days=st.integers(min_value=0, max_value=150),
    cap=st.sampled_from([None, "1%", "5%"]),
)
def test_json_and_csv_carry_the_library_statement(
    days: list[int], cents: list[int], as_of_days: int, cap: str | None
) -> None:
    """Property: for any payments, the statement and cap hits read back from
    ``--format json`` and ``--format csv`` equal the library's."""
    start = date(2024, 1, 1)
    payments = [
        lc.Payment(start + timedelta(days=d), Decimal(c) / 100)
        for d, c in zip(sorted(days), cents, strict=False)
    ]
    as_of = start + timedelta(days=as_of_days)
    argv = [*LOAN, *ACTUAL, "--as-of", as_of.isoformat()]
    argv += [f"--payment={p.date.isoformat()}:{p.amount}" for p in payments]
    rules = RULES
    if cap is not None:
        argv += ["--total-cap", cap]
        rules = RULES.replace(caps=lc.CostCaps(total_share=cap))
    state = lc.assess(lc.amortize(TERMS), payments, as_of, rules)
    outputs = {}
    for output in ("json", "csv"):
        text = io.StringIO()
        with contextlib.redirect_stdout(text):
            assert main(["assess", *argv, "--format", output]) == 0
        outputs[output] = text.getvalue()
    data = json.loads(outputs["json"])
    expected = statement_rows(state.statement)
    assert [
        (
            date.fromisoformat(line["date"]),
            line["days"],
            *map(Decimal, list(line.values())[2:-1]),
            line["note"],
        )
        for line in data["statement"]
    ] == expected
    assert [
        (h["cap"], h["first_on"], h["last_on"], Decimal(h["amount_cut"]))
        for h in data["cap_hits"]
    ] == [(h.cap, h.first_on.isoformat(), h.last_on.isoformat(), h.amount_cut)
          for h in state.cap_hits]  # fmt: skip
    table = list(csv.reader(io.StringIO(outputs["csv"])))
    assert [
        (date.fromisoformat(row[0]), int(row[1]), *map(Decimal, row[2:-1]), row[-1])
        for row in table[1:]
    ] == expected
