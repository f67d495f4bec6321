"""Bad input found by the kernel issue, on the command line: each ends in exit status 2
with one line on stderr naming the option, never a traceback or an "internal error";
and every loan command takes ``--product PATH.toml`` as well as a built-in name.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loancalc as lc
from loancalc.cli import main
from loancalc.products import registry
from loancalc.products.source import MAX_PRODUCT_FILE_BYTES
from test_bad_input_kernel import mutated_products

LOAN = ("--principal", "12000", "--rate", "18%", "--term", "12", "--start", "2024-01-15")
PRODUCT = "cn-consumer-finance-instalment"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``main(argv)`` -> (exit status, stdout, stderr)."""
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run ``argv``, check it ends in status 2 with one error line, and return the line."""
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, ""), err
    assert err.startswith("loancalc: error: ")
    assert err.count("\n") == 1
    assert err.endswith("\n")
    assert err[:-1].isprintable(), err
    assert "internal error" not in err
    assert "Traceback" not in err
    return err


@pytest.fixture
def product_file(tmp_path: Path) -> Path:
    """The built-in product, renamed, as a TOML file."""
    path = tmp_path / "mine.toml"
    text = lc.products.get(PRODUCT).replace(name="my-own-product").to_toml()
    path.write_text(text, encoding="utf-8")
    return path


# --- dates past 9999-12-31 ----------------------------------------------------------------

LAST_DAY = ("--principal", "1000", "--rate", "5%", "--term", "1", "--start", "9999-11-30",
            "--first-due", "9999-12-31")  # fmt: skip


@pytest.mark.parametrize("basis", ["scheduled", "actual-balance"])
def test_assess_with_a_grace_past_9999(capsys: pytest.CaptureFixture[str], basis: str) -> None:
    err = refused(
        capsys, "assess", *LAST_DAY, "--as-of", "9999-12-05", "--grace-days", "5",
        "--interest-basis", basis,
    )  # fmt: skip
    assert "grace.days: got 5; accepted: a grace whose last day falls by 9999-12-31" in err


@pytest.mark.parametrize("mode", ["reduce-term", "reduce-payment"])
def test_prepay_at_the_calendars_end(capsys: pytest.CaptureFixture[str], mode: str) -> None:
    status, out, err = run(
        capsys, "prepay", *LAST_DAY, "--as-of", "9999-12-30", "--amount", "500", "--mode", mode
    )
    assert (status, err) == (0, "")
    assert "Principal left: " in out
    assert "9999-12-31" in out


def test_a_schedule_past_9999(capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(
        capsys, "schedule", "--principal", "1000", "--rate", "5%", "--term", "24",
        "--start", "9998-06-01",
    )  # fmt: skip
    assert "--term: got 24; accepted: a term whose last due date falls by 9999-12-31" in err


@pytest.mark.parametrize("basis", ["scheduled", "actual-balance"])
def test_a_repeated_late_fee_due_after_9999(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, basis: str
) -> None:
    """A late fee whose next repeat would fall after 9999-12-31 is never charged again:
    grace (3 days) ends on 9999-12-24, the fee falls then and on 9999-12-29, and the next
    (10000-01-03) is past the calendar: the assessment works and charges the two."""
    product = lc.products.get(PRODUCT)
    assert product.servicing.grace.days == 3
    fee = lc.servicing.LateFeePolicy(kind="fixed", amount="5", repeat_days=5)
    rules = product.servicing.replace(late_fee=fee, interest_basis=basis)
    path = tmp_path / "repeat.toml"
    path.write_text(product.replace(name="repeat", servicing=rules).to_toml(), encoding="utf-8")
    status, out, err = run(
        capsys, "assess", *LAST_DAY[:-1], "9999-12-21", "--as-of", "9999-12-31",
        "--product", str(path), "--format", "json",
    )  # fmt: skip
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert data["late_fees"] == "10.00"
    charged = [e["date"] for e in data["events"] if e["kind"] == "late-fee-charged"]
    assert charged == ["9999-12-24", "9999-12-29"]


# --- product files ---------------------------------------------------------------------------


def test_product_toml_with_a_4301_digit_integer(
    capsys: pytest.CaptureFixture[str], product_file: Path
) -> None:
    text = product_file.read_text(encoding="utf-8")
    product_file.write_text(text.replace("days_per_year = 360", "days_per_year = " + "7" * 4301))
    err = refused(capsys, "schedule", *LOAN, "--product", str(product_file))
    assert f"--product {product_file}: (toml): got " in err
    assert "4300 digits" in err


def test_a_product_path_with_a_line_break_keeps_it_visible(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The error line shows the path escaped, not with its line break made a space."""
    err = refused(capsys, "schedule", *LOAN, "--product", str(tmp_path / "a\nb\t.toml"))
    assert f"--product {tmp_path}/a\\nb\\t.toml: (file): got " in err


