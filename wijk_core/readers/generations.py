"""Which generation of sector codes a set of codes looks like: before the 2025 reform, or after.

Statbel reformed the statistical sectors on 1 January 2025: many codes were retired,
sectors were split and new codes made. A table of one generation joined to geometry of
the other matches only part of its codes. Nothing in a code says for sure which
generation it belongs to, so :func:`looks_like` weighs two clues and says which it used:

- **split codes**: the 2025 reform names the parts of a split sector with two digits and
  a letter from K on (``44021A03K``, ``44021A41M``). Before 2025, sector codes end in a
  digit, a ``-`` or two letters after a digit (``23003D0MS``, ``21001A3MJ``), never in
  two digits and a letter from K on.
- **years**: a long table whose every year is before 2025 was published on pre-2025
  sectors (Statbel and Fluvius do not re-key past years).

:func:`code_match_issues` turns a comparison of a table's codes with the project's
sector layer into report issues: how many of the layer's sectors matched, and, when
part did not, which generation each side looks like and what to do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from wijk_core.readers.report import Issue

__all__ = ["SPLIT_CODE", "Generation", "GenerationGuess", "code_match_issues", "fits_other_geometry", "looks_like"]

SPLIT_CODE = re.compile(r"^\d{5}[A-Z]\d{2}[K-Y]$")
"""A sector made by the 2025 reform's splits: two digits and a letter from K to Y."""

REFORM_YEAR = 2025
_MIN_SPLIT_SHARE = 0.02  # one split code in fifty: the reform split about a third of Gent's sectors


class Generation(str, Enum):
    """A generation of sector codes."""

    PRE_2025 = "pre2025"
    GEN_2025 = "2025"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class GenerationGuess:
    """What a set of codes looks like, and the clue that says so.

    Attributes
    ----------
    generation
        The generation the codes look like.
    clue
        ``split_codes`` (codes of the 2025 splits present), ``years`` (every year of the
        table before 2025), ``no_split_codes`` (many codes, none of the 2025 splits) or
        ``none``.
    split_codes
        How many codes have the form of a 2025 split.
    examples
        A few of those codes.
    """

    generation: Generation
    clue: str
    split_codes: int = 0
    examples: tuple[str, ...] = ()


def looks_like(codes: Iterable[str], years: Sequence[int] = ()) -> GenerationGuess:
    """Which generation ``codes`` look like.

    Parameters
    ----------
    codes
        Valid 9-character sector codes (duplicates count once; ``…ZZZZ`` ignored).
    years
        The years of the table the codes come from (empty for geometry or a table
        without years).

    Returns
    -------
    GenerationGuess
        2025 when at least one code in fifty has the form of a 2025 split; else
        pre-2025 when every year is before 2025, or when a hundred codes or more have no
        split among them; else unknown.
    """
    distinct = sorted({str(code) for code in codes if not str(code).endswith("ZZZZ")})
    split = [code for code in distinct if SPLIT_CODE.match(code)]
    if distinct and len(split) / len(distinct) >= _MIN_SPLIT_SHARE:
        return GenerationGuess(Generation.GEN_2025, "split_codes", len(split), tuple(split[:3]))
    if years and max(years) < REFORM_YEAR:
        return GenerationGuess(Generation.PRE_2025, "years", len(split), tuple(split[:3]))
    if len(distinct) >= 100 and not split:
        return GenerationGuess(Generation.PRE_2025, "no_split_codes")
    return GenerationGuess(Generation.UNKNOWN, "none", len(split), tuple(split[:3]))


def code_match_issues(table_codes: Iterable[str], layer_codes: Iterable[str], *, years: Sequence[int] = (),
                      source: str = "") -> list[Issue]:
    """How many of the layer's sectors a table matches, and why the rest may not.

    Parameters
    ----------
    table_codes
        Valid sector codes of the table.
    layer_codes
        Codes of the project's sector layer.
    years
        The table's years (for :func:`looks_like`).
    source
        The table's file name.

    Returns
    -------
    list of Issue
        ``report.codes_matched`` (count: the layer's sectors with a row; params
        ``sectors``, ``table_codes``) whenever some sector or code is left unmatched;
        with it, when some of the table's codes are not in the layer,
        ``report.codes_older_than_layer`` (a pre-2025 table on 2025 geometry; examples:
        the layer's split codes), ``report.codes_newer_than_layer`` (the reverse) or
        ``report.code_generations_unclear`` (a side that cannot be told). Nothing when
        every code matches.
    """
    table = {str(code) for code in table_codes}
    layer = {str(code) for code in layer_codes}
    matched = table & layer
    if not table or (table <= layer and layer <= table):
        return []
    issues = [Issue.of("report.codes_matched", len(matched), sorted(matched), source=source,
                       sectors=len(layer), table_codes=len(table))]
    if table <= layer:  # the table covers part of the layer with the right codes: another area, not a generation
        return issues
    table_guess, layer_guess = looks_like(table, years), looks_like(layer)
    generations = (table_guess.generation, layer_guess.generation)
    unknown = sorted(table - layer)
    if generations == (Generation.PRE_2025, Generation.GEN_2025):
        issues.append(Issue.of("report.codes_older_than_layer", len(unknown), layer_guess.examples, source=source))
    elif generations == (Generation.GEN_2025, Generation.PRE_2025):
        issues.append(Issue.of("report.codes_newer_than_layer", len(unknown), table_guess.examples, source=source))
    elif Generation.UNKNOWN in generations:
        issues.append(Issue.of("report.code_generations_unclear", len(unknown), unknown, source=source))
    return issues


def fits_other_geometry(table_codes: Iterable[str], layer_codes: Iterable[str], other_codes: Iterable[str]) -> bool:
    """True when a table's codes fit a second geometry much better than the project's layer.

    Parameters
    ----------
    table_codes
        Valid sector codes of the table (``…ZZZZ`` ignored: never a sector).
    layer_codes
        Codes of the project's sector layer.
    other_codes
        Codes of the second geometry (the other generation).

    Returns
    -------
    bool
        True when some of the table's codes are not sectors of the project and fewer than
        half as many are not sectors of the second geometry: the table is then on the
        second geometry's codes and is converted (a table on the project's own codes, with
        a few stray codes, stays as it is).
    """
    table = {str(code) for code in table_codes if not str(code).endswith("ZZZZ")}
    not_here = len(table - {str(code) for code in layer_codes})
    not_there = len(table - {str(code) for code in other_codes})
    return not_here > 0 and 2 * not_there < not_here
