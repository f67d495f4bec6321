"""What :func:`loancalc.assess` returns: :class:`LoanState` and its :class:`InstallmentState`.

>>> from loancalc import LoanTerms, amortize, assess
>>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> state = assess(s, [], date(2024, 2, 5))
>>> state.days_past_due, state.bucket, state.installments[0].status.value
(4, 'M1', 'overdue')
>>> state.total_outstanding, state.amount_due
(Decimal('1000.00'), Decimal('500.00'))
"""

from __future__ import annotations

import decimal
import functools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Literal, cast

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.errors import InvalidValueError
from loancalc.money import CONTEXT
from loancalc.schedule import Schedule
from loancalc.servicing import export as state_export
from loancalc.servicing.amounts import Amounts, frozen_maker
from loancalc.servicing.events import Event, EventKind, RawEvent, build_event
from loancalc.servicing.history import DelinquencyHistory
from loancalc.servicing.ledger_events import Charge, Refund, WriteOff
from loancalc.servicing.payment import Payment
from loancalc.servicing.rules import ServicingRules
from loancalc.servicing.state_parts import LedgerInputs, LedgerTotals, PartAttributes, Standing
from loancalc.servicing.statement import CapHit, StatementLine
from loancalc.servicing.status import InstallmentStatus

__all__ = [
    "InstallmentRow",
    "InstallmentState",
    "LedgerInputs",
    "LedgerTotals",
    "LoanState",
    "Standing",
    "build_history_with",
]

_ZERO = Decimal(0)


@attrs.define
class _HistoryBuilder:
    build: Callable[[LoanState], DelinquencyHistory] | None = None


#: What builds ``LoanState.history``: a walk of the loan by the servicing engine, which a
#: record must not import; :mod:`loancalc.servicing` installs it.
_HISTORY = _HistoryBuilder()


def build_history_with(build: Callable[[LoanState], DelinquencyHistory]) -> None:
    """Install the function that builds ``LoanState.history`` (done once by
    :mod:`loancalc.servicing` with :func:`~loancalc.servicing.bureau.delinquency_history`;
    a record never imports the engine that walks it).

    >>> from loancalc.servicing.bureau import delinquency_history
    >>> build_history_with(delinquency_history)
    """
    _HISTORY.build = build


@attrs.frozen(kw_only=True)
class InstallmentState:
    """One instalment on the assessment date.

    ``due_date``: as scheduled; ``effective_due_date``: after moving a due date off a
    non-business day (when the grace policy says so); ``grace_end``: the last day on which
    paying in full still counts as on time. ``charged``/``paid``/``waived``/``outstanding``
    by component (``charged`` holds the scheduled principal, interest and fee, and the
    penalty, compound interest and late fees charged up to ``as_of``; ``outstanding =
    charged - paid - waived``). ``paid_in_full_on``: the day its principal, interest and
    fee were all paid (None if not yet). ``days_past_due``: on ``as_of`` (0 once paid).
    ``reportable``: a credit bureau would see it as overdue.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> assess(s, [], date(2024, 1, 15)).installments[0].status.value
    'not-yet-due'
    """

    number: int
    due_date: date
    effective_due_date: date
    grace_end: date
    status: InstallmentStatus
    charged: Amounts
    paid: Amounts
    waived: Amounts
    outstanding: Amounts
    paid_in_full_on: date | None
    days_past_due: int
    reportable: bool


#: An instalment as the engine records it: number, due date, effective due date, grace
#: end, status, charged, paid, waived and outstanding (six amounts each), paid-in-full
#: date, days past due, reportable.
InstallmentRow = tuple[
    int, date, date, date, InstallmentStatus, tuple[Decimal, ...], tuple[Decimal, ...],
    tuple[Decimal, ...], tuple[Decimal, ...], date | None, int, bool,
]  # fmt: skip
_CHARGED, _PAID, _WAIVED, _OUT = 5, 6, 7, 8
#: InstallmentState from its field values in order (an InstallmentRow's types).
_make_installment = frozen_maker(
    InstallmentState, [field.name for field in attrs.fields(InstallmentState)]
)


