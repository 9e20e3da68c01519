"""The project's offline base map: prepared from an open-data service or uploaded, then served by the app.

The archive (MBTiles or PMTiles) is kept with the project's files (role ``basemap``);
:func:`offline_tiles` lays it out once under ``static/cache/basemaps/`` and every map of
the project uses it instead of the online service, with or without internet.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from wijk_core import config
from wijk_core.errors import WijkError
from wijk_core.i18n import format_number
from wijk_core.maps.archive import describe_archive, is_unpacked, unpack_stored
from wijk_core.maps.basemaps import BASEMAPS, LocalTiles
from wijk_core.maps.errors import MapError
from wijk_core.maps.offline import app_static_url
from wijk_core.maps.tiles import TilePlan, plan_tiles, prepare_tiles
from wijk_core.sectors import store as sector_store

from .cache import store
from .state import lang, show_error, tr, trn

ROLE = "basemap"
UPLOAD_TYPES = ["mbtiles", "pmtiles"]
_ZOOMS = (12, 19)
_DEFAULT_ZOOMS = (13, 17)


def _current(project_id: int):
    files = store().read(sector_store.list_files, project_id, ROLE)
    return files[-1] if files else None


@st.cache_resource(show_spinner=False, max_entries=16)
def _unpacked(file_id: int, sha256: str) -> LocalTiles:
    root = config.basemap_cache_dir()
    content = b"" if is_unpacked(sha256, root) else store().read(sector_store.file_content, file_id)
    return unpack_stored(content, sha256, root, url_prefix=app_static_url("cache/basemaps"))


def offline_tiles(project_id: int) -> LocalTiles | None:
    """The project's offline base map, laid out for the app to serve; None when it has none."""
    current = _current(project_id)
    if current is None:
        return None
    try:
        return _unpacked(current.id, current.sha256)
    except (MapError, OSError):  # a broken archive must not take the map down: fall back to online tiles
        return None


def _megabytes(size: int) -> str:
    return format_number(size / 1_000_000, lang(), 1)


def _store_archive(project_id: int, filename: str, content: bytes, options: dict) -> None:
    previous = store().read(sector_store.list_files, project_id, ROLE)
    stored = store().write(sector_store.add_file, project_id, ROLE, filename, content, options=options)
    for old in previous:
        if old.id != stored.id:
            store().write(sector_store.delete_file, old.id)


def _work_file(project_id: int, plan: TilePlan) -> Path:
    digest = hashlib.sha256(repr((plan.source, plan.bounds_wgs84, plan.min_zoom, plan.max_zoom)).encode())
    return config.basemap_work_dir() / f"project-{project_id}-{digest.hexdigest()[:16]}.mbtiles"


def _render_current(project_id: int) -> None:
    current = _current(project_id)
    if current is None:
        st.info(tr("basemap.none_yet"), icon=":material/wifi_off:")
        return
    options = current.options
    st.success(tr("basemap.current", name=current.filename, size=_megabytes(current.size),
                  min_zoom=options.get("min_zoom", "?"), max_zoom=options.get("max_zoom", "?"),
                  tiles=format_number(options.get("count", 0), lang(), 0)), icon=":material/map:")
    if st.button(tr("basemap.remove"), key="basemap_remove", icon=":material/delete:"):
        try:
            store().write(sector_store.delete_file, current.id)
        except WijkError as err:
            show_error(err)
        else:
            st.rerun()


def _render_prepare(project_id: int, bounds: tuple[float, float, float, float]) -> None:
    st.markdown(f"**{tr('basemap.prepare_title')}**")
    st.caption(tr("basemap.prepare_help"))
    sources = [key for key, base in BASEMAPS.items() if base.offline_allowed]
    source = st.selectbox(tr("basemap.source"), sources, key="basemap_source",
                          format_func=lambda key: BASEMAPS[key].name)
    zooms = st.slider(tr("basemap.zooms"), *_ZOOMS, value=_DEFAULT_ZOOMS, key="basemap_zooms",
                      help=tr("basemap.zooms_help"))
    try:
        plan = plan_tiles(source, bounds, int(zooms[0]), int(zooms[1]))
    except WijkError as err:
        show_error(err)
        return
    st.caption(trn("basemap.estimate", plan.count, size=_megabytes(plan.estimated_bytes)))
    work = _work_file(project_id, plan)
    if work.is_file():
        st.warning(tr("basemap.partial_kept"), icon=":material/pending:")
    if st.button(tr("basemap.prepare"), key="basemap_prepare", type="primary", icon=":material/download:"):
        def words(done: int, total: int) -> str:
            return tr("basemap.progress", done=format_number(done, lang()), total=format_number(total, lang()))

        bar = st.progress(0.0, text=words(0, plan.count))

        def progress(done: int, total: int) -> None:
            bar.progress(done / max(1, total), text=words(done, total))

        try:
            prepare_tiles(plan, work, progress=progress)
        except WijkError as err:
            show_error(err)
            st.info(tr("basemap.resume_hint"), icon=":material/replay:")
            return
        options = {"kind": "mbtiles", "source": source, "min_zoom": plan.min_zoom, "max_zoom": plan.max_zoom,
                   "count": plan.count}
        try:
            _store_archive(project_id, f"{source}-z{plan.min_zoom}-{plan.max_zoom}.mbtiles", work.read_bytes(),
                           options)
        except WijkError as err:
            show_error(err)
            return
        work.unlink(missing_ok=True)
        st.rerun()
    if work.is_file() and st.button(tr("basemap.discard"), key="basemap_discard", icon=":material/delete_sweep:"):
        work.unlink(missing_ok=True)
        st.rerun()


def _render_upload(project_id: int) -> None:
    st.markdown(f"**{tr('basemap.upload_title')}**")
    st.caption(tr("basemap.upload_help"))
    upload = st.file_uploader(tr("basemap.upload"), type=UPLOAD_TYPES, key="basemap_upload")
    if upload is None:
        return
    content = upload.getvalue()
    try:
        info = describe_archive(content, config.basemap_work_dir())
    except WijkError as err:
        show_error(err)
        return
    st.caption(tr("basemap.upload_found", kind=info.kind.upper(), min_zoom=info.min_zoom, max_zoom=info.max_zoom,
                  tiles=format_number(info.count, lang(), 0)))
    if st.button(tr("basemap.upload_use"), key="basemap_upload_use", type="primary", icon=":material/upload:"):
        options = {"kind": info.kind, "min_zoom": info.min_zoom, "max_zoom": info.max_zoom, "count": info.count}
        try:
            _store_archive(project_id, upload.name, content, options)
        except WijkError as err:
            show_error(err)
        else:
            st.rerun()


def render_panel(project_id: int, bounds_wgs84: tuple[float, float, float, float]) -> None:
    """The officer's panel: the offline base map in use, prepare one from a service, or upload one."""
    st.subheader(tr("basemap.title"))
    st.markdown(tr("basemap.intro"))
    _render_current(project_id)
    _render_prepare(project_id, bounds_wgs84)
    _render_upload(project_id)
