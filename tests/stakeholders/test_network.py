"""The relation network: degree, betweenness of a known connector, isolated stakeholders."""

import pandas as pd
import pytest

from wijk_core.stakeholders import build_graph, check_inventory, demo_example, layout, network_measures


def _inventory(*names, suggested=None):
    suggested = suggested or {}
    raw = pd.DataFrame([{"name": n, "group": "social", "suggested_by": suggested.get(n)} for n in names])
    return check_inventory(raw).valid.reset_index(drop=True)


def _relations(*pairs, trust=3):
    return pd.DataFrame([{"source": a, "target": b, "trust": trust, "note": ""} for a, b in pairs]).astype(
        {"trust": "Int64"})


# Two triangles A-B-C and D-E-F joined through X (C-X-D), and Y with no tie at all.
BRIDGE = [("A", "B"), ("B", "C"), ("A", "C"), ("D", "E"), ("E", "F"), ("D", "F"), ("C", "X"), ("X", "D")]


def test_betweenness_of_a_known_connector():
    graph = build_graph(_inventory("A", "B", "C", "D", "E", "F", "X", "Y"), _relations(*BRIDGE))

    measures = network_measures(graph)

    # n = 8. X lies on every shortest path between {A, B, C} and {D, E, F}: 9 of the
    # (n-1)(n-2)/2 = 21 pairs of other stakeholders. C lies on the paths from A and B
    # to D, E, F and X: 8 pairs. A lies on none.
    assert measures.loc["X", "betweenness"] == pytest.approx(9 / 21)
    assert measures.loc["C", "betweenness"] == pytest.approx(8 / 21)
    assert measures.loc["A", "betweenness"] == 0
    assert measures["degree"].to_dict() == {"A": 2, "B": 2, "C": 3, "D": 3, "E": 2, "F": 2, "X": 2, "Y": 0}
    assert measures.index[measures["connector"]].tolist() == ["C", "D", "X"]
    assert measures.index[measures["isolated"]].tolist() == ["Y"]
    strict = network_measures(graph, connector_threshold=0.4)
    assert strict.index[strict["connector"]].tolist() == ["X"]


def test_suggestions_are_ties_unless_switched_off():
    inventory = _inventory("A", "B", "C", suggested={"C": "A"})
    relations = _relations(("A", "B"))

    with_suggestions = build_graph(inventory, relations)
    without = build_graph(inventory, relations, include_suggestions=False)

    assert with_suggestions.edges["A", "C"] == {"kind": "suggestion", "trust": None, "suggested": True}
    assert network_measures(with_suggestions).loc["A", "betweenness"] == pytest.approx(1.0)
    assert network_measures(without).loc["C", "isolated"]


def test_a_relation_that_was_also_a_suggestion_stays_a_relation_with_its_trust():
    graph = build_graph(_inventory("A", "B", suggested={"B": "A"}), _relations(("B", "A"), trust=5))
    assert graph.edges["A", "B"] == {"kind": "relation", "trust": 5, "suggested": True}


def test_relations_naming_strangers_are_skipped_and_bad_thresholds_refused():
    graph = build_graph(_inventory("A", "B"), _relations(("A", "Z"), ("A", "B")))
    assert sorted(graph.edges) == [("A", "B")]
    with pytest.raises(ValueError):
        network_measures(graph, connector_threshold=1.5)


def test_the_layout_is_the_same_every_time_and_places_everyone():
    example = demo_example()
    graph = build_graph(example.inventory, example.relations)
    first, second = layout(graph), layout(graph)
    assert first == second and set(first) == set(example.inventory["name"])


def test_the_demo_has_a_connector_and_an_isolated_stakeholder():
    example = demo_example()
    measures = network_measures(build_graph(example.inventory, example.relations))
    assert measures["betweenness"].idxmax() == "Schepen van Wonen en Klimaat"
    assert measures.loc["Buurtwerker Stationskwartier", "connector"]
    assert measures.index[measures["isolated"]].tolist() == ["Vastgoedfonds Demo NV"]


def test_isolated_stakeholders_stand_in_a_row_below_the_network():
    graph = build_graph(_inventory("A", "B", "C", "Y", "Z"), _relations(("A", "B"), ("B", "C")))
    positions = layout(graph)
    assert positions["Y"] == (-0.5, -1.35) and positions["Z"] == (0.5, -1.35)
    assert all(-1.01 <= x <= 1.01 and -1.01 <= y <= 1.01 for n, (x, y) in positions.items() if n in "ABC")
