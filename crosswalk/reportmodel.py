"""What the gap report says, decided once from an :class:`~crosswalk.report.Analysis`.

Why a model between the engine and the renderers: the workbook, the Markdown and the HTML page must
say the same thing with the same numbers, and an auditor must be able to trust each sentence. So
every sentence and figure is computed here from the data (never written for one crosswalk):

* the **headline** answers at the level the target is assessed (its leaves) and says what limits
  the answer (the mappings reach only a higher level, only associate, are draft judgement...);
* the **position**: the organisation's answers, and per target element the answers of the source
  elements that bear on it;
* the **actions**: source elements to act on, each with what acting would change, re-assessed by
  the engine (:mod:`crosswalk.whatif`), never asserted;
* the **provenance**: each mapping used, its authority and status, and the SHA-256 of every input;
* the **sign-off** block and a **glossary**.

The renderers (:mod:`crosswalk.reporters.workbook`, :mod:`~crosswalk.reporters.report_markdown`,
:mod:`~crosswalk.reporters.report_html`) only lay this out; :func:`as_dict` is its JSON form.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from crosswalk import __version__
from crosswalk import algebra as alg
from crosswalk import figures
from crosswalk.coverage import COVERED, NOT_APPLICABLE, NOT_COVERED, PARTIAL, UNKNOWN, ElementCoverage
from crosswalk.figures import Tally, plural
from crosswalk.inference import Relation
from crosswalk.report import Analysis, SignOff
from crosswalk.whatif import ACT_ON, Change, WhatIf

ANSWERS = ("implemented", "partial", "planned", "not-implemented", "not-applicable", "not-assessed")
"""A profile's answers, in the order the report lists them; "not-assessed" is shown as "not answered"."""
ANSWER_WORDS = {"implemented": "implemented", "partial": "partially implemented", "planned": "planned",
                "not-implemented": "not implemented", "not-applicable": "not applicable",
                "not-assessed": "not answered"}

ASSOCIATED_ONLY = "associated only"
NOT_REACHED = "not reached"


def relation_words(relation: int) -> str:
    """A relation in plain words; never a status word ("unknown" is a status, not a relation)."""
    if relation == alg.ALL:
        return "associated only (no set relation)"  # never "unknown", a status word
    if relation == alg.RELATED:
        return "related (concept crosswalk)"
    if relation == alg.NONE:
        return "contradictory"
    return alg.describe(relation).replace("_", " ")


@dataclass(frozen=True)
class Limit:
    """One thing in the data that limits the answer, in a sentence."""

    kind: str  # level, associations, concept, ceiling, judgement, unreached, unanswered
    text: str


@dataclass(frozen=True)
class Headline:
    answer: str
    limits: tuple[Limit, ...]


@dataclass(frozen=True)
class Position:
    """The organisation's own answers (only with a profile)."""

    organisation: str
    date: str
    path: str
    source: str
    answers: dict[str, int]  # by ANSWERS, over the source framework's leaves
    assessed_at: str = "leaf element"  # what those leaves are called ("process"), for the pages to say what is counted


@dataclass(frozen=True)
class Group:
    """A group of the target (a function, a category): its own status, and its leaves by status."""

    element: str
    title: str
    level: str
    depth: int
    status: str
    leaves: Tally


@dataclass(frozen=True)
class TargetRow:
    element: str
    title: str
    level: str
    depth: int
    parent: str
    leaf: bool
    status: str
    reason: str
    unknown_because: str  # ASSOCIATED_ONLY, NOT_REACHED, or "" for a known status
    bearing: dict[str, int]  # answers of the source elements that overlap it, by ANSWERS
    associated: int
    evidence: int  # how many Evidence items the element has
    judgement: tuple[str, ...]  # mappings of our judgement or in draft that its evidence rests on
    acted_on_by: tuple[str, ...]  # action source elements that would improve its status


