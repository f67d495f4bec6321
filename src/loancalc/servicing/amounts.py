"""One amount per component of a debt: :class:`Amounts`.

>>> a = Amounts(principal=Decimal("933.96"), interest=Decimal("166.20"))
>>> a.total, (a + Amounts(late_fee=Decimal("20"))).total
(Decimal('1100.16'), Decimal('1120.16'))
>>> a.get(Component.INTEREST), a.only(Component.PRINCIPAL).total
(Decimal('166.20'), Decimal('933.96'))
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from loancalc.errors import InvalidValueError
from loancalc.export import unsigned_zero
from loancalc.money import CONTEXT, to_decimal
from loancalc.servicing.components import Component

__all__ = ["FIELDS", "Amounts", "frozen_maker"]

_ZERO = Decimal(0)
_T = TypeVar("_T")

#: The attribute of :class:`Amounts` holding each component, in :class:`Component` order.
FIELDS: tuple[str, ...] = tuple(c.value.replace("-", "_") for c in Component)
_NAMES = tuple(c.value for c in Component)


def frozen_maker(cls: type[_T], names: Sequence[str]) -> Callable[[Sequence[Any]], _T]:
    """A fast constructor of the frozen, slotted attrs class ``cls`` from the values of
    its fields ``names``, in that order, that skips converters and validators: for values
    already of the right types (the engine's records), made by the thousand.

    Like attrs' own ``__init__``, its code is generated (one unrolled slot store per
    field, several times faster than a loop or keyword arguments).

    >>> make = frozen_maker(Amounts, FIELDS)
    >>> make([Decimal(n) for n in range(6)]) == Amounts(interest=1, fee=2,
    ...     penalty_interest=3, compound_interest=4, late_fee=5)
    True
    """
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    lines = ["def make(values):", "    made = _new(_cls)"]
    lines.append("    " + "".join(f"v{index}, " for index in range(len(names))) + "= values")
    for index, name in enumerate(names):
        namespace[f"_set{index}"] = getattr(cls, name).__set__  # the slot's descriptor
        lines.append(f"    _set{index}(made, v{index})")
    lines.append("    return made")
    exec("\n".join(lines), namespace)  # the code names fields by index only
    make: Callable[[Sequence[Any]], _T] = namespace["make"]
    return make


def _to_amount(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return to_decimal(value, "amounts")


@attrs.frozen(kw_only=True)
class Amounts:
    """An amount for each :class:`~loancalc.servicing.Component` (zero when not given).

    Adding or subtracting two ``Amounts`` works component by component (exactly, in
    :data:`loancalc.money.CONTEXT`).

    >>> (Amounts(principal=5, interest=1) - Amounts(principal=2)).as_tuple()[:2]
    (Decimal('3'), Decimal('1'))
    """

    principal: Decimal = attrs.field(default=_ZERO, converter=_to_amount)
    interest: Decimal = attrs.field(default=_ZERO, converter=_to_amount)
    fee: Decimal = attrs.field(default=_ZERO, converter=_to_amount)
    penalty_interest: Decimal = attrs.field(default=_ZERO, converter=_to_amount)
    compound_interest: Decimal = attrs.field(default=_ZERO, converter=_to_amount)
    late_fee: Decimal = attrs.field(default=_ZERO, converter=_to_amount)

    @classmethod
    def of(cls, values: Sequence[Decimal]) -> Amounts:
        """From six amounts in :class:`Component` order.

        >>> Amounts.of([Decimal(n) for n in range(6)]).late_fee
        Decimal('5')
        """
        if len(values) != len(FIELDS):
            raise InvalidValueError("amounts", values, "six amounts in component order")
        if cls is Amounts and list(map(type, values)).count(Decimal) == len(FIELDS):
            return _make_amounts(values)  # six Decimals: skip the converters (the engine's path)
        return cls(**dict(zip(FIELDS, values, strict=True)))  # convert and check

    @classmethod
    def from_mapping(cls, values: Mapping[Component, Decimal]) -> Amounts:
        """From a mapping of components to amounts (missing components are zero).

        >>> Amounts.from_mapping({Component.FEE: Decimal("2")}).fee
        Decimal('2')
        """
        return cls.of([values.get(component, _ZERO) for component in Component])

    @classmethod
    def sum(cls, items: Iterable[Amounts]) -> Amounts:
        """The component-wise sum of ``items``.

        >>> Amounts.sum([Amounts(fee=1), Amounts(fee=2)]).fee
        Decimal('3')
        """
        totals = [_ZERO] * 6
        with decimal.localcontext(CONTEXT):
            for item in items:
                totals = [a + b for a, b in zip(totals, item.as_tuple(), strict=True)]
        return cls.of(totals)

    def as_tuple(self) -> tuple[Decimal, ...]:
        """The six amounts in :class:`Component` order.

        >>> Amounts(fee=1).as_tuple()[2]
        Decimal('1')
        """
        return (
            self.principal,
            self.interest,
            self.fee,
            self.penalty_interest,
            self.compound_interest,
            self.late_fee,
        )

    def get(self, component: Component | str) -> Decimal:
        """The amount of one component (a :class:`Component` or its name).

        >>> Amounts(late_fee=20).get("滞纳金")
        Decimal('20')
        """
        value: Decimal = getattr(self, Component.parse(component).value.replace("-", "_"))
        return value

    def only(self, *components: Component) -> Amounts:
        """These amounts with every component not listed set to zero.

        >>> Amounts(principal=1, fee=2).only(Component.FEE).total
        Decimal('2')
        """
        keep = set(components)
        return Amounts.of(
            [v if c in keep else _ZERO for c, v in zip(Component, self.as_tuple(), strict=False)]
        )

    @property
    def total(self) -> Decimal:
        """The sum of the six amounts."""
        with decimal.localcontext(CONTEXT):
            return sum(self.as_tuple(), _ZERO)

    @property
    def scheduled(self) -> Decimal:
        """Principal + interest + fee (what the schedule asks for)."""
        with decimal.localcontext(CONTEXT):
            return self.principal + self.interest + self.fee

    @property
    def charges(self) -> Decimal:
        """Penalty + compound interest + late fees (what lateness added)."""
        with decimal.localcontext(CONTEXT):
            return self.penalty_interest + self.compound_interest + self.late_fee

    def __add__(self, other: Amounts) -> Amounts:
        with decimal.localcontext(CONTEXT):
            return Amounts.of(
                [a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=False)]
            )

    def __sub__(self, other: Amounts) -> Amounts:
        with decimal.localcontext(CONTEXT):
            return Amounts.of(
                [a - b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=False)]
            )

    def __bool__(self) -> bool:
        return any(self.as_tuple())

    def to_dict(self) -> dict[str, str]:
        """The amounts as strings keyed by component name (JSON-ready).

        >>> Amounts(fee=Decimal("1.50")).to_dict()["fee"]
        '1.50'
        """
        return {
            name: str(unsigned_zero(v)) for name, v in zip(_NAMES, self.as_tuple(), strict=True)
        }


#: Nothing of anything.
ZERO_AMOUNTS = Amounts()
_make_amounts = frozen_maker(Amounts, FIELDS)
