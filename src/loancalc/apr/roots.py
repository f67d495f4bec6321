"""Internal rates of return: :func:`irr` for equally spaced flows, :func:`xirr` for dated ones.

The rate ``r`` makes the flows' net present value zero: ``sum a_k (1 + r)^-t_k = 0``, with
``t_k`` in periods (``irr``) or in years of 365 days from the earliest date (``xirr``, as
Excel and pyxirr count). Results are ``Decimal`` fractions accurate to 1e-10 (rounded to 12
places); see ``loancalc.apr._solver`` for how that is made sure of.

Which root: flows whose amounts change sign once (a loan: money out, then money back) have
exactly one rate (Descartes' rule of signs). Flows that change sign several times may have
several; :func:`irr_roots` and :func:`xirr_roots` list every one found, and :func:`irr` and
:func:`xirr` return the one closest to 0 (as numpy-financial's ``irr`` does). Flows with no
rate (all of one sign, or a net present value that never reaches zero) raise
:class:`NoRateError`.

>>> irr([-1000, 600, 600])
Decimal('0.130662386292')
>>> from datetime import date
>>> xirr([(date(2024, 1, 1), -1000), (date(2025, 1, 1), 1100)])  # 366 days: 1.1^(365/366) - 1
Decimal('0.099713585934')
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from loancalc.apr import _solver
from loancalc.apr.flows import FlowSource, cash_flows, columns_of
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.money import CONTEXT, to_decimal

__all__ = ["NoRateError", "irr", "irr_roots", "rate_roots", "solve_rate", "xirr", "xirr_roots"]

#: Rates are returned rounded to this many decimal places (accuracy: 1e-10 or better).
PLACES = 12
_QUANTUM = Decimal(1).scaleb(-PLACES)


class NoRateError(LoanCalcError, ValueError):
    """No rate makes the flows' net present value zero ("no rate exists").

    >>> irr([100, 50])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.apr.roots.NoRateError: no rate exists: the flows need at least one negative ...
    """


def solve_rate(
    amounts: Sequence[Decimal],
    num: Sequence[int] | npt.NDArray[np.int64],
    den: int,
    *,
    simple: bool,
) -> Decimal:
    """The rate for amounts at times ``num[k] / den`` periods (unrounded); the unique root
    when the amounts change sign once, else the root closest to 0.

    ``simple=True`` discounts the fraction of a period at simple interest (Regulation Z).

    >>> round(solve_rate([Decimal(-100), Decimal(110)], [0, 2], 2, simple=False), 12)
    Decimal('0.100000000000')
    """
    problem = _solver.problem(amounts, num, den, simple=simple)
    _check_signs(problem)
    changes = _solver.sign_changes(problem)
    if changes == 0:
        raise NoRateError("no rate exists: the flows' amounts all net to one sign")
    if changes == 1 and (not simple or _loan_shaped(problem)):
        root = _solver.unique_root(problem)
        if root is None:
            raise NoRateError("no rate exists: there is no rate above -99.9999999 %")
        return root
    roots = _solver.all_roots(problem)
    if not roots:
        raise NoRateError(
            "no rate exists: the flows' net present value is never zero at a rate above "
            "-99.9999999 % (searched up to 1.3e9 per period)"
        )
    return min(roots, key=abs)


def rate_roots(
    amounts: Sequence[Decimal],
    num: Sequence[int] | npt.NDArray[np.int64],
    den: int,
    *,
    simple: bool = False,
) -> tuple[Decimal, ...]:
    """Every rate found for amounts at times ``num[k] / den`` periods, in increasing order.

    >>> rate_roots([Decimal(-100), Decimal(230), Decimal(-132)], [0, 1, 2], 1)
    (Decimal('0.1'), Decimal('0.2'))
    """
    problem = _solver.problem(amounts, num, den, simple=simple)
    _check_signs(problem)
    return tuple(_round(root) for root in _solver.all_roots(problem))


def _loan_shaped(problem: _solver.Problem) -> bool:
    """All money out at time 0: then f(r) is monotonic even with simple-interest fractions."""
    out = problem.values < 0
    at_zero = problem.num == 0
    return bool(np.all(at_zero[out])) or bool(np.all(at_zero[~out]))


def _check_signs(problem: _solver.Problem) -> None:
    negative = bool((problem.values < 0).any())
    positive = bool((problem.values > 0).any())
    amounts = problem.amounts
    if not (negative and positive):
        missing = "negative" if not negative else "positive"
        raise NoRateError(
            "no rate exists: the flows need at least one negative and one positive amount "
            f"(got {len(amounts)} flows, none {missing})"
        )


def _round(rate: Decimal) -> Decimal:
    with decimal.localcontext(CONTEXT):
        if rate.adjusted() >= CONTEXT.prec - PLACES - 1:  # too large for 12 places
            return rate.normalize()
        rounded = rate.quantize(_QUANTUM)
        if rounded == 0:
            return Decimal(0)
        if rounded == rounded.to_integral_value():
            return rounded.quantize(Decimal(1))
        return rounded.normalize()


def _amounts(flows: Iterable[object]) -> list[Decimal]:
    if isinstance(flows, str | bytes) or not isinstance(flows, Iterable):
        raise InvalidValueError("flows", flows, "a sequence of amounts")
    return [to_decimal(amount, f"flows[{k}]") for k, amount in enumerate(flows)]


def irr(flows: Iterable[object]) -> Decimal:
    """The rate per period of equally spaced flows (the first at period 0).

    Amounts may be ``Decimal``, ``int``, ``float`` or text. Raises :class:`NoRateError` when
    no rate exists; with several rates, returns the one closest to 0 (see :func:`irr_roots`).

    >>> irr(["-12000"] + ["1072"] * 12)  # a card instalment: 0.6 % a month flat
    Decimal('0.010861853568')
    """
    amounts = _amounts(flows)
    return _round(solve_rate(amounts, range(len(amounts)), 1, simple=False))


def irr_roots(flows: Iterable[object]) -> tuple[Decimal, ...]:
    """Every rate per period of equally spaced flows, in increasing order: empty when the
    value never reaches zero; :class:`NoRateError` when the amounts are all of one sign.

    >>> irr_roots([-100, 230, -132])  # 10 % and 20 % both make the value zero
    (Decimal('0.1'), Decimal('0.2'))
    """
    amounts = _amounts(flows)
    return rate_roots(amounts, range(len(amounts)), 1)


def _dated(flows: FlowSource) -> tuple[Sequence[Decimal], npt.NDArray[np.int64]]:
    columns = columns_of(flows) if isinstance(flows, list | tuple) else None
    if columns is None:
        pairs = cash_flows(flows)
        if not pairs:
            raise NoRateError("no rate exists: there are no flows")
        columns = columns_of(pairs)
        assert columns is not None
    dates, amounts = columns
    days = np.fromiter(map(date.toordinal, dates), dtype=np.int64, count=len(dates))
    return amounts, days - days.min()


def xirr(dated_flows: FlowSource) -> Decimal:
    """The annual rate of dated flows, years counted as actual days / 365 (Excel's XIRR).

    ``dated_flows``: ``(date, amount)`` pairs, a :class:`~loancalc.Schedule` or an object
    with ``cash_flows()``. Raises :class:`NoRateError` when no rate exists; with several
    rates, returns the one closest to 0 (see :func:`xirr_roots`).

    >>> xirr([(date(2024, 1, 1), -1000), (date(2024, 12, 31), 1100)])  # 365 days
    Decimal('0.1')
    """
    amounts, days = _dated(dated_flows)
    return _round(solve_rate(amounts, days, 365, simple=False))


def xirr_roots(dated_flows: FlowSource) -> tuple[Decimal, ...]:
    """Every annual rate of dated flows (actual days / 365), in increasing order: empty when
    the value never reaches zero; :class:`NoRateError` when the amounts are all of one sign.

    >>> xirr_roots([(date(2021, 1, 1), -100), (date(2022, 1, 1), 230),
    ...             (date(2023, 1, 1), -132)])  # 365 days a year: 10 % and 20 %
    (Decimal('0.1'), Decimal('0.2'))
    """
    amounts, days = _dated(dated_flows)
    return rate_roots(amounts, days, 365)
