"""A seized phone as a Cellebrite UFED report: ``phones/EXH-006/report.xml`` in the layout
UFED Physical Analyzer writes (project header, extraction and device metadata with the SIM's
MSISDN and the IMEI, then ``decodedData`` with Contact, Call and SMS models).

The phone belongs to a safe-house keeper of ORG-2, a device no other scenario file covers;
its contacts are his address book and its calls and messages are exactly the planted calls of
his numbers (a few marked deleted, as a tool recovers them), so the ground truth holds.
"""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import numpy as np

from app.scenario.activity import EPOCH
from app.scenario.world import World
from app.scenario.writing import NumberStyle, entry

EXHIBIT = "EXH-006"
PA_VERSION = "7.60.0.85"
#: The device's clock: Libya, UTC+2 (the report writes local time with its offset).
OFFSET = timedelta(hours=2)


def write_ufed_phone(w: World, out: Path, phones: list[str], calls: dict[str, np.ndarray]) -> list[dict]:
    """Write the UFED report of one seized phone and return its manifest entry."""
    from app.scenario.sources import _contact_book, _own_log

    staff = [a for a in w.staff("ORG-2", "safehouse") if a.org == "ORG-2"]
    if not staff:
        return []
    actor = staff[0]
    rng = random.Random(f"{w.seed}-{EXHIBIT}")
    index = {p: i for i, p in enumerate(phones)}
    own = {index[p] for p in actor.phones if p in index}
    mine = np.isin(calls["caller"], list(own)) | np.isin(calls["callee"], list(own))
    log = _own_log({k: v[mine] for k, v in calls.items()}, own)
    phone_owner = {p: a.ref for a in w.actors.values() for p in a.phones}
    phone_owner.update({m.phone: m.ref for m in w.migrants})
    others = sorted({phones[o] for _a, o, _t, _d in log} - set(actor.phones))
    contacts = _contact_book(w, phone_owner, others, rng)
    style = NumberStyle(EXHIBIT, (3, 4, 0), (0, 1, 2))
    report = _Report(rng)
    report.header(actor.phones[0], actor.name.full, _imei(rng))
    report.open("Contact")
    for name, nums in contacts:
        report.contact(name, [style(n) for n in nums])
    report.close()
    names = {num: name for name, nums in contacts for num in nums}
    report.open("Call")
    for caller, other, t, duration in log:
        report.call(style(phones[other]), names.get(phones[other], ""), caller in own, int(t), int(duration))
    report.close()
    report.open("SMS")
    for caller, other, t, _d in log[1::4]:
        report.sms(style(phones[other]), caller in own, int(t) + 45, rng.choice(_TEXTS))
    report.close()
    path = f"phones/{EXHIBIT}/report.xml"
    (out / path).parent.mkdir(parents=True, exist_ok=True)
    (out / path).write_bytes(report.text().encode("utf-8"))
    return [entry(path, "extraction", "A2", actor.phones[0], EXHIBIT)]


_TEXTS = (
    "the car leaves from the garage at 5",
    "14 people in the house, food for two days",
    "send the Sudanese group tomorrow",
    "Abu Salem wants the money before the trip",
    "police checkpoint on the coast road",
    "ok",
    "call me",
)
_NS = "http://pa.cellebrite.com/report/2.0"


def _imei(rng: random.Random) -> str:
    body = "35" + "".join(str(rng.randrange(10)) for _ in range(12))
    total = 0
    for i, ch in enumerate(reversed(body)):  # Luhn check digit
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def _item(name: str, value: str, attrs: str = "") -> str:
    """A metadata ``item`` of the first extraction."""
    return (
        f'    <item {attrs + " " if attrs else ""}name="{name}" sourceExtraction="0">{_cdata(value)}</item>'
    )


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


