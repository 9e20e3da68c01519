"""The pure calculations behind ranking and the robustness checks.

Nothing here validates: callers pass arrays that :func:`.validation.prepare` has
checked. Every function works on many weight vectors at once (one per row), so a
Monte-Carlo run is a few matrix products instead of a Python loop.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

__all__ = ["METHODS", "Method", "Scorer", "default_normalisation", "min_ranks", "sorted_ranks"]

Method = Literal["weighted_sum", "topsis"]
METHODS: tuple[str, ...] = ("weighted_sum", "topsis")

#: Scores closer than this are tied: they differ only by floating-point rounding.
TIE_TOLERANCE = 1e-12


def default_normalisation(method: str) -> str:
    """Min–max for the weighted sum, vector normalisation (Hwang & Yoon) for TOPSIS."""
    return "minmax" if method == "weighted_sum" else "vector"


class Scorer:
    """Scores of every alternative for one or many weight vectors.

    Parameters
    ----------
    normalised
        ``(n, k)`` normalised matrix.
    benefit
        ``(k,)`` True where higher is better. Ignored after min–max normalisation,
        which has already turned every criterion into "higher is better".
    method, normalisation
        As in :func:`wijk_core.criteria.rank`.
    """

    def __init__(self, normalised: np.ndarray, benefit: np.ndarray, method: str,
                 normalisation: str) -> None:
        self.method = method
        self.normalised = normalised
        if method == "weighted_sum":
            self._columns = np.ascontiguousarray(normalised.T)
            return
        oriented = benefit if normalisation == "vector" else np.ones_like(benefit)
        column_max, column_min = normalised.max(axis=0), normalised.min(axis=0)
        self.ideal = np.where(oriented, column_max, column_min)
        self.anti_ideal = np.where(oriented, column_min, column_max)
        self._to_ideal = np.ascontiguousarray(((normalised - self.ideal) ** 2).T)
        self._to_anti_ideal = np.ascontiguousarray(((normalised - self.anti_ideal) ** 2).T)

    def scores(self, weights: np.ndarray) -> np.ndarray:
        """``(d, n)`` scores for ``(d, k)`` weight rows (each summing to 1, or all zero)."""
        if self.method == "weighted_sum":
            return _product(weights, self._columns)
        squared = weights ** 2
        to_ideal = np.sqrt(_product(squared, self._to_ideal))
        to_anti_ideal = np.sqrt(_product(squared, self._to_anti_ideal))
        total = to_ideal + to_anti_ideal
        return np.divide(to_anti_ideal, total, out=np.full_like(total, 0.5), where=total > 0)

    def contributions(self, weights: np.ndarray) -> tuple[np.ndarray, float]:
        """``(n, k)`` per-criterion contributions and the baseline they add to.

        ``scores = baseline + contributions.sum(axis=1)`` holds exactly for both
        methods; see :func:`wijk_core.criteria.rank` for the TOPSIS decomposition.
        """
        if self.method == "weighted_sum":
            return self.normalised * weights, 0.0
        squared = weights ** 2
        toward_anti_ideal = squared * ((self.normalised - self.anti_ideal) ** 2)
        toward_ideal = squared * ((self.normalised - self.ideal) ** 2)
        total = np.sqrt(toward_ideal.sum(axis=1)) + np.sqrt(toward_anti_ideal.sum(axis=1))
        scale = np.divide(1.0, 2.0 * total ** 2, out=np.zeros_like(total), where=total > 0)
        return (toward_anti_ideal - toward_ideal) * scale[:, None], 0.5


def _product(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``rows @ columns`` for a short inner dimension (the criteria).

    einsum's own single-threaded loop, not BLAS: for these thin products a
    multi-threaded BLAS spends its time waking threads, and on a busy machine it
    was measured 20 to 60 times slower.
    """
    return np.einsum("dk,kn->dn", rows, columns)


def sorted_ranks(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sort each row of ``(d, n)`` scores in [0, 1], best first, and rank it.

    Returns
    -------
    order
        ``(d, n)`` int64: column ``p`` of row ``r`` is the alternative in place ``p``.
    ranks_in_order
        ``(d, n)`` int32: its rank, 1 = best; ties (within :data:`TIE_TOLERANCE`)
        share the smallest rank ("min" method: 1, 1, 3).

    Notes
    -----
    The score is quantised to a fixed-point integer and packed with the column
    index into one int64 key, because numpy sorts int64 several times faster
    than it argsorts floats. Equal scores keep their table order.
    """
    rows, n = scores.shape
    index_bits = max(1, (n - 1).bit_length())
    scale = float(2 ** (62 - index_bits))
    keys = np.clip(scores, 0.0, 1.0)
    np.subtract(1.0, keys, out=keys)  # ascending key = descending score
    keys *= scale
    packed = keys.astype(np.int64)  # truncation: a quantum is far below the tie tolerance
    del keys
    packed <<= index_bits
    packed |= np.arange(n, dtype=np.int64)
    packed.sort(axis=1)
    order = packed & ((1 << index_bits) - 1)
    packed >>= index_bits  # now the quantised score
    new_level = np.empty((rows, n), dtype=bool)
    new_level[:, 0] = True
    np.greater(np.diff(packed, axis=1), max(1, int(TIE_TOLERANCE * scale)), out=new_level[:, 1:])
    del packed
    ranks_in_order = np.broadcast_to(np.arange(1, n + 1, dtype=np.int32), (rows, n)).copy()
    tied = np.flatnonzero(~new_level.ravel())
    if tied.size:  # a tied place takes the rank of its group's first place
        # Places tied to the one before come in runs of consecutive flat indices (a row
        # never starts with one); each run's group starts just before the run.
        run_starts = np.ones(tied.size, dtype=bool)
        np.not_equal(np.diff(tied), 1, out=run_starts[1:])
        run_of = np.maximum.accumulate(np.where(run_starts, np.arange(tied.size), 0))
        flat_ranks = ranks_in_order.reshape(-1)
        flat_ranks[tied] = flat_ranks[tied[run_of] - 1]
    return order, ranks_in_order


def min_ranks(scores: np.ndarray) -> np.ndarray:
    """``(d, n)`` int32 ranks of ``(d, n)`` scores, 1 = best, ties share the minimum."""
    order, ranks_in_order = sorted_ranks(scores)
    ranks = np.empty_like(ranks_in_order)
    np.put_along_axis(ranks, order, ranks_in_order, axis=1)
    return ranks
