"""The selection's display tables, and the framework's helpers that feed the page."""

from types import SimpleNamespace

import pandas as pd
import pytest
from shapely import box

from wijk_core.criteria import Direction
from wijk_core.i18n import format_number, format_percent_value, t
from wijk_core.sectors.data import load_demo
from wijk_core.readers.labels import indicator_label
from wijk_core.selection.candidates import (candidate_layer, neighbourhood_names, profile_candidates,
                                           profile_table)
from wijk_core.selection.framework import (IDEAS_COUNT, IDEAS_PER_1000, CriterionChoice, checklist,
                                           criterion_choices, criterion_labels)
from wijk_core.selection.map import sector_frame
from wijk_core.selection.summary import areas_table, profile_display, shares_table, top_sectors

from .helpers import tiny


@pytest.fixture(scope="module")
def profiles():
    data = tiny()
    return data, profile_candidates(data, candidate_layer({"West": box(0, 0, 100, 100),
                                                            "Half": box(150, 0, 250, 100)}))


def test_areas_table(profiles):
    _, found = profiles
    table = areas_table(found, pd.Series({"Half": 2, "West": 1}), "nl")
    assert table.to_dict("records") == [
        {t("selection.col_candidate", "nl"): "West", t("selection.area_inside", "nl"): "1,0 ha",
         t("selection.data_coverage", "nl"): format_percent_value(1, "nl", 0), t("selection.ideas_count", "nl"): 1},
        {t("selection.col_candidate", "nl"): "Half", t("selection.area_inside", "nl"): "0,5 ha",
         t("selection.data_coverage", "nl"): format_percent_value(0.5, "nl", 0), t("selection.ideas_count", "nl"): 2}]


def test_profile_display_labels_units_and_decimals(profiles):
    data, found = profiles
    table = profile_display(found, data.catalogue, "en")
    municipality = t("selection.municipality", "en")
    assert list(table.columns) == [t("selection.col_indicator", "en"), t("selection.col_unit", "en"), "West",
                                   "Half", municipality]
    rows = table.set_index(t("selection.col_indicator", "en"))
    assert rows.loc["Inhabitants", "West"] == "100"  # 100 and more: no decimals
    assert rows.loc["Inhabitants", municipality] == "400"
    assert rows.loc["Oude woningen", "West"] == format_number(10, "en", 1)  # no English label: the Dutch one
    assert rows.loc["Oude woningen", t("selection.col_unit", "en")] == "%"


@pytest.mark.parametrize(("lang", "count"), [("nl", "aantal"), ("fr", "nombre"), ("en", "count")])
def test_profiles_write_units_in_the_readers_language(profiles, lang, count):
    """The page's profile and the council report's (profile_table) say "count" as the reader does."""
    data, found = profiles
    shown = profile_display(found, data.catalogue, lang).set_index(t("selection.col_indicator", lang))
    assert shown.loc[indicator_label(data.catalogue, "pop_total", lang), t("selection.col_unit", lang)] == count
    report = profile_table(found, data.catalogue, lang, "Gemeente").set_index("indicator")
    assert report.loc[indicator_label(data.catalogue, "pop_total", lang), "unit"] == count


def test_shares_table(profiles):
    _, found = profiles
    table = shares_table(found, "nl")
    assert table[t("selection.col_sector", "nl")].tolist() == ["A", "B"]
    assert table[t("selection.col_candidate", "nl")].tolist() == ["West", "Half"]


def test_top_sectors_highest_first_with_names():
    sectors = sector_frame(tiny())
    table = top_sectors(pd.Series({"A": 0.25, "B": 0.75, "C": None}), sectors, "nl", count=5)
    assert table.values.tolist() == [["B", "OOST", "0,750"], ["A", "WEST", "0,250"]]
    assert top_sectors(pd.Series({"A": 0.5}), sectors.drop(columns="tx_sector_descr_nl"), "nl").iloc[0, 1] == ""


def test_criterion_choices_from_saved_specs():
    specs = [SimpleNamespace(key="income", kind="indicator", direction="cost", weight=2.0),
             SimpleNamespace(key="political_anchor", kind="qualitative", direction="benefit", weight=1.0)]
    assert criterion_choices(specs) == [CriterionChoice("income", "indicator", Direction.COST, 2.0),
                                        CriterionChoice("political_anchor", "qualitative", Direction.BENEFIT, 1.0)]
    assert [c.key for c in criterion_choices(specs, "indicator")] == ["income"]


def test_criterion_labels_cover_indicators_ideas_and_the_checklist():
    labels = criterion_labels(load_demo().catalogue, "fr")
    assert labels["pop_total"] == "Habitants"
    assert labels[IDEAS_COUNT] == t("selection.ideas_count", "fr")
    assert labels[IDEAS_PER_1000] == t("selection.ideas_per_1000", "fr")
    assert all(labels[c.key] == c.label("fr") for c in checklist())


def test_neighbourhood_names():
    data = tiny()
    assert neighbourhood_names(data) == {"W": "Alles"}
    assert neighbourhood_names(data.__class__(**{**data.__dict__, "wijken": data.wijken.drop(columns="wijk_naam")})) \
        == {"W": ""}
    assert neighbourhood_names(data.__class__(**{**data.__dict__, "wijken": data.wijken.iloc[:0]})) == {}
    assert list(neighbourhood_names(load_demo()))[:2] == ["99991W01", "99991W02"]
