"""Validation that re-checks only what a change can reach, with the same findings as a full run.

Why: in CI and in a pre-commit hook usually one or two files changed since the last run, yet every
check of a mapping reads the frameworks at both its ends, and the consistency check reads whole
networks of mappings. Running every rule again costs as much as loading the whole library.

How: each file has a *summary* (its kind, the references it makes, the constraints it declares
as plain data, and its own loader and schema findings), cached by the file's content. Each *unit* (a
framework, mapping, profile or report file together with the files its checks read) has its
findings cached under a key made of all those files' paths and digests, so an entry can only be
reused when every input it was computed from is unchanged. Only the files of units that missed are
loaded, into a partial workspace on which the ordinary rules run. The consistency check is one
unit, the whole library (a conflict may need a chain of rows through any number of frameworks):
it runs on the constraints the summaries carry, so no file is parsed for it, and only the files a
conflict names are read, to locate it.

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
    constraints: tuple[tuple[Any, ...], ...] = ()  # a framework's hierarchy links, a mapping's set-relation rows
    profile: str | None = None  # a report's profile path, relative to the report
    findings: tuple[tuple[int, int, str, str, str], ...] = ()
    declares: str = ""  # digest of the constraints: an edit that changes none keeps the consistency entry

    def as_data(self) -> tuple[Any, ...]:
        return (self.kind, self.usable, self.name, self.refs, self.constraints, self.profile, self.findings,
                self.declares)


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
        links = tuple(consistency.framework_links(built))
        return Summary("framework", True, built.ref, (), links, findings=raw, declares=_key("links", links))
    if isinstance(built, MappingSet):
        rows = tuple(consistency.mapping_rows(built))
        declares = _key("rows", rows)
        return Summary("mapping", True, built.id, (built.source, built.target), rows, findings=raw,
                       declares=declares)
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
          and isinstance(summary.constraints, tuple) and isinstance(summary.profile, (str, type(None)))
          and isinstance(summary.declares, str))
    width = {"framework": 3, "mapping": 4}.get(summary.kind or "", 0)
    if not all(isinstance(item, tuple) and len(item) == width and isinstance(item[-1], int)
               and all(isinstance(part, str) for part in item[:-1]) for item in summary.constraints):
        raise ValueError("malformed constraints in a summary entry")
    _restore("", summary.findings)  # raises on findings of the wrong shape
    if not ok:
        raise ValueError("malformed summary entry")
    return summary


def _checked_records(entry: Any) -> consistency.Records:
    def somewhere(path: Any, at: Any) -> Place:
        if not isinstance(path, str) or not isinstance(at, tuple):
            raise ValueError("malformed consistency entry")
        return Place(path)

    consistency.findings(entry, somewhere)  # raises on an entry of the wrong shape (marshal keeps tuples)
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

    # Consistency: one unit, the whole library, checked from the constraints the summaries carry
    # (no file is parsed for it; only the few that a conflict names are read, to locate it). Its
    # entry is keyed by what the files declare, not by their bytes: an edit that changes no
    # declaration (a note, a strength, a title) keeps it, and its conflicts are located afresh.
    mappings = [d for d, s in summaries.items() if s.usable and s.kind == "mapping"]
    frameworks = [d for d, s in summaries.items() if s.usable and s.kind == "framework"]
    consistency_key = _key("consistency", [(d, summaries[d].name, [summaries[end].name for end in ends[d]],
                                            summaries[d].declares) for d in frameworks + mappings])

    unit_findings: dict[str, list[Finding]] = {}
    for display, key in unit_keys.items():
        found = _restored(lambda: [Finding.from_data(item) for item in cache.get("unit", key)])
        if found is not None:
            unit_findings[display] = found
    conflicts = _restored(lambda: _checked_records(cache.get("consistency", consistency_key)))
    if conflicts is None:
        facts: list[consistency.Fact] = []
        for display in frameworks:
            facts.extend(consistency.link_facts(summaries[display].name, display, summaries[display].constraints))
        for display in mappings:
            source, target = (summaries[end].name for end in ends[display])
            facts.extend(consistency.row_facts(display, source, target, summaries[display].constraints))

        conflicts = consistency.records(facts)
        cache.put("consistency", consistency_key, conflicts)

    def locate(display: str, at: tuple[Any, ...]) -> Place:
        """A place in a file, remembered by the file's digest: a conflict that persists across
        edits elsewhere is located again without reading its files."""
        file = by_display[display]
        key = _key("place", file.digest, at)
        kept = _restored(lambda: Place(display, *cache.get("place", key)))
        if kept is not None and isinstance(kept.line, int) and isinstance(kept.column, int):
            return kept
        if display not in read:
            read[display] = read_checked(file)
        place = read[display][0].place(at)
        cache.put("place", key, (place.line, place.column))
        return place


    missing_units = [d for d in unit_keys if d not in unit_findings]
    needed = set(missing_units) | {end for d in missing_units for end in ends[d]}
    if needed:
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

    findings: list[Finding] = []
    for display, summary in summaries.items():
        findings.extend(_restore(display, summary.findings))
        findings.extend(unit_findings.get(display, ()))
    findings.extend(consistency.findings(conflicts, locate))
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
