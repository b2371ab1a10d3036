"""Checkable claims of a sentence: names, numbers, dates and direct quotations."""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from .lexicon import (COMMON_ABBREVIATIONS, COMMON_STARTERS, COMMON_SUFFIXES, CONNECTORS, MONTHS, NOT_ROLES, STARTERS,
                      TITLES, WEEKDAYS)
from .normalize import ascii_like, fold_word, title_case
from .number_words import TRIGGER_WORDS
from .numbers import NumberMention, find_numbers, may_have_numbers
from .quotes import find_quotes, lowercase_dates

# Words that can start or continue a name: not ASCII-lowercase ("Kyiv", "3M"; an
# uncapitalised one such as "école" or "10km" is skipped, and the gap it leaves ends a run).
_NAME_PART = re.compile(r"(?<![\w'’.-])(?:[^\W\d_a-z][\w'’.\-]*|\d+[A-Za-z][\w-]*)")
_OPENING_MARKS = frozenset(" \"'“‘([*_")
_NAME_PART_ASCII = re.compile(_NAME_PART.pattern, re.ASCII)  # same on ASCII text, faster
# What may stand between two words of one name: spaces, or one connector ("Bank of England").
_JOIN_GAP = re.compile(r"[^\S\n]+(?:(?P<conn>" + "|".join(sorted(CONNECTORS)) + r")[^\S\n]+)?")
_WORDS = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"['’]s?$")
_POSSESSED = re.compile(r"['’]s\s+")  # between an owner and the name it owns
_NAME_CUE = re.compile(r"['’]s\b|,\s+(?:who|whose|the|a|an)\b|\s+(?:said|says|told|added|argued|"
                       r"insisted|warned|claimed|stated|explained|wrote|admitted|denied|"
                       r"confirmed|announced|urged|called)\b")


@dataclass(slots=True)  # not frozen: created per sentence, and frozen init is slow
class Claim:
    kind: str  # "entity" | "number" | "date" | "quote"
    text: str  # as written in the sentence
    key: tuple[str, ...]  # folded tokens (entity/date/quote)
    number: NumberMention | None = None
    initial: bool = False  # probably a common word capitalised by position: look up leniently
    role: tuple[str, ...] = ()  # title words right before a name: "council leader"
    owner: "Claim | None" = None  # the name before "'s": "Carlow's Sam Whitlock" is Carlow's
    end: int = 0  # where the name ends in the sentence (entities)


def extract_claims(sentence: str, tokens: list[str] | None = None) -> list[Claim]:
    """tokens: the sentence's word_list(), if at hand, to skip the number scan
    when no word can be (part of) a number."""
    if tokens is None or may_have_numbers(tokens):
        claims = [_number_claim(n) for n in find_numbers(sentence, reach=45)]
    else:
        claims = []
    claims += [Claim("quote", text, key) for text, key in find_quotes(sentence)]
    claims += _entity_and_date_claims(sentence)
    claims += [Claim("date", text, key) for text, key in lowercase_dates(sentence)]
    return claims


def _number_claim(mention: NumberMention) -> Claim:
    kind = "date" if mention.is_year else "number"
    return Claim(kind, mention.text, (), mention)


def _entity_and_date_claims(sentence: str) -> list[Claim]:
    claims: list[Claim] = []
    runs = _capitalised_runs(sentence)
    if not runs:
        return claims
    title_case = _is_title_case(sentence, sum(len(run) for run in runs))
    # Most sentences have no title at all: then no name has a role to check.
    titled = not TITLES.isdisjoint(_WORDS.findall(sentence.lower()))
    previous: Claim | None = None
    for run in runs:
        for part in _split_run(run):
            text = sentence[part[0][1]:part[-1][2]]
            owner = previous if previous and _POSSESSED.fullmatch(sentence, previous.end, part[0][1]) else None
            key = _entity_key(part)
            kind = "date" if key and (key[0] in MONTHS or key[0] in WEEKDAYS) else "entity"
            if key == ("may",) and not _dated(sentence, part[0][1], part[-1][2]):
                continue  # "May" is a month only beside a day or a year; else a verb or a name ("Theresa May")
            initial = (len(part) == 1 and _starts_clause(sentence, part[0][1])
                       and (_looks_common(part[0][0]) or not _name_cue(sentence, part[0]))
                       and not _BEFORE_TITLE.match(sentence, part[-1][2]))  # "Conservative MP X": a party
            if key and not (len(key) == 1 and (key[0] in TRIGGER_WORDS or key[0] in COMMON_ABBREVIATIONS)):
                # ("Sixteen": a number; "state TV": a common word)
                # Headline Case: capitals prove nothing, so look words up leniently.
                claims.append(Claim(kind, _strip_possessive(text), key,
                                    initial=initial or title_case,
                                    role=_role_before(sentence, part[0][1]) if titled else (),
                                    owner=owner if kind == "entity" and len(key) > 1 else None))
                previous = claims[-1]
                previous.end = part[-1][2]
    return claims


