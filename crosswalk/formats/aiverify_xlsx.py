"""AI Verify Testing Framework 2025 (traditional and generative AI) process-checklist workbook.

Why an importer: IMDA publishes the 2025 edition as an Excel workbook (one sheet per principle,
a "Process Checklist" block and sometimes a "Technical Testing" block), and organisations fill in
its "Completed" and "Elaboration" columns. The framework comes out of the workbook itself, and a
filled-in workbook becomes a profile of ``aiverify@2025``, so an organisation's own answers feed
straight into coverage reports. The 2025 numbering is not the 2023 toolkit's: the two are never
joined on ids.

Options (``--option KEY=VALUE``): :data:`OPTIONS`, also listed by ``crosswalk import --help``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from crosswalk.formats import ImportProblem, Option, checked_options
from crosswalk.formats.finish import ELEMENT_ID, finish, id_option
from crosswalk.formats.workbook import open_workbook, sheet_rows

NAME = "aiverify-2025-xlsx"
DESCRIPTION = "AI Verify Testing Framework 2025 process-checklist workbook (.xlsx) -> framework and/or profile"

OPTIONS = (
    Option("what", "profile (the default): the answers in the 'Completed' column, as a profile of aiverify@2025; "
                   "framework: the workbook's texts, as a framework; both"),
    Option("id", "the profile's id (default: <file name>-aiverify-2025)"),
    Option("organisation", "the organisation the answers are from, written into the profile"),
    Option("title", "the profile's title"),
    Option("date", "the date of the answers, YYYY-MM-DD"),
)

SHEET = re.compile(r"^([0-9]{1,9})\.\s")
COLUMNS = 9  # A-I: outcome id, type of AI, outcome, process id, process, evidence type, evidence, completed, elaboration
HEADER_FIRST = "Outcome ID"
BLOCKS = {"Process Checklist": "process-check", "Technical Testing": "technical-test"}
ANSWERS = {"yes": "implemented", "no": "not-implemented", "not applicable": "not-applicable", "n.a.": "not-applicable",
           "na": "not-applicable", "n/a": "not-applicable"}
LICENCE = ("Apache License 2.0. Copyright the AI Verify Foundation / IMDA. Ids, titles and texts are the "
           "publisher's, taken from the workbook.")


def _text(value: Any) -> str:
    if value is None:
        return ""
    return "\n".join(line.strip() for line in str(value).strip().splitlines()).strip()


def read(path: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Elements (principles, outcomes, processes) and answers found in the workbook."""
    workbook = open_workbook(path)
    try:
        return _read(path, workbook)
    finally:
        workbook.close()


