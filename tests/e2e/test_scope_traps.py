"""End to end: a blog with three crawler traps (an infinite calendar, a listing whose
`?page=N` never ends, session ids in paths) beside its real articles. The crawl must end on
its own, archive the articles, spend well under a few hundred requests on each trap and
say which bound stopped what.

Also: a blog whose comments carry like, dislike, flag and reply links (plain GETs that
would act on a live site): none of them is requested (issue 12)."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from tests.e2e.hostile_sites import RecordingServer, article, not_found, ok
from tests.helpers import last_crawl, query, run_cli

pytestmark = pytest.mark.slow

# A safety net for the code before the bounds existed: there the crawl would never end.
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CLOSESPIDER_PAGECOUNT=3000"]
ARTICLES = [f"/2024/05/article-{name}/" for name in ("one", "two", "three", "four", "five")]
WORDS = ["amber", "basil", "cedar", "delta", "ember", "fjord", "grove", "heron", "indigo",
         "juniper", "kestrel", "lumen", "meadow", "nectar", "opal", "prism"]


def unique_words(key: str) -> str:
    """Different words for every key, so that pages differ beyond their digits."""
    digest = hashlib.sha256(key.encode()).digest()
    return " ".join(WORDS[b % len(WORDS)] for b in digest[:8])


def session_link(path: str) -> str:
    return f"/;jsessionid={uuid.uuid4().hex.upper()}{path}"


def trap_routes():
    def page(body: str) -> tuple[int, dict[str, str], bytes]:
        return ok(f"<html><head><title>t</title></head><body>{body}</body></html>")

    def route(path: str):
        if path.startswith("/;jsessionid="):
            # The session id is only in the path; every link it prints carries a new one.
            path = "/" + path.split("/", 2)[2]
            if path in ARTICLES:
                more = "".join(f'<a href="{session_link(p)}">more</a> ' for p in ARTICLES)
                return ok(article(f"Article {path.split('-')[-1].strip('/')}", extra=more))
        if path == "/":
            links = " ".join(f'<a href="{p}">{p}</a>' for p in ARTICLES)
            return page(f"<h1>Blog</h1>{links} <a href='/calendar/2024/05/'>calendar</a> "
                        f"<a href='/list/?page=1'>all posts</a> "
                        f"<a href='{session_link(ARTICLES[0])}'>members</a>")
        if path in ARTICLES:
            more = "".join(f'<a href="{session_link(p)}">more</a> ' for p in ARTICLES)
            return ok(article(f"Article {path.split('-')[-1].strip('/')}", extra=more))
        if path.startswith("/calendar/"):
            parts = [int(p) for p in path.strip("/").split("/")[1:]]
            year, month = parts[0], parts[1]
            before = (year, month - 1) if month > 1 else (year - 1, 12)
            after = (year, month + 1) if month < 12 else (year + 1, 1)
            days = " ".join(f"<a href='/calendar/{year}/{month:02d}/{day:02d}/'>{day}</a>"
                            for day in (1, 15))
            return page(f"<h1>Events {year}-{month}</h1><p>{unique_words(path)}</p>{days}"
                        f"<a href='/calendar/{before[0]}/{before[1]:02d}/'>previous</a>"
                        f"<a href='/calendar/{after[0]}/{after[1]:02d}/'>next</a>")
        if path.startswith("/list/?page="):
            number = int(path.rsplit("=", 1)[1])
            shown = ARTICLES[(number - 1) * 3:number * 3]
            listed = "".join(f"<li><a href='{p}'>{p}</a></li>" for p in shown) or \
                "<li>No more posts.</li>"
            return page(f"<h1>All posts, page {number}</h1><ul>{listed}</ul>"
                        f"<a href='/list/?page={number + 1}'>older</a>")
        return not_found()

    return route


@pytest.fixture(scope="module")
def trap_crawl(tmp_path_factory):
    with RecordingServer(trap_routes()) as site:
        db = tmp_path_factory.mktemp("traps") / "traps.db"
        result = run_cli("crawl", site.base_url + "/", "--db", str(db), *FAST)
        yield result, db, list(site.requests)


def spent(requests: list[str]) -> dict[str, int]:
    return {
        "calendar": sum(p.startswith("/calendar/") for p in requests),
        "listing": sum(p.startswith("/list/") for p in requests),
        "session": sum(p.startswith("/;jsessionid=") for p in requests),
    }


def test_traps_are_bounded_and_the_articles_archived(trap_crawl):
    result, db, requests = trap_crawl
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert last_crawl(db)["finish_reason"] == "finished"
    per_trap = spent(requests)
    print("requests per trap:", per_trap, "total:", len(requests))
    assert all(count < 300 for count in per_trap.values()), per_trap
    titles = {row["title"] for row in query(db, "select title from articles")}
    assert titles == {f"Article {name}" for name in ("one", "two", "three", "four", "five")}


def test_each_bound_is_counted_and_recorded_once_per_shape(trap_crawl):
    _, db, _ = trap_crawl
    stats = last_crawl(db)["stats"]
    assert stats.get("archiver/traps/shape_budget", 0) >= 1, stats
    assert stats.get("archiver/traps/duplicate_content", 0) >= 1, stats
    assert stats.get("archiver/traps/session_id", 0) >= 1, stats
    notices = query(db, "select url, message from errors where kind = 'trap'")
    assert 3 <= len(notices) <= 8, notices  # per shape and reason, not per URL
    messages = " ".join(row["message"] for row in notices)
    assert "calendar/{n}/{n}/" in messages and "session id" in messages
    assert "?page={n}" in messages


# --- action links ---------------------------------------------------------------------

def comment_actions(cid: int) -> str:
    return (f'<div class="actions"><a href="/comments/{cid}/like/">Like</a> '
            f'<a href="/comments/{cid}/dislike/">Dislike</a> '
            f'<a href="/comment.php?action=flag&amp;id={cid}">Flag</a> '
            f'<a rel="nofollow" href="/reply-form/?to={cid}">Reply</a> '
            f'<a href="?replytocom={cid}#respond">Reply</a> '
            f'<a href="/vote.php?c={cid}&amp;dir=up">+1</a> '
            f'<a href="/wp-login.php?redirect_to=/">Log in to reply</a></div>')


def action_routes():
    posts = {f"/2024/06/post-{n}/": article(
        f"Post {n}", comments=[(n * 10 + k, f"Reader {k}", f"Comment {k}") for k in range(3)],
        comment_links=comment_actions) for n in range(1, 4)}

    def route(path: str):
        if path == "/":
            return ok("<html><body>" + " ".join(f'<a href="{p}">{p}</a>' for p in posts)
                      + "</body></html>")
        base = path.split("?", 1)[0]
        if base in posts and "?" not in path:
            return ok(posts[base])
        return not_found()

    return route


def test_comment_action_links_are_never_requested(tmp_path):
    with RecordingServer(action_routes()) as site:
        db = tmp_path / "actions.db"
        result = run_cli("crawl", site.base_url + "/", "--db", str(db), *FAST)
        requests = list(site.requests)
    assert result.returncode == 0, result.stderr
    pages = {"/", "/robots.txt", "/sitemap.xml"} | {f"/2024/06/post-{n}/" for n in (1, 2, 3)}
    assert set(requests) == pages, sorted(set(requests) - pages)
    assert query(db, "select count(*) as n from comments")[0]["n"] == 9
    stats = last_crawl(db)["stats"]
    skipped = {key.rsplit("/", 1)[1]: value for key, value in stats.items()
               if key.startswith("archiver/links/skipped/action/")}
    for reason in ("vote", "flag", "reply", "account", "nofollow"):
        assert skipped.get(reason, 0) >= 1, (reason, skipped)

