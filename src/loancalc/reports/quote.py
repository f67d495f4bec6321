"""A settlement quote (提前结清金额) and its report: what closes a loan on a date, in parts.

>>> from datetime import date
>>> from loancalc import LoanTerms, amortize, assess
>>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31)))
>>> quote = settlement_quote(assess(s, [], date(2024, 2, 10)), date(2024, 2, 10))
>>> quote.amount, quote.parts["interest"]  # 1,200 x 12 % x 10/360 = 4.00
(Decimal('1204.00'), Decimal('4.00'))
>>> quote_report(quote, "zh").fact("amount").label
'提前结清金额'
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

import attrs

from loancalc.locale import translation
from loancalc.money import CONTEXT
from loancalc.reports.model import Chart, Fact, Report, Table
from loancalc.reports.words import amount_text, basis_word
from loancalc.servicing import LoanState, assess
from loancalc.servicing.rules import InterestBasis

__all__ = ["PARTS", "SettlementQuote", "quote_report", "settlement_parts", "settlement_quote"]

#: The parts of a settlement quote, in order.
PARTS = (
    "principal",
    "interest",
    "fee",
    "penalty_interest",
    "compound_interest",
    "late_fee",
    "credit",
)


@attrs.frozen(kw_only=True)
class SettlementQuote:
    """What closes the loan of ``state`` on ``on``: the ``amount``
    (:meth:`~loancalc.LoanState.payoff_amount`) and its ``parts`` (:data:`PARTS`; the
    credit held is subtracted: ``principal + interest + fee + penalty_interest +
    compound_interest + late_fee - credit == amount``).

    >>> SettlementQuote.__name__
    'SettlementQuote'
    """

    state: LoanState
    on: date
    amount: Decimal
    parts: Mapping[str, Decimal]


def settlement_quote(state: LoanState, on: date) -> SettlementQuote:
    """The settlement quote of ``state`` on ``on`` (on or after ``state.as_of``): the
    figure (:meth:`~loancalc.LoanState.payoff_amount`) and its parts
    (:func:`settlement_parts`).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> settlement_quote(assess(s, [], date(2024, 1, 10)), date(2024, 1, 10)).amount
    Decimal('1000.00')
    """
    amount = state.payoff_amount(on)
    return SettlementQuote(
        state=state, on=on, amount=amount, parts=settlement_parts(state, on, amount)
    )


def settlement_parts(state: LoanState, on: date, amount: Decimal) -> dict[str, Decimal]:
    """The parts of the settlement figure ``amount`` of ``state`` on ``on``: the
    principal, fees (of instalments due by ``on``, on the scheduled basis), penalty,
    compound interest and late fees outstanding on ``on`` and the credit held; the
    interest is ``amount`` less the others (the interest that settles on that date), so
    that ``principal + interest + fee + penalty_interest + compound_interest + late_fee
    - credit == amount``.

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1200, annual_rate="12%", term=3,
    ...                        start=date(2024, 1, 31)))
    >>> state = assess(s, [], date(2024, 2, 10))
    >>> settlement_parts(state, date(2024, 2, 10), Decimal("1204.00"))["principal"]
    Decimal('1200.00')
    """
    future = state
    if on != state.as_of:
        future = assess(state.schedule, state.payments, on, state.rules, waivers=state.waivers)
    owed = future.outstanding
    with decimal.localcontext(CONTEXT):
        if state.rules.interest_basis is InterestBasis.ACTUAL_BALANCE:
            fee = owed.fee
        else:  # the fees of instalments not yet due are not part of a payoff
            zero = state.schedule.terms.rounding.apply(Decimal(0))
            due = [i.outstanding.fee for i in future.installments if i.due_date <= on]
            fee = sum(due, zero)
        others = owed.principal + fee + owed.charges - future.credit
        return {
            "principal": owed.principal,
            "interest": amount - others,
            "fee": fee,
            "penalty_interest": owed.penalty_interest,
            "compound_interest": owed.compound_interest,
            "late_fee": owed.late_fee,
            "credit": future.credit,
        }


def quote_report(quote: SettlementQuote, lang: str = "en") -> Report:
    """A settlement quote: the figure, its parts, and a chart of the parts as a step
    (nothing before ``as_of``; the figure on ``on``).

    >>> from loancalc import LoanTerms, amortize, assess
    >>> s = amortize(LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    >>> quote = settlement_quote(assess(s, [], date(2024, 1, 10)), date(2024, 1, 10))
    >>> quote_report(quote).tables[0].totals
    ('Total', '1,000.00')
    """
    _ = translation(lang).gettext
    state, on, amount = quote.state, quote.on, quote.amount
    labels = {
        "principal": _("Principal"),
        "interest": _("Interest"),
        "fee": _("Fees"),
        "penalty_interest": _("Penalty interest"),
        "compound_interest": _("Compound interest"),
        "late_fee": _("Late fees"),
        "credit": _("Less credit"),
    }
    rows = tuple(
        (labels[key], amount_text(-quote.parts[key] if key == "credit" else quote.parts[key]))
        for key in PARTS
    )
    if amount >= 0:
        note = _("Paying {amount} on {date} closes the loan (no other payment assumed).")
    else:
        note = _("Nothing is owed on {date}: {amount} is due back to the borrower.")
    facts = (
        Fact(key="on", label=_("Settlement date"), value=on.isoformat()),
        Fact(key="amount", label=_("Early settlement amount"), value=amount_text(amount)),
        Fact(key="as_of", label=_("Payments up to"), value=state.as_of.isoformat()),
        Fact(
            key="interest_basis",
            label=_("Interest basis"),
            value=basis_word(_, state.rules.interest_basis.value),
        ),
    )
    table = Table(
        key="parts",
        caption=_("Parts of the settlement amount"),
        header=(_("Part"), _("Amount")),
        rows=rows,
        totals=(_("Total"), amount_text(amount)),
        left=(0,),
    )
    points = ((state.as_of, state.payoff_amount()),) if state.as_of != on else ()
    return Report(
        kind="quote",
        lang=lang,
        title=_("Early settlement on {date}").format(date=on.isoformat()),
        facts=facts,
        tables=(table,),
        chart=Chart(title=_("Settlement amount"), points=(*points, (on, amount))),
        notes=(note.format(amount=amount_text(abs(amount)), date=on.isoformat()),),
    )
