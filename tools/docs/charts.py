"""Draw the documentation's charts from loancalc itself (run by the docs build).

``python tools/docs/charts.py [OUT_DIR]`` writes PNGs into ``docs/images/`` (or OUT_DIR);
``mkdocs build`` runs :func:`main` first through ``tools/docs/mkdocs_hooks.py``, so the
pictures always show what the library computes today. A file is rewritten only when its
bytes change, so ``mkdocs serve`` does not rebuild in a loop.

Needs matplotlib (the ``docs`` extra); the Agg backend draws without a display.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import loancalc as lc
from loancalc.servicing import assess

IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"

#: The loan every schedule chart shows: 1,000,000 at 4.9 % a year over 360 months.
MORTGAGE = lc.LoanTerms(principal="1000000", annual_rate="4.9%", term=360, start=date(2024, 1, 15))

PRINCIPAL_COLOUR = "#1f77b4"
INTEREST_COLOUR = "#ff7f0e"
METHODS = (
    (lc.Method.EQUAL_INSTALLMENT, "Equal instalment", "#1f77b4"),
    (lc.Method.EQUAL_PRINCIPAL, "Equal principal", "#2ca02c"),
)


def _figure(rows: int, columns: int, size: tuple[float, float], **options: Any) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot.subplots(rows, columns, figsize=size, dpi=100, squeeze=False, **options)


def _png(figure: Any) -> bytes:
    from matplotlib import pyplot

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    pyplot.close(figure)
    return buffer.getvalue()


def _thousands(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))


def schedule_split() -> bytes:
    """Each payment's principal and interest, month by month, for the two level methods."""
    figure, axes = _figure(1, 2, (11, 4.5), sharey=True)
    for ax, (method, label, _) in zip(axes[0], METHODS, strict=True):
        rows = lc.amortize(MORTGAGE.replace(method=method)).installments
        months = [row.number for row in rows]
        principal = [float(row.principal) for row in rows]
        interest = [float(row.interest) for row in rows]
        ax.stackplot(
            months,
            principal,
            interest,
            labels=["principal", "interest"],
            colors=[PRINCIPAL_COLOUR, INTEREST_COLOUR],
            alpha=0.85,
        )
        ax.set_title(label)
        ax.set_xlabel("instalment (month)")
        ax.set_xlim(1, len(rows))
        ax.grid(alpha=0.3)
        _thousands(ax.yaxis)
    axes[0][0].set_ylabel("payment")
    axes[0][0].legend(loc="upper right")
    figure.suptitle("1,000,000 at 4.9 % over 360 months: what each payment repays")
    return _png(figure)


def schedule_balance() -> bytes:
    """The balance still owed after each instalment, for the two level methods."""
    figure, axes = _figure(1, 1, (8, 4))
    ax = axes[0][0]
    for method, label, colour in METHODS:
        schedule = lc.amortize(MORTGAGE.replace(method=method))
        rows = schedule.installments
        ax.plot(
            [0, *(row.number for row in rows)],
            [float(MORTGAGE.principal), *(float(row.closing_balance) for row in rows)],
            label=f"{label}: total interest {schedule.total_interest:,}",
            color=colour,
        )
    ax.set_xlabel("instalment (month)")
    ax.set_ylabel("balance owed")
    ax.set_xlim(0, MORTGAGE.term)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend()
    _thousands(ax.yaxis)
    ax.set_title("1,000,000 at 4.9 % over 360 months: balance after each instalment")
    return _png(figure)


#: The late loan of the getting-started page: 12,000 at 18 % over 12 months, instalment 1
#: paid on time, nothing after; 3 days of grace, penalty and compound interest at 27 %,
#: a late fee of 50 for each instalment missed.
LATE_LOAN = lc.LoanTerms(principal="12000", annual_rate="18%", term=12, start=date(2024, 1, 15))
LATE_RULES = lc.ServicingRules(
    grace=lc.GracePolicy(days=3),
    penalty=lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="plus-share", value="0.5"), compound=True),
    late_fee=lc.LateFeePolicy(kind="fixed", amount="50"),
)
LATE_PAYMENTS = (lc.Payment(date(2024, 2, 15), "1100.16"),)
OVERDUE_DAYS = 180


