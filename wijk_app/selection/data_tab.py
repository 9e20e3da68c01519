"""Section "Data": the project's data sources, added, replaced or removed one at a time; the check's report.

A change that makes indicators, neighbourhoods or sectors disappear is read first and
shown (what disappears, whose figures change) before it is stored; the previous set of
sources comes back in one click.
"""

from __future__ import annotations

import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.i18n import format_number
from wijk_core.readers.labels import indicator_label
from wijk_core.readers.report import ValidationReport
from wijk_core.sectors import store as sector_store
from wijk_core.sectors.data import load_sources, sector_summary
from wijk_core.sectors.model import NewSource
from wijk_core.sectors.sources import DataChange, compare_data, planned_sources

from ..cache import store
from ..project_data import candidates
from ..state import flash, lang, md, show_error, show_flash, tr, trm
from . import indicators as indicator_catalogue
from . import official as official_data
from . import years

_SEVERITY_ICON = {"error": ":material/error:", "warning": ":material/warning:", "info": ":material/info:"}
_ROLE_ORDER = ("sectors", "sectors_other", "indicators", "neighbourhoods", "link_table", "catalogue")
_PENDING = "data_pending"
_NAMES_SHOWN = 40


def show_report(report: ValidationReport | None) -> None:
    """Every issue of the data check: translated message, count and examples."""
    st.subheader(tr("selection.report_title"))
    if report is None or not len(report):
        st.success(tr("selection.report_clean"))
        return
    for issue in report:
        params = {key: format_number(value, lang(), 2) if isinstance(value, float) else value
                  for key, value in issue.message_params(lambda n: format_number(n, lang(), 2)).items()}
        text = trm(issue.code, **params)  # examples and file names come from the user's files
        if issue.source:
            text = f"**{md(issue.source)}** – {text}"
        severity = getattr(issue.severity, "value", str(issue.severity))
        box = {"error": st.error, "warning": st.warning}.get(severity, st.info)
        box(text, icon=_SEVERITY_ICON.get(severity))


def _uploads(sectors, indicators, catalogue, wijken, other=None) -> list[NewSource]:
    """The files chosen in the form as sources; a wijk table (CSV, XLSX) is a link table (the first of each).

    ``other``: a second sector geometry, of the other generation of codes (role ``sectors_other``).
    """
    tables = [f for f in wijken or [] if f.name.lower().endswith((".csv", ".xlsx"))]
    polygons = [f for f in wijken or [] if f not in tables]
    chosen = [("sectors", sectors), ("catalogue", catalogue)] + [("indicators", f) for f in indicators or []]
    chosen += [("neighbourhoods", polygons[0] if polygons else None), ("link_table", tables[0] if tables else None)]
    chosen += [("sectors_other", other)]
    return [NewSource(role, upload.name, upload.getvalue()) for role, upload in chosen if upload is not None]


def _plan(project_id: int, data, add: list[NewSource], remove: list[int]) -> None:
    """Read the sources as they would be; store the change at once, or keep it for confirmation."""
    current = store().read(sector_store.data_sources, project_id)
    kept = planned_sources(current, [source.role for source in add], remove)
    if not any(f.role == "sectors" for f in kept) and not any(s.role == "sectors" for s in add):
        if add:
            st.error(tr("selection.upload_need_sectors"))
            return
        after = None  # every source removed: back to the demo
    else:
        files = [(f.role, store().read(sector_store.file_content, f.id), f.filename, f.options) for f in kept]
        files += [(source.role, source.content, source.filename) for source in add]
        try:
            with st.spinner(tr("selection.loading")):
                after, _report = load_sources(files)  # a file that fails stores nothing
        except WijkError as err:
            show_error(err)
            return
    before = None if data.synthetic else data
    change = compare_data(before, after, [c.name for c in candidates(project_id)])
    if change.loses:
        st.session_state[_PENDING] = (project_id, add, remove, change, before)
        st.rerun()
    _apply(project_id, add, remove, change)


def _apply(project_id: int, add: list[NewSource], remove: list[int], change: DataChange) -> None:
    try:
        store().write(sector_store.change_sources, project_id, add, remove)
    except WijkError as err:  # refused by the store (access, size …): nothing stored
        show_error(err)
        return
    st.session_state.pop(_PENDING, None)
    flash("success", tr("selection.changed", gained=format_number(len(change.gained_indicators), lang()),
                        lost=format_number(len(change.lost_indicators), lang()),
                        wijken=format_number(change.wijken_after, lang())))
    st.rerun()


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:_NAMES_SHOWN])
    return shown + (f", … (+{len(names) - _NAMES_SHOWN})" if len(names) > _NAMES_SHOWN else "")


