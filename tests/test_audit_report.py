"""The audit as a report: HTML and text, English and Chinese, figures equal to the audit."""

from __future__ import annotations

import contextlib
import csv
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


# ---- a finding's rule: its title for people, its id (and title) for programs ---------------

TITLE_24 = ("interest, compound interest, penalty interest, late fees and other charges above "
            "24 % a year in total are cut")  # fmt: skip


def _claimed_seed() -> lc.Audit:
    rules = lc.products.get("cn-consumer-finance-instalment")
    loan = lc.amortize(rules.terms(principal="12000", annual_rate="18%", term=12,
                                   start=date(2024, 1, 15)))  # fmt: skip
    state = lc.assess(loan, [lc.Payment(date(2024, 2, 15), "1100.16")], date(2024, 3, 25), rules)
    claim = {"overdue-amount": "1200", "days-past-due": 15, "罚息": "9.00"}
    return lc.audit(state, claimed=claim)


def test_the_text_report_shows_the_rules_title_not_its_id() -> None:
    text = _claimed_seed().text()
    assert TITLE_24 in text
    assert "all-in-24" not in text
    assert "claim-overdue-amount" not in text
    assert "the overdue amount claimed" in text
    assert "the penalty-interest claimed" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_html_report_shows_the_rules_title_not_its_id(lang: str) -> None:
    page = reports.render_html(_claimed_seed(), lang)
    assert "all-in-24" not in page
    assert "claim-" not in page
    if lang == "en":
        assert TITLE_24 in page
    else:
        assert "利息、复利、罚息、滞纳金及其他" in page
        assert "贷款方声称的逾期金额" in page
        assert "贷款方声称的罚息" in page


def test_the_chinese_text_report_shows_the_rules_title() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["audit", *SEED, "--lang", "zh", "--claimed-amount", "1200"]) == 0
    text = out.getvalue()
    assert "all-in-24" not in text
    assert "claim-" not in text
    assert "利息、复利、罚息、滞纳金及其他" in text
    assert "贷款方声称的逾期金额" in text


def test_csv_and_json_keep_the_id_and_add_the_title() -> None:
    result = _claimed_seed()
    header, first, *_rest = csv.reader(io.StringIO(result.to_csv()))
    assert (header[0], header[-1]) == ("rule", "title")
    assert first[:3] == ["all-in-24", "limit", "compound-interest"]
    assert first[-1] == TITLE_24
    findings = result.to_dict()["findings"]
    assert [(f["rule"], f["title"]) for f in findings] == [
        ("all-in-24", TITLE_24),
        ("all-in-24", TITLE_24),
        ("claim-overdue-amount", "the overdue amount claimed"),
        ("claim-days-past-due", "the days past due claimed"),
        ("claim-penalty-interest", "the penalty-interest claimed"),
    ]
