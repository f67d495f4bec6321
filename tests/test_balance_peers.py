"""Peer test cases for the actual-balance basis (issue 12), re-expressed with our rules.

Sources (read at the commits named; figures marked [asserted] are checked by the peer's
own test, [io/out] are the full schedules the peer commits next to its tests):

* FSharp.Finance.Personal (FSFP), github.com/simontreanor/FSharp.Finance.Personal at
  commit 204707cb5ca5415d6aa87990beef4d897c62eff1 (2025-07-23): UK high-cost short-term
  credit, 0.8 % a day simple interest on the actual balance ("actuarial" method).
* Apache Fineract, github.com/apache/fineract at commit
  4198b0bcf9a94e1c7aa0f386317ba71f40ceb1d9 (2024-10-24): progressive loans with interest
  recalculation (fineract-e2e-tests-runner/src/test/resources/features/Loan.feature).

How FSFP re-expresses here: ``Rate.Daily 0.8 %`` is 292 % a year over ACT/365F (FSFP
converts annual rates by /365 in every year, so a day is exactly 0.8 %); interest
``RoundDown`` is ``Rounding(mode="down")``; the payment ``Timeout`` (days before a missed
payment is late) is ``GracePolicy(days=...)``; the ``LatePayment`` charge of 10.00 is a
fixed late fee (UK default-fee cap 15.00, which a 10.00 fee never reaches);
``InitialGracePeriod`` is a conditional ``InterestFreePeriod``; the caps are ``CostCaps``;
FSFP settles charges, then interest, then fees, then principal (no fees in these cases,
so ``penalties-fees-interest-principal`` is the same order). FSFP generates its scheduled
payments (rounded up, lower final payment); the schedules here are FSFP's own "Initial
Schedule" rows, built as a :class:`loancalc.Schedule`, so the due dates and scheduled
amounts are the peer's.

Where the conventions differ, the test asserts our figure and says why:

* Rounding. FSFP keeps unpaid interest with its fraction of a cent across due dates and
  floors only when interest is paid (dropping the sub-cent rest); we post contract
  interest per period, rounded (down) within each period (docs: actual-balance rules,
  "Post"). When every period's interest is paid on its due date the two agree to the
  cent; when interest stays unpaid across due dates, ours can be up to a cent a period
  lower (the fractions of each period are never charged).
* Fineract's 360/30 products charge annual/12 x (days / actual days of the repayment
  period) for part of a period; our day counts have no such basis. 30E/360 gives exactly
  annual/12 for a whole month (so whole periods agree), but 14 days of February cost
  14/360 of a year, not 14/29 of a month.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import loancalc as lc
from loancalc.servicing import EventKind, GracePolicy

D = Decimal
UK_RATE = "292%"  # 0.8 % a day over ACT/365F


def _peer_schedule(
    principal: str, start: date, rows: list[tuple[date, str, str, str, str]], rate: object = UK_RATE
) -> lc.Schedule:
    """A schedule with the peer's rows: (due date, payment, interest, principal, closing)."""
    terms = lc.LoanTerms(
        principal=principal,
        annual_rate=rate,
        term=len(rows),
        start=start,
        first_due=rows[0][0],
        accrual="daily",
        day_count="ACT/365F",
        rounding=lc.Rounding(mode="down"),
    )
    installments = []
    opening, previous = D(principal), start
    for number, (due, payment, interest, part, closing) in enumerate(rows, 1):
        installments.append(
            lc.Installment(
                number=number,
                start=previous,
                due_date=due,
                days=(due - previous).days,
                opening_balance=opening,
                principal=D(part),
                interest=D(interest),
                fee=D(0),
                payment=D(payment),
                closing_balance=D(closing),
            )
        )
        opening, previous = D(closing), due
    return lc.Schedule(terms=terms, installments=installments)


def _uk_rules(
    *,
    late_fee: bool = True,
    timeout: int = 3,
    interest_free: int | None = 3,
    daily: str | None = "0.8%",
    total: str = "100%",
    promotions: tuple[lc.PromotionalRate, ...] = (),
) -> lc.ServicingRules:
    """FSFP's UK parameters as our rules."""
    return lc.ServicingRules(
        interest_basis="actual-balance",
        allocation="penalties-fees-interest-principal",
        grace=GracePolicy(days=timeout),
        late_fee=lc.LateFeePolicy(kind="fixed", amount=10) if late_fee else lc.LateFeePolicy(),
        interest_free=None if interest_free is None else lc.InterestFreePeriod(days=interest_free),
        caps=lc.CostCaps(daily_share=daily, total_share=total, default_fee=15),
        promotions=list(promotions),
    )


def _closes(
    schedule: lc.Schedule, payments: list[lc.Payment], on: date, rules: lc.ServicingRules
) -> None:
    """Paying the settlement figure on ``on`` leaves every balance at zero."""
    quote = lc.assess(schedule, payments, on, rules).payoff_amount(on)
    state = lc.assess(schedule, [*payments, lc.Payment(on, quote)], on, rules)
    assert state.payoff_amount(on) == 0
    assert _amounts(state) == [0] * 6
    assert state.credit == 0


def _amounts(state: lc.LoanState) -> list[Decimal]:
    out = state.outstanding
    return [
        out.principal,
        out.interest,
        out.fee,
        out.penalty_interest,
        out.compound_interest,
        out.late_fee,
    ]


def _lines(state: lc.LoanState) -> dict[date, lc.StatementLine]:
    return {line.date: line for line in state.statement}


# ---- FSharp.Finance.Personal ---------------------------------------------------------

# ActualPaymentTest000 and the quote tests below share these dates.
AP000_ROWS = [
    (date(2022, 11, 30), "456.88", "48.00", "408.88", "1091.12"),
    (date(2022, 12, 31), "456.88", "270.59", "186.29", "904.83"),
    (date(2023, 1, 31), "456.88", "224.39", "232.49", "672.34"),
    (date(2023, 2, 28), "456.88", "150.60", "306.28", "366.06"),
    (date(2023, 3, 31), "456.84", "90.78", "366.06", "0.00"),
]


