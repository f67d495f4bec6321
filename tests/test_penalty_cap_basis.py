"""``PenaltyPolicy(cap_annual_cost=...)``: the cap is the most an overdue amount bears a year.

On the scheduled basis contract interest stops at the due date, so overdue principal
bears the penalty alone and the penalty rate may use the whole cap (not the cap less the
contract rate); on the actual-balance basis contract interest keeps running on it, so the
penalty charged on top is the capped rate less the contract rate. Overdue interest bears
no contract interest on either basis: the compound rate is cut to the whole cap. One
method computes it (:meth:`PenaltyPolicy.annual_rate`), used by ``lc.assess`` and by
``batch.penalties``, which must agree.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch
from loancalc.servicing import GracePolicy, PenaltyPolicy, PenaltyRate, ServicingRules

CONTRACT = Decimal("0.18")


def _seed_story() -> tuple[lc.Schedule, list[lc.Payment]]:
    """12,000 at 18 % over 12 months from 2024-01-15 (1,100.16 a month); instalment 1
    paid on its due date; instalment 2 (933.96 principal + 166.20 interest, due
    2024-03-15) unpaid."""
    schedule = lc.amortize(
        lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
    )
    second = schedule.installments[1]
    assert (second.principal, second.interest) == (Decimal("933.96"), Decimal("166.20"))
    return schedule, [lc.Payment(date(2024, 2, 15), Decimal("1100.16"))]


def _rules(cap: str | None, basis: str = "scheduled", value: str = "1.5") -> ServicingRules:
    return ServicingRules(
        interest_basis=basis,
        grace=GracePolicy(days=3),
        penalty=PenaltyPolicy(
            rate=PenaltyRate(kind="multiplier", value=value), compound=True, cap_annual_cost=cap
        ),
    )


def test_policy_rates_under_a_24_percent_cap() -> None:
    policy = PenaltyPolicy(
        rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True, cap_annual_cost="24%"
    )
    # 1.5 x 18 % = 27 % asked, 24 % allowed (formerly 24 % - 18 % = 6 %)
    assert policy.annual_rate(CONTRACT) == Decimal("0.24")
    assert policy.compound_annual_rate(CONTRACT) == Decimal("0.24")
    # below the cap nothing is cut: 1.2 x 18 % = 21.6 %
    lower = attrs_evolve_rate(policy, "1.2")
    assert lower.annual_rate(CONTRACT) == Decimal("0.216")
    # a contract rate of 30 % (over the cap): 1.5 x 30 % = 45 % cut to 24 %, not to 0
    assert policy.annual_rate(Decimal("0.30")) == Decimal("0.24")


def attrs_evolve_rate(policy: PenaltyPolicy, value: str) -> PenaltyPolicy:
    return PenaltyPolicy(
        rate=PenaltyRate(kind="multiplier", value=value),
        compound=policy.compound,
        cap_annual_cost=policy.cap_annual_cost,
    )


def test_scheduled_basis_penalty_uses_the_whole_cap() -> None:
    """The seed story on 2024-03-25, 10 days after instalment 2 fell due (3-day grace,
    retroactive), penalty 1.5 x 18 % = 27 % capped at 24 % a year (ACT/360):

    - penalty:  933.96 x 0.24 / 360 x 10 = 6.2264 -> 6.23 (formerly at 6 %: 1.5566 -> 1.56)
    - compound: 166.20 x 0.24 / 360 x 10 = 1.1080 -> 1.11 (formerly 0.2770 -> 0.28)
    Without the cap: 933.96 x 0.27 / 360 x 10 = 7.0047 -> 7.00; 166.20 x ... = 1.2465 -> 1.25.
    """
    schedule, paid = _seed_story()
    on = date(2024, 3, 25)
    capped = lc.assess(schedule, paid, on, _rules("24%"))
    assert (capped.penalty_interest, capped.compound_interest) == (
        Decimal("6.23"),
        Decimal("1.11"),
    )
    free = lc.assess(schedule, paid, on, _rules(None))
    assert (free.penalty_interest, free.compound_interest) == (Decimal("7.00"), Decimal("1.25"))
    # a rate under the cap is not cut: 1.2 x 18 % = 21.6 %; 933.96 x 0.216 / 360 x 10
    # = 5.6038 -> 5.60; 166.20 x 0.216 / 360 x 10 = 0.9972 -> 1.00
    under = lc.assess(schedule, paid, on, _rules("24%", value="1.2"))
    assert (under.penalty_interest, under.compound_interest) == (
        Decimal("5.60"),
        Decimal("1.00"),
    )
    found = batch.penalties(["933.96"], ["166.20"], "18%", [date(2024, 3, 15)], on,
                            _rules("24%"))  # fmt: skip
    assert (found.penalty_interest.tolist(), found.compound_interest.tolist()) == ([623], [111])


def test_actual_balance_basis_charges_the_cap_less_contract_interest_on_top() -> None:
    """The same loan on the actual-balance basis: contract interest runs daily on the
    principal outstanding, 0.05 % a day. Period 1 (31 days): 12,000 x 0.0005 x 31 =
    186.00, so the 1,100.16 paid leaves 12,000 - 914.16 = 11,085.84; period 2 (29 days):
    11,085.84 x 0.0005 x 29 = 160.7447 -> 160.74 interest, 1,100.16 - 160.74 = 939.42
    principal due on 2024-03-15. Contract interest keeps running on the overdue 939.42,
    so the penalty charged is the excess over 18 %: 27 % - 18 % = 9 % uncapped,
    24 % - 18 % = 6 % under the cap (formerly min(27 %, 24 % - 18 %) - 18 % < 0: none).

    - penalty:  939.42 x 0.06 / 360 x 10 = 1.5657 -> 1.57 (uncapped 0.09: 2.3486 -> 2.35)
    - compound: 160.74 x 0.24 / 360 x 10 = 1.0716 -> 1.07 (uncapped 0.27: 1.2056 -> 1.21)
    """
    schedule, paid = _seed_story()
    on = date(2024, 3, 25)
    capped = lc.assess(schedule, paid, on, _rules("24%", basis="actual-balance"))
    assert (capped.penalty_interest, capped.compound_interest) == (
        Decimal("1.57"),
        Decimal("1.07"),
    )
    free = lc.assess(schedule, paid, on, _rules(None, basis="actual-balance"))
    assert (free.penalty_interest, free.compound_interest) == (Decimal("2.35"), Decimal("1.21"))


KINDS = [
    ("multiplier", "1.5"),
    ("multiplier", "1.2"),
    ("annual", "0.2437"),
    ("annual", "0.05"),
    ("daily", "0.0005"),
    ("daily", "0.001"),
]
CAPS = ["0", "0.05", "0.12", "0.18", "0.24", "0.36", "1"]


def _asked(kind: str, value: str, contract: Decimal, year: int) -> Fraction:
    """The penalty rate a year before any cap, written from the rate kinds' definitions."""
    if kind == "multiplier":
        return Fraction(contract) * Fraction(value)
    if kind == "annual":
        return Fraction(value)
    return Fraction(value) * year  # daily


