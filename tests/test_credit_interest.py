"""Interest paid to the borrower on credit held (``ServicingRules.credit_interest``).

3.65 % a year by ACT/365F is 0.0001 of the credit a day, which keeps the hand figures
short.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch
from loancalc.cli import main
from loancalc.errors import InvalidValueError
from loancalc.servicing import CreditInterest, ServicingRules, assess_dates

PAYS = CreditInterest(annual_rate="3.65%")
START = date(2024, 1, 1)


def _zero_rate(term: int) -> lc.Schedule:
    return lc.amortize(lc.LoanTerms(principal=1000, annual_rate=0, term=term, start=START))


@pytest.mark.parametrize("basis", ["scheduled", "actual-balance"])
def test_an_overpayment_earns_interest_until_it_is_refunded(basis: str) -> None:
    # 1,000 at 0 % in one instalment due 02-01; 2,000 paid that day: 1,000 of credit.
    # By 03-02, 30 days: 1,000 x 0.0001 x 30 = 3.00, paid into the credit (1,003.00).
    # 503.00 refunded on 03-02 leaves 500.00, which earns 500 x 0.0001 x 10 = 0.50 by
    # 03-12: 3.50 in all, 500.50 held.
    rules = ServicingRules(credit_interest=PAYS, interest_basis=basis)
    paid = [lc.Payment(date(2024, 2, 1), "2000")]
    state = lc.assess(_zero_rate(1), paid, date(2024, 3, 2), rules)
    assert (state.credit, state.credit_interest) == (Decimal("1003.00"), Decimal("3.00"))
    assert state.payoff_amount() == Decimal("-1003.00")
    later = lc.assess(
        _zero_rate(1), [*paid, lc.Refund(date(2024, 3, 2), "503")], date(2024, 3, 12), rules
    )
    assert (later.credit, later.credit_interest) == (Decimal("500.50"), Decimal("3.50"))
    assert later.total_allocated + later.credit == (
        later.total_paid - later.total_refunded + later.credit_interest
    )
    kinds = [(e.date, e.amount) for e in later.events if e.kind.value == "credit-interest"]
    assert kinds == [(date(2024, 3, 2), Decimal("3.00")), (date(2024, 3, 12), Decimal("0.50"))]


def test_credit_held_for_the_next_instalments_earns_interest() -> None:
    # Actual-balance basis, money held as credit until due: 1,000 at 0 % in two
    # instalments of 500 (02-01, 03-01), 600 paid on the advance (less than the 1,000
    # that would settle the loan). 31 days on 600: 1.86, paid in on 02-01 before the
    # instalment takes 500 (101.86 left); 29 days on 101.86: 0.295394. The total,
    # 2.155394, rounds to 2.16 (0.30 paid in on 03-01); the 102.16 held pays toward the
    # second instalment, leaving 397.84 owed.
    rules = ServicingRules(
        credit_interest=PAYS, interest_basis="actual-balance", overpayment="credit"
    )
    state = lc.assess(_zero_rate(2), [lc.Payment(START, "600")], date(2024, 3, 1), rules)
    assert state.credit_interest == Decimal("2.16")
    assert state.credit == 0
    assert state.outstanding.total == Decimal("397.84")


def test_no_rule_no_interest() -> None:
    state = lc.assess(_zero_rate(1), [lc.Payment(date(2024, 2, 1), "2000")], date(2024, 3, 2))
    assert (state.credit, state.credit_interest) == (Decimal("1000.00"), Decimal("0.00"))
    assert "credit_interest" not in state.to_dict()


def test_bad_rates_are_refused() -> None:
    for rate in ("0", "-1%", "101%"):
        with pytest.raises(InvalidValueError, match=r"credit_interest\.annual_rate"):
            CreditInterest(annual_rate=rate)
    with pytest.raises(InvalidValueError, match="credit_interest"):
        ServicingRules(credit_interest="3%")  # type: ignore[arg-type]


def test_the_rules_keep_it_and_batch_computes_it_with_lc_assess() -> None:
    rules = ServicingRules(credit_interest=PAYS)
    assert ServicingRules.from_dict(rules.to_dict()) == rules
    book = [_zero_rate(1)]
    for basis in ("scheduled", "actual-balance"):
        ruled = rules.replace(interest_basis=basis)
        found = batch.assess(book, ([0], [date(2024, 2, 1)], ["2000"]), date(2024, 3, 2), ruled)
        assert found.fallback.tolist() == [0]
        assert "interest paid on credit" in found.fallback_reasons[0]
        assert found.credit.tolist() == [100300]


def test_the_cli_option(capsys: pytest.CaptureFixture[str]) -> None:
    code = main([
        "assess", "--principal", "1000", "--rate", "0", "--term", "1", "--start", "2024-01-01",
        "--payment", "2024-02-01:2000", "--as-of", "2024-03-02", "--credit-interest", "3.65%",
    ])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "credit 1,003.00 with 3.00 of interest" in out
    assert main(["assess", "--principal", "1000", "--rate", "0", "--term", "1", "--start",
                 "2024-01-01", "--as-of", "2024-03-02", "--credit-interest", "0"]) == 2  # fmt: skip
    assert "--credit-interest" in capsys.readouterr().err


def test_a_line_counts_its_draws_credit_interest() -> None:
    # One draw of 1,000 repaid with 1,500 on 01-11: what is beyond the draw's settlement
    # figure is held by the draw as credit and earns interest.
    from loancalc.lines import CreditLine, LinePayment

    product = lc.products.get("cn-daily-rate-credit-line")
    paying = product.replace(servicing=product.servicing.replace(credit_interest=PAYS))
    line = CreditLine(limit="5000", product=paying, opened=START)
    line = line.with_draw(START, "1000", term=1)
    state = line.assess([LinePayment(date(2024, 1, 11), "1500")], date(2024, 2, 20))
    assert state.credit_interest > 0
    assert state.total_allocated + state.credit == state.total_paid + state.credit_interest


_DAYS = st.integers(0, 120)


@settings(max_examples=120, deadline=None)
@given(
    amounts=st.lists(st.integers(1, 150000), min_size=1, max_size=5),
    days=st.lists(_DAYS, min_size=5, max_size=5),
    refund=st.integers(0, 100000),
    basis=st.sampled_from(["scheduled", "actual-balance"]),
    overpayment=st.sampled_from(["reduce-principal", "credit"]),
    rate=st.sampled_from(["12%", "0"]),
    as_of_days=st.integers(0, 200),
)
def test_credit_interest_keeps_the_ledger_and_only_grows(  # noqa: PLR0917
    amounts: list[int],
    days: list[int],
    refund: int,
    basis: str,
    overpayment: str,
    rate: str,
    as_of_days: int,
) -> None:
    # What was received, refunded and paid in as interest is accounted for to the cent;
    # the interest paid in never falls as the assessment date moves on; without credit
    # there is none; and assess_dates gives each day's own assessment.
    schedule = lc.amortize(
        lc.LoanTerms(principal=1000, annual_rate=rate, term=3, start=START, accrual="daily")
    )
    overpaid = overpayment if basis == "actual-balance" else "reduce-principal"
    rules = ServicingRules(credit_interest=PAYS, interest_basis=basis, overpayment=overpaid)
    paid: list[Any] = [
        lc.Payment(START + timedelta(days=day), Decimal(cents) / 100)
        for day, cents in zip(days, amounts, strict=False)
    ]
    as_of = START + timedelta(days=as_of_days)
    before = lc.assess(schedule, paid, as_of, rules)
    if refund and before.credit >= Decimal(refund) / 100:
        paid.append(lc.Refund(as_of, Decimal(refund) / 100))
    states = [lc.assess(schedule, paid, as_of + timedelta(days=n), rules) for n in (0, 15, 60)]
    for state in states:
        assert state.credit_interest >= 0
        assert state.total_allocated + state.credit == (
            state.total_paid - state.total_refunded + state.credit_interest
        )
        total = state.paid.total + state.waived.total + state.outstanding.total
        assert total == state.charged.total
    interest = [state.credit_interest for state in states]
    assert interest == sorted(interest)
    if all(state.credit == 0 for state in states) and before.credit == 0:
        assert interest[-1] == 0 or any(e.kind.value == "credit-carried" for e in states[-1].events)
    days_wanted = [as_of + timedelta(days=n) for n in (0, 15, 60)]
    assert assess_dates(schedule, paid, days_wanted, rules) == states


def test_the_assessment_reports_show_it() -> None:
    from loancalc.reports.assessment_report import assessment_report

    rules = ServicingRules(credit_interest=PAYS)
    state = lc.assess(_zero_rate(1), [lc.Payment(date(2024, 2, 1), "2000")], date(2024, 3, 2),
                      rules)  # fmt: skip
    for lang, label in (("en", "Interest paid on credit"), ("zh", "溢缴款利息合计")):
        fact = assessment_report(state, lang).fact("credit_interest")
        assert (fact.label, fact.value) == (label, "3.00")
    plain = lc.assess(_zero_rate(1), [lc.Payment(date(2024, 2, 1), "2000")], date(2024, 3, 2))
    with pytest.raises(KeyError):
        assessment_report(plain, "en").fact("credit_interest")
