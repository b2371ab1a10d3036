"""Check a Markdown summary against its sources, sentence by sentence."""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from .index import SourceIndex
from .model import SentenceCheck, StoryProvenance, Support
from .claims import extract_claims
from .normalize import reads_as_headline, word_list
from .score import SUPPORTED_THRESHOLD, Signals, look_up, measure
from .sentences import split_sentences

# About half a megabyte each. Stories that share a source are dated close together, and a build checks
# them in date order, so a few dozen cover the reuse; 256 cost each worker of a large build 128 MB.
_CACHE_LIMIT = 48
_index_cache: dict[tuple[str, str], SourceIndex] = {}


# What one check may take: a source's index costs ~125 bytes a character, and the time grows as the summary's
# length times the sources' (a 59 KB summary against 1 MB took 99 s). News articles are a few KB.
SOURCE_TEXT_LIMIT = 2_000_000          # characters of source text in all
CHECK_WORK_LIMIT = 10_000_000_000      # summary characters x source characters (about 15 s)


def too_large(summary_chars: int, source_chars: int) -> str:
    """Why a summary is not checked against its sources ("" when it is): more than one check can hold."""
    if source_chars > SOURCE_TEXT_LIMIT:
        return f"its sources hold {source_chars:,} characters of text, over the {SOURCE_TEXT_LIMIT:,} a check can hold"
    if source_chars * summary_chars > CHECK_WORK_LIMIT:
        return (f"a summary of {summary_chars:,} characters against {source_chars:,} of sources would take "
                f"minutes to check")
    return ""


def source_index(source_id: str, text: str) -> SourceIndex:
    """Indexes are cached by (id, text) so stories citing one source share them."""
    key = (source_id, text)
    index = _index_cache.get(key)
    if index is None:
        if len(_index_cache) >= _CACHE_LIMIT:
            _index_cache.pop(next(iter(_index_cache)))
        index = _index_cache[key] = SourceIndex.build(source_id, text)
    return index


def check_headline(headline: str, indexes: list[SourceIndex]) -> tuple[str, ...]:
    """The headline's numbers, quotations, dates and names that no source gives. A headline is terse and often
    in Title Case, where capitals prove nothing: its wording is not checked, nor names read leniently."""
    tokens = word_list(headline)
    claims = [c for c in extract_claims(headline, tokens) if c.kind != "entity" or not c.initial]
    return tuple(dict.fromkeys(c.text for c in look_up(claims, indexes)[1]))


def check_summary(markdown: str, sources: Mapping[str, str], headline: str = "") -> StoryProvenance:
    indexes = [source_index(sid, text) for sid, text in sources.items()]
    checks = []
    for span in split_sentences(markdown):
        signals = measure(span.text, indexes)
        score = signals.score()
        status = verdict(signals, score)
        if span.index == 0 and _own_line(markdown, span) and reads_as_headline(span.text):
            # a headline line atop the summary is read as the title is (an opposite or a negation still counts)
            signals = _as_headline(signals, span.text, indexes)
            status = Support.PARTLY if signals.missing or signals.contradicted else Support.SUPPORTED
        flagged = status.is_flagged()
        missing = signals.missing if flagged else signals.decisive_missing
        checks.append(SentenceCheck(
            index=span.index, text=span.text, md_start=span.md_start, md_end=span.md_end,
            line=span.line, status=status, score=round(score, 4),
            evidence=tuple(p.evidence() for p in signals.passages),
            missing=tuple(c.text for c in missing),
            found=tuple(c.text for c in signals.found),
            # A supported sentence has no missing claim, cue or low score to explain.
            reasons=reasons(signals, score, missing) if flagged else (),
        ))
    return StoryProvenance(tuple(checks), check_headline(headline, indexes) if headline.strip() else ())


def _as_headline(signals: Signals, text: str, indexes: list[SourceIndex]) -> Signals:
    """Title Case proves nothing about names and a headline's wording is terse: only its numbers, quotations,
    dates and plainly written names are checked (as check_headline does), and no cue of contradiction."""
    missing = set(check_headline(text, indexes))
    return dataclasses.replace(signals, wrong_roles=(), judgements=(), wrong_speakers=(), hedge="", retracted=(), swapped=(),
                               missing=tuple(c for c in signals.missing if c.text in missing))


def _own_line(markdown: str, span) -> bool:
    """The sentence is the summary's first line, alone on it (a headline), not the start of a wrapped sentence."""
    return "\n" in markdown[span.md_end:span.md_end + 2] or not markdown[span.md_end:].strip()


def verdict(signals: Signals, score: float) -> Support:
    """Missing claims or contradiction cues flag a sentence; "partly" if other
    claims or most of its wording are sourced."""
    if signals.decisive_missing or signals.contradicted:
        if signals.found or score >= SUPPORTED_THRESHOLD / 2:
            return Support.PARTLY
        return Support.UNSUPPORTED
    return Support.SUPPORTED if score >= SUPPORTED_THRESHOLD else Support.UNSUPPORTED


def reasons(signals: Signals, score: float, missing) -> tuple[str, ...]:
    found = [f"not in any source: {c.text}" + _what_the_passage_gives(c, signals.passages) for c in missing]
    if signals.negation_mismatch >= 1:
        found.append("negation not in the supporting passage")
    found += [f"the passage says the opposite of '{s}'" for s in signals.antonyms]
    found += [f"no source calls {c.text} {' '.join(c.role)}" if c.role else f"no source ties {c.text} to {c.owner.text}"
              for c in signals.wrong_roles]
    found += [f"no source gives {q.text} to {c.text}" if q else f"the source gives these words to another, not "
              f"{c.text}" for c, q in signals.wrong_speakers]
    found += [f"the source later corrects {c.text}" for c in signals.retracted]
    found += [f"the passage that says the rest gives {other}, not {c.text}" for c, other in signals.swapped]
    if signals.hedge:
        found.append(f"the source is less certain: it says '{signals.hedge}'")
    if score < SUPPORTED_THRESHOLD:  # judgements only lower the score
        found += [f"judgement not in any source: {w}" for w in signals.judgements]
    if score < SUPPORTED_THRESHOLD and not found:
        found.append("wording not found in the sources")
    return tuple(found)


_UNIT_AFTER = re.compile(r"\s?(?:million|billion|trillion|bn|per cent|percent|percentage points?|points?|km|kilometres|"
                         r"miles|kg|tonnes|terabytes|gigabytes|years|months|weeks|days|hours|minutes)\b")


def _what_the_passage_gives(claim, passages) -> str:
    """" (the passage gives £84 million)": a missing figure beside the one the supporting passage has of its
    kind, so the curator sees what to write. Only when the passage has one or two such figures."""
    n = claim.number
    if n is None or not passages or n.kind:
        return ""
    ix = passages[0].index
    start, end = ix.spans[passages[0].first][0], ix.spans[passages[0].last][1]
    same = [m for m in ix.numbers if start <= m.start < end and not m.kind and m.is_year == n.is_year
            and (m.percent, m.currency, m.measure) == (n.percent, n.currency, n.measure) and m.value != n.value]
    shown = list(dict.fromkeys(ix.text[m.start:m.end] + (_UNIT_AFTER.match(ix.text, m.end) or [""])[0]
                               for m in same))
    return f" (the passage gives {' and '.join(shown)})" if 0 < len(shown) <= 2 else ""
