"""Typed inventories from the store's rows and back."""

import pandas as pd

from wijk_core.stakeholders import demo_example, inventory_frame, records


def test_records_are_plain_python_and_read_back():
    inventory = demo_example().inventory
    rows = records(inventory)
    assert rows[0]["interest"] == 4 and type(rows[0]["interest"]) is int
    assert type(rows[0]["knows_project"]) is bool and type(rows[0]["latitude"]) is float
    assert rows[8]["latitude"] is None and rows[0]["suggested_by"] is None
    pd.testing.assert_frame_equal(inventory_frame(rows).drop(columns="id"), inventory)


def test_an_empty_store_gives_an_empty_typed_inventory():
    frame = inventory_frame([])
    assert frame.empty and "id" in frame.columns and str(frame["interest"].dtype) == "Int64"
