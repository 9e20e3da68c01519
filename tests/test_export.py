"""The file for the council: GeoJSON perimeters, XLSX tables, printable HTML report."""

import dataclasses
import io
import json
import re
import warnings
from datetime import datetime
from html.parser import HTMLParser

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
import shapely

from wijk_core.selection.candidates import (MUNICIPALITY, candidate_layer, from_neighbourhood, from_sectors,
                                  profile_candidates)
from wijk_core.criteria import Direction
from wijk_core.selection.council import council_file
from wijk_core.selection.export import workbook
from wijk_core.writers.geojson import perimeters_geojson
from wijk_core.writers.html import ReportSection, html_report
from wijk_core.selection.framework import CriterionChoice, assess, decision_matrix
from wijk_core.i18n import format_number
from wijk_core.sectors.data import load_demo

HOSTILE = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'
STATION = "Stationskwartier"
MIXED = "Noord & Zuid"
PLOTLY_BUNDLE = re.compile(r"\* plotly\.js v\d")


@pytest.fixture(scope="module")
def demo():
    return load_demo()


@pytest.fixture(scope="module")
def candidates(demo):
    layer = candidate_layer({
        STATION: from_neighbourhood(demo, "99991W02").geometry,
        MIXED: from_sectors(demo.sectors, demo.sectors["cd_sector"][:3]).geometry,
        HOSTILE: from_neighbourhood(demo, "99991W03").geometry,
    })
    layer["origin"] = ["neighbourhood", "sectors", "neighbourhood"]
    return layer, profile_candidates(demo, layer)


CHOICES = [CriterionChoice("share_pre1945_pct", "indicator", Direction.BENEFIT, 2.0),
           CriterionChoice("MS_MEDIAN_NET_TAXABLE_INC", "indicator", Direction.COST, 1.0),
           CriterionChoice("active_citizens", "qualitative", Direction.BENEFIT, 1.0)]


@pytest.fixture(scope="module")
def outcome(candidates):
    layer, profiles = candidates
    team = pd.DataFrame({STATION: [4], MIXED: [2], HOSTILE: [3]}, index=["active_citizens"])
    matrix = decision_matrix(profiles.values[profiles.candidates], team, CHOICES)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assessment = assess(matrix, CHOICES, draws=200)
    scores = pd.DataFrame({"criterion": ["active_citizens"] * 3, "candidate": [STATION, MIXED, HOSTILE],
                           "score": [4, 2, 3], "pro": [FORMULA, "veel vrijwilligers", "<b>vet</b>"],
                           "con": ["-", "+32 2 123 45 67", "@iedereen"]})
    return assessment, scores


@pytest.fixture(scope="module")
def council(demo, candidates, outcome):
    layer, profiles = candidates
    assessment, scores = outcome
    return council_file(demo, layer, profiles, project_name=f"Proef {HOSTILE}", lang="nl",
                        assessment=assessment, scores=scores, choices=CHOICES,
                        indicator="share_pre1945_pct", generated_at=datetime(2026, 3, 14, 10, 0))


# --------------------------------------------------------------------------- GeoJSON

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


# --------------------------------------------------------------------------- XLSX

def _book(raw: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(raw))


