"""The ``loancalc`` command itself: the subcommand registry, the parser and :func:`main`.

Each subcommand is one function registered with :func:`subcommand`; :func:`main` parses the
arguments, runs the subcommand and turns every error into one line on stderr and exit
status 2 (control characters and escape sequences in it shown escaped, as ``\\x1b``).
An option value holding a NUL byte (a path cannot) is refused before the subcommand
runs.

>>> "schedule" in _SUBCOMMANDS
True
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from typing import NoReturn

import attrs

import loancalc
from loancalc._text import printable
from loancalc.cli._cli_language import argparse_speaks, cli_language
from loancalc.cli._error_words import (
    CommandError,
    describe_invalid_value,
    error_text,
    negative_amortization_text,
    usage_error_text,
)
from loancalc.cli._help_format import HelpFormatter, formatter_for, template_help
from loancalc.errors import InvalidValueError, LoanCalcError, NegativeAmortizationError
from loancalc.locale import DEFAULT_LANGUAGE, LANGUAGES, N_, translation

__all__ = [
    "PROG",
    "Outcome",
    "Subcommand",
    "build_parser",
    "lazy_subcommand",
    "main",
    "subcommand",
]

#: The program name used in usage lines and error messages.
PROG = "loancalc"

_EXIT_OK = 0
_LANG_OPTION = "--lang"
_EXIT_ERROR = 2


@attrs.frozen(kw_only=True)
class Outcome:
    """What a subcommand returns when the exit status must say something: the ``text`` to
    print and the ``status`` (``loancalc verify`` returns 1 when the figures differ).

    >>> Outcome(text="2 differences", status=1).status
    1
    """

    text: str
    status: int = _EXIT_OK


#: What a subcommand computes from its parsed arguments: the text to print on stdout, or
#: an :class:`Outcome` (text and exit status).
Handler = Callable[[argparse.Namespace], "str | Outcome"]
#: Adds a subcommand's options to its (sub)parser.
Configure = Callable[[argparse.ArgumentParser], None]


# --------------------------------------------------------------------------------------
# The parser and the subcommand registry
# --------------------------------------------------------------------------------------


class _UsageError(Exception):
    """A command-line usage error found by argparse (message without the prefix)."""


class _ArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that raises on a usage error instead of printing usage and exiting.

    (``--help`` and ``--version`` still exit through ``SystemExit(0)``, which :func:`main`
    turns into its return value.)
    """

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message, self.prog)


@attrs.frozen(kw_only=True)
class Subcommand:
    """One ``loancalc`` subcommand: its name, help, options and handler.

    >>> _SUBCOMMANDS["schedule"].help
    'print the repayment schedule of a loan'
    """

    name: str
    help: str
    configure: Configure
    run: Handler


class _Registry(MutableMapping[str, Subcommand]):
    """The subcommands by name: those whose module is imported, and those only announced
    by :func:`lazy_subcommand` (a name, its module and its one-line help), whose module is
    imported the first time the subcommand itself is looked up.

    Names keep the order in which they were first announced or registered.

    >>> "schedule" in _SUBCOMMANDS, "nope" in _SUBCOMMANDS
    (True, False)
    """

    def __init__(self) -> None:
        self._loaded: dict[str, Subcommand] = {}
        self._lazy: dict[str, tuple[str, str]] = {}  # name -> (module, one-line help)
        self._order: dict[str, None] = {}

    def announce(self, name: str, module: str, help: str) -> None:
        if name in self._order:
            raise ValueError(f"subcommand {name!r} is already registered")
        self._lazy[name] = (module, help)
        self._order[name] = None

    def help_of(self, name: str) -> str:
        """The one-line help of ``name``, without importing its module."""
        if name in self._loaded:
            return self._loaded[name].help
        return self._lazy[name][1]

    def module_of(self, name: str) -> str | None:
        """The module announced for ``name`` (None if it was registered directly)."""
        lazy = self._lazy.get(name)
        return lazy[0] if lazy else None

    def is_loaded(self, name: str) -> bool:
        return name in self._loaded

    def __getitem__(self, name: str) -> Subcommand:
        if name not in self._loaded and name in self._lazy:
            module = self._lazy[name][0]
            importlib.import_module(module)
            if name not in self._loaded:
                raise LookupError(f"module {module} does not register the subcommand {name!r}")
        return self._loaded[name]

    def __setitem__(self, name: str, command: Subcommand) -> None:
        lazy = self._lazy.get(name)
        if name in self._loaded or (lazy is not None and lazy[0] != command.run.__module__):
            raise ValueError(f"subcommand {name!r} is already registered")
        self._loaded[name] = command
        self._order[name] = None

    def __delitem__(self, name: str) -> None:
        if name not in self._order:
            raise KeyError(name)
        self._loaded.pop(name, None)
        self._lazy.pop(name, None)
        del self._order[name]

    def __contains__(self, name: object) -> bool:
        return name in self._order

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)


