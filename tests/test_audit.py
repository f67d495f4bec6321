"""lc.audit: hand-worked figures per limit set, the identities, claims and bad input."""

from __future__ import annotations

import pathlib
from datetime import date
from decimal import Decimal

import pytest

import loancalc as lc
from loancalc import limits
from loancalc.audit import Audit, Claim, Finding, audit, limits_for
from loancalc.errors import InvalidTypeError, InvalidValueError, UnknownNameError
from loancalc.limits import LimitRule, LimitSet
from loancalc.products import Source
from loancalc.servicing import CostCaps, LateFeePolicy

D = Decimal
SEED = "cn-consumer-finance-instalment"


def _seed(rate: str = "18%", as_of: date = date(2024, 3, 25)) -> lc.LoanState:
    """The README's late loan: instalment 1 paid on time, instalment 2 unpaid."""
    rules = lc.products.get(SEED)
    loan = lc.amortize(rules.terms(principal="12000", annual_rate=rate, term=12,
                                   start=date(2024, 1, 15)))  # fmt: skip
    paid = lc.Payment(date(2024, 2, 15), loan.installments[0].payment)
    return lc.assess(loan, [paid], as_of, rules)


def _name(finding: Finding) -> str:
    return "" if finding.component is None else finding.component.value


def _pairs(result: Audit) -> list[tuple[str, str, D, D, D]]:
    return [(f.rule, f.component.value if f.component else "", f.charged, f.lawful, f.excess)
            for f in result.findings]  # fmt: skip


# ---- China, licensed lenders: the seed story -----------------------------------------------


def test_seed_penalty_and_compound_above_the_24_percent_cap() -> None:
    # Instalment 2 (due 2024-03-15): principal 933.96, interest 166.20; 10 days overdue.
    # Contract: penalty 933.96 x 27 % / 360 x 10 = 7.0047 -> 7.00; compound
    # 166.20 x 27 % / 360 x 10 = 1.2465 -> 1.25; together 8.25.
    # Lawful (scheduled basis: no contract interest runs on the overdue principal, so the
    # default charges may cost the whole 24 % on it): 933.96 x 24 % / 360 x 10 = 6.2264
    # -> 6.23 (rounded up). Excess 8.25 - 6.23 = 2.02, from the junior charge first:
    # compound 1.25 (all of it), then penalty 0.77 (7.00 -> 6.23).
    state = _seed()
    result = audit(state)
    assert result.limits == "cn-licensed-lender"
    assert _pairs(result) == [
        ("all-in-24", "compound-interest", D("1.25"), D("0.00"), D("1.25")),
        ("all-in-24", "penalty-interest", D("7.00"), D("6.23"), D("0.77")),
    ]
    assert all(f.period == (date(2024, 3, 15), date(2024, 3, 25)) for f in result.findings)
    assert "法发〔2017〕22号" in result.findings[0].source
    # The contract balance: the 12 payments of the schedule (11 x 1,100.16 + 1,100.19 =
    # 13,201.95) less the 1,100.16 paid, plus the 8.25 of default charges.
    assert result.contract_balance == state.total_outstanding == D("12110.04")
    assert result.excess == D("2.02")
    assert result.lawful_balance == D("12108.02") == result.contract_balance - result.excess


def test_a_part_payment_changes_the_overdue_principal_measured() -> None:
    # The seed with 600 paid on 2024-03-20 (penalties first, then interest 166.20, then
    # principal): the penalty accrued to that day, 933.96 x 27 % / 360 x 5 = 3.50, and
    # compound 166.20 x 27 % / 360 x 5 = 0.62 are paid, 600 - 3.50 - 0.62 - 166.20 = 429.68
    # pays principal, leaving 504.28; then 504.28 x 27 % / 360 x 5 = 1.89. Charged:
    # penalty 5.39, compound 0.62 (6.01). Overdue principal: 933.96 for 5 days, then
    # 504.28 for 5 days: lawful 24 % x (4,669.80 + 2,521.40) / 360 = 4.7941 -> 4.80.
    # Excess 1.21 (compound 0.62, penalty 0.59), although partly paid: it is credited.
    rules = lc.products.get(SEED)
    loan = lc.amortize(rules.terms(principal="12000", term=12, start=date(2024, 1, 15)))
    paid = [lc.Payment(date(2024, 2, 15), "1100.16"), lc.Payment(date(2024, 3, 20), "600")]
    state = lc.assess(loan, paid, date(2024, 3, 25), rules)
    result = audit(state)
    assert _pairs(result) == [
        ("all-in-24", "compound-interest", D("0.62"), D("0.00"), D("0.62")),
        ("all-in-24", "penalty-interest", D("5.39"), D("4.80"), D("0.59")),
    ]
    assert result.lawful_balance == state.total_outstanding - D("1.21")