def penalty_growth() -> bytes:
    """Penalty interest, compound interest and late fees while the late loan stays unpaid."""
    schedule = lc.amortize(LATE_LOAN)
    first_missed = schedule.installments[1].due_date
    days = list(range(OVERDUE_DAYS + 1))
    states = [
        assess(schedule, LATE_PAYMENTS, first_missed + timedelta(days=day), LATE_RULES)
        for day in days
    ]
    figure, axes = _figure(2, 1, (9, 7))
    due, charges = axes[0][0], axes[1][0]
    due.plot(days, [float(state.amount_due) for state in states], color="#d62728")
    due.set_ylabel("amount due now")
    due.set_title("12,000 at 18 %, unpaid from instalment 2: what the borrower owes", pad=16)
    charges.stackplot(
        days,
        [float(state.penalty_interest) for state in states],
        [float(state.compound_interest) for state in states],
        [float(state.late_fees) for state in states],
        labels=["penalty interest (27 % on overdue principal)", "compound interest", "late fees"],
        colors=["#d62728", "#9467bd", "#8c564b"],
        alpha=0.85,
    )
    charges.set_ylabel("charged for lateness")
    charges.set_xlabel(f"days past due (instalment 2 fell due on {first_missed:%Y-%m-%d})")
    charges.legend(loc="upper left")
    for ax in (due, charges):
        for start in range(30, OVERDUE_DAYS, 60):  # shade M2, M4, M6
            ax.axvspan(start, min(start + 30, OVERDUE_DAYS), color="grey", alpha=0.08)
        for start in range(0, OVERDUE_DAYS, 30):
            ax.text(
                start + 15,
                1.0,
                f"M{start // 30 + 1}",
                ha="center",
                va="bottom",
                transform=ax.get_xaxis_transform(),
                fontsize=8,
                color="grey",
            )
        ax.set_xlim(0, OVERDUE_DAYS)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        _thousands(ax.yaxis)
    return _png(figure)


def restructuring_plan() -> bytes:
    """The docs' restructuring story: what the old schedule still asked for on the day of
    the plan against what the 24-month plan asks, and the principal owed under each."""
    from loancalc.restructuring import RestructuringRules

    schedule = lc.amortize(LATE_LOAN)
    servicing = lc.ServicingRules(
        grace=lc.GracePolicy(days=3),
        penalty=lc.PenaltyPolicy(
            rate=lc.PenaltyRate(kind="multiplier", value="1.5"), compound=True
        ),
    )
    on = date(2024, 4, 24)
    state = assess(schedule, LATE_PAYMENTS, on, servicing)
    rules = RestructuringRules(
        allowed=True,
        kinds=("re-instalment",),
        waivable=("penalty-interest", "compound-interest"),
        capitalizable=("interest",),
        breach_days_past_due=30,
    )
    plan = lc.restructure(
        state, on, term=24, waive=("penalty-interest", "compound-interest"), rules=rules
    )
    old_rows = [
        (row, inst)
        for row, inst in zip(schedule.installments, state.installments, strict=True)
        if inst.outstanding.total
    ]
    new_rows = plan.schedule.installments
    figure, axes = _figure(2, 1, (10, 7.5), sharex=True)
    pay, owed = axes[0][0], axes[1][0]
    width = timedelta(days=9)
    overdue = [row for row, _ in old_rows if row.due_date <= on]
    due_later = [row for row, _ in old_rows if row.due_date > on]
    pay.bar(
        [row.due_date - width / 2 for row in overdue],
        [float(inst.outstanding.total) for row, inst in old_rows if row.due_date <= on],
        width=width,
        color="#d62728",
        label="old schedule: overdue on 2024-04-24 (with penalty and compound interest)",
    )
    pay.bar(
        [row.due_date - width / 2 for row in due_later],
        [float(row.payment) for row in due_later],
        width=width,
        color="#7f7f7f",
        label="old schedule: instalments not yet due (1,100.16)",
    )
    pay.bar(
        [row.due_date + width / 2 for row in new_rows],
        [float(row.payment) for row in new_rows],
        width=width,
        color=PRINCIPAL_COLOUR,
        label=f"24-month plan: {new_rows[0].payment:,} a month",
    )
    pay.axvline(on, color="black", linestyle=":", linewidth=1)
    pay.text(on, 1.0, " plan signed 2024-04-24", transform=pay.get_xaxis_transform(),
             va="top", fontsize=8)  # fmt: skip
    pay.set_ylabel("payment")
    pay.set_ylim(0, 1700)  # room for the legend above the bars
    pay.set_title(
        "12,000 at 18 %, 40 days overdue, re-instalmented over 24 months: payments", pad=10
    )
    pay.legend(loc="upper right", fontsize=8)
    old_principal = sum(float(inst.outstanding.principal) for _, inst in old_rows)
    not_due = float(due_later[0].opening_balance)
    owed.step(
        [on, on, *(row.due_date for row in due_later)],
        [old_principal, not_due, *(float(row.closing_balance) for row in due_later)],
        where="post",
        color="#7f7f7f",
        label=f"old schedule: {old_principal:,.2f}, of which {old_principal - not_due:,.2f} "
        "overdue (due at once), then as scheduled",
    )
    owed.step(
        [on, *(row.due_date for row in new_rows)],
        [float(plan.schedule.terms.principal), *(float(row.closing_balance) for row in new_rows)],
        where="post",
        color=PRINCIPAL_COLOUR,
        label=f"plan: {plan.schedule.terms.principal:,} (the overdue and accrued interest "
        "capitalised)",
    )
    owed.set_ylabel("principal owed")
    owed.set_title("Principal owed after each due date", pad=10)
    owed.set_ylim(bottom=0)
    owed.legend(loc="upper right", fontsize=8)
    for ax in (pay, owed):
        ax.grid(alpha=0.3)
        _thousands(ax.yaxis)
    figure.autofmt_xdate()
    return _png(figure)


