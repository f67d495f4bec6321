"""Benchmark: the nightly run of a loan book, ``batch.assess`` against a loop of ``lc.assess``.

The book (``LOANCALC_BENCH_BOOK`` loans, 100,000 by default) is the issue's realistic
one: 6 to 36 monthly instalments at 8 to 24 %, principals 1,000 to 50,000, started over
the three years before ``as_of``; 73 % of the loans always paid on time, 7 % with one
instalment paid late with its charges, 14 % with 1 to 3 instalments missed, 6 % with one
instalment paid in two parts (before and after its due date). Both runs happen in the
same process; the loop of ``lc.assess`` runs over a sample of ``LOANCALC_BENCH_SAMPLE``
loans (5,000 by default) and is scaled to the book, and the ratio is printed and kept in
the benchmark's ``extra_info`` (no timed assertion). Every loan of the sample is also
checked against ``batch.assess`` to the cent. Run
``pytest benchmarks/test_batch_assess_bench.py --benchmark-enable -p no:cacheprovider -s``.
"""

from __future__ import annotations

import os
import time
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt

import loancalc as lc
from loancalc import batch

SIZE = int(os.environ.get("LOANCALC_BENCH_BOOK", "100000"))
SAMPLE = int(os.environ.get("LOANCALC_BENCH_SAMPLE", "5000"))
AS_OF = date(2024, 6, 30)
PRODUCT = "cn-consumer-finance-instalment"


def sample_book(
    size: int, seed: int = 7, *, product: Any = None
) -> tuple[batch.BatchSchedule, tuple[Any, Any, Any]]:
    """The book and its payments (loan, day as datetime64[D], amount as float); with a
    ``product``, the schedules take its terms (method, day count, fees..)."""
    rng = np.random.default_rng(seed)
    terms = sample_terms(size, rng)
    extra = {} if product is None else {
        "method": product.method, "accrual": product.accrual, "day_count": product.day_count,
        "rounding": product.rounding, "fees": product.fees, "frequency": product.frequency,
    }  # fmt: skip
    principal, rate = terms["principal"].to_numpy(), terms["annual_rate"].to_numpy()
    start = terms["start"].to_numpy()
    book = batch.amortize(principal, rate, terms["term"].to_numpy(), start=start, **extra)
    due = book.due_dates
    fallen = book.mask & (due <= np.datetime64(AS_OF, "D"))
    loans, columns = np.nonzero(fallen)
    days = due[loans, columns].copy()
    amounts = book.payment[loans, columns].copy()
    style = rng.random(size)
    last = fallen.sum(axis=1) - 1  # the latest instalment fallen due
    pick = np.floor(rng.random(size) * np.maximum(last + 1, 1)).astype(np.int64)
    chosen = columns == pick[loans]
    keep = np.ones(len(loans), dtype=bool)
    late = (style[loans] >= 0.73) & (style[loans] < 0.80) & chosen
    days[late] += rng.integers(5, 41, late.sum())
    amounts[late] += rng.integers(0, 1001, late.sum())  # with its charges (any excess: credit)
    missed = (style[loans] >= 0.80) & (style[loans] < 0.94)
    missed &= columns > last[loans] - rng.integers(1, 4, len(loans))
    keep &= ~missed
    parts = (style[loans] >= 0.94) & chosen
    share = rng.integers(20, 81, parts.sum())
    first = amounts[parts] * share // 100
    extra_loans, extra_days = loans[parts], days[parts] + rng.integers(1, 21, parts.sum())
    extra_amounts = amounts[parts] - first
    days[parts] -= rng.integers(0, 11, parts.sum())
    amounts[parts] = first
    loan = np.concatenate([loans[keep], extra_loans])
    day = np.concatenate([days[keep], extra_days])
    amount = np.concatenate([amounts[keep], extra_amounts])
    return book, (loan, day, amount / 100)


def sample_terms(size: int, rng: np.random.Generator) -> Any:
    """The book's loans as a pandas DataFrame (the columns of ``assess-book --book``)."""
    import pandas as pd

    term = rng.integers(6, 37, size)  # drawn in this order: the book of earlier runs
    principal = rng.integers(1000, 50001, size)
    rate = rng.integers(80, 241, size) / 1000
    start = np.datetime64(AS_OF, "D") - rng.integers(20, 3 * 365, size)
    return pd.DataFrame({"loan": np.arange(size), "principal": principal, "annual_rate": rate,
                         "term": term, "start": start})  # fmt: skip


