"""loancalc.limits: limit sets as data (rules, TOML, registry, plugins)."""

from __future__ import annotations

import importlib.metadata
import pathlib
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest

import loancalc as lc
from loancalc import limits
from loancalc.errors import InvalidTypeError, InvalidValueError, UnknownNameError
from loancalc.limits import registry
from loancalc.limits.rules import AppliesBy, LimitKind, LimitRule, LimitSet
from loancalc.products import ProductFileError, Source

D = Decimal
SOURCE = (Source(title="a source"),)


@pytest.fixture
def fresh_registry() -> object:
    saved = dict(registry._sets), dict(registry._state)
    yield None
    registry._sets.clear()
    registry._sets.update(saved[0])
    registry._state.clear()
    registry._state.update(saved[1])


def test_builtin_sets_and_their_rules() -> None:
    assert limits.names() == ["cn-licensed-lender", "cn-private-lending",
                              "fi-consumer-credit", "uk-hcstc"]  # fmt: skip
    cn = limits.get("cn-licensed-lender")
    assert [(r.id, r.kind, r.rate) for r in cn.rules] == [
        ("all-in-24", LimitKind.ALL_IN_RATE, D("0.24"))]  # fmt: skip
    assert cn.rules[0].applies_by is AppliesBy.AS_OF
    private = limits.get("cn-private-lending")
    assert [(r.id, r.rate, r.paid_rate, r.index, r.multiple) for r in private.rules] == [
        ("bands-24-36", D("0.24"), D("0.36"), None, D(1)),
        ("four-times-lpr", None, None, "LPR1Y", D(4)),
    ]
    uk = limits.get("uk-hcstc")
    assert [r.kind.value for r in uk.rules] == ["all-in-rate", "fee-cap", "total-cost"]
    for limit_set in map(limits.get, limits.names()):
        for rule in limit_set.rules:
            assert rule.sources, rule.id
            assert all(source.title.strip() for source in rule.sources)


def test_every_builtin_product_names_a_set_that_exists() -> None:
    expected = {
        "cn-bank-consumer-loan": "cn-licensed-lender",
        "cn-card-instalment": "cn-licensed-lender",
        "cn-consumer-finance-instalment": "cn-licensed-lender",
        "cn-daily-rate-credit-line": "cn-licensed-lender",
        "eu-consumer-credit": "fi-consumer-credit",
        "uk-hcstc": "uk-hcstc",
        "us-fixed-mortgage": None,
    }
    assert {name: lc.products.get(name).limits for name in lc.products.names()} == expected
    for name in filter(None, expected.values()):
        assert limits.get(name).name == name


def test_product_limits_round_trip_through_toml() -> None:
    product = lc.products.get("uk-hcstc")
    assert 'limits = "uk-hcstc"' in product.to_toml()
    assert lc.products.ProductRules.from_toml(product.to_toml()).limits == "uk-hcstc"
    with pytest.raises(InvalidValueError, match=r"^limits: got 'Not A Slug'; accepted: None"):
        product.replace(limits="Not A Slug")


@pytest.mark.parametrize(
    ("rule_date", "contract", "as_of", "expected"),
    [
        ({"applies_to": date(2020, 8, 19)}, date(2020, 8, 19), date(2024, 1, 1), True),
        ({"applies_to": date(2020, 8, 19)}, date(2020, 8, 20), date(2024, 1, 1), False),
        ({"applies_from": date(2020, 8, 20)}, date(2020, 8, 19), date(2024, 1, 1), False),
        ({"applies_from": date(2020, 8, 20)}, date(2020, 8, 20), date(2024, 1, 1), True),
        ({"applies_from": date(2017, 8, 4), "applies_by": "as-of"}, date(2016, 1, 1),
         date(2017, 8, 4), True),
        ({"applies_from": date(2017, 8, 4), "applies_by": "as-of"}, date(2018, 1, 1),
         date(2017, 8, 3), False),
    ],
)  # fmt: skip
def test_rules_apply_by_their_dates(
    rule_date: dict[str, object], contract: date, as_of: date, expected: bool
) -> None:
    rule = LimitRule(id="r", title="r", kind="forbidden", sources=SOURCE, **rule_date)  # type: ignore[arg-type]
    assert rule.applies(contract, as_of) is expected


