"""The servicing policy values: penalty rates, caps, buckets, classification, allocation
registry, and the plain-data round trip of ServicingRules."""

from __future__ import annotations

import pickle
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loancalc import InvalidValueError, LoanCalcError
from loancalc.servicing import (
    AllocationScope,
    AllocationStrategy,
    Classification,
    Component,
    DelinquencyTable,
    GracePolicy,
    LateFeePolicy,
    PenaltyPolicy,
    PenaltyRate,
    ReliefWindow,
    ServicingRules,
    get_strategy,
    register_strategy,
    strategy_names,
    unregister_strategy,
)

CONTRACT = Decimal("0.18")


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        # docs/rules.md, 'Penalty interest': the consumer-finance practice, 1.5 x 18 % = 27 %.
        ("multiplier", "1.5", Decimal("0.27")),
        # PBoC 2004: contract + 50 % of it: 18 % x 1.5 = 27 %; + 30 %: 18 % x 1.3 = 23.4 %.
        ("plus-share", "0.5", Decimal("0.27")),
        ("plus-share", "0.3", Decimal("0.234")),
        # contract + 3 points: 18 % + 3 % = 21 %.
        ("plus-points", "0.03", Decimal("0.21")),
        ("annual", "0.24", Decimal("0.24")),
        # 0.05 %/day x 360 = 18 % (the PBoC year).
        ("daily", "0.0005", Decimal("0.18")),
        ("none", "0", Decimal("0")),
    ],
)
def test_penalty_rate_kinds_give_the_annual_rate(kind: str, value: str, expected: Decimal) -> None:
    assert PenaltyRate(kind=kind, value=value).annual(CONTRACT, 360) == expected


def test_shares_and_rates_may_be_written_as_percentages() -> None:
    assert PenaltyRate(kind="plus-share", value="50%").value == Decimal("0.5")
    assert LateFeePolicy(kind="share", share="5%").share == Decimal("0.05")
    assert PenaltyPolicy(cap_annual_cost="24%").cap_annual_cost == Decimal("0.24")


def test_a_daily_rate_on_a_365_day_year() -> None:
    # 0.05 %/day x 365 = 18.25 % (the press's annualisation, docs/rules.md, 'Rates and day
    # count').
    assert PenaltyRate(kind="daily", value="0.0005").annual(CONTRACT, 365) == Decimal("0.1825")


def test_compound_rate_defaults_to_the_penalty_rate_and_can_differ() -> None:
    penalty = PenaltyRate(kind="multiplier", value="1.5")
    assert PenaltyPolicy(rate=penalty).compound_annual_rate(CONTRACT) == 0
    same = PenaltyPolicy(rate=penalty, compound=True)
    assert same.compound_annual_rate(CONTRACT) == Decimal("0.27")
    own = PenaltyPolicy(
        rate=penalty, compound=True, compound_rate=PenaltyRate(kind="annual", value="0.2")
    )
    assert own.compound_annual_rate(CONTRACT) == Decimal("0.2")


def test_an_all_in_annual_cap_cuts_the_penalty_rate_to_the_cap() -> None:
    # 24 % all in, 18 % contract, 1.5 x 18 % = 27 % asked: overdue principal bears the
    # penalty instead of contract interest (scheduled basis), so the whole cap is left
    # for it: 24 % (the actual-balance engine charges the part above the contract rate).
    policy = PenaltyPolicy(
        rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True, cap_annual_cost="0.24"
    )
    assert policy.annual_rate(CONTRACT) == Decimal("0.24")
    assert policy.compound_annual_rate(CONTRACT) == Decimal("0.24")
    # below the cap the rate is what was asked: 1.5 x 10 % = 15 %
    assert policy.annual_rate(Decimal("0.10")) == Decimal("0.15")
    # a contract rate over the cap: the penalty is still cut to the cap, never above it
    assert policy.annual_rate(Decimal("0.30")) == Decimal("0.24")


