"""The command line itself in Chinese: ``--help`` of ``loancalc`` and of every command,
argparse's own words, and the one-line error messages, under ``--lang zh`` or a Chinese
locale; English stays the default."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st
from wcwidth import wcswidth

from loancalc.cli import main
from loancalc.cli._app import _SUBCOMMANDS, _build_parser
from loancalc.cli._cli_language import argparse_speaks
from loancalc.cli._error_words import COMMON_ACCEPTED, accepted_text
from loancalc.cli._help_format import TemplateHelp, wrap_display
from loancalc.limits import registry as limits_registry
from loancalc.limits._source_words import (
    DESCRIPTIONS,
    RULE_TITLES,
    SOURCE_TITLES,
    limit_text,
    source_text,
)
from loancalc.locale import translation

PO = Path(__file__).resolve().parents[1] / "src/loancalc/locale/zh/LC_MESSAGES/loancalc.po"
COMMANDS = list(_SUBCOMMANDS)

#: A token that is not prose: an option (--rate), a metavar or code (DATE:AMOUNT, LPR1Y,
#: NAME|PATH.toml), a name with a hyphen, underscore, slash, dot, digit, equals sign or
#: quote (equal-principal, annual_rate, act/365, 1e3, 'date,amount'), a placeholder
#: ({names}), or a product or program name.
CODE_LIKE = re.compile(
    r"""(?x)
    -{1,2}[\w-]+            # an option
    | [A-Z][A-Z0-9_:|./\[\]-]*   # a metavar, an abbreviation
    | .*[-_/.\d=:'"\[\]{}|<>%()@].*  # code, numbers, dates, paths, quoted values
    | loancalc | pyxirr | amortization | numpy | Dask | Parquet | Decimal | strptime
    | scheduled | periodic | daily | capitalize | spread | overdue | all | none
    | credit | true | false | table | csv | json | html | text | toml | en | zh
    | weekly | monthly | quarterly | annual | nominal | effective | bullet | flat
    | balloon | anniversary | january | extend | down | up | ceiling | floor
    """
)
WORD = re.compile(r"\S+")


def english_runs(text: str, least: int = 3) -> list[str]:
    """The runs of ``least`` or more English words in a row (separated by single spaces)
    that are not option names, metavars, field names or code-like tokens."""
    runs: list[str] = []
    for line in text.splitlines():
        run: list[str] = []
        for match in re.finditer(r"[^\s，。；：、（）()]+|[，。；：、（）()]|\s+", line):
            token = match.group()
            if token.isspace() and token == " ":
                continue
            prose = token.isascii() and token.isalpha() and not CODE_LIKE.fullmatch(token)
            if prose:
                run.append(token)
                continue
            if len(run) >= least:
                runs.append(" ".join(run))
            run = []
        if len(run) >= least:
            runs.append(" ".join(run))
    return runs


def run(argv: list[str], env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


# --------------------------------------------------------------------------------------
# The checker
# --------------------------------------------------------------------------------------


def test_the_checker_catches_an_untranslated_line() -> None:
    assert english_runs("  --rate RATE          the contract rate a year") == [
        "the contract rate a year"
    ]
    assert english_runs("用法：loancalc\n\noptions:\n  -h, --help  show this help") == [
        "show this help"
    ]
    # The same help translated, with options, metavars and code names only, passes.
    translated = (
        "  --rate RATE   合同利率：'4.9%' 为年利率，或 0.049（除非 --product 已给出）\n"
        "  --method METHOD  以下之一：equal-installment, equal-principal, bullet\n"
        "  --format {table,csv,json,html}  table 供人阅读，csv 或 json 供程序使用"
    )
    assert english_runs(translated) == []


@given(st.lists(st.sampled_from(["the", "rate", "is", "paid", "late"]), min_size=3))
def test_any_english_sentence_is_caught(words: list[str]) -> None:
    assert english_runs("说明：" + " ".join(words) + "。") == [" ".join(words)]


# --------------------------------------------------------------------------------------
# --help in Chinese
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", COMMANDS)
def test_every_commands_help_is_in_chinese(name: str) -> None:
    status, out, _ = run([name, "--help", "--lang", "zh"])
    assert status == 0
    assert out.startswith("用法：loancalc " + name)
    assert "选项" in out
    assert english_runs(out) == [], name


def test_the_top_level_help_is_in_chinese() -> None:
    status, out, _ = run(["--help", "--lang", "zh"])
    assert status == 0
    assert english_runs(out) == []
    assert "命令" in out
    assert "显示贷款的还款计划" in out  # schedule's one-line help


def shown_texts(parser: argparse.ArgumentParser) -> list[str]:
    """The catalog messages ``--help`` of ``parser`` shows: each option's help (its
    template, when built from one), each group's title, the descriptions, and the same
    of its own subcommands."""
    texts = [parser.description or "", parser.epilog or ""]
    texts += [group.title or "" for group in parser._action_groups]
    texts += [action.help or "" for action in parser._actions]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            texts += [choice.help or "" for choice in action._choices_actions]
            for sub in action.choices.values():
                texts += shown_texts(sub)
    return [
        text.template if isinstance(text, TemplateHelp) else text
        for text in texts
        if text and text != argparse.SUPPRESS
    ]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_help_text_has_a_translation(name: str) -> None:
    """Each option's help, group title and description ``--help`` shows is a message of
    the catalog (a help text a new option adds must be translated too)."""
    with argparse_speaks("zh"):
        parser = _build_parser(configured=[name], lang="zh")
    _ = translation("zh").gettext
    texts = shown_texts(parser)
    assert len(texts) > 5
    assert [text for text in texts if _(text) == text and english_runs(text)] == []


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["schedule", "--lang", "zh", "--help"], {}),
        (["schedule", "--help", "--lang", "zh"], {}),
        (["schedule", "--help", "--lang=zh"], {}),
        (["--lang", "zh", "--help"], {}),
        (["--help", "--lang", "zh"], {}),
        (["schedule", "--help"], {"LANG": "zh_CN.UTF-8"}),
        (["audit", "--help"], {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}),
    ],
)
def test_lang_or_locale_is_honoured_for_help(
    argv: list[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    status, out, _ = run(argv)
    assert status == 0
    assert out.startswith("用法：")


def test_lang_before_the_command_sets_the_reports_language_too() -> None:
    loan = ["--principal", "1000", "--rate", "5%", "--term", "2", "--start", "2024-01-01"]
    chinese = run(["--lang", "zh", "schedule", *loan])[1]
    assert chinese == run(["schedule", *loan, "--lang", "zh"])[1]
    assert chinese.startswith("还款计划")
    # The command's own --lang wins over loancalc's.
    assert run(["--lang", "zh", "schedule", *loan, "--lang", "en"])[1].startswith("equal-")


def test_english_stays_the_default_and_lang_en_overrides_the_locale(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run(["schedule", "--help"])[1].startswith("usage: loancalc schedule")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert run(["schedule", "--help", "--lang", "en"])[1].startswith("usage:")


def test_help_lines_fit_the_terminal_by_display_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for name in ("schedule", "assess", "audit"):
        out = run([name, "--help", "--lang", "zh"])[1]
        # argparse wraps to COLUMNS - 2; a word longer than a line is never cut.
        too_wide = [line for line in out.splitlines() if wcswidth(line) > 78 and " " in line.strip()]  # fmt: skip # noqa: E501
        assert [line for line in too_wide if len(line.split()[-1]) < 30] == []


def test_the_usage_lines_align_under_the_chinese_prefix() -> None:
    out = run(["schedule", "--help", "--lang", "zh"])[1]
    first, second = out.splitlines()[:2]
    # "用法：" is 6 columns wide: the options of the next line start under "[-h]".
    assert wcswidth(first[: first.index("[-h]")]) == wcswidth(second[: len(second) - len(second.lstrip())])  # fmt: skip # noqa: E501


@given(st.text(alphabet="逾期本金罚息复利 abcdef-", max_size=80), st.integers(10, 60))
def test_wrapped_lines_fit_and_keep_every_character(text: str, width: int) -> None:
    lines = wrap_display(text, width)
    assert "".join("".join(lines).split()) == "".join(text.split())
    for line in lines:
        assert wcswidth(line) <= width or (" " not in line and line.isascii())


# --------------------------------------------------------------------------------------
# Errors in Chinese
# --------------------------------------------------------------------------------------


def one_error_line(argv: list[str]) -> str:
    status, out, err = run(argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("loancalc: 错误：")
    return err


def test_an_invalid_rate_in_chinese() -> None:
    err = one_error_line(
        ["schedule", "--principal", "1000", "--rate", "abc", "--term", "12", "--lang", "zh"]
    )
    assert err == (
        "loancalc: 错误：--rate：收到 'abc'；可接受：年利率小数，或如 '4.9%'、'1%/month'、"
        "'0.05%/day' 的写法，年利率 0 到 1000 %\n"
    )


def test_a_missing_required_argument_in_chinese() -> None:
    err = one_error_line(["schedule", "--principal", "1000", "--rate", "5%", "--lang", "zh"])
    assert err == "loancalc: 错误：缺少以下必需参数：--term（参见 'loancalc schedule --help'）\n"


def test_an_unknown_product_in_chinese() -> None:
    err = one_error_line(
        ["schedule", "--product", "no-such-product", "--principal", "1000", "--term", "12",
         "--lang", "zh"]
    )  # fmt: skip
    assert err.startswith("loancalc: 错误：--product：收到 'no-such-product'；可接受：以下之一：")
    assert "cn-consumer-finance-instalment" in err


def test_an_unknown_command_and_choice_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    err = one_error_line(["nope"])
    assert err.startswith("loancalc: 错误：参数 COMMAND：无效的选择：'nope'（可选：")
    err = one_error_line(["schedule", "--principal", "1", "--term", "1", "--rate", "1%",
                          "--format", "xml"])  # fmt: skip
    assert "参数 --format：无效的选择：'xml'" in err
    err = one_error_line(["schedule", "--principal", "1", "--term", "1", "--bogus"])
    assert "无法识别的参数：--bogus" in err


def test_a_bad_term_and_date_in_chinese() -> None:
    loan = ["schedule", "--principal", "1000", "--rate", "5%", "--lang", "zh"]
    assert "--term：收到 0；可接受：1 到 1200 之间的整数" in one_error_line([*loan, "--term", "0"])
    err = one_error_line([*loan, "--term", "12", "--start", "2024-13-01"])
    assert "--start：收到 '2024-13-01'；可接受：格式为 YYYY-MM-DD 的日期" in err
    err = one_error_line([*loan, "--term", "12", "--principal", "-1"])
    assert "--principal：收到 '-1'；可接受：大于 0 且不超过 1E+15 的金额" in err


def test_a_commands_own_error_in_chinese() -> None:
    assert one_error_line(["apr", "--principal", "1000", "--lang", "zh"]) == (
        "loancalc: 错误：apr：贷款选项还需要 --rate, --term\n"
    )
    err = one_error_line(["verify", "--lang", "zh"])
    assert err.startswith("loancalc: 错误：verify 需要一个核对对象")
    status, _, err = run(["apr", "--principal", "1000"])
    assert status == 2
    assert err == "loancalc: error: apr: the loan options need --rate, --term too\n"


def test_negative_amortisation_in_chinese() -> None:
    loan = ["schedule", "--principal", "1000000", "--rate", "900%", "--term", "1200",
            "--accrual", "daily"]  # fmt: skip
    err = one_error_line([*loan, "--lang", "zh"])
    assert "超过每期还款额" in err
    assert "（负摊销）。请缩短期限、降低利率，或改用 periodic 计息" in err
    assert english_runs(err) == []
    assert "the balance would grow (negative amortisation)" in run(loan)[2]


def test_errors_stay_english_by_default() -> None:
    status, _, err = run(["schedule", "--principal", "1000", "--rate", "abc", "--term", "12"])
    assert status == 2
    assert err.startswith("loancalc: error: --rate: got 'abc'; accepted: an annual fraction")
    status, _, err = run(["schedule", "--principal", "1000", "--rate", "5%"])
    assert err == (
        "loancalc: error: the following arguments are required: --term "
        "(see 'loancalc schedule --help')\n"
    )


@given(st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6), st.dates())
def test_accepted_phrases_built_in_code_are_translated(low: int, high: int, day: date) -> None:
    _ = translation("zh").gettext
    assert accepted_text(_, f"a whole number from {low} to {high}") == f"{low} 到 {high} 之间的整数"
    assert accepted_text(_, f"a date on or after --as-of ({day})") == (
        f"不早于 --as-of ({day}) 的日期"
    )
    names = f"a-{low}, b-{high}"
    assert accepted_text(_, f"one of {names}") == f"以下之一：{names}"
    # English: unchanged; an unknown phrase: shown as written.
    english = f"a whole number from {low} to {high}"
    assert accepted_text(translation("en").gettext, english) == english
    assert accepted_text(_, f"a thing no catalog knows {low}") == f"a thing no catalog knows {low}"


def test_the_common_accepted_phrases_are_translated() -> None:
    _ = translation("zh").gettext
    for phrase in COMMON_ACCEPTED:
        assert english_runs(accepted_text(_, phrase)) == [], phrase


# --------------------------------------------------------------------------------------
# The catalog
# --------------------------------------------------------------------------------------


def test_translations_keep_every_percent_placeholder() -> None:
    """argparse fills help with ``%``: a translation must keep every ``%(name)s``, ``%s``,
    ``%r`` and ``%%`` of its message, or the help (or the error) fails to format."""
    with PO.open("rb") as file:
        catalog = read_po(file, locale="zh")
    placeholder = re.compile(r"%(?:\(\w+\))?[srd%]")
    for message in catalog:
        if message.id and "%" in str(message.id):
            assert sorted(placeholder.findall(str(message.string))) == sorted(
                placeholder.findall(str(message.id))
            ), message.id


def test_every_command_module_is_loaded_for_its_help() -> None:
    for name in COMMANDS:
        module = _SUBCOMMANDS.module_of(name)
        if module is not None:
            importlib.import_module(module)
    assert all(_SUBCOMMANDS.is_loaded(name) for name in COMMANDS)


# --------------------------------------------------------------------------------------
# The legal limits' sources in Chinese
# --------------------------------------------------------------------------------------

README_LOAN = ["--product", "cn-consumer-finance-instalment", "--principal", "12000",
               "--rate", "18%", "--term", "12", "--start", "2024-01-15",
               "--payment", "2024-02-15:1100.16", "--as-of", "2024-06-30"]  # fmt: skip


def builtin_limit_texts() -> list[tuple[str, str, str]]:
    """(limit set, what, text) of every built-in limit set's description, rules' titles
    and sources' titles."""
    texts = []
    for name in limits_registry.names():
        limit_set = limits_registry.get(name)
        texts.append((name, "description", limit_set.description))
        for rule in limit_set.rules:
            texts.append((name, "rule", rule.title))
            texts += [(name, "source", source.title) for source in rule.sources]
    return texts