def _half_up(value: Fraction) -> Decimal:
    """``value`` (in money) rounded half-up to the cent."""
    cents = Decimal(value.numerator) / Decimal(value.denominator) * 100
    return cents.quantize(Decimal(1), rounding=ROUND_HALF_UP) / 100


@st.composite
def capped_cases(draw: st.DrawFn) -> tuple[lc.Schedule, int, date, ServicingRules]:
    terms = lc.LoanTerms(
        principal=Decimal(draw(st.integers(100, 10**8))) / 100 * 10,
        annual_rate=draw(st.sampled_from(["0", "4.9%", "18%", "24%", "30%", "36%"])),
        term=draw(st.integers(1, 8)),
        start=date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 900))),
        method=draw(st.sampled_from(["equal-installment", "equal-principal", "interest-only"])),
    )
    schedule = lc.amortize(terms)
    kind, value = draw(st.sampled_from(KINDS))
    rules = ServicingRules(
        grace=GracePolicy(days=draw(st.integers(0, 5)), retroactive=draw(st.booleans())),
        penalty=PenaltyPolicy(
            rate=PenaltyRate(kind=kind, value=value),
            compound=draw(st.booleans()),
            day_count=draw(st.sampled_from(["ACT/360", "ACT/365F"])),
            cap_annual_cost=draw(st.sampled_from(CAPS)),
        ),
    )
    paid = draw(st.integers(0, len(schedule.installments)))
    span = (schedule.maturity - terms.start).days + 400
    as_of = terms.start + timedelta(days=draw(st.integers(0, span)))
    return schedule, paid, as_of, rules


@settings(max_examples=200, deadline=None)
@given(capped_cases())
def test_batch_and_scalar_agree_under_the_cap(
    case: tuple[lc.Schedule, int, date, ServicingRules],
) -> None:
    """Each unpaid instalment's penalty and compound interest: ``batch.penalties`` equals
    ``lc.assess``, and both equal the overdue amount x min(asked rate, cap) x days / year
    rounded half-up, computed here from the rules' definitions."""
    schedule, paid, as_of, rules = case
    rows = schedule.installments
    payments = [
        lc.Payment(r.due_date, r.payment) for r in rows[:paid] if r.due_date <= as_of and r.payment
    ]
    state = lc.assess(schedule, payments, as_of, rules)
    unpaid = rows[paid:]
    terms = schedule.terms
    found = batch.penalties(
        [r.principal for r in unpaid], [r.interest for r in unpaid], terms.annual_rate,
        [r.due_date for r in unpaid], as_of, rules, principal=terms.principal,
    )  # fmt: skip
    penalty, grace = rules.penalty, rules.grace
    assert penalty.cap_annual_cost is not None
    year = penalty.day_count.days_per_year
    kind, value = penalty.rate.kind.value, str(penalty.rate.value)
    rate = min(_asked(kind, value, terms.annual_rate, year), Fraction(penalty.cap_annual_cost))
    compound = rate if penalty.compound else Fraction(0)
    for position, (row, inst) in enumerate(zip(unpaid, state.installments[paid:], strict=True)):
        grace_end = row.due_date + timedelta(days=grace.days)
        since = row.due_date if grace.retroactive else grace_end
        days = (as_of - since).days if as_of > grace_end else 0  # grace ends at the day's end
        expected_pen = _half_up(Fraction(row.principal) * rate * days / year)
        expected_comp = _half_up(Fraction(row.interest) * compound * days / year)
        assert inst.charged.penalty_interest == expected_pen
        assert inst.charged.compound_interest == expected_comp
        assert int(found.penalty_interest[position]) == int(expected_pen * 100)
        assert int(found.compound_interest[position]) == int(expected_comp * 100)
    assert found.fallback.tolist() == []


@pytest.mark.parametrize("basis", ["scheduled", "actual-balance"])
def test_a_zero_cap_charges_no_penalty(basis: str) -> None:
    """A cap of 0 % a year leaves nothing for penalty or compound interest on either basis."""
    schedule, paid = _seed_story()
    state = lc.assess(schedule, paid, date(2024, 4, 30), _rules("0", basis=basis))
    assert state.penalty_interest == state.compound_interest == Decimal(0)
