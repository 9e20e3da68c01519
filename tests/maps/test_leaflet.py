"""wijk_core.maps.leaflet and .offline: folium maps whose code, styles, images and fonts come from the app."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import branca.colormap
import folium
import folium.elements
import folium.plugins
import pytest
from shapely.geometry import box

from wijk_core.maps import leaflet as maps
from wijk_core.maps import offline

VENDOR = offline.VENDOR_DIR
STATIC = VENDOR.parent
PREFIX = offline.DEFAULT_ASSET_PREFIX
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)")
TAG_URL = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)=[\"']([^\"']+)[\"']", re.IGNORECASE)


@pytest.fixture(autouse=True)
def local_assets() -> None:
    offline.use_local_assets()


def _all_links(cls: type) -> list[tuple[str, str]]:
    return list(getattr(cls, "default_js", [])) + list(getattr(cls, "default_css", []))


def _local_file(url: str) -> Path:
    assert url.startswith(PREFIX + "/"), url
    return VENDOR / url.removeprefix(PREFIX + "/")


def _jscss_classes() -> list[type]:
    found, pending = [], [folium.elements.JSCSSMixin]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub not in found:
                found.append(sub)
                pending.append(sub)
    return found


# --------------------------------------------------------------------------- use_local_assets


def test_no_folium_class_keeps_a_remote_url() -> None:
    classes = _jscss_classes()
    assert folium.Map in classes and folium.plugins.Draw in classes
    remote = [(cls.__name__, url) for cls in classes for _, url in _all_links(cls) if "//" in url]
    assert remote == []


def test_every_local_url_is_a_vendored_file() -> None:
    for cls in _jscss_classes():
        for _, url in _all_links(cls):
            assert _local_file(url).is_file(), f"{cls.__name__}: {url}"


@pytest.mark.parametrize(
    ("cls", "expected"),
    [
        (folium.Map, 9),  # leaflet, jquery, bootstrap js+css, awesome-markers js+css, glyphicons, font awesome, leaflet css
        (folium.plugins.Draw, 2),
        (folium.plugins.MarkerCluster, 3),
        (folium.plugins.FastMarkerCluster, 3),
        (folium.plugins.Fullscreen, 2),
        (folium.plugins.HeatMap, 1),
    ],
)
def test_the_plugins_we_use_keep_all_their_assets(cls: type, expected: int) -> None:
    assert len(_all_links(cls)) == expected, _all_links(cls)


def test_only_folium_awesome_rotate_css_is_lost_from_map() -> None:
    names = {name for name, _ in folium.Map.default_css}
    assert "awesome_rotate_css" not in names
    assert {"leaflet_css", "bootstrap_css", "glyphicons_css", "awesome_markers_font_css"} <= names


def test_use_local_assets_is_idempotent_and_takes_a_new_prefix() -> None:
    first = (list(folium.Map.default_js), list(folium.plugins.Draw.default_css))
    offline.use_local_assets()
    assert (folium.Map.default_js, folium.plugins.Draw.default_css) == first
    try:
        offline.use_local_assets("/wijk/app/static/vendor/")
        assert folium.Map.default_js[0] == ("leaflet", "/wijk/app/static/vendor/leaflet/leaflet.js")
    finally:
        offline.use_local_assets()
    assert folium.Map.default_js[0] == ("leaflet", f"{PREFIX}/leaflet/leaflet.js")


def test_a_remote_prefix_is_refused() -> None:
    with pytest.raises(ValueError, match="remote URL"):
        offline.use_local_assets("https://cdn.example.org/vendor")


def test_removed_urls_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    offline._logged_removals = []  # force the (once per change) log line
    with caplog.at_level("INFO", logger="wijk_core.maps.offline"):
        offline.use_local_assets()
    assert "leaflet.awesome.rotate.min.css" in caplog.text
    assert "Geocoder" in caplog.text


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", "leaflet/leaflet.js"),
        ("https://code.jquery.com/jquery-3.7.1.min.js", "jquery/jquery.min.js"),
        ("https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js", "jquery/jquery.min.js"),
        ("https://cdnjs.cloudflare.com/ajax/libs/jqueryui/1.10.2/jquery-ui.min.js", None),
        ("https://cdnjs.cloudflare.com/ajax/libs/leaflet.draw/1.0.2/leaflet.draw.js", "leaflet-draw/leaflet.draw.js"),
        ("https://unpkg.com/leaflet.boatmarker/leaflet.boatmarker.min.js", None),
    ],
)
def test_local_asset_path(url: str, local: str | None) -> None:
    assert offline.local_asset_path(url) == local


# --------------------------------------------------------------------------- vendored files


def _manifest() -> dict:
    return json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))


def test_manifest_sha256_match_the_files() -> None:
    listed = set()
    for package in _manifest()["packages"]:
        assert package["licence"] and package["version"], package["package"]
        assert any(Path(item["path"]).name.upper().startswith(("LICENSE", "MIT-LICENCE")) for item in package["files"])
        for item in package["files"]:
            data = (VENDOR / item["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == item["sha256"], item["path"]
            assert len(data) == item["bytes"], item["path"]
            listed.add(item["path"])
    on_disk = {
        p.relative_to(VENDOR).as_posix()
        for p in VENDOR.rglob("*")
        if p.is_file() and p.name not in {"manifest.json", "README.md"}
    }
    assert on_disk == listed, "files in static/vendor/ that the manifest does not list, or the reverse"


def test_vendor_folder_stays_small() -> None:
    total = sum(p.stat().st_size for p in VENDOR.rglob("*") if p.is_file())
    assert total < 3 * 1024 * 1024, f"static/vendor/ is {total / 1e6:.1f} MB"


def test_every_rule_target_is_vendored() -> None:
    for _, path in offline.LOCAL_ASSET_RULES:
        assert (VENDOR / path).is_file(), path


@pytest.mark.parametrize("css", sorted(p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*.css")))
def test_stylesheet_references_resolve_to_vendored_files(css: str) -> None:
    """Sprites, marker images and fonts named in url(...) must exist next to the CSS."""
    path = VENDOR / css
    for ref in CSS_URL.findall(path.read_text(encoding="utf-8")):
        if ref.startswith(("data:", "#")):
            continue
        assert "//" not in ref, f"{css} references a remote file: {ref}"
        target = (path.parent / ref.split("?")[0].split("#")[0]).resolve()
        assert target.is_file(), f"{css}: {ref}"
        assert VENDOR.resolve() in target.parents


def test_leaflet_draw_sprites_and_marker_images_are_there() -> None:
    draw_css = (VENDOR / "leaflet-draw" / "leaflet.draw.css").read_text(encoding="utf-8")
    assert "images/spritesheet.svg" in draw_css
    for name in ("marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"):
        assert (VENDOR / "leaflet" / "images" / name).is_file()


def test_vendored_scripts_do_not_fetch_source_maps() -> None:
    for path in list(VENDOR.rglob("*.js")) + list(VENDOR.rglob("*.css")):
        assert "sourceMappingURL" not in path.read_text(encoding="utf-8", errors="replace"), path


# --------------------------------------------------------------------------- new_map / draw


def _rendered(m: folium.Map) -> str:
    return m.get_root().render()


@pytest.mark.parametrize("basemap", ["osm", "none"])
def test_rendered_map_with_draw_and_cluster_loads_nothing_remote(basemap: str) -> None:
    m = maps.new_map(center=(50.88, 4.70), zoom=14, basemap=basemap)
    maps.add_draw_tools(m)
    cluster = folium.plugins.MarkerCluster().add_to(m)
    folium.Marker([50.88, 4.70], icon=folium.Icon()).add_to(cluster)
    html = _rendered(m)

    tag_urls = TAG_URL.findall(html)
    assert tag_urls, "no script/link tags rendered"
    assert [u for u in tag_urls if "//" in u] == []
    for url in tag_urls:
        assert (STATIC / url.removeprefix("/app/static/")).is_file(), url
    assert f'L.Icon.Default.imagePath = "{PREFIX}/leaflet/images/"' in html
    http_urls = set(re.findall(r"https?://[^\s\"'<>\\]+", html))
    if basemap == "osm":
        assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in http_urls
        assert "OpenStreetMap" in html  # the credit, added once a tile has loaded
    else:
        assert not any("tile" in u for u in http_urls)
    assert offline.remote_assets(m) == []


def test_new_map_none_has_no_tile_layer_and_a_light_background() -> None:
    m = maps.new_map(center=(50.88, 4.70), basemap="none")
    assert not any(isinstance(c, folium.TileLayer) for c in m._children.values())
    assert f"#{m.get_name()} {{ background: #f4f3ee; }}" in _rendered(m)


@pytest.mark.parametrize("basemap", ["osm", "none"])
def test_new_map_has_a_max_zoom_even_without_tiles(basemap: str) -> None:
    """MarkerCluster throws "Map has no maxZoom specified" on a map without one."""
    m = maps.new_map(center=(50.88, 4.70), basemap=basemap)
    assert '"maxZoom": 19' in _rendered(m)


def test_new_map_osm_has_one_tile_layer_credited_only_once_a_tile_loads() -> None:
    m = maps.new_map(center=(50.88, 4.70), basemap="osm")
    layers = [c for c in m._children.values() if isinstance(c, folium.TileLayer)]
    assert len(layers) == 1
    assert "attribution" not in layers[0].options  # not credited up front: offline no tile shows
    html = _rendered(m)
    credit = html.index("addAttribution")
    assert html.index('layer.on("tileload"') < credit
    assert "OpenStreetMap" in html


@pytest.mark.parametrize(
    "bounds",
    [(4.68, 50.86, 4.72, 50.89), [[50.86, 4.68], [50.89, 4.72]]],
    ids=["flat-lon-lat", "folium-nested"],
)
def test_new_map_fits_bounds_given_flat_or_nested(bounds) -> None:
    m = maps.new_map(bounds_wgs84=bounds, basemap="none")
    html = _rendered(m)
    assert "fitBounds" in html
    assert re.search(r"\[\[50\.86,\s*4\.68\],\s*\[50\.89,\s*4\.72\]\]", html), html
    assert m.location == pytest.approx([50.875, 4.70])


def test_new_map_without_extent_shows_flanders_and_brussels() -> None:
    m = maps.new_map(basemap="none")
    assert 50.5 < m.location[0] < 51.6 and 2.5 < m.location[1] < 6.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"basemap": "bing"}, "basemap"),
        ({"center": (50.9, 4.7), "bounds_wgs84": (4.6, 50.8, 4.8, 50.9)}, "either"),
        ({"zoom": 25}, "zoom"),
        ({"bounds_wgs84": (150000.0, 170000.0, 152000.0, 172000.0)}, "WGS84"),  # Lambert 72 metres
        ({"bounds_wgs84": (4.8, 50.9, 4.6, 50.8)}, "inverted"),
        ({"bounds_wgs84": (4.6, 50.8, 4.8)}, "must be"),
        ({"center": (50.9,)}, "center"),
    ],
)
def test_new_map_refuses_bad_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        maps.new_map(**kwargs)


def test_draw_tools_offer_only_polygon_and_rectangle() -> None:
    m = maps.new_map(center=(50.88, 4.70), basemap="none")
    draw = maps.add_draw_tools(m)
    assert draw.export is False
    options = draw.draw_options
    for shape in ("polyline", "circle", "circlemarker", "marker"):
        assert options[shape] is False
    assert options["polygon"]["allowIntersection"] is False
    assert options["rectangle"]
    html = _rendered(m)
    assert "alert(coords)" not in html


def test_draw_tools_can_be_limited_to_rectangles() -> None:
    m = maps.new_map(center=(50.88, 4.70), basemap="none")
    draw = maps.add_draw_tools(m, shapes=("rectangle",))
    assert draw.draw_options["polygon"] is False and draw.draw_options["rectangle"]


@pytest.mark.parametrize("shapes", [(), ("circle",), ("polygon", "marker")])
def test_draw_tools_refuse_other_shapes(shapes: tuple) -> None:
    with pytest.raises(ValueError, match="polygon"):
        maps.add_draw_tools(maps.new_map(basemap="none"), shapes=shapes)


def test_remote_assets_reports_the_branca_colormap_hazard() -> None:
    m = maps.new_map(basemap="none")
    branca.colormap.LinearColormap(["white", "green"], vmin=0, vmax=1).add_to(m)
    assert "https://d3js.org/d3.v4.min.js" in offline.remote_assets(m)


# --------------------------------------------------------------------------- to_wgs84_geojson


def test_to_wgs84_geojson_reprojects_lambert72() -> None:
    geopandas = pytest.importorskip("geopandas")
    # A 1 km square near Leuven in Belgian Lambert 72.
    gdf = geopandas.GeoDataFrame(
        {"cd_sector": ["24062A00-"], "naam": ["<b>Centrum</b>"]},
        geometry=[box(173000, 174000, 174000, 175000)],
        crs=31370,
    )
    collection = maps.to_wgs84_geojson(gdf, columns=["cd_sector"])
    assert collection["type"] == "FeatureCollection"
    feature = collection["features"][0]
    assert feature["properties"] == {"cd_sector": "24062A00-"}
    lon, lat = feature["geometry"]["coordinates"][0][0]
    assert 4.6 < lon < 4.8 and 50.8 < lat < 50.95


def test_to_wgs84_geojson_refuses_missing_crs_and_columns() -> None:
    geopandas = pytest.importorskip("geopandas")
    gdf = geopandas.GeoDataFrame({"a": [1]}, geometry=[box(0, 0, 1, 1)])
    with pytest.raises(ValueError, match="no CRS"):
        maps.to_wgs84_geojson(gdf)
    with pytest.raises(ValueError, match="not in the GeoDataFrame"):
        maps.to_wgs84_geojson(gdf.set_crs(31370), columns=["b"])


def test_keep_view_restores_the_view_after_the_initial_fit() -> None:
    m = maps.new_map(bounds_wgs84=(4.70, 50.99, 4.78, 51.04), basemap="none")
    m.add_child(maps.KeepView("wijk-ideas-view:7"))
    html = m.get_root().render()
    fit, keep = html.index(".fitBounds("), html.index('"wijk-ideas-view:7")')
    assert fit < keep  # the kept view wins over the initial fit
    # an animated fit would end after the restore and undo it
    assert re.search(r'\.fitBounds\(\s*\[\[[^]]*\],\s*\[[^]]*\]\],\s*\{"animate": false\}', html), html
    assert "sessionStorage.getItem(key)" in html and 'map.on("moveend"' in html


@pytest.mark.parametrize("key", ["", 'x"); alert(1); ("', "a b", "k" * 101, "view<script>"])
def test_keep_view_takes_only_plain_keys(key: str) -> None:
    with pytest.raises(ValueError, match="view key"):
        maps.KeepView(key)


# --- the drawing tools and the scale bar speak the user's language ----------------------------------------

_VENDORED_DRAW = Path(__file__).resolve().parents[2] / "static" / "vendor" / "leaflet-draw" / "leaflet.draw.js"



@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_text_of_the_drawing_tools_we_show_is_translated(lang: str) -> None:
    texts = maps.draw_texts(lang)
    source = _VENDORED_DRAW.read_text(encoding="utf-8")
    english = {"Draw a polygon", "Click to start drawing shape.", "Finish", "Cancel", "Delete last point"}
    strings = {path: value for path, value in _flat(texts).items() if not path.startswith("format.")}
    # every path names a real Leaflet.draw text (a typo would leave the English one in place)
    for path in strings:
        assert re.search(r"\b" + re.escape(path.split(".")[-1]) + r":", source), path
    if lang != "en":
        assert english.isdisjoint(strings.values())
    assert texts["draw"]["toolbar"]["buttons"]["polygon"] == {"nl": "Teken een veelhoek", "fr": "Dessiner un polygone",
                                                              "en": "Draw a polygon"}[lang]
    # the area readout ("1.234,5 m²") uses the language's marks
    delimiters = texts["format"]["numeric"]["delimiters"]
    assert (delimiters["decimal"], delimiters["thousands"]) == {"nl": (",", "."), "fr": (",", "\u202f"),
                                                                "en": (",", ".")}[lang]


def _flat(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        flat.update(_flat(value, f"{prefix}{key}.") if isinstance(value, dict) else {f"{prefix}{key}": value})
    return flat


def test_the_drawing_texts_are_set_before_the_toolbar_is_made() -> None:
    m = maps.new_map()
    maps.add_draw_tools(m, lang="fr")
    page = m.get_root().render()
    assert 0 < page.index("Dessiner un polygone") < page.index("L.Control.Draw")
    assert "Draw a polygon" not in page


def test_the_scale_bar_is_metric_only_and_the_zoom_buttons_speak_the_language() -> None:
    page = maps.new_map(lang="fr").get_root().render()
    assert "L.control.scale({imperial: false})" in page
    assert "L.control.scale()" not in page
    assert '"zoom_in": "Zoom avant"' in page and "Zoom arri\\u00e8re" in page
