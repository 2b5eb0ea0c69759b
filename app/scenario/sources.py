"""The scenario's source files: which material comes from where, in which shape.

Each ``write_*`` function writes one family of files under the output folder and returns
manifest entries (:func:`app.scenario.writing.entry`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import numpy as np

from app.scenario.activity import EPOCH, Transfer
from app.scenario.files import (
    append_raw_lines,
    vcard,
    write_android_contacts,
    write_csv,
    write_xlsx,
)
from app.scenario.phonedbs import write_phone_databases
from app.scenario.ufed import write_ufed_phone
from app.scenario.world import Actor, World
from app.scenario.writing import NumberStyle, entry, sim_in_use

# ---------------------------------------------------------------- carrier records


def _file_of_call(w: World) -> dict[str, str]:
    """Which carrier file records a phone's calls: its organisation's, brokers' home one."""
    owner: dict[str, str] = {}
    for a in w.actors.values():
        phones = w.tactics.owner_sims(a.phones) if w.tactics else a.phones
        if a.role == "broker":
            for p in phones:
                owner.setdefault(p, "B:" + a.orgs[0])
        elif a.org:
            for p in phones:
                owner[p] = a.org
    return owner


CDR_FILES = {
    "ORG-1": (
        "carrier/cdr_libyana_tripoli_2026.csv",
        ["caller", "callee", "start", "duration", "cell_id", "imei"],
        ",",
        "utf-8",
        "iso",
    ),
    "ORG-2": (
        "carrier/cdr_niamey_2026.csv",
        ["appelant", "appelé", "début", "durée", "cellule"],
        ";",
        "utf-8-sig",
        "dmy",
    ),
    "ORG-3": (
        "carrier/cdr_izmir_2026.txt",
        ["a_number", "b_number", "date_time", "duration_s"],
        "\t",
        "utf-16",
        "iso_min",
    ),
    "ORG-4": (
        "carrier/cdr_nouadhibou_2026.csv",
        ["Appelant", "Appelé", "Début", "Durée"],
        ";",
        "cp1252",
        "dmy",
    ),
}


def _stamp(ts: np.ndarray, style: str) -> list[str]:
    dt = (ts * 1_000_000).astype("datetime64[us]").astype("datetime64[s]")
    iso = np.datetime_as_string(dt, unit="s")
    if style == "iso":
        return [s.replace("T", " ") for s in iso]
    if style == "iso_min":
        return [s[:16].replace("T", " ") for s in iso]
    return [f"{s[8:10]}/{s[5:7]}/{s[:4]} {s[11:19]}" for s in iso]


