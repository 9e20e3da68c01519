"""Choropleth maps of one indicator over the sectors: classes, colours, legend.

Classification goes through mapclassify (quantiles, equal interval, natural breaks
by Fisher–Jenks). Colours are ColorBrewer sequential ramps; sectors without a value
are grey and counted in their own legend line. The legend is a plain Leaflet control
(HTML built here, every text escaped), never a branca colormap: those make
``st_folium`` load d3 from a CDN (see :mod:`wijk_core.maps.leaflet`).
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from wijk_core.errors import WijkError

__all__ = ["ClassMethod", "Classification", "classify", "default_indicator", "legend_control",
           "NO_DATA_COLOUR", "RAMPS"]

ClassMethod = Literal["quantiles", "equal_interval", "natural_breaks"]
CLASS_METHODS: tuple[str, ...] = ("quantiles", "equal_interval", "natural_breaks")

# ColorBrewer sequential ramps (colorbrewer2.org, Cynthia Brewer), 3 to 7 classes.
RAMPS: dict[str, dict[int, list[str]]] = {
    "need": {  # YlOrRd: the darker, the more renovation need
        3: ["#ffeda0", "#feb24c", "#f03b20"],
        4: ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
        5: ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
        6: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
        7: ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
    },
    "neutral": {  # GnBu
        3: ["#e0f3db", "#a8ddb5", "#43a2ca"],
        4: ["#f0f9e8", "#bae4bc", "#7bccc4", "#2b8cbe"],
        5: ["#f0f9e8", "#bae4bc", "#7bccc4", "#43a2ca", "#0868ac"],
        6: ["#f0f9e8", "#ccebc5", "#a8ddb5", "#7bccc4", "#43a2ca", "#0868ac"],
        7: ["#f0f9e8", "#ccebc5", "#a8ddb5", "#7bccc4", "#4eb3d3", "#2b8cbe", "#08589e"],
    },
}
NO_DATA_COLOUR = "#d9d9d9"


class ChoroplethError(WijkError):
    """An indicator that cannot be mapped as asked."""


@dataclass(frozen=True)
class Classification:
    """Classes of one indicator.

    Attributes
    ----------
    method
        The class method used.
    lower, upper
        Bounds of each class (``lower[i] < value <= upper[i]``; the first class includes
        its lower bound, the minimum).
    colours
        One colour per class, light to dark.
    counts
        Number of sectors per class.
    missing
        Number of sectors without a value.
    classes
        Class index per sector (-1 for no value), aligned to the input values.
    """

    method: str
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    colours: tuple[str, ...]
    counts: tuple[int, ...]
    missing: int
    classes: pd.Series

    def colour_of(self) -> pd.Series:
        """Colour per sector, grey where there is no value."""
        palette = np.array([*self.colours, NO_DATA_COLOUR])
        return pd.Series(palette[self.classes.to_numpy()], index=self.classes.index)


def classify(values: pd.Series, method: ClassMethod = "quantiles", k: int = 5,
             ramp: Literal["need", "neutral"] = "need", reverse: bool = False) -> Classification:
    """Sort the sector values of one indicator into ``k`` classes.

    Parameters
    ----------
    values
        One value per sector (index: sector code); NaN means no value.
    method
        ``quantiles`` (equal counts), ``equal_interval`` (equal widths) or
        ``natural_breaks`` (Fisher–Jenks, minimising the variance within classes).
    k
        Number of classes, 3 to 7. Fewer distinct values give fewer classes.
    ramp, reverse
        Colour ramp; ``reverse`` makes low values dark (for indicators where a low
        value means more need, such as income).

    Raises
    ------
    ChoroplethError
        For an unknown method, a class count out of range, or no value at all.
    """
    if method not in CLASS_METHODS:
        raise ChoroplethError("errors.class_method_unknown",
                              value=method, allowed=", ".join(CLASS_METHODS))
    if not 3 <= k <= 7:
        raise ChoroplethError("errors.class_count_out_of_range",
                              value=k)
    numeric = pd.to_numeric(values, errors="coerce").astype(float)
    present = numeric.dropna()
    if present.empty:
        raise ChoroplethError("errors.indicator_no_values",
                              indicator=str(values.name))
    k = min(k, max(1, present.nunique()))
    upper = _upper_bounds(present.to_numpy(), method, k)
    k = len(upper)
    index = np.searchsorted(upper, numeric.to_numpy(), side="left")
    index = np.where(np.isnan(numeric.to_numpy()), -1, np.minimum(index, k - 1))
    lower = (float(present.min()), *upper[:-1])
    palette = RAMPS[ramp][max(3, k)][-k:] if k < 3 else RAMPS[ramp][k]
    if reverse:
        palette = palette[::-1]
    counts = tuple(int((index == i).sum()) for i in range(k))
    return Classification(method=method, lower=tuple(float(v) for v in lower),
                          upper=tuple(float(v) for v in upper), colours=tuple(palette),
                          counts=counts, missing=int((index == -1).sum()),
                          classes=pd.Series(index, index=values.index, name="class"))


def default_indicator(catalogue: pd.DataFrame, available: list[str]) -> str:
    """The indicator to map first: the first intensive one that says something about need."""
    for indicator in available:
        row = catalogue.loc[indicator] if indicator in catalogue.index else None
        if row is not None and row.get("kind") == "intensive" and str(row.get("direction", "")).startswith("need"):
            return indicator
    return available[0]


def _upper_bounds(values: np.ndarray, method: str, k: int) -> np.ndarray:
    import mapclassify

    if k == 1:
        return np.array([values.max()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mapclassify warns about few unique values, numba
        if method == "quantiles":
            scheme = mapclassify.Quantiles(values, k=k)
        elif method == "equal_interval":
            scheme = mapclassify.EqualInterval(values, k=k)
        elif len(values) > 3000:  # exact Fisher–Jenks is quadratic; sample large layers
            scheme = mapclassify.FisherJenksSampled(values, k=k, pct=min(1.0, 3000 / len(values)))
        else:
            scheme = mapclassify.FisherJenks(values, k=k)
    bins = np.unique(np.asarray(scheme.bins, dtype=float))
    bins[-1] = max(bins[-1], values.max())
    return bins


_LEGEND_TEMPLATE = Template("""
{% macro script(this, kwargs) %}
(function() {
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "wijk-legend");
        div.style.cssText = "background: rgba(255,255,255,.92); padding: 6px 8px; font: 12px/1.35 sans-serif; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3);";
        div.innerHTML = {{ this.html_json }};
        return div;
    };
    legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")


class _Legend(MacroElement):
    _template = _LEGEND_TEMPLATE

    def __init__(self, html_text: str) -> None:
        super().__init__()
        import json

        self._name = "WijkLegend"
        self.html_json = json.dumps(html_text)


def legend_control(classification: Classification, title: str, no_data_label: str,
                   format_value: Callable[[float], str]) -> MacroElement:
    """A legend box in the map's corner: one line per class and one for no value.

    Every text is HTML-escaped here, so a title coming from an uploaded catalogue
    cannot inject markup.
    """
    def swatch(colour: str) -> str:
        return (f'<span style="display:inline-block;width:14px;height:10px;margin-right:6px;'
                f'background:{colour};border:1px solid #777"></span>')

    lines = [f"<b>{html.escape(title)}</b>"]
    for low, high, colour, count in zip(classification.lower, classification.upper,
                                        classification.colours, classification.counts):
        text = f"{format_value(low)} – {format_value(high)} ({count})"
        lines.append(swatch(colour) + html.escape(text))
    if classification.missing:
        lines.append(swatch(NO_DATA_COLOUR) + html.escape(f"{no_data_label} ({classification.missing})"))
    return _Legend("<br>".join(lines))
