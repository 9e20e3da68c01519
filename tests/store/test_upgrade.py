"""A database made by today's migrations keeps every row when upgraded to the newest schema.

The database is built the way an existing installation was: Alembic upgrades an
empty database to revision 0005 (the head when the tables moved into their
domains), a row goes into every table with plain SQL over the *reflected* schema
(not the application's table classes), and then the database is upgraded to head.
Every row must come back unchanged, the store functions must read them, and a
fresh database must reach the same schema as the upgraded one and as
``wijk_core.schema.metadata``. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from collections.abc import Iterator
from typing import Any

import pytest
import shapely
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from shapely import box
from sqlalchemy import Engine, MetaData, inspect, insert, select

from wijk_core.costs import CostItem, Externality, Scenario
from wijk_core.costs import store as cost_store
from wijk_core.ideas import participant_key
from wijk_core.ideas import store as idea_store
from wijk_core.schema import metadata
from wijk_core.sectors import store as sector_store
from wijk_core.selection import store as selection_store
from wijk_core.selection.model import CriterionSpec
from wijk_core.stakeholders import store as stakeholder_store
from wijk_core.store import Store, alembic_config, current_revision, head_revision, make_engine, upgrade
from wijk_core.store import projects as project_store

LAST_REVISION_BEFORE_THE_DOMAIN_TABLES = "0005"

CREATED = datetime(2026, 11, 30, 9, 15, 30, 123456, tzinfo=UTC)
CHANGED = datetime(2026, 12, 1, 17, 45, 0, 654321, tzinfo=UTC)
CONTENT = b"cd_sector;population\n44021A00-;1234\n\x00\xff binary tail"
PERIMETER = box(104_000.0, 193_000.0, 104_500.0, 193_400.25)
TOKENS = ("token-of-resident-one", "token-of-resident-two")
RESIDENT, NEIGHBOUR = (participant_key(token) for token in TOKENS)
SCENARIO = Scenario(
    name="Diepe renovatie", floor_area_m2=1250.0, description="Na-isolatie en warmtepomp",
    items=(CostItem("Isolatie", "investment", 180_000.0, 0, 40), CostItem("Energie", "energy", 9_500.0)),
    externalities=(Externality("CO2", "co2", 12.5, 100.0),),
)

# One row (or two, where a row points at another of its table) in every table of revision 0005.
ROWS: dict[str, list[dict[str, Any]]] = {
    "projects": [
        {"id": 1, "name": "Muide-Meulestede", "name_key": "muide-meulestede", "created_at": CREATED,
         "updated_at": CHANGED},
    ],
    "project_files": [
        {"id": 1, "project_id": 1, "role": "indicators", "filename": "bevolking.csv", "content": CONTENT,
         "sha256": hashlib.sha256(CONTENT).hexdigest(), "size": len(CONTENT), "options": {"year": 2024},
         "uploaded_at": CREATED},
    ],
    "candidates": [
        {"id": 1, "project_id": 1, "name": "Muide", "name_key": "muide", "origin": "sectors",
         "geometry": shapely.to_wkb(PERIMETER), "srid": 31370, "sector_codes": ["44021A00-", "44021A01-"],
         "source_ref": "W01", "colour": "#1f77b4", "created_at": CREATED, "updated_at": CHANGED},
    ],
    "criteria_sets": [
        {"id": 1, "project_id": 1, "name": "Basis", "name_key": "basis", "method": "topsis",
         "created_at": CREATED, "updated_at": CHANGED},
    ],
    "criteria": [
        {"id": 1, "set_id": 1, "position": 0, "key": "share_pre1945", "kind": "indicator",
         "direction": "benefit", "weight": 2.0, "label": None},
        {"id": 2, "set_id": 1, "position": 1, "key": "team_capacity", "kind": "qualitative",
         "direction": "cost", "weight": 0.5, "label": "Draagvlak in het team"},
    ],
    "criterion_scores": [
        {"id": 1, "set_id": 1, "key": "team_capacity", "candidate_id": 1, "score": 4, "pro": "Sterk team",
         "con": "Weinig tijd\nin de zomer", "updated_at": CHANGED},
    ],
    "idea_settings": [
        {"project_id": 1, "report_threshold": 7, "updated_at": CHANGED},
    ],
    "idea_categories": [
        {"id": 1, "project_id": 1, "key": "trees", "label": "Bomen", "colour": "#2e7d32", "created_at": CREATED},
    ],
    "ideas": [
        {"id": 1, "project_id": 1, "category": "trees", "title": "Meer bomen", "body": "Op het plein",
         "pseudonym": "Buur", "participant": RESIDENT, "lon": 3.7303, "lat": 51.0703, "x": 104_250.5,
         "y": 193_200.25, "status": "visible", "merged_into": None, "reviewed_reports": 1,
         "created_at": CREATED, "updated_at": CHANGED},
        {"id": 2, "project_id": 1, "category": "mobility", "title": "Bomen op het plein", "body": "",
         "pseudonym": None, "participant": NEIGHBOUR, "lon": 3.7304, "lat": 51.0704, "x": 104_260.0,
         "y": 193_210.0, "status": "merged", "merged_into": 1, "reviewed_reports": 0,
         "created_at": CREATED, "updated_at": CHANGED},
    ],
    "idea_comments": [
        {"id": 1, "idea_id": 1, "participant": NEIGHBOUR, "pseudonym": "Overbuur", "stance": "for",
         "body": "Graag, met bankjes", "status": "visible", "created_at": CHANGED},
    ],
    "idea_votes": [
        {"id": 1, "idea_id": 1, "participant": NEIGHBOUR, "value": 2, "created_at": CREATED,
         "updated_at": CHANGED},
    ],
    "idea_reports": [
        {"id": 1, "idea_id": 1, "participant": NEIGHBOUR, "reason": "dubbel", "created_at": CREATED},
    ],
    "idea_moderation": [
        {"id": 1, "project_id": 1, "action": "merge", "actor": "facilitator", "idea_id": 2, "comment_id": None,
         "target_id": 1, "previous_status": "visible", "note": "zelfde idee", "created_at": CHANGED},
    ],
    "stakeholders": [
        {"id": 1, "project_id": 1, "sort_order": 0, "name": "Buurtcomité Muide", "name_key": "buurtcomité muide",
         "organisation": "vzw Muide", "actor_group": "residents", "level": "micro", "interest": 5,
         "influence": 3, "position": 2, "expertise": "Kent de buurt\nal dertig jaar", "knows_project": True,
         "governance": "working_group", "ladder_diagnosis": "consultation", "ladder_design": "coproduction",
         "ladder_decision": "concertation", "ladder_implementation": "information",
         "ladder_evaluation": "consultation", "contact": "muide@example.org", "latitude": 51.07,
         "longitude": 3.73, "suggested_by_id": None, "created_at": CREATED, "updated_at": CHANGED},
        {"id": 2, "project_id": 1, "sort_order": 1, "name": "Woonzorg", "name_key": "woonzorg",
         "organisation": "", "actor_group": "social", "level": None, "interest": None, "influence": None,
         "position": None, "expertise": "", "knows_project": None, "governance": None,
         "ladder_diagnosis": None, "ladder_design": None, "ladder_decision": None,
         "ladder_implementation": None, "ladder_evaluation": None, "contact": "", "latitude": None,
         "longitude": None, "suggested_by_id": 1, "created_at": CREATED, "updated_at": CREATED},
    ],
    "stakeholder_relations": [
        {"id": 1, "project_id": 1, "a_id": 1, "b_id": 2, "trust": 4, "note": "werken samen", "updated_at": CHANGED},
    ],
    "interview_notes": [
        {"id": 1, "stakeholder_id": 1, "question": "expectations", "answer": "Meer groen,\nminder verkeer",
         "updated_at": CHANGED},
    ],
    "cost_settings": [
        {"project_id": 1, "period_years": 30, "discount_rate": 0.03, "energy_escalation": 0.02,
         "carbon_price": 100.0, "carbon_price_growth": 0.025, "updated_at": CHANGED},
    ],
    "cost_scenarios": [
        {"id": 1, "project_id": 1, "position": 0, "name": SCENARIO.name, "name_key": "diepe renovatie",
         "floor_area_m2": SCENARIO.floor_area_m2, "description": SCENARIO.description,
         "items": SCENARIO.to_dict()["items"], "externalities": SCENARIO.to_dict()["externalities"],
         "created_at": CREATED, "updated_at": CHANGED},
    ],
    "budget_lines": [
        {"id": 1, "project_id": 1, "position": 0, "category": "subsidy", "label": "Gewestelijke subsidie",
         "amount": 250_000.0},
        {"id": 2, "project_id": 1, "position": 1, "category": "studies", "label": "", "amount": 42_000.5},
    ],
}


def _reflected(engine: Engine) -> MetaData:
    reflected = MetaData()
    reflected.reflect(engine)
    return reflected


def _plain(value: Any) -> Any:
    """A value as the test compares it: timestamps naive UTC (SQLite has no zones), bytes as bytes."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _contents(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, read with plain SQL, ordered by primary key."""
    reflected = _reflected(engine)
    found = {}
    with engine.connect() as connection:
        for name in ROWS:
            table = reflected.tables[name]
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).mappings()
            found[name] = [{key: _plain(value) for key, value in row.items()} for row in rows]
    return found


