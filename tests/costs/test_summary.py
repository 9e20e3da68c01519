"""The life-cycle result tables: one row per scenario, amounts in the reader's format."""

from wijk_core.costs import compare, list_presets, load_preset
from wijk_core.costs.summary import extended_table, results_table
from wijk_core.i18n import format_money, format_percent_value, t


def test_results_table_of_the_she_preset():
    preset = load_preset("she_comparison")
    comparison = compare(preset.scenarios, preset.parameters)
    table = results_table(comparison, "nl")
    assert list(table.columns) == [t(f"costs.col.{c}", "nl") for c in (
        "scenario", "total", "annualised", "per_m2_year", "initial_share", "capital_per_m2_year",
        "running_per_m2_year")]
    she = comparison.results[0]
    first = table.iloc[0]
    assert first[t("costs.col.scenario", "nl")] == she.name
    assert first[t("costs.col.total", "nl")] == format_money(she.total, "nl", 0)
    assert first[t("costs.col.capital_per_m2_year", "nl")] == format_money(she.capital_per_m2_year, "nl", 2)
    assert first[t("costs.col.initial_share", "nl")] == format_percent_value(she.initial_share, "nl", 1)


def test_extended_table_shows_each_external_cost_and_a_dash_where_a_scenario_has_none():
    for preset in list_presets():
        comparison = compare(preset.scenarios, preset.parameters)
        table = extended_table(comparison, "fr")
        assert len(table) == len(comparison.results)
        assert list(table.columns)[:2] == [t("costs.col.scenario", "fr"), t("costs.results.direct_total", "fr")]
        assert {t("costs.col.extended_total", "fr"), t("costs.col.extended_per_m2_year", "fr")} <= set(table.columns)
        assert not table.isna().any().any()
        for result, (_, row) in zip(comparison.results, table.iterrows()):
            for kind, value in result.external_npv.items():
                column = t(f"costs.kind.{kind}", "fr")
                if value:
                    assert row[column] == format_money(value, "fr", 0)
                elif column in table.columns:
                    assert row[column] == "–"
