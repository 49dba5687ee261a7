"""The `archiver` command: a thin shell over the library.

Each command parses its options, calls one library function and prints the result; library
errors (ArchiverError) become one clear message and exit status 1, never a traceback.
Examples in the help are `\\b` paragraphs: click prints them as written, never rewrapped
(a rewrapped command line breaks at the hyphen of an option).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from archiver import __version__
from archiver.errors import friendly_errors


def db_option(default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--db", "db", default=default, show_default=True,
                        type=click.Path(dir_okay=False), help="SQLite archive to write.")


profile_option = click.option(
    "--profile", "profile", type=click.Path(dir_okay=False),
    help="Site profile (TOML) with selectors, URL patterns, time zone.",
)
verbose_option = click.option("-v", "--verbose", is_flag=True,
                              help="Show Scrapy's log (INFO) instead of warnings only.")


@click.group()
@click.version_option(__version__, prog_name="archiver")
def main() -> None:
    """Archive commentary sites - articles and their reader comment threads - into SQLite."""


@main.command()
@db_option("data/demo.db")
@click.option("--articles", default=60, show_default=True, type=click.IntRange(1, 100_000),
              help="Size of the generated demo site.")
@click.option("--seed", default=2024, show_default=True, type=int,
              help="Seed of the generated demo site.")
@verbose_option
@friendly_errors
def demo(db: str, articles: int, seed: int, verbose: bool) -> None:
    """Generate the bundled demo magazine, serve it on loopback, crawl it, check it.

    Works offline. The archive is rebuilt from scratch each time.

    \b
    Example:
      archiver demo --db data/demo.db
    """
    from archiver.demo.job import run_demo

    report = run_demo(db=db, n_articles=articles, seed=seed, progress=sys.stderr.isatty(),
                      verbose=verbose)
    click.echo(report.render())
    if report.mismatches:
        raise click.ClickException(f"{len(report.mismatches)} mismatches against ground truth")


@main.command()
@click.argument("url", required=False)
@profile_option
@db_option("data/archive.db")
@click.option("--max-articles", type=click.IntRange(0), default=None,
              help="Stop after this many articles (0: no limit).")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="A Scrapy or ARCHIVER_ setting, as with `scrapy crawl -s`. Repeatable.")
@click.option("--full", is_flag=True,
              help="Fetch everything, without validators or the refresh schedule "
                   "(crawls after the first are incremental by default).")
@verbose_option
@friendly_errors
def crawl(url: str | None, profile: str | None, db: str, max_articles: int | None,
          settings: tuple[str, ...], full: bool, verbose: bool) -> None:
    """Crawl a commentary site into the SQLite archive.

    Finds articles through robots.txt, sitemaps, feeds and listing pages, fetches every
    comment page, and upserts everything, so re-running it updates the archive in place.
    Once the site is in the archive, crawls are incremental (docs/incremental.md); every
    response is kept in WARC files next to the archive.

    \b
    Example:
      archiver crawl https://blog.example/ --db data/blog.db --max-articles 100
    """
    from archiver import crawl as crawling
    from archiver.params import CrawlParams
    from archiver.store.read import crawl_summary

    params = CrawlParams(url=url, profile=profile, db=db, max_articles=max_articles)
    overrides: dict[str, Any] = {"LOG_LEVEL": "INFO" if verbose else "WARNING",
                                 "ARCHIVER_PROGRESS": sys.stderr.isatty()}
    if full:
        overrides["ARCHIVER_FULL"] = True
    overrides.update(crawling.parse_setting_overrides(settings))
    result = crawling.run(params, overrides)
    summary = crawl_summary(result.db)
    click.echo(
        f"Crawl finished ({result.finish_reason}) in {result.elapsed:.1f}s: "
        f"{summary['articles']} articles, {summary['comments']} comments, "
        f"{summary['commenters']} commenters in {result.db}; "
        f"{summary['crawl_errors']} errors recorded this crawl."
    )
    if summary["articles"] == 0:
        raise click.ClickException(
            "no articles found: no page had article evidence (JSON-LD Article, og:type=article, "
            "hentry, a comment section); a profile with [articles] url_patterns can say which "
            "URLs are articles"
        )


@main.command()
@click.argument("path_or_url")
@click.option("--url", help="The URL a saved page was fetched from (for links and ids).")
@profile_option
@click.option("--any-page", is_flag=True,
              help="Print the result even when the page is not an article.")
@click.option("--explain-links", is_flag=True,
              help="Instead: every link on the page with what a crawl does with it "
                   "(follow, seen, thread, skip) and why.")
@click.option("--json", "as_json", is_flag=True, help="With --explain-links: print JSON.")
@friendly_errors
def extract(path_or_url: str, url: str | None, profile: str | None, any_page: bool,
            explain_links: bool, as_json: bool) -> None:
    """Show what archiver sees on one page: article and comments as JSON.

    Uses the crawl's own extraction and normalization. PATH_OR_URL is a saved HTML file or
    an http(s) URL; paginated comment pages are listed under "next", not fetched.
    --explain-links lists the page's links with the crawl's decision on each instead.

    \b
    Example:
      archiver extract saved/post.html --url https://blog.example/2024/05/post/
      archiver extract https://blog.example/2024/05/post/ --explain-links --json
    """
    from collections import Counter

    from archiver.pages import explain_links as explain
    from archiver.pages import extract_one
    from archiver.profiles import load_profile

    if explain_links:
        rows = explain(path_or_url, url=url,
                       profile=load_profile(profile) if profile else None)
        if as_json:
            click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            click.echo(f"{row['decision']:<7} {row['kind'] + '/' + row['reason']:<22} "
                       f"{row['url']}")
        counts = Counter(row["decision"] for row in rows)
        click.echo(f"{len(rows)} links: " + ", ".join(f"{n} {d}" for d, n in
                                                     counts.most_common()), err=True)
        return
    record = extract_one(path_or_url, url=url,
                         profile=load_profile(profile) if profile else None)
    if not record["is_article"] and not any_page:
        raise click.ClickException(
            f"{path_or_url}: not an article page (evidence: "
            f"{', '.join(record['article_evidence']) or 'none'}); use --any-page to see what "
            "was extracted anyway"
        )
    click.echo(json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True))


def read_db_option(default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--db", "db", default=default, show_default=True,
                        type=click.Path(dir_okay=False), help="SQLite archive to read.")


@main.command()
@read_db_option("data/archive.db")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (0.0.0.0 makes the archive public).")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@friendly_errors
def serve(db: str, host: str, port: int) -> None:
    """Browse and query the archive in Datasette, with threaded article pages.

    Adds table descriptions, full-text search, facets, canned queries and the page
    /-/thread?url=ARTICLE_URL that shows an article with its comments nested as on the site.

    \b
    Example:
      archiver serve --db data/demo.db --port 8001
    """
    from archiver import serve as serving

    # Everything that can fail is checked before "Serving ..." is printed.
    datasette = serving.prepare(db)
    sock = serving.listen(host, port)
    port = sock.getsockname()[1]  # the one chosen, with --port 0
    url = f"http://{host}:{port}" if ":" not in host else f"http://[{host}]:{port}"
    click.echo(f"Serving {db} at {url}/ (threads: {url}/-/thread) - Ctrl+C to stop")
    try:
        serving.serve(datasette, sock)
    except KeyboardInterrupt:
        pass  # Ctrl+C is how a user stops it: not an error


@main.command()
@read_db_option("data/archive.db")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Folder for the snapshot (created; a previous snapshot there is replaced).")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json",
              show_default=True,
              help="json: a file per article with its comment tree; jsonl: flat rows.")
@click.option("--site", help="Only this site (its origin or host name).")
@click.option("--since", metavar="DATE",
              help="Only articles published on or after DATE (YYYY-MM-DD or ISO 8601).")
@click.option("--gzip", "use_gzip", is_flag=True, help="Compress each file (.gz).")
@friendly_errors
def export(db: str, out: str, fmt: str, site: str | None, since: str | None,
           use_gzip: bool) -> None:
    """Write a deterministic JSON snapshot of the archive.

    The same archive gives byte-identical files (only the manifest's exported_at differs),
    so snapshots can be kept in git and diffed.

    \b
    Example:
      archiver export --db data/demo.db --out snapshots/demo
    """
    from archiver.export import export_archive

    result = export_archive(db, out, fmt=fmt, site=site, since=since, use_gzip=use_gzip)
    click.echo(f"Exported {result.articles} articles and {result.comments} comments from "
               f"{result.sites} site(s) to {result.out} ({result.format}, "
               f"{len(result.files)} files).")


@main.command(name="import")
@click.argument("snapshot_dir", type=click.Path(file_okay=False))
@db_option("data/archive.db")
@friendly_errors
def import_(snapshot_dir: str, db: str) -> None:
    """Load a snapshot made by `archiver export` into an archive.

    Rows are upserted by their keys, as a crawl would: nothing in the archive is deleted.
    Files that cannot be read are listed in the archive's errors table and skipped.

    \b
    Example:
      archiver import snapshots/demo --db data/restored.db
    """
    from archiver.export import import_into_archive

    result = import_into_archive(snapshot_dir, db)
    a, c = result.articles, result.comments
    click.echo(f"Imported into {db}: articles {a['new']} new, {a['changed']} changed, "
               f"{a['unchanged']} unchanged; comments {c['new']} new, {c['changed']} changed, "
               f"{c['unchanged']} unchanged.")
    if result.errors:
        click.echo(f"{len(result.errors)} problems recorded in the errors table "
                   f"(crawl {result.crawl_id}), first: {result.errors[0]}", err=True)
        raise SystemExit(1)


@main.command()
@db_option("data/archive.db")
@click.option("--warcs", "warcs", type=click.Path(file_okay=False),
              help="Folder of WARC files [default: <db>-warc/ next to the archive].")
@click.option("--url", help="Start URL [default: the one the WARCs were crawled from].")
@profile_option
@verbose_option
@friendly_errors
def reparse(db: str, warcs: str | None, url: str | None, profile: str | None,
            verbose: bool) -> None:
    """Re-extract the archive from its WARC files, offline, and report what changed.

    Runs the crawl's own extraction, normalization and store over the captured responses
    (after an extractor fix, say); no request goes to the network. With --warcs and a new
    --db it rebuilds an archive from the WARCs alone.

    \b
    Example:
      archiver reparse --db data/blog.db
    """
    from archiver.reparse import reparse as run_reparse

    overrides = {"LOG_LEVEL": "INFO" if verbose else "WARNING",
                 "ARCHIVER_PROGRESS": sys.stderr.isatty()}
    result = run_reparse(db, warc_dir=warcs, url=url, profile=profile, overrides=overrides)
    click.echo(result.render())


@main.command()
@read_db_option("data/archive.db")
@click.option("--warcs", "warcs", type=click.Path(file_okay=False),
              help="Folder of WARC files [default: <db>-warc/ next to the archive].")
@friendly_errors
def doctor(db: str, warcs: str | None) -> None:
    """Check an archive: integrity, orphans, search index, WARC links, unfinished imports.

    Also counts comments an earlier archiver marked deleted when a better extraction only
    gave them a new id (comments the page prints without ids of their own): the next
    complete save of their article (a crawl or `archiver reparse`) marks them superseded.
    Changes nothing. Prints one line per check, and for each problem what to do; exits 1 when
    there is a problem, 0 when the archive is healthy.

    Example: archiver doctor --db data/blog.db
    """
    from archiver.doctor import check_archive

    report = check_archive(db, warcs)
    click.echo(report.render())
    if not report.healthy:
        raise SystemExit(1)


@main.command()
@click.argument("site_or_profile")
@click.option("--every", required=True, help="How often: 30m, 1h, 6h, 1d ...")
@db_option("data/archive.db")
@click.option("--install", "how", type=click.Choice(["cron", "systemd"]),
              help="Write the cron.d file or the systemd units (else only print them).")
@click.option("--dest", type=click.Path(file_okay=False), envvar="ARCHIVER_SCHEDULE_DIR",
              help="Folder to install into [default: /etc/cron.d or /etc/systemd/system; "
                   "env ARCHIVER_SCHEDULE_DIR].")
@friendly_errors
def schedule(site_or_profile: str, every: str, db: str, how: str | None,
             dest: str | None) -> None:
    """Print (or install) a crontab line or systemd timer that crawls a site regularly.

    SITE_OR_PROFILE is a URL or a profile file. Later crawls are incremental, and the
    archive's lock makes an overlapping run exit at once.

    \b
    Example:
      archiver schedule https://blog.example/ --every 1h --db data/blog.db
    """
    from archiver import schedule as scheduling

    plan = scheduling.build(site_or_profile, every, db)
    if how is None:
        click.echo("# crontab -e, then add:")
        click.echo(scheduling.crontab_line(plan))
        for name, content in plan.files.items():
            click.echo(f"\n# systemd: /etc/systemd/system/{name}")
            click.echo(content, nl=False)
        click.echo(f"\n# then: systemctl daemon-reload && systemctl enable --now {plan.name}.timer")
        return
    for path in scheduling.install(plan, how, dest):
        click.echo(f"wrote {path}")
    if how == "systemd":
        click.echo(f"activate: systemctl daemon-reload && systemctl enable --now {plan.name}.timer")


from archiver.fleet.cli import fleet  # noqa: E402 - the group lives in its own module

main.add_command(fleet)

if __name__ == "__main__":  # pragma: no cover
    main()
