"""The segment-based engine equals the slow day-by-day reference to the cent."""

from __future__ import annotations

from hypothesis import given

import loancalc as lc
from servicing_reference import reference
from servicing_strategies import cases


def _compare(schedule, payments, as_of, rules) -> None:  # type: ignore[no-untyped-def]
    state = lc.assess(schedule, payments, as_of, rules)
    expected = reference(schedule, payments, as_of, rules)
    for inst, charged, paid, out, paid_on in zip(
        state.installments,
        expected["charged"],
        expected["paid"],
        expected["outstanding"],
        expected["paid_on"],
        strict=True,
    ):
        assert list(inst.charged.as_tuple()) == charged, inst.number
        assert list(inst.paid.as_tuple()) == paid, inst.number
        assert list(inst.outstanding.as_tuple()) == out, inst.number
        assert inst.paid_in_full_on == paid_on, inst.number
    assert state.credit == expected["credit"]
    assert state.total_paid == expected["total_paid"]


@given(cases())
def test_engine_equals_the_day_by_day_reference(case) -> None:  # type: ignore[no-untyped-def]
    _compare(*case)
