"""Error messages of the command line in its language.

An :class:`~loancalc.errors.InvalidValueError` keeps its English ``str()`` (the API's);
the command line renders its three parts itself: the option (or field, named as the API
names it), the value, and what is accepted, with the framing and the common ``accepted``
phrases taken from the catalog. An ``accepted`` phrase the catalog does not hold is shown
as it is.

>>> from loancalc.locale import translation
>>> _ = translation("zh").gettext
>>> invalid_value_text(_, "--term", "0", "a whole number from 1 to 1200")
'--term：收到 0；可接受：1 到 1200 之间的整数'
>>> invalid_value_text(_, "--method", "'x'", "one of bullet, flat")
"--method：收到 'x'；可接受：以下之一：bullet, flat"
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from loancalc._text import printable
from loancalc.errors import InvalidValueError, LoanCalcError, NegativeAmortizationError, _shown
from loancalc.locale import N_

__all__ = [
    "COMMON_MESSAGES",
    "CommandError",
    "accepted_text",
    "describe_invalid_value",
    "error_text",
    "invalid_value_text",
    "negative_amortization_text",
    "usage_error_text",
]

Gettext = Callable[[str], str]

#: Phrases with a part computed in code: the pattern, and the catalog's template whose
#: ``{}`` fields take the pattern's groups (names of things stay as they are).
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"one of (?P<names>.+)", re.S), N_("one of {names}")),
    (re.compile(r"an amount > 0 and <= (?P<high>\S+), a multiple of (?P<quantum>\S+) \(the grid\)"),
     N_("an amount > 0 and <= {high}, a multiple of {quantum} (the grid)")),
    (re.compile(r"a file with a column '(?P<column>[^']*)'"),
     N_("a file with a column '{column}'")),
    (re.compile(r"a loan of the book: 0 to (?P<high>\S+)"), N_("a loan of the book: 0 to {high}")),
    (re.compile(r"one key per loan \((?P<count>\S+)\)"), N_("one key per loan ({count})")),
    (re.compile(r"a date on or after the start of loan (?P<loan>\S+) \((?P<start>[^()]+)\)"),
     N_("a date on or after the start of loan {loan} ({start})")),
    (re.compile(r"a book needing at most (?P<size>.+?) \((?P<source>[^()]+)\): assess it in "
                r"partitions with loancalc\.dask\.assess \('loancalc assess-book --dask'\), or "
                r"in parts, or raise max_bytes", re.S),
     N_("a book needing at most {size} ({source}): assess it in partitions with "
        "loancalc.dask.assess ('loancalc assess-book --dask'), or in parts, or raise "
        "max_bytes")),
    (re.compile(r"an amount > 0 and <= (?P<high>\S+)"), N_("an amount > 0 and <= {high}")),
    (re.compile(r"an amount >= 0 and <= (?P<high>\S+)"), N_("an amount >= 0 and <= {high}")),
    (re.compile(r"a readable file \((?P<reason>.+)\)", re.S), N_("a readable file ({reason})")),
    (re.compile(r"a readable UTF-8 text file \((?P<reason>.+)\)", re.S),
     N_("a readable UTF-8 text file ({reason})")),
    (re.compile(r"a whole number from (?P<low>\S+) to (?P<high>\S+)"),
     N_("a whole number from {low} to {high}")),
    (re.compile(r"a whole number >= (?P<low>\S+)"), N_("a whole number >= {low}")),
    (re.compile(r"a date on or after (?P<what>.+)", re.S), N_("a date on or after {what}")),
    (re.compile(r"a date after (?P<what>.+)", re.S), N_("a date after {what}")),
    (re.compile(r"a date before (?P<what>.+)", re.S), N_("a date before {what}")),
    (re.compile(r"a readable UTF-8 TOML file \((?P<reason>.+)\)", re.S),
     N_("a readable UTF-8 TOML file ({reason})")),
    (re.compile(r"DATE:AMOUNT\[:KNOWN_ON\] with an amount > 0 and KNOWN_ON on or after DATE "
                r"\((?P<reason>.+)\)", re.S),
     N_("DATE:AMOUNT[:KNOWN_ON] with an amount > 0 and KNOWN_ON on or after DATE ({reason})")),
    (re.compile(r"(?P<phrase>.+) \(missing (?P<key>[\w.-]+)\)", re.S),
     N_("{phrase} (missing {key})")),
)  # fmt: skip

#: The ``accepted`` phrases the command line's options most often raise, for the catalog
#: (the others are shown in English).
COMMON_ACCEPTED = (
    N_(
        "an annual fraction or a string such as '4.9%', '1%/month' or '0.05%/day', "
        "from 0 to 1000 % a year"
    ),
    N_("a whole number"),
    N_("a whole number such as 12"),
    N_("a whole number from 1 to 1200"),
    N_("a whole number from 1 to 1000"),
    N_("a whole number from 1 to 366"),
    N_("a whole number of days"),
    N_("a whole number of days (0: none)"),
    N_("a whole number of days from 0 to 3660"),
    N_("a whole number of days from 1 to 36600"),
    N_("a whole number of instalments"),
    N_("a whole number of instalments from 1 to 1200"),
    N_("a date as YYYY-MM-DD"),
    N_("a date YYYY-MM-DD"),
    N_("an ISO date YYYY-MM-DD"),
    N_("an ISO date such as 2024-01-20"),
    N_("a date (ISO text YYYY-MM-DD)"),
    N_("an amount >= 0"),
    N_("a finite amount"),
    N_("a finite amount >= 0"),
    N_("an amount from 0 to the principal"),
    N_("an amount such as 408.03, not a rate"),
    N_("a rate >= 0, such as '24%' or 0.154"),
    N_("a rate such as '4.9%' (required unless --product gives one)"),
    N_("a share of the debt from 0 to 1"),
    N_("true or false"),
    N_("360 or 365"),
    N_("360, 365 or 366"),
    N_("a non-empty text"),
    N_("a non-empty name"),
    N_("CSV text"),
    N_("CSV text with a header line"),
    N_("well-formed CSV"),
    N_("a CSV file of at most 1 MiB"),
    N_("DATE:AMOUNT[:KNOWN_ON], e.g. 2024-03-20:1100.16"),
    N_("DATE:RATE such as 2024-05-01:4.5%"),
    N_("DATE:RATE, the date as YYYY-MM-DD"),
    N_("a value without a NUL byte (a path, a date, an amount...)"),
    N_("a term whose last due date falls by 9999-12-31"),
    N_("0 unless method is balloon"),
    N_("one of due-date, grace-end"),
    N_("one of reduce-term, reduce-payment"),
    N_("only with --index"),
    N_("nothing with --index (index + --spread)"),
    N_("only with --rate-change or --index"),
    N_("not with --index (change --spread)"),
    N_("a schedule file without --principal/--rate/--term"),
    N_("a file, when --payments reads stdin ('-')"),
    N_("valid loan terms"),
    N_("a key of the book (keys)"),
    N_("one distinct key per loan"),
    N_("a whole number of partitions above 0"),
    N_("a whole number of bytes above 0"),
    N_("the memory available"),
    N_(
        "money both ways: netted date by date, at least one amount below 0 (lent) and one "
        "above 0 (repaid); no rate exists otherwise"
    ),
    N_("a limit set with name, description, jurisdiction and [[rules]]"),
    N_("one line of text, 1 to 200 characters"),
    N_("a rate such as '24%' or 0.24, from 0 to 1000 %"),
    N_("a rate such as '36%' or 0.36, from 0 to 1000 %"),
    N_("a number from 0 to 100, such as 4"),
    N_("a share of the principal such as '100%' or 1, from 0 to 1000 %"),
    N_("the last day of the window (applies_by contract-window)"),
    N_("contract-window only on an all-in-rate rule covering interest and fees"),
)

#: The messages of the library's other errors a command can meet, whole: no rate exists
#: (:class:`~loancalc.apr.roots.NoRateError`), and an optional package not installed.
COMMON_MESSAGES = (
    N_("no rate exists: there are no flows"),
    N_("no rate exists: there is no rate above -99.9999999 %"),
    N_(
        "no rate exists: the flows' net present value is never zero at a rate above "
        "-99.9999999 % (searched up to 1.3e9 per period)"
    ),
    N_("loancalc.dask needs dask: pip install 'loancalc[dask]'"),
)

#: The library's error messages with a part computed in code (as :data:`_PATTERNS`).
_MESSAGE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?P<what>\S+) needs pandas: pip install 'loancalc\[pandas\]'"),
     N_("{what} needs pandas: pip install 'loancalc[pandas]'")),
)  # fmt: skip


class CommandError(LoanCalcError):
    """A command's own error: its ``str()`` is ``template`` (a catalog message, marked
    with :func:`~loancalc.locale.N_`) filled with ``fields``, in English; the command line
    shows it in its language with :meth:`translated`.

    >>> from loancalc.locale import translation
    >>> error = CommandError(N_("apr: the loan options need {options} too"), options="--term")
    >>> str(error), error.translated(translation("zh").gettext)
    ('apr: the loan options need --term too', 'apr：贷款选项还需要 --term')
    """

    def __init__(self, template: str, **fields: str) -> None:
        self.template = template
        self.fields = fields
        super().__init__(template.format(**fields))

    def translated(self, _: Gettext) -> str:
        """The message in the language of ``_``."""
        return _(self.template).format(**self.fields)


def accepted_text(_: Gettext, accepted: str) -> str:
    """What is accepted, in the language of ``_``: the catalog's phrase, else a phrase
    built from a pattern (its names kept), else ``accepted`` as it is.

    >>> from loancalc.locale import translation
    >>> accepted_text(translation("zh").gettext, "an amount > 0 and <= 1E+15")
    '大于 0 且不超过 1E+15 的金额'
    >>> accepted_text(translation("en").gettext, "an amount > 0 and <= 1E+15")
    'an amount > 0 and <= 1E+15'
    """
    return _from_catalog(_, accepted, _PATTERNS)


def _from_catalog(_: Gettext, text: str, patterns: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    """``text`` as the catalog has it, else filled into the first of ``patterns`` it
    matches (its ``phrase`` and ``source`` parts translated too), else ``text`` as it is."""
    translated = _(text)
    if translated != text:
        return translated
    for pattern, template in patterns:
        match = pattern.fullmatch(text)
        if match:
            fields = match.groupdict()
            if "phrase" in fields:
                fields["phrase"] = accepted_text(_, fields["phrase"])
            if "source" in fields:  # a phrase of the library's (names stay as they are)
                fields["source"] = _(fields["source"])
            return _(template).format(**fields)
    return text


def error_text(_: Gettext, error: LoanCalcError) -> str:
    """A library error other than an invalid value in the language of ``_``: a failed
    product plugin, no rate, an optional package missing; any other is its ``str()``.

    >>> from loancalc.locale import translation
    >>> from loancalc.apr.roots import NoRateError
    >>> error_text(translation("zh").gettext, NoRateError("no rate exists: there are no flows"))
    '利率不存在：没有任何现金流'
    >>> error_text(translation("en").gettext, LoanCalcError("anything else"))
    'anything else'
    """
    from loancalc.products.registry import ProductPluginError  # imported only on an error

    if isinstance(error, ProductPluginError):
        return _("product plugin {plugin} failed to load: {reason}").format(
            plugin=repr(error.plugin), reason=error.reason
        )
    if isinstance(error, CommandError):
        return error.translated(_)
    if isinstance(error, NegativeAmortizationError):
        return negative_amortization_text(_, error)
    if isinstance(error, InvalidValueError):
        return describe_invalid_value(_, error)
    return _from_catalog(_, str(error), _MESSAGE_PATTERNS)


def invalid_value_text(_: Gettext, field: str, shown: str, accepted: str) -> str:
    """The one-line message of an invalid value: ``field`` (an option, or a field as the
    API names it), the value as ``shown`` and what is ``accepted``.

    >>> from loancalc.locale import translation
    >>> invalid_value_text(translation("en").gettext, "--term", "0", "a whole number")
    '--term: got 0; accepted: a whole number'
    """
    return _("{field}: got {value}; accepted: {accepted}").format(
        field=field, value=shown, accepted=accepted_text(_, accepted)
    )


def usage_error_text(_: Gettext, message: str, prog: str) -> str:
    """A usage error argparse found (its ``message`` already in the language of ``_``),
    pointing at the help of ``prog``.

    >>> from loancalc.locale import translation
    >>> usage_error_text(translation("zh").gettext, "缺少参数", "loancalc schedule")
    "缺少参数（参见 'loancalc schedule --help'）"
    """
    return _("{message} (see '{command} --help')").format(message=message, command=prog)


def negative_amortization_text(_: Gettext, error: NegativeAmortizationError) -> str:
    """:class:`~loancalc.errors.NegativeAmortizationError`'s message in the language of
    ``_``.

    >>> from loancalc.locale import translation
    >>> error = NegativeAmortizationError(3, "8.61", "8.33")
    >>> negative_amortization_text(translation("en").gettext, error) == str(error)
    True
    >>> negative_amortization_text(translation("zh").gettext, error)[:39]
    '第 3 期：利息 8.61 超过每期还款额 8.33；余额将不断增长（负摊销）'
    """
    return _(
        "installment {number}: interest {interest} exceeds the level payment {payment}; "
        "the balance would grow (negative amortisation). Use a shorter term, a lower "
        "rate, or periodic accrual"
    ).format(number=error.number, interest=error.interest, payment=error.payment)


#: The option that sets each field the library names in its errors.
_OPTION_FOR_FIELD = {
    "principal": "--principal",
    "annual_rate": "--rate",
    "term": "--term",
    "start": "--start",
    "first_due": "--first-due",
    "frequency": "--frequency",
    "frequency.count": "--frequency",
    "frequency.unit": "--frequency",
    "method": "--method",
    "accrual": "--accrual",
    "day_count": "--day-count",
    "rounding.places": "--rounding-places",
    "rounding.increment": "--rounding-increment",
    "rounding.mode": "--rounding-mode",
    "rounding.payment_mode": "--payment-rounding",
    "rounding.interest_mode": "--interest-rounding",
    "rounding.payment_increment": "--payment-multiple",
    "rounding.final_payment": "--final-payment",
    "fees.upfront": "--upfront-fee",
    "fees.upfront_rate": "--upfront-fee-rate",
    "fees.per_period": "--period-fee",
    "fees.per_period_rate": "--period-fee-rate",
    "fees.financed": "--financed-fee",
    "grace_principal_periods": "--grace-principal",
    "grace_interest_periods": "--grace-interest",
    "grace_interest_mode": "--grace-interest-mode",
    "balloon": "--balloon",
    "tolerance": "--tolerance",
    "delimiter": "--delimiter",
}


def describe_invalid_value(_: Gettext, error: InvalidValueError) -> str:
    """``error`` in the command line's words: the option that sets its field (where one
    does), the value and what is accepted.

    >>> from loancalc.locale import translation
    >>> describe_invalid_value(translation("en").gettext,
    ...                        InvalidValueError("term", 0, "a whole number from 1 to 1200"))
    '--term: got 0; accepted: a whole number from 1 to 1200'
    """
    from loancalc.products.source import ProductFileError  # imported only on this error

    if isinstance(error, ProductFileError):  # it names the file first
        field = f"{printable(error.file)}: {error.field}"
        return invalid_value_text(_, field, _shown(error.value), error.accepted)
    option = _OPTION_FOR_FIELD.get(error.field, error.field)
    return invalid_value_text(_, option, _show(error.value), error.accepted)


def _show(value: object) -> str:
    if isinstance(value, date):
        return repr(value.isoformat())
    if isinstance(value, Decimal):
        return repr(str(value))
    return repr(value)
