"""``python -m loancalc``: the ``loancalc`` console script (see :mod:`loancalc.cli`)."""

from __future__ import annotations

import sys

from loancalc.cli import main

if __name__ == "__main__":
    sys.exit(main())
