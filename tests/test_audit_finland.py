"""Finland's temporary 10 % caps (2020-07-01..2020-12-31, 2021-01-01..2021-09-30): rules
applied by contract-window, measured only over the days each lasted. Hand-worked figures,
the window's rules and properties."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import limits
from loancalc.audit import Audit, audit
from loancalc.errors import InvalidValueError
from loancalc.limits import LimitRule, LimitSet
from loancalc.limits.rules import AppliesBy
from loancalc.products import Source

D = Decimal


def _fi(start: date, rate: str = "15%") -> Audit:
    """1,000 interest-only for 3 months under the eu-consumer-credit product (set
    fi-consumer-credit), assessed on its start."""
    eu = lc.products.get("eu-consumer-credit")
    loan = lc.amortize(eu.terms(principal=1000, annual_rate=rate, term=3, start=start,
                                method="interest-only"))  # fmt: skip
    return audit(lc.assess(loan, [], start, eu))


def _pairs(result: Audit) -> list[tuple[str, D, D, D]]:
    return [(f.rule, f.charged, f.lawful, f.excess) for f in result.findings]


def test_the_finnish_set_has_the_two_temporary_caps() -> None:
    fi = limits.get("fi-consumer-credit")
    rules = {rule.id: rule for rule in fi.rules}
    for rule_id, first, last in (
        ("temporary-cap-10-2020", date(2020, 7, 1), date(2020, 12, 31)),
        ("temporary-cap-10-2021", date(2021, 1, 1), date(2021, 9, 30)),
    ):
        rule = rules[rule_id]
        assert (rule.rate, rule.applies_from, rule.applies_to) == (D("0.10"), first, last)
        assert rule.applies_by is AppliesBy.CONTRACT_WINDOW
        assert [c.value for c in rule.components] == ["interest"]
        assert rule.sources
        assert all(source.url for source in rule.sources)


def test_a_loan_in_2021_at_15_percent_is_cut_to_10_and_in_2022_is_not() -> None:
    # 1,000 at 15 % interest-only: 1,000 x 15 % / 12 = 12.50 a month, 37.50 over 3 months
    # (2021-03-10 to 2021-06-10, inside the 2021 cap). At most 10 %: 1,000 x 10 % x 3/12 =
    # 25.00; excess 12.50. In 2022 only the 20 % cap applies, and 15 % is under it.
    assert _pairs(_fi(date(2021, 3, 10))) == [
        ("temporary-cap-10-2021", D("37.50"), D("25.00"), D("12.50"))
    ]
    assert _fi(date(2022, 3, 10)).findings == ()


def test_a_loan_running_past_the_cap_is_cut_only_for_its_days() -> None:
    # Made 2021-08-10, due 09-10, 10-10, 11-10, 12.50 each. The cap ends 2021-09-30: the
    # first month counts whole (12.50, 1,000 x 1/12 principal-years); of the second
    # (2021-09-10 to 2021-10-10, 30 days) 21 days, 09-10..09-30: 12.50 x 21/30 = 8.75 and
    # 1,000 x 1/12 x 21/30; the third nothing. Interest in the window 21.25; allowed
    # 1,000 x 1.7/12 x 10 % = 14.1667 -> 14.17 (up); excess 21.25 - 14.17 = 7.08.
    result = _fi(date(2021, 8, 10))
    assert _pairs(result) == [("temporary-cap-10-2021", D("37.50"), D("30.42"), D("7.08"))]
    (finding,) = result.findings
    assert finding.period == (date(2021, 8, 10), date(2021, 9, 30))
    assert "for the days up to 2021-09-30" in finding.note


def test_a_2020_loan_is_not_covered_by_the_2021_cap() -> None:
    # Made 2020-11-01, due 12-01, 2021-01-01 and 02-01: the 2020 cap (to 2020-12-31)
    # covers the first two months whole (the second ends 2021-01-01, its 31 days all in
    # December): 25.00 against 1,000 x 2/12 x 10 % = 16.6667 -> 16.67, excess 8.33; the
    # third month (2021) is at the contract's 15 %: the 2021 law does not cover loans made
    # under the 2020 one.
    assert _pairs(_fi(date(2020, 11, 1))) == [
        ("temporary-cap-10-2020", D("37.50"), D("29.17"), D("8.33"))
    ]


def test_a_loan_made_before_the_first_cap_is_not_covered() -> None:
    assert _fi(date(2020, 6, 30)).findings == ()


def test_a_cut_by_an_earlier_rule_is_spread_over_the_days() -> None:
    # At 25 %, made 2021-08-10: 20.83 a month, 62.49. The 20 % cap first: 1,000 x 3/12 x
    # 20 % = 50.00, excess 12.49. Then the 2021 cap: interest in the window
    # 20.83 + 20.83 x 21/30 = 35.411 -> 35.41, of which the share still lawful
    # 35.41 x 50.00 / 62.49 = 28.3325 -> 28.33 (down); allowed 14.17 (as above); excess
    # 28.33 - 14.17 = 14.16. What is left, 50.00 - 14.16 = 35.84, is 14.17 for the 1.7
    # months at 10 % and 1,000 x 1.3/12 x 20 % = 21.67 for the rest.
    assert _pairs(_fi(date(2021, 8, 10), "25%")) == [
        ("interest-cap-20", D("62.49"), D("50.00"), D("12.49")),
        ("temporary-cap-10-2021", D("50.00"), D("35.84"), D("14.16")),
    ]


def test_a_window_rule_needs_its_last_day_and_an_all_in_rate_on_regular_charges() -> None:
    source = (Source(title="t"),)
    with pytest.raises(InvalidValueError, match="applies_to"):
        LimitRule(id="w", title="w", kind="all-in-rate", rate="10%", components=["interest"],
                  applies_by="contract-window", sources=source)  # fmt: skip
    with pytest.raises(InvalidValueError, match="applies_by"):
        LimitRule(id="w", title="w", kind="total-cost", share="1", applies_to=date(2021, 9, 30),
                  applies_by="contract-window", sources=source)  # fmt: skip
    with pytest.raises(InvalidValueError, match="applies_by"):
        LimitRule(id="w", title="w", kind="all-in-rate", rate="10%",
                  components=["interest", "penalty-interest"], applies_to=date(2021, 9, 30),
                  applies_by="contract-window", sources=source)  # fmt: skip


def _window_and_whole(until: date) -> tuple[LimitSet, LimitSet]:
    window = LimitRule(id="cap", title="cap", kind="all-in-rate", rate="10%",
                       components=["interest", "fee"], applies_from=date(2020, 1, 1),
                       applies_to=until, applies_by="contract-window",
                       sources=(Source(title="t"),))  # fmt: skip
    whole = attrs.evolve(window, applicability=attrs.evolve(window.applicability,
                                                            applies_by="contract"))  # fmt: skip
    return (LimitSet(name="w", description="w", jurisdiction="FI", rules=(window,)),
            LimitSet(name="c", description="c", jurisdiction="FI", rules=(whole,)))  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 36),  # rate, percent
    st.integers(1, 12),  # term
    st.sampled_from(["equal-installment", "equal-principal", "interest-only", "bullet"]),
    st.integers(0, 400),  # days from the start to the window's last day
    st.integers(0, 3),  # upfront fee, percent of the principal
    st.sampled_from(["periodic", "daily"]),
)
def test_a_window_measures_at_most_what_the_whole_loan_does(  # noqa: PLR0917
    rate: int, term: int, method: str, days: int, fee: int, accrual: str
) -> None:
    start = date(2020, 3, 1)
    until = start + timedelta(days=days)
    terms = lc.LoanTerms(principal=10000, annual_rate=D(rate) / 100, term=term, start=start,
                         method=method, accrual=accrual,
                         fees=lc.Fees(upfront_rate=D(fee) / 100))  # fmt: skip
    state = lc.assess(lc.amortize(terms), [], start)
    window, whole = _window_and_whole(until)
    in_window, on_whole = audit(state, window), audit(state, whole)
    assert 0 <= in_window.excess <= on_whole.excess
    assert in_window.contract_balance == in_window.lawful_balance + in_window.excess
    for finding in in_window.findings:
        assert finding.period[1] <= until
    if until >= state.schedule.maturity:  # the loan ends inside the window: no difference
        assert in_window.findings == on_whole.findings
