"""The CLI's commands are lazy: a command's module is imported only when it runs (or its
own ``--help`` is asked), and ``loancalc --help`` lists every command all the same."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap

import pytest

import loancalc.cli
from loancalc.cli._app import _SUBCOMMANDS

COMMANDS = loancalc.cli._COMMANDS
SCHEDULE = ["schedule", "--principal", "1200", "--rate", "12%", "--term", "3",
            "--start", "2024-01-31", "--format", "csv"]  # fmt: skip


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout


def command_modules_after(argv: list[str]) -> set[str]:
    out = run_python(f"""
        import contextlib, io, sys
        import loancalc.cli
        with contextlib.redirect_stdout(io.StringIO()):
            loancalc.cli.main({argv!r})
        print(" ".join(m for m in sys.modules if m.startswith("loancalc.cli.")
                       and m.endswith("_command")))
    """)
    return set(out.split())


def test_schedule_imports_no_other_command_module() -> None:
    assert command_modules_after(SCHEDULE) == {"loancalc.cli.schedule_command"}


def test_top_level_help_imports_no_command_module() -> None:
    assert command_modules_after(["--help"]) == set()


@pytest.mark.parametrize("name", ["products", "verify"])
def test_a_commands_help_imports_its_module(name: str) -> None:
    assert f"loancalc.cli.{name.replace('-', '_')}_command" in command_modules_after(
        [name, "--help"]
    )


def test_schedule_output_is_unchanged_when_run_lazily() -> None:
    # 1,200 at 12 %/12 = 1 % a month over 3 months: payment 1200 x 0.01 / (1 - 1.01^-3)
    # = 408.0265 -> 408.03; interest 12.00, 8.04 (803.97 x 1 %), 4.04 (403.98 x 1 %).
    out = run_python(f"""
        import loancalc.cli
        loancalc.cli.main({SCHEDULE!r})
    """)
    assert out.splitlines()[1:] == [
        "1,2024-01-31,2024-02-29,29,1200.00,396.03,12.00,0.00,408.03,803.97,0.00",
        "2,2024-02-29,2024-03-31,31,803.97,399.99,8.04,0.00,408.03,403.98,0.00",
        "3,2024-03-31,2024-04-30,30,403.98,403.98,4.04,0.00,408.02,0.00,0.00",
    ]


def test_top_level_help_lists_every_command_as_the_full_parser_does() -> None:
    # The lazy listing equals the help of the parser built with every module imported.
    out = run_python("""
        import contextlib, io
        import loancalc.cli
        lazy = io.StringIO()
        with contextlib.redirect_stdout(lazy):
            status = loancalc.cli.main(["--help"])
        assert status == 0
        print(lazy.getvalue() == loancalc.cli.build_parser().format_help())
        print(lazy.getvalue())
    """)
    same, _, listing = out.partition("\n")
    assert same == "True"
    for name, _, _ in COMMANDS:
        assert f"\n    {name} " in listing or f"\n    {name}\n" in listing


@pytest.mark.parametrize(("name", "module", "help"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_the_registry_matches_each_module(name: str, module: str, help: str) -> None:
    importlib.import_module(module)
    assert _SUBCOMMANDS.is_loaded(name)
    command = _SUBCOMMANDS[name]
    assert (command.name, command.help, command.run.__module__) == (name, help, module)


def test_every_command_module_is_in_the_registry() -> None:
    from pathlib import Path

    folder = Path(loancalc.cli.__file__).parent
    on_disk = {f"loancalc.cli.{path.stem}" for path in folder.glob("*_command.py")}
    assert on_disk == {module for _, module, _ in COMMANDS}


def test_a_lazy_name_cannot_be_taken_by_another_module() -> None:
    def configure(parser: object) -> None:
        return None

    with pytest.raises(ValueError, match="already registered"):
        loancalc.cli.subcommand("verify", help="again", configure=configure)(lambda args: "")
    with pytest.raises(ValueError, match="already registered"):
        loancalc.cli.lazy_subcommand("verify", "elsewhere", help="again")


def test_a_lazy_module_that_does_not_register_is_an_internal_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    loancalc.cli.lazy_subcommand("lazy-example", "loancalc.cli.loan_options", help="nothing")
    try:
        assert loancalc.cli.main(["lazy-example"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("loancalc: error: internal error (LookupError")
        assert "lazy-example" in err
    finally:
        del _SUBCOMMANDS["lazy-example"]
    assert "lazy-example" not in _SUBCOMMANDS


def test_unknown_command_lists_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert loancalc.cli.main(["nope"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'nope'" in err
    for name, _, _ in COMMANDS:
        assert repr(name) in err
