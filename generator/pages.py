"""The page plan: which template renders which view at which path, and what each page depends on.

Planning is cheap and rendering is not, so a page is planned as a `Planned`: its path, a key that
digests everything the page shows (the keys of the stories it lists, their neighbours, names of
topics and publishers), and a function that makes its view. A page whose key and file are unchanged
since the last build is neither made nor rendered again.
"""
from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Callable
from urllib.parse import urljoin

from markupsafe import Markup, escape

from . import urls
from .cache import digest
from .config import SiteConfig
from .index import SiteIndex
from .metadata import page_head
from .model import Source, Story
from .slug import slugify
from .views import (DayGroup, DirectoryView, Link, ListingView, Pagination, Paragraph, SearchView, SourceItem,
                    SourceView, StoryView, When, card_facts, make_page, story_card)


@dataclass(frozen=True)
class PageSpec:
    template: str
    path: str
    view: object


@dataclass(frozen=True)
class Planned:
    """An output before it is made: `make(texts, marks)` -> a PageSpec to render, or the file's bytes.

    texts[slug] has at least `.dek` and `.text` for the slugs in `cards`, and is the full StoryText
    (with `.html` and `.citations`) for those in `full`.
    """

    template: str
    path: str
    key: str | None            # None: no key could be made (a story without one): always rendered
    cards: tuple[str, ...]
    make: Callable
    full: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()   # source ids whose evidence passages it marks
    # prepare(texts): work that outputs share, done once in the parent before workers fork (they could not
    # share it: each has its own memory)
    prepare: Callable | None = None


class Keys:
    """What pages depend on, as digests: the site's settings, each story's inputs, each story as a card."""

    def __init__(self, index: SiteIndex, site: str, stories: dict, sources: dict):
        self.site, self.stories, self.sources = site, stories, sources   # slug / source id -> digest
        self._cards: dict[str, str | None] = {}
        self._index = index

    def card(self, story: Story) -> str | None:
        """A card shows the story (its key) and publishers as the whole site spells them."""
        if story.slug not in self._cards:
            key = self.stories.get(story.slug)
            names = sorted({self._index.publisher_name(slugify(r.publisher)) for r in self._index.resolved(story)})
            self._cards[story.slug] = digest(key, *names) if key else None
        return self._cards[story.slug]

    def page(self, template: str, path: str, *parts, cards=()) -> str | None:
        known = self._cards
        try:  # nearly every card was signed for an earlier page: 160,000 look-ups at 10,000 stories
            signatures = [known[s.slug] for s in cards]
        except KeyError:
            signatures = [self.card(s) for s in cards]
        if None in signatures:
            return None
        # signatures are fixed-width hex: joined, they stay apart, and one long part hashes far faster than many
        return digest(self.site, template, path, *parts, "".join(signatures))


def _headed(spec: PageSpec, index: SiteIndex, config: SiteConfig, story=None, tag_slug=None, image=()) -> PageSpec:
    page = spec.view.page
    head = page_head(page, index, config, story, tag_slug, image)
    return replace(spec, view=replace(spec.view, page=replace(page, head=head)))


def _story_view(story: Story, index: SiteIndex, config: SiteConfig, text) -> PageSpec:
    path = urls.story(story.slug)
    page = make_page(path, story.title, text.dek, config)
    sources = tuple(
        SourceItem(publisher=Link(page.link(urls.publisher(r.publisher)), r.publisher), title=r.title, url=r.url,
                   page_url=page.link(urls.source(r.source.id)) if r.source else "",
                   published=When.of(r.published, index) if r.published else None, anchor=f"source-{i + 1}",
                   lang=r.source.lang if r.source else "")
        for i, r in enumerate(index.resolved(story)))
    newer, older = index.neighbours(story)
    link = lambda s: Link(page.link(urls.story(s.slug)), s.title, lang=s.lang) if s else None
    view = StoryView(
        # a standfirst of the editor's own; the one made from the first sentence would repeat it just below
        page=page, title=story.title, dek=story.dek, when=When.of(story.date, index),
        # the latest change, a correction's too, as feeds and the page's metadata already say
        updated=When.of(story.last_modified, index) if story.last_modified > story.date else None,
        tags=tuple(Link(page.link(urls.tag(t)), t) for t in story.tags), summary_html=Markup(text.html),
        sources=sources, corrections=tuple((When.of(c.date, index), c.text) for c in story.corrections),
        newer=link(newer), older=link(older), citations=text.citations, lang=story.lang)
    return _headed(PageSpec("story.html", path, view), index, config, story=story,
                   image=_first_image(text.html, page.canonical))


_IMG = re.compile(r"<img\b[^>]*>")
_ATTRIBUTE = re.compile(r'\s(src|alt)="([^"]*)"')