def test_charges_anything_only_when_a_rate_is_set() -> None:
    assert not PenaltyPolicy().charges_anything
    assert PenaltyPolicy(rate=PenaltyRate(kind="annual", value="0.1")).charges_anything
    compound_only = PenaltyPolicy(
        compound=True, compound_rate=PenaltyRate(kind="annual", value="0.1")
    )
    assert compound_only.charges_anything


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: PenaltyRate(kind="multiplier", value="-1.5"), "penalty.rate.value"),
        (lambda: PenaltyRate(kind="none", value="1"), "penalty.rate.value"),
        (lambda: PenaltyRate(kind="triple"), "penalty.rate.kind"),
        (lambda: PenaltyPolicy(cap_amount="-1"), "penalty.cap_amount"),
        (lambda: PenaltyPolicy(day_count=360), "penalty.day_count"),
        (lambda: PenaltyPolicy(compound="yes"), "penalty.compound"),
        (lambda: GracePolicy(days=3.5), "grace.days"),
        (lambda: GracePolicy(days=366), "grace.days"),
        (lambda: LateFeePolicy(kind="share"), "late_fee.share"),
        # An amount of money is never a percentage (the share field is for that).
        (lambda: LateFeePolicy(kind="fixed", amount="5%"), "late_fee.amount"),
        (lambda: PenaltyPolicy(cap_amount="1%"), "penalty.cap_amount"),
        (lambda: LateFeePolicy(kind="share", share="1.5"), "late_fee.share"),
        (lambda: LateFeePolicy(kind="fixed", amount=5, minimum=10, maximum=1), "late_fee.maximum"),
        (lambda: LateFeePolicy(kind="fixed", amount=5, repeat_days=0), "late_fee.repeat_days"),
        (lambda: ReliefWindow(start=date(2024, 3, 1), end=date(2024, 2, 1)), "relief_window.end"),
        (lambda: ReliefWindow(start="2024-03-01", end=date(2024, 4, 1)), "relief_window.start"),
        (lambda: DelinquencyTable(bucket_bounds=(30, 30)), "delinquency.bucket_bounds"),
        (lambda: DelinquencyTable(bucket_bounds=()), "delinquency.bucket_bounds"),
        (lambda: DelinquencyTable(count_from="maturity"), "delinquency.count_from"),
        (lambda: ServicingRules(allocation="waterfall"), "allocation"),
        (lambda: ServicingRules(grace=3), "grace"),
        (lambda: ServicingRules(report_after_days=-1), "report_after_days"),
    ],
)
def test_bad_policy_values_name_their_field(build: object, field: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        build()  # type: ignore[operator]
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(0, "M0"), (1, "M1"), (30, "M1"), (31, "M2"), (60, "M2"), (61, "M3"), (90, "M3"),
     (91, "M4"), (120, "M4"), (121, "M5"), (150, "M5"), (151, "M6"), (180, "M6"),
     (181, "M7+"), (5000, "M7+")],
)  # fmt: skip
def test_buckets_follow_the_30_day_bands_of_rules_section_8(days: int, bucket: str) -> None:
    assert DelinquencyTable().bucket(days) == bucket


@pytest.mark.parametrize(
    ("days", "bank", "card"),
    [
        (0, "normal", "normal"),
        (1, "special-mention", "special-mention"),
        (90, "special-mention", "special-mention"),
        (91, "substandard", "substandard"),
        (120, "substandard", "substandard"),
        (121, "substandard", "doubtful"),
        (180, "substandard", "doubtful"),
        (181, "substandard", "loss"),
        (270, "substandard", "loss"),
        (271, "doubtful", "loss"),
        (360, "doubtful", "loss"),
        (361, "loss", "loss"),
    ],
)
def test_classification_tables_of_2023_and_2011(days: int, bank: str, card: str) -> None:
    assert DelinquencyTable.bank_2023().classify(days).value == bank
    assert DelinquencyTable.card_2011().classify(days).value == card


def test_builtin_allocation_strategies_differ_in_order_or_scope() -> None:
    names = [
        "penalties-fees-interest-principal",
        "interest-principal-penalties-fees",
        "principal-interest-penalties-fees",
        "overdue-interest-first",
    ]
    assert set(names) <= set(strategy_names())
    shapes = {(get_strategy(n).order, get_strategy(n).scope) for n in names}
    assert len(shapes) == 4
    assert get_strategy("overdue-interest-first").scope is AllocationScope.HORIZONTAL
    assert get_strategy("principal-interest-penalties-fees").order[0] is Component.PRINCIPAL


