"""Chat exports (WhatsApp text, Signal, Telegram JSON, Messenger JSON) imported as a user
would: detected by content, each message an event, groups with their members, bad input
quarantined or refused by name, the exhibit unchanged."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from app.graph.store import CaseStore
from app.importers.base import ImportFailed, ImportOptions
from app.importers.pipeline import detect_kind, import_file

DATA = Path(__file__).parent / "data"
REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "phones" / "extractions"
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="shared real data not present")


@pytest.fixture
def case(tmp_path):
    store = CaseStore.create(tmp_path / "case.ariadne", region="LY")
    yield store
    store.close()


def _events(case: CaseStore) -> list[dict]:
    rows = case.conn.execute(
        "SELECT ev.row, ev.ts, ev.attrs, s.label, d.label, d.type FROM events ev "
        "JOIN links l ON l.id = ev.link_id JOIN entities s ON s.id = l.src JOIN entities d ON d.id = l.dst "
        "ORDER BY ev.row"
    ).fetchall()
    return [
        {"row": r[0], "ts": r[1], **json.loads(r[2] or "{}"), "from": r[3], "to": r[4], "to_type": r[5]}
        for r in rows
    ]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@needs_real
def test_real_android_french_export_imports_with_media_and_attachment(case):
    path = REAL / "wa_android_fr_ddmmyyyy_24h.txt"
    before = _sha(path)
    assert detect_kind(path)[0] == "chat"
    result = import_file(case, path)
    events = _events(case)
    assert _sha(path) == before
    assert not result.quarantined
    assert [e["from"] for e in events] == [
        "Pierre Martin",
        "Sophie Dubois",
        "Pierre Martin",
        "Sophie Dubois",
        "Sophie Dubois",
    ]
    assert events[0]["ts"] == "2024-12-10T14:30:00" and events[0]["body"] == "Bonjour, comment vas-tu?"
    assert events[2]["media"] == "omitted" and events[2]["body"] == ""
    assert events[4]["media"] == ".jpg"
    assert all(e["app"] == "whatsapp" for e in events)
    # "Système: Sophie Dubois a créé le groupe" makes it a group, not a message
    assert {e["to_type"] for e in events} == {"group"}


@needs_real
def test_real_ios_group_export_reads_12_hour_clock_members_and_group_name(case):
    result = import_file(case, REAL / "wa_ios_group__chat.txt")
    events = _events(case)
    assert result.events == len(events) > 15
    assert events[0]["from"] == "Sarah" and events[0]["ts"] == "2024-12-05T08:10:23"
    assert any(e["ts"] == "2024-12-06T18:30:19" for e in events)  # 6:30:19 PM
    groups = case.conn.execute("SELECT label FROM entities WHERE type='group'").fetchall()
    assert len(groups) == 1
    members = case.conn.execute(
        "SELECT e.label FROM links l JOIN entities e ON e.id = l.src WHERE l.type='member_of'"
    ).fetchall()
    names = {m[0] for m in members}
    assert {"Sarah", "Mom", "Dad", "Jake", "the exporting phone"} <= names


def test_android_12h_two_digit_years_multiline_deleted_and_phone_senders(case):
    result = import_file(case, DATA / "wa_android_en_12h.txt", ImportOptions(region="LY"))
    events = _events(case)
    first = events[0]
    assert first["from"] == "Abu Omar" and first["ts"] == "2024-12-10T21:05:00"
    assert first["body"].endswith("Call 0912345678 if there is a problem.")  # three lines, one message
    assert events[1]["from"] == "+218915550101" and events[1]["media"] == "omitted"
    assert events[2]["ts"] == "2024-12-10T23:41:00"
    assert events[3]["deleted"] is True and events[3]["ts"] == "2024-12-13T00:15:00"
    group = case.conn.execute("SELECT label FROM entities WHERE type='group'").fetchone()[0]
    assert group == "Route Sud"
    assert not result.quarantined


def test_ios_spanish_export_with_localised_markers_and_direction_marks(case):
    result = import_file(case, DATA / "wa_ios_es_ampm.txt")
    events = _events(case)
    assert [e["from"] for e in events] == ["Hamid", "Yusuf Ali", "Hamid", "Yusuf Ali"]
    assert events[0]["ts"] == "2024-12-05T20:06:40"  # p. m. with a narrow no-break space
    assert events[2]["ts"] == "2024-12-06T09:15:00"
    assert events[3]["ts"] == "2024-12-06T00:01:30"  # 12:01 a. m. is just after midnight
    assert events[1]["media"].startswith("00000012-PHOTO") and events[3]["deleted"] is True
    assert any("day or month first" in n for n in result.notes)  # 5/12/24 could be either


def test_dotted_and_year_first_dates(case):
    import_file(case, DATA / "wa_android_de_dotted.txt")
    import_file(case, DATA / "wa_yearfirst.txt")
    stamps = {e["ts"] for e in _events(case)}
    assert {"2024-12-10T14:30:00", "2024-12-23T08:05:00", "2024-12-10T14:32:00"} <= stamps


def test_signal_markdown_export(case):
    assert detect_kind(DATA / "signal_chat.md")[0] == "chat"
    import_file(case, DATA / "signal_chat.md")
    events = _events(case)
    assert [e["app"] for e in events] == ["signal"] * 3
    assert events[0]["from"] == "Adam" and events[0]["to"] == "Bilal"


def test_owner_number_gives_direction(case, tmp_path):
    chat = tmp_path / "chat.txt"
    chat.write_text("01/02/2025, 10:00 - +218 91 234 5678: salut\n01/02/2025, 10:01 - Ali: ok\n", "utf-8")
    import_file(case, chat, ImportOptions(owner="+218912345678"))
    events = _events(case)
    assert [e["direction"] for e in events] == ["out", "in"]


@needs_real
def test_real_telegram_single_chat(case):
    import_file(case, REAL / "tg_chatminer_single_export.json")
    events = _events(case)
    assert [e["from"] for e in events] == ["Author 1", "Author 2"]
    assert events[0]["ts"] == "2018-12-05T10:39:10"
    assert events[1]["body"] == "Link:https://telegram.org/"
    assert {e["app"] for e in events} == {"telegram"}


def test_telegram_whole_account_owner_contacts_and_groups(case):
    before = _sha(DATA / "tg_account_result.json")
    result = import_file(case, DATA / "tg_account_result.json", ImportOptions(region="LY"))
    assert _sha(DATA / "tg_account_result.json") == before
    events = _events(case)
    assert len(events) == 4 and not result.quarantined
    mine = [e for e in events if e["from"] == "Nadir"]
    assert mine and all(e["direction"] == "out" for e in mine)
    assert case.conn.execute("SELECT COUNT(*) FROM entities WHERE type='group'").fetchone()[0] == 1
    accounts = {r[0] for r in case.conn.execute("SELECT value FROM identifiers WHERE kind='account'")}
    assert {"telegram:user5550001", "telegram:user5550002", "telegram:user5550003"} <= accounts
    saved = case.conn.execute("SELECT label FROM links WHERE type='in_contacts'").fetchall()
    assert ("Karim Chauffeur",) in saved
    attrs = json.loads(case.conn.execute("SELECT attrs FROM sources").fetchone()[0])
    assert attrs["app"] == "telegram" and attrs["account"].startswith("user")


def test_messenger_mojibake_repaired_newest_first_reversed(case):
    import_file(case, DATA / "messenger_message_1.json")
    events = _events(case)
    assert [e["from"] for e in events] == ["Hélène Dupré", "Rachid Benali", "Rachid Benali", "Hélène Dupré"]
    assert events[0]["deleted"] is True  # is_unsent
    assert events[1]["media"] == "1_n.jpg"
    assert events[3]["body"] == "Très bien, à demain à Tripoli"
    assert {e["app"] for e in events} == {"messenger"}
    # a thread of two is titled with the other person's name: the other sender is the owner
    assert [e["direction"] for e in events] == ["in", "out", "out", "in"]
    assert (
        json.loads(case.conn.execute("SELECT attrs FROM sources").fetchone()[0])["owner_name"]
        == "Rachid Benali"
    )


def test_truncated_json_is_refused_by_name_and_case_unchanged(case, tmp_path):
    whole = (DATA / "tg_account_result.json").read_text("utf-8")
    cut = tmp_path / "result.json"
    cut.write_text(whole[: len(whole) // 2], "utf-8")
    with pytest.raises(ImportFailed, match=r"result\.json: not complete JSON .*truncated"):
        import_file(case, cut)
    assert case.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 0


def test_empty_chat_is_refused(case, tmp_path):
    empty = tmp_path / "WhatsApp Chat with X.txt"
    empty.write_text("", "utf-8")
    with pytest.raises(ImportFailed, match="empty"):
        import_file(case, empty, ImportOptions(kind="chat"))


def test_lines_in_no_layout_are_quarantined_with_their_line(case, tmp_path):
    chat = tmp_path / "chat.txt"
    chat.write_text(
        "garbage at the top\n"
        "01/02/2025, 10:00 - Ali: salut\n"
        "31/02/2025, 10:01 - Ali: a date that does not exist\n"
        "01/02/2025, 10:02 - Ali: ok\n",
        "utf-8",
    )
    result = import_file(case, chat, ImportOptions(kind="chat"))
    rows = {q.row: q.reason for q in result.quarantined}
    assert rows[1] == "text before the first message"
    assert "unreadable date" in rows[3]
    assert [e["row"] for e in _events(case)] == [2, 4]


def test_group_is_not_a_hub(case, tmp_path):
    """Ten members writing to one group: the group is no actor, members get weak ties."""
    from app.graph.networks import actor_graph

    lines = [f"01/02/2025, 10:{i:02d} - Member {chr(65 + i)}: message {i}" for i in range(10)]
    chat = tmp_path / "group.txt"
    chat.write_text("\n".join(lines) + "\n", "utf-8")
    import_file(case, chat)
    g = actor_graph(case)
    group_id = case.conn.execute("SELECT id FROM entities WHERE type='group'").fetchone()[0]
    assert group_id not in g
    a = next(n for n, d in g.nodes(data=True) if d["label"] == "Member A")
    b = next(n for n, d in g.nodes(data=True) if d["label"] == "Member B")
    assert g.has_edge(a, b) and g[a][b]["types"] == "same_group"
    assert g[a][b]["weight"] < 1.0  # weaker than a single call


def test_import_preview_shows_messages_not_a_guessed_table():
    from app.importers.pipeline import preview

    frame = preview(DATA / "wa_ios_es_ampm.txt")
    assert list(frame.columns) == ["date", "sender", "text"]
    assert frame.iloc[0].tolist() == ["5/12/24 8:06:40 p. m.", "Hamid", "Hola, el passeur quiere €200 más"]
    assert preview(DATA / "messenger_message_1.json")["sender"].iloc[0] == "Hélène Dupré"


# --------------------------------------------------------------- the device owner in a chat of two


def _owner_source(case: CaseStore) -> dict:
    return json.loads(case.conn.execute("SELECT attrs FROM sources").fetchone()[0])


def test_android_export_named_for_the_other_person_ties_the_owner_to_the_owners_number(case, tmp_path):
    """WhatsApp names an export after the chat ("WhatsApp Chat with Karim.txt"); the other
    sender is the owner, whose messages are the owner number's, not a floating name."""
    chat = tmp_path / "WhatsApp Chat with Karim.txt"
    chat.write_text(
        "01/02/2025, 09:59 - Messages and calls are end-to-end encrypted. No one outside of this chat, "
        "not even WhatsApp, can read or listen to them. Tap to learn more.\n"
        "01/02/2025, 10:00 - Karim: the car is ready\n"
        "01/02/2025, 10:01 - Abu Omar: I sent 2,000 euros to Hajj Ali\n",
        "utf-8",
    )
    result = import_file(case, chat, ImportOptions(owner="+218912345678"))
    events = _events(case)
    assert [(e["from"], e["to"], e["direction"]) for e in events] == [
        ("Karim", "+218912345678", "in"),
        ("+218912345678", "Karim", "out"),
    ]
    assert not case.conn.execute("SELECT 1 FROM entities WHERE label = 'Abu Omar'").fetchall()
    aliases = case.conn.execute(
        "SELECT i.value FROM identifiers i JOIN entities e ON e.id = i.entity_id "
        "WHERE e.label = '+218912345678' AND i.kind = 'alias'"
    ).fetchall()
    assert ("Abu Omar",) in aliases
    attrs = _owner_source(case)
    assert attrs["owner_name"] == "Abu Omar" and "Karim" in attrs["owner_name_from"]
    assert any("Abu Omar" in n for n in result.notes)