def test_rates_per_year_per_day_and_by_index() -> None:
    year = LimitRule(id="y", title="y", kind="all-in-rate", rate="24%", sources=SOURCE)
    day = LimitRule(id="d", title="d", kind="all-in-rate", rate="0.8%", per="day", sources=SOURCE)
    lpr = limits.get("cn-private-lending").rules[1]
    assert year.annual_rate(date(2024, 1, 1), 365) == D("0.24")
    assert day.annual_rate(date(2024, 1, 1), 365) == D("2.920")  # 0.8 % x 365
    # One-year LPR: 4.20 % from 2019-09-20, 3.85 % from 2020-04-20, 3.45 % from
    # 2023-08-21 (the published table); four times each.
    assert lpr.annual_rate(date(2019, 10, 1), 360) == D("0.1680")
    assert lpr.annual_rate(date(2020, 8, 20), 360) == D("0.1540")
    assert lpr.annual_rate(date(2023, 9, 1), 360) == D("0.1380")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id": "Bad Id", "kind": "forbidden"}, r"^id: got 'Bad Id'; accepted: a lower-case slug"),
        ({"kind": "all-in-rate"}, r"^rate: got None; accepted: a rate, or an index"),
        ({"kind": "all-in-rate", "rate": "24%", "index": "LPR1Y"}, r"^rate: got Decimal\('0.24'\)"),
        ({"kind": "all-in-rate", "rate": "-1%"}, r"^rate: got '-1%'; accepted: a rate such as"),
        ({"kind": "all-in-rate", "index": "NOPE"}, r"^index: got 'NOPE'; accepted: one of .*LPR1Y"),
        ({"kind": "total-cost"}, r"^share: got None; accepted: a share of the principal"),
        ({"kind": "fee-cap", "amount": "15"}, r"^amount: got Decimal\('15'\); accepted: an"),
        ({"kind": "all-in-rate", "rate": "36%", "paid_rate": "24%"}, r"^paid_rate: got Decimal"),
        ({"kind": "forbidden", "components": ["principal"]}, r"^components: got \['principal'\]"),
        ({"kind": "forbidden", "components": []}, r"^components: got \[\]; accepted: a list"),
        ({"kind": "forbidden", "per": "week"}, r"^per: got 'week'"),
        ({"kind": "nope"}, r"^kind: got 'nope'"),
        ({"kind": "allocation-order"}, r"^order: got None; accepted: an allocation strategy"),
        ({"kind": "forbidden", "order": "overdue-interest-first"}, r"^order: got 'overdue-int"),
        ({"kind": "allocation-order", "order": "x"}, r"^order: got 'x'; accepted: an allocation"),
        ({"kind": "forbidden", "applies_from": date(2024, 1, 2), "applies_to": date(2024, 1, 1)},
         r"^applies_to: got datetime.date\(2024, 1, 1\); accepted: a date on or after"),
        ({"kind": "forbidden", "sources": ()}, r"^sources: got \[\]; accepted: a list of at least"),
    ],
)  # fmt: skip
def test_bad_rules_name_field_value_and_accepted(fields: dict[str, object], message: str) -> None:
    values: dict[str, Any] = {"id": "r", "title": "t", "sources": SOURCE, **fields}
    with pytest.raises(InvalidValueError, match=message):
        LimitRule(**values)


def test_bad_sets() -> None:
    rule = LimitRule(id="r", title="t", kind="forbidden", sources=SOURCE)
    with pytest.raises(InvalidValueError, match=r"^rules: got \['r', 'r'\]; accepted: .*each id"):
        LimitSet(name="x", description="x", jurisdiction="CN", rules=(rule, rule))
    with pytest.raises(InvalidTypeError, match=r"^rules\[0\]: got 1; accepted: a LimitRule"):
        LimitSet(name="x", description="x", jurisdiction="CN", rules=(1,))


