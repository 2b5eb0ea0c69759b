"""Debriefing notes written as free text (``interviews``): ``.txt``, ``.md``, Word ``.docx`` and
PDFs that hold text.

The notes are one interview: the interviewee is one person (a migrant, as the other interview
forms make them), and every paragraph is read for the people, numbers, amounts, places and dates
it names.  Those become extracted facts with the paragraph as their evidence, pending review;
nothing else is inferred from prose.  A ``.docx`` is read from its ``word/document.xml`` with
defusedxml; a PDF through pypdf (a scanned PDF, with no text layer, is refused by name).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from app.extraction import Extractor
from app.importers.base import EntityRecord, ImportFailed, ParseContext, Records
from app.importers.chat_text import sniff_lines
from app.progress import check, report

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_BYTES = 64 * 1024**2


def paragraphs_of(path: Path) -> list[str]:
    """The file's paragraphs as text, in order (empty ones left out)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx(path)
    if suffix == ".pdf":
        return _pdf(path)
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    if "\ufffd" in text:
        text = path.read_bytes().decode("cp1252", errors="replace")
    return [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]


def _docx(path: Path) -> list[str]:
    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ImportFailed(f"{path.name}: not a readable Word document ({exc})") from None
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise ImportFailed(f"{path.name}: its word/document.xml is damaged ({exc})") from None
    out = []
    for p in root.iter(f"{_W}p"):
        parts = []
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag in (f"{_W}tab",):
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        text = "".join(parts).strip()
        if text:
            out.append(text)
    return out


def _pdf(path: Path) -> list[str]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise ImportFailed(f"{path.name}: reading PDFs needs the pypdf package") from None
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise ImportFailed(f"{path.name}: the PDF is encrypted; a decrypted copy is needed")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ImportFailed(f"{path.name}: not a readable PDF ({exc})") from None
    out = []
    for page in pages:
        # A PDF's lines end where the layout ended them: paragraphs are separated by blank
        # lines or by a line that ends a sentence.
        for block in re.split(r"\n\s*\n|(?<=[.!?:])\n", page):
            text = re.sub(r"\s*\n\s*", " ", block).strip()
            if text:
                out.append(text)
    if not out:
        raise ImportFailed(f"{path.name}: the PDF holds no text (a scan?); it needs OCR first")
    return out


class NarrativeImporter:
    kind = "interviews"
    extensions = (".txt", ".md", ".docx", ".pdf")
    #: what detection says it recognised
    sniff_reason = "its prose (free-text notes)"

    def sniff(self, path: str, columns: list[str] | None) -> float:
        suffix = Path(path).suffix.lower()
        if suffix in (".docx", ".pdf"):
            return 0.8
        if suffix not in (".txt", ".md") or sniff_lines(path):
            return 0.0
        with open(path, encoding="utf-8", errors="replace") as f:
            head = f.read(8192)
        words = len(head.split())
        # prose: sentences of words, not a table of delimited fields
        delimited = max(head.count(";"), head.count("\t"), head.count(",") // 3) > words / 3
        return 0.5 if words >= 8 and not delimited and not (columns and len(columns) > 2) else 0.0

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        p = Path(path)
        if p.stat().st_size > MAX_BYTES:
            raise ImportFailed(f"{ctx.file_name}: larger than {MAX_BYTES:,} bytes")
        paragraphs = paragraphs_of(p)
        if not paragraphs:
            raise ImportFailed(f"{ctx.file_name}: the notes are empty")
        records = Records(self.kind, rows_read=len(paragraphs))
        subject = "person:narrative"
        records.entities.append(
            EntityRecord(
                subject,
                "person",
                f"interviewee ({ctx.file_name})",
                {"role": "migrant", "narrative": ctx.file_name},
                [],
                1,
            )
        )
        extractor = Extractor(region=ctx.region, case_currency=ctx.case_currency, rates=ctx.rates)
        for n, text in enumerate(paragraphs, start=1):
            if n % 50 == 0:
                check(cancel)
                report(progress, n / len(paragraphs), f"paragraph {n} of {len(paragraphs)}")
            records.extracted.extend(extractor.facts(text, row=n, subject=subject))
        records.provenance = {"format": p.suffix.lower().lstrip(".") or "text", "paragraphs": len(paragraphs)}
        records.notes.append(
            f"{len(records.extracted)} facts extracted from {len(paragraphs)} paragraphs, pending review "
            "(ariadne extracted)"
        )
        return records
