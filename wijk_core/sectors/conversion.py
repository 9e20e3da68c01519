"""An indicator table on the other generation of sector codes, put on the project's sectors.

The project keeps one sector geometry; a second one, of the other generation of codes
(role ``sectors_other``, see :mod:`wijk_core.sectors.model`), lets a table on those codes
be used: :func:`on_project_sectors` converts it by area with
:func:`wijk_core.areal.convert.convert_to_sectors` and rewrites its report, so the
validation report says from which generation to which, how many sectors on each side,
how much of the project's area is covered and each extensive total before and after.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from wijk_core.areal.convert import convert_to_sectors
from wijk_core.readers import IndicatorTable, SectorLayer
from wijk_core.readers.combine import complete_catalogue
from wijk_core.readers.generations import Generation, fits_other_geometry, looks_like
from wijk_core.readers.report import ValidationReport, compare_codes

__all__ = ["needs_conversion", "on_project_sectors", "table_codes"]

# What the reader said about the table's codes against the project's sectors: replaced by the conversion.
_RESOLVED = frozenset({"report.unknown_codes", "report.no_matching_codes", "report.sectors_without_data",
                       "report.codes_older_than_layer", "report.codes_newer_than_layer",
                       "report.code_generations_unclear"})


def table_codes(table: IndicatorTable) -> pd.DataFrame:
    """Every valid row of ``table``: those of the project's sectors and those set aside as unknown."""
    return pd.concat([table.data, table.unknown]).sort_index()


def needs_conversion(table: IndicatorTable, layer: SectorLayer, other: SectorLayer | None) -> bool:
    """True when ``table``'s codes fit the second geometry ``other`` much better than the project's layer.

    See :func:`~wijk_core.readers.generations.fits_other_geometry`; always False without ``other``.
    """
    if other is None:
        return False
    return fits_other_geometry(table_codes(table).index, layer.sectors["cd_sector"], other.sectors["cd_sector"])


def on_project_sectors(table: IndicatorTable, layer: SectorLayer, other: SectorLayer,
                       given: pd.DataFrame | None = None) -> IndicatorTable:
    """``table``, on the codes of ``other``, converted by area onto the sectors of ``layer``.

    Parameters
    ----------
    table
        An indicator table read against the project's layer (its rows on other codes
        are in ``unknown``).
    layer
        The project's sector geometry.
    other
        The second sector geometry, whose codes the table uses.
    given
        The project's catalogue, read against this table's columns, or None: it says
        which columns are extensive (summed by area share) and which intensive
        (weighted by their denominator, by area when the denominator is not a column
        of this table).

    Returns
    -------
    IndicatorTable
        ``data``: one row per project sector that received values; ``unknown``: rows of
        codes in neither geometry; ``report``: the reader's issues without those about
        the codes not matching the project, plus the conversion
        (``report.table_converted…``), partly covered sectors, codes in neither geometry,
        intensive figures weighted by area for want of their denominator in this table
        (``report.converted_by_area``) and the project's sectors left without data.
    """
    rows = table_codes(table)
    catalogue, catalogue_issues = complete_catalogue(rows, [table], given)
    by_area = [replace(issue, code="report.converted_by_area", source=table.source)
               for issue in catalogue_issues if issue.code == "report.denominator_missing"]
    conversion = convert_to_sectors(other.sectors, rows, catalogue, layer.sectors)
    data = conversion.data.dropna(how="all")
    project_codes = layer.sectors["cd_sector"]
    generations = (_generation(other, table), looks_like(project_codes).generation)
    issues = [issue for issue in table.report if issue.code not in _RESOLVED]
    issues += conversion.issues(table.source, generations) + by_area
    issues += [issue for issue in compare_codes(data.index, project_codes, source=table.source)
               if issue.code == "report.sectors_without_data"]
    return replace(table, data=data, unknown=rows.loc[list(conversion.codes_without_geometry)],
                   report=ValidationReport(tuple(issues)))


def _generation(other: SectorLayer, table: IndicatorTable) -> Generation:
    """The generation of the second geometry; from the table's codes and years when its codes do not tell."""
    guess = looks_like(other.sectors["cd_sector"]).generation
    return guess if guess is not Generation.UNKNOWN else looks_like(table_codes(table).index, table.years).generation
