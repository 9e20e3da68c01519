"""The selection's tables as the officer reads them: headers, labels and numbers in one language.

Each function takes the computed result (profiles, hotspot scores) and returns a
small display table whose column headers come from the message catalogue and whose
numbers are written in the reader's format; the page only shows it.

- :func:`areas_table`: per candidate, area on the data, data coverage, ideas inside;
- :func:`profile_display`: every indicator inside every candidate beside the municipality;
- :func:`shares_table`: the share of each sector inside each candidate;
- :func:`top_sectors`: the sectors with the highest hotspot score.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from wijk_core.i18n import format_number, format_percent_value, t
from wijk_core.readers.labels import indicator_label, indicator_unit
from wijk_core.selection.candidates import MUNICIPALITY, CandidateProfiles
from wijk_core.selection.map import name_column

__all__ = ["areas_table", "profile_display", "shares_table", "top_sectors", "value_decimals"]


def areas_table(profiles: CandidateProfiles, idea_counts: pd.Series, lang: str) -> pd.DataFrame:
    """Per candidate: hectares on the data, the share of it with data, the ideas inside.

    Parameters
    ----------
    profiles
        The candidates' profiles (:func:`wijk_core.selection.candidates.profile_candidates`).
    idea_counts
        Ideas per candidate name (:func:`wijk_core.ideas.ideas_per_candidate`).
    lang
        Language of the headers and numbers.
    """
    areas = profiles.areas
    return pd.DataFrame({
        t("selection.col_candidate", lang): areas.index,
        t("selection.area_inside", lang): [f"{format_number(v, lang, 1)} ha" for v in areas["hectares"]],
        t("selection.data_coverage", lang): [format_percent_value(v, lang, 0) for v in areas["data_coverage"]],
        t("selection.ideas_count", lang): idea_counts.reindex(areas.index).to_numpy(),
    })


def value_decimals(value: float) -> int:
    """0 decimals from 100 on (and for no value), 1 below."""
    return 0 if abs(value) >= 100 else 1 if value == value else 0


def profile_display(profiles: CandidateProfiles, catalogue: pd.DataFrame, lang: str,
                    references: Mapping[str, pd.Series] | None = None) -> pd.DataFrame:
    """The profiles written out: indicator label, unit, one column per candidate, the municipality.

    ``references`` adds columns after the municipality, by label (the region's and Belgium's
    values from :func:`wijk_core.sectors.references.national_references`); an indicator they
    lack is left empty. Values of 100 and more are written without decimals, smaller ones with one.
    """
    rows = []
    for indicator in profiles.values.index:
        row = {t("selection.col_indicator", lang): indicator_label(catalogue, indicator, lang),
               t("selection.col_unit", lang): indicator_unit(catalogue, indicator, lang)}
        for column in profiles.values.columns:
            value = profiles.values.at[indicator, column]
            label = t("selection.municipality", lang) if column == MUNICIPALITY else column
            row[label] = format_number(value, lang, value_decimals(value))
        for label, values in (references or {}).items():
            value = values.get(indicator, float("nan"))
            row[label] = format_number(value, lang, value_decimals(value)) if value == value else ""
        rows.append(row)
    return pd.DataFrame(rows)


def shares_table(profiles: CandidateProfiles, lang: str) -> pd.DataFrame:
    """One row per (candidate, sector): the share of the sector's weight inside the candidate."""
    shares = profiles.shares.reset_index()
    return pd.DataFrame({
        t("selection.col_candidate", lang): shares.iloc[:, 0],
        t("selection.col_sector", lang): shares["cd_sector"],
        t("selection.col_share", lang): [format_percent_value(v, lang, 1) for v in shares["share"]],
    })


def top_sectors(scores: pd.Series, sectors: gpd.GeoDataFrame, lang: str, count: int = 10) -> pd.DataFrame:
    """The ``count`` sectors with the highest hotspot score: code, name, score (3 decimals).

    Parameters
    ----------
    scores
        Hotspot score per sector code (NaN: not scored).
    sectors
        Sectors indexed by code (:func:`wijk_core.selection.map.sector_frame`).
    """
    top = scores.dropna().sort_values(ascending=False).head(count)
    names = name_column(sectors, lang)
    return pd.DataFrame({
        t("selection.col_sector", lang): top.index,
        t("selection.sector_tooltip_name", lang): sectors.loc[top.index, names].fillna("").to_numpy()
        if names else "",
        t("selection.hotspot_score", lang): [format_number(v, lang, 3) for v in top],
    })
