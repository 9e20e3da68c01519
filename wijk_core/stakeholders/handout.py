"""The stakeholder charts as one HTML handout that works offline.

Built on :func:`wijk_core.writers.html.html_report`: CSS inline, plotly.js inlined once
(with the first chart), no reference to the internet; user text escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd

from wijk_core.i18n import language, t, tn
from wijk_core.stakeholders.charts import (has_ladder_steps, ladder_matrix, onion_diagram, power_interest_grid,
                                           relation_network)
from wijk_core.stakeholders.map import stakeholder_map
from wijk_core.stakeholders.summary import network_table, quadrant_table
from wijk_core.stakeholders.validation import empty_relations
from wijk_core.stakeholders.export import display_inventory
from wijk_core.writers.html import ReportSection, html_report

__all__ = ["HANDOUT_CHARTS", "charts_handout", "handout_sections"]

HANDOUT_CHARTS = ("grid", "onion", "network", "ladder", "map")
"""The charts of the handout, in order."""

_OVERVIEW = ("name", "organisation", "group", "level", "interest", "influence", "position", "governance")


def handout_sections(inventory: pd.DataFrame, lang: str, *, relations: pd.DataFrame | None = None,
                     background=None, background_label: str | None = None,
                     charts: Sequence[str] = HANDOUT_CHARTS, notes: Sequence[str] = ()) -> list[ReportSection]:
    """The handout's sections (overview, then each chart with its table), for any report.

    Parameters are those of :func:`charts_handout`; the phase-1 dossier puts these
    sections beside the other domains'.
    """
    unknown = [c for c in charts if c not in HANDOUT_CHARTS]
    if unknown:
        raise ValueError(f"unknown charts {unknown}; choose from {HANDOUT_CHARTS}")
    code = language(lang)
    relations = relations if relations is not None else empty_relations()
    overview = display_inventory(inventory, code)[[t(f"stakeholders.col_{k}", code) for k in _OVERVIEW]]
    sections = [ReportSection(t("stakeholders.handout_overview", code),
                              paragraphs=[*notes, tn("stakeholders.handout_count", len(inventory), code)],
                              table=overview)]
    for chart in charts:
        if chart == "grid":
            sections.append(ReportSection(t("stakeholders.chart_grid", code),
                                          figure=power_interest_grid(inventory, code),
                                          table=quadrant_table(inventory, code)))
        elif chart == "onion":
            sections.append(ReportSection(t("stakeholders.chart_onion", code), figure=onion_diagram(inventory, code)))
        elif chart == "network":
            sections.append(ReportSection(t("stakeholders.chart_network", code),
                                          paragraphs=[t("stakeholders.network_explained", code)],
                                          figure=relation_network(inventory, relations, code),
                                          table=network_table(inventory, relations, code)))
        elif chart == "ladder":
            sections.append(ReportSection(t("stakeholders.chart_ladder", code), figure=ladder_matrix(inventory, code))
                            if has_ladder_steps(inventory) else
                            ReportSection(t("stakeholders.chart_ladder", code),
                                          paragraphs=[t("stakeholders.ladder_empty", code)]))
        else:
            sections.append(ReportSection(t("stakeholders.chart_map", code),
                                          figure=stakeholder_map(inventory, code, background=background,
                                                                 label_column=background_label)))
    return sections


def charts_handout(inventory: pd.DataFrame, lang: str, *, title: str,
                   relations: pd.DataFrame | None = None, background=None, background_label: str | None = None,
                   charts: Sequence[str] = HANDOUT_CHARTS, notes: Sequence[str] = (),
                   generated_at: datetime | None = None) -> str:
    """A self-contained HTML handout with the chosen stakeholder charts and their tables.

    Parameters
    ----------
    inventory : DataFrame
        Typed inventory.
    lang : str
        Language of the handout.
    title : str
        Plain text (e.g. the project name), escaped.
    relations : DataFrame, optional
        ``source``, ``target``, ``trust``, ``note`` for the network.
    background, background_label
        Outlines (and their label column) under the map, see
        :func:`wijk_core.stakeholders.map.stakeholder_map`.
    charts : sequence of str
        Any of :data:`HANDOUT_CHARTS`, in the order wanted.
    notes : sequence of str
        Paragraphs for the first section (e.g. "fictitious example"), escaped.
    generated_at : datetime, optional
        Moment printed on the handout (default: now).

    Returns
    -------
    str
        One HTML document: an overview table, then each chart with its table
        (quadrants and advice after the grid; degree, betweenness, connectors
        and isolated after the network). plotly.js is inlined once; nothing is
        loaded from the internet.
    """
    code = language(lang)
    sections = handout_sections(inventory, code, relations=relations, background=background,
                                background_label=background_label, charts=charts, notes=notes)
    return html_report(title=title, lang=code, sections=sections, generated_at=generated_at)
