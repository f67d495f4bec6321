"""Reports a borrower can read and keep: HTML pages and text, in English or Chinese.

:func:`render_html` turns a result of loancalc into one self-contained HTML page
(inline style sheet with print rules, an inline SVG chart drawn from the figures, no
script, nothing loaded from the network), rendered from the Jinja2 templates of this
package; :func:`render_text` gives the same report as text for a terminal, its tables
aligned by display width. Both take ``lang``: ``"en"`` (the default) or ``"zh"``
(Chinese, in the terms of Chinese consumer finance: 逾期天数, 罚息, 复利, 滞纳金,
提前结清金额, 征信 ...). :func:`build_report` gives the
:class:`~loancalc.reports.model.Report` both lay out.

A result is one of: a :class:`~loancalc.Schedule`, a :class:`~loancalc.LoanState`
(``claimed=`` an amount a lender says is owed), a :class:`SettlementQuote`
(:func:`settlement_quote`), an :class:`~loancalc.restructuring.AgreementStatus` (from
``lc.check_agreement``) or a :class:`~loancalc.projection.Projection`.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize, assess
>>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> page = render_html(assess(s, [], date(2024, 2, 5)), lang="zh")
>>> '<dd data-key="days_past_due">4</dd>' in page, "逾期天数" in page, "<svg" in page
(True, True, True)
>>> print(render_text(s).splitlines()[0])
Repayment schedule
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from loancalc.audit import Audit
from loancalc.errors import InvalidTypeError
from loancalc.locale import check_language
from loancalc.projection import Projection
from loancalc.reports.agreement_report import agreement_report
from loancalc.reports.assessment_report import assessment_report
from loancalc.reports.audit_report import audit_report
from loancalc.reports.model import Chart, Fact, Report, Table
from loancalc.reports.projection_report import projection_report
from loancalc.reports.quote import SettlementQuote, quote_report, settlement_quote
from loancalc.reports.schedule_report import schedule_report
from loancalc.reports.text import text_report
from loancalc.restructuring.agreement import AgreementStatus
from loancalc.schedule import Schedule
from loancalc.servicing import LoanState

__all__ = [
    "Chart",
    "Fact",
    "Report",
    "SettlementQuote",
    "Table",
    "build_report",
    "render_html",
    "render_text",
    "settlement_quote",
]

#: The report builder of each kind of result: ``builder(result, lang) -> Report``. A new
#: kind of result (an audit, say) is one builder module and one line here, plus its
#: template in ``templates/`` named in :data:`loancalc.reports.html.TEMPLATES`.
_BUILDERS: dict[type, Callable[[Any, str], Report]] = {
    Schedule: schedule_report,
    LoanState: assessment_report,
    SettlementQuote: quote_report,
    AgreementStatus: agreement_report,
    Projection: projection_report,
    Audit: audit_report,
}


def build_report(result: object, lang: str = "en", *, claimed: Decimal | None = None) -> Report:
    """The :class:`Report` of ``result`` in ``lang`` (``"en"`` or ``"zh"``); ``claimed``
    (an assessment only): an amount the lender says is owed now.

    Raises :class:`~loancalc.errors.InvalidTypeError` for a result of another type and
    :class:`~loancalc.errors.InvalidValueError` for another language.

    >>> build_report("a loan")
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: result: got 'a loan'; accepted: a Schedule, LoanState, ...
    """
    lang = check_language(lang)
    if isinstance(result, Report):
        return result
    if claimed is not None:
        if not isinstance(result, LoanState):
            raise InvalidTypeError("result", result, "a LoanState (claimed= is for assessments)")
        return assessment_report(result, lang, claimed=claimed)
    builder = _BUILDERS.get(type(result))
    if builder is None:
        raise InvalidTypeError(
            "result",
            result,
            "a Schedule, LoanState, SettlementQuote, AgreementStatus or Projection",
        )
    return builder(result, lang)


def render_html(result: object, lang: str = "en", *, claimed: Decimal | None = None) -> str:
    """``result`` (see :func:`build_report`) as one self-contained HTML page in ``lang``.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
    ...                        start=date(2024, 1, 31)))
    >>> page = render_html(s, lang="zh")
    >>> "<title>还款计划</title>" in page, "http" in page, "<script" in page
    (True, False, False)
    """
    from loancalc.reports.html import html_page  # Jinja2 loads only when a page is asked for

    return html_page(build_report(result, lang, claimed=claimed))


def render_text(result: object, lang: str = "en", *, claimed: Decimal | None = None) -> str:
    """``result`` (see :func:`build_report`) as text in ``lang``.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> print(render_text(assess(s, [], date(2024, 2, 5)), "zh").splitlines()[2])
    评估日期：2024-02-05
    """
    return text_report(build_report(result, lang, claimed=claimed))
