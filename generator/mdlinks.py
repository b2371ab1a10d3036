"""Links between content files as MkDocs users write them, `[an earlier brief](other-story.md)`, made into
links to the pages built from them: a story's page, a source's page.

A link to a file that is no published story or source is left as written, and the link check names it.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

import difflib

from . import urls
from .errors import Diagnostic, warning
from .index import SiteIndex
from .markup import blank_code
from .model import Story

# in the sanitised HTML of a summary: a relative href (no scheme, host or root) to a .md file, then any
# ?query and #fragment, which MkDocs keeps on the page's URL
_MD_HREF = re.compile(r'(<a\s[^>]*?\bhref=")([^"#?:/][^"#?:]*?\.md|\.\.?/[^"#?:]*?\.md)([?#][^"]*)?(")')
# in the Markdown: an inline link to a relative .md file, "[text](other.md?x=1#part)" or "[text](<other brief.md>)"
_MD_LINK = re.compile(r"\]\(\s*(?:<([^<>\n?#]+?\.md)(?:[?#][^<>\n]*)?>|([^\s()<>:?#]+?\.md)(?:[?#][^\s()]*)?)"
                      r"(?:\s+\"[^\"\n]*\")?\s*\)")
# in the Markdown: anything that may name a .md file (more than the links is fine: it only widens a cache key)
_MD_TOKEN = re.compile(r"[^\s()<>\"'\[\]]+\.md\b")
_MD_BRACKETED = re.compile(r"\]\(\s*<([^<>\n?#]+?\.md)(?:[?#][^<>\n]*)?>")  # [a brief](<old brief.md>): a name with spaces


def content_path(story_path: str, docs_dir: str, href: str) -> str:
    """The content path (as Story.path and Source.path spell it) that a relative href without its ?query and
    #fragment names from the story's file, as MkDocs resolves it: percent-decoded first (`..%2fa.md` is
    `../a.md`), from the file's place in the content folder; "" when it leaves the content folder (MkDocs
    finds no file there, even one the path climbs back into)."""
    docs = posixpath.normpath(docs_dir)
    prefix = "" if docs == "." else docs + "/"
    if not story_path.startswith(prefix):
        return ""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(story_path[len(prefix):]), unquote(href)).lstrip("/"))
    return "" if target in (".", "..") or target.startswith("../") else prefix + target


def _resolve(story: Story, href: str, index: SiteIndex) -> str:
    return content_path(story.path, index.docs_dir, href)


def page_of(index: SiteIndex, content_path: str) -> str:
    """The site path of the page built from a content file, or "" when it has none."""
    found = index.by_file(content_path)
    if isinstance(found, Story):
        return urls.story(found.slug)
    return urls.source(found.id) if found is not None else ""


def linked_pages(story: Story, index: SiteIndex) -> tuple[tuple[str, str], ...]:
    """(content path, page) of every file the story's Markdown may link to: part of its cache key, so a
    summary is made again when a page it links to moves (a slug edited)."""
    if ".md" not in story.body:
        return ()
    tokens = _MD_TOKEN.findall(story.body) + _MD_BRACKETED.findall(story.body)
    paths = sorted({_resolve(story, token, index) for token in tokens} - {""})
    return tuple((path, page_of(index, path)) for path in paths)


def rewrite(html: str, story: Story, index: SiteIndex) -> str:
    """html of the story's summary with each link to a story's or source's file pointing at its page."""
    if ".md" not in html:
        return html
    here = urls.story(story.slug)

    def link(match: re.Match) -> str:
        page = page_of(index, _resolve(story, match.group(2), index))
        if not page:
            return match.group()
        fragment = match.group(3) or ""
        return f"{match.group(1)}{urls.relative_url(here, page)}{fragment}{match.group(4)}"
    return _MD_HREF.sub(link, html)


# in the Markdown: the destination of an inline link or image, "](url)", "](<url>)", "](url "a title")"
_INLINE = re.compile(r"\]\(\s*(?:<([^<>\n]*)>|([^\s()<>]*))(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)")


def summary_links(story: Story) -> list[tuple[int, str, str]]:
    """(line, text, destination) of each inline link and image of the story's Markdown, in order; "`[a](x.md)`"
    in code is no link. One pass: lines and texts are found from the last match on, never from the start."""
    if "](" not in story.body:
        return []
    body = blank_code(story.body)
    found, line, at, line_start = [], story.body_line, 0, 0
    for match in _INLINE.finditer(body):
        start = match.start()
        newlines = body.count("\n", at, start)
        if newlines:
            line, line_start = line + newlines, body.rfind("\n", at, start) + 1
        opened = body.rfind("[", max(line_start, at), start)
        found.append((line, body[opened + 1:start] if opened >= 0 else "", match.group(1) or match.group(2) or ""))
        at = match.end()
    return found


def split_href(href: str) -> tuple[str, str]:
    """(path, "?query#fragment") of a relative href, as urlsplit parts it."""
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    return href[:cut], href[cut:]


def page_href(story: Story, index: SiteIndex, href: str) -> str | None:
    """The URL on the story's page of a relative link to a story's or source's .md file (query and fragment
    kept, as MkDocs keeps them); None for any other link."""
    path, rest = split_href(href)
    if not path.endswith(".md") or ":" in path or path.startswith("/"):
        return None
    page = page_of(index, _resolve(story, path, index))
    return urls.relative_url(urls.story(story.slug), page) + rest if page else None


class Nearby:
    """"Did you mean" for a mistyped path. difflib reads every path for each question (90 ms at 10,000 stories),
    so a build asks it about a few distinct paths only: 1,000 mistyped links must not take minutes."""

    LIMIT = 10

    def __init__(self, paths):
        self.paths, self.answers = list(paths), {}

    def __call__(self, path: str) -> list[str]:
        if path not in self.answers and len(self.answers) < self.LIMIT:
            self.answers[path] = difflib.get_close_matches(path, self.paths, n=2, cutoff=0.8)
        return self.answers.get(path, [])


def why_broken(story: Story, index: SiteIndex, href: str, unpublished: dict, known: list) -> str:
    """Why a summary's link to a .md file leads to no page. unpublished: content path -> "a draft",
    "scheduled for …" or why a source is not published; known: a Nearby of the paths a typo may be meant for."""
    path = _resolve(story, split_href(href)[0], index)
    if not path:
        return f"it leads out of {index.docs_dir}/ (read from the folder of {story.path}, as MkDocs reads it)"
    if path in unpublished:
        return f"{path} is {unpublished[path]}: the link is broken until it is published"
    near = [p for p in known(path) if p != story.path]
    return f"no story or source {path}" + (f" (did you mean {near[0]}?)" if near else "")
