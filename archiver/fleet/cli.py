"""`archiver fleet ...`: many sites on several machines (docs/scale-out.md).

Every subcommand reads the ARCHIVER_FLEET_* settings (archiver/settings.py, overridden by
the environment, then by these options).
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

import click

from archiver.errors import friendly_errors


def _config(**options: Any) -> Any:
    from archiver.fleet.config import FleetConfig

    return FleetConfig.load(**options)


archive_option = click.option(
    "--db", "archive", type=click.Path(dir_okay=False),
    help="The central archive (default: ARCHIVER_FLEET_ARCHIVE, data/fleet/archive.db).")
shared_option = click.option(
    "--shared", type=click.Path(file_okay=False),
    help="The shared folder of job outputs (default: ARCHIVER_FLEET_SHARED, data/fleet).")
redis_option = click.option(
    "--redis", "redis_url", metavar="URL",
    help="Redis URL (default: ARCHIVER_FLEET_REDIS_URL, redis://127.0.0.1:6379/0).")


@click.group()
def fleet() -> None:
    """Archive many sites: a scheduler, workers on any number of machines, one ingester.

    Workers take one site job at a time from Redis (Dramatiq), each an `archiver crawl`
    into its own output in the shared folder; the ingester merges finished outputs into
    the central archive. See docs/scale-out.md.

    \b
    Example:
      archiver fleet add sites.txt --every 1d
      archiver fleet schedule     # from cron or a systemd timer
      archiver fleet worker       # on each crawling machine
      archiver fleet ingest       # next to the central archive
      archiver fleet demo         # all of it on this machine, over 12 demo sites
    """


@fleet.command()
@click.argument("site_list", type=click.Path(dir_okay=False))
@click.option("--every", default=None, help="Refresh interval: 30m, 6h, 1d ... "
              "(default: ARCHIVER_FLEET_EVERY, 1d).")
@click.option("--profile", type=click.Path(dir_okay=False),
              help="Site profile (TOML) for these sites' crawls.")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
              help="A setting for these sites' crawls, as with `archiver crawl -s`.")
@archive_option
@friendly_errors
def add(site_list: str, every: str | None, profile: str | None, settings: tuple[str, ...],
        archive: str | None) -> None:
    """Add sites from a list file (one URL a line) or a sitemap of sites (<urlset>).

    A site already listed gets the new interval, profile and settings. Lines that are not
    an http(s) URL are reported, the others added.

    \b
    Example:
      archiver fleet add sites.txt --every 6h
      archiver fleet add sites.xml --profile profiles/wp.toml
    """
    from archiver.crawl import parse_setting_overrides
    from archiver.fleet.sites import interval_seconds, read_site_list
    from archiver.fleet.state import add_sites
    from archiver.store import open_archive

    config = _config(archive=archive)
    seconds = interval_seconds(every or config.every)
    urls, problems = read_site_list(site_list)
    for problem in problems:
        click.echo(f"skipped: {problem}", err=True)
    added, updated = add_sites(open_archive(config.archive), urls, seconds, profile,
                               parse_setting_overrides(settings))
    click.echo(f"{added} sites added, {updated} updated in {config.archive}")
    if problems:
        raise click.ClickException(f"{len(problems)} lines of {site_list} are not site URLs")


@fleet.command()
@archive_option
@redis_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly_errors
def status(archive: str | None, redis_url: str | None, as_json: bool) -> None:
    """Show each site: due, queued, running (where, since when), failed (why), last crawl.

    \b
    Example:
      archiver fleet status
    """
    from archiver.fleet.status import fleet_status, render_status

    state = fleet_status(_config(archive=archive, redis_url=redis_url))
    click.echo(json.dumps(state, indent=2) if as_json else render_status(state))


@fleet.command(name="schedule")
@archive_option
@redis_option
@friendly_errors
def schedule_command(archive: str | None, redis_url: str | None) -> None:
    """Enqueue a job for every site that is due. Run it every few minutes (cron, a timer).

    \b
    Example:
      */5 * * * * archiver fleet schedule   # a crontab line
    """
    from archiver.fleet.scheduler import schedule

    result = schedule(_config(archive=archive, redis_url=redis_url))
    for site, job_id in result.enqueued:
        click.echo(f"enqueued {job_id} {site}")
    click.echo(f"{len(result.enqueued)} sites enqueued, {result.not_due} not due")


@fleet.command()
@shared_option
@redis_option
@click.option("-v", "--verbose", is_flag=True, help="Log every message (DEBUG).")
@friendly_errors
def worker(shared: str | None, redis_url: str | None, verbose: bool) -> None:
    """Run a worker: one site job at a time, until SIGTERM or Ctrl-C.

    Run as many as the machine's cores and bandwidth allow, on any number of machines
    that mount the shared folder.

    \b
    Example:
      ARCHIVER_FLEET_SHARED=/mnt/fleet archiver fleet worker
    """
    from archiver.fleet.worker import run_worker

    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(process)d %(name)s %(levelname)s %(message)s")
    run_worker(_config(shared=shared, redis_url=redis_url))


@fleet.command()
@archive_option
@shared_option
@click.option("--limit", type=click.IntRange(1), help="Merge at most this many outputs.")
@friendly_errors
def ingest(archive: str | None, shared: str | None, limit: int | None) -> None:
    """Merge finished job outputs into the central archive, each once.

    A merge is one transaction: a killed one leaves nothing and the next run does it again.

    \b
    Example:
      archiver fleet ingest --db /srv/archive.db --shared /mnt/fleet
    """
    from archiver.fleet.ingest import describe
    from archiver.fleet.ingest import ingest as run_ingest

    result = run_ingest(_config(archive=archive, shared=shared), limit=limit)
    for name in result.unreadable:
        click.echo(f"unreadable output recorded in errors: {name}", err=True)
    click.echo(describe(result))


@fleet.command()
@click.option("--dir", "folder", default="data/fleet-demo", show_default=True,
              type=click.Path(file_okay=False),
              help="Where the demo's Redis, outputs and central archive go (rebuilt).")
@click.option("--articles", default=8, show_default=True, type=click.IntRange(1, 1000),
              help="Articles per demo site.")
@click.option("--workers", default=3, show_default=True, type=click.IntRange(1, 32))
@click.option("--delay-ms", default=50, show_default=True, type=click.IntRange(1),
              help="The fleet's politeness: least time between two requests to one host.")
@friendly_errors
def demo(folder: str, articles: int, workers: int, delay_ms: int) -> None:
    """Run the fleet on this machine over 12 demo sites (127.0.0.2 ... 127.0.0.13).

    Starts redis-server, the workers and the ingester, waits for every site, checks the
    central archive against the generators' ground truth and ends with one JSON line.

    \b
    Example:
      archiver fleet demo
    """
    from archiver.fleet.demo import render_demo, run_fleet_demo

    summary = run_fleet_demo(folder, n_articles=articles, workers=workers,
                             host_delay_ms=delay_ms)
    click.echo(render_demo(summary))
    if summary["mismatches"]:
        raise click.ClickException(f"{summary['mismatches']} mismatches against ground truth")
