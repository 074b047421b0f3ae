"""``crosswalk validate``: its options, and one check written in several formats at once.

Why its own module: the CI gate has options no other command has (``--workspace``, ``--output``,
``--fail-on``), and a CI job wants annotations in its log and a SARIF file for code scanning from
one run, not two runs that could disagree (a file saved between them).
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # as in crosswalk.cli: typing costs an import, and annotations here are strings
if TYPE_CHECKING:
    import argparse
    from typing import Any, Callable

FORMATS = ("text", "json", "github", "sarif", "junit")


def output_spec(value: str) -> tuple[str, str]:
    """``FORMAT=FILE`` for ``--output``, split; argparse turns the ValueError into a usage message."""
    import argparse

    fmt, sep, path = value.partition("=")
    if not sep or fmt not in FORMATS or not path:
        raise argparse.ArgumentTypeError(f"{value!r}: write FORMAT=FILE, FORMAT one of {', '.join(FORMATS)} "
                                         "(e.g. sarif=crosswalk.sarif)")
    return fmt, path


def register(commands: Any, common: Callable[..., None]) -> None:
    p = commands.add_parser("validate", help="check frameworks, mappings, profiles and report definitions")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or folders to check, with the findings they cause in the files that depend on them "
                        "(default: the whole workspace)")
    common(p, FORMATS, default=None)
    p.add_argument("--workspace", metavar="DIR",
                   help="the folder holding your frameworks/, mappings/, profiles/ and reports/ (default: the working "
                        "directory, else the folder the PATHs sit in, else the one folder 1-2 levels down that has them)")
    p.add_argument("--output", action="append", default=[], type=output_spec, metavar="FORMAT=FILE",
                   help="also write the report in FORMAT to FILE (atomically), from the same run; repeatable "
                        "(e.g. --format github --output sarif=crosswalk.sarif)")
    p.add_argument("--fail-on", choices=("error", "warning", "never"), default="error",
                   help="lowest level that makes the exit code 1 (default: error)")
    p.add_argument("--no-cache", action="store_true",
                   help="neither read nor write the cache of parsed files and results (~/.cache/crosswalk)")
    p.add_argument("--junit-include-builtin", action="store_true",
                   help="junit: list the shipped library's files as test cases too (by default only those with findings)")
    p.set_defaults(func=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    from crosswalk import cache, writegate
    from crosswalk.console import emit, say
    from crosswalk.reporters.findings import FORMATS as WRITERS
    from crosswalk.reporters.findings import junit
    from crosswalk.validate import validate
    from crosswalk.workspace_root import workspace_roots

    cache.configure(not args.no_cache)
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    for _, path in args.output:  # a bad output is refused before the check, not after it
        writegate.resolve(path)
    roots = workspace_roots(args.workspace, args.paths, args.library)
    for note in roots.notes(bool(args.paths or args.library)):
        say(note)
    result = validate(args.paths, library=args.library, include_builtin=not args.no_builtin, bases=roots.bases)

    def render(name: str) -> str:
        if name == "junit" and args.junit_include_builtin:
            return junit(result, include_builtin=True)
        return WRITERS[name](result)

    emit(render(fmt))
    if args.output:
        outputs = [writegate.Output(path, render(name).encode("utf-8", "backslashreplace")) for name, path in args.output]
        writegate.write_outputs(outputs, result.documents)
        for _, path in args.output:
            say(f"wrote {writegate.shown(path)}")
    return result.exit_code(args.fail_on)
