"""Rebuild ``countries.geojson`` from Natural Earth's Admin 0 countries (1:50m, public domain)
as redistributed in TopoJSON by the ``world-atlas`` npm package (version 2.0.2).

Run once by a maintainer, never at run time:
``npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz &&
python resources/maps/make_countries.py package/countries-50m.json resources/maps/countries.geojson``
"""

import json
import sys


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are delta-encoded, quantised integer positions."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 3), round(y * sy + ty, 3)))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for i in indexes:
        points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        out.extend(points if not out else points[1:])
    return out


def main(src: str, dst: str) -> None:
    topology = json.load(open(src, encoding="utf-8"))
    arcs = decode_arcs(topology)
    features = []
    for geom in topology["objects"]["countries"]["geometries"]:
        if geom.get("type") == "Polygon":
            coords, kind = [[ring(arcs, r) for r in geom["arcs"]]], "MultiPolygon"
        elif geom.get("type") == "MultiPolygon":
            coords, kind = [[ring(arcs, r) for r in poly] for poly in geom["arcs"]], "MultiPolygon"
        else:
            continue
        features.append({"type": "Feature", "properties": {"name": geom.get("properties", {}).get("name", "")},
                         "geometry": {"type": kind, "coordinates": coords}})
    json.dump({"type": "FeatureCollection", "source": "Natural Earth 1:50m Admin 0 (public domain), "
               "via world-atlas 2.0.2", "features": features}, open(dst, "w", encoding="utf-8"),
              separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
