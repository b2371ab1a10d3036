"""Every internal link and anchor in the HTML output resolves: a pure check, outputs -> diagnostics.

A regular expression over tags rather than an HTML parser: the pages are ours (attributes always
quoted, text escaped), and a regex reads a thousand pages in a fraction of a second.
"""
from __future__ import annotations

import bisect
import functools
import html
import zlib
from array import array
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from . import mdlinks, media, urls
from .errors import Diagnostic, warning

# no links to check inside; "<" taken out of the alternatives, so the search skips to each "<" directly
_HIDDEN = re.compile(r"<(?:!--.*?-->|(script|style)\b.*?</\1\s*>)", re.S | re.I)
# tags that may link. The name is possessive (giving some back never helps: a shorter one is followed by
# no space), and the lookahead skips, at one test a character, places where no attribute name can start
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*+)(\s[^>]*?\b(?=[hsinHSIN])(?:href|src|id|name)\s*=[^>]*)>", re.I)
# every attribute in turn, so that "src=x" inside another attribute's quoted value is read as the text it is
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_LINKING = {"href", "src", "id", "name"}
_TEXT_FRAGMENT = ":~:"  # #:~:text=… asks the browser to find text, not an id
_NEWLINE = re.compile("\n")


def _blank(match: re.Match) -> str:
    """Keep newlines so line numbers stay right: every other character becomes a space."""
    return "\n".join(" " * len(line) for line in match.group().split("\n"))


class _Page:
    """The links (attribute, url, offset) and ids of one HTML page."""

    def __init__(self, text: str):
        text = _HIDDEN.sub(_blank, text)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, int]] = []
        for tag in _TAG.finditer(text):
            for name, double, single, bare in _ATTR.findall(tag.group(2)):  # findall: tuples, no Match objects
                name = name.lower()
                if name not in _LINKING:
                    continue
                value = double or single or bare
                value = html.unescape(value) if "&" in value else value
                if name == "id" or (name == "name" and tag.group(1).lower() == "a"):
                    self.ids.add(value)
                elif name != "name":
                    self.links.append((name, value, tag.start()))


def resolve(page: str, url: str) -> tuple[str, str] | None:
    """(site path, fragment) that url on page points to; None for other sites and schemes."""
    where = _resolve(posixpath.dirname(page), url)
    return (page, where[1]) if where and where[0] is None else where


def _resolve(folder: str, url: str) -> tuple[str | None, str] | None:
    """(path or None for 'this page', fragment); None for other sites and schemes."""
    head, _, fragment = url.strip().partition("#")
    path = _target(folder, head)
    if path is _ELSEWHERE:
        return None
    return path, unquote(fragment).split(_TEXT_FRAGMENT)[0] if fragment else ""


_ELSEWHERE = object()  # another site or scheme


@functools.lru_cache(maxsize=1 << 16)  # every page of a folder repeats the same nav links, fragments apart
def _target(folder: str, head: str) -> str | None:
    """The site path a URL without its #fragment points to from folder; None for 'this page'."""
    path = head.partition("?")[0]
    if ":" in path or path.startswith("//"):  # a scheme (https:, mailto:) or another host
        parts = urlsplit(head)
        if parts.scheme or parts.netloc:
            return _ELSEWHERE
    path = unquote(path)
    if not path:
        return None
    target = posixpath.normpath(posixpath.join(folder, path))
    if path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html")
    return posixpath.normpath(target)


def _problem(link: str, target: str, fragment: str, pages: dict, produced: set) -> str:
    if target.startswith("../") or target == "..":
        return f"link {link!r} leaves the site folder"
    if target not in produced:
        return f"link {link!r} points to {target}, which the build does not produce"
    if fragment and target in pages and fragment not in pages[target].ids:
        return f"link {link!r}: no id {fragment!r} in {target}"
    return ""


# The last check's scans by path, with the bytes they scanned, and the paths they were checked against:
# `mkdocs serve` checks the whole site after every edit, and rescans only the pages that changed. Its
# build reuses the very bytes objects of unchanged pages, so identity finds them without hashing 1 GB.
_last: tuple[set, dict] = (set(), {})


@dataclass(frozen=True)
class Scan:
    """What one page's links need checked: problems found from the page alone, and links into other pages' ids."""

    ids: str         # the page's ids, "\n"-joined: compact enough to keep for every page of a large site
    refs: bytes      # links into another HTML page's id, checked against it later: see ref_list()
    local: tuple     # (attr, target, fragment, line, message)
    links: bytes = b""   # every site path it links to, as link_hashes(): which pages a removal can break


