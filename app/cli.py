"""The `ariadne` command line (docs/interfaces.md): parse arguments, then run a core function.

Exit status 0 on success, 1 when the work failed (message on stderr naming the file, row
and problem), 2 for a usage error.  Qt is imported only for the desktop verbs.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app.graph.store import SQLITE_MAGIC, CaseError, CaseStore
from app.importers.base import ImportFailed
from app.model import Grading
from app.outputs import is_disk_full


class UsageError(Exception):
    """Arguments that parse but make no sense together; exit status 2."""


def _terminal_progress(args: argparse.Namespace | None = None) -> Callable[[float, str], None] | None:
    """Progress on stderr, one line updated in place, only when stderr is a terminal and the
    command was not given ``--quiet`` (:mod:`app.terminal`)."""
    from app.terminal import terminal_progress

    show = terminal_progress(quiet=bool(getattr(args, "quiet", False)))
    if show is not None and args is not None:
        args.shown_progress = [*getattr(args, "shown_progress", []), show]
    return show


def _passphrase_for(path: str | Path) -> str | None:
    """The passphrase of an encrypted case: $ARIADNE_PASSPHRASE, else asked on the terminal.

    A clear case needs none, so none is asked for.
    """
    p = Path(path)
    if not p.is_file() or p.stat().st_size == 0:
        return None
    with open(p, "rb") as fh:
        if fh.read(16) == SQLITE_MAGIC:
            return None
    secret = os.environ.get("ARIADNE_PASSPHRASE")
    if secret:
        return secret
    if sys.stdin.isatty():
        return getpass.getpass(f"passphrase for {p.name}: ")
    return None


def _open(path: str) -> CaseStore:
    return CaseStore.open(path, passphrase=_passphrase_for(path))


# ------------------------------------------------------------------ commands
def cmd_new(args: argparse.Namespace) -> int:
    with CaseStore.create(
        args.case, title=args.title or "", region=args.region or "", currency=args.currency
    ) as case:
        print(
            f"created {case.path} (region {case.region or 'none'}, "
            f"currency {case.currency}, schema {case.schema_version})"
        )
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with _open(args.case) as case:
        counts = case.counts()
        provenance = {s["id"]: _attrs(s.get("attrs")) for s in case.sources()}
    if args.json:
        print(json.dumps(counts, ensure_ascii=False, indent=2))
        return 0
    print(f"{counts['title']}  (region {counts['region'] or '-'}, schema {counts['schema_version']})")
    print(
        f"entities {counts['entities']}, links {counts['links']}, events {counts['events']}, "
        f"sources {counts['sources']}, quarantined rows {counts['quarantined']}, "
        f"active merges {counts['merges']}"
    )
    print("entities by type: " + (", ".join(f"{k} {v}" for k, v in counts["entity_types"].items()) or "none"))
    print("links by type:    " + (", ".join(f"{k} {v}" for k, v in counts["link_types"].items()) or "none"))
    for s in counts["per_source"]:
        print(
            f"  source {s['id']}: {s['file_name']} [{s['kind']}, {s['grading']}] "
            f"{s['rows']} rows, {s['quarantined']} quarantined"
        )
        prov = provenance.get(s["id"]) or {}
        if prov.get("tool"):  # what a forensic tool's export says about itself and the device
            said = [prov["tool"] + (f" {prov['tool_version']}" if prov.get("tool_version") else "")]
            said += [f"owner {prov['owner_phone']}"] if prov.get("owner_phone") else []
            said += [str(prov["device"])] if prov.get("device") else []
            print("    " + ", ".join(said))
    return 0


def _attrs(value) -> dict:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


def cmd_import(args: argparse.Namespace) -> int:
    from app.importers.base import ImportFailed
    from app.importers.mapping import load_mapping
    from app.importers.pipeline import ImportOptions, import_path

    if args.reliability and args.reliability.upper() not in "ABCDEF":
        raise UsageError("--reliability takes a letter A-F")
    grading = Grading(args.reliability.upper(), args.credibility)
    _check_owner(args.owner)
    mapping = load_mapping(args.mapping) if args.mapping else None
    path = Path(args.case)
    case = CaseStore.open(path, create=True, region=args.region or "", passphrase=_passphrase_for(path))
    failed = 0
    with case:
        case.require_writable()
        if args.region and not case.region:
            case.set_meta("region", args.region.upper())
        for file in args.files:
            options = ImportOptions(
                kind=args.kind,
                grading=grading,
                owner=args.owner or "",
                exhibit=args.exhibit or "",
                handling=args.handling or "",
                mapping=mapping,
                again=args.again,
                region=(args.region or case.region or "").upper(),
                date_format=args.date_format or "",
                timezone=args.timezone or "",
            )
            try:
                result = import_path(case, file, options, progress=_terminal_progress(args))
            except (CaseError, ImportFailed) as exc:
                print(f"ariadne: {exc}", file=sys.stderr)  # the other files still import
                failed += 1
                continue
            print(result.summary())
    return 1 if failed else 0


def _check_owner(owner: str) -> None:
    """``--owner`` is the seized device's own number: refuse what cannot be one."""
    if not owner:
        return
    number = owner.split("@")[0]  # a messaging id (…@s.whatsapp.net) is a number too
    if sum(ch.isdigit() for ch in number) < 3 or any(ch.isalpha() for ch in number):
        shown = owner if len(owner) <= 40 else owner[:40] + "…"
        raise UsageError(
            f"--owner {shown!r}: not a phone number (give the seized device's own "
            "number, like +218 91 234 5678)"
        )


