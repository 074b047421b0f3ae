"""What the library already says about a candidate pair: a row naming it, or a path through other
mappings that the engine follows (:mod:`crosswalk.inference`).

Why both: a reviewer should not re-decide a pair a mapping already has (``existing``), and should
know when the engine already relates the two elements through a pivot framework or a row on an
ancestor (``implied``), and with which relation, before writing a row that may duplicate or
contradict it.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from crosswalk import algebra as alg
from crosswalk.model import Framework, MappingSet

Pair = tuple[str, str]


def _between(workspace: Any, source: Framework, target: Framework) -> Iterable[tuple[MappingSet, bool]]:
    """Every mapping joining the two frameworks, with whether it is written from ``target`` to ``source``
    (those written from ``source`` to ``target`` first, then library order)."""
    found: list[tuple[MappingSet, bool]] = []
    for mapping in workspace.mappings:
        ends = workspace.ends(mapping)
        if ends is None:
            continue
        if (ends[0].ref, ends[1].ref) == (source.ref, target.ref):
            found.append((mapping, False))
        elif (ends[0].ref, ends[1].ref) == (target.ref, source.ref):
            found.append((mapping, True))
    return sorted(found, key=lambda item: item[1])


def row_pairs(mapping: MappingSet, backwards: bool) -> Iterable[tuple[Pair, int]]:
    """(source element, target element) of each pair a row names, oriented source -> target, with the row index."""
    for row in mapping.rows:
        for left in row.sources:
            for right in row.targets:
                yield ((right, left) if backwards else (left, right)), row.index


def existing_rows(workspace: Any, source: Framework, target: Framework) -> dict[Pair, str]:
    """Per pair, the first row naming it: ``"MAPPING row N"`` (N counts from 1, as ``crosswalk show``
    and the reports number rows), with its relationship."""
    out: dict[Pair, str] = {}
    for mapping, backwards in _between(workspace, source, target):
        relationships = {row.index: row.relationship for row in mapping.rows}
        for pair, index in row_pairs(mapping, backwards):
            out.setdefault(pair, f"{mapping.id} row {index + 1} ({relationships[index]})")
    return out


def within_pairs(workspace: Any, mapping_id: str, source: Framework, target: Framework,
                 sources: Sequence[str], pool: Sequence[str]) -> dict[str, set[str]]:
    """Per source element, the candidates of ``pool`` such that a row of the mapping relates the
    element or one of its ancestors to the candidate or one of its ancestors."""
    from crosswalk.suggest.candidates import SuggestError, hint

    mapping = workspace.mapping(mapping_id)
    if mapping is None:
        raise SuggestError(f"--within: no mapping {mapping_id!r} in the library"
                           f"{hint(mapping_id, [m.id for m in workspace.mappings])}; see 'crosswalk list'")
    joined = [backwards for found, backwards in _between(workspace, source, target) if found is mapping]
    if not joined:
        raise SuggestError(f"--within: mapping {mapping_id!r} joins {mapping.source} and {mapping.target}, "
                           f"not {source.ref} and {target.ref}")
    related: dict[str, set[str]] = {}
    for (left, right), _ in row_pairs(mapping, joined[0]):
        related.setdefault(left, set()).add(right)
    pool_set = set(pool)
    above_target = {ident: {ident, *target.ancestors(ident)} for ident in pool}
    out: dict[str, set[str]] = {}
    for ident in sources:
        wanted: set[str] = set()
        for up in (ident, *source.ancestors(ident)):
            wanted |= related.get(up, set())
        if wanted:
            out[ident] = {candidate for candidate in pool_set if above_target[candidate] & wanted}
    return out


def implied_pairs(workspace: Any, source: Framework, target: Framework, pairs: Iterable[Pair],
                  library_graph: Any = None, max_hops: int = 3) -> dict[Pair, str]:
    """For the pairs the engine relates other than by one row naming them (through a row on an
    ancestor or descendant, or through pivot frameworks): the relation the paths imply together and
    the best path, e.g. ``"no set relation (associated) via hierarchy: ..."``."""
    from crosswalk import graph as graph_mod
    from crosswalk.inference import Scope, combine, paths_to

    wanted: dict[str, set[str]] = {}
    for left, right in pairs:
        wanted.setdefault(right, set()).add(left)
    if not wanted:
        return {}
    built = library_graph if library_graph is not None else graph_mod.build(workspace)
    scope = Scope(source.ref, target.ref, None, max_hops, associations=True)
    out: dict[Pair, str] = {}
    for right in sorted(wanted):
        node = (target.ref, right)
        if node not in built:
            continue
        found = [path for path in paths_to(built, node, scope) if path.kind != "direct" and path.source[1] in wanted[right]]
        for (_, left), relation in sorted(combine(node, found).items()):
            best = relation.telling[0]
            via = " then ".join(best.pivots) if best.pivots else "hierarchy"
            words = alg.describe(relation.relation)
            if relation.relation == alg.ALL:
                words += " (associated only)"
            out[(left, right)] = f"{words} via {via}: {best.describe()}"
    return out