_SUBCOMMANDS = _Registry()


def lazy_subcommand(name: str, module: str, *, help: str) -> None:
    """Announce the subcommand ``name``, registered by ``module`` (with :func:`subcommand`)
    when that module is imported: ``loancalc --help`` lists it with ``help`` (the same
    one-line help the module registers), and the module is imported only when the
    subcommand runs or its own ``--help`` is asked.

    >>> lazy_subcommand("hello-lazy", "loancalc.cli._example_absent", help="greet lazily")
    >>> "hello-lazy" in _SUBCOMMANDS, _SUBCOMMANDS.help_of("hello-lazy")
    (True, 'greet lazily')
    >>> del _SUBCOMMANDS["hello-lazy"]  # unregister the example again
    """
    _SUBCOMMANDS.announce(name, module, help)


def subcommand(name: str, *, help: str, configure: Configure) -> Callable[[Handler], Handler]:
    """Register the decorated function as the subcommand ``name``.

    ``configure`` adds the subcommand's options to its parser; the function receives the
    parsed arguments and returns the text to print (exit status 0), or an
    :class:`Outcome` with the text and another exit status. It reports bad input by raising a
    :class:`~loancalc.LoanCalcError` (``main`` turns it into one error line and status 2).

    >>> def _configure(parser):
    ...     parser.add_argument("--name", required=True)
    >>> @subcommand("hello-example", help="greet", configure=_configure)
    ... def hello(args):
    ...     return f"hello {args.name}"
    >>> main(["hello-example", "--name", "world"])
    hello world
    0
    >>> _ = _SUBCOMMANDS.pop("hello-example")  # unregister the example again
    """

    def register(run: Handler) -> Handler:
        # Refused if the name is taken, unless announced lazily for this very module.
        _SUBCOMMANDS[name] = Subcommand(name=name, help=help, configure=configure, run=run)
        return run

    return register


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``loancalc`` command, with every registered subcommand.

    >>> parser = build_parser()
    >>> args = parser.parse_args(["schedule", "--principal", "1000", "--rate", "5%",
    ...                           "--term", "12"])
    >>> args.command, args.principal, args.format
    ('schedule', '1000', 'table')

    Every subcommand's module is imported; :func:`main` imports only the one it runs.
    """
    return _build_parser(configured=list(_SUBCOMMANDS))


def _build_parser(
    configured: Sequence[str], lang: str = DEFAULT_LANGUAGE
) -> argparse.ArgumentParser:
    """The parser listing every subcommand, with the options of those in ``configured``
    only (the others are listed with their help, and their modules are not imported);
    its help is shown in ``lang``.

    >>> _build_parser(configured=[]).parse_args(["schedule"]).command
    'schedule'
    """
    formatter = formatter_for(lang)
    parser = _ArgumentParser(
        prog=PROG,
        description=N_("Exact (Decimal) loan calculations: repayment schedules and more."),
        epilog=template_help(N_("Run '{command} COMMAND --help' for the options of a command."),
                             command=PROG),
        allow_abbrev=False,
        formatter_class=formatter,
    )  # fmt: skip
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {loancalc.__version__}",
        help=N_("show program's version number and exit"),
    )
    parser.add_argument(
        _LANG_OPTION,
        dest="cli_lang",
        choices=LANGUAGES,
        help=N_(
            "the language of the help, the messages and the reports: en (English) or "
            "zh (Chinese) (default: the locale's, else en); also accepted after a command"
        ),
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", title=N_("commands"), required=True
    )
    for name in list(_SUBCOMMANDS):
        help = _SUBCOMMANDS.help_of(name)
        sub = commands.add_parser(
            name,
            help=help,
            description=help,
            allow_abbrev=False,
            formatter_class=formatter,
        )
        if name in configured:
            _SUBCOMMANDS[name].configure(sub)
            _use_formatter(sub, formatter)
    return parser


def _use_formatter(parser: argparse.ArgumentParser, formatter: type[HelpFormatter]) -> None:
    """Lay out the help of ``parser``'s own subcommands (``products show``) with
    ``formatter`` too."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                sub.formatter_class = formatter
                _use_formatter(sub, formatter)


