"""loancalc.batch: every matrix equals the scalar engine's schedule to the unit.

The oracle is :func:`loancalc.amortize`, loan by loan; no expected value here comes from
the batch engine itself.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc import batch

_MONEY = {
    "opening_balance": "opening_balance",
    "principal": "principal",
    "interest": "interest",
    "fee": "fee",
    "payment": "payment",
    "closing_balance": "closing_balance",
}
MODES = ["half-up", "half-even", "half-down", "down", "up", "ceiling", "floor"]
GRIDS = [
    {"places": 2},
    {"places": 0},
    {"places": 3},
    {"increment": "0.05"},
    {"increment": "0.25"},
    {"increment": "5"},
]


def _units(amount: Decimal, grid: Decimal) -> int:
    steps = amount / grid
    assert steps == steps.to_integral_value()
    return int(steps)


def assert_equal_to_scalar(result: batch.BatchSchedule, terms: list[lc.LoanTerms]) -> int:
    """Every loan's rows equal ``lc.amortize`` of its terms; returns the rows compared."""
    assert len(result) == len(terms)
    compared = 0
    for index, loan in enumerate(terms):
        schedule = lc.amortize(loan)
        count = len(schedule.installments)
        assert int(result.installments[index]) == count
        assert result.mask[index].tolist() == [k < count for k in range(result.mask.shape[1])]
        for field, attribute in _MONEY.items():
            matrix = getattr(result, field)
            expected = [_units(getattr(row, attribute), result.grid) for row in schedule]
            assert matrix[index, :count].tolist() == expected, (index, field, loan)
            assert not matrix[index, count:].any()
        assert result.due_dates[index, :count].tolist() == [row.due_date for row in schedule]
        assert np.isnat(result.due_dates[index, count:]).all()
        assert _units(schedule.upfront_fee, result.grid) == int(result.upfront_fee[index])
        compared += count
    return compared


month_ends = st.builds(
    lambda year, month: date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1),
    st.integers(1990, 2060),
    st.integers(1, 12),
)
starts = st.one_of(st.dates(date(1990, 1, 1), date(2060, 12, 31)), month_ends)
rates = st.one_of(
    st.sampled_from(["0", "1e-9", "0.0001%", "4.9%", "18%", "36%", "12.345%", "1000%"]),
    st.decimals(min_value=0, max_value=10, places=4),
)


