"""What a change of a loan's debt asks for: one request union, :data:`Request`.

A :class:`RestructureRequest` (re-instalment, re-age, re-amortise or extend: the
``kind``), a :class:`DeferRequest` or a :class:`PrepayRequest`. The planner
(:func:`~loancalc.restructuring.planner.change`) takes any of them, checks the product's
limits once, up front, and makes the new schedule; ``lc.restructure``, ``lc.defer`` and
``lc.prepay`` build the request from their arguments and call it.

>>> RestructureRequest(kind="extend", term=24).kind
<RestructuringKind.EXTEND: 'extend'>
>>> DeferRequest(periods=2).interest, PrepayRequest(amount="500").mode
('capitalize', 'reduce-term')
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from loancalc.restructuring.rules import RestructuringKind, _listed
from loancalc.terms import Method

__all__ = ["DeferRequest", "PrepayRequest", "Request", "RestructureRequest"]


def _to_kind(value: object) -> RestructuringKind:
    return RestructuringKind.parse(value)


def _parts(value: object, field: str) -> tuple[Any, ...] | None:
    return None if value is None else _listed(value, field, "debt parts or components")


def _to_capitalize(value: object) -> tuple[Any, ...] | None:
    return _parts(value, "capitalize")


def _to_waive(value: object) -> tuple[Any, ...]:
    parts = _parts(value, "waive")
    return () if parts is None else parts


@attrs.frozen(kw_only=True)
class RestructureRequest:
    """A new plan for the debt (see :func:`~loancalc.restructure` for each field):
    ``kind`` (default re-instalment), ``term``, ``annual_rate``, ``method``,
    ``first_due``, ``capitalize`` (None: the kind's default), ``waive`` and
    ``down_payment``.

    >>> RestructureRequest(waive=["late-fee"]).waive
    ('late-fee',)
    """

    kind: RestructuringKind = attrs.field(
        default=RestructuringKind.RE_INSTALMENT, converter=_to_kind
    )
    term: int | None = None
    annual_rate: object = None
    method: Method | str | None = None
    first_due: date | None = None
    capitalize: tuple[Any, ...] | None = attrs.field(default=None, converter=_to_capitalize)
    waive: tuple[Any, ...] = attrs.field(default=(), converter=_to_waive)
    down_payment: object = 0


@attrs.frozen(kw_only=True)
class DeferRequest:
    """A payment holiday of ``periods`` instalments; the holiday's ``interest`` is
    capitalised, accrued and spread, or waived (see :func:`~loancalc.defer`).

    >>> DeferRequest(periods=1, interest="waive").periods
    1
    """

    periods: int
    interest: str = "capitalize"


@attrs.frozen(kw_only=True)
class PrepayRequest:
    """Paying ``amount`` early, keeping the payment (``reduce-term``) or the term
    (``reduce-payment``) (see :func:`~loancalc.prepay`).

    >>> PrepayRequest(amount="1000", mode="reduce-payment").mode
    'reduce-payment'
    """

    amount: object
    mode: str = "reduce-term"


#: Every change of a loan's debt the planner makes.
Request = RestructureRequest | DeferRequest | PrepayRequest
