"""A synthetic NUL20 mirror of any size, for the crawl benchmark and load tests.

Articles vary in length, tags, updates and related teasers (which link to other articles,
so links repeat as on the real site); a `/nieuws` listing pages through them all, and a
sitemap index splits them into sitemap pages of 1,000 URLs, as Drupal's xmlsitemap does.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from nul20scraper.demo.server import MirrorSite
from tests.mockserver.pages import (
    DRUPAL_DISALLOW,
    ArticleSpec,
    Teaser,
    article_page,
    listing_page,
    robots_txt,
    sitemap_index,
    sitemap_urlset,
)

WORDS: tuple[str, ...] = (
    "woning", "huur", "corporatie", "gemeente", "Amsterdam", "wethouder", "bouw", "sociale",
    "middenhuur", "stadsdeel", "huurders", "erfpacht", "nieuwbouw", "woningtekort",
    "vergunning", "starters", "beleggers", "toewijzing", "renovatie", "verduurzaming",
    "wachtlijst", "prestatieafspraken", "huurprijs", "woonvisie",
)
SECTIONS = ("", "/dossiers", "/video")
TYPES = ("Achtergrondartikel", "Nieuws", "Interview", "Boekbespreking", "Video")
SITEMAP_PAGE_SIZE = 1000
LISTING_PAGE_SIZE = 20


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def article_paths(count: int, seed: int = 20) -> list[str]:
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        slug = "-".join(rng.choice(WORDS).lower() for _ in range(rng.randint(3, 7)))
        if n % 50 == 0:
            slug = "n%C3%B3g-" + slug  # an accented, percent-encoded alias
        paths.append(f"{SECTIONS[n % len(SECTIONS)]}/{slug}-{n}")
    return paths


def build_synthetic_site(count: int, seed: int = 20) -> MirrorSite:
    rng = random.Random(seed)
    site = MirrorSite()
    paths = article_paths(count, seed)
    start = date(2004, 1, 1)
    teasers = [
        Teaser(path, _sentence(rng, 20)[:-1] + "...", article_type=TYPES[n % len(TYPES)],
               day=start + timedelta(days=n % 7000))
        for n, path in enumerate(paths)
    ]
    for n, path in enumerate(paths):
        related = tuple(rng.sample(teasers, k=rng.randint(3, 8)))
        spec = ArticleSpec(
            path=path, nid=1000 + n, headline=_sentence(rng, rng.randint(5, 12))[:-1],
            published=start + timedelta(days=n % 7000),
            paragraphs=[_sentence(rng, rng.randint(20, 60)) for _ in range(rng.randint(3, 15))],
            tags=rng.sample(WORDS, k=rng.randint(1, 4)),
            related=related,
            update="8 juli: " + _sentence(rng, 15) if n % 10 == 0 else None,
        )
        site.add_html(path, article_page(spec))
    last_page = (count - 1) // LISTING_PAGE_SIZE
    for page in range(last_page + 1):
        chunk = teasers[page * LISTING_PAGE_SIZE:(page + 1) * LISTING_PAGE_SIZE]
        target = "/nieuws" if page == 0 else f"/nieuws?page={page}"
        site.add_html(target, listing_page("Nieuws", "/nieuws", chunk, page, last_page))
    site.add_html("/", listing_page("NUL20", "/", teasers[:LISTING_PAGE_SIZE], front=True))
    sitemap_pages = (count + SITEMAP_PAGE_SIZE - 1) // SITEMAP_PAGE_SIZE
    site.add_text("/sitemap.xml", sitemap_index(
        f"https://www.nul20.nl/sitemap.xml?page={k + 1}" for k in range(sitemap_pages)
    ), "application/xml")
    for k in range(sitemap_pages):
        chunk = paths[k * SITEMAP_PAGE_SIZE:(k + 1) * SITEMAP_PAGE_SIZE]
        site.add_text(f"/sitemap.xml?page={k + 1}", sitemap_urlset(
            (f"https://www.nul20.nl{path}", "2022-01-24") for path in chunk
        ), "application/xml")
    site.add_text("/robots.txt", robots_txt(
        DRUPAL_DISALLOW, ["https://www.nul20.nl/sitemap.xml"], crawl_delay=10),
        "text/plain; charset=utf-8")
    return site
