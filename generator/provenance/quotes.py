"""Direct quotations in a summary sentence: the words a source must contain."""
from __future__ import annotations

import re

from .normalize import word_list

_QUOTE_MARKS = ("\"", "“", "‘", "«", "'", "``")
_QUOTE = re.compile(
    r"“([^”]{2,}?)”|\"([^\"]{2,}?)\"|(?<![\w])‘([^’]+?\s[^’]*?)’(?![\w])|«([^»]+)»"
    r"|(?<![\w'])'(?=\S)([^']+?\s[^']*?)(?<=\S)'(?![\w'])"  # 'single quotes', BBC style
    r"|``\s*(.+?)\s*''"  # PTB-tokenised model output: `` quoted words ''
)


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
