"""Cheap contradiction cues: negation and antonyms the best passage disagrees with."""
from __future__ import annotations

import re
from collections.abc import Callable

from .normalize import STOPWORDS, stem, word_list
from .number_words import UNITS

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
    ("add", "cut"), ("raise", "cut"), ("raise", "lower"), ("above", "below"), ("lead", "trail"),
    ("acquit", "convict"), ("surplus", "deficit"), ("victory", "defeat"), ("optimistic", "pessimistic"),
    ("delighted", "disappointed"),
]
ANTONYMS: dict[str, frozenset[str]] = {}
# Stopwords are not content stems; these few still have opposites (their own stems).
_STOPWORD_OPPOSITES = frozenset("up down more less fewer before after above below".split())
for _a, _b in _PAIRS:
    for _x, _y in ((stem(_a), stem(_b)), (stem(_b), stem(_a))):
        ANTONYMS[_x] = ANTONYMS.get(_x, frozenset()) | {_y}


# a verdict's side in other words: "convicted" is the passage's "found guilty", "cleared of" its "acquitted"
_VERDICTS = {stem(w): frozenset(stem(x) for x in side.split()) for side in ("convict guilty", "acquit clear innocent")
             for w in side.split()}
REFUSING = frozenset("decline declined declines declining".split())


_STOPPING = frozenset("stop stops stopped stopping".split())


_COMPARED = frozenset(("more", "less", "fewer"))


def has_negation(tokens: list[str]) -> bool:
    if not NEGATION_WORDS.isdisjoint(tokens):
        # "no more than half", "not less than 10": a bound on a figure, not a denial
        return any(t in NEGATION_WORDS and not (t in ("no", "not") and tokens[n + 1:n + 2] and
                                                tokens[n + 1] in _COMPARED and tokens[n + 2:n + 3] == ["than"])
                   for n, t in enumerate(tokens))
    joined = " ".join(tokens) + " "
    return "n't " in joined or (" short of " in joined and _stopped_short(tokens))


def _stopped_short(tokens: list[str]) -> bool:
    """ "stopped short of announcing an inquiry": did not announce one."""
    return any(a in _STOPPING and b == "short" and c == "of" for a, b, c in zip(tokens, tokens[1:], tokens[2:]))


_NEGATED_FORM = ("ed", "en", "able", "ible", "ful", "ive")  # unaffected, unavailable, unsuccessful: not inland, incomes


def negated_by_prefix(targets: frozenset[str], words: list[str]) -> bool:
    """ "was not affected" for "was unaffected": a passage word is the negated word with un-, in- or non-, and
    the passage does not use the word itself ("did not land" is no "inland" beside "landed")."""
    plain = {stem(w) for w in words}
    return any(w.endswith(_NEGATED_FORM) and (w[:2] in ("un", "in", "im") and stem(w[2:]) in targets - plain or
               w.startswith("non") and stem(w[3:].lstrip("-")) in targets - plain) for w in words)


def refusals(tokens: list[str]) -> set[str]:
    """The words of "declined to comment": a negation in other words (but "declined 5%" is a fall)."""
    if REFUSING.isdisjoint(tokens):
        return set()
    return {t for t, after in zip(tokens, tokens[1:]) if t in REFUSING and after == "to"}


# words between a negation and what it negates: "not be raised", "no longer", "never once"
_BRIDGE = STOPWORDS | {"longer", "once", "yet", "able", "likely", "expected", "going", "plan", "plans", "one"}
_NOT_A_NEGATION = {"only", "just", "least", "doubt", "sooner", "until"}  # "not only … but", "no doubt"
# negations that govern the word after them (a pronoun such as "nothing" or "nobody" governs nothing there)
_GOVERNING = frozenset("not no never cannot refused refuses refuse denied denies deny failed fails".split())
_CONDITIONS = frozenset("if unless whether".split())
_CONDITION_VERBS = frozenset("does do did is are was were has have can".split())
_CLAUSES = re.compile(r"[,;:.!?()\[\]\"“”‘’—–]+|\s'|'\s")
# a summary may put a source's negation in other words: "declined to raise" for "would not raise"
_NEGATIVE_PARAPHRASE = frozenset("""decline declined declines declining refuse refused refuses avoid avoided avoids
halt halted halts stop stopped stops abandon abandoned abandons scrap scrapped scraps lack lacks lacked fail
failed fails absent absence unable spurn spurned shelve shelved boycott boycotts boycotted refusal""".split())  # as written: "declined" is also "fell"


def negated_targets(text: str) -> frozenset[str]:
    """Stems of the words a negation governs in its own clause: "would not raise prices" -> raise; "in no
    hurry" -> hurry; "never faced a break point" -> face. "Not only" negates nothing."""
    found = set()
    for clause in _CLAUSES.split(text):
        tokens = word_list(clause)
        for i, token in enumerate(tokens):
            following = tokens[i + 1:i + 5]
            refusing = token in REFUSING and following[:1] == ["to"]  # "declined to declare"
            if token == "short" and following[:1] == ["of"] and i and tokens[i - 1] in _STOPPING:
                following, refusing = following[1:] + tokens[i + 5:i + 6], True  # "stopped short of announcing"
            if not refusing and token not in _GOVERNING and not token.endswith("n't"):
                continue
            if following and following[0] in _NOT_A_NEGATION:
                continue
            # "threatened action if Iran does not agree": a condition, not a denial; marked, and weighed only
            # against a sentence that states a condition too ("…if Iran agrees")
            conditional = token == "not" and i >= 2 and tokens[i - 1] in _CONDITION_VERBS \
                and not _CONDITIONS.isdisjoint(tokens[max(0, i - 4):i - 1])
            target = next((t for t in following if t not in _BRIDGE and t not in NEGATION_WORDS), None)
            if target:
                found.add(("?" if conditional else "") + stem(target))
    return frozenset(found)


