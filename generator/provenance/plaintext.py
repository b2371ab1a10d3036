"""Markdown -> plain-text blocks that remember where each character came from.

Every block is a paragraph, list item, footnote or block-quote paragraph (headings claim nothing); a
sentence never crosses a block.  ``offsets[i]`` is the Markdown offset of
``text[i]`` so sentence spans can be mapped back exactly.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .normalize import reads_as_headline

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_RULE = re.compile(r"^\s{0,3}([-*_=])(\s*\1){2,}\s*$")
# "Why it matters\n---": the line above becomes a heading (in Python-Markdown, only a one-line paragraph does)
_SETEXT = re.compile(r"^\s{0,3}(?:>\s?)*\s{0,3}(?:=+|-+)[ \t]*$")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
# "[^1]: text": a footnote's text is published, so it is checked like any paragraph
_FOOTNOTE_DEF = re.compile(r"^\s{0,3}\[\^[^\]\s]+\]:[ \t]*")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_HTML_BLOCK = re.compile(r"^\s{0,3}</?[A-Za-z][^>]*>\s*$")
# a quoted attribute value may hold ">" (alt="rain > 1 mm"): the tag ends at the first ">" outside quotes
_INLINE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s(?:\"[^\"]*\"|'[^']*'|[^'\"<>])*)?/?>|<!--.*?-->", re.S)
_INDENTED_CODE = re.compile(r"^(?: {4}|\t)")
_TABLE_ROW = re.compile(r"^(?:\s{0,3}>)*\s{0,3}\|")
_HIDDEN_ELEMENT = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_AUTOLINK = re.compile(r"<(https?://|mailto:)[^>\s]*>")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_EMPHASIS = "*_~"
_PLAIN_RUN = re.compile(r"[^\\`<&!\][*_~]+")


@dataclass
class Block:
    text: str = ""
    offsets: list[int] = field(default_factory=list)
    # Inside inline code or link text: never split here, so a sentence never
    # ends in the middle of either.
    code: list[bool] = field(default_factory=list)
    link_depth: int = 0
    lines: int = 0  # of Markdown, joined into this block
    after_blank: bool = False  # its first line follows a blank line, or is the first

    def add(self, char: str, offset: int, in_code: bool = False) -> None:
        self.text += char
        self.offsets.append(offset)
        self.code.append(in_code or self.link_depth > 0)

    def add_run(self, md: str, start: int, end: int) -> None:
        """Copy md[start:end] verbatim (no markup inside)."""
        self.text += md[start:end]
        self.offsets.extend(range(start, end))
        self.code.extend([self.link_depth > 0] * (end - start))


def markdown_blocks(markdown: str) -> list[Block]:
    """Split Markdown into blocks of plain text with per-character offsets."""
    blocks: list[Block] = []
    current: Block | None = None
    in_fence = in_list = in_code = in_html = False
    blank_before = True
    pos = 0
    quote_depth = 0
    for raw in markdown.splitlines(keepends=True):
        line_start, pos = pos, pos + len(raw)
        line = raw.rstrip("\r\n")
        if line.strip() and not _INDENTED_CODE.match(line):
            in_code = False  # a line back at the margin ends an indented code block (a fence may open here)
        if _FENCE.match(line) and not in_code:
            in_fence, current = not in_fence, None
            continue
        # an indented code block: indented after a blank line, outside a list, a footnote or raw HTML (where an
        # indented line continues the item, the note or the HTML)
        if line.strip() and not in_fence and _INDENTED_CODE.match(line) and (in_code or current is None and not in_list):
            in_code, current = True, None
            continue
        was_in_list, after_blank, blank_before = in_list, blank_before, not line.strip()
        if not line.strip():
            in_html = False
        elif _HTML_BLOCK.match(line):
            in_html = True  # raw HTML runs on to a blank line: a "---" in it is text, no heading
        if line.strip() and not in_fence:
            in_list = bool(_LIST_ITEM.match(line) or _FOOTNOTE_DEF.match(line) or _HTML_BLOCK.match(line)) \
                or (in_list and line[:1].isspace())
        footnote = _FOOTNOTE_DEF.match(line)
        if footnote and line[footnote.end():].strip():
            current = Block()
            blocks.append(current)
            _add_inline(current, markdown, line_start + footnote.end(), line_start + len(line))
            continue
        # only where Python-Markdown surely makes a heading: in a list only of an item after a blank line ("- a\n
        # ---"; after another item it is a rule), not in raw HTML, not across a change of quotation depth
        if not in_fence and current is not None and current.lines == 1 and blocks and blocks[-1] is current \
                and (not was_in_list or current.after_blank) and not in_html and _SETEXT.match(line) \
                and line.count(">", 0, len(line) - len(line.lstrip(" >"))) == quote_depth:
            blocks.pop()  # a heading structures the brief and claims nothing, as "## …" does
            current = None
            continue
        if in_fence or not line.strip() or _RULE.match(line) or _REF_DEF.match(line):
            current = None
            continue
        if _HTML_BLOCK.match(line) or _TABLE_ROW.match(line):  # a table is data, not sentences: no marker fits a cell
            current = None
            continue
        body_start, starts_block, is_heading = _strip_prefixes(line)
        depth = line.count(">", 0, body_start)
        starts_block |= depth != quote_depth
        quote_depth = depth
        if is_heading:  # "## Why it matters" structures a brief and claims nothing: no marker, no warning
            current = None
            continue
        # "Putin's Visit to China\nRussian President…": a headline line atop a summary is a sentence of its own
        headline = current is not None and len(blocks) == 1 and current.lines == 1 \
            and line[body_start:body_start + 1].isupper() and reads_as_headline(current.text)  # the first line only
        if current is None or starts_block or headline:
            current = Block(after_blank=after_blank)
            blocks.append(current)
        elif current.text:
            current.add(" ", line_start + body_start - 1)
        current.lines += 1
        _add_inline(current, markdown, line_start + body_start, line_start + len(line))
    # "Key figures:" before a list labels it, as a heading would: a claim of nothing
    return [b for b in blocks if b.text.strip() and not (b.text.rstrip().endswith(":") and len(b.text.split()) <= 4)]


def _strip_prefixes(line: str) -> tuple[int, bool, bool]:
    """Offset of the line's content after quote/list/heading markers."""
    start, new_block = 0, False
    while True:
        rest = line[start:]
        match = _QUOTE.match(rest)
        if match:
            start += match.end()
            continue
        match = _HEADING.match(rest)
        if match:
            return start + match.end(), True, True
        match = _LIST_ITEM.match(rest)
        if match:
            start += match.end()
            new_block = True
            continue
        return start + len(rest) - len(rest.lstrip()), new_block, False


