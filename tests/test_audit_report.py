"""The audit as a report: HTML and text, English and Chinese, figures equal to the audit."""

from __future__ import annotations

import contextlib
import io
import re
from datetime import date

import pytest

import loancalc as lc
from loancalc import reports
from loancalc.cli import main

SEED = ["--product", "cn-consumer-finance-instalment", "--principal", "12000", "--rate",
        "18%", "--term", "12", "--start", "2024-01-15", "--payment", "2024-02-15:1100.16",
        "--as-of", "2024-03-25"]  # fmt: skip


def _seed_audit() -> lc.Audit:
    rules = lc.products.get("cn-consumer-finance-instalment")
    loan = lc.amortize(rules.terms(principal="12000", annual_rate="18%", term=12,
                                   start=date(2024, 1, 15)))  # fmt: skip
    paid = [lc.Payment(date(2024, 2, 15), "1100.16")]
    return lc.audit(lc.assess(loan, paid, date(2024, 3, 25), rules))


def _facts(page: str) -> dict[str, str]:
    return dict(re.findall(r'<dd data-key="([a-z_]+)">([^<]*)</dd>', page))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_facts_are_the_audit_figures(lang: str) -> None:
    # 933.96 x 24 % x 10 / 360 = 6.23 lawful; 7.00 + 1.25 charged: 2.02 above the cap
    result = _seed_audit()
    facts = _facts(reports.render_html(result, lang))
    assert facts["contract_balance"] == "12,110.04"
    assert facts["excess"] == "2.02"
    assert facts["lawful_balance"] == "12,108.02"
    assert facts["limits"] == "cn-licensed-lender"


def test_cli_html_and_chinese_text() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["audit", *SEED, "--format", "html", "--lang", "zh"]) == 0
    page = out.getvalue()
    assert "<script" not in page
    assert "罚息" in page
    assert "复利" in page
    assert "http://" not in page
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["audit", *SEED, "--lang", "zh"]) == 0
    assert "12,108.02" in out.getvalue()
    assert "罚息" in out.getvalue()


def test_english_text_is_unchanged_by_the_report_layer() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["audit", *SEED, "--lang", "en"]) == 0
    assert out.getvalue().rstrip("\n") == _seed_audit().text().rstrip("\n")