@dataclass(frozen=True)
class EvidenceItem:
    """One source element's bearing on one target element, with the shortest path that shows it."""

    target: str
    source: str
    source_title: str
    relation: str
    symbol: str
    source_status: str
    contribution: str  # full, partial, none, associated only, contradiction
    kind: str  # direct, hierarchy, inferred
    pivots: tuple[str, ...]
    paths: int
    path: str
    mappings: tuple[str, ...]
    weakest_strength: int | None


@dataclass(frozen=True)
class Action:
    source: str
    title: str
    kind: str  # "implement" or "assess first"
    source_status: str
    bears_on: tuple[str, ...]
    changes: tuple[Change, ...]

    @property
    def improved(self) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.improves)


@dataclass(frozen=True)
class MappingUsed:
    id: str
    title: str
    source: str
    target: str
    authority: str  # "official" or "our judgement"
    author: str
    status: str
    style: str
    rows_used: int
    rows_ours: int  # of the rows used, those marked as our judgement
    rows: int
    path: str
    sha256: str


@dataclass(frozen=True)
class InputFile:
    role: str
    name: str
    path: str
    sha256: str


@dataclass(frozen=True)
class FrameworkRow:
    """One element of the source or target framework as the appendix lists it, with the organisation's
    answer (source) or the coverage status (target)."""

    element: str
    level: str
    parent: str
    depth: int
    title: str
    text: str
    wording: str
    citation: str
    links: str  # the publisher's own links between its elements, one "type: id title" per line
    status: str  # implementation status (source) or coverage status (target)
    evidence: str = ""  # the profile's evidence for it (source)
    owner: str = ""
    note: str = ""


@dataclass(frozen=True)
class RowUsed:
    """A declared mapping row some evidence or association rests on, with its provenance."""

    mapping: str
    row: int  # 1-based, as `crosswalk show` numbers them
    source_framework: str
    sources: tuple[str, ...]
    relationship: str
    target_framework: str
    targets: tuple[str, ...]
    strength: int | None
    rationale: tuple[str, ...]
    judgement: str
    as_written: str
    note: str
    author: str
    document: str
    status: str
    file: str


GLOSSARY: tuple[tuple[str, str], ...] = (
    ("covered", "An implemented source element is equal to or broader than the target element (directly, "
                "through the hierarchy or through pivot frameworks)."),
    ("partially covered", "An implemented (or partly implemented) source element overlaps the target element "
                          "without containing it, or a concept crosswalk relates them."),
    ("not covered", "The mapped source elements would address it, but are not implemented."),
    ("not applicable", "The source elements that would cover it are marked not applicable."),
    ("unknown", "No evidence either way: no mapping row reaches the element (not reached), or rows reach it only "
                "through a relation that implies nothing about it (associated only). Not a gap, not coverage."),
    ("associated only", "Mapping rows connect the two elements, but no set relation follows: typically a concept "
                        "crosswalk row at a higher level (a category 'related' to a process says nothing about "
                        "each of the category's subcategories)."),
    ("related", "A concept crosswalk's untyped link (NIST IR 8477): the elements share a concept; it gives "
                "partial coverage at most."),
    ("equal / subset of / superset of / intersects with", "Typed set relations (NIST IR 8477 set theory "
                                                         "relationship mapping): only equal or superset can cover."),
    ("leaf", "An element with nothing below it: the level at which a framework is assessed. Figures for a group "
             "count its leaves; a group's own status is shown separately."),
    ("contribution", "What one piece of evidence gives the target element: full (it covers it), partial, none (the "
                     "source element is not implemented, or its relation cannot cover), associated only, or "
                     "contradiction."),
    ("pivot", "A third framework a path passes through (A to pivot to B): inferred links compose relations with "
              "the RCC5 algebra and keep the weakest declared strength."),
    ("official / our judgement", "Official rows transcribe a publisher's crosswalk; rows of our judgement were "
                                 "written by the crosswalk maintainers and are flagged wherever they are used."),
    ("Symbols", "= equal, \u2283 source broader (superset), \u2282 source narrower (subset), \u2229 intersects, "
                "~ related (concept crosswalk), ? associated only, \u2205 no relationship, ! contradiction."),
)


