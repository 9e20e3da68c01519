"""The shipped municipality list: both code generations, the 2025 mergers, lookups in three languages."""

from __future__ import annotations

import pytest

from wijk_core.sectors.municipalities import (codes_for_edition, find_municipalities, municipalities, municipality,
                                              region_of)


def test_counts_per_generation_and_region():
    rows = municipalities()
    assert sum(m.pre2025 for m in rows) == 581
    assert sum(m.from2025 for m in rows) == 565
    current = [m for m in rows if m.from2025]
    assert [sum(m.region == r for m in current) for r in ("02000", "03000", "04000")] == [285, 261, 19]
    assert len({m.nis5 for m in rows}) == len(rows)


def test_a_known_merger_both_ways():
    merged = municipality("46030")
    assert merged.name_nl == "Beveren-Kruibeke-Zwijndrecht" and merged.from2025 and not merged.pre2025
    assert codes_for_edition("46030", "2024") == ("11056", "46003", "46013")  # Zwijndrecht was in Antwerp province
    assert codes_for_edition("46013", "2025") == ("46030",)
    assert codes_for_edition("44040", "2025") == ("44088",)  # Melle → Merelbeke-Melle
    assert codes_for_edition("23003", "2024") == codes_for_edition("23003", "2025") == ("23003",)
    # Antwerpen keeps its code and takes in Borsbeek
    assert municipality("11007").nis5_2025 == "11002" and codes_for_edition("11002", "2024") == ("11002",)
    with pytest.raises(ValueError):
        codes_for_edition("99999", "2024")


@pytest.mark.parametrize("query, code", [
    ("beersel", "23003"), ("LIEGE", "62063"), ("Lüttich", "62063"), ("luik", "62063"), ("Bruxelles", "21004"),
    ("brussel", "21004"), ("Gammerages", "23023"), ("la calamine", "63040"), ("Kelmis", "63040"),
    ("sankt-vith", "63067"), ("44088", "44088"), ("merelbeke melle", "44088"), ("Bastnach", "82039"),
])
def test_lookup_by_name_in_three_languages_and_by_code(query, code):
    assert code in [m.nis5 for m in find_municipalities(query)]


def test_names_that_start_with_the_query_come_first_and_empty_finds_nothing():
    found = find_municipalities("Melle")
    assert found[0].nis5 == "44040" and "44088" in [m.nis5 for m in found]
    assert find_municipalities("  ") == [] and find_municipalities("zzzz") == []
    assert region_of("21004") == "04000" and region_of("00000") is None
    assert municipality("62063").name("de") == "Lüttich" and municipality("62063").name("en") == "Liège"
