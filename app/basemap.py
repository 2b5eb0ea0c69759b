"""The offline basemap: the shipped country outlines (Natural Earth, public domain) at three
levels of detail, projected for the map view.

The projection is Mercator (what analysts know from every web map), in "map units": one
degree of longitude is :data:`UNIT` units.  The coarse levels were made offline by
``resources/maps/make_simplified.py``; :func:`level_for` picks the coarsest that stays
within about a pixel of the full outline at a given zoom.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

import numpy as np

UNIT = 10.0  # map units per degree of longitude
MAX_LAT = 85.0
#: (file, simplification tolerance in degrees), coarsest first
LEVELS = (
    ("countries-coarse.geojson", 0.25),
    ("countries-medium.geojson", 0.06),
    ("countries.geojson", 0.0),
)


def project(lon, lat):
    """Longitude and latitude (degrees; scalars or arrays) to map units (x east, y south).

    >>> [round(v, 3) + 0.0 for v in project(10.0, 0.0)]
    [100.0, 0.0]
    >>> x, y = project(np.array([0.0]), np.array([45.0]))
    >>> round(float(y[0]), 2)  # north is up: negative y
    -504.99
    """
    lat = np.clip(np.asarray(lat, dtype=float), -MAX_LAT, MAX_LAT)
    y = -np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))) * UNIT
    x = np.asarray(lon, dtype=float) * UNIT
    if x.ndim == 0:
        return float(x), float(y)
    return x, y


def unproject(x: float, y: float) -> tuple[float, float]:
    """Map units back to (longitude, latitude).

    >>> [round(v, 6) for v in unproject(*project(13.2, 32.9))]
    [13.2, 32.9]
    """
    lat = math.degrees(2 * math.atan(math.exp(math.radians(-y / UNIT))) - math.pi / 2)
    return x / UNIT, lat


def _read(name: str) -> str:
    """A shipped map file; from the source tree when the installed resources predate it."""
    try:
        return resources.files("ariadne_resources").joinpath("maps", name).read_text("utf-8")
    except FileNotFoundError:
        return (Path(__file__).resolve().parent.parent / "resources" / "maps" / name).read_text("utf-8")


def load_level(name: str) -> list[np.ndarray]:
    """Every outer and inner ring of one shipped file, projected: a list of (n, 2) arrays."""
    text = _read(name)
    rings = []
    for feature in json.loads(text)["features"]:
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for ring in polygon:
                pts = np.asarray(ring, dtype=float)
                if len(pts) >= 3:
                    x, y = project(pts[:, 0], pts[:, 1])
                    rings.append(np.column_stack([x, y]))
    return rings


def tolerances() -> list[float]:
    """Each level's simplification in map units, coarsest first."""
    return [tolerance * UNIT for _name, tolerance in LEVELS]


def load_levels(which: list[int] | None = None) -> dict[int, list[np.ndarray]]:
    """The rings of the levels asked for (all by default), by level number.  The full level
    takes half a second to read: the map reads it only once zoomed in far enough to need it."""
    wanted = range(len(LEVELS)) if which is None else which
    return {i: load_level(LEVELS[i][0]) for i in wanted}


def level_for(tolerances: list[float], pixels_per_unit: float, *, error_px: float = 3.0) -> int:
    """The coarsest level whose simplification stays under ``error_px`` at this zoom.

    >>> level_for([2.5, 0.6, 0.0], 0.5), level_for([2.5, 0.6, 0.0], 4.0), level_for([2.5, 0.6, 0.0], 50)
    (0, 1, 2)
    """
    for i, tolerance in enumerate(tolerances):
        if tolerance * pixels_per_unit <= error_px:
            return i
    return len(tolerances) - 1
