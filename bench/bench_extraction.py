"""Phone extractions and WhatsApp databases: scan and import speed, with peak memory.

1. An Android extraction folder of about 2 GB (``--media-gb``), mostly photos, videos and voice
   notes (some without extension, told by their first bytes), holding a WhatsApp
   ``msgstore.db`` with ``wa.db`` and shared preferences naming the owner, an ``mmssms.db``
   and a ``calllog.db``: 100,000 messages and 20,000 calls, scanned and imported by
   ``import_path`` as one exhibit (aim: 60 s on 2 cores).
2. A WhatsApp ``msgstore.db`` of 1,000,000 messages (10,000 contacts, 50 groups) imported on
   its own (aim: 60 s and 2 GB).

Inputs are written to /tmp (``--keep`` keeps them for another run).  Each import runs in a
child process whose peak memory (VmHWM) is reported.

Run: ``.venv/bin/python bench/bench_extraction.py [--messages N] [--media-gb G]``
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.scenario.phonedbs import jid_of, write_whatsapp  # noqa: E402

OWNER = "+218912345678"
CHILD = """
import sys, time
from app.graph.store import CaseStore
from app.importers.pipeline import import_path, ImportOptions
start, cpu = time.perf_counter(), time.process_time()
with CaseStore.create(sys.argv[2], region="LY") as case:
    result = import_path(case, sys.argv[1], ImportOptions(owner=sys.argv[3]))
    counts = case.counts()
end, cpu = time.perf_counter(), time.process_time() - cpu
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(end - start, cpu, counts["events"], counts["entities"], peak / 1024)
print(result.summary().splitlines()[0])
"""


def numbers(n: int, rng: random.Random) -> list[str]:
    return [f"+2189{rng.randrange(10**7, 10**8)}" for _ in range(n)]


def whatsapp(folder: Path, messages: int, contacts: int, groups: int, rng: random.Random) -> None:
    people = numbers(contacts, rng)
    group_jids = [f"1203630000{g:08d}@g.us" for g in range(groups)]
    members = {
        g: (f"Group {k}", [jid_of(p) for p in rng.sample(people, 12)]) for k, g in enumerate(group_jids)
    }
    words = [
        "money",
        "boat",
        "tomorrow",
        "station",
        "passengers",
        "friday",
        "call",
        "police",
        "number",
        "send",
        "euros",
        "ok",
    ]

    def rows():
        t = 1_700_000_000_000
        for k in range(messages):
            t += rng.randrange(1000, 60_000)
            if k % 10 == 0:
                g = rng.choice(group_jids)
                sender = None if k % 20 == 0 else rng.choice(members[g][1])
                yield g, sender is None, sender, t, " ".join(rng.choices(words, k=6)), 0
            else:
                yield jid_of(rng.choice(people)), k % 2 == 0, None, t, " ".join(rng.choices(words, k=6)), 0

    names = {jid_of(p): f"Contact {p[-4:]}" for p in people}
    write_whatsapp(folder, names, rows(), groups=members)


def android_extraction(root: Path, media_gb: float, rng: random.Random) -> None:
    data = root / "data" / "data"
    whatsapp(data / "com.whatsapp" / "databases", 60_000, 2_000, 20, rng)
    prefs = data / "com.whatsapp" / "shared_prefs"
    prefs.mkdir(parents=True, exist_ok=True)
    (prefs / "com.whatsapp_preferences_light.xml").write_text(
        f'<map>\n<string name="registration_jid">{jid_of(OWNER)}</string>\n</map>\n'
    )
    people = numbers(1_500, rng)
    sms = data / "com.android.providers.telephony" / "databases" / "mmssms.db"
    sms.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(sms)
    conn.execute(
        "CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, date INTEGER, "
        "type INTEGER, body TEXT, read INTEGER)"
    )
    conn.executemany(
        "INSERT INTO sms VALUES (?,?,?,?,?,?,1)",
        [
            (k, 0, rng.choice(people), 1_700_000_000_000 + k * 30_000, 1 + k % 2, "see you at 6")
            for k in range(1, 40_001)
        ],
    )
    conn.commit()
    conn.close()
    calls = data / "com.android.providers.contacts" / "databases" / "calllog.db"
    calls.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(calls)
    conn.execute(
        "CREATE TABLE calls (_id INTEGER PRIMARY KEY, number TEXT, date INTEGER, duration INTEGER, "
        "type INTEGER, name TEXT)"
    )
    conn.executemany(
        "INSERT INTO calls VALUES (?,?,?,?,?,NULL)",
        [
            (k, rng.choice(people), 1_700_000_000_000 + k * 60_000, rng.randrange(0, 600), 1 + k % 3)
            for k in range(1, 20_001)
        ],
    )
    conn.commit()
    conn.close()
    media = root / "media" / "0" / "WhatsApp" / "Media"
    block = os.urandom(1 << 20)
    kinds = [
        ("WhatsApp Images", ".jpg", b"\xff\xd8\xff\xe0"),
        ("WhatsApp Video", ".mp4", b"\x00\x00\x00\x18ftyp"),
        ("WhatsApp Voice Notes", ".opus", b"OggS"),
        (".Statuses", "", b"\xff\xd8\xff\xe1"),
    ]
    files = int(media_gb * 1024 / 4)  # 4 MB each
    for k in range(files):
        folder, ext, magic = kinds[k % len(kinds)]
        target = media / folder / f"{k:06d}{ext}"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as f:
            f.write(magic + block[len(magic) :])
            for _ in range(3):
                f.write(block)


def run(label: str, path: Path, case: Path, owner: str = "") -> None:
    case.unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(case), owner],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    first, summary = out.stdout.splitlines()[:2]
    seconds, cpu, events, entities, peak = first.split()
    load = os.getloadavg()[0]
    print(
        f"{label}: {float(seconds):.1f} s ({float(cpu):.1f} s of CPU; load average {load:.1f}), "
        f"{int(events):,} events, {int(entities):,} entities, peak {float(peak):,.0f} MB\n  {summary}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--media-gb", type=float, default=2.0)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--only", choices=["extraction", "whatsapp"])
    args = parser.parse_args()
    base = Path("/tmp/ariadne-bench-phones")
    rng = random.Random(1)
    if args.only != "whatsapp":
        tree = base / "EXH-BENCH"
        if not tree.exists():
            t = time.perf_counter()
            android_extraction(tree, args.media_gb, rng)
            size = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file())
            print(f"wrote the extraction: {size / 1e9:.2f} GB in {time.perf_counter() - t:.0f} s")
        # the owner is not given: the extraction's WhatsApp preferences say it
        run("extraction folder (100,000 messages, 20,000 calls)", tree, base / "extraction.ariadne")
    if args.only != "extraction":
        folder = base / f"whatsapp-{args.messages}"
        if not folder.exists():
            t = time.perf_counter()
            whatsapp(folder, args.messages, 10_000, 50, rng)
            print(
                f"wrote msgstore.db: {(folder / 'msgstore.db').stat().st_size / 1e6:.0f} MB "
                f"in {time.perf_counter() - t:.0f} s"
            )
        run(
            f"WhatsApp msgstore.db ({args.messages:,} messages)",
            folder / "msgstore.db",
            base / "whatsapp.ariadne",
            OWNER,
        )
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
