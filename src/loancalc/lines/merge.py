"""A negotiated plan (协商还款) merging draws of a credit line: :func:`merge_draws` and
:class:`LinePlan`.

The debt of each merged draw on the signing day is taken by part exactly as
``lc.restructure`` takes a loan's (:func:`~loancalc.restructuring.debt.debt_on`), the
parts are added up, and the sum is split the same way (waived on condition, paid by a
down payment and the credit held, carried, capitalised, or left due in a row of the plan)
into one re-instalment plan from the signing day, checked against the product's
restructuring limits. The plan's :class:`~loancalc.restructuring.Agreement` carries the
product's breach rules, so ``lc.check_agreement`` (or :meth:`LinePlan.check`) says whether
it was kept (协商后再逾期: what was waived comes back, the rest falls due at once).

>>> from datetime import date
>>> from loancalc.lines import CreditLine, Draw
>>> line = CreditLine(limit=20000, product="cn-daily-rate-credit-line",
...                   opened=date(2024, 1, 1),
...                   draws=[Draw(on=date(2024, 1, 1), amount=9000, term=3),
...                          Draw(on=date(2024, 1, 15), amount=6000, term=3)])
>>> plan = merge_draws(line.assess([], date(2024, 3, 1)), date(2024, 3, 1), term=12,
...                    waive=["penalty-interest", "compound-interest"])
>>> plan.merged, plan.breakdown.debt == line.assess([], date(2024, 3, 1)).payoff_amount()
((1, 2), True)
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from loancalc._validation import amount as read_amount
from loancalc._validation import check_date
from loancalc.amortization import amortize
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.lineage import LineageEntry, counted
from loancalc.lines.state import DrawState, LineState
from loancalc.money import CONTEXT
from loancalc.rates import annual_rate as parse_rate
from loancalc.restructuring import Agreement, AgreementStatus, Breakdown, check_agreement
from loancalc.restructuring.agreement import plan_rules
from loancalc.restructuring.breakdown import split
from loancalc.restructuring.debt import Debt, DebtPart, debt_on
from loancalc.restructuring.engine import capitalized_parts, parts_of
from loancalc.restructuring.kinds import planner
from loancalc.restructuring.limits import Proposal, check_limits, restructuring_rules
from loancalc.restructuring.plan_rows import printed_plan
from loancalc.restructuring.rules import RestructuringKind, RestructuringRules
from loancalc.schedule import Schedule
from loancalc.servicing import Payment
from loancalc.terms import MAX_PRINCIPAL, Method

__all__ = ["LinePlan", "merge_draws"]

_ZERO = Decimal(0)


@attrs.frozen(kw_only=True)
class LinePlan:
    """A plan merging draws of a line, signed ``on``: the draw numbers ``merged``, the
    ``debts`` of each merged draw (by part, in the order of ``merged``), the
    ``breakdown`` of their sum, the plan's ``schedule`` and its ``agreement``, and the
    ``down_payment`` and ``credit_applied`` (credit the draws and the line held). The
    draws not merged (``kept``) go on as they were.

    >>> LinePlan.__name__
    'LinePlan'
    """

    on: date
    state: LineState
    merged: tuple[int, ...]
    debts: tuple[Mapping[DebtPart, Decimal], ...]
    breakdown: Breakdown
    schedule: Schedule
    agreement: Agreement
    down_payment: Decimal
    credit_applied: Decimal

    @property
    def kept(self) -> tuple[int, ...]:
        """The numbers of the draws the plan leaves as they were."""
        return tuple(d.number for d in self.state.draws if d.number not in self.merged)

    def check(self, payments: Iterable[Payment], as_of: date) -> AgreementStatus:
        """Whether the plan was kept by ``as_of``: ``lc.check_agreement`` of its agreement.

        >>> LinePlan.check.__name__
        'check'
        """
        return check_agreement(self.agreement, payments, as_of)


def merge_draws(
    state: LineState,
    on: date,
    *,
    draws: str | Iterable[int] = "overdue",
    term: int | None = None,
    annual_rate: object = None,
    method: Method | str | None = None,
    waive: Iterable[Any] = (),
    capitalize: Iterable[Any] | None = None,
    down_payment: object = 0,
    rules: object = None,
    kind: RestructuringKind | str = RestructuringKind.RE_INSTALMENT,
) -> LinePlan:
    """Merge draws of the line ``state`` describes into one plan on ``on``: a
    re-instalment (二次分期, the default: every part the rules let it capitalised) or an
    extension (``kind="extend"``: only principal carried by default, the interest and
    charges owed left due on signing as a row of the plan).

    ``draws``: ``"overdue"`` (the draws past due on ``state.as_of``), ``"all"`` (every
    draw owing something) or the draws' numbers. ``term``: the plan's instalments
    (default: the most any merged draw had left, at least 1). ``annual_rate``, ``method``:
    the merged draws' own when they share one (a rate must be given when they differ).
    ``waive``, ``capitalize``, ``down_payment``: as in ``lc.restructure`` (capitalised by
    default: every part the rules let it). ``rules``: restructuring rules or product rules
    holding them (default: the line's product). A merge counts as a restructuring of each
    merged draw: what the rules refuse raises
    :class:`~loancalc.restructuring.RestructuringNotAllowed`.

    >>> from loancalc.lines import CreditLine, Draw
    >>> line = CreditLine(limit=1000, product="cn-daily-rate-credit-line",
    ...                   opened=date(2024, 1, 1),
    ...                   draws=[Draw(on=date(2024, 1, 1), amount=1000, term=3)])
    >>> merge_draws(line.assess([], date(2024, 1, 10)), date(2024, 1, 10))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: draws: got 'overdue'; accepted: ... no draw is past due ...
    """
    if not isinstance(state, LineState):
        raise InvalidTypeError("state", state, "a LineState (from assess_line)")
    check_date(on, "on")
    if on < state.as_of:
        raise InvalidValueError("on", on, f"a date on or after the state's as_of ({state.as_of})")
    product = state.product
    limits = restructuring_rules(product if rules is None else rules)
    plan_kind = _merge_kind(kind)
    chosen = _chosen(state, draws)
    debts = [debt_on(d.state, on) for d in chosen]
    parts = _summed(debts)
    waived = parts_of(waive, "waive")
    capitalized = capitalized_parts(
        plan_kind, planner(plan_kind).capitalize_by_default, capitalize, waived, limits
    )
    rate = _rate(chosen, annual_rate, product.days_per_year)
    new_method = _method(chosen, method)
    plan_term = term if term is not None else max([len(d.remaining) for d in debts] + [1])
    paid = read_amount(down_payment, "down_payment", high=MAX_PRINCIPAL)
    with decimal.localcontext(CONTEXT):
        credit = sum((d.credit for d in debts), state.line_credit)
        total = sum(parts.values(), _ZERO)
        payable = total - sum((parts[p] for p in waived), _ZERO)
    count = max(counted(d.state.schedule.lineage) for d in chosen) + 1
    check_limits(
        limits,
        Proposal(
            kind=plan_kind,
            count=count,
            rate=rate,
            waived=tuple(p for p in DebtPart if p in waived),
            capitalized=tuple(p for p in DebtPart if p in capitalized),
            down_payment=lambda: (paid + min(credit, payable), total),
            term=lambda: plan_term,
        ),
    )
    if paid + credit >= payable:
        raise InvalidValueError(
            "down_payment",
            paid,
            f"less than the debt payable on {on} ({payable}, with {credit} credit held): "
            "paying all of it settles the draws (see LineState.payoff_amount)",
        )
    breakdown = split(parts, waive=waived, capitalize=capitalized, pool=paid + credit)
    if breakdown.new_principal <= 0:
        raise InvalidValueError(
            "down_payment", paid, "an amount leaving some principal for the new schedule"
        )
    terms = product.terms(
        principal=breakdown.new_principal,
        term=plan_term,
        start=on,
        annual_rate=rate,
        method=new_method,
    )
    servicing = product.servicing
    schedule, left_row = printed_plan(
        amortize(terms), breakdown.left_due_amounts, limits, servicing, signed=on
    )
    entry = LineageEntry(
        count=count,
        date=on,
        kind=plan_kind.value,
        debt=breakdown.debt,
        paid=breakdown.paid,
        capitalized=breakdown.capitalized,
        waived=breakdown.waived,
        left_due=breakdown.left_due,
        new_principal=breakdown.new_principal,
    )
    schedule = attrs.evolve(schedule, lineage=(entry,))
    agreement = _agreement(on, schedule, breakdown, limits, servicing, count, left_row, plan_kind)
    return LinePlan(
        on=on,
        state=state,
        merged=tuple(d.number for d in chosen),
        debts=tuple(d.parts for d in debts),
        breakdown=breakdown,
        schedule=schedule,
        agreement=agreement,
        down_payment=paid,
        credit_applied=min(credit, breakdown.paid),
    )


def _chosen(state: LineState, draws: object) -> list[DrawState]:
    if draws == "overdue":
        chosen = [d for d in state.draws if d.state.days_past_due > 0]
        if not chosen:
            raise InvalidValueError(
                "draws", draws, f"'all' or draws' numbers: no draw is past due on {state.as_of}"
            )
        return chosen
    owing = [d for d in state.draws if d.state.total_outstanding > 0]
    if draws == "all":
        numbers = [d.number for d in owing]
    elif isinstance(draws, str | bytes) or not isinstance(draws, Iterable):
        raise InvalidTypeError("draws", draws, "'overdue', 'all' or a list of draws' numbers")
    else:
        numbers = list(draws)
    known = {d.number: d for d in owing}
    accepted = "'overdue', 'all' or numbers of draws owing something: " + (
        ", ".join(str(n) for n in known) or "none"
    )
    if not numbers or any(n not in known for n in numbers) or len(set(numbers)) < len(numbers):
        raise InvalidValueError("draws", draws, accepted)
    return [known[n] for n in sorted(numbers)]


def _summed(debts: list[Debt]) -> Mapping[DebtPart, Decimal]:
    with decimal.localcontext(CONTEXT):
        return MappingProxyType(
            {part: sum((d.parts[part] for d in debts), _ZERO) for part in DebtPart}
        )


def _rate(chosen: list[DrawState], annual_rate: object, days_per_year: int) -> Decimal:
    if annual_rate is not None:
        return parse_rate(annual_rate, field="annual_rate", days_per_year=days_per_year)
    rates = {d.state.schedule.terms.annual_rate for d in chosen}
    if len(rates) > 1:
        raise InvalidValueError(
            "annual_rate",
            None,
            "a rate for the plan: the merged draws have different rates ("
            + ", ".join(str(r) for r in sorted(rates))
            + ")",
        )
    return rates.pop()


def _method(chosen: list[DrawState], method: Method | str | None) -> Method:
    if method is not None:
        return Method.parse(method)
    methods = {d.state.schedule.terms.method for d in chosen}
    if len(methods) > 1:
        raise InvalidValueError(
            "method", None, "a method for the plan: the merged draws have different methods"
        )
    return methods.pop()


def _agreement(  # noqa: PLR0917 -- the parts of one agreement
    on: date,
    schedule: Schedule,
    breakdown: Breakdown,
    limits: RestructuringRules | None,
    servicing: Any,
    count: int,
    left_row: int | None,
    kind: RestructuringKind,
) -> Agreement:
    return Agreement(
        date=on,
        kind=kind,
        schedule=schedule,
        waived=breakdown.waived_amounts,
        left_due=breakdown.left_due_amounts,
        breach_days_past_due=None if limits is None else limits.breach_days_past_due,
        breach_missed_installments=None if limits is None else limits.breach_missed_installments,
        reinstate_waived_on_breach=limits is not None and limits.reinstate_waived_on_breach,
        accelerate_on_breach=limits is not None and limits.accelerate_on_breach,
        rules=plan_rules(servicing, limits),
        count=count,
        servicing=servicing,
        left_due_row=left_row,
    )


#: The kinds a merge of draws may take.
_MERGE_KINDS = (RestructuringKind.RE_INSTALMENT, RestructuringKind.EXTEND)


def _merge_kind(kind: RestructuringKind | str) -> RestructuringKind:
    """``kind`` checked: a re-instalment or an extension.

    >>> _merge_kind("extend").value
    'extend'
    >>> _merge_kind("re-age")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: kind: got 're-age'; accepted: re-instalment or extend ...
    """
    parsed = kind if isinstance(kind, RestructuringKind) else RestructuringKind.parse(kind)
    if parsed not in _MERGE_KINDS:
        raise InvalidValueError(
            "kind", kind, "re-instalment or extend (a merge of draws is one or the other)"
        )
    return parsed
