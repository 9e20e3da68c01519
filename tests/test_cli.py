"""The command line: JSON out, the same readers and calculations as the app."""

import io
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from real_data import REAL

from wijk_core.access import Role, audit_entries, role_of, sign_in
from wijk_core.cli import main
from wijk_core.store import get_store
from wijk_core.store.projects import create_project

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "data" / "demo"


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


# --- users: accounts from the command line ------------------------------------------------------

PASSWORD = "een lang wachtwoord"


@pytest.fixture
def database(tmp_path):
    url = f"sqlite:///{tmp_path / 'accounts.sqlite3'}"
    yield url
    get_store(url).dispose()


def _users(capsys, monkeypatch, database, *argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return _run(capsys, "users", argv[0], "--database", database, *argv[1:])


def test_users_add_the_first_administrator_and_list_without_hashes(capsys, monkeypatch, database):
    status, out, _ = _users(capsys, monkeypatch, database, "add", "anna", "--role", "beheerder",
                            "--name", "Anna Peeters", "--email", "anna@example.be", "--password-stdin",
                            stdin=PASSWORD + "\n")
    assert status == 0
    added = json.loads(out)
    assert (added["username"], added["display_name"], added["has_password"]) == ("anna", "Anna Peeters", True)
    assert added["roles"] == [{"project": None, "project_id": None, "role": "administrator"}]
    status, out, _ = _users(capsys, monkeypatch, database, "list")
    assert status == 0
    assert [a["username"] for a in json.loads(out)] == ["anna"]
    assert "argon2" not in out and PASSWORD not in out and "hash" not in out.replace("has_password", "")


def test_users_add_reads_the_password_twice_from_the_terminal(capsys, monkeypatch, database):
    typed = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    assert _users(capsys, monkeypatch, database, "add", "jef", "--role", "officer")[0] == 0
    assert get_store(database).write(sign_in, "jef", PASSWORD, "127.0.0.1").ok
    typed = iter([PASSWORD, PASSWORD + "x"])
    status, out, err = _users(capsys, monkeypatch, database, "add", "lien", "--role", "officer")
    assert status == 2 and out == "" and err.strip() == "error: The two passwords differ. Type the same password twice."


def test_users_set_role_per_project_disable_and_enable(capsys, monkeypatch, database):
    project = get_store(database).write(create_project, "Muide-Meulestede")
    _users(capsys, monkeypatch, database, "add", "jef", "--role", "facilitator", "--no-password")
    status, out, _ = _users(capsys, monkeypatch, database, "set-role", "JEF", "ambtenaar",
                            "--project", "muide-meulestede")
    assert status == 0
    assert json.loads(out)["roles"] == [
        {"project": None, "project_id": None, "role": "facilitator"},
        {"project": "Muide-Meulestede", "project_id": project.id, "role": "officer"}]
    store = get_store(database)
    account_id = json.loads(out)["id"]
    assert store.read(role_of, account_id, project.id) is Role.OFFICER
    assert json.loads(_users(capsys, monkeypatch, database, "disable", "jef")[1])["disabled"] is True
    assert store.read(role_of, account_id, project.id) is None
    assert json.loads(_users(capsys, monkeypatch, database, "enable", "jef")[1])["disabled"] is False
    logged = store.read(audit_entries)
    assert [(e.actor, e.action, e.target, e.detail["command"]) for e in logged] == [
        ("command line", "accounts.manage", "account jef", command)
        for command in ("enable", "disable", "set-role", "add")]
    assert logged[1].project_id is None and logged[2].project_id == project.id


@pytest.mark.parametrize(("argv", "message"), [
    (("add", "anna", "--role", "koning", "--password-stdin"), "‘koning’ is not a role"),
    (("add", "anna peeters", "--role", "officer", "--password-stdin"), "cannot be a username"),
    (("add", "anna", "--role", "officer", "--password-stdin", "--project", "Nergens"), "no project ‘Nergens’"),
    (("add", "kort", "--role", "officer", "--password-stdin"), "too short"),
    (("set-role", "nobody", "officer"), "no account ‘nobody’"),
    (("disable", "nobody"), "no account ‘nobody’"),
])
def test_users_bad_input_exits_2_with_one_line(capsys, monkeypatch, database, argv, message):
    stdin = "kort\n" if argv[1] == "kort" else PASSWORD + "\n"
    status, out, err = _users(capsys, monkeypatch, database, *argv, stdin=stdin)
    assert status == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert json.loads(_users(capsys, monkeypatch, database, "list")[1]) == []


def test_users_refuses_a_taken_username_and_a_missing_role(capsys, monkeypatch, database):
    _users(capsys, monkeypatch, database, "add", "anna", "--role", "officer", "--no-password")
    status, _, err = _users(capsys, monkeypatch, database, "add", "ANNA", "--role", "officer", "--no-password")
    assert status == 2 and "already exists" in err
    with pytest.raises(SystemExit) as usage:
        _users(capsys, monkeypatch, database, "add", "lien")
    assert usage.value.code == 2
