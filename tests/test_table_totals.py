"""Every text and CSV table's totals are the sums of its rows.

The tables are read back as a person or a program reads them (the printed text, the CSV
cells), never from the objects that made them: the ``Total`` line of the state table
(``str(lc.assess(...))``) and of the schedule table (``str(schedule)``) must be the sum of
the lines above it, the CSV rows must add up to the same figures, and what the loan owes
outside its instalment rows (the actual-balance basis: principal not yet due, interest
accrued to date, the loan's charges) is a labelled line of its own, which with the rows
makes the loan's whole outstanding.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.cli import main
from loancalc.servicing import InterestBasis, ServicingRules
from loancalc.servicing.export import statement_csv
from product_terms import product_terms
from servicing_strategies import on_basis as _on_basis

_ZERO = Decimal(0)
_COMPONENTS = ("principal", "interest", "fee", "penalty", "compound", "late fee")
_CSV_COMPONENTS = (
    "principal",
    "interest",
    "fee",
    "penalty_interest",
    "compound_interest",
    "late_fee",
)


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _table(text: str) -> tuple[list[list[str]], list[str], list[str]]:
    """A printed table's body rows and its ``Total`` line (split into cells), and the
    lines after it."""
    lines = text.splitlines()
    rules = [n for n, line in enumerate(lines) if line and set(line) == {"-"}]
    assert len(rules) == 3, text
    body = [line.split() for line in lines[rules[1] + 1 : rules[2]]]
    total = lines[rules[2] + 1].split()
    assert total[0] == "Total"
    return body, total[1:], lines[rules[2] + 2 :]


def _column_sums(rows: list[list[str]], first: int) -> list[Decimal]:
    """Each column's sum from index ``first`` on."""
    width = len(rows[0]) - first if rows else 0
    return [sum((_amount(row[first + k]) for row in rows), _ZERO) for k in range(width)]


def _outside(notes: list[str]) -> tuple[dict[str, Decimal], Decimal, Decimal | None]:
    """The labelled lines under the state table: what the loan owes outside the rows (by
    component), what was paid to it outside them, and all outstanding (None: no lines)."""
    owed: dict[str, Decimal] = {}
    paid = _ZERO
    whole = None
    for line in notes:
        if line.startswith("Owed on the loan outside the instalment rows: "):
            tail = line.split(": ", 1)[1]
            if tail != "nothing":
                for part in tail.split(", "):
                    name, _, value = part.rpartition(" ")
                    owed[name] = _amount(value)
        elif line.startswith("Paid to the loan outside the instalment rows: "):
            paid = _amount(line.split(": ", 1)[1])
        elif line.startswith("All outstanding (the rows and the loan): "):
            whole = _amount(line.split(": ", 1)[1])
    return owed, paid, whole


def _check_state_tables(state: lc.LoanState) -> None:
    body, total, notes = _table(str(state))
    assert len(body) == len(state.installments)
    # No, Due date, Status, DPD, then Paid, the six components owed, Owed
    sums = _column_sums(body, 4)
    assert [_amount(cell) for cell in total] == sums
    for row in body:  # each row's Owed is its components
        assert _amount(row[-1]) == sum((_amount(cell) for cell in row[5:11]), _ZERO)
    owed, paid_outside, whole = _outside(notes)
    assert set(owed) <= set(_COMPONENTS)
    outside = [owed.get(name, _ZERO) for name in _COMPONENTS]
    loan = state.outstanding.as_tuple()
    assert [s + o for s, o in zip(sums[1:7], outside, strict=True)] == list(loan)
    assert sums[0] + paid_outside == state.paid.total
    if whole is None:  # nothing outside the rows: the Total line is the loan's
        assert not any(outside)
        assert not paid_outside
        assert sums[7] == state.total_outstanding
    else:
        assert whole == sums[7] + sum(outside, _ZERO) == state.total_outstanding
    if state.rules.interest_basis is InterestBasis.SCHEDULED:
        assert whole is None  # every amount of a scheduled loan is an instalment's
    # The CSV export: its rows add up to the text table's Total line, and with the loan's
    # own amounts to the loan totals of the JSON export.
    rows = list(csv.DictReader(io.StringIO(state.to_csv())))
    assert len(rows) == len(body)
    data = state.to_dict()
    paid = sum((_amount(r[f"paid_{c}"]) for r in rows for c in _CSV_COMPONENTS), _ZERO)
    assert paid == sums[0]
    assert paid + paid_outside == sum(map(Decimal, data["paid"].values()), _ZERO)
    for k, name in enumerate(_CSV_COMPONENTS):
        column = sum((_amount(r[f"outstanding_{name}"]) for r in rows), _ZERO)
        assert column == sums[1 + k]
        key = name.replace("_", "-")  # the JSON keys are hyphenated
        assert column + outside[k] == Decimal(data["outstanding"][key])
        if state.rules.interest_basis is InterestBasis.SCHEDULED:
            for group in ("charged", "paid", "waived"):  # the loan totals are the rows'
                got = sum((_amount(r[f"{group}_{name}"]) for r in rows), _ZERO)
                assert got == Decimal(data[group][key])
    if state.rules.interest_basis is InterestBasis.ACTUAL_BALANCE:
        _check_statement(state)


