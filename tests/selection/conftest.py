"""Fixtures of the selection tests: three candidates on the demo data, one with a hostile name."""

import pytest

from wijk_core.selection.candidates import candidate_layer, from_neighbourhood, from_sectors, profile_candidates

from .helpers import HOSTILE, MIXED, STATION


@pytest.fixture(scope="module")
def candidates(demo):
    layer = candidate_layer({
        STATION: from_neighbourhood(demo, "99991W02").geometry,
        MIXED: from_sectors(demo.sectors, demo.sectors["cd_sector"][:3]).geometry,
        HOSTILE: from_neighbourhood(demo, "99991W03").geometry,
    })
    layer["origin"] = ["neighbourhood", "sectors", "neighbourhood"]
    return layer, profile_candidates(demo, layer)
