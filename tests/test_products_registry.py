"""The product registry: register, replace, get, names, load, and plugins through a real
(fake) distribution found by importlib.metadata."""

from __future__ import annotations

import sys
import textwrap
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

import loancalc as lc
from loancalc.products import ProductPluginError, ProductRules, registry
from loancalc.products.registry import ProductPluginWarning

BUILTINS = [
    "cn-bank-consumer-loan",
    "cn-card-instalment",
    "cn-consumer-finance-instalment",
    "cn-daily-rate-credit-line",
    "eu-consumer-credit",
    "uk-hcstc",
    "us-fixed-mortgage",
]


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    """Every test starts from, and leaves, a registry that has not looked anything up."""
    registry._reset()
    yield
    registry._reset()


def make_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry_points: str) -> None:
    """Install a fake distribution ``acme-products`` on ``sys.path``: a dist-info folder
    with METADATA and entry_points.txt, next to its modules."""
    dist = tmp_path / "acme_products-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: acme-products\nVersion: 1.0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        "[loancalc.products]\n" + textwrap.dedent(entry_points), encoding="utf-8"
    )
    (tmp_path / "acme_products.py").write_text(
        textwrap.dedent(
            """
            from pathlib import Path
            import loancalc as lc

            BASE = lc.products.get("cn-consumer-finance-instalment")
            RULES = BASE.replace(name="acme-loan", description="Acme loan", annual_rate="12%")

            def several():
                return [BASE.replace(name="acme-a", description="A"),
                        BASE.replace(name="acme-b", description="B")]

            FILE = str(Path(__file__).with_name("acme_file.toml"))
            BAD_FILE = str(Path(__file__).with_name("acme_bad.toml"))
            CLASH = BASE.replace(description="a plugin trying to replace a built-in")
            NOT_RULES = 42
            """
        ),
        encoding="utf-8",
    )
    text = lc.products.get("us-fixed-mortgage").replace(name="acme-file").to_toml()
    (tmp_path / "acme_file.toml").write_text(text, encoding="utf-8")
    bad = text.replace("[servicing.grace]\n", "[servicing.grace]\nweeks = 2\n")
    (tmp_path / "acme_bad.toml").write_text(bad, encoding="utf-8")
    (tmp_path / "acme_broken.py").write_text("raise ImportError('acme is broken')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for module in ("acme_products", "acme_broken"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    registry._reset()


# --- built-ins, get, names ----------------------------------------------------------------


def test_the_six_builtins_are_there() -> None:
    assert lc.products.names() == BUILTINS
    assert lc.products.broken() == {}
    for name in BUILTINS:
        rules = lc.products.get(name)
        assert rules.name == name
        assert rules.sources  # every built-in carries its sources


def test_builtin_file_names_match_product_names() -> None:
    import importlib.resources

    folder = importlib.resources.files("loancalc.products") / "builtin"
    files = sorted(item.name for item in folder.iterdir() if item.name.endswith(".toml"))
    assert files == [f"{name}.toml" for name in BUILTINS]


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(lc.UnknownNameError) as caught:
        lc.products.get("cn-payday-loan")
    assert caught.value.field == "product"
    assert all(name in str(caught.value) for name in BUILTINS)
    assert isinstance(caught.value, lc.LoanCalcError)


def test_get_passes_product_rules_through() -> None:
    rules = lc.products.get("eu-consumer-credit")
    assert lc.products.get(rules) is rules
    assert lc.products.get(" EU-Consumer-Credit ") is rules


# --- register and replace -----------------------------------------------------------------


def test_register_adds_a_product() -> None:
    mine = lc.products.get("cn-bank-consumer-loan").replace(name="my-loan", description="Mine")
    assert lc.products.register(mine) is mine
    assert lc.products.get("my-loan") is mine
    assert "my-loan" in lc.products.names()


def test_register_refuses_a_taken_name_without_replace() -> None:
    builtin = lc.products.get("cn-bank-consumer-loan")
    changed = builtin.replace(annual_rate="5%")
    with pytest.raises(lc.InvalidValueError, match="product: got 'cn-bank-consumer-loan'"):
        lc.products.register(changed)
    assert lc.products.get("cn-bank-consumer-loan") is builtin
    assert lc.products.register(changed, replace=True) is changed
    assert lc.products.get("cn-bank-consumer-loan") is changed


def test_register_refuses_other_values() -> None:
    with pytest.raises(lc.InvalidValueError, match="ProductRules"):
        lc.products.register({"name": "x"})  # type: ignore[arg-type]


def test_load_registers_a_file(tmp_path: Path) -> None:
    text = lc.products.get("eu-consumer-credit").replace(name="eu-loan").to_toml()
    path = tmp_path / "eu-loan.toml"
    path.write_text(text, encoding="utf-8")
    loaded = lc.products.load(path)
    assert lc.products.get("eu-loan") is loaded
    with pytest.raises(lc.InvalidValueError, match="not yet registered"):
        lc.products.load(path)
    assert lc.products.load(str(path), replace=True) == loaded


# --- plugins ------------------------------------------------------------------------------


def test_plugins_are_discovered_lazily(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_plugin(
        tmp_path,
        monkeypatch,
        """
        acme-loan = acme_products:RULES
        acme-several = acme_products:several
        acme-file = acme_products:FILE
        """,
    )
    assert registry._state["plugins"] is False  # nothing looked up yet
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no plugin may warn
        names = lc.products.names()
    assert names == sorted([*BUILTINS, "acme-a", "acme-b", "acme-file", "acme-loan"])
    assert lc.products.get("acme-loan").annual_rate == lc.to_decimal("0.12")
    assert lc.products.get("acme-b").description == "B"
    assert lc.products.get("acme-file").servicing.grace.days == 15


def test_a_broken_plugin_is_reported_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_plugin(
        tmp_path,
        monkeypatch,
        """
        acme-broken = acme_broken:RULES
        acme-bad-file = acme_products:BAD_FILE
        acme-not-rules = acme_products:NOT_RULES
        acme-missing = acme_products:MISSING
        acme-loan = acme_products:RULES
        """,
    )
    with pytest.warns(ProductPluginWarning, match="skipped") as caught:
        names = lc.products.names()
    messages = "\n".join(str(warning.message) for warning in caught)
    for plugin in ("acme-broken", "acme-bad-file", "acme-not-rules", "acme-missing"):
        assert f"plugin {plugin!r} skipped" in messages
    # the others still work
    assert names == sorted([*BUILTINS, "acme-loan"])
    assert lc.products.get("cn-card-instalment").name == "cn-card-instalment"
    # a broken plugin's name gives its error
    with pytest.raises(ProductPluginError, match="ImportError: acme is broken") as error:
        lc.products.get("acme-broken")
    assert error.value.plugin == "acme-broken"
    assert isinstance(error.value, lc.LoanCalcError)
    with pytest.raises(ProductPluginError) as error:
        lc.products.get("acme-bad-file")
    assert "acme_bad.toml" in error.value.reason
    assert "servicing.grace.weeks" in error.value.reason  # the file and the key
    with pytest.raises(ProductPluginError, match="got 42"):
        lc.products.get("acme-not-rules")
    assert set(lc.products.broken()) == {
        "acme-broken",
        "acme-bad-file",
        "acme-not-rules",
        "acme-missing",
    }


def test_a_plugin_cannot_silently_replace_a_builtin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_plugin(tmp_path, monkeypatch, "acme-clash = acme_products:CLASH\n")
    with pytest.warns(ProductPluginWarning, match="already registered"):
        rules = lc.products.get("cn-consumer-finance-instalment")
    assert rules.description != "a plugin trying to replace a built-in"


def test_registering_a_fixed_product_clears_the_broken_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_plugin(tmp_path, monkeypatch, "acme-broken = acme_broken:RULES\n")
    with pytest.warns(ProductPluginWarning, match="acme-broken"):
        lc.products.names()
    fixed = lc.products.get("cn-bank-consumer-loan").replace(name="acme-broken")
    lc.products.register(fixed)
    assert lc.products.get("acme-broken") is fixed
    assert lc.products.broken() == {}


def test_products_from_rejects_other_objects() -> None:
    assert registry._products_from(lc.products.get("us-fixed-mortgage"), "x")[0].name == (
        "us-fixed-mortgage"
    )
    with pytest.raises(lc.InvalidValueError, match="entry point 'x'"):
        registry._products_from(3.5, "x")
    assert registry._products_from(lambda: [], "x") == []
    found = registry._products_from(lambda: (lc.products.get("eu-consumer-credit"),), "x")
    assert [type(item) for item in found] == [ProductRules]
