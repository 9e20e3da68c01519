"""Ready-made studies shipped as data files in ``wijk_core/data/costs/`` (JSON).

Each file is a scenario file (see :mod:`wijk_core.costs.io`) with, in addition,
``key``, a ``title`` and ``description`` in nl/fr/en, its ``source`` and a
``derivation``: how its inputs were obtained, since the seed documents give
results, not cash flows. A description refers to the derivation as
``{derivation}``, which becomes the words the page shows it under. The figures the presets must reproduce are checked by
the tests, never written into the code.

- ``she_comparison``: the SHE (Sustainable Housing in Europe) social-housing
  projects against their reference projects, 40 years (seed 000, MAN 02.01).
- ``typical_renovation``: one renovated apartment block over 30 years, where
  the initial cost is about a quarter of the total (the seed's ~25 % rule).
- ``neighbourhood_scenarios``: the officer's three options for a neighbourhood
  (minimal repair, deep renovation, deep renovation with a shared heat network),
  with externalities.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wijk_core.i18n import language, t
from wijk_core.costs.errors import CostError
from wijk_core.costs.io import read_study
from wijk_core.costs.model import Parameters, Scenario

__all__ = ["PRESETS_DIR", "Preset", "list_presets", "load_preset"]

PRESETS_DIR = Path(__file__).resolve().parent.parent / "data" / "costs"
"""Folder of the preset files."""


@dataclass(frozen=True)
class Preset:
    """A ready-made study: parameters, scenarios and where they come from."""

    key: str
    titles: tuple[tuple[str, str], ...]
    descriptions: tuple[tuple[str, str], ...]
    source: str
    derivation: tuple[str, ...]
    parameters: Parameters
    scenarios: tuple[Scenario, ...]

    def title(self, lang: str | None = None) -> str:
        texts = dict(self.titles)
        return texts.get(language(lang)) or texts.get("nl") or self.key

    def description(self, lang: str | None = None) -> str:
        """The description in ``lang``, its ``{derivation}`` named as the page names it."""
        texts = dict(self.descriptions)
        text = texts.get(language(lang)) or texts.get("nl", "")
        return text.replace("{derivation}", t("costs.preset.derivation", lang))


@lru_cache(maxsize=None)
def _read(path: Path) -> Preset:
    data = json.loads(path.read_text(encoding="utf-8"))
    parameters, scenarios = read_study(data)
    derivation = data.get("derivation", ())
    return Preset(key=data["key"], titles=tuple(sorted(data["title"].items())),
                  descriptions=tuple(sorted(data.get("description", {}).items())),
                  source=data.get("source", ""),
                  derivation=tuple([derivation] if isinstance(derivation, str) else derivation),
                  parameters=parameters or Parameters(), scenarios=tuple(scenarios))


def list_presets() -> list[Preset]:
    """Every preset, in file-name order."""
    return [_read(path) for path in sorted(PRESETS_DIR.glob("*.json"))]


def load_preset(key: str) -> Preset:
    """The preset called ``key``.

    Raises
    ------
    CostError
        ``errors.costs_preset_unknown`` (value, allowed).
    """
    presets = {preset.key: preset for preset in list_presets()}
    if key not in presets:
        allowed = ", ".join(presets)
        raise CostError("errors.costs_preset_unknown",
                        value=str(key), allowed=allowed)
    return presets[key]