def test_fsfp_actual_payment_000_paid_on_time_reproduces_the_schedule() -> None:
    """FSFP ActualPaymentTest000, "Standard schedule with month-end payments from 4 days and
    paid off on time": simontreanor/FSharp.Finance.Personal, tests/ActualPaymentTests.fs
    (parameters1 L73-L122, test L125-L150), commit 204707cb5ca5415d6aa87990beef4d897c62eff1;
    full table io/out/ActualPayment/ActualPaymentTest000.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/ActualPaymentTests.fs#L125-L150

    Re-expressed: 1,500.00 advanced 2022-11-26 at 0.8 %/day; FSFP's five month-end
    instalments, each paid in full on its due date; caps 0.8 %/day and 100 %; 3 days
    interest-free (conditional: the loan is not repaid by 2022-11-29, so those days are
    charged then); late fee 10.00 after 3 days (never due). Conventions agree: each
    period's interest is paid on its due date, so FSFP's floor-when-paid and our
    per-period floor give the same cents.
    [asserted] final item: payment 456.84, interest 90.78, principal 366.06, balance 0.
    [io/out] interest 48.00, 270.59, 224.39, 150.60, 90.78; principal after each payment
    1,091.12, 904.83, 672.34, 366.06, 0.00; total interest 784.36.
    """
    schedule = _peer_schedule("1500", date(2022, 11, 26), AP000_ROWS)
    payments = [lc.Payment(row.due_date, row.payment) for row in schedule.installments]
    state = lc.assess(schedule, payments, date(2023, 3, 31), _uk_rules())
    # 1,500 x 0.8 % x 4 = 48.00 (36.00 for the three interest-free days, charged on
    # 2022-11-29, and 12.00); 1,091.12 x 0.8 % x 31 = 270.59776 -> 270.59;
    # 904.83 x 0.8 % x 31 = 224.39784 -> 224.39; 672.34 x 0.8 % x 28 = 150.60416 -> 150.60;
    # 366.06 x 0.8 % x 31 = 90.78288 -> 90.78.
    assert [row.charged.interest for row in state.installments] == [
        D("48.00"),
        D("270.59"),
        D("224.39"),
        D("150.60"),
        D("90.78"),
    ]
    assert [row.charged.principal for row in state.installments] == [
        D("408.88"),
        D("186.29"),
        D("232.49"),
        D("306.28"),
        D("366.06"),
    ]
    lines = _lines(state)
    assert [lines[row.due_date].principal for row in schedule.installments] == [
        D("1091.12"),
        D("904.83"),
        D("672.34"),
        D("366.06"),
        D("0.00"),
    ]
    assert lines[date(2022, 11, 29)].interest == D("36.00")
    assert state.charged.interest == D("784.36")
    assert state.installments[-1].paid.total == D("456.84")
    assert _amounts(state) == [0] * 6
    assert state.credit == 0
    assert state.cap_hits == ()


SETTLEMENT_ROWS = [
    (date(2023, 12, 22), "100.53", "48.00", "52.53", "197.47"),
    (date(2024, 1, 22), "100.53", "48.97", "51.56", "145.91"),
    (date(2024, 2, 22), "100.53", "36.18", "64.35", "81.56"),
    (date(2024, 3, 22), "100.48", "18.92", "81.56", "0.00"),
]
# SettlementTests parameters: Timeout 0, no charges, InitialGracePeriod 0.
SETTLEMENT_RULES = _uk_rules(late_fee=False, timeout=0, interest_free=None)


def _settlement_case(extra: list[lc.Payment]) -> tuple[lc.Schedule, list[lc.Payment]]:
    schedule = _peer_schedule("250", date(2023, 11, 28), SETTLEMENT_ROWS)
    paid = [lc.Payment(row.due_date, row.payment) for row in schedule.installments[:3]]
    return schedule, paid + extra


def test_fsfp_settlement_001_quote_before_the_final_due_date() -> None:
    """FSFP SettlementTest001: simontreanor/FSharp.Finance.Personal, tests/SettlementTests.fs
    (parameters L25-L64, test L66-L133), commit 204707cb5ca5415d6aa87990beef4d897c62eff1;
    table io/out/Settlement/SettlementTest001.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/SettlementTests.fs#L66-L133

    Re-expressed: 250.00 advanced 2023-11-28 at 0.8 %/day; 100.53 paid on each of the
    first three due dates (2023-12-22, 2024-01-22, 2024-02-22); settlement quote on
    2024-03-19, before the last instalment (2024-03-22) falls due. No charges, no
    interest-free days (as the peer). [asserted] PaymentValue 98.52 = principal 81.56 +
    interest 16.96; [io/out] principal 197.47, 145.91, 81.56 after the payments.
    """
    schedule, payments = _settlement_case([])
    state = lc.assess(schedule, payments, date(2024, 2, 22), SETTLEMENT_RULES)
    assert [line.principal for line in state.statement[1:]] == [
        D("197.47"),
        D("145.91"),
        D("81.56"),
    ]
    # 81.56 x 0.8 % x 26 days (Feb 22 -> Mar 19) = 16.96448 -> 16.96
    assert state.payoff_amount(date(2024, 3, 19)) == D("98.52")
    _closes(schedule, payments, date(2024, 3, 19), SETTLEMENT_RULES)


def test_fsfp_settlement_002_quote_after_the_final_instalment_was_missed() -> None:
    """FSFP SettlementTest002: simontreanor/FSharp.Finance.Personal, tests/SettlementTests.fs
    L135-L206, commit 204707cb5ca5415d6aa87990beef4d897c62eff1; table
    io/out/Settlement/SettlementTest002.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/SettlementTests.fs#L135-L206

    Re-expressed: as SettlementTest001, but the 2024-03-22 instalment is not paid and the
    quote is on 2024-03-29. [asserted] PaymentValue 105.04 = principal 81.56 + interest
    23.48. Conventions: FSFP carries 18.92192 unpaid and floors 18.92192 + 4.56736 =
    23.48928 -> 23.48; we floor per period, 18.92 + 4.56 = 23.48: the same cent here.
    """
    schedule, payments = _settlement_case([])
    state = lc.assess(schedule, payments, date(2024, 3, 29), SETTLEMENT_RULES)
    # (Feb 22, Mar 22]: 81.56 x 0.8 % x 29 = 18.92192 -> 18.92; then 7 days: 4.56736 -> 4.56
    assert _lines(state)[date(2024, 3, 22)].interest == D("18.92")
    assert state.outstanding.interest == D("23.48")
    assert state.payoff_amount() == D("105.04")
    _closes(schedule, payments, date(2024, 3, 29), SETTLEMENT_RULES)


def test_fsfp_settlement_003_part_payment_then_quote() -> None:
    """FSFP SettlementTest003: simontreanor/FSharp.Finance.Personal, tests/SettlementTests.fs
    L208-L280, commit 204707cb5ca5415d6aa87990beef4d897c62eff1; table
    io/out/Settlement/SettlementTest003.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/SettlementTests.fs#L208-L280

    Re-expressed: as SettlementTest002 plus a part payment of 50.00 on the last due date
    (2024-03-22); quote on 2024-03-29. [asserted] PaymentValue 53.30 = principal 50.48 +
    interest 2.82; [io/out] the 50.00 pays interest 18.92 and principal 31.08.
    """
    schedule, payments = _settlement_case([lc.Payment(date(2024, 3, 22), "50.00")])
    state = lc.assess(schedule, payments, date(2024, 3, 29), SETTLEMENT_RULES)
    # 50.00 - 18.92 interest = 31.08 principal: 81.56 - 31.08 = 50.48;
    # 50.48 x 0.8 % x 7 = 2.82688 -> 2.82
    assert _lines(state)[date(2024, 3, 22)].principal == D("50.48")
    assert state.payoff_amount() == D("53.30")
    _closes(schedule, payments, date(2024, 3, 29), SETTLEMENT_RULES)


