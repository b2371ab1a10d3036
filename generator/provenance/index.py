"""Per-source index, built once and shared by every story that cites the source."""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .claims import Claim
from .contrast import has_negation, idiom_stems, negated_targets, refusals
from .lexicon import ALIASES, COMMON_STARTERS, ROLE_FIELDS, ROLE_GROUPS, STARTERS
from .names import acronyms, same_name
from .normalize import STOPWORDS, content_stems, fold, fold_char_preserving, stem, word_list
from .number_words import time_unit
from .quotes import GAP
from .numbers import SMALL, NumberMention, context_stems, conversions, find_numbers, loose_slack, same_number
from .periods import year_spans
from .sentences import plain_sentences

_MAY_DATE = re.compile(r" may \d| \d{1,2}(?:st|nd|rd|th)? (?:of )?may ")
# a sentence that gives its words to someone by name: "Stride said", "said Ms Reeves", "Reeves: "
# ("She said" names no one: it goes on with the speaker named before)
# (only verbs of speech: "The Fed announced a cut" gives no quotation to the Fed; a sentence opening with a name,
# "Ben Stokes admitted…", ends the walk back to a quotation's speaker anyway: _has_subject)
# a name before a speech verb; not a pronoun, nor a description ("the Spaniard said": the one named before)
_ATTRIBUTED = re.compile(r"(?<!\bthe )(?<!\bThe )\b(?!(?:He|She|They|It|We|I|You)\b)[A-Z][\w'’-]+,?\s+(?:said|says|told|added|called|warned|"
                         r"argued|wrote|insisted|claimed)\b"
                         # "said Pettifer" names a speaker, but in "He said Pettifer was ashamed" he is spoken of
                         r"|(?<!\bhe )(?<!\bHe )(?<!\bshe )(?<!\bShe )(?<!\bthey )(?<!\bThey )"
                         r"\b(?:said|says|added|warned|wrote)\s+(?:[A-Z][a-z]{0,3}\.?\s+)?[A-Z]")
_PRONOUN_SAID = re.compile(r"\b(?:he|she|they)\s+(?:said|says|told|added|warned|argued|wrote|insisted|claimed)\b"
                           r"|\b(?:said|says|added)\s+(?:he|she)\b", re.I)
_DESCRIBED_SAID = re.compile(r"\bthe\s+[A-Z][\w'’-]+\s+(?:said|says|added|told)\b")  # "the Spaniard said"
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|“[^”]*$|\"[^\"]*$")  # quoted text (to its sentence's end if unclosed)
# a live blog taking back a figure it gave: "Correction: at 10.52 we said 45 countries" (the figure after the cue,
# in its clause), "8-2, not 8-1 as we first reported" (the figure after "not", before the cue)
_RETRACTION = re.compile(r"\b(?:we (?:first |earlier |originally |had |previously |wrongly |mistakenly |incorrectly )?"
                         r"(?:said|reported|wrote|stated|gave)|an earlier version (?:of this \w+ )?(?:said|stated|gave|"
                         r"reported)|(?:a|an|our|one) (?:earlier |previous )?(?:post|entry|update)(?: at [\d.:]+)?(?: \w+)?"
                         r" (?:said|stated|gave|reported))\b", re.I)
_NOT_AS_REPORTED = re.compile(r"\bnot\s+$")
_AS_FIRST_REPORTED = re.compile(r"(?:[-–]\d+)?\s*,?\s*as we (?:first|originally|wrongly|mistakenly|incorrectly) "
                                r"(?:reported|said|wrote)\b", re.I)
_CORRECTING = re.compile(r"\b(?:correct\w*|clarif\w*|amend\w*|wrong\w*|incorrect\w*|mistak\w*|in fact|actually|"
                         r"error)\b", re.I)
_IN_OTHER_UNITS = {"day": ("hour", 24), "week": ("day", 7), "year": ("month", 12), "hour": ("minute", 60)}
_SCORE = re.compile(r"\d[\d.,]*[-–]\d+")
_SCORE_AT = re.compile(r"[-–]\d")
_SCORE_END = re.compile(r"\d[\d.,]*[-–]$")


