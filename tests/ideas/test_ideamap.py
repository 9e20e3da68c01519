"""The folium idea map: markers, clustering, offline assets and hostile text."""

import json
import re
from html.parser import HTMLParser

import pytest

from wijk_core.ideas import (IdeaArea, IdeaLabels, idea_id_from_tooltip, idea_layer, idea_map, marker_radius,
                              overlay_layer)
from wijk_core.maps.offline import remote_assets
from wijk_core.sectors.data import load_demo

from hostile import ALL, IMG, SCRIPT

from .helpers import CATEGORIES, FakeIdea, frame


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _payload(html: str) -> dict:
    found = re.search(r"var data = (\{.*?\});\n", html)
    assert found, "no idea payload in the map"
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def area():
    return IdeaArea.from_layer(load_demo().sectors, "sectors")


def test_markers_carry_size_colour_and_escaped_text(area):
    ideas = frame(FakeIdea(1, title="Fietspad", support=4, votes=2), FakeIdea(2, category="environment", support=-3))
    html = idea_map(ideas, categories=CATEGORIES, area=area, basemap="none",
                    labels=IdeaLabels(support="Steun")).get_root().render()
    payload = _payload(html)
    assert [row[4] for row in payload["rows"]] == [1, 2]
    assert payload["rows"][0][2] == marker_radius(4) and payload["rows"][1][2] == marker_radius(-3)
    colours = {row[4]: payload["categories"][row[3]][1] for row in payload["rows"]}
    assert colours == {1: "#0072b2", 2: "#009e73"}
    assert payload["labels"]["support"] == "Steun"
    assert "L.markerClusterGroup" not in html and "bubblingMouseEvents: false" in html


def test_many_ideas_are_clustered_and_the_map_needs_no_cdn(area):
    ideas = frame(*(FakeIdea(n, lon=4.74 + n * 1e-5) for n in range(1, 31)))
    fmap = idea_map(ideas, categories=CATEGORIES, area=area, basemap="none", cluster_threshold=30)
    html = fmap.get_root().render()
    assert "L.markerClusterGroup" in html and len(_payload(html)["rows"]) == 30
    assert remote_assets(fmap) == []
    assert not re.search(r'(src|href)="https?://', html)


def test_hostile_text_never_becomes_markup_in_the_map(area):
    ideas = frame(*(FakeIdea(n + 1, title=text[:120], text=text * 3, pseudonym=text[:40])
                    for n, text in enumerate(ALL)))
    baseline = idea_map(frame(FakeIdea(1)), categories=CATEGORIES, area=area, basemap="none").get_root().render()
    html = idea_map(ideas, categories={**CATEGORIES, "mobility": (IMG, "#0072b2")}, area=area, basemap="none",
                    labels=IdeaLabels(support=SCRIPT)).get_root().render()
    # the same elements as a map with one harmless idea: nothing was injected
    assert sorted(tag for tag, _ in _tags(html)) == sorted(tag for tag, _ in _tags(baseline))
    assert not any(name.startswith("on") for _, attrs in _tags(html) for name in attrs)
    for needle in ("<script>window", "<img src=x", "<svg onload", "</script><"):
        assert needle not in html.replace("</script>\n<", "")
    payload = _payload(html)
    assert payload["rows"][0][5] == "&lt;script&gt;window.__xss=1&lt;/script&gt;"
    assert payload["categories"][0][0].startswith("&lt;img")


def test_unknown_categories_and_bad_colours_are_refused(area):
    with pytest.raises(ValueError, match="weather"):
        idea_map(frame(FakeIdea(1, category="weather")), categories=CATEGORIES, area=area)
    with pytest.raises(ValueError, match="rrggbb"):
        idea_map(frame(FakeIdea(1)), categories={"mobility": ("M", "red")}, area=area)


def test_without_an_area_the_view_fits_the_ideas_or_flanders():
    assert "fitBounds" in idea_map(frame(FakeIdea(1)), categories=CATEGORIES, basemap="none").get_root().render()
    assert "fitBounds" in idea_map(frame(), categories=CATEGORIES, basemap="none").get_root().render()


def test_the_overlay_and_tooltips():
    group = overlay_layer(pending=(4.74, 51.04), selected=(4.75, 51.05))
    assert len(group._children) == 2
    assert idea_id_from_tooltip("#12 · <script>") == 12 and idea_id_from_tooltip(" #7 · x #9") == 7
    assert idea_id_from_tooltip("12 · #9") is None and idea_id_from_tooltip(None) is None


def test_popups_count_in_the_right_plural_and_show_no_support_as_zero(area):
    ideas = frame(FakeIdea(1, support=0, votes=1, comments=1), FakeIdea(2, support=2, votes=2, comments=0))
    html = idea_map(ideas, categories=CATEGORIES, area=area, basemap="none",
                    labels=IdeaLabels.for_language("nl")).get_root().render()
    rows = {row[4]: row for row in _payload(html)["rows"]}
    assert rows[1][6:8] == ["0", "1 stem, 1 reactie"]
    assert rows[2][6:8] == ["+2", "2 stemmen, 0 reacties"]


