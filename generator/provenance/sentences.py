"""Sentence splitting for Markdown summaries and plain-text sources."""
from __future__ import annotations

import re

from .model import SentenceSpan
from .plaintext import closing_markup_end, markdown_blocks, opening_markup_start

# Words that end in "." without ending a sentence when a capitalised word follows.
ABBREVIATIONS = frozenset(
    """mr mrs ms mx dr prof sr jr st mt ft gen col lt maj sgt capt cmdr adm gov
    sen rep rev hon pres supt insp det cpl pte brig
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    no nos vs v fig approx dept est univ ave blvd rd cf al""".split()
)
# After "U.S." etc. only these words make us believe a new sentence starts.
_SENTENCE_STARTERS = frozenset(
    """the a an it he she they we i but and in on at this that these those its his
    her their there then however meanwhile after before when while last next""".split()
)
# Abbreviations that stand before a number or a date only: "No. 10", "Dec. 3", "Wed. Dec. 3". Before any other
# word they are a word ending a sentence: "Voters said no. Turnout...", "...in Nov. Prices rose."
_BEFORE_NUMBERS = frozenset("no nos jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs "
                            "fri sat sun".split())
_TIME_ZONES = frozenset("et est edt ct cst cdt mt mst mdt pt pst pdt gmt bst utc cet cest eet eest ist jst aest "
                        "eastern central mountain pacific local".split())
# Runs of . ! ? … ("...", "?!"), then closing quotes/brackets. One character class
# first, so the regex engine can skip quickly to candidates.
_DECIMAL = re.compile(r"\d[\d,]*\.\d+(?:bn|m|tn|k|km|kg|mm|cm|c|f)?", re.I)
_TERMINAL = re.compile(r"[.!?…。！？｡]+[\"'”’»)\]」』）]*")
_CJK_TERMINALS = frozenset("。！？｡")  # end a sentence as they stand: Chinese and Japanese put no space after them
_CJK_TERMINAL = re.compile("[。！？｡]")
# what follows a quotation that its speaker's words run on into: と(述べた), 他说, 市长表示 (not 市长随后辞职了)
_CJK_SPEAKER = re.compile(r"と|[^\s。！？｡，、,]{0,6}?(?:说|說|表示|称|稱|道|指出|强调|強調|透露|问|問|回答|宣布|承认|承認)")
_WORD_BEFORE = re.compile(r"[\w.]*$")
_WORD_RUN = re.compile(r"[\w.]*")  # \w: a letter or digit (str.isalnum()) or "_"
_NEXT_WORD = re.compile(r"\s*[\"'“‘«(\[*_]*(?:(\w+)|(\S?))")


def split_sentences(markdown: str) -> list[SentenceSpan]:
    """Sentences of a Markdown body with their exact positions in it."""
    spans: list[SentenceSpan] = []
    for block in markdown_blocks(markdown):
        for start, end in sentence_bounds(block.text, block.code):
            md_start = opening_markup_start(markdown, block.offsets[start])
            md_end = closing_markup_end(markdown, block.offsets[end - 1] + 1)
            spans.append(
                SentenceSpan(
                    index=len(spans),
                    text=block.text[start:end],
                    md_start=md_start,
                    md_end=md_end,
                    line=markdown.count("\n", 0, md_start) + 1,
                )
            )
    return spans


def sentence_bounds(text: str, protected: list[bool] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in plain text, whitespace trimmed."""
    bounds: list[tuple[int, int]] = []
    start = 0
    # Lower-cased model output ("the police said . he was ..."): capitals prove nothing.
    caseless = text.islower()
    cjk = not text.isascii() and _CJK_TERMINAL.search(text) is not None  # once per text, not per full stop
    for match in _TERMINAL.finditer(text):
        end = match.end()
        if protected and protected[match.start()]:
            continue
        if _ends_sentence(text, match.start(), end, caseless, cjk):
            bounds.append((start, end))
            start = end
    bounds.append((start, len(text)))
    return [trimmed for b in bounds if (trimmed := _trim(text, *b))]


def _ends_sentence(text: str, punct: int, end: int, caseless: bool = False, cjk: bool = True) -> bool:
    """cjk: may the text hold a Chinese or Japanese full stop (False: skip looking for one)."""
    if cjk and _CJK_TERMINALS.intersection(text[punct:end]):
        # but a quotation's end runs on into its speaker: “我们会赢。”他说。, 「…した。」と述べた。
        return not (text[end - 1] not in _CJK_TERMINALS and _CJK_SPEAKER.match(text, end))
    if end < len(text) and not text[end].isspace():
        return False  # "3.5", "U.S.-led", "example.com"
    nxt = _next_word(text, end)
    if not nxt:
        return end >= len(text.rstrip())
    if nxt[0].islower() and not caseless:
        return False
    if text[punct] != ".":
        return True
    word = _word_before(text, punct)
    lower = word.lower().rstrip(".")
    if lower in _BEFORE_NUMBERS:
        return not (nxt[0].isdigit() or nxt.lower() in _BEFORE_NUMBERS)
    if lower in ABBREVIATIONS:
        return False
    if len(word) == 1 and (word.isupper() or caseless and word.isalpha()):
        return False  # an initial: "J. R. R. Tolkien"
    if lower in ("a.m", "p.m"):  # "at 11 a.m. Nobody was hurt", but "11 a.m. GMT"
        return nxt.lower() not in _TIME_ZONES and not nxt[0].isdigit()
    if "." in word:  # "U.S.", "a.m."; but a number ends a sentence: "of magnitude 4.6. Police", "$1.2bn. Prices"
        return _DECIMAL.fullmatch(word) is not None or nxt.lower() in _SENTENCE_STARTERS
    return True


def _next_word(text: str, pos: int) -> str:
    """The word after pos, past spaces and opening quotes/brackets ("" at the end)."""
    match = _NEXT_WORD.match(text, pos)
    return match.group(1) or match.group(2)


def _word_before(text: str, punct: int) -> str:
    """The run of word characters and dots just before punct (at most 40): a
    backward scan, where a "$"-anchored regex search would retry every start."""
    lowest = max(0, punct - 40)
    window = text[lowest:punct]
    if "\n" in window:  # never in split text; kept for exactness
        match = _WORD_BEFORE.search(text, lowest, punct)
        return match.group() if match else ""
    # the run read backwards: one match from its end, in C
    return window[len(window) - _WORD_RUN.match(window[::-1]).end():]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    start += len(piece) - len(piece.lstrip())
    return start, start + len(stripped)


_LINE = re.compile(r"[^\n]+")


def plain_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of plain source text, never crossing a blank line or line break."""
    spans: list[tuple[int, int]] = []
    for para in _LINE.finditer(text):
        for start, end in sentence_bounds(para.group()):
            spans.append((para.start() + start, para.start() + end))
    return spans

