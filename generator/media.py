"""Files under content/ that are not Markdown (an image, a PDF) and not in stories/ or sources/: published at
their path under content/, as MkDocs publishes them, so that `![A chart](../img/chart.png)` in a summary
shows in both builds, on the page and in the feeds.

A summary's relative link to such a file is written from the Markdown file's folder, as MkDocs users write
it; the page built from the story sits elsewhere (stories/<slug>/index.html), so the link is rewritten.
"""
from __future__ import annotations

import functools
import hashlib
import os
import posixpath
import re
from pathlib import Path

from . import urls
from .errors import BuildFailed, Diagnostic, error, warning
from .loader import is_markdown, walk
from .mdlinks import content_path

STORY_FOLDERS = ("stories", "sources")  # Markdown only: their other files are named and left out by the loader
MKDOCS_EXCLUDED = ("templates",)  # folders of content/ MkDocs 1.6 never publishes (its default exclude_docs)

# an href or src attribute in sanitised HTML
_REFERENCE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def list_files(content: Path, project: Path) -> tuple[list[str], list[Diagnostic]]:
    """Site paths of every published file (hidden ones and Markdown left out), and the problems found. A link
    to a file outside the project is refused (the site would publish it: /etc/passwd as content/img/x.png), as
    for the theme's assets."""
    found, unreadable, outside, skipped, refused = [], [], [], [], []
    root = project.resolve()
    # linked folders followed as MkDocs follows them; /templates/ left out as MkDocs 1.6 does by default
    for top, dirs, names in walk(content, project, refused, unreadable, skip_top=STORY_FOLDERS + MKDOCS_EXCLUDED):
        dirs.sort()
        for name in sorted(names):
            path = Path(top) / name
            if name.startswith(".") or is_markdown(name):
                continue
            try:
                if not path.resolve().is_relative_to(root):
                    outside.append(path)
                elif path.is_file():
                    found.append(path.relative_to(content).as_posix())
                elif not path.is_dir():  # a link to nothing, a FIFO, a socket: nothing to publish
                    skipped.append(path)
            except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, before Python 3.13
                unreadable.append(exc if isinstance(exc, OSError) else OSError(0, "a symlink loop", str(path)))
    problems = [error(_shown(e.filename, project), 0, "", f"cannot read: {e.strerror}", "a readable file")
                for e in unreadable]
    problems += [error(_shown(p, project), 0, "", "a link to a file outside the project, which the site would "
                       "publish", "the file itself under the content folder") for p in outside]
    problems += [error(_shown(p, project), 0, "", "a link to a folder outside the project, which the site would "
                       "publish" if why == "outside" else f"a link to {_shown(os.path.realpath(p), root)}, a folder "
                       "holding it (a loop); refused",
                       "a link to a folder inside the project, not above the link") for p, why in refused]
    problems += [warning(_shown(p, project), 0, "", "a link to nothing" if p.is_symlink() and not p.exists() else
                         "not a regular file", "a file the site can publish") for p in skipped]
    return found, problems


def read_files(content: Path, project: Path, paths) -> list[tuple[str, bytes]]:
    """(site path, bytes) of each file; one that cannot be read now fails the build, naming it."""
    found, problems = [], []
    for path in paths:
        try:
            found.append((path, (content / path).read_bytes()))
        except OSError as exc:
            problems.append(error(_shown(content / path, project), 0, "", f"cannot read: {exc.strerror}",
                                  "a readable file"))
    if problems:
        raise BuildFailed(problems)
    return found


def _shown(path, project: Path) -> str:
    try:
        return Path(path).relative_to(project).as_posix()
    except ValueError:
        return str(path)


