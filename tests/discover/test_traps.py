"""TrapGuard: bounds on link following (pure)."""

from __future__ import annotations

from archiver.discover.traps import TrapGuard, session_free, url_shape


def test_shapes_replace_numbers_and_ids_and_sort_query_keys():
    assert url_shape("http://h/calendar/2031/07/") == url_shape("http://h/calendar/1999/1/")
    assert url_shape("http://h/list/?page=7&tag=x") == url_shape("http://h/list/?tag=x&page=99")
    assert url_shape("http://h/p/5f3a9c2b1e4d6a7b8c9d/") == url_shape("http://h/p/0a1b2c3d4e5f6a7b8c/")
    assert url_shape("http://h/2024/05/one-slug/") != url_shape("http://h/2024/05/other-slug/")
    assert url_shape("http://h/;jsessionid=A1/a/") == url_shape("http://h/a/")


def test_session_ids_are_stripped_and_nothing_else():
    assert session_free("http://h/;jsessionid=XYZ123/2024/05/a/") == "http://h/2024/05/a/"
    assert session_free("http://h/a/;jsessionid=XYZ") == "http://h/a/"
    assert session_free("http://h/(S(abcdefgh12345))/a/") == "http://h/a/"
    assert session_free("http://h/a/?sid=abc&page=2") == "http://h/a/?page=2"
    for url in ("http://h/a/?q=a%20b", "http://h/p/5f3a9c2b1e4d6a7b8c9d/", "http://h/a;b/"):
        assert session_free(url) == url


def test_a_shape_of_non_articles_stops_at_its_budget_and_is_reported_once():
    guard = TrapGuard(shape_budget=10)
    stops = []
    for month in range(50):
        stop = guard.admit(f"http://h/calendar/2030/{month}/", depth=month + 1)
        if stop is None:
            guard.page(f"http://h/calendar/2030/{month}/", f"<p>events {month}</p>".encode()
                       + bytes([65 + month % 26]) * month, is_article=False)
        else:
            stops.append(stop)
    assert len(stops) == 40
    assert {s.reason for s in stops} == {"shape_budget"}
    assert [s.first for s in stops].count(True) == 1
    assert "calendar/{n}/{n}/" in stops[0].message


def test_articles_of_one_shape_do_not_spend_the_budget():
    guard = TrapGuard(shape_budget=5)
    for number in range(200):
        url = f"http://h/p/{number}"
        assert guard.admit(url, depth=2) is None
        guard.page(url, f"article {number}".encode(), is_article=True)


def test_repeated_content_stops_a_shape():
    guard = TrapGuard(duplicate_limit=3)
    results = []
    for number in range(10):
        url = f"http://h/list/?page={number}"
        if guard.admit(url, depth=number + 1) is not None:
            results.append("refused")
            continue
        # Past the end every page says the same, but for its number.
        stop = guard.page(url, f"<h1>Page {number}</h1><p>Nothing here.</p>".encode(), False)
        results.append(stop.reason if stop else "ok")
    assert results == ["ok", "ok", "ok", "duplicate_content"] + ["refused"] * 6


def test_session_variants_of_a_followed_url_are_refused():
    guard = TrapGuard()
    assert guard.admit("http://h/;jsessionid=AAA111/a/", 1) is None
    stop = guard.admit("http://h/;jsessionid=BBB222/a/", 2)
    assert stop is not None and stop.reason == "session_id"
    assert guard.admit("http://h/a/", 2).reason == "session_id"
    assert guard.admit("http://h/;jsessionid=CCC333/b/", 2) is None  # another page
    assert guard.admit("http://h/;jsessionid=AAA111/a/", 3) is None  # the same URL again


def test_depth_bound():
    guard = TrapGuard(max_depth=3)
    assert guard.admit("http://h/x/", 3) is None
    assert guard.admit("http://h/y/", 4).reason == "depth"
    assert TrapGuard(max_depth=0).admit("http://h/z/", 10_000) is None  # 0: no bound
