"""Speaking Streamlit's own protocol, as a phone's browser does, without the browser.

A page is a websocket (``/_stcore/stream``). The browser sends ``BackMsg`` protobufs: a
``rerun_script`` carries the query string, the page's name and the state of every widget it
knows (a button's click is a ``trigger_value`` sent once; a form's fields travel only with its
submit button; a component, such as the streamlit-folium map, sends a JSON value). The server
answers with ``ForwardMsg`` protobufs: every script run starts with ``new_session``, sends
each element as a ``delta`` at its ``delta_path``, and ends with ``script_finished``
(``FINISHED_EARLY_FOR_RERUN`` when the script called ``st.rerun()`` and runs again). What
the resident sees is the elements of the last run that finished successfully.

This module holds the pure parts (building messages, following a page's runs, finding
widgets and text); ``bench_workshop.py`` drives residents with it over ``websockets``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = "streamlit"
WIDGETS = ("button", "radio", "button_group", "text_input", "text_area", "component_instance", "selectbox",
           "multiselect")


@dataclass(frozen=True)
class Widget:
    """One widget drawn in a run: its kind (the Element's type), id, label and options."""

    kind: str
    id: str
    label: str
    options: tuple[str, ...] = ()
    form_id: str = ""

    @property
    def key(self) -> str:
        """The user key Streamlit puts at the end of the id (``$$ID-<hash>-<key>``), or ``""``."""
        parts = self.id.split("-", 2)
        return parts[2] if self.id.startswith("$$ID-") and len(parts) == 3 else ""


def stream_url(base: str) -> str:
    """The websocket address of a server's ``http://host:port`` address."""
    parts = urlsplit(base)
    return f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}{parts.path.rstrip('/')}{STREAM_PATH}"


def rerun_message(query_string: str, page_name: str, states: list[WidgetState]) -> bytes:
    """A ``rerun_script`` BackMsg, as the browser sends on opening a page or on a widget's change."""
    message = BackMsg()
    message.rerun_script.query_string = query_string
    message.rerun_script.page_name = page_name
    message.rerun_script.widget_states.widgets.extend(states)
    return message.SerializeToString()


def widget_state(widget: Widget, value: object) -> WidgetState:
    """The state the browser sends for ``widget`` showing ``value`` (a click: ``True`` for a button)."""
    state = WidgetState(id=widget.id)
    if widget.kind == "button":
        state.trigger_value = bool(value)
    elif widget.kind in ("radio", "text_input", "text_area", "selectbox"):
        if widget.kind in ("radio", "selectbox") and value not in widget.options:
            raise ValueError(f"{value!r} is not an option of {widget.label!r}: {widget.options}")
        state.string_value = str(value)
    elif widget.kind in ("button_group", "multiselect"):
        values = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        unknown = [v for v in values if v not in widget.options]
        if unknown:
            raise ValueError(f"{unknown} are not options of {widget.label!r}: {widget.options}")
        state.string_array_value.data.extend(values)
    elif widget.kind == "component_instance":
        state.json_value = json.dumps(value)
    else:
        raise ValueError(f"no state for a {widget.kind}")
    return state


def map_tap(lon: float, lat: float) -> dict:
    """The value streamlit-folium sends for a tap on the map (only the objects the app asks back)."""
    return {"last_clicked": {"lat": lat, "lng": lon}, "last_object_clicked_tooltip": None,
            "last_object_clicked_count": 0}


def plain(text: str) -> str:
    """Text as read on screen: without the backslashes and word joiners that keep user text literal."""
    return text.replace("\\", "").replace("\u2060", "")


def _widget(kind: str, element) -> Widget:
    if kind == "radio":
        options: tuple[str, ...] = tuple(element.options)
    elif kind == "button_group":
        options = tuple(option.content for option in element.options)
    elif kind in ("selectbox", "multiselect"):
        options = tuple(element.options)
    else:
        options = ()
    label = element.component_name if kind == "component_instance" else element.label
    return Widget(kind, element.id, plain(label), options, getattr(element, "form_id", ""))


def _texts(kind: str, element) -> list[str]:
    if kind in ("markdown", "heading", "html", "alert", "toast"):
        return [plain(element.body)]
    if kind in WIDGETS and kind != "component_instance":
        return [plain(element.label)]
    return []


class Page:
    """What one websocket shows: the elements of its runs, followed message by message.

    ``runs`` counts the runs started (``new_session``); ``finished`` is the number of the last
    run that ended successfully, whose elements are ``elements``. ``received`` counts the bytes.
    """

    def __init__(self) -> None:
        self.runs = 0
        self.finished = 0
        self.received = 0
        self.page_not_found = False
        self._current: dict[tuple[int, ...], tuple[str, object]] = {}
        self.elements: dict[tuple[int, ...], tuple[str, object]] = {}

    def feed(self, data: bytes) -> ForwardMsg:
        """Take one ForwardMsg from the wire; returns it, parsed."""
        message = ForwardMsg()
        message.ParseFromString(data)
        self.received += len(data)
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self.runs += 1
            self._current = {}
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            element_kind = element.WhichOneof("type")
            self._current[tuple(message.metadata.delta_path)] = (element_kind, getattr(element, element_kind))
        elif kind == "page_not_found":
            self.page_not_found = True
        elif kind == "script_finished" and message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
            self.finished = self.runs
            self.elements = dict(sorted(self._current.items()))
        return message

    def widgets(self) -> list[Widget]:
        """The widgets of the last finished run, in page order."""
        return [_widget(kind, element) for kind, element in self.elements.values() if kind in WIDGETS]

    def texts(self) -> list[str]:
        """Every text shown by the last finished run: markdown, headings, html, alerts, widget labels."""
        return [text for kind, element in self.elements.values() for text in _texts(kind, element)]

    def shows(self, text: str) -> bool:
        """Whether ``text`` is part of any text on the page."""
        return any(text in shown for shown in self.texts())

    def on_component(self, name: str, text: str) -> bool:
        """Whether the arguments of the component ``name`` (e.g. the map's marker layer) contain ``text``."""
        return any(kind == "component_instance" and name in element.component_name and text in element.json_args
                   for kind, element in self.elements.values())

    def find(self, kind: str, label: str = "", key_prefix: str = "", form: bool | None = None) -> list[Widget]:
        """The widgets of ``kind`` whose label contains ``label`` and key starts with ``key_prefix``.

        ``form``: only widgets inside a form (True) or outside any (False); both when None.
        """
        return [w for w in self.widgets() if w.kind == kind and label in w.label and w.key.startswith(key_prefix)
                and (form is None or bool(w.form_id) == form)]


__all__ = ["Page", "STREAM_PATH", "SUBPROTOCOL", "Widget", "map_tap", "plain", "rerun_message", "stream_url",
           "widget_state"]
