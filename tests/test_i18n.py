"""The message catalogue and Belgian number formatting."""

import re
from pathlib import Path

import pytest

from wijk_core.i18n import (LANGUAGES, Language, catalogue, format_money, format_number,
                            format_percent_value, language, missing_keys, t)

REPO = Path(__file__).resolve().parent.parent


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
    pattern = re.compile(r"""\btr?\(\s*["']([a-z_]+\.[a-z_.]+)["']""")
    for path in [REPO / "app.py", *REPO.glob("pages/*.py"), *REPO.glob("wijk_app/**/*.py")]:
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "no message keys found: the scan is broken"
    keys = set(catalogue("nl"))
    # a key ending in "_" is a prefix completed at run time (labeller, 'origin_' + value)
    prefixes = {k for k in used if k.endswith("_")}
    assert {p for p in prefixes if not any(key.startswith(p) for key in keys)} == set()
    assert used - prefixes - keys == set()


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
    assert sorted(used - set(catalogue("nl"))) == []


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
