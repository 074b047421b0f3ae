"""Validation findings in the formats CI systems read: text, json, github, sarif, junit.

Why all here: each format is a few lines over the same :class:`Finding` list, and keeping them side
by side keeps their field choices consistent. Paths in machine formats use forward slashes.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath
from typing import Callable
from xml.etree import ElementTree as ET

from crosswalk import __version__
from crosswalk.findings import ERROR, Finding
from crosswalk.validate import ValidationResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _posix(path: str) -> str:
    return PurePath(path).as_posix()


def text(result: ValidationResult) -> str:
    lines = [f"{f.place}: {f.level} {f.message} [{f.rule}]" for f in result.findings]
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
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def escape_data(value: str) -> str:
    """Escape a workflow-command message (GitHub's toolkit escapeData)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow-command property value (GitHub's toolkit escapeProperty)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(result: ValidationResult) -> str:
    lines = []
    for f in result.findings:
        command = "error" if f.level == ERROR else "warning"
        props = ",".join(
            f"{key}={escape_property(str(value))}"
            for key, value in (("file", _posix(f.file)), ("line", f.line), ("col", f.column), ("title", f"crosswalk {f.rule}"))
        )
        lines.append(f"::{command} {props}::{escape_data(f.message)}")
    counts = result.counts()
    lines.append(f"crosswalk: {counts['error']} error(s), {counts['warning']} warning(s) in {len(result.checked_files)} file(s)")
    return "\n".join(lines) + "\n"


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
                    "artifactLocation": {"uri": _posix(f.file)},
                    "region": _region(f.place),
                }
            }],
        }
        if f.related:
            entry["relatedLocations"] = [
                {"id": n, "physicalLocation": {"artifactLocation": {"uri": _posix(p.file)}, "region": _region(p)}}
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
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", value)


def junit(result: ValidationResult) -> str:
    by_file: dict[str, list[Finding]] = {path: [] for path in result.checked_files}
    for f in result.findings:
        by_file.setdefault(f.file, []).append(f)
    suites = ET.Element("testsuites", name="crosswalk validate", tests=str(len(by_file)),
                        failures=str(sum(1 for fs in by_file.values() if any(f.level == ERROR for f in fs))))
    suite = ET.SubElement(suites, "testsuite", name="crosswalk validate", tests=str(len(by_file)),
                          failures=suites.get("failures", "0"), errors="0", skipped="0")
    for path in sorted(by_file):
        case = ET.SubElement(suite, "testcase", classname="crosswalk.validate", name=_posix(path), file=_posix(path))
        errors = [f for f in by_file[path] if f.level == ERROR]
        warnings = [f for f in by_file[path] if f.level != ERROR]
        if errors:
            failure = ET.SubElement(case, "failure", type=errors[0].rule,
                                    message=_xml_text(f"{len(errors)} error(s): {errors[0].message}"))
            failure.text = _xml_text("\n".join(f"{f.place}: {f.level} {f.message} [{f.rule}]" for f in by_file[path]))
        elif warnings:
            out = ET.SubElement(case, "system-out")
            out.text = _xml_text("\n".join(f"{f.place}: {f.level} {f.message} [{f.rule}]" for f in warnings))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


FORMATS: dict[str, Callable[[ValidationResult], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "sarif": sarif,
    "junit": junit,
}
