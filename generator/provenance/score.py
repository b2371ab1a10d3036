"""Signals about one summary sentence and how they combine into a support score."""
from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass

from .align import Passage, best_passages, stem_weights
from .certainty import dropped_hedge
from .claims import Claim, extract_claims
from .index import SourceIndex
from .contrast import (antonym_clash, has_negation, negated_by_prefix, negated_targets, negation_flips,
                       negation_mismatch, refusals)
from .framing import META_STEMS, strip_framing, unsourced_judgements
from .normalize import content_stems, fold_char_preserving, stem, word_list
from .number_words import time_unit
from .numbers import context_stems

# Logistic weights: set by hand, then moved halfway towards a logistic fit on the
# tuning fixtures (never the held-out ones).
WEIGHTS = {
    "bias": -2.8, "recall": 2.8, "coverage": 1.3, "bigrams": 1.6, "found": 0.5,
    "entity": -2.2, "number": -2.6, "quote": -2.0, "date": -1.6, "negation": -2.0, "antonym": -1.8,
    "role": -1.5, "initial": -1.0, "judgement": -1.5,
}
SUPPORTED_THRESHOLD = 0.35


@dataclass(slots=True)  # not frozen: created per sentence, and frozen init is slow
class Signals:
    recall: float  # best passage, IDF-weighted content-word recall
    coverage: float  # same, against all sources at once
    bigrams: float  # share of content bigrams seen in a source
    negation_mismatch: float
    antonyms: tuple[str, ...]  # sentence words whose opposite the passage uses
    wrong_roles: tuple[Claim, ...]  # names whose title is nowhere near them in a source
    found: tuple[Claim, ...]
    missing: tuple[Claim, ...]
    passages: tuple[Passage, ...]
    # "widely praised", "the worst" in no source: lowers the score only, since a
    # paraphrase may judge in other words ("biggest" for "largest").
    judgements: tuple[str, ...] = ()
    # (speaker, quotation): words the source gives to someone else ("Lagarde called it 'a drop in the ocean'")
    wrong_speakers: tuple[tuple[Claim, Claim], ...] = ()
    # what the supporting sentence only expects or suspects, stated as settled: "is expected to" -> "has declared"
    hedge: str = ""
    # figures a source (a live blog) later takes back: "Correction: at 10.20 we said … £28m"
    retracted: tuple[Claim, ...] = ()
    # (figure, the passage's own figure of that kind): "5.2%" where the passage that says the rest gives 4.8%
    swapped: tuple[tuple[Claim, str], ...] = ()

    @property
    def decisive_missing(self) -> tuple[Claim, ...]:
        """Missing claims that flag a sentence on their own. A capitalised word
        that only starts the sentence ("Critics said...") may be a common noun,
        so it lowers the score but does not flag."""
        return tuple(c for c in self.missing if not c.initial)

    @property
    def contradicted(self) -> bool:
        return bool(self.antonyms or self.wrong_roles or self.wrong_speakers or self.hedge or self.retracted
                    or self.swapped) or self.negation_mismatch >= 1

    def score(self) -> float:
        w = WEIGHTS
        z = w["bias"] + w["recall"] * self.recall + w["coverage"] * self.coverage
        z += w["bigrams"] * self.bigrams + w["negation"] * self.negation_mismatch
        z += w["antonym"] * min(len(self.antonyms), 2)
        z += w["role"] * min(len(self.wrong_roles) + len(self.wrong_speakers), 2)
        z += w["judgement"] * min(len(self.judgements), 2)
        z += w["found"] * min(len(self.found), 2)  # verified names/numbers are support too
        for claim in self.missing:
            z += w["initial"] if claim.initial else w[claim.kind]
        # clamped: a sentence listing 300 numbers no source gives must not overflow exp()
        return 1 / (1 + math.exp(-max(-60.0, min(60.0, z))))


