"""A content-addressed cache of parsed files and of whole validation results.

Why: parsing is most of what ``crosswalk validate`` costs, and in CI or a pre-commit hook almost
every file is unchanged from the last run. Entries are keyed by the SHA-256 of the file's bytes
(the very bytes that were parsed: see :func:`crosswalk.incremental.files_of`) and of crosswalk's own
code and schemas, so an edited file or a new crosswalk version can never meet a stale entry; a
whole-workspace result is keyed by every file's digest. Entries are written atomically and any
entry that cannot be read is ignored and rebuilt.

A cache must never decide a verdict it cannot vouch for, so:

- The folder is created 0700 (by an explicit chmod, whatever the umask) and a folder that is not
  owned by the current user, or that group or others may write, is refused: the cache is off for
  that run, with a one-line notice on stderr naming the folder and why.
- Every entry is authenticated with HMAC-SHA256 under a random key kept in the folder (``key``,
  created 0600 and published without ever overwriting another run's key), over the entry's kind and
  key as well as its bytes, and the tag is checked before :mod:`marshal` sees a byte: an entry
  written by anyone without the key, or moved to another key, is a miss. A key that cannot be read
  or trusted turns the cache off for the run, with the same notice. (A folder or key that cannot be
  created at all, on a read-only or foreign file system, turns it off silently: that costs speed only.)
- Entries are read through :mod:`crosswalk.readgate` (regular files only, so a FIFO cannot hang a run
  and a link to /dev/zero cannot exhaust memory) and are at most :data:`MAX_ENTRY_BYTES`; anything
  marshal still rejects is a miss.
- Entries are written 0600.

The key lives beside the entries: it proves an entry was written by someone who could read the
folder, nothing more. A cache folder restored from a place you do not trust (a CI cache shared with
untrusted branches or forks) brings its key along, so do not share one across a trust boundary.

Entries use :mod:`marshal` (plain data only; it cannot run code, unlike pickle). ``crosswalk
validate`` uses all of it; ``coverage``, ``gaps``, ``report`` and ``overview`` read and write the
parsed files only (an unchanged shipped library then loads in 0.04 s instead of 0.3 s). It lives in ``$XDG_CACHE_HOME/crosswalk`` (``~/.cache/crosswalk``)
rather than in the repository, so that it never shows up as untracked files; ``CROSSWALK_CACHE_DIR``
moves it, and ``--no-cache`` or ``CROSSWALK_CACHE_DIR=off`` turns it off. Being content-addressed, it
needs no cleaning for correctness; delete the folder to reclaim space (a new key is made when the
key file is missing: every older entry then simply misses).
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from crosswalk import __version__
from crosswalk.atomic import write_atomically
from crosswalk.readgate import ReadError, explain, read_bytes

MAX_ENTRY_BYTES = 256 * 1024 * 1024
"""The largest entry read or written. The largest entries are parsed files, and a file is refused
above 64 MiB of YAML (:data:`crosswalk.yamlio.MAX_FILE_BYTES`); the marshalled parse is 0.93-0.99x
the YAML's size on every file of the shipped and 20-framework synthetic libraries. Four times the
file limit leaves room for any ordinary entry while bounding what a damaged cache can make a run
read. An entry above it (a file with millions of findings) is simply not written: that costs speed,
never correctness."""

KEY_FILE = "key"
_KEY_BYTES = 32
_TAG_BYTES = 32  # HMAC-SHA256
_FORMAT = b"crosswalk-cache-1"

_enabled = False  # the commands turn it on (unless --no-cache); a program using the library opts in
_opened: dict[str, tuple[Path, bytes] | None] = {}  # folder -> (folder, key), or None when refused


class _Refused(Exception):
    """The cache folder or its key cannot be trusted: the cache is off for this run."""


def configure(enabled: bool) -> None:
    global _enabled
    _enabled = enabled
    _opened.clear()  # each command checks the folder again


def location() -> Path | None:
    """Where the cache lives when it is on (the folder may not exist yet, and may yet be refused)."""
    setting = os.environ.get("CROSSWALK_CACHE_DIR")
    if not _enabled or (setting is not None and setting.lower() in ("", "off", "0", "none")):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "crosswalk"


def directory() -> Path | None:
    """The cache folder in use, or None when the cache is off or its folder was refused."""
    opened = _open()
    return None if opened is None else opened[0]


def _open() -> tuple[Path, bytes] | None:
    base = location()
    if base is None:
        return None
    name = str(base)
    if name not in _opened:
        try:
            _opened[name] = (base, _trusted_key(base))
        except _Refused as exc:
            sys.stderr.write(f"crosswalk: notice: cache off for this run: {exc}\n")
            _opened[name] = None
        except OSError:  # the folder or its key cannot be created (read-only, no permission): only speed is lost
            _opened[name] = None
    return _opened[name]


def _trusted_key(base: Path) -> bytes:
    """The folder's HMAC key, after making sure only the current user can write the folder.

    Raises :class:`_Refused` when the folder or key cannot be trusted, OSError when they cannot be made."""
    _make_private_folder(base)
    try:
        info = os.stat(base)
    except OSError as exc:
        raise _Refused(f"{base}: {explain(exc, base, 'cache folder')}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise _Refused(f"{base} is not a folder: point CROSSWALK_CACHE_DIR at a folder, or set it to off")
    _check_private(info, base, 0o022, "chmod 700", "may be written by group or others")
    path = base / KEY_FILE
    if not os.path.lexists(path):
        _create_key(base, path)
    try:
        key = read_bytes(path, max_bytes=1024, what="cache key")  # a wrong length is reported below
        _check_private(os.stat(path), path, 0o077, "chmod 600", "may be read by other users")
    except ReadError as exc:
        raise _Refused(f"{path}: {exc.message}") from None
    except OSError as exc:
        raise _Refused(f"{path}: {explain(exc, path, 'cache key')}") from None
    if len(key) != _KEY_BYTES:
        raise _Refused(f"{path} is damaged ({len(key)} bytes, not {_KEY_BYTES}): delete it and a new key is made")
    return key


def _check_private(info: os.stat_result, path: Path, forbidden: int, fix: str, risk: str) -> None:
    if not hasattr(os, "geteuid"):  # pragma: no cover - Windows: ownership and modes do not apply
        return
    if info.st_uid != os.geteuid():
        raise _Refused(f"{path} is owned by user id {info.st_uid}, not by you ({os.geteuid()}): "
                       "use a cache folder of your own (CROSSWALK_CACHE_DIR)")
    if info.st_mode & forbidden:
        raise _Refused(f"{path} {risk} (mode {stat.S_IMODE(info.st_mode):04o}): "
                       f"run '{fix} {path}'")


def _make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents 0700, whatever the umask; an existing one is left as is."""
    missing = []
    current = folder
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for item in reversed(missing):
        try:
            os.mkdir(item, 0o700)
        except FileExistsError:
            continue  # another run made it first: it is checked like any existing folder
        os.chmod(item, 0o700)


