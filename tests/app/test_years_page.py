"""A long table's year picked in the Data section is what the map, profiles and trends use (AppTest).

Mostly on the Zennevallei income table (Statbel, 2019–2023; those tests skip without the
shared real data); a year that loses an indicator on three synthetic sectors.
"""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from shapely import box

from sectors.test_data import real
from sectors.test_years import three_sectors
from wijk_core.access import audit_entries
from wijk_core.i18n import format_number, t
from wijk_core.readers.labels import indicator_label
from wijk_core.sectors import store as sector_store
from wijk_core.sectors.data import load_sources
from wijk_core.sectors.model import NewSource
from wijk_core.selection import store as selection_store
from wijk_core.selection.candidates import candidate_layer, from_sectors, profile_candidates
from wijk_core.store import get_store
from wijk_core.store import projects as project_store
from wijk_app.state import md

PAGE = "pages/selection.py"
SECTORS = "zennevallei_sectors_statbel_20240101.geojson"
INCOME = "zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv"
AVERAGE = "MS_AVG_TOT_NET_TAXABLE_INC"


def _open(run_app, section):
    at = run_app(role="officer", selection_section=section)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def loaded(run_app, app_db):
    """The Zennevallei sectors and the income table (2019–2023), uploaded in the Data section."""
    sectors, income = real(SECTORS), real(INCOME)
    at = _open(run_app, "data")
    at.file_uploader(key="up_sectors").set_value((SECTORS, sectors.read_bytes(), "application/geo+json"))
    at.file_uploader(key="up_indicators").set_value([(INCOME, income.read_bytes(), "text/csv")])
    [submit] = [b for b in at.button if b.label == t("selection.upload_button", "nl")]
    submit.click()
    at.run()
    assert not at.exception, at.exception
    store = get_store(app_db)
    project = store.write(project_store.ensure_project, "Demoproject")
    [_, table] = store.read(sector_store.data_sources, project.id)
    return store, project, table


def test_picking_2021_is_stored_audited_and_used_by_profiles_and_trends(run_app, loaded):
    store, project, table = loaded
    at = _open(run_app, "data")
    picker = at.selectbox(key=f"year_{table.id}")
    assert picker.options == [t("years.option", "nl", year=str(y)) for y in range(2019, 2024)]
    assert picker.value == 2023

    picker.set_value(2021).run()

    assert not at.exception, at.exception
    assert store.read(sector_store.get_file, table.id).options == {"year": 2021}
    newest = store.read(audit_entries, project_id=project.id)[0]  # newest first
    assert (newest.action, newest.target) == ("data.upload",
                                              f"set source year: file {table.id}, project file {table.id}")
    assert at.selectbox(key=f"year_{table.id}").value == 2021  # the page read the table again for 2021
    assert t("years.changed", "nl", source=md(INCOME), year="2021") in " ".join(e.value for e in at.success)

    files = [("sectors", real(SECTORS).read_bytes(), SECTORS), ("indicators", real(INCOME).read_bytes(), INCOME)]
    data_2021, _ = load_sources([*files[:1], (*files[1], {"year": 2021})])
    data_2023, _ = load_sources(files)
    codes = list(data_2021.sectors["cd_sector"][:3])
    shape = from_sectors(data_2021.sectors, codes)
    store.write(selection_store.create_candidate, project.id, "Centrum", shape.geometry, origin="sectors",
                sector_codes=shape.sector_codes)
    layer = candidate_layer({"Centrum": shape.geometry})
    expected = profile_candidates(data_2021, layer).values.at[AVERAGE, "Centrum"]
    assert expected != pytest.approx(profile_candidates(data_2023, layer).values.at[AVERAGE, "Centrum"])

    at = run_app(role="officer", selection_section="map", map_indicator=AVERAGE)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    [sector_map] = at.get("component_instance")
    highest = {year: format_number(data.indicators[AVERAGE].max(), "nl", 0)
               for year, data in ((2021, data_2021), (2023, data_2023))}
    assert highest[2021] != highest[2023]
    assert highest[2021] in sector_map.proto.json_args and highest[2023] not in sector_map.proto.json_args  # legend

    at = _open(run_app, "candidates")

    [profile] = [frame.value for frame in at.dataframe if "Centrum" in frame.value.columns]
    label = indicator_label(data_2021.catalogue, AVERAGE, "nl")
    shown = profile.loc[profile[t("selection.col_indicator", "nl")] == label, "Centrum"]
    assert shown.tolist() == [format_number(expected, "nl", 0)]  # as the table writes it
    charts = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart") if "trend_" in chart.proto.id]
    assert len(charts) == 7  # every income indicator
    for figure in charts:
        candidate, municipality = figure["data"]
        assert _values(candidate["x"]) == _values(municipality["x"]) == [2019, 2020, 2021, 2022, 2023]



