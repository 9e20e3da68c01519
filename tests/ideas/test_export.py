"""CSV, GeoJSON and XLSX exports, hostile text included."""

import csv
import io
import json
from datetime import datetime, timezone

import openpyxl
import pytest

from wijk_core.ideas import comments_frame, export_value_labels, ideas_csv, ideas_geojson, ideas_xlsx, log_frame

from hostile import ALL, SCRIPT

from .helpers import FakeIdea, frame

FORMULA = '=HYPERLINK("http://evil.example","klik")'
IDEAS = frame(FakeIdea(1, title=FORMULA, text="Lijn 1\nLijn 2", pseudonym="@An", support=3, votes=2,
                       created_at=datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc)),
              FakeIdea(2, category="custom", title=SCRIPT, pseudonym=None, lon=4.75, lat=51.05, status="hidden"))
LABELS = {"mobility": "Mobiliteit"}


def test_csv_for_a_belgian_spreadsheet_without_formulas():
    data = ideas_csv(IDEAS, category_labels=LABELS, headers={"title": "titel", "lon": "lengtegraad"})
    assert data.startswith("\ufeff".encode("utf-8"))  # BOM: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [row["titel"] for row in rows] == ["'" + FORMULA, SCRIPT]
    assert rows[0]["pseudonym"] == "'@An" and rows[0]["category"] == "Mobiliteit" and rows[1]["category"] == "custom"
    assert rows[0]["lengtegraad"] == "4,74" and rows[0]["text"] == "Lijn 1\nLijn 2"
    assert rows[0]["created_at"] == "2026-03-02 00:30:00"  # Belgian local time
    assert rows[1]["status"] == "hidden" and rows[1]["pseudonym"] == ""


def test_geojson_points_in_wgs84_with_utc_times():
    collection = json.loads(ideas_geojson(IDEAS, category_labels=LABELS))
    first, second = collection["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [4.74, 51.04]}
    assert first["properties"]["title"] == FORMULA and second["properties"]["title"] == SCRIPT
    assert first["properties"]["created_at"] == "2026-03-01T23:30:00Z" and first["properties"]["merged_into"] is None
    assert first["properties"]["category_label"] == "Mobiliteit" and first["id"] == 1


def test_xlsx_sheets_hold_text_cells_never_formulas():
    comments = comments_frame([])
    log = log_frame([])
    book = openpyxl.load_workbook(io.BytesIO(ideas_xlsx(
        IDEAS, comments, log, category_labels=LABELS, sheet_names={"ideas": "Ideeën", "log": "Logboek"})))
    assert book.sheetnames == ["Ideeën", "comments", "Logboek"]
    sheet = book["Ideeën"]
    header = [cell.value for cell in sheet[1]]
    title = sheet.cell(row=2, column=header.index("title") + 1)
    assert title.value == FORMULA and title.data_type == "s"
    assert sheet.cell(row=2, column=header.index("created_at") + 1).value == datetime(2026, 3, 2, 0, 30)
    assert sheet.max_row == 3


def test_every_hostile_string_survives_the_round_trip_unchanged():
    ideas = frame(*(FakeIdea(n + 1, title=text[:120], pseudonym=text[:40]) for n, text in enumerate(ALL)))
    features = json.loads(ideas_geojson(ideas))["features"]
    assert [f["properties"]["title"] for f in features] == [text[:120] for text in ALL]
    sheet = openpyxl.load_workbook(io.BytesIO(ideas_xlsx(ideas))).active
    assert [sheet.cell(row=r, column=3).value for r in range(2, 2 + len(ALL))] == [text[:120] for text in ALL]


@pytest.mark.parametrize("lang, hidden, visible", [("nl", "verborgen", "zichtbaar"), ("fr", "masquée", "visible"),
                                                   ("en", "hidden", "visible")])
def test_statuses_stances_and_actions_are_exported_in_the_readers_language(lang, hidden, visible):
    words = export_value_labels(lang)
    data = ideas_csv(IDEAS, value_labels=words)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [row["status"] for row in rows] == [visible, hidden]
    comments = comments_frame([_Row(id=1, idea_id=1, stance="for", text="ok", pseudonym=None, status="visible",
                                    created_at=datetime(2026, 3, 1, tzinfo=timezone.utc))])
    log = log_frame([_Row(id=1, created_at=datetime(2026, 3, 1, tzinfo=timezone.utc), action="hide", actor="f",
                          idea_id=2, comment_id=None, target_id=None, previous_status="visible", note="")])
    book = openpyxl.load_workbook(io.BytesIO(ideas_xlsx(IDEAS, comments, log, value_labels=words)))
    assert book["comments"]["C2"].value == words["stance"]["for"] != "for"
    log_row = [cell.value for cell in book["log"][2]]
    assert words["action"]["hide"] in log_row and visible in log_row and "hide" not in log_row


class _Row:
    def __init__(self, **values):
        self.__dict__.update(values)