@dataclass
class GapReport:
    title: str
    generated: str
    tool: str
    source: dict[str, str]
    target: dict[str, str]
    scope: dict[str, Any]
    assessed_at: str  # the name of the target's leaves ("subcategory")
    headline: Headline
    leaves: Tally
    ceiling: Tally | None  # leaves by status if every applicable source element were implemented
    by_level: list[tuple[str, Tally]]
    groups: list[Group]
    subgroups: list[Group]
    position: Position | None
    rows: list[TargetRow]
    evidence: list[EvidenceItem]
    actions: list[Action]
    actions_note: str
    mappings: list[MappingUsed]
    inputs: list[InputFile]
    signoff: SignOff
    source_elements: list[FrameworkRow] = field(default_factory=list)
    target_elements: list[FrameworkRow] = field(default_factory=list)
    rows_used: list[RowUsed] = field(default_factory=list)
    paper: str = "a4"
    glossary: tuple[tuple[str, str], ...] = GLOSSARY
    description: str = ""
    row_of: dict[str, int] = field(default_factory=dict)  # target element -> index in rows

    @property
    def gaps(self) -> list[TargetRow]:
        return [row for row in self.rows if row.status in (NOT_COVERED, PARTIAL)]

    @property
    def implement(self) -> list[Action]:
        return [action for action in self.actions if action.kind == "implement"]

    @property
    def assess_first(self) -> list[Action]:
        return [action for action in self.actions if action.kind == "assess first"]


def build(analysis: Analysis) -> GapReport:
    """The report's content (see the module docstring)."""
    result = analysis.result
    source, target = analysis.source, analysis.target
    whatif = WhatIf(result)
    rows, evidence, row_of = _rows(analysis)
    actions = _actions(analysis, whatif)
    improving = {}
    for action in actions:
        for change in action.improved:
            improving.setdefault(change.element, []).append(action.source)
    rows = [replace(row, acted_on_by=tuple(improving[row.element])) if row.element in improving else row for row in rows]
    ceiling = None
    if analysis.profile is not None:
        ceiling = _ceiling(analysis, whatif.ceiling())
    leaves = figures.leaves(result)
    report = GapReport(
        title=analysis.title,
        generated=analysis.generated.isoformat(),
        tool=f"crosswalk {__version__}",
        source={"ref": source.ref, "name": source.name, "label": source.label, "publisher": source.publisher},
        target={"ref": target.ref, "name": target.name, "label": target.label, "publisher": target.publisher},
        scope={"pivots": sorted(result.scope.pivots) if result.scope.pivots is not None else "any",
               "max_hops": result.scope.max_hops, "associations": result.scope.associations,
               "official_only": analysis.request.official_only},
        assessed_at=figures.leaf_level(target),
        headline=Headline("", ()),
        leaves=leaves,
        ceiling=ceiling,
        by_level=figures.by_level(result),
        groups=_groups(analysis, 0),
        subgroups=_groups(analysis, 1),
        position=_position(analysis),
        rows=rows,
        evidence=evidence,
        actions=actions,
        actions_note="",
        mappings=_mappings_used(analysis),
        inputs=[],
        signoff=analysis.request.signoff,
        description=analysis.request.description,
        row_of=row_of,
        source_elements=_framework_rows(analysis, "source"),
        target_elements=_framework_rows(analysis, "target"),
        rows_used=_rows_used(analysis),
        paper=analysis.request.paper,
    )
    report.inputs = _inputs(analysis, report.mappings)
    report.headline = _headline(analysis, report)
    report.actions_note = _actions_note(analysis, report)
    return report


# -- target rows and evidence ---------------------------------------------------------------------

def _unknown_because(coverage: ElementCoverage) -> str:
    if coverage.status != UNKNOWN:
        return ""
    return ASSOCIATED_ONLY if coverage.associations else NOT_REACHED


