"""The search index: SiteIndex + story texts -> scripts beside the search page.

They are <script>s, not JSON fetched at run time, because fetch() is refused on file:// and
search must work wherever the site does. The index comes in shards of urls.SEARCH_SHARD stories,
oldest first, so an edit remakes one shard and a new story touches only the newest: `search-index-K.js`
holds what answers a query within shard K: a sorted term list (a prefix is a binary search away)
and, per term, the shard's stories holding it, decoded only when a query touches the term.
`search-deks-K.js` holds the standfirsts shown under results; they load after the index, so the
first query never waits for them.

Postings are base-36 gaps between story numbers (within the shard), '!' marking a headline, topic
or publisher hit; a term in more than about one story in twelve is a base64 bitmap instead, far
smaller. The tokenizer here and the one in templates/assets/search.js must agree.
"""
from __future__ import annotations

import base64
from array import array
import json
import re
import unicodedata

from . import urls
from .index import SiteIndex
from .pages import Keys, Planned
from .render import Output
from .slug import slugify

FORMAT = 4
DEK_CHARS = 200  # results show a standfirst, not a page: longer ones are cut at a word
# a word; or a name made of a letter or two and symbols, as newsrooms write them: C++, C#, Q&A, R&D, AT&T
# a decimal ("240.1", indexed with its whole part, 240, too) is one word
# (at most three "&" parts: an unbounded run made "ab&ab&…&" quadratic, 10 s for 30 KB)
_WORD = re.compile(r"(?<![^\W_])[0-9]+(?:\.[0-9]+)+(?![0-9])|"
                   r"(?<![^\W_])[^\W_]{1,2}(?:\+\+|#|(?:&[^\W_]{1,2}){1,3})(?![^\W_]|[#+&])|[^\W_]+")
# Common English words carry no meaning in a query and would double the index.
STOPWORDS = frozenset("""a an and are as at be but by for from has have he her his in is it its of on or
she that the their they this to was were which who will with""".split())
STRONG = "!"
BITMAP = "="  # a posting that starts with this is "=<base64 bitmap>|<gaps of the strong hits>"


# letters no accent-stripping reduces, as a searcher types them plain: "lodz" finds Łódź (search.js does the same)
_PLAIN_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "æ": "ae",
                                "œ": "oe", "ß": "ss", "þ": "th"})


def fold(text: str) -> str:
    """Lower case without accents: 'Zelenskyy' and 'Zelénskyy' are one word to a searcher."""
    if text.isascii():  # nothing to decompose: the common case, and 30 times faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_PLAIN_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


# Chinese and Japanese write no spaces: a run of their scripts is searched
# by its overlapping character pairs, so 新闻 finds 中国新闻 (a run of one character is kept as it is).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+|[^{_CJK}]+")
_HAS_CJK = re.compile(f"[{_CJK}]")


