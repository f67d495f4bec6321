"""What the scheduled payments of every loan ask for on the actual-balance basis, and what
of it is paid: the vectorised :mod:`loancalc.servicing.balance_demands`.

Each demand (one column per instalment) asks for an amount made of principal, interest
and fee (its *parts*); money paid to principal, interest and fee covers the unpaid
demands oldest first (``unpaid``), and separately each part of them (``covered``): what
went to principal covers their principal, oldest first, and so on, and what is beyond a
part's demands covers their other parts in the allocation order; a demand paid in full
is covered in full. Which parts stay uncovered is what bears penalty (principal) and
compound interest (interest): it follows how the money was labelled, not which demand
it paid, exactly as the scalar engine does. Money beyond the demands is paid ahead and
covers the next ones as they fall due.

>>> import numpy as np
>>> demands = Demands(np.array([[100, 100]]), (2, 1, 0), labelled=True)
>>> who, first = np.array([0]), np.array([0])
>>> demands.fall_due(who, first, np.array([100]), np.array([10]), np.array([0]))
>>> demands.cover(who, np.array([[30], [10], [0]]))  # 30 to principal, 10 to interest
>>> demands.unpaid.tolist(), demands.rooms(who)[:2, 0, 0].tolist()
([[60, 0]], [60, 0])
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
    (penalty interest needs it) also ``parts`` and ``covered`` (principal, interest, fee
    x loans x instalments) and ``overdue`` (grace ended short). ``order``: the positions
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
        self.covered = np.zeros(shape, dtype=np.int64)
        self.overdue = np.zeros(shape[1:], dtype=bool)

    def rooms(self, who: Ints) -> Int64s:
        """What each part of the demands of loans ``who`` asks for and is not covered
        (principal, interest, fee x loans x instalments; 0 for a demand paid or not due).

        >>> Demands(np.ones((1, 2), dtype=np.int64), (0, 1, 2), labelled=True).rooms(
        ...     np.array([0])).shape
        (3, 1, 2)
        """
        unpaid = self.unpaid[who] > 0  # (a demand paid in full is covered in full)
        rooms: Int64s = np.where(unpaid, self.parts[:, who] - self.covered[:, who], 0)
        return rooms

    def fall_due(
        self, who: Ints, column: Int64s, amount: Int64s, interest: Int64s, fee: Int64s
    ) -> None:
        """Demand ``column`` of loans ``who`` asks for ``amount`` (of it ``interest`` and
        ``fee``); what was paid ahead covers it first, its parts in the allocation order.

        >>> demands = Demands(np.array([[50]]), (1, 2, 0), labelled=True)
        >>> demands.ahead[:] = 20
        >>> one = np.array([0])
        >>> demands.fall_due(one, one, np.array([50]), np.array([5]), np.array([0]))
        >>> demands.unpaid.tolist(), demands.covered[:, 0, 0].tolist()
        ([[30]], [15, 5, 0])
        """
        early = np.minimum(self.ahead[who], amount)
        self.ahead[who] -= early
        self.unpaid[who, column] = amount - early
        self.arrears[who] += amount - early
        self.fallen[who] = column + 1
        if not self.labelled:
            return
        parts = np.stack([amount - fee - interest, interest, fee])
        covered = np.zeros_like(parts)
        for index in self.order:
            covered[index] = np.minimum(parts[index], early)
            early = early - covered[index]
        self.parts[:, who, column] = parts
        self.covered[:, who, column] = covered

    def cover(self, who: Ints, taken: Int64s) -> None:
        """Money paid to principal, interest and fee (``taken``: 3 x loans ``who``) covers
        the unpaid demands, oldest first, and their parts; the rest is paid ahead."""
        money = taken.sum(axis=0)
        arrears = self.arrears[who]
        short = money < arrears  # some demand stays unpaid: which parts, is worked out
        settled = who[~short & (arrears > 0)]  # every demand paid: each covered in full
        self.unpaid[settled] = 0
        some = who[short]
        if len(some):
            rows = self.unpaid[some]
            pay, _ = fill(rows, money[short])
            left = rows - pay
            self.unpaid[some] = left
            if self.labelled:
                self._cover_parts(some, taken[:, short], rows)
        covered = np.minimum(money, arrears)
        self.arrears[who] = arrears - covered
        self.ahead[who] += money - covered

    def asking(self, who: Ints) -> tuple[Int64s, Int64s]:
        """The interest and the fees the unpaid demands of loans ``who`` ask for.

        >>> Demands(np.ones((1, 2), dtype=np.int64), (0, 1, 2), labelled=True).asking(
        ...     np.array([0]))[0].tolist()
        [0]
        """
        interest = np.zeros(len(who), dtype=np.int64)
        fees = np.zeros(len(who), dtype=np.int64)
        unpaid = self.arrears[who] > 0  # (none unpaid: every part covered)
        if unpaid.any():
            rooms = self.rooms(who[unpaid])
            interest[unpaid], fees[unpaid] = rooms[1].sum(axis=1), rooms[2].sum(axis=1)
        return interest, fees

    def _cover_parts(self, who: Ints, taken: Int64s, unpaid: Int64s) -> None:
        """Cover the parts of the demands of loans ``who`` (``unpaid``: what they had
        unpaid before the money) with ``taken``."""
        rooms = np.where(unpaid > 0, self.parts[:, who] - self.covered[:, who], 0)
        added = np.zeros_like(rooms)
        spill = np.zeros(len(who), dtype=np.int64)
        for index in range(3):  # each part's money covers that part, oldest first
            added[index], left = fill(rooms[index], taken[index])
            spill += left
        if spill.any():  # beyond a part's demands: their other parts, in the order
            order = self.order
            loans, width = rooms.shape[1:]
            ordered = (rooms[order] - added[order]).transpose(1, 2, 0).reshape(loans, -1)
            more, _ = fill(ordered, spill)
            added[order] += more.reshape(loans, width, 3).transpose(2, 0, 1)
        self.covered[:, who] += added

    def bases(
        self, who: Ints, principal: Int64s, interest: Int64s, *, retroactive: bool
    ) -> tuple[Int64s, Int64s, Int64s | None, Int64s | None]:
        """The overdue principal and interest of loans ``who`` (at most those owed), and
        (``retroactive``) what each demand within grace adds to them, in order (loans x
        instalments; else None): :meth:`Demands.unpaid_of` over the growing group.

        >>> demands = Demands(np.array([[100]]), (1, 2, 0), labelled=True)
        >>> one = np.array([0])
        >>> demands.fall_due(one, one, np.array([100]), np.array([10]), np.array([0]))
        >>> base_p, base_i, more_p, more_i = demands.bases(one, np.array([80]),
        ...                                                np.array([10]), retroactive=True)
        >>> base_p.tolist(), more_p.tolist(), more_i.tolist()  # in grace: 90 asked, 80 owed
        ([0], [[80]], [[10]])
        """
        rooms = self.rooms(who)
        overdue = self.overdue[who]
        late = [
            np.minimum(np.where(overdue, rooms[index], 0).sum(axis=1), owed)
            for index, owed in ((0, principal), (1, interest))
        ]
        if not retroactive:
            return late[0], late[1], None, None
        more = []
        for index, owed in ((0, principal), (1, interest)):
            base = late[index]  # (capped: once the group asks for all owed, so does more)
            running = base[:, None] + np.cumsum(np.where(overdue, 0, rooms[index]), axis=1)
            capped = np.minimum(running, owed[:, None])
            more.append(capped - np.concatenate([base[:, None], capped[:, :-1]], axis=1))
        return late[0], late[1], more[0], more[1]
