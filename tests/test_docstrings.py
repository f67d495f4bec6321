"""Every public function, class and method shows a doctested example."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator

import loancalc


def _public_modules() -> Iterator[object]:
    yield loancalc
    for info in pkgutil.walk_packages(loancalc.__path__, "loancalc."):
        if not info.name.rsplit(".", 1)[-1].startswith("_"):
            yield importlib.import_module(info.name)


def _public_callables() -> Iterator[tuple[str, object]]:
    for module in _public_modules():
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if not (inspect.isfunction(value) or inspect.isclass(value)):
                continue
            if value.__module__ != module.__name__:  # re-exported: checked where defined
                continue
            yield f"{module.__name__}.{name}", value
            if inspect.isclass(value):
                for attribute, member in vars(value).items():
                    function = getattr(member, "__func__", member)
                    if not attribute.startswith("_") and inspect.isfunction(function):
                        yield f"{module.__name__}.{name}.{attribute}", function


def test_every_public_callable_has_a_doctest_example() -> None:
    names = [name for name, _ in _public_callables()]
    assert len(names) > 50  # the walk found the API, not an empty list
    missing = [name for name, value in _public_callables() if ">>>" not in (value.__doc__ or "")]
    assert missing == []


def test_package_all_names_exist_and_are_sorted() -> None:
    assert all(hasattr(loancalc, name) for name in loancalc.__all__)
    assert list(loancalc.__all__) == sorted(loancalc.__all__)
