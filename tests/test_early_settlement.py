"""Statutory early settlement (issue 18, item 4): the UK Consumer Credit (Early Settlement)
Regulations 2004 as a product's settlement rule, beside "interest to date".

The worked example is the one of the BIS guidance on the regulations implementing the
Consumer Credit Directive (August 2010, chapter 5 revised November 2012), Appendix A
("Examples illustrating use of formulae for calculating rebate for full and partial
early settlement"), as quoted in https://forums.moneysavingexpert.com/discussion/6052698:
a loan of 5,000 repayable by 48 monthly instalments of 134.57 from one month after
1 March 2010; full settlement immediately after the 12th instalment, settlement date
1 March 2011; APR 14.0 %; periods in months of one twelfth of a year. The expected
figures below are that method worked by hand (the quote does not reach the guidance's
own result line).
"""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Decimal

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.calendar import add_months
from loancalc.errors import InvalidValueError, UnknownNameError
from loancalc.money import Rounding
from loancalc.servicing.balance_policies import CostCaps, Overpayment
from loancalc.servicing.settlement import settlement_figure
from loancalc.servicing.settlement_rules import (
    SETTLEMENT_RULES,
    StatutoryRebate,
    settlement_rule,
)

D = Decimal
_EXACT = decimal.Context(prec=50)
UK = lc.ServicingRules(settlement="uk-ccesr-2004")
UK_DEFERRED = lc.ServicingRules(settlement="uk-ccesr-2004-deferred")


def _pv(amounts: list[Decimal], apr: Decimal, offset: int = 0) -> Decimal:
    """sum A_k (1 + apr)^-(k + offset)/12 for k = 1, 2, ...: instalments whole months
    after the settlement date (hand formula, Decimal powers at 50 digits)."""
    with decimal.localcontext(_EXACT):
        return sum(
            (a * (1 + apr) ** (D(-(k + offset)) / 12) for k, a in enumerate(amounts, start=1)),
            D(0),
        )


def _bis_rows() -> tuple[lc.Schedule, list[tuple[Decimal, ...]]]:  # rows, outstanding
    # The due dates of the example (1 April 2010 to 1 March 2014); each instalment 134.57
    # (split 100.00 principal / 34.57 charges: the rebate formula reads only the total).
    schedule = lc.amortize(
        lc.LoanTerms(principal=5000, annual_rate="13.17%", term=48, start=date(2010, 3, 1))
    )
    outs: list[tuple[Decimal, ...]] = [(D("100.00"), D("34.57"), D(0), D(0), D(0), D(0))] * 48
    return schedule, outs


def test_bis_worked_example_full_settlement() -> None:
    schedule, outs = _bis_rows()
    rows = schedule.installments[12:]
    assert rows[0].due_date == date(2011, 4, 1)
    rule = StatutoryRebate(apr=D("0.14"), rounding=Rounding())
    # PV = sum_{k=1..36} 134.57 x 1.14^(-k/12) = 3,983.9396...; the 36 instalments left
    # total 4,844.52; rebate 860.5804..., allowed as 860.59 (at least the statutory
    # rebate: rounded up to the penny); settlement figure 4,844.52 - 860.59 = 3,983.93.
    pv = _pv([D("134.57")] * 36, D("0.14"))
    assert round(pv, 4) == D("3983.9396")
    figure = settlement_figure(
        outs[12:], [D(0)] * 36, rows, schedule.terms, date(2011, 3, 1), D(0), rule=rule
    )
    assert figure == D("3983.93")
    cuts = rule.rebates(outs[12:], rows, date(2011, 3, 1))
    assert sum(i + f for _, i, f in cuts) == D("860.59")
    # taken from the interest of the last instalments first: the last 24 give all their
    # 34.57 (829.68), the 12th from the end gives the other 30.91
    assert cuts[-1] == (35, D("34.57"), D("0"))
    assert cuts[0] == (11, D("30.91"), D("0"))


