"""The stakeholder charts: the data behind each figure is asserted, and hostile names stay text."""

import json
import math

import geopandas as gpd
import pandas as pd
import pytest
from pyproj import Transformer
from shapely.geometry import box

from wijk_core.i18n import t
from wijk_core.stakeholders.charts import (
    CHART_WIDTH,
    GROUP_COLOURS,
    ONION_RINGS,
    POSITION_COLOURS,
    has_ladder_steps,
    ladder_matrix,
    onion_diagram,
    power_interest_grid,
    power_interest_table,
    quadrant,
    relation_network,
)
from wijk_core.stakeholders.labels import Canvas, label_box
from wijk_core.stakeholders.map import stakeholder_map
from wijk_core.stakeholders import check_inventory, demo_example

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def _inventory(rows):
    checked = check_inventory(pd.DataFrame(rows, dtype=object))
    assert checked.issues == (), checked.issues
    return checked.valid.reset_index(drop=True)


def _points(figure, kind="scatter"):
    """(trace name, text, customdata) of every marker point."""
    found = []
    for trace in figure.data:
        if trace.type == kind and trace.customdata is not None:
            for text, data in zip(trace.text, trace.customdata):
                found.append((trace.name, text, list(data)))
    return found


@pytest.mark.parametrize(("interest", "influence", "expected"), [
    (5, 5, "manage_closely"), (3, 3, "manage_closely"), (2, 3, "keep_satisfied"), (1, 5, "keep_satisfied"),
    (3, 2, "keep_informed"), (5, 1, "keep_informed"), (2, 2, "monitor"), (1, 1, "monitor")])
def test_quadrants_count_the_middle_as_high(interest, influence, expected):
    assert quadrant(interest, influence) == expected


def test_grid_puts_each_stakeholder_in_its_quadrant_coloured_by_position():
    inventory = _inventory([
        {"name": "Schepen", "group": "institutional", "interest": 5, "influence": 5, "position": 2},
        {"name": "Fonds", "group": "capital", "interest": 1, "influence": 4, "position": -2},
        {"name": "Huurders", "group": "residents", "interest": 4, "influence": 1, "position": 0},
        {"name": "Bakker", "group": "economic", "interest": 2, "influence": 2, "position": -2},
        {"name": "Zonder cijfers", "group": "social"},
    ])
    figure = power_interest_grid(inventory, "nl")
    points = {text: (name, data) for name, text, data in _points(figure)}
    assert {text: data[0] for text, (_, data) in points.items()} == {
        "Schepen": "manage_closely", "Fonds": "keep_satisfied", "Huurders": "keep_informed", "Bakker": "monitor"}
    colours = {trace.name: trace.marker.color for trace in figure.data if trace.type == "scatter"}
    assert colours["-2 sterk tegen"] == POSITION_COLOURS[-2] and colours["+2 sterk voor"] == POSITION_COLOURS[2]
    assert points["Fonds"][0] == points["Bakker"][0] == "-2 sterk tegen"
    assert figure.layout.title.text == "Macht-belangmatrix – 1 zonder belang of invloed niet getoond"
    advice = " ".join(a.text for a in figure.layout.annotations).replace("<br>", " ")
    for key in ("manage_closely", "keep_satisfied", "keep_informed", "monitor"):
        assert t(f"stakeholders.advice_{key}", "nl") in advice
    # the quadrant texts sit in bands above influence 5 and below influence 1, never over a stakeholder
    assert sorted(round(a.y, 2) for a in figure.layout.annotations) == [-0.84, -0.84, 6.54, 6.54]
    lines = [s for s in figure.layout.shapes if s.type == "line"]  # between 2 (low) and 3 (high)
    assert [(s.x0, s.x1) for s in lines if s.xref == "x"] == [(2.5, 2.5)]
    assert [(s.y0, s.y1) for s in lines if s.yref == "y"] == [(2.5, 2.5)]