def test_ios_export_first_line_names_the_chat_and_the_owner_is_one_person(case, tmp_path):
    """iOS writes its encryption notice in the chat's name: the other sender is the owner;
    without a number the owner is one person carrying the name, marked as the device owner."""
    folder = tmp_path / "export"
    folder.mkdir()
    chat = folder / "_chat.txt"
    chat.write_text(
        "[01/02/2025, 10:00:00] Karim: \u200eMessages and calls are end-to-end encrypted.\n"
        "[01/02/2025, 10:00:05] Abu Omar: where is the car?\n"
        "[01/02/2025, 10:01:00] Karim: at the garage\n",
        "utf-8",
    )
    import_file(case, chat)
    events = _events(case)
    assert [(e["from"], e["to"]) for e in events] == [("Abu Omar", "Karim"), ("Karim", "Abu Omar")]
    assert [e["direction"] for e in events] == ["out", "in"]
    owners = case.conn.execute("SELECT label, attrs FROM entities WHERE label = 'Abu Omar'").fetchall()
    assert len(owners) == 1 and json.loads(owners[0][1])["device_owner"] is True


def test_the_owners_own_deleted_message_names_the_owner_and_clues_that_disagree_decide_nothing(
    case, tmp_path
):
    chat = tmp_path / "chat.txt"
    chat.write_text(
        "01/02/2025 à 10:00 - Moussa: le camion part samedi\n"
        "01/02/2025 à 10:01 - Abdou: Vous avez supprimé ce message\n"
        "01/02/2025 à 10:02 - Abdou: j'ai envoyé 150 000 FCFA\n",
        "utf-8",
    )
    import_file(case, chat, ImportOptions(owner="+227 90 12 34 56", region="NE"))
    assert {(e["from"], e["direction"]) for e in _events(case)} == {("Moussa", "in"), ("+22790123456", "out")}
    # the chat is "with Abdou" by its name, yet Abdou deleted as the owner does: no owner is decided
    other = tmp_path / "Discussion WhatsApp avec Abdou.txt"
    other.write_bytes(chat.read_bytes().replace(b"10:0", b"11:0"))
    import_file(case, other, ImportOptions(owner="+227 90 12 34 56", region="NE"))
    assert "owner_name" not in json.loads(
        case.conn.execute("SELECT attrs FROM sources WHERE id = 2").fetchone()[0]
    )


