"""sitemap.xml (every page, lastmod from the content) and the Google News sitemap (the last two days).

lastmod never comes from the build time: a rebuild of unchanged content must not tell crawlers that
every page changed, and two builds of the same content must give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from . import urls
from .config import SiteConfig
from .index import SiteIndex
from .metadata import iso  # W3C Datetime = RFC 3339 in the site zone
from .model import Story
from .render import Output

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SITEMAP = "sitemap.xml"
NEWS_SITEMAP = "news-sitemap.xml"
NEWS_WINDOW = dt.timedelta(days=2)   # Google News reads only articles of the last two days
NEWS_LIMIT = 1000                    # and at most 1,000 of them per sitemap
NOT_LISTED = {"404.html"}
ET.register_namespace("news", NEWS_NS)


def _story_pages(story: Story, index: SiteIndex) -> list[str]:
    """Pages whose content shows this story, beside its own."""
    local = index.local_date(story.date)
    pages = [urls.story(story.slug), urls.day(local), urls.month(local)]
    pages += [urls.tag(t) for t in story.tags]
    pages += [urls.publisher(r.publisher) for r in index.resolved(story)]
    pages += [urls.source(r.source_id) for r in story.sources if r.source_id]
    return pages


def content_dates(index: SiteIndex) -> dict[str, dt.datetime]:
    """Page path -> when its content last changed (a story's last_modified, a source's own dates)."""
    dates: dict[str, dt.datetime] = {}

    def touch(path: str, when: dt.datetime | None) -> None:
        if when is not None and (path not in dates or when > dates[path]):
            dates[path] = when

    for story in index.stories:
        when = story.last_modified  # computed, not stored: once per story, not once per page it shows on
        for path in _story_pages(story, index):
            touch(path, when)
    for source in index.sources.values():
        touch(urls.source(source.id), source.retrieved or source.published)
    return dates


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True, default_namespace=SITEMAP_NS) + b"\n"


def sitemap(page_paths, index: SiteIndex, config: SiteConfig, undated=()) -> bytes:
    """Every page; pages that list the whole site (front pages, directories) change with its newest story.
    undated: pages made elsewhere (MkDocs' own, such as an About page), listed without a lastmod."""
    dates = content_dates(index)
    newest = max((s.last_modified for s in index.stories), default=None)
    entries, stamps = [], {}
    for path in sorted((set(page_paths) | set(undated)) - NOT_LISTED):
        when = None if path in undated else dates.get(path, newest)
        if when is not None and when not in stamps:
            stamps[when] = iso(when, index)
        entries.append((urls.absolute_url(config.site_url, path), stamps.get(when)))
    return _urlset(entries)


def _urlset(entries) -> bytes:
    """What ElementTree writes for these <url>s, byte for byte, made as text: ten times faster for a
    large site, where it is remade on every build."""
    if not entries:
        return _xml(ET.Element(f"{{{SITEMAP_NS}}}urlset"))
    lines = ["<?xml version='1.0' encoding='utf-8'?>", f'<urlset xmlns="{SITEMAP_NS}">']
    for loc, lastmod in entries:
        lines += ["  <url>", f"    <loc>{escape(loc)}</loc>"]
        if lastmod:
            lines.append(f"    <lastmod>{escape(lastmod)}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def news_language(language: str) -> str:
    """Google News wants an ISO 639 code: 'en' for en-GB, but zh-cn and zh-tw kept whole."""
    code = language.lower().replace("_", "-")
    if code.split("-")[0] == "zh":  # Google takes Chinese only as zh-cn or zh-tw: by script, else by region
        traditional = code[:7] == "zh-hant" or code.split("-")[-1] in ("tw", "hk", "mo")
        return "zh-tw" if traditional and code[:7] != "zh-hans" else "zh-cn"
    return code.split("-")[0]


def recent_stories(index: SiteIndex, now: dt.datetime) -> tuple[Story, ...]:
    """Stories published in the two days up to `now`, newest first, at most NEWS_LIMIT."""
    return tuple(s for s in index.stories if now - NEWS_WINDOW <= s.date <= now)[:NEWS_LIMIT]


def news_sitemap(stories, index: SiteIndex, config: SiteConfig) -> bytes:
    n = lambda tag: f"{{{NEWS_NS}}}{tag}"
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for story in stories:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = urls.absolute_url(config.site_url, urls.story(story.slug))
        news = ET.SubElement(url, n("news"))
        publication = ET.SubElement(news, n("publication"))
        ET.SubElement(publication, n("name")).text = config.site_name
        ET.SubElement(publication, n("language")).text = news_language(story.lang or config.language)
        ET.SubElement(news, n("publication_date")).text = iso(story.date, index)
        ET.SubElement(news, n("title")).text = story.title
    return _xml(root)


def sitemap_outputs(page_paths, index: SiteIndex, config: SiteConfig, now: dt.datetime) -> list[Output]:
    """Both sitemaps, always. The news sitemap is empty on a quiet day: Google documents an empty news
    sitemap as harmless, and a file that comes and goes would make robots.txt point at a 404."""
    return [Output(SITEMAP, sitemap(page_paths, index, config)),
            Output(NEWS_SITEMAP, news_sitemap(recent_stories(index, now), index, config))]
