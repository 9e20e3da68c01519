"""What a change of data sources does to the project: which indicators, neighbourhoods and figures it loses.

The page reads the sources as they would be after a change (:func:`planned_sources`,
then :func:`~wijk_core.sectors.data.load_sources`) and compares the two data sets
(:func:`compare_data`) before the change is stored, so the officer sees what
disappears and confirms it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wijk_core.sectors.data import SectorData
from wijk_core.sectors.model import DATA_ROLES, SINGLE_ROLES, ProjectFile

__all__ = ["DataChange", "compare_data", "planned_sources"]


@dataclass(frozen=True)
class DataChange:
    """The difference between the project's data before and after a change of sources.

    Attributes
    ----------
    lost_indicators, gained_indicators
        Indicator ids (catalogue index) only in the data before / after, in catalogue order.
    lost_wijken, gained_wijken
        Neighbourhood codes only before / after, in layer order.
    lost_sectors
        Sector codes of the geometry before that the geometry after lacks.
    sectors_before, sectors_after
        Number of sectors.
    wijken_after
        Number of neighbourhoods after the change.
    candidates
        Names of the candidates whose figures change: all of them when an indicator or a
        sector disappears, none otherwise.
    """

    lost_indicators: tuple[str, ...]
    gained_indicators: tuple[str, ...]
    lost_wijken: tuple[str, ...]
    gained_wijken: tuple[str, ...]
    lost_sectors: tuple[str, ...]
    sectors_before: int
    sectors_after: int
    wijken_after: int
    candidates: tuple[str, ...]

    @property
    def loses(self) -> bool:
        """True when the change loses indicators, neighbourhoods or sectors: ask before storing it."""
        return bool(self.lost_indicators or self.lost_wijken or self.lost_sectors)


def compare_data(before: SectorData | None, after: SectorData | None,
                 candidates: Sequence[str] = ()) -> DataChange:
    """What changes from ``before`` to ``after``.

    Parameters
    ----------
    before, after
        The project's data now and as it would be; None for no data (an empty side).
    candidates
        Names of the project's saved candidates.

    Returns
    -------
    DataChange
    """
    old_ids, new_ids = _ids(before, "catalogue"), _ids(after, "catalogue")
    old_wijken, new_wijken = _codes(before, "wijken", "wijk_code"), _codes(after, "wijken", "wijk_code")
    old_sectors, new_sectors = _codes(before, "sectors", "cd_sector"), _codes(after, "sectors", "cd_sector")
    lost_indicators = tuple(i for i in old_ids if i not in set(new_ids))
    lost_sectors = tuple(c for c in old_sectors if c not in set(new_sectors))
    return DataChange(
        lost_indicators=lost_indicators,
        gained_indicators=tuple(i for i in new_ids if i not in set(old_ids)),
        lost_wijken=tuple(c for c in old_wijken if c not in set(new_wijken)),
        gained_wijken=tuple(c for c in new_wijken if c not in set(old_wijken)),
        lost_sectors=lost_sectors, sectors_before=len(old_sectors), sectors_after=len(new_sectors),
        wijken_after=len(new_wijken), candidates=tuple(candidates) if lost_indicators or lost_sectors else ())


def planned_sources(current: Sequence[ProjectFile], add_roles: Sequence[str] = (),
                    remove: Sequence[int] = ()) -> list[ProjectFile]:
    """The current sources that stay when sources of ``add_roles`` are added and ``remove`` removed.

    As :func:`~wijk_core.sectors.store.change_sources` does: a source of a single role
    (sectors, catalogue, neighbourhoods, link table, sectors_other) replaces the current one of its role.
    """
    unknown = sorted(set(add_roles) - set(DATA_ROLES))
    if unknown:
        raise ValueError(f"data sources have one of the roles {DATA_ROLES}, got {unknown}")
    replaced = set(add_roles) & set(SINGLE_ROLES)
    return [f for f in current if f.id not in set(remove) and f.role not in replaced]


def _ids(data: SectorData | None, attribute: str) -> list[str]:
    return [] if data is None else [str(i) for i in getattr(data, attribute).index]


def _codes(data: SectorData | None, attribute: str, column: str) -> list[str]:
    return [] if data is None else [str(c) for c in getattr(data, attribute)[column]]
