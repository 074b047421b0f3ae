"""Build ``mappings/nist-ai-rmf-1.0--aiverify-2023.yaml`` from the official NIST-IMDA crosswalk (12 Oct 2023).

Why a parser and not a hand transcription: the only machine-readable copy is a marker conversion of
the PDF, whose table rows are split across page breaks, whose cells break lines with ``<br>`` and
whose ranges break in the middle (``4.1-<br>4.6``, ``7.1 -<br>7.9``). A parser applies one rule to
every cell, counts every reference, expands every range against the real AI Verify ids and fails
when anything does not resolve; a hand copy of 168 references would not be checkable.

Rules, applied to the right-hand column of each AI RMF category:

* A line that holds no digit is the first part of a principle name that wraps ("Inclusive growth,
  Societal & Environmental" + "Well-being 11.1"); it is joined to the next line with a space.
* A line ending in a hyphen wraps a range; it is joined to the next line with nothing when the
  hyphen follows a digit directly ("4.1-" + "4.6" = "4.1-4.6": a break inside a word) and with a
  space otherwise ("7.1 -" + "7.9" = "7.1 - 7.9": a break at a space, which the wrap consumed).
* Each joined line is "<principle name> <reference>[, <reference>...]"; a reference is an id
  ("7.2", "7.4.2") or a range of ids at one level ("4.1-4.6" = 4.1, 4.2, ..., 4.6).
* ``as_written`` keeps the principle name and the reference as printed ("Safety 4.1-4.6").
  A pair cited twice under one category becomes one row whose ``as_written`` joins both with "; ".

Usage (from the repository root; ``--reference`` defaults to ``../shared/reference``)::

    python scripts/build_library/nist_aiverify_crosswalk.py          # write the mapping
    python scripts/build_library/nist_aiverify_crosswalk.py --check  # exit 1 if the committed file differs
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crosswalk.atomic import write_text_atomically  # noqa: E402
from crosswalk.yamlio import parse_text, read_text  # noqa: E402
from crosswalk.yamlwrite import dump  # noqa: E402

OUTPUT = ROOT / "mappings" / "nist-ai-rmf-1.0--aiverify-2023.yaml"
SOURCE = Path("CloudSecurityAlliance_dataset-public-laws-regulations-standards") / "NIST_AI_RMF_to_AI_Verify_Crosswalk.md"
NIST = ROOT / "frameworks" / "nist-ai-rmf-1.0.yaml"
AIVERIFY = ROOT / "frameworks" / "aiverify-2023.yaml"
EXPECTED_TOKENS = 168  # the figure in the reference's SOURCE.md; the build fails if the count differs

CATEGORY = re.compile(r"^(GOVERN|MAP|MEASURE|MANAGE)\s+(\d+)\s*:\s*(.*)$", re.S)
REFERENCE = re.compile(r"^(\d+(?:\.\d+)*)(?:\s*-\s*(\d+(?:\.\d+)*))?$")
LINE_LEAD = re.compile(r"^(.*?)\s+(\d.*)$")


@dataclass
class Token:
    """One reference as printed under one category, and the AI Verify ids it stands for."""

    category: str
    principle: str
    written: str
    ids: list[str]

    @property
    def as_written(self) -> str:
        return f"{self.principle} {self.written}"


def cells(markdown: str) -> list[tuple[str, str]]:
    """The table's (left, right) cells in reading order; header, separator and empty rows dropped."""
    out = []
    for line in markdown.splitlines():
        if not line.startswith("|"):
            continue
        parts = [part.strip() for part in line.strip().strip("|").split("|")]
        if len(parts) != 2:
            raise SystemExit(f"unexpected table row: {line!r}")
        if all(set(part) <= set("-") for part in parts) or parts == ["AI RMF 1.0", "AI Verify Testing Framework"]:
            continue
        out.append((parts[0], parts[1]))
    return out


