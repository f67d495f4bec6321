"""``assess(schedule, payments, as_of, rules)``: what a borrower owes on a date, and why.

The worked example of docs/rules.md, 'Servicing conventions': 12,000 at 18 % over 12
months from 2024-01-15, instalment 1 paid on time, nothing else; a 3-day grace and a
penalty of 1.5x the contract rate with compound interest on overdue interest. On
2024-03-25 instalment 2 (933.96 + 166.20, due 2024-03-15) is 10 days past due: penalty
933.96 x 27 %/360 x 10 = 7.00 and compound interest 166.20 x 27 %/360 x 10 = 1.25.

>>> from loancalc import (LoanTerms, amortize, Payment, ServicingRules, GracePolicy,
...                       PenaltyPolicy, PenaltyRate)
>>> schedule = amortize(LoanTerms(principal=12000, annual_rate="18%", term=12,
...                               start=date(2024, 1, 15)))
>>> rules = ServicingRules(grace=GracePolicy(days=3), penalty=PenaltyPolicy(
...     rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True))
>>> state = assess(schedule, [Payment(date(2024, 2, 15), "1100.16")], date(2024, 3, 25), rules)
>>> state.days_past_due, state.bucket, state.classification.value, state.reportable
(10, 'M1', 'special-mention', True)
>>> state.penalty_interest, state.compound_interest, state.amount_due
(Decimal('7.00'), Decimal('1.25'), Decimal('1108.41'))
"""

from __future__ import annotations

import bisect
import decimal
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from loancalc.errors import InvalidTypeError
from loancalc.money import CONTEXT
from loancalc.schedule import Schedule
from loancalc.servicing._assess_inputs import checked_inputs
from loancalc.servicing.balance_state import balance_state, balance_states
from loancalc.servicing.dates import window_days
from loancalc.servicing.engine import Run
from loancalc.servicing.events import EventKind, raw_event
from loancalc.servicing.ledger import COMP, INT, PEN, Ledger
from loancalc.servicing.ledger_events import LedgerEvent, SortedEvents
from loancalc.servicing.payment import Payment
from loancalc.servicing.rules import InterestBasis, ServicingRules
from loancalc.servicing.settlement import first_row_carries, settlement_figure
from loancalc.servicing.settlement_rules import settlement_rule
from loancalc.servicing.state import InstallmentRow, LoanState
from loancalc.servicing.state_parts import LedgerInputs, LedgerTotals, Standing
from loancalc.servicing.status import InstallmentStatus, status_on
from loancalc.servicing.waiver import Waiver

__all__ = ["assess", "assess_dates", "payoff"]

_ZERO = Decimal(0)
_NOTHING = SortedEvents()


def assess(
    schedule: Schedule,
    payments: Iterable[LedgerEvent],
    as_of: date,
    rules: object = None,
    *,
    waivers: Iterable[Waiver] = (),
    known_on: date | None = None,
) -> LoanState:
    """The state of the loan ``schedule`` describes on ``as_of``, given the ``payments``.

    ``rules``: a :class:`~loancalc.ServicingRules`, or product rules holding one in their
    ``servicing`` attribute (default: ``ServicingRules()``, which charges nothing).
    Payments dated after ``as_of`` are left out; payments on the same day are applied in
    a canonical order (by amount, then reference), so the order they are listed in never
    matters. ``waivers``: amounts forgiven (:class:`~loancalc.servicing.Waiver`).

    ``known_on``: the loan "as of ``as_of``, as known on ``known_on``": payments and
    waivers the lender learnt of after ``known_on`` (their ``known_on``, or their date
    when it is None) are left out, as if not yet recorded (None: everything given). A
    payment recorded late with its own earlier date (a backdated correction) is then
    missing before it was known and counted on its date after;
    :func:`loancalc.state_diff.diff` explains what it changed.

    Raises :class:`~loancalc.errors.InvalidValueError` (naming the field) for a payment
    or waiver dated before the loan starts, an ``as_of`` before the start, and values of
    the wrong type; the inputs are never changed.

    >>> from loancalc import LoanTerms, amortize, Payment
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> assess(s, [Payment(date(2023, 12, 31), "10")], date(2024, 2, 1))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: payments[0].date: got datetime.date(2023, 12, 31); ...
    >>> late = Payment(date(2024, 2, 1), "500", known_on=date(2024, 2, 10))  # recorded late
    >>> [assess(s, [late], date(2024, 2, 10), known_on=day).days_past_due
    ...  for day in (date(2024, 2, 9), date(2024, 2, 10), None)]
    [9, 0, 0]
    """
    servicing, kept, kept_waivers, extra = checked_inputs(
        schedule, payments, as_of, rules, waivers, known_on=known_on
    )
    return _state(schedule, kept, kept_waivers, as_of, servicing, extra)


