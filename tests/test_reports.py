"""HTML and text reports (loancalc.reports), read back without a browser.

The pages are parsed with :mod:`html.parser`: the figures they show are checked against
hand-worked examples and, as properties over every built-in product and both interest
bases, against the engine's own figures (the browser test checks the same in Chromium).
"""

from __future__ import annotations

import contextlib
import html.parser
import io
from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
import loancalc.cli.assess_command  # these imports register the commands
import loancalc.cli.check_agreement_command
import loancalc.cli.project_command
import loancalc.cli.quote_command
import loancalc.cli.schedule_command
from loancalc.cli import main
from loancalc.export import display_text
from loancalc.projection import project
from loancalc.reports import (
    Report,
    build_report,
    render_html,
    render_text,
    settlement_quote,
)
from loancalc.reports.html import html_page
from loancalc.reports.model import Chart, Fact, Table
from loancalc.restructuring.agreement import Agreement, check_agreement
from loancalc.servicing import CostCaps

BASES = ("scheduled", "actual-balance")
README_PRODUCT = "cn-consumer-finance-instalment"


class Page(html.parser.HTMLParser):
    """What a report page shows: its title, the facts by key, the tables by key (rows of
    cell texts, the totals row apart), the SVG elements, and every URL-bearing attribute."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.facts: dict[str, str] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self.totals: dict[str, list[str]] = {}
        self.svg_tags: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self._stack: list[str] = []
        self._fact: str | None = None
        self._table: str | None = None
        self._section: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self._stack.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "srcset") and value:
                self.links.append(value)
            if name == "style" and value and "url(" in value:
                self.links.append(value)
        if tag == "dd":
            self._fact = found.get("data-key")
            self.facts[self._fact or ""] = ""
        elif tag == "section" and found.get("data-key"):
            self._table = found["data-key"]
            self.tables[self._table or ""] = []
        elif tag in ("tbody", "tfoot"):
            self._section = tag
        elif tag == "tr" and self._section is not None:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []
        if "svg" in self._stack:
            self.svg_tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()
        if tag == "dd":
            self._fact = None
        elif tag == "td" and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            if self._section == "tfoot":
                self.totals[self._table] = self._row
            else:
                self.tables[self._table].append(self._row)
            self._row = None
        elif tag in ("tbody", "tfoot"):
            self._section = None
        elif tag == "section":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "title" and "svg" not in self._stack:
            self.title += data
        if self._fact is not None:
            self.facts[self._fact] += data
        if self._cell is not None:
            self._cell.append(data)
        if self._stack and self._stack[-1] not in ("style", "script"):
            self.text.append(data)


def amount(text: str) -> Decimal:
    """An amount as a report shows it (``1,100.16``) as a Decimal."""
    return Decimal(text.replace(",", ""))


def readme_state(as_of: date = date(2024, 3, 25)) -> lc.LoanState:
    """The README's late loan: 12,000 at 18 % over 12 months from 2024-01-15, instalment 1
    paid on time, instalment 2 (due 2024-03-15) unpaid."""
    rules = lc.products.get(README_PRODUCT)
    loan = lc.amortize(
        rules.terms(principal="12000", annual_rate="18%", term=12, start=date(2024, 1, 15))
    )
    return lc.assess(loan, [lc.Payment(date(2024, 2, 15), "1100.16")], as_of, rules)


def servicing_on(product: lc.products.ProductRules, basis: str) -> lc.ServicingRules:
    rules = product.servicing
    if basis == "scheduled":
        return rules.replace(
            interest_basis="scheduled", caps=CostCaps(), interest_free=None, promotions=()
        )
    return rules.replace(interest_basis="actual-balance")


@st.composite
def loans(draw: st.DrawFn) -> lc.LoanState:
    """A built-in product's loan on either basis: some instalments paid on time, then
    none, assessed up to 70 days after the next due date."""
    product = lc.products.get(draw(st.sampled_from(lc.products.names())))
    basis = draw(st.sampled_from(BASES))
    rate = product.annual_rate if product.annual_rate is not None else Decimal("0.065")
    term = draw(st.integers(2, 8))
    terms = product.terms(
        principal=draw(st.integers(1000, 200_000)),
        term=term,
        start=date(2024, draw(st.integers(1, 12)), draw(st.integers(1, 28))),
        annual_rate=min(rate, product.max_rate),
    )
    schedule = lc.amortize(terms)
    count = draw(st.integers(0, term - 1))
    paid = [lc.Payment(row.due_date, row.payment) for row in schedule.installments[:count]]
    as_of = schedule.installments[count].due_date + timedelta(days=draw(st.integers(-20, 70)))
    as_of = max(as_of, schedule.terms.start, paid[-1].date if paid else as_of)
    return lc.assess(schedule, paid, as_of, servicing_on(product, basis))


# --------------------------------------------------------------------------------------
# Hand-worked examples
# --------------------------------------------------------------------------------------


def test_schedule_page_worked_by_hand() -> None:
    # 1,200 at 12 % over 3 months from 2024-01-31: interest 1,200 x 1 % = 12.00,
    # 803.97 x 1 % = 8.04, 403.98 x 1 % = 4.04 (24.08 in all); payments 408.03, 408.03
    # and 408.02 (the last absorbs the residue): 1,224.08 repaid.
    schedule = lc.amortize(
        lc.LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31))
    )
    page = Page(render_html(schedule))
    assert page.title == "Repayment schedule"
    assert page.facts["total_interest"] == "24.08"
    assert page.facts["total_payment"] == "1,224.08"
    rows = page.tables["installments"]
    assert [row[7] for row in rows] == ["408.03", "408.03", "408.02"]
    assert [row[6] for row in rows] == ["0.00", "0.00", "0.00"]
    assert page.totals["installments"][5] == "24.08"
    assert "polyline" in page.svg_tags
    assert "polygon" in page.svg_tags
    zh = Page(render_html(schedule, "zh"))
    assert zh.title == "还款计划"
    assert zh.facts["method"] == "等额本息"


def test_readme_late_loan_assessment_page_worked_by_hand() -> None:
    # Instalment 2 (933.96 principal + 166.20 interest, due 2024-03-15) unpaid; grace 3
    # days, missed, so penalty runs back to the due date: on 2024-03-25, 10 days past
    # due, penalty 933.96 x 27 % / 360 x 10 = 7.0047 -> 7.00, compound interest
    # 166.20 x 27 % / 360 x 10 = 1.2465 -> 1.25; due now 1,100.16 + 7.00 + 1.25 = 1,108.41.
    state = readme_state()
    for lang in ("en", "zh"):
        page = Page(render_html(state, lang))
        assert page.facts["days_past_due"] == "10"
        assert page.facts["bucket"] == "M1"
        assert page.facts["overdue_principal"] == "933.96"
        assert page.facts["amount_due"] == "1,108.41"
        assert amount(page.facts["total_outstanding"]) == state.total_outstanding
        due_now = {row[0]: row[1] for row in page.tables["due_now"]}
        assert list(due_now.values()) == ["933.96", "166.20", "0.00", "7.00", "1.25", "0.00"]
        assert page.totals["due_now"][1] == "1,108.41"
    zh = Page(render_html(state, "zh"))
    assert zh.title == "2024-03-25 贷款评估"
    assert zh.facts["classification"] == "关注"
    assert zh.facts["reportable"] == "是"
    assert {"罚息", "复利", "滞纳金", "本金"} <= {row[0] for row in zh.tables["due_now"]}


def test_readme_late_loan_quote_worked_by_hand() -> None:
    # Settling on 2024-03-25: principal 12,000 - 920.16 (instalment 1: 1,100.16 - 180.00
    # interest) = 11,079.84; interest 166.20 (instalment 2) + 10,145.88 x 18 % / 360 x 10
    # (2024-03-15 to 03-25) = 50.7294 -> 50.73: 216.93; penalty 7.00, compound 1.25:
    # 11,079.84 + 216.93 + 7.00 + 1.25 = 11,305.02.
    quote = settlement_quote(readme_state(), date(2024, 3, 25))
    page = Page(render_html(quote, "zh"))
    assert page.facts["amount"] == "11,305.02"
    parts = [row[1] for row in page.tables["parts"]]
    assert parts == ["11,079.84", "216.93", "0.00", "7.00", "1.25", "0.00", "0.00"]
    assert page.totals["parts"][1] == "11,305.02"
    assert "提前结清金额" in "".join(page.text)


def test_readme_late_loan_projection_page() -> None:
    # On 2024-04-15 instalment 3 falls due and the loan, 31 days past due (16 days of
    # March, 15 of April), moves from M1 to M2.
    ahead = project(readme_state(), date(2024, 4, 15))
    page = Page(render_html(ahead, "zh"))
    rows = page.tables["milestones"]
    assert [row[0] for row in rows] == ["2024-04-15", "2024-04-15"]
    assert rows[1][7] == "逾期阶段 M1 -> M2（逾期 31 天）"
    assert [row[6] for row in rows] == ["11,423.80", "11,423.80"]
    assert page.facts["until"] == "2024-04-15"


def test_agreement_page() -> None:
    # A plan of 2 x 500.00 due 2024-02-01 and 2024-03-01, nothing paid, breached when 30
    # days past due: on 2024-03-02 (row 1 is then 30 days past due); the whole 1,000.00 is
    # accelerated.
    s = lc.amortize(lc.LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    deal = Agreement(date=date(2024, 1, 1), kind="extend", schedule=s,
                     breach_days_past_due=30, accelerate_on_breach=True)  # fmt: skip
    status = check_agreement(deal, [], date(2024, 3, 10))
    en = Page(render_html(status))
    assert en.facts["breached"] == "yes"
    assert en.facts["breach_date"] == "2024-03-02"
    assert en.facts["breach"] == "30 days past due; missed: row 1, due 2024-02-01, 500.00"
    assert en.facts["accelerated"] == "1,000.00"
    zh = Page(render_html(status, "zh"))
    assert zh.facts["breached"] == "是"
    assert zh.facts["condition"] == "任何一期逾期不满 30 天，即视为履约"
    assert [row[1] for row in zh.tables["plan"]] == ["2024-02-01", "2024-03-01"]


# --------------------------------------------------------------------------------------
# The page itself: self-contained, escaped, printable
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_is_self_contained_and_printable(lang: str) -> None:
    state = readme_state()
    s = lc.amortize(lc.LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    deal = Agreement(date=date(2024, 1, 1), kind="extend", schedule=s, breach_days_past_due=30)
    results = [
        state.schedule,
        state,
        settlement_quote(state, date(2024, 4, 1)),
        check_agreement(deal, [], date(2024, 3, 10)),
        project(state, date(2024, 6, 1)),
    ]
    for result in results:
        text = render_html(result, lang)
        page = Page(text)
        assert page.links == []
        assert "http:" not in text
        assert "https:" not in text
        assert "//" not in text
        assert "<script" not in text
        assert "@import" not in text
        assert "@media print" in text
        assert "svg" in page.svg_tags
        assert text.count("<html") == 1


def test_text_from_outside_is_escaped() -> None:
    report = Report(
        kind="schedule", lang="en", title="<script>alert(1)</script>",
        facts=(Fact(key="x", label="A & B", value='"><img src=x>'),),
        tables=(Table(key="t", caption="c", header=("<b>",), rows=(("</td>",),)),),
    )  # fmt: skip
    text = html_page(report)
    assert "<script>alert" not in text
    assert "<img" not in text
    assert "<b>" not in text
    page = Page(text)
    assert page.title == "<script>alert(1)</script>"
    assert page.facts["x"] == '"><img src=x>'
    assert page.links == []


def test_a_chart_with_one_point_or_none() -> None:
    one = Report(kind="quote", lang="en", title="t",
                 chart=Chart(title="c", points=((date(2024, 1, 1), Decimal("5.00")),)))  # fmt: skip
    assert "polyline" in Page(html_page(one)).svg_tags
    none = attrs.evolve(one, chart=Chart(title="c", points=()))
    assert Page(html_page(none)).svg_tags == []


def test_bad_input_is_refused() -> None:
    with pytest.raises(lc.LoanCalcError, match="lang: got 'fr'; accepted: one of en, zh"):
        render_html(readme_state(), "fr")
    with pytest.raises(lc.LoanCalcError, match="result: got 42"):
        render_text(42)
    with pytest.raises(lc.LoanCalcError, match="claimed= is for assessments"):
        build_report(readme_state().schedule, claimed=Decimal(1))


# --------------------------------------------------------------------------------------
# Properties: the page shows the engine's figures, on every product and both bases
# --------------------------------------------------------------------------------------


@settings(max_examples=30)
@given(state=loans(), lang=st.sampled_from(["en", "zh"]))
def test_the_assessment_page_shows_the_engine_figures(state: lc.LoanState, lang: str) -> None:
    page = Page(render_html(state, lang))
    assert amount(page.facts["total_outstanding"]) == state.total_outstanding
    assert amount(page.facts["amount_due"]) == state.amount_due
    assert amount(page.facts["payoff_amount"]) == state.payoff_amount()
    assert page.facts["days_past_due"] == str(state.days_past_due)
    assert page.facts["bucket"] == state.bucket
    rows = page.tables["installments"]
    assert len(rows) == len(state.installments)
    if state.rules.interest_basis.value == "scheduled":  # (else the balance is the loan's)
        assert sum(amount(row[4]) for row in rows) == state.outstanding.principal
    assert [row[1] for row in rows] == [i.due_date.isoformat() for i in state.installments]


@settings(max_examples=30)
@given(state=loans(), wait=st.integers(0, 40), lang=st.sampled_from(["en", "zh"]))
def test_the_quote_page_figure_settles_the_loan(state: lc.LoanState, wait: int, lang: str) -> None:
    """The figure the quote page shows, with parts adding up to it, is what closes the
    loan: paying it on the settlement date leaves nothing owed (net of credit)."""
    on = state.as_of + timedelta(days=wait)
    page = Page(render_html(settlement_quote(state, on), lang))
    figure = amount(page.facts["amount"])
    assert figure == state.payoff_amount(on)
    assert sum(amount(row[1]) for row in page.tables["parts"]) == figure
    if figure > 0:
        paid = [*state.payments, lc.Payment(on, figure)]
        after = lc.assess(state.schedule, paid, on, state.rules, waivers=state.waivers)
        assert after.total_outstanding - after.credit == 0


@settings(max_examples=20)
@given(state=loans(), days=st.integers(0, 120))
def test_the_projection_page_shows_every_milestone(state: lc.LoanState, days: int) -> None:
    ahead = project(state, state.as_of + timedelta(days=days))
    for lang in ("en", "zh"):
        page = Page(render_html(ahead, lang))
        rows = page.tables["milestones"]
        assert [row[0] for row in rows] == [m.date.isoformat() for m in ahead.milestones]
        assert [row[6] for row in rows] == [display_text(m.debt) for m in ahead.milestones]
        assert [row[4] for row in rows] == [m.bucket for m in ahead.milestones]
        if lang == "en":
            assert [row[7] for row in rows] == [m.description for m in ahead.milestones]


# --------------------------------------------------------------------------------------
# The command line: --format html
# --------------------------------------------------------------------------------------

README_LOAN = [
    "--product",
    README_PRODUCT,
    "--principal",
    "12000",
    "--rate",
    "18%",
    "--term",
    "12",
    "--start",
    "2024-01-15",
    "--payment",
    "2024-02-15:1100.16",
]


def run(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0
    return out.getvalue()


def test_every_command_writes_an_html_page() -> None:
    state = readme_state()
    schedule = Page(run(["schedule", *README_LOAN[:-2], "--format", "html"]))
    assert schedule.title == "Repayment schedule"
    assert [row[7] for row in schedule.tables["installments"]] == [
        display_text(i.payment) for i in state.schedule.installments
    ]
    assess = Page(
        run(
            [
                "assess",
                *README_LOAN,
                "--as-of",
                "2024-03-25",
                "--claimed",
                "1200",
                "--format",
                "html",
            ]
        )
    )
    assert amount(assess.facts["total_outstanding"]) == state.total_outstanding
    assert assess.facts["claimed_difference"] == "91.59"  # 1,200 - 1,108.41
    quote = Page(run(["quote", *README_LOAN, "--on", "2024-03-25", "--format", "html"]))
    assert quote.facts["amount"] == "11,305.02"
    project_page = Page(
        run(
            [
                "project",
                *README_LOAN,
                "--as-of",
                "2024-03-25",
                "--until",
                "2024-04-15",
                "--format",
                "html",
            ]
        )
    )
    assert [row[1] for row in project_page.tables["milestones"]] == ["falls due", "bucket"]
    check = Page(
        run(
            [
                "check-agreement",
                "--principal",
                "1000",
                "--rate",
                "0",
                "--term",
                "2",
                "--start",
                "2024-01-01",
                "--as-of",
                "2024-01-01",
                "--product",
                "cn-card-instalment",
                "--check-as-of",
                "2024-09-01",
                "--format",
                "html",
            ]
        )
    )
    assert check.facts["breached"] == "yes"
    assert check.facts["days_past_due"] == "213"  # from 2024-02-01: 29+31+30+31+30+31+31
    for page in (schedule, assess, quote, project_page, check):
        assert page.links == []
        assert "svg" in page.svg_tags


def test_the_english_text_output_is_unchanged_by_lang_en() -> None:
    argv = ["assess", *README_LOAN, "--as-of", "2024-03-25"]
    assert run([*argv, "--lang", "en"]) == run(argv)
    assert run([*argv, "--lang", "en"]).startswith(str(readme_state()))
