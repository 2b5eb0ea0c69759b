"""How smugglers hide, planted into a scenario (``generate_scenario(..., tactics=True)``).

- **SIM rotation**: organisers and brokers change SIM card about every 30 days and keep the
  handset; carrier records carry the caller's IMEI, so the successive numbers share one.
- **A borrowed handset**: one driver puts his SIM into a colleague's handset for a single
  day, the trap a careless "same handset, same person" rule falls into.
- **Malformed IMEIs**: a few records carry an IMEI whose check digit is wrong.
- **Nicknames**: organisers go by an epithet ("Abu Omar", "Al-Khal", "le Vieux") in most
  interviews and transfers, without their name beside it.
- **An address book in Arabic script** (the Android phone seized from an ORG-1 driver).
- **Two tower dumps** at the crossing point, each the calls of thousands of strangers through
  one cell during two nights, with the organisers' own calls among them.

Everything is drawn from generators of its own, so a scenario without tactics is
byte-identical to what it was before tactics existed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np

from app.scenario.activity import seconds
from app.scenario.people import ARABIC_SCRIPT, NumberFactory
from app.scenario.world import SEASON_DAYS, SEASON_START, World

#: Epithets organisers go by; kunyas ("Abu …") and descriptions.
EPITHETS = (
    "Abu Omar",
    "Al-Khal",
    "le Vieux",
    "the Engineer",
    "Al-Hajj",
    "Abu Jamal",
    "Al-Sheikh",
    "le Docteur",
    "Abu Tarek",
    "Al-Kabir",
    "the Doctor",
    "Abu Bilal",
)
#: Their Arabic-script forms, as a seized phone stores them.
EPITHETS_ARABIC = {
    "Abu Omar": "أبو عمر",
    "Al-Khal": "الخال",
    "le Vieux": "العجوز",
    "the Engineer": "المهندس",
    "Al-Hajj": "الحاج",
    "Abu Jamal": "أبو جمال",
    "Al-Sheikh": "الشيخ",
    "le Docteur": "الدكتور",
    "Abu Tarek": "أبو طارق",
    "Al-Kabir": "الكبير",
    "the Doctor": "الدكتور",
    "Abu Bilal": "أبو بلال",
}
#: Arabic script for the Arabic-tradition names the generator draws (beyond people.ARABIC_SCRIPT).
ARABIC_MORE = {
    "Abdelrahman": "عبد الرحمن",
    "Mustafa": "مصطفى",
    "Hassan": "حسن",
    "Hussein": "حسين",
    "Nasser": "ناصر",
    "Abdullah": "عبد الله",
    "Osama": "أسامة",
    "Walid": "وليد",
    "Jamal": "جمال",
    "Adel": "عادل",
    "Idris": "إدريس",
    "Bilal": "بلال",
    "Anwar": "أنور",
    "Ramadan": "رمضان",
    "Zawi": "الزاوي",
    "Obeidi": "العبيدي",
    "Warfalli": "الورفلي",
    "Misrati": "المصراتي",
    "Tarhouni": "الترهوني",
    "Fezzani": "الفزاني",
    "Senussi": "السنوسي",
    "Abdelaziz": "عبد العزيز",
    "Khalifa": "خليفة",
    "Barghathi": "البرغثي",
    "Dabbashi": "الدباشي",
    "Gharyani": "الغرياني",
    "Kikli": "الككلي",
    "Naas": "الناس",
    "Zintani": "الزنتاني",
    "Shibani": "الشيباني",
}

ROTATING_ROLES = ("organiser", "broker")
ROTATION_DAYS = 30
DUMP_CELLS = (
    ("LY-ZUW-0412", "carrier/towerdump_zuwara_cell0412.csv"),
    ("LY-ZUW-0977", "carrier/towerdump_zuwara_cell0977.csv"),
)
DUMP_CALLS = {"small": 7500, "medium": 7500, "large": 7500}


def arabic(word: str) -> str:
    return ARABIC_SCRIPT.get(word) or ARABIC_MORE.get(word, "")


def luhn_digit(body: str) -> str:
    """The check digit that makes ``body`` + digit pass the Luhn test.

    >>> luhn_digit("49015420323751")
    '8'
    """
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


@dataclass
class Tactics:
    """What was planted, for the writers and the ground truth."""

    #: original number -> [(SIM number, from epoch second)], in order; the first is the original
    sims: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: number -> IMEI (15 digits) of the handset that carries it
    imei: dict[str, str] = field(default_factory=dict)
    #: actor ref -> epithet
    nicknames: dict[str, str] = field(default_factory=dict)
    #: (driver whose SIM moved, driver whose handset took it, day start, day end)
    borrowed: tuple[str, str, int, int] | None = None
    #: (cell id, path, window start, window end)
    dumps: list[tuple[str, str, int, int]] = field(default_factory=list)
    strangers: list[str] = field(default_factory=list)
    rng: random.Random = field(default_factory=random.Random)

    def sim_at(self, number: str, ts: int) -> str:
        periods = self.sims.get(number)
        if not periods:
            return number
        current = periods[0][0]
        for sim, start in periods:
            if start <= ts:
                current = sim
        return current

    def handset_of(self, number: str, ts: int) -> str:
        if self.borrowed and number == self.borrowed[0] and self.borrowed[2] <= ts < self.borrowed[3]:
            return self.imei.get(self.borrowed[1], "")
        return self.imei.get(number, "")

    def owner_sims(self, phones: list[str]) -> list[str]:
        return [sim for p in phones for sim, _ in self.sims.get(p, [(p, 0)])]


def plant(w: World) -> Tactics:
    """Choose who rotates SIMs, their numbers and handsets, nicknames and the borrowed day."""
    rng = random.Random(f"tactics-{w.seed}")
    numbers = NumberFactory(rng)
    numbers._used = w.numbers._used  # never reuse a number of the world
    t = Tactics(rng=rng)
    season0 = _season0()
    for a in w.actors.values():
        for p in a.phones:
            t.imei[p] = _imei(rng)
        if a.role in ROTATING_ROLES:
            for p in a.phones:
                periods, day = [(p, 0)], ROTATION_DAYS + rng.randint(-5, 5)
                while day < SEASON_DAYS:
                    region = _region_of(p)
                    sim = numbers.mobile(region)
                    periods.append((sim, season0 + day * 86400))
                    t.imei[sim] = t.imei[p]
                    day += ROTATION_DAYS + rng.randint(-5, 5)
                t.sims[p] = periods
    for m in w.migrants:
        t.imei[m.phone] = _imei(rng)
    organisers = [a for a in w.actors.values() if a.role == "organiser"]
    for k, a in enumerate(organisers):
        t.nicknames[a.ref] = EPITHETS[k % len(EPITHETS)]
    drivers = [a for a in w.staff("ORG-1", "driver") if a.org == "ORG-1"]
    others = [a for a in w.actors.values() if a.role == "driver" and a.org != "ORG-1"]
    if drivers and (len(drivers) > 1 or others):
        lender = drivers[1] if len(drivers) > 1 else others[0]
        day = season0 + 90 * 86400
        t.borrowed = (drivers[0].phones[0], lender.phones[0], day, day + 86400)
    return t


def _region_of(e164: str) -> str:
    import phonenumbers

    return phonenumbers.region_code_for_number(phonenumbers.parse(e164)) or "LY"


def _imei(rng: random.Random) -> str:
    body = "35" + "".join(str(rng.randrange(10)) for _ in range(12))
    return body + luhn_digit(body)


def rotate_calls(t: Tactics, calls, arrays: dict[str, np.ndarray]) -> None:
    """Each call of a rotating number goes out on the SIM in use at its time (in place)."""
    ts = arrays["ts"]
    for number, periods in t.sims.items():
        if number not in calls.index:
            continue
        pid = calls.index[number]
        starts = np.array([s for _, s in periods], dtype=np.int64)
        pids = np.array([calls.pid(sim) for sim, _ in periods], dtype=np.int64)
        for side in ("caller", "callee"):
            col = arrays[side]
            mask = col == pid
            period = np.searchsorted(starts, ts[mask], side="right") - 1
            col[mask] = pids[np.maximum(period, 0)]


def borrowed_calls(t: Tactics, w: World, calls, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """A few calls on the borrowed day, so that the lender's handset records the driver's SIM."""
    if not t.borrowed:
        return arrays
    driver, _, start, _ = t.borrowed
    boss = w.organisers("ORG-1")[0].phones[0]
    extra_ts = [start + 9 * 3600 + k * 2400 for k in range(4)]
    add = {
        "caller": [calls.pid(driver)] * 4,
        "callee": [calls.pid(t.sim_at(boss, s)) for s in extra_ts],
        "ts": extra_ts,
        "duration": [45, 80, 30, 120],
    }
    merged = {k: np.concatenate([v, np.asarray(add[k], dtype=np.int64)]) for k, v in arrays.items()}
    order = np.argsort(merged["ts"], kind="stable")
    return {k: v[order] for k, v in merged.items()}


def tower_dumps(t: Tactics, w: World, calls, arrays: dict[str, np.ndarray]) -> list[dict[str, np.ndarray]]:
    """Two nights at the crossing point: every call through one cell, mostly strangers', with
    the calls ORG-1's people made there (their organisers and captains at the beach)."""
    rng = np.random.default_rng([w.seed, 4242])
    numbers = NumberFactory(t.rng)
    numbers._used = w.numbers._used
    strangers = numbers.bulk("LY", 4000, rng)
    t.strangers = strangers
    shared = strangers[:25]  # people who live by the beach: in both dumps
    departures = w.departures["ORG-1"]
    at_beach = {
        p
        for a in w.staff("ORG-1")
        if a.role in ("organiser", "captain", "safehouse", "broker")
        for p in t.owner_sims(a.phones)
    }
    beach_pids = np.array([calls.index[p] for p in at_beach if p in calls.index], dtype=np.int64)
    out = []
    per_dump = DUMP_CALLS[w.size]
    for k, (cell, path) in enumerate(DUMP_CELLS):
        night = departures[(k + 1) * len(departures) // 3]
        start = int((night - timedelta(hours=30) - SEASON_START).total_seconds()) + _season0()
        end = start + 2 * 86400
        t.dumps.append((cell, path, start, end))
        inside = (arrays["ts"] >= start) & (arrays["ts"] < end)
        ours = inside & (np.isin(arrays["caller"], beach_pids) | np.isin(arrays["callee"], beach_pids))
        own = strangers[2000 * k : 2000 * (k + 1)] + shared
        pool = np.array([calls.pid(p) for p in own], dtype=np.int64)
        weight = np.minimum(rng.pareto(1.2, len(pool)) + 1.0, 60.0)
        p = weight / weight.sum()
        n = per_dump - int(ours.sum())
        a, b = rng.choice(pool, n, p=p), rng.choice(pool, n, p=p)
        b = np.where(a == b, pool[(np.arange(n) * 7919) % len(pool)], b)
        apart = a != b
        a, b, n = a[apart], b[apart], int(apart.sum())
        dump = {
            "caller": np.concatenate([a, arrays["caller"][ours]]),
            "callee": np.concatenate([b, arrays["callee"][ours]]),
            "ts": np.concatenate([rng.integers(start, end, n), arrays["ts"][ours]]),
            "duration": np.concatenate(
                [rng.lognormal(4.0, 0.9, n).astype(np.int64), arrays["duration"][ours]]
            ),
        }
        order = np.argsort(dump["ts"], kind="stable")
        out.append({key: v[order] for key, v in dump.items()})
    return out


def _season0() -> int:
    return seconds(SEASON_START)


def imei_written(imei: str, style: str, key: int) -> str:
    """How a carrier writes a handset: 15 digits, the 16-digit IMEISV, or dashed."""
    if style == "sv":
        return imei[:14] + f"{key % 90 + 10:02d}"
    if style == "dashed":
        return f"{imei[:2]}-{imei[2:8]}-{imei[8:14]}-{imei[14]}"
    return imei


def malformed(imei: str) -> str:
    """The same IMEI with a wrong check digit, as a mistyped record has it."""
    return imei[:14] + str((int(imei[14]) + 3) % 10)


def arabic_name(t: Tactics, a) -> str:
    """How an Arabic-speaking owner saves a colleague: the epithet, or the name in script."""
    if a.ref in t.nicknames and t.nicknames[a.ref] in EPITHETS_ARABIC:
        return EPITHETS_ARABIC[t.nicknames[a.ref]]
    given, family = arabic(a.name.given), arabic(a.name.family)
    if given:
        return f"{given} {family}".strip()
    return a.name.full


def truth(t: Tactics, w: World) -> dict:
    """The planted tactics, for the ground truth."""

    def day(s: int) -> str:
        return (SEASON_START + timedelta(seconds=s - _season0())).date().isoformat()

    sims = {}
    for a in w.actors.values():
        rows = []
        for p in a.phones:
            periods = t.sims.get(p, [(p, _season0())])
            for k, (sim, start) in enumerate(periods):
                end = periods[k + 1][1] - 86400 if k + 1 < len(periods) else _season0() + SEASON_DAYS * 86400
                rows.append(
                    {
                        "number": sim,
                        "imei": t.imei.get(sim, ""),
                        "from": day(max(start, _season0())),
                        "to": day(end),
                    }
                )
        if any(p in t.sims for p in a.phones):
            sims[a.ref] = rows
    return {
        "rotating": sorted(sims),
        "sims": sims,
        "aliases": {ref: [nick, EPITHETS_ARABIC.get(nick, "")] for ref, nick in t.nicknames.items()},
        "borrowed_handset": None
        if not t.borrowed
        else {
            "sim": t.borrowed[0],
            "handset_of": t.borrowed[1],
            "imei": t.imei.get(t.borrowed[1], ""),
            "day": day(t.borrowed[2]),
        },
        "tower_dumps": [{"cell": c, "path": p, "from": day(s), "to": day(e)} for c, p, s, e in t.dumps],
        "strangers": len(t.strangers),
        "address_book_in_arabic": "phones/EXH-002/contacts2.db",
    }
