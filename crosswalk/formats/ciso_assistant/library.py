"""One CISO Assistant library file read safely, and a framework library's nodes named once for every reader.

Why separate from the conversion: a mapping set names requirement nodes by URN, and turns them into
our element ids only through the framework library that holds them, with exactly the rules its own
import uses (:func:`framework_names`). Both imports call the same function, so a framework imported
on its own and a mapping imported later agree on every id by construction.

Framework libraries are found by their framework URN in a folder (:class:`Folder`): CISO Assistant
keeps all its libraries in one folder, and a mapping library names the frameworks it needs by URN,
never by file name (``cjis-version-5.9.5.yaml`` holds ``urn:...:framework:cjis-policy-5.9``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crosswalk.formats import ImportProblem
from crosswalk.formats.ciso_assistant import blocks, names
from crosswalk.formats.finish import read_input
from crosswalk.formats.tree import Tree, Where, found
from crosswalk.yamlio import MAX_FILE_BYTES, Locator, YamlError, decode_text, parse_text

HINT = "is this a CISO Assistant library?"
NODES: Where = ("objects", "framework", "requirement_nodes")


def read(path: str) -> tuple[Tree, dict[str, Any]]:
    """The library's top mapping and a :class:`Tree` that names places by line and column.

    The file is read once through the read gate (a regular file, size bounded), then parsed by
    :mod:`crosswalk.yamlio` (no tags, no aliases, no duplicate keys, bounded nesting), with plain
    scalars typed as PyYAML types them: CISO Assistant writes and reads its libraries with PyYAML, so
    a plain ``08`` there is the text "08".
    """
    data_bytes = read_input(path, MAX_FILE_BYTES)
    try:
        text = decode_text(data_bytes)
        data = parse_text(text, yaml11=True)  # their tools write and read libraries with PyYAML
    except YamlError as exc:
        raise ImportProblem(f"{path}:{exc.line}:{exc.column}: {exc.message}") from None
    except ValueError as exc:  # e.g. an integer too long to convert; the loader names no place for it
        raise ImportProblem(f"{path}: cannot read the YAML: {exc}") from None
    locator: Locator | None = None

    def locate(where: Where) -> tuple[int, int]:
        nonlocal locator
        locator = locator or Locator(text)  # built only when a message needs a place
        position = locator.locate(where)
        return position.line, position.column

    if not isinstance(data, dict) or not isinstance(data.get("objects"), dict):
        raise ImportProblem(f"{path}: not a CISO Assistant library (no 'objects' mapping at the top level)")
    return Tree(path, HINT, locate), data


def nodes(tree: Tree, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The framework's requirement nodes, each an object with a text ``urn``; URNs unique ignoring case
    (CISO Assistant compares them in lower case)."""
    framework = tree.child(data["objects"], "framework", NODES[:1], dict) or {}
    items = tree.child(framework, "requirement_nodes", NODES[:2], list)
    if items is None:
        raise ImportProblem(f"{tree.path}: objects.framework.requirement_nodes must be a list of nodes with a 'urn'")
    seen: dict[str, int] = {}
    for index, node in enumerate(items):
        where = NODES + (index,)
        urn = tree.text(tree.mapping(node, where), "urn", where, required=True, numbers=False)
        if not urn.strip():
            raise tree.problem(where + ("urn",), "empty urn")
        if urn.lower() in seen:
            raise tree.problem(where + ("urn",), f"urn {urn[:200]!r} is also node {seen[urn.lower()] + 1}'s: "
                                                 "each node needs its own urn")
        seen[urn.lower()] = index
        depth = node.get("depth")
        if depth is not None and not (isinstance(depth, int) and not isinstance(depth, bool)) and not (
                isinstance(depth, str) and re.fullmatch(r"\s*[0-9]{1,6}\s*", depth)):
            raise tree.problem(where + ("depth",), f"expected a whole number, found {depth!r}"[:200])
        assessable = node.get("assessable")
        if assessable is not None and not isinstance(assessable, bool):
            raise tree.problem(where + ("assessable",), f"expected true or false, found {found(assessable)}")
    return items


@dataclass
class Names:
    """What a framework library's nodes are called on our side, and what that cost."""

    framework_urn: str
    ident: str
    version: str
    ids: dict[str, str]
    """Lower-case node URN -> element id."""
    moved: int = 0
    """Nodes whose ref_id (or, without one, URN's last part) was shared with another node."""
    changed: list[tuple[str, str]] = field(default_factory=list)
    """(as written, as changed) for ids whose characters our id rule refuses."""
    edition_from: str = ""
    """Where the version came from: the field named, or "" for the packaging revision."""

    @property
    def ref(self) -> str:
        return f"{self.ident}@{self.version}"


def _short_tail(urn: str) -> str:
    return urn.rsplit(":", 1)[-1]


def _whole_tail(urn: str, framework_tail: str) -> str:
    tail = names.urn_tail(urn, "req_node")
    prefix = framework_tail.lower() + ":"
    return tail[len(prefix):] if tail.lower().startswith(prefix) and len(tail) > len(prefix) else tail