def _first_image(html: str, page_url: str) -> tuple[str, str]:
    """(absolute URL, alt text) of the summary's first picture, for link cards; () where none can be absolute."""
    tag = _IMG.search(html) if "<img" in html else None
    if not tag:
        return ()
    found = {name: htmllib.unescape(value) for name, value in _ATTRIBUTE.findall(tag.group())}
    src = found.get("src", "")
    url = src if src.startswith(("https://", "http://")) else urljoin(page_url, src) if page_url and src else ""
    return (url, found.get("alt", "")) if url.startswith(("https://", "http://")) else ()


def _plan_story(story: Story, index: SiteIndex, config: SiteConfig, keys: Keys) -> Planned:
    newer, older = index.neighbours(story)
    around = [(s.slug, s.title, s.lang) if s else () for s in (newer, older)]
    key = keys.stories.get(story.slug)
    return Planned("story.html", urls.story(story.slug),
                   keys.page("story.html", urls.story(story.slug), key, *around) if key else None, (),
                   lambda texts, marks: _story_view(story, index, config, texts[story.slug]), (story.slug,))


def source_paragraphs(source: Source, marks=None) -> tuple[Paragraph, ...]:
    """The source text as numbered paragraphs (plain text, escaped), one per non-empty line."""
    paragraphs, offset = [], 0
    for line in source.body.split("\n"):
        if line.strip():
            html = marks(offset, line) if marks else escape(line)
            paragraphs.append(Paragraph(f"p{len(paragraphs) + 1}", Markup(html)))
        offset += len(line) + 1
    return tuple(paragraphs)


def _listed(source: Source, index: SiteIndex) -> bool:
    """A publisher has a page only while a published story cites it."""
    return bool(index.stories_by_publisher(slugify(source.publisher)))


def _source_view(source: Source, index: SiteIndex, config: SiteConfig, texts, marks) -> PageSpec:
    path = urls.source(source.id)
    page = make_page(path, source.title, f"{source.publisher}: {source.title}", config)
    view = SourceView(
        page=page, title=source.title,
        publisher=Link(page.link(urls.publisher(source.publisher)) if _listed(source, index) else "",
                       source.publisher),
        url=source.url, author=source.author,
        published=When.of(source.published, index) if source.published else None,
        retrieved=When.of(source.retrieved, index) if source.retrieved else None,
        paragraphs=source_paragraphs(source, marks(source.id) if marks else None),
        cited_by=tuple(story_card(s, page, index, texts[s.slug].dek) for s in index.citing(source.id)),
        lang=source.lang)
    return _headed(PageSpec("source.html", path, view), index, config)


def _plan_source(source: Source, index: SiteIndex, config: SiteConfig, keys: Keys) -> Planned:
    citing = index.citing(source.id)
    own = keys.sources.get(source.id)
    # the passages marked on the page come from the provenance of the citing stories: their keys cover it
    key = keys.page("source.html", urls.source(source.id), own, _listed(source, index), cards=citing) if own else None
    return Planned("source.html", urls.source(source.id), key, tuple(s.slug for s in citing),
                   lambda texts, marks: _source_view(source, index, config, texts, marks), marks=(source.id,),
                   prepare=lambda texts: _card_facts(citing, index))


def _days(stories, page, index, texts) -> tuple[DayGroup, ...]:
    groups: dict[date, list] = {}
    for story in stories:
        groups.setdefault(index.local_date(story.date).date(), []).append(story)
    return tuple(
        DayGroup(f"{d:%A} {d.day} {d:%B %Y}", d.isoformat(), page.link(urls.day(index.local_date(items[0].date))),
                 tuple(story_card(s, page, index, texts[s.slug].dek) for s in items))
        for d, items in groups.items())


def _listing(path, heading, intro, stories, index, config, keys: Keys, pagination=None, tag_slug=None) -> Planned:
    def make(texts, marks):
        page = make_page(path, heading if path != urls.home() else config.site_name, intro or heading, config)
        view = ListingView(page, heading, intro, _days(stories, page, index, texts), pagination)
        return _headed(PageSpec("listing.html", path, view), index, config, tag_slug=tag_slug)
    # a topic's page advertises the topic's feeds by its name
    name = index.tag_name(tag_slug) if tag_slug else ""
    key = keys.page("listing.html", path, heading, intro, repr(pagination), name, cards=stories)
    return Planned("listing.html", path, key, tuple(s.slug for s in stories), make,
                   prepare=lambda texts: _card_facts(stories, index))


def _card_facts(stories, index) -> None:
    for story in stories:
        card_facts(story, index)