def write_cdrs(
    w: World,
    out: Path,
    phones: list[str],
    calls: dict[str, np.ndarray],
    tower: dict[str, np.ndarray],
    dumps: Sequence[dict[str, np.ndarray]] = (),
) -> list[dict]:
    owner = _file_of_call(w)
    org_of = np.array([owner.get(p, "") for p in phones], dtype=object)
    a_org, b_org = org_of[calls["caller"]], org_of[calls["callee"]]
    target = np.where(
        [o != "" and not o.startswith("B:") for o in a_org],
        a_org,
        np.where(
            [o != "" and not o.startswith("B:") for o in b_org], b_org, np.where(a_org != "", a_org, b_org)
        ),
    )
    target = np.array([t[2:] if t.startswith("B:") else t for t in target], dtype=object)
    entries = []
    rng = random.Random(w.seed * 31 + 1)
    for org, (path, header, delim, enc, date_style) in CDR_FILES.items():
        sel = target == org
        style = NumberStyle(
            path, (4, 2, 0, 1) if org == "ORG-1" else (0, 1, 2), (2, 0) if org == "ORG-1" else (0, 1, 2, 3)
        )
        handset = None
        if w.tactics and "imei" not in header:
            header = [*header, "imei" if org != "ORG-2" else "imei_a"]
        if w.tactics:
            handset = _imei_writer(w.tactics, phones, org)
        rows = _cdr_rows(
            phones, {k: v[sel] for k, v in calls.items()}, style, date_style, len(header), rng, handset
        )
        if w.tactics:  # the called party's handset too, as the carrier recorded it
            header = [*header, "imei_b" if org != "ORG-2" else "imei_appele"]
            rows = _with_callee_handset(rows, {k: v[sel] for k, v in calls.items()}, handset)
        write_csv(out / path, header, rows, delimiter=delim, encoding=enc)
        if org == "ORG-1":  # a damaged export: unreadable time, missing callee, a cut line
            append_raw_lines(
                out / path,
                [
                    "+218913000001,+218913000002,##/##/#### 25:61,33,,",
                    "+218913000003,,2026-04-02 10:00:00,12,,",
                    "+21891300",
                ],
                encoding=enc,
            )
        entries.append(entry(path, "calls", "B2"))
    header = ["calling_number", "called_number", "timestamp", "seconds"]
    style = NumberStyle("tower", (0, 2), (0, 2))
    path = "carrier/tower_dump_zuwara_2026.csv"
    write_csv(out / path, header, _cdr_rows(phones, tower, style, "iso", 4, rng))
    entries.append(entry(path, "calls", "C3"))
    for (cell, path, _, _), dump in zip(w.tactics.dumps if w.tactics else [], dumps, strict=True):
        header = ["calling_number", "called_number", "timestamp", "seconds", "cell_id"]
        rows = ([*row[:4], cell] for row in _cdr_rows(phones, dump, style, "iso", 4, rng))
        write_csv(out / path, header, rows)
        entries.append(entry(path, "towerdump", "C3"))
    return entries


def _with_callee_handset(rows, calls: dict[str, np.ndarray], handset):
    """Each row with the called party's IMEI appended (rows numbered from 1 apart from the
    caller's, so a mistyped one falls on other rows)."""
    callees, times = calls["callee"].tolist(), calls["ts"].tolist()
    for i, row in enumerate(rows):
        yield [*row, handset(callees[i], times[i], i + 2500)]


def _imei_writer(t, phones: list[str], org: str):
    """(caller index, time, row number) -> the IMEI the carrier wrote for the caller's handset:
    15 digits, the 16-digit IMEISV (Niamey) or dashed (Izmir); every 5,000th row mistyped."""
    style = {"ORG-2": "sv", "ORG-3": "dashed"}.get(org, "plain")
    from app.scenario.tactics import imei_written, malformed

    def write(a: int, ts: int, i: int) -> str:
        imei = t.handset_of(phones[a], ts)
        if not imei:
            return ""
        if i % 5000 == 4999:
            return malformed(imei)
        return imei_written(imei, style, a)

    return write


def _cdr_rows(phones, calls, style, date_style, width, rng, handset=None):
    stamps = _stamp(calls["ts"], date_style)
    written = [style(p) for p in phones]
    times = calls["ts"].tolist() if handset else None
    for i, (a, b, d) in enumerate(
        zip(calls["caller"].tolist(), calls["callee"].tolist(), calls["duration"].tolist(), strict=True)
    ):
        row = [written[a], written[b], stamps[i], d]
        if width >= 5 and (handset is None or width >= 6):
            row.append(f"LY-{(a * 7 + b) % 997:03d}")
        if width >= 6 or handset:
            row.append(handset(a, times[i], i) if handset else "")
        yield row


# ---------------------------------------------------------------- seized phones


def _saved_name(
    w: World, phone_owner: dict[str, str], e164: str, rng: random.Random, in_arabic: bool = False
) -> str:
    ref = phone_owner.get(e164)
    if in_arabic and ref and not ref.startswith("M") and w.actors[ref].name.tradition == "arabic":
        from app.scenario.tactics import arabic_name

        return arabic_name(w.tactics, w.actors[ref])
    if ref is None:
        return rng.choice(
            [
                "Mama",
                "Taxi Ali",
                "Khalo",
                "Garage",
                "Ahmed shop",
                "Dr Omar",
                "Hajj",
                "Cousin",
                e164[-4:],
                "Brother",
            ]
        )
    if ref.startswith("M"):
        m = next(m for m in w.migrants if m.ref == ref)
        return rng.choice([f"{m.nationality} {ref[-3:]}", f"Passenger {ref[-3:]}", f"Client {m.nationality}"])
    return w.actors[ref].name.contact_form(rng)


