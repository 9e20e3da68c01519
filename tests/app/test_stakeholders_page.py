"""The facilitator's story on the stakeholders page, through AppTest.

She imports an XLSX list (two rows are fine, the others each wrong in their own
way), imports the good rows only, completes the table, records relations with
trust and who suggested whom, keeps interview notes, shows the charts and finds
the exports. Table edits go through the editor's session state (AppTest cannot
click into a data grid); the browser test drives the real grid.
"""

import io

import openpyxl
import pytest
from apptest_ui import button

from wijk_core.access import audit_entries
from wijk_core.i18n import t
from wijk_core.stakeholders import demo_example, interview_questions, records
from wijk_core.stakeholders.model import LADDER_COLUMNS
from wijk_core.store import get_store
from wijk_core.stakeholders import store as stored
from wijk_core.store import projects as project_store

PAGE = "pages/stakeholders.py"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOSTILE = "<img src=x onerror=alert(1)> **vet** [klik](javascript:alert(1))"


def _workbook(rows, relations=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Naam", "Groep", "Niveau", "Belang (1–5)", "Invloed (1–5)", "Positie (−2…+2)",
                  "Voorgesteld door"])
    for row in rows:
        sheet.append(row)
    if relations:
        extra = book.create_sheet("Relaties")
        extra.append(["Actor 1", "Actor 2", "Vertrouwen (1–5)"])
        for row in relations:
            extra.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


STORY_FILE = _workbook([
    ["Schepen van Wonen", "institutioneel", "meso", 4, 5, 2, None],
    [HOSTILE, "bewoners", "micro", 5, 2, -1, "Schepen van Wonen"],
    ["Bakkerij", "economisch", "micro", 9, 1, 0, None],          # interest outside 1–5
    ["Fonds", "Marsmannetjes", "macro", 2, 4, -2, None],         # unknown group
    ["Jeugdhuis", "sociaal", "mega", 3, 1, 1, None],             # unknown level
    [None, "bewoners", "micro", 3, 1, 0, None],                  # no name
    ["schepen van wonen", "institutioneel", "meso", 3, 3, 0, None],  # duplicate
], relations=[["Schepen van Wonen", HOSTILE, 4]])


def _open(run_app, section="inventory", **state):
    at = run_app(stakeholders_section=section, **state)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _again(at, section):
    at.session_state["stakeholders_section"] = section
    at.run()
    assert not at.exception, at.exception
    return at


def _table(at, *columns):
    """The first table (st.dataframe) with these column headings."""
    found = [d.value for d in at.dataframe if d.editing_mode == "read_only" and set(columns) <= set(d.value.columns)]
    assert found, f"no table with {columns}: {[list(d.value.columns) for d in at.dataframe]}"
    return found[0]


def _project(app_db):
    store = get_store(app_db)
    return store, store.read(project_store.list_projects)[0]


def _rows(app_db):
    store, project = _project(app_db)
    with store.reading() as session:
        return {row["name"]: row for row in stored.inventory_rows(session, project.id)}


