"""Path consistency (algebraic closure) as the reference the complete check is compared with.

This is the algorithm crosswalk used before :mod:`crosswalk.network` (kept here, for tests only):
it is sound (every conflict it finds is real), so the new check must find a conflict wherever it
does, and on RCC5 networks of single base relations it is also complete.
"""

from __future__ import annotations

from collections import deque

from crosswalk.algebra import ALL, compose, converse


def path_consistent(facts) -> bool:
    rel: dict = {}
    adj: dict = {}
    queue: deque = deque()

    def put(i, k, relation) -> bool:
        old = rel.get((i, k), ALL)
        new = old & relation
        if new == old:
            return True
        if new == 0:
            return False
        rel[(i, k)], rel[(k, i)] = new, converse(new)
        adj.setdefault(i, set()).add(k)
        adj.setdefault(k, set()).add(i)
        queue.append((i, k))
        return True

    for fact in facts:
        if fact.left != fact.right and not put(fact.left, fact.right, fact.relation):
            return False
    while queue:
        i, j = queue.popleft()
        r_ij = rel[(i, j)]
        for k in tuple(adj.get(j, ())):
            if k != i and not put(i, k, compose(r_ij, rel[(j, k)])):
                return False
        for k in tuple(adj.get(i, ())):
            if k != j and not put(k, j, compose(rel[(k, i)], r_ij)):
                return False
    return True
