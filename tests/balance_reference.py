"""A slow, exact, day-by-day reference for the actual-balance basis (notes: actual_spec.md).

Written from the spec alone, without the engine's code: ``Fraction`` arithmetic, one step
per calendar day from the advance to ``as_of``, its own year fractions (ACT/360, ACT/365F,
ACT/ACT ISDA: the day ``(d - 1, d]`` weighs 1/360, 1/365, or 1/365 or 1/366 by the year
of ``d - 1``), its own rounding and allocation. It reads from loancalc only the inputs
(terms, rows, rules' values and the penalty policy's own annual rates) and the due dates
and ends of grace (``loancalc.servicing.dates.installment_dates``).

Every day ``d`` after the advance adds its interest (on the balances as they stood after
the previous date of the walk) to the running span; on each date of the walk (the spec's
list) the span is closed and the spec's steps run in order: 1. the span's accrual, cut by
the caps; 2. posting (contract interest rounded per period, penalty and compound
loan-wide); 3. demands; 4. payments; then the end of the day: 5. the end of a conditional
interest-free window; 6. ends of grace and late fees. The end of the day never comes on
``as_of``, a day not yet over: what is assessed on a day is what paying that day
settles, and paying on it still avoids those steps (they show from ``as_of`` the day
after, dated the day). Decisions where the spec is open are marked ``DECISION``.

Decisions (the engine's, read from it where the spec's text was open or said otherwise,
so that the two agree; each is reported for the spec):

- the interest-free end runs after the day's payments (repaying on day D0 + N is within
  the window), and the window's interest is forgiven if nothing is owed then;
- unconditional interest-free days win over a promotional rate on the same days;
- caps cut the last part first: pending (retroactive) penalty, compound, penalty,
  contract interest; the daily cap is per span (``s x p x days``; per day would differ
  only where ACT/ACT ISDA weights change within a span); what may be posted is each
  cap's allowance floored to the grid less what was posted, cumulatively (the daily cap
  counting interest of all kinds only);
- interest of conditional interest-free days is not a cost for the total and annual caps
  until it is charged (then it is cut to their room);
- retroactive penalty accrues day by day in grace on the demand's unpaid parts (over the
  overdue demands) and is charged at the end of grace if the demand is still unpaid,
  forgiven if it was paid (the spec says "on the part of it unpaid now");
- periods of contract interest end on the scheduled (unrolled) due dates; demands fall
  on the effective ones;
- dates of the walk: the advance, as_of, every due date and end of grace, scheduled due
  dates, payments, promotion edges, D0 + N and repeated late-fee dates (scheduled while
  the demand is unpaid when a fee is charged);
- a late fee: fixed or share (rounded), then minimum, maximum, cap_total, the default-fee
  cap, then the room under the total and annual caps, floored to the grid.
- what is overdue (issue 24): a demand asks for the interest and fees charged that no
  earlier demand asked for (the last: those owed less what the earlier ones asked for
  and was not repaid); the overdue principal of a group of demands is the principal
  asked by every demand fallen due up to its newest, less the principal repaid, within
  the group's unpaid amount and the principal owed; the overdue interest likewise,
  within what is left (first asked, first repaid, whatever the payments' labels);
- a financed fee (``Fees.financed``): each instalment's part of it is its fee beyond the
  periodic fee; settling makes the parts of the instalments not yet fallen due due at
  once: the settlement figure adds them (as the caps would let them be charged), and a
  payment that, with the credit held, covers the figure is charged them as a fee (through
  the caps, as a fee falling due) before it is allocated; the loan is owed (fees keep
  falling due, a conditional window is not repaid) while any of them is to fall due.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from loancalc.calendar import BusinessDays  # the calendar input of installment_dates
from loancalc.servicing.dates import installment_dates
from servicing_reference import (  # the scheduled basis's reference: rounding and day weights
    COMP,
    COMPONENTS,
    DAY,
    FEE,
    INT,
    LATE,
    PEN,
    P,
    day_weight,
    round_to,
)

ZERO = Fraction(0)
CONTRACT = (P, INT, FEE)


def span_fraction(day_count: str, start: date, end: date) -> Fraction:
    """The year fraction of ``(start, end]``, day by day."""
    total = ZERO
    day = start + DAY
    while day <= end:
        total += day_weight(day_count, day)
        day += DAY
    return total


def dec(value: Fraction) -> Decimal:
    """A Fraction on the money grid as a Decimal (exact for grid values)."""
    return Decimal(value.numerator) / Decimal(value.denominator)


@dataclass
class Line:
    """One statement-like line: a date of the walk and what it did."""

    date: date
    interest: Fraction  # contract interest posted on this date
    charges: Fraction  # fees, penalty, compound and late fees added on this date
    scheduled: Fraction  # demand falling due
    paid: Fraction
    principal: Fraction
    interest_balance: Fraction
    charges_balance: Fraction
    arrears: Fraction
    balance: Fraction


@dataclass
class Result:
    """What the reference says about a loan on ``as_of``."""

    balances: tuple[Fraction, ...]  # p, i, f, q, c, l
    credit: Fraction
    interest: Fraction  # contract interest posted (charged)
    fees: Fraction
    penalty: Fraction
    compound: Fraction
    late_fees: Fraction
    arrears: Fraction
    days_past_due: int
    statement: list[Line]
    settlement: Fraction  # what closes the loan on as_of: the balance after its payments
    cap_hits: dict[str, list[date]] = field(default_factory=dict)
    lapsed: bool = False  # a conditional interest-free window lapsed
    short: set[int] = field(default_factory=set)  # see reference (fees on due dates)

    @property
    def outstanding(self) -> tuple[Decimal, ...]:
        return tuple(dec(v) for v in self.balances)


class _Demand:
    def __init__(  # noqa: PLR0917
        self, k: int, scheduled_due: date, due: date, grace_end: date, payment: Fraction,
        fee: Fraction,
    ) -> None:  # fmt: skip
        self.k = k
        self.scheduled_due = scheduled_due
        self.due = due
        self.grace_end = grace_end
        self.scheduled = payment
        self.fee = fee
        self.parts = [ZERO, ZERO, ZERO]  # principal, interest, fee of what fell due
        self.unpaid = ZERO
        self.fallen = False
        self.overdue = False
        self.pending = [ZERO, ZERO]  # retroactive penalty and compound accrued in grace

    def cover(self, money: Fraction) -> Fraction:
        """Money paid to p, i, f pays this demand (DECISION, issue 24: whichever part it
        was paid to; what is overdue follows from the balances, see ``split``)."""
        pay = min(money, self.unpaid)
        self.unpaid -= pay
        return money - pay


def _cut_last_first(parts: list[Fraction], excess: Fraction) -> None:
    """Take ``excess`` off ``parts``, the last first (compound before penalty before
    interest: DECISION, the engine's order)."""
    for index in range(len(parts) - 1, -1, -1):
        if excess <= 0:
            return
        take = min(parts[index], excess)
        parts[index] -= take
        excess -= take


def reference(schedule: Any, payments: Any, as_of: date, rules: Any) -> Result:
    """The loan on ``as_of``. Late fees charged on the due date: a demand is charged one
    on its due date (before that day's money) when it is left short at the end of its
    grace with those fees charged, found by walking again until that set is stable."""
    if not rules.late_fee.dated_on_due_date:
        return _reference(schedule, payments, as_of, rules, frozenset())
    first: frozenset[int] = frozenset()
    while True:
        found = _reference(schedule, payments, as_of, rules, first)
        if found.short <= first:
            return found
        first |= found.short


def _reference(
    schedule: Any, payments: Any, as_of: date, rules: Any, first: frozenset[int]
) -> Result:
    """The loan on ``as_of``, given the demands charged a late fee on their due date. A
    conditional interest-free window that lapsed (the loan
    not repaid in full by the end of its last day, a day before ``as_of``) leaves the
    loan as if there had been no window (issue 21): the walk without it, whose statement
    takes the window's own lines up to its last day, then one line on that day with the
    balances of the walk without the window and what it charged more."""
    result = _walk(schedule, payments, as_of, rules, first=first)
    free = rules.interest_free
    if free is None or not free.conditional or not result.lapsed:
        return result
    end = schedule.terms.start + timedelta(days=free.days)
    before = [
        x for x in _walk(schedule, payments, end, rules, first=first).statement if x.date < end
    ]
    # the window's last day stays a date of the walk (interest is posted on it)
    after = _walk(
        schedule, payments, as_of, rules.replace(interest_free=None), also=end, first=first
    )
    upto = [x for x in after.statement if x.date <= end]
    last = upto[-1]
    lapse = Line(
        date=end,
        scheduled=sum((x.scheduled for x in upto), ZERO) - sum((x.scheduled for x in before), ZERO),
        paid=sum((x.paid for x in upto), ZERO) - sum((x.paid for x in before), ZERO),
        interest=sum((x.interest for x in upto), ZERO) - sum((x.interest for x in before), ZERO),
        charges=sum((x.charges for x in upto), ZERO) - sum((x.charges for x in before), ZERO),
        principal=last.principal,
        interest_balance=last.interest_balance,
        charges_balance=last.charges_balance,
        arrears=last.arrears,
        balance=last.balance,
    )
    after.statement = [*before, lapse, *(x for x in after.statement if x.date > end)]
    return after


def _walk(  # noqa: PLR0917
    schedule: Any,
    payments: Any,
    as_of: date,
    rules: Any,
    also: date | None = None,
    first: frozenset[int] = frozenset(),
) -> Result:
    """Walk the loan day by day up to ``as_of`` (a lapsed window: see :func:`reference`)."""
    terms = schedule.terms
    quantum = Fraction(terms.rounding.quantum)
    mode = terms.rounding.mode.value

    def rnd(x: Fraction) -> Fraction:
        return round_to(x, quantum, mode)

    def floor(x: Fraction) -> Fraction:
        return round_to(x, quantum, "ROUND_FLOOR")

    dc = terms.day_count.value
    rate = Fraction(terms.annual_rate)
    start = terms.start
    principal0 = Fraction(terms.principal)

    calendar = terms.business_days or BusinessDays()
    dates = installment_dates(schedule, rules.grace, calendar)
    demands = [
        _Demand(k, row.due_date, due, end, Fraction(row.payment), Fraction(row.fee))
        for (k, due, end, _), row in zip(dates, schedule.installments, strict=True)
    ]
    n = len(demands)
    # a financed fee: the part of each instalment's fee beyond the periodic fee repays
    # it; settling makes the parts of the instalments not yet fallen due due at once
    fees = terms.fees
    financed_parts = [ZERO] * n
    if fees.financed or fees.financed_rate:
        periodic = rnd(Fraction(fees.per_period) + principal0 * Fraction(fees.per_period_rate))
        financed_parts = [max(d.fee - periodic, ZERO) for d in demands]
    financed_left = sum(financed_parts, ZERO)
    period_ends = {row.due_date for row in schedule.installments}

    # ---- rules -------------------------------------------------------------------
    penalty = rules.penalty
    pen_dc = penalty.day_count.value
    penalize = penalty.charges_anything
    if penalize:
        pen_rate = max(ZERO, Fraction(penalty.annual_rate(terms.annual_rate)) - rate)
        comp_rate = Fraction(penalty.compound_annual_rate(terms.annual_rate))
    else:
        pen_rate = comp_rate = ZERO
    retroactive = rules.grace.retroactive
    late = rules.late_fee
    free = rules.interest_free
    free_end = start + timedelta(days=free.days) if free is not None else None
    conditional = free is not None and free.conditional
    promotions = [(w.start, w.end, Fraction(w.annual_rate)) for w in rules.promotions]
    caps = rules.caps
    daily_share = None if caps.daily_share is None else Fraction(caps.daily_share)
    total_cap = None if caps.total_share is None else Fraction(caps.total_share) * principal0
    annual_cap = None if caps.annual_rate is None else Fraction(caps.annual_rate)
    default_fee = None if caps.default_fee is None else Fraction(caps.default_fee)
    order = [COMPONENTS.index(c.value) for c in rules.allocation_strategy.order]
    credit_mode = rules.overpayment.value == "credit"

    paid_list = sorted(
        (p for p in payments if p.date <= as_of),
        key=lambda p: (p.date, p.amount, p.reference or ""),
    )

    # ---- state -------------------------------------------------------------------
    bal = [principal0, ZERO, ZERO, ZERO, ZERO, ZERO]
    credit = ZERO
    ahead = ZERO  # paid to p, i, f beyond the demands: covers the next demands
    period_exact = ZERO  # contract interest accrued in the running period, exact
    period_posted = ZERO
    period_interest: dict[date, Fraction] = {}  # posted per period, by its scheduled end
    contingent = ZERO  # z: interest of a conditional interest-free window
    repaid = False  # repaid in full within a conditional interest-free window
    lapsed = False
    q_exact = c_exact = ZERO
    costs_exact = ZERO  # costs charged (exact) for the total and annual caps
    posted_costs = ZERO  # every cost posted (interest, fees, penalty, compound, late fees)
    posted_daily = ZERO  # interest, penalty and compound interest posted
    daily_allowance = ZERO  # cumulative daily-cap allowance
    allowance = ZERO  # cumulative annual-cap allowance
    settlement = ZERO
    totals = {"interest": ZERO, "fees": ZERO, "penalty": ZERO, "compound": ZERO, "late": ZERO}
    late_total = ZERO
    hits: dict[str, list[date]] = {}
    statement: list[Line] = []
    line = {"interest": ZERO, "charges": ZERO, "scheduled": ZERO, "paid": ZERO}

    # the running span: accruals since the previous date of the walk
    span_x = span_q = span_c = span_room = span_allow = ZERO
    span_pending: dict[int, list[Fraction]] = {}

    walk = {start, as_of}
    walk.update(d.due for d in demands)
    walk.update(d.grace_end for d in demands)
    walk.update(period_ends)
    walk.update(p.date for p in paid_list)
    for w_start, w_end, _ in promotions:
        walk.update((w_start, w_end))
    if free_end is not None:
        walk.add(free_end)
    if also is not None:
        walk.add(also)
    fee_dates: dict[date, list[_Demand]] = {}
    short: set[int] = set()  # demands left short at the end of grace, no fee on their due date

    def contract_rate(day: date) -> Fraction:
        # DECISION (engine): unconditional interest-free days before promotions
        if free is not None and not free.conditional and free_end is not None and day <= free_end:
            return ZERO
        for w_start, w_end, w_rate in promotions:
            if w_start < day <= w_end:
                return w_rate
        return rate

    def split(group: list[_Demand]) -> tuple[Fraction, Fraction]:
        """Overdue principal and interest of ``group`` (DECISION, issue 24: what the
        demands asked for and the balances left unpaid, not the label of each payment):
        the principal asked by every demand fallen due up to the newest of the group,
        less all the principal repaid, within the group's unpaid amount and the principal
        owed; then the interest likewise, within what of the unpaid amount is left."""
        if not group:
            return ZERO, ZERO
        newest = max(d.k for d in group)
        through = [d for d in demands if d.fallen and d.k <= newest]
        repaid_p = principal0 - bal[P]
        repaid_i = totals["interest"] - bal[INT]
        unpaid = sum((d.unpaid for d in group), ZERO)
        principal = min(max(ZERO, sum((d.parts[0] for d in through), ZERO) - repaid_p),
                        unpaid, bal[P])  # fmt: skip
        interest = min(max(ZERO, sum((d.parts[1] for d in through), ZERO) - repaid_i),
                       unpaid - principal, bal[INT])  # fmt: skip
        return principal, interest

    def hit(cap: str, day: date) -> None:
        if not hits.get(cap) or hits[cap][-1] != day:
            hits.setdefault(cap, []).append(day)

    def fit(parts: list[Fraction], day: date) -> None:
        """Cut ``parts`` to the room under the total and annual caps; count them charged."""
        nonlocal costs_exact
        for name, limit in (("total", total_cap), ("annual", allowance)):
            if limit is None or (name == "annual" and annual_cap is None):
                continue
            excess = costs_exact + sum(parts, ZERO) - limit
            if excess > 0:
                hit(name, day)
                _cut_last_first(parts, excess)
        costs_exact += sum(parts, ZERO)

    def fit_lump(amount: Fraction, day: date) -> Fraction:
        nonlocal costs_exact
        parts = [amount]
        fit(parts, day)
        kept = floor(parts[0])
        room = ceiling(day, daily=False)  # and within what was posted, on the grid
        if room is not None and kept > room:
            kept = room
        costs_exact -= parts[0] - kept
        return kept

    def settling_fee(day: date, commit: bool) -> Fraction:
        """The financed fee settling on ``day`` charges, through the caps as a fee
        falling due; without ``commit`` the caps' books are left as they were."""
        nonlocal costs_exact
        if not financed_left:
            return ZERO
        kept_costs, kept_hits = costs_exact, {k: list(v) for k, v in hits.items()}
        fee = fit_lump(financed_left, day)
        if not commit:
            costs_exact = kept_costs
            hits.clear()
            hits.update(kept_hits)
        return fee

    def ceiling(day: date, daily: bool = True) -> Fraction | None:
        """What may still be posted: each cap's allowance floored to the grid, less what
        was posted (the daily cap counts interest of all kinds only)."""
        limits = []
        if daily and daily_share is not None:
            limits.append(floor(daily_allowance) - posted_daily)
        if total_cap is not None:
            limits.append(floor(total_cap) - posted_costs)
        if annual_cap is not None:
            limits.append(floor(allowance) - posted_costs)
        return max(min(limits), ZERO) if limits else None

    def charge(component: int, amount: Fraction) -> None:
        nonlocal posted_costs
        bal[component] += amount
        posted_costs += amount

    def post_interest(day: date) -> None:
        nonlocal period_posted, posted_daily
        add = max(ZERO, rnd(period_exact) - period_posted)
        room = ceiling(day)
        if room is not None and add > room:
            add = room
        if add:
            charge(INT, add)
            period_posted += add
            posted_daily += add
            totals["interest"] += add
            line["interest"] += add

    def top_up(day: date) -> None:
        """Once the total or annual cap has stopped accrual, post what rounding left of
        its allowance floored: penalty crumbs, then compound, then the period's interest,
        each rounded up (16:55 rule)."""
        nonlocal posted_daily, period_posted
        reached = (total_cap is not None and costs_exact >= total_cap) or (
            annual_cap is not None and costs_exact >= allowance
        )
        room = ceiling(day) if reached else None
        if not room:
            return
        for comp, exact, posted in (
            (PEN, q_exact, totals["penalty"]),
            (COMP, c_exact, totals["compound"]),
            (INT, period_exact, period_posted),
        ):
            crumbs = exact - posted
            take = min(room, round_to(crumbs, quantum, "ROUND_CEILING")) if crumbs > 0 else ZERO
            if take > 0:
                charge(comp, take)
                posted_daily += take
                room -= take
                key = {PEN: "penalty", COMP: "compound", INT: "interest"}[comp]
                totals[key] += take
                if comp == INT:
                    period_posted += take
                    line["interest"] += take
                else:
                    line["charges"] += take

    def post_penalty(day: date) -> None:
        nonlocal posted_daily
        add_q = max(ZERO, rnd(q_exact) - totals["penalty"])
        add_c = max(ZERO, rnd(c_exact) - totals["compound"])
        if not (add_q or add_c):
            return
        room = ceiling(day)
        if room is not None:
            add_q = min(add_q, room)
            add_c = min(add_c, room - add_q)
        charge(PEN, add_q)
        charge(COMP, add_c)
        posted_daily += add_q + add_c
        totals["penalty"] += add_q
        totals["compound"] += add_c
        line["charges"] += add_q + add_c

    def allocate(amount: Fraction) -> Fraction:
        """Pay ``amount`` over the balances; return what is left (credit)."""
        budget = None
        if credit_mode and amount < sum(bal, ZERO):  # what settles the loan is not held
            budget = sum((d.unpaid for d in demands if d.fallen), ZERO)
        to_contract = ZERO
        for comp in order:
            take = min(amount, bal[comp])
            held = False
            if comp in CONTRACT and budget is not None:
                held = take > budget  # owed beyond the arrears: the rest is held (17:00 rule)
                take = min(take, budget)
                budget -= take
            bal[comp] -= take
            amount -= take
            if comp in CONTRACT:
                to_contract += take
            if held:
                break
        nonlocal ahead
        owing = [d for d in demands if d.fallen and d.unpaid > 0]
        for demand in owing:  # money to p, i, f covers the demands' amounts oldest first
            to_contract = demand.cover(to_contract)
        ahead += to_contract  # the rest pays the next demands ahead of time (15:50 rule)
        return amount

    def late_fee(demand: _Demand, day: date) -> None:
        nonlocal late_total
        if not demand.unpaid:
            return
        if late.kind.value == "fixed":
            fee = Fraction(late.amount)
        else:
            # the scheduled base is the scheduled principal and interest (no fee)
            base = demand.unpaid if late.base.value == "unpaid" else demand.scheduled - demand.fee
            fee = rnd(Fraction(late.share) * base)
        if late.minimum is not None:
            fee = max(fee, Fraction(late.minimum))
        if late.maximum is not None:
            fee = min(fee, Fraction(late.maximum))
        if late.cap_total is not None:
            fee = min(fee, Fraction(late.cap_total) - late_total)
        if default_fee is not None and fee > default_fee:
            hit("default-fee", day)
            fee = default_fee
        if fee > 0:
            fee = fit_lump(fee, day)
        if fee > 0:
            late_total += fee
            totals["late"] += fee
            charge(LATE, fee)
            line["charges"] += fee
        if late.repeat_days is not None:
            later = day + timedelta(days=late.repeat_days)
            fee_dates.setdefault(later, []).append(demand)
            walk.add(later)

    payment_index = 0
    day = start
    while day <= as_of:
        # ---- accrue the day (day - 1, day] on the balances after the last walk date
        if day > start:
            years = day_weight(dc, day)
            span_x += bal[P] * contract_rate(day) * years
            if penalize:
                w = day_weight(pen_dc, day)
                group = [d for d in demands if d.overdue and d.unpaid]
                base_p, base_i = split(group)
                span_q += base_p * pen_rate * w
                span_c += base_i * comp_rate * w
                if retroactive:  # in grace: penalty charged only if grace is missed
                    for demand in demands:
                        if demand.fallen and not demand.overdue and demand.unpaid:
                            group.append(demand)
                            more_p, more_i = split(group)
                            acc = span_pending.setdefault(demand.k, [ZERO, ZERO])
                            acc[0] += (more_p - base_p) * pen_rate * w
                            acc[1] += (more_i - base_i) * comp_rate * w
                            base_p, base_i = more_p, more_i
            if daily_share is not None:
                span_room += daily_share * bal[P]
            if annual_cap is not None:
                span_allow += bal[P] * annual_cap * years
        if day not in walk:
            day += DAY
            continue

        # ---- 1. the span's accrual, cut by the caps
        pending_keys = sorted(span_pending)
        parts = [span_x, span_q, span_c]
        for k in pending_keys:
            parts += span_pending[k]
        if daily_share is not None:
            daily_allowance += span_room
            excess = sum(parts, ZERO) - span_room
            if excess > 0:
                hit("daily", day)
                _cut_last_first(parts, excess)
        allowance += span_allow
        in_window = conditional and free_end is not None and day <= free_end
        charged = parts[1:3] if in_window else parts[:3]
        fit(charged, day)
        if in_window:
            contingent += parts[0]
            q_exact += charged[0]
            c_exact += charged[1]
        else:
            period_exact += charged[0]
            q_exact += charged[1]
            c_exact += charged[2]
        for index, k in enumerate(pending_keys):
            demands[k - 1].pending[0] += parts[3 + 2 * index]
            demands[k - 1].pending[1] += parts[4 + 2 * index]
        span_x = span_q = span_c = span_room = span_allow = ZERO
        span_pending = {}

        # ---- post
        post_interest(day)
        post_penalty(day)
        top_up(day)

        # ---- demands falling due
        for demand in demands:
            if demand.due != day:
                continue
            # a settled loan is charged no more fees (16:50 rule); a financed fee still
            # to fall due is owed
            owes = any(bal) or financed_left > 0
            if financed_left:
                financed_left -= financed_parts[demand.k - 1]
            fee = fit_lump(demand.fee, day) if demand.fee and owes else ZERO
            if fee:
                charge(FEE, fee)
                totals["fees"] += fee
                line["charges"] += fee
            arrears = sum((d.unpaid for d in demands if d.fallen), ZERO)
            owed = max(ZERO, bal[P] + bal[INT] + bal[FEE] - arrears)  # (16:00 rule)
            amount = owed if demand.k == n else min(demand.scheduled, owed)
            # DECISION (issue 24): the parts follow what the earlier demands asked for and
            # what was charged and repaid, not the labels of the money: a demand asks for
            # the interest and fees charged that no earlier demand asked for (not a rolled
            # due date's days of the next period); the last for those owed less what the
            # earlier demands asked for and was not repaid (first asked, first repaid)
            before = [d for d in demands if d.fallen]
            asked_i = sum((d.parts[1] for d in before), ZERO)
            asked_f = sum((d.parts[2] for d in before), ZERO)
            closed = demand.scheduled_due in period_interest  # a rolled due date
            if demand.k == n:
                owed_i = max(ZERO, asked_i - (totals["interest"] - bal[INT]))
                owed_f = max(ZERO, asked_f - (totals["fees"] - bal[FEE]))
                period = max(ZERO, bal[INT] - owed_i)
                fee_part = min(max(ZERO, bal[FEE] - owed_f), amount)
            else:
                period = period_interest[demand.scheduled_due] if closed else period_posted
                later = period_posted if closed else ZERO
                period = max(period, totals["interest"] - asked_i - later)
                fee_part = min(max(fee, totals["fees"] - asked_f), amount)
            interest_part = min(period, amount - fee_part)
            demand.parts = [amount - fee_part - interest_part, interest_part, fee_part]
            demand.unpaid = amount
            demand.fallen = True
            if demand.k == n:  # the balances already show it (16:05 rule)
                ahead = ZERO
            early = min(ahead, amount)
            ahead -= early
            demand.cover(early)
            line["scheduled"] += amount
            if credit and any(bal):  # credit held (or a refund due) pays what it can
                credit = allocate(credit)
            if demand.k in first:  # a late fee dated on its due date, before the money
                late_fee(demand, day)

        # ---- payments
        while payment_index < len(paid_list) and paid_list[payment_index].date == day:
            amount = Fraction(paid_list[payment_index].amount)
            payment_index += 1
            line["paid"] += amount
            figure = sum(bal, ZERO) + settling_fee(day, commit=False)
            with_credit = credit_mode or financed_left > 0
            if with_credit and credit and amount + credit >= figure:
                amount, credit = amount + credit, ZERO  # together they settle the loan
            if financed_left and amount >= figure:  # settling: the financed fee left
                fee = settling_fee(day, commit=True)
                financed_left = ZERO
                charge(FEE, fee)
                totals["fees"] += fee
                line["charges"] += fee
            credit += allocate(amount)
            if free_end is not None and day <= free_end and not any(bal) and not financed_left:
                repaid = True

        if day == as_of:  # the settlement figure: after the day's payments (16:10 rule)
            settlement = sum(bal, ZERO) + settling_fee(day, commit=False) - credit

        # ---- the end of the day: the window's end, ends of grace and late fees close a
        # day that is over, so never as_of (paying on as_of still avoids them; assessed
        # on a later day, they show dated this one)
        if day < as_of:
            # end of a conditional interest-free window (DECISION, the engine's: after
            # the day's payments, so repaying on its last day counts as within it)
            if conditional and day == free_end:
                contingent = ZERO
                # repaid in full: nothing owed, a financed fee still to fall due included
                lapsed = lapsed or not (repaid or (not any(bal) and not financed_left))

            # ends of grace
            for demand in demands:
                if demand.grace_end != day:
                    continue
                if not demand.fallen or not demand.unpaid:
                    demand.pending = [ZERO, ZERO]  # paid within grace: forgiven
                    continue
                demand.overdue = True
                if any(demand.pending):
                    charged = list(demand.pending)
                    fit(charged, day)
                    q_exact += charged[0]
                    c_exact += charged[1]
                    demand.pending = [ZERO, ZERO]
                    post_penalty(day)
                if late.dated_on_due_date:  # charged on the due date if found short
                    if demand.k not in first:
                        short.add(demand.k)
                elif late.kind.value != "none":  # after the repeats due today
                    fee_dates.setdefault(day, []).append(demand)
            for demand in fee_dates.get(day, []):
                late_fee(demand, day)

        # ---- the period ends on a scheduled due date
        if day in period_ends:
            # the caps count what the period charged, not its rounding's crumbs (16:15)
            costs_exact += period_posted - period_exact
            period_interest[day] = period_posted
            period_exact = period_posted = ZERO

        statement.append(
            Line(
                date=day,
                interest=line["interest"],
                charges=line["charges"],
                scheduled=line["scheduled"],
                paid=line["paid"],
                principal=bal[P],
                interest_balance=bal[INT],
                charges_balance=bal[FEE] + bal[PEN] + bal[COMP] + bal[LATE],
                arrears=sum((d.unpaid for d in demands), ZERO),
                balance=sum(bal, ZERO) - credit,
            )
        )
        line = {"interest": ZERO, "charges": ZERO, "scheduled": ZERO, "paid": ZERO}
        day += DAY

    oldest = next((d for d in demands if d.fallen and d.unpaid > 0), None)
    return Result(
        balances=tuple(bal),
        credit=credit,
        interest=totals["interest"],
        fees=totals["fees"],
        penalty=totals["penalty"],
        compound=totals["compound"],
        late_fees=totals["late"],
        arrears=sum((d.unpaid for d in demands), ZERO),
        days_past_due=0 if oldest is None else (as_of - oldest.due).days,
        statement=statement,
        settlement=settlement,
        cap_hits=hits,
        lapsed=lapsed,
        short=short,
    )
