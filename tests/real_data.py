"""The real open-data files of ``shared/data/real/`` (next to the repository, or ``WIJK_REAL_DATA``).

Tests read them from there and never copy them. Where the folder is absent a test that
needs one is skipped, except under CI (``CI`` set), where their absence is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REAL = Path(os.environ.get("WIJK_REAL_DATA", Path(__file__).resolve().parents[2] / "shared" / "data" / "real"))


def real_file(name: str) -> Path:
    """The path of one real file; skip the test when it is absent (fail under CI)."""
    path = REAL / name
    if not path.is_file():
        if os.environ.get("CI"):
            raise AssertionError(f"real test data {path} missing under CI")
        pytest.skip(f"real test data {path} not present (see shared/data/real/README.md); "
                    "set WIJK_REAL_DATA to its folder")
    return path