def _rows(analysis: Analysis) -> tuple[list[TargetRow], list[EvidenceItem], dict[str, int]]:
    result = analysis.result
    target = analysis.target
    mappings = {m.id: m for m in analysis.workspace.mappings}
    rows: list[TargetRow] = []
    evidence: list[EvidenceItem] = []
    row_of: dict[str, int] = {}
    for ident, coverage in result.elements.items():
        element = target.elements[ident]
        bearing = Counter(e.source_status for e in coverage.evidence if e.relation.relation & alg.DR == 0)
        judgement: dict[str, None] = {}
        items = [(e.relation, e.source_status, e.contribution) for e in coverage.evidence]
        items += [(r, result.source_statuses.get(r.source[1], "not-assessed"), "associated only")
                  for r in coverage.associations]
        items += [(r, result.source_statuses.get(r.source[1], "not-assessed"), "contradiction")
                  for r in coverage.contradictions]
        for relation, status, contribution in items:
            item = _evidence_item(analysis, ident, relation, status, contribution)
            evidence.append(item)
            if contribution != "associated only":
                for mapping_id in _judgement_mappings(relation, mappings):
                    judgement.setdefault(mapping_id, None)
        row_of[ident] = len(rows)
        rows.append(TargetRow(
            element=ident, title=element.title, level=figures.level_name(target, ident), depth=target.depth(ident),
            parent=element.parent or "", leaf=target.is_leaf(ident), status=coverage.status, reason=coverage.reason,
            unknown_because=_unknown_because(coverage),
            bearing={answer: bearing.get(answer, 0) for answer in ANSWERS}, associated=len(coverage.associations),
            evidence=len(items), judgement=tuple(sorted(judgement)), acted_on_by=()))
    return rows, evidence, row_of


def _judgement_mappings(relation: Relation, mappings: dict[str, Any]) -> list[str]:
    """Mappings whose rows on the relation's paths are our judgement or whose status is draft."""
    out = []
    for path in relation.paths:
        for link in path.mapping_links:
            mapping = mappings.get(link.mapping)
            draft = mapping is not None and str(mapping.provenance.get("status", "")).lower() == "draft"
            if link.judgement != "official" or draft:
                out.append(link.mapping)
    return out


def _evidence_item(analysis: Analysis, target: str, relation: Relation, status: str, contribution: str) -> EvidenceItem:
    ident = relation.source[1]
    element = analysis.source.elements.get(ident)
    best = relation.paths[0] if relation.paths else None
    return EvidenceItem(
        target=target, source=ident, source_title=element.title if element else "",
        relation=relation_words(relation.relation), symbol=alg.symbol(relation.relation), source_status=status,
        contribution=contribution, kind=relation.kind, pivots=tuple(best.pivots) if best else (),
        paths=len(relation.paths), path=best.describe() if best else "",
        mappings=tuple(dict.fromkeys(row[0] for path in relation.paths for row in path.rows)),
        weakest_strength=relation.weakest)


def _framework_rows(analysis: Analysis, which: str) -> list[FrameworkRow]:
    framework = analysis.source if which == "source" else analysis.target
    entries = {e.element: e for e in analysis.profile.entries} if analysis.profile and which == "source" else {}
    out = []
    for element in sorted(framework.elements.values(), key=lambda e: e.index):
        entry = entries.get(element.id)
        status = (analysis.result.source_statuses.get(element.id, "") if which == "source"
                  else analysis.result.elements[element.id].status)
        out.append(FrameworkRow(
            element=element.id, level=element.level or "", parent=element.parent or "",
            depth=framework.depth(element.id), title=element.title, text=element.text, wording=element.wording,
            citation="; ".join(f"{k} {v}" for k, v in element.citation.items()), links=_links(framework, element),
            status=status, evidence=entry.evidence if entry else "", owner=entry.owner if entry else "",
            note=entry.note if entry else ""))
    return out


def _links(framework: Any, element: Any) -> str:
    """'gai-risk: 2.2 Confabulation', one per line: the id alone would send the auditor searching."""
    lines = []
    for link in element.links:
        linked = framework.elements.get(link.element)
        label = f"{link.element} {linked.title}" if linked else link.element
        lines.append(f"{link.type}: {label}" if link.type else label)
    return "\n".join(lines)


