"""RSS 2.0, Atom 1.0 and JSON Feed 1.1, for the whole site and for each topic, all from one feed model.

An entry's id is a tag: URI made of the site's host and path, the story's first date and its slug,
so editing a headline never makes readers see a story twice. Corrections and updates move `updated`.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from email.utils import format_datetime
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from . import urls
from .config import SiteConfig
from .index import SiteIndex, rfc3339
from .metadata import ATOM, FORMATS, JSON_FEED, RSS, feed_path, feed_title
from .model import Story
from .pages import Keys, Planned

ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DCTERMS_NS = "http://purl.org/dc/terms/"  # dcterms:modified: RSS 2.0 has no "updated" of its own
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR = "Newsbrief"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)  # `updated` of an empty feed: fixed, never the build time
# a start tag and its attributes, read in order: a "href=" inside another attribute's value, or in text,
# is never taken for a link (rewriting it would close that value early and let markup in)
_START_TAG = re.compile(r"""<[A-Za-z][^\s/>]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>""")
_ATTRIBUTE = re.compile(r"""(\s+)([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# Text for screens only (evidence tooltips, screen-reader labels): without the site's CSS a feed
# reader would print it inline, so feeds keep each citation marker's link and drop these.
_SCREEN_ONLY = re.compile(r'<span class="(?:evidence-tip|visually-hidden)"[^>]*>.*?</span>| aria-describedby="[^"]*"', re.S)


@dataclass(frozen=True)
class Entry:
    id: str
    url: str
    title: str
    summary: str
    content_html: str
    published: dt.datetime          # in the site's time zone
    updated: dt.datetime
    tags: tuple[tuple[str, str], ...]      # (name, absolute URL of the topic page)
    sources: tuple[tuple[str, str], ...]   # (label, absolute URL)
    lang: str = ""                         # the story's own language, when not the site's


@dataclass(frozen=True)
class Feed:
    title: str
    description: str
    language: str
    author: str                     # the site: briefs are signed by the newsroom
    home_url: str
    self_urls: dict                 # format key -> absolute URL of this feed
    entries: tuple[Entry, ...]

    @property
    def updated(self) -> dt.datetime:
        # by instant, not by clock face: two times of one zone compare by their clocks in the hour it repeats
        return max((e.updated for e in self.entries), key=lambda when: when.timestamp(), default=EPOCH)


def story_id(site_url: str, story: Story, index: SiteIndex) -> str:
    """RFC 4151 tag: URI; the site path keeps two project sites on one github.io host apart."""
    parts = urlsplit(site_url)
    first_day = index.local_date(story.date).date().isoformat()
    return f"tag:{parts.hostname},{first_day}:{parts.path}stories/{story.slug}"


def absolute_links(fragment: str, base: str) -> str:
    """Every href/src resolved against the story's URL: feed readers have no page to resolve against."""
    def resolve(attribute):
        space, name, *values = attribute.groups()
        value = next((v for v in values if v is not None), None)
        if name.lower() not in ("href", "src") or value is None:
            return attribute.group(0)
        return f'{space}{name}="{html.escape(_absolute(base, html.unescape(value)), quote=True)}"'

    def rewrite(tag):
        text = tag.group(0)
        lowered = text.lower()
        if "href" not in lowered and "src" not in lowered:  # most tags (<span>, <p>, <sup>) link nowhere
            return text
        return _ATTRIBUTE.sub(resolve, text)
    return _START_TAG.sub(rewrite, fragment)


def _absolute(base: str, url: str) -> str:
    """urljoin(base, url); a summary cites each source passage by the same page URL with its own #fragment,
    so the page part is joined once per story, not once per citation."""
    head, _, fragment = url.partition("#")
    # urljoin keeps a non-empty fragment as written, at the end (less tabs and newlines, which it drops
    # anywhere, and whatever leading blanks it strips would expose)
    if fragment and head and head[0] > " " and "?" not in head and not _DROPPED.intersection(fragment):
        return f"{_joined(base, head)}#{fragment}"
    return urljoin(base, url)


_DROPPED = frozenset("\t\r\n")


@lru_cache(maxsize=1 << 14)
def _joined(base: str, url: str) -> str:
    return urljoin(base, url)


def _list_html(heading: str, items) -> str:
    return f"<h2>{heading}</h2><ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _sources(story: Story, index: SiteIndex, site_url: str) -> tuple[tuple[str, str], ...]:
    """Each source as (label, URL): the original when known, else our page holding its text."""
    out = []
    for r in index.resolved(story):
        url = r.url or (urls.absolute_url(site_url, urls.source(r.source.id)) if r.source else "")
        out.append((f"{r.publisher}: {r.title}", url))
    return tuple(out)


def _content(story: Story, text, index: SiteIndex, url: str, sources) -> str:
    parts = [absolute_links(_SCREEN_ONLY.sub("", text.html), url)]
    if story.corrections:
        parts.append(_list_html("Corrections", (f"{index.local_date(c.date):%d %B %Y}: {html.escape(c.text)}"
                                                for c in story.corrections)))
    parts.append(_list_html("Sources", (f'<a href="{html.escape(u)}">{html.escape(label)}</a>' if u
                                        else html.escape(label) for label, u in sources)))
    return "\n".join(parts)


def make_entry(story: Story, text, index: SiteIndex, config: SiteConfig) -> Entry:
    url = urls.absolute_url(config.site_url, urls.story(story.slug))
    sources = _sources(story, index, config.site_url)
    tags = tuple((t, urls.absolute_url(config.site_url, urls.tag(t))) for t in story.tags)
    return Entry(story_id(config.site_url, story, index), url, story.title, text.dek,
                 _content(story, text, index, url, sources), index.local_date(story.date),
                 index.local_date(story.last_modified), tags, sources, story.lang)


def rfc822(moment: dt.datetime) -> str:
    """RSS dates; as rfc3339, an offset with seconds (local mean time) is given in UTC."""
    offset = moment.utcoffset()
    if offset is not None and offset.seconds % 60:
        moment = moment.astimezone(dt.timezone.utc)
    return format_datetime(moment.replace(microsecond=0))


# Feeds are written as text, in exactly the bytes ElementTree gave (indent(), then tostring() with an
# XML declaration): building and walking a tree of elements cost more than the rest of making a feed.
_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_XML_LANG = "xml:lang"


def _text(text: str) -> str:
    """Character data escaped as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                                    "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})


def _attrs(attrs) -> str:
    return "".join(f' {name}="{value.translate(_ATTRIBUTE_ESCAPES)}"' for name, value in attrs)


@lru_cache(maxsize=256)
def _content_text(content_html: str) -> str:
    """A story's content, escaped once for the several feeds (its topics', two formats each) that carry it."""
    return _text(content_html)


def _leaf(indent: str, tag: str, text: str | None = None, *attrs) -> str:
    """One element without children on a line of its own; empty as ElementTree writes it (<tag />)."""
    if text:
        return f"{indent}<{tag}{_attrs(attrs)}>{_text(text)}</{tag}>\n"
    return f"{indent}<{tag}{_attrs(attrs)} />\n"


def _document(parts: list) -> bytes:
    # xmlcharrefreplace: a lone surrogate becomes a character reference, as ElementTree's writer made it
    return "".join(parts).encode("utf-8", "xmlcharrefreplace") + b"\n"


def rss(feed: Feed) -> bytes:
    used = (("xmlns:atom", ATOM_NS), ("xmlns:content", CONTENT_NS), ("xmlns:dcterms", DCTERMS_NS)) \
        if feed.entries else (("xmlns:atom", ATOM_NS),)  # declared where used, as ElementTree does
    parts = [_DECLARATION, f"<rss{_attrs(used)} version=\"2.0\">\n", "  <channel>\n"]
    # RSS readers render <description> as HTML: plain text is escaped once more so "<script>" stays text
    # (markup characters only: an apostrophe as &#x27; would show as such in readers that take it for text)
    for tag, text in (("title", feed.title), ("link", feed.home_url),
                      ("description", html.escape(feed.description, quote=False)),
                      ("language", feed.language), ("generator", GENERATOR),
                      ("lastBuildDate", rfc822(feed.updated))):
        parts.append(_leaf("    ", tag, text))
    parts.append(_leaf("    ", "atom:link", None, ("href", feed.self_urls[RSS.key]), ("rel", "self"), ("type", RSS.mime)))
    for e in feed.entries:
        parts.append("    <item>\n")
        parts.append(_leaf("      ", "title", e.title))
        parts.append(_leaf("      ", "link", e.url))
        parts.append(_leaf("      ", "guid", e.id, ("isPermaLink", "false")))
        parts.append(_leaf("      ", "pubDate", rfc822(e.published)))  # RFC 822, as RSS demands
        parts.append(_leaf("      ", "dcterms:modified", rfc3339(e.updated)))
        parts.append(_leaf("      ", "description", html.escape(e.summary, quote=False)))
        parts.append(f"      <content:encoded>{_content_text(e.content_html)}</content:encoded>\n" if e.content_html
                     else _leaf("      ", "content:encoded", e.content_html))
        for name, url in e.tags:
            parts.append(_leaf("      ", "category", name, ("domain", url)))
        parts.append("    </item>\n")
    parts.append("  </channel>\n</rss>")
    return _document(parts)


def atom(feed: Feed) -> bytes:
    # unqualified names under a literal xmlns: the plain <feed xmlns="…"> readers expect
    parts = [_DECLARATION, f"<feed{_attrs((('xmlns', ATOM_NS), (_XML_LANG, feed.language)))}>\n",
             _leaf("  ", "id", feed.home_url), _leaf("  ", "title", feed.title),
             _leaf("  ", "subtitle", feed.description), _leaf("  ", "updated", rfc3339(feed.updated)),
             "  <author>\n", _leaf("    ", "name", feed.author), "  </author>\n",
             _leaf("  ", "link", None, ("rel", "self"), ("type", ATOM.mime), ("href", feed.self_urls[ATOM.key])),
             _leaf("  ", "link", None, ("rel", "alternate"), ("type", "text/html"), ("href", feed.home_url)),
             _leaf("  ", "generator", GENERATOR)]
    for e in feed.entries:
        parts.append(f"  <entry{_attrs(((_XML_LANG, e.lang),) if e.lang else ())}>\n")
        parts.append(_leaf("    ", "id", e.id))
        parts.append(_leaf("    ", "title", e.title))
        parts.append(_leaf("    ", "link", None, ("rel", "alternate"), ("type", "text/html"), ("href", e.url)))
        parts.append(_leaf("    ", "published", rfc3339(e.published)))
        parts.append(_leaf("    ", "updated", rfc3339(e.updated)))
        parts.append(_leaf("    ", "summary", e.summary, ("type", "text")))
        parts.append(f'    <content type="html">{_content_text(e.content_html)}</content>\n' if e.content_html
                     else _leaf("    ", "content", e.content_html, ("type", "html")))
        for name, url in e.tags:
            parts.append(_leaf("    ", "category", None, ("term", name), ("label", name)))
        for label, url in e.sources:
            if url:
                parts.append(_leaf("    ", "link", None, ("rel", "related"), ("href", url), ("title", label)))
        parts.append("  </entry>\n")
    parts.append("</feed>")
    return _document(parts)


def json_feed(feed: Feed) -> bytes:
    items = [{"id": e.id, "url": e.url, "title": e.title, "summary": e.summary, "content_html": e.content_html,
              "date_published": rfc3339(e.published), "date_modified": rfc3339(e.updated),
              "tags": [name for name, _ in e.tags],
              **({"language": e.lang} if e.lang else {}),
              "_newsbrief": {"sources": [{"title": label, "url": url} for label, url in e.sources]}}
             for e in feed.entries]
    data = {"version": JSON_FEED_VERSION, "title": feed.title, "home_page_url": feed.home_url,
            "feed_url": feed.self_urls[JSON_FEED.key], "description": feed.description,
            "language": feed.language, "authors": [{"name": feed.author}],
            "items": items}
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")  # no indent: keeps the C encoder


WRITERS = {RSS.key: rss, ATOM.key: atom, JSON_FEED.key: json_feed}


def _feed(stories, entries: dict, index: SiteIndex, config: SiteConfig, tag_slug: str | None) -> Feed:
    home = urls.tag(tag_slug) if tag_slug else urls.home()
    title = feed_title(config, index, tag_slug)
    description = (f"Briefs on {index.tag_name(tag_slug)} from {config.site_name}." if tag_slug
                   else config.site_description or f"Latest briefs from {config.site_name}.")
    self_urls = {f.key: urls.absolute_url(config.site_url, feed_path(f, tag_slug)) for f in FORMATS}
    chosen = tuple(entries[s.slug] for s in stories[:config.feed_size])  # index order: newest first, slug tiebreak
    return Feed(title, description, config.language, config.site_name, urls.absolute_url(config.site_url, home),
                self_urls, chosen)


ENTRIES_KEPT = 1000  # entries held between batches (≈25 KB each): a batch needs at most BATCH of them


def plan_feeds(index: SiteIndex, config: SiteConfig, keys: Keys) -> list[Planned]:
    """Each feed as a planned output: its key covers the stories it carries, so an edit remakes only
    the feeds that show the story. Needs config.site_url."""
    # made in the parent before workers fork (Planned.prepare), so that a story in five topics, whose three
    # formats may go to different workers, is made into an entry once
    entries: dict = {}

    def entry(story, texts):
        if story.slug not in entries:
            if len(entries) >= ENTRIES_KEPT:
                entries.clear()
            entries[story.slug] = make_entry(story, texts[story.slug], index, config)
        return entries[story.slug]

    def one(tag_slug, stories, fmt) -> Planned:
        chosen = stories[:config.feed_size]  # index order: newest first, slug tiebreak
        path = feed_path(fmt, tag_slug)
        name = index.tag_name(tag_slug) if tag_slug else ""

        def make(texts, marks) -> bytes:
            return WRITERS[fmt.key](_feed(chosen, {s.slug: entry(s, texts) for s in chosen}, index, config, tag_slug))
        def prepare(texts) -> None:
            for story in chosen:
                entry(story, texts)
        return Planned("feed", path, keys.page("feed", path, name, cards=chosen), (), make, tuple(s.slug for s in chosen),
                       prepare=prepare)

    topics = [(None, index.stories)] + [(t, index.stories_tagged(t)) for t in index.tags()]
    return [one(tag, stories, fmt) for tag, stories in topics for fmt in FORMATS]