def test_a_hostile_table_name_is_shown_as_written(run_app, app_db):
    hostile = "**vet** <b>x<b> [link](javascript:alert(1)).csv"  # no "/": a name loses its folders
    store = get_store(app_db)
    project = store.write(project_store.ensure_project, "Demoproject")
    sectors, table = store.write(sector_store.change_sources, project.id, [
        NewSource("sectors", SECTORS, real(SECTORS).read_bytes()),
        NewSource("indicators", hostile, real(INCOME).read_bytes())])
    data, _ = load_sources([("sectors", real(SECTORS).read_bytes(), SECTORS)])
    shape = from_sectors(data.sectors, list(data.sectors["cd_sector"][:2]))
    store.write(selection_store.create_candidate, project.id, "Centrum", shape.geometry, origin="sectors")
    assert table.filename == hostile

    at = _open(run_app, "data")
    at.selectbox(key=f"year_{table.id}").set_value(2020).run()
    assert t("years.changed", "nl", source=md(hostile), year="2020") in [e.value for e in at.success]
    at = _open(run_app, "candidates")
    assert trm_label(hostile) in [e.label for e in at.expander]


def test_a_year_that_loses_an_indicator_is_asked_about_first(run_app, app_db):
    """In 2021 the long table's area differs from the wide table's (kept as area_2); in 2020 it is the same
    (read once): picking 2020 loses area_2, so the page asks first."""
    store = get_store(app_db)
    project = store.write(project_store.ensure_project, "Demoproject")
    wide = b"CD_SECTOR,area\n23003A001,1\n23003A012,2\n23003A02-,3\n"
    long = (b"CD_YEAR,CD_SECTOR,area,x\n2020,23003A001,1,7\n2020,23003A012,2,8\n2020,23003A02-,3,9\n"
            b"2021,23003A001,5,7\n2021,23003A012,6,8\n2021,23003A02-,4,9\n")
    _, _, table = store.write(sector_store.change_sources, project.id, [
        NewSource("sectors", "sectors.gpkg", three_sectors()), NewSource("indicators", "wide.csv", wide),
        NewSource("indicators", "long.csv", long)])
    store.write(selection_store.create_candidate, project.id, "Centrum", box(150_000, 160_000, 150_150, 160_100),
                origin="drawn")
    at = _open(run_app, "data")

    at.selectbox(key=f"year_{table.id}").set_value(2020).run()

    assert store.read(sector_store.get_file, table.id).options == {}  # not yet
    assert t("years.change_title", "nl", source="long\\.csv", year="2020") in [w.value for w in at.warning]
    assert "Centrum" in " ".join(m.value for m in at.markdown)
    [cancel] = [b for b in at.button if b.key == f"year_cancel_{table.id}"]
    cancel.click().run()
    assert store.read(sector_store.get_file, table.id).options == {}
    assert not [b for b in at.button if b.key == f"year_confirm_{table.id}"]

    at.selectbox(key=f"year_{table.id}").set_value(2020).run()
    [confirm] = [b for b in at.button if b.key == f"year_confirm_{table.id}"]
    confirm.click().run()
    assert not at.exception, at.exception
    assert store.read(sector_store.get_file, table.id).options == {"year": 2020}
    assert at.selectbox(key=f"year_{table.id}").value == 2020


def trm_label(source: str) -> str:
    return t("years.trends_table", "nl", source=md(source), first="2019", last="2023")


def _values(array):
    """A plotly array as sent to the browser: a list, or base64 typed data."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


GREEN = "zennevallei_groenkaart_green_2018_2021.csv"


def test_only_an_open_table_s_trends_are_drawn(run_app, app_db):
    """Each long table's trends sit in an expander of their own; only an open one's charts are built and sent
    (every table's charts, closed ones too, took Zennevallei's profiles 1.5 s in the browser)."""
    store = get_store(app_db)
    project = store.write(project_store.ensure_project, "Demoproject")
    store.write(sector_store.change_sources, project.id, [
        NewSource("sectors", SECTORS, real(SECTORS).read_bytes()),
        NewSource("indicators", INCOME, real(INCOME).read_bytes()),
        NewSource("indicators", GREEN, real(GREEN).read_bytes())])
    data, _ = load_sources([("sectors", real(SECTORS).read_bytes(), SECTORS)])
    shape = from_sectors(data.sectors, list(data.sectors["cd_sector"][:2]))
    store.write(selection_store.create_candidate, project.id, "Centrum", shape.geometry, origin="sectors")

    def charts(at) -> dict[int, int]:
        """Trend charts per table (by position: the income table is read first, the green one second)."""
        counted: dict[int, int] = {}
        for chart in at.get("plotly_chart"):
            for position in (0, 1):
                if f"trend_{position}_" in chart.proto.id:
                    counted[position] = counted.get(position, 0) + 1
        return counted

    at = _open(run_app, "candidates")
    assert charts(at) == {0: 7}, charts(at)  # every income indicator; the green table closed, nothing built
    at.session_state["trends_open_1"] = True  # the officer opens the green table
    at.run()
    assert not at.exception, at.exception
    both = charts(at)
    assert both[0] == 7 and both.get(1, 0) > 0, both
