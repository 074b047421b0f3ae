"""Plain data views of the library for ``list`` and ``show``: the stable JSON shapes, and their text.

Why one module: the JSON shape is a documented interface, and the text rendering is derived from
the same dictionaries so that the two can never disagree. The text goes to terminals and CI logs,
so every line passes through :func:`crosswalk.reporters.text_safety.lines` (control, bidi and
zero-width characters spelled as escapes, one line per item); the JSON keeps the exact data.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from crosswalk.model import Framework, MappingSet
from crosswalk.reporters.text_safety import lines as text_lines
from crosswalk.workspace import Workspace


def level_counts(framework: Framework) -> dict[str, int]:
    counts = Counter(element.level or "(none)" for element in framework.elements.values())
    ordered = {level: counts.pop(level) for level in framework.levels if level in counts}
    ordered.update(sorted(counts.items()))
    return ordered


def listing(workspace: Workspace) -> dict[str, Any]:
    return {
        "frameworks": [
            {
                "ref": fw.ref, "id": fw.id, "version": fw.version, "name": fw.name, "publisher": fw.publisher,
                "published": fw.published, "elements": len(fw.elements), "levels": level_counts(fw), "path": fw.path,
            }
            for fw in sorted(workspace.frameworks.values(), key=lambda f: f.ref)
        ],
        "mappings": [
            {
                "id": m.id, "source": m.source, "target": m.target, "style": m.style, "rows": len(m.rows),
                "pairs": sum(len(r.sources) * len(r.targets) for r in m.rows),
                "judgement": m.judgement, "status": m.provenance.get("status", ""),
                "authority": m.provenance.get("authority", ""), "path": m.path,
            }
            for m in sorted(workspace.mappings, key=lambda m: m.id)
        ],
        "profiles": [
            {"id": p.id, "framework": p.framework, "organisation": p.organisation, "entries": len(p.entries), "path": p.path}
            for p in sorted(workspace.profiles, key=lambda p: p.id)
        ],
        "reports": [
            {"id": r.id, "title": r.title, "from": r.source, "to": r.target, "path": r.path}
            for r in sorted(workspace.reports, key=lambda r: r.id)
        ],
    }


def listing_text(data: dict[str, Any]) -> str:
    lines = ["Frameworks:"]
    for fw in data["frameworks"]:
        levels = ", ".join(f"{n} {name}" for name, n in fw["levels"].items())
        lines.append(f"  {fw['ref']:<32} {fw['elements']:>5} elements ({levels})  {fw['name']}")
    lines.append("Mappings:")
    for m in data["mappings"]:
        lines.append(
            f"  {m['id']:<44} {m['source']} -> {m['target']}  {m['rows']} rows ({m['pairs']} pairs), "
            f"{m['style']}, {m['judgement']}, {m['status']}"
        )
    if data["profiles"]:
        lines.append("Profiles:")
        lines.extend(f"  {p['id']:<44} {p['framework']}  {p['entries']} entries  {p['organisation']}" for p in data["profiles"])
    if data["reports"]:
        lines.append("Reports:")
        lines.extend(f"  {r['id']:<44} {r['from']} -> {r['to']}  {r['title']}" for r in data["reports"])
    return text_lines(lines)


def framework_view(framework: Framework) -> dict[str, Any]:
    return {
        "kind": "framework",
        "ref": framework.ref, "id": framework.id, "version": framework.version, "name": framework.name,
        "publisher": framework.publisher, "published": framework.published, "source": framework.source,
        "licence": framework.licence, "levels": list(framework.levels), "counts": level_counts(framework),
        "elements": [
            {
                "id": e.id, "level": e.level, "parent": e.parent, "depth": framework.depth(e.id), "title": e.title,
                "text": e.text, "wording": e.wording, "citation": e.citation, "attributes": e.attributes,
                "links": [{"element": link.element, "type": link.type} for link in e.links],
            }
            for e in sorted(framework.elements.values(), key=lambda e: e.index)
        ],
    }


def framework_text(view: dict[str, Any]) -> str:
    counts = ", ".join(f"{n} {name}" for name, n in view["counts"].items())
    published = f", {view['published']}" if view["published"] else ""
    lines = [f"{view['name']} ({view['ref']}), {view['publisher']}{published}: {counts}"]
    for e in view["elements"]:
        lines.append(f"{'  ' * e['depth']}{e['id']}  {' '.join(e['title'].split())}")
    return text_lines(lines)


def mapping_view(mapping: MappingSet) -> dict[str, Any]:
    return {
        "kind": "mapping",
        "id": mapping.id, "title": mapping.title, "source": mapping.source, "target": mapping.target,
        "style": mapping.style, "comprehensive": mapping.comprehensive, "provenance": mapping.provenance,
        "rows": [
            {
                "row": r.index + 1, "source": list(r.sources), "target": list(r.targets),
                "relationship": r.relationship, "written_relationship": r.written_relationship,
                "rationale": list(r.rationale), "strength": r.strength, "judgement": r.judgement,
                "as_written": r.as_written, "note": r.note,
            }
            for r in mapping.rows
        ],
    }


def mapping_text(view: dict[str, Any]) -> str:
    provenance = view["provenance"]
    lines = [
        f"{view['id']}: {view['source']} -> {view['target']} ({view['style']}, {len(view['rows'])} rows)",
        f"  by {provenance.get('author', '')}; {provenance.get('document', '')}; status {provenance.get('status', '')}, "
        f"judgement {provenance.get('judgement', '')}",
    ]
    for r in view["rows"]:
        strength = "" if r["strength"] is None else f" [{r['strength']}]"
        written = f"  (as written: {r['as_written']})" if r["as_written"] else ""
        lines.append(f"  {r['row']:>4}  {', '.join(r['source'])}  {r['relationship']}{strength}  {', '.join(r['target'])}{written}")
    return text_lines(lines)
