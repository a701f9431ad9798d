"""Pages where an article was expected and none came: a login wall, an empty 200, an error
page with the site's chrome and no article. Such a page is a failure of the run (outcome
`article_missing`), not a page that happens not to be an article, and never an item: a
login wall parsed as an article would become the archived article's latest revision.

An article is expected at a URL the store holds as an article, at a URL a sitemap listed
(request meta `nul20_article_link`), and at a recheck of a recent article. The parser's
verdict (extract/) says what the page is; this module adds what the crawl knows about the URL,
and recognises a login wall from the response text, which the parser may take for an article.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from typing import TYPE_CHECKING, Any

from nul20scraper.archive.store import Store
from nul20scraper.shared import KIND_META

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# Set on requests for pages named as articles (a sitemap's <url> entries).
ARTICLE_LINK_META = "nul20_article_link"
LOGIN_WALL = "login_wall"
# Parser verdicts (NotArticle kinds) that mean "no article here" rather than "another kind
# of page": a listing or a tag page at an article's URL is the site's choice, not a fault.
MISSING_KINDS = frozenset({LOGIN_WALL, "empty", "no-content", "unreadable", "binary"})

# What NUL20 (Drupal 7) and Dutch sites print over a wall; compared case-insensitively with
# white space collapsed.
LOGIN_PHRASES = (
    "log in om verder te lezen",
    "log in om dit artikel te lezen",
    "inloggen om verder te lezen",
    "je moet ingelogd zijn",
    "u moet ingelogd zijn",
)
_SPACE = re.compile(rb"\s+")
# A login form with a password field, and fewer characters of paragraph text around it than
# the shortest article a NUL20 page shows (a video's one-line caption is about 100).
MAX_TEXT_BESIDE_FORM = 200
_PASSWORD_XPATH = "//form[.//input[translate(@type, 'PASWORD', 'pasword') = 'password']]"
_TEXT_OUTSIDE_FORMS = (
    "//body//p//text()[not(ancestor::form or ancestor::header or ancestor::nav"
    " or ancestor::footer or ancestor::aside)]"
)


def login_wall(response: Response) -> str | None:
    """Why the page is a login wall (the phrase it shows, or its password form), else None."""
    text = _SPACE.sub(b" ", response.body.lower())
    for phrase in LOGIN_PHRASES:
        if phrase.encode() in text:
            return f"login wall ('{phrase}')"
    if b"password" not in text:  # cheap test first: most pages have no such field
        return None
    if not response.xpath(_PASSWORD_XPATH):
        return None
    beside = sum(len(t.strip()) for t in response.xpath(_TEXT_OUTSIDE_FORMS).getall())
    if beside < MAX_TEXT_BESIDE_FORM:
        return f"login wall (a password form and {beside} characters of text)"
    return None


class ExpectedArticles:
    """Whether the crawl expected an article at a URL (see the module's doc)."""

    def __init__(self, store_path: str | None) -> None:
        self.store_path = store_path
        self._store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExpectedArticles:
        return cls(crawler.settings.get("NUL20_STORE_PATH") or None)

    def known_article(self, url: str) -> bool:
        if self.store_path is None:
            return False
        try:
            if self._store is None:
                # Its own connection: the pipeline's belongs to the pipeline. The crawl
                # checked the store before it started.
                self._store = Store.open(self.store_path)
            return self._store.has_article(url)
        except sqlite3.Error as exc:
            # A store that cannot answer is the pipeline's failure to report (store_failed);
            # here the URL is only not known.
            logger.warning("cannot look up %s in the store: %s", url, exc)
            return False

    def missing(self, kind: str, url: str, meta: dict[str, Any]) -> bool:
        """True when a page of parser verdict `kind` at `url` is an article that is missing."""
        if kind not in MISSING_KINDS:
            return False
        if meta.get(ARTICLE_LINK_META) or meta.get(KIND_META) == "recheck":
            return True
        return self.known_article(url)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
