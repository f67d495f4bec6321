"""Late fees dated on the due date and taken out of that day's payment
(``LateFeePolicy(charged_on="due-date")``), against the default (charged when grace ends).

The loan of the hand-checked cases: 1,200.00 at 12 % a year in 3 monthly instalments
from 2024-01-01. The level payment is 1,200 x 0.01 / (1 - 1.01^-3) = 408.0265..: 408.03;
the first instalment is 12.00 of interest (1 % of 1,200.00) and 396.03 of principal.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch
from loancalc.errors import InvalidValueError
from loancalc.servicing import GracePolicy, LateFeePolicy, ServicingRules, assess_dates

SCHEDULE = lc.amortize(
    lc.LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 1))
)
FEES_FIRST = "penalties-fees-interest-principal"


def _rules(charged_on: str, *, grace: int = 0, repeat: int | None = None, **extra: Any) -> Any:
    fee = LateFeePolicy(kind="fixed", amount="10", repeat_days=repeat, charged_on=charged_on)
    return ServicingRules(
        grace=GracePolicy(days=grace), late_fee=fee, allocation=FEES_FIRST, **extra
    )


def test_the_schedule_is_the_one_the_cases_assume() -> None:
    first = SCHEDULE.installments[0]
    assert (first.payment, first.interest, first.principal) == (
        Decimal("408.03"), Decimal("12.00"), Decimal("396.03"),
    )  # fmt: skip


@pytest.mark.parametrize("basis", ["scheduled", "actual-balance"])
def test_the_fee_is_taken_out_of_the_due_dates_payment(basis: str) -> None:
    # 300.00 paid on the due date, no grace, a 10.00 fee, fees paid first.
    # Charged when grace ends (the end of 02-01): the 300.00 pays 12.00 of interest and
    # 288.00 of principal; 396.03 - 288.00 = 108.03 of principal is left, and the 10.00
    # fee, charged after the payment, is owed.
    # Dated on the due date: the fee is charged before the 300.00, which pays it first:
    # 10.00 of fee, 12.00 of interest, 278.00 of principal; 118.03 of principal is left
    # and no fee. Either way the borrower owes the same in all, but
    # on the actual-balance basis the principal left bears interest.
    paid = [lc.Payment(date(2024, 2, 1), "300")]
    as_of = date(2024, 2, 20)
    at_grace_end = lc.assess(SCHEDULE, paid, as_of, _rules("grace-end", interest_basis=basis))
    on_due_date = lc.assess(SCHEDULE, paid, as_of, _rules("due-date", interest_basis=basis))
    assert at_grace_end.late_fees == on_due_date.late_fees == Decimal("10.00")
    assert at_grace_end.outstanding.late_fee == Decimal("10.00")
    assert on_due_date.outstanding.late_fee == Decimal("0.00")
    assert on_due_date.paid.late_fee == Decimal("10.00")
    first = on_due_date.installments[0]
    assert first.outstanding.principal == Decimal("118.03")
    assert at_grace_end.installments[0].outstanding.principal == Decimal("108.03")
    more_interest = on_due_date.charged.interest - at_grace_end.charged.interest
    if basis == "scheduled":
        assert more_interest == 0
    else:  # 10.00 more principal, 02-01 to 02-20 at 12 %: 10 x 0.12 x 19/365 = 0.0625
        assert more_interest == Decimal("0.06")
    assert on_due_date.total_outstanding == at_grace_end.total_outstanding + more_interest
    if basis == "scheduled":  # the fee comes after the instalment falls due, before the money
        kinds = [e.kind.value for e in on_due_date.events if e.date == date(2024, 2, 1)]
        assert kinds[:3] == ["installment-due", "late-fee-charged", "payment-received"]


def test_within_grace_the_fee_is_not_known_yet() -> None:
    # Grace of 3 days ends at the end of 02-04. On 02-03 the instalment may still be paid
    # on time: no fee. On 02-10 the 300.00 of 02-01 was short: the fee is dated 02-01 and
    # that day's payment paid it first (10.00 of it went to the fee).
    paid = [lc.Payment(date(2024, 2, 1), "300")]
    rules = _rules("due-date", grace=3)
    assert lc.assess(SCHEDULE, paid, date(2024, 2, 3), rules).late_fees == 0
    later = lc.assess(SCHEDULE, paid, date(2024, 2, 10), rules)
    assert later.paid.late_fee == Decimal("10.00")
    fees = [e for e in later.events if e.kind.value == "late-fee-charged"]
    assert [e.date for e in fees] == [date(2024, 2, 1)]
    # assess_dates gives each day's own answer (one walk per date under this convention)
    days = [date(2024, 2, 3), date(2024, 2, 10)]
    states = assess_dates(SCHEDULE, paid, days, rules)
    assert [s.late_fees for s in states] == [0, Decimal("10.00")]


def test_paid_in_full_within_grace_costs_no_fee() -> None:
    paid = [lc.Payment(date(2024, 2, 4), "408.03")]
    state = lc.assess(SCHEDULE, paid, date(2024, 3, 20), _rules("due-date", grace=3))
    # the second instalment (due 03-01, grace to 03-04) is unpaid: its fee only
    fees = [e.date for e in state.events if e.kind.value == "late-fee-charged"]
    assert fees == [date(2024, 3, 1)]


def test_repeats_count_from_the_due_date() -> None:
    # Nothing paid, grace 5 days, 10.00 again every 10 days, assessed on 02-25.
    # Charged when grace ends: at the end of 02-06 and of 02-16 (02-26 is after as_of):
    # 20.00. Dated on the due date: on 02-01, then at the end of 02-11 and of 02-21: 30.00.
    as_of = date(2024, 2, 25)
    assert lc.assess(SCHEDULE, [], as_of, _rules("grace-end", grace=5, repeat=10)).late_fees == (
        Decimal("20.00")
    )
    assert lc.assess(SCHEDULE, [], as_of, _rules("due-date", grace=5, repeat=10)).late_fees == (
        Decimal("30.00")
    )


def test_batch_penalties_counts_repeats_from_the_due_date() -> None:
    # The same position as above (396.03 of principal and 12.00 of interest unpaid since
    # 02-01): 3 fees by 02-25, as lc.assess charges.
    rules = _rules("due-date", grace=5, repeat=10)
    found = batch.penalties([Decimal("396.03")], [Decimal("12.00")], "12%", [date(2024, 2, 1)],
                            date(2024, 2, 25), rules)  # fmt: skip
    assert found.late_fees.tolist() == [3000]
    assert lc.assess(SCHEDULE, [], date(2024, 2, 25), rules).late_fees == Decimal("30.00")


def test_batch_assess_computes_it_with_the_scalar_engine() -> None:
    book = batch.amortize(1200, "12%", 3, start=date(2024, 1, 1))
    rules = _rules("due-date")
    found = batch.assess(book, ([0], [date(2024, 2, 1)], ["300"]), date(2024, 2, 20), rules)
    assert found.fallback.tolist() == [0]
    assert "due date" in found.fallback_reasons[0]
    state = lc.assess(SCHEDULE, [lc.Payment(date(2024, 2, 1), "300")], date(2024, 2, 20), rules)
    assert found.settlement[0] == int(state.payoff_amount(date(2024, 2, 20)) * 100)


def test_a_share_of_what_is_unpaid_cannot_be_dated_on_the_due_date() -> None:
    with pytest.raises(InvalidValueError, match=r"late_fee\.charged_on.*'grace-end' for a share"):
        LateFeePolicy(kind="share", share="0.05", base="unpaid", charged_on="due-date")
    fee = LateFeePolicy(kind="share", share="0.05", base="scheduled", charged_on="due-date")
    assert fee.dated_on_due_date
    with pytest.raises(InvalidValueError, match=r"late_fee\.charged_on"):
        LateFeePolicy(kind="fixed", amount="10", charged_on="tomorrow")


def test_the_product_rules_keep_it() -> None:
    product = lc.products.get("us-fixed-mortgage")
    rules = product.servicing.replace(
        late_fee=LateFeePolicy(kind="fixed", amount="15", charged_on="due-date")
    )
    changed = product.replace(servicing=rules) if hasattr(product, "replace") else None
    assert changed is not None
    again = lc.products.ProductRules.from_toml(changed.to_toml())
    assert again.servicing.late_fee.charged_on is lc.LateFeeDate.DUE_DATE


_DAYS = st.integers(-5, 40)


@settings(max_examples=80, deadline=None)
@given(
    amounts=st.lists(st.integers(1, 50000), min_size=1, max_size=4),
    shifts=st.lists(_DAYS, min_size=4, max_size=4),
    grace=st.integers(0, 5),
    basis=st.sampled_from(["scheduled", "actual-balance"]),
    as_of_day=st.integers(0, 120),
)
def test_dating_on_the_due_date_charges_at_least_the_same_instalments(
    amounts: list[int], shifts: list[int], grace: int, basis: str, as_of_day: int
) -> None:
    # A fee taken out of the due date's money only leaves less for the instalments: every
    # instalment charged when grace ends is charged when fees are dated on the due date,
    # the fees total at least as much, and what was received is accounted for either way.
    from datetime import timedelta

    paid = [
        lc.Payment(SCHEDULE.installments[min(k, 2)].due_date + timedelta(days=shifts[k]),
                   Decimal(cents) / 100)
        for k, cents in enumerate(amounts)
    ]  # fmt: skip
    as_of = date(2024, 1, 1) + timedelta(days=as_of_day)
    paid = [p for p in paid if p.date >= date(2024, 1, 1)]
    late = lc.assess(SCHEDULE, paid, as_of, _rules("grace-end", grace=grace, interest_basis=basis))
    early = lc.assess(SCHEDULE, paid, as_of, _rules("due-date", grace=grace, interest_basis=basis))

    def charged(state: Any) -> set[int]:
        return {e.installment for e in state.events if e.kind.value == "late-fee-charged"}

    assert charged(late) <= charged(early)
    assert early.late_fees >= late.late_fees
    for state in (late, early):
        assert state.total_allocated + state.credit == state.total_paid
        total = state.paid.total + state.waived.total + state.outstanding.total
        assert total == state.charged.total