def measure(sentence: str, indexes: list[SourceIndex]) -> Signals:
    tokens = word_list(sentence)
    # "The article reports that...", "Overall, ...": about the summary, not the story.
    framed = strip_framing(sentence)
    content = [s for s in content_stems(tokens if framed is sentence else word_list(framed))
               if s not in META_STEMS]
    stems = set(content)
    weights = stem_weights(stems, indexes)
    passages = best_passages(stems, weights, indexes)
    total = sum(weights.values())
    coverage = _coverage(stems, weights, total, indexes)
    claims = _dedupe(extract_claims(sentence, tokens))
    found, missing = look_up(claims, indexes)
    if any(c.number is not None for c in missing):  # (most sentences: every figure found, or none given)
        found, missing = _derived_figures(sentence, found, missing, passages, indexes)
    quoted = [c.text.casefold() for c in found if c.kind == "quote"]
    if quoted and missing:  # "called it 'a tale of two halves'": the quotation is checked word for word already
        missing = tuple(c for c in missing if c.kind != "number" or not any(c.text.casefold() in q for q in quoted))
    # "plan_buses_without_ready", "no_breaks": words of a name in code, not a negation
    plain, plain_tokens = (_IDENTIFIER.sub(" ", sentence), None) if "_" in sentence else (sentence, tokens)
    plain_tokens = plain_tokens if plain_tokens is not None else word_list(plain)
    negated = has_negation(plain_tokens)
    best = passages[0] if passages else None
    # a sentence joining two facts has two passages: its negation may be in either ("Farley said: '… cannot …'")
    mismatch = negation_mismatch(negated, best.negated, any(p.negated_nearby for p in passages)) if best else 0.0
    negations = best.negated_sentences if best else []
    if best and (negated or negations or refusals(plain_tokens)) and \
            negation_flips(plain, plain_tokens, stems, negations, best.plain_word_stems):
        mismatch = 1.0  # the negation falls on the very word the two share: "would (not) raise prices"
    if mismatch >= 1 and negated and _negated_by_prefix(plain, passages):
        mismatch = 0.0
    clashes = antonym_clash(stems, tokens, lambda: passages[0].word_stems) if passages else ()
    supporting = _supporting_number(best, stems) if best else ()
    hedge = dropped_hedge(tokens, stems, _sentence_text(*supporting)) if best else ""
    retracted = tuple(c for c in found if c.number is not None and not c.number.is_year and any(
        ix.retracted(c.number, stems, time_unit(fold_char_preserving(sentence[c.number.end:c.number.end + 30]), 0),
                     sentence)
        for ix in indexes))
    swapped = _swapped_figures(sentence, found, passages, indexes) if passages and passages[0].recall >= _SWAP_RECALL else ()
    return Signals(passages[0].recall if passages else (0.0 if stems else 1.0), coverage,
                   _bigram_share(content, indexes), mismatch, clashes,
                   _wrong_roles(found, indexes), found, missing,
                   tuple(passages), unsourced_judgements(tokens, stems, indexes),
                   _wrong_speakers(sentence, found, indexes, supporting),
                   hedge, retracted, swapped)


def _derived_figures(sentence: str, found: tuple, missing: tuple, passages: list[Passage],
                     indexes: list[SourceIndex]) -> tuple[tuple, tuple]:
    """Missing figures that the passages' own figures make (a multiple, a difference, a span of years or
    hours) or that a source writes as a score: moved to found. Each step only moves claims out of missing."""
    if passages and any(c.number is not None and c.number.kind == "times" for c in missing):
        for passage in passages:  # the second passage may be the one with the figures ("38, up from 12")
            found, missing = _derived_multiples(found, missing, passage)
    if passages and " by " in sentence and any(c.number is not None and not c.number.kind for c in missing):
        for passage in passages:  # "rose by £10 to £55" where the passage gives £45 and £55
            found, missing = _derived_differences(sentence, found, missing, passage)
    if passages and any(c.number is not None and c.number.counted in ("year", "hour") for c in missing):
        found, missing = _derived_spans(found, missing, passages)
    if any(c.number is not None and c.number.value < 10 for c in missing) and ("-" in sentence or "–" in sentence):
        found, missing = _scores_found(sentence, found, missing, indexes)
    return found, missing


_SCORE = re.compile(r"(?<![\w.,-])(\d{1,2})\s?[-–]\s?(\d{1,2})(?![\w.,%-]|\s?(?:%|per\b|bn\b|m\b))")


