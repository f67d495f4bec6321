"""A slow, exact, day-by-day reference for the servicing conventions of docs/rules.md.

Written from the rules alone, without the engine's code: ``Fraction`` arithmetic, one
step per calendar day from the loan's start to ``as_of``, its own day weights, rounding,
business days, allocation and late fees. Tests compare :func:`loancalc.assess` with it to
the cent. It reads the policy values (and the policies' own annual rates) from the
rules, and the instalments from the schedule; nothing else from loancalc.

Each day ``t``:
1. accrue day ``t`` (the day from ``t - 1`` to ``t``) on every instalment that is due,
   past its accrual start and not paid: principal x penalty rate x weight(t) and interest
   x compound rate x weight(t); nothing on relief-window days; a loan-wide cap;
2. charge what accrued (round the cumulative exact accrual, charge the difference);
3. instalments falling due on ``t``; 4. credit pays what is due; 5. payments in the
   canonical order, allocated by the strategy; a payment at least the settlement figure
   (everything due, the principal not yet due and its charges, the current period's
   contract interest to date, less credit) settles the loan: later interest and fees are
   rebated and everything is paid; 6. ends of grace (penalty becomes chargeable, late
   fee); 7. repeated late fees. Steps 6 and 7 close a day, so they never run on ``as_of``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

DAY = timedelta(days=1)
COMPONENTS = ("principal", "interest", "fee", "penalty-interest", "compound-interest", "late-fee")
P, INT, FEE, PEN, COMP, LATE = range(6)


def round_to(value: Fraction, quantum: Fraction, mode: str) -> Fraction:
    """Round ``value`` to a multiple of ``quantum`` (the modes of decimal, by name)."""
    steps = value / quantum
    low = steps.numerator // steps.denominator
    rest = steps - low
    positive = value > 0
    if rest == 0 or mode == "ROUND_FLOOR":
        whole = low
    elif mode == "ROUND_CEILING":
        whole = low + 1
    elif mode == "ROUND_DOWN":
        whole = low if positive else low + 1
    elif mode == "ROUND_UP":
        whole = low + 1 if positive else low
    elif rest != Fraction(1, 2):
        whole = low + 1 if rest > Fraction(1, 2) else low
    elif mode == "ROUND_HALF_EVEN":
        whole = low if low % 2 == 0 else low + 1
    elif mode == "ROUND_HALF_UP":
        whole = low + 1 if positive else low
    else:  # ROUND_HALF_DOWN
        whole = low if positive else low + 1
    return whole * quantum


def day_weight(name: str, day: date) -> Fraction:
    """The share of a year that the day ending on ``day`` is, by day count ``name``."""
    before = day - DAY
    if name == "ACT/360":
        return Fraction(1, 360)
    if name == "ACT/365F":
        return Fraction(1, 365)
    if name == "ACT/ACT ISDA":
        year = before.year
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return Fraction(1, 366 if leap else 365)

    def serial(d: date) -> int:
        return 360 * d.year + 30 * d.month + min(d.day, 30)

    return Fraction(serial(day) - serial(before), 360)


def year_fraction(name: str, start: date, end: date) -> Fraction:
    """Years from ``start`` to ``end`` by day count ``name`` (30/360 by its own rule)."""
    days = (end - start).days
    if name == "ACT/360":
        return Fraction(days, 360)
    if name == "ACT/365F":
        return Fraction(days, 365)
    if name == "ACT/ACT ISDA":
        total, day = Fraction(0), start
        while day < end:
            day += DAY
            total += day_weight(name, day)
        return total
    d1, d2 = start.day, end.day
    if name == "30E/360":
        d1, d2 = min(d1, 30), min(d2, 30)
    else:  # 30/360 US, bond basis
        d1 = 30 if d1 == 31 else d1
        d2 = 30 if d2 == 31 and d1 == 30 else d2
    return Fraction(360 * (end.year - start.year) + 30 * (end.month - start.month) + d2 - d1, 360)


class _Inst:
    def __init__(self, row: Any) -> None:
        self.number = row.number
        self.row = row
        self.due: date = row.due_date
        self.grace_end: date = row.due_date
        self.charged = [Fraction(row.principal), Fraction(row.interest), Fraction(row.fee)]
        self.charged += [Fraction(0)] * 3
        self.out = list(self.charged)
        self.paid = [Fraction(0)] * 6
        self.pen = Fraction(0)
        self.comp = Fraction(0)
        self.accruing = False
        self.pending = False
        self.paid_on: date | None = None


def reference(schedule: Any, payments: Any, as_of: date, rules: Any) -> dict[str, Any]:
    """The amounts of an assessment: per instalment charged/paid/out, credit, paid.

    Late fees charged on the due date: an instalment is charged one on its due date
    (before that day's money) when it is left short at the end of its grace with those
    fees charged; found by re-running the day-by-day walk until that set is stable.
    """
    if not rules.late_fee.dated_on_due_date:
        return _reference(schedule, payments, as_of, rules, set())
    first: set[int] = set()
    while True:
        found = _reference(schedule, payments, as_of, rules, first)
        if found["short"] <= first:
            return found
        first |= found["short"]


def _reference(
    schedule: Any, payments: Any, as_of: date, rules: Any, first: set[int]
) -> dict[str, Any]:
    terms = schedule.terms
    quantum = Fraction(terms.rounding.quantum)
    mode = terms.rounding.mode.value

    def rnd(x: Fraction) -> Fraction:
        return round_to(x, quantum, mode)

    holidays = set(terms.business_days.holidays) if terms.business_days else set()
    weekend = set(terms.business_days.weekend) if terms.business_days else {5, 6}

    def business(day: date) -> bool:
        return day.weekday() not in weekend and day not in holidays

    grace = rules.grace
    insts = [_Inst(row) for row in schedule.installments]
    for inst in insts:
        if grace.roll_due_date:
            while not business(inst.due):
                inst.due += DAY
        end = inst.due
        if grace.business_days:
            for _ in range(grace.days):
                end += DAY
                while not business(end):
                    end += DAY
        else:
            end += timedelta(days=grace.days)
        inst.grace_end = end

    penalty = rules.penalty
    contract = terms.annual_rate
    charges = penalty.rate.kind.value != "none" or (
        penalty.compound
        and penalty.compound_rate is not None
        and penalty.compound_rate.kind.value != "none"
    )
    pen_rate = Fraction(penalty.annual_rate(contract)) if charges else Fraction(0)
    comp_rate = Fraction(penalty.compound_annual_rate(contract))
    penalize = bool(pen_rate or comp_rate)
    daily = penalty.rounding.value == "daily"
    caps = []
    if penalty.cap_amount is not None:
        caps.append(Fraction(penalty.cap_amount))
    if penalty.cap_share is not None:
        caps.append(Fraction(penalty.cap_share) * Fraction(terms.principal))
    cap = min(caps) if caps else None
    if cap is not None and daily:
        cap = round_to(cap, quantum, "ROUND_DOWN")
    loan_accrued = Fraction(0)

    windows = [(w.start, w.end) for w in rules.relief_windows]

    def in_window(day: date) -> bool:
        return any(a <= day <= b for a, b in windows)

    fee_policy = rules.late_fee
    fee_total = Fraction(0)
    fee_days: dict[date, list[_Inst]] = {}
    short: set[int] = set()  # left short at the end of grace, no fee on its due date

    def late_fee(inst: _Inst, day: date) -> None:
        nonlocal fee_total
        if fee_policy.kind.value == "fixed":
            fee = Fraction(fee_policy.amount)
        else:
            if fee_policy.base.value == "unpaid":
                base = inst.out[P] + inst.out[INT] + inst.out[FEE]
            else:
                base = inst.charged[P] + inst.charged[INT]
            fee = rnd(Fraction(fee_policy.share) * base)
        if fee_policy.minimum is not None:
            fee = max(fee, Fraction(fee_policy.minimum))
        if fee_policy.maximum is not None:
            fee = min(fee, Fraction(fee_policy.maximum))
        if fee_policy.cap_total is not None:
            fee = min(fee, Fraction(fee_policy.cap_total) - fee_total)
        if fee > 0:
            fee_total += fee
            inst.charged[LATE] += fee
            inst.out[LATE] += fee
        if fee_policy.repeat_days is not None:
            plan_fee(inst, day + timedelta(days=fee_policy.repeat_days))

    def plan_fee(inst: _Inst, day: date) -> None:
        moved = True
        while moved:
            moved = False
            for a, b in windows:
                if a <= day <= b:
                    day = b + DAY
                    moved = True
        fee_days.setdefault(day, []).append(inst)

    order = [COMPONENTS.index(c.value) for c in rules.allocation_strategy.order]
    horizontal = rules.allocation_strategy.scope.value == "horizontal"
    credit = Fraction(0)
    total_paid = Fraction(0)
    ordered = sorted(payments, key=lambda p: (p.date, p.amount, p.reference or ""))
    ordered = [p for p in ordered if p.date <= as_of]

    def pay(amount: Fraction, day: date) -> Fraction:
        due = [inst for inst in insts if inst.due <= day]
        if horizontal:
            slots = [(inst, c) for c in order for inst in due]
        else:
            slots = [(inst, c) for inst in due for c in order]
        for inst, c in slots:
            take = min(amount, inst.out[c])
            inst.out[c] -= take
            inst.paid[c] += take
            amount -= take
        for inst in due:
            if inst.paid_on is None and not any(inst.out[:3]):
                inst.paid_on = day
                if inst.pending and day <= inst.grace_end:
                    nonlocal loan_accrued
                    loan_accrued -= inst.pen + inst.comp
                    inst.pen = inst.comp = Fraction(0)
                    inst.pending = False
            if inst.accruing and not (inst.out[P] or inst.out[INT]):
                inst.accruing = False
        return amount

    def charge(inst: _Inst) -> None:
        if inst.pending:
            return
        for position, exact in ((PEN, inst.pen), (COMP, inst.comp)):
            target = exact if daily else rnd(exact)
            inst.out[position] += target - inst.charged[position]
            inst.charged[position] = target

    def to_date(inst: _Inst, day: date) -> Fraction:
        """The current period's contract interest accrued to ``day``, rounded, capped."""
        row = inst.row
        if day <= row.start:
            return Fraction(0)
        years = year_fraction(terms.day_count.value, row.start, day)
        accrued = rnd(Fraction(row.opening_balance) * Fraction(terms.annual_rate) * years)
        return min(accrued, Fraction(row.interest))

    def figure(day: date) -> Fraction:
        later = [inst for inst in insts if inst.row.due_date > day]
        total = sum((sum(inst.out) for inst in insts if inst.row.due_date <= day), Fraction(0))
        total += sum((inst.out[P] + inst.out[PEN] + inst.out[COMP] + inst.out[LATE]
                      for inst in later), Fraction(0))  # fmt: skip
        if later:
            total += max(Fraction(0), to_date(later[0], day) - later[0].paid[INT])
        return total

    def settle(day: date) -> None:
        later = [inst for inst in insts if inst.row.due_date > day]
        for index, inst in enumerate(later):
            keep = max(Fraction(0), to_date(inst, day) - inst.paid[INT]) if index == 0 else 0
            for position, left in ((INT, keep), (FEE, Fraction(0))):
                cut = max(Fraction(0), inst.out[position] - left)
                inst.out[position] -= cut
                inst.charged[position] -= cut
        for inst in insts:  # everything left is payable now (a rolled due date too)
            inst.due = min(inst.due, day)

    settled = False
    day = terms.start
    while day <= as_of:
        # 1. accrue the day ending today
        active = [inst for inst in insts if inst.accruing]
        if active and not in_window(day):
            w = day_weight(penalty.day_count.value, day)
            amounts = []
            for inst in active:
                pen, comp = inst.out[P] * pen_rate * w, inst.out[INT] * comp_rate * w
                if daily:
                    pen, comp = rnd(pen), rnd(comp)
                amounts.append((inst, pen, comp))
            total = sum((pen + comp for _, pen, comp in amounts), Fraction(0))
            if cap is not None and loan_accrued + total > cap:
                room = max(Fraction(0), cap - loan_accrued)
                if daily:
                    capped = []
                    for inst, full_pen, full_comp in amounts:
                        pen = min(full_pen, room)
                        room -= pen
                        comp = min(full_comp, room)
                        room -= comp
                        capped.append((inst, pen, comp))
                    amounts = capped
                else:
                    scale = room / total
                    amounts = [(inst, pen * scale, comp * scale) for inst, pen, comp in amounts]
            for inst, pen, comp in amounts:
                inst.pen += pen
                inst.comp += comp
                loan_accrued += pen + comp
        # 2. charge
        for inst in insts:
            if inst.accruing:
                charge(inst)
        # 3. falling due
        for inst in insts:
            if inst.due == day:
                if not any(inst.out):
                    inst.paid_on = day
                    continue
                if penalize and (grace.retroactive or inst.grace_end == day):
                    inst.pending = True
                    inst.accruing = bool(inst.out[P] or inst.out[INT])
        # 4. credit, then late fees charged on the due date; 5. payments
        if credit:
            credit = pay(credit, day)
        for inst in insts:
            if inst.due == day and inst.number in first and inst.paid_on is None:
                late_fee(inst, day)
        for payment in ordered:
            if payment.date == day:
                total_paid += Fraction(payment.amount)
                if not settled and Fraction(payment.amount) >= figure(day) - credit:
                    settled = True
                    settle(day)
                credit = pay(credit + Fraction(payment.amount), day)
        if day == as_of:
            break
        # 6. grace ends
        for inst in insts:
            if inst.grace_end == day and inst.paid_on is None:
                if inst.pending:
                    inst.pending = False
                    charge(inst)
                elif penalize and not inst.accruing:
                    inst.accruing = bool(inst.out[P] or inst.out[INT])
                if fee_policy.kind.value == "none":
                    continue
                if fee_policy.dated_on_due_date and not in_window(inst.due):
                    if inst.number not in first:
                        short.add(inst.number)
                    continue
                plan_fee(inst, day)
        # 7. late fees
        for inst in fee_days.get(day, []):
            if inst.paid_on is None:
                late_fee(inst, day)
        day += DAY

    def dec(values: list[Fraction]) -> list[Decimal]:
        return [Decimal(v.numerator) / Decimal(v.denominator) for v in values]

    return {
        "charged": [dec(inst.charged) for inst in insts],
        "paid": [dec(inst.paid) for inst in insts],
        "outstanding": [dec(inst.out) for inst in insts],
        "paid_on": [inst.paid_on for inst in insts],
        "credit": Decimal(credit.numerator) / Decimal(credit.denominator),
        "total_paid": Decimal(total_paid.numerator) / Decimal(total_paid.denominator),
        "short": short,
    }
