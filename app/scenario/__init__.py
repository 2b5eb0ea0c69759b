"""Synthetic smuggling scenarios for demonstration, tests and benchmarks.

:func:`generate_scenario` plants a world (four organisations on four corridors, brokers
serving two of them, migrants travelling, relatives paying) and writes what sources would
hold about it, in the messy shapes real material has, plus:

- ``manifest.json``: every file with its import kind, device owner, exhibit reference and
  grading, and which file is a planted duplicate;
- ``ground_truth.json``: the planted organisers, brokers, facilitators, organisations
  (communities), route clusters and the migrants who need protection.

The same ``(size, seed)`` gives byte-identical files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from app.progress import CancelToken, ProgressFn, check, report
from app.scenario import tactics as hiding
from app.scenario.activity import all_calls, transfers
from app.scenario.chats import write_chat_exports
from app.scenario.sources import write_cdrs, write_seized, write_transfers
from app.scenario.testimony import write_interviews, write_routes
from app.scenario.world import SIZES, World, build_world
from app.scenario.writing import REGION

__all__ = ["generate_scenario", "SIZES"]


def generate_scenario(
    outdir: str | Path,
    size: str = "small",
    seed: int = 1,
    *,
    tactics: bool | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> dict:
    """Write a scenario into ``outdir`` and return its manifest.

    Parameters
    ----------
    outdir : folder to write (created; files of an earlier scenario there are replaced)
    size : ``"small"`` (a classroom case, seconds), ``"medium"`` (about 50,000 nodes and
        300,000 links) or ``"large"`` (about ten times medium)
    seed : the same seed gives byte-identical files
    tactics : plant the ways smugglers hide (SIM rotation with IMEIs in carrier records,
        nicknames, an address book in Arabic script, tower dumps of strangers; see
        :mod:`app.scenario.tactics`); by default in the medium and large scenarios only

    Examples
    --------
    >>> import tempfile
    >>> manifest = generate_scenario(tempfile.mkdtemp(), "small", seed=3)
    >>> sorted({f["kind"] for f in manifest["files"]})
    ['calls', 'chat', 'contacts', 'extraction', 'interviews', 'messages', 'routes', 'transfers']
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    out = Path(outdir)
    if tactics is None:
        tactics = size != "small"
    for sub in ("carrier", "phones", "transfers", "interviews", "routes"):
        shutil.rmtree(out / sub, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    report(progress, 0.0, "planting the organisations")
    world = build_world(size, seed)
    if tactics:
        world.tactics = hiding.plant(world)
    check(cancel)
    report(progress, 0.2, "drawing calls")
    table, calls, tower = all_calls(world)
    dumps = []
    if tactics:
        hiding.rotate_calls(world.tactics, table, calls)
        calls = hiding.borrowed_calls(world.tactics, world, table, calls)
        dumps = hiding.tower_dumps(world.tactics, world, table, calls)
    check(cancel)
    report(progress, 0.4, "writing carrier records")
    files = write_cdrs(world, out, table.phones, calls, tower, dumps)
    check(cancel)
    report(progress, 0.6, "writing seized phones")
    files += write_seized(world, out, table.phones, calls)
    report(progress, 0.7, "writing transfers")
    txs = transfers(world)
    files += write_transfers(world, out, txs)
    files += write_chat_exports(world, out, txs)
    report(progress, 0.8, "writing interviews and routes")
    interview_files, interview_ids = write_interviews(world, out)
    route_files, routed = write_routes(world, out, SIZES[size]["route_share"])
    files += interview_files + route_files
    manifest = {
        "size": size,
        "seed": seed,
        "region": REGION,
        **({"tactics": True} if tactics else {}),
        "title": f"Operation Ariadne ({size}, seed {seed})",
        "currency": "EUR",
        "files": files,
    }
    _dump(out / "manifest.json", manifest)
    _dump(out / "ground_truth.json", ground_truth(world, interview_ids, routed))
    report(progress, 1.0, f"wrote {len(files)} files to {out}")
    return manifest


def _dump(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def ground_truth(world: World, interview_ids: dict[str, str], routed: list[str]) -> dict:
    """What was planted, for tests and benchmarks to score the analysis against."""
    rng_free_actors = []
    for a in world.actors.values():
        phones = world.tactics.owner_sims(a.phones) if world.tactics else a.phones
        rng_free_actors.append(
            {
                "ref": a.ref,
                "name": a.name.full,
                "variants": list(a.name.written),
                "org": a.org,
                "orgs": a.orgs,
                "role": a.role,
                "phones": phones,
                "accounts": a.accounts,
                "nationality": a.nationality,
            }
        )
    for m in world.migrants:
        rng_free_actors.append(
            {
                "ref": m.ref,
                "name": "",
                "variants": [],
                "org": None,
                "orgs": [],
                "role": "migrant",
                "phones": [m.phone],
                "accounts": [],
                "nationality": m.nationality,
            }
        )
    staff = [a for a in world.actors.values() if a.role not in ("relative", "migrant")]
    seen = set(interview_ids) | set(routed)
    clusters = []
    for org in world.orgs:
        journeys = sum(1 for m in world.migrants if m.org == org["id"] and m.ref in seen and m.legs)
        clusters.append(
            {
                "corridor": org["corridor"],
                "org": org["id"],
                "waypoints": list(org["waypoints"]),
                "journeys": journeys,
            }
        )
    planted = {"tactics": hiding.truth(world.tactics, world)} if world.tactics else {}
    return {
        **planted,
        "seed": world.seed,
        "size": world.size,
        "organisations": [
            {"id": o["id"], "name": o["name"], "corridor": o["corridor"], "waypoints": list(o["waypoints"])}
            for o in world.orgs
        ],
        "actors": rng_free_actors,
        "organisers": [a.ref for a in staff if a.role == "organiser"],
        "brokers": [a.ref for a in staff if a.role == "broker"],
        "facilitators": [a.ref for a in staff if a.role not in ("organiser", "broker")],
        "route_clusters": clusters,
        "protection": [
            {"ref": m.ref, "flags": m.flags, "interview_id": interview_ids[m.ref]}
            for m in world.migrants
            if m.interviewed and m.flags
        ],
    }