def test_seed_at_12_percent_has_no_findings() -> None:
    # 12 %: penalty 18 % on overdue principal, compound 18 % on overdue interest (about a
    # ninth of the principal): 18 % x (1 + 1/9) = 20 % < 24 %; after a year too.
    for as_of in (date(2024, 3, 25), date(2025, 3, 25)):
        result = audit(_seed("12%", as_of))
        assert result.findings == ()
        assert result.lawful_balance == result.contract_balance


def test_actual_balance_default_charges_share_the_cap_with_contract_interest() -> None:
    # On the actual-balance basis contract interest (18 %) runs on the overdue principal:
    # the default charges may cost 24 % - 18 % = 6 % a year on it. Instalment 2 asks
    # 1,100.16, of which interest 11,085.84 x 18 % x 29 / 360 = 160.74 and principal
    # 939.42. 10 days overdue: penalty (27 % - 18 % = 9 % on top of the interest running
    # on) 939.42 x 9 % x 10 / 360 = 2.35; compound 160.74 x 27 % x 10 / 360 = 1.21.
    # Lawful: 939.42 x 6 % x 10 / 360 = 1.5657 -> 1.57; excess 3.56 - 1.57 = 1.99:
    # compound 1.21 (all), then penalty 0.78 (2.35 -> 1.57).
    product = lc.products.get(SEED)
    rules = product.servicing.replace(interest_basis="actual-balance")
    loan = lc.amortize(product.terms(principal="12000", term=12, start=date(2024, 1, 15)))
    state = lc.assess(loan, [lc.Payment(date(2024, 2, 15), "1100.16")], date(2024, 3, 25), rules)
    result = audit(state, product)
    assert _pairs(result) == [
        ("all-in-24", "compound-interest", D("1.21"), D("0.00"), D("1.21")),
        ("all-in-24", "penalty-interest", D("2.35"), D("1.57"), D("0.78")),
    ]
    assert "less the contract rate" in result.findings[0].note


# ---- China, private lending ---------------------------------------------------------------


def _bullet(rate: str, start: date) -> lc.Schedule:
    return lc.amortize(lc.LoanTerms(principal=10000, annual_rate=rate, term=12, start=start,
                                    method="bullet"))  # fmt: skip


@pytest.mark.parametrize(
    ("rate", "interest_paid", "excess"),
    [
        # 10,000 for a year at 30 %: interest 3,000; 24 % protected -> 2,400; 600 cut.
        ("30%", False, D("600.00")),
        # At 40 %: interest 4,000; unpaid, everything above 24 % is cut: 1,600.
        ("40%", False, D("1600.00")),
        # At 40 %, interest paid: between 24 % and 36 % it stays paid (a natural
        # obligation); only above 36 % (4,000 - 3,600 = 400) is returned.
        ("40%", True, D("400.00")),
    ],
)
def test_private_lending_before_2020_08_20_bands(rate: str, interest_paid: bool, excess: D) -> None:
    loan = _bullet(rate, date(2019, 6, 1))
    row = loan.installments[0]
    paid = [lc.Payment(row.due_date, row.interest)] if interest_paid else []
    result = audit(lc.assess(loan, paid, row.due_date, lc.ServicingRules()), "cn-private-lending")
    assert result.rules == ("bands-24-36",)
    assert [(f.rule, _name(f), f.excess) for f in result.findings] == [
        ("bands-24-36", "interest", excess)
    ]


def test_private_lending_from_2020_08_20_four_times_the_lpr_at_the_contract_date() -> None:
    # Contract 2021-01-01: one-year LPR 3.85 % (published 2020-04-20), x 4 = 15.40 %.
    # 10,000 at 18 % for a year: interest 1,800; lawful 10,000 x 15.40 % = 1,540; 260 cut.
    loan = _bullet("18%", date(2021, 1, 1))
    state = lc.assess(loan, [], loan.installments[0].due_date, lc.ServicingRules())
    result = audit(state, "cn-private-lending")
    assert result.rules == ("four-times-lpr",)
    assert _pairs(result) == [("four-times-lpr", "interest", D("1800.00"), D("1540.00"),
                               D("260.00"))]  # fmt: skip


