"""The choice is frozen: editing weights, scores or perimeters afterwards leaves its reasons and scores as they were."""

from __future__ import annotations

import json

import pytest

from wijk_core.phase import store as phase_store
from wijk_core.phase.snapshot import reasons, take_snapshot
from wijk_core.phase.summary import reason_lines, snapshot_ranking
from wijk_core.selection import store as selection_store
from wijk_core.selection.model import CriterionSpec

from .helpers import CENTRE, CRITERIA, HOSTILE, STATION, assessed, choose, set_up


@pytest.fixture
def chosen(store, project, demo):
    ids = set_up(store, project.id, demo)
    return ids, choose(store, project.id, demo, ids)


def test_the_snapshot_is_plain_json_with_every_part(store, project, demo, chosen):
    _, decision = chosen
    snapshot = decision.snapshot
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert sorted(snapshot["candidates"]) == sorted([STATION, CENTRE, HOSTILE])
    assert [c["key"] for c in snapshot["criteria"]] == [c.key for c in CRITERIA]
    assert [c["weight"] for c in snapshot["criteria"]] == [2.0, 1.0, 1.0]
    assert snapshot["criteria"][1]["labels"]["nl"] == "Politieke verankering"
    assert snapshot["criteria"][1]["labels"]["fr"] == "Ancrage politique"
    assert snapshot["ranked"] is True and snapshot["problem"] is None
    assert set(snapshot["ranking"]) == {STATION, CENTRE, HOSTILE}
    assert snapshot["matrix"][STATION]["political_anchor"] == 5.0
    assert {row["candidate"] for row in snapshot["scores"]} == {STATION, CENTRE, HOSTILE}
    assert "dwellings" in snapshot["profiles"][STATION]


def test_reasons_come_from_the_snapshot(chosen):
    _, decision = chosen
    found = reasons(decision.snapshot, STATION)
    ranking = decision.snapshot["ranking"][STATION]
    assert (found.rank, found.total, found.p_first, found.of) == (ranking["rank"], ranking["score"],
                                                                  ranking["p_first"], 3)
    assert found.pros == (("political_anchor", f"klimaatplan {STATION}"),)
    assert found.cons == (("political_anchor", HOSTILE),)
    contributions = decision.snapshot["contributions"][STATION]
    assert [key for key, _ in found.strengths] == sorted((k for k, v in contributions.items() if v and v > 0),
                                                         key=lambda k: -contributions[k])[:3]


def test_editing_a_weight_after_the_choice_changes_nothing_recorded(store, project, demo, chosen):
    ids, decision = chosen
    before_lines = reason_lines(reasons(decision.snapshot, STATION), decision.snapshot, "nl")
    before_table = snapshot_ranking(decision.snapshot, "nl")
    live_before = assessed(store, project.id, demo).outcome.ranking.scores

    # the officer changes the framework: the indicator weighs 20 times as much, a score drops
    changed = [CriterionSpec(c.key, c.kind, c.direction, 40.0 if c.kind == "indicator" else c.weight)
               for c in CRITERIA]
    saved = store.write(selection_store.save_criteria_set, project.id, "default", "weighted_sum", changed)
    store.write(selection_store.set_score, saved.id, "political_anchor", ids[STATION], 1, pro="", con="")
    live_after = assessed(store, project.id, demo).outcome.ranking.scores
    assert not live_after.equals(live_before)  # the change is real: the live ranking moved

    again = store.read(phase_store.latest_decision, project.id)
    assert again.snapshot == decision.snapshot
    assert [c["weight"] for c in again.snapshot["criteria"]] == [2.0, 1.0, 1.0]
    assert reason_lines(reasons(again.snapshot, STATION), again.snapshot, "nl") == before_lines
    assert snapshot_ranking(again.snapshot, "nl").equals(before_table)


def test_an_unranked_framework_is_frozen_as_such(store, project, demo):
    ids = set_up(store, project.id, demo)
    saved = store.read(selection_store.find_criteria_set, project.id, "default")
    store.write(selection_store.delete_score, saved.id, "active_citizens", ids[CENTRE])  # missing → raise
    snapshot = take_snapshot(assessed(store, project.id, demo), demo.catalogue)
    assert snapshot["ranked"] is False and snapshot["problem"]
    found = reasons(snapshot, STATION)
    assert found.rank is None
    assert reason_lines(found, snapshot, "en")[0] == f"{STATION} was chosen without a ranking by the framework."
