"""Per-source index, built once and shared by every story that cites the source."""
from __future__ import annotations

from dataclasses import dataclass

from .claims import Claim
from .contrast import is_negation
from .normalize import STOPWORDS, content_stems, stem, word_list
from .numbers import NumberMention, find_numbers, same_number
from .sentences import plain_sentences

# Suffix pairs that still name the same thing: Ukraine/Ukrainian, Zelensky/Zelenskyy.
_NAME_SUFFIXES = frozenset("  s y i e a n an ian ians ese ish ns yy iy ii ij ain ians".split(" "))
_ALIASES = {"uk": ("britain", "british", "england", "english"),
            "us": ("america", "american", "americans", "washington"),
            "eu": ("european",), "un": ("nations",)}


@dataclass
class SourceIndex:
    source_id: str
    text: str
    spans: list[tuple[int, int]]  # source sentences, char offsets
    sentence_stems: list[frozenset[str]]
    negated: list[bool]
    postings: dict[str, list[int]]  # stem -> sentence numbers
    bigrams: frozenset[tuple[str, str]]  # adjacent (and skip-one) content stems
    word_set: frozenset[str]  # folded words, hyphen parts too
    by_prefix: dict[str, list[str]]
    phrase_text: str  # " w1 w2 ... ": folded words, for quotes and names
    numbers: list[NumberMention]

    @classmethod
    def build(cls, source_id: str, text: str) -> "SourceIndex":
        spans = plain_sentences(text)
        sentence_stems, negated, postings, bigrams = [], [], {}, set()
        all_words: list[str] = []
        for number, (start, end) in enumerate(spans):
            tokens = word_list(text[start:end])
            all_words += tokens
            content = content_stems(tokens)
            sentence_stems.append(frozenset(content))
            negated.append(any(is_negation(w) for w in tokens))
            for s in set(content):
                postings.setdefault(s, []).append(number)
            bigrams.update(zip(content, content[1:]))
            bigrams.update(zip(content, content[2:]))
        word_set = set(all_words)
        word_set.update([p for w in word_set if "-" in w or "." in w
                         for p in w.replace(".", "").split("-")])
        by_prefix: dict[str, list[str]] = {}
        for w in word_set:
            by_prefix.setdefault(w[:4], []).append(w)
        return cls(source_id, text, spans, sentence_stems, negated, postings,
                   frozenset(bigrams), frozenset(word_set), by_prefix,
                   " " + " ".join(all_words).replace("-", " ") + " ",
                   find_numbers(text, reach=60))

    def has_name_token(self, token: str) -> bool:
        if token in self.word_set or any(a in self.word_set for a in _ALIASES.get(token, ())):
            return True
        return any(_same_name(token, w) for w in self.by_prefix.get(token[:4], ()))

    def contains(self, claim: Claim) -> bool:
        if claim.number is not None:
            return any(same_number(claim.number, n) for n in self.numbers)
        if claim.kind == "quote":
            return self._has_quote(claim.key)
        if claim.initial and stem(claim.key[0]) in self.postings:
            return True  # "Officials said..." where the source has "official"
        return all(self.has_name_token(t) for t in claim.key if t not in STOPWORDS)

    def _has_quote(self, key: tuple[str, ...]) -> bool:
        if " " + " ".join(key) + " " in self.phrase_text:
            return True
        pairs = list(zip(key, key[1:]))
        if not pairs:
            return False
        found = sum(f" {a} {b} " in self.phrase_text for a, b in pairs)
        return found >= 0.8 * len(pairs)


def _same_name(a: str, b: str) -> bool:
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= 4 and a[common:] in _NAME_SUFFIXES and b[common:] in _NAME_SUFFIXES
