"""Text from outside (a payment's reference, a plugin's description) made safe to print.

Every text report (the assessment timeline, the text tables, the product list, the
command line's error line) passes such text through :func:`printable`, so a newline, a
control character or an ANSI escape sequence in it can neither forge a line of the
report nor recolour or rewrite the terminal: each is shown escaped, as Python writes it
in a string literal (``\\n``, ``\\x1b``, ``\\u2028``). Other characters, a backslash
included, pass unchanged (a Windows path stays readable).

>>> print(printable("TX-1\\n2024-02-01  settled"))
TX-1\\n2024-02-01  settled
>>> print(printable("\\x1b[31mPAID\\x1b[0m"))
\\x1b[31mPAID\\x1b[0m
>>> printable("TX 42 / 还款")
'TX 42 / 还款'
"""

from __future__ import annotations

import re

__all__ = ["printable"]

#: Characters shown escaped besides the control characters (category Cc): the Unicode
#: line and paragraph separators (they end a line for many readers) and the
#: bidirectional formatting characters (they reorder what a terminal shows).
_ALSO_ESCAPED = frozenset(
    "\u2028\u2029\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNSAFE = re.compile(
    "[" + "".join(re.escape(c) for c in sorted(_ALSO_ESCAPED)) + "\x00-\x1f\x7f-\x9f]"
)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: object) -> str:
    """``str(text)`` with every control character, line or paragraph separator and
    bidirectional control escaped (``\\n``, ``\\x1b``, ``\\u202e``); ``None`` is the empty
    text. Other characters, any script and the backslash, pass unchanged.

    >>> printable("a\\tb\\\\c"), printable(None), printable("\\u202eevil")
    ('a\\\\tb\\\\c', '', '\\\\u202eevil')
    >>> import unicodedata
    >>> all(unicodedata.category(c) != "Cc" for c in printable("".join(map(chr, range(256)))))
    True
    """
    if text is None:
        return ""
    value = text if isinstance(text, str) else str(text)
    if value.isprintable():
        return value  # the common case: nothing to escape (isprintable is C-fast)
    return _UNSAFE.sub(_escape, value)
