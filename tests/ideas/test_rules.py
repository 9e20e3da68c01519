"""Participant tokens, rate limits, the report threshold and marker sizes."""

from datetime import timedelta

import pytest

from wijk_core.ideas import (IdeaError, RateLimit, check_report_threshold, is_issued_token, marker_radius,
                             new_participant_token, participant_key)


def test_tokens_are_random_and_only_their_hash_is_kept():
    first, second = new_participant_token(), new_participant_token()
    assert first != second and len(first) == 32
    key = participant_key(first)
    assert key == participant_key(first) != participant_key(second) and len(key) == 64 and first not in key
    with pytest.raises(ValueError):
        participant_key("short")
    with pytest.raises(TypeError):
        participant_key(None)


def test_only_tokens_of_the_issued_shape_are_taken_back_from_a_cookie():
    assert all(is_issued_token(new_participant_token()) for _ in range(1000))
    token = new_participant_token()
    for edited in (token[:-1], token + "a", token[:-1] + '"', token[:-1] + ";", token[:-1] + "é", "", None, 42):
        assert not is_issued_token(edited), edited


def test_rate_limits_must_be_positive():
    assert RateLimit(5, timedelta(seconds=61)).minutes == 2
    for count, window in [(0, timedelta(minutes=1)), (1, timedelta(0)), (True, timedelta(minutes=1))]:
        with pytest.raises(ValueError):
            RateLimit(count, window)


def test_report_threshold():
    assert check_report_threshold(1) == 1 and check_report_threshold(100) == 100
    for bad in (0, 101, 2.0, "3", True):
        with pytest.raises(IdeaError) as caught:
            check_report_threshold(bad)
        assert caught.value.code == "errors.ideas_report_threshold_invalid"


def test_markers_grow_with_support_by_area_and_stay_tappable():
    assert marker_radius(-8) == marker_radius(0) == 6.0 == marker_radius(float("nan"))
    assert marker_radius(4) == pytest.approx(11.0)  # 6 + 2.5 * sqrt(4)
    assert marker_radius(10_000) == 22.0
    radii = [marker_radius(s) for s in range(0, 60)]
    assert radii == sorted(radii)
