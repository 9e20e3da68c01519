"""Study files and item tables: JSON round trip, bad files, the editor's table, CSV and XLSX."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from wijk_core.costs import (
    CostError,
    CostItem,
    items_frame,
    items_from_frame,
    load_preset,
    read_item_table,
    read_study,
    scenario_from_dict,
    study_to_dict,
)

from .helpers import code_and_params, message_in_every_language


def test_a_study_round_trips_through_json():
    preset = load_preset("neighbourhood_scenarios")
    text = json.dumps(study_to_dict(preset.parameters, preset.scenarios))
    parameters, scenarios = read_study(text.encode())
    assert parameters == preset.parameters and tuple(scenarios) == preset.scenarios
    single = scenario_from_dict(preset.scenarios[0].to_dict())
    assert read_study(json.dumps(single.to_dict()).encode()) == (None, [single])


@pytest.mark.parametrize("content, code", [
    (b"{not json", "errors.costs_file_invalid"),
    (b"[1, 2]", "errors.costs_file_invalid"),
    (b'{"scenarios": []}', "errors.costs_no_scenarios"),
    (b'{"scenarios": {"a": 1}}', "errors.costs_file_invalid"),
    (b'{"name": "A", "floor_area_m2": 10, "items": [{"name": "X", "category": "investment", "amount": "abc"}]}',
     "errors.costs_number_invalid"),
    (b'{"name": "A", "floor_area_m2": 10, "items": "none"}', "errors.costs_file_invalid"),
    ("\u00e9".encode("latin-1"), "errors.costs_file_invalid"),
])
def test_bad_scenario_files(content, code):
    with pytest.raises(CostError) as caught:
        read_study(content)
    assert caught.value.code == code
    message_in_every_language(caught.value)


def test_item_tables_from_the_editor():
    frame = items_frame([CostItem("Dak", "investment", 1000, lifetime=30), CostItem("Gas", "energy", 50)])
    assert list(frame.columns) == ["name", "category", "amount", "year", "lifetime"]
    assert str(frame["lifetime"].dtype) == "Int64"
    # a new, still empty row of the editor is skipped
    frame.loc[2] = [None, None, None, pd.NA, pd.NA]
    assert [item.name for item in items_from_frame(frame)] == ["Dak", "Gas"]
    frame.loc[2] = [None, "investment", 10.0, pd.NA, pd.NA]
    with pytest.raises(CostError) as caught:
        items_from_frame(frame)
    assert code_and_params(caught) == ("errors.costs_row_name_empty", {"row": 3})


def test_item_tables_from_csv_and_xlsx():
    csv = ("Naam;Categorie;Bedrag (€);Jaar;Levensduur (jaar)\n"
           "Dak;Investering;1.234,50;;30\nVerwarming;energie;2 400;;\n").encode("utf-8")
    aliases = {"Naam": "name", "Categorie": "category", "Bedrag (€)": "amount", "Jaar": "year",
               "Levensduur (jaar)": "lifetime"}
    items = read_item_table(csv, "posten.csv", aliases)
    assert items == (CostItem("Dak", "investment", 1234.5, lifetime=30), CostItem("Verwarming", "energy", 2400))
    buffer = io.BytesIO()
    pd.DataFrame({"name": ["Dak"], "category": ["investment"], "amount": [99.5]}).to_excel(buffer, index=False)
    assert read_item_table(buffer.getvalue(), "posten.xlsx") == (CostItem("Dak", "investment", 99.5),)
    with pytest.raises(CostError) as caught:
        read_item_table("name;category;amount\nDak;investment;duur\n".encode(), "p.csv")
    assert code_and_params(caught) == ("errors.costs_number_invalid",
                                       {"field": "amount", "item": "Dak", "value": "duur"})
    with pytest.raises(CostError) as caught:
        read_item_table(b"naam,prijs\nDak,1\n", "p.csv")
    assert caught.value.code == "errors.costs_file_invalid"
