"""Hierarchy moves inside one framework: where a walk may go up or down, and what it passes.

Why runs are kept as their two ends: a move from the leaf of a framework 100,000 elements deep to its
root passes 99,999 parent links. Copying them into each path (each one link longer than the last)
made a long chain cost the square of its depth in time and memory. Each element has at most one
parent, so the links between an element and its ancestor or descendant are fixed by the two ends: a
:class:`Run` keeps the ends, the direction and the length, costs the same whatever its length, and
gives its links (following parent links from its lower end) only when a report shows them.

Why walks remember only *mapped* elements for the target walk: a path leaves a framework only by a
mapping row, so of an element's ancestors and descendants only those with rows can continue a path.
Remembering them per element, each from its parent's (ancestors) or its children's (descendants),
costs one step per element and per mapped element above or below it, instead of a walk over the
whole chain from every element. Cycles (a validate finding) are solved as a whole, so every walk
here terminates and gives what a plain walk with a "seen" set would give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from crosswalk import algebra as alg
from crosswalk.graph import Link, LinkIndex, Node, flip


@dataclass(frozen=True, slots=True)
class Run:
    """Hierarchy moves from ``start`` to ``end``: up to an ancestor (``up``) or down to a descendant."""

    start: Node
    end: Node
    up: bool
    length: int
    parents: dict[Node, tuple[Link, ...]] = field(compare=False, repr=False)
    """``LinkIndex.by_kind["parent"]``: where the links are read back from."""

    def links(self) -> tuple[Link, ...]:
        """The moves, one link each, from ``start`` to ``end`` (read back now: a run stores none)."""
        climbed = []
        current = self.start if self.up else self.end
        for _ in range(self.length):
            link = parent_link(self.parents, current)
            if link is None:  # cannot happen for a run this module made; never loop or guess
                raise ValueError(f"{current} has no parent link on the run {self.start} -> {self.end}")
            climbed.append(link)
            current = link.end
        if self.up:
            return tuple(climbed)
        return tuple(flip(link) for link in reversed(climbed))

    def backwards(self) -> Run:
        """The same moves read from the other end."""
        return Run(self.end, self.start, not self.up, self.length, self.parents)


Exit = tuple[Node, int, "Run | None"]
"""An element a walk may leave from, the relation (walk's element ? exit), and the moves to it."""


def parent_link(parents: dict[Node, tuple[Link, ...]], node: Node) -> Link | None:
    """The link from ``node`` up to its parent; None for a root (or an element that is its own parent)."""
    for link in parents.get(node, ()):
        if link.end != node:
            return link
    return None


def _parent(links: LinkIndex, node: Node) -> Node | None:
    link = parent_link(links.by_kind["parent"], node)
    return None if link is None else link.end


def _children(links: LinkIndex, node: Node) -> list[Node]:
    return [link.end for link in links.of("child", node) if link.end != node]


def exits(links: LinkIndex, node: Node) -> tuple[Exit, ...]:
    """The node itself, every ancestor and every descendant, with the relation node ? exit.

    The forward sweep needs them all (each is an element the sweep reaches). Remembered per index: a
    hub element is an exit of thousands of walks, and its hierarchy does not change while the graph lives."""
    key = ("all", node)
    found = links.exits.get(key)
    if found is None:
        found = links.exits[key] = tuple(_walk_exits(links, node))
    return found


def _walk_exits(links: LinkIndex, node: Node) -> Iterator[Exit]:
    parents = links.by_kind["parent"]
    yield node, alg.EQ, None
    seen = {node}
    current, distance = _parent(links, node), 1
    while current is not None and current not in seen:
        seen.add(current)
        yield current, alg.PP, Run(node, current, True, distance, parents)
        current, distance = _parent(links, current), distance + 1
    seen = {node}
    stack = [(node, 0)]
    while stack:
        current, distance = stack.pop()
        for kid in _children(links, current):
            if kid not in seen:
                seen.add(kid)
                yield kid, alg.PPI, Run(node, kid, False, distance + 1, parents)
                stack.append((kid, distance + 1))


def mapped_exits(links: LinkIndex, node: Node) -> tuple[Exit, ...]:
    """The node itself and those of its ancestors and descendants that have mapping rows.

    What the target walk needs: a path goes on from an exit only by one of its rows. Remembered per index."""
    key = ("mapped", node)
    found = links.exits.get(key)
    if found is None:
        parents = links.by_kind["parent"]
        out: list[Exit] = [(node, alg.EQ, None)]
        out += [(above, alg.PP, Run(node, above, True, distance, parents)) for above, distance in _mapped_up(links, node)]
        out += [(below, alg.PPI, Run(node, below, False, distance, parents))
                for below, distance in _mapped_down(links, node)]
        found = links.exits[key] = tuple(out)
    return found


Reach = tuple[tuple[Node, int], ...]
"""Mapped elements above or below one element, each with its distance in moves."""


def _mapped(links: LinkIndex, node: Node) -> bool:
    return node in links.mappings_by_framework


def _mapped_up(links: LinkIndex, node: Node) -> Reach:
    """Mapped ancestors, nearest first, each element's from its parent's (one step per element)."""
    memo = links.exits
    found = memo.get(("up", node))
    if found is not None:
        return found
    walk: list[Node] = []
    position: dict[Node, int] = {}
    current: Node | None = node
    while current is not None and ("up", current) not in memo and current not in position:
        position[current] = len(walk)
        walk.append(current)
        current = _parent(links, current)
    if current is not None and current in position:  # the walk came back: a cycle
        _solve_cycle(links, walk[position[current]:])
        walk = walk[: position[current]]
    for ident in reversed(walk):
        above = _parent(links, ident)
        if above is None:
            memo[("up", ident)] = ()
        else:
            own = ((above, 1),) if _mapped(links, above) else ()
            memo[("up", ident)] = own + tuple((far, distance + 1) for far, distance in memo[("up", above)])
    return memo[("up", node)]


def _mapped_down(links: LinkIndex, node: Node) -> Reach:
    """Mapped descendants, each element's from its children's, leaves first and without recursion."""
    memo = links.exits
    found = memo.get(("down", node))
    if found is not None:
        return found
    _mapped_up(links, node)  # finds and solves the cycle ``node`` may be on
    found = memo.get(("down", node))
    if found is not None:
        return found
    stack = [(node, False)]  # not on a cycle, so neither is anything below it
    while stack:
        current, expanded = stack.pop()
        if ("down", current) in memo:
            continue
        kids = _children(links, current)
        if expanded:
            memo[("down", current)] = _below(links, kids)
        else:
            stack.append((current, True))
            stack.extend((kid, False) for kid in kids if ("down", kid) not in memo)
    return memo[("down", node)]


def _below(links: LinkIndex, kids: list[Node]) -> Reach:
    """Mapped elements among ``kids`` and under them (their own reaches already remembered)."""
    out: list[tuple[Node, int]] = []
    for kid in kids:
        if _mapped(links, kid):
            out.append((kid, 1))
        out.extend((far, distance + 1) for far, distance in links.exits[("down", kid)])
    return tuple(out)


def _solve_cycle(links: LinkIndex, cycle: list[Node]) -> None:
    """Remember the mapped ancestors and descendants of every element of a cycle.

    ``cycle[i + 1]`` is the parent of ``cycle[i]``. A member's ancestors are the other members, up the
    cycle; its descendants are the other members, down the cycle, and everything hanging from any
    member. Done once per cycle, in time proportional to its length times what is mapped on and under it."""
    memo = links.exits
    size = len(cycle)
    members = set(cycle)
    mapped = [i for i, member in enumerate(cycle) if _mapped(links, member)]
    for j, member in enumerate(cycle):  # first: the walks below need their parents' ancestors
        memo[("up", member)] = tuple(sorted(((cycle[i], (i - j) % size) for i in mapped if i != j),
                                            key=lambda entry: entry[1]))
    hanging: list[Reach] = []
    for member in cycle:
        kids = [kid for kid in _children(links, member) if kid not in members]
        for kid in kids:
            _mapped_down(links, kid)
        hanging.append(_below(links, kids))
    for j, member in enumerate(cycle):
        down: list[tuple[Node, int]] = list(hanging[j])
        for step in range(1, size):
            i = (j - step) % size
            if _mapped(links, cycle[i]):
                down.append((cycle[i], step))
            down.extend((far, step + distance) for far, distance in hanging[i])
        memo[("down", member)] = tuple(down)
