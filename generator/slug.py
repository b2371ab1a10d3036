"""Safe slugs: lower-case, transliterated where we can, never able to escape a folder."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґў",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t",
     "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "ye", "yi", "g", "u"]))
_GREEK = dict(zip("αβγδεζηθικλμνξοπρστυφχψωάέήίόύώς",
                  ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s",
                   "t", "y", "f", "ch", "ps", "o", "a", "e", "i", "i", "o", "y", "o", "s"]))
_SEPARATORS = re.compile(r"[^\w]+|_+")
_DASHES = re.compile(r"-{2,}")
MAX_LENGTH = 80
MAX_BYTES = 200


def _transliterate(char: str) -> str:
    if char == "ß":  # German spells it "ss" where only ASCII will do; NFKD leaves it a letter of its own
        return "ss"
    if char in _CYRILLIC:
        return _CYRILLIC[char]
    if char in _GREEK:
        return _GREEK[char]
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    # accents come off Latin letters ("é" -> "e"); other scripts keep their letters whole: "が" is not "か",
    # and a Hangul syllable is not its jamo
    return base.lower() if base and base.isascii() else char  # "𝙰" is "A" once decomposed


def _pointing(mark: str) -> bool:
    """Hebrew niqqud and Arabic harakat: optional vowel points, mostly left unwritten, so not part of a name."""
    return "\u0590" <= mark <= "\u06ff" or "\u0750" <= mark <= "\u077f" or "\u08a0" <= mark <= "\u08ff"


def _words(text: str) -> str:
    """Letters and digits, with the combining marks of scripts that need them (Devanagari's vowel signs and
    virama, Thai vowels: "हिंदी" without them is "ह-द"); anything else separates words. Marks after an ASCII
    letter, vowel points and invisible format characters (a zero-width joiner, a soft hyphen) are dropped
    without splitting the word: "Cli\u200dmate" is "climate"."""
    out = []
    for char in text:
        kind = unicodedata.category(char)
        if char.isalnum():
            out.append(char)
        elif kind == "Cf":
            continue
        elif kind[0] == "M":
            if out and not out[-1].isascii() and out[-1] != "-" and not _pointing(char):
                out.append(char)
        else:
            out.append("-")
    return "".join(out)


@lru_cache(maxsize=1 << 15)  # a tag or publisher is slugified on every card that shows it: once is enough
def slugify(text: str) -> str:
    """'Putin's Visit — Харків' -> 'putins-visit-kharkiv'; scripts without a table (Chinese) are kept as letters."""
    text = unicodedata.normalize("NFC", str(text)).lower().replace("'", "").replace("’", "")
    if not text.isascii():  # Turkish: "İ".lower() is "i" and a combining dot, "ı" a dotless i: both "i"
        text = text.replace("i\u0307", "i").replace("ı", "i")
    latin = text if text.isascii() else "".join(_transliterate(c) for c in text)  # ASCII maps to itself
    pattern = _SEPARATORS if latin.isascii() else _DASHES  # \w is no help: it does not match a vowel sign
    slug = pattern.sub("-", latin if latin.isascii() else _words(latin)).strip("-")[:MAX_LENGTH]
    # A folder name may hold 255 bytes; 80 letters of a 4-byte script would not fit.
    slug = slug.encode("utf-8")[:MAX_BYTES].decode("utf-8", "ignore").rstrip("-")
    return f"{slug}-1" if windows_reserved(slug) else slug  # tags/con/ cannot be checked out on Windows


_RESERVED = re.compile(r"(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?", re.I)


def windows_reserved(name: str) -> bool:
    """A device name on Windows (CON, NUL, COM1, "aux.txt"): a site holding one cannot be checked out there."""
    return bool(_RESERVED.fullmatch(name))


def is_safe_slug(slug: str) -> bool:
    """A slug is one path segment of letters, digits and hyphens."""
    return bool(slug) and slugify(slug) == slug