def _upload(at, name, content, mime=XLSX):
    uploader = next(u for u in at.file_uploader if u.key.startswith("stakeholders_upload_"))
    uploader.set_value((name, content, mime))
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_facilitators_story(run_app, app_db):
    # 1. import: every bad row reported, the good rows only when she agrees
    at = _upload(_open(run_app), "actoren.xlsx", STORY_FILE)
    assert _rows(app_db) == {}  # nothing is stored before she agrees
    assert at.warning[0].value == t("stakeholders.import_summary", "nl", rows=7, good=2, bad=5)
    issues = _table(at, t("stakeholders.col_row", "nl"), t("stakeholders.col_problem", "nl"))
    assert issues[t("stakeholders.col_row", "nl")].tolist() == [4, 5, 6, 7, 8]
    assert issues[t("stakeholders.col_column", "nl")].tolist() == [
        "Belang (1–5)", "Groep", "Niveau", "Naam", "Naam"]
    problems = issues[t("stakeholders.col_problem", "nl")].tolist()
    assert problems[0] == "‘9’ is geen geheel getal van 1 tot 5."
    assert problems[1].startswith("‘Marsmannetjes’ is geen geldige keuze. Kies uit: Bewoners en gebruikers, ")
    assert problems[2] == ("‘mega’ is geen geldige keuze. Kies uit: Micro (wijk), Meso (gemeente), "
                           "Macro (regio en ruimer).")
    assert problems[3] == "Elke actor heeft een naam nodig."
    assert problems[4] == "‘schepen van wonen’ staat al in rij 2: elke naam één keer."
    assert button(at, "stakeholders_import").label == t("stakeholders.import_good_only", "nl", count=2)
    button(at, "stakeholders_import").click()
    at.run()
    rows = _rows(app_db)
    assert list(rows) == ["Schepen van Wonen", HOSTILE]
    assert rows[HOSTILE]["suggested_by"] == "Schepen van Wonen"
    assert at.success[0].value == t("stakeholders.imported", "nl", count=2)

    # 2. she completes the table: a ladder step, a role, a new stakeholder
    store, project = _project(app_db)
    at.session_state[f"stakeholders_editor_{project.id}"] = {
        "edited_rows": {0: {"ladder_design": "concertation", "governance": "steering_committee",
                            "knows_project": True}},
        "added_rows": [{"name": "Energiehuis", "group": "expert", "level": "meso", "interest": 4, "influence": 3,
                        "position": 2, "suggested_by": "Schepen van Wonen"}],
        "deleted_rows": []}
    at.run()
    button(at, "stakeholders_save_table").click()
    at.run()
    assert not at.exception, at.exception
    rows = _rows(app_db)
    assert at.success[0].value == t("stakeholders.table_saved", "nl", count=3)
    assert (rows["Schepen van Wonen"]["ladder_design"], rows["Schepen van Wonen"]["governance"]) == (
        "concertation", "steering_committee")
    assert rows["Energiehuis"]["suggested_by"] == "Schepen van Wonen" and rows["Energiehuis"]["interest"] == 4
    assert rows["Schepen van Wonen"]["knows_project"] is True
    assert rows[HOSTILE]["knows_project"] is None and rows[HOSTILE]["position"] == -1  # untouched stays unknown

    # 3. relations with trust (one came with the file)
    at = _again(at, "relations")
    at.session_state[f"stakeholders_relations_{project.id}"] = {
        "edited_rows": {}, "deleted_rows": [],
        "added_rows": [{"source": "Energiehuis", "target": "Schepen van Wonen", "trust": 5, "note": "klimaatplan"}]}
    at.run()
    button(at, "stakeholders_save_relations").click()
    at.run()
    assert not at.exception, at.exception
    with store.reading() as session:
        relations = {frozenset((r["source"], r["target"])): r["trust"]
                     for r in stored.relation_rows(session, project.id)}
    assert relations == {frozenset(("Schepen van Wonen", HOSTILE)): 4,
                         frozenset(("Energiehuis", "Schepen van Wonen")): 5}
    snowball = _table(at, t("stakeholders.col_suggested_by", "nl"))
    assert snowball[t("stakeholders.col_name", "nl")].tolist() == [HOSTILE, "Energiehuis"]

    # 4. interview notes against the seed's questions, and a suggestion that grows the list
    at = _again(at, "interviews")
    person = rows["Schepen van Wonen"]["id"]
    at.session_state["stakeholders_interviewee"] = person
    at.run()
    questions = interview_questions()
    assert [a.label for a in at.text_area] == [q.text("nl") for q in questions]
    at.text_area(key=f"stakeholders_note_{person}_expectations").input("Minder uitstoot tegen 2030")
    at.text_area(key=f"stakeholders_note_{person}_next_person").input("Het jeugdhuis")
    next(b for b in at.button if b.label == t("stakeholders.save_notes", "nl")).click()
    at.run()
    with store.reading() as session:
        notes = {n.question: n.answer for n in stored.interview_notes(session, project.id)}
    assert notes == {"expectations": "Minder uitstoot tegen 2030", "next_person": "Het jeugdhuis"}
    at.text_input(key=f"stakeholders_snowball_name_{person}").input("Jeugdhuis Kapelhoek")
    at.selectbox(key=f"stakeholders_snowball_group_{person}").set_value("social")
    next(b for b in at.button if b.label == t("stakeholders.snowball_add", "nl")).click()
    at.run()
    assert not at.exception, at.exception
    assert _rows(app_db)["Jeugdhuis Kapelhoek"]["suggested_by"] == "Schepen van Wonen"

    # 5. the charts for the group
    at = _again(at, "charts")
    assert len(at.get("plotly_chart")) == 5
    quadrants = _table(at, t("stakeholders.col_quadrant", "nl"))
    members = dict(zip(quadrants[t("stakeholders.col_quadrant", "nl")], quadrants[t("stakeholders.col_members", "nl")]))
    assert members[t("stakeholders.quadrant_manage_closely", "nl")] == "Schepen van Wonen, Energiehuis"
    assert members[t("stakeholders.quadrant_keep_informed", "nl")] == HOSTILE
    network = _table(at, t("stakeholders.col_role_in_network", "nl"))
    roles = dict(zip(network[t("stakeholders.col_name", "nl")], network[t("stakeholders.col_role_in_network", "nl")]))
    assert roles["Schepen van Wonen"] == t("stakeholders.node_connector", "nl")

    # 6. the exports
    at = _again(at, "export")
    labels = [b.label for b in at.get("download_button")]
    assert labels == [t(f"stakeholders.{k}", "nl") for k in ("export_xlsx", "export_csv", "export_template",
                                                               "export_handout")]


