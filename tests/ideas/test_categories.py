"""Categories, stances, statuses and the vote scale."""

import numpy as np
import pytest

from wijk_core.ideas import (BUILTIN_CATEGORIES, Category, IdeaError, IdeaStatus, Stance, all_categories,
                             category_key, check_colour, check_vote)
from wijk_core.ideas.categories import CUSTOM_COLOURS


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


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_offered_category_colour_stands_out_from_white_by_three_to_one():
    # WCAG 1.4.11: a marker or legend dot needs 3:1 against what surrounds it (the page is white)
    for colour in [category.colour for category in BUILTIN_CATEGORIES] + list(CUSTOM_COLOURS):
        assert (1.05) / (_luminance(colour) + 0.05) >= 3.0, colour
    assert round(1.05 / (_luminance("#e69f00") + 0.05), 2) == 2.25  # the Okabe–Ito orange itself would not