def cmd_scenario(args: argparse.Namespace) -> int:
    from app.scenario import generate_scenario

    manifest = generate_scenario(
        args.outdir, size=args.size, seed=args.seed, tactics=args.tactics, progress=_terminal_progress(args)
    )
    kinds = sorted({f["kind"] for f in manifest["files"]})
    print(
        f"wrote {len(manifest['files'])} files ({', '.join(kinds)}) to {args.outdir}, with "
        f"manifest.json (how to import each file) and ground_truth.json (what was planted)"
    )
    return 0


def _filter(args: argparse.Namespace):
    from app.graph.networks import GraphFilter

    layers = tuple(x.strip() for x in (args.layers or "").split(",") if x.strip())
    grading = Grading.parse(args.min_grading) if getattr(args, "min_grading", None) else None
    return GraphFilter(
        start=args.date_from,
        end=args.date_to,
        layers=layers,
        min_grading=grading,
        include_extracted=getattr(args, "include_extracted", False),
    )


def cmd_analyze(args: argparse.Namespace) -> int:
    from app.analysis import format_report, latest_analysis

    try:
        flt = _filter(args)
        flt.link_types()  # an unknown layer is a usage error, found before any work
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    with _open(args.case) as case:
        # computed afresh, and kept in the case for the exports that follow
        result = latest_analysis(case, fresh=True, top=args.top, flt=flt, progress=_terminal_progress(args))
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1, default=str))
    else:
        print(format_report(result))
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from app.graph.resolution import DEFAULT_THRESHOLD, apply_above, merge_candidates
    from app.graph.simchanges import same_handset

    if args.top is not None and args.top < 1:
        raise UsageError("--top must be at least 1")
    with _open(args.case) as case:
        if args.apply_above is not None:
            case.require_writable()
            merged = apply_above(case, args.apply_above, progress=_terminal_progress(args))
            print(f"merged {len(merged)} pairs scoring at least {args.apply_above}")
            for m in merged:
                print(f"  {m['label_a']} + {m['label_b']}  ({m['score']:.2f}: {m['evidence']})")
        if args.list or args.apply_above is None:
            cands = merge_candidates(case, threshold=args.min_score or 0.0, progress=_terminal_progress(args))
            shown = cands[: args.top] if args.top else cands
            above = f" at or above {args.min_score}" if args.min_score else ""
            print(
                f"{len(cands)} candidate merges{above} (default threshold {DEFAULT_THRESHOLD})"
                + (f", the best {len(shown)} shown" if len(shown) < len(cands) else "")
            )
            for note in same_handset(case)[1]:
                print(f"  not proposed: {note}")
            for c in shown:
                print(
                    f"  {c.score:.2f}  [{c.a}] {c.labels[0]}  ~  [{c.b}] {c.labels[1]}"
                    f"  -- {'; '.join(c.reasons)}"
                )
    return 0


