"""Everything beyond the HTML pages that feed readers, crawlers and GitHub Pages need.

Feeds, sitemaps and robots.txt need absolute URLs, so they are built only when site_url is set;
404.html, .nojekyll and CNAME are built always.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from . import urls
from .config import SiteConfig, build_time, with_setting_lines  # build_time: for those that import it from here
from .errors import Diagnostic, error, warning
from .feeds import plan_feeds
from .index import SiteIndex
from .pages import Keys, PageSpec, Planned
from .render import Output, render
from .sitemap import NEWS_SITEMAP, SITEMAP, sitemap_outputs
from .theme import built_in
from .views import DirectoryView, Head, Link, Page, make_page

NOT_FOUND = "404.html"
CNAME_LIMIT = 1024
_HOST_NAME = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}", re.I)
NO_SITE_URL = ("not set, so feeds, sitemap.xml, news-sitemap.xml and robots.txt are not built, and 404.html "
               "links from the domain root (right only for a site served there, not under /<repo>/)",
               "site_url: https://<user>.github.io/<repo>/ in mkdocs.yml")


def clock_problems(environ=None) -> list[Diagnostic]:
    """A SOURCE_DATE_EPOCH that cannot be read is named, not silently replaced by the clock."""
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return []
    if epoch.isdigit():
        try:
            dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
            return []
        except (OverflowError, OSError, ValueError):
            pass
    shown = epoch if len(epoch) <= 40 else epoch[:37] + "..."
    return [warning("environment", 0, "SOURCE_DATE_EPOCH", f"{shown!r} is not a usable time, so the clock is used",
                    "whole seconds since 1970-01-01 UTC, such as 1717243200")]


def robots_txt(config: SiteConfig) -> bytes:
    """Crawlers read robots.txt only at a host's root: under a /<repo>/ subpath, submit the sitemaps instead."""
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {urls.absolute_url(config.site_url, name)}" for name in (SITEMAP, NEWS_SITEMAP)]
    return ("\n".join(lines) + "\n").encode("utf-8")


@dataclasses.dataclass(frozen=True)
class RootedPage(Page):
    """A page whose every link starts from the site's root URL instead of from its own address."""

    root: str = "/"

    def link(self, to_path: str, fragment: str = "") -> str:
        return urls.absolute_url(self.root, to_path) + (f"#{fragment}" if fragment else "")


def not_found_page(config: SiteConfig) -> PageSpec:
    """GitHub Pages serves 404.html at whatever URL was missed, at any depth, so relative links would
    resolve against that URL. Links are absolute under site_url, or root-relative (/…) without it:
    right at a domain root; under a /<repo>/ subpath only site_url can say where the site starts."""
    root = config.site_url or "/"
    at = lambda rel: urls.absolute_url(root, rel)  # make_page's links from the root are root paths
    plain = make_page(NOT_FOUND, "Page not found", "There is no page at this address.", config)
    fields = {f.name: getattr(plain, f.name) for f in dataclasses.fields(plain)}
    fields.update(stylesheet=at(plain.stylesheet), home=at(plain.home), canonical="", root=root,
                  nav=tuple(Link(at(n.url), n.text) for n in plain.nav), head=Head(names=(("robots", "noindex"),)))
    page = RootedPage(**fields)
    intro = "The page you asked for is not here: it may have moved, or the address may be mistyped."
    return PageSpec(NOT_FOUND, NOT_FOUND, DirectoryView(page, "Page not found", intro, page.nav))


def cname_file(config: SiteConfig) -> tuple[list[Output], list[Diagnostic]]:
    """GitHub Pages' custom domain: the `cname` setting, else content/CNAME passed through."""
    shown, name = config.config_file, config.cname.strip()
    source = config.content_path / "CNAME"
    if not name and source.is_file():
        shown = f"{config.docs_dir}/CNAME"
        try:
            with source.open("rb") as handle:  # a host name is short: never read more than a little
                name = handle.read(CNAME_LIMIT).decode("utf-8", "replace").strip()
        except OSError as exc:
            return [], [error(shown, 0, "cname", f"cannot read: {exc.strerror}", "a readable file")]
    if not name:
        return [], []
    if not _HOST_NAME.fullmatch(name):
        name = name if len(name) < 80 else name[:77] + "..."
        line = 0 if shown == config.config_file else 1  # 0: the `cname:` setting's own line, found later
        return [], [error(shown, line, "cname", f"{name!r} is not a host name", "one host name such as news.example.org")]
    return [Output("CNAME", f"{name}\n".encode("ascii"))], []


def publishing_problems(config: SiteConfig) -> list[Diagnostic]:
    """A bad CNAME is an error; a missing site_url is the one warning that feeds and sitemaps are off."""
    problems = cname_file(config)[1] + clock_problems()
    if not config.templates_path.is_dir() and not built_in():  # a checkout without its theme: every page would fail
        problems.append(error(config.config_file, 0, "theme.custom_dir",
                              f"no templates folder {config.templates_dir!r}", "the folder of the site's templates"))
    if not config.site_url:
        problems.append(warning(config.config_file, 0, "site_url", *NO_SITE_URL))
    cname = cname_file(config)[0]
    host = urlsplit(config.site_url).hostname if config.site_url else None
    if cname and host and cname[0].data.decode("ascii").strip().lower() != host:
        name = cname[0].data.decode("ascii").strip()
        problems.append(warning(config.config_file, 0, "site_url",
                                f"the custom domain (CNAME) is {name}, but canonical links, feeds and the sitemap "
                                f"name {host}", f"site_url: https://{name}/"))
    return with_setting_lines(problems, Path(config.config_file))  # as given: relative to where it was read


def planned_feeds(index: SiteIndex, config: SiteConfig, keys: Keys) -> list[Planned]:
    return plan_feeds(index, config, keys) if config.site_url else []


def extra_outputs(index: SiteIndex, config: SiteConfig, page_paths, now: dt.datetime) -> list[Output]:
    """Sitemaps, robots.txt, 404.html, .nojekyll and CNAME: small, made every build. page_paths: every HTML page."""
    outputs = cname_file(config)[0]
    # .nojekyll: GitHub Pages must not run Jekyll, which would hide files and folders starting with _
    outputs += [Output(".nojekyll", b""), render(not_found_page(config), config.templates_path)]
    if not config.site_url:
        return outputs
    outputs += sitemap_outputs([p for p in page_paths if p.endswith(".html")], index, config, now)
    outputs.append(Output("robots.txt", robots_txt(config)))
    return outputs
