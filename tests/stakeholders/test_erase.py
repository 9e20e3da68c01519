"""Erasing a stakeholder on request: their name is in no table and no export afterwards, and the log says so.

SQLite and PostgreSQL (the ``store`` fixture). The name is looked for in every
column of every table (``Base.metadata``), and in the exports as the app builds
them from the store: XLSX (every cell of every sheet), CSV and the HTML handout.
Each export is checked to hold the name *before* the erasure, so the check can fail.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import select

from wijk_core.access import Actor, audit_entries
from wijk_core.access import store as access_store
from wijk_core.schema import metadata
from wijk_core.stakeholders import charts_handout, interview_questions, inventory_csv, inventory_frame, inventory_xlsx
from wijk_core.stakeholders import store as stored
from wijk_core.stakeholders.checks import ERASED
from wijk_core.stakeholders.summary import notes_table, relations_frame
from wijk_core.store import StoreError
from wijk_core.store.projects import create_project

NAME = "Jan Peeters"
QUESTION, OTHER_QUESTION = (question.key for question in interview_questions()[:2])


def _seed(store, project_id: int) -> dict[str, int]:
    """Jan Peeters, named also in others' text; he is the first end of one relation and the second of another."""
    with store.writing() as session:
        people = stored.save_inventory(session, project_id, [
            {"name": "Aaron Bakkerij", "group": "economic", "expertise": f"Levert aan {NAME}."},
            {"name": NAME, "group": "residents", "organisation": "Buurtcomité Muide", "contact": "jan@example.org",
             "expertise": "Kent de wijk", "interest": 4, "influence": 2},
            {"name": "OCMW", "group": "institutional", "suggested_by": NAME,
             "contact": f"via {NAME.lower()}, 09 123 45 67"},
        ])
        ids = {person.name: person.id for person in people}
        stored.save_relations(session, project_id, [
            {"source": "Aaron Bakkerij", "target": NAME, "trust": 4, "note": f"{NAME} koopt er brood"},
            {"source": NAME, "target": "OCMW", "trust": 2, "note": "Moeizaam"},
            {"source": "Aaron Bakkerij", "target": "OCMW", "trust": 3, "note": f"Vergaderen bij  {NAME.upper()}"},
        ])
        stored.save_notes(session, ids[NAME], {QUESTION: "Ik woon hier al dertig jaar.", OTHER_QUESTION: "Parkeren"})
        stored.save_notes(session, ids["OCMW"], {QUESTION: f"Zie ook het gesprek met {NAME}."})
    return ids


def _exports(store, project_id: int, lang: str = "nl") -> dict[str, str]:
    """The three exports, as the stakeholder page builds them from the store, as text."""
    with store.reading() as session:
        inventory = inventory_frame(stored.inventory_rows(session, project_id))
        relations = relations_frame(stored.relation_rows(session, project_id))
        notes = notes_table(inventory, stored.interview_notes(session, project_id), lang)
    book = openpyxl.load_workbook(io.BytesIO(inventory_xlsx(inventory, lang, relations=relations, notes=notes)))
    cells = [str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if cell.value is not None]
    return {"xlsx": "\n".join(cells), "csv": inventory_csv(inventory, lang).decode("utf-8-sig"),
            "handout": charts_handout(inventory, lang, title="Muide", relations=relations)}


def _every_value(store) -> str:
    with store.reading() as session:
        return "\n".join(repr(tuple(row)) for table in metadata.sorted_tables for row in session.execute(select(table)))


def _facilitator(store, project_id: int) -> Actor:
    account = store.write(access_store.add_account, "fien", password="correct horse battery", role="facilitator",
                          project_id=project_id)
    return Actor.for_account(account)


def test_an_erased_stakeholder_is_in_no_table_and_no_export(store, project):
    ids = _seed(store, project.id)
    before = _exports(store, project.id)
    for name, text in before.items():
        assert NAME in text, f"the {name} export should hold the name before the erasure"
    assert NAME.lower() in _every_value(store).lower()
    facilitator = _facilitator(store, project.id)

    store.acting_as(facilitator).write(stored.erase_stakeholder, ids[NAME])

    for name, text in _exports(store, project.id).items():
        assert NAME.lower() not in text.lower(), f"the {name} export still names the erased stakeholder"
    assert NAME.lower() not in _every_value(store).lower()
    assert "jan@example.org" not in _every_value(store)
    with store.reading() as session:
        rows = {row["name"]: row for row in stored.inventory_rows(session, project.id)}
        relations = stored.relation_rows(session, project.id)
        notes = stored.interview_notes(session, project.id)
    assert set(rows) == {"Aaron Bakkerij", "OCMW"}
    assert rows["OCMW"]["suggested_by"] is None
    assert rows["Aaron Bakkerij"]["expertise"] == f"Levert aan {ERASED}."
    assert rows["OCMW"]["contact"] == f"via {ERASED}, 09 123 45 67"
    assert relations == [{"source": "Aaron Bakkerij", "target": "OCMW", "trust": 3,
                          "note": f"Vergaderen bij  {ERASED}"}]
    assert [(note.stakeholder_id, note.answer) for note in notes] == [(ids["OCMW"], f"Zie ook het gesprek met {ERASED}.")]

    [entry] = store.read(audit_entries)
    assert (entry.account_id, entry.actor, entry.action, entry.project_id) == (
        facilitator.account_id, "fien", "stakeholders.write", project.id)
    assert entry.target == f"erase stakeholder: stakeholder {ids[NAME]}"


def test_erasing_touches_no_other_project_nor_a_namesake_there(store, project):
    ids = _seed(store, project.id)
    other = store.write(create_project, "Brugse Poort")
    other_ids = _seed(store, other.id)
    untouched = _exports(store, other.id)
    store.write(stored.erase_stakeholder, ids[NAME])
    after = _exports(store, other.id)
    assert (after["xlsx"], after["csv"]) == (untouched["xlsx"], untouched["csv"])  # the handout carries its time
    assert NAME in untouched["csv"]
    with store.reading() as session:
        assert stored.get_stakeholder(session, other_ids[NAME]).name == NAME
        assert len(stored.relation_rows(session, other.id)) == 3


def test_an_erasure_by_the_command_line_is_logged_too_by_id_only(store, project):
    ids = _seed(store, project.id)
    store.write(stored.erase_stakeholder, ids[NAME])
    [entry] = store.read(audit_entries)
    assert (entry.account_id, entry.actor, entry.action, entry.project_id, entry.target) == (
        None, "system", "stakeholders.write", project.id, f"erase stakeholder: stakeholder {ids[NAME]}")


def test_an_unknown_stakeholder_is_refused_and_nothing_is_logged(store, project):
    _seed(store, project.id)
    with pytest.raises(StoreError) as refused:
        store.write(stored.erase_stakeholder, 9999)
    assert refused.value.code == "errors.stakeholders_not_found"
    assert store.read(audit_entries) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Jan Peeters", ERASED),
    ("jan   PEETERS zei het", f"{ERASED} zei het"),
    ("Jan Peetersen en Jan-Peeters", "Jan Peetersen en Jan-Peeters"),
    ("Gesprek met Jan Peeters, Jan Peeters.", f"Gesprek met {ERASED}, {ERASED}."),
    ("", ""),
])
def test_a_name_is_replaced_as_a_whole_word_only(text, expected):
    from wijk_core.stakeholders.checks import without_name

    assert without_name(text, NAME) == expected
