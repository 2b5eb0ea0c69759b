"""Figures for the analysis views and the briefing, rendered headless."""

from __future__ import annotations

import networkx as nx
import numpy as np

from app.exports.figures import degree_distribution_figure, to_png


def test_degree_distribution_counts_actors_per_degree_on_log_axes():
    star = nx.star_graph(20)  # one hub with 20 contacts, 20 leaves with one
    fig = degree_distribution_figure([d for _, d in star.degree()])
    ax = fig.axes[0]
    xs, ys = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
    assert list(xs) == [1, 20] and list(ys) == [20, 1]
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert "21 linked actors" in ax.get_title()
    assert any("most connected: 20" in t.get_text() for t in ax.texts)


def test_degree_distribution_leaves_out_isolated_actors_and_says_when_nothing_is_linked():
    fig = degree_distribution_figure(np.array([0, 0, 3, 3]))
    assert list(fig.axes[0].lines[0].get_xdata()) == [3]
    empty = degree_distribution_figure([0, 0])
    assert not empty.axes[0].lines
    assert "No links" in empty.axes[0].texts[0].get_text()
    assert to_png(empty)[:4] == b"\x89PNG"
