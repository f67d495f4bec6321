"""Late fees (滞纳金 / 违约金): :class:`LateFeePolicy`, which computes its own charges.

Both servicing engines ask the policy what a charge is (:meth:`LateFeePolicy.fee`) and
when the next one falls (:meth:`LateFeePolicy.next_charge`), so the rule is written once.

>>> from loancalc.money import CONTEXT, Rounding
>>> policy = LateFeePolicy(kind="share", share="0.05", minimum="1", cap_total="30")
>>> policy.fee(unpaid=Decimal("1100.16"), scheduled=Decimal("1100.16"),
...            charged=Decimal(0), rounding=Rounding())  # 5 % of 1,100.16 = 55.008
Decimal('30')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any, assert_never

import attrs
import numpy as np
import numpy.typing as npt

from loancalc._validation import amount
from loancalc.calendar import days_after
from loancalc.errors import InvalidValueError
from loancalc.money import Rounding, grid_units
from loancalc.servicing._checks import Validator, optional_amount, share
from loancalc.servicing.late_fee_kinds import LateFeeBase, LateFeeDate, LateFeeKind, Pyramiding
from loancalc.terms import MAX_PRINCIPAL

__all__ = [
    "SPARED_NOTE",
    "LateFeeBase",
    "LateFeeDate",
    "LateFeeKind",
    "LateFeePolicy",
    "Pyramiding",
    "spared_installments",
]

#: The note of the ``grace-ended`` event of an instalment :func:`spared_installments` spares.
SPARED_NOTE = "no late fee: paid in full and on time by its own payments (no pyramiding)"

_ZERO = Decimal(0)


# Named converters (the attrs mypy plugin needs named functions, not closures).
def _to_fee_amount(value: object) -> Decimal:
    return amount(value, "late_fee.amount", high=MAX_PRINCIPAL)


def _to_fee_share(value: object) -> Decimal:
    return share(value, "late_fee.share", Decimal(1))


def _to_fee_minimum(value: object) -> Decimal | None:
    return optional_amount(value, "late_fee.minimum")


def _to_fee_maximum(value: object) -> Decimal | None:
    return optional_amount(value, "late_fee.maximum")


def _to_fee_cap_total(value: object) -> Decimal | None:
    return optional_amount(value, "late_fee.cap_total")


def _to_fee_date(value: object) -> LateFeeDate:
    return LateFeeDate.parse(value)


def _to_pyramiding(value: object) -> Pyramiding:
    return Pyramiding.parse(value)


def _to_fee_kind(value: object) -> LateFeeKind:
    return LateFeeKind.parse(value)


def _to_fee_base(value: object) -> LateFeeBase:
    return LateFeeBase.parse(value)


def _optional_days(field: str) -> Validator:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and (type(value) is not int or not 1 <= value <= 3660):
            raise InvalidValueError(field, value, "None or a whole number of days from 1 to 3660")

    return check


@attrs.frozen(kw_only=True)
class LateFeePolicy:
    """Late fees (滞纳金 / 违约金): charged when grace ends with an instalment unpaid.

    ``kind``/``amount``/``share``/``base``: how much (a fixed ``amount``, or ``share`` of
    the ``base``, rounded by the loan's rounding and kept within ``minimum`` and
    ``maximum``). ``repeat_days``: charge again every N days while the instalment stays
    unpaid (None: once per instalment). ``cap_total``: the most all late fees of the loan
    may add up to. ``pyramiding``: whether an instalment paid in full and on time by its
    own payment, left short because earlier late fees or shortfalls took that money, is
    charged a late fee (:class:`Pyramiding`). ``charged_on``: the end of grace (the
    default) or the due date (:class:`LateFeeDate`; a share of what is unpaid is then
    refused: on the due date nothing of the day's money is in it yet). Late fees never
    bear penalty or compound interest.

    >>> LateFeePolicy(kind="share", share="0.05", minimum="1").minimum
    Decimal('1')
    >>> LateFeePolicy(kind="fixed")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: late_fee.amount: got Decimal('0'); accepted: an amount > ...
    """

    kind: LateFeeKind = attrs.field(default=LateFeeKind.NONE, converter=_to_fee_kind)
    amount: Decimal = attrs.field(default=_ZERO, converter=_to_fee_amount)
    share: Decimal = attrs.field(default=_ZERO, converter=_to_fee_share)
    base: LateFeeBase = attrs.field(default=LateFeeBase.UNPAID, converter=_to_fee_base)
    minimum: Decimal | None = attrs.field(default=None, converter=_to_fee_minimum)
    maximum: Decimal | None = attrs.field(default=None, converter=_to_fee_maximum)
    repeat_days: int | None = attrs.field(
        default=None, validator=_optional_days("late_fee.repeat_days")
    )
    cap_total: Decimal | None = attrs.field(default=None, converter=_to_fee_cap_total)
    pyramiding: Pyramiding = attrs.field(default=Pyramiding.ALLOWED, converter=_to_pyramiding)
    charged_on: LateFeeDate = attrs.field(default=LateFeeDate.GRACE_END, converter=_to_fee_date)

    def __attrs_post_init__(self) -> None:
        if self.kind is LateFeeKind.FIXED and not self.amount:
            raise InvalidValueError(
                "late_fee.amount", self.amount, "an amount > 0 when kind is fixed"
            )
        if self.kind is LateFeeKind.SHARE and not self.share:
            raise InvalidValueError("late_fee.share", self.share, "a share > 0 when kind is share")
        if (
            self.charged_on.before_money
            and self.kind is LateFeeKind.SHARE
            and self.base is LateFeeBase.UNPAID
        ):
            raise InvalidValueError(
                "late_fee.charged_on",
                self.charged_on.value,
                "'grace-end' for a share of what is unpaid (base 'unpaid'); 'due-date' "
                "with a fixed fee or a share of the scheduled payment (base 'scheduled')",
            )
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise InvalidValueError(
                "late_fee.maximum", self.maximum, f"an amount >= minimum ({self.minimum})"
            )

    @property
    def dated_on_due_date(self) -> bool:
        """True if this policy charges its fees on the due date, before the day's money
        (:attr:`LateFeeDate.DUE_DATE`, with a kind that charges).

        >>> LateFeePolicy(kind="fixed", amount=5, charged_on="due-date").dated_on_due_date
        True
        """
        return self.kind.charges and self.charged_on.before_money

    @property
    def charges_anything(self) -> bool:
        """True if this policy can charge a late fee (its kind is not ``none``).

        >>> LateFeePolicy().charges_anything, LateFeePolicy(kind="fixed", amount=5).charges_anything
        (False, True)
        """
        return self.kind.charges

    def fee(
        self, *, unpaid: Decimal, scheduled: Decimal, charged: Decimal, rounding: Rounding
    ) -> Decimal:
        """One charge of this fee on an instalment: the fixed ``amount``, or ``share`` of
        the base (the instalment's ``unpaid`` principal, interest and fee, or its
        ``scheduled`` principal and interest), rounded by the loan's ``rounding``; kept
        within ``minimum`` and ``maximum``, and within what ``cap_total`` leaves after the
        late fees the loan was ``charged`` so far. Never negative (0: nothing to charge).

        >>> from loancalc.money import Rounding
        >>> fee = LateFeePolicy(kind="share", share="0.05", base="scheduled", maximum="50")
        >>> fee.fee(unpaid=Decimal("10"), scheduled=Decimal("1500.00"), charged=Decimal(0),
        ...         rounding=Rounding())  # 5 % of 1,500 = 75, at most 50
        Decimal('50')
        >>> LateFeePolicy(kind="fixed", amount="15", cap_total="20").fee(
        ...     unpaid=Decimal("1"), scheduled=Decimal("1"), charged=Decimal("15"),
        ...     rounding=Rounding())  # 5.00 of the cap's 20.00 left
        Decimal('5')
        """
        match self.kind:
            case LateFeeKind.NONE:
                return _ZERO
            case LateFeeKind.FIXED:
                fee = self.amount
            case LateFeeKind.SHARE:
                fee = rounding.apply(self.share * self.base.pick(unpaid, scheduled))
            case _ as unreachable:
                assert_never(unreachable)
        if self.minimum is not None:
            fee = max(fee, self.minimum)
        if self.maximum is not None:
            fee = min(fee, self.maximum)
        if self.cap_total is not None:
            fee = min(fee, self.cap_total - charged)
        return max(fee, _ZERO)

    def next_charge(self, day: date) -> date | None:
        """When the fee charged on ``day`` is charged again if the instalment stays unpaid
        (None: it is charged once, or the next date would fall after 9999-12-31).

        >>> LateFeePolicy(kind="fixed", amount="10", repeat_days=30).next_charge(
        ...     date(2024, 2, 1))
        datetime.date(2024, 3, 2)
        >>> LateFeePolicy(kind="fixed", amount="10").next_charge(date(2024, 2, 1)) is None
        True
        """
        return None if self.repeat_days is None else days_after(day, self.repeat_days)

    def fees_in_units(
        self,
        *,
        unpaid: npt.NDArray[np.int64],
        scheduled: npt.NDArray[np.int64],
        quantum: Decimal,
        share_of: Callable[[npt.NDArray[np.int64], Decimal], npt.NDArray[np.int64]],
    ) -> npt.NDArray[np.int64]:
        """:meth:`fee` for many instalments at once, in units of the loan's grid
        ``quantum`` (the amounts of a valid policy lie on it), before ``cap_total``: the
        batch engine applies the cap to each loan's total. ``share_of(base, share)``
        rounds ``share`` of each base exactly by the loan's rounding.

        >>> import numpy as np
        >>> from decimal import Decimal
        >>> policy = LateFeePolicy(kind="share", share="0.05", minimum="1")
        >>> policy.fees_in_units(unpaid=np.array([110016, 1000]), scheduled=np.array([0, 0]),
        ...                      quantum=Decimal("0.01"),
        ...                      share_of=lambda base, share: base * 5 // 100).tolist()
        [5500, 100]
        """
        count = len(unpaid)
        match self.kind:
            case LateFeeKind.NONE:
                return np.zeros(count, dtype=np.int64)
            case LateFeeKind.FIXED:
                fee = np.full(count, _units(self.amount, quantum), dtype=np.int64)
            case LateFeeKind.SHARE:
                fee = share_of(self.base.pick(unpaid, scheduled), self.share)
            case _ as unreachable:
                assert_never(unreachable)
        if self.minimum is not None:
            fee = np.maximum(fee, _units(self.minimum, quantum))
        if self.maximum is not None:
            fee = np.minimum(fee, _units(self.maximum, quantum))
        return fee


def spared_installments(
    policy: LateFeePolicy,
    installments: Iterable[tuple[int, date, date, Decimal]],
    payments: Iterable[tuple[date, Decimal]],
) -> frozenset[int]:
    """The instalments ``policy`` charges no late fee, whatever is unpaid when their grace
    ends: none unless pyramiding is forbidden; then those whose own payments covered
    what they asked for.

    ``installments``: (number, due date, end of grace, amount asked) in due-date order;
    ``payments``: (date, amount); both read only when pyramiding is forbidden. An
    instalment's own payments are the money received after the previous instalment's due
    date (from the start, for the first) up to the end of its grace, less what the
    previous instalment took of it (payments within the previous one's grace pay it
    first, up to what it asked). If they add up to what the instalment asked, it was paid
    in full and on time: money the allocation then spent on older late fees or shortfalls
    does not make it late.

    >>> policy = LateFeePolicy(kind="fixed", amount="10", pyramiding="forbidden")
    >>> d, m = date, Decimal
    >>> rows = [(1, d(2024, 1, 15), d(2024, 1, 18), m(100)), (2, d(2024, 2, 15), d(2024, 2, 18),
    ...        m(100))]
    >>> # 1 paid 60 (short: its fee stands); 2 paid 100 on time, 40 of it taken by 1
    >>> sorted(spared_installments(policy, rows, [(d(2024, 1, 15), m(60)),
    ...                                           (d(2024, 2, 15), m(100))]))
    [2]
    >>> # 100 on 1-17 is 1's own, late within grace: 2 has nothing of its own
    >>> sorted(spared_installments(policy, rows, [(d(2024, 1, 17), m(100))]))
    [1]
    """
    if not (policy.pyramiding.spares_installments and policy.charges_anything):
        return frozenset()
    money = sorted(payments)
    left = [amount for _, amount in money]
    spared = set()
    after: date | None = None
    for number, due, grace_end, asked in installments:
        own = _ZERO
        for index, (day, _) in enumerate(money):
            if day > grace_end or own >= asked:
                break
            if (after is None or day > after) and left[index]:
                take = min(left[index], asked - own)
                left[index] -= take
                own += take
        if own >= asked:
            spared.add(number)
        after = due
    return frozenset(spared)


def _units(amount: Decimal, quantum: Decimal) -> int:
    """``amount`` in whole units of ``quantum`` (a policy's amounts lie on its grid)."""
    return grid_units(amount, quantum, field="late_fee")