def _state(  # noqa: PLR0917 -- assess's inputs, checked
    schedule: Schedule,
    payments: tuple[Payment, ...],
    waivers: tuple[Waiver, ...],
    as_of: date,
    rules: ServicingRules,
    extra: SortedEvents = _NOTHING,
) -> LoanState:
    if rules.interest_basis is InterestBasis.ACTUAL_BALANCE:
        return balance_state(schedule, payments, waivers, as_of, rules, extra)
    run = Run(
        schedule, payments, waivers, as_of, rules, refunds=extra.refunds, charges=extra.charges,
        write_offs=extra.write_offs,
    )  # fmt: skip
    run.execute()
    return _snapshot(run, schedule, rules, as_of, payments, waivers, beyond=extra)


def _snapshot(  # noqa: PLR0917 -- the parts of one state
    run: Run,
    schedule: Schedule,
    rules: ServicingRules,
    as_of: date,
    payments: tuple[Payment, ...],
    waivers: tuple[Waiver, ...],
    *,
    cache: dict[int, InstallmentRow] | None = None,
    beyond: SortedEvents = _NOTHING,
) -> LoanState:
    """The state of ``run`` as it stands on ``as_of``, charging (in the state only) what
    accrued since the last charge, as an assessment on ``as_of`` would on that day.

    ``cache`` keeps the rows of instalments that can no longer change (settled, or not
    yet due when nothing is waived and the loan is not settled), for snapshots taken on
    later dates of one walk.
    """
    extra: dict[int, tuple[Decimal, Decimal]] = {}
    charges_today = []
    for ledger, pen, comp in run.uncharged():
        extra[ledger.number] = (pen, comp)
        charges_today.append(
            raw_event(
                as_of,
                EventKind.PENALTY_ACCRUED,
                ledger.number,
                {PEN: pen, COMP: comp},
                start=ledger.last_charge,
            )
        )
    events = run.events
    raw_events = (*events[: run.day_start], *charges_today, *events[run.day_start :])
    table = rules.delinquency
    from_grace = table.count_from == "grace-end"
    windows = run.windows
    rows: list[InstallmentRow] = []
    loan_days = 0
    reportable = False
    oldest_found = False
    for ledger, row in zip(run.ledgers, schedule.installments, strict=True):
        number = ledger.number
        cached = None if cache is None else cache.get(number)
        if cached is not None and (
            cached[4] is not InstallmentStatus.NOT_YET_DUE
            # a settlement rebates the instalments not yet due: their rows change
            or (ledger.due > as_of and ledger.paid_full_on is None and run.settled_on is None)
        ):
            rows.append(cached)
            continue
        if ledger.paid_full_on is not None:  # settled: nothing past due (most instalments)
            days, report = 0, False
        else:
            days = _days_past_due(ledger, as_of, from_grace, windows)
            report = _reportable(ledger, as_of, days, rules.report_after_days, windows)
            if not oldest_found and ledger.due <= as_of:
                oldest_found = True
                loan_days = days
            reportable = reportable or report
        charges = tuple(ledger.charged)
        out = tuple(ledger.out)
        more = extra.get(number)
        if more is not None:
            with decimal.localcontext(CONTEXT):
                charges = (*charges[:3], charges[3] + more[0], charges[4] + more[1], charges[5])
                out = (*out[:3], out[3] + more[0], out[4] + more[1], out[5])
        status = _status(ledger, as_of, row.due_date)
        made = (
            number, row.due_date, ledger.due, ledger.grace_end, status, charges,
            tuple(ledger.paid), tuple(ledger.waived), out, ledger.paid_full_on, days, report,
        )  # fmt: skip
        if cache is not None and (
            (status.is_settled and not ledger.accruing and not ledger.anything_out)
            or (status is InstallmentStatus.NOT_YET_DUE and not waivers)
        ):
            cache[number] = made
        rows.append(made)
    walked = beyond.up_to(as_of)
    refunds = walked.refunds
    inputs = LedgerInputs(
        payments=payments,
        waivers=waivers,
        refunds=refunds,
        charges=walked.charges,
        write_offs=walked.write_offs,
    )
    totals = LedgerTotals(
        total_paid=run.total_paid,
        total_allocated=run.total_allocated,
        credit=run.credit,
        total_reversed=run.rounding.apply(_ZERO) + beyond.total_reversed,
        total_refunded=sum((r.amount for r in refunds), run.rounding.apply(_ZERO)),
        credit_interest=run.credit_interest,
    )
    standing = Standing(
        days_past_due=loan_days,
        bucket=table.bucket(loan_days),
        classification=table.classify(loan_days),
        reportable=reportable,
        settled_on=run.settled_on,  # a snapshot is taken on the day walked: never later
        written_off_on=run.written_off_on,
    )
    return LoanState(
        schedule=schedule,
        rules=rules,
        as_of=as_of,
        inputs=inputs,
        totals=totals,
        standing=standing,
        rows=tuple(rows),
        raw_events=raw_events,
        settle=payoff,
    )


