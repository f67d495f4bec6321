"""Events beyond payments (loancalc.servicing.ledger_events): hand-worked examples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import loancalc as lc
from loancalc.errors import InvalidTypeError, InvalidValueError, LoanCalcError
from loancalc.servicing.components import Component
from loancalc.servicing.ledger_events import Charge, LedgerEvent, Refund, Reversal, WriteOff

D = Decimal
# 12,000 at 18 % over 12 months from 2024-01-15: 1,100.16 a month (instalment 1: 920.16
# principal + 180.00 interest), due on the 15th from 2024-02-15.
LOAN = lc.amortize(lc.LoanTerms(principal=12000, annual_rate="18%", term=12,
                                start=date(2024, 1, 15)))  # fmt: skip
# Grace 3 days (retroactive), penalty 1.5 x 18 % = 27 % a year (ACT/360), compound on interest.
RULES = lc.ServicingRules(
    grace=lc.GracePolicy(days=3),
    penalty=lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="multiplier", value="1.5"), compound=True),
)
# 1,000 at 0 % over 2 months from 2024-01-01: 500.00 due 2024-02-01 and 2024-03-01.
FLAT = lc.amortize(lc.LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))

BASES = ("scheduled", "actual-balance")


def _identity(state: lc.LoanState) -> None:
    assert state.total_allocated + state.credit == state.total_paid - state.total_refunded
    for row in state.installments:
        for c in Component:
            assert row.paid.get(c) + row.waived.get(c) + row.outstanding.get(c) == row.charged.get(
                c
            )


# ---- a bounced payment with a 25.00 returned-payment charge --------------------------------


def test_bounced_payment_counts_until_its_reversal_then_the_loan_is_replayed_without_it() -> None:
    events: list[LedgerEvent] = [lc.Payment(date(2024, 2, 15), "1100.16", "TX-1"),
                                 Reversal(date(2024, 2, 20), "TX-1", charge="25.00")]  # fmt: skip
    before = lc.assess(LOAN, events, date(2024, 2, 19), RULES)
    assert before.days_past_due == 0
    assert (before.total_paid, before.total_reversed) == (D("1100.16"), D(0))
    after = lc.assess(LOAN, events, date(2024, 2, 25), RULES)
    # Instalment 1 unpaid since its due date 2024-02-15: 10 days on 2024-02-25; grace is
    # retroactive, so penalty runs from the due date:
    # penalty 920.16 x 27 %/360 x 10 = 6.9012 -> 6.90; compound 180.00 x 27 %/360 x 10 = 1.35.
    assert after.days_past_due == 10
    assert (after.penalty_interest, after.compound_interest) == (D("6.90"), D("1.35"))
    # due: 1,100.16 + 6.90 + 1.35 + the 25.00 returned-payment charge = 1,133.41
    assert after.late_fees == D("25.00")
    assert after.amount_due == D("1133.41")
    assert (after.total_paid, after.total_reversed, after.total_allocated) == (
        D(0),
        D("1100.16"),
        D(0),
    )
    kinds = [e.kind.value for e in after.events]
    assert "charge-added" in kinds
    assert "payment-received" not in kinds
    _identity(after)


@pytest.mark.parametrize("basis", BASES)
def test_the_products_returned_payment_fee_unless_the_reversal_gives_one(basis: str) -> None:
    rules = lc.ServicingRules(interest_basis=basis, returned_payment_fee="25.00")
    paid = lc.Payment(date(2024, 2, 1), "500.00", "TX-1")
    product_fee = lc.assess(FLAT, [paid, Reversal(date(2024, 2, 5), "TX-1")],
                            date(2024, 2, 10), rules)  # fmt: skip
    own_fee = lc.assess(FLAT, [paid, Reversal(date(2024, 2, 5), "TX-1", charge="10.00")],
                        date(2024, 2, 10), rules)  # fmt: skip
    # 500.00 unpaid since 02-01 plus the fee
    assert (product_fee.late_fees, product_fee.amount_due) == (D("25.00"), D("525.00"))
    assert (own_fee.late_fees, own_fee.amount_due) == (D("10.00"), D("510.00"))


@pytest.mark.parametrize("basis", BASES)
def test_a_reversal_on_the_actual_balance_basis_replays_too(basis: str) -> None:
    rules = RULES.replace(interest_basis=basis)
    paid = lc.Payment(date(2024, 2, 15), "1100.16", "TX-1")
    with_reversal = lc.assess(LOAN, [paid, Reversal(date(2024, 2, 20), "TX-1")],
                              date(2024, 2, 25), rules)  # fmt: skip
    without = lc.assess(LOAN, [], date(2024, 2, 25), rules)
    assert with_reversal.installments == without.installments
    assert with_reversal.days_past_due == without.days_past_due == 10
    assert with_reversal.total_reversed == D("1100.16")


# ---- a refund of an overpayment ---------------------------------------------------------------


def test_refund_of_an_overpayment_leaves_instalment_2_unpaid() -> None:
    # 600.00 paid on 2024-02-01: 500.00 pays instalment 1, 100.00 is credit; 100.00 refunded
    # on 2024-02-03: no credit left to pay instalment 2 on 2024-03-01.
    events: list[LedgerEvent] = [
        lc.Payment(date(2024, 2, 1), "600.00", "TX-1"),
        Refund(date(2024, 2, 3), "100.00"),
    ]
    state = lc.assess(FLAT, events, date(2024, 3, 5))
    assert (state.total_paid, state.total_allocated, state.credit) == (
        D("600.00"),
        D("500.00"),
        D(0),
    )
    assert state.total_refunded == D("100.00")
    assert state.installments[1].outstanding.principal == D("500.00")
    assert state.days_past_due == 4  # 2024-03-01 -> 2024-03-05
    kept = lc.assess(FLAT, events[:1], date(2024, 3, 5))  # without the refund: 400.00 left
    assert kept.installments[1].outstanding.principal == D("400.00")
    _identity(state)


def test_refund_larger_than_the_credit_is_refused_naming_the_credit() -> None:
    events: list[LedgerEvent] = [
        lc.Payment(date(2024, 2, 1), "600.00"),
        Refund(date(2024, 2, 3), "100.01"),
    ]
    with pytest.raises(InvalidValueError) as caught:
        lc.assess(FLAT, events, date(2024, 3, 5))
    message = str(caught.value)
    assert "refund.amount" in message
    assert "100.01" in message
    assert "(100.00)" in message


def test_refund_on_the_actual_balance_basis_of_credit_held() -> None:
    # overpayment held as credit: 600.00 on 2024-02-01 pays demand 1 (500.00), 100.00 is
    # credit; refunded on 2024-02-03, so demand 2 (500.00, 2024-03-01) is unpaid on 03-05.
    rules = lc.ServicingRules(interest_basis="actual-balance", overpayment="credit")
    events: list[LedgerEvent] = [
        lc.Payment(date(2024, 2, 1), "600.00"),
        Refund(date(2024, 2, 3), "100.00"),
    ]
    state = lc.assess(FLAT, events, date(2024, 3, 5), rules)
    assert (state.credit, state.total_refunded, state.days_past_due) == (D(0), D("100.00"), 4)
    assert state.amount_due == D("500.00")
    kept = lc.assess(FLAT, events[:1], date(2024, 3, 5), rules)  # the credit pays 100.00
    assert kept.amount_due == D("400.00")
    _identity(state)
    with pytest.raises(InvalidValueError, match=r"refund\.amount"):
        lc.assess(FLAT, [events[0], Refund(date(2024, 2, 3), "100.01")], date(2024, 3, 5), rules)


def test_manual_charge_on_the_actual_balance_basis() -> None:
    rules = lc.ServicingRules(interest_basis="actual-balance")
    events: list[LedgerEvent] = [
        lc.Payment(date(2024, 2, 1), "500.00"),
        Charge(date(2024, 2, 10), "15.00", "copy"),
    ]
    state = lc.assess(FLAT, events, date(2024, 2, 15), rules)
    assert (state.late_fees, state.amount_due, state.days_past_due) == (D("15.00"), D("15.00"), 0)
    assert state.total_outstanding == D("515.00")  # 500.00 principal not yet due + 15.00
    _identity(state)


# ---- a manual charge ---------------------------------------------------------------------------


def test_a_manual_charge_is_due_at_once_and_never_makes_the_loan_past_due() -> None:
    events: list[LedgerEvent] = [lc.Payment(date(2024, 2, 1), "500.00"),
              Charge(date(2024, 2, 10), "15.00", "statement copy")]  # fmt: skip
    state = lc.assess(FLAT, events, date(2024, 2, 15))
    first = state.installments[0]
    assert (first.charged.late_fee, first.outstanding.late_fee) == (D("15.00"), D("15.00"))
    assert state.amount_due == D("15.00")
    assert state.days_past_due == 0
    assert [e.note for e in state.events if e.kind.value == "charge-added"] == ["statement copy"]
    paid = lc.assess(FLAT, [*events, lc.Payment(date(2024, 2, 20), "15.00")], date(2024, 2, 25))
    assert paid.installments[0].outstanding.late_fee == 0
    assert paid.credit == 0
    _identity(paid)


def test_credit_held_pays_a_manual_charge_the_day_it_is_added() -> None:
    events: list[LedgerEvent] = [
        lc.Payment(date(2024, 2, 1), "520.00"),
        Charge(date(2024, 2, 10), "15.00", "copy"),
    ]
    state = lc.assess(FLAT, events, date(2024, 2, 15))
    # 20.00 credit pays the 15.00 charge: 5.00 left
    assert (state.credit, state.installments[0].outstanding.late_fee) == (D("5.00"), D(0))
    _identity(state)


# ---- a write-off at 180 days past due, then a recovery --------------------------------------


@pytest.mark.parametrize("basis", BASES)
def test_write_off_at_180_days_past_due_then_a_recovery(basis: str) -> None:
    rules = RULES.replace(interest_basis=basis)
    # instalment 1 paid; instalment 2 (due 2024-03-15) never: on 2024-09-11 it is
    # 16 + 30 + 31 + 30 + 31 + 31 + 11 = 180 days past due, and everything is written off.
    paid = lc.Payment(date(2024, 2, 15), "1100.16")
    events: list[LedgerEvent] = [paid, WriteOff(date(2024, 9, 11)),
                                 lc.Payment(date(2024, 10, 1), "300.00", "R-1")]  # fmt: skip
    assert lc.assess(LOAN, [paid], date(2024, 9, 11), rules).days_past_due == 180
    state = lc.assess(LOAN, events, date(2024, 10, 5), rules)
    assert state.status == "written-off"
    assert (state.total_outstanding, state.days_past_due) == (D(0), 0)
    # the recovery is held as credit, and counted
    assert (state.recoveries, state.credit, state.total_paid) == (
        D("300.00"), D("300.00"), D("1400.16"),
    )  # fmt: skip
    written = state.written_off
    # all the principal not paid is written off: 12,000.00 - 920.16 (basis-independent
    # only on the scheduled basis, where instalment 1 paid exactly its 920.16)
    if basis == "scheduled":
        assert written.principal == D("11079.84")
        # interest: that of instalments 2..7 (due 03-15 .. 08-15), fallen due by 09-11;
        # that of instalments 8..12, not yet due, is cancelled
        assert written.interest == sum(row.interest for row in LOAN.installments[1:7])
    assert written.principal == 12000 - state.paid.principal
    assert written.penalty_interest == state.charged.penalty_interest > 0
    assert state.waived.total == 0
    assert "settled" not in [e.kind.value for e in state.events]  # a recovery settles nothing
    # a charge after the write-off is all that closes the loan then
    charged = lc.assess(LOAN, [*events, Charge(date(2024, 10, 2), "10.00", "copy")],
                        date(2024, 10, 5), rules)  # fmt: skip
    # the 300.00 credit pays the 10.00 at once: 290.00 credit held, nothing owed (the
    # payoff figure nets the credit, as for a settled loan)
    assert charged.credit == D("290.00")
    assert charged.payoff_amount() == D("-290.00")
    for c in Component:
        assert state.paid.get(c) + state.waived.get(c) + written.get(c) + (
            state.outstanding.get(c)
        ) == state.charged.get(c)
    _identity(state)


@pytest.mark.parametrize("basis", BASES)
def test_a_written_off_loan_reads_g_in_the_repayment_status_string(basis: str) -> None:
    events: list[LedgerEvent] = [lc.Payment(date(2024, 2, 15), "1100.16"),
                                 WriteOff(date(2024, 9, 11))]  # fmt: skip
    state = lc.assess(LOAN, events, date(2024, 12, 31), RULES.replace(interest_basis=basis))
    # Jan: opened (*); Feb: paid (N); instalment 2 (due 03-15) unpaid at each month end:
    # 16, 46, 77, 107, 138, 169 days (bands 1..6); written off on 09-11: G from September
    assert state.history.status_string(12) == "*N123456GGGG"


def test_a_partial_write_off_takes_what_is_due_by_the_allocation_order() -> None:
    # instalment 1 (500.00, due 2024-02-01) unpaid: 200.00 of its principal written off
    events: list[LedgerEvent] = [WriteOff(date(2024, 2, 10), "200.00")]
    state = lc.assess(FLAT, events, date(2024, 2, 15))
    assert state.installments[0].outstanding.principal == D("300.00")
    assert state.written_off.principal == D("200.00")
    assert state.status == "overdue"
    with pytest.raises(InvalidValueError, match=r"writeoff\.amount"):
        lc.assess(FLAT, [WriteOff(date(2024, 2, 10), "500.01")], date(2024, 2, 15))


# ---- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "field"),
    [
        ([Reversal(date(2024, 2, 5), "TX-9")], "payments[0].reverses"),
        ([lc.Payment(date(2024, 2, 1), "500", "TX-1"), Reversal(date(2024, 2, 5), "TX-1"),
          Reversal(date(2024, 2, 6), "TX-1")], "payments[2].reverses"),
        ([lc.Payment(date(2024, 2, 1), "500", "TX-1"), Reversal(date(2024, 1, 30), "TX-1")],
         "payments[1].date"),
        ([lc.Payment(date(2024, 2, 1), "500", "A"), Charge(date(2024, 2, 2), "5", "x",
                                                          reference="A")], "payments[1].reference"),
        ([lc.Payment(date(2024, 2, 1), "500"), "refund"], "payments[1]"),
        ([lc.Payment(date(2024, 2, 1), "500"), Charge(date(2024, 2, 2), "5.001", "x")],
         "payments[1].amount"),
    ],
)  # fmt: skip
def test_bad_event_lists_are_refused_naming_the_field(events: list[Any], field: str) -> None:
    with pytest.raises(LoanCalcError) as caught:
        lc.assess(FLAT, events, date(2024, 3, 5))
    assert str(caught.value).startswith(field)


def test_a_reversal_after_as_of_is_still_checked() -> None:
    with pytest.raises(InvalidValueError, match=r"reverses"):
        lc.assess(FLAT, [Reversal(date(2024, 6, 1), "nope")], date(2024, 3, 5))


def test_records_refuse_bad_fields() -> None:
    with pytest.raises(InvalidTypeError, match=r"refund.date"):
        Refund("2024-01-01", "10")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"charge.reason"):
        Charge(date(2024, 1, 1), "10", " ")
    with pytest.raises(InvalidValueError, match=r"reversal.known_on"):
        Reversal(date(2024, 1, 2), "A", known_on=date(2024, 1, 1))


def test_known_on_leaves_out_a_reversal_not_yet_learnt_of() -> None:
    events: list[LedgerEvent] = [lc.Payment(date(2024, 2, 1), "500", "TX-1"),
              Reversal(date(2024, 2, 5), "TX-1", known_on=date(2024, 2, 9))]  # fmt: skip
    as_known = [lc.assess(FLAT, events, date(2024, 2, 10), known_on=day).days_past_due
                for day in (date(2024, 2, 8), date(2024, 2, 9))]  # fmt: skip
    assert as_known == [0, 9]
