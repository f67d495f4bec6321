"""The level payment of an annuity with a financed fee (``Fees.financed``): the fee bears
no interest and each instalment pays interest, then the fee, then principal.

With ``B`` the balance, ``F`` the fee, ``R`` a balloon, ``i_k`` the period rates and
``v_k = 1 / (1 + i_k)``: if the fee is repaid within period ``j``, principal stays ``B``
until then (each of the first ``j`` instalments pays ``B i_k`` of interest and the rest
to the fee), so ``B (1 + I_j) + F - j A`` is owed after period ``j``
(``I_j = i_1 + ... + i_j``), and an annuity of ``A`` repays it over the rest:

    ``A_j = (B (1 + I_j) + F - R V_j) / (j + S_j)``

with ``S_j = v_(j+1) + v_(j+1) v_(j+2) + ...`` (to period ``m``) and ``V_j`` the product
of those ``v``. Assuming the fee ends in period ``j`` when it ends elsewhere only moves
money into the interest-bearing balance later or sooner than it really goes, so it
never leaves less owed at maturity: the true payment is the least of the ``A_j``
(``j`` from 1 to ``m``), found in one pass over the periods and rounded as every level
payment is (:func:`loancalc.amortization._level.representative`).

1,000 at 1 % a month over 3 months with a fee of 30: ``A_1 = (1010 + 30) / (1 + 1/1.01 +
1/1.01^2) = 1040 / 2.970395... = 350.1217...``, less than ``A_2 = 1050 / (2 + 1/1.01) =
351.159...`` and ``A_3 = 1060 / 3 = 353.33...``:

>>> import decimal
>>> from loancalc.money import CONTEXT
>>> with decimal.localcontext(CONTEXT):
...     str(least_payment(Decimal(1000), Decimal(30), Decimal(0), [Decimal("0.01")] * 3))[:8]
'350.1217'
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from itertools import accumulate
from operator import mul

from loancalc.amortization import _level
from loancalc.amortization._plan import PlanInputs

__all__ = ["least_payment", "level_payment"]

_ZERO = Decimal(0)
_ONE = Decimal(1)


def level_payment(inputs: PlanInputs) -> Decimal:
    """A value that rounds to the grid as the true level payment of ``inputs`` (with its
    ``financed_fee``) does. Runs inside the library's decimal context.

    >>> import decimal
    >>> from loancalc.money import CONTEXT
    >>> inputs = PlanInputs(balance=Decimal(1000), rate_keys=[0] * 3,
    ...     rate_table={0: (Decimal("0.12"), Decimal(12), Decimal("0.01"))},
    ...     rate_counts={0: 3}, regular=(Decimal("0.12"), Decimal(12)),
    ...     regular_first_interest=None, balloon=Decimal(0), quantum=Decimal("0.01"),
    ...     financed_fee=Decimal(30))
    >>> with decimal.localcontext(CONTEXT):  # 350.1217...: between 350.120 and 350.125
    ...     level_payment(inputs) == Decimal("350.1225")
    True
    """
    balance, fee, balloon = inputs.balance, inputs.financed_fee, inputs.balloon
    count = inputs.count
    table = inputs.rate_table
    if inputs.regular is not None:
        ratios = [inputs.regular] * count
        numerator, denominator = inputs.regular
        total = numerator * count / denominator
    else:
        ratios = [table[key][:2] for key in inputs.rate_keys]
        total = sum((table[key][2] * times for key, times in inputs.rate_counts.items()), _ZERO)
    found: list[int] = []

    def approximate() -> Decimal:
        if inputs.regular is not None:
            numerator, denominator = inputs.regular
            payment, j = _least_regular(balance, fee, balloon, count, numerator / denominator)
        else:
            rates = [table[key][2] for key in inputs.rate_keys]
            payment, j = _least(balance, fee, balloon, rates, inputs.rate_keys)
        found[:] = [j]
        return payment

    def exact() -> Fraction:  # the fee may end a period either side in 40 digits
        j = found[0]
        near = range(max(j - 1, 1), min(j + 1, count) + 1)
        return min(_exact(balance, fee, balloon, ratios, k) for k in near)

    return _level.representative(
        balance + fee, balloon, count, total_rate=total, quantum=inputs.quantum,
        approximate=approximate, exact=exact,
    )  # fmt: skip


def least_payment(
    balance: Decimal, fee: Decimal, balloon: Decimal, rates: Sequence[Decimal]
) -> Decimal:
    """The least of the ``A_j`` (see the module) in the current context: the payment that
    repays ``balance`` and ``fee`` (fee first, no interest on it) down to ``balloon``."""
    return _least(balance, fee, balloon, rates, rates)[0]


def _least_regular(
    balance: Decimal, fee: Decimal, balloon: Decimal, count: int, rate: Decimal
) -> tuple[Decimal, int]:
    """:func:`_least` for ``count`` periods all at ``rate``, in closed form: ``V_j =
    v^(m-j)`` and ``S_j = (1 - V_j) / i`` (``m - j`` at 0 %)."""
    grow = _ONE + rate
    left = grow ** -(count - 1)  # V_1
    owed = balance * grow + fee  # B (1 + I_j) + F
    interest = balance * rate
    best, at = None, 0
    for j in range(1, count + 1):
        annuity = (_ONE - left) / rate if rate else Decimal(count - j)
        payment = (owed - balloon * left) / (j + annuity)
        beyond = payment - interest  # what each instalment of the fee phase pays to it
        if (j - 1) * beyond < fee <= j * beyond:
            return payment, j  # the fee ends in period j, as A_j assumes: the least
        if best is None or payment < best:
            best, at = payment, j
        owed += interest
        left *= grow
    assert best is not None  # at least one period
    return best, at


def _least(
    balance: Decimal,
    fee: Decimal,
    balloon: Decimal,
    rates: Sequence[Decimal],
    keys: Sequence[object],
) -> tuple[Decimal, int]:
    """The least ``A_j`` (see the module) and its ``j``, ``rates[k]`` the rate of period
    ``k + 1`` and ``keys[k]`` naming it (equal keys, equal rates). With ``D_k`` the
    discount to period ``k`` and ``T_j = D_1 + ... + D_j``: ``S_j = (T_m - T_j) / D_j``
    and ``V_j = D_m / D_j``. From ``j = 1`` on until the fee ends in period ``j`` at
    ``A_j`` (that ``A_j`` is the least); else the least of all."""
    discount: dict[object, Decimal] = {}
    factors = []
    for key, rate in zip(keys, rates, strict=True):
        factor = discount.get(key)
        if factor is None:
            factor = discount[key] = _ONE / (_ONE + rate)
        factors.append(factor)
    products = list(accumulate(factors, mul))
    sums = list(accumulate(products))
    last, whole = products[-1], sums[-1]
    best, at = None, 0
    accrued, paid_interest = _ONE, _ZERO  # 1 + I_j; B I_(j-1)
    for j, (rate, product, partial) in enumerate(zip(rates, products, sums, strict=True), 1):
        accrued += rate
        payment = (balance * accrued + fee - balloon * last / product) / (
            j + (whole - partial) / product
        )
        interest = balance * (accrued - _ONE)
        if (j - 1) * payment - paid_interest < fee <= j * payment - interest:
            return payment, j
        if best is None or payment < best:
            best, at = payment, j
        paid_interest = interest
    assert best is not None  # at least one period
    return best, at


def _exact(
    balance: Decimal,
    fee: Decimal,
    balloon: Decimal,
    ratios: Sequence[tuple[Decimal, Decimal]],
    j: int,
) -> Fraction:
    """``A_j`` exactly, the period rates ``numerator / denominator``: after period ``j``,
    with ``1 + i_k = c_k / e_k``, ``S_j = N / C`` and ``V_j = E / C`` (``C``, ``E`` the
    products of the ``c_k``, ``e_k``; ``N = N c_k + E`` period by period), as in
    :func:`loancalc.amortization._level.exact_by_periods`.

    >>> _exact(Decimal(1000), Decimal(30), Decimal(0), [(Decimal(0), Decimal(12))] * 3, 2)
    Fraction(1030, 3)
    """
    accrued = Fraction(1) + sum(
        (Fraction(numerator) / Fraction(denominator) for numerator, denominator in ratios[:j]),
        Fraction(0),
    )
    products = plus_products = 1
    total = 0
    for numerator, denominator in ratios[j:]:
        top, bottom = numerator.as_integer_ratio()
        base = bottom * int(denominator)
        products *= base
        plus_products *= base + top
        total = total * (base + top) + products
    owed = Fraction(balance) * accrued + Fraction(fee)
    return (owed * plus_products - Fraction(balloon) * products) / (j * plus_products + total)
