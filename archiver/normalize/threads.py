"""Comment lists (page order, with parent ids) into threads the store can sort by path.

Rules, all deterministic:

- Siblings keep their page order. `position` is the 0-based pre-order index over the whole
  article; `path` is one fixed-width, 1-based sibling number per level joined by "."
  ("0001.0003"), so sorting paths as strings gives the reading order. The width is
  max(4, digits of the largest sibling count in the article).
- An orphan (its `parent_id` names no comment in the list) is kept and flagged
  `parent_missing`. Orphans of the same missing parent sit under one virtual parent that
  takes a top-level slot where the first of them appears; they get depth 1 and `root_id`
  = the missing parent's id. The virtual parent itself produces no record.
- A self-parent or a parent cycle (a -> b -> a) is broken at the cycle member that appears
  first on the page: it becomes top level (depth 0, its own root) with `parent_missing`
  True; its `parent_id` is left as given so nothing is lost.
- The same comment id seen twice (overlapping comment pages) keeps the first occurrence;
  later ones are dropped. `dedupe_comments` reports how many. Before that, the crawler
  calls `resolve_repeated_ids`: an id reused for different content is no overlap but a
  second comment, kept under a suffixed id, and every repeat is reported.
"""

from __future__ import annotations

from typing import Any


def _norm_id(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def dedupe_comments(comments: list[dict]) -> tuple[list[dict], int]:
    """(comments without repeated ids, number dropped). The first occurrence wins, because
    it is the one in page order; comments without an id are never dropped."""
    seen: set[str] = set()
    kept: list[dict] = []
    dropped = 0
    for c in comments:
        cid = _norm_id(c.get("id"))
        if cid is not None:
            if cid in seen:
                dropped += 1
                continue
            seen.add(cid)
        kept.append(c)
    return kept, dropped


def _content(comment: dict) -> tuple:
    """What makes two comments under one id the same comment printed twice: its words and
    who wrote them. Not the date: a relative one ("3 hours ago") moves between pages."""
    author = comment.get("author") or {}
    return (" ".join(str(comment.get("text") or "").split()), author.get("name"))


def resolve_repeated_ids(comments: list[dict]) -> tuple[list[dict], list[dict]]:
    """(comments with no id standing for two contents, the repeats found).

    A repeat with the first one's content is the same comment shown twice: dropped, and
    reported only when one page shows it twice (overlapping comment pages are normal). A
    repeat with other content is a second comment: kept, as a copy under the id
    ``"<id>~2"`` (``~3`` ...), and reported. Each report is ``{"id", "source_url",
    "kept_as" (the new id, or None when dropped), "message"}``.
    """
    # (id, content) -> the page it was first read from
    by_content: dict[tuple[str, tuple], str | None] = {}
    used: set[str] = {cid for c in comments if (cid := _norm_id(c.get("id"))) is not None}
    seen: set[str] = set()
    kept: list[dict] = []
    repeats: list[dict] = []
    for c in comments:
        cid = _norm_id(c.get("id"))
        if cid is None:
            kept.append(c)
            continue
        source = c.get("source_url")
        if cid not in seen:
            seen.add(cid)
            by_content[(cid, _content(c))] = source
            kept.append(c)
            continue
        if (cid, _content(c)) in by_content:
            if source and source == by_content[(cid, _content(c))]:
                repeats.append({"id": cid, "source_url": source, "kept_as": None,
                                "message": f"comment id {cid!r} printed twice on {source}: "
                                           "the same comment, kept once"})
            continue
        n = 2
        while f"{cid}~{n}" in used:
            n += 1
        new_id = f"{cid}~{n}"
        used.add(new_id)
        by_content[(cid, _content(c))] = source
        kept.append({**c, "id": new_id})
        repeats.append({"id": cid, "source_url": source, "kept_as": new_id,
                        "message": f"comment id {cid!r} reused on {source or 'the page'} for "
                                   f"another comment: kept as {new_id!r}"})
    return kept, repeats


def build_threads(comments: list[dict]) -> list[dict]:
    """Copies of `comments` in thread reading order with ``depth``, ``root_id``,
    ``position``, ``path`` and ``parent_missing`` set (see the module docstring)."""
    nodes, _ = dedupe_comments(list(comments or ()))
    n = len(nodes)
    ids = [_norm_id(c.get("id")) for c in nodes]
    index_of: dict[str, int] = {cid: i for i, cid in enumerate(ids) if cid is not None}
    parents = [_norm_id(c.get("parent_id")) for c in nodes]

    # parent_index[i]: index of the parent in `nodes`, or None (top level / orphan).
    parent_index: list[int | None] = [None] * n
    orphan_of: list[str | None] = [None] * n  # the missing parent's id, for orphans
    broken = [False] * n  # self-parents and cycle breakers
    for i, pid in enumerate(parents):
        if pid is None:
            continue
        if pid == ids[i]:
            broken[i] = True
        elif pid in index_of:
            parent_index[i] = index_of[pid]
        else:
            orphan_of[i] = pid

    children: list[list[int]] = [[] for _ in range(n)]
    for i, p in enumerate(parent_index):
        if p is not None:
            children[p].append(i)  # page order, since i grows

    _break_cycles(parent_index, children, broken)

    # Top-level slots in order of first appearance: a real comment or a virtual parent.
    slots: list[tuple[str, Any]] = []
    virtual: dict[str, list[int]] = {}
    for i in range(n):
        if parent_index[i] is not None:
            continue
        if orphan_of[i] is not None:
            group = virtual.get(orphan_of[i])
            if group is None:
                virtual[orphan_of[i]] = group = []
                slots.append(("virtual", orphan_of[i]))
            group.append(i)
        else:
            slots.append(("node", i))

    largest = max([len(slots), *(len(ch) for ch in children),
                   *(len(g) for g in virtual.values())], default=0)
    width = max(4, len(str(largest)))

    def seg(k: int) -> str:
        return str(k + 1).zfill(width)

    out: list[dict] = []

    def emit(start: int, start_path: str, start_depth: int, root_id: Any,
             missing: bool) -> None:
        # Iterative pre-order: real threads can be hundreds of levels deep.
        stack: list[tuple[int, str, int, bool]] = [(start, start_path, start_depth, missing)]
        while stack:
            i, path, depth, flag = stack.pop()
            record = dict(nodes[i])
            record.update({"depth": depth, "root_id": root_id, "position": len(out),
                           "path": path, "parent_missing": flag})
            out.append(record)
            for k in range(len(children[i]) - 1, -1, -1):
                stack.append((children[i][k], f"{path}.{seg(k)}", depth + 1, False))

    for slot_no, (kind, value) in enumerate(slots):
        if kind == "node":
            emit(value, seg(slot_no), 0, nodes[value].get("id"), broken[value])
        else:
            for k, i in enumerate(virtual[value]):
                emit(i, f"{seg(slot_no)}.{seg(k)}", 1, nodes[i].get("parent_id"), True)
    return out


def _break_cycles(parent_index: list[int | None], children: list[list[int]],
                  broken: list[bool]) -> None:
    """Detach the first-on-page member of every parent cycle, in place."""
    n = len(parent_index)
    state = [0] * n  # 0 unknown, 1 on the current walk, 2 reaches a top-level comment
    for start in range(n):
        walk: list[int] = []
        i: int | None = start
        while i is not None and state[i] == 0:
            state[i] = 1
            walk.append(i)
            i = parent_index[i]
        if i is not None and state[i] == 1:
            # The walk came back to itself: the cycle is the part of it from i on.
            cycle = walk[walk.index(i):]
            breaker = min(cycle)
            children[parent_index[breaker]].remove(breaker)  # type: ignore[index]
            parent_index[breaker] = None
            broken[breaker] = True
        for j in walk:
            state[j] = 2