def _pair_around(text: str, mention: NumberMention) -> str:
    """The score or vote a number is either side of ("7-2" for its 7 or its 2), else ""."""
    pair = _SCORE.match(text, mention.start)
    if pair:
        return pair.group()
    before = _SCORE_END.search(text, max(0, mention.start - 12), mention.start)
    return text[before.start():mention.end] if before else ""


_CLAUSE_BREAK = re.compile(r"[;]|\s(?:but|it was|it is|in fact|actually|not)\s", re.I)
_FIRST_WORD = re.compile(r"([A-Z][\w'’-]*)")  # a sentence's first word, when it is no quotation ("…)
_QUOTE_REACH = 8  # sentences back to a quotation's speaker, through "she said" and unattributed quotation
_NUMBER_REACH = 60  # characters either side of a source number that give its context


# "minister of energy and mines, Khamphone Sivilay": joined fields end the title, at a comma before the name
_FIELDS_JOINED = re.compile(r"\b(of|for) (\w+) and (\w+)(?=,\s*(?:\S+\s+){0,2}$)")


_CLAUSE_BEFORE = re.compile(r" and |[.;:!?] |\(")  # where the clause before a name starts
_APPOSITIVE_AFTER = re.compile(r"(?:['’]s)?,([^,.;]*)")  # "Streeting, the health secretary,"


def _is_word_char(char: str) -> bool:
    """re's \\w on str patterns: a Unicode letter or digit, or "_"."""
    return char.isalnum() or char == "_"


def _word_boundary(text: str, at: int) -> bool:
    """re's \\b at offset `at`."""
    return (at > 0 and _is_word_char(text[at - 1])) != (at < len(text) and _is_word_char(text[at]))


def _whole_words(text: str, word: str):
    """(start, end) of each place `word` stands with no word character either side, left to right: what
    re.finditer(r"(?<!\\w)WORD(?!\\w)") finds, without compiling a pattern per name (which also pushes the
    fixed patterns out of re's cache)."""
    if not word:
        yield from ((m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text))
        return
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not _is_word_char(text[at - 1])) and (end == len(text) or not _is_word_char(text[end])):
            yield at, end
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)


def _written_mid_sentence(text: str, word: str) -> bool:
    """Does `word` stand after a lower-case letter, comma or semicolon and a space, ending at a word boundary
    (re.search(r"(?<=[a-z,;] )WORD\\b"))?"""
    at = text.find(word, 2)
    while at >= 0:
        if text[at - 1] == " " and text[at - 2] in _MID_SENTENCE and _word_boundary(text, at + len(word)):
            return True
        at = text.find(word, at + 1)
    return False


_MID_SENTENCE = frozenset("abcdefghijklmnopqrstuvwxyz,;")


def _said_by_the_one_before(text: str, start: int, end: int) -> bool:
    """ "…," she said; "…," the Spaniard said: words of the one named before."""
    return bool(_PRONOUN_SAID.search(text, start, end) or _DESCRIBED_SAID.search(text, start, end))


