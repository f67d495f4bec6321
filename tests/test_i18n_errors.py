"""The library's errors a command can meet, in Chinese under ``--lang zh``: no rate
(NoRateError), a product plugin that failed to load, the loan book's (batch) and Dask's
errors, a limit set's; English stays the default."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import loancalc.products.registry as product_registry
from loancalc.apr.roots import NoRateError
from loancalc.cli._error_words import COMMON_MESSAGES, accepted_text, error_text
from loancalc.errors import LoanCalcError
from loancalc.locale import translation
from test_i18n_help import english_runs, one_error_line, run

ROOT = Path(__file__).resolve().parents[1]
ZH = translation("zh").gettext
EN = translation("en").gettext
BOOK_CSV = "loan,principal,term,start\nA,12000,12,2024-01-15\nB,1200,3,2024-01-31\n"
AUDIT = ["audit", "--product", "cn-consumer-finance-instalment", "--principal", "12000",
         "--term", "12", "--start", "2024-01-15", "--as-of", "2024-03-01"]  # fmt: skip


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """No locale variable: English unless --lang says otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def _book(tmp_path: Path, payments: str) -> list[str]:
    book, paid = tmp_path / "book.csv", tmp_path / "paid.csv"
    book.write_text(BOOK_CSV)
    paid.write_text(payments)
    return ["assess-book", "--as-of", "2024-05-10", "--product",
            "cn-consumer-finance-instalment", "--book", str(book),
            "--payments", str(paid)]  # fmt: skip


def _chinese(argv: list[str]) -> str:
    """The one error line of ``argv`` under --lang zh, with no English prose in it."""
    err = one_error_line(["--lang", "zh", *argv])
    assert english_runs(err) == [], err
    return err


@pytest.mark.parametrize(
    ("payments", "expected"),
    [
        ("loan,date,amount\nA,2024-02-15,-10\n",
         "可接受：大于 0 且不超过 1E+15 的金额，须为 0.01 的整数倍（金额精度）"),
        ("loan,when,amount\nA,2024-02-15,10\n", "可接受：含 'date' 列的文件"),
        ("loan,date,amount\nZ,2024-02-15,10\n", "可接受：贷款组合中的键（keys）"),
        ("loan,date,amount\nA,2023-02-15,10\n",
         "可接受：不早于贷款 0 起始日（2024-01-15）的日期"),
    ],
)  # fmt: skip
def test_the_books_errors_in_chinese(tmp_path: Path, payments: str, expected: str) -> None:
    assert expected in _chinese(_book(tmp_path, payments))


def test_dask_partitions_and_memory_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = _book(tmp_path, "loan,date,amount\nA,2024-02-15,1100.16\n")
    assert "可接受：大于 0 的分区数（整数）" in _chinese([*argv, "--dask", "--partitions", "0"])
    monkeypatch.setenv("LOANCALC_MAX_BYTES", "1000")
    err = one_error_line(["--lang", "zh", *argv])
    # the value (how much the book needs) is data; what is accepted is in Chinese
    assert "可接受：所需工作内存不超过 1,000 bytes（LOANCALC_MAX_BYTES）的贷款组合：" in err
    assert "或调高 max_bytes" in err


def test_no_rate_in_chinese_and_in_english(tmp_path: Path) -> None:
    # -100, +300, -250 a month apart: -250 x^2 + 300 x - 100 = 0 has no real root
    flows = tmp_path / "flows.csv"
    flows.write_text("2024-01-01,-100\n2024-02-01,300\n2024-03-01,-250\n")
    err = _chinese(["apr", "--flows", str(flows)])
    assert err == (
        "loancalc: 错误：利率不存在：在高于 -99.9999999 % 的任何利率下，现金流的净现值都不为零"
        "（已搜索至每期 1.3e9）\n"
    )
    status, _, english = run(["apr", "--flows", str(flows)])
    assert status == 2
    assert english.startswith("loancalc: error: no rate exists: the flows' net present value")
    flows.write_text("2024-01-01,100\n2024-02-01,50\n")
    assert "资金双向往来" in _chinese(["apr", "--flows", str(flows)])


