"""A report's answers -> one OSCAL 1.2 ``mapping-collection``: what the engine infers, with its paths.

Why: an OSCAL tool can read a mapping, but not compose two of them. ``crosswalk export oscal
REPORT`` hands it what crosswalk's engine concludes from every mapping of the library, for the
report's source and target frameworks (its pivots, hop limit and profile as the report sets them):

* one ``map`` per (source element, target element) pair the engine relates, direct or inferred, its
  ``relationship`` OSCAL's word for the relation (a single relation: its word; "subset_of or equal":
  ``subset-of``; "superset_of or equal": ``superset-of``; any other set that rules out
  ``no_relationship``: ``intersects-with``), the exact relation, the kind of evidence, the source's
  status and contribution in props, every path it rests on (each row named by mapping and number)
  in its remarks, and the weakest strength on the best path as its ``confidence-score``;
* pairs only associated (no set relation implied) and contradictions are not maps: the targets they
  leave unknown are in the gap summary, and the mapping's remarks count them;
* the ``target-gap-summary`` lists exactly the targets the engine calls unknown or not covered;
* provenance: ``method: automation``, ``status: complete``, prop ``judgement: ours``, and props naming
  the report, its scope and the crosswalk version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crosswalk import algebra as alg
from crosswalk.formats import ExportProblem
from crosswalk.formats.oscal import vocabulary as v
from crosswalk.formats.oscal.mapping_writer import _gap, _id_ref, _metadata, _resource, _sealed, _unique, checked_date

GAP_STATUSES = ("not covered", "unknown")
"""The coverage statuses the gap summary lists (see :mod:`crosswalk.coverage`)."""


def definition(workspace: Any, ref: str) -> Any:
    """The report definition ``ref`` names (a report id of the library, or a report file), or None."""
    from crosswalk.model import report_from
    from crosswalk.workspace import read_document

    found = workspace.report(ref)
    if found is not None:
        return found
    path = Path(ref)
    if not path.is_file() or path.suffix.lower() not in (".yaml", ".yml"):
        return None
    document, findings, skip = read_document(path)
    if findings or skip is None or document.kind != "report":
        if document is not None and document.kind not in (None, "report"):
            return None
        detail = f"{findings[0].place}: {findings[0].message}" if findings else "not a report definition"
        raise ExportProblem(f"{ref}: {detail} (run 'crosswalk validate {ref}')")
    return report_from(document.data, document.path)


def oscal_word(relation: int) -> str | None:
    """OSCAL's word for a relation set (see the module), or None when no word fits."""
    names = alg.names(relation)
    if len(names) == 1:
        return v.OSCAL_WORD[names[0]]
    if relation & ~(alg.EQ | alg.PP) == 0:
        return "subset-of"
    if relation & ~(alg.EQ | alg.PPI) == 0:
        return "superset-of"
    if relation & alg.DR == 0:
        return "intersects-with"
    return None


