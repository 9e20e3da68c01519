"""The checks every public criteria function runs before it calculates anything.

:func:`prepare` turns a user's decision matrix, directions and weights into plain
numpy arrays that the private calculations can trust: finite floats, one direction
and one weight per criterion, weights summing to 1, missing values handled by the
chosen policy. Every refusal is a :class:`CriteriaError` naming what is wrong.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from numbers import Real
from typing import Literal

import numpy as np
import pandas as pd

from wijk_core.criteria.direction import Direction
from wijk_core.criteria.errors import CriteriaError, MissingValuesWarning, name_list

__all__ = ["MissingPolicy", "Problem", "check_option", "prepare"]

MissingPolicy = Literal["raise", "worst", "mean"]
MISSING_POLICIES: tuple[str, ...] = ("raise", "worst", "mean")


@dataclass(frozen=True)
class Problem:
    """A validated decision problem as numpy arrays.

    Attributes
    ----------
    values
        ``(n, k)`` finite floats: alternatives × criteria, missing values filled in.
    alternatives, criteria
        The row and column labels of the matrix (unique).
    benefit
        ``(k,)`` booleans, True where higher is better.
    weights
        ``(k,)`` non-negative floats summing to 1, or None when not asked for.
    imputed
        Criterion → alternatives whose missing value was filled in.
    """

    values: np.ndarray
    alternatives: pd.Index
    criteria: pd.Index
    benefit: np.ndarray
    weights: np.ndarray | None = None
    imputed: Mapping[Hashable, tuple] = field(default_factory=dict)


def check_option(name: str, value: object, allowed: tuple[str, ...]) -> str:
    """Return ``value`` if it is in ``allowed``; else raise ``errors.criteria_option_invalid``."""
    if isinstance(value, str) and value in allowed:
        return value
    raise CriteriaError(
        "errors.criteria_option_invalid",
        name=name, value=str(value), allowed=", ".join(allowed))


def prepare(matrix: pd.DataFrame, directions: Mapping[Hashable, Direction | str],
            weights: Mapping[Hashable, float] | None = None,
            missing: MissingPolicy = "raise") -> Problem:
    """Validate a decision problem and return it as arrays (see :class:`Problem`).

    Raises
    ------
    TypeError
        When ``matrix`` is not a DataFrame or a mapping is not a mapping.
    CriteriaError
        For any bad content; the code tells which (see the module's error list).
    """
    check_option("missing", missing, MISSING_POLICIES)
    _check_shape(matrix)
    criteria = matrix.columns
    benefit = np.array([d is Direction.BENEFIT
                        for d in _check_directions(directions, criteria)], dtype=bool)
    weight_vector = None if weights is None else _check_weights(weights, criteria)
    values = _numeric_values(matrix)
    values, imputed = _fill_missing(values, benefit, matrix.index, criteria, missing)
    return Problem(values=values, alternatives=matrix.index, criteria=criteria,
                   benefit=benefit, weights=weight_vector, imputed=imputed)


def _check_shape(matrix: pd.DataFrame) -> None:
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError("the decision matrix must be a pandas DataFrame, "
                        f"not {type(matrix).__name__}")
    if matrix.shape[0] == 0 or matrix.shape[1] == 0:
        raise CriteriaError(
            "errors.criteria_matrix_empty",
            alternatives=matrix.shape[0], criteria=matrix.shape[1])
    for labels in (matrix.columns, matrix.index):
        if labels.has_duplicates:
            duplicated = labels[labels.duplicated()].unique()
            raise CriteriaError(
                "errors.criteria_duplicate_names",
                names=name_list(duplicated))
    if matrix.shape[0] < 2:
        raise CriteriaError(
            "errors.criteria_too_few_alternatives",
            count=matrix.shape[0])


def _check_names(given: Mapping, criteria: pd.Index, missing_code: str, what: str) -> None:
    if not isinstance(given, Mapping) and not isinstance(given, pd.Series):
        raise TypeError(f"{what} must be a mapping criterion → value, not {type(given).__name__}")
    known = set(criteria)
    unknown = [name for name in given.keys() if name not in known]
    if unknown:
        raise CriteriaError(
            "errors.criteria_unknown",
            criteria=name_list(unknown))
    absent = [name for name in criteria if name not in given.keys()]
    if absent:
        raise CriteriaError(missing_code,
                            criteria=name_list(absent))


def _check_directions(directions: Mapping, criteria: pd.Index) -> list[Direction]:
    _check_names(directions, criteria, "errors.direction_missing", "directions")
    parsed = []
    for criterion in criteria:
        value = directions[criterion]
        try:
            parsed.append(Direction(value))
        except (CriteriaError, ValueError, TypeError) as err:
            raise CriteriaError(
                "errors.criterion_direction_unknown",
                criterion=str(criterion), value=str(value)) from err
    return parsed


def _check_weights(weights: Mapping, criteria: pd.Index) -> np.ndarray:
    _check_names(weights, criteria, "errors.weight_missing", "weights")
    raw = [weights[criterion] for criterion in criteria]
    not_numbers = [c for c, w in zip(criteria, raw)
                   if isinstance(w, bool) or not isinstance(w, Real) or not math.isfinite(w)]
    if not_numbers:
        raise CriteriaError(
            "errors.weight_invalid",
            criteria=name_list(not_numbers))
    vector = np.asarray(raw, dtype=float)
    negative = list(criteria[vector < 0])
    if negative:
        raise CriteriaError(
            "errors.weight_negative",
            criteria=name_list(negative))
    total = vector.sum()
    if total <= 0:
        raise CriteriaError("errors.weights_all_zero")
    return vector / total


def _numeric_values(matrix: pd.DataFrame) -> np.ndarray:
    columns = []
    for criterion in matrix.columns:
        column = matrix[criterion]
        if pd.api.types.is_bool_dtype(column.dtype):
            column = column.astype(float)
        if not pd.api.types.is_numeric_dtype(column.dtype):
            converted = pd.to_numeric(column, errors="coerce")
            bad = column.notna() & converted.isna()
            if bad.any():
                _raise_invalid_values(criterion, column.index[bad.to_numpy()])
            column = converted
        values = column.to_numpy(dtype=float, na_value=np.nan)
        infinite = np.isinf(values)
        if infinite.any():
            _raise_invalid_values(criterion, matrix.index[infinite])
        columns.append(values)
    return np.column_stack(columns)


def _raise_invalid_values(criterion: Hashable, alternatives: pd.Index) -> None:
    raise CriteriaError(
        "errors.criteria_value_invalid",
        criterion=str(criterion), alternatives=name_list(alternatives), count=len(alternatives))


def _fill_missing(values: np.ndarray, benefit: np.ndarray, alternatives: pd.Index,
                  criteria: pd.Index, missing: str) -> tuple[np.ndarray, dict]:
    holes = np.isnan(values)
    if not holes.any():
        return values, {}
    imputed = {}
    for j in np.flatnonzero(holes.any(axis=0)):
        affected = alternatives[holes[:, j]]
        if missing == "raise":
            raise CriteriaError(
                "errors.criteria_missing_values",
                criterion=str(criteria[j]), alternatives=name_list(affected), count=len(affected))
        observed = values[~holes[:, j], j]
        if observed.size == 0:
            raise CriteriaError(
                "errors.criteria_column_empty",
                criterion=str(criteria[j]))
        if missing == "mean":
            fill = observed.mean()
        else:  # the worst observed raw value, so it normalises to the worst score
            fill = observed.min() if benefit[j] else observed.max()
        values[holes[:, j], j] = fill
        imputed[criteria[j]] = tuple(affected)
    warnings.warn(
        f"missing values filled in with the {missing} observed value: "
        + "; ".join(f"{name!r}: {len(alts)}" for name, alts in imputed.items()),
        MissingValuesWarning, stacklevel=4)
    return values, imputed