def _rows_used(analysis: Analysis) -> list[RowUsed]:
    """Every declared row some evidence or association rests on, by mapping and row number."""
    used = sorted({row for coverage in analysis.result.elements.values()
                   for relation in [e.relation for e in coverage.evidence] + coverage.associations + coverage.contradictions
                   for path in relation.paths for row in path.rows})
    mappings = {m.id: m for m in analysis.workspace.mappings}
    by_index: dict[str, dict[int, Any]] = {}
    out = []
    for mapping_id, index in used:
        mapping = mappings[mapping_id]
        if mapping_id not in by_index:
            by_index[mapping_id] = {r.index: r for r in mapping.rows}
        row = by_index[mapping_id][index]
        provenance = mapping.provenance
        out.append(RowUsed(mapping.id, index + 1, mapping.source, row.sources, row.relationship, mapping.target,
                           row.targets, row.strength, row.rationale, row.judgement, row.as_written, row.note,
                           str(provenance.get("author", "")), str(provenance.get("document", "")),
                           str(provenance.get("status", "")), mapping.path))
    return out


# -- figures --------------------------------------------------------------------------------------

def _groups(analysis: Analysis, depth: int) -> list[Group]:
    target, result = analysis.target, analysis.result
    out = []
    for ident in result.elements:
        if target.depth(ident) == depth and not target.is_leaf(ident):
            out.append(Group(ident, target.elements[ident].title, figures.level_name(target, ident), depth,
                             result.elements[ident].status, figures.leaves(result, ident)))
    return out


def _position(analysis: Analysis) -> Position | None:
    """The profile's answers over the source framework's leaves: a leaf counts with its own answer, or
    the answer of its nearest ancestor that has one, or as not answered."""
    profile = analysis.profile
    if profile is None:
        return None
    source = analysis.source
    explicit = {entry.element: entry.status for entry in profile.entries if entry.element in source.elements}
    counts: Counter[str] = Counter()
    for ident in source.elements:
        if not source.is_leaf(ident):
            continue
        answer = explicit.get(ident)
        if answer is None:
            answer = next((explicit[a] for a in source.ancestors(ident) if a in explicit), "not-assessed")
        counts[answer] += 1
    return Position(profile.organisation or profile.id, profile.date, profile.path, profile.source,
                    {answer: counts.get(answer, 0) for answer in ANSWERS}, figures.leaf_level(source))


def _ceiling(analysis: Analysis, changes: list[Change]) -> Tally:
    """Leaves by status if every applicable source element were implemented."""
    target, result = analysis.target, analysis.result
    after = {change.element: change.after for change in changes}
    statuses = [after.get(ident, coverage.status) for ident, coverage in result.elements.items() if target.is_leaf(ident)]
    return figures.tally(statuses)


# -- actions --------------------------------------------------------------------------------------

def _actions(analysis: Analysis, whatif: WhatIf) -> list[Action]:
    """Every answerable source element one can act on that overlaps some target element, with what
    implementing it would change; ordered by effect (leaves improved, then groups), then source order.

    Answerable: an element the profile answers, or a leaf. Evidence often names a group (an AI Verify
    outcome) whose status only combines its leaves' answers; acting on it means acting on those of its
    leaves that are not implemented, so they are listed, each bearing on the group's targets. The list
    then names only elements the organisation answered (or should answer), once each, like the position."""
    result, source, target = analysis.result, analysis.source, analysis.target
    if analysis.profile is None:
        return []
    answered = {entry.element for entry in analysis.profile.entries}
    statuses = result.source_statuses
    overlapping: dict[str, list[str]] = {}
    for ident, coverage in result.elements.items():
        for evidence in coverage.evidence:
            if evidence.relation.relation & alg.DR or evidence.source_status not in ACT_ON:
                continue
            named = evidence.source[1]
            if named in answered or named not in source.elements or source.is_leaf(named):
                units = [named]
            else:
                units = [leaf for leaf in source.leaves_under(named) if statuses.get(leaf, "not-assessed") in ACT_ON]
            for unit in units:
                overlapping.setdefault(unit, []).append(ident)
    actions = []
    for ident, bears_on in overlapping.items():
        status = statuses.get(ident, "not-assessed")
        changes = tuple(whatif.implementing([ident]))
        element = source.elements.get(ident)
        order = {t: target.elements[t].index for t in bears_on if t in target.elements}
        actions.append(Action(ident, element.title if element else "",
                              "assess first" if status == "not-assessed" else "implement", status,
                              tuple(sorted(dict.fromkeys(bears_on), key=lambda t: order.get(t, 0))), changes))

    def effect(action: Action) -> tuple[int, int, int]:
        improved = action.improved
        leaves = sum(1 for change in improved if target.is_leaf(change.element))
        index = source.elements[action.source].index if action.source in source.elements else 0
        return (-leaves, -(len(improved) - leaves), index)

    return sorted(actions, key=effect)


