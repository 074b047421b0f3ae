"""``crosswalk suggest --from A --to B``: candidate pairs for a mapping author, best first.

A thin layer: options to :func:`crosswalk.suggest.suggest`, a rendering, and the output through
:mod:`crosswalk.writegate` (``-o``: written atomically, never onto a file the run reads).
"""

from __future__ import annotations

import argparse
from typing import Any, Callable

from crosswalk import writegate
from crosswalk.console import emit, say


def cmd_suggest(args: argparse.Namespace) -> int:
    from crosswalk.cli import UsageError
    from crosswalk.suggest import SuggestError, render, suggest
    from crosswalk.suggest.embedding import EmbeddingUnavailable
    from crosswalk.cli import load_library

    workspace = load_library(args)
    inputs = [document.path for document in workspace.documents]
    if args.output:
        writegate.resolve(args.output, inputs)  # refuse a bad -o before ranking
    try:
        result = suggest(workspace, args.source, args.target, top=args.top, elements=args.element,
                         leaves_only=args.leaves, subtree=args.subtree, within=args.within, method=args.method,
                         target_levels=args.level)
    except (SuggestError, EmbeddingUnavailable) as exc:
        raise UsageError(str(exc)) from None
    source, target = workspace.framework(result.source), workspace.framework(result.target)
    text = render.FORMATS[args.format](result, source, target)
    if not args.output:
        emit(text)
        return 0
    writegate.write_outputs([writegate.Output(args.output, text.encode("utf-8"))], inputs)
    count = sum(len(found) for found in result.by_source.values())
    say(f"wrote {writegate.shown(args.output)} ({count} candidates for {len(result.by_source)} elements, "
        f"method {result.method})")
    return 0


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return number


def register(commands: Any, common: Callable[..., None]) -> None:
    p = commands.add_parser("suggest", help="candidate mapping rows from one framework to another, best first, "
                                            "with the words they share")
    p.add_argument("--from", dest="source", required=True, metavar="REF", help="the framework to map from")
    p.add_argument("--to", dest="target", required=True, metavar="REF", help="the framework to find candidates in")
    p.add_argument("--top", type=_positive, default=10, metavar="K", help="candidates per element (default 10)")
    p.add_argument("--element", action="append", metavar="ID",
                   help="only this source element (repeatable); default: every element")
    p.add_argument("--leaves", action="store_true",
                   help="leaves only, on both sides (source elements unless named with --element, and candidates)")
    p.add_argument("--subtree", metavar="ID", help="only candidates under this target element (itself included)")
    p.add_argument("--level", action="append", metavar="LEVEL", help="only candidates at this level (repeatable)")
    p.add_argument("--within", metavar="MAPPING",
                   help="only pairs whose elements or ancestors a row of this mapping (between the two frameworks) "
                        "relates: refines a category-level crosswalk")
    p.add_argument("--method", choices=("lexical", "embedding", "hybrid", "auto"), default="auto",
                   help="ranking method (default auto: the best measured one installed; embedding and hybrid "
                        "need the extra crosswalk[embeddings])")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write to FILE (atomically; never a file the run reads) instead of standard output")
    common(p, ("text", "json", "csv"))
    p.set_defaults(func=cmd_suggest)