def _scores_found(sentence: str, found: tuple, missing: tuple, indexes: list[SourceIndex]) -> tuple[tuple, tuple]:
    """A score or a vote ("2-0 down", "won 3-2", "voted 7-2") the source writes as it is: both its numbers
    are found, though the small one alone ("0") shares no words with where the source gives it ("At 2-0")."""
    pairs = [m for m in _SCORE.finditer(sentence)]
    kept = []
    for claim in missing:
        n = claim.number
        pair = next((m for m in pairs if n is not None and m.start() <= n.start < m.end()), None)
        if pair and any(re.search(rf"(?<![\w.,-]){pair.group(1)}\s?[-–]\s?{pair.group(2)}(?![\w.,%-])", ix.text)
                        for ix in indexes):
            found += (claim,)
        else:
            kept.append(claim)
    return found, tuple(kept)


def _negated_by_prefix(sentence: str, passages: list[Passage]) -> bool:
    """The sentence's "not affected" is a passage's "unaffected" (looked for only once a negation is unmatched)."""
    targets = frozenset(t.lstrip("?") for t in negated_targets(sentence))
    if not targets:
        return False
    since = " since " in sentence
    for p in passages:
        ix = p.index
        start, end = ix.spans[max(0, p.first - 1)][0], ix.spans[min(len(ix.spans) - 1, p.last + 1)][1]
        words = word_list(ix.text[start:end])
        if negated_by_prefix(targets, words) or since and _first_since(targets, words):
            return True
    return False


def _first_since(targets: frozenset[str], words: list[str]) -> bool:
    """ "had not won there since 2005" is the passage's "their first win there since 2005"."""
    return "since" in words and any(w == "first" and any(stem(t) in targets for t in words[n + 1:n + 4])
                                    for n, w in enumerate(words))


_SWAP_RECALL = 0.6  # the passage says most of the sentence: it is the sentence's fact, and its figure the one


def _swapped_figures(sentence: str, found: tuple, passages, indexes) -> tuple:
    """A figure the source gives elsewhere, where the passage that says the rest of the sentence gives another of
    the same kind, and the words around the figure in the sentence are that other figure's, not the words the
    source has around this one: "coffee up 17%" where the passage says "coffee rose 9%" and 17% is chocolate's.
    Only for specific figures (a percentage, an amount of money or a measure, or 100 and over), never a year."""
    swapped = []
    spans = [(p.index, p.index.spans[p.first][0], p.index.spans[p.last][1]) for p in passages]
    best_ix, start, end = spans[0]
    for claim in found:
        n = claim.number
        if n is None or n.is_year or n.kind or n.value < 100 and not (n.percent or n.currency or n.measure):
            continue  # small counts (ages, tallies of a list) are too often shared, or added up, to tell
        mentions = [(ix, m) for ix in indexes for m in ix.mentions_of(n)]
        if not mentions:
            continue  # a figure the passage's own make ("by £10 to £55"), not one taken from elsewhere
        if any(ix.gives_as_correction(m) for ix, m in mentions):
            continue  # "the correct figure is 1.0%": the passage's figure is the one taken back
        if any(ix is where and a <= m.start < b for where, a, b in spans for ix, m in mentions):
            continue  # the figure is in a passage the sentence rests on
        others = [m for m in best_ix.numbers if start <= m.start < end and not m.is_year and not m.kind
                  and (m.percent, m.currency, m.measure) == (n.percent, n.currency, n.measure)
                  and m.value != n.value and (n.percent or n.currency or n.measure or m.value >= 100)]
        if not others:
            continue
        near = _figure_context(sentence, n.start, n.end)
        fit = lambda ix, m: len(near & _figure_context(ix.text, m.start, m.end))
        best_other = max(others, key=lambda m: fit(best_ix, m))
        # only where the source's words around this figure are none of the sentence's ("up from 3.8% a year ago"
        # is the source's "a year ago the rate was 3.8%"), and the other figure's are
        if fit(best_ix, best_other) >= 2 and not any(fit(ix, m) for ix, m in mentions):
            swapped.append((claim, best_ix.text[best_other.start:best_other.end]))
    return tuple(swapped)


_SWAP_REACH = 30  # characters either side of a figure: the words that say what it counts
_UNIT_WORD = re.compile(r"[\s-]*[^\W\d_]+")