def _actions_note(analysis: Analysis, report: GapReport) -> str:
    source, target = analysis.source, analysis.target
    leafword = plural(report.assessed_at)
    if analysis.profile is None:
        return (f"No profile was given, so every {source.label} element counts as implemented: there is nothing to "
                f"implement. The gaps that remain are limits of the mappings; a typed mapping (equal, subset of, "
                f"superset of) between {source.label} and the {target.label} {leafword} is what would change them.")
    if not report.actions:
        return "No source element the mappings bring to bear is left to implement or to answer."
    if any(action.improved for action in report.actions):
        return (f"Each action lists what implementing that one element would change (the engine assessed the "
                f"report again with it implemented). Actions are ordered by effect: {leafword} improved first.")
    return (f"Implementing any of these {len(report.actions)} elements would change no status: the elements they bear on "
            f"are already as covered as the mappings allow ({_mapping_limit(report)}). They still matter as evidence, "
            f"but what would change the answer is a typed mapping (equal, subset of, superset of) between "
            f"{source.label} and the {target.label} {leafword}.")


def _mapping_limit(report: GapReport) -> str:
    relations = Counter(item.relation for item in report.evidence if item.contribution != "associated only")
    if relations and set(relations) <= {relation_words(alg.RELATED)}:
        return "every row used is a concept crosswalk row, 'related', which gives partial coverage at most"
    return "no single element's relation is broad enough to cover, or it is already implemented elsewhere"


# -- provenance -----------------------------------------------------------------------------------

def _mappings_used(analysis: Analysis) -> list[MappingUsed]:
    result = analysis.result
    used: dict[str, set[int]] = {}
    for coverage in result.elements.values():
        relations = [e.relation for e in coverage.evidence] + coverage.associations + coverage.contradictions
        for relation in relations:
            for path in relation.paths:
                for mapping_id, row in path.rows:
                    used.setdefault(mapping_id, set()).add(row)
    out = []
    for mapping in sorted(analysis.workspace.mappings, key=lambda m: m.id):
        rows = used.get(mapping.id)
        if not rows:
            continue
        ours = sum(1 for row in mapping.rows if row.index in rows and row.judgement != "official")
        provenance = mapping.provenance
        document = analysis.workspace.document(mapping.path) if _has_document(analysis, mapping.path) else None
        out.append(MappingUsed(
            id=mapping.id, title=mapping.title, source=mapping.source, target=mapping.target,
            authority="official" if mapping.judgement == "official" else "our judgement",
            author=str(provenance.get("author", "")), status=str(provenance.get("status", "")), style=mapping.style,
            rows_used=len(rows), rows_ours=ours, rows=len(mapping.rows), path=mapping.path,
            sha256=document.digest if document is not None else ""))
    return out


def _has_document(analysis: Analysis, path: str) -> bool:
    try:
        analysis.workspace.document(path)
    except (KeyError, LookupError):
        return False
    return True