def _paged(path_of, heading, intro, stories, size, index, config, keys, tag_slug=None) -> list[Planned]:
    """stories, newest first, as pages of `size`: path_of(n) is page n's path, heading(n, total) its heading."""
    chunks = [stories[i:i + size] for i in range(0, len(stories), size)] or [()]
    planned = []
    for n, chunk in enumerate(chunks, start=1):
        path = path_of(n)
        rel = lambda p: urls.relative_url(path, p)
        pagination = Pagination(n, len(chunks), rel(path_of(n - 1)) if n > 1 else "",
                                rel(path_of(n + 1)) if n < len(chunks) else "",
                                rel(path_of(1)) if n > 2 else "", rel(path_of(len(chunks))) if n < len(chunks) - 1 else "")
        planned.append(_listing(path, heading(n, len(chunks)), intro, chunk, index, config, keys, pagination,
                                tag_slug=tag_slug))
    return planned


def _front_pages(index, config, keys) -> list[Planned]:
    heading = lambda n, total: "Latest briefs" if n == 1 else f"Briefs, page {n} of {total}"
    return _paged(urls.home, heading, config.site_description, index.stories, config.per_page, index, config, keys)


def _directory(path, heading, intro, entries, index, config, keys: Keys) -> Planned:
    def make(texts, marks):
        page = make_page(path, heading, intro, config)
        links = tuple(Link(page.link(target), text, count) for target, text, count in entries)
        return _headed(PageSpec("directory.html", path, DirectoryView(page, heading, intro, links)), index, config)
    return Planned("directory.html", path, keys.page("directory.html", path, heading, intro, repr(entries)), (), make)


def _archives(index, config, keys) -> list[Planned]:
    planned = []
    for day_, stories in index.days().items():
        first = index.local_date(stories[0].date)
        planned.append(_listing(urls.day(first), f"{first:%A} {first.day} {first:%B %Y}", "", stories, index,
                                config, keys))
    months = []
    for (year, month), stories in index.months().items():
        first = index.local_date(stories[0].date)
        label = f"{first:%B %Y}"
        planned.append(_listing(urls.month(first), label, "", stories, index, config, keys))
        months.append((urls.month(first), label, len(stories)))
    planned.append(_directory(urls.archive_index(), "Archive", "Every brief, by month.", months, index, config, keys))
    return planned


def _topics(index, config, keys) -> list[Planned]:
    planned = []
    size = config.topic_per_page
    for tag_slug in index.tags():
        name, stories = index.tag_name(tag_slug), index.stories_tagged(tag_slug)
        heading = lambda n, total: f"Topic: {name}" + (f", page {n} of {total}" if n > 1 else "")
        planned += _paged(lambda n: urls.tag(tag_slug, n), heading, "", stories, size, index, config, keys, tag_slug)
    planned.append(_directory(urls.tags_index(), "Topics", "Every topic, with its number of briefs.",
                              [(urls.tag(t), index.tag_name(t), len(index.stories_tagged(t))) for t in index.tags()],
                              index, config, keys))
    for pub in index.publishers():
        name, stories = index.publisher_name(pub), index.stories_by_publisher(pub)
        heading = lambda n, total: f"Publisher: {name}" + (f", page {n} of {total}" if n > 1 else "")
        planned += _paged(lambda n: urls.publisher(pub, n), heading, f"Briefs citing {name}.", stories, size,
                          index, config, keys)
    planned.append(_directory(urls.publishers_index(), "Publishers", "Every publisher our briefs cite.",
                              [(urls.publisher(p), index.publisher_name(p), len(index.stories_by_publisher(p)))
                               for p in index.publishers()], index, config, keys))
    return planned


def _search_page(index, config, keys) -> Planned:
    path, count = urls.search_page(), urls.search_shards(len(index.stories))

    def make(texts, marks):
        page = make_page(path, "Search", "Search every brief by headline, text, topic or publisher.", config)
        view = SearchView(page, tuple(page.link(urls.search_index(n)) for n in range(count)),
                          tuple(page.link(urls.search_deks(n)) for n in range(count)),
                          page.link(urls.SEARCH_SCRIPT), page.link(urls.archive_index()))
        return _headed(PageSpec("search.html", path, view), index, config)
    return Planned("search.html", path, keys.page("search.html", path, count), (), make)


def plan(index: SiteIndex, config: SiteConfig, keys: Keys) -> list[Planned]:
    """Every HTML page of the site, planned but not made."""
    planned = [_plan_story(s, index, config, keys) for s in index.stories]
    planned += [_plan_source(src, index, config, keys) for src in index.sources.values()]
    planned += _front_pages(index, config, keys) + _archives(index, config, keys) + _topics(index, config, keys)
    planned.append(_search_page(index, config, keys))
    return planned
