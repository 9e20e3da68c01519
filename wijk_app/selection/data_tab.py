"""Section "Data": upload the official files, see what the check found, or use the demo."""

from __future__ import annotations

import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.i18n import format_number
from wijk_core.sectors.data import load_sector_data, sector_summary
from wijk_core.sectors import store as sector_store
from wijk_core.readers.report import ValidationReport

from ..cache import store
from ..project_data import DATA_ROLES
from ..state import lang, md, show_error, tr, trm
from . import indicators as indicator_catalogue

_SEVERITY_ICON = {"error": ":material/error:", "warning": ":material/warning:", "info": ":material/info:"}


def show_report(report: ValidationReport | None) -> None:
    """Every issue of the data check: translated message, count and examples."""
    st.subheader(tr("selection.report_title"))
    if report is None or not len(report):
        st.success(tr("selection.report_clean"))
        return
    for issue in report:
        params = {key: format_number(value, lang(), 2) if isinstance(value, float) else value
                  for key, value in issue.message_params().items()}
        text = trm(issue.code, **params)  # examples and file names come from the user's files
        if issue.source:
            text = f"**{md(issue.source)}** – {text}"
        severity = getattr(issue.severity, "value", str(issue.severity))
        box = {"error": st.error, "warning": st.warning}.get(severity, st.info)
        box(text, icon=_SEVERITY_ICON.get(severity))


def _replace_files(project_id: int, uploads: dict[str, list]) -> None:
    """Swap the project's data files for the new ones in one transaction."""
    with store().writing() as session:
        for old in sector_store.list_files(session, project_id):
            if old.role in DATA_ROLES:
                sector_store.delete_file(session, old.id)
        for role, files in uploads.items():
            for upload in files:
                sector_store.add_file(session, project_id, role, upload.name, upload.getvalue())


def render(project_id: int, data, report: ValidationReport | None, data_key: str) -> None:
    summary = sector_summary(data)
    st.markdown(trm("selection.data_current", label=data.label,
                   sectors=format_number(summary["sectors"], lang()),
                   indicators=format_number(summary["indicators"], lang()),
                   wijken=format_number(summary["wijken"], lang())))
    if data.synthetic:
        st.caption(tr("selection.data_demo_note"))
    st.write(tr("selection.data_intro"))
    with st.form("data_upload", clear_on_submit=False, border=True):
        sectors = st.file_uploader(tr("selection.upload_sectors"), key="up_sectors",
                                   type=["geojson", "json", "gpkg", "zip", "shp"])
        indicators = st.file_uploader(tr("selection.upload_indicators"), key="up_indicators",
                                      type=["txt", "csv", "xlsx", "zip"], accept_multiple_files=True)
        catalogue = st.file_uploader(tr("selection.upload_catalogue"), key="up_catalogue",
                                     type=["csv", "xlsx"])
        wijken = st.file_uploader(tr("selection.upload_wijken"), key="up_wijken",
                                  type=["geojson", "json", "gpkg", "zip", "csv", "xlsx"],
                                  accept_multiple_files=True)
        submitted = st.form_submit_button(tr("selection.upload_button"), type="primary")
    if submitted:
        if sectors is None:
            st.error(tr("selection.upload_need_sectors"))
        else:
            polygons = [f for f in wijken or [] if not f.name.lower().endswith((".csv", ".xlsx"))]
            links = [f for f in wijken or [] if f.name.lower().endswith((".csv", ".xlsx"))]
            try:
                with st.spinner(tr("selection.loading")):
                    # read everything first: a file that fails stores nothing
                    load_sector_data((sectors.getvalue(), sectors.name),
                                     [(f.getvalue(), f.name) for f in indicators or []],
                                     (catalogue.getvalue(), catalogue.name) if catalogue else None,
                                     (polygons[0].getvalue(), polygons[0].name) if polygons else None,
                                     link_table=(links[0].getvalue(), links[0].name) if links else None)
                    _replace_files(project_id, {
                        "sectors": [sectors], "indicators": list(indicators or []),
                        "catalogue": [catalogue] if catalogue else [],
                        "neighbourhoods": polygons[:1], "link_table": links[:1]})
            except WijkError as err:
                show_error(err)
            else:
                st.success(tr("selection.loaded"))
                st.rerun()
    files = [f for f in store().read(sector_store.list_files, project_id) if f.role in DATA_ROLES]
    if files:
        with st.expander(tr("selection.stored_files")):
            st.dataframe([{tr("selection.col_role"): f.role, tr("selection.col_file"): f.filename,
                           tr("selection.col_size"): round(f.size / 1e6, 2)}
                          for f in files], hide_index=True)
        if st.button(tr("selection.use_demo"), key="use_demo"):
            _replace_files(project_id, {})
            st.rerun()
    indicator_catalogue.render(project_id, data)
    show_report(report)
