"""The stakeholder inventory in the store: stakeholders, relations with trust, snowball links, notes.

Every test runs on SQLite and PostgreSQL (the ``store`` / ``database_url`` fixtures).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from wijk_core.stakeholders import (
    GovernanceRole,
    Group,
    LadderStep,
    Level,
    Phase,
    demo_example,
    inventory_frame,
    records,
)
from wijk_core.store import StoreError
from wijk_core.stakeholders import tables
from wijk_core.stakeholders import store as stored
from wijk_core.store import projects as project_store

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def project(store):
    return store.write(project_store.create_project, "Stationsbuurt")


@pytest.fixture
def example():
    return demo_example()


def _load(store, project, example):
    with store.writing() as session:
        stored.import_inventory(session, project.id, records(example.inventory))
        stored.save_relations(session, project.id, records(example.relations))


def _rows(store, project):
    with store.reading() as session:
        return stored.inventory_rows(session, project.id)


def _names(store, project):
    return [row["name"] for row in _rows(store, project)]


def _error(caught):
    return caught.value.code, caught.value.params


def test_the_closed_sets_of_the_tables_are_those_of_the_core():
    assert tables.STAKEHOLDER_GROUPS == tuple(g.value for g in Group)
    assert tables.STAKEHOLDER_LEVELS == tuple(lv.value for lv in Level)
    assert tables.GOVERNANCE_ROLES == tuple(r.value for r in GovernanceRole)
    assert tables.LADDER_STEPS == tuple(s.value for s in LadderStep)
    assert tables.PHASES == tuple(p.value for p in Phase)


def test_the_example_round_trips(store, project, example):
    _load(store, project, example)

    back = inventory_frame(_rows(store, project))

    pd.testing.assert_frame_equal(back.drop(columns="id"), example.inventory)
    with store.reading() as session:
        relations = stored.relation_rows(session, project.id)
    as_pairs = {frozenset((r["source"], r["target"])): (r["trust"], r["note"]) for r in relations}
    assert as_pairs == {frozenset((r.source, r.target)): (r.trust, r.note) for r in example.relations.itertuples()}


def test_saving_the_table_updates_inserts_deletes_and_keeps_links_on_rename(store, project, example):
    _load(store, project, example)
    rows = _rows(store, project)
    ids = {row["name"]: row["id"] for row in rows}
    with store.writing() as session:
        stored.save_notes(session, ids["OCMW Demoveld"], {"expectations": "Betaalbare woningen"})
    edited = [dict(row) for row in rows if row["name"] != "Vastgoedfonds Demo NV"]
    renamed = next(row for row in edited if row["name"] == "OCMW Demoveld")
    renamed["name"], renamed["interest"] = HOSTILE, 5
    edited.append({"name": "Nieuwe bewonersgroep", "group": "residents", "suggested_by": HOSTILE})

    with store.writing() as session:
        saved = stored.save_inventory(session, project.id, edited)

    after = {row["name"]: row for row in _rows(store, project)}
    assert len(saved) == len(example.inventory) and "Vastgoedfonds Demo NV" not in after
    assert after[HOSTILE]["id"] == ids["OCMW Demoveld"] and after[HOSTILE]["interest"] == 5
    assert after["Buurtwerker Stationskwartier"]["suggested_by"] == HOSTILE  # the link follows the id
    assert after["Nieuwe bewonersgroep"]["suggested_by"] == HOSTILE
    with store.reading() as session:
        pairs = {(r["source"], r["target"]) for r in stored.relation_rows(session, project.id)}
        notes = stored.interview_notes(session, project.id)
    assert ("Schepen van Wonen en Klimaat", HOSTILE) in pairs
    assert [(n.stakeholder_id, n.answer) for n in notes] == [(ids["OCMW Demoveld"], "Betaalbare woningen")]


def test_two_stakeholders_can_swap_names_in_one_save(store, project):
    with store.writing() as session:
        stored.save_inventory(session, project.id, [{"name": "A", "group": "social"}, {"name": "B", "group": "expert"}])
    rows = _rows(store, project)
    rows[0]["name"], rows[1]["name"] = "B", "A"
    with store.writing() as session:
        stored.save_inventory(session, project.id, rows)
    assert [(r["name"], r["group"]) for r in _rows(store, project)] == [("B", "social"), ("A", "expert")]


@pytest.mark.parametrize(("rows", "code", "params"), [
    ([{"name": "A", "group": "social"}, {"name": " a ", "group": "social"}], "errors.stakeholders_name_taken",
     {"name": "a"}),
    ([{"name": "", "group": "social"}], "errors.stakeholders_name_empty", {}),
    ([{"name": "A", "group": "aliens"}], "errors.stakeholders_value_invalid", {"column": "group", "value": "aliens"}),
    ([{"name": "A", "group": "social", "interest": 6}], "errors.stakeholders_value_invalid",
     {"column": "interest", "value": "6"}),
    ([{"name": "A", "group": "social", "ladder_design": "dictatorship"}], "errors.stakeholders_value_invalid",
     {"column": "ladder_design", "value": "dictatorship"}),
    ([{"name": "A", "group": "social", "latitude": 51.0}], "errors.stakeholders_value_invalid",
     {"column": "longitude", "value": "–"}),
    ([{"name": "A", "group": "social", "suggested_by": "Z"}], "errors.stakeholders_suggested_unknown",
     {"value": "Z"}),
    ([{"name": "A", "group": "social", "suggested_by": "a"}], "errors.stakeholders_suggested_self", {"name": "A"}),
    ([{"id": 999, "name": "A", "group": "social"}], "errors.stakeholders_not_found", {"id": 999}),
])
def test_bad_rows_are_refused_and_nothing_is_written(store, project, rows, code, params):
    with store.writing() as session:
        stored.save_inventory(session, project.id, [{"name": "Bestaand", "group": "capital"}])
    with pytest.raises(StoreError) as caught:
        with store.writing() as session:
            stored.save_inventory(session, project.id, rows)
    assert _error(caught) == (code, params)
    assert _names(store, project) == ["Bestaand"]


def test_import_merges_by_name_or_replaces(store, project, example):
    _load(store, project, example)
    incoming = [{"name": "ocmw demoveld", "group": "social", "interest": 1},
                {"name": "Nieuw", "group": "economic", "suggested_by": "Schepen van Wonen en Klimaat"}]

    with store.writing() as session:
        stored.import_inventory(session, project.id, incoming)
    merged = {row["name"]: row for row in _rows(store, project)}
    assert len(merged) == len(example.inventory) + 1
    assert merged["ocmw demoveld"]["interest"] == 1 and merged["ocmw demoveld"]["level"] is None
    assert merged["Nieuw"]["suggested_by"] == "Schepen van Wonen en Klimaat"
    assert list(merged)[-1] == "Nieuw"  # appended at the end

    with store.writing() as session:
        stored.import_inventory(session, project.id, incoming[:1], mode="replace")
    assert _names(store, project) == ["ocmw demoveld"]
    with store.reading() as session:
        assert stored.relation_rows(session, project.id) == []


def test_deleting_a_stakeholder_unlinks_whom_they_suggested(store, project, example):
    _load(store, project, example)
    ids = {row["name"]: row["id"] for row in _rows(store, project)}
    with store.writing() as session:
        stored.delete_stakeholder(session, ids["OCMW Demoveld"])
    after = {row["name"]: row for row in _rows(store, project)}
    assert after["Buurtwerker Stationskwartier"]["suggested_by"] is None
    with store.reading() as session:
        relations = stored.relation_rows(session, project.id)
    assert all("OCMW Demoveld" not in (r["source"], r["target"]) for r in relations)
    assert len(relations) == 18 - 3  # OCMW had three relations


def test_relations_are_undirected_pairs_with_trust(store, project):
    with store.writing() as session:
        stored.save_inventory(session, project.id, [{"name": n, "group": "social"} for n in "ABC"])
        stored.save_relations(session, project.id, [{"source": "C", "target": "a", "trust": 2, "note": HOSTILE}])
        relation = stored.list_relations(session, project.id)[0]
    ids = {row["name"]: row["id"] for row in _rows(store, project)}
    assert (relation.a_id, relation.b_id) == (ids["A"], ids["C"]) and relation.note == HOSTILE
    with store.writing() as session:  # an import adds and updates
        stored.save_relations(session, project.id, [{"source": "A", "target": "C", "trust": 5},
                                                     {"source": "A", "target": "B"}], replace=False)
    with store.reading() as session:
        rows = stored.relation_rows(session, project.id)
    assert sorted((r["source"], r["target"], r["trust"]) for r in rows) == [("A", "B", None), ("A", "C", 5)]
    with store.writing() as session:  # the editor replaces
        stored.save_relations(session, project.id, [{"source": "B", "target": "C", "trust": 1}])
    with store.reading() as session:
        assert [(r["source"], r["target"]) for r in stored.relation_rows(session, project.id)] == [("B", "C")]


@pytest.mark.parametrize(("rows", "code"), [
    ([{"source": "A", "target": "Z"}], "errors.stakeholders_relation_unknown"),
    ([{"source": "A", "target": "a"}], "errors.stakeholders_relation_self"),
    ([{"source": "A", "target": "B"}, {"source": "B", "target": "A"}], "errors.stakeholders_relation_duplicate"),
    ([{"source": "A", "target": "B", "trust": 0}], "errors.stakeholders_value_invalid"),
])
def test_bad_relations_are_refused(store, project, rows, code):
    with store.writing() as session:
        stored.save_inventory(session, project.id, [{"name": n, "group": "social"} for n in "AB"])
    with pytest.raises(StoreError) as caught:
        with store.writing() as session:
            stored.save_relations(session, project.id, rows)
    assert caught.value.code == code


def test_interview_notes_per_question(store, project):
    with store.writing() as session:
        [person] = stored.save_inventory(session, project.id, [{"name": "Schepen", "group": "institutional"}])
        stored.save_notes(session, person.id, {"expectations": "Minder uitstoot", "conditions": HOSTILE})
        stored.save_notes(session, person.id, {"expectations": "Minder uitstoot\nen lagere facturen",
                                               "conditions": "  "})
    with store.reading() as session:
        notes = stored.interview_notes(session, project.id)
    assert [(n.question, n.answer) for n in notes] == [("expectations", "Minder uitstoot\nen lagere facturen")]
    with pytest.raises(StoreError) as caught:
        with store.writing() as session:
            stored.save_notes(session, person.id, {"DROP TABLE": "x"})
    assert _error(caught) == ("errors.stakeholders_question_invalid", {"value": "DROP TABLE"})


def test_the_database_itself_refuses_values_outside_the_closed_sets(store, project):
    insert = text("INSERT INTO stakeholders (project_id, sort_order, name, name_key, organisation, actor_group, "
                  "expertise, contact, created_at, updated_at, interest) VALUES (:p, 0, 'X', 'x', '', :g, '', '', "
                  "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :i)")
    for group, interest in (("aliens", 3), ("social", 9)):
        with pytest.raises(IntegrityError):
            with store.writing() as session:
                session.execute(insert, {"p": project.id, "g": group, "i": interest})


def test_projects_keep_their_own_inventories(store, project):
    other = store.write(project_store.create_project, "Kapelhoek")
    with store.writing() as session:
        stored.save_inventory(session, project.id, [{"name": "OCMW", "group": "social"}])
        stored.save_inventory(session, other.id, [{"name": "OCMW", "group": "social"}])
    assert _names(store, project) == _names(store, other) == ["OCMW"]
    with pytest.raises(StoreError) as caught:
        with store.reading() as session:
            stored.inventory_rows(session, 987654)
    assert caught.value.code == "errors.project_not_found"


def test_concurrent_facilitators_adding_the_same_name_store_it_once(store, project):
    writers = 4
    start = threading.Barrier(writers)

    def add(_: int) -> str:
        start.wait(timeout=30)
        try:
            with store.writing() as session:
                stored.add_stakeholder(session, project.id, {"name": "Jeugdhuis", "group": "social"})
        except StoreError as err:
            return err.code
        return "added"

    with ThreadPoolExecutor(max_workers=writers) as pool:
        outcomes = sorted(pool.map(add, range(writers)))
    assert outcomes == ["added"] + ["errors.stakeholders_name_taken"] * (writers - 1)
    assert _names(store, project) == ["Jeugdhuis"]
