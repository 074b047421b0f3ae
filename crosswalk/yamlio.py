"""Safe YAML reading for files that may be hostile.

Why this module exists: PyYAML's safe loader still accepts duplicate keys (the last one silently
wins), expands aliases (a billion-laughs document explodes in whatever walks the result), reads
YAML 1.1 (``NO`` is false, ``08`` is text, ``2024-01-01`` a date) where other tools read YAML 1.2.
Plain scalars are typed here as check-jsonschema types them (ruamel.yaml's YAML 1.2 resolver, dates
left as text; see :mod:`crosswalk.yamlscalars`), so that ``crosswalk validate`` and the schema
checkers of other tools agree on every file: ``7.10`` unquoted is the number 7.1 (an id written so
fails the schema, with advice to quote it), ``08`` is 8, ``7.0`` is 7.0 (which the schema's
``integer`` accepts as 7), ``yes`` is text. A plain scalar that YAML readers do not all read alike
(``08`` is the text "08" to YAML 1.1, ``yes`` is true there) is recorded as a note at its line and
column, reported as a ``yaml-portable`` warning (:mod:`crosswalk.rules.portable_scalars`); such
files take the strict path below, so the fast path stays as it was.

Parsing uses libyaml (``CSafeLoader``) when available because parsing is the floor of every
command's cost; positions are not recorded while parsing (that would double the cost) but recovered
on demand by :class:`Locator`, which re-composes the file only when a finding needs a line and column.

What the loader refuses, and why (each is a finding at the offending character, never a crash):
explicit tags of every kind (``!!str``, ``!!int``, ``!custom``, the non-specific ``!``: a data file
types its values by how they are written, and a tag would make a value mean something the file does
not show); mapping keys that are not strings (JSON, and so JSON Schema and every JSON output, has
string keys only: ``{1: a, "1": b}`` would become two ``"1"`` keys); integers of more than
:data:`MAX_INT_DIGITS` digits (no governance field needs them, and Python refuses to convert more
than 4,300); plain values check-jsonschema's reader cannot build (``<<`` or ``=`` as a value, a
number without digits such as ``-_``); and raw line breaks that editors do not count the way YAML
does (a carriage return without a line feed, U+0085, U+2028, U+2029), so that every line and column
printed is the one an editor shows. Columns count characters (code points) from 1.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

import yaml

from crosswalk import readgate, yamlscalars

try:  # libyaml is the fast path; the pure-Python loader gives the same results, slower.
    _BaseLoader = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader  # type: ignore[misc]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Files above this size are refused before parsing: no governance file is that large."""

MAX_NESTING = 100
"""Deeper nesting is refused before parsing: libyaml's composer recurses in C and a document nested
tens of thousands deep crashes the interpreter (a segmentation fault, not an exception)."""

MAX_INT_DIGITS = 18
"""Longer integers are refused (``yaml-scalar``): a strength or a page number needs a few digits,
18 fit in 64 bits everywhere, and an id made of digits should be quoted anyway."""

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


_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_NULL, _BOOL = "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"
_SEQ, _MAP = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_UNREADABLE = "tag:crosswalk,2024:unreadable"
"""Private tag of plain scalars that check-jsonschema's reader cannot build (``<<`` or ``=`` as a value,
ruamel's number forms without digits such as ``-_``): refused, never built."""
_NOTED = {tag: f"tag:crosswalk,2024:unportable:{tag.rsplit(':', 1)[1]}" for tag in (_STR, _INT, _FLOAT, _NULL, _BOOL)}
"""Private tags of plain scalars that YAML readers do not all read alike: built as the plain tag, and noted."""
_BY_KIND = {yamlscalars.STR: _STR, yamlscalars.INT: _INT, yamlscalars.FLOAT: _FLOAT, yamlscalars.NULL: _NULL,
            yamlscalars.BOOL: _BOOL, yamlscalars.MERGE: _UNREADABLE, yamlscalars.VALUE: _UNREADABLE}


