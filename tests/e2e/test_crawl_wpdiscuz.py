"""End to end: a WordPress post whose wpDiscuz thread prints its first comments and loads
the rest by "load more", crawled through the CLI with the plugin's admin-ajax.php answers
(tests/fixtures/platforms/wpdiscuz/) replayed on loopback for exactly the POSTs its script
sends."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import pytest

from tests.helpers import ReplayHandler, crawl_into, serve_on_loopback

pytestmark = pytest.mark.slow

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "platforms" / "wpdiscuz"
POST = "/field-day/"
LOADS = {("1", "103"): "load-1", ("2", "95"): "load-2"}


class Blog(ReplayHandler):
    def do_GET(self) -> None:
        if self.path != POST:
            self.send_error(404)  # no REST API here: wpDiscuz's own AJAX is the way
            return
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        page = (CASES / "page.html").read_text().replace(
            "https:\\/\\/blog.example", base.replace("/", "\\/")).replace(
            "https://blog.example", base)
        self.send_body(page.encode(), "text/html")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
        case = None
        if self.path == "/wp-admin/admin-ajax.php" and form.get("action") == [
                "wpdLoadMoreComments"] and form.get("postId") == ["77"]:
            case = LOADS.get((form["offset"][0], form["lastParentId"][0]))
        if case is None:
            self.send_body(b"0", "text/html")  # what admin-ajax.php says to an unknown call
            return
        self.send_body((CASES / case / "body.json").read_bytes(), "application/json")


@pytest.fixture(scope="module")
def blog():
    with serve_on_loopback(Blog) as url:
        yield url


def test_a_wpdiscuz_thread_is_archived_from_the_page_and_every_load_more(blog, tmp_path):
    con = crawl_into(blog + POST, tmp_path / "wpdiscuz.db", "ARCHIVER_FOLLOW_LINKS=False")
    rows = {r["native_id"]: r for r in con.execute("select * from comments")}
    assert {cid: (row["parent_native_id"], row["depth"], row["author_name"])
            for cid, row in rows.items()} == {
        "101": (None, 0, "Ann Ortiz"), "102": ("101", 1, "Dana Kim"), "103": (None, 0, "Bo"),
        "98": (None, 0, "Lee"), "99": ("98", 1, "Ann Ortiz"), "95": (None, 0, "Mo"),
        "90": (None, 0, "Sam")}
    assert rows["101"]["published"] == "2024-05-04T09:30:00Z"
    assert rows["102"]["is_post_author"] == 1
    article = con.execute("select * from articles").fetchone()
    assert article["comment_platform"] == "wpdiscuz"
    assert (article["thread_complete"], article["thread_incomplete_reason"]) == (1, None)
    assert con.execute("select count(*) from errors").fetchone()[0] == 0
