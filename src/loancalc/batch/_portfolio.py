"""A validated portfolio: every loan's terms as arrays, checked before any computation.

:func:`read` applies the same rules as :class:`~loancalc.LoanTerms` to every loan at
once, so that each loan's terms (:meth:`Portfolio.terms`) can always be built, and names
the array and the first bad index when a value is wrong.

>>> from datetime import date
>>> p = read(principal=[1000, 2000], annual_rate="6%", term=[12, 24], start=date(2024, 1, 31))
>>> len(p), p.terms(1).principal, p.terms(1).term
(2, Decimal('2000.00'), 24)
>>> read(principal=[1000, -1], annual_rate=0.06, term=12, start=date(2024, 1, 31))
Traceback (most recent call last):
loancalc.errors.InvalidValueError: principal[1]: got -1; accepted: an amount > 0 ...
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs
import numpy as np
import numpy.typing as npt

from loancalc._validation import on_grid
from loancalc.batch import _dates, _inputs
from loancalc.calendar import Frequency
from loancalc.errors import InvalidValueError, LoanCalcError
from loancalc.money import CONTEXT, Rounding
from loancalc.rate_schedule import RateSchedule
from loancalc.rates import DayCount
from loancalc.terms import Accrual, Fees, LoanTerms, Method

__all__ = ["Portfolio", "read"]

_LAST_MONTH = 9999 * 12 + 11 - 1970 * 12  # December 9999, in months since January 1970


@attrs.frozen(kw_only=True, eq=False)
class Portfolio:
    """Every loan's terms: amounts in grid units, rates as distinct values and indices."""

    principal: npt.NDArray[np.int64]
    rates: list[Decimal]
    rate_index: npt.NDArray[np.intp]
    term: npt.NDArray[np.int64]
    start: npt.NDArray[np.datetime64]
    first_due: npt.NDArray[np.datetime64]
    balloon: npt.NDArray[np.int64]
    method: Method
    accrual: Accrual
    day_count: DayCount
    frequency: Frequency
    rounding: Rounding
    fees: Fees | tuple[Fees, ...]
    #: Each loan's rate schedule (None for a fixed rate), or None when no loan has one.
    rate_schedules: tuple[RateSchedule | None, ...] | None = None

    def __len__(self) -> int:
        return len(self.principal)

    def financed(self) -> bool:
        """Whether any loan has a financed fee (``Fees.financed``, ``financed_rate``)."""
        fees = (self.fees,) if isinstance(self.fees, Fees) else self.fees
        return any(f.finances_a_fee for f in fees)

    def fees_of(self, index: int) -> Fees:
        """Loan ``index``'s fees."""
        return self.fees if isinstance(self.fees, Fees) else self.fees[index]

    def rate_schedule(self, index: int) -> RateSchedule | None:
        """Loan ``index``'s rate schedule, or None for a fixed rate."""
        return None if self.rate_schedules is None else self.rate_schedules[index]

    def scheduled(self) -> npt.NDArray[np.bool_]:
        """Which loans have a rate schedule (the scalar engine computes them).

        >>> from datetime import date
        >>> from loancalc import RateSchedule
        >>> read(principal=100, annual_rate=["5%", RateSchedule(annual_rate="6%")], term=2,
        ...      start=date(2024, 1, 1)).scheduled().tolist()
        [False, True]
        """
        if self.rate_schedules is None:
            return np.zeros(len(self), dtype=bool)
        return np.array([item is not None for item in self.rate_schedules], dtype=bool)

    def terms(self, index: int) -> LoanTerms:
        """Loan ``index``'s terms, as :func:`loancalc.amortize` takes them."""
        quantum = self.rounding.quantum
        first_due = self.first_due[index]
        with decimal.localcontext(CONTEXT):
            principal = Decimal(int(self.principal[index])) * quantum
            balloon = Decimal(int(self.balloon[index])) * quantum
        schedule = self.rate_schedule(index)
        return LoanTerms(
            principal=principal,
            annual_rate=None if schedule is not None else self.rates[int(self.rate_index[index])],
            term=int(self.term[index]),
            start=self.start[index].item(),
            first_due=None if np.isnat(first_due) else first_due.item(),
            frequency=self.frequency,
            method=self.method,
            accrual=self.accrual,
            day_count=self.day_count,
            rounding=self.rounding,
            fees=self.fees_of(index),
            balloon=balloon if self.method is Method.BALLOON else Decimal(0),
            rate_schedule=schedule,
        )


def _on_grid(fees: Fees, quantum: Decimal, field: str) -> Fees:
    on_grid(fees.upfront, quantum, f"{field}.upfront")
    on_grid(fees.per_period, quantum, f"{field}.per_period")
    return fees


def _fees(value: object, count: int, quantum: Decimal) -> Fees | tuple[Fees, ...]:
    if value is None:
        return Fees()
    if isinstance(value, Fees):
        return _on_grid(value, quantum, "fees")
    if isinstance(value, Sequence | np.ndarray) and not isinstance(value, str):
        fees = tuple(value)
        if len(fees) != count:
            raise InvalidValueError("fees", f"{len(fees)} values", f"{count}, one per loan")
        for index, item in enumerate(fees):
            if not isinstance(item, Fees):
                raise InvalidValueError(f"fees[{index}]", item, "a loancalc.Fees")
            _on_grid(item, quantum, f"fees[{index}]")
        return fees
    raise InvalidValueError("fees", value, "None, a loancalc.Fees or one Fees per loan")


