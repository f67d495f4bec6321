"""The agreement a restructuring makes, and whether it was kept: :class:`Agreement`,
:class:`AgreementStatus` and :func:`check_agreement`.

An agreement records what was waived and on which condition (the plan is kept), what was
left due on signing, and the breach conditions of the product's
:class:`~loancalc.restructuring.RestructuringRules`: the plan is breached (协商后再逾期) on
the day one of its instalments (or the amount left due on signing) is
``breach_days_past_due`` days past due, or on the day the
``breach_missed_installments``-th instalment is missed (still unpaid after its grace). On
breach, the waived amounts come back (``reinstate_waived_on_breach``) and the whole
remaining balance is due on the breach date (``accelerate_on_breach``, 加速到期).

>>> from loancalc import LoanTerms, Payment, amortize
>>> plan = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
>>> deal = Agreement(date=date(2024, 1, 1), kind="re-instalment", schedule=plan,
...                  waived=Amounts(penalty_interest="30.00"), breach_days_past_due=30,
...                  reinstate_waived_on_breach=True, accelerate_on_breach=True)
>>> kept = check_agreement(deal, [Payment(date(2024, 2, 1), "500.00")], date(2024, 3, 1))
>>> kept.breached, kept.reinstated.total
(False, Decimal('0'))
>>> status = check_agreement(deal, [], date(2024, 3, 5))  # instalment 1 due 2024-02-01
>>> status.breached, status.breach_date, status.reinstated.penalty_interest, status.accelerated
(True, datetime.date(2024, 3, 2), Decimal('30.00'), Decimal('1000.00'))
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from loancalc._validation import check_date
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.money import CONTEXT
from loancalc.restructuring.breach import accelerated_debt, accelerated_schedule, breach_rules
from loancalc.restructuring.obligations import (
    Breach,
    Obligation,
    find_breach,
    missed_count,
    obligations,
)
from loancalc.restructuring.plan_rows import carried_over
from loancalc.restructuring.rules import RestructuringKind, RestructuringRules
from loancalc.schedule import Schedule
from loancalc.servicing import (
    Amounts,
    LateFeePolicy,
    LoanState,
    Payment,
    PenaltyPolicy,
    ServicingRules,
    assess,
)

__all__ = ["Agreement", "AgreementStatus", "check_agreement", "plan_rules"]

_ZERO = Decimal(0)


def _to_kind(value: object) -> RestructuringKind | str:
    if isinstance(value, str) and value in ("defer", "prepay"):
        return value
    return RestructuringKind.parse(value)


def _to_amounts(value: object) -> Amounts:
    if not isinstance(value, Amounts):
        raise InvalidTypeError("amounts", value, "a loancalc.servicing.Amounts")
    return value


def _to_rules(value: object) -> ServicingRules:
    if value is None:
        return ServicingRules()
    if not isinstance(value, ServicingRules):
        raise InvalidTypeError("rules", value, "a ServicingRules")
    return value


def _to_optional_rules(value: object) -> ServicingRules | None:
    return None if value is None else _to_rules(value)


def _optional_row(value: object) -> int | None:
    if value is not None and (type(value) is not int or value < 1):
        raise InvalidValueError("left_due_row", value, "None or a row number >= 1")
    return value


def _optional_days(value: object) -> int | None:
    if value is not None and (type(value) is not int or value < 1):
        raise InvalidValueError("breach", value, "None or a whole number >= 1")
    return value


@attrs.frozen(kw_only=True)
class Agreement:
    """What a restructuring agreed: the plan ``schedule`` from ``date``, of ``kind``.

    ``waived`` (by component): forgiven on the condition that the plan is kept.
    ``left_due`` (by component): what the restructuring left due on ``date``;
    ``left_due_row``: the row of ``schedule`` that asks for it (as
    :func:`~loancalc.restructure` makes plans), or None: then it is due on ``date``
    outside the schedule, and payments pay it first.
    ``breach_days_past_due`` / ``breach_missed_installments``: when the plan is breached
    (both None: never). ``reinstate_waived_on_breach``, ``accelerate_on_breach``: what a
    breach brings. ``rules``: the servicing rules the plan is assessed with (penalty and
    late fees off when the product stops them during a plan). ``count``: which
    restructuring of the loan this is (1 for the first). ``servicing``: the loan's own
    servicing rules, which apply to the accelerated debt after a breach (None: ``rules``).

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> Agreement(date=date(2024, 1, 1), kind="extend", schedule=s).condition
    'no breach conditions: the plan cannot be breached'
    """

    date: date
    kind: RestructuringKind | str = attrs.field(converter=_to_kind)
    schedule: Schedule
    waived: Amounts = attrs.field(factory=Amounts, converter=_to_amounts)
    left_due: Amounts = attrs.field(factory=Amounts, converter=_to_amounts)
    breach_days_past_due: int | None = attrs.field(default=None, converter=_optional_days)
    breach_missed_installments: int | None = attrs.field(default=None, converter=_optional_days)
    reinstate_waived_on_breach: bool = False
    accelerate_on_breach: bool = False
    rules: ServicingRules = attrs.field(factory=ServicingRules, converter=_to_rules)
    count: int = 1
    servicing: ServicingRules | None = attrs.field(default=None, converter=_to_optional_rules)
    left_due_row: int | None = attrs.field(default=None, converter=_optional_row)

    @property
    def servicing_rules(self) -> ServicingRules:
        """The loan's own servicing rules, which apply again once the plan is breached
        (``servicing``; ``rules`` when None)."""
        return self.rules if self.servicing is None else self.servicing

    @property
    def condition(self) -> str:
        """The condition of the agreement, in words."""
        limits = []
        if self.breach_days_past_due is not None:
            limits.append(f"no instalment {self.breach_days_past_due} days past due")
        if self.breach_missed_installments is not None:
            limits.append(f"fewer than {self.breach_missed_installments} missed instalments")
        if not limits:
            return "no breach conditions: the plan cannot be breached"
        return "the plan is kept: " + " and ".join(limits)


def plan_rules(servicing: ServicingRules, rules: RestructuringRules | None) -> ServicingRules:
    """The servicing rules a plan is assessed with: ``servicing``, with no penalty, compound
    interest or late fee when ``rules`` stop them during a plan (停息挂账); on the
    actual-balance basis, see :func:`~loancalc.restructuring.plan_rows.carried_over`.

    >>> r = RestructuringRules(allowed=True, kinds=("extend",), breach_days_past_due=30)
    >>> plan_rules(ServicingRules(), r).penalty.charges_anything
    False
    """
    servicing = carried_over(servicing)
    if rules is not None and rules.penalty_stops_during_plan:
        return servicing.replace(penalty=PenaltyPolicy(), late_fee=LateFeePolicy())
    return servicing


@attrs.frozen(kw_only=True)
class AgreementStatus:
    """The agreement on ``as_of``: ``breached`` and ``breach_date``; ``reinstated`` (the
    waived amounts brought back, by component); ``accelerated`` (the whole remaining
    balance due on the breach date, when the agreement says so; else 0); ``plan`` (the
    plan assessed on ``as_of``); ``left_due_paid_on`` (when the amount left due on signing
    was paid in full; None if it is not); ``missed_installments`` (by ``as_of``).
    ``breach``: the :class:`~loancalc.restructuring.obligations.Breach` (its date, the
    :class:`~loancalc.restructuring.obligations.Obligation` whose miss caused it, with
    its row number, due date and amount, and the condition met), or None.
    ``days_past_due``: the plan's, on ``as_of``: of its oldest unpaid obligation; after
    a breach that accelerates, from the first obligation missed and still unpaid on the
    breach date, until the accelerated debt is paid.

    After a breach that accelerates (else None): ``due_on_breach``, what falls due on the
    breach date by component (accelerated and reinstated); ``breach_schedule``, one
    instalment due on the breach date holding it (charges in its fee column: see
    :mod:`~loancalc.restructuring.breach`); ``breach_rules``, the loan's own servicing
    rules without grace; and ``after_breach``, ``lc.assess`` of that schedule on
    ``as_of`` with those rules and the payments made after the breach date: everything
    overdue from the breach date, penalty interest running on the principal from then.
    Assess it on a later date the same way:
    ``lc.assess(status.breach_schedule, payments, day, status.breach_rules)``.

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> deal = Agreement(date=date(2024, 1, 1), kind="extend", schedule=s,
    ...                  breach_days_past_due=30, accelerate_on_breach=True)
    >>> status = check_agreement(deal, [], date(2024, 3, 10))  # row 1 due 2024-02-01
    >>> status.breach.obligation.describe(), status.breach_date, status.days_past_due
    ('row 1, due 2024-02-01, 500.00', datetime.date(2024, 3, 2), 38)
    """

    agreement: Agreement
    as_of: date
    breached: bool
    breach_date: date | None
    reinstated: Amounts
    accelerated: Decimal
    plan: LoanState
    left_due_paid_on: date | None
    missed_installments: int
    due_on_breach: Amounts | None = None
    breach_schedule: Schedule | None = None
    breach_rules: ServicingRules | None = None
    after_breach: LoanState | None = None
    breach: Breach | None = None
    days_past_due: int = 0

    @property
    def owed_on_breach(self) -> Decimal:
        """``accelerated + reinstated``: what the breach makes due (0 if not breached)."""
        with decimal.localcontext(CONTEXT):
            return self.accelerated + self.reinstated.total


def _split_payments(
    outside: Amounts, signed: date, payments: list[Payment]
) -> tuple[list[Payment], date | None]:
    """Payments first pay what was left due on signing (``signed``) ``outside`` the
    schedule (see :func:`_outside`); the rest go to the plan. Also the day what was
    outside was paid in full (None if it is not)."""
    owed = outside.total
    paid_on = signed if not owed else None
    plan: list[Payment] = []
    with decimal.localcontext(CONTEXT):
        for payment in sorted(payments, key=lambda p: (p.date, p.amount, p.reference or "")):
            if owed:
                cut = min(owed, payment.amount)
                owed -= cut
                if not owed:
                    paid_on = payment.date
                if cut == payment.amount:
                    continue
                plan.append(attrs.evolve(payment, amount=payment.amount - cut))
                continue
            plan.append(payment)
    return plan, paid_on


def _outside(agreement: Agreement) -> Amounts:
    """What was left due on signing outside the plan's schedule (none when a row of the
    schedule asks for it)."""
    return agreement.left_due if agreement.left_due_row is None else Amounts()


def _settled_on(state: LoanState, payments: list[Payment]) -> date | None:
    """The day the plan was settled (paid off early with its settlement quote, or paid
    in full: the last payment, when nothing is owed on ``as_of``): nothing falling due
    after it is missed."""
    settled = state.settled_on
    if settled is None and payments and not state.total_outstanding:
        settled = max(payment.date for payment in payments)
    return settled


def check_agreement(
    agreement: Agreement, payments: Iterable[Payment], as_of: date
) -> AgreementStatus:
    """Whether ``agreement`` was kept up to ``as_of``, given the ``payments`` made on it.

    Payments (dated on or after the agreement; those after ``as_of`` are left out) pay
    the plan, which is assessed with the agreement's rules (an agreement whose amount
    left due on signing is outside its schedule: they pay that first). The breach date
    is the first day a breach condition holds (see
    :mod:`~loancalc.restructuring.obligations`; a plan settled with its settlement quote
    misses nothing after); ``breach`` names the obligation whose miss caused it. On
    breach, ``reinstated`` holds what was waived (when the agreement reinstates) and
    ``accelerated`` what closes the plan on the breach date (the plan's payoff then, plus
    what is still owed of an amount left due outside it), when the agreement accelerates.

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=100, annual_rate=0, term=1, start=date(2024, 1, 1)))
    >>> deal = Agreement(date=date(2024, 1, 1), kind="extend", schedule=s)
    >>> check_agreement(deal, [], date(2023, 12, 1))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: as_of: got datetime.date(2023, 12, 1); accepted: a date ...
    """
    if not isinstance(agreement, Agreement):
        raise InvalidTypeError("agreement", agreement, "a loancalc Agreement")
    as_of = check_date(as_of, "as_of")  # type: ignore[assignment]
    if as_of < agreement.date:
        raise InvalidValueError(
            "as_of", as_of, f"a date on or after the agreement's date ({agreement.date})"
        )
    if isinstance(payments, str | bytes) or not isinstance(payments, Iterable):
        raise InvalidTypeError("payments", payments, "a list of loancalc.Payment")
    given = list(payments)
    for index, payment in enumerate(given):
        if not isinstance(payment, Payment):
            raise InvalidTypeError(f"payments[{index}]", payment, "a loancalc.Payment")
        if payment.date < agreement.date:
            raise InvalidValueError(
                f"payments[{index}].date",
                payment.date,
                f"a date on or after the agreement's date ({agreement.date})",
            )
    kept = [payment for payment in given if payment.date <= as_of]
    outside = _outside(agreement)
    row = agreement.left_due_row
    plan_payments, left_paid_on = (
        (kept, None) if row is not None else _split_payments(outside, agreement.date, kept)
    )
    state = assess(agreement.schedule, plan_payments, as_of, agreement.rules)
    if row is not None:  # a row of the plan asks for what was left due
        left_paid_on = state.installments[row - 1].paid_in_full_on
    settled = _settled_on(state, plan_payments)
    found = obligations(agreement.schedule, state, agreement.date, outside, left_paid_on)
    breach = find_breach(
        found,
        as_of,
        days=agreement.breach_days_past_due,
        missed=agreement.breach_missed_installments,
        settled_on=settled,
    )
    reinstated = Amounts()
    accelerated = _ZERO
    owed: Amounts | None = None
    schedule: Schedule | None = None
    rules: ServicingRules | None = None
    after: LoanState | None = None
    days_past_due = state.days_past_due
    if breach is not None:
        if agreement.reinstate_waived_on_breach:
            reinstated = agreement.waived
        if agreement.accelerate_on_breach:
            owed = _accelerated(agreement, outside, kept, breach.date, reinstated)
            accelerated = (owed - reinstated).total
            basis = agreement.servicing_rules.interest_basis
            schedule = accelerated_schedule(
                agreement.schedule, agreement.date, breach.date, owed, basis=basis
            )
            rules = breach_rules(agreement.servicing_rules, signed=agreement.date,
                                 breach=breach.date)  # fmt: skip
            later = [payment for payment in kept if payment.date > breach.date]
            after = assess(schedule, later, as_of, rules)
            days_past_due = _days_past_due(found, breach.date, as_of, after)
    elif outside.total and left_paid_on is None:
        days_past_due = max(days_past_due, (as_of - agreement.date).days)
    return AgreementStatus(
        agreement=agreement,
        as_of=as_of,
        breached=breach is not None,
        breach_date=None if breach is None else breach.date,
        reinstated=reinstated,
        accelerated=accelerated,
        plan=state,
        left_due_paid_on=left_paid_on,
        missed_installments=missed_count(found, as_of, settled),
        due_on_breach=owed,
        breach_schedule=schedule,
        breach_rules=rules,
        after_breach=after,
        breach=breach,
        days_past_due=days_past_due,
    )


def _days_past_due(
    found: tuple[Obligation, ...], breach: date, as_of: date, after: LoanState
) -> int:
    """After an accelerating breach: the plan's days past due on ``as_of``, from the
    first obligation still unpaid on the breach date (0 once the accelerated debt is
    paid)."""
    if not after.total_outstanding:
        return 0
    unpaid = [ob.due_date for ob in found if ob.unpaid_on(breach) and ob.due_date <= breach]
    return (as_of - min(unpaid)).days if unpaid else after.days_past_due


def _accelerated(
    agreement: Agreement,
    outside: Amounts,
    payments: list[Payment],
    breach: date,
    reinstated: Amounts,
) -> Amounts:
    """What falls due on the breach date, by component: the plan's payoff then, what is
    still owed of the amount left due on signing ``outside`` the plan, and
    ``reinstated``."""
    before = [payment for payment in payments if payment.date <= breach]
    plan_payments, _ = _split_payments(outside, agreement.date, before)
    state = assess(agreement.schedule, plan_payments, breach, agreement.rules)
    with decimal.localcontext(CONTEXT):
        paid_to_left = sum((p.amount for p in before), _ZERO) - sum(
            (p.amount for p in plan_payments), _ZERO
        )
    return accelerated_debt(state, breach, outside, paid_to_left, reinstated)