def test_deeply_nested_product_toml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 50_000 + "]" * 50_000, encoding="utf-8")
    err = refused(capsys, "schedule", *LOAN, "--product", str(path))
    assert "RecursionError" in err


def test_a_product_file_over_1_mib(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_text("#" * (MAX_PRODUCT_FILE_BYTES + 1), encoding="utf-8")
    err = refused(capsys, "schedule", *LOAN, "--product", str(path))
    assert "(size): got 'over 1048576 bytes'; accepted: a product file of at most 1048576" in err


def test_a_missing_product_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    err = refused(capsys, "schedule", *LOAN, "--product", str(tmp_path / "nope.toml"))
    assert "(file)" in err
    assert "FileNotFoundError" in err
    err = refused(capsys, "products", "show", str(tmp_path / "nope.toml"))
    assert "nope.toml: (file)" in err


# --- CSV ---------------------------------------------------------------------------------------


def _lender_csv(tmp_path: Path, text: str = "") -> Path:
    path = tmp_path / "lender.csv"
    path.write_text(text or "due_date,payment\n2024-02-29,408.03\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("delimiter", ["", ";;", "ab"])
def test_verify_refuses_a_delimiter_not_one_character(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, delimiter: str
) -> None:
    err = refused(
        capsys, "verify", "--csv", str(_lender_csv(tmp_path)), "--delimiter", delimiter,
        "--principal", "1200", "--rate", "12%", "--term", "3", "--start", "2024-01-31",
    )  # fmt: skip
    assert f"--delimiter: got {delimiter!r}; accepted: one character" in err


def test_csv_cells_over_the_field_size_limit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    long_cell = "9" * (csv.field_size_limit() + 1)
    lender = _lender_csv(tmp_path, f"due_date,payment\n2024-02-29,{long_cell}\n")
    err = refused(
        capsys, "verify", "--csv", str(lender),
        "--principal", "1200", "--rate", "12%", "--term", "3", "--start", "2024-01-31",
    )  # fmt: skip
    assert "lender.csv line 2: got 'field larger than field limit" in err
    payments = tmp_path / "payments.csv"
    payments.write_text(f"2024-02-15,1100.16,{long_cell}\n", encoding="utf-8")
    err = refused(capsys, "assess", *LOAN, "--as-of", "2024-03-01", "--payments", str(payments))
    assert "field larger than field limit" in err
    assert "--payments line 1: got 'field larger than field limit" in err  # file and line
    flows = tmp_path / "flows.csv"
    flows.write_text(f"2024-01-01,-1000\n2025-01-01,{long_cell}\n", encoding="utf-8")
    err = refused(capsys, "apr", "--flows", str(flows))
    assert "--flows line 2: got 'field larger than field limit" in err


# --- a NUL byte in a path ------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["assess", *LOAN, "--as-of", "2024-03-01", "--payments", "pay\0.csv"],
        ["assess", "--schedule", "s\0.json", "--as-of", "2024-03-01"],
        ["quote", *LOAN, "--on", "2024-03-01", "--payments", "pay\0.csv"],
        ["restructure", *LOAN, "--as-of", "2024-03-01", "--payments", "p\0.csv"],
        ["prepay", "--schedule", "s\0.json", "--as-of", "2024-03-01", "--amount", "10"],
        [
            "check-agreement",
            "--schedule",
            "s\0.json",
            "--as-of",
            "2024-03-01",
            "--check-as-of",
            "2024-05-01",
        ],
        ["verify", "s\0.json"],
        ["verify", "--csv", "l\0.csv", *LOAN],
        ["apr", "--flows", "f\0.csv"],
        ["apr", "--schedule", "s\0.json"],
        ["schedule", *LOAN, "--product", "p\0.toml"],
        ["products", "show", "p\0.toml"],
    ],
)
def test_a_nul_byte_in_a_path(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    err = refused(capsys, *argv)
    assert "\\x00" in err
    assert "NUL" in err


# --- plugins raising SystemExit ------------------------------------------------------------


@pytest.fixture
def rude_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    dist = tmp_path / "rude_cli-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: rude-cli\nVersion: 1.0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        "[loancalc.products]\nrude-cli = rude_cli_plugin:RULES\n", encoding="utf-8"
    )
    (tmp_path / "rude_cli_plugin.py").write_text("raise SystemExit('bye')\n", encoding="utf-8")
    monkeypatch.delitem(__import__("sys").modules, "rude_cli_plugin", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    registry._reset()
    yield
    registry._reset()


@pytest.mark.usefixtures("rude_plugin")
def test_a_plugin_raising_system_exit_is_listed_as_failed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.warns(registry.ProductPluginWarning, match="'rude-cli' skipped: SystemExit"):
        status, out, err = run(capsys, "products")
    assert (status, err) == (0, "")
    assert "rude-cli" in out
    assert "(failed to load: SystemExit: bye)" in out
    assert PRODUCT in out
    err = refused(capsys, "schedule", *LOAN, "--product", "rude-cli")
    assert "product plugin 'rude-cli' failed to load: SystemExit: bye" in err


# --- references in text reports -------------------------------------------------------------


@pytest.mark.parametrize("basis", ["scheduled", "actual-balance"])
def test_assess_escapes_payment_references(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, basis: str
) -> None:
    payments = tmp_path / "payments.csv"
    payments.write_text(
        'date,amount,reference\n2024-02-15,1100.16,"TX-1\n2024-03-01  settled"\n'
        "2024-03-15,10.00,\x1b[2J\x1b[31mPAID\x1b[0m\n",
        encoding="utf-8",
    )
    status, out, err = run(
        capsys, "assess", *LOAN, "--as-of", "2024-04-01", "--payments", str(payments),
        "--interest-basis", basis,
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert "\x1b" not in out
    assert all(line.isprintable() for line in out.splitlines())
    assert "TX-1\\n2024-03-01  settled" in out
    assert "\\x1b[2J\\x1b[31mPAID\\x1b[0m" in out
    assert not any(line.startswith("2024-03-01  settled") for line in out.splitlines())


def test_an_error_line_escapes_control_characters(capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, "schedule", *LOAN, "--product", "evil\x1b[2J.toml")
    assert "\x1b" not in err
    assert "evil\\x1b[2J.toml" in err


# --- a schedule whose lineage was stripped -------------------------------------------------


def test_a_stripped_lineage_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(
        capsys, "restructure", *LOAN, "--as-of", "2024-04-20", "--new-term", "12",
        "--format", "json",
    )  # fmt: skip
    assert (status, err) == (0, ""), err
    schedule = json.loads(out)["schedule"]
    assert schedule["lineage_count"] == 1
    del schedule["lineage"]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(schedule), encoding="utf-8")
    err = refused(capsys, "assess", "--schedule", str(path), "--as-of", "2024-06-01")
    assert "lineage: got '0 entries'; accepted: the 1 entry lineage_count records" in err


# --- --product PATH.toml on every loan command --------------------------------------------

COMMANDS = {
    "schedule": ["schedule", *LOAN],
    "assess": ["assess", *LOAN, "--as-of", "2024-05-01"],
    "quote": ["quote", *LOAN, "--on", "2024-05-01"],
    "restructure": ["restructure", *LOAN, "--as-of", "2024-05-01", "--new-term", "12"],
    "prepay": ["prepay", *LOAN, "--as-of", "2024-02-15", "--amount", "3000"],
    "check-agreement": ["check-agreement", *LOAN, "--as-of", "2024-05-01",
                        "--new-term", "12", "--check-as-of", "2024-09-01"],
    "apr": ["apr", *LOAN],
}  # fmt: skip


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_loan_command_takes_a_product_file(
    capsys: pytest.CaptureFixture[str], product_file: Path, command: str
) -> None:
    by_name = run(capsys, *COMMANDS[command], "--product", PRODUCT)
    by_file = run(capsys, *COMMANDS[command], "--product", str(product_file))
    assert by_name[0] in (0, 1), by_name
    assert by_name[2] == "", by_name
    assert by_file == by_name


def test_verify_takes_a_product_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, product_file: Path
) -> None:
    lender = _lender_csv(tmp_path, "due_date,payment\n2024-02-15,1100.16\n")
    argv = ["verify", "--csv", str(lender), "--principal", "12000", "--term", "12",
            "--start", "2024-01-15"]  # fmt: skip
    by_name = run(capsys, *argv, "--product", PRODUCT)
    assert by_name[2] == ""
    assert run(capsys, *argv, "--product", str(product_file)) == by_name