def test_hostile_names_are_shown_as_text(run_app, app_db):
    at = _upload(_open(run_app), "actoren.xlsx", STORY_FILE)
    button(at, "stakeholders_import").click()
    at.run()
    store, project = _project(app_db)
    hostile_id = _rows(app_db)[HOSTILE]["id"]
    shown, cells = [], []
    sections = (("inventory", {}), ("relations", {}), ("interviews", {"stakeholders_interviewee": hostile_id}),
                ("charts", {}), ("export", {}))
    for section, state in sections:
        at = _open(run_app, section, **state)
        shown += [e.value for e in (*at.markdown, *at.caption, *at.success, *at.info, *at.subheader)]
        cells += [str(v) for frame in at.dataframe for v in frame.value.astype(str).to_numpy().ravel()]
    # tables (data grids) show the text exactly as typed: plain cells, never markup
    assert HOSTILE in cells and not any("&lt;" in c or "\\<img" in c for c in cells)
    with_name = [text for text in shown if "onerror" in text]
    assert with_name, "the hostile name is not shown at all"
    for text in with_name:
        assert "\\<img" in text and "\\*\\*vet\\*\\*" in text and "\\[klik\\]\\(javascript\\:" in text, text


def test_a_bad_edit_is_refused_and_nothing_is_saved(run_app, app_db):
    at = _open(run_app, "inventory", lang="fr")
    button(at, "stakeholders_load_example").click()
    at.run()
    store, project = _project(app_db)
    before = _rows(app_db)
    at.session_state[f"stakeholders_editor_{project.id}"] = {
        "edited_rows": {1: {"influence": 8}}, "deleted_rows": [16],
        "added_rows": [{"name": "OCMW Demoveld", "group": "social"}]}
    at.run()
    button(at, "stakeholders_save_table").click()
    at.run()
    assert not at.exception, at.exception
    assert at.error[0].value == t("stakeholders.table_has_errors", "fr", count=2)
    issues = _table(at, t("stakeholders.col_row", "fr"), t("stakeholders.col_problem", "fr"))
    assert issues[t("stakeholders.col_row", "fr")].tolist() == [2, 17]  # rows as the table numbers them
    assert issues[t("stakeholders.col_column", "fr")].tolist() == ["Influence (1–5)", "Nom"]
    assert issues[t("stakeholders.col_problem", "fr")].tolist() == [
        "« 8 » n’est pas un nombre entier de 1 à 5.",
        "« OCMW Demoveld » figure déjà à la ligne 3 : chaque nom une seule fois."]
    assert _rows(app_db) == before


def test_start_from_the_example_or_the_template(run_app, app_db):
    at = _open(run_app, "inventory", lang="en")
    button(at, "stakeholders_load_example").click()
    at.run()
    assert at.success[0].value == t("stakeholders.example_loaded", "en", count=17)
    store, project = _project(app_db)
    with store.reading() as session:
        assert len(stored.relation_rows(session, project.id)) == 18
        assert len(stored.interview_notes(session, project.id)) == len(demo_example().notes)
    assert button(at, "stakeholders_load_example").disabled  # only into an empty inventory
    button(at, "stakeholders_use_template").click()
    at.run()
    rows = _rows(app_db)
    assert len(rows) == 17 + 16 and "Local associations" in rows
    button(at, "stakeholders_use_template").click()  # again: nothing twice
    at.run()
    assert len(_rows(app_db)) == 33
    assert at.success[0].value == t("stakeholders.template_added", "en", count=0)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("lijst.csv", "Naam;Groep\nCafé;bewoners\n".encode("cp1252"),
     t("errors.stakeholders_file_encoding", "nl", filename="lijst\\.csv")),
    ("lijst.xlsx", b"PK\x03\x04 broken", t("errors.stakeholders_file_unreadable", "nl", filename="lijst\\.xlsx",
                                           detail="BadZipFile")),
])
def test_unreadable_files_are_refused_in_the_users_language(run_app, app_db, name, content, message):
    at = _upload(_open(run_app), name, content, "text/csv")
    assert [e.value for e in at.error] == [message]
    assert _rows(app_db) == {}