def _quote_schedule(start: date) -> lc.Schedule:
    """QuoteTest003/004: five monthly instalments from 15 days after the advance."""
    first = start + timedelta(days=15)
    dues = [first] + [
        date(y, m, first.day) for y, m in ((2024, 11), (2024, 12), (2025, 1), (2025, 2))
    ]
    payments = ["397.62"] * 4 + ["397.56"]
    interest = ["144.00", "234.70", "188.03", "142.31", "79.00"]
    principal = ["253.62", "162.92", "209.59", "255.31", "318.56"]
    closing = ["946.38", "783.46", "573.87", "318.56", "0.00"]
    rows = list(zip(dues, payments, interest, principal, closing, strict=True))
    return _peer_schedule("1200", start, rows)


# QuoteTests parameters1 with the 003/004 overrides: daily cap unlimited, total 100 %.
QUOTE_RULES = _uk_rules(daily=None)


def test_fsfp_quote_003_settled_within_the_interest_free_days() -> None:
    """FSFP QuoteTest003, "Settlement within interest grace period should not accrue
    interest": simontreanor/FSharp.Finance.Personal, tests/QuoteTests.fs (parameters1
    L25-L88, test L316-L398), commit 204707cb5ca5415d6aa87990beef4d897c62eff1.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/QuoteTests.fs#L316-L398

    Re-expressed: 1,200.00 advanced 2024-09-28 at 0.8 %/day, 3 interest-free days
    (conditional), total cap 100 %, no daily cap; quote on 2024-10-01 (day 3).
    [asserted] PaymentValue 1,200.00, interest 0. FSFP applies its grace period only
    to quotes; ours applies to any full repayment within the window, and a quote on the
    window's last day is exactly such a repayment, so the two agree here.
    """
    schedule = _quote_schedule(date(2024, 9, 28))
    state = lc.assess(schedule, [], date(2024, 9, 28), QUOTE_RULES)
    assert state.payoff_amount(date(2024, 10, 1)) == D("1200.00")
    _closes(schedule, [], date(2024, 10, 1), QUOTE_RULES)


def test_fsfp_quote_004_settled_a_day_after_the_interest_free_days() -> None:
    """FSFP QuoteTest004, "Settlement just outside interest grace period should accrue
    interest": simontreanor/FSharp.Finance.Personal, tests/QuoteTests.fs L400-L483, commit
    204707cb5ca5415d6aa87990beef4d897c62eff1.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/QuoteTests.fs#L400-L483

    Re-expressed: as QuoteTest003 but advanced 2024-09-27, so 2024-10-01 is day 4.
    [asserted] PaymentValue 1,238.40 = principal 1,200.00 + interest 38.40: the window's
    interest is charged retroactively (all four days).
    """
    schedule = _quote_schedule(date(2024, 9, 27))
    state = lc.assess(schedule, [], date(2024, 9, 27), QUOTE_RULES)
    # 1,200 x 0.8 % x 4 = 38.40 (28.80 of it the three interest-free days, charged on
    # 2024-09-30 since the loan was not repaid by then)
    assert state.payoff_amount(date(2024, 10, 1)) == D("1238.40")
    _closes(schedule, [], date(2024, 10, 1), QUOTE_RULES)


def _overpaid_case() -> tuple[lc.Schedule, list[lc.Payment]]:
    """QuoteTest014/015: 1,500.00 from 2022-11-01, 491.53 due on the 15th, 500.00 paid on
    the first four due dates, the fifth (2023-03-15) missed."""
    dues = [date(2022, 11, 15), date(2022, 12, 15), date(2023, 1, 15), date(2023, 2, 15)]
    rows = [
        (dues[0], "491.53", "168.00", "323.53", "1176.47"),
        (dues[1], "491.53", "282.35", "209.18", "967.29"),
        (dues[2], "491.53", "239.88", "251.65", "715.64"),
        (dues[3], "491.53", "177.47", "314.06", "401.58"),
        (date(2023, 3, 15), "491.53", "89.95", "401.58", "0.00"),
    ]
    schedule = _peer_schedule("1500", date(2022, 11, 1), rows)
    return schedule, [lc.Payment(day, "500.00") for day in dues]


def test_fsfp_quote_014_missed_final_instalment_quoted_within_the_timeout() -> None:
    """FSFP QuoteTest014: simontreanor/FSharp.Finance.Personal, tests/QuoteTests.fs
    (parameters2 L952-L961, test L1196-L1274), commit
    204707cb5ca5415d6aa87990beef4d897c62eff1; table io/out/Quote/QuoteTest014.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/QuoteTests.fs#L1196-L1274

    Re-expressed: 1,500.00 advanced 2022-11-01 at 0.8 %/day, 491.53 due on the 15th of
    Nov-Mar; 500.00 paid on the first four due dates (8.47 over each time: it reduces
    principal); the 2023-03-15 instalment is missed; quote on 2023-03-16. Caps 0.8 %/day
    and 100 %, 3 days interest-free, 3-day timeout. FSFP's 014 has no charge config; ours
    keeps the 10.00 late fee, which cannot apply yet (grace ends 2023-03-18).
    [asserted] PaymentValue 434.89 = principal 353.00 + interest 81.89; [io/out]
    principal 1,168.00, 948.32, 683.50, 353.00 after the payments; 432.07 due on
    2023-03-15 (everything owed then).
    """
    schedule, payments = _overpaid_case()
    rules = _uk_rules()
    state = lc.assess(schedule, payments, date(2023, 3, 16), rules)
    lines = _lines(state)
    assert [lines[p.date].principal for p in payments] == [
        D("1168.00"),
        D("948.32"),
        D("683.50"),
        D("353.00"),
    ]
    # 353 x 0.8 % x 28 = 79.072 -> 79.07 (period to Mar 15); 353 x 0.8 % = 2.824 -> 2.82
    assert lines[date(2023, 3, 15)].scheduled == D("432.07")
    assert state.outstanding.late_fee == 0
    assert state.payoff_amount() == D("434.89")
    _closes(schedule, payments, date(2023, 3, 16), rules)


