"""OSCAL ``catalog`` -> one crosswalk framework.

============================== =====================================================================
OSCAL catalog                  crosswalk framework
============================== =====================================================================
``metadata.title``             ``name``
``metadata.version``           ``version`` (``--option version=`` first; characters our versions
                               refuse become ``-``)
file name                      ``id`` (``--option id=`` first; a file named ``catalog.json`` is named
                               by its folder, as trestle lays catalogs out)
``metadata.published``         ``published`` (its date)
parties responsible as         ``publisher`` (else "unknown")
creator/publisher/...
``groups``, ``controls``       ``elements``, nested as written: ``parent`` from the nesting, ``level``
(nested)                       from the depth (named by the ``class`` every element at that depth
                               shares, e.g. group, practice, task; else ``level-1``, ``level-2``, ...)
``id``                         ``id`` exactly as written (``po.1.1``); a character our ids refuse is
                               replaced (``,`` -> ``;``, ``@`` -> ``(at)``, white space runs as one
                               space) and reported; a group without an id gets ``group-<n>``
``title``                      ``title``
``parts`` named ``statement``  ``text``: the prose, with each sub-part on its own line after its
                               ``label`` prop
other ``parts`` (guidance,     ``attributes`` by part name (the text as above)
example, overview, ...)
``props``, ``class``           ``attributes`` (a name given several times: a list)
============================== =====================================================================

Not kept: parameters (prose keeps OSCAL's ``{{ insert: param, ... }}`` as written; counted in a
notice), links, back-matter, and every other metadata field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crosswalk.formats import ImportProblem
from crosswalk.formats.ciso_assistant.names import element_id, slug, version_text
from crosswalk.formats.finish import ELEMENT_ID, id_option
from crosswalk.formats.oscal.reading import Notices, imported, props
from crosswalk.formats.tree import Tree, Where

ROOT: Where = ("catalog",)
PUBLISHER_ROLES = ("publisher", "creator", "author", "prepared-by", "content-approver")
SHOWN = 5


def _examples(values: list[str]) -> str:
    return ", ".join(values[:SHOWN]) + (f" and {len(values) - SHOWN} more" if len(values) > SHOWN else "")


def _part_text(tree: Tree, part: dict[str, Any], where: Where, depth: int = 0) -> list[str]:
    """A part's prose, then each sub-part's, one line each, a sub-part led by its label."""
    label = next((value for name, value in props(tree, part, where).foreign if name == "label"), "")
    prose = " ".join(tree.text(part, "prose", where).split())
    title = tree.text(part, "title", where).strip()
    head = " ".join(word for word in (label, title if not prose else "", prose) if word)
    lines = [("  " * depth) + head] if head else []
    for index, sub in enumerate(tree.items(part, "parts", where)):
        lines.extend(_part_text(tree, sub, where + ("parts", index), depth + 1 if head else depth))
    return lines


class _Walk:
    def __init__(self, tree: Tree, path: str, notices: Notices) -> None:
        self.tree, self.path, self.notices = tree, path, notices
        self.elements: list[dict[str, Any]] = []
        self.kinds: list[tuple[int, str]] = []  # per element: (depth, class or kind)
        self.places: dict[str, Where] = {}
        self.changed: list[str] = []
        self.unnamed = 0
        self.parameters = 0

    def node(self, node: dict[str, Any], where: Where, kind: str, parent: str | None, depth: int) -> None:
        tree = self.tree
        raw = tree.text(node, "id", where)
        if not raw.strip() and kind == "group":
            self.unnamed += 1
            raw = f"group-{self.unnamed}"
        elif not raw.strip():
            raise tree.problem(where, "a control without an id: OSCAL requires one")
        ident = element_id(raw)
        if ident != raw:
            self.changed.append(f"{raw[:60]!r} -> {ident[:60]!r}")
        if not ident or not ELEMENT_ID.match(ident):
            raise tree.problem(where + ("id",), f"{raw[:80]!r} cannot be an element id, even changed")
        if ident in self.places:
            raise tree.problem(where + ("id",), f"id {ident[:80]!r} is also the id at {_path(self.places[ident])}: each "
                                                "group and control needs its own")
        self.places[ident] = where
        title = " ".join(tree.text(node, "title", where).split()) or ident
        element: dict[str, Any] = {"id": ident, "level": ""}
        if parent is not None:
            element["parent"] = parent
        element["title"] = title
        statement, attributes = [], {}
        for index, part in enumerate(tree.items(node, "parts", where)):
            at = where + ("parts", index)
            name = tree.text(part, "name", at, numbers=False) or "part"
            text = "\n".join(_part_text(tree, part, at))
            if name == "statement":
                statement.append(text)
            elif text:
                attributes.setdefault(name, []).append(text)
        if any(statement):
            element["text"] = "\n".join(line for line in statement if line)
        klass = tree.text(node, "class", where, numbers=False)
        found = props(tree, node, where)
        for name, value in found.foreign:
            attributes.setdefault(name, []).append(value)
        if klass:
            attributes.setdefault("class", []).append(klass)
        if attributes:
            element["attributes"] = {key: values[0] if len(values) == 1 else values for key, values in attributes.items()}
        self.parameters += len(tree.items(node, "params", where))
        self.elements.append(element)
        self.kinds.append((depth, klass or kind))
        for index, group in enumerate(tree.items(node, "groups", where)):
            self.node(group, where + ("groups", index), "group", ident, depth + 1)
        for index, control in enumerate(tree.items(node, "controls", where)):
            self.node(control, where + ("controls", index), "control", ident, depth + 1)


def _path(where: Where) -> str:
    from crosswalk.formats.strictjson import path_text

    return path_text(where)


def _levels(kinds: list[tuple[int, str]]) -> list[str]:
    """One level name per depth: the class every element at that depth shares, when each depth has
    its own; else ``level-1``, ``level-2``, ..."""
    depths = max((depth for depth, _ in kinds), default=0) + 1
    by_depth: list[set[str]] = [set() for _ in range(depths)]
    for depth, kind in kinds:
        by_depth[depth].add(slug(kind, "level"))
    named = [next(iter(found)) if len(found) == 1 else "" for found in by_depth]
    if all(named) and len(set(named)) == len(named):
        return named
    return [f"level-{depth + 1}" for depth in range(depths)]


def convert(tree: Tree, catalog: dict[str, Any], path: str, options: dict[str, str], notices: Notices) -> dict[str, Any]:
    metadata = tree.child(catalog, "metadata", ROOT, dict, required=True)
    where_md = ROOT + ("metadata",)
    walk = _Walk(tree, path, notices)
    for index, group in enumerate(tree.items(catalog, "groups", ROOT)):
        walk.node(group, ROOT + ("groups", index), "group", None, 0)
    for index, control in enumerate(tree.items(catalog, "controls", ROOT)):
        walk.node(control, ROOT + ("controls", index), "control", None, 0)
    if not walk.elements:
        raise tree.problem(ROOT, "the catalog holds no groups or controls: nothing to import")
    levels = _levels(walk.kinds)
    for element, (depth, _) in zip(walk.elements, walk.kinds):
        element["level"] = levels[depth]
    file = Path(path)
    stem = file.parent.name if file.stem.lower() == "catalog" and file.parent.name else file.stem
    ident = id_option(options["id"]) if options.get("id") else slug(stem, "oscal-catalog")
    version = options.get("version") or tree.text(metadata, "version", where_md) or "1"
    name = " ".join(tree.text(metadata, "title", where_md, required=True).split()) or ident
    document: dict[str, Any] = {"kind": "framework", "id": ident, "version": version_text(version), "name": name}
    document["publisher"] = _publisher(tree, metadata, where_md) or "unknown (the OSCAL catalog names no publisher)"
    published = tree.text(metadata, "published", where_md, numbers=False)
    if len(published) >= 10 and published[4] == "-" and published[7] == "-" and published[:4].isdigit():
        document["published"] = published[:10]
    uuid = tree.text(catalog, "uuid", ROOT, numbers=False)
    oscal_version = tree.text(metadata, "oscal-version", where_md)
    document["source"] = {"document": f"OSCAL catalog {imported(path)}",
                          "note": f"imported with 'crosswalk import oscal'; catalog {uuid or '(no uuid)'}, "
                                  f"oscal-version {oscal_version or '(none)'}, last-modified "
                                  f"{tree.text(metadata, 'last-modified', where_md) or '(none)'}"}
    document["levels"] = levels
    document["elements"] = walk.elements
    if walk.changed:
        notices.add(f"framework {ident}: {len(walk.changed)} id(s) changed to fit crosswalk's id rule (',' -> ';', "
                    f"'@' -> '(at)', white space runs as one space): {_examples(walk.changed)}", True)
    if walk.unnamed:
        notices.add(f"framework {ident}: {walk.unnamed} group(s) without an id are named group-1, group-2, ...", False)
    if walk.parameters:
        notices.add(f"framework {ident}: {walk.parameters} parameter(s) not imported; the prose keeps their "
                    "'{{ insert: param, ... }}' placeholders", True)
    if options.get("version") and version_text(options["version"]) != options["version"]:
        raise ImportProblem(f"--option version={options['version']!r}: use letters, digits, '.', '_' and '-'")
    return document


def _publisher(tree: Tree, metadata: dict[str, Any], where: Where) -> str:
    names = {}
    for index, party in enumerate(tree.items(metadata, "parties", where)):
        at = where + ("parties", index)
        names[tree.text(party, "uuid", at, numbers=False).lower()] = " ".join(tree.text(party, "name", at).split())
    chosen: dict[str, list[str]] = {}
    for index, entry in enumerate(tree.items(metadata, "responsible-parties", where)):
        at = where + ("responsible-parties", index)
        role = tree.text(entry, "role-id", at, numbers=False)
        for i, party in enumerate(tree.child(entry, "party-uuids", at, list) or []):
            if not isinstance(party, str):
                raise tree.problem(at + ("party-uuids", i), "expected a party's uuid (text)")
            if names.get(party.lower()):
                chosen.setdefault(role, []).append(names[party.lower()])
    for role in PUBLISHER_ROLES:
        if chosen.get(role):
            return "; ".join(dict.fromkeys(chosen[role]))
    return ""