def _schema(engine: Engine) -> dict[str, Any]:
    """Tables, columns, keys, indexes and checks as the database reports them."""
    inspector = inspect(engine)
    schema: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        if table == "alembic_version":
            continue
        schema[table] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"], str(c.get("default"))) for c in
                        inspector.get_columns(table)],
            "primary_key": inspector.get_pk_constraint(table),
            "foreign_keys": sorted((str(fk["name"]), tuple(fk["constrained_columns"]), fk["referred_table"],
                                    tuple(fk["referred_columns"]), str(fk.get("options")))
                                   for fk in inspector.get_foreign_keys(table)),
            "unique": sorted((str(u["name"]), tuple(u["column_names"])) for u in inspector.get_unique_constraints(table)),
            "indexes": sorted((str(i["name"]), tuple(i["column_names"]), bool(i["unique"]))
                              for i in inspector.get_indexes(table)),
            "checks": sorted((str(c["name"]), " ".join(c["sqltext"].split()))
                             for c in inspector.get_check_constraints(table)),
        }
    return schema


def _differences(engine: Engine) -> list:
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), metadata)


@pytest.fixture
def fresh_url(database_url: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A second empty database on the same backend as ``database_url``."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create_schema()
    try:
        yield url
    finally:
        server.drop_schema(url)


@pytest.fixture
def old_database(database_url: str) -> Iterator[Engine]:
    """A database at revision 0005 with the rows of :data:`ROWS` written by plain SQL."""
    command.upgrade(alembic_config(database_url), LAST_REVISION_BEFORE_THE_DOMAIN_TABLES)
    engine = make_engine(database_url)
    assert current_revision(engine) == LAST_REVISION_BEFORE_THE_DOMAIN_TABLES
    reflected = _reflected(engine)
    assert set(reflected.tables) - {"alembic_version"} == set(ROWS), "a table of 0005 has no row in this test"
    with engine.begin() as connection:
        for name, rows in ROWS.items():
            connection.execute(insert(reflected.tables[name]), rows)
    yield engine
    engine.dispose()


# Columns later migrations add to tables of ROWS, with the value an existing row gets.
ADDED_COLUMNS: dict[str, dict[str, Any]] = {
    "idea_settings": {"identification": "session", "device_days": 30, "workshop_code": None},  # 0007
    "ideas": {"client": None}, "idea_comments": {"client": None}, "idea_votes": {"client": None},
    "idea_reports": {"client": None},
    "project_files": {"active": True},  # 0010: every file uploaded before is an active source
}


def test_every_row_survives_the_upgrade_to_head(old_database, database_url):
    before = _contents(old_database)
    expected = {name: [{key: _plain(value) for key, value in row.items()} for row in rows]
                for name, rows in ROWS.items()}
    assert before == expected

    upgrade(old_database)

    assert current_revision(old_database) == head_revision()
    assert _contents(old_database) == {name: [{**row, **ADDED_COLUMNS.get(name, {})} for row in rows]
                                       for name, rows in before.items()}


def test_the_store_functions_read_the_upgraded_rows(old_database, database_url):
    upgrade(old_database)
    store = Store(database_url, migrate=False)
    try:
        [project] = store.read(project_store.list_projects)
        assert (project.id, project.name, project.created_at, project.updated_at) == (
            1, "Muide-Meulestede", CREATED, CHANGED)

        [stored_file] = store.read(sector_store.list_files, 1)
        assert (stored_file.filename, stored_file.options, stored_file.uploaded_at) == (
            "bevolking.csv", {"year": 2024}, CREATED)
        assert store.read(sector_store.file_content, stored_file.id) == CONTENT

        [candidate] = store.read(selection_store.list_candidates, 1)
        assert candidate.geometry.wkb == PERIMETER.wkb
        assert (candidate.name, candidate.origin, candidate.sector_codes, candidate.source_ref, candidate.colour) == (
            "Muide", "sectors", ("44021A00-", "44021A01-"), "W01", "#1f77b4")
        criteria_set = store.read(selection_store.find_criteria_set, 1, "BASIS")
        assert (criteria_set.name, criteria_set.method) == ("Basis", "topsis")
        assert criteria_set.criteria == (
            CriterionSpec("share_pre1945", "indicator", "benefit", 2.0, None),
            CriterionSpec("team_capacity", "qualitative", "cost", 0.5, "Draagvlak in het team"))
        [score] = store.read(selection_store.scores, criteria_set.id)
        assert (score.key, score.candidate_id, score.score, score.pro, score.con, score.updated_at) == (
            "team_capacity", 1, 4, "Sterk team", "Weinig tijd\nin de zomer", CHANGED)

        with store.reading() as session:
            ideas = idea_store.list_ideas(session, 1, statuses=None)
            comments = idea_store.list_comments(session, 1)
            votes = idea_store.my_votes(session, 1, TOKENS[1])
            log = idea_store.moderation_log(session, 1)
            settings = idea_store.get_settings(session, 1)
            categories = idea_store.list_categories(session, 1)
        first, merged = ideas
        assert (first.title, first.text, first.pseudonym, first.status, first.category) == (
            "Meer bomen", "Op het plein", "Buur", "visible", "trees")
        assert (first.support, first.votes, first.comments, first.reports, first.open_reports) == (2, 1, 1, 1, 0)
        assert (merged.status, merged.merged_into, merged.pseudonym) == ("merged", 1, None)
        assert [(c.stance, c.text, c.pseudonym) for c in comments] == [("for", "Graag, met bankjes", "Overbuur")]
        assert votes == {1: 2}
        assert [(e.action, e.idea_id, e.target_id, e.note) for e in log] == [("merge", 2, 1, "zelfde idee")]
        assert settings.report_threshold == 7
        assert [(c.key, c.label, c.colour) for c in categories] == [("trees", "Bomen", "#2e7d32")]

        inventory = store.read(stakeholder_store.inventory_rows, 1)
        assert [row["name"] for row in inventory] == ["Buurtcomité Muide", "Woonzorg"]
        assert inventory[0]["group"] == "residents" and inventory[0]["knows_project"] is True
        assert inventory[0]["ladder_design"] == "coproduction" and inventory[0]["expertise"].endswith("dertig jaar")
        assert inventory[1]["suggested_by"] == "Buurtcomité Muide" and inventory[1]["interest"] is None
        [relation] = store.read(stakeholder_store.list_relations, 1)
        assert (relation.a_id, relation.b_id, relation.trust, relation.note) == (1, 2, 4, "werken samen")
        [note] = store.read(stakeholder_store.interview_notes, 1)
        assert (note.stakeholder_id, note.question, note.answer) == (1, "expectations", "Meer groen,\nminder verkeer")

        parameters = store.read(cost_store.get_parameters, 1)
        assert parameters.to_dict() == {"period_years": 30, "discount_rate": 0.03, "energy_escalation": 0.02,
                                        "carbon_price": 100.0, "carbon_price_growth": 0.025}
        [scenario] = store.read(cost_store.list_scenarios, 1)
        assert scenario.scenario == SCENARIO and scenario.created_at == CREATED
        assert [(line.category, line.label, line.amount) for line in store.read(cost_store.get_budget, 1)] == [
            ("subsidy", "Gewestelijke subsidie", 250_000.0), ("studies", "", 42_000.5)]
    finally:
        store.dispose()


def test_a_fresh_database_reaches_the_schema_of_an_upgraded_one_and_of_the_tables(old_database, fresh_url):
    upgrade(old_database)
    fresh = make_engine(fresh_url)
    try:
        upgrade(fresh)
        assert _schema(fresh) == _schema(old_database)
        assert _differences(fresh) == []
        assert _differences(old_database) == []
    finally:
        fresh.dispose()
