"""The closed sets of the costs module: cost categories and externality kinds, with aliases.

Both accept Dutch, French and English spellings (``"Onderhoud"``, ``"entretien"``,
``"maintenance"``) and refuse anything else with a :class:`CostError` naming the
allowed values.
"""

from __future__ import annotations

import unicodedata

from wijk_core.costs.errors import CostError
from wijk_core.enums import AliasEnum

__all__ = [
    "CAPITAL_CATEGORIES",
    "LIFETIME_CATEGORIES",
    "RESIDUAL_VALUE",
    "RESULT_CATEGORIES",
    "RUNNING_CATEGORIES",
    "YEARLY_CATEGORIES",
    "Category",
    "ExternalityKind",
    "alias_key",
]


def alias_key(text: str) -> str:
    """Lower case, no accents, words joined by ``_``: ``"Einde levensduur"`` → ``einde_levensduur``.

    The key under which the costs' closed sets (and the budget's categories) look up
    a spelling.
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "_".join(plain.lower().replace("-", " ").replace("/", " ").split())


class _CostEnum(AliasEnum):
    """A closed set of the costs module: text looked up by :func:`alias_key`, unknown values refused."""

    @classmethod
    def _normalise(cls, value: object) -> str | None:
        return alias_key(value) if isinstance(value, str) else None

    @classmethod
    def _aliases(cls) -> dict[str, str]:
        return _ALIASES[cls.__name__]

    @classmethod
    def _unknown(cls, value: object) -> CostError:
        return cls._refusal(CostError, _UNKNOWN[cls.__name__], value)


class Category(_CostEnum):
    """What a cost item pays for (ISO 15686-5 / EN 15459 cost categories).

    One-off categories (paid in a given year): ``investment`` (studies, design,
    works, materials, land), ``initial_extras`` (financing, permits, taxes),
    ``renewal`` (replacing a component) and ``end_of_life`` (demolition,
    disposal). Yearly categories (paid every year of the period): ``energy``
    (follows the energy-price escalation), ``operation`` (water, insurance,
    cleaning) and ``maintenance``.

    Accepts Dutch, French and English spellings, e.g. ``"Investering"``,
    ``"entretien"``, ``"vervanging"``, ``"fin de vie"``; anything else raises
    :class:`CostError` ``errors.costs_category_unknown``.
    """

    INVESTMENT = "investment"
    INITIAL_EXTRAS = "initial_extras"
    ENERGY = "energy"
    OPERATION = "operation"
    MAINTENANCE = "maintenance"
    RENEWAL = "renewal"
    END_OF_LIFE = "end_of_life"


    @property
    def yearly(self) -> bool:
        """Whether the amount is paid every year (energy, operation, maintenance)."""
        return self in YEARLY_CATEGORIES


_CATEGORY_ALIASES = {
    **dict.fromkeys(("investering", "investeringen", "invest", "capex", "investissement",
                     "investissements", "works", "werken", "travaux", "studies", "etudes"),
                    "investment"),
    **dict.fromkeys(("initiele_bijkomende_kosten", "bijkomende_kosten", "extras", "initial_extra",
                     "initial_costs", "frais_annexes", "couts_annexes", "couts_initiaux_annexes"),
                    "initial_extras"),
    **dict.fromkeys(("energie", "energy_cost", "energiekosten"), "energy"),
    **dict.fromkeys(("exploitatie", "gebruik", "werking", "opex", "exploitation", "fonctionnement",
                     "operations", "operating"), "operation"),
    **dict.fromkeys(("onderhoud", "entretien", "upkeep"), "maintenance"),
    **dict.fromkeys(("vernieuwing", "vervanging", "vervangingen", "renouvellement", "remplacement",
                     "replacement", "renewals"), "renewal"),
    **dict.fromkeys(("einde_levensduur", "afbraak", "sloop", "fin_de_vie", "demolition",
                     "end_of_life_cost", "eol"), "end_of_life"),
}

YEARLY_CATEGORIES = frozenset({Category.ENERGY, Category.OPERATION, Category.MAINTENANCE})
"""Categories whose amount is paid every year from the item's first year to the end."""

LIFETIME_CATEGORIES = frozenset({Category.INVESTMENT, Category.INITIAL_EXTRAS, Category.RENEWAL})
"""Categories whose items may have a service life (renewed within the period, residual value at its end)."""

RESIDUAL_VALUE = "residual_value"
"""Result category of the residual value at the end of the period (a negative cost)."""

RESULT_CATEGORIES: tuple[str, ...] = (*(c.value for c in Category), RESIDUAL_VALUE)
"""Columns of the cash-flow tables and index of the NPV per category, in this order."""

CAPITAL_CATEGORIES: tuple[str, ...] = ("investment", "initial_extras", "renewal", RESIDUAL_VALUE)
""""Initial and renewal investments" as the SHE comparison groups them (net of residual value)."""

RUNNING_CATEGORIES: tuple[str, ...] = ("energy", "operation", "maintenance")
""""Operating costs" as the SHE comparison groups them."""


class ExternalityKind(_CostEnum):
    """An external effect monetised in the extended total cost (SHE's list in the seed).

    ``co2`` (greenhouse-gas emissions, tonnes CO2-equivalent a year, priced at
    the carbon price unless the item gives its own unit cost), ``air_pollution``
    (e.g. kg of NOx or PM a year), ``noise``, ``green_space`` (access to green
    or wooded space, landscape) and ``services`` (access to facilities and
    services nearby). A benefit is a negative quantity or unit cost.
    """

    CO2 = "co2"
    AIR_POLLUTION = "air_pollution"
    NOISE = "noise"
    GREEN_SPACE = "green_space"
    SERVICES = "services"



_EXTERNALITY_ALIASES = {
    **dict.fromkeys(("co2", "co2e", "carbon", "ghg", "broeikasgassen", "koolstof", "ges",
                     "gaz_a_effet_de_serre", "greenhouse_gases", "klimaat", "climate"), "co2"),
    **dict.fromkeys(("air", "lucht", "luchtvervuiling", "luchtverontreiniging", "pollution",
                     "pollution_de_l_air", "air_quality", "nox", "pm"), "air_pollution"),
    **dict.fromkeys(("geluid", "geluidsoverlast", "lawaai", "bruit", "nuisances_sonores"), "noise"),
    **dict.fromkeys(("groen", "groene_ruimte", "green", "greenery", "espaces_verts", "landscape",
                     "landschap", "paysage"), "green_space"),
    **dict.fromkeys(("voorzieningen", "diensten", "service", "equipements", "facilities"), "services"),
}

_ALIASES = {"Category": _CATEGORY_ALIASES, "ExternalityKind": _EXTERNALITY_ALIASES}
_UNKNOWN = {"Category": "errors.costs_category_unknown", "ExternalityKind": "errors.costs_externality_unknown"}
