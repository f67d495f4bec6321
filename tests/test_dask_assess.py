"""loancalc.dask.assess: a partitioned book equals one in-memory ``batch.assess`` call.

The oracle is :func:`loancalc.batch.assess` on the whole book at once (itself held to
``lc.assess`` loan by loan in test_batch_assess.py); no expected value comes from the
Dask code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loancalc.dask as lcd
from loancalc import batch, products
from loancalc.errors import InvalidTypeError, InvalidValueError

PRODUCT = "cn-consumer-finance-instalment"
AS_OF = date(2024, 6, 30)


def _book(count: int, seed: int, product: Any = PRODUCT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Loans keyed L00000.. and their payments: some instalments on time, some late,
    some in two parts, some missed."""
    rng = np.random.default_rng(seed)
    start = np.datetime64(AS_OF, "D") - rng.integers(20, 700, count)
    loans = pd.DataFrame(
        {
            "loan": [f"L{i:05d}" for i in range(count)],
            "principal": rng.integers(100, 5000, count) * 10,
            "annual_rate": rng.choice(["8%", "12%", "18%", "24%"], count),
            "term": rng.integers(1, 25, count),
            "start": start,
        }
    )
    whole = _schedules(loans, product)
    fallen = whole.mask & (whole.due_dates <= np.datetime64(AS_OF, "D"))
    rows, columns = np.nonzero(fallen)
    style = rng.integers(0, 4, len(rows))  # 0 on time, 1 late, 2 in two parts, 3 missed
    day = whole.due_dates[rows, columns] + np.where(style == 1, rng.integers(1, 40, len(rows)), 0)
    cents = whole.payment[rows, columns]
    half = cents // 2
    keep = style != 3
    split = style == 2
    paid = pd.DataFrame(
        {
            "loan": loans["loan"].to_numpy()[np.concatenate([rows[keep], rows[split]])],
            "date": np.concatenate([day[keep], day[split] + 5]),
            "amount": np.concatenate([np.where(split, half, cents)[keep], (cents - half)[split]])
            / 100,
        }
    )
    return loans, paid.sample(frac=1.0, random_state=seed).reset_index(drop=True)


def _schedules(loans: pd.DataFrame, product: Any = PRODUCT) -> batch.BatchSchedule:
    rules = products.get(product)
    return batch.amortize(
        loans["principal"].to_numpy(), loans["annual_rate"].to_numpy(), loans["term"].to_numpy(),
        start=loans["start"].to_numpy(), method=rules.method, accrual=rules.accrual,
        day_count=rules.day_count, rounding=rules.rounding, fees=rules.fees,
        frequency=rules.frequency,
    )  # fmt: skip


def _one_call(loans: pd.DataFrame, paid: pd.DataFrame, product: Any = PRODUCT) -> pd.DataFrame:
    found = batch.assess(
        _schedules(loans, product), paid, AS_OF, products.get(product),
        keys=loans["loan"].to_numpy(),
    )  # fmt: skip
    return found.to_frame(index=pd.Index(loans["loan"], name="loan"))


def _parts(frame: pd.DataFrame, npartitions: int) -> Any:
    return dd.from_pandas(frame, npartitions=npartitions)  # type: ignore[no-untyped-call]


def _uneven(frame: pd.DataFrame, cuts: list[int]) -> Any:
    """``frame`` indexed by loan key in partitions cut before the rows ``cuts``."""
    keyed = frame.set_index("loan")
    parts = _parts(keyed, npartitions=1)
    keys = keyed.index.tolist()
    divisions = [keys[0], *(keys[c] for c in cuts), keys[-1]]
    return parts.repartition(divisions=divisions)


def _same(found: pd.DataFrame, expected: pd.DataFrame) -> None:
    found = found.sort_index()
    assert found.index.tolist() == expected.index.tolist()
    assert found.columns.tolist() == expected.columns.tolist()
    for name in expected.columns:
        assert found[name].tolist() == expected[name].tolist(), name


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
def test_uneven_partitions_equal_one_call_loan_by_loan(scheduler: str) -> None:
    loans, paid = _book(3_000, seed=11)
    parts = _uneven(loans, [7, 40, 41, 1_900])  # 7, 33, 1, 1859 and 1100 loans
    assert parts.npartitions == 5
    payments = _parts(paid, npartitions=3)  # in no particular order
    with dask.config.set(scheduler=scheduler):
        found = lcd.assess(parts, payments, AS_OF, PRODUCT).compute()
    expected = _one_call(loans, paid)
    _same(found, expected)
    assert int(found["payments_used"].sum()) == int((paid["date"] <= np.datetime64(AS_OF)).sum())
    assert set(found["bucket"]) > {"M0"}  # the book has loans past due


