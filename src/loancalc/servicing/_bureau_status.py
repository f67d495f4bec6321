"""The monthly repayment-status characters of a credit report (个人信用报告 还款状态).

The legend printed at the end of the People's Bank of China Credit Reference Center's
personal credit report (its "编制说明"), as published guides to the report give it:

- ``/`` 未开立账户: the account was not yet opened that month;
- ``*`` 本月没有还款历史: nothing fell due that month (also the month of opening, when no
  payment is due in it);
- ``N`` 正常: paid as agreed (everything due was paid in full and on time);
- ``1``..``7`` 逾期: overdue 1-30, 31-60, 61-90, 91-120, 121-150, 151-180, over 180 days;
- ``C`` 结清: settled, the balance is 0 (paid off at term or early);
- ``G`` 结束: ended in any other way than settlement (written off);
- ``D`` 担保人代还: repaid by a guarantor; ``Z`` 以资抵债: repaid with assets;
  ``#`` 还款状态未知: status unknown.

loancalc produces ``/ * N 1-7 C`` and ``G`` (a loan written off in full,
:class:`~loancalc.servicing.ledger_events.WriteOff`); it has no guarantors or repayment
in kind, so it never produces ``D``, ``Z`` or ``#``, but :func:`is_overdue_month`
reads them in a report's string.

>>> character(days_past_due=35, reportable=True, closed=False, due_in_month=True)
'2'
>>> is_overdue_month("N"), is_overdue_month("3"), is_overdue_month("G")
(False, True, True)
"""

from __future__ import annotations

from loancalc.errors import InvalidValueError

__all__ = ["LEGEND", "NOT_OVERDUE", "character", "is_overdue_month", "overdue_counts"]

#: Each status character and what it means (English; the report's Chinese term).
LEGEND: dict[str, str] = {
    "/": "not yet opened (未开立账户)",
    "*": "nothing fell due this month and nothing is overdue (本月没有还款历史)",
    "N": "paid as agreed (正常)",
    "1": "overdue 1-30 days (逾期1-30天)",
    "2": "overdue 31-60 days (逾期31-60天)",
    "3": "overdue 61-90 days (逾期61-90天)",
    "4": "overdue 91-120 days (逾期91-120天)",
    "5": "overdue 121-150 days (逾期121-150天)",
    "6": "overdue 151-180 days (逾期151-180天)",
    "7": "overdue over 180 days (逾期180天以上)",
    "C": "settled: the balance is 0 (结清)",
    "G": "ended other than by settlement, such as a write-off (结束)",
    "D": "repaid by a guarantor (担保人代还)",
    "Z": "repaid with assets (以资抵债)",
    "#": "status unknown (还款状态未知)",
}
#: The characters of a month that is not overdue; every other one is an overdue month.
NOT_OVERDUE = frozenset("NC*/")
_BAND_DAYS = 30  # the report's bands: 1-30, 31-60, ..., over 180 days (7)
_TOP = 7


def character(
    *,
    days_past_due: int,
    reportable: bool,
    closed: bool,
    due_in_month: bool,
    written_off: bool = False,
) -> str:
    """A month's character from the loan on its reporting day: ``G`` when it was written
    off in full (nothing left on the books); ``C`` when the loan is closed (nothing
    owed); the band of ``days_past_due`` (``1``..``7``) when an overdue
    instalment would be reported (past grace and the product's reporting threshold);
    else ``N`` when something fell due that month or is past due within grace; else ``*``.

    >>> [character(days_past_due=d, reportable=d > 0, closed=False, due_in_month=True)
    ...  for d in (0, 1, 30, 31, 180, 181, 900)]
    ['N', '1', '1', '2', '6', '7', '7']
    >>> character(days_past_due=0, reportable=False, closed=False, due_in_month=False)
    '*'
    >>> character(days_past_due=0, reportable=False, closed=False, due_in_month=True,
    ...           written_off=True)
    'G'
    """
    if written_off:
        return "G"
    if closed:
        return "C"
    if reportable:
        return str(min(_TOP, (max(days_past_due, 1) - 1) // _BAND_DAYS + 1))
    if due_in_month or days_past_due > 0:
        return "N"
    return "*"


def is_overdue_month(status: str) -> bool:
    """True when a month's character marks it overdue: anything but ``N``, ``C``, ``*``
    and ``/`` (so ``1``..``7``, and ``G``, ``D``, ``Z`` and ``#`` of a report's string).

    >>> [is_overdue_month(c) for c in "N1C*/7"]
    [False, True, False, False, False, True]
    """
    return status not in NOT_OVERDUE


def overdue_counts(status: str, window: int = 24) -> tuple[int, int]:
    """The longest run of consecutive overdue months and the number of overdue months
    among the last ``window`` characters of ``status`` (newest last), as lenders check
    "three in a row or six in all within 24 months" (连三累六).

    >>> overdue_counts("NN12NNN1NN3NNNNNNNNNNNNN")
    (2, 4)
    >>> overdue_counts("NNN", window=0)
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: window: got 0; accepted: a whole number from 1 to 1200
    """
    _check_months(window, "window")
    if not isinstance(status, str):
        raise InvalidValueError("status", status, "a string of status characters")
    longest = run = total = 0
    for month in status[-window:]:
        if is_overdue_month(month):
            run += 1
            total += 1
            longest = max(longest, run)
        else:
            run = 0
    return longest, total


def _check_months(value: object, field: str) -> int:
    if type(value) is not int or not 1 <= value <= 1200:
        raise InvalidValueError(field, value, "a whole number from 1 to 1200")
    return value
