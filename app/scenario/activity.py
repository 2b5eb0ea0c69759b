"""What the sources record about a :class:`~app.scenario.world.World`: calls, messages,
transfers, interviews and journeys, as plain rows with true identities still attached.

Timing follows how these networks work: a season of departures, bursts of calls between the
organiser and the crews in the days before each departure, migrants calling their recruiter
before leaving and the organiser before the crossing, relatives paying collectors a few weeks
ahead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from app.scenario.world import ROLES, SEASON_DAYS, SEASON_START, SIZES, World

EPOCH = datetime(1970, 1, 1)
_SEASON0 = int((SEASON_START - EPOCH).total_seconds())

#: Rough value of one unit of each currency in USD, to price transfers consistently.
USD_PER = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "SEK": 0.095, "XOF": 0.00165, "LYD": 0.21}
DIASPORA_CURRENCY = {"GB": "GBP", "DE": "EUR", "SE": "SEK", "NL": "EUR", "IT": "EUR", "FR": "EUR"}


@dataclass
class Calls:
    """Call events as parallel arrays; phones are indices into ``phones``."""

    phones: list[str]
    index: dict[str, int]
    caller: list[int] = field(default_factory=list)
    callee: list[int] = field(default_factory=list)
    ts: list[int] = field(default_factory=list)
    duration: list[int] = field(default_factory=list)

    def pid(self, e164: str) -> int:
        if e164 not in self.index:
            self.index[e164] = len(self.phones)
            self.phones.append(e164)
        return self.index[e164]

    def add(self, a: str, b: str, ts: int, duration: int) -> None:
        self.caller.append(self.pid(a))
        self.callee.append(self.pid(b))
        self.ts.append(ts)
        self.duration.append(duration)

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "caller": np.asarray(self.caller, dtype=np.int64),
            "callee": np.asarray(self.callee, dtype=np.int64),
            "ts": np.asarray(self.ts, dtype=np.int64),
            "duration": np.asarray(self.duration, dtype=np.int64),
        }


def seconds(t: datetime) -> int:
    return int((t - EPOCH).total_seconds())


class CallMaker:
    """Draws calls between two people over a period, both directions, daytime-weighted."""

    def __init__(self, w: World, calls: Calls) -> None:
        self.w, self.calls, self.rng = w, calls, w.rng

    def _when(self, start: int, span_days: float) -> int:
        day = int(self.rng.random() * span_days)
        hour = min(23, max(6, int(self.rng.gauss(15, 4))))
        return start + day * 86400 + hour * 3600 + self.rng.randrange(3600)

    def talk(
        self, a: list[str], b: list[str], count: int, *, start: int = _SEASON0, days: float = SEASON_DAYS
    ) -> None:
        for _ in range(count):
            x, y = self.rng.choice(a), self.rng.choice(b)
            if self.rng.random() < 0.5:
                x, y = y, x
            missed = self.rng.random() < 0.12
            duration = 0 if missed else int(self.rng.lognormvariate(4.2, 0.9))
            self.calls.add(x, y, self._when(start, days), duration)

    def rate(
        self, a: list[str], b: list[str], per_day: float, *, start: int = _SEASON0, days: float = SEASON_DAYS
    ) -> None:
        count = int(self.w.np_rng.poisson(per_day * days))
        self.talk(a, b, count, start=start, days=days)


def organisation_calls(w: World, maker: CallMaker) -> None:
    """Staff talk to their organiser, a few colleagues, and in bursts before departures."""
    for org in w.orgs:
        bosses = w.organisers(org["id"])
        boss_phones = [p for b in bosses for p in b.phones]
        staff = [a for a in w.staff(org["id"]) if a.role != "organiser" and a.org == org["id"]]
        for a in staff:
            maker.rate(a.phones, boss_phones, ROLES[a.role][1])
            for peer in maker.rng.sample(staff, min(2, len(staff))):
                if peer is not a:
                    maker.rate(a.phones, peer.phones, 0.06)
        for b in bosses[1:]:
            maker.rate(bosses[0].phones, b.phones, 0.8)
        crews = [a for a in staff if a.role in ("captain", "driver", "safehouse")]
        for departure in w.departures[org["id"]]:
            start = seconds(departure) - 3 * 86400
            for crew in maker.rng.sample(crews, min(len(crews), 4)):
                maker.talk(boss_phones, crew.phones, maker.rng.randint(2, 5), start=start, days=3)


def broker_calls(w: World, maker: CallMaker) -> None:
    for broker in (a for a in w.actors.values() if a.role == "broker"):
        for org in broker.orgs:
            for boss in w.organisers(org):
                maker.rate(broker.phones, boss.phones, 0.3)
            staff = [a for a in w.staff(org) if a.org == org and a.role != "organiser"]
            for a in maker.rng.sample(staff, min(2, len(staff))):
                maker.rate(broker.phones, a.phones, 0.05)


def migrant_calls(w: World, maker: CallMaker) -> None:
    """Migrants call their recruiter before leaving, the organiser before the crossing and
    whoever drives each leg; relatives call the collector before paying."""
    for m in w.migrants:
        if not m.legs:
            continue
        first = seconds(m.legs[0].start)
        maker.talk(
            [m.phone],
            w.actors[m.recruiter].phones,
            maker.rng.randint(2, 6),
            start=first - 30 * 86400,
            days=29,
        )
        if maker.rng.random() < 0.3:
            boss = maker.rng.choice(w.organisers(m.org))
            maker.talk(
                [m.phone],
                boss.phones,
                maker.rng.randint(1, 3),
                start=seconds(m.departure) - 5 * 86400,
                days=5,
            )
        for leg in m.legs:
            if maker.rng.random() < 0.5:
                maker.talk(
                    [m.phone], w.actors[leg.facilitator].phones, 1, start=seconds(leg.start) - 86400, days=1
                )
        if m.relative:
            maker.talk(
                w.actors[m.relative].phones,
                w.actors[m.collector].phones,
                maker.rng.randint(1, 2),
                start=first - 25 * 86400,
                days=10,
            )


def background_calls(w: World, maker: CallMaker) -> None:
    """Each actor's ordinary life (family, shops), then unrelated traffic from a tower dump."""
    for ref, contacts in w.bg_contacts.items():
        for number in contacts:
            maker.talk(w.actors[ref].phones, [number], 1 + int(maker.rng.expovariate(0.3)))