def _history(
    payments: tuple[npt.NDArray[Any], ...], order: npt.NDArray[np.intp], index: int
) -> list[lc.Payment]:
    loan, day, amount = payments
    low, high = np.searchsorted(loan[order], [index, index + 1])
    rows = order[low:high]
    return [
        lc.Payment(d.item(), Decimal(str(a)))
        for d, a in zip(day[rows], amount[rows].tolist(), strict=True)
    ]


def sampled_loop(
    found: Any,
    book: Any,
    payments: tuple[npt.NDArray[Any], ...],
    rules: Any,
    *,
    size: int,
    sample_size: int,
) -> tuple[float, int]:
    """A loop of ``lc.assess`` over a sample of the book, scaled to ``size`` loans (the
    seconds) and the sample's size; every loan of the sample is checked against
    ``found`` (``batch.assess``'s result) to the cent."""
    order = np.argsort(payments[0], kind="stable")
    sample = np.random.default_rng(3).choice(size, min(sample_size, size), replace=False)
    histories = [(int(i), book.schedule(int(i)), _history(payments, order, int(i))) for i in sample]
    began = time.perf_counter()
    states = [(i, lc.assess(s, h, AS_OF, rules)) for i, s, h in histories]
    loop_seconds = (time.perf_counter() - began) * size / len(sample)
    for index, state in states:
        loan = found.loan(index)
        assert loan["days_past_due"] == state.days_past_due
        for component in ("interest", "penalty_interest", "compound_interest", "late_fee"):
            assert loan[f"outstanding_{component}"] == getattr(state.outstanding, component)
        assert loan["amount_due"] == state.amount_due
        assert loan["settlement"] == state.payoff_amount(AS_OF)
        assert loan["credit"] == state.credit
    return loop_seconds, len(sample)


def report(
    benchmark: Any,
    label: str,
    found: Any,
    payments: tuple[npt.NDArray[Any], ...],
    *,
    size: int,
    batch_seconds: float,
    loop: tuple[float, int],
) -> None:
    """Keep the ratio in ``extra_info`` and print it (no timed assertion)."""
    loop_seconds, sampled = loop
    ratio = loop_seconds / batch_seconds
    benchmark.extra_info.update(
        loans=size, payments=len(payments[0]), fallback=len(found.fallback),
        batch_seconds=round(batch_seconds, 3), loop_seconds_scaled=round(loop_seconds, 3),
        ratio=round(ratio, 1),
    )  # fmt: skip
    print(
        f"\n{label}: {size} loans in {batch_seconds:.2f} s ({size / batch_seconds:,.0f}/s); "
        f"lc.assess loop (scaled from {sampled}): {loop_seconds:.1f} s; "
        f"ratio {ratio:.1f}x; fallback {len(found.fallback)}"
    )


def test_nightly_run(benchmark: Any) -> None:
    book, payments = sample_book(SIZE)
    rules = lc.products.get(PRODUCT)
    benchmark.group = f"nightly run: {SIZE} loans, {len(payments[0])} payments"
    benchmark.name = "loancalc.batch.assess"
    found = benchmark.pedantic(
        batch.assess, args=(book, payments, AS_OF, rules), rounds=1, iterations=1
    )
    batch_seconds = benchmark.stats.stats.mean if benchmark.stats else 0.0
    if not batch_seconds:  # benchmarks disabled: time it once here
        began = time.perf_counter()
        found = batch.assess(book, payments, AS_OF, rules)
        batch_seconds = time.perf_counter() - began
    loop = sampled_loop(found, book, payments, rules, size=SIZE, sample_size=SAMPLE)
    report(benchmark, "batch.assess", found, payments, size=SIZE, batch_seconds=batch_seconds,
           loop=loop)  # fmt: skip


def test_nightly_run_actual_balance(benchmark: Any) -> None:
    """The same kind of book on the actual-balance basis (``LOANCALC_BENCH_BALANCE_BOOK``
    loans, the book's size by default) under the product's rules there (penalty 1.5x,
    compound interest, a 3-day retroactive grace): walked by the vectorised
    actual-balance walk, no loan falls back; the sample is checked to the cent."""
    size = int(os.environ.get("LOANCALC_BENCH_BALANCE_BOOK", str(SIZE)))
    book, payments = sample_book(size)
    rules = lc.products.get(PRODUCT).servicing.replace(interest_basis="actual-balance")
    benchmark.group = f"nightly run, actual-balance basis: {size} loans"
    benchmark.name = "loancalc.batch.assess (actual-balance)"
    began = time.perf_counter()
    found = benchmark.pedantic(
        batch.assess, args=(book, payments, AS_OF, rules), rounds=1, iterations=1
    )
    batch_seconds = time.perf_counter() - began
    assert len(found.fallback) == 0
    loop = sampled_loop(found, book, payments, rules, size=size, sample_size=SAMPLE)
    report(benchmark, "actual-balance", found, payments, size=size,
           batch_seconds=batch_seconds, loop=loop)  # fmt: skip