def test_bis_example_with_regulation_6_deferral() -> None:
    # Regulation 6 as made (agreements outside the Directive, term over a year): the
    # settlement date is deferred a month, to 1 April 2011. The instalment due that day
    # is asked for in full; the other 35 are discounted from 1 April 2011:
    # PV35 = sum_{k=1..35} 134.57 x 1.14^(-k/12); rebate = 35 x 134.57 - PV35, rounded up.
    schedule, outs = _bis_rows()
    rows = schedule.installments[12:]
    rule = StatutoryRebate(apr=D("0.14"), deferral_months=1, long_term=True)
    pv35 = _pv([D("134.57")] * 35, D("0.14"))
    rebate = (35 * D("134.57") - pv35).quantize(D("0.01"), rounding=decimal.ROUND_UP)
    expected = 36 * D("134.57") - rebate
    figure = settlement_figure(
        outs[12:], [D(0)] * 36, rows, schedule.terms, date(2011, 3, 1), D(0), rule=rule
    )
    assert figure == expected
    assert figure > D("3983.93")  # deferring costs the borrower about a month's interest


def test_the_rule_from_a_schedule_paid_as_agreed() -> None:
    # 5,000 at 13.17 % over 48 months from 1 March 2010: 47 x 134.56 and a last 134.55.
    schedule = lc.amortize(
        lc.LoanTerms(principal=5000, annual_rate="13.17%", term=48, start=date(2010, 3, 1))
    )
    rows = schedule.installments
    assert rows[0].payment == D("134.56")
    assert rows[-1].payment == D("134.55")
    rule = settlement_rule("uk-ccesr-2004", schedule)
    assert isinstance(rule, StatutoryRebate)
    assert rule.apr == D("0.14")  # its APRC in months, 13.9948 %, disclosed as 14.0 %
    paid = [lc.Payment(row.due_date, row.payment) for row in rows[:12]]
    on = date(2011, 3, 1)
    state = lc.assess(schedule, paid, on, UK)
    left = [row.payment for row in rows[12:]]
    # 36 instalments left, 4,844.15; their value at 14.0 %, sum a_k 1.14^(-k/12), is
    # 3,983.6368: the rebate by the formula, 860.52 (rounded up), is more than the
    # 860.25 of interest still to come, because the APR disclosed (14.0 %) is above the
    # loan's own (13.9948 %). A rebate is of charges: capped at 860.25, the figure is the
    # principal still owed, 3,983.90.
    rebate = (sum(left, D(0)) - _pv(left, D("0.14"))).quantize(D("0.01"), decimal.ROUND_UP)
    assert rebate == D("860.52")
    principal = sum((row.principal for row in rows[12:]), D(0))
    assert principal == D("3983.90")
    assert state.payoff_amount() == max(sum(left, D(0)) - rebate, principal) == principal
    # paying it settles the loan: nothing left, status settled
    closed = lc.assess(schedule, [*paid, lc.Payment(on, state.payoff_amount())], on, UK)
    assert closed.total_outstanding == 0
    assert closed.status == "settled"


def test_the_deferral_applies_only_past_a_year() -> None:
    short = lc.amortize(lc.LoanTerms(principal=1200, annual_rate="24%", term=12,
                                     start=date(2024, 1, 15)))  # fmt: skip
    longer = lc.amortize(lc.LoanTerms(principal=1200, annual_rate="24%", term=13,
                                      start=date(2024, 1, 15)))  # fmt: skip
    on = date(2024, 3, 1)
    assert lc.assess(short, [], on, UK_DEFERRED).payoff_amount() == (
        lc.assess(short, [], on, UK).payoff_amount()
    )
    deferred = settlement_rule("uk-ccesr-2004-deferred", longer)
    assert deferred is not None
    assert deferred.settlement_date(on) == add_months(on, 1)
    assert lc.assess(longer, [], on, UK_DEFERRED).payoff_amount() > (
        lc.assess(longer, [], on, UK).payoff_amount()
    )


# --------------------------------------------------------------------------------------
# The relation to interest to date
# --------------------------------------------------------------------------------------