def read(
    *,
    principal: object,
    annual_rate: object,
    term: object,
    start: object,
    first_due: object = None,
    balloon: object = 0,
    method: Method | str = Method.EQUAL_INSTALLMENT,
    accrual: Accrual | str = Accrual.PERIODIC,
    day_count: DayCount | str = DayCount.ACT_360,
    frequency: Frequency | str = Frequency.MONTHLY,
    rounding: Rounding | None = None,
    fees: object = None,
) -> Portfolio:
    """Validate and convert a portfolio's arguments (see :func:`loancalc.batch.amortize`)."""
    if rounding is None:
        rounding = Rounding()
    elif not isinstance(rounding, Rounding):
        raise InvalidValueError("rounding", rounding, "a loancalc.Rounding or None")
    parsed_method = Method.parse(method)
    parsed_accrual = Accrual.parse(accrual)
    parsed_day_count = DayCount.parse(day_count)
    parsed_frequency = Frequency.parse(frequency)
    arrays = {
        name: _inputs.as_array(value)
        for name, value in (
            ("principal", principal), ("annual_rate", annual_rate), ("term", term),
            ("start", start), ("first_due", first_due), ("balloon", balloon),
        )
    }  # fmt: skip
    count = _inputs.length_of(arrays)
    units = _inputs.amounts(principal, count, "principal", rounding, positive=True)
    rates, rate_index, rate_schedules = _inputs.loan_rates(annual_rate, count)
    terms = _inputs.terms(term, count)
    starts = _inputs.dates(start, count, "start", optional=False)
    first_dues = _inputs.dates(first_due, count, "first_due", optional=True)
    balloons = _inputs.amounts(balloon, count, "balloon", rounding, positive=False)
    portfolio = Portfolio(
        principal=units,
        rates=rates,
        rate_index=rate_index,
        term=terms,
        start=starts,
        first_due=first_dues,
        balloon=np.ascontiguousarray(np.broadcast_to(balloons, (count,))),
        method=parsed_method,
        accrual=parsed_accrual,
        day_count=parsed_day_count,
        frequency=parsed_frequency,
        rounding=rounding,
        fees=_fees(fees, count, rounding.quantum),
        rate_schedules=rate_schedules,
    )
    _check_relations(portfolio)
    _check_schedules(portfolio)
    return portfolio


def _check_relations(p: Portfolio) -> None:
    """The checks :class:`LoanTerms` makes between fields, for every loan at once."""
    with np.errstate(invalid="ignore"):
        early = ~np.isnat(p.first_due) & (p.first_due < p.start)
    if early.any():
        index = int(np.flatnonzero(early)[0])
        raise InvalidValueError(
            f"first_due[{index}]", p.first_due[index].item(),
            f"a date on or after start ({p.start[index].item()})",
        )  # fmt: skip
    if p.method is not Method.BALLOON and p.balloon.any():
        index = int(np.flatnonzero(p.balloon)[0])
        raise InvalidValueError(
            f"balloon[{index}]", _amount(p, index), "0 unless method is balloon"
        )
    above = p.balloon > p.principal
    if above.any():
        index = int(np.flatnonzero(above)[0])
        raise InvalidValueError(
            f"balloon[{index}]", _amount(p, index), "an amount from 0 to the principal"
        )
    if p.frequency == Frequency.MONTHLY:
        missing = np.isnat(p.first_due)
        if missing.all():  # no first due date: the start and the term (no copies)
            anchor, steps = p.start, p.term
        else:
            anchor = np.where(missing, p.start, p.first_due)
            steps = np.where(missing, p.term, p.term - 1)
        latest = _dates.month_index(anchor.max(keepdims=True))[0] if len(p) else 0
        if not len(p) or latest + steps.max() <= _LAST_MONTH:
            return  # even the latest anchor plus the longest term ends in time
        late = _dates.month_index(anchor) + steps > _LAST_MONTH
        if late.any():
            index = int(np.flatnonzero(late)[0])
            raise InvalidValueError(
                f"term[{index}]", int(p.term[index]),
                "a term whose last due date falls by 9999-12-31",
            )  # fmt: skip
        return
    for index in range(len(p)):  # other frequencies: every loan goes to the scalar engine
        try:
            p.terms(index)
        except LoanCalcError as error:
            raise InvalidValueError(f"loan[{index}]", str(error), "valid loan terms") from None


def _check_schedules(p: Portfolio) -> None:
    """Each rate-scheduled loan's terms build (its schedule binds at the start, an
    ``annual_rate`` given with it agrees): refused here, before any computation."""
    for index in np.flatnonzero(p.scheduled()).tolist():
        try:
            p.terms(index)
        except LoanCalcError as error:
            raise InvalidValueError(
                f"annual_rate[{index}]", str(error), "a rate schedule valid for the loan"
            ) from None


def _amount(p: Portfolio, index: int) -> Decimal:
    with decimal.localcontext(CONTEXT):
        return Decimal(int(p.balloon[index])) * p.rounding.quantum


def first_due_is_regular(p: Portfolio) -> npt.NDArray[np.bool_]:
    """Loans whose first due date is none or one month after the start (monthly)."""
    missing: npt.NDArray[np.bool_] = np.isnat(p.first_due)
    if missing.all():
        return missing
    months, day = _dates.anchor_parts(p.start)
    one_on = _dates.monthly(months + 1, day).astype("datetime64[D]")
    regular: npt.NDArray[np.bool_] = np.isnat(p.first_due) | (p.first_due == one_on)
    return regular


def start_date(p: Portfolio, index: int) -> date:
    """Loan ``index``'s start date."""
    value: date = p.start[index].item()
    return value
