"""How ``loancalc --help`` is laid out in each language: every help text, description and
section title goes through the catalog when it is shown, and lines wrap by display width
(a Chinese character takes two columns).

An option's help is chosen when the parser is built, before the language is known, so it
is written in English (marked with :func:`~loancalc.locale.N_`, or built with
:func:`template_help` when it names values computed in code) and translated here.

>>> wrap_display("逾期天数与逾期本金 are shown", 10)
['逾期天数与', '逾期本金', 'are shown']
"""

from __future__ import annotations

import argparse
import functools
import re
import textwrap
from collections.abc import Callable, Iterable

from wcwidth import wcswidth

from loancalc.locale import translation

__all__ = [
    "HelpFormatter",
    "TemplateHelp",
    "formatter_for",
    "template_help",
    "wrap_display",
]

#: Characters that may end a line but never start one (Chinese closing punctuation).
_NO_LINE_START = frozenset("，。；：、）》」』！？,.;:)")
#: A chunk that wraps as one: a run of spaces, one wide character, or a word.
_CHUNK = re.compile(r"\s+|[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+")  # fmt: skip # noqa: E501


class TemplateHelp(str):
    """An option's help naming values computed in code: the English text (this string),
    with the catalog's ``template`` and its ``fields`` kept to translate it.

    >>> help = template_help("one of {names}", names="a, b")
    >>> help, help.template, help.translated(translation("zh").gettext)
    ('one of a, b', 'one of {names}', '以下之一：a, b')
    """

    template: str
    fields: dict[str, str]

    def translated(self, gettext: Callable[[str], str]) -> str:
        """The help in the language of ``gettext`` (a field that is a catalog message, such
        as a default described in words, is translated too)."""
        fields = {name: gettext(value) for name, value in self.fields.items()}
        return gettext(self.template).format(**fields)


def template_help(template: str, **fields: str) -> TemplateHelp:
    """The help ``template.format(**fields)``, translated as ``template`` when shown (the
    ``template`` is a catalog message, marked with :func:`~loancalc.locale.N_`).

    >>> template_help("the column of the {field}", field="due date")
    'the column of the due date'
    """
    help = TemplateHelp(template.format(**fields))
    help.template = template
    help.fields = dict(fields)
    return help


def wrap_display(text: str, width: int) -> list[str]:
    """``text``'s words (spaces folded) in lines at most ``width`` columns wide, as a
    terminal shows them: a wide character takes two columns and a line may break between
    two of them; a word longer than ``width`` stays whole.

    >>> wrap_display("equal-principal or bullet", 16)
    ['equal-principal', 'or bullet']
    >>> wrap_display("还款方式：等额本息。", 8)  # "：" never starts a line
    ['还款方', '式：等额', '本息。']
    """
    lines: list[list[str]] = [[]]
    for chunk in _CHUNK.findall(" ".join(text.split())):
        line = lines[-1]
        if chunk == " ":
            if line:
                line.append(chunk)
            continue
        if line and _width("".join(line) + chunk) > width:
            carried: list[str] = []
            if chunk in _NO_LINE_START and len(line) > 1:
                carried = [line.pop()]  # punctuation never starts a line: take a word along
            lines.append(carried)
        lines[-1].append(chunk)
    return [shown for shown in ("".join(line).strip() for line in lines) if shown]


def _width(text: str) -> int:
    width = wcswidth(text)
    return width if width >= 0 else len(text)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help in one language: texts translated with :attr:`gettext` when shown, wrapped by
    display width, without breaking names such as ``equal-principal`` at the hyphen.

    >>> parser = argparse.ArgumentParser(prog="demo", formatter_class=formatter_for("zh"))
    >>> _ = parser.add_argument("--as-of", help="the date assessed")
    >>> "--as-of AS_OF  评估日期" in parser.format_help()
    True
    """

    #: The translation of every text this formatter shows (English: unchanged).
    gettext: Callable[[str], str] = staticmethod(str)

    def _split_lines(self, text: str, width: int) -> list[str]:
        if _width(text) == len(text):  # no wide character: as before
            return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)
        return wrap_display(text, width)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        help = action.help
        if isinstance(help, TemplateHelp):
            return help.translated(self.gettext)
        return None if help is None else self.gettext(help)

    def add_text(self, text: str | None) -> None:
        if isinstance(text, TemplateHelp):
            text = text.translated(self.gettext)
        elif text and text != argparse.SUPPRESS:
            text = self.gettext(text)
        super().add_text(text)

    def start_section(self, heading: str | None) -> None:
        super().start_section(self.gettext(heading) if heading else heading)

    def _format_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None,
    ) -> str:
        # argparse indents the usage's next lines by len(prefix): lay it out with a
        # stand-in prefix as wide as the translated one, then put the translation back.
        shown = str(vars(argparse)["_"]("usage: ")) if prefix is None else prefix
        stand_in = " " * _width(shown)
        text = super()._format_usage(usage, actions, groups, stand_in)
        return shown + text[len(stand_in) :]


@functools.cache
def formatter_for(lang: str) -> type[HelpFormatter]:
    """The help formatter class of ``lang`` (one of :data:`loancalc.locale.LANGUAGES`).

    >>> formatter_for("zh").gettext("usage: ") == translation("zh").gettext("usage: ")
    True
    """
    gettext = translation(lang).gettext
    return type(f"HelpFormatter_{lang}", (HelpFormatter,), {"gettext": staticmethod(gettext)})
