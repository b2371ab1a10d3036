"""Model-summary habits: framing words to ignore, judgements to check.

Chat models open with "The article reports that..." and close with "Overall,
...": those words are about the summary, not the story, so they must not count
as unsourced wording. Their judgements ("widely praised", "unreasonable",
"the worst since") are claims, though: a source must make them too.
"""
from __future__ import annotations

import re

from .index import SourceIndex
from .normalize import stem

_DOCUMENT = (r"(?:the|this) (?:news |live |original )?(?:article|report|story|piece|text|blog|"
             r"passage|coverage|update|study|research|paper)")
_FRAMING_VERB = (r"(?:also )?(?:discusses|reports(?: on)?|describes|covers|highlights|details|"
                 r"explains|outlines|notes|mentions|states|says|focuses on|examines|explores|"
                 r"reveals|indicates|suggests|presents|summarizes|summarises|is about|concerns|"
                 r"provides (?:an? )?(?:overview|update|account) of)(?: that| how)?")
_FRAMING = re.compile(
    r"^\s*(?:(?:overall|in summary|in conclusion|in short|in brief|to summari[sz]e|in sum)\s*,\s*)?"
    r"(?:(?:according to " + _DOCUMENT + r"\s*,\s*)|(?:" + _DOCUMENT + r"\s+" + _FRAMING_VERB
    + r"\s+))?", re.IGNORECASE)
_OPENINGS = frozenset(("ove", "in ", "to ", "acc", "the", "thi"))
# Words that talk about the summary itself wherever they stand.
META_STEMS = frozenset(stem(w) for w in "article summary overall blog".split())
# Judgements and superlatives that a faithful summary only repeats.
_JUDGEMENTS = frozenset(stem(w) for w in """praised hailed lauded applauded commended acclaimed
widely unreasonable reasonable controversial successful unsuccessful swift swiftly remarkable
remarkably landmark historic unprecedented shocking tragic tragically clearly obviously
undoubtedly heroic disastrous brave courageous admirable irresponsible reckless outrageous
impressive excellent worst best biggest greatest deadliest strongest severest unfair
unjustified justified effective ineffective failure triumph""".split())


def strip_framing(sentence: str) -> str:
    """The sentence without an opening "Overall, the article reports that"."""
    if not sentence[:3].lower() in _OPENINGS:
        return sentence  # most sentences: no need to run the pattern
    match = _FRAMING.match(sentence)
    return sentence[match.end():] if match and match.end() else sentence


_IRREGULAR_PARTICIPLES = frozenset("known held read thought taught felt built sold told won".split())


def unsourced_judgements(tokens: list[str], stems: set[str],
                         indexes: list[SourceIndex]) -> tuple[str, ...]:
    """Judgement words of the sentence that no source uses (in any form)."""
    if _JUDGEMENTS.isdisjoint(stems):
        return ()
    # "widely" judges only a verdict it qualifies ("widely criticised"), not "how widely the results apply"
    words = [t for n, t in enumerate(tokens) if stem(t) in _JUDGEMENTS
             and (t != "widely" or tokens[n + 1:n + 2] and (tokens[n + 1].endswith(("ed", "en"))
                                                              or tokens[n + 1] in _IRREGULAR_PARTICIPLES))]
    return tuple(w for w in words if not any(stem(w) in ix.postings or w in ix.word_set
                                             for ix in indexes))
