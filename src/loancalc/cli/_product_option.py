"""The ``--product`` option: a built-in product's name, or the path of a product TOML file.

>>> is_product_path("cn-card-instalment")
False
"""

from __future__ import annotations

import argparse
import os

from loancalc._text import printable
from loancalc.errors import InvalidValueError, UnknownNameError
from loancalc.products import ProductFileError, ProductRules
from loancalc.products import get as get_product

__all__ = ["is_product_path", "product_from_args"]


def product_from_args(args: argparse.Namespace) -> ProductRules | None:
    """The product ``--product`` gives (``None`` without the option): its defaults feed
    :func:`~loancalc.cli.loan_options.terms_from_args`, and its servicing rules
    commands such as ``assess``.

    The value is a product's name, or the path of a product TOML file (one ending in
    ``.toml`` or holding a ``/``), read as :meth:`~loancalc.products.ProductRules.from_file`
    reads it (at most 1 MiB) and not registered; an error names ``--product``, the file,
    the key and what it accepts.

    >>> from loancalc.cli.loan_options import add_loan_arguments
    >>> parser = argparse.ArgumentParser()
    >>> add_loan_arguments(parser)
    >>> args = parser.parse_args(["--product", "us-fixed-mortgage", "--principal", "200000",
    ...                           "--rate", "6%", "--term", "360"])
    >>> product_from_args(args).servicing.grace.days
    15
    >>> product_from_args(parser.parse_args(["--product", "nope", "--principal", "1",
    ...                                      "--term", "1"]))
    Traceback (most recent call last):
    loancalc.errors.UnknownNameError: --product: got 'nope'; accepted: one of cn-bank-consumer...
    >>> product_from_args(parser.parse_args(["--product", "no/such.toml", "--principal", "1",
    ...                                      "--term", "1"]))
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: --product no/such.toml: (file): got 'no/such.toml'; ...
    """
    name = getattr(args, "product", None)
    if name is None:
        return None
    if is_product_path(name):
        read: tuple[str, ProductRules] | None = getattr(args, "_product_file", None)
        if read is not None and read[0] == name:  # read once per command
            return read[1]
        try:
            rules = ProductRules.from_file(name)
        except ProductFileError as error:
            raise InvalidValueError(
                f"--product {printable(name)}: {error.field}", error.value, error.accepted
            ) from None
        args._product_file = (name, rules)
        return rules
    try:
        return get_product(name)
    except UnknownNameError as error:
        raise UnknownNameError("--product", name, error.known) from None


def is_product_path(value: str) -> bool:
    """Whether a ``--product`` value is a file's path rather than a product's name
    (names are lower-case slugs: a path ends in ``.toml`` or holds a ``/``).

    >>> is_product_path("us-fixed-mortgage"), is_product_path("mine.TOML")
    (False, True)
    >>> is_product_path("products/mine"), is_product_path("C:\\\\p\\\\mine.toml")
    (True, True)
    """
    text = value.strip()
    return text.lower().endswith(".toml") or "/" in text or os.sep in text
