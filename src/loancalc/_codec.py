"""Plain-data form of loancalc's value objects: ``to_data`` and ``from_data``.

Rule sets are data: they travel as TOML files and JSON documents. This module turns a
frozen attrs value object into plain values (strings for ``Decimal`` and dates, enum
values, lists for tuples, nested dicts for nested objects) and back, rejecting unknown
keys with an error that names the path of the key. Converters and validators declared on
the fields do the parsing, so a value read back is checked exactly as one built in code.

>>> import attrs
>>> from decimal import Decimal
>>> @attrs.frozen(kw_only=True)
... class Fee:
...     amount: Decimal = attrs.field(default=Decimal(0), converter=Decimal)
>>> to_data(Fee(amount=Decimal("1.50")))
{'amount': '1.50'}
>>> from_data(Fee, {"amount": "2"}, "fee")
Fee(amount=Decimal('2'))
>>> from_data(Fee, {"amont": "2"}, "fee")
Traceback (most recent call last):
loancalc.errors.InvalidValueError: fee.amont: got '2'; accepted: one of the keys amount
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from loancalc.errors import InvalidValueError, LoanCalcError

__all__ = ["from_data", "to_data"]

T = TypeVar("T")


def to_data(value: Any, *, drop_none: bool = False) -> Any:
    """``value`` as plain data: dicts, lists, strings, ints, bools and ``None``.

    Fields whose name starts with ``_`` or that are not ``init`` fields are left out; the
    fields of a part a class names in ``__flat_fields__`` are written at the class's own
    level (and :func:`from_data` reads them there, as keywords of the class); ``drop_none``
    also leaves out fields that are ``None`` (TOML has no null: a missing
    key reads back as the field's default, which is ``None`` for every optional field).

    >>> to_data((Decimal("0.5"), date(2024, 1, 1)))
    ['0.5', '2024-01-01']
    """
    if attrs.has(type(value)):
        flat = getattr(type(value), "__flat_fields__", ())
        # Options added later, written only when set, so that older data reads the same.
        omitted = getattr(type(value), "__omitted_at_default__", ())
        data: dict[str, Any] = {}
        for field in attrs.fields(type(value)):
            if not field.init or field.name.startswith("_"):
                continue
            item = getattr(value, field.name)
            if drop_none and item is None:
                continue
            if field.name in omitted and item == field.default:
                continue
            if field.name in flat:  # a part whose fields are its owner's keys
                data.update(to_data(item, drop_none=drop_none))
            else:
                data[field.name] = to_data(item, drop_none=drop_none)
        return data
    if isinstance(value, enum.Enum):
        return _enum_data(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset | set):
        items = [to_data(item, drop_none=drop_none) for item in value]
        return sorted(items) if isinstance(value, frozenset | set) else items
    if isinstance(value, Mapping):
        return {
            str(key): to_data(item, drop_none=drop_none)
            for key, item in value.items()
            if not (drop_none and item is None)
        }
    return value


def from_data(cls: type[T], data: object, path: str) -> T:
    """Build ``cls`` (a frozen attrs class) from plain ``data``, validating every field.

    Unknown keys are errors naming ``path.key``; errors raised by a field's converter or
    validator are re-raised with the field's full path.
    """
    if not isinstance(data, Mapping):
        raise InvalidValueError(path, data, f"a table of {cls.__name__} fields")
    fields = {field.name: field for field in attrs.fields(cls) if field.init}  # type: ignore[arg-type]
    hints = typing.get_type_hints(cls)
    for name in getattr(cls, "__flat_fields__", ()):  # its fields are keys (and keywords) of cls
        part = hints[name]
        del fields[name]
        fields.update({field.name: field for field in attrs.fields(part) if field.init})
        hints = {**typing.get_type_hints(part), **hints}
    values: dict[str, Any] = {}
    for key, item in data.items():
        field = fields.get(str(key))
        if field is None:
            known = ", ".join(sorted(fields))
            raise InvalidValueError(_join(path, str(key)), item, f"one of the keys {known}")
        values[field.alias] = _decode(hints.get(field.name), item, _join(path, str(key)))
    try:
        return cls(**values)
    except InvalidValueError as error:
        if not path or error.field.startswith(path):
            raise
        raise InvalidValueError(_join(path, error.field), error.value, error.accepted) from None
    except LoanCalcError:
        raise
    except (TypeError, ValueError, ArithmeticError) as error:
        raise InvalidValueError(path, data, f"valid {cls.__name__} fields ({error})") from None


def _enum_data(member: enum.Enum) -> Any:
    """An enum member as data: its value if ``parse`` reads that back, else its dashed name
    (``RoundingMode.HALF_UP`` -> ``'half-up'``, as its value is ``'ROUND_HALF_UP'``)."""
    parse = getattr(type(member), "parse", None)
    if parse is not None and not isinstance(member.value, str | int):
        return member.name.lower().replace("_", "-")
    if parse is not None:
        try:
            if parse(member.value) is member:
                return member.value
        except (ValueError, TypeError):
            pass
        return member.name.lower().replace("_", "-")
    return to_data(member.value)


def _join(path: str, field: str) -> str:
    """``path`` + ``field``, sharing their overlap: validators name fields relative to the
    object they belong to (``grace.days``), so ``rules.grace`` + ``grace.days`` is
    ``rules.grace.days``, and ``product.sources[0]`` + ``sources.title`` is
    ``product.sources[0].title``. An empty ``path`` is the root.

    >>> _join("rules.grace", "grace.days"), _join("", "name"), _join("rules", "allocation")
    ('rules.grace.days', 'name', 'rules.allocation')
    """
    if not path:
        return field
    parts, names = path.split("."), field.split(".")
    bare = [part.split("[", 1)[0] for part in parts]
    for size in range(min(len(parts), len(names) - 1), 0, -1):
        if bare[-size:] == [name.split("[", 1)[0] for name in names[:size]]:
            return ".".join([*parts, *names[size:]])
    return f"{path}.{field}"


def _decode(hint: Any, item: object, path: str) -> Any:
    """Turn plain ``item`` into what a field typed ``hint`` takes (nested objects, dates)."""
    if hint is None:
        return item
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if item is None:
            return None
        for option in options:
            if attrs.has(option) and isinstance(item, Mapping):
                return from_data(option, item, path)
        return _decode(options[0], item, path) if len(options) == 1 else item
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(item, list | tuple):
            raise InvalidValueError(path, item, "a list")
        element = args[0] if args else None
        return tuple(_decode(element, part, f"{path}[{index}]") for index, part in enumerate(item))
    if isinstance(hint, type):
        if attrs.has(hint):
            if isinstance(item, str) and hasattr(hint, "parse"):
                return hint.parse(item)  # a value with a name, such as "monthly"
            return from_data(hint, item, path)
        if issubclass(hint, date) and isinstance(item, str):
            try:
                return date.fromisoformat(item)
            except ValueError:
                raise InvalidValueError(path, item, "an ISO date YYYY-MM-DD") from None
    return item