def _tag_of(value: str) -> str:
    tag = _BY_KIND[yamlscalars.kind_of(value)]
    return tag if yamlscalars.disagreement(value) is None else _NOTED.get(tag, tag)


_WORDS = {word: _tag_of(word) for word in yamlscalars.WORDS}


def _plain_tag(value: str) -> str:
    """The tag of a plain scalar: how check-jsonschema reads it, noted where other YAML readers differ.

    Called for every plain scalar of every file, so the common cases cost a set look-up (text that
    does not start like a number) or two string tests (a decimal integer such as a strength);
    the rest, which starts like a number, is classified once per distinct text.
    """
    if not value:
        return _NULL
    first = value[0]
    if first not in yamlscalars.NUMERIC_FIRST:
        return _WORDS.get(value, _STR)
    if value.isdigit() and value.isascii() and (first != "0" or len(value) == 1):
        return _INT  # every reader agrees on a decimal integer without a leading zero
    return _numeric_tag(value)


@functools.lru_cache(maxsize=4096)
def _numeric_tag(value: str) -> str:
    return _tag_of(value)


class StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader: no duplicate keys, no aliases, no tags; plain scalars typed as YAML 1.2 (see :func:`_plain_tag`).

    ``notes`` collects (line, column, text) of the plain scalars YAML readers do not all read alike.
    """

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.notes: list[tuple[int, int, str]] = []

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _plain_tag(value) if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

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
            if key_node.tag == "tag:yaml.org,2002:merge" or _is_merge_key(key_node):
                raise _ConstructError(
                    "yaml-alias", "merge keys (<<) are not allowed: write the keys out", key_node.start_mark
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise _ConstructError("yaml-syntax", "mapping keys must be plain scalars", key_node.start_mark)
            key = self.construct_object(key_node, deep=deep)
            if type(key) is not str:
                raise _ConstructError("yaml-scalar", _not_a_name(key_node.value, key), key_node.start_mark)
            if key in mapping:
                raise _ConstructError(
                    "yaml-duplicate-key",
                    f"duplicate key {key!r}: each key may appear once in a mapping; remove or rename one",
                    key_node.start_mark,
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _is_merge_key(node: yaml.Node) -> bool:
    """A plain ``<<`` key: YAML 1.1's merge key, which other tools would expand; we refuse it."""
    return isinstance(node, yaml.ScalarNode) and node.value == "<<" and not node.style  # plain: None or ""


def _not_a_name(written: str, key: Any) -> str:
    what = "null" if key is None else "true/false" if isinstance(key, bool) else "a number"
    return (f"mapping key {written!r} is {what}, not a string: keys are names (JSON has string keys only); "
            f"quote it, e.g. \"{written}\"")


StrictLoader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node))


def _reject_tag(loader: StrictLoader, node: yaml.Node) -> Any:
    raise _ConstructError("yaml-tag", f"tag {_short_tag(node.tag)!r} is not allowed: remove it", node.start_mark)


class _BadNumber(ValueError):
    """A plain number our reading refuses: too long, or a form whose reader fails on it."""


def _no_digits(text: str) -> _BadNumber:
    return _BadNumber(f"{text!r} is a number without digits to ruamel.yaml (check-jsonschema), which fails on it: "
                      f"quote it (\"{text}\")")


def _float(text: str) -> float:
    """A plain float as ruamel.yaml (YAML 1.2) builds it (``._`` matches its float expression but has no digits)."""
    try:
        return float(yamlscalars.number(text, yamlscalars.FLOAT))
    except ValueError:
        raise _no_digits(text) from None


