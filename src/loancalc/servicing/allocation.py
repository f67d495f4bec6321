"""Allocation strategies (还款顺序 / 冲账顺序): which part of the debt a payment pays first.

A strategy is data, not code: an ordered tuple of components and a scope, read by the one
allocator in the servicing engine. ``by-installment`` settles the oldest instalment with
anything due, in the component order, before the next; ``horizontal`` pays every overdue
charge and interest across all overdue instalments before any principal (the order some
regulators require). Strategies are found by name in a small registry.

>>> get_strategy("penalties-fees-interest-principal").order[0].value
'penalty-interest'
>>> sorted(strategy_names())[:2]
['interest-principal-penalties-fees', 'overdue-interest-first']
"""

from __future__ import annotations

from typing import assert_never

import attrs

from loancalc.errors import InvalidValueError, UnknownNameError
from loancalc.servicing.components import Component
from loancalc.terms import _ParsedEnum

__all__ = [
    "AllocationScope",
    "AllocationStrategy",
    "get_strategy",
    "register_strategy",
    "strategy_names",
    "unregister_strategy",
]


class AllocationScope(_ParsedEnum):
    """``BY_INSTALLMENT`` (oldest instalment first, vertically) or ``HORIZONTAL``.

    >>> AllocationScope.parse("horizontal")
    <AllocationScope.HORIZONTAL: 'horizontal'>
    """

    BY_INSTALLMENT = "by-installment"
    HORIZONTAL = "horizontal"

    @classmethod
    def _field_name(cls) -> str:
        return "allocation.scope"

    @property
    def by_installment(self) -> bool:
        """Whether a payment settles the oldest instalment in full before the next one
        (vertically); otherwise each component across every overdue instalment first.

        >>> AllocationScope.HORIZONTAL.by_installment
        False
        """
        match self:
            case AllocationScope.BY_INSTALLMENT:
                return True
            case AllocationScope.HORIZONTAL:
                return False
            case _ as unreachable:
                assert_never(unreachable)


def _to_scope(value: object) -> AllocationScope:
    return AllocationScope.parse(value)


def _to_order(value: object) -> tuple[Component, ...]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise InvalidValueError("allocation.order", value, "a list of the six components")
    order = tuple(Component.parse(item) for item in value)
    if sorted(c.value for c in order) != sorted(c.value for c in Component):
        raise InvalidValueError(
            "allocation.order",
            [c.value for c in order],
            "each of " + ", ".join(c.value for c in Component) + " exactly once",
        )
    return order


def _check_name(
    instance: AllocationStrategy, attribute: attrs.Attribute[str], value: object
) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError("allocation.name", value, "a non-empty name")


@attrs.frozen(kw_only=True)
class AllocationStrategy:
    """A named allocation order: ``order`` lists all six components, first paid first.

    >>> AllocationStrategy(name="x", order=("principal",))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: allocation.order: got ['principal']; accepted: each of pr...
    """

    name: str = attrs.field(validator=_check_name)
    order: tuple[Component, ...] = attrs.field(converter=_to_order)
    scope: AllocationScope = attrs.field(
        default=AllocationScope.BY_INSTALLMENT, converter=_to_scope
    )
    description: str = ""


_P, _I, _F = Component.PRINCIPAL, Component.INTEREST, Component.FEE
_PEN, _COMP, _LATE = Component.PENALTY_INTEREST, Component.COMPOUND_INTEREST, Component.LATE_FEE

_REGISTRY: dict[str, AllocationStrategy] = {}


def register_strategy(strategy: AllocationStrategy, *, replace: bool = False) -> AllocationStrategy:
    """Add ``strategy`` to the registry (an existing name needs ``replace=True``).

    >>> s = AllocationStrategy(name="fees-first", order=("late-fee", "fee", "penalty",
    ...     "compound", "interest", "principal"))
    >>> register_strategy(s).name
    'fees-first'
    >>> register_strategy(s)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: allocation: got 'fees-first'; accepted: a name not yet re...
    >>> unregister_strategy("fees-first")
    """
    if not isinstance(strategy, AllocationStrategy):
        raise InvalidValueError("allocation", strategy, "an AllocationStrategy")
    if strategy.name in _REGISTRY and not replace:
        raise InvalidValueError(
            "allocation", strategy.name, "a name not yet registered (or replace=True)"
        )
    _REGISTRY[strategy.name] = strategy
    return strategy


def unregister_strategy(name: str) -> None:
    """Remove the strategy registered as ``name`` (the built-ins cannot be removed).

    >>> unregister_strategy("overdue-interest-first")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: allocation: got 'overdue-interest-first'; accepted: a n...
    """
    if name in _BUILTIN:
        raise InvalidValueError(
            "allocation", name, "a name registered by the caller, not a built-in"
        )
    if name not in _REGISTRY:
        raise UnknownNameError("allocation", name, sorted(_REGISTRY))
    del _REGISTRY[name]


def get_strategy(name: str | AllocationStrategy) -> AllocationStrategy:
    """The strategy registered as ``name`` (a strategy passes through unchanged).

    >>> get_strategy("waterfall")
    Traceback (most recent call last):
    loancalc.errors.UnknownNameError: allocation: got 'waterfall'; accepted: one of...
    """
    if isinstance(name, AllocationStrategy):
        return name
    if isinstance(name, str):
        found = _REGISTRY.get(name.strip().lower())
        if found is not None:
            return found
    raise UnknownNameError("allocation", name, sorted(_REGISTRY))


def strategy_names() -> list[str]:
    """The registered strategy names, sorted.

    >>> "principal-interest-penalties-fees" in strategy_names()
    True
    """
    return sorted(_REGISTRY)


for _strategy in (
    AllocationStrategy(
        name="penalties-fees-interest-principal",
        order=(_PEN, _COMP, _LATE, _F, _I, _P),
        description="by instalment, oldest first: charges, fees, interest, then principal",
    ),
    AllocationStrategy(
        name="interest-principal-penalties-fees",
        order=(_I, _P, _PEN, _COMP, _F, _LATE),
        description="by instalment, oldest first: interest, principal, then charges and fees",
    ),
    AllocationStrategy(
        name="principal-interest-penalties-fees",
        order=(_P, _I, _PEN, _COMP, _F, _LATE),
        description="by instalment, oldest first: principal, interest, then charges and fees",
    ),
    AllocationStrategy(
        name="overdue-interest-first",
        order=(_PEN, _COMP, _LATE, _F, _I, _P),
        scope=AllocationScope.HORIZONTAL,
        description="every overdue charge, fee and interest of all overdue instalments "
        "before any principal, then principal oldest first",
    ),
):
    register_strategy(_strategy)
#: The names shipped with loancalc (never removed).
_BUILTIN = frozenset(_REGISTRY)
