"""The workshop benchmark's verdicts: was every write stored exactly once, percentiles. Pure, no timing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping


def write_problems(posted: Iterable[str], stored_titles: Iterable[str], commented: Iterable[str],
                   stored_comments: Iterable[str], voted: Mapping[int, int], vote_rows: Mapping[int, int],
                   votes_counted: Mapping[int, int]) -> list[str]:
    """What was lost or doubled, as sentences; empty when every write the residents saw is stored exactly once.

    Parameters
    ----------
    posted, commented
        The idea titles and comment texts the residents saw appear after posting them (each unique).
    stored_titles, stored_comments
        The titles and comment texts of the project in the database.
    voted
        Per idea id, how many residents saw their vote confirmed (one vote per resident and idea).
    vote_rows, votes_counted
        Per idea id, the vote rows stored and the votes the idea counts.
    """
    titles, comments = Counter(stored_titles), Counter(stored_comments)
    problems = [f"idea {title!r} stored {titles[title]}×" for title in posted if titles[title] != 1]
    problems += [f"comment {text!r} stored {comments[text]}×" for text in commented if comments[text] != 1]
    for idea in sorted(set(voted) | {i for i, n in vote_rows.items() if n}):
        expected, rows, counted = voted.get(idea, 0), vote_rows.get(idea, 0), votes_counted.get(idea, 0)
        if rows != expected or counted != expected:
            problems.append(f"idea {idea}: {expected} votes confirmed on screen, {rows} stored, {counted} counted")
    return problems


def percentile(values: list[float], share: float) -> float:
    """The value at ``share`` (0..1) of the sorted values, nearest rank; NaN when there is none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else float("nan")


__all__ = ["percentile", "write_problems"]
