"""A filter of the facilitator's overview, or the stakeholder network's suggestions switch, runs its own part only.

The overview of the moderation page and the network of the stakeholder charts are fragments: what their widgets
change is inside them, so a click runs that part again (a fragment run in Streamlit's protocol), not the whole
page with its sidebar, access checks and the other charts. The change itself still shows.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from ideas_ui import ScriptRuns, neighbourhood_project, spots_inside
from playwright.sync_api import expect
from streamlit_ui import wait_for_app_idle

from wijk_core.i18n import t
from wijk_core.ideas import new_participant_token
from wijk_core.ideas import store as si
from wijk_core.stakeholders import store as stakeholder_store
from wijk_core.stakeholders.frames import records
from wijk_core.stakeholders.templates import demo_example
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

pytestmark = pytest.mark.browser

IDEAS_METRIC = '[data-testid="stMetric"]'
NETWORK = """() => JSON.stringify([...document.querySelectorAll('.js-plotly-plot')]
    .map(chart => (chart.data || []).map(trace => [trace.name, (trace.x || []).length])))"""


def _section(page: Any, name: str) -> None:
    page.locator('[data-testid="stButtonGroup"] button').filter(has_text=name).first.click()
    wait_for_app_idle(page)


def test_a_category_filter_of_the_overview_runs_the_overview_only(page: Any, app_url: str, app_database: str):
    store = get_store(app_database)
    project, area = neighbourhood_project(store, f"Zz overzicht {uuid.uuid4().hex[:6]}")
    spots = spots_inside(area.geometry, 4, 40)
    with store.writing() as session:
        for spot, (category, title) in zip(spots, [("mobility", "Fietsstraat"), ("mobility", "Zone 30"),
                                                   ("environment", "Geveltuintjes")]):
            si.add_idea(session, project.id, new_participant_token(), area.locate(*spot), category=category,
                        title=title)
    runs = ScriptRuns(page)
    page.goto(f"{app_url}/moderatie?project={project.id}")
    ideas = page.locator(IDEAS_METRIC).filter(has_text=t("ideas.mod_metric_ideas", "nl")).first
    expect(ideas).to_contain_text("3", timeout=30_000)
    runs.settle(page)
    full, fragments = len(runs.finished) - runs.fragment_runs, runs.fragment_runs

    categories = page.locator('[data-testid="stMultiSelect"]').filter(has_text=t("ideas.filter_categories", "nl"))
    label = t("ideas.category_mobility", "nl")
    categories.get_by_role("button", name=t("streamlit.remove", "nl", name=label)).first.click()
    expect(ideas).to_contain_text("1", timeout=30_000)  # the environment idea alone
    runs.settle(page)
    assert runs.fragment_runs - fragments == 1, f"{runs.fragment_runs - fragments} runs of the overview alone"
    assert len(runs.finished) - runs.fragment_runs == full, "the filter ran the whole page again"


def test_the_suggestions_switch_runs_the_network_only(page: Any, app_url: str, app_database: str):
    store = get_store(app_database)
    project = store.write(project_store.create_project, f"Zz netwerk {uuid.uuid4().hex[:6]}")
    example = demo_example()
    with store.writing() as session:
        stakeholder_store.import_inventory(session, project.id, records(example.inventory))
        stakeholder_store.save_relations(session, project.id, records(example.relations))
    runs = ScriptRuns(page)
    page.goto(f"{app_url}/actoren?project={project.id}")
    wait_for_app_idle(page)
    _section(page, t("stakeholders.tab_charts", "nl"))
    expect(page.locator(".js-plotly-plot")).to_have_count(5, timeout=30_000)
    runs.settle(page)
    before = page.evaluate(NETWORK)
    full, fragments = len(runs.finished) - runs.fragment_runs, runs.fragment_runs

    page.get_by_text(t("stakeholders.include_suggestions", "nl")).click()
    page.wait_for_function(f"before => ({NETWORK})() !== before", arg=before, timeout=30_000)
    runs.settle(page)
    assert runs.fragment_runs - fragments == 1, f"{runs.fragment_runs - fragments} runs of the network alone"
    assert len(runs.finished) - runs.fragment_runs == full, "the switch ran the whole page again"
    expect(page.locator(".js-plotly-plot")).to_have_count(5)
