"""Delinquency buckets (M0..M7+) and five-tier loan classification (五级分类).

>>> table = DelinquencyTable()
>>> [table.bucket(days) for days in (0, 1, 30, 31, 180, 181)]
['M0', 'M1', 'M1', 'M2', 'M6', 'M7+']
>>> table.classify(10).value, table.classify(91).value, table.classify(361).value
('special-mention', 'substandard', 'loss')
>>> DelinquencyTable.card_2011().classify(121).value
'doubtful'
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import attrs

from loancalc.errors import InvalidValueError
from loancalc.servicing._checks import optional_share, whole
from loancalc.terms import _ParsedEnum

__all__ = ["Classification", "DelinquencyTable", "Threshold"]


class Classification(_ParsedEnum):
    """The five tiers: normal 正常, special mention 关注, substandard 次级, doubtful 可疑,
    loss 损失.

    >>> Classification.parse("关注")
    <Classification.SPECIAL_MENTION: 'special-mention'>
    """

    NORMAL = "normal"
    SPECIAL_MENTION = "special-mention"
    SUBSTANDARD = "substandard"
    DOUBTFUL = "doubtful"
    LOSS = "loss"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {
            "正常": "normal",
            "关注": "special-mention",
            "次级": "substandard",
            "可疑": "doubtful",
            "损失": "loss",
        }

    @classmethod
    def _field_name(cls) -> str:
        return "classification"


def _to_classification(value: object) -> Classification:
    return Classification.parse(value)


def _check_days(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or not 1 <= value <= 36600:
        raise InvalidValueError("delinquency.days", value, "a whole number of days from 1 to 36600")


@attrs.frozen(kw_only=True)
class Threshold:
    """From ``days`` past due on, a loan is at least ``classification``.

    >>> Threshold(days=91, classification="次级").classification.value
    'substandard'
    """

    days: int = attrs.field(validator=_check_days)
    classification: Classification = attrs.field(converter=_to_classification)


def _to_bounds(value: object) -> tuple[int, ...]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise InvalidValueError("delinquency.bucket_bounds", value, "a list of whole days")
    bounds = tuple(value)
    valid = bool(bounds) and all(type(b) is int and b >= 1 for b in bounds)
    if not valid or any(later <= earlier for earlier, later in itertools.pairwise(bounds)):
        raise InvalidValueError(
            "delinquency.bucket_bounds", list(bounds), "strictly increasing whole days >= 1"
        )
    return bounds


def _to_thresholds(value: object) -> tuple[Threshold, ...]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise InvalidValueError("delinquency.thresholds", value, "a list of Threshold")
    items = tuple(value)
    if not all(isinstance(item, Threshold) for item in items):
        raise InvalidValueError("delinquency.thresholds", value, "a list of Threshold")
    ranks = list(Classification)
    for earlier, later in itertools.pairwise(items):
        if later.days <= earlier.days or ranks.index(later.classification) <= ranks.index(
            earlier.classification
        ):
            raise InvalidValueError(
                "delinquency.thresholds",
                [(t.days, t.classification.value) for t in items],
                "thresholds with increasing days and increasingly severe classifications",
            )
    return items


def _to_borrower_share(value: object) -> Decimal | None:
    return optional_share(value, "delinquency.borrower_share", Decimal(1))


def _check_count_from(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if value not in ("due-date", "grace-end"):
        raise InvalidValueError("delinquency.count_from", value, "one of due-date, grace-end")


#: Bank rules of 2023: any overdue -> special mention; > 90 days substandard; > 270
#: doubtful; > 360 loss.
_BANK_2023 = (
    Threshold(days=1, classification=Classification.SPECIAL_MENTION),
    Threshold(days=91, classification=Classification.SUBSTANDARD),
    Threshold(days=271, classification=Classification.DOUBTFUL),
    Threshold(days=361, classification=Classification.LOSS),
)
#: Card rules of 2011 (art. 92): 1-90 special mention, 91-120 substandard, 121-180
#: doubtful, over 180 loss.
_CARD_2011 = (
    Threshold(days=1, classification=Classification.SPECIAL_MENTION),
    Threshold(days=91, classification=Classification.SUBSTANDARD),
    Threshold(days=121, classification=Classification.DOUBTFUL),
    Threshold(days=181, classification=Classification.LOSS),
)


@attrs.frozen(kw_only=True)
class DelinquencyTable:
    """Bucket bands and classification thresholds, by days past due.

    ``bucket_bounds``: the upper day of each bucket M1.. (default 30, 60, ..., 180, so M1
    is 1-30 days and M7+ over 180). ``thresholds``: classification floors (default the
    2023 bank rules; :meth:`card_2011` gives the older card bands). ``count_from``:
    ``"due-date"`` (days past due count from the due date, the default) or
    ``"grace-end"`` (some lenders count from the end of grace).

    Read by :func:`loancalc.borrower.classify_borrower` only (a loan's own
    ``classification`` is by days past due): ``restructured_floor``, the least a
    restructured loan is classified during its observation period (default substandard);
    ``observation_months``, that period's least length from the first due date after the
    restructuring (default 12: the 2023 rules, art. 20, say at least one year and two
    repayment periods); ``borrower_share``, the share of a borrower's debt that, once
    non-performing, makes every loan of the borrower non-performing (None, the default:
    each loan on its own, as the 2023 rules allow for retail loans, art. 8; 0.10 for a
    non-retail debtor, art. 7).

    >>> DelinquencyTable(bucket_bounds=(30, 20))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: delinquency.bucket_bounds: got [30, 20]; accepted: strict...
    """

    bucket_bounds: tuple[int, ...] = attrs.field(
        default=(30, 60, 90, 120, 150, 180), converter=_to_bounds
    )
    thresholds: tuple[Threshold, ...] = attrs.field(default=_BANK_2023, converter=_to_thresholds)
    count_from: str = attrs.field(default="due-date", validator=_check_count_from)
    restructured_floor: Classification = attrs.field(
        default=Classification.SUBSTANDARD, converter=_to_classification
    )
    observation_months: int = attrs.field(
        default=12, validator=whole(1, 1200, "delinquency.observation_months")
    )
    borrower_share: Decimal | None = attrs.field(default=None, converter=_to_borrower_share)

    @classmethod
    def bank_2023(cls) -> DelinquencyTable:
        """The 2023 classification rules for banks (the default).

        >>> DelinquencyTable.bank_2023().classify(271).value
        'doubtful'
        """
        return cls(thresholds=_BANK_2023)

    @classmethod
    def card_2011(cls) -> DelinquencyTable:
        """The 2011 credit-card bands (art. 92).

        >>> DelinquencyTable.card_2011().classify(181).value
        'loss'
        """
        return cls(thresholds=_CARD_2011)

    def bucket(self, days_past_due: int) -> str:
        """``"M0"`` when current, ``"M1"``.. by the bands, ``"M<n>+"`` past the last band.

        >>> DelinquencyTable(bucket_bounds=(30, 60)).bucket(61)
        'M3+'
        """
        if days_past_due <= 0:
            return "M0"
        for index, bound in enumerate(self.bucket_bounds, start=1):
            if days_past_due <= bound:
                return f"M{index}"
        return f"M{len(self.bucket_bounds) + 1}+"

    def classify(self, days_past_due: int) -> Classification:
        """The classification floor for ``days_past_due`` (normal when none applies).

        >>> DelinquencyTable().classify(0).value
        'normal'
        """
        result = Classification.NORMAL
        for threshold in self.thresholds:
            if days_past_due >= threshold.days:
                result = threshold.classification
        return result
