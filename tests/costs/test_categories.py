"""Cost categories accept Dutch, French and English spellings."""

from __future__ import annotations

from wijk_core.costs import Category


def test_categories_accept_dutch_french_and_english_spellings():
    assert Category("Investering") is Category.INVESTMENT
    assert Category("entretien") is Category.MAINTENANCE
    assert Category("Einde levensduur") is Category.END_OF_LIFE
    assert Category("fin de vie") is Category.END_OF_LIFE
    assert Category("Énergie") is Category.ENERGY
    assert Category("bijkomende kosten") is Category.INITIAL_EXTRAS
