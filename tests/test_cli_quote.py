"""``loancalc quote``: the settlement figure on a date, with its parts, on both interest
bases; the figure is the library's ``payoff_amount`` and, on the actual-balance basis,
paying it leaves nothing owed."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.cli import main
from loancalc.products import get as get_product

# 1,000 at 36 % a year (0.1 % a day), ACT/360, daily accrual, 3 monthly instalments
DAILY = [
    "--principal", "1000", "--rate", "36%", "--term", "3", "--start", "2024-01-01",
    "--accrual", "daily",
]  # fmt: skip
ACTUAL = ["--interest-basis", "actual-balance"]
PAID = ["--payment", "2024-02-01:300", "--payment", "2024-03-10:200"]
DAILY_TERMS = lc.LoanTerms(
    principal=1000, annual_rate="36%", term=3, start=date(2024, 1, 1), accrual="daily"
)
PAYMENTS = [lc.Payment(date(2024, 2, 1), "300"), lc.Payment(date(2024, 3, 10), "200")]
ACTUAL_RULES = lc.ServicingRules(interest_basis="actual-balance")
PARTS = ("principal", "interest", "fee", "penalty_interest", "compound_interest", "late_fee")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["quote", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    status, out, err = _run(capsys, *argv, "--format", "json")
    assert (status, err) == (0, "")
    data: dict[str, object] = json.loads(out)
    return data


def _sum_of_parts(parts: dict[str, str]) -> Decimal:
    return sum((Decimal(parts[name]) for name in PARTS), Decimal(0)) - Decimal(parts["credit"])


def test_actual_balance_quote_worked_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, *DAILY, *ACTUAL, *PAID, "--on", "2024-04-05")
    # Principal after the payments: 1,000 - 269.00 (02-01) - 172.22 (03-10) = 558.78.
    # Interest owed on 04-05: period (03-01, 04-01]: 731 x 0.1 % x 9 = 6.579 plus
    # 558.78 x 0.1 % x 22 = 12.29316, total 18.87216 -> 18.87, of which 6.58 was paid
    # on 03-10: 12.29; period (04-01, 04-05]: 558.78 x 0.1 % x 4 = 2.23512 -> 2.24.
    # 12.29 + 2.24 = 14.53; 558.78 + 14.53 = 573.31.
    assert data["amount"] == "573.31"
    assert data["interest_basis"] == "actual-balance"
    assert (data["on"], data["as_of"]) == ("2024-04-05", "2024-04-05")
    parts = data["parts"]
    assert isinstance(parts, dict)
    assert (parts["principal"], parts["interest"], parts["fee"]) == ("558.78", "14.53", "0.00")
    assert (parts["penalty_interest"], parts["late_fee"], parts["credit"]) == (
        "0.00",
        "0.00",
        "0.00",
    )
    assert _sum_of_parts(parts) == Decimal("573.31")


def test_the_quote_is_the_library_figure_and_paying_it_leaves_zero(
    capsys: pytest.CaptureFixture[str],
) -> None:
    on = date(2024, 4, 5)
    data = _json(capsys, *DAILY, *ACTUAL, *PAID, "--as-of", "2024-03-20", "--on", on.isoformat())
    schedule = lc.amortize(DAILY_TERMS)
    state = lc.assess(schedule, PAYMENTS, date(2024, 3, 20), ACTUAL_RULES)
    amount = Decimal(str(data["amount"]))
    assert amount == state.payoff_amount(on)
    settled = lc.assess(schedule, [*PAYMENTS, lc.Payment(on, amount)], on, ACTUAL_RULES)
    assert settled.total_outstanding == 0
    assert settled.credit == 0
    assert settled.status == "paid-off"


def test_scheduled_basis_quote_worked_by_hand(capsys: pytest.CaptureFixture[str]) -> None:
    # 1,200 at 12 %, 3 monthly instalments from 2024-01-31; instalment 1 (408.03: 396.03
    # principal, 12.00 interest) paid on its due date 2024-02-29. On 2024-03-10: the
    # principal left 803.97, and the current period's interest from 02-29 for 10 days:
    # 803.97 x 12 % x 10/360 = 2.6799 -> 2.68. 803.97 + 2.68 = 806.65.
    loan = ["--principal", "1200", "--rate", "12%", "--term", "3", "--start", "2024-01-31",
            "--payment", "2024-02-29:408.03"]  # fmt: skip
    data = _json(capsys, *loan, "--on", "2024-03-10")
    assert data["amount"] == "806.65"
    assert data["interest_basis"] == "scheduled"
    parts = data["parts"]
    assert isinstance(parts, dict)
    assert (parts["principal"], parts["interest"], parts["fee"]) == ("803.97", "2.68", "0.00")
    terms = lc.LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31))
    state = lc.assess(
        lc.amortize(terms), [lc.Payment(date(2024, 2, 29), "408.03")], date(2024, 3, 10)
    )
    assert Decimal("806.65") == state.payoff_amount(date(2024, 3, 10))


def test_scheduled_basis_quote_with_penalty_and_compound(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # docs/rules.md, 'Servicing conventions' (the assess example of docs/cli.md): penalty
    # 7.00 and compound 1.25 on 2024-03-25; the payoff that day is 11,305.02.
    data = _json(
        capsys, "--principal", "12000", "--rate", "18%", "--term", "12",
        "--start", "2024-01-15", "--payment", "2024-02-15:1100.16", "--grace-days", "3",
        "--penalty-multiplier", "1.5", "--compound", "--on", "2024-03-25",
    )  # fmt: skip
    assert data["amount"] == "11305.02"
    parts = data["parts"]
    assert isinstance(parts, dict)
    assert (parts["penalty_interest"], parts["compound_interest"]) == ("7.00", "1.25")
    assert _sum_of_parts(parts) == Decimal("11305.02")


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, *DAILY, *ACTUAL, *PAID, "--on", "2024-04-05")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == (
        "Settlement on 2024-04-05: 573.31 (actual-balance basis; payments up to 2024-04-05)"
    )
    assert "Principal          558.78" in lines
    assert "Interest            14.53" in lines
    assert "Total              573.31" in lines
    assert lines[-1] == "Paying 573.31 on 2024-04-05 closes the loan (no other payment assumed)."


def test_conditional_interest_free_days(capsys: pytest.CaptureFixture[str]) -> None:
    # uk-hcstc: 0.8 % a day, no interest if repaid in full within 3 days of the advance.
    loan = ["--product", "uk-hcstc", "--principal", "300", "--term", "3",
            "--start", "2024-01-01"]  # fmt: skip
    for on in ("2024-01-02", "2024-01-04"):  # within the 3 days (01-04 is the last)
        assert _json(capsys, *loan, "--on", on)["amount"] == "300.00"
    # on 01-05 the 4 days are charged: 300 x 0.8 % x 4 = 9.60
    data = _json(capsys, *loan, "--on", "2024-01-05")
    assert data["amount"] == "309.60"
    parts = data["parts"]
    assert isinstance(parts, dict)
    assert parts["interest"] == "9.60"
    product = get_product("uk-hcstc")
    schedule = lc.amortize(product.terms(principal=300, term=3, start=date(2024, 1, 1)))
    rules = product.servicing
    for on, amount in ((date(2024, 1, 4), "300.00"), (date(2024, 1, 5), "309.60")):
        settled = lc.assess(schedule, [lc.Payment(on, amount)], on, rules)
        assert settled.total_outstanding == 0
        assert settled.credit == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            [*PAID, "--on", "2024-03-01"],
            "--on: got '2024-03-01'; accepted: a date on or after the last payment (2024-03-10)",
        ),
        (
            [*PAID, "--as-of", "2024-03-20", "--on", "2024-03-15"],
            "--on: got '2024-03-15'; accepted: a date on or after --as-of (2024-03-20)",
        ),
        (
            [*PAID, "--as-of", "2024-03-01", "--on", "2024-03-15"],
            "--as-of: got '2024-03-01'; accepted: a date on or after the last payment "
            "(2024-03-10), or none (default: --on)",
        ),
        (["--on", "2024-02-30"], "--on: got '2024-02-30'; accepted: a date as YYYY-MM-DD"),
        (
            ["--on", "2023-12-31"],
            "--on: got '2023-12-31'; accepted: a date on or after the loan's start (2024-01-01)",
        ),
        (
            ["--as-of", "2023-12-31", "--on", "2024-01-05"],
            "--as-of: got '2023-12-31'; accepted: a date on or after the loan's start",
        ),
    ],
)
def test_a_bad_date_is_refused(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    for basis in ([], ACTUAL):
        status, out, err = _run(capsys, *DAILY, *basis, *argv)
        assert status == 2
        assert out == ""
        assert err.startswith("loancalc: error: ")
        assert message in err
        assert err.count("\n") == 1


def test_on_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, *DAILY)
    assert status == 2
    assert "--on" in err


@settings(max_examples=25)
@given(
    days=st.lists(st.integers(min_value=1, max_value=120), max_size=4),
    amounts=st.lists(st.integers(min_value=1, max_value=60000), min_size=4, max_size=4),
    wait=st.integers(min_value=0, max_value=60),
    credit=st.booleans(),
)
def test_the_quote_always_settles_the_loan(
    days: list[int], amounts: list[int], wait: int, credit: bool
) -> None:
    """Property: for any payments, the command's figure is ``payoff_amount(on)``, its
    parts add up to it, and paying it on ``on`` leaves nothing owed and no credit (with
    overpayments held as credit: nothing owed net of the credit on that day)."""
    start = date(2024, 1, 1)
    payments = [
        lc.Payment(start + timedelta(days=d), Decimal(a) / 100)
        for d, a in zip(sorted(days), amounts, strict=False)
    ]
    on = max([start, *(p.date for p in payments)]) + timedelta(days=wait)
    overpayment = "credit" if credit else "reduce-principal"
    argv = [*DAILY, *ACTUAL, "--overpayment", overpayment, "--on", on.isoformat()]
    argv += [f"--payment={p.date.isoformat()}:{p.amount}" for p in payments]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["quote", *argv, "--format", "json"]) == 0
    data = json.loads(out.getvalue())
    amount = Decimal(data["amount"])
    rules = ACTUAL_RULES.replace(overpayment=overpayment)
    schedule = lc.amortize(DAILY_TERMS)
    state = lc.assess(schedule, payments, on, rules)
    assert amount == state.payoff_amount(on)
    assert _sum_of_parts(data["parts"]) == amount
    if amount > 0:
        settled = lc.assess(schedule, [*payments, lc.Payment(on, amount)], on, rules)
        assert settled.total_outstanding - settled.credit == 0
        if not credit:
            assert settled.total_outstanding == 0
            assert settled.credit == 0
    else:  # overpaid: the credit is the refund due
        assert state.payoff_amount(on) == -lc.assess(schedule, payments, on, rules).credit
