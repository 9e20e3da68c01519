"""Every indicator named on the selection page: the heat-vulnerability and income files of
shared/data/real show human names and translated units in nl, fr and en, never a raw column name;
the officer's own names, saved in the Data section's catalogue, reach the picker.
"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from real_data import real_file
from shapely import union_all

from wijk_core.i18n import t
from wijk_core.indicators import store as indicator_store
from wijk_core.indicators.catalogue import IndicatorEntry
from wijk_core.readers.labels import UNIT_KEYS
from wijk_core.sectors import store as sector_store
from wijk_core.selection import store as selection_store
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

PAGE = "pages/selection.py"
SECTORS = "zennevallei_sectors_statbel_20240101.geojson"
TABLES = ("zennevallei_heat_vulnerability_2026.csv", "zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv")


def _raw_columns() -> list[str]:
    """Every column of the two files but the sector code (text columns included: none may show either)."""
    columns = [column for name in TABLES for column in pd.read_csv(real_file(name), nrows=0).columns]
    return sorted(set(columns) - {"cd_sector", "CD_SECTOR"})


@pytest.fixture
def project_with_real_files(run_app, app_db):
    """The Zennevallei sectors with the heat and income tables, and two candidates of three sectors each."""
    run_app(PAGE)  # the app makes the project
    store = get_store(app_db)
    project = store.read(project_store.list_projects)[0]
    store.write(sector_store.add_file, project.id, "sectors", SECTORS, real_file(SECTORS).read_bytes())
    for name in TABLES:
        store.write(sector_store.add_file, project.id, "indicators", name, real_file(name).read_bytes())
    sectors = gpd.read_file(real_file(SECTORS)).to_crs(31370).set_index("cd_sector")
    for name, codes in (("Beersel-Kern", ["23003A001", "23003A012", "23003A02-"]),
                        ("Halle-Centrum", ["23027A00-", "23027A01-", "23027A021"])):
        geometry = union_all(list(sectors.loc[[c for c in codes if c in sectors.index], "geometry"]))
        store.write(selection_store.create_candidate, project.id, name, geometry, origin="drawn")
    return store, project


def _open(run_app, section: str, lang: str):
    at = run_app(selection_section=section, lang=lang)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _frame_text(frame: pd.DataFrame) -> list[str]:
    return [str(c) for c in frame.columns] + [str(i) for i in frame.index] + [str(v) for v in frame.to_numpy().ravel()]


def _shown(at) -> list[str]:
    """The text of every element the page rendered: messages, widget labels and options, tables, charts."""
    texts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader", "title", "header"):
        texts += [str(element.value) for element in at.get(kind)]
    for kind in ("selectbox", "multiselect", "radio", "number_input", "text_input", "toggle", "checkbox",
                 "button", "expander"):
        for element in at.get(kind):
            texts.append(str(getattr(element, "label", "")))
            texts += [str(option) for option in getattr(element, "options", [])]
    for element in at.dataframe:
        texts += _frame_text(element.value)
    for chart in at.get("plotly_chart"):
        texts.append(json.dumps(json.loads(chart.proto.spec), ensure_ascii=False))
    return texts


def _raw_in(texts: list[str], columns: list[str]) -> dict[str, str]:
    found = {}
    for column in columns:
        pattern = re.compile(rf"(?<![\w]){re.escape(column)}(?![\w])")
        hit = next((text for text in texts if pattern.search(text)), None)
        if hit is not None:
            found[column] = hit[:200]
    return found


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_no_raw_column_name_on_the_selection_page(run_app, app_db, project_with_real_files, lang):
    store, project = project_with_real_files
    columns = _raw_columns()
    assert "ses_pre1945Housing" in columns and "MS_AVG_TOT_NET_TAXABLE_INC" in columns

    at = _open(run_app, "map", lang)  # the indicator picker
    picker = at.selectbox(key="map_indicator")
    assert len(picker.options) == 29  # 21 heat-vulnerability scores, 7 income measures and the sector area
    shown = _shown(at)

    at = _open(run_app, "candidates", lang)  # the profiles
    profile = at.dataframe[1].value
    assert {"Beersel-Kern", "Halle-Centrum"} <= set(profile.columns)
    units = set(profile[t("selection.col_unit", lang)]) - {""}
    assert units and units <= {t(f"units.{key}", lang) for key in set(UNIT_KEYS.values())}, units
    if lang != "en":
        assert "count" not in units
    shown += _shown(at)

    at = _open(run_app, "framework", lang)  # the criteria: offered, chosen, ranked
    key = f"fw{project.id}_ind"
    offered = at.multiselect(key=key)
    assert t("selection.ideas_count", lang) in offered.options
    at.multiselect(key=key).set_value(["ses_pre1945Housing", "comp_age0To9", "MS_MEDIAN_NET_TAXABLE_INC"]).run()
    assert not at.exception, at.exception
    shown += _shown(at)

    at = _open(run_app, "data", lang)  # the indicator catalogue (the data check names the file's columns it set
    [catalogue] = [e for e in at.expander if e.label == t("indicators.title", lang)]  # aside, as the file has them)
    shown += _shown(catalogue)

    assert _raw_in(shown, columns) == {}  # column → the first text showing it
    names = " ".join(shown)
    assert t("units.count", lang) in names or lang == "en"
    heat = {"nl": "Sociaal-economisch: woningen van vóór 1945", "fr": "Socio-économique : logements construits "
            "avant 1945", "en": "Socio-economic: dwellings built before 1945"}[lang]
    assert heat in names


def test_the_officers_own_names_reach_the_picker_and_the_profiles(run_app, app_db, project_with_real_files):
    store, project = project_with_real_files
    store.write(indicator_store.save_indicator_entries, project.id, [IndicatorEntry(
        "comp_age0To9", "Jonge kinderen", "Jeunes enfants", "Young children", "count", "intensive", "",
        "need_if_higher")])

    at = _open(run_app, "map", "fr")
    assert "Jeunes enfants" in at.selectbox(key="map_indicator").options
    at = _open(run_app, "candidates", "nl")
    profile = at.dataframe[1].value
    row = profile[profile[t("selection.col_indicator", "nl")] == "Jonge kinderen"]
    assert row[t("selection.col_unit", "nl")].tolist() == ["aantal"]

    at = _open(run_app, "data", "en")
    assert not at.exception, at.exception
    labels = [e.label for e in at.get("download_button")]
    assert t("indicators.export", "en") in labels
