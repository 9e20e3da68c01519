"""Belgian municipalities of both NIS code generations: find one by name or code.

Statbel renumbered the municipalities merged on 1 January 2025: 581 municipalities
until 31 December 2024 ("pre-2025" codes, used by the sector geometry up to its 2024
edition and by the income tables up to income year 2023), 565 from 2025. The list ships
with the application (``wijk_core/data/municipalities.csv``, see its README for the
source and licence); each pre-2025 municipality names its 2025 code, so a merged one
(Melle 44040 → Merelbeke-Melle 44088) is found under either.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

__all__ = ["Edition", "Municipality", "REGIONS", "codes_for_edition", "find_municipalities", "municipalities",
           "municipality", "region_of"]

_CSV = Path(__file__).resolve().parents[1] / "data" / "municipalities.csv"

Edition = Literal["2024", "2025"]
"""Edition of Statbel's sector geometry: 2024-01-01 (pre-2025 codes) or 2025-01-01 (2025 codes)."""

REGIONS = {"02000": "flanders", "03000": "wallonia", "04000": "brussels"}
"""Statbel region codes and the name this application uses for them."""


@dataclass(frozen=True)
class Municipality:
    """A municipality of one or both code generations.

    ``pre2025``/``from2025`` tell in which generation the code exists; ``nis5_2025`` is
    the code from 2025 of the territory (itself when unchanged, the merged municipality's
    code when merged away).
    """

    nis5: str
    name_nl: str
    name_fr: str
    name_de: str
    region: str
    pre2025: bool
    from2025: bool
    nis5_2025: str

    def name(self, lang: str) -> str:
        """The name in ``lang`` (``nl``, ``fr``, ``de``; English uses the Dutch name in Flanders)."""
        if lang in ("fr", "de"):
            return getattr(self, f"name_{lang}")
        return self.name_fr if lang == "en" and self.region == "03000" else self.name_nl


@lru_cache(maxsize=1)
def municipalities() -> tuple[Municipality, ...]:
    """Every municipality of both generations, by code."""
    with _CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(Municipality(nis5=row["nis5"], name_nl=row["name_nl"], name_fr=row["name_fr"],
                                  name_de=row["name_de"], region=row["region"], pre2025=row["pre2025"] == "1",
                                  from2025=row["from2025"] == "1", nis5_2025=row["nis5_2025"])
                     for row in csv.DictReader(handle))


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Municipality]:
    return {m.nis5: m for m in municipalities()}


def municipality(nis5: str) -> Municipality | None:
    """The municipality with this NIS5 code (either generation), None when unknown."""
    return _by_code().get(str(nis5).strip())


def _folded(text: str) -> str:
    """Lower case without accents, apostrophes or hyphens, so "Liege" finds "Liège"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.lower()).split())


def find_municipalities(query: str, limit: int = 20) -> list[Municipality]:
    """Municipalities whose code starts with ``query`` or whose nl/fr/de name contains it.

    Case, accents and punctuation do not matter; names that start with the query come
    first, then other matches, each by name. An empty query finds nothing.
    """
    wanted = _folded(query)
    if not wanted:
        return []
    if wanted.replace(" ", "").isdigit():
        return [m for m in municipalities() if m.nis5.startswith(wanted.replace(" ", ""))][:limit]
    starts, contains = [], []
    for m in municipalities():
        names = {_folded(m.name_nl), _folded(m.name_fr), _folded(m.name_de)}
        if any(name.startswith(wanted) for name in names):
            starts.append(m)
        elif any(wanted in name for name in names):
            contains.append(m)
    return (sorted(starts, key=_order) + sorted(contains, key=_order))[:limit]


def _order(m: Municipality) -> tuple[str, bool]:
    return (_folded(m.name_nl), not m.from2025)


def codes_for_edition(nis5: str, edition: Edition) -> tuple[str, ...]:
    """The municipality codes of ``nis5``'s territory in a geometry edition.

    For the 2025 edition, the 2025 code (Melle 44040 → 44088); for the 2024 edition the
    pre-2025 codes (Merelbeke-Melle 44088 → 44040, 44043).

    Raises
    ------
    ValueError
        For an unknown code or edition.
    """
    found = municipality(nis5)
    if found is None:
        raise ValueError(f"unknown NIS5 municipality code {nis5!r}")
    if edition == "2025":
        return (found.nis5_2025,)
    if edition != "2024":
        raise ValueError(f"edition is '2024' or '2025', got {edition!r}")
    if found.pre2025:
        return (found.nis5,)
    return tuple(m.nis5 for m in municipalities() if m.pre2025 and m.nis5_2025 == found.nis5)


def region_of(nis5: str) -> str | None:
    """The Statbel region code (``02000`` Flanders, ``03000`` Wallonia, ``04000`` Brussels) of a code."""
    found = municipality(nis5)
    return found.region if found is not None else None
