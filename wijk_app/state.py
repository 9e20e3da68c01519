"""Per-browser-session state: interface language, current project, and the messages every page shows.

:func:`show_error` tells the user what went wrong in their language; :func:`flash`
keeps a message for the run that follows a save and :func:`show_flash` shows it once.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping

import streamlit as st

from wijk_core import config
from wijk_core.errors import WijkError
from wijk_core.i18n import LANGUAGES, catalogue, language, t, tn
from wijk_core.store import Project
from wijk_core.store import projects as project_store

from .cache import store, system_store

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


def trn(key: str, count: float, **params: object) -> str:
    """Translate the plural group ``key`` for ``count`` into the session's language (:func:`tn`)."""
    return tn(key, count, lang(), **params)


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


# Streamlit's markdown turns " -- " into an em dash, "->" into an arrow, ">=" into "≥" … even
# when escaped (it rewrites the text after markdown is parsed): an invisible word joiner
# between the two characters keeps what the resident typed.
_TYPOGRAPHY_PAIRS = re.compile(r"([-<>~=])(?=[-<>~=])")
_WORD_JOINER = "\u2060"


def md(text: object) -> str:
    """User text made literal for Streamlit markdown (no emphasis, links, LaTeX, HTML or typography)."""
    literal = _TYPOGRAPHY_PAIRS.sub(lambda found: found.group(1) + _WORD_JOINER, str(text))
    return _MARKDOWN_SPECIALS.sub(r"\\\1", literal)


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


def error_text(err: WijkError, names: Mapping[str, str] | None = None) -> str:
    """The user's-language message of an error, its text parameters made literal.

    ``names`` maps a parameter to a message prefix whose translation replaces the
    value where the catalogue has one (``{"field": "costs.field."}`` shows a field's
    name, not its key).
    """
    messages = catalogue(lang()) if names else {}
    params = {}
    for name, value in err.params.items():
        translated = messages.get(f"{names[name]}{value}") if names and name in names else None
        params[name] = translated if translated is not None else md(value) if isinstance(value, str) else value
    return tr(err.code, **params)


def show_error(err: WijkError, names: Mapping[str, str] | None = None) -> None:
    """Tell the user what is wrong, in their language (see :func:`error_text` for ``names``)."""
    st.error(error_text(err, names), icon=":material/error:")


_FLASH_KEY = "_flash"
_FLASH_BOXES = {"success": st.success, "info": st.info, "error": st.error}


FLASH_HOLD_S = 10.0
_RUN_KEY = "_wijk_run"
"""How long a kept message survives further runs after it was first shown."""


def flash(kind: str, text: str, icon: str | None = None) -> None:
    """Keep a message (``success``, ``info`` or ``error``) for the run that follows a save or an action."""
    st.session_state[_FLASH_KEY] = (kind, text, icon)


def new_run() -> None:
    """Count the session's runs (called once at the top of every run, by the entry point)."""
    st.session_state[_RUN_KEY] = st.session_state.get(_RUN_KEY, 0) + 1


def show_flash() -> None:
    """The message kept by :func:`flash`, in the page (not a fading toast), once a run.

    Shown by the run that follows the action and by any other run within
    :data:`FLASH_HOLD_S` seconds of it: a map or a component often asks for one more
    run right away, which would otherwise wipe the message before anyone read it.

    The message goes into a container that every run draws, with or without a message:
    a message that comes or goes then does not shift the place of what follows in the
    page, and the browser keeps the forms below as they are (a form shifted by one place
    is drawn anew, and what the user had just typed or ticked in it was lost).
    """
    slot = st.container()
    found = st.session_state.get(_FLASH_KEY)
    if not found:
        return
    run = st.session_state.get(_RUN_KEY, 0)
    kind, text, icon, *seen = found
    now = time.monotonic()
    if not seen:
        seen = [now, None]
    elif now - seen[0] > FLASH_HOLD_S:
        del st.session_state[_FLASH_KEY]
        return
    if seen[1] == run:  # shown in this run already (a page and its tab both ask)
        return
    st.session_state[_FLASH_KEY] = (kind, text, icon, seen[0], run)
    with slot:
        _FLASH_BOXES.get(kind, st.error)(text, icon=icon)


_FORM_ERRORS_KEY = "_form_errors"


def form_error(form: str, text: str | None) -> None:
    """Keep (or with None, forget) the error of a form's send callback, shown by :func:`show_form_error`.

    Forms send through a callback (``on_click``): Streamlit runs it before the page, so a run that
    another run replaces halfway (a map sending its state) cannot lose the click; what it has to
    say waits in the session for the form's place on the page, through any further run, until
    the form is sent again or :func:`forget_form_errors` is called.
    """
    errors = st.session_state.setdefault(_FORM_ERRORS_KEY, {})
    if text is None:
        errors.pop(form, None)
    else:
        errors[form] = text


def forget_form_errors() -> None:
    """Forget every kept form error (another form or another item was opened)."""
    st.session_state[_FORM_ERRORS_KEY] = {}


def show_form_error(form: str) -> None:
    """The error kept by :func:`form_error` for ``form``, shown where the form is."""
    text = st.session_state.get(_FORM_ERRORS_KEY, {}).get(form)
    if text:
        st.error(text, icon=":material/error:")


def current_project() -> Project:
    """The project this session works in; the demo project on first visit."""
    projects = store().read(project_store.list_projects)
    wanted = st.session_state.get(PROJECT_KEY)
    if wanted is None:
        from_url = st.query_params.get("project")
        wanted = int(from_url) if from_url and from_url.isdigit() else None
    chosen = next((p for p in projects if p.id == wanted), None)
    if chosen is None:
        chosen = projects[0] if projects else system_store().write(project_store.ensure_project,
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


__all__ = ["LANGUAGES", "LANG_KEY", "PROJECT_KEY", "current_project", "error_text", "flash", "labeller",
           "lang", "md", "renew", "show_error", "show_flash", "tr", "trm", "trn", "widget_key"]