def _integer(text: str) -> int:
    """A plain integer as ruamel.yaml (YAML 1.2) builds it, refusing more than :data:`MAX_INT_DIGITS` digits.

    The digits are counted before converting: Python refuses (slowly) to convert more than 4,300."""
    if text.isdigit() and len(text) <= MAX_INT_DIGITS:
        return int(text)
    digits = text.replace("_", "").lstrip("+-")
    prefixed = digits[:2] in ("0b", "0o", "0x")
    if not (digits[2:] if prefixed else digits):
        raise _no_digits(text)
    if prefixed:
        value = yamlscalars.number(text, yamlscalars.INT)
        if abs(value) < 10 ** MAX_INT_DIGITS:
            return value
        digits = str(abs(value))
    significant = len(digits.lstrip("0"))
    if significant > MAX_INT_DIGITS:
        raise _BadNumber(f"integer of {significant} digits is too long (at most {MAX_INT_DIGITS}): "
                         "quote it if it is an id or text")
    return int(yamlscalars.number(text, yamlscalars.INT))


def _construct_number(loader: StrictLoader, node: yaml.Node) -> Any:
    try:
        if node.tag in (_INT, _NOTED[_INT]):
            return _integer(node.value)
        return _float(node.value)
    except ValueError as exc:
        raise _ConstructError("yaml-scalar", str(exc), node.start_mark) from None


def _construct_noted(loader: StrictLoader, node: yaml.Node) -> Any:
    mark = node.start_mark
    loader.notes.append((mark.line + 1, mark.column + 1, node.value))
    if node.tag in (_NOTED[_INT], _NOTED[_FLOAT]):
        return _construct_number(loader, node)
    if node.tag == _NOTED[_BOOL]:
        return node.value in _TRUE
    return None if node.tag == _NOTED[_NULL] else node.value


def _reject_unreadable(loader: StrictLoader, node: yaml.Node) -> Any:
    raise _ConstructError(
        "yaml-scalar",
        f"plain {node.value!r} is a YAML 1.1 keyword (merge key or value key) that check-jsonschema and "
        f"ruamel.yaml cannot read as a value: quote it (\"{node.value}\")",
        node.start_mark,
    )


for _tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:set",
             "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs"):
    StrictLoader.add_constructor(_tag, _reject_tag)
StrictLoader.add_constructor(_INT, _construct_number)
StrictLoader.add_constructor(_FLOAT, _construct_number)
for _tag in _NOTED.values():
    StrictLoader.add_constructor(_tag, _construct_noted)
