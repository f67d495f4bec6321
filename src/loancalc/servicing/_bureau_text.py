"""A :class:`~loancalc.servicing.bureau.DelinquencyHistory` as text and as JSON-ready data
(for ``loancalc assess --history``).

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize, assess
>>> from loancalc.servicing.bureau import delinquency_history
>>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
>>> print(history_text(delinquency_history(assess(s, [], date(2024, 2, 5))), months=3))
Repayment history, 3 months to 2024-02 (oldest first): /*1
Overdue months: 1 in a row, 1 in all; most days past due: 4
First past due: 2024-02-02; current episode since: 2024-02-02
Bucket transitions:
  2024-02-02  M0 -> M1  (1 day past due)
"""

from __future__ import annotations

from typing import Any

from loancalc.servicing.bureau import DelinquencyHistory

__all__ = ["history_data", "history_text"]


def _day(value: object) -> str:
    return "-" if value is None else str(value)


def history_text(history: DelinquencyHistory, months: int = 24) -> str:
    """The status string of the last ``months`` months, the counts, the first overdue
    date, the current episode and the bucket transitions, as lines of text.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, Payment, amortize, assess
    >>> from loancalc.servicing.bureau import delinquency_history
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> paid = [Payment(date(2024, 2, 1), "100")]
    >>> print(history_text(delinquency_history(assess(s, paid, date(2024, 3, 1))), months=2))
    Repayment history, 2 months to 2024-03 (oldest first): CC
    Overdue months: 0 in a row, 0 in all; most days past due: 0
    First past due: -; current episode since: -
    Bucket transitions: none
    """
    moves = [
        f"  {move.date.isoformat()}  {move.before} -> {move.after}  "
        f"({move.days_past_due} day{'' if move.days_past_due == 1 else 's'} past due)"
        for move in history.bucket_transitions
    ]
    last = history.as_of
    return "\n".join(
        [
            f"Repayment history, {months} months to {last.year}-{last.month:02d} (oldest "
            f"first): {history.status_string(months)}",
            f"Overdue months: {history.consecutive_overdue_months(months)} in a row, "
            f"{history.cumulative_overdue_months(months)} in all; most days past due: "
            f"{history.max_days_past_due()}",
            f"First past due: {_day(history.first_overdue_date)}; current episode since: "
            f"{_day(history.episode_start)}",
            "Bucket transitions:" if moves else "Bucket transitions: none",
            *moves,
        ]
    )


def history_data(history: DelinquencyHistory, months: int = 24) -> dict[str, Any]:
    """JSON-ready values (dates as ISO strings) of ``history``.

    >>> from datetime import date
    >>> from loancalc import LoanTerms, amortize, assess
    >>> from loancalc.servicing.bureau import delinquency_history
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> history_data(delinquency_history(assess(s, [], date(2024, 2, 5))))["days_past_due_runs"]
    [['2024-01-01', 0, False], ['2024-02-02', 1, True]]
    """
    first, episode = history.first_overdue_date, history.episode_start
    return {
        "status_string": history.status_string(months),
        "months": months,
        "consecutive_overdue_months": history.consecutive_overdue_months(months),
        "cumulative_overdue_months": history.cumulative_overdue_months(months),
        "max_days_past_due": history.max_days_past_due(),
        "first_overdue_date": None if first is None else first.isoformat(),
        "episode_start": None if episode is None else episode.isoformat(),
        "bucket_transitions": [
            {
                "date": move.date.isoformat(),
                "before": move.before,
                "after": move.after,
                "days_past_due": move.days_past_due,
            }
            for move in history.bucket_transitions
        ],
        "days_past_due_runs": [
            [day.isoformat(), value, growing]
            for day, value, growing in history.days_past_due_series.runs
        ],
    }
