"""The command line: JSON out, the same readers and calculations as the app."""

import json
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from wijk_core.cli import main

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "data" / "demo"
REAL = Path(os.environ.get("WIJK_REAL_DATA", REPO.parent / "shared" / "data" / "real"))


def _run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in ("aggregate", "rank", "download", "projects"):
        assert command in out


def _demo_args():
    return ["--sectors", str(DEMO / "sectors.geojson"), "--indicators", str(DEMO / "indicators.csv"),
            "--catalogue", str(DEMO / "indicator_catalogue.csv")]


def test_aggregate_demo_wijken(capsys):
    status, out, _ = _run(capsys, "aggregate", *_demo_args(), "--perimeter", str(DEMO / "wijken.geojson"))
    assert status == 0
    result = json.loads(out)
    by_name = {p["name"]: p for p in result["perimeters"]}
    assert len(by_name) == 8
    assert by_name["Stationskwartier"]["indicators"]["pop_total"]["value"] == 2439
    total = sum(p["indicators"]["pop_total"]["value"] for p in result["perimeters"])
    assert total == pytest.approx(by_name["Centrum"]["indicators"]["pop_total"]["municipality"], rel=1e-9)
    assert any(issue["code"] == "report.sectors_without_data" for issue in result["report"])


def test_aggregate_real_zennevallei_wijk_equals_its_sector_rows(capsys, tmp_path):
    sectors_file = REAL / "zennevallei_sectors_statbel_20240101.geojson"
    income_file = REAL / "zennevallei_income_TF_PSNL_INC_TAX_SECTOR_2019_2023.csv"
    link_file = REAL / "zennevallei_sector_to_wijk_ggw72024.csv"
    if not sectors_file.is_file():
        pytest.skip(f"real test data not present in {REAL}")
    link = pd.read_csv(link_file)
    wijk = link["wijk_code"].iloc[0]
    codes = set(link.loc[link["wijk_code"] == wijk, "cd_sector"])
    sectors = gpd.read_file(sectors_file)
    perimeter = sectors[sectors["cd_sector"].isin(codes)].dissolve().assign(name=wijk)[["name", "geometry"]]
    perimeter_file = tmp_path / "wijk.geojson"
    perimeter.to_file(perimeter_file, driver="GeoJSON")

    status, out, _ = _run(capsys, "aggregate", "--sectors", str(sectors_file), "--indicators",
                          str(income_file), "--perimeter", str(perimeter_file), "--year", "2022")
    assert status == 0
    [result] = json.loads(out)["perimeters"]
    income = pd.read_csv(income_file)
    rows = income[(income["CD_YEAR"] == 2022) & income["CD_SECTOR"].isin(codes)]
    expected = rows["MS_TOT_NET_TAXABLE_INC"].sum()
    assert result["indicators"]["MS_TOT_NET_TAXABLE_INC"]["value"] == pytest.approx(expected, rel=1e-9)
    assert result["indicators"]["MS_NBR_NON_ZERO_INC"]["value"] == rows["MS_NBR_NON_ZERO_INC"].sum()


def test_rank_a_matrix(capsys, tmp_path):
    matrix = tmp_path / "matrix.csv"
    pd.DataFrame({"old": [50, 20, 35], "income": [25000, 30000, 20000]},
                 index=pd.Index(["A", "B", "C"], name="name")).to_csv(matrix)
    status, out, _ = _run(capsys, "rank", "--matrix", str(matrix), "--criterion", "old:benefit:2",
                          "--criterion", "income:cost:1", "--draws", "200")
    assert status == 0
    ranking = json.loads(out)
    # min-max: old A=1 B=0 C=.5; income (cost) A=.5 B=0 C=1 → A=(2+.5)/3, C=(1+1)/3, B=0
    assert [r["name"] for r in ranking] == ["A", "C", "B"]
    assert ranking[0]["score"] == pytest.approx(2.5 / 3)
    assert sum(r["p_first"] for r in ranking) == pytest.approx(1)


def test_rank_candidates_from_perimeters(capsys):
    status, out, _ = _run(capsys, "rank", *_demo_args(), "--perimeter", str(DEMO / "wijken.geojson"),
                          "--criterion", "share_pre1945_pct:benefit:1",
                          "--criterion", "MS_MEDIAN_NET_TAXABLE_INC:cost:1", "--method", "topsis")
    assert status == 0
    ranking = json.loads(out)
    assert len(ranking) == 8 and ranking[0]["rank"] == 1


def test_bad_input_exits_2_with_a_message(capsys, tmp_path):
    broken = tmp_path / "perimeter.zip"
    broken.write_bytes(b"PK\x03\x04 broken")
    status, out, err = _run(capsys, "aggregate", *_demo_args(), "--perimeter", str(broken))
    assert status == 2 and out == ""
    assert "perimeter.zip" in err
    matrix = tmp_path / "m.csv"
    pd.DataFrame({"a": [1, 2]}, index=["x", "y"]).to_csv(matrix)
    status, _, err = _run(capsys, "rank", "--matrix", str(matrix), "--criterion", "a:benefit:0")
    assert status == 2 and "zero" in err
