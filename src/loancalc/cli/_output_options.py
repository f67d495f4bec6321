"""The output options shared by the commands: ``--format`` and ``--lang``, and a
schedule rendered as ``--format`` asks for (re-exported by
:mod:`loancalc.cli.loan_options`).

>>> parser = argparse.ArgumentParser()
>>> add_format_argument(parser)
>>> add_lang_argument(parser)
>>> args = parser.parse_args(["--format", "csv", "--lang", "zh"])
>>> args.format, language_from_args(args, {})
('csv', 'zh')
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping

from loancalc.locale import LANGUAGES, N_, check_language, language_from_environment
from loancalc.schedule import Schedule

__all__ = [
    "add_format_argument",
    "add_lang_argument",
    "language_from_args",
    "render_schedule",
]


def add_format_argument(parser: argparse.ArgumentParser, *, html: bool = False) -> None:
    """Add ``--format table|csv|json`` (``table`` by default), and ``html`` with
    ``html=True`` (one self-contained HTML page: see :mod:`loancalc.reports`).

    >>> parser = argparse.ArgumentParser()
    >>> add_format_argument(parser)
    >>> parser.parse_args([]).format, parser.parse_args(["--format", "json"]).format
    ('table', 'json')
    >>> parser = argparse.ArgumentParser()
    >>> add_format_argument(parser, html=True)
    >>> parser.parse_args(["--format", "html"]).format
    'html'
    """
    choices = ("table", "csv", "json", "html") if html else ("table", "csv", "json")
    parser.add_argument_group(N_("output")).add_argument(
        "--format",
        choices=choices,
        default="table",
        help=N_(
            "table for people, csv or json (lossless, exact amounts) for programs, html: a "
            "report to keep or print (one self-contained page) (default: %(default)s)"
        )
        if html
        else N_(
            "table for people, csv or json (lossless, exact amounts) for programs "
            "(default: %(default)s)"
        ),
    )


def add_lang_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--lang en|zh``: the language of the text and HTML reports (default: the
    locale's, from ``LC_ALL``, ``LC_MESSAGES`` or ``LANG``; English unless it is
    Chinese). CSV and JSON are data and stay as they are.

    >>> parser = argparse.ArgumentParser()
    >>> add_lang_argument(parser)
    >>> parser.parse_args(["--lang", "zh"]).lang, parser.parse_args([]).lang
    ('zh', None)
    """
    parser.add_argument_group(N_("output")).add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=N_(
            "the language of the text and HTML reports: en (English) or zh (Chinese) "
            "(default: the locale's, from LC_ALL, LC_MESSAGES or LANG; English unless it is "
            "Chinese)"
        ),
    )


def language_from_args(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> str:
    """The report language: the command's ``--lang`` if given, else ``loancalc``'s own
    (``loancalc --lang zh COMMAND``), else the locale of ``environ`` (default: the
    process's environment), else English.

    >>> language_from_args(argparse.Namespace(lang="zh"), {})
    'zh'
    >>> language_from_args(argparse.Namespace(lang=None), {"LANG": "zh_CN.UTF-8"})
    'zh'
    >>> language_from_args(argparse.Namespace(), {"LANG": "en_US.UTF-8"})
    'en'
    >>> language_from_args(argparse.Namespace(lang=None, cli_lang="zh"), {})
    'zh'
    """
    lang = getattr(args, "lang", None)
    if lang is None:
        lang = getattr(args, "cli_lang", None)
    if lang is not None:
        return check_language(lang, "--lang")
    return language_from_environment(os.environ if environ is None else environ)


def render_schedule(schedule: Schedule, output_format: str, lang: str = "en") -> str:
    """``schedule`` as the text ``--format`` asks for, in ``lang`` (the table and the
    HTML page; English by default).

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> print(render_schedule(s, "csv").splitlines()[1])
    1,2024-01-01,2024-02-01,31,100.00,100.00,0.00,0.00,100.00,0.00,0.00
    >>> print(render_schedule(s, "table", "zh").splitlines()[0])
    还款计划
    """
    if output_format == "csv":
        return schedule.to_csv()
    if output_format == "json":
        return schedule.to_json(indent=2)
    if output_format == "html" or lang != "en":
        from loancalc import reports  # the templates load only when a report is asked for

        if output_format == "html":
            return reports.render_html(schedule, lang)
        return reports.render_text(schedule, lang)
    return str(schedule)
