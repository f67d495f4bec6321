"""The ``loancalc`` console script: loan calculations from the command line.

Each subcommand is one function registered with :func:`subcommand`; today there are
``schedule``, which prints a repayment schedule as a table (for people), CSV or JSON (for
programs), and ``verify``, which checks a schedule's figures against its terms. Amounts
are exact: 1,200 lent at 12 % a year over 3 monthly instalments from
31 January 2024 (due on the last day of each month):

>>> main(["schedule", "--principal", "1200", "--rate", "12%", "--term", "3",
...       "--start", "2024-01-31", "--format", "csv"])
number,start,due_date,days,opening_balance,principal,interest,fee,payment,closing_balance,capitalized_interest
1,2024-01-31,2024-02-29,29,1200.00,396.03,12.00,0.00,408.03,803.97,0.00
2,2024-02-29,2024-03-31,31,803.97,399.99,8.04,0.00,408.03,403.98,0.00
3,2024-03-31,2024-04-30,30,403.98,403.98,4.04,0.00,408.02,0.00,0.00
0

Every error prints one line to stderr, starting ``loancalc: error:`` and naming the
option, and :func:`main` returns 2 (never a traceback):

>>> import contextlib, io, sys
>>> with contextlib.redirect_stderr(sys.stdout):
...     main(["schedule", "--principal", "1200", "--rate", "12%", "--term", "0"])
loancalc: error: --term: got 0; accepted: a whole number from 1 to 1200
2
"""

from __future__ import annotations

from loancalc.cli._app import (
    PROG,
    Outcome,
    Subcommand,
    build_parser,
    lazy_subcommand,
    main,
    subcommand,
)
from loancalc.cli.loan_options import (
    add_format_argument,
    add_loan_arguments,
    render_schedule,
    terms_from_args,
)

__all__ = [
    "PROG",
    "Outcome",
    "Subcommand",
    "add_format_argument",
    "add_loan_arguments",
    "build_parser",
    "lazy_subcommand",
    "main",
    "render_schedule",
    "subcommand",
    "terms_from_args",
]

#: Every subcommand: its name, the module that registers it and its one-line help (the
#: same help the module gives :func:`subcommand`). The module is imported only when its
#: subcommand runs or its ``--help`` is asked, so ``loancalc schedule`` imports no other
#: command module. The order is the order ``loancalc --help`` lists them in.
_COMMANDS: tuple[tuple[str, str, str], ...] = (
    (
        "apr",
        "loancalc.cli.apr_command",
        "print the annualised rate of a loan (IRR x periods, effective, EU APRC, US APR)",
    ),
    (
        "assess-book",
        "loancalc.cli.assess_book_command",
        "assess a whole loan book on a date from CSV/Parquet files",
    ),
    (
        "assess",
        "loancalc.cli.assess_command",
        "what a borrower owes on a date: status, days past due, charges, payoff",
    ),
    (
        "audit",
        "loancalc.cli.audit_command",
        "what is lawfully owed: the charges above the legal limits, and what a lender "
        "claims beyond the contract",
    ),
    (
        "bench",
        "loancalc.cli.bench_command",
        "time loancalc against its peers (numpy-financial, amortization, pyxirr)",
    ),
    (
        "check-agreement",
        "loancalc.cli.check_agreement_command",
        "whether a restructuring plan was kept: breach, reinstated and accelerated amounts",
    ),
    (
        "diff",
        "loancalc.cli.diff_command",
        "what a backdated correction changed: amounts, delinquency, charges, settlement",
    ),
    (
        "line",
        "loancalc.cli.line_command",
        "a credit line on a date: its draws, one status, the limit available, how repayments "
        "were spread, and a negotiated plan merging draws",
    ),
    (
        "prepay",
        "loancalc.cli.prepay_command",
        "pay a loan early: the fee and the new schedule",
    ),
    (
        "products",
        "loancalc.cli.products_command",
        "list the product rule sets, or show one ('products show NAME')",
    ),
    (
        "project",
        "loancalc.cli.project_command",
        "what happens next: the dated milestones ahead of a loan if nothing (or only given "
        "payments) is paid",
    ),
    (
        "quote",
        "loancalc.cli.quote_command",
        "the settlement figure that closes a loan on a date, with its parts",
    ),
    (
        "restructure",
        "loancalc.cli.restructure_command",
        "replace a loan's debt with a new schedule: the breakdown and the new schedule",
    ),
    (
        "schedule",
        "loancalc.cli.schedule_command",
        "print the repayment schedule of a loan",
    ),
    (
        "verify",
        "loancalc.cli.verify_command",
        "check a schedule (loancalc JSON, or a lender's CSV) against its terms",
    ),
)

for _name, _module, _help in _COMMANDS:
    lazy_subcommand(_name, _module, help=_help)
del _name, _module, _help
