"""The language of the command line itself: help, usage and error messages.

It is the ``--lang`` given anywhere on the command line (also after ``--help``), else the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English. argparse's own words
("usage:", "options", "the following arguments are required"...) come from our catalog
while the command line is parsed: argparse looks them up through its module's ``_`` and
``ngettext``, which :func:`argparse_speaks` replaces for that time only.

>>> cli_language(["schedule", "--help", "--lang", "zh"], {})
'zh'
>>> cli_language(["schedule", "--lang=en"], {"LANG": "zh_CN.UTF-8"})
'en'
>>> cli_language(["schedule"], {"LANG": "zh_CN.UTF-8"}), cli_language(["schedule"], {})
('zh', 'en')
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator, Mapping, Sequence

from loancalc.locale import LANGUAGES, language_from_environment, translation

__all__ = ["argparse_speaks", "cli_language"]

_OPTION = "--lang"


def cli_language(words: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language ``words`` ask for with their last ``--lang`` (``--lang zh`` or
    ``--lang=zh``), if it is one of :data:`~loancalc.locale.LANGUAGES`; else the locale's.
    (A ``--lang`` the parser refuses is reported in the locale's language.)

    >>> cli_language(["--lang", "fr"], {}), cli_language(["--", "--lang", "zh"], {})
    ('en', 'en')
    """
    chosen = None
    for index, word in enumerate(words):
        if word == "--":
            break
        if word == _OPTION and index + 1 < len(words):
            chosen = words[index + 1]
        elif word.startswith(_OPTION + "="):
            chosen = word.removeprefix(_OPTION + "=")
    if chosen in LANGUAGES:
        return chosen
    return language_from_environment(environ)


@contextlib.contextmanager
def argparse_speaks(lang: str) -> Iterator[None]:
    """While in this block, argparse's own messages are in ``lang``.

    >>> with argparse_speaks("zh"):
    ...     argparse.ArgumentParser(prog="demo").format_usage()
    '用法：demo [-h]\\n'
    >>> argparse.ArgumentParser(prog="demo").format_usage()
    'usage: demo [-h]\\n'
    """
    if lang == "en":
        yield
        return
    gettext = translation(lang).gettext

    def ngettext(singular: str, plural: str, count: int) -> str:
        # The catalog holds both forms as messages of their own (Chinese has one form).
        return gettext(singular if count == 1 else plural)

    module = vars(argparse)
    saved = module["_"], module["ngettext"]
    module["_"], module["ngettext"] = gettext, ngettext
    try:
        yield
    finally:
        module["_"], module["ngettext"] = saved
