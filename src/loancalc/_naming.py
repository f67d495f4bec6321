"""One parsing base for every named choice: enums and :class:`~loancalc.Frequency` names.

A :class:`Names` table maps spellings to values. Spellings are normalised by one key
function (``"Modified Following"``, ``"modified_following"`` and ``"modified-following"``
are one key) and aliases are data, a mapping from an alias to the canonical spelling.
:class:`NamedEnum` gives an enum a ``parse`` class method reading its table.

>>> import enum
>>> class Colour(NamedEnum):
...     RED = "red"
...     DARK_BLUE = "dark-blue"
>>> register(Colour, field="colour", aliases={"navy": "dark-blue"})
>>> Colour.parse("Dark Blue"), Colour.parse("NAVY"), Colour.parse(Colour.RED)
(<Colour.DARK_BLUE: 'dark-blue'>, <Colour.DARK_BLUE: 'dark-blue'>, <Colour.RED: 'red'>)
>>> Colour.parse("green")
Traceback (most recent call last):
loancalc.errors.UnknownNameError: colour: got 'green'; accepted: one of red, dark-blue
>>> Colour.parse(3)
Traceback (most recent call last):
loancalc.errors.InvalidTypeError: colour: got 3; accepted: a Colour or its name, one of red, ...
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, Self, TypeVar

from loancalc.errors import InvalidTypeError, UnknownNameError

__all__ = ["NamedEnum", "Names", "dashed_key", "register"]

_T = TypeVar("_T")

#: Longest text a name lookup reads; anything longer is no name (and is not copied).
_LONGEST_NAME = 100


def dashed_key(text: str) -> str:
    """The default key: trimmed, lower case, ``_`` and spaces read as ``-``.

    >>> dashed_key("  Half_Up "), dashed_key("semi annual")
    ('half-up', 'semi-annual')
    """
    return text.strip().lower().replace("_", "-").replace(" ", "-")


class Names(Generic[_T]):
    """Spellings of a field's values: canonical names plus aliases, under one key function.

    ``canonical`` maps each value's own names (the first one is shown in messages) to it;
    ``aliases`` maps further spellings to a canonical name; ``known`` overrides the list
    of names an error message shows.

    >>> sizes = Names("size", {"small": 1, "large": 3}, aliases={"big": "large"})
    >>> sizes.parse("Big"), sizes.find("medium")
    (3, None)
    """

    def __init__(
        self,
        field: str,
        canonical: Mapping[str, _T],
        *,
        aliases: Mapping[str, str] | None = None,
        key: Callable[[str], str] = dashed_key,
        known: Iterable[str] | None = None,
        type_name: str | None = None,
    ) -> None:
        self.field = field
        self.key = key
        self.known = list(canonical) if known is None else list(known)
        self.type_name = type_name
        table: dict[str, _T] = {}
        for name, value in canonical.items():  # the first spelling of a key wins
            table.setdefault(key(name), value)
        for alias, name in (aliases or {}).items():
            table.setdefault(key(alias), canonical[name])
        self._table = table

    def find(self, text: str) -> _T | None:
        """The value ``text`` spells, or ``None``.

        >>> Names("size", {"small": 1}).find(" SMALL ")
        1
        """
        if len(text) > _LONGEST_NAME:
            return None
        return self._table.get(self.key(text))

    def parse(self, value: object) -> _T:
        """The value the string ``value`` spells; an error naming the field otherwise.

        >>> Names("size", {"small": 1}).parse("tiny")
        Traceback (most recent call last):
        loancalc.errors.UnknownNameError: size: got 'tiny'; accepted: one of small
        """
        if not isinstance(value, str):
            raise self.type_error(value)
        found = self.find(value)
        if found is None:
            raise UnknownNameError(self.field, value, self.known)
        return found

    def type_error(self, value: object) -> InvalidTypeError:
        """The error for a value that is not even a string.

        >>> print(Names("size", {"small": 1}).type_error(None))
        size: got None; accepted: a name, one of small
        """
        what = "a name" if self.type_name is None else f"{self.type_name} or its name"
        return InvalidTypeError(self.field, value, f"{what}, one of {', '.join(self.known)}")


_REGISTRY: dict[type[enum.Enum], Names[Any]] = {}


class NamedEnum(enum.Enum):
    """An enum whose members parse from a member, their value, their name or an alias.

    Each subclass calls :func:`register` once, after its body, to declare its field name
    and aliases. A subclass that does not is registered on first use from its
    ``_field_name()`` (default: the class name in lower case) and ``_aliases()`` (alias to
    member value; default none) class methods.

    >>> from loancalc import Accrual
    >>> Accrual.parse("DAILY")
    <Accrual.DAILY: 'daily'>
    """

    @classmethod
    def parse(cls, value: object) -> Self:
        """The member ``value`` names.

        >>> from loancalc import Method
        >>> Method.parse("french")
        <Method.EQUAL_INSTALLMENT: 'equal-installment'>
        """
        if isinstance(value, cls):
            return value
        names = _REGISTRY.get(cls)
        if names is None:
            register(cls, field=cls._field_name(), aliases=cls._aliases())
            names = _REGISTRY[cls]
        if isinstance(value, enum.Enum):  # another enum's member: a wrong type
            raise names.type_error(value)
        found: Self = names.parse(value)
        return found

    @classmethod
    def _field_name(cls) -> str:
        return cls.__name__.lower()

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return {}


def register(
    cls: type[enum.Enum],
    *,
    field: str,
    aliases: Mapping[str, str] | None = None,
    key: Callable[[str], str] = dashed_key,
    by_value: bool = True,
    shown: Callable[[Any], str] | None = None,
) -> None:
    """Declare how ``cls`` parses: its field name (for messages) and its aliases.

    Every member parses from its name (``EQUAL_PRINCIPAL``) and, if ``by_value``, its
    value; ``aliases`` map further spellings to a member's value (or, with
    ``by_value=False``, to its shown name). Messages list each member as ``shown(member)``
    (default: its value).

    >>> class Size(NamedEnum):
    ...     SMALL = "s"
    >>> register(Size, field="size", aliases={"tiny": "s"})
    >>> Size.parse("tiny"), Size.parse("small")
    (<Size.SMALL: 's'>, <Size.SMALL: 's'>)
    """
    show = shown if shown is not None else (lambda member: str(member.value))
    canonical: dict[str, enum.Enum] = {}
    for member in cls:
        canonical[show(member)] = member
    for member in cls:
        if by_value and isinstance(member.value, str):
            canonical.setdefault(member.value, member)
        canonical.setdefault(member.name, member)
    known = [show(member) for member in cls]
    by_shown = {show(member): member for member in cls}
    resolved = {
        alias: show(by_shown[target] if target in by_shown else cls(target))
        for alias, target in (aliases or {}).items()
    }
    _REGISTRY[cls] = Names(
        field,
        canonical,
        aliases=resolved,
        key=key,
        known=known,
        type_name=f"a {cls.__name__}",
    )
