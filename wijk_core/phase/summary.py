"""What the phase-1 page and the dossier show: the same tables and sentences, formatted once.

Every figure is formatted here in the reader's language, so the page and the dossier
print the same text for the same number (the dossier test compares them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from babel.dates import format_date

from wijk_core.i18n import Language, format_money, format_number, format_percent_value, language, t, tn
from wijk_core.phase.impact import ASSUMPTION_KEYS, DWELLINGS_INDICATOR, Impact
from wijk_core.phase.model import Agreement, Decision, ReadinessAnswer, TeamMember, readiness_questions
from wijk_core.phase.roadmap import PAGES, RoadmapStep
from wijk_core.phase.snapshot import Reasons, snapshot_label

__all__ = ["APP_PAGES", "agreements_table", "assumptions_table", "choice_facts", "evidence_target",
           "impact_figures", "impact_table", "open_questions", "readiness_table", "reason_lines", "roadmap_table",
           "snapshot_ranking", "snapshot_weights", "step_page", "step_text", "team_table"]

APP_PAGES = ("start", "fase1", "wijkselectie", "kosten", "actoren", "moderatie", "ideeen")
"""URL paths of the app's pages an evidence link may name."""

_WEB = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def evidence_target(evidence: str) -> tuple[str, str]:
    """Where an evidence link points: ``("page", path)``, ``("url", address)`` or ``("text", text)``.

    Only the app's own pages (:data:`APP_PAGES`, with or without a leading ``/``) and
    plain ``http(s)`` addresses become links; anything else (``javascript:``, markup,
    a document's name) is text.
    """
    text = (evidence or "").strip()
    if text.lstrip("/").lower() in APP_PAGES:
        return "page", text.lstrip("/").lower()
    if _WEB.match(text):
        return "url", text
    return "text", text


def _col(key: str, lang: str) -> str:
    return t(f"phase.col.{key}", lang)


def team_table(members: Sequence[TeamMember], lang: str) -> pd.DataFrame:
    """Name, organisation, role and expertise of each member, labels in ``lang``."""
    return pd.DataFrame({
        _col("name", lang): [m.name for m in members],
        _col("organisation", lang): [m.organisation for m in members],
        _col("role", lang): [t(f"phase.role_{m.role}", lang) for m in members],
        _col("expertise", lang): [", ".join(t(f"phase.expertise.{k}", lang) for k in m.expertise)
                                  for m in members],
    }, dtype=object)


def agreements_table(items: Sequence[Agreement], lang: str) -> pd.DataFrame:
    """Each agreement: its name, agreed or not, the note."""
    return pd.DataFrame({
        _col("agreement", lang): [t(f"phase.agreement.{a.key}", lang) for a in items],
        _col("agreed", lang): [t("phase.yes" if a.agreed else "phase.no", lang) for a in items],
        _col("note", lang): [a.note for a in items],
    }, dtype=object)


def _chosen_scores(decision: Decision | None) -> dict[str, dict[str, Any]]:
    if decision is None:
        return {}
    return {row["criterion"]: row for row in decision.snapshot.get("scores", ())
            if row["candidate"] == decision.chosen}


def readiness_table(answers: Sequence[ReadinessAnswer], lang: str, decision: Decision | None = None
                    ) -> pd.DataFrame:
    """Each checklist question with the team's answer, owner, status and evidence.

    With a recorded choice, the chosen neighbourhood's score, pro and con on the same
    question (from the choice's snapshot) stand beside it.
    """
    questions = {q.key: q for q in readiness_questions()}
    chosen = _chosen_scores(decision)
    table = {
        _col("question", lang): [questions[a.key].label(lang) for a in answers],
        _col("status", lang): [t(f"phase.status.{a.status}", lang) for a in answers],
        _col("owner", lang): [a.owner for a in answers],
        _col("answer", lang): [a.answer for a in answers],
        _col("evidence", lang): [a.evidence for a in answers],
    }
    if decision is not None:
        table[t("phase.col.chosen_score", lang, name=decision.chosen)] = [
            format_number(chosen[a.key]["score"], lang) if a.key in chosen and chosen[a.key]["score"] is not None
            else "–" for a in answers]
        table[_col("pro", lang)] = [chosen.get(a.key, {}).get("pro", "") for a in answers]
        table[_col("con", lang)] = [chosen.get(a.key, {}).get("con", "") for a in answers]
    return pd.DataFrame(table, dtype=object)


