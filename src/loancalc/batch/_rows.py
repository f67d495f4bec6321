"""The instalment loop of the batch engine: every running loan advanced one period at a
time, in whole grid units, exactly as the scalar engine's rows are made.

Every loan runs every period, in the caller's order, so each period's values are
written as whole rows. A period's interest is ``round(base x n / d)`` on
integers; the principal follows the method's rule, and the last instalment repays what
is left. A loan whose principal would exceed its balance before the last instalment (an
*overshoot*: the rounded level amount repays early) or fall below zero (the level
payment does not cover the interest) is flagged, and frozen, for the caller to settle.

>>> import numpy as np
>>> from loancalc.money import RoundingMode
>>> out = Rows.zeros(2, 1)
>>> status = advance(out, None, Loans(balance=np.array([30000]),
...     numerator=np.array([1]), denominator=np.array([100]), term=np.array([2]),
...     fee=np.array([0])), np.array([15000]), rule=Rule.LEVEL_PRINCIPAL, mode=RoundingMode.HALF_UP)
>>> out.interest[:, 0].tolist(), out.principal[:, 0].tolist(), status.tolist()
([300, 150], [15000, 15000], [0])
"""

from __future__ import annotations

import enum
import math

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch._rounding import round_div
from loancalc.money import RoundingMode
from loancalc.terms import Method

__all__ = [
    "OK",
    "OVERSHOOT",
    "RULES",
    "SHORTFALL",
    "IrregularFirst",
    "Loans",
    "Rows",
    "Rule",
    "advance",
]

Int64s = npt.NDArray[np.int64]

#: Statuses :func:`advance` returns per loan.
OK, OVERSHOOT, SHORTFALL = 0, 1, 2


class Rule(enum.Enum):
    """What an instalment before the last repays."""

    LEVEL_PAYMENT = "level-payment"  # principal = level - interest
    LEVEL_PRINCIPAL = "level-principal"  # principal = level
    AT_MATURITY = "at-maturity"  # principal = 0


#: The rule of each method the vectorised walks run (a bullet loan has one instalment).
RULES = {
    Method.EQUAL_INSTALLMENT: Rule.LEVEL_PAYMENT,
    Method.BALLOON: Rule.LEVEL_PAYMENT,
    Method.EQUAL_PRINCIPAL: Rule.LEVEL_PRINCIPAL,
    Method.FLAT: Rule.LEVEL_PRINCIPAL,
    Method.INTEREST_ONLY: Rule.AT_MATURITY,
}


@attrs.frozen(kw_only=True, eq=False)
class Rows:
    """The output matrices, one row per period and one column per loan (transposed to
    loans x periods for the caller, without a copy).

    ``balances`` has one more row than the others: row ``t`` is the balance before
    period ``t``, so the opening balances are its rows ``0..T-1`` and the closing ones
    its rows ``1..T``, two views of one matrix (each period's closing balance is the
    next one's opening balance), written once.
    """

    balances: Int64s
    principal: Int64s
    interest: Int64s
    fee: Int64s
    payment: Int64s

    @classmethod
    def zeros(cls, periods: int, loans: int) -> Rows:
        """Zero matrices for ``periods`` x ``loans`` (lazily zeroed: untouched pages, such
        as a fee matrix when no fee is charged, cost nothing)."""
        shape = (periods, loans)
        return cls(
            balances=np.zeros((periods + 1, loans), dtype=np.int64),
            **{name: np.zeros(shape, dtype=np.int64) for name in _NAMES},
        )

    @property
    def opening(self) -> Int64s:
        """Opening balances (periods x loans)."""
        return self.balances[:-1]

    @property
    def closing(self) -> Int64s:
        """Closing balances (periods x loans)."""
        return self.balances[1:]

    def columns(self, block: slice) -> Rows:
        """Views of the loans (columns) in ``block``."""
        return Rows(
            balances=self.balances[:, block],
            **{name: getattr(self, name)[:, block] for name in _NAMES},
        )


_NAMES = ("principal", "interest", "fee", "payment")


@attrs.frozen(kw_only=True, eq=False)
class Loans:
    """The loans one :func:`advance` call runs (a loan with a zero balance and level runs
    as all zeros: the engine zeroes the loans it leaves to the scalar engine).

    ``numerator / denominator`` is the period rate; with ``days`` (one row per period)
    the rate of period ``t`` is ``numerator x days[t] / denominator`` (daily accrual).
    ``fixed_base`` charges interest on the original balance every period (flat loans).
    """

    balance: Int64s
    numerator: Int64s
    denominator: Int64s
    term: Int64s
    fee: Int64s
    days: npt.NDArray[np.int32] | None = None
    fixed_base: bool = False
    first: IrregularFirst | None = None

    def take(self, positions: npt.NDArray[np.intp] | slice) -> Loans:
        """The loans at ``positions``."""
        days = None if self.days is None else self.days[:, positions]
        first = None if self.first is None else self.first.take(positions)
        return Loans(
            balance=self.balance[positions], numerator=self.numerator[positions],
            denominator=self.denominator[positions], term=self.term[positions],
            fee=self.fee[positions], days=days, fixed_base=self.fixed_base, first=first,
        )  # fmt: skip


