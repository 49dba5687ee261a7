"""The Datasette plugin: the threaded page of an article at ``/-/thread?url=...``.

Registered under the ``datasette`` entry point (pyproject.toml), so it is active in any
Datasette run where archiver is installed, and by ``archiver serve`` in any case. Its
templates sit in ``templates/`` beside this module, where Datasette looks for them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape
from sqlite_utils import Database

from archiver.serve.sanitize import clean_html, http_url
from archiver.store.read import article_snapshot

ARCHIVE_TABLES = ("articles", "comments")
INDEX_LIMIT = 500


def thread_path(database: str, url: str) -> str:
    return "/-/thread?" + urlencode({"db": database, "url": url})


def shown_thread(comments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The thread as the site shows it: a superseded comment is also stored under the id
    that took its place (``store.supersede``), so it is left out; a reply of it that is
    not superseded itself (none should be) is shown in its place rather than lost."""
    shown: list[dict[str, Any]] = []
    for comment in comments:
        replies = shown_thread(comment["replies"])
        if comment.get("status") == "superseded":
            shown += replies
        else:
            shown.append({**comment, "replies": replies})
    return shown


def _prepare(comments: list[dict[str, Any]]) -> int:
    """Add what the template shows (clean HTML, safe links); return how many comments."""
    count = 0
    for comment in comments:
        comment["safe_html"] = clean_html(comment["html"])
        comment["author_link"] = http_url(comment["author"]["url"])
        count += 1 + _prepare(comment["replies"])
    return count


async def _archive_database(datasette: Any, name: str | None) -> Any:
    if name:
        try:
            return datasette.get_database(name)
        except KeyError:
            return None
    for database in datasette.databases.values():
        tables = await database.table_names()
        if all(t in tables for t in ARCHIVE_TABLES):
            return database
    return None


async def thread_page(datasette: Any, request: Any) -> Response:
    database = await _archive_database(datasette, request.args.get("db"))
    if database is None:
        return Response.html(
            await datasette.render_template(
                "archiver_thread.html", {"error": "No archive database is being served."},
                request=request),
            status=404)
    url = request.args.get("url")
    if not url:
        articles = await database.execute(
            "select url, title, published, archived_comment_count from articles"
            " order by published desc, url limit ?", [INDEX_LIMIT])
        rows = [dict(r) | {"href": thread_path(database.name, r["url"])} for r in articles]
        return Response.html(await datasette.render_template(
            "archiver_thread.html", {"articles": rows, "database": database.name},
            request=request))
    article = await database.execute_fn(lambda conn: article_snapshot(Database(conn), url))
    if article is None:
        return Response.html(
            await datasette.render_template(
                "archiver_thread.html",
                {"error": f"No article {url} in {database.name}.", "database": database.name},
                request=request),
            status=404)
    article["comments"] = shown_thread(article["comments"])
    shown = _prepare(article["comments"])
    article["safe_body"] = clean_html(article["body_html"])
    article["link"] = http_url(article["url"])
    return Response.html(await datasette.render_template(
        "archiver_thread.html",
        {"article": article, "comment_count": shown, "database": database.name},
        request=request))


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/thread$", thread_page)]


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str) -> Markup | None:
    # Article URLs in the tables link to the threaded page as well as to the site.
    if (table, column) in (("articles", "url"), ("comments", "article_url")) and isinstance(
        value, str
    ):
        return Markup('{} <a class="archiver-thread" href="{}">[thread]</a>').format(
            escape(value), thread_path(database, value))
    return None
