"""`nul20scraper demo`: the whole pipeline without network, into a directory of its own.

Serves the bundled saved pages (nul20scraper/demo/pages, made a complete small site by
nul20scraper.demo.saved_site) on 127.0.0.1 and crawls them with the real nul20 spider and
`crawl --mirror` into DIR (default data/demo/): the store DIR/nul20.sqlite, WARC files in
DIR/warc/, the report in DIR/reports/ and the articles in DIR/articles.jsonl, so that export,
reparse, search and report work on it right after. Never the paths a crawl of the site uses.

`--serve [PORT]` only serves the mirror until Ctrl-C, for trying `scrapy crawl nul20 -a
base_url=...` or `nul20scraper crawl --base-url ... --mirror` by hand.
Exit statuses as for `crawl` (nul20scraper.shared).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from nul20scraper.commands.crawl import add_output_options

HELP = "crawl a bundled mirror of saved pages on 127.0.0.1 into data/demo/ (no network)"

DEFAULT_DEMO_DIR = Path("data/demo")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", metavar="DIR", type=Path, default=DEFAULT_DEMO_DIR,
                        help="where the demo's store, WARC, report and articles go "
                             "(created; default: %(default)s)")
    parser.add_argument("-o", "--output", metavar="FILE", default=None,
                        help="file of articles (default: DIR/articles.jsonl)")
    parser.add_argument("--pages", metavar="DIR", type=Path, default=None,
                        help="serve these saved pages (*.html + *.meta.json) instead")
    parser.add_argument("--serve", metavar="PORT", nargs="?", type=int, const=8000,
                        default=None,
                        help="only serve the mirror on 127.0.0.1:PORT (default 8000) until "
                             "Ctrl-C; 0 picks a free port")
    add_output_options(parser)


def run(args: argparse.Namespace) -> int:
    import sys

    from nul20scraper import shared
    from nul20scraper.commands.crawl import check_output, crawl, parse_overrides
    from nul20scraper.demo import PAGES_DIR
    from nul20scraper.demo.saved_site import site_from_saved_pages
    from nul20scraper.demo.server import MirrorServer

    pages_dir = args.pages or PAGES_DIR
    pages = len(list(pages_dir.glob("*.meta.json")))
    if not pages:
        print(f"nul20scraper demo: no saved pages in {pages_dir}", file=sys.stderr)
        return shared.USAGE
    try:
        overrides = parse_overrides(args.settings)
    except ValueError as exc:
        print(f"nul20scraper demo: {exc}", file=sys.stderr)
        return shared.USAGE
    site = site_from_saved_pages(pages_dir)
    if args.serve is not None:
        return serve(site, args.serve, pages)
    try:
        args.dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"nul20scraper demo: cannot make {args.dir}: {exc.strerror}", file=sys.stderr)
        return shared.USAGE
    crawl_args = argparse.Namespace(
        base_url=None, mirror=True, output=args.output or str(args.dir / "articles.jsonl"),
        report=None, since=None, store=args.dir / "nul20.sqlite", no_store=False,
        warc_dir=None, no_warc=False, incremental=False, job_dir=None,
        verbose=args.verbose, quiet=args.quiet, settings=args.settings,
    )
    problem = check_output(Path(crawl_args.output))
    if problem:
        print(f"nul20scraper demo: {problem}", file=sys.stderr)
        return shared.USAGE
    with MirrorServer(site, max_seconds=900) as server:
        crawl_args.base_url = server.origin
        if not args.quiet:
            print(f"nul20scraper demo: crawling the bundled mirror ({pages} saved pages) at "
                  f"{server.origin} into {args.dir}/ (store, WARC, report, articles); "
                  f"www.nul20.nl is not contacted", file=sys.stderr)
        status = crawl(crawl_args, overrides, command="demo")
    if not args.quiet and status in (shared.OK, shared.PARTIAL_FAILURE):
        store = crawl_args.store
        print(f"next: nul20scraper export --store {store} -o articles.csv   |   "
              f"nul20scraper search huur --store {store}", file=sys.stderr)
    return status


def serve(site: object, port: int, pages: int) -> int:
    """Serve the mirror until Ctrl-C."""
    import sys
    import threading

    from nul20scraper import shared
    from nul20scraper.demo.server import MirrorServer

    server = MirrorServer(site, max_seconds=None, port=port)  # type: ignore[arg-type]
    try:
        server.start()
    except OSError as exc:
        print(f"nul20scraper demo: cannot serve on 127.0.0.1:{port}: {exc.strerror}",
              file=sys.stderr)
        return shared.USAGE
    print(f"nul20scraper demo: serving the bundled mirror ({pages} saved pages) at "
          f"{server.origin} until Ctrl-C; try:\n"
          f"  scrapy crawl nul20 -a base_url={server.origin} -s NUL20_MIRROR=1 "
          f"-O mirror.jsonl\n"
          f"  nul20scraper crawl --base-url {server.origin} --mirror --store "
          f"data/demo/nul20.sqlite -o data/demo/mirror.jsonl", file=sys.stderr, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("nul20scraper demo: stopped serving", file=sys.stderr)
    finally:
        server.stop()
    return shared.OK
