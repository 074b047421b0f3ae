"""Build ``mappings/nist-ai-rmf-1.0--iso-iec-42001-2023.yaml`` from Microsoft's AI RMF to ISO/IEC 42001 crosswalk.

The source is Microsoft's "NIST AI RMF to ISO/IEC FDIS 42001 AI Management system Crosswalk", listed
among the AI RMF crosswalks on NIST's AI Resource Center (a listing, not an endorsement), read from a
marker conversion of its PDF in CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards.
It relates every AI RMF subcategory to clauses 4-10 and Annex controls of the *FDIS* (final draft) of
ISO/IEC 42001, each printed as a number and a heading.

Why a parser and not a hand transcription: the table's rows split across page breaks, its cells wrap
and sometimes slide into the next row, and its numbers follow the draft, not the published standard.
A parser applies one rule to every reference, counts them, converts each number the same way, and
stops on anything it cannot account for; every reading that is a judgement is in ``JUDGEMENTS`` below,
with its reason, and a judgement that no longer matches the source stops the build too.

Rules:

* A row with a label ("Govern 1.1") starts that subcategory (``GOVERN 1.1`` in ``nist-ai-rmf@1.0``);
  a row without one continues the subcategory above it, also across a page break (a blank line in
  the conversion). Such rows get a ``page-break`` note. A label printed twice in a row is one
  subcategory (``repeated-label`` note).
* A row with a number in the third cell is one reference; a row without one continues the heading of
  the reference above. Headings are read only to check the numbers; none is shipped (they are ISO's).
* Numbering: a control printed ``B.x.y`` (the FDIS's annex numbering) is the published control
  ``A.x.y``; a clause number is kept as printed. Both must exist in ``iso-iec-42001@2023``.
* Checks: each number's heading must agree with the heading the document prints for that number most
  often (a wrapped or slid heading that contains, or is contained in, it agrees); a number printed only
  once must not carry exactly another number's usual heading. A reference that fails, or whose number is not
  an id, must have an entry in ``JUDGEMENTS``.
* One row per (subcategory, ISO id) pair, ``related`` (a concept crosswalk: the document types no
  relationship), ``as_written`` the number exactly as the conversion prints it; a pair printed twice
  is one row whose ``as_written`` joins both with "; " (``repeated-reference`` note).

Usage (from the repository root; ``--reference`` defaults to ``../shared/reference``)::

    python scripts/build_library/nist_iso42001_crosswalk.py          # write the mapping
    python scripts/build_library/nist_iso42001_crosswalk.py --check  # exit 1 if the committed file differs
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from crosswalk.atomic import write_text_atomically  # noqa: E402
from crosswalk.yamlio import parse_text, read_text  # noqa: E402
from crosswalk.yamlwrite import dump  # noqa: E402

OUTPUT = ROOT / "mappings" / "nist-ai-rmf-1.0--iso-iec-42001-2023.yaml"
SOURCE = Path("CloudSecurityAlliance_dataset-public-laws-regulations-standards") / "NIST_AI_RMF_to_ISO_IEC_42001_Crosswalk.md"
NIST = ROOT / "frameworks" / "nist-ai-rmf-1.0.yaml"
ISO = ROOT / "frameworks" / "iso-iec-42001-2023.yaml"

LABEL = re.compile(r"^(Govern|Map|Measure|Manage) (\d+\.\d+)$")
NUMBER = re.compile(r"^(B\.)?(\d+(?:\.\d+)*)$")

# The kinds of conversion a row can record. ``fdis-annex`` is never a row note: the row's as_written
# ("B.6.2.4") and target ("A.6.2.4") already show it; every other kind is a note "<kind>: <why>".
KINDS = {
    "fdis-annex": "a control printed with the FDIS annex number B.x.y is the published control A.x.y",
    "misprint": "a number that is no id of the standard, read as the id its heading and context show",
    "title-mismatch": "the number is printed beside the heading the document gives another number; the "
                      "number is followed, and the row is marked judgement: ours",
    "title-variant": "the number is printed beside a heading that is no other number's; the number is followed",
    "page-break": "the reference is printed after a page break, with no label; read as continuing the "
                  "subcategory before the break",
    "repeated-label": "the subcategory's label (and statement) is printed a second time for this reference; "
                      "one subcategory",
    "repeated-reference": "the same reference is printed twice under one subcategory; one row, as_written "
                          "joins both",
}

# Every reference whose number or heading the rules above cannot account for: (subcategory, number as
# printed) -> (ISO id, kind, row judgement, reason). The build fails on an anomaly missing here and on
# an entry that matches no anomaly.
JUDGEMENTS: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("GOVERN 2.1", "72"): (
        "7.2", "misprint", "official",
        "printed '72', which is no clause; its heading is the one the document prints for 7.2 (GOVERN 2.2, "
        "GOVERN 3.2, MAP 1.2, MAP 3.4) and it sits between 7.1 and 7.3, so it is 7.2 with its full stop lost "
        "(a text extraction of the PDF on Scribd reads '7..2': a doubled full stop the conversion dropped)."),
    ("GOVERN 3.2", "B.3.2"): (
        "A.3.2", "title-mismatch", "ours",
        "printed beside the heading the document gives 9.3.2 (GOVERN 2.3, MANAGE 4.3). The number is followed, "
        "as everywhere in this mapping: GOVERN 3.2 defines roles and responsibilities for human-AI "
        "configurations and oversight, the subject of A.3.2; 9.3.2 (inputs to management review) is the "
        "other reading."),
    ("MAP 1.4", "B.2.2"): (
        "A.2.2", "title-mismatch", "ours",
        "printed beside the heading the document gives B.10.4 (GOVERN 5.1, GOVERN 5.2, MANAGE 4.1). The number "
        "is followed, as everywhere in this mapping: the AI policy (A.2.2) is set in the light of business "
        "strategy, which MAP 1.4's business value bears on; A.10.4 (customers) is the other reading."),
    ("MAP 1.5", "6.1.1"): (
        "6.1.1", "title-variant", "official",
        "printed beside the heading 'Objective', which the document gives no number elsewhere (it prints "
        "6.1.1 with the published heading under GOVERN 1.3, MEASURE 1.1, MANAGE 1.3 and MANAGE 2.3). The "
        "number is followed: 6.1.1 sets the AI risk criteria that tell acceptable from unacceptable risk, "
        "which is MAP 1.5's risk tolerance; 6.2 (AI objectives) is the other reading."),
}


@dataclass
class Reference:
    """One ISO reference as printed under one AI RMF subcategory."""

    subcategory: str
    printed: str
    line: int
    heading: list[str] = field(default_factory=list)
    after_break: bool = False
    repeated_label: bool = False

    @property
    def heading_key(self) -> str:
        """The heading folded for comparison: no line breaks, case, commas or doubled spaces."""
        text = " ".join(part for chunk in self.heading for part in chunk.split("<br>"))
        return " ".join(text.replace(",", " ").lower().split())


def cells(markdown: str) -> list[tuple[int, list[str] | None]]:
    """(line number, the row's four cells) per table row, and (line number, None) per page break."""
    out: list[tuple[int, list[str] | None]] = []
    for number, line in enumerate(markdown.splitlines(), 1):
        if not line.startswith("|"):
            if not line.strip():
                out.append((number, None))
            continue
        parts = [part.strip() for part in line.strip().strip("|").split("|")]
        if len(parts) != 4:
            raise SystemExit(f"line {number}: expected 4 cells, found {len(parts)}: {line!r}")
        if all(set(part) <= set("-") for part in parts) or parts[1] == "AI RMF":
            continue
        out.append((number, parts))
    return out


def read_table(markdown: str) -> tuple[list[Reference], dict[str, str]]:
    """Every reference in reading order, and each subcategory's statement as printed."""
    references: list[Reference] = []
    statements: dict[str, list[list[str]]] = {}  # a repeated label prints the statement again: one list each
    current: str | None = None
    broken = False
    for number, row in cells(markdown):
        if row is None:
            broken = current is not None
            continue
        label, statement, printed, heading = row
        repeated = False
        if label:
            match = LABEL.match(label)
            if not match:
                raise SystemExit(f"line {number}: cannot read the label {label!r}")
            subcategory = f"{match.group(1).upper()} {match.group(2)}"
            if subcategory == current:
                repeated = True
                statements[subcategory].append([])
            elif subcategory in statements:
                raise SystemExit(f"line {number}: {subcategory} starts a second time")
            else:
                current, statements[subcategory] = subcategory, [[]]
            broken = False
        elif current is None:
            raise SystemExit(f"line {number}: a row before the first subcategory")
        if statement:
            statements[current][-1].append(statement)
        if printed:
            references.append(Reference(current, printed, number, [heading] if heading else [],
                                        after_break=broken, repeated_label=repeated))
        elif heading:
            if not references or references[-1].subcategory != current:
                raise SystemExit(f"line {number}: a heading with no reference above it: {heading!r}")
            references[-1].heading.append(heading)
    text: dict[str, str] = {}
    for key, printings in statements.items():
        versions = {" ".join(" ".join(parts).replace("<br>", " ").split()) for parts in printings}
        if len(versions) != 1:
            raise SystemExit(f"{key} is printed twice with different statements: {sorted(versions)}")
        text[key] = versions.pop()
    return references, text


def published_id(printed: str) -> str | None:
    """The published id a printed number names by the systematic rule, or None when it is no number."""
    match = NUMBER.match(printed)
    if not match:
        return None
    return f"A.{match.group(2)}" if match.group(1) else match.group(2)


def usual_headings(references: list[Reference]) -> dict[str, str]:
    """For each printed number, the heading the document prints for it most often (first seen wins a tie)."""
    seen: dict[str, Counter[str]] = {}
    for ref in references:
        seen.setdefault(ref.printed, Counter())[ref.heading_key] += 1
    return {printed: counts.most_common(1)[0][0] for printed, counts in seen.items()}


def agrees(heading: str, usual: str) -> bool:
    """A heading agrees with the usual one when either contains the other (wrapped or slid cells)."""
    return bool(heading) and (heading in usual or usual in heading)


def anomalies(references: list[Reference], ids: set[str]) -> list[Reference]:
    """References that the systematic rules cannot account for: a number that is no id, a heading that
    disagrees with the one usual for its number, or, for a number printed only once (which has no other
    printing to agree with), a heading that is the usual heading of another number."""
    usual = usual_headings(references)
    printings = Counter(ref.printed for ref in references)

    def odd(ref: Reference) -> bool:
        if published_id(ref.printed) not in ids or not agrees(ref.heading_key, usual[ref.printed]):
            return True
        return printings[ref.printed] == 1 and any(
            other != ref.printed and ref.heading_key == heading for other, heading in usual.items())
    return [ref for ref in references if odd(ref)]


def rows_from(references: list[Reference], ids: set[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    odd = {(ref.subcategory, ref.printed) for ref in anomalies(references, ids)}
    unexplained = sorted(odd - set(JUDGEMENTS))
    if unexplained:
        raise SystemExit(f"references no rule or judgement accounts for: {unexplained}")
    unused = sorted(set(JUDGEMENTS) - odd)
    if unused:
        raise SystemExit(f"judgements that match nothing in the source: {unused}")
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for ref in references:
        if (ref.subcategory, ref.printed) in JUDGEMENTS:
            target, kind, judgement, reason = JUDGEMENTS[(ref.subcategory, ref.printed)]
            notes = [f"{kind}: {reason}"]
        else:
            target, judgement, notes = published_id(ref.printed) or "", "official", []
        if target not in ids:
            raise SystemExit(f"line {ref.line}: {target!r} is not an id of iso-iec-42001@2023")
        if ref.after_break:
            notes.append(f"page-break: printed at the top of the next page with no label; read as continuing "
                         f"{ref.subcategory}, the subcategory before the break.")
        if ref.repeated_label:
            notes.append(f"repeated-label: the label {ref.subcategory} is printed again for this reference.")
        row = pairs.get((ref.subcategory, target))
        if row is None:
            pairs[(ref.subcategory, target)] = {"source": ref.subcategory, "target": target, "relationship": "related",
                                                "as_written": ref.printed, "judgement": judgement, "notes": notes}
        else:
            row["as_written"] += f"; {ref.printed}"
            row["notes"] += notes + [f"repeated-reference: {ref.printed} is printed twice under {ref.subcategory}."]
    rows = []
    for row in pairs.values():
        out = {key: row[key] for key in ("source", "target", "relationship", "as_written")}
        if row["judgement"] != "official":
            out["judgement"] = row["judgement"]
        if row["notes"]:
            out["note"] = " ".join(row["notes"])
        rows.append(out)
    stats = {
        "references": len(references),
        "annex": sum(1 for ref in references if ref.printed.startswith("B.")),
        "rows": len(rows),
        "targets": len({row["target"] for row in rows}),
        "subcategories": len({ref.subcategory for ref in references}),
        "page_break": sum(1 for ref in references if ref.after_break),
        "repeated": [f"{r['source']} -> {r['target']} ({r['as_written']})" for r in rows if ";" in r["as_written"]],
        "ours": [f"{r['source']} -> {r['target']}" for r in rows if r.get("judgement") == "ours"],
    }
    return rows, stats


def load_framework(path: Path) -> dict[str, Any]:
    return parse_text(read_text(str(path)))


def fold(text: str) -> str:
    """Statements compared with typography, hyphens and spacing folded: the PDF wraps at hyphens and
    the conversion turns some of them into spaces, and its quotes and dashes differ from NIST's."""
    for a, b in (("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "-"), ("-", " ")):
        text = text.replace(a, b)
    return " ".join(text.rstrip(".").split()).lower()


def build(reference: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    markdown = (reference / SOURCE).read_text("utf-8")
    nist = {e["id"]: e for e in load_framework(NIST)["elements"]}
    iso_ids = {e["id"] for e in load_framework(ISO)["elements"]}
    references, statements = read_table(markdown)
    subcategories = [i for i, e in nist.items() if e["level"] == "subcategory"]
    if list(statements) != subcategories:
        raise SystemExit(f"the table's subcategories are not the AI RMF's 72, in order: {list(statements)}")
    differing = [s for s, text in statements.items() if not fold(nist[s]["text"]).startswith(fold(text))]
    rows, stats = rows_from(references, iso_ids)
    stats["statements_differing"] = differing
    kinds = "; ".join(f"{kind}: {what}" for kind, what in KINDS.items())
    notes = "\n".join([
        "Transcribed from Microsoft's crosswalk, one row per (AI RMF subcategory, ISO/IEC 42001 id) pair: "
        f"{stats['references']} references printed ({stats['annex']} Annex controls, "
        f"{stats['references'] - stats['annex']} clauses) under all {stats['subcategories']} subcategories, "
        f"giving {stats['rows']} rows over {stats['targets']} distinct ISO/IEC 42001 ids.",
        "The document cites the FDIS (final draft) of ISO/IEC 42001. Its clause numbers are the published ones; "
        "its controls are printed B.x.y and read as the published control A.x.y: the heading printed beside each "
        "of the 38 is the published control heading (36 word for word, A.5.4 and A.6.1.3 worded slightly "
        "differently, same subject), and in the published standard B.x.y is the implementation guidance for "
        "control A.x.y, so either reading names the same control. Every converted id exists in "
        "iso-iec-42001@2023. The clause headings agree with the published ones too (compared in "
        "tests/test_iso42001_crosswalk.py, where the reference data is present); 6.1.1-6.1.4 only with public "
        "descriptions of the published clause structure. The FDIS itself was not available to check against.",
        "as_written is each number exactly as the conversion prints it; the headings printed beside the numbers "
        "are ISO's and are not copied, they are only used to check the numbers.",
        "The document types no relationship: every row is 'related' (NIST IR 8477 concept crosswalk), with no "
        "strength or rationale of ours. Rows whose target is our reading of an ambiguous reference say "
        f"judgement: ours ({'; '.join(stats['ours']) or 'none'}).",
        "Kinds of conversion, named at the start of a row's note (fdis-annex rows carry none): " + kinds + ".",
        f"Pairs printed twice under one subcategory: {'; '.join(stats['repeated']) or 'none'}. References printed "
        f"after a page break with no label: {stats['page_break']}.",
        "Built by scripts/build_library/nist_iso42001_crosswalk.py from a marker conversion of the PDF "
        "(CloudSecurityAlliance-DataSets/dataset-public-laws-regulations-standards, CC0 for the conversion, used "
        "as a transcription aid); the 72 subcategory labels were checked against frameworks/nist-ai-rmf-1.0.yaml "
        "and their statements compared with it.",
    ])
    document = {
        "kind": "mapping",
        "id": "nist-ai-rmf-1.0--iso-iec-42001-2023",
        "title": "NIST AI RMF 1.0 subcategories to ISO/IEC 42001:2023 clauses and Annex A controls (Microsoft's crosswalk)",
        "source": "nist-ai-rmf@1.0",
        "target": "iso-iec-42001@2023",
        "style": "concept",
        "provenance": {
            "author": "Microsoft",
            "authority": "Microsoft (a vendor, neither a standards body nor a government); listed among the AI RMF "
                         "crosswalks on NIST's AI Resource Center, which does not make it NIST's or endorsed by NIST",
            "document": "NIST AI RMF to ISO/IEC FDIS 42001 AI Management system Crosswalk",
            "method": "human",
            "status": "final",
            "judgement": "official",
            "note": "'official' here means only that the rows transcribe the publisher's (Microsoft's) document, "
                    "not that NIST, ISO or IEC made or approved them. The document is undated and maps to the FDIS "
                    "of ISO/IEC 42001, not to the published standard; its copyright status is unverified (the CSA "
                    "metadata labels it NIST-PD, but Microsoft wrote it), so only the correspondences and the "
                    "reference numbers are kept.",
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
    print(f"{stats['references']} references ({stats['annex']} Annex controls) under {stats['subcategories']} "
          f"subcategories -> {stats['rows']} rows, {stats['targets']} distinct ISO ids; repeated pairs: "
          f"{stats['repeated'] or 'none'}; after a page break: {stats['page_break']}; judgement ours: {stats['ours']}; "
          f"statements that differ from the framework's: {stats['statements_differing'] or 'none'}")
    if args.check:
        same = args.output.is_file() and args.output.read_text("utf-8") == text
        print(f"{args.output}: {'up to date' if same else 'DIFFERS from a fresh build'}")
        return 0 if same else 1
    write_text_atomically(args.output, text)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
