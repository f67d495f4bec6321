"""Which limit set an audit applies: the one given, or the one the loan's product names.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize, assess
>>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
>>> print(resolve(assess(s, [], date(2024, 1, 2)), "uk-hcstc").name)
uk-hcstc
"""

from __future__ import annotations

import os

from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.limits import registry
from loancalc.limits.rules import LimitSet
from loancalc.products import ProductRules
from loancalc.products import registry as products
from loancalc.products.source import read_text
from loancalc.servicing import LoanState

__all__ = ["limits_for", "resolve"]


def limits_for(state: LoanState) -> LimitSet | None:
    """The limit set a state's loan is subject to: the one named by the products whose
    servicing rules the state was assessed under (or their jurisdiction's default set);
    None when no product matches or none names a set. Products that match but name
    different sets make the choice ambiguous: an error asking for ``limits``.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> print(limits_for(assess(s, [], date(2024, 1, 2))))
    None
    """
    found: set[str] = set()
    for name in products.names():
        product = products.get(name)
        if product.servicing == state.rules:
            chosen = _product_limits(product)
            if chosen is not None:
                found.add(chosen.name)
    if len(found) > 1:
        raise InvalidValueError(
            "limits",
            None,
            f"a limit set named (the loan's rules match products under {sorted(found)})",
        )
    return registry.get(found.pop()) if found else None


def _product_limits(product: ProductRules) -> LimitSet | None:
    if product.limits is not None:
        return registry.get(product.limits)
    return registry.default_for(product.jurisdiction)


def resolve(state: LoanState, limits: object) -> LimitSet | None:
    """The set ``limits`` names: a :class:`LimitSet`; a registered set's name; the path of
    a limit-set TOML file (an ``os.PathLike``, or a ``str`` ending in ``.toml``: read, not
    registered); a product (the set it names); None: :func:`limits_for` the state."""
    if limits is None:
        return limits_for(state)
    if isinstance(limits, LimitSet):
        return limits
    if isinstance(limits, ProductRules):
        return _product_limits(limits)
    if isinstance(limits, os.PathLike) or (
        isinstance(limits, str) and limits.strip().lower().endswith(".toml")
    ):
        return registry.from_toml(read_text(limits), source=str(limits))
    if isinstance(limits, str):
        return registry.get(limits)
    raise InvalidTypeError(
        "limits", limits, "None, a limit set's name or TOML path, a LimitSet or a ProductRules"
    )
