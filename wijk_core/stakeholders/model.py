"""What a stakeholder is: the closed sets of the inventory and its columns.

The closed sets come from the seeds (``shared/seeds/000_…txt``):

- **groups** ("De actoren identificeren"): local residents and users, social actors
  (with local associations), institutional, expert and technical, economic actors,
  capital holders;
- **levels**: micro (the neighbourhood), meso (the municipality), macro (region,
  state, market), as in the seed's Noordwijk mapping;
- **governance roles** ("Rol van elke belanghebbende"): steering committee, project
  team, technical committee, thematic working group, partner, citizen group,
  follow-up and monitoring, or none;
- **participation ladder** ("Participatieniveaus", after Periferia 2011): six steps
  from information to co-management, per project **phase** (diagnosis, design,
  decision, implementation, evaluation: the phases the seed names for co-management).

Every set is a :class:`Choice` (an :class:`~wijk_core.enums.AliasEnum`) that accepts its key, its label in Dutch, French or
English (as the catalogue spells it, so an exported file reads back) and a few
spellings more, ignoring case, accents, spaces and hyphens; anything else raises
:class:`~wijk_core.stakeholders.errors.StakeholderError` with code
``errors.stakeholders_option_unknown`` (params ``value``, ``allowed``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from wijk_core.enums import AliasEnum
from wijk_core.i18n import LANGUAGES, catalogue
from wijk_core.stakeholders.errors import StakeholderError

__all__ = [
    "CHOICE_COLUMNS",
    "COLUMNS",
    "LADDER_COLUMNS",
    "POSITION_RANGE",
    "SCALE_RANGE",
    "TEXT_LIMITS",
    "TRUST_RANGE",
    "Choice",
    "ColumnSpec",
    "GovernanceRole",
    "Group",
    "LadderStep",
    "Level",
    "Phase",
    "column_spec",
    "normalise_text",
]

SCALE_RANGE = (1, 5)
"""Interest and influence: whole numbers from 1 (none) to 5 (very high)."""

POSITION_RANGE = (-2, 2)
"""Position towards the project: −2 (strongly against) … 0 (neutral) … +2 (strongly for)."""

TRUST_RANGE = (1, 5)
"""Trust between two stakeholders: 1 (distrust) … 5 (full trust)."""


def normalise_text(text: str) -> str:
    """Lower case without accents, spaces, hyphens or punctuation: ``"Co-Productie"`` → ``"coproductie"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed.casefold() if ch.isalnum())


def _whole_as_text(value: object) -> object:
    """A whole number as its digits (a ladder step typed as 3 or read as 3.0 is ``"3"``)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return str(int(value))
    return value


class Choice(AliasEnum):
    """A closed set of the inventory: its members also accept their translated labels and aliases."""

    @classmethod
    def _normalise(cls, value: object) -> str | None:
        value = _whole_as_text(value)
        return normalise_text(value.lstrip("'")) if isinstance(value, str) else None

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        """The catalogue labels of every member in every language, then :data:`_ALIASES`."""
        table: dict[str, str] = {}
        for member in cls:
            table.setdefault(member.value, member.value)
            for lang in LANGUAGES:
                label = catalogue(lang).get(cls.label_key(member.value))
                if label:
                    table.setdefault(label, member.value)
        for value, aliases in _ALIASES[cls.__name__].items():
            for alias in aliases:
                table.setdefault(alias, value)
        return table

    @classmethod
    def _unknown(cls, value: object) -> StakeholderError:
        return cls._refusal(StakeholderError, "errors.stakeholders_option_unknown", _whole_as_text(value))

    @classmethod
    def label_key(cls, value: str) -> str:
        """The catalogue key of a member's label, e.g. ``stakeholders.group_social``."""
        return f"{_LABEL_PREFIX[cls.__name__]}{cls(value).value}"


class Group(Choice):
    """The stakeholder group (seed 000, "De actoren identificeren")."""

    RESIDENTS = "residents"
    SOCIAL = "social"
    INSTITUTIONAL = "institutional"
    EXPERT = "expert"
    ECONOMIC = "economic"
    CAPITAL = "capital"


