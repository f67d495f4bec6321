"""The parts of a :class:`~loancalc.batch.BookAssessment`: :class:`BookStanding` (each
loan's delinquency) and :class:`BookAmounts` (each loan's amounts by component);
:class:`AssessmentAttributes` gives their fields as attributes of the assessment itself
(``found.days_past_due`` is ``found.standing.days_past_due``).

>>> from datetime import date
>>> from loancalc import batch
>>> found = batch.assess(batch.amortize([300], 0, 3, start=date(2024, 1, 31)),
...                      ([], [], []), date(2024, 3, 5))
>>> found.standing.bucket.tolist(), found.amounts.outstanding[0, 0].item()
(['M1'], 30000)
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

__all__ = ["AssessmentAttributes", "BookAmounts", "BookStanding"]

Int64s = npt.NDArray[np.int64]


@attrs.frozen(kw_only=True, eq=False)
class BookStanding:
    """Each loan's delinquency on ``as_of`` (one value per loan): ``days_past_due``,
    ``bucket``, ``classification`` (its value, ``"normal"``..) and ``reportable``.

    >>> BookStanding(days_past_due=np.array([0]), bucket=np.array(["M0"]),
    ...              classification=np.array(["normal"]),
    ...              reportable=np.array([False])).bucket.tolist()
    ['M0']
    """

    days_past_due: Int64s
    bucket: npt.NDArray[np.str_]
    classification: npt.NDArray[np.str_]
    reportable: npt.NDArray[np.bool_]


@attrs.frozen(kw_only=True, eq=False)
class BookAmounts:
    """Each loan's amounts by component: ``charged``, ``paid``, ``waived`` and
    ``outstanding``, loans x 6 int64 matrices in grid units, one column per component
    (``paid + waived + outstanding == charged``).

    >>> zero = np.zeros((1, 6), dtype=np.int64)
    >>> BookAmounts(charged=zero, paid=zero, waived=zero, outstanding=zero).paid.shape
    (1, 6)
    """

    charged: Int64s
    paid: Int64s
    waived: Int64s
    outstanding: Int64s


class AssessmentAttributes:
    """The fields of an assessment's :class:`BookStanding` and :class:`BookAmounts` as
    attributes of the assessment (see the module's example).

    >>> from datetime import date
    >>> from loancalc import batch
    >>> found = batch.assess(batch.amortize([100], 0, 1, start=date(2024, 1, 1)),
    ...                      ([], [], []), date(2024, 2, 5))
    >>> found.days_past_due.tolist(), found.charged is found.amounts.charged
    ([4], True)
    """

    __slots__ = ()
    standing: BookStanding
    amounts: BookAmounts

    @property
    def days_past_due(self) -> Int64s:
        """Each loan's days past due (of its oldest unpaid instalment)."""
        return self.standing.days_past_due

    @property
    def bucket(self) -> npt.NDArray[np.str_]:
        """Each loan's delinquency bucket (``M0``, ``M1``...)."""
        return self.standing.bucket

    @property
    def classification(self) -> npt.NDArray[np.str_]:
        """Each loan's classification (its value, ``"normal"``..)."""
        return self.standing.classification

    @property
    def reportable(self) -> npt.NDArray[np.bool_]:
        """Whether a credit bureau would see each loan as overdue."""
        return self.standing.reportable

    @property
    def charged(self) -> Int64s:
        """Everything charged, loans x components."""
        return self.amounts.charged

    @property
    def paid(self) -> Int64s:
        """Everything paid (allocated), loans x components."""
        return self.amounts.paid

    @property
    def waived(self) -> Int64s:
        """Everything waived, loans x components."""
        return self.amounts.waived

    @property
    def outstanding(self) -> Int64s:
        """Everything still owed, due or not, loans x components."""
        return self.amounts.outstanding