#: The consumer instalment loan of the servicing page: 6,000 at 18 % over 6 months from
#: 2024-01-10; 3 days of grace, penalty 1.5x with compound interest, a late fee of 30;
#: instalment 1 paid within grace, instalment 2 paid 40 days late, nothing after.
LI_LOAN = lc.LoanTerms(principal="6000", annual_rate="18%", term=6, start=date(2024, 1, 10))
LI_RULES = lc.ServicingRules(
    grace=lc.GracePolicy(days=3),
    penalty=lc.PenaltyPolicy(rate=lc.PenaltyRate(kind="multiplier", value="1.5"), compound=True),
    late_fee=lc.LateFeePolicy(kind="fixed", amount="30"),
)
LI_PAYMENTS = (
    lc.Payment(date(2024, 2, 12), "1053.15", "Feb"),
    lc.Payment(date(2024, 4, 19), "1114.75", "Apr"),
)


def servicing_timeline() -> bytes:
    """What the late loan of the servicing page owes each day (one walk, ``assess_dates``):
    the amounts due by component, and the penalty charged against the days past due."""
    from loancalc.servicing import InstallmentStatus, assess_dates

    schedule = lc.amortize(LI_LOAN)
    first, last = LI_LOAN.start, date(2024, 9, 30)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    states = assess_dates(schedule, LI_PAYMENTS, days, LI_RULES)
    parts: dict[str, list[float]] = {"principal": [], "interest": [], "charges": [], "fees": []}
    for state in states:
        due = [
            inst.outstanding
            for inst in state.installments
            if inst.status is not InstallmentStatus.NOT_YET_DUE
        ]
        parts["principal"].append(float(sum(o.principal for o in due)))
        parts["interest"].append(float(sum(o.interest for o in due)))
        parts["charges"].append(float(sum(o.penalty_interest + o.compound_interest for o in due)))
        parts["fees"].append(float(sum(o.late_fee for o in due)))
    figure, axes = _figure(2, 1, (10, 7.5), sharex=True)
    owed, charged = axes[0][0], axes[1][0]
    owed.stackplot(
        days,
        parts["principal"],
        parts["interest"],
        parts["charges"],
        parts["fees"],
        labels=[
            "principal due",
            "interest due",
            "penalty and compound interest",
            "late fees",
        ],
        colors=[PRINCIPAL_COLOUR, INTEREST_COLOUR, "#d62728", "#8c564b"],
        alpha=0.85,
    )
    owed.set_ylabel("amount due, unpaid")
    owed.set_title(
        "6,000 at 18 % over 6 months: instalment 2 paid 40 days late, nothing after", pad=18
    )
    owed.legend(loc="upper left", fontsize=8)
    charged.plot(
        days,
        [float(state.penalty_interest + state.compound_interest) for state in states],
        color="#d62728",
        label="penalty and compound interest charged (paid or not)",
    )
    charged.set_ylabel("charged for lateness")
    dpd = charged.twinx()
    dpd.plot(
        days,
        [state.days_past_due for state in states],
        color="#7f7f7f",
        linestyle="--",
        label="days past due (right)",
    )
    dpd.set_ylabel("days past due")
    dpd.set_ylim(bottom=0)
    lines = charged.get_legend_handles_labels()
    more = dpd.get_legend_handles_labels()
    charged.legend(lines[0] + more[0], lines[1] + more[1], loc="upper left", fontsize=8)
    for ax in (owed, charged):
        for payment in LI_PAYMENTS:
            ax.axvline(payment.date, color="black", linestyle=":", linewidth=1)
        ax.set_ylim(bottom=0)
        ax.set_xlim(first, last)
        ax.grid(alpha=0.3)
        _thousands(ax.yaxis)
    for payment in LI_PAYMENTS:
        owed.text(payment.date, 1.0, f" paid {payment.amount:,}", va="bottom", fontsize=8,
                  transform=owed.get_xaxis_transform())  # fmt: skip
    figure.autofmt_xdate()
    return _png(figure)


#: File name -> drawing function. Extend this when a new chart lands.
CHARTS: dict[str, Callable[[], bytes]] = {
    "schedule-split.png": schedule_split,
    "schedule-balance.png": schedule_balance,
    "penalty-growth.png": penalty_growth,
    "restructuring-plan.png": restructuring_plan,
    "servicing-timeline.png": servicing_timeline,
}


def main(out_dir: Path = IMAGES) -> list[Path]:
    """Draw every chart into ``out_dir``; return the files whose bytes changed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, draw in CHARTS.items():
        path = out_dir / name
        data = draw()
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            changed.append(path)
    return changed


if __name__ == "__main__":
    for written in main(Path(sys.argv[1]) if len(sys.argv) > 1 else IMAGES):
        print(written)