def test_uk_is_not_bounded_by_interest_to_date_with_instalment_fees() -> None:
    # 12,000 at 0 % with a 0.5 % monthly fee (60.00 a month: instalments of 1,060.00),
    # settled on the 3rd due date after paying three. Interest to date rebates all nine
    # later fees (540.00) and asks 9,000.00. The statute: the APR from the monthly IRR r
    # of -12,000 and 12 x 1,060 (numpy-financial, an independent oracle), (1 + r)^12 - 1,
    # disclosed to 0.1 %; the nine instalments discounted at it from the 3rd due date.
    schedule = lc.amortize(lc.LoanTerms(principal=12000, annual_rate=0, term=12,
                                        start=date(2024, 1, 10),
                                        fees=lc.Fees(per_period_rate="0.5%")))  # fmt: skip
    rows = schedule.installments
    paid = [lc.Payment(row.due_date, row.payment) for row in rows[:3]]
    on = rows[2].due_date
    itd = lc.assess(schedule, paid, on).payoff_amount()
    uk = lc.assess(schedule, paid, on, UK).payoff_amount()
    assert itd == D("9000.00")
    monthly = D(repr(float(npf.irr([-12000] + [1060] * 12))))
    with decimal.localcontext(_EXACT):
        apr = ((1 + monthly) ** 12 - 1).quantize(D("0.001"), decimal.ROUND_HALF_UP)
    assert apr == D("0.115")  # 11.5 %
    rebate = (9 * D(1060) - _pv([D(1060)] * 9, apr)).quantize(D("0.01"), decimal.ROUND_UP)
    assert uk == 9 * D(1060) - rebate
    assert uk > itd + 100  # the statute rebates only the unearned, discounted fees


def test_uk_may_be_below_interest_to_date_between_due_dates() -> None:
    # 10,000 at 36 % over 12 months, nothing paid, settled 26 days into the first period
    # (15 January to 10 February 2024). Interest to date: 10,000 x 36 % x 26/360 = 260.00.
    # The statute: the 12 instalments discounted at the APRC (42.6 %) from 10 February:
    # 5 days before the first due date, so about 10,000 x 1.426^(1/12 - 5/365)... ~ 250.
    schedule = lc.amortize(lc.LoanTerms(principal=10000, annual_rate="36%", term=12,
                                        start=date(2024, 1, 15)))  # fmt: skip
    on = date(2024, 2, 10)
    itd = lc.assess(schedule, [], on).payoff_amount()
    assert itd == D("10260.00")
    assert lc.assess(schedule, [], on, UK).payoff_amount() < itd


def _floor_and_ceiling(state: lc.LoanState, on: date) -> tuple[Decimal, Decimal]:
    """What no rule may go below (everything but the charges of instalments not yet due)
    or above (everything outstanding), less the credit."""
    later = [i for i in state.installments if i.due_date > on]
    charges = sum((i.outstanding.interest + i.outstanding.fee for i in later), D(0))
    ceiling = state.total_outstanding - state.credit
    return ceiling - charges, ceiling


@st.composite
def _scheduled_loans(draw: st.DrawFn) -> tuple[lc.Schedule, list[lc.Payment], date]:
    term = draw(st.integers(1, 36))
    rate = draw(st.sampled_from(["0%", "4.35%", "12%", "24%", "36%"]))
    fee = draw(st.sampled_from([None, "0.3%", "1%"]))
    start = date(2022, 1, 1) + timedelta(days=draw(st.integers(0, 900)))
    fees = lc.Fees(per_period_rate=fee) if fee else lc.Fees()
    principal = draw(st.integers(500, 80_000))
    schedule = lc.amortize(
        lc.LoanTerms(principal=principal, annual_rate=rate, term=term, start=start, fees=fees)
    )
    paid_count = draw(st.integers(0, term - 1))
    payments = [lc.Payment(r.due_date, r.payment) for r in schedule.installments[:paid_count]]
    last = schedule.installments[paid_count - 1].due_date if paid_count else start
    following = schedule.installments[paid_count].due_date
    on = last + timedelta(days=draw(st.integers(0, (following - last).days)))
    return schedule, payments, on


@settings(max_examples=80, deadline=None)
@given(_scheduled_loans())
def test_both_rules_lie_between_the_same_floor_and_ceiling(case) -> None:  # type: ignore[no-untyped-def]
    # The true relation: neither figure bounds the other (see the two tests above), but
    # both rebate only charges of instalments not yet due, never more than all of them.
    schedule, payments, on = case
    for rules in (lc.ServicingRules(), UK, UK_DEFERRED):
        state = lc.assess(schedule, payments, on, rules)
        floor, ceiling = _floor_and_ceiling(state, on)
        assert floor <= state.payoff_amount() <= ceiling


