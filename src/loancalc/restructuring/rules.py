"""What a product lets a restructuring do: :class:`RestructuringRules` (pure data).

Borrowers in trouble and their lenders agree to change the contract: a new instalment plan
for the overdue balance (二次分期 / 再分期), a negotiated plan (协商还款 / 个性化分期) with a
longer term, a lower rate and waived penalties, or a longer term at the same rate. Each
product says which of these it allows, how often, how far, and what happens when a plan
fails again (协商后再逾期). These limits are data kept with the product
(:attr:`loancalc.products.ProductRules.restructuring`); ``lc.restructure``
and ``lc.defer`` read them and raise ``RestructuringNotAllowed`` naming
the limit hit. This module only holds and validates them.

>>> plan = RestructuringRules(allowed=True, kinds=("re-instalment",), max_count=1,
...                           max_term=60, waivable=("penalty-interest", "late-fee"),
...                           breach_days_past_due=30)
>>> plan.allows("re-instalment"), plan.allows("extend"), plan.max_term
(True, False, 60)
>>> RestructuringRules.from_dict(plan.to_dict()) == plan
True
>>> RestructuringRules().allowed  # nothing is allowed unless a product says so
False
>>> RestructuringRules(left_due_row="on-signing").to_dict()["left_due_row"]
'on-signing'
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, assert_never

import attrs

from loancalc._codec import from_data, to_data
from loancalc._validation import MAX_TERM, amount, read_number, whole_number
from loancalc.caps import CapScope, CostCap
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.rates import annual_rate
from loancalc.servicing.components import Component
from loancalc.terms import MAX_PRINCIPAL, _ParsedEnum

__all__ = ["LeftDueRow", "RestructuringKind", "RestructuringRules"]

_ZERO = Decimal(0)


class RestructuringKind(_ParsedEnum):
    """The kinds of restructuring (one engine, one parameter).

    ``RE_INSTALMENT``: everything outstanding into a new schedule (二次分期 / 再分期).
    ``RE_AGE``: the overdue amounts move into new instalments after the current schedule.
    ``RE_AMORTISE``: overdue principal spread over the remaining instalments' due dates.
    ``EXTEND``: the remaining principal over a longer term (延期还款).

    >>> RestructuringKind.parse("二次分期").value, RestructuringKind.parse("re-amortize").value
    ('re-instalment', 're-amortise')
    """

    RE_INSTALMENT = "re-instalment"
    RE_AGE = "re-age"
    RE_AMORTISE = "re-amortise"
    EXTEND = "extend"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {
            "re-installment": "re-instalment",
            "reinstalment": "re-instalment",
            "reinstallment": "re-instalment",
            "二次分期": "re-instalment",
            "再分期": "re-instalment",
            "reage": "re-age",
            "re-amortize": "re-amortise",
            "reamortise": "re-amortise",
            "reamortize": "re-amortise",
            "extension": "extend",
            "延期还款": "extend",
        }

    @classmethod
    def _field_name(cls) -> str:
        return "restructuring.kinds"


class LeftDueRow(_ParsedEnum):
    """Where a plan's schedule shows what a restructuring leaves due on signing (what is
    neither paid, carried, capitalised nor waived).

    ``ON_SIGNING`` (the default): a row of its own, row 1, due on the signing date (0 days
    long, no principal): it is due at once, and every settlement asks for it until it is
    paid. ``FIRST_INSTALMENT``: added to the plan's first instalment, so it falls due with
    it; a settlement before then still asks for it in full (on the scheduled basis the
    first instalment's interest and fees are then not rebated). Either way it is a row of
    the plan: the plan as printed is the plan as checked (``lc.check_agreement``).

    >>> LeftDueRow.parse("on-signing").value, LeftDueRow.parse("first-installment").value
    ('on-signing', 'first-instalment')
    """

    FIRST_INSTALMENT = "first-instalment"
    ON_SIGNING = "on-signing"

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {"first-installment": "first-instalment", "signing": "on-signing"}

    @classmethod
    def _field_name(cls) -> str:
        return "restructuring.left_due_row"

    @property
    def in_first_instalment(self) -> bool:
        """Whether what is left due is added to the plan's first instalment (rather than
        shown in a row of its own, due on signing).

        >>> LeftDueRow.ON_SIGNING.in_first_instalment
        False
        """
        match self:
            case LeftDueRow.FIRST_INSTALMENT:
                return True
            case LeftDueRow.ON_SIGNING:
                return False
            case _ as unreachable:
                assert_never(unreachable)


def _to_left_due_row(value: object) -> LeftDueRow:
    return LeftDueRow.parse(value)


def _listed(value: object, field: str, what: str) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise InvalidTypeError(field, value, f"a list of {what}")
    return tuple(value)


def _to_kinds(value: object) -> tuple[RestructuringKind, ...]:
    kinds = [RestructuringKind.parse(item) for item in _listed(value, "restructuring.kinds", "")]
    if len(set(kinds)) != len(kinds):
        raise InvalidValueError(
            "restructuring.kinds", [kind.value for kind in kinds], "each kind at most once"
        )
    order = list(RestructuringKind)
    return tuple(sorted(kinds, key=order.index))


def _to_components(value: object, field: str) -> tuple[Component, ...]:
    parts = [Component.parse(item) for item in _listed(value, field, "components")]
    if len(set(parts)) != len(parts):
        raise InvalidValueError(field, [part.value for part in parts], "each component once")
    order = list(Component)
    return tuple(sorted(parts, key=order.index))


def _to_waivable(value: object) -> tuple[Component, ...]:
    return _to_components(value, "restructuring.waivable")


def _to_capitalizable(value: object) -> tuple[Component, ...]:
    parts = _to_components(value, "restructuring.capitalizable")
    if Component.PRINCIPAL in parts:
        raise InvalidValueError(
            "restructuring.capitalizable",
            [part.value for part in parts],
            "components other than principal (outstanding principal always carries into "
            "the new principal)",
        )
    return parts


def _optional_whole(field: str, low: int, high: int) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            whole_number(value, field, low, high)

    return check


def _flag(field: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, bool):
            raise InvalidTypeError(field, value, "true or false")

    return check


def _to_down_payment(value: object) -> Decimal:
    return amount(value, "restructuring.min_down_payment", high=MAX_PRINCIPAL)


def _to_down_payment_share(value: object) -> Decimal:
    share = read_number(value, "restructuring.min_down_payment_share")
    if not _ZERO <= share <= 1:
        raise InvalidValueError(
            "restructuring.min_down_payment_share", value, "a share of the debt from 0 to 1"
        )
    return share


def _to_min_rate(value: object) -> Decimal | None:
    return None if value is None else annual_rate(value, field="restructuring.min_rate")


def _to_max_rate(value: object) -> Decimal | None:
    return None if value is None else annual_rate(value, field="restructuring.max_rate")


@attrs.frozen(kw_only=True)
class RestructuringRules:
    """A product's limits on restructuring: pure, validated data.

    ``lc.restructure``, ``lc.defer`` and ``lc.check_agreement`` enforce these limits;
    nothing here computes.

    ``allowed``: whether the product allows restructuring at all (default ``False``);
    when it does, ``kinds`` lists which :class:`RestructuringKind` (at least one; empty
    when not allowed). ``max_count``: how many restructurings a loan may have in its life
    (``None``: no limit). ``max_term``: the most instalments a new schedule may have (card
    plans: 60). ``min_down_payment`` (an amount) and ``min_down_payment_share`` (of the
    debt restructured): both must be met. ``min_rate``/``max_rate``: the allowed range of
    the new annual rate (``None``: open; ``max_rate`` is :attr:`max_rate_cap`).
    ``waivable`` and ``capitalizable``: the
    :class:`~loancalc.servicing.Component` values a plan may waive or add to the new
    principal (outstanding principal always carries over, so it is never listed as
    capitalizable). ``penalty_stops_during_plan``: penalty and compound interest stop
    while the plan is kept (停息挂账). Breach: the plan fails when one of its instalments is
    ``breach_days_past_due`` days past due or after ``breach_missed_installments`` missed
    instalments (either may be ``None``; at least one is required when restructuring is
    allowed). On breach, ``reinstate_waived_on_breach`` brings back what was waived and
    ``accelerate_on_breach`` makes the whole remaining balance due (加速到期).
    ``left_due_row`` (a :class:`LeftDueRow`): where the plan's schedule shows what the
    restructuring leaves due on signing: in a row of its own due on the signing date (the
    default) or added to its first instalment.

    >>> RestructuringRules(allowed=True, kinds=())
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: restructuring.kinds: got []; accepted: at least one kind ...
    >>> RestructuringRules(allowed=True, kinds=("extend",), min_rate="10%", max_rate="5%",
    ...                    breach_missed_installments=2)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: restructuring.max_rate: got Decimal('0.05'); accepted: ...
    """

    allowed: bool = attrs.field(default=False, validator=_flag("restructuring.allowed"))
    kinds: tuple[RestructuringKind, ...] = attrs.field(default=(), converter=_to_kinds)
    max_count: int | None = attrs.field(
        default=None, validator=_optional_whole("restructuring.max_count", 1, 100)
    )
    max_term: int | None = attrs.field(
        default=None, validator=_optional_whole("restructuring.max_term", 1, MAX_TERM)
    )
    min_down_payment: Decimal = attrs.field(default=_ZERO, converter=_to_down_payment)
    min_down_payment_share: Decimal = attrs.field(default=_ZERO, converter=_to_down_payment_share)
    min_rate: Decimal | None = attrs.field(default=None, converter=_to_min_rate)
    max_rate: Decimal | None = attrs.field(default=None, converter=_to_max_rate)
    waivable: tuple[Component, ...] = attrs.field(default=(), converter=_to_waivable)
    capitalizable: tuple[Component, ...] = attrs.field(default=(), converter=_to_capitalizable)
    penalty_stops_during_plan: bool = attrs.field(
        default=True, validator=_flag("restructuring.penalty_stops_during_plan")
    )
    breach_days_past_due: int | None = attrs.field(
        default=None, validator=_optional_whole("restructuring.breach_days_past_due", 1, 3660)
    )
    breach_missed_installments: int | None = attrs.field(
        default=None,
        validator=_optional_whole("restructuring.breach_missed_installments", 1, MAX_TERM),
    )
    reinstate_waived_on_breach: bool = attrs.field(
        default=False, validator=_flag("restructuring.reinstate_waived_on_breach")
    )
    accelerate_on_breach: bool = attrs.field(
        default=False, validator=_flag("restructuring.accelerate_on_breach")
    )
    left_due_row: LeftDueRow = attrs.field(
        default=LeftDueRow.ON_SIGNING, converter=_to_left_due_row
    )

    def __attrs_post_init__(self) -> None:
        if self.allowed and not self.kinds:
            raise InvalidValueError(
                "restructuring.kinds", [], "at least one kind when allowed is true"
            )
        if not self.allowed and self.kinds:
            raise InvalidValueError(
                "restructuring.kinds",
                [kind.value for kind in self.kinds],
                "an empty list when allowed is false",
            )
        if (
            self.min_rate is not None
            and self.max_rate is not None
            and self.max_rate < self.min_rate
        ):
            raise InvalidValueError(
                "restructuring.max_rate", self.max_rate, f"a rate >= min_rate ({self.min_rate})"
            )
        if (
            self.allowed
            and self.breach_days_past_due is None
            and self.breach_missed_installments is None
        ):
            raise InvalidValueError(
                "restructuring.breach_days_past_due",
                None,
                "a number of days (or breach_missed_installments) when allowed is true: "
                "every plan says when it is breached",
            )

    @property
    def max_rate_cap(self) -> CostCap | None:
        """``max_rate`` as a :class:`~loancalc.caps.CostCap` on a plan's contract rate
        (None when open).

        >>> RestructuringRules(allowed=True, kinds=("extend",), max_rate="24%",
        ...                    breach_days_past_due=30).max_rate_cap.admits(Decimal("0.3"))
        False
        """
        if self.max_rate is None:
            return None
        return CostCap(
            rate=self.max_rate, limits=CapScope.CONTRACT_RATE, source="restructuring.max_rate"
        )

    def allows(self, kind: RestructuringKind | str) -> bool:
        """Whether a restructuring of ``kind`` is allowed at all.

        >>> RestructuringRules(allowed=True, kinds=("extend",),
        ...                    breach_days_past_due=30).allows("延期还款")
        True
        """
        return self.allowed and RestructuringKind.parse(kind) in self.kinds

    def to_dict(self, *, drop_none: bool = False) -> dict[str, Any]:
        """The rules as plain data (with ``drop_none``, TOML-ready); see :meth:`from_dict`.

        >>> RestructuringRules().to_dict(drop_none=True)["kinds"]
        []
        """
        data: dict[str, Any] = to_data(self, drop_none=drop_none)
        return data

    @classmethod
    def from_dict(cls, data: object, *, path: str = "restructuring") -> RestructuringRules:
        """Rules from plain data; unknown keys and bad values name their path.

        >>> RestructuringRules.from_dict({"allowd": True})
        Traceback (most recent call last):
        loancalc.errors.InvalidValueError: restructuring.allowd: got True; accepted: one of the...
        """
        return from_data(cls, data, path)
