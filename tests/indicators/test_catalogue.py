"""Every indicator named: the shared real files resolve to the packaged catalogue, other columns read well,
the project's entries lay over the catalogue, and the catalogue file goes out and back in unchanged."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from wijk_core.i18n import LANGUAGES, t
from wijk_core.indicators.catalogue import (IndicatorEntry, apply_entries, catalogue_csv, changed_entries,
                                            entries_of, read_catalogue_entries)
from wijk_core.readers.catalogue import default_catalogue, known_entry, read_catalogue, readable_label
from wijk_core.readers.errors import CatalogueError
from wijk_core.readers.labels import UNIT_KEYS, indicator_label, indicator_unit, unit_label
from wijk_core.sectors.data import load_sector_data

# Which geometry each shared indicator file joins (README of shared/data/real).
ZENNEVALLEI = "zennevallei_sectors_statbel_20240101.geojson"
SOURCES = {
    "zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv": ZENNEVALLEI,
    "zennevallei_heat_vulnerability_2026.csv": ZENNEVALLEI,
    "zennevallei_groenkaart_green_2018_2021.csv": ZENNEVALLEI,
    "zennevallei_jaarbak_soil_sealing_2018_2024.csv": ZENNEVALLEI,
    "zennevallei_fluvius_energy_2018_2021.csv": ZENNEVALLEI,
    "zennevallei_landuse_open_space_2013_2016.csv": ZENNEVALLEI,
    "gent_fluvius_energy_2018_2021_pre2025codes.csv": "gent_sectors_2025codes_stadgent.geojson",
}
SECTOR_FILES = (ZENNEVALLEI, "brussels_sectors_statbel_20220101.gpkg")  # Statbel's own attribute schema


def _assert_named(column: str, entry: dict | None) -> None:
    assert entry is not None, f"{column} is not in the packaged catalogue"
    for lang in LANGUAGES:
        label = entry[f"label_{lang}"]
        assert label and column not in label, (column, lang, label)
        assert "{" not in label, (column, lang, label)
    unit = entry["unit"]
    assert unit.strip().lower() in UNIT_KEYS, f"{column}: unit {unit!r} has no translation"
    assert entry["kind"] in ("extensive", "intensive")
    assert entry["direction"] in ("need_if_higher", "need_if_lower", "neutral")


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_indicator_the_app_loads_from_a_shared_file_is_named(real, name):
    data, _ = load_sector_data(real(SOURCES[name]), [real(name)])
    assert len(data.catalogue) >= 7  # the columns the app loads as indicators
    for column in data.catalogue.index:
        _assert_named(column, known_entry(column))
        for lang in LANGUAGES:  # and what the pages show is that name, not the column
            assert indicator_label(data.catalogue, column, lang) == known_entry(column)[f"label_{lang}"]


def test_all_zennevallei_tables_together_are_named_without_any_raw_column(real):
    """Loaded together, the Groenkaart and JaarBAK tables clash on area columns: the renamed ones say their file."""
    tables = [real(name) for name, geometry in SOURCES.items() if geometry == ZENNEVALLEI]
    data, _ = load_sector_data(real(ZENNEVALLEI), tables)
    assert len(data.catalogue) == 63  # the six tables and the sector area
    for column in data.catalogue.index:
        for lang in LANGUAGES:
            label = indicator_label(data.catalogue, column, lang)
            assert column not in label and not re.search(r"\(\d+\)$", label), (column, label)
            assert indicator_unit(data.catalogue, column, lang), (column, lang)
    renamed = [column for column in data.catalogue.index if re.search(r"_\d+$", column)]
    assert renamed == ["area_valid_ha_4", "area_nodata_ha_4"]  # the JaarBAK's own measure of the same areas
    assert indicator_label(data.catalogue, "area_valid_ha_4", "nl") == (
        "Oppervlakte met kaartgegevens (zennevallei_jaarbak_soil_sealing_2018_2024.csv)")


@pytest.mark.parametrize("name", SECTOR_FILES)
def test_the_sector_files_own_numeric_columns_are_named(real, name):
    data, _ = load_sector_data(real(name), [])
    numeric = [c for c in data.sectors.columns
               if c != "geometry" and not c.startswith("cd_") and pd.api.types.is_numeric_dtype(data.sectors[c])]
    assert "area_ha" in numeric
    for column in numeric:
        _assert_named(column, known_entry(column))


def test_the_heat_workbook_components_have_their_own_names():
    named = {column: known_entry(column)["label_en"] for column in (
        "comp_age0To9", "comp_trees50m", "ses_pre1945Housing", "ses_income", "hkw_final")}
    assert named == {"comp_age0To9": "Heat: share of children aged 0–9",
                     "comp_trees50m": "Heat: little tall green within 50 m",
                     "ses_pre1945Housing": "Socio-economic: dwellings built before 1945",
                     "ses_income": "Socio-economic: low income per inhabitant",
                     "hkw_final": "Heat vulnerability (synthesis)"}
    assert known_entry("ses_pre1945Housing")["label_fr"] == "Socio-économique : logements construits avant 1945"


@pytest.mark.parametrize(("column", "expected"), [
    ("ses_pre1945Housing", "Ses pre 1945 housing"),
    ("aantalWoningenBAG", "Aantal woningen BAG"),
    ("pct_65plus", "Pct 65 plus"),
    ("CO2_uitstoot_ton", "CO2 uitstoot ton"),
    ("NIS_code", "NIS code"),
    ("MS_NBR_DWELLINGS", "Ms nbr dwellings"),
    ("wijk-nr.2", "Wijk nr 2"),
    ("populationDensity", "Population density"),
])
def test_a_column_name_is_made_readable(column, expected):
    assert readable_label(column) == expected


def test_unknown_columns_get_readable_labels_in_every_language():
    columns = ["aantalWoningenBAG", "share_social_housing", "comp_windSpeed2030", "v9999_fietspaden_km"]
    catalogue = default_catalogue(pd.DataFrame(columns=columns))
    for column in columns:
        for lang in LANGUAGES:
            label = indicator_label(catalogue, column, lang)
            assert column not in label and " " in label, (column, lang, label)
    assert catalogue.at["share_social_housing", "label_nl"] == "Share social housing"
    assert catalogue.at["v9999_fietspaden_km", "label_nl"] == "Provincies in Cijfers: fietspaden km"
    assert catalogue.at["comp_windSpeed2030", "label_fr"] == (
        "Vulnérabilité à la chaleur – composante wind speed 2030")
    assert known_entry("share_social_housing") is None


@pytest.mark.parametrize(("unit", "expected"), [
    ("count", {"nl": "aantal", "fr": "nombre", "en": "count"}),
    ("euro", {"nl": "EUR", "fr": "EUR", "en": "EUR"}),  # the code, as Statbel and the report write it
    ("score 0–10", {"nl": "score 0–10", "fr": "score 0–10", "en": "score 0–10"}),
    ("per km²", {"nl": "per km²", "fr": "par km²", "en": "per km²"}),
    ("ton CO2", {"nl": "ton CO2", "fr": "ton CO2", "en": "ton CO2"}),  # the officer's own unit, as written
    (None, {"nl": "", "fr": "", "en": ""}),
])
def test_units_are_written_in_the_readers_language(unit, expected):
    assert {lang: unit_label(unit, lang) for lang in LANGUAGES} == expected


def test_every_unit_of_the_packaged_catalogue_has_a_translation():
    known = pd.read_csv("wijk_core/known_indicators.csv", dtype=str, keep_default_na=False)
    units = {unit.lower() for unit in known["unit"]} - {""}
    assert units <= set(UNIT_KEYS), units - set(UNIT_KEYS)
    for key in set(UNIT_KEYS.values()):
        assert all(t(f"units.{key}", lang) != f"units.{key}" for lang in LANGUAGES)


# --------------------------------------------------------------------------- the project's entries


def _base() -> pd.DataFrame:
    return default_catalogue(pd.DataFrame(columns=[
        "MS_NBR_NON_ZERO_INC", "MS_AVG_TOT_NET_TAXABLE_INC", "comp_age0To9", "sealed_ha", "my_score"]))


def test_entries_lay_over_the_catalogue():
    base = _base()
    mine = [IndicatorEntry("comp_age0To9", "Jonge kinderen", "Jeunes enfants", "Young children", "score 0–10",
                           "intensive", "MS_NBR_NON_ZERO_INC", "need_if_higher"),
            IndicatorEntry("my_score", "Mijn score", "", "", "punten", "extensive", "sealed_ha", "hoger"),
            IndicatorEntry("not_loaded", "Niet geladen", "", "", "", "intensive", "", "neutral")]
    result = apply_entries(base, mine)
    assert list(result.index) == list(base.index)  # an entry without column is left out
    assert result.loc["comp_age0To9", ["label_en", "denominator"]].tolist() == ["Young children",
                                                                               "MS_NBR_NON_ZERO_INC"]
    own = result.loc["my_score"]
    assert (own["label_nl"], own["label_fr"], own["unit"], own["kind"]) == ("Mijn score", "My score", "punten",
                                                                          "extensive")
    assert pd.isna(own["denominator"])  # an extensive indicator has no weight
    assert base.at["my_score", "label_nl"] == "My score"  # the input is not changed
    assert [e.indicator for e in changed_entries(result, base)] == ["comp_age0To9", "my_score"]
    assert changed_entries(base, base) == []


def test_a_weight_that_is_not_an_indicator_weights_by_area():
    result = apply_entries(_base(), [IndicatorEntry("comp_age0To9", "Kinderen", "", "", "", "intensive",
                                                    "population_2024", "neutral")])
    assert pd.isna(result.at["comp_age0To9", "denominator"])


HOSTILE_LABELS = ["=HYPERLINK(\"http://x\")", "+32 2 555", "-5 °C", "@SUM(A1)", "a;b,c\"d'e", "Zürich – Mons",
                  "<b>vet</b>"]


def test_export_then_import_is_exact(real):
    tables = [real(name) for name, geometry in SOURCES.items() if geometry == ZENNEVALLEI]
    data, _ = load_sector_data(real(ZENNEVALLEI), tables)
    edits = [IndicatorEntry(indicator, label, label[::-1], "", unit, "intensive", "MS_NBR_NON_ZERO_INC", "hoger")
             for indicator, label, unit in zip(data.catalogue.index[:len(HOSTILE_LABELS)], HOSTILE_LABELS,
                                               ["=1", "-", "€/m²", "", "%", "ha", "kWh"])]
    catalogue = apply_entries(data.catalogue, edits)
    exported = catalogue_csv(catalogue)
    assert b"'=HYPERLINK" in exported and b"'@SUM" in exported  # a spreadsheet keeps them as text

    entries = read_catalogue_entries(exported, "indicator_catalogue.csv", indicators=data.catalogue.index)
    assert entries == entries_of(catalogue)
    assert entries[0].direction == "need_if_higher" and entries[0].label_nl == HOSTILE_LABELS[0]
    again = apply_entries(data.catalogue, entries)
    assert catalogue_csv(again) == exported
    pd.testing.assert_frame_equal(again, catalogue)


def test_an_exported_catalogue_reads_back_as_a_project_catalogue_file():
    """The export is the catalogue file the data upload accepts, with the same values."""
    base = _base()
    read = read_catalogue(catalogue_csv(base), "indicator_catalogue.csv")
    assert list(read.index) == list(base.index)
    for column in ("label_nl", "label_fr", "label_en", "unit", "kind", "direction", "source"):
        assert read[column].tolist() == base[column].tolist()
    assert read["denominator"].fillna("").tolist() == base["denominator"].fillna("").tolist()


def test_a_broken_catalogue_file_is_refused():
    with pytest.raises(CatalogueError) as caught:
        read_catalogue_entries(b"id,label_nl,kind\ncomp_age0To9,Kinderen,sometimes\n", "mine.csv")
    assert caught.value.code == "errors.catalogue_kind_invalid"
