"""Classes, colours and legend of the indicator map."""

import json

import numpy as np
import pandas as pd
import pytest

from wijk_core.maps.choropleth import (NO_DATA_COLOUR, ChoroplethError, classify,
                                  legend_control)

VALUES = pd.Series([1, 2, 3, np.nan, 5, 6, 7, 8, 9, 100.0], index=list("abcdefghij"), name="x")


def test_quantiles_put_equal_counts_in_each_class():
    c = classify(VALUES, "quantiles", 3)
    assert c.counts == (3, 3, 3) and c.missing == 1
    assert c.classes["d"] == -1 and c.classes["a"] == 0 and c.classes["j"] == 2
    assert c.lower[0] == 1.0 and c.upper[-1] == 100.0


def test_equal_interval_bounds_are_equal_widths():
    c = classify(VALUES, "equal_interval", 3)
    assert c.upper == pytest.approx((34.0, 67.0, 100.0))
    assert c.counts == (8, 0, 1)


def test_natural_breaks_isolate_the_outlier():
    c = classify(VALUES, "natural_breaks", 3)
    assert c.counts[-1] == 1 and c.classes["j"] == 2


def test_colours_follow_classes_and_missing_is_grey():
    c = classify(VALUES, "quantiles", 3)
    colours = c.colour_of()
    assert colours["d"] == NO_DATA_COLOUR
    assert colours["a"] == c.colours[0] and colours["j"] == c.colours[-1]
    assert classify(VALUES, "quantiles", 3, reverse=True).colour_of()["a"] == c.colours[-1]


def test_few_distinct_values_give_fewer_classes():
    c = classify(pd.Series([2.0, 2.0, 5.0]), "quantiles", 5)
    assert len(c.upper) == 2 and sum(c.counts) == 3


@pytest.mark.parametrize("kwargs,code", [
    ({"method": "jenks"}, "errors.class_method_unknown"),
    ({"k": 9}, "errors.class_count_out_of_range"),
])
def test_bad_options(kwargs, code):
    with pytest.raises(ChoroplethError) as caught:
        classify(VALUES, **kwargs)
    assert caught.value.code == code


def test_no_value_at_all():
    with pytest.raises(ChoroplethError) as caught:
        classify(pd.Series([np.nan, np.nan], name="leeg"))
    assert caught.value.code == "errors.indicator_no_values"


HOSTILE = '<img src=x onerror="alert(1)">'


def test_legend_escapes_titles():
    c = classify(VALUES, "quantiles", 3)
    rendered = legend_control(c, HOSTILE, "geen waarde", lambda v: f"{v:.0f}").html_json
    text = json.loads(rendered)
    assert "<img" not in text and "&lt;img" in text
    assert "geen waarde (1)" in text
