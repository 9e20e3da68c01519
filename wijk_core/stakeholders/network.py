"""The relation network: who is tied to whom, who connects, who stands alone (networkx).

Two kinds of tie join stakeholders: a **relation** with a trust level (1–5) that
the facilitator records, and a **suggestion** from snowball interviewing (who
suggested whom to interview next): suggesting someone means knowing them, so by
default a suggestion counts as a tie too.
"""

from __future__ import annotations

from typing import Literal

import networkx as nx
import pandas as pd

__all__ = ["LAYOUT_SEED", "build_graph", "layout", "network_measures"]

LAYOUT_SEED = 20240101
"""Seed of the spring layout: the same network is drawn the same way every time."""

TieKind = Literal["relation", "suggestion"]


def build_graph(inventory: pd.DataFrame, relations: pd.DataFrame, *,
                include_suggestions: bool = True) -> nx.Graph:
    """An undirected graph with one node per stakeholder and one edge per tie.

    Parameters
    ----------
    inventory : DataFrame
        Typed inventory; ``name`` (unique) and ``group`` are used, and
        ``suggested_by`` when ``include_suggestions``.
    relations : DataFrame
        ``source``, ``target`` (names), ``trust`` (1–5 or missing), ``note``.
    include_suggestions : bool, default True
        Whether "suggested by" ties join stakeholders too.

    Returns
    -------
    networkx.Graph
        Node attribute ``group``; edge attributes ``kind`` (``relation`` or, when the
        pair has no relation, ``suggestion``), ``trust`` (int or None) and
        ``suggested`` (True when one suggested the other). Relations that name a
        stakeholder missing from the inventory are skipped.
    """
    graph = nx.Graph()
    for row in inventory.itertuples(index=False):
        graph.add_node(row.name, group=row.group)
    for row in relations.itertuples(index=False):
        if row.source in graph and row.target in graph and row.source != row.target:
            trust = None if pd.isna(row.trust) else int(row.trust)
            graph.add_edge(row.source, row.target, kind="relation", trust=trust, suggested=False)
    if include_suggestions and "suggested_by" in inventory:
        for row in inventory.itertuples(index=False):
            by = row.suggested_by
            if isinstance(by, str) and by in graph and by != row.name:
                if graph.has_edge(by, row.name):
                    graph.edges[by, row.name]["suggested"] = True
                else:
                    graph.add_edge(by, row.name, kind="suggestion", trust=None, suggested=True)
    return graph


def network_measures(graph: nx.Graph, *, connector_threshold: float = 0.2) -> pd.DataFrame:
    """Degree, betweenness, connectors and isolated stakeholders.

    Parameters
    ----------
    graph : networkx.Graph
        From :func:`build_graph`.
    connector_threshold : float, default 0.2
        Least normalised betweenness of a connector (0–1).

    Returns
    -------
    DataFrame
        Indexed by name, in the graph's node order: ``degree`` (number of ties),
        ``betweenness`` (normalised, 0–1), ``connector`` and ``isolated`` (bool).

    Notes
    -----
    Betweenness of a stakeholder *v* is the share of shortest paths between two
    other stakeholders that pass through *v*:

    .. math:: c_B(v) = \\frac{2}{(n-1)(n-2)} \\sum_{s \\ne v \\ne t} \\frac{\\sigma_{st}(v)}{\\sigma_{st}}

    (``networkx.betweenness_centrality``, unweighted: trust says how good a tie
    is, not how long). A *connector* has ``c_B ≥ connector_threshold``: many
    others reach each other through them. An *isolated* stakeholder has no tie.
    """
    if not 0 <= connector_threshold <= 1:
        raise ValueError(f"connector_threshold must lie in 0–1, got {connector_threshold!r}")
    betweenness = nx.betweenness_centrality(graph, normalized=True) if len(graph) else {}
    frame = pd.DataFrame({
        "degree": pd.Series(dict(graph.degree()), dtype="int64"),
        "betweenness": pd.Series(betweenness, dtype="float64"),
    }, index=pd.Index(list(graph.nodes), name="name"))
    frame["connector"] = (frame["betweenness"] >= connector_threshold) & (frame["betweenness"] > 0)
    frame["isolated"] = frame["degree"] == 0
    return frame


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Node positions: a seeded spring layout of the tied stakeholders, the isolated ones in a row below.

    Stronger trust pulls two stakeholders closer. Positions of the tied ones fill
    about [-1, 1] × [-1, 1]; isolated stakeholders sit on the line y = -1.35, so they
    stand apart and never squeeze the network.
    """
    if len(graph) == 0:
        return {}
    tied = [node for node in graph.nodes if graph.degree(node) > 0]
    alone = [node for node in graph.nodes if graph.degree(node) == 0]
    positions: dict[str, tuple[float, float]] = {}
    if tied:
        weighted = nx.Graph()
        weighted.add_nodes_from(tied)
        for a, b, data in graph.edges(data=True):
            weighted.add_edge(a, b, weight=float(data.get("trust") or 2))
        spring = nx.spring_layout(weighted, seed=LAYOUT_SEED, weight="weight", k=2.2 / len(tied) ** 0.5,
                                  iterations=300)
        positions.update({node: (float(x), float(y)) for node, (x, y) in spring.items()})
    for index, node in enumerate(alone):
        positions[node] = (-1.0 + 2.0 * (index + 0.5) / len(alone), -1.35)
    return positions