StrictLoader.add_constructor(_UNREADABLE, _reject_unreadable)
StrictLoader.add_constructor(None, _reject_tag)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _explicit_tag(text: str) -> YamlError | None:
    """The first explicit tag of the document, as a finding; None when there is none (or the YAML is broken).

    Why events: once composed, ``!!str x`` and the non-specific ``! x`` are indistinguishable from a
    plain ``x``, so the tags are looked for in the parser's events, where they are still as written.
    Syntax errors are left to the strict loader, which reports them with their exact messages.
    """
    parser = _BaseLoader(text)
    try:
        while parser.check_event():
            event = parser.get_event()
            tag = getattr(event, "tag", None)
            if tag is not None:
                mark = event.start_mark
                return YamlError(
                    "yaml-tag",
                    f"tag {_short_tag(tag)!r} is not allowed: remove it (values are typed by how they are "
                    "written: quote a string, write numbers in decimal)",
                    mark.line + 1, mark.column + 1,
                )
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        parser.dispose()
    return None


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``text[offset]``, counting lines as an editor does.

    Only LF ends a line here; that is right because :func:`decode_text` refuses every other line
    break YAML knows (a lone CR, U+0085, U+2028, U+2029), so this count, libyaml's and an editor's agree.
    """
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029]")
_LONE_CR = re.compile(r"\r(?!\n)")
_LINE_BREAKS = {
    "\r": "a carriage return without a line feed (old Mac line ends) is a line break to YAML but not to "
          "every editor: save the file with LF (or CRLF) line ends",
    "\x85": "U+0085 NEXT LINE is a line break to YAML but not to editors: replace it by a new line "
            "(or write \\N inside a double-quoted string)",
    "\u2028": "U+2028 LINE SEPARATOR is a line break to YAML but not to most editors: replace it by a new "
              "line (or write \\L inside a double-quoted string)",
    "\u2029": "U+2029 PARAGRAPH SEPARATOR is a line break to YAML but not to most editors: replace it by a "
              "new line (or write \\P inside a double-quoted string)",
}


def _first_forbidden(text: str) -> YamlError | None:
    """The first character the file may not contain raw, as a finding at its line and column."""
    found = _FORBIDDEN.search(text)
    end = found.start() if found else len(text)
    lone_cr = _LONE_CR.search(text, 0, end) if "\r" in text else None
    if lone_cr:
        end = lone_cr.start()
    elif not found:
        return None
    char = text[end]
    message = _LINE_BREAKS.get(char) or (
        f"control character U+{ord(char):04X} is not allowed in YAML: remove it "
        "(inside a double-quoted string, write an escape such as \\t instead)")
    return YamlError("yaml-encoding", message, *_position(text, end))


def _decode(data: bytes) -> str:
    """The bytes of a file as text: strict UTF-8, without BOM, and only characters an editor shows as YAML reads them."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise YamlError("yaml-encoding", "file starts with a UTF-8 byte-order mark: save it as UTF-8 without BOM")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlError("yaml-encoding", "file is UTF-16: save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[:exc.start].decode("utf-8")  # valid: decoding stopped at the first bad byte
        earlier = _first_forbidden(before)
        if earlier is not None:  # report the first problem of the file, wherever it is
            raise earlier from None
        raise YamlError(
            "yaml-encoding", f"invalid UTF-8 byte 0x{data[exc.start]:02x}: save the file as UTF-8",
            *_position(before, len(before)),
        ) from None
    problem = _first_forbidden(text)
    if problem is not None:
        raise problem
    return text


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
    return _decode(data)


def _tab_hint(problem: str, text: str, line: int) -> str:
    lines = text.split("\n")
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: len(lines[line - 1]) - len(lines[line - 1].lstrip())]:
        return "a tab is used for indentation: YAML allows spaces only"
    return problem


_TRUE = frozenset(("true", "True", "TRUE"))
# Where libyaml may start a token: after white space or a line break (including those YAML 1.1 knows
# and the byte-order mark it skips at a line start), a flow indicator or a colon.
_BEFORE_TOKEN = frozenset(" \t\r\n[]{},:\x85\u2028\u2029\ufeff")
_NOT_IN_NAME = frozenset(" \t\r\n[]{},\x85\u2028\u2029\ufeff")


def _maybe_node_property(text: str) -> bool:
    """Whether an anchor (&name), alias (*name) or tag (!...) could start somewhere in the text.

    Such a token starts a line or follows white space, a flow indicator or a colon; a name follows
    an anchor or alias (a tag may be a lone "!"). A false alarm ("see *note*", "a ! b") only sends
    the file to the strict path; what matters is that no real one escapes it. Searching for the
    characters first keeps this at C speed on files that have none (a regular expression costs ten
    times more).
    """
    for char in "&*!":
        at = text.find(char)
        while at != -1:
            if (at == 0 or text[at - 1] in _BEFORE_TOKEN) and (
                    char == "!" or text[at + 1:at + 2] not in _NOT_IN_NAME):
                return True
            at = text.find(char, at + 1)
    return False


class _Slow(Exception):
    """The fast path met something unusual (an explicit tag, a duplicate key): parse strictly."""