def _add_inline(block: Block, md: str, start: int, end: int) -> None:
    """Append the visible text of md[start:end] to the block."""
    i = start
    while i < end:
        run = _PLAIN_RUN.match(md, i, end)
        if run:
            block.add_run(md, i, run.end())
            i = run.end()
        else:
            i = _add_markup(block, md, i, end)


def _add_markup(block: Block, md: str, i: int, end: int) -> int:
    """Handle the construct starting at md[i]; return where text resumes."""
    ch = md[i]
    if ch == "\\" and i + 1 < end and not md[i + 1].isalnum():
        block.add(md[i + 1], i + 1)
        return i + 2
    if ch == "`":
        return _add_code(block, md, i, end)
    if ch == "<" and (match := _HIDDEN_ELEMENT.match(md, i, end)):
        return match.end()  # no reader sees a script's or a style's text: the sanitiser drops it from the page
    if ch == "<" and (match := _AUTOLINK.match(md, i, end) or _INLINE_TAG.match(md, i, end)):
        return match.end()
    if ch == "&" and (match := _ENTITY.match(md, i, end)):
        block.add(html.unescape(match.group()), i)
        return match.end()
    if ch == "!" and md.startswith("![", i):
        close = md.find("]", i + 2, end)
        if close > 0 and close + 1 < end and md[close + 1] == "(":
            return _skip_link_target(md, close, end)  # an image's alt text describes it: it claims nothing
        return i + 1
    if ch == "]":
        if block.link_depth:
            block.link_depth -= 1
            if block.code:
                block.code[-1] = False  # "[He left.](url)" may end a sentence
        return _skip_link_target(md, i, end)
    if ch == "[" and (match := _FOOTNOTE_REF.match(md, i, end)):
        return match.end()  # a footnote's number ("[^1]"): no words of the sentence
    if ch == "[":
        block.link_depth += md.find("]", i, end) > 0
        return i + 1
    if ch in _EMPHASIS and _is_markup_run(md, i, end):
        return i + 1
    block.add(ch, i)
    return i + 1


def _add_code(block: Block, md: str, i: int, end: int) -> int:
    ticks = len(md[i:end]) - len(md[i:end].lstrip("`"))
    close = md.find("`" * ticks, i + ticks, end)
    if close < 0:
        block.add(md[i], i)
        return i + 1
    for j in range(i + ticks, close):
        block.add(md[j], j, in_code=True)
    return close + ticks


def _skip_link_target(md: str, i: int, end: int) -> int:
    """After a link's text: skip "(url)" or "[ref]" so only the text stays."""
    nxt = i + 1
    if nxt < end and md[nxt] in "([":
        closer = ")" if md[nxt] == "(" else "]"
        depth, j = 0, nxt
        while j < end:
            if md[j] == md[nxt]:
                depth += 1
            elif md[j] == closer:
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
    return i + 1


def _is_markup_run(md: str, i: int, end: int) -> bool:
    """Emphasis markers touch text on one side; intraword "_" (snake_case) is text."""
    before = md[i - 1] if i > 0 else " "
    after = md[i + 1] if i + 1 < end else " "
    if md[i] == "_" and before.isalnum() and after.isalnum():
        return False
    return not (before.isspace() and after.isspace())


def opening_markup_start(md: str, pos: int) -> int:
    """Move pos back over opening emphasis or "[" right before a sentence."""
    while pos > 0 and (md[pos - 1] in _EMPHASIS or md[pos - 1] in "[`"):
        pos -= 1
    return pos


def closing_markup_end(md: str, pos: int) -> int:
    """Move pos past closing emphasis, link targets and tags that end a sentence."""
    while pos < len(md):
        if md[pos] in _EMPHASIS or md[pos] == "`":
            pos += 1
        elif md[pos] == "]":
            pos = _skip_link_target(md, pos, len(md))
        elif md.startswith("</", pos) and (m := _INLINE_TAG.match(md, pos)):
            pos = m.end()
        else:
            return pos
    return pos
