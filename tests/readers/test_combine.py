"""Joining indicator tables and completing the catalogue."""

from __future__ import annotations

import pandas as pd

from wijk_core.readers import read_catalogue, read_indicators
from wijk_core.readers.combine import complete_catalogue, join_indicators


def _table(text: str, name: str):
    return read_indicators(text.encode(), name)


def test_clashing_columns_are_read_once_or_renamed():
    green = _table("cd_sector,area_valid_ha,high_green_pct_of_valid\n23003A001,10,50\n", "green.csv")
    sealed = _table("cd_sector,area_valid_ha,sealed_pct_of_valid\n23003A001,10,30\n"
                    "23003A012,5,20\n", "sealed.csv")
    other = _table("cd_sector,area_valid_ha,sealed_pct_of_valid\n23003A001,9,31\n", "other.csv")
    joined, issues, renames = join_indicators([green, sealed, other])
    assert list(joined.columns) == ["area_valid_ha", "high_green_pct_of_valid",
                                    "sealed_pct_of_valid", "area_valid_ha_3", "sealed_pct_of_valid_3"]
    assert joined.index.tolist() == ["23003A001", "23003A012"]
    assert joined.loc["23003A012", "area_valid_ha"] == 5  # the repeated column's other rows stay
    assert [i.code for i in issues] == ["report.column_duplicate", "report.column_renamed"]
    assert issues[1].examples == ("area_valid_ha → area_valid_ha_3",
                                  "sealed_pct_of_valid → sealed_pct_of_valid_3")
    catalogue, notes = complete_catalogue(joined, [green, sealed, other], renames=renames)
    assert catalogue.loc["sealed_pct_of_valid_3", "denominator"] == "area_valid_ha_3"
    assert catalogue.loc["sealed_pct_of_valid", "denominator"] == "area_valid_ha"
    assert catalogue.loc["area_valid_ha_3", "kind"] == "extensive"
    assert notes == []


def test_a_given_catalogue_is_completed_and_trimmed():
    table = _table("cd_sector,pop,x\n23003A001,10,1\n", "t.csv")
    joined, _, _ = join_indicators([table])
    given = read_catalogue(b"id,label_nl,kind,denominator\npop,Inwoners,extensive,\n"
                           b"rate,Graad,intensive,households\nhouseholds,Huishoudens,extensive,\n",
                           "cat.csv")
    catalogue, notes = complete_catalogue(joined, [table], given)
    assert list(catalogue.index) == ["pop", "x"]
    assert catalogue.loc["x", "label_nl"] == "X"  # a readable label made from the column name
    assert {i.code: i.examples for i in notes} == {
        "report.catalogue_unused": ("rate", "households"), "report.catalogue_defaults": ("x",)}


def test_a_weight_that_is_not_loaded_falls_back_to_area():
    table = _table("cd_sector,MS_AVG_TOT_NET_TAXABLE_INC\n23003A001,30000\n", "avg.csv")
    joined, _, _ = join_indicators([table])
    catalogue, notes = complete_catalogue(joined, [table])
    assert pd.isna(catalogue.loc["MS_AVG_TOT_NET_TAXABLE_INC", "denominator"])
    assert notes[0].code == "report.denominator_missing"
