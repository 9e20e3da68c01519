"""read_indicators: shapes, notations and everything set aside, on tiny and real tables."""

from __future__ import annotations

import csv
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from wijk_core.readers import TableError, read_indicators

LAYER = ["23003A001", "23003A012", "23003A02-", "23003B00-"]


def test_semicolon_csv_with_decimal_commas_and_cp1252():
    text = ("CD_SECTOR;Naam;inkomen_gemiddeld;aandeel_65plus\n"
            "23003A001;Château;32.456,5;17,2\n"
            "23003A012;Rodestraat;1.234;9,5\n")
    table = read_indicators(text.encode("cp1252"), "gemeente.csv")
    assert table.separator == ";" and table.encoding == "cp1252"
    assert table.data.loc["23003A001"].tolist() == [32456.5, 17.2]
    assert table.data.loc["23003A012", "inkomen_gemiddeld"] == 1234.0
    assert table.report.get("report.encoding").params["encoding"] == "cp1252"
    assert table.report.get("report.text_columns").examples == ("Naam",)


def test_utf8_file_reports_no_encoding_issue():
    table = read_indicators("cd_sector,x\n23003A001,1\n".encode("utf-8-sig"), "a.csv")
    assert table.encoding == "utf-8-sig" and table.report.get("report.encoding") is None


def test_statbel_txt_with_suppression_markers():
    text = ("CD_YEAR|CD_REFNIS|CD_SECTOR|TX_SECTOR_DESCR_NL|MS_NBR_NON_ZERO_INC|MS_AVG_TOT_NET_TAXABLE_INC\n"
            "2023|23003|23003A001|KERN|618|37202\n"
            "2023|23003|23003A012|KERKVELD|12|C\n"
            "2023|23003|23003A02-|VELD|25|.\n"
            "2023|23003|23003B00-|BOS|-99999|\n")
    table = read_indicators(text.encode(), "TF_PSNL_INC_TAX_SECTOR.txt", sectors=LAYER)
    assert table.separator == "|" and table.year == 2023
    assert list(table.data.columns) == ["MS_NBR_NON_ZERO_INC", "MS_AVG_TOT_NET_TAXABLE_INC"]
    assert table.data["MS_NBR_NON_ZERO_INC"].tolist()[:3] == [618, 12, 25]
    suppressed = table.report.get("report.suppressed_values")
    assert suppressed.count == 4 and suppressed.params["rows"] == 3
    assert "23003A012 MS_AVG_TOT_NET_TAXABLE_INC" in suppressed.examples
    assert table.report.get("report.non_numeric") is None
    assert set(table.report.get("report.text_columns").examples) == {"CD_REFNIS", "TX_SECTOR_DESCR_NL"}


def test_non_numeric_values_are_counted_with_row_column_and_value():
    text = "cd_sector,a,b\n23003A001,1,2\n23003A012,twee,3\n23003A02-,3,n.v.t.\n"
    table = read_indicators(text.encode(), "typos.csv")
    issue = table.report.get("report.non_numeric")
    assert issue.count == 2
    assert issue.examples == ("23003A012 a='twee' (row 3)", "23003A02- b='n.v.t.' (row 4)")
    assert np.isnan(table.data.loc["23003A012", "a"])
    assert table.data.loc["23003A012", "b"] == 3


def test_unknown_codes_are_kept_aside_and_missing_sectors_listed():
    text = "CD_SECTOR,x\n23003A001,1\n23003A012,2\n99999A001,3\n23003ZZZZ,4\n"
    table = read_indicators(text.encode(), "t.csv", sectors=LAYER)
    assert table.data.index.tolist() == ["23003A001", "23003A012"]
    assert table.unknown.index.tolist() == ["23003ZZZZ", "99999A001"]
    assert table.unknown.loc["23003ZZZZ", "x"] == 4
    unknown = table.report.get("report.unknown_codes")
    assert unknown.count == 2 and unknown.examples == ("99999A001", "23003ZZZZ")
    assert table.report.get("report.unlocated_codes").examples == ("23003ZZZZ",)
    missing = table.report.get("report.sectors_without_data")
    assert missing.count == 2 and missing.examples == ("23003A02-", "23003B00-")


def test_a_table_of_another_generation_matches_nothing():
    table = read_indicators(b"CD_SECTOR,x\n44021A00-,1\n", "gent.csv", sectors=LAYER)
    issue = table.report.get("report.no_matching_codes")
    assert issue.severity.value == "error" and not table.report.ok
    assert table.data.empty and len(table.unknown) == 1


