"""The phase-1 dossier for the council: one self-contained HTML document that prints well.

:func:`phase_dossier` puts the project's phase 1 in one file, in the reader's
language: where the project stands (the roadmap), the choice and its reasons (read
from the choice's frozen snapshot), the candidates' map and profiles with the
framework and its robustness (:func:`wijk_core.selection.council.council_sections`),
the stakeholder grid and ladder (:func:`wijk_core.stakeholders.handout.handout_sections`),
the interviews, the team and its agreements, the checklist, the budget and its gap,
the cost comparison, the impact against the municipal budget, and the ideas so far.

Written by :func:`wijk_core.writers.html.html_report`: CSS inline, maps as inline
SVG, plotly.js inlined once; every user text escaped; nothing is fetched from the
network when it is opened. Figures are the strings of :mod:`wijk_core.phase.summary`,
the ones the page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from wijk_core.costs.budget import BudgetSummary
from wijk_core.costs.compare import Comparison
from wijk_core.costs.summary import budget_table, results_table
from wijk_core.i18n import format_money, format_percent_value, language, t, tn
from wijk_core.phase.impact import Impact
from wijk_core.phase.model import (Agreement, Decision, ReadinessAnswer, TeamMember, missing_expertise,
                                   size_advice)
from wijk_core.phase.roadmap import RoadmapStep
from wijk_core.phase.snapshot import reasons
from wijk_core.phase.summary import (agreements_table, assumptions_table, choice_facts, impact_table,
                                     readiness_table, reason_lines, roadmap_table, snapshot_ranking,
                                     snapshot_weights, team_table)
from wijk_core.writers.html import ReportSection, html_report

__all__ = ["DossierContent", "phase_dossier", "team_lines"]


@dataclass(frozen=True)
class DossierContent:
    """What the dossier holds; every part may be empty while the project is under way.

    ``selection_sections`` and ``stakeholder_sections`` are the other domains' report
    sections as they make them; ``interviews`` and ``ideas`` are tables already
    labelled in the reader's language.
    """

    project_name: str
    steps: Sequence[RoadmapStep]
    team: Sequence[TeamMember] = ()
    agreements: Sequence[Agreement] = ()
    answers: Sequence[ReadinessAnswer] = ()
    decision: Decision | None = None
    impact: Impact | None = None
    budget: BudgetSummary | None = None
    comparison: Comparison | None = None
    selection_sections: Sequence[ReportSection] = field(default_factory=tuple)
    stakeholder_sections: Sequence[ReportSection] = field(default_factory=tuple)
    interviews: pd.DataFrame | None = None
    ideas: pd.DataFrame | None = None
    idea_count: int = 0
    dwellings_label: str = "dwellings"
    notes: Sequence[str] = ()


def team_lines(team: Sequence[TeamMember], lang: str) -> list[str]:
    """The team's size advice and the expertise it still misses, as the page says them."""
    lines = [t(f"phase.team.size_{size_advice(team)}", lang, count=len(team))]
    gaps = missing_expertise(team)
    lines.append(t("phase.team.missing", lang, kinds=", ".join(t(f"phase.expertise.{k}", lang) for k in gaps))
                 if gaps else t("phase.team.complete", lang))
    return lines


def _choice_sections(decision: Decision | None, code: str) -> list[ReportSection]:
    if decision is None:
        return [ReportSection(t("phase.dossier.choice", code), paragraphs=[t("phase.choice.none", code)])]
    snapshot = decision.snapshot
    found = reasons(snapshot, decision.chosen)
    sections = [ReportSection(t("phase.dossier.choice", code), paragraphs=reason_lines(found, snapshot, code),
                              table=choice_facts(decision, code))]
    if snapshot.get("ranking"):
        sections.append(ReportSection(t("phase.dossier.frozen", code),
                                      paragraphs=[t("phase.choice.frozen_note", code)],
                                      table=snapshot_ranking(snapshot, code)))
        sections.append(ReportSection(t("phase.dossier.frozen_weights", code), table=snapshot_weights(snapshot, code)))
    return sections


def _money_sections(content: DossierContent, code: str) -> list[ReportSection]:
    sections = []
    if content.budget is not None:
        budget = content.budget
        gap = (t("costs.budget.gap_text", code, amount=format_money(budget.funding_gap, code, 0),
                 share=format_percent_value(budget.coverage, code, 1)) if budget.funding_gap > 0
               else t("costs.budget.covered", code))
        sections.append(ReportSection(t("costs.budget.title", code), paragraphs=[gap],
                                      table=budget_table(budget, code, as_text=True)))
    if content.comparison is not None and content.comparison.results:
        sections.append(ReportSection(t("phase.dossier.costs", code), paragraphs=[t("costs.method_short", code)],
                                      table=results_table(content.comparison, code)))
    if content.impact is not None:
        impact = content.impact
        paragraphs = [t("phase.impact.intro", code)]
        paragraphs += [t(f"phase.impact.missing.{key}", code) for key in impact.missing]
        sections.append(ReportSection(t("phase.dossier.impact", code), paragraphs=paragraphs,
                                      table=impact_table(impact, code)))
        sections.append(ReportSection(t("phase.dossier.assumptions", code),
                                      table=assumptions_table(impact, code, content.dwellings_label)))
    return sections


def phase_dossier(content: DossierContent, lang: str, *, generated_at: datetime | None = None) -> str:
    """The phase-1 dossier as one self-contained, printable HTML document.

    Parameters
    ----------
    content
        The project's phase 1 (see :class:`DossierContent`).
    lang
        ``nl``, ``fr`` or ``en``.
    generated_at
        The date printed on it (default now).

    Returns
    -------
    str
        An HTML document with no external reference; user text escaped.
    """
    code = language(lang)
    sections = [ReportSection(t("phase.dossier.roadmap", code), paragraphs=[*content.notes],
                              table=roadmap_table(content.steps, code))]
    sections += _choice_sections(content.decision, code)
    sections += list(content.selection_sections)
    sections += list(content.stakeholder_sections)
    if content.interviews is not None and len(content.interviews):
        sections.append(ReportSection(t("phase.dossier.interviews", code), table=content.interviews))
    sections.append(ReportSection(t("phase.dossier.team", code), paragraphs=team_lines(content.team, code),
                                  table=team_table(content.team, code)))
    sections.append(ReportSection(t("phase.dossier.agreements", code), table=agreements_table(content.agreements,
                                                                                                code)))
    sections.append(ReportSection(t("phase.dossier.readiness", code),
                                  table=readiness_table(content.answers, code, content.decision)))
    sections += _money_sections(content, code)
    ideas = [tn("phase.dossier.idea_count", content.idea_count, code)]
    sections.append(ReportSection(t("phase.dossier.ideas", code), paragraphs=ideas,
                                  table=content.ideas if content.ideas is not None and len(content.ideas) else None))
    return html_report(title=t("phase.dossier.title", code, project=content.project_name), lang=code,
                       sections=sections, generated_at=generated_at)
