"""Guards for tests of hostile input: fail instead of hanging or eating the machine's memory."""

from __future__ import annotations

import contextlib
import os
import signal

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]


class Blocked(BaseException):
    """Not an OSError (nor an Exception): no handler in the code under test can swallow it."""


@contextlib.contextmanager
def no_hang(seconds: int = 30, memory: int = 2 * 1024**3):
    """Fail instead of blocking the test run forever, or of eating the machine's memory (a regression
    that reads /dev/zero or a 20 GB file whole): at most ``memory`` more bytes of address space.
    Not a timing assertion: nothing here measures how long the body takes."""
    def stop(signum, frame):
        raise Blocked(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    limits = None
    if resource is not None and os.path.exists("/proc/self/statm"):  # Linux: bound the address space
        limits = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        if limits[1] == resource.RLIM_INFINITY or limits[1] > in_use + memory:
            resource.setrlimit(resource.RLIMIT_AS, (in_use + memory, limits[1]))
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        if limits is not None:
            resource.setrlimit(resource.RLIMIT_AS, limits)
