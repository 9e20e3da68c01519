"""The selection page sends a small map that points at geometry files, not the geometry.

Whatever the number of sectors, the map component's arguments stay a few kilobytes:
the sectors' borders are files under ``static/cache/`` written once per data set, and
what depends on the officer's choices (class and tooltip per sector) is a small
content-named style file beside them.
"""

import json
import re

import pytest

from wijk_core import config
from wijk_core.store import get_store
from wijk_core.selection.model import CriterionSpec
from wijk_core.store import projects as project_store
from wijk_core.selection import store as selection_store

PAGE = "pages/selection.py"


def _open(run_app, section, **state):
    at = run_app(selection_section=section, **state)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _map_args(at) -> dict:
    maps = [e for e in at.get("component_instance") if e.proto.component_name.endswith("st_folium")]
    assert len(maps) == 1, maps
    return json.loads(maps[0].proto.json_args)


def _sector_layer_options(script: str) -> dict:
    found = re.search(r"L\.wijkSectors\((\{.*?\})\)\.addTo", script, re.S)
    assert found, "no sector layer in the map script"
    return json.loads(found.group(1))


@pytest.mark.parametrize("section", ["map", "hotspots"])
def test_map_points_at_files_instead_of_carrying_geometry(run_app, app_db, section):
    if section == "hotspots":  # the hotspot map needs data criteria
        run_app()
        store = get_store(app_db)
        store.write(selection_store.save_criteria_set,
                    store.read(project_store.list_projects)[0].id, "default", "weighted_sum", [
            CriterionSpec("share_pre1945_pct", "indicator", "benefit", 2.0),
            CriterionSpec("MS_MEDIAN_NET_TAXABLE_INC", "indicator", "cost", 1.0)])
    at = _open(run_app, section)
    args = _map_args(at)
    script = args["script"]
    assert len(script) < 30_000, len(script)  # the demo's 50 sectors as GeoJSON were ~90 kB
    assert '"coordinates"' not in script  # no GeoJSON geometry in the map at all
    options = _sector_layer_options(script)
    assert options["base"] == "/app/static/cache/"
    assert "/app/static/wijk/sector-layer.js" in args["js_links"]

    cache = config.map_cache_dir()
    index = json.loads((cache / options["index"]).read_text(encoding="utf-8"))
    assert index["count"] == 50 and [level["maxZoom"] for level in index["levels"]] == [9, 12, None]
    style = json.loads((cache / options["style"]).read_text(encoding="utf-8"))
    assert len(style["c"]) == len(style["t"]) == 50
    assert set(style["c"]) <= set(range(-1, len(options["colours"])))
    assert options["labels"][:2] == ["Sector", "Naam"]
    assert options["labels"][2] == ("Hotspotscore" if section == "hotspots" else "Aandeel 65-plussers")


def test_another_indicator_changes_the_style_file_not_the_geometry(run_app):
    at = _open(run_app, "map")
    first = _sector_layer_options(_map_args(at)["script"])
    at.selectbox(key="map_indicator").set_value("MS_MEDIAN_NET_TAXABLE_INC").run()
    second = _sector_layer_options(_map_args(at)["script"])
    assert second["index"] == first["index"]
    assert second["style"] != first["style"]
    style = json.loads((config.map_cache_dir() / second["style"]).read_text(encoding="utf-8"))
    # the tooltip lines: code, name and the value in the Belgian format with its unit
    texts = {row[0]: row for row in style["t"]}
    assert texts["99991A00-"] == ["99991A00-", "DEMOVELD-CENTRUM", "€\xa026.033"]  # euro as the README writes it


def test_an_unchanged_rerun_sends_the_same_map(run_app):
    at = _open(run_app, "map")
    before = _map_args(at)
    at.run()
    after = _map_args(at)
    assert after["script"] == before["script"]  # same map: the browser keeps the one it has


def test_a_deleted_cache_is_rebuilt_on_the_next_run(run_app):
    """The cache may be pruned (or wiped) under a running app: the next run writes the
    package and the style file again instead of pointing the browser at missing files."""
    import shutil

    at = _open(run_app, "map")
    options = _sector_layer_options(_map_args(at)["script"])
    cache = config.map_cache_dir()
    shutil.rmtree(cache / options["index"].split("/")[0])
    at.run()
    assert not at.exception, at.exception
    again = _sector_layer_options(_map_args(at)["script"])
    assert again["index"] == options["index"] and again["style"] == options["style"]
    assert (cache / again["index"]).is_file() and (cache / again["style"]).is_file()
