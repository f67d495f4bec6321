"""What the scheduled payments of every loan ask for on the actual-balance basis, and what
of it is paid: the vectorised :mod:`loancalc.servicing.balance_demands`.

Each demand (one column per instalment) asks for an amount made of principal, interest
and fee (its *parts*); money paid to principal, interest and fee covers the unpaid
demands oldest first (``unpaid``), whichever part it was paid to. What bears penalty
(principal) and compound interest (interest) is what the demands asked for less what the
loan repaid of each, first asked, first repaid (:meth:`Demands.bases`), exactly as the
scalar engine does. Money beyond the demands is paid ahead and covers the next ones as
they fall due.

>>> import numpy as np
>>> demands = Demands(np.array([[100, 100]]), (2, 1, 0), labelled=True)
>>> who, first = np.array([0]), np.array([0])
>>> demands.fall_due(who, first, np.array([100]), np.array([10]), np.array([0]))
>>> demands.cover(who, np.array([[30], [10], [0]]))  # 30 to principal, 10 to interest
>>> demands.unpaid.tolist(), demands.parts[:, 0, 0].tolist()
([[60, 0]], [90, 10, 0])
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["Demands", "fill"]

Int64s = npt.NDArray[np.int64]
Ints = npt.NDArray[np.intp]
Bools = npt.NDArray[np.bool_]


def fill(rooms: Int64s, money: Int64s) -> tuple[Int64s, Int64s]:
    """``money`` (one amount per row) poured into ``rooms`` (rows x slots) slot by slot,
    in order: what each slot takes, and what is left of each amount.

    >>> taken, left = fill(np.array([[5, 3, 4]]), np.array([7]))
    >>> taken.tolist(), left.tolist()
    ([[5, 2, 0]], [0])
    """
    before = np.cumsum(rooms, axis=1) - rooms
    taken: Int64s = np.clip(money[:, None] - before, 0, rooms)
    return taken, money - taken.sum(axis=1)


class Demands:
    """Every loan's demands (mutable): ``unpaid`` (loans x instalments), ``arrears`` and
    ``ahead`` (paid ahead) per loan, ``fallen`` (how many fell due); when ``labelled``
    (penalty interest needs it) also ``parts`` (principal, interest, fee x loans x
    instalments) and ``overdue`` (grace ended short). ``order``: the positions
    of principal (0), interest (1) and fee (2) in the allocation order.

    >>> Demands(np.zeros((2, 3), dtype=np.int64), (0, 1, 2), labelled=False).arrears.tolist()
    [0, 0]
    """

    def __init__(self, asked: Int64s, order: tuple[int, ...], *, labelled: bool) -> None:
        loans, width = asked.shape
        self.asked, self.order, self.labelled = asked, list(order), labelled
        self.unpaid = np.zeros((loans, width), dtype=np.int64)
        self.arrears = np.zeros(loans, dtype=np.int64)
        self.ahead = np.zeros(loans, dtype=np.int64)
        self.fallen = np.zeros(loans, dtype=np.int64)
        shape = (3, loans, width) if labelled else (3, 0, width)
        self.parts = np.zeros(shape, dtype=np.int64)
        self.overdue = np.zeros(shape[1:], dtype=bool)

    def fall_due(
        self, who: Ints, column: Int64s, amount: Int64s, interest: Int64s, fee: Int64s
    ) -> None:
        """Demand ``column`` of loans ``who`` asks for ``amount`` (of it ``interest`` and
        ``fee``); what was paid ahead covers it first.

        >>> demands = Demands(np.array([[50]]), (1, 2, 0), labelled=True)
        >>> demands.ahead[:] = 20
        >>> one = np.array([0])
        >>> demands.fall_due(one, one, np.array([50]), np.array([5]), np.array([0]))
        >>> demands.unpaid.tolist(), demands.parts[:, 0, 0].tolist()
        ([[30]], [45, 5, 0])
        """
        early = np.minimum(self.ahead[who], amount)
        self.ahead[who] -= early
        self.unpaid[who, column] = amount - early
        self.arrears[who] += amount - early
        self.fallen[who] = column + 1
        if self.labelled:
            self.parts[:, who, column] = np.stack([amount - fee - interest, interest, fee])

    def cover(self, who: Ints, taken: Int64s) -> None:
        """Money paid to principal, interest and fee (``taken``: 3 x loans ``who``) covers
        the unpaid demands, oldest first; the rest is paid ahead.

        >>> demands = Demands(np.array([[50]]), (1, 2, 0), labelled=False)
        >>> one = np.array([0])
        >>> demands.fall_due(one, one, np.array([50]), np.array([5]), np.array([0]))
        >>> demands.cover(one, np.array([[40], [20], [0]]))
        >>> demands.unpaid.tolist(), demands.ahead.tolist()
        ([[0]], [10])
        """
        money = taken.sum(axis=0)
        arrears = self.arrears[who]
        short = money < arrears  # some demand stays unpaid
        settled = who[~short & (arrears > 0)]  # every demand paid
        self.unpaid[settled] = 0
        some = who[short]
        if len(some):
            pay, _ = fill(self.unpaid[some], money[short])
            self.unpaid[some] -= pay
        covered = np.minimum(money, arrears)
        self.arrears[who] = arrears - covered
        self.ahead[who] += money - covered

    def bases(
        self,
        who: Ints,
        owed: tuple[Int64s, Int64s],
        repaid: tuple[Int64s, Int64s],
        *,
        retroactive: bool,
    ) -> tuple[Int64s, Int64s, Int64s | None, Int64s | None]:
        """The overdue principal and interest of loans ``who`` and (``retroactive``) what
        each demand within grace adds to them, in order (loans x instalments; else None),
        as the scalar engine's rule has them: of the principal asked by every demand
        fallen due up to the newest of the group, what the principal ``repaid`` has not
        reached, within the group's unpaid amount and the principal ``owed``; then the
        interest likewise, within what of the unpaid amount is left.

        >>> demands = Demands(np.array([[100]]), (1, 2, 0), labelled=True)
        >>> one = np.array([0])
        >>> demands.fall_due(one, one, np.array([100]), np.array([10]), np.array([0]))
        >>> base_p, base_i, more_p, more_i = demands.bases(
        ...     one, (np.array([80]), np.array([10])), (np.array([20]), np.array([0])),
        ...     retroactive=True)
        >>> base_p.tolist(), more_p.tolist(), more_i.tolist()  # in grace: 90 asked, 20 paid
        ([0], [[70]], [[10]])
        """
        unpaid = self.unpaid[who]
        open_ = unpaid > 0
        overdue = self.overdue[who] & open_
        through_p = np.cumsum(self.parts[0, who], axis=1)
        through_i = np.cumsum(self.parts[1, who], axis=1)
        width = unpaid.shape[1]
        columns = np.arange(width)
        # the newest overdue demand still unpaid (-1: none)
        newest = np.where(overdue, columns, -1).max(axis=1, initial=-1)
        rows = np.arange(len(who))
        at = np.maximum(newest, 0)
        none = newest < 0
        late_unpaid = np.where(overdue, unpaid, 0).sum(axis=1)
        base_p, base_i = _split(
            np.where(none, 0, through_p[rows, at]), np.where(none, 0, through_i[rows, at]),
            late_unpaid, owed, repaid,
        )  # fmt: skip
        if not retroactive:
            return base_p, base_i, None, None
        within = open_ & ~overdue & (columns < self.fallen[who][:, None])
        running = late_unpaid[:, None] + np.cumsum(np.where(within, unpaid, 0), axis=1)
        value_p, value_i = _split(
            through_p, through_i, running,
            (owed[0][:, None], owed[1][:, None]), (repaid[0][:, None], repaid[1][:, None]),
        )  # fmt: skip
        more = []
        for value, base in ((value_p, base_p), (value_i, base_i)):
            # each demand within grace adds its value less the value before it (the
            # last demand within grace before it, or the overdue group's)
            last = np.maximum.accumulate(np.where(within, columns, -1), axis=1)
            filled = np.where(last >= 0, np.take_along_axis(value, np.maximum(last, 0), 1),
                              base[:, None])  # fmt: skip
            before = np.concatenate([base[:, None], filled[:, :-1]], axis=1)
            more.append(np.where(within, filled - before, 0))
        return base_p, base_i, more[0], more[1]


def _split(
    through_p: Int64s,
    through_i: Int64s,
    unpaid: Int64s,
    owed: tuple[Int64s, Int64s],
    repaid: tuple[Int64s, Int64s],
) -> tuple[Int64s, Int64s]:
    """Overdue principal and interest: what was asked ``through`` a demand less what was
    ``repaid``, within ``unpaid`` (principal first) and what is ``owed``."""
    principal = np.minimum(np.minimum(np.maximum(through_p - repaid[0], 0), unpaid), owed[0])
    interest = np.minimum(
        np.minimum(np.maximum(through_i - repaid[1], 0), unpaid - principal), owed[1]
    )
    return principal, interest