def _inputs(analysis: Analysis, mappings: list[MappingUsed]) -> list[InputFile]:
    """Every file the answer rests on, with its SHA-256: the definition, the profile, the frameworks
    compared and passed through, and the mappings used."""
    workspace = analysis.workspace
    out: list[InputFile] = []

    def add(role: str, name: str, path: str, digest: str = "") -> None:
        if not digest and _has_document(analysis, path):
            digest = workspace.document(path).digest
        out.append(InputFile(role, name, path, digest))

    if analysis.definition_path:
        add("report definition", analysis.request.report_id, analysis.definition_path, analysis.definition_digest)
    if analysis.profile is not None:
        add("profile", analysis.profile.id, analysis.profile.path, analysis.profile.digest)
    add("source framework", analysis.source.ref, analysis.source.path)
    add("target framework", analysis.target.ref, analysis.target.path)
    pivots = sorted({pivot for coverage in analysis.result.elements.values()
                     for relation in [e.relation for e in coverage.evidence] + coverage.associations
                     for path in relation.paths for pivot in path.pivots})
    for ref in pivots:
        framework = workspace.frameworks.get(ref)
        if framework is not None:
            add("pivot framework", ref, framework.path)
    for mapping in mappings:
        add("mapping", mapping.id, mapping.path, mapping.sha256)
    return out


# -- headline -------------------------------------------------------------------------------------

def _count_phrase(tally: Tally) -> str:
    parts = [f"covers {tally.counts[COVERED]}", f"partially covers {tally.counts[PARTIAL]}"]
    if tally.counts[NOT_COVERED]:
        parts.append(f"does not cover {tally.counts[NOT_COVERED]}")
    if tally.counts[NOT_APPLICABLE]:
        parts.append(f"makes {tally.counts[NOT_APPLICABLE]} not applicable")
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _headline(analysis: Analysis, report: GapReport) -> Headline:
    source, target, result = analysis.source, analysis.target, analysis.result
    leaves = report.leaves
    leafword = report.assessed_at
    who = (f"{source.label}, as answered by {report.position.organisation}"
           + (f" on {report.position.date}" if report.position.date else "") + ","
           if report.position else f"{source.label} (every element counted as implemented)")
    unknown = leaves.counts[UNKNOWN]
    answer = (f"Of the {leaves.total} {plural(leafword, leaves.total)} at which {target.label} is assessed, {who} "
              f"{_count_phrase(leaves)}; {unknown} {'is' if unknown == 1 else 'are'} unknown (no evidence either way).")
    limits: list[Limit] = []
    leaf_rows = [row for row in report.rows if row.leaf]
    with_evidence = sum(1 for row in leaf_rows if result.elements[row.element].evidence)
    associated = sum(1 for row in leaf_rows if row.unknown_because == ASSOCIATED_ONLY)
    unreached = sum(1 for row in leaf_rows if row.unknown_because == NOT_REACHED)
    higher = [(name, t) for name, t in report.by_level if name != leafword]
    reached_higher = [(name, sum(1 for row in report.rows if row.level == name and result.elements[row.element].evidence),
                       t.total) for name, t in higher]
    reached_higher = [(name, n, total) for name, n, total in reached_higher if n]
    leaf_share = with_evidence / len(leaf_rows) if leaf_rows else 1.0
    if reached_higher and any(n / total > leaf_share for _, n, total in reached_higher):
        where = ", ".join(f"{n} of {total} {plural(name, total)}" for name, n, total in reached_higher)
        limits.append(Limit("level", f"The mappings give evidence for {where}, but for only {with_evidence} of "
                                     f"{len(leaf_rows)} {plural(leafword, len(leaf_rows))}, the level "
                                     f"{target.label} is assessed at."))
    if associated:
        limits.append(Limit("associations", f"{associated} {plural(leafword, associated)} "
                                            f"{'is' if associated == 1 else 'are'} only associated with {source.label} "
                                            f"elements: rows connect them, but imply no set relation, so they stay unknown."))
    relations = {item.relation for item in report.evidence if item.contribution not in ("associated only", "contradiction")}
    if relations and relations <= {relation_words(alg.RELATED)}:
        limits.append(Limit("concept", "Every mapping row used is a concept crosswalk row ('related', untyped): it shows "
                                       "partial coverage at most; covering needs a typed mapping (equal, superset of)."))
    if report.ceiling is not None:
        if report.ceiling.counts == leaves.counts:
            if leaves.counts[COVERED] < leaves.total - leaves.counts[NOT_APPLICABLE]:
                limits.append(Limit("ceiling", f"Implementing every applicable {source.label} element would change "
                                               f"none of these figures: the mappings, not the answers, limit them."))
        else:
            limits.append(Limit("ceiling", f"With every applicable {source.label} element implemented it would cover "
                                           f"{report.ceiling.counts[COVERED]} and partially cover "
                                           f"{report.ceiling.counts[PARTIAL]} (see Actions)."))
    judged = [row for row in report.rows if row.judgement]
    if judged:
        names = sorted({m for row in judged for m in row.judgement})
        limits.append(Limit("judgement", f"{len(judged)} target {'element rests' if len(judged) == 1 else 'elements rest'}"
                                         f" partly on rows that are our judgement or draft ({', '.join(names)}); "
                                         f"the option --official-only leaves them out."))
    associating = [m.id for m in report.mappings if (m.authority != "official" or m.status.lower() == "draft")
                   and not any(m.id in row.judgement for row in judged)]
    if associating:
        limits.append(Limit("judgement", f"Rows that are our judgement or draft ({', '.join(associating)}) are used "
                                         f"only in associations: they change no status (--official-only leaves them "
                                         f"out)."))
    if unreached and not associated:
        limits.append(Limit("unreached", f"{unreached} {plural(leafword, unreached)} {'is' if unreached == 1 else 'are'} "
                                         f"reached by no mapping path: absence of a row is not evidence of absence."))
    elif unreached:
        limits.append(Limit("unreached", f"{unreached} more {'is' if unreached == 1 else 'are'} reached by no mapping path."))
    if report.position and report.position.answers["not-assessed"]:
        n = report.position.answers["not-assessed"]
        limits.append(Limit("unanswered", f"{n} {source.label} {'element is' if n == 1 else 'elements are'} not answered "
                                          f"in the profile."))
    return Headline(answer, tuple(limits))