@pytest.mark.parametrize("section", ["inventory", "relations", "interviews", "charts", "export"])
@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_section_runs_empty_and_filled(run_app, app_db, section, lang):
    at = _open(run_app, section, lang=lang)
    assert at.title[0].value == t("stakeholders.title", lang)
    store = get_store(app_db)
    project = store.read(project_store.list_projects)[0]
    example = demo_example()
    from wijk_core.stakeholders import records

    with store.writing() as session:
        stored.import_inventory(session, project.id, records(example.inventory))
    at = _open(run_app, section, lang=lang)
    assert not at.exception, at.exception


def test_every_message_key_of_the_page_exists():
    """The shared i18n test scans wijk_app/*.py only; this one scans the page's own modules."""
    import re
    from pathlib import Path

    from wijk_core.i18n import LANGUAGES, catalogue

    repo = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"""\btrm?\(\s*["']([a-z_]+\.[a-z_.]+)["']""")
    used = set()
    for path in [repo / "pages" / "stakeholders.py", *(repo / "wijk_app" / "stakeholders").glob("*.py")]:
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 40, "the scan is broken"
    for lang in LANGUAGES:
        assert used - set(catalogue(lang)) == set(), lang


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_an_empty_ladder_says_why_instead_of_an_empty_chart(run_app, app_db, lang):
    _open(run_app, "charts", lang=lang)  # the first visit makes the project
    store, project = _project(app_db)
    inventory = demo_example().inventory.copy()
    assert inventory[list(LADDER_COLUMNS)].notna().any().any()  # the example has ladder steps
    without_steps = inventory.assign(**{column: None for column in LADDER_COLUMNS})
    with store.writing() as session:
        stored.import_inventory(session, project.id, records(without_steps))
    at = _open(run_app, "charts", lang=lang)
    charts = [chart.proto.id for chart in at.get("plotly_chart")]
    assert not any("stakeholders_chart_ladder" in chart for chart in charts), charts
    assert t("stakeholders.ladder_empty", lang) in [i.value for i in at.info]
    assert any("stakeholders_chart_grid" in chart for chart in charts)  # the other charts are still drawn


# --- Erasing a stakeholder on request ------------------------------------------------------------------------


def _erase_setup(app_db):
    db = get_store(app_db)
    project = db.write(project_store.create_project, "Muide")
    with db.writing() as session:
        people = stored.save_inventory(session, project.id, [
            {"name": "Jan Peeters", "group": "residents"},
            {"name": "OCMW", "group": "institutional", "expertise": "Kent Jan Peeters"}])
        stored.save_relations(session, project.id, [{"source": "Jan Peeters", "target": "OCMW", "trust": 4}])
    return db, project, people[0].id


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_a_stakeholder_is_erased_only_after_confirming(run_app, app_db, lang):
    db, project, jan = _erase_setup(app_db)
    at = _open(run_app, role="facilitator", project_id=project.id, lang=lang)
    at.selectbox(key="stakeholders_erase_choice").set_value(jan).run()
    at.button(key="stakeholders_erase").click().run()
    assert [w.value for w in at.warning if w.value == t("access.erase_confirm", lang, name="Jan Peeters")]
    at.button(key="stakeholders_erase_cancel").click().run()
    assert not at.exception, at.exception
    assert [s["name"] for s in db.read(stored.inventory_rows, project.id)] == ["Jan Peeters", "OCMW"]

    at.button(key="stakeholders_erase").click().run()
    at.button(key="stakeholders_erase_yes").click().run()
    assert not at.exception, at.exception
    [ocmw] = db.read(stored.inventory_rows, project.id)
    assert (ocmw["name"], ocmw["expertise"]) == ("OCMW", "Kent […]")
    assert db.read(stored.relation_rows, project.id) == []
    assert any(t("access.erased", lang, name="Jan Peeters") in s.value for s in at.success)
    assert "Jan Peeters" not in at.selectbox(key="stakeholders_erase_choice").options
    [entry] = [e for e in db.read(audit_entries) if e.target.startswith("erase")]
    assert (entry.actor, entry.target) == ("facilitator@example.org", f"erase stakeholder: stakeholder {jan}")