class _Report:
    """Builds the report's text model by model (ids and source indexes are deterministic)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []
        self.index = 1000

    def _id(self) -> str:
        bits = self.rng.getrandbits
        return f"{bits(32):08x}-{bits(16):04x}-4{bits(12):03x}-a{bits(12):03x}-{bits(48):012x}"

    def header(self, msisdn: str, owner: str, imei: str) -> None:
        self.lines += [
            '<?xml version="1.0" encoding="utf-8"?>',
            f'<project id="{self._id()}" name="{EXHIBIT}" reportVersion="5.2.0.0" licenseID="0" '
            f'containsGarbage="False" extractionType="FileSystem" xmlns="{_NS}">',
            "  <sourceExtractions>",
            '    <extractionInfo id="0" name="File System" isCustomName="False" type="FileSystem" '
            'deviceName="SM-A125F" fullName="Samsung SM-A125F Galaxy A12" index="0" IsPartialData="False" />',
            "  </sourceExtractions>",
            '  <metadata section="Additional Fields">',
            f'    <item name="UFED_PA_Version">{_cdata(PA_VERSION)}</item>',
            "  </metadata>",
            '  <metadata section="Extraction Data">',
            _item("DeviceInfoSelectedManufacturer", "Samsung GSM"),
            _item("DeviceInfoSelectedDeviceName", "SM-A125F Galaxy A12"),
            _item("ProjectStateExtractionId", self._id()),
            "  </metadata>",
            '  <metadata section="Device Info">',
            _item("IMEI", imei, f'id="{self._id()}" group="Phone"'),
            _item("MSISDN", msisdn, f'id="{self._id()}" group="SIM"'),
            _item("DeviceInfoOwnerName", owner, f'id="{self._id()}" group="Phone"'),
            "  </metadata>",
            "  <decodedData>",
        ]

    def open(self, type_: str) -> None:
        self.lines.append(f'    <modelType type="{type_}">')

    def close(self) -> None:
        self.lines.append("    </modelType>")

    def _model(self, type_: str, deleted: bool = False, indent: str = "      ") -> None:
        self.index += 1
        state = "Deleted" if deleted else "Intact"
        self.lines.append(
            f'{indent}<model type="{type_}" id="{self._id()}" deleted_state="{state}" '
            f'decoding_confidence="High" isrelated="False" source_index="{self.index}" extractionId="0">'
        )

    def _field(self, name: str, value: str, type_: str = "String", indent: str = "        ") -> None:
        value_xml = f'<value type="{type_}">{_cdata(value)}</value>'
        self.lines.append(f'{indent}<field name="{name}" type="{type_}">{value_xml}</field>')

    def _time(self, seconds: int) -> None:
        local = EPOCH + timedelta(seconds=seconds) + OFFSET
        text = local.strftime("%Y-%m-%dT%H:%M:%S.000+02:00")
        value_xml = (
            f'<value type="TimeStamp" format="TimeStampKnown" '
            f'formattedTimestamp="{local:%Y-%m-%dT%H:%M:%S}+02:00">{text}</value>'
        )
        self.lines.append(f'        <field name="TimeStamp" type="TimeStamp">{value_xml}</field>')

    def _party(self, number: str, role: str, name: str = "") -> None:
        self.lines.append('        <multiModelField name="Parties" type="Party">')
        self._model("Party", indent="          ")
        self._field("Identifier", number, indent="            ")
        self._field("Role", role, "PartyRole", indent="            ")
        if name:
            self._field("Name", name, indent="            ")
        self._field("IsPhoneOwner", "False", "Boolean", indent="            ")
        self.lines += ["          </model>", "        </multiModelField>"]

    def contact(self, name: str, numbers: list[str]) -> None:
        self._model("Contact", deleted=self.rng.random() < 0.05)
        self._field("Source", "Phone")
        self._field("Name", name)
        self.lines.append('        <multiModelField name="Entries" type="ContactEntry">')
        for number in numbers:
            self._model("PhoneNumber", indent="          ")
            self._field("Category", "Mobile", indent="            ")
            self._field("Value", number, indent="            ")
            self._field("Domain", "Phone Number", indent="            ")
            self.lines.append("          </model>")
        self.lines += ["        </multiModelField>", "      </model>"]

    def call(self, number: str, name: str, outgoing: bool, seconds: int, duration: int) -> None:
        self._model("Call", deleted=self.rng.random() < 0.05)
        self._field("Source", "Phone")
        direction = "Outgoing" if outgoing else "Incoming"
        self._field("Direction", direction, "CallDirection")
        if not outgoing and duration == 0:
            self._field("Status", "Missed", "CallStatus")
        self._time(seconds)
        self._field("Duration", str(timedelta(seconds=duration)).rjust(8, "0"), "TimeSpan")
        self._party(number, "To" if outgoing else "From", name)
        self.lines.append("      </model>")

    def sms(self, number: str, outgoing: bool, seconds: int, body: str) -> None:
        self._model("SMS", deleted=self.rng.random() < 0.05)
        self._field("Source", "Native Messages")
        self._time(seconds)
        self._field("Folder", "Sent" if outgoing else "Inbox")
        self._field("Body", body)
        self._party(number, "To" if outgoing else "From")
        self.lines.append("      </model>")

    def text(self) -> str:
        return "\n".join([*self.lines, "  </decodedData>", "</project>", ""])
