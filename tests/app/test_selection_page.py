"""The officer's neighbourhood selection, run through AppTest on the demo data.

Drawing and clicking on the map need a browser (tests/browser); everything else of
the story is driven here through the page's widgets.
"""


import pandas as pd
import pytest
from real_data import REAL

import wijk_app.selection.map_tab as map_tab
from wijk_app.state import md
from wijk_core.i18n import format_number, t
from wijk_core.store import get_store
from wijk_core.store import projects as project_store
from wijk_core.sectors import store as sector_store
from wijk_core.selection import store as selection_store

PAGE = "pages/selection.py"


def _button(at, key_or_label):
    found = [b for b in at.button if b.key == key_or_label or b.label == key_or_label]
    assert found, f"no button {key_or_label!r}: {[b.label for b in at.button]}"
    return found[0]


def _open(run_app, section, **state):
    at = run_app(selection_section=section, **state)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _predefined(at):
    """The predefined-wijk list (its key changes once wijken are added: the list is then empty)."""
    return next(m for m in at.multiselect if m.label == t("selection.predefined", "nl"))


def _add_predefined(at, codes):
    _predefined(at).set_value(codes)
    _button(at, t("selection.add_predefined", "nl")).click()
    return at.run()


def _project(app_db):
    store = get_store(app_db)
    return store, store.read(project_store.list_projects)[0]


def test_map_section_shows_the_choropleth_controls(run_app):
    at = _open(run_app, "map")
    assert at.session_state["map_indicator"] == "share_65plus_pct"  # first intensive need indicator
    method = at.selectbox(key="map_method")
    assert method.options == [t(f"selection.class_{m}", "nl")
                              for m in ("quantiles", "equal_interval", "natural_breaks")]
    at.session_state["map_method"] = "natural_breaks"
    at.run()
    assert at.session_state["map_method"] == "natural_breaks"
    assert not at.exception


def test_predefined_neighbourhoods_become_candidates_with_profiles(run_app, app_db):
    at = _open(run_app, "map")
    at = _add_predefined(at, ["99991W01", "99991W02", "99991W03"])
    assert not at.exception, at.exception
    store, project = _project(app_db)
    names = [c.name for c in store.read(selection_store.list_candidates, project.id)]
    assert names == ["Centrum", "Molenveld", "Stationskwartier"]
    at = _open(run_app, "candidates")
    profile = at.dataframe[1].value  # areas first, then the profile table
    population = profile[profile[t("selection.col_indicator", "nl")] == "Inwoners"].iloc[0]
    assert population["Stationskwartier"] == "2.439"
    assert population[t("selection.municipality", "nl")] == "17.793"


def test_framework_ranks_and_survives_a_restart(run_app, app_db):
    at = _open(run_app, "map")
    _add_predefined(at, ["99991W01", "99991W02", "99991W03"])
    at = _open(run_app, "framework")
    store, project = _project(app_db)
    prefix = f"fw{project.id}"
    at.multiselect(key=f"{prefix}_ind").set_value(
        ["share_pre1945_pct", "MS_MEDIAN_NET_TAXABLE_INC", "gas_per_connection_kwh"]).run()
    at.multiselect(key=f"{prefix}_qual").set_value(["political_anchor", "active_citizens"]).run()
    at.number_input(key=f"{prefix}_w_share_pre1945_pct").set_value(3.0).run()
    assert not at.exception, at.exception
    saved = store.read(selection_store.find_criteria_set, project.id, "default")
    assert [c.key for c in saved.criteria] == ["share_pre1945_pct", "MS_MEDIAN_NET_TAXABLE_INC",
                                               "gas_per_connection_kwh", "political_anchor",
                                               "active_citizens"]
    assert {c.key: c.direction for c in saved.criteria}["MS_MEDIAN_NET_TAXABLE_INC"] == "cost"
    # the team scores both qualitative criteria
    candidates = {c.name: c.id for c in store.read(selection_store.list_candidates, project.id)}
    scores = {"political_anchor": {"Centrum": 4, "Molenveld": 2, "Stationskwartier": 5},
              "active_citizens": {"Centrum": 3, "Molenveld": 4, "Stationskwartier": 2}}
    for key, per_candidate in scores.items():
        for name, score in per_candidate.items():
            at.number_input(key=f"sc_{saved.id}_{key}_{candidates[name]}").set_value(score)
    at.text_input(key=f"pro_{saved.id}_political_anchor_{candidates['Stationskwartier']}").input(
        "Klimaatplan noemt de stationsbuurt")
    _button(at, t("selection.save_scores", "nl")).click()
    at.run()
    assert not at.exception, at.exception
    ranking = at.dataframe[0].value
    assert list(ranking.columns)[:2] == [t("selection.col_rank", "nl"), t("selection.col_candidate", "nl")]
    first = ranking.sort_values(t("selection.col_rank", "nl")).iloc[0]
    assert first[t("selection.col_candidate", "nl")] == "Stationskwartier"
    assert len(at.get("plotly_chart")) == 4

    # a new session (a restart) finds everything again
    at = _open(run_app, "framework")
    assert at.multiselect(key=f"{prefix}_qual").value == ["political_anchor", "active_citizens"]
    assert at.number_input(key=f"{prefix}_w_share_pre1945_pct").value == 3.0
    assert at.text_input(key=f"pro_{saved.id}_political_anchor_{candidates['Stationskwartier']}").value \
        == "Klimaatplan noemt de stationsbuurt"
    assert at.dataframe[0].value.sort_values(t("selection.col_rank", "nl")).iloc[0][
        t("selection.col_candidate", "nl")] == "Stationskwartier"