def test_fsfp_quote_015_missed_final_instalment_with_late_fee() -> None:
    """FSFP QuoteTest015: simontreanor/FSharp.Finance.Personal, tests/QuoteTests.fs
    L1276-L1367, commit 204707cb5ca5415d6aa87990beef4d897c62eff1; table
    io/out/Quote/QuoteTest015.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/QuoteTests.fs#L1276-L1367

    Re-expressed: as QuoteTest014 with the 10.00 late-payment charge, quoted on
    2023-03-19, four days after the missed instalment (past the 3-day timeout). FSFP
    dates the charge on the due date, we on the end of grace (2023-03-18); both are in
    the quote. [asserted] PaymentValue 453.36 = charges 10.00 + interest 90.36 +
    principal 353.00. The fee is under the 15.00 default-fee cap and the total cap
    (interest and charges 953.36 of 1,500.00), so capping charges as well changes
    nothing here.
    """
    schedule, payments = _overpaid_case()
    rules = _uk_rules()
    state = lc.assess(schedule, payments, date(2023, 3, 19), rules)
    # 79.07 (to Mar 15) + 353 x 0.8 % x 4 = 11.296 -> 11.29: 90.36
    # (FSFP: floor(353 x 0.8 % x 32 = 90.368) = 90.36)
    assert state.outstanding.interest == D("90.36")
    assert state.outstanding.late_fee == D("10.00")
    # 168.00 + 280.32 + 235.18 + 169.50 + 90.36 (the [io/out] interest portions)
    assert state.charged.interest == D("943.36")
    assert _lines(state)[date(2023, 3, 18)].charges == D("10.00")
    assert state.payoff_amount() == D("453.36")
    assert state.cap_hits == ()
    _closes(schedule, payments, date(2023, 3, 19), rules)


def test_fsfp_quote_014_everything_owed_is_due_at_maturity() -> None:
    """FSFP QuoteTest014 (source as above): [io/out] on the last due date, 2023-03-15,
    the payment due is 432.07, everything owed (principal 353.00 + interest 79.07): the
    earlier overpayments (4 x 8.47 = 33.88) already reduced the principal, so they do not
    reduce it again. Re-expressed: as of 2023-03-15 nothing is paid yet of the last
    instalment, so 432.07 is due and in arrears, and paying only 398.19 that day leaves
    33.88 of it unpaid, overdue once grace ends.

    ENGINE BUG (fails at the time of writing): the last demand is ``p + i + f`` = 432.07,
    and then the 33.88 "paid ahead" is taken off it again (actual-balance rules, step 4,
    "u_k = D_k less what was paid ahead"), so only 398.19 is unpaid; after 398.19 is paid
    every instalment is "paid-on-time", nothing is ever in arrears, yet 46.61 is still
    owed on 2023-05-01 and no late fee can arise.
    """
    schedule, payments = _overpaid_case()
    rules = _uk_rules()
    state = lc.assess(schedule, payments, date(2023, 3, 15), rules)
    assert state.statement[-1].balance == D("432.07")
    assert state.amount_due == D("432.07")
    short = lc.assess(
        schedule, [*payments, lc.Payment(date(2023, 3, 15), "398.19")], date(2023, 5, 1), rules
    )
    assert short.outstanding.principal == D("33.88")
    assert short.statement[-1].arrears == D("33.88")
    assert short.installments[-1].status.value == "overdue"


CAP_ROWS = [
    (date(2023, 2, 14), "173.01", "19.96", "153.05", "345.95"),
    (date(2023, 3, 14), "173.01", "77.49", "95.52", "250.43"),
    (date(2023, 4, 14), "173.01", "62.10", "110.91", "139.52"),
    (date(2023, 5, 14), "173.00", "33.48", "139.52", "0.00"),
]


def test_fsfp_interest_cap_000_total_cap_stops_interest() -> None:
    """FSFP InterestCapTest000, "Total interest in amortised schedule does not exceed
    interest cap": simontreanor/FSharp.Finance.Personal, tests/InterestTests.fs
    (parameters1 L87-L126, test L128-L147), commit 204707cb5ca5415d6aa87990beef4d897c62eff1;
    table io/out/Interest/InterestCapTest000.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/InterestTests.fs#L128-L147

    Re-expressed: 499.00 advanced 2023-02-09 at 0.8 %/day, four monthly instalments from
    2023-02-14, nothing ever paid, settlement as of 2024-04-25; caps 0.8 %/day and 100 %;
    3 days interest-free; no charges (as the peer).
    [asserted] the final interest portion is at most 499.00: ours 499.00.
    [io/out] settlement figures 518.96, 630.73, 754.48, 874.24 on the due dates (agree);
    settlement 998.00 on 2024-04-25 (agrees). FSFP carries unpaid interest with its
    fractions and floors the total once; we round each period's interest down (111.77,
    123.75, 119.76: 375.24) and the caps count what each period charged, so the last
    period may charge the 123.76 left of the 499.00 (actual-balance rules: "Post", "Caps").
    """
    schedule = _peer_schedule("499", date(2023, 2, 9), CAP_ROWS)
    rules = _uk_rules(late_fee=False)
    state = lc.assess(schedule, [], date(2024, 4, 25), rules)
    lines = _lines(state)
    assert [lines[row[0]].balance for row in CAP_ROWS] == [
        D("518.96"),
        D("630.73"),
        D("754.48"),
        D("874.24"),
    ]
    assert state.outstanding.interest == D("499.00")
    assert state.payoff_amount() == D("998.00")
    # 3.992 a day reaches 499.00 at the end of day 125 (2023-06-14); the first day cut
    # is 2023-06-15; cut: 499 x 0.8 % x 441 - 499 = 1,261.472, less the 0.008 that
    # rounding dropped from the first three periods (375.248 accrued, 375.24 charged)
    (hit,) = state.cap_hits
    assert (hit.cap, hit.first_on, hit.last_on) == ("total", date(2023, 6, 15), date(2024, 4, 25))
    assert hit.amount_cut == D("1261.464")


def test_fsfp_interest_cap_001_daily_cap_then_total_cap() -> None:
    """FSFP InterestCapTest001, "... using unrounded percentages":
    simontreanor/FSharp.Finance.Personal, tests/InterestTests.fs L149-L170, commit
    204707cb5ca5415d6aa87990beef4d897c62eff1; table io/out/Interest/InterestCapTest001.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/InterestTests.fs#L149-L170

    Re-expressed: as InterestCapTest000 at 0.876 %/day (319.74 % a year over ACT/365F),
    daily cap 0.8 % (binding every day: 3.992 a day) and total cap 123.45 % (616.0155).
    [asserted] the final interest portion is at most 616.01: ours 616.01.
    [io/out] the same settlement figures as 000 to 2023-05-14 (the daily cap makes them
    equal; they agree); settlement 1,115.01 (agrees: 375.24 charged to 2023-05-14, then
    the 240.77 left of the cap's 616.0155 rounded down to the penny).
    """
    schedule = _peer_schedule("499", date(2023, 2, 9), CAP_ROWS, rate="319.74%")
    rules = _uk_rules(late_fee=False, total="123.45%")
    state = lc.assess(schedule, [], date(2024, 4, 25), rules)
    lines = _lines(state)
    assert [lines[row[0]].balance for row in CAP_ROWS] == [
        D("518.96"),
        D("630.73"),
        D("754.48"),
        D("874.24"),
    ]
    assert state.outstanding.interest == D("616.01")
    assert state.payoff_amount() == D("1115.01")
    # daily: 499 x (0.876 % - 0.8 %) x 441 = 167.24484 cut from the first day;
    # total: 616.0155 / 3.992 = 154.3 days, reached on day 155 (2023-07-14);
    # cut 3.992 x 441 - 616.0155 = 1,144.4565, less the 0.008 rounding dropped (as 000)
    hits = {hit.cap: hit for hit in state.cap_hits}
    assert (hits["daily"].first_on, hits["daily"].amount_cut) == (
        date(2023, 2, 10),
        D("167.24484"),
    )
    assert (hits["total"].first_on, hits["total"].amount_cut) == (
        date(2023, 7, 14),
        D("1144.4485"),
    )


