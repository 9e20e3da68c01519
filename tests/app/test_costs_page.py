"""The officer's total-cost and budget story, run through AppTest.

Tables are edited through ``st.data_editor`` by giving the editor its edit state
(``edited_rows``, ``added_rows``, ``deleted_rows``) before the form is submitted,
which is what the browser sends; the browser test edits the same tables by hand.
Charts are checked for their numbers, read back from the figure sent to the browser.
"""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from wijk_core.costs.budget import BudgetLine, summarise_budget
from wijk_core.costs import CostItem, Parameters, Scenario, compare, load_preset, study_to_dict
from wijk_core.i18n import catalogue, format_money, t
from wijk_core.store import get_store
from wijk_core.costs.store import get_budget, get_parameters, list_scenarios, save_budget, save_scenario

from wijk_app.state import md
from wijk_core.store import projects as project_store

PAGE = "pages/costs.py"
REPO = Path(__file__).resolve().parents[2]
HOSTILE = '<img src=x onerror=alert(1)> [klik](javascript:alert(1)) $x$ **vet**'


def _open(run_app, section="scenarios", **state):
    at = run_app(costs_section=section, **state)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _store_and_project(app_db):
    """The store and the project the page opens first (the demo project, made if missing)."""
    store = get_store(app_db)
    return store, store.write(project_store.ensure_project, t("project.demo_name", "nl"))


def _scenarios(app_db):
    store, project = _store_and_project(app_db)
    with store.reading() as session:
        return {s.name: s for s in list_scenarios(session, project.id)}


def _button(at, key_or_label):
    found = [b for b in at.button if b.key == key_or_label or b.label == key_or_label]
    assert found, f"no button {key_or_label!r}: {[b.label for b in at.button]}"
    return found[0]


def _picker(at):
    """The scenario picker (its key changes when the page opens another scenario for the user)."""
    (found,) = [box for box in at.selectbox if box.label == t("costs.scenario.choose", "nl")]
    return found


def _editor_key(at, prefix):
    keys = [editor.key for editor in at.data_editor if editor.key and editor.key.startswith(prefix)]
    assert len(keys) == 1, [editor.key for editor in at.data_editor]
    return keys[0]


def _edit(at, prefix, edited=None, added=None, deleted=None):
    at.session_state[_editor_key(at, prefix)] = {"edited_rows": edited or {}, "added_rows": added or [],
                                                 "deleted_rows": deleted or []}