def test_all_weights_zero_is_refused_in_the_users_language(run_app, app_db):
    _add_predefined(_open(run_app, "map"), ["99991W01", "99991W02"])
    at = _open(run_app, "framework", lang="fr")
    store, project = _project(app_db)
    prefix = f"fw{project.id}"
    at.multiselect(key=f"{prefix}_ind").set_value(["share_pre1945_pct"]).run()
    at.number_input(key=f"{prefix}_w_share_pre1945_pct").set_value(0.0).run()
    assert not at.exception
    assert any(e.value == t("errors.weights_all_zero", "fr") for e in at.error)


def test_duplicate_candidate_name_is_refused(run_app, app_db):
    at = _add_predefined(_open(run_app, "map"), ["99991W01"])
    assert _predefined(at).value == []  # added: the list is empty for the next choice
    at = _add_predefined(at, ["99991W01"])
    assert _predefined(at).value == ["99991W01"]  # refused: the choice stays to change
    assert any(e.value == t("errors.candidate_name_taken", "nl", name=md("Centrum")) for e in at.error)
    store, project = _project(app_db)
    assert len(store.read(selection_store.list_candidates, project.id)) == 1


def test_adding_without_a_chosen_wijk_says_so(run_app, app_db):
    at = _add_predefined(_open(run_app, "map"), [])
    assert [e.value for e in at.error] == [t("selection.choose_wijk_first", "nl")]
    store, project = _project(app_db)
    assert store.read(selection_store.list_candidates, project.id) == []


@pytest.mark.parametrize("section", ["data", "map", "candidates", "framework", "hotspots", "export"])
def test_every_section_runs_without_candidates(run_app, section):
    at = _open(run_app, section)
    assert not at.exception


def test_export_offers_the_council_file(run_app, app_db):
    _add_predefined(_open(run_app, "map"), ["99991W01", "99991W02"])
    at = _open(run_app, "export")
    assert not at.exception, at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels == [t("selection.export_geojson", "nl"), t("selection.export_xlsx", "nl"),
                      t("selection.export_html", "nl")]


def test_a_corrupt_upload_is_refused_and_nothing_is_stored(run_app, app_db):
    at = _open(run_app, "data", lang="fr")
    at.file_uploader(key="up_sectors").set_value(("secteurs.zip", b"PK\x03\x04 not really a zip", "application/zip"))
    _button(at, t("selection.upload_button", "fr")).click()
    at.run()
    assert not at.exception, at.exception
    messages = [e.value for e in at.error]
    assert any(m.startswith("« secteurs\\.zip » n'est pas une archive zip lisible") for m in messages), messages
    store, project = _project(app_db)
    assert store.read(sector_store.list_files, project.id) == []
    # the demo data are still in use
    assert any("Demoveld" in m.value for m in at.markdown)


HOSTILE = '<img src=x onerror=alert(1)> [klik](javascript:alert(1)) $x$ **vet**'


