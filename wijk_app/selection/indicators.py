"""The Data section's indicator catalogue: how the project names, measures and reads its indicators.

The officer edits names (nl/fr/en), unit, kind, weight and direction in one table;
what differs from the files' catalogue is saved with the project
(:mod:`wijk_core.indicators.store`); the whole catalogue goes out and comes back in as
the catalogue file (CSV).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.indicators import store as indicator_store
from wijk_core.indicators.catalogue import (DIRECTIONS, EDITABLE, KINDS, IndicatorEntry, apply_entries,
                                            catalogue_csv, changed_entries, entries_of, read_catalogue_entries)
from wijk_core.readers.labels import indicator_label
from wijk_core.sectors.data import SectorData

from ..cache import store
from ..project_data import file_data
from ..state import flash, lang, show_error, show_flash, tr, trn

_AREA = ""


def _table(catalogue: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame([entry.values() for entry in entries_of(catalogue)],
                         index=pd.Index([str(i) for i in catalogue.index], name="id"), columns=list(EDITABLE))
    return table.fillna("")


def _edited(catalogue: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """The catalogue with the editor's values (an emptied name keeps the old one)."""
    entries = [IndicatorEntry(str(indicator), *("" if pd.isna(row[key]) else str(row[key]) for key in EDITABLE))
               for indicator, row in table.iterrows()]
    return apply_entries(catalogue, entries)


def _save(project_id: int, edited: pd.DataFrame, base: pd.DataFrame, stored: list[IndicatorEntry],
          only: set[str] | None = None) -> None:
    """Keep what differs from the files' catalogue; drop the project's entries that no longer differ."""
    changed = changed_entries(edited, base)
    keep = {entry.indicator for entry in changed}
    considered = set(edited.index) if only is None else only
    stale = [entry.indicator for entry in stored if entry.indicator in considered and entry.indicator not in keep]
    with store().writing() as session:
        if stale:
            indicator_store.reset_indicator_entries(session, project_id, stale)
        if changed:
            indicator_store.save_indicator_entries(session, project_id, changed)


def _weights(data: SectorData) -> dict[str, str]:
    """What the weight column shows → indicator id: the area, then each indicator by its (unique) label."""
    shown = {tr("indicators.weight_area"): _AREA}
    for indicator in data.catalogue.index:
        label = base = indicator_label(data.catalogue, indicator, lang())
        number = 1
        while label in shown:
            number += 1
            label = f"{base} ({number})"
        shown[label] = str(indicator)
    return shown


def _editor(project_id: int, data: SectorData, base: pd.DataFrame, stored: list[IndicatorEntry]) -> None:
    weights = _weights(data)
    weight_of = {indicator: label for label, indicator in weights.items()}
    table = _table(data.catalogue)
    table["denominator"] = table["denominator"].map(lambda v: weight_of.get(v, weight_of[_AREA]))
    if st.toggle(tr("indicators.show_ids"), key=f"ind_ids_{project_id}"):
        table.insert(0, "column", table.index)
    config = {
        "column": st.column_config.TextColumn(tr("indicators.col_id"), disabled=True),
        **{key: st.column_config.TextColumn(tr(f"indicators.col_{key}"), max_chars=200)
           for key in ("label_nl", "label_fr", "label_en")},
        "unit": st.column_config.TextColumn(tr("indicators.col_unit"), max_chars=40),
        "kind": st.column_config.SelectboxColumn(tr("indicators.col_kind"), options=KINDS, required=True,
                                                 format_func=lambda v: tr(f"indicators.kind_{v}")),
        "denominator": st.column_config.SelectboxColumn(tr("indicators.col_denominator"), options=list(weights),
                                                        required=True),
        "direction": st.column_config.SelectboxColumn(tr("indicators.col_direction"), options=DIRECTIONS,
                                                      required=True,
                                                      format_func=lambda v: tr(f"indicators.direction_{v}")),
    }
    with st.form(f"indicators_{project_id}", border=False):
        edited = st.data_editor(table.reset_index(drop=True), column_config=config, hide_index=True,
                                num_rows="fixed", key=f"ind_editor_{project_id}", width="stretch")
        saved = st.form_submit_button(tr("indicators.save"), type="primary")
    if saved:
        edited.index = table.index
        edited["denominator"] = edited["denominator"].map(lambda v: weights.get(v, _AREA))
        try:
            _save(project_id, _edited(base, edited[list(EDITABLE)]), base, stored)
        except WijkError as err:
            show_error(err)
        else:
            flash("success", tr("indicators.saved"))
            st.rerun()


def _file_io(project_id: int, data: SectorData, base: pd.DataFrame, stored: list[IndicatorEntry]) -> None:
    st.download_button(tr("indicators.export"), catalogue_csv(data.catalogue), file_name="indicator_catalogue.csv",
                       mime="text/csv", key=f"ind_export_{project_id}")
    upload = st.file_uploader(tr("indicators.import_file"), type=["csv", "xlsx"], key=f"ind_import_{project_id}")
    if upload is not None and st.button(tr("indicators.import_button"), key=f"ind_import_go_{project_id}"):
        try:
            entries = read_catalogue_entries(upload.getvalue(), upload.name, indicators=base.index)
            present = [entry for entry in entries if entry.indicator in base.index]
            absent = [entry for entry in entries if entry.indicator not in base.index]
            _save(project_id, apply_entries(base, present), base, stored, {e.indicator for e in present})
            if absent:  # kept for a table loaded later
                store().write(indicator_store.save_indicator_entries, project_id, absent)
        except WijkError as err:
            show_error(err)
        else:
            flash("success", trn("indicators.imported", len(entries)))
            st.rerun()


def render(project_id: int, data: SectorData) -> None:
    """The expander with the indicator table, its save, reset, export and import."""
    if data.catalogue.empty:
        return
    with st.expander(tr("indicators.title")):
        show_flash()
        st.caption(tr("indicators.intro"))
        stored = store().read(indicator_store.indicator_entries, project_id)
        base = file_data(project_id).catalogue
        if stored:
            st.caption(trn("indicators.edited", len(stored)))
        _editor(project_id, data, base, stored)
        if stored and st.button(tr("indicators.reset"), key=f"ind_reset_{project_id}"):
            store().write(indicator_store.reset_indicator_entries, project_id)
            flash("success", tr("indicators.reset_done"))
            st.rerun()
        _file_io(project_id, data, base, stored)


__all__ = ["render"]
