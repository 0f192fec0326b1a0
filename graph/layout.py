"""Initial node positions for large graph pages: nested discs of a containment forest.

vis-network's force layout costs ~100-300 ms per iteration at 10,000 nodes in headless Chromium on
our 2-core machines (measured with bench/viz_bench.py), so a large page cannot afford the hundreds
of iterations a random start needs; networkx's layouts are too slow at that size as well
(`spring_layout` ~48 s for 5,000 nodes) and need numpy. This layout is pure Python, O(n log n) and
deterministic, and uses what the graph says about containment (a task is part of a plan, a plan
and an agency are in a province, a product belongs to a task):

1. `parents` (child → parent) make a forest; a component without any containment gets its BFS
   tree instead. Bottom-up, every node gets a disc that holds its subtree: its children's discs,
   largest first, follow a golden-angle (sunflower) spiral out from it, each as far out as the
   discs before it need (a Vogel spiral of unequal discs). The roots (provinces, say) are packed
   the same way around the origin.
2. Nodes outside the forest (legal documents, reform areas) go to the mean position of their
   placed neighbours (a decree cited in one province sits in it; a reform area shared by all tasks
   in the middle), then to the nearest free spot on a small spiral around it.

The page then shows these positions as they are (physics off; a button turns the force layout on).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

SPACING = 36.0  # px: the disc of a single node, with a margin
NODE_RADIUS = SPACING / 2
DENSITY = 0.6  # share of a node's disc its children's discs cover
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
FREE_SPOT_TRIES = 200

Position = tuple[float, float]
_ROOT = object()  # the virtual parent of the forest's roots


def containment_layout(
    adjacency: Mapping[str, Iterable[str]], parents: Mapping[str, str]
) -> dict[str, Position]:
    """Positions (x, y) in px for every key of `adjacency` (undirected: key → neighbour keys).

    `parents`: child key → the key of the node that contains it (a parent chain that loops is cut
    where it closes). A connected component with no containment at all is laid out as the BFS tree
    from its best-connected node, a node hanging under its lowest-degree neighbour one level up.
    """
    keys = sorted(adjacency)
    neighbours = {key: sorted(set(adjacency[key]) - {key}) for key in keys}
    parent = _forest(keys, parents, neighbours)
    in_forest = set(parent) | set(parent.values())
    for component in _components(keys, neighbours):
        if not in_forest.intersection(component):
            root = min(component, key=lambda k: (-len(neighbours[k]), k))
            parent.update(_bfs_parents(root, neighbours))
            in_forest.update(component)
    children: dict[object, list[str]] = {_ROOT: []}
    for key in keys:
        children[key] = []
    for key in keys:
        if key in parent:
            children[parent[key]].append(key)
        elif key in in_forest:
            children[_ROOT].append(key)
    offsets = _discs(children)
    positions: dict[str, Position] = {}
    stack: list[object] = [_ROOT]
    origin: dict[object, Position] = {_ROOT: (0.0, 0.0)}
    while stack:
        node = stack.pop()
        px, py = origin[node]
        for kid in children[node]:
            dx, dy = offsets[kid]
            origin[kid] = positions[kid] = (px + dx, py + dy)
            stack.append(kid)
    _place_free([key for key in keys if key not in in_forest], neighbours, positions)
    return positions


def _forest(
    keys: list[str], parents: Mapping[str, str], adjacency: Mapping[str, Iterable[str]]
) -> dict[str, str]:
    parent = {k: p for k, p in parents.items() if k in adjacency and p in adjacency and k != p}
    for key in keys:  # cut loops: walk up, and drop the link that closes a cycle
        seen = {key}
        node = key
        while node in parent:
            up = parent[node]
            if up in seen:
                del parent[node]
                break
            seen.add(up)
            node = up
    return parent


def _components(keys: list[str], neighbours: Mapping[str, list[str]]) -> list[list[str]]:
    seen: set[str] = set()
    components = []
    for key in keys:
        if key in seen:
            continue
        seen.add(key)
        component = [key]
        for node in component:  # grows while iterating: a BFS
            for other in neighbours[node]:
                if other not in seen:
                    seen.add(other)
                    component.append(other)
        components.append(component)
    return components


def _bfs_parents(root: str, neighbours: Mapping[str, list[str]]) -> dict[str, str]:
    parent: dict[str, str] = {}
    seen = {root}
    level = [root]
    while level:
        best: dict[str, str] = {}
        for key in level:
            for other in neighbours[key]:
                if other in seen:
                    continue
                known = best.get(other)
                if known is None or (len(neighbours[key]), key) < (len(neighbours[known]), known):
                    best[other] = key
        level = sorted(best)
        seen.update(level)
        parent.update(best)
    return parent


def _discs(children: Mapping[object, list[str]]) -> dict[str, Position]:
    """Offset (dx, dy) of every node from its parent; iterative post-order over the forest."""
    radius: dict[object, float] = {}
    offsets: dict[str, Position] = {}
    stack: list[tuple[object, bool]] = [(_ROOT, False)]
    while stack:
        node, done = stack.pop()
        kids = children[node]
        if not done:
            stack.append((node, True))
            stack.extend((kid, False) for kid in kids)
            continue
        own = NODE_RADIUS if node is not _ROOT else 0.0
        area = 0.0
        outer = own
        for i, kid in enumerate(sorted(kids, key=lambda k: (-radius[k], k))):
            size = radius[kid]
            distance = math.sqrt(area / DENSITY + (own + size) ** 2) if i else own + size
            angle = i * GOLDEN_ANGLE
            offsets[kid] = (distance * math.cos(angle), distance * math.sin(angle))
            area += size * size
            outer = max(outer, distance + size)
        radius[node] = outer
    return offsets


def _place_free(free: list[str], neighbours: Mapping[str, list[str]], positions: dict[str, Position]) -> None:
    """Mean of placed neighbours, in rounds outwards; then nudged to a free spot nearby.

    Every free node shares a component with a placed one (`containment_layout` makes sure), so the
    rounds reach them all.
    """
    pending = set(free)
    while pending:
        placed_now: dict[str, Position] = {}
        for key in sorted(pending):
            around = [positions[other] for other in neighbours[key] if other in positions]
            if around:
                placed_now[key] = (
                    sum(x for x, _ in around) / len(around),
                    sum(y for _, y in around) / len(around),
                )
        if not placed_now:  # cannot happen (see above); keep the loop finite regardless
            placed_now = dict.fromkeys(sorted(pending), (0.0, 0.0))
        occupied = {_cell(position) for position in positions.values()}
        for key, (x, y) in placed_now.items():
            positions[key] = _free_spot(x, y, occupied)
            pending.discard(key)


def _cell(position: Position) -> tuple[int, int]:
    return int(position[0] // SPACING), int(position[1] // SPACING)


def _free_spot(x: float, y: float, occupied: set[tuple[int, int]]) -> Position:
    for i in range(FREE_SPOT_TRIES):
        distance = SPACING * 0.8 * math.sqrt(i)
        spot = (x + distance * math.cos(i * GOLDEN_ANGLE), y + distance * math.sin(i * GOLDEN_ANGLE))
        if _cell(spot) not in occupied:
            occupied.add(_cell(spot))
            return spot
    return x, y


__all__ = ["containment_layout"]