def _figure_context(text: str, start: int, end: int) -> frozenset[str]:
    """Words around a figure, but not its own unit ("13 terabytes" and "1.3 terabytes" share no context by it)."""
    unit = _UNIT_WORD.match(text, end, end + 20)
    return context_stems(text, start, unit.end() if unit else end, _SWAP_REACH)


_FROM_BEFORE = re.compile(r"\bfrom\s+(?:(?:about|around|nearly|almost|just|over|under)\s+)?$")  # "from £45 to £55"
_BY_BEFORE = re.compile(r"\bby\s+(?:(?:about|around|nearly|almost|roughly|some|just|over|under|more|than)\s+){0,3}$")
_TO_AFTER = re.compile(r"\s*(?:(?:percentage\s+)?points?\s*)?,?\s*to\s+")  # "by 13 points to 46.2%"


def _derived_differences(sentence: str, found: tuple, missing: tuple, passage: Passage) -> tuple[tuple, tuple]:
    """"went up by £10 to £55" where the passage gives £45 and £55: a change the passage's own figures make is
    supported (the figure after "to" found in the sources, one of the same kind in the passage that far from it)."""
    ix = passage.index
    start, end = ix.spans[passage.first][0], ix.spans[passage.last][1]
    figures = [n for n in ix.numbers if start <= n.start < end and not n.is_year and not n.kind]
    results = {c.number.start: c.number for c in found if c.number is not None and not c.number.kind}
    derived = []
    for claim in missing:
        n = claim.number
        if n is None or n.kind or not _BY_BEFORE.search(sentence, max(0, n.start - 30), n.start):
            continue
        after = _TO_AFTER.match(sentence, n.end)
        result = results.get(after.end()) if after else None
        if result is None:
            continue
        kind = (result.percent, result.currency, result.measure)
        if (n.percent, n.currency, n.measure) != kind and not (result.percent and not n.percent and
                                                                 (n.measure == "point" or
                                                                  "point" in sentence[n.end:n.end + 8])):
            continue  # "by 10% to £55" is a share of the change, not its size
        # the other figure in the sentence of the passage that gives the result ("from £45 to £55")
        sentences = {ix.sentence_at(m.start) for m in ix.mentions_of(result) if start <= m.start < end}
        if any((a.percent, a.currency, a.measure) == kind and a.value != result.value
               and ix.sentence_at(a.start) in sentences and _FROM_BEFORE.search(ix.text, max(0, a.start - 16), a.start)
               and
               abs(abs(result.value - a.value) - n.value) <= max(0.01 * n.value, 0.5 * n.unit if n.approximate else 0)
               for a in figures):
            derived.append(claim)
    if not derived:
        return found, missing
    return found + tuple(derived), tuple(c for c in missing if c not in derived)


_CLOCK = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))?\s?([ap])\.?m\b\.?|\b(noon|midday|midnight)\b", re.I)


def _clock_hours(text: str) -> list[float]:
    """Times of day written in text ("11am", "6.30pm", "midnight"), as hours after midnight, in text order."""
    hours = []
    for m in _CLOCK.finditer(text):
        if m.group(4):
            hours.append(0.0 if m.group(4).lower() == "midnight" else 12.0)
        elif 1 <= int(m.group(1)) <= 12:
            hour = int(m.group(1)) % 12 + (12 if m.group(3).lower() == "p" else 0)
            hours.append(hour + int(m.group(2) or 0) / 60)
    return hours


