"""The candidate file for the council: GeoJSON, XLSX and the printable HTML report.

:func:`council_file` assembles the officer's work (perimeters, profiles, the
assessment and the team's scores) into the three files, with labels in the
user's language; :mod:`wijk_core.writers` writes each format (the workbook's sheets through
:mod:`wijk_core.selection.export`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from babel.dates import format_date

from wijk_core.criteria import Direction
from wijk_core.i18n import Language, format_number, format_percent_value, language, t
from wijk_core.maps.choropleth import NO_DATA_COLOUR, ChoroplethError, classify
from wijk_core.maps.svg import svg_map
from wijk_core.readers.labels import indicator_unit
from wijk_core.sectors.data import SectorData
from wijk_core.selection.candidates import CandidateProfiles, profile_table
from wijk_core.selection.charts import contributions_chart, leave_one_out_chart, robustness_chart
from wijk_core.selection.export import workbook
from wijk_core.selection.framework import Assessment, CriterionChoice, criterion_labels
from wijk_core.writers.geojson import RESERVED_PROPERTIES, perimeters_geojson
from wijk_core.writers.html import ReportSection, display_value, html_report
from wijk_core.writers.values import MISSING_TEXT

__all__ = ["OUTLINE_COLOURS", "SCORE_COLUMNS", "CouncilFile", "council_file", "council_sections"]

OUTLINE_COLOURS = ("#08306b", "#6a3d9a", "#006d2c", "#111111", "#1f78b4", "#c51b7d", "#01665e",
                   "#54278f")
"""Perimeter colours on the report's map: dark, and apart from the yellow–red fills."""

SCORE_COLUMNS = ("criterion", "candidate", "score", "pro", "con")
"""Columns of the team scores given to :func:`council_file`, one row per scored pair."""


@dataclass(frozen=True)
class CouncilFile:
    """The three files of the candidate file for the council."""

    geojson: bytes
    xlsx: bytes
    html: str


def _criterion_labeller(catalogue: pd.DataFrame, lang: str) -> Callable[[str], str]:
    """Label of a criterion key in ``lang`` (:func:`criterion_labels`), else the key itself."""
    labels = criterion_labels(catalogue, lang)
    return lambda key: labels.get(key, str(key))


def _unique_label(columns: Mapping[str, object], label: str, key: str) -> str:
    return label if label not in columns else f"{label} ({key})"


def _map_svg(data: SectorData, layer: gpd.GeoDataFrame, indicator: str | None, lang: str,
             label: Callable[[str], str]) -> str:
    """The report's map: ``indicator`` in quantile classes, the candidates outlined."""
    fills, legend, title = None, [], ""
    if indicator is not None:
        if indicator not in data.indicators.columns:
            known = ", ".join(list(data.indicators.columns)[:8])
            raise ValueError(f"no sector values for indicator {indicator!r}; pick one of {known}, …")
        entry = (data.catalogue.loc[indicator] if indicator in data.catalogue.index
                 else pd.Series(dtype=object))
        direction, unit = str(entry.get("direction", "")), indicator_unit(data.catalogue, indicator, lang)
        title = label(indicator) + (f" ({unit})" if unit else "")
        values = data.indicators[indicator].reindex(data.sectors["cd_sector"].astype(str).to_numpy())
        try:
            classes = classify(values, "quantiles", 5, ramp="neutral" if direction == "neutral" else "need",
                               reverse=direction == "need_if_lower")
        except ChoroplethError:  # nothing to colour: the map still shows the perimeters
            classes = None
        if classes is not None:
            fills = classes.colour_of()
            span = max(classes.upper) - min(classes.lower)
            decimals = 0 if span >= 100 else 1 if span >= 1 else 3
            legend = [(colour, " – ".join(format_number(v, lang, decimals) for v in (low, high)))
                      for low, high, colour in zip(classes.lower, classes.upper, classes.colours)]
            if classes.missing:
                legend.append((NO_DATA_COLOUR, t("selection.no_value", lang)))
    legend += [(OUTLINE_COLOURS[i % len(OUTLINE_COLOURS)], str(name)) for i, name in enumerate(layer.index)]
    return svg_map(_surroundings(data.sectors, layer), fills, layer, outline_colours=list(OUTLINE_COLOURS),
                   title=title, legend=legend)


