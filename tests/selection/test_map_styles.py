"""What one selection map shows: classes with the catalogue's colour ramp, tooltips in the reader's language."""

import json

import pandas as pd
import pytest

from wijk_core.criteria import Direction
from wijk_core.i18n import format_number
from wijk_core.maps.choropleth import RAMPS
from wijk_core.maps.sector_layer import sector_package
from wijk_core.selection.framework import CriterionChoice, FrameworkError
from wijk_core.selection.map import (hotspot_style, indicator_style, mapped_indicators, name_column, sector_frame,
                                     sector_tooltips)

from .helpers import tiny


@pytest.fixture
def package(tmp_path):
    return sector_package(tiny().sectors, tmp_path)


def test_sector_frame_and_mapped_indicators():
    data = tiny()
    assert list(sector_frame(data).index) == ["A", "B"]
    assert "cd_sector" in sector_frame(data).columns
    assert mapped_indicators(data) == ["pop_total", "share_old_pct"]
    assert mapped_indicators(data.__class__(**{**data.__dict__, "indicators": data.indicators[["pop_total"]]})) \
        == ["pop_total"]


def test_name_column_in_the_readers_language_else_dutch():
    sectors = sector_frame(tiny())
    assert name_column(sectors, "fr") == "tx_sector_descr_nl"
    assert name_column(sectors.assign(tx_sector_descr_fr=["OUEST", "EST"]), "fr") == "tx_sector_descr_fr"
    assert name_column(sectors.drop(columns="tx_sector_descr_nl"), "nl") is None


def test_tooltips_write_values_in_the_readers_format():
    sectors = sector_frame(tiny())
    texts = sector_tooltips(sectors, pd.Series({"A": 1234.5}), "nl", 1, "m²")
    assert texts.to_dict("records") == [{"code": "A", "name": "WEST", "value": "1.234,5 m²"},
                                        {"code": "B", "name": "OOST", "value": "geen waarde"}]


def test_indicator_style_takes_ramp_unit_and_decimals_from_the_catalogue(package):
    data = tiny()
    shown = indicator_style(data, package, "share_old_pct", "quantiles", 3, "en")
    assert shown.unit == "%" and shown.decimals == 1
    assert shown.classes.colours == tuple(RAMPS["need"][3][-2:])  # two values, two classes
    style = json.loads((package.directory.parent / shown.style).read_text())
    assert style["t"] == [["A", "WEST", f"{format_number(10, 'en', 1)} %"],
                          ["B", "OOST", f"{format_number(30, 'en', 1)} %"]]
    neutral = indicator_style(data, package, "pop_total", "quantiles", 3, "nl")
    assert neutral.decimals == 0 and neutral.unit == "aantal"  # the catalogue's "count", in the reader's language
    assert indicator_style(data, package, "pop_total", "quantiles", 3, "fr").unit == "nombre"
    assert neutral.classes.colours != shown.classes.colours  # the neutral ramp for a neutral indicator
    data.catalogue.loc["share_old_pct", "direction"] = "need_if_lower"
    reversed_ = indicator_style(data, package, "share_old_pct", "quantiles", 3, "nl")
    assert reversed_.classes.colours == shown.classes.colours[::-1]


def test_hotspot_style_scores_every_sector(package):
    data = tiny()
    choice = CriterionChoice("share_old_pct", "indicator", Direction.BENEFIT, 1.0)
    found = hotspot_style(data, package, [choice], "weighted_sum", "nl")
    assert found.scores.to_dict() == {"A": 0.0, "B": 1.0}
    assert (package.directory.parent / found.style).is_file()
    with pytest.raises(FrameworkError):
        hotspot_style(data, package, [], "weighted_sum", "nl")
