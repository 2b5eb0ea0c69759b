"""The planted world of a synthetic scenario: organisations, their people, migrants, journeys.

Everything here is the *truth*; :mod:`app.scenario.activity` turns it into what sources
record (calls, transfers, interviews) and :mod:`app.scenario.files` writes those records in
the shapes real exports have.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from app.scenario.people import PLACES, TRADITION_OF, Name, NumberFactory, draw_name

SEASON_START = datetime(2026, 3, 1)
SEASON_DAYS = 184

#: Scale of each size; medium is about 50,000 nodes and 300,000 links once imported.
SIZES: dict[str, dict[str, Any]] = {
    "small": dict(
        staff=1,
        migrants=160,
        interviewed=0.6,
        bg_numbers=1500,
        bg_pairs=4000,
        bg_contacts=8,
        route_share=0.25,
    ),
    "medium": dict(
        staff=3,
        migrants=4000,
        interviewed=0.25,
        bg_numbers=38000,
        bg_pairs=250000,
        bg_contacts=30,
        route_share=0.2,
    ),
    "large": dict(
        staff=8,
        migrants=40000,
        interviewed=0.05,
        bg_numbers=420000,
        bg_pairs=2800000,
        bg_contacts=60,
        route_share=0.05,
    ),
}

CORRIDORS = (
    dict(
        id="ORG-1",
        name="Haddad network",
        corridor="central_med",
        country="LY",
        tradition="arabic",
        waypoints=("Khartoum", "Kufra", "Ajdabiya", "Bani Walid", "Tripoli", "Zuwara", "Lampedusa"),
        crossing="Zuwara",
        currency="USD",
        leg_price=(300, 900),
        origins=("ER", "SD"),
    ),
    dict(
        id="ORG-2",
        name="Agadez transporters",
        corridor="sahel_libya",
        country="NE",
        tradition="sahel",
        waypoints=("Niamey", "Agadez", "Dirkou", "Sebha", "Tripoli"),
        crossing="Agadez",
        currency="XOF",
        leg_price=(60000, 250000),
        origins=("ML", "GN", "CI", "NG"),
    ),
    dict(
        id="ORG-3",
        name="Van–Izmir ring",
        corridor="aegean_balkans",
        country="TR",
        tradition="persian_turkish",
        waypoints=("Tabriz", "Van", "Istanbul", "Izmir", "Lesbos", "Athens"),
        crossing="Izmir",
        currency="EUR",
        leg_price=(250, 1500),
        origins=("AF", "IR", "SY"),
    ),
    dict(
        id="ORG-4",
        name="Nouadhibou boats",
        corridor="atlantic",
        country="MR",
        tradition="west_african",
        waypoints=("Dakar", "Saint-Louis", "Nouadhibou", "Las Palmas"),
        crossing="Nouadhibou",
        currency="EUR",
        leg_price=(200, 1200),
        origins=("SN", "GN", "ML"),
    ),
)

#: Staff per organisation at scale 1, and how often each role talks to the organiser (per day).
ROLES = {
    "recruiter": (3, 0.5),
    "collector": (2, 0.4),
    "driver": (3, 0.3),
    "captain": (2, 0.2),
    "forger": (1, 0.1),
    "safehouse": (2, 0.3),
}

#: Cross-organisation brokers: (role, home org, other org, place).
BROKERS = (
    ("hawaladar", "ORG-1", "ORG-2", "Tripoli"),
    ("forger", "ORG-3", "ORG-1", "Istanbul"),
    ("driver", "ORG-2", "ORG-4", "Agadez"),
)

DIASPORA = ("GB", "DE", "SE", "NL", "IT", "FR")


@dataclass
class Actor:
    ref: str
    name: Name
    role: str
    org: str | None
    orgs: list[str]
    nationality: str
    phones: list[str]
    accounts: list[str] = field(default_factory=list)
    place: str = ""


@dataclass
class Leg:
    seq: int
    origin: str
    dest: str
    start: datetime
    end: datetime
    mode: str
    price: int
    currency: str
    facilitator: str  # actor ref


@dataclass
class Migrant:
    ref: str
    org: str
    nationality: str
    sex: str
    age: int
    phone: str
    relative: str | None  # actor ref of the relative abroad who pays
    departure: datetime
    legs: list[Leg]
    recruiter: str
    collector: str
    flags: list[str] = field(default_factory=list)
    interviewed: bool = False


@dataclass
class World:
    size: str
    seed: int
    orgs: list[dict]
    actors: dict[str, Actor]
    migrants: list[Migrant]
    departures: dict[str, list[datetime]]
    background: list[str]  # phones of people outside the case
    bg_contacts: dict[str, list[str]]  # actor ref -> background phones it talks to
    numbers: NumberFactory
    rng: random.Random
    np_rng: np.random.Generator
    staff_complete: bool = False
    staff_cache: dict = field(default_factory=dict)
    #: the hiding tactics planted (:class:`app.scenario.tactics.Tactics`), or None
    tactics: Any = None

    def staff(self, org: str, role: str | None = None) -> list[Actor]:
        key = (org, role)
        if key in self.staff_cache:
            return self.staff_cache[key]
        found = [
            a
            for a in self.actors.values()
            if org in a.orgs and a.role not in ("relative", "migrant") and (role is None or a.role == role)
        ]
        if self.staff_complete:  # after the brokers, only relatives are added: keep the answer
            self.staff_cache[key] = found
        return found

    def organisers(self, org: str) -> list[Actor]:
        return [a for a in self.staff(org, "organiser") if a.org == org]


def _account(rng: random.Random, country: str) -> str:
    if country in ("GB", "DE", "SE", "NL", "IT", "FR", "ES", "GR", "TR"):
        return f"{country}{rng.randrange(10, 99)}{rng.randrange(10**15, 10**16)}"
    return f"W-{country}-{rng.randrange(10**8, 10**9)}"


def _make_staff(w: World, org: dict, scale: int, used: set[str]) -> None:
    rng = w.rng
    n_organisers = 1 if scale == 1 else min(3, 1 + scale // 3)
    plan = [("organiser", n_organisers)] + [
        (role, (0 if role == "captain" and org["corridor"] == "sahel_libya" else max(1, count * scale)))
        for role, (count, _) in ROLES.items()
    ]
    for role, count in plan:
        for _ in range(count):
            ref = f"S{len(w.actors) + 1:04d}"
            home = [p for p in org["waypoints"] if PLACES[p].country == org["country"]]
            place = rng.choice(home if role in ("organiser", "collector") else org["waypoints"][1:-1])
            name = draw_name(
                rng,
                org["tradition"],
                used,
                kunya_p=0.6 if org["tradition"] == "arabic" or role == "organiser" else 0.25,
                place="Libya" if PLACES[place].country == "LY" and rng.random() < 0.4 else place,
            )
            country = PLACES[place].country if role != "recruiter" else PLACES[org["waypoints"][0]].country
            phones = [w.numbers.mobile(country)]
            if role in ("organiser", "driver") and rng.random() < 0.5:
                phones.append(w.numbers.mobile(org["country"] if country == org["country"] else country))
            accounts = [_account(rng, country)] if role in ("organiser", "collector") else []
            w.actors[ref] = Actor(ref, name, role, org["id"], [org["id"]], country, phones, accounts, place)


def _make_brokers(w: World, used: set[str]) -> None:
    for role, home, other, place in BROKERS:
        ref = f"S{len(w.actors) + 1:04d}"
        org = next(o for o in w.orgs if o["id"] == home)
        country = PLACES[place].country
        name = draw_name(w.rng, org["tradition"], used, kunya_p=0.7, place=place)
        phones = [w.numbers.mobile(country), w.numbers.mobile(country)]
        accounts = [_account(w.rng, country)] if role == "hawaladar" else []
        w.actors[ref] = Actor(ref, name, "broker", None, [home, other], country, phones, accounts, place)


def _journey(w: World, org: dict, departure: datetime, stop_early: bool) -> list[Leg]:
    """Legs along the corridor; the crossing (the boat, or the convoy into the desert) leaves
    on ``departure``, legs before it are spread over the weeks ahead, legs after follow."""
    rng = w.rng
    points = list(org["waypoints"])
    if stop_early:
        points = points[: rng.randrange(2, len(points))]
    cross = org["waypoints"].index(org["crossing"])
    sea = org["corridor"] != "sahel_libya"
    drivers = w.staff(org["id"], "driver") or w.staff(org["id"])
    captains = w.staff(org["id"], "captain") or drivers
    lo, hi = org["leg_price"]
    starts: dict[int, datetime] = {cross: departure}
    for i in range(cross - 1, -1, -1):
        starts[i] = starts[i + 1] - timedelta(days=rng.randint(2, 7), hours=rng.randint(0, 12))
    for i in range(cross + 1, len(points) - 1):
        starts[i] = starts[i - 1] + timedelta(days=rng.randint(2, 14), hours=rng.randint(0, 12))
    legs = []
    for i in range(len(points) - 1):
        boat = sea and i == cross
        mode = (
            "boat"
            if boat
            else ("ferry" if sea and i > cross else rng.choice(("pickup", "truck", "bus", "car")))
        )
        end = starts[i] + timedelta(hours=rng.randint(10, 30) if boat else rng.randint(8, 60))
        legs.append(
            Leg(
                i + 1,
                points[i],
                points[i + 1],
                starts[i],
                end,
                mode,
                int(round(rng.randint(lo, hi), -1)),
                org["currency"],
                rng.choice(captains if boat else drivers).ref,
            )
        )
    return legs


def _flags(rng: random.Random, age: int, corridor: str) -> list[str]:
    flags = []
    if age < 18:
        flags.append("minor")
        if rng.random() < 0.5:
            flags.append("unaccompanied")
    harsh = corridor in ("central_med", "sahel_libya")
    for flag, p in (
        ("detention", 0.35 if harsh else 0.08),
        ("extortion", 0.3 if harsh else 0.1),
        ("violence", 0.25 if harsh else 0.08),
        ("missing_relative", 0.06),
    ):
        if rng.random() < p:
            flags.append(flag)
    return flags


def _make_migrants(w: World, count: int, interviewed: float) -> None:
    rng = w.rng
    for i in range(count):
        org = w.orgs[min(int(rng.random() ** 1.3 * len(w.orgs)), len(w.orgs) - 1)]
        nationality = rng.choice(org["origins"])
        age = rng.randint(13, 17) if rng.random() < 0.12 else rng.randint(18, 45)
        departure = rng.choice(w.departures[org["id"]])
        relative = None
        if rng.random() < 0.75:
            country = rng.choice(DIASPORA)
            ref = f"R{len(w.actors) + 1:05d}"
            name = draw_name(rng, TRADITION_OF[nationality], None)
            w.actors[ref] = Actor(
                ref,
                name,
                "relative",
                None,
                [],
                country,
                [w.numbers.mobile(country)],
                [_account(rng, country)] if rng.random() < 0.3 else [],
                "",
            )
            relative = ref
        recruiter = rng.choice(w.staff(org["id"], "recruiter")).ref
        collectors = w.staff(org["id"], "collector")
        if org["id"] in ("ORG-1", "ORG-2") and rng.random() < 0.3:
            collectors = [
                a for a in w.actors.values() if a.role == "broker" and "ORG-1" in a.orgs and "ORG-2" in a.orgs
            ] or collectors
        m = Migrant(
            f"M{i + 1:05d}",
            org["id"],
            nationality,
            rng.choice("MMMF"),
            age,
            w.numbers.mobile(nationality),
            relative,
            departure,
            _journey(w, org, departure, rng.random() < 0.15),
            recruiter,
            rng.choice(collectors).ref,
        )
        m.flags = _flags(rng, age, org["corridor"])
        m.interviewed = rng.random() < interviewed
        w.migrants.append(m)


def build_world(size: str, seed: int) -> World:
    """The planted truth of one scenario; the same (size, seed) gives the same world."""
    params = SIZES[size]
    rng = random.Random(seed)
    w = World(
        size,
        seed,
        [dict(o) for o in CORRIDORS],
        {},
        [],
        {},
        [],
        {},
        NumberFactory(rng),
        rng,
        np.random.default_rng(seed),
    )
    used: set[str] = set()
    for org in w.orgs:
        _make_staff(w, org, params["staff"], used)
        every = rng.randint(6, 11)
        w.departures[org["id"]] = [
            SEASON_START + timedelta(days=d, hours=rng.randint(0, 5))
            for d in range(40, SEASON_DAYS - 3, every)
        ]
    _make_brokers(w, used)
    w.staff_complete = True
    _make_migrants(w, params["migrants"], params["interviewed"])
    regions = ["LY"] * 5 + ["NE", "TR", "MR", "SN", "SD"]
    per = params["bg_numbers"] // len(regions)
    for region in regions:
        w.background += w.numbers.bulk(region, per, w.np_rng)
    for ref, actor in w.actors.items():
        if actor.role in ("relative", "migrant"):
            continue
        k = params["bg_contacts"] * (3 if actor.role == "organiser" else 1)
        picks = w.np_rng.choice(len(w.background), size=min(k, len(w.background)), replace=False)
        w.bg_contacts[ref] = [w.background[int(i)] for i in picks]
    return w