def _six(row: InstallmentRow, index: int) -> tuple[Decimal, ...]:
    return cast("tuple[Decimal, ...]", row[index])


def _installment(row: InstallmentRow) -> InstallmentState:
    of = Amounts.of
    return _make_installment((*row[:5], of(row[5]), of(row[6]), of(row[7]), of(row[8]), *row[9:]))


@attrs.frozen(kw_only=True)
class LoanState(PartAttributes):
    """A loan on ``as_of``: per-instalment states, loan totals, delinquency and timeline.

    Totals: :attr:`charged`, :attr:`paid`, :attr:`waived`, :attr:`outstanding` (by
    component), ``penalty_interest``, ``compound_interest`` and ``late_fees`` (charged up
    to ``as_of``, paid or not), :attr:`total_outstanding` (every unpaid amount, due or not;
    credit is not netted), ``total_paid`` (payments up to ``as_of``), ``total_allocated``
    and ``credit`` (``total_allocated + credit == total_paid - total_refunded +
    credit_interest``, the interest paid into the credit where the rules say so). Delinquency:
    ``days_past_due`` (of the oldest unpaid instalment), ``bucket``, ``classification``,
    ``reportable``. ``events``: the dated timeline. :meth:`payoff_amount` gives what
    closes the loan on a date. The events walked (``inputs``), the money totals
    (``totals``) and the delinquency standing (``standing``) are grouped records
    (:mod:`loancalc.servicing.state_parts`); each of their fields is an attribute here.

    >>> from loancalc import LoanTerms, Payment, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> state = assess(s, [Payment(date(2024, 2, 1), "600")], date(2024, 2, 1))
    >>> state.total_allocated, state.credit, state.installments[0].status.value
    (Decimal('500.00'), Decimal('100.00'), 'paid-on-time')
    """

    schedule: Schedule
    rules: ServicingRules
    as_of: date
    #: The events walked, the money totals and the delinquency standing, grouped; each
    #: of their fields is also an attribute of the state (``state.payments``...).
    inputs: LedgerInputs
    totals: LedgerTotals
    standing: Standing
    # The engine's records, made into InstallmentState and Event objects on first use
    # (an assessment that is only asked for its totals never builds them).
    _rows: tuple[InstallmentRow, ...] = attrs.field(alias="rows", repr=False)
    _raw_events: tuple[RawEvent, ...] = attrs.field(alias="raw_events", repr=False)
    #: Actual-balance basis only: the statement, the caps that cut, and the loan's totals
    #: (charged, paid, waived, outstanding; six amounts each) kept as balances.
    statement: tuple[StatementLine, ...] = ()
    cap_hits: tuple[CapHit, ...] = ()
    _balances: tuple[tuple[Decimal, ...], ...] | None = attrs.field(
        default=None, alias="balances", repr=False
    )
    _amount_due: Decimal | None = attrs.field(default=None, alias="amount_due", repr=False)
    # The settlement figure of this basis (given by the engine that made the state, so
    # that a record never imports the engine): (state, on) -> what closes the loan on on.
    _settle: Callable[[LoanState, date], Decimal] | None = attrs.field(
        default=None, alias="settle", repr=False, eq=False
    )

    @functools.cached_property
    def history(self) -> DelinquencyHistory:
        """The loan's delinquency history from its start through ``as_of``, as a credit
        bureau reads it: first overdue date, days-past-due series, bucket transitions,
        the 24-month status string, consecutive and cumulative overdue months (see
        :func:`~loancalc.servicing.bureau.delinquency_history`, which builds it).

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> history = assess(s, [], date(2024, 3, 5)).history
        >>> history.first_overdue_date, history.status_string(4)
        (datetime.date(2024, 2, 2), '/*N1')
        """
        if _HISTORY.build is None:  # pragma: no cover - installed by loancalc.servicing
            raise InvalidValueError("state", self, "loancalc.servicing imported")
        return _HISTORY.build(self)

    @functools.cached_property
    def installments(self) -> tuple[InstallmentState, ...]:
        """The state of each instalment, in schedule order."""
        return tuple(_installment(row) for row in self._rows)

    @functools.cached_property
    def events(self) -> tuple[Event, ...]:
        """The dated timeline, in the order things happened."""
        return tuple(build_event(raw) for raw in self._raw_events)

    def _total(self, index: int) -> Amounts:
        if self._balances is not None:
            return Amounts.of(self._balances[index - _CHARGED])
        columns = zip(*[_six(row, index) for row in self._rows], strict=True)
        with decimal.localcontext(CONTEXT):  # each column summed in order, from zero
            totals = [sum(column, _ZERO) for column in columns]
        return Amounts.of(totals or [_ZERO] * 6)

    # ---- totals --------------------------------------------------------------------

    @property
    def charged(self) -> Amounts:
        """Everything charged, by component (scheduled amounts and charges to ``as_of``)."""
        return self._total(_CHARGED)

    @property
    def paid(self) -> Amounts:
        """Everything paid (allocated), by component."""
        return self._total(_PAID)

    @property
    def waived(self) -> Amounts:
        """Everything waived (forgiven), by component; written-off amounts are not in it
        (:attr:`written_off`), though an instalment's ``waived`` column counts both."""
        waived = self._total(_WAIVED)
        if self.written_off_on is None:
            return waived
        with decimal.localcontext(CONTEXT):
            return Amounts.of(
                [a - b for a, b in zip(waived.as_tuple(), self.written_off.as_tuple(), strict=True)]
            )

    @functools.cached_property
    def written_off(self) -> Amounts:
        """Everything written off (charged off), by component: out of :attr:`outstanding`
        (``paid + waived + written_off + outstanding == charged``)."""
        totals = [_ZERO] * 6
        if self.written_off_on is not None:
            with decimal.localcontext(CONTEXT):
                for raw in self._raw_events:
                    if raw[1] is EventKind.WRITTEN_OFF and raw[3] is not None:
                        totals = [a + b for a, b in zip(totals, raw[3], strict=True)]
        return Amounts.of(totals)

    @property
    def ledger_events(self) -> tuple[Payment | Refund | WriteOff | Charge, ...]:
        """The payments and the other events walked (reversed payments left out, a
        reversal's charge among the charges): what assessing this loan on another day
        takes (``lc.assess(state.schedule, state.ledger_events, day, state.rules,
        waivers=state.waivers)``), though ``total_reversed`` is then 0.

        >>> from loancalc import LoanTerms, Payment, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> assess(s, [Payment(date(2024, 2, 1), "100")], date(2024, 2, 1)).ledger_events
        (Payment(date=datetime.date(2024, 2, 1), amount=Decimal('100'), reference=None),)
        """
        return (*self.payments, *self.refunds, *self.write_offs, *self.charges)

    @property
    def recoveries(self) -> Decimal:
        """What was paid after the loan was written off (held as credit)."""
        on = self.written_off_on
        if on is None:
            return _ZERO
        with decimal.localcontext(CONTEXT):
            zero = self.total_paid - self.total_paid  # on the loan's grid (0.00)
            return sum((p.amount for p in self.payments if p.date > on), zero)

    @property
    def outstanding(self) -> Amounts:
        """Everything still owed, due or not, by component."""
        return self._total(_OUT)

    @property
    def penalty_interest(self) -> Decimal:
        """Penalty interest charged up to ``as_of`` (paid or not)."""
        return self.charged.penalty_interest

    @property
    def compound_interest(self) -> Decimal:
        """Compound interest charged up to ``as_of`` (paid or not)."""
        return self.charged.compound_interest

    @property
    def late_fees(self) -> Decimal:
        """Late fees charged up to ``as_of`` (paid or not)."""
        return self.charged.late_fee

    @property
    def total_outstanding(self) -> Decimal:
        """Every unpaid amount of every instalment, due or not (credit not netted)."""
        return self.outstanding.total

    @property
    def amount_due(self) -> Decimal:
        """What is owed now: the outstanding amounts of the instalments already due
        (actual-balance: the scheduled amounts due and unpaid, plus charges)."""
        if self._amount_due is not None:
            return self._amount_due
        with decimal.localcontext(CONTEXT):
            return sum(
                (
                    sum(_six(row, _OUT), _ZERO)
                    for row in self._rows
                    if row[4] is not InstallmentStatus.NOT_YET_DUE
                ),
                _ZERO,
            )

    @property
    def status(self) -> str:
        """``"settled"`` (closed early by a payment of the settlement figure, before its
        last instalment fell due), ``"paid-off"``, ``"overdue"`` (past grace),
        ``"in-grace"`` (due, unpaid, within grace) or ``"current"``.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> assess(s, [], date(2024, 1, 2)).status
        'current'
        """
        rows = self._rows  # status (4) and effective due date (2) of each instalment
        if not self.total_outstanding and self.written_off_on is not None:
            return "written-off"
        if not self.total_outstanding:
            settled = self.settled_on
            if settled is not None and rows and settled < rows[-1][1]:
                return "settled"
            return "paid-off"
        if any(row[4] is InstallmentStatus.OVERDUE for row in rows):
            return "overdue"
        if any(
            row[4] in (InstallmentStatus.DUE, InstallmentStatus.PARTLY_PAID) and self.as_of > row[2]
            for row in rows
        ):
            return "in-grace"
        return "current"

    def payoff_amount(self, on: date | None = None) -> Decimal:
        """What closes the loan on ``on`` (default ``as_of``) with no further payment.

        All unpaid principal (due or not); the unpaid interest and fees of instalments
        due on or before ``on``; the contract interest of the current period accrued from
        its start to ``on`` on its opening balance by the loan's day count (the common
        early-settlement rule of Chinese lenders; rounded by the loan's rounding and at
        most the period's scheduled interest); penalty, compound interest and late fees as
        they stand on ``on``; less the credit held. A negative result is credit owed back.
        ``on`` before ``as_of`` raises :class:`~loancalc.errors.InvalidValueError`.

        Under the actual-balance basis: the exact settlement figure (principal, interest
        accrued to ``on``, unpaid fees and charges, less credit); paying it on ``on``
        leaves every balance at zero.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
        ...                        start=date(2024, 1, 31)))
        >>> assess(s, [], date(2024, 2, 10)).payoff_amount()  # 1,200 + 1,200 x 12 % x 10/360
        Decimal('1204.00')
        """
        if on is None:
            on = self.as_of
        if not isinstance(on, date) or on < self.as_of:
            raise InvalidValueError("on", on, f"a date on or after as_of ({self.as_of})")
        if self.payments and on < self.payments[-1].date:
            raise InvalidValueError(
                "on", on, f"a date on or after the last payment ({self.payments[-1].date})"
            )
        if self._settle is None:
            raise InvalidValueError("state", self, "a LoanState made by loancalc.assess")
        return self._settle(self, on)

    # ---- exports ---------------------------------------------------------------------

    def rows(self) -> list[tuple[Any, ...]]:
        """One tuple per instalment in :data:`loancalc.servicing.export.COLUMNS` order.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> assess(s, [], date(2024, 1, 2)).rows()[0][4:8]
        ('not-yet-due', 0, 'no', '')
        """
        return state_export.rows(self.installments)

    def to_csv(self) -> str:
        """CSV: one line per instalment, with every component charged, paid, waived and
        outstanding.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> assess(s, [], date(2024, 1, 2)).to_csv().splitlines()[0][:41]
        'number,due_date,effective_due_date,grace_'
        """
        return state_export.to_csv(self.installments)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values (amounts and dates as strings): summary, instalments, events.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> assess(s, [], date(2024, 2, 3)).to_dict()["days_past_due"]
        2
        """
        return state_export.to_dict(self)

    def to_json(self, *, indent: int | None = None) -> str:
        """:meth:`to_dict` as JSON text.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> assess(s, [], date(2024, 1, 2)).to_json()[:28]
        '{"format": "loancalc.state/1'
        """
        return state_export.to_json(self, indent=indent)

    def to_numpy(self, *, money: Literal["float64", "object"] = "float64") -> npt.NDArray[np.void]:
        """The instalment rows as a numpy structured array (see :meth:`to_csv`).

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
        >>> assess(s, [], date(2024, 1, 2)).to_numpy()["outstanding_principal"].tolist()
        [100.0]
        """
        return state_export.to_numpy(self.installments, money=money)

    def __str__(self) -> str:
        return state_export.text(self)