def cmd_towerdump(args: argparse.Namespace) -> int:
    from app.graph.towerdump import dump_intersection, format_intersection

    with _open(args.case) as case:
        result = dump_intersection(case)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    else:
        print(format_intersection(result))
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    from app.graph.paths import AmbiguousName, find_entity, format_path, path_json, person_paths

    try:
        flt = _filter(args)
        flt.link_types()
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    through = tuple(x.strip() for x in (args.through or "").split(",") if x.strip())
    with _open(args.case) as case:
        try:
            src, dst = find_entity(case, args.source), find_entity(case, args.target)
        except AmbiguousName as exc:
            print(f"ariadne: {exc.text!r} is ambiguous; give one of these ids:", file=sys.stderr)
            for c in exc.candidates:
                print(f"  #{c['id']}  {c['label']}  ({c['type']}, {c['evidence']} records)", file=sys.stderr)
            return 1
        except LookupError as exc:
            print(f"ariadne: {exc}", file=sys.stderr)
            return 1
        try:
            report = person_paths(
                case,
                src,
                dst,
                max_length=args.max_length,
                flt=flt,
                through=through,
                progress=_terminal_progress(args),
            )
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    if args.json:
        print(json.dumps(path_json(report), ensure_ascii=False, indent=1))
        return 0
    a, b = report["from"]["label"], report["to"]["label"]
    if not report["paths"]:
        print(f"no path between {a} and {b} within {args.max_length} links")
    for i, p in enumerate(report["paths"], 1):
        also = p["variants"] - 1
        others = f"; {also} other path{'s' if also != 1 else ''} like it through interchangeable people"
        print(f"route {i} ({p['length']} link{'s' if p['length'] != 1 else ''}{others if also else ''}):")
        print(format_path(p))
    return 0


def cmd_place(args: argparse.Namespace) -> int:
    from app.graph.paths import find_entity
    from app.graph.places import correct_place

    with _open(args.case) as case:
        case.require_writable()
        entity = correct_place(case, find_entity(case, args.place), args.lat, args.lon, country=args.country)
    print(f"{entity['label']} (#{entity['id']}) is now at {entity['attrs']['lat']}, {entity['attrs']['lon']}")
    return 0


