"""The limit-set registry: built-in sets, plugins (entry points) and TOML files.

Limit sets are found by name, as products are. The registry fills itself on first use:
the built-in sets (TOML files shipped in ``loancalc/limits/builtin/``), then every entry
point of the group ``loancalc.limits``, which may load a :class:`LimitSet`, a path to a
TOML file, a callable returning either, or a list of them. A plugin that fails is
reported with ``warnings.warn`` and skipped; built-ins and sets registered in code win.

>>> names()
['cn-licensed-lender', 'cn-private-lending', 'fi-consumer-credit', 'uk-hcstc']
>>> get("cn-licensed-lender").rules[0].rate
Decimal('0.24')
>>> get("no-such-set")  # doctest: +ELLIPSIS
Traceback (most recent call last):
loancalc.errors.UnknownNameError: limits: got 'no-such-set'; accepted: one of cn-licensed-...
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import os
import threading
import tomllib
import warnings
from collections.abc import Iterable
from decimal import Decimal
from importlib.resources.abc import Traversable

import tomli_w

from loancalc._codec import from_data, to_data
from loancalc._text import printable
from loancalc.errors import InvalidTypeError, InvalidValueError, LoanCalcError, UnknownNameError
from loancalc.limits.rules import LimitSet
from loancalc.products.source import ProductFileError, check_size, read_text, why

__all__ = [
    "ENTRY_POINT_GROUP",
    "LimitPluginWarning",
    "default_for",
    "from_toml",
    "get",
    "load",
    "names",
    "register",
    "to_toml",
    "unregister",
]

#: The entry-point group plugins declare their limit sets under.
ENTRY_POINT_GROUP = "loancalc.limits"


class LimitPluginWarning(UserWarning):
    """The warning category under which failing limit-set plugins are reported.

    >>> issubclass(LimitPluginWarning, UserWarning)
    True
    """


_lock = threading.RLock()
_sets: dict[str, LimitSet] = {}
_state = {"loaded": False}


def to_toml(limits: LimitSet) -> str:
    """The set as a TOML document; :func:`from_toml` reads it back to an equal value.

    >>> print(to_toml(get("uk-hcstc")).splitlines()[0])
    name = "uk-hcstc"
    """
    return tomli_w.dumps(to_data(limits, drop_none=True))


def from_toml(text: str, *, source: str = "<string>") -> LimitSet:
    """A :class:`LimitSet` from a TOML document (floats read as exact ``Decimal``).
    Any error is a :class:`~loancalc.products.ProductFileError` naming ``source``, the
    key's path and what is accepted.

    >>> from_toml('name = "x"', source="x.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.products.source.ProductFileError: x.toml: (limits): got {'name': 'x'}; accepted: ...
    >>> from_toml(to_toml(get("cn-private-lending"))) == get("cn-private-lending")
    True
    """
    if not isinstance(text, str):
        raise ProductFileError(source, "(toml)", text, "TOML text (a str)")
    check_size(text, source)
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise ProductFileError(source, "(toml)", text[:80], f"valid TOML ({error})") from None
    except (ValueError, RecursionError, MemoryError) as error:
        raise ProductFileError(source, "(toml)", text[:80], f"TOML ({why(error)})") from None
    missing = [key for key in ("name", "description", "jurisdiction", "rules") if key not in data]
    if missing:
        accepted = "a limit set with name, description, jurisdiction and [[rules]]"
        raise ProductFileError(source, "(limits)", data, accepted + f" (missing {missing[0]})")
    try:
        return from_data(LimitSet, data, "")
    except InvalidValueError as error:
        raise ProductFileError(source, error.field, error.value, error.accepted) from None
    except (ValueError, ArithmeticError, RecursionError) as error:
        raise ProductFileError(
            source, "(toml)", text[:80], f"a valid limit set ({why(error)})"
        ) from None


def _ensure_loaded() -> None:
    with _lock:
        if _state["loaded"]:
            return
        _state["loaded"] = True
        folder = importlib.resources.files("loancalc.limits") / "builtin"
        for file in sorted(folder.iterdir(), key=lambda item: item.name):
            if file.name.endswith(".toml"):
                where = f"loancalc/limits/builtin/{file.name}"
                try:
                    limits = from_toml(file.read_text(encoding="utf-8"), source=where)
                except LoanCalcError as error:  # a packaging bug: report it, keep the others
                    _report(where, f"{type(error).__name__}: {error}")
                    continue
                _sets[limits.name] = limits
        for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            try:
                found = _sets_from(entry.load(), entry.name)
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # SystemExit too: a plugin must not end the program
                _report(entry.name, printable(why(error, limit=300)))
                continue
            for limits in found:
                if limits.name in _sets:
                    _report(entry.name, f"its limit set {limits.name!r} is already registered")
                    continue
                _sets[limits.name] = limits


def _sets_from(value: object, plugin: str, depth: int = 0) -> list[LimitSet]:
    if isinstance(value, LimitSet):
        return [value]
    if isinstance(value, str | os.PathLike | Traversable):
        return [from_toml(read_text(value), source=str(value))]
    if callable(value) and depth == 0:
        return _sets_from(value(), plugin, depth + 1)
    if isinstance(value, Iterable) and not isinstance(value, bytes | dict) and depth <= 1:
        return [found for item in value for found in _sets_from(item, plugin, depth=2)]
    raise InvalidTypeError(
        f"entry point {plugin!r}", value, "a LimitSet, a path to a TOML file, or a list of them"
    )


def _report(plugin: str, reason: str) -> None:
    warnings.warn(
        f"loancalc limits plugin {printable(plugin)!r} skipped: {reason}",
        LimitPluginWarning,
        stacklevel=4,
    )


def register(limits: LimitSet, *, replace: bool = False) -> LimitSet:
    """Add ``limits`` under its name and return it (a name taken needs ``replace=True``).

    >>> mine = get("cn-licensed-lender")
    >>> register(mine)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: limits: got 'cn-licensed-lender'; accepted: a name not ...
    """
    if not isinstance(limits, LimitSet):
        raise InvalidTypeError("limits", limits, "a loancalc.limits.LimitSet")
    _ensure_loaded()
    with _lock:
        if limits.name in _sets and not replace:
            raise InvalidValueError(
                "limits", limits.name, "a name not yet registered (or replace=True)"
            )
        _sets[limits.name] = limits
    return limits


def unregister(name: str) -> LimitSet:
    """Remove the set registered as ``name`` and return it.

    >>> import attrs
    >>> _ = register(attrs.evolve(get("uk-hcstc"), name="short-lived"))
    >>> unregister("short-lived").name, "short-lived" in names()
    ('short-lived', False)
    """
    found = get(name)
    with _lock:
        _sets.pop(found.name, None)
    return found


def load(path: str | os.PathLike[str], *, replace: bool = False) -> LimitSet:
    """Read a limit set from the TOML file at ``path``, register it and return it.

    >>> load("no/such/limits.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.products.source.ProductFileError: no/such/limits.toml: (file): got ...
    """
    return register(from_toml(read_text(path), source=str(path)), replace=replace)


def get(name: str | LimitSet) -> LimitSet:
    """The set registered as ``name`` (a :class:`LimitSet` passes through); an unknown
    name raises :class:`~loancalc.errors.UnknownNameError` listing the known ones.

    >>> get("uk-hcstc").jurisdiction
    'UK'
    """
    if isinstance(name, LimitSet):
        return name
    _ensure_loaded()
    key = name.strip().lower() if isinstance(name, str) else name
    with _lock:
        found = _sets.get(key) if isinstance(key, str) else None
        if found is None:
            raise UnknownNameError("limits", name, sorted(_sets))
        return found


def names() -> list[str]:
    """The names of every available limit set, sorted.

    >>> "cn-licensed-lender" in names()
    True
    """
    _ensure_loaded()
    with _lock:
        return sorted(_sets)


def default_for(jurisdiction: str) -> LimitSet | None:
    """The set marked ``default`` for ``jurisdiction`` (None if there is none).

    >>> default_for("CN").name, default_for("US")
    ('cn-licensed-lender', None)
    """
    _ensure_loaded()
    with _lock:
        found = [s for s in _sets.values() if s.default and s.jurisdiction == jurisdiction]
    return min(found, key=lambda s: s.name) if found else None
