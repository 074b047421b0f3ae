"""``crosswalk import NAME SOURCE``: run one importer and write its documents atomically."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from crosswalk import writegate
from crosswalk.console import emit, say


def _file_name(document: dict[str, Any]) -> str:
    """``<id>.yaml``, or ``<id>-<version>.yaml`` for a framework: a plain name inside the -o folder."""
    suffix = f"-{document.get('version')}" if document.get("kind") == "framework" else ""
    name = f"{document.get('id')}{suffix}.yaml"
    return writegate.plain_name(name, f"{document.get('kind')} {str(document.get('id'))!r}")


def _inputs(source: str, options: dict[str, str]) -> list[str]:
    """The imported file and every option naming a file (``source_library=...``): never an output."""
    return [source] + [value for value in options.values() if value and os.path.isfile(value)]


def cmd_import(args: argparse.Namespace) -> int:
    from crosswalk import formats
    from crosswalk.yamlwrite import dump

    module = formats.get(args.importer)
    options: dict[str, Any] = formats.parse_options(args.option, formats.ImportProblem)
    source = Path(args.source)
    if not source.is_file():
        raise formats.ImportProblem(f"{writegate.shown(args.source)}: not a file")
    inputs = _inputs(args.source, options)
    into_folder = bool(args.output) and (writegate.names_folder(args.output) or os.path.isdir(args.output))
    if args.output and not into_folder:
        writegate.resolve(args.output, inputs)  # refuse a bad -o before converting
    documents = module.convert(str(source), **options)
    notices = getattr(documents, "notices", [])
    partial = [text for is_partial, text in notices if is_partial]
    if args.strict and partial:
        raise formats.ImportProblem(f"{writegate.shown(args.source)}: --strict: nothing written, the import would be "
                                    f"partial: {'; '.join(partial)}")
    for _, text in notices:
        say(f"{args.importer}: {text}")
    inputs += getattr(documents, "inputs", [])
    texts = [dump(document) for document in documents]
    if not args.output:
        for text in texts:
            emit("---\n" + text if len(documents) > 1 else text)
        return 0
    if len(documents) > 1 and not into_folder:
        raise formats.ImportProblem(f"{args.importer} wrote {len(documents)} documents: pass a folder to -o "
                                      "(end it in '/' to have it created)")
    if into_folder:
        paths = [_file_name(document) for document in documents]  # checked before any folder is made
        folder, created = writegate.prepare_folder(args.output)
        paths = [str(folder / name) for name in paths]
    else:
        paths, created = [args.output], False
    try:
        writegate.write_outputs([writegate.Output(path, text.encode("utf-8")) for path, text in zip(paths, texts)], inputs)
    except BaseException:
        if created:
            try:
                folder.rmdir()  # the folder this run made for files it did not write
            except OSError:
                pass
        raise
    for path, document in zip(paths, documents):
        say(f"wrote {writegate.shown(path)} ({document['kind']} {document['id']})")
    return 0


class _HelpWithOptions(argparse.Action):
    """``-h`` for ``crosswalk import``: the usual help, then every importer's ``--option`` keys.

    Why an action and not a fixed epilog: listing the options imports every importer module (the
    2025 one brings openpyxl), which every other command would then pay for at start-up."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, default: Any = argparse.SUPPRESS,
                 help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        from crosswalk.formats import options_help

        parser.epilog = options_help()
        parser.print_help()
        parser.exit()


def register(commands: Any) -> None:
    from crosswalk.formats import IMPORTERS

    p = commands.add_parser("import", help="convert another tool's export into crosswalk YAML", add_help=False,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-h", "--help", action=_HelpWithOptions, help="show this help, with every importer's options, and exit")
    p.add_argument("importer", choices=sorted(IMPORTERS), help="which importer")
    p.add_argument("source", help="file to import")
    p.add_argument("-o", "--output", help="file (one document) or folder (one file per document; a name ending in '/' is a folder, created if its parent exists); default stdout")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="importer option, repeatable: the keys of each importer are listed below")
    p.add_argument("--strict", action="store_true",
                   help="write nothing when the import would be partial (rows skipped because they name nodes the "
                        "input lacks, ids or values changed to fit crosswalk's rules); the notices say what")
    p.set_defaults(func=cmd_import)
