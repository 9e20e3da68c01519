"""One person with many browsers, on SQLite and PostgreSQL: client keys, distinct reporters, one vote per
address, bursts flagged, the workshop code and how a project tells residents apart."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import MetaData, func, select

from wijk_core.ideas import IdeaError, IdeaPlace, RateLimit, new_participant_token, to_lambert
from wijk_core.ideas import store as si
from wijk_core.ideas.abuse import client_key, period_of
from wijk_core.ideas.model import Origin
from wijk_core.ideas.rules import BurstLimits, normal_workshop_code
from wijk_core.ideas.tables import IdeaClientSaltRow, IdeaReportRow, IdeaVoteRow
from wijk_core.store import StoreError
from wijk_core.store import projects as project_store

LON, LAT = 4.74, 51.04
NOW = datetime(2026, 12, 4, 19, 0, tzinfo=timezone.utc)
HOME, NEIGHBOUR, CAFE = "203.0.113.7", "198.51.100.23", "2001:db8::17"


def place(dx: float = 0.0) -> IdeaPlace:
    x, y = to_lambert(LON + dx, LAT)
    return IdeaPlace(LON + dx, LAT, x, y)


def post(store, project, address=None, *, code=None, title="Fietspad", now=NOW, **kwargs):
    return store.write(si.add_idea, project.id, new_participant_token(), place(), category="mobility", title=title,
                       origin=Origin(address, code), now=now, **kwargs)


def report(store, idea, address, token=None, now=NOW, **kwargs):
    return store.write(si.report_idea, idea.id, token or new_participant_token(), "Beledigend",
                       origin=Origin(address, kwargs.pop("code", None)), now=now, **kwargs)


def vote(store, idea, token, value, address, now=NOW, **kwargs):
    return store.write(si.vote, idea.id, token, value, origin=Origin(address, kwargs.pop("code", None)), now=now,
                       **kwargs)


# --- Client keys -----------------------------------------------------------------------


def test_the_address_is_never_stored_only_a_key_of_the_day_and_project(store, project):
    idea = post(store, project, HOME)
    report(store, idea, HOME)
    vote(store, idea, new_participant_token(), 2, "2001:0db8:0000::0017")
    store.write(si.add_comment, idea.id, new_participant_token(), stance="for", text="Goed", origin=Origin(CAFE),
                now=NOW)
    with store.reading() as session:  # every value of every table, as text
        tables = MetaData()
        tables.reflect(session.get_bind())
        stored = " ".join(str(value) for table in tables.sorted_tables
                          for row in session.execute(select(table)) for value in row)
        vote_key = session.scalar(select(IdeaVoteRow.client))
    assert HOME not in stored and "2001:db8" not in stored and "0db8" not in stored and "db8::17" not in stored
    with store.writing() as session:
        key = client_key(session, project.id, CAFE, NOW)
        assert key == vote_key  # one address, written two ways
        assert key == client_key(session, project.id, " 2001:DB8::17 ", NOW + timedelta(hours=2))
        assert key != client_key(session, project.id, CAFE, NOW + timedelta(days=1))  # another day
        second = project_store.create_project(session, "Tweede wijk")
        assert key != client_key(session, second.id, CAFE, NOW)  # another project
        assert client_key(session, project.id, None, NOW) is None
        assert client_key(session, project.id, "  ", NOW) is None


def test_a_new_day_forgets_the_salt_of_the_days_before(store, project):
    with store.writing() as session:
        client_key(session, project.id, HOME, NOW)
        client_key(session, project.id, HOME, NOW + timedelta(days=1))
    with store.reading() as session:
        assert session.scalars(select(IdeaClientSaltRow.period)).all() == [period_of(NOW + timedelta(days=1))]
    # the day is the Belgian one: 23:30 UTC on 4 December is already 5 December in Brussels
    assert period_of(datetime(2026, 12, 4, 23, 30, tzinfo=timezone.utc)) == "2026-12-05"


# --- Reports -----------------------------------------------------------------------------


def test_three_reports_from_one_address_hide_nothing_three_addresses_do(store, project):
    idea = post(store, project)
    outcomes = [report(store, idea, HOME, now=NOW + timedelta(minutes=n)) for n in range(3)]
    assert [(o.counted, o.open_reports, o.open_reporters, o.hidden) for o in outcomes] == [
        (True, 1, 1, False), (True, 2, 1, False), (True, 3, 1, False)]
    assert store.read(si.get_idea, idea.id).status == "visible"
    assert report(store, idea, NEIGHBOUR).open_reporters == 2
    last = report(store, idea, CAFE)
    assert (last.open_reports, last.open_reporters, last.hidden) == (5, 3, True)
    assert store.read(si.get_idea, idea.id).status == "pending"
    [auto_hide] = [e for e in store.read(si.moderation_log, project.id) if e.action == "auto_hide"]
    assert auto_hide.note == "5 reports from 3 reporters, threshold 3"
    [flag] = store.read(si.list_flags, project.id)
    assert (flag.kind, flag.count, flag.idea_ids, flag.source) == ("report_again", 3, (idea.id,), 1)


def test_reports_without_an_address_count_by_participant_as_before(store, project):
    idea = post(store, project)
    assert [report(store, idea, None).hidden for _ in range(3)] == [False, False, True]
    assert store.read(si.list_flags, project.id) == []


def test_after_approval_only_new_reporters_count(store, project):
    idea = post(store, project)
    for address in (HOME, NEIGHBOUR, CAFE):
        report(store, idea, address)
    store.write(si.approve_idea, idea.id)
    again = [report(store, idea, HOME) for _ in range(3)]
    assert [(o.open_reports, o.open_reporters, o.hidden) for o in again] == [(1, 1, False), (2, 1, False),
                                                                              (3, 1, False)]


# --- Votes -------------------------------------------------------------------------------


def test_a_second_browser_on_the_same_address_cannot_vote_again(store, project):
    idea = post(store, project)
    first, second, elsewhere = (new_participant_token() for _ in range(3))
    assert vote(store, idea, first, 2, HOME).counted
    refused = vote(store, idea, second, -2, HOME)
    assert (refused.counted, refused.value) == (False, -2)
    assert (store.read(si.get_idea, idea.id).votes, store.read(si.get_idea, idea.id).support) == (1, 2)
    assert store.read(si.my_votes, project.id, second) == {}
    assert vote(store, idea, first, -1, HOME).counted  # her own vote stays hers to change
    assert vote(store, idea, elsewhere, 1, NEIGHBOUR).counted
    assert vote(store, idea, new_participant_token(), 1, None).counted  # no address known: the token decides
    tallied = store.read(si.get_idea, idea.id)
    assert (tallied.votes, tallied.support) == (3, 1)
    [flag] = store.read(si.list_flags, project.id)
    assert (flag.kind, flag.count, flag.idea_ids) == ("vote_again", 2, (idea.id,))


def test_in_workshop_mode_a_room_on_one_wifi_votes_each(store, project):
    settings = store.write(si.set_identification, project.id, "workshop")
    idea = post(store, project, code=settings.workshop_code)
    tokens = [new_participant_token() for _ in range(4)]
    assert all(vote(store, idea, token, 1, HOME, code=settings.workshop_code).counted for token in tokens)
    assert store.read(si.get_idea, idea.id).votes == 4
    assert [flag.kind for flag in store.read(si.list_flags, project.id)] == []


def test_browsers_of_one_address_voting_at_once_count_once(store, project):
    idea = post(store, project, NEIGHBOUR)  # the day's salt exists: nothing else makes the votes take turns
    browsers = 20
    start = threading.Barrier(browsers)

    def browser(number: int) -> bool:
        start.wait()
        return vote(store, idea, new_participant_token(), 1 + number % 2, HOME).counted

    with ThreadPoolExecutor(max_workers=browsers) as pool:
        counted = [future.result(timeout=120) for future in [pool.submit(browser, n) for n in range(browsers)]]
    assert sum(counted) == 1
    assert store.read(si.get_idea, idea.id).votes == 1
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(IdeaVoteRow)) == 1


# --- Bursts ------------------------------------------------------------------------------


def test_a_burst_of_posts_from_one_address_is_flagged_once_and_grows(store, project):
    bursts = BurstLimits(post=RateLimit(3, timedelta(minutes=10)))
    ideas = [post(store, project, HOME, title=f"Idee {n}", now=NOW + timedelta(minutes=n), bursts=bursts)
             for n in range(2)]
    post(store, project, NEIGHBOUR, bursts=bursts)
    assert store.read(si.list_flags, project.id) == []
    ideas += [post(store, project, HOME, title=f"Idee {n}", now=NOW + timedelta(minutes=n), bursts=bursts)
              for n in (2, 3)]
    [flag] = store.read(si.list_flags, project.id)
    assert (flag.kind, flag.count, flag.window_minutes) == ("post", 4, 10)
    assert flag.idea_ids == tuple(idea.id for idea in ideas[2:])
    assert (flag.first_at, flag.last_at) == (NOW + timedelta(minutes=2), NOW + timedelta(minutes=3))
    assert not hasattr(flag, "client")  # the queue never sees the key, let alone the address
    later = NOW + timedelta(minutes=30)  # a new burst, after a quiet window: a new flag
    for n in range(3):
        post(store, project, HOME, title=f"Later {n}", now=later + timedelta(minutes=n), bursts=bursts)
    newest, oldest = store.read(si.list_flags, project.id)
    assert (newest.count, oldest.count, newest.source, oldest.source) == (3, 4, 1, 1)


def test_bursts_of_votes_comments_and_reports_name_their_kind(store, project):
    tight = RateLimit(2, timedelta(minutes=5))
    bursts = BurstLimits(vote=tight, comment=tight, report=tight)
    ideas = [post(store, project, title=f"Idee {n}") for n in range(3)]
    for idea in ideas[:2]:
        vote(store, idea, new_participant_token(), 1, CAFE, bursts=bursts)
        store.write(si.add_comment, idea.id, new_participant_token(), stance="against", text="Nee",
                    origin=Origin(NEIGHBOUR), bursts=bursts, now=NOW)
        report(store, idea, HOME, bursts=bursts)
    flags = store.read(si.list_flags, project.id)
    assert sorted((flag.kind, flag.count, flag.idea_ids) for flag in flags) == [
        ("comment", 2, (ideas[1].id,)), ("report", 2, (ideas[1].id,)), ("vote", 2, (ideas[1].id,))]
    assert sorted(flag.source for flag in flags) == [1, 2, 3]  # three addresses, three sources


def test_a_flag_marked_seen_leaves_the_queue(store, project):
    idea = post(store, project)
    for _ in range(2):
        report(store, idea, HOME)
    [flag] = store.read(si.list_flags, project.id)
    seen = store.write(si.dismiss_flag, flag.id)
    assert seen.reviewed and store.read(si.list_flags, project.id) == []
    assert [f.id for f in store.read(si.list_flags, project.id, include_reviewed=True)] == [flag.id]
    report(store, idea, HOME)  # the same source goes on: flagged again
    [again] = store.read(si.list_flags, project.id)
    assert (again.id, again.count, again.reviewed) == (flag.id, 3, False)
    with pytest.raises(StoreError) as caught:
        store.write(si.dismiss_flag, 999_999)
    assert caught.value.code == "errors.ideas_flag_not_found"


# --- The project's choice, and the workshop code --------------------------------------------


def test_the_settings_say_how_residents_are_told_apart(store, project):
    default = store.read(si.get_settings, project.id)
    assert (default.identification, default.device_days, default.workshop_code) == ("session", 30, None)
    store.write(si.set_report_threshold, project.id, 5)
    device = store.write(si.set_identification, project.id, "device", device_days=7)
    assert (device.identification, device.device_days, device.report_threshold) == ("device", 7, 5)
    assert store.write(si.set_report_threshold, project.id, 4).identification == "device"  # kept
    for bad, code in [(("device",), {"device_days": 0}), (("device",), {"device_days": 366}),
                      (("cookies",), {})]:
        with pytest.raises(IdeaError) as caught:
            store.write(si.set_identification, project.id, *bad, **code)
        assert caught.value.code in ("errors.ideas_device_days_invalid", "errors.ideas_identification_unknown")
    assert store.read(si.get_settings, project.id).device_days == 7
    notes = [e.note for e in store.read(si.moderation_log, project.id) if e.action == "settings"]
    assert "identification=device, device_days=7" in notes


def test_in_workshop_mode_only_the_current_code_lets_a_resident_write(store, project):
    idea = post(store, project, HOME)  # before the workshop: no code needed
    settings = store.write(si.set_identification, project.id, "workshop")
    code = settings.workshop_code
    assert len(code) == 6 and normal_workshop_code(code) == code and set(code).isdisjoint("01OIL")
    for typed, error in [(None, "errors.ideas_workshop_code_needed"), ("", "errors.ideas_workshop_code_needed"),
                         ("ABCDEF" if code != "ABCDEF" else "ABCDEG", "errors.ideas_workshop_code_wrong")]:
        for attempt in (lambda: post(store, project, HOME, code=typed),
                        lambda: vote(store, idea, new_participant_token(), 1, HOME, code=typed),
                        lambda: report(store, idea, HOME, code=typed),
                        lambda: store.write(si.add_comment, idea.id, new_participant_token(), stance="for",
                                            text="Ja", origin=Origin(HOME, typed))):
            with pytest.raises(StoreError) as caught:
                attempt()
            assert caught.value.code == error
    typed = f" {code[:3].lower()}-{code[3:]} "  # as read off the projector
    assert post(store, project, HOME, code=typed).title == "Fietspad"
    assert store.write(si.set_identification, project.id, "workshop").workshop_code == code  # kept
    renewed = store.write(si.set_identification, project.id, "workshop", new_code=True).workshop_code
    assert renewed != code
    with pytest.raises(StoreError) as caught:
        post(store, project, HOME, code=code)
    assert caught.value.code == "errors.ideas_workshop_code_wrong"
    assert vote(store, idea, new_participant_token(), 1, HOME, code=renewed).counted
    log = " ".join(e.note or "" for e in store.read(si.moderation_log, project.id))
    assert "new workshop code" in log and code not in log and renewed not in log
    # back to browser sessions: the code is kept for later, but no longer asked
    store.write(si.set_identification, project.id, "session")
    assert post(store, project, HOME).title == "Fietspad"


def test_reports_store_their_client_key_next_to_the_participant(store, project):
    idea = post(store, project)
    report(store, idea, HOME)
    report(store, idea, None)
    with store.reading() as session:
        clients = session.scalars(select(IdeaReportRow.client).order_by(IdeaReportRow.id)).all()
    assert len(clients[0]) == 64 and clients[1] is None
