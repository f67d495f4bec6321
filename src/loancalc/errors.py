"""The errors loancalc raises: one hierarchy rooted at :class:`LoanCalcError`.

Every error caused by a wrong input value also subclasses :class:`ValueError`, and its
message names the field, the value given and what is accepted:

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
        super().__init__(f"{field}: got {value!r}; accepted: {accepted}")

    def __reduce__(self) -> tuple[type[InvalidValueError], tuple[str, object, str]]:
        return type(self), (self.field, self.value, self.accepted)


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

    Raised by daily-accrual annuities whose long periods (31-day months, 16-day half
    months) cost more interest than the level payment at very long terms or high rates.

    >>> print(NegativeAmortizationError(3, "8.61", "8.33"))  # doctest: +ELLIPSIS
    installment 3: interest 8.61 exceeds the level payment 8.33; the balance would grow ...
    """

    def __init__(self, number: int, interest: object, payment: object) -> None:
        self.number = number
        super().__init__(
            f"installment {number}: interest {interest} exceeds the level payment {payment}; "
            "the balance would grow (negative amortisation). Use a shorter term, a lower "
            "rate, or periodic accrual"
        )