def _check_statement(state: lc.LoanState) -> None:
    """The statement CSV: its flow columns add up to the loan's totals (payments received,
    contract interest charged), and its last line's balances are what is outstanding."""
    rows = list(csv.DictReader(io.StringIO(statement_csv(state.statement))))
    assert sum((Decimal(r["paid"]) for r in rows), _ZERO) == state.total_paid
    assert sum((Decimal(r["interest"]) for r in rows), _ZERO) == state.charged.interest
    last = rows[-1]
    assert Decimal(last["principal"]) == state.outstanding.principal
    assert Decimal(last["interest_balance"]) == state.outstanding.interest


def _check_schedule_tables(schedule: lc.Schedule) -> None:
    body, total, notes = _table(str(schedule))
    # No, Due date, Days, Opening, Principal, Interest, Fee, Payment, Closing
    sums = _column_sums([row[4:8] for row in body], 0)
    assert [_amount(cell) for cell in total] == sums
    rows = list(csv.DictReader(io.StringIO(schedule.to_csv())))
    for k, name in enumerate(("principal", "interest", "fee", "payment")):
        assert sum((Decimal(r[name]) for r in rows), _ZERO) == sums[k]
    upfront = [line for line in notes if line.startswith("Upfront fee")]
    assert bool(upfront) == bool(schedule.upfront_fee)  # a loan-level figure: its own line


@st.composite
def assessments(draw: st.DrawFn) -> tuple[lc.Schedule, list[lc.Payment], date, ServicingRules]:
    product = lc.products.get(draw(st.sampled_from(lc.products.names())))
    terms = product_terms(draw, product, (1, 24), date(2023, 1, 1), 700)
    quantum = product.rounding.quantum
    schedule = lc.amortize(terms)
    payments = []
    for row in schedule.installments:
        kind = draw(st.sampled_from(["on-time", "late", "part", "missed", "missed"]))
        if kind == "missed":
            continue
        late = draw(st.integers(1, 40)) if kind == "late" else 0
        amount = row.payment if kind != "part" else (row.payment / 3).quantize(quantum)
        if amount > 0:
            payments.append(lc.Payment(row.due_date + timedelta(days=late), amount))
    span = (schedule.maturity - terms.start).days + 200
    as_of = terms.start + timedelta(days=draw(st.integers(1, span)))
    payments = [p for p in payments if p.date <= as_of]
    rules = _on_basis(product.servicing, draw(st.sampled_from(["scheduled", "actual-balance"])))
    return schedule, payments, as_of, rules


@settings(max_examples=120, deadline=None)
@given(assessments())
def test_totals_are_the_sums_of_the_rows(
    case: tuple[lc.Schedule, list[lc.Payment], date, ServicingRules],
) -> None:
    schedule, payments, as_of, rules = case
    _check_schedule_tables(schedule)
    _check_state_tables(lc.assess(schedule, payments, as_of, rules))


