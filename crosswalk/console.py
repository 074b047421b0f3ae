"""Standard output and standard error for the command line, whatever they turn out to be.

Why not plain ``sys.stdout.write``: stdout may be closed (``crosswalk list >&-``: ``sys.stdout`` is
None), full (``> /dev/full``), gone (``| head -1``), or a terminal whose encoding cannot show every
character of a title (``PYTHONIOENCODING=cp1252``: "→"). Each of those must end as a one-line
message or as correct output, never as an internal error or a traceback; this module turns them
into :class:`OutputFailed` (a usage-level error, exit 2) or into text the stream can carry.
"""

from __future__ import annotations

import os
import sys


class OutputFailed(Exception):
    """Standard output cannot take the command's output; the message is one line."""


def emit(text: str) -> None:
    """Write to standard output; characters its encoding lacks are written as ``\\uXXXX`` escapes."""
    stream = sys.stdout
    if stream is None:
        raise OutputFailed("standard output is closed: redirect it to a file (> FILE), or pass -o FILE where the command has it")
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:  # raised before anything is written: encoding happens first
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:  # ValueError: the stream was closed under us
        raise OutputFailed(f"cannot write to standard output: {_reason(exc)}") from None


def say(message: str) -> None:
    """A line on standard error, if there is one to write to (a closed stderr must not crash us); the
    text is made one plain line (see :func:`crosswalk.reporters.text_safety.plain`): messages quote
    file names and ids that anyone can choose."""
    from crosswalk.reporters.text_safety import plain

    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(plain(message.removesuffix("\n")) + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def finish(code: int) -> int:
    """Flush standard output before the exit code is final: a full disk or a closed pipe noticed
    only at interpreter exit would print Python's "Exception ignored" lines and exit 120."""
    stream = sys.stdout
    if stream is None:
        return code
    try:
        stream.flush()
    except BrokenPipeError:
        silence()
        return code
    except (OSError, ValueError) as exc:
        silence()
        say(f"crosswalk: error: cannot write to standard output: {_reason(exc)}")
        return 2
    return code


def silence() -> None:
    """Point standard output's descriptor at the null device, so that the interpreter's last flush of
    output that could not be written finds nowhere to fail (the recipe of Python's signal docs)."""
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (a test's capture): nothing will be flushed at exit
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, descriptor)
        os.close(null)
    except OSError:
        pass


def _reason(exc: Exception) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc) or type(exc).__name__
