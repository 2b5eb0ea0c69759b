"""The case file's schema: the only DDL in Ariadne, with ``PRAGMA user_version`` migrations.

A case written by an older version opens in a newer one: :func:`migrate` applies every
step between the file's ``user_version`` and :data:`SCHEMA_VERSION`, each in its own
transaction, after the store has taken a backup copy of the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

SCHEMA_VERSION = 4

# Version 1: the first case format.
_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    path TEXT,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    kind TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    reliability TEXT NOT NULL DEFAULT 'F' CHECK (reliability IN ('A','B','C','D','E','F')),
    credibility INTEGER NOT NULL DEFAULT 6 CHECK (credibility BETWEEN 1 AND 6),
    handling TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    exhibit TEXT NOT NULL DEFAULT '',
    rows_read INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sources_sha ON sources(sha256);

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    attrs TEXT NOT NULL DEFAULT '{}',
    canonical INTEGER NOT NULL,
    created_at TEXT
);
CREATE INDEX entities_type ON entities(type);
CREATE INDEX entities_canonical ON entities(canonical);

CREATE TABLE identifiers (
    id INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    raw TEXT NOT NULL DEFAULT '',
    source_id INTEGER REFERENCES sources(id)
);
CREATE UNIQUE INDEX identifiers_unique ON identifiers(kind, value)
    WHERE kind IN ('phone', 'account', 'document', 'email', 'imei');
CREATE INDEX identifiers_value ON identifiers(kind, value);
CREATE INDEX identifiers_entity ON identifiers(entity_id);

CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    src INTEGER NOT NULL REFERENCES entities(id),
    dst INTEGER NOT NULL REFERENCES entities(id),
    first_seen TEXT,
    last_seen TEXT,
    count INTEGER NOT NULL DEFAULT 1,
    weight REAL NOT NULL DEFAULT 1.0,
    duration REAL NOT NULL DEFAULT 0,
    amount REAL,
    currency TEXT,
    label TEXT NOT NULL DEFAULT '',
    attrs TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX links_pair ON links(type, src, dst);
CREATE INDEX links_dst ON links(dst);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    link_id INTEGER NOT NULL REFERENCES links(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    row INTEGER,
    ts TEXT,
    duration REAL,
    amount REAL,
    currency TEXT,
    amount_case REAL,
    attrs TEXT
);
CREATE INDEX events_link ON events(link_id);
CREATE INDEX events_ts ON events(ts);
CREATE INDEX events_source ON events(source_id);

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    item TEXT NOT NULL CHECK (item IN ('entity', 'link')),
    item_id INTEGER NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    row INTEGER,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX evidence_item ON evidence(item, item_id);
CREATE INDEX evidence_source ON evidence(source_id);

CREATE TABLE legs (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    row INTEGER,
    journey TEXT NOT NULL,
    seq INTEGER NOT NULL,
    traveller_id INTEGER REFERENCES entities(id),
    from_id INTEGER REFERENCES entities(id),
    to_id INTEGER REFERENCES entities(id),
    start TEXT,
    "end" TEXT,
    mode TEXT,
    cost REAL,
    currency TEXT,
    cost_case REAL,
    facilitator_id INTEGER REFERENCES entities(id)
);
CREATE INDEX legs_journey ON legs(journey, seq);

CREATE TABLE merges (
    id INTEGER PRIMARY KEY,
    kept INTEGER NOT NULL REFERENCES entities(id),
    absorbed INTEGER NOT NULL REFERENCES entities(id),
    moved TEXT NOT NULL,
    score REAL,
    evidence TEXT NOT NULL DEFAULT '',
    by TEXT NOT NULL DEFAULT 'analyst',
    at TEXT NOT NULL,
    undone_at TEXT
);
CREATE TABLE resolution_decisions (
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('rejected')),
    at TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    item TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX annotations_item ON annotations(item, item_id);
CREATE TABLE watchlist (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('phone', 'account', 'name')),
    value TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    UNIQUE (kind, value)
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL DEFAULT '',
    hash TEXT NOT NULL DEFAULT ''
);
CREATE TABLE quarantine (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    row INTEGER,
    reason TEXT NOT NULL,
    raw TEXT NOT NULL DEFAULT ''
);
CREATE INDEX quarantine_source ON quarantine(source_id);
CREATE TABLE requirements (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL DEFAULT 'requirement'
        CHECK (kind IN ('requirement', 'hypothesis', 'note')),
    text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    entity_ids TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
);
"""