def _create_key(base: Path, path: Path) -> None:
    """Publish a new random key without ever replacing one another run published first."""
    secret = os.urandom(_KEY_BYTES)  # what secrets.token_bytes returns, without importing it
    handle, temporary = tempfile.mkstemp(prefix=".key.", suffix=".tmp", dir=base)  # O_EXCL, 0600
    try:
        with os.fdopen(handle, "wb") as stream:
            os.chmod(temporary, 0o600)
            stream.write(secret)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)  # complete from its first moment, and never over another key
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links: create it in place, still exclusively
            _write_exclusively(path, secret)
    finally:
        os.unlink(temporary)


def _write_exclusively(path: Path, secret: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags, 0o600)
    except FileExistsError:
        return
    with os.fdopen(handle, "wb") as stream:
        stream.write(secret)
        stream.flush()
        os.fsync(stream.fileno())


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Digest of crosswalk's own modules and schemas: any code change invalidates every entry."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and "builtin" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _entry_path(base: Path, kind: str, key: str) -> Path:
    full = hashlib.sha256(_encode(f"{code_digest()}:{kind}:{key}")).hexdigest()
    return base / full[:2] / full


def _tag(secret: bytes, kind: str, key: str, payload: bytes | memoryview) -> bytes:
    """HMAC-SHA256 of the payload together with what it is an entry for (code, kind and key)."""
    mac = hmac.new(secret, digestmod=hashlib.sha256)
    for part in (_FORMAT, _encode(code_digest()), _encode(kind), _encode(key)):
        mac.update(len(part).to_bytes(8, "big") + part)
    mac.update(payload)
    return mac.digest()


def get(kind: str, key: str) -> Any:
    """The cached value, or None when absent, unreadable, not authentic or the cache is off."""
    opened = _open()
    if opened is None:
        return None
    base, secret = opened
    try:
        blob = read_bytes(_entry_path(base, kind, key), max_bytes=_TAG_BYTES + MAX_ENTRY_BYTES, what="cache entry")
    except ReadError:
        return None
    payload = memoryview(blob)[_TAG_BYTES:]
    if len(blob) < _TAG_BYTES or not hmac.compare_digest(blob[:_TAG_BYTES], _tag(secret, kind, key, payload)):
        return None
    try:
        return marshal.loads(payload)
    except (MemoryError, ValueError, EOFError, TypeError):
        return None  # authentic yet unloadable (another Python's marshal format): a miss


def put(kind: str, key: str, value: Any) -> None:
    opened = _open()
    if opened is None:
        return
    base, secret = opened
    try:
        payload = marshal.dumps(value)
    except ValueError:
        return  # not plain data: never cached
    if len(payload) > MAX_ENTRY_BYTES:
        return
    path = _entry_path(base, kind, key)
    tag = _tag(secret, kind, key, payload)
    try:
        _make_private_folder(path.parent)
        write_atomically(path, lambda stream: (stream.write(tag), stream.write(payload)), mode=0o600)
    except OSError:
        pass  # a cache that cannot be written only costs speed
