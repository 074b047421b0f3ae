"""One loaded, indexed view of every framework, mapping, profile and report definition in reach.

Why one place: referential checks, coverage and reports all need the same answer to "which
frameworks exist and where is element X". Files that cannot be read or fail the schema are kept as
findings, not dropped silently, and never reach the model.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Union

from crosswalk import schema as schema_mod
from crosswalk.findings import ERROR, Finding, Place
from crosswalk.gcpause import collector_paused
from crosswalk.model import (
    Framework,
    MappingSet,
    Profile,
    ReportDefinition,
    framework_from,
    mapping_from,
    profile_from,
    report_from,
    split_ref,
)
from crosswalk.readgate import explain
from crosswalk.yamlio import Locator, YamlError, decode_text, parse_document, read_file_bytes

YAML_SUFFIXES = (".yaml", ".yml")
LIBRARY_FOLDERS = ("frameworks", "mappings", "profiles", "reports")
UNREAD_RULES = ("file-unreadable", "file-too-large")


class WorkspaceError(Exception):
    """A usage problem (a path that does not exist, an ambiguous reference): exit code 2."""


@dataclass
class Document:
    """One file as read: its text (for locating), its data, and its kind once known."""

    path: str
    text: str = ""
    data: Any = None
    kind: str | None = None
    digest: str = ""
    builtin: bool = False
    _locator: Locator | None = field(default=None, repr=False)

    def place(self, path: tuple[Any, ...] = (), key: bool = False) -> Place:
        if not path:
            return Place(self.path, 1, 1)
        if self._locator is None:
            self._locator = Locator(self.text)
        position = self._locator.locate(path, key=key)
        return Place(self.path, position.line, position.column)


def builtin_roots() -> list[Path]:
    """Folders of the library shipped with the package (inside the wheel, or the repository checkout)."""
    package = Path(__file__).resolve().parent
    inside = package / "builtin"
    base = inside if inside.is_dir() else package.parent
    if base is package.parent and not (base / "pyproject.toml").is_file():
        return []
    return [base / name for name in LIBRARY_FOLDERS if (base / name).is_dir()]


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def discover(roots: Iterable[Path]) -> list[Path]:
    """YAML files under the roots, sorted so that every run sees them in the same order.

    A folder that cannot be listed (no permission, vanished) is returned itself, in its place in the
    order, so that reading it reports why (see :func:`read_content`) instead of its files silently
    missing from the workspace. Symbolic links to folders are not followed (os.walk's default), so a
    folder link loop cannot make the walk endless.
    """
    found: list[Path] = []

    def unlisted(exc: OSError) -> None:  # os.walk's scandir errors always name the folder
        found.append(Path(exc.filename))

    for root in roots:
        if os.path.isdir(root):  # unlike Path.is_dir, never raises (a path in a folder without permission)
            for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                        found.append(Path(dirpath) / name)
        else:
            found.append(root)
    return found


Content = Union[bytes, YamlError]
"""A file as read once: its bytes, or the loader error that says why there are none."""


def read_content(path: Path) -> Content:
    """The bytes of one workspace file through the read gate, or the error to report at its path.

    A path that is a folder here is one :func:`discover` could not list: the error says why.
    """
    try:
        return read_file_bytes(str(path))
    except YamlError as exc:
        if os.path.isdir(path):
            return YamlError("file-unreadable", _unlistable(path) or exc.message)
        return exc


def _unlistable(folder: Path) -> str | None:
    try:
        with os.scandir(folder):
            return None
    except OSError as exc:
        return "this folder's files cannot be listed: " + explain(exc, folder, "folder")


def read_document(path: Path, builtin: bool = False,
                  content: Content | None = None) -> tuple[Document, list[Finding], set[int] | None]:
    """Read, parse and schema-check one file; problems come back as findings, never exceptions.

    ``content`` is the file as already read (see :func:`read_content`), so that a caller that hashed
    those bytes parses the very same ones; without it the file is read here, once.

    The third value is None when the document cannot be used at all, else the indexes of array
    items (rows, elements, entries) that failed the schema and must be left out of the model, so
    that one bad row does not hide every other rule's findings in the same file. Parsing and the
    schema check are cached by the file's content when a command turns the cache on
    (see :mod:`crosswalk.cache`).
    """
    from crosswalk import cache

    document = Document(path=display_path(path), builtin=builtin)
    content = read_content(path) if content is None else content
    if isinstance(content, YamlError):
        return document, [_loader_finding(document, content)], None
    document.digest = hashlib.sha256(content).hexdigest()
    try:
        document.text = decode_text(content)
    except YamlError as exc:
        return document, [_loader_finding(document, exc)], None
    cached = cache.get("document", document.digest)
    if cached is not None:
        try:
            data, kind, raw_findings, skip = cached
            findings = [Finding(Place(document.path, line, column), rule, level, message)
                        for line, column, rule, level, message in raw_findings]
            if kind is not None and (kind not in schema_mod.KINDS or not isinstance(data, dict)):
                raise ValueError("malformed entry")
            document.data, document.kind = data, kind
            return document, findings, None if skip is None else set(skip)
        except (TypeError, ValueError):
            pass  # a malformed entry is a miss: parse again
    findings, skip = _check(document)
    cache.put("document", document.digest, (
        document.data, document.kind,
        [(f.line, f.column, f.rule, f.level, f.message) for f in findings],
        None if skip is None else sorted(skip),
    ))
    return document, findings, skip


def _loader_finding(document: Document, exc: YamlError) -> Finding:
    return Finding(Place(document.path, exc.line, exc.column), exc.rule, ERROR, exc.message)


def _check(document: Document) -> tuple[list[Finding], set[int] | None]:
    from crosswalk.rules import portable_scalars  # imported here: the rules import this module

    try:
        document.data, notes = parse_document(document.text)
    except YamlError as exc:
        return [_loader_finding(document, exc)], None
    data = document.data
    if not isinstance(data, dict) or data.get("kind") not in schema_mod.KINDS:
        kinds = ", ".join(schema_mod.KINDS)
        where = document.place(("kind",), key=True) if isinstance(data, dict) and "kind" in data else document.place()
        return ([Finding(where, "schema", ERROR, f"not a crosswalk document: the top level needs 'kind: <{kinds}>'")]
                + portable_scalars.for_notes(document, notes, set()), None)
    document.kind = data["kind"]
    errors = schema_mod.check(document.kind, data)
    findings = [Finding(document.place(path, key=at_key), "schema", ERROR, _schema_message(document, path, message))
                for path, message, at_key in errors]
    findings += portable_scalars.for_notes(document, notes, {(f.line, f.column) for f in findings})
    array = schema_mod.ITEM_ARRAYS.get(document.kind)
    bad_items = {path[1] for path, _, _ in errors if len(path) >= 2 and path[0] == array and isinstance(path[1], int)}
    header_broken = any(not (len(path) >= 2 and path[0] == array and isinstance(path[1], int)) for path, _, _ in errors)
    return findings, None if header_broken else bad_items


def _schema_message(document: Document, path: tuple[Any, ...], message: str) -> str:
    """jsonschema's message, saying what was written when YAML typed an unquoted value the schema wanted as text."""
    value = _value_at(document.data, path)
    if isinstance(value, (str, dict, list)) or "of type" not in message or "'string'" not in message:
        return message
    if document._locator is None:
        document._locator = Locator(document.text)
    written = document._locator.plain_scalar(path)
    if written is None:
        return message
    from crosswalk.rules import portable_scalars

    return portable_scalars.schema_message(written, value, message)


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return ""  # not there: nothing to explain
    return data


@dataclass
class Workspace:
    documents: list[Document] = field(default_factory=list)
    frameworks: dict[str, Framework] = field(default_factory=dict)
    mappings: list[MappingSet] = field(default_factory=list)
    profiles: list[Profile] = field(default_factory=list)
    reports: list[ReportDefinition] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    by_path: dict[str, Document] = field(default_factory=dict)

    def document(self, path: str) -> Document:
        return self.by_path[path]

    def versions(self, framework_id: str) -> list[str]:
        return sorted(ref for ref, fw in self.frameworks.items() if fw.id == framework_id)

    def framework(self, ref: str) -> Framework | None:
        """The framework a reference names; a bare id works when only one version is loaded."""
        if ref in self.frameworks:
            return self.frameworks[ref]
        ident, version = split_ref(ref)
        if version is None:
            refs = self.versions(ident)
            if len(refs) == 1:
                return self.frameworks[refs[0]]
            if len(refs) > 1:
                raise WorkspaceError(f"{ref!r} is ambiguous: name a version, one of {', '.join(refs)}")
        return None

    def require_framework(self, ref: str) -> Framework:
        found = self.framework(ref)
        if found is None:
            known = ", ".join(sorted(self.frameworks)) or "none"
            raise WorkspaceError(f"no framework {ref!r} in the library (loaded: {known})")
        return found

    def ends(self, mapping: MappingSet) -> tuple[Framework, Framework] | None:
        """The two frameworks a mapping joins, or None when either does not resolve (a validate finding)."""
        try:
            source, target = self.framework(mapping.source), self.framework(mapping.target)
        except WorkspaceError:
            return None
        return (source, target) if source is not None and target is not None else None

    def mapping(self, ident: str) -> MappingSet | None:
        for mapping in self.mappings:
            if mapping.id == ident:
                return mapping
        return None

    def report(self, ident: str) -> ReportDefinition | None:
        for report in self.reports:
            if report.id == ident:
                return report
        return None


_BUILDERS = {"framework": framework_from, "mapping": mapping_from, "profile": profile_from, "report": report_from}


def collect(paths: Iterable[str | Path] = (), include_builtin: bool = True,
            include_cwd: bool = True, bases: Iterable[Path] | None = None) -> list[tuple[Path, bool]]:
    """Every file a workspace is made of, in load order, each once, with whether it is built in.

    ``bases`` are the folders whose library folders are loaded (see :mod:`crosswalk.workspace_root`);
    None means the working directory's, when ``include_cwd``."""
    roots: list[tuple[Path, bool]] = []
    if include_builtin:
        roots.extend((root, True) for root in builtin_roots())
    if bases is None:
        bases = [Path(".")] if include_cwd else []
    for base in bases:
        roots.extend((base / name, False) for name in LIBRARY_FOLDERS if os.path.isdir(base / name))
    for raw in paths:
        path = Path(raw)
        if _missing(path):
            raise WorkspaceError(f"{raw}: no such file or directory")
        roots.append((path, False))
    files: list[tuple[Path, bool]] = []
    seen: set[str] = set()
    for root, builtin in roots:
        for file in discover([root]):
            real = os.path.realpath(file)  # unlike Path.resolve, never raises on a symbolic link loop
            if real not in seen:
                seen.add(real)
                files.append((file, builtin))
    # A user's file named like a shipped one (frameworks/nist-ai-rmf-1.0.yaml) takes its place: in a
    # checkout of this repository, or a fork editing a shipped file, the two are the same document
    # and loading both would report every framework and mapping as defined twice.
    shadowed = {_shadow_key(file) for file, builtin in files if not builtin} - {None}
    return [(file, builtin) for file, builtin in files if not (builtin and _shadow_key(file) in shadowed)]


def _missing(path: Path) -> bool:
    """Whether nothing at all is at ``path``. A link loop, a dangling link, or a path in a folder
    without permission is not missing: it is read, and the read reports why it cannot be."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False
    return False


def unread_notices(workspace: Workspace) -> list[str]:
    """One stderr line per file or folder that could not be read at all.

    Why: ``validate`` reports these as findings, but the other commands work on what loaded, and a
    framework that silently went missing (a FIFO, a link loop, a folder without permission) would
    only show up as a puzzling "no framework" or as gaps."""
    return [f"crosswalk: warning: {finding.place}: not loaded: {finding.message} [{finding.rule}]\n"
            for finding in workspace.findings if finding.rule in UNREAD_RULES]


def _shadow_key(file: Path) -> tuple[str, str] | None:
    return (file.parent.name, file.name) if file.parent.name in LIBRARY_FOLDERS else None


def load(paths: Iterable[str | Path] = (), include_builtin: bool = True, include_cwd: bool = True,
         bases: Iterable[Path] | None = None) -> Workspace:
    """Load the built-in library, the working directory's (or ``bases``') library folders and the given paths."""
    with collector_paused():
        return _load(collect(paths, include_builtin, include_cwd, bases))


def _load(files: list[tuple[Path, bool]]) -> Workspace:
    return assemble(read_document(file, builtin=builtin) for file, builtin in files)


def assemble(read: Iterable[tuple[Document, list[Finding], set[int] | None]]) -> Workspace:
    """A workspace from documents already read (see :func:`read_document`), in the order given."""
    workspace = Workspace()
    for document, findings, skip in read:
        workspace.documents.append(document)
        workspace.by_path[document.path] = document
        workspace.findings.extend(findings)
        if skip is None or document.kind is None:
            continue
        built = _BUILDERS[document.kind](document.data, document.path, skip)
        if isinstance(built, Framework):
            if built.ref in workspace.frameworks:
                other = workspace.frameworks[built.ref].path
                workspace.findings.append(
                    Finding(document.place(("id",)), "unique-ids", ERROR,
                            f"framework {built.ref} is already defined in {other}: change the id or version",
                            (Place(other),))
                )
                continue
            workspace.frameworks[built.ref] = built
        elif isinstance(built, MappingSet):
            workspace.mappings.append(built)
        elif isinstance(built, Profile):
            workspace.profiles.append(built)
        else:
            workspace.reports.append(built)
    return workspace
