"""The one gate every file read goes through: regular files only, size checked first, bytes read once.

Why: a path in a library folder, on the command line or in the cache can name anything. A named
pipe (FIFO) blocks ``open()`` forever; ``/dev/zero`` or a 20 GB sparse file is read whole before any
size check and ends in MemoryError; a symbolic-link loop or a folder without permission raises
OSError deep inside a command. And a file read twice (once to hash it, once to parse it) may change
in between, so that findings of one content get stored under the digest of another. So every read
here:

- opens with ``O_NONBLOCK`` (opening a FIFO returns at once instead of waiting for a writer) and
  ``O_CLOEXEC``, after a ``stat`` that refuses a non-regular file before opening it at all (opening
  some devices has side effects);
- checks the *descriptor* with ``fstat`` (the path may have been swapped since the ``stat``) and
  refuses anything that is not a regular file, saying what it is;
- refuses a file whose size is above the limit before reading a byte, and reads at most
  ``limit + 1`` bytes, so a file that grows while it is read is still refused;
- returns the bytes, read once: callers hash and parse those same bytes.

Every failure is a :class:`ReadError` carrying the loader rule id (``file-unreadable`` or
``file-too-large``) and a message that says what the path is and what to do; OS errors never escape
as tracebacks.
"""

from __future__ import annotations

import errno
import os
import stat

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 20

UNREADABLE = "file-unreadable"
TOO_LARGE = "file-too-large"


class ReadError(Exception):
    """A path that cannot be read as a regular file within the size limit; ``rule`` is the loader rule id."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a symbolic link"),
)


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words ("a named pipe (FIFO)"), for reading and writing alike."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return f"not a regular file (type 0o{stat.S_IFMT(mode):o})"


def _not_regular(mode: int, what: str) -> ReadError:
    name = kind_of(mode)
    if stat.S_ISDIR(mode):
        return ReadError(UNREADABLE, f"is a directory, not a {what}: name a regular file")
    return ReadError(UNREADABLE, f"is {name}, not a regular file: crosswalk reads regular files only; "
                                 f"replace it with the {what} itself or remove it")


def explain(exc: OSError, path: str | os.PathLike[str], what: str = "file") -> str:
    """An OS error as a sentence saying what is wrong and what to do (no errno numbers, no traceback)."""
    code = exc.errno
    if code == errno.ENOENT:
        if os.path.islink(path):
            return "is a symbolic link to a path that does not exist: fix or remove the link"
        return f"no such {what}: check the path"
    if code in (errno.EACCES, errno.EPERM):
        return f"permission denied: make the {what} (and the folders above it) readable, or remove it"
    if code == errno.ELOOP:
        return "is a symbolic link loop (the link leads back to itself): fix or remove the link"
    if code == errno.ENAMETOOLONG:
        return "the path is too long for the operating system: shorten it"
    if code == errno.EISDIR:
        return f"is a directory, not a {what}: name a regular file"
    if code == errno.ENOTDIR:
        return "a part of the path is not a folder: check the path"
    if code == errno.ENXIO:
        return "is a socket or a device with nothing behind it, not a regular file: remove it"
    reason = exc.strerror or type(exc).__name__
    return f"cannot read the {what}: {reason}"


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int, what: str = "file") -> bytes:
    """The bytes of the regular file at ``path`` (symbolic links followed), at most ``max_bytes`` of them.

    ``what`` names the file in messages ("import file", "cache entry"). Raises :class:`ReadError`
    for anything that is not a regular file, is above ``max_bytes``, or cannot be opened or read.
    """
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(mode, what)  # refused before it is ever opened
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise ReadError(UNREADABLE, explain(exc, path, what)) from None
    except ValueError:  # a NUL byte in the path
        raise ReadError(UNREADABLE, "the path contains a NUL character: rename the file") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):  # swapped between the stat and the open
            raise _not_regular(info.st_mode, what)
        if info.st_size > max_bytes:
            raise ReadError(TOO_LARGE, f"{what} is {info.st_size:,} bytes, above the {max_bytes:,}-byte limit: "
                                       "split it or remove it")
        return _read_at_most(descriptor, max_bytes, info.st_size, what)
    except OSError as exc:
        raise ReadError(UNREADABLE, explain(exc, path, what)) from None
    finally:
        os.close(descriptor)


def _read_at_most(descriptor: int, max_bytes: int, expected: int, what: str) -> bytes:
    """Read to end of file, refusing more than ``max_bytes``: one read for a file of the size fstat said."""
    chunks: list[bytes] = []
    total = 0
    request = min(expected, max_bytes) + 1  # one byte more than expected shows end of file or growth
    while total <= max_bytes:
        chunk = os.read(descriptor, min(request, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        request = _CHUNK
    raise ReadError(TOO_LARGE, f"{what} grew above the {max_bytes:,}-byte limit while it was read: "
                               "split it or remove it")
