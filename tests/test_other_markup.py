"""A page in a markup none of the layouts knows (WordPress-like classes, no Drupal fields):
metadata and visible labels alone must give every field a reader sees."""

from __future__ import annotations

from nul20scraper.extract import NotArticle, parse_article

PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Huurders winnen van corporatie – NUL20</title>
<meta property="article:published_time" content="2023-02-14T09:30:00+01:00">
<link rel="canonical" href="https://nul20.nl/huurders-winnen-van-corporatie/"></head>
<body class="post-template-default single single-post">
<header id="masthead" class="site-header"><p class="site-title"><a href="/">NUL20</a></p>
<nav class="main-navigation"><ul><li><a href="/dossiers">Dossiers</a></li></ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main">
<article class="post type-post hentry">
<header class="entry-header"><span class="cat-links">Interview</span>
<h1 class="entry-title">Huurders winnen van corporatie</h1>
<div class="entry-meta">Door <a href="/auteur/jan">Jan de Vries</a> | <time
 datetime="2023-02-14T09:30:00+01:00">14.02.2023</time></div></header>
<figure class="wp-block-image"><img src="/wp-content/uploads/2023/02/flat.jpg" alt="Flat">
<figcaption>De flat aan de Bijlmerdreef. Foto: Piet Jansen</figcaption></figure>
<div class="entry-content"><p>De huurders van de flat aan de Bijlmerdreef hebben hun zaak tegen
de corporatie gewonnen. De rechter vond de huurverhoging van vorig jaar onredelijk.</p>
<h2>Wat nu?</h2><p>De corporatie gaat in beroep, zegt een woordvoerder.</p>
<p><strong>Update 16 februari:</strong> De corporatie ziet af van hoger beroep.</p></div>
<footer class="entry-footer">Trefwoorden: <a href="/tag/huurders" rel="tag">Huurders</a>,
<a href="/tag/rechtspraak" rel="tag">Rechtspraak</a></footer>
</article>
<aside class="widget-area"><section class="widget"><h2 class="widget-title">Laatste nummer</h2>
<div class="teaser"><p>Achtergrondartikel 10.02</p><p><a href="/dossiers/x">Een samenvatting van
een achtergrondartikel die afloopt met...</a></p><p>Fred van der Molen</p></div>
<div class="teaser"><p>Video 01.02 Geactualiseerd op: 03.02.23</p><p><a href="/video/y">Een video
over wonen...</a></p><p>Pieter Lesage</p></div></section></aside></main></div>
<footer class="site-footer"><p>NUL20, Amsterdam</p></footer></body></html>"""


def test_unknown_markup_gives_every_field() -> None:
    item = parse_article(PAGE.encode(), "https://nul20.nl/huurders-winnen-van-corporatie/",
                         "2023-02-20T10:00:00+01:00")
    assert not isinstance(item, NotArticle), str(item)
    assert item["url"] == "https://www.nul20.nl/huurders-winnen-van-corporatie"
    assert item["headline"] == "Huurders winnen van corporatie"
    assert item["published"] == "2023-02-14T09:30:00+01:00"
    assert item["updated"] == "2023-02-16"
    assert item["authors"] == ["Jan de Vries"]
    assert item["article_type"] == "Interview"
    assert item["photo_credit"] == "Piet Jansen"
    assert item["image"] == {"url": "https://www.nul20.nl/wp-content/uploads/2023/02/flat.jpg",
                             "caption": "De flat aan de Bijlmerdreef."}
    assert item["body"] == [
        "De huurders van de flat aan de Bijlmerdreef hebben hun zaak tegen de corporatie "
        "gewonnen. De rechter vond de huurverhoging van vorig jaar onredelijk.",
        "Wat nu?",
        "De corporatie gaat in beroep, zegt een woordvoerder.",
    ]
    assert item["updates"] == [{"date": "2023-02-16", "label": "Update 16 februari",
                                "text": "De corporatie ziet af van hoger beroep."}]
    assert item["tags"] == [
        {"name": "Huurders", "url": "https://www.nul20.nl/tag/huurders"},
        {"name": "Rechtspraak", "url": "https://www.nul20.nl/tag/rechtspraak"},
    ]
    assert [(t["article_type"], t["published"], t["updated"], t["author"], t["url"])
            for t in item["related"]] == [
        ("Achtergrondartikel", "2023-02-10", None, "Fred van der Molen",
         "https://www.nul20.nl/dossiers/x"),
        ("Video", "2023-02-01", "2023-02-03", "Pieter Lesage", "https://www.nul20.nl/video/y"),
    ]
    assert "NUL20, Amsterdam" not in " ".join(item["body"])
