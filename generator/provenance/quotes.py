"""Claims found by pattern alone: direct quotations (the words a source must
contain) and the days of lower-cased model output."""
from __future__ import annotations

import re

from .normalize import word_list

_QUOTE_MARKS = ("\"", "“", "‘", "«", "'", "``")
_QUOTE = re.compile(
    r"“([^”]{2,}?)”|\"([^\"]{2,}?)\"|(?<![\w])‘([^’]+?\s[^’]*?)’(?![\w])|«([^»]+)»"
    r"|(?<![\w'])'(?=\S)([^']+?\s[^']*?)(?<=\S)'(?![\w'])"  # 'single quotes', BBC style
    r"|``\s*(.+?)\s*''"  # PTB-tokenised model output: `` quoted words ''
)
# Lower-cased days, and months next to a day number.
_FULL_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november"
                "|december")
_LOWER_DATE = re.compile(
    r"\b(?P<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|(?<=\d )(?P<month>" + _FULL_MONTHS + r")\b|\b(?P<month2>" + _FULL_MONTHS + r")(?= \d)")


def find_quotes(sentence: str) -> list[tuple[str, tuple[str, ...]]]:
    """(quotation as written, its folded words) for each quotation."""
    if not any(mark in sentence for mark in _QUOTE_MARKS):
        return []  # the common case; the full pattern is slow
    quotes = []
    for match in _QUOTE.finditer(sentence):
        inner = next(g for g in match.groups() if g is not None)
        # Same tokens as the source's phrase text: "Putin's" stays one word.
        key = tuple(p for w in word_list(inner) for p in w.split("-") if p)
        if key:
            quotes.append((match.group(), key))
    return quotes


def lowercase_dates(sentence: str) -> list[tuple[str, tuple[str, ...]]]:
    """Lower-cased model output still names days: "on sunday", "3 october"."""
    if not sentence.islower():
        return []  # with capitals, a day or month has one (and is a claim already)
    return [(m.group(), (m.group("day") or m.group("month") or m.group("month2"),))
            for m in _LOWER_DATE.finditer(sentence)]
