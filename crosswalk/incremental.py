"""Validation that re-checks only what a change can reach, with the same findings as a full run.

Why: in CI and in a pre-commit hook usually one or two files changed since the last run, yet every
check of a mapping reads the frameworks at both its ends, and the consistency check reads whole
networks of mappings. Running every rule again costs as much as loading the whole library.

How: each file has a *summary* (its kind, the references it makes, how many constraints it
declares, and its own loader and schema findings), cached by the file's content. Each *unit* (a
framework, mapping, profile or report file together with the files its checks read) has its
findings cached under a key made of all those files' paths and digests, so an entry can only be
reused when every input it was computed from is unchanged. The consistency check of a large
library is anchored on each mapping's rows and reads only the frameworks at its ends and the
frameworks mapped to both (see :class:`crosswalk.network.LocalIndex`); its unit key covers exactly
those files. A small library (full closure) is one unit. Only the files of units that missed are
loaded, into a partial workspace on which the ordinary rules run.

Every file is hashed by :func:`files_of`, through :mod:`crosswalk.readgate`; a file that a check
needs is read again by :func:`read_checked`, which parses those bytes only if their digest is the
one that keys the entries, and otherwise stops the run (:class:`FileChanged`) so that validate starts
again. A file saved while validate runs therefore cannot leave the findings of its new content cached
under the digest of its old one (which once let a later run report a failing library as clean).

Anything irregular (a framework defined twice, a mapping id used twice, a reference that does not
resolve) is left to the full run: those findings depend on the whole library, and such a library
is being repaired, not re-validated in a loop.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from crosswalk import cache
from crosswalk.findings import Finding, Place
from crosswalk.gcpause import collector_paused
from crosswalk.model import Framework, MappingSet, Profile, ReportDefinition, split_ref
from crosswalk.rules import RULES
from crosswalk.rules import consistency
from crosswalk.workspace import Document, assemble, display_path, read_content, read_document
from crosswalk.yamlio import YamlError
from crosswalk.workspace import _BUILDERS  # noqa: PLC2701 - the one place documents become models

UNREADABLE = "unreadable"
ReadDocument = tuple[Document, list[Finding], "set[int] | None"]
_UNIT_RULES = tuple(rule for rule in RULES if rule is not consistency)


@dataclass(frozen=True)
class Summary:
    """What the rest of the library needs to know about one file without loading it."""

    kind: str | None
    usable: bool
    name: str = ""  # framework ref, or the mapping/profile/report id
    refs: tuple[str, ...] = ()  # frameworks it names: mapping (source, target), profile, report (from, to, via...)
    constraints: int = 0  # hierarchy links of a framework, set-relation rows of a mapping
    profile: str | None = None  # a report's profile path, relative to the report
    findings: tuple[tuple[int, int, str, str, str], ...] = ()

    def as_data(self) -> tuple[Any, ...]:
        return (self.kind, self.usable, self.name, self.refs, self.constraints, self.profile, self.findings)


class FileChanged(Exception):
    """A file's bytes changed between the read that hashed it and the read that parses it."""


@dataclass(frozen=True)
class File:
    """One collected file and the digest of its bytes as read by :func:`files_of`.

    ``problem`` is the loader error when the file could not be read (a FIFO, a link loop, a folder
    that cannot be listed...): it is reported as read, never read again."""

    path: Path
    builtin: bool
    display: str
    digest: str
    problem: YamlError | None = field(default=None, compare=False, repr=False)

    @property
    def readable(self) -> bool:
        return self.problem is None


def read_checked(file: File) -> ReadDocument:
    """The document of ``file``, parsed from bytes whose SHA-256 is ``file.digest``.

    Why a second read and not the bytes of the first: keeping every file's bytes from hashing to
    parsing costs fresh memory pages on every run, including the unchanged one that parses nothing
    (measured: 5 ms for the 8.6 MB 20-framework synthetic library, +60% on hashing it; about a fifth
    of the unchanged run at the 83 MB full scale, by extrapolation). Re-reading only the files that
    are parsed, and checking their digest, costs a read and a hash per parsed file, small beside
    parsing it, and gives the same guarantee: no entry is ever stored under the digest of bytes other
    than those it was computed from.
    Raises :class:`FileChanged` when the file was saved in between; the caller starts again."""
    if file.problem is not None:
        return read_document(file.path, builtin=file.builtin, content=file.problem)
    content = read_content(file.path)
    if isinstance(content, YamlError) or hashlib.sha256(content).hexdigest() != file.digest:
        raise FileChanged(file.display)
    return read_document(file.path, builtin=file.builtin, content=content)


