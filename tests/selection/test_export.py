"""The exports of a selection: GeoJSON perimeters, XLSX tables, the printable HTML report."""

import io
import json
import re
from datetime import datetime

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
import shapely

from wijk_core.i18n import format_number
from wijk_core.selection.export import workbook
from wijk_core.writers.geojson import perimeters_geojson
from wijk_core.writers.html import ReportSection, html_report

from .helpers import FORMULA, HOSTILE, PLOTLY_BUNDLE, STATION, read_book


def test_geojson_round_trips_in_wgs84_with_lambert_areas(candidates):
    layer, _ = candidates
    attributes = pd.DataFrame({"rank": [1, 2, np.nan], "note": ["a", None, "c"]}, index=layer.index)
    raw = perimeters_geojson(layer, attributes=attributes)
    back = gpd.read_file(io.BytesIO(raw))
    assert back.crs.to_epsg() == 4326
    assert list(back["name"]) == list(layer.index)
    expected = layer.geometry.area.to_numpy() / 10_000
    assert back["area_ha"].to_numpy() == pytest.approx(expected, abs=1e-4)
    assert back.to_crs(31370).geometry.area.to_numpy() / 10_000 == pytest.approx(expected, rel=1e-5)
    assert back["rank"].tolist()[:2] == [1, 2] and pd.isna(back["rank"].iloc[2])

    document = json.loads(raw.decode("utf-8"))
    assert document["type"] == "FeatureCollection" and "crs" not in document  # RFC 7946 §4
    assert document["features"][1]["properties"]["note"] is None
    coordinates = re.findall(r"-?\d+\.(\d+)", json.dumps([f["geometry"] for f in document["features"]]))
    assert max(len(decimals) for decimals in coordinates) <= 7
    for feature in document["features"]:
        polygon = shapely.geometry.shape(feature["geometry"])
        for part in shapely.get_parts(polygon):
            assert part.exterior.is_ccw  # right-hand rule: exterior counter-clockwise
            assert all(not hole.is_ccw for hole in part.interiors)


def test_geojson_is_utf8_and_refuses_ambiguity(candidates):
    layer, _ = candidates
    renamed = layer.rename(index={STATION: "Sint-Gillis – Château"})
    raw = perimeters_geojson(renamed)
    assert "Sint-Gillis – Château".encode("utf-8") in raw
    with pytest.raises(ValueError, match="area_ha"):
        perimeters_geojson(layer, attributes=pd.DataFrame({"area_ha": [1, 2, 3]}, index=layer.index))
    with pytest.raises(ValueError, match="no CRS"):
        perimeters_geojson(layer.set_crs(None, allow_override=True))
    empty = json.loads(perimeters_geojson(layer.iloc[:0]))
    assert empty == {"type": "FeatureCollection", "features": []}


def test_workbook_keeps_numbers_and_text_apart():
    profiles = pd.DataFrame({"indicator": ["Inwoners", "Aandeel"], "A": [2439.0, 32.0596694],
                             "B": [np.nan, 0.5]}, index=pd.Index(["pop", "share"], name="id"))
    scores = pd.DataFrame({"Pro": [FORMULA, "+32 2", "-5", "@x", "gewoon"], "Score": [1, 2, 3, 4, 5]})
    raw = workbook(profiles_table=profiles, ranking_table=None, scores_table=scores, shares_table=None,
                   criteria_table=None, metadata={"Project": "=1+1", "Datum": "14 maart 2026"},
                   sheet_names={"about": "Over", "profiles": "Profielen", "scores": "Scores"})
    book = read_book(raw)
    assert book.sheetnames == ["Over", "Profielen", "Scores"]
    about = book["Over"]
    assert about["A1"].value == "Project" and about["B1"].value == "=1+1"
    assert about["B1"].data_type == "s"

    sheet = book["Profielen"]
    assert [c.value for c in sheet[1]] == ["id", "indicator", "A", "B"]
    assert all(c.font.b for c in sheet[1]) and sheet.freeze_panes == "A2"
    assert sheet["C2"].value == 2439 and sheet["C2"].data_type == "n" and sheet["C2"].number_format == "#,##0"
    assert sheet["C3"].value == pytest.approx(32.0596694, rel=1e-15)
    assert sheet["C3"].number_format == "#,##0.0"  # the row's magnitude decides
    assert sheet["D2"].value is None  # missing stays empty, not "nan"
    assert sheet.column_dimensions["B"].width >= len("indicator")

    hostile = book["Scores"]
    for row, text in enumerate([FORMULA, "+32 2", "-5", "@x"], start=2):
        cell = hostile.cell(row=row, column=1)
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix
    assert hostile["A6"].quotePrefix is False
    assert hostile["B2"].value == 1 and hostile["B2"].data_type == "n"


def test_sheet_names_are_cleaned_cut_and_unique():
    table = pd.DataFrame({"x": [1]})
    raw = workbook(profiles_table=table, ranking_table=table, scores_table=table, shares_table=table,
                   criteria_table=None, metadata={},
                   sheet_names={"about": "Over: [dit] dossier?", "profiles": "Profielen/*\\",
                                "ranking": "'" + "R" * 40 + "'", "scores": "profielen", "shares": "  "})
    names = read_book(raw).sheetnames
    assert names == ["Over dit dossier", "Profielen", "R" * 31, "profielen (2)", "shares"]


def test_html_report_embeds_plotly_once_and_escapes_tables():
    figure = go.Figure(go.Bar(x=["a"], y=[1]))
    table = pd.DataFrame({HOSTILE: [1234.5, 2.25], "tekst": [HOSTILE, "x"]})
    document = html_report(title=HOSTILE, lang="en", generated_at=datetime(2026, 1, 2), sections=[
        ReportSection("Eén", paragraphs=[HOSTILE], figure=figure, table=table),
        ReportSection("Twee", figure=figure),
        ReportSection("Drie", svg='<svg xmlns="http://www.w3.org/2000/svg">'
                                  '<rect width="1" height="1"/></svg>'),
    ])
    assert HOSTILE not in document
    assert document.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 5  # title ×2, paragraph, header, cell
    assert len(PLOTLY_BUNDLE.findall(document)) == 1 and document.count("Plotly.newPlot(") == 2
    assert f"<td>{format_number(1234.5, 'en')}</td>" in document  # one quantity per column: no decimals
    assert f"<td>{format_number(2.25, 'en')}</td>" in document
    assert "Made on 2 January 2026 with Wijkwerf." in document
    assert '<rect width="1" height="1"/>' in document  # trusted SVG written as is
