"""The report of an audit (:class:`~loancalc.audit.Audit`): what is lawfully owed under
the legal limits that apply, and each charge above a limit with its source.

>>> from datetime import date
>>> from loancalc import Payment, amortize, assess, audit, products
>>> rules = products.get("cn-consumer-finance-instalment")
>>> loan = amortize(rules.terms(principal="12000", annual_rate="18%", term=12,
...                             start=date(2024, 1, 15)))
>>> state = assess(loan, [Payment(date(2024, 2, 15), "1100.16")], date(2024, 3, 25), rules)
>>> report = audit_report(audit(state), "zh")
>>> report.fact("lawful_balance").value, report.fact("excess").value
('12,108.02', '2.02')
>>> report.tables[0].rows[1][0], report.tables[0].rows[1][-1][:12]
('罚息', '利息、复利、罚息、滞纳金')
"""

from __future__ import annotations

from loancalc.audit import Audit, Finding
from loancalc.limits._source_words import limit_text
from loancalc.locale import N_, translation
from loancalc.reports.model import Fact, Report, Table
from loancalc.reports.words import Gettext, amount_text, source_text
from loancalc.servicing.components import Component

__all__ = ["CLAIM_WORDS", "audit_report", "component_word", "rule_title"]

#: The titles of the claimed figures that are not a component, as the audit writes them.
CLAIM_WORDS = (
    N_("the overdue amount claimed"),
    N_("the days past due claimed"),
    N_("the total claimed to close the loan"),
)


def component_word(_: Gettext, component: Component | None) -> str:
    """The name of a charge's component for people (empty for none).

    >>> from loancalc.locale import translation
    >>> component_word(translation("zh").gettext, Component.COMPOUND_INTEREST)
    '复利'
    """
    if component is None:
        return ""
    words = {
        Component.PRINCIPAL: _("Principal"),
        Component.INTEREST: _("Interest"),
        Component.FEE: _("Fees"),
        Component.PENALTY_INTEREST: _("Penalty interest"),
        Component.COMPOUND_INTEREST: _("Compound interest"),
        Component.LATE_FEE: _("Late fees"),
    }
    return words[component]


def rule_title(_: Gettext, finding: Finding) -> str:
    """The title of a finding's rule in the language of ``_`` (a claim: what was
    claimed); a rule without a title is named by its id.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from loancalc.locale import translation
    >>> claim = Finding(rule="claim-late-fee", kind="claim", source="s", component="late-fee",
    ...                 period=(date(2024, 1, 1), date(2024, 2, 1)), charged=Decimal(9),
    ...                 lawful=Decimal(5), excess=Decimal(4), title="the late-fee claimed")
    >>> rule_title(translation("zh").gettext, claim)
    '贷款方声称的滞纳金'
    """
    if finding.kind == "claim" and finding.component is not None:
        return _("{charge} claimed").format(charge=component_word(_, finding.component))
    if finding.kind == "claim":
        return _(finding.label)
    return limit_text(_, finding.label)


def _figure(finding: Finding, value: object) -> str:
    return str(value) if finding.unit == "days" else amount_text(value)  # type: ignore[arg-type]


def audit_report(result: Audit, lang: str = "en") -> Report:
    """The audit on ``result.as_of``: the limit set applied, the contract balance, what is
    above the limits and the lawful balance; one row per finding (charge, period,
    charged, lawful, excess, and the rule's title, last: the widest); each rule's source
    as a note, after its title.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> empty = Audit(as_of=date(2024, 1, 1), limits=None,
    ...               contract_balance=Decimal("5.00"), lawful_balance=Decimal("5.00"))
    >>> audit_report(empty).fact("limits").value
    'none applies'
    """
    _ = translation(lang).gettext
    claimed = any(finding.kind == "claim" for finding in result.findings)
    facts = [
        Fact(key="as_of", label=_("Audited on"), value=result.as_of.isoformat()),
        Fact(key="limits", label=_("Legal limits"), value=result.limits or _("none applies")),
        Fact(
            key="contract_balance",
            label=_("Contract balance"),
            value=amount_text(result.contract_balance),
        ),
        Fact(key="excess", label=_("Above the limits"), value=amount_text(result.excess)),
        Fact(
            key="lawful_balance",
            label=_("Lawful balance"),
            value=amount_text(result.lawful_balance),
        ),
    ]
    if claimed:
        facts.append(
            Fact(
                key="claimed_excess",
                label=_("Claimed beyond the contract"),
                value=amount_text(result.claimed_excess),
            )
        )
    rows = tuple(
        (
            component_word(_, finding.component),
            finding.period[0].isoformat(),
            finding.period[1].isoformat(),
            _figure(finding, finding.charged),
            _figure(finding, finding.lawful),
            _figure(finding, finding.excess),
            rule_title(_, finding),
        )
        for finding in result.findings
    )
    table = Table(
        key="findings",
        caption=_("Findings"),
        header=(_("Charge"), _("From"), _("To"), _("Charged"), _("Lawful"), _("Excess"),
                _("Rule")),
        rows=rows,
        left=(0, 1, 2, 6),
    )  # fmt: skip
    sources = dict.fromkeys(
        f"{rule_title(_, finding)}: {source_text(_, finding.source)}" for finding in result.findings
    )
    return Report(
        kind="audit",
        lang=lang,
        title=_("Audit on {date}").format(date=result.as_of.isoformat()),
        facts=tuple(facts),
        tables=(table,),
        notes=tuple(sources),
    )
