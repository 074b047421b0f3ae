"""AI Verify Toolkit process-checklist export (JSON) -> the AI Verify framework and a profile of the answers.

Why: an organisation that worked through the AI Verify process checks in the toolkit already has, in
its export, both the framework text (12 checklists, their testable criteria and processes) and its
own answers (Yes / No / Not Applicable, with elaborations). One import turns the answers into a
profile, so its AI Verify work can be measured against any framework the library maps to.

Where the export comes from: the AI Verify Toolkit (2.x) portal, under Manage > User Inputs > AI
Verify Process Checklists: open the checklist group, press the download button ("Export checklists")
and choose JSON. The browser saves ``<group name>_checklists.json`` (``AI Verify Process
Checklists_checklists.json`` for the group of that name), ``{"exportDate": ..., "checklists": [...]}``.

Options (``--option KEY=VALUE``): :data:`OPTIONS`, also listed by ``crosswalk import --help``. The
profile is the default because the framework ``aiverify@2023`` is already in the built-in library;
writing a second copy of it into a workspace would clash with it (``what=framework`` is how the
built-in file is made). The 2025 Excel edition numbers its processes differently and has its own
importer.

Answers: ``Yes`` -> implemented, ``No`` -> not-implemented, ``Not Applicable`` (also ``N.A.``,
``NA``, ``N/A``) -> not-applicable, empty -> no entry (unanswered is unknown, not a gap). The
elaboration becomes the entry's evidence. Texts keep the publisher's wording; ``<br/>`` becomes a
line break and whitespace at line ends is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crosswalk.formats import ImportProblem, Option, checked_options
from crosswalk.formats.finish import MAX_JSON_BYTES, finish, read_input
from crosswalk.formats.strictjson import loads

NAME = "aiverify-checklist"
DESCRIPTION = "AI Verify Toolkit process-checklist export (JSON): a profile of the answers, and/or the aiverify@2023 framework"

FRAMEWORK_ID = "aiverify"
DEFAULT_VERSION = "2023"
DOCUMENT = "AI Verify Process Checklists (AI Verify Toolkit)"
WHAT = ("profile", "framework", "both")
OPTIONS = (
    Option("what", "profile (the default): the answers, as a profile of aiverify@2023; framework: the "
                   "checklist texts, as a framework; both"),
    Option("id", "the profile's id (default: the export's file name in lower case, e.g. "
                 "ai-verify-process-checklists_checklists)"),
    Option("organisation", "the organisation the answers are from, written into the profile"),
    Option("title", "the profile's title (default: '<organisation>: AI Verify process checklist answers')"),
    Option("date", "the date of the answers, YYYY-MM-DD (default: the date of the export's exportDate)"),
    Option("version", f"the framework version the export follows (default {DEFAULT_VERSION}, the 2023 toolkit's "
                      "numbering)"),
    Option("retrieved_from", "where the export came from, written into the framework's source (default: the "
                             "file name)"),
)
STATUS = {
    "yes": "implemented",
    "no": "not-implemented",
    "not applicable": "not-applicable",
    "n.a.": "not-applicable",
    "na": "not-applicable",
    "n/a": "not-applicable",
}
LICENCE = (
    "Apache License 2.0 (https://www.apache.org/licenses/LICENSE-2.0). Copyright 2023 AI Verify "
    "Foundation. Texts from the AI Verify Toolkit process checklists (aiverify-foundation/aiverify); "
    "changes: converted to this format, <br/> written as line breaks, whitespace at line ends removed."
)
PID = re.compile(r"^([1-9][0-9]*)\.([1-9][0-9]*)\.([1-9][0-9]*)$")
BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")  # \Z, not $: "x\n" is no id
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass
class Process:
    pid: str
    text: str
    evidence_type: str
    checks: str
    completed: str
    elaboration: str
    where: str


@dataclass
class Criterion:
    id: str
    text: str
    section: str
    processes: list[Process] = field(default_factory=list)


@dataclass
class Checklist:
    number: str
    cid: str
    name: str
    principle: str
    description: str
    summary: str
    criteria: list[Criterion] = field(default_factory=list)


def clean(text: str) -> str:
    """Publisher text as plain text: ``<br/>`` -> newline, no whitespace at line ends or around the whole."""
    lines = BREAK.sub("\n", text.replace("\r\n", "\n")).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


class _Reader:
    """Walks the export and raises ImportProblem naming the file and the JSON path of what is wrong."""

    def __init__(self, path: str) -> None:
        self.path = path

    def problem(self, where: str, message: str) -> ImportProblem:
        return ImportProblem(f"{self.path}: {where}: {message}")

    def field(self, obj: dict[str, Any], key: str, where: str, required: bool = True) -> str:
        if key not in obj:
            if required:
                raise self.problem(where, f"missing {key!r}: is this an AI Verify Toolkit process checklist export?")
            return ""
        value = obj[key]
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.problem(f"{where}.{key}", f"expected text, found {type(value).__name__}")
        return value

    def array(self, obj: dict[str, Any], key: str, where: str) -> list[Any]:
        value = obj.get(key)
        if not isinstance(value, list):
            found = "nothing" if key not in obj else type(value).__name__
            raise self.problem(f"{where}.{key}" if key in obj else where,
                               f"expected a list {key!r}, found {found}: is this an AI Verify Toolkit process checklist export?")
        return value

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.problem(where, f"expected an object, found {type(value).__name__}")
        return value


def read_export(path: str) -> tuple[dict[str, Any], list[Checklist]]:
    """Parse and check the export; every id is derived from the process ids (``pid``)."""
    reader = _Reader(path)
    data = loads(path, read_input(path, MAX_JSON_BYTES),
                 "expected the AI Verify Toolkit's process checklist export (a .json file)", invalid="not JSON")
    top = reader.obj(data, "$")
    checklists: list[Checklist] = []
    seen: dict[str, str] = {}
    numbers: dict[str, str] = {}
    for ci, raw_checklist in enumerate(reader.array(top, "checklists", "$")):
        cw = f"$.checklists[{ci}]"
        c = reader.obj(raw_checklist, cw)
        checklist = Checklist(
            number="",
            cid=reader.field(c, "cid", cw, required=False),
            name=clean(reader.field(c, "name", cw, required=False)),
            principle=clean(reader.field(c, "principle", cw)),
            description=clean(reader.field(c, "description", cw, required=False)),
            summary=clean(reader.field(c, "summaryJustification", cw, required=False)),
        )
        if not checklist.principle:
            raise reader.problem(f"{cw}.principle", "empty principle name")
        for si, raw_section in enumerate(reader.array(c, "sections", cw)):
            sw = f"{cw}.sections[{si}]"
            s = reader.obj(raw_section, sw)
            section = clean(reader.field(s, "section", sw, required=False))
            for ki, raw_criterion in enumerate(reader.array(s, "criteria", sw)):
                kw = f"{sw}.criteria[{ki}]"
                k = reader.obj(raw_criterion, kw)
                criterion = Criterion(id="", text=clean(reader.field(k, "testableCriteria", kw)), section=section)
                if not criterion.text:
                    raise reader.problem(f"{kw}.testableCriteria", "empty testable criterion")
                processes = reader.array(k, "processes", kw)
                if not processes:
                    raise reader.problem(f"{kw}.processes", "no processes: the criterion's id comes from its processes' pids")
                for pi, raw_process in enumerate(processes):
                    pw = f"{kw}.processes[{pi}]"
                    p = reader.obj(raw_process, pw)
                    pid = reader.field(p, "pid", pw).strip()
                    match = PID.match(pid)
                    if not match:
                        raise reader.problem(f"{pw}.pid", f"{pid!r} is not a process id like '7.4.2'")
                    if pid in seen:
                        raise reader.problem(f"{pw}.pid", f"process {pid} appears twice (first at {seen[pid]})")
                    seen[pid] = f"{pw}.pid"
                    number, outcome = match.group(1), f"{match.group(1)}.{match.group(2)}"
                    if checklist.number and number != checklist.number:
                        raise reader.problem(f"{pw}.pid", f"process {pid} is in the checklist of principle {checklist.number}")
                    if criterion.id and outcome != criterion.id:
                        raise reader.problem(f"{pw}.pid", f"process {pid} is under criterion {criterion.id}")
                    checklist.number, criterion.id = number, outcome
                    process = Process(
                        pid=pid,
                        text=clean(reader.field(p, "process", pw)),
                        evidence_type=clean(reader.field(p, "metric", pw, required=False)),
                        checks=clean(reader.field(p, "processChecks", pw, required=False)),
                        completed=reader.field(p, "completed", pw, required=False).strip(),
                        elaboration=clean(reader.field(p, "elaboration", pw, required=False)),
                        where=pw,
                    )
                    if not process.text:
                        raise reader.problem(f"{pw}.process", f"process {pid} has no text")
                    if process.completed and process.completed.lower() not in STATUS:
                        raise reader.problem(f"{pw}.completed", f"unknown answer {process.completed!r}: "
                                             "use Yes, No, Not Applicable, or leave it empty")
                    criterion.processes.append(process)
                if any(existing.id == criterion.id for existing in checklist.criteria):
                    raise reader.problem(kw, f"criterion {criterion.id} appears twice in this checklist")
                checklist.criteria.append(criterion)
        if not checklist.criteria:
            raise reader.problem(f"{cw}.sections", "no criteria: the principle's id comes from its processes' pids")
        if checklist.number in numbers:
            raise reader.problem(cw, f"principle {checklist.number} appears twice (first at {numbers[checklist.number]})")
        numbers[checklist.number] = cw
        checklists.append(checklist)
    if not checklists:
        raise reader.problem("$.checklists", "the export holds no checklists")
    return top, checklists


def framework_document(checklists: list[Checklist], version: str, retrieved_from: str, export_date: str) -> dict[str, Any]:
    """The framework as the checklists state it: principles, testable criteria (outcomes), processes."""
    elements: list[dict[str, Any]] = []
    for checklist in checklists:
        citation = {"document": DOCUMENT, "section": checklist.name or checklist.principle}
        principle: dict[str, Any] = {"id": checklist.number, "level": "principle", "title": checklist.principle}
        if checklist.description:
            principle["text"] = checklist.description
        principle["citation"] = citation
        if checklist.cid:
            principle["attributes"] = {"checklist_id": checklist.cid}
        elements.append(principle)
        for criterion in checklist.criteria:
            outcome: dict[str, Any] = {"id": criterion.id, "level": "outcome", "title": criterion.text,
                                       "parent": checklist.number, "citation": citation}
            if criterion.section:
                outcome["attributes"] = {"section": criterion.section}
            elements.append(outcome)
            for process in criterion.processes:
                item: dict[str, Any] = {"id": process.pid, "level": "process", "title": process.text}
                if process.checks:
                    item["text"] = process.checks
                item["parent"] = criterion.id
                item["citation"] = citation
                if process.evidence_type:
                    item["attributes"] = {"evidence_type": process.evidence_type}
                elements.append(item)
    counts = {level: sum(1 for e in elements if e["level"] == level) for level in ("principle", "outcome", "process")}
    source: dict[str, Any] = {
        "url": "https://github.com/aiverify-foundation/aiverify",
        "document": DOCUMENT,
        "retrieved_from": retrieved_from,
    }
    if export_date:
        source["note"] = f"Toolkit export dated {export_date}."
    return {
        "kind": "framework",
        "id": FRAMEWORK_ID,
        "version": version,
        "name": "AI Verify Testing Framework (process checklists of the AI Verify Toolkit)",
        "short_name": f"AI Verify {version}",
        "publisher": "Infocomm Media Development Authority (IMDA) / AI Verify Foundation",
        "source": source,
        "licence": LICENCE,
        "description": (
            "The AI Verify Testing Framework as the AI Verify Toolkit's process checklists present it: "
            f"{counts['principle']} principles (the 11 AI Verify principles and Organisational "
            f"Considerations), {counts['outcome']} testable criteria (outcomes) and "
            f"{counts['process']} processes, each with the evidence its process check asks for."
        ),
        "notes": (
            "Ids are the toolkit's process ids (pid N.M.K); a testable criterion is N.M and a principle "
            "N, both derived from the pids. Titles: principle = the checklist's principle name, "
            "outcome = the testable criterion, process = the process; texts: principle = the checklist "
            "description, process = the process-check evidence text; attributes.evidence_type = the "
            "toolkit's 'metric' (type of evidence), attributes.section = the checklist section. All "
            "wording is the publisher's; <br/> is written as a line break and whitespace at line ends and "
            f"around texts is removed. Built by `crosswalk import {NAME} --option what=framework`."
        ),
        "levels": ["principle", "outcome", "process"],
        "elements": elements,
    }


def profile_document(path: str, checklists: list[Checklist], version: str, options: dict[str, str], export_date: str) -> dict[str, Any]:
    """The answers as a profile: one entry per answered process; unanswered ones are listed in the notes."""
    stem = Path(path).stem
    ident = options.get("id") or re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-._") or "aiverify-profile"
    if not SLUG.match(ident):
        raise ImportProblem(f"--option id={ident!r}: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit")
    date = options.get("date") or (export_date[:10] if DATE.match(export_date) else "")
    if date and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date):
        raise ImportProblem(f"--option date={date!r}: write the date as YYYY-MM-DD")
    entries: list[dict[str, Any]] = []
    tally = {"implemented": 0, "not-implemented": 0, "not-applicable": 0}
    unanswered: list[str] = []
    elaborated_only: list[str] = []
    summaries: list[str] = []
    for checklist in checklists:
        if checklist.summary:
            summaries.append(f"- {checklist.number} {checklist.principle}: {checklist.summary}")
        for criterion in checklist.criteria:
            for process in criterion.processes:
                if not process.completed:
                    unanswered.append(process.pid)
                    if process.elaboration:
                        elaborated_only.append(process.pid)
                    continue
                status = STATUS[process.completed.lower()]
                tally[status] += 1
                entry: dict[str, Any] = {"element": process.pid, "status": status}
                if process.elaboration:
                    entry["evidence"] = process.elaboration
                entries.append(entry)
    total = sum(len(c.processes) for k in checklists for c in k.criteria)
    lines = [
        f"Imported from {Path(path).name} with `crosswalk import {NAME}`: {total} processes, "
        f"{tally['implemented']} answered Yes (implemented), {tally['not-implemented']} No (not-implemented), "
        f"{tally['not-applicable']} Not Applicable (not-applicable), {len(unanswered)} unanswered (no entry: "
        "unknown, neither covered nor a gap).",
    ]
    if unanswered:
        lines.append(f"Unanswered: {', '.join(unanswered)}.")
    if elaborated_only:
        lines.append(f"Unanswered but with an elaboration (not imported): {', '.join(elaborated_only)}.")
    if summaries:
        lines.append("Summary justifications from the export:")
        lines.extend(summaries)
    organisation = options.get("organisation", "")
    document: dict[str, Any] = {"kind": "profile", "id": ident, "framework": f"{FRAMEWORK_ID}@{version}"}
    if organisation:
        document["organisation"] = organisation
    document["title"] = options.get("title") or f"{organisation or stem}: AI Verify process checklist answers"
    if date:
        document["date"] = date
    document["source"] = f"AI Verify Toolkit process checklist export {Path(path).name}" + (
        f" (exportDate {export_date})" if export_date else "")
    document["notes"] = "\n".join(lines)
    document["entries"] = entries
    return document


def convert(path: str, **options: str) -> list[dict[str, Any]]:
    """The documents an export yields: by default its profile; see the module docstring for options."""
    options = checked_options(NAME, OPTIONS, options)
    what = options.get("what", "profile")
    if what not in WHAT:
        raise ImportProblem(f"{NAME}: --option what={what!r}: use one of {', '.join(WHAT)}")
    version = options.get("version", DEFAULT_VERSION)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", version):
        raise ImportProblem(f"{NAME}: --option version={version!r} is not a version")
    top, checklists = read_export(path)
    export_date = top.get("exportDate") if isinstance(top.get("exportDate"), str) else ""
    documents: list[dict[str, Any]] = []
    if what in ("framework", "both"):
        retrieved_from = options.get("retrieved_from") or Path(path).name
        documents.append(framework_document(checklists, version, retrieved_from, export_date))
    if what in ("profile", "both"):
        documents.append(profile_document(path, checklists, version, options, export_date))
    return finish(path, documents)