def test_registering_a_strategy_needs_replace_for_an_existing_name() -> None:
    order = ("interest", "penalty", "compound", "late-fee", "fee", "principal")
    mine = AllocationStrategy(name="test-interest-first", order=order)
    register_strategy(mine)
    try:
        assert get_strategy("test-interest-first") is mine
        with pytest.raises(LoanCalcError):
            register_strategy(mine)
        assert ServicingRules(allocation=mine).allocation == "test-interest-first"
    finally:
        unregister_strategy("test-interest-first")
    assert "test-interest-first" not in strategy_names()
    with pytest.raises(LoanCalcError):
        unregister_strategy("penalties-fees-interest-principal")


def test_policies_pickle() -> None:
    rules = ServicingRules(grace=GracePolicy(days=3), delinquency=DelinquencyTable.card_2011())
    assert pickle.loads(pickle.dumps(rules)) == rules


decimals = st.decimals(min_value=0, max_value=10, places=4, allow_nan=False).map(str)
penalty_rates = st.one_of(
    st.just(PenaltyRate()),
    st.builds(
        PenaltyRate,
        kind=st.sampled_from(["multiplier", "plus-share", "plus-points", "annual", "daily"]),
        value=decimals,
    ),
)
windows = st.builds(
    lambda start, length, reason: ReliefWindow(
        start=start, end=date.fromordinal(start.toordinal() + length), reason=reason
    ),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 1, 1)),
    st.integers(0, 400),
    st.text(max_size=8),
)
servicing_rules = st.builds(
    ServicingRules,
    grace=st.builds(
        GracePolicy,
        days=st.integers(0, 30),
        business_days=st.booleans(),
        roll_due_date=st.booleans(),
        retroactive=st.booleans(),
    ),
    penalty=st.builds(
        PenaltyPolicy,
        rate=penalty_rates,
        compound=st.booleans(),
        compound_rate=st.none() | penalty_rates,
        day_count=st.sampled_from(["ACT/360", "ACT/365F", "30E/360"]),
        rounding=st.sampled_from(["event", "daily"]),
        cap_amount=st.none() | decimals,
        cap_share=st.none() | decimals,
        cap_annual_cost=st.none() | decimals,
    ),
    late_fee=st.one_of(
        st.just(LateFeePolicy()),
        st.builds(
            LateFeePolicy,
            kind=st.just("fixed"),
            amount=st.decimals(min_value="0.01", max_value=100, places=2).map(str),
            repeat_days=st.none() | st.integers(1, 60),
            cap_total=st.none() | decimals,
        ),
        st.builds(
            LateFeePolicy,
            kind=st.just("share"),
            share=st.decimals(min_value="0.001", max_value="0.1", places=3).map(str),
            base=st.sampled_from(["unpaid", "scheduled"]),
        ),
    ),
    allocation=st.sampled_from(["penalties-fees-interest-principal", "overdue-interest-first"]),
    delinquency=st.sampled_from(
        [
            DelinquencyTable.bank_2023(),
            DelinquencyTable.card_2011(),
            DelinquencyTable(bucket_bounds=(15, 45)),
        ]
    ),
    report_after_days=st.integers(0, 90),
    relief_windows=st.lists(windows, max_size=3),
)


@given(servicing_rules)
def test_servicing_rules_round_trip_through_plain_data_losslessly(rules: ServicingRules) -> None:
    assert ServicingRules.from_dict(rules.to_dict()) == rules
    assert ServicingRules.from_dict(rules.to_dict(drop_none=True)) == rules


def test_unknown_keys_are_refused_with_their_path() -> None:
    with pytest.raises(InvalidValueError) as caught:
        ServicingRules.from_dict({"penalty": {"rate": {"kind": "annual", "valeu": "0.2"}}})
    assert caught.value.field == "rules.penalty.rate.valeu"
    assert Classification.parse("损失") is Classification.LOSS
