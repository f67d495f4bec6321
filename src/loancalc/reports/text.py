"""A :class:`~loancalc.reports.model.Report` as text for a terminal.

The title, the facts (``label: value``), each table (aligned by display width, so
Chinese columns line up), a bar chart of the amounts over time and the notes.

>>> from datetime import date
>>> from decimal import Decimal
>>> from loancalc.reports.model import Chart, Fact, Report, Table
>>> print(text_report(Report(
...     kind="x", lang="zh", title="示例", facts=(Fact(key="dpd", label="逾期天数", value="4"),),
...     tables=(Table(key="t", caption="罚息", header=("日期", "金额"),
...                   rows=(("2024-03-19", "2.80"),), left=(0,)),),
...     chart=Chart(title="债务", points=((date(2024, 3, 19), Decimal("2.80")),)))))
示例
<BLANKLINE>
逾期天数：4
<BLANKLINE>
罚息
----------------
日期        金额
----------------
2024-03-19  2.80
<BLANKLINE>
债务
2024-03-19  2.80  ########################################
"""

from __future__ import annotations

import decimal

from loancalc.export import text_table
from loancalc.money import CONTEXT
from loancalc.reports.model import Chart, Report
from loancalc.reports.words import amount_text

__all__ = ["text_chart", "text_report"]


def text_chart(chart: Chart, *, width: int = 40) -> str:
    """``chart`` as bars: one line per point (date, amount, bar scaled to the largest;
    none for nothing owed), under its title; empty without points.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> print(text_chart(Chart(title="Debt", points=((date(2024, 1, 1), Decimal(100)),
    ...                                              (date(2024, 2, 1), Decimal(50)))), width=4))
    Debt
    2024-01-01  100  ####
    2024-02-01   50  ##
    """
    if not chart.points:
        return ""
    top = max(amount for _, amount in chart.points)
    texts = [amount_text(amount) for _, amount in chart.points]
    size = max(len(text) for text in texts)
    lines = [chart.title]
    with decimal.localcontext(CONTEXT):
        for (day, amount), text in zip(chart.points, texts, strict=True):
            bar = 0 if top <= 0 or amount <= 0 else round(amount * width / top)
            lines.append(f"{day.isoformat()}  {text.rjust(size)}  {'#' * bar}".rstrip())
    return "\n".join(lines)


def text_report(report: Report) -> str:
    """``report`` as text: title, facts, tables, chart and notes, a blank line between.

    >>> print(text_report(Report(kind="x", lang="en", title="Nothing", notes=("None.",))))
    Nothing
    <BLANKLINE>
    None.
    """
    colon = "：" if report.lang == "zh" else ": "
    blocks = [report.title]
    if report.facts:
        blocks.append("\n".join(f"{fact.label}{colon}{fact.value}" for fact in report.facts))
    for table in report.tables:
        blocks.append(
            text_table(
                table.header, table.rows, title=table.caption, totals=table.totals, left=table.left
            )
        )
    if report.chart is not None and report.chart.points:
        blocks.append(text_chart(report.chart))
    if report.notes:
        blocks.append("\n".join(report.notes))
    return "\n\n".join(blocks)