def framework_names(tree: Tree, data: dict[str, Any], items: list[dict[str, Any]],
                    ident: str = "", version: str = "") -> Names:
    """Our framework id, version and element ids for a library (``ident``/``version`` when given).

    Id: the framework URN's tail, NFKD-folded (:func:`names.slug`), without its edition. Version: the
    edition that tail ends with; else the edition the framework's or the library's ``ref_id`` ends
    with; else the library's packaging revision (``version``). Element ids: see :func:`names.unique_ids`."""
    framework = tree.child(data["objects"], "framework", NODES[:1], dict) or {}
    block = blocks.read(tree, framework, "annotation", NODES[:2], blocks.FRAMEWORK_KEYS) or {}
    ident = ident or (str(block["id"]) if block.get("id") is not None else "")
    version = version or (str(block["version"]) if block.get("version") is not None else "")
    framework_urn = tree.text(framework, "urn", NODES[:2], numbers=False).strip()
    tail = names.urn_tail(framework_urn, "framework") if framework_urn else ""
    base = tail or tree.text(framework, "ref_id", NODES[:2]) or tree.text(data, "ref_id", ()) or Path(tree.path).stem
    stem_edition = names.edition(names.ascii_fold(base))
    found_edition, edition_from = (stem_edition[1], "the framework URN") if stem_edition else ("", "")
    if not found_edition:
        for where, owner, label in ((NODES[:2], framework, "the framework's ref_id"), ((), data, "the library's ref_id")):
            split = names.edition(names.ascii_fold(tree.text(owner, "ref_id", where)))
            if split:
                found_edition, edition_from = split[1], label
                break
    chosen_id = ident or names.slug(stem_edition[0] if stem_edition else base)
    packaging = tree.text(data, "version", ())
    chosen_version = version or names.version_text(found_edition or packaging or "1")
    candidates = []
    for index, node in enumerate(items):
        where = NODES + (index,)
        urn = str(node["urn"])
        ref = tree.text(node, "ref_id", where)
        candidates.append((ref, _short_tail(urn), _whole_tail(urn, tail), urn, f"node-{index + 1}"))
    ids, written, _ = names.unique_ids(candidates)
    changed = [(raw, ident_) for raw, ident_ in zip(written, ids) if " ".join(raw.split()) != ident_]
    moved = sum(1 for (ref, short, *_), ident_ in zip(candidates, ids)
                if ident_ != (names.element_id(ref) or names.element_id(short)))
    return Names(framework_urn, chosen_id, chosen_version,
                 {str(node["urn"]).lower(): ident_ for node, ident_ in zip(items, ids)},
                 moved, changed, "" if version else edition_from)


_URN_LINE = re.compile(rb"[ \t]+urn:[ \t]*['\"]?(urn:[^\s'\"]+)")


def framework_urns(data: bytes) -> list[str]:
    """The framework URNs a library file's text seems to declare (lower case), found without parsing
    it: a ``urn:`` line whose URN holds ``:framework:``, and the first ``urn:`` line inside a
    ``framework:`` key (one library names its framework ``urn:...:library:...``). Only those few lines
    are looked at, so a folder of 288 libraries (71 MB) is indexed in a fraction of a second; each
    candidate is then read in full and its framework URN checked."""
    found = []
    for marker, first_urn_after in ((b":framework:", False), (b"\n  framework:", True)):
        at = data.find(marker)
        while at >= 0:
            start = data.rfind(b"\n", 0, at) + 1 if not first_urn_after else data.find(b"\n", at + 1) + 1
            match = None
            for _ in range(1 if not first_urn_after else 20):  # the urn: among the framework's first keys
                end = data.find(b"\n", start)
                end = len(data) if end < 0 else end
                match = _URN_LINE.match(data, start, end)
                if match or start >= len(data):
                    break
                start = end + 1
            if match:
                found.append(match.group(1).decode("utf-8", "replace").lower())
            at = data.find(marker, at + len(marker))
    return sorted(set(found))


@dataclass
class Folder:
    """The framework libraries of one folder, by framework URN (lower case), found on first use."""

    path: str
    _index: dict[str, list[str]] | None = None

    def candidates(self, framework_urn: str) -> list[str]:
        if self._index is None:
            self._index = {}
            try:
                entries = sorted(os.scandir(self.path), key=lambda entry: entry.name)
            except OSError as exc:
                raise ImportProblem(f"library_dir {self.path}: cannot list the folder: {exc.strerror or exc}") from None
            for entry in entries:
                if not entry.name.endswith((".yaml", ".yml")) or entry.name.startswith("."):
                    continue
                try:
                    if not entry.is_file():
                        continue
                    head = read_input(entry.path, MAX_FILE_BYTES)
                except (ImportProblem, OSError):
                    continue  # not a library we could use; a library named explicitly says why
                for urn in framework_urns(head):
                    self._index.setdefault(urn, []).append(entry.path)
        return self._index.get(framework_urn.lower(), [])


@dataclass
class Loaded:
    """A framework library read for its names (what a mapping import needs of it)."""

    path: str
    names: Names


_CACHE: dict[tuple[str, int, int, int, str, str], Loaded] = {}
_CACHE_LIMIT = 64


def load_framework(path: str, ident: str = "", version: str = "") -> Loaded:
    """A framework library's names, remembered while the file is unchanged (a whole-library import
    names the same large framework, such as SCF, in a dozen mapping libraries)."""
    try:
        status = os.stat(path)
        key = (os.path.abspath(path), status.st_size, status.st_mtime_ns, status.st_ino, ident, version)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    tree, data = read(path)
    if not isinstance(data["objects"].get("framework"), dict):
        raise ImportProblem(f"{path}: holds no framework (objects.framework), so it cannot name a mapping's nodes")
    items = nodes(tree, data)
    loaded = Loaded(path, framework_names(tree, data, items, ident, version))
    if key is not None:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = loaded
    return loaded
