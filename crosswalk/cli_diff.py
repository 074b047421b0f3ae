"""``crosswalk diff OLD NEW``: what changed between two editions of a framework, and what that touches.

A thin layer: references to frameworks, :mod:`crosswalk.editions` for the work, a rendering, and
the output through :mod:`crosswalk.writegate` (``-o``: written atomically, never onto a file the run
reads). ``--draft-edition-map -o mappings/X.yaml`` writes the matching as a draft mapping instead.
"""

from __future__ import annotations

import argparse
from typing import Any, Callable

from crosswalk import writegate
from crosswalk.console import emit, say


def _framework(workspace: Any, ref: str) -> Any:
    from crosswalk.cli import UsageError
    from crosswalk.suggest.candidates import hint
    from crosswalk.workspace import WorkspaceError

    try:
        found = workspace.framework(ref)
    except WorkspaceError as exc:
        raise UsageError(str(exc)) from None
    if found is None:
        names = sorted(workspace.frameworks) + sorted({fw.id for fw in workspace.frameworks.values()})
        raise UsageError(f"no framework {ref!r} in the library{hint(ref, names)}; see 'crosswalk list'")
    return found


def cmd_diff(args: argparse.Namespace) -> int:
    from crosswalk.cli import UsageError
    from crosswalk.editions import EditionError, diff, draft, draft_id, impact, match
    from crosswalk.editions.render import FORMATS
    from crosswalk.cli import load_library
    from crosswalk.yamlwrite import dump

    workspace = load_library(args)
    old, new = _framework(workspace, args.old), _framework(workspace, args.new)
    if old.ref == new.ref:
        raise UsageError(f"{args.old} and {args.new} are the same edition ({old.ref}): name two editions")
    if old.id != new.id and not args.editions:
        raise UsageError(f"{old.ref} and {new.ref} are different frameworks; if they are editions of one "
                         "another, say so with --editions")
    fmt = args.format or ("xlsx" if args.output and args.output.lower().endswith(".xlsx") else "text")
    if args.draft_edition_map and not args.output:
        raise UsageError("--draft-edition-map writes a mapping file: name it with -o mappings/NAME.yaml")
    if args.draft_edition_map and args.edition_map:
        raise UsageError("--draft-edition-map drafts a map from the automatic matching; do not give --edition-map too")
    if fmt == "xlsx" and not args.output and not args.draft_edition_map:
        raise UsageError("--format xlsx writes a workbook: name it with -o FILE.xlsx")
    inputs = [document.path for document in workspace.documents]
    if args.output:
        writegate.resolve(args.output, inputs)  # refuse a bad -o before the work
    edition_map = None
    if args.edition_map:
        edition_map = workspace.mapping(args.edition_map)
        if edition_map is None:
            from crosswalk.suggest.candidates import hint

            raise UsageError(f"no mapping {args.edition_map!r} in the library"
                             f"{hint(args.edition_map, [m.id for m in workspace.mappings])}; see 'crosswalk list'")
    try:
        result = diff(match(old, new, edition_map))
    except EditionError as exc:
        raise UsageError(str(exc)) from None
    if args.draft_edition_map:
        ident = draft_id(old.ref, new.ref, args.output)
        text = dump(draft(result, ident))
        writegate.write_outputs([writegate.Output(args.output, text.encode("utf-8"))], inputs)
        rows = text.count("\n- source:")
        say(f"wrote {writegate.shown(args.output)} (draft edition map {ident}: {rows} rows; "
            f"review it with: crosswalk review --from {old.ref} --to {new.ref} --mapping {ident} -o review.xlsx)")
        return 0
    touched = impact(workspace, result, args.impact_on or None)
    rendered = FORMATS[fmt](result, touched)
    data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
    if not args.output:
        emit(rendered)
        return 0
    writegate.write_outputs([writegate.Output(args.output, data)], inputs)
    say(f"wrote {writegate.shown(args.output)} ({len(result.changes)} changes, {len(touched)} rows and entries touched)")
    return 0


def register(commands: Any, common: Callable[..., None]) -> None:
    p = commands.add_parser("diff", help="what changed between two editions of a framework, and which mapping "
                                         "rows and profile entries that touches")
    p.add_argument("old", metavar="OLD", help="the earlier edition (id@version)")
    p.add_argument("new", metavar="NEW", help="the later edition (id@version)")
    p.add_argument("--edition-map", metavar="ID",
                   help="a mapping between the two editions whose equal/subset_of/superset_of/intersects_with rows "
                        "say which element is which (default: match by id where content agrees, else by content)")
    p.add_argument("--editions", action="store_true",
                   help="OLD and NEW have different framework ids but are editions of one another")
    p.add_argument("--draft-edition-map", action="store_true",
                   help="write the matching as a draft edition map (a mapping, judgement ours, status draft) to -o")
    p.add_argument("--impact-on", action="append", metavar="FILE",
                   help="list the impact on the mappings and profiles of this file only (repeatable; it must be "
                        "loaded, e.g. with --library); default: the whole library")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write to FILE (atomically; never a file the run reads) instead of standard output")
    common(p, ("text", "json", "markdown", "xlsx"), default=None)
    p.set_defaults(func=cmd_diff)