def test_owner_given_as_a_name_on_import(case, tmp_path):
    chat = tmp_path / "chat.txt"
    chat.write_text("01/02/2025, 10:00 - Ali: salut\n01/02/2025, 10:01 - Omar: ok\n", "utf-8")
    import_file(case, chat, ImportOptions(owner="omar"))
    assert [e["direction"] for e in _events(case)] == ["in", "out"]


def test_telegram_personal_chat_is_named_after_the_other_person(case, tmp_path):
    export = tmp_path / "result.json"
    export.write_text(
        json.dumps(
            {
                "name": "Karim",
                "type": "personal_chat",
                "id": 5550002,
                "messages": [
                    {
                        "type": "message",
                        "date_unixtime": "1733300000",
                        "from": "Karim",
                        "from_id": "user5550002",
                        "text": "the car is ready",
                    },
                    {
                        "type": "message",
                        "date_unixtime": "1733300060",
                        "from": "Nadir",
                        "from_id": "user5550001",
                        "text": "I sent 500 euros",
                    },
                ],
            }
        ),
        "utf-8",
    )
    import_file(case, export, ImportOptions(owner="+218912345678"))
    assert [(e["from"], e["to"], e["direction"]) for e in _events(case)] == [
        ("Karim", "+218912345678", "in"),
        ("+218912345678", "Karim", "out"),
    ]
