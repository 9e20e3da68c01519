"""What the map sections of the selection page share: the sectors' browser files and style files."""

from __future__ import annotations

import streamlit as st

from wijk_core import config
from wijk_core.maps.sector_layer import SectorPackage, prune, sector_package
from wijk_core.sectors.data import SectorData

from ..state import tr


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
    """Call a cached function returning a map's style (its ``style`` file name); redo it if the file is gone."""
    result = cached(*args)
    if not (config.map_cache_dir() / result.style).is_file():
        cached.clear()
        result = cached(*args)
    return result


__all__ = ["map_package", "map_style"]
