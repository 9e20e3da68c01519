"""The "Fetch official data" part of the Data section: a municipality's Statbel sectors and tables.

The officer finds the municipality by name or code, picks the sector edition and tables;
the national files are downloaded once (a progress bar with bytes and time left) and kept
on the server, then cut to the municipality and handed to the Data section's own change of
sources, so the change is reviewed, stored and undone like an upload. A failed download
changes nothing and says why. :func:`references` gives the candidates' profiles the
region's and Belgium's values of the indicators that came from a kept national table.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import pandas as pd
import streamlit as st

from wijk_core import config
from wijk_core.errors import WijkError
from wijk_core.i18n import format_number
from wijk_core.sectors.download import STATBEL_OPENDATA
from wijk_core.sectors import store as sector_store
from wijk_core.sectors.municipalities import REGIONS, Municipality, find_municipalities, municipalities, region_of
from wijk_core.sectors.official import TABLE_KEYS, fetch_official, kept_files, progress_message
from wijk_core.sectors.references import BELGIUM, national_references

from ..cache import store
from ..state import labeller, lang, show_error, tr, trm

Plan = Callable[[int, object, list, list], None]
"""The Data section's change of sources: ``plan(project_id, data, add, remove)``."""

_UPDATE_S = 0.2


def _codes(m: Municipality) -> str:
    if m.pre2025 and m.from2025:
        return m.nis5
    if m.pre2025:
        return tr("official.merged_into", old=m.nis5, new=m.nis5_2025)
    old = ", ".join(o.nis5 for o in municipalities() if o.pre2025 and o.nis5_2025 == m.nis5)
    return tr("official.new_from", new=m.nis5, old=old)


def _label(m: Municipality) -> str:
    return tr("official.option", name=m.name(lang()), codes=_codes(m))


class _Bar:
    """Streamlit progress bar fed by the download's ``progress(key, received, expected)``."""

    def __init__(self) -> None:
        self.bar = st.progress(0.0)
        self.started: dict[str, float] = {}
        self.shown = 0.0

    def __call__(self, key: str, received: int, expected: int | None) -> None:
        now = time.monotonic()
        start = self.started.setdefault(key, now)
        if now - self.shown < _UPDATE_S and (expected is None or received < expected):
            return
        self.shown = now
        fraction, text = progress_message(key, received, expected, now - start, lang())
        self.bar.progress(fraction, text=text)


def _fetch(project_id: int, data, chosen: Municipality, edition: str, tables: list[str], plan: Plan) -> None:
    bar = _Bar()
    try:
        result = fetch_official(chosen.nis5, edition, tables, config.official_dir(),
                                base_url=config.statbel_url() or STATBEL_OPENDATA, progress=bar)
    except WijkError as err:  # offline, 404, 500, cut short, corrupt: nothing stored
        bar.bar.empty()
        show_error(err)
        st.info(tr("official.failed"), icon=":material/info:")
        return
    bar.bar.progress(1.0, text=tr("official.extracting"))
    st.caption(tr("official.fetched", name=chosen.name(lang()),
                  sectors=format_number(result.rows[result.sources[0].options["official"]], lang()),
                  tables=format_number(len(result.sources) - 1, lang())))
    plan(project_id, data, result.sources, [])


def render(project_id: int, data, plan: Plan) -> None:
    """The expander: search, choose, fetch; ``plan`` stores the change as an upload would."""
    with st.expander(tr("official.title"), icon=":material/cloud_download:"):
        st.caption(tr("official.intro"))
        query = st.text_input(tr("official.search"), key="official_query", help=tr("official.search_help"))
        if not query.strip():
            return
        found = find_municipalities(query)
        if not found:
            st.info(trm("official.none_found", query=query))
            return
        chosen = st.selectbox(tr("official.pick"), found, format_func=_label, key="official_pick")
        # both editions for every municipality: a merged one is cut with its former codes in the 2024 one
        edition = st.radio(tr("official.edition"), ["2024", "2025"], format_func=labeller("official.edition_"),
                           index=0 if chosen.pre2025 else 1, key="official_edition")
        tables = st.multiselect(tr("official.tables"), list(TABLE_KEYS), default=["income"],
                                format_func=labeller("official.table_"), key="official_tables")
        kept = kept_files(config.official_dir())
        if kept:
            st.caption(tr("official.kept", files=", ".join(path.name for path in kept.values())))
        if st.button(tr("official.button"), key="official_fetch", type="primary", icon=":material/download:"):
            _fetch(project_id, data, chosen, edition, tables, plan)


@st.cache_data(max_entries=8, show_spinner=False)
def _references(folder: str, official: tuple[str, ...], stamps: tuple[float, ...], catalogue: pd.DataFrame):
    """Cached per kept file version (``stamps``) and catalogue: reading a national table takes seconds."""
    return national_references(folder, [json.loads(options) for options in official], catalogue)


def references(project_id: int, data) -> dict[str, pd.Series]:
    """The region's and Belgium's values for the profile, by column label; empty without a kept national table."""
    official = [f.options for f in store().read(sector_store.data_sources, project_id)
                if f.role == "indicators" and f.options.get("official") in TABLE_KEYS]
    region = region_of(str(official[0].get("nis5", ""))) if official else None
    if region is None or data.synthetic:
        return {}
    same = [o for o in official if region_of(str(o.get("nis5", ""))) == region]
    kept = kept_files(config.official_dir())
    stamps = tuple(kept[o["official"]].stat().st_mtime if o["official"] in kept else 0.0 for o in same)
    try:
        found = _references(str(config.official_dir()), tuple(json.dumps(o, sort_keys=True) for o in same), stamps,
                            data.catalogue)
    except WijkError:  # a kept file that no longer reads: the profile goes on without references
        return {}
    if found is None or found.empty:
        return {}
    return {tr(f"official.region_{REGIONS[region]}"): found["region"], tr("official.belgium"): found[BELGIUM]}
