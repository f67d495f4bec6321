"""MkDocs hooks (``hooks:`` in mkdocs.yml).

- ``on_pre_build`` draws the charts: it runs before MkDocs collects the files of
  ``docs/``, so the PNGs that ``tools/docs/charts.py`` writes into ``docs/images/``
  exist when pages reference them.
- ``on_page_markdown`` replaces the marker ``<!-- loancalc-names -->`` with a table of
  every name in ``loancalc.__all__``, each a cross-reference to where it is documented
  (a name documented nowhere is an unresolved reference), and checks that ``cli.md``
  names every subcommand of the console script as ``loancalc NAME`` in backquotes.
- ``on_page_content`` checks that each API page shows every name of its module's
  ``__all__``.

Each failed check is a warning, so ``mkdocs build --strict`` fails: the site cannot
silently miss a public name or a subcommand.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import logging
import re
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.loancalc")


def on_pre_build(config: Any, **kwargs: Any) -> None:
    """Regenerate ``docs/images/*.png`` from the library."""
    script = Path(__file__).with_name("charts.py")
    spec = importlib.util.spec_from_file_location("loancalc_docs_charts", script)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {script}")
    charts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(charts)
    changed = charts.main(Path(config["docs_dir"]) / "images")
    log.info("charts: %d drawn, %d changed", len(charts.CHARTS), len(changed))


NAMES_MARKER = "<!-- loancalc-names -->"
_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")


def _summary(obj: object) -> str:
    """The first sentence of ``obj``'s docstring, as Markdown on one line."""
    doc = inspect.getdoc(obj) or ""
    first = doc.split("\n\n", 1)[0].replace("\n", " ").strip()
    first = _ROLE.sub(lambda match: f"`{match.group(1).rsplit('.', 1)[-1]}`", first)
    return first.replace("``", "`").replace("|", "\\|")


def names_table() -> str:
    """A Markdown table of ``loancalc.__all__``: name, kind, summary, linked to its docs."""
    import loancalc

    rows = ["| Name | Kind | Summary |", "|---|---|---|"]
    for name in loancalc.__all__:
        obj = getattr(loancalc, name)
        if inspect.ismodule(obj):  # a module's page is api/<module>.md, beside this one
            page = obj.__name__.removeprefix("loancalc.").replace(".", "_")
            rows.append(f"| [`{name}`]({page}.md) | module | {_summary(obj)} |")
            continue
        if inspect.isclass(obj) or inspect.isfunction(obj):
            identifier = f"{obj.__module__}.{obj.__qualname__}"
            kind = "function" if inspect.isfunction(obj) else "class"
        else:
            rows.append(f"| `{name}` | {type(obj).__name__} | `{obj!r}` |")
            continue
        rows.append(f"| [`{name}`][{identifier}] | {kind} | {_summary(obj)} |")
    return "\n".join(rows)


_DIRECTIVE = re.compile(r"^::: (loancalc\.[\w.]+)\s*$", re.MULTILINE)
_rendered_modules: dict[str, list[str]] = {}


def subcommand_names() -> list[str]:
    """The names of the ``loancalc`` console script's subcommands."""
    import argparse

    from loancalc.cli import build_parser

    return sorted(
        name
        for action in build_parser()._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    )


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Expand the names table on the page that asks for it; note the modules a page shows;
    warn (an error under --strict) when the command-line page misses a subcommand."""
    _rendered_modules[page.file.src_uri] = _DIRECTIVE.findall(markdown)
    if page.file.src_uri == "cli.md":
        for name in subcommand_names():
            if f"`loancalc {name}`" not in markdown:
                log.warning("cli.md: the subcommand `loancalc %s` is not documented", name)
    if NAMES_MARKER in markdown:
        markdown = markdown.replace(NAMES_MARKER, names_table())
    return markdown


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    """Warn (an error under --strict) when a module page misses a name of its ``__all__``."""
    for module_name in _rendered_modules.get(page.file.src_uri, []):
        try:
            module = importlib.import_module(module_name)
        except ImportError:  # a directive for one object, not a module
            continue
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            ids = {f'id="{module_name}.{name}"'}
            if inspect.isclass(value) or inspect.isfunction(value):  # shown by its own path
                ids.add(f'id="{value.__module__}.{value.__qualname__}"')
            if not any(id_ in html for id_ in ids):
                log.warning(
                    "%s: %s.%s is in __all__ but not documented (give it a docstring, "
                    "or a #: comment for a constant)",
                    page.file.src_uri,
                    module_name,
                    name,
                )
    return html
