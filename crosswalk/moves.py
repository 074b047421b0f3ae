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
from typing import Any, Iterator

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
    _nodes: tuple[Node, ...] | None = field(default=None, compare=False, repr=False)

    def _parent_links(self) -> Iterator[Link]:
        """The run's parent links, from its lower end up (the one walk both views read)."""
        current = self.start if self.up else self.end
        for _ in range(self.length):
            link = parent_link(self.parents, current)
            if link is None:  # cannot happen for a run this module made; never loop or guess
                raise ValueError(f"{current} has no parent link on the run {self.start} -> {self.end}")
            yield link
            current = link.end

    def links(self) -> tuple[Link, ...]:
        """The moves, one link each, from ``start`` to ``end`` (read back now: a run stores none)."""
        climbed = list(self._parent_links())
        if self.up:
            return tuple(climbed)
        return tuple(flip(link) for link in reversed(climbed))

    def nodes(self) -> tuple[Node, ...]:
        """The elements the moves reach, in order, ``end`` last (cheaper than :meth:`links`: no link is made).

        Remembered: a run at the end of many paths (a hub's last step) is compared for each of them."""
        if self._nodes is None:
            object.__setattr__(self, "_nodes", tuple(self._climb()))
        return self._nodes  # type: ignore[return-value]

    def _climb(self) -> list[Node]:
        climbed = [link.end for link in self._parent_links()]
        return climbed if self.up else climbed[-2::-1] + [self.end]

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


def _memo(links: LinkIndex, name: str) -> dict[Node, Any]:
    """One of the walks' memos in ``links.exits`` (cleared as a whole to forget every walk)."""
    table = links.exits.get(name)
    if table is None:
        table = links.exits[name] = {}
    return table


def exits(links: LinkIndex, node: Node) -> tuple[Exit, ...]:
    """The node itself, every ancestor and every descendant, with the relation node ? exit.

    The forward sweep needs them all (each is an element the sweep reaches). Remembered per index: a
    hub element is an exit of thousands of walks, and its hierarchy does not change while the graph lives."""
    table = _memo(links, "all")
    found = table.get(node)
    if found is None:
        found = table[node] = tuple(_walk_exits(links, node))
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


def mapped_exits(links: LinkIndex, node: Node, remember: bool = True) -> tuple[Exit, ...]:
    """The node itself and those of its ancestors and descendants that have mapping rows.

    What the target walk needs: a path goes on from an exit only by one of its rows. Remembered per
    index unless ``remember`` is off (a target element's own exits serve one walk: keeping them for
    every element of a 100,000-element target would cost more than computing them again)."""
    table = _memo(links, "mapped")
    found = table.get(node)
    if found is None:
        parents = links.by_kind["parent"]
        above, below = _mapped_up(links, node), _mapped_down(links, node)
        level = _memo(links, "level")[node]
        out: list[Exit] = [(node, alg.EQ, None)]
        out += [(far, alg.PP, Run(node, far, True, level - far_level, parents)) for far, far_level in above]
        out += [(far, alg.PPI, Run(node, far, False, far_level - level, parents)) for far, far_level in below]
        found = tuple(out)
        if remember:
            table[node] = found
    return found


Reach = tuple[tuple[Node, int], ...]
"""Mapped elements above or below one element, each with its *level*: the distance in moves between two
elements is the difference of their levels (levels grow by one from parent to child), so an element
whose parent (or only child) has no rows shares that element's reach instead of copying it."""


def _mapped(links: LinkIndex, node: Node) -> bool:
    return node in links.mappings_by_framework


def _mapped_up(links: LinkIndex, node: Node) -> Reach:
    """Mapped ancestors, nearest first, each element's from its parent's (one step per element)."""
    ups, levels = _memo(links, "up"), _memo(links, "level")
    found = ups.get(node)
    if found is not None:
        return found
    walk: list[Node] = []
    position: dict[Node, int] = {}
    current: Node | None = node
    while current is not None and current not in ups and current not in position:
        position[current] = len(walk)
        walk.append(current)
        current = _parent(links, current)
    if current is not None and current in position:  # the walk came back: a cycle
        _solve_cycle(links, walk[position[current]:])
        walk = walk[: position[current]]
    for ident in reversed(walk):
        above = _parent(links, ident)
        if above is None:
            levels[ident], ups[ident] = 0, ()
        else:
            levels[ident] = levels[above] + 1
            further = ups[above]
            ups[ident] = ((above, levels[above]),) + further if _mapped(links, above) else further
    return ups[node]


def _mapped_down(links: LinkIndex, node: Node) -> Reach:
    """Mapped descendants, each element's from its children's, leaves first and without recursion."""
    downs, levels = _memo(links, "down"), _memo(links, "level")
    found = downs.get(node)
    if found is not None:
        return found
    _mapped_up(links, node)  # its level, and the cycle it may be on (solved there, down included)
    found = downs.get(node)
    if found is not None:
        return found
    stack = [(node, False)]  # not on a cycle, so neither is anything below it
    while stack:
        current, expanded = stack.pop()
        if current in downs:
            continue
        kids = _children(links, current)
        if expanded:
            downs[current] = _below(links, kids)
        else:
            stack.append((current, True))
            for kid in kids:
                if kid not in downs:
                    levels[kid] = levels[current] + 1
                    stack.append((kid, False))
    return downs[node]


def _below(links: LinkIndex, kids: list[Node]) -> Reach:
    """Mapped elements among ``kids`` and under them (their own reaches already remembered)."""
    downs, levels = _memo(links, "down"), _memo(links, "level")
    if len(kids) == 1 and not _mapped(links, kids[0]):
        return downs[kids[0]]
    out: list[tuple[Node, int]] = []
    for kid in kids:
        if _mapped(links, kid):
            out.append((kid, levels[kid]))
        out.extend(downs[kid])
    return tuple(out)


def _solve_cycle(links: LinkIndex, cycle: list[Node]) -> None:
    """Remember the mapped ancestors and descendants of every element of a cycle.

    ``cycle[i + 1]`` is the parent of ``cycle[i]``. A member's ancestors are the other members, up the
    cycle; its descendants are the other members, down the cycle, and everything hanging from any
    member. Every member has level 0 and its own reaches (distances as levels), made once per cycle in
    time proportional to its length times the members that are mapped or have something mapped below."""
    ups, downs, levels = _memo(links, "up"), _memo(links, "down"), _memo(links, "level")
    size = len(cycle)
    members = set(cycle)
    mapped = [i for i, member in enumerate(cycle) if _mapped(links, member)]
    mapped_set = set(mapped)
    for j, member in enumerate(cycle):  # first: the walks below need their parents' levels and reaches
        levels[member] = 0
        ups[member] = tuple(sorted(((cycle[i], -((i - j) % size)) for i in mapped if i != j),
                                   key=lambda entry: -entry[1]))
    hanging: list[Reach] = []
    for member in cycle:
        kids = [kid for kid in _children(links, member) if kid not in members]
        for kid in kids:
            _mapped_down(links, kid)
        hanging.append(_below(links, kids) if kids else ())
    useful = [i for i in range(size) if i in mapped_set or hanging[i]]  # the rest add nothing below anyone
    for j, member in enumerate(cycle):
        down: list[tuple[Node, int]] = list(hanging[j])
        for step, i in sorted(((j - i) % size, i) for i in useful if i != j):
            if i in mapped_set:
                down.append((cycle[i], step))
            down.extend((far, step + level) for far, level in hanging[i])
        downs[member] = tuple(down)