PROMO_ROWS = [
    (date(2024, 9, 2), "145.27", "32.00", "113.27", "286.73"),
    (date(2024, 10, 2), "145.27", "68.81", "76.46", "210.27"),
    (date(2024, 11, 2), "145.27", "52.14", "93.13", "117.14"),
    (date(2024, 12, 2), "145.25", "28.11", "117.14", "0.00"),
]
PROMO_AS_OF = date(2025, 2, 19)  # 180 days after the advance


def _promo_state(*promotions: lc.PromotionalRate) -> lc.LoanState:
    """PromotionalRatesTests parameters: 400.00 from 2024-08-23, caps 0.8 %/day and 100 %,
    no interest-free days, no charges, nothing paid; statement as of day 180."""
    schedule = _peer_schedule("400", date(2024, 8, 23), PROMO_ROWS)
    rules = _uk_rules(late_fee=False, interest_free=None, promotions=promotions)
    return lc.assess(schedule, [], PROMO_AS_OF, rules)


def test_fsfp_promotional_rates_001_interest_free_october() -> None:
    """FSFP PromotionalRatesTest001, "Interest-free October should reduce total interest by
    31 days": simontreanor/FSharp.Finance.Personal, tests/PromotionalRatesTests.fs
    (parameters L26-L68, test L89-L119), commit 204707cb5ca5415d6aa87990beef4d897c62eff1;
    table io/out/PromotionalRates/PromotionalRatesTest001.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/PromotionalRatesTests.fs#L89-L119

    Re-expressed: 400.00 advanced 2024-08-23 at 0.8 %/day, nothing paid; a 0 % promotion
    on the calendar days 2024-10-01 to 2024-10-31 (FSFP's DateRange is inclusive and a
    day's rate is the rate of that date). Ours covers the days after ``start`` up to and
    including ``end``, so the same days are ``start=2024-09-30, end=2024-10-31``.
    [asserted] final interest balance 400.00 (the 100 % cap); [io/out] settlement
    figures 432.00, 521.60, 528.00, 624.00 on the due dates and 800.00 on 2025-02-19.
    """
    october = lc.PromotionalRate(start=date(2024, 9, 30), end=date(2024, 10, 31), annual_rate=0)
    state = _promo_state(october)
    lines = _lines(state)
    # 32.00 (10 days); +28 x 3.20 = 89.60 (Oct 1-2 free); +2 x 3.20 = 6.40 (Oct 3-31
    # free); +30 x 3.20 = 96.00
    assert [lines[row[0]].balance for row in PROMO_ROWS] == [
        D("432.00"),
        D("521.60"),
        D("528.00"),
        D("624.00"),
    ]
    assert state.outstanding.interest == D("400.00")
    assert state.payoff_amount() == D("800.00")
    assert [hit.cap for hit in state.cap_hits] == ["total"]


def test_fsfp_promotional_rates_000_and_002_low_rate_december() -> None:
    """FSFP PromotionalRatesTest000 (no promotion) and PromotionalRatesTest002, "Low-interest
    December should reduce all interest during December": simontreanor/FSharp.Finance.Personal,
    tests/PromotionalRatesTests.fs L70-L87 and L121-L151, commit
    204707cb5ca5415d6aa87990beef4d897c62eff1; tables
    io/out/PromotionalRates/PromotionalRatesTest00{0,2}.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/PromotionalRatesTests.fs#L121-L151

    Re-expressed: as PromotionalRatesTest001; 000 without a promotion, 002 with 20.24 % a
    year (``Rate.Annual``: /365, as ACT/365F) on 2024-12-01 to 2024-12-31 inclusive
    (ours: ``start=2024-11-30``). [asserted] final interest balance 400.00 in both.
    000 agrees (800.00). 002: [io/out] settlement figures 432.00, 528.00, 627.20, 717.24
    agree, and so does the final interest, 400.00 (payoff 800.00): the period to
    2024-12-02 accrues 28 x 3.20 + 2 x 400 x 20.24 % / 365 = 90.043616, charged 90.04
    (rounded down per period); the caps count what each period charged, so the last
    period may charge the 82.76 left of the 400.00 (actual-balance rules: "Post", "Caps").
    """
    baseline = _promo_state()
    assert [_lines(baseline)[row[0]].balance for row in PROMO_ROWS] == [
        D("432.00"),
        D("528.00"),
        D("627.20"),
        D("723.20"),
    ]
    assert baseline.payoff_amount() == D("800.00")
    december = lc.PromotionalRate(
        start=date(2024, 11, 30), end=date(2024, 12, 31), annual_rate="20.24%"
    )
    state = _promo_state(december)
    assert [_lines(state)[row[0]].balance for row in PROMO_ROWS] == [
        D("432.00"),
        D("528.00"),
        D("627.20"),
        D("717.24"),
    ]
    assert state.outstanding.interest == D("400.00")
    assert state.payoff_amount() == D("800.00")