def group(markdown: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Right-column lines per category, and each category's statement as printed in the left column."""
    lines: dict[str, list[str]] = {}
    statements: dict[str, list[str]] = {}
    current = None
    for left, right in cells(markdown):
        left = re.sub(r"\s*<br>\s*", " ", left).strip()
        match = CATEGORY.match(left)
        if match:
            current = f"{match.group(1)} {match.group(2)}"
            if current in lines:
                raise SystemExit(f"{current} starts twice")
            lines[current], statements[current] = [], [match.group(3)]
        elif left:
            if current is None:
                raise SystemExit(f"text before the first category: {left!r}")
            statements[current].append(left)
        if current is None:
            raise SystemExit(f"reference before the first category: {right!r}")
        lines[current].extend(part.strip() for part in right.split("<br>") if part.strip())
    return lines, {key: " ".join(" ".join(parts).split()) for key, parts in statements.items()}


def join_wrapped(raw: list[str]) -> list[str]:
    """Undo the PDF's line wrapping inside one cell (see the module docstring for the two rules)."""
    out: list[str] = []
    pending = ""
    for line in raw:
        if not pending:
            text = line
        elif pending.endswith("-") and pending[-2:-1].isdigit():
            text = pending + line
        else:
            text = f"{pending} {line}"
        if not re.search(r"\d", text) or text.endswith("-"):
            pending = text
            continue
        out.append(text)
        pending = ""
    if pending:
        raise SystemExit(f"dangling text at the end of a cell: {pending!r}")
    return out


def expand(first: str, last: str | None, known: list[str]) -> list[str]:
    """The ids a reference names: itself, or every id of the same level and parent from first to last."""
    if last is None:
        return [first]
    a, b = first.split("."), last.split(".")
    if len(a) != len(b) or a[:-1] != b[:-1] or int(a[-1]) >= int(b[-1]):
        raise SystemExit(f"range {first}-{last} is not a range of siblings")
    prefix = ".".join(a[:-1])
    ids = [f"{prefix}.{n}" if prefix else str(n) for n in range(int(a[-1]), int(b[-1]) + 1)]
    missing = [i for i in ids if i not in known]
    if missing:
        raise SystemExit(f"range {first}-{last} names ids that do not exist: {missing}")
    return ids


def tokens(markdown: str, known: list[str]) -> tuple[list[Token], dict[str, str]]:
    lines, statements = group(markdown)
    out: list[Token] = []
    for category, raw in lines.items():
        for line in join_wrapped(raw):
            match = LINE_LEAD.match(line)
            if not match:
                raise SystemExit(f"{category}: cannot read {line!r}")
            principle, refs = match.group(1).strip(), match.group(2)
            for written in (part.strip() for part in refs.split(",")):
                ref = REFERENCE.match(written)
                if not ref:
                    raise SystemExit(f"{category}: cannot read reference {written!r} in {line!r}")
                ids = expand(ref.group(1), ref.group(2), known)
                for ident in ids:
                    if ident not in known:
                        raise SystemExit(f"{category}: {ident} ({principle} {written}) is not an AI Verify id")
                out.append(Token(category, principle, written, ids))
    return out, statements


def rows_from(found: list[Token]) -> list[dict[str, Any]]:
    """One row per (category, AI Verify id), in the order the document first cites the pair."""
    by_pair: dict[tuple[str, str], list[str]] = {}
    for token in found:
        for ident in token.ids:
            by_pair.setdefault((token.category, ident), []).append(token.as_written)
    return [
        {"source": category, "target": ident, "relationship": "related", "as_written": "; ".join(written)}
        for (category, ident), written in by_pair.items()
    ]


def load_framework(path: Path) -> dict[str, Any]:
    return parse_text(read_text(str(path)))


def build(reference: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    markdown = (reference / SOURCE).read_text("utf-8")
    aiverify = [e["id"] for e in load_framework(AIVERIFY)["elements"]]
    nist = {e["id"]: e for e in load_framework(NIST)["elements"]}
    found, statements = tokens(markdown, aiverify)
    rows = rows_from(found)

    categories = [i for i, e in nist.items() if e["level"] == "category"]
    if list(statements) != categories:
        raise SystemExit(f"the table's categories {list(statements)} are not the AI RMF's 19 categories")
    # The PDF wraps "third-party" at its hyphen in MAP 4 and MANAGE 3; the conversion reads that wrap
    # as a space, so statements are compared with hyphens and spaces treated alike.
    loose = [c for c, text in statements.items() if text != nist[c]["text"]]
    mismatched = [c for c in loose if statements[c].replace("-", " ") != nist[c]["text"].replace("-", " ")]
    if mismatched:
        raise SystemExit(f"category statements differ from the framework file: {mismatched}")
    if len(found) != EXPECTED_TOKENS:
        raise SystemExit(f"counted {len(found)} references, the reference data says {EXPECTED_TOKENS}")
    repeated = [r for r in rows if ";" in r["as_written"]]
    ranges = [t for t in found if len(t.ids) > 1]
    stats = {
        "tokens": len(found),
        "ranges": len(ranges),
        "rows": len(rows),
        "repeated": [f"{r['source']} -> {r['target']} ({r['as_written']})" for r in repeated],
        "targets": len({r["target"] for r in rows}),
        "hyphen_only": loose,
    }
    notes = "\n".join([
        "Transcribed from the official crosswalk, one row per (AI RMF category, AI Verify id) pair.",
        f"The table cites {stats['tokens']} references (a range counts once; {stats['ranges']} of them are "
        f"ranges such as 'Safety 4.1-4.6', expanded here to the ids they cover), giving {stats['rows']} "
        f"rows over {stats['targets']} distinct AI Verify ids; every cited id exists in aiverify@2023.",
        "References are at mixed granularity as printed: outcomes ('Fairness 7.2') and processes "
        "('Fairness 7.4.2'); a row never rewrites an outcome into its processes.",
        "The document types no relationship: every row is 'related' (NIST IR 8477 concept crosswalk), "
        "with no strength or rationale of ours.",
        "as_written keeps the principle name and the reference as printed (spellings such as 'Human "
        "Agency and Oversight' / 'Human Agency & Oversight' and 'Data governance' are the document's); "
        "line wraps of the PDF are undone: a wrap after a hyphen that follows a digit is joined without "
        "a space ('4.1-4.6'), any other wrap with one space ('7.1 - 7.9').",
        "A pair cited twice under one category is one row whose as_written joins both citations with "
        f"'; ': {'; '.join(stats['repeated']) or 'none'}.",
        "Built by scripts/build_library/nist_aiverify_crosswalk.py from a marker conversion of the PDF "
        "(CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards, CC0, used as a "
        "transcription aid); the 19 category statements of the table were checked against "
        "frameworks/nist-ai-rmf-1.0.yaml.",
    ])
    document = {
        "kind": "mapping",
        "id": "nist-ai-rmf-1.0--aiverify-2023",
        "title": "NIST AI RMF 1.0 categories to the AI Verify Testing Framework (official NIST-IMDA crosswalk)",
        "source": "nist-ai-rmf@1.0",
        "target": "aiverify@2023",
        "style": "concept",
        "provenance": {
            "author": "NIST and IMDA",
            "authority": "U.S. National Institute of Standards and Technology; Singapore Infocomm Media Development Authority",
            "document": "Crosswalk NIST AI Risk Management Framework (AI RMF 1.0) and Singapore's AI Verify Testing Framework",
            "published": "2023-10-12",
            "method": "human",
            "status": "final",
            "judgement": "official",
            "note": "Listed among the AI RMF crosswalks on NIST's AI Resource Center.",
        },
        "notes": notes,
        "rows": rows,
    }
    return document, stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare with the existing file instead of writing")
    args = parser.parse_args(argv)
    document, stats = build(args.reference)
    text = dump(document)
    print(f"{stats['tokens']} references ({stats['ranges']} ranges) -> {stats['rows']} rows, "
          f"{stats['targets']} distinct AI Verify ids; repeated pairs: {stats['repeated'] or 'none'}; "
          f"category statements equal to the framework's but for a hyphen read as a space: {stats['hyphen_only']}")
    if args.check:
        same = args.output.is_file() and args.output.read_text("utf-8") == text
        print(f"{args.output}: {'up to date' if same else 'DIFFERS from a fresh build'}")
        return 0 if same else 1
    write_text_atomically(args.output, text)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