def _derived_spans(found: tuple, missing: tuple, passages) -> tuple[tuple, tuple]:
    """"completed a PhD four years later" where the passage gives 1960 and 1964, "for seven hours" where it
    gives "between 11am and 6pm": a length the passage's own years or times of day make is supported; one
    they do not make stays missing ("eight hours" there)."""
    derived = []
    for claim in missing:
        n = claim.number
        if n is None or n.kind or n.counted not in ("year", "hour") or n.percent or n.currency or n.bound:
            continue
        for passage in passages:
            ix = passage.index
            start, end = ix.spans[passage.first][0], ix.spans[passage.last][1]
            if n.counted == "year":  # "four years later": later than a year the sentence before gives
                before, after = ix.spans[max(0, passage.first - 1)][0], ix.spans[min(len(ix.spans) - 1, passage.last + 1)][1]
                points = {m.value for m in ix.numbers if before <= m.start < after and m.is_year}
                gaps = {b - a for a in points for b in points if b > a}
            else:
                points = _clock_hours(ix.text[start:end])
                # from a time to one written after it, over midnight only that way ("from 10pm to 6am": 8 hours;
                # "7am to 10pm" is 15, not 9)
                gaps = {(b - a) % 24 for i, a in enumerate(points) for b in points[i + 1:] if b != a}
            slack = 0.26 if n.approximate and n.counted == "hour" else 0.0  # "about five and a half hours": 5h31m
            if any(abs(gap - n.value) <= slack + 1e-9 for gap in gaps):
                derived.append(claim)
                break
    if not derived:
        return found, missing
    return found + tuple(derived), tuple(c for c in missing if c not in derived)


def _derived_multiples(found: tuple, missing: tuple, passage: Passage) -> tuple[tuple, tuple]:
    """"doubled to 1.5%" where the passage gives 0.75% and 1.5% (and "nearly doubled" for 7.6% to 13.8%): a
    multiple the passage's own figures make is supported, a multiple they do not make stays missing."""
    ix = passage.index
    start, end = ix.spans[passage.first][0], ix.spans[passage.last][1]
    figures = [n for n in ix.numbers if start <= n.start < end and n.value > 0 and not n.is_year and not n.counted]
    # the figure the sentence gives is the result: "doubled to 1.5%" is 1.5% over a figure of the passage of the
    # same kind (a percentage, an amount in one currency and unit; not "over 3 months")
    results = [c.number for c in found if c.number is not None and c.number.kind == "" and c.number.value > 0]
    derived = []
    for claim in missing:
        number = claim.number
        if number is None or number.kind != "times":
            continue
        slack = 0.15 if number.approximate else 0.05  # "nearly doubled": 1.82 times is nearly two
        # the sentence's figure is the result ("doubled to 1.5%") or the base ("more than doubled from 18.1%")
        pairs = [(r, a) for r in results for a in figures] + [(a, r) for r in results for a in figures]
        if any(abs(r.value / a.value - number.value) <= slack * number.value for r, a in pairs
               if a.value and abs(r.value - a.value) > 0.01 * r.value and (r.percent, r.currency, r.measure) ==
               (a.percent, a.currency, a.measure)):
            derived.append(claim)
    if not derived:
        return found, missing
    return found + tuple(derived), tuple(c for c in missing if c not in derived)


def _sentence_text(ix: SourceIndex, number: int) -> str:
    start, end = ix.spans[number]
    return ix.text[start:end]


def _supporting_number(passage: Passage, stems: set[str]) -> tuple:
    """(index, number) of the passage's sentence that shares most content words with the claim (the first of
    equals)."""
    ix = passage.index
    return ix, max(range(passage.first, passage.last + 1), key=lambda n: (len(ix.sentence_stems[n] & stems), -n))


def look_up(claims: list[Claim], indexes: list[SourceIndex]) -> tuple[tuple, tuple]:
    """(claims some source contains, claims none does), in sentence order."""
    found: list[Claim] = []
    missing: list[Claim] = []
    for claim in claims:
        if len(indexes) == 1:
            in_source = indexes[0].contains(claim)
        else:
            in_source = any(ix.contains(claim) for ix in indexes)
        (found if in_source else missing).append(claim)
    return tuple(found), tuple(missing)


def _wrong_roles(found: tuple[Claim, ...], indexes: list[SourceIndex]) -> tuple[Claim, ...]:
    """"Council leader Dev Patel" when the source calls him a shopkeeper; "Ashby's Sam Whitlock" when the
    source has him play for Carlow."""
    wrong = [c for c in found if c.role and c.kind == "entity" and not any(
        ix.role_near(_person(c), c.role) for ix in indexes)]
    wrong += [c for c in found if c.owner is not None and not c.role and any(o is c.owner for o in found)
              and not any(ix.affiliated(_person(c), c.owner.key) for ix in indexes)]
    return tuple(wrong)


_OF_PLACE = re.compile(r"\s+(?:of|at|from)\s+[A-Z]")