def test_toml_round_trip_and_load(tmp_path: pathlib.Path, fresh_registry: object) -> None:
    for name in limits.names():
        assert limits.from_toml(limits.to_toml(limits.get(name))) == limits.get(name)
    mine = attrs.evolve(limits.get("cn-licensed-lender"), name="my-limits", default=False)
    path = tmp_path / "mine.toml"
    path.write_text(limits.to_toml(mine), encoding="utf-8")
    assert limits.load(path) == mine
    assert limits.get("my-limits") == mine
    with pytest.raises(InvalidValueError, match="a name not yet registered"):
        limits.load(path)
    assert limits.load(path, replace=True) == mine
    assert limits.unregister("my-limits") == mine
    with pytest.raises(UnknownNameError, match=r"^limits: got 'my-limits'"):
        limits.get("my-limits")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = ", r"^x.toml: \(toml\): got 'name = '; accepted: valid TOML"),
        ('name = "x"', r"^x.toml: \(limits\): got \{'name': 'x'\}; accepted: .*missing descr"),
        ('name = "x"\ndescription = "d"\njurisdiction = "CN"\nrules = []\n',
         r"^x.toml: rules: got \[\]; accepted: a list of at least one LimitRule"),
        ('name = "x"\ndescription = "d"\njurisdiction = "CN"\n[[rules]]\nid = "r"\n'
         'title = "t"\nkind = "forbidden"\ncolour = "red"\n',
         r"^x.toml: rules\[0\].colour: got 'red'; accepted: one of the keys"),
        ('name = "x"\ndescription = "d"\njurisdiction = "CN"\n[[rules]]\nid = "r"\n'
         'title = "t"\nkind = "all-in-rate"\nrate = "abc"\n[[rules.sources]]\ntitle = "s"\n',
         r"^x.toml: rules\[0\].rate: got 'abc'; accepted: a rate such as"),
    ],
)  # fmt: skip
def test_bad_toml_names_file_key_and_accepted(text: str, message: str) -> None:
    with pytest.raises(ProductFileError, match=message):
        limits.from_toml(text, source="x.toml")


def test_plugins_register_sets_and_broken_ones_are_skipped(
    monkeypatch: pytest.MonkeyPatch, fresh_registry: object
) -> None:
    good = attrs.evolve(limits.get("uk-hcstc"), name="plugin-limits")

    class Entry:
        def __init__(self, name: str, value: object) -> None:
            self.name, self.value = name, value

        def load(self) -> object:
            if isinstance(self.value, BaseException):
                raise self.value
            return self.value

    entries = [Entry("good", lambda: [good]), Entry("bad", SystemExit(3)),
               Entry("clash", limits.get("uk-hcstc"))]  # fmt: skip

    def fake(group: str) -> list[Entry]:
        assert group == "loancalc.limits"
        return entries

    monkeypatch.setattr(importlib.metadata, "entry_points", fake)
    registry._sets.clear()
    registry._state["loaded"] = False
    with pytest.warns(registry.LimitPluginWarning) as warned:
        assert "plugin-limits" in limits.names()
    messages = [str(w.message) for w in warned]
    assert any("'bad' skipped: SystemExit: 3" in m for m in messages)
    assert any("'clash' skipped" in m for m in messages)
    assert limits.get("uk-hcstc") != good


def test_register_refuses_what_is_not_a_set() -> None:
    with pytest.raises(InvalidTypeError, match=r"^limits: got 'x'; accepted: a loancalc.limits"):
        limits.register("x")  # type: ignore[arg-type]


def test_default_for_a_jurisdiction() -> None:
    assert limits.default_for("CN") == limits.get("cn-licensed-lender")
    assert limits.default_for("FI") == limits.get("fi-consumer-credit")
    assert limits.default_for("US") is None