def _records(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_workbook_keeps_numbers_and_text_apart():
    profiles = pd.DataFrame({"indicator": ["Inwoners", "Aandeel"], "A": [2439.0, 32.0596694],
                             "B": [np.nan, 0.5]}, index=pd.Index(["pop", "share"], name="id"))
    scores = pd.DataFrame({"Pro": [FORMULA, "+32 2", "-5", "@x", "gewoon"], "Score": [1, 2, 3, 4, 5]})
    raw = workbook(profiles_table=profiles, ranking_table=None, scores_table=scores, shares_table=None,
                   criteria_table=None, metadata={"Project": "=1+1", "Datum": "14 maart 2026"},
                   sheet_names={"about": "Over", "profiles": "Profielen", "scores": "Scores"})
    book = _book(raw)
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
    names = _book(raw).sheetnames
    assert names == ["Over dit dossier", "Profielen", "R" * 31, "profielen (2)", "shares"]


def test_council_workbook_holds_the_profiles_as_numbers(council, candidates):
    _, profiles = candidates
    book = _book(council.xlsx)
    assert book.sheetnames == ["Wijkwerf", "Profielen", "Rangschikking", "Scores van het team",
                               "Aandeel binnen", "Afwegingskader"]
    about = {row[0]: row[1] for row in book["Wijkwerf"].iter_rows(values_only=True)}
    assert about["Project"] == f"Proef {HOSTILE}"
    assert "oppervlakteweging" in about["Profielen"] and about["Methode"] == "Gewogen som"
    assert "14 maart 2026" in about["Wijkwerf"] and "Fictieve" in about["Gegevens"]

    sheet = book["Profielen"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["id", "Indicator", "Eenheid"] and header[-1] == "Gemeente"
    assert header[3:-1] == [STATION, MIXED, HOSTILE]
    assert sheet.freeze_panes == "A2"
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == set(profiles.values.index)
    for indicator, values in profiles.values.iterrows():
        for position, column in enumerate([STATION, MIXED, HOSTILE, MUNICIPALITY], start=3):
            expected, found = values[column], rows[indicator][position]
            if pd.isna(expected):
                assert found is None
            else:
                assert isinstance(found, (int, float)) and found == pytest.approx(expected, rel=1e-12)

    ranking = _records(book["Rangschikking"])
    assert [r["Kandidaat"] for r in ranking] == [STATION, MIXED, HOSTILE]
    assert [r["Rang"] for r in ranking] == [1, 2, 3]
    assert book["Rangschikking"]["D2"].number_format == "0.0%"
    scores = _records(book["Scores van het team"])
    assert scores[0]["Pro"] == FORMULA and scores[0]["Contra"] == "-"
    pro = book["Scores van het team"]["D2"]
    assert pro.data_type == "s" and pro.value == FORMULA
    shares = _records(book["Aandeel binnen"])
    assert {r["Kandidaat"] for r in shares} == {STATION, MIXED, HOSTILE}
    assert all(0 < r["Aandeel binnen"] <= 1 for r in shares)
    criteria = _records(book["Afwegingskader"])
    assert [r["Gewicht"] for r in criteria] == [2, 1, 1]
    assert criteria[1]["Richting"] == "lager is beter"


# --------------------------------------------------------------------------- HTML

class _Links(HTMLParser):
    """Every src/href attribute of real tags (script contents are not parsed as tags)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [value or "" for name, value in attrs if name in ("src", "href")]


def _links(document: str) -> _Links:
    parser = _Links()
    parser.feed(document)
    return parser


def test_report_escapes_every_name(council):
    document = council.html
    assert HOSTILE not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "<b>vet</b>" not in document and "&lt;b&gt;vet&lt;/b&gt;" in document
    assert "Noord &amp; Zuid" in document
    # scripts: plotly's config line and bundle, then one per chart; none from user text
    assert _links(document).tags.count("script") == 2 + document.count("Plotly.newPlot(")


def test_report_is_self_contained_and_printable(council):
    document = council.html
    assert document.startswith("<!doctype html>")
    assert '<html lang="nl">' in document
    assert len(PLOTLY_BUNDLE.findall(document)) == 1  # plotly.js inlined once…
    assert document.count("Plotly.newPlot(") == 3  # …for three charts: why, robustness, leave-one-out
    assert document.index("* plotly.js v") < document.index("Plotly.newPlot(")
    external = [link for link in _links(document).links if re.match(r"(https?:)?//", link)]
    assert external == []
    assert "<link" not in document and not re.search(r"<script[^>]+src=", document)
    assert "@page" in document and "size: A4" in document
    assert "break-before: page" in document
    assert "Opgemaakt op 14 maart 2026 met Wijkwerf." in document
    assert document.count("<section") == 7


def test_report_shows_the_profile_numbers_and_the_map(council, candidates):
    _, profiles = candidates
    document = council.html
    for column in (STATION, MIXED, HOSTILE, MUNICIPALITY):
        population = profiles.values.at["pop_total", column]
        assert f"<td>{format_number(population, 'nl')}</td>" in document
    assert "<svg" in document and 'class="map"' in document
    assert "Aandeel woningen van vóór 1945 (%)" in document  # the map's title
    assert "Kans op eerste plaats" in document and "<td>0,869</td>" in document


def test_report_without_assessment_or_figures(demo, candidates):
    layer, profiles = candidates
    file = council_file(demo, layer.iloc[:2], profile_candidates(demo, layer.iloc[:2]),
                        project_name="Zonder kader", lang="fr")
    assert '<html lang="fr">' in file.html and "Choix du quartier – Zonder kader" in file.html
    assert not PLOTLY_BUNDLE.search(file.html) and "Plotly.newPlot" not in file.html
    assert _book(file.xlsx).sheetnames == ["Wijkwerf", "Profils", "Part à l’intérieur"]
    back = gpd.read_file(io.BytesIO(file.geojson))
    assert list(back["name"]) == [STATION, MIXED] and "rank" not in back.columns


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


@pytest.mark.parametrize("lang", ["nl", "fr", "en"])
def test_every_label_is_in_the_catalogue(demo, candidates, outcome, lang, caplog):
    layer, profiles = candidates
    assessment, scores = outcome
    with caplog.at_level("WARNING", logger="wijk_core.i18n"):
        file = council_file(demo, layer, profiles, project_name="P", lang=lang, assessment=assessment,
                            scores=scores, choices=CHOICES, indicator="MS_MEDIAN_NET_TAXABLE_INC")
    assert [r.getMessage() for r in caplog.records] == []
    assert f'<html lang="{lang}">' in file.html
    assert all(len(name) <= 31 for name in _book(file.xlsx).sheetnames)


def test_report_map_shows_the_candidates_surroundings_not_the_whole_layer(demo):
    """On a national layer the council map must zoom on the candidates: a sector far away
    is left out, the sectors around the candidate are drawn."""
    import shapely

    far = demo.sectors.iloc[[0]].copy()
    far["cd_sector"] = "99991Z999"
    far["geometry"] = shapely.affinity.translate(far.geometry.iloc[0], 100_000, 0)  # 100 km east
    big = dataclasses.replace(demo, sectors=gpd.GeoDataFrame(
        pd.concat([demo.sectors, far], ignore_index=True), crs=demo.sectors.crs))
    layer = candidate_layer({STATION: from_neighbourhood(demo, "99991W02").geometry})
    file = council_file(big, layer, profile_candidates(big, layer), project_name="P", lang="nl",
                        indicator="share_pre1945_pct")
    drawn = set(re.findall(r'data-code="([^"]+)"', file.html))
    links = demo.sector_to_wijk
    station = set(links.loc[links["wijk_code"] == "99991W02", "cd_sector"])
    assert station
    assert "99991Z999" not in drawn
    assert station <= drawn and len(drawn) > len(station)  # the candidate and some neighbours