@attrs.frozen(kw_only=True, eq=False)
class IrregularFirst:
    """Periodic loans whose first period is longer or shorter than a month (``irregular``):
    it accrues ``numerator / denominator`` (by the day count), and an annuity's first
    instalment repays the principal a regular first period would (the level payment less
    a regular month's interest, at least zero), as the scalar engine plans it."""

    irregular: npt.NDArray[np.bool_]
    numerator: Int64s
    denominator: Int64s

    def take(self, positions: npt.NDArray[np.intp] | slice) -> IrregularFirst:
        """The loans at ``positions``."""
        return IrregularFirst(
            irregular=self.irregular[positions], numerator=self.numerator[positions],
            denominator=self.denominator[positions],
        )  # fmt: skip


def _last_in(term: Int64s, periods: int | None = None) -> list[npt.NDArray[np.intp]]:
    """For each period (the first ``periods`` only, if given), the loans whose last
    instalment falls in it."""
    if periods is not None and periods <= 2:  # cheaper than the sort
        return [np.flatnonzero(term == k + 1) for k in range(periods)]
    order = np.argsort(term.astype(np.int16), kind="stable")  # terms <= 1200: a radix sort
    periods = int(term.max()) if len(term) else 0
    edges = np.searchsorted(term[order], np.arange(1, periods + 2))
    return [order[edges[k] : edges[k + 1]] for k in range(periods)]


def _divider(
    numerator: Int64s, denominator: Int64s, mode: RoundingMode
) -> tuple[Int64s, Int64s, Int64s] | None:
    """``(scaled numerator, offset, divisor)`` such that ``round(B n / d)`` by ``mode`` is
    ``(B x scaled + offset) // divisor`` (``None`` for half-even, which needs the
    remainder)."""
    if mode in (RoundingMode.DOWN, RoundingMode.FLOOR):
        return numerator, np.zeros_like(denominator), denominator
    if mode in (RoundingMode.UP, RoundingMode.CEILING):
        return numerator, denominator - 1, denominator
    if mode is RoundingMode.HALF_UP:
        return 2 * numerator, denominator, 2 * denominator
    if mode is RoundingMode.HALF_DOWN:
        return 2 * numerator, denominator - 1, 2 * denominator
    return None


#: Products at or above this are not put over a common divisor (int64 headroom).
_COMMON_LIMIT = float(2**61)


def _common(
    divider: tuple[Int64s, Int64s, Int64s], loans: Loans
) -> tuple[Int64s, Int64s, Int64s | int]:
    """The divider over one common divisor where the products still fit int64: numpy
    divides by one number several times faster than by a divisor per element, and
    ``floor((B s + o) / D) == floor((B s k + o k) / (D k))`` exactly."""
    scaled, offset, divisor = divider
    if not len(divisor):
        return divider
    common = int(divisor[0])
    for _ in range(64):  # a few distinct rates: as many passes (a hash of them costs more)
        left = common % divisor
        if not left.any():
            break
        common = math.lcm(common, int(divisor[int(np.argmax(left != 0))]))
        if common >= 2**40:
            return divider
    else:
        return divider
    if int(divisor.min()) == common:  # every divisor divides it: all are it
        return scaled, offset, common
    factor = common // divisor
    days = 1.0 if loans.days is None else float(loans.days.max(initial=1))
    biggest = loans.balance.astype(np.float64) * (scaled * factor).astype(np.float64) * days
    if biggest.max(initial=0.0) + common >= _COMMON_LIMIT:
        return divider
    return scaled * factor, offset * factor, common


def _interest(
    interest: Int64s,
    owed: Int64s,
    loans: Loans,
    *,
    days: npt.NDArray[np.int32] | None,
    divider: tuple[Int64s, Int64s, Int64s | int] | None,
    mode: RoundingMode,
) -> None:
    """A period's interest on ``owed``, rounded, into ``interest``."""
    if divider is None:
        rate = loans.numerator if days is None else loans.numerator * days
        interest[:] = round_div(owed * rate, loans.denominator, mode)
        return
    scaled, offset, divisor = divider
    np.multiply(owed, scaled if days is None else scaled * days, out=interest)
    interest += offset
    np.floor_divide(interest, divisor, out=interest)


