"""The languages of loancalc's reports, and their gettext catalogs.

Every word a report shows a person goes through gettext: a report renderer takes a
translation object (:func:`translation`) and calls its ``gettext``; nothing is installed
globally (never ``gettext.install``), so two reports in two languages can be rendered
side by side. The catalogs are kept in this package
(``zh/LC_MESSAGES/loancalc.po`` and the compiled ``loancalc.mo``); English is the
source language and needs none.

>>> translation("zh").gettext("Days past due")
'逾期天数'
>>> translation("en").gettext("Days past due")
'Days past due'
>>> language_from_environment({"LANG": "zh_CN.UTF-8"}), language_from_environment({})
('zh', 'en')
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Mapping
from pathlib import Path

from loancalc.errors import InvalidValueError

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LANGUAGES",
    "N_",
    "check_language",
    "language_from_environment",
    "translation",
]

#: The gettext domain of loancalc's catalogs.
DOMAIN = "loancalc"
#: The languages reports are written in (English is the default).
LANGUAGES = ("en", "zh")
#: The language of a report when none is asked for.
DEFAULT_LANGUAGE = "en"
_DIRECTORY = Path(__file__).parent
#: The locale variables, in the order POSIX reads them for messages.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def N_(message: str) -> str:  # noqa: N802  (the name Babel's extractor looks for)
    """Mark ``message`` for the catalog without translating it: for a text chosen before the
    language is known (an option's help), translated where it is shown.

    >>> N_("the loan's principal")
    "the loan's principal"
    """
    return message


def check_language(lang: object, field: str = "lang") -> str:
    """``lang`` if it is one of :data:`LANGUAGES`, else
    :class:`~loancalc.errors.InvalidValueError` naming ``field``.

    >>> check_language("zh")
    'zh'
    >>> check_language("fr")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: lang: got 'fr'; accepted: one of en, zh
    """
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise InvalidValueError(field, lang, f"one of {', '.join(LANGUAGES)}")
    return lang


@functools.cache
def translation(lang: str = DEFAULT_LANGUAGE) -> gettext.NullTranslations:
    """The translation object of ``lang`` (one of :data:`LANGUAGES`): its ``gettext``
    turns an English message into that language (English: unchanged). Read once per
    language; the object is never installed as the process's ``_``.

    >>> _ = translation("zh").gettext
    >>> _("Penalty interest"), _("Compound interest"), _("Late fees")
    ('罚息', '复利', '滞纳金')
    """
    check_language(lang)
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=_DIRECTORY, languages=[lang])


def language_from_environment(environ: Mapping[str, str]) -> str:
    """The report language the locale variables of ``environ`` ask for: the first of
    ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set and not empty decides (as POSIX
    reads them); ``zh`` for a Chinese locale (``zh_CN.UTF-8``, ``zh_TW``, ``zh``),
    English otherwise and when none is set.

    >>> language_from_environment({"LC_ALL": "", "LC_MESSAGES": "C", "LANG": "zh_CN.UTF-8"})
    'en'
    >>> language_from_environment({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_GB.UTF-8"})
    'zh'
    """
    for name in _LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            code = value.split(".")[0].split("@")[0].replace("-", "_").lower()
            return "zh" if code.split("_")[0] == "zh" else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE
