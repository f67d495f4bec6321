"""Where a product's numbers come from (:class:`Source`), and the error naming a bad file.

>>> Source(title="Regulation Z, 12 CFR 1026.22", url="https://www.ecfr.gov/").title
'Regulation Z, 12 CFR 1026.22'
>>> print(ProductFileError("acme.toml", "servicing.grace.days", -1, "a whole number"))
acme.toml: servicing.grace.days: got -1; accepted: a whole number
"""

from __future__ import annotations

from typing import Any

import attrs

from loancalc.errors import InvalidTypeError, InvalidValueError

__all__ = ["ProductFileError", "Source"]


class ProductFileError(InvalidValueError):
    """A product file (or plugin) holds a bad key or value: names the ``file`` (any text
    saying where the rules came from), the key path ``field``, the ``value`` and what is
    ``accepted``.

    >>> error = ProductFileError("p.toml", "name", "X", "a slug")
    >>> error.file, error.field, isinstance(error, ValueError)
    ('p.toml', 'name', True)
    """

    def __init__(self, file: str, field: str, value: object, accepted: str) -> None:
        self.file = file
        super().__init__(field, value, accepted)
        self.args = (f"{file}: {self.args[0]}",)

    def __reduce__(self) -> Any:
        return type(self), (self.file, self.field, self.value, self.accepted)


def _check_title(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError("sources.title", value, "a non-empty text")
    if not value.strip():
        raise InvalidValueError("sources.title", value, "a non-empty text")


def _check_url(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    accepted = "None or an http(s) address"
    if value is None:
        return
    if not isinstance(value, str):
        raise InvalidTypeError("sources.url", value, accepted)
    if not value.startswith(("https://", "http://")) or any(c.isspace() for c in value):
        raise InvalidValueError("sources.url", value, accepted)


def _check_note(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidTypeError("sources.note", value, "None or a text")


@attrs.frozen(kw_only=True)
class Source:
    """One source of a product's rules: a regulation, a contract, a published example.

    ``title`` names it (with the article or section); ``url`` where to read it;
    ``note`` what it supports (which numbers, "confirmed" or "practice").

    >>> Source(title="")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: sources.title: got ''; accepted: a non-empty text
    """

    title: str = attrs.field(validator=_check_title)
    url: str | None = attrs.field(default=None, validator=_check_url)
    note: str | None = attrs.field(default=None, validator=_check_note)
