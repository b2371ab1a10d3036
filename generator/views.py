"""What templates see: small read-only views whose URLs are already relative to their page."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from markupsafe import Markup

from . import urls
from .config import SiteConfig
from .index import SiteIndex, rfc3339
from .model import Story
from .slug import slugify


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    count: int = 0
    lang: str = ""  # of the text, when not the site's (a brief's headline in Arabic)


@dataclass(frozen=True)
class When:
    """A moment as readers see it (site time zone) and as machines read it (ISO 8601)."""

    iso: str
    label: str

    @classmethod
    def of(cls, moment: datetime, index: SiteIndex) -> "When":
        local = index.local_date(moment)
        # a time names its zone: "08:00" alone reads as the reader's own time
        clock = "" if (local.hour, local.minute) == (0, 0) else f", {local:%H:%M} {local.tzname() or ''}".rstrip()
        return cls(rfc3339(local), f"{local.day} {local:%B %Y}{clock}")


@dataclass(frozen=True)
class Alternate:
    """A feed of this page: a <link rel="alternate"> in <head> and a visible subscribe link."""

    url: str
    type: str
    title: str
    label: str


@dataclass(frozen=True)
class Head:
    """What a page tells machines (filled in by metadata): feeds, OpenGraph/Twitter tags, JSON-LD."""

    feeds: tuple[Alternate, ...] = ()       # advertised in <head>
    subscribe: tuple[Alternate, ...] = ()   # this listing's own feeds, shown as visible links
    properties: tuple[tuple[str, str], ...] = ()   # <meta property=…> (OpenGraph, article:)
    names: tuple[tuple[str, str], ...] = ()        # <meta name=…> (Twitter, robots)
    json_ld: Markup = Markup("")            # already escaped for a <script> element


@dataclass(frozen=True)
class Page:
    """What every page shares: where it is, what it is called, how to reach the rest of the site."""

    path: str
    title: str
    description: str
    site_name: str
    lang: str
    stylesheet: str
    home: str
    nav: tuple[Link, ...]
    canonical: str = ""
    head: Head = Head()

    def link(self, to_path: str, fragment: str = "") -> str:
        first, stand_in = _stand_in(self.path)
        if stand_in and to_path.partition("/")[0] != first and _plain(to_path):
            return urls.relative_url(stand_in, to_path, fragment)
        return urls.relative_url(self.path, to_path, fragment)

    @property
    def dir(self) -> str:
        return text_direction(self.lang)

    @property
    def icon(self) -> str:
        return self.link(urls.FAVICON)


def _plain(path: str) -> bool:
    """No empty, "." or ".." segment and no leading slash: a path the urls functions make."""
    framed = f"/{path}/"
    return "//" not in framed and "/./" not in framed and "/../" not in framed


@lru_cache(maxsize=1 << 15)
def _stand_in(page_path: str) -> tuple[str, str]:
    """(first folder, stand-in) of a page: a link to a path outside its first folder climbs to the root
    ("../../") and down again, the same from every page as deep. From a stand-in page as deep (".nb-" names
    are the writer's: no output shares them), urls.relative_url's cache serves every such page, rather
    than missing on each new page for each card it lists."""
    folder = page_path.rpartition("/")[0]
    if not folder or not _plain(folder):
        return "", ""
    depth = folder.count("/") + 1
    return folder.partition("/")[0], "/".join([".nb-"] * depth) + "/index.html"


# Languages, and scripts of other languages ("pa-Arab"), written right to left (the Unicode CLDR's list)
_RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "mzn", "ps", "sd", "syr", "ug", "ur", "yi"}
_RTL_SCRIPTS = {"adlm", "arab", "hebr", "nkoo", "rohg", "syrc", "thaa"}


def text_direction(lang: str) -> str:
    """"rtl" for a BCP 47 tag written right to left (`ar`, `he-IL`, `pa-Arab`), else "": the page's default."""
    parts = lang.replace("_", "-").casefold().split("-")
    if len(parts) > 1 and len(parts[1]) == 4:  # an explicit script wins: `az-Latn` is left to right
        return "rtl" if parts[1] in _RTL_SCRIPTS else ""
    return "rtl" if parts[0] in _RTL_LANGUAGES else ""


def make_page(path: str, title: str, description: str, config: SiteConfig) -> Page:
    rel = lambda p: urls.relative_url(path, p)
    nav = (Link(rel(urls.home()), "Latest"), Link(rel(urls.archive_index()), "Archive"),
           Link(rel(urls.tags_index()), "Topics"), Link(rel(urls.publishers_index()), "Publishers"),
           Link(rel(urls.search_page()), "Search"))
    canonical = urls.absolute_url(config.site_url, path) if config.site_url else ""
    return Page(path, title, description, config.site_name, config.language, rel(urls.STYLESHEET),
                rel(urls.home()), nav, canonical)


@dataclass(frozen=True)
class StoryCard:
    """A story as a listing shows it."""

    url: str
    title: str
    dek: str
    when: When
    publishers: tuple[Link, ...]
    tags: tuple[Link, ...]
    lang: str = ""  # of the story, when not the site's


def story_card(story: Story, page: Page, index: SiteIndex, dek: str) -> StoryCard:
    when, publishers = card_facts(story, index)
    return StoryCard(
        url=page.link(urls.story(story.slug)), title=story.title, dek=dek, when=when,
        publishers=tuple(Link(page.link(urls.publisher(n)), name) for n, name in publishers),
        tags=tuple(Link(page.link(urls.tag(t)), t) for t in story.tags), lang=story.lang)


_facts: list = [None, {}]  # [the last index, its stories' card facts by slug]


def card_facts(story: Story, index: SiteIndex) -> tuple[When, tuple[tuple[str, str], ...]]:
    """(date, (publisher slug, name) of each source) of a story's card, the same on every page that lists it
    (ten or so): made once per build, in the process that makes pages (pages.py prepares them before forking)."""
    if _facts[0] is not index:
        _facts[:] = [index, {}]
    found = _facts[1].get(story.slug)
    if found is None or found[0] is not story or found[1] is not index:  # builds in two threads
        names = sorted({slugify(r.publisher) for r in index.resolved(story)})
        found = _facts[1][story.slug] = (story, index, When.of(story.date, index),
                                         tuple((n, index.publisher_name(n)) for n in names))
    return found[2], found[3]


@dataclass(frozen=True)
class SourceItem:
    """One entry of a story's Sources section."""

    publisher: Link
    title: str
    url: str                 # the original article; empty when unknown
    page_url: str            # our page of the source's text; empty for inline link-only sources
    published: When | None
    anchor: str
    lang: str = ""           # of the source, when not the site's: its title is read in that language


@dataclass(frozen=True)
class Citation:
    """The evidence behind one summary sentence, as its marker and note show it."""

    number: int
    anchor: str
    status: str               # supported | partly-supported | unsupported | acknowledged
    label: str
    quote: str
    source_label: str
    source_url: str           # passage on our source page
    original_url: str         # text-fragment link to the original, when its URL is known
    missing: tuple[str, ...] = ()
    more: tuple[tuple[str, str, str, str], ...] = ()  # (label, url on our source page, quote, its lang) of a 2nd passage
    conflicts: tuple[str, ...] = ()  # what the source says otherwise: "the passage says the opposite of 'fall'"
    tip_quote: str = ""       # the part of the passage that fits a tooltip and shares most words with the sentence
    lang: str = ""            # of the quoted source, when not the site's


@dataclass(frozen=True)
class StoryView:
    page: Page
    title: str
    dek: str
    when: When
    updated: When | None
    tags: tuple[Link, ...]
    summary_html: Markup
    sources: tuple[SourceItem, ...]
    corrections: tuple[tuple[When, str], ...]
    newer: Link | None
    older: Link | None
    citations: tuple[Citation, ...] = ()
    lang: str = ""  # of the brief's own text, when not the site's


@dataclass(frozen=True)
class Paragraph:
    anchor: str
    html: Markup


@dataclass(frozen=True)
class SourceView:
    page: Page
    title: str
    publisher: Link
    url: str
    author: str
    published: When | None
    retrieved: When | None
    paragraphs: tuple[Paragraph, ...]
    cited_by: tuple[StoryCard, ...]
    lang: str = ""  # of the source text, when not the site's


@dataclass(frozen=True)
class DayGroup:
    label: str
    iso: str
    url: str
    stories: tuple[StoryCard, ...]


@dataclass(frozen=True)
class Pagination:
    number: int
    total: int
    newer: str = ""
    older: str = ""
    newest: str = ""   # page 1, from page 3 on: years of a topic are not a hundred clicks away
    oldest: str = ""   # the last page, until the one before it


@dataclass(frozen=True)
class ListingView:
    """Front page, a day, a month, a tag or a publisher: stories grouped by day."""

    page: Page
    heading: str
    intro: str
    days: tuple[DayGroup, ...]
    pagination: Pagination | None = None


@dataclass(frozen=True)
class DirectoryView:
    """An index of tags, publishers or months, each with its count of stories."""

    page: Page
    heading: str
    intro: str
    entries: tuple[Link, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SearchView:
    """The search page: where its index and script are, and where to go without JavaScript."""

    page: Page
    index_scripts: tuple[str, ...]   # one per shard of the index (search.py)
    deks_scripts: tuple[str, ...]
    search_script: str
    archive: str