def test_fsfp_actual_payment_019_overpaying_leaves_a_refund() -> None:
    """FSFP ActualPaymentTest019: simontreanor/FSharp.Finance.Personal,
    tests/ActualPaymentTests.fs L1071-L1112, commit 204707cb5ca5415d6aa87990beef4d897c62eff1;
    table io/out/ActualPayment/ActualPaymentTest019.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/ActualPaymentTests.fs#L1071-L1112

    Re-expressed: 250.00 advanced 2023-08-20 at 0.8 %/day; 94.83 due on the 5th of
    Sep-Dec (94.82 last); 116.00 paid on each due date; quote on 2024-03-02; timeout 0,
    no charges (as the peer). Overpayments reduce principal; the third payment clears
    everything and the rest and the fourth payment are credit, a refund due, which bears
    no interest (FSFP: RateOnNegativeBalance zero).
    [asserted] GeneratedValue -119.88 (a refund); [io/out] principal 166.00, 89.84,
    then -3.88 and -119.88.
    """
    dues = [date(2023, 9, 5), date(2023, 10, 5), date(2023, 11, 5), date(2023, 12, 5)]
    rows = [
        (dues[0], "94.83", "32.00", "62.83", "187.17"),
        (dues[1], "94.83", "44.92", "49.91", "137.26"),
        (dues[2], "94.83", "34.04", "60.79", "76.47"),
        (dues[3], "94.82", "18.35", "76.47", "0.00"),
    ]
    schedule = _peer_schedule("250", date(2023, 8, 20), rows)
    payments = [lc.Payment(day, "116.00") for day in dues]
    state = lc.assess(schedule, payments, date(2024, 3, 2), _uk_rules(late_fee=False, timeout=0))
    # 250 x 0.8 % x 16 = 32.00 -> 166.00; 166 x 0.8 % x 30 = 39.84 -> 89.84;
    # 89.84 x 0.8 % x 31 = 22.28032 -> 22.28: owed 112.12, paid 116.00: 3.88 over
    lines = _lines(state)
    assert [lines[day].balance for day in dues] == [
        D("166.00"),
        D("89.84"),
        D("-3.88"),
        D("-119.88"),
    ]
    assert state.credit == D("119.88")
    assert state.payoff_amount() == D("-119.88")
    assert _amounts(state) == [0] * 6


def test_fsfp_actual_payment_020_late_payment_statement() -> None:
    """FSFP ActualPaymentTest020: simontreanor/FSharp.Finance.Personal,
    tests/ActualPaymentTests.fs L1114-L1151, commit 204707cb5ca5415d6aa87990beef4d897c62eff1;
    table io/out/ActualPayment/ActualPaymentTest020.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/ActualPaymentTests.fs#L1114-L1151

    Re-expressed: 100.00 advanced 2024-04-12 at 0.8 %/day; 35.48 due on the 19th of
    Apr-Jul (FSFP FixedSchedules); one payment of 35.48 on 2024-05-10; timeout 0, no
    charges. Agree: 5.60 owed on 2024-04-19, the payment pays interest 22.40 and
    principal 13.08 (principal 86.92), 93.17 owed on 2024-05-19.
    Differ (our rounding, see the module docstring), interest left unpaid across due
    dates: [io/out] statement figure 124.46 on 2024-07-03 (FSFP floors 6.25824 +
    21.55616 + 9.73504 = 37.54944 once), ours 124.45 (6.25 + 21.55 + 9.73 = 37.53);
    [asserted] settlement figure 100.11 on 2024-07-19 after the scheduled 35.48 is paid
    that day (FSFP: 48.6752 - 35.48 = 13.1952 -> 13.19), ours 100.10 (6.25 + 21.55 +
    20.86 = 48.66, less 35.48 = 13.18).
    """
    rows = [
        (date(2024, 4, 19), "35.48", "5.60", "29.88", "70.12"),
        (date(2024, 5, 19), "35.48", "16.82", "18.66", "51.46"),
        (date(2024, 6, 19), "35.48", "12.76", "22.72", "28.74"),
        (date(2024, 7, 19), "35.48", "6.89", "28.59", "0.15"),
    ]
    schedule = _peer_schedule("100", date(2024, 4, 12), rows)
    payments = [lc.Payment(date(2024, 5, 10), "35.48")]
    rules = _uk_rules(late_fee=False, timeout=0)
    state = lc.assess(schedule, payments, date(2024, 7, 3), rules)
    lines = _lines(state)
    assert lines[date(2024, 4, 19)].balance == D("105.60")
    assert lines[date(2024, 5, 10)].principal == D("86.92")
    assert state.paid.interest == D("22.40")
    assert lines[date(2024, 5, 19)].balance == D("93.17")
    assert state.payoff_amount() == D("124.45")  # FSFP 124.46 (rounding, see above)
    later = lc.assess(
        schedule, [*payments, lc.Payment(date(2024, 7, 19), "35.48")], date(2024, 7, 19), rules
    )
    assert later.payoff_amount() == D("100.10")  # FSFP 100.11 (rounding, see above)


def _ap003() -> tuple[lc.Schedule, list[lc.Payment], lc.ServicingRules]:
    """ActualPaymentTest003: 1,500.00 from 2022-11-01, 491.53 due on the 15th of Nov-Mar,
    491.53 paid on 2022-11-03 and 2022-11-05. FSFP applies its 3-day InitialGracePeriod
    only to quotes, never to a statement, so the statement has no interest-free days."""
    dues = [date(2022, 11, 15), date(2022, 12, 15), date(2023, 1, 15), date(2023, 2, 15)]
    rows = [
        (dues[0], "491.53", "168.00", "323.53", "1176.47"),
        (dues[1], "491.53", "282.35", "209.18", "967.29"),
        (dues[2], "491.53", "239.88", "251.65", "715.64"),
        (dues[3], "491.53", "177.47", "314.06", "401.58"),
        (date(2023, 3, 15), "491.53", "89.95", "401.58", "0.00"),
    ]
    schedule = _peer_schedule("1500", date(2022, 11, 1), rows)
    payments = [lc.Payment(date(2022, 11, 3), "491.53"), lc.Payment(date(2022, 11, 5), "491.53")]
    return schedule, payments, _uk_rules(interest_free=None)


def test_fsfp_actual_payment_003_prepaid_then_missed_with_late_fees() -> None:
    """FSFP ActualPaymentTest003: simontreanor/FSharp.Finance.Personal,
    tests/ActualPaymentTests.fs L222-L284, commit 204707cb5ca5415d6aa87990beef4d897c62eff1;
    table io/out/ActualPayment/ActualPaymentTest003.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/ActualPaymentTests.fs#L222-L284

    Re-expressed: see ``_ap003``; as of 2023-03-21, when FSFP's borrower pays 1,193.95.
    Agree: principal 557.45 after 2022-11-05 (24.00 and 16.51952 -> 16.51 interest
    paid); the two prepayments (983.06) cover the Nov and Dec instalments, so only the
    Jan, Feb and Mar instalments are late: three 10.00 late fees (FSFP dates them on the
    due dates, we on the ends of grace).
    Differ (rounding, see the module docstring): [asserted] the final payment 1,193.95 =
    charges 30.00 + interest 606.50 + principal 557.45; FSFP drops the 0.00952 left over
    on 2022-11-05 and then carries 44.596 + 133.788 + 138.2476 + 138.2476 + 124.8688 +
    26.7576 = 606.5056 -> 606.50. We post per period (rounded down): 44.60 (85.11552
    -> 85.11 for the period, 40.51 of it already posted), 133.78, 138.24, 138.24,
    124.86, then 26.75: 606.47. Our settlement figure is 1,193.92, and FSFP's 1,193.95
    leaves a refund of 0.03.
    """
    schedule, payments, rules = _ap003()
    state = lc.assess(schedule, payments, date(2023, 3, 21), rules)
    lines = _lines(state)
    assert lines[date(2022, 11, 5)].principal == D("557.45")
    assert state.paid.interest == D("40.51")
    assert [row.status.value for row in state.installments[:2]] == ["paid-on-time"] * 2
    assert state.outstanding.late_fee == D("30.00")
    assert [day for day, line in lines.items() if line.charges] == [
        date(2023, 1, 18),
        date(2023, 2, 18),
        date(2023, 3, 18),
    ]
    assert state.outstanding.principal == D("557.45")
    assert state.outstanding.interest == D("606.47")  # FSFP 606.50 (rounding, see above)
    assert state.payoff_amount() == D("1193.92")  # FSFP 1,193.95
    paid = lc.assess(
        schedule, [*payments, lc.Payment(date(2023, 3, 21), "1193.95")], date(2023, 3, 21), rules
    )
    assert paid.payoff_amount() == D("-0.03")
    assert _amounts(paid) == [0] * 6


