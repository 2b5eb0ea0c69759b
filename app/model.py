"""Plain data for the case: entity and link types, gradings, import records.

No I/O here.  Importers return these records; :mod:`app.graph.store` writes them;
analyses read graphs built from the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ENTITY_TYPES = (
    "person",
    "phone",
    "account",
    "location",
    "organisation",
    "vehicle",
    "document",
    "device",
    "interview",
    "handset",
    "group",
)

LINK_TYPES = (
    "called",
    "messaged",
    "in_contacts",
    "uses",
    "transferred",
    "travelled",
    "mentioned",
    "paid",
    "associate",
    "located_at",
    "member_of",
    "carried",
)

#: Link types grouped into the layers an analyst switches on and off (``--layers``).
LAYERS: dict[str, tuple[str, ...]] = {
    "phone": ("called", "messaged", "in_contacts"),
    "money": ("transferred", "paid"),
    "travel": ("travelled",),
    "interview": ("mentioned",),
    "association": ("associate", "uses", "located_at", "member_of", "carried"),
}

#: Identifier kinds that deterministically name one entity (same value, same entity).
UNIQUE_IDENTIFIER_KINDS = ("phone", "account", "document", "email", "imei", "imsi")

VULNERABILITY_FLAGS = (
    "minor",
    "unaccompanied",
    "violence",
    "extortion",
    "detention",
    "missing_relative",
)

RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
CREDIBILITY = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}


@dataclass(frozen=True)
class Grading:
    """Admiralty / NATO grading of a source: reliability A-F, credibility 1-6.

    Examples
    --------
    >>> Grading.parse("B2")
    Grading(reliability='B', credibility=2)
    >>> Grading("B", 2).at_least(Grading("C", 3))
    True
    """

    reliability: str = "F"
    credibility: int = 6

    def __post_init__(self) -> None:
        if self.reliability not in RELIABILITY:
            raise ValueError(f"reliability must be one of A-F, not {self.reliability!r}")
        if self.credibility not in CREDIBILITY:
            raise ValueError(f"credibility must be 1-6, not {self.credibility!r}")

    @classmethod
    def parse(cls, text: str) -> Grading:
        text = text.strip().upper()
        if len(text) != 2 or not text[1].isdigit():
            raise ValueError(f"a grading is a letter A-F and a digit 1-6, like B2, not {text!r}")
        return cls(text[0], int(text[1]))

    def at_least(self, minimum: Grading) -> bool:
        """True when this grading is as good as ``minimum`` on both scales (A and 1 best)."""
        return self.reliability <= minimum.reliability and self.credibility <= minimum.credibility

    def __str__(self) -> str:
        return f"{self.reliability}{self.credibility}"


@dataclass
class SourceInfo:
    """What is recorded about one imported file."""

    file_name: str
    sha256: str
    size: int
    kind: str
    grading: Grading = field(default_factory=Grading)
    handling: str = ""
    owner: str = ""
    exhibit: str = ""
    path: str = ""


@dataclass
class QuarantinedRow:
    """A row that could not be read: kept with its reason, never dropped."""

    row: int
    reason: str
    raw: str = ""


@dataclass
class ImportResult:
    """What one import read, created, linked and quarantined."""

    source_id: int
    file_name: str
    kind: str
    rows_read: int = 0
    entities_created: int = 0
    links_created: int = 0
    events: int = 0
    quarantined: list[QuarantinedRow] = field(default_factory=list)
    watchlist_hits: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            f"{self.file_name}: read {self.rows_read} rows as {self.kind}; "
            f"created {self.entities_created} entities, {self.links_created} links, "
            f"{self.events} events; quarantined {len(self.quarantined)}"
        ]
        lines += [f"  row {q.row}: {q.reason}" for q in self.quarantined[:20]]
        if len(self.quarantined) > 20:
            lines.append(f"  … and {len(self.quarantined) - 20} more quarantined rows")
        lines += [f"  note: {n}" for n in self.notes]
        lines += [
            f"  WATCH-LIST HIT: {h.get('kind')} {h.get('value')} ({h.get('label', '')})"
            for h in self.watchlist_hits
        ]
        return "\n".join(lines)
