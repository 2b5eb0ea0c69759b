"""A whole phone extraction: a folder or a zip (an Android ``/data/data`` tree, an iOS
``private/var/mobile`` tree, an iTunes/Finder backup with its ``Manifest.db``).

:func:`scan_extraction` walks it and sorts every file: a database or export some importer of
the registry reads (asked through ``registry.for_path``, so every importer's formats are found
inside extractions too), one that is recognised but refused (encrypted, Telegram's cache…),
one that is not recognised, and media, which are skipped by extension or by their first bytes
without being read whole.  Files inside a zip or a backup are copied to a temporary folder
under their real names (a database with its ``-wal``/``-shm``), so the readers open copies and
find companions (``wa.db`` beside ``msgstore.db``) as on the phone.

:func:`find_owner` reads whose phone it is where the material says so: the SIM's number
(``telephony.db``), WhatsApp's own account (Android shared preferences, the accounts
database; iOS preferences), the number ``sms.db`` messages were addressed to.
"""

from __future__ import annotations

import os
import plistlib
import re
import shutil
import sqlite3
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from app.importers.base import Importer, ImportFailed
from app.importers.phonedb import describe
from app.importers.phonedb_common import jid_phone, text
from app.importers.registry import Registry
from app.importers.sqlite_evidence import SQLITE_MAGIC, encrypted_kind, open_evidence, read_schema, schema_of
from app.progress import CancelToken, ProgressFn, check, report

#: extensions of photos, videos, voice notes, documents and app files: never databases
MEDIA_EXTENSIONS = frozenset(
    (
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".heic",
        ".heif",
        ".bmp",
        ".tif",
        ".tiff",
        ".mp4",
        ".m4v",
        ".mov",
        ".3gp",
        ".avi",
        ".mkv",
        ".webm",
        ".opus",
        ".ogg",
        ".oga",
        ".m4a",
        ".aac",
        ".amr",
        ".mp3",
        ".wav",
        ".caf",
        ".flac",
        ".pdf",
        ".apk",
        ".so",
        ".dex",
        ".odex",
        ".oat",
        ".vdex",
        ".jar",
        ".ttf",
        ".otf",
        ".thumb",
        ".thumbnail",
        ".exo",
        ".ico",
        ".svg",
        ".zip",
        ".gz",
        ".bz2",
        ".7z",
        ".rar",
        ".tar",
        ".bin",
        ".img",
        ".dat",
    )
)
#: first bytes of media files (an iTunes backup names its files by hash, without extension)
MEDIA_MAGIC = (
    b"\xff\xd8\xff",
    b"\x89PNG",
    b"GIF8",
    b"OggS",
    b"ID3",
    b"RIFF",
    b"%PDF",
    b"\x1aE\xdf\xa3",
    b"#!AMR",
    b"caff",
    b"bplist",
)
COMPANIONS = ("-wal", "-shm", "-journal")
#: text exports and reports worth asking the registry about (larger ones are reports too)
TEXT_EXTENSIONS = frozenset([".txt", ".csv", ".json", ".xml", ".vcf", ".xlsx", ".tsv", ".html", ".ufdr"])
MAX_TEXT = 512 * 1024 * 1024


@dataclass
class Found:
    """One file of the extraction worth a line in the report."""

    inner: str
    local: Path
    what: str
    importer: Importer | None = None
    skipped: str = ""


@dataclass
class ExtractionScan:
    root: str
    layout: str
    items: list[Found] = field(default_factory=list)
    #: files left out without a line each: media, other app files
    media: int = 0
    media_bytes: int = 0
    other: int = 0
    owner: str = ""
    owner_from: str = ""

    @property
    def readable(self) -> list[Found]:
        return [f for f in self.items if f.importer is not None and not f.skipped]