def _values(array):
    """A plotly array as sent to the browser: a list, or base64 typed data."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


def _figure(at, key):
    found = [chart for chart in at.get("plotly_chart") if key in chart.proto.id]
    assert len(found) == 1, [chart.proto.id for chart in at.get("plotly_chart")]
    return json.loads(found[0].proto.spec)


def _texts(at):
    return [e.value for e in (*at.markdown, *at.caption, *at.info, *at.success, *at.warning, *at.error)]


def _load_neighbourhood_preset(run_app):
    at = _open(run_app)
    assert at.selectbox(key="costs_preset").value == "neighbourhood_scenarios"
    _button(at, "costs_preset_load").click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_officers_story(run_app, app_db, monkeypatch):
    # 1. three scenarios from the example, over 30 years at 2 % real
    at = _load_neighbourhood_preset(run_app)
    assert t("costs.preset.loaded", "nl", count=3) in [s.value for s in at.success]
    scenarios = _scenarios(app_db)
    assert list(scenarios) == ["Minimale herstelling", "Diepe renovatie", "Diepe renovatie + warmtenet"]
    store, project = _store_and_project(app_db)
    with store.reading() as session:
        assert get_parameters(session, project.id) == Parameters(30, 0.02, 0.01, 120)

    # 2. she adds solar panels to the deep renovation and corrects the envelope amount
    _picker(at).set_value(scenarios["Diepe renovatie"].id).run()
    items = at.data_editor[0].value
    assert items["name"].tolist()[1] == "Gebouwschil: isolatie, ramen en daken"
    _edit(at, "costs_items_", edited={1: {"amount": 4_000_000.0}},
          added=[{"name": "Zonnepanelen", "category": "investment", "amount": 240_000.0, "lifetime": 25}])
    _button(at, t("costs.scenario.save", "nl")).click()
    at.run()
    assert not at.exception, at.exception
    assert t("costs.scenario.saved", "nl", name="Diepe renovatie") in [s.value for s in at.success]
    deep = _scenarios(app_db)["Diepe renovatie"].scenario
    assert deep.items[1].amount == 4_000_000
    assert deep.items[-1] == CostItem("Zonnepanelen", "investment", 240_000, lifetime=25)

    # 3. a negative lifetime is refused in Dutch and nothing changes
    _edit(at, "costs_items_", edited={2: {"lifetime": -20}})
    _button(at, t("costs.scenario.save", "nl")).click()
    at.run()
    # parameters are user text, made literal for markdown (st.error renders "\\-20" as "-20")
    assert [e.value for e in at.error] == [t("errors.costs_lifetime_negative", "nl", item="Warmtepompen",
                                             value=md("-20"))]
    assert _scenarios(app_db)["Diepe renovatie"].scenario == deep

    # 4. results: NPV per category as stacked bars, annualised cost, share of initial cost
    at = _open(run_app, "results")
    stored = [s.scenario for s in _scenarios(app_db).values()]
    comparison = compare(stored, Parameters(30, 0.02, 0.01, 120))
    summary = at.dataframe[0].value
    assert summary[t("costs.col.scenario", "nl")].tolist() == comparison.names
    assert summary[t("costs.col.total", "nl")].tolist() == [format_money(r.total, "nl", 0)
                                                           for r in comparison.results]
    assert summary[t("costs.col.per_m2_year", "nl")].tolist() == [format_money(r.per_m2_year, "nl", 2)
                                                                 for r in comparison.results]
    assert summary[t("costs.col.initial_share", "nl")].tolist()[0] == "11,0%"
    npv = _figure(at, "costs_chart_npv")
    bars = [trace for trace in npv["data"] if trace["type"] == "bar"]
    stacked = np.sum([_values(bar["y"]) for bar in bars], axis=0)
    assert stacked.tolist() == pytest.approx([r.total for r in comparison.results])
    residual = next(bar for bar in bars if bar["name"] == t("costs.category.residual_value", "nl"))
    assert all(value < 0 for value in _values(residual["y"]))

    # 5. cumulative curves with the year the deep renovation breaks even
    years = comparison.break_even()
    cumulative = _figure(at, "costs_chart_cumulative")
    lines = [trace for trace in cumulative["data"] if trace["type"] == "scatter"]
    assert [line["name"] for line in lines] == ["Minimale herstelling", "Diepe renovatie",
                                                "Diepe renovatie + warmtenet"]
    assert [_values(line["y"])[-1] for line in lines] == pytest.approx([r.total for r in comparison.results])
    assert sorted(shape["x0"] for shape in cumulative["layout"]["shapes"]) == sorted(years.values())
    sentence = t("costs.results.break_even", "nl", name="Diepe renovatie", baseline="Minimale herstelling",
                 year=years["Diepe renovatie"])
    assert sentence in _texts(at)
    assert 0 < years["Diepe renovatie"] < 30

    # 6. tornado of the deep renovation against minimal repair
    tornado = _figure(at, "costs_chart_tornado")
    low, high = [trace for trace in tornado["data"] if trace["type"] == "bar"]
    assert sorted(low["y"]) == sorted(t(f"costs.factor.{key}", "nl") for key in
                                      ("discount_rate", "energy_escalation", "energy_price", "lifetimes"))
    base = _values(low["base"])[0]
    assert base == pytest.approx(comparison.result("Diepe renovatie").total
                                 - comparison.result("Minimale herstelling").total)

    # 7. externalities, shown apart: the extended total cost
    at.toggle(key="costs_extended").set_value(True).run()
    assert not at.exception, at.exception
    extended = at.dataframe[1].value
    assert extended[t("costs.col.extended_total", "nl")].tolist() == [
        format_money(r.extended_total, "nl", 0) for r in comparison.results]
    assert extended[t("costs.results.direct_total", "nl")].tolist() == [
        format_money(r.total, "nl", 0) for r in comparison.results]
    chart = _figure(at, "costs_chart_extended")
    stacked = np.sum([_values(bar["y"]) for bar in chart["data"] if bar["type"] == "bar"], axis=0)
    assert stacked.tolist() == pytest.approx([r.extended_total for r in comparison.results])

    # 8. the project budget and its funding gap
    at = _open(run_app, "budget")
    assert at.data_editor[0].value["category"].tolist()[:3] == ["subsidy", "municipal", "partners"]
    _edit(at, "costs_budget_lines_", edited={
        0: {"label": "Renovatiebegeleiding", "amount": 60_000.0}, 1: {"amount": 40_000.0},
        2: {"amount": 10_000.0}, 4: {"label": "Projectleider", "amount": 95_000.0}, 5: {"amount": 30_000.0},
        6: {"amount": 12_000.0}, 7: {"amount": 8_000.0}})
    _button(at, t("costs.budget.save", "nl")).click()
    at.run()
    assert not at.exception, at.exception
    with store.reading() as session:
        lines = get_budget(session, project.id)
    budget = summarise_budget(lines)
    assert (budget.total_income, budget.total_expenses, budget.funding_gap) == (110_000, 145_000, 35_000)
    assert [m.value for m in at.metric] == ["€\xa0110.000", "€\xa0145.000", "€\xa035.000"]
    waterfall = _figure(at, "costs_chart_waterfall")["data"][0]
    assert _values(waterfall["y"]) == [60_000, 40_000, 10_000, -95_000, -30_000, -12_000, -8_000, -35_000]
    assert waterfall["x"][-1] == t("costs.budget.gap", "nl")

    # 9. everything in one XLSX file
    captured = {}
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self, path_or_data, mimetype, kind, filename=None):
        captured[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    at = _open(run_app, "export")
    name = next(name for name in captured if name and name.endswith(".xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(captured[name]))
    assert book.sheetnames == [t(f"costs.sheet.{key}", "nl") for key in
                               ("about", "summary", "npv", "cumulative", "cash_flows", "items", "externalities",
                                "sensitivity", "budget")]
    sheet = book[t("costs.sheet.summary", "nl")]
    header = [cell.value for cell in sheet[1]]
    column = header.index(t("costs.col.total", "nl"))
    totals = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert totals == pytest.approx([r.total for r in comparison.results])
    study = json.loads(captured[next(name for name in captured if name and name.endswith(".json"))])
    assert [s["name"] for s in study["scenarios"]] == comparison.names

    # 10. a new session on the same database finds it all again
    at = _open(run_app, "results")
    assert sentence in _texts(at)


def test_parameters_are_checked_and_saved(run_app, app_db):
    at = _open(run_app)
    rate = next(box for box in at.number_input if box.key.startswith("costs_p_discount_rate"))
    assert rate.value == 2.0
    rate.set_value(-100.0)
    _button(at, t("costs.params.save", "nl")).click()
    at.run()
    assert [e.value for e in at.error] == [t("errors.costs_discount_rate_invalid", "nl", value=md("-100"))]
    store, project = _store_and_project(app_db)
    with store.reading() as session:
        assert get_parameters(session, project.id) is None
    rate = next(box for box in at.number_input if box.key.startswith("costs_p_discount_rate"))
    rate.set_value(3.5)
    next(box for box in at.number_input if box.key.startswith("costs_p_period")).set_value(40)
    _button(at, t("costs.params.save", "nl")).click()
    at.run()
    with store.reading() as session:
        assert get_parameters(session, project.id) == Parameters(40, 0.035)
    assert t("costs.params.saved", "nl") in [s.value for s in at.success]


def test_an_empty_scenario_gets_a_clear_message(run_app, app_db):
    at = _open(run_app)
    assert _picker(at).value == -1  # nothing yet: the new-scenario form
    at.text_input(key="costs_new_name").input("Nog leeg")
    _button(at, t("costs.scenario.create", "nl")).click()
    at.run()
    assert not at.exception, at.exception
    created = _scenarios(app_db)["Nog leeg"]
    assert _picker(at).value == created.id
    assert t("costs.scenario.empty_hint", "nl") in [i.value for i in at.info]
    at = _open(run_app, "results")
    assert [e.value for e in at.error] == [t("errors.costs_scenario_empty", "nl", scenario="Nog leeg")]


def test_text_in_number_fields_of_an_uploaded_table(run_app, app_db):
    store, project = _store_and_project(app_db)
    with store.writing() as session:
        save_scenario(session, project.id, Scenario("Gevel", 500, [CostItem("Steiger", "investment", 5_000)]))
    at = _open(run_app)
    table = "Naam;Categorie;Bedrag (€);Levensduur (jaar)\nGevelisolatie;Investering;veel;40\n".encode()
    at.file_uploader(key="costs_upload").set_value(("posten.csv", table, "text/csv"))
    at.run()
    assert [e.value for e in at.error] == [
        "‘veel’ is geen getal (bedrag van ‘Gevelisolatie’). Typ een getal, bv. 12500 of 12.500,50."]
    assert t("costs.field.amount", "nl") == "bedrag"
    assert len(_scenarios(app_db)["Gevel"].scenario.items) == 1
    # the same table with a number is added to the chosen scenario
    at = _open(run_app)
    table = "Naam;Categorie;Bedrag (€);Levensduur (jaar)\nGevelisolatie;Investering;120.000,50;40\n".encode()
    at.file_uploader(key="costs_upload").set_value(("posten.csv", table, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    items = _scenarios(app_db)["Gevel"].scenario.items
    assert items[-1] == CostItem("Gevelisolatie", "investment", 120_000.5, lifetime=40)


def test_scenario_files_in_and_bad_files_refused(run_app, app_db):
    at = _open(run_app, lang="fr")
    at.file_uploader(key="costs_upload").set_value(("etude.json", b"{pas du json", "application/json"))
    at.run()
    assert [e.value for e in at.error] == [t("errors.costs_file_invalid", "fr", detail=md("JSON, line 1"))]
    preset = load_preset("she_comparison")
    study = json.dumps(study_to_dict(preset.parameters, preset.scenarios)).encode()
    at = _open(run_app, lang="fr")
    at.file_uploader(key="costs_upload").set_value(("etude.json", study, "application/json"))
    at.run()
    assert t("costs.preset.upload_loaded", "fr", count=2) in [s.value for s in at.success]
    assert list(_scenarios(app_db)) == ["SHE-projecten (gemiddelde)", "Referentieprojecten"]
    # the seed's SHE figures on the page, in French notation
    at = _open(run_app, "results", lang="fr")
    summary = at.dataframe[0].value
    assert summary[t("costs.col.capital_per_m2_year", "fr")].tolist() == ["91,61\xa0€", "82,31\xa0€"]
    assert summary[t("costs.col.running_per_m2_year", "fr")].tolist() == ["19,20\xa0€", "29,20\xa0€"]
    assert at.header[0].value == t("costs.results.title", "fr", period=40, rate="4,00 %")


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_section_in_every_language(run_app, app_db, lang):
    _load_neighbourhood_preset(run_app)
    for section in ("scenarios", "results", "budget", "export"):
        at = _open(run_app, section, lang=lang)
        assert not at.exception, at.exception
        assert at.title[0].value == t("costs.title", lang)
    assert any(t("costs.method_title", lang) == e.label for e in at.expander)


def test_hostile_names_are_shown_literally(run_app, app_db):
    store, project = _store_and_project(app_db)
    with store.writing() as session:
        save_scenario(session, project.id, Scenario("Basis", 100, [CostItem("Gas", "energy", 5_000)]))
        save_scenario(session, project.id, Scenario(HOSTILE, 100, [CostItem(HOSTILE, "investment", 20_000),
                                                                   CostItem("Stroom", "energy", 1_000)]))
        save_budget(session, project.id, [BudgetLine("staff", HOSTILE, 10)])
    shown = []
    for section in ("scenarios", "results", "budget"):
        at = _open(run_app, section)
        shown += _texts(at) + [b.label for b in at.button]
    with_name = [text for text in shown if "onerror" in text]
    assert with_name, "the hostile name is not shown at all"
    for text in with_name:
        assert "\\<img" in text and "\\[klik\\]\\(javascript\\:" in text and "\\$x\\$" in text, text
    at = _open(run_app, "results")
    cumulative = _figure(at, "costs_chart_cumulative")
    assert cumulative["data"][1]["name"].startswith("&lt;img src=x")


def test_every_message_key_of_the_page_exists():
    pattern = re.compile(r"""\btrm?\(\s*["']([a-z_]+\.[a-z_.]+)["']""")
    used = set()
    for path in [REPO / "pages" / "costs.py", *(REPO / "wijk_app" / "costs").glob("*.py")]:
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 40, "the scan is broken"
    for lang in ("nl", "fr", "en"):
        assert sorted(used - set(catalogue(lang))) == []


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_she_break_even_sentence_is_true_for_both_baselines(run_app, app_db, lang):
    """The chart shows the reference projects cheaper for years 0-38: the page must not say
    they "still cost more after 40 years"."""
    at = _open(run_app, lang=lang)
    at.selectbox(key="costs_preset").set_value("she_comparison").run()
    description = load_preset("she_comparison").description(lang)
    assert description in _texts(at) and "derivation’" not in description and "derivation »" not in description
    _button(at, "costs_preset_load").click()
    at.run()
    preset = load_preset("she_comparison")
    comparison = compare(preset.scenarios, preset.parameters)
    she, reference = comparison.names
    at = _open(run_app, section="results", lang=lang)
    assert not at.exception, at.exception
    for baseline in (she, reference):
        at.selectbox(key="costs_baseline").set_value(baseline).run()
        (note,) = comparison.break_even_notes(baseline)
        texts = _texts(at)
        assert note.message(lang, quote=md) in texts
        assert t("costs.results.break_even_never", lang, name=md(reference), baseline=md(she),
                 period=40) not in texts
    assert comparison.break_even_notes(she)[0].key == "break_even_overtaken"
