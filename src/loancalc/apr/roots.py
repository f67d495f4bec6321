"""Internal rates of return: :func:`irr` for equally spaced flows, :func:`xirr` for dated ones.

The rate ``r`` makes the flows' net present value zero: ``sum a_k (1 + r)^-t_k = 0``, with
``t_k`` in periods (``irr``) or in years of 365 days from the earliest date (``xirr``, as
Excel and pyxirr count). Results are ``Decimal`` fractions at the precision the search
found them (never rounded to 12 places: numpy-financial's congruence test, flows -40,000,
5,000, 8,000, 12,000, 30,000, has a net present value within 1e-10 of zero at the rate
returned). Roots are given to 30 places, at most 24 significant digits, and every digit
given is certain: the root is bracketed by a proven error bound and returned only when
both ends of the bracket round alike (``loancalc.apr._fast``: a float Newton search, then
one or two Newton steps in ``Decimal``; flows with one sign change take it directly, and
roots the general search of ``loancalc.apr._solver`` finds are finished the same way; in
the rare case the bracket still straddles a rounding boundary, the general search's root,
good to about 1e-27 or better, is rounded as it is).

Flows that net to zero on every date (a loan repaid on the day of the advance, at no cost)
have a rate of 0. Flows that, netted date by date, are all of one sign have none: that
raises :class:`FlowSignError`, an :class:`~loancalc.errors.InvalidValueError` naming
``flows``, the netted amounts and what is accepted.

Which root: flows whose amounts change sign once (a loan: money out, then money back) have
exactly one rate (Descartes' rule of signs). Flows that change sign several times may have
several; :func:`irr_roots` and :func:`xirr_roots` list every one found, and :func:`irr` and
:func:`xirr` return the one closest to 0 (as numpy-financial's ``irr`` does). Flows with no
rate (all of one sign, or a net present value that never reaches zero) raise
:class:`NoRateError`.

>>> irr([-1000, 600, 600])
Decimal('0.130662386291807485258426')
>>> from datetime import date
>>> xirr([(date(2024, 1, 1), -1000), (date(2025, 1, 1), 1100)])  # 366 days: 1.1^(365/366) - 1
Decimal('0.0997135859341412412872169')
>>> xirr([(date(2024, 1, 1), -1000), (date(2024, 1, 1), 1000)])  # repaid the same day
Decimal('0')
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from loancalc.apr import _fast, _small, _solver
from loancalc.apr._amounts import amounts_of
from loancalc.apr.flows import FlowSource, cash_flows, columns_of
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.money import CONTEXT

__all__ = [
    "FlowSignError",
    "NoRateError",
    "irr",
    "irr_roots",
    "rate_roots",
    "solve_rate",
    "xirr",
    "xirr_roots",
]

#: Annualised rates (:func:`loancalc.apr.annualized`) are rounded to this many places;
#: ``irr`` and ``xirr`` are not rounded.
PLACES = 12
_QUANTUM = Decimal(1).scaleb(-PLACES)
_FULL = Decimal(1).scaleb(-30)
_ZERO = Decimal(0)
_ONE = Decimal(1)
#: The contexts of :func:`full_precision` (private copies: their flags are its own).
_PLACES_CONTEXT = CONTEXT.copy()
_DIGITS_CONTEXT = CONTEXT.copy()
_DIGITS_CONTEXT.prec = 24


class NoRateError(LoanCalcError, ValueError):
    """No rate makes the flows' net present value zero ("no rate exists").

    >>> irr([-1, 1, -1])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.apr.roots.NoRateError: no rate exists: the flows' net present value is never ...
    """


class FlowSignError(NoRateError, InvalidValueError):
    """No rate exists because the flows, netted date by date, are all of one sign (or there
    are none): an :class:`~loancalc.errors.InvalidValueError` naming ``flows``, the netted
    amounts in time order, and what is accepted.

    >>> irr([100, 50])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.apr.roots.FlowSignError: flows: got ('100', '50'); accepted: money both ways...
    """


def solve_rate(
    amounts: Sequence[Decimal],
    num: Sequence[int] | npt.NDArray[np.int64],
    den: int,
    *,
    simple: bool,
    finish: Callable[[Decimal], Decimal] | None = None,
) -> Decimal:
    """The rate for amounts at times ``num[k] / den`` periods (unrounded, or passed through
    ``finish``, a rounding that never decreases); the unique root when the amounts change
    sign once, else the root closest to 0.

    ``simple=True`` discounts the fraction of a period at simple interest (Regulation Z).
    With ``finish``, loan-shaped compound flows take :mod:`loancalc.apr._fast` (a root
    with an error bound, used when both ends of the bound agree once finished); otherwise,
    and whenever that path cannot tell, the general search runs.

    >>> round(solve_rate([Decimal(-100), Decimal(110)], [0, 2], 2, simple=False), 12)
    Decimal('0.100000000000')
    >>> solve_rate([Decimal(-100), Decimal(110)], [0, 2], 2, simple=False, finish=full_precision)
    Decimal('0.1')
    """
    if not simple and finish is not None:
        rounded = _fast.rounded_root(amounts, num, den, finish)
        if rounded is not None:
            return rounded
    rate = _search(amounts, num, den, simple=simple)
    if finish is None:
        return rate
    if not simple:  # the general search's root, made as certain as the fast path's
        rounded = _fast.polished(amounts, num, den, rate, finish)
        if rounded is not None:
            return rounded
    return finish(rate)


def _search(
    amounts: Sequence[Decimal],
    num: Sequence[int] | npt.NDArray[np.int64],
    den: int,
    *,
    simple: bool,
) -> Decimal:
    """The general search (every case :func:`solve_rate` accepts)."""
    problem = _solver.problem(amounts, num, den, simple=simple)
    netted = _check_signs(problem)
    if not netted.any():
        return Decimal(0)  # every date nets to zero: repaid on the day, at no cost
    changes = _solver.sign_changes(problem)
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
    >>> rate_roots([Decimal(-5), Decimal(5)], [0, 0], 1)  # nets to zero: repaid at once
    (Decimal('0'),)
    """
    problem = _solver.problem(amounts, num, den, simple=simple)
    if not _check_signs(problem).any():
        return (Decimal(0),)
    return tuple(full_precision(root) for root in _solver.all_roots(problem))


