"""The accrual periods of a loan: their dates, day counts and interest rates."""

from __future__ import annotations

import decimal
import math
from collections import Counter
from datetime import date
from decimal import Decimal

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.accrual._day_counts import numerators_from_ordinals
from loancalc.money import CONTEXT
from loancalc.rates import DayCount

__all__ = ["REGULAR", "Periods", "periods_of"]

#: The rate key of a full regular period under periodic accrual (day-count keys are >= 0).
REGULAR = -1


@attrs.frozen(kw_only=True)
class Periods:
    """Parallel lists, one entry per period (instalment) of a loan.

    A period's rate is ``rate_numerators[k] / rate_denominators[k]`` exactly (the annual
    rate times the period's year fraction, kept as a ratio so that interest divides last
    and lands exactly on half-cent ties); ``rates[k]`` is the same rate as a 40-digit
    Decimal, for the level-payment formulas. Periods with the same rate share a key:
    ``rate_keys[k]`` is the numerator of the period's year fraction over the day count's
    one denominator, or :data:`REGULAR` for a full period under periodic accrual, and
    ``rate_table`` maps each key to ``(numerator, denominator, rate)``: a loan has only a
    handful of distinct rates, so per-rate work (exact factors, discount factors) is done
    once per key. ``regular`` is the rate of a full regular period under periodic accrual
    where the frequency has one (it shapes annuities), else ``None``; every period then has
    the regular rate, but an irregular first period. ``periods_per_installment`` counts the
    contractual periods each instalment stands for (the term for a bullet's single
    instalment, else 1): it multiplies per-period fees.
    """

    starts: list[date]
    due_dates: list[date]
    days: list[int]
    rate_keys: list[int]
    rate_table: dict[int, tuple[Decimal, Decimal, Decimal]]
    rate_counts: dict[int, int]
    regular: tuple[Decimal, Decimal] | None
    irregular_first: bool
    periods_per_installment: int

    def __len__(self) -> int:
        return len(self.due_dates)

    @property
    def rate_numerators(self) -> list[Decimal]:
        """Each period's rate numerator (a new list on each call)."""
        return self._column(0)

    @property
    def rate_denominators(self) -> list[Decimal]:
        """Each period's rate denominator (a new list on each call)."""
        return self._column(1)

    @property
    def rates(self) -> list[Decimal]:
        """Each period's rate as a 40-digit Decimal (a new list on each call)."""
        return self._column(2)

    def ratio(self, index: int) -> tuple[Decimal, Decimal]:
        """The rate of period ``index`` as ``(numerator, denominator)``."""
        numerator, denominator, _ = self.rate_table[self.rate_keys[index]]
        return numerator, denominator

    def _column(self, column: int) -> list[Decimal]:
        table = self.rate_table
        if len(table) == 1:  # one rate (periodic accrual, a bullet): repeat it
            return [next(iter(table.values()))[column]] * len(self.rate_keys)
        values = {key: value[column] for key, value in table.items()}
        return list(map(values.__getitem__, self.rate_keys))

    def collapsed(self) -> Periods:
        """All periods as one, from the first start to the last due date, with the sum of
        their rates (simple interest: what a bullet loan charges)."""
        # Denominators are whole day-count bases (12, 360, 365 x 366...): bring the
        # numerators onto their least common multiple and add them exactly, once per key.
        counts = Counter(self.rate_keys)
        table = self.rate_table
        common = math.lcm(*{int(table[key][1]) for key in counts})
        with decimal.localcontext(CONTEXT):
            numerator = sum(
                (
                    table[key][0] * (common // int(table[key][1]) * count)
                    for key, count in counts.items()
                ),
                Decimal(0),
            )
            rate = numerator / common
        total_days = (self.due_dates[-1] - self.starts[0]).days
        return _periods(
            [self.starts[0]], [self.due_dates[-1]], [total_days], [REGULAR],
            {REGULAR: (numerator, Decimal(common), rate)},
            regular=None, irregular_first=False, periods_per_installment=len(self.due_dates),
        )  # fmt: skip


def periods_of(
    dates: list[date],
    ordinals: npt.NDArray[np.int64],
    *,
    annual_rate: Decimal,
    day_count: DayCount,
    regular: tuple[int, int] | None,
    irregular_first: bool,
) -> Periods:
    """The periods between consecutive ``dates`` (the start, then each due date), whose
    proleptic ordinals are ``ordinals``, accruing ``annual_rate``.

    ``regular`` is a full period's share of a year under periodic accrual (``(1, 12)``
    monthly), ``None`` for accrual by the day count; then every period accrues ``annual
    rate x year fraction`` by ``day_count``, as does an ``irregular_first`` period.

    >>> from datetime import date
    >>> dates = [date(2024, 1, 15), date(2024, 2, 15), date(2024, 3, 15)]
    >>> ordinals = np.array([d.toordinal() for d in dates])
    >>> daily = periods_of(dates, ordinals, annual_rate=Decimal("0.036"),
    ...                    day_count=DayCount.ACT_360, regular=None, irregular_first=False)
    >>> daily.days, daily.rate_keys, [str(rate) for rate in daily.rates]
    ([31, 29], [31, 29], ['0.0031', '0.0029'])
    """
    starts, due = dates[:-1], dates[1:]
    days: list[int] = (ordinals[1:] - ordinals[:-1]).tolist()
    with decimal.localcontext(CONTEXT):
        if regular is None:
            keys, denominator = numerators_from_ordinals(ordinals, dates, day_count)
            bottom = Decimal(denominator)
            table = {}
            counts: dict[int, int] = Counter(keys)
            for key in counts:
                top = annual_rate * key
                table[key] = (top, bottom, top / bottom)
            return _periods(
                starts, due, days, keys, table, counts=counts,
                regular=None, irregular_first=irregular_first, periods_per_installment=1,
            )  # fmt: skip
        top, bottom = annual_rate * regular[0], Decimal(regular[1])
        table = {REGULAR: (top, bottom, top / bottom)}
        keys = [REGULAR] * len(due)
        counts = {REGULAR: len(due)}  # one regular rate, but an irregular first period
        if irregular_first and due:
            first, first_bottom = numerators_from_ordinals(ordinals[:2], dates[:2], day_count)
            keys[0] = first[0]
            counts = Counter(keys[:1]) + Counter({REGULAR: len(due) - 1})
            first_top = annual_rate * first[0]
            table[first[0]] = (first_top, Decimal(first_bottom), first_top / first_bottom)
    return _periods(
        starts, due, days, keys, table, counts=counts,
        regular=(top, bottom), irregular_first=irregular_first, periods_per_installment=1,
    )  # fmt: skip


def _periods(
    starts: list[date],
    due: list[date],
    days: list[int],
    keys: list[int],
    table: dict[int, tuple[Decimal, Decimal, Decimal]],
    *,
    counts: dict[int, int] | None = None,
    regular: tuple[Decimal, Decimal] | None,
    irregular_first: bool,
    periods_per_installment: int,
) -> Periods:
    return Periods(
        starts=starts,
        due_dates=due,
        days=days,
        rate_keys=keys,
        rate_table=table,
        rate_counts=Counter(keys) if counts is None else counts,
        regular=regular,
        irregular_first=irregular_first,
        periods_per_installment=periods_per_installment,
    )