def _person(claim: Claim) -> str:
    """The word a name is known by: "Solberg" of "Dr Ingrid Solberg of Oslo University Hospital"."""
    at = _OF_PLACE.search(claim.text)
    before = sum(1 for word in claim.text[:at.start()].split() if word[:1].isupper()) if at else 0
    return claim.key[before - 1] if 0 < before <= len(claim.key) else claim.key[-1]


_IDENTIFIER = re.compile(r"\w+_\w+")
_SPEECH = r"[’']?s?,?\s+(?:\w+\s+){0,2}?(?:said|says|told|added|called|described|warned|argued|insisted|claimed|" \
          r"wrote|declared|stated|admitted|urged|promised|pledged|vowed|dismissed|branded|hailed)\b"


_SPEECH_VERB = re.compile(r"\b(?:said|says|told|added|called|described|warned|argued|insisted|claimed|wrote|"
                          r"declared|stated|admitted|urged|promised|pledged|vowed|dismissed|branded|hailed)\b")


def _wrong_speakers(sentence: str, found: tuple[Claim, ...], indexes: list[SourceIndex],
                    supporting: tuple = ()) -> tuple:
    """Quotations given to a speaker the sources do not give them to: the speaker named next to a speech verb
    ("Lagarde said", "said Lagarde", "Lagarde: "). Without a quotation, reported speech ("Kendal warned that…")
    whose supporting sentence the source gives, by name, to someone else: (speaker, None).
    supporting: (index, sentence number) of the passage sentence that supports the summary's."""
    quotes = [c for c in found if c.kind == "quote"]
    if not _SPEECH_VERB.search(sentence) and (not quotes or ":" not in sentence):
        return ()
    if not quotes:
        return _wrong_reporter(sentence, found, supporting)
    # "Lagarde said", "said Lagarde." (but in "Stokes said India 'were better'", India is no speaker), "Lagarde: '…'"
    # a capitalised first word speaks only with its verb right after it ("Stokes said"), never across a comma
    # ("Conceding, Vestergaard insisted": Conceding is no speaker)
    speakers = [c for c in found if c.kind == "entity" and c.key and (not c.initial or _SPEECH_VERB.match(
        sentence, sentence.find(c.text) + len(c.text) + 1)) and _named_speaking(sentence, c.text)]
    # "Nadia Farouk, chief executive of the Capital Business Forum, said": Farouk speaks, not the forum
    speakers = list({id(s): s for s in (_appositive_head(sentence, s, found) for s in speakers)}.values())
    wrong = []
    for speaker, quote in _speaker_of_each_quote(sentence, speakers, quotes):
        # a source may name the speaker by either end of the name: "Xi said" for Xi Jinping, "Kim" for Kim Jae-june
        ends = {speaker.key[-1], speaker.key[0]}
        placed = [ix.speaker_near_quote(quote.key, end) for ix in indexes for end in ends]  # None: not placed
        if False in placed and True not in placed:
            wrong.append((speaker, quote))
    return tuple(wrong)


_SPEECH_AFTER = re.compile(_SPEECH)  # "Lagarde said", "Lagarde's spokesman, …, said"
_SAID_BEFORE = re.compile(r"\b(?:said|says|added)\s+$")  # "said Lagarde."
_SAID_BEFORE_END = re.compile(r"\s*(?:[,.;]|$)")
_COLON_QUOTE_AFTER = re.compile(r"\s*:\s*[\"“‘']")  # "Lagarde: '…'"


def _named_speaking(sentence: str, name: str) -> bool:
    """Is the name next to a speech verb: "NAME said", "said NAME.", "NAME: '…'"? At each place the name is
    written (one pattern per name would be compiled for every sentence, and push others out of re's cache)."""
    at = sentence.find(name)
    while at >= 0:
        end = at + len(name)
        if _SPEECH_AFTER.match(sentence, end) or _COLON_QUOTE_AFTER.match(sentence, end) or \
                _SAID_BEFORE.search(sentence, 0, at) and _SAID_BEFORE_END.match(sentence, end):
            return True
        at = sentence.find(name, at + 1)
    return False