class Level(Choice):
    """Where a stakeholder has influence: micro (neighbourhood), meso (municipality), macro."""

    MICRO = "micro"
    MESO = "meso"
    MACRO = "macro"


class GovernanceRole(Choice):
    """The stakeholder's place in the project's governance (seed 000, "Rol van elke belanghebbende")."""

    STEERING_COMMITTEE = "steering_committee"
    PROJECT_TEAM = "project_team"
    TECHNICAL_COMMITTEE = "technical_committee"
    WORKING_GROUP = "working_group"
    PARTNER = "partner"
    CITIZEN_GROUP = "citizen_group"
    MONITORING = "monitoring"
    NONE = "none"


class LadderStep(Choice):
    """A step of the six-step participation ladder (seed 000, "Participatieniveaus").

    ``rank`` orders the steps: 1 = information … 6 = co-management. The numbers
    1–6 are accepted as aliases.
    """

    INFORMATION = "information"
    CONSULTATION = "consultation"
    CONCERTATION = "concertation"
    NEGOTIATION = "negotiation"
    COPRODUCTION = "coproduction"
    COMANAGEMENT = "comanagement"

    @property
    def rank(self) -> int:
        """1 (information) to 6 (co-management)."""
        return list(LadderStep).index(self) + 1


class Phase(Choice):
    """A project phase for which a participation level is set."""

    DIAGNOSIS = "diagnosis"
    DESIGN = "design"
    DECISION = "decision"
    IMPLEMENTATION = "implementation"
    EVALUATION = "evaluation"


_LABEL_PREFIX = {
    "Group": "stakeholders.group_",
    "Level": "stakeholders.level_",
    "GovernanceRole": "stakeholders.role_",
    "LadderStep": "stakeholders.ladder_",
    "Phase": "stakeholders.phase_",
}

# Spellings people type that are neither the key nor a catalogue label.
_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "Group": {
        "residents": ("bewoners", "inwoners", "gebruikers", "lokalebewoners", "buurtbewoners",
                      "habitants", "usagers", "riverains", "users", "inhabitants", "local"),
        "social": ("sociaal", "socialeactoren", "verenigingen", "middenveld", "associations",
                   "acteurssociaux", "socialactors", "civilsociety"),
        "institutional": ("institutioneel", "overheid", "gemeente", "verkozenen", "institutionnel",
                          "institutionnels", "government", "public"),
        "expert": ("deskundig", "deskundigen", "technisch", "experts", "expertise", "technique",
                   "technical", "academisch"),
        "economic": ("economisch", "economie", "handelaars", "ondernemingen", "economique",
                     "commerces", "business", "economy"),
        "capital": ("kapitaal", "kapitaalbezitters", "investeerders", "financiers", "investisseurs",
                    "investors", "capitalholders"),
    },
    "Level": {
        "micro": ("wijk", "buurt", "quartier", "neighbourhood", "neighborhood"),
        "meso": ("gemeente", "stad", "commune", "ville", "municipal", "municipality", "city"),
        "macro": ("gewest", "regio", "regionaal", "region", "regional", "national", "federaal"),
    },
    "GovernanceRole": {
        "steering_committee": ("stuurgroep", "stuurcomite", "coordinatiestructuur", "copil",
                               "comitedepilotage", "steering", "steeringgroup"),
        "project_team": ("projectteam", "team", "equipeprojet", "equipe"),
        "technical_committee": ("technischcomite", "comitetechnique", "techcomite"),
        "working_group": ("werkgroep", "thematischewerkgroep", "groupedetravail", "groupedetravailthematique",
                          "workgroup", "thematicworkinggroup"),
        "partner": ("partnerschap", "partenaire", "partenariat", "partnership"),
        "citizen_group": ("burgergroep", "burgerinitiatief", "collectifcitoyen", "groupecitoyen",
                          "citizens", "citizeninitiative"),
        "monitoring": ("opvolging", "followup", "suivi", "opvolgingenmonitoring"),
        "none": ("geen", "aucun", "aucune", "nvt", "na", "no", "nee", "non", "0"),
    },
    "LadderStep": {
        "information": ("1", "informatie", "info", "informeren", "informer", "sensibilisering",
                        "sensibilisation", "inform"),
        "consultation": ("2", "raadpleging", "raadplegen", "consultatie", "consulter", "consult"),
        "concertation": ("3", "overleg", "overleggen", "concertatie", "concerter"),
        "negotiation": ("4", "onderhandeling", "onderhandelen", "negociation", "negocier", "negotiate"),
        "coproduction": ("5", "coproductie", "cocreatie", "cocreation", "coproduire", "codesign"),
        "comanagement": ("6", "cobeheer", "cogestion", "cogerer", "comanage"),
    },
    "Phase": {
        "diagnosis": ("diagnose", "diagnostic", "analyse"),
        "design": ("ontwerp", "conception", "visie", "vision"),
        "decision": ("besluit", "beslissing", "besluitvorming", "decision"),
        "implementation": ("uitvoering", "realisatie", "miseenoeuvre", "realisation", "execution"),
        "evaluation": ("evaluatie", "beheer", "evaluation", "suivi"),
    },
}