def _confirm(project_id: int) -> bool:
    """The pending change: what it loses, confirm or cancel. True while one is shown."""
    pending = st.session_state.get(_PENDING)
    if not pending or pending[0] != project_id:
        return False
    _, add, remove, change, before = pending
    lines = []
    if change.lost_indicators:
        names = [indicator_label(before.catalogue, i, lang()) for i in change.lost_indicators]
        lines.append(trm("selection.change_lost_indicators", count=len(names), names=_listed(names)))
    if change.lost_wijken:
        wijken = before.wijken.set_index("wijk_code")["wijk_naam"]
        names = [str(wijken.get(code) or code) for code in change.lost_wijken]
        lines.append(trm("selection.change_lost_wijken", count=len(names), names=_listed(names)))
    if change.lost_sectors:
        lines.append(trm("selection.change_lost_sectors", count=format_number(len(change.lost_sectors), lang()),
                         total=format_number(change.sectors_before, lang())))
        if not change.sectors_after:
            lines.append(tr("selection.change_to_demo"))
    if change.candidates:
        lines.append(trm("selection.change_candidates", names=_listed(list(change.candidates))))
    with st.container(border=True, key="data_change"):
        st.warning(tr("selection.change_title"), icon=":material/warning:")
        st.markdown("\n".join(f"- {line}" for line in lines))
        left, right = st.columns(2)
        if left.button(tr("selection.change_confirm"), key="data_confirm", type="primary"):
            _apply(project_id, add, remove, change)
        if right.button(tr("selection.change_cancel"), key="data_cancel"):
            st.session_state.pop(_PENDING, None)
            flash("info", tr("selection.change_cancelled"))
            st.rerun()
    return True


def _sources(project_id: int, data) -> None:
    """The stored sources by role, each removable; the previous set, restorable."""
    st.subheader(tr("selection.sources_title"))
    files = store().read(sector_store.data_sources, project_id)
    if not files:
        st.caption(tr("selection.sources_none"))
    long_tables = years.tables_of(files, data)
    for role in _ROLE_ORDER:
        of_role = [f for f in files if f.role == role]
        if not of_role:
            continue
        st.markdown(f"**{tr(f'selection.role_{role}')}**")
        years.caption(role, long_tables)
        for file in of_role:
            name, year, button = st.columns([4, 1, 1], vertical_alignment="center")
            name.markdown(trm("selection.source_line", filename=file.filename,
                              size=format_number(round(file.size / 1e6, 2), lang(), 2)))
            if button.button(tr("selection.source_remove"), key=f"remove_{file.id}"):
                _plan(project_id, data, [], [file.id])
            years.picker(year, project_id, file, long_tables.get(file.id), data)
    previous = store().read(sector_store.previous_sources, project_id)
    if previous is not None:
        names = ", ".join(f.filename for f in previous) or tr("selection.undo_nothing")
        if st.button(tr("selection.undo"), key="data_undo", icon=":material/undo:"):
            _undo(project_id)
        st.caption(trm("selection.undo_caption", files=names))
    if files and st.button(tr("selection.use_demo"), key="use_demo"):
        _plan(project_id, data, [], [f.id for f in files])


def _undo(project_id: int) -> None:
    try:
        store().write(sector_store.undo_data_change, project_id)
    except WijkError as err:
        show_error(err)
        return
    st.session_state.pop(_PENDING, None)
    flash("success", tr("selection.undone"))
    st.rerun()


def render(project_id: int, data, report: ValidationReport | None, data_key: str) -> None:
    summary = sector_summary(data)
    show_flash()
    st.markdown(trm("selection.data_current", label=data.label,
                    sectors=format_number(summary["sectors"], lang()),
                    indicators=format_number(summary["indicators"], lang()),
                    wijken=format_number(summary["wijken"], lang())))
    if data.synthetic:
        st.caption(tr("selection.data_demo_note"))
    if not _confirm(project_id):
        _sources(project_id, data)
    official_data.render(project_id, data, _plan)
    st.write(tr("selection.data_intro"))
    with st.form("data_upload", clear_on_submit=True, border=True):
        sectors = st.file_uploader(tr("selection.upload_sectors"), key="up_sectors",
                                   type=["geojson", "json", "gpkg", "zip", "shp"])
        indicators = st.file_uploader(tr("selection.upload_indicators"), key="up_indicators",
                                      type=["txt", "csv", "xlsx", "zip"], accept_multiple_files=True)
        catalogue = st.file_uploader(tr("selection.upload_catalogue"), key="up_catalogue",
                                     type=["csv", "xlsx"])
        wijken = st.file_uploader(tr("selection.upload_wijken"), key="up_wijken",
                                  type=["geojson", "json", "gpkg", "zip", "csv", "xlsx"],
                                  accept_multiple_files=True)
        other = st.file_uploader(tr("selection.upload_sectors_other"), key="up_sectors_other",
                                 type=["geojson", "json", "gpkg", "zip", "shp"],
                                 help=tr("selection.upload_sectors_other_help"))
        submitted = st.form_submit_button(tr("selection.upload_button"), type="primary")
    if submitted:
        add = _uploads(sectors, indicators, catalogue, wijken, other)
        if add:
            _plan(project_id, data, add, [])
    indicator_catalogue.render(project_id, data)
    show_report(report)