_APPOSITIVE = re.compile(r",\s+(?:the\s+|its\s+|a\s+)?(?:[a-z][\w'’-]*\s+){1,6}$")  # ", chief executive of the "


def _appositive_head(sentence: str, speaker: Claim, found: tuple[Claim, ...]) -> Claim:
    """The person an appositive names a speaker by: "X, chief executive of the Forum, said" is X speaking."""
    at = sentence.find(speaker.text)
    match = _APPOSITIVE.search(sentence, 0, at) if at > 0 else None
    if not match or not sentence.startswith(",", at + len(speaker.text)):
        return speaker
    return next((c for c in found if c.kind == "entity" and c.key and c is not speaker
                 and sentence.find(c.text) + len(c.text) == match.start()), speaker)


_REPORTER = re.compile(r"^(?:[A-Z][\w'’.-]*\s+){0,4}?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+"
                       r"(?:said|says|told|warned|argued|insisted|claimed|added|admitted|stated|predicted|accepted)\b")


def _wrong_reporter(sentence: str, found: tuple[Claim, ...], supporting: tuple) -> tuple:
    """ "Rob Kendal warned that the Bank might hold rates" where the sentence that says so gives it to Anjali Rao:
    only a sentence that opens on its speaker, against a supporting sentence the source gives to another by name."""
    match = _REPORTER.match(sentence)
    if not match or not supporting:
        return ()
    speaker = next((c for c in found if c.kind == "entity" and c.key and c.text.endswith(match.group("name"))), None)
    if speaker is None:
        return ()
    ix, number = supporting
    verdict = [ix.speaker_of_sentence(number, end) for end in {speaker.key[-1], speaker.key[0]}]
    return ((speaker, None),) if False in verdict and True not in verdict else ()


def _speaker_of_each_quote(sentence: str, speakers: list[Claim], quotes: list[Claim]) -> list[tuple]:
    """(speaker, quotation) pairs: with several speakers, each quotation is the last one's named before it (else
    the first one's after it): "Ashworth said the cut would '…', while Lisle called it '…'" gives each their own."""
    if len(speakers) < 2:
        return [(s, q) for s in speakers for q in quotes]
    at = {id(c): sentence.find(c.text) for c in (*speakers, *quotes)}
    if -1 in at.values():
        return [(s, q) for s in speakers for q in quotes]
    pairs = []
    for quote in quotes:
        end = at[id(quote)] + len(quote.text)
        # "'…,' Lisle said": a speaker right after the quotation is its own
        after = [s for s in speakers if at[id(s)] >= end and _AFTER_QUOTE.fullmatch(sentence, end, at[id(s)])]
        before = [s for s in speakers if at[id(s)] < at[id(quote)]]
        speaker = after[0] if after else max(before, key=lambda s: at[id(s)]) if before else \
            min(speakers, key=lambda s: at[id(s)])
        pairs.append((speaker, quote))
    return pairs


_AFTER_QUOTE = re.compile(r"[\"'”’,.!?\s]*(?:said|says|added|told|insisted|warned)?\s*")


def _coverage(stems: set[str], weights: dict[str, float], total: float,
              indexes: list[SourceIndex]) -> float:
    """Weighted share of the sentence's stems found anywhere in the sources."""
    if not total:
        return 1.0
    if len(indexes) == 1:  # the common case, without the inner loop
        postings = indexes[0].postings
        return sum(weights[s] for s in stems if s in postings) / total
    return sum(weights[s] for s in stems if any(s in ix.postings for ix in indexes)) / total


def _bigram_share(content: list[str], indexes: list[SourceIndex]) -> float:
    pairs = list(zip(content, content[1:]))
    if not pairs:
        return 1.0
    backwards = list(zip(content[1:], content))
    hits = [False] * len(pairs)  # per pair: does some source have it, in either order (an index keeps one)
    for ix in indexes:  # the look-ups in C, a pass per source
        seen = ix.bigrams.__contains__
        hits = list(map(operator.or_, hits, map(operator.or_, map(seen, pairs), map(seen, backwards))))
    return sum(hits) / len(pairs)


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen, unique = set(), []
    for claim in claims:
        key = (claim.kind, claim.key or claim.text)
        if key not in seen:
            seen.add(key)
            unique.append(claim)
    return unique