def cmd_rates(args: argparse.Namespace) -> int:
    """Show the case's exchange rates (EUR per unit) or change some: every amount in the
    money analysis, the Money panel and the briefing is converted with them."""
    changes: dict[str, float] = {}
    for item in args.set:
        currency, _, value = item.partition("=")
        code = currency.strip().upper()
        try:
            rate = float(value)
        except ValueError:
            raise UsageError(f"--set {item}: expected CURRENCY=EUR_PER_UNIT, e.g. LYD=0.19") from None
        if len(code) != 3 or not code.isalpha() or not rate > 0:
            raise UsageError(f"--set {item}: a three-letter currency and a positive rate in EUR")
        changes[code] = rate
    with _open(args.case) as case:
        if changes:
            case.require_writable()
            for currency, rate in changes.items():
                case.set_rate(currency, rate)
        rates = case.rates()
    if args.json:
        print(json.dumps({"base": "EUR", "rates": rates}, indent=2, sort_keys=True))
    else:
        for currency, rate in sorted(rates.items()):
            print(f"{currency}\t{rate:g}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.exports import export_case

    sections = tuple(s.strip() for s in args.sections.split(",")) if args.sections else None
    summary = _read_text(args.summary_file) if args.summary_file else None
    if args.around is None and args.hops != 2:
        raise UsageError("--hops goes with --around")
    with _open(args.case) as case:
        around = None
        if args.around is not None:
            from app.graph.paths import find_entity

            around = find_entity(case, args.around)
        out = export_case(
            case,
            args.format,
            args.out,
            reveal_migrants=args.reveal_migrants,
            sections=sections,
            summary=summary,
            author=args.author,
            handling=args.handling,
            inputs=[args.summary_file] if args.summary_file else (),
            language=args.language,
            around=around,
            hops=args.hops,
            chart=args.chart,
            progress=_terminal_progress(args),
        )
    note = " (migrants REVEALED)" if args.reveal_migrants else " (migrants pseudonymised)"
    print(f"wrote {out}{note}")
    return 0


def _read_text(path: str) -> str:
    """A small text file the user names (a summary): a folder or a missing file says so."""
    p = Path(path)
    if p.is_dir():
        raise UsageError(f"{path}: is a folder; give the text file to read")
    if not p.exists():
        raise UsageError(f"{path}: no such file")
    return p.read_text(encoding="utf-8", errors="replace")


def cmd_backup(args: argparse.Namespace) -> int:
    with _open(args.case) as case:
        target = args.out or f"{args.case}.backup"
        case.backup(target)
    print(f"wrote {target}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    with _open(args.case) as case:
        if args.verify:
            found = case.audit_report()
            for p in found["problems"]:
                print(f"ariadne: {args.case}: {p}", file=sys.stderr)
            if found["problems"]:
                return 1
            print(f"audit log intact ({len(case.audit())} entries)")
            for note in found["notes"]:
                print(f"  note: {note}")
            return 0
        for row in case.audit():
            print(f"{row['at']}  {row['action']}  {json.dumps(row['details'], ensure_ascii=False)}")
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    secret = os.environ.get("ARIADNE_PASSPHRASE") or (
        getpass.getpass("new passphrase: ") if sys.stdin.isatty() else ""
    )
    if not secret:
        raise UsageError("give the new passphrase in $ARIADNE_PASSPHRASE or on the terminal")
    with _open(args.case) as case:
        if case.encrypted:
            raise UsageError(f"{args.case} is already encrypted")
        out = case.encrypted_copy(args.out, secret)
    print(f"wrote encrypted copy {out}; delete the clear file {args.case} when you have checked it")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.app import run_app

    return run_app(case_path=getattr(args, "case", None), demo=args.command == "demo")


# -------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    from app.importers.registry import IMPORT_KINDS

    p = argparse.ArgumentParser(prog="ariadne", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command")
    quiet = argparse.ArgumentParser(add_help=False)
    quiet.add_argument("--quiet", action="store_true", help="no progress line on the terminal")
    plain_add = sub.add_parser

    def add_parser(name: str, **kwargs) -> argparse.ArgumentParser:
        return plain_add(name, parents=[quiet], **kwargs)

    sub.add_parser = add_parser  # type: ignore[method-assign]

    s = sub.add_parser("open", help="open a case in the desktop application")
    s.add_argument("case")
    s.set_defaults(func=cmd_gui)
    s = sub.add_parser("demo", help="open the application on a generated demonstration case")
    s.set_defaults(func=cmd_gui)

    s = sub.add_parser("new", help="create an empty case")
    s.add_argument("case")
    s.add_argument("--region", default="", help="default region for phone numbers (ISO 3166)")
    s.add_argument("--title", default="")
    s.add_argument("--currency", default="EUR", help="the case currency (ISO 4217)")
    s.set_defaults(func=cmd_new)

    s = sub.add_parser("info", help="counts per entity type, link type and source")
    s.add_argument("case")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_info)

    s = sub.add_parser("import", help="import files into a case (created if missing)")
    s.add_argument("case")
    s.add_argument("files", nargs="+", help="files, or folders and zips holding a phone extraction")
    s.add_argument(
        "--kind",
        default="auto",
        choices=["auto", *IMPORT_KINDS],
    )
    s.add_argument("--region", default="")
    s.add_argument("--owner", default="", help="the seized device's own number")
    s.add_argument("--exhibit", default="", help="exhibit reference")
    s.add_argument("--handling", default="", help="handling code")
    s.add_argument("--reliability", default="F", help="source reliability A-F")
    s.add_argument(
        "--credibility", type=int, default=6, choices=range(1, 7), help="information credibility 1-6"
    )
    s.add_argument("--mapping", help="column mapping saved as JSON")
    s.add_argument("--again", action="store_true", help="import a file already imported")
    s.add_argument("--date-format", default="", help="strftime format of every date column, not inferred")
    s.add_argument("--timezone", default="", help="IANA time zone of dates written without an offset")
    s.set_defaults(func=cmd_import)

    from app.cli_extracted import add_extracted_parser

    add_extracted_parser(sub)

    s = sub.add_parser("scenario", help="write a synthetic scenario with ground truth")
    s.add_argument("outdir")
    s.add_argument("--size", default="small", choices=["small", "medium", "large"])
    s.add_argument("--seed", type=int, default=7)
    s.add_argument(
        "--tactics",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="plant SIM rotation, nicknames, an Arabic address book and tower dumps "
        "(default: in medium and large)",
    )
    s.set_defaults(func=cmd_scenario)

    s = sub.add_parser("analyze", help="hubs, brokers, communities, route clusters, protection")
    s.add_argument("case")
    s.add_argument("--json", action="store_true")
    s.add_argument("--top", type=int, default=20)
    s.add_argument("--from", dest="date_from")
    s.add_argument("--to", dest="date_to")
    s.add_argument("--layers", default="")
    s.add_argument("--min-grading", default="", help="only sources graded at least this, e.g. B2")
    s.add_argument(
        "--include-extracted",
        action="store_true",
        help="also count facts extracted from texts that are still pending review",
    )
    s.set_defaults(func=cmd_analyze)

    s = sub.add_parser("resolve", help="entity-resolution candidates and merges")
    s.add_argument("case")
    s.add_argument("--list", action="store_true")
    s.add_argument("--top", type=int, help="list only the N best candidates")
    s.add_argument("--min-score", type=float, help="list only candidates scoring at least S")
    s.add_argument("--apply-above", type=float, help="merge until no candidate scoring at least S is left")
    s.set_defaults(func=cmd_resolve)

    s = sub.add_parser("towerdump", help="numbers common to several tower dumps and to the case")
    s.add_argument("case")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_towerdump)

    s = sub.add_parser("path", help="shortest paths between two entities")
    s.add_argument("case")
    s.add_argument("source")
    s.add_argument("target")
    s.add_argument("--json", action="store_true")
    s.add_argument("--max-length", type=int, default=6)
    s.add_argument("--from", dest="date_from")
    s.add_argument("--to", dest="date_to")
    s.add_argument("--layers", default="")
    s.add_argument("--min-grading", default="", help="only sources graded at least this, e.g. B2")
    s.add_argument("--through", default="", help="also pass through places, migrants (comma-separated)")
    s.set_defaults(func=cmd_path)

    s = sub.add_parser("place", help="correct where a place is (the maps and the briefing follow)")
    s.add_argument("case")
    s.add_argument("place", help="the place's id or name")
    s.add_argument("--lat", type=float, required=True)
    s.add_argument("--lon", type=float, required=True)
    s.add_argument("--country", default="", help="ISO 3166 alpha-2")
    s.set_defaults(func=cmd_place)

    s = sub.add_parser("rates", help="show or change the exchange rates money is converted with")
    s.add_argument("case")
    s.add_argument("--set", action="append", default=[], metavar="CUR=EUR", help="e.g. --set LYD=0.19")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_rates)

    from app.exports import FORMATS

    s = sub.add_parser("export", help="briefing pack and exports for other tools")
    s.add_argument("case")
    s.add_argument(
        "--format",
        required=True,
        choices=list(FORMATS),
        help="; ".join(f"{k}: {v}" for k, v in FORMATS.items()),
    )
    s.add_argument("--out", required=True, help="file to write (a folder for csv)")
    s.add_argument("--sections", help="briefing sections, comma-separated (default: all)")
    s.add_argument("--summary-file", help="text file with the analyst's own executive summary")
    s.add_argument("--author", default="", help="author shown on the briefing")
    s.add_argument("--handling", default="", help="handling code shown on every page")
    s.add_argument("--language", default="en", choices=["en", "fr"], help="language of the briefing")
    s.add_argument("--around", help="export only what lies within --hops links of this entity")
    s.add_argument("--hops", type=int, default=2, help="how far --around reaches (default 2)")
    s.add_argument("--chart", help="export only the actors of this saved chart, at its positions")
    s.add_argument(
        "--reveal-migrants",
        action="store_true",
        help="show migrants' real identities (recorded in the audit log)",
    )
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("backup", help="write a consistent copy of a case")
    s.add_argument("case")
    s.add_argument("--out")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("encrypt", help="write a passphrase-encrypted copy of a case")
    s.add_argument("case")
    s.add_argument("--out", required=True)
    s.set_defaults(func=cmd_encrypt)

    s = sub.add_parser("audit", help="show or verify the audit log")
    s.add_argument("case")
    s.add_argument("--verify", action="store_true")
    s.set_defaults(func=cmd_audit)
    return p


def _clear_progress(args: argparse.Namespace) -> None:
    for show in getattr(args, "shown_progress", []):
        show.done()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return cmd_gui(args)
    try:
        return int(args.func(args))
    except UsageError as exc:
        _clear_progress(args)
        print(f"ariadne: {exc}", file=sys.stderr)
        return 2
    except (CaseError, ImportFailed, ValueError, OSError, KeyError, LookupError) as exc:
        _clear_progress(args)
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        if isinstance(exc, OSError) and is_disk_full(exc):
            message = (
                f"{exc.filename or 'the output'}: the disk is full (or the file reached the size "
                "the system allows); nothing was written"
            )
        message = str(message)
        if len(message) > 400:  # a refusal is one readable line, however long what it quotes
            message = message[:380] + " … (cut)"
        print(f"ariadne: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("ariadne: interrupted", file=sys.stderr)
        return 1
