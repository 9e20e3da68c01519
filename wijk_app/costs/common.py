"""What every section of the costs page shares: the project's study, the scenario picker, labels."""

from __future__ import annotations

import streamlit as st

from wijk_core.costs import Parameters
from wijk_core.errors import WijkError
from wijk_core.i18n import format_money, format_percent_value
from wijk_core.costs.store import StoredScenario, get_budget, get_parameters, list_scenarios

from ..cache import store
from ..state import lang, renew, show_error, tr, widget_key

SELECT_KEY = "costs_scenario"
_SELECT_NEXT_KEY = "_costs_scenario_next"
NEW = -1
"""Option of the scenario picker that opens the "new scenario" form."""


ERROR_NAMES = {"field": "costs.field.", "category": "costs.category."}
"""Error parameters shown by their translated name (see :func:`wijk_app.state.error_text`)."""


def select_next(scenario_id: int) -> None:
    """Open this scenario in the picker on the next run (the picker's state cannot change after drawing).

    The picker gets a new key: the browser's copy of the old choice, sent back by a click that interrupts the
    next run, then belongs to a widget that is gone and cannot undo the change.
    """
    st.session_state[_SELECT_NEXT_KEY] = scenario_id
    renew(SELECT_KEY)


def apply_selection(options: list[int]) -> str:
    """Set the picker before it is drawn; its key."""
    key = widget_key(SELECT_KEY)
    wanted = st.session_state.pop(_SELECT_NEXT_KEY, None)
    if wanted in options:
        st.session_state[key] = wanted
    elif st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    return key


def selected_scenario() -> int | None:
    """The id chosen in the scenario picker (``NEW`` for the new-scenario form)."""
    return st.session_state.get(widget_key(SELECT_KEY))


def study(project_id: int) -> tuple[Parameters, list[StoredScenario]]:
    """The project's parameters (defaults until saved) and its scenarios in order."""
    try:
        with store().reading() as session:
            return (get_parameters(session, project_id) or Parameters(),
                    list_scenarios(session, project_id))
    except WijkError as err:  # stored data that no longer passes the checks: say so, keep going
        show_error(err, ERROR_NAMES)
        return Parameters(), []


def budget_lines(project_id: int):
    return store().read(get_budget, project_id)


def money(value: float, decimals: int = 0) -> str:
    return format_money(value, lang(), decimals)


def share(value: float) -> str:
    return format_percent_value(value, lang(), 1)


def labels(prefix: str, keys) -> dict[str, str]:
    """``{key: translation of prefix + key}`` for chart legends and tables."""
    return {key: tr(f"{prefix}{key}") for key in keys}
