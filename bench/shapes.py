"""The second site shape of bench/run: the link-dense magazine (bench/dense_site.py), crawled
with no profile, measured like the demo and reported in its own table.

archiver crawls it as a new user would: no profile, only the site's timezone (its comment
times carry no offset). The bare Scrapy spider follows the same listing and article links:
every same-site link but the action links the theme prints (dense_site.ACTION_PATTERN).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from dense_site import ACTION_PATTERN, generate_dense_site, page_stats
from harness import (
    SEED,
    ChildRun,
    Site,
    _crawl_row,
    _met,
    article_pages,
    bench_extraction,
    crawl_archiver,
    crawl_bare,
    fmt,
    log,
)
from nginx import free_port

LABEL = "link-dense"


def make_dense_site(n: int, work: Path) -> Site:
    port = free_port()
    started = time.monotonic()
    site = generate_dense_site(f"http://127.0.0.1:{port}", n_articles=n, seed=SEED)
    root = site.write(work / f"dense-{n}")
    log(f"generated a {n}-article link-dense site ({len(site.files)} files) in "
        f"{time.monotonic() - started:.1f}s")
    return Site(n=n, port=port, root=root, site=site)


class LinkDense:
    """The link-dense shape's crawls, memory runs and extraction, and their table."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.sites = {n: make_dense_site(n, work) for n in sorted({args.articles,
                                                                    *args.memory})}
        self.main = self.sites[args.articles]
        self.archiver_runs: list[ChildRun] = []
        self.bare_runs: list[ChildRun] = []
        self.dedupe_runs: list[ChildRun] = []
        self.memory_runs: dict[int, ChildRun] = {}
        self.links: dict[str, float] = {}
        self.extraction: dict[str, float] = {}
        self.pages: list[tuple[str, bytes, str]] = []
        self.label = LABEL

    def _options(self, site: Site) -> list[str]:
        return ["-s", f"ARCHIVER_TIMEZONE={site.site.truth['site']['timezone']}"]

    def crawl(self) -> None:
        """The paired crawls (alternated), then the memory crawls; nginx must be serving."""
        args, main = self.args, self.main
        for rep in range(args.runs):
            order = ["archiver", "bare", "dedupe"]
            if rep % 2:
                order.reverse()
            for name in order:
                tag = f"dense-{args.articles}-{rep}"
                if name == "archiver":
                    result = crawl_archiver(main, self.work, tag, self._options(main))
                    self.archiver_runs.append(result)
                else:
                    result = crawl_bare(main, self.work, f"{name}-{tag}",
                                        deny=ACTION_PATTERN.pattern, dedupe=name == "dedupe")
                    (self.bare_runs if name == "bare" else self.dedupe_runs).append(result)
                log(f"{LABEL} crawl {rep + 1}/{args.runs} {name}: {result.pages} pages, "
                    f"{result.pages_per_s:.0f} pages/s, {result.cpu_ms_per_page:.1f} CPU ms/page"
                    + (f", {result.mismatches} mismatches" if result.mismatches is not None
                       else ""))
        stats = _crawl_row(self.work / f"archiver-dense-{args.articles}-0.db")["stats"]
        self.links = {key: float(stats.get(key, 0)) for key in (
            "archiver/links/found", "archiver/links/followed/page",
            "archiver/links/skipped/seen/page", "dupefilter/filtered",
            "downloader/request_count")}
        self.links["actions"] = sum(float(v) for k, v in stats.items()
                                    if k.startswith("archiver/links/skipped/action/"))
        for n in args.memory:
            if n == args.articles:
                self.memory_runs[n] = self.archiver_runs[0]
                continue
            site = self.sites[n]
            self.memory_runs[n] = crawl_archiver(site, self.work, f"dense-mem-{n}",
                                                 self._options(site))
            log(f"{LABEL} memory crawl N={n}: peak RSS {self.memory_runs[n].maxrss_mb:.0f} MB, "
                f"{self.memory_runs[n].mismatches} mismatches")

    def measure_extraction(self) -> None:
        self.pages = article_pages(self.main, self.args.pages)
        log(f"{LABEL} extraction: {len(self.pages)} article pages, {self.args.runs} passes")
        self.extraction = bench_extraction(self.pages, self.args.runs)

    def all_runs(self) -> list[ChildRun]:
        return [*self.archiver_runs,
                *(r for r in self.memory_runs.values()
                  if all(r is not a for a in self.archiver_runs))]

    def describe(self) -> str:
        shape = page_stats(self.main.site)
        return (f"{LABEL} shape, no profile: N={self.args.articles} articles, "
                f"{shape['pages']} HTML pages of {shape['mean_bytes'] / 1024:.0f} KB and "
                f"{shape['mean_links']:.0f} links on average (at least {shape['min_links']})")

    def table(self) -> list[list[str]]:
        def med(runs: list[ChildRun], attr: str) -> float:
            return statistics.median(getattr(r, attr) for r in runs)

        a_pps, b_pps = med(self.archiver_runs, "pages_per_s"), med(self.bare_runs, "pages_per_s")
        d_pps = med(self.dedupe_runs, "pages_per_s")
        a_cpu, b_cpu = (med(self.archiver_runs, "cpu_ms_per_page"),
                        med(self.bare_runs, "cpu_ms_per_page"))
        ex, lx, tr = (self.extraction[k] for k in ("archiver", "lxml", "trafilatura"))
        small, large = min(self.memory_runs), max(self.memory_runs)
        rss_small, rss_large = self.memory_runs[small].maxrss_mb, self.memory_runs[large].maxrss_mb
        growth = rss_large / rss_small
        runs = self.all_runs()
        mismatches = sum(r.mismatches or 0 for r in runs)
        links = self.links
        articles = len(self.main.site.truth["articles"])
        requests = links["downloader/request_count"]
        return [
            [f"{LABEL}: crawl pages/s", fmt(a_pps), f"bare Scrapy {fmt(b_pps)}",
             f"{a_pps / b_pps:.2f}x", ">= 0.5x", _met(a_pps / b_pps >= 0.5)],
            [f"{LABEL}: crawl pages/s", fmt(a_pps),
             f"bare Scrapy deduplicating in the spider {fmt(d_pps)}", f"{a_pps / d_pps:.2f}x",
             "-", "-"],
            [f"{LABEL}: crawl CPU ms/page", fmt(a_cpu), f"bare Scrapy {fmt(b_cpu)}, "
             f"deduplicating {fmt(med(self.dedupe_runs, 'cpu_ms_per_page'))}",
             f"{a_cpu / b_cpu:.2f}x", "-", "-"],
            [f"{LABEL}: pages per crawl", str(self.archiver_runs[0].pages),
             f"bare Scrapy {self.bare_runs[0].pages}", "-", "-", "-"],
            [f"{LABEL}: requests per article", f"{requests / articles:.2f}",
             f"{requests:.0f} requests, {articles} articles", "-", "< 3",
             _met(requests / articles < 3)],
            [f"{LABEL}: links found -> requested", f"{links['archiver/links/found']:,.0f} -> "
             f"{links['archiver/links/followed/page']:,.0f}",
             f"seen {links['archiver/links/skipped/seen/page']:,.0f}, actions "
             f"{links['actions']:,.0f}, Scrapy dupefilter {links['dupefilter/filtered']:,.0f}",
             "-", "-", "-"],
            [f"{LABEL}: extraction CPU ms/page", fmt(ex, 2), f"lxml.html.fromstring {fmt(lx, 2)}",
             f"{ex / lx:.1f}x", "<= 4x", _met(ex / lx <= 4)],
            [f"{LABEL}: extraction CPU ms/page", fmt(ex, 2), f"trafilatura + comments {fmt(tr, 2)}",
             f"{ex / tr:.2f}x", "< 1x (below it)", _met(ex / tr < 1)],
            [f"{LABEL}: crawl peak RSS MB, N={small} -> N={large}",
             f"{rss_small:.0f} -> {rss_large:.0f}",
             f"bare Scrapy N={self.args.articles}: {med(self.bare_runs, 'maxrss_mb'):.0f}",
             f"{growth:.2f}x", "< 1.1x and < 300 MB", _met(growth < 1.1 and rss_large < 300)],
            [f"{LABEL}: ground-truth mismatches, all archiver crawls", str(mismatches),
             f"{len(runs)} archives checked", "-", "0", _met(mismatches == 0)],
        ]