def test_hostile_names_are_shown_literally(run_app, app_db):
    """User text reaches markdown only with its markup escaped (no HTML, links, LaTeX, emphasis)."""
    from shapely.geometry import box

    store = get_store(app_db)
    project = store.write(project_store.ensure_project, "Demoproject")
    store.write(project_store.rename_project, project.id, HOSTILE)
    store.write(selection_store.create_candidate,
                project.id, HOSTILE, box(175000, 191000, 176000, 192000), origin="drawn")
    store.write(selection_store.create_candidate,
                project.id, "Tweede", box(176000, 191000, 177000, 192000), origin="drawn")
    shown = []
    for section in ("candidates", "framework", "map"):
        at = _open(run_app, section)
        assert not at.exception, at.exception
        shown += [e.value for e in (*at.markdown, *at.info, *at.caption)] + [e.label for e in at.expander]
    with_name = [text for text in shown if "onerror" in text]
    assert with_name, "the hostile name is not shown at all"
    for text in with_name:
        assert "\\<img" in text and "\\[klik\\]\\(javascript\\:" in text and "\\$x\\$" in text, text
        assert "<img" not in text.replace("\\<img", "")




def _real(name):
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"real test data {path} not present")
    return (path.name, path.read_bytes(), "application/octet-stream")


def test_officer_loads_real_statbel_files(run_app, app_db):
    """The Zennevallei sectors, two indicator tables and the PinC wijken, uploaded as a user would."""
    at = _open(run_app, "data")
    at.file_uploader(key="up_sectors").set_value(_real("zennevallei_sectors_statbel_20240101.geojson"))
    at.file_uploader(key="up_indicators").set_value([
        _real("zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv"),
        _real("zennevallei_fluvius_energy_2018_2021.csv")])
    at.file_uploader(key="up_wijken").set_value([
        _real("zennevallei_wijken_pinc_ggw72024.gpkg"), _real("zennevallei_sector_to_wijk_ggw72024.csv")])
    _button(at, t("selection.upload_button", "nl")).click()
    at.run()
    assert not at.exception, at.exception
    store, project = _project(app_db)
    assert sorted(f.role for f in store.read(sector_store.list_files, project.id)) == [
        "indicators", "indicators", "link_table", "neighbourhoods", "sectors"]

    at = _open(run_app, "data")
    shown = " ".join(m.value for m in at.markdown)
    assert "132" in shown  # sectors
    report = " ".join(e.value for e in (*at.warning, *at.info))
    assert "23003E0MS" in report  # a sector without an income row, reported by code
    assert "ZZZZ" in report  # Fluvius' unlocated codes

    # a predefined wijk as a candidate: its profile equals the sum of its sectors' rows
    at = _open(run_app, "map")
    link = pd.read_csv(REAL / "zennevallei_sector_to_wijk_ggw72024.csv")
    wijk = link["wijk_code"].iloc[0]
    _add_predefined(at, [wijk])
    [candidate] = store.read(selection_store.list_candidates, project.id)
    codes = set(link.loc[link["wijk_code"] == wijk, "cd_sector"])
    assert set(candidate.sector_codes) == codes
    income = pd.read_csv(REAL / "zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv")
    latest = income[(income["CD_YEAR"] == income["CD_YEAR"].max()) & income["CD_SECTOR"].isin(codes)]
    at = _open(run_app, "candidates")
    profile = at.dataframe[1].value
    declarations = profile[profile[t("selection.col_indicator", "nl")].str.contains("aangiften", case=False)]
    assert not declarations.empty, list(profile[t("selection.col_indicator", "nl")])
    expected = format_number(latest["MS_NBR_NON_ZERO_INC"].sum(), "nl", 0)
    assert expected in set(declarations[candidate.name])


