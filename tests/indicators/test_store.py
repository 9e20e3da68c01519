"""The project's indicator entries in the store: saved, read back, changed, reset, refused.

Every test runs on SQLite and PostgreSQL (the ``store`` / ``project`` fixtures).
"""

from __future__ import annotations

import pandas as pd
import pytest

from wijk_core.indicators import store as indicator_store
from wijk_core.indicators.catalogue import IndicatorEntry, apply_entries, catalogue_csv, read_catalogue_entries
from wijk_core.readers.catalogue import default_catalogue
from wijk_core.store import StoreError
from wijk_core.store import projects as project_store
from wijk_core.store.base import LABEL_MAX, printable

HEAT = IndicatorEntry("comp_age0To9", "Jonge kinderen (0–9)", "Jeunes enfants (0–9)", "Young children (0–9)",
                      "score 0–10", "intensive", "MS_NBR_NON_ZERO_INC", "need_if_higher")


def test_entries_are_saved_and_read_back(store, project):
    mine = {"indicator": "OPPERVLAKKTE IN HM²", "label_nl": "  Oppervlakte\n(hm²) ", "label_fr": "",
            "label_en": None, "unit": "hm²", "kind": "extensief", "denominator": "pop_total", "direction": "lager"}

    saved = store.write(indicator_store.save_indicator_entries, project.id, [HEAT, mine])

    assert saved == store.read(indicator_store.indicator_entries, project.id)
    assert saved == [
        IndicatorEntry("OPPERVLAKKTE IN HM²", "Oppervlakte (hm²)", "Oppervlakte (hm²)", "Oppervlakte (hm²)", "hm²",
                       "extensive", "", "need_if_lower"),  # one line; the Dutch name fills in; a sum has no weight
        HEAT,
    ]


def test_saving_changes_the_given_entries_and_keeps_the_others(store, project):
    store.write(indicator_store.save_indicator_entries, project.id, [HEAT])
    other = IndicatorEntry("ses_income", "Inkomen", "Revenu", "Income", "", "intensive", "", "neutral")
    changed = IndicatorEntry(**{**HEAT.values(), "indicator": HEAT.indicator, "label_en": "Children 0–9"})

    after = store.write(indicator_store.save_indicator_entries, project.id, [other, changed])

    assert after == [changed, other]
    assert store.read(indicator_store.indicator_entries, project.id) == [changed, other]


def test_reset_removes_some_or_all_entries(store, project):
    other = IndicatorEntry("ses_income", "Inkomen", "Revenu", "Income", "", "intensive", "", "neutral")
    store.write(indicator_store.save_indicator_entries, project.id, [HEAT, other])

    assert store.write(indicator_store.reset_indicator_entries, project.id, ["ses_income", "unknown"]) == 1
    assert store.read(indicator_store.indicator_entries, project.id) == [HEAT]
    assert store.write(indicator_store.reset_indicator_entries, project.id) == 1
    assert store.read(indicator_store.indicator_entries, project.id) == []


def test_entries_belong_to_one_project(store, project):
    other = store.write(project_store.create_project, "Sluizeken")
    store.write(indicator_store.save_indicator_entries, other.id, [HEAT])

    assert store.read(indicator_store.indicator_entries, project.id) == []
    store.write(indicator_store.reset_indicator_entries, project.id)
    assert store.read(indicator_store.indicator_entries, other.id) == [HEAT]


@pytest.mark.parametrize(("entry", "code"), [
    ({"indicator": "", "label_nl": "Leeg", "kind": "intensive"}, "errors.indicator_id_invalid"),
    ({"indicator": "a\x00b", "label_nl": "Nul", "kind": "intensive"}, "errors.indicator_id_invalid"),
    ({"indicator": "x" * 201, "label_nl": "Lang", "kind": "intensive"}, "errors.indicator_id_invalid"),
    ({"indicator": "ses_income", "label_nl": "  ", "kind": "intensive"}, "errors.indicator_label_missing"),
    ({"indicator": "ses_income", "label_nl": "Inkomen", "kind": "soms"}, "errors.criteria_option_invalid"),
    ({"indicator": "ses_income", "label_nl": "Inkomen", "kind": "intensive", "direction": "opzij"},
     "errors.criteria_option_invalid"),
    ({"indicator": "ses_income", "label_nl": "I" * 201, "kind": "intensive"}, "errors.text_too_long"),
    ({"indicator": "ses_income", "label_nl": "Inkomen", "kind": "intensive", "unit": "u" * 41},
     "errors.text_too_long"),
])
def test_a_wrong_entry_is_refused_and_nothing_is_written(store, project, entry, code):
    with pytest.raises(StoreError) as caught:
        store.write(indicator_store.save_indicator_entries, project.id, [HEAT, entry])
    assert caught.value.code == code
    assert store.read(indicator_store.indicator_entries, project.id) == []


def test_an_unknown_project_is_refused(store):
    with pytest.raises(StoreError) as caught:
        store.write(indicator_store.save_indicator_entries, 999, [HEAT])
    assert caught.value.code == "errors.project_not_found"


def test_a_hostile_name_is_kept_as_text(store, project, hostile_text):
    entry = {"indicator": "ses_income", "label_nl": hostile_text, "kind": "intensive"}
    expected = " ".join(printable(hostile_text).split())  # one line, no control characters
    if not expected or len(expected) > LABEL_MAX:
        with pytest.raises(StoreError):
            store.write(indicator_store.save_indicator_entries, project.id, [entry])
        assert store.read(indicator_store.indicator_entries, project.id) == []
        return
    store.write(indicator_store.save_indicator_entries, project.id, [entry])
    [saved] = store.read(indicator_store.indicator_entries, project.id)
    assert saved.label_nl == saved.label_fr == saved.label_en == expected


def test_an_imported_catalogue_file_saved_and_read_back_is_the_exported_one(store, project):
    base = default_catalogue(pd.DataFrame(columns=["MS_NBR_NON_ZERO_INC", "comp_age0To9", "ses_income", "x_y"]))
    edited = apply_entries(base, [HEAT, IndicatorEntry("x_y", "=Mijn kolom", "", "", "-", "extensive", "", "")])
    exported = catalogue_csv(edited)

    entries = read_catalogue_entries(exported, "indicator_catalogue.csv", indicators=base.index)
    store.write(indicator_store.save_indicator_entries, project.id, entries)
    stored = store.read(indicator_store.indicator_entries, project.id)

    assert catalogue_csv(apply_entries(base, stored)) == exported
