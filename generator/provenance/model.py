"""Result types of the provenance check (no logic beyond simple predicates)."""
from __future__ import annotations

import enum
from dataclasses import dataclass


class Support(enum.Enum):
    SUPPORTED = "supported"
    PARTLY = "partly-supported"
    UNSUPPORTED = "unsupported"

    def is_flagged(self) -> bool:
        return self is not Support.SUPPORTED

    def is_supported(self) -> bool:
        return self is Support.SUPPORTED


@dataclass(frozen=True)
class Evidence:
    """A source passage; start/end are character offsets into that source's text."""

    source_id: str
    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True)
class SentenceSpan:
    """One summary sentence located in the Markdown body."""

    index: int
    text: str  # plain text (link text kept, URLs and markup dropped)
    md_start: int
    md_end: int  # just after the last visible character: safe to insert a marker
    line: int  # 1-based line of md_start


@dataclass(frozen=True)
class SentenceCheck:
    index: int
    text: str
    md_start: int
    md_end: int
    line: int
    status: Support
    score: float  # 0..1 confidence that the sentence is supported
    evidence: tuple[Evidence, ...]  # best first
    missing: tuple[str, ...]  # claims found in no source, as written
    found: tuple[str, ...] = ()  # claims that some source contains
    reasons: tuple[str, ...] = ()  # why it is flagged, in words

    @property
    def supported(self) -> bool:
        return self.status is Support.SUPPORTED


@dataclass(frozen=True)
class StoryProvenance:
    sentences: tuple[SentenceCheck, ...]
    headline_missing: tuple[str, ...] = ()  # names, numbers and quotations of the headline no source gives

    def flagged(self) -> tuple[SentenceCheck, ...]:
        return tuple(s for s in self.sentences if s.status.is_flagged())
