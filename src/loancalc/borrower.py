"""All of one borrower's loans classified together (五级分类): :func:`classify_borrower`.

A loan's own ``classification`` follows its days past due (the thresholds of its
:class:`~loancalc.servicing.DelinquencyTable`: under the 2023 rules on risk
classification of financial assets, 商业银行金融资产风险分类办法, CBIRC/PBoC Order 2023
No. 1, over 90 days at least substandard, over 270 doubtful, over 360 loss). A lender
classifies a borrower's loans with two more rules of that Order, both read from the
table as product data:

- a **restructured** loan (its schedule's lineage holds a restructuring or deferral) is at
  least ``restructured_floor`` (default substandard) during its observation period (art.
  20): from the first due date after the restructuring, at least ``observation_months``
  (default 12) and at least two repayment dates, counted again from the day after the
  grace of any instalment of the period not paid on time;
- when more than ``borrower_share`` of the borrower's debt (what each loan has
  outstanding) is in non-performing loans (substandard or worse), every loan of the
  borrower still owing is at least substandard (art. 7: 10 % for a non-retail debtor;
  the default None classifies each loan on its own, as art. 8 allows for retail loans).

>>> from datetime import date
>>> import loancalc as lc
>>> from loancalc.servicing import DelinquencyTable
>>> card = lc.amortize(lc.LoanTerms(principal=3000, annual_rate=0, term=3,
...                                 start=date(2024, 1, 10)))
>>> car = lc.amortize(lc.LoanTerms(principal=20000, annual_rate=0, term=20,
...                                start=date(2024, 1, 20)))  # 1,000 a month
>>> paid = [lc.Payment(i.due_date, i.payment) for i in car.installments[:9]]
>>> states = [lc.assess(card, [], date(2024, 10, 31)), lc.assess(car, paid, date(2024, 10, 31))]
>>> each = classify_borrower(states)  # the card 264 days past due, the car loan current
>>> [loan.classification.value for loan in each.loans], each.classification.value
(['substandard', 'normal'], 'substandard')
>>> # 3,000 of 3,000 + 11,000 owed is non-performing: 21.43 % > 10 %
>>> together = classify_borrower(states, rules=DelinquencyTable(borrower_share="0.10"))
>>> [loan.classification.value for loan in together.loans], together.nonperforming_share
(['substandard', 'substandard'], Decimal('0.2143'))
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs

from loancalc.calendar import add_months
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.lineage import LineageEntry
from loancalc.money import CONTEXT
from loancalc.servicing.assess import assess
from loancalc.servicing.delinquency import Classification, DelinquencyTable
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.state import LoanState
from loancalc.servicing.status import InstallmentStatus

__all__ = ["BorrowerClassification", "LoanClassification", "classify_borrower"]

_RANKS = list(Classification)
_NONPERFORMING = Classification.SUBSTANDARD
_NOT_ON_TIME = (InstallmentStatus.OVERDUE, InstallmentStatus.PAID_LATE)
_DAY = timedelta(days=1)
_SHARE_PLACES = Decimal("0.0001")


def _worst(*classes: Classification) -> Classification:
    return max(classes, key=_RANKS.index)


@attrs.frozen(kw_only=True)
class LoanClassification:
    """One loan of the borrower: ``index`` (its place in the states given),
    ``classification`` (the most severe of the floors below), ``by_days`` (by its days
    past due alone), ``days_past_due``, ``restructured`` and ``observation_ends`` (the
    first day after its observation period; None when not restructured), ``drawn``
    (raised by the borrower's non-performing share) and ``reasons``, one line per floor
    that applied.

    >>> LoanClassification(index=0, classification=Classification.SUBSTANDARD,
    ...     by_days=Classification.NORMAL, days_past_due=0, restructured=True,
    ...     observation_ends=date(2025, 5, 24), drawn=False,
    ...     reasons=("restructured ...",)).nonperforming
    True
    """

    index: int
    classification: Classification
    by_days: Classification
    days_past_due: int
    restructured: bool
    observation_ends: date | None
    drawn: bool
    reasons: tuple[str, ...]

    @property
    def nonperforming(self) -> bool:
        """True when substandard, doubtful or loss (不良).

        >>> LoanClassification(index=0, classification=Classification.SPECIAL_MENTION,
        ...     by_days=Classification.SPECIAL_MENTION, days_past_due=3, restructured=False,
        ...     observation_ends=None, drawn=False, reasons=()).nonperforming
        False
        """
        return _RANKS.index(self.classification) >= _RANKS.index(_NONPERFORMING)


@attrs.frozen(kw_only=True)
class BorrowerClassification:
    """A borrower's loans classified together on ``on``: ``loans`` (one
    :class:`LoanClassification` each, in the order given), ``classification`` (the most
    severe), and ``nonperforming_share`` (the share of the borrower's outstanding debt in
    loans non-performing before any was drawn by it, to 4 places; 0 when nothing is owed).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> classify_borrower([assess(s, [], date(2024, 5, 5))]).classification.value
    'substandard'
    """

    on: date
    classification: Classification
    loans: tuple[LoanClassification, ...]
    nonperforming_share: Decimal

    @property
    def nonperforming(self) -> bool:
        """True when any loan of the borrower is non-performing.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> classify_borrower([assess(s, [], date(2024, 2, 5))]).nonperforming
        False
        """
        return any(loan.nonperforming for loan in self.loans)


def classify_borrower(
    states: Iterable[LoanState], rules: object = None, on: date | None = None
) -> BorrowerClassification:
    """Classify all of one borrower's loans together on ``on`` (see the module).

    ``states``: the borrower's loans (one or more :class:`~loancalc.servicing.LoanState`).
    ``on``: the classification date (default: the states' common ``as_of``; a state
    assessed on another date is assessed again on ``on`` from its own inputs). ``rules``:
    a :class:`~loancalc.servicing.DelinquencyTable`, or servicing or product rules holding
    one, applied to every loan (default: each loan's own table, and the smallest
    ``borrower_share`` any of them sets).

    Raises :class:`~loancalc.errors.InvalidValueError` for no states, states on different
    dates without ``on``, or ``on`` before a loan's start, and
    :class:`~loancalc.errors.InvalidTypeError` for values of the wrong type.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> classify_borrower([assess(s, [], date(2024, 2, 5)), assess(s, [], date(2024, 3, 5))])
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: states[1].as_of: got datetime.date(2024, 3, 5); ...
    """
    loans = _checked(states)
    table = None if rules is None else _table(rules)
    when = _date(loans, on)
    loans = [_on(state, when) for state in loans]
    tables = [state.rules.delinquency if table is None else table for state in loans]
    shares = [t.borrower_share for t in tables if t.borrower_share is not None]
    share_rule = min(shares) if shares else None
    first = [_own(index, state, tables[index], when) for index, state in enumerate(loans)]
    with decimal.localcontext(CONTEXT):
        owed = [state.total_outstanding for state in loans]
        total = sum(owed, Decimal(0))
        bad = sum((o for o, one in zip(owed, first, strict=True) if one.nonperforming), Decimal(0))
        share = Decimal(0) if not total else (bad / total).quantize(_SHARE_PLACES)
        drawn = share_rule is not None and bool(total) and bad / total > share_rule
    result = [
        _drawn(own, share, share_rule) if drawn and amount > 0 and not own.nonperforming else own
        for own, amount in zip(first, owed, strict=True)
    ]
    return BorrowerClassification(
        on=when,
        classification=_worst(*(loan.classification for loan in result)),
        loans=tuple(result),
        nonperforming_share=share,
    )


def _drawn(loan: LoanClassification, share: Decimal, rule: object) -> LoanClassification:
    """``loan`` drawn into non-performing by the borrower's other loans (art. 7)."""
    reason = f"the borrower's non-performing share {share} is over {rule}: at least substandard"
    return attrs.evolve(
        loan,
        classification=_worst(loan.classification, _NONPERFORMING),
        drawn=True,
        reasons=(*loan.reasons, reason),
    )


