"""wijk_core.enums.AliasEnum: the one alias-accepting Enum base."""

import pytest

from wijk_core.enums import AliasEnum
from wijk_core.errors import WijkError


class Side(AliasEnum):
    LEFT = "left"
    RIGHT = "right"

    @classmethod
    def _aliases(cls):
        return {"Links": "left", "rechts": "right", "left": "right"}  # the canonical value wins


class StrictSide(AliasEnum):
    LEFT = "left"
    RIGHT = "right"

    @classmethod
    def _unknown(cls, value):
        return cls._refusal(WijkError, "errors.side_unknown", value)


def test_values_and_aliases_are_found_after_normalising():
    assert Side(" LEFT ") is Side.LEFT and Side("links") is Side.LEFT and Side("Rechts") is Side.RIGHT
    assert Side("left") is Side.LEFT
    assert Side.allowed() == "left, right"


def test_unknown_values_raise_value_error_or_the_domain_error():
    with pytest.raises(ValueError):
        Side("up")
    with pytest.raises(ValueError):
        Side(3)
    with pytest.raises(WijkError) as caught:
        StrictSide("up")
    assert caught.value.code == "errors.side_unknown"
    assert caught.value.params == {"value": "up", "allowed": "left, right"}
    # no catalogue message for this test code: the text still names the code and its params
    assert str(caught.value).startswith("errors.side_unknown") and "'value': 'up'" in str(caught.value)
