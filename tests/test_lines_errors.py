"""Bad input to credit lines raises a LoanCalcError naming the field, the value and what
is accepted; nothing is half-changed."""

from __future__ import annotations

from datetime import date

import pytest

from loancalc.errors import InvalidTypeError, InvalidValueError, UnknownNameError
from loancalc.lines import CreditLine, Draw, LineFrozenError, LinePayment, merge_draws
from loancalc.restructuring import RestructuringNotAllowed

PRODUCT = "cn-daily-rate-credit-line"
OPENED = date(2024, 1, 1)


def _line(**changes: object) -> CreditLine:
    values: dict[str, object] = {"limit": "10000", "product": PRODUCT, "opened": OPENED}
    values.update(changes)
    return CreditLine(**values)  # type: ignore[arg-type]


def test_a_draw_above_the_available_limit() -> None:
    line = _line().with_draw(OPENED, "6000", term=3)
    with pytest.raises(InvalidValueError, match=r"^draws\[1\]\.amount: got Decimal\('4000.01'\)"):
        line.with_draw(date(2024, 1, 10), "4000.01", term=3)
    # 4,000 is all that is left of 10,000
    assert line.with_draw(date(2024, 1, 10), "4000", term=3).draws[1].amount == 4000
    with pytest.raises(InvalidValueError, match=r"an amount at most the limit 10000"):
        _line(draws=[Draw(on=OPENED, amount="10000.01", term=1)])


def test_a_repaid_principal_is_available_again() -> None:
    line = _line().with_draw(OPENED, "10000", term=3)
    paid = [LinePayment(date(2024, 1, 5), "5000")]  # 16.00 interest, 4,984.00 principal
    # on one day draws come before repayments: the limit is restored from the next day
    with pytest.raises(InvalidValueError, match=r"at most the limit available on 2024-01-05"):
        line.with_draw(date(2024, 1, 5), "1", term=3, payments=paid)
    with pytest.raises(InvalidValueError, match=r"at most the limit available on 2024-01-06"):
        line.with_draw(date(2024, 1, 6), "4984.01", term=3, payments=paid)
    assert len(line.with_draw(date(2024, 1, 6), "4984", term=3, payments=paid).draws) == 2


def test_a_draw_on_a_frozen_line() -> None:
    line = _line().with_draw(OPENED, "3000", term=3)
    # instalment 1 due 02-01 unpaid; grace to 02-04; overdue from 02-05
    assert len(line.with_draw(date(2024, 2, 4), "100", term=1).draws) == 2
    with pytest.raises(LineFrozenError, match=r"^draws\[1\]\.on: got datetime.date\(2024, 2, 5\)"):
        line.with_draw(date(2024, 2, 5), "100", term=1)
    unfrozen = _line(rules=None, draws=line.draws)
    assert unfrozen.assess([], date(2024, 2, 5)).frozen


def test_draws_out_of_order_or_before_the_line_opened() -> None:
    with pytest.raises(InvalidValueError, match=r"^draws\[0\]\.on: .*the line opened"):
        _line(draws=[Draw(on=date(2023, 12, 31), amount=1, term=1)])
    with pytest.raises(InvalidValueError, match=r"^draws\[1\]\.on: .*date order"):
        _line(
            draws=[
                Draw(on=date(2024, 1, 5), amount=1, term=1),
                Draw(on=date(2024, 1, 4), amount=1, term=1),
            ]
        )


def test_bad_values() -> None:
    with pytest.raises(InvalidValueError, match=r"^limit: "):
        _line(limit="0")
    with pytest.raises(InvalidValueError, match=r"^limit: .*grid"):
        _line(limit="100.001")
    with pytest.raises(UnknownNameError, match=r"product"):
        _line(product="no-such-product")
    with pytest.raises(InvalidTypeError, match=r"^opened: "):
        _line(opened="2024-01-01")
    with pytest.raises(InvalidValueError, match=r"^draws\[0\]\.amount: .*grid"):
        _line(draws=[Draw(on=OPENED, amount="1.005", term=1)])
    with pytest.raises(InvalidValueError, match=r"^term: "):
        Draw(on=OPENED, amount=1, term=0)
    with pytest.raises(InvalidValueError, match=r"^draws\[0\]\.annual_rate: got '30%'"):
        _line().with_draw(OPENED, "100", term=1, annual_rate="30%")  # above the product's 24 %