def seized_phones(w: World) -> list[tuple[str, Actor, str]]:
    """(exhibit, owner actor, format) for the devices seized at arrests."""
    plan = [
        ("EXH-001", "ORG-3", "recruiter", "vcard3+sms+log"),
        ("EXH-002", "ORG-1", "driver", "android"),
        ("EXH-003", "ORG-4", "captain", "vcard21"),
        ("EXH-004", "ORG-1", "collector", "vcard40"),
        ("EXH-005", "ORG-2", "collector", "xlsx"),
    ]
    out = []
    for exhibit, org, role, fmt in plan:
        staff = [a for a in w.staff(org, role) if a.org == org]
        out.append((exhibit, staff[0], fmt))
    return out


def write_seized(w: World, out: Path, phones: list[str], calls: dict[str, np.ndarray]) -> list[dict]:
    phone_owner = {
        p: a.ref
        for a in w.actors.values()
        for p in (w.tactics.owner_sims(a.phones) if w.tactics else a.phones)
    }
    phone_owner.update({m.phone: m.ref for m in w.migrants})
    index = {p: i for i, p in enumerate(phones)}
    entries = []
    for exhibit, actor, fmt in seized_phones(w):
        rng = random.Random(f"{w.seed}-{exhibit}")
        own = {index[p] for p in actor.phones if p in index}
        mine = np.isin(calls["caller"], list(own)) | np.isin(calls["callee"], list(own))
        log = {k: v[mine] for k, v in calls.items()}
        others = sorted(
            {phones[i] for i in np.concatenate([log["caller"], log["callee"]]).tolist()} - set(actor.phones)
        )
        contacts = _contact_book(w, phone_owner, others, rng, exhibit == "EXH-002" and w.tactics)
        owner = actor.phones[0]
        style = NumberStyle(exhibit, (3, 4, 0), (0, 1, 2))
        base = f"phones/{exhibit}"
        if fmt == "android":
            path = f"{base}/contacts2.db"
            names = {num: name for name, nums in contacts for num in nums}
            entries_calls = [
                (style(phones[other]), ts * 1000, d, _android_type(own, a, d), names.get(phones[other], ""))
                for a, other, ts, d in _own_log(log, own)
            ]
            write_android_contacts(
                out / path, [(n, [style(x) for x in nums]) for n, nums in contacts], entries_calls, "ly"
            )
            entries.append(entry(path, "contacts", "A2", owner, exhibit))
            continue
        if fmt.startswith("vcard"):
            version = {"vcard3+sms+log": "3.0", "vcard21": "2.1", "vcard40": "4.0"}[fmt]
            path = f"{base}_contacts.vcf"
            cards = [
                vcard(version, name, [("cell" if k == 0 else "home", style(n)) for k, n in enumerate(nums)])
                for name, nums in contacts
            ]
            cards.append(vcard(version, "Voicemail", []))  # a card with no number at all
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_bytes("".join(cards).encode("utf-8"))
            entries.append(entry(path, "contacts", "A2", owner, exhibit))
        if fmt == "xlsx":
            path = f"{base}_contacts.xlsx"
            rows = [
                [name, style(nums[0]), style(nums[1]) if len(nums) > 1 else "", ""] for name, nums in contacts
            ]
            write_xlsx(out / path, {"Contacts": (["Nom", "Téléphone 1", "Téléphone 2", "Note"], rows)})
            entries.append(entry(path, "contacts", "A2", owner, exhibit))
        if fmt == "vcard3+sms+log":
            entries += _write_log_and_sms(
                w, out, base, owner, own, phones, log, contacts, style, exhibit, rng
            )
    entries += write_phone_databases(w, out, phones, calls, seized_phones(w))
    entries += write_ufed_phone(w, out, phones, calls)  # EXH-006, a UFED report (app.scenario.ufed)
    return entries


