"""Crawl benchmark: the full nul20 crawl against a bare Scrapy fetch of the same pages.

Not a test. Builds a synthetic mirror (tests.mockserver.synthetic) of 5,000 articles
plus listings and sitemaps, serves it on 127.0.0.1, and runs, each in its own process:
  1. the full nul20 crawl (discovery, parsing, JSON Lines output, report);
  2. a bare Scrapy spider fetching exactly the pages crawl 1 fetched, parsing nothing;
  3. the full crawl of a 20,000-article mirror, for memory growth.
Politeness is off for all (loopback). Figures are ratios against the bare run.

Peak RSS is each process's own high-water mark (VmHWM in /proc): ru_maxrss would not do, as
a child started by fork and exec keeps the maxrss of its parent, which holds the mirror.
The crawl's figure is its own peak plus the peak of every parse worker it started.

    python benchmarks/crawl_bench.py [--articles 5000] [--large 20000]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
import threading
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
TARGETS = {"speed_ratio": 0.8, "peak_rss_mb": 300, "rss_growth": 1.3}


def peak_rss_mb(pid: int | str = "self") -> float:
    """The process's peak resident set size (VmHWM), in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


class ChildPeaks:
    """Peak RSS of this process's children (the parse workers), sampled until stopped."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peaks: dict[str, float] = {}
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def sample(self) -> None:
        for children in Path("/proc/self/task").glob("*/children"):
            for pid in children.read_text("ascii").split():
                # A worker may be gone between listing and reading.
                with contextlib.suppress(OSError, RuntimeError):
                    # VmHWM is already a peak. The last reading, not the largest: a spawned
                    # worker read before its exec still shows the parent's memory.
                    self.peaks[pid] = peak_rss_mb(pid)

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            self.sample()

    def __enter__(self) -> ChildPeaks:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join()


def child_full(origin: str, workdir: Path) -> dict:
    from nul20scraper.crawl.runner import feed_settings, project_settings, run_crawl

    settings = {**SETTINGS_OFF, "FEEDS": feed_settings(workdir / "articles.jsonl"),
                "NUL20_REPORT_PATH": str(workdir / "report.json")}
    started = time.perf_counter()
    with ChildPeaks() as workers:
        outcome = run_crawl(project_settings(settings), base_url=origin)
    elapsed = time.perf_counter() - started
    report = json.loads((workdir / "report.json").read_text("utf-8"))
    main_rss = peak_rss_mb()
    return {"elapsed": elapsed, "status": outcome.status,
            "peak_rss_mb": main_rss + sum(workers.peaks.values()), "main_rss_mb": main_rss,
            "worker_rss_mb": sorted(workers.peaks.values(), reverse=True),
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

    from nul20scraper import settings as project

    # The same engine settings as the nul20 crawl, so that the ratio measures our work only.
    settings = {**SETTINGS_OFF, "TELNETCONSOLE_ENABLED": False,
                "CONCURRENT_ITEMS": project.CONCURRENT_ITEMS,
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


def rss_parts(result: dict) -> str:
    workers = " + ".join(f"{mb:.0f}" for mb in result["worker_rss_mb"]) or "none"
    return f"crawl process {result['main_rss_mb']:.0f} MB, parse workers {workers} MB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--large", type=int, default=20000)
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
        from tests.mockserver.synthetic import build_synthetic_site

        site = build_synthetic_site(args.articles)
        full, targets = measure_full(site, base / "full")
        bare = measure_bare(site, targets, base / "bare")
        del site
        large, _ = measure_full(build_synthetic_site(args.large), base / "large")

    full_rate = full["pages"] / full["elapsed"]
    bare_rate = bare["pages"] / bare["elapsed"]
    ratio = full_rate / bare_rate
    growth = large["peak_rss_mb"] / full["peak_rss_mb"]
    repeats = {t: n for t, n in Counter(unquote(t) for t in targets).items() if n > 1}
    per_article = len(targets) / max(full["articles"], 1)
    print(f"mirror: {args.articles} articles; {len(targets)} requests in the full crawl")
    print(f"bare Scrapy fetch:   {bare['pages']} pages in {bare['elapsed']:.1f} s = "
          f"{bare_rate:.0f} pages/s")
    print(f"full nul20 crawl:    {full['pages']} pages in {full['elapsed']:.1f} s = "
          f"{full_rate:.0f} pages/s, {full['articles']} articles (exit {full['status']})")
    print(f"speed full/bare:     {ratio:.2f} (target >= {TARGETS['speed_ratio']})")
    print(f"peak RSS full crawl: {full['peak_rss_mb']:.0f} MB at {args.articles} articles "
          f"(target <= {TARGETS['peak_rss_mb']}): {rss_parts(full)}; "
          f"bare: {bare['peak_rss_mb']:.0f} MB")
    print(f"peak RSS at {args.large}: {large['peak_rss_mb']:.0f} MB ({rss_parts(large)}), "
          f"{large['articles']} articles; ratio {growth:.2f} (target <= {TARGETS['rss_growth']})")
    print(f"requests per article: {per_article:.3f}; pages fetched twice: {len(repeats)} "
          "(target 0)")
    met = (ratio >= TARGETS["speed_ratio"] and full["peak_rss_mb"] <= TARGETS["peak_rss_mb"]
           and growth <= TARGETS["rss_growth"] and not repeats
           and full["articles"] == args.articles)
    print("targets met" if met else "targets NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.path.insert(0, str(REPO_ROOT))
    sys.exit(main())
