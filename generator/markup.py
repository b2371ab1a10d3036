"""Markdown -> safe HTML and plain text, with one configured parser reused."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable, Sequence

import markdown
import nh3
from markdown.extensions.footnotes import FootnoteExtension

_footnotes = FootnoteExtension()
_EXTENSIONS = ["tables", "fenced_code", "sane_lists", _footnotes]
_parser = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
# Raw HTML in a summary is kept only when on this allow-list; scripts, handlers and styles go.
_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em", "h2", "h3", "h4", "h5", "h6", "hr",
         "i", "img", "li", "ol", "p", "pre", "q", "s", "span", "strong", "sub", "sup", "table", "tbody", "td",
         "th", "thead", "tr", "ul", "dl", "dt", "dd", "mark", "small", "figure", "figcaption", "cite"}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"}, "abbr": {"title"},
               "th": {"align"}, "td": {"align"}, "li": {"id"}, "sup": {"id"}, "div": {"class"}}
_SCHEMES = {"http", "https", "mailto"}
_MARK = "qzNB{}MARK{}KRAMBNzq"  # (nonce, mark number): a nonce the summary does not contain, so its own text is never taken for a mark
# characters a character reference (&#1;, &#xFFFE;) can make that XML 1.0 forbids: one in a summary would make
# every feed it is in unreadable to a strict reader, and HTML parsers report them too
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_BLOCK_TAG_RE = re.compile(r"</?(?:p|li|h\d|br|div|tr|td|th|blockquote|pre|ul|ol|dt|dd|hr|table)\b[^>]*>")
_TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str


def _footnote_ids(separator: str) -> re.Pattern:
    """The ids the footnotes extension gives its notes and refs ("fn:1", "fnref:1", "fnref2:1", "fn:note")."""
    return re.compile(rf"fn(?:ref\d*)?{re.escape(separator)}[\w-]+")


_WRITTEN_SEPARATORS = re.compile(r"fn(?:ref\d*)?(:(?:\d+:)?)")


def _separator(text: str) -> str:
    """":" (fn:1), unless the summary writes such an id in raw HTML itself: then one it does not write, so
    its own <li id="fn:1"> cannot stand in for a real note and take the footnote link. (One pass over the
    text: a summary full of "fn:1:" must not cost a pass per separator tried.)"""
    taken = set(_WRITTEN_SEPARATORS.findall(text))
    separator, n = ":", 0
    while separator in taken:
        n += 1
        separator = f":{n}:"
    return separator


def sanitize(fragment: str, separator: str = ":") -> str:
    """A raw id in a summary could repeat one of the page's own (tip-1, evidence-1, main) and take over its
    tooltip or jump: only the footnotes extension's ids are kept."""
    ids = _footnote_ids(separator)
    keep = lambda element, attribute, value: value if attribute != "id" or ids.fullmatch(value) else None
    return _valid(nh3.clean(fragment, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                            link_rel="noopener noreferrer", attribute_filter=keep))


_REL_WITHOUT_HREF = re.compile(r'(<a\b(?![^>]*\shref=)[^>]*?) rel="noopener noreferrer"')
_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\salt=)")


def _valid(cleaned: str) -> str:
    """What cleaning leaves invalid: a link whose javascript: href went keeps its rel (HTML allows rel only with
    href), and an image without alt (an empty one says it is decoration, which is all the summary says)."""
    if "<a" in cleaned:
        cleaned = _REL_WITHOUT_HREF.sub(r"\1", cleaned)
    if "<img" in cleaned:
        cleaned = _IMG_WITHOUT_ALT.sub('<img alt=""', cleaned)
    return cleaned


_PAGE_TAGS = _TAGS | {"h1"}
_PAGE_ATTRIBUTES = {**_ATTRIBUTES, **{h: {"id"} for h in ("h1", "h2", "h3", "h4", "h5", "h6")}}


def sanitize_page(fragment: str) -> str:
    """An ordinary MkDocs page (an About page): the summaries' allow-list, plus its title and the headings'
    ids that MkDocs' table of contents links to."""
    return _FORBIDDEN_CHARS.sub("", _valid(nh3.clean(fragment, tags=_PAGE_TAGS, attributes=_PAGE_ATTRIBUTES,
                                                     url_schemes=_SCHEMES, link_rel="noopener noreferrer")))


def plain_text(fragment: str) -> str:
    spaced = _BLOCK_TAG_RE.sub(" ", fragment)
    return " ".join(html.unescape(_TAG_RE.sub("", spaced)).split())


