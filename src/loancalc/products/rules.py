"""A lending product's rules as data: :class:`ProductRules` and its :class:`Source` values.

Every rule that differs between lenders (grace days, penalty multiplier, late fee,
allocation order, disclosure method, what a restructuring may do) is a field here, kept
with the sources its numbers come from, and travels as TOML (:meth:`ProductRules.to_toml`,
:meth:`ProductRules.from_toml`) or plain data (:meth:`ProductRules.to_dict`).

>>> from datetime import date
>>> rules = ProductRules(name="demo-loan", description="a demo product",
...                      sources=(Source(title="the demo contract"),),
...                      jurisdiction="CN", currency="CNY", annual_rate="18%",
...                      max_rate="24%")
>>> terms = rules.terms(principal=12000, term=12, start=date(2024, 1, 15))
>>> terms.annual_rate, terms.method.value
(Decimal('0.18'), 'equal-installment')
>>> ProductRules.from_toml(rules.to_toml()) == rules
True
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from importlib.resources.abc import Traversable
from typing import Any, ClassVar

import attrs
import tomli_w

from loancalc._codec import from_data, to_data
from loancalc._validation import on_grid
from loancalc.calendar import Frequency
from loancalc.caps import CostCap
from loancalc.errors import InvalidTypeError, InvalidValueError
from loancalc.lines.rules import LineRules
from loancalc.products._rule_fields import (
    CURRENCY,
    JURISDICTION,
    SLUG,
    check_description,
    check_limits,
    make_part,
    text_field,
    to_line,
    to_prepayment_fee,
    to_restructuring,
    to_servicing,
    to_sources,
)
from loancalc.products.rule_parts import (
    APR_METHODS,
    AprDisclosure,
    LoanDefaults,
    PartFields,
    RateRules,
)
from loancalc.products.source import (
    MAX_PRODUCT_FILE_BYTES,
    ProductFileError,
    Source,
    check_size,
    read_text,
    why,
)
from loancalc.rates import MAX_ANNUAL_RATE, DayCount
from loancalc.rates import annual_rate as parse_rate
from loancalc.restructuring.prepayment_fee import PrepaymentFee
from loancalc.restructuring.rules import RestructuringRules
from loancalc.servicing.payment import check_on_grid
from loancalc.servicing.rules import ServicingRules
from loancalc.terms import Accrual, LoanTerms, Method

__all__ = ["APR_METHODS", "MAX_PRODUCT_FILE_BYTES", "ProductRules"]

_ZERO = Decimal(0)
#: The keys written after ``rate_cap`` (the order of the rules as plain data).
_AFTER_CAP = ("apr_method", "apr_periods_per_year", "limits", "line")


@attrs.frozen(kw_only=True, init=False)
class ProductRules(PartFields):
    """The rules of one lending product, validated, with the sources of its numbers.

    Identity: ``name`` (a lower-case slug such as ``cn-card-instalment``), ``description``
    (one line), ``sources`` (at least one :class:`Source`), ``jurisdiction`` (``CN``,
    ``US``, ``EU``, ``US-CA``...) and ``currency`` (ISO 4217). Loan defaults, used by
    :meth:`terms`: ``rounding``, ``method``, ``accrual``, ``day_count``, ``frequency``,
    ``fees``, the default ``annual_rate`` (optional) and the allowed range ``min_rate`` ..
    ``max_rate``. ``days_per_year``: the year a daily rate quote is annualised over (360
    as the PBoC counts, or 365). ``servicing``: grace, penalty, late fee, allocation,
    delinquency and reporting (:class:`~loancalc.servicing.ServicingRules`; ``lc.assess``
    accepts a product for its rules). ``restructuring``:
    :class:`~loancalc.restructuring.RestructuringRules`. ``prepayment_fee``:
    :class:`~loancalc.restructuring.PrepaymentFee`. ``rate_cap``: an all-in annualised
    cost the product must stay within (0.24 for the courts' 24 %; :attr:`rate_cost_cap`,
    one of its :attr:`cost_caps`); :meth:`terms` refuses a contract rate above it, and
    ``lc.apr.check_rate_cap`` checks the all-in cost with
    fees and charges. ``apr_method`` (one of :data:`APR_METHODS`) and
    ``apr_periods_per_year``: how the annualised rate is disclosed. ``limits``: the name
    of the legal limit set the product is subject to (``loancalc.limits``; None: the
    jurisdiction's default set, if any), which ``lc.audit`` applies. ``line``: the rules
    of a credit line under the product (:class:`~loancalc.lines.LineRules`: how a
    repayment is spread across the draws, whether an overdue line stops lending).

    >>> ProductRules(name="Demo Loan", description="x", sources=(Source(title="t"),),
    ...              jurisdiction="CN", currency="CNY")
    Traceback (most recent call last):
    loancalc.errors.InvalidValueError: name: got 'Demo Loan'; accepted: a lower-case slug ...
    """

    #: The parts whose fields are keywords, attributes and keys of the product itself.
    __flat_fields__: ClassVar[tuple[str, ...]] = ("loan", "rates", "apr")

    name: str = attrs.field(
        validator=text_field("name", SLUG, "a lower-case slug such as 'cn-card-instalment'")
    )
    description: str = attrs.field(validator=check_description)
    sources: tuple[Source, ...] = attrs.field(converter=to_sources)
    jurisdiction: str = attrs.field(
        validator=text_field("jurisdiction", JURISDICTION, "a code such as CN, US, EU or US-CA")
    )
    currency: str = attrs.field(
        validator=text_field("currency", CURRENCY, "an ISO 4217 code such as CNY, USD or EUR")
    )
    loan: LoanDefaults
    rates: RateRules
    servicing: ServicingRules = attrs.field(factory=ServicingRules, converter=to_servicing)
    restructuring: RestructuringRules = attrs.field(
        factory=RestructuringRules, converter=to_restructuring
    )
    prepayment_fee: PrepaymentFee = attrs.field(factory=PrepaymentFee, converter=to_prepayment_fee)
    apr: AprDisclosure
    limits: str | None = attrs.field(default=None, validator=check_limits)
    line: LineRules = attrs.field(factory=LineRules, converter=to_line)

    def __init__(
        self,
        *,
        name: str,
        description: str,
        sources: object,
        jurisdiction: str,
        currency: str,
        rounding: object = None,
        method: object = Method.EQUAL_INSTALLMENT,
        accrual: object = Accrual.PERIODIC,
        day_count: object = DayCount.ACT_360,
        frequency: object = Frequency.MONTHLY,
        fees: object = None,
        annual_rate: object = None,
        min_rate: object = _ZERO,
        max_rate: object = MAX_ANNUAL_RATE,
        days_per_year: int = 360,
        servicing: object = None,
        restructuring: object = None,
        prepayment_fee: object = None,
        rate_cap: object = None,
        apr_method: str = "nominal",
        apr_periods_per_year: int = 12,
        limits: str | None = None,
        line: object = None,
        loan: LoanDefaults | None = None,
        rates: RateRules | None = None,
        apr: AprDisclosure | None = None,
    ) -> None:
        flat_loan: dict[str, Any] = {
            "rounding": rounding, "method": method, "accrual": accrual, "day_count": day_count,
            "frequency": frequency, "fees": fees,
        }  # fmt: skip
        flat_rates: dict[str, Any] = {
            "annual_rate": annual_rate, "min_rate": min_rate, "max_rate": max_rate,
            "days_per_year": days_per_year, "rate_cap": rate_cap,
        }  # fmt: skip
        flat_apr: dict[str, Any] = {
            "apr_method": apr_method,
            "apr_periods_per_year": apr_periods_per_year,
        }
        self.__attrs_init__(
            name=name,
            description=description,
            sources=sources,
            jurisdiction=jurisdiction,
            currency=currency,
            loan=make_part("loan", loan, LoanDefaults, flat_loan),
            rates=make_part("rates", rates, RateRules, flat_rates),
            servicing=servicing,
            restructuring=restructuring,
            prepayment_fee=prepayment_fee,
            apr=make_part("apr", apr, AprDisclosure, flat_apr),
            limits=limits,
            line=line,
        )

    def __attrs_post_init__(self) -> None:
        if self.annual_rate is not None:
            self.check_rate(self.annual_rate)
        quantum = self.rounding.quantum
        on_grid(self.fees.upfront, quantum, "fees.upfront")
        on_grid(self.fees.per_period, quantum, "fees.per_period")
        try:
            check_on_grid(self.rounding, late_fee=self.servicing.late_fee)
        except InvalidValueError as error:
            raise InvalidValueError(
                f"servicing.{error.field}", error.value, error.accepted
            ) from None

    @property
    def max_rate_cap(self) -> CostCap:
        """``max_rate`` as a :class:`~loancalc.caps.CostCap` on the contract rate.

        >>> ProductRules(name="x", description="x", sources=(Source(title="t"),),
        ...              jurisdiction="CN", currency="CNY", max_rate="24%").max_rate_cap.rate
        Decimal('0.24')
        """
        return self.rates.max_rate_cap

    @property
    def rate_cost_cap(self) -> CostCap | None:
        """``rate_cap`` as a :class:`~loancalc.caps.CostCap` on the all-in cost (None when
        not set): a contract rate above it is refused, as the contract rate is part of
        that cost.

        >>> ProductRules(name="x", description="x", sources=(Source(title="t"),),
        ...              jurisdiction="CN", currency="CNY", rate_cap="24%").rate_cost_cap.limits
        <CapScope.ALL_IN_COST: 'all-in-cost'>
        """
        return self.rates.rate_cost_cap

    @property
    def cost_caps(self) -> tuple[CostCap, ...]:
        """Every annual cost cap of the product, as :class:`~loancalc.caps.CostCap` values:
        ``max_rate``, ``rate_cap``, ``restructuring.max_rate``,
        ``servicing.penalty.cap_annual_cost`` and ``servicing.caps.annual_rate`` (the
        ones set).

        >>> from loancalc.products import get
        >>> [cap.source for cap in get("cn-daily-rate-credit-line").cost_caps]
        ['max_rate', 'rate_cap', 'caps.annual_rate']
        """
        found = (
            *self.rates.cost_caps,
            self.restructuring.max_rate_cap,
            self.servicing.penalty.cost_cap,
            self.servicing.caps.annual_cost_cap,
        )
        return tuple(cap for cap in found if cap is not None)

    def check_rate(self, value: object) -> Decimal:
        """``value`` read as an annual rate (a daily quote by ``days_per_year``), checked
        against the product's range and rate cap.

        >>> rules = ProductRules(name="x", description="x", sources=(Source(title="t"),),
        ...                      jurisdiction="CN", currency="CNY", days_per_year=365,
        ...                      rate_cap="24%")
        >>> rules.check_rate("0.05%/day")
        Decimal('0.1825')
        >>> rules.check_rate("0.1%/day")
        Traceback (most recent call last):
        loancalc.errors.InvalidValueError: annual_rate: got '0.1%/day'; accepted: ... rate cap ...
        """
        rate = parse_rate(value, field="annual_rate", days_per_year=self.days_per_year)
        if rate < self.min_rate or not self.max_rate_cap.admits(rate):
            raise InvalidValueError(
                "annual_rate",
                value,
                f"a rate from {self.min_rate} to {self.max_rate} (product {self.name})",
            )
        all_in = self.rate_cost_cap
        if all_in is not None and not all_in.admits(rate):
            raise InvalidValueError(
                "annual_rate",
                value,
                f"a rate at most the rate cap {self.rate_cap} (product {self.name})",
            )
        return rate

    def terms(
        self,
        *,
        principal: object,
        term: int,
        start: date,
        annual_rate: object = None,
        **overrides: Any,
    ) -> LoanTerms:
        """:class:`~loancalc.LoanTerms` from the product's defaults and the caller's values.

        ``annual_rate`` defaults to the product's rate and must lie in its range and under
        its rate cap. ``overrides`` are any other ``LoanTerms`` fields (``method``,
        ``first_due``, ``fees``...), replacing the product's defaults.

        >>> rules = ProductRules(name="x", description="x", sources=(Source(title="t"),),
        ...                      jurisdiction="CN", currency="CNY", annual_rate="18%")
        >>> t = rules.terms(principal=1000, term=6, start=date(2024, 1, 1),
        ...                 method="equal-principal")
        >>> t.annual_rate, t.method.value, t.term
        (Decimal('0.18'), 'equal-principal', 6)
        >>> rules.terms(principal=1000, term=6, start=date(2024, 1, 1), colour="red")
        Traceback (most recent call last):
        loancalc.errors.InvalidValueError: colour: got 'red'; accepted: a LoanTerms field, ...
        """
        if annual_rate is None:
            if self.annual_rate is None:
                raise InvalidValueError(
                    "annual_rate", None, f"a rate (product {self.name} has no default rate)"
                )
            annual_rate = self.annual_rate
        rate = self.check_rate(annual_rate)
        values: dict[str, Any] = {
            "frequency": self.frequency,
            "method": self.method,
            "accrual": self.accrual,
            "day_count": self.day_count,
            "rounding": self.rounding,
            "fees": self.fees,
        }
        fields = set(attrs.fields_dict(LoanTerms)) - {"principal", "annual_rate", "term", "start"}
        for key, value in overrides.items():
            if key not in fields:
                known = ", ".join(sorted(fields))
                raise InvalidValueError(key, value, f"a LoanTerms field, one of {known}")
            values[key] = value
        return LoanTerms(principal=principal, annual_rate=rate, term=term, start=start, **values)

    def replace(self, **changes: Any) -> ProductRules:
        """A copy with ``changes`` applied (validated again): a product derived from another.

        >>> rules = ProductRules(name="x", description="x", sources=(Source(title="t"),),
        ...                      jurisdiction="CN", currency="CNY")
        >>> rules.replace(name="y", annual_rate="12%").annual_rate
        Decimal('0.12')
        """
        values: dict[str, Any] = {
            field.name: getattr(self, field.name)
            for field in attrs.fields(ProductRules)
            if field.name not in self.__flat_fields__
        }
        for part in (self.loan, self.rates, self.apr):
            values.update(attrs.asdict(part, recurse=False))
        for part_name in self.__flat_fields__:  # a part given whole replaces its fields
            if part_name in changes:
                for field in attrs.fields(type(getattr(self, part_name))):
                    values.pop(field.name)
        values.update(changes)
        return ProductRules(**values)

    def to_dict(self, *, drop_none: bool = False) -> dict[str, Any]:
        """The rules as plain data (JSON-ready; with ``drop_none``, TOML-ready as TOML has no
        null); :meth:`from_dict` reads either back to an equal value.

        >>> rules = ProductRules(name="x", description="x", sources=(Source(title="t"),),
        ...                      jurisdiction="CN", currency="CNY")
        >>> data = rules.to_dict()
        >>> data["frequency"], data["rounding"], data["annual_rate"]
        ('monthly', {'places': 2, 'increment': None, 'mode': 'half-up'}, None)
        """
        data: dict[str, Any] = to_data(self, drop_none=drop_none)
        if Frequency.parse(str(self.frequency)) == self.frequency:
            data["frequency"] = str(self.frequency)
        if "rate_cap" in data:  # where the key always was: after prepayment_fee
            cap = data.pop("rate_cap")
            data = {**{k: v for k, v in data.items() if k not in _AFTER_CAP}, "rate_cap": cap,
                    **{k: v for k, v in data.items() if k in _AFTER_CAP}}  # fmt: skip
        return data

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> ProductRules:
        """Rules from plain data. Unknown keys and bad values raise an
        :class:`~loancalc.errors.InvalidValueError` naming the key's path (under ``path``).

        >>> ProductRules.from_dict({"name": "x", "description": "x", "jurisdiction": "CN",
        ...     "currency": "CNY", "sources": [{"title": "t"}],
        ...     "servicing": {"grace": {"dayz": 3}}})
        Traceback (most recent call last):
        loancalc.errors.InvalidValueError: servicing.grace.dayz: got 3; accepted: one of the keys...
        """
        if not isinstance(data, Mapping):
            raise InvalidTypeError(path or "product", data, "a table of ProductRules fields")
        return from_data(cls, data, path)

    def to_toml(self) -> str:
        """The rules as a TOML document (written with ``tomli-w``); see :meth:`from_toml`.

        >>> rules = ProductRules(name="x", description="a product", jurisdiction="CN",
        ...                      currency="CNY", sources=(Source(title="t"),))
        >>> print(rules.to_toml().splitlines()[0])
        name = "x"
        """
        return tomli_w.dumps(self.to_dict(drop_none=True))

    @classmethod
    def from_toml(cls, text: str, *, source: str = "<string>") -> ProductRules:
        """Rules from a TOML document (read with ``tomllib``, floats as exact ``Decimal``).

        Any error is a :class:`ProductFileError` naming ``source`` (the file), the key's
        path and the reason: bad TOML, a text over :data:`MAX_PRODUCT_FILE_BYTES`, an
        integer too long to read (over 4,300 digits, Python's limit) and arrays or tables
        nested too deeply to read included.

        >>> ProductRules.from_toml('name = "x"\\nrate = 1', source="x.toml")
        Traceback (most recent call last):
        loancalc.products.source.ProductFileError: x.toml: rate: got 1; accepted: one of the ...
        >>> ProductRules.from_toml("x = " + "[" * 2000 + "]" * 2000, source="deep.toml")
        Traceback (most recent call last):
        loancalc.products.source.ProductFileError: deep.toml: (toml): got 'x = [[[[[[[[[[[[[[...
        """
        if not isinstance(text, str):
            raise ProductFileError(source, "(toml)", text, "TOML text (a str)")
        check_size(text, source)
        try:
            data = tomllib.loads(text, parse_float=Decimal)
        except tomllib.TOMLDecodeError as error:
            raise ProductFileError(source, "(toml)", text[:80], f"valid TOML ({error})") from None
        except (ValueError, RecursionError, MemoryError) as error:  # huge ints, deep nesting
            raise ProductFileError(
                source, "(toml)", text[:80], f"TOML loancalc can read ({why(error)})"
            ) from None
        try:
            return cls.from_dict(data)
        except InvalidValueError as error:
            raise ProductFileError(source, error.field, error.value, error.accepted) from None
        except (ValueError, ArithmeticError, RecursionError) as error:
            raise ProductFileError(
                source, "(toml)", text[:80], f"valid product rules ({why(error)})"
            ) from None

    @classmethod
    def from_file(cls, path: str | os.PathLike[str] | Traversable) -> ProductRules:
        """Rules from the TOML file at ``path`` (a UTF-8 text of at most
        :data:`MAX_PRODUCT_FILE_BYTES`), not registered (``lc.products.load`` registers).

        Errors name the file (:class:`ProductFileError`): one missing, unreadable, too
        large, not UTF-8, or with a NUL byte in its path, as well as bad TOML or rules.

        >>> ProductRules.from_file("no/such/product.toml")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        loancalc.products.source.ProductFileError: no/such/product.toml: (file): got ...
        """
        return cls.from_toml(read_text(path), source=str(path))
