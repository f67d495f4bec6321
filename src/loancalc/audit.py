"""What is lawfully owed: :func:`audit` compares a loan's contract figures with the legal
limits that apply to it, and with what the lender claims.

The README's late loan (12,000 at 18 % over 12 months from 2024-01-15, product
``cn-consumer-finance-instalment``; instalment 2, due 2024-03-15, unpaid on 2024-03-25)
under the Chinese courts' 24 % all-in cap. On the scheduled basis the overdue principal
933.96 bears no contract interest after its due date, so the penalty (27 %) and the
compound interest together may cost 24 % a year on it: 933.96 x 24 % x 10 / 360 = 6.2264,
6.23 rounded up. Charged: penalty 7.00 + compound 1.25 = 8.25, so 2.02 is above the cap,
taken from the most junior charge first: all of the compound interest (1.25), then 0.77
of the penalty (7.00 - 0.77 = 6.23):

>>> from loancalc import Payment, amortize, assess, products
>>> rules = products.get("cn-consumer-finance-instalment")
>>> loan = amortize(rules.terms(principal="12000", annual_rate="18%", term=12,
...                             start=date(2024, 1, 15)))
>>> state = assess(loan, [Payment(date(2024, 2, 15), "1100.16")], date(2024, 3, 25), rules)
>>> result = audit(state)
>>> for f in result.findings:
...     print(f.rule, f.component.value, f.charged, f.lawful, f.excess, *f.period)
all-in-24 compound-interest 1.25 0.00 1.25 2024-03-15 2024-03-25
all-in-24 penalty-interest 7.00 6.23 0.77 2024-03-15 2024-03-25
>>> result.contract_balance, result.lawful_balance, result.excess
(Decimal('12110.04'), Decimal('12108.02'), Decimal('2.02'))
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from loancalc import export
from loancalc._audit_choice import limits_for, resolve
from loancalc._audit_claims import Claim, claim_items, load_claim_csv, parse_claim_csv, to_claim
from loancalc._audit_measure import measure
from loancalc._audit_order import reallocated
from loancalc._audit_rules import cuts
from loancalc.errors import InvalidTypeError
from loancalc.limits.rules import LimitKind, LimitRule, LimitSet
from loancalc.money import CONTEXT
from loancalc.servicing import LoanState
from loancalc.servicing.components import Component

__all__ = [
    "COLUMNS",
    "Audit",
    "Claim",
    "Finding",
    "audit",
    "limits_for",
    "load_claim_csv",
    "parse_claim_csv",
    "to_claim",
]

_FORMAT = "loancalc.audit/1"
_ZERO = Decimal(0)
#: The columns of :meth:`Audit.rows` and of the CSV, in order (``rule``: the id a program
#: reads; ``title``: the rule's human title).
COLUMNS = ("rule", "kind", "component", "start", "end", "charged", "lawful", "excess", "unit",
           "source", "note", "title")  # fmt: skip
_CLAIM_SOURCE = "the contract, as loancalc computes it from the loan's terms and payments"
#: The titles of the claimed figures that are not a component (``claim-<item>``).
_CLAIM_TITLES = {
    "overdue-amount": "the overdue amount claimed",
    "days-past-due": "the days past due claimed",
    "total": "the total claimed to close the loan",
}


def _to_component(value: object) -> Component | None:
    return None if value is None else Component.parse(value)


@attrs.frozen(kw_only=True)
class Finding:
    """One thing the audit found.

    ``rule``: the limit's id (``kind`` ``"limit"``: a charge above a limit, or
    ``"allocation"``: payments allocated against a mandated order) or the claimed item
    (``kind`` ``"claim"``: ``claim-overdue-amount``, ``claim-days-past-due``,
    ``claim-total``, ``claim-<component>``); ``source``: where the rule comes from;
    ``component``: the charge concerned (None for an allocation, or a claimed figure
    that is not one); ``period``: ``(start, end)``; ``charged`` (for an allocation, the
    balance under the contract's order; for a claim, what is claimed), ``lawful`` (the
    balance under the mandated order; what the contract supports) and ``excess =
    charged - lawful > 0``; ``unit``: ``"money"`` or ``"days"``; ``note``: how it was
    measured; ``title``: the rule's human title (a claim's: what was claimed), which the
    reports show where ``rule`` is the id a program reads.

    >>> f = Finding(rule="r", kind="limit", source="s", component="罚息",
    ...             period=(date(2024, 3, 15), date(2024, 3, 25)), charged=Decimal("7.00"),
    ...             lawful=Decimal("6.23"), excess=Decimal("0.77"))
    >>> f.component.value, f.row()[5:8]
    ('penalty-interest', (Decimal('7.00'), Decimal('6.23'), Decimal('0.77')))
    """

    rule: str
    kind: str
    source: str
    component: Component | None = attrs.field(converter=_to_component)
    period: tuple[date, date]
    charged: Decimal
    lawful: Decimal
    excess: Decimal
    unit: str = "money"
    note: str = ""
    title: str = ""

    @property
    def label(self) -> str:
        """What a person reads for the rule: its ``title``, or the id when it has none.

        >>> f = Finding(rule="all-in-24", kind="limit", source="s", component=None,
        ...             period=(date(2024, 3, 15), date(2024, 3, 25)), charged=Decimal(1),
        ...             lawful=Decimal(0), excess=Decimal(1), title="at most 24 % a year")
        >>> f.label, attrs.evolve(f, title="").label
        ('at most 24 % a year', 'all-in-24')
        """
        return self.title or self.rule

    def row(self) -> tuple[Any, ...]:
        """The finding as a tuple in :data:`COLUMNS` order.

        >>> f = Finding(rule="all-in-24", kind="limit", source="s", component=None,
        ...             period=(date(2024, 3, 15), date(2024, 3, 25)), charged=Decimal("7.00"),
        ...             lawful=Decimal("6.23"), excess=Decimal("0.77"))
        >>> f.row()[:3], f.row()[5:8]
        (('all-in-24', 'limit', None), (Decimal('7.00'), Decimal('6.23'), Decimal('0.77')))
        """
        component = None if self.component is None else self.component.value
        return (self.rule, self.kind, component, self.period[0], self.period[1], self.charged,
                self.lawful, self.excess, self.unit, self.source, self.note,
                self.title)  # fmt: skip


@attrs.frozen(kw_only=True)
class Audit:
    """The result of :func:`audit`.

    ``contract_balance``: the state's ``total_outstanding``; ``excess``: the sum of the
    limit and allocation findings' excess; ``lawful_balance = contract_balance - excess`` (negative
    when more was paid than is lawfully owed: money owed back); ``claimed_excess``: the
    sum of the claim findings' money excess (apart: a claim is not the contract).
    ``limits``: the set applied (None: none applied); ``rules``: the ids of its rules
    that apply to the loan.

    >>> Audit(as_of=date(2024, 1, 1), limits=None, contract_balance=Decimal("5.00"),
    ...       lawful_balance=Decimal("5.00")).text().splitlines()[0]
    'Audit on 2024-01-01: no limit set applies'
    """

    as_of: date
    limits: str | None
    contract_balance: Decimal
    lawful_balance: Decimal
    excess: Decimal = _ZERO
    claimed_excess: Decimal = _ZERO
    findings: tuple[Finding, ...] = ()
    rules: tuple[str, ...] = ()

    def rows(self) -> list[tuple[Any, ...]]:
        """One tuple per finding in :data:`COLUMNS` order.

        >>> empty = Audit(as_of=date(2024, 1, 1), limits=None,
        ...               contract_balance=Decimal("5.00"), lawful_balance=Decimal("5.00"))
        >>> empty.rows()
        []
        """
        return [finding.row() for finding in self.findings]

    def to_csv(self) -> str:
        """CSV: a header of :data:`COLUMNS`, then one line per finding.

        >>> Audit(as_of=date(2024, 1, 1), limits=None, contract_balance=Decimal(0),
        ...       lawful_balance=Decimal(0)).to_csv().splitlines()[0]
        'rule,kind,component,start,end,charged,lawful,excess,unit,source,note,title'
        """
        return export.to_csv(COLUMNS, self.rows())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values (amounts and dates as strings).

        >>> Audit(as_of=date(2024, 1, 1), limits=None, contract_balance=Decimal(0),
        ...       lawful_balance=Decimal(0)).to_dict()["format"]
        'loancalc.audit/1'
        """
        value = export.json_value
        return {
            "format": _FORMAT,
            "as_of": value(self.as_of),
            "limits": self.limits,
            "rules": list(self.rules),
            "contract_balance": value(self.contract_balance),
            "lawful_balance": value(self.lawful_balance),
            "excess": value(self.excess),
            "claimed_excess": value(self.claimed_excess),
            "findings": [
                {name: value(cell) for name, cell in zip(COLUMNS, row, strict=True)}
                for row in self.rows()
            ],
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """:meth:`to_dict` as JSON text.

        >>> empty = Audit(as_of=date(2024, 1, 1), limits=None,
        ...               contract_balance=Decimal("5.00"), lawful_balance=Decimal("5.00"))
        >>> '"lawful_balance": "5.00"' in empty.to_json()
        True
        """
        return export.to_json(self.to_dict(), indent=indent)

    def text(self) -> str:
        """The findings as a table for people, each under its rule's title (last, the
        widest), with the balances and the sources below.

        >>> empty = Audit(as_of=date(2024, 1, 1), limits=None,
        ...               contract_balance=Decimal("5.00"), lawful_balance=Decimal("5.00"))
        >>> print(empty.text().splitlines()[-1])
        Contract balance 5.00; above the limits 0; lawful balance 5.00.
        """
        applied = f"limits {self.limits}" if self.limits else "no limit set applies"
        title = f"Audit on {self.as_of.isoformat()}: {applied}"
        header = ["Component", "From", "To", "Charged", "Lawful", "Excess", "Unit", "Rule"]
        body = [
            ["" if f.component is None else f.component.value, f.period[0], f.period[1],
             f.charged, f.lawful, f.excess, f.unit, f.label]
            for f in self.findings
        ]  # fmt: skip
        show = export.display_text
        notes = [] if body else ["No findings."]
        notes += [
            f"Contract balance {show(self.contract_balance)}; above the limits "
            f"{show(self.excess)}; lawful balance {show(self.lawful_balance)}.",
        ]
        if self.claimed_excess:
            notes.append(f"Claimed beyond the contract: {show(self.claimed_excess)}.")
        seen: list[str] = []
        for f in self.findings:
            line = f"{f.label}: {f.note} ({f.source})" if f.note else f"{f.label}: {f.source}"
            if line not in seen:
                seen.append(line)
        notes += seen
        return export.text_table(header, body, title=title, notes=notes, left=[0, 6, 7])

    def __str__(self) -> str:
        return self.text()


def audit(state: LoanState, limits: object = None, claimed: object = None) -> Audit:
    """The lawful balance of the loan of ``state`` and the findings that explain it.

    ``limits``: a :class:`~loancalc.limits.LimitSet`, its registered name, a product
    (its set), or None: the set :func:`limits_for` finds (no findings if none). Each
    rule of the set that applies to the loan (by its dates) is applied in order to
    what the rules before it left lawful; see ``docs/audit.md`` for how each kind is
    measured. ``claimed``: what the lender claims, a :class:`Claim` (or anything
    :func:`to_claim` reads: a mapping of figures, a statement
    CSV's path, an amount owed now); each claimed figure above the contract's is
    a finding of kind ``"claim"``.

    >>> audit("not a state")
    Traceback (most recent call last):
    loancalc.errors.InvalidTypeError: state: got 'not a state'; accepted: a loancalc.LoanState ...
    """
    if not isinstance(state, LoanState):
        raise InvalidTypeError("state", state, "a loancalc.LoanState (from lc.assess)")
    claim = to_claim(claimed)
    chosen = resolve(state, limits)
    findings: list[Finding] = []
    applied: list[str] = []
    contract = state.total_outstanding
    if chosen is not None:
        findings, applied = _limit_findings(state, chosen)
    with decimal.localcontext(CONTEXT):
        excess = sum((f.excess for f in findings), _ZERO)
        claim_found = _claims(state, claim)
        claimed_excess = sum((f.excess for f in claim_found if f.unit == "money"), _ZERO)
        lawful_balance = contract - excess
    return Audit(
        as_of=state.as_of,
        limits=None if chosen is None else chosen.name,
        contract_balance=contract,
        lawful_balance=lawful_balance,
        excess=excess,
        claimed_excess=claimed_excess,
        findings=(*findings, *claim_found),
        rules=tuple(applied),
    )


def _source(rule: LimitRule) -> str:
    return "; ".join(s.title if s.url is None else f"{s.title} <{s.url}>" for s in rule.sources)


def _limit_findings(state: LoanState, chosen: LimitSet) -> tuple[list[Finding], list[str]]:
    """The findings of the rules of ``chosen`` that apply, and their ids. An
    allocation-order rule goes first: the others measure the loan as re-allocated."""
    contract, as_of = state.schedule.terms.start, state.as_of
    rules = [rule for rule in chosen.rules if rule.applies(contract, as_of)]
    rules.sort(key=lambda rule: rule.kind is not LimitKind.ALLOCATION_ORDER)  # stable
    findings: list[Finding] = []
    measured = state
    for rule in rules:
        if rule.kind is LimitKind.ALLOCATION_ORDER:
            moved, less = reallocated(measured, rule)
            if less:
                note = f"payments allocated in the order {rule.order} leave {less} less owed"
                findings.append(Finding(rule=rule.id, kind="allocation", source=_source(rule),
                                        component=None, period=(contract, as_of),
                                        charged=measured.total_outstanding,
                                        lawful=moved.total_outstanding, excess=less,
                                        note=note, title=rule.title))  # fmt: skip
            measured = moved
    m = measure(measured)
    lawful = dict(m.costs)
    for rule in rules:
        for cut in cuts(rule, m, lawful, measured):
            before = lawful[cut.component]
            with decimal.localcontext(CONTEXT):
                lawful[cut.component] = before - cut.excess
            findings.append(Finding(rule=rule.id, kind="limit", source=_source(rule),
                                    component=cut.component, period=(cut.start, cut.end),
                                    charged=before, lawful=before - cut.excess,
                                    excess=cut.excess, note=cut.note,
                                    title=rule.title))  # fmt: skip
    return findings, [rule.id for rule in rules]


def _claims(state: LoanState, claimed: Claim | None) -> list[Finding]:
    if claimed is None:
        return []
    found = []
    period = (state.schedule.terms.start, state.as_of)
    for item, unit, claim, contract in claim_items(claimed, state):
        if claim <= contract:
            continue
        component = item if item in {c.value for c in Component} else None
        note = f"claimed {claim}, the contract supports {contract}"
        title = _CLAIM_TITLES.get(item, f"the {item} claimed")
        found.append(Finding(rule=f"claim-{item}", kind="claim", source=_CLAIM_SOURCE,
                             component=component, period=period, charged=claim,
                             lawful=contract, excess=claim - contract, unit=unit,
                             note=note, title=title))  # fmt: skip
    return found
