"""The HTML handout: every chart, self-contained (plotly.js inlined once), offline, hostile text escaped."""

import re
from datetime import datetime

import pandas as pd
import pytest

from wijk_core.i18n import t
from wijk_core.sectors.data import load_demo
from wijk_core.stakeholders import HANDOUT_CHARTS, charts_handout, check_inventory, demo_example
from wijk_core.stakeholders.model import LADDER_COLUMNS


@pytest.fixture(scope="module")
def handout():
    example = demo_example()
    hostile = check_inventory(pd.DataFrame([{
        "name": "<script>alert(1)</script>", "organisation": "<img src=x onerror=alert(1)>", "group": "residents",
        "level": "micro", "interest": 5, "influence": 1, "position": -1, "latitude": 51.04, "longitude": 4.74,
        "suggested_by": "OCMW Demoveld"}]), known_names=example.inventory["name"]).valid
    inventory = pd.concat([example.inventory, hostile], ignore_index=True)
    return charts_handout(inventory, "nl", title="Actorenkaart <Demoveld>", relations=example.relations,
                          background=load_demo().wijken, background_label="wijk_naam",
                          notes=["Fictief voorbeeld"], generated_at=datetime(2026, 11, 23))


def test_every_chart_is_in_the_handout(handout):
    assert handout.count('class="plotly-graph-div"') == len(HANDOUT_CHARTS) == 5
    for heading in ("Macht-belangmatrix", "Uiendiagram: micro, meso, macro per groep", "Relatienetwerk",
                    "Participatieladder per fase", "Kaart van de actoren"):
        assert f"<h2>{heading}</h2>" in handout
    assert "Nauw betrekken" in handout and "Vastgoedfonds Demo NV" in handout  # quadrant and network tables
    assert "23 november 2026" in handout


def test_the_handout_works_offline(handout):
    assert handout.count("Plotly.newPlot") == 5
    assert len(re.findall(r"plotly\.js v\d", handout)) == 1  # the library once, with the first chart
    assert not re.search(r'<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["\']?(https?:)?//', handout)
    assert "cdn.plot.ly/plotly" not in handout


def test_user_text_is_escaped_in_the_handout(handout):
    assert "<script>alert(1)</script>" not in handout
    assert "<img src=x onerror" not in handout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in handout
    assert "<title>Actorenkaart &lt;Demoveld&gt;</title>" in handout


def test_a_chosen_subset_and_unknown_charts():
    example = demo_example()
    only_grid = charts_handout(example.inventory, "en", title="x", charts=["grid"])
    assert only_grid.count('class="plotly-graph-div"') == 1 and "Power/interest grid" in only_grid
    with pytest.raises(ValueError):
        charts_handout(example.inventory, "en", title="x", charts=["pie"])


def test_an_empty_ladder_says_why_in_the_handout():
    inventory = demo_example().inventory.assign(**{column: None for column in LADDER_COLUMNS})
    handout = charts_handout(inventory, "fr", title="x", charts=["ladder"])
    assert 'class="plotly-graph-div"' not in handout
    assert t("stakeholders.ladder_empty", "fr") in handout
