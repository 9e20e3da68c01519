"""The message catalogue and Belgian number formatting."""

import re
from pathlib import Path

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijk_core.i18n import (LANGUAGES, Language, catalogue, english, format_date, format_money, format_number,
                            format_numbers, format_percent_value, language, missing_keys, plotly_separators,
                            plural_form, t, tn, with_unit)

REPO = Path(__file__).resolve().parents[2]


def test_every_key_exists_in_every_language():
    assert missing_keys() == {}


def test_a_missing_key_is_detected(monkeypatch):
    fake = {"nl": {"a": "x", "b": "y"}, "fr": {"a": "x"}, "en": {"a": "x", "b": "y"}}
    monkeypatch.setattr("wijk_core.i18n.catalogue", lambda lang: fake[lang])
    assert missing_keys() == {"fr": {"b"}}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match_dutch(lang):
    """A translation uses exactly the placeholders of the Dutch message."""
    placeholder = re.compile(r"\{(\w+)\}")
    for key, dutch in catalogue("nl").items():
        assert set(placeholder.findall(catalogue(lang)[key])) == set(placeholder.findall(dutch)), key


def test_every_key_used_in_the_code_exists():
    used = set()
    pattern = re.compile(r"""\b(?:tr?|tn|trn)\(\s*["']([a-z_]+\.[a-z_.]+)["']""")
    for path in [REPO / "app.py", *REPO.glob("pages/*.py"), *REPO.glob("wijk_app/**/*.py")]:
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "no message keys found: the scan is broken"
    keys = _with_plural_groups(catalogue("nl"))
    # a key ending in "_" is a prefix completed at run time (labeller, 'origin_' + value)
    prefixes = {k for k in used if k.endswith("_")}
    assert {p for p in prefixes if not any(key.startswith(p) for key in keys)} == set()
    assert used - prefixes - keys == set()


def _with_plural_groups(messages) -> set[str]:
    """The message keys plus the names of their plural groups (``x`` for ``x.one``/``x.other``)."""
    return set(messages) | {key.rsplit(".", 1)[0] for key in messages if key.endswith((".one", ".other"))}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_plural_group_has_one_and_other(lang):
    keys = set(catalogue(lang))
    groups = {key.rsplit(".", 1)[0] for key in keys if key.endswith((".one", ".other"))}
    assert groups, "no plural groups found: the scan is broken"
    assert sorted(g for g in groups if {f"{g}.one", f"{g}.other"} - keys) == []


def test_plural_forms_follow_babel():
    assert [plural_form(n, "nl") for n in (0, 1, 2)] == ["other", "one", "other"]
    assert [plural_form(n, "fr") for n in (0, 1, 2)] == ["one", "one", "other"]
    assert [plural_form(n, "en") for n in (0, 1, 2)] == ["other", "one", "other"]


@pytest.mark.parametrize("lang, count, expected", [
    ("nl", 1, "1 actor ingelezen."), ("nl", 0, "0 actoren ingelezen."), ("nl", 2, "2 actoren ingelezen."),
    ("fr", 0, "0 acteur importé."), ("fr", 1, "1 acteur importé."), ("fr", 2, "2 acteurs importés."),
    ("en", 1, "1 stakeholder imported."), ("en", 3, "3 stakeholders imported.")])
def test_a_count_chooses_the_plural_form(lang, count, expected):
    assert tn("stakeholders.imported", count, lang) == expected
    # a plain t() with a count finds the group too: error and report messages use it
    assert t("stakeholders.imported", lang, count=count) == expected


@pytest.mark.parametrize("key, noun", [
    ("ideas.votes_count", "stemmen"), ("ideas.comments_count", "reacties"), ("report.text_columns", "kolommen"),
    ("stakeholders.imported", "actoren"), ("selection.candidates_added", "kandidaten")])
def test_one_never_meets_a_plural_noun(key, noun):
    """The issue's "1 reacties", "1 stemmen", "1 kolommen", "1 actoren ingelezen", "1 kandidaten toegevoegd"."""
    assert f"1 {noun}" not in t(key, "nl", count=1, examples="x")
    assert f"2 {noun}" in t(key, "nl", count=2, examples="x")


def test_english_chooses_the_plural_form():
    assert english("report.text_columns", count=1, examples="a") == (
        "1 column holds names, codes or text and is not used as an indicator: a.")