_YAML11 = "tag:crosswalk,2024:yaml-1.1"
"""Private tag of a plain scalar that PyYAML (YAML 1.1) builds otherwise than our YAML 1.2 reading
(``017`` is 15, ``1:30`` is 90, ``yes`` is true): built as PyYAML builds it."""
_KIND_TAGS = {yamlscalars.STR: _STR, yamlscalars.DATE: _STR, yamlscalars.INT: _INT, yamlscalars.FLOAT: _FLOAT,
              yamlscalars.NULL: _NULL, yamlscalars.BOOL: _BOOL, yamlscalars.MERGE: _UNREADABLE,
              yamlscalars.VALUE: _UNREADABLE}


@functools.lru_cache(maxsize=4096)
def _plain_tag_11(value: str) -> str:
    """The tag of a plain scalar as PyYAML's safe loader types it (dates kept as text, as ours are)."""
    kind = yamlscalars.kind_of(value, "pyyaml")
    tag = _KIND_TAGS[kind]
    if tag in (_INT, _FLOAT, _BOOL) and yamlscalars.reading(value, "pyyaml") != yamlscalars.reading(value, "ours"):
        return _YAML11
    return tag


class Yaml11Loader(StrictLoader):
    """:class:`StrictLoader` (no tags, aliases or duplicate keys) typing plain scalars as PyYAML does.

    For files another tool wrote with PyYAML and reads back with it (CISO Assistant's libraries):
    there ``08`` is the text "08", which YAML 1.2 would make the number 8.
    """

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _plain_tag_11(value) if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


def _construct_11(loader: StrictLoader, node: yaml.Node) -> Any:
    if len(node.value) > 2 * MAX_INT_DIGITS:
        raise _ConstructError("yaml-scalar", f"number {node.value[:40]!r}... is too long: quote it", node.start_mark)
    return yamlscalars.reading(node.value, "pyyaml")[1]


Yaml11Loader.add_constructor(_YAML11, _construct_11)


if _BaseLoader is not yaml.SafeLoader:
    class _NodeComposer(yaml.cyaml.CParser):  # type: ignore[misc]
        """libyaml's composer with our implicit typing of plain scalars and nothing else."""

        def descend_resolver(self, parent: Any, index: Any) -> None:  # no path-based resolvers
            pass

        def ascend_resolver(self) -> None:
            pass

        def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
            if kind is yaml.ScalarNode:
                return _plain_tag(value) if implicit[0] else _STR  # type: ignore[arg-type]
            return _SEQ if kind is yaml.SequenceNode else _MAP

    class _NodeComposer11(_NodeComposer):
        """libyaml's composer typing plain scalars as PyYAML does (see :class:`Yaml11Loader`)."""

        def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
            if kind is yaml.ScalarNode:
                return _plain_tag_11(value) if implicit[0] else _STR  # type: ignore[arg-type]
            return _SEQ if kind is yaml.SequenceNode else _MAP
else:  # pragma: no cover - depends on how PyYAML was built
    _NodeComposer = _NodeComposer11 = None


def _build(node: yaml.Node) -> Any:
    """Python values of a composed node tree, for the common case only (raises :class:`_Slow` else).

    Why by hand: PyYAML's constructor is generic (state generators, a registry of constructors, a
    memo of every node for aliases) and costs as much again as libyaml's parsing; a document with
    no anchors and no explicit tags needs none of that. Tags are compared by identity: only the
    tag objects our resolver returns are built here, so an explicit tag (a new string object, even
    when equal) and every key that is not a string go to the strict path.
    """
    kind = node.__class__
    tag = node.tag
    if kind is yaml.ScalarNode:
        if tag is _STR:
            return node.value
        if tag is _INT:
            try:
                return _integer(node.value)
            except ValueError:
                raise _Slow from None  # the strict path reports it at its place
        if tag is _FLOAT:
            try:
                return _float(node.value)
            except ValueError:
                raise _Slow from None
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
            if key_node.__class__ is not yaml.ScalarNode or key_node.tag is not _STR:
                raise _Slow
            key = key_node.value
            if key in mapping:
                raise _Slow
            mapping[key] = _build(value_node)
        return mapping
    raise _Slow