def _command_named(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names: its first word that is not an option (the top level
    has no option taking a value), if it is a subcommand.

    >>> _command_named(["--help"]), _command_named(["schedule", "--help"])
    (None, 'schedule')
    """
    words = iter(argv)
    for word in words:
        if word == _LANG_OPTION:
            next(words, None)  # its value
        elif not word.startswith("-"):
            return word if word in _SUBCOMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``loancalc`` command with ``argv`` (default: ``sys.argv[1:]``).

    Prints the result on stdout and returns the exit status: 0 on success (or the status
    the subcommand's :class:`Outcome` gives), 2 after any error (one line on stderr
    starting ``loancalc: error:``).

    >>> main(["schedule", "--principal", "100", "--rate", "0%", "--term", "2",
    ...       "--start", "2024-01-01", "--format", "csv"])
    number,start,due_date,days,opening_balance,principal,interest,fee,payment,closing_balance,capitalized_interest
    1,2024-01-01,2024-02-01,31,100.00,50.00,0.00,0.00,50.00,50.00,0.00
    2,2024-02-01,2024-03-01,29,50.00,50.00,0.00,0.00,50.00,0.00,0.00
    0
    >>> main(["--version"])
    loancalc ...
    0
    """
    words = sys.argv[1:] if argv is None else list(argv)
    lang = cli_language(words, os.environ)
    _ = translation(lang).gettext
    try:
        command = _command_named(words)
        with argparse_speaks(lang):
            parser = _build_parser(configured=[] if command is None else [command], lang=lang)
            args = parser.parse_args(words)
        _refuse_nul(args)
        output = _SUBCOMMANDS[args.command].run(args)
    except SystemExit as done:  # --help, --version
        return done.code if isinstance(done.code, int) else _EXIT_OK
    except _UsageError as error:
        return _fail(_, usage_error_text(_, *error.args))
    except InvalidValueError as error:
        return _fail(_, describe_invalid_value(_, error))
    except CommandError as error:
        return _fail(_, error.translated(_))
    except NegativeAmortizationError as error:
        return _fail(_, negative_amortization_text(_, error))
    except LoanCalcError as error:
        return _fail(_, error_text(_, error))
    except ArithmeticError as error:  # decimal traps: an amount or grid beyond the context
        kind = type(error).__name__
        if isinstance(error, OverflowError) and "date" in str(error):  # past 9999-12-31
            return _fail(
                _,
                _(
                    "the calculation failed ({error}): a date it needs falls after "
                    "9999-12-31, the last date loancalc handles; use earlier dates or a "
                    "shorter term or grace"
                ).format(error=f"{kind}: {error}"),
            )
        return _fail(
            _,
            _(
                "the calculation failed ({error}): an amount, rate or rounding option is "
                "too large or too fine"
            ).format(error=kind),
        )
    except Exception as error:  # a bug: still one line, never a traceback
        return _fail(
            _,
            _("internal error ({error}); please report it").format(
                error=f"{type(error).__name__}: {error}"
            ),
        )
    if isinstance(output, Outcome):
        written = _write(output.text)
        return output.status if written == _EXIT_OK else written
    return _write(output)


def _fail(_: Callable[[str], str], message: str) -> int:
    one_line = printable(" ".join(message.split()))
    prefix = _("error: ")
    sys.stderr.write(f"{PROG}: {prefix}{one_line}\n")
    return _EXIT_ERROR


def _refuse_nul(args: argparse.Namespace) -> None:
    """Refuse an option value holding a NUL byte: no path (nor any other value) may hold
    one, and the operating system would refuse the file's name.

    >>> _refuse_nul(argparse.Namespace(payments="a\\0.csv"))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: --payments: got 'a\\x00.csv'; accepted: a value ...
    """
    for name, value in vars(args).items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and "\0" in item:
                raise InvalidValueError(
                    f"--{name.replace('_', '-')}",
                    item,
                    "a value without a NUL byte (a path, a date, an amount...)",
                )


def _write(output: str) -> int:
    try:
        sys.stdout.write(output if output.endswith("\n") else output + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``loancalc ... | head``): stop quietly, as the shell tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return _EXIT_OK
