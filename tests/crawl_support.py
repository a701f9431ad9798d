"""The mirror site the crawl tests run against, and helpers to crawl it in a subprocess.

Every article is reachable by exactly one kind of path, so a missed discovery route shows
up as a missing URL: sitemap only, listing pager only, related teaser only, `/node/<nid>`
redirect only. Around them: a 404, a page that answers 500 once, a PDF without extension,
links with tracking parameters and host variants, an off-site link, a robots-disallowed
link, assets, feeds, print and search links, and a pager link far past the end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from nul20scraper.demo.server import MirrorPage, MirrorServer, MirrorSite
from tests.mockserver.pages import (
    ArticleSpec,
    Teaser,
    article_page,
    edition_page,
    listing_page,
    robots_txt,
    sitemap_index,
    sitemap_urlset,
)

REPO_ROOT = Path(__file__).resolve().parent.parent

# Settings for fast test crawls: politeness off (one test checks Crawl-delay on its own).
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "NUL20_OBEY_CRAWL_DELAY": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "NUL20_PROGRESS_INTERVAL": "0",
    "LOG_LEVEL": "INFO",
}

PARAGRAPHS = (
    "De Amsterdamse woningcorporaties bouwden vorig jaar minder sociale huurwoningen dan "
    "afgesproken, blijkt uit de jaarlijkse monitor van de AFWC.",
    "Volgens de wethouder ligt dat aan de gestegen bouwkosten en de stikstofregels. "
    "\"We moeten sneller vergunningen verlenen,\" zegt hij.",
    "De huurdersvereniging vindt dat de gemeente meer grond beschikbaar moet stellen voor "
    "betaalbare woningen in alle stadsdelen.",
)


@dataclass(frozen=True)
class Article:
    path: str  # as the site links it (percent-encoded where the slug has accents)
    nid: int
    headline: str


# path -> how it is reachable
SITEMAP_ONLY = Article("/dossiers/alleen-sitemap-woningbouw", 201, "Woningbouw blijft achter")
SITEMAP_ENCODED = Article("/west-n%C3%B3g-meer-sociale-huur", 202, "West nóg meer sociale huur")
LISTED_P0 = Article("/wethouder-stapt-op", 203, "Wethouder stapt per direct op")
LISTED_P0_B = Article("/dossiers/dashboard-huurprijzen", 204, "Dashboard huurprijzen")
LISTED_P1 = Article("/dossiers/alleen-pagina-twee", 205, "Corporaties bouwen meer")
LISTED_P2 = Article("/video/alleen-pagina-drie", 206, "Video: de nieuwe woonvisie")
TEASER_ONLY = Article("/dossiers/alleen-via-teaser", 207, "Interview met de huurteamleider")
NODE_ONLY = Article("/dossiers/alleen-via-node-link", 208, "Middenhuur onder druk")
FLAKY = Article("/dossiers/eerst-kapot", 209, "Erfpacht: de nieuwe regels")
EDITION_ARTICLE = Article("/dossiers/uit-de-editie", 210, "Eerste verdieping: wonen")

ARTICLES = (SITEMAP_ONLY, SITEMAP_ENCODED, LISTED_P0, LISTED_P0_B, LISTED_P1, LISTED_P2,
            TEASER_ONLY, NODE_ONLY, FLAKY, EDITION_ARTICLE)

GONE_PATH = "/verdwenen-artikel"
PDF_PATH = "/documenten/jaarverslag"
DISALLOWED_PATH = "/verborgen/concept-artikel"
EDITION_PATH = "/edities/nul20-nr-87-december-2021"
OFFSITE_PATH = "/elders-artikel"  # served too, but linked only under another host name


def teaser(article: Article, summary: str = "Een overzicht van alle maatregelen...") -> Teaser:
    return Teaser(url=article.path, summary=f"{article.headline}. {summary}",
                  day=date(2021, 12, 20))


def build_test_site(origin_port: int) -> MirrorSite:
    """The test mirror; `origin_port` names the off-site host `localhost:<port>`."""
    site = MirrorSite()
    site.add_text("/robots.txt", robots_txt(
        disallow=["/user/", "/search/", "/admin/", "/verborgen/"],
        sitemaps=["https://www.nul20.nl/sitemap.xml"],  # the live host: mapped to the mirror
        crawl_delay=10,
    ), "text/plain; charset=utf-8")
    site.add_text("/sitemap.xml", sitemap_index(
        ["/sitemap.xml?page=1", "http://nul20.nl/sitemap.xml?page=2"]
    ).replace("<loc>/", "<loc>https://www.nul20.nl/"), "application/xml")
    site.add_text("/sitemap.xml?page=1", sitemap_urlset([
        ("https://www.nul20.nl/", None),
        (f"https://www.nul20.nl{SITEMAP_ONLY.path}", "2021-07-05T10:00:00+02:00"),
        (f"http://nul20.nl{LISTED_P0.path}/", "2021-07-05"),  # variant of a listed article
    ]), "application/xml")
    site.add_text("/sitemap.xml?page=2", sitemap_urlset([
        (f"https://www.nul20.nl{SITEMAP_ENCODED.path}", "2022-01-10"),
        (f"https://d10.nul20.nl{FLAKY.path}?utm_source=sitemap", "2022-01-11"),
    ]), "application/xml")

    section_links = [teaser(LISTED_P0), teaser(LISTED_P0_B)]
    site.add_html("/", listing_page("Home", "/", section_links, front=True).replace(
        "</footer>",
        f' <a href="http://localhost:{origin_port}{OFFSITE_PATH}">elders</a>'
        ' <a href="https://www.parool.nl/amsterdam/wonen">Parool</a>'
        f' <a href="{DISALLOWED_PATH}">concept</a>'
        ' <a href="/sites/default/files/jaarverslag.pdf">pdf</a>'
        f' <a href="{PDF_PATH}">jaarverslag</a>'
        " </footer>"))
    site.add_html("/nieuws", listing_page("Nieuws", "/nieuws", section_links, 0, 2))
    site.add_html("/nieuws?page=1", listing_page(
        "Nieuws", "/nieuws", [teaser(LISTED_P1), teaser(LISTED_P0)], 1, 2))
    page_three = listing_page("Nieuws", "/nieuws", [teaser(LISTED_P2)], 2, 2)
    # A pager link far past the end, as an unbounded pager would offer.
    page_three = page_three.replace(
        "</ul>", '<li><a href="/nieuws?page=99999">verder</a></li></ul>')
    site.add_html("/nieuws?page=2", page_three)
    site.add_html("/dossiers", listing_page("Dossiers", "/dossiers", [teaser(LISTED_P0_B)]))
    site.add_html("/edities", listing_page(
        "Edities", "/edities", [Teaser(EDITION_PATH, "NUL20 nr 87 - december 2021")]))
    site.add_html(EDITION_PATH, edition_page(
        EDITION_PATH, "NUL20 nr 87 december 2021", [teaser(EDITION_ARTICLE)]))
    site.add_html("/trefwoorden/nul20-nieuws", listing_page(
        "NUL20 nieuws", "/trefwoorden/nul20-nieuws", [teaser(LISTED_P0)]))

    for article in ARTICLES:
        related: list[Teaser] = []
        extra_links: list[tuple[str, str]] = []
        if article is LISTED_P0:
            related = [teaser(TEASER_ONLY), teaser(LISTED_P0_B)]
            extra_links = [
                (f"/node/{NODE_ONLY.nid}", "eerder artikel"),
                (f"https://www.nul20.nl{LISTED_P0_B.path}?utm_source=nieuwsbrief"
                 "&utm_medium=email", "dashboard"),
                (f"http://nul20.nl{LISTED_P0_B.path}/#reacties", "reacties"),
                (GONE_PATH, "oud artikel"),
                ("/search/node?keys=huur", "zoeken"),
                ("/rss.xml", "rss"),
                ("/user/login?destination=node/203", "inloggen"),
            ]
        spec = ArticleSpec(
            path=article.path, nid=article.nid, headline=article.headline,
            published=date(2021, 7, 5), paragraphs=PARAGRAPHS, related=related,
            extra_links=extra_links,
        )
        page = MirrorPage(body=article_page(spec).encode("utf-8"),
                          fail_first=1 if article is FLAKY else 0)
        site.add(article.path, page)
    site.add_redirect(f"/node/{NODE_ONLY.nid}", f"http://127.0.0.1:{origin_port}"
                      f"{NODE_ONLY.path}/")
    site.add_html(OFFSITE_PATH, "<html><body><h1>Elders</h1></body></html>")
    site.add_html(DISALLOWED_PATH, article_page(ArticleSpec(
        path=DISALLOWED_PATH, nid=299, headline="Concept", published=date(2021, 7, 5),
        paragraphs=PARAGRAPHS)))
    site.add(PDF_PATH, MirrorPage(body=b"%PDF-1.4 fake", content_type="application/pdf"))
    return site


def serve_test_site() -> MirrorServer:
    """Start the test mirror (its redirect names the server's own port)."""
    site = MirrorSite()
    server = MirrorServer(site, max_seconds=300).start()
    site.pages.update(build_test_site(server.port).pages)
    return server  # already started: `with serve_test_site() as server` stops it


@dataclass
class CrawlRun:
    returncode: int
    items: list[dict]
    report: dict
    stderr: str


def run_scrapy_crawl(origin: str, tmp: Path, settings: dict[str, str],
                     command: str = "scrapy", timeout: float = 120) -> CrawlRun:
    """Crawl `origin` in a subprocess with `scrapy crawl nul20` or `nul20scraper crawl`."""
    output, report = tmp / "articles.jsonl", tmp / "report.json"
    merged = {**settings, "NUL20_REPORT_PATH": str(report)}
    flags = [arg for name, value in merged.items() for arg in ("-s", f"{name}={value}")]
    if command == "scrapy":
        argv = [sys.executable, "-m", "scrapy", "crawl", "nul20", "-a", f"base_url={origin}",
                "-O", str(output), *flags]
    else:
        argv = [sys.executable, "-m", "nul20scraper", "crawl", "--base-url", origin,
                "-o", str(output), "--store", str(tmp / "nul20.sqlite"), *flags]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    proc = subprocess.run(argv, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    items = []
    if output.exists():
        items = [json.loads(line) for line in output.read_text("utf-8").splitlines() if line]
    data = json.loads(report.read_text("utf-8")) if report.exists() else {}
    return CrawlRun(proc.returncode, items, data, proc.stderr)
