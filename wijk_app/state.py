"""Per-browser-session state: interface language and current project."""

from __future__ import annotations

import re

import streamlit as st

from wijk_core import config
from wijk_core.i18n import LANGUAGES, language, t
from wijk_core.store import Project, StoreError
from wijk_core.store import projects as project_store

from .cache import store

LANG_KEY = "lang"
PROJECT_KEY = "project_id"


def lang() -> str:
    """The interface language: chosen in this session, else ``?lang=`` in the URL, else the default."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = language(st.query_params.get("lang") or config.default_language())
    return st.session_state[LANG_KEY]


def tr(key: str, **params: object) -> str:
    """Translate a catalogue key into the session's language."""
    return t(key, lang(), **params)


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object) -> str:
    """User text made literal for Streamlit markdown (no emphasis, links, LaTeX or HTML)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def trm(key: str, **params: object) -> str:
    """Like :func:`tr`, for messages shown as markdown: text parameters are made literal."""
    return tr(key, **{k: md(v) if isinstance(v, str) else v for k, v in params.items()})


def labeller(prefix: str):
    """A ``format_func`` for option keys: ``key`` → the message ``prefix + key``.

    The language is fixed when the widget is drawn, so the labels stay right even
    when Streamlit formats options outside the script run.
    """
    code = lang()
    return lambda key: t(f"{prefix}{key}", code)


def error_text(err: StoreError) -> str:
    """The user's-language message for a store error (text parameters made literal)."""
    return trm(err.code, **err.params)


def current_project() -> Project:
    """The project this session works in; the demo project on first visit."""
    projects = store().read(project_store.list_projects)
    wanted = st.session_state.get(PROJECT_KEY)
    if wanted is None:
        from_url = st.query_params.get("project")
        wanted = int(from_url) if from_url and from_url.isdigit() else None
    chosen = next((p for p in projects if p.id == wanted), None)
    if chosen is None:
        chosen = projects[0] if projects else store().write(project_store.ensure_project,
            t("project.demo_name", config.default_language()))
    # The sidebar's select box owns this key once drawn: write it only when it changes.
    if st.session_state.get(PROJECT_KEY) != chosen.id:
        st.session_state[PROJECT_KEY] = chosen.id
    return chosen


_RENEWED_KEY = "_renewed_widgets"


def widget_key(key: str) -> str:
    """The current key of a widget that :func:`renew` can empty (``key``, then ``key.1``, ``key.2`` …).

    Assigning ``""`` to a widget's state reaches the browser only when the widget is drawn again: a click that
    interrupts that run sends the browser's old text back and it reappears. A new key is a new widget, so what
    was typed before is gone for good.
    """
    count = st.session_state.get(_RENEWED_KEY, {}).get(key, 0)
    return f"{key}.{count}" if count else key


def renew(*keys: str) -> None:
    """Empty these widgets from the next run on (e.g. a form's fields after a successful post)."""
    counts = dict(st.session_state.get(_RENEWED_KEY, {}))
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    st.session_state[_RENEWED_KEY] = counts


__all__ = ["LANGUAGES", "LANG_KEY", "PROJECT_KEY", "current_project", "error_text", "labeller", "lang",
           "md", "renew", "tr", "trm", "widget_key"]

