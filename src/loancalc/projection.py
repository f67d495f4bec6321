"""What happens next: :func:`project` lists the dated milestones ahead of a loan.

From an assessment (a :class:`~loancalc.LoanState` on its ``as_of``), the projection
assesses the same loan, with the same payments, waivers and rules, on every later date
up to ``until`` on which something can change, and keeps the dates on which something
does: an instalment falling due, grace ending (penalty interest starting), a late fee,
a move to another delinquency bucket or classification, the day the loan becomes
reportable to the credit bureau, a cost cap reached, a restructuring plan breached, and
the loan closed by a payment. Nothing more is paid, unless ``payments`` say so. Every
figure is the engine's own: a milestone's days past due, bucket, amount due and debt
(the payoff amount) are those of ``lc.assess`` on its date.

The consumer-finance loan of the README (12,000 at 18 % over 12 months from 2024-01-15;
a 3-day grace, penalty at 1.5 times the rate), instalment 1 paid on time, projected from
the due date of instalment 2 (2024-03-15, 1,100.16) if nothing more is paid:

>>> from loancalc import Payment, amortize, assess, products
>>> rules = products.get("cn-consumer-finance-instalment")
>>> loan = amortize(rules.terms(principal="12000", annual_rate="18%", term=12,
...                             start=date(2024, 1, 15)))
>>> state = assess(loan, [Payment(date(2024, 2, 15), "1100.16")], date(2024, 3, 15), rules)
>>> ahead = project(state, date(2024, 4, 20))
>>> for m in ahead.milestones:
...     print(m.date, m.kind.value, m.days_past_due, m.bucket, m.amount_due)
2024-03-16 bucket 1 M1 1100.16
2024-03-16 classification 1 M1 1100.16
2024-03-19 grace-ends 4 M1 1103.46
2024-03-19 reportable 4 M1 1103.46
2024-04-15 falls-due 31 M2 2225.89
2024-04-15 bucket 31 M2 2225.89
2024-04-19 grace-ends 35 M2 2232.50

On the 31st day past due (2024-04-15: 16 days of March and 15 of April) the loan moves
from M1 to M2; it is reportable from 2024-03-19, the day after grace ends, when the
penalty of the 4 days since the due date is charged (933.96 x 27 %/360 x 4 = 2.80, and
compound interest 166.20 x 27 %/360 x 4 = 0.50).
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs

from loancalc import export
from loancalc._projection_changes import (
    MilestoneKind,
    breach_change,
    breach_status,
    changes,
    closed,
)
from loancalc._projection_dates import delinquency_dates, fixed_dates, oldest_unpaid
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import CONTEXT
from loancalc.restructuring.agreement import Agreement, AgreementStatus
from loancalc.servicing import LoanState, Payment
from loancalc.servicing.assess import assess_dates

__all__ = ["COLUMNS", "Milestone", "MilestoneKind", "Projection", "project"]

_FORMAT = "loancalc.projection/1"
#: The columns of :meth:`Projection.rows` and of the CSV, in order.
COLUMNS = (
    "date",
    "kind",
    "installment",
    "description",
    "amount",
    "days_past_due",
    "bucket",
    "amount_due",
    "debt",
)
_ORDER = {kind: index for index, kind in enumerate(MilestoneKind)}


def _to_kind(value: object) -> MilestoneKind:
    return MilestoneKind.parse(value)


@attrs.frozen(kw_only=True)
class Milestone:
    """One thing that happens to the loan on ``date``.

    ``kind`` (:class:`MilestoneKind`), ``installment`` (the instalment it concerns; None
    for the loan), ``description`` (in words) and ``amount`` (what it is about: the
    amount falling due or overdue, the late fee, the payment that closes the loan, what
    a breach makes due; None otherwise). The loan on that date, as ``lc.assess`` gives
    it: ``days_past_due``, ``bucket``, ``amount_due`` and ``debt`` (its payoff amount).

    >>> Milestone(date=date(2024, 4, 15), kind="bucket", installment=None,
    ...           description="bucket M1 -> M2", days_past_due=31, bucket="M2",
    ...           amount_due=Decimal("2225.89"), debt=Decimal("11423.80")).kind
    <MilestoneKind.BUCKET: 'bucket'>
    """

    date: date
    kind: MilestoneKind = attrs.field(converter=_to_kind)
    installment: int | None
    description: str
    days_past_due: int
    bucket: str
    amount_due: Decimal
    debt: Decimal
    amount: Decimal | None = None

    def row(self) -> tuple[Any, ...]:
        """The milestone as a tuple in :data:`COLUMNS` order.

        >>> m = Milestone(date=date(2024, 3, 19), kind="reportable", installment=None,
        ...               description="reportable", days_past_due=4, bucket="M1",
        ...               amount_due=Decimal("1103.46"), debt=Decimal("11269.63"))
        >>> m.row()[:3], m.row()[-1]
        ((datetime.date(2024, 3, 19), 'reportable', None), Decimal('11269.63'))
        """
        return (
            self.date,
            self.kind.value,
            self.installment,
            self.description,
            self.amount,
            self.days_past_due,
            self.bucket,
            self.amount_due,
            self.debt,
        )


@attrs.frozen(kw_only=True)
class Projection:
    """The milestones of a loan from ``as_of`` (excluded) to ``until`` (included), if
    only ``payments`` are made.

    ``milestones``: by date (and, within a date, in :class:`MilestoneKind` order).
    ``debt``: the payoff amount on ``as_of`` and on every date the projection assessed
    the loan on (``(date, amount)`` pairs by date), for a chart of the debt over time.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> ahead = project(assess(s, [], date(2024, 1, 1)), date(2024, 2, 2))
    >>> text = ahead.text().splitlines()
    >>> text[0]
    'Projection from 2024-01-01 to 2024-02-02 (nothing more paid)'
    >>> for line in text[2:5] + text[5:9:2]:
    ...     print(line[:76].rstrip())  # the descriptions follow, on the right
    Date        Milestone       No  Days past due  Bucket  Amount due      Debt
    ----------------------------------------------------------------------------
    2024-02-01  falls-due        1              0  M0          500.00  1,000.00
    2024-02-02  grace-ends       1              1  M1          500.00  1,000.00
    2024-02-02  classification                  1  M1          500.00  1,000.00
    """

    as_of: date
    until: date
    payments: tuple[Payment, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    debt: tuple[tuple[date, Decimal], ...] = ()

    def rows(self) -> list[tuple[Any, ...]]:
        """One tuple per milestone in :data:`COLUMNS` order.

        >>> Projection(as_of=date(2024, 1, 1), until=date(2024, 1, 1)).rows()
        []
        """
        return [milestone.row() for milestone in self.milestones]

    def to_csv(self) -> str:
        """CSV: a header of :data:`COLUMNS`, then one line per milestone.

        >>> Projection(as_of=date(2024, 1, 1), until=date(2024, 1, 1)).to_csv()
        'date,kind,installment,description,amount,days_past_due,bucket,amount_due,debt\\n'
        """
        return export.to_csv(COLUMNS, self.rows())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values (amounts and dates as strings): the dates, the payments
        assumed, the milestones and the debt on each date assessed.

        >>> Projection(as_of=date(2024, 1, 1), until=date(2024, 2, 1)).to_dict()["until"]
        '2024-02-01'
        """
        value = export.json_value
        return {
            "format": _FORMAT,
            "as_of": value(self.as_of),
            "until": value(self.until),
            "payments": [
                {"date": value(p.date), "amount": value(p.amount), "reference": p.reference}
                for p in self.payments
            ],
            "milestones": [
                {name: value(cell) for name, cell in zip(COLUMNS, row, strict=True)}
                for row in self.rows()
            ],
            "debt": [{"date": value(day), "debt": value(amount)} for day, amount in self.debt],
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """:meth:`to_dict` as JSON text.

        >>> Projection(as_of=date(2024, 1, 1), until=date(2024, 1, 1)).to_json()[:34]
        '{"format": "loancalc.projection/1"'
        """
        return export.to_json(self.to_dict(), indent=indent)

    def text(self) -> str:
        """The milestones as a table for people, under a title saying what is assumed
        paid.

        >>> from loancalc import LoanTerms, amortize, assess
        >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1,
        ...                        start=date(2024, 1, 1)))
        >>> project(assess(s, [], date(2024, 1, 1)), date(2024, 2, 5)).text().splitlines()[0]
        'Projection from 2024-01-01 to 2024-02-05 (nothing more paid)'
        """
        show = export.display_text
        if self.payments:
            paid = ", ".join(f"{show(p.amount)} on {p.date.isoformat()}" for p in self.payments)
            assumed = f"paying only {paid}"
        else:
            assumed = "nothing more paid"
        title = f"Projection from {self.as_of.isoformat()} to {self.until.isoformat()} ({assumed})"
        header = ["Date", "Milestone", "No", "Days past due", "Bucket", "Amount due", "Debt",
                  "What happens"]  # fmt: skip
        body = [
            [m.date, m.kind.value, m.installment, m.days_past_due, m.bucket, m.amount_due,
             m.debt, m.description]
            for m in self.milestones
        ]  # fmt: skip
        notes = [] if body else ["Nothing changes in this period."]
        notes.append("Debt: what closes the loan on that date (its payoff amount).")
        return export.text_table(header, body, title=title, notes=notes, left=[0, 1, 4, 7])

    def chart(self, *, width: int = 40) -> str:
        """The debt over time as a text bar chart: on ``as_of``, on each date with a
        milestone, and on ``until`` (bars scaled to the largest; none for nothing owed).

        >>> p = Projection(as_of=date(2024, 1, 1), until=date(2024, 3, 1),
        ...                debt=((date(2024, 1, 1), Decimal("100")),
        ...                      (date(2024, 3, 1), Decimal("50"))))
        >>> print(p.chart(width=10))
        2024-01-01  100  ##########
        2024-03-01   50  #####
        """
        if type(width) is not int or not 1 <= width <= 1000:
            raise InvalidValueError("width", width, "a whole number from 1 to 1000")
        shown = {self.as_of, self.until, *(m.date for m in self.milestones)}
        points = [(day, amount) for day, amount in self.debt if day in shown]
        if not points:
            return ""
        top = max(amount for _, amount in points)
        texts = [export.display_text(amount) for _, amount in points]
        size = max(len(text) for text in texts)
        lines = []
        with decimal.localcontext(CONTEXT):
            for (day, amount), text in zip(points, texts, strict=True):
                bar = 0 if top <= 0 or amount <= 0 else round(amount * width / top)
                lines.append(f"{day.isoformat()}  {text.rjust(size)}  {'#' * bar}".rstrip())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()


def _check(state: object, until: object, payments: object) -> tuple[LoanState, date, list[Payment]]:
    if not isinstance(state, LoanState):
        raise InvalidTypeError("state", state, "a loancalc.LoanState (from lc.assess)")
    if not isinstance(until, date) or isinstance(until, datetime):
        raise InvalidTypeError("until", until, "a datetime.date")
    as_of = state.as_of
    if until < as_of:
        raise InvalidValueError("until", until, f"a date on or after the state's as_of ({as_of})")
    if isinstance(payments, str | bytes) or not isinstance(payments, Iterable):
        raise InvalidTypeError("payments", payments, "a list of loancalc.Payment")
    given = list(payments)
    for index, payment in enumerate(given):
        if not isinstance(payment, Payment):
            raise InvalidTypeError(f"payments[{index}]", payment, "a loancalc.Payment")
        if not as_of < payment.date <= until:
            raise InvalidValueError(
                f"payments[{index}].date",
                payment.date,
                f"a date after the state's as_of ({as_of}) and on or before until ({until})",
            )
    return state, until, given


def project(
    state: LoanState,
    until: date,
    payments: Iterable[Payment] = (),
    *,
    agreement: Agreement | None = None,
) -> Projection:
    """The milestones ahead of the loan of ``state`` up to ``until``, if only
    ``payments`` (each dated after ``state.as_of``, up to ``until``) are made.

    The loan is assessed (:func:`~loancalc.servicing.assess.assess_dates`: one walk)
    with ``state``'s schedule, payments, waivers and
    rules, plus ``payments``, on every date something can change: each due date and the
    day after each end of grace (an end-of-day charge shows the next day), the days
    after late fees, the days the oldest unpaid instalment reaches each bucket,
    classification threshold and reporting delay (from its due date or end of grace, as
    the delinquency table counts; asked again from each date on which another
    instalment became the oldest), the payment dates and ``until``; on the
    actual-balance basis also the first day each cost cap cuts. A date becomes a
    milestone only if the assessment there differs from the one before. After a payment
    closes the loan, nothing more is listed.

    ``agreement``: the restructuring :class:`~loancalc.restructuring.Agreement` whose
    plan ``state`` assesses; the date it would be breached (by
    :func:`~loancalc.check_agreement` with every payment) is a ``breach`` milestone whose
    ``amount`` is what the breach makes due (reinstated and accelerated). When the
    agreement accelerates, the plan ends there and nothing after it is listed.

    Raises :class:`~loancalc.errors.InvalidValueError` naming ``until`` (before
    ``as_of``), ``payments[i].date`` (not after ``as_of``, or after ``until``) or
    ``agreement``.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> project(assess(s, [], date(2024, 2, 1)), date(2024, 1, 31))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: until: got datetime.date(2024, 1, 31); accepted: a ...
    >>> ahead = project(assess(s, [], date(2024, 1, 1)), date(2024, 4, 1),
    ...                 [Payment(date(2024, 2, 10), "1000")])
    >>> [(m.date.isoformat(), m.kind.value) for m in ahead.milestones]
    [('2024-02-01', 'falls-due'), ('2024-02-02', 'grace-ends'), ('2024-02-02', 'bucket'),
     ('2024-02-02', 'classification'), ('2024-02-02', 'reportable'),
     ('2024-02-10', 'bucket'), ('2024-02-10', 'classification'),
     ('2024-02-10', 'reportable'), ('2024-02-10', 'settled')]
    """
    state, until, given = _check(state, until, payments)
    everything = [*state.ledger_events, *given]
    status = breach_status(agreement, state, given, until)
    breach_on = None if status is None else status.breach_date
    if breach_on is not None and not state.as_of < breach_on <= until:
        breach_on = None
    paid_on = sorted({payment.date for payment in given})
    schedule, rules, waivers = state.schedule, state.rules, state.waivers

    def assessed(days: Iterable[date]) -> dict[date, LoanState]:
        wanted = sorted(set(days))
        states = assess_dates(schedule, everything, wanted, rules, waivers=waivers)
        return dict(zip(wanted, states, strict=True))

    dates = fixed_dates(state, until, paid_on) | delinquency_dates(state, until)
    if breach_on is not None:
        dates.add(breach_on)
    states = assessed(dates)
    while True:  # where another instalment became the oldest unpaid, count from it too
        more: set[date] = set()
        oldest = oldest_unpaid(state)
        for day in sorted(states):
            now = oldest_unpaid(states[day])
            if now != oldest:
                more |= delinquency_dates(states[day], until)
            oldest = now
        more -= states.keys()
        if not more:
            break
        states.update(assessed(more))
    cut = {hit.first_on for later in states.values() for hit in later.cap_hits}
    cut = {day for day in cut if state.as_of < day <= until} - states.keys()
    if cut:  # a cap first cuts between two dates: assess its first day too
        states.update(assessed(cut))
    return _projection(state, until, given, states, status if breach_on else None)


def _projection(
    state: LoanState,
    until: date,
    given: list[Payment],
    states: dict[date, LoanState],
    status: AgreementStatus | None,
) -> Projection:
    paid: dict[date, Decimal] = {}
    with decimal.localcontext(CONTEXT):
        for payment in given:
            paid[payment.date] = paid.get(payment.date, Decimal(0)) + payment.amount
    stop = None
    if status is not None and status.agreement.accelerate_on_breach:
        stop = status.breach_date  # the plan ends: the whole debt is due
    milestones: list[Milestone] = []
    debt = [(state.as_of, state.payoff_amount())]
    before = state
    for day in sorted(states):
        if stop is not None and day > stop:
            break
        after = states[day]
        figure = after.payoff_amount()
        debt.append((day, figure))
        if closed(before):
            before = after
            continue
        found = changes(before, after, paid.get(day))
        if status is not None and day == status.breach_date:
            found.append(breach_change(status))
        for kind, number, text, amount in found:
            milestones.append(
                Milestone(
                    date=day,
                    kind=kind,
                    installment=number,
                    description=text,
                    amount=amount,
                    days_past_due=after.days_past_due,
                    bucket=after.bucket,
                    amount_due=after.amount_due,
                    debt=figure,
                )
            )
        before = after
    milestones.sort(key=lambda m: (m.date, _ORDER[m.kind], m.installment or 0))
    return Projection(
        as_of=state.as_of,
        until=until,
        payments=tuple(sorted(given, key=lambda p: (p.date, p.amount, p.reference or ""))),
        milestones=tuple(milestones),
        debt=tuple(debt),
    )