def step_text(step: RoadmapStep, lang: str) -> str:
    """The status of a roadmap step in words ("3 candidates profiled", "budget gap € 130.000")."""
    params = dict(step.params)
    for name in ("gap", "budget"):
        if name in params:
            params[name] = format_money(float(params[name]), lang, 0)
    count = params.pop("count", None)
    if isinstance(count, (int, float)):
        return tn(step.message, count, lang, **params)
    return t(step.message, lang, **params)


def roadmap_table(steps: Sequence[RoadmapStep], lang: str) -> pd.DataFrame:
    """Number, step, state and status of every step."""
    return pd.DataFrame({
        _col("number", lang): [str(n) for n in range(1, len(steps) + 1)],
        _col("step", lang): [t(f"phase.step.{s.key}", lang) for s in steps],
        _col("state", lang): [t(f"phase.state.{s.state}", lang) for s in steps],
        _col("progress", lang): [step_text(s, lang) for s in steps],
    }, dtype=object)


def reason_lines(found: Reasons, snapshot: dict[str, Any], lang: str) -> list[str]:
    """The reasons of a choice as sentences, read from its snapshot."""
    label = lambda key: snapshot_label(snapshot, key, lang)  # noqa: E731
    lines = []
    if found.rank is not None:
        lines.append(t("phase.reason.rank", lang, name=found.chosen, rank=found.rank, of=found.of,
                       score=format_number(found.total, lang, 3),
                       share=format_percent_value(found.p_first, lang, 0)))
    else:
        lines.append(t("phase.reason.unranked", lang, name=found.chosen))
    if found.strengths:
        lines.append(t("phase.reason.strengths", lang, criteria=", ".join(
            f"{label(key)} ({format_number(value, lang, 3)})" for key, value in found.strengths)))
    lines += [t("phase.reason.pro", lang, criterion=label(key), text=text) for key, text in found.pros]
    lines += [t("phase.reason.con", lang, criterion=label(key), text=text) for key, text in found.cons]
    if found.rank is not None:
        lines += ([t("phase.reason.changed", lang, criterion=label(key), name=winner)
                   for key, winner in found.changed_winners] or [t("phase.reason.stable", lang)])
    return lines


def snapshot_ranking(snapshot: dict[str, Any], lang: str) -> pd.DataFrame:
    """The frozen ranking: rank, candidate, total score, chance of first place, criteria weights."""
    ranking = snapshot.get("ranking", {})
    order = sorted(ranking, key=lambda name: (ranking[name]["rank"], name))
    return pd.DataFrame({
        _col("rank", lang): [str(ranking[n]["rank"]) for n in order],
        _col("candidate", lang): order,
        _col("total", lang): [format_number(ranking[n]["score"], lang, 3) for n in order],
        _col("p_first", lang): [format_percent_value(ranking[n]["p_first"], lang, 0) for n in order],
    }, dtype=object)


def snapshot_weights(snapshot: dict[str, Any], lang: str) -> pd.DataFrame:
    """The frozen criteria: label, direction and weight as entered."""
    criteria = snapshot.get("criteria", ())
    return pd.DataFrame({
        _col("criterion", lang): [snapshot_label(snapshot, c["key"], lang) for c in criteria],
        _col("direction", lang): [t(f"selection.direction_{c['direction']}", lang) for c in criteria],
        _col("weight", lang): [format_number(c["weight"], lang, 2) for c in criteria],
    }, dtype=object)


