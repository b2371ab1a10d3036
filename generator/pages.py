"""The page plan: which template renders which view at which path."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from . import urls
from .config import SiteConfig
from .index import SiteIndex
from .metadata import add_heads
from .model import Source, Story
from .views import (DayGroup, DirectoryView, Link, ListingView, Pagination, Paragraph, SearchView, SourceItem,
                    SourceView, StoryView, When, make_page, story_card)

@dataclass(frozen=True)
class PageSpec:
    template: str
    path: str
    view: object


def _story_view(story: Story, index: SiteIndex, config: SiteConfig, text) -> PageSpec:
    path = urls.story(story.slug)
    page = make_page(path, story.title, text.dek, config)
    sources = tuple(
        SourceItem(publisher=Link(page.link(urls.publisher(r.publisher)), r.publisher), title=r.title, url=r.url,
                   page_url=page.link(urls.source(r.source.id)) if r.source else "",
                   published=When.of(r.published, index) if r.published else None, anchor=f"source-{i + 1}")
        for i, r in enumerate(index.resolved(story)))
    newer, older = index.neighbours(story)
    link = lambda s: Link(page.link(urls.story(s.slug)), s.title) if s else None
    view = StoryView(
        page=page, title=story.title, dek=text.dek, when=When.of(story.date, index),
        updated=When.of(story.updated, index) if story.updated else None,
        tags=tuple(Link(page.link(urls.tag(t)), t) for t in story.tags), summary_html=Markup(text.html),
        sources=sources, corrections=tuple((When.of(c.date, index), c.text) for c in story.corrections),
        newer=link(newer), older=link(older), citations=text.citations)
    return PageSpec("story.html", path, view)


def source_paragraphs(source: Source, marks=None) -> tuple[Paragraph, ...]:
    """The source text as numbered paragraphs (plain text, escaped), one per non-empty line."""
    paragraphs, offset = [], 0
    for line in source.body.split("\n"):
        if line.strip():
            html = marks(offset, line) if marks else escape(line)
            paragraphs.append(Paragraph(f"p{len(paragraphs) + 1}", Markup(html)))
        offset += len(line) + 1
    return tuple(paragraphs)


def _source_view(source: Source, index: SiteIndex, config: SiteConfig, texts, marks) -> PageSpec:
    path = urls.source(source.id)
    page = make_page(path, source.title, f"{source.publisher}: {source.title}", config)
    view = SourceView(
        page=page, title=source.title, publisher=Link(page.link(urls.publisher(source.publisher)), source.publisher),
        url=source.url, author=source.author,
        published=When.of(source.published, index) if source.published else None,
        retrieved=When.of(source.retrieved, index) if source.retrieved else None,
        paragraphs=source_paragraphs(source, marks.get(source.id) if marks else None),
        cited_by=tuple(story_card(s, page, index, texts[s.slug].dek) for s in index.citing(source.id)))
    return PageSpec("source.html", path, view)


def _days(stories, page, index, texts) -> tuple[DayGroup, ...]:
    groups: dict[date, list] = {}
    for story in stories:
        groups.setdefault(index.local_date(story.date).date(), []).append(story)
    return tuple(
        DayGroup(f"{d:%A} {d.day} {d:%B %Y}", d.isoformat(), page.link(urls.day(index.local_date(items[0].date))),
                 tuple(story_card(s, page, index, texts[s.slug].dek) for s in items))
        for d, items in groups.items())


def _listing(path, heading, intro, stories, index, config, texts, pagination=None) -> PageSpec:
    page = make_page(path, heading if path != urls.home() else config.site_name, intro or heading, config)
    return PageSpec("listing.html", path, ListingView(page, heading, intro, _days(stories, page, index, texts),
                                                      pagination))


def _front_pages(index, config, texts) -> list[PageSpec]:
    size = config.per_page
    chunks = [index.stories[i:i + size] for i in range(0, len(index.stories), size)] or [()]
    specs = []
    for n, chunk in enumerate(chunks, start=1):
        path = urls.home(n)
        rel = lambda p: urls.relative_url(path, p)
        pagination = Pagination(n, len(chunks), rel(urls.home(n - 1)) if n > 1 else "",
                                rel(urls.home(n + 1)) if n < len(chunks) else "")
        heading = "Latest briefs" if n == 1 else f"Briefs, page {n} of {len(chunks)}"
        specs.append(_listing(path, heading, config.site_description, chunk, index, config, texts, pagination))
    return specs


def _directory(path, heading, intro, entries, config) -> PageSpec:
    page = make_page(path, heading, intro, config)
    links = tuple(Link(page.link(target), text, count) for target, text, count in entries)
    return PageSpec("directory.html", path, DirectoryView(page, heading, intro, links))


def _archives(index, config, texts) -> list[PageSpec]:
    specs = []
    for day_, stories in index.days().items():
        first = index.local_date(stories[0].date)
        specs.append(_listing(urls.day(first), f"{first:%A} {first.day} {first:%B %Y}", "", stories, index,
                              config, texts))
    months = []
    for (year, month), stories in index.months().items():
        first = index.local_date(stories[0].date)
        label = f"{first:%B %Y}"
        specs.append(_listing(urls.month(first), label, "", stories, index, config, texts))
        months.append((urls.month(first), label, len(stories)))
    specs.append(_directory(urls.archive_index(), "Archive", "Every brief, by month.", months, config))
    return specs


def _topics(index, config, texts) -> list[PageSpec]:
    specs = []
    for tag_slug in index.tags():
        name, stories = index.tag_name(tag_slug), index.stories_tagged(tag_slug)
        specs.append(_listing(urls.tag(tag_slug), f"Topic: {name}", "", stories, index, config, texts))
    specs.append(_directory(urls.tags_index(), "Topics", "Every topic, with its number of briefs.",
                            [(urls.tag(t), index.tag_name(t), len(index.stories_tagged(t))) for t in index.tags()],
                            config))
    for pub in index.publishers():
        name, stories = index.publisher_name(pub), index.stories_by_publisher(pub)
        specs.append(_listing(urls.publisher(pub), f"Publisher: {name}", f"Briefs citing {name}.", stories,
                              index, config, texts))
    specs.append(_directory(urls.publishers_index(), "Publishers", "Every publisher our briefs cite.",
                            [(urls.publisher(p), index.publisher_name(p), len(index.stories_by_publisher(p)))
                             for p in index.publishers()], config))
    return specs


def _search_page(config) -> PageSpec:
    path = urls.search_page()
    page = make_page(path, "Search", "Search every brief by headline, text, topic or publisher.", config)
    view = SearchView(page, page.link(urls.search_index()), page.link(urls.search_deks()),
                      page.link(urls.SEARCH_SCRIPT), page.link(urls.archive_index()))
    return PageSpec("search.html", path, view)


def plan(index: SiteIndex, config: SiteConfig, texts: dict, source_marks=None) -> list[PageSpec]:
    """Every HTML page of the site. texts: slug -> StoryText; source_marks: source id -> marker function."""
    specs = [_story_view(s, index, config, texts[s.slug]) for s in index.stories]
    specs += [_source_view(src, index, config, texts, source_marks) for src in index.sources.values()]
    specs += _front_pages(index, config, texts) + _archives(index, config, texts) + _topics(index, config, texts)
    specs.append(_search_page(config))
    return add_heads(specs, index, config)