_BEFORE_TITLE = re.compile(r"\s+(?:MP|MEP|MSP|MLA|PM|FM)\b")
_DAY_OR_YEAR_AFTER = re.compile(r"\s+\d")
_DAY_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?(?:\s+of)?\s+$")


def _dated(sentence: str, start: int, end: int) -> bool:
    return bool(_DAY_OR_YEAR_AFTER.match(sentence, end) or _DAY_BEFORE.search(sentence, max(0, start - 12), start))


def _entity_key(part) -> tuple[str, ...]:
    """Folded words of a name; of "Edinburgh-based" only the capitalised parts."""
    if len(part) == 1 and "-" not in part[0][0]:  # most names: one word (no generator to set up)
        word = part[0][0]
        return (_entity_token(word),) if _is_capitalised(word) else ()
    if "-" not in "".join(word for word, _, _ in part):
        return tuple(_entity_token(word) for word, _, _ in part if _is_capitalised(word))
    return tuple(_entity_token(p) for word, _, _ in part for p in word.split("-")
                 if p and _is_capitalised(p))


def _name_cue(sentence: str, token: tuple[str, int, int]) -> bool:
    """Does a lone first word read as a name: "Sunak said", "Reilly, who...",
    "Halvorsen's"? Otherwise ("Train services...", "Rainfall of...") it is more
    likely a common word, looked up leniently."""
    word, _, end = token
    return bool(_POSSESSIVE.search(word) or _NAME_CUE.match(sentence, end))


def _looks_common(word: str) -> bool:
    """Is a capitalised first word more likely a common word ("Critics",
    "Speaking", "Inflation") than a name ("Sunak")?"""
    lower = word.lower()
    if lower in COMMON_STARTERS or lower.endswith(COMMON_SUFFIXES):
        return True
    return lower.endswith("s") and not lower.endswith(("ss", "us", "is", "'s", "’s")) and len(lower) > 4


def _role_before(sentence: str, start: int) -> tuple[str, ...]:
    """Title words just before a name, e.g. ("chief", "executive") in
    "chief executive Maria Santos"."""
    words = _WORDS.findall(sentence[max(0, start - 40):start].lower())
    role: list[str] = []
    while words and words[-1] in TITLES:
        word = words.pop()
        if word not in NOT_ROLES:
            role.insert(0, word)
    return tuple(role)


def _is_title_case(sentence: str, capitalised: int) -> bool:
    """Headlines Capitalise Most Words; then capitals do not mark names. Every content word capitalised: a
    sentence full of names still has a verb."""
    return capitalised >= 3 and title_case(sentence)


def _capitalised_runs(sentence: str) -> list[list[tuple[str, int, int]]]:
    """Maximal runs of capitalised words, allowing "of"/"de"... between them."""
    runs: list[list[tuple[str, int, int]]] = []
    current: list[tuple[str, int, int]] = []
    last_end = 0
    for match in (_NAME_PART_ASCII if ascii_like(sentence) else _NAME_PART).finditer(sentence):
        word = match.group().rstrip(".'’-")
        if not _is_capitalised(word):
            continue
        start = match.start()
        if word.lower() in _UNIT_WORDS and sentence[:start].rstrip()[-1:].isdigit():
            continue  # "87,500 MW": a unit of the number before it, not a name
        if current:
            gap = _JOIN_GAP.fullmatch(sentence, last_end, start)
            if gap is None:
                runs.append(current)
                current = []
            elif gap.group("conn"):
                current.append((gap.group("conn"), gap.start("conn"), gap.end("conn")))
        if word[-2:] in ("'s", "’s") and len(word) > 2:  # "ING's Carsten Brzeski": two names, not one
            current.append((word[:-2], start, start + len(word) - 2))
            runs.append(current)
            current = []
            continue
        current.append((word, start, start + len(word)))
        last_end = start + len(word)
    if current:
        runs.append(current)
    return [_drop_sentence_initial(run, sentence) for run in runs]


