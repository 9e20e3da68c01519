"""A table on the other generation of sector codes, converted onto the project's sectors through load_sources.

By hand on squares; on real geometry, Zennevallei's pre-2025 sectors and a made-up 2025
generation (every sector split in two); and the Gent story: 2025 geometry with Fluvius'
pre-2025 table, first without a second geometry (the report says how many matched and
names both generations), then with one (the table is converted).
"""

from __future__ import annotations

import io

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from real_data import real_file
from areal.test_convert import _halves  # every sector split in two, coded K and L as the 2025 reform
from shapely import box

from wijk_core.i18n import t
from wijk_core.readers.geometry import read_sectors
from wijk_core.readers.indicators import read_indicators
from wijk_core.sectors.data import load_sources

OLD_CODES = ["11001A00-", "11001A01-"]
NEW_CODES = ["11001A00K", "11001A00L", "11001A01-"]  # A00- split in two; A00L also takes half of A01-
CATALOGUE = b"id;label_nl;kind;denominator\npeople;Inwoners;extensive;\nincome;Inkomen;intensive;people\n"


def _geojson(codes: list[str], boxes: list[tuple[float, float, float, float]]) -> bytes:
    layer = gpd.GeoDataFrame({"cd_sector": codes}, geometry=[box(*b) for b in boxes], crs=31370)
    return layer.to_json().encode()


def _csv(frame: pd.DataFrame) -> bytes:
    out = io.StringIO()
    frame.to_csv(out, index=False)
    return out.getvalue().encode()


def _hand_sources(table: bytes, *, other: bool = True) -> list[tuple[str, bytes, str]]:
    x0, y0 = 150_000, 160_000
    new = [(x0, y0, x0 + 50, y0 + 100), (x0 + 50, y0, x0 + 150, y0 + 100), (x0 + 150, y0, x0 + 200, y0 + 100)]
    old = [(x0, y0, x0 + 100, y0 + 100), (x0 + 100, y0, x0 + 200, y0 + 100)]
    files = [("sectors", _geojson(NEW_CODES, new), "nieuw.geojson"), ("catalogue", CATALOGUE, "catalogus.csv"),
             ("indicators", table, "oud.csv")]
    return files + ([("sectors_other", _geojson(OLD_CODES, old), "oud.geojson")] if other else [])


TABLE = _csv(pd.DataFrame({"cd_sector": OLD_CODES, "people": [100, 40], "income": [10.0, 20.0]}))


def test_a_table_on_the_second_geometry_is_converted_by_hand_and_reported():
    data, report = load_sources(_hand_sources(TABLE))
    assert data.sectors["cd_sector"].tolist() == NEW_CODES
    assert data.indicators["people"].tolist() == [50.0, 70.0, 20.0]
    assert data.indicators.loc["11001A00L", "income"] == pytest.approx((50 * 10 + 20 * 20) / 70, abs=1e-12)
    assert data.indicators.loc[["11001A00K", "11001A01-"], "income"].tolist() == [10.0, 20.0]
    assert data.catalogue.loc["income", "denominator"] == "people"
    converted = report.get("report.table_converted")
    assert converted.source == "oud.csv"
    assert (converted.count, converted.params["from_sectors"], converted.params["sectors"]) == (3, 2, 3)
    assert converted.params["share_covered"] == 100.0 and converted.params["share_outside"] == 0.0
    assert str(converted.params["totals"]) == "people: 140 → 140"
    assert not {"report.unknown_codes", "report.sectors_without_data", "report.codes_older_than_layer",
                "report.sectors_partly_covered"} & set(report.codes())
    assert report.get("report.codes_matched").count == 1  # why the table was converted: kept
    assert report.get("report.other_geometry_unused") is None


def test_a_rate_weighted_by_another_table_is_converted_by_area_and_says_so():
    catalogue = CATALOGUE.replace(b"intensive;people", b"intensive;households") + b"households;Huishoudens;extensive;\n"
    households = _csv(pd.DataFrame({"cd_sector": NEW_CODES, "households": [10, 30, 20]}))
    files = [f if f[0] != "catalogue" else ("catalogue", catalogue, "catalogus.csv") for f in _hand_sources(TABLE)]
    data, report = load_sources([*files, ("indicators", households, "huishoudens.csv")])
    # A00L lies on 50 m x 100 m of A00- (income 10) and as much of A01- (income 20): by area, 15
    assert data.indicators.loc["11001A00L", "income"] == pytest.approx(15.0, abs=1e-12)
    assert data.catalogue.loc["income", "denominator"] == "households"  # the project's figures use it
    by_area = report.get("report.converted_by_area")
    assert (by_area.source, by_area.count, by_area.examples) == ("oud.csv", 1, ("income",))
    assert "weighted them by area" not in by_area.message() and "weighted it by area" in by_area.message()


