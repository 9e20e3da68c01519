"""How an app map behaves inside a page: the wheel scrolls the page, tooltips stay inside, keys can pick.

- :class:`PageFriendly` (on every map of :func:`wijk_core.maps.leaflet.new_map`): the
  mouse wheel over a map scrolls the page, as on any other part of it, unless the
  map has the focus (clicked or reached with Tab) or Ctrl/⌘ is held, the way Leaflet's
  gesture-handling plugin does it; and a tooltip that would cross the map's edge is
  moved back inside it, so a sector's figures are never cut off.
- :class:`KeyboardPick` (the idea map): with the map focused, the arrow keys and
  ``+``/``-`` move and zoom it (Leaflet's own keyboard handling), a cross marks its
  centre, and Enter or Space picks the centre as if it were clicked there: a resident
  without a pointer can pin an idea too.

This module never imports streamlit.
"""

from __future__ import annotations

import json

import branca.element
from folium.template import Template

__all__ = ["KeyboardPick", "PageFriendly"]


class PageFriendly(branca.element.MacroElement):
    """The wheel scrolls the page unless the map has the focus or Ctrl/⌘ is held; tooltips stay inside."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function (map) {
            var container = map.getContainer();
            if (!container.hasAttribute("tabindex")) { container.setAttribute("tabindex", "0"); }
            map.scrollWheelZoom.disable();
            container.addEventListener("focus", function () { map.scrollWheelZoom.enable(); });
            container.addEventListener("blur", function () { map.scrollWheelZoom.disable(); });
            container.addEventListener("wheel", function (event) {
                if (map.scrollWheelZoom.enabled() || !(event.ctrlKey || event.metaKey)) { return; }
                event.preventDefault();  // Ctrl/⌘ + wheel zooms an unfocused map, not the page
                var point = map.mouseEventToContainerPoint(event);
                map.setZoomAround(point, map.getZoom() + (event.deltaY < 0 ? 1 : -1));
            }, {passive: false});
            if (!L.Tooltip.prototype._wijkFits) {
                var place = L.Tooltip.prototype._setPosition;
                L.Tooltip.prototype._setPosition = function (position) {
                    place.call(this, position);
                    var tooltip = this._container, owner = this._map;
                    if (!tooltip || !owner) { return; }
                    var size = owner.getSize(), at = owner.layerPointToContainerPoint(L.DomUtil.getPosition(tooltip));
                    var width = tooltip.offsetWidth, height = tooltip.offsetHeight;
                    var x = Math.max(0, Math.min(at.x, size.x - width));
                    var y = Math.max(0, Math.min(at.y, size.y - height));
                    if (x !== at.x || y !== at.y) {
                        L.DomUtil.setPosition(tooltip, owner.containerPointToLayerPoint([x, y]));
                    }
                };
                L.Tooltip.prototype._wijkFits = true;
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "PageFriendly"


class KeyboardPick(branca.element.MacroElement):
    """With the map focused, Enter or Space clicks its centre (marked with a cross)."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
        .leaflet-container.wijk-keyboard-pick:focus-visible { outline: 3px solid #1b6453; outline-offset: -3px; }
        .leaflet-container.wijk-keyboard-pick:focus-visible::after {
            content: ""; position: absolute; left: 50%; top: 50%; width: 28px; height: 28px; margin: -14px 0 0 -14px;
            z-index: 1000; pointer-events: none;
            background: linear-gradient(#111, #111) center / 2px 100% no-repeat,
                        linear-gradient(#111, #111) center / 100% 2px no-repeat;
            filter: drop-shadow(0 0 2px #fff) drop-shadow(0 0 2px #fff);
        }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map, label) {
            var container = map.getContainer();
            container.classList.add("wijk-keyboard-pick");
            container.setAttribute("aria-label", label);
            container.addEventListener("keydown", function (event) {
                if (event.target !== container || (event.key !== "Enter" && event.key !== " ")) { return; }
                event.preventDefault();
                var centre = map.getCenter();
                map.fire("click", {latlng: centre, layerPoint: map.latLngToLayerPoint(centre),
                                   containerPoint: map.latLngToContainerPoint(centre), originalEvent: event});
            });
        })({{ this._parent.get_name() }}, {{ this.label_json }});
        {% endmacro %}
    """)

    def __init__(self, label: str) -> None:
        super().__init__()
        self._name = "KeyboardPick"
        self.label_json = json.dumps(str(label)).replace("</", "<\\/")