def assess_dates(
    schedule: Schedule,
    payments: Iterable[LedgerEvent],
    dates: Iterable[date],
    rules: object = None,
    *,
    waivers: Iterable[Waiver] = (),
    known_on: date | None = None,
) -> list[LoanState]:
    """The states :func:`assess` gives on each of ``dates``, from one walk of the loan.

    Equal, date by date, to ``assess(schedule, payments, day, rules, waivers=waivers,
    known_on=known_on)``, but the loan's history is walked once (a daily batch assessing
    a loan on every day of a year costs little more than one assessment). The states come
    in the order of ``dates``; each date is checked as ``as_of`` is.

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> days = [date(2024, 2, 1), date(2024, 2, 20), date(2024, 3, 5)]
    >>> [state.days_past_due for state in assess_dates(s, [], days)]
    [0, 19, 33]
    >>> assess_dates(s, [], days)[1] == assess(s, [], date(2024, 2, 20))
    True
    """
    if isinstance(dates, str | bytes) or not isinstance(dates, Iterable):
        raise InvalidTypeError("dates", dates, "a list of datetime.date")
    wanted = list(dates)
    if not wanted:
        return []
    for index, day in enumerate(wanted):
        checked_inputs(schedule, (), day, rules, (), f"dates[{index}]")  # each date checked
    last = max(wanted)
    servicing, all_payments, all_waivers, extra = checked_inputs(
        schedule, payments, last, rules, waivers, known_on=known_on
    )
    if (
        extra.total_reversed
        or (extra.extra and servicing.interest_basis is InterestBasis.ACTUAL_BALANCE)
        or servicing.late_fee.dated_on_due_date
        or servicing.credit_interest is not None
    ):
        # a reversal replays the loan from its payment's date, and a late fee dated on
        # its due date is known only when grace ends (a day within grace does not show
        # it); credit interest is posted on the dates the walk stops at, as_of among
        # them: one walk per date
        return [
            assess(schedule, payments, day, rules, waivers=waivers, known_on=known_on)
            for day in wanted
        ]
    if servicing.interest_basis is InterestBasis.ACTUAL_BALANCE:
        free = servicing.interest_free
        if free is not None and free.conditional:  # a lapse re-runs the walk: one per date
            return [
                balance_state(
                    schedule,
                    tuple(p for p in all_payments if p.date <= day),
                    tuple(w for w in all_waivers if w.date <= day),
                    day,
                    servicing,
                    extra,
                )
                for day in wanted
            ]
        found = balance_states(schedule, all_payments, all_waivers, wanted, servicing, extra)
        return [found[day] for day in wanted]
    run = Run(
        schedule, all_payments, all_waivers, last, servicing,
        refunds=extra.refunds, charges=extra.charges, write_offs=extra.write_offs,
    )  # fmt: skip
    states: dict[date, LoanState] = {}
    cache: dict[int, InstallmentRow] = {}

    paid_dates = [payment.date for payment in all_payments]  # sorted: paid by a day is a prefix

    def take(day: date, stopped: bool) -> None:
        paid = all_payments[: bisect.bisect_right(paid_dates, day)]
        forgiven = tuple(w for w in all_waivers if w.date <= day)
        states[day] = _snapshot(
            run,
            schedule,
            servicing,
            day,
            paid,
            forgiven,
            cache=None if extra.extra else cache,
            beyond=extra,
        )

    run.execute(sorted(set(wanted)), take)
    return [states[day] for day in wanted]


