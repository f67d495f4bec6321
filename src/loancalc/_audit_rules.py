"""Each kind of legal limit applied to a loan's costs: what part of which charge it cuts.

:func:`cuts` takes one :class:`~loancalc.limits.LimitRule`, the loan's
:class:`~loancalc._audit_measure.Measure` and the amounts still lawful by component
(after the rules before it) and returns the :class:`Cut`\\ s: per component, the part
above the limit and the period it concerns. An excess is taken from the most junior
charges first: late fees, then fees, then compound interest, then penalty interest, then
interest (:data:`JUNIOR_FIRST`). Allowances are rounded up to the money grid (a charge
a fraction of a cent under a limit is never cut).

>>> taken = spread(Decimal("5"), {Component.PENALTY_INTEREST: Decimal("4"),
...                               Component.COMPOUND_INTEREST: Decimal("2")})
>>> [(component.value, amount) for component, amount in taken.items()]
[('compound-interest', Decimal('2')), ('penalty-interest', Decimal('3'))]
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from loancalc._audit_measure import Measure, overdue_room
from loancalc._audit_window import windowed
from loancalc.limits.rules import AppliesBy, LimitKind, LimitRule
from loancalc.money import CONTEXT, Rounding, RoundingMode
from loancalc.servicing import LoanState
from loancalc.servicing.components import Component
from loancalc.servicing.events import EventKind

__all__ = ["JUNIOR_FIRST", "Cut", "cuts", "spread"]

_ZERO = Decimal(0)
#: The order an excess is taken from the charges: the most junior first.
JUNIOR_FIRST = (
    Component.LATE_FEE,
    Component.FEE,
    Component.COMPOUND_INTEREST,
    Component.PENALTY_INTEREST,
    Component.INTEREST,
)
_REGULAR = (Component.INTEREST, Component.FEE)
_DEFAULT = (Component.PENALTY_INTEREST, Component.COMPOUND_INTEREST, Component.LATE_FEE)


@attrs.frozen(kw_only=True)
class Cut:
    """The part ``excess`` of ``component`` above a limit, over ``start`` .. ``end``;
    ``note`` says how the limit was measured."""

    component: Component
    excess: Decimal
    start: date
    end: date
    note: str


def spread(excess: Decimal, amounts: Mapping[Component, Decimal]) -> dict[Component, Decimal]:
    """``excess`` taken from ``amounts`` in :data:`JUNIOR_FIRST` order (never more than
    each amount; see the module docstring for an example)."""
    taken: dict[Component, Decimal] = {}
    with decimal.localcontext(CONTEXT):
        for component in JUNIOR_FIRST:
            have = amounts.get(component, _ZERO)
            if excess <= 0:
                break
            if have > 0:
                take = min(have, excess)
                taken[component] = take
                excess -= take
    return taken


def _up(value: Fraction, rounding: Rounding) -> Decimal:
    with decimal.localcontext(CONTEXT):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    return attrs.evolve(rounding, mode=RoundingMode.UP).apply(exact)


def _over(allowance: Decimal, amounts: Mapping[Component, Decimal]) -> dict[Component, Decimal]:
    with decimal.localcontext(CONTEXT):
        cost = sum(amounts.values(), _ZERO)
        return spread(cost - allowance, amounts) if cost > allowance else {}


def _pct(rate: Decimal) -> str:
    with decimal.localcontext(CONTEXT):
        return f"{(rate * 100).normalize():f} %"


def cuts(
    rule: LimitRule, m: Measure, lawful: Mapping[Component, Decimal], state: LoanState
) -> list[Cut]:
    """What ``rule`` cuts from the ``lawful`` amounts of the loan measured by ``m``."""
    if rule.kind is LimitKind.ALLOCATION_ORDER:  # see loancalc._audit_order
        return []
    covered = {c: lawful[c] for c in rule.components if lawful[c] > 0}
    rounding = state.schedule.terms.rounding
    if not covered:
        return []
    if rule.kind is LimitKind.FORBIDDEN:
        note = "not allowed at all"
        return [Cut(component=c, excess=v, start=m.contract, end=m.as_of, note=note)
                for c, v in covered.items()]  # fmt: skip
    if rule.kind is LimitKind.TOTAL_COST:
        assert rule.share is not None
        with decimal.localcontext(CONTEXT):
            allowance = rounding.apply(rule.share * m.advance)
        note = f"total cost at most {_pct(rule.share)} of the principal {m.advance}"
        note += _upfront_note(m)
        return [Cut(component=c, excess=v, start=m.contract, end=m.as_of, note=note)
                for c, v in _over(allowance, covered).items()]  # fmt: skip
    if rule.kind is LimitKind.FEE_CAP:
        return _fee_cap(rule, m, covered, state)
    until = rule.applies_to
    if rule.applies_by is not AppliesBy.CONTRACT_WINDOW or until is None or until >= m.regular_end:
        return _all_in(rule, m, covered, rounding)
    # The rule lapsed before the loan's end: only what accrued by its last day is measured,
    # less the share of it the rules before this one cut (a cut on the whole loan is
    # spread over its days in proportion).
    m, accrued = windowed(state, m, until)
    down = attrs.evolve(rounding, mode=RoundingMode.DOWN)
    inside = {}
    with decimal.localcontext(CONTEXT):
        for c, v in covered.items():
            whole = m.costs[c]
            grown = accrued.get(c, _ZERO)
            share = grown if v >= whole else down.apply(grown * v / whole)
            if share > 0:
                inside[c] = min(v, share)
    found = _all_in(rule, m, inside, rounding)
    return [attrs.evolve(cut, note=f"{cut.note}, for the days up to {until}") for cut in found]


def _fee_cap(
    rule: LimitRule, m: Measure, covered: Mapping[Component, Decimal], state: LoanState
) -> list[Cut]:
    assert rule.amount is not None
    have = covered.get(Component.LATE_FEE, _ZERO)
    with decimal.localcontext(CONTEXT):
        if rule.each:
            fees = [
                e.amounts.late_fee for e in state.events if e.kind is EventKind.LATE_FEE_CHARGED
            ]
            excess = sum((max(fee - rule.amount, _ZERO) for fee in fees), _ZERO)
            note = f"each late fee at most {rule.amount}"
        else:
            excess = max(have - rule.amount, _ZERO)
            note = f"late fees at most {rule.amount} in all"
        excess = min(excess, have)
    if not excess:
        return []
    return [Cut(component=Component.LATE_FEE, excess=excess, start=m.contract, end=m.as_of,
                note=note)]  # fmt: skip


def _upfront_note(m: Measure) -> str:
    """How an upfront fee was counted (nothing when there is none)."""
    if not m.upfront:
        return ""
    return (f" (the upfront fee {m.upfront} counted as a fee, on the advance net of it, "
            f"{m.advance})")  # fmt: skip


def _all_in(
    rule: LimitRule, m: Measure, covered: Mapping[Component, Decimal], rounding: Rounding
) -> list[Cut]:
    rate = rule.annual_rate(m.contract, m.days_per_year)
    found: list[Cut] = []
    regular = {c: v for c, v in covered.items() if c in _REGULAR}
    if regular and (m.regular or m.upfront):
        excess = _banded(rate, rule.paid_rate, m.regular, regular, m, rounding)
        note = f"all-in {_pct(rate)} a year on the principal outstanding" + _upfront_note(m)
        found += [Cut(component=c, excess=v, start=m.regular_start, end=m.regular_end, note=note)
                  for c, v in excess.items()]  # fmt: skip
    default = {c: v for c, v in covered.items() if c in _DEFAULT}
    if default and m.overdue_start is not None:
        runs_on = m.actual_balance and Component.INTEREST in rule.components
        room = overdue_room(rate, m) if runs_on else rate
        paid_room = None
        if rule.paid_rate is not None:
            paid_room = overdue_room(rule.paid_rate, m) if runs_on else rule.paid_rate
        excess = _banded(room, paid_room, m.overdue, default, m, rounding)
        basis = "less the contract rate, which runs on" if runs_on else "on its own"
        note = f"default charges at most {_pct(room)} a year on overdue principal ({basis})"
        found += [Cut(component=c, excess=v, start=m.overdue_start, end=m.as_of, note=note)
                  for c, v in excess.items()]  # fmt: skip
    return found


def _banded(  # noqa: PLR0917 -- the measure of one regime, in full
    rate: Decimal,
    paid_rate: Decimal | None,
    base: Fraction,
    amounts: Mapping[Component, Decimal],
    m: Measure,
    rounding: Rounding,
) -> dict[Component, Decimal]:
    """The excess above ``rate`` x ``base``. With a ``paid_rate`` (a natural obligation)
    amounts already paid are cut only above it: per component, the larger of the excess
    above the paid rate and the part of the excess above ``rate`` still unpaid."""
    above = _over(_up(Fraction(rate) * base, rounding), amounts)
    if paid_rate is None or not above:
        return above
    above_paid = _over(_up(Fraction(paid_rate) * base, rounding), amounts)
    result = {}
    for component, excess in above.items():
        unpaid = min(excess, max(m.outstanding.get(component, _ZERO), _ZERO))
        final = max(above_paid.get(component, _ZERO), unpaid)
        if final:
            result[component] = final
    return result