def test_a_product_file_is_not_registered(
    capsys: pytest.CaptureFixture[str], product_file: Path
) -> None:
    assert run(capsys, "schedule", *LOAN, "--product", str(product_file))[0] == 0
    assert "my-own-product" not in lc.products.names()
    status, out, _ = run(capsys, "products", "show", str(product_file))
    assert status == 0
    assert out.startswith('name = "my-own-product"')


def test_a_bad_key_in_a_product_file_names_the_file_and_key(
    capsys: pytest.CaptureFixture[str], product_file: Path
) -> None:
    text = product_file.read_text(encoding="utf-8")
    product_file.write_text(text.replace("[servicing.grace]\n", "[servicing.grace]\nweeks = 2\n"))
    err = refused(capsys, "assess", *LOAN, "--as-of", "2024-05-01", "--product", str(product_file))
    assert f"--product {product_file}: servicing.grace.weeks: got 2; accepted: one of" in err


# --- the servicing rule options, named alike by every command taking them ----------------


@pytest.mark.parametrize(
    "command",
    [
        ["assess"],
        ["quote", "--on", "2024-02-01"],
        ["restructure"],
        ["prepay", "--amount", "10"],
        ["check-agreement", "--check-as-of", "2024-03-01"],
    ],
)
def test_interest_free_days_past_the_term_name_the_option(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    err = refused(
        capsys, *command, "--principal", "1000", "--rate", "36%", "--term", "3",
        "--start", "2024-01-01", "--as-of", "2024-02-01", "--interest-basis", "actual-balance",
        "--interest-free-days", "100",
    )  # fmt: skip
    assert err == (
        "loancalc: error: --interest-free-days: got 100; accepted: at most the loan's term "
        "(91 days from 2024-01-01 to 2024-04-01)\n"
    )


# --- fuzzing: any CSV input ends in a result or one error line ---------------------------


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated_products())
def test_any_product_file_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str
) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_text(text, encoding="utf-8")
    for command in ("schedule", "assess"):
        argv = [*COMMANDS[command], "--product", str(path)]
        status, out, err = run(capsys, *argv)
        if status == 2:
            assert out == ""
            assert err.count("\n") == 1
            assert err[:-1].isprintable(), err
            assert "internal error" not in err
        else:
            assert status == 0
            assert err == ""


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(alphabet=st.sampled_from('0123456789-.,;"\n\r ab\x1b\u2028'), max_size=80),
    delimiter=st.text(max_size=2).filter(lambda d: "\0" not in d),
)
def test_any_csv_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, delimiter: str
) -> None:
    path = tmp_path / "input.csv"
    path.write_text(text, encoding="utf-8")
    runs = [
        ["assess", *LOAN, "--as-of", "2024-05-01", "--payments", str(path)],
        ["verify", "--csv", str(path), "--delimiter", delimiter, *LOAN],
        ["apr", "--flows", str(path)],
    ]
    for argv in runs:
        status, out, err = run(capsys, *argv)
        if status == 2:
            assert out == ""
            assert err.count("\n") == 1
            assert err[:-1].isprintable(), err
            assert "internal error" not in err
        else:
            assert status in (0, 1)
            assert err == ""
