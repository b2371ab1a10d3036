"""Find the source passages (windows of 1-3 source sentences) that best cover a sentence."""
from __future__ import annotations

from dataclasses import dataclass

from .index import SourceIndex, idf_weight
from .normalize import stem
from .model import Evidence

MAX_WINDOW = 3
_WINDOW_PENALTY = 0.03  # per extra sentence: prefer tight evidence
_TOP_SENTENCES = 6  # windows are built around this many best-matching sentences
# words that tie a claim to whoever made it, not to what it says: a sentence sharing only these is no evidence
_GLUE = frozenset(stem(w) for w in ("said", "says", "told", "added", "according"))


@dataclass(slots=True)  # not frozen: created per sentence, and frozen init is slow
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
    def word_stems(self) -> set[str]:
        """Stems of every word of the passage, stopwords too ("up", "down", "more")."""
        return set().union(*map(self.index.word_stems, range(self.first, self.last + 1)))

    @property
    def negated(self) -> bool:
        return any(self.index.negated[self.first:self.last + 1])

    @property
    def negated_sentences(self) -> list[tuple[frozenset[str], frozenset[str]]]:
        """(negated targets, content stems) of each sentence of the passage that holds a negation."""
        return [(self.index.negated_targets[n], self.index.sentence_stems[n])
                for n in range(self.first, self.last + 1) if self.index.negated[n] or self.index.negated_targets[n]]

    @property
    def plain_word_stems(self) -> set[str]:
        """Stems of the passage's sentences that hold no negation at all."""
        return set().union(*(self.index.word_stems(n) for n in range(self.first, self.last + 1)
                             if not self.index.negated[n] and not self.index.negated_targets[n]))

    @property
    def negated_nearby(self) -> bool:
        """A negation in the passage or the sentence either side of it."""
        return any(self.index.negated[max(0, self.first - 1):self.last + 2])


def stem_weights(stems: set[str], indexes: list[SourceIndex]) -> dict[str, float]:
    """IDF over all source sentences: rare words count more than "said"."""
    if len(indexes) == 1:  # the common case: the index has them ready
        idf = indexes[0].idf
        return {s: idf[s] for s in stems}
    total = sum(len(ix.spans) for ix in indexes) or 1
    postings = [ix.postings for ix in indexes]
    weights = {}
    for s in stems:
        having = 0
        for where in postings:
            having += len(where.get(s, ()))
        weights[s] = idf_weight(total, having)
    return weights


def best_passages(stems: set[str], weights: dict[str, float],
                  indexes: list[SourceIndex], limit: int = 2) -> list[Passage]:
    """Best window first; a second one only if it covers words the first misses."""
    total = sum(weights.values())
    if not total:
        return []
    penalty = _WINDOW_PENALTY * total
    candidates = [w for ix in indexes for w in _windows(stems, _sentence_mass(stems, weights, ix), weights, ix, penalty)]
    if not candidates:
        return []
    # (-rank, source id, first, last, mass, index, covered): plain tuple order is
    # best first, ties broken by position. Weights are exact (index.exact_weight),
    # so equal sums are real ties whatever order they were added in.
    candidates.sort()
    best = candidates[0]
    chosen = [best]
    for cand in candidates[1:limit * 8]:
        if len(chosen) >= limit:
            break
        far = cand[5] is not best[5] or cand[2] > best[3] or best[2] > cand[3]
        if far and cand[6] - best[6] and cand[4] / total >= 0.3:
            chosen.append(cand)
    return [Passage(c[5], c[2], c[3], frozenset(c[6]), c[4] / total) for c in chosen]


def _sentence_mass(stems: set[str], weights: dict[str, float], ix: SourceIndex) -> dict[int, float]:
    """Source sentence number -> the weight of the sentence's stems it contains. (Which stems those are is
    asked only of the few sentences that start or extend a window: _windows.)"""
    mass: dict[int, float] = {}
    get = mass.get
    postings = ix.postings
    for s in stems:
        where = postings.get(s)
        if where:
            weight = weights[s]
            for number in where:
                mass[number] = get(number, 0.0) + weight
    return mass


def _window_starts(mass: dict[int, float]) -> list[int]:
    """Only windows around the best single sentences can win: prune the rest
    (keeps long sources cheap)."""
    if len(mass) <= _TOP_SENTENCES:
        return sorted(mass)
    # heaviest first, ties by position: a stable sort of the positions in order
    starts = set()
    for n in sorted(sorted(mass), key=mass.__getitem__, reverse=True)[:_TOP_SENTENCES]:
        starts.update(range(n - MAX_WINDOW + 1, n + 1))
    return sorted(starts.intersection(mass))


def _windows(stems: set[str], mass: dict[int, float], weights, ix: SourceIndex, penalty: float) -> list[tuple]:
    windows = []
    count = len(ix.spans)
    source_id = ix.source_id
    posted = ix.posted
    shared: dict[int, set[str]] = {}  # sentence -> the claim's stems it has (windows overlap: each asked once)
    for first in _window_starts(mass):
        covered = shared.get(first)
        if covered is None:
            covered = shared[first] = stems & posted[first]
        if covered <= _GLUE and any(n in mass for n in range(first + 1, first + MAX_WINDOW)):
            continue  # a passage does not start at a sentence that shares only "said" with the claim
        covered_mass = mass[first]
        windows.append((-covered_mass, source_id, first, first, covered_mass, ix, covered))
        for last in range(first + 1, min(first + MAX_WINDOW, count)):
            if last not in mass:
                break
            found = shared.get(last)
            if found is None:
                found = shared[last] = stems & posted[last]
            new = found - covered
            if not new or new <= _GLUE:
                continue  # a longer window must add something, and more than "said"
            covered = covered | new  # a new set: the shorter window keeps its own
            covered_mass += sum(map(weights.__getitem__, new))
            windows.append((penalty * (last - first) - covered_mass, source_id, first, last,
                            covered_mass, ix, covered))
    return windows
