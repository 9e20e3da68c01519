"""Normalisation: put criteria measured in different units on one scale."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Literal

import numpy as np
import pandas as pd

from wijk_core.criteria.direction import Direction
from wijk_core.criteria.validation import MissingPolicy, check_option, prepare

__all__ = ["Normalisation", "NORMALISATIONS", "normalise"]

Normalisation = Literal["minmax", "vector"]
NORMALISATIONS: tuple[str, ...] = ("minmax", "vector")

# A column whose range is this small relative to its magnitude is treated as constant,
# so rounding noise (0.1 + 0.2 vs 0.3) is not blown up to the full 0–1 range.
_CONSTANT_TOLERANCE = 1e-12


def normalise(matrix: pd.DataFrame, directions: Mapping[Hashable, Direction | str],
              method: Normalisation = "minmax", missing: MissingPolicy = "raise") -> pd.DataFrame:
    r"""Rescale every criterion of a decision matrix to a common, unit-free scale.

    Parameters
    ----------
    matrix
        Alternatives (rows) × criteria (columns), numeric.
    directions
        Criterion → :class:`Direction` (or an alias such as ``"max"``, ``"-"``).
    method
        ``"minmax"`` (default): 0 = worst, 1 = best alternative on that criterion,
        direction applied. ``"vector"``: the classic TOPSIS normalisation, which
        divides by the column's Euclidean norm and does *not* apply the direction
        (TOPSIS handles it when it picks the ideal).
    missing
        ``"raise"`` (default), ``"worst"`` (fill with the worst observed value, which
        becomes 0 under min–max) or ``"mean"`` (fill with the column mean).

    Returns
    -------
    pandas.DataFrame
        Same labels as ``matrix``, floats.

    Raises
    ------
    CriteriaError
        Empty matrix, fewer than two alternatives, unknown or missing criterion
        names, unknown directions, non-numeric values, or missing values with
        ``missing="raise"``.

    Notes
    -----
    Min–max, for alternative :math:`i` and criterion :math:`j`:

    .. math:: r_{ij} = \frac{x_{ij} - \min_i x_{ij}}{\max_i x_{ij} - \min_i x_{ij}}
              \text{ (benefit)}, \qquad r_{ij} = 1 - \text{that} \text{ (cost)}.

    A **constant column** (every alternative has the same value, up to a relative
    1e-12) cannot tell the alternatives apart: it becomes 0.5 for all, with no
    division by zero, and so changes no ranking.

    Vector: :math:`r_{ij} = x_{ij} / \sqrt{\sum_i x_{ij}^2}`; a column of zeros stays 0.
    """
    check_option("method", method, NORMALISATIONS)
    problem = prepare(matrix, directions, missing=missing)
    scaled = normalised_array(problem.values, problem.benefit, method)
    return pd.DataFrame(scaled, index=problem.alternatives, columns=problem.criteria)


def normalised_array(values: np.ndarray, benefit: np.ndarray, method: str) -> np.ndarray:
    """The normalisation of :func:`normalise` on a validated array (shared with ranking)."""
    return _minmax(values, benefit) if method == "minmax" else _vector(values)


def _minmax(values: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    low, high = values.min(axis=0), values.max(axis=0)
    span = high - low
    constant = span <= _CONSTANT_TOLERANCE * np.maximum(np.maximum(abs(low), abs(high)), 1.0)
    scaled = (values - low) / np.where(constant, 1.0, span)
    scaled = np.where(benefit, scaled, 1.0 - scaled)
    scaled[:, constant] = 0.5
    return scaled


def _vector(values: np.ndarray) -> np.ndarray:
    norm = np.sqrt((values ** 2).sum(axis=0))
    return values / np.where(norm > 0, norm, 1.0)
