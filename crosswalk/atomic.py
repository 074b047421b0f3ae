"""Write files so that a reader never sees half of one: a temporary file in the same folder, then rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, BinaryIO


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomically(path: str | Path, write: Callable[[BinaryIO], None], mode: int | None = None) -> None:
    """Call ``write`` on a temporary file beside ``path`` and move it into place only if it succeeds.

    ``mode`` sets the file's permissions exactly (the cache writes 0600); by default they follow the umask."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes 0600; a report is an ordinary file (umask), a cache entry stays private (mode)
        os.chmod(temporary, 0o666 & ~_umask() if mode is None else mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def write_text_atomically(path: str | Path, text: str) -> None:
    write_atomically(path, lambda stream: stream.write(text.encode("utf-8")))
