"""Claims found by pattern alone: direct quotations (the words a source must
contain) and the days of lower-cased model output."""
from __future__ import annotations

import re

from .normalize import word_list

_QUOTE_MARKS = ("\"", "“", "”", "‘", "«", "'", "``")
_QUOTE = re.compile(
    r"“([^”]{2,}?)”|\"([^\"]{2,}?)\"|«([^»]+)»"
    # ‘single quotes’ and 'BBC style': an apostrophe between letters ("won't") does not close one
    r"|(?<![\w])‘((?:[^’]|(?<=\w)’(?=\w))+?\s(?:[^’]|(?<=\w)’(?=\w))*?)’(?![\w])"
    r"|(?<![\w'])'(?=\S)((?:[^']|(?<=\w)'(?=\w))+?\s(?:[^']|(?<=\w)'(?=\w))*?)(?<=\S)'(?![\w'])"
    r"|(?<![\w'’])[‘']([^\W\d_][\w-]{2,})[’'](?![\w'’])"  # one word: called the plan 'shambolic'
    r"|``\s*(.+?)\s*''"  # PTB-tokenised model output: `` quoted words ''
)
# A quotation of several sentences is split with them: the first sentence keeps its opening mark, the last its
# closing one. Each part is still the source's words.
_OPENS_TO_END = re.compile(r"[“\"]\s*(\w[^“”\"]*)$")
_CLOSES_FROM_START = re.compile(r"^([^“”\"]*\w[^“”\"]*?)[”\"]")
GAP = "…"  # in a quotation's key: words left out ("…") or put in ("[the]") by whoever quoted it; no word is "…"
_GAP = re.compile(r"\s*(?:\[[^\]]*\]|…|\.\s?\.\s?\.)\s*")
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
    found = [(match.group(), next(g for g in match.groups() if g is not None)) for match in _QUOTE.finditer(sentence)]
    curly = sentence.count("“") - sentence.count("”")
    straight = sentence.find('"') if sentence.count('"') == 1 else -1
    opens = straight >= 0 and sentence[straight + 1:straight + 2].strip() != ""  # "We… opens; …job." closes
    if curly > 0 or (straight >= 0 and opens):
        tail = _OPENS_TO_END.search(sentence)
        found += [(tail.group(), tail.group(1))] if tail and len(tail.group(1).split()) > 1 else []
    elif curly < 0 or straight >= 0:
        head = _CLOSES_FROM_START.search(sentence)
        found += [(head.group(), head.group(1))] if head and len(head.group(1).split()) > 1 else []
    for written, inner in found:
        # Same tokens as the source's phrase text: "Putin's" stays one word. An ellipsis or an editor's
        # [insertion] splits the quotation into pieces, each of which the source must say word for word.
        key = []
        for piece in _GAP.split(inner):
            words = [p for w in word_list(piece) for p in w.split("-") if p]
            if words:
                key += ([GAP] if key else []) + words
        key = tuple(key)
        if key:
            quotes.append((written, key))
    return quotes


def lowercase_dates(sentence: str) -> list[tuple[str, tuple[str, ...]]]:
    """Lower-cased model output still names days: "on sunday", "3 october"."""
    if not sentence.islower():
        return []  # with capitals, a day or month has one (and is a claim already)
    return [(m.group(), (m.group("day") or m.group("month") or m.group("month2"),))
            for m in _LOWER_DATE.finditer(sentence)]
