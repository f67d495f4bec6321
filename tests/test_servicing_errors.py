"""Bad input to the servicing API raises a LoanCalcError naming the field."""

from __future__ import annotations

from datetime import date

import pytest

import loancalc as lc
from loancalc.servicing import (
    DelinquencyTable,
    PenaltyPolicy,
    PenaltyRate,
    ServicingRules,
    Threshold,
    Waiver,
    assess,
)

SCHEDULE = lc.amortize(
    lc.LoanTerms(principal=1200, annual_rate="12%", term=3, start=date(2024, 1, 31))
)


def _field(error: pytest.ExceptionInfo[lc.InvalidValueError]) -> str:
    return error.value.field


def test_payment_before_the_loan_starts() -> None:
    with pytest.raises(lc.InvalidValueError) as error:
        assess(SCHEDULE, [lc.Payment(date(2024, 1, 30), "10")], date(2024, 3, 1))
    assert _field(error) == "payments[0].date"


@pytest.mark.parametrize("amount", [0, "-5", "abc", None, float("nan")])
def test_non_positive_or_non_numeric_payment(amount: object) -> None:
    with pytest.raises(lc.InvalidValueError) as error:
        lc.Payment(date(2024, 2, 1), amount)
    assert _field(error) == "payment.amount"


def test_as_of_before_the_start_or_not_a_date() -> None:
    with pytest.raises(lc.InvalidValueError) as error:
        assess(SCHEDULE, [], date(2024, 1, 1))
    assert _field(error) == "as_of"
    with pytest.raises(lc.InvalidValueError) as error:
        assess(SCHEDULE, [], "2024-03-01")  # type: ignore[arg-type]
    assert _field(error) == "as_of"


def test_thresholds_not_increasing() -> None:
    with pytest.raises(lc.InvalidValueError) as error:
        DelinquencyTable(
            thresholds=(
                Threshold(days=91, classification="substandard"),
                Threshold(days=1, classification="special-mention"),
            )
        )
    assert _field(error) == "delinquency.thresholds"


def test_negative_multiplier_or_cap() -> None:
    with pytest.raises(lc.InvalidValueError) as error:
        PenaltyRate(kind="multiplier", value="-1.5")
    assert _field(error) == "penalty.rate.value"
    with pytest.raises(lc.InvalidValueError) as error:
        PenaltyPolicy(cap_amount="-1")
    assert _field(error) == "penalty.cap_amount"


def test_wrong_types() -> None:
    with pytest.raises(lc.InvalidValueError) as error:
        assess("schedule", [], date(2024, 3, 1))  # type: ignore[arg-type]
    assert _field(error) == "schedule"
    with pytest.raises(lc.InvalidValueError) as error:
        assess(SCHEDULE, [("2024-02-01", 10)], date(2024, 3, 1))  # type: ignore[list-item]
    assert _field(error) == "payments[0]"
    with pytest.raises(lc.InvalidValueError) as error:
        assess(SCHEDULE, "payments", date(2024, 3, 1))  # type: ignore[arg-type]
    assert _field(error) == "payments"
    with pytest.raises(lc.InvalidValueError) as error:
        assess(SCHEDULE, [], date(2024, 3, 1), rules={"grace": 3})
    assert _field(error) == "rules"


def test_bad_waivers() -> None:
    with pytest.raises(lc.InvalidValueError) as error:
        assess(SCHEDULE, [], date(2024, 3, 1), waivers=[Waiver(date=date(2024, 2, 1),
               component="principal", installment=4)])  # fmt: skip
    assert _field(error) == "waivers[0].installment"
    with pytest.raises(lc.InvalidValueError) as error:
        assess(SCHEDULE, [], date(2024, 3, 1), waivers=[Waiver(date=date(2024, 3, 1),
               component="interest", amount="1000")])  # fmt: skip
    assert _field(error) == "waiver.amount"


def test_payoff_before_as_of() -> None:
    state = assess(SCHEDULE, [], date(2024, 3, 1))
    with pytest.raises(lc.InvalidValueError) as error:
        state.payoff_amount(date(2024, 2, 1))
    assert _field(error) == "on"


def test_inputs_are_never_changed() -> None:
    payments = [lc.Payment(date(2024, 3, 1), "500", "b"), lc.Payment(date(2024, 2, 1), "5", "a")]
    copy = list(payments)
    rules = ServicingRules()
    assess(SCHEDULE, payments, date(2024, 4, 1), rules)
    assert payments == copy
    assert rules == ServicingRules()
