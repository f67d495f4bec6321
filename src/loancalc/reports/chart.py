"""The geometry of a report's SVG chart: an amount over time as a step line.

:func:`plot` turns a :class:`~loancalc.reports.model.Chart` into coordinates in a box of
``width`` x ``height`` units: the step line's points, the area under it, and the labels
of both axes. The template only draws them. Coordinates are screen positions, not
money: they are rounded to a tenth of a unit (the amounts shown as labels stay exact).

>>> from datetime import date
>>> from decimal import Decimal
>>> from loancalc.reports.model import Chart
>>> plot_ = plot(Chart(title="Debt", points=((date(2024, 1, 1), Decimal("100.00")),
...                                          (date(2024, 1, 11), Decimal("50.00")))))
>>> plot_.line
'80.0,20.0 620.0,20.0 620.0,110.0'
>>> [label.text for label in plot_.y_labels], [label.text for label in plot_.x_labels]
(['100.00', '0.00'], ['2024-01-01', '2024-01-11'])
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs

from loancalc.export import display_text
from loancalc.money import CONTEXT
from loancalc.reports.model import Chart

__all__ = ["Label", "Plot", "plot"]

_LEFT, _RIGHT, _TOP, _BOTTOM = 80, 20, 20, 40


@attrs.frozen(kw_only=True)
class Label:
    """A label at ``x``, ``y`` (its anchor) reading ``text``.

    >>> Label(x=1.0, y=2.0, text="0.00").text
    '0.00'
    """

    x: float
    y: float
    text: str


@attrs.frozen(kw_only=True)
class Plot:
    """A chart laid out in a ``width`` x ``height`` box: ``line`` and ``area`` (SVG
    ``points`` lists), the plotting frame (``left``, ``top``, ``right``, ``bottom``) and
    the axis labels.

    >>> Plot(width=10, height=10, line="", area="", left=0, top=0, right=10, bottom=10).line
    ''
    """

    width: int
    height: int
    line: str
    area: str
    left: int
    top: int
    right: int
    bottom: int
    x_labels: tuple[Label, ...] = ()
    y_labels: tuple[Label, ...] = ()


def _places(points: tuple[tuple[object, Decimal], ...]) -> int:
    exponents = [amount.as_tuple().exponent for _, amount in points]
    return max((-e for e in exponents if isinstance(e, int)), default=0)


def plot(chart: Chart, *, width: int = 640, height: int = 240) -> Plot:
    """``chart``'s points as a step line in a ``width`` x ``height`` box (the amount on
    a date holds until the next date); the y axis from zero (or the lowest amount, if
    negative) to the highest amount, the x axis from the first date to the last.

    >>> plot(Chart(title="Nothing", points=())).line
    ''
    """
    left, top, right, bottom = _LEFT, _TOP, width - _RIGHT, height - _BOTTOM
    empty = Plot(
        width=width, height=height, line="", area="", left=left, top=top, right=right, bottom=bottom
    )
    points = chart.points
    if not points:
        return empty
    first, last = points[0][0].toordinal(), points[-1][0].toordinal()
    low = min(Decimal(0), *(amount for _, amount in points))
    high = max(Decimal(0), *(amount for _, amount in points))
    span_days = max(last - first, 1)
    with decimal.localcontext(CONTEXT):
        span = float(high - low) or 1.0
        heights = [float(amount - low) for _, amount in points]

    def x(day: int) -> float:
        return round(left + (right - left) * (day - first) / span_days, 1)

    def y(above_low: float) -> float:
        return round(bottom - (bottom - top) * above_low / span, 1)

    steps: list[tuple[float, float]] = []
    for index, ((day, _), above_low) in enumerate(zip(points, heights, strict=True)):
        if index:
            steps.append((x(day.toordinal()), steps[-1][1]))
        steps.append((x(day.toordinal()), y(above_low)))
    if len(points) == 1:
        steps.append((float(right), steps[0][1]))
    line = " ".join(f"{a},{b}" for a, b in steps)
    base = y(-float(low))
    area = f"{steps[0][0]},{base} {line} {steps[-1][0]},{base}"
    zero = Decimal(0).scaleb(-_places(points)) if _places(points) else Decimal(0)
    y_labels = (
        Label(x=left - 6, y=top + 4, text=display_text(high if high else zero)),
        Label(x=left - 6, y=bottom + 4, text=display_text(low if low else zero)),
    )
    x_labels = [Label(x=left, y=bottom + 18, text=points[0][0].isoformat())]
    if len(points) > 1:
        x_labels.append(Label(x=right, y=bottom + 18, text=points[-1][0].isoformat()))
    return attrs.evolve(empty, line=line, area=area, x_labels=tuple(x_labels), y_labels=y_labels)