# ---- UK high-cost short-term credit ---------------------------------------------------------


def test_uk_initial_default_fee_and_total_cost_caps() -> None:
    # 500 at 1 % a day (3.65 a year, ACT/365F), one month from 2024-03-01, nothing paid,
    # with the product's own caps off and a 20.00 late fee.
    uk = lc.products.get("uk-hcstc")
    rules = uk.servicing.replace(caps=CostCaps(), late_fee=LateFeePolicy(kind="fixed",
                                                                         amount="20"))  # fmt: skip
    terms = uk.replace(max_rate="3.65").terms(
        principal=500, annual_rate="3.65", term=1, start=date(2024, 3, 1)
    )
    loan = lc.amortize(terms)
    # 2024-04-10, 40 days: interest 500 x 1 % x 40 = 200; at most 0.8 % a day:
    # 500 x 0.8 % x 40 = 160 (40 cut); late fee 20, at most 15 (5 cut); total 175 < 500.
    early = audit(lc.assess(loan, [], date(2024, 4, 10), rules), "uk-hcstc")
    assert _pairs(early) == [
        ("initial-cost-cap", "interest", D("200.00"), D("160.00"), D("40.00")),
        ("default-fee-cap", "late-fee", D("20.00"), D("15.00"), D("5.00")),
    ]
    # 2024-09-10, 193 days: interest 965; 0.8 % a day: 772 (193 cut); fee 15 (5 cut);
    # then the total cost cap, 100 % of 500: 772 + 15 = 787, 287 cut: the late fee (15)
    # first, then 272 of interest. Lawful balance: 500 principal + 500 = 1,000.
    late = audit(lc.assess(loan, [], date(2024, 9, 10), rules), "uk-hcstc")
    assert _pairs(late) == [
        ("initial-cost-cap", "interest", D("965.00"), D("772.00"), D("193.00")),
        ("default-fee-cap", "late-fee", D("20.00"), D("15.00"), D("5.00")),
        ("total-cost-cap", "late-fee", D("15.00"), D("0.00"), D("15.00")),
        ("total-cost-cap", "interest", D("772.00"), D("500.00"), D("272.00")),
    ]
    assert late.lawful_balance == D("1000.00")


def test_uk_product_within_its_caps_has_no_findings() -> None:
    uk = lc.products.get("uk-hcstc")
    loan = lc.amortize(uk.terms(principal=300, term=3, start=date(2024, 3, 1)))
    state = lc.assess(loan, [], date(2024, 12, 1), uk)  # the engine's own caps cut
    assert audit(state).findings == ()


# ---- Finland (the EU example) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # 1,000 interest-only at 25 %, 3 months: interest 1,000 x 25 % / 12 = 20.8333 ->
        # 20.83 a month, 62.49 in all; at most 20 %: 1,000 x 20 % x 3/12 = 50.00.
        (date(2024, 1, 10), [("interest-cap-20", "interest", D("62.49"), D("50.00"), D("12.49"))]),
        # Agreed 2020-08-01, repaid by 2020-11-01: the same 20 %, then the temporary 10 %
        # cap of 2020 (to 2020-12-31, the whole loan): 1,000 x 10 % x 3/12 = 25.00 of the
        # 50.00 left.
        (
            date(2020, 8, 1),
            [
                ("interest-cap-20", "interest", D("62.49"), D("50.00"), D("12.49")),
                ("temporary-cap-10-2020", "interest", D("50.00"), D("25.00"), D("25.00")),
            ],
        ),
        # Agreed before the cap came into force (2019-09-01): nothing applies.
        (date(2019, 8, 1), []),
    ],
)
def test_finland_interest_cap_by_contract_date(start: date, expected: list[object]) -> None:
    eu = lc.products.get("eu-consumer-credit")
    loan = lc.amortize(eu.terms(principal=1000, annual_rate="25%", term=3, start=start,
                                method="interest-only"))  # fmt: skip
    result = audit(lc.assess(loan, [], start, eu))
    assert result.limits == "fi-consumer-credit"
    assert _pairs(result) == expected


# ---- forbidden charges, and the junior-first order ------------------------------------------


def _set(*rules: LimitRule) -> LimitSet:
    return LimitSet(name="test-set", description="a test set", jurisdiction="CN", rules=rules)