def _overlaps(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def test_stakeholders_on_one_spot_are_set_around_it():
    inventory = _inventory([{"name": n, "group": "social", "interest": 4, "influence": 4, "position": 1}
                            for n in "ABC"])
    trace = next(tr for tr in power_interest_grid(inventory, "en").data if tr.type == "scatter")
    spots = list(zip(trace.x, trace.y))
    assert len(set(spots)) == 3
    assert sum(x for x, _ in spots) / 3 == pytest.approx(4) and sum(y for _, y in spots) / 3 == pytest.approx(4)
    assert all(math.dist(spot, (4, 4)) == pytest.approx(0.22) for spot in spots)
    # their names go where they cover neither each other nor a marker
    canvas = Canvas((0.4, 5.6), (-0.9, 6.6), CHART_WIDTH, 690)
    points = [canvas.pixels(x, y) for x, y in spots]
    boxes = [label_box(point, side, text, 14, 11) for point, side, text in zip(points, trace.textposition, "ABC")]
    dots = [(x - 7, y - 7, x + 7, y + 7) for x, y in points]
    assert not any(_overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert not any(_overlaps(box, dot) for box in boxes for dot in dots)
    assert power_interest_table(inventory)["quadrant"].tolist() == ["manage_closely"] * 3


def test_onion_places_each_stakeholder_in_its_ring_and_slice():
    example = demo_example().inventory
    figure = onion_diagram(example, "nl")
    rings = ONION_RINGS
    assert rings == {"micro": (0.0, 1.6), "meso": (1.6, 2.5), "macro": (2.5, 3.2)}
    slices = {group: (60 * k, 60 * (k + 1)) for k, group in enumerate(GROUP_COLOURS)}
    placed = 0
    for trace in figure.data:
        if trace.type != "scatterpolar" or trace.customdata is None:
            continue
        for r, theta, text, (level, group) in zip(trace.r, trace.theta, trace.text, trace.customdata):
            assert rings[level][0] < r < rings[level][1], (text, level, r)
            assert slices[group][0] < theta < slices[group][1], (text, group, theta)
            expected = example.loc[example["name"] == text, ["level", "group"]].iloc[0].tolist()
            assert [level, group] == expected
            placed += 1
    assert placed == len(example)
    ring_names = next(tr for tr in figure.data if tr.type == "scatterpolar" and tr.mode == "text")
    assert list(ring_names.text) == ["<b>Micro (wijk)</b>", "<b>Meso (gemeente)</b>", "<b>Macro (regio en ruimer)</b>"]
    assert list(ring_names.r) == [0.8, pytest.approx(2.05), pytest.approx(2.85)]


def test_onion_counts_stakeholders_without_a_level():
    inventory = _inventory([{"name": "A", "group": "social", "level": "micro"}, {"name": "B", "group": "social"}])
    figure = onion_diagram(inventory, "en")
    assert sum(len(tr.r) for tr in figure.data if tr.type == "scatterpolar" and tr.customdata is not None) == 1
    assert figure.layout.title.text.endswith("1 without level not shown")


BRIDGE = [("A", "B"), ("B", "C"), ("A", "C"), ("D", "E"), ("E", "F"), ("D", "F"), ("C", "X"), ("X", "D")]


def test_network_highlights_the_connector_and_the_isolated():
    inventory = _inventory([{"name": n, "group": "social"} for n in ["A", "B", "C", "D", "E", "F", "X", "Y"]])
    relations = pd.DataFrame([{"source": a, "target": b, "trust": 4 if "X" in (a, b) else 2, "note": ""}
                              for a, b in BRIDGE]).astype({"trust": "Int64"})
    figure = relation_network(inventory, relations, "nl", connector_threshold=0.4)
    nodes = {data[0]: (name, data) for name, _, data in _points(figure)}
    assert nodes["X"][0] == "verbinder" and nodes["X"][1][2] == pytest.approx(9 / 21)
    assert nodes["Y"][0] == "geïsoleerd" and nodes["Y"][1][1] == 0 and nodes["Y"][1][4] is True
    assert {n for n, (kind, _) in nodes.items() if kind == "andere actoren"} == set("ABCDEF")
    edges = {tr.name: len(tr.x) // 3 for tr in figure.data if tr.mode == "lines"}
    assert edges == {"vertrouwen 2": 6, "vertrouwen 4": 2}
    connector = next(tr for tr in figure.data if tr.name == "verbinder")
    assert connector.marker.line.width == 4


def test_ladder_cells_hold_the_step_per_phase():
    inventory = _inventory([
        {"name": "OCMW", "group": "social", "ladder_diagnosis": "raadpleging", "ladder_design": "overleg",
         "ladder_implementation": "co-beheer"},
        {"name": "Bakker", "group": "economic", "ladder_evaluation": "1"},
    ])
    heatmap = ladder_matrix(inventory, "fr").data[0]
    assert list(heatmap.y) == ["OCMW", "Bakker"]
    assert list(heatmap.x) == ["Diagnostic", "Conception", "Décision", "Mise en œuvre", "Évaluation"]
    assert [list(row) for row in heatmap.z] == [[2, 3, None, 6, None], [None, None, None, None, 1]]
    assert list(heatmap.text[0]) == ["Consultation", "Concertation", "", "Cogestion", ""]
    assert list(heatmap.colorbar.ticktext)[0] == "Information"


def test_map_places_stakeholders_in_lambert_72_over_nearby_outlines():
    inventory = _inventory([
        {"name": "Station", "group": "social", "latitude": 51.03299, "longitude": 4.74368},
        {"name": "Centrum", "group": "residents", "latitude": 51.04118, "longitude": 4.73568},
        {"name": "Nergens", "group": "residents"},
    ])
    near = box(175_000, 191_000, 177_000, 193_000)
    far = box(120_000, 150_000, 121_000, 151_000)
    background = gpd.GeoDataFrame({"wijk_naam": ["Dichtbij", "Veraf"]}, geometry=[near, far], crs=31370)

    figure = stakeholder_map(inventory, "nl", background=background, label_column="wijk_naam")

    to_lambert = Transformer.from_crs(4326, 31370, always_xy=True)
    for _, text, (x, y, group) in _points(figure):
        row = inventory[inventory["name"] == text].iloc[0]
        expected = to_lambert.transform(row["longitude"], row["latitude"])
        assert (x, y) == pytest.approx(expected, abs=0.01) and group == row["group"]
    assert {text for _, text, _ in _points(figure)} == {"Station", "Centrum"}
    labels = [tr for tr in figure.data if tr.mode == "text"]
    assert list(labels[0].text) == ["Dichtbij"]  # the far outline is left out
    outline = next(tr for tr in figure.data if tr.mode == "lines")
    assert max(v for v in outline.x if v is not None) == 177_000
    assert figure.layout.yaxis.scaleanchor == "x"
    assert figure.layout.title.text.endswith("1 zonder plaats niet getoond")


def test_map_without_locations_says_so():
    figure = stakeholder_map(_inventory([{"name": "A", "group": "social"}]), "en")
    assert [a.text for a in figure.layout.annotations] == ["No stakeholder has a location yet."]


def test_hostile_names_are_text_in_every_chart():
    rows = [{"name": name, "organisation": name, "group": "residents", "level": "micro", "interest": 4,
             "influence": 4, "position": 1, "ladder_design": "overleg", "latitude": 51.04, "longitude": 4.74}
            for name in HOSTILE]
    inventory = _inventory(rows)
    relations = pd.DataFrame([{"source": HOSTILE[0], "target": HOSTILE[1], "trust": 3, "note": HOSTILE[0]}]
                             ).astype({"trust": "Int64"})
    figures = [power_interest_grid(inventory, "nl"), onion_diagram(inventory, "nl"),
               relation_network(inventory, relations, "nl"), ladder_matrix(inventory, "nl"),
               stakeholder_map(inventory, "nl")]
    for figure in figures:
        payload = json.dumps(figure.to_plotly_json(), default=str)
        assert "<script" not in payload and "<img" not in payload, figure.layout.title.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in payload
        assert "&lt;img src=x onerror=alert(1)&gt;" in payload


def test_map_sets_stakeholders_at_one_address_around_it():
    inventory = _inventory([{"name": n, "group": "institutional", "latitude": 51.04118, "longitude": 4.73568}
                            for n in ("Schepen", "Technische dienst")])
    trace = next(tr for tr in stakeholder_map(inventory, "nl").data if tr.customdata is not None)
    true_places = {(round(x, 3), round(y, 3)) for x, y, _ in trace.customdata}
    drawn = list(zip(trace.x, trace.y))
    assert len(true_places) == 1 and len(set(drawn)) == 2
    x, y = next(iter(true_places))
    assert [math.dist(d, (x, y)) for d in drawn] == [pytest.approx(60.0, abs=0.01)] * 2  # 3 % of 2 km
    assert list(trace.textposition) == ["top center", "bottom center"]


def test_the_ladder_is_empty_when_no_stakeholder_has_a_step():
    inventory = _inventory([{"name": "OCMW", "group": "social"}, {"name": "Bakker", "group": "economic"}])
    assert not has_ladder_steps(inventory) and not has_ladder_steps(inventory.iloc[0:0])
    assert has_ladder_steps(_inventory([{"name": "OCMW", "group": "social", "ladder_design": "overleg"}]))
