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


def link_problems(story: Story, index: SiteIndex, unpublished: dict) -> list[Diagnostic]:
    """A link from a published summary to a story that is not (a draft, a scheduled story, a mistyped name) is
    broken on the page: named at the line of the summary that makes it, with the reason.
    unpublished: content path -> "a draft", "scheduled for …" or why a source is not published."""
    if ".md" not in story.body:
        return []
    found = []
    body = blank_code(story.body)  # "`[see](x.md)`" in code is no link
    for match in _MD_LINK.finditer(body):
        target = match.group(1) or match.group(2)
        path = _resolve(story, target, index)
        if index.by_file(path) is not None:
            continue
        line = story.body_line + body.count("\n", 0, match.start())
        if not path:
            why = f"it leads out of {index.docs_dir}/ (read from the folder of {story.path}, as MkDocs reads it)"
        elif path in unpublished:
            why = f"{path} is {unpublished[path]}: the link is broken until it is published"
        else:
            known = [s.path for s in index.stories if s.path != story.path] + list(unpublished)
            near = difflib.get_close_matches(path, known, n=1, cutoff=0.8)
            why = f"no story or source {path}" + (f" (did you mean {near[0]}?)" if near else "")
        found.append(warning(story.path, line, "body", f"links to {target}: {why}",
                             "a link to a published story's or source's .md file"))
    return found
