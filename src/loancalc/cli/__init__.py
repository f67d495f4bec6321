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

from loancalc.cli import apr_command as _apr_command  # registers `apr`
from loancalc.cli import assess_book_command as _assess_book_command  # `assess-book`
from loancalc.cli import assess_command as _assess_command  # registers `assess`
from loancalc.cli import audit_command as _audit_command  # registers `audit`
from loancalc.cli import bench_command as _bench_command  # registers `bench`
from loancalc.cli import check_agreement_command as _check_command  # `check-agreement`
from loancalc.cli import diff_command as _diff_command  # registers `diff`
from loancalc.cli import line_command as _line_command  # registers `line`
from loancalc.cli import prepay_command as _prepay_command  # registers `prepay`
from loancalc.cli import products_command as _products_command  # registers `products`
from loancalc.cli import project_command as _project_command  # registers `project`
from loancalc.cli import quote_command as _quote_command  # registers `quote`
from loancalc.cli import restructure_command as _restructure_command  # `restructure`
from loancalc.cli import schedule_command as _schedule_command  # registers `schedule`
from loancalc.cli import verify_command as _verify_command  # registers `verify`
from loancalc.cli._app import PROG, Outcome, Subcommand, build_parser, main, subcommand
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
    "main",
    "render_schedule",
    "subcommand",
    "terms_from_args",
]

del _apr_command, _assess_command, _bench_command, _products_command, _schedule_command
del _verify_command, _check_command, _prepay_command, _restructure_command, _quote_command
del _diff_command, _project_command, _line_command, _audit_command, _assess_book_command