# -- JSON -----------------------------------------------------------------------------------------

def as_dict(report: GapReport) -> dict[str, Any]:
    """The report as JSON data: the figures every rendering prints, by the same names."""
    def change(c: Change) -> dict[str, str]:
        return {"element": c.element, "before": c.before, "after": c.after}

    return {
        "tool": "crosswalk", "version": __version__, "title": report.title, "generated": report.generated,
        "description": report.description,
        "source": report.source, "target": report.target, "scope": report.scope,
        "headline": {"answer": report.headline.answer,
                     "limits": [{"kind": limit.kind, "text": limit.text} for limit in report.headline.limits]},
        "assessed_at": report.assessed_at,
        "leaves": report.leaves.as_dict(),
        "ceiling": report.ceiling.as_dict() if report.ceiling else None,
        "by_level": [{"level": name, "elements": t.total, "statuses": dict(t.counts)} for name, t in report.by_level],
        "groups": [_group(g) for g in report.groups],
        "subgroups": [_group(g) for g in report.subgroups],
        "position": asdict(report.position) if report.position else None,
        "signoff": asdict(report.signoff),
        "mappings": [asdict(m) for m in report.mappings],
        "inputs": [asdict(i) for i in report.inputs],
        "actions_note": report.actions_note,
        "actions": [{"source": a.source, "title": a.title, "kind": a.kind, "source_status": a.source_status,
                     "bears_on": list(a.bears_on), "changes": [change(c) for c in a.changes]} for a in report.actions],
        "elements": [{**asdict(row), "judgement": list(row.judgement), "acted_on_by": list(row.acted_on_by)}
                     for row in report.rows],
        "evidence": [{**asdict(item), "pivots": list(item.pivots), "mappings": list(item.mappings)}
                     for item in report.evidence],
        "glossary": [{"term": term, "meaning": meaning} for term, meaning in report.glossary],
    }


def _group(group: Group) -> dict[str, Any]:
    return {"element": group.element, "title": group.title, "level": group.level, "status": group.status,
            "leaves": group.leaves.as_dict()}