def test_fsfp_actual_payment_004_a_lapsed_interest_free_window_costs_what_none_costs() -> None:
    """FSFP ActualPaymentTest004, "Made 2 payments on early repayment, then one single
    overpayment after the full balance is overdue": simontreanor/FSharp.Finance.Personal,
    tests/ActualPaymentTests.fs L286-L330, commit 204707cb5ca5415d6aa87990beef4d897c62eff1;
    table io/out/ActualPayment/ActualPaymentTest004.md.
    https://github.com/simontreanor/FSharp.Finance.Personal/blob/204707cb5ca5415d6aa87990beef4d897c62eff1/tests/ActualPaymentTests.fs#L286-L330

    ActualPaymentTest003's loan and payments with FSFP's 3-day initial grace period (our
    conditional interest-free window, to 2022-11-04). The 491.53 of 2022-11-03 falls
    within it, but the loan is not repaid by then, so the window lapses and the loan is
    owed as if it had had none. [io/out] the 2022-11-03 payment is 24.00 interest
    (1,500 x 0.8 % x 2) and 467.53 principal; the 2022-11-05 one 16.51 and 475.02; the
    principal is 557.45 from then on; [asserted] 1,474.59 on 2023-03-21 leaves a refund
    (FSFP's settlement figure 1,193.95 is ours 1,193.92, see ActualPaymentTest003).
    Before issue 21 the 491.53 went wholly to principal, the window's interest was then
    charged on the reduced balance, and the loan cost 0.78 less than with no window
    (settlement 1,193.14).
    """
    schedule, payments, no_window = _ap003()
    rules = _uk_rules()
    state = lc.assess(schedule, payments, date(2023, 3, 21), rules)
    lines = _lines(state)
    assert lines[date(2022, 11, 5)].principal == D("557.45")
    assert state.paid.interest == D("40.51")  # 24.00 + 16.51
    assert state.payoff_amount() == D("1193.92")  # FSFP 1,193.95
    without = lc.assess(schedule, payments, date(2023, 3, 21), no_window)
    assert (state.charged, state.paid, state.outstanding) == (
        without.charged,
        without.paid,
        without.outstanding,
    )
    lapse = [line for line in state.statement if line.note]
    assert [(line.date, line.interest, line.principal) for line in lapse] == [
        (date(2022, 11, 4), D("32.25"), D("1032.47"))  # 24.00 + 8.25 (1,032.47 x 0.8 %)
    ]
    (event,) = [e for e in state.events if e.kind is EventKind.INTEREST_FREE_LAPSED]
    assert "24.00 paid within it re-allocated from principal" in event.note
    paid = lc.assess(
        schedule, [*payments, lc.Payment(date(2023, 3, 21), "1474.59")], date(2023, 3, 21), rules
    )
    assert paid.payoff_amount() == D("-280.67")  # FSFP -280.64
    assert _amounts(paid) == [0] * 6


def test_fsfp_actual_payment_003_settled_loan_has_no_instalment_unpaid() -> None:
    """FSFP ActualPaymentTest003 (source as above): [asserted] after the 1,193.95 payment
    the final item is ClosedBalance with every balance zero. Re-expressed: once every
    balance is zero (a refund of 0.03 due, see the test above) no instalment can still be
    unpaid or overdue, and nothing is in arrears. (Before the 16:00 rule change the last
    instalment was ``p + i + f``, 1,137.17, though the Jan and Feb instalments, 983.06,
    were still unpaid out of that same balance: instalment 5 stayed overdue with 956.31
    unpaid after the loan was repaid in full.)
    """
    schedule, payments, rules = _ap003()
    paid = lc.assess(
        schedule, [*payments, lc.Payment(date(2023, 3, 21), "1193.95")], date(2023, 3, 21), rules
    )
    assert paid.payoff_amount() == D("-0.03")
    assert [row.outstanding.total for row in paid.installments] == [0] * 5
    assert paid.statement[-1].arrears == 0
    assert paid.days_past_due == 0


# ---- Apache Fineract -----------------------------------------------------------------

FINERACT_RULES = lc.ServicingRules(interest_basis="actual-balance")


def _fineract_loan() -> lc.Schedule:
    """100 EUR disbursed 2024-01-01, 7 % a year, declining balance, daily interest, six
    monthly equal instalments; the product's DAYS_360 / DAYS_30 basis is 30E/360 for whole
    months (every date here is the 1st); Fineract rounds money HALF_EVEN."""
    return lc.amortize(
        lc.LoanTerms(
            principal=100,
            annual_rate="7%",
            term=6,
            start=date(2024, 1, 1),
            accrual="daily",
            day_count="30E/360",
            rounding=lc.Rounding(mode="half-even"),
        )
    )


def test_fineract_original_schedule() -> None:
    """Fineract e2e, Loan.feature, Scenario "Early pay-off loan with interest,
    TILL_PRECLOSE product" (first repayment schedule table): apache/fineract,
    fineract-e2e-tests-runner/src/test/resources/features/Loan.feature L5539-L5596,
    commit 4198b0bcf9a94e1c7aa0f386317ba71f40ceb1d9; product
    LP2_ADV_PYMNT_INTEREST_DAILY_EMI_360_30_INTEREST_RECALCULATION_TILL_PRECLOSE.
    https://github.com/apache/fineract/blob/4198b0bcf9a94e1c7aa0f386317ba71f40ceb1d9/fineract-e2e-tests-runner/src/test/resources/features/Loan.feature#L5539-L5596

    Re-expressed: see ``_fineract_loan``. [asserted] instalments 17.01 x 5 and 17.00;
    interest 0.58, 0.49, 0.39, 0.29, 0.20, 0.10 (total 2.05).
    """
    schedule = _fineract_loan()
    # 100 x 7 % / 12 = 0.5833 -> 0.58; 83.57 x 7 % / 12 = 0.4875 -> 0.49; ...
    assert [row.payment for row in schedule] == [D("17.01")] * 5 + [D("17.00")]
    assert [row.interest for row in schedule] == [
        D("0.58"),
        D("0.49"),
        D("0.39"),
        D("0.29"),
        D("0.20"),
        D("0.10"),
    ]
    assert schedule.total_interest == D("2.05")