def _checked(states: object) -> list[LoanState]:
    if isinstance(states, LoanState | str | bytes) or not isinstance(states, Iterable):
        raise InvalidTypeError("states", states, "a list of loancalc LoanState")
    found = list(states)
    if not found:
        raise InvalidValueError("states", found, "one or more loancalc LoanState")
    for index, state in enumerate(found):
        if not isinstance(state, LoanState):
            raise InvalidTypeError(f"states[{index}]", state, "a loancalc LoanState")
    return found


def _table(rules: object) -> DelinquencyTable:
    if isinstance(rules, DelinquencyTable):
        return rules
    servicing = rules if isinstance(rules, ServicingRules) else getattr(rules, "servicing", None)
    if isinstance(servicing, ServicingRules):
        return servicing.delinquency
    raise InvalidTypeError(
        "rules", rules, "a DelinquencyTable, ServicingRules or product rules (or None)"
    )


def _date(states: list[LoanState], on: object) -> date:
    if on is None:
        first = states[0].as_of
        for index, state in enumerate(states):
            if state.as_of != first:
                raise InvalidValueError(
                    f"states[{index}].as_of", state.as_of, f"{first}, as states[0] (or give on)"
                )
        return first
    if not isinstance(on, date) or isinstance(on, datetime):
        raise InvalidTypeError("on", on, "a datetime.date")
    latest = max(state.schedule.terms.start for state in states)
    if on < latest:
        raise InvalidValueError("on", on, f"a date on or after every loan's start ({latest})")
    return on


