"""``loancalc products``: list the product rule sets, or show one as TOML.

>>> from loancalc.cli import main
>>> main(["products", "show", "us-fixed-mortgage"])  # doctest: +ELLIPSIS
name = "us-fixed-mortgage"...
0
"""

from __future__ import annotations

import argparse
import json

from loancalc import products
from loancalc._text import printable
from loancalc.cli._app import subcommand
from loancalc.cli.loan_options import add_lang_argument, is_product_path, language_from_args
from loancalc.locale import N_, translation
from loancalc.products import ProductRules

__all__ = ["products_command"]


def _configure_products(parser: argparse.ArgumentParser) -> None:
    add_lang_argument(parser)
    actions = parser.add_subparsers(dest="products_action", metavar="ACTION", title=N_("actions"))
    actions.add_parser("list", help=N_("list the products, one line each (the default)"))
    show = actions.add_parser("show", help=N_("print a product's rules"))
    show.add_argument(
        "name",
        metavar="NAME|PATH.toml",
        help=N_("the product's name, or a product TOML file to check and print"),
    )
    show.add_argument(
        "--format",
        choices=("toml", "json"),
        default="toml",
        help=N_("toml (as a product file is written) or json (default: %(default)s)"),
    )


@subcommand(
    "products",
    help=N_("list the product rule sets, or show one ('products show NAME')"),
    configure=_configure_products,
)
def products_command(args: argparse.Namespace) -> str:
    """The ``products`` subcommand: each product's name and description, or one product's
    rules as TOML (``show NAME``) or JSON (``show NAME --format json``); ``show PATH.toml``
    reads a product file (checking it) and prints it back.

    >>> from loancalc.cli import main
    >>> main(["products"])  # doctest: +ELLIPSIS
    cn-bank-consumer-loan           Chinese bank personal consumer loan: ...
    us-fixed-mortgage               US fixed-rate mortgage: ...
    0
    """
    if getattr(args, "products_action", None) == "show":
        if is_product_path(args.name):
            rules = ProductRules.from_file(args.name)
        else:
            rules = products.get(args.name)
        if args.format == "json":
            return json.dumps(rules.to_dict(), indent=2, ensure_ascii=False)
        return rules.to_toml()
    names = products.names()
    failed = products.broken()
    width = max((len(name) for name in [*names, *failed]), default=0) + 2
    lines = [f"{name:<{width}}{printable(products.get(name).description)}" for name in names]
    _ = translation(language_from_args(args)).gettext
    lines += [
        f"{printable(name):<{width}}"
        + _("(failed to load: {reason})").format(reason=printable(reason))
        for name, reason in failed.items()
    ]
    return "\n".join(lines)