def negation_flips(sentence: str, sentence_tokens: list[str], sentence_stems: set[str],
                   negated_sentences: list[tuple[frozenset[str], frozenset[str]]],
                   plain_passage_stems: set[str]) -> bool:
    """The sentence says plainly what a passage sentence negates ("would raise" for "would not raise"), or
    negates what a passage sentence without any negation says ("was not unanimous" for "was unanimous").
    negated_sentences: (negated targets, content stems) of each negated sentence of the passage."""
    conditional = not _CONDITIONS.isdisjoint(sentence_tokens)
    own = _weighed(negated_targets(sentence), conditional)
    negated_sentences = [(_weighed(t, conditional), stems) for t, stems in negated_sentences]
    if own:
        targets = frozenset().union(*(t for t, _ in negated_sentences))
        return any(t in plain_passage_stems and t not in targets for t in own)
    if has_negation(sentence_tokens) or not _NEGATIVE_PARAPHRASE.isdisjoint(sentence_tokens):
        return False  # "nobody was seriously hurt", "declined to raise": negated its own way
    enough = max(2, 0.4 * len(sentence_stems))  # the sentence retells that very sentence, not a neighbour
    return any(targets & sentence_stems - plain_passage_stems and len(stems & sentence_stems) >= enough
               for targets, stems in negated_sentences)


def _weighed(targets: frozenset[str], conditional: bool) -> frozenset[str]:
    """Negated targets as a sentence is weighed against them: a condition's ("?agree") only by a sentence
    that has a condition of its own."""
    if not any(t.startswith("?") for t in targets):
        return targets
    return frozenset(t.lstrip("?") for t in targets if conditional or not t.startswith("?"))


def negation_mismatch(sentence_negated: bool, passage_negated: bool, nearby_negated: bool) -> float:
    """A negation that neither the passage nor its neighbours have is a classic
    error; a negation only the passage has may be dropped or just paraphrased."""
    if sentence_negated:
        return 0.0 if nearby_negated else 1.0
    return 0.4 if passage_negated else 0.0


_TIME_WORDS = frozenset("year week month night season time quarter decade century day summer winter spring autumn".split())


_NUMBER_WORDS = frozenset(UNITS) | {"a", "an", "half", "twice", "double"}
_IDIOM_HEADS = frozenset(("up", "last", "first", "next", "more", "less", "fewer"))
_BOUNDS = frozenset(("more", "less", "fewer"))


def idiom_stems(tokens: list[str]) -> set[str]:
    """Direction words that point nowhere in their phrase: "up to 8 cm", "last year", "first time", and a
    bound on a figure ("more than nine years" for "9.4 years" is no comparison with "fewer")."""
    if _IDIOM_HEADS.isdisjoint(tokens):  # most sentences: one set look-up per token, in C
        return set()
    return {stem(t) for t, after, then in zip(tokens, tokens[1:], tokens[2:] + [""])
            if (t == "up" and after == "to") or (t in ("last", "first", "next") and after in _TIME_WORDS)
            or (t in _BOUNDS and after == "than" and (then[:1].isdigit() or then in _NUMBER_WORDS))}


def antonym_clash(content: set[str], tokens: list[str],
                  passage_stems: Callable[[], set[str]]) -> tuple[str, ...]:
    """Sentence words whose opposite, but not themselves, the passage uses.
    Stopwords with an opposite count too: "rose" against "down from"."""
    stems = content | {stem(t) for t in tokens if t in _STOPWORD_OPPOSITES} \
        if not _STOPWORD_OPPOSITES.isdisjoint(tokens) else content
    if ANTONYMS.keys().isdisjoint(stems):
        return ()  # most sentences: no copy made
    if stems is content:
        stems = set(content)  # changed below: not the caller's
    stems -= {stem(t) for t in refusals(tokens)}  # "declined to raise": a refusal, not "declined" as "fell"
    if "that" in tokens and ("adding" in tokens or "added" in tokens):  # "adding that…": said, not put on
        stems -= {stem(t) for t, after in zip(tokens, tokens[1:]) if t in ("adding", "added") and after == "that"}
    stems -= idiom_stems(tokens)
    passage = passage_stems()  # only built when the sentence has a word with an opposite
    # a verdict with both sides in the sentence is a mixed one ("convicted of fraud but cleared of forgery"):
    # each side is the source's own, not the other's opposite
    return tuple(sorted(s for s in stems
                        if s not in passage and ANTONYMS.get(s, frozenset()) & passage
                        and not (s in _VERDICTS and _VERDICTS[s] & passage)))
