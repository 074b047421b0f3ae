"""SARIF 2.1.0 for code scanning services (GitHub, Azure DevOps, SARIF viewers).

What a consumer needs beyond the OASIS schema, and where each comes from:

- Locations relative to the repository root under the base id ``%SRCROOT%``, and the shipped
  library's files under ``CROSSWALKBUILTIN`` (see :mod:`crosswalk.reporters.locations`); both are
  declared in ``run.originalUriBaseIds`` without an absolute URI, so that no path of the machine
  that ran the check is in the log. URIs are percent-encoded (RFC 3986).
- ``partialFingerprints``: how a service recognises a finding on the next commit (see
  :func:`fingerprints`). Without them GitHub falls back to a hash of the line, and a finding whose
  line moved, or that sits in a file outside the repository, is closed and opened again.
- Each rule's ``shortDescription``, ``fullDescription``, ``help`` (text and Markdown) and
  ``helpUri`` from its docstring (see :mod:`crosswalk.reporters.rule_docs`), its default level, and
  the tool's ``informationUri``, ``version`` and ``semanticVersion``.

Messages keep the exact data (JSON escapes), with the paths of other files they name rewritten as
the locations are (``builtin:frameworks/x.yaml``, not ``../venv/lib/.../x.yaml``).
"""

from __future__ import annotations

import hashlib
import re
from typing import Sequence

from crosswalk import __version__
from crosswalk.findings import ERROR, Finding, Place
from crosswalk.reporters.locations import BUILTIN, SRCROOT, Located, Locations
from crosswalk.reporters.rule_docs import homepage, rule_docs
from crosswalk.reporters.text_safety import json_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "crosswalkFindingHash/v1"
"""The ``partialFingerprints`` key. Change the version when the recipe changes: every finding then
gets a new identity once (services see the old alerts fixed and new ones opened)."""

_ROW_NUMBER = re.compile(r"\brow \d+\b")
_LINK_SPECIAL = re.compile(r"([\\\[\]])")


def fingerprints(findings: Sequence[Finding], locations: Locations, messages: Sequence[str]) -> list[str]:
    """One fingerprint per finding (in the order given, which is the findings' file and position
    order), stable when lines are inserted or removed anywhere, different for different findings.

    Recipe: SHA-256 over the rule id, the location's base id and repository-relative path, and the
    message as the log shows it with every position taken out (``file:line:column`` of the places
    it names becomes ``file``; ``row 7`` becomes ``row #``), then ``:n``, the finding's rank among
    the findings of the same file with the same hash (1 for the first). Line and column never enter:
    a finding moved by an edit above it keeps its identity, and two findings that differ only in
    their position (two rows each missing a rationale) are told apart by their order, as GitHub's
    own ``primaryLocationLineHash`` does. Messages name ids, relationships and frameworks, so a
    finding whose subject changes gets a new identity. Nothing of the machine enters: paths are the
    repository-relative names, never the working directory or the venv.
    """
    seen: dict[str, int] = {}
    result = []
    for finding, message in zip(findings, messages):
        located = locations.locate(finding.file)
        text = message
        for place in (finding.place, *finding.related):
            name = locations.locate(place.file).name
            text = text.replace(f"{name}:{place.line}:{place.column}", name)
        text = _ROW_NUMBER.sub("row #", text)
        digest = hashlib.sha256("\0".join((finding.rule, located.base or "", located.path, text)).encode(
            "utf-8", "surrogateescape")).hexdigest()
        seen[digest] = seen.get(digest, 0) + 1
        result.append(f"{digest}:{seen[digest]}")
    return result


def _escaped(text: str) -> str:
    """Literal text of a message that holds embedded links: ``\\``, ``[`` and ``]`` escaped (SARIF 3.11.6)."""
    return _LINK_SPECIAL.sub(r"\\\1", text)


