"""Relations computed once: order, tags, publishers, days, months, who cites whom, neighbours."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo

from .model import Corpus, Source, SourceRef, Story
from .slug import slugify


def rfc3339(moment: datetime) -> str:
    """Whole seconds with the moment's offset, as feeds, sitemaps, JSON-LD and <time> read it. An offset with
    seconds (local mean time, before about 1900: Europe/London was -00:01:15) has no RFC 3339 form: UTC then."""
    offset = moment.utcoffset()
    if offset is not None and offset.seconds % 60:
        moment = moment.astimezone(timezone.utc)
    return moment.replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class ResolvedSource:
    """A story's source with the file (when it has one) merged into one shape for pages and feeds."""

    ref: SourceRef
    source: Source | None

    @property
    def title(self) -> str:
        return self.source.title if self.source else self.ref.title

    @property
    def publisher(self) -> str:
        return self.source.publisher if self.source else self.ref.publisher

    @property
    def url(self) -> str:
        return self.source.url if self.source else self.ref.url

    @property
    def published(self) -> datetime | None:
        return self.source.published if self.source else None


def _group(stories, key) -> dict:
    groups = defaultdict(list)
    for story in stories:
        for k in key(story):
            groups[k].append(story)
    return {k: tuple(v) for k, v in groups.items()}


@dataclass(frozen=True)
class SiteIndex:
    stories: tuple[Story, ...]              # published, newest first (date, then slug)
    sources: dict                           # id -> Source
    tz: tzinfo
    scheduled: tuple[Story, ...] = ()
    docs_dir: str = "content"               # the content folder as Story.path spells it ("content/stories/x.md")
    files: frozenset = frozenset()          # site paths of content's other files (media.py), published as-is

    def __post_init__(self):
        local = lambda s: s.date.astimezone(self.tz)
        # every page and feed asks for these many times over: made once per story
        object.__setattr__(self, "_resolved", {s.slug: tuple(
            ResolvedSource(r, self.sources.get(r.source_id) if r.source_id else None) for r in s.sources)
            for s in self.stories})
        derived = {
            "_by_tag": _group(self.stories, lambda s: {slugify(t) for t in s.tags}),
            "_tag_names": {slugify(t): t for s in reversed(self.stories) for t in s.tags},
            "_by_publisher": _group(self.stories, lambda s: {slugify(r.publisher) for r in self.resolved(s)}),
            "_publisher_names": {slugify(r.publisher): r.publisher for s in reversed(self.stories)
                                 for r in self.resolved(s)},
            "_by_day": _group(self.stories, lambda s: [local(s).date()]),
            "_by_month": _group(self.stories, lambda s: [(local(s).year, local(s).month)]),
            "_cited_by": _group(self.stories, lambda s: sorted({r.source_id for r in s.sources if r.source_id})),
            "_position": {s.slug: i for i, s in enumerate(self.stories)},
            "_by_file": {**{src.path: src for src in self.sources.values()}, **{s.path: s for s in self.stories}},
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def resolved(self, story: Story) -> tuple[ResolvedSource, ...]:
        found = self._resolved.get(story.slug)
        if found is not None and found and found[0].ref is story.sources[0]:
            return found
        return tuple(ResolvedSource(r, self.sources.get(r.source_id) if r.source_id else None) for r in story.sources)

    def local_date(self, when: datetime) -> datetime:
        return when.astimezone(self.tz)

    def tags(self) -> list[str]:
        """Tag slugs, sorted; 'Russia' and 'russia' share one page, named as the newest story spells it."""
        return sorted(self._by_tag)

    def tag_name(self, tag_slug: str) -> str:
        return self._tag_names[tag_slug]

    def stories_tagged(self, tag_slug: str) -> tuple[Story, ...]:
        return self._by_tag.get(tag_slug, ())

    def publishers(self) -> list[str]:
        """Publisher slugs, sorted; spelling variants share one page."""
        return sorted(self._by_publisher)

    def publisher_name(self, publisher_slug: str) -> str:
        return self._publisher_names[publisher_slug]

    def stories_by_publisher(self, publisher_slug: str) -> tuple[Story, ...]:
        return self._by_publisher.get(publisher_slug, ())

    def days(self) -> dict:
        return self._by_day

    def months(self) -> dict:
        return self._by_month

    def citing(self, source_id: str) -> tuple[Story, ...]:
        return self._cited_by.get(source_id, ())

    def by_file(self, path: str) -> Story | Source | None:
        """The published story or the source read from this content file (a path as Story.path spells it)."""
        return self._by_file.get(path)

    def position(self, slug: str) -> int:
        return self._position[slug]

    def neighbours(self, story: Story) -> tuple[Story | None, Story | None]:
        """(newer, older) story around this one."""
        i = self._position[story.slug]
        newer = self.stories[i - 1] if i > 0 else None
        older = self.stories[i + 1] if i + 1 < len(self.stories) else None
        return newer, older


def build_index(corpus: Corpus, tz: tzinfo, docs_dir: str = "content", files: frozenset = frozenset()) -> SiteIndex:
    published = tuple(s for s in corpus.stories if s.status.is_published())
    scheduled = tuple(s for s in corpus.stories if s.status.value == "scheduled")
    # a source is published with the first published story that cites it: one cited only by a draft or a
    # scheduled story is part of that story's embargo, and one nobody cites yet is the curator's notes
    cited = {r.source_id for s in published for r in s.sources if r.source_id}
    return SiteIndex(published, {k: v for k, v in corpus.sources.items() if k in cited}, tz, scheduled, docs_dir, files)
