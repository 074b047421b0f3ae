"""``crosswalk export FORMAT REF -o OUT``: one framework or mapping of the library in another tool's format.

The output goes through :mod:`crosswalk.writegate` like every file crosswalk writes: written
atomically, never onto an input of the run (a library file), never through a dangling link or into
a folder that does not exist. Without ``-o`` a text format goes to standard output.
"""

from __future__ import annotations

import argparse
from typing import Any

from crosswalk import writegate
from crosswalk.console import emit, say


def cmd_export(args: argparse.Namespace) -> int:
    from crosswalk import formats
    from crosswalk.cli import load_library

    module = formats.get(args.format)
    options: dict[str, Any] = formats.parse_options(args.option, formats.ExportProblem)
    workspace = load_library(args)
    inputs = [document.path for document in workspace.documents]
    if args.output:
        writegate.resolve(args.output, inputs)  # refuse a bad -o before converting
    data = module.export(workspace, args.ref, args.output, **options)
    if not args.output:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise formats.ExportProblem(f"{args.format}: this export is not text: name a file with -o") from None
        emit(text)
        return 0
    writegate.write_outputs([writegate.Output(args.output, data)], inputs)
    say(f"wrote {writegate.shown(args.output)} ({args.format} {args.ref})")
    return 0


class _HelpWithOptions(argparse.Action):
    """``-h`` for ``crosswalk export``: the usual help, then every exporter's ``--option`` keys (listed
    on demand, so that other commands do not import every format module at start-up)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, default: Any = argparse.SUPPRESS,
                 help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        from crosswalk.formats import options_help

        parser.epilog = options_help(command="export")
        parser.print_help()
        parser.exit()


def register(commands: Any) -> None:
    from crosswalk.formats import EXPORTERS

    p = commands.add_parser("export", help="write a framework or mapping in another tool's format", add_help=False,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-h", "--help", action=_HelpWithOptions, help="show this help, with every exporter's options, and exit")
    p.add_argument("format", choices=sorted(EXPORTERS), help="which format")
    p.add_argument("ref", metavar="REF", help="framework id or id@version, or mapping id")
    p.add_argument("-o", "--output", help="file to write (its extension may choose the variant, e.g. .xlsx); "
                                          "default: standard output")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="exporter option, repeatable: the keys of each exporter are listed below")
    p.add_argument("--library", action="append", default=[], metavar="PATH",
                   help="also load frameworks/mappings from PATH (file or folder); repeatable")
    p.add_argument("--no-builtin", action="store_true", help="do not load the built-in library")
    p.set_defaults(func=cmd_export)
