"""The product registry: built-in rule sets, plugins (entry points) and TOML files.

Products are found by name. The registry fills itself on first use: first the built-in
products (TOML files shipped in ``loancalc/products/builtin/``), then every entry point
of the group ``loancalc.products`` of the installed distributions. An entry point may
load:

- a :class:`~loancalc.products.ProductRules`;
- a path to a TOML file (a ``str``, an ``os.PathLike`` or an ``importlib.resources``
  file), read as :func:`load` reads it;
- a callable taking no arguments and returning either of those, or a list of them
  (one plugin may provide several products).

Name the entry point after the product it provides (or after the plugin, if it provides
several). A plugin that fails (it raises on import, even ``SystemExit`` or any other
``BaseException`` but ``KeyboardInterrupt``, returns something else, or its rules are
invalid) is reported with ``warnings.warn`` naming it and the reason, and skipped:
the other products stay available, and :func:`get` of the entry point's name raises a
:class:`ProductPluginError` carrying the plugin's error. A plugin product whose name is
already taken is reported and skipped too (built-ins and products registered in code
win; use ``register(rules, replace=True)`` to replace one on purpose).

>>> "cn-card-instalment" in names()
True
>>> get("us-fixed-mortgage").servicing.grace.days
15
>>> get("no-such-product")  # doctest: +ELLIPSIS
Traceback (most recent call last):
loancalc.errors.UnknownNameError: product: got 'no-such-product'; accepted: one of cn-bank-...
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import os
import threading
import warnings
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from typing import Any

from loancalc._text import printable
from loancalc.errors import InvalidTypeError, InvalidValueError, LoanCalcError, UnknownNameError
from loancalc.products.rules import ProductRules
from loancalc.products.source import why

__all__ = [
    "ENTRY_POINT_GROUP",
    "ProductPluginError",
    "broken",
    "get",
    "load",
    "names",
    "register",
    "unregister",
]

#: The entry-point group plugins declare their products under.
ENTRY_POINT_GROUP = "loancalc.products"


class ProductPluginError(LoanCalcError):
    """A product plugin (or built-in file) failed to load: ``plugin`` names it and
    ``reason`` says why.

    >>> print(ProductPluginError("acme-loan", "ImportError: no module named 'acme'"))
    product plugin 'acme-loan' failed to load: ImportError: no module named 'acme'
    """

    def __init__(self, plugin: str, reason: str) -> None:
        self.plugin = plugin
        self.reason = reason
        super().__init__(f"product plugin {plugin!r} failed to load: {reason}")

    def __reduce__(self) -> Any:
        return type(self), (self.plugin, self.reason)


class ProductPluginWarning(UserWarning):
    """The warning category under which failing plugins are reported."""


_lock = threading.RLock()
_products: dict[str, ProductRules] = {}
_broken: dict[str, str] = {}
_state = {"builtins": False, "plugins": False, "discovering": False}


def _ensure_loaded() -> None:
    """Load the built-ins, then discover plugins, once (re-entrant: a plugin may call
    :func:`get` to derive its product from a built-in)."""
    if _state["plugins"]:
        return
    with _lock:
        if not _state["builtins"]:
            _state["builtins"] = True
            _load_builtins()
        if _state["plugins"] or _state["discovering"]:
            return
        _state["discovering"] = True
        try:
            _discover()
        finally:
            _state["discovering"] = False
            _state["plugins"] = True


def _load_builtins() -> None:
    folder = importlib.resources.files("loancalc.products") / "builtin"
    for file in sorted(folder.iterdir(), key=lambda item: item.name):
        if not file.name.endswith(".toml"):
            continue
        where = f"loancalc/products/builtin/{file.name}"
        try:
            rules = ProductRules.from_toml(file.read_text(encoding="utf-8"), source=where)
        except LoanCalcError as error:  # a packaging bug: report it, keep the others
            _report(where, f"{type(error).__name__}: {error}")
            continue
        _products[rules.name] = rules


def _discover() -> None:
    for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            found = _products_from(entry.load(), entry.name)
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # SystemExit too: a plugin must not end the program
            _report(entry.name, printable(why(error, limit=300)))
            continue
        for rules in found:
            if rules.name in _products:
                _report(
                    entry.name,
                    f"its product {rules.name!r} is already registered; skipped "
                    "(register it with replace=True to replace the existing one)",
                    record=False,
                )
                continue
            _products[rules.name] = rules
            _broken.pop(rules.name, None)


def _products_from(value: object, plugin: str, depth: int = 0) -> list[ProductRules]:
    """The products an entry point's object provides (see the module docstring)."""
    if isinstance(value, ProductRules):
        return [value]
    if isinstance(value, str | os.PathLike | Traversable):
        return [ProductRules.from_file(value)]
    if callable(value) and depth == 0:
        return _products_from(value(), plugin, depth + 1)
    if isinstance(value, Iterable) and not isinstance(value, bytes | dict) and depth <= 1:
        found: list[ProductRules] = []
        for item in value:
            found.extend(_products_from(item, plugin, depth=2))
        return found
    raise InvalidTypeError(
        f"entry point {plugin!r}",
        value,
        "a ProductRules, a path to a TOML file, a list of them, or a callable returning one",
    )