# Version 2: currency rates per case, saved charts, and the audit log made append-only.
_V2 = """
CREATE TABLE rates (
    currency TEXT PRIMARY KEY,
    per_unit REAL NOT NULL,
    as_of TEXT NOT NULL DEFAULT ''
);
CREATE TABLE charts (
    name TEXT PRIMARY KEY,
    data TEXT NOT NULL DEFAULT '{}',
    saved_at TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


# Version 3 (second version of Ariadne): provenance per source, facts extracted from free
# text awaiting the analyst's review, and SIM identities (IMSI) unique like the others.
# Each part of the second version keeps its statements in its own block below.
_V3 = """
-- provenance: extraction tool and version, extraction id, device owner, tower-dump flag…
ALTER TABLE sources ADD COLUMN attrs TEXT NOT NULL DEFAULT '{}';

DROP INDEX identifiers_unique;
CREATE UNIQUE INDEX identifiers_unique ON identifiers(kind, value)
    WHERE kind IN ('phone', 'account', 'document', 'email', 'imei', 'imsi');

-- facts extracted from message bodies and narratives, left out of analyses until accepted
CREATE TABLE extracted (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    row INTEGER,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    normalised TEXT NOT NULL DEFAULT '',
    quote TEXT NOT NULL DEFAULT '',
    entity_id INTEGER REFERENCES entities(id),
    link_id INTEGER REFERENCES links(id),
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    attrs TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX extracted_source ON extracted(source_id);
CREATE INDEX extracted_status ON extracted(status);

-- [seized phones] further statements here


-- [reliability] further statements here
-- each audit entry sealed with an HMAC of the analyst's own key (kept outside the case)
ALTER TABLE audit ADD COLUMN seal TEXT NOT NULL DEFAULT '';


-- [hiding: handsets, SIM changes, tower dumps] further statements here


-- [answers: paths, money, resolution] further statements here

"""


# Version 4: the latest analysis of each filter, kept with the mark of the case content it was
# computed on, so that exports and briefings reuse it until the case changes.
_V4 = """
CREATE TABLE analyses (
    key TEXT PRIMARY KEY,
    content_mark TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    result TEXT NOT NULL
);
INSERT OR IGNORE INTO meta(key, value) VALUES ('revision', '0');
"""


#: Secondary indexes that a large bulk import drops and builds again at its end: rows arrive
#: in random order for them, and one sort at the end costs far less than a million random
#: inserts.  Each statement is the index's definition in the current schema.  While
#: ``links_pair`` is away the writer keeps pairs unique itself (it joins them in memory).
BULK_INDEXES = {
    "links_pair": "CREATE UNIQUE INDEX links_pair ON links(type, src, dst)",
    "links_dst": "CREATE INDEX links_dst ON links(dst)",
    "events_ts": "CREATE INDEX events_ts ON events(ts)",
}


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT first; run statement by statement inside our transaction.
    for statement in _split_statements(script):
        conn.execute(statement)


def _split_statements(script: str) -> list[str]:
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s]


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: lambda conn: _run_script(conn, _V1),
    2: lambda conn: _run_script(conn, _V2),
    3: lambda conn: _run_script(conn, _V3),
    4: lambda conn: _run_script(conn, _V4),
}


def version_of(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, *, target: int = SCHEMA_VERSION) -> list[int]:
    """Bring the database up to ``target``; return the versions applied.

    Each step runs in one transaction together with the ``user_version`` bump, so a
    crash mid-migration leaves the file at the previous version.
    """
    current = version_of(conn)
    if current > SCHEMA_VERSION:
        raise ValueError(
            f"this case was written by a newer Ariadne (schema {current}, "
            f"this version reads up to {SCHEMA_VERSION})"
        )
    applied = []
    for version in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied
