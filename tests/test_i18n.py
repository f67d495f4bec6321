"""Chinese reports: the gettext catalog kept in the package, the language options, and
no English left in what ``--lang zh`` prints."""

from __future__ import annotations

import contextlib
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc
import loancalc.cli.assess_command
import loancalc.cli.check_agreement_command
import loancalc.cli.project_command
import loancalc.cli.quote_command
import loancalc.cli.schedule_command
from loancalc.cli import main
from loancalc.export.table import display_width, text_table
from loancalc.locale import language_from_environment, translation
from loancalc.projection import project
from loancalc.reports import render_html, render_text, settlement_quote
from loancalc.restructuring.agreement import Agreement, check_agreement
from loancalc.servicing import Amounts
from test_reports import Page, loans, readme_state

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "loancalc" / "locale"
PO = LOCALE / "zh" / "LC_MESSAGES" / "loancalc.po"
MO = LOCALE / "zh" / "LC_MESSAGES" / "loancalc.mo"
#: As babel.cfg says: the report builders, the command modules and the templates.
METHOD_MAP = [
    ("src/loancalc/reports/**.py", "python"),
    ("src/loancalc/cli/*.py", "python"),
    ("src/loancalc/_rate_cli.py", "python"),
    ("src/loancalc/limits/_source_words.py", "python"),
    ("src/loancalc/lines/report.py", "python"),
    ("src/loancalc/_verify_report.py", "python"),
    ("src/loancalc/reports/templates/**.j2", "jinja2"),
]
OPTIONS = {
    "src/loancalc/reports/templates/**.j2": {
        "extensions": "jinja2.ext.i18n",
        "trim_blocks": "true",
        "lstrip_blocks": "true",
    }
}
README_LOAN = ["--product", "cn-consumer-finance-instalment", "--principal", "12000",
               "--rate", "18%", "--term", "12", "--start", "2024-01-15",
               "--payment", "2024-02-15:1100.16"]  # fmt: skip
PLAN = ["--principal", "1000", "--rate", "0", "--term", "2", "--start", "2024-01-01",
        "--as-of", "2024-01-01", "--product", "cn-card-instalment"]  # fmt: skip
#: ASCII words a Chinese report may show: the delinquency buckets (M0..M6, M7+),
#: currency codes and the program's and products' names.
ALLOWED = re.compile(r"M\d\+?|CNY|RMB|USD|EUR|GBP|loancalc|(?:cn|us|eu|uk)(?:-[a-z]+)+")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9+\-']*")


def extracted() -> set[str]:
    found = extract_from_dir(str(ROOT), METHOD_MAP, OPTIONS)
    return {message if isinstance(message, str) else message[0]
            for _, _, message, _, _ in found}  # fmt: skip


def english_words(text: str) -> list[str]:
    """The ASCII words of ``text`` other than numbers, dates and the allowed names."""
    return [word for word in WORD.findall(text) if not ALLOWED.fullmatch(word)]


def run(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0
    return out.getvalue()


# --------------------------------------------------------------------------------------
# The catalog
# --------------------------------------------------------------------------------------


def test_the_committed_mo_is_the_compiled_po() -> None:
    with PO.open("rb") as file:
        catalog = read_po(file, locale="zh")
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert MO.read_bytes() == compiled.getvalue(), "run pybabel compile (docs/reports.md)"


def test_every_message_used_has_a_chinese_translation() -> None:
    with PO.open("rb") as file:
        catalog = read_po(file, locale="zh")
    used = extracted()
    assert len(used) > 150
    missing = sorted(m for m in used if m not in catalog or not catalog[m].string)
    assert missing == [], "messages without a Chinese translation"
    fuzzy = sorted(m.id for m in catalog if m.id and m.fuzzy)
    assert fuzzy == []
    unused = sorted(m.id for m in catalog if m.id and m.id not in used)
    assert unused == [], "catalog entries no code uses any more"
    for message in used:  # and the running code reads them from the .mo
        assert translation("zh").gettext(message) == catalog[message].string


def test_translations_keep_every_placeholder() -> None:
    with PO.open("rb") as file:
        catalog = read_po(file, locale="zh")
    for message in catalog:
        if message.id:
            names = set(re.findall(r"\{(\w+)\}", str(message.id)))
            assert set(re.findall(r"\{(\w+)\}", str(message.string))) == names, message.id


def test_the_glossary_terms() -> None:
    _ = translation("zh").gettext
    assert _("Days past due") == "逾期天数"
    assert _("Overdue principal") == "逾期本金"
    assert _("Penalty interest") == "罚息"
    assert _("Compound interest") == "复利"
    assert _("Late fees") == "滞纳金"
    assert _("Grace period (days)") == "宽限期（天）"
    assert _("Early settlement amount") == "提前结清金额"
    assert _("Reported to the credit bureau") == "是否报送征信"
    assert _("equal instalments") == "等额本息"
    assert _("special mention") == "关注"


# --------------------------------------------------------------------------------------
# The language: --lang, then the locale, then English
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_GB.UTF-8"}, "zh"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "zh_CN.GB18030"}, "zh"),
        ({"LANG": "zh-Hans@cjknarrow"}, "zh"),
    ],
)
def test_language_from_environment(environ: dict[str, str], lang: str) -> None:
    assert language_from_environment(environ) == lang


def test_the_locale_sets_the_language_and_lang_overrides_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    argv = ["schedule", "--principal", "1200", "--rate", "12%", "--term", "3",
            "--start", "2024-01-31"]  # fmt: skip
    english = run(argv)
    assert english.startswith("equal-installment loan of 1,200")  # the table, as before
    monkeypatch.setenv("LC_ALL", "")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert run(argv).startswith("还款计划\n")
    assert run([*argv, "--lang", "en"]) == english
    assert run([*argv, "--format", "csv"]) == run([*argv, "--format", "csv", "--lang", "en"])


def test_an_unknown_language_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schedule", "--principal", "1", "--rate", "0%", "--term", "1",
                 "--lang", "fr"]) == 2  # fmt: skip
    assert "--lang: invalid choice: 'fr'" in capsys.readouterr().err


# --------------------------------------------------------------------------------------
# No English left in Chinese output
# --------------------------------------------------------------------------------------


def zh_cli_outputs() -> dict[str, str]:
    outputs = {}
    for fmt in ("table", "html"):
        outputs[f"schedule {fmt}"] = run(
            ["schedule", *README_LOAN[:-2], "--format", fmt, "--lang", "zh"]
        )
        outputs[f"assess {fmt}"] = run(
            [
                "assess",
                *README_LOAN,
                "--as-of",
                "2024-03-25",
                "--claimed",
                "1200",
                "--format",
                fmt,
                "--lang",
                "zh",
            ]
        )
        outputs[f"check-agreement {fmt}"] = run(
            [
                "check-agreement",
                *PLAN,
                "--check-as-of",
                "2024-09-01",
                "--format",
                fmt,
                "--lang",
                "zh",
            ]
        )
    for fmt in ("text", "html"):
        outputs[f"quote {fmt}"] = run(
            ["quote", *README_LOAN, "--on", "2024-03-25", "--format", fmt, "--lang", "zh"]
        )
        outputs[f"project {fmt}"] = run(
            [
                "project",
                *README_LOAN,
                "--as-of",
                "2024-03-15",
                "--until",
                "2024-08-01",
                "--then",
                "2024-07-01:50",
                "--format",
                fmt,
                "--lang",
                "zh",
            ]
        )
    return outputs


def visible(output: str) -> str:
    return " ".join(Page(output).text) if output.lstrip().startswith("<!DOCTYPE") else output


def test_no_english_in_chinese_cli_output() -> None:
    outputs = zh_cli_outputs()
    for name, output in outputs.items():
        assert english_words(visible(output)) == [], name
    assert "逾期天数" in outputs["assess table"]
    assert "罚息" in outputs["assess html"]
    assert "违约" in outputs["check-agreement table"]
    assert "逾期阶段 M1 -> M2" in outputs["project text"]


def test_no_english_in_chinese_reports_of_every_kind() -> None:
    state = readme_state(date(2024, 5, 20))
    s = lc.amortize(lc.LoanTerms(principal=1000, annual_rate=0, term=2, start=date(2024, 1, 1)))
    deal = Agreement(date=date(2024, 1, 1), kind="extend", schedule=s,
                     breach_missed_installments=2, reinstate_waived_on_breach=True,
                     accelerate_on_breach=True, waived=Amounts(interest="5"))  # fmt: skip
    results = [
        state.schedule,
        state,
        settlement_quote(state, date(2024, 6, 1)),
        check_agreement(deal, [], date(2024, 9, 1)),
        check_agreement(deal, [lc.Payment(date(2024, 2, 1), "500")], date(2024, 2, 10)),
        project(state, date(2025, 3, 1), [lc.Payment(date(2024, 12, 1), "20000")]),
        lc.assess(state.schedule, state.payments, date(2024, 5, 20),
                  state.rules.replace(interest_basis="actual-balance")),
    ]  # fmt: skip
    for result in results:
        assert english_words(render_text(result, "zh")) == [], type(result).__name__
        assert english_words(visible(render_html(result, "zh"))) == [], type(result).__name__


def test_the_scan_finds_english() -> None:
    """The scan itself can fail: English text is found, numbers and names are not."""
    assert english_words("逾期 10 天 M2 2024-03-25 1,100.16 CNY loancalc") == []
    assert english_words("罚息 penalty 7.00") == ["penalty"]
    assert english_words(render_text(readme_state(), "en")) != []


# --------------------------------------------------------------------------------------
# Tables align by display width
# --------------------------------------------------------------------------------------

CELLS = st.text(alphabet="逾期天数罚息复利滞纳金abcXYZ019 ", min_size=1, max_size=8).map(str.strip)


@given(st.lists(st.lists(CELLS.filter(bool), min_size=3, max_size=3), min_size=1, max_size=5))
def test_right_aligned_columns_end_together(rows: list[list[str]]) -> None:
    """With every column right-aligned, every line ends in the same terminal column."""
    lines = text_table(["日期", "金额", "Total"], rows).splitlines()
    assert len({display_width(line) for line in lines}) == 1


@given(st.lists(st.lists(CELLS.filter(bool), min_size=2, max_size=2), min_size=1, max_size=5))
def test_left_aligned_columns_start_together(rows: list[list[str]]) -> None:
    """The second (right-aligned) column ends in the same terminal column on every line
    when the first is aligned left."""
    table = text_table(["项目", "金额"], rows, left=[0]).splitlines()
    lines = [line for line in table if not line.startswith("-")]
    assert len({display_width(line) for line in lines}) == 1


@settings(max_examples=25)
@given(state=loans(), days=st.integers(0, 400))
def test_no_english_in_chinese_reports_of_any_loan(state: lc.LoanState, days: int) -> None:
    """On every built-in product and both bases: the assessment, its quote and the
    projection ahead, in Chinese, leave no English words."""
    ahead = project(state, state.as_of + timedelta(days=days))
    for result in (state, settlement_quote(state, state.as_of), ahead):
        assert english_words(render_text(result, "zh")) == [], type(result).__name__
        assert english_words(visible(render_html(result, "zh"))) == [], type(result).__name__
