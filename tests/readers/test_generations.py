"""Which generation of sector codes a table and the geometry look like, and what the report says."""

from __future__ import annotations

from wijk_core.readers.generations import Generation, code_match_issues, fits_other_geometry, looks_like
from wijk_core.readers.geometry import read_sectors
from wijk_core.readers.indicators import read_indicators

PRE = ["44021A03-", "44021A040", "44021A20-", "23003D0MS", "21001A3MJ"]  # the forms used before 2025
SPLIT = ["44021A03K", "44021A04L", "44021A41M"]  # parts of sectors split by the 2025 reform


def test_split_codes_say_2025_and_name_their_examples():
    guess = looks_like(["44021A00-", "44021A010", *SPLIT])
    assert (guess.generation, guess.clue, guess.split_codes) == (Generation.GEN_2025, "split_codes", 3)
    assert guess.examples == tuple(sorted(SPLIT))


def test_two_letters_after_a_digit_are_pre_2025_forms_not_splits():
    assert looks_like(PRE).generation is Generation.UNKNOWN  # too few codes and no years: no guess
    assert looks_like(PRE, years=[2018, 2021]) == looks_like(PRE, years=[2021])
    assert looks_like(PRE, years=[2021]).generation is Generation.PRE_2025
    assert looks_like(PRE, years=[2021, 2025]).generation is Generation.UNKNOWN


def test_many_codes_without_a_split_look_pre_2025_and_unlocated_codes_do_not_count():
    many = [f"23003A{number:03d}" for number in range(120)]
    assert looks_like(many).clue == "no_split_codes"
    assert looks_like(["23003A00-", "23003A01K", "23003ZZZZ"]).generation is Generation.GEN_2025
    assert looks_like(["23003ZZZZ"] * 3).generation is Generation.UNKNOWN


def test_a_pre_2025_table_on_2025_geometry_is_named_both_ways():
    layer = ["44021A00-", "44021A03K", "44021A03L"]
    table = ["44021A00-", "44021A03-"]
    codes = [(i.code, i.count, i.params) for i in code_match_issues(table, layer, years=[2020], source="t.csv")]
    assert codes == [("report.codes_matched", 1, {"sectors": 3, "table_codes": 2}),
                     ("report.codes_older_than_layer", 1, {})]


def test_a_2025_table_on_pre_2025_geometry_and_an_unclear_case():
    many_pre = [f"44021A{number:03d}" for number in range(150)]
    [matched, newer] = code_match_issues(["44021A000", "44021A03K", "44021A03L"], many_pre)
    assert (matched.count, newer.code, newer.count, newer.examples) == (
        1, "report.codes_newer_than_layer", 2, ("44021A03K", "44021A03L"))
    [_, unclear] = code_match_issues(["11001A000", "11001A001"], ["23003A000"])
    assert unclear.code == "report.code_generations_unclear"


def test_nothing_is_said_when_every_code_matches_and_only_the_match_when_the_table_covers_part():
    assert code_match_issues(["23003A000", "23003A001"], ["23003A001", "23003A000"]) == []
    [only] = code_match_issues(["23003A000"], ["23003A000", "23003A001"])
    assert (only.code, only.count, only.params["sectors"]) == ("report.codes_matched", 1, 2)


def test_gent_2025_geometry_with_the_pre_2025_fluvius_table(real):
    layer = read_sectors(real("gent_sectors_2025codes_stadgent.geojson"))
    table = read_indicators(real("gent_fluvius_energy_2018_2021_pre2025codes.csv"), sectors=layer)
    matched = table.report.get("report.codes_matched")
    assert (matched.count, matched.params) == (93, {"sectors": 254, "table_codes": 202})
    older = table.report.get("report.codes_older_than_layer")
    assert older.count == 109
    assert all(code.startswith("44021") and code[-1] >= "K" for code in older.examples)
    message = older.message()
    assert "before the 2025 reform" in message and "2025 codes" in message and "second geometry" in message


def test_zennevallei_tables_join_their_geometry_without_a_generation_warning(real):
    layer = read_sectors(real("zennevallei_sectors_statbel_20240101.geojson"))
    table = read_indicators(real("zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv"), sectors=layer)
    assert not {"report.codes_older_than_layer", "report.codes_newer_than_layer",
                "report.code_generations_unclear"} & set(table.report.codes())


def test_a_table_fits_the_other_geometry_when_it_misses_fewer_than_half_as_many_codes_there():
    layer, other = ["11001A00K", "11001A00L", "11001A01-"], ["11001A00-", "11001A01-"]
    assert fits_other_geometry(["11001A00-", "11001A01-"], layer, other)  # 1 missing here, 0 there
    assert not fits_other_geometry(["11001A00-", "11001A01-", "11001A77-"], layer, other)  # 2 here, 1 there
    assert not fits_other_geometry(layer, layer, other)  # the project's own codes
    assert not fits_other_geometry(["11001A01-", "11001ZZZZ"], layer, other)  # ZZZZ is never a sector
