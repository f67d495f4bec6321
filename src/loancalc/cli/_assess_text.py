"""The English text ``loancalc assess`` prints (other languages: :mod:`loancalc.reports`).

The examples use a loan of 1,000 at 0 % in two monthly instalments of 500.00 from
2024-01-01, nothing paid, assessed on 2024-02-05: the first instalment (due 2024-02-01)
is 4 days past due.

>>> state = _overdue_example()
>>> state.days_past_due, state.amount_due
(4, Decimal('500.00'))
"""

from __future__ import annotations

from decimal import Decimal

from loancalc import export
from loancalc.servicing import LoanState
from loancalc.servicing.export import statement_report, timeline
from loancalc.servicing.rules import InterestBasis

__all__ = ["assessment_text"]


def assessment_text(state: LoanState, claimed: Decimal | None) -> str:
    """The English text of ``assess``: the state's table, then its status, what is owed
    now by component, the comparison with ``claimed`` (None: none), the statement on the
    actual-balance basis, and the timeline.

    >>> text = assessment_text(_overdue_example(), Decimal("450"))
    >>> print(text[text.index("Status:") :])  # after the table of the state
    ... # doctest: +NORMALIZE_WHITESPACE
    Status: overdue; days past due: 4; bucket: M1; classification: special-mention; reportable: yes
    Owed now by component: principal 500.00, interest 0.00, fee 0.00, penalty 0.00, compound 0.00,
    late fee 0.00
    All outstanding (due or not): 1,000.00
    Claimed: 450; computed amount due: 500.00; difference: -50.00 (the claim is lower by 50.00)
    <BLANKLINE>
    Timeline:
    2024-02-01  installment-due  #1  500.00
    2024-02-01  grace-ended  #1  500.00
    """
    show = export.display_text
    owed = state.outstanding
    lines = [
        str(state),
        "",
        f"Status: {state.status}; days past due: {state.days_past_due}; bucket: "
        f"{state.bucket}; classification: {state.classification.value}; reportable: "
        f"{'yes' if state.reportable else 'no'}",
        "Owed now by component: "
        + ", ".join(
            f"{name} {show(value)}"
            for name, value in zip(
                ("principal", "interest", "fee", "penalty", "compound", "late fee"),
                _due_now(state),
                strict=True,
            )
        ),
        f"All outstanding (due or not): {show(owed.total)}",
    ]
    if claimed is not None:
        difference = claimed - state.amount_due
        verdict = (
            "the claim matches"
            if not difference
            else f"the claim is {'higher' if difference > 0 else 'lower'} by "
            f"{show(abs(difference))}"
        )
        lines.append(
            f"Claimed: {show(claimed)}; computed amount due: {show(state.amount_due)}; "
            f"difference: {show(difference)} ({verdict})"
        )
    if state.rules.interest_basis is InterestBasis.ACTUAL_BALANCE:
        lines += ["", statement_report(state)]
    lines += ["", "Timeline:", timeline(state) or "(nothing yet)"]
    return "\n".join(lines)


def _due_now(state: LoanState) -> list[Decimal]:
    totals = [Decimal(0)] * 6
    for inst in state.installments:
        if inst.status.value != "not-yet-due":
            totals = [a + b for a, b in zip(totals, inst.outstanding.as_tuple(), strict=True)]
    if state.rules.interest_basis is InterestBasis.ACTUAL_BALANCE:
        # charges are the loan's, not an instalment's: all of them are due now
        totals[3:] = state.outstanding.as_tuple()[3:]
    return totals


def _overdue_example() -> LoanState:
    """The loan of the examples (see the module), assessed on 2024-02-05."""
    from datetime import date

    from loancalc import LoanTerms, amortize
    from loancalc.servicing import assess

    terms = LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1))
    return assess(amortize(terms), [], date(2024, 2, 5))
