"""``crosswalk coverage``, ``gaps`` and ``report``: options to a :class:`~crosswalk.report.Request`, then a reporter."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, Callable, Iterable

from crosswalk import writegate
from crosswalk.console import emit, say


FREEZE_LOADED_LIBRARY = False
"""Set by :func:`crosswalk.cli.entry_point` (the ``crosswalk`` command, ``python -m crosswalk``): the
process ends with the command, so the loaded library may be frozen out of the collector's reach
(see :func:`_graph`). Left off for :func:`crosswalk.cli.main` called inside a longer-lived program
(tests, scripts), where a freeze would keep each call's garbage for the program's lifetime."""


def _freeze() -> None:
    if FREEZE_LOADED_LIBRARY:
        import gc

        gc.freeze()


class ReportUsageError(Exception):
    """Bad options for a report (reported with exit code 2)."""


def _request(args: argparse.Namespace, workspace: Any) -> Any:
    from crosswalk.report import Request, request_from_definition

    if getattr(args, "definition", None):
        from dataclasses import replace

        definition = _definition(args.definition, workspace)
        # --profile replaces the definition's profile, which is then neither checked nor read
        request = request_from_definition(replace(definition, profile=None) if args.profile else definition)
        # Options given on the command line override the definition; options not given leave it alone
        # (so their defaults are None, and --no-direct / --associations can undo a definition's choice).
        overrides = {k: v for k, v in (("source", args.source), ("target", args.target),
                                        ("profile_path", args.profile)) if v}
        if args.via:
            overrides["via"] = tuple(args.via)
        for field, value in (("direct", args.direct), ("max_hops", args.max_hops), ("associations", args.associations),
                             ("official_only", args.official_only)):
            if value is not None:
                overrides[field] = value
        if overrides:
            request = replace(request, **overrides)
        return request, definition
    if not args.source or not args.target:
        raise ReportUsageError("name the frameworks: --from REF --to REF (or give a report definition)")
    return Request(args.source, args.target, args.profile, tuple(args.via or ()), bool(args.direct),
                   args.max_hops or 3, associations=args.associations is not False,
                   official_only=bool(args.official_only)), None


def _definition(name: str, workspace: Any) -> Any:
    from crosswalk.model import report_from
    from crosswalk.workspace import read_document

    path = Path(name)
    if path.is_file():
        document, findings, skip = read_document(path)
        if findings or skip is None or document.kind != "report":
            detail = f"{findings[0].place}: {findings[0].message}" if findings else "not a report definition"
            raise ReportUsageError(f"{name}: {detail}")
        definition = report_from(document.data, document.path)
        definition.digest = document.digest
        return definition
    found = workspace.report(name)
    if found is None:
        known = ", ".join(sorted(r.id for r in workspace.reports)) or "none"
        raise ReportUsageError(f"{name!r} is neither a file nor a report id (report ids: {known})")
    return found


def _library(args: argparse.Namespace) -> Any:
    """The workspace, loaded for the rest of this process (see :func:`_graph` for why it is frozen).

    The files are read through the same content-addressed cache of parsed files as ``validate``
    (unless ``--no-cache``): an unchanged library loads in a tenth of the time."""
    from crosswalk import cache
    from crosswalk.workspace import load, unread_notices

    cache.configure(not args.no_cache)
    workspace = load(args.library, include_builtin=not args.no_builtin)
    for notice in unread_notices(workspace):
        say(notice)
    _freeze()
    return workspace


def _graph(workspace: Any, refs: Iterable[str]) -> Any:
    """The library graph, built once the frameworks the command names are known to exist (at SCF
    scale building it takes seconds, which a misspelt id should not cost).

    Why freeze: the workspace and the graph stay alive until the command exits, and at SCF scale
    Python's collector would otherwise walk their millions of objects again on each of its full
    passes (seconds each) while the engine runs. Frozen objects are simply never examined again;
    nothing is kept longer than without it, because the process ends with the command. Only the
    command-line entry point freezes (:data:`FREEZE_LOADED_LIBRARY`): unfreezing before exit would
    cost a full collection at interpreter shutdown, seconds at SCF scale."""
    from crosswalk import graph

    for ref in refs:
        workspace.require_framework(ref)
    built = graph.build(workspace)
    graph.index(built)
    _freeze()
    return built


def _prepare(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    """The workspace, the request and the report definition (or None), before any computing."""
    workspace = _library(args)
    request, definition = _request(args, workspace)
    return workspace, request, definition


def _compute(workspace: Any, request: Any, definition: Any = None) -> Any:
    from crosswalk.report import analyse

    built = None if request.official_only else _graph(workspace, (request.source, request.target, *request.via))
    analysis = analyse(workspace, request, built)
    if definition is not None:
        analysis.definition_path = definition.path
        analysis.definition_digest = _digest_of(workspace, definition)
    _freeze()  # the analysis, too, lives until the command exits: keep the collector off it while reporting
    return analysis


def _digest_of(workspace: Any, definition: Any) -> str:
    """SHA-256 of the definition as it was read (a file given by path, or one of the library's)."""
    if definition.digest:
        return definition.digest
    try:
        return workspace.document(definition.path).digest
    except (KeyError, LookupError):
        return ""


def _inputs(workspace: Any, *paths: str | None) -> list[str]:
    """Every file this run reads: no output may be one of them (see :mod:`crosswalk.writegate`)."""
    return [document.path for document in workspace.documents] + [path for path in paths if path]


def _encoded(text: str) -> bytes:
    # Lone surrogates (a "\ud800" escape in a YAML title) cannot be UTF-8: written as the same escape.
    return text.encode("utf-8", "backslashreplace")


def _check_output(args: argparse.Namespace) -> None:
    """Refuse a bad ``-o`` before seconds of loading and computing (it is checked again when written)."""
    if getattr(args, "output", None):
        writegate.resolve(args.output)


def _print_or_write(args: argparse.Namespace, text: str, inputs: list[str]) -> None:
    if args.output:
        writegate.write_outputs([writegate.Output(args.output, _encoded(text))], inputs)
        say(f"wrote {writegate.shown(args.output)}")
    else:
        emit(text)


def cmd_coverage(args: argparse.Namespace, gaps_only: bool = False) -> int:
    from crosswalk.reporters.coverage import FORMATS

    _check_output(args)
    workspace, request, definition = _prepare(args)
    analysis = _compute(workspace, request, definition)
    _print_or_write(args, FORMATS[args.format](analysis, gaps_only),
                    _inputs(workspace, request.profile_path, definition.path if definition else None))
    if gaps_only and args.fail_on_gaps and analysis.gaps:
        return 1
    return 0


def cmd_gaps(args: argparse.Namespace) -> int:
    return cmd_coverage(args, gaps_only=True)


def _report_path(args: argparse.Namespace, definition: Any) -> tuple[str, str | None, str]:
    """Where the report goes, the folder it must stay inside (None: the command line said where) and
    the rendering (xlsx, markdown, html, json).

    The rendering is ``--format``, else the output's extension, else the workbook. A name from a
    report definition (or the default, ``<id>.<extension>``) is written in the working directory, and
    must stay there: a definition cannot send a report up (``../``), elsewhere (an absolute path) or
    through a symbolic link out of it; ``-o`` on the command line goes anywhere."""
    from crosswalk.reporters.report_formats import RENDERINGS, by_extension

    named = args.output or (definition.output if definition and definition.output else None)
    fmt = args.format or (by_extension(named) if named else None) or "xlsx"
    if args.output:
        output, within = args.output, None
    else:
        output = definition.output if definition and definition.output else None
        if output and args.format and by_extension(output) != args.format:
            output = str(Path(output).with_suffix(RENDERINGS[args.format].extension))
        output = output or f"{definition.id if definition else 'crosswalk-report'}{RENDERINGS[fmt].extension}"
        within = os.curdir
    if not args.format and by_extension(output) is None:
        known = ", ".join(r.extension for r in RENDERINGS.values())
        raise ReportUsageError(f"{writegate.shown(output)}: the report name must end in {known} "
                               f"(or say the rendering with --format)")
    return output, within, fmt


_OUTSIDE = ("the working directory: a report definition's output stays inside the folder the command runs in "
            "(symbolic links resolved); pass -o PATH to write elsewhere")


def _report_request(args: argparse.Namespace, request: Any) -> Any:
    """The request with the report-only options of the command line applied (sign-off, paper, official only)."""
    from dataclasses import replace

    signoff = {field: getattr(args, field) for field in ("prepared_by", "reviewed_by", "scope", "classification")
               if getattr(args, field, None) is not None}
    if getattr(args, "signoff_date", None) is not None:
        signoff["date"] = args.signoff_date
    if signoff:
        request = replace(request, signoff=replace(request.signoff, **signoff))
    if getattr(args, "paper", None):
        request = replace(request, paper=args.paper)
    return request


def _refuse_to_replace(args: argparse.Namespace, output: str, within: str | None) -> None:
    """Without ``-o`` (the default name, or a definition's ``output``) an existing file is never replaced
    unless ``--force``: the user did not name it, and may not know a report was written there before.
    With ``-o`` the user named the file, and a regular file there is replaced (:mod:`crosswalk.writegate`).
    Checked before computing (no waiting for a refusal) and again just before writing."""
    if within is not None and not args.force and os.path.lexists(output):
        raise ReportUsageError(f"{writegate.shown(output)} already exists: pass -o FILE to write the report elsewhere, "
                               f"or --force (or -o {writegate.shown(output)}) to replace it")


def cmd_report(args: argparse.Namespace) -> int:
    from crosswalk import reportmodel
    from crosswalk.reporters.report_formats import render

    _check_output(args)
    workspace, request, definition = _prepare(args)
    request = _report_request(args, request)
    output, within, fmt = _report_path(args, definition)
    writegate.resolve(output, within=within, outside=_OUTSIDE)  # before the seconds a large workbook takes
    _refuse_to_replace(args, output, within)
    analysis = _compute(workspace, request, definition)
    report = reportmodel.build(analysis)
    data = render(fmt, report)
    inputs = _inputs(workspace, request.profile_path, definition.path if definition else None)
    _refuse_to_replace(args, output, within)
    writegate.write_outputs([writegate.Output(output, data)], inputs, within, _OUTSIDE)
    say(f"wrote {writegate.shown(output)}: {analysis.title}")
    for line in (report.headline.answer, *(limit.text for limit in report.headline.limits)):
        say(f"  {line}")
    return 0


def cmd_overview(args: argparse.Namespace) -> int:
    from crosswalk.overview import overview
    from crosswalk.reporters.overview import FORMATS

    _check_output(args)
    workspace = _library(args)
    via = tuple(args.via or ())
    built = _graph(workspace, (args.source, *via))
    view = overview(workspace, args.source, args.profile, via, bool(args.direct), args.max_hops or 3, built)
    for ref, why in view.skipped:
        say(f"crosswalk: note: {ref} left out of the overview: {why}")
    _print_or_write(args, FORMATS[args.format](view), _inputs(workspace, args.profile))
    return 0


_TO_STDOUT = ("write to FILE instead of stdout (atomically; a regular file or a new path in an existing folder, never a "
              "file the run reads)")


def _options(p: argparse.ArgumentParser, common: Callable[..., None], formats: tuple[str, ...] | None,
             one_target: bool = True, output_help: str = _TO_STDOUT) -> None:
    """The comparison options, shared by the pair commands and ``overview`` (which has no ``--to``)."""
    p.add_argument("--from", dest="source", metavar="REF", required=not one_target,
                   help="source framework (what was done), id or id@version")
    if one_target:
        p.add_argument("--to", dest="target", metavar="REF", help="target framework (what is asked for)")
        p.add_argument("--official-only", action=argparse.BooleanOptionalAction, default=None,
                       help="use only official mapping rows (mapping and row judgement official): leaves out rows "
                            "of our judgement, such as the US-Singapore principle mappings")
        p.add_argument("--associations", action=argparse.BooleanOptionalAction, default=None,
                       help="list links that imply no set relation (the default); --no-associations lists set "
                            "relations only: same statuses, far fewer rows, much faster on large libraries")
    p.add_argument("--profile", metavar="FILE", help="implementation status of the source framework (profile YAML)")
    p.add_argument("--via", action="append", metavar="REF", help="allow only these pivot frameworks; repeatable")
    p.add_argument("--direct", action=argparse.BooleanOptionalAction, default=None,
                   help="use only direct mappings between the frameworks compared (--no-direct: pivots too, the default)")
    p.add_argument("--max-hops", type=int, default=None, choices=range(1, 7), metavar="N",
                   help="most mapping rows on one inferred path (default 3)")
    p.add_argument("-o", "--output", metavar="FILE", help=output_help)
    p.add_argument("--no-cache", action="store_true",
                   help="neither read nor write the cache of parsed files (~/.cache/crosswalk)")
    if formats:
        common(p, formats)
    else:
        p.add_argument("--library", action="append", default=[], metavar="PATH", help="also load PATH; repeatable")
        p.add_argument("--no-builtin", action="store_true", help="do not load the built-in library")


def register(commands: Any, common: Callable[..., None]) -> None:
    formats = ("text", "json", "csv", "markdown")
    p = commands.add_parser("coverage", help="what the source framework covers of the target, element by element")
    _options(p, common, formats)
    p.add_argument("definition", nargs="?", help="optional report definition (file or id) to take options from")
    p.set_defaults(func=cmd_coverage)

    p = commands.add_parser("gaps", help="target elements not (fully) covered, with the nearest evidence")
    _options(p, common, formats)
    p.add_argument("definition", nargs="?", help="optional report definition (file or id) to take options from")
    p.add_argument("--fail-on-gaps", action="store_true", help="exit 1 when there are gaps")
    p.set_defaults(func=cmd_gaps)

    p = commands.add_parser("overview", help="what the source framework gives of every other framework (one table)")
    _options(p, common, formats, one_target=False)
    p.set_defaults(func=cmd_overview)

    p = commands.add_parser("report", help="write the gap report (Excel workbook, Markdown, HTML page or JSON) for a "
                                           "report definition or options")
    p.add_argument("definition", nargs="?", help="report definition: a file or a report id from 'crosswalk list'")
    _options(p, common, None, output_help=(
        "write the report to FILE (atomically; a regular file, replaced, or a new path in an existing folder, never a "
        "file the run reads); its extension picks the rendering. Default: the definition's output, else "
        "<definition id>.xlsx (or .md, .html, .json with --format), or crosswalk-report.xlsx "
        "without a definition, in the working directory, never replacing a file already there (see --force)"))
    p.add_argument("--force", action="store_true",
                   help="without -o, replace the default output file if it exists (else report refuses, exit 2)")
    p.add_argument("--format", choices=("xlsx", "markdown", "html", "json"), default=None,
                   help="the rendering; default: from the output's extension (.xlsx, .md, .html, .json), else xlsx")
    signoff = p.add_argument_group("sign-off (printed on the first page; also keys under 'signoff:' in a definition)")
    signoff.add_argument("--prepared-by", metavar="NAME")
    signoff.add_argument("--reviewed-by", metavar="NAME")
    signoff.add_argument("--signoff-date", metavar="YYYY-MM-DD", type=_iso_date)
    signoff.add_argument("--scope", metavar="TEXT", help="the AI systems or business unit the report covers")
    signoff.add_argument("--classification", metavar="LABEL",
                         help="a label such as Confidential, printed on every page")
    p.add_argument("--paper", choices=("a4", "letter"), default=None, help="the paper the workbook prints on "
                                                                            "(landscape; default a4)")
    p.set_defaults(func=cmd_report)


def _iso_date(text: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None
