"""Neighbourhood selection in the store: candidates, criteria sets, team scores.

The project's data files are tested in ``tests/sectors/test_store.py``.

Every test runs on SQLite and PostgreSQL (the ``store`` / ``database_url`` fixtures).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from enum import Enum
from typing import get_args

import numpy as np
import pytest
import shapely
from shapely import MultiPolygon, Point, Polygon, box
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from wijk_core.sectors import store as sector_store
from wijk_core.selection import store as selection_store
from wijk_core.selection import tables
from wijk_core.selection.model import (Candidate, CandidateOrigin, CriteriaMethod, CriteriaSet, CriterionDirection,
                                       CriterionKind, CriterionScore, CriterionSpec)
from wijk_core.store import Store, StoreError
from wijk_core.store import projects as project_store

# Two neighbouring blocks in Lambert 72 (EPSG:31370), somewhere in Ghent.
WEST = box(104_000.0, 193_000.0, 104_500.0, 193_400.0)
EAST = box(104_500.0, 193_000.0, 105_250.5, 193_400.25)


def _error(caught: pytest.ExceptionInfo[StoreError]) -> tuple[str, dict]:
    return caught.value.code, caught.value.params


@pytest.fixture
def project(store):
    return store.write(project_store.create_project, "Muide-Meulestede")


def _qualitative_set(store, project, *keys: str) -> CriteriaSet:
    return store.write(selection_store.save_criteria_set, project.id, "Afwegingskader", "weighted_sum", [
        CriterionSpec("share_pre1945", "indicator", "benefit", 2.0),
        *(CriterionSpec(key, "qualitative", "benefit", 1.0) for key in keys),
    ])


# --- Candidates ----------------------------------------------------------------------


def test_a_candidate_round_trips_with_exact_geometry(store, project):
    created = store.write(selection_store.create_candidate, project.id, "  Muide  ", WEST, origin="sectors",
                          sector_codes=["44021A01-", " 44021A02-", "44021A01-"],
                          source_ref="W12", colour="#1F77B4")

    [listed] = store.read(selection_store.list_candidates, project.id)

    assert isinstance(created, Candidate)
    assert listed == created == store.read(selection_store.get_candidate, created.id)
    assert listed.name == "Muide"
    assert listed.geometry.wkb == WEST.wkb
    assert listed.geometry.equals_exact(WEST, tolerance=0)
    assert listed.srid == 31370
    assert listed.sector_codes == ("44021A01-", "44021A02-")
    assert (listed.origin, listed.source_ref, listed.colour) == ("sectors", "W12", "#1f77b4")
    assert listed.created_at == listed.updated_at and listed.created_at.tzinfo is not None


def test_multipolygons_with_holes_and_odd_coordinates_survive_exactly(store, project):
    hole = box(104_100.125, 193_100.1, 104_200.3, 193_200.7)
    holed = Polygon(WEST.exterior.coords, [hole.exterior.coords])
    shape = MultiPolygon([holed, box(106_000.000001, 193_000, 106_100, 193_050)])

    created = store.write(selection_store.create_candidate, project.id, "Twee delen", shape, origin="upload")

    assert store.read(selection_store.get_candidate, created.id).geometry.wkb == shape.wkb
    assert created.sector_codes == () and created.colour is None


def test_candidate_names_are_unique_per_project_ignoring_case(store, project):
    other = store.write(project_store.create_project, "Ander project")
    store.write(selection_store.create_candidate, project.id, "Dampoort", WEST, origin="drawn")

    with pytest.raises(StoreError) as caught:
        store.write(selection_store.create_candidate, project.id, " DAMPOORT ", EAST, origin="drawn")
    assert _error(caught) == ("errors.candidate_name_taken", {"name": "DAMPOORT"})
    assert store.write(selection_store.create_candidate, other.id, "dampoort", EAST, origin="drawn").name == "dampoort"

    second = store.write(selection_store.create_candidate, project.id, "Sint-Amandsberg", EAST, origin="drawn")
    with pytest.raises(StoreError) as caught:
        store.write(selection_store.rename_candidate, second.id, "dampoort")
    assert caught.value.code == "errors.candidate_name_taken"
    assert store.write(selection_store.rename_candidate, second.id, "SINT-AMANDSBERG").name == "SINT-AMANDSBERG"


@pytest.mark.parametrize(("name", "code"), [
    ("", "errors.candidate_name_empty"),
    ("  \t", "errors.candidate_name_empty"),
    ("x" * 121, "errors.candidate_name_too_long"),
])
def test_bad_candidate_names_are_refused(store, project, name, code):
    with pytest.raises(StoreError) as caught:
        store.write(selection_store.create_candidate, project.id, name, WEST, origin="drawn")

    assert caught.value.code == code
    assert store.read(selection_store.list_candidates, project.id) == []


@pytest.mark.parametrize(("geometry", "detail"), [
    (Polygon(), "empty"),
    (Point(104_000, 193_000), "Point"),
    (WEST.exterior, "LinearRing"),
    (Polygon([(104_000, 193_000), (104_100, 193_100), (104_100, 193_000), (104_000, 193_100)]),
     "Self-intersection"),
    (box(3.72, 51.05, 3.74, 51.06), "longitude/latitude"),
    (box(104_000, 193_000, float("inf"), 193_100), "finite"),
])
def test_non_polygonal_or_invalid_geometries_are_refused(store, project, geometry, detail):
    with pytest.raises(StoreError) as caught:
        store.write(selection_store.create_candidate, project.id, "Fout", geometry, origin="drawn")

    assert caught.value.code == "errors.candidate_geometry_invalid"
    assert detail in caught.value.params["detail"]
    assert store.read(selection_store.list_candidates, project.id) == []


def test_rename_update_geometry_recolour_and_delete(store, project):
    created = store.write(selection_store.create_candidate, project.id, "Brugse Poort", WEST, origin="neighbourhood",
                          sector_codes=["44021B01-"], source_ref="W3")

    renamed = store.write(selection_store.rename_candidate, created.id, "Brugse Poort-Rooigem")
    moved = store.write(selection_store.update_candidate_geometry, created.id, EAST)
    coloured = store.write(selection_store.set_candidate_colour, created.id, "#abc")

    assert renamed.name == "Brugse Poort-Rooigem" and renamed.updated_at > created.updated_at
    assert moved.geometry.wkb == EAST.wkb and moved.sector_codes == ()
    assert moved.name == "Brugse Poort-Rooigem" and moved.source_ref == "W3"
    assert coloured.colour == "#abc"
    assert store.read(selection_store.get_candidate, created.id) == coloured
    with pytest.raises(StoreError) as caught:
        store.write(selection_store.set_candidate_colour, created.id, "red;background:url(x)")
    assert caught.value.code == "errors.colour_invalid"
    with pytest.raises(StoreError) as caught:
        store.write(selection_store.update_candidate_geometry, created.id, Point(1, 1).buffer(0))
    assert caught.value.code == "errors.candidate_geometry_invalid"

    store.write(selection_store.delete_candidate, created.id)
    assert store.read(selection_store.list_candidates, project.id) == []
    with pytest.raises(StoreError) as caught:
        store.read(selection_store.get_candidate, created.id)
    assert _error(caught) == ("errors.candidate_not_found", {"id": created.id})


def test_candidates_are_listed_by_name_and_accept_numpy_ids(store, project):
    for name in ["zuid", "Élisabeth", "Abdij"]:
        store.write(selection_store.create_candidate, project.id, name, WEST, origin="drawn")

    candidates = store.read(selection_store.list_candidates, np.int64(project.id))

    assert [c.name for c in candidates] == ["Abdij", "Élisabeth", "zuid"]
    assert store.read(selection_store.get_candidate, np.int64(candidates[0].id)) == candidates[0]


# --- Criteria sets -------------------------------------------------------------------


class Direction(str, Enum):  # stands in for wijk_core.criteria.Direction
    COST = "cost"


def test_a_criteria_set_round_trips_in_order(store, project):
    criteria = [
        CriterionSpec("share_pre1945", "indicator", "benefit", 3),
        CriterionSpec("median_income", "indicator", Direction.COST, 1.5),
        CriterionSpec("political_anchor", "qualitative", "benefit", 0.0),
        CriterionSpec("custom_1", "qualitative", "cost", 2.25, label="Nabijheid van het station"),
    ]

    saved = store.write(selection_store.save_criteria_set, project.id, "Basis", "topsis", criteria)

    assert isinstance(saved, CriteriaSet)
    assert saved.method == "topsis"
    assert saved.criteria[0] == CriterionSpec("share_pre1945", "indicator", "benefit", 3.0)
    assert saved.criteria[1].direction == "cost"
    assert [c.key for c in saved.criteria] == ["share_pre1945", "median_income", "political_anchor", "custom_1"]
    assert saved.criteria[3].label == "Nabijheid van het station"
    assert store.read(selection_store.get_criteria_set, saved.id) == saved
    assert store.read(selection_store.list_criteria_sets, project.id) == [saved]
    assert store.read(selection_store.find_criteria_set, project.id, "BASIS") == saved


def test_any_object_with_the_criterion_fields_can_be_saved(store, project):
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Choice:  # the shape of wijk_core.selection.framework.CriterionChoice
        key: str
        kind: str
        direction: Direction
        weight: float

    saved = store.write(selection_store.save_criteria_set, project.id, "Kader", "weighted_sum",
                        [Choice("team_capacity", "qualitative", Direction.COST, np.float64(2))])

    assert saved.criteria == (CriterionSpec("team_capacity", "qualitative", "cost", 2.0),)
    with pytest.raises(TypeError, match="CriterionSpec"):
        store.write(selection_store.save_criteria_set, project.id, "Kader", "weighted_sum", [{"key": "a"}])


def test_saving_again_replaces_all_criteria_of_the_set(store, project):
    first = store.write(selection_store.save_criteria_set, project.id, "Basis", "weighted_sum",
                        [CriterionSpec("a"), CriterionSpec("b"), CriterionSpec("c")])

    second = store.write(selection_store.save_criteria_set, project.id, "basis", "topsis",
                         [CriterionSpec("c", weight=5), CriterionSpec("d")])

    assert second.id == first.id and second.name == "basis" and second.method == "topsis"
    stored = store.read(selection_store.get_criteria_set, first.id)
    assert [(c.key, c.weight) for c in stored.criteria] == [("c", 5.0), ("d", 1.0)]
    assert second.created_at == first.created_at and second.updated_at > first.updated_at
    assert len(store.read(selection_store.list_criteria_sets, project.id)) == 1


@pytest.mark.parametrize(("criteria", "code", "params"), [
    ([CriterionSpec("a"), CriterionSpec("b", weight=-0.5)], "errors.weight_negative", {"criteria": "b"}),
    ([CriterionSpec("a"), CriterionSpec("a", "qualitative")], "errors.criterion_duplicate", {"key": "a"}),
    ([CriterionSpec("a", weight=float("nan"))], "errors.weight_invalid", {"criteria": "a"}),
    ([CriterionSpec("a", weight="1")], "errors.weight_invalid", {"criteria": "a"}),
    ([CriterionSpec("  ")], "errors.criterion_key_empty", {}),
    ([CriterionSpec("a", direction="sideways")], "errors.criteria_option_invalid",
     {"name": "direction", "value": "sideways", "allowed": "benefit, cost"}),
    ([CriterionSpec("a", kind="vibe")], "errors.criteria_option_invalid",
     {"name": "kind", "value": "vibe", "allowed": "indicator, qualitative"}),
    ([CriterionSpec("a", label="x" * 201)], "errors.text_too_long", {"max": 200}),
])
def test_an_invalid_criterion_leaves_the_previous_set_intact(store, project, criteria, code, params):
    before = store.write(selection_store.save_criteria_set, project.id, "Basis", "weighted_sum",
                         [CriterionSpec("old", weight=2), CriterionSpec("kept", "qualitative")])

    with pytest.raises(StoreError) as caught:
        store.write(selection_store.save_criteria_set, project.id, "Basis", "topsis", criteria)

    assert _error(caught) == (code, params)
    assert store.read(selection_store.get_criteria_set, before.id) == before
    assert store.read(selection_store.list_criteria_sets, project.id) == [before]


def test_a_failing_new_set_leaves_nothing_behind(store, project):
    with pytest.raises(StoreError):
        store.write(selection_store.save_criteria_set,
                    project.id, "Nieuw", "weighted_sum", [CriterionSpec("a", weight=-1)])
    with pytest.raises(StoreError) as caught:
        store.write(selection_store.save_criteria_set, project.id, "Nieuw", "electre", [CriterionSpec("a")])

    assert caught.value.code == "errors.criteria_option_invalid"
    assert store.read(selection_store.list_criteria_sets, project.id) == []


def test_criteria_set_names_are_checked_and_sets_can_be_deleted(store, project):
    with pytest.raises(StoreError) as caught:
        store.write(selection_store.save_criteria_set, project.id, " ", "weighted_sum", [])
    assert caught.value.code == "errors.criteria_set_name_empty"
    with pytest.raises(StoreError) as caught:
        store.write(selection_store.save_criteria_set, project.id, "k" * 121, "weighted_sum", [])
    assert _error(caught) == ("errors.criteria_set_name_too_long", {"max": 120})

    empty = store.write(selection_store.save_criteria_set, project.id, "Leeg", "weighted_sum", [])
    store.write(selection_store.delete_criteria_set, empty.id)

    assert empty.criteria == ()
    assert store.read(selection_store.list_criteria_sets, project.id) == []
    with pytest.raises(StoreError) as caught:
        store.read(selection_store.get_criteria_set, empty.id)
    assert _error(caught) == ("errors.criteria_set_not_found", {"id": empty.id})


def test_the_database_itself_refuses_a_negative_weight(store, project):
    saved = store.write(selection_store.save_criteria_set, project.id, "Basis", "weighted_sum", [CriterionSpec("a")])

    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(text("UPDATE criteria SET weight = -1 WHERE set_id = :id"), {"id": saved.id})


# --- Scores --------------------------------------------------------------------------


def test_a_score_round_trips_and_an_upsert_changes_it(store, project):
    criteria = _qualitative_set(store, project, "political_anchor", "active_citizens")
    muide = store.write(selection_store.create_candidate, project.id, "Muide", WEST, origin="drawn")
    dampoort = store.write(selection_store.create_candidate, project.id, "Dampoort", EAST, origin="drawn")

    first = store.write(selection_store.set_score,
                        criteria.id, "political_anchor", muide.id, 4, "Schepen trekt mee", "Verkiezingen")
    changed = store.write(selection_store.set_score,
                          criteria.id, "political_anchor", muide.id, 2, pro=None, con="Schepen vertrekt")
    store.write(selection_store.set_score, criteria.id, "active_citizens", dampoort.id, 5, "Buurtcomité\r\nactief")

    assert isinstance(first, CriterionScore)
    assert (first.score, first.pro, first.con) == (4, "Schepen trekt mee", "Verkiezingen")
    assert changed.updated_at >= first.updated_at
    stored = store.read(selection_store.scores, criteria.id)
    assert [(s.key, s.candidate_id, s.score, s.pro, s.con) for s in stored] == [
        ("active_citizens", dampoort.id, 5, "Buurtcomité\nactief", ""),
        ("political_anchor", muide.id, 2, "", "Schepen vertrekt"),
    ]
    assert stored[1] == changed
    assert stored[1].updated_at.tzinfo is not None


@pytest.mark.parametrize("score", [0, 6, 7, -1, 3.5, "4", True, None])
def test_scores_outside_one_to_five_are_refused(store, project, score):
    criteria = _qualitative_set(store, project, "team_capacity")
    candidate = store.write(selection_store.create_candidate, project.id, "Muide", WEST, origin="drawn")

    with pytest.raises(StoreError) as caught:
        store.write(selection_store.set_score, criteria.id, "team_capacity", candidate.id, score)

    assert _error(caught) == ("errors.score_out_of_range", {"value": str(score), "low": 1, "high": 5})
    assert store.read(selection_store.scores, criteria.id) == []


def test_long_texts_are_refused_and_exactly_two_thousand_accepted(store, project):
    criteria = _qualitative_set(store, project, "team_capacity")
    candidate = store.write(selection_store.create_candidate, project.id, "Muide", WEST, origin="drawn")

    with pytest.raises(StoreError) as caught:
        store.write(selection_store.set_score, criteria.id, "team_capacity", candidate.id, 3, con="x" * 2001)
    assert _error(caught) == ("errors.text_too_long", {"max": 2000})

    hostile = "<script>alert('x')</script>\x00" + "é" * 1972
    stored = store.write(selection_store.set_score,
                         criteria.id, "team_capacity", candidate.id, 3, pro=hostile, con="y" * 2000)
    assert stored.pro == hostile.replace("\x00", "")  # kept as typed: pages escape on rendering
    assert store.read(selection_store.scores, criteria.id) == [stored]


def test_only_qualitative_criteria_of_the_set_and_candidates_of_the_project_can_be_scored(store, project):
    criteria = _qualitative_set(store, project, "team_capacity")
    candidate = store.write(selection_store.create_candidate, project.id, "Muide", WEST, origin="drawn")
    elsewhere = store.write(selection_store.create_candidate,
                            store.write(project_store.create_project, "Elders").id, "Muide", WEST, origin="drawn")

    for key in ("share_pre1945", "unknown"):
        with pytest.raises(StoreError) as caught:
            store.write(selection_store.set_score, criteria.id, key, candidate.id, 3)
        assert _error(caught) == ("errors.criterion_not_scorable", {"key": key})
    with pytest.raises(StoreError) as caught:
        store.write(selection_store.set_score, criteria.id, "team_capacity", elsewhere.id, 3)
    assert _error(caught) == ("errors.candidate_not_found", {"id": elsewhere.id})
    assert store.read(selection_store.scores, criteria.id) == []


def test_scores_survive_re_saving_the_set_and_can_be_deleted(store, project):
    criteria = _qualitative_set(store, project, "team_capacity", "coupling")
    candidate = store.write(selection_store.create_candidate, project.id, "Muide", WEST, origin="drawn")
    store.write(selection_store.set_score, criteria.id, "team_capacity", candidate.id, 4, "Twee mensen vrij")

    _qualitative_set(store, project)  # switch the qualitative criteria off ...
    _qualitative_set(store, project, "team_capacity")  # ... and one on again

    remaining = store.read(selection_store.scores, criteria.id)
    assert [(s.key, s.pro) for s in remaining] == [("team_capacity", "Twee mensen vrij")]
    assert store.write(selection_store.delete_score, criteria.id, "team_capacity", candidate.id) is True
    assert store.write(selection_store.delete_score, criteria.id, "team_capacity", candidate.id) is False
    assert store.read(selection_store.scores, criteria.id) == []


def test_the_database_itself_refuses_a_score_of_seven(store, project):
    criteria = _qualitative_set(store, project, "team_capacity")
    candidate = store.write(selection_store.create_candidate, project.id, "Muide", WEST, origin="drawn")
    insert = text("INSERT INTO criterion_scores (set_id, key, candidate_id, score, pro, con) "
                  "VALUES (:set_id, 'team_capacity', :candidate_id, :score, '', '')")

    with pytest.raises(IntegrityError, match="(?i)check"), store.engine.begin() as connection:
        connection.execute(insert, {"set_id": criteria.id, "candidate_id": candidate.id, "score": 7})

    with store.engine.begin() as connection:  # the same statement with a valid score passes
        connection.execute(insert, {"set_id": criteria.id, "candidate_id": candidate.id, "score": 5})
    assert [s.score for s in store.read(selection_store.scores, criteria.id)] == [5]


def test_concurrent_upserts_of_one_score_leave_one_row_and_no_error(store, project):
    criteria = _qualitative_set(store, project, "team_capacity")
    candidate = store.write(selection_store.create_candidate, project.id, "Muide", WEST, origin="drawn")
    threads = 10
    start = threading.Barrier(threads)

    def write(index: int) -> CriterionScore:
        start.wait(timeout=30)
        return store.write(selection_store.set_score, criteria.id, "team_capacity", candidate.id, index % 5 + 1,
                           pro=f"pro {index}", con=f"con {index}")

    with ThreadPoolExecutor(max_workers=threads) as pool:
        written = list(pool.map(write, range(threads)))

    [stored] = store.read(selection_store.scores, criteria.id)
    assert len(written) == threads
    # One writer's values, whole: never one writer's score with another's text.
    index = int(stored.pro.removeprefix("pro "))
    assert (stored.score, stored.con) == (index % 5 + 1, f"con {index}")
    last = store.write(selection_store.set_score, criteria.id, "team_capacity", candidate.id, 1, "laatste", "")
    assert store.read(selection_store.scores, criteria.id) == [last]


def test_concurrent_saves_of_one_new_set_leave_one_whole_set(store, project):
    threads = 8
    start = threading.Barrier(threads)

    def save(index: int) -> CriteriaSet:
        start.wait(timeout=30)
        keys = [f"writer{index}_{n}" for n in range(5)]
        return store.write(selection_store.save_criteria_set,
                           project.id, "Samen", "weighted_sum", [CriterionSpec(k) for k in keys])

    with ThreadPoolExecutor(max_workers=threads) as pool:
        saved = list(pool.map(save, range(threads)))

    [stored] = store.read(selection_store.list_criteria_sets, project.id)
    assert {s.id for s in saved} == {stored.id}
    writers = {c.key.split("_")[0] for c in stored.criteria}
    assert len(writers) == 1 and len(stored.criteria) == 5  # never a mix of two saves


# --- Cascades and persistence --------------------------------------------------------


def _fill(store: Store, project_id: int) -> dict:
    candidate = store.write(selection_store.create_candidate,
                            project_id, "Muide", WEST, origin="sectors", sector_codes=["A", "B"])
    criteria = store.write(selection_store.save_criteria_set, project_id, "Basis", "topsis", [
        CriterionSpec("share_pre1945"), CriterionSpec("team_capacity", "qualitative", "benefit", 0.5)])
    return {
        "file": store.write(sector_store.add_file,
                            project_id, "indicators", "data.csv", b"a;b\n1;2", options={"year": 2024}),
        "candidate": candidate,
        "criteria": criteria,
        "score": store.write(selection_store.set_score, criteria.id, "team_capacity", candidate.id, 3, "pro", "con"),
    }


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                for table in ("project_files", "candidates", "criteria_sets", "criteria", "criterion_scores")}


def test_deleting_a_project_deletes_everything_it_holds(store, project):
    _fill(store, project.id)
    kept = store.write(project_store.create_project, "Blijft")
    kept_items = _fill(store, kept.id)
    before = _counts(store)

    with store.writing() as session:
        session.execute(text("DELETE FROM projects WHERE id = :id"), {"id": project.id})

    assert _counts(store) == {table: count // 2 for table, count in before.items()}
    assert store.read(selection_store.list_candidates, kept.id) == [kept_items["candidate"]]
    assert store.read(selection_store.scores, kept_items["criteria"].id) == [kept_items["score"]]


def test_deleting_a_candidate_or_a_set_deletes_their_scores(store, project):
    items = _fill(store, project.id)

    store.write(selection_store.delete_candidate, items["candidate"].id)
    assert store.read(selection_store.scores, items["criteria"].id) == []

    store.write(selection_store.delete_criteria_set, items["criteria"].id)
    assert _counts(store) == {"project_files": 1, "candidates": 0, "criteria_sets": 0, "criteria": 0,
                              "criterion_scores": 0}


def test_everything_is_still_there_after_reopening_the_store(database_url):
    first = Store(database_url)
    project = first.write(project_store.create_project, "Na herstart")
    items = _fill(first, project.id)
    first.dispose()

    reopened = Store(database_url)
    try:
        assert reopened.read(sector_store.list_files, project.id) == [items["file"]]
        assert reopened.read(sector_store.file_content, items["file"].id) == b"a;b\n1;2"
        [candidate] = reopened.read(selection_store.list_candidates, project.id)
        assert candidate == items["candidate"]
        assert candidate.geometry.wkb == WEST.wkb and candidate.sector_codes == ("A", "B")
        assert reopened.read(selection_store.list_criteria_sets, project.id) == [items["criteria"]]
        assert reopened.read(selection_store.scores, items["criteria"].id) == [items["score"]]
    finally:
        reopened.dispose()


def test_unknown_ids_are_not_found(store, project):
    checks = [
        (lambda: store.read(sector_store.get_file, 4242), "errors.file_not_found"),
        (lambda: store.write(sector_store.delete_file, 0), "errors.file_not_found"),
        (lambda: store.write(selection_store.rename_candidate, 2**40, "x"), "errors.candidate_not_found"),
        (lambda: store.write(selection_store.delete_candidate, -1), "errors.candidate_not_found"),
        (lambda: store.write(selection_store.delete_criteria_set, 4242), "errors.criteria_set_not_found"),
        (lambda: store.read(selection_store.scores, 4242), "errors.criteria_set_not_found"),
        (lambda: store.read(selection_store.list_candidates, 4242), "errors.project_not_found"),
        (lambda: store.write(selection_store.create_candidate, 4242, "x", WEST, origin="drawn"),
         "errors.project_not_found"),
    ]
    for operation, code in checks:
        with pytest.raises(StoreError) as caught:
            operation()
        assert caught.value.code == code
    with pytest.raises(TypeError, match="int"):
        store.read(selection_store.get_candidate, "1")


def test_wkb_is_what_the_database_holds(store, project):
    created = store.write(selection_store.create_candidate, project.id, "Muide", WEST, origin="drawn")

    with store.engine.connect() as connection:
        raw, srid = connection.execute(text("SELECT geometry, srid FROM candidates WHERE id = :id"),
                                       {"id": created.id}).one()

    assert bytes(raw) == shapely.to_wkb(WEST) and srid == 31370


def test_the_closed_sets_agree_with_the_database_checks():
    assert get_args(CandidateOrigin) == tables.CANDIDATE_ORIGINS
    assert get_args(CriteriaMethod) == tables.CRITERIA_METHODS
    assert get_args(CriterionKind) == tables.CRITERION_KINDS
    assert get_args(CriterionDirection) == tables.CRITERION_DIRECTIONS
