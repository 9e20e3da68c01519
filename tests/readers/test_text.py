"""read_table: encodings, separators, XLSX sheets and header rows, zipped tables."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from wijk_core.readers import FileError
from wijk_core.readers.text import decode, read_table, sniff_separator

ROWS = "CD_SECTOR;TX_SECTOR_DESCR_NL;waarde\n23003A001;Sint-Genesius-Rode Château;1,5\n"


@pytest.mark.parametrize(("encoding", "expected"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"), ("utf-16", "utf-16"),
])
def test_encodings(encoding, expected):
    table = read_table(ROWS.encode(encoding), "table.csv")
    assert table.encoding == expected
    assert table.frame.loc[0, "TX_SECTOR_DESCR_NL"] == "Sint-Genesius-Rode Château"
    assert list(table.frame.columns) == ["CD_SECTOR", "TX_SECTOR_DESCR_NL", "waarde"]


def test_bytes_undefined_in_cp1252_fall_back_to_latin_1():
    text, encoding = decode(b"a;b\n\x81;\xe9\n")
    assert encoding == "latin-1" and text.endswith("\x81;é\n")


@pytest.mark.parametrize(("header", "separator"), [
    ("CD_YEAR|CD_SECTOR|MS_X", "|"), ("a;b;c", ";"), ("a\tb\tc", "\t"), ("a,b,c", ","),
    ('"a;1",b,c', ","), ("single", ","),
])
def test_separators(header, separator):
    assert sniff_separator(header + "\n1\n") == separator


def test_statbel_txt_with_pipes_and_row_numbers():
    text = "CD_YEAR|CD_SECTOR|MS_X\n2023|23003A001|5\n\n2023|23003A012|C\n"
    table = read_table(text.encode(), "TF_TEST.txt")
    assert table.separator == "|" and table.format == "text"
    assert table.frame["CD_SECTOR"].tolist() == ["23003A001", "", "23003A012"]
    assert table.row_numbers.tolist() == [2, 3, 4]


def test_unbalanced_quotes_are_read_literally():
    table = read_table(b'CD_SECTOR;naam\n23003A001;"Hof ter\n23003A012;Zenne\n', "quotes.csv")
    assert table.frame["CD_SECTOR"].tolist() == ["23003A001", "23003A012"]


def test_xlsx_header_below_a_title_on_the_second_sheet():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Toelichting"
    workbook.active.append(["Bron: Statbel"])
    sheet = workbook.create_sheet("Data")
    sheet.append(["Inkomen per sector, 2023"])
    sheet.append([])
    sheet.append(["CD_SECTOR", "MS_X"])
    sheet.append(["23003A001", 12.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "inkomen.xlsx")
    assert table.format == "xlsx" and table.sheet == "Data"
    assert list(table.frame.columns) == ["CD_SECTOR", "MS_X"]
    assert table.frame.loc[0, "MS_X"] == 12.5
    assert table.row_numbers.tolist() == [4]


def test_zip_with_a_table_and_a_readme():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "Statbel")
        archive.writestr("TF_TEST.txt", "CD_SECTOR|MS_X\n23003A001|1\n23003A012|2\n")
        archive.writestr("licence.pdf", b"%PDF")
    table = read_table(buffer.getvalue(), "TF_TEST.zip")
    assert table.name == "TF_TEST.txt" and len(table.frame) == 2
    chosen = table.issues[0]
    assert chosen.code == "report.file_chosen" and chosen.examples == ("readme.txt",)


def test_zip_without_table():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("map.geojson", "{}")
    with pytest.raises(FileError) as caught:
        read_table(buffer.getvalue(), "x.zip")
    assert caught.value.code == "errors.zip_no_table"


def test_old_xls_and_binary_files_are_refused():
    with pytest.raises(FileError) as caught:
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls")
    assert caught.value.code == "errors.xls_unsupported"
    with pytest.raises(FileError) as caught:
        read_table(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.csv")
    assert caught.value.code == "errors.not_a_table"