def path_hashes(paths) -> set[int]:
    """32-bit hashes of site paths. Two paths may share one: a page is then rechecked when it need not be,
    never the reverse."""
    return {zlib.crc32(p.encode("utf-8", "surrogatepass")) for p in paths}


def link_hashes(paths) -> bytes:
    """Site paths as sorted path_hashes, packed: 4 bytes a link, so every page's can be kept."""
    return array("I", sorted(path_hashes(paths))).tobytes()


def links_any(packed: bytes, hashes: set) -> bool:
    """Does a page whose links are `packed` (link_hashes) link to any of `hashes` (path_hashes)?"""
    found = array("I")
    found.frombytes(packed)
    return not hashes.isdisjoint(found)


@functools.lru_cache(maxsize=1 << 17)  # a story page links twice to each passage, every page to the same nav
def _resolve_cached(folder: str, url: str) -> tuple[str | None, str] | None:
    return _resolve(folder, url)


def _stand_in(folder: str) -> tuple[str, str]:
    """(ups, stand_in): a URL that starts by climbing out of folder (ups, "../../" for "stories/x") resolves
    the same from any folder as deep; resolved from one stand-in folder per depth, it is resolved once for
    the site rather than once per page (every story page cites the same source pages)."""
    framed = f"/{folder}/"
    if not folder or "//" in framed or "/./" in framed or "/../" in framed:  # only plain names cancel out
        return "", folder
    depth = folder.count("/") + 1
    return "../" * depth, "/".join(["_"] * depth)


def scan(path: str, page: _Page, produced, text: str) -> Scan:
    folder, refs, local, targets = posixpath.dirname(path), [], [], set()
    ups, stand_in = _stand_in(folder)
    newlines: list = []

    def line(offset: int) -> int:  # blanking kept offsets; newlines found once, not counted per link
        if not newlines:
            newlines.extend(m.start() for m in _NEWLINE.finditer(text))
            newlines.append(len(text) + 1)  # never empty, so a page without newlines is searched once
        return bisect.bisect_left(newlines, offset) + 1
    # 404.html is served at any depth, so without a site_url its links start from the root ("/assets/…"):
    # checked as a site at a domain root reads them (the missing site_url is a warning of its own)
    rooted = path == "404.html"
    for attr, link, offset in page.links:
        where = _resolve("", link.lstrip("/")) if rooted and link.startswith("/") and not link.startswith("//") \
            else _resolve_cached(stand_in if ups and link.startswith(ups) else folder, link)
        if not where:
            continue
        target, fragment = (path if where[0] is None else where[0]), where[1]
        if target != path:
            targets.add(target)
        if fragment and target != path and target.endswith(".html") and target in produced:
            refs += [attr, link, target, fragment, str(line(offset))]
        else:
            message = _problem(link, target, fragment, {path: page}, produced)
            if message:
                local.append((attr, target, fragment, line(offset), message))
    # one string per page, not five objects per link: a large first build holds 23,000 of these;
    # compressed: a story page repeats its sources' paths in every evidence link (5 KB of them, 10 times smaller)
    joined = "\x00".join(r.replace("\x00", "\ufffd") for r in refs).encode("utf-8", "surrogatepass")
    return Scan("\n".join(sorted(page.ids)), zlib.compress(joined, 1) if joined else b"", tuple(local),
                link_hashes(targets))


def ref_list(scan: Scan) -> list[tuple[str, str, str, str, int]]:
    """(attr, link, target, fragment, line) of each link of the page into another page's id."""
    if not scan.refs:
        return []
    parts = zlib.decompress(scan.refs).decode("utf-8", "surrogatepass").split("\x00")
    return [(*parts[i:i + 4], int(parts[i + 4])) for i in range(0, len(parts), 5)]


def scan_bytes(path: str, data: bytes, produced) -> Scan:
    text = data.decode("utf-8", "replace")
    return scan(path, _Page(text), produced, text)


def cross_problems(refs, ids_of) -> tuple:
    """refs of one page checked against the ids of the pages they point into; ids_of(path) -> set of ids."""
    found = []
    for attr, link, target, fragment, line in refs:
        if fragment not in ids_of(target):
            found.append((attr, target, fragment, line, f"link {link!r}: no id {fragment!r} in {target}"))
    return tuple(found)