def test_a_failed_product_plugin_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    product_registry.names()  # the registry loaded before the broken entry is added
    monkeypatch.setitem(product_registry._broken, "cn-broken", "ImportError: no 'acme'")
    loan = ["schedule", "--product", "cn-broken", "--principal", "100", "--term", "2",
            "--start", "2024-01-01"]  # fmt: skip
    err = one_error_line(["--lang", "zh", *loan])
    assert err == "loancalc: 错误：产品插件 'cn-broken' 加载失败：ImportError: no 'acme'\n"
    status, _, english = run(loan)
    assert status == 2
    assert english == (
        "loancalc: error: product plugin 'cn-broken' failed to load: ImportError: no 'acme'\n"
    )


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('name = "x"\n',
         "含 name、description、jurisdiction 和 [[rules]] 的法定上限集（缺少 description）"),
        ('name = "x"\ndescription = "x"\njurisdiction = "CN"\n[[rules]]\nid = "r"\ntitle = "t"\n'
         'kind = "all-in-rate"\nrate = "2000%"\n[[rules.sources]]\ntitle = "s"\n',
         "利率，如 '24%' 或 0.24，0 到 1000 %"),
        ('name = "x"\ndescription = "x"\njurisdiction = "CN"\n[[rules]]\nid = "r"\ntitle = "t"\n'
         'kind = "all-in-rate"\nrate = "10%"\napplies_by = "contract-window"\n'
         '[[rules.sources]]\ntitle = "s"\n',
         "适用期间的最后一天（applies_by 为 contract-window 时必填）"),
    ],
)  # fmt: skip
def test_a_bad_limit_set_in_chinese(tmp_path: Path, toml: str, expected: str) -> None:
    path = tmp_path / "limits.toml"
    path.write_text(toml)
    assert expected in _chinese([*AUDIT, "--limits", str(path)])


def test_every_common_message_is_translated_and_english_is_unchanged() -> None:
    for message in COMMON_MESSAGES:
        chinese = error_text(ZH, LoanCalcError(message))
        assert chinese != message
        assert english_runs(chinese) == [], chinese
        assert error_text(EN, LoanCalcError(message)) == message
    assert error_text(ZH, LoanCalcError("a message no catalog holds")) == (
        "a message no catalog holds"
    )


def _raised_messages() -> list[str]:
    """The messages the library's own ``LoanCalcError`` and ``NoRateError`` raises are
    made with: literal text whole, an f-string with each field as ``X``."""
    found = []
    for path in (ROOT / "src" / "loancalc").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in {"LoanCalcError", "NoRateError"} or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append(first.value)
            elif isinstance(first, ast.JoinedStr):
                found.append("".join(part.value if isinstance(part, ast.Constant) else "X"
                                     for part in first.values))  # fmt: skip
    return found


def test_every_message_the_library_raises_bare_is_in_the_catalog() -> None:
    # NoRateError and the bare LoanCalcError carry no field to name: each of their
    # messages (an optional package missing too) needs its catalog entry.
    messages = _raised_messages()
    assert len(messages) >= 6
    for message in messages:
        assert error_text(ZH, LoanCalcError(message)) != message, message
    assert error_text(ZH, NoRateError("no rate exists: there are no flows")) == (
        "利率不存在：没有任何现金流"
    )


@given(st.from_regex(r"[A-Za-z][A-Za-z_.]{0,30}", fullmatch=True))
def test_an_optional_package_missing_keeps_what_needs_it(what: str) -> None:
    message = f"{what} needs pandas: pip install 'loancalc[pandas]'"
    assert error_text(ZH, LoanCalcError(message)) == (
        f"{what} 需要 pandas：pip install 'loancalc[pandas]'"
    )


@given(
    st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    st.integers(1, 10**6),
    st.sampled_from(["0.01", "1", "0.001"]),
)
def test_book_phrases_keep_their_names_and_numbers(column: str, count: int, grid: str) -> None:
    # a column's name stays as it is, even one the catalog has a word for ("date")
    assert accepted_text(ZH, f"a file with a column '{column}'") == f"含 '{column}' 列的文件"
    assert accepted_text(ZH, f"one key per loan ({count})") == f"每笔贷款一个键（共 {count} 笔）"
    assert accepted_text(ZH, f"an amount > 0 and <= 1E+15, a multiple of {grid} (the grid)") == (
        f"大于 0 且不超过 1E+15 的金额，须为 {grid} 的整数倍（金额精度）"
    )


def test_errors_stay_english_without_a_language(tmp_path: Path) -> None:
    status, _, err = run(_book(tmp_path, "loan,date,amount\nZ,2024-02-15,10\n"))
    assert status == 2
    assert err.endswith("accepted: a key of the book (keys)\n")