def test_duplicates_keep_the_first_row():
    text = "CD_SECTOR,x\n23003A001,1\n23003A001,5\n23003A012,2\n"
    table = read_indicators(text.encode(), "dup.csv")
    assert table.data.loc["23003A001", "x"] == 1
    duplicate = table.report.get("report.duplicate_codes")
    assert duplicate.count == 1 and duplicate.examples == ("23003A001",)


def test_invalid_codes_are_kept_aside():
    text = "CD_SECTOR,x\n23003A001,1\nTotaal,3\n23003A1,4\n,5\n"
    table = read_indicators(text.encode(), "totals.csv")
    assert table.data.index.tolist() == ["23003A001"]
    issue = table.report.get("report.invalid_codes")
    assert issue.count == 3 and issue.examples[0] == "row 3: 'Totaal'"
    assert table.invalid["_row"].tolist() == [3, 4, 5]


def test_long_table_keeps_the_latest_year_or_the_chosen_one():
    text = ("CD_SECTOR,CD_YEAR,x\n23003A001,2021,1\n23003A001,2023,3\n23003A001,2022,2\n"
            "23003A012,2021,10\n")
    latest = read_indicators(text.encode(), "long.csv")
    assert latest.year == 2023 and latest.years == (2021, 2022, 2023)
    assert latest.data.index.tolist() == ["23003A001"]
    assert latest.report.get("report.year_chosen").params["year"] == 2023
    chosen = read_indicators(text.encode(), "long.csv", year=2021)
    assert chosen.data["x"].to_dict() == {"23003A001": 1.0, "23003A012": 10.0}
    assert chosen.report.get("report.duplicate_codes") is None
    with pytest.raises(TableError) as caught:
        read_indicators(text.encode(), "long.csv", year=2019)
    assert caught.value.code == "errors.year_not_available"
    assert caught.value.params["years"] == "2021, 2022, 2023"


def test_year_is_ignored_for_a_wide_table():
    table = read_indicators(b"cd_sector,x\n23003A001,1\n", "wide.csv", year=2020)
    assert table.year is None and table.years == ()


def test_long_table_by_variable_is_pivoted():
    text = ("cd_sector;jaar;variable;waarde\n23003A001;2024;bevolking;100\n"
            "23003A001;2024;huishoudens;40\n23003A012;2024;bevolking;C\n"
            "23003A012;2024;bevolking;7\n")
    table = read_indicators(text.encode(), "pinc_long.csv")
    assert list(table.data.columns) == ["bevolking", "huishoudens"]
    assert table.data.loc["23003A001"].tolist() == [100, 40]
    assert np.isnan(table.data.loc["23003A012", "bevolking"])  # first row kept
    assert table.report.get("report.duplicate_codes").examples == ("23003A012/bevolking",)


