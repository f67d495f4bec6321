"""``loancalc bench --quick`` runs in the suite so that it cannot rot (no timing asserted)."""

from __future__ import annotations

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