_UNIT_WORDS = frozenset("mw gw kw mwh gwh kwh twh km kg cm mm ft ha bpd c f kb mb gb tb pb".split())
# "46C", "1TB", "32GB": a number with its unit, no name like "G7", "5G" or "3M"
_NUMBER_WITH_UNIT = re.compile(r"-?\d+(?:\.\d+)?(?:[CF]|[KMGTP]B|[kKMG]W|[kKMGT]Wh|GHz|MHz|mAh)")


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() or (word[0].isdigit() and any(c.isupper() for c in word)
                                 and not _NUMBER_WITH_UNIT.fullmatch(word))


def _starts_clause(sentence: str, start: int) -> bool:
    """Capitalised anyway: first word of the sentence, of a quotation, after a colon."""
    # Step back over spaces and opening marks (no copy of the sentence's start).
    while start and sentence[start - 1] in _OPENING_MARKS:
        start -= 1
    return not start or sentence[start - 1] in ":;—–-\"“‘"


def _drop_sentence_initial(run, sentence):
    """The first word of a sentence is capitalised anyway: keep it only if it looks like a name."""
    word, start, _ = run[0]
    if not _starts_clause(sentence, start):
        return run
    lower = word.lower()
    if lower in STARTERS or lower in CONNECTORS:
        return run[1:]
    if lower in _DESCRIPTORS and len(run) >= 3:  # "Patient Denise Albright said…": who she is, not her name
        return run[1:]
    if lower in _KIN and len(run) >= 2:  # "Brothers Darren and Neil Holloway": the names follow
        return run[1:]
    if lower in _OPENING_PARTICIPLES and len(run) >= 2:
        return run[1:]  # "Telling MPs that…", "Addressing Parliament": a participle opens the sentence
    return run


# what a sentence may call someone before naming them, capitalised only by its place
_DESCRIPTORS = frozenset("""patient commentator resident witness analyst economist historian activist campaigner
researcher scientist volunteer passenger survivor farmer teacher student driver fan shopper voter lawyer nurse
pilot worker owner neighbour neighbor spectator victim veteran expert critic supporter brother sister mother
father son daughter husband wife widow grandmother grandfather""".split())
# participles a sentence opens on before its subject (not any "-ing" word: Stirling, Barking, Kunming are names)
_OPENING_PARTICIPLES = frozenset("""telling addressing speaking writing announcing visiting meeting following
responding explaining arriving signing welcoming launching unveiling defending rejecting warning urging admitting
insisting describing praising criticising criticizing citing quoting noting answering asking""".split())
_KIN = frozenset("brothers sisters twins siblings couple parents spouses".split())


# title words that are a title only before another ("Health Secretary"); else part of a name ("Home Office")
_FIELDS = frozenset("foreign defence defense home health state deputy vice chief head police".split())
_SURNAMES_TOO = frozenset("king major judge bishop dean marshal".split())  # titles that are surnames as well


def _split_run(run):
    """Split at titles, months and weekdays; drop a leading "The"/"of"."""
    if len(run) == 1:  # most runs: one word, kept unless a title or "The"/"of"
        lower = run[0][0].lower()
        return [] if lower in TITLES or lower in CONNECTORS else [run]
    parts, current = [], []
    for i, token in enumerate(run):
        lower = token[0].lower()
        if lower in _SURNAMES_TOO and i == len(run) - 1 and current:
            current.append(token)  # "Stephen King", "John Major": a title comes before a name, not after it
        elif lower in _FIELDS and i + 1 < len(run) and run[i + 1][0].lower() not in TITLES:
            current.append(token)  # "National Health Service", "Home Office", but "Health Secretary"
        elif lower in TITLES or lower in MONTHS or lower in WEEKDAYS:
            parts.append(current)
            parts.append([token] if lower not in TITLES else [])
            current = []
        else:
            current.append(token)
    parts.append(current)
    return [p for p in (_trim_connectors(p) for p in parts) if p]


def _trim_connectors(part):
    while part and part[0][0].lower() in CONNECTORS:
        part = part[1:]
    while part and part[-1][0].lower() in CONNECTORS:
        part = part[:-1]
    return part


@lru_cache(maxsize=65536)
def _entity_token(word: str) -> str:
    return _strip_possessive(fold_word(word)).replace(".", "")


def _strip_possessive(text: str) -> str:
    if not text.endswith(("'", "’", "s")):
        return text  # most names: skip the pattern
    return _POSSESSIVE.sub("", text)