def test_fineract_early_payoff_interest_to_the_payoff_date() -> None:
    """Fineract e2e, Loan.feature, Scenario "Early pay-off loan with interest,
    TILL_PRECLOSE product": apache/fineract,
    fineract-e2e-tests-runner/src/test/resources/features/Loan.feature L5539-L5596,
    commit 4198b0bcf9a94e1c7aa0f386317ba71f40ceb1d9 (contrast: the TILL_REST_FREQUENCY_DATE
    scenario, L5598-L5657, charges the whole period, 84.06).
    https://github.com/apache/fineract/blob/4198b0bcf9a94e1c7aa0f386317ba71f40ceb1d9/fineract-e2e-tests-runner/src/test/resources/features/Loan.feature#L5539-L5596

    Re-expressed: 17.01 paid on 2024-02-01; pay-off on 2024-02-15. Agree [asserted]: the
    repayment pays interest 0.58 and principal 16.43, balance 83.57; the pay-off is the
    principal plus interest to the pay-off date only (not to the period's end).
    Differ (day basis): [asserted] pay-off 83.81 = 83.57 + 0.24, Fineract's 83.57 x 7 % /
    12 x 14/29 (14 of February's 29 days) = 0.2353; ours is 83.57 x 7 % x 14/360
    (30E/360) = 0.2275 -> 0.23, pay-off 83.80. Our day counts have no "part of the
    actual days of the repayment period" basis.
    """
    schedule = _fineract_loan()
    payments = [lc.Payment(date(2024, 2, 1), "17.01")]
    state = lc.assess(schedule, payments, date(2024, 2, 15), FINERACT_RULES)
    first = state.installments[0]
    assert (first.charged.interest, first.charged.principal) == (D("0.58"), D("16.43"))
    assert _lines(state)[date(2024, 2, 1)].principal == D("83.57")
    assert state.outstanding.interest == D("0.23")  # Fineract 0.24 (day basis, see above)
    assert state.payoff_amount() == D("83.80")  # Fineract 83.81
    assert state.payoff_amount() < D("84.06")  # not interest to the period's end
    _closes(schedule, payments, date(2024, 2, 15), FINERACT_RULES)


def test_fineract_overdue_instalments_keep_the_principal_accruing() -> None:
    """Fineract e2e, Loan.feature, Scenarios "Interest recalculation - S2 2 overdue"
    (L5682-L5703) and "Interest recalculation - S3 1 paid, 1 overdue" (L5705-L5728):
    apache/fineract, fineract-e2e-tests-runner/src/test/resources/features/Loan.feature,
    commit 4198b0bcf9a94e1c7aa0f386317ba71f40ceb1d9.
    https://github.com/apache/fineract/blob/4198b0bcf9a94e1c7aa0f386317ba71f40ceb1d9/fineract-e2e-tests-runner/src/test/resources/features/Loan.feature#L5682-L5728

    Re-expressed: as of 2024-03-10, S2 nothing paid, S3 only 17.01 on 2024-02-01.
    [asserted] S2: instalments 1 and 2 are each 16.43 principal + 0.58 interest (the
    unpaid principal, 100, keeps bearing interest); S3: instalment 2 is 16.52 + 0.49
    (interest on 83.57). Fineract's later rows are projections (not compared).
    """
    s2 = lc.assess(_fineract_loan(), [], date(2024, 3, 10), FINERACT_RULES)
    assert [(r.charged.principal, r.charged.interest) for r in s2.installments[:2]] == [
        (D("16.43"), D("0.58")),
        (D("16.43"), D("0.58")),
    ]
    assert s2.outstanding.principal == D("100.00")
    s3 = lc.assess(
        _fineract_loan(), [lc.Payment(date(2024, 2, 1), "17.01")], date(2024, 3, 10), FINERACT_RULES
    )
    second = s3.installments[1]
    assert (second.charged.principal, second.charged.interest) == (D("16.52"), D("0.49"))
    assert second.status.value == "overdue"
    assert s3.outstanding.principal == D("83.57")


def test_fineract_nothing_paid_interest_every_month() -> None:
    """Fineract e2e, Loan.feature, Scenario "Interest recalculation - S1 daily for overdue
    loan": apache/fineract, fineract-e2e-tests-runner/src/test/resources/features/Loan.feature
    L5659-L5680, commit 4198b0bcf9a94e1c7aa0f386317ba71f40ceb1d9.
    https://github.com/apache/fineract/blob/4198b0bcf9a94e1c7aa0f386317ba71f40ceb1d9/fineract-e2e-tests-runner/src/test/resources/features/Loan.feature#L5659-L5680

    Re-expressed: nothing paid; as of the maturity date 2024-07-01 (Fineract's business
    date is 2024-07-15, but its schedule shows no interest after maturity, so the
    comparison stops at maturity). [asserted] every instalment's interest is 0.58 (the
    balance stays 100), total interest 3.48, everything owed 17.01 x 5 + 18.43 = 103.48.
    """
    state = lc.assess(_fineract_loan(), [], date(2024, 7, 1), FINERACT_RULES)
    assert [row.charged.interest for row in state.installments] == [D("0.58")] * 6
    assert state.charged.interest == D("3.48")
    assert state.payoff_amount() == D("103.48")
    _closes(_fineract_loan(), [], date(2024, 7, 1), FINERACT_RULES)


def test_fineract_nothing_paid_last_instalment_absorbs_only_the_difference() -> None:
    """Fineract e2e "Interest recalculation - S1 daily for overdue loan" (source as above):
    [asserted] the last instalment is 17.85 principal + 0.58 interest = 18.43 (the
    planned 17.00 plus the 1.43 of extra interest), and the instalments add up to what is
    owed, 103.48. Our rule: "the last absorbs the difference" (``D_n = p + i + f - A``).
    (Before the 16:00 rule change the last instalment was 103.48, everything owed, on
    top of the five unpaid ones: arrears 188.53 against a balance of 103.48.)
    """
    state = lc.assess(_fineract_loan(), [], date(2024, 7, 1), FINERACT_RULES)
    last = state.installments[-1]
    assert (last.charged.principal, last.charged.interest) == (D("17.85"), D("0.58"))
    assert last.charged.total == D("18.43")
    assert state.statement[-1].arrears == D("103.48")
    paid = lc.assess(
        _fineract_loan(), [lc.Payment(date(2024, 7, 1), "103.48")], date(2024, 7, 1), FINERACT_RULES
    )
    assert [row.outstanding.total for row in paid.installments] == [0] * 6
    assert paid.amount_due == 0