ColumnKind = Literal["text", "choice", "scale", "yes_no", "latitude", "longitude", "reference"]


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the inventory: its key, what it holds and its limits.

    ``choices`` is the Enum of a ``choice`` column; ``low``/``high`` bound a
    ``scale``; ``max_length`` bounds text; ``required`` columns may not be empty.
    """

    key: str
    kind: ColumnKind
    required: bool = False
    choices: type[Choice] | None = None
    low: int | None = None
    high: int | None = None
    max_length: int | None = None


NAME_MAX = 120
TEXT_LIMITS = {"name": NAME_MAX, "organisation": 200, "expertise": 2000, "contact": 200,
               "suggested_by": NAME_MAX}
"""Longest text per column, in characters."""

LADDER_COLUMNS = tuple(f"ladder_{phase.value}" for phase in Phase)
"""The participation level per phase: ``ladder_diagnosis`` … ``ladder_evaluation``."""

_SPECS = (
    ColumnSpec("name", "text", required=True, max_length=TEXT_LIMITS["name"]),
    ColumnSpec("organisation", "text", max_length=TEXT_LIMITS["organisation"]),
    ColumnSpec("group", "choice", required=True, choices=Group),
    ColumnSpec("level", "choice", choices=Level),
    ColumnSpec("interest", "scale", low=SCALE_RANGE[0], high=SCALE_RANGE[1]),
    ColumnSpec("influence", "scale", low=SCALE_RANGE[0], high=SCALE_RANGE[1]),
    ColumnSpec("position", "scale", low=POSITION_RANGE[0], high=POSITION_RANGE[1]),
    ColumnSpec("expertise", "text", max_length=TEXT_LIMITS["expertise"]),
    ColumnSpec("knows_project", "yes_no"),
    ColumnSpec("governance", "choice", choices=GovernanceRole),
    *(ColumnSpec(column, "choice", choices=LadderStep) for column in LADDER_COLUMNS),
    ColumnSpec("contact", "text", max_length=TEXT_LIMITS["contact"]),
    ColumnSpec("latitude", "latitude"),
    ColumnSpec("longitude", "longitude"),
    ColumnSpec("suggested_by", "reference", max_length=TEXT_LIMITS["suggested_by"]),
)

COLUMNS: tuple[str, ...] = tuple(spec.key for spec in _SPECS)
"""The inventory's columns in display order (the canonical keys)."""

CHOICE_COLUMNS: dict[str, type[Choice]] = {s.key: s.choices for s in _SPECS if s.choices is not None}
"""Enumerated columns and their Enum."""

_BY_KEY = {spec.key: spec for spec in _SPECS}


def column_spec(key: str) -> ColumnSpec:
    """The :class:`ColumnSpec` of an inventory column (``KeyError`` for an unknown key)."""
    return _BY_KEY[key]
