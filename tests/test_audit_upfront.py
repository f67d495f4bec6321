"""lc.audit counts a fee charged at disbursement (Fees.upfront, Fees.upfront_rate) in the
all-in cost and the total cost, on the advance net of it: hand-worked figures and
properties."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.audit import Audit, audit
from loancalc.limits import LimitRule, LimitSet
from loancalc.products import Source

D = Decimal
START = date(2024, 1, 15)


def _loan(fees: lc.Fees, *, principal: int = 10000, method: str = "bullet") -> lc.LoanState:
    """18 % for 12 months from 2024-01-15, assessed on 2024-03-01 (nothing overdue)."""
    terms = lc.LoanTerms(principal=principal, annual_rate="18%", term=12, start=START,
                         method=method, fees=fees)  # fmt: skip
    return lc.assess(lc.amortize(terms), [], date(2024, 3, 1))


def _pairs(result: Audit) -> list[tuple[str, str, D, D, D]]:
    return [(f.rule, f.component.value if f.component else "", f.charged, f.lawful, f.excess)
            for f in result.findings]  # fmt: skip


def test_an_upfront_fee_pushes_a_bullet_loan_over_24_percent() -> None:
    # 10,000 bullet at 18 % for 12 months: interest 10,000 x 18 % = 1,800.00. Under the
    # 24 % all-in cap with no fee: 1,800.00 <= 10,000 x 24 % x 12/12 = 2,400.00, no finding.
    # A fee of 600.00 deducted from the advance: 9,400.00 actually lent, so the cap allows
    # 9,400 x 24 % x 12/12 = 2,256.00; the cost is 1,800.00 + 600.00 = 2,400.00; excess
    # 2,400.00 - 2,256.00 = 144.00, taken from the fee (junior to interest): 600.00 -> 456.00.
    without = audit(_loan(lc.Fees()), "cn-licensed-lender")
    assert without.findings == ()
    assert without.lawful_balance == without.contract_balance == D("11800.00")
    state = _loan(lc.Fees(upfront="600"))
    result = audit(state, "cn-licensed-lender")
    assert _pairs(result) == [("all-in-24", "fee", D("600.00"), D("456.00"), D("144.00"))]
    assert result.findings[0].period == (START, date(2025, 1, 15))
    assert "upfront fee 600.00" in result.findings[0].note
    assert "9400.00" in result.findings[0].note
    # the fee was paid out of the advance: the excess is credited against the balance
    assert result.contract_balance == D("11800.00")  # the fee is not owed: it was deducted
    assert result.excess == D("144.00")
    assert result.lawful_balance == D("11656.00")


def test_an_upfront_fee_rate_is_counted_the_same_way() -> None:
    # 5 % of 10,000 = 500.00 deducted: lent 9,500.00, allowed 9,500 x 24 % = 2,280.00;
    # cost 1,800.00 + 500.00 = 2,300.00; excess 20.00 from the fee (500.00 -> 480.00).
    result = audit(_loan(lc.Fees(upfront_rate="5%")), "cn-licensed-lender")
    assert _pairs(result) == [("all-in-24", "fee", D("500.00"), D("480.00"), D("20.00"))]


def test_an_upfront_fee_on_an_instalment_loan() -> None:
    # 12,000 equal instalments at 18 % for 12 months: interest 1,201.95 in all. Opening
    # balances: 12,000.00 + 11,079.84 + 10,145.88 + 9,197.91 + 8,235.72 + 7,259.10 +
    # 6,267.83 + 5,261.69 + 4,240.46 + 3,203.91 + 2,151.81 + 1,083.93 = 80,128.08, each for
    # 1/12 of a year: 6,677.34 principal-years. Fee 600.00: lent 11,400.00, so
    # 6,677.34 x 11,400 / 12,000 = 6,343.473 principal-years, allowed x 24 % = 1,522.4335
    # -> 1,522.44 (rounded up). Cost 1,201.95 + 600.00 = 1,801.95; excess 279.51 from the
    # fee (600.00 -> 320.49). Without the fee: 1,201.95 <= 6,677.34 x 24 % = 1,602.56.
    without = audit(_loan(lc.Fees(), principal=12000, method="equal-installment"),
                    "cn-licensed-lender")  # fmt: skip
    assert without.findings == ()
    state = _loan(lc.Fees(upfront="600"), principal=12000, method="equal-installment")
    assert state.schedule.total_interest == D("1201.95")
    assert sum(row.opening_balance for row in state.schedule.installments) == D("80128.08")
    result = audit(state, "cn-licensed-lender")
    assert _pairs(result) == [("all-in-24", "fee", D("600.00"), D("320.49"), D("279.51"))]


def test_a_fee_of_the_whole_principal_leaves_nothing_lent() -> None:
    # 1,000 bullet at 18 % for 12 months with a fee of 1,000.00: nothing is actually lent,
    # so the cap allows nothing: the interest (180.00) and the fee (1,000.00) are all excess.
    state = _loan(lc.Fees(upfront="1000"), principal=1000)
    result = audit(state, "cn-licensed-lender")
    assert _pairs(result) == [
        ("all-in-24", "fee", D("1000.00"), D("0.00"), D("1000.00")),
        ("all-in-24", "interest", D("180.00"), D("0.00"), D("180.00")),
    ]
    assert result.lawful_balance == result.contract_balance - D("1180.00")


def test_a_total_cost_cap_is_a_share_of_the_advance_net_of_the_fee() -> None:
    # Total cost at most 10 % of the credit: 1,000 bullet at 18 % for 12 months, interest
    # 180.00. Without a fee: 180.00 - 1,000 x 10 % = 80.00 above. A fee of 100.00: credit
    # 900.00, allowed 90.00; cost 180.00 + 100.00 = 280.00; excess 190.00: the fee (100.00)
    # then 90.00 of the interest (180.00 -> 90.00).
    rule = LimitRule(id="total-10", title="total cost at most 10 %", kind="total-cost",
                     share="10%", sources=(Source(title="t"),))  # fmt: skip
    cap = LimitSet(name="total-10", description="x", jurisdiction="UK", rules=(rule,))
    assert _pairs(audit(_loan(lc.Fees(), principal=1000), cap)) == [
        ("total-10", "interest", D("180.00"), D("100.00"), D("80.00"))
    ]
    assert _pairs(audit(_loan(lc.Fees(upfront="100"), principal=1000), cap)) == [
        ("total-10", "fee", D("100.00"), D("0.00"), D("100.00")),
        ("total-10", "interest", D("180.00"), D("90.00"), D("90.00")),
    ]


def test_a_forbidden_fee_rule_cuts_the_upfront_fee_too() -> None:
    rule = LimitRule(id="no-fees", title="no fees", kind="forbidden", components=["fee"],
                     sources=(Source(title="t"),))  # fmt: skip
    cap = LimitSet(name="no-fees", description="x", jurisdiction="DE", rules=(rule,))
    result = audit(_loan(lc.Fees(upfront="25")), cap)
    assert _pairs(result) == [("no-fees", "fee", D("25.00"), D("0.00"), D("25.00"))]


def test_the_actual_balance_basis_counts_the_fee_on_the_net_advance() -> None:
    # A daily-rate line draw of 10,000 at 0.04 % a day (14.4 % a year, 360-day year),
    # repaid in full after 30 days: interest 10,000 x 0.04 % x 30 = 120.00. Fee 100.00:
    # lent 9,900.00, for 30/360 of a year: 825 principal-years, allowed x 24 % = 198.00;
    # cost 220.00, excess 22.00 from the fee. Without the fee: 120.00 <= 200.00.
    line = lc.products.get("cn-daily-rate-credit-line")
    for fee, expected in (("0", []), ("100", [("all-in-24", "fee", D("100.00"),
                                                D("78.00"), D("22.00"))])):  # fmt: skip
        terms = line.terms(principal=10000, term=6, start=date(2024, 1, 31),
                           fees=lc.Fees(upfront=fee))  # fmt: skip
        state = lc.assess(lc.amortize(terms), [], date(2024, 3, 1), line)
        assert state.charged.interest == D("120.00")
        assert _pairs(audit(state, "cn-licensed-lender")) == expected


@st.composite
def _fee_loans(draw: st.DrawFn) -> tuple[lc.LoanState, lc.LoanState]:
    """One loan with and without an upfront fee, some instalments paid late or not."""
    terms = lc.LoanTerms(
        principal=D(draw(st.integers(1000, 10**6))),
        annual_rate=D(draw(st.integers(0, 36))) / 100,
        term=draw(st.integers(1, 12)),
        start=date(2019, 1, 1) + timedelta(days=draw(st.integers(0, 1500))),
        method=draw(st.sampled_from(["equal-installment", "equal-principal", "bullet"])),
    )
    fee = (terms.principal * draw(st.integers(1, 150)) / 1000).quantize(D("0.01"))
    rules = lc.products.get("cn-consumer-finance-instalment").servicing
    as_of = terms.start + timedelta(days=draw(st.integers(0, 500)))
    paid_flags = draw(st.lists(st.booleans(), min_size=terms.term, max_size=terms.term))
    states = []
    for fees in (lc.Fees(), lc.Fees(upfront=fee)):  # the fee changes no instalment
        schedule = lc.amortize(terms.replace(fees=fees))
        paid = [lc.Payment(row.due_date, row.payment)
                for row, flag in zip(schedule.installments, paid_flags, strict=False)
                if flag and row.due_date <= as_of]  # fmt: skip
        states.append(lc.assess(schedule, paid, as_of, rules))
    return states[0], states[1]


@settings(max_examples=40, deadline=None)
@given(_fee_loans())
def test_an_upfront_fee_never_lowers_the_excess(pair: tuple[lc.LoanState, lc.LoanState]) -> None:
    # Under one all-in cap the fee raises the cost and lowers the principal lent, so the
    # excess can only grow; the identities hold with it, and no more fee is cut than was
    # charged (the upfront fee and the instalments' fees).
    plain, with_fee = (audit(state, "cn-licensed-lender") for state in pair)
    fee = pair[1].schedule.upfront_fee
    assert with_fee.excess >= plain.excess
    assert with_fee.contract_balance == plain.contract_balance  # the fee is never owed
    assert with_fee.contract_balance == with_fee.lawful_balance + with_fee.excess
    assert with_fee.lawful_balance <= with_fee.contract_balance
    cut = sum((f.excess for f in with_fee.findings if f.component is lc.Component.FEE), D(0))
    assert cut <= fee + pair[1].charged.fee
