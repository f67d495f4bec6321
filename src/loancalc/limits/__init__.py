"""Legal limits by jurisdiction and date, and the published index rates they refer to.

>>> from datetime import date
>>> from loancalc.limits import indexes
>>> indexes.index("LPR1Y").rate_on(date(2021, 1, 1))
Decimal('0.0385')
"""

from __future__ import annotations

from loancalc.limits import indexes

__all__ = ["indexes"]
