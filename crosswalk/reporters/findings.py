"""Validation findings in the formats CI systems read: text, json, github, sarif, junit.

Why all here: each format is a few lines over the same :class:`Finding` list, and keeping them side
by side keeps their field choices consistent. Paths in machine formats use forward slashes. File
names and messages carry text from the files checked; what each format escapes, and why, is decided
in :mod:`crosswalk.reporters.text_safety`: text and JUnit spell control, bidi and zero-width
characters as escapes and keep each finding on one line, github keeps newlines for GitHub's own
escaping, json and sarif keep the exact data as JSON escapes.
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote
from typing import Callable
from xml.etree import ElementTree as ET

from crosswalk import __version__
from crosswalk.findings import ERROR, Finding
from crosswalk.reporters.text_safety import json_text, plain, shown
from crosswalk.validate import ValidationResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _posix(path: str) -> str:
    return PurePath(path).as_posix()


def _line(f: Finding) -> str:
    """``path:line:col: level message [rule]``, always one line (see :func:`text_safety.plain`)."""
    return plain(f"{f.place}: {f.level} {f.message} [{f.rule}]")


def text(result: ValidationResult) -> str:
    lines = [_line(f) for f in result.findings]
    counts = result.counts()
    lines.append(
        f"{len(result.checked_files)} file(s) checked: {counts['error']} error(s), {counts['warning']} warning(s)"
    )
    return "\n".join(lines) + "\n"


def as_json(result: ValidationResult) -> str:
    counts = result.counts()
    payload = {
        "tool": "crosswalk",
        "version": __version__,
        "files_checked": len(result.checked_files),
        "errors": counts["error"],
        "warnings": counts["warning"],
        "findings": [f.as_dict() for f in result.findings],
    }
    return json_text(payload)


def escape_data(value: str) -> str:
    """Escape a workflow-command message (GitHub's toolkit escapeData)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow-command property value (GitHub's toolkit escapeProperty)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _annotation_text(value: object) -> str:
    """A file name or message for an annotation: CR and LF stay for GitHub's own escaping (so a file
    whose name holds a newline is still the file annotated), every other unsafe character is
    spelled as an escape (the log viewer would run ESC sequences)."""
    return shown(value, keep="\r\n")


def github(result: ValidationResult) -> str:
    lines = []
    for f in result.findings:
        command = "error" if f.level == ERROR else "warning"
        props = ",".join(
            f"{key}={escape_property(_annotation_text(value))}"
            for key, value in (("file", _posix(f.file)), ("line", f.line), ("col", f.column), ("title", f"crosswalk {f.rule}"))
        )
        lines.append(f"::{command} {props}::{escape_data(_annotation_text(f.message))}")
    counts = result.counts()
    lines.append(f"crosswalk: {counts['error']} error(s), {counts['warning']} warning(s) in {len(result.checked_files)} file(s)")
    return "\n".join(lines) + "\n"


def _uri(path: str) -> str:
    """A SARIF artifact location is a URI reference: the path percent-encoded (a space, ``%``, ``#``
    or control in a file name would otherwise change what it points at), from the file name's own
    bytes (a name that is not UTF-8 holds surrogate escapes, which go back to those bytes). A Windows
    drive (``C:``) stays as it was written."""
    posix, drive = _posix(path), len(PurePath(path).drive)
    return posix[:drive] + quote(posix[drive:], safe="/", errors="surrogateescape")


def _region(finding_place: object) -> dict[str, object]:
    return {"startLine": finding_place.line, "startColumn": finding_place.column}  # type: ignore[attr-defined]


def sarif(result: ValidationResult) -> str:
    from crosswalk.rules import describe

    rules = describe()
    index = {rule_id: position for position, (rule_id, _, _) in enumerate(rules)}
    results = []
    for f in result.findings:
        entry: dict[str, object] = {
            "ruleId": f.rule,
            "ruleIndex": index.get(f.rule, 0),
            "level": "error" if f.level == ERROR else "warning",
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(f.file)},
                    "region": _region(f.place),
                }
            }],
        }
        if f.related:
            entry["relatedLocations"] = [
                {"id": n, "physicalLocation": {"artifactLocation": {"uri": _uri(p.file)}, "region": _region(p)}}
                for n, p in enumerate(f.related)
            ]
        results.append(entry)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "crosswalk",
                "version": __version__,
                "rules": [
                    {"id": rule_id, "shortDescription": {"text": summary},
                     "defaultConfiguration": {"level": "error" if level == ERROR else "warning"}}
                    for rule_id, level, summary in rules
                ],
            }},
            "results": results,
        }],
    }
    return json_text(log)


def junit(result: ValidationResult) -> str:
    by_file: dict[str, list[Finding]] = {path: [] for path in result.checked_files}
    for f in result.findings:
        by_file.setdefault(f.file, []).append(f)
    suites = ET.Element("testsuites", name="crosswalk validate", tests=str(len(by_file)),
                        failures=str(sum(1 for fs in by_file.values() if any(f.level == ERROR for f in fs))))
    suite = ET.SubElement(suites, "testsuite", name="crosswalk validate", tests=str(len(by_file)),
                          failures=suites.get("failures", "0"), errors="0", skipped="0")
    for path in sorted(by_file):
        # Every string is plain text (text_safety.plain): XML 1.0 has no way to write most controls at
        # all, and CI pages show these strings and the finding lines as text.
        name = plain(_posix(path))
        case = ET.SubElement(suite, "testcase", classname="crosswalk.validate", name=name, file=name)
        errors = [f for f in by_file[path] if f.level == ERROR]
        warnings = [f for f in by_file[path] if f.level != ERROR]
        if errors:
            failure = ET.SubElement(case, "failure", type=errors[0].rule,
                                    message=plain(f"{len(errors)} error(s): {errors[0].message}"))
            failure.text = "\n".join(_line(f) for f in by_file[path])
        elif warnings:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(_line(f) for f in warnings)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


FORMATS: dict[str, Callable[[ValidationResult], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "sarif": sarif,
    "junit": junit,
}
