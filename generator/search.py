"""The search index: SiteIndex + story texts -> one script, `search/search-index.js`.

It is a <script>, not JSON fetched at run time, because fetch() is refused on file:// and
search must work wherever the site does. The index is inverted and compact: a sorted term
list (prefix search is a binary search), and per term one string of base-36 gaps between
story numbers, decoded only for the terms a query touches. The tokenizer here and the one
in templates/assets/search.js must agree; tests hold them to the same cases.
"""
from __future__ import annotations

import json
import re
import unicodedata

from . import urls
from .index import SiteIndex
from .render import Output
from .slug import slugify

FORMAT = 1
DEK_CHARS = 220  # results show a dek, not a page: cut long ones at a word
_WORD = re.compile(r"[^\W_]+")
# Common English words carry no meaning in a query and would double the index.
STOPWORDS = frozenset("""a an and are as at be but by for from has have he her his in is it its of on or
she that the their they this to was were which who will with""".split())
# One name for each field of a result row, so the script and this module share them.
FIELDS = ("slug", "title", "dek", "date", "publishers")
# A story with the word in its headline, topics or publishers ranks above one with it in the text.
STRONG, WEAK = "!", ""


def fold(text: str) -> str:
    """Lower case without accents: 'Zelenskyy' and 'Zelénskyy' are one word to a searcher."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


def tokens(text: str) -> list[str]:
    """Searchable words of text, in order; single characters and stop words are dropped."""
    return [w for w in _WORD.findall(fold(text)) if len(w) > 1 and w not in STOPWORDS]


def _short(text: str, limit: int = DEK_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _postings(docs_terms: list[tuple[set, set]]) -> tuple[list[str], list[str]]:
    """Terms sorted, and for each a string of gaps between story numbers, '!' marking strong hits."""
    table: dict[str, list[str]] = {}
    last: dict[str, int] = {}
    for number, (strong, weak) in enumerate(docs_terms):
        for term in sorted(strong | weak):
            gap = number - last.get(term, 0)
            last[term] = number
            table.setdefault(term, []).append(_base36(gap) + (STRONG if term in strong else WEAK))
    terms = sorted(table)
    return terms, [",".join(table[t]) for t in terms]


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def index_data(index: SiteIndex, texts: dict) -> dict:
    """The index as plain data. texts: slug -> object with .text (plain summary) and .dek."""
    docs, docs_terms = [], []
    for story in index.stories:
        text = texts[story.slug]
        publishers = sorted({index.publisher_name(slugify(r.publisher)) for r in index.resolved(story)})
        date = index.local_date(story.date).date().isoformat()
        docs.append([story.slug, story.title, _short(text.dek), date, ", ".join(publishers)])
        strong = set(tokens(" ".join([story.title, *story.tags, *publishers])))
        docs_terms.append((strong, set(tokens(text.dek + " " + text.text)) - strong))
    terms, postings = _postings(docs_terms)
    # A story's URL is prefix + slug + suffix; said once here rather than 10,000 times in the rows.
    prefix, suffix = urls.relative_url(urls.search_page(), urls.story("SLUG")).split("SLUG")
    return {"v": FORMAT, "url": [prefix, suffix], "fields": list(FIELDS), "stop": sorted(STOPWORDS),
            "docs": docs, "terms": terms, "postings": postings}


def script_json(data) -> str:
    """JSON that cannot end or confuse a <script>: <, >, & and the JS line separators escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def search_index(index: SiteIndex, texts: dict) -> Output:
    body = f"window.NEWSBRIEF_INDEX = {script_json(index_data(index, texts))};\n"
    return Output(urls.search_index(), body.encode("utf-8"))
