"""Crawl benchmark: the full nul20 crawl against a bare Scrapy fetch of the same pages.

Not a test. Builds a synthetic mirror (tests.mockserver.synthetic) of 5,000 articles
plus listings and sitemaps, serves it on 127.0.0.1, and runs, each in its own process:
  1. the full nul20 crawl (discovery, parsing, JSON Lines output, report);
  2. a bare Scrapy spider fetching exactly the pages crawl 1 fetched, parsing nothing;
  3. the full crawl of a 20,000-article mirror: the sitemaps put nearly all 20,000 article
     requests in the scheduler at once, so its peak memory is that of 20,000 queued requests.
Politeness is off for all (loopback). Speed is a ratio against the bare run.

Targets: the full crawl fetches at least 0.5x the pages per second of the bare fetch-only
spider, and its peak memory at 20,000 articles stays under 300 MB. The crawl uses Scrapy's own
stats collector, feed exporters, log formatter and scheduler queue and parses in its own
process; a replacement of one of Scrapy's parts is worth adding only where without it the
crawl misses one of these targets, with the figure in its docstring. `--set NAME=VALUE`
(repeatable) changes a setting of the nul20 crawls, to measure such a part: e.g.
`--set SCHEDULER_MEMORY_QUEUE=scrapy.squeues.LifoMemoryQueue`.

Peak RSS is each process's own high-water mark (VmHWM in /proc): ru_maxrss would not do, as
a child started by fork and exec keeps the maxrss of its parent, which holds the mirror.

    python benchmarks/crawl_bench.py [--articles 5000] [--large 20000] [--set NAME=VALUE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from nul20scraper.demo.server import MirrorSite

REPO_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_OFF = {
    "ROBOTSTXT_OBEY": False,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "NUL20_OBEY_CRAWL_DELAY": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "LOG_LEVEL": "WARNING",
    "NUL20_PROGRESS_INTERVAL": 0,
}
TARGETS = {"speed_ratio": 0.5, "large_peak_rss_mb": 300}


def peak_rss_mb(pid: int | str = "self") -> float:
    """The process's peak resident set size (VmHWM), in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def overrides(workdir: Path) -> dict[str, str]:
    """The --set settings of this run, which the parent leaves in the work directory."""
    path = workdir.parent / "overrides.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def child_full(origin: str, workdir: Path) -> dict:
    from nul20scraper.crawl.runner import feed_settings, project_settings, run_crawl

    settings = {**SETTINGS_OFF, **overrides(workdir),
                "FEEDS": feed_settings(workdir / "articles.jsonl"),
                "NUL20_REPORT_PATH": str(workdir / "report.json")}
    started = time.perf_counter()
    outcome = run_crawl(project_settings(settings), base_url=origin)
    elapsed = time.perf_counter() - started
    report = json.loads((workdir / "report.json").read_text("utf-8"))
    return {"elapsed": elapsed, "status": outcome.status, "peak_rss_mb": peak_rss_mb(),
            "pages": report["counts"]["pages_fetched"],
            "articles": report["counts"]["articles_emitted"]}


def child_bare(origin: str, workdir: Path) -> dict:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    targets = json.loads((workdir / "targets.json").read_text("utf-8"))
    pages = {"count": 0}

    class BareSpider(scrapy.Spider):
        name = "bare"

        async def start(self):  # type: ignore[override]
            for target in targets:
                yield scrapy.Request(origin + target, callback=self.parse, dont_filter=True)

        def parse(self, response):  # type: ignore[override]
            pages["count"] += 1
            return None

    # The same engine settings as the nul20 crawl, so that the ratio measures our work only.
    settings = {**SETTINGS_OFF, "TELNETCONSOLE_ENABLED": False,
                "EXTENSIONS": {"scrapy.extensions.remote_control.RemoteControl": None}}
    process = CrawlerProcess(settings)
    started = time.perf_counter()
    process.crawl(BareSpider)
    process.start()
    return {"elapsed": time.perf_counter() - started, "pages": pages["count"],
            "peak_rss_mb": peak_rss_mb()}


def run_child(kind: str, origin: str, workdir: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, origin, str(workdir)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=1800,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{kind} crawl failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure_full(site: MirrorSite, workdir: Path) -> tuple[dict, list[str]]:
    from nul20scraper.demo.server import MirrorServer

    with MirrorServer(site, max_seconds=1800) as server:
        result = run_child("full", server.origin, workdir)
        targets = server.targets()
    return result, targets


def measure_bare(site: MirrorSite, targets: list[str], workdir: Path) -> dict:
    from nul20scraper.demo.server import MirrorServer

    (workdir / "targets.json").write_text(json.dumps(targets), "utf-8")
    with MirrorServer(site, max_seconds=1800) as server:
        return run_child("bare", server.origin, workdir)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a setting of the nul20 crawls (repeatable)")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "ORIGIN", "DIR"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, origin, workdir = args.child
        result = (child_full if kind == "full" else child_bare)(origin, Path(workdir))
        print(json.dumps(result))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for name in ("full", "bare", "large"):
            (base / name).mkdir()
        settings = dict(item.split("=", 1) for item in args.set)
        (base / "overrides.json").write_text(json.dumps(settings), "utf-8")
        from tests.mockserver.synthetic import build_synthetic_site

        site = build_synthetic_site(args.articles)
        full, targets = measure_full(site, base / "full")
        bare = measure_bare(site, targets, base / "bare")
        del site
        large, _ = measure_full(build_synthetic_site(args.large), base / "large")

    full_rate = full["pages"] / full["elapsed"]
    bare_rate = bare["pages"] / bare["elapsed"]
    ratio = full_rate / bare_rate
    repeats = {t: n for t, n in Counter(unquote(t) for t in targets).items() if n > 1}
    per_article = len(targets) / max(full["articles"], 1)
    print(f"settings: {' '.join(args.set) or 'the project settings'}")
    print(f"mirror: {args.articles} articles; {len(targets)} requests in the full crawl")
    print(f"bare Scrapy fetch:   {bare['pages']} pages in {bare['elapsed']:.1f} s = "
          f"{bare_rate:.0f} pages/s")
    print(f"full nul20 crawl:    {full['pages']} pages in {full['elapsed']:.1f} s = "
          f"{full_rate:.0f} pages/s, {full['articles']} articles (exit {full['status']})")
    print(f"speed full/bare:     {ratio:.2f} (target >= {TARGETS['speed_ratio']})")
    print(f"peak RSS full crawl: {full['peak_rss_mb']:.0f} MB at {args.articles} articles; "
          f"bare: {bare['peak_rss_mb']:.0f} MB")
    print(f"peak RSS at {args.large}: {large['peak_rss_mb']:.0f} MB, {large['articles']} "
          f"articles (target < {TARGETS['large_peak_rss_mb']} MB)")
    print(f"requests per article: {per_article:.3f}; pages fetched twice: {len(repeats)} "
          "(target 0)")
    met = (ratio >= TARGETS["speed_ratio"]
           and large["peak_rss_mb"] < TARGETS["large_peak_rss_mb"] and not repeats
           and full["articles"] == args.articles and large["articles"] == args.large)
    print("targets met" if met else "targets NOT met")
    return 0 if met else 1

if __name__ == "__main__":
    sys.path.insert(0, str(REPO_ROOT))
    sys.exit(main())