def test_place_names_and_outlines_are_escaped_and_step_aside_once_tiles_load() -> None:
    outline = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {
        "type": "Polygon", "coordinates": [[[4.70, 50.87], [4.71, 50.87], [4.71, 50.88], [4.70, 50.87]]]}}]}
    html = idea_map(frame(), categories=CATEGORIES, basemap="none",
                    place_labels={"<b>Centrum</b>": (4.705, 50.875), "Vlashof": (4.70, 50.88)},
                    place_outlines=outline).get_root().render()
    assert "\\u0026lt;b\\u0026gt;Centrum\\u0026lt;/b\\u0026gt;" in html and "<b>Centrum" not in html
    assert '["Vlashof",50.88,4.7]' in html
    assert ".wijk-tiles .wijk-place-label, .wijk-tiles .wijk-place-outline { display: none; }" in html
    assert "wijk-place-outline" in html


def _st_folium_strings(fmap, layer=None) -> tuple[str, str | None]:
    """What st_folium names its browser component after (the base map's script hash), and the layer's script."""
    from streamlit_folium import _get_feature_group_string, _get_map_string, generate_js_hash

    fmap.get_root().render()
    key = generate_js_hash(_get_map_string(fmap), "ideas_map")
    return key, None if layer is None else _get_feature_group_string(layer, fmap, 0)


def test_without_markers_the_map_stays_the_same_component_while_the_ideas_change(area):
    before = frame(FakeIdea(1, support=0))
    after = frame(FakeIdea(1, support=4, votes=2), FakeIdea(2, category="environment"))

    def build(ideas, **kwargs):
        return idea_map(ideas, categories=CATEGORIES, area=area, basemap="none", view_key="wijk-ideas-view:1",
                        keyboard_pick=True, labels=IdeaLabels.for_language("nl"), **kwargs)
    # with the markers inside, a vote or a new idea makes a new component (a new map frame in the browser)
    assert _st_folium_strings(build(before))[0] != _st_folium_strings(build(after))[0]
    key_before, layer_before = _st_folium_strings(build(before, markers=False),
                                                  idea_layer(before, categories=CATEGORIES))
    key_after, layer_after = _st_folium_strings(build(after, markers=False), idea_layer(after, categories=CATEGORIES))
    assert key_before == key_after and layer_before != layer_after
    assert "wijk-idea" not in _st_folium_strings(build(after, markers=False))[0]
    rows = _payload(layer_after)["rows"]
    assert [(row[4], row[2]) for row in rows] == [(1, round(marker_radius(4), 1)), (2, round(marker_radius(0), 1))]
    # the same ideas give the same layer script: the browser then leaves the markers alone
    assert layer_after == _st_folium_strings(build(after, markers=False), idea_layer(after, categories=CATEGORIES))[1]


def test_the_idea_layer_clusters_escapes_and_needs_no_cdn(area):
    base = idea_map(frame(), categories=CATEGORIES, area=area, basemap="none", markers=False)
    assert remote_assets(base) == []
    # the clustering script comes with the map, so a layer may start clustering without a new frame
    assert "leaflet.markercluster/leaflet.markercluster.js" in base.get_root().render()
    many = frame(*(FakeIdea(n, lon=4.74 + n * 1e-5) for n in range(1, 31)))
    _, clustered = _st_folium_strings(base, idea_layer(many, categories=CATEGORIES, cluster_threshold=30))
    assert "L.markerClusterGroup" in clustered and len(_payload(clustered)["rows"]) == 30
    assert "clusterclick" in clustered
    hostile = frame(*(FakeIdea(n + 1, title=text[:120], text=text * 3, pseudonym=text[:40])
                      for n, text in enumerate(ALL)))
    _, layer = _st_folium_strings(idea_map(frame(), categories=CATEGORIES, area=area, basemap="none",
                                           markers=False),
                                  idea_layer(hostile, categories={**CATEGORIES, "mobility": (IMG, "#0072b2")},
                                             labels=IdeaLabels(support=SCRIPT)))
    for needle in ("<script", "<img", "<svg", "</script"):
        assert needle not in layer
    assert _payload(layer)["rows"][0][5] == "&lt;script&gt;window.__xss=1&lt;/script&gt;"
    with pytest.raises(ValueError, match="weather"):
        idea_layer(frame(FakeIdea(1, category="weather")), categories=CATEGORIES)


def test_the_browser_counts_marker_taps_from_none_like_st_folium_in_python(area):
    html = idea_map(frame(), categories=CATEGORIES, area=area, basemap="none", markers=False).get_root().render()
    assert "window.__GLOBAL_DATA__.last_object_clicked_count = null" in html


def test_the_map_loads_leaflet_and_its_plugins_only(area):
    """st_folium loads a map's scripts one after the other: jQuery, Bootstrap and the icon fonts, which no idea map
    uses, would each keep a phone's map from showing a while longer. Other maps keep folium's lists."""
    import folium

    before = (list(folium.Map.default_js), list(folium.Map.default_css))
    for markers in (True, False):
        html = idea_map(frame(FakeIdea(1)), categories=CATEGORIES, area=area, basemap="none",
                        markers=markers).get_root().render()
        loaded = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html)
        assert any(url.endswith("leaflet.js") for url in loaded), loaded
        assert any(url.endswith("leaflet.css") for url in loaded), loaded
        assert not [url for url in loaded if re.search(r"jquery|bootstrap|awesome|fontawesome|glyphicons", url)]
        assert any("markercluster" in url for url in loaded) != markers  # the cluster plugin when it may be needed
    assert (list(folium.Map.default_js), list(folium.Map.default_css)) == before
    assert any(name == "jquery" for name, _ in folium.Map.default_js)