def _own_log(log: dict[str, np.ndarray], own: set[int]) -> list[tuple[int, int, int, int]]:
    """(caller, other party, time, duration) for each call in a device's log."""
    return [
        (a, b if a in own else a, t, d)
        for a, b, t, d in zip(
            log["caller"].tolist(),
            log["callee"].tolist(),
            log["ts"].tolist(),
            log["duration"].tolist(),
            strict=True,
        )
    ]


def _android_type(own: set[int], caller: int, duration: int) -> int:
    if caller in own:
        return 2
    return 3 if duration == 0 else 1


def _contact_book(w, phone_owner, numbers, rng, in_arabic=False) -> list[tuple[str, list[str]]]:
    """The owner's address book: one card per person, with all their numbers he knows (with
    tactics, each change of SIM is a new card: the owner is told new numbers, not that they
    replace the old ones)."""
    by_person: dict[str, list[str]] = {}
    sims = w.tactics.sims.values() if w.tactics else []
    rotated = {sim: k for periods in sims for k, (sim, _) in enumerate(periods)}
    for num in numbers:
        key = phone_owner.get(num, num)
        if num in rotated:  # one card per change of SIM, with the person's numbers of the time
            key = f"{key}#{rotated[num]}"
        if key.startswith("R") and rng.random() < 0.7:
            continue  # relatives who called once are rarely saved
        by_person.setdefault(key, []).append(num)
    book = []
    for key, nums in by_person.items():
        if key.startswith("+") and rng.random() < 0.6:
            continue  # most strangers are not saved either
        book.append((_saved_name(w, phone_owner, nums[0], rng, bool(in_arabic)), nums))
    return book


def _write_log_and_sms(w, out, base, owner, own, phones, log, contacts, style, exhibit, rng):
    names = {num: name for name, nums in contacts for num in nums}
    rows = []
    for a, o, t, d in _own_log(log, own):
        other = phones[o]
        direction = "outgoing" if a in own else ("missed" if d == 0 else "incoming")
        stamp = (EPOCH + timedelta(seconds=t)).strftime("%d/%m/%Y %H:%M")
        rows.append([style(other), names.get(other, ""), stamp, d, direction])
    path = f"{base}_calllog.txt"
    write_csv(
        out / path,
        ["number", "name", "date", "duration", "direction"],
        rows,
        delimiter="\t",
        encoding="utf-16",
    )
    entries = [entry(path, "calls", "A2", owner, exhibit)]
    texts = [
        "tomorrow 6 in the morning at the bus station, bring the money",
        "send 1.200 EUR to the usual account",
        "the boat leaves friday, tell nobody",
        "where are you? call me",
        "ok",
        "the police was at the house, change number",
        "yarın sabah Izmir otogar",
        "passengers ready: 14",
        "call Abu {name} now",
    ]
    sms = []
    for a, o, t, _ in _own_log(log, own)[::3]:
        other = phones[o]
        body = rng.choice(texts).format(name=rng.choice(["Salem", "Khaled", "Omar"]))
        sender, receiver = (owner, other) if a in own else (other, owner)
        sms.append([style(sender), style(receiver), (EPOCH + timedelta(seconds=t + 30)).isoformat(), body])
    path = f"{base}_sms.csv"
    write_csv(out / path, ["from", "to", "timestamp", "body"], sms)
    entries.append(entry(path, "messages", "A2", owner, exhibit))
    return entries


# ---------------------------------------------------------------- money


def _payee(w: World, a: Actor, rng: random.Random) -> str:
    """The receiver as the clerk wrote him: an organiser mostly by his epithet, with tactics."""
    if w.tactics and a.ref in w.tactics.nicknames and w.tactics.rng.random() < 0.7:
        return w.tactics.nicknames[a.ref].upper()
    return a.name.transfer_form(rng)


