"""Text normalisation shared by sources and summaries: folding, tokens, stems."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import chain

# Typographic quotes and dashes -> ASCII so "a new era" matches “a new era”.
_PUNCT_MAP = str.maketrans({
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‟": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'",
    "–": "-", "—": "-", "‑": "-", "‐": "-", "−": "-", "\u00a0": " ",
    # letters that no accent-stripping reduces: "Yıldız", "Łukasz", "Søren", "Đorđe" are written plain too
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ħ": "h",
    "Ħ": "H", "ŧ": "t", "Ŧ": "T", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "þ": "th", "Þ": "Th",
})
# Enough Cyrillic to match "Зеленський" with "Zelenskyi"/"Zelensky".
_CYRILLIC = dict(zip(
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэё",
    "a b v h g d e ye zh z y i yi y k l m n o p r s t u f kh ts ch sh shch _ yu ya y e yo".split(),
))

STOPWORDS = frozenset("""
a about above after again against all also although am among an and any are as at be
because been before being below between both but by can could did do does doing down
during each either else ever every few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just least less like many
may me might more most much must my myself neither nor of off on once only onto or other
others our ours ourselves out over own per same shall she should since so some such than
that the their theirs them themselves then there these they this those though through thus
to too under until up upon us very via was we were what whatever when where whether which
while who whom whose why will with within would yet you your yours yourself also however
meanwhile still even already now well back according reportedly currently recently
during despite amid following including among across instead overall finally elsewhere
separately together further another
""".split())
# Paraphrase groups common in news summaries; each maps to one canonical stem.
_SYNONYMS = {
    "told": "say", "said": "say", "says": "say", "stated": "say", "state": "say",
    "added": "say", "announced": "announce", "claimed": "claim", "claims": "claim",
    "nearly": "almost", "approximately": "about", "around": "about", "roughly": "about",
    "killed": "kill", "died": "die", "dead": "die", "deaths": "die", "death": "die",
    "us": "us", "america": "us", "american": "us", "uk": "uk", "britain": "uk", "british": "uk",
    "percent": "%", "cent": "%", "children": "child", "people": "person", "men": "man",
    "women": "woman", "bought": "buy", "sold": "sell", "won": "win", "began": "begin",
    "begun": "begin", "went": "go", "gone": "go", "took": "take", "taken": "take",
    "gave": "give", "given": "give", "made": "make", "met": "meet", "held": "hold",
    "left": "leave", "found": "find", "lost": "lose", "arrested": "arrest", "rose": "rise",
    "risen": "rise",
    "fell": "fall", "fallen": "fall", "grew": "grow", "grown": "grow", "hit": "hit",
    "shrank": "shrink", "shrunk": "shrink", "beaten": "beat", "defeated": "beat",
}
# Words news summaries swap for one another: each group shares its first word's stem.
_PARAPHRASES = """rise higher increase jump surge soar climb|fall lower drop decline plunge slump
|suspend halt|close shut|promise pledge vow|injure hurt wound injury|strike walkout
|worker staff employee|company firm|student pupil|start begin|large huge massive big bigger
|reduce cut|resign quit|purchase buy acquire"""
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HAS_CYRILLIC = re.compile("[\u0400-\u04ff]")
# Scripts folded per whole text: Cyrillic transliteration, Cherokee case folding.
_NEEDS_WHOLE_TEXT = re.compile("[\u0400-\u052f\u1c80-\u1c8f\u1d78\u2de0-\u2dff\ua640-\ua69f"
                               "\u13a0-\u13ff\uab70-\uabbf]")
_WORD = re.compile(r"[^\W_]+(?:['\-.][^\W_]+)*", re.UNICODE)
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:['\-.][a-z0-9]+)*")  # _WORD on folded ASCII text


def fold(text: str) -> str:
    """Lower-case, accent-free, ASCII-punctuation form of text (same length not kept)."""
    if text.isascii():
        return text.lower()
    if not _NEEDS_WHOLE_TEXT.search(text):
        # Mostly-ASCII news text: fold only the odd quote or accent, one
        # character at a time (cached), not the whole text through NFKD.
        return _NON_ASCII.sub(_fold_match, text).lower()
    return _fold_slow(text)


def _fold_match(match: re.Match) -> str:
    return _fold_char(match.group())


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return _fold_slow(char)


def _fold_slow(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_PUNCT_MAP))
    if not text.isascii():
        text = _COMBINING.sub("", text)
    text = text.casefold()
    if _HAS_CYRILLIC.search(text):
        text = "".join(_CYRILLIC.get(c, c) for c in text).replace("_", "")
    return text


class _OneCharFold(dict):
    """str.translate table filled lazily: each character folds to exactly one."""

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code))
        self[code] = value = folded[0] if folded and folded[0].isprintable() else " "
        return value


_ONE_CHAR_FOLD = _OneCharFold()


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """fold() for short strings that recur (names, tokens): cached."""
    return fold(word)


def fold_char_preserving(text: str) -> str:
    """Fold each character to exactly one character, so offsets survive."""
    if text.isascii():
        return text.lower()
    # Mostly-ASCII news text: fold only the odd quote, dash or accent by hand.
    folded = _NON_ASCII.sub(lambda m: _ONE_CHAR_FOLD[ord(m.group())], text).lower()
    return folded if len(folded) == len(text) else text.translate(_ONE_CHAR_FOLD)


def word_list(text: str) -> list[str]:
    """Folded word tokens only (offsets not needed, so "Зеленський" -> "zelenskyy")."""
    folded = fold(text)
    # The same tokens; an ASCII-only pattern is much faster on ASCII-like text.
    return (_ASCII_WORD if ascii_like(folded) else _WORD).findall(folded)


def ascii_like(text: str) -> bool:
    """Do re.ASCII patterns see text as Unicode ones do? Yes unless it has a
    non-ASCII letter, digit or space ("£", "–" and curly quotes are fine)."""
    if text.isascii():
        return True
    return not any(c.isalnum() or c.isspace() for c in set(_NON_ASCII.findall(text)))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Light, deterministic suffix stripping: enough to meet inflected forms;
    paraphrase groups then share one stem ("cutting" -> "reduc")."""
    plain = _suffix_stem(word)
    return _PARAPHRASE_STEMS.get(plain, plain)


