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
from wijk_core.sectors.data import SectorData
from wijk_core.sectors.model import ProjectFile
from wijk_core.sectors.years import TableYears
from wijk_core.selection.candidates import MUNICIPALITY
from wijk_core.selection.charts import trend_chart
from wijk_core.selection.model import Candidate
from wijk_core.selection.trends import CandidateTrends, candidate_trends

from ..cache import store
from ..project_data import layer_of
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


def picker(place, file: ProjectFile, table: TableYears | None) -> None:
    """In ``place`` (a column), a year picker for a table of several years; a year picked is stored, and the
    page reads the table again."""
    if table is None or len(table.years) < 2:
        return
    key = f"year_{file.id}"
    st.session_state[key] = table.year  # the year loaded, also after a change elsewhere (another tab, undo)
    place.selectbox(tr("years.picker"), list(table.years), key=key, label_visibility="collapsed",
                    format_func=_year_label(), on_change=_store_year, args=(file.id, file.filename))


def _year_label():
    """The options of a year picker: "Jaar 2021" (the label itself is hidden: the row names the table)."""
    code = lang()
    return lambda year: t("years.option", code, year=str(year))


def _store_year(file_id: int, filename: str) -> None:
    chosen = int(st.session_state[f"year_{file_id}"])
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
    for position, table in enumerate(t for t in data.year_tables if len(t.years) > 1):
        shown = [i for i in table.indicators if i in found.indicators]
        with st.expander(trm("years.trends_table", source=table.source, first=str(table.years[0]),
                             last=str(table.years[-1])),
                         expanded=position == 0):
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
