"""The errors loancalc raises: one hierarchy rooted at :class:`LoanCalcError`.

Every error caused by a wrong input value also subclasses :class:`ValueError` (one caused
by a value of the wrong type, :class:`TypeError`), and its message names the field, the
value given and what is accepted:

>>> from loancalc.errors import InvalidValueError
>>> err = InvalidValueError("term", 0, "a whole number from 1 to 1200")
>>> print(err)
term: got 0; accepted: a whole number from 1 to 1200
>>> isinstance(err, ValueError), err.field
(True, 'term')
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "InvalidTypeError",
    "InvalidValueError",
    "LoanCalcError",
    "NegativeAmortizationError",
    "UnknownNameError",
]


class LoanCalcError(Exception):
    """Root of every error loancalc raises on purpose.

    >>> issubclass(UnknownNameError, LoanCalcError)
    True
    """


def _shown(value: object) -> str:
    """``repr(value)``, cut to 200 characters (a hostile input may be megabytes long)."""
    try:
        text = repr(value)
    except Exception:  # a hostile object whose repr fails still gets a message
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= 200 else f"{text[:120]}...{text[-40:]} ({len(text)} chars)"


class InvalidValueError(LoanCalcError, ValueError):
    """A field was given a value outside what it accepts.

    Attributes ``field``, ``value`` and ``accepted`` hold the three parts of the message.

    >>> error = InvalidValueError("principal", -5, "an amount > 0")
    >>> error.field, error.value, str(error)
    ('principal', -5, 'principal: got -5; accepted: an amount > 0')
    """

    def __init__(self, field: str, value: object, accepted: str) -> None:
        self.field = field
        self.value = value
        self.accepted = accepted
        super().__init__(f"{field}: got {_shown(value)}; accepted: {accepted}")

    def __reduce__(self) -> tuple[type[InvalidValueError], tuple[str, object, str]]:
        return type(self), (self.field, self.value, self.accepted)


class InvalidTypeError(InvalidValueError, TypeError):
    """A field was given a value of a type it does not accept: also a :class:`TypeError`.

    Same attributes, message shape and pickling as :class:`InvalidValueError`, of which it
    is a subclass, so code that catches ``InvalidValueError`` (or ``ValueError``) for a
    wrong input keeps working.

    >>> error = InvalidTypeError("term", "12", "a whole number (int) from 1 to 1200")
    >>> print(error)
    term: got '12'; accepted: a whole number (int) from 1 to 1200
    >>> isinstance(error, TypeError), isinstance(error, LoanCalcError), error.field
    (True, True, 'term')
    """


class UnknownNameError(InvalidValueError):
    """A name (method, frequency, day count, product...) that loancalc does not know.

    >>> print(UnknownNameError("method", "annuity-ish", ["bullet", "flat"]))
    method: got 'annuity-ish'; accepted: one of bullet, flat
    """

    def __init__(self, field: str, value: object, known: str | Iterable[object]) -> None:
        self.known = known if isinstance(known, str) else ", ".join(str(name) for name in known)
        super().__init__(field, value, f"one of {self.known}")

    def __reduce__(self) -> tuple[type[InvalidValueError], tuple[str, object, str]]:
        return type(self), (self.field, self.value, self.known)


class NegativeAmortizationError(LoanCalcError, ValueError):
    """A level payment would not cover a period's interest, so the balance would grow.

    Raised by daily-accrual annuities where no level payment on the rounding grid repays
    the loan: long periods' shortfalls are capitalised, but at very long terms and high
    rates the payment's rounding error compounds until the balance outgrows what the
    payment could ever repay.

    >>> print(NegativeAmortizationError(3, "8.61", "8.33"))  # doctest: +ELLIPSIS
    installment 3: interest 8.61 exceeds the level payment 8.33; the balance would grow ...
    """

    def __init__(self, number: int, interest: object, payment: object) -> None:
        self.number = number
        self.interest = interest
        self.payment = payment
        super().__init__(
            f"installment {number}: interest {interest} exceeds the level payment {payment}; "
            "the balance would grow (negative amortisation). Use a shorter term, a lower "
            "rate, or periodic accrual"
        )
