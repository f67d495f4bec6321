"""``loancalc products`` and ``--product NAME`` on the loan commands."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import loancalc as lc
from loancalc import Schedule
from loancalc.cli import main
from loancalc.products import ProductRules

CARD = ["--principal", "12000", "--term", "12", "--start", "2024-01-15"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def schedule(capsys: pytest.CaptureFixture[str], *argv: str) -> Schedule:
    status, out, err = run(capsys, "schedule", *argv, "--format", "json")
    assert (status, err) == (0, "")
    return Schedule.from_json(out)


def test_products_lists_every_product_with_its_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "products")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == lc.products.names()
    for line in lines:
        name = line.split()[0]
        assert line.endswith(lc.products.get(name).description)
    assert run(capsys, "products", "list")[1] == out


def test_products_show_prints_the_rules_as_toml(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "products", "show", "cn-card-instalment")
    assert (status, err) == (0, "")
    assert ProductRules.from_toml(out) == lc.products.get("cn-card-instalment")


def test_products_show_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "products", "show", "us-fixed-mortgage", "--format", "json")
    assert status == 0
    assert ProductRules.from_dict(json.loads(out)) == lc.products.get("us-fixed-mortgage")


def test_products_show_an_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "products", "show", "nope")
    assert (status, out) == (2, "")
    assert err.startswith("loancalc: error: product: got 'nope'; accepted: one of cn-bank")
    assert len(err.splitlines()) == 1


def test_schedule_with_a_product_takes_its_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    rows = schedule(capsys, "--product", "cn-card-instalment", *CARD).installments
    # flat: 12,000 / 12 = 1,000.00 principal + 0.6 % x 12,000 = 72.00 fee each month
    assert {(row.principal, row.interest, row.fee) for row in rows} == {
        (Decimal("1000.00"), Decimal("0.00"), Decimal("72.00"))
    }


def test_explicit_options_override_the_product(capsys: pytest.CaptureFixture[str]) -> None:
    rows = schedule(
        capsys, "--product", "cn-card-instalment", *CARD, "--period-fee-rate", "0.75%",
        "--term", "6", "--rounding-increment", "1",
    ).installments  # fmt: skip
    # 12,000 / 6 = 2,000 principal + 0.75 % x 12,000 = 90 fee, to whole units
    assert len(rows) == 6
    assert {(row.principal, row.fee) for row in rows} == {(Decimal("2000"), Decimal("90"))}


def test_product_default_rate_and_method_override(capsys: pytest.CaptureFixture[str]) -> None:
    rows = schedule(
        capsys, "--product", "cn-daily-rate-credit-line", "--principal", "10000",
        "--term", "3", "--start", "2024-01-15", "--method", "equal-principal",
    ).installments  # fmt: skip
    # 0.04 %/day x 31 days x 10,000 = 124.00; principal 10,000 / 3 = 3,333.33
    assert (rows[0].principal, rows[0].interest) == (Decimal("3333.33"), Decimal("124.00"))
    # a daily quote is read by the product's year: 0.05 %/day x 31 x 10,000 = 155.00
    rows = schedule(
        capsys, "--product", "cn-daily-rate-credit-line", "--principal", "10000",
        "--term", "3", "--start", "2024-01-15", "--rate", "0.05%/day",
    ).installments  # fmt: skip
    assert rows[0].interest == Decimal("155.00")


def test_product_rate_range_is_enforced(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, "schedule", "--product", "cn-consumer-finance-instalment", *CARD, "--rate", "30%"
    )
    assert (status, out) == (2, "")
    assert err.startswith("loancalc: error: --rate: got '30%'")
    assert "cn-consumer-finance-instalment" in err


def test_unknown_product_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "schedule", "--product", "payday", *CARD)
    assert status == 2
    assert err.startswith("loancalc: error: --product: got 'payday'; accepted: one of")


def test_rate_is_required_without_a_product_rate(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "schedule", *CARD)
    assert status == 2
    assert "--rate" in err
    assert "required unless --product" in err
    status, _, err = run(capsys, "schedule", "--product", "us-fixed-mortgage", *CARD)
    assert status == 2
    assert "no default rate" in err


def test_without_a_product_defaults_are_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    rows = schedule(capsys, *CARD, "--rate", "18%").installments
    # 12,000 at 18 %: 1,100.16 a month (docs/rules.md, 'Servicing conventions')
    assert rows[0].payment == Decimal("1100.16")
