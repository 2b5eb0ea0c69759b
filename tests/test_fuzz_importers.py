"""Hostile input: every importer, fed random and mutated files, either reads them or fails
with a clear error — no other exception, no hang, no memory blow-up, and the case unchanged.

Hypothesis generates the files: random bytes, and mutations (truncation, byte flips,
inserted garbage, huge fields) of small valid seeds of every format.
"""

from __future__ import annotations

import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.graph.store import CaseStore
from app.importers.base import ImportFailed
from app.importers.pipeline import ImportOptions, import_file

SEEDS: dict[str, tuple[str, bytes]] = {
    "cdr.csv": (
        "calls",
        b"caller,callee,start,duration\n0912345678,+218923456789,"
        b"2024-03-01 10:00,60\n00218912345678,0923456789,01/03/2024 11:00,5\n",
    ),
    "log.txt": (
        "calls",
        "numero\tnom\tdate\tduree\tdirection\r\n0912345678\tSalem\t02/03/2024 10:00\t30\tentrant\r\n".encode(
            "utf-16"
        ),
    ),
    "contacts.vcf": (
        "contacts",
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING="
        b"QUOTED-PRINTABLE:=D8=B3=D8=A7=D9=84=D9=85;;;\r\nTEL;CELL:"
        b"+218 91 234 5678\r\nEND:VCARD\r\n",
    ),
    "transfers.csv": (
        "transfers",
        b"transaction_id;date;expediteur;beneficiaire;montant;devise\n"
        b"T1;01/03/2024;Ali Omar;Salem Haddad;1.500,00;EUR\n",
    ),
    "interviews.json": (
        "interviews",
        b'[{"interview_id": "I1", "date": "2024-05-02", '
        b'"interviewee": {"ref": "MIG-1", "age": 16}, '
        b'"vulnerabilities": ["minor"], "legs": [{"from": "Agadez",'
        b' "to": "Sebha"}], "narrative": "paid 500 USD in Sebha"}]',
    ),
    "track.gpx": (
        "routes",
        b'<?xml version="1.0"?><gpx version="1.1"><trk><trkseg>'
        b'<trkpt lat="32.9" lon="12.1"><time>2024-06-01T01:00:00Z</time>'
        b'</trkpt><trkpt lat="35.5" lon="12.6"/></trkseg></trk></gpx>',
    ),
    "route.geojson": (
        "routes",
        b'{"type": "FeatureCollection", "features": [{"type": "Feature",'
        b' "properties": {"journey_id": "J1"}, "geometry": {"type": '
        b'"LineString", "coordinates": [[8.0, 17.0], [14.4, 27.0]]}}]}',
    ),
}

#: What one import of a file of a few kilobytes may allocate at its peak (traced per import,
#: not the test process's lifetime peak, which earlier tests set).
MEMORY_LIMIT_MB = 200
#: No deadline per example: tests do not time things (the first import loads the gazetteer,
#: which takes minutes on a busy machine); a hang still shows as a run that never ends.
HANG_MS = None


def _mutate(data: bytes, ops: list[tuple[int, int, int]]) -> bytes:
    buf = bytearray(data)
    for kind, pos, value in ops:
        if not buf:
            buf = bytearray(b"\x00")
        at = pos % len(buf)
        if kind == 0:
            buf[at] = value
        elif kind == 1:
            del buf[at:]
        elif kind == 2:
            buf[at:at] = bytes([value]) * (1 + value * 37)  # a long run: oversized field
        else:
            buf[at:at] = b'\xff\xfe\x00<!ENTITY;,"\n\t'[: 1 + value % 12]
    return bytes(buf)


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def _import_survives(workdir: Path, name: str, kind: str, data: bytes) -> bool:
    """Import ``data`` as ``name``; True when it was read, False when it failed cleanly."""
    path = workdir / name
    path.write_bytes(data)
    case_path = workdir / "fuzz.ariadne"
    case_path.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(case_path) + suffix).unlink(missing_ok=True)
    imported = True
    with CaseStore.create(case_path, region="LY") as case:
        before = case.counts()
        tracemalloc.start()
        try:
            import_file(case, str(path), ImportOptions(kind=kind, owner="+218912345678"))
        except ImportFailed as exc:
            imported = False
            assert name in str(exc), f"the message must name the file: {exc}"
            assert case.counts() == before
        finally:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    assert peak / 2**20 < MEMORY_LIMIT_MB
    return imported


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_valid_seed_imports(workdir, name):
    kind, data = SEEDS[name]
    assert _import_survives(workdir, name, kind, data), f"the valid seed {name} must import"
    with CaseStore.open(workdir / "fuzz.ariadne") as case:
        assert case.counts()["entities"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SEEDS))
@settings(max_examples=40, deadline=HANG_MS, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ops=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=6
    )
)
def test_mutated_files_fail_cleanly(workdir, name, ops):
    kind, data = SEEDS[name]
    _import_survives(workdir, name, kind, _mutate(data, ops))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SEEDS))
@settings(max_examples=15, deadline=HANG_MS, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096))
def test_random_bytes_fail_cleanly(workdir, name, data):
    kind, _ = SEEDS[name]
    _import_survives(workdir, name, kind, data)
