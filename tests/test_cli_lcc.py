"""``python -m wijk_core lcc``: JSON with NPV per category, total, annualised and per m²·year."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wijk_core.cli import main
from wijk_core.costs import CostItem, Parameters, Scenario, load_preset, study_to_dict

REPO = Path(__file__).resolve().parents[1]


def _run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _write(tmp_path, data, name="scenario.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_one_scenario_file_by_hand(capsys, tmp_path):
    roof = Scenario("Dak", 50, [CostItem("Dakherstelling", "investment", 1000, year=10)])
    status, out, _ = _run(capsys, "lcc", "--scenario", _write(tmp_path, roof.to_dict()), "--discount-rate", "3%")
    assert status == 0
    result = json.loads(out)
    assert result["parameters"]["discount_rate"] == pytest.approx(0.03)
    assert result["parameters"]["period_years"] == 30  # the default
    (scenario,) = result["scenarios"]
    assert scenario["scenario"] == "Dak"
    assert round(scenario["npv"]["investment"], 2) == 744.09 and round(scenario["total"], 2) == 744.09
    assert round(scenario["annualised"], 2) == 37.96  # × CRF(3 %, 30) = 0,0510193
    assert scenario["per_m2_year"] == pytest.approx(scenario["annualised"] / 50)
    assert set(scenario["npv"]) == {"investment", "initial_extras", "energy", "operation", "maintenance",
                                    "renewal", "end_of_life", "residual_value"}
    assert "break_even" not in result


def test_the_she_preset_prints_the_seed_figures(capsys):
    status, out, _ = _run(capsys, "lcc", "--preset", "she_comparison")
    assert status == 0
    she, reference = json.loads(out)["scenarios"]
    assert (round(she["capital_per_m2_year"], 1), round(reference["capital_per_m2_year"], 1)) == (91.6, 82.3)
    assert (round(she["running_per_m2_year"], 1), round(reference["running_per_m2_year"], 1)) == (19.2, 29.2)


def test_a_study_file_with_break_even_and_overrides(capsys, tmp_path):
    preset = load_preset("neighbourhood_scenarios")
    path = _write(tmp_path, study_to_dict(preset.parameters, preset.scenarios))
    status, out, _ = _run(capsys, "lcc", "--scenario", path)
    result = json.loads(out)
    assert status == 0 and len(result["scenarios"]) == 3
    assert result["break_even"] == {"baseline": "Minimale herstelling",
                                    "years": {"Diepe renovatie": 15, "Diepe renovatie + warmtenet": 19}}
    status, out, _ = _run(capsys, "lcc", "--scenario", path, "--period", "40", "--baseline", "Diepe renovatie")
    result = json.loads(out)
    assert result["parameters"]["period_years"] == 40 and result["break_even"]["baseline"] == "Diepe renovatie"


@pytest.mark.parametrize("data, words", [
    ({"name": "A", "floor_area_m2": 10, "items": [{"name": "Dak", "category": "investment", "amount": 1,
                                                    "lifetime": -5}]}, "cannot be -5 years"),
    ({"name": "A", "floor_area_m2": 10, "items": [{"name": "Dak", "category": "investment", "amount": "veel"}]},
     "‘veel’ is not a number"),
    ({"name": "A", "floor_area_m2": 10, "items": []}, "has no cost items"),
    ({"parameters": {"discount_rate": -1.2}, "scenarios": [{"name": "A", "floor_area_m2": 1}]}, "above −100 %"),
])
def test_bad_input_exits_2_with_one_line(capsys, tmp_path, data, words):
    status, out, err = _run(capsys, "lcc", "--scenario", _write(tmp_path, data))
    assert status == 2 and out == ""
    assert err.startswith("error: ") and words in err and err.count("\n") == 1


def test_bad_files_and_options(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    status, _, err = _run(capsys, "lcc", "--scenario", str(bad))
    assert status == 2 and "cannot be read as scenarios or cost items (JSON, line 1)" in err
    status, _, err = _run(capsys, "lcc", "--scenario", str(tmp_path / "bestaat-niet.json"))
    assert status == 2 and "cannot be read" in err
    status, _, err = _run(capsys, "lcc", "--preset", "she_comparison", "--discount-rate", "twee")
    assert status == 2 and "‘twee’ is not a number" in err
    status, _, err = _run(capsys, "lcc", "--preset", "bestaat_niet")
    assert status == 2 and "no example ‘bestaat_niet’" in err
    with pytest.raises(SystemExit) as done:
        main(["lcc"])  # a scenario file or a preset is required
    assert done.value.code == 2
    with pytest.raises(SystemExit, match="no scenario 'X'"):
        main(["lcc", "--preset", "she_comparison", "--baseline", "X"])


def test_python_m_wijk_core_lcc_runs_as_a_program(tmp_path):
    path = _write(tmp_path, Scenario("Gevel", 100, [CostItem("Gevel", "investment", 100)]).to_dict())
    done = subprocess.run([sys.executable, "-m", "wijk_core", "lcc", "--scenario", path],
                          capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["scenarios"][0]["total"] == 100
    assert Parameters().period_years == json.loads(done.stdout)["parameters"]["period_years"]


def test_help_lists_lcc(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0 and "lcc" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["lcc", "--help"])
    assert "--discount-rate" in capsys.readouterr().out