def test_xlsx_written_with_openpyxl():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["CD_SECTOR", "CD_YEAR", "MS_NBR_NON_ZERO_INC", "MS_AVG_TOT_NET_TAXABLE_INC"])
    sheet.append(["23003A001", 2022, 600, 36000.5])
    sheet.append(["23003A001", 2023, 618, 37202])
    sheet.append(["23003A012", 2023, 12, "C"])
    sheet.append(["23003A02-", 2023, 25, "12.345,6"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_indicators(buffer.getvalue(), "TF_PSNL_INC_TAX_SECTOR.xlsx")
    assert table.encoding is None and table.year == 2023
    assert table.data["MS_NBR_NON_ZERO_INC"].tolist() == [618, 12, 25]
    assert table.data["MS_AVG_TOT_NET_TAXABLE_INC"].tolist()[::2] == [37202, 12345.6]
    assert table.report.get("report.suppressed_values").count == 1


def test_no_code_column_and_no_numbers():
    with pytest.raises(TableError) as caught:
        read_indicators(b"gemeente,x\nBeersel,1\n", "no_codes.csv")
    assert caught.value.code == "errors.sector_code_column_missing"
    assert caught.value.params["columns"] == "gemeente, x"
    with pytest.raises(TableError) as caught:
        read_indicators(b"cd_sector,naam\n23003A001,Kern\n", "names.csv")
    assert caught.value.code == "errors.no_indicator_columns"


# --- real files (shared/data/real) --------------------------------------------------------

INCOME = "zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv"
MONEY = ["MS_TOT_NET_TAXABLE_INC", "MS_AVG_TOT_NET_TAXABLE_INC", "MS_MEDIAN_NET_TAXABLE_INC",
         "MS_INT_QUART_DIFF", "MS_INT_QUART_COEFF", "MS_INT_QUART_ASSYM"]


@pytest.fixture
def zennevallei(real):
    from wijk_core.readers import read_sectors

    return read_sectors(real("zennevallei_sectors_statbel_20240101.geojson")).sectors


def _rows(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_income_latest_year(real, zennevallei):
    path = real(INCOME)
    table = read_indicators(path, sectors=zennevallei)
    assert table.year == 2023 and table.years == (2019, 2020, 2021, 2022, 2023)
    assert len(table.data) == 129 and table.unknown.empty
    missing = table.report.get("report.sectors_without_data")
    assert set(missing.examples) == {"23003E0MS", "23077E09-", "23098A0NS"} and missing.count == 3
    rows_2023 = [row for row in _rows(path) if row["CD_YEAR"] == "2023"]
    empty_cells = sum(row[column] == "" for row in rows_2023 for column in MONEY)
    suppressed = table.report.get("report.suppressed_values")
    assert suppressed.count == empty_cells == 60
    assert suppressed.params["rows"] == 16
    fully = table.data[MONEY].isna().all(axis=1)
    assert fully.sum() == 7 and table.data.loc[fully, "MS_NBR_NON_ZERO_INC"].notna().all()
    # an extensive column sums to the file's total
    total = sum(float(row["MS_TOT_NET_TAXABLE_INC"] or 0) for row in rows_2023)
    assert table.data["MS_TOT_NET_TAXABLE_INC"].sum() == pytest.approx(total)
    assert table.data["MS_NBR_NON_ZERO_INC"].sum() == 68419


def test_income_every_year_has_its_suppressed_rows(real):
    path = real(INCOME)
    fully_suppressed = 0
    for year in (2019, 2020, 2021, 2022, 2023):
        table = read_indicators(path, year=year)
        assert len(table.data) == 129
        fully_suppressed += int(table.data[MONEY].isna().all(axis=1).sum())
    assert fully_suppressed == 35  # README: 35 rows suppressed by Statbel in the 5 years


def test_gent_fluvius_against_2025_sectors(real):
    from wijk_core.readers import read_sectors

    gent = read_sectors(real("gent_sectors_2025codes_stadgent.geojson"))
    table = read_indicators(real("gent_fluvius_energy_2018_2021_pre2025codes.csv"), sectors=gent)
    assert table.year == 2021
    assert len(table.data) == 93 and len(table.unknown) == 109
    assert table.report.get("report.unknown_codes").count == 109
    assert table.report.get("report.sectors_without_data").count == 161
    assert table.report.get("report.unlocated_codes").examples == ("44021ZZZZ",)
    assert table.report.get("report.text_columns").examples == ("geolevel",)


def test_zennevallei_fluvius_keeps_the_zzzz_totals_aside(real, zennevallei):
    path = real("zennevallei_fluvius_energy_2018_2021.csv")
    table = read_indicators(path, sectors=zennevallei)
    assert len(table.data) == 132 and table.report.get("report.sectors_without_data") is None
    assert sorted(table.unknown.index) == [f"{nis}ZZZZ" for nis in
                                           ("23003", "23027", "23064", "23077", "23098", "23100")]
    total = sum(float(row["v2506_gas_res_cons"]) for row in _rows(path) if row["CD_YEAR"] == "2021")
    kept = table.data["v2506_gas_res_cons"].sum() + table.unknown["v2506_gas_res_cons"].sum()
    assert kept == pytest.approx(total)


def test_heat_vulnerability_wide(real, zennevallei):
    table = read_indicators(real("zennevallei_heat_vulnerability_2026.csv"), sectors=zennevallei)
    assert table.year is None and len(table.data) == 132 and len(table.data.columns) == 21
    assert set(table.report.get("report.text_columns").examples) == {
        "tx_sector_descr_nl", "tx_munty_descr_nl", "status"}
    raw = pd.read_csv(real("zennevallei_heat_vulnerability_2026.csv"))
    assert table.report.get("report.suppressed_values").count == int(
        raw[table.data.columns].isna().sum().sum())