@dataclass
class SourceIndex:
    source_id: str
    text: str
    spans: list[tuple[int, int]]  # source sentences, char offsets
    sentence_stems: list[frozenset[str]]
    negated: list[bool]
    postings: dict[str, list[int]]  # stem -> sentence numbers
    # adjacent (and skip-one) content stems, in text order only: has_bigram() looks up both orders, so the
    # index keeps half as many pairs
    bigrams: frozenset[tuple[str, str]]
    word_set: frozenset[str]  # folded words, hyphen parts too
    by_prefix: dict[str, list[str]]
    phrase_text: str  # " w1 w2 ... ": folded words, for quotes and names
    numbers: list[NumberMention]
    acronyms: frozenset[str] = frozenset()  # initials of capitalised runs: "nhs"
    # per sentence: stems of the words a negation governs ("not raise" -> rais); a _Targets is worked out per
    # sentence on first use (only passages' sentences are asked)
    negated_targets: Sequence[frozenset[str]] = ()
    posted: list[frozenset[str]] | None = None  # per sentence: the stems postings list it under (None: sentence_stems)

    def __post_init__(self) -> None:
        if self.posted is None:
            self.posted = self.sentence_stems
        self._starts = [start for start, _ in self.spans]
        self._by_value = sorted(self.numbers, key=lambda n: n.value)
        self._values = [n.value for n in self._by_value]
        # Small numbers need their nearby words to tell "two people" from "two days": added to a mention the
        # first time a claim's number comes near it (kept for every story citing the source).
        self._with_context = [n.value >= SMALL for n in self._by_value]
        self._name_cache: dict[tuple, bool] = {}  # summaries repeat their names
        self._mentions: dict[NumberMention, list[NumberMention]] = {}
        self._proper: dict[str, bool] = {}  # capitalised words the source writes capitalised mid-sentence
        self._word_stems: dict[int, frozenset[str]] = {}
        self._tokens: list[list[str]] | None = None  # per sentence, its word_list() (build keeps them)
        # IDF of each stem, for the common one-source story (align.stem_weights):
        # the source's own stems up front (shared by every story citing it).
        self.idf = _Idf(self.postings, len(self.spans) or 1)

    def word_stems(self, number: int) -> frozenset[str]:
        """Stems of every word of one source sentence, stopwords too (cached)."""
        found = self._word_stems.get(number)
        if found is None:
            if self._tokens is not None:
                tokens = self._tokens[number]
            else:
                start, end = self.spans[number]
                tokens = word_list(self.text[start:end])
            found = self._word_stems[number] = frozenset(map(stem, tokens)) - idiom_stems(tokens)
        return found

    def _numbers_near(self, value: float, slack: float = 0.0) -> list[NumberMention]:
        """Source numbers within 10% of value, or within slack (half a loose figure's unit: "about 3%" for 2.5%):
        the widest rounding same_number allows."""
        low, high = sorted((value * 0.9, value * 1.1))
        low, high = min(low, value - slack), max(high, value + slack)
        first, last = bisect_left(self._values, low), bisect_right(self._values, high)
        if not all(self._with_context[first:last]):
            for i in range(first, last):
                if not self._with_context[i]:
                    self._by_value[i] = self._with_nearby_words(self._by_value[i])
                    self._with_context[i] = True
        return self._by_value[first:last]

    def _with_nearby_words(self, mention: NumberMention) -> NumberMention:
        if mention.kind == "span":
            return mention  # a length in years: its context is "year"
        words = context_stems(self.text, mention.start, mention.end, _NUMBER_REACH)
        unit = time_unit(fold_char_preserving(self.text[mention.end:mention.end + 30]), 0)  # " consecutive years"
        return mention._replace(context=words, counted=mention.counted or unit)  # "fortnight" counts weeks

    @classmethod
    def build(cls, source_id: str, text: str) -> "SourceIndex":
        spans = plain_sentences(text)
        sentence_stems, negated, targets, postings, bigrams, posted = [], [], [], {}, set(), []
        all_words: list[str] = []
        sentence_tokens: list[list[str]] = []
        where_is = postings.get  # (setdefault would make a new list per call)
        for number, (start, end) in enumerate(spans):
            tokens = word_list(text[start:end])
            sentence_tokens.append(tokens)
            all_words += tokens
            content = content_stems(tokens)
            stems = frozenset(content)
            sentence_stems.append(stems)
            negated.append(has_negation(tokens))
            # "declined to comment": negates its word, but is no "not" to match
            targets.append(negated[-1] or bool(refusals(tokens)))
            if "." in "".join(tokens):  # one scan in C, not a test per token
                stems = stems | {t.replace(".", "") for t in tokens if "." in t}  # "J.K." is "JK" too
            posted.append(stems)
            for s in stems:
                where = where_is(s)
                if where is None:
                    postings[s] = [number]
                else:
                    where.append(number)
            bigrams.update(zip(content, content[1:]), zip(content, content[2:]))
        word_set = set(all_words)
        word_set.update([p for w in word_set if "-" in w or "." in w
                         for p in w.replace(".", "").split("-")])
        word_set.update([w[:-2] for w in word_set if w.endswith("'s")])  # "Putin's" -> putin
        by_prefix: dict[str, list[str]] = {}
        for w in word_set:
            by_prefix.setdefault(w[:4], []).append(w)
        index = cls(source_id, text, spans, sentence_stems, negated, postings,
                    frozenset(bigrams), frozenset(word_set), by_prefix,
                    " " + " ".join(all_words).replace("-", " ") + " ",
                    _source_numbers(text), acronyms(text), _Targets(text, spans, targets), posted)
        index._tokens = sentence_tokens
        return index

    def has_bigram(self, pair: tuple[str, str]) -> bool:
        """Are the two stems adjacent (or one apart) in a source sentence, in either order? A summary's "rates
        raised" meets "raised rates"."""
        return pair in self.bigrams or pair[::-1] in self.bigrams

    def name_variants(self, token: str) -> list[str]:
        """Source words that name what token names (itself, aliases, spellings)."""
        variants = [w for w in (token, *ALIASES.get(token, ())) if w in self.word_set]
        variants += [w for w in self.by_prefix.get(token[:4], ()) if same_name(token, w)]
        return variants

    def _has_word_family(self, word: str) -> bool:
        """Lenient look-up for capitalised common words: same stem or same start."""
        if stem(word) in self.postings or word in self.word_set:
            return True
        head = word[:max(4, len(word) - 3)]
        return any(w.startswith(head) for w in self.by_prefix.get(word[:4], ()))

    def _has_name(self, tokens: list[str]) -> bool:
        """All words of a name, and together in one source sentence:
        "British" and "Museum" apart do not make "British Museum"."""
        together: set[int] | None = None
        for token in tokens:
            variants = self.name_variants(token)
            if not variants:
                return False
            where = {n for v in variants for n in self.postings.get(stem(v), ())}
            together = where if together is None else together & where
        if len(tokens) == 2 and together and self._blended(*tokens):
            return False
        return together is None or bool(together) or len(tokens) == 1

    def _blended(self, first: str, last: str) -> bool:
        """"Angela Jenrick" from "Angela Rayner and Robert Jenrick": in the source the first name goes with
        another surname and the surname with another first name, and never the two together (three words
        apart at most: "Joseph R. Biden" is "Joseph Biden")."""
        if f" {first} {last} " in self.phrase_text:
            return False  # the common case, without a pattern
        words = ["(?:" + "|".join(re.escape(v) for v in self.name_variants(t)) + ")" for t in (first, last)]
        if re.search(f" {words[0]} (?:\\S+ ){{0,3}}{words[1]} ", self.phrase_text):
            return False
        other_last = re.search(f"(?i:\\b{words[0]})\\s+(?!(?i:{words[1]})\\b)[A-Z][a-z]", self.text)
        other_first = any(not re.fullmatch(words[0], m.group(1), re.I)
                          for m in re.finditer(f"\\b([A-Z][a-z]+)\\s+(?i:{words[1]})\\b", self.text))
        return bool(other_last) and other_first

    def role_near(self, name_token: str, role: tuple[str, ...], reach: int = 60) -> bool:
        """Does the source give the name this role? A role word (or its stem, or an interchangeable title)
        before the name in its own clause ("Colombia's foreign minister Luis Murillo", not the "president"
        of the name before the "and"), or in an appositive after it ("Streeting, the health secretary,").
        A field of a title ("health", "defence") must be there itself: a health secretary is no defence one."""
        groups = [{stem(w) for w in ROLE_GROUPS.get(r, (r,))} for r in role]
        fields = [g for r, g in zip(role, groups) if r in ROLE_FIELDS]
        text = self._folded()
        for variant in self.name_variants(name_token):
            for start, end in _whole_words(text, variant):
                before = text[max(0, start - reach):start]
                # "minister of energy and mines, Khamphone Sivilay": that "and" joins a title's fields, not two people
                before = _CLAUSE_BEFORE.split(_FIELDS_JOINED.sub(r"\1 \2 & \3", before))[-1]
                after = text[end:end + reach + 20]
                after = _APPOSITIVE_AFTER.match(after)
                near = {stem(w) for w in word_list(before + " " + (after.group(1) if after else ""))}
                if all(g & near for g in fields) and any(g & near for g in groups):
                    return True
        return False

    def affiliated(self, name_token: str, owner: tuple[str, ...]) -> bool:
        """Does the source tie the name to its owner ("Carlow's Sam Whitlock"): the owner in the name's sentence
        or the one either side ("Analysts at ING expected cuts. Carsten Brzeski said…")?"""
        def sentences(token: str) -> set[int]:
            return {n for v in self.name_variants(token) for n in self.postings.get(stem(v), ())}
        named = sentences(name_token)
        owned = set.intersection(*(sentences(t) for t in owner)) if owner else set()
        return any(n + step in owned for n in named for step in (-1, 0, 1))

    def _folded(self) -> str:
        """The text folded as names are ("Kjær" is "kjaer"): offsets are not kept, and role_near needs none."""
        if not hasattr(self, "_folded_text"):
            self._folded_text = fold(self.text)
        return self._folded_text

    def speaker_near_quote(self, quote_key: tuple[str, ...], name_token: str) -> bool | None:
        """Does the source give this quotation to the one it names (name_token: the speaker's last word)? The
        name in the quotation's own sentence, or next to it when that sentence names no other speaker ("…," she
        added). None: the quotation cannot be placed in this source."""
        piece = list(quote_key[:quote_key.index(GAP)] if GAP in quote_key else quote_key)
        stems = set(content_stems(piece))
        if not stems:
            return None
        where: set[int] | None = None
        for s in stems:
            where = set(self.postings.get(s, ())) if where is None else where & set(self.postings.get(s, ()))
        if not where:
            return None
        named = {n for v in self.name_variants(name_token) for n in self.postings.get(stem(v), ())}
        for q in where:
            if q in named:
                return True
            if self._attributed(q):
                continue
            # "…," she told the meeting: the speaker is named before, however many sentences the quotation ran
            # over ('"We have cut costs. We have frozen hiring. There is nothing left," she told reporters')
            for back in range(1, _QUOTE_REACH):
                if q - back in named:
                    return True
                if q - back < 0 or self._attributed(q - back) or \
                        self._has_subject(q - back) and not self._ends_a_quotation(q - back):
                    break
            if not _said_by_the_one_before(self.text, *self.spans[q]) and q + 1 in named and not self._attributed(q + 1):
                return True  # '"…," came the reply from Ken Farley.' (a speaker named after, not another's)
        return False

    def speaker_of_sentence(self, number: int, name_token: str) -> bool | None:
        """Is sentence `number` given to the one named (True), by name to someone else (False), or to nobody
        by name (None)? As for a quotation: the name in it, or back over "she said" to the one named before."""
        named = {n for v in self.name_variants(name_token) for n in self.postings.get(stem(v), ())}
        for back in range(_QUOTE_REACH):
            q = number - back
            if q < 0:
                return None
            if q in named:
                return True
            if self._attributed(q):
                return False
            if back and self._has_subject(q):
                return None
            if not _said_by_the_one_before(self.text, *self.spans[q]):
                return None  # no "she said" to follow back: a statement of the source's own
        return None

    def _has_subject(self, number: int) -> bool:
        """Does the sentence open with a name of its own ("Holmgaard has claimed victory."): the "he" of the
        quotation after it is that one, not someone named further back. A name is a word the source also
        capitalises inside a sentence ("… and Lars Holmgaard knows it"); "Hospitals", "Patients" are not."""
        start, end = self.spans[number]
        first = _FIRST_WORD.match(self.text, start, end)
        if not first or first.group(1).lower() in STARTERS or first.group(1).lower() in COMMON_STARTERS:
            return False
        word = first.group(1)
        if word not in self._proper:
            self._proper[word] = _written_mid_sentence(self.text, word)
        return self._proper[word]

    def _ends_a_quotation(self, number: int) -> bool:
        """Is the sentence the end of a quotation opened in an earlier one ('…offers. TfL has had every chance."')?
        Its subject is the speaker's words, not a new speaker: the walk back to the one who said it goes on."""
        start, end = self.spans[number]
        text = self.text[start:end]
        first = next((i for i, char in enumerate(text) if char in '"“”'), 0)
        if first == 0 or text[first] == "“":
            return False
        # a straight quotation mark closes after a word or a stop, and no word follows it ('He said "we…' opens)
        return text[first] == "”" or not text[first - 1].isspace() and not text[first + 1:first + 2].isalnum()

    def _attributed(self, number: int) -> bool:
        """Does the sentence give words to someone by name, outside its quotation marks? ("As the Justice
        Department argued, …," he said: the name inside the quotation speaks for no one.)"""
        if number < 0:
            return True
        start, end = self.spans[number]
        return bool(_ATTRIBUTED.search(_QUOTED.sub(lambda m: " " * len(m.group()), self.text[start:end])))

    def sentence_at(self, offset: int) -> int:
        """The number of the source sentence holding this character."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def mentions_of(self, number: NumberMention) -> list[NumberMention]:
        """The source's mentions of a claim's number (cached: a sentence's figure is looked up to find it, to
        see whether the source takes it back, and whether it is another's)."""
        found = self._mentions.get(number)
        if found is None:
            found = self._mentions[number] = self._find_mentions(number)
        return found

    def _find_mentions(self, number: NumberMention) -> list[NumberMention]:
        near = self._numbers_near(number.value, loose_slack(number))
        for _, factor in conversions(number.measure):  # "3cm" for the source's "30mm"
            near = near + self._numbers_near(number.value * factor)
        if number.kind == "share":  # "two-thirds" for "67%", and the other way round
            near = near + self._numbers_near(number.value * 100, 30 * number.value if number.bound else 0.0)
        elif number.percent:
            near = near + self._numbers_near(number.value / 100)
        found = [n for n in near if same_number(number, n)]
        if not found and number.counted in _IN_OTHER_UNITS and not number.percent:
            found = self._converted(number)
        return found

    def _converted(self, number: NumberMention) -> list[NumberMention]:
        """"two days" for "48 hours", "three weeks" for "21 days": the same length in the next smaller unit, as
        written after the source's number (exactly: "over two days" is no "47 hours")."""
        smaller, factor = _IN_OTHER_UNITS[number.counted]
        value = number.value * factor
        return [n for n in self._numbers_near(value) if n.value == value and not n.percent and n.kind == ""
                and time_unit(fold_char_preserving(self.text[n.end:n.end + 30]), 0) == smaller]

    def retracted(self, number: NumberMention, stems: set[str], unit: str, sentence: str = "") -> bool:
        """Is the figure one the source gave and later takes back ("A correction: at 10.20 we said Brenner's fee
        was about £28m", "not 8-1 as we first reported")? The retraction names the figure as the wrong one, of
        the same thing: a word of the claim's sentence (`stems`), the same time unit after it (`unit`)."""
        mentions = self.mentions_of(number)
        where = [self.sentence_at(m.start) for m in mentions]
        for mention, at in zip(mentions, where):
            start, end = self.spans[at]
            pair = _pair_around(self.text, mention)  # "8-1" taken back is no "8-2": the pair must be the same
            if pair and sentence and pair not in sentence:
                continue
            # given in another sentence too (before it, or after: a live blog runs newest first)
            if any(w != at for w in where) and self.sentence_stems[at] & stems and self._taken_back(mention, start, end) \
                    and time_unit(fold_char_preserving(self.text[mention.end:mention.end + 30]), 0) == unit \
                    and self._counts_the_same(number, sentence, at):
                return True
        return False

    def _counts_the_same(self, number: NumberMention, sentence: str, at: int) -> bool:
        """A count taken back counts what the claim's does: the words after the claim's figure ("seven hospitals")
        are in the correction ("all seven of Lakeshore's emergency departments" is of other things)."""
        if not sentence or number.currency or number.percent or number.measure or _SCORE_AT.match(sentence, number.end):
            return True  # an amount, or a vote or score ("8-1" taken back: its pair is checked already)
        after = [w for w in content_stems(word_list(sentence[number.end:number.end + 40])[:4]) if not w[0].isdigit()]
        return not after or bool(set(after) & self.sentence_stems[at])

    def gives_as_correction(self, mention: NumberMention) -> bool:
        """Is this figure given in a sentence that corrects an earlier one ("The correct figure is 1.0%")?"""
        start, end = self.spans[self.sentence_at(mention.start)]
        return bool(_CORRECTING.search(self.text, start, end))

    def _taken_back(self, mention: NumberMention, start: int, end: int) -> bool:
        """Is this mention the figure its sentence says was wrong?"""
        text = self.text
        if _NOT_AS_REPORTED.search(text, max(start, mention.start - 8), mention.start) \
                and _AS_FIRST_REPORTED.match(text, mention.end, end):
            return True
        if not _CORRECTING.search(text, start, end):
            return False  # "As we said earlier, 45 people died": a figure repeated, not taken back
        for cue in _RETRACTION.finditer(text, start, mention.start):
            if not _CLAUSE_BREAK.search(text, cue.end(), mention.start):
                return True
        return False

    def contains(self, claim: Claim) -> bool:
        if claim.number is not None:
            return bool(self.mentions_of(claim.number))
        key = (claim.kind, claim.key, claim.initial)
        found = self._name_cache.get(key)
        if found is None:
            found = self._name_cache[key] = self._contains_words(claim)
        return found

    def _contains_words(self, claim: Claim) -> bool:
        if claim.kind == "quote":
            return self._has_quote(claim.key)
        if claim.key == ("may",):  # the month (a stopword, as the verb): beside a day or a year in the source too
            return _MAY_DATE.search(self.phrase_text) is not None
        if claim.initial and all(self._has_word_family(t) for t in claim.key):
            return True  # "Objectors were..." where the source has "object"
        if self._has_name([t for t in claim.key if t not in STOPWORDS]):
            return True
        return self._matches_acronym(claim.key)

    def _matches_acronym(self, key: tuple[str, ...]) -> bool:
        """"NHS" for "National Health Service" and the other way round."""
        if len(key) == 1:
            return key[0] in self.acronyms
        initials = "".join(t[0] for t in key if t not in STOPWORDS)
        # written in capitals in the source: "WHO", not the word "who"
        return len(initials) >= 2 and initials in self.word_set and \
            re.search(rf"\b{re.escape(initials.upper())}\b", self.text) is not None

    def _has_quote(self, key: tuple[str, ...]) -> bool:
        """Word for word: a quotation changed by one word is a misquotation. Pieces between an ellipsis or an
        [insertion] are looked up one by one, in order."""
        at = 0
        for piece in " ".join(key).split(f" {GAP} "):
            at = self.phrase_text.find(f" {piece} ", at)
            if at < 0:
                return False
            at += len(piece) + 1
        return True


def _source_numbers(text: str) -> list[NumberMention]:
    numbers = find_numbers(text, reach=0)
    return numbers + year_spans(text, numbers)


class _Targets:
    """Per sentence, what its negations govern (contrast.negated_targets), worked out when first asked: only the
    sentences of passages are, and the pattern work is a tenth of an index's."""

    def __init__(self, text: str, spans: list[tuple[int, int]], negating: list[bool]) -> None:
        self._text, self._spans, self._negating = text, spans, negating
        self._found: dict[int, frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self._spans)

    def __getitem__(self, number: int) -> frozenset[str]:
        found = self._found.get(number)
        if found is None:
            start, end = self._spans[number]
            found = negated_targets(self._text[start:end]) if self._negating[number] else frozenset()
            self._found[number] = found
        return found


class _Idf(dict):
    """stem -> IDF over this source's sentences (a stem no sentence has: the highest)."""

    def __init__(self, postings: dict[str, list[int]], sentences: int) -> None:
        # IDF depends only on how many sentences have the stem: one log per count.
        by_count: dict[int, float] = {}
        for where in postings.values():
            if len(where) not in by_count:
                by_count[len(where)] = idf_weight(sentences, len(where))
        super().__init__({s: by_count[len(where)] for s, where in postings.items()})
        self.unseen = idf_weight(sentences, 0)

    def __missing__(self, stem_: str) -> float:
        return self.unseen


@lru_cache(maxsize=16384)
def idf_weight(sentences: int, having: int) -> float:
    """IDF of a stem that `having` of `sentences` sentences have (a pure function of two counts: cached)."""
    return exact_weight(math.log(1 + sentences / (1 + having)))


def exact_weight(value: float) -> float:
    """Round to a multiple of 2**-30: sums of such weights are exact, so they do
    not depend on the order a set is iterated in (ties between passages stay ties)."""
    return round(value * 2**30) / 2**30
