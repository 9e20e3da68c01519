"""Categories, stances, statuses and the vote scale."""

import numpy as np
import pytest

from wijk_core.ideas import (BUILTIN_CATEGORIES, Category, IdeaError, IdeaStatus, Stance, all_categories,
                             category_key, check_colour, check_vote)


def test_the_five_debatomap_categories_come_first_with_distinct_colours():
    assert [c.key for c in BUILTIN_CATEGORIES] == ["mobility", "environment", "local_economy", "leisure",
                                                   "services"]
    assert len({c.colour for c in BUILTIN_CATEGORIES}) == 5 and all(c.builtin for c in BUILTIN_CATEGORIES)
    merged = all_categories([Category("speelpleinen", "#56b4e9", "Speelpleinen"),
                             Category("mobility", "#000000", "Kaper")])
    assert list(merged)[-1] == "speelpleinen" and merged["mobility"].colour == "#0072b2"


@pytest.mark.parametrize("value, expected", [(-2, -2), (2, 2), ("+2", 2), ("\u22121", -1), (" 0 ", 0),
                                             (1.0, 1), (np.int64(-1), -1)])
def test_votes_accept_the_scale_in_several_spellings(value, expected):
    assert check_vote(value) == expected


@pytest.mark.parametrize("value", [3, -3, 1.5, True, "twee", None, "1e0"])
def test_votes_outside_the_scale_are_refused(value):
    with pytest.raises(IdeaError) as caught:
        check_vote(value)
    assert caught.value.code == "errors.ideas_vote_out_of_range"
    assert (caught.value.params["low"], caught.value.params["high"]) == (-2, 2)


def test_stances_and_statuses_take_aliases_and_refuse_the_rest():
    assert Stance("Tegen") is Stance.AGAINST and Stance("pour") is Stance.FOR and Stance("0") is Stance.NEUTRAL
    assert IdeaStatus("duplicate") is IdeaStatus.MERGED
    with pytest.raises(IdeaError) as caught:
        Stance("misschien")
    assert caught.value.code == "errors.ideas_stance_unknown"
    assert caught.value.params["allowed"] == "for, against, neutral"
    with pytest.raises(IdeaError):
        IdeaStatus("deleted")


def test_category_keys_and_colours():
    assert category_key("Speelpleinen & jeugd") == "speelpleinen_jeugd"
    assert category_key("Économie sociale") == "economie_sociale"
    assert category_key("🌳🌳").startswith("cat_")
    assert check_colour("#ABC") == "#aabbcc" and check_colour(" #0072B2 ") == "#0072b2"
    with pytest.raises(IdeaError) as caught:
        check_colour("red; background:url(x)")
    assert caught.value.code == "errors.ideas_colour_invalid"
