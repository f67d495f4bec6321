"""``--lang zh`` on restructure, prepay, apr, products and ``assess --history``: every
label and sentence in Chinese (the glossary's terms), numbers, dates and codes as they
are; the English output unchanged."""

from __future__ import annotations

import contextlib
import io
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loancalc as lc

# The command modules register their commands on import.
import loancalc.cli.apr_command
import loancalc.cli.assess_command
import loancalc.cli.diff_command
import loancalc.cli.line_command
import loancalc.cli.prepay_command
import loancalc.cli.products_command
import loancalc.cli.restructure_command
import loancalc.cli.verify_command
from loancalc.cli import main
from loancalc.locale import translation
from test_i18n import english_words

README_LOAN = ["--product", "cn-consumer-finance-instalment", "--principal", "12000",
               "--rate", "18%", "--term", "12", "--start", "2024-01-15",
               "--payment", "2024-02-15:1100.16"]  # fmt: skip
#: Designations a Chinese text shows as they are written: Regulation Z's Appendix J,
#: Directive 2008/48/EC, and the day-count conventions (ACT/360, ACT/ACT ISDA, 30E/360).
REGULATION = re.compile(r"Z|J|EC|ACT|ISDA|US|E")


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """No locale of the machine running the tests decides the language."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def attempt(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = main(argv)
    return status, out.getvalue()


def run(argv: list[str]) -> str:
    status, out = attempt(argv)
    assert status == 0, argv
    return out


def words_left(text: str) -> list[str]:
    return [word for word in english_words(text) if not REGULATION.fullmatch(word)]


# --------------------------------------------------------------------------------------
# restructure
# --------------------------------------------------------------------------------------

RESTRUCTURE = ["restructure", *README_LOAN, "--as-of", "2024-04-24", "--new-term", "6",
               "--waive", "penalty-interest"]  # fmt: skip


def test_restructure_in_chinese() -> None:
    text = run([*RESTRUCTURE, "--lang", "zh"])
    assert words_left(text) == []
    lines = text.splitlines()
    assert lines[0] == "2024-04-24 被替换的债务"
    assert lines[2].split() == ["项目", "欠款", "已还", "转入新本金", "资本化", "减免", "仍应还"]
    # The debt of the README loan on 2024-04-24 (docs/restructuring.md): principal
    # 11,079.84 carried; overdue interest 318.39 + accrued 41.39 + compound 6.02 = 365.80
    # capitalised; penalty interest 34.42 waived; 11,079.84 + 365.80 = 11,445.64.
    assert "    罚息      34.42" in text
    assert lines[12].split() == ["合计", "11,480.06", "0.00", "11,079.84", "365.80", "34.42",
                                 "0.00"]  # fmt: skip
    assert "新本金：11,445.64；2024-04-24 仍应还：0.00；协议：" in text
    assert "\n\n还款计划\n\n本金：11,445.64\n" in text


def test_restructure_in_english_is_unchanged() -> None:
    text = run(RESTRUCTURE)
    assert run([*RESTRUCTURE, "--lang", "en"]) == text
    lines = text.splitlines()
    assert lines[0] == "The debt replaced on 2024-04-24"
    assert lines[2].split() == ["Part", "Debt", "Paid", "Carried", "Capitalised", "Waived",
                                "Left", "due"]  # fmt: skip
    assert lines[4].split()[0] == "principal"
    assert (
        "New principal: 11,445.64; left due on 2024-04-24: 0.00; agreement: the plan is "
        "kept: no instalment 30 days past due" in text
    )
    assert "equal-installment loan of 11,445.64" in text


# --------------------------------------------------------------------------------------
# prepay
# --------------------------------------------------------------------------------------

PREPAY = ["prepay", *README_LOAN, "--as-of", "2024-02-20", "--amount", "3000"]
CLOSE = ["prepay", "--principal", "1200", "--rate", "12%", "--term", "3",
         "--start", "2024-01-31", "--as-of", "2024-02-10", "--amount", "1204.00"]  # fmt: skip


def test_prepay_in_chinese() -> None:
    text = run([*PREPAY, "--lang", "zh"])
    assert words_left(text) == []
    # 12,000 at 18 %: 1,100.16 paid on 2024-02-15 left 11,079.84; interest from 02-15 to
    # 02-20 on the cn product's daily rate 18 % / 360 = 0.05 %: 11,079.84 x 0.05 % x 5
    # = 27.70; 3,000 - 27.70 = 2,972.30 principal; 11,079.84 - 2,972.30 = 8,107.54.
    assert text.startswith(
        "2024-02-20 提前还款 3,000（本金 2,972.30），手续费 0.00，合计 3,000.00\n"
        "剩余本金：8,107.54\n\n还款计划\n"
    )
    closed = run([*CLOSE, "--lang", "zh"])
    # 1,200 at 12 % from 2024-01-31 to 2024-02-10: 1,200 x 12 % / 360 x 10 = 4.00 of
    # interest, so 1,204.00 closes the loan (the command's doctest).
    assert closed == (
        "2024-02-10 提前还款 1,204.00（本金 1,200.00），手续费 0.00，合计 1,204.00\n"
        "剩余本金：0.00：贷款已结清\n"
    )


def test_prepay_in_english_is_unchanged() -> None:
    assert run(CLOSE) == (
        "Paid 1,204.00 on 2024-02-10 (principal 1,200.00), fee 0.00, total 1,204.00\n"
        "Principal left: 0.00: the loan is closed\n"
    )
    text = run(PREPAY)
    assert text.startswith(
        "Paid 3,000 on 2024-02-20 (principal 2,972.30), fee 0.00, total 3,000.00\n"
        "Principal left: 8,107.54\n\nequal-installment loan of 8,107.54"
    )
    assert run([*PREPAY, "--lang", "en"]) == text


# --------------------------------------------------------------------------------------
# apr
# --------------------------------------------------------------------------------------

FLAT = ["apr", "--principal", "12000", "--rate", "0%", "--term", "12", "--method", "flat",
        "--period-fee-rate", "0.6%", "--start", "2024-01-31"]  # fmt: skip


@pytest.mark.parametrize("method", ["nominal", "effective", "us-actuarial", "eu-aprc",
                                    "eu-aprc-months"])  # fmt: skip
@pytest.mark.parametrize("cap", ["10%", "24%"])
def test_apr_in_chinese(method: str, cap: str) -> None:
    argv = [*FLAT, "--apr-method", method, "--cap", cap]
    text = run([*argv, "--lang", "zh"])
    assert words_left(text) == [], text
    english = run(argv)
    percent = english.split("%")[0]
    assert text.startswith(f"年化利率 {percent}%（")
    assert text.splitlines()[1].startswith(f"上限 {cap}：")
    assert text.splitlines()[1].endswith("未超出") == english.endswith("within it\n")


def test_apr_figures_and_english() -> None:
    # 12,000 flat, 0.6 % a month on the original principal: 72.00 fee a month, so 1,072.00
    # a month for 12 months. Its IRR r solves 12,000 = 1,072 x (1 - (1 + r)^-12) / r:
    # r = 1.0861853567 % a month; x 12 = 13.0342242811 % (nominal).
    assert run(FLAT) == "13.0342242811% a year (nominal: the rate per period x 12)\n"
    assert run([*FLAT, "--lang", "zh"]) == "年化利率 13.0342242811%（名义年化：每期利率 × 12）\n"
    assert run([*FLAT, "--cap", "10%"]) == (
        "13.0342242811% a year (nominal: the rate per period x 12)\n"
        "cap 10%: exceeds it by 3.0342242811 points\n"
    )
    assert run([*FLAT, "--cap", "10%", "--lang", "zh"]) == (
        "年化利率 13.0342242811%（名义年化：每期利率 × 12）\n上限 10%：超出 3.0342242811 个百分点\n"
    )


def test_the_scan_finds_regulation_names_only_as_designations() -> None:
    assert words_left("美国 Z 条例附录 J 2008/48/EC") == []
    assert words_left("Regulation Z") == ["Regulation"]


# --------------------------------------------------------------------------------------
# products
# --------------------------------------------------------------------------------------


def test_products_list_is_the_same_in_both_languages() -> None:
    """The list shows names and descriptions as written, in either language."""
    english = run(["products"])
    assert english.startswith("cn-bank-consumer-loan ")
    assert run(["products", "--lang", "zh"]) == english
    assert run(["products", "--lang", "zh", "show", "us-fixed-mortgage"]) == run(
        ["products", "show", "us-fixed-mortgage"]
    )


def test_a_broken_product_is_named_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lc.products, "broken", lambda: {"cn-broken": "bad toml"})
    text = run(["products", "--lang", "zh"])
    assert text.splitlines()[-1].split(None, 1) == ["cn-broken", "（加载失败：bad toml）"]
    assert run(["products"]).splitlines()[-1].endswith("(failed to load: bad toml)")


# --------------------------------------------------------------------------------------
# assess --history
# --------------------------------------------------------------------------------------

HISTORY = ["assess", *README_LOAN, "--as-of", "2024-06-25", "--history"]


def test_the_history_in_chinese() -> None:
    text = run([*HISTORY, "--lang", "zh"])
    history = text[text.index("还款记录") :]
    # The bureau's status string is a code (N, digits, / and *), shown as it is.
    status = history.splitlines()[0].rsplit("：", 1)[1]
    assert words_left(text.replace(status, "")) == []
    # Paid the first instalment (2024-02-15) only: overdue from 2024-03-16 (the 3-day
    # grace of the product is retroactive, so days count from the due date 03-15 + 1);
    # M1 on 03-16, M2 at 31 days (04-15), M3 at 61 (05-15), M4 at 91 (06-14); on 06-25,
    # 102 days past due; overdue in March, April, May and June: 4 months.
    assert history.splitlines() == [
        f"还款记录，截至 2024-06 的 24 个月（由远及近）：{status}",
        "逾期月数：连续 4 个月，累计 4 个月；最长逾期天数：102",
        "首次逾期：2024-03-16；本次逾期开始于：2024-03-16",
        "逾期阶段变化：",
        "  2024-03-16  M0 -> M1  （逾期 1 天）",
        "  2024-04-15  M1 -> M2  （逾期 31 天）",
        "  2024-05-15  M2 -> M3  （逾期 61 天）",
        "  2024-06-14  M3 -> M4  （逾期 91 天）",
    ]
    assert status.endswith("N1234")


def test_the_history_in_english_is_unchanged() -> None:
    text = run(HISTORY)
    assert run([*HISTORY, "--lang", "en"]) == text
    assert "\nOverdue months: 4 in a row, 4 in all; most days past due: 102\n" in text
    assert "  2024-03-16  M0 -> M1  (1 day past due)\n" in text
    assert "  2024-04-15  M1 -> M2  (31 days past due)\n" in text


# --------------------------------------------------------------------------------------
# diff
# --------------------------------------------------------------------------------------

DIFF = ["diff", "--principal", "1000", "--rate", "0%", "--term", "2", "--start", "2024-01-01",
        "--late-fee", "10", "--grace-days", "3", "--payment", "2024-02-01:500:2024-02-10",
        "--as-of", "2024-02-10", "--known-on", "2024-02-09"]  # fmt: skip


def test_diff_in_chinese() -> None:
    # 1,000 at 0 % in 2: 500 due 2024-02-01. Known on 02-09 the payment of 02-01 is not
    # there: 9 days past due on 02-10 (M1), the late fee of 10 charged when the 3-day
    # grace ended (02-04), 1,010.00 owed; with it, current and 500.00 owed (-510.00).
    text = run([*DIFF, "--lang", "zh"])
    assert words_left(text) == []
    lines = text.splitlines()
    assert lines[:3] == ["变更前（截至 2024-02-10）与变更后（截至 2024-02-10）：", "贷款：",
                         "  状态：逾期 -> 正常"]  # fmt: skip
    assert "  逾期天数：9 -> 0 (-9)" in lines
    assert "  五级分类：关注 -> 正常" in lines
    assert "  提前结清金额：1,010.00 -> 500.00 (-510.00)" in lines
    assert "  已计收 滞纳金：10.00 -> 0.00 (-10.00)" in lines
    assert lines[-3:] == [
        "撤销的费用：",
        "  2024-02-04  收取滞纳金  #1  滞纳金 10",
        "新增的费用：无",
    ]
    same = run([*DIFF[:-2], "--known-on", "2024-02-10", "--lang", "zh"])
    assert same == "变更前（截至 2024-02-10）与变更后（截至 2024-02-10）：没有差异。\n"


def test_diff_in_english_is_unchanged() -> None:
    text = run(DIFF)
    assert run([*DIFF, "--lang", "en"]) == text
    lines = text.splitlines()
    assert lines[:3] == ["Before (as of 2024-02-10) and after (as of 2024-02-10):", "Loan:",
                         "  status: overdue -> current"]  # fmt: skip
    assert "  charged late fee: 10.00 -> 0.00 (-10.00)" in lines
    assert lines[-3:] == ["Charges removed:", "  2024-02-04  late-fee-charged  #1  late fee 10",
                          "Charges added: none"]  # fmt: skip


def test_a_charge_the_reports_have_no_word_for_yet_is_named_in_chinese() -> None:
    from loancalc._diff_records import Charge
    from loancalc.cli.diff_command import _charge
    from loancalc.servicing import Amounts
    from loancalc.servicing.events import EventKind

    _ = translation("zh").gettext
    charge = Charge(date=date(2024, 3, 1), kind=EventKind.CHARGE_ADDED, installment=2,
                    amounts=Amounts(late_fee="15"))  # fmt: skip
    assert _charge(_, charge) == "2024-03-01  手动添加的费用  #2  滞纳金 15"


def test_diff_on_the_actual_balance_in_chinese() -> None:
    """What the loan holds outside its rows (actual-balance basis) has its heading too."""
    argv = [*README_LOAN, "--interest-basis", "actual-balance", "--as-of", "2024-04-01"]
    text = run(["diff", *argv, "--known-on", "2024-02-01", "--lang", "zh"])
    assert words_left(text) == []
    assert "各期之外：" in text
    assert "Outside the instalment rows:" in run(["diff", *argv, "--known-on", "2024-02-01"])


# --------------------------------------------------------------------------------------
# line
# --------------------------------------------------------------------------------------


def line_argv(tmp_path: Path) -> list[str]:
    """tests/test_cli_line.py's line, its plan and the plan's breach."""
    files = {
        "draws": "date,amount,term,rate,method\n2024-01-01,9000,3,,equal-principal\n"
        "2024-01-15,6000,3,,equal-principal\n",
        "payments": "date,amount\n2024-02-01,3111.60\n2024-03-01,3069.60\n",
        "plan": "date,amount\n2024-04-20,878.72\n2024-05-20,865.87\n",
    }
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    return ["line", "--product", "cn-daily-rate-credit-line", "--limit", "50000",
            "--draws", str(tmp_path / "draws.csv"), "--payments", str(tmp_path / "payments.csv"),
            "--as-of", "2024-03-20", "--negotiate", "2024-03-20", "--merge", "all",
            "--plan-term", "12", "--waive", "penalty-interest,compound-interest",
            "--plan-payments", str(tmp_path / "plan.csv"),
            "--plan-as-of", "2024-08-01"]  # fmt: skip


@pytest.mark.parametrize(
    ("allocation", "word"),
    [("oldest-first", "先借先还"), ("overdue-first", "逾期优先"), ("proportional", "按比例")],
)
def test_line_in_chinese(tmp_path: Path, allocation: str, word: str) -> None:
    text = run([*line_argv(tmp_path), "--allocation", allocation, "--lang", "zh"])
    assert words_left(text) == []
    assert f"\n还款分配（{word}）\n" in text
    assert "\n还款计划\n\n本金：" in text


def test_line_figures_in_chinese(tmp_path: Path) -> None:
    text = run([*line_argv(tmp_path), "--lang", "zh"])
    lines = text.splitlines()
    # The figures of tests/test_cli_line.py (worked by hand in test_lines_examples.py).
    assert lines[0].endswith("，2024-03-20：逾期，逾期 34 天（M2，关注）")
    assert lines[1] == "可用额度 0.00（有借款逾期，额度冻结）；今日结清全部借款需 9,196.11"
    assert lines[4].split()[:4] == ["借款", "借款日期", "金额", "状态"]
    assert lines[9].split()[:5] == ["合计", "15,000", "逾期", "34", "M2"]
    assert "2024-03-20 协商还款：合并借款 1, 2" in lines
    assert "\n还款计划\n\n本金：9,178.80\n" in text
    assert ("截至 2024-08-01：2024-07-20 违约；恢复收取 17.31，提前到期 7,835.64，"
            "违约日应还 7,852.95") in lines  # fmt: skip


def test_line_in_english_is_unchanged(tmp_path: Path) -> None:
    argv = line_argv(tmp_path)
    text = run(argv)
    assert run([*argv, "--lang", "en"]) == text
    lines = text.splitlines()
    assert lines[0] == (
        "Credit line cn-daily-rate-credit-line, limit 50,000.00, on 2024-03-20: overdue, 34 "
        "days past due (M2, special-mention)"
    )
    assert lines[4].split() == ["draw", "drawn_on", "amount", "status", "days_past_due",
                                "bucket", "principal", "interest", "charges",
                                "total_outstanding", "amount_due", "paid"]  # fmt: skip
    assert "Repayments (oldest-first)" in lines
    assert "Negotiated plan on 2024-03-20: draws 1, 2 merged" in lines
    assert "equal-principal loan of 9,178.80" in text
    assert "Condition: the plan is kept" in text


# --------------------------------------------------------------------------------------
# verify
# --------------------------------------------------------------------------------------

VERIFY_TERMS = ["--principal", "1200", "--rate", "12%", "--term", "3", "--start", "2024-01-31"]


def verify_argv(tmp_path: Path, rows: str) -> list[str]:
    path = tmp_path / "lender.csv"
    path.write_text("due_date,payment,principal,interest\n" + rows, encoding="utf-8")
    return ["verify", "--csv", str(path), *VERIFY_TERMS]


def test_verify_in_chinese(tmp_path: Path) -> None:
    # 1,200 at 12 % in 3 from 2024-01-31, periodic accrual (12 % / 12 = 1 % a month): payment
    # 408.03; row 2 of 1,200 - 396.03 = 803.97 owes 8.04 interest and 399.99 principal.
    # The lender's row 2 says 409.03 = 396.00 + 8.04 (which is 404.04: 4.99 off), its
    # principal is 3.99 short and its payment 1.00 over; row 3 is missing.
    argv = verify_argv(tmp_path, "2024-02-29,408.03,396.03,12.00\n2024-03-31,409.03,396.00,8.04\n")
    status, text = attempt([*argv, "--lang", "zh"])
    assert status == 1
    assert words_left(text) == []
    lines = text.splitlines()
    assert lines[0] == "等额本息贷款，本金 1,200，年利率 12%，每月还款共 3 期，按期计息（ACT/360）"
    assert lines[1] == "不一致：2 期中有 4 处差异（列明 2 期；按合同条款应为 3 期）。"
    assert lines[3].split() == ["期次", "项目", "列明", "应为", "差额", "原因"]
    assert lines[5].split() == ["2", "每期还款", "409.03", "404.04", "4.99", "自身不平"]
    assert lines[8].split() == ["3", "还款日", "（无）", "2024-04-30", "缺少"]
    # 408.03 + 409.03 = 817.06 stated; 408.03 + 408.03 + 408.02 = 1,224.08.
    assert lines[10] == "还款额：列明合计 817.06；按合同条款应为 1,224.08（差额 -407.02）。"
    assert lines[11].startswith("应为：")


def test_verify_agreeing_in_chinese(tmp_path: Path) -> None:
    rows = "2024-02-29,408.03,396.03,12.00\n2024-03-31,408.03,399.99,8.04\n" \
           "2024-04-30,408.02,403.98,4.04\n"  # fmt: skip
    argv = verify_argv(tmp_path, rows)
    status, text = attempt([*argv, "--lang", "zh"])
    assert (status, words_left(text)) == (0, [])
    assert text.splitlines()[1] == "一致：列明的 3 期与按合同条款计算的 3 期逐项相符。"
    english = attempt(argv)
    assert english == (0, "equal-installment loan of 1,200 at 12% a year, 3 x monthly, "
                       "periodic accrual (ACT/360)\nAgrees: all 3 stated instalments match "
                       "the 3 its terms give, figure by figure.\n")  # fmt: skip


@pytest.mark.parametrize("frequency", ["weekly", "bi-weekly", "semi-monthly", "quarterly",
                                       "every 10 days", "every 2 months"])  # fmt: skip
def test_verify_titles_in_chinese(tmp_path: Path, frequency: str) -> None:
    argv = [*verify_argv(tmp_path, "2024-02-29,408.03,396.03,12.00\n"), "--frequency",
            frequency, "--accrual", "daily", "--day-count", "ACT/ACT ISDA"]  # fmt: skip
    status, text = attempt([*argv, "--lang", "zh"])
    assert status == 1
    assert words_left(text) == []
    assert text.splitlines()[0].endswith("按日计息（ACT/ACT ISDA）")


def test_verify_in_english_is_unchanged(tmp_path: Path) -> None:
    argv = verify_argv(tmp_path, "2024-02-29,408.03,396.03,12.00\n2024-03-31,409.03,396.00,8.04\n")
    status, text = attempt(argv)
    assert (status, attempt([*argv, "--lang", "en"])) == (1, (1, text))
    lines = text.splitlines()
    assert (
        lines[1]
        == "Differs: 4 differences in 2 instalments (2 stated instalments; the terms give 3)."
    )
    assert lines[5].split() == ["2", "payment", "409.03", "404.04", "4.99", "does", "not", "add",
                                "up"]  # fmt: skip
    assert lines[8].split() == ["3", "due_date", "(none)", "2024-04-30", "missing"]
    assert lines[11].startswith("Expected: the figure recomputed from the terms")


# --------------------------------------------------------------------------------------
# Every built-in product, both bases
# --------------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(
    product=st.sampled_from(lc.products.names()),
    basis=st.sampled_from(["scheduled", "actual-balance"]),
    principal=st.integers(2_000, 200_000),
    days=st.integers(0, 200),
    share=st.integers(1, 100),
)
def test_no_english_in_chinese_output_of_any_product(
    product: str, basis: str, principal: int, days: int, share: int
) -> None:
    """prepay, restructure, apr and diff in Chinese, on every built-in product and both
    interest bases, leave no English words."""
    rules = lc.products.get(product)
    rate = rules.annual_rate if rules.annual_rate is not None else Decimal("0.065")
    rate = min(rate, rules.max_rate)
    loan = ["--product", product, "--principal", str(principal),
            "--rate", f"{rate * 100}%", "--term", "6", "--start", "2024-01-15",
            "--interest-basis", basis]  # fmt: skip
    on = (date(2024, 2, 15) + timedelta(days=days)).isoformat()
    amount = str(Decimal(principal) * share / 100)
    kinds = rules.restructuring.kinds if rules.restructuring is not None else ()
    kind = kinds[0].value if kinds else "re-instalment"
    shown = []
    for argv in (
        ["prepay", *loan, "--as-of", on, "--amount", amount],
        ["restructure", *loan, "--as-of", on, "--new-term", "3", "--kind", kind],
        ["apr", *loan[:-2]],
        ["diff", *loan, "--as-of", on, "--payment", f"2024-02-15:{amount}:{on}",
         "--known-on", "2024-02-14"],
    ):  # fmt: skip
        status, english = attempt(argv)
        if status != 0:
            continue  # the product's rules refuse the request (a message, no report)
        status, chinese = attempt([*argv, "--lang", "zh"])
        assert status == 0
        assert words_left(chinese) == [], (argv, chinese)
        assert chinese != english
        shown.append(argv[0])
    assert "apr" in shown
