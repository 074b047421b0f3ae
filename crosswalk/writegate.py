"""The one gate every file a user asks for goes through (``-o``, a report definition's ``output``, imports).

Why a gate and not care at each call: a command that writes where it should not is worse than one
that fails. Every output is checked against the same rules before a byte is written:

- only a regular file or a new path is written; a folder, device, FIFO or socket is refused, and a
  name ending in ``/`` names a folder, never a file;
- a symbolic link to a regular file is written through (the link stays, the file it points to gets
  the new content); a link to anything else, or to nothing, is refused;
- no folder is created: the folder of the output must exist;
- an input of the same run (a library file, the profile, the report definition, the imported file)
  is never an output: compared by device and inode, so another spelling or a link is caught too;
- optionally, the output must lie inside a given folder, symbolic links resolved (a report
  definition's ``output`` stays inside the working directory).

Several outputs are written all-or-nothing as far as a file system allows: every temporary is
written (and fsynced) before the first rename, so a full disk or any write error leaves every target
as it was. If a rename then fails, the remaining temporaries are removed and the files this run had
created are deleted again; a file it had already replaced keeps its new content (its old bytes are
gone), and a crash between two renames leaves the earlier ones done. Temporaries a killed run left
behind (``.<name>.crosswalk-XXXXXXXX.tmp``, older than :data:`STALE_AFTER` seconds, owned by this
user) are removed from the folder being written.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from crosswalk.atomic import (
    WriteRefused,
    discard,
    is_our_temporary,
    kind_of,
    make_temporary,
    refuse_special,
    sync_folder,
    umask,
    write_all,
)

STALE_AFTER = 600
"""Seconds after which a temporary of our naming is taken for one a killed run left behind. Every
output is computed in memory before its temporary is created, so a live write lasts moments."""

_SHORT = 160


@dataclass(frozen=True)
class Output:
    """Bytes to write to ``path`` (as the user or a definition named it)."""

    path: str
    data: bytes


@dataclass(frozen=True)
class Target:
    named: str
    real: Path  # the regular file to rename onto: the named path, or where its symbolic link points
    status: os.stat_result | None  # None: a new file


def shown(path: str | Path) -> str:
    """A path as one printable line of reasonable length, for messages."""
    from crosswalk.reporters.text_safety import plain

    text = plain(path)
    return text if len(text) <= _SHORT else f"{text[:90]}...{text[-60:]} ({len(text)} characters)"


def problem(exc: OSError) -> str:
    """An OS error in words: what failed, on which path."""
    if isinstance(exc, WriteRefused):
        return str(exc)
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is None:
        return reason
    where = shown(os.fsdecode(exc.filename) if isinstance(exc.filename, bytes) else exc.filename)
    if exc.filename2 is not None:
        where += f" -> {shown(exc.filename2)}"
    return f"{where}: {reason}"


def names_folder(path: str) -> bool:
    """Whether a path ends with a separator, which names a folder ("out/"), never a file."""
    return path.endswith(("/", os.sep) + ((os.altsep,) if os.altsep else ()))


def _status(path: str | Path, follow: bool) -> os.stat_result | None:
    try:
        return os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        return None


def _folder_must_exist(named: str, folder: Path) -> None:
    try:
        status = os.stat(folder)
    except FileNotFoundError:
        raise WriteRefused(f"cannot write {shown(named)}: the folder {shown(folder)} does not exist "
                           "(crosswalk creates no folders: create it first)") from None
    except NotADirectoryError:
        raise WriteRefused(f"cannot write {shown(named)}: a part of {shown(folder)} is a file, not a folder") from None
    if not stat.S_ISDIR(status.st_mode):
        raise WriteRefused(f"cannot write {shown(named)}: {shown(folder)} is {kind_of(status.st_mode)}, not a folder")


def _identity(status: os.stat_result) -> tuple[int, int]:
    return status.st_dev, status.st_ino


def _inputs(inputs: Iterable[str | Path]) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    for path in inputs:
        try:
            found.setdefault(_identity(os.stat(path)), str(path))
        except (OSError, ValueError):
            continue  # an input that cannot be looked at cannot be the output either
    return found


def resolve(named: str, inputs: Iterable[str | Path] = (), within: str | Path | None = None,
            outside: str = "") -> Target:
    """Check one output path against the rules (see the module) and say where its bytes will go.

    ``within``: a folder the output must lie inside once symbolic links are resolved; ``outside``
    names it (and what to do) in the message when the output does not."""
    try:
        return _resolve(named, _inputs(inputs), within, outside)
    except WriteRefused:
        raise
    except OSError as exc:
        raise WriteRefused(f"cannot write {shown(named)}: {exc.strerror or exc}") from None


def _resolve(named: str, inputs: dict[tuple[int, int], str], within: str | Path | None, outside: str) -> Target:
    if not named:
        raise WriteRefused("the output path is empty")
    if names_folder(named):
        raise WriteRefused(f"{shown(named)} names a folder (it ends in '/'): name the file to write")
    own = _status(named, follow=False)
    if own is not None and stat.S_ISLNK(own.st_mode):
        real = Path(os.path.realpath(named))
        status = _status(real, follow=False)
        if status is None:
            raise WriteRefused(f"{shown(named)} is a symbolic link to {shown(real)}, which does not exist: "
                               "crosswalk does not create files through dangling links")
    else:
        real, status = Path(os.path.abspath(named)), own
    linked = real != Path(os.path.abspath(named))
    if status is not None and not stat.S_ISREG(status.st_mode):
        what = f"{shown(named)} is {kind_of(status.st_mode)}" if not linked else \
            f"{shown(named)} is a symbolic link to {kind_of(status.st_mode)} ({shown(real)})"
        if stat.S_ISDIR(status.st_mode):
            raise WriteRefused(f"{what}: name a file inside it")
        if stat.S_ISLNK(status.st_mode):
            raise WriteRefused(f"{shown(named)} is a loop of symbolic links")
        raise WriteRefused(f"{what}: crosswalk writes only regular files or new paths")
    if within is not None:
        root = Path(os.path.realpath(within))
        full = Path(os.path.realpath(real))
        if full != root and root not in full.parents:
            raise WriteRefused(f"{shown(named)} lies outside {outside or shown(within)}")
    _folder_must_exist(named, real.parent if linked else Path(os.path.dirname(named) or os.curdir))
    if status is not None and _identity(status) in inputs:
        source = inputs[_identity(status)]
        same = "" if os.path.abspath(source) == os.path.abspath(named) else f" (the same file as {shown(source)})"
        raise WriteRefused(f"{shown(named)}{same} is an input of this command: writing it would destroy it; "
                           "choose another output")
    return Target(named, real, status)


def clean_stale_temporaries(folder: str | Path, older_than: float = STALE_AFTER, now: float | None = None) -> list[str]:
    """Remove the temporaries of our own naming that a killed run left in ``folder``: regular files
    only, owned by this user (where the platform has owners), last written more than ``older_than``
    seconds ago. Returns the names removed. Never fails: tidying must not stop a write."""
    now = time.time() if now is None else now
    uid = os.getuid() if hasattr(os, "getuid") else None
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_our_temporary(entry.name):
            continue
        try:
            status = entry.stat(follow_symlinks=False)
            if (stat.S_ISREG(status.st_mode) and (uid is None or status.st_uid == uid)
                    and now - status.st_mtime > older_than):
                os.unlink(entry.path)
                removed.append(entry.name)
        except OSError:
            continue
    return removed


def write_outputs(outputs: Sequence[Output], inputs: Iterable[str | Path] = (), within: str | Path | None = None,
                  outside: str = "") -> list[Target]:
    """Write every output, all or nothing (see the module for how far that goes); a
    :class:`~crosswalk.atomic.WriteRefused` with a one-line message when any is refused or fails."""
    known = list(inputs)
    targets = [resolve(output.path, known, within, outside) for output in outputs]
    seen: dict[Path, str] = {}
    for target in targets:
        if target.real in seen:
            raise WriteRefused(f"{shown(target.named)} and {shown(seen[target.real])} are the same file: "
                               "one run cannot write both")
        seen[target.real] = target.named
    for folder in sorted({target.real.parent for target in targets}):
        clean_stale_temporaries(folder)
    temporaries: list[str] = []
    try:
        for target, output in zip(targets, outputs):
            temporaries.append(_write_temporary(target, output.data))
    except BaseException as exc:
        for temporary in temporaries:
            discard(temporary)
        if isinstance(exc, OSError) and not isinstance(exc, WriteRefused):
            raise WriteRefused(f"cannot write {shown(target.named)}: {exc.strerror or exc}; nothing was written") from None
        raise
    _rename_all(targets, temporaries)
    for folder in sorted({target.real.parent for target in targets}):
        sync_folder(folder)
    return targets


def _write_temporary(target: Target, data: bytes) -> str:
    handle, temporary = make_temporary(target.real.parent, target.real.name)
    try:
        try:
            write_all(handle, data)
        finally:
            os.close(handle)
        # A replaced file keeps its permissions (a private report stays private); a new one gets the usual.
        mode = stat.S_IMODE(target.status.st_mode) & 0o777 if target.status is not None else 0o666 & ~umask()
        os.chmod(temporary, mode)
    except BaseException:
        discard(temporary)
        raise
    return temporary


def _rename_all(targets: Sequence[Target], temporaries: Sequence[str]) -> None:
    done: list[Target] = []
    try:
        for target, temporary in zip(targets, temporaries):
            refuse_special(target.real)  # again, just before: something may have been put there meanwhile
            os.replace(temporary, target.real)
            done.append(target)
    except BaseException as exc:
        for temporary in temporaries[len(done):]:
            discard(temporary)
        for target in done:
            if target.status is None:  # created by this run: take it away again
                discard(str(target.real))
        if isinstance(exc, OSError) and not isinstance(exc, WriteRefused):
            failed = targets[len(done)].named
            raise WriteRefused(f"cannot write {shown(failed)}: {exc.strerror or exc}"
                               + ("; files this run had replaced keep their new content" if done else "")) from None
        raise


def prepare_folder(named: str) -> tuple[Path, bool]:
    """The folder an import writes into: an existing folder, or one the user asked for by ending
    the path in '/' whose parent exists (created here, and only that one). Returns it and whether
    it was created, so that a failed import can take it away again."""
    path = Path(named)
    try:
        status = _status(path, follow=True)
        if status is not None:
            if not stat.S_ISDIR(status.st_mode):
                raise WriteRefused(f"{shown(named)} is {kind_of(status.st_mode)}, not a folder")
            return path, False
        if not names_folder(named):
            raise WriteRefused(f"{shown(named)} does not exist: end it in '/' to have the folder created")
        _folder_must_exist(named, Path(os.path.dirname(named.rstrip("/" + os.sep)) or os.curdir))
        os.mkdir(path)
        return path, True
    except WriteRefused:
        raise
    except OSError as exc:
        raise WriteRefused(f"cannot create the folder {shown(named)}: {exc.strerror or exc}") from None


def plain_name(name: str, what: str) -> str:
    """``name`` if it can be a file name inside the output folder (no folder part, not hidden, not
    too long), else :class:`WriteRefused` naming ``what`` it was derived from."""
    bad = None
    if not name or name in (".", ".."):
        bad = "is empty or a folder reference"
    elif any(sep in name for sep in ("/", "\\", "\0")):
        bad = "contains a folder separator"
    elif name.startswith("."):
        bad = "starts with '.' (a hidden file, which crosswalk does not load)"
    elif not all(c.isprintable() for c in name):
        bad = "contains control characters"
    elif len(os.fsencode(name)) > 255:
        bad = "is longer than a file name may be (255 bytes)"
    if bad:
        raise WriteRefused(f"{what} gives the file name '{shown(name)}', which {bad}: "
                           "set a plain id with --option id=NAME")
    return name