def _write(
    out: Rows,
    period: int,
    *,
    columns: npt.NDArray[np.intp] | None,
    opening: Int64s,
    fee: Int64s | None,
    computed: Rows | None,
) -> None:
    """Write a period's opening balances and fees (``None``: none charged; the rest was
    computed in place), or, for ``columns``, every ``computed`` value."""
    if columns is None:  # the balances were computed in place
        if fee is not None:
            out.fee[period] = fee
        return
    assert computed is not None
    out.balances[period][columns] = opening
    if fee is not None:
        out.fee[period][columns] = fee
    for name in ("interest", "principal", "payment"):
        getattr(out, name)[period][columns] = getattr(computed, name)[0]
    out.balances[period + 1][columns] = computed.balances[1]


def _irregular_first(
    loans: Loans,
    *,
    owed: Int64s,
    balance: Int64s,
    level: Int64s,
    interest: Int64s,
    principal: Int64s,
    rule: Rule,
    mode: RoundingMode,
) -> None:
    """The first period of loans with an irregular one: its own rate, and for annuities
    the principal of a regular first instalment."""
    assert loans.first is not None
    at = np.flatnonzero(loans.first.irregular)
    if not len(at):
        return
    first = loans.first
    interest[at] = round_div(owed[at] * first.numerator[at], first.denominator[at], mode)
    if rule is Rule.LEVEL_PAYMENT:
        regular = round_div(balance[at] * loans.numerator[at], loans.denominator[at], mode)
        principal[at] = np.maximum(level[at] - regular, 0)


def _freeze(
    status: npt.NDArray[np.int8], balance: Int64s, principal: Int64s, closing: Int64s
) -> None:
    """Flag the loans whose principal is negative (a shortfall) or above the balance (an
    overshoot) unless already flagged, and freeze them: no principal, the balance kept."""
    short, over = principal < 0, closing < 0
    fresh = status == 0
    status[fresh & short] = SHORTFALL
    status[fresh & over & ~short] = OVERSHOOT
    principal[short | over] = 0  # settled by the caller
    np.subtract(balance, principal, out=closing)


def advance(
    out: Rows | None,
    columns: npt.NDArray[np.intp] | None,
    loans: Loans,
    level: Int64s,
    *,
    rule: Rule,
    mode: RoundingMode,
    first: Int64s | None = None,
    periods: int | None = None,
) -> npt.NDArray[np.int8]:
    """Run ``loans`` to maturity (or through their first ``periods`` only), writing their
    rows into the ``columns`` of ``out`` (if given; ``None``: the loans are all of
    ``out``'s columns, in order) and their first
    instalment's payment into ``first`` (if given); return each loan's status
    (:data:`OK`, :data:`OVERSHOOT`, :data:`SHORTFALL`, the first that happened, as the
    scalar engine checks: shortfall first).

    Every loan runs every period up to the longest term: once a loan's last instalment
    has repaid its balance and its level and fee are set to zero, its rows are zeros by
    the same arithmetic, so no masks are needed and rows are written whole.
    """
    count = len(loans.term)
    status = np.zeros(count, dtype=np.int8)
    if not count:
        return status
    direct = out is not None and columns is None  # compute straight into the output rows
    scratch = Rows.zeros(1, count) if not direct else None
    level = level.copy() if rule is not Rule.AT_MATURITY else np.zeros(count, dtype=np.int64)
    fee = loans.fee.copy()
    days = loans.days
    exact = _divider(loans.numerator, loans.denominator, mode)
    divider = None if exact is None else _common(exact, loans)
    base = loans.balance.copy() if loans.fixed_base else None
    balance = loans.balance.copy()
    charged = bool(fee.any())  # without fees the fee matrix stays zeros, never written
    if direct:
        assert out is not None
        out.balances[0] = balance
    for period, last in enumerate(_last_in(loans.term, periods)[:periods]):
        row = period if direct else 0
        target = out if direct else scratch
        assert target is not None
        interest, principal = target.interest[row], target.principal[row]
        payment, closing = target.payment[row], target.balances[row + 1]
        owed = balance if base is None else base
        _interest(
            interest, owed, loans, days=None if days is None else days[period],
            divider=divider, mode=mode,
        )  # fmt: skip
        if rule is Rule.LEVEL_PAYMENT:
            np.subtract(level, interest, out=principal)
        else:
            principal[:] = level
        if period == 0 and loans.first is not None:
            _irregular_first(
                loans, owed=owed, balance=balance, level=level, interest=interest,
                principal=principal, rule=rule, mode=mode,
            )  # fmt: skip
        principal[last] = balance[last]
        np.subtract(balance, principal, out=closing)
        if closing.min() < 0 or principal.min() < 0:
            _freeze(status, balance, principal, closing)
        np.add(principal, interest, out=payment)
        if charged:
            payment += fee
        if first is not None and period == 0:
            first[:] = payment
        if out is not None:
            _write(
                out, period, columns=columns, opening=balance, fee=fee if charged else None,
                computed=None if direct else target,
            )  # fmt: skip
        if direct:
            balance = closing  # a view of the row just written: the next opening balance
        else:
            balance[:] = closing
        level[last] = 0
        fee[last] = 0
        if base is not None:
            base[last] = 0
    return status
