"""Where a checked file is, named the way a CI service reads it: repository-relative, or built in.

Why: findings carry paths relative to the working directory (what a terminal user can click), but
SARIF and JUnit files are read elsewhere, by services that know the repository and nothing of this
machine. GitHub code scanning resolves a SARIF location against the root of the checked-out
repository, so a path must be relative to that root (not to the folder crosswalk ran in). The
library shipped with crosswalk lives wherever the package was installed (a virtual environment's
site-packages, or a source checkout): its files are named relative to the library itself under the
base id :data:`BUILTIN` (``builtin:frameworks/nist-ai-rmf-1.0.yaml``), never by a path into the
venv, which would leak the machine's layout and point at nothing in the repository.

The repository root is the nearest folder at or above the working directory that holds ``.git``
(a folder, or a file in a worktree or submodule); without one, the working directory itself. A file
inside both the repository and the shipped library goes to the more specific of the two: a venv
kept inside the repository (``.venv/lib/.../crosswalk/builtin``) is the shipped library, while a
checkout of crosswalk itself, whose shipped library is the repository, names its files
repository-relative.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePath
from typing import Iterable
from urllib.parse import quote

SRCROOT = "%SRCROOT%"
"""SARIF base id of the repository root (the name GitHub's and Microsoft's tools expect)."""
BUILTIN = "CROSSWALKBUILTIN"
"""SARIF base id of the library shipped with crosswalk (its folder that holds frameworks/, mappings/...)."""
BUILTIN_PREFIX = "builtin:"
"""How JUnit and messages name a shipped file: ``builtin:frameworks/x.yaml``."""


@dataclass(frozen=True)
class Located:
    """One file as a CI service names it: a base id and a POSIX path relative to it.

    ``base`` is None only where no relative form exists (a file on another Windows drive): then
    ``path`` is an absolute ``file:`` URI."""

    base: str | None
    path: str

    @property
    def name(self) -> str:
        """The file's name in text: repository-relative, or ``builtin:...`` for a shipped file."""
        return BUILTIN_PREFIX + self.path if self.base == BUILTIN else self.path

    @cached_property
    def uri(self) -> str:
        """The path as a URI reference (RFC 3986): every character outside the unreserved set and
        ``/`` percent-encoded from the name's UTF-8 bytes (a space, ``#``, ``%``, ``:`` or ``?`` in a
        file name would otherwise change what it points at, or read as a scheme); a name that is not
        UTF-8 holds surrogate escapes, which go back to its own bytes."""
        if self.base is None:
            return self.path
        return quote(self.path, safe="/", errors="surrogateescape")

    def artifact(self) -> dict[str, str]:
        """A SARIF ``artifactLocation``."""
        if self.base is None:
            return {"uri": self.uri}
        return {"uri": self.uri, "uriBaseId": self.base}


def repository_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds ``.git``; ``start`` itself without one."""
    for folder in (start, *start.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return start


def _inside(path: str, base: str) -> bool:
    path, base = os.path.normcase(path), os.path.normcase(base)  # Windows compares without case
    try:
        return os.path.commonpath([path, base]) == base
    except ValueError:  # another drive on Windows, or a relative and an absolute path
        return False


class Locations:
    """Names files for one output; built once, it reads the working directory and the shipped
    library's place once (see the module docstring for the rules)."""

    def __init__(self, cwd: str | None = None) -> None:
        from crosswalk import workspace  # looked up at call time: tests move the shipped library

        self.cwd = os.path.abspath(cwd or os.getcwd())
        self.source_root = str(repository_root(Path(self.cwd)))
        roots = workspace.builtin_roots()
        self.builtin_base = os.path.abspath(roots[0].parent) if roots else None
        self._seen: dict[str, Located] = {}

    def locate(self, path: str) -> Located:
        """The name of a file given as the findings give it (relative to the working directory)."""
        found = self._seen.get(path)
        if found is None:
            found = self._seen[path] = self._locate(path)
        return found

    def _locate(self, path: str) -> Located:
        absolute = os.path.normpath(os.path.join(self.cwd, path))
        base = self.builtin_base
        root = self.source_root
        in_source = _inside(absolute, root)
        if base is not None and _inside(absolute, base):
            # both: the more specific wins (a venv inside the repository is the shipped library; a
            # checkout of crosswalk, whose shipped library is the repository itself, is the repository)
            if not in_source or (base != root and _inside(base, root)):
                return Located(BUILTIN, _posix(os.path.relpath(absolute, base)))
        try:
            return Located(SRCROOT, _posix(os.path.relpath(absolute, root)))
        except ValueError:  # another drive on Windows: no relative form exists
            return Located(None, Path(absolute).as_uri())

    def is_builtin(self, path: str) -> bool:
        return self.locate(path).base == BUILTIN

    def rewrite(self, message: str, paths: Iterable[str]) -> str:
        """``message`` with each of ``paths`` (as findings write them) named as :meth:`locate` does.

        Messages name the other files of a finding ("already defined in ../venv/lib/.../x.yaml",
        "(fw.yaml:8:54)"); only whole path occurrences are replaced, longest first, so that
        ``a.yaml`` never rewrites part of ``data.yaml``."""
        changes = {p: self.locate(p).name for p in set(paths)}
        changes = {old: new for old, new in changes.items() if old != new}
        if not changes:
            return message
        pattern = "|".join(re.escape(old) for old in sorted(changes, key=len, reverse=True))
        return re.sub(rf"(?<![\w./\\-])(?:{pattern})(?![\w/\\-]|\.\w)", lambda m: changes[m.group(0)], message)


def _posix(path: str) -> str:
    return PurePath(path).as_posix()
