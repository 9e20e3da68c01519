"""Exports (CSV, GeoJSON, XLSX), the QR code to the residents' page, and the moderation settings."""

from __future__ import annotations

import html
import re

import streamlit as st

from wijk_core.errors import WijkError
from wijk_core.ideas import (CUSTOM_COLOURS, DEFAULT_REPORT_THRESHOLD, comments_frame, export_value_labels, ideas_csv,
                             ideas_geojson, ideas_xlsx, lan_address, log_frame, qr_png, qr_svg, reachable_base,
                             resident_url)
from wijk_core import config
from wijk_core.ideas import store as idea_store

from ..cache import store
from ..state import lang, md, show_error, tr, trn
from .common import categories, load_frame
from .identification import render_settings as render_identification, show_code

_HEADER_KEYS = ("id", "category", "title", "text", "pseudonym", "status", "merged_into", "support", "votes",
                "votes_for", "votes_against", "comments", "reports", "created_at", "lon", "lat", "x", "y",
                "idea_id", "stance", "action", "actor", "comment_id", "target_id", "previous_status", "note")


def _file_stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "project"


def render_exports(project) -> None:
    st.subheader(tr("ideas.mod_export_title"))
    st.caption(tr("ideas.mod_export_help"))
    frame = load_frame(project.id, None)
    labels = {key: label for key, (label, _colour) in categories(project.id).items()}
    headers = {key: tr(f"ideas.col_{key}") for key in _HEADER_KEYS}
    values = export_value_labels(lang())
    stem = f"ideeen-{_file_stem(project.name)}"
    comments = comments_frame(store().read(idea_store.project_comments, project.id))
    log = log_frame(store().read(idea_store.moderation_log, project.id))
    sheet_names = {"ideas": tr("ideas.mod_sheet_ideas"), "comments": tr("ideas.mod_sheet_comments"),
                   "log": tr("ideas.mod_sheet_log")}
    # files are made when clicked, and a click does not rerun the page (a rerun would withdraw the file mid-download)
    columns = st.columns(3)
    columns[0].download_button(tr("ideas.mod_export_csv"), lambda: ideas_csv(frame, category_labels=labels,
                                                                             headers=headers, value_labels=values),
                               file_name=f"{stem}.csv", mime="text/csv", key="ideas_export_csv",
                               icon=":material/table:", on_click="ignore")
    columns[1].download_button(tr("ideas.mod_export_geojson"), lambda: ideas_geojson(frame, category_labels=labels),
                               file_name=f"{stem}.geojson", mime="application/geo+json", key="ideas_export_geojson",
                               icon=":material/map:", on_click="ignore")
    columns[2].download_button(tr("ideas.mod_export_xlsx"),
                               lambda: ideas_xlsx(frame, comments, log, category_labels=labels, headers=headers,
                                                  sheet_names=sheet_names, value_labels=values),
                               file_name=f"{stem}.xlsx",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               key="ideas_export_xlsx", icon=":material/grid_on:", on_click="ignore")


def _default_base() -> tuple[str, str]:
    """The address phones can reach: the configured public one, else this machine's on the local network."""
    try:
        page = st.context.url or ""
    except Exception:  # outside a browser session (AppTest)
        page = ""
    try:
        return reachable_base(page, public_url=config.public_url(), lan=lan_address())
    except ValueError:  # a WIJK_PUBLIC_URL that is not an http(s) address: ignore it, say so below
        return reachable_base(page, lan=lan_address())


def render_qr(project) -> None:
    st.subheader(tr("ideas.mod_qr_title"))
    default, origin = _default_base()
    base = st.text_input(tr("ideas.mod_qr_base"), value=default, key="ideas_qr_base",
                         help=tr("ideas.mod_qr_base_help"))
    try:
        url = resident_url(base, project_id=project.id, lang=lang())
    except ValueError:
        st.error(tr("ideas.mod_qr_bad_base"))
        return
    columns = st.columns([1, 2])
    columns[0].image(qr_png(url, scale=8), caption=tr("ideas.mod_qr_caption"), width=260)
    columns[0].markdown(f'<p class="wijk-qr-address">{html.escape(tr("ideas.mod_qr_address", url=url))}</p>',
                        unsafe_allow_html=True)
    with columns[1]:
        st.code(url, language=None)
        if base.strip().rstrip("/") == default:
            note = {"public": "ideas.mod_qr_public", "lan": "ideas.mod_qr_lan",
                    "page": "ideas.mod_qr_lan"}.get(origin, "ideas.mod_qr_no_lan")
            (st.warning if origin == "loopback" else st.caption)(tr(note))
        st.download_button(tr("ideas.mod_qr_png"), qr_png(url, scale=12), file_name="qr-ideeen.png",
                           mime="image/png", key="ideas_qr_png", icon=":material/qr_code:", on_click="ignore")
        st.download_button(tr("ideas.mod_qr_svg"), qr_svg(url, scale=12), file_name="qr-ideeen.svg",
                           mime="image/svg+xml", key="ideas_qr_svg", icon=":material/qr_code_2:",
                           on_click="ignore")
        show_code(store().read(idea_store.get_settings, project.id))


def render_settings(project) -> None:
    st.subheader(tr("ideas.mod_settings_title"))
    settings = store().read(idea_store.get_settings, project.id)
    with st.form("ideas_threshold_form", border=True):
        threshold = st.number_input(tr("ideas.mod_threshold"), min_value=1, max_value=100, step=1,
                                    value=settings.report_threshold, key="ideas_threshold",
                                    help=tr("ideas.mod_threshold_help", default=DEFAULT_REPORT_THRESHOLD))
        if st.form_submit_button(tr("ideas.mod_save")):
            try:
                store().write(idea_store.set_report_threshold, project.id, int(threshold))
            except WijkError as err:
                show_error(err)
            else:
                st.success(trn("ideas.mod_threshold_saved", int(threshold)))
    render_identification(project.id)
    st.markdown(f"**{tr('ideas.mod_categories_title')}**")
    custom = store().read(idea_store.list_categories, project.id)
    for category in custom:
        st.markdown(f":material/label: {md(category.label)} · `{category.colour}`")
    with st.form("ideas_category_form", border=True):
        label = st.text_input(tr("ideas.mod_category_label"), max_chars=40, key="ideas_category_label")
        colour = st.color_picker(tr("ideas.mod_category_colour"), CUSTOM_COLOURS[len(custom) % len(CUSTOM_COLOURS)],
                                 key="ideas_category_colour")
        if st.form_submit_button(tr("ideas.mod_category_add")):
            try:
                added = store().write(idea_store.add_category, project.id, label, colour)
            except WijkError as err:
                show_error(err)
            else:
                st.success(tr("ideas.mod_category_added", label=md(added.label)))
