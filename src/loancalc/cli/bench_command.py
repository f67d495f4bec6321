"""``loancalc bench``: loancalc's speed against its peers, measured in one run.

Each benchmark prints loancalc's median seconds per call, the peer's measured in the
same rounds, their ratio (loancalc / peer: below 1 means loancalc is faster) and
loancalc's peak traced memory. Work whose first call takes under a millisecond is timed
in loops, as ``timeit`` does: after that warm-up call, the loop count grows (1, 2, 5, 10,
20, ...) until one round lasts at least 20 ms, and a round's time divided by its count is
one sample; longer work is one call per round, and work of 3 s or more one call in all.
The seconds are the median of ``--repeat`` rounds, loancalc's and the peer's rounds
taking turns (see :mod:`loancalc.cli._bench_timing`). ``--quick`` runs small sizes (for
CI; the numbers then mean little); ``--format json`` prints a list of records with
``name``, ``seconds``, ``peer``, ``peer_seconds``, ``ratio``, ``peak_bytes``, ``note``,
``loops`` and ``peer_loops`` (calls per round) for tracking over time. A progress line
goes to stderr before each group. Ratios, not absolute times, are the claim: they move
with the machine and its load.

>>> import contextlib, io, json
>>> from loancalc.cli import main
>>> out = io.StringIO()
>>> with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
...     status = main(["bench", "--quick", "--loans", "20", "--repeat", "1", "--format", "json"])
>>> records = json.loads(out.getvalue())
>>> status, sorted(records[0])[:4], any(r["peer"] == "write floor" for r in records)
(0, ['loops', 'name', 'note', 'peak_bytes'], True)
"""

from __future__ import annotations

import argparse
import json
import sys

from loancalc.cli._app import subcommand
from loancalc.cli._bench_cases import Measurement, measurements
from loancalc.cli._bench_fixed_costs import fixed_cost_cases
from loancalc.locale import N_

__all__ = ["bench"]

_METHOD = (
    "seconds per call, median of the rounds; calls under 1 ms looped for 20 ms or more "
    "per round (--format json: loops)"
)
_QUICK_SIZES = (300,)
_SIZES = (10_000, 100_000)


def _configure_bench(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--quick", action="store_true", help=N_("small sizes and 3 repeats, for CI (seconds)")
    )
    parser.add_argument(
        "--loans",
        type=int,
        action="append",
        metavar="N",
        help=N_(
            "portfolio size for the batch benchmarks (repeatable; default 10000 and "
            "100000, or 300 with --quick)"
        ),
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        metavar="N",
        help=N_(
            "rounds per median (default 5; 3 with --quick); a call under 1 ms is looped "
            "for at least 20 ms per round"
        ),
    )
    parser.add_argument_group(N_("output")).add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=N_("table for people, json for tracking (default: %(default)s)"),
    )


def _progress(message: str) -> None:
    print(f"loancalc bench: {message}...", file=sys.stderr, flush=True)


def _number(value: float | None, digits: int = 4) -> str:
    return "-" if value is None else f"{value:.{digits}g}"


def _table(results: list[Measurement]) -> str:
    header = ("benchmark", "seconds", "peer", "peer seconds", "ratio", "peak MB")
    rows = [
        (
            r.name,
            _number(r.seconds),
            r.peer or "-",
            _number(r.peer_seconds),
            _number(r.ratio, 3),
            f"{r.peak_bytes / 1e6:.1f}",
        )
        for r in results
    ]
    widths = [max(len(str(row[k])) for row in [header, *rows]) for k in range(len(header))]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, *rows]
    ]
    notes = sorted({r.note for r in results if r.note})
    notes.append(_METHOD)
    return "\n".join([*(line.rstrip() for line in lines), *(f"note: {n}" for n in notes)])


@subcommand(
    "bench",
    help=N_("time loancalc against its peers (numpy-financial, amortization, pyxirr)"),
    configure=_configure_bench,
)
def bench(args: argparse.Namespace) -> str:
    """The ``bench`` subcommand: run every benchmark and render the results.

    >>> from loancalc.cli import build_parser
    >>> args = build_parser().parse_args(["bench", "--quick", "--loans", "50"])
    >>> args.quick, args.loans
    (True, [50])
    """
    sizes = tuple(args.loans) if args.loans else (_QUICK_SIZES if args.quick else _SIZES)
    for size in sizes:
        if size < 1:
            from loancalc.errors import InvalidValueError

            raise InvalidValueError("--loans", size, "a whole number of loans >= 1")
    repeat = (3 if args.quick else 5) if args.repeat is None else args.repeat
    if repeat < 1:
        from loancalc.errors import InvalidValueError

        raise InvalidValueError("--repeat", repeat, "a whole number of rounds >= 1")
    _progress("fixed costs")
    results = [*fixed_cost_cases(repeat), *measurements(sizes, repeat, _progress)]
    if args.format == "json":
        return json.dumps([r.as_dict() for r in results], indent=2)
    return _table(results)