def _on(state: LoanState, on: date) -> LoanState:
    if state.as_of == on:
        return state
    return assess(state.schedule, state.payments, on, state.rules, waivers=state.waivers)


def _own(index: int, state: LoanState, table: DelinquencyTable, on: date) -> LoanClassification:
    """A loan classified on its own: by days past due, and its restructuring floor."""
    days = state.days_past_due
    by_days = table.classify(days)
    reasons = [f"{days} days past due: {by_days.value}"] if days else []
    result = by_days
    entry = _latest_restructuring(state)
    ends = None
    if entry is not None:
        ends = _observation_end(state, entry, table)
        if on < ends and state.status not in ("settled", "paid-off"):
            floor = table.restructured_floor
            result = _worst(result, floor)
            reasons.append(
                f"{entry.kind} on {entry.date}, observed until {ends}: at least {floor.value}"
            )
    return LoanClassification(
        index=index,
        classification=result,
        by_days=by_days,
        days_past_due=days,
        restructured=entry is not None,
        observation_ends=ends,
        drawn=False,
        reasons=tuple(reasons),
    )


def _latest_restructuring(state: LoanState) -> LineageEntry | None:
    counted = [entry for entry in state.schedule.lineage if entry.counted]
    return counted[-1] if counted else None


def _observation_end(state: LoanState, entry: LineageEntry, table: DelinquencyTable) -> date:
    """The first day after the observation period of a loan restructured by ``entry``
    (art. 20): from the first due date after the restructuring, or from the day after
    the grace of the last instalment of the period not paid on time, at least
    ``observation_months`` and at least two due dates."""
    rows = state.installments
    due = [row.due_date for row in rows if row.due_date > entry.date] or [rows[-1].due_date]
    start = due[0]
    while True:
        end = _period_end(start, due, table.observation_months)
        missed = [
            row.grace_end + _DAY
            for row in rows
            if row.status in _NOT_ON_TIME and start <= row.due_date < end
        ]
        restart = max(missed, default=start)
        if restart <= start:
            return end
        start = restart


def _period_end(start: date, due: list[date], months: int) -> date:
    later = [day for day in due if day >= start]
    end = add_months(start, months)
    if len(later) >= 2:
        end = max(end, later[1] + _DAY)
    return end