def test_residents_ideas_count_in_the_framework(run_app, app_db):
    """Ideas pinned inside a candidate show in its profile and can be a criterion."""
    from wijk_core.ideas import store as stored_ideas

    _add_predefined(_open(run_app, "map"), ["99991W01", "99991W02"])
    store, project = _project(app_db)
    centre = {c.name: c for c in store.read(selection_store.list_candidates,
                                            project.id)}["Centrum"].geometry.representative_point()
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(31370, 4326, always_xy=True).transform(centre.x, centre.y)
    from types import SimpleNamespace

    place = SimpleNamespace(lon=lon, lat=lat, x=centre.x, y=centre.y)
    with store.writing() as session:
        for n in range(3):
            stored_ideas.add_idea(session, project.id, f"bewoner-{n:02d}-0123456789ab", place, category="mobility",
                                  title=f"Idee {n}", text="Meer groen")
    at = _open(run_app, "candidates")
    areas = at.dataframe[0].value
    counts = dict(zip(areas[t("selection.col_candidate", "nl")], areas[t("selection.ideas_count", "nl")]))
    assert counts == {"Centrum": 3, "Stationskwartier": 0}

    at = _open(run_app, "framework")
    prefix = f"fw{project.id}"
    at.multiselect(key=f"{prefix}_ind").set_value(["ideas_per_1000"]).run()
    assert not at.exception, at.exception
    ranking = at.dataframe[0].value.sort_values(t("selection.col_rank", "nl"))
    assert ranking.iloc[0][t("selection.col_candidate", "nl")] == "Centrum"
    assert [c.key for c in store.read(selection_store.find_criteria_set,
                                      project.id, "default").criteria] == ["ideas_per_1000"]


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_a_self_intersecting_drawing_is_said_to_be_repaired(run_app, monkeypatch, lang):
    """A bow tie drawn on the map is made valid; the officer reads so beside its area.

    The map component answers only in a browser: here it answers with the drawing."""
    bow_tie = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[
        [4.47, 51.03], [4.48, 51.04], [4.48, 51.03], [4.47, 51.04], [4.47, 51.03]]]}}
    square = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[
        [4.47, 51.03], [4.48, 51.03], [4.48, 51.04], [4.47, 51.04], [4.47, 51.03]]]}}
    for drawing, repaired in ((bow_tie, True), (square, False)):
        monkeypatch.setattr(map_tab, "st_folium", lambda *args, drawing=drawing, **kwargs: {
            "last_active_drawing": drawing, "last_object_clicked": None})
        at = _open(run_app, "map", lang=lang)
        assert len(at.success) == 1  # the area is shown
        warned = t("selection.drawing_repaired", lang) in [w.value for w in at.warning]
        assert warned == repaired


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_a_drawing_shows_its_figures_in_the_same_run(run_app, monkeypatch, lang, demo):
    """The drawing's area, share on data, sectors touched and key indicators beside the municipality show
    in the run that receives the drawing, before any save; a drawing beside the data says so."""
    from shapely.geometry import box, mapping

    from wijk_core.maps.choropleth import default_indicator
    from wijk_core.selection.candidates import from_drawing
    from wijk_core.selection.map import mapped_indicators
    from wijk_core.selection.perimeter import key_indicators, perimeter_figures

    left, bottom, right, top = demo.sectors.to_crs(4326).total_bounds
    inside = box(left + (right - left) * 0.3, bottom + (top - bottom) * 0.3,
                 left + (right - left) * 0.5, bottom + (top - bottom) * 0.5)
    far = box(left - 0.2, bottom - 0.2, left - 0.1, bottom - 0.1)
    numeric = mapped_indicators(demo)
    keys = key_indicators(demo.catalogue, numeric, default_indicator(demo.catalogue, numeric))
    for shape, touched in ((inside, True), (far, False)):
        drawing = {"type": "Feature", "properties": {}, "geometry": mapping(shape)}
        monkeypatch.setattr(map_tab, "st_folium", lambda *args, drawing=drawing, **kwargs: {
            "last_active_drawing": drawing, "last_object_clicked": None})
        at = _open(run_app, "map", lang=lang)
        assert not at.exception, at.exception
        expected = perimeter_figures(demo, from_drawing(drawing).geometry, keys)
        metrics = {m.label: m.value for m in at.metric}
        assert metrics[t("perimeter.area", lang)] == f"{format_number(expected.hectares, lang, 1)} ha"
        assert metrics[t("perimeter.sectors_touched", lang)] == str(len(expected.sector_codes))
        outside = t("perimeter.outside", lang) in [w.value for w in at.warning]
        assert outside == (not touched)
        if touched:
            table = at.dataframe[0].value
            assert list(table.columns) == [t("selection.col_indicator", lang), t("perimeter.col_perimeter", lang),
                                           t("selection.municipality", lang)]
            assert len(table) == len(keys)
