"""Names on a scatter chart: placed so they cover neither each other nor a marker, long ones shortened."""

from __future__ import annotations

import math

from wijk_core.stakeholders.labels import SIDES, Canvas, label_box, place_labels, short_label

CANVAS = Canvas((0.0, 10.0), (0.0, 10.0), 800, 600)


def _overlaps(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _boxes(xs, ys, texts, sides, marker=14.0):
    return [label_box(CANVAS.pixels(x, y), side, text, marker, 11) for x, y, text, side in zip(xs, ys, texts, sides)]


def test_a_lone_point_keeps_its_name_on_top_and_a_box_is_where_the_side_says():
    assert place_labels([5], [5], ["Buurtcomité"], CANVAS) == ["top center"]
    left, top, right, bottom = label_box((400, 300), "middle right", "abcd", 14, 10)
    assert (left, top, right - left, bottom - top) == (408, 291.5, 28, 17)  # 2 px kept around
    assert label_box((400, 300), "top center", "ab", 14, 10)[3] == 300 - 10 + 2


def test_eight_names_around_one_spot_cover_neither_each_other_nor_a_marker():
    xs = [5 + 0.45 * math.cos(2 * math.pi * k / 8) for k in range(8)]
    ys = [5 + 0.45 * math.sin(2 * math.pi * k / 8) for k in range(8)]
    texts = [f"Stakeholder {k}" for k in range(8)]
    sides = place_labels(xs, ys, texts, CANVAS)
    assert set(sides) <= set(SIDES)
    boxes = _boxes(xs, ys, texts, sides)
    dots = [(x - 7, y - 7, x + 7, y + 7) for x, y in (CANVAS.pixels(x, y) for x, y in zip(xs, ys))]
    assert not any(_overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert not any(_overlaps(box, dot) for box in boxes for dot in dots)
    naive = _boxes(xs, ys, texts, ["top center"] * 8)  # what one side for all gives: collisions
    assert any(_overlaps(a, b) for i, a in enumerate(naive) for b in naive[i + 1:])


def test_a_name_at_the_right_edge_goes_left_and_stays_on_the_chart():
    [side] = place_labels([9.95], [5], ["Vlaamse Maatschappij voor Sociaal Wonen"], CANVAS)
    box = label_box(CANVAS.pixels(9.95, 5), side, "Vlaamse Maatschappij voor Sociaal Wonen", 14, 11)
    assert side.endswith("left") and box[2] <= CANVAS.width


def test_long_names_are_cut_at_a_word_with_an_ellipsis():
    assert short_label("OCMW") == "OCMW"
    assert short_label("Schepen van  Wonen en Klimaat") == "Schepen van Wonen en Klimaat"
    assert short_label("Vlaamse  Maatschappij voor Sociaal Wonen") == "Vlaamse Maatschappij voor…"
    assert short_label("Kerkfabriekvanonzelievevrouwgeboorte") == "Kerkfabriekvanonzelievevrouwg…"
    assert len(short_label("x" * 100)) == 30