def test_a_forbidden_charge_is_all_excess() -> None:
    # Simple interest only: compound interest (1.25 in the seed) may not be charged.
    rule = LimitRule(id="simple-only", title="no interest on interest", kind="forbidden",
                     components=["compound-interest"], sources=(Source(title="t"),))  # fmt: skip
    result = audit(_seed(), _set(rule))
    assert _pairs(result) == [("simple-only", "compound-interest", D("1.25"), D("0"),
                               D("1.25"))]  # fmt: skip


def test_excess_is_taken_from_late_fees_then_compound_then_penalty_then_interest() -> None:
    # A total-cost cap of 0.01 % of 12,000 = 1.20 on the seed: costs are the interest of
    # the whole schedule (13,201.95 - 12,000 = 1,201.95) plus penalty 7.00 and compound
    # 1.25. Everything above 1.20 is cut: compound first, then penalty, then interest.
    rule = LimitRule(id="tiny", title="tiny cap", kind="total-cost", share="0.0001",
                     sources=(Source(title="t"),))  # fmt: skip
    state = _seed()
    result = audit(state, _set(rule))
    assert [_name(f) for f in result.findings] == [
        "compound-interest", "penalty-interest", "interest"]  # fmt: skip
    assert result.findings[0].lawful == 0
    assert result.findings[1].lawful == 0
    assert result.findings[2].lawful == D("1.20")
    assert result.excess == D("1201.95") + D("8.25") - D("1.20")


def test_payments_allocated_against_a_mandated_order() -> None:
    # The seed with 600 paid on 2024-03-20. The product allocates penalties first: the
    # 600 pays penalty 3.50, compound 0.62, interest 166.20 and principal 429.68, leaving
    # 504.28 overdue; then 504.28 x 27 % x 5 / 360 = 1.89 of penalty: 6.01 of charges.
    # A rule mandating principal first: the 600 pays principal, leaving 333.96; penalty
    # 3.50 + 333.96 x 27 % x 5 / 360 = 3.50 + 1.25 = 4.75 and compound
    # 166.20 x 27 % x 10 / 360 = 1.25: 6.00. The contract's order costs 0.01 more.
    # Then the 24 % cap on the re-allocated loan: overdue principal 933.96 for 5 days and
    # 333.96 for 5: 24 % x (4,669.80 + 1,669.80) / 360 = 4.2264 -> 4.23 lawful of 6.00:
    # 1.77 cut (compound 1.25, penalty 0.52). Total excess 0.01 + 1.77 = 1.78.
    rules = lc.products.get(SEED)
    loan = lc.amortize(rules.terms(principal="12000", term=12, start=date(2024, 1, 15)))
    paid = [lc.Payment(date(2024, 2, 15), "1100.16"), lc.Payment(date(2024, 3, 20), "600")]
    state = lc.assess(loan, paid, date(2024, 3, 25), rules)
    order = LimitRule(
        id="principal-first",
        title="principal first",
        kind="allocation-order",
        order="principal-interest-penalties-fees",
        sources=(Source(title="t"),),
    )
    cap = limits.get("cn-licensed-lender").rules[0]
    result = audit(state, _set(cap, order))  # the order rule goes first wherever it is
    assert result.rules == ("principal-first", "all-in-24")
    allocation = result.findings[0]
    assert (allocation.kind, allocation.component) == ("allocation", None)
    assert (allocation.charged, allocation.lawful, allocation.excess) == (
        D("11507.80"), D("11507.79"), D("0.01"))  # fmt: skip
    assert _pairs(result)[1:] == [
        ("all-in-24", "compound-interest", D("1.25"), D("0.00"), D("1.25")),
        ("all-in-24", "penalty-interest", D("4.75"), D("4.23"), D("0.52")),
    ]
    assert result.excess == D("1.78")
    assert result.lawful_balance == D("11507.80") - D("1.78")
    # The product's own order mandated: nothing moves.
    same = LimitRule(
        id="same",
        title="same",
        kind="allocation-order",
        order="penalties-fees-interest-principal",
        sources=(Source(title="t"),),
    )
    assert audit(state, _set(same)).findings == ()


# ---- claims ----------------------------------------------------------------------------------


def test_claims_beyond_the_contract_are_findings_apart_from_the_excess() -> None:
    # The seed: 1,108.41 overdue (1,100.16 + 8.25), 10 days past due. A collection message
    # claims 1,200.00 and 15 days: 91.59 and 5 days beyond the contract.
    state = _seed()
    result = audit(state, claimed=Claim(overdue_amount="1200.00", days_past_due=15))
    claims = [f for f in result.findings if f.kind == "claim"]
    assert [(f.rule, f.charged, f.lawful, f.excess, f.unit) for f in claims] == [
        ("claim-overdue-amount", D("1200.00"), D("1108.41"), D("91.59"), "money"),
        ("claim-days-past-due", D(15), D(10), D(5), "days"),
    ]
    assert result.claimed_excess == D("91.59")
    assert result.excess == D("2.02")  # the limits only