def test_without_the_second_geometry_the_table_is_not_converted():
    data, report = load_sources(_hand_sources(TABLE, other=False))
    assert data.indicators.index.tolist() == ["11001A01-"]
    assert report.get("report.codes_matched").count == 1
    assert report.get("report.table_converted") is None


def test_a_table_on_the_project_codes_stays_as_it_is_with_a_second_geometry():
    own = _csv(pd.DataFrame({"cd_sector": NEW_CODES, "people": [1, 2, 3], "income": [1.0, 2.0, 3.0]}))
    data, report = load_sources(_hand_sources(own))
    assert data.indicators["people"].tolist() == [1.0, 2.0, 3.0]
    assert not [code for code in report.codes() if code.startswith("report.table_converted")]
    unused = report.get("report.other_geometry_unused")
    assert (unused.source, unused.count) == ("oud.geojson", 2)


def test_a_table_the_second_geometry_fits_no_better_than_by_half_is_not_converted():
    # not sectors of the project: A00-, A77-; not of the second geometry: A77- -- not fewer than half as many
    table = _csv(pd.DataFrame({"cd_sector": [*OLD_CODES, "11001A77-"], "people": [100, 40, 5],
                               "income": [10.0, 20.0, 1.0]}))
    data, report = load_sources(_hand_sources(table))
    assert data.indicators.index.tolist() == ["11001A01-"]
    assert report.get("report.table_converted") is None
    assert report.get("report.unknown_codes").examples == ("11001A00-", "11001A77-")


def test_a_partly_covered_sector_is_named():
    only_first = _csv(pd.DataFrame({"cd_sector": OLD_CODES[:1], "people": [100], "income": [10.0]}))
    data, report = load_sources(_hand_sources(only_first))
    assert data.indicators["people"].tolist() == [50.0, 50.0]  # A00L: half of it on A00-, half on A01- (no row)
    partly = report.get("report.sectors_partly_covered")
    assert (partly.count, partly.examples) == (1, ("11001A00L (50.0%)",))
    assert report.get("report.sectors_without_data").examples == ("11001A01-",)
    converted = report.get("report.table_converted")
    assert (converted.count, converted.params["share_covered"], str(converted.params["totals"])) == (
        2, 50.0, "people: 100 → 100")


# --- real geometry ----------------------------------------------------------------------------------------------

def test_zennevallei_income_on_a_made_up_2025_generation_keeps_every_count_total():
    sectors_path = real_file("zennevallei_sectors_statbel_20240101.geojson")
    table_path = real_file("zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv")
    pre = read_sectors(sectors_path).sectors
    table = read_indicators(table_path, sectors=pre).data
    counts = [column for column in table.columns if column.startswith("MS_NBR")]
    files = [("sectors", _halves(pre).to_json().encode(), "zennevallei_2025.geojson"),
             ("sectors_other", sectors_path.read_bytes(), sectors_path.name),
             ("indicators", table_path.read_bytes(), table_path.name)]
    data, report = load_sources(files)
    assert len(data.sectors) == 2 * len(pre) == 264
    with_row = pre["cd_sector"].isin(table.index)
    assert with_row.sum() == 129  # three sectors have no income row
    converted = report.get("report.table_converted_pre2025_to_2025")
    assert (converted.count, converted.params["from_sectors"], converted.params["sectors"]) == (258, 129, 264)
    area = pre.geometry.area
    assert converted.params["share_covered"] == round(100 * area[with_row].sum() / area.sum(), 2)
    assert converted.params["share_outside"] == 0.0
    extensive = [column for column in data.catalogue.index[data.catalogue["kind"] == "extensive"]
                 if column in table.columns]
    assert counts and set(counts) <= set(extensive)
    for column in extensive:  # every extensive total of the table, kept
        assert data.indicators[column].sum() == pytest.approx(table[column].sum(), rel=1e-9, abs=1e-9), column
    # an intensive figure of a whole sector is its own on both halves
    intensive = data.catalogue.index[(data.catalogue["kind"] == "intensive")
                                     & data.catalogue.index.isin(table.columns)][0]
    first = _halves(pre)["cd_sector"].iloc[:2]
    np.testing.assert_allclose(data.indicators.loc[first, intensive], table[intensive].iloc[0], rtol=1e-12)


