"""Product rule sets: lending products' rules as data, found by name.

A product (:class:`ProductRules`) bundles the defaults of its loans and its servicing,
restructuring, prepayment and disclosure rules, each with its sources. Seven are built in;
a lender adds its own as a TOML file (:func:`load`), in code (:func:`register`) or as an
installable plugin declaring an entry point in the group ``loancalc.products`` (see
:mod:`loancalc.products.registry` and ``docs/products/index.md``).

>>> from datetime import date
>>> import loancalc as lc
>>> lc.products.names()  # doctest: +NORMALIZE_WHITESPACE
['cn-bank-consumer-loan', 'cn-card-instalment', 'cn-consumer-finance-instalment',
 'cn-daily-rate-credit-line', 'eu-consumer-credit', 'uk-hcstc', 'us-fixed-mortgage']
>>> card = lc.products.get("cn-card-instalment")
>>> terms = card.terms(principal=12000, term=12, start=date(2024, 1, 15))
>>> lc.amortize(terms).installments[0].payment  # 12,000/12 + 0.6 % x 12,000
Decimal('1072.00')
"""

from __future__ import annotations

from loancalc.products.registry import (
    ENTRY_POINT_GROUP,
    ProductPluginError,
    broken,
    get,
    load,
    names,
    register,
    unregister,
)
from loancalc.products.rules import APR_METHODS, ProductRules
from loancalc.products.source import ProductFileError, Source

__all__ = [
    "APR_METHODS",
    "ENTRY_POINT_GROUP",
    "ProductFileError",
    "ProductPluginError",
    "ProductRules",
    "Source",
    "broken",
    "get",
    "load",
    "names",
    "register",
    "unregister",
]
