"""How the scenario's sources write what they record, shared by every writer of files.

- :func:`entry`: a file's line in ``manifest.json``;
- :class:`NumberStyle`: the way one source writes phone numbers (a per-file habit);
- :func:`sim_in_use`: the SIM a (possibly rotating) number was on at a moment, which is the
  number a source of that moment records.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from app.scenario.activity import EPOCH
from app.scenario.people import written_forms
from app.scenario.world import World

#: The case's home region: numbers of it may be written without their country code.
REGION = "LY"


def entry(path: str, kind: str, grading: str = "B2", owner: str = "", exhibit: str = "") -> dict:
    """A file's manifest entry: its path, import kind, grading, device owner and exhibit."""
    return {
        "path": path,
        "kind": kind,
        "owner": owner,
        "exhibit": exhibit,
        "reliability": grading[0],
        "credibility": int(grading[1]),
        "duplicate_of": None,
    }


def _pick(key: str, options: list[str]) -> str:
    """A stable choice per (file, value): the same file writes one number the same way."""
    h = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big")
    return options[h % len(options)]


class NumberStyle:
    """How one source writes phone numbers (a per-file habit, varied per number).

    ``home`` and ``foreign`` index the forms of :func:`app.scenario.people.written_forms`
    the source uses for numbers of the home region and for the others.

    >>> style = NumberStyle("cdr.csv", home=(3,), foreign=(0,))
    >>> style("+218912345678"), style("+33612345678")
    ('0912345678', '+33612345678')
    """

    def __init__(self, name: str, home: tuple[int, ...], foreign: tuple[int, ...]) -> None:
        self.name, self.home, self.foreign = name, home, foreign
        self._cache: dict[str, str] = {}

    def __call__(self, e164: str) -> str:
        if e164 not in self._cache:
            forms = written_forms(e164, REGION)
            allowed = self.home if len(forms) == 6 else self.foreign
            self._cache[e164] = _pick(self.name + e164, [forms[i] for i in allowed])
        return self._cache[e164]


def sim_in_use(w: World, number: str, when: datetime) -> str:
    """The SIM a (possibly rotating) number was on at ``when``: the number itself unless the
    scenario plants SIM rotation."""
    if not w.tactics:
        return number
    return w.tactics.sim_at(number, int((when - EPOCH).total_seconds()))