def test_bad_repayments() -> None:
    line = _line().with_draw(date(2024, 1, 10), "1000", term=1)
    with pytest.raises(InvalidValueError, match=r"^payments\[0\]\.date: "):
        line.assess([LinePayment(date(2023, 12, 31), "5")], date(2024, 1, 20))
    with pytest.raises(InvalidValueError, match=r"^payments\[0\]\.draw: got 2"):
        line.assess([LinePayment(date(2024, 1, 12), "5", draw=2)], date(2024, 1, 20))
    with pytest.raises(InvalidValueError, match=r"^payments\[0\]\.draw: got 1"):
        line.assess([LinePayment(date(2024, 1, 5), "5", draw=1)], date(2024, 1, 20))
    with pytest.raises(InvalidTypeError, match=r"^payments\[0\]: "):
        line.assess(["5"], date(2024, 1, 20))
    with pytest.raises(InvalidValueError, match=r"^payments\[0\]\.amount: .*grid"):
        line.assess([LinePayment(date(2024, 1, 12), "5.001")], date(2024, 1, 20))
    with pytest.raises(InvalidValueError, match=r"^as_of: "):
        line.assess([], date(2023, 12, 1))
    state = line.assess([], date(2024, 1, 20))
    with pytest.raises(InvalidValueError, match=r"^on: "):
        state.payoff_amount(date(2024, 1, 19))


def test_bad_merges() -> None:
    line = _line(
        draws=[
            Draw(on=OPENED, amount=1000, term=3),
            Draw(on=OPENED, amount=1000, term=3, annual_rate="10%"),
        ]
    )
    state = line.assess([], date(2024, 3, 1))
    with pytest.raises(InvalidValueError, match=r"^annual_rate: .*different rates"):
        merge_draws(state, date(2024, 3, 1), term=6)
    with pytest.raises(InvalidValueError, match=r"^draws: got \[3\]"):
        merge_draws(state, date(2024, 3, 1), draws=[3], annual_rate="12%")
    with pytest.raises(InvalidValueError, match=r"^on: "):
        merge_draws(state, date(2024, 2, 1), annual_rate="12%")
    with pytest.raises(RestructuringNotAllowed, match=r"max_term"):
        merge_draws(state, date(2024, 3, 1), term=48, annual_rate="12%")
    with pytest.raises(RestructuringNotAllowed, match=r"waivable"):
        merge_draws(state, date(2024, 3, 1), annual_rate="12%", waive=["interest"])
    with pytest.raises(InvalidValueError, match=r"^down_payment: "):
        merge_draws(state, date(2024, 3, 1), annual_rate="12%", down_payment="5000")


def test_the_line_rules_come_from_the_product() -> None:
    import loancalc as lc
    from loancalc.lines import LineRules
    from loancalc.products.rules import ProductRules

    product = lc.products.get(PRODUCT)
    assert _line().rules == product.line == LineRules()
    text = product.to_toml()
    assert '[line]\nallocation = "oldest-first"\nfreeze_when_overdue = true\n' in text
    text = text.replace(
        '[line]\nallocation = "oldest-first"\nfreeze_when_overdue = true',
        '[line]\nallocation = "proportional"\nfreeze_when_overdue = false',
    )
    line = _line(product=ProductRules.from_toml(text))
    assert (line.rules.allocation.value, line.rules.freeze_when_overdue) == ("proportional", False)
    with pytest.raises(InvalidValueError, match=r"line\.allocation"):
        ProductRules.from_toml(text.replace('"proportional"', '"newest-first"'))
    with pytest.raises(InvalidTypeError, match=r"^rules: "):
        _line(rules="proportional")


def test_every_public_name_resolves() -> None:
    from loancalc import lines

    assert sorted(lines.__all__) == sorted(lines._EXPORTS)
    assert all(getattr(lines, name) is not None for name in lines.__all__)