def test_nightly_run_credit_line(benchmark: Any) -> None:
    """The same book under ``cn-daily-rate-credit-line``'s own rules (actual balance,
    penalty 1.5x, compound interest, the 24 % a year cap): walked, except the loans the
    cap would cut (rates above 16 % long overdue: about 2 % of this book), which are
    computed by ``lc.assess``; the sample is checked to the cent."""
    size = int(os.environ.get("LOANCALC_BENCH_BALANCE_BOOK", str(SIZE)))
    book, payments = sample_book(size)
    rules = lc.products.get("cn-daily-rate-credit-line")
    benchmark.group = f"nightly run, credit line: {size} loans"
    benchmark.name = "loancalc.batch.assess (cn-daily-rate-credit-line)"
    began = time.perf_counter()
    found = benchmark.pedantic(
        batch.assess, args=(book, payments, AS_OF, rules), rounds=1, iterations=1
    )
    batch_seconds = time.perf_counter() - began
    assert set(found.fallback_reasons) <= {
        "actual-balance: a cost cap reached (computed by loancalc.assess)"
    }
    assert len(found.fallback) <= size * 0.03
    loop = sampled_loop(found, book, payments, rules, size=size, sample_size=SAMPLE)
    report(benchmark, "credit line", found, payments, size=size,
           batch_seconds=batch_seconds, loop=loop)  # fmt: skip


def test_nightly_run_on_dask(benchmark: Any) -> None:
    """``loancalc.dask.assess`` over ``LOANCALC_BENCH_DASK_BOOK`` loans (1,000,000 by
    default) in ``LOANCALC_BENCH_PARTITIONS`` partitions (8), the payments already
    partitioned by loan on the book's divisions, against one ``batch.assess`` call over
    the whole book: every figure of every loan equal (checked), both times reported."""
    import dask
    import dask.dataframe as dd
    import pandas as pd

    import loancalc.dask as lcd

    size = int(os.environ.get("LOANCALC_BENCH_DASK_BOOK", "1000000"))
    count = int(os.environ.get("LOANCALC_BENCH_PARTITIONS", "8"))
    rules = lc.products.get(PRODUCT)
    book, (loan, day, amount) = sample_book(size, product=rules)
    terms = sample_terms(size, np.random.default_rng(7)).set_index("loan")
    paid = pd.DataFrame({"date": day, "amount": amount}, index=pd.Index(loan, name="loan"))
    began = time.perf_counter()
    expected = batch.assess(book, (loan, day, amount), AS_OF, rules).to_frame(index=terms.index)
    one_call = time.perf_counter() - began
    parts = dd.from_pandas(terms, npartitions=count, sort=True)  # type: ignore[no-untyped-call]
    bounds = list(parts.divisions)
    payments = dd.from_pandas(paid.sort_index(kind="stable"), npartitions=1)  # type: ignore[no-untyped-call]
    payments = payments.repartition(divisions=bounds)
    benchmark.group = f"nightly run on Dask: {size} loans, {len(loan)} payments"
    benchmark.name = f"loancalc.dask.assess ({parts.npartitions} partitions, threads)"
    with dask.config.set(scheduler="threads"):
        began = time.perf_counter()
        found = benchmark.pedantic(
            lambda: lcd.assess(parts, payments, AS_OF, rules).compute(), rounds=1, iterations=1
        )
        on_dask = time.perf_counter() - began
    assert found.index.tolist() == expected.index.tolist()
    for name in expected.columns:
        assert np.array_equal(found[name].to_numpy(), expected[name].to_numpy()), name
    benchmark.extra_info.update(
        loans=size, payments=len(loan), partitions=parts.npartitions,
        one_call_seconds=round(one_call, 2), dask_seconds=round(on_dask, 2),
    )  # fmt: skip
    print(
        f"\ndask.assess: {size} loans in {parts.npartitions} partitions {on_dask:.1f} s; "
        f"one batch.assess call {one_call:.1f} s; every figure equal"
    )
