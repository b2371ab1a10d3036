"""Name helpers for a source index: acronyms of capitalised runs, spelling variants."""
from __future__ import annotations

import re

from .normalize import STOPWORDS

# Suffix pairs that still name the same thing: Ukraine/Ukrainian, Zelensky/Zelenskyy.
_NAME_SUFFIXES = frozenset("  s y i e a n an ian ians ese ish ns yy iy ii ij ain ians".split(" "))
_CAPITAL_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|the|de)\s+)?[A-Z][\w'’-]*)+")
_POSSESSIVE_S = re.compile(r"['’]s\b")


def acronyms(text: str) -> frozenset[str]:
    found = set()
    for match in _CAPITAL_RUN.finditer(text):
        run_text = match.group()
        possessive = _POSSESSIVE_S.search(run_text)
        if possessive and possessive.end() < len(run_text):
            continue  # "Ukraine's Kharkiv" is not "UK" (but "the International Union for Conservation of Nature's
            # red list" is the IUCN's)
        tokens = [t for t in run_text.split() if t.lower() not in STOPWORDS]
        # Also without the first word: it may just start the sentence ("The").
        for run in (tokens, tokens[1:]):
            found.add("".join(t[0] for t in run).lower())
    return frozenset(found)


def same_name(a: str, b: str) -> bool:
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= 4 and a[common:] in _NAME_SUFFIXES and b[common:] in _NAME_SUFFIXES
