"""Small builders and checks shared by the tests of wijk_core.costs."""

from __future__ import annotations

import re

import pytest

from wijk_core.costs import CostError, CostItem, Scenario
from wijk_core.i18n import LANGUAGES, t


def one(*items: CostItem, area: float = 100.0, externalities=()) -> Scenario:
    """A scenario named "Test" of the given items, 100 m² unless told."""
    return Scenario("Test", area, items, externalities)


def code_and_params(caught: pytest.ExceptionInfo[CostError]) -> tuple[str, dict]:
    """The message code and parameters of a caught cost error."""
    return caught.value.code, caught.value.params


def message_in_every_language(err: CostError) -> list[str]:
    """The error's message in nl, fr and en, each checked to be a filled-in catalogue text."""
    messages = [t(err.code, lang, **err.params) for lang in LANGUAGES]
    for message in messages:
        assert message != err.code and not re.search(r"\{\w+\}", message), message
    return messages
