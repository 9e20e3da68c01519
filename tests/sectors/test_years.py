"""A long indicator table loaded for the year chosen, and every year of it kept for trends."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely import box

from wijk_core.errors import WijkError
from wijk_core.readers.indicators import read_indicators
from wijk_core.sectors.data import load_sector_data, load_sources
from wijk_core.sectors.years import chosen_year, owned_columns

from .test_data import real

CODES = ["23003A001", "23003A012", "23003A02-"]
LONG = ("CD_YEAR,CD_SECTOR,people,income\n"
        "2019,23003A001,10,1000\n2020,23003A001,20,1100\n2021,23003A001,30,1200\n"
        "2019,23003A012,40,2000\n2020,23003A012,50,2100\n2021,23003A012,60,2200\n"
        "2019,23003A02-,100,5000\n2020,23003A02-,100,5000\n2021,23003A02-,100,5000\n").encode()
WIDE = b"CD_SECTOR,score\n23003A001,1\n23003A012,2\n23003A02-,3\n"
CATALOGUE = (b"id,label_nl,kind,denominator\npeople,Mensen,extensive,\nincome,Inkomen,intensive,people\n"
             b"score,Score,intensive,\n")
INCOME = "zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv"


def three_sectors() -> bytes:
    """Three 100 m × 100 m sectors side by side (1 ha each) as a GeoPackage in EPSG:31370."""
    import tempfile
    from pathlib import Path

    layer = gpd.GeoDataFrame({"CD_SECTOR": CODES, "TX_SECTOR_DESCR_NL": ["A", "B", "C"],
                              "TX_SECTOR_DESCR_FR": ["a", "b", "c"], "CD_MUNTY_REFNIS": ["23003"] * 3,
                              "TX_MUNTY_DESCR_NL": ["Beersel"] * 3},
                             geometry=[box(150_000 + 100 * i, 160_000, 150_100 + 100 * i, 160_100) for i in range(3)],
                             crs=31370)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sectors.gpkg"
        layer.to_file(path)
        return path.read_bytes()


def load(year: int | None = None):
    files = [("sectors", three_sectors(), "sectors.gpkg"), ("indicators", LONG, "long.csv", {"year": year}),
             ("indicators", WIDE, "wide.csv"), ("catalogue", CATALOGUE, "catalogue.csv")]
    return load_sources(files)[0]


def test_the_chosen_year_is_loaded_and_every_year_kept():
    data = load(2020)

    assert data.indicators.loc[CODES, "people"].tolist() == [20, 50, 100]
    assert data.indicators.loc[CODES, "income"].tolist() == [1100, 2100, 5000]
    [table] = data.year_tables  # the wide table has no years
    assert (table.table, table.source, table.year, table.years) == (0, "long.csv", 2020, (2019, 2020, 2021))
    assert table.indicators == ("people", "income")
    assert table.values.loc[2019, "people"].loc[CODES].tolist() == [10, 40, 100]
    assert table.values.loc[2021, "income"].loc[CODES].tolist() == [1200, 2200, 5000]
    assert table.values.loc[2020].loc[CODES].equals(data.indicators.loc[CODES, ["people", "income"]])


def test_without_a_choice_the_latest_year_is_loaded():
    assert load().indicators.loc[CODES, "people"].tolist() == [30, 60, 100]
    assert load().year_tables[0].year == 2021


def test_a_year_the_table_lacks_is_refused_by_name():
    with pytest.raises(WijkError) as caught:
        load(2018)
    assert caught.value.code == "errors.year_not_available"


def test_stored_options_give_the_year():
    assert chosen_year({"year": 2021, "sheet": "x"}) == 2021
    assert chosen_year({}) is None and chosen_year(None) is None
    assert chosen_year({"year": True}) is None and chosen_year({"year": "2021"}) is None


def test_a_column_read_once_belongs_to_the_first_table_and_renamed_ones_keep_their_new_name():
    first = read_indicators(b"CD_SECTOR,area,a\n23003A001,1,5\n", "one.csv")
    second = read_indicators(b"CD_SECTOR,area,b\n23003A001,1,6\n", "two.csv")
    third = read_indicators(b"CD_SECTOR,area,a\n23003A001,2,7\n", "three.csv")
    assert owned_columns([first, second, third], [{}, {}, {"area": "area_3", "a": "a_3"}]) == [
        {"area": "area", "a": "a"}, {"b": "b"}, {"area": "area_3", "a": "a_3"}]


def test_real_income_2021_equals_the_rows_of_2021():
    path = real(INCOME)
    rows = pd.read_csv(path, dtype={"CD_SECTOR": str})
    loaded, _ = load_sector_data(real("zennevallei_sectors_statbel_20240101.geojson"), [path], year=2021)

    [table] = loaded.year_tables
    assert (table.year, table.years) == (2021, (2019, 2020, 2021, 2022, 2023))
    of_2021 = rows[rows["CD_YEAR"] == 2021].set_index("CD_SECTOR")
    assert len(of_2021) == 129
    for column in ("MS_NBR_NON_ZERO_INC", "MS_TOT_NET_TAXABLE_INC", "MS_AVG_TOT_NET_TAXABLE_INC"):
        published = of_2021[column].dropna().astype(float)  # Statbel leaves small sectors empty
        assert loaded.indicators[column].dropna().to_dict() == pytest.approx(published.to_dict())
    for year in table.years:  # every year's values are that year's rows
        of_year = rows[rows["CD_YEAR"] == year].set_index("CD_SECTOR")["MS_TOT_NET_TAXABLE_INC"]
        assert table.values.loc[year, "MS_TOT_NET_TAXABLE_INC"].sum() == pytest.approx(of_year.sum())
