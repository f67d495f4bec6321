"""The error a restructuring raises when a product's limits refuse it.

>>> error = RestructuringNotAllowed("restructuring.max_term", 72, 60, "a term of at most 60")
>>> print(error)
restructuring.max_term: got 72; accepted: a term of at most 60
>>> error.limit, error.limit_value, isinstance(error, ValueError)
('restructuring.max_term', 60, True)
"""

from __future__ import annotations

from loancalc.errors import InvalidValueError

__all__ = ["RestructuringNotAllowed"]


class RestructuringNotAllowed(InvalidValueError):  # noqa: N818 -- the contract's name
    """A restructuring asked for more than the product's
    :class:`~loancalc.restructuring.RestructuringRules` allow.

    ``limit`` names the rule (``restructuring.max_term``, ``restructuring.waivable``...),
    ``limit_value`` holds its value, ``value`` what was asked for; also a
    :class:`~loancalc.errors.LoanCalcError` and a :class:`ValueError`.

    >>> RestructuringNotAllowed("restructuring.allowed", "extend", False, "none").limit_value
    False
    """

    def __init__(self, limit: str, value: object, limit_value: object, accepted: str) -> None:
        self.limit = limit
        self.limit_value = limit_value
        super().__init__(limit, value, accepted)

    def __reduce__(  # type: ignore[override]
        self,
    ) -> tuple[type[RestructuringNotAllowed], tuple[str, object, object, str]]:
        return type(self), (self.limit, self.value, self.limit_value, self.accepted)