def _summarise(read: ReadDocument) -> Summary:
    document, findings, skip = read
    raw = tuple((f.line, f.column, f.rule, f.level, f.message) for f in findings)
    if skip is None or document.kind is None:
        return Summary(document.kind, False, findings=raw)
    built = _BUILDERS[document.kind](document.data, document.path, skip)
    if isinstance(built, Framework):
        return Summary("framework", True, built.ref, (), len(consistency.hierarchy_facts(built)), findings=raw)
    if isinstance(built, MappingSet):
        count = len(consistency.row_facts(built, built.source, built.target))
        return Summary("mapping", True, built.id, (built.source, built.target), count, findings=raw)
    if isinstance(built, Profile):
        return Summary("profile", True, built.id, (built.framework,), findings=raw)
    assert isinstance(built, ReportDefinition)
    return Summary("report", True, built.id, (built.source, built.target, *built.via), profile=built.profile,
                   findings=raw)


def _resolve(ref: str, frameworks: dict[str, str]) -> str | None:
    """The framework ref a reference names, as :meth:`Workspace.framework` would; None if it does not."""
    if ref in frameworks:
        return ref
    ident, version = split_ref(ref)
    if version is not None:
        return None
    matches = [known for known in frameworks if split_ref(known)[0] == ident]
    return matches[0] if len(matches) == 1 else None