def _days_past_due(
    ledger: Ledger, as_of: date, from_grace: bool, windows: list[tuple[date, date]]
) -> int:
    if ledger.paid_full_on is not None or ledger.due >= as_of:
        return 0
    since = ledger.grace_end if from_grace else ledger.due
    if since >= as_of:
        return 0
    return (as_of - since).days - window_days(windows, since, as_of)


def _reportable(
    ledger: Ledger, as_of: date, days: int, after: int, windows: list[tuple[date, date]]
) -> bool:
    if ledger.paid_full_on is not None or as_of <= ledger.grace_end or days <= after:
        return False
    return not any(first <= ledger.due <= last and as_of <= last for first, last in windows)


def _status(ledger: Ledger, as_of: date, scheduled_due: date) -> InstallmentStatus:
    paid_on = ledger.paid_full_on
    return status_on(
        as_of=as_of,
        fallen=ledger.due <= as_of,
        due=ledger.due,
        grace_end=ledger.grace_end,
        paid_on=ledger.paid_full_on,
        partly_paid=any(ledger.paid[:3]) or any(ledger.waived[:3]),
        settled_early=paid_on is not None and paid_on < scheduled_due and paid_on <= as_of,
    )


def payoff(state: LoanState, on: date) -> Decimal:
    """What closes the loan of ``state`` on ``on`` (see :meth:`LoanState.payoff_amount`
    and :mod:`loancalc.servicing.settlement`, whose rule the engine also settles by).

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> payoff(assess(s, [], date(2024, 1, 1)), date(2024, 3, 1))
    Decimal('1000.00')
    """
    future = state
    if on != state.as_of:
        extra = SortedEvents(
            refunds=state.refunds, charges=state.charges, total_reversed=state.total_reversed,
            write_offs=state.write_offs,
        )  # fmt: skip
        future = _state(state.schedule, state.payments, state.waivers, on, state.rules, extra)
    closed = future.written_off_on is not None and not future.outstanding.principal
    if future.settled_on is not None or closed:  # settled or written off: nothing accrues
        with decimal.localcontext(CONTEXT):
            return future.total_outstanding - future.credit
    rows = future._rows
    with decimal.localcontext(CONTEXT):
        settled = [row[6][INT] + row[7][INT] for row in rows]
    schedule = state.schedule
    return settlement_figure(
        [row[8] for row in rows],
        settled,
        schedule.installments,
        schedule.terms,
        on,
        future.credit,
        carried_first=first_row_carries(schedule),
        rule=settlement_rule(state.rules.settlement, schedule),
        advances=schedule.disbursements,
    )