# a fence (in a list item too), and a code span of any number of backticks ("`` a`b ``")
_CODE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$|(`+)[^\n]*?\2", re.M | re.S)


def blank_code(markdown: str) -> str:
    """markdown with fenced and inline code blanked out (same length, same lines): links there are text."""
    return _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), markdown)


_INDENTED = re.compile(r"^(?: {4}|\t)[^\n]*$", re.M)  # code, or a list item's text: either way left as written


def _quotes_in_destinations(text: str) -> str:
    """Quotes inside an inline link's URL percent-encoded, as a browser sends them: Python-Markdown takes a quote
    there for a title's start and cuts the URL short (wiki/"Heroes"_(album) swallowed the text after the link,
    and the evidence mark with it). Code, indented lines and raw HTML tags are left alone, and a destination
    only where it closes with ")" on its line."""
    if "](" not in text or ('"' not in text and "'" not in text):
        return text
    blanked = _INDENTED.sub(lambda m: " " * len(m.group()), blank_code(text))
    quotes, at = [], 0
    while (at := blanked.find("](", at)) != -1:
        line_start = blanked.rfind("\n", 0, at) + 1
        if blanked.rfind("<", line_start, at) > blanked.rfind(">", line_start, at):
            at += 2  # inside a tag: <a title="[x](y)">
            continue
        i, depth, found = at + 2, 0, []
        while i < len(blanked) and not blanked[i].isspace() and blanked[i] != "<":
            char = blanked[i]
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    quotes += found
                    break
                depth -= 1
            elif char in "\"'":
                found.append(i)
            i += 1
        at = i
    if not quotes:
        return text
    pieces, last = [], 0
    for i in quotes:
        escaped = i > last and text[i - 1] == "\\"  # Markdown's escape of the quote goes with it: \" is "
        pieces += [text[last:i - escaped], "%22" if text[i] == '"' else "%27"]
        last = i + 1
    return "".join(pieces) + text[last:]


def render_markdown(text: str, marks: Sequence[int] = (), mark_html: Callable[[int], str] | None = None) -> Rendered:
    """Render Markdown safely; optionally put mark_html(i) at character offset marks[i] of the source text.

    Marks travel through the parser as inert alphanumeric tokens, so they land exactly
    where the sentence ended, whatever Markdown surrounds it.
    """
    nonce = 0
    while f"qzNB{nonce}MARK" in text:
        nonce += 1
    mark_re = re.compile(_MARK.format(nonce, r"(\d+)"))
    pieces, last = [], 0  # one pass: re-slicing the text per mark is quadratic on a long summary
    for i, offset in sorted(enumerate(marks), key=lambda pair: (pair[1], -pair[0])):
        pieces += [text[last:offset], _MARK.format(nonce, i)]
        last = offset
    text = _quotes_in_destinations("".join(pieces) + text[last:])
    _parser.reset()
    separator = _separator(text)
    _footnotes.setConfig("SEPARATOR", separator)
    # a code block or table that scrolls sideways takes keyboard focus, so it can be scrolled without a mouse
    body = _FORBIDDEN_CHARS.sub("", sanitize(_parser.convert(text), separator)).replace("<pre>", '<pre tabindex="0">') \
        .replace("<table>", '<table tabindex="0">')
    clean_text = plain_text(mark_re.sub("", body))
    if mark_html:
        body = _place_marks(body, mark_re, mark_html)
    return Rendered(body, clean_text)


_TAG_SPLIT = re.compile(r"(<[^>]*>)")  # sanitised HTML: a ">" inside an attribute value is written &gt;


def _place_marks(body: str, mark_re: re.Pattern, mark_html: Callable[[int], str]) -> str:
    """Each mark as mark_html, in text only: a mark inside a tag (raw HTML's alt="…") or a code block would
    break the tag or show as code, so it is dropped there."""
    pieces, in_pre, open_tags, held = [], 0, [], []
    for piece in _TAG_SPLIT.split(body):
        if piece.startswith("<"):
            in_pre += piece.startswith("<pre") - piece.startswith("</pre")
            name = _TAG_NAME.match(piece)
            if name and name.group(1) and open_tags:
                open_tags.pop()
            elif name and name.group(2) not in _VOID:
                open_tags.append(name.group(2))
            pieces.append(mark_re.sub("", piece))
            if held and "a" not in open_tags:
                pieces.append("".join(held))  # after the </a>
                held = []
        elif in_pre or not mark_re.search(piece):
            pieces.append(mark_re.sub("", piece))
        elif "a" in open_tags:
            # a raw link whose text ends a sentence ("<a>he arrived. Harbin</a>"): a marker is a link, and a link
            # inside a link is invalid (browsers split it): it waits for the </a>
            held += [mark_html(int(m.group(1))) for m in mark_re.finditer(piece)]
            pieces.append(mark_re.sub("", piece))
        elif open_tags and open_tags[-1] in _NO_TEXT and pieces and pieces[-1].startswith("</"):
            # an unclosed raw list or table ("<ul><li>Rain fell.</li>" and no </ul>): the mark after the </li>
            # would be a <sup> in a <ul>; it goes inside the item it follows
            marks = "".join(mark_html(int(m.group(1))) for m in mark_re.finditer(piece))
            pieces[-1:] = [marks, pieces[-1], mark_re.sub("", piece)]
        else:
            pieces.append(mark_re.sub(lambda m: mark_html(int(m.group(1))), piece))
    return "".join(pieces + held)


_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][\w-]*)")
_VOID = {"br", "img", "hr", "wbr", "input", "col", "area", "source"}
_NO_TEXT = {"ul", "ol", "table", "tbody", "thead", "tfoot", "tr", "dl"}  # elements whose children are elements only
