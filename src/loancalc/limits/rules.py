"""Legal limits as data: a :class:`LimitRule` (one cap, with its sources and dates) and a
:class:`LimitSet` (the rules of one jurisdiction or regime, found by name).

A rule is one of five :class:`LimitKind`\\ s: ``all-in-rate`` (the charges it covers, as
simple annual interest on the principal outstanding each day, at most ``rate``),
``total-cost`` (the charges it covers at most ``share`` of the principal lent),
``fee-cap`` (late fees at most ``amount``, each or in total), ``forbidden`` (the
charges it covers may not be charged at all) and ``allocation-order`` (payments must be
allocated in the ``order`` of a named allocation strategy). :func:`loancalc.audit`
applies them.

>>> rule = LimitRule(id="all-in-24", title="all-in cost at most 24 % a year",
...                  kind="all-in-rate", rate="24%",
...                  sources=(Source(title="SPC opinions (2017) art. 2"),))
>>> rule.kind.value, rule.rate, [c.value for c in rule.components][:2]
('all-in-rate', Decimal('0.24'), ['interest', 'fee'])
>>> rule.annual_rate(date(2024, 1, 15), 360)
Decimal('0.24')
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar, TypeVar

import attrs

from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.limits._fields import (
    COSTS,
    check_default,
    check_each,
    check_order,
    line,
    slug,
    to_amount,
    to_components,
    to_share,
    to_sources,
)
from loancalc.limits.rule_parts import Applicability, AppliesBy, RateLimit, RatePer
from loancalc.products.source import Source
from loancalc.servicing.components import Component
from loancalc.terms import _ParsedEnum

__all__ = [
    "COSTS",
    "Applicability",
    "AppliesBy",
    "LimitKind",
    "LimitRule",
    "LimitSet",
    "RateLimit",
    "RatePer",
]


class LimitKind(_ParsedEnum):
    """What a :class:`LimitRule` limits (see the module docstring).

    >>> LimitKind.parse("fee-cap")
    <LimitKind.FEE_CAP: 'fee-cap'>
    """

    ALL_IN_RATE = "all-in-rate"
    TOTAL_COST = "total-cost"
    FEE_CAP = "fee-cap"
    FORBIDDEN = "forbidden"
    ALLOCATION_ORDER = "allocation-order"

    @classmethod
    def _field_name(cls) -> str:
        return "kind"


def _to_kind(value: object) -> LimitKind:
    return LimitKind.parse(value)


_RATE_FIELDS = tuple(field.name for field in attrs.fields(RateLimit))
_WINDOW_FIELDS = tuple(field.name for field in attrs.fields(Applicability))


_Part = TypeVar("_Part", RateLimit, Applicability)


def _part(name: str, given: _Part | None, made: _Part, flat: tuple[str, ...]) -> _Part:
    """``given`` (a rule's part, as :func:`attrs.evolve` passes it) when no field of it
    was given apart (``made`` holds those, at their defaults), else ``made``."""
    if given is None:
        return made
    if not isinstance(given, type(made)):
        raise InvalidTypeError(name, given, f"a {type(made).__name__}")
    if made != type(made)():
        fields = ", ".join(flat)
        raise InvalidValueError(name, given, f"either {name} or its fields ({fields}), not both")
    return given


@attrs.frozen(kw_only=True, init=False)
class LimitRule:
    """One legal limit, with where it comes from and when it applies.

    ``id`` (a slug, unique in its set), ``title`` (one line), ``kind``
    (:class:`LimitKind`), ``components`` (the charges it covers; default every cost:
    interest, fee, penalty interest, compound interest, late fee), ``sources`` (at
    least one :class:`~loancalc.products.Source`), ``applies_from`` / ``applies_to``
    (inclusive; None: open) compared with the date ``applies_by`` names (together its
    ``applicability``, an :class:`~loancalc.limits.rule_parts.Applicability`).

    ``all-in-rate``: ``rate`` (per ``per``), or ``multiple`` x the ``index`` rate on
    the contract date (4 x LPR1Y); ``paid_rate``: amounts already paid are lawful up to
    this higher rate (a natural obligation: paid interest between 24 % and 36 % is not
    returned); together its ``rate_limit``, a
    :class:`~loancalc.limits.rule_parts.RateLimit`. ``total-cost``: ``share`` of the
    principal lent. ``fee-cap``: ``amount``, for ``each`` late fee or (``each = false``)
    for all of them. ``forbidden``: nothing. ``allocation-order``: ``order``, the name of
    the allocation strategy payments must follow (``components`` is not used).

    The fields of ``rate_limit`` and ``applicability`` are keywords, attributes and TOML keys
    of the rule itself. :func:`attrs.evolve` changes a part as a whole
    (``attrs.evolve(rule, rate_limit=attrs.evolve(rule.rate_limit, rate="36%"))``).

    >>> LimitRule(id="x", title="x", kind="total-cost", sources=(Source(title="t"),))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: share: got None; accepted: a share of the principal ...
    """

    #: The parts whose fields are written at the rule's own level (see loancalc._codec).
    __flat_fields__: ClassVar[tuple[str, ...]] = ("rate_limit", "applicability")

    id: str = attrs.field(validator=slug("id"))
    title: str = attrs.field(validator=line("title"))
    kind: LimitKind = attrs.field(converter=_to_kind)
    sources: tuple[Source, ...] = attrs.field(converter=to_sources)
    components: tuple[Component, ...] = attrs.field(default=COSTS, converter=to_components)
    rate_limit: RateLimit
    share: Decimal | None = attrs.field(default=None, converter=to_share)
    amount: Decimal | None = attrs.field(default=None, converter=to_amount)
    each: bool = attrs.field(default=True, validator=check_each)
    applicability: Applicability
    order: str | None = attrs.field(default=None, validator=check_order)

    def __init__(
        self,
        *,
        id: str,
        title: str,
        kind: object,
        sources: object,
        components: object = COSTS,
        rate: object = None,
        per: object = RatePer.YEAR,
        index: str | None = None,
        multiple: object = 1,
        paid_rate: object = None,
        share: object = None,
        amount: object = None,
        each: bool = True,
        applies_from: date | None = None,
        applies_to: date | None = None,
        applies_by: object = AppliesBy.CONTRACT,
        order: str | None = None,
        rate_limit: RateLimit | None = None,
        applicability: Applicability | None = None,
    ) -> None:
        made_rate = RateLimit(
            rate=rate, per=per, index=index, multiple=multiple, paid_rate=paid_rate
        )
        window = Applicability(
            applies_from=applies_from, applies_to=applies_to, applies_by=applies_by
        )
        self.__attrs_init__(
            id=id,
            title=title,
            kind=kind,
            sources=sources,
            components=components,
            rate_limit=_part("rate_limit", rate_limit, made_rate, _RATE_FIELDS),
            share=share,
            amount=amount,
            each=each,
            applicability=_part("applicability", applicability, window, _WINDOW_FIELDS),
            order=order,
        )

    def __attrs_post_init__(self) -> None:
        kind = self.kind
        if (kind is LimitKind.ALLOCATION_ORDER) != (self.order is not None):
            raise InvalidValueError(
                "order", self.order, "an allocation strategy's name on (only) an allocation-order"
            )
        if kind is LimitKind.ALL_IN_RATE and (self.rate is None) == (self.index is None):
            raise InvalidValueError(
                "rate", self.rate, "a rate, or an index (with a multiple), for an all-in-rate"
            )
        if kind is LimitKind.TOTAL_COST and self.share is None:
            raise InvalidValueError(
                "share", None, "a share of the principal such as 100% (total-cost)"
            )
        if kind is LimitKind.FEE_CAP and (
            self.amount is None or self.components != (Component.LATE_FEE,)
        ):
            raise InvalidValueError(
                "amount", self.amount, "an amount, with components = ['late-fee'] (fee-cap)"
            )
        if self.applies_by is AppliesBy.CONTRACT_WINDOW and (
            kind is not LimitKind.ALL_IN_RATE
            or not set(self.components) <= {Component.INTEREST, Component.FEE}
        ):
            raise InvalidValueError(
                "applies_by",
                self.applies_by.value,
                "contract-window only on an all-in-rate rule covering interest and fees",
            )
        if self.paid_rate is not None and (
            kind is not LimitKind.ALL_IN_RATE
            or (self.rate is not None and self.paid_rate < self.rate)
        ):
            raise InvalidValueError(
                "paid_rate", self.paid_rate, "a rate >= rate, on an all-in-rate rule"
            )

    # ---- the parts' fields, each as an attribute of its own ---------------------------

    @property
    def rate(self) -> Decimal | None:
        """The rate allowed (per ``per``; None: an index rate)."""
        return self.rate_limit.rate

    @property
    def per(self) -> RatePer:
        """The period ``rate`` is quoted for."""
        return self.rate_limit.per

    @property
    def index(self) -> str | None:
        """The index whose rate, times ``multiple``, is allowed (None: ``rate``)."""
        return self.rate_limit.index

    @property
    def multiple(self) -> Decimal:
        """How many times the ``index`` rate is allowed."""
        return self.rate_limit.multiple

    @property
    def paid_rate(self) -> Decimal | None:
        """The rate up to which amounts already paid are lawful (None: ``rate``)."""
        return self.rate_limit.paid_rate

    @property
    def applies_from(self) -> date | None:
        """The first day the rule applies (None: open)."""
        return self.applicability.applies_from

    @property
    def applies_to(self) -> date | None:
        """The last day the rule applies (None: open)."""
        return self.applicability.applies_to

    @property
    def applies_by(self) -> AppliesBy:
        """The date ``applies_from`` and ``applies_to`` are compared with."""
        return self.applicability.applies_by

    def applies(self, contract: date, as_of: date) -> bool:
        """Whether the rule applies to a loan made on ``contract``, assessed on ``as_of``.

        >>> rule = LimitRule(id="x", title="x", kind="forbidden", sources=(Source(title="t"),),
        ...                  applies_to=date(2020, 8, 19))
        >>> rule.applies(date(2020, 8, 19), date(2025, 1, 1)), rule.applies(
        ...     date(2020, 8, 20), date(2025, 1, 1))
        (True, False)
        """
        return self.applicability.applies(contract, as_of)

    def annual_rate(self, contract: date, days_per_year: int) -> Decimal:
        """The rule's rate as an annual fraction for a loan made on ``contract`` whose
        year has ``days_per_year`` days (a daily rate is multiplied by it; an index rate
        is read on the contract date).

        >>> rule = LimitRule(id="lpr", title="4 x LPR1Y", kind="all-in-rate", index="LPR1Y",
        ...                  multiple=4, sources=(Source(title="t"),))
        >>> rule.annual_rate(date(2021, 1, 1), 360)  # 4 x 3.85 %
        Decimal('0.1540')
        """
        return self.rate_limit.annual_rate(contract, days_per_year)


def _to_rules(value: object) -> tuple[LimitRule, ...]:
    accepted = "a list of at least one LimitRule, each id once"
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise InvalidTypeError("rules", value, accepted)
    rules = tuple(value)
    if not rules:
        raise InvalidValueError("rules", [], accepted)
    for index, rule in enumerate(rules):
        if not isinstance(rule, LimitRule):
            raise InvalidTypeError(f"rules[{index}]", rule, "a LimitRule")
    ids = [rule.id for rule in rules]
    if len(set(ids)) != len(ids):
        raise InvalidValueError("rules", ids, accepted)
    return rules


@attrs.frozen(kw_only=True)
class LimitSet:
    """The legal limits of one jurisdiction or regime: ``name`` (a slug such as
    ``cn-licensed-lender``), ``description`` (one line), ``jurisdiction`` (``CN``,
    ``UK``, ``FI``...), ``rules`` (applied in order; see :func:`loancalc.audit`) and
    ``default``: the set :func:`loancalc.audit` uses for a product of that
    jurisdiction that names no set.

    >>> LimitSet(name="x", description="x", jurisdiction="CN", rules=())
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: rules: got []; accepted: a list of at least one ...
    """

    name: str = attrs.field(validator=slug("name"))
    description: str = attrs.field(validator=line("description"))
    jurisdiction: str = attrs.field(validator=line("jurisdiction"))
    rules: tuple[LimitRule, ...] = attrs.field(converter=_to_rules)
    default: bool = attrs.field(default=False, validator=check_default)
