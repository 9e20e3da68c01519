"""Shared by the selection tests: the names and reader of the export and council tests, and a
tiny sector data set whose profiles are known by hand."""

from __future__ import annotations

import io
import re

import geopandas as gpd
import openpyxl
import pandas as pd
from shapely import box

from wijk_core.sectors.data import SectorData

HOSTILE = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'
STATION = "Stationskwartier"
MIXED = "Noord & Zuid"
PLOTLY_BUNDLE = re.compile(r"\* plotly\.js v\d")


def read_book(raw: bytes) -> openpyxl.Workbook:
    """An XLSX file's bytes opened with openpyxl."""
    return openpyxl.load_workbook(io.BytesIO(raw))


def _catalogue(rows: dict[str, dict]) -> pd.DataFrame:
    columns = ["label_nl", "label_fr", "label_en", "unit", "kind", "denominator", "direction", "source", "year",
               "synthetic"]
    frame = pd.DataFrame([{c: row.get(c, "") for c in columns} for row in rows.values()],
                         index=pd.Index(list(rows), name="id"))
    frame["year"] = pd.array([2024] * len(frame), dtype="Int64")
    frame["synthetic"] = True
    return frame


def tiny() -> SectorData:
    """Two 100 m × 100 m sectors side by side: 100 and 300 inhabitants."""
    sectors = gpd.GeoDataFrame({"cd_sector": ["A", "B"], "tx_sector_descr_nl": ["WEST", "OOST"]},
                               geometry=[box(0, 0, 100, 100), box(100, 0, 200, 100)], crs=31370)
    indicators = pd.DataFrame({"pop_total": [100.0, 300.0], "share_old_pct": [10.0, 30.0]},
                              index=pd.Index(["A", "B"], name="cd_sector"))
    catalogue = _catalogue({
        "pop_total": {"label_nl": "Inwoners", "label_en": "Inhabitants", "unit": "count", "kind": "extensive",
                      "direction": "neutral"},
        "share_old_pct": {"label_nl": "Oude woningen", "unit": "%", "kind": "intensive",
                          "denominator": "pop_total", "direction": "need_if_higher"},
    })
    wijken = gpd.GeoDataFrame({"wijk_code": ["W"], "wijk_naam": ["Alles"]}, geometry=[box(0, 0, 200, 100)],
                              crs=31370)
    link = pd.DataFrame({"cd_sector": ["A", "B"], "wijk_code": ["W", "W"], "wijk_naam": ["Alles", "Alles"]})
    return SectorData(sectors=sectors, indicators=indicators, catalogue=catalogue, wijken=wijken,
                      sector_to_wijk=link, synthetic=True, label="tiny")