def _parse_fast(text: str, composer_class: Any = None) -> Any:
    """The common case at libyaml's speed; :class:`_Slow` when the strict path must decide."""
    composer_class = composer_class or _NodeComposer
    if composer_class is None or _maybe_node_property(text) or "<<" in text:
        raise _Slow
    composer = composer_class(text)
    try:
        node = composer.get_single_node()
        return None if node is None else _build(node)
    except (yaml.YAMLError, RecursionError):
        raise _Slow from None
    finally:
        composer.dispose()


def parse_text(text: str, *, yaml11: bool = False) -> Any:
    """Parse one YAML document; a problem becomes a :class:`YamlError` (see :func:`parse_document`).

    ``yaml11`` types plain scalars as PyYAML does (:class:`Yaml11Loader`), for files written and read
    by tools built on it; everything else (what is refused, the messages) is the same.
    """
    return parse_document(text, yaml11=yaml11)[0]


Note = tuple[int, int, str]
"""Line, column and text of a plain scalar that YAML readers do not all read alike."""


def parse_document(text: str, *, yaml11: bool = False) -> tuple[Any, list[Note]]:
    """Parse one YAML document, with its notes; a problem becomes a :class:`YamlError`.

    Most files take the fast path (libyaml's composer and a plain tree walk); anything unusual,
    including every error and every plain scalar that needs a note, is parsed again by
    :class:`StrictLoader`, which has the last word and the exact messages, so both paths accept
    and reject exactly the same documents. Explicit tags are looked for first, in the parser's
    events (see :func:`_explicit_tag`).
    """
    try:
        return _parse_fast(text, _NodeComposer11 if yaml11 else None), []
    except _Slow:
        pass
    if "!" in text:
        tagged = _explicit_tag(text)
        if tagged is not None:
            raise tagged
    loader = (Yaml11Loader if yaml11 else StrictLoader)(text)
    try:
        try:
            return loader.get_single_data(), loader.notes
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
    only for files that have findings. Each mapping's keys are indexed the first time a path goes
    through it, so that N findings in one file cost O(file + N), not O(file x N) (a file with
    200,000 unknown keys took more than 300 s to validate when each lookup scanned the keys).
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: yaml.Node | None = None
        self._composed = False
        self._keys: dict[yaml.Node, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def _compose(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=StrictLoader)
            except (yaml.YAMLError, RecursionError):
                self._root = None
        return self._root

    def _pairs(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """The mapping's (key node, value node) pairs by key text, the first of equal keys winning."""
        pairs = self._keys.get(node)
        if pairs is None:
            pairs = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value not in pairs:
                    pairs[key_node.value] = (key_node, value_node)
            self._keys[node] = pairs
        return pairs

    def locate(self, path: PathKey, key: bool = False) -> Position:
        """Position of the value at ``path`` (or of its key when ``key`` is true); the nearest ancestor if absent."""
        best = self._walk(path, key)[1]
        return Position(1, 1) if best is None else Position(best.line + 1, best.column + 1)

    def plain_scalar(self, path: PathKey) -> str | None:
        """The text of the value at ``path`` when it is a plain (unquoted) scalar, else None."""
        node, _ = self._walk(path, False)
        return node.value if isinstance(node, yaml.ScalarNode) and not node.style else None

    def _walk(self, path: PathKey, key: bool) -> tuple[yaml.Node | None, Any]:
        """The node at ``path`` (None when absent) and the mark to report: its own, or the nearest ancestor's."""
        node = self._compose()
        if node is None:
            return None, None
        best = node.start_mark
        last = len(path) - 1
        for position, step in enumerate(path):
            if isinstance(node, yaml.MappingNode):
                pair = self._pairs(node).get(step if isinstance(step, str) else str(step))
                if pair is None:
                    return None, best
                key_node, node = pair
                best = key_node.start_mark if key and position == last else node.start_mark
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
                best = node.start_mark
            else:
                return None, best
        return node, best
