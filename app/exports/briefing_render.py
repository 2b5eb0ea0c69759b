"""The case briefing rendered: one :class:`~app.exports.briefing.Briefing`, assembled by
:func:`app.exports.briefing.build_briefing`, as self-contained HTML (inline CSS, figures as
inline SVG) or as PDF (fpdf2, DejaVu fonts from matplotlib's own data), each table cut at
:data:`~app.exports.briefing.TABLE_ROWS` rows with the rest in the appendix."""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import TypedDict

import matplotlib
from fpdf import FPDF

from app.exports import figures
from app.exports.briefing import TABLE_ROWS, Briefing
from app.language import Language

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60em;margin:2em auto;color:#222;line-height:1.45}
h1{font-size:1.8em;margin-bottom:.2em} h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}
.meta{color:#555} .notice{background:#FFF4E5;border-left:4px solid #E69F00;padding:.6em 1em}
.handling{font-weight:bold;letter-spacing:.1em;color:#B00020}
table{border-collapse:collapse;width:100%;font-size:.85em;margin:1em 0} th,td{border:1px solid #ccc;
padding:.3em .5em;text-align:left;vertical-align:top} th{background:#EEF4FA} figure{margin:1em 0}
svg{max-width:100%;height:auto}
"""


def render_html(b: Briefing) -> str:
    """One self-contained HTML file: inline CSS, figures as inline SVG, nothing fetched."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{b.language}"><head><meta charset="utf-8">',
        f"<title>{e(b.title)} — {e(b.subtitle)}</title><style>{_CSS}</style></head><body>",
    ]
    if b.handling:
        parts.append(f'<p class="handling">{e(b.handling)}</p>')
    parts += [
        f"<h1>{e(b.title)}</h1>",
        f'<p class="meta">{e(b.subtitle)} · {e(b.generated)}'
        + (f" · {e(b.author)}" if b.author else "")
        + "</p>",
        f'<p class="notice">{e(b.notice)}</p>',
    ]
    for s in b.sections:
        parts.append(f'<section id="{s.key}"><h2>{e(s.title)}</h2>')
        parts += [f"<p>{e(p)}</p>" for p in s.paragraphs]
        if s.figure is not None:
            parts.append(f"<figure>{figures.to_svg(s.figure)}</figure>")
        if s.table and s.table[1]:
            parts += _html_table(*s.table, s.colours)
        parts += [f'<p class="meta">{e(n)}</p>' for n in s.notes[:1]]
        for intro, (header, rows) in s.more:
            parts.append(f"<p>{e(intro)}</p>")
            parts += _html_table(header, rows if s.key == "appendix" else rows[:TABLE_ROWS], [])
        parts += [f'<p class="meta">{e(n)}</p>' for n in s.notes[1:]]
        parts.append("</section>")
    if b.handling:
        parts.append(f'<p class="handling">{e(b.handling)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)


def _html_table(header: list[str], rows: list[list[str]], colours: list[str]) -> list[str]:
    """A table's first :data:`TABLE_ROWS` rows (the rest is in the appendix of full tables),
    the first cell of each row on its colour's swatch when ``colours`` are given."""
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    out = [f"<table><thead><tr>{head}</tr></thead><tbody>"]
    for k, row in enumerate(rows[:TABLE_ROWS]):
        cells = [f"<td>{e(str(c))}</td>" for c in row]
        if k < len(colours):
            cells[0] = (
                f'<td><span style="display:inline-block;width:1em;height:1em;vertical-align:middle;'
                f'background:{colours[k]}"></span> {e(str(row[0]))}</td>'
            )
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return out


def _font_path(name: str) -> str:
    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)


class _NextLine(TypedDict):
    new_x: str
    new_y: str


_NEXT: _NextLine = {"new_x": "LMARGIN", "new_y": "NEXT"}


class _Pdf(FPDF):
    def __init__(self, b: Briefing) -> None:
        super().__init__(format="A4")
        self.briefing = b
        self.add_font("DejaVu", "", _font_path("DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", _font_path("DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 7)
        self.set_text_color(120, 120, 120)
        left = f"{self.briefing.handling} · " if self.briefing.handling else ""
        page = Language(self.briefing.language).t("page {n}", n=self.page_no())
        self.cell(0, 5, f"{left}{self.briefing.title} · {page}", align="C")


def render_pdf(b: Briefing) -> bytes:
    pdf = _Pdf(b)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_text_color(176, 0, 32)
    if b.handling:
        pdf.cell(0, 8, b.handling, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(40)
    pdf.set_text_color(20, 20, 20)
    pdf.set_font("DejaVu", "B", 22)
    pdf.multi_cell(0, 11, b.title, align="C", **_NEXT)
    pdf.set_font("DejaVu", "", 12)
    byline = f"{b.subtitle}\n{b.generated}" + (f"\n{b.author}" if b.author else "")
    pdf.multi_cell(0, 8, byline, align="C", **_NEXT)
    pdf.ln(20)
    pdf.set_font("DejaVu", "", 9)
    pdf.set_fill_color(255, 244, 229)
    pdf.multi_cell(0, 5, b.notice, fill=True, **_NEXT)
    for s in b.sections:
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 14)
        pdf.set_text_color(0, 90, 160)
        pdf.cell(0, 9, s.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(20, 20, 20)
        pdf.set_font("DejaVu", "", 9.5)
        for p in s.paragraphs:
            pdf.multi_cell(0, 5, p, **_NEXT)
            pdf.ln(1.5)
        if s.figure is not None:
            _pdf_figure(pdf, figures.to_png(s.figure, dpi=130))
        if s.table and s.table[1]:
            _pdf_table(pdf, *s.table, s.colours)
        for note in s.notes[:1]:
            pdf.multi_cell(0, 4, note, **_NEXT)
        for intro, (header, rows) in s.more:
            pdf.ln(2)
            pdf.set_font("DejaVu", "", 9.5)
            pdf.multi_cell(0, 5, intro, **_NEXT)
            _pdf_table(pdf, header, rows if s.key == "appendix" else rows[:TABLE_ROWS], [])
        for note in s.notes[1:]:
            pdf.multi_cell(0, 4, note, **_NEXT)
    return bytes(pdf.output())


def _pdf_figure(pdf: FPDF, png: bytes, max_height: float = 120.0) -> None:
    """A figure as wide as the page, unless that would make it taller than ``max_height`` mm."""
    from PIL import Image

    width_px, height_px = Image.open(io.BytesIO(png)).size
    width = min(pdf.epw, max_height * width_px / height_px)
    pdf.image(io.BytesIO(png), w=width, x=pdf.l_margin + (pdf.epw - width) / 2)


def _pdf_table(pdf: FPDF, header: list[str], rows: list[list[str]], colours: list[str]) -> None:
    """A table's first :data:`TABLE_ROWS` rows, every cell whole (wrapped, never cut), the
    first cell of each row filled with its colour when ``colours`` are given."""
    from fpdf.fonts import FontFace

    pdf.ln(2)
    pdf.set_font("DejaVu", "", 7)
    with pdf.table(text_align="LEFT", line_height=3.6, first_row_as_headings=True) as table:
        table.row([str(h) for h in header])
        for k, values in enumerate(rows[:TABLE_ROWS]):
            row = table.row()
            for j, value in enumerate(values):
                if j == 0 and k < len(colours):
                    rgb = tuple(int(colours[k][i : i + 2], 16) for i in (1, 3, 5))
                    ink = (255, 255, 255) if sum(rgb) < 400 else (0, 0, 0)
                    row.cell(str(value), style=FontFace(fill_color=rgb, color=ink))
                else:
                    row.cell(str(value))
    pdf.set_font("DejaVu", "", 7.5)