def _suffix_stem(word: str) -> str:
    word = word.strip("'.-")
    if word.endswith("'s"):
        word = word[:-2]
    word = _SYNONYMS.get(word, word)
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement, min_stem in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= min_stem:
            return _undouble((word[: len(word) - len(suffix)] + replacement).rstrip("e"))
    # "hope"/"hoped", "flee"/"fleeing": drop final e's everywhere.
    return word.rstrip("e")


_SUFFIXES = (
    ("ies", "y", 2), ("ied", "y", 2), ("ying", "y", 2), ("ing", "", 3), ("edly", "", 3),
    ("ed", "", 3), ("ers", "er", 3), ("ly", "", 4), ("ment", "", 4), ("ness", "", 4),
    ("sses", "ss", 2), ("ses", "s", 3), ("es", "e", 3), ("s", "", 3),
)


_PARAPHRASE_STEMS: dict[str, str] = {}
for _group in _PARAPHRASES.replace("\n", " ").split("|"):
    _stems = [_suffix_stem(w) for w in _group.split()]
    for _stem in _stems[1:]:
        _PARAPHRASE_STEMS.setdefault(_stem, _stems[0])


def _undouble(stem_: str) -> str:
    if len(stem_) > 3 and stem_[-1] == stem_[-2] and stem_[-1] not in "lsz":
        stem_ = stem_[:-1]
    return stem_


def content_stems(tokens: list[str]) -> list[str]:
    """Stems of the non-stopword words, hyphenated words split ("two-day" -> two, day)."""
    return list(chain.from_iterable(map(_TOKEN_STEMS.__getitem__, tokens)))


class _TokenStems(dict):
    """token -> its content stems, filled on first use: news text repeats its words,
    and a dict look-up from map() is far cheaper than a call per token."""

    def __missing__(self, token: str) -> tuple[str, ...]:
        parts = token.split("-") if "-" in token else (token,)
        found = tuple(stem(p) for p in parts if p and p not in STOPWORDS)
        if len(self) < 200_000:  # bounded: a long batch must not grow it forever
            self[token] = found
        return found


_TOKEN_STEMS = _TokenStems()


_LETTER_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = re.compile(r"[.!?…:;,][\"'”’»)\]]*\s*$")


def title_case(text: str) -> bool:
    """Headlines Capitalise Every Content Word (at least three): then capitals do not mark names."""
    content = 0
    for match in _LETTER_WORDS.finditer(text):
        word = match.group()
        if word.lower() in STOPWORDS:
            continue
        if not word[0].isupper():
            return False  # usually the first content word or two
        content += 1
    return content >= 3


def reads_as_headline(text: str) -> bool:
    """A line in Title Case, not ended like a sentence, of at most 25 words: "Putin's Visit to China Amid …"."""
    return len(text.split()) <= 25 and not _SENTENCE_END.search(text) and title_case(text)

