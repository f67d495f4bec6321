"""``loancalc bench --quick`` runs in the suite so that it cannot rot (no timing asserted)."""

from __future__ import annotations

import importlib.util
import json

import pytest

from loancalc.cli import main

_KEYS = {"name", "seconds", "peer", "peer_seconds", "ratio", "peak_bytes"}


def test_quick_json_records(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--quick", "--loans", "25", "--repeat", "1", "--format", "json"]) == 0
    captured = capsys.readouterr()
    records = json.loads(captured.out)
    assert records
    for record in records:
        assert set(record) >= _KEYS
        assert record["seconds"] > 0
        assert record["peak_bytes"] >= 0
        if record["peer_seconds"] is not None:
            assert record["ratio"] == pytest.approx(record["seconds"] / record["peer_seconds"])
    peers = {record["peer"] for record in records}
    assert {"loancalc.amortize loop", "write floor", "numpy-financial ipmt+ppmt"} <= peers
    assert "loancalc bench:" in captured.err  # the progress lines


def test_quick_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--quick", "--loans", "10", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:2] == ["benchmark", "seconds"]
    assert "batch.amortize 10 loans" in out


def test_bad_size(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--quick", "--loans", "0"]) == 2
    assert "--loans" in capsys.readouterr().err


#: Every row of ``loancalc bench --quick --loans 25`` as (name, peer): the targets of
#: issue 17, each with its peer (the portfolio of 25 loans runs to 351 months).
_ROWS = {
    ("import loancalc", "import numpy"),
    ("amortize 12 monthly instalments", "amortization (floats)"),
    ("amortize 360 monthly instalments", "amortization (floats)"),
    ("assess_dates 360 days (scheduled)", "10 single assessments"),
    ("assess_dates 360 days (actual-balance)", "10 single assessments"),
    ("assess actual-balance basis", "assess scheduled basis"),
    ("apr.xirr 13 dated flows", "pyxirr.xirr"),
    ("apr.irr 361 flows", "pyxirr.irr"),
    ("apr.xirr 361 dated flows", "pyxirr.xirr"),
    ("batch.amortize 25 loans x 12-351 months", "loancalc.amortize loop"),
    ("batch.amortize 25 loans x 12-351 months", "numpy-financial ipmt+ppmt"),
    ("batch.amortize 25 loans x 12-351 months", "write floor"),
    ("batch.payments 25 loans", "numpy-financial pmt"),
    ("batch.penalties 25 positions", "loancalc.assess loop"),
    ("batch.assess nightly book 25 loans (scheduled)", "loancalc.assess loop"),
    ("batch.assess nightly book 25 loans (actual-balance)", "loancalc.assess loop"),
}


def test_every_row_with_its_peer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--quick", "--loans", "25", "--repeat", "1", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {(r["name"], r["peer"]) for r in records} == _ROWS
    assert len(records) == len(_ROWS)
    # the `amortization` peer comes with the bench extra only (CI installs the test extra)
    missing = {"amortization"} if importlib.util.find_spec("amortization") is None else set()
    for record in records:
        if record["peer_seconds"] is None:  # only a peer that is not installed
            assert any(name in record["peer"] for name in missing), record["name"]
        assert record["loops"] >= 1
        assert record["peer_loops"] is None or record["peer_loops"] >= 1
    # work of microseconds is looped (a single call of amortize or pyxirr is far under 1 ms
    # and a 20 ms round holds many of them); the import rows are one interpreter each
    short = {r["name"]: r for r in records}["amortize 12 monthly instalments"]
    assert short["loops"] > 1
    assert short["peer_loops"] is None if missing else short["peer_loops"] > 1


def test_the_table_states_the_method(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--quick", "--loans", "5", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "seconds per call, median of the rounds" in out
    assert "batch.assess nightly book 5 loans (actual-balance)" in out


@pytest.mark.parametrize("repeat", ["0", "-2"])
def test_bad_repeat(capsys: pytest.CaptureFixture[str], repeat: str) -> None:
    assert main(["bench", "--quick", "--loans", "5", "--repeat", repeat]) == 2
    err = capsys.readouterr().err
    assert "--repeat" in err
    assert repeat in err
