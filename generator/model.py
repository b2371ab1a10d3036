"""The records of a site: immutable, validated, no I/O."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class StoryStatus(enum.Enum):
    PUBLISHED = "published"
    DRAFT = "draft"
    SCHEDULED = "scheduled"  # dated in the future: built once its time has come

    def is_published(self) -> bool:
        return self is StoryStatus.PUBLISHED


@dataclass(frozen=True)
class Correction:
    date: datetime
    text: str


@dataclass(frozen=True)
class SourceRef:
    """A story's pointer to a source: a file in content/sources (source_id) or an inline link."""

    source_id: str | None = None
    url: str = ""
    title: str = ""
    publisher: str = ""
    line: int = 0


@dataclass(frozen=True)
class Source:
    id: str
    path: str
    title: str
    publisher: str
    body: str
    body_line: int = 1
    url: str = ""
    published: datetime | None = None
    author: str = ""
    retrieved: datetime | None = None
    publisher_line: int = 1
    lang: str = ""  # of the text, when not the site's


@dataclass(frozen=True)
class Story:
    path: str
    slug: str
    title: str
    date: datetime
    sources: tuple[SourceRef, ...]
    body: str
    body_line: int = 1
    tags: tuple[str, ...] = ()
    dek: str = ""
    updated: datetime | None = None
    draft: bool = False
    corrections: tuple[Correction, ...] = ()
    unsourced: tuple[str, ...] = ()
    status: StoryStatus = StoryStatus.PUBLISHED
    slug_line: int = 1
    tags_line: int = 1
    updated_line: int = 1
    corrections_line: int = 1
    title_line: int = 1
    lang: str = ""  # of the brief, when not the site's
    unsourced_line: int = 1

    @property
    def last_modified(self) -> datetime:
        """The newest of date, updated and correction dates: what feeds and sitemaps call 'updated'."""
        return max([self.date] + ([self.updated] if self.updated else []) + [c.date for c in self.corrections])


@dataclass(frozen=True)
class Corpus:
    """Everything loaded from content/: stories newest first, sources by id."""

    stories: tuple[Story, ...]
    sources: dict  # id -> Source