def clashes(paths, own_paths) -> dict[str, str]:
    """path -> why, for each of paths (site paths of content files) the site's own outputs leave no room for:
    the same path (its robots.txt), a file where the site makes a folder (search, beside search/index.html),
    or a file under one the site makes (feed.xml/x.png). Written over, or failing the swap, they would be lost."""
    own = set(own_paths)
    if "sitemap.xml" in own:  # MkDocs' theme writes sitemap.xml.gz beside it: one beside ours would be stale
        own.add("sitemap.xml.gz")
    folders = {folder for path in own for folder in _parents(path)}
    found = {}
    for path in paths:
        above = next((folder for folder in _parents(path) if folder in own), None)
        if path in own:
            found[path] = f"the site makes its own {path}"
        elif path in folders:
            found[path] = f"the site makes a folder {path}/ of its own pages"
        elif above:
            found[path] = f"the site makes its own file {above}"
    return found


def _parents(path: str):
    """"a/b/c" -> "a/b", "a"."""
    at = path.rfind("/")
    while at > 0:
        yield path[:at]
        at = path.rfind("/", 0, at)


def published(files: list, own_paths, docs_dir: str) -> tuple[list, list[Diagnostic]]:
    """files ((site path, bytes)) less those the site's own outputs leave no room for (see clashes), each named."""
    clashing = clashes([path for path, _ in files], own_paths)
    kept = [f for f in files if f[0] not in clashing]
    dropped = [warning(f"{docs_dir}/{path}", 0, "", f"not published: {why}", "another name for the file")
               for path, why in clashing.items()]
    return kept, dropped


def content_folder(config) -> str:
    """The content folder as a Story.path spells it: relative to the project, in POSIX form."""
    return _shown(config.content_path, config.project_dir)




def referenced(body: str, story_path: str, docs_dir: str, files: frozenset) -> tuple[str, ...]:
    """What of the published files a summary may link to: part of its cache key, so that its page is made again
    when one it names is added or removed (a link is rewritten only to a file that exists, as MkDocs does).
    A summary with any link or image depends on the whole list: a name in Markdown may be escaped, spaced,
    an entity or without an extension, and a missed one would leave a stale link."""
    if not files or not _LINKING.search(body):
        return ()
    return (_listing(files),)


_LINKING = re.compile(r"\]\s*[(:\[]|\b(?:src|href)\s*=", re.I)  # inline, reference and HTML links and images


@functools.lru_cache(maxsize=4)
def _listing(files: frozenset) -> str:
    return hashlib.sha256("\n".join(sorted(files)).encode("utf-8", "surrogatepass")).hexdigest()


def _inside(path: str, story_path: str, docs_dir: str) -> str:
    """The site path of the content file a relative link from the story's file names ("" if none can be)."""
    resolved = content_path(story_path, docs_dir, path)  # as MkDocs resolves it: nothing outside the folder
    docs = posixpath.normpath(docs_dir)
    inside = resolved[len(docs) + 1:] if docs != "." and resolved else resolved
    return "" if not inside or inside.split("/")[0] in STORY_FOLDERS else inside


def rewrite(html: str, story_path: str, page: str, docs_dir: str, files: frozenset) -> str:
    """html of a summary with each relative link to a published content file (not Markdown, outside stories/
    and sources/) pointing at it from the story's page. A link to no such file is left as written (it may be
    written from the page: `../other-story/index.html`); the link check names any that lead nowhere."""
    if not files or (' src="' not in html and ' href="' not in html):
        return html

    def link(match: re.Match) -> str:
        url = file_href(match.group(2), story_path, page, docs_dir, files)
        return match.group() if url is None else f"{match.group(1)}{url}{match.group(3)}"
    return _REFERENCE.sub(link, html)


def file_href(target: str, story_path: str, page: str, docs_dir: str, files: frozenset) -> str | None:
    """The URL on the story's page of a relative link to a published content file; None for any other link."""
    if not target or target.startswith(("/", "#", "?")) or _SCHEME.match(target):
        return None
    path, mark, rest = target.partition("#")
    path, query, args = path.partition("?")
    if posixpath.splitext(path)[1].lower() == ".md":
        return None  # mdlinks.py's
    inside = _inside(path, story_path, docs_dir)
    if inside not in files:
        return None
    return urls.relative_url(page, inside) + (query + args) + (mark + rest)
