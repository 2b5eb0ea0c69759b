"""A page of the French briefing as a picture for the README, and what its PDF holds.

No PDF rasteriser is installed on this machine (no pdftoppm, Ghostscript, PyMuPDF or
pypdfium2), so the picture is the briefing's HTML version (the same Briefing, rendered by
:func:`app.exports.briefing_render.render_html`) laid out on an A4-wide page by Qt's rich-text
engine, figures converted from their inline SVG; the PDF is written too and its first pages'
text printed (pypdf), so the two can be compared.

Run: ``.venv/bin/python bench/render_briefing_page.py CASE OUT.png [--language fr] [--sections a,b]``
(``CASE`` is copied first: writing a briefing records the export in the case's audit log).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

A4_WIDTH_PX = 794  # A4 at 96 dots per inch
A4_HEIGHT_PX = 1123


def _html_page(html: str, out: Path, scale: float = 1.5) -> None:
    from PySide6.QtCore import QByteArray, QRectF, QSizeF, QUrl
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QTextDocument
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    doc = QTextDocument()
    figures = []

    def to_img(match: re.Match) -> str:
        figures.append(match.group(0))
        return f'<img src="figure{len(figures)}.png" width="{A4_WIDTH_PX - 80}">'

    html = re.sub(r"<svg.*?</svg>", to_img, html, flags=re.S)
    for k, svg in enumerate(figures, 1):
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        size = renderer.defaultSize()
        image = QImage(size.width() * 2, size.height() * 2, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"figure{k}.png"), image)
    doc.setDefaultStyleSheet("body{font-family:'DejaVu Sans';font-size:10pt} th{background:#EEF4FA}")
    doc.setHtml(html)
    doc.setPageSize(QSizeF(A4_WIDTH_PX, A4_HEIGHT_PX))
    doc.setDocumentMargin(40)
    image = QImage(int(A4_WIDTH_PX * scale), int(A4_HEIGHT_PX * scale), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.scale(scale, scale)
    doc.drawContents(painter, QRectF(0, 0, A4_WIDTH_PX, A4_HEIGHT_PX))
    painter.end()
    image.save(str(out))
    _shrink(out)


def _shrink(out: Path) -> None:
    """A4 at 96 dpi in 16 greys: a README picture of some 70 kB instead of 250."""
    from PIL import Image

    with Image.open(out) as image:
        small = image.convert("L").resize((A4_WIDTH_PX, A4_HEIGHT_PX), Image.Resampling.LANCZOS)
    small.quantize(16).save(out, optimize=True)


def main(argv: list[str]) -> int:
    from pypdf import PdfReader

    from app.exports import export_case
    from app.exports.briefing import SECTIONS
    from app.graph.store import CaseStore

    case_path, out = Path(argv[0]), Path(argv[1])
    language = argv[argv.index("--language") + 1] if "--language" in argv else "fr"
    sections = tuple(argv[argv.index("--sections") + 1].split(",")) if "--sections" in argv else SECTIONS
    work = Path(tempfile.mkdtemp(prefix="briefing-page-"))
    copy = work / "case.ariadne"
    shutil.copy(case_path, copy)
    wall, cpu = time.perf_counter(), time.process_time()
    with CaseStore.open(copy) as case:
        pdf = export_case(case, "briefing-pdf", work / "briefing.pdf", language=language)
        html = export_case(
            case, "briefing-html", work / "briefing.html", language=language, sections=sections
        )
    print(
        f"briefing PDF and HTML: {time.perf_counter() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU"
    )
    reader = PdfReader(str(pdf))
    print(f"PDF: {len(reader.pages)} pages")
    for k in range(min(2, len(reader.pages))):
        print(f"--- PDF page {k + 1}\n{reader.pages[k].extract_text()}")
    _html_page(html.read_text(encoding="utf-8"), out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