def answers_collection(workspace: Any, report: Any, day: str | None = None) -> dict[str, Any]:
    """The collection of the engine's answers for the report definition ``report``."""
    from crosswalk import __version__
    from crosswalk.report import analyse, request_from_definition
    from crosswalk.workspace import WorkspaceError

    try:
        analysis = analyse(workspace, request_from_definition(report))
    except WorkspaceError as exc:
        raise ExportProblem(f"report {report.id}: {exc}") from None
    result = analysis.result
    source, target = analysis.source, analysis.target
    maps, used, unwritten = [], set(), 0
    for ident, coverage in result.elements.items():
        for evidence in coverage.evidence:
            relation = evidence.relation
            word = oscal_word(relation.relation)
            if word is None:
                unwritten += 1
                continue
            paths = relation.telling
            for path in paths:
                used.update(mapping for mapping, _ in path.rows)
            item: dict[str, Any] = {
                "uuid": v.stable_uuid("answer", report.id, source.ref, relation.source[1], target.ref, ident),
                "relationship": word,
                "sources": [{"type": "control", "id-ref": _id_ref(relation.source[1], f"report {report.id}")}],
                "targets": [{"type": "control", "id-ref": _id_ref(ident, f"report {report.id}")}],
            }
            if relation.weakest is not None:
                item["confidence-score"] = v.confidence(relation.weakest)
            props = [v.prop("relation", alg.describe(relation.relation)), v.prop("evidence", relation.kind),
                     v.prop("source-status", evidence.source_status), v.prop("contribution", evidence.contribution)]
            pivots = sorted({pivot for path in paths for pivot in path.pivots})
            if pivots:
                props.append(v.prop("via", " ".join(pivots)))
            props.append(v.prop("rows", sorted({f"{m}#{r + 1}" for path in paths for m, r in path.rows})))
            item["props"] = props
            item["remarks"] = "\n".join(f"- {path.describe()}" for path in paths)
            maps.append(item)
    if not maps:
        raise ExportProblem(f"report {report.id}: the engine relates no element of {source.ref} to {target.ref}: "
                            "there is no map to write (OSCAL needs one)")
    day = day or _latest(workspace, used) or _latest(workspace, {m.id for m in workspace.mappings})
    if not day:
        raise ExportProblem(f"report {report.id}: no mapping it uses has a provenance.published date: give one with "
                            "--option date=YYYY-MM-DD")
    checked_date(day, "the date")
    source_doc = workspace.document(source.path).data
    target_doc = workspace.document(target.path).data
    source_ref, source_resource = _resource(source_doc)
    target_ref, target_resource = _resource(target_doc)
    gaps = [ident for ident, coverage in result.elements.items() if coverage.status in GAP_STATUSES]
    associated = sum(1 for c in result.elements.values() if c.status == "unknown" and c.associations)
    contradicted = sum(1 for c in result.elements.values() if c.contradictions)
    mapping: dict[str, Any] = {
        "uuid": v.stable_uuid("answers", report.id, source.ref, target.ref),
        "method": "automation",
        "source-resource": source_ref,
        "target-resource": target_ref,
        "maps": maps,
        "props": [v.prop("report", report.id), v.prop("row-rationale", "explicit")],
        "remarks": (f"The engine's answers from {source.ref} to {target.ref}: {len(maps)} related pair(s). "
                    f"{associated} target(s) only associated (no set relation implied) and {contradicted} with "
                    f"contradicting evidence are listed by crosswalk's report, not here"
                    + (f"; {unwritten} relation(s) with no OSCAL word left out" if unwritten else "") + "."),
    }
    gap = _gap(gaps, f"answers/{report.id}/target", f"report {report.id}")
    if gap:
        mapping["target-gap-summary"] = gap
    scope = result.scope
    provenance = {
        "method": "automation",
        "matching-rationale": "semantic",
        "status": "complete",
        "mapping-description": (f"{analysis.title}: every pair the crosswalk engine relates, directly or inferred "
                                "through the library's mappings; targets it leaves unknown or not covered are the "
                                "target gap summary."),
        "props": [v.prop("judgement", "ours"), v.prop("generator", f"crosswalk {__version__}"),
                  v.prop("pivots", "any" if scope.pivots is None else " ".join(sorted(scope.pivots)) or "none"),
                  v.prop("max-hops", str(scope.max_hops))]
                 + ([v.prop("profile", analysis.profile.id)] if analysis.profile else []),
    }
    collection = {"metadata": _metadata(v.one_line(analysis.title, report.id), day, None, [], []),
                  "provenance": provenance, "mappings": [mapping],
                  "back-matter": {"resources": _unique([source_resource, target_resource])}}
    return _sealed(collection, "answers", report.id)


def _latest(workspace: Any, mapping_ids: set[str]) -> str | None:
    dates = []
    for ident in mapping_ids:
        mapping = workspace.mapping(ident)
        if mapping is None:
            continue
        data = workspace.document(mapping.path).data
        published = ((data or {}).get("provenance") or {}).get("published") if isinstance(data, dict) else None
        if isinstance(published, str):
            dates.append(published)
    return max(dates) if dates else None
