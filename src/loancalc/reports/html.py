"""A :class:`~loancalc.reports.model.Report` as one self-contained HTML page.

The page is rendered from the Jinja2 templates of this package
(``templates/<kind>.html.j2``, each extending ``base.html.j2``), with autoescaping on:
every figure and word is escaped, so text from outside (a payment's reference) can
never become markup. Everything is inline: the style sheet (with print rules), the
chart (an SVG drawn from the figures); no script, no external URL. The template's own
words go through the translation of the report's language.

>>> from loancalc.reports.model import Fact, Report
>>> page = html_page(Report(kind="schedule", lang="zh", title="还款计划 <1>",
...                         facts=(Fact(key="term", label="期数", value="3"),)))
>>> page.startswith("<!DOCTYPE html>"), '<html lang="zh-CN">' in page, "还款计划 &lt;1&gt;" in page
(True, True, True)
"""

from __future__ import annotations

import functools

import jinja2

from loancalc.locale import check_language, translation
from loancalc.reports.chart import plot
from loancalc.reports.model import Report

__all__ = ["TEMPLATES", "html_page"]

#: The template of each kind of report (``base.html.j2`` lays every one out).
TEMPLATES = {
    "schedule": "schedule.html.j2",
    "assessment": "assessment.html.j2",
    "quote": "quote.html.j2",
    "agreement": "agreement.html.j2",
    "projection": "projection.html.j2",
    "audit": "audit.html.j2",
}
_HTML_LANG = {"en": "en", "zh": "zh-CN"}


@functools.cache
def _environment(lang: str) -> jinja2.Environment:
    """The template environment of ``lang``: the package's templates, autoescaping, and
    the i18n extension with that language's translation (one environment per language,
    so nothing is shared between languages)."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("loancalc.reports", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.install_gettext_translations(translation(lang), newstyle=True)  # type: ignore[attr-defined]
    return environment


def html_page(report: Report) -> str:
    """``report`` as an HTML page (text), in the report's language, from the template
    of its kind (``base.html.j2`` for a kind without one of its own).

    >>> from loancalc.reports.model import Report
    >>> "<svg" in html_page(Report(kind="other", lang="en", title="Nothing to chart"))
    False
    """
    lang = check_language(report.lang, "report.lang")
    environment = _environment(lang)
    template = environment.get_template(TEMPLATES.get(report.kind, "base.html.j2"))
    chart = None if report.chart is None or not report.chart.points else plot(report.chart)
    return template.render(report=report, chart=chart, html_lang=_HTML_LANG[lang])
