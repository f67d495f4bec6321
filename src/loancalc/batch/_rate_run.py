"""The moving loans of a batch (a rate schedule that changes before maturity): run
through the segment loop (:mod:`loancalc.batch._rate_rows`), their rows written into the
book's matrices, and each loan the loop cannot finish given its reason for the scalar
engine.

>>> from datetime import date
>>> from loancalc import batch
>>> from loancalc.rate_schedule import RateChange, RateSchedule
>>> cut = RateSchedule(annual_rate="12%", dated_changes=[RateChange(on=date(2024, 2, 1),
...                                                                 annual_rate="6%")])
>>> b = batch.amortize([1200], [cut], 3, start=date(2024, 1, 1))
>>> b.payment.tolist(), b.fallback.tolist()  # 408.03 at 1 %, then 803.97 over 2 at 0.5 %
([[40803, 40500, 40500]], [])
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt

from loancalc.batch import _rate_paths, _rate_rows
from loancalc.batch._portfolio import Portfolio
from loancalc.batch._rows import RULES, Rows
from loancalc.terms import Method

__all__ = ["Moved", "moving", "write"]

Int64s = npt.NDArray[np.int64]

#: Products of amounts and rate numerators must stay below this (int64 headroom).
_SAFE = 2.0**59


@attrs.frozen(kw_only=True, eq=False)
class Moved:
    """The moving loans the vectorised path ran: all of them (``loans``, positions in
    the portfolio), which ran to the end (``ok``) and those positions (``at``)."""

    loans: npt.NDArray[np.intp]
    ok: npt.NDArray[np.bool_]
    at: npt.NDArray[np.intp]
    ran: _rate_rows.Ran


def moving(
    p: Portfolio, found: _rate_paths.Sorted, fee: Int64s, reasons: npt.NDArray[np.object_],
    *, store: bool,
) -> Moved | None:  # fmt: skip
    """Run the moving loans (rate-scheduled, a rate that changes before maturity) through
    the segment loop; those it cannot finish get their reason in ``reasons``."""
    if not found.moving:
        return None
    m = _rate_paths.moving(p, found, found.moving)
    principal = p.principal[m.loans].astype(np.float64)
    biggest = 2 * principal * m.num.max(axis=0).astype(np.float64) + m.den.max(axis=0)
    fits = (biggest < _SAFE) & (principal < _SAFE) & (fee[m.loans] < _SAFE)
    if not fits.all():
        reasons[m.loans[~fits]] = _rate_paths.TOO_BIG
        if not fits.any():
            return None
        m = _rate_paths.moving(p, found, m.loans[fits].tolist())
    at = m.loans
    ran = _rate_rows.run(
        m, p.principal[at], p.balloon[at], fee[at], rule=RULES[p.method],
        mode=p.rounding.mode, fixed_base=p.method is Method.FLAT, store=store,
    )  # fmt: skip
    ok = ran.status == _rate_rows.OK
    for status, why in _MOVING_REASONS.items():
        reasons[at[ran.status == status]] = why
    return Moved(loans=at, ok=ok, at=at[ok], ran=ran)


_MOVING_REASONS = {
    _rate_rows.OVERSHOOT: (
        "a rate schedule whose level amount repays a segment early (the scalar engine "
        "rounds it lower)"
    ),
    _rate_rows.SHORTFALL: "a rate schedule whose payment falls short of a period's interest",
    _rate_rows.UNREPAID: "a kept payment that runs on past twice the term",
}


def write(rows: Rows, moved: Moved) -> None:
    """Write the moving loans' rows into their columns (after the vectorised walk, which
    writes zeros in every column it does not run)."""
    ran = moved.ran.rows
    assert ran is not None
    periods = ran.payment.shape[0]
    ok, at = moved.ok, moved.at
    rows.balances[: periods + 1, at] = ran.balances[:, ok]
    for name in ("principal", "interest", "fee", "payment"):
        getattr(rows, name)[:periods, at] = getattr(ran, name)[:, ok]
