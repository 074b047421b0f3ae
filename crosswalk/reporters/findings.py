"""Validation findings in the formats CI systems read: text, json, github, sarif, junit.

Why all here: each format is a few lines over the same :class:`Finding` list, and keeping them side
by side keeps their field choices consistent. Paths in machine formats use forward slashes; SARIF and
JUnit, read by services that know the repository and not this machine, name files relative to the
repository root and the shipped library's files as such (:mod:`crosswalk.reporters.locations`). File
names and messages carry text from the files checked; what each format escapes, and why, is decided
in :mod:`crosswalk.reporters.text_safety`: text and JUnit spell control, bidi and zero-width
characters as escapes and keep each finding on one line, github keeps newlines for GitHub's own
escaping, json and sarif keep the exact data as JSON escapes.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Callable
from xml.etree import ElementTree as ET

from crosswalk import __version__
from crosswalk.findings import ERROR, Finding, Place
from crosswalk.reporters.text_safety import json_text, plain, shown
from crosswalk.validate import ValidationResult


def _posix(path: str) -> str:
    return PurePath(path).as_posix()


def _line(f: Finding) -> str:
    """``path:line:col: level message [rule]``, always one line (see :func:`text_safety.plain`)."""
    return plain(f"{f.place}: {f.level} {f.message} [{f.rule}]")


def _elsewhere(result: ValidationResult) -> str:
    """What the count line adds when findings lie outside the files checked (caused there by them)."""
    others = set(result.affected_files())
    if not others:
        return ""
    count = sum(1 for f in result.findings if f.file in others)
    return f"; {count} of them in {len(others)} other file(s) that the checked files affect"


def text(result: ValidationResult) -> str:
    lines = [_line(f) for f in result.findings]
    counts = result.counts()
    lines.append(
        f"{len(result.checked_files)} file(s) checked: {counts['error']} error(s), {counts['warning']} warning(s)"
        + _elsewhere(result)
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
    lines.append(f"crosswalk: {counts['error']} error(s), {counts['warning']} warning(s) in {len(result.checked_files)} file(s)"
                 + _elsewhere(result))
    return "\n".join(lines) + "\n"


def sarif(result: ValidationResult) -> str:
    """SARIF 2.1.0 (see :mod:`crosswalk.reporters.sarif` for what code scanning needs and gets)."""
    from crosswalk.reporters.sarif import sarif_text

    return sarif_text(result.findings)


def junit(result: ValidationResult, include_builtin: bool = False) -> str:
    """One ``testcase`` per checked file, named by its repository-relative path, with a ``failure``
    for a file with errors and its warnings in ``system-out``; valid against the Jenkins xUnit
    ``junit-10.xsd`` that CI test-report readers follow.

    The files of the shipped library (see :mod:`crosswalk.reporters.locations`) are checked but
    are not test cases, unless ``include_builtin`` (``--junit-include-builtin``) or one of them has
    a finding: a test report of one's own repository does not list 22 files from the venv, and it
    never hides a finding. Paths that messages name are rewritten the same way."""
    from crosswalk.reporters.locations import Locations

    locations = Locations()
    by_file: dict[str, list[Finding]] = {path: [] for path in result.checked_files}
    for f in result.findings:
        by_file.setdefault(f.file, []).append(f)
    chosen = {path: found for path, found in by_file.items()
              if include_builtin or found or not locations.is_builtin(path)}
    failures = str(sum(1 for found in chosen.values() if any(f.level == ERROR for f in found)))
    suites = ET.Element("testsuites", name="crosswalk validate", tests=str(len(chosen)), failures=failures, errors="0")
    suite = ET.SubElement(suites, "testsuite", name="crosswalk validate", tests=str(len(chosen)),
                          failures=failures, errors="0", skipped="0")

    def message(f: Finding) -> str:
        return locations.rewrite(f.message, [p.file for p in (f.place, *f.related)])

    def line(f: Finding) -> str:
        return _line(Finding(Place(locations.locate(f.file).name, f.line, f.column), f.rule, f.level, message(f)))

    for name, path in sorted((locations.locate(path).name, path) for path in chosen):
        # Every string is plain text (text_safety.plain): XML 1.0 has no way to write most controls at
        # all, and CI pages show these strings and the finding lines as text.
        case = ET.SubElement(suite, "testcase", classname="crosswalk.validate", name=plain(name))
        errors = [f for f in chosen[path] if f.level == ERROR]
        warnings = [f for f in chosen[path] if f.level != ERROR]
        if errors:
            failure = ET.SubElement(case, "failure", type=errors[0].rule,
                                    message=plain(f"{len(errors)} error(s): {message(errors[0])}"))
            failure.text = "\n".join(line(f) for f in chosen[path])
        elif warnings:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(line(f) for f in warnings)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


FORMATS: dict[str, Callable[[ValidationResult], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "sarif": sarif,
    "junit": junit,
}
