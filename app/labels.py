"""Names placed on a chart without collisions: greedy placement with priorities.

The most important actors are named first (the selected, then the pinned and the path, then
by score); each name tries eight places around its actor (right, left, above, below, then
the diagonals) and
takes the first one that overlaps no name already placed and no other actor's disc.  A name
that finds no place is left out (the chart shows it on hover).  A grid of buckets keeps each
test local, so 500 names are placed in a few milliseconds.

Rectangles are ``(left, top, right, bottom)`` in one unit (device pixels for the chart).
"""

from __future__ import annotations

import math

import numpy as np

GAP = 3.0  # between a disc and its name


def place_labels(
    centres: np.ndarray,
    radii: np.ndarray,
    sizes: np.ndarray,
    order: np.ndarray,
    *,
    avoid_discs: bool = True,
    within: tuple[float, float, float, float] | None = None,
) -> np.ndarray:
    """Where each name goes: an (n, 4) array of rectangles, NaN for a name not placed.

    ``centres`` (n, 2) are the actors, ``radii`` (n,) their discs, ``sizes`` (n, 2) the
    width and height of each name; ``order`` the actors to name, most important first.
    With ``within`` (a rectangle, e.g. the view), a place that leaves it is not taken: a name
    at the edge goes to its other side rather than being cut.

    >>> centres = np.array([[0.0, 0.0], [10.0, 0.0], [200.0, 0.0]])
    >>> rects = place_labels(centres, np.full(3, 4.0), np.full((3, 2), [60.0, 12.0]), np.arange(3))
    >>> rects[0].tolist()  # left of its actor: the neighbour's disc is on the right
    [-67.0, -6.0, -7.0, 6.0]
    >>> rects[1].tolist(), bool(np.isnan(rects).any())
    ([17.0, -6.0, 77.0, 6.0], False)
    """
    n = len(centres)
    out = np.full((n, 4), np.nan)
    if n == 0 or len(order) == 0:
        return out
    cell = float(max(np.median(sizes[order, 0]), np.median(sizes[order, 1]) * 2, 8.0))
    grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
    discs: dict[tuple[int, int], list[int]] = {}
    # Plain Python numbers: indexing numpy arrays one element at a time in these loops
    # costs more than the placement itself.
    xs, ys = np.asarray(centres, float)[:, 0].tolist(), np.asarray(centres, float)[:, 1].tolist()
    rs, wh = np.asarray(radii, float).tolist(), np.asarray(sizes, float).tolist()
    if avoid_discs:
        for i in range(n):
            for key in _cells((xs[i] - rs[i], ys[i] - rs[i], xs[i] + rs[i], ys[i] + rs[i]), cell):
                discs.setdefault(key, []).append(i)
    for i in np.asarray(order, np.int64).tolist():
        x, y, r, (w, h) = xs[i], ys[i], rs[i], wh[i]
        for rect in _candidates(x, y, r, w, h):
            if within is not None and not (
                rect[0] >= within[0]
                and rect[1] >= within[1]
                and rect[2] <= within[2]
                and rect[3] <= within[3]
            ):
                continue
            keys = _cells(rect, cell)
            if _hits_label(rect, keys, grid) or (
                avoid_discs and _hits_disc(rect, keys, discs, xs, ys, rs, i)
            ):
                continue
            out[i] = rect
            for key in keys:
                grid.setdefault(key, []).append(rect)
            break
    return out


def overlaps(rects: np.ndarray) -> int:
    """How many pairs of the placed rectangles overlap (a check for tests and benches).

    >>> overlaps(np.array([[0, 0, 10, 10], [5, 5, 15, 15], [20, 0, 30, 10.0]]))
    1
    """
    placed = rects[~np.isnan(rects[:, 0])]
    if len(placed) < 2:
        return 0
    a, b = placed[:, None, :], placed[None, :, :]
    meet = (
        (a[..., 0] < b[..., 2]) & (b[..., 0] < a[..., 2]) & (a[..., 1] < b[..., 3]) & (b[..., 1] < a[..., 3])
    )
    return int(np.triu(meet, 1).sum())


def _candidates(x: float, y: float, r: float, w: float, h: float):
    right = (x + r + GAP, y - h / 2, x + r + GAP + w, y + h / 2)
    left = (x - r - GAP - w, y - h / 2, x - r - GAP, y + h / 2)
    above = (x - w / 2, y - r - GAP - h, x + w / 2, y - r - GAP)
    below = (x - w / 2, y + r + GAP, x + w / 2, y + r + GAP + h)
    d = 0.7 * r  # the diagonals start where the disc's rim is
    up_right = (x + d + GAP, y - d - h, x + d + GAP + w, y - d)
    down_right = (x + d + GAP, y + d, x + d + GAP + w, y + d + h)
    up_left = (x - d - GAP - w, y - d - h, x - d - GAP, y - d)
    down_left = (x - d - GAP - w, y + d, x - d - GAP, y + d + h)
    return (right, left, above, below, up_right, down_right, up_left, down_left)


def _cells(rect, cell: float) -> list[tuple[int, int]]:
    x0, y0 = math.floor(rect[0] / cell), math.floor(rect[1] / cell)
    x1, y1 = math.floor(rect[2] / cell), math.floor(rect[3] / cell)
    return [(i, j) for i in range(x0, x1 + 1) for j in range(y0, y1 + 1)]


def _meet(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _hits_label(rect, keys, grid) -> bool:
    return any(_meet(rect, other) for key in keys for other in grid.get(key, ()))


def _hits_disc(rect, keys, discs, xs, ys, rs, own: int) -> bool:
    for key in keys:
        for j in discs.get(key, ()):
            if j == own:
                continue
            # the nearest point of the rectangle to the disc's centre
            cx, cy = xs[j], ys[j]
            nx_ = min(max(cx, rect[0]), rect[2])
            ny_ = min(max(cy, rect[1]), rect[3])
            if (nx_ - cx) ** 2 + (ny_ - cy) ** 2 < rs[j] ** 2:
                return True
    return False
