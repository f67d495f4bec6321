"""Griffe extension: render loancalc's reST-flavoured docstrings as Markdown for the site.

loancalc's docstrings are written for ``help()`` and doctest: Sphinx roles
(``:class:`~loancalc.money.Rounding```), reST links (```text <url>`_``), ``::`` literal
blocks and bare ``>>>`` doctest blocks. MkDocs reads docstrings as Markdown, where ``>>>``
would become nested block quotes, so this extension rewrites each docstring once, when
griffe loads it:

- a role becomes inline code, linked (as an optional cross-reference, so an unknown target
  is plain code and never a warning) when it names a loancalc object;
- a reST link becomes a Markdown link;
- ``text::`` becomes ``text:`` (the indented block after it is a Markdown code block);
- a doctest block (``>>>`` lines and their output, up to a blank line) becomes a fenced
  ``pycon`` block;
- an attrs class gets a table of its constructor's fields (name, type, default), which
  griffe cannot see since attrs writes ``__init__`` at run time;
- a module constant's ``#:`` comment becomes its docstring.

Configured in ``mkdocs.yml`` under the mkdocstrings Python handler's ``extensions``.
"""

from __future__ import annotations

import ast
import html
import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|attr|data|mod|obj|exc|const):`(~?)([^`]+)`")
_REST_LINK = re.compile(r"`([^`<]+?)\s*<(https?://[^>]+)>`__?")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _resolve(name: str, obj: griffe.Object) -> str | None:
    """The full path of the loancalc object ``name`` refers to, seen from ``obj``."""
    if name.startswith("loancalc"):
        return name
    scopes: list[griffe.Object] = []
    scope: griffe.Object | None = obj
    while scope is not None:
        scopes.append(scope)
        scope = scope.parent
    head, _, rest = name.partition(".")
    for candidate in scopes:
        member = candidate.members.get(head)
        if member is None:
            continue
        path = member.target_path if isinstance(member, griffe.Alias) else member.path
        if not path.startswith("loancalc"):
            return None
        return f"{path}.{rest}" if rest else path
    return None


def _roles(text: str, obj: griffe.Object) -> str:
    def replace(match: re.Match[str]) -> str:
        short, name = match.group(1), match.group(2).strip()
        name = name.removesuffix("()")
        shown = name.rsplit(".", 1)[-1] if short else name
        code = f"<code>{shown}</code>"
        target = _resolve(name, obj)
        if target is None:
            return f"`{shown}`"
        return f'<autoref identifier="{target}" optional>{code}</autoref>'

    return _ROLE.sub(replace, text)


def _blocks(text: str) -> str:
    """Fence doctest blocks and turn ``::`` paragraph endings into ``:``."""
    out: list[str] = []
    in_fence = False
    in_doctest = False
    for line in text.splitlines():
        if in_doctest and not line.strip():
            out.append("```")
            in_doctest = False
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and not in_doctest and line.lstrip().startswith(">>>"):
            if out and out[-1].strip():
                out.append("")
            out.append("```pycon")
            in_doctest = True
        elif not in_fence and not in_doctest and line.rstrip().endswith("::"):
            out.append(line.rstrip()[:-1])
            continue
        out.append(line)
    if in_doctest:
        out.append("```")
    return "\n".join(out)


def to_markdown(text: str, obj: griffe.Object) -> str:
    """The Markdown form of one docstring; already-converted text is left unchanged."""
    parts = re.split(r"(```.*?```)", text, flags=re.DOTALL)
    rewritten = [  # outside fenced blocks (even indexes): rewrite roles and links
        _REST_LINK.sub(r"[\1](\2)", _roles(part, obj)) if index % 2 == 0 else part
        for index, part in enumerate(parts)
    ]
    return _blocks("".join(rewritten))


def comment_docstring(obj: griffe.Object) -> str | None:
    """The ``#:`` comment lines right above an attribute (Sphinx's doc-comment), if any."""
    if obj.lineno is None:
        return None
    try:
        lines = obj.module.lines
    except (AttributeError, ValueError):
        return None
    comment: list[str] = []
    index = obj.lineno - 2  # the line above, 0-based
    while 0 <= index < len(lines) and lines[index].lstrip().startswith("#:"):
        comment.insert(0, lines[index].lstrip()[2:].strip())
        index -= 1
    return "\n".join(comment) or None


_ATTRS_DECORATORS = ("attrs.frozen", "attrs.define", "attrs.mutable", "attr.s", "attr.attrs")


def _field_default(value: str | None) -> str:
    """The default of an attrs field, from the source text of its class-body value."""
    if value is None:
        return "required"
    try:
        call = ast.parse(value, mode="eval").body
    except SyntaxError:
        return f"`{value}`"
    if not (isinstance(call, ast.Call) and ast.unparse(call.func).endswith(("field", "ib"))):
        return f"`{value}`"
    for keyword in call.keywords:
        if keyword.arg == "default":
            return f"`{ast.unparse(keyword.value)}`"
        if keyword.arg == "factory":
            return f"`{ast.unparse(keyword.value)}()`"
    return "required"


def _init_field(member: griffe.Object | griffe.Alias) -> griffe.Attribute | None:
    """``member`` if it is an attrs field the constructor takes, else None."""
    if not isinstance(member, griffe.Attribute) or member.name.startswith("_"):
        return None
    if member.annotation is None or "property" in member.labels:
        return None
    if "ClassVar" in str(member.annotation):
        return None
    if "init=False" in str(member.value or "").replace(" ", ""):
        return None
    return member


def fields_table(cls: griffe.Class) -> str | None:
    """A Markdown table of an attrs class's constructor fields, or None for other classes."""
    if not any(str(d.value).startswith(_ATTRS_DECORATORS) for d in cls.decorators):
        return None
    fields = sorted(
        (field for member in cls.members.values() if (field := _init_field(member))),
        key=lambda field: field.lineno or 0,
    )
    if not fields:
        return None
    rows = ["| Field | Type | Default |", "|---|---|---|"]
    for field in fields:
        value = None if field.value is None else str(field.value)
        annotation = html.escape(str(field.annotation)).replace("|", "&#124;")
        rows.append(f"| `{field.name}` | <code>{annotation}</code> | {_field_default(value)} |")
    return "Fields (keyword arguments of the constructor):\n\n" + "\n".join(rows)


class SphinxToMarkdown(griffe.Extension):
    """Rewrite every loaded docstring with :func:`to_markdown`; read ``#:`` comments of
    module constants and class attributes as their docstrings."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is None and obj.is_attribute:
            text = comment_docstring(obj)
            if text is not None:
                obj.docstring = griffe.Docstring(text, parent=obj)
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value, obj)

    def on_class_members(self, *, cls: griffe.Class, **kwargs: Any) -> None:
        """Append the constructor's fields to an attrs class's docstring."""
        table = fields_table(cls)
        if table is None:
            return
        if cls.docstring is None:
            cls.docstring = griffe.Docstring(table, parent=cls)
        else:
            cls.docstring.value = f"{cls.docstring.value}\n\n{table}"
