"""One planner over a request union: ``lc.restructure``, ``lc.defer`` and ``lc.prepay``
are ``change`` with a request, and the product's limits are checked once, before any
schedule is made, for every kind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import loancalc as lc
from loancalc.restructuring import (
    DeferRequest,
    PrepayRequest,
    RestructureRequest,
    RestructuringRules,
    change,
)

D = Decimal
# 12,000 at 18 % over 12 months from 2024-01-15 (1,100.16 a month), instalment 1 paid.
LOAN = lc.amortize(
    lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
)
PAID = [lc.Payment(date(2024, 2, 15), "1100.16")]
ON = date(2024, 4, 24)  # instalments 2 and 3 overdue
STATE = lc.assess(LOAN, PAID, ON)
CURRENT = lc.assess(LOAN, PAID, date(2024, 2, 15))
RULES = RestructuringRules(
    allowed=True,
    kinds=("re-instalment", "re-age", "re-amortise", "extend"),
    max_term=12,
    capitalizable=("interest",),
    breach_days_past_due=30,
)


def test_each_request_makes_what_its_function_makes() -> None:
    assert change(STATE, ON, RestructureRequest(term=12)) == lc.restructure(STATE, ON, term=12)
    extend = RestructureRequest(kind="extend", term=11)
    assert change(STATE, ON, extend, rules=RULES) == lc.restructure(
        STATE, ON, kind="extend", term=11, rules=RULES
    )
    assert change(CURRENT, date(2024, 2, 15), DeferRequest(periods=2)) == lc.defer(
        CURRENT, date(2024, 2, 15), 2
    )
    prepaid = change(CURRENT, date(2024, 2, 15), PrepayRequest(amount="5000"))
    assert prepaid == lc.prepay(CURRENT, date(2024, 2, 15), "5000")
    # 12,000 - 920.16 (instalment 1's principal) - 5,000 = 6,079.84
    assert prepaid.remaining_principal == D("6079.84")


@pytest.mark.parametrize(
    ("request_", "on", "value"),
    [
        # 9 instalments left + 4 re-aged = 13 > 12
        (RestructureRequest(kind="re-age", term=4), ON, 13),
        (RestructureRequest(kind="extend", term=13), ON, 13),
        (RestructureRequest(term=24), ON, 24),
        # 11 instalments left + 2 of holiday = 13 > 12
        (DeferRequest(periods=2, interest="accrue-and-spread"), date(2024, 2, 15), 13),
    ],
)
def test_the_term_limit_is_checked_before_any_schedule_is_made(
    monkeypatch: pytest.MonkeyPatch, request_: object, on: date, value: int
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a schedule was made before the limits were checked")

    for module in ("engine", "deferral", "reage"):
        target = f"loancalc.restructuring.{module}"
        for name in ("amortize", "re_age_schedule"):
            monkeypatch.setattr(f"{target}.{name}", refuse, raising=False)
    state = STATE if on == ON else CURRENT
    with pytest.raises(lc.RestructuringNotAllowed) as error:
        change(state, on, request_, rules=RULES)  # type: ignore[arg-type]
    assert (error.value.limit, error.value.value) == ("restructuring.max_term", value)


def test_a_kind_the_product_refuses_is_named_before_anything_else() -> None:
    # extend without a term is an error of its own, but the product allowing no extension
    # is what the borrower hears first
    only = RestructuringRules(allowed=True, kinds=("re-instalment",), breach_days_past_due=30)
    with pytest.raises(lc.RestructuringNotAllowed) as error:
        change(STATE, ON, RestructureRequest(kind="extend"), rules=only)
    assert error.value.limit == "restructuring.kinds"
    with pytest.raises(lc.RestructuringNotAllowed) as error:
        change(CURRENT, date(2024, 2, 15), DeferRequest(periods=1), rules=only)
    assert (error.value.limit, error.value.value) == ("restructuring.kinds", "extend")


def test_a_prepayment_is_no_restructuring() -> None:
    # a product allowing no restructuring still lets the borrower prepay
    closed = lc.products.get("uk-hcstc")
    assert not closed.restructuring.allowed
    state = lc.assess(LOAN, PAID, date(2024, 2, 15))
    done = change(state, date(2024, 2, 15), PrepayRequest(amount="1000"), rules=closed)
    assert done.principal_prepaid == D("1000")
    with pytest.raises(lc.RestructuringNotAllowed):
        change(state, date(2024, 2, 15), DeferRequest(periods=1), rules=closed)


def test_a_bad_request_names_the_field() -> None:
    with pytest.raises(lc.InvalidValueError) as error:
        change(STATE, ON, "re-instalment")  # type: ignore[arg-type]
    assert error.value.field == "request"
    with pytest.raises(lc.InvalidValueError) as error:
        RestructureRequest(waive="late-fee")
    assert error.value.field == "waive"
    with pytest.raises(lc.InvalidValueError) as error:
        RestructureRequest(kind="refinance")
    assert error.value.field == "restructuring.kinds"
