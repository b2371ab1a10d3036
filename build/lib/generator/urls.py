"""The only place output paths and URLs are made.

Every page is an explicit `…/index.html` file and every link is relative to the page
it sits on, so a site works from file://, a domain root and a /<repo>/ subpath alike.
"""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from datetime import datetime
from urllib.parse import quote

from .slug import slugify

STYLESHEET = "assets/style.css"
SEARCH_SCRIPT = "assets/search.js"
FAVICON = "assets/favicon.svg"  # without it browsers ask for /favicon.ico, outside a /<repo>/ site


def home(page: int = 1) -> str:
    return "index.html" if page == 1 else f"page/{page}/index.html"


def story(slug: str) -> str:
    return f"stories/{slug}/index.html"


def source(source_id: str) -> str:
    return f"sources/{source_id}/index.html"


def _paged(folder: str, page: int) -> str:
    return f"{folder}/index.html" if page == 1 else f"{folder}/page/{page}/index.html"


def tag(name: str, page: int = 1) -> str:
    """Page of a tag, given its name or slug (its newest stories; page 2 on, older ones)."""
    return _paged(f"tags/{slugify(name)}", page)


def tags_index() -> str:
    return "tags/index.html"


def publisher(name: str, page: int = 1) -> str:
    return _paged(f"publishers/{slugify(name)}", page)


def publishers_index() -> str:
    return "publishers/index.html"


def archive_index() -> str:
    return "archive/index.html"


def month(when: datetime) -> str:
    return f"archive/{when:%Y/%m}/index.html"


def day(when: datetime) -> str:
    return f"archive/{when:%Y/%m/%d}/index.html"


def search_page() -> str:
    return "search/index.html"


SEARCH_SHARD = 1000  # stories per search index script: an edit re-encodes one shard, not the whole site's index


def search_shards(stories: int) -> int:
    return (stories + SEARCH_SHARD - 1) // SEARCH_SHARD


def search_index(shard: int) -> str:
    """One shard of the search index, beside the only page that loads it."""
    return f"search/search-index-{shard}.js"


def search_deks(shard: int) -> str:
    """The standfirsts of one shard's stories, shown under results, loaded after the index."""
    return f"search/search-deks-{shard}.js"


_URL_SAFE = re.compile(r"[A-Za-z0-9/._~-]*")


def _clean(path: str) -> bool:
    """No empty, "." or ".." segment and no leading slash: a path our own urls functions make."""
    framed = f"/{path}/"
    return "//" not in framed and "/./" not in framed and "/../" not in framed


def _relpath(to_path: str, start: str) -> str:
    """posixpath.relpath for clean site paths, without its two getcwd() calls (a hot spot at 10,000 stories)."""
    if not _clean(to_path) or (start and not _clean(start)):  # anything unusual: let posixpath work it out
        return posixpath.relpath(to_path, start or ".")
    if not start:
        return to_path
    target, origin = to_path.split("/"), start.split("/")
    common = 0
    for a, b in zip(target, origin):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(origin) - common) + target[common:]) or "."


@lru_cache(maxsize=1 << 15)  # listings repeat the same few links (tags, publishers) on card after card
def relative_url(from_path: str, to_path: str, fragment: str = "") -> str:
    """URL of to_path as seen from the page at from_path (both relative to the site root)."""
    rel = _relpath(to_path, from_path.rpartition("/")[0])  # = posixpath.dirname for clean paths
    url = rel if _URL_SAFE.fullmatch(rel) else quote(rel, safe="/._-~")  # quote() is the identity on these
    return f"{url}#{quote(fragment, safe='-_.:~')}" if fragment else url


def absolute_url(site_url: str, path: str) -> str:
    """Absolute URL under site_url (which ends in /), for canonical links, feeds and sitemaps."""
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    return site_url + (path if _URL_SAFE.fullmatch(path) else quote(path, safe="/._-~"))  # quote(): identity on these
