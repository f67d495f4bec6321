"""Each allocation strategy, told apart from the others on the same payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import loancalc as lc
from loancalc.servicing import (
    GracePolicy,
    Payment,
    PenaltyPolicy,
    PenaltyRate,
    ServicingRules,
    assess,
    strategy_names,
)

D = Decimal
SEED = lc.amortize(
    lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
)
RULES = ServicingRules(
    grace=GracePolicy(days=3),
    penalty=PenaltyPolicy(rate=PenaltyRate(kind="multiplier", value="1.5"), compound=True),
)
# Instalment 1 paid on time; 500 paid on 2024-04-25, when instalment 2 (933.96 + 166.20,
# due 03-15) is 41 days and instalment 3 (947.97 + 152.19, due 04-15) 10 days past due.
# Charges on 04-25 at 0.075 %/day:
#   #2 penalty 933.96 x 0.00075 x 41 = 28.71927 -> 28.72; compound 166.20 x ... = 5.11065 -> 5.11
#   #3 penalty 947.97 x 0.00075 x 10 = 7.109775 -> 7.11;  compound 152.19 x ... = 1.141425 -> 1.14
PAYMENTS = [Payment(date(2024, 2, 15), "1100.16"), Payment(date(2024, 4, 25), "500")]
AS_OF = date(2024, 4, 25)

#: What the 500 pays: (instalment 2 principal, interest, penalty, compound; instalment 3
#: interest, penalty, compound).
EXPECTED = {
    # #2: penalty 28.72, compound 5.11, interest 166.20 (= 200.03), principal 299.97
    "penalties-fees-interest-principal": ("299.97", "166.20", "28.72", "5.11", "0", "0", "0"),
    # #2: interest 166.20, then principal 333.80
    "interest-principal-penalties-fees": ("333.80", "166.20", "0", "0", "0", "0", "0"),
    # #2: principal 500 of 933.96
    "principal-interest-penalties-fees": ("500", "0", "0", "0", "0", "0", "0"),
    # penalties 28.72 + 7.11, compounds 5.11 + 1.14, interest 166.20 + 152.19 (= 360.47),
    # then principal of #2: 139.53
    "overdue-interest-first": ("139.53", "166.20", "28.72", "5.11", "152.19", "7.11", "1.14"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_strategy_allocates_its_own_way(name: str) -> None:
    state = assess(SEED, PAYMENTS, AS_OF, RULES.replace(allocation=name))
    second, third = state.installments[1].paid, state.installments[2].paid
    got = (
        second.principal, second.interest, second.penalty_interest, second.compound_interest,
        third.interest, third.penalty_interest, third.compound_interest,
    )  # fmt: skip
    assert got == tuple(D(x) for x in EXPECTED[name])
    assert state.total_allocated == D("1600.16")
    assert state.credit == 0


def test_the_four_required_strategies_exist_and_differ() -> None:
    assert set(EXPECTED) <= set(strategy_names())
    assert len(set(EXPECTED.values())) == len(EXPECTED)


def test_money_beyond_everything_due_is_credit_applied_when_the_next_falls_due() -> None:
    paid = [Payment(date(2024, 2, 15), "1500")]
    before = assess(SEED, paid, date(2024, 3, 14), RULES)
    assert before.credit == D("399.84")  # 1,500 - 1,100.16
    after = assess(SEED, paid, date(2024, 3, 15), RULES)
    assert after.credit == 0
    assert after.installments[1].paid.total == D("399.84")
    kinds = [e.kind.value for e in after.events]
    assert "credit-carried" in kinds
    assert "credit-applied" in kinds