@st.composite
def portfolios(draw: st.DrawFn, *, daily: bool | None = None) -> dict[str, object]:
    grid = draw(st.sampled_from(GRIDS))
    rounding = lc.Rounding(**grid, mode=draw(st.sampled_from(MODES)))
    quantum = rounding.quantum
    method = draw(st.sampled_from(list(lc.Method)))
    accrual = (
        draw(st.sampled_from(["periodic", "daily"]))
        if daily is None
        else ("daily" if daily else "periodic")
    )
    day_count = draw(st.sampled_from(["ACT/360", "ACT/365F", "30/360"]))
    size = draw(st.integers(1, 6))
    top = int(Decimal("1e12") / quantum)
    units = draw(
        st.lists(
            st.one_of(st.integers(1, 1000), st.integers(1, 10**7), st.integers(1, top)),
            min_size=size, max_size=size,
        )
    )  # fmt: skip
    principal = [quantum * u for u in units]
    terms = draw(st.lists(st.integers(1, 360), min_size=size, max_size=size))
    start = draw(st.lists(starts, min_size=size, max_size=size))
    first_due = [
        None if offset is None else day + timedelta(days=offset)
        for day, offset in zip(
            start,
            draw(st.lists(st.none() | st.integers(1, 70), min_size=size, max_size=size)),
            strict=True,
        )
    ]
    balloon = [Decimal(0)] * size
    if method is lc.Method.BALLOON:
        shares = draw(st.lists(st.integers(0, 100), min_size=size, max_size=size))
        balloon = [quantum * (u * s // 100) for u, s in zip(units, shares, strict=True)]
    fees = draw(
        st.none()
        | st.builds(
            lambda steps, rate: lc.Fees(per_period=quantum * steps, per_period_rate=rate,
                                        upfront_rate=rate),
            st.integers(0, 500), st.sampled_from(["0", "0.1%", "0.6%"]),
        )
    )  # fmt: skip
    return {
        "principal": principal,
        "annual_rate": draw(st.lists(rates, min_size=size, max_size=size)),
        "term": terms,
        "start": start,
        "first_due": first_due,
        "method": method,
        "accrual": accrual,
        "day_count": day_count,
        "rounding": rounding,
        "fees": fees,
        "balloon": balloon,
    }


def _terms(p: dict[str, object]) -> list[lc.LoanTerms]:
    per_loan = ("principal", "annual_rate", "term", "start", "first_due", "balloon")
    shared = {k: v for k, v in p.items() if k not in per_loan}
    columns = [p[name] for name in per_loan]
    return [
        lc.LoanTerms(**dict(zip(per_loan, values, strict=True)), **shared)  # type: ignore[arg-type]
        for values in zip(*columns, strict=True)  # type: ignore[call-overload]
    ]


def _check(p: dict[str, object]) -> None:
    terms = _terms(p)
    failures = []
    for loan in terms:
        try:
            lc.amortize(loan)
        except lc.LoanCalcError as error:
            failures.append(type(error))
    if failures:  # the batch fails as the scalar engine does, for the same loan
        with pytest.raises(failures[0]):
            batch.amortize(**p)
        return
    result = batch.amortize(**p)
    assert_equal_to_scalar(result, terms)
    for index in result.fallback.tolist():
        assert result.schedule(index) == lc.amortize(terms[index])
    assert result.schedule(len(terms) - 1) == lc.amortize(terms[-1])
    first = batch.payments(**p)
    assert first.tolist() == result.payment[:, 0].tolist()


@settings(max_examples=60)
@given(portfolios(daily=False))
def test_periodic_portfolios_equal_the_scalar_engine(p: dict[str, object]) -> None:
    _check(p)


@settings(max_examples=40)
@given(portfolios(daily=True))
def test_daily_portfolios_equal_the_scalar_engine(p: dict[str, object]) -> None:
    _check(p)


@settings(max_examples=25)
@given(
    st.sampled_from(list(lc.Method)),
    st.sampled_from(MODES),
    st.lists(st.sampled_from(["0", "1e-9", "1e-6", "0.01%"]), min_size=1, max_size=5),
    st.lists(st.integers(1, 10**14), min_size=5, max_size=5),
    st.lists(st.integers(1, 480), min_size=5, max_size=5),
)
def test_zero_and_tiny_rates(
    method: lc.Method, mode: str, rate_list: list[str], units: list[int], terms: list[int]
) -> None:
    size = len(rate_list)
    p: dict[str, object] = {
        "principal": [Decimal(u) / 100 for u in units[:size]],
        "annual_rate": rate_list,
        "term": terms[:size],
        "start": date(2024, 1, 31),
        "method": method,
        "rounding": lc.Rounding(mode=mode),
    }
    result = batch.amortize(**p)
    start = p.pop("start")
    loans = [
        lc.LoanTerms(principal=pr, annual_rate=r, term=t, start=start, method=method,
                     rounding=p["rounding"])
        for pr, r, t in zip(p["principal"], rate_list, terms[:size], strict=False)  # type: ignore[call-overload]
    ]  # fmt: skip
    assert_equal_to_scalar(result, loans)


def test_published_mortgage_pays_530727_cents() -> None:
    # docs/rules.md: 1,000,000 at 4.9 % a year over 360 months. i = 0.049 / 12 = 0.0040833...;
    # (1 + i)^360 = 4.33815...; A = 1,000,000 x i x 4.33815 / 3.33815 = 5,307.27 (to the
    # cent); first interest 1,000,000 x i = 4,083.33, so principal 1,223.94.
    result = batch.amortize(1_000_000, "4.9%", 360, start=date(2024, 1, 15))
    assert result.grid == Decimal("0.01")
    assert set(result.payment[0, :-1].tolist()) == {530727}
    assert int(result.interest[0, 0]) == 408333
    assert int(result.principal[0, 0]) == 122394
    assert int(result.principal[0].sum()) == 100_000_000  # the principal, repaid exactly
    assert result.fallback.tolist() == []


def test_realistic_portfolio_is_fully_vectorised() -> None:
    rng = np.random.default_rng(7)
    size = 300
    principal = rng.integers(100, 10**8, size) / 100  # floats on the cent grid
    rate = rng.choice([0.0, 0.035, 0.049, 0.0725, 0.18, 0.36], size)
    term = rng.integers(1, 361, size)
    start = np.datetime64("2020-01-31") + rng.integers(0, 2000, size).astype("timedelta64[D]")
    for method in lc.Method:
        for accrual in ("periodic", "daily"):
            # (from 18 % a year a daily-accrual annuity's level payment over a long term
            # falls short of a 31-day month's interest: such loans go to the scalar engine)
            rates = rate if accrual == "periodic" else np.minimum(rate, 0.0725)
            result = batch.amortize(principal, rates, term, start=start, method=method,
                                    accrual=accrual)  # fmt: skip
            assert result.fallback.tolist() == [], (method, accrual)
    terms = [
        lc.LoanTerms(principal=float(pr), annual_rate=float(r), term=int(t), start=s.item())
        for pr, r, t, s in zip(principal[:60], rate, term, start, strict=False)
    ]
    result = batch.amortize(principal[:60], rate[:60], term[:60], start=start[:60])
    assert assert_equal_to_scalar(result, terms) > 0


def test_other_frequencies_and_day_counts_fall_back() -> None:
    start = date(2024, 1, 31)
    quarterly = batch.amortize([1000, 2000], "6%", 4, start=start, frequency="quarterly")
    assert quarterly.fallback.tolist() == [0, 1]
    loans = [
        lc.LoanTerms(principal=p, annual_rate="6%", term=4, start=start, frequency="quarterly")
        for p in (1000, 2000)
    ]
    assert_equal_to_scalar(quarterly, loans)
    thirty = batch.amortize(1000, "6%", 12, start=start, accrual="daily", day_count="30/360")
    assert thirty.fallback.tolist() == [0]
    # an irregular first period under periodic accrual: vectorised by ACT/360 and ACT/365F,
    # computed by the scalar engine for other day counts (and bullet loans)
    first_due = [None, date(2024, 3, 10)]
    for day_count, method, fallback in [
        ("ACT/360", "equal-installment", []),
        ("ACT/365F", "equal-principal", []),
        ("30/360", "equal-installment", [1]),
        ("ACT/360", "bullet", [1]),
    ]:
        irregular = batch.amortize(
            [1000, 1000], "6%", 12, start=start, first_due=first_due, day_count=day_count,
            method=method,
        )  # fmt: skip
        assert irregular.fallback.tolist() == fallback
        loans = [
            lc.LoanTerms(principal=1000, annual_rate="6%", term=12, start=start, first_due=due,
                         day_count=day_count, method=method)
            for due in first_due
        ]  # fmt: skip
        assert_equal_to_scalar(irregular, loans)


def test_result_is_read_only() -> None:
    result = batch.amortize([100, 200], "5%", [2, 3], start=date(2024, 1, 1))
    with pytest.raises(ValueError, match="read-only"):
        result.payment[0, 0] = 1
    with pytest.raises(AttributeError):
        result.grid = Decimal(1)  # type: ignore[misc]


def test_inputs_are_not_mutated_and_series_work() -> None:
    principal = np.array([1000.0, 2000.0])
    before = principal.copy()
    batch.amortize(principal, 0.05, 12, start=date(2024, 1, 1))
    assert (principal == before).all()


def test_to_frame() -> None:
    import pandas as pd

    series = pd.Series([300.0, 200.0])
    result = batch.amortize(series, pd.Series([0.0, 0.12]), pd.Series([3, 2]),
                            start=date(2024, 1, 31))  # fmt: skip
    frame = result.to_frame()
    assert len(frame) == 5
    assert frame["principal"].sum() == 50000  # 300.00 + 200.00 in cents
    assert frame.attrs["grid"] == Decimal("0.01")
    exact = result.to_frame(decimal=True)
    assert exact["payment"].tolist()[:3] == [Decimal("100.00")] * 3


def test_to_frame_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    result = batch.amortize(100, 0, 1, start=date(2024, 1, 1))
    with pytest.raises(lc.LoanCalcError, match="pandas"):
        result.to_frame()


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"principal": [100, 200], "term": [12, 12, 12]}, "term"),
        ({"principal": [100, float("nan"), -1]}, "principal[1]"),
        ({"principal": [100, 200, -1]}, "principal[2]"),
        ({"principal": [100, 0]}, "principal[1]"),
        ({"principal": [100, "100.001"]}, "principal[1]"),
        ({"term": [12, 1201]}, "term[1]"),
        ({"term": [12, 12.5]}, "term[1]"),
        ({"term": [12, 0]}, "term[1]"),
        ({"annual_rate": ["5%", float("nan")]}, "annual_rate[1]"),
        ({"principal": [1, 2, 3], "annual_rate": [0.05, 0.05, 11]}, "annual_rate[2]"),
        ({"start": [date(2024, 1, 1), None]}, "start[1]"),
        ({"start": date(9999, 1, 1), "term": [1, 12]}, "term[1]"),
        ({"first_due": [None, date(2023, 1, 1)]}, "first_due[1]"),
        ({"balloon": [0, 10]}, "balloon[1]"),
    ],
)
def test_bad_input_names_array_and_first_bad_index(
    arguments: dict[str, object], field: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed despite invalid input")

    monkeypatch.setattr("loancalc.batch.compute", never)
    values: dict[str, object] = {
        "principal": [100, 200],
        "annual_rate": 0.05,
        "term": 12,
        "start": date(2024, 1, 1),
    }
    values.update(arguments)
    with pytest.raises(lc.LoanCalcError) as caught:
        batch.amortize(**values)  # type: ignore[arg-type]
    assert str(caught.value).startswith(f"{field}:") or f"{field}:" in str(caught.value)


def test_empty_portfolio() -> None:
    result = batch.amortize([], [], [], start=[])
    assert result.payment.shape == (0, 0)
    assert len(result) == 0


def test_schedule_index_checked() -> None:
    result = batch.amortize([100, 200], 0, 2, start=date(2024, 1, 1))
    assert result.schedule(-1) == result.schedule(1)
    with pytest.raises(lc.InvalidValueError, match="index"):
        result.schedule(2)


def test_regular_first_due_anchors_the_dates() -> None:
    # 31 January with the first due date on 29 February (one month on, so a regular first
    # period): later dates fall on the 29th, as the scalar calendar anchors them.
    start, first_due = date(2024, 1, 31), date(2024, 2, 29)
    result = batch.amortize([1000, 2000], "6%", 3, start=start, first_due=first_due)
    assert result.fallback.tolist() == []
    assert result.due_dates[0].tolist() == [date(2024, 2, 29), date(2024, 3, 29), date(2024, 4, 29)]
    loans = [
        lc.LoanTerms(principal=p, annual_rate="6%", term=3, start=start, first_due=first_due)
        for p in (1000, 2000)
    ]
    assert_equal_to_scalar(result, loans)


def test_fees_per_loan() -> None:
    fees = [lc.Fees(per_period="1.50"), lc.Fees(per_period_rate="0.6%", upfront="10")]
    start = date(2024, 3, 31)
    for method in lc.Method:
        result = batch.amortize([1200, 12000], "7.2%", 12, start=start, method=method, fees=fees)
        loans = [
            lc.LoanTerms(principal=p, annual_rate="7.2%", term=12, start=start, method=method,
                         fees=f)
            for p, f in zip((1200, 12000), fees, strict=True)
        ]  # fmt: skip
        assert_equal_to_scalar(result, loans)
    # 12,000 x 0.6 % = 72.00 a month (card instalments), hand-checked
    assert int(result.fee[1, 0]) == 7200


def test_memory_stays_within_the_output_plus_half() -> None:
    import tracemalloc

    rng = np.random.default_rng(3)
    size = 500
    principal = rng.integers(100, 10**7, size) / 100
    term = rng.integers(1, 241, size)
    for accrual in ("periodic", "daily"):
        tracemalloc.start()
        try:
            result = batch.amortize(principal, 0.05, term, start=date(2024, 1, 31),
                                    accrual=accrual)  # fmt: skip
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        buffers = {}  # the opening and closing balances are two views of one matrix
        for name in [*_MONEY, "mask", "due_dates"]:
            array = getattr(result, name)
            while isinstance(array.base, np.ndarray):
                array = array.base
            buffers[id(array)] = array.nbytes
        assert peak <= 1.5 * sum(buffers.values())


def test_dates_as_numpy_and_pandas() -> None:
    import pandas as pd

    starts = [date(2024, 1, 31), date(2023, 2, 28)]
    from_list = batch.amortize([100, 200], 0.05, 2, start=starts)
    from_numpy = batch.amortize([100, 200], 0.05, 2, start=np.array(starts, dtype="datetime64[D]"))
    from_series = batch.amortize(
        pd.Series([100.0, 200.0]), 0.05, 2, start=pd.Series(pd.to_datetime(starts))
    )
    for other in (from_numpy, from_series):
        assert (other.payment == from_list.payment).all()
        assert (other.due_dates == from_list.due_dates).all()


@settings(max_examples=25)
@given(portfolios())
def test_aggregates_equal_sums_of_scalar_schedules(p: dict[str, object]) -> None:
    terms = _terms(p)
    try:
        schedules = [lc.amortize(loan) for loan in terms]
    except lc.LoanCalcError:
        return  # the batch raises as the scalar engine does: tested above
    result = batch.amortize(**p)
    grid = result.grid
    flows = batch.cash_flow_by_month(result)
    expected: dict[str, dict[object, int]] = {}
    for schedule in schedules:
        for row in schedule:
            month = np.datetime64(row.due_date, "M")
            for name in ("principal", "interest", "fee", "payment"):
                bucket = expected.setdefault(name, {})
                bucket[month] = bucket.get(month, 0) + _units(getattr(row, name), grid)
    for name in ("principal", "interest", "fee", "payment"):
        got = {m: int(v) for m, v in zip(flows.months, getattr(flows, name), strict=True) if v}
        assert got == {m: v for m, v in expected[name].items() if v}
    outstanding = batch.outstanding_by_month(result)
    for month, value in zip(outstanding.months, outstanding.outstanding, strict=True):
        end = (month + 1).astype("datetime64[D]").item() - timedelta(days=1)
        lent = sum(_units(s.terms.principal, grid) for s in schedules if s.terms.start <= end)
        repaid = sum(_units(r.principal, grid) for s in schedules for r in s if r.due_date <= end)
        # interest a long first period capitalises adds to the balance when it falls due
        added = sum(
            _units(r.capitalized_interest, grid) for s in schedules for r in s if r.due_date <= end
        )
        assert int(value) == lent + added - repaid


@given(st.lists(st.integers(-5, 2000), min_size=1, max_size=50))
def test_buckets_and_classes_match_the_servicing_table(days: list[int]) -> None:
    array = np.array(days, dtype=np.int64)
    for table in (lc.DelinquencyTable(), lc.DelinquencyTable.card_2011(),
                  lc.DelinquencyTable(bucket_bounds=(30, 60))):  # fmt: skip
        assert batch.buckets(array, table).tolist() == [table.bucket(d) for d in days]
        assert batch.classify(array, table).tolist() == [table.classify(d).value for d in days]


def test_days_past_due_from_paid_instalments() -> None:
    starts = [date(2024, 1, 31), date(2024, 1, 15), date(2023, 12, 1)]
    result = batch.amortize([1200, 600, 300], "12%", [3, 2, 3], start=starts)
    as_of = date(2024, 4, 20)
    paid = [1, 2, 0]
    due = batch.oldest_unpaid_due(result, paid)
    # loan 0 owes instalment 2, due 31 March: 20 days late; loan 1 has paid all;
    # loan 2 owes instalment 1, due 1 January 2024: 31 + 29 + 31 + 19 = 110 days late.
    assert batch.days_past_due(due, as_of).tolist() == [20, 0, 110]
    for index, count in enumerate(paid):
        schedule = lc.amortize(
            lc.LoanTerms(principal=[1200, 600, 300][index], annual_rate="12%",
                         term=[3, 2, 3][index], start=starts[index])
        )  # fmt: skip
        if count < len(schedule):
            assert due[index].item() == schedule.installments[count].due_date
    with pytest.raises(lc.InvalidValueError, match=r"paid\[1\]"):
        batch.oldest_unpaid_due(result, [0, 3, 0])


@pytest.mark.parametrize("mode", MODES)
def test_level_payment_on_a_half_unit_boundary(mode: str) -> None:
    # A balloon equal to the principal leaves a level payment of exactly B x i: 1.00 at
    # 6 % a year is 0.005 a month, half a cent, so each mode rounds the tie its own way
    # (half-up 0.01, half-even 0.00, ...), exactly as the scalar engine does.
    principal = [Decimal("1.00"), Decimal("3.00"), Decimal("100.10")]
    rounding = lc.Rounding(mode=mode)
    result = batch.amortize(principal, "6%", 12, start=date(2024, 1, 31), method="balloon",
                            balloon=principal, rounding=rounding)  # fmt: skip
    loans = [
        lc.LoanTerms(principal=p, annual_rate="6%", term=12, start=date(2024, 1, 31),
                     method="balloon", balloon=p, rounding=rounding)
        for p in principal
    ]  # fmt: skip
    assert_equal_to_scalar(result, loans)


@pytest.mark.parametrize("method", list(lc.Method))
def test_loans_advanced_in_blocks_equal_the_scalar_engine(
    method: lc.Method, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The engine advances loans in cache-sized blocks; blocks of 3 loans over a portfolio
    # of 20 (ragged terms, an overshooting tiny loan at a high rate) must change nothing.
    monkeypatch.setattr("loancalc.batch._engine._BLOCK", 3)
    rng = np.random.default_rng(11)
    principal = [Decimal(int(u)) / 100 for u in rng.integers(1, 10**8, 20)]
    principal[5] = Decimal("0.05")
    rate = ["36%" if k == 5 else "4.9%" for k in range(20)]
    term = [int(t) for t in rng.integers(1, 121, 20)]
    start = date(2024, 1, 31)
    for accrual in ("periodic", "daily"):
        result = batch.amortize(principal, rate, term, start=start, method=method,
                                accrual=accrual, fees=lc.Fees(per_period="0.50"))  # fmt: skip
        loans = [
            lc.LoanTerms(principal=p, annual_rate=r, term=t, start=start, method=method,
                         accrual=accrual, fees=lc.Fees(per_period="0.50"))
            for p, r, t in zip(principal, rate, term, strict=True)
        ]  # fmt: skip
        assert_equal_to_scalar(result, loans)
        assert batch.payments(principal, rate, term, start=start, method=method,
                              accrual=accrual, fees=lc.Fees(per_period="0.50")).tolist() == [
            int(s.payment[k, 0]) for s in [result] for k in range(20)
        ]  # fmt: skip


def test_level_payment_steps_down_as_the_scalar_engine_does() -> None:
    # At 300 % a year (25 % a month) over 24 months, rounding the level payment up to a
    # whole unit (mode "up", places 0) repays 100 and 1,000 before the last instalment, so
    # the engine rounds toward zero instead; the batch must take the same step.
    principal = [1, 2, 3, 5, 10, 50, 100, 1000]
    rounding = lc.Rounding(places=0, mode="up")
    result = batch.amortize(principal, "300%", 24, start=date(2024, 1, 31), rounding=rounding)
    assert result.fallback.tolist() == []
    loans = [
        lc.LoanTerms(principal=p, annual_rate="300%", term=24, start=date(2024, 1, 31),
                     rounding=rounding)
        for p in principal
    ]  # fmt: skip
    assert_equal_to_scalar(result, loans)
    # 1,000 x 0.25 / (1 - 1.25^-24) = 251.18...: up gives 252, which overshoots; 251 is kept
    assert int(result.payment[7, 0]) == 251
