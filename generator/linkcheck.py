"""Every internal link and anchor in the HTML output resolves: a pure check, outputs -> diagnostics.

A regular expression over tags rather than an HTML parser: the pages are ours (attributes always
quoted, text escaped), and a regex reads a thousand pages in a fraction of a second.
"""
from __future__ import annotations

import functools
import hashlib
import html
import posixpath
import re
from collections import defaultdict
from urllib.parse import unquote, urlsplit

from .errors import Diagnostic, warning

_HIDDEN = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.S | re.I)  # no links to check inside
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)(\s[^>]*?\b(?:href|src|id|name)\s*=[^>]*)>", re.I)  # tags that may link
_ATTR = re.compile(r"""\s(href|src|id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_TEXT_FRAGMENT = ":~:"  # #:~:text=… asks the browser to find text, not an id


def _blank(match: re.Match) -> str:
    """Keep newlines so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group())


class _Page:
    """The links (attribute, url, offset) and ids of one HTML page."""

    def __init__(self, text: str):
        text = _HIDDEN.sub(_blank, text)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, int]] = []
        for tag in _TAG.finditer(text):
            for attr in _ATTR.finditer(tag.group(2)):
                name, value = attr.group(1).lower(), attr.group(2) or attr.group(3) or attr.group(4) or ""
                value = html.unescape(value) if "&" in value else value
                if name == "id" or (name == "name" and tag.group(1).lower() == "a"):
                    self.ids.add(value)
                elif name in ("href", "src"):
                    self.links.append((name, value, tag.start()))


_previous: dict[bytes, _Page] = {}  # the last build's pages by content digest: `mkdocs serve` re-parses only edits


def _parse_pages(outputs) -> dict[str, _Page]:
    global _previous
    pages, seen = {}, {}
    for o in outputs:
        if o.path.endswith(".html"):
            key = hashlib.blake2b(o.data, digest_size=16).digest()
            page = seen[key] = _previous.get(key) or seen.get(key) or _Page(o.data.decode("utf-8", "replace"))
            pages[o.path] = page
    _previous = seen
    return pages


def resolve(page: str, url: str) -> tuple[str, str] | None:
    """(site path, fragment) that url on page points to; None for other sites and schemes."""
    where = _resolve(posixpath.dirname(page), url)
    return (page, where[1]) if where and where[0] is None else where


@functools.lru_cache(maxsize=1 << 16)  # every page of a folder repeats the same nav links
def _resolve(folder: str, url: str) -> tuple[str | None, str] | None:
    """(path or None for 'this page', fragment); None for other sites and schemes."""
    url = url.strip()
    head, _, fragment = url.partition("#")
    head = head.partition("?")[0]
    if ":" in head or head.startswith("//"):  # a scheme (https:, mailto:) or another host
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return None
    path, fragment = unquote(head), unquote(fragment).split(_TEXT_FRAGMENT)[0]
    if not path:
        return None, fragment
    target = posixpath.normpath(posixpath.join(folder, path))
    if path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html")
    return posixpath.normpath(target), fragment


def _problem(link: str, target: str, fragment: str, pages: dict, produced: set) -> str:
    if target.startswith("../") or target == "..":
        return f"link {link!r} leaves the site folder"
    if target not in produced:
        return f"link {link!r} points to {target}, which the build does not produce"
    if fragment and target in pages and fragment not in pages[target].ids:
        return f"link {link!r}: no id {fragment!r} in {target}"
    return ""


def check_links(outputs, site_dir: str = "site", extra_paths=()) -> list[Diagnostic]:
    """A warning per broken internal link or anchor, each named once with how many pages repeat it.

    extra_paths: files that exist in the site but are not among outputs (MkDocs pages, say).
    """
    produced = {o.path for o in outputs} | set(extra_paths)
    pages = _parse_pages(outputs)
    broken: dict[str, list] = defaultdict(list)
    for path in sorted(pages):
        folder = posixpath.dirname(path)
        for attr, link, offset in pages[path].links:
            where = _resolve(folder, link)
            if where and where[0] is None:
                where = (path, where[1])
            message = where and _problem(link, where[0], where[1], pages, produced)
            if message:  # one broken target, however many pages link to it, is one warning
                broken[(attr, *where)].append((path, offset, attr, message))
    problems, texts = [], {o.path: o.data for o in outputs}
    for occurrences in broken.values():
        path, offset, attr, message = occurrences[0]
        line = texts[path].decode("utf-8", "replace").count("\n", 0, offset) + 1  # blanking kept offsets
        more = len({o[0] for o in occurrences}) - 1
        message += f" (also on {more} other page{'s' if more > 1 else ''})" if more else ""
        problems.append(warning(f"{site_dir}/{path}", line, attr, message, "a page, file or id of the site"))
    return sorted(problems)
