"""The years of long indicator tables: a year picker per table (Data section), trends per candidate (profiles).

The year chosen is kept with the source (:func:`wijk_core.sectors.store.set_source_year`);
the project's data are read again for it, so the map, profiles, framework and ranking
all use it. The trends are computed by :func:`wijk_core.selection.trends.candidate_trends`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.i18n import t
from wijk_core.readers.catalogue import IndicatorKind
from wijk_core.readers.labels import indicator_label, indicator_unit
from wijk_core.sectors import store as sector_store
from wijk_core.sectors.data import SectorData, load_sources
from wijk_core.sectors.model import ProjectFile
from wijk_core.sectors.sources import DataChange, compare_data
from wijk_core.sectors.years import TableYears
from wijk_core.selection.candidates import MUNICIPALITY
from wijk_core.selection.charts import trend_chart
from wijk_core.selection.model import Candidate
from wijk_core.selection.trends import CandidateTrends, candidate_trends

from ..cache import store
from ..project_data import candidates, layer_of
from ..state import error_text, flash, lang, tr, trm

__all__ = ["caption", "picker", "tables_of", "trends"]

_CHARTS_PER_ROW = 3
_CHART_CONFIG = {"displaylogo": False, "displayModeBar": False}


def tables_of(files: list[ProjectFile], data: SectorData) -> dict[int, TableYears]:
    """The long tables of the loaded data by source id (indicator tables are read in the order stored)."""
    tables = [f for f in files if f.role == "indicators"]
    return {tables[found.table].id: found for found in data.year_tables if found.table < len(tables)}


def caption(role: str, tables: dict[int, TableYears]) -> None:
    """Under the indicator tables, when one holds several years: what the year pickers do."""
    if role == "indicators" and any(len(table.years) > 1 for table in tables.values()):
        st.caption(tr("years.picker_help"))


def picker(place, project_id: int, file: ProjectFile, table: TableYears | None, data: SectorData) -> None:
    """In ``place`` (a column), a year picker for a table of several years; a year picked is stored, and the
    page reads the table again. A year whose table would lose indicators (see
    :func:`~wijk_core.sectors.sources.compare_data`) is asked about first."""
    if table is None or len(table.years) < 2:
        return
    key = f"year_{file.id}"
    st.session_state[key] = table.year  # the year loaded, also after a change elsewhere (another tab, undo)
    place.selectbox(tr("years.picker"), list(table.years), key=key, label_visibility="collapsed",
                    format_func=_year_label(), on_change=_pick, args=(project_id, file, data))
    pending = st.session_state.get(_PENDING)
    if pending and pending[0] == file.id:
        _confirm(*pending)


_PENDING = "year_pending"


def _year_label():
    """The options of a year picker: "Jaar 2021" (the label itself is hidden: the row names the table)."""
    code = lang()
    return lambda year: t("years.option", code, year=str(year))


def _pick(project_id: int, file: ProjectFile, before: SectorData) -> None:
    """A year picked: stored at once, or kept for confirmation when the data would lose indicators."""
    chosen = int(st.session_state[f"year_{file.id}"])
    st.session_state.pop(_PENDING, None)
    sources = store().read(sector_store.data_sources, project_id)
    files = [(f.role, store().read(sector_store.file_content, f.id), f.filename,
              {**f.options, "year": chosen} if f.id == file.id else f.options) for f in sources]
    try:
        after, _report = load_sources(files)
    except WijkError as err:  # the table does not read for that year: nothing stored
        flash("error", error_text(err))
        return
    change = compare_data(before, after, [c.name for c in candidates(project_id)])
    if change.loses:
        st.session_state[_PENDING] = (file.id, file.filename, chosen, change, before)
        return
    _store_year(file.id, file.filename, chosen)


def _confirm(file_id: int, filename: str, chosen: int, change: DataChange, before: SectorData) -> None:
    names = [indicator_label(before.catalogue, i, lang()) for i in change.lost_indicators]
    lines = [trm("selection.change_lost_indicators", count=len(names), names=", ".join(names))]
    if change.candidates:
        lines.append(trm("selection.change_candidates", names=", ".join(change.candidates)))
    with st.container(border=True, key=f"year_change_{file_id}"):
        st.warning(trm("years.change_title", source=filename, year=str(chosen)), icon=":material/warning:")
        st.markdown("\n".join(f"- {line}" for line in lines))
        left, right = st.columns(2)
        if left.button(tr("selection.change_confirm"), key=f"year_confirm_{file_id}", type="primary"):
            st.session_state.pop(_PENDING, None)
            _store_year(file_id, filename, chosen)
            st.rerun()
        if right.button(tr("selection.change_cancel"), key=f"year_cancel_{file_id}"):
            st.session_state.pop(_PENDING, None)
            st.rerun()


def _store_year(file_id: int, filename: str, chosen: int) -> None:
    try:
        store().write(sector_store.set_source_year, file_id, chosen)
    except WijkError as err:  # refused (access, a source removed meanwhile): nothing stored
        flash("error", error_text(err))
        return
    flash("success", trm("years.changed", source=filename, year=str(chosen)))


@st.cache_data(show_spinner=False, max_entries=16)
def _trends(data_key: str, signature: tuple, _data: SectorData, _saved: list[Candidate]) -> CandidateTrends:
    return candidate_trends(_data, layer_of(_saved))


def trends(data: SectorData, data_key: str, saved: list[Candidate]) -> None:
    """Per candidate, a small chart per indicator of a long table: its value per year beside the municipality's."""
    if not any(len(table.years) > 1 for table in data.year_tables):
        return
    signature = tuple((c.id, c.name, c.updated_at.isoformat()) for c in saved)
    with st.spinner(tr("selection.profiling")):
        found = _trends(data_key, signature, data, saved)
    st.subheader(tr("years.trends_title"))
    st.caption(tr("years.trends_help"))
    names = [c.name for c in saved]
    name = st.selectbox(tr("years.trends_candidate"), names, key="trend_candidate") if len(names) > 1 else names[0]
    code = lang()
    for position, table in enumerate(y for y in data.year_tables if len(y.years) > 1):
        shown = [i for i in table.indicators if i in found.indicators]
        # an expander that reruns when opened or closed: only an open table's charts are built and sent
        # (all of them, closed too, cost Zennevallei's profiles 1.5 s in the browser)
        box = st.expander(trm("years.trends_table", source=table.source, first=str(table.years[0]),
                              last=str(table.years[-1])),
                          expanded=position == 0, key=f"trends_open_{table.table}", on_change="rerun")
        with box:
            if not box.open:
                continue
            for start in range(0, len(shown), _CHARTS_PER_ROW):
                for column, indicator in zip(st.columns(_CHARTS_PER_ROW), shown[start:start + _CHARTS_PER_ROW]):
                    column.plotly_chart(_chart(found.of(indicator), name, indicator, data, table.year, code),
                                        key=f"trend_{table.table}_{indicator}", config=_CHART_CONFIG)


def _chart(values: pd.DataFrame, name: str, indicator: str, data: SectorData, year: int, code: str):
    extensive = IndicatorKind(data.catalogue.at[indicator, "kind"]) is IndicatorKind.EXTENSIVE
    return trend_chart(values[name], values[MUNICIPALITY], title=indicator_label(data.catalogue, indicator, code),
                       name=name, reference_name=tr("selection.municipality"),
                       unit=indicator_unit(data.catalogue, indicator, code),
                       own_axis=extensive, chosen=year, lang=code)
