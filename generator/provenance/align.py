"""Find the source passages (windows of 1-3 source sentences) that best cover a sentence."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .index import SourceIndex
from .model import Evidence

MAX_WINDOW = 3
_WINDOW_PENALTY = 0.03  # per extra sentence: prefer tight evidence
_TOP_SENTENCES = 6  # windows are built around this many best-matching sentences


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

    @property
    def negated_nearby(self) -> bool:
        """A negation in the passage or the sentence either side of it."""
        return any(self.index.negated[max(0, self.first - 1):self.last + 2])


def stem_weights(stems: set[str], indexes: list[SourceIndex]) -> dict[str, float]:
    """IDF over all source sentences: rare words count more than "said"."""
    total = sum(len(ix.spans) for ix in indexes) or 1
    if len(indexes) == 1:  # the common case, without the inner loop
        postings = indexes[0].postings
        return {s: math.log(1 + total / (1 + len(postings.get(s, ())))) for s in stems}
    return {s: math.log(1 + total / (1 + sum(len(ix.postings.get(s, ())) for ix in indexes)))
            for s in stems}


def best_passages(stems: set[str], weights: dict[str, float],
                  indexes: list[SourceIndex], limit: int = 2) -> list[Passage]:
    """Best window first; a second one only if it covers words the first misses."""
    total = sum(weights.values())
    if not total:
        return []
    candidates = [w for ix in indexes for w in _windows(stems, weights, ix)]
    if not candidates:
        return []
    # (rank, order, index, first, last, covered): order keeps ties deterministic.
    candidates.sort(key=lambda c: (-c[0], c[1]))
    best = candidates[0]
    chosen = [best]
    for cand in candidates[1:limit * 8]:
        if len(chosen) >= limit:
            break
        far = cand[2] is not best[2] or cand[3] > best[4] or best[3] > cand[4]
        if far and cand[5] - best[5] and _recall(cand, weights, total) >= 0.3:
            chosen.append(cand)
    return [Passage(c[2], c[3], c[4], frozenset(c[5]), _recall(c, weights, total)) for c in chosen]


def _window_starts(matched: dict[int, set[str]], weights: dict[str, float]) -> list[int]:
    """Only windows around the best single sentences can win: prune the rest
    (keeps long sources cheap)."""
    if len(matched) <= _TOP_SENTENCES:
        return sorted(matched)
    mass = {n: sum(weights[s] for s in found) for n, found in matched.items()}
    top = sorted(mass, key=lambda n: (-mass[n], n))[:_TOP_SENTENCES]
    starts = {start for n in top for start in range(n - MAX_WINDOW + 1, n + 1)}
    return sorted(n for n in starts if n in matched)


def _recall(cand, weights: dict[str, float], total: float) -> float:
    return sum(weights[s] for s in cand[5]) / total


def _windows(stems, weights, ix: SourceIndex) -> list[tuple]:
    matched: dict[int, set[str]] = {}
    for s in stems:
        for number in ix.postings.get(s, ()):
            matched.setdefault(number, set()).add(s)
    windows = []
    penalty = _WINDOW_PENALTY * sum(weights.values())
    for first in _window_starts(matched, weights):
        covered: set[str] = set()
        mass = 0.0
        for last in range(first, min(first + MAX_WINDOW, len(ix.spans))):
            if last > first and last not in matched:
                break
            new = matched.get(last, set()) - covered
            if last > first and not new:
                continue  # a longer window must add something
            covered |= new
            mass += sum(map(weights.__getitem__, new))
            rank = mass - penalty * (last - first)
            windows.append((rank, (ix.source_id, first), ix, first, last, set(covered)))
    return windows
