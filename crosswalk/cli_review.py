"""``crosswalk review --from A --to B [--mapping ID | --id NEW] -o review.xlsx``: a workbook to decide rows in.

The lines are the mapping's rows (pre-filled) and the candidates ``crosswalk suggest`` finds for the
same options; the reviewer's decisions come back with ``crosswalk import review``. The workbook is
written through :mod:`crosswalk.writegate` (atomically, never onto an input) and never replaces a
file already there unless ``--force``: a half-filled review must not be lost to a second run.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from crosswalk import writegate
from crosswalk.console import say


def cmd_review(args: argparse.Namespace) -> int:
    from crosswalk.formats import ExportProblem
    from crosswalk.formats.review import plan as planning
    from crosswalk.formats.review import writer
    from crosswalk.cli import load_library

    if not args.output.lower().endswith(".xlsx"):
        raise ExportProblem(f"-o {writegate.shown(args.output)}: a review workbook is an .xlsx file")
    workspace = load_library(args)
    inputs = [document.path for document in workspace.documents]
    writegate.resolve(args.output, inputs)
    if os.path.lexists(args.output) and not args.force:
        raise ExportProblem(f"{writegate.shown(args.output)} already exists (a review in progress?): name another "
                            "file, or pass --force to replace it")
    candidates, method = _candidates(workspace, args)
    plan = planning.plan(workspace, args.source, args.target, mapping=args.mapping, new_id=args.id,
                         candidates=candidates, method=method)
    data = writer.write(plan, paper=args.paper, generated=_today())
    writegate.write_outputs([writegate.Output(args.output, data)], inputs)
    existing = sum(1 for line in plan.lines if line.row is not None)
    say(f"wrote {writegate.shown(args.output)} (review of {plan.document['id']}: {existing} existing row(s), "
        f"{len(plan.lines) - existing} candidate pair(s){f', method {method}' if method else ''})")
    return 0


def _candidates(workspace: Any, args: argparse.Namespace) -> tuple[list[Any], str]:
    """The suggestions for the review's pairs (as ``crosswalk suggest`` ranks them for the same
    options), and the method's name; none with ``--top 0``."""
    if args.top == 0:
        return [], ""
    from crosswalk.cli import UsageError
    from crosswalk.suggest import SuggestError, suggest
    from crosswalk.suggest.embedding import EmbeddingUnavailable

    try:
        found = suggest(workspace, args.source, args.target, top=args.top, elements=args.element or None,
                        leaves_only=args.leaves, subtree=args.subtree, within=args.within, method=args.method,
                        target_levels=args.level or None)
    except (SuggestError, EmbeddingUnavailable) as exc:
        raise UsageError(str(exc)) from None
    return list(found), found.method


def _today() -> str:
    """The date printed on the workbook: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date().isoformat()
    return datetime.date.today().isoformat()


def register(commands: Any) -> None:
    p = commands.add_parser("review", help="write a review workbook: a mapping's rows and suggested pairs to decide in Excel")
    p.add_argument("--from", dest="source", required=True, metavar="REF", help="the mapping's source framework")
    p.add_argument("--to", dest="target", required=True, metavar="REF", help="the mapping's target framework")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--mapping", metavar="ID", help="review this mapping (its rows pre-filled); else a new one")
    which.add_argument("--id", metavar="ID", help="the new mapping's id (default: <from>--<to>-reviewed)")
    p.add_argument("--top", type=int, default=10, metavar="K",
                   help="candidates per source element (default 10; 0: only the mapping's rows)")
    p.add_argument("--element", action="append", default=[], metavar="ID", help="only these source elements (repeatable)")
    p.add_argument("--leaves", action="store_true", help="only leaves, on both sides")
    p.add_argument("--subtree", metavar="ID", help="only target elements under this one")
    p.add_argument("--within", metavar="MAPPING", help="only pairs whose ancestors this (concept) mapping relates")
    p.add_argument("--level", action="append", default=[], metavar="LEVEL", help="only candidates at this level (repeatable)")
    p.add_argument("--method", default="auto", help="how candidates are ranked: lexical, embedding, hybrid or auto "
                                                   "(the best installed; see 'crosswalk suggest --help')")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="the paper it prints on (landscape)")
    p.add_argument("-o", "--output", required=True, help="the .xlsx to write")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")
    p.add_argument("--library", action="append", default=[], metavar="PATH",
                   help="also load frameworks/mappings from PATH (file or folder); repeatable")
    p.add_argument("--no-builtin", action="store_true", help="do not load the built-in library")
    p.set_defaults(func=cmd_review)