def is_extraction(path: str | Path, registry: Registry | None = None) -> bool:
    """A folder, or a zip that is neither an Office document (an XLSX is a zip too) nor a
    package some importer of ``registry`` reads as one file (a UFDR, say)."""
    p = Path(path)
    if p.is_dir():
        return True
    if not (p.is_file() and zipfile.is_zipfile(p)) or p.suffix.lower() in (".xlsx", ".docx", ".xlsm"):
        return False
    with zipfile.ZipFile(p) as z:
        if "[Content_Types].xml" in z.namelist():
            return False
    if registry is not None:
        try:
            _importer, confidence, _reason = registry.for_path(str(p))
        except (ImportFailed, OSError, ValueError):
            return True
        return confidence < 0.5
    return True


def _is_media(name: str, head: bytes) -> bool:
    if PurePosixPath(name.lower()).suffix in MEDIA_EXTENSIONS:
        return True
    return head.startswith(MEDIA_MAGIC) or head[4:8] == b"ftyp"


# ----------------------------------------------------------------- staging
def _safe(inner: str) -> PurePosixPath:
    parts = [p for p in PurePosixPath(inner.replace("\\", "/")).parts if p not in ("", ".", "..", "/")]
    return PurePosixPath(*parts) if parts else PurePosixPath("unnamed")


@dataclass
class Staged:
    """An extraction ready to walk: the folder, what it is, each staged file's path inside
    the extraction (local relative path -> inner path) and the media left out while staging."""

    folder: Path
    layout: str
    inner: dict[str, str] = field(default_factory=dict)
    media: int = 0
    media_bytes: int = 0

    def skip_media(self, size: int) -> None:
        self.media, self.media_bytes = self.media + 1, self.media_bytes + size


@contextmanager
def staged(path: str | Path, *, cancel: CancelToken | None = None) -> Iterator[Staged]:
    """The extraction ready to walk: a folder in place; a zip's and an iTunes backup's
    candidate files (not media) copied to a temporary folder under their real names, removed
    afterwards."""
    p = Path(path)
    if p.is_dir() and not _manifest(p):
        yield Staged(p, "folder")
        return
    tmp = Path(tempfile.mkdtemp(prefix="ariadne-extraction-"))
    try:
        if p.is_dir():
            yield _stage_backup(p, Staged(tmp, "iTunes/Finder backup"), cancel)
        else:
            yield _stage_zip(p, Staged(tmp, "zip"), cancel)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _stage_zip(path: Path, stage: Staged, cancel) -> Staged:
    tmp, inner = stage.folder, stage.inner
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            check(cancel)
            if info.is_dir():
                continue
            if _is_media(info.filename, b""):
                stage.skip_media(info.file_size)
                continue
            with z.open(info) as f:
                head = f.read(16)
            if _is_media(info.filename, head):
                stage.skip_media(info.file_size)
                continue
            target = tmp / _safe(info.filename)
            target.parent.mkdir(parents=True, exist_ok=True)
            with z.open(info) as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            inner[target.relative_to(tmp).as_posix()] = info.filename
    return stage


def _manifest(folder: Path) -> Path | None:
    """The ``Manifest.db`` of an iTunes/Finder backup (recognised by its ``Files`` table)."""
    for candidate in folder.iterdir() if folder.is_dir() else ():
        if candidate.is_file() and candidate.suffix.lower() == ".db":
            schema = schema_of(candidate)
            if schema and schema.has("files", "fileid", "domain", "relativepath"):
                return candidate
    return None


def backup_encrypted(folder: Path) -> bool:
    plist = folder / "Manifest.plist"
    if not plist.is_file():
        return False
    try:
        with plist.open("rb") as f:
            return bool(plistlib.load(f).get("IsEncrypted"))
    except (plistlib.InvalidFileException, ValueError, OSError):
        return False