def _pieces(word: str) -> list[str]:
    if "." in word:  # a decimal: itself, and its whole part ("240.1" is found by 240, and "240.9" finds nothing)
        parts = word.split(".")
        if len(parts) > 2:  # a date or an address ("12.03.2024", "192.168.1.1"): each of its numbers too
            return [word] + [p for p in parts if len(p) > 1]
        return [word, parts[0]] if len(parts[0]) > 1 else [word]
    if not _HAS_CJK.search(word):
        return [word] if len(word) > 1 else []  # "c++" is three characters: kept
    out = []
    for run in _CJK_RUN.findall(word):
        if _HAS_CJK.match(run):
            out += [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
        elif len(run) > 1:
            out.append(run)
    return out


# "1,200" is the number 1200 to a searcher (but "2,3" stays two numbers): search.js does the same
_DIGIT_GROUP = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")


# where a CJK run meets other letters or digits ("增长5.3%"): a word ends there, so the number is a word of its own
_CJK_EDGE = re.compile(f"(?<=[{_CJK}])(?=[^\\W_])(?![{_CJK}])|(?<=[^\\W_])(?<![{_CJK}])(?=[{_CJK}])")


def tokens(text: str) -> list[str]:
    """Searchable words of text, in order; single characters (but in CJK) and stop words are dropped."""
    text = _DIGIT_GROUP.sub("", fold(text))
    if _HAS_CJK.search(text):
        text = _CJK_EDGE.sub(" ", text)
    return [piece for w in _WORD.findall(text) for piece in _pieces(w) if piece not in STOPWORDS]


def _short(text: str, limit: int = DEK_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _base36(n: int) -> str:
    digits, out = "0123456789abcdefghijklmnopqrstuvwxyz", ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


_SHORT = [_base36(n) for n in range(36 * 36)]  # gaps are nearly always under two digits: looked up, not computed


def _gaps(numbers: list[int], strong: set[int] = frozenset()) -> str:
    gaps = [n - last for n, last in zip(numbers, [0] + numbers[:-1])]
    out = [_SHORT[g] if g < 1296 else _base36(g) for g in gaps]
    if strong:
        out = [code + STRONG if n in strong else code for code, n in zip(out, numbers)]
    return ",".join(out)


def _bitmap(numbers: list[int], count: int) -> str:
    bits = bytearray((count + 7) // 8)
    for n in numbers:
        bits[n >> 3] |= 1 << (n & 7)
    return base64.b64encode(bytes(bits)).decode("ascii")


def encode_posting(numbers: list[int], strong: set[int], count: int) -> str:
    """The stories (ascending numbers) holding a term, in whichever of the two forms is shorter."""
    limit = (count + 5) // 6 + 2
    if 2 * len(numbers) - 1 <= limit:  # gaps take at least two characters a story: else the bitmap is shorter
        gaps = _gaps(numbers, strong)
        if len(gaps) <= limit:
            return gaps
    return BITMAP + _bitmap(numbers, count) + "|" + _gaps(sorted(strong))


def _js_order(term: str) -> bytes:
    """JavaScript compares strings by UTF-16 code unit; the script's binary search needs that order."""
    return term.encode("utf-16-be")


def _postings(docs_terms, count: int) -> tuple[list[str], list[str]]:
    """docs_terms: (head terms, body terms) of each story in number order, consumed one at a time;
    numbers are kept in compact arrays: at 10,000 stories there are millions of them."""
    table: dict[str, array] = {}
    strong: dict[str, set[int]] = {}
    for number, (head, body) in enumerate(docs_terms):
        for term in head:
            table.setdefault(term, array("i")).append(number)
            strong.setdefault(term, set()).add(number)
        for term in body:  # body terms exclude head terms: each list gets each number once, in order
            table.setdefault(term, array("i")).append(number)
    terms = sorted(table, key=_js_order)
    return terms, [encode_posting(table[t].tolist(), strong.get(t, set()), count) for t in terms]


def body_terms(dek: str, text: str) -> str:
    """The distinct searchable words of a story's dek and summary, space-separated: cached per story."""
    return " ".join(sorted(set(tokens(dek + " " + text))))


def shards(index: SiteIndex) -> list[tuple]:
    """The stories in index shards, oldest first: adding the newest story changes only the last one."""
    oldest_first = index.stories[::-1]
    size = urls.SEARCH_SHARD
    return [tuple(oldest_first[start:start + size]) for start in range(0, len(oldest_first), size)]


def shard_data(stories, index: SiteIndex, texts: dict) -> tuple[dict, list[str]]:
    """(one shard of the index, its deks) as plain data; stories are numbered from 0, oldest first.
    texts: slug -> object with .dek and either .terms (from body_terms) or .text (the plain summary)."""
    columns = {"slug": [], "title": [], "date": [], "pubs": []}
    names: dict[str, int] = {}
    deks = []
    langs: dict[str, str] = {}  # story number -> its language, for the few briefs not in the site's

    def docs_terms():
        for story in stories:
            text = texts[story.slug]
            publishers = sorted({index.publisher_name(slugify(r.publisher)) for r in index.resolved(story)})
            if story.lang:
                langs[str(len(columns["slug"]))] = story.lang
            columns["slug"].append(story.slug)
            columns["title"].append(story.title)
            columns["date"].append(index.local_date(story.date).date().isoformat())
            columns["pubs"].append(" ".join(_base36(names.setdefault(p, len(names))) for p in publishers))
            deks.append(_short(text.dek))
            head = set(tokens(" ".join([story.title, *story.tags, *publishers])))
            terms = getattr(text, "terms", None)
            yield head, set((terms if terms is not None else body_terms(text.dek, text.text)).split()) - head
    terms, postings = _postings(docs_terms(), len(stories))
    # A story's URL is prefix + slug + suffix; said once here rather than once per story.
    prefix, suffix = urls.relative_url(urls.search_page(), urls.story("SLUG")).split("SLUG")
    data = {"v": FORMAT, "url": [prefix, suffix], "stop": sorted(STOPWORDS), "publishers": list(names),
            **columns, "terms": terms, "postings": postings}
    if langs:
        data["langs"] = langs
    return data, deks


def script_json(data) -> str:
    """ASCII JSON that cannot end or confuse a <script>: <, > and & escaped (U+2028/9 too, as \\u)."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _script(name: str, number: int, data) -> bytes:
    """Shard `number` as window.<name>_<number>: one assignment of plain data, in whatever order shards load."""
    return f"window.{name}_{number} = {script_json(data)};\n".encode("ascii")


def index_script(number: int, stories, index: SiteIndex, texts: dict) -> bytes:
    return _script("NEWSBRIEF_INDEX", number, shard_data(stories, index, texts)[0])


def deks_script(number: int, stories, texts: dict) -> bytes:
    return _script("NEWSBRIEF_DEKS", number, [_short(texts[s.slug].dek) for s in stories])


def search_outputs(index: SiteIndex, texts: dict) -> list[Output]:
    """Every index and dek script of the site, made at once (for tests and benchmarks)."""
    outputs = []
    for number, stories in enumerate(shards(index)):
        outputs += [Output(urls.search_index(number), index_script(number, stories, index, texts)),
                    Output(urls.search_deks(number), deks_script(number, stories, texts))]
    return outputs


def plan_search(index: SiteIndex, keys: Keys) -> list[Planned]:
    """Two scripts a shard, each remade when one of its stories, or a publisher's name, changes."""
    planned = []
    for number, stories in enumerate(shards(index)):
        slugs = tuple(s.slug for s in stories)
        make_index = lambda texts, marks, n=number, group=stories: index_script(n, group, index, texts)
        make_deks = lambda texts, marks, n=number, group=stories: deks_script(n, group, texts)
        planned += [Planned("search", path, keys.page("search", path, cards=stories), slugs, make)
                    for path, make in ((urls.search_index(number), make_index), (urls.search_deks(number), make_deks))]
    return planned