def test_every_builtin_limit_text_is_in_the_catalog_lists() -> None:
    """A title or description changed in a built-in TOML file must change here too."""
    listed = {*SOURCE_TITLES, *RULE_TITLES, *DESCRIPTIONS}
    shown = {text.replace("%", "%%") for _, _, text in builtin_limit_texts()}
    assert shown - listed == set()


@pytest.mark.parametrize("entry", builtin_limit_texts(), ids=lambda entry: entry[2][:30])
def test_every_builtin_limit_text_is_translated(entry: tuple[str, str, str]) -> None:
    name, _what, text = entry
    chinese = limit_text(translation("zh").gettext, text)
    assert chinese != text
    assert re.search(r"[\u4e00-\u9fff]", chinese)
    if name.startswith("cn-"):  # a Chinese source is cited by its Chinese title only
        assert english_runs(chinese, least=2) == [], chinese
    assert limit_text(translation("en").gettext, text) == text


def test_chinese_sources_are_cited_by_their_chinese_titles() -> None:
    _ = translation("zh").gettext
    private = limits_registry.get("cn-private-lending")
    titles = [source_text(_, source.title) for rule in private.rules for source in rule.sources]
    assert titles[0].startswith("《最高人民法院关于审理民间借贷案件适用法律若干问题的规定》")
    assert "第二十六条、第三十条" in titles[0]


def test_the_audit_in_chinese_cites_its_source_in_chinese() -> None:
    status, out, _ = run(["audit", *README_LOAN, "--lang", "zh"])
    assert status == 0
    assert out.rstrip().endswith(
        "利息、复利、罚息、滞纳金及其他费用合计超过年 24 % 的部分予以调减: "
        "《最高人民法院关于进一步加强金融审判工作的若干意见》（法发〔2017〕22号）第二条，2017-08-04"
    )
    assert "all-in-24" not in out  # the rule by its title, not its id
    assert english_runs(out) == []
    english = run(["audit", *README_LOAN])[1]
    assert "Supreme People's Court, Several Opinions" in english


def test_a_source_with_an_address_and_a_users_own_title() -> None:
    _ = translation("zh").gettext
    uk = "FCA Handbook CONC 5A.3.2R (total cost cap) <https://www.handbook.fca.org.uk/>"
    assert source_text(_, f"{uk}; my own note (a; b)") == (
        "FCA 手册 CONC 5A.3.2R（总成本上限） <https://www.handbook.fca.org.uk/>；my own note (a; b)"
    )
