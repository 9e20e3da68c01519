"""What the resident page and the facilitator's page share: store access, identity, area, labels."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import geopandas as gpd
import streamlit as st
from babel.dates import format_date, format_datetime

from wijk_core.i18n import Language
from wijk_core.ideas import (BUILTIN_CATEGORIES, LOCAL_TIMEZONE, IdeaArea, IdeaLabels, all_categories,
                             format_support, ideas_frame, is_issued_token, new_participant_token, to_wgs84)
from wijk_core.ideas import store as idea_store
from wijk_core.ideas.model import IdeaSettings, Origin
from wijk_core.ideas.rules import Identification
from wijk_core.maps.leaflet import to_wgs84_geojson
from wijk_core.selection import store as selection_store

from ..cache import store
from ..identity import client_address
from ..project_data import layer_of, project_data
from ..state import lang, md, tr, trn


DONE_ICON = ":material/check_circle:"
"""Icon of the message shown after a resident's idea, comment, vote or report is saved."""

TOKEN_KEY = "ideas_participant"
"""Session key of the resident's random participant token (only its hash reaches the database)."""
_PSEUDONYM_KEY = "_ideas_pseudonym_used"
PARTICIPANT_COOKIE = "wijk_participant"
COOKIE_SCRIPT = """<script>document.cookie = "%s=%s; Path=/; SameSite=Strict"
  + (location.protocol === "https:" ? "; Secure" : "");</script>"""
DEVICE_COOKIE_SCRIPT = """<script>document.cookie = "%s=%s; Path=/; Max-Age=%d; SameSite=Strict"
  + (location.protocol === "https:" ? "; Secure" : "");</script>"""
CODE_KEY = "ideas_workshop_code"
"""Session key of the workshop code this resident typed (sent with every write; the core checks it)."""
_DEVICE_COOKIE_KEY = "_ideas_device_cookie_days"

WORKSHOP_CSS = """
<style>
  html { font-size: 22px; }
  [data-testid="stAppViewContainer"] .block-container { max-width: 100%; padding-top: 1rem; }
  [data-testid="stMarkdownContainer"] p, [data-testid="stText"], .wijk-idea-card, .wijk-legend { font-size: 1.1rem; }
  .wijk-idea-card h3 { font-size: 1.6rem; }
</style>
"""



def participant_token() -> str:
    """This browser session's participant token: the one its cookie kept, else a new one."""
    if TOKEN_KEY not in st.session_state:
        kept = _participant_cookie()
        st.session_state[TOKEN_KEY] = kept if is_issued_token(kept) else new_participant_token()
    return st.session_state[TOKEN_KEY]


def _participant_cookie() -> str | None:
    try:
        value = st.context.cookies.get(PARTICIPANT_COOKIE)
    except Exception:  # no browser behind this run (bare mode)
        return None
    return value if isinstance(value, str) else None  # AppTest answers with a stand-in object


def keep_participant(settings: IdeaSettings | None = None) -> None:
    """Keep the token in a cookie, so a reload or a second tab is the same participant.

    A Streamlit session ends with the page: without the cookie a reload would be a new participant, free to
    vote again and with a fresh rate limit. The cookie is sent only to this site; what is written is the token,
    a random URL-safe string checked against its shape. It lives as long as the browser session, or, when the
    project tells residents apart by device, ``device_days`` days from the last visit (written once a visit).
    """
    token = participant_token()
    if not is_issued_token(token):
        return
    if settings is not None and settings.identification == Identification.DEVICE.value:
        if st.session_state.get(_DEVICE_COOKIE_KEY) != (token, settings.device_days):
            st.session_state[_DEVICE_COOKIE_KEY] = (token, settings.device_days)
            st.html(DEVICE_COOKIE_SCRIPT % (PARTICIPANT_COOKIE, token, settings.device_days * 86_400),
                    unsafe_allow_javascript=True)
    elif _participant_cookie() != token:
        st.html(COOKIE_SCRIPT % (PARTICIPANT_COOKIE, token), unsafe_allow_javascript=True)


def origin() -> Origin:
    """Where this resident's writes come from: the client address the app saw, and the workshop code typed."""
    return Origin(address=client_address(), code=st.session_state.get(CODE_KEY))


def pseudonym_field(key: str) -> str:
    """Key of a pseudonym field, filled with the name this resident signed with last (forms come and go)."""
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(_PSEUDONYM_KEY, "")
    return key


def remember_pseudonym(pseudonym: str) -> None:
    st.session_state[_PSEUDONYM_KEY] = pseudonym


def workshop_mode() -> bool:
    """``?workshop=1``: large type for a projector."""
    return st.query_params.get("workshop", "") in ("1", "true", "yes", "ja", "oui")


def apply_workshop_style() -> None:
    if workshop_mode():
        st.html(WORKSHOP_CSS)


def categories(project_id: int) -> dict[str, tuple[str, str]]:
    """Category key → (label in the reader's language, colour): built-in first, then the project's."""
    custom = store().read(idea_store.list_categories, project_id)
    return {key: (category.label or tr(f"ideas.category_{key}"), category.colour)
            for key, category in all_categories(custom).items()}


BUILTIN_KEYS = tuple(category.key for category in BUILTIN_CATEGORIES)