@settings(max_examples=60, deadline=None)
@given(_scheduled_loans())
def test_on_a_due_date_without_fees_the_rules_agree_to_the_cent_scale(case) -> None:  # type: ignore[no-untyped-def]
    # Paid as agreed, on a due date, no fees, the rebate discounted at the loan's own APRC
    # (unrounded): the statutory value of what is left is the schedule's balance, up to
    # the level payment's rounding to the cent: within 0.02 % of the balance and a cent.
    schedule, payments, _ = case
    assume_no_fees = schedule.terms.fees == lc.Fees()
    if not assume_no_fees or schedule.terms.annual_rate == 0:
        return
    rows = schedule.installments
    k = len(payments)
    on = rows[k - 1].due_date if k else schedule.terms.start
    exact = StatutoryRebate(
        apr=lc.apr.annualized(schedule, "eu-aprc", time_unit="month"),
        rounding=schedule.terms.rounding,
    )
    outs = [(r.principal, r.interest, r.fee, D(0), D(0), D(0)) for r in rows[k:]]
    zeros = [D(0)] * len(outs)
    itd = settlement_figure(outs, zeros, rows[k:], schedule.terms, on, D(0))
    uk = settlement_figure(outs, zeros, rows[k:], schedule.terms, on, D(0), rule=exact)
    assert abs(uk - itd) <= itd * D("0.0002") + D("0.01")


# --------------------------------------------------------------------------------------
# Paying the quote settles the loan, on every product and both rules
# --------------------------------------------------------------------------------------

_RATES = {"cn-bank-consumer-loan": "4.35%", "eu-consumer-credit": "7%", "us-fixed-mortgage": "6%"}


def _with_basis(rules: lc.ServicingRules, basis: str, settlement: str) -> lc.ServicingRules:
    if basis == "actual-balance":
        return rules.replace(interest_basis=basis, relief_windows=(), settlement=settlement)
    return rules.replace(interest_basis=basis, overpayment=Overpayment.REDUCE_PRINCIPAL,
                         interest_free=None, promotions=(), caps=CostCaps(),
                         settlement=settlement)  # fmt: skip


@st.composite
def _product_loans(
    draw: st.DrawFn,
) -> tuple[lc.Schedule, lc.ServicingRules, list[lc.Payment], date]:
    name = draw(st.sampled_from(lc.products.names()))
    product = lc.products.get(name)
    basis = draw(st.sampled_from(["scheduled", "actual-balance"]))
    settlement = (
        draw(st.sampled_from(SETTLEMENT_RULES)) if basis == "scheduled" else "interest-to-date"
    )
    rules = _with_basis(product.servicing, basis, settlement)
    start = date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 700)))
    term = draw(st.integers(1, 24))
    principal = draw(st.integers(100, 50_000))
    schedule = lc.amortize(
        product.terms(principal=principal, annual_rate=_RATES.get(name), term=term, start=start)
    )
    payments = []
    for row in schedule.installments:
        how = draw(st.sampled_from(["on-time", "late", "missed"]))
        if how == "on-time":
            payments.append(lc.Payment(row.due_date, row.payment))
        elif how == "late":
            payments.append(lc.Payment(row.due_date + timedelta(days=draw(st.integers(1, 45))),
                                       row.payment))  # fmt: skip
    on = start + timedelta(days=draw(st.integers(0, (schedule.maturity - start).days + 40)))
    return schedule, rules, sorted(payments, key=lambda p: p.date), on


