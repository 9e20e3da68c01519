"""The Data section: sources that add up, a preview of what a change loses, undo (AppTest).

Uploads are the demo municipality's own files (data/demo), its indicator table split
in two; one test reads the real Brussels sector file when present.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from real_data import REAL
from apptest_ui import button, send_uploads

from wijk_core.i18n import t
from wijk_core.readers import default_catalogue
from wijk_core.readers.labels import indicator_label
from wijk_core.sectors import store as sector_store
from wijk_core.selection import store as selection_store
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

PAGE = "pages/selection.py"
DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
FIRST = ["pop_total", "share_65plus_pct"]


def _upload(name: str, content: bytes | None = None):
    return (name, (DEMO / name).read_bytes() if content is None else content, "application/octet-stream")


def _table(columns: list[str]) -> bytes:
    frame = pd.read_csv(DEMO / "indicators.csv", dtype={"cd_sector": str}).set_index("cd_sector")
    out = io.StringIO()
    frame[columns].to_csv(out)
    return out.getvalue().encode()


def _rest() -> list[str]:
    columns = pd.read_csv(DEMO / "indicators.csv", nrows=0).columns
    return [c for c in columns if c != "cd_sector" and c not in FIRST]


def _open(run_app, section="data", **state):
    at = run_app(role="officer", selection_section=section, **state)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _project(app_db):
    store = get_store(app_db)
    return store, store.write(project_store.ensure_project, "Demoproject")


def _files(store, project) -> list[tuple[str, str]]:
    return [(f.role, f.filename) for f in store.read(sector_store.data_sources, project.id)]


def _text(at) -> str:
    return " ".join(e.value for e in (*at.markdown, *at.success, *at.warning, *at.info, *at.error, *at.caption))


@pytest.fixture
def loaded(run_app, app_db):
    """Sectors, one table of two indicators and the wijken (layer and link table), added in one go."""
    at = _open(run_app)
    send_uploads(at, up_sectors=_upload("sectors.geojson"), up_indicators=[_upload("eerste.csv", _table(FIRST))],
            up_wijken=[_upload("wijken.geojson"), _upload("sector_to_wijk.csv")])
    store, project = _project(app_db)
    assert _files(store, project) == [("sectors", "sectors.geojson"), ("indicators", "eerste.csv"),
                                      ("neighbourhoods", "wijken.geojson"), ("link_table", "sector_to_wijk.csv")]
    return store, project


def test_a_table_added_alone_keeps_the_other_sources(run_app, loaded):
    store, project = loaded
    at = _open(run_app)
    wijken = len(pd.read_csv(DEMO / "sector_to_wijk.csv")["wijk_code"].unique())

    at = send_uploads(at, up_indicators=[_upload("tweede.csv", _table(_rest()))])

    assert [name for role, name in _files(store, project) if role == "indicators"] == ["eerste.csv", "tweede.csv"]
    assert t("selection.changed", "nl", gained=len(_rest()) - 1, lost=0, wijken=wijken) in _text(at)  # area_ha
    at = _open(run_app)
    current = t("selection.data_current", "nl", label="Demoveld", sectors=50, indicators=len(FIRST) + len(_rest())
                + 1, wijken=wijken)  # ms_area_ha: the geometry's own
    assert current.replace("**", "") in _text(at).replace("**", ""), _text(at)


def test_wijken_alone_are_accepted_once_the_sectors_are_stored(run_app, app_db):
    at = _open(run_app)
    send_uploads(at, up_sectors=_upload("sectors.geojson"))
    store, project = _project(app_db)
    at = send_uploads(_open(run_app), up_wijken=[_upload("wijken.geojson"), _upload("sector_to_wijk.csv")])
    assert [role for role, _ in _files(store, project)] == ["sectors", "neighbourhoods", "link_table"]
    assert not at.error


def test_a_table_without_any_sector_file_is_refused(run_app, app_db):
    at = send_uploads(_open(run_app), up_indicators=[_upload("eerste.csv", _table(FIRST))])
    assert [e.value for e in at.error] == [t("selection.upload_need_sectors", "nl")]
    store, project = _project(app_db)
    assert _files(store, project) == []


def test_removing_a_table_asks_first_lists_what_goes_and_undo_brings_it_back(run_app, loaded):
    store, project = loaded
    store.write(selection_store.create_candidate, project.id, "Muide", _demo_box(), origin="drawn")
    before = store.read(sector_store.data_sources, project.id)
    [table] = [f for f in before if f.role == "indicators"]
    at = _open(run_app)

    button(at, f"remove_{table.id}").click()
    at.run()

    text = _text(at)
    assert t("selection.change_title", "nl") in text
    catalogue = default_catalogue(pd.DataFrame(columns=FIRST))  # the table came without catalogue
    names = ", ".join(indicator_label(catalogue, i, "nl") for i in FIRST)
    assert t("selection.change_lost_indicators", "nl", count=2, names=names) in text.replace("\\", ""), text
    assert t("selection.change_candidates", "nl", names="Muide") in text  # its figures change
    assert store.read(sector_store.data_sources, project.id) == before  # nothing changed yet

    button(at, "data_confirm").click()
    at.run()
    assert not at.exception, at.exception
    assert [f.role for f in store.read(sector_store.data_sources, project.id)] == [
        "sectors", "neighbourhoods", "link_table"]
    [candidate] = store.read(selection_store.list_candidates, project.id)  # its outline stays
    assert candidate.name == "Muide"

    at = _open(run_app)
    button(at, "data_undo").click()
    at.run()
    assert store.read(sector_store.data_sources, project.id) == before
    assert t("selection.undone", "nl") in _text(at)


def test_cancelling_a_change_keeps_everything(run_app, loaded):
    store, project = loaded
    before = store.read(sector_store.data_sources, project.id)
    at = _open(run_app)
    button(at, "use_demo").click()  # every source removed: the wijken and sectors go too
    at.run()
    text = _text(at)
    assert "Wijken die verdwijnen (8)" in text and t("selection.change_to_demo", "nl") in text, text
    button(at, "data_cancel").click()
    at.run()
    assert store.read(sector_store.data_sources, project.id) == before
    assert t("selection.change_cancelled", "nl") in _text(at)


def test_a_change_that_loses_nothing_needs_no_confirmation(run_app, loaded):
    store, project = loaded
    at = send_uploads(_open(run_app), up_indicators=[_upload("tweede.csv", _table(_rest()))])
    assert not [b for b in at.button if b.key == "data_confirm"]
    assert len(store.read(sector_store.data_sources, project.id)) == 5


def test_brussels_geometry_alone_gives_a_map_with_its_area(run_app, app_db):
    path = REAL / "brussels_sectors_statbel_20220101.gpkg"
    if not path.is_file():
        pytest.skip(f"real test data {path} not present")
    at = send_uploads(_open(run_app), up_sectors=(path.name, path.read_bytes(), "application/octet-stream"))
    assert not at.error
    at = _open(run_app, "map")
    assert t("selection.no_indicators", "nl") not in _text(at)
    picker = at.selectbox(key="map_indicator")
    assert set(picker.options) >= {"Oppervlakte van de sector", "Oppervlakte (Statbel)"}


def _demo_box():
    from shapely.geometry import box

    sectors = __import__("geopandas").read_file(DEMO / "sectors.geojson")
    minx, miny, maxx, maxy = sectors.total_bounds
    return box(minx, miny, (minx + maxx) / 2, (miny + maxy) / 2)