def test_no_count_message_left_without_plural_forms():
    """A message that puts a count before a word needs one/other forms."""
    before_word = re.compile(r"\{count\} \w")
    assert sorted(key for key, text in catalogue("nl").items()
                  if before_word.search(text) and not key.endswith((".one", ".other"))) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_other_number_meets_a_plural_noun(lang):
    """Messages with several numbers name them without a noun after each ("sectoren: 1")."""
    for key in ("selection.data_current", "stakeholders.interviews_progress"):
        text = t(key, lang, label="x", sectors=1, indicators=1, wijken=1, done=1, total=1)
        assert not re.search(r"\b1 (sectoren|indicatoren|wijken|actoren|secteurs|stakeholders|sectors)\b", text), text


def test_rate_limits_count_in_the_right_plural():
    assert t("errors.ideas_rate_limited_ideas", "nl", count=1, minutes=10, wait=1) == (
        "Je plaatste al 1 idee in de laatste 10 min. Probeer het over 1 min. opnieuw.")
    assert english("errors.ideas_rate_limited_comments", count=20, minutes=10, wait=3) == (
        "You posted 20 comments in the last 10 min. Try again in 3 min.")


def test_translation_fills_parameters_and_falls_back():
    assert t("project.created", "fr", name="Noord") == "Projet « Noord » créé."
    assert t("project.created", "xx", name="Noord") == "Project ‘Noord’ aangemaakt."
    assert t("no.such.key", "en") == "no.such.key"


def test_language_aliases():
    assert Language("nl-BE") is Language.NL
    assert Language("Français") is Language.FR
    assert language("de") == "nl"
    with pytest.raises(ValueError):
        Language("de")


def test_belgian_notation():
    assert format_money(1234.56, "nl") == "€\xa01.234,56"
    assert format_money(1234.56, "fr") == "1\u202f234,56\xa0€"
    assert format_money(1234567.4, "nl", decimals=0) == "€\xa01.234.567"
    assert format_number(1234.567, "nl", 1) == "1.234,6"
    assert format_number(1234.567, "en", 2) == "1.234,57"
    assert format_percent_value(0.256, "nl") == "25,6%"
    assert format_number(float("nan"), "nl") == "–"
    assert format_money(None, "fr") == "–"


def test_every_error_code_raised_by_the_core_has_a_message():
    """A user must never see a bare key: every ``errors.*``/``report.*`` literal in the core is catalogued."""
    pattern = re.compile(r"""["']((?:errors|report)\.[a-z0-9_]+)["']""")
    used = set()
    for path in (REPO / "wijk_core").rglob("*.py"):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "no error codes found: the scan is broken"
    assert sorted(used - _with_plural_groups(catalogue("nl"))) == []


