"""JSON text in and out, with every failure to read it a :class:`~loancalc.LoanCalcError`.

:func:`to_json` writes plain data (see :func:`~loancalc.export.columns.json_value` for
cells); :func:`parse_json` reads text back and refuses what is not JSON, including input
nested too deeply to read, with an error naming the field:

>>> parse_json('{"a": [1, "2"]}')
{'a': [1, '2']}
>>> parse_json("[" * 100_000)  # doctest: +ELLIPSIS
Traceback (most recent call last):
loancalc.errors.InvalidValueError: json: got '[[[...'; accepted: JSON text (nested too deeply ...)
"""

from __future__ import annotations

import json
from typing import Any

from loancalc.errors import InvalidTypeError, InvalidValueError

__all__ = ["parse_json", "to_json"]


def to_json(data: object, *, indent: int | None = None) -> str:
    """``data`` (plain dicts, lists, strings, numbers) as JSON text, non-ASCII kept as is.

    >>> to_json({"payment": "408.03", "note": "月供"})
    '{"payment": "408.03", "note": "月供"}'
    """
    return json.dumps(data, indent=indent, ensure_ascii=False)


def parse_json(text: object, field: str = "json") -> Any:
    """The value the JSON ``text`` (``str``, ``bytes`` or ``bytearray``) holds.

    Raises :class:`~loancalc.errors.InvalidTypeError` if ``text`` is not text, and
    :class:`~loancalc.errors.InvalidValueError` if it is not JSON (or is nested too deeply
    to read); both name ``field``.

    >>> parse_json(None, "schedule")
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: schedule: got None; accepted: JSON text (str or bytes)
    """
    if not isinstance(text, str | bytes | bytearray):
        raise InvalidTypeError(field, text, "JSON text (str or bytes)")
    try:
        return json.loads(text)
    except RecursionError:
        raise InvalidValueError(
            field, _start(text), "JSON text (nested too deeply to read)"
        ) from None
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError, huge integers
        raise InvalidValueError(field, _start(text), f"JSON text ({error})") from None


def _start(text: str | bytes | bytearray) -> str:
    """The first characters of ``text``, for an error message."""
    shown = text if isinstance(text, str) else bytes(text[:60]).decode("utf-8", "replace")
    return shown if len(shown) <= 60 else shown[:57] + "..."