def _stage_backup(folder: Path, stage: Staged, cancel) -> Staged:
    if backup_encrypted(folder):
        raise ImportFailed(
            f"{folder.name}: an encrypted iTunes/Finder backup (IsEncrypted in Manifest.plist): its files "
            "cannot be read without the backup password; decrypt it (a forensic tool or the backup "
            "password) and import the decrypted copy"
        )
    manifest = _manifest(folder)
    assert manifest is not None
    with open_evidence(manifest) as conn:
        flags = "flags" if read_schema(conn).has("files", "flags") else "1"
        entries = conn.execute(f"SELECT fileID, domain, relativePath FROM Files WHERE {flags} = 1").fetchall()
    tmp, inner = stage.folder, stage.inner
    for file_id, domain, relative in entries:
        check(cancel)
        name = f"{text(domain)}/{text(relative)}"
        source = folder / text(file_id)[:2] / text(file_id)
        if not source.is_file():
            source = folder / text(file_id)
        if not source.is_file():
            continue
        if _is_media(name, b""):
            stage.skip_media(source.stat().st_size)
            continue
        with source.open("rb") as f:
            head = f.read(16)
        if _is_media(name, head):
            stage.skip_media(source.stat().st_size)
            continue
        target = tmp / _safe(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        inner[target.relative_to(tmp).as_posix()] = name
    return stage


# -------------------------------------------------------------------- scan
def scan_extraction(
    path: str | Path,
    stage: Staged,
    registry: Registry,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> ExtractionScan:
    """Sort every file of the (staged) extraction; see the module docstring."""
    folder, inner = stage.folder, stage.inner
    scan = ExtractionScan(str(path), stage.layout, media=stage.media, media_bytes=stage.media_bytes)
    known = {e for i in registry.importers for e in i.extensions}
    files = sorted(Path(d) / n for d, _dirs, names in os.walk(folder) for n in names)
    for k, local in enumerate(files):
        if k % 200 == 0:
            check(cancel)
            report(progress, k / max(len(files), 1), f"looking through {len(files):,} files")
        rel = local.relative_to(folder).as_posix()
        name = inner.get(rel, rel)
        if local.name.endswith(COMPANIONS) or local.is_symlink():
            continue
        try:
            size = local.stat().st_size
            if _is_media(name, b""):
                scan.media, scan.media_bytes = scan.media + 1, scan.media_bytes + size
                continue
            with local.open("rb") as f:
                head = f.read(16)
        except OSError as exc:
            scan.items.append(Found(name, local, "unreadable file", skipped=str(exc)))
            continue
        if head == SQLITE_MAGIC:
            scan.items.append(_database(name, local, registry))
        elif _is_media(name, head):
            scan.media, scan.media_bytes = scan.media + 1, scan.media_bytes + size
        elif (kind := encrypted_kind(local)) is not None and (
            "crypt" in local.name.lower() or local.suffix.lower() in (".db", ".sqlite")
        ):
            scan.items.append(Found(name, local, kind, skipped="encrypted: a decrypted copy is needed"))
        elif (
            local.suffix.lower() in known and local.suffix.lower() in TEXT_EXTENSIONS and 0 < size <= MAX_TEXT
        ):
            scan.items.append(_other(name, local, registry))
        else:
            scan.other += 1
    scan.items = [f for f in scan.items if f.importer is not None or f.skipped]
    return scan


def _database(name: str, local: Path, registry: Registry) -> Found:
    layout, what = describe(local)
    if layout is None:
        return Found(name, local, what, skipped="not a database Ariadne reads")
    if layout.read is None:
        return Found(name, local, layout.name, skipped=layout.refusal)
    try:
        importer, confidence, _reason = registry.for_path(str(local))
    except ImportFailed as exc:
        return Found(name, local, layout.name, skipped=str(exc))
    return Found(name, local, layout.name, importer=importer)


def _other(name: str, local: Path, registry: Registry) -> Found:
    """A text export or report: imported when an importer is sure of it."""
    try:
        importer, confidence, reason = registry.for_path(str(local))
    except (ImportFailed, ValueError, OSError, UnicodeError):
        return Found(name, local, "", skipped="")
    if confidence < 0.6:
        return Found(name, local, "", skipped="")
    return Found(name, local, f"{importer.kind} ({reason})", importer=importer)


# ------------------------------------------------------------------- owner
_PREF = re.compile(r'<string name="([^"]+)">([^<]*)</string>')


def find_owner(scan: ExtractionScan, folder: Path) -> tuple[str, str]:
    """(number, where it was found) for the phone's owner, or ("", "")."""
    databases = [f.local for f in scan.items if f.local.is_file() and _sqlite(f.local)]
    for finder in (_sim_number, _accounts_db, _sms_db_owner):
        number, where = finder(databases)
        if number:
            return number, where
    for in_folder in (_whatsapp_prefs, _ios_prefs):
        number, where = in_folder(folder)
        if number:
            return number, where
    return "", ""


def _sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _query_first(path: Path, sql: str) -> str:
    try:
        with open_evidence(path) as conn:
            for (value,) in conn.execute(sql):
                if text(value):
                    return text(value)
    except (ImportFailed, sqlite3.DatabaseError):
        return ""
    return ""


def _sim_number(databases: list[Path]) -> tuple[str, str]:
    for p in databases:
        schema = schema_of(p)
        if schema and schema.has("siminfo", "number", "icc_id"):
            number = _query_first(p, "SELECT number FROM siminfo WHERE number IS NOT NULL AND number != ''")
            if number:
                return number, f"the SIM card's number ({p.name}, siminfo)"
    return "", ""


def _accounts_db(databases: list[Path]) -> tuple[str, str]:
    for p in databases:
        schema = schema_of(p)
        if schema and schema.has("accounts", "name", "type"):
            number = _query_first(
                p, "SELECT name FROM accounts WHERE type IN ('com.whatsapp', 'com.whatsapp.w4b')"
            )
            if number:
                return number, f"WhatsApp's account registered on the phone ({p.name}, accounts)"
    return "", ""


def _whatsapp_prefs(folder: Path) -> tuple[str, str]:
    for d, _dirs, names in os.walk(folder):
        if not d.endswith("shared_prefs"):
            continue
        for n in names:
            p = Path(d) / n
            if not n.endswith(".xml") or p.stat().st_size > 2_000_000:
                continue
            values = dict(_PREF.findall(p.read_text("utf-8", "replace")))
            jid = values.get("registration_jid") or values.get("self_jid") or ""
            if jid_phone(jid):
                return jid_phone(jid) or "", f"WhatsApp's own account ({n}, registration_jid)"
            cc = values.get("cc") or values.get("com.whatsapp.registration.RegisterPhone.country_code")
            ph = values.get("ph") or values.get("com.whatsapp.registration.RegisterPhone.phone_number")
            if cc and ph and (cc + ph).isdigit():
                return f"+{cc}{ph}", f"WhatsApp's own account ({n}, cc and ph)"
    return "", ""


_IOS_KEYS = ("ReportedPhoneNumber", "PhoneNumber", "OwnJabberID", "LastOwnJID")


def _ios_prefs(folder: Path) -> tuple[str, str]:
    for d, _dirs, names in os.walk(folder):
        for n in names:
            p = Path(d) / n
            if not n.endswith(".plist") or p.stat().st_size > 5_000_000:
                continue
            try:
                with p.open("rb") as f:
                    data = plistlib.load(f)
            except Exception:  # noqa: BLE001 - any unreadable plist is just not the one
                continue
            if not isinstance(data, dict):
                continue
            for key in _IOS_KEYS:
                value = text(data.get(key))
                number = jid_phone(value) or (value if value.lstrip("+").replace(" ", "").isdigit() else "")
                if number:
                    return number, f"{n} ({key})"
    return "", ""


def _sms_db_owner(databases: list[Path]) -> tuple[str, str]:
    from app.importers.phonedb_ios import is_sms_db, sms_owner

    for p in databases:
        schema = schema_of(p)
        if schema and is_sms_db(schema):
            try:
                with open_evidence(p) as conn:
                    number = sms_owner(conn, read_schema(conn))
            except ImportFailed:
                continue
            if number:
                return number, f"the number messages were addressed to ({p.name})"
    return "", ""


def summary_counts(scan: ExtractionScan) -> Counter:
    return Counter("readable" if f.importer and not f.skipped else "skipped" for f in scan.items)