def _loan_shaped(problem: _solver.Problem) -> bool:
    """All money out at time 0: then f(r) is monotonic even with simple-interest fractions."""
    out = problem.values < 0
    at_zero = problem.num == 0
    return bool(np.all(at_zero[out])) or bool(np.all(at_zero[~out]))


_ACCEPTED_SIGNS = (
    "money both ways: netted date by date, at least one amount below 0 (lent) and one "
    "above 0 (repaid); no rate exists otherwise"
)


def _check_signs(problem: _solver.Problem) -> npt.NDArray[np.float64]:
    """The amounts netted date by date, in time order; raises :class:`FlowSignError` when
    they are all of one sign (or all zero without money both ways)."""
    netted_values, netted_amounts = _solver.netted(problem)
    negative = bool((problem.values < 0).any())
    positive = bool((problem.values > 0).any())
    if negative and positive and not netted_values.any():
        return netted_values
    if (netted_values < 0).any() and (netted_values > 0).any():
        return netted_values
    raise FlowSignError("flows", tuple(str(amount) for amount in netted_amounts), _ACCEPTED_SIGNS)


def full_precision(rate: Decimal) -> Decimal:
    """``rate`` (a root refined to about 1e-30) to 30 decimal places and at most 24
    significant digits, without trailing zeros: far below any money's resolution, and a
    root that is a short decimal (10 %) comes out as that decimal.

    >>> full_precision(Decimal("0.0999999999999999999999999999999999998"))
    Decimal('0.1')
    >>> full_precision(Decimal("0.105822598408901641234567891234"))
    Decimal('0.105822598408901641234568')
    """
    # Explicit contexts, not a local one: this runs twice on every rate returned.
    if rate.adjusted() <= 8:  # room for 30 places within 40 digits
        rate = rate.quantize(_FULL, context=_PLACES_CONTEXT)
    rate = _DIGITS_CONTEXT.plus(rate)
    if not rate:
        return _ZERO
    if 0 <= rate.adjusted() < _DIGITS_CONTEXT.prec and rate == rate.to_integral_value():
        return rate.quantize(_ONE, context=_DIGITS_CONTEXT)
    return rate.normalize(_DIGITS_CONTEXT)


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