def _surroundings(sectors: gpd.GeoDataFrame, layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The sectors around the candidates: a page-wide map of a province or the whole
    country would show the candidates as dots (and draw thousands of sectors)."""
    if not len(layer) or layer.geometry.is_empty.all():
        return sectors
    minx, miny, maxx, maxy = layer.total_bounds
    margin = max(maxx - minx, maxy - miny) * 0.25 + 250.0
    return sectors.iloc[sectors.sindex.query(shapely.box(minx - margin, miny - margin,
                                                         maxx + margin, maxy + margin))].sort_index()


@dataclass
class _Parts:
    """What council_file assembles: workbook tables, report sections, GeoJSON attributes."""

    tr: Callable[..., str]
    lang: str
    label: Callable[[str], str]
    col: dict[str, str]
    attributes: pd.DataFrame
    ranking_table: pd.DataFrame | None = None
    criteria_table: pd.DataFrame | None = None
    sections: list[ReportSection] = field(default_factory=list)


def _assessment_parts(parts: _Parts, assessment: Assessment,
                      choices: Sequence[CriterionChoice] | None) -> None:
    """Ranking and criteria tables, the ranking and robustness sections, rank/score attributes."""
    tr, col, label, lang = parts.tr, parts.col, parts.label, parts.lang
    ranking = assessment.ranking
    order = list(ranking.ranks.sort_values(kind="stable").index)
    ranks = ranking.ranks[order].astype(int).to_numpy()
    p_first = assessment.robustness["p_first"].reindex(order)
    columns: dict[str, object] = {col["rank"]: ranks, col["candidate"]: order,
                                  col["total"]: ranking.scores[order].to_numpy(),
                                  col["p_first"]: p_first.to_numpy()}
    for key in assessment.matrix.columns:  # the criterion values behind the score
        columns[_unique_label(columns, label(key), key)] = assessment.matrix.loc[order, key].to_numpy()
    parts.ranking_table = pd.DataFrame(columns)
    index = parts.attributes.index
    parts.attributes["rank"] = ranking.ranks.reindex(index).to_numpy()
    parts.attributes["score"] = ranking.scores.reindex(index).to_numpy()
    parts.attributes["p_first"] = assessment.robustness["p_first"].reindex(index).to_numpy()
    if choices:
        parts.criteria_table = pd.DataFrame({
            col["criterion"]: [label(c.key) for c in choices],
            col["direction"]: [tr(f"selection.direction_{Direction(c.direction).value}") for c in choices],
            col["weight"]: [float(c.weight) for c in choices]})
    else:
        parts.criteria_table = pd.DataFrame({col["criterion"]: [label(k) for k in ranking.weights.index],
                                             col["weight"]: ranking.weights.to_numpy()})

    dropped = assessment.leave_one_out
    summary = dropped["summary"] if len(dropped) else pd.DataFrame(columns=["winner", "winner_changed"])
    changed = summary[summary["winner_changed"].astype(bool)]
    stability = ([tr("selection.winner_changes", criterion=label(key), name=row["winner"])
                  for key, row in changed.iterrows()] or [tr("selection.winner_stable")])
    labels = {key: label(key) for key in assessment.matrix.columns}
    shown = pd.DataFrame({col["rank"]: ranks, col["candidate"]: order,
                          col["total"]: [display_value(v, lang, 3) for v in ranking.scores[order]],
                          col["p_first"]: [format_percent_value(v, lang, 0) for v in p_first]})
    parts.sections += [
        ReportSection(tr("selection.tab_framework"), table=parts.criteria_table),
        ReportSection(tr("selection.ranking_title"), paragraphs=[
            tr("selection.winner_robust", name=order[0], share=format_percent_value(p_first.iloc[0], lang, 0)),
            tr("selection.normalisation_note")], table=shown,
            figure=contributions_chart(ranking.contributions, ranking.scores,
                                       title=tr("selection.contributions_title"), score_label=col["total"],
                                       criterion_labels=labels, baseline=ranking.baseline, lang=lang)),
        ReportSection(tr("selection.robustness_title"), paragraphs=stability,
                      figure=robustness_chart(assessment.robustness, title=tr("selection.robustness_title"),
                                              probability_label=col["p_first"], lang=lang)),
    ]
    if len(dropped):
        parts.sections.append(ReportSection(tr("selection.loo_title"), figure=leave_one_out_chart(
            dropped["ranks"], title=tr("selection.loo_title"), dropped_label=tr("selection.loo_dropped"),
            criterion_labels=labels, lang=lang)))


def _scores_table(scores: pd.DataFrame, names: list[str], col: dict[str, str],
                  label: Callable[[str], str]) -> pd.DataFrame:
    missing = [c for c in SCORE_COLUMNS if c not in scores.columns]
    if missing:
        raise ValueError(f"scores lack the columns {missing}; expected {list(SCORE_COLUMNS)}")
    position = {name: i for i, name in enumerate(names)}
    ordered = scores.assign(_order=scores["candidate"].map(position)).sort_values(
        ["criterion", "_order"], kind="stable")
    return pd.DataFrame({col["criterion"]: ordered["criterion"].map(label).to_numpy(),
                         col["candidate"]: ordered["candidate"].to_numpy(),
                         col["score"]: ordered["score"].to_numpy(),
                         col["pro"]: ordered["pro"].to_numpy(), col["con"]: ordered["con"].to_numpy()})


def _shares_table(data: SectorData, profiles: CandidateProfiles, lang: str, col: dict[str, str],
                  name_label: str) -> pd.DataFrame | None:
    if not len(profiles.shares):
        return None
    shares = profiles.shares.reset_index()
    table = {col["candidate"]: shares[shares.columns[0]].to_numpy(),
             col["sector"]: shares["cd_sector"].to_numpy()}
    name_column = "tx_sector_descr_fr" if lang == "fr" else "tx_sector_descr_nl"
    if name_column in data.sectors.columns:
        sector_names = data.sectors.set_index("cd_sector")[name_column]
        table[name_label] = sector_names.reindex(shares["cd_sector"]).to_numpy()
    table[col["share"]] = shares["share"].to_numpy()
    return pd.DataFrame(table)


def _council_parts(data: SectorData, layer: gpd.GeoDataFrame, profiles: CandidateProfiles, code: str,
                   assessment: Assessment | None, scores: pd.DataFrame | None,
                   choices: Sequence[CriterionChoice] | None, indicator: str | None
                   ) -> tuple[_Parts, pd.DataFrame, pd.DataFrame | None]:
    """The report sections, workbook tables and GeoJSON attributes of the council file."""

    def tr(key: str, **params: object) -> str:
        return t(key, code, **params)

    names = list(profiles.candidates)
    col = {key: tr(f"selection.col_{key}") for key in
           ("candidate", "rank", "total", "p_first", "criterion", "direction", "weight", "score",
            "pro", "con", "sector", "share", "indicator", "unit")}
    parts = _Parts(tr=tr, lang=code, label=_criterion_labeller(data.catalogue, code), col=col,
                   attributes=pd.DataFrame(index=pd.Index(layer.index)))

    profile = profile_table(profiles, data.catalogue, code, tr("selection.municipality")).rename(
        columns={"indicator": col["indicator"], "unit": col["unit"]})
    profile.index.name = "id"
    areas = profiles.areas.reindex(names) if len(profiles.areas) else pd.DataFrame(index=names)
    hectares = areas.get("hectares", pd.Series(np.nan, index=names))
    coverage = areas.get("data_coverage", pd.Series(np.nan, index=names))
    overview = pd.DataFrame({
        col["candidate"]: names, f"{tr('selection.area_inside')} (ha)": hectares.to_numpy(),
        f"{tr('selection.data_coverage')} (%)": [format_percent_value(v, code, 0) for v in coverage]})
    if "origin" in layer.columns:
        parts.attributes["origin"] = layer["origin"].to_numpy()
    parts.attributes["data_coverage"] = coverage.reindex(layer.index).round(6).to_numpy()
    if indicator is not None and indicator in profiles.values.index:
        key = indicator if indicator not in RESERVED_PROPERTIES else f"{indicator}_value"
        parts.attributes[key] = profiles.values.loc[indicator].reindex(layer.index).to_numpy()

    parts.sections = [
        ReportSection(tr("selection.tab_candidates"),
                      paragraphs=[tr("selection.export_intro"),
                                  tr("selection.data_current", label=data.label, sectors=len(data.sectors),
                                     indicators=len(data.catalogue), wijken=len(data.wijken)
                                     ).replace("**", ""),  # markdown bold in the catalogue text
                                  *([tr("selection.data_demo_note")] if data.synthetic else [])],
                      svg=_map_svg(data, layer, indicator, code, parts.label), table=overview),
        ReportSection(tr("selection.profiles"), paragraphs=[tr("selection.profiles_help")],
                      table=profile, numbers_by="row"),
    ]
    if assessment is not None:
        _assessment_parts(parts, assessment, choices)
    scores_table = (_scores_table(scores, names, col, parts.label)
                    if scores is not None and len(scores) else None)
    if scores_table is not None:
        parts.sections.append(ReportSection(tr("selection.scores_title"), table=scores_table))

    return parts, profile, scores_table


def council_sections(data: SectorData, layer: gpd.GeoDataFrame, profiles: CandidateProfiles, *, lang: str = "nl",
                     assessment: Assessment | None = None, scores: pd.DataFrame | None = None,
                     choices: Sequence[CriterionChoice] | None = None,
                     indicator: str | None = None) -> list[ReportSection]:
    """The council report's sections (map and perimeters, profiles, framework, ranking, robustness, scores).

    Parameters are those of :func:`council_file`; the phase-1 dossier puts these
    sections beside the other domains'.
    """
    return _council_parts(data, layer, profiles, language(lang), assessment, scores, choices, indicator)[0].sections


def council_file(data: SectorData, layer: gpd.GeoDataFrame, profiles: CandidateProfiles, *,
                 project_name: str, lang: str = "nl", assessment: Assessment | None = None,
                 scores: pd.DataFrame | None = None, choices: Sequence[CriterionChoice] | None = None,
                 indicator: str | None = None, generated_at: datetime | None = None) -> CouncilFile:
    """Build the candidate file for the council: GeoJSON, XLSX and HTML report.

    Parameters
    ----------
    data
        The project's sector data.
    layer
        The candidates (:func:`~wijk_core.selection.candidates.candidate_layer`), indexed by
        name; an ``origin`` column, when present, goes into the GeoJSON.
    profiles
        :func:`~wijk_core.selection.candidates.profile_candidates` of ``layer``.
    project_name
        Shown in the report's title and the workbook's about sheet.
    lang
        ``nl``, ``fr`` or ``en``: labels, sheet names, number notation.
    assessment
        The outcome of :func:`~wijk_core.selection.framework.assess`, or None before criteria
        are chosen (the file then holds the perimeters and profiles only).
    scores
        The team's scores, one row per (criterion, candidate) with the columns
        :data:`SCORE_COLUMNS` (score 1–5, written pro and con), or None.
    choices
        The criteria (direction and weight as entered) for the criteria sheet;
        without them it shows the assessment's normalised weights.
    indicator
        Indicator coloured on the report's map (quantiles); None draws the perimeters
        over grey sectors.
    generated_at
        Date of the file (default now).

    Returns
    -------
    CouncilFile
        ``geojson`` (perimeters with name, area, origin, data coverage, rank, score,
        probability of ranking first and the map indicator), ``xlsx`` (about,
        profiles, ranking, scores, shares, criteria) and ``html`` (the report).

    Raises
    ------
    ValueError
        For an ``indicator`` without sector values, or ``scores`` without the
        :data:`SCORE_COLUMNS`.
    """
    code = language(lang)

    def tr(key: str, **params: object) -> str:
        return t(key, code, **params)

    moment = generated_at or datetime.now()
    parts, profile, scores_table = _council_parts(data, layer, profiles, code, assessment, scores, choices,
                                                  indicator)
    col = parts.col
    when = format_date(moment, format="long", locale=Language(code).locale)
    metadata = {
        tr("project.label"): project_name,
        tr("selection.tab_data"): (f"{data.label} – {tr('selection.data_demo_note')}" if data.synthetic
                                   else data.label),
        tr("selection.method"): (tr(f"selection.method_{assessment.ranking.method}")
                                 if assessment is not None else MISSING_TEXT),
        tr("selection.profiles"): tr("selection.profiles_help"),  # the areal-weighting assumption
        tr("app.name"): tr("selection.report_generated", date=when),
    }
    xlsx = workbook(
        profiles_table=profile, ranking_table=parts.ranking_table, scores_table=scores_table,
        shares_table=_shares_table(data, profiles, code, col, tr("selection.sector_tooltip_name")),
        criteria_table=parts.criteria_table, metadata=metadata,
        percent_columns=(col["p_first"], col["share"]),
        sheet_names={"about": tr("app.name"), "profiles": tr("selection.profiles"),
                     "ranking": tr("selection.ranking_title"), "scores": tr("selection.scores_title"),
                     "shares": col["share"], "criteria": tr("selection.tab_framework")})
    report = html_report(title=tr("selection.report_heading", project=project_name), lang=code,
                         sections=parts.sections, generated_at=moment)
    return CouncilFile(geojson=perimeters_geojson(layer, attributes=parts.attributes), xlsx=xlsx,
                       html=report)
