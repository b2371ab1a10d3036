"""What each page tells machines: feed links, OpenGraph and Twitter tags, and NewsArticle JSON-LD.

Feed readers find feeds through <link rel="alternate">, link cards come from OpenGraph/Twitter
tags, and search engines read schema.org JSON-LD. All of it is data here; `_meta.html` prints it.
"""
from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass

from markupsafe import Markup

from . import urls
from .config import SiteConfig
from .index import SiteIndex, rfc3339
from .model import Story
from .views import Alternate, Head

SCHEMA_ORG = "https://schema.org"


@dataclass(frozen=True)
class FeedFormat:
    key: str
    mime: str
    filename: str
    label: str


RSS = FeedFormat("rss", "application/rss+xml", "feed.xml", "RSS")
ATOM = FeedFormat("atom", "application/atom+xml", "atom.xml", "Atom")
JSON_FEED = FeedFormat("json", "application/feed+json", "feed.json", "JSON Feed")
FORMATS = (RSS, ATOM, JSON_FEED)


def feed_path(fmt: FeedFormat, tag_slug: str | None = None) -> str:
    """Site feeds sit at the root; a topic's feeds sit beside its page (tags/<slug>/feed.xml)."""
    if tag_slug is None:
        return fmt.filename
    return posixpath.join(posixpath.dirname(urls.tag(tag_slug)), fmt.filename)


def feed_title(config: SiteConfig, index: SiteIndex, tag_slug: str | None = None) -> str:
    return f"{config.site_name}: {index.tag_name(tag_slug)}" if tag_slug else config.site_name


def feed_links(config: SiteConfig, index: SiteIndex, from_path: str, tag_slug: str | None = None):
    """The feeds of the site (or of one topic) as seen from a page; none without site_url (no feeds are built)."""
    if not config.site_url:
        return ()
    title = feed_title(config, index, tag_slug)
    return tuple(Alternate(urls.relative_url(from_path, feed_path(f, tag_slug)), f.mime, f"{title} ({f.label})",
                           f.label) for f in FORMATS)


def iso(moment, index: SiteIndex) -> str:
    """RFC 3339 in the site's time zone, whole seconds: what Atom, JSON Feed, sitemaps and schema.org read."""
    return rfc3339(index.local_date(moment))


def script_json(data) -> Markup:
    """JSON safe inside <script>: `<`, `>` and `&` escaped so `</script>` in a headline cannot end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return Markup(text)


def _organization(config: SiteConfig) -> dict:
    org = {"@type": "Organization", "name": config.site_name}
    return org | ({"url": config.site_url} if config.site_url else {})


def _cited_work(resolved, config: SiteConfig, index: SiteIndex) -> dict:
    work = {"@type": "CreativeWork", "name": resolved.title,
            "publisher": {"@type": "Organization", "name": resolved.publisher}}
    if resolved.url:
        work["url"] = resolved.url
    if resolved.published:
        work["datePublished"] = iso(resolved.published, index)
    if resolved.source and config.site_url:
        work["sameAs"] = urls.absolute_url(config.site_url, urls.source(resolved.source.id))
    return work


def news_article(story: Story, index: SiteIndex, config: SiteConfig, description: str) -> dict:
    """schema.org NewsArticle: sources as citation/isBasedOn, corrections as CorrectionComment."""
    cited = [_cited_work(r, config, index) for r in index.resolved(story)]
    article = {
        "@context": SCHEMA_ORG, "@type": "NewsArticle", "headline": story.title,
        "datePublished": iso(story.date, index), "dateModified": iso(story.last_modified, index),
        "description": description, "inLanguage": story.lang or config.language,
        "author": _organization(config), "publisher": _organization(config),
        "citation": cited, "isBasedOn": [w.get("url") or w.get("sameAs") for w in cited
                                         if w.get("url") or w.get("sameAs")],
    }
    if story.tags:
        article["keywords"] = list(story.tags)
    if story.corrections:
        article["correction"] = [{"@type": "CorrectionComment", "text": c.text, "datePublished": iso(c.date, index)}
                                 for c in story.corrections]
    if config.site_url:
        url = urls.absolute_url(config.site_url, urls.story(story.slug))
        article.update(url=url, mainEntityOfPage={"@type": "WebPage", "@id": url})
    return article


def _social_tags(page, kind: str) -> tuple[tuple, tuple]:
    """OpenGraph properties and Twitter names for a link card; og:url only when it can be absolute."""
    properties = [("og:type", kind), ("og:title", page.title), ("og:site_name", page.site_name)]
    names = [("twitter:card", "summary"), ("twitter:title", page.title)]
    if page.description:
        properties.append(("og:description", page.description))
        names.append(("twitter:description", page.description))
    if page.canonical:
        properties.append(("og:url", page.canonical))
    return tuple(properties), tuple(names)


def _story_head(page, story: Story, index: SiteIndex, config: SiteConfig, image: tuple[str, str] = ()) -> Head:
    properties, names = _social_tags(page, "article")
    if image:  # the summary's first picture: link cards show it, large
        url, alt = image
        properties += (("og:image", url),) + ((("og:image:alt", alt),) if alt else ())
        names = tuple(("twitter:card", "summary_large_image") if n == "twitter:card" else (n, c) for n, c in names)
        names += (("twitter:image", url),) + ((("twitter:image:alt", alt),) if alt else ())
    properties += (("article:published_time", iso(story.date, index)),
                   ("article:modified_time", iso(story.last_modified, index)))
    properties += tuple(("article:tag", tag) for tag in story.tags)
    article = news_article(story, index, config, page.description)
    if image:
        article["image"] = [image[0]]
    return Head(feed_links(config, index, page.path), (), properties, names, script_json(article))


def page_head(page, index: SiteIndex, config: SiteConfig, story: Story | None = None,
              tag_slug: str | None = None, image: tuple[str, str] = ()) -> Head:
    """The head of one page: a story gets article tags and JSON-LD, a topic its own feeds first."""
    if story is not None:
        return _story_head(page, story, index, config, image)
    properties, names = _social_tags(page, "website")
    site_feeds = feed_links(config, index, page.path)
    own = feed_links(config, index, page.path, tag_slug) if tag_slug else ()
    subscribe = own or (site_feeds if page.path == urls.home() else ())
    return Head(own + site_feeds, subscribe, properties, names)
