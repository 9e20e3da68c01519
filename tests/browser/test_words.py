"""Every page and section in nl, fr and en, read as the user sees it: every word and number in their language.

A project with candidates and a criteria set, ideas (one titled with ``"`` and ``--``), a comment, the
example stakeholders and the SHE cost preset is opened on every page, and every section of a page is
chosen in turn. The text read is the page's (hidden tab panels too), the map and component frames',
the SVG text of the charts, and the ``aria-label``, ``title`` and ``placeholder`` of every element. It
fails on:

- a raw catalogue key (``ideas.votes_count``) or an unfilled ``{placeholder}``;
- in nl and fr, an English word of the interface from :data:`ENGLISH` (Streamlit's and Leaflet.draw's
  own words, which the app translates);
- in nl and fr, a number written with a decimal point (``0.831``, ``1.5``; ``21.623`` is a Dutch
  thousand and passes, ``127.0.0.1`` is an address);
- "1" followed by a plural noun from :data:`PLURALS`.

Signed in as this machine (the shared app has no account, loopback is administrator).
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from playwright.sync_api import expect
from streamlit_ui import MAP_IFRAME, wait_for_app_idle

from wijk_core.costs.presets import load_preset
from wijk_core.costs.store import import_scenarios
from wijk_core.i18n import LANGUAGES, catalogue, t
from wijk_core.ideas import IdeaArea, new_participant_token, to_wgs84
from wijk_core.ideas import store as idea_store
from wijk_core.sectors.data import load_demo
from wijk_core.selection import store as selection_store
from wijk_core.selection.model import CriterionSpec
from wijk_core.stakeholders import store as stakeholder_store
from wijk_core.stakeholders.frames import records
from wijk_core.stakeholders.templates import demo_example
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

pytestmark = pytest.mark.browser

PAGES = ("start", "fase1", "wijkselectie", "kosten", "actoren", "moderatie", "ideeen", "accounts")
PROJECT = "Woorden en getallen"

# Streamlit's and Leaflet.draw's English words the app translates (whole words, case as written).
ENGLISH = ("Upload", "Drag and drop", "per file", "Select all", "Press Enter", "Press Ctrl+Enter",
           "Show password", "Link to heading", "Help for", "No results", "Choose an option", "Clear all", "Remove ",
           "Draw a polygon", "Draw a rectangle", "Click to start drawing", "Finish", "Cancel", "Delete last point",
           "Edit layers", "Delete layers", "Zoom in", "Zoom out", "A JavaScript library", "Reset axes", "Autoscale",
           "Download plot", "Box Select", "Lasso Select", "mi", "ft", "Jan", "Feb", "Mar", "Apr", "May", "Jun",
           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PLURALS = {
    "nl": ("reacties", "stemmen", "kolommen", "actoren", "kandidaten", "ideeën", "sectoren", "indicatoren",
           "wijken", "tegels", "bestanden", "criteria", "teamleden", "afspraken", "interviews", "scenario's",
           "rijen", "projecten", "relaties", "stappen", "jaren"),
    "fr": ("réactions", "votes", "colonnes", "acteurs", "candidats", "idées", "secteurs", "indicateurs",
           "quartiers", "tuiles", "fichiers", "critères", "membres", "accords", "entretiens", "scénarios",
           "lignes", "projets", "relations", "étapes", "années"),
    "en": ("comments", "votes", "columns", "stakeholders", "candidates", "ideas", "sectors", "indicators",
           "neighbourhoods", "tiles", "files", "criteria", "members", "agreements", "interviews", "scenarios",
           "rows", "projects", "relations", "steps", "years"),
}
# A decimal point: "0.831", or one or two digits (or four and more) after a point, not inside a dotted address.
DECIMAL_POINT = re.compile(r"(?<![\d.,\w])(?:0\.\d+|\d+\.(?:\d{1,2}|\d{4,}))(?![.\d])")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
KEYLIKE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+(?![\w/@-])")

_READ = """() => {
  const out = [];
  const skip = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEXTAREA"]);
  const read = (doc) => {
    if (!doc || !doc.body) { return; }
    const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!skip.has(node.parentElement && node.parentElement.tagName) && node.data.trim()) { out.push(node.data); }
    }
    for (const el of doc.querySelectorAll("[aria-label], [title], [placeholder]")) {
      for (const name of ["aria-label", "title", "placeholder"]) {
        const value = el.getAttribute(name);
        if (value) { out.push(value); }
      }
    }
    for (const frame of doc.querySelectorAll("iframe")) {
      try { read(frame.contentDocument); } catch (error) { /* another origin: nothing of ours */ }
    }
  };
  read(document.querySelector("[data-testid=stMain]") ? document : null);
  return out;
}"""


@pytest.fixture(scope="module")
def project_id(app_database: str) -> int:
    store = get_store(app_database)
    project = store.write(project_store.ensure_project, PROJECT)
    demo = load_demo()
    sectors = demo.sectors.reset_index(drop=True)
    area = IdeaArea.from_layer(demo.sectors, "sectors")
    with store.writing() as session:
        if not selection_store.list_candidates(session, project.id):
            ids = [selection_store.create_candidate(session, project.id, name, sectors.geometry.iloc[rows].union_all(),
                                                    origin="drawn").id
                   for name, rows in (("Noord", slice(0, 6)), ("Zuid", slice(6, 12)))]
            criteria = selection_store.save_criteria_set(session, project.id, "Kader", "weighted_sum", [
                CriterionSpec("share_pre1945_pct"), CriterionSpec("team_capacity", "qualitative")])
            for candidate, score in zip(ids, (4, 2)):
                selection_store.set_score(session, criteria.id, "team_capacity", candidate, score, "", "")
            centre = sectors.geometry.iloc[3].representative_point()
            place = area.locate(*to_wgs84(centre.x, centre.y))
            token = new_participant_token()
            ideas = [idea_store.add_idea(session, project.id, token, place, category=category, title=title)
                     for category, title in (("mobility", 'Een "veilige" oversteek -- aan de school'),
                                             ("environment", "Meer bomen"), ("leisure", "Bankjes"))]
            idea_store.vote(session, ideas[0].id, new_participant_token(), 1)
            idea_store.add_comment(session, ideas[0].id, new_participant_token(), stance="for", text="Goed idee")
            example = demo_example()
            stakeholder_store.import_inventory(session, project.id, records(example.inventory))
            stakeholder_store.save_relations(session, project.id, records(example.relations))
            preset = load_preset("she_comparison")
            import_scenarios(session, project.id, preset.scenarios, parameters=preset.parameters)
    return project.id


def _sections(page: Any) -> int:
    group = page.locator("[data-testid=stMain] [data-testid=stButtonGroup]").first
    return group.locator("button").count() if group.count() else 0


def _choose_section(page: Any, index: int) -> None:
    """Click a section and wait for its run: the button is checked once the run has drawn it."""
    button = page.locator("[data-testid=stMain] [data-testid=stButtonGroup]").first.locator("button").nth(index)
    button.click()
    expect(button).to_have_attribute("aria-checked", "true")
    page.wait_for_timeout(300)
    wait_for_app_idle(page)


def _read_page(page: Any, timeout_s: float = 30) -> list[str]:
    """Everything the page shows once it has settled: two reads a second apart that agree (maps and
    charts fill their frames after the script run, the words script translates after the first paint)."""
    previous = None
    deadline = time.monotonic() + timeout_s
    while True:
        maps = page.locator(MAP_IFRAME)
        for index in range(maps.count()):
            maps.nth(index).scroll_into_view_if_needed()
            page.frame_locator(MAP_IFRAME).nth(index).locator(".leaflet-control-scale").wait_for(
                state="attached", timeout=60_000)
        charts = page.locator("[data-testid=stPlotlyChart]")
        for index in range(charts.count()):
            charts.nth(index).locator("svg.main-svg").first.wait_for(state="attached", timeout=30_000)
        texts = set(page.evaluate(_READ))
        if texts == previous or time.monotonic() > deadline:
            return sorted(texts)
        previous = texts
        page.wait_for_timeout(1000)


def _problems(texts: list[str], lang: str) -> list[str]:
    keys = set(catalogue(lang))
    keys |= {key.rsplit(".", 1)[0] for key in keys}
    plural = re.compile(r"(?<![\d.,\u202f\xa0])1\s(" + "|".join(map(re.escape, PLURALS[lang])) + r")\b")
    english = re.compile(r"(?<![\w-])(" + "|".join(re.escape(word.strip()) for word in ENGLISH) + r")(?![\w-])")
    found = []
    for text in texts:
        found += [f"raw key {key!r} in {text!r}" for key in KEYLIKE.findall(text) if key in keys]
        found += [f"placeholder {hole} in {text!r}" for hole in PLACEHOLDER.findall(text)]
        found += [f"'1 {noun}' in {text!r}" for noun in plural.findall(text)]
        if lang != "en":
            found += [f"English {word!r} in {text!r}" for word in english.findall(text)]
            found += [f"decimal point {number!r} in {text!r}" for number in DECIMAL_POINT.findall(text)]
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_speaks_the_users_language(page: Any, app_url: str, project_id: int, lang: str,
                                              screenshot: Any) -> None:
    problems: dict[str, list[str]] = {}
    read: dict[str, set[str]] = {}
    for path in PAGES:
        page.goto(f"{app_url}/{path}?lang={lang}&project={project_id}")
        expect(page.locator("[data-testid=stMain] h1").first).to_be_visible(timeout=60_000)
        wait_for_app_idle(page)  # the state can read "not running" before the first run has started
        texts = _read_page(page)
        seen = [f"{path}: {problem}" for problem in _problems(texts, lang)]
        read[path] = set(texts)
        for index in range(1, _sections(page)):
            _choose_section(page, index)
            texts = _read_page(page)
            seen += [f"{path} §{index}: {problem}" for problem in _problems(texts, lang)]
            read[path] |= set(texts)
        if seen:
            screenshot(f"words-{lang}-{path}.png")
            problems[path] = sorted(set(seen))
    assert problems == {}, "\n".join(line for lines in problems.values() for line in lines)
    # the walk read what it should: the map frame's drawing tools, the charts' SVG, a later section
    for path, expected in (("wijkselectie", t("draw.polygon", lang)),
                           ("kosten", t("costs.results.chart_npv", lang)),
                           ("moderatie", t("ideas.mod_chart_categories", lang))):
        assert any(expected in text for text in read[path]), (path, expected)


def test_the_checks_can_fail() -> None:
    """The detectors find what they are for (so a green walk means something)."""
    assert _problems(["ideas.votes_count"], "nl") and _problems(["Score {name}"], "fr")
    assert _problems(["Upload"], "nl") and _problems(["200MB per file"], "fr") and _problems(["Draw a polygon"], "nl")
    assert _problems(["0.831"], "nl") and _problems(["gemiddeld 1.5 stemmen"], "nl")
    assert _problems(["1 reacties"], "nl") and _problems(["1 kandidaten toegevoegd."], "nl")
    assert not _problems(["21.623 inwoners", "127.0.0.1:8501", "0,831", "1 reactie", "11 reacties"], "nl")
    assert not _problems(["Upload", "0.831"], "en")
