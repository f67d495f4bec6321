"""The :class:`~loancalc.LoanState` of an actual-balance loan, and its settlement figure.

:func:`balance_state` runs :class:`~loancalc.servicing.balance_walk.BalanceRun` and
reports each scheduled payment as an instalment (what fell due, what paid it, status
and days past due), the loan's totals from its balances, the statement and the caps
that cut; :func:`settlement` is the exact amount that closes the loan on a date.

>>> from loancalc import LoanTerms, Payment, ServicingRules, amortize
>>> s = amortize(LoanTerms(principal=1000, annual_rate="36%", term=2, start=date(2024, 1, 1),
...                        accrual="daily"))
>>> rules = ServicingRules(interest_basis="actual-balance")
>>> state = balance_state(s, (Payment(date(2024, 1, 21), "500"),), (), date(2024, 1, 31), rules)
>>> # 20 days on 1,000 (20.00) paid first, 480 of principal; 10 days on 520: 5.20
>>> state.outstanding.principal, state.outstanding.interest, state.payoff_amount()
(Decimal('520.00'), Decimal('5.20'), Decimal('525.20'))
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from loancalc.money import CONTEXT
from loancalc.schedule import Schedule
from loancalc.servicing.balance_demands import Demand
from loancalc.servicing.balance_walk import BalanceRun
from loancalc.servicing.ledger_events import SortedEvents
from loancalc.servicing.payment import Payment
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.state import InstallmentRow, LoanState
from loancalc.servicing.state_parts import LedgerInputs, LedgerTotals, Standing
from loancalc.servicing.status import InstallmentStatus, status_on
from loancalc.servicing.waiver import Waiver

__all__ = ["balance_state", "balance_states", "settlement"]

_ZERO = Decimal(0)
_NOTHING = SortedEvents()


def balance_state(  # noqa: PLR0917 -- assess's checked inputs
    schedule: Schedule,
    payments: tuple[Payment, ...],
    waivers: tuple[Waiver, ...],
    as_of: date,
    rules: ServicingRules,
    beyond: SortedEvents = _NOTHING,
) -> LoanState:
    """The state on ``as_of`` of an actual-balance loan (checked inputs, see
    :func:`loancalc.assess`; ``beyond``: the refunds and charges, and the amount of the
    payments reversed).

    >>> balance_state.__name__
    'balance_state'
    """
    run = _run(schedule, payments, waivers, as_of, rules, beyond)
    run.execute()
    return _state_of(run, payments, waivers, as_of, beyond)


def _run(  # noqa: PLR0917 -- assess's checked inputs
    schedule: Schedule,
    payments: tuple[Payment, ...],
    waivers: tuple[Waiver, ...],
    as_of: date,
    rules: ServicingRules,
    beyond: SortedEvents,
) -> BalanceRun:
    """The walk of an assessment on ``as_of`` (the events beyond payments up to it)."""
    walked = beyond.up_to(as_of)
    return BalanceRun(
        schedule, payments, waivers, as_of, rules, refunds=walked.refunds,
        charges=walked.charges, write_offs=walked.write_offs,
    )  # fmt: skip


def balance_states(  # noqa: PLR0917 -- assess_dates's checked inputs
    schedule: Schedule,
    payments: tuple[Payment, ...],
    waivers: tuple[Waiver, ...],
    days: Sequence[date],
    rules: ServicingRules,
    beyond: SortedEvents = _NOTHING,
) -> dict[date, LoanState]:
    """The states of an actual-balance loan on each of ``days``, from one walk: at each
    day the walk's books are copied and the copy finishes the day as an assessment on
    it would (what accrued is posted, the day's statement line written), so each state
    equals :func:`balance_state` on that day.

    >>> balance_states.__name__
    'balance_states'
    """
    run = _run(schedule, payments, waivers, max(days), rules, beyond)
    states: dict[date, LoanState] = {}

    def take(day: date, stopped: bool) -> None:
        finished = run.finished_on(day, stopped)
        states[day] = _state_of(
            finished,
            tuple(p for p in payments if p.date <= day),
            tuple(w for w in waivers if w.date <= day),
            day,
            beyond,
        )

    run.execute(sorted(set(days)), take)
    return states


def _state_of(
    run: BalanceRun,
    payments: tuple[Payment, ...],
    waivers: tuple[Waiver, ...],
    as_of: date,
    beyond: SortedEvents,
) -> LoanState:
    """The state a finished walk (or a copy finished on ``as_of``) reports."""
    schedule, rules = run.schedule, run.rules
    walked = beyond.up_to(as_of)
    refunds, charges, write_offs = walked.refunds, walked.charges, walked.write_offs
    table = rules.delinquency
    from_grace = table.count_from == "grace-end"
    rows: list[InstallmentRow] = []
    loan_days = 0
    reportable = False
    oldest_found = False
    zero = run.zero
    nothing = (zero, zero, zero, zero, zero, zero)  # a demand not yet fallen due
    after = rules.report_after_days
    settled_on = run.settled_on
    every_fallen = True
    with decimal.localcontext(CONTEXT):
        for demand in run.demands.all:
            if not demand.fallen:
                every_fallen = False
                status = (
                    InstallmentStatus.SETTLED
                    if settled_on is not None and settled_on < demand.scheduled_due
                    else InstallmentStatus.NOT_YET_DUE
                )
                covered = demand.covered  # (nothing: its exponent shows)
                paid = (covered[0], covered[1], covered[2], zero, zero, zero)
                out = (zero - covered[0], zero - covered[1], zero - covered[2], zero, zero, zero)
                rows.append(
                    (
                        demand.number, demand.scheduled_due, demand.due, demand.grace_end,
                        status, nothing, paid, nothing, out, demand.paid_on, 0, False,
                    )
                )  # fmt: skip
                continue
            unpaid = demand.paid_on is None
            days = 0  # (days past due)
            if unpaid:
                days = max(0, (as_of - (demand.grace_end if from_grace else demand.due)).days)
            report = unpaid and as_of > demand.grace_end and days > after
            if unpaid and not oldest_found:
                oldest_found = True
                loan_days = days
            reportable = reportable or report
            (principal, interest, fee), covered = demand.parts, demand.covered
            charged = (principal, interest, fee, zero, zero, zero)
            paid = (covered[0], covered[1], covered[2], zero, zero, zero)
            out = (
                principal - covered[0], interest - covered[1], fee - covered[2], zero, zero, zero
            )  # fmt: skip
            rows.append(
                (
                    demand.number, demand.scheduled_due, demand.due, demand.grace_end,
                    _status(demand, as_of, settled_on), charged, paid, nothing, out,
                    demand.paid_on, days, report,
                )
            )  # fmt: skip
        balances = run.balances
        if every_fallen:  # past the last due date:
            due = sum(balances, _ZERO)  # everything owed is due, interest since included
        else:
            due = run.demands.arrears + balances[3] + balances[4] + balances[5]
    standing = Standing(
        days_past_due=loan_days,
        bucket=table.bucket(loan_days),
        classification=table.classify(loan_days),
        reportable=reportable,
        settled_on=run.settled_on,
        written_off_on=run.written_off_on,
    )
    return LoanState(
        schedule=schedule,
        rules=rules,
        as_of=as_of,
        inputs=LedgerInputs(
            payments=payments,
            waivers=waivers,
            refunds=refunds,
            charges=charges,
            write_offs=write_offs,
        ),
        totals=LedgerTotals(
            total_paid=run.total_paid,
            total_allocated=run.total_allocated,
            credit=run.credit,
            total_reversed=run.zero + beyond.total_reversed,
            total_refunded=run.total_refunded,
            credit_interest=run.credit_interest,
        ),
        standing=standing,
        rows=tuple(rows),
        raw_events=tuple(run.events),
        statement=tuple(run.lines),
        cap_hits=run.cap_hits(),
        balances=(tuple(run.charged), tuple(run.paid), tuple(run.waived), tuple(balances)),
        amount_due=due,
        settle=settlement,
    )


def _status(demand: Demand, as_of: date, settled_on: date | None) -> InstallmentStatus:
    return status_on(
        as_of=as_of,
        fallen=demand.fallen,
        due=demand.due,
        grace_end=demand.grace_end,
        paid_on=demand.paid_on,
        partly_paid=demand.unpaid < demand.amount,
        settled_early=settled_on is not None and settled_on < demand.scheduled_due,
    )


def settlement(state: LoanState, on: date) -> Decimal:
    """What closes the actual-balance loan of ``state`` on ``on`` (checked by
    :meth:`LoanState.payoff_amount`): principal, the interest accrued to ``on``, unpaid
    fees and charges, and the parts of a financed fee (``Fees.financed``) that the
    instalments not yet fallen due on ``on`` repay (settling makes them due at once, as
    the caps let them be charged), less credit held, as they stand after that day's
    payments: what paying in full that day avoids (the interest of conditional
    interest-free days ending that day, penalty back to the due date and late fees
    charged when grace ends that day) is left out, so paying this much on ``on`` leaves
    nothing owed.

    >>> settlement.__name__
    'settlement'
    """
    financed = state.settled_on is None and state.schedule.terms.fees.finances_a_fee
    if on == state.as_of and not financed:  # the walk stopped after that day's payments
        with decimal.localcontext(CONTEXT):
            return state.total_outstanding - state.credit
    run = BalanceRun(
        state.schedule, state.payments, state.waivers, on, state.rules,
        refunds=state.refunds, charges=state.charges, write_offs=state.write_offs,
    )  # fmt: skip
    run.stop_on = on  # after that day's payments, where a payment would settle (the close
    run.execute()  # of a period on ``on`` moves the caps' count of its rounding)
    with decimal.localcontext(CONTEXT):
        return sum(run.balances, _ZERO) + run.settling_fee(on) - run.credit
