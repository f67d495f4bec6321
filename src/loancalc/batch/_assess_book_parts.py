"""The parts of a :class:`~loancalc.batch._assess_book.Book`: :class:`Rows` (its
instalments as loans x longest-term matrices) and :class:`Loans` (one value per loan),
each able to :meth:`~Rows.take` some loans; :class:`BookAttributes` gives their fields
as attributes of the book itself (``book.principal`` is ``book.rows.principal``).

>>> import numpy as np
>>> loans = Loans(lent=np.array([100, 200]), count=np.array([1, 2]), start=np.array([0, 5]),
...               rate_index=np.array([0, 0]), day_count_index=np.array([0, 0]))
>>> loans.take(np.array([1])).lent.tolist()
[200]
"""

from __future__ import annotations

from typing import TypeVar

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["BookAttributes", "Int64s", "Loans", "Rows"]

Int64s = npt.NDArray[np.int64]
Indexes = npt.NDArray[np.intp]


_Record = TypeVar("_Record", "Rows", "Loans")


def _take(record: _Record, rows: Indexes) -> _Record:
    """``record`` (arrays, one row per loan) with only the loans ``rows``."""
    names = [field.name for field in attrs.fields(type(record))]
    return attrs.evolve(record, **{name: getattr(record, name)[rows] for name in names})


@attrs.frozen(kw_only=True, eq=False)
class Rows:
    """The loans' instalments as matrices (loans x longest term, padded with zeros and
    with due dates past every ``as_of``): ``principal``, ``interest``, ``fee`` and
    ``opening`` (balance) in grid units; dates as days since 1970-01-01: ``row_due``
    (the schedule's due dates: the settlement's periods), ``row_start``, ``due`` (the
    effective due dates: rolled to a business day if the rules say so) and ``grace``
    (the last day of grace).

    >>> one = np.array([[1]])
    >>> Rows(principal=one, interest=one, fee=one, opening=one, row_due=one, row_start=one,
    ...      due=one, grace=one).take(np.array([0, 0])).principal.tolist()
    [[1], [1]]
    """

    principal: Int64s
    interest: Int64s
    fee: Int64s
    opening: Int64s
    row_due: Int64s
    row_start: Int64s
    due: Int64s
    grace: Int64s

    def take(self, rows: Indexes) -> Rows:
        """The loans ``rows`` (in that order)."""
        return _take(self, rows)


@attrs.frozen(kw_only=True, eq=False)
class Loans:
    """One value per loan: ``lent`` (the principal lent, in grid units: what a
    penalty's ``cap_share`` is a share of), ``count`` (of instalments), ``start`` (days
    since 1970-01-01), ``rate_index`` and ``day_count_index`` (into the book's distinct
    ``rates`` and ``day_counts``). See the module's example.
    """

    lent: Int64s
    count: Int64s
    start: Int64s
    rate_index: Indexes
    day_count_index: Indexes

    def take(self, rows: Indexes) -> Loans:
        """The loans ``rows`` (in that order)."""
        return _take(self, rows)


class BookAttributes:
    """The fields of a book's :class:`Rows` and :class:`Loans` as attributes of the book.

    >>> from datetime import date
    >>> from loancalc import batch, ServicingRules
    >>> from loancalc.batch._assess_book import read
    >>> book = read(batch.amortize([600], 0, 2, start=date(2024, 1, 1)), ServicingRules())
    >>> book.principal is book.rows.principal, book.count.tolist()
    (True, [2])
    """

    __slots__ = ()
    rows: Rows
    loans: Loans

    @property
    def principal(self) -> Int64s:
        """Each instalment's principal."""
        return self.rows.principal

    @property
    def interest(self) -> Int64s:
        """Each instalment's interest."""
        return self.rows.interest

    @property
    def fee(self) -> Int64s:
        """Each instalment's fee."""
        return self.rows.fee

    @property
    def opening(self) -> Int64s:
        """Each instalment's opening balance."""
        return self.rows.opening

    @property
    def row_due(self) -> Int64s:
        """The schedule's due dates (the settlement's periods)."""
        return self.rows.row_due

    @property
    def row_start(self) -> Int64s:
        """The first day of each instalment's period."""
        return self.rows.row_start

    @property
    def due(self) -> Int64s:
        """The effective due dates (rolled to a business day if the rules say so)."""
        return self.rows.due

    @property
    def grace(self) -> Int64s:
        """The last day of grace of each instalment."""
        return self.rows.grace

    @property
    def lent(self) -> Int64s:
        """The principal lent, per loan."""
        return self.loans.lent

    @property
    def count(self) -> Int64s:
        """The number of instalments, per loan."""
        return self.loans.count

    @property
    def start(self) -> Int64s:
        """The start date, per loan."""
        return self.loans.start

    @property
    def rate_index(self) -> Indexes:
        """Each loan's contract rate, as an index into the book's ``rates``."""
        return self.loans.rate_index

    @property
    def day_count_index(self) -> Indexes:
        """Each loan's day count, as an index into the book's ``day_counts``."""
        return self.loans.day_count_index