def write_transfers(w: World, out: Path, txs: list[Transfer]) -> list[dict]:
    rng = random.Random(w.seed * 7 + 3)
    mto, hawala, mobile = [], [], []
    style = NumberStyle("mto", (0, 1), (0, 1, 2))
    for t in txs:
        s, r = w.actors[t.sender], w.actors[t.receiver]
        if t.channel == "mto":
            amount = f"{t.amount:,.2f}"
            if rng.random() < 0.1:
                amount = {"GBP": "£", "EUR": "€", "SEK": "kr "}.get(t.currency, "") + amount
            mto.append(
                [
                    t.txn,
                    t.ts.strftime("%Y-%m-%d %H:%M"),
                    s.name.transfer_form(rng),
                    style(s.phones[0]),
                    s.nationality,
                    "",
                    _payee(w, r, rng),
                    style(sim_in_use(w, r.phones[0], t.ts)),
                    r.nationality,
                    r.place,
                    amount,
                    t.currency,
                    "mto",
                    t.agent,
                ]
            )
        elif t.channel == "mobile_money":
            acct = s.accounts[0] if s.accounts else ""
            mobile.append(
                [
                    t.txn,
                    t.ts.strftime("%d/%m/%Y %H:%M"),
                    s.name.transfer_form(rng),
                    acct,
                    style(s.phones[0]),
                    r.name.transfer_form(rng),
                    style(r.phones[-1]),
                    f"{int(t.amount):,}".replace(",", " "),
                    t.currency,
                ]
            )
        else:
            amount = f"{t.amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
            hawala.append(
                [
                    t.txn,
                    t.ts.strftime("%d/%m/%Y"),
                    s.name.transfer_form(rng),
                    _payee(w, r, rng),
                    r.accounts[0] if r.accounts else "",
                    amount,
                    t.currency,
                    "hawala",
                    t.agent,
                ]
            )
    mto.insert(
        len(mto) // 2,
        [
            "TXBAD0001",
            "2026-05-01 10:00",
            "UNKNOWN",
            "",
            "GB",
            "",
            "ABU SALEM",
            "",
            "LY",
            "Tripoli",
            "N/A",
            "USD",
            "mto",
            "WL-9",
        ],
    )
    entries = []
    path = "transfers/westlink_mto_2026.csv"
    write_csv(
        out / path,
        [
            "transaction_id",
            "timestamp",
            "sender_name",
            "sender_phone",
            "sender_country",
            "sender_city",
            "receiver_name",
            "receiver_phone",
            "receiver_country",
            "receiver_city",
            "amount",
            "currency",
            "channel",
            "agent",
        ],
        mto,
    )
    entries.append(entry(path, "transfers", "B2"))
    dup = "transfers/westlink_mto_2026 (1).csv"
    (out / dup).write_bytes((out / path).read_bytes())
    entries.append({**entry(dup, "transfers", "B2"), "duplicate_of": path})
    path = "transfers/mobile_money_niamey.csv"
    write_csv(
        out / path,
        [
            "reference",
            "date",
            "expediteur",
            "compte_expediteur",
            "telephone_expediteur",
            "beneficiaire",
            "telephone_beneficiaire",
            "montant",
            "devise",
        ],
        mobile,
        delimiter=";",
        encoding="cp1252",
    )
    entries.append(entry(path, "transfers", "C3"))
    path = "transfers/hawala_ledger_tripoli.xlsx"
    write_xlsx(
        out / path,
        {
            "Registre": (
                [
                    "Référence",
                    "Date",
                    "Expéditeur",
                    "Bénéficiaire",
                    "Compte bénéficiaire",
                    "Montant",
                    "Devise",
                    "Canal",
                    "Agent",
                ],
                hawala,
            )
        },
    )
    entries.append(entry(path, "transfers", "C3"))
    return entries
