"""Which folder holds the user's library: ``--workspace DIR``, the working directory, or found.

Why: ``validate`` loads the user's ``frameworks/``, ``mappings/``, ``profiles/`` and ``reports/``
folders so that references resolve and a change's effect on the files that depend on it is seen.
Many repositories keep that library in a subfolder (``governance/frameworks/``,
``governance/mappings/``) and run checks from the repository root, as pre-commit and CI do. Looking
only in the working directory then loads nothing of theirs: a framework edit is checked without
the mappings that use it, and a whole-workspace run checks only the shipped library and passes.

The rule, in order (the first that applies decides):

1. ``--workspace DIR`` (the hook's and the Action's ``workspace`` argument): DIR's four folders.
   DIR must exist and hold at least one of them (a misspelt DIR is a usage error, not a pass).
2. The working directory, when it holds one of the four folders (this repository's own layout).
3. The folders the named paths sit in: ``governance/frameworks/x.yaml`` makes ``governance`` a
   workspace (the nearest enclosing folder named like one of the four). This is what the
   pre-commit hook passes, so a subfolder layout needs no argument.
4. With nothing named: the one folder one or two levels down that holds any of the four
   (:data:`SEARCH_DEPTH`; hidden folders and dependency folders are not looked into), named on
   stderr. Several such folders are a usage error that lists them: which is the library is the
   user's choice, not ours.

Whatever was looked for and not found is said on stderr (see :func:`Roots.notes`), so a run that
checks only the shipped library never looks like a check of the user's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from crosswalk.workspace import LIBRARY_FOLDERS, WorkspaceError

SEARCH_DEPTH = 2
"""How many folder levels below the working directory :func:`workspace_roots` looks for a library
when nothing names one: ``governance/`` and ``compliance/ai/`` are found, a copy deep in a test
fixture or a virtual environment (``.venv/lib/python3.x/site-packages/crosswalk/builtin``) is not."""
_NOT_SEARCHED = {"node_modules", "site-packages", "__pycache__", "venv", "env"}


class RootError(WorkspaceError):
    """The named workspace does not exist or holds no library folder, or several candidates were found."""


@dataclass(frozen=True)
class Roots:
    """The workspace folders to load (each one's library folders) and what stderr should say about them."""

    bases: tuple[Path, ...]
    found: str = ""  # "option", "cwd", "paths", "search" or "" when none
    searched: tuple[str, ...] = field(default=())

    def notes(self, named_anything: bool) -> list[str]:
        """Lines for stderr: which folder was found by looking, or that none was and what was looked for."""
        if self.found == "search":
            return [f"crosswalk: note: no {_folders()} folder in the working directory; checking the library in "
                    f"{_shown(self.bases[0])}/ (found by looking {SEARCH_DEPTH} levels down; name it with "
                    "--workspace DIR to be explicit)\n"]
        if self.found or named_anything:
            return []
        return [f"crosswalk: note: no {_folders()} folder found in the working directory ({os.getcwd()}) or "
                f"{SEARCH_DEPTH} levels below it, so only the built-in library was checked; name the folder that "
                "holds your library with --workspace DIR, or pass the files or folders to check\n"]


def _folders() -> str:
    return ", ".join(f"{name}/" for name in LIBRARY_FOLDERS[:-1]) + f" or {LIBRARY_FOLDERS[-1]}/"


def _shown(path: Path) -> str:
    return path.as_posix()


def holds_library(folder: Path) -> bool:
    """Whether ``folder`` has one of the four library folders (os.path.isdir never raises)."""
    return any(os.path.isdir(folder / name) for name in LIBRARY_FOLDERS)


def workspace_roots(workspace: str | None, paths: Iterable[str | Path], library: Iterable[str | Path] = ()) -> Roots:
    """The workspace folders to load, by the rule in this module's docstring."""
    paths = [Path(p) for p in paths]
    if workspace is not None:
        base = Path(workspace)
        if not os.path.isdir(base):
            raise RootError(f"--workspace {workspace}: no such folder")
        if not holds_library(base):
            raise RootError(f"--workspace {workspace}: this folder holds no {_folders()} folder; name the folder "
                            "that holds them")
        return Roots((base,), "option")
    here = Path(".")
    if holds_library(here):
        return Roots((here,), "cwd")
    inferred = _enclosing(paths)
    if inferred:
        return Roots(tuple(inferred), "paths")
    if paths or list(library):
        return Roots(())
    found = candidates()
    if len(found) > 1:
        listed = ", ".join(f"{_shown(p)}/" for p in found)
        raise RootError(f"no {_folders()} folder in the working directory, and several folders below it hold a "
                        f"library: {listed}; name the one to check with --workspace DIR")
    return Roots(tuple(found), "search" if found else "")


def _enclosing(paths: list[Path]) -> list[Path]:
    """The workspace folder each path sits in: the parent of its nearest enclosing library folder."""
    out: list[Path] = []
    for path in paths:
        lexical = Path(os.path.normpath(path))
        for folder in (lexical, *lexical.parents):
            if folder.name in LIBRARY_FOLDERS:
                if folder.parent not in out:
                    out.append(folder.parent)
                break
    return out


def candidates(depth: int = SEARCH_DEPTH) -> list[Path]:
    """Folders 1 to ``depth`` levels below the working directory that hold a library folder, sorted;
    a folder that cannot be listed is passed over (the search only finds where to look; what is
    then checked is read, and whatever cannot be read is reported)."""
    found: list[Path] = []
    level = [Path(".")]
    for _ in range(depth):
        below: list[Path] = []
        for folder in level:
            try:
                with os.scandir(folder) as entries:
                    names = sorted(entry.name for entry in entries if entry.is_dir(follow_symlinks=False))
            except OSError:
                continue
            for name in names:
                if name.startswith(".") or name in _NOT_SEARCHED or name in LIBRARY_FOLDERS:
                    continue
                child = folder / name
                (found if holds_library(child) else below).append(child)
        level = below
    return sorted(found)
