"""The Gent story in the Data section (AppTest): a pre-2025 table on 2025 geometry, then a second geometry.

Gent's 2025 sector geometry and Fluvius' table on pre-2025 codes: the data check says 93
of the 254 sectors matched and names both generations and the form's field for a second
geometry. With a pre-2025 geometry added there (made up from the 2025 one by merging the
parts of each split sector: Statbel's 2024 file is not in the shared data), the table is
converted and the check says so.
"""

from __future__ import annotations

import pandas as pd
from apptest_ui import send_uploads
from real_data import real_file
from sectors.test_conversion import FLUVIUS, GENT_2025, _gent_pre_2025  # split sectors merged, pre-2025 codes

from wijk_core.i18n import t
from wijk_core.readers.geometry import read_sectors
from wijk_core.readers.indicators import read_indicators
from wijk_core.sectors import store as sector_store
from wijk_core.store import get_store
from wijk_core.store import projects as project_store

PAGE = "pages/selection.py"


def _open(run_app):
    at = run_app(role="officer", selection_section="data")
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _files(app_db) -> list[tuple[str, str]]:
    store = get_store(app_db)
    project = store.write(project_store.ensure_project, "Demoproject")
    return [(f.role, f.filename) for f in store.read(sector_store.data_sources, project.id)]


def _text(at) -> str:
    shown = (*at.markdown, *at.success, *at.warning, *at.info, *at.error, *at.caption)
    return " ".join(e.value for e in shown).replace("\\", "")


def _file(path) -> tuple[str, bytes, str]:
    return (path.name, path.read_bytes(), "application/octet-stream")


def test_gent_pre_2025_table_is_counted_then_converted_with_a_second_geometry(run_app, app_db):
    geometry, table = real_file(GENT_2025), real_file(FLUVIUS)
    at = send_uploads(_open(run_app), up_sectors=_file(geometry), up_indicators=[_file(table)])
    assert _files(app_db) == [("sectors", GENT_2025), ("indicators", FLUVIUS)]

    text = _text(_open(run_app))
    assert "93 van de 254 sectoren van het project hebben een rij" in text, text
    assert "vóór de hervorming van 2025" in text and "de codes van 2025" in text
    assert "veld ‘Sectorgeometrie voor omrekening’" in text  # the message names the form's field
    assert t("selection.role_sectors_other", "nl").startswith("Sectorgeometrie voor omrekening")

    layer = read_sectors(geometry).sectors
    read = read_indicators(table, sectors=layer)
    codes = set(pd.concat([read.data, read.unknown]).index)
    pre = _gent_pre_2025(layer, codes).to_json().encode()
    at = send_uploads(_open(run_app), up_sectors_other=("gent_2024.geojson", pre, "application/octet-stream"))
    assert _files(app_db) == [("sectors", GENT_2025), ("indicators", FLUVIUS), ("sectors_other", "gent_2024.geojson")]
    text = _text(_open(run_app))
    assert "omgerekend op de sectoren van 2025 van het project" in text, text
    assert "kregen 250 van de 254 sectoren van het project waarden" in text
    assert "v2506_elek_res_n: 117.063,00 → 117.063,00" in text  # Belgian numbers
    assert t("selection.role_sectors_other", "nl") in text  # listed among the sources, removable
    assert not at.exception