def test_actual_balance_table_reproducer(capsys: object) -> None:
    """The issue's table on a small loan: cn-daily-rate-credit-line (14.4 % a year =
    0.04 % a day, ACT/360, 3-day retroactive grace, penalty 1.5 x, compound), 3,000 over
    three months from 2024-01-10, nothing paid, assessed on 2024-02-20.

    Instalment 1 (due 2024-02-10): interest 3,000 x 0.0004 x 31 = 37.20, principal
    1,024.37 - 37.20 = 987.17. Outside the rows, the loan owes:
    - principal not yet due: 3,000 - 987.17 = 2,012.83;
    - interest since 2024-02-10: 3,000 x 0.0004 x 10 = 12.00;
    - penalty, contract interest running on, at 1.5 x 14.4 % - 14.4 % = 7.2 %:
      987.17 x 0.072 / 360 x 10 = 1.97434 -> 1.97;
    - compound interest at 21.6 % on 37.20: 37.20 x 0.216 / 360 x 10 = 0.2232 -> 0.22.
    All outstanding 1,024.37 + 2,012.83 + 12.00 + 1.97 + 0.22 = 3,051.39. Formerly the
    Total line showed the loan's 3,000.00 principal and 1.97 penalty under rows of 987.17
    and 0.00.
    """
    product = lc.products.get("cn-daily-rate-credit-line")
    schedule = lc.amortize(product.terms(principal=3000, term=3, start=date(2024, 1, 10)))
    state = lc.assess(schedule, [], date(2024, 2, 20), product)
    body, total, notes = _table(str(state))
    assert body[0][4:] == ["0.00", "987.17", "37.20", "0.00", "0.00", "0.00", "0.00", "1,024.37"]
    assert total == ["0.00", "987.17", "37.20", "0.00", "0.00", "0.00", "0.00", "1,024.37"]
    assert notes[:2] == [
        "Owed on the loan outside the instalment rows: principal 2,012.83, interest 12.00, "
        "penalty 1.97, compound 0.22",
        "All outstanding (the rows and the loan): 3,051.39",
    ]
    assert main(["assess", "--product", "cn-daily-rate-credit-line", "--principal", "3000",
                 "--term", "3", "--start", "2024-01-10", "--as-of", "2024-02-20"]) == 0  # fmt: skip
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert re.search(r"^Total +0\.00 +987\.17 +37\.20 +0\.00 +0\.00 +0\.00 +0\.00 +1,024\.37$",
                     out, re.MULTILINE)  # fmt: skip
    assert "All outstanding (the rows and the loan): 3,051.39" in out


def test_actual_balance_paid_to_the_loan_gets_its_own_line() -> None:
    """Payments that went to the loan's own charges, not to an instalment row: the same
    product, 50,000 over 12 months from 2024-01-10, 4,500 paid on 2024-02-10 and
    2024-03-10 (each 3.68 short of the 4,503.68 instalment), assessed on 2024-07-20. The
    rows show 4,503.68 + 4,496.30 = 8,999.98 paid; the other 0.02 of the 9,000.00
    paid went to the penalty on the loan, shown as a labelled line (formerly the Total
    line said 9,000.00 under rows of 8,999.98)."""
    product = lc.products.get("cn-daily-rate-credit-line")
    schedule = lc.amortize(product.terms(principal=50000, term=12, start=date(2024, 1, 10)))
    paid = [lc.Payment(date(2024, 2, 10), 4500), lc.Payment(date(2024, 3, 10), 4500)]
    state = lc.assess(schedule, paid, date(2024, 7, 20), product)
    body, total, notes = _table(str(state))
    assert [row[4] for row in body[:2]] == ["4,503.68", "4,496.30"]
    assert total[0] == "8,999.98"
    assert "Paid to the loan outside the instalment rows: 0.02" in notes
    _check_state_tables(state)


def test_scheduled_table_has_no_loan_line() -> None:
    """The seed story (12,000 at 18 % over 12 months, instalment 1 paid, 2024-03-25):
    every amount is an instalment's, so no line outside the rows; the Total line owes
    10,899.84 + 8.25 = 10,908.09 (the 12,000 + 1,201.95 - 1,100.16 - 1,201.95 + ... of
    the rows, read as their sum) and the penalty 7.00 and compound 1.25 (933.96 x 27 %
    / 360 x 10, 166.20 x 27 % / 360 x 10) sit in instalment 2's row."""
    schedule = lc.amortize(
        lc.LoanTerms(principal=12000, annual_rate="18%", term=12, start=date(2024, 1, 15))
    )
    rules = ServicingRules(
        grace=lc.GracePolicy(days=3),
        penalty=lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="multiplier", value="1.5"),
                                 compound=True),
    )  # fmt: skip
    state = lc.assess(schedule, [lc.Payment(date(2024, 2, 15), "1100.16")], date(2024, 3, 25),
                      rules)  # fmt: skip
    body, total, notes = _table(str(state))
    assert body[1][8:10] == ["7.00", "1.25"]
    assert total[4:6] == ["7.00", "1.25"]
    assert not any(line.startswith(("Owed on the loan", "All outstanding")) for line in notes)
    _check_state_tables(state)
