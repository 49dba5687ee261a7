"""build_threads: reply trees that read like the page when sorted by path."""

from __future__ import annotations

import random

import pytest

from archiver.normalize.threads import build_threads, dedupe_comments


def c(cid, parent=None, **extra):
    return {"id": cid, "parent_id": parent, **extra}


def shape(threads):
    return [(t["id"], t["depth"], t["root_id"], t["position"], t["path"], t["parent_missing"])
            for t in threads]


def test_a_simple_thread_gets_depth_root_position_and_path():
    comments = [c("1"), c("2", "1"), c("3", "2"), c("4", "1"), c("5")]
    assert shape(build_threads(comments)) == [
        ("1", 0, "1", 0, "0001", False),
        ("2", 1, "1", 1, "0001.0001", False),
        ("3", 2, "1", 2, "0001.0001.0001", False),
        ("4", 1, "1", 3, "0001.0002", False),
        ("5", 0, "5", 4, "0002", False),
    ]


def test_replies_printed_after_later_comments_are_regrouped_under_their_parent():
    # Flat pages (or a second comment page) list a reply after unrelated comments.
    comments = [c("a"), c("b"), c("a1", "a"), c("b1", "b"), c("a2", "a")]
    out = build_threads(comments)
    assert [t["id"] for t in out] == ["a", "a1", "a2", "b", "b1"]
    assert [t["path"] for t in out] == ["0001", "0001.0001", "0001.0002", "0002", "0002.0001"]


def test_deep_nesting_to_depth_five():
    comments = [c("r")] + [c(f"d{i}", "r" if i == 1 else f"d{i - 1}") for i in range(1, 6)]
    out = build_threads(comments)
    assert [t["depth"] for t in out] == [0, 1, 2, 3, 4, 5]
    assert out[-1]["path"] == ".".join(["0001"] * 6)
    assert {t["root_id"] for t in out} == {"r"}


def test_very_deep_threads_do_not_hit_the_recursion_limit():
    comments = [c("0")] + [c(str(i), str(i - 1)) for i in range(1, 3000)]
    out = build_threads(comments)
    assert out[-1]["depth"] == 2999 and out[-1]["root_id"] == "0"


def test_sorting_paths_as_strings_gives_the_reading_order():
    rng = random.Random(7)
    comments = []
    for i in range(400):
        parent = rng.choice([None, None, *[x["id"] for x in comments[-30:]]])
        comments.append(c(f"c{i}", parent))
    out = build_threads(comments)
    assert sorted(out, key=lambda t: t["path"]) == out
    assert [t["position"] for t in out] == list(range(len(out)))
    # Every reply's path extends its parent's path by one segment.
    by_id = {t["id"]: t for t in out}
    for t in out:
        if t["parent_id"]:
            assert t["path"].rsplit(".", 1)[0] == by_id[t["parent_id"]]["path"]
            assert t["depth"] == by_id[t["parent_id"]]["depth"] + 1


def test_siblings_keep_their_page_order():
    comments = [c("p"), c("z", "p"), c("a", "p"), c("m", "p")]
    assert [t["id"] for t in build_threads(comments)] == ["p", "z", "a", "m"]


def test_orphan_replies_are_kept_and_flagged_under_a_virtual_parent():
    comments = [c("1"), c("o1", "gone"), c("2"), c("o2", "gone"), c("o3", "other"),
                c("o1r", "o1")]
    out = build_threads(comments)
    assert shape(out) == [
        ("1", 0, "1", 0, "0001", False),
        ("o1", 1, "gone", 1, "0002.0001", True),
        ("o1r", 2, "gone", 2, "0002.0001.0001", False),
        ("o2", 1, "gone", 3, "0002.0002", True),
        ("2", 0, "2", 4, "0003", False),
        ("o3", 1, "other", 5, "0004.0001", True),
    ]
    assert out[1]["parent_id"] == "gone"  # never rewritten: the store keeps the link


def test_self_parent_and_cycles_terminate_and_are_flagged():
    comments = [c("1"), c("s", "s"), c("a", "b"), c("b", "a"), c("a1", "a")]
    out = build_threads(comments)
    assert shape(out) == [
        ("1", 0, "1", 0, "0001", False),
        ("s", 0, "s", 1, "0002", True),
        # the cycle breaks at "a", the member printed first
        ("a", 0, "a", 2, "0003", True),
        ("b", 1, "a", 3, "0003.0001", False),
        ("a1", 1, "a", 4, "0003.0002", False),
    ]
    assert out[2]["parent_id"] == "b"


