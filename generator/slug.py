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
MAX_LENGTH = 80
MAX_BYTES = 200


def _transliterate(char: str) -> str:
    if char in _CYRILLIC:
        return _CYRILLIC[char]
    if char in _GREEK:
        return _GREEK[char]
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    # accents come off Latin letters ("é" -> "e"); other scripts keep their letters whole: "が" is not "か",
    # and a Hangul syllable is not its jamo
    return base if base and base.isascii() else char


@lru_cache(maxsize=1 << 15)  # a tag or publisher is slugified on every card that shows it: once is enough
def slugify(text: str) -> str:
    """'Putin's Visit — Харків' -> 'putins-visit-kharkiv'; scripts without a table (Chinese) are kept as letters."""
    text = unicodedata.normalize("NFC", str(text)).lower().replace("'", "").replace("’", "")
    if not text.isascii():  # Turkish: "İ".lower() is "i" and a combining dot, "ı" a dotless i: both "i"
        text = text.replace("i\u0307", "i").replace("ı", "i")
    latin = text if text.isascii() else "".join(_transliterate(c) for c in text)  # ASCII maps to itself
    slug = _SEPARATORS.sub("-", latin).strip("-")[:MAX_LENGTH]
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