def test_a_key_defined_twice_is_refused(tmp_path, monkeypatch):
    import wijk_core.i18n as i18n

    (tmp_path / "nl").mkdir()
    (tmp_path / "nl" / "a.toml").write_text('[x]\ny = "1"\n', encoding="utf-8")
    (tmp_path / "nl" / "b.toml").write_text('[x]\ny = "2"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "_HERE", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match="x.y"):
            i18n.catalogue("nl")
    finally:
        i18n.catalogue.cache_clear()


# --- format_numbers: format_number for a whole layer at once ----------------------------------

# no exact decimal ties (x.5 at the rounding digit) and nothing that rounds to zero from below
VALUES = [0, 1, 7, 12, -3, 999, 1000, -1000, 1234, 123456789, -987654, 0.3, 0.1 + 0.2, 1 / 3,
          -2 / 3, 12.3456, -12.3456, 999.9994, 0.9996, -0.9996, 999999.9999, -999999.9999,
          1234.5678, -1234567.891, 0.001234, 0.0996, 1e9 + 0.123, 2.675001, 7.77777, 31415.9264,
          np.float64(42.4242), np.int64(-45678), 10 ** 12 + 0.4]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("decimals", range(4))
def test_format_numbers_agrees_with_format_number(lang, decimals):
    expected = [format_number(value, lang, decimals) for value in VALUES]
    assert format_numbers(VALUES, lang, decimals) == expected
    assert format_numbers(pd.Series(VALUES, dtype=float), lang, decimals) == expected
    assert format_numbers(np.array(VALUES, dtype=float), lang, decimals) == expected


def test_format_numbers_uses_the_belgian_symbols():
    assert format_numbers([-1234567.891], "nl", 2) == ["-1.234.567,89"]
    assert format_numbers([-1234567.891], "fr", 2) == ["-1\u202f234\u202f567,89"]
    assert format_numbers([-1234567.891], "en", 2) == ["-1.234.567,89"]
    assert format_numbers([1234.5], "xx", 1) == format_numbers([1234.5], "nl", 1) == ["1.234,5"]
    assert format_numbers([], "nl") == []


def test_format_numbers_shows_missing_values_as_a_dash():
    values = [float("nan"), None, np.nan, 1.0, np.float64("nan")]
    assert format_numbers(values, "fr", 1) == ["–", "–", "–", "1,0", "–"]
    assert format_numbers(pd.Series([np.nan, 2.5]), "nl", 0) == ["–", "2"]
    assert format_number(None, "fr") == format_number(float("nan"), "en", 3) == "–"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("decimals", range(4))
def test_format_numbers_drops_the_sign_of_a_zero(lang, decimals):
    """Intended difference: Babel prints "-0" for a value that rounds to zero from below."""
    zero = "0" + ("," + "0" * decimals if decimals else "")
    for value in (-0.0, -0.0001, -0.4 * 10 ** -decimals):
        assert format_number(value, lang, decimals) == "-" + zero
        assert format_numbers([value], lang, decimals) == [zero]
    smallest_negative = -(10 ** -decimals)
    assert format_numbers([smallest_negative], lang, decimals) == [format_number(smallest_negative, lang,
                                                                                 decimals)]
    assert format_numbers([smallest_negative], lang, decimals)[0].startswith("-")


def _is_decimal_tie(value: float, decimals: int) -> bool:
    """Babel rounds the shortest decimal text (2.675 → 2.68), Python the binary value (2.67)."""
    digits = Decimal(repr(value)).scaleb(decimals)
    return digits - digits.to_integral_value(rounding="ROUND_FLOOR") == Decimal("0.5")


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e9, 1e9, allow_nan=False), st.integers(0, 3), st.sampled_from(LANGUAGES))
def test_format_numbers_agrees_with_babel_on_any_value(value, decimals, lang):
    if _is_decimal_tie(value, decimals):
        return
    expected = format_number(value, lang, decimals)
    if expected.startswith("-") and not expected.strip("-0,"):
        expected = expected[1:]  # the intended "-0" difference
    assert format_numbers([value], lang, decimals) == [expected]


def test_the_idea_map_has_one_name_per_language():
    """French once said both "Carte à idées" and "Carte des idées"."""
    for lang in LANGUAGES:
        assert t("nav.ideas", lang) == t("ideas.title", lang), lang
    texts = " ".join(catalogue("fr").values()).lower()
    assert "carte à idées" not in texts and "carte des idées" in texts


@pytest.mark.parametrize("lang, separators", [("nl", ",."), ("fr", ",\u202f"), ("en", ",.")])
def test_charts_use_the_separators_of_the_tables(lang, separators):
    assert plotly_separators(lang) == separators
    # the same marks format_number writes, so a chart and a table read alike
    written = format_number(1234.5, lang, 1)
    assert written == f"1{separators[1]}234{separators[0]}5"


@pytest.mark.parametrize("lang, day, month", [("nl", "4 dec 2026", "4 december 2026"),
                                              ("fr", "4 déc. 2026", "4 décembre 2026"),
                                              ("en", "04 Dec 2026", "4 December 2026")])
def test_dates_in_the_readers_language(lang, day, month):
    from datetime import date
    assert format_date(date(2026, 12, 4), lang) == day
    assert format_date(date(2026, 12, 4), lang, "long") == month


def test_euro_goes_where_the_language_puts_it():
    """The map legend said "21.623 EUR"; the README promises "€ 21.623"."""
    assert with_unit(format_number(21623, "nl"), "EUR", "nl") == "€\xa021.623"
    assert with_unit(format_number(21623, "fr"), "EUR", "fr") == "21\u202f623\xa0€"
    assert with_unit("21.623", "euro", "en") == "21.623\xa0€"
    assert with_unit("12,5", "%", "nl") == "12,5 %"
    assert with_unit("3", "", "nl") == "3" and with_unit("–", "EUR", "nl") == "–"
