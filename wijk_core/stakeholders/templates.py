"""The data files of the inventory: template, interview questions, the demo example.

All live in ``wijk_core/data/stakeholders/``:

- ``template.csv``: the seed's stakeholder groups as an inventory to complete, one
  row per kind of actor the seed names (residents and users, social actors, local
  associations, …, potential financial partners), with its group and a typical
  level; names in nl/fr/en;
- ``interview_questions.csv``: the questions for interviews with key actors
  (seed 003: expectations, views, preconditions; seed 000: interests, power,
  expertise, relations and trust, knowing the project, cooperation, and the
  snowball question "who else should we interview?");
- ``demo_inventory.csv``, ``demo_relations.csv``, ``demo_notes.csv``: a filled,
  **fictitious** example for the demo municipality Demoveld (places in its wijken,
  every e-mail address on the reserved ``.example`` domain).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from wijk_core.i18n import LANGUAGES, language
from wijk_core.stakeholders.export import inventory_xlsx
from wijk_core.stakeholders.validation import check_inventory, check_relations

__all__ = ["DATA_DIR", "DemoExample", "InterviewQuestion", "demo_example", "interview_questions",
           "template_inventory", "template_workbook"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "stakeholders"


@dataclass(frozen=True)
class InterviewQuestion:
    """A question to ask a key actor; ``seed`` says where the seed asks it."""

    key: str
    questions: dict[str, str] = field(hash=False)
    seed: str

    def text(self, lang: str) -> str:
        """The question in ``lang`` (Dutch when unknown)."""
        return self.questions[language(lang)]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def interview_questions() -> tuple[InterviewQuestion, ...]:
    """The seed's interview questions, in interview order."""
    return tuple(InterviewQuestion(row["key"], {code: row[f"question_{code}"] for code in LANGUAGES},
                                   row["seed"]) for row in _rows("interview_questions.csv"))


def template_inventory(lang: str) -> pd.DataFrame:
    """The empty inventory: one row per kind of actor of the seed, with group and typical level.

    Parameters
    ----------
    lang : str
        Language of the names (``nl``, ``fr``, ``en``).

    Returns
    -------
    DataFrame
        A typed inventory (as :func:`~.validation.check_inventory` returns) whose
        names describe the kind of actor, to be replaced by the real ones; scales,
        position, roles and ladder steps are empty.
    """
    code = language(lang)
    raw = pd.DataFrame([{"name": row[f"name_{code}"], "group": row["group"], "level": row["level"]}
                        for row in _rows("template.csv")])
    return _checked(raw, "template.csv").reset_index(drop=True)


def template_workbook(lang: str) -> bytes:
    """:func:`template_inventory` as an XLSX file with drop-down lists, ready to fill in."""
    return inventory_xlsx(template_inventory(lang), lang)


@dataclass(frozen=True)
class DemoExample:
    """The fictitious Demoveld example: inventory, relations, interview notes (``name``, ``question``, ``answer``)."""

    inventory: pd.DataFrame
    relations: pd.DataFrame
    notes: pd.DataFrame

    def answers_by_name(self) -> dict[str, dict[str, str]]:
        """The interview notes per stakeholder name: question key → answer."""
        return {str(name): dict(zip(rows["question"], rows["answer"]))
                for name, rows in self.notes.groupby("name", sort=False)}


def _checked(raw: pd.DataFrame, source: str) -> pd.DataFrame:
    checked = check_inventory(raw)
    if checked.issues:  # a data file of ours that does not validate is a bug, not user input
        raise RuntimeError(f"{source} does not validate: {checked.issues}")
    return checked.valid


def demo_example() -> DemoExample:
    """The filled example for the demo project (Demoveld), every row validated.

    Returns
    -------
    DemoExample
        17 invented stakeholders in all six groups and three levels, 18
        relations with trust, who suggested whom, and a few interview notes.

    Raises
    ------
    RuntimeError
        If a data file no longer validates (a defect of the repository).
    """
    raw = pd.read_csv(DATA_DIR / "demo_inventory.csv", dtype=str, keep_default_na=False)
    inventory = _checked(raw, "demo_inventory.csv").reset_index(drop=True)
    relations = check_relations(pd.read_csv(DATA_DIR / "demo_relations.csv", dtype=str, keep_default_na=False),
                                inventory["name"])
    if relations.issues:
        raise RuntimeError(f"demo_relations.csv does not validate: {relations.issues}")
    notes = pd.read_csv(DATA_DIR / "demo_notes.csv", dtype=str, keep_default_na=False)
    keys = {q.key for q in interview_questions()}
    unknown = set(notes["question"]) - keys | set(notes["name"]) - set(inventory["name"])
    if unknown:
        raise RuntimeError(f"demo_notes.csv names unknown questions or stakeholders: {sorted(unknown)}")
    return DemoExample(inventory, relations.valid.reset_index(drop=True), notes)
