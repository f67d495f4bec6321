"""argparse's own messages, for the catalog: argparse looks them up through gettext while
``loancalc`` parses its command line (see :mod:`loancalc.cli._cli_language`), and Babel
extracts them from this module. They are argparse's words on Python 3.11 to 3.13;
a message argparse does not ask for is never shown.

>>> from loancalc.locale import translation
>>> messages(translation("zh").gettext)[:2]
('用法：', '选项')
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["messages"]


def messages(_: Callable[[str], str]) -> tuple[str, ...]:
    """argparse's messages a user may see, translated by ``_``."""
    return (
        _("usage: "),
        _("options"),
        _("positional arguments"),
        _("show this help message and exit"),
        _("show program's version number and exit"),
        _("argument %(argument_name)s: %(message)s"),
        _("can't open '%(filename)s': %(error)s"),
        _("unrecognized arguments: %s"),
        _("not allowed with argument %s"),
        _("ignored explicit argument %r"),
        _("the following arguments are required: %s"),
        _("one of the arguments %s is required"),
        _("expected one argument"),
        _("expected at most one argument"),
        _("expected at least one argument"),
        _("ambiguous option: %(option)s could match %(matches)s"),
        _("unexpected option string: %s"),
        _("invalid %(type)s value: %(value)r"),
        _("invalid choice: %(value)r (choose from %(choices)s)"),
        _("option '%(option)s' is deprecated"),
        _("argument '%(argument_name)s' is deprecated"),
        _("command '%(parser_name)s' is deprecated"),
        _("expected %s argument"),  # argparse's ngettext, singular and plural
        _("expected %s arguments"),
    )
