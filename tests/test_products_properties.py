"""Properties of product rule sets: any valid ProductRules round-trips losslessly."""

from __future__ import annotations

import json

from hypothesis import given, settings

from loancalc.products import ProductRules
from loancalc.restructuring import RestructuringRules
from loancalc.strategies import product_rules


@settings(max_examples=150, deadline=None)
@given(product_rules())
def test_any_product_round_trips_through_toml(rules: ProductRules) -> None:
    text = rules.to_toml()
    again = ProductRules.from_toml(text)
    assert again == rules
    assert again.to_toml() == text  # the writer is stable too


@settings(max_examples=60, deadline=None)
@given(product_rules())
def test_any_product_round_trips_through_json(rules: ProductRules) -> None:
    data = json.loads(json.dumps(rules.to_dict()))
    assert ProductRules.from_dict(data) == rules


@settings(max_examples=60, deadline=None)
@given(product_rules())
def test_generated_rules_are_consistent(rules: ProductRules) -> None:
    assert rules.min_rate <= rules.max_rate
    if rules.annual_rate is not None:
        assert rules.check_rate(rules.annual_rate) == rules.annual_rate
    restructuring = rules.restructuring
    assert restructuring.allowed == bool(restructuring.kinds)
    if restructuring != RestructuringRules():
        assert (
            restructuring.breach_days_past_due is not None
            or restructuring.breach_missed_installments is not None
        )
