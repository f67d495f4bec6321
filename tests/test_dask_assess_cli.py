"""``loancalc assess-book --dask``: the same output as the in-memory run, in the book's
order, whatever the partitions; a clear error naming the extra when dask is missing."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

import loancalc.cli.assess_book_command  # noqa: F401  (registers the command)
from loancalc.cli import main

PRODUCT = "cn-consumer-finance-instalment"
#: Keys not in sorted order (Dask sorts by key; the output keeps the book's order), one
#: loan with a first_due and one with none, payments of B on one day twice.
BOOK = (
    "loan,principal,term,start,first_due\n"
    "C,5000,6,2024-02-10,\nA,12000,12,2024-01-15,\nB,1200,3,2024-01-31,2024-03-05\n"
    "D,800,4,2024-03-01,\n"
)
PAID = ("loan,date,amount\nA,2024-02-15,1100.16\nB,2024-03-05,200\nB,2024-03-05,208.03\n"
        "C,2024-03-10,850\nD,2024-04-01,203.77\nB,2024-04-20,300\n")  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str, status: int = 0) -> str:
    """The command's output (its error on stderr when ``status`` is not 0)."""
    book, paid = tmp_path / "book.csv", tmp_path / "paid.csv"
    book.write_text(BOOK)
    paid.write_text(PAID)
    assert main(["assess-book", "--book", str(book), "--payments", str(paid), "--as-of",
                 "2024-05-10", "--product", PRODUCT, *args]) == status  # fmt: skip
    captured = capsys.readouterr()
    return captured.err if status else captured.out


@pytest.mark.parametrize("form", ["csv", "json", "text"])
@pytest.mark.parametrize("partitions", [None, "1", "3"])
def test_dask_gives_the_in_memory_output(
    form: str, partitions: str | None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    expected = _run(capsys, tmp_path, "--format", form)
    extra = ["--partitions", partitions] if partitions else []
    assert _run(capsys, tmp_path, "--format", form, "--dask", *extra) == expected
    if form == "csv":
        assert [line.split(",")[0] for line in expected.splitlines()[1:]] == list("CABD")
        assert ",3," in expected.splitlines()[3]  # B used all three payments


def test_bad_partitions_are_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    error = _run(capsys, tmp_path, "--dask", "--partitions", "0", status=2)
    assert "--partitions: got 0" in error


def test_without_dask_the_error_names_the_extra(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.import_module

    def without_dask(name: str, package: str | None = None) -> ModuleType:
        if name.split(".", maxsplit=1)[0] == "dask":
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_dask)
    error = _run(capsys, tmp_path, "--dask", status=2)
    assert "--dask needs dask: pip install 'loancalc[dask]'" in error