@st.cache_resource(show_spinner=False, max_entries=16)
def _area_from_candidates(signature: tuple, _layer: gpd.GeoDataFrame) -> IdeaArea:
    return IdeaArea.from_layer(_layer, "candidates", names=list(_layer.index))


@st.cache_resource(show_spinner=False, max_entries=8)
def _area_from_sectors(data_key: str, _sectors: gpd.GeoDataFrame) -> IdeaArea:
    return IdeaArea.from_layer(_sectors, "sectors")


def idea_area(project_id: int) -> IdeaArea:
    """Where residents may pin ideas: the union of the project's candidate neighbourhoods if
    it has any, else the whole municipality of its sector data (the demo one by default)."""
    saved = store().read(selection_store.list_candidates, project_id)
    if saved:
        signature = tuple((c.id, c.updated_at.isoformat()) for c in saved)
        return _area_from_candidates(signature, layer_of(saved))
    data, _report, data_key = project_data(project_id)
    return _area_from_sectors(data_key, data.sectors)


def places(project_id: int, area: IdeaArea) -> dict[str, tuple[float, float]]:
    """Named spots inside the area, to place an idea without the map: the candidate
    neighbourhoods, or else the statistical sectors (name and code). Values are (lon, lat)."""
    if area.source == "candidates":
        candidates = store().read(selection_store.list_candidates, project_id)
        points = {c.name: c.geometry.representative_point() for c in candidates}
    else:
        data, _report, data_key = project_data(project_id)
        return _sector_places(data_key, lang(), data.sectors, area)
    return {name: to_wgs84(point.x, point.y) for name, point in points.items() if area.contains(point.x, point.y)}


@st.cache_resource(show_spinner=False, max_entries=8)
def _sector_places(data_key: str, language: str, _sectors: gpd.GeoDataFrame,
                   _area: IdeaArea) -> dict[str, tuple[float, float]]:
    """The sectors' names and a point inside each (once per data set and language: a
    national layer has ~20,800 of them)."""
    column = next((c for c in (f"tx_sector_descr_{language}", "tx_sector_descr_nl") if c in _sectors), None)
    names = _sectors[column].fillna("") if column else _sectors["cd_sector"]
    points = _sectors.geometry.representative_point()
    lonlat = points.to_crs(4326)
    return {f"{name} ({code})" if name else str(code): (lon, lat)
            for name, code, point, lon, lat in zip(names, _sectors["cd_sector"], points,
                                                   lonlat.x.tolist(), lonlat.y.tolist())
            if _area.contains(point.x, point.y)}


def sector_names(project_id: int, area: IdeaArea) -> dict[str, tuple[float, float]]:
    """The statistical sectors inside the area, by name (their code when unnamed), each at a point inside it:
    what the map names on a plain background when no base map shows."""
    data, _report, data_key = project_data(project_id)
    return {name.rsplit(" (", 1)[0]: point
            for name, point in _sector_places(data_key, lang(), data.sectors, area).items()}


@st.cache_resource(show_spinner=False, max_entries=8)
def _sector_outlines(data_key: str, bounds: tuple, _sectors: gpd.GeoDataFrame, _area: IdeaArea) -> dict:
    inside = _sectors[_sectors.intersects(_area.geometry)]
    return to_wgs84_geojson(inside[[inside.geometry.name]].set_geometry(inside.geometry.simplify(2.0)))


def sector_outlines(project_id: int, area: IdeaArea) -> dict:
    """The borders of the sectors in the area, as WGS84 GeoJSON, for the map's plain background."""
    data, _report, data_key = project_data(project_id)
    return _sector_outlines(data_key, area.bounds_wgs84, data.sectors, area)


def load_frame(project_id: int, statuses=("visible",)):
    """The project's ideas (by default the visible ones) as a DataFrame."""
    return ideas_frame(store().read(idea_store.list_ideas, project_id, statuses))


def when(moment: datetime, with_time: bool = True) -> str:
    """A timestamp in Belgian local time, formatted for the reader's language."""
    locale = Language(lang()).locale
    if with_time:
        return format_datetime(moment, "short", tzinfo=LOCAL_TIMEZONE, locale=locale)
    return format_date(moment.astimezone(ZoneInfo(LOCAL_TIMEZONE)), "medium", locale=locale)


def card_labels(status: str = "") -> IdeaLabels:
    return IdeaLabels.for_language(lang(), status)


def map_labels() -> IdeaLabels:
    return IdeaLabels.for_language(lang())


def idea_label(idea: Any, category_label: str) -> str:
    """One line naming an idea in lists and buttons (markdown-literal user text)."""
    return (f"{md(idea.title)} · {md(category_label)} · {format_support(idea.support)} "
            f"({md(trn('ideas.votes_count', int(idea.votes)))})")


__all__ = ["BUILTIN_KEYS", "CODE_KEY", "COOKIE_SCRIPT", "DEVICE_COOKIE_SCRIPT", "DONE_ICON", "PARTICIPANT_COOKIE",
           "TOKEN_KEY", "apply_workshop_style", "card_labels", "categories", "idea_area", "idea_label",
           "keep_participant", "load_frame", "map_labels", "origin", "participant_token", "places",
           "pseudonym_field", "remember_pseudonym", "when", "workshop_mode"]
