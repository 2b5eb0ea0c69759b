"""Write coarser copies of ``countries.geojson`` for the map's low zoom levels.

Run once by a maintainer, never at run time (the outputs ship with the package):
``python resources/maps/make_simplified.py``.  Each ring is simplified with the
Douglas-Peucker algorithm at the tolerance in degrees below; islands smaller than twice the
tolerance are left out.  The map view draws the coarsest copy that keeps the error under a
pixel or so at the current zoom.
"""

import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
LEVELS = {"countries-coarse.geojson": 0.25, "countries-medium.geojson": 0.06}


def simplify(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker: keep the points farther than ``tolerance`` from the simplified line."""
    keep = np.zeros(len(points), bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        if b <= a + 1:
            continue
        seg = points[b] - points[a]
        rel = points[a + 1 : b] - points[a]
        length = float(np.hypot(*seg))
        if length == 0.0:
            dist = np.hypot(rel[:, 0], rel[:, 1])
        else:
            dist = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / length
        i = int(np.argmax(dist))
        if dist[i] > tolerance:
            keep[a + 1 + i] = True
            stack += [(a, a + 1 + i), (a + 1 + i, b)]
    return points[keep]


def simplified(features: list[dict], tolerance: float) -> list[dict]:
    out = []
    for feat in features:
        polys = []
        for poly in feat["geometry"]["coordinates"]:
            rings = []
            for ring in poly:
                pts = np.asarray(ring, float)
                if np.ptp(pts[:, 0]) < 2 * tolerance and np.ptp(pts[:, 1]) < 2 * tolerance:
                    continue
                small = simplify(pts, tolerance)
                if len(small) >= 4:
                    rings.append(np.round(small, 3).tolist())
            if rings:
                polys.append(rings)
        if polys:
            out.append({**feat, "geometry": {"type": "MultiPolygon", "coordinates": polys}})
    return out


def main() -> None:
    source = json.loads((HERE / "countries.geojson").read_text("utf-8"))
    for name, tolerance in LEVELS.items():
        collection = {
            "type": "FeatureCollection",
            "source": f"{source.get('source', '')}; simplified to {tolerance} degrees by make_simplified.py",
            "features": simplified(source["features"], tolerance),
        }
        (HERE / name).write_text(json.dumps(collection, separators=(",", ":")), "utf-8")


if __name__ == "__main__":
    main()
