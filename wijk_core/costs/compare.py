"""Several scenarios under the same parameters: tables side by side and break-even years."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from wijk_core.costs.errors import CostError
from wijk_core.i18n import t
from wijk_core.costs.lcc import LifeCycleCost, _check_scenario, _life_cycle_cost
from wijk_core.costs.model import Parameters, Scenario

__all__ = ["BreakEvenNote", "Comparison", "break_even_year", "compare"]


def break_even_year(baseline: pd.Series, alternative: pd.Series) -> int | None:
    """The year from which the alternative has cost no more than the baseline, for good.

    Parameters
    ----------
    baseline, alternative : Series
        Cumulative discounted cost by year (``LifeCycleCost.cumulative``), same index.

    Returns
    -------
    int or None
        The first year :math:`t^*` with :math:`K^{alt}_s \\le K^{base}_s` for
        every :math:`s \\ge t^*` up to the end of the period; 0 when the
        alternative is never dearer; None when it is still dearer at the end.

    Notes
    -----
    :math:`K_t = \\sum_{s \\le t} C_s (1 + r)^{-s}`. A deeper renovation usually
    costs more in year 0 and less every year after: its curve starts above and
    crosses below. Renewals can make the curves cross more than once; the break-even
    year is the last crossing, after which the alternative stays the cheaper.
    A difference below a cent counts as equal.
    """
    if not baseline.index.equals(alternative.index):
        raise ValueError("Both cumulative curves need the same years; compute them with the same parameters.")
    dearer = (alternative - baseline) > 0.005
    if not dearer.any():
        return int(baseline.index[0])
    last_dearer = dearer[dearer].index[-1]
    position = baseline.index.get_loc(last_dearer)
    if position + 1 >= len(baseline.index):
        return None
    return int(baseline.index[position + 1])


@dataclass(frozen=True)
class BreakEvenNote:
    """What the cumulative curves of one scenario and the baseline say, as one sentence.

    ``key`` is a catalogue message of ``costs.results``: ``break_even`` (the scenario
    costs less from ``year`` on, for good), ``break_even_immediate`` (never more),
    ``break_even_overtaken`` (less up to ``until``, more from ``year`` on),
    ``break_even_baseline`` (the baseline costs less from ``year`` on, after the curves
    crossed more than once) or ``break_even_never`` (more or as much every year).
    """

    key: str
    name: str
    baseline: str
    year: int | None = None
    until: int | None = None
    period: int = 0

    def message(self, lang: str | None = None, quote=str) -> str:
        """The sentence in ``lang``; ``quote`` makes the scenario names literal where it is shown
        (e.g. escaped for markdown)."""
        return t(f"costs.results.{self.key}", lang, name=quote(self.name), baseline=quote(self.baseline),
                 year=self.year, until=self.until, period=self.period)


def _break_even_note(name: str, baseline: str, curves: pd.DataFrame, period: int) -> BreakEvenNote:
    year = break_even_year(curves[baseline], curves[name])
    if year == 0:
        return BreakEvenNote("break_even_immediate", name, baseline, period=period)
    if year is not None:
        return BreakEvenNote("break_even", name, baseline, year=year, period=period)
    # dearer at the end: from when is the baseline the cheaper one, and was the scenario cheaper before?
    overtaken = break_even_year(curves[name], curves[baseline])
    if overtaken is None or overtaken == 0:
        return BreakEvenNote("break_even_never", name, baseline, period=period)
    before = curves.index < overtaken
    if ((curves[name] - curves[baseline])[before] < -0.005).all():
        return BreakEvenNote("break_even_overtaken", name, baseline, year=overtaken,
                             until=int(curves.index[before][-1]), period=period)
    return BreakEvenNote("break_even_baseline", name, baseline, year=overtaken, period=period)


@dataclass(frozen=True)
class Comparison:
    """Life-cycle costs of several scenarios under the same parameters, in the given order."""

    parameters: Parameters
    results: tuple[LifeCycleCost, ...]

    @property
    def names(self) -> list[str]:
        return [result.name for result in self.results]

    def result(self, name: str) -> LifeCycleCost:
        for result in self.results:
            if result.name == name:
                return result
        raise KeyError(name)

    def npv_table(self) -> pd.DataFrame:
        """Scenario × category: net present value in euro (residual value negative)."""
        return pd.DataFrame({r.name: r.npv for r in self.results}).T.rename_axis("scenario")

    def external_table(self) -> pd.DataFrame:
        """Scenario × externality kind: present value in euro."""
        return pd.DataFrame({r.name: r.external_npv for r in self.results}).T.rename_axis("scenario")

    def summary_table(self) -> pd.DataFrame:
        """One row per scenario: total, annualised, per m²·year, initial share, extended total, …"""
        rows = {r.name: {key: value for key, value in r.summary().items()
                         if key not in ("scenario", "npv", "externalities")} for r in self.results}
        return pd.DataFrame(rows).T.astype(float).rename_axis("scenario")

    def cumulative(self, *, extended: bool = False) -> pd.DataFrame:
        """Year × scenario: cumulative discounted cost (with externalities if ``extended``)."""
        return pd.DataFrame({r.name: (r.extended_cumulative if extended else r.cumulative)
                             for r in self.results})

    def break_even(self, baseline: str | None = None, *, extended: bool = False) -> dict[str, int | None]:
        """Break-even year of every other scenario against ``baseline`` (default: the first)."""
        curves = self.cumulative(extended=extended)
        base = baseline if baseline is not None else self.names[0]
        if base not in curves.columns:
            raise KeyError(base)
        return {name: break_even_year(curves[base], curves[name]) for name in curves.columns if name != base}

    def break_even_notes(self, baseline: str | None = None, *, extended: bool = False) -> list[BreakEvenNote]:
        """For every other scenario, the sentence its cumulative curve and the baseline's make true.

        The same curves as :meth:`cumulative` (what the chart draws): a scenario cheaper
        than the baseline for most of the period but dearer at its end is said to cost
        less until a year and more from the next, never "still more after N years".
        """
        curves = self.cumulative(extended=extended)
        base = baseline if baseline is not None else self.names[0]
        if base not in curves.columns:
            raise KeyError(base)
        return [_break_even_note(name, base, curves, self.parameters.period_years)
                for name in curves.columns if name != base]


def compare(scenarios: Sequence[Scenario], parameters: Parameters | None = None) -> Comparison:
    """Calculate every scenario under the same parameters.

    Parameters
    ----------
    scenarios : sequence of Scenario
        At least one; names unique; none empty.
    parameters : Parameters, optional

    Returns
    -------
    Comparison

    Raises
    ------
    CostError
        ``errors.costs_no_scenarios``, ``errors.costs_scenario_duplicate`` (name), and
        those of :func:`~wijk_core.costs.life_cycle_cost`.
    """
    parameters = parameters or Parameters()
    scenarios = list(scenarios)
    if not scenarios:
        raise CostError("errors.costs_no_scenarios")
    seen: set[str] = set()
    for scenario in scenarios:
        _check_scenario(scenario, parameters)
        if scenario.name.casefold() in seen:
            raise CostError("errors.costs_scenario_duplicate",
                            name=scenario.name)
        seen.add(scenario.name.casefold())
    return Comparison(parameters, tuple(_life_cycle_cost(s, parameters) for s in scenarios))

