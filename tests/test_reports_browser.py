"""The HTML reports in a real browser: Chromium, driven by Playwright.

Each report page is opened from a file; the test checks the title, the figures the page
shows against the engine's, that the SVG chart is drawn with a size, that the Chinese
page shows the Chinese terms, and that the page asks the network for nothing (every
request other than the page's own file is recorded and aborted).

Needs the ``browser`` extra (``pip install 'loancalc[browser]'``) and a Chromium: the
``chromium`` on the PATH, or Playwright's own (``playwright install chromium``). Without
them the tests are skipped, saying which is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import loancalc as lc
from loancalc.export import display_text
from loancalc.projection import project
from loancalc.reports import render_html, settlement_quote
from loancalc.restructuring.agreement import Agreement, check_agreement
from test_reports import readme_state

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="playwright is not installed (pip install 'loancalc[browser]')",
)


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    with sync_api.sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        except sync_api.Error as error:  # no binary on the PATH, and none installed
            pytest.skip(f"no Chromium to run (install one: playwright install chromium): {error}")
        yield launched
        launched.close()


class Opened:
    """A report page opened in the browser, with the requests it tried to make."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.requests: list[str] = []
        self.page = browser.new_page()
        own = path.as_uri()

        def route(route: Any) -> None:
            url = route.request.url
            if url == own:
                route.continue_()
            else:
                self.requests.append(url)
                route.abort()

        self.page.route("**/*", route)
        self.page.goto(own)

    def fact(self, key: str) -> str:
        return str(self.page.locator(f'dd[data-key="{key}"]').inner_text()).strip()

    def column(self, table: str, index: int) -> list[str]:
        cells = self.page.locator(f'section[data-key="{table}"] tbody tr td:nth-child({index})')
        return [str(text).strip() for text in cells.all_inner_texts()]

    def chart_size(self) -> tuple[float, float]:
        box = self.page.locator("figure.chart svg").bounding_box()
        assert box is not None
        return box["width"], box["height"]

    def line_length(self) -> float:
        return float(self.page.evaluate(
            "() => document.querySelector('figure.chart polyline').getTotalLength()"
        ))  # fmt: skip


def open_report(browser: Any, tmp_path: Path, result: object, lang: str) -> Opened:
    path = tmp_path / f"{type(result).__name__}-{lang}.html"
    path.write_text(render_html(result, lang), encoding="utf-8")
    return Opened(browser, path)


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_assessment_page_in_the_browser(browser: Any, tmp_path: Path, lang: str) -> None:
    # The README's late loan on 2024-03-25: 10 days past due; due now 1,100.16 + penalty
    # 7.00 (933.96 x 27 % / 360 x 10) + compound interest 1.25 (166.20 x 27 % / 360 x 10).
    state = readme_state()
    opened = open_report(browser, tmp_path, state, lang)
    page = opened.page
    assert page.title() == (
        "Loan assessment on 2024-03-25" if lang == "en" else "2024-03-25 贷款评估"
    )
    assert amount(opened.fact("total_outstanding")) == state.total_outstanding
    assert opened.fact("amount_due") == "1,108.41"
    assert opened.fact("days_past_due") == "10"
    assert opened.column("due_now", 2) == ["933.96", "166.20", "0.00", "7.00", "1.25", "0.00"]
    width, height = opened.chart_size()
    assert width > 100
    assert height > 50
    assert opened.line_length() > 0
    if lang == "zh":
        text = page.locator("body").inner_text()
        for term in (
            "逾期天数",
            "逾期本金",
            "罚息",
            "复利",
            "滞纳金",
            "宽限期",
            "征信",
            "五级分类",
        ):
            assert term in text
    assert opened.requests == []
    page.close()


def test_every_report_in_the_browser(browser: Any, tmp_path: Path) -> None:
    state = readme_state()
    s = lc.amortize(lc.LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    deal = Agreement(date=date(2024, 1, 1), kind="extend", schedule=s,
                     breach_days_past_due=30, accelerate_on_breach=True)  # fmt: skip
    ahead = project(state, date(2024, 6, 1))
    quote = settlement_quote(state, date(2024, 3, 25))
    status = check_agreement(deal, [], date(2024, 3, 10))
    for lang in ("en", "zh"):
        schedule = open_report(browser, tmp_path, state.schedule, lang)
        assert schedule.page.title() == ("Repayment schedule" if lang == "en" else "还款计划")
        assert schedule.column("installments", 8) == [
            display_text(i.payment) for i in state.schedule.installments
        ]
        opened_quote = open_report(browser, tmp_path, quote, lang)
        # 11,079.84 principal + 216.93 interest + 7.00 penalty + 1.25 compound interest
        assert opened_quote.fact("amount") == "11,305.02"
        assert sum(amount(t) for t in opened_quote.column("parts", 2)) == Decimal("11305.02")
        opened_status = open_report(browser, tmp_path, status, lang)
        assert opened_status.fact("breach_date") == "2024-03-02"
        assert opened_status.fact("accelerated") == "1,000.00"
        projection = open_report(browser, tmp_path, ahead, lang)
        assert projection.column("milestones", 7) == [
            display_text(m.debt) for m in ahead.milestones
        ]
        if lang == "zh":
            assert "逾期阶段 M1 -> M2（逾期 31 天）" in projection.column("milestones", 8)
            assert "提前结清金额" in opened_quote.page.locator("body").inner_text()
            assert "违约" in opened_status.page.locator("body").inner_text()
        for opened in (schedule, opened_quote, opened_status, projection):
            width, height = opened.chart_size()
            assert width > 100
            assert height > 50
            assert opened.requests == []
            opened.page.close()


def test_the_page_prints(browser: Any, tmp_path: Path) -> None:
    """Printing applies the print style sheet and gives a PDF of A4 pages."""
    opened = open_report(browser, tmp_path, project(readme_state(), date(2025, 1, 31)), "zh")
    opened.page.emulate_media(media="print")
    margin = opened.page.evaluate("() => getComputedStyle(document.body).marginTop")
    assert margin == "0px"
    pdf = opened.page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") >= 1
    assert opened.requests == []
    opened.page.close()


def test_a_page_asking_the_network_would_be_caught(browser: Any, tmp_path: Path) -> None:
    """The network check itself can fail: a page loading an image from a URL is seen."""
    path = tmp_path / "leaky.html"
    path.write_text('<!DOCTYPE html><title>x</title><img src="http://example.invalid/a.png">')
    opened = Opened(browser, path)
    opened.page.wait_for_load_state("load")
    assert opened.requests == ["http://example.invalid/a.png"]
    opened.page.close()
