"""``crosswalk validate`` as a library call: load, check every rule, keep the findings that matter."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from crosswalk import affected
from crosswalk.findings import ERROR, WARNING, Finding
from crosswalk.gcpause import collector_paused
from crosswalk.rules import RULES
from crosswalk.workspace import Workspace, assemble, collect, load

FAIL_ON = ("error", "warning", "never")
ATTEMPTS = 3
"""How many times validate looks at the library again when a file is saved while it is checked."""


@dataclass
class ValidationResult:
    workspace: Workspace | None  # None when the result came whole from the cache
    findings: list[Finding]
    checked_files: list[str]
    documents: list[str] = field(default_factory=list)  # every file loaded (none may be an output)

    def affected_files(self) -> list[str]:
        """Files outside those checked that hold findings the checked files cause (see :mod:`crosswalk.affected`)."""
        checked = set(self.checked_files)
        return sorted({f.file for f in self.findings if f.file not in checked})

    def exit_code(self, fail_on: str = "error") -> int:
        if fail_on == "never":
            return 0
        levels = {ERROR} if fail_on == "error" else {ERROR, WARNING}
        return 1 if any(f.level in levels for f in self.findings) else 0

    def counts(self) -> dict[str, int]:
        return {level: sum(1 for f in self.findings if f.level == level) for level in (ERROR, WARNING)}


def run_rules(workspace: Workspace) -> list[Finding]:
    findings = list(workspace.findings)
    with collector_paused():  # the rules build large acyclic indexes; see crosswalk.gcpause
        for rule in RULES:
            findings.extend(rule.check(workspace))
    return findings


def validate(
    paths: Iterable[str | Path] = (),
    library: Iterable[str | Path] = (),
    include_builtin: bool = True,
    bases: Iterable[Path] | None = None,
) -> ValidationResult:
    """Check ``paths`` (files or folders) in the context of the whole workspace.

    With no paths, everything loaded is checked (the built-in library, the library folders of
    ``bases``, by default the working directory's ./frameworks, ./mappings, ./profiles, ./reports,
    and ``library``). With paths, every file is still loaded so references resolve, and the
    findings reported are the given files' own and those they cause in the files that depend on
    them (:mod:`crosswalk.affected`). With the cache on, an unchanged
    workspace returns its cached result and a changed one re-checks only what the change can reach
    (:mod:`crosswalk.incremental`); the findings are the same either way. Every cache entry is keyed
    by the digest of the very bytes it was computed from: a file saved during the run makes it start
    again (:data:`ATTEMPTS` times, then one run that writes no result entry).
    """
    from crosswalk import cache

    paths = [Path(p) for p in paths]
    roots = list(library) + paths
    bases = None if bases is None else list(bases)
    if not cache.directory():
        return _full_run(roots, include_builtin, paths, bases)

    from crosswalk import incremental

    for _ in range(ATTEMPTS):
        files = incremental.files_of(collect(roots, include_builtin=include_builtin, bases=bases))
        key = repr((sorted((f.display, f.builtin, f.digest) for f in files), [str(p) for p in paths], include_builtin))
        cached = cache.get("validation", key)
        if cached is not None:
            try:
                findings_data, chosen = cached
                return ValidationResult(None, [Finding.from_data(item) for item in findings_data], list(chosen),
                                        [f.display for f in files])
            except (TypeError, ValueError):
                pass  # a malformed entry is a miss
        try:
            result = _checked(files, paths)
        except incremental.FileChanged:
            continue  # a file was saved while it was checked: look at the library again
        cache.put("validation", key, ([f.as_data() for f in result.findings], result.checked_files))
        return result
    # Files keep changing under us: one plain run (each file read once), and no result entry.
    return _full_run(roots, include_builtin, paths, bases)


def _checked(files: list, paths: list[Path]) -> ValidationResult:
    """The result for ``files``, through the unit caches; raises FileChanged when a file was saved meanwhile."""
    from crosswalk import incremental

    findings = incremental.validate_files(files)
    if findings is not None:
        return _select(findings, [f.display for f in files], paths, None)
    with collector_paused():  # irregular library: the full run has the last word, on the bytes hashed
        workspace = assemble(incremental.read_checked(f) for f in files)
    return _select(run_rules(workspace), [d.path for d in workspace.documents], paths, workspace)


def _full_run(roots: list, include_builtin: bool, paths: list[Path], bases: list[Path] | None) -> ValidationResult:
    workspace = load(roots, include_builtin=include_builtin, bases=bases)
    return _select(run_rules(workspace), [d.path for d in workspace.documents], paths, workspace)


def _select(findings: list[Finding], documents: list[str], paths: list[Path],
            workspace: Workspace | None) -> ValidationResult:
    """Keep the findings of the files asked about and those they cause elsewhere (all when none were named)."""
    if paths:
        chosen = affected.named_documents(documents, paths)
        findings = affected.shown(findings, chosen, workspace)
    else:
        chosen = list(documents)
    # The key gives Finding's own order, compared as plain tuples: the dataclass comparisons cost
    # ten times more, which counts when one file has 200,000 findings.
    ordered = sorted(set(findings), key=lambda f: (f.place.file, f.place.line, f.place.column, f.rule, f.level, f.message))
    return ValidationResult(workspace, ordered, chosen, list(documents))