def linked(message: str, related: Sequence[tuple[str, Place]]) -> str:
    """``message`` with each related location it mentions made an embedded link to it (SARIF
    3.11.6: ``[text](id)``, ``id`` being the related location's), which is how GitHub code scanning
    shows related locations at all. ``related`` holds each related location's name and place, in
    id order; a mention is ``name:line:column`` (as conflicts name their rows) or, failing that,
    the name alone (as a duplicate id names the file that defined it first). A message that
    mentions none is returned as it is; one with links has its other brackets escaped."""
    spans: list[tuple[int, int, int]] = []
    for number, (name, place) in enumerate(related):
        for mention in (f"{name}:{place.line}:{place.column}", name):
            for match in re.finditer(rf"(?<![\w./-]){re.escape(mention)}(?![\w/-]|:\d)", message):
                if not any(start < match.end() and match.start() < end for start, end, _ in spans):
                    spans.append((match.start(), match.end(), number))
                    break
            else:
                continue
            break
    if not spans:
        return message
    out, last = [], 0
    for start, end, number in sorted(spans):
        out.append(f"{_escaped(message[last:start])}[{_escaped(message[start:end])}]({number})")
        last = end
    out.append(_escaped(message[last:]))
    return "".join(out)


def _physical(located: Located, place: Place) -> dict[str, object]:
    return {"artifactLocation": located.artifact(),
            "region": {"startLine": place.line, "startColumn": place.column}}


def _friendly_name(rule_id: str) -> dict[str, str]:
    """SARIF's ``name``, a Pascal-case form of the id (``unique-ids``: ``UniqueIds``); left out
    where it would only differ from the id in case (``schema``), as the specification asks."""
    name = "".join(part.capitalize() for part in re.split(r"[^0-9A-Za-z]+", rule_id))
    return {} if name.lower() == rule_id.lower() else {"name": name}


def _level(level: str) -> str:
    return "error" if level == ERROR else "warning"


def sarif_log(findings: Sequence[Finding], locations: Locations | None = None) -> dict[str, object]:
    """The SARIF log as data (``json_text`` of it is the ``sarif`` format)."""
    locations = locations or Locations()
    docs = rule_docs()
    index = {doc.id: position for position, doc in enumerate(docs)}
    messages = [locations.rewrite(f.message, [p.file for p in (f.place, *f.related)]) for f in findings]
    results = []
    for finding, message, fingerprint in zip(findings, messages, fingerprints(findings, locations, messages)):
        entry: dict[str, object] = {"ruleId": finding.rule}
        if finding.rule in index:
            entry["ruleIndex"] = index[finding.rule]
        entry.update({
            "level": _level(finding.level),
            "message": {"text": linked(message, [(locations.locate(p.file).name, p) for p in finding.related])},
            "locations": [{"physicalLocation": _physical(locations.locate(finding.file), finding.place)}],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
        })
        if finding.related:
            entry["relatedLocations"] = [
                {"id": n, "physicalLocation": _physical(locations.locate(p.file), p)}
                for n, p in enumerate(finding.related)
            ]
        results.append(entry)
    home = homepage()
    driver = {
        "name": "crosswalk",
        "informationUri": home,
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [{
            "id": doc.id,
            **_friendly_name(doc.id),
            "shortDescription": {"text": doc.summary},
            "fullDescription": {"text": doc.full},
            "help": {"text": f"{doc.full}\n\nAll rules: {doc.help_uri}", "markdown": doc.markdown},
            "helpUri": doc.help_uri,
            "defaultConfiguration": {"level": _level(doc.level)},
        } for doc in docs],
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "originalUriBaseIds": {
                SRCROOT: {"description": {"text": "The root of the repository checked (the nearest folder "
                                                  "holding .git at or above where crosswalk ran)."}},
                BUILTIN: {"description": {"text": f"The library shipped with crosswalk {__version__} (its "
                                                  "frameworks/, mappings/, profiles/ and reports/ folders)."}},
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def sarif_text(findings: Sequence[Finding]) -> str:
    return json_text(sarif_log(findings))
