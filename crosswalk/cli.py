"""The command line: parse options, call one library function, pick a reporter, exit 0, 1, 2 or 130.

Exit codes: 0 clean, 1 findings (or gaps where a command is asked to fail on them), 2 usage, an
output that cannot be written, or internal error, 130 interrupted (Ctrl-C). No command prints a
Python traceback for bad input or a failing file system; set CROSSWALK_DEBUG=1 to see one for a
genuine internal error.
"""

from __future__ import annotations

# Only what entry_point needs before it can catch Ctrl-C: everything else is imported later, inside
# its protection (a KeyboardInterrupt while importing used to print a traceback).
import os
import signal
import sys

from crosswalk import __version__

TYPE_CHECKING = False  # typing itself costs an import, and annotations here are strings
if TYPE_CHECKING:
    import argparse
    from typing import Any, Callable, Sequence

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """Bad options or references: reported on stderr with exit code 2."""


def _emit(text: str) -> None:
    from crosswalk.console import emit

    emit(text)


def _dump(data: Any) -> str:
    from crosswalk.reporters.text_safety import json_text

    return json_text(data)


def load_library(args: argparse.Namespace) -> Any:
    """The workspace of ``--library`` and ``--no-builtin``, its unread-file notices said on stderr: every
    command that reads the library starts here."""
    from crosswalk.console import say
    from crosswalk.workspace import load, unread_notices

    workspace = load(args.library, include_builtin=not args.no_builtin)
    for notice in unread_notices(workspace):
        say(notice)
    return workspace


def cmd_list(args: argparse.Namespace) -> int:
    from crosswalk.views import listing, listing_text

    data = listing(load_library(args))
    _emit(_dump(data) if args.format == "json" else listing_text(data))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from crosswalk import views
    from crosswalk.workspace import WorkspaceError

    workspace = load_library(args)
    try:
        framework = workspace.framework(args.ref)
    except WorkspaceError as exc:
        raise UsageError(str(exc)) from None
    if framework is not None:
        view = views.framework_view(framework)
        _emit(_dump(view) if args.format == "json" else views.framework_text(view))
        return EXIT_OK
    mapping = workspace.mapping(args.ref)
    if mapping is not None:
        view = views.mapping_view(mapping)
        _emit(_dump(view) if args.format == "json" else views.mapping_text(view))
        return EXIT_OK
    from crosswalk.rules.references import suggest

    names = sorted(workspace.frameworks) + sorted({fw.id for fw in workspace.frameworks.values()}) + [m.id for m in workspace.mappings]
    raise UsageError(f"no framework or mapping named {args.ref!r}{suggest(args.ref, names)}; see 'crosswalk list'")


def cmd_rules(args: argparse.Namespace) -> int:
    from crosswalk.rules import describe

    rows = describe()
    if args.format == "json":
        _emit(_dump([{"id": i, "level": level, "summary": s} for i, level, s in rows]))
    else:
        _emit("".join(f"{i:<24} {level:<8} {s}\n" for i, level, s in rows))
    return EXIT_OK


def _common(parser: argparse.ArgumentParser, formats: Sequence[str], default: str | None = "text") -> None:
    parser.add_argument("--format", choices=formats, default=default, help=f"output format (default: {default or 'auto'})")
    parser.add_argument("--library", action="append", default=[], metavar="PATH",
                        help="also load frameworks/mappings from PATH (file or folder); repeatable")
    parser.add_argument("--no-builtin", action="store_true", help="do not load the built-in library")


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(prog="crosswalk", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"crosswalk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    from crosswalk import cli_validate

    cli_validate.register(commands, _common)

    p = commands.add_parser("list", help="list frameworks, mappings, profiles and reports with counts")
    _common(p, ("text", "json"))
    p.set_defaults(func=cmd_list)

    p = commands.add_parser("show", help="print a framework's tree or a mapping's rows")
    p.add_argument("ref", metavar="REF", help="framework id or id@version, or mapping id")
    _common(p, ("text", "json"))
    p.set_defaults(func=cmd_show)

    p = commands.add_parser("rules", help="list the validation rules")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_rules)

    from crosswalk import cli_diff, cli_engine, cli_export, cli_import, cli_migrate, cli_review, cli_suggest

    cli_engine.register(commands, _common)
    cli_import.register(commands)
    cli_export.register(commands)
    cli_suggest.register(commands, _common)
    cli_review.register(commands)
    cli_diff.register(commands, _common)
    cli_migrate.register(commands)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; standard output is flushed before the exit code is final (see :mod:`crosswalk.console`)."""
    from crosswalk.console import finish

    return finish(_run(argv))


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the problem
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    from crosswalk.cli_engine import ReportUsageError
    from crosswalk.console import OutputFailed, say, silence
    from crosswalk.formats import ExportProblem, ImportProblem
    from crosswalk.workspace import WorkspaceError
    from crosswalk.writegate import problem

    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except (UsageError, WorkspaceError, ImportProblem, ExportProblem, ReportUsageError, OutputFailed) as exc:
        say(f"crosswalk: error: {_bounded(str(exc))}")
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (| head): what it wanted, it got
        silence()
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except OSError as exc:  # a file system that says no: the path and the reason, on one line
        say(f"crosswalk: error: {problem(exc)}")
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("CROSSWALK_DEBUG"):
            raise
        say(f"crosswalk: internal error: {type(exc).__name__}: {_bounded(str(exc))} "
            "(please report it; CROSSWALK_DEBUG=1 shows the traceback)")
        return EXIT_USAGE


def _bounded(message: str, limit: int = 1000) -> str:
    """A message cut in the middle when a path in it is absurdly long (a 120 KB -o echoed twice)."""
    return message if len(message) <= limit else f"{message[:limit // 2]} ... {message[-limit // 3:]}"


def _interrupted(signum: int, frame: Any) -> None:
    """Ctrl-C: stop the command once. Further Ctrl-Cs are ignored from here on, so that the way out
    (removing temporaries, undoing a half-done multi-file write) is not itself interrupted."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def entry_point() -> int:
    """The ``crosswalk`` command and ``python -m crosswalk``: :func:`main` in a process that ends with
    the command, which lets the engine freeze the loaded library (see ``cli_engine.FREEZE_LOADED_LIBRARY``).

    Ctrl-C at any moment from here on ends with exit 130 and no traceback: until the command is
    done it raises KeyboardInterrupt inside this function's ``try`` (caught), and once the command
    is done it gets the default action, which ends the process quietly. A Ctrl-C before this
    function runs (while Python starts and imports this module) is out of crosswalk's reach."""
    try:
        try:
            signal.signal(signal.SIGINT, _interrupted)
            handled = True
        except ValueError:  # not the main thread, the only one that may set signal handlers
            handled = False
        from crosswalk import cli_engine

        cli_engine.FREEZE_LOADED_LIBRARY = True
        code = main()
        if handled:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(entry_point())
