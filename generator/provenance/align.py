"""Find the source passages (windows of 1-3 source sentences) that best cover a sentence."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .index import SourceIndex
from .model import Evidence

MAX_WINDOW = 3
_WINDOW_PENALTY = 0.03  # per extra sentence: prefer tight evidence


@dataclass(frozen=True)
class Passage:
    index: SourceIndex
    first: int  # source sentence numbers, inclusive
    last: int
    covered: frozenset[str]
    recall: float  # weighted share of the sentence's content stems in the passage

    def evidence(self) -> Evidence:
        start, end = self.index.spans[self.first][0], self.index.spans[self.last][1]
        return Evidence(self.index.source_id, start, end, self.index.text[start:end],
                        round(self.recall, 3))

    @property
    def stems(self) -> set[str]:
        return set().union(*self.index.sentence_stems[self.first:self.last + 1])

    @property
    def negated(self) -> bool:
        return any(self.index.negated[self.first:self.last + 1])


def stem_weights(stems: set[str], indexes: list[SourceIndex]) -> dict[str, float]:
    """IDF over all source sentences: rare words count more than "said"."""
    total = sum(len(ix.spans) for ix in indexes) or 1
    return {s: math.log(1 + total / (1 + sum(len(ix.postings.get(s, ())) for ix in indexes)))
            for s in stems}


def best_passages(stems: set[str], weights: dict[str, float],
                  indexes: list[SourceIndex], limit: int = 2) -> list[Passage]:
    """Best window first; a second one only if it covers words the first misses."""
    total = sum(weights.values())
    if not total:
        return []
    candidates = [p for ix in indexes for p in _windows(stems, weights, total, ix)]
    candidates.sort(key=lambda p: (-_rank(p), p.index.source_id, p.first))
    chosen: list[Passage] = candidates[:1]
    for passage in candidates[1:]:
        if len(chosen) >= limit:
            break
        new = passage.covered - chosen[0].covered
        if new and passage.recall >= 0.3 and not _overlaps(passage, chosen[0]):
            chosen.append(passage)
    return chosen


def _rank(passage: Passage) -> float:
    return passage.recall - _WINDOW_PENALTY * (passage.last - passage.first)


def _windows(stems, weights, total, ix: SourceIndex) -> list[Passage]:
    matched: dict[int, set[str]] = {}
    for s in stems:
        for number in ix.postings.get(s, ()):
            matched.setdefault(number, set()).add(s)
    passages = []
    for first in sorted(matched):
        covered: set[str] = set()
        for last in range(first, min(first + MAX_WINDOW, len(ix.spans))):
            if last > first and last not in matched:
                break
            covered |= matched.get(last, set())
            recall = sum(weights[s] for s in covered) / total
            passages.append(Passage(ix, first, last, frozenset(covered), recall))
    return passages


def _overlaps(a: Passage, b: Passage) -> bool:
    return a.index is b.index and a.first <= b.last and b.first <= a.last
