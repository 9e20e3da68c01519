"""Streamlit's own widget words in the user's language: the table the page's script translates from."""

import re

import pytest

from wijk_app.ui_words import streamlit_words


def _shown(words: dict, text: str) -> str:
    """What the page's script makes of ``text`` (the same rules, in Python)."""
    if text in words["exact"]:
        return words["exact"][text]
    for pattern, template in words["patterns"]:
        found = re.match(pattern, text)
        if found:
            return template.replace("\x00", "\xa0".join(g for g in found.groups() if g is not None))
    return text


@pytest.mark.parametrize("lang, english, shown", [
    ("nl", "Upload", "Opladen"), ("fr", "Upload", "Téléverser"),
    ("nl", "200MB per file", "200\xa0MB per bestand"), ("fr", "200MB per file", "200\xa0MB par fichier"),
    ("nl", "Drag and drop files here", "Sleep bestanden hierheen"),
    ("nl", "Press Enter to submit form", "Druk op Enter om te versturen"),
    ("fr", "Press ⌘+Enter to apply", "Appuyez sur ⌘+Entrée pour appliquer"),
    ("nl", "Select all", "Alles kiezen"), ("fr", "Remove Mobilité", "Retirer Mobilité"),
    ("nl", "Zoom in", "Inzoomen"), ("fr", "Download plot as a PNG", "Télécharger le graphique en PNG"),
    ("nl", "Een eigen tekst", "Een eigen tekst"),  # anything else stays as it is
])
def test_streamlits_words_are_translated(lang, english, shown):
    assert _shown(streamlit_words(lang), english) == shown


def test_english_changes_nothing():
    words = streamlit_words("en")
    assert words["exact"] == {}
    assert _shown(words, "200MB per file") == "200\xa0MB per file"
    assert _shown(words, "Remove Mobility") == "Remove Mobility"