def summarise(problems: dict, site_dir: str = "site", summaries: dict | None = None) -> list[Diagnostic]:
    """problems: page path -> [(attr, target, fragment, line, message)]; one warning per broken target,
    named at its first page (in path order) with how many other pages repeat it.
    summaries: story page -> (its Markdown file, summary_problems()' links): a broken link a summary wrote is
    named at its line in the Markdown (once: not again when summary_problems already named it)."""
    broken: dict[tuple, list] = defaultdict(list)
    from_summaries = set()
    for path in sorted(problems):
        story_path, written = (summaries or {}).get(path, ("", {}))
        for attr, target, fragment, line, message in sorted(problems[path], key=lambda p: p[3]):
            if (target, fragment) in written:
                at, text, href, named = written[(target, fragment)]
                if not named:
                    # the page is there (summary_problems named it otherwise): the anchor is not
                    why = f"no id {fragment!r} in {target}" if fragment else message
                    from_summaries.add(warning(story_path, at, "body", f"links to {href} ([{text}]): {why}",
                                               "a page, file or id of the site"))
                continue
            broken[(attr, target, fragment)].append((path, line, message))
    found = list(from_summaries)
    for (attr, _, _), occurrences in broken.items():
        path, line, message = occurrences[0]
        more = len({o[0] for o in occurrences}) - 1
        message += f" (also on {more} other page{'s' if more > 1 else ''})" if more else ""
        found.append(warning(f"{site_dir}/{path}", line, attr, message, "a page, file or id of the site"))
    return sorted(found)


def summary_problems(story, index, produced, unpublished: dict, known: list) -> tuple[list[Diagnostic], dict]:
    """The links of a story's summary whose target the site does not produce, each named at its line in the
    Markdown; and every link as it is on the page: (target, fragment) -> (line, text, href, named), for
    summarise() to name an anchor missing on the built page at its line too.
    Pages only: anchors need the built pages. unpublished, known: as mdlinks.why_broken() takes them."""
    page, found, links = urls.story(story.slug), [], {}
    for line, text, href in mdlinks.summary_links(story):
        url = mdlinks.page_href(story, index, href) or \
            media.file_href(href, story.path, page, index.docs_dir, index.files) or href
        where = resolve(page, url)
        if where is None:  # another site or scheme
            continue
        target, fragment = where
        why, path = "", mdlinks.split_href(href)[0]
        if target in produced:
            pass
        elif path.endswith(".md"):
            why = mdlinks.why_broken(story, index, href, unpublished, known)
        elif target.startswith("../") or target == "..":
            why = "it leads out of the site"
        else:
            inside = mdlinks.content_path(story.path, index.docs_dir, path)
            # a page is written from the built page (../other/index.html), a file from the Markdown's folder
            why = f"no file {inside}" if inside and not target.endswith(".html") else \
                f"it points to {target}, which the build does not produce"
        if why:
            found.append(warning(story.path, line, "body", f"links to {href} ([{text}]): {why}",
                                 "a link to a published story's, source's or other file, or a page of the site"))
        links.setdefault((target, fragment), (line, text, href, bool(why)))
    return found, links


def check_links(outputs, site_dir: str = "site", extra_paths=(), summaries: dict | None = None) -> list[Diagnostic]:
    """A warning per broken internal link or anchor, each named once with how many pages repeat it.

    extra_paths: files that exist in the site but are not among outputs (MkDocs pages, say).
    """
    global _last
    produced = {o.path for o in outputs} | set(extra_paths)
    earlier = _last[1] if produced == _last[0] else {}
    scans, ids = {}, {}
    for o in outputs:
        if o.path.endswith(".html"):
            data, scan_ = earlier.get(o.path, (None, None))
            if data is not o.data and data != o.data:
                scan_ = scan_bytes(o.path, o.data, produced)
            scans[o.path], ids[o.path] = (o.data, scan_), scan_.ids
    _last = (produced, scans)
    id_sets: dict = {}

    def ids_of(target: str) -> set:
        if target not in id_sets:
            id_sets[target] = set(ids[target].split("\n")) if target in ids else set()
        return id_sets[target]
    problems = {path: s.local + cross_problems(ref_list(s), ids_of) for path, (_, s) in scans.items()}
    return summarise(problems, site_dir, summaries)
