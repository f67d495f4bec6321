"""Early settlement on the scheduled basis: the figure that closes a loan, and the rebate.

One rule, used by the settlement quote (:meth:`loancalc.LoanState.payoff_amount`), by the
servicing engine when a payment covers it (the loan is then settled: see
:class:`~loancalc.servicing.engine.Run`) and by restructuring's debt:

- every unpaid amount of the instalments due on or before the settlement date;
- all unpaid principal of the later instalments, and the penalty, compound interest and
  late fees charged to them, and what of a financed fee (``Fees.financed``) they still
  repay (:func:`financed_parts`: a debt from the advance, not a charge of their period);
- the contract interest of the current period (the first instalment due after the date)
  accrued from the period's start to the settlement date on its opening balance, by the
  loan's day count, rounded by the loan's interest rounding and at most the period's
  scheduled interest, less what of it was already paid or waived (:func:`interest_to_date`);
- less the credit held.

The interest and fees of later periods are not earned: settling rebates them. That is
the default rule, ``"interest-to-date"``; a product may name another
(``ServicingRules.settlement``, :mod:`loancalc.servicing.settlement_rules`), bound to the
schedule and passed here as ``rule``: the figure is then everything outstanding less the
rule's rebates, less the credit held. A plan
whose first instalment carries what a restructuring left due (``carried_first``, see
:func:`first_row_carries`) asks for that instalment's interest and fees in full while it
is the current period: they hold a debt due on signing, not interest still to accrue.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31)))
>>> row = s.installments[0]
>>> interest_to_date(row, s.terms, date(2024, 2, 10))  # 1,200 x 12 % x 10 / 360
Decimal('4.00')
>>> interest_to_date(row, s.terms, date(2024, 3, 31)) == row.interest  # at most the period's
True
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator, Sequence
from datetime import date
from decimal import Decimal

from loancalc._rate_periods import accrued_along
from loancalc.money import CONTEXT
from loancalc.schedule import Installment, Schedule
from loancalc.servicing.ledger import COMP, FEE, INT, LATE, PEN, P
from loancalc.servicing.settlement_rules import StatutoryRebate
from loancalc.terms import LoanTerms

__all__ = [
    "cancelled_advances",
    "financed_parts",
    "first_row_carries",
    "interest_to_date",
    "kept_charges",
    "kept_interest",
    "rebates",
    "settlement_figure",
]

_ZERO = Decimal(0)
#: A further advance: its date and amount (a schedule's ``disbursements``).
Advance = tuple[date, Decimal]


def interest_to_date(
    row: Installment, terms: LoanTerms, on: date, advances: Sequence[Advance] = ()
) -> Decimal:
    """The contract interest of the period of ``row`` accrued from its start to ``on``:
    on the period's opening balance by the loan's day count (at the rate in force each
    day, for a loan with a rate schedule), and on each further advance made in the
    period (``advances``: a schedule's ``disbursements``) from its date, rounded by the
    loan's interest rounding (``Rounding.for_interest``), and at most the period's
    scheduled interest (0 on or before its start).

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1000, annual_rate="36%", term=2, start=date(2024, 1, 1)))
    >>> interest_to_date(s.installments[0], s.terms, date(2024, 1, 1))
    Decimal('0')
    """
    if on <= row.start:
        return _ZERO
    exact = accrued_along(terms, row.opening_balance, row.start, on)
    for day, amount in advances:
        if row.start <= day < on:
            exact += accrued_along(terms, amount, day, on)
    return min(terms.rounding.for_interest().apply(exact), row.interest)


def financed_parts(terms: LoanTerms, rows: Sequence[Installment]) -> list[Decimal] | None:
    """Per instalment, the part of its fee that repays the loan's financed fee
    (``Fees.financed``, ``Fees.financed_rate``): its fee less the periodic fee; None when
    the loan has no financed fee. Unlike a later period's periodic fee, settling early
    does not rebate it.

    >>> from loancalc import Fees, LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1000, annual_rate="12%", term=3, start=date(2024, 1, 1),
    ...                        fees=Fees(financed="30", per_period="1")))
    >>> [row.fee for row in s.installments]
    [Decimal('31.00'), Decimal('1.00'), Decimal('1.00')]
    >>> financed_parts(s.terms, s.installments)
    [Decimal('30.00'), Decimal('0.00'), Decimal('0.00')]
    """
    fees = terms.fees
    if not fees.finances_a_fee:
        return None
    with decimal.localcontext(CONTEXT):
        periodic = terms.rounding.apply(fees.per_period_amount(terms.principal))
        return [max(row.fee - periodic, _ZERO) for row in rows]  # on the grid: 0.00


def _financed_owed(out: Sequence[Decimal], row: Installment, part: Decimal) -> Decimal:
    """What settling asks of a later instalment's fee: its financed ``part`` not yet paid
    or waived (money on its fee counts against that part first)."""
    return max(part - (row.fee - out[FEE]), _ZERO)


def cancelled_advances(advances: Sequence[Advance], on: date) -> Decimal:
    """The further advances not yet made on ``on``: a loan settled then is not owed them
    (settling cancels them).

    >>> cancelled_advances([(date(2024, 3, 15), Decimal(500))], date(2024, 3, 14))
    Decimal('500')
    >>> cancelled_advances([(date(2024, 3, 15), Decimal(500))], date(2024, 3, 15))
    Decimal('0')
    """
    return sum((amount for day, amount in advances if day > on), _ZERO)


def first_row_carries(schedule: Schedule) -> bool:
    """Whether the first instalment of ``schedule`` carries what the restructuring that
    made it left due (it falls due after the signing date, and something was left due).

    >>> from loancalc import LoanTerms, amortize
    >>> first_row_carries(amortize(LoanTerms(principal=100, annual_rate=0, term=1,
    ...                                      start=date(2024, 1, 1))))
    False
    """
    if not schedule.lineage or not schedule.installments:
        return False
    last = schedule.lineage[-1]
    return bool(last.left_due) and schedule.installments[0].due_date > last.date


def settlement_figure(  # noqa: PLR0917 -- the engine's hot path, positional
    outs: Sequence[Sequence[Decimal]],
    settled: Sequence[Decimal],
    rows: Sequence[Installment],
    terms: LoanTerms,
    on: date,
    credit: Decimal,
    *,
    carried_first: bool = False,
    rule: StatutoryRebate | None = None,
    advances: Sequence[Advance] = (),
) -> Decimal:
    """What closes the loan on ``on`` (see the module's rule), given per instalment its
    six amounts outstanding (``outs``, in component order) and the contract interest
    already paid or waived (``settled``); the further advances not yet made
    (``advances`` after ``on``) are not owed. Negative: credit owed back.

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
    ...                        start=date(2024, 1, 31)))
    >>> outs = [(r.principal, r.interest, r.fee, 0, 0, 0) for r in s.installments]
    >>> settlement_figure(outs, [Decimal(0)] * 3, s.installments, s.terms,
    ...                   date(2024, 2, 10), Decimal(0))  # 1,200 + 1,200 x 12 % x 10 / 360
    Decimal('1204.00')
    """
    with decimal.localcontext(CONTEXT):
        total = -cancelled_advances(advances, on)
        if rule is not None:
            for out in outs:
                total += sum(out, _ZERO)
            for _, interest, fee in rule.rebates(outs, rows, on, carried_first=carried_first):
                total -= interest + fee
            return total - credit
        parts = financed_parts(terms, rows)
        for index, (out, keep) in enumerate(
            zip(
                outs,
                kept_interest(settled, rows, terms, on, carried_first, advances=advances),
                strict=True,
            )
        ):
            total += out[P] + out[PEN] + out[COMP] + out[LATE]
            if keep is None:
                total += out[INT] + out[FEE]
            else:
                total += keep
                if parts is not None:
                    total += _financed_owed(out, rows[index], parts[index])
        return total - credit


def rebates(
    outs: Sequence[Sequence[Decimal]],
    settled: Sequence[Decimal],
    rows: Sequence[Installment],
    terms: LoanTerms,
    on: date,
    *,
    carried_first: bool = False,
    rule: StatutoryRebate | None = None,
    advances: Sequence[Advance] = (),
) -> list[tuple[int, Decimal, Decimal]]:
    """The interest and fees that settling on ``on`` leaves unearned (arguments as for
    :func:`settlement_figure`): ``(index, interest, fee)`` for each instalment due after
    ``on`` with something to rebate (the current period keeps its interest to date,
    later periods keep nothing; or as ``rule`` says).

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
    ...                        start=date(2024, 1, 31)))
    >>> [r.interest for r in s.installments]
    [Decimal('12.00'), Decimal('8.04'), Decimal('4.04')]
    >>> outs = [(r.principal, r.interest, r.fee, 0, 0, 0) for r in s.installments]
    >>> [(index, interest) for index, interest, _ in
    ...  rebates(outs, [Decimal(0)] * 3, s.installments, s.terms, date(2024, 2, 10))]
    [(0, Decimal('8.00')), (1, Decimal('8.04')), (2, Decimal('4.04'))]
    """
    if rule is not None:
        return rule.rebates(outs, rows, on, carried_first=carried_first)
    found = []
    with decimal.localcontext(CONTEXT):
        kept = kept_interest(settled, rows, terms, on, carried_first, advances=advances)
        parts = financed_parts(terms, rows)
        for index, (out, keep) in enumerate(zip(outs, kept, strict=True)):
            if keep is None:
                continue
            interest = max(_ZERO, out[INT] - keep)
            fee = out[FEE]
            if parts is not None:
                fee -= _financed_owed(out, rows[index], parts[index])
            if interest or fee:
                found.append((index, interest, fee))
    return found


def kept_interest(
    settled: Sequence[Decimal],
    rows: Sequence[Installment],
    terms: LoanTerms,
    on: date,
    carried_first: bool,
    *,
    advances: Sequence[Advance] = (),
) -> Iterator[Decimal | None]:
    """Per instalment, what of its contract interest a settlement on ``on`` asks for:
    None when it asks for all its interest and fees (due by ``on``, or a first
    instalment carrying what a restructuring left due), else the interest kept (the
    current period's interest to date not yet paid; nothing for later periods).

    >>> kept_interest.__name__
    'kept_interest'
    """
    current = True
    for index, (paid, row) in enumerate(zip(settled, rows, strict=True)):
        if row.due_date <= on or (index == 0 and carried_first):
            current = row.due_date <= on  # a carried first row is the current period
            yield None
        elif current:
            current = False
            yield max(_ZERO, interest_to_date(row, terms, on, advances) - paid)
        else:
            yield _ZERO


def kept_charges(  # noqa: PLR0917 -- as kept_interest, with the amounts outstanding
    settled: Sequence[Decimal],
    outs: Sequence[Sequence[Decimal]],
    rows: Sequence[Installment],
    terms: LoanTerms,
    on: date,
    carried_first: bool,
    rule: StatutoryRebate | None = None,
    advances: Sequence[Advance] = (),
) -> Iterator[tuple[Decimal, Decimal] | None]:
    """Per instalment, what of its interest and fees a settlement on ``on`` asks for:
    None when it asks for all of them (as :func:`kept_interest`), else ``(interest,
    fee)`` kept: by interest to date, the interest of :func:`kept_interest` and no fee
    but what it still repays of a financed fee;
    by a statutory ``rule``, what its rebates leave.

    >>> from loancalc import LoanTerms, amortize
    >>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
    ...                        start=date(2024, 1, 31)))
    >>> outs = [(r.principal, r.interest, r.fee, 0, 0, 0) for r in s.installments]
    >>> list(kept_charges([Decimal(0)] * 3, outs, s.installments, s.terms,
    ...                   date(2024, 2, 10), False))[0]  # 1,200 x 12 % x 10 / 360
    (Decimal('4.00'), Decimal('0'))
    """
    if rule is None:
        parts = financed_parts(terms, rows)
        kept = kept_interest(settled, rows, terms, on, carried_first, advances=advances)
        for index, keep in enumerate(kept):
            if keep is None:
                yield None
            elif parts is None:
                yield keep, _ZERO
            else:
                yield keep, _financed_owed(outs[index], rows[index], parts[index])
        return
    cuts = {
        index: (i, f) for index, i, f in rule.rebates(outs, rows, on, carried_first=carried_first)
    }
    with decimal.localcontext(CONTEXT):
        for index, (out, row) in enumerate(zip(outs, rows, strict=True)):
            if row.due_date <= on or (index == 0 and carried_first):
                yield None
                continue
            interest, fee = cuts.get(index, (_ZERO, _ZERO))
            yield out[INT] - interest, out[FEE] - fee
