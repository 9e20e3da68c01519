"""Fetching official data in the Data section (AppTest), against a loopback server in Statbel's formats.

Success adds the municipality's sectors and income table as sources (through the same
change of sources as an upload, so undo works); a second municipality is served from the
kept files with the server gone; a failing server shows its message, changes nothing and
leaves the upload form working.
"""

from __future__ import annotations

import re


import pytest

from wijk_core.i18n import t
from wijk_app.state import md
from wijk_core.sectors import store as sector_store
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

from sectors.statbel_mirror import Quiet, ServerError, build_mirror, dead_port, serve  # tests/sectors
from apptest_ui import send_uploads
from test_data_sources import _open, _upload

PAGE = "pages/selection.py"


@pytest.fixture
def mirror(tmp_path):
    return build_mirror(tmp_path / "statbel")


@pytest.fixture
def kept(tmp_path, monkeypatch):
    folder = tmp_path / "official"
    monkeypatch.setenv("WIJK_OFFICIAL_DIR", str(folder))
    return folder


def _sources(app_db) -> list[tuple[str, str]]:
    store = get_store(app_db)
    project = store.write(project_store.ensure_project, "Demoproject")
    return [(f.role, f.filename) for f in store.read(sector_store.data_sources, project.id)]


def _fetch(at, query: str, nis5: str, edition: str):
    at.text_input(key="official_query").set_value(query).run()
    assert not at.exception, at.exception
    [pick] = [s for s in at.selectbox if s.key == "official_pick"]
    [index] = [i for i, label in enumerate(pick.options) if f"NIS {nis5}" in label]
    pick.select_index(index).run()
    [radio] = [r for r in at.radio if r.key == "official_edition"]
    radio.set_value(edition).run()
    [button] = [b for b in at.button if b.key == "official_fetch"]
    button.click().run()
    assert not at.exception, at.exception
    return at


def test_a_merged_municipality_is_fetched_then_a_second_one_without_network(run_app, app_db, mirror, kept,
                                                                           monkeypatch):
    for base in serve(Quiet, mirror):
        monkeypatch.setenv("WIJK_STATBEL_URL", base)
        at = _fetch(_open(run_app), "merelbeke-melle", "44088", "2024")
    assert _sources(app_db) == [("sectors", "sectors_44088.gpkg"), ("indicators", "TF_PSNL_INC_TAX_SECTOR_44088.csv")]
    assert not at.error
    assert sorted(p.name for p in kept.iterdir() if p.is_file()) == ["TF_PSNL_INC_TAX_SECTOR.zip",
                                                      "sh_statbel_statistical_sectors_31370_20240101.geojson.zip"]

    monkeypatch.setenv("WIJK_STATBEL_URL", dead_port())  # the server is gone: the kept files serve
    at = _fetch(_open(run_app), "Beersel", "23003", "2024")
    assert not at.error, [e.value for e in at.error]
    kept_line = t("official.kept", "nl", files="sh_statbel_statistical_sectors_31370_20240101.geojson.zip, "
                                               "TF_PSNL_INC_TAX_SECTOR.zip")
    assert kept_line in [c.value for c in at.caption]
    # the new geometry replaces the old one and Merelbeke-Melle's table loses all its sectors: asked first
    assert t("selection.change_title", "nl") in [w.value for w in at.warning]
    [confirm] = [b for b in at.button if b.key == "data_confirm"]
    confirm.click().run()
    assert _sources(app_db) == [("indicators", "TF_PSNL_INC_TAX_SECTOR_44088.csv"), ("sectors", "sectors_23003.gpkg"),
                                ("indicators", "TF_PSNL_INC_TAX_SECTOR_23003.csv")]


def test_a_failing_server_changes_nothing_and_upload_still_works(run_app, app_db, mirror, kept, monkeypatch):
    for base in serve(ServerError, mirror):
        monkeypatch.setenv("WIJK_STATBEL_URL", base)
        at = _fetch(_open(run_app), "23003", "23003", "2024")
        url = base + "Statistische%20sectoren/sh_statbel_statistical_sectors_31370_20240101.geojson.zip"
    assert [e.value for e in at.error] == [t("errors.download_http", "nl", status=500, url=md(url))]
    assert t("official.failed", "nl") in [i.value for i in at.info]
    assert _sources(app_db) == [] and not list(kept.iterdir())
    at = send_uploads(at, up_sectors=_upload("sectors.geojson"))
    assert _sources(app_db) == [("sectors", "sectors.geojson")]


def test_profiles_show_the_region_and_belgium_beside_the_municipality(run_app, app_db, mirror, kept, monkeypatch):
    from shapely.geometry import box

    from wijk_core.i18n import format_number
    from wijk_core.selection import store as selection_store

    for base in serve(Quiet, mirror):
        monkeypatch.setenv("WIJK_STATBEL_URL", base)
        _fetch(_open(run_app), "merelbeke-melle", "44088", "2024")
    store = get_store(app_db)
    project = store.write(project_store.ensure_project, "Demoproject")
    store.write(selection_store.create_candidate, project.id, "Melle-centrum", box(150_100, 170_100, 150_900, 171_900),
                origin="drawn")  # EPSG:31370, inside two of Melle's sectors

    at = _open(run_app, section="candidates")

    [profile] = [d.value for d in at.dataframe if t("official.belgium", "nl") in d.value.columns]
    assert list(profile.columns[-3:]) == [t("selection.municipality", "nl"), t("official.region_flanders", "nl"),
                                          t("official.belgium", "nl")]
    label = profile.columns[0]
    row = profile.set_index(label).loc[:, t("official.belgium", "nl")]
    declarations = [r for r in profile[label] if "Aangiften" in r][0]
    # Belgium: every sector of the national table in 2023: the 7 Flemish ones, 100 + i, and the 3 of Liège
    # and Brussels, numbered again from 0 (statbel_mirror.income_rows)
    assert row[declarations] == format_number(sum(100 + i for i in range(7)) + sum(100 + i for i in range(3)), "nl", 0)
    region = profile.set_index(label).loc[declarations, t("official.region_flanders", "nl")]
    assert region == format_number(sum(100 + i for i in range(7)), "nl", 0)  # the 7 Flemish sectors


def test_a_hostile_search_is_shown_as_text(run_app, hostile_text):
    from wijk_core.sectors.municipalities import find_municipalities

    at = _open(run_app)
    at.text_input(key="official_query").set_value(hostile_text).run()
    assert not at.exception, at.exception
    if find_municipalities(hostile_text):  # a name contains its letters: it is offered, not echoed
        assert [s.key for s in at.selectbox if s.key == "official_pick"] == ["official_pick"]
        return
    message = t("official.none_found", "nl", query=md(hostile_text))  # every markdown sign escaped
    assert message in [i.value for i in at.info]
    assert "<script>" not in message and not re.search(r"(?<!\\)\]\(", message)
