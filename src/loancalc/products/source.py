"""Where a product's numbers come from (:class:`Source`), and the error naming a bad file.

>>> Source(title="Regulation Z, 12 CFR 1026.22", url="https://www.ecfr.gov/").title
'Regulation Z, 12 CFR 1026.22'
>>> print(ProductFileError("acme.toml", "servicing.grace.days", -1, "a whole number"))
acme.toml: servicing.grace.days: got -1; accepted: a whole number
"""

from __future__ import annotations

import os
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import attrs

from loancalc._text import printable
from loancalc.errors import InvalidTypeError, InvalidValueError

__all__ = ["MAX_PRODUCT_FILE_BYTES", "ProductFileError", "Source", "read_text", "sources_of"]

#: The largest product file (or TOML text, UTF-8 encoded) read: 1 MiB. The built-in
#: products are under 10 KiB; a larger one is refused before it is parsed.
MAX_PRODUCT_FILE_BYTES = 1024 * 1024


class ProductFileError(InvalidValueError):
    """A product file (or plugin) holds a bad key or value: names the ``file`` (any text
    saying where the rules came from), the key path ``field``, the ``value`` and what is
    ``accepted``. The file is shown escaped (:func:`loancalc._text.printable`): a path
    may hold any character but NUL.

    >>> error = ProductFileError("p.toml", "name", "X", "a slug")
    >>> error.file, error.field, isinstance(error, ValueError)
    ('p.toml', 'name', True)
    >>> print(ProductFileError("a\\nb.toml", "(file)", "a\\nb.toml", "a file"))
    a\\nb.toml: (file): got 'a\\nb.toml'; accepted: a file
    """

    def __init__(self, file: str, field: str, value: object, accepted: str) -> None:
        self.file = file
        super().__init__(field, value, accepted)
        self.args = (f"{printable(file)}: {self.args[0]}",)

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


def read_text(path: str | os.PathLike[str] | Traversable) -> str:
    """The UTF-8 text of the product file at ``path`` (at most
    :data:`MAX_PRODUCT_FILE_BYTES`). A file missing, unreadable, too large or not UTF-8,
    or a path holding a NUL byte, raises a :class:`ProductFileError` naming it.

    >>> read_text("bad\\0name.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.products.source.ProductFileError: bad\\x00name.toml: (file): got 'bad\\x00name...
    """
    file = path if isinstance(path, Traversable) else Path(path)
    where = str(path)
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_PRODUCT_FILE_BYTES + 1)
    except (OSError, ValueError) as error:  # ValueError: a NUL byte in the path
        raise ProductFileError(
            where, "(file)", where, f"a readable UTF-8 TOML file ({why(error)})"
        ) from None
    check_size(data, where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ProductFileError(where, "(file)", where, f"UTF-8 text ({error})") from None


def check_size(text: str | bytes, source: str) -> None:
    """Refuse a product text over :data:`MAX_PRODUCT_FILE_BYTES` (UTF-8 encoded).

    >>> check_size("x" * (MAX_PRODUCT_FILE_BYTES + 1), "big.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    loancalc.products.source.ProductFileError: big.toml: (size): got '1048577 bytes'; ...
    """
    size = len(text)
    if isinstance(text, str) and size * 4 > MAX_PRODUCT_FILE_BYTES:
        size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_PRODUCT_FILE_BYTES:
        shown = f"{size} bytes" if isinstance(text, str) else f"over {size - 1} bytes"
        accepted = f"a product file of at most {MAX_PRODUCT_FILE_BYTES} bytes (1 MiB)"
        raise ProductFileError(source, "(size)", shown, accepted)


def why(error: BaseException, limit: int = 160) -> str:
    """An error's type and message on one short line, the message cut to ``limit``
    characters (it may quote the input); an error whose ``str`` fails still gets a line.

    >>> why(ValueError("bad\\n  value")), why(KeyError("a" * 9), limit=4)
    ('ValueError: bad value', "KeyError: 'aaa")
    """
    try:
        text = " ".join(str(error).split())
    except Exception:  # a plugin's error may fail even that: it is still reported
        text = "(no message)"
    return f"{type(error).__name__}: {text[:limit]}"


def sources_of(value: object, purpose: str) -> tuple[Source, ...]:
    """``value`` checked as a list of at least one :class:`Source` (``purpose``: what
    the sources say, for the error message).

    >>> sources_of([], "where the rule comes from")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: sources: got []; accepted: a list of at least one ...
    """
    accepted = f"a list of at least one Source ({purpose})"
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise InvalidTypeError("sources", value, accepted)
    sources = tuple(value)
    if not sources:
        raise InvalidValueError("sources", [], accepted)
    for index, source in enumerate(sources):
        if not isinstance(source, Source):
            raise InvalidTypeError(f"sources[{index}]", source, "a Source")
    return sources
