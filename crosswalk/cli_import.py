"""``crosswalk import NAME SOURCE``: run one importer and write its documents atomically."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crosswalk.atomic import write_text_atomically


def cmd_import(args: argparse.Namespace) -> int:
    from crosswalk import importers
    from crosswalk.yamlwrite import dump

    module = importers.get(args.importer)
    options: dict[str, Any] = {}
    for item in args.option:
        key, sep, value = item.partition("=")
        if not sep:
            raise importers.ImportProblem(f"--option {item!r}: write KEY=VALUE")
        options[key.strip().replace("-", "_")] = value
    source = Path(args.source)
    if not source.is_file():
        raise importers.ImportProblem(f"{args.source}: not a file")
    documents = module.convert(str(source), **options)
    if args.output and args.output.endswith(("/", "\\")):
        Path(args.output).mkdir(parents=True, exist_ok=True)  # a trailing slash names a folder
    if args.output and len(documents) > 1 and not Path(args.output).is_dir():
        raise importers.ImportProblem(f"{args.importer} wrote {len(documents)} documents: pass a folder to -o")
    for document in documents:
        text = dump(document)
        if not args.output:
            sys.stdout.write("---\n" + text if len(documents) > 1 else text)
            continue
        out = Path(args.output)
        if out.is_dir():
            suffix = f"-{document['version']}" if document.get("kind") == "framework" else ""
            out = out / f"{document['id']}{suffix}.yaml"
        write_text_atomically(out, text)
        sys.stderr.write(f"wrote {out} ({document['kind']} {document['id']})\n")
    return 0


def register(commands: Any) -> None:
    from crosswalk.importers import IMPORTERS

    p = commands.add_parser("import", help="convert another tool's export into crosswalk YAML")
    p.add_argument("importer", choices=sorted(IMPORTERS), help="which importer")
    p.add_argument("source", help="file to import")
    p.add_argument("-o", "--output", help="file (one document) or folder (one file per document); default stdout")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE", help="importer option; repeatable")
    p.set_defaults(func=cmd_import)
