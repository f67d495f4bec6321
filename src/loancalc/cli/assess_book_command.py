"""``loancalc assess-book``: the nightly run over a loan book from files.

``--book BOOK.csv`` lists the loans (columns ``loan``, ``principal``, ``term``, ``start``
and, unless the product has a default rate, ``annual_rate``; ``first_due`` optional);
``--payments`` the payments (``loan``, ``date``, ``amount``), as CSV or Parquet (Parquet
needs pandas and pyarrow). Every loan takes the defaults and servicing rules of
``--product``; the book is assessed on ``--as-of`` by :func:`loancalc.batch.assess`, in
chunks of loans (a progress line on stderr when it is a terminal). ``--format text``
summarises the book (buckets, classifications, amounts outstanding); ``csv`` and ``json``
give every loan's figures, exact amounts as decimal strings. ``--dask`` runs it through
:func:`loancalc.dask.assess` in ``--partitions`` partitions of loans (default: one per
CPU; needs the ``dask`` extra, ``pip install 'loancalc[dask]'``), the same figures.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import io
import json
import sys
from collections import Counter
from datetime import date
from decimal import Decimal, localcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loancalc.cli._app import subcommand
from loancalc.cli._error_words import CommandError
from loancalc.errors import InvalidValueError
from loancalc.locale import N_

if TYPE_CHECKING:  # numpy and the batch engine are imported when the command runs
    from loancalc.batch import BatchSchedule, BookAssessment

__all__ = ["assess_book"]

#: The component names of the amount columns (``loancalc.batch.BookAssessment.components``).
COMPONENTS = (
    "principal", "interest", "fee", "penalty_interest", "compound_interest", "late_fee",
)  # fmt: skip

#: Loans assessed per call (bounds memory; the progress line moves once per chunk).
CHUNK = 20_000
_KINDS = ("charged", "paid", "waived", "outstanding")


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--book",
        required=True,
        metavar="BOOK.csv",
        help=N_("the loans: loan, principal, term, start[, annual_rate, first_due]"),
    )
    parser.add_argument(
        "--payments",
        required=True,
        metavar="PAYMENTS.csv|.parquet",
        help=N_("the payments: loan, date, amount"),
    )
    parser.add_argument("--as-of", required=True, metavar="DATE", help=N_("the date assessed"))
    parser.add_argument(
        "--product",
        required=True,
        metavar="NAME",
        help=N_("the product whose terms and servicing rules every loan takes"),
    )
    parser.add_argument(
        "--dask", action="store_true", help=N_("run through Dask (needs loancalc[dask])")
    )
    parser.add_argument(
        "--partitions",
        type=int,
        metavar="N",
        help=N_("partitions of loans with --dask (one per CPU)"),
    )
    parser.add_argument(
        "--format",
        choices=("text", "csv", "json"),
        default="text",
        help=N_("text (a summary), csv or json (every loan) (default: %(default)s)"),
    )


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValueError(option, text, "a date YYYY-MM-DD") from None


def _read_csv(path: str, option: str) -> dict[str, list[str]]:
    try:
        with Path(path).open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise InvalidValueError(option, path, f"a readable CSV file ({error.strerror})") from None
    names = list(rows[0]) if rows else []
    return {name: [row[name] for row in rows] for name in names}


def _read_payments(path: str) -> dict[str, Any]:
    if not path.lower().endswith(".parquet"):
        return _read_csv(path, "--payments")
    try:
        pd = importlib.import_module("pandas")
        frame = pd.read_parquet(path)
    except ImportError:
        raise CommandError(N_("--payments: Parquet needs pandas and pyarrow")) from None
    except OSError as error:
        raise InvalidValueError("--payments", path, f"a readable Parquet file ({error})") from None
    return {name: frame[name].to_numpy() for name in frame.columns}


def _column(table: dict[str, Any], name: str, option: str) -> Any:
    if name not in table:
        raise InvalidValueError(option, sorted(table), f"a file with a column {name!r}")
    return table[name]


def _dates(values: Any, option: str) -> list[date]:
    found = []
    for row, value in enumerate(values):
        if isinstance(value, date):
            found.append(value)
            continue
        text = str(value)[:10]
        try:
            found.append(date.fromisoformat(text))
        except ValueError:
            raise InvalidValueError(f"{option} row {row + 1}", value, "a date YYYY-MM-DD") from None
    return found


def _schedules(loans: dict[str, Any], rules: Any, low: int, high: int) -> BatchSchedule:
    from loancalc import batch

    rate = loans.get("annual_rate")
    rates: Any = rate[low:high] if rate is not None else rules.annual_rate
    if rates is None:
        raise InvalidValueError(
            "--book",
            "no annual_rate column",
            f"an annual_rate column (product {rules.name} has no default)",
        )
    first_due = loans.get("first_due")
    firsts = None if first_due is None else [d or None for d in first_due[low:high]]
    return batch.amortize(
        _column(loans, "principal", "--book")[low:high], rates,
        [int(t) for t in _column(loans, "term", "--book")[low:high]],
        start=_dates(_column(loans, "start", "--book")[low:high], "--book start"),
        first_due=None if firsts is None else _dates_or_none(firsts),
        method=rules.method, accrual=rules.accrual, day_count=rules.day_count,
        rounding=rules.rounding, fees=rules.fees, frequency=rules.frequency,
    )  # fmt: skip


def _dates_or_none(values: list[Any]) -> list[date | None]:
    return [None if not value else _dates([value], "--book first_due")[0] for value in values]


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        end = "\n" if done >= total else ""
        print(f"\rassess-book: {done:,} / {total:,} loans", end=end, file=sys.stderr, flush=True)


@subcommand("assess-book", help=N_("assess a whole loan book on a date from CSV/Parquet files"),
            configure=_configure)  # fmt: skip
def assess_book(args: argparse.Namespace) -> str:
    """The ``assess-book`` subcommand (see the module).

    The worked example of docs/rules.md: on 2024-03-25 instalment 2 is 10 days late
    (penalty 7.00, compound 1.25: amount due 933.96 + 166.20 + 8.25 = 1,108.41); settling
    takes the principal left, 12,000 - 920.16 = 11,079.84, the charges 8.25, instalment
    2's interest 166.20 and the current period's interest to date on 10,145.88:
    x 18 % x 10 / 360 = 50.73, so 11,305.02.

    >>> import tempfile, os
    >>> from loancalc.cli import main
    >>> folder = tempfile.mkdtemp()
    >>> book, paid = os.path.join(folder, "book.csv"), os.path.join(folder, "paid.csv")
    >>> _ = open(book, "w").write("loan,principal,term,start\\nA,12000,12,2024-01-15\\n")
    >>> _ = open(paid, "w").write("loan,date,amount\\nA,2024-02-15,1100.16\\n")
    >>> main(["assess-book", "--book", book, "--payments", paid, "--as-of", "2024-03-25",
    ...       "--product", "cn-consumer-finance-instalment", "--format", "csv"])
    ... # doctest: +ELLIPSIS
    loan,days_past_due,bucket,classification,reportable,amount_due,settlement,credit,...
    A,10,M1,special-mention,true,1108.41,11305.02,0.00,...
    0
    """
    import numpy as np

    from loancalc import batch, products
    from loancalc.batch._assess_payments import _loans as loan_positions

    as_of = _date(args.as_of, "--as-of")
    rules = products.get(args.product)
    loans = _read_csv(args.book, "--book")
    keys = np.array([str(key) for key in _column(loans, "loan", "--book")], dtype=object)
    table = _read_payments(args.payments)
    paid_keys = np.array([str(key) for key in _column(table, "loan", "--payments")], dtype=object)
    where = loan_positions(paid_keys, len(keys), keys)
    paid_days = np.array(_dates(_column(table, "date", "--payments"), "--payments date"),
                         dtype="datetime64[D]")  # fmt: skip
    amounts = np.asarray(_column(table, "amount", "--payments"), dtype=object)
    if args.dask or args.partitions is not None:
        figures = _through_dask(args, loans=loans, table=table, days=paid_days, keys=keys,
                                as_of=as_of, rules=rules)  # fmt: skip
        return _render(args.format, figures, as_of, args.product)
    order = np.argsort(where, kind="stable")
    ranked = where[order]
    parts: list[BookAssessment] = []
    total = len(keys)
    for low in range(0, total, CHUNK):
        high = min(low + CHUNK, total)
        first, last = np.searchsorted(ranked, [low, high])
        rows = order[first:last]
        book = _schedules(loans, rules, low, high)
        try:
            parts.append(batch.assess(book, (where[rows] - low, paid_days[rows], amounts[rows]),
                                      as_of, rules))  # fmt: skip
        except InvalidValueError as error:
            error.add_note(f"in the book's loans {low + 1} to {high}")
            raise
        _progress(high, total)
    return _render(args.format, _rows(parts, keys.tolist()), as_of, args.product)


def _through_dask(
    args: argparse.Namespace, *, loans: dict[str, Any], table: dict[str, Any], days: Any,
    keys: Any, as_of: date, rules: Any,
) -> list[dict[str, Any]]:  # fmt: skip
    """Every loan's figures from :func:`loancalc.dask.assess`, in the book's order."""
    import os

    from loancalc.money import CONTEXT

    try:
        dd = importlib.import_module("dask.dataframe")
        pd = importlib.import_module("pandas")
    except ImportError:
        raise CommandError(N_("--dask needs dask: pip install 'loancalc[dask]'")) from None
    from loancalc.dask import assess as dask_assess

    count = args.partitions if args.partitions is not None else os.cpu_count() or 1
    if count < 1:
        raise InvalidValueError("--partitions", count, "a whole number of partitions above 0")
    book = pd.DataFrame({name: list(values) for name, values in loans.items()})
    book["loan"] = keys
    book["term"] = [int(t) for t in _column(loans, "term", "--book")]
    paid = pd.DataFrame({"loan": [str(k) for k in table["loan"]], "date": days,
                         "amount": [str(a) for a in table["amount"]]})  # fmt: skip
    found = dask_assess(dd.from_pandas(book, npartitions=min(count, max(len(book), 1))),
                        dd.from_pandas(paid, npartitions=min(count, max(len(paid), 1))),
                        as_of, rules)  # fmt: skip
    if sys.stderr.isatty():
        with importlib.import_module("dask.diagnostics").ProgressBar(out=sys.stderr):
            frame = found.compute()
    else:
        frame = found.compute()
    frame = frame.loc[list(keys)]
    grid = rules.rounding.quantum
    money = {f"{kind}_{name}" for kind in _KINDS for name in COMPONENTS}
    money |= {"amount_due", "settlement", "credit"}
    rows = []
    with localcontext(CONTEXT):
        for key, record in zip(frame.index.tolist(), frame.to_dict("records"), strict=True):
            row: dict[str, Any] = {"loan": key}
            for name, value in record.items():
                row[name] = Decimal(int(value)) * grid if name in money else value
            row["reportable"] = bool(row["reportable"])
            row["days_past_due"] = int(row["days_past_due"])
            row["payments_used"] = int(row["payments_used"])
            rows.append(row)
    return rows


def _rows(parts: list[BookAssessment], keys: list[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for part in parts:
        reasons = dict(zip(part.fallback.tolist(), part.fallback_reasons, strict=True))
        for index in range(len(part)):
            row = {"loan": keys[len(rows)], **part.loan(index)}
            row["fallback"] = reasons.get(index, "")
            rows.append(row)
    return rows


def _render(form: str, rows: list[dict[str, Any]], as_of: date, product: str) -> str:
    if form == "json":
        plain = [{k: str(v) if isinstance(v, Decimal) else v for k, v in row.items()}
                 for row in rows]  # fmt: skip
        return json.dumps({"as_of": as_of.isoformat(), "product": product, "loans": plain},
                          indent=2)  # fmt: skip
    if form == "csv":
        amounts = [f"{kind}_{name}" for kind in _KINDS for name in COMPONENTS]
        names = ["loan", "days_past_due", "bucket", "classification", "reportable",
                 "amount_due", "settlement", "credit", *amounts, "payments_used",
                 "fallback"]  # fmt: skip
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        for row in rows:
            writer.writerow([str(row[n]).lower() if isinstance(row[n], bool) else row[n]
                             for n in names])  # fmt: skip
        return out.getvalue().rstrip("\n")
    return _summary(rows, as_of, product)


def _summary(rows: list[dict[str, Any]], as_of: date, product: str) -> str:
    zero = Decimal("0")
    lines = [f"Book of {len(rows):,} loans assessed on {as_of} ({product}), "
             f"{sum(r['payments_used'] for r in rows):,} payments"]  # fmt: skip
    buckets = Counter(r["bucket"] for r in rows)
    due = {b: sum((r["amount_due"] for r in rows if r["bucket"] == b), zero) for b in buckets}
    lines.append("bucket  loans       amount due")
    for name in sorted(buckets, key=lambda b: (len(b), b)):
        lines.append(f"{name:<6}{buckets[name]:>7,}{due[name]:>17,}")
    classes = Counter(r["classification"] for r in rows)
    lines.append("classification: " + ", ".join(f"{c} {n:,}" for c, n in sorted(classes.items())))
    lines.append(f"reportable: {sum(1 for r in rows if r['reportable']):,}")
    lines.append("outstanding:")
    for component in COMPONENTS:
        amount = sum((r[f"outstanding_{component}"] for r in rows), zero)
        lines.append(f"  {component.replace('_', ' '):<18}{amount:>17,}")
    fallback = Counter(r["fallback"] for r in rows if r["fallback"])
    lines.append(f"computed by loancalc.assess: {sum(fallback.values()):,}")
    lines.extend(f"  {count:,}: {reason}" for reason, count in fallback.most_common())
    return "\n".join(lines)
