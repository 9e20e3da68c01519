"""The base-map catalogue: the region's official map, credits that wait for a tile, the project's own tiles."""

from __future__ import annotations

import re

import folium
import pytest

from wijk_core.maps.basemaps import BASEMAPS, LocalTiles, add_base_layer, choose_basemap, tile_url
from wijk_core.maps.leaflet import new_map

GENT = (3.70, 51.04, 3.75, 51.07)
ELSENE = (4.36, 50.82, 4.38, 50.84)
NAMUR = (4.84, 50.45, 4.89, 50.48)
ACROSS = (4.30, 50.80, 4.50, 50.95)  # Brussels and its Flemish rim


@pytest.mark.parametrize(("bounds", "expected"), [(GENT, "grb"), (ELSENE, "urbis"), (NAMUR, "cartoweb"),
                                                  (ACROSS, "cartoweb"), (None, "cartoweb")])
def test_auto_picks_the_regions_official_map(bounds, expected: str) -> None:
    assert choose_basemap("auto", bounds) == expected


def test_an_explicit_choice_is_kept_and_an_unknown_one_refused() -> None:
    assert choose_basemap("osm", GENT) == "osm"
    with pytest.raises(ValueError, match="basemap"):
        choose_basemap("google", GENT)


def test_every_service_names_its_source_and_only_open_data_may_be_copied() -> None:
    assert {key for key, base in BASEMAPS.items() if base.offline_allowed} == {"grb", "urbis"}
    credits = {key: base.attribution for key, base in BASEMAPS.items()}
    assert "NGI" in credits["cartoweb"] and "Digitaal Vlaanderen" in credits["grb"]
    assert "UrbIS" in credits["urbis"] and "OpenStreetMap" in credits["osm"]


def test_tile_addresses_put_column_and_row_where_each_service_wants_them() -> None:
    assert tile_url(BASEMAPS["cartoweb"], 16, 33446, 21924) == \
        "https://cartoweb.wmts.ngi.be/1.0.0/topo/default/3857/16/21924/33446.png"  # WMTS: row before column
    assert "TILEMATRIX=16&TILEROW=21924&TILECOL=33446" in tile_url(BASEMAPS["grb"], 16, 33446, 21924)
    wms = tile_url(BASEMAPS["urbis"], 1, 1, 0)  # the north-east quarter of the world
    assert "BBOX=0.000,0.000,20037508.343,20037508.343" in wms and "SRS=EPSG:3857" in wms


def test_the_credit_is_added_on_the_first_tile_not_with_the_layer() -> None:
    m = folium.Map(tiles=None)
    assert add_base_layer(m, "auto", bounds_wgs84=GENT) == "grb"
    html = m.get_root().render()
    assert '"attribution"' not in html
    assert re.search(r'layer\.on\("tileload".*addAttribution\(text\)', html, flags=re.S)
    assert "Digitaal Vlaanderen" in html and "wijk-no-tiles" in html


def test_a_projects_own_tiles_replace_the_online_service_and_nothing_points_outside() -> None:
    local = LocalTiles(url="/app/static/cache/basemaps/abc/{z}/{x}/{y}.png", attribution="&copy; GRB",
                       min_zoom=13, max_zoom=17, bounds=GENT)
    m = new_map(bounds_wgs84=GENT, basemap="grb", local_tiles=local)
    html = m.get_root().render()
    assert "/app/static/cache/basemaps/abc/{z}/{x}/{y}.png" in html
    assert '"maxNativeZoom": 17' in html and '"minNativeZoom": 13' in html
    assert not [url for url in re.findall(r"https?://[^\s\"'<>\\]+", html) if "vlaanderen" in url]


def test_none_adds_no_layer() -> None:
    m = folium.Map(tiles=None)
    assert add_base_layer(m, "none") == "none"
    assert not [c for c in m._children.values() if isinstance(c, folium.raster_layers.Layer)]