def tower_dump(w: World, calls: Calls) -> dict[str, np.ndarray]:
    """Heavy-tailed calls between people outside the case (capped so that no stranger
    outranks an organiser just by being busy)."""
    rng, n = w.np_rng, len(w.background)
    pairs = SIZES[w.size]["bg_pairs"]
    weight = np.minimum(rng.pareto(1.6, n) + 1.0, 25.0)
    p = weight / weight.sum()
    a = rng.choice(n, size=int(pairs * 1.15), p=p)
    b = rng.choice(n, size=int(pairs * 1.15), p=p)
    keep = a != b
    uniq = np.unique(np.stack([np.minimum(a, b)[keep], np.maximum(a, b)[keep]], axis=1), axis=0)
    uniq = uniq[rng.permutation(len(uniq))[:pairs]]
    repeats = rng.geometric(0.55, len(uniq))
    src = np.repeat(uniq[:, 0], repeats)
    dst = np.repeat(uniq[:, 1], repeats)
    flip = rng.random(len(src)) < 0.5
    src, dst = np.where(flip, dst, src), np.where(flip, src, dst)
    base = np.array([calls.pid(p) for p in w.background], dtype=np.int64)
    ts = _SEASON0 + rng.integers(0, SEASON_DAYS * 86400, len(src))
    duration = np.where(rng.random(len(src)) < 0.1, 0, rng.lognormal(4.0, 0.9, len(src)).astype(np.int64))
    order = np.argsort(ts, kind="stable")
    return {
        "caller": base[src][order],
        "callee": base[dst][order],
        "ts": ts[order],
        "duration": duration[order],
    }


def all_calls(w: World) -> tuple[Calls, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(phone table, case calls sorted by time, tower-dump calls)."""
    calls = Calls([], {})
    maker = CallMaker(w, calls)
    organisation_calls(w, maker)
    broker_calls(w, maker)
    migrant_calls(w, maker)
    background_calls(w, maker)
    arrays = calls.arrays()
    order = np.argsort(arrays["ts"], kind="stable")
    arrays = {k: v[order] for k, v in arrays.items()}
    return calls, arrays, tower_dump(w, calls)


@dataclass
class Transfer:
    txn: str
    ts: datetime
    sender: str  # actor ref
    receiver: str
    amount: float
    currency: str
    channel: str
    agent: str


def transfers(w: World) -> list[Transfer]:
    """Relatives pay collectors ahead of the journey; collectors and the hawaladar broker
    settle with organisers every week or two."""
    rng, out = w.rng, []
    collected: dict[tuple[str, str], float] = {}
    for m in w.migrants:
        if not m.relative or not m.legs:
            continue
        rel = w.actors[m.relative]
        total_usd = sum(leg.price * USD_PER[leg.currency] for leg in m.legs)
        cur = DIASPORA_CURRENCY[rel.nationality]
        for part in (0.5, 0.5) if rng.random() < 0.4 else (1.0,):
            when = m.legs[0].start - timedelta(days=rng.randint(8, 28), minutes=rng.randrange(900))
            amount = round(total_usd * part / USD_PER[cur], -1)
            channel = "mobile_money" if m.org in ("ORG-2", "ORG-4") and rng.random() < 0.5 else "mto"
            if channel == "mobile_money":
                cur, amount = "XOF", round(total_usd * part / USD_PER["XOF"], -3)
            out.append(
                Transfer(
                    "",
                    when,
                    rel.ref,
                    m.collector,
                    amount,
                    cur,
                    channel,
                    f"AG-{rel.nationality}-{rng.randrange(100, 999)}",
                )
            )
            key = (m.collector, m.org)
            collected[key] = collected.get(key, 0.0) + total_usd * part
    for (collector, org), usd in collected.items():
        bosses = w.organisers(org)
        weeks = max(1, int(usd // 4000))
        for k in range(min(weeks, 26)):
            when = SEASON_START + timedelta(days=14 + k * 7 + rng.randint(0, 3), hours=rng.randint(8, 20))
            cur = "LYD" if org in ("ORG-1", "ORG-2") else "USD"
            out.append(
                Transfer(
                    "",
                    when,
                    collector,
                    rng.choice(bosses).ref,
                    round(usd / weeks / USD_PER[cur], -1),
                    cur,
                    "hawala",
                    f"HW-{org[-1]}{rng.randrange(10, 99)}",
                )
            )
    out.sort(key=lambda t: (t.ts, t.sender, t.receiver))
    for i, t in enumerate(out):
        t.txn = f"TX{w.seed % 97:02d}{i + 1:07d}"
    return out
