"""The phase-1 dossier: one offline, printable document whose figures are the page's, user text as text."""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser

import pytest

from wijk_core.phase import store as phase_store
from wijk_core.phase.collect import dossier_content, project_impact
from wijk_core.phase.dossier import phase_dossier
from wijk_core.phase.model import Agreement, ReadinessAnswer
from wijk_core.phase.roadmap import project_facts, roadmap
from wijk_core.phase.summary import impact_figures, step_text
from wijk_core.selection import store as selection_store
from wijk_core.selection.candidates import candidate_layer, profile_candidates
from wijk_core.stakeholders import store as stakeholder_store

from hostile import ALL, BY_NAME, SCRIPT
from .helpers import HOSTILE, STATION, assessed, choose, set_up


class _Tags(HTMLParser):
    """Every tag, src/href attribute and piece of text outside scripts and styles, as a reader sees it."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [value for name, value in attrs if name in ("src", "href") and value]
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def _read(document: str) -> _Tags:
    parsed = _Tags()
    parsed.feed(document)
    return parsed


def _build(store, project, demo, lang):
    candidates = store.read(selection_store.list_candidates, project.id)
    layer = candidate_layer({c.name: c.geometry for c in candidates})
    profiles = profile_candidates(demo, layer)
    with store.reading() as session:
        content = dossier_content(session, project.id, lang, project_name=f"Proef {SCRIPT}", data=demo,
                                  layer=layer, profiles=profiles, assessment=assessed(store, project.id, demo),
                                  background=demo.wijken, background_label="wijk_naam")
        impact = project_impact(session, project.id, content.decision, profiles)
    return content, impact, phase_dossier(content, lang, generated_at=datetime(2027, 1, 20, 9, 0))


@pytest.fixture
def ready(store, project, demo):
    ids = set_up(store, project.id, demo)
    store.write(phase_store.save_team, project.id,
                [{"name": text, "organisation": "Stad", "role": "initiator", "expertise": ["technical"]}
                 for text in ALL])
    store.write(phase_store.save_agreements, project.id, [Agreement("workflow", True, BY_NAME["img"])])
    store.write(phase_store.save_readiness, project.id,
                [ReadinessAnswer("political_anchor", BY_NAME["markdown_link"], "An", "done", BY_NAME["js_url"])])
    inventory = store.write(stakeholder_store.save_inventory, project.id, [
        {"name": text, "group": "residents", "interest": 3, "influence": 4, "position": 1,
         "ladder_diagnosis": "information"} for text in ALL])
    store.write(stakeholder_store.save_notes, inventory[0].id, {"expectations": BY_NAME["quotes"]})
    choose(store, project.id, demo, ids)
    return ids


def test_the_dossier_is_one_offline_printable_document(store, project, demo, ready):
    _, _, document = _build(store, project, demo, "nl")
    assert document.startswith("<!doctype html>") and '<html lang="nl">' in document
    parsed = _read(document)
    assert [link for link in parsed.links if re.match(r"(https?:)?//", link)] == []
    assert "<link" not in document and not re.search(r"<script[^>]+src=", document)
    assert "@page" in document and "size: A4" in document
    assert len(re.findall(r"\* plotly\.js v\d", document)) == 1  # inlined once for every chart


def test_hostile_names_are_text(store, project, demo, ready):
    _, _, document = _build(store, project, demo, "en")
    parsed = _read(document)
    for text in ALL:  # a team member, a stakeholder, a candidate: shown as the very characters typed
        assert text.strip() in parsed.texts, text
    assert "img" not in parsed.tags and parsed.tags.count("script") == 2 + document.count("Plotly.newPlot(")
    assert SCRIPT not in document and not re.search(r"<img\b", document)


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_the_figures_are_the_pages(store, project, demo, ready, lang):
    content, impact, document = _build(store, project, demo, lang)
    texts = _read(document).texts
    assert impact is not None and impact.missing == ()
    assert [value for _, value in impact_figures(impact, lang) if value not in texts] == []
    assert [step_text(s, lang) for s in roadmap(store.read(project_facts, project.id))
            if step_text(s, lang) not in texts] == []
    assert content.decision.chosen == STATION and HOSTILE in texts


def test_the_recorded_reasons_survive_in_the_dossier_after_an_edit(store, project, demo, ready):
    saved = store.read(selection_store.find_criteria_set, project.id, "default")
    store.write(selection_store.set_score, saved.id, "political_anchor", ready[STATION], 1,
                pro="later veranderd", con="")
    _, _, document = _build(store, project, demo, "nl")
    assert f"Pro (Politieke verankering): klimaatplan {STATION}" in _read(document).texts
