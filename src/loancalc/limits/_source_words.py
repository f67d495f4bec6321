"""The built-in limit sets' words for the catalog: their sources' titles, their rules'
titles and their descriptions, as the TOML files write them (English) and marked for
the gettext catalog, where each has its translation: a Chinese source is cited by its
Chinese title (最高人民法院关于审理民间借贷案件适用法律若干问题的规定), a UK or EU one
by its designation and a Chinese gloss (keeping a formal English title beside it).

A title a user's limit set brings, or one changed in a TOML file without its message
here, is shown as written (the tests hold the built-ins to this list).

>>> from loancalc.locale import translation
>>> source_text(translation("zh").gettext, SOURCE_TITLES[2])[:34]
'《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》（2020'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from loancalc.locale import N_

__all__ = ["DESCRIPTIONS", "RULE_TITLES", "SOURCE_TITLES", "limit_text", "source_text"]

#: The titles of the built-in limit sets' sources (``[[rules.sources]] title``), and the
#: audit's own source of a claim finding.
SOURCE_TITLES = (
    N_(
        "Supreme People's Court, Several Opinions on Further Strengthening Financial "
        "Adjudication (最高人民法院关于进一步加强金融审判工作的若干意见, 法发〔2017〕22号), "
        "art. 2, 2017-08-04"
    ),
    N_(
        "Supreme People's Court, Provisions on Private Lending Cases (最高人民法院关于审理"
        "民间借贷案件适用法律若干问题的规定, 法释〔2015〕18号), arts. 26 and 30, in force "
        "2015-09-01"
    ),
    N_(
        "Supreme People's Court, Provisions on Private Lending Cases as amended "
        "(法释〔2020〕6号, in force 2020-08-20; 法释〔2020〕17号), arts. 25 and 29"
    ),
    N_(
        "Finnish Competition and Consumer Authority: the 20 per cent interest rate cap for "
        "consumer credits enters into force on 1 September 2019"
    ),
    N_(
        "Finnish Competition and Consumer Authority: reform of the Consumer Protection "
        "Act, in force 2023-10-01"
    ),
    N_(
        "Finnish Competition and Consumer Authority: maximum interest rate and marketing "
        "of credits will be limited temporarily due to corona"
    ),
    N_(
        "Government proposal HE 53/2020 vp: the temporary amendment of chapter 7 of the "
        "Consumer Protection Act"
    ),
    N_(
        "Guarantee Foundation (velkaa.fi): the maximum interest of certain consumer "
        "credits 1.1.-30.9.2021"
    ),
    N_(
        "FCA Handbook CONC 5A.3.3R (initial cost cap) and 5A.3.7R (the credit outstanding "
        "on the day)"
    ),
    N_(
        "FCA PS14/16: Detailed rules for the price cap on high-cost short-term credit "
        "(November 2014)"
    ),
    N_("FCA Handbook CONC 5A.3.2R (total cost cap)"),
    N_("the contract, as loancalc computes it from the loan's terms and payments"),
)

#: The titles of the built-in limit sets' rules (``[[rules]] title``).
RULE_TITLES = (
    N_(
        "interest, compound interest, penalty interest, late fees and other charges above "
        "24 %% a year in total are cut"
    ),
    N_(
        "above 24 %% a year not enforced; paid interest between 24 %% and 36 %% kept; "
        "above 36 %% void"
    ),
    N_(
        "interest, penalty and other charges above four times the one-year LPR at the "
        "contract date are not supported"
    ),
    N_("the credit interest rate may not exceed 20 %% a year"),
    N_("the interest rate may not exceed 10 %% a year while the temporary cap of 2020 lasts"),
    N_("the interest rate may not exceed 10 %% a year while the temporary cap of 2021 lasts"),
    N_("interest and fees at most 0.8 %% a day of the credit outstanding"),
    N_("each default fee at most 15.00"),
    N_("interest, fees and charges at most 100 %% of the credit provided"),
)

#: The descriptions of the built-in limit sets.
DESCRIPTIONS = (
    N_(
        "China, licensed financial institutions: all-in cost above 24 %% a year not "
        "protected by the courts"
    ),
    N_(
        "China, private lending: 24 %%/36 %% bands for contracts before 2020-08-20, four "
        "times the one-year LPR after"
    ),
    N_(
        "Finland, consumer credit (an EU example): contract interest at most 20 %% a year, "
        "agreements from 2019-09-01; 10 %% while the 2020-2021 temporary caps lasted"
    ),
    N_(
        "UK high-cost short-term credit: 0.8 %% a day, 15.00 a default fee, 100 %% of the "
        "credit in total (FCA CONC 5A)"
    ),
)

#: One source as a finding cites it: its title, then `` <url>`` if it has one.
_CITED = re.compile(r"(?P<title>.*?)(?P<url> <[^<>]*>)?", re.S)


def limit_text(_: Callable[[str], str], text: str) -> str:
    """A limit set's description, a rule's or a source's title in the language of ``_``.

    The catalog holds each such text with ``%`` written ``%%`` (as a Python format with
    no field): ``24 % a year`` would otherwise read as a ``% a`` placeholder to Babel.

    >>> from loancalc.locale import translation
    >>> limit_text(translation("zh").gettext, "each default fee at most 15.00")
    '每笔违约费不超过 15.00'
    >>> limit_text(translation("zh").gettext, "the credit interest rate may not exceed 20 % a year")
    '信贷利率不得超过年 20 %'
    >>> limit_text(translation("zh").gettext, "a user's 30 % cap")
    "a user's 30 % cap"
    """
    return _(text.replace("%", "%%")) % ()


def source_text(_: Callable[[str], str], source: str) -> str:
    """A finding's ``source`` (titles joined by ``"; "``, each with its `` <url>``) in the
    language of ``_``: each title translated, each address kept.

    >>> from loancalc.locale import translation
    >>> _ = translation("zh").gettext
    >>> source_text(_, SOURCE_TITLES[-2] + " <https://example.org/>; a user's own source")
    "FCA 手册 CONC 5A.3.2R（总成本上限） <https://example.org/>；a user's own source"
    >>> source_text(translation("en").gettext, "x <u>; y") == "x <u>; y"
    True
    """
    cited = []
    for part in _cited_parts(source):
        match = _CITED.fullmatch(part)
        assert match is not None  # the pattern matches any text
        cited.append(limit_text(_, match["title"]) + (match["url"] or ""))
    return _("; ").join(cited)


def _cited_parts(source: str) -> list[str]:
    """``source`` split at each ``"; "`` outside brackets (a title may hold one inside).

    >>> _cited_parts("a (b; c) <u>; d")
    ['a (b; c) <u>', 'd']
    """
    parts, depth, start = [], 0, 0
    for index, character in enumerate(source):
        depth += (character in "(（<") - (character in ")）>")
        if depth == 0 and source.startswith("; ", index):
            parts.append(source[start:index])
            start = index + 2
    return [*parts, source[start:]]