def _read(path: str, workbook: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    elements: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    sheets = [name for name in workbook.sheetnames if SHEET.match(name)]
    if not sheets:
        raise ImportProblem(f"{path}: no principle sheets ('1. Transparency', ...): is this the AI Verify 2025 workbook?")
    numbers: dict[str, str] = {}
    for name in sorted(sheets, key=lambda n: int(SHEET.match(n).group(1))):  # type: ignore[union-attr]
        number = SHEET.match(name).group(1)  # type: ignore[union-attr]
        if number in numbers:
            raise ImportProblem(f"{path}: sheets {numbers[number]!r} and {name!r} both number principle {number}")
        numbers[number] = name
        rows = sheet_rows(path, workbook, name, COLUMNS)
        if not rows or not rows[0] or not _text(rows[0][0]):
            raise ImportProblem(f"{path}: sheet {name!r} cell A1: expected the principle's name")
        statement = _text(rows[1][0]) if len(rows) > 1 and rows[1] else ""
        description = _text(rows[2][0]) if len(rows) > 2 and rows[2] else ""
        elements.append({"id": number, "level": "principle", "title": _text(rows[0][0]),
                         "text": "\n\n".join(t for t in (statement, description) if t),
                         "citation": {"document": "AI Verify Testing Framework (2025)", "section": name}})
        kind = None
        header = False
        outcome = None
        seen_outcomes: set[str] = set()
        for index, row in enumerate(rows, start=1):
            cells = list(row) + [None] * (COLUMNS - len(row))
            first = _text(cells[0])
            if first in BLOCKS:
                kind, header = BLOCKS[first], False
                continue
            if first == HEADER_FIRST:
                if _text(cells[3]) != "Process ID":
                    raise ImportProblem(f"{path}: sheet {name!r} row {index}: expected 'Process ID' in column D")
                header = True
                continue
            if not header:
                continue
            process = _text(cells[3])
            if not process:
                continue
            if not ELEMENT_ID.match(process):
                raise ImportProblem(f"{path}: sheet {name!r} cell D{index}: {process!r} is not a process id like '1.2.3'")
            if first:
                if not ELEMENT_ID.match(first):
                    raise ImportProblem(f"{path}: sheet {name!r} cell A{index}: {first!r} is not an outcome id like '1.2'")
                outcome = first
            if not _text(cells[4]):
                raise ImportProblem(f"{path}: sheet {name!r} cell E{index}: process {process} has no text")
            if outcome is None or not process.startswith(outcome + "."):
                raise ImportProblem(f"{path}: sheet {name!r} cell D{index}: process {process!r} is not under outcome {outcome!r}")
            if outcome not in seen_outcomes:
                seen_outcomes.add(outcome)
                element = {"id": outcome, "level": "outcome", "parent": number, "title": _text(cells[2]),
                           "citation": {"document": "AI Verify Testing Framework (2025)", "section": name}}
                if not element["title"]:  # the workbook leaves a few outcome statements blank
                    element["title"] = f"Outcome {outcome} (no outcome statement in the workbook)"
                    element["wording"] = "ours"
                elements.append(element)
            attributes = {"type_of_ai": _text(cells[1]), "evidence_type": _text(cells[5]), "check": kind or ""}
            elements.append({"id": process, "level": "process", "parent": outcome, "title": _text(cells[4]),
                             "text": _text(cells[6]), "attributes": {k: v for k, v in attributes.items() if v},
                             "citation": {"document": "AI Verify Testing Framework (2025)", "section": name}})
            answer = _text(cells[7]).lower()
            if answer:
                if answer not in ANSWERS:
                    raise ImportProblem(f"{path}: sheet {name!r} cell H{index}: answer {cells[7]!r} is not Yes, No or "
                                        "Not Applicable")
                answers.append({"element": process, "status": ANSWERS[answer], "evidence": _text(cells[8])})
    return elements, answers


def framework_document(elements: list[dict[str, Any]], source_path: str) -> dict[str, Any]:
    return {
        "kind": "framework",
        "id": "aiverify",
        "version": "2025",
        "name": "AI Verify Testing Framework (2025 edition, traditional and generative AI)",
        "short_name": "AI Verify 2025",
        "publisher": "Infocomm Media Development Authority (IMDA) / AI Verify Foundation",
        "source": {"url": "https://github.com/imda-lionelteo/process_check_app",
                   "document": "AI Verify Testing Framework process checklist workbook (aivtf-excel.xlsx)",
                   "retrieved_from": f"imported with 'crosswalk import {NAME}' from {Path(source_path).name}"},
        "licence": LICENCE,
        "notes": "Numbering is the 2025 edition's and differs from the 2023 toolkit's: never join the two on ids. "
                 "Each process carries its type of AI, evidence type and whether it is a process check or a "
                 "technical test.",
        "levels": ["principle", "outcome", "process"],
        "elements": elements,
    }


def convert(path: str, **options: str) -> list[dict[str, Any]]:
    options = checked_options(NAME, OPTIONS, options)
    what = options.get("what", "profile")
    if what not in ("profile", "framework", "both"):
        raise ImportProblem(f"--option what={what}: use profile, framework or both")
    elements, answers = read(path)
    documents: list[dict[str, Any]] = []
    if what in ("framework", "both"):
        documents.append(framework_document(elements, path))
    if what in ("profile", "both"):
        if not answers:
            raise ImportProblem(f"{path}: no answers in column H ('Completed'): nothing to put in a profile; "
                                "use --option what=framework for the framework alone")
        stem = re.sub(r"[^a-z0-9._-]+", "-", Path(path).stem.lower()).lstrip("-._").rstrip("-") or "profile"
        ident = id_option(options["id"]) if options.get("id") else f"{stem}-aiverify-2025"
        profile: dict[str, Any] = {"kind": "profile", "id": ident, "framework": "aiverify@2025"}
        for key in ("organisation", "title", "date"):
            if options.get(key):
                profile[key] = options[key]
        profile["source"] = f"AI Verify 2025 process-checklist workbook {Path(path).name}"
        profile["entries"] = [{k: v for k, v in entry.items() if v} for entry in answers]
        documents.append(profile)
    return finish(path, documents)
