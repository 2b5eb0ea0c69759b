"""What leaves the analyst's desk: the briefing, and files other tools open.

:func:`export_case` is the one entry point (the CLI's ``ariadne export`` and the GUI's Export
menu both call it).  Every export pseudonymises migrants and protected people unless
``reveal_migrants`` is chosen, and writes the choice into the audit log and onto the
document.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.graph.networks import GraphFilter
from app.graph.store import CaseError, CaseStore
from app.outputs import atomic_output, check_output, protected_paths
from app.progress import CancelToken, ProgressFn, check, report, sub_progress

if TYPE_CHECKING:
    from app.analysis import AnalysisResult

#: Formats of ``ariadne export --format`` (docs/interfaces.md), with what each is for.
FORMATS = {
    "briefing-pdf": "case briefing for a prosecutor (PDF)",
    "briefing-html": "case briefing as one self-contained HTML file",
    "graphml": "GraphML for Gephi, yEd, networkx",
    "gexf": "GEXF for Gephi",
    "csv": "a folder of CSV tables (entities, links, sources)",
    "xlsx": "an Excel workbook of the same tables",
    "anx": "i2 Analyst's Notebook exchange (ANX)",
    "ftm": "FollowTheMoney entities as JSON Lines (Aleph)",
}


#: the formats that write each link's best source grading (the others are spared reading it)
_GRADED_LINKS = ("anx", "csv", "xlsx")


def export_case(
    case: CaseStore,
    fmt: str,
    out: str | Path,
    *,
    reveal_migrants: bool = False,
    analysis: AnalysisResult | None = None,
    sections=None,
    summary: str | None = None,
    author: str = "",
    handling: str = "",
    language: str = "en",
    inputs=(),
    around: int | None = None,
    hops: int = 2,
    chart: str | None = None,
    chart_actors: list[dict] | None = None,
    flt: GraphFilter | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """Write ``case`` as ``fmt`` to ``out`` and return the path written.

    ``analysis`` is a result of :func:`app.analysis.analyze_case` (if not given, the case's
    latest analysis, :func:`app.analysis.latest_analysis`);
    ``sections``, ``summary``, ``author``, ``handling`` and ``language`` (``en``, ``fr``) shape
    the briefing.  ``around`` (an entity id) with ``hops``, or ``chart`` (a saved chart's name,
    its positions carried into ANX and GEXF), ``chart_actors`` (the actors of the chart the
    window shows, ``{"id", "x", "y", "hidden"}`` each, positions carried likewise) or ``flt`` (the
    links inside a time window, layers and grading, and the entities they join) export that part
    of the case instead of all of it (the briefing stays case-wide).  ``out`` is refused before any work if it is the case (its
    -wal or -shm, a link to either) or one of ``inputs``; the file is written beside it and
    renamed when complete.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    from app.exports.dataset import collect

    out = Path(out)
    protected = protected_paths(case.path, inputs)
    check_output(out, protected, folder=fmt == "csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    if reveal_migrants and case.readonly:
        raise CaseError(
            f"{case.path}: the case is read-only, so revealing migrants could not be "
            "recorded in its audit log; export without --reveal-migrants or make it writable"
        )
    briefing = fmt.startswith("briefing")
    data = collect(
        case,
        reveal=reveal_migrants,
        analysis=analysis,
        links="none" if briefing else "graded" if fmt in _GRADED_LINKS else "plain",
        progress=sub_progress(progress, 0.0, 0.6),
        cancel=cancel,
    )
    check(cancel)
    if briefing:
        pass  # the briefing always covers the whole case
    elif chart:
        from app.exports.subset import saved_chart

        data = saved_chart(data, case, chart)
    elif chart_actors is not None:
        from app.exports.subset import chart_actors as shown_chart

        data = shown_chart(data, case, chart_actors)
    elif flt is not None:
        from app.exports.subset import within_filter

        data = within_filter(data, case, flt)
    elif around is not None:
        from app.exports.subset import around as around_entity

        data = around_entity(data, case, around, hops)
    report(progress, 0.6, f"writing {FORMATS[fmt]}")
    if fmt == "csv":
        written = _write(
            case,
            data,
            fmt,
            out,
            sections=sections,
            summary=summary,
            author=author,
            handling=handling,
            protected=protected,
            language=language,
        )
    else:
        with atomic_output(out) as part:
            _write(
                case,
                data,
                fmt,
                part,
                sections=sections,
                summary=summary,
                author=author,
                handling=handling,
                language=language,
            )
        written = out
    if case.readonly:  # nothing is written into a read-only case; its audit log says nothing
        report(progress, 1.0, f"wrote {written}")
        return written
    with case.transaction():
        case.log(
            "export",
            {
                "format": fmt,
                "path": str(written),
                "reveal_migrants": reveal_migrants,
                "around": around,
                "hops": hops if around is not None else None,
                "chart": chart,
                "chart_shown": len(chart_actors) if chart_actors is not None else None,
                "filter": _filter_record(flt),
                "protected_entities": len(data.pseudonyms.protected),
            },
        )
    report(progress, 1.0, f"wrote {written}")
    return written


def _filter_record(flt: GraphFilter | None) -> dict | None:
    """The filter an export was restricted to, for the audit log."""
    if flt is None:
        return None
    return {
        "start": flt.start,
        "end": flt.end,
        "layers": list(flt.layers),
        "min_grading": str(flt.min_grading) if flt.min_grading is not None else None,
    }


def _write(case, data, fmt, out, *, sections, summary, author, handling, protected=(), language="en") -> Path:
    if fmt.startswith("briefing"):
        from app.exports.briefing import SECTIONS, build_briefing
        from app.exports.briefing_render import render_html, render_pdf

        b = build_briefing(
            case,
            data,
            sections=sections or SECTIONS,
            summary=summary,
            author=author,
            handling=handling,
            language=language,
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "briefing-pdf":
            out.write_bytes(render_pdf(b))
        else:
            out.write_text(render_html(b), encoding="utf-8")
        return out
    if fmt in ("graphml", "gexf"):
        from app.exports.graphs import write_gexf, write_graphml

        return (write_graphml if fmt == "graphml" else write_gexf)(data, out)
    if fmt in ("csv", "xlsx"):
        from app.exports.tables import write_csv, write_xlsx

        return write_csv(data, out, protected=protected) if fmt == "csv" else write_xlsx(data, out)
    if fmt == "anx":
        from app.exports.anx import write_anx

        return write_anx(data, out)
    from app.exports.ftm import write_ftm

    return write_ftm(data, out)
