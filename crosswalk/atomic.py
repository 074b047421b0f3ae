"""Write files so that a reader never sees half of one: a temporary file in the same folder, then rename.

This module is the mechanism (temporary name, write, fsync, rename); :mod:`crosswalk.writegate` is
the policy for files a user names (which targets are allowed, inputs, folders, several files at
once). Both refuse to rename over anything but a regular file: ``os.replace`` would silently put
a regular file where a device, FIFO or socket was (as root, ``-o /dev/null`` would replace the
real one).

Temporaries are named ``.<name>.crosswalk-<8 random characters>.tmp``: distinctive enough that
:func:`is_our_temporary` recognises the ones a killed run left behind, and nobody else's file.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from crosswalk.readgate import kind_of  # noqa: F401 - also what writegate imports from here

TEMPORARY_MARK = ".crosswalk-"
TEMPORARY_SUFFIX = ".tmp"
_NAME_ROOM = 100  # characters of the target's name kept in a temporary's name (NAME_MAX is 255 bytes)
_TEMPORARY = re.compile(r"\..*" + re.escape(TEMPORARY_MARK) + r"[a-z0-9_]{8}" + re.escape(TEMPORARY_SUFFIX), re.DOTALL)


class WriteRefused(OSError):
    """A write crosswalk will not do, or could not finish; the message is one line that says why.

    An ``OSError`` so that callers which already treat a failed write as an ``OSError`` (the cache,
    which only loses speed) keep doing so."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "write refused"


def is_our_temporary(name: str) -> bool:
    """Whether a file name is one that :func:`make_temporary` makes (and no other)."""
    return _TEMPORARY.fullmatch(name) is not None


def make_temporary(folder: Path, name: str) -> tuple[int, str]:
    """An open descriptor and path of a new, empty temporary file (mode 0600) in ``folder``."""
    return tempfile.mkstemp(prefix=f".{name[:_NAME_ROOM]}{TEMPORARY_MARK}", suffix=TEMPORARY_SUFFIX, dir=folder)


def write_all(handle: int, data: bytes) -> None:
    """``os.write`` until every byte is written (a write may take only part), then ``fsync``."""
    view = memoryview(data)
    while view:
        written = os.write(handle, view)
        view = view[written:]
    os.fsync(handle)


def refuse_special(path: str | Path, follow: bool = False) -> os.stat_result | None:
    """The target's status, or None when it does not exist; :class:`WriteRefused` when it is neither a
    regular file nor (unless ``follow``) a symbolic link, which a rename replaces without touching
    what it points to."""
    try:
        status = os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISREG(status.st_mode) or (not follow and stat.S_ISLNK(status.st_mode)):
        return status
    raise WriteRefused(f"{path} is {kind_of(status.st_mode)}: crosswalk writes only regular files or new paths")


def umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def sync_folder(folder: str | Path) -> None:
    """Make a rename in ``folder`` durable where the platform allows it (best effort)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def discard(temporary: str) -> None:
    try:
        os.unlink(temporary)
    except OSError:
        pass


def write_atomically(path: str | Path, write: Callable[[BinaryIO], None], *, mode: int | None = None) -> None:
    """Call ``write`` on a temporary file beside ``path`` and move it into place only if it succeeds.

    Missing parent folders are created (the cache relies on that; user-named outputs go through
    :mod:`crosswalk.writegate`, which never creates folders). ``mode`` is the new file's permission
    bits (default: ``0666`` less the umask, like any new file). An existing target that is not a
    regular file or a symbolic link is refused with :class:`WriteRefused`."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    refuse_special(target)
    handle, temporary = make_temporary(target.parent, target.name)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, (0o666 & ~umask()) if mode is None else mode)
        refuse_special(target)  # again: something may have been put there while we wrote
        os.replace(temporary, target)
    except BaseException:
        discard(temporary)
        raise


def write_text_atomically(path: str | Path, text: str) -> None:
    write_atomically(path, lambda stream: stream.write(text.encode("utf-8")))