# --- the Gent story ---------------------------------------------------------------------------------------------

GENT_2025 = "gent_sectors_2025codes_stadgent.geojson"
FLUVIUS = "gent_fluvius_energy_2018_2021_pre2025codes.csv"


def _gent_files() -> list[tuple[str, bytes, str]]:
    return [("sectors", real_file(GENT_2025).read_bytes(), GENT_2025),
            ("indicators", real_file(FLUVIUS).read_bytes(), FLUVIUS)]


def test_gent_without_a_pre_2025_geometry_says_93_of_254_and_names_both_generations():
    _, report = load_sources(_gent_files())
    matched = report.get("report.codes_matched", FLUVIUS)
    assert (matched.count, matched.params["sectors"], matched.params["table_codes"]) == (93, 254, 202)
    older = report.get("report.codes_older_than_layer", FLUVIUS)
    expected = {"nl": ("93 van de 254 sectoren", "vóór de hervorming van 2025", "de codes van 2025",
                       "Sectorgeometrie voor omrekening"),
                "fr": ("93 des 254 secteurs", "d’avant la réforme de 2025", "les codes de 2025",
                       "Géométrie des secteurs pour conversion"),
                "en": ("93 of the project's 254 sectors", "before the 2025 reform", "the 2025 codes",
                       "Sector geometry for conversion")}
    for lang, (count, pre, new, field) in expected.items():
        text = t(matched.code, lang, **matched.message_params()) + " " + t(older.code, lang, **older.message_params())
        assert count in text and pre in text and new in text and field in text, lang
        assert t("selection.role_sectors_other", lang).startswith(field), lang


def _gent_pre_2025(sectors: gpd.GeoDataFrame, table_codes: set[str]) -> gpd.GeoDataFrame:
    """A made-up pre-2025 Gent: the parts of each split sector merged under the one pre-2025 code of their stem."""
    stems = sectors["cd_sector"].str[:8]
    split_stem = sectors["cd_sector"].str[-1].ge("K") & sectors["cd_sector"].str[-2].str.isdigit()
    old = {stem: [code for code in table_codes if code.startswith(stem)] for stem in set(stems[split_stem])}
    codes = [old[stem][0] if is_split and len(old[stem]) == 1 else code
             for code, stem, is_split in zip(sectors["cd_sector"], stems, split_stem)]
    return sectors.assign(cd_sector=codes)[["cd_sector", "geometry"]].dissolve("cd_sector").reset_index()


def test_gent_with_a_pre_2025_geometry_converts_the_fluvius_table():
    layer = read_sectors(real_file(GENT_2025)).sectors
    table = read_indicators(real_file(FLUVIUS), sectors=layer)
    rows = pd.concat([table.data, table.unknown])
    pre = _gent_pre_2025(layer, set(rows.index))
    files = _gent_files() + [("sectors_other", pre.to_json().encode(), "gent_2024.geojson")]
    data, report = load_sources(files)
    converted = report.get("report.table_converted_pre2025_to_2025", FLUVIUS)
    assert converted is not None and report.get("report.codes_older_than_layer") is None
    assert converted.params["sectors"] == 254 and converted.count > 93
    on_geometry = rows.loc[rows.index.isin(pre["cd_sector"])]
    totals = {name: (source, target) for name, source, target in converted.params["totals"].rows}
    for column in ("v2506_elek_res_n", "v2506_gas_res_n"):
        assert data.catalogue.loc[column, "kind"] == "extensive"
        source, target = totals[column]
        assert source == on_geometry[column].sum()
        assert data.indicators[column].sum() == pytest.approx(target, rel=1e-9)
        # Stad Gent's sectors overlap by slivers of rounding: a count on them is seen a few parts in 1e9 twice
        assert target == pytest.approx(source, rel=1e-8)
    without = report.get("report.codes_without_geometry", FLUVIUS)
    assert without.count == len(set(rows.index) - set(pre["cd_sector"])) - 1 == 4  # 44021ZZZZ: not a sector
    assert "44021ZZZZ" not in without.examples and report.get("report.unlocated_codes", FLUVIUS).count == 1
