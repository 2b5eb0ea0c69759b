"""A link chart kept in the case, as plain data: which actors are shown, where (layout units),
which are pinned or hidden, and the layout and actor count it was drawn with.  The analyst's
arrangement is a document, as a chart is in i2 Analyst's Notebook: saved under a name, reopened
with the same actors in the same places.

No Qt here: how saved actors map onto the case as it is now (merged since, or gone) is plain
data, tested without a display.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass, field

FORMAT = 1  # bumped if the saved data changes shape
DEFAULT_NAME = "main"  # the chart shown when the case is opened


@dataclass
class SavedChart:
    """A saved chart as restored: its name, when it was saved, and the actors to mark."""

    name: str
    saved_at: str
    pinned: list[int] = field(default_factory=list)
    hidden: list[int] = field(default_factory=list)


def chart_state(actors: list[dict], *, layout: str, actor_count: int) -> dict:
    """The JSON-able data a case keeps for a chart; ``actors`` as
    :meth:`~app.ui.chart_view.LinkChartView.actor_states` gives them."""
    return {"format": FORMAT, "layout": layout, "actor_count": actor_count, "actors": actors}


def resolve_actors(actors: list[dict], canonical: Callable[[int], int], present: Container) -> list[dict]:
    """The saved ``actors`` as the case now knows them.

    Each id becomes its canonical actor (merged since the chart was saved); actors the case no
    longer has (``canonical`` raises ``KeyError``) or that are not in ``present`` (the graph
    for the current filter) are skipped.  When several saved actors are now one, the one that
    kept its id gives the place and the marks, otherwise the first saved.
    """
    chosen: dict[int, tuple[bool, dict]] = {}
    for actor in actors:
        saved = int(actor["id"])
        try:
            actor_id = canonical(saved)
        except KeyError:
            continue
        if actor_id not in present:
            continue
        own = saved == actor_id
        if actor_id not in chosen or (own and not chosen[actor_id][0]):
            chosen[actor_id] = (own, {**actor, "id": actor_id})
    return [record for _own, record in chosen.values()]


def saved_charts(store) -> list[tuple[str, str]]:
    """``(name, saved_at)`` of the charts saved in the case, the latest first."""
    return store.charts()