def test_claims_given_as_a_mapping_a_path_or_an_amount(tmp_path: pathlib.Path) -> None:
    state = _seed()
    statement = tmp_path / "statement.csv"
    statement.write_text("item,amount\n逾期金额,1200.00\n逾期天数,15\n", encoding="utf-8")
    expected = audit(state, claimed=Claim(overdue_amount="1200.00", days_past_due=15))
    assert audit(state, claimed={"overdue-amount": "1200.00", "days_past_due": 15}) == expected
    assert audit(state, claimed=statement) == expected
    assert audit(state, claimed=str(statement)) == expected
    only_amount = audit(state, claimed=D("1200.00"))  # what is owed now: the overdue amount
    assert [(f.rule, f.excess) for f in only_amount.findings if f.kind == "claim"] == [
        ("claim-overdue-amount", D("91.59"))
    ]


def test_a_claim_of_loancalcs_own_figures_finds_only_limit_findings() -> None:
    state = _seed()
    result = audit(state, claimed=Claim.from_state(state))
    assert {f.kind for f in result.findings} == {"limit"}


# ---- choosing the limit set, rendering, bad input ----------------------------------------------


def test_limits_from_a_toml_file(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "mine.toml"
    mine = limits.get("cn-licensed-lender")
    path.write_text(limits.to_toml(mine), encoding="utf-8")
    assert audit(_seed(), path) == audit(_seed(), mine)
    assert audit(_seed(), str(path)).excess == D("2.02")


def test_limits_for_a_state_of_no_product_is_none_and_nothing_is_found() -> None:
    loan = lc.amortize(lc.LoanTerms(principal=1000, annual_rate="50%", term=3,
                                    start=date(2024, 1, 1)))  # fmt: skip
    state = lc.assess(loan, [], date(2024, 6, 1), lc.ServicingRules())
    assert limits_for(state) is None
    result = audit(state)
    assert result.limits is None
    assert result.findings == ()
    assert "no limit set applies" in result.text()


def test_renderings_agree() -> None:
    result = audit(_seed(), claimed=Claim(days_past_due=12))
    lines = result.to_csv().splitlines()
    assert len(lines) == 1 + len(result.findings)
    data = result.to_dict()
    assert data["excess"] == "2.02"
    assert data["lawful_balance"] == "12108.02"
    assert [f["excess"] for f in data["findings"]] == ["1.25", "0.77", "2"]
    assert '"format": "loancalc.audit/1"' in result.to_json()
    text = str(result)
    assert "lawful balance 12,108.02" in text
    assert "penalty-interest" in text


def test_finding_row_has_every_column() -> None:
    f = Finding(rule="r", kind="limit", source="s", component=None,
                period=(date(2024, 1, 1), date(2024, 1, 2)), charged=D(1), lawful=D(0),
                excess=D(1))  # fmt: skip
    assert len(f.row()) == 12


def test_bad_input_names_field_value_and_accepted() -> None:
    state = _seed()
    with pytest.raises(InvalidTypeError, match=r"^state: got 1; accepted: a loancalc.LoanState"):
        audit(1)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^claimed: got \['x'\]; accepted: None, a Cl"):
        audit(state, claimed=["x"])
    with pytest.raises(InvalidValueError, match=r"^claimed.overdue_amount: got 'x'; accepted"):
        audit(state, claimed="x")
    with pytest.raises(
        InvalidValueError, match=r"^claimed.item: got 'colour'; accepted: overdue-amount"
    ):
        audit(state, claimed={"colour": 1})
    with pytest.raises(UnknownNameError, match=r"^limits: got 'nope'; accepted: one of cn-"):
        audit(state, "nope")
    with pytest.raises(InvalidTypeError, match=r"^limits: got 5; accepted: None, a limit set"):
        audit(state, 5)
    with pytest.raises(InvalidValueError, match=r"^no/such.toml: \(file\): got 'no/such.toml'"):
        audit(state, "no/such.toml")
    with pytest.raises(InvalidValueError, match=r"^claimed.days_past_due: got -1; accepted"):
        Claim(days_past_due=-1)
    with pytest.raises(InvalidValueError, match=r"^component: got 'colour'"):
        Claim(amounts={"colour": 1})