def _key(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def _restore(path: str, raw: Iterable[tuple[int, int, str, str, str]]) -> list[Finding]:
    return [Finding(Place(path, line, column), rule, level, message) for line, column, rule, level, message in raw]


def _restored(make: Callable[[], Any]) -> Any:
    """A cache entry turned back into objects, or None when it is absent or not of the right shape.

    Entries are written atomically by this code, but a cache folder is just files: treat a
    malformed one as a miss rather than trust it.
    """
    try:
        return make()
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return None


def _summary_from(data: Any) -> Summary:
    summary = Summary(*data)
    ok = (isinstance(summary.kind, (str, type(None))) and isinstance(summary.usable, bool)
          and isinstance(summary.name, str) and all(isinstance(ref, str) for ref in summary.refs)
          and isinstance(summary.constraints, int) and isinstance(summary.profile, (str, type(None))))
    _restore("", summary.findings)  # raises on findings of the wrong shape
    if not ok:
        raise ValueError("malformed summary entry")
    return summary


def _checked_records(entry: Any) -> list[consistency.Record]:
    consistency.findings([entry])  # raises on an entry of the wrong shape (marshal keeps tuples)
    return entry


def validate_files(files: list[File]) -> list[Finding] | None:
    """Every finding of the workspace made of ``files`` (in load order), or None to ask for a full run."""
    with collector_paused():
        return _validate(files)


def _validate(files: list[File]) -> list[Finding] | None:
    read: dict[str, ReadDocument] = {}
    summaries: dict[str, Summary] = {}
    for file in files:
        data = cache.get("summary", file.digest) if file.readable else None
        summary = _restored(lambda: _summary_from(data)) if data is not None else None
        if summary is None:
            read[file.display] = read_checked(file)
            summary = _summarise(read[file.display])
            if file.readable:
                cache.put("summary", file.digest, summary.as_data())
        summaries[file.display] = summary

    by_display = {file.display: file for file in files}
    framework_files: dict[str, str] = {}
    mapping_ids: set[str] = set()
    for display, summary in summaries.items():
        if summary.usable and summary.kind == "framework":
            if summary.name in framework_files:
                return None
            framework_files[summary.name] = display
        elif summary.usable and summary.kind == "mapping":
            if summary.name in mapping_ids:
                return None
            mapping_ids.add(summary.name)

    def stamp(display: str) -> tuple[str, str]:
        return display, by_display[display].digest

    # Each usable file's unit: the files its checks read, and the key of its cached findings.
    ends: dict[str, tuple[str, ...]] = {}
    unit_keys: dict[str, str] = {}
    for display, summary in summaries.items():
        if not summary.usable:
            continue
        resolved = tuple(_resolve(ref, framework_files) for ref in summary.refs)
        if any(ref is None for ref in resolved):
            return None
        ends[display] = tuple(framework_files[ref] for ref in resolved)  # type: ignore[index]
        extra: Any = None
        if summary.kind == "report" and summary.profile is not None:
            extra = os.path.isfile(Path(display).parent / summary.profile)  # never raises, unlike Path.is_file
        unit_keys[display] = _key("unit", stamp(display), [stamp(end) for end in ends[display]], extra)

    # Consistency: one unit for a small library, one per mapping for a large one.
    mappings = [d for d, s in summaries.items() if s.usable and s.kind == "mapping"]
    frameworks = [d for d, s in summaries.items() if s.usable and s.kind == "framework"]
    total = sum(summaries[d].constraints for d in frameworks + mappings)
    full_closure = consistency.uses_full_closure(total)
    reach: dict[str, list[str]] = {}
    if full_closure:
        reach[""] = frameworks + mappings
    else:
        neighbours: dict[str, set[str]] = {}
        between: dict[frozenset[str], list[str]] = {}
        for display in mappings:
            a, b = ends[display]
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)
            between.setdefault(frozenset((a, b)), []).append(display)
        for display in mappings:
            if not summaries[display].constraints:
                continue
            a, b = ends[display]
            near = {a, b} | (neighbours[a] & neighbours[b])
            files_near = sorted(near) + sorted(m for pair, ms in between.items() if pair <= near for m in ms)
            reach[display] = files_near
    consistency_keys = {anchor: _key("consistency", full_closure, anchor, [stamp(d) for d in near])
                        for anchor, near in reach.items()}

    unit_findings: dict[str, list[Finding]] = {}
    for display, key in unit_keys.items():
        found = _restored(lambda: [Finding.from_data(item) for item in cache.get("unit", key)])
        if found is not None:
            unit_findings[display] = found
    records: dict[str, list[consistency.Record]] = {}
    for anchor, key in consistency_keys.items():
        kept = _restored(lambda: _checked_records(cache.get("consistency", key)))
        if kept is not None:
            records[anchor] = kept  # marshal keeps tuples, so the records come back as they went in

    missing_units = [d for d in unit_keys if d not in unit_findings]
    missing_anchors = [a for a in consistency_keys if a not in records]
    needed = set(missing_units) | {end for d in missing_units for end in ends[d]}
    needed |= {d for anchor in missing_anchors for d in reach[anchor]}
    if needed or missing_anchors:
        order = [file for file in files if file.display in needed]
        workspace = assemble(read.get(file.display) or read_checked(file) for file in order)
        computed: dict[str, list[Finding]] = {d: [] for d in missing_units}
        for rule in _UNIT_RULES:
            for finding in rule.check(workspace):
                if finding.file in computed:
                    computed[finding.file].append(finding)
        for display, found in computed.items():
            unit_findings[display] = found
            cache.put("unit", unit_keys[display], [f.as_data() for f in found])
        if missing_anchors:
            if full_closure:
                records[""] = consistency.full_records(workspace, consistency.facts(workspace))
            else:
                index = consistency.LocalIndex(consistency.facts(workspace))
                by_path = {m.path: m for m in workspace.mappings}
                for anchor in missing_anchors:
                    records[anchor] = consistency.local_records(workspace, index, by_path[anchor])
            for anchor in missing_anchors:
                cache.put("consistency", consistency_keys[anchor], records[anchor])

    findings: list[Finding] = []
    for display, summary in summaries.items():
        findings.extend(_restore(display, summary.findings))
        findings.extend(unit_findings.get(display, ()))
    anchors = [""] if full_closure else [d for d in mappings if d in records]
    findings.extend(consistency.findings(records[a] for a in anchors))
    return findings


def files_of(collected: Iterable[tuple[Path, bool]]) -> list[File]:
    """The collected files with their display paths and the digests of their bytes, each read once here.

    An unreadable file's digest names why it cannot be read, so a cached result made when it was
    a FIFO is not reused once it has become a file too large (or the reverse)."""
    out = []
    for path, builtin in collected:
        content = read_content(path)
        if isinstance(content, YamlError):
            reason = f"{content.rule}:{content.message}".encode("utf-8", "surrogateescape")
            out.append(File(path, builtin, display_path(path), UNREADABLE + ":" + hashlib.sha256(reason).hexdigest(),
                            content))
        else:
            out.append(File(path, builtin, display_path(path), hashlib.sha256(content).hexdigest()))
    return out
