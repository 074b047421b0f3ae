"""Safe YAML reading for files that may be hostile.

Why this module exists: PyYAML's safe loader still accepts duplicate keys (the last one silently
wins), expands aliases (a billion-laughs document explodes in whatever walks the result), turns
``7.10`` into the float ``7.1`` and ``NO`` into ``False``. Framework ids such as ``7.10`` must
survive exactly, so plain scalars resolve only to ``null``, ``true``/``false``, decimal integers and
strings. Parsing uses libyaml (``CSafeLoader``) when available because parsing is the floor of
every command's cost; positions are not recorded while parsing (that would double the cost) but
recovered on demand by :class:`Locator`, which re-composes the file only when a finding needs a
line and column.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterable

import yaml

from crosswalk import readgate

try:  # libyaml is the fast path; the pure-Python loader gives the same results, slower.
    _BaseLoader = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader  # type: ignore[misc]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Files above this size are refused before parsing: no governance file is that large."""

MAX_NESTING = 100
"""Deeper nesting is refused before parsing: libyaml's composer recurses in C and a document nested
tens of thousands deep crashes the interpreter (a segmentation fault, not an exception)."""

_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class YamlError(Exception):
    """A file could not be read as safe YAML; carries the place and what to do about it."""

    def __init__(self, rule: str, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.line = line
        self.column = column


class _ConstructError(yaml.YAMLError):
    def __init__(self, rule: str, message: str, mark: Any) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.mark = mark


def _only(tag: str, pattern: str, first: Iterable[str]) -> tuple[str, re.Pattern[str], list[str]]:
    return tag, re.compile(pattern, re.X), list(first)


_RESOLVERS = [
    _only("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    _only("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    _only("tag:yaml.org,2002:int", r"^(?:[-+]?(?:0|[1-9][0-9]*))$", list("-+0123456789")),
]


class StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader: no duplicate keys, no aliases, no implicit floats, dates or YAML 1.1 booleans."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise _ConstructError(
                "yaml-alias",
                "aliases (*name) are not allowed: write the value out in full",
                node.start_mark,
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise _ConstructError("yaml-syntax", "expected a mapping", node.start_mark)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _ConstructError(
                    "yaml-alias", "merge keys (<<) are not allowed: write the keys out", key_node.start_mark
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise _ConstructError("yaml-syntax", "mapping keys must be plain scalars", key_node.start_mark)
            key = self.construct_object(key_node, deep=deep)
            if key in mapping:
                raise _ConstructError(
                    "yaml-duplicate-key",
                    f"duplicate key {key!r}: each key may appear once in a mapping; remove or rename one",
                    key_node.start_mark,
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


for _tag, _regexp, _first in _RESOLVERS:
    StrictLoader.add_implicit_resolver(_tag, _regexp, _first)
StrictLoader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node))


def _reject_tag(loader: StrictLoader, node: yaml.Node) -> Any:
    raise _ConstructError("yaml-tag", f"tag {node.tag!r} is not allowed: remove it", node.start_mark)


for _tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:set",
             "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs"):
    StrictLoader.add_constructor(_tag, _reject_tag)
StrictLoader.add_constructor(None, _reject_tag)


def _position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


@functools.lru_cache(maxsize=4)
def _dash_run(limit: int) -> re.Pattern[bytes]:
    # Spelled with a literal lead ("-[ ]+-") so that the regex engine can skip ahead to each dash:
    # ten times faster than the equivalent (?:-[ ]+){limit}.
    return re.compile(rb"-[ ]+-[ ]+(?:-[ ]+){%d}" % (limit - 2))


def _check_nesting(data: bytes, limit: int = MAX_NESTING) -> None:
    """Refuse documents nested deeper than ``limit``, cheaply: a few C-speed passes over the bytes.

    Flow nesting: keep only the brackets and strip innermost pairs until nothing changes; what is
    left (brackets inside strings, or a hostile nest) is scanned. Block nesting needs deep
    indentation or long runs of "- " on one line, which two regular expressions find.
    """
    if data.count(b"[") + data.count(b"{") > limit:
        brackets = data.translate(None, _NOT_BRACKETS)
        rounds = 0
        while rounds < limit:
            stripped = brackets.replace(b"[]", b"").replace(b"{}", b"")
            if stripped == brackets:
                break
            brackets, rounds = stripped, rounds + 1
        depth = deepest = 0
        for byte in brackets:
            depth = depth + 1 if byte in b"[{" else max(0, depth - 1)
            deepest = max(deepest, depth)
        if rounds + deepest > limit:
            raise YamlError("yaml-syntax", f"the document is nested more than {limit} levels deep: flatten it")
    indent = b" " * (2 * limit)
    if data.startswith(indent) or b"\n" + indent in data or _dash_run(limit).search(data):
        raise YamlError("yaml-syntax", f"the document is nested more than {limit} levels deep: flatten it")


def read_text(path: str, max_bytes: int | None = None) -> str:
    """Read a file as strict UTF-8 text, refusing what no YAML editor should have produced."""
    return decode_text(read_file_bytes(path, max_bytes))


def read_file_bytes(path: str, max_bytes: int | None = None) -> bytes:
    """A file's bytes through :mod:`crosswalk.readgate` (regular files only, size checked before reading)."""
    max_bytes = MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        return readgate.read_bytes(path, max_bytes=max_bytes)
    except readgate.ReadError as exc:
        raise YamlError(exc.rule, exc.message) from None


def decode_text(data: bytes) -> str:
    """Bytes read from a file as strict UTF-8 text, refusing what no YAML editor should have produced."""
    _check_nesting(data)
    if data.startswith(b"\xef\xbb\xbf"):
        raise YamlError("yaml-encoding", "file starts with a UTF-8 byte-order mark: save it as UTF-8 without BOM")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError("yaml-encoding", "file is UTF-16: save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of_byte(data, exc.start)
        raise YamlError(
            "yaml-encoding", f"invalid UTF-8 byte 0x{data[exc.start]:02x}: save the file as UTF-8", line, column
        ) from None
    bad = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise YamlError("yaml-encoding", f"control character U+{ord(bad.group()):04X} is not allowed in YAML", line, column)
    return text


def _tab_hint(problem: str, text: str, line: int) -> str:
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]:
        return "a tab is used for indentation: YAML allows spaces only"
    return problem


_STR, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
_NULL, _BOOL = "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_TRUE = frozenset(("true", "True", "TRUE"))
_PLAIN_TAGS = {first: [(tag, regexp) for tag, regexp, firsts in _RESOLVERS if first in firsts]
               for _, _, firsts in _RESOLVERS for first in firsts}
_BEFORE_TOKEN = frozenset(" \t\r\n[]{},:")
_NOT_IN_NAME = frozenset(" \t\r\n[]{},")


def _maybe_anchor_or_alias(text: str) -> bool:
    """Whether an anchor (&name) or alias (*name) token could start somewhere in the text.

    Such a token starts a line or follows white space, a flow indicator or a colon, and a name
    follows it. A false alarm ("see *note*") only sends the file to the strict path; what matters
    is that no real anchor or alias escapes it. Searching for the two characters first keeps this
    at C speed on files that have none (a regular expression costs ten times more).
    """
    for char in "&*":
        at = text.find(char)
        while at != -1:
            if (at == 0 or text[at - 1] in _BEFORE_TOKEN) and text[at + 1:at + 2] not in _NOT_IN_NAME:
                return True
            at = text.find(char, at + 1)
    return False


class _Slow(Exception):
    """The fast path met something unusual (an explicit tag, a duplicate key): parse strictly."""


if _BaseLoader is not yaml.SafeLoader:
    class _NodeComposer(yaml.cyaml.CParser):  # type: ignore[misc]
        """libyaml's composer with our implicit typing of plain scalars and nothing else."""

        def descend_resolver(self, parent: Any, index: Any) -> None:  # no path-based resolvers
            pass

        def ascend_resolver(self) -> None:
            pass

        def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
            if kind is yaml.ScalarNode:
                if implicit[0]:
                    for tag, regexp in _PLAIN_TAGS.get(value[0] if value else "", ()):
                        if regexp.match(value):
                            return tag
                return _STR
            return _SEQ if kind is yaml.SequenceNode else _MAP
else:  # pragma: no cover - depends on how PyYAML was built
    _NodeComposer = None


def _build(node: yaml.Node) -> Any:
    """Python values of a composed node tree, for the common case only (raises :class:`_Slow` else).

    Why by hand: PyYAML's constructor is generic (state generators, a registry of constructors, a
    memo of every node for aliases) and costs as much again as libyaml's parsing; a document with
    no anchors and no explicit tags needs none of that.
    """
    kind = node.__class__
    tag = node.tag
    if kind is yaml.ScalarNode:
        if tag is _STR:
            return node.value
        if tag is _INT:
            return int(node.value)
        if tag is _NULL:
            return None
        if tag is _BOOL:
            return node.value in _TRUE
        raise _Slow
    if kind is yaml.SequenceNode and tag is _SEQ:
        return [_build(item) for item in node.value]
    if kind is yaml.MappingNode and tag is _MAP:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                raise _Slow
            key = _build(key_node)
            if key in mapping:
                raise _Slow
            mapping[key] = _build(value_node)
        return mapping
    raise _Slow


def _parse_fast(text: str) -> Any:
    """The common case at libyaml's speed; :class:`_Slow` when the strict path must decide."""
    if _NodeComposer is None or _maybe_anchor_or_alias(text):
        raise _Slow
    composer = _NodeComposer(text)
    try:
        node = composer.get_single_node()
        return None if node is None else _build(node)
    except (yaml.YAMLError, RecursionError):
        raise _Slow from None
    finally:
        composer.dispose()


def parse_text(text: str) -> Any:
    """Parse one YAML document; a problem becomes a :class:`YamlError`.

    Most files take the fast path (libyaml's composer and a plain tree walk); anything unusual,
    including every error, is parsed again by :class:`StrictLoader`, which has the last word and
    the exact messages, so both paths accept and reject exactly the same documents.
    """
    try:
        return _parse_fast(text)
    except _Slow:
        pass
    loader = StrictLoader(text)
    try:
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except _ConstructError as exc:
        raise YamlError(exc.rule, exc.message, exc.mark.line + 1, exc.mark.column + 1) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = str(exc.problem or exc.context or "invalid YAML")
        problem = _tab_hint(problem, text, line)
        raise YamlError("yaml-syntax", f"{problem}: fix the YAML syntax", line, column) from None
    except yaml.YAMLError as exc:
        raise YamlError("yaml-syntax", f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlError("yaml-syntax", "the document is nested too deeply") from None


def load_file(path: str) -> Any:
    """Read and parse one file; the combined entry point of this module."""
    return parse_text(read_text(path))


PathKey = tuple[Any, ...]


@dataclass(frozen=True)
class Position:
    line: int
    column: int


class Locator:
    """Maps a path inside a parsed document (keys and indexes) back to a line and column.

    Composing the node tree costs about as much as parsing, so it happens at most once per file and
    only for files that have findings.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: yaml.Node | None = None
        self._composed = False

    def _compose(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=StrictLoader)
            except (yaml.YAMLError, RecursionError):
                self._root = None
        return self._root

    def locate(self, path: PathKey, key: bool = False) -> Position:
        """Position of the value at ``path`` (or of its key when ``key`` is true); the nearest ancestor if absent."""
        node = self._compose()
        if node is None:
            return Position(1, 1)
        best = node.start_mark
        for step in path:
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and _same_key(key_node, step):
                        best = key_node.start_mark if key and step is path[-1] else value_node.start_mark
                        node = value_node
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
                best = node.start_mark
            else:
                break
        return Position(best.line + 1, best.column + 1)


def _same_key(key_node: yaml.ScalarNode, step: Any) -> bool:
    return key_node.value == step or key_node.value == str(step)
