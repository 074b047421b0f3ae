"""``crosswalk migrate FILE --to A@v2 --edition-map ID -o OUT``: carry a mapping or a profile to another edition.

The work is :mod:`crosswalk.editions.migrate`; this module reads options, writes the document (and the
``--report`` json) through :mod:`crosswalk.writegate`, and says on stderr what was carried how. It never
replaces a file already there unless ``--force``: a migrated file is a draft someone may be reviewing.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from crosswalk import writegate
from crosswalk.console import say


def cmd_migrate(args: argparse.Namespace) -> int:
    from crosswalk import __version__
    from crosswalk.editions.migrate import COMPOSED, MERGED, NOT_CARRIED, SPLIT, MigrateError, migrate_file
    from crosswalk.reporters.text_safety import json_text
    from crosswalk.cli import load_library
    from crosswalk.yamlwrite import dump

    if not os.path.isfile(args.file):
        raise MigrateError(f"{writegate.shown(args.file)}: not a file (name a mapping or a profile YAML)")
    workspace = load_library(args)
    inputs = [document.path for document in workspace.documents] + [args.file]
    outputs = [args.output] + ([args.report] if args.report else [])
    for output in outputs:
        writegate.resolve(output, inputs)  # refuse a bad -o before any work
        if os.path.lexists(output) and not args.force:
            raise MigrateError(f"{writegate.shown(output)} already exists: name another file, or pass --force to "
                               "replace it")
    migration = migrate_file(workspace, args.file, args.to, args.edition_map, args.id)
    lost = migration.not_carried
    unit = "row" if migration.kind == "mapping" else "entry"
    if args.strict and lost:
        raise MigrateError(f"{writegate.shown(args.file)}: --strict: nothing written, {len(lost)} {unit}(s) could "
                           f"not be carried: " + "; ".join(_line(item, unit) for item in lost[:10])
                           + (" ..." if len(lost) > 10 else ""))
    data = [writegate.Output(args.output, dump(migration.document).encode("utf-8"))]
    if args.report:
        report = {"tool": "crosswalk", "version": __version__, "kind": migration.kind, "file": args.file,
                  "output": args.output, "id": migration.document["id"], "from": migration.old,
                  "to": migration.new, "edition_map": migration.edition_map, "counts": migration.counts(),
                  "notices": migration.notices, "items": [item.as_json() for item in migration.items],
                  "unanswered_new_elements": migration.added}
        data.append(writegate.Output(args.report, json_text(report).encode("utf-8")))
    writegate.write_outputs(data, inputs)
    counts = migration.counts()
    said = ", ".join(f"{n} {how}" for how, n in counts.items() if n) or f"no {unit}"
    review = counts[COMPOSED] + counts[MERGED] + counts[SPLIT]
    say(f"wrote {writegate.shown(args.output)} ({migration.kind} {migration.document['id']} on {migration.new}, "
        f"through {migration.edition_map}: {said}; {review} marked for review)")
    for notice in migration.notices:
        say(f"migrate: {notice}")
    for item in lost:
        say(f"migrate: {NOT_CARRIED}: {_line(item, unit)}")
    if migration.added:
        say(f"migrate: {len(migration.added)} element(s) of {migration.new} have no edition row and no answer: assess "
            f"them ({', '.join(migration.added[:8])}{' ...' if len(migration.added) > 8 else ''})")
    if args.report:
        say(f"wrote {writegate.shown(args.report)} (what was carried how)")
    return 0


def _line(item: Any, unit: str) -> str:
    where = f"row {item.row} ({', '.join(item.old)})" if unit == "row" else f"{', '.join(item.old)} ({item.status})"
    return f"{where}: {item.reason}"


def register(commands: Any) -> None:
    p = commands.add_parser("migrate", help="carry a mapping or a profile to another edition of its framework "
                                            "through an edition map")
    p.add_argument("file", metavar="FILE", help="the mapping or profile YAML to carry")
    p.add_argument("--to", required=True, metavar="REF", help="the edition to carry it to (id@version)")
    p.add_argument("--edition-map", required=True, metavar="ID",
                   help="the mapping between the two editions (equal, subset_of, superset_of, intersects_with rows)")
    p.add_argument("-o", "--output", required=True, help="the YAML to write")
    p.add_argument("--id", metavar="ID", help="the new document's id (default: the old one with the edition changed)")
    p.add_argument("--report", metavar="FILE", help="also write what was carried how, as JSON")
    p.add_argument("--strict", action="store_true", help="write nothing when some row or entry could not be carried")
    p.add_argument("--force", action="store_true", help="replace the output files if they exist")
    p.add_argument("--library", action="append", default=[], metavar="PATH",
                   help="also load frameworks/mappings from PATH (file or folder); repeatable")
    p.add_argument("--no-builtin", action="store_true", help="do not load the built-in library")
    p.set_defaults(func=cmd_migrate)
