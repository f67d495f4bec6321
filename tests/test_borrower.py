"""``classify_borrower(states, rules=None, on=None)``: all of one borrower's loans
classified together (2023 rules on risk classification of financial assets)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.borrower import BorrowerClassification, classify_borrower
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.restructuring import RestructuringRules
from loancalc.servicing import Classification, DelinquencyTable

from test_bureau import product_states  # isort: skip

D = Decimal
RANKS = list(Classification)
# A card balance of 3,000 at 0 % in 3 instalments of 1,000 (due 02-10, 03-10, 04-10),
# never paid; a car loan of 20,000 at 0 % in 20 instalments of 1,000 from 2024-01-20
# (due on the 20th), the first 9 paid on time (11,000 left).
CARD = lc.amortize(lc.LoanTerms(principal=3000, annual_rate=0, term=3, start=date(2024, 1, 10)))
CAR = lc.amortize(lc.LoanTerms(principal=20000, annual_rate=0, term=20, start=date(2024, 1, 20)))
CAR_PAID = [lc.Payment(row.due_date, row.payment) for row in CAR.installments[:9]]
ON = date(2024, 10, 31)


def _pair(on: date = ON) -> list[lc.LoanState]:
    return [lc.assess(CARD, [], on), lc.assess(CAR, CAR_PAID, on)]


def _classes(result: BorrowerClassification) -> list[str]:
    return [loan.classification.value for loan in result.loans]


def test_retail_loans_are_classified_each_on_its_own() -> None:
    # The card: 02-10 -> 10-31 is 19 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 = 264 days
    # past due: over 90, not over 270: substandard. The car loan is current: normal.
    result = classify_borrower(_pair())
    assert [loan.days_past_due for loan in result.loans] == [264, 0]
    assert _classes(result) == ["substandard", "normal"]
    assert result.classification is Classification.SUBSTANDARD
    assert result.on == ON
    assert result.nonperforming
    # 3,000 of 3,000 + 11,000 = 14,000 owed is non-performing: 0.2142857.. -> 0.2143.
    assert result.nonperforming_share == D("0.2143")
    assert not any(loan.drawn for loan in result.loans)
    assert result.loans[0].reasons == ("264 days past due: substandard",)
    assert result.loans[1].reasons == ()


@pytest.mark.parametrize(
    ("share", "drawn"), [("0.10", True), ("0", True), ("0.2142", True), ("0.2143", False),
                         ("0.25", False)],
)  # fmt: skip
def test_a_non_performing_loan_draws_the_others_over_the_share(share: str, drawn: bool) -> None:
    # 3,000 / 14,000 = 0.21428..: over 0.2142, not over 0.2143 (the share shown is rounded
    # to 0.2143; the comparison is exact).
    table = DelinquencyTable(borrower_share=share)
    result = classify_borrower(_pair(), rules=table)
    assert _classes(result) == ["substandard", "substandard" if drawn else "normal"]
    assert result.loans[1].drawn is drawn
    if drawn:
        assert result.loans[1].reasons == (
            f"the borrower's non-performing share 0.2143 is over {D(share)}: at least substandard",
        )


def test_the_smallest_share_of_the_loans_own_tables_applies() -> None:
    strict = lc.ServicingRules(delinquency=DelinquencyTable(borrower_share="0.10"))
    loose = lc.ServicingRules(delinquency=DelinquencyTable(borrower_share="0.5"))
    states = [lc.assess(CARD, [], ON, loose), lc.assess(CAR, CAR_PAID, ON, strict)]
    assert _classes(classify_borrower(states)) == ["substandard", "substandard"]
    states = [lc.assess(CARD, [], ON, loose), lc.assess(CAR, CAR_PAID, ON)]
    assert _classes(classify_borrower(states)) == ["substandard", "normal"]


def test_a_paid_off_loan_is_not_drawn() -> None:
    # The car loan paid in full on 10-31 (all 20 instalments): nothing owed, not drawn.
    paid = [*CAR_PAID, lc.Payment(ON, D(11000))]
    states = [lc.assess(CARD, [], ON), lc.assess(CAR, paid, ON)]
    result = classify_borrower(states, rules=DelinquencyTable(borrower_share="0"))
    assert _classes(result) == ["substandard", "normal"]
    assert result.nonperforming_share == 1


@pytest.mark.parametrize(
    ("on", "days", "expected"),
    [
        (date(2024, 2, 10), 0, "normal"),
        (date(2024, 2, 11), 1, "special-mention"),
        (date(2024, 5, 10), 90, "special-mention"),  # 19 + 31 + 30 + 10
        (date(2024, 5, 11), 91, "substandard"),
        (date(2024, 11, 6), 270, "substandard"),  # 264 + 6
        (date(2024, 11, 7), 271, "doubtful"),
        (date(2025, 2, 4), 360, "doubtful"),  # 270 + 24 + 31 + 31 + 4
        (date(2025, 2, 5), 361, "loss"),
    ],
)
def test_thresholds_of_the_2023_rules(on: date, days: int, expected: str) -> None:
    result = classify_borrower([lc.assess(CARD, [], on)])
    assert (result.loans[0].days_past_due, result.classification.value) == (days, expected)


def test_a_table_given_applies_to_every_loan() -> None:
    # The 2011 card bands: over 180 days is loss (264 days past due).
    result = classify_borrower(_pair(), rules=DelinquencyTable.card_2011())
    assert _classes(result) == ["loss", "normal"]
    product = lc.products.get("cn-card-instalment")
    assert _classes(classify_borrower(_pair(), rules=product)) == ["loss", "normal"]
    assert _classes(classify_borrower(_pair(), rules=product.servicing)) == ["loss", "normal"]


def test_on_assesses_each_loan_again_on_that_date() -> None:
    states = [lc.assess(CARD, [], date(2024, 3, 1)), lc.assess(CAR, CAR_PAID, ON)]
    result = classify_borrower(states, on=date(2024, 5, 11))  # the card 91 days past due
    assert [loan.days_past_due for loan in result.loans] == [91, 0]
    assert result.on == date(2024, 5, 11)


# ---- restructured loans ------------------------------------------------------------------

# The story of docs/restructuring.md: 12,000 at 18 % over 12 months from 2024-01-15,
# instalment 1 paid, 40 days past due on 2024-04-24, re-instalmented over 24 months at the
# contract rate: 571.11 a month due on the 24th from 2024-05-24.
_LOAN = lc.amortize(lc.LoanTerms(principal=12000, annual_rate="18%", term=12,
                                 start=date(2024, 1, 15)))  # fmt: skip
_RULES = lc.ServicingRules(grace=lc.GracePolicy(days=3))
_PLANS = RestructuringRules(allowed=True, kinds=("re-instalment",), max_count=1, max_term=60,
                            min_rate="6%", max_rate="24%", capitalizable=("interest", "fee"),
                            breach_days_past_due=30)  # fmt: skip
_BEFORE = lc.assess(_LOAN, [lc.Payment(date(2024, 2, 15), "1100.16")], date(2024, 4, 24), _RULES)
PLAN = lc.restructure(_BEFORE, date(2024, 4, 24), term=24, rules=_PLANS).schedule
PLAN_DUE = [row.due_date for row in PLAN.installments]


def _plan_state(
    on: date, late: dict[int, int] | None = None, rules: object = _RULES
) -> lc.LoanState:
    late = late or {}
    paid = [
        lc.Payment(row.due_date + timedelta(days=late.get(row.number, 0)), row.payment)
        for row in PLAN.installments
        if row.due_date + timedelta(days=late.get(row.number, 0)) <= on
    ]
    return lc.assess(PLAN, paid, on, rules)


def test_a_restructured_loan_paid_on_time_is_substandard_for_a_year() -> None:
    assert PLAN_DUE[0] == date(2024, 5, 24)
    assert PLAN.installments[0].payment == D("571.11")
    # Observation from the first due date, 2024-05-24, for 12 months: to 2025-05-23.
    during = classify_borrower([_plan_state(date(2025, 5, 23))]).loans[0]
    assert (during.by_days, during.classification) == (
        Classification.NORMAL,
        Classification.SUBSTANDARD,
    )
    assert during.restructured
    assert during.observation_ends == date(2025, 5, 24)
    assert during.reasons == (
        "re-instalment on 2024-04-24, observed until 2025-05-24: at least substandard",
    )
    after = classify_borrower([_plan_state(date(2025, 5, 24))]).loans[0]
    assert after.classification is Classification.NORMAL
    # Between the agreement and the first due date it is observed too.
    assert classify_borrower([_plan_state(date(2024, 5, 1))]).classification.value == (
        "substandard"
    )


def test_an_instalment_paid_late_in_the_observation_period_starts_it_again() -> None:
    # Instalment 4 (due 2024-08-24, grace to 08-27) paid 10 days late, on 09-03: the
    # period starts again on 08-28 and ends 12 months later, 2025-08-28.
    state = _plan_state(date(2025, 6, 1), late={4: 10})
    loan = classify_borrower([state]).loans[0]
    assert loan.observation_ends == date(2025, 8, 28)
    assert loan.classification is Classification.SUBSTANDARD
    # Paid within grace (3 days late) counts as on time: the period is not started again.
    on_time = classify_borrower([_plan_state(date(2025, 6, 1), late={4: 3})]).loans[0]
    assert on_time.observation_ends == date(2025, 5, 24)
    assert on_time.classification is Classification.NORMAL


def test_restructured_floor_and_observation_are_product_data() -> None:
    gentler = _RULES.replace(
        delinquency=DelinquencyTable(restructured_floor="special-mention", observation_months=6)
    )
    # 6 months from 2024-05-24: to 2024-11-23.
    loan = classify_borrower([_plan_state(date(2024, 11, 23), rules=gentler)]).loans[0]
    assert (loan.classification.value, loan.observation_ends) == (
        "special-mention",
        date(2024, 11, 24),
    )
    later = classify_borrower([_plan_state(date(2024, 11, 24), rules=gentler)])
    assert later.classification is Classification.NORMAL


def test_a_year_is_at_least_two_repayment_dates() -> None:
    # A yearly plan agreed on 2024-04-24 (3,000 in 3 yearly instalments, due 2025-04-24,
    # 2026-04-24, 2027-04-24): 12 months from the first due date end on 2026-04-23, before
    # the second due date, so the period runs through 2026-04-24 (two repayment dates).
    plan = lc.amortize(lc.LoanTerms(principal=3000, annual_rate=0, term=3,
                                    start=date(2024, 4, 24), frequency="yearly"))  # fmt: skip
    entry = PLAN.lineage[0]
    plan = attrs.evolve(plan, lineage=(entry,))
    paid = [lc.Payment(date(2025, 4, 24), "1000")]
    loan = classify_borrower([lc.assess(plan, paid, date(2026, 4, 24))]).loans[0]
    assert loan.observation_ends == date(2026, 4, 25)
    assert loan.classification is Classification.SUBSTANDARD


def test_a_loan_never_restructured_has_no_observation() -> None:
    loan = classify_borrower(_pair()).loans[1]
    assert (loan.restructured, loan.observation_ends) == (False, None)


# ---- bad input ---------------------------------------------------------------------------


def test_bad_input_is_refused_naming_the_field() -> None:
    states = _pair()
    with pytest.raises(InvalidValueError, match=r"^states: "):
        classify_borrower([])
    with pytest.raises(InvalidTypeError, match=r"^states: "):
        classify_borrower(states[0])  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^states\[1\]: "):
        classify_borrower([states[0], CARD])  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match=r"^states\[1\]\.as_of: "):
        classify_borrower([states[0], lc.assess(CAR, [], date(2024, 9, 1))])
    with pytest.raises(InvalidValueError, match=r"^on: "):
        classify_borrower(states, on=date(2024, 1, 15))  # before the car loan's start
    with pytest.raises(InvalidTypeError, match=r"^on: "):
        classify_borrower(states, on=datetime(2024, 10, 31))
    with pytest.raises(InvalidTypeError, match=r"^rules: "):
        classify_borrower(states, rules="bank-2023")
    with pytest.raises(InvalidValueError, match=r"^delinquency\.borrower_share: "):
        DelinquencyTable(borrower_share="1.5")
    with pytest.raises(InvalidValueError, match=r"^delinquency\.observation_months: "):
        DelinquencyTable(observation_months=0)
    with pytest.raises(InvalidValueError, match=r"^classification: "):
        DelinquencyTable(restructured_floor="bad")


def test_new_fields_travel_in_product_toml() -> None:
    product = lc.products.get("cn-bank-consumer-loan")
    table = DelinquencyTable(restructured_floor="关注", observation_months=18,
                             borrower_share="10%")  # fmt: skip
    changed = product.replace(servicing=product.servicing.replace(delinquency=table))
    back = lc.products.ProductRules.from_toml(changed.to_toml())
    assert back.servicing.delinquency == table
    assert table.borrower_share == D("0.10")


# ---- properties --------------------------------------------------------------------------


@st.composite
def borrowers(draw: st.DrawFn) -> list[lc.LoanState]:
    """One to three loans of a borrower (any product, either basis), assessed on one day."""
    loans = draw(st.lists(product_states(), min_size=1, max_size=3))
    on = max(state.as_of for state in loans)
    return [lc.assess(s.schedule, s.payments, on, s.rules, waivers=s.waivers) for s in loans]


@settings(max_examples=40)
@given(borrowers(), st.sampled_from([None, "0", "0.1", "0.5", "1"]))
def test_classification_properties(states: list[lc.LoanState], share: str | None) -> None:
    alone = classify_borrower(states)
    for loan, state in zip(alone.loans, states, strict=True):
        # Never restructured here: each loan on its own is its state's classification.
        assert loan.by_days is state.classification
        assert loan.classification is state.classification
        assert loan.days_past_due == state.days_past_due
    assert alone.classification is max((s.classification for s in states), key=RANKS.index)
    # The same thresholds with and without a borrower share (the loans' own tables may
    # differ from the default one given).
    base = classify_borrower(states, rules=DelinquencyTable())
    together = classify_borrower(states, rules=DelinquencyTable(borrower_share=share))
    for loan, own, state in zip(together.loans, base.loans, states, strict=True):
        assert own.by_days is DelinquencyTable().classify(state.days_past_due)
        # Classified together, a loan is never less severe than on its own.
        assert RANKS.index(loan.classification) >= RANKS.index(own.classification)
        assert loan.drawn == (loan.classification is not own.classification)
    owed = [s.total_outstanding for s in states]
    bad = sum((o for o, loan in zip(owed, base.loans, strict=True) if loan.nonperforming), D(0))
    total = sum(owed, D(0))
    if share is not None and total and bad / total > D(share):
        assert all(loan.nonperforming for loan, o in zip(together.loans, owed, strict=True) if o)
    else:
        assert not any(loan.drawn for loan in together.loans)
    # A stricter share never classifies less severely.
    for looser, stricter in itertools.pairwise(["1", "0.5", "0.1", "0"]):
        a = classify_borrower(states, rules=DelinquencyTable(borrower_share=looser))
        b = classify_borrower(states, rules=DelinquencyTable(borrower_share=stricter))
        assert all(
            RANKS.index(y.classification) >= RANKS.index(x.classification)
            for x, y in zip(a.loans, b.loans, strict=True)
        )
