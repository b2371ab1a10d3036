"""Cheap contradiction cues: negation and antonyms the best passage disagrees with."""
from __future__ import annotations

from collections.abc import Callable

from .normalize import stem

NEGATION_WORDS = frozenset("""not no never none nobody nothing neither nor without cannot
refused refuses refuse denied denies deny failed fails rejected rejects""".split())

_PAIRS = [
    ("rise", "fall"), ("up", "fall"), ("rise", "down"), ("increase", "decrease"), ("increase", "cut"), ("up", "down"),
    ("gain", "loss"), ("win", "lose"), ("win", "lost"), ("profit", "loss"), ("approve", "block"),
    ("approve", "reject"), ("open", "close"), ("strengthen", "weaken"), ("strengthen", "ease"),
    ("grow", "shrink"), ("higher", "lower"), ("more", "less"), ("more", "fewer"),
    ("support", "oppose"), ("support", "criticise"), ("support", "criticize"), ("allow", "ban"),
    ("accept", "reject"), ("before", "after"), ("first", "last"), ("guilty", "innocent"),
    ("agree", "disagree"), ("welcome", "criticise"), ("success", "failure"), ("best", "worst"),
    ("highest", "lowest"), ("largest", "smallest"), ("boost", "cut"), ("hire", "fire"),
    ("expand", "shrink"), ("start", "end"), ("north", "south"), ("east", "west"),
    ("profit", "lose"), ("kill", "injure"), ("die", "injure"), ("die", "survive"),
    ("beat", "lose"), ("grow", "contract"), ("expand", "contract"), ("rise", "shrink"),
]
ANTONYMS: dict[str, frozenset[str]] = {}
# Stopwords are not content stems; these few still have opposites (their own stems).
_STOPWORD_OPPOSITES = frozenset("up down more less fewer before after".split())
for _a, _b in _PAIRS:
    for _x, _y in ((stem(_a), stem(_b)), (stem(_b), stem(_a))):
        ANTONYMS[_x] = ANTONYMS.get(_x, frozenset()) | {_y}


def has_negation(tokens: list[str]) -> bool:
    return not NEGATION_WORDS.isdisjoint(tokens) or "n't " in " ".join(tokens) + " "


def negation_mismatch(sentence_negated: bool, passage_negated: bool, nearby_negated: bool) -> float:
    """A negation that neither the passage nor its neighbours have is a classic
    error; a negation only the passage has may be dropped or just paraphrased."""
    if sentence_negated:
        return 0.0 if nearby_negated else 1.0
    return 0.4 if passage_negated else 0.0


def antonym_clash(content: set[str], tokens: list[str],
                  passage_stems: Callable[[], set[str]]) -> tuple[str, ...]:
    """Sentence words whose opposite, but not themselves, the passage uses.
    Stopwords with an opposite count too: "rose" against "down from"."""
    stems = content | {stem(t) for t in tokens if t in _STOPWORD_OPPOSITES}
    if ANTONYMS.keys().isdisjoint(stems):
        return ()
    passage = passage_stems()  # only built when the sentence has a word with an opposite
    return tuple(sorted(s for s in stems
                        if s not in passage and ANTONYMS.get(s, frozenset()) & passage))
