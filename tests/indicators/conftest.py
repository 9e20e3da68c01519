"""The shared real data for the indicator tests (the readers' ``real`` fixture)."""

from readers.conftest import real  # noqa: F401  (a fixture: skips when shared/data/real is absent)