def irr(flows: Iterable[object]) -> Decimal:
    """The rate per period of equally spaced flows (the first at period 0).

    Amounts may be ``Decimal``, ``int``, ``float`` or text. Raises :class:`NoRateError` when
    no rate exists; with several rates, returns the one closest to 0 (see :func:`irr_roots`).

    >>> irr(["-12000"] + ["1072"] * 12)  # a card instalment: 0.6 % a month flat
    Decimal('0.0108618535675900880290999')
    """
    rate = _small.amounts_irr(flows, full_precision)
    if rate is not None:
        return rate
    amounts = amounts_of(flows)
    return solve_rate(amounts, range(len(amounts)), 1, simple=False, finish=full_precision)


def irr_roots(flows: Iterable[object]) -> tuple[Decimal, ...]:
    """Every rate per period of equally spaced flows, in increasing order: empty when the
    value never reaches zero; :class:`NoRateError` when the amounts are all of one sign.

    >>> irr_roots([-100, 230, -132])  # 10 % and 20 % both make the value zero
    (Decimal('0.1'), Decimal('0.2'))
    """
    amounts = amounts_of(flows)
    return rate_roots(amounts, range(len(amounts)), 1)


def _dated(flows: FlowSource) -> tuple[Sequence[Decimal], list[int]]:
    columns = columns_of(flows) if isinstance(flows, list | tuple) else None
    if columns is None:
        pairs = cash_flows(flows)
        if not pairs:
            raise FlowSignError("flows", (), _ACCEPTED_SIGNS)
        columns = columns_of(pairs)
        assert columns is not None
    dates, amounts = columns
    days = np.fromiter(map(date.toordinal, dates), dtype=np.int64, count=len(dates))
    days -= days.min()
    return amounts, days.tolist()


def xirr(dated_flows: FlowSource) -> Decimal:
    """The annual rate of dated flows, years counted as actual days / 365 (Excel's XIRR).

    ``dated_flows``: ``(date, amount)`` pairs, a :class:`~loancalc.Schedule` or an object
    with ``cash_flows()``. Raises :class:`NoRateError` when no rate exists; with several
    rates, returns the one closest to 0 (see :func:`xirr_roots`).

    >>> xirr([(date(2024, 1, 1), -1000), (date(2024, 12, 31), 1100)])  # 365 days
    Decimal('0.1')
    """
    rate = _small.dated_xirr(dated_flows, full_precision)
    if rate is not None:
        return rate
    amounts, days = _dated(dated_flows)
    return solve_rate(amounts, days, 365, simple=False, finish=full_precision)


def xirr_roots(dated_flows: FlowSource) -> tuple[Decimal, ...]:
    """Every annual rate of dated flows (actual days / 365), in increasing order: empty when
    the value never reaches zero; :class:`NoRateError` when the amounts are all of one sign.

    >>> xirr_roots([(date(2021, 1, 1), -100), (date(2022, 1, 1), 230),
    ...             (date(2023, 1, 1), -132)])  # 365 days a year: 10 % and 20 %
    (Decimal('0.1'), Decimal('0.2'))
    """
    amounts, days = _dated(dated_flows)
    return rate_roots(amounts, days, 365)