def test_a_longer_cycle_with_a_tail_breaks_at_the_first_printed_member():
    comments = [c("tail", "y"), c("x", "z"), c("y", "x"), c("z", "y")]
    out = build_threads(comments)
    assert [(t["id"], t["depth"], t["parent_missing"]) for t in out] == [
        ("x", 0, True), ("y", 1, False), ("tail", 2, False), ("z", 2, False)]


def test_a_comment_seen_on_two_pages_is_kept_once_at_its_first_place():
    comments = [c("1", text="first"), c("2"), c("1", text="again"), c("3", "1")]
    out = build_threads(comments)
    assert [t["id"] for t in out] == ["1", "3", "2"]
    assert out[0]["text"] == "first"
    assert dedupe_comments(comments)[1] == 1


def test_comments_without_ids_are_never_dropped():
    out = build_threads([c(None), c(None), c("x")])
    assert len(out) == 3


@pytest.mark.parametrize(("siblings", "width"), [(9999, 4), (10000, 5), (10001, 5)])
def test_path_width_grows_with_the_largest_sibling_count(siblings, width):
    comments = [c("root")] + [c(f"r{i}", "root") for i in range(siblings)]
    out = build_threads(comments)
    assert len(out[0]["path"]) == width
    assert out[-1]["path"] == f"{'1'.zfill(width)}.{str(siblings).zfill(width)}"
    assert sorted(out, key=lambda t: t["path"]) == out


def test_top_level_count_also_sets_the_width():
    out = build_threads([c(str(i)) for i in range(10000)])
    assert out[-1]["path"] == "10000" and out[0]["path"] == "00001"


def test_input_is_not_modified_and_extra_fields_survive():
    comments = [c("1", text="hi", depth=7), c("2", "1", text="yo")]
    before = [dict(x) for x in comments]
    out = build_threads(comments)
    assert comments == before
    assert out[0]["text"] == "hi" and out[0]["depth"] == 0


def test_empty_input():
    assert build_threads([]) == []


def said(cid, author, text, page, parent=None):
    return {"id": cid, "parent_id": parent, "author": {"name": author}, "text": text,
            "source_url": page}


def test_an_id_reused_for_another_comment_keeps_both_and_reports_it():
    from archiver.normalize.threads import resolve_repeated_ids

    comments = [said("5", "Ann", "first", "p1"), said("6", "Cy", "reply", "p1", parent="5"),
                said("5", "Bob", "second", "p1")]
    kept, repeats = resolve_repeated_ids(comments)
    assert [(k["id"], k["text"]) for k in kept] == [("5", "first"), ("6", "reply"),
                                                    ("5~2", "second")]
    assert [(r["id"], r["source_url"], r["kept_as"]) for r in repeats] == [("5", "p1", "5~2")]
    assert "'5'" in repeats[0]["message"] and "p1" in repeats[0]["message"]
    # the reply still hangs under the comment first printed with its parent's id
    threads = build_threads(kept)
    assert [(t["id"], t["depth"]) for t in threads] == [("5", 0), ("6", 1), ("5~2", 0)]


def test_the_same_comment_on_overlapping_pages_is_kept_once_without_a_report():
    from archiver.normalize.threads import resolve_repeated_ids

    comments = [said("5", "Ann", "first", "p1"), said("5", "Ann", " first ", "p2")]
    kept, repeats = resolve_repeated_ids(comments)
    assert [k["source_url"] for k in kept] == ["p1"]
    assert repeats == []


def test_the_same_comment_printed_twice_on_one_page_is_reported():
    from archiver.normalize.threads import resolve_repeated_ids

    kept, repeats = resolve_repeated_ids([said("5", "Ann", "x", "p1"), said("5", "Ann", "x", "p1")])
    assert len(kept) == 1
    assert [(r["id"], r["kept_as"]) for r in repeats] == [("5", None)]


def test_a_suffixed_id_never_collides_with_one_the_page_uses():
    from archiver.normalize.threads import resolve_repeated_ids

    kept, _ = resolve_repeated_ids([said("5", "A", "a", "p"), said("5~2", "B", "b", "p"),
                                    said("5", "C", "c", "p"), said("5", "D", "d", "p")])
    assert [k["id"] for k in kept] == ["5", "5~2", "5~3", "5~4"]
