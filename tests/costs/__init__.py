"""Tests of wijk_core.costs, one file per module (a package so names cannot clash)."""

import pytest

# the shared checks in helpers.py assert: let pytest explain their failures as in a test file
pytest.register_assert_rewrite(f"{__name__}.helpers")