def _report(plugin: str, reason: str, *, record: bool = True) -> None:
    if record:
        _broken[plugin] = reason
    warnings.warn(
        f"loancalc product plugin {printable(plugin)!r} skipped: {reason}",
        ProductPluginWarning,
        stacklevel=4,
    )


def register(rules: ProductRules, *, replace: bool = False) -> ProductRules:
    """Add ``rules`` to the registry under ``rules.name`` and return them. A name already
    registered (a built-in too) needs ``replace=True``.

    >>> from loancalc.products import get
    >>> mine = get("cn-bank-consumer-loan").replace(name="my-bank-loan", annual_rate="6%")
    >>> register(mine).name
    'my-bank-loan'
    >>> register(mine)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: product: got 'my-bank-loan'; accepted: a name not yet ...
    >>> get("my-bank-loan").annual_rate
    Decimal('0.06')
    >>> unregister("my-bank-loan").name
    'my-bank-loan'
    """
    if not isinstance(rules, ProductRules):
        raise InvalidTypeError("product", rules, "a loancalc.products.ProductRules")
    _ensure_loaded()
    with _lock:
        if rules.name in _products and not replace:
            raise InvalidValueError(
                "product", rules.name, "a name not yet registered (or replace=True)"
            )
        _products[rules.name] = rules
        _broken.pop(rules.name, None)
    return rules


def load(path: str | os.PathLike[str], *, replace: bool = False) -> ProductRules:
    """Read a product from the TOML file at ``path``, register it and return it.

    The file is read as :meth:`ProductRules.from_file` reads it (UTF-8, at most
    :data:`~loancalc.products.rules.MAX_PRODUCT_FILE_BYTES`, 1 MiB). Errors name the
    file, the key and the reason (:class:`ProductFileError`).

    >>> import pathlib, tempfile
    >>> text = get("cn-bank-consumer-loan").replace(name="file-loan").to_toml()
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder, "file-loan.toml")
    ...     _ = path.write_text(text, encoding="utf-8")
    ...     load(path).name
    'file-loan'
    >>> _ = unregister("file-loan")
    """
    return register(ProductRules.from_file(path), replace=replace)


def unregister(name: str) -> ProductRules:
    """Remove the product registered as ``name`` (a built-in too, until the next
    :func:`register`) and return it.

    >>> from loancalc.products import get
    >>> _ = register(get("eu-consumer-credit").replace(name="short-lived"))
    >>> unregister("short-lived").name, "short-lived" in names()
    ('short-lived', False)
    """
    found = get(name)
    with _lock:
        _products.pop(found.name, None)
    return found


def get(name: str | ProductRules) -> ProductRules:
    """The product registered as ``name`` (a :class:`ProductRules` passes through).

    An unknown name raises :class:`~loancalc.errors.UnknownNameError` listing the known
    ones; the name of a plugin that failed to load raises :class:`ProductPluginError`
    with the plugin's error.

    >>> get("cn-daily-rate-credit-line").day_count.value
    'ACT/360'
    """
    if isinstance(name, ProductRules):
        return name
    _ensure_loaded()
    key = name.strip().lower() if isinstance(name, str) else name
    with _lock:
        found = _products.get(key) if isinstance(key, str) else None
        if found is not None:
            return found
        if isinstance(key, str) and key in _broken:
            raise ProductPluginError(key, _broken[key])
        raise UnknownNameError("product", name, sorted(_products))


def names() -> list[str]:
    """The names of every available product, sorted.

    >>> names()[:2]
    ['cn-bank-consumer-loan', 'cn-card-instalment']
    """
    _ensure_loaded()
    with _lock:
        return sorted(_products)


def broken() -> dict[str, str]:
    """The plugins (or built-in files) that failed to load, each with its error.

    >>> broken()
    {}
    """
    _ensure_loaded()
    with _lock:
        return dict(_broken)


def _reset() -> None:
    """Forget every product and plugin: the next lookup loads and discovers again (tests)."""
    with _lock:
        _products.clear()
        _broken.clear()
        _state.update(builtins=False, plugins=False, discovering=False)
