"""What every section of the selection page shares: the project's data and candidates."""

from __future__ import annotations

import warnings

import geopandas as gpd
import pandas as pd
import streamlit as st

from wijk_core import config
from wijk_core.errors import WijkError
from wijk_core.i18n import format_numbers
from wijk_core.maps.sector_layer import SectorPackage, prune, sector_package
from wijk_core.readers.report import ValidationReport
from wijk_core.sectors import store as sector_store
from wijk_core.sectors.data import SectorData, load_sector_data
from wijk_core.selection import store as selection_store
from wijk_core.selection.candidates import CandidateProfiles, candidate_layer, profile_candidates
from wijk_core.selection.model import Candidate

from ..cache import demo_data, store
from ..state import lang, tr, trm

DATA_ROLES = ("sectors", "indicators", "catalogue", "neighbourhoods", "link_table")


def show_error(err: WijkError) -> None:
    """Tell the user what is wrong, in their language."""
    st.error(trm(err.code, **err.params))


def _files_key(project_id: int) -> tuple:
    files = [f for f in store().read(sector_store.list_files, project_id) if f.role in DATA_ROLES]
    return tuple(sorted((f.id, f.role, f.sha256, f.filename) for f in files))


@st.cache_resource(show_spinner=False, max_entries=8)
def _uploaded(key: tuple) -> tuple[SectorData, ValidationReport]:
    by_role: dict[str, list] = {}
    for file_id, role, _sha, filename in key:
        by_role.setdefault(role, []).append((store().read(sector_store.file_content, file_id), filename))
    return load_sector_data(
        by_role["sectors"][-1], by_role.get("indicators", []),
        (by_role.get("catalogue") or [None])[-1], (by_role.get("neighbourhoods") or [None])[-1],
        link_table=(by_role.get("link_table") or [None])[-1],
    )


def project_data(project_id: int) -> tuple[SectorData, ValidationReport | None, str]:
    """The project's sector data: its uploaded files, else the demo. Returns (data, report, key)."""
    key = _files_key(project_id)
    if not any(role == "sectors" for _, role, _, _ in key):
        return demo_data(), None, "demo"
    try:
        with st.spinner(tr("selection.loading")):
            data, report = _uploaded(key)
    except WijkError as err:  # a stored file that no longer reads: fall back, say why
        show_error(err)
        return demo_data(), None, "demo"
    return data, report, repr(key)


def sector_frame(data: SectorData) -> gpd.GeoDataFrame:
    """Sectors indexed by code."""
    return data.sectors.set_index("cd_sector", drop=False)


@st.cache_resource(show_spinner=False, max_entries=8)
def _package(data_key: str, _data: SectorData) -> SectorPackage:
    package = sector_package(_data.sectors, config.map_cache_dir())
    prune(config.map_cache_dir(), config.map_cache_bytes(), keep=package.key)
    return package


def map_package(data: SectorData, data_key: str) -> SectorPackage:
    """The browser files of the data set's sectors (written once per data set, then reused)."""
    with st.spinner(tr("selection.preparing_map")):
        package = _package(data_key, data)
        if not (package.directory / "index.json").is_file():  # pruned by another app instance
            _package.clear()
            package = _package(data_key, data)
    return package


def map_style(cached, *args):
    """Call a cached function returning ``(..., style file name)``; redo it if the file is gone."""
    result = cached(*args)
    if not (config.map_cache_dir() / result[-1]).is_file():
        cached.clear()
        result = cached(*args)
    return result


def name_column(sectors: gpd.GeoDataFrame) -> str | None:
    """The sector-name column in the user's language, else Dutch, else none."""
    for column in (f"tx_sector_descr_{lang()}", "tx_sector_descr_nl"):
        if column in sectors:
            return column
    return None


def sector_texts(sectors: gpd.GeoDataFrame, values: pd.Series, language: str, decimals: int,
                 unit: str = "") -> pd.DataFrame:
    """The map's tooltip lines per sector: code, name and the value in the user's format
    (``no value`` where there is none)."""
    names = name_column(sectors)
    shown = [f"{text} {unit}".strip() if text != "–" else tr("selection.no_value")
             for text in format_numbers(values.reindex(sectors.index), language, decimals)]
    return pd.DataFrame({"code": sectors["cd_sector"],
                         "name": sectors[names].fillna("") if names else "",
                         "value": shown}, index=sectors.index)


def candidates(project_id: int) -> list[Candidate]:
    return store().read(selection_store.list_candidates, project_id)


def layer_of(saved: list[Candidate]) -> gpd.GeoDataFrame:
    return candidate_layer({c.name: c.geometry for c in saved})


@st.cache_data(show_spinner=False, max_entries=32)
def _profiles(data_key: str, signature: tuple, _data: SectorData, _layer: gpd.GeoDataFrame
              ) -> CandidateProfiles:
    return profile_candidates(_data, _layer)


def profiles(data: SectorData, data_key: str, saved: list[Candidate]) -> CandidateProfiles:
    """Profiles of the saved candidates (computed once per data set and candidate version)."""
    signature = tuple((c.id, c.name, c.updated_at.isoformat()) for c in saved)
    with st.spinner(tr("selection.profiling")):
        return _profiles(data_key, signature, data, layer_of(saved))


def idea_counts(project_id: int, saved: list[Candidate]) -> pd.Series:
    """Visible ideas pinned by residents inside each candidate (the "active citizens" signal)."""
    from wijk_core.ideas import ideas_frame, ideas_per_candidate
    from wijk_core.ideas.store import list_ideas

    with store().reading() as session:
        ideas = ideas_frame(list_ideas(session, project_id))
    return ideas_per_candidate(ideas, saved)


def with_ideas(values: pd.DataFrame, project_id: int, saved: list[Candidate]) -> pd.DataFrame:
    """Profile values with the idea counts added as data criteria."""
    from wijk_core.selection.framework import with_idea_counts

    return with_idea_counts(values, idea_counts(project_id, saved))


def indicator_label(data: SectorData, indicator: str) -> str:
    """The catalogue label of an indicator in the user's language."""
    from wijk_core.selection.framework import IDEAS_COUNT, IDEAS_PER_1000

    if indicator in (IDEAS_COUNT, IDEAS_PER_1000):
        return tr(f"selection.{indicator}")
    catalogue = data.catalogue
    for column in (f"label_{lang()}", "label_nl"):
        if column in catalogue.columns and indicator in catalogue.index:
            value = catalogue.at[indicator, column]
            if isinstance(value, str) and value:
                return value
    return indicator


def indicator_unit(data: SectorData, indicator: str) -> str:
    if "unit" in data.catalogue.columns and indicator in data.catalogue.index:
        value = data.catalogue.at[indicator, "unit"]
        return value if isinstance(value, str) else ""
    return ""


def quiet(func, *args, **kwargs):
    """Run a core call without its data warnings (the page shows coverage instead)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


__all__ = ["DATA_ROLES", "candidates", "idea_counts", "indicator_label", "with_ideas", "indicator_unit", "layer_of",
           "profiles", "project_data", "quiet", "sector_frame", "show_error", "pd"]
