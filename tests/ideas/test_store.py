"""Storage of the idea map on SQLite and PostgreSQL: constraints, tallies, moderation, concurrency."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from wijk_core.errors import WijkError
from wijk_core.ideas import IdeaPlace, RateLimit, RateLimits, new_participant_token, participant_key, to_lambert
from wijk_core.store import StoreError
from wijk_core.ideas import store as si
from wijk_core.store.base import utc_now
from wijk_core.ideas.tables import (IdeaCommentRow, IdeaModerationRow, IdeaReportRow, IdeaRow, IdeaVoteRow)
from wijk_core.store import projects as project_store

LON, LAT = 4.74, 51.04


def place(dx: float = 0.0) -> IdeaPlace:
    x, y = to_lambert(LON + dx, LAT)
    return IdeaPlace(LON + dx, LAT, x, y)


@pytest.fixture
def project(store):
    return store.write(project_store.create_project, "Ideeënwijk")


def add(store, project, token=None, title="Fietspad", category="mobility", **kwargs):
    with store.writing() as session:
        return si.add_idea(session, project.id, token or new_participant_token(), kwargs.pop("where", place()),
                           category=category, title=title, **kwargs)


def count(store, model) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


# --- Ideas and constraints -----------------------------------------------------------


def test_an_idea_is_stored_cleaned_with_both_coordinates(store, project):
    token = new_participant_token()
    idea = add(store, project, token, title="  Veilig \n fietspad\x00 ", text="Lijn 1\r\nLijn 2", pseudonym=" An ")
    assert (idea.title, idea.text, idea.pseudonym, idea.status) == ("Veilig fietspad", "Lijn 1\nLijn 2", "An",
                                                                    "visible")
    stored = store.read(si.get_idea, idea.id)
    assert stored == idea
    assert (stored.lon, stored.lat) == (LON, LAT) and stored.x == pytest.approx(to_lambert(LON, LAT)[0])
    with store.reading() as session:  # only the hash of the token reaches the database
        assert session.scalar(select(IdeaRow.participant)) == participant_key(token) != token


def test_bad_ideas_are_refused_before_anything_is_written(store, project):
    for kwargs, code in [({"title": " "}, "errors.ideas_title_empty"),
                         ({"title": "x" * 121}, "errors.ideas_title_too_long"),
                         ({"text": "x" * 2001}, "errors.ideas_text_too_long"),
                         ({"pseudonym": "x" * 41}, "errors.ideas_pseudonym_too_long"),
                         ({"category": "weather"}, "errors.ideas_category_unknown")]:
        with pytest.raises(WijkError) as caught:
            add(store, project, **kwargs)
        assert caught.value.code == code
    with pytest.raises(StoreError, match="place"):
        add(store, project, where=IdeaPlace(float("nan"), LAT, 0.0, 0.0))
    assert count(store, IdeaRow) == 0


def test_project_categories_are_accepted_next_to_the_built_in_ones(store, project):
    category = store.write(si.add_category, project.id, "Speelpleinen & jeugd", "#56B4E9")
    assert (category.key, category.colour) == ("speelpleinen_jeugd", "#56b4e9")
    assert add(store, project, category="speelpleinen_jeugd").category == "speelpleinen_jeugd"
    with pytest.raises(StoreError) as caught:
        store.write(si.add_category, project.id, "speelpleinen  JEUGD", "#000000")
    assert caught.value.code == "errors.ideas_category_taken"
    other = store.write(project_store.create_project, "Elders")
    with pytest.raises(StoreError, match="not a theme of this project"):  # a category belongs to its project
        add(store, other, category="speelpleinen_jeugd")
    assert store.write(si.add_category, project.id, "Mobility", "#123456").key == "mobility_2"


def test_the_database_itself_refuses_what_the_code_would(store, project):
    idea = add(store, project)
    voter = participant_key(new_participant_token())
    bad_rows = [
        (IdeaVoteRow, {"idea_id": idea.id, "participant": voter, "value": 3}),
        (IdeaCommentRow, {"idea_id": idea.id, "participant": voter, "stance": "maybe", "body": "x"}),
        (IdeaRow, {"project_id": project.id, "category": "mobility", "title": "t", "participant": voter,
                   "lon": 4.0, "lat": 51.0, "x": 1.0, "y": 1.0, "status": "merged"}),  # merged into nothing
        (IdeaRow, {"project_id": project.id, "category": "mobility", "title": "t", "participant": voter,
                   "lon": 4.0, "lat": 51.0, "x": 1.0, "y": 1.0, "status": "deleted"}),
    ]
    for model, values in bad_rows:
        with pytest.raises(IntegrityError), store.writing() as session:
            session.execute(insert(model).values(**values))
    with store.writing() as session:
        session.execute(insert(IdeaVoteRow).values(idea_id=idea.id, participant=voter, value=2))
    with pytest.raises(IntegrityError), store.writing() as session:  # one vote per participant per idea
        session.execute(insert(IdeaVoteRow).values(idea_id=idea.id, participant=voter, value=-1))
    with store.writing() as session:
        session.execute(insert(IdeaReportRow).values(idea_id=idea.id, participant=voter))
    with pytest.raises(IntegrityError), store.writing() as session:
        session.execute(insert(IdeaReportRow).values(idea_id=idea.id, participant=voter))


# --- Votes ---------------------------------------------------------------------------


def test_a_vote_is_changed_in_place_and_totals_follow(store, project):
    idea = add(store, project)
    alice, bob = new_participant_token(), new_participant_token()
    store.write(si.vote, idea.id, alice, 2)
    store.write(si.vote, idea.id, bob, -1)
    changed = store.write(si.vote, idea.id, alice, "+1")
    assert changed.value == 1
    assert count(store, IdeaVoteRow) == 2
    tallied = store.read(si.get_idea, idea.id)
    assert (tallied.support, tallied.votes, tallied.votes_for, tallied.votes_against) == (0, 2, 1, 1)
    assert store.read(si.my_votes, project.id, alice) == {idea.id: 1}
    for bad in (3, -3, 1.5, True, "veel"):
        with pytest.raises(WijkError) as caught:
            store.write(si.vote, idea.id, alice, bad)
        assert caught.value.code == "errors.ideas_vote_out_of_range"


def test_hidden_ideas_take_no_votes_comments_or_reports(store, project):
    idea = add(store, project)
    store.write(si.hide_idea, idea.id)
    token = new_participant_token()
    for operation, args in [(si.vote, (idea.id, token, 1)), (si.report_idea, (idea.id, token))]:
        with pytest.raises(StoreError) as caught:
            store.write(operation, *args)
        assert caught.value.code == "errors.ideas_not_open"
    with pytest.raises(StoreError, match="hidden"):
        store.write(si.add_comment, idea.id, token, stance="for", text="ja")
    with pytest.raises(StoreError) as caught:
        store.write(si.vote, 999_999, token, 1)
    assert caught.value.code == "errors.ideas_not_found"


# --- Comments ------------------------------------------------------------------------


def test_comments_carry_a_stance_and_can_be_hidden_with_a_trace(store, project):
    idea = add(store, project)
    token = new_participant_token()
    first = store.write(si.add_comment, idea.id, token, stance="tegen", text="Te smal")
    store.write(si.add_comment, idea.id, token, stance="for", text="Goed\n\nidee", pseudonym="Bo")
    with pytest.raises(WijkError) as caught:
        store.write(si.add_comment, idea.id, token, stance="sideways", text="?")
    assert caught.value.code == "errors.ideas_stance_unknown"
    with pytest.raises(WijkError) as caught:
        store.write(si.add_comment, idea.id, token, stance="for", text="   ")
    assert caught.value.code == "errors.ideas_comment_empty"
    assert [(c.stance, c.text) for c in store.read(si.list_comments, idea.id)] == [
        ("against", "Te smal"), ("for", "Goed\n\nidee")]
    store.write(si.hide_comment, first.id, note="kwetsend")
    assert [c.stance for c in store.read(si.list_comments, idea.id)] == ["for"]
    assert len(store.read(si.list_comments, idea.id, include_hidden=True)) == 2
    assert store.read(si.get_idea, idea.id).comments == 1
    store.write(si.show_comment, first.id)
    assert store.read(si.get_idea, idea.id).comments == 2
    log = store.read(si.moderation_log, project.id)
    assert [e.action for e in log] == ["show_comment", "hide_comment"]
    assert log[1].note == "kwetsend" and log[1].comment_id == first.id


# --- Reports and moderation ----------------------------------------------------------


def test_n_reports_hide_an_idea_until_the_facilitator_approves_it(store, project):
    store.write(si.set_report_threshold, project.id, 2)
    idea = add(store, project)
    reporters = [new_participant_token() for _ in range(5)]
    first = store.write(si.report_idea, idea.id, reporters[0], "reclame")
    again = store.write(si.report_idea, idea.id, reporters[0])
    assert (first.counted, first.hidden, again.counted, again.open_reports) == (True, False, False, 1)
    second = store.write(si.report_idea, idea.id, reporters[1])
    assert second.hidden and store.read(si.get_idea, idea.id).status == "pending"
    assert [i.id for i in store.read(si.list_ideas, project.id)] == []  # residents no longer see it
    assert [i.id for i in store.read(si.list_ideas, project.id, ["pending"])] == [idea.id]

    approved = store.write(si.approve_idea, idea.id, note="in orde")
    assert (approved.status, approved.reports, approved.open_reports) == ("visible", 2, 0)
    assert not store.write(si.report_idea, idea.id, reporters[2]).hidden  # reviewed reports count no more
    assert store.write(si.report_idea, idea.id, reporters[3]).hidden
    actions = [(e.action, e.actor, e.previous_status) for e in store.read(si.moderation_log, project.id)]
    assert actions == [("auto_hide", "system", "visible"), ("approve", "facilitator", "pending"),
                       ("auto_hide", "system", "visible"), ("settings", "facilitator", None)]
    with pytest.raises(WijkError) as caught:
        store.write(si.set_report_threshold, project.id, 0)
    assert caught.value.code == "errors.ideas_report_threshold_invalid"


def test_merging_duplicates_counts_each_participant_once_and_can_be_undone(store, project):
    target, duplicate, third = (add(store, project, title=t) for t in ("Fietspad", "Fietsstrook", "Fietsweg"))
    alice, bob, carol = (new_participant_token() for _ in range(3))
    store.write(si.vote, target.id, alice, 2)
    store.write(si.vote, duplicate.id, alice, -2)  # alice voted on both: her vote on the target counts
    store.write(si.vote, duplicate.id, bob, 1)     # bob only on the duplicate: it now counts for the target
    store.write(si.vote, third.id, carol, -1)
    store.write(si.add_comment, duplicate.id, carol, stance="neutral", text="Zelfde als het fietspad")
    merged = store.write(si.merge_ideas, duplicate.id, target.id, note="dubbel")
    assert (merged.support, merged.votes, merged.comments) == (3, 2, 1)
    assert store.read(si.my_votes, project.id, bob) == {target.id: 1}
    assert [c.idea_id for c in store.read(si.list_comments, target.id)] == [duplicate.id]
    assert {i.id for i in store.read(si.list_ideas, project.id)} == {target.id, third.id}

    # merging the target into a third idea takes its duplicates along: no chains
    final = store.write(si.merge_ideas, target.id, third.id)
    assert store.read(si.get_idea, duplicate.id).merged_into == third.id
    # carol voted on the third idea itself (-1); alice's newest vote on a duplicate counts (-2), bob's +1
    assert (final.support, final.votes) == (-2, 3)

    restored = store.write(si.approve_idea, target.id)
    assert (restored.status, restored.merged_into, restored.support) == ("visible", None, 2)
    for args, code in [((third.id, third.id), "errors.ideas_merge_same"),
                       ((target.id, duplicate.id), "errors.ideas_merge_target_invalid")]:
        with pytest.raises(StoreError) as caught:
            store.write(si.merge_ideas, *args)
        assert caught.value.code == code
    with pytest.raises(StoreError) as caught:
        store.write(si.hide_idea, duplicate.id)
    assert caught.value.code == "errors.ideas_cannot_hide_merged"
    assert count(store, IdeaRow) == 3 and count(store, IdeaVoteRow) == 4  # nothing was deleted
    assert count(store, IdeaModerationRow) == 4  # merge, merge, merge (via), approve


# --- Rate limits ---------------------------------------------------------------------


def test_a_participant_is_rate_limited_with_a_clear_message(store, project):
    limits = RateLimits(ideas=RateLimit(2, timedelta(minutes=10)), comments=RateLimit(1, timedelta(minutes=5)))
    token, now = new_participant_token(), utc_now()
    for minutes in (0, 3):
        add(store, project, token, limits=limits, now=now + timedelta(minutes=minutes))
    with pytest.raises(StoreError) as caught:
        add(store, project, token, limits=limits, now=now + timedelta(minutes=4))
    assert caught.value.code == "errors.ideas_rate_limited_ideas"
    assert caught.value.params == {"count": 2, "minutes": 10, "wait": 6}
    add(store, project, new_participant_token(), limits=limits, now=now)  # someone else may
    add(store, project, token, limits=limits, now=now + timedelta(minutes=10, seconds=1))  # later again
    idea = add(store, project)
    store.write(si.add_comment, idea.id, token, stance="for", text="ja", limits=limits, now=now)
    with pytest.raises(StoreError) as caught:
        store.write(si.add_comment, idea.id, token, stance="for", text="nog eens", limits=limits, now=now)
    assert caught.value.code == "errors.ideas_rate_limited_comments"


# --- Concurrency ---------------------------------------------------------------------


WRITERS = 50
SHARED = 5


def _vote_value(writer: int, idea: int) -> int:
    return (writer + idea) % 5 - 2


def _final_vote(writer: int) -> int:
    return (writer * 3) % 5 - 2


def test_fifty_concurrent_writers_lose_nothing_and_totals_are_exact(store, project):
    shared = [add(store, project, title=f"Gedeeld {n}") for n in range(SHARED)]
    tokens = [new_participant_token() for _ in range(WRITERS)]
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        token = tokens[number]
        start.wait()
        add(store, project, token, title=f"Idee van schrijver {number}", where=place(number * 1e-4))
        store.write(si.add_comment, shared[number % SHARED].id, token, stance=("for", "against", "neutral")[number % 3],
            text=f"Reactie {number}")
        for position, idea in enumerate(shared):
            store.write(si.vote, idea.id, token, _vote_value(number, position))
        store.write(si.vote, shared[number % SHARED].id, token, _final_vote(number))  # a changed vote

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        for future in [pool.submit(writer, number) for number in range(WRITERS)]:
            future.result(timeout=240)

    ideas = store.read(si.list_ideas, project.id)
    titles = Counter(idea.title for idea in ideas)
    assert len(ideas) == SHARED + WRITERS and max(titles.values()) == 1
    assert count(store, IdeaCommentRow) == WRITERS and count(store, IdeaVoteRow) == WRITERS * SHARED
    by_id = {idea.id: idea for idea in ideas}
    for position, idea in enumerate(shared):
        finals = [_final_vote(n) if n % SHARED == position else _vote_value(n, position) for n in range(WRITERS)]
        tallied = by_id[idea.id]
        assert (tallied.support, tallied.votes) == (sum(finals), WRITERS)
        assert tallied.votes_for == sum(v > 0 for v in finals)
        assert tallied.comments == sum(1 for n in range(WRITERS) if n % SHARED == position)


def test_one_participant_changing_a_vote_from_many_threads_keeps_one_row(store, project):
    idea = add(store, project)
    token = new_participant_token()
    values = [(-2, -1, 0, 1, 2)[n % 5] for n in range(30)]
    start = threading.Barrier(len(values))

    def cast(value: int) -> int:
        start.wait()
        return store.write(si.vote, idea.id, token, value).value

    with ThreadPoolExecutor(max_workers=len(values)) as pool:
        results = list(pool.map(cast, values))
    assert results == values
    assert count(store, IdeaVoteRow) == 1
    tallied = store.read(si.get_idea, idea.id)
    assert tallied.votes == 1 and tallied.support in values


def test_concurrent_reports_hide_an_idea_exactly_once(store, project):
    store.write(si.set_report_threshold, project.id, 3)
    idea = add(store, project)
    tokens = [new_participant_token() for _ in range(12)]
    start = threading.Barrier(len(tokens))

    def report(token: str) -> str:
        start.wait()
        try:
            return "hidden" if store.write(si.report_idea, idea.id, token).hidden else "counted"
        except StoreError as err:
            return err.code

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        outcomes = Counter(pool.map(report, tokens))
    assert outcomes == {"counted": 2, "hidden": 1, "errors.ideas_not_open": 9}
    assert count(store, IdeaReportRow) == 3
    assert [e.action for e in store.read(si.moderation_log, project.id)].count("auto_hide") == 1
