"""What a report shows, in the words of one language: :class:`Report` and its parts.

A report builder (one per kind of result) turns a result into a :class:`Report`: its
title, the key facts, tables of figures, an optional chart of amounts over time and
notes, every label already translated and every figure already written as a person
reads it (``1,100.16``, ``2024-03-15``). The HTML and text renderers only lay it out.

>>> from datetime import date
>>> from decimal import Decimal
>>> report = Report(kind="example", lang="en", title="Example",
...                 facts=(Fact(key="amount_due", label="Amount due", value="1,100.16"),),
...                 chart=Chart(title="Debt", points=((date(2024, 1, 1), Decimal(5)),)))
>>> report.fact("amount_due").value, report.chart.points[0][1]
('1,100.16', Decimal('5'))
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

__all__ = ["Chart", "Fact", "Report", "Table"]


@attrs.frozen(kw_only=True)
class Fact:
    """One labelled figure of a report: ``key`` (a stable name, the same in every
    language, e.g. ``total_outstanding``), the translated ``label`` and the ``value``
    as shown.

    >>> Fact(key="bucket", label="Bucket", value="M1").label
    'Bucket'
    """

    key: str
    label: str
    value: str


@attrs.frozen(kw_only=True)
class Table:
    """A table of a report: ``key`` (stable), a translated ``caption`` and ``header``,
    the ``rows`` of cells as shown, an optional ``totals`` row, and the indexes of the
    columns of text (``left``: aligned left; the others are figures, aligned right).

    >>> Table(key="parts", caption="Parts", header=("Part", "Amount"),
    ...       rows=(("Principal", "933.96"),), left=(0,)).header
    ('Part', 'Amount')
    """

    key: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    totals: tuple[str, ...] | None = None
    left: tuple[int, ...] = ()


@attrs.frozen(kw_only=True)
class Chart:
    """An amount over time: ``points`` are ``(date, amount)`` pairs by date, the amount
    holding until the next date (a step line); ``title`` says what it is.

    >>> Chart(title="Debt", points=()).points
    ()
    """

    title: str
    points: tuple[tuple[date, Decimal], ...]


@attrs.frozen(kw_only=True)
class Report:
    """A whole report: ``kind`` (``schedule``, ``assessment``, ``quote``, ``agreement``,
    ``projection``: it picks the HTML template), ``lang`` (``en`` or ``zh``), ``title``,
    ``facts``, ``tables``, an optional ``chart`` and ``notes``.

    >>> Report(kind="quote", lang="zh", title="提前结清").tables
    ()
    """

    kind: str
    lang: str
    title: str
    facts: tuple[Fact, ...] = ()
    tables: tuple[Table, ...] = ()
    chart: Chart | None = None
    notes: tuple[str, ...] = ()

    def fact(self, key: str) -> Fact:
        """The fact named ``key``; :class:`KeyError` if the report has none.

        >>> Report(kind="x", lang="en", title="X").fact("nope")
        Traceback (most recent call last):
        KeyError: 'nope'
        """
        for fact in self.facts:
            if fact.key == key:
                return fact
        raise KeyError(key)
