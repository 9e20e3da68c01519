"""The indicator catalogue: reading and checking a file, describing uploaded columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wijk_core.config import REPO_ROOT
from wijk_core.readers import (CATALOGUE_COLUMNS, CatalogueError, IndicatorKind, NeedDirection,
                               default_catalogue, known_indicators, read_catalogue)

HEADER = "id,label_nl,label_fr,label_en,unit,kind,denominator,direction,source,year,synthetic\n"


def _catalogue(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def test_the_demo_catalogue_reads_as_the_demo_loader_does():
    path = REPO_ROOT / "data" / "demo" / "indicator_catalogue.csv"
    catalogue = read_catalogue(path)
    expected = pd.read_csv(path, dtype={"denominator": str, "year": "Int64"}).set_index("id")
    assert list(catalogue.columns) == list(CATALOGUE_COLUMNS)
    pd.testing.assert_frame_equal(catalogue, expected[list(CATALOGUE_COLUMNS)], check_dtype=False)
    assert catalogue["year"].dtype == "Int64" and catalogue["synthetic"].dtype == bool


def test_aliases_defaults_and_area_weight():
    catalogue = read_catalogue(_catalogue(
        "pop,Inwoners,,,count,Extensief,ignored,,Statbel,2024,",
        "dens,Dichtheid,Densité,Density,per km²,intensive,area,hoger,,2024,ja",
        "avg,Gemiddeld inkomen,,,EUR,rate,pop,lower,,,"), "cat.csv")
    assert catalogue.loc["pop", "label_fr"] == "Inwoners"  # missing labels fall back to Dutch
    assert catalogue.loc["pop", "kind"] == "extensive" and pd.isna(catalogue.loc["pop", "denominator"])
    assert catalogue.loc["pop", "direction"] == "neutral"
    assert pd.isna(catalogue.loc["dens", "denominator"])
    assert catalogue.loc["dens", "direction"] == "need_if_higher" and catalogue.loc["dens", "synthetic"]
    assert catalogue.loc["avg", "denominator"] == "pop" and pd.isna(catalogue.loc["avg", "year"])


@pytest.mark.parametrize(("row", "code"), [
    ("x,X,,,,sum of squares,,,,,", "errors.catalogue_kind_invalid"),
    ("x,X,,,,extensive,,sideways,,,", "errors.catalogue_direction_invalid"),
    ("x,X,,,,intensive,households,,,,", "errors.catalogue_denominator_unknown"),
    ("x,X,,,,intensive,x,,,,", "errors.catalogue_denominator_unknown"),
    ("x,,,,,extensive,,,,,", "errors.catalogue_label_missing"),
    (",X,,,,extensive,,,,,", "errors.catalogue_id_missing"),
])
def test_invalid_entries(row, code):
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(_catalogue(row), "cat.csv")
    assert caught.value.code == code


def test_a_denominator_may_be_an_indicator_column():
    indicators = pd.DataFrame(columns=["households", "x"])
    catalogue = read_catalogue(_catalogue("x,X,,,,intensive,households,,,,"), "cat.csv",
                               indicators=indicators)
    assert catalogue.loc["x", "denominator"] == "households"


def test_duplicate_ids_and_missing_columns():
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(_catalogue("x,X,,,,extensive,,,,,", "x,Y,,,,extensive,,,,,"), "cat.csv")
    assert caught.value.code == "errors.catalogue_duplicate_ids" and caught.value.params["ids"] == "x"
    with pytest.raises(CatalogueError) as caught:
        read_catalogue(b"id;label\nx;X\n", "cat.csv")
    assert caught.value.code == "errors.catalogue_columns_missing"
    assert caught.value.params["columns"] == "label_nl, kind"


def test_enums_accept_aliases_and_refuse_the_rest():
    assert IndicatorKind("Intensief") is IndicatorKind.INTENSIVE
    assert NeedDirection("") is NeedDirection.NEUTRAL
    with pytest.raises(ValueError):
        IndicatorKind("mixed")


def test_default_catalogue_for_known_and_unknown_columns():
    indicators = pd.DataFrame(columns=["MS_NBR_NON_ZERO_INC", "MS_AVG_TOT_NET_TAXABLE_INC",
                                       "v2506_gas_res_cons", "comp_age65Plus", "comp_windSpeed2030",
                                       "my_score"])
    catalogue = default_catalogue(indicators, year=2023, source="upload.csv")
    assert list(catalogue.index) == list(indicators.columns)
    assert catalogue.loc["MS_AVG_TOT_NET_TAXABLE_INC", "denominator"] == "MS_NBR_NON_ZERO_INC"
    assert catalogue.loc["MS_AVG_TOT_NET_TAXABLE_INC", "direction"] == "need_if_lower"
    assert catalogue.loc["MS_NBR_NON_ZERO_INC", "kind"] == "extensive"
    assert catalogue.loc["v2506_gas_res_cons", ["unit", "direction"]].tolist() == ["kWh", "need_if_higher"]
    assert catalogue.loc["comp_age65Plus", "label_en"] == "Heat: share of people aged 65+"
    # a component the packaged file does not list: the pattern's label, the rest of the name made readable
    assert catalogue.loc["comp_windSpeed2030", ["label_nl", "label_en"]].tolist() == [
        "Hittekwetsbaarheid – component wind speed 2030", "Heat vulnerability – component wind speed 2030"]
    unknown = catalogue.loc["my_score"]
    assert (unknown["label_nl"], unknown["kind"], unknown["direction"], unknown["source"]) == (
        "My score", "intensive", "neutral", "upload.csv")
    assert pd.isna(unknown["denominator"]) and catalogue["year"].eq(2023).all()


def test_a_missing_denominator_falls_back_to_area():
    catalogue = default_catalogue(pd.DataFrame(columns=["MS_AVG_TOT_NET_TAXABLE_INC"]))
    assert pd.isna(catalogue.loc["MS_AVG_TOT_NET_TAXABLE_INC", "denominator"])


def test_the_packaged_file_is_itself_a_valid_catalogue():
    known = known_indicators()
    exact = known[~known.index.str.contains("*", regex=False)]
    assert set(exact["kind"]) <= {"extensive", "intensive"}
    assert set(known["direction"]) <= {"need_if_higher", "need_if_lower", "neutral"}
    weights = exact.loc[exact["denominator"] != "", "denominator"]
    assert set(weights) <= set(exact.index)
    assert (exact.loc[exact["kind"] == "extensive", "denominator"] == "").all()
    assert not np.any(exact[["label_nl", "label_fr", "label_en"]] == "")
