"""build_threads on arbitrary reply graphs (orphans, self-parents, cycles, repeats)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archiver.normalize.threads import build_threads


@st.composite
def comment_lists(draw):
    n = draw(st.integers(min_value=0, max_value=40))
    ids = draw(st.lists(st.one_of(st.integers(0, 60).map(str), st.none(), st.just(" ")),
                        min_size=n, max_size=n))
    # Parents: an earlier or later id (cycles), a missing one (orphans), itself, or none.
    parents = draw(st.lists(st.one_of(st.none(), st.integers(0, 60).map(str), st.just("")),
                            min_size=n, max_size=n))
    return [{"id": cid, "parent_id": pid, "text": f"comment {k}"}
            for k, (cid, pid) in enumerate(zip(ids, parents, strict=True))]


def _kept_once(comments):
    """What must come out: the first comment of each id, and every comment without one."""
    seen, out = set(), []
    for c in comments:
        cid = c["id"] if c["id"] is not None and c["id"].strip() else None
        if cid is not None:
            if cid in seen:
                continue
            seen.add(cid)
        out.append(c["text"])
    return out


@settings(max_examples=400, deadline=None)
@given(comments=comment_lists())
def test_every_comment_is_kept_in_pre_order_with_consistent_depths(comments):
    threads = build_threads(comments)
    assert sorted(t["text"] for t in threads) == sorted(_kept_once(comments))
    assert [t["position"] for t in threads] == list(range(len(threads)))
    paths = [t["path"] for t in threads]
    assert paths == sorted(paths) and len(set(paths)) == len(paths)

    by_path = {t["path"]: t for t in threads}
    for t in threads:
        assert t["depth"] == t["path"].count(".")
        parent_path = t["path"].rpartition(".")[0]
        if parent_path in by_path:
            parent = by_path[parent_path]
            assert t["depth"] == parent["depth"] + 1
            assert t["parent_id"] == parent["id"] and not t["parent_missing"]
            assert t["root_id"] == parent["root_id"]
        elif parent_path:
            # Under a virtual parent: an orphan of a comment that is not in the list.
            ids = {x["id"] for x in threads}
            assert t["parent_missing"] and t["depth"] == 1
            assert t["root_id"] == t["parent_id"] and t["parent_id"] not in ids
        else:
            assert t["depth"] == 0 and t["root_id"] == t["id"]
            # Top level: no parent, or a broken self-parent/cycle, flagged.
            has_parent = t["parent_id"] is not None and t["parent_id"].strip()
            assert bool(t["parent_missing"]) == bool(has_parent)


@settings(max_examples=200, deadline=None)
@given(depth=st.integers(min_value=1, max_value=600))
def test_a_deep_chain_is_one_thread(depth):
    chain = [{"id": str(i), "parent_id": str(i - 1) if i else None, "text": ""}
             for i in range(depth)]
    threads = build_threads(list(reversed(chain)))
    assert [t["depth"] for t in threads] == list(range(depth))
