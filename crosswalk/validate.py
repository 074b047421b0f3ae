"""``crosswalk validate`` as a library call: load, check every rule, keep the findings that matter."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from crosswalk.findings import ERROR, WARNING, Finding
from crosswalk.gcpause import collector_paused
from crosswalk.rules import RULES
from crosswalk.workspace import Workspace, assemble, collect, display_path, load, read_document

FAIL_ON = ("error", "warning", "never")


@dataclass
class ValidationResult:
    workspace: Workspace | None  # None when the result came whole from the cache
    findings: list[Finding]
    checked_files: list[str]

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
) -> ValidationResult:
    """Check ``paths`` (files or folders) in the context of the whole workspace.

    With no paths, everything loaded is checked (the built-in library, ./frameworks, ./mappings,
    ./profiles, ./reports and ``library``). With paths, every file is still loaded so references
    resolve, but only findings in the given files are reported. With the cache on, an unchanged
    workspace returns its cached result and a changed one re-checks only what the change can reach
    (:mod:`crosswalk.incremental`); the findings are the same either way. Each file is read once
    and its cache entries are keyed by the digest of the bytes that were checked.
    """
    from crosswalk import cache

    paths = [Path(p) for p in paths]
    roots = list(library) + paths
    if not cache.directory():
        return _full_run(roots, include_builtin, paths)

    from crosswalk import incremental

    files = incremental.files_of(collect(roots, include_builtin=include_builtin))
    key = repr((sorted((f.display, f.builtin, f.digest) for f in files), [str(p) for p in paths], include_builtin))
    cached = cache.get("validation", key)
    if cached is not None:
        try:
            findings_data, chosen = cached
            return ValidationResult(None, [Finding.from_data(item) for item in findings_data], list(chosen))
        except (TypeError, ValueError):
            pass  # a malformed entry is a miss
    findings = incremental.validate_files(files)
    if findings is None:  # irregular library: the full run has the last word, on the same bytes
        with collector_paused():
            workspace = assemble(read_document(f.path, builtin=f.builtin, content=f.content) for f in files)
        result = _select(run_rules(workspace), [d.path for d in workspace.documents], paths, workspace)
    else:
        result = _select(findings, [f.display for f in files], paths, None)
    cache.put("validation", key, ([f.as_data() for f in result.findings], result.checked_files))
    return result


def _full_run(roots: list, include_builtin: bool, paths: list[Path]) -> ValidationResult:
    workspace = load(roots, include_builtin=include_builtin)
    return _select(run_rules(workspace), [d.path for d in workspace.documents], paths, workspace)


def _select(findings: list[Finding], documents: list[str], paths: list[Path],
            workspace: Workspace | None) -> ValidationResult:
    """Keep the findings of the files asked about (all files when none were named)."""
    if paths:
        selected = {display_path(Path(os.path.realpath(p))) for p in paths} | {display_path(p) for p in paths}
        chosen = [path for path in documents if _under(path, selected)]
        keep = set(chosen)
        findings = [f for f in findings if f.file in keep]
    else:
        chosen = list(documents)
    return ValidationResult(workspace, sorted(set(findings)), chosen)


def _under(path: str, selected: set[str]) -> bool:
    resolved = Path(os.path.realpath(path))  # Path.resolve raises on a symbolic link loop
    for item in selected:
        base = Path(os.path.realpath(item))
        if resolved == base or base in resolved.parents:
            return True
    return False
