"""What the catalogue tells a reader: label, unit and colour ramp of an indicator."""

import numpy as np
import pandas as pd
import pytest

from wijk_core.readers.labels import ColourRamp, colour_ramp, indicator_label, indicator_unit
from wijk_core.sectors.data import load_demo

CATALOGUE = pd.DataFrame({"label_nl": ["Inkomen", "Oppervlakte", "", np.nan],
                          "label_fr": ["Revenu", "", "", np.nan],
                          "unit": ["EUR", "ha", np.nan, ""],
                          "direction": ["need_if_lower", "neutral", "need_if_higher", np.nan]},
                         index=pd.Index(["income", "area", "old", "bare"], name="id"))


@pytest.mark.parametrize("indicator,lang,expected", [
    ("income", "fr", "Revenu"), ("income", "en", "Inkomen"), ("area", "fr", "Oppervlakte"),
    ("old", "nl", "old"), ("bare", "nl", "bare"), ("unknown", "nl", "unknown")])
def test_label_in_the_readers_language_else_dutch_else_the_id(indicator, lang, expected):
    assert indicator_label(CATALOGUE, indicator, lang) == expected


def test_unit_or_nothing():
    assert [indicator_unit(CATALOGUE, i) for i in ("income", "area", "old", "bare", "unknown")] == [
        "EUR", "ha", "", "", ""]
    assert indicator_unit(CATALOGUE.drop(columns="unit"), "income") == ""


def test_colour_ramp_follows_the_need_direction():
    assert colour_ramp(CATALOGUE, "income") == ColourRamp("need", reverse=True)
    assert colour_ramp(CATALOGUE, "area") == ColourRamp("neutral", reverse=False)
    assert colour_ramp(CATALOGUE, "old") == ColourRamp("need", reverse=False)
    assert colour_ramp(CATALOGUE, "bare") == ColourRamp("need", reverse=False)
    assert colour_ramp(CATALOGUE.drop(columns="direction"), "income") == ColourRamp("need", reverse=False)


def test_the_demo_catalogue():
    catalogue = load_demo().catalogue
    assert indicator_label(catalogue, "pop_total", "nl") == "Inwoners"
    assert colour_ramp(catalogue, "MS_MEDIAN_NET_TAXABLE_INC").reverse