@settings(max_examples=120, deadline=None)
@given(_product_loans(), st.integers(1, 400))
def test_paying_the_quote_settles_the_loan_by_every_rule(case, later: int) -> None:  # type: ignore[no-untyped-def]
    schedule, rules, payments, on = case
    paid = [p for p in payments if p.date <= on]
    state = lc.assess(schedule, paid, on, rules)
    quote = state.payoff_amount()
    if quote <= 0:
        return
    closing = [*paid, lc.Payment(on, quote, "quote")]
    for day in (on, on + timedelta(days=later)):
        closed = lc.assess(schedule, closing, day, rules)
        assert closed.total_outstanding == 0, (rules.settlement, day)
        assert closed.credit == 0, day
        assert closed.payoff_amount() == 0, day
        assert closed.status in {"settled", "paid-off"}, day
    short = lc.assess(schedule, [*paid, lc.Payment(on, quote - D("0.01"), "short")], on, rules)
    assert short.settled_on is None  # a cent short of the quote settles nothing


@settings(max_examples=60, deadline=None)
@given(_scheduled_loans(), st.sampled_from(SETTLEMENT_RULES))
def test_restructurings_debt_is_the_quote_by_every_rule(case, settlement: str) -> None:  # type: ignore[no-untyped-def]
    # lc.restructure replaces the debt of restructuring.debt_on: the same figure as the
    # quote, part by part, whichever rule the product names.
    from loancalc.restructuring.debt import DebtPart, debt_on

    schedule, payments, on = case
    rules = lc.ServicingRules(settlement=settlement)
    state = lc.assess(schedule, payments, on, rules)
    debt = debt_on(state, on)
    assert debt.total - debt.credit == state.payoff_amount()
    assert all(amount >= 0 for amount in debt.parts.values())
    assert debt.parts[DebtPart.PRINCIPAL] == state.outstanding.principal


# --------------------------------------------------------------------------------------
# The rule as product data
# --------------------------------------------------------------------------------------


def test_the_rule_is_product_data(tmp_path: object) -> None:
    assert lc.ServicingRules().settlement == "interest-to-date"
    assert lc.ServicingRules.from_dict(UK.to_dict()) == UK
    product = lc.products.get("eu-consumer-credit")
    assert product.servicing.settlement == "interest-to-date"
    uk_product = product.replace(servicing=product.servicing.replace(settlement="uk-ccesr-2004"))
    again = lc.products.ProductRules.from_toml(uk_product.to_toml())
    assert again.servicing.settlement == "uk-ccesr-2004"
    assert 'settlement = "uk-ccesr-2004"' in uk_product.to_toml()


def test_bad_rules_are_named() -> None:
    with pytest.raises(UnknownNameError) as unknown:
        lc.ServicingRules(settlement="rule-of-78")
    assert unknown.value.field == "settlement"
    assert "uk-ccesr-2004" in unknown.value.accepted
    with pytest.raises(InvalidValueError) as basis:
        lc.ServicingRules(settlement="uk-ccesr-2004", interest_basis="actual-balance")
    assert basis.value.field == "settlement"
    assert "actual-balance" in basis.value.accepted


def test_the_quote_command_uses_the_products_rule(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    from pathlib import Path

    import loancalc.cli.quote_command  # noqa: F401  (registers the command)
    from loancalc.cli import main

    product = lc.products.get("eu-consumer-credit")
    uk_product = product.replace(servicing=product.servicing.replace(settlement="uk-ccesr-2004"))
    path = Path(str(tmp_path)) / "uk-loan.toml"
    path.write_text(uk_product.to_toml(), encoding="utf-8")
    schedule = lc.amortize(uk_product.terms(principal=5000, annual_rate="13.17%", term=48,
                                            start=date(2010, 3, 1)))  # fmt: skip
    paid = [lc.Payment(r.due_date, r.payment) for r in schedule.installments[:12]]
    on = date(2011, 3, 15)  # between due dates, where the two rules differ
    expected = lc.assess(schedule, paid, on, uk_product.servicing).payoff_amount()
    argv = [
        "quote",
        "--product",
        str(path),
        "--principal",
        "5000",
        "--rate",
        "13.17%",
        "--term",
        "48",
        "--start",
        "2010-03-01",
        "--on",
        on.isoformat(),
        "--format",
        "json",
    ]
    argv += [f"--payment={p.date.isoformat()}:{p.amount}" for p in paid]  # fmt: skip
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert D(data["amount"]) == expected
    itd = lc.assess(schedule, paid, on, product.servicing).payoff_amount()
    assert expected != itd