def test_a_book_with_a_loan_column_is_partitioned_by_it() -> None:
    loans, paid = _book(200, seed=3)
    found = lcd.assess(_parts(loans, npartitions=4), _parts(paid, npartitions=2),
                       AS_OF, products.get(PRODUCT)).compute()  # fmt: skip
    _same(found, _one_call(loans, paid))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    count=st.integers(1, 60),
    seed=st.integers(0, 10_000),
    cuts=st.lists(st.integers(1, 59), max_size=5, unique=True),
    pay_parts=st.integers(1, 4),
)
def test_any_partitioning_of_a_small_book_equals_one_call(
    count: int, seed: int, cuts: list[int], pay_parts: int
) -> None:
    loans, paid = _book(count, seed)
    cuts = sorted(c for c in cuts if c < count - 1)
    parts = _uneven(loans, cuts) if count > 1 else _parts(loans.set_index("loan"), 1)
    payments = (
        _parts(paid, npartitions=pay_parts)
        if len(paid)
        else _parts(paid.astype({"loan": object}), npartitions=1)
    )
    found = lcd.assess(parts, payments, AS_OF, PRODUCT).compute(scheduler="synchronous")
    _same(found, _one_call(loans, paid))


def _on_basis(name: str, basis: str) -> Any:
    """Product ``name`` on ``basis``, or None if its rules hold only on its own basis
    (cost caps of the actual-balance basis)."""
    rules = products.get(name)
    try:
        return rules.replace(servicing=rules.servicing.replace(interest_basis=basis))
    except InvalidValueError:
        return None


PRODUCTS_AND_BASES = [
    (name, basis)
    for name in products.names()
    for basis in ("scheduled", "actual-balance")
    if _on_basis(name, basis) is not None
]


def test_both_bases_are_covered() -> None:
    assert {basis for _, basis in PRODUCTS_AND_BASES} == {"scheduled", "actual-balance"}
    assert {name for name, _ in PRODUCTS_AND_BASES} == set(products.names())


@pytest.mark.parametrize(("name", "basis"), PRODUCTS_AND_BASES)
def test_every_product_on_both_bases_equals_one_call(name: str, basis: str) -> None:
    product = _on_basis(name, basis)
    loans, paid = _book(24, seed=len(name), product=product)
    found = lcd.assess(_uneven(loans, [3, 10]), _parts(paid, 2), AS_OF, product)
    _same(found.compute(scheduler="synchronous"), _one_call(loans, paid, product))


@pytest.mark.parametrize("stray", ["A0", "L00007X", "ZZZ"])  # before, among, after the keys
def test_payments_of_an_unknown_loan_are_refused_naming_it(stray: str) -> None:
    loans, paid = _book(20, seed=5)
    extra = pd.DataFrame({"loan": [stray], "date": [np.datetime64("2024-03-01")], "amount": [10.0]})
    found = lcd.assess(_uneven(loans, [5, 12]), _parts(pd.concat([paid, extra]), 2), AS_OF,
                       PRODUCT)  # fmt: skip
    with pytest.raises(InvalidValueError, match=rf"payments\.loan\[\d+\]: got '{stray}'"):
        found.compute(scheduler="synchronous")


def test_payments_partitioned_on_the_books_divisions_are_used_as_they_are() -> None:
    loans, paid = _book(300, seed=9)
    parts = _uneven(loans, [20, 150])
    keyed = _parts(paid.set_index("loan").sort_index(kind="stable"), 1)
    aligned = keyed.repartition(divisions=list(parts.divisions))
    found = lcd.assess(parts, aligned, AS_OF, PRODUCT).compute(scheduler="synchronous")
    _same(found, _one_call(loans, paid))


def test_bad_arguments_are_refused() -> None:
    loans, paid = _book(5, seed=1)
    book, payments = _parts(loans, npartitions=1), _parts(paid, npartitions=1)
    with pytest.raises(InvalidTypeError, match="book"):
        lcd.assess(loans, payments, AS_OF, PRODUCT)
    with pytest.raises(InvalidTypeError, match="payments"):
        lcd.assess(book, paid, AS_OF, PRODUCT)
    with pytest.raises(InvalidTypeError, match="as_of"):
        lcd.assess(book, payments, "2024-06-30", PRODUCT)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="payments"):
        lcd.assess(book, payments.rename(columns={"amount": "paid"}), AS_OF, PRODUCT)
    with pytest.raises(InvalidValueError, match="book"):
        lcd.assess(book.rename(columns={"loan": "id"}), payments, AS_OF, PRODUCT)