def choice_facts(decision: Decision, lang: str) -> pd.DataFrame:
    """Chosen, alternatives, who agreed, when, and the team's motivation."""
    when = (format_date(decision.decided_on, format="long", locale=Language(language(lang)).locale)
            if decision.decided_on else "–")
    rows = [(_col("chosen", lang), decision.chosen),
            (_col("alternatives", lang), ", ".join(decision.alternatives) or "–"),
            (_col("agreed_by", lang), decision.agreed_by or "–"), (_col("decided_on", lang), when),
            (_col("motivation", lang), decision.motivation or "–")]
    return pd.DataFrame(rows, columns=[_col("item", lang), _col("value", lang)], dtype=object)


def _figure(value: float | None, lang: str, kind: str) -> str:
    if value is None:
        return "–"
    if kind == "money":
        return format_money(value, lang, 0)
    if kind == "share":
        return format_percent_value(value, lang, 0)
    return format_number(value, lang, {"count": 0, "area": 0, "tonnes": 1, "ratio": 2, "kg": 2}[kind])


def impact_figures(impact: Impact, lang: str) -> list[tuple[str, str]]:
    """``(key, formatted value)`` of every result, in order; "–" where it cannot be computed yet."""
    co2_kg = None if impact.co2_per_municipal_euro is None else impact.co2_per_municipal_euro * 1000
    return [(key, _figure(value, lang, kind)) for key, value, kind in (
        ("dwellings", impact.dwellings, "count"), ("renovations", impact.renovations, "count"),
        ("renovated_area", impact.renovated_area, "area"), ("investment", impact.investment, "money"),
        ("energy_saved", impact.energy_saved_per_year, "money"),
        ("co2_saved", impact.co2_saved_per_year, "tonnes"),
        ("co2_period", impact.co2_saved_over_period, "tonnes"),
        ("life_cycle_saving", impact.life_cycle_saving, "money"),
        ("municipal_budget", impact.municipal_budget or None, "money"),
        ("investment_per_euro", impact.investment_per_municipal_euro, "ratio"),
        ("co2_per_euro", co2_kg, "kg"))]


def impact_table(impact: Impact, lang: str) -> pd.DataFrame:
    """The results as the page and the dossier show them: figure and value."""
    return pd.DataFrame([(t(f"phase.impact.figure.{key}", lang, years=impact.period_years), value)
                         for key, value in impact_figures(impact, lang)],
                        columns=[_col("figure", lang), _col("value", lang)], dtype=object)


def _default_source(key: str, impact: Impact, lang: str, dwellings_label: str) -> str:
    if key == "dwellings":
        return t(f"phase.source.dwellings_{impact.dwellings_origin}", lang, name=impact.candidate,
                 indicator=dwellings_label)
    return t(f"phase.source.{key}", lang)


def assumptions_table(impact: Impact, lang: str, dwellings_label: str = DWELLINGS_INDICATOR) -> pd.DataFrame:
    """Every assumption with its value and source: the officer's own source where given."""
    a = impact.assumptions
    values = {"dwellings": _figure(impact.dwellings, lang, "count"),
              "renovation_share": _figure(a.renovation_share, lang, "share"),
              "floor_area_per_dwelling": format_number(a.floor_area_per_dwelling, lang, 0),
              "baseline": impact.baseline or "–", "renovated": impact.renovated or "–",
              "period_years": format_number(impact.period_years, lang) if impact.period_years else "–",
              "municipal_budget": _figure(impact.municipal_budget or None, lang, "money")}
    return pd.DataFrame([(t(f"phase.impact.assumption.{key}", lang), values[key],
                          a.sources.get(key) or _default_source(key, impact, lang, dwellings_label))
                         for key in ASSUMPTION_KEYS],
                        columns=[_col("assumption", lang), _col("value", lang), _col("source", lang)], dtype=object)


def open_questions(answers: Iterable[ReadinessAnswer], lang: str) -> list[str]:
    """The labels of the checklist questions not yet done, in order."""
    questions = {q.key: q for q in readiness_questions()}
    return [questions[a.key].label(lang) for a in answers if a.status != "done"]


def step_page(key: str) -> str:
    """The URL path of the page of a roadmap step."""
    return PAGES[key]
