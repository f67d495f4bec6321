"""Legal limits by jurisdiction and date, and the published index rates they refer to.

A :class:`LimitSet` holds the legal limits of one jurisdiction or regime (the Chinese
courts' 24 % all-in cap for licensed lenders, the private-lending bands and four times
the one-year LPR, the UK's high-cost short-term credit caps, Finland's interest cap as
an EU example), each :class:`LimitRule` with its sources and the dates it applies from
and to. Sets are found by name (:func:`get`, :func:`names`) beside the products: built
in, loaded from TOML (:func:`load`) or provided by plugins (entry-point group
``loancalc.limits``). A product names the set it is subject to (``ProductRules.limits``);
``lc.audit`` applies it.

>>> from datetime import date
>>> from loancalc.limits import indexes
>>> indexes.index("LPR1Y").rate_on(date(2021, 1, 1))
Decimal('0.0385')
>>> from loancalc import limits
>>> lpr = limits.get("cn-private-lending").rules[1]
>>> lpr.annual_rate(date(2021, 1, 1), 360)  # four times the one-year LPR at the contract date
Decimal('0.1540')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from loancalc.limits import indexes

if TYPE_CHECKING:  # imported on first use: loancalc.terms reads the index tables
    from loancalc.limits.registry import (
        ENTRY_POINT_GROUP,
        LimitPluginWarning,
        default_for,
        from_toml,
        get,
        load,
        names,
        register,
        to_toml,
        unregister,
    )
    from loancalc.limits.rules import COSTS, AppliesBy, LimitKind, LimitRule, LimitSet, RatePer

__all__ = [
    "COSTS",
    "ENTRY_POINT_GROUP",
    "AppliesBy",
    "LimitKind",
    "LimitPluginWarning",
    "LimitRule",
    "LimitSet",
    "RatePer",
    "default_for",
    "from_toml",
    "get",
    "indexes",
    "load",
    "names",
    "register",
    "to_toml",
    "unregister",
]

_RULES = {"COSTS", "AppliesBy", "LimitKind", "LimitRule", "LimitSet", "RatePer"}


def __getattr__(name: str) -> Any:
    """The registry and rule records, imported on first use (the index tables sit below
    ``loancalc.terms``; the limit sets above the servicing records they name)."""
    if name in _RULES:
        return getattr(importlib.import_module("loancalc.limits.rules"), name)
    if name in __all__:
        return getattr(importlib.import_module("loancalc.limits.registry"), name)
    raise AttributeError(f"module 'loancalc.limits' has no attribute {name!r}")
