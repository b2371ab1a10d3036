"""The MkDocs adapter: run the pipeline before MkDocs touches site/, then hand it finished files.

The pipeline writes, as `newsbrief build` does, into a folder of its own in the cache (only what
changed since the last build, never the whole site in memory), and MkDocs then hard-links those
files into its site folder: a 10,000-story site is 900 MB, which neither process holds.
"""
from __future__ import annotations

import contextlib
import dataclasses
import filecmp
import html
import json
import logging
import os
import posixpath
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote

from jinja2 import TemplateNotFound, TemplateSyntaxError, nodes
from markupsafe import escape
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import urls
from .build import build
from .cache import FOLDER, MKDOCS_OWN_SITE, BuildCache, digest, mkdocs_record, open_cache, theme_version
from .config import SiteConfig, config_from_mapping
from .errors import has_errors
from .loader import is_markdown, ordinary_pages
from .media import clashes
from .markup import blank_code, sanitize_page
from .publishing import clock_problems
from .sitemap import SITEMAP, sitemap
from .sitestate import forget_state
from .theme import built_in
from .views import text_direction
from .writer import check_paths, lock_folder, unlock_folder

log = logging.getLogger("mkdocs.plugins.newsbrief")
CONTENT_FOLDERS = ("stories/", "sources/")
MKDOCS_SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")


OWN_SITE = MKDOCS_OWN_SITE  # where the pipeline writes for MkDocs; shared by build and serve
_CACHES: dict = {}


def _serve_cache(site: SiteConfig) -> BuildCache:
    """One cache per project and templates version for the life of the process: `mkdocs serve` makes a
    new plugin on every rebuild, and reloading the cache from disk each time would cost most of an edit."""
    key = (str(site.project_dir.resolve()), theme_version(site.templates_path))
    if key not in _CACHES:
        _CACHES.clear()  # the templates changed: the old tables are no use
        _CACHES[key] = open_cache(site.project_dir, site.templates_path)
    return _CACHES[key]


class NewsbriefOptions(Config):
    language = opt.Type(str, default="en")
    timezone = opt.Type(str, default="UTC")
    per_page = opt.Type(int, default=20)
    topic_per_page = opt.Type(int, default=50)
    feed_size = opt.Type(int, default=50)
    cname = opt.Type(str, default="")


class NewsbriefPlugin(BasePlugin[NewsbriefOptions]):
    def __init__(self):
        super().__init__()
        self.site: SiteConfig | None = None
        self.outputs = []
        self.index = None
        self.mkdocs_pages: list[str] = []
        self.links = ""  # digest of which page each story's and source's Markdown file stands for
        self.started = 0.0
        self.mkdocs_files: set[str] = set()
        self.worktree_cname: bytes | None = None
        self.own: Path | None = None
        self.serving = False  # in `mkdocs serve`, which keeps this instance for its life (on_startup)
        self.failure = ""     # serve: why the last rebuild failed, shown over the last good pages
        self.site_lock = None  # `mkdocs build` holds the lock `newsbrief build` takes: one build of site/ at a time

    def on_startup(self, command, dirty):
        """MkDocs keeps a plugin with this hook for the life of `mkdocs serve`, so a failed rebuild can keep the
        last good site (MkDocs itself stalls every page until the build is fixed)."""
        self.serving = command == "serve"

    def on_shutdown(self):
        self.serving, self.failure = False, ""
        self._unlock()

    def on_build_error(self, error):
        self._unlock()

    def _unlock(self):
        lock, self.site_lock = self.site_lock, None
        unlock_folder(lock)

    def on_serve(self, server, config, builder):
        """Every HTML page served carries the last rebuild's errors while it has failed: a curator sees in the
        browser, not only in the terminal, why an edit did not show."""
        server.set_app(_showing_failure(server.get_app(), lambda: self.failure))
        return server

    def on_config(self, config):
        # themes such as mkdocs and readthedocs render a 404.html of their own with MkDocs' context, which our
        # template cannot take: the pipeline makes 404.html
        config.theme.static_templates.discard("404.html")
        for problem in clock_problems():  # MkDocs stops with a traceback on one it cannot read: both use the clock
            log.warning(problem.format())
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        if not os.environ.get("SOURCE_DATE_EPOCH", "x").strip():  # set but empty: MkDocs' int("") fails too
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        project = Path(config.config_file_path).resolve().parent if config.config_file_path else Path.cwd()
        # MkDocs has joined custom_dir to the config file's folder, relative to the working folder: made
        # absolute here, so that it is not joined to the project folder a second time
        custom = os.path.abspath(config.theme.custom_dir) if config.theme.custom_dir else ""
        templates = Path(custom) if custom else project / "templates"
        # ordinary pages render with MkDocs: the site's templates first (a templates/ folder counts without
        # custom_dir, as it does for the pipeline's pages), then the built-in theme's
        ours = config.theme.name in (None, "newsbrief")  # another theme's pages keep their own templates
        if ours and templates.is_dir() and str(templates) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(templates))
        fallback = built_in()
        if fallback and str(fallback) not in config.theme.dirs:
            config.theme.dirs.append(str(fallback))
        if templates.is_dir() and str(templates) not in map(str, config.watch):
            config.watch.append(str(templates))  # `mkdocs serve` reloads on a template edit without --watch-theme
        if isinstance(config.get("site_url"), str):  # " https://…/ ", to which MkDocs added a "/" after the space
            config["site_url"] = re.sub(r"/?\s+/$", "/", config["site_url"].strip())
        mapping = {key: config.get(key) for key in ("site_name", "site_url", "site_description")}
        mapping.update(docs_dir=config.docs_dir, site_dir=config.site_dir,
                       theme={"custom_dir": custom} if custom else {},  # absolute; none: ./templates, if any
                       plugins=[{"newsbrief": dict(self.config)}])
        shown = os.path.basename(config.config_file_path) if config.config_file_path else "mkdocs.yml"
        self.site, problems = config_from_mapping(mapping, project, shown)
        if has_errors(problems):
            raise PluginError("\n".join(p.format() for p in problems))
        return config

    def on_pre_build(self, config):
        """Load, check and make everything now, into our own folder: a failure here leaves the last good
        site/ untouched (MkDocs empties its site folder only after this). In `mkdocs serve`, a rebuild that
        fails keeps serving the last good site, its errors atop every page."""
        self._unlock()
        if not self.serving:  # serve builds into a folder of its own; a build waits for one running in this project
            self.site_lock = lock_folder(Path(config.site_dir).resolve().parent)
        try:
            self._pre_build(config)
        except PluginError as exc:
            if not (self.serving and self._has_good_site()):
                raise
            self.failure = str(exc)  # MkDocs goes on with the last good files, unchanged
            log.error(f"{exc}\nnewsbrief: still serving the last good build")
        else:
            self.failure = ""

    def _pre_build(self, config):
        self.started = time.time()
        leaking = [p for folder in (config.docs_dir, config.theme.custom_dir) if folder
                   for p in _links_out_of(folder, self.site.project_dir)]
        if leaking:  # MkDocs would copy the file it points to (/proc/self/environ, a key) into the site
            raise PluginError(f"{len(leaking)} link{'s' if len(leaking) != 1 else ''} to files outside the project "
                              "(which the site would publish) or to a folder holding the link:\n"
                              + "\n".join(f"{_shown_path(p, config)}: a link to {os.path.realpath(p)}" for p in leaking))
        if config.theme.name in (None, "newsbrief"):  # another theme may add filters of its own later (on_env)
            _check_page_template(config)
            _check_chosen_templates(config, self.site)
        # `mkdocs build --strict` aborts only after writing site/: a warning must stop the build here, before
        # an unsupported sentence reaches site/, as `newsbrief build --strict` stops
        strict = self.site.strict or bool(config.get("strict"))
        own = dataclasses.replace(self.site, site_dir=_own_site(self.site.project_dir), strict=strict)
        result = build(own, cache=_serve_cache(self.site))
        prefix = own.site_dir + "/"
        shown = lambda d: dataclasses.replace(d, path=config.site_dir + "/" + d.path[len(prefix):]) \
            if d.path.startswith(prefix) else d  # name the pages where MkDocs puts them
        diagnostics = [shown(d) for d in result.diagnostics]
        for d in diagnostics:
            if not d.severity.is_error():
                log.warning(d.format())  # counted by `mkdocs build --strict`, which then aborts
        if result.failed:
            errors = [d.format() for d in diagnostics if d.severity.is_error()]
            raise PluginError(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in the content:\n"
                              + "\n".join(errors))
        if strict:  # MkDocs warns of its own pages' broken links only after emptying and writing site/
            broken = _ordinary_page_links(config, self.site, result.index)
            if broken:
                raise PluginError(f"{len(broken)} broken link{'s' if len(broken) != 1 else ''} in MkDocs pages "
                                  "(--strict):\n" + "\n".join(broken))
        for story in result.index.scheduled:  # as `newsbrief build` lists them: the Pages workflow runs this
            log.info("newsbrief: scheduled: %s publishes at %s", story.path,
                     result.index.local_date(story.date).isoformat())
        self.own, self.index = own.site_path, result.index
        self.outputs = _files_under(self.own)
        # a gh-pages worktree in site/ keeps the CNAME GitHub committed there, as `newsbrief build` keeps it;
        # MkDocs' cleaning keeps only dotfiles, so it is read now and put back after the build
        site = Path(config.site_dir)
        self.worktree_cname = None
        if os.path.lexists(site / ".git") and "CNAME" not in self.outputs and (site / "CNAME").is_file():
            with contextlib.suppress(OSError):
                self.worktree_cname = (site / "CNAME").read_bytes()
        log.info("newsbrief: %d stories, %d sources, %d files (%d made now) in %.2f s", len(result.index.stories),
                 len(result.index.sources), len(self.outputs), result.made, result.timings.get("total", 0))

    def _has_good_site(self) -> bool:
        """The last good build of this project is still in our folder (a temporary one is gone once copied)."""
        return self.index is not None and self.own is not None and self.own.is_dir() and \
            self.own.is_relative_to(self.site.project_dir)

    def on_post_page(self, output, page, config):
        """A link from an ordinary page (an About page) into one of our pages, to an anchor that page lacks
        ("sources/x.md#para-99"): MkDocs checks anchors only between its own pages."""
        own, here = set(self.outputs), page.file.dest_uri
        for target, fragment in _ANCHORED_LINK.findall(output):
            path = posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(target)))
            path = path + "/index.html" if target.endswith("/") or path + "/index.html" in own else path
            if path in own and path.endswith(".html") and not self._has_id(path, unquote(fragment)):
                log.warning("newsbrief: %s: link to %s#%s: %s has no such anchor", page.file.src_uri, target,
                            fragment, path)
        return output

    def _has_id(self, path: str, fragment: str) -> bool:
        try:
            page = (self.own / path).read_text(encoding="utf-8")
        except OSError:
            return True  # not ours to judge
        return f'id="{html.escape(fragment)}"' in page

    def on_page_content(self, html, page, config, files):
        """An ordinary page's Markdown is content like a story's: its raw HTML goes through the same allow-list."""
        return sanitize_page(html)

    def on_page_context(self, context, page, config, nav):
        context["newsbrief_language"] = self.site.language  # <html lang> as on the pipeline's own pages
        context["newsbrief_dir"] = text_direction(self.site.language)
        return context

    def on_files(self, files: Files, config):
        """Stories and sources are ours, not MkDocs pages; our finished files replace any of the same name."""
        produced = set(self.outputs)
        # content files the pipeline listed but left out (named then): at a path its own outputs need
        dropped = set(self.index.files) - produced
        kept = [f for f in files if not f.src_uri.startswith(CONTENT_FOLDERS) and f.dest_uri not in produced
                and (f.is_documentation_page() or f.src_uri not in dropped)]
        # a page or file where ours make a folder, or under a file of ours: MkDocs would fail writing it, or the swap
        clashing = clashes([f.dest_uri for f in kept], produced)
        for file in kept:
            if file.dest_uri in clashing:
                log.warning("newsbrief: %s is not built: %s", file.src_uri, clashing[file.dest_uri])
        kept = [f for f in kept if f.dest_uri not in clashing]
        # a link to nothing, a FIFO or a socket would stop MkDocs after it emptied site/ (or hang it, reading)
        broken = [f for f in kept if f.abs_src_path and not _regular(f.abs_src_path)]
        for file in broken:
            log.warning("newsbrief: %s/%s: not a regular file (a link to nothing, a FIFO?); not published",
                        _shown_path(config.docs_dir, config), file.src_uri)
        kept = [f for f in kept if f not in broken]

        # files MkDocs writes itself would be written through a link, into our folder: those are copied
        own_writes = {*config.theme.static_templates, *config.extra_templates, "sitemap.xml.gz",
                      *(f.dest_uri for f in kept)}
        generated = [_Linked(path, str(self.own), config.site_dir, use_directory_urls=False)
                     for path in self.outputs]
        for file in generated:
            file.linked = file.dest_uri not in own_writes
        self.mkdocs_pages = [f.dest_uri for f in kept if f.is_documentation_page()]
        self.mkdocs_files = {f.dest_uri for f in kept}  # MkDocs' own (theme files, other plugins'): never swept
        if self.mkdocs_pages and config.theme.name not in (None, "newsbrief"):
            log.warning("newsbrief: ordinary pages (%s) render with MkDocs' %r theme, not the site's: set "
                        "`theme: newsbrief` in mkdocs.yml", ", ".join(self.mkdocs_pages[:3]), config.theme.name)
        stand_ins = self._pages_of(config)
        self.links = digest(*sorted(f"{f.src_uri} {f.dest_uri}" for f in stand_ins))
        if self._recorded(config.site_dir).get("links") not in (None, self.links):
            # a story's page moved (a slug edited): an ordinary page linking to it is stale, and `--dirty` would
            # keep it, since its own file did not change. Removed, it is made again (a clean build has no copy).
            for page in self.mkdocs_pages:
                with contextlib.suppress(OSError):
                    (Path(config.site_dir) / page).unlink()
        for file in files:
            if file.is_documentation_page() and not file.src_uri.startswith(CONTENT_FOLDERS) and file.dest_uri in produced:
                log.warning("newsbrief: %s is not built: %s is the site's own page (move the file to publish it)",
                            file.src_uri, file.dest_uri)
        return Files(kept + generated + stand_ins)

    def _pages_of(self, config) -> list[File]:
        """A stand-in for each story's and source's Markdown file, and for index.md, naming the page built from it."""
        docs = Path(config.docs_dir)
        found = [_PageOf("index.md", urls.home())]
        for record, page in [(s, urls.story(s.slug)) for s in self.index.stories] + \
                            [(s, urls.source(s.id)) for s in self.index.sources.values()]:
            try:
                found.append(_PageOf((self.site.project_dir / record.path).relative_to(docs).as_posix(), page))
            except ValueError:  # not under docs_dir as MkDocs spells it: no MkDocs page can name it
                pass
        return found

    def on_post_build(self, config):
        """MkDocs writes its own sitemap.xml(.gz) after copying our files (over a content folder's own), and skips
        dotfiles such as .nojekyll: remove its sitemaps, then write ours (listing its pages too), any the content
        folder publishes, and our dotfiles."""
        site = Path(config.site_dir)
        for name in MKDOCS_SITEMAPS:
            (site / name).unlink(missing_ok=True)
        self._remove_dropped(site)
        for path in self.outputs:
            if path == SITEMAP and self.site.site_url:  # without one, a sitemap.xml here is the content folder's
                pages = [p for p in self.outputs if p.endswith(".html")]
                data = sitemap(pages, self.index, self.site, undated=self.mkdocs_pages)
                (site / SITEMAP).unlink(missing_ok=True)  # a link to our own copy: never write through it
                (site / SITEMAP).write_bytes(data)
            elif path.startswith(".") or path in MKDOCS_SITEMAPS:  # the content's own, as `newsbrief build` publishes it
                (site / path).unlink(missing_ok=True)
                try:
                    shutil.copyfile(self.own / path, site / path)
                except OSError as exc:  # another build replaced our folder meanwhile; its own copy follows
                    log.warning("newsbrief: %s not copied: %s", path, exc.strerror)
        if self.worktree_cname is not None and not os.path.lexists(site / "CNAME"):
            (site / "CNAME").write_bytes(self.worktree_cname)
        if not self.own.is_relative_to(self.site.project_dir):  # a temporary folder: site/ has its files now
            shutil.rmtree(self.own, ignore_errors=True)
        # MkDocs wrote site/ (its own pages too): a later `newsbrief build` must not trust its record of it
        project = self.site.project_dir
        forget_state(project / FOLDER, {config.site_dir, os.path.relpath(config.site_dir, project)})
        self._unlock()


    def _record_path(self, site) -> Path:
        return mkdocs_record(self.site.project_dir, site)

    def _recorded(self, site) -> dict:
        """What the last `mkdocs build` into this site folder made: {"outputs": [...], "links": digest}."""
        try:
            found = json.loads(self._record_path(site).read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError):
            return {}
        return found if isinstance(found, dict) else {"outputs": found} if isinstance(found, list) else {}

    def _remove_dropped(self, site: Path) -> None:
        """`--dirty` keeps site/: remove what the last build made there and this one no longer does (a story
        deleted, a slug changed, a topic page beyond its new last page), and the folders that leaves empty. A
        clean build has emptied site/. Without a record (a deleted cache), every file in the folders only the
        pipeline writes to that it did not make now."""
        recorded = self._recorded(site)
        now, pages = set(self.outputs), set(self.mkdocs_pages)
        if isinstance(recorded.get("outputs"), list):
            before = {p for p in recorded["outputs"] if isinstance(p, str)}
        else:  # files another plugin wrote this build (MkDocs' search/search_index.json) are newer: kept
            before = {path for path in _files_under(site) if (path.split("/", 1)[0] in PIPELINE_FOLDERS
                                                               or path in PIPELINE_FILES)
                      and _older_than(site / path, self.started)}
        for path in sorted(before - now - pages - self.mkdocs_files):
            if not check_paths([path]):  # a record is data: never a path outside site/
                with contextlib.suppress(OSError):
                    (site / path).unlink()
                    _prune_empty(site, (site / path).parent)
        record = self._record_path(site)
        try:
            record.parent.mkdir(parents=True, exist_ok=True)
            record.write_text(json.dumps({"outputs": sorted(now), "links": self.links}), encoding="utf-8")
        except OSError:
            pass


PIPELINE_FOLDERS = {"stories", "sources", "tags", "publishers", "archive", "page", "search"}
# files of the site's top folder only the pipeline writes, and a build may stop making (site_url removed)
PIPELINE_FILES = {"feed.xml", "atom.xml", "feed.json", "news-sitemap.xml", "robots.txt"}


def _older_than(path: Path, moment: float) -> bool:
    try:
        return os.lstat(path).st_mtime < moment
    except OSError:
        return False


_ANCHORED_LINK = re.compile(r'<a\b[^>]*?\shref="(?![a-z][\w+.-]*:|/|#)([^"#]*)#([^"]+)"')
_MD_LINK = re.compile(r"\]\(\s*<?([^\s()<>:#]+?\.md)(?:#[^\s()<>]*)?>?(?:\s+\"[^\"\n]*\")?\s*\)")


def _ordinary_page_links(config, site: SiteConfig, index) -> list[str]:
    """`file:line: link` of each link in an ordinary page (an About page) to a .md file that is neither
    another ordinary page nor a published story or source: MkDocs' own --strict check, done before site/
    is emptied."""
    docs = Path(config.docs_dir).resolve()
    published = {(site.project_dir / record.path).resolve() for record in [*index.stories, *index.sources.values()]}

    def ordinary(path: Path) -> bool:
        return path.is_file() and path.is_relative_to(docs) and \
            not path.relative_to(docs).as_posix().startswith(CONTENT_FOLDERS)
    found = []
    for path in sorted(p for p in docs.rglob("*") if is_markdown(p.name)):
        if not ordinary(path) or any(part.startswith(".") for part in path.relative_to(docs).parts):
            continue
        try:
            text = blank_code(path.read_text(encoding="utf-8"))  # a link in code is text
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs names it itself
        for match in _MD_LINK.finditer(text):
            target = (path.parent / unquote(match.group(1))).resolve()  # "our%20team.md" is "our team.md"
            if target not in published and not ordinary(target):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{os.path.relpath(path)}:{line}: link to {match.group(1)}: no published page "
                             "(a draft, a scheduled story, or no such file)")
    return found


def _prune_empty(site: Path, folder: Path) -> None:
    """Remove folders a removal left empty, up to site/ (a dropped story left stories/<slug>/ behind)."""
    while folder != site and site in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _same_file(source: str, target: str, linked: bool) -> bool:
    try:
        ours, theirs = os.stat(source), os.lstat(target)
    except OSError:
        return False
    if linked:
        return (ours.st_dev, ours.st_ino) == (theirs.st_dev, theirs.st_ino)
    return ours.st_size == theirs.st_size and filecmp.cmp(source, target, shallow=False)  # a few small copies


def _check_page_template(config) -> None:
    """MkDocs renders ordinary pages with main.html after it has begun changing site/, and a template error
    there is a traceback: compile it first, so an error is a message naming the line, and site/ is untouched.
    An unknown filter or test is looked for too: Jinja defers that error to rendering inside an `{% if %}`."""
    env = config.theme.get_env()
    try:
        source, filename, _ = env.loader.get_source(env, "main.html")
        env.get_template("main.html")
        unknown = next(((node, kind) for kind, nodes_, known in (("filter", nodes.Filter, env.filters),
                                                                  ("test", nodes.Test, env.tests))
                        for node in env.parse(source, "main.html", filename).find_all(nodes_)
                        if node.name not in known), None)
    except TemplateNotFound:
        return  # a theme without it: MkDocs says so itself, and only if a page needs it
    except TemplateSyntaxError as exc:
        raise PluginError(f"{_shown_path(exc.filename or exc.name or 'main.html', config)}:{exc.lineno}: "
                          f"template: {exc.message}")
    if unknown:
        node, kind = unknown
        raise PluginError(f"{_shown_path(filename or 'main.html', config)}:{node.lineno}: template: "
                          f"No {kind} named '{node.name}'.")


_PIPELINE_TEMPLATES = {"404.html", "_card.html", "_meta.html", "base.html", "directory.html", "listing.html",
                       "search.html", "source.html", "story.html"}  # they render our views, not an MkDocs page


def _check_chosen_templates(config, site: SiteConfig) -> None:
    """An ordinary page may name its template (`template: about.html`): one of the pipeline's, or one that does
    not exist, stopped MkDocs with a traceback after it had emptied site/. Named here, before that."""
    env, problems = config.theme.get_env(), []
    for shown in ordinary_pages(site):
        if not _regular(str(site.project_dir / shown)):
            continue  # a FIFO would hang the read: on_files leaves it out, naming it
        try:
            text = (site.project_dir / shown).read_text(encoding="utf-8-sig")
            _, meta = get_data(text)
        except (OSError, UnicodeError, ValueError):
            continue  # MkDocs names an unreadable page itself
        chosen = meta.get("template") if isinstance(meta, dict) else None
        if chosen is None:
            continue
        line = 1 + next((n for n, row in enumerate(text.splitlines()) if row.startswith("template:")), 0)
        # "./story.html" and "x/../story.html" are story.html to Jinja's loader
        if not isinstance(chosen, str) or posixpath.normpath(chosen.replace("\\", "/")) in _PIPELINE_TEMPLATES:
            problems.append(f"{shown}:{line}: template: {chosen!r} renders the site's own pages, not an ordinary "
                            "page (expected main.html, or a template of your own in templates/)")
            continue
        try:
            env.get_template(chosen)
        except TemplateNotFound:
            problems.append(f"{shown}:{line}: template: no template {chosen!r} (expected main.html, or a template "
                            "of your own in templates/)")
        except TemplateSyntaxError as exc:
            problems.append(f"{_shown_path(exc.filename or chosen, config)}:{exc.lineno}: template: {exc.message}")
    if problems:
        raise PluginError("\n".join(problems))


def _shown_path(path: str, config) -> str:
    """A template's path relative to the project, as messages name files."""
    project = os.path.dirname(config.config_file_path or "") or os.getcwd()
    if os.path.isabs(path) and Path(path).is_relative_to(os.path.abspath(project)):
        return os.path.relpath(path, project)
    return path


def _showing_failure(app, failure):
    """A WSGI app: app, with the message failure() returns (if any) atop every HTML page."""
    def serve(environ, start_response):
        message = failure()
        if not message:
            return app(environ, start_response)
        sent = {}
        result = app(environ, lambda status, headers, exc_info=None: sent.update(status=status, headers=headers))
        try:
            body = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        headers = sent["headers"]
        if any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
            opening = re.search(rb"<body[^>]*>", body)
            at = opening.end() if opening else 0
            body = body[:at] + _failure_banner(message) + body[at:]
            headers = [(k, str(len(body)) if k.lower() == "content-length" else v) for k, v in headers]
        start_response(sent["status"], headers)
        return [body]
    return serve


def _failure_banner(message: str) -> bytes:
    style = ("position:sticky;top:0;z-index:99;margin:0;padding:1rem;max-height:50vh;overflow:auto;"
             "background:#8b0000;color:#fff;font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap")
    return (f'<div class="newsbrief-build-failed" role="alert" style="{style}"><strong>The last build failed: '
            f'this is the last good site.</strong>\n{escape(message)}</div>').encode()


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # a link to nothing, or a loop of links
        return False


def _links_out_of(folder: str, project: Path) -> list[str]:
    """Files and folders under folder that are symlinks landing outside the project (MkDocs follows them)."""
    found, inside, folders = [], project.resolve(), [folder]
    while folders:  # scandir's entries know whether they are links without a stat: 20,000 files cost ~20 ms
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue  # unreadable: the build names it
        for entry in entries:
            if entry.is_symlink():
                real = Path(os.path.realpath(entry.path))
                if not real.is_relative_to(inside):
                    found.append(entry.path)
                elif entry.is_dir() and Path(entry.path).parent.resolve().is_relative_to(real):
                    found.append(entry.path)  # a loop (imgs/loop -> ../..): MkDocs walks it until the OS refuses
            elif entry.is_dir():
                folders.append(entry.path)
    return sorted(found)


def _own_site(project: Path) -> str:
    """OWN_SITE, or where the project cannot be written to (a read-only checkout), a temporary folder."""
    try:
        folder = (project / OWN_SITE).parent
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return OWN_SITE
    except OSError:
        return tempfile.mkdtemp(prefix="newsbrief-mkdocs-")


def _files_under(folder: Path) -> list[str]:
    """Every file under folder, as sorted relative POSIX paths."""
    found = []
    for top, _, names in os.walk(folder):
        rel = os.path.relpath(top, folder)
        found += [name if rel == "." else f"{rel}/{name}".replace(os.sep, "/") for name in names]
    return sorted(found)


class _PageOf(File):
    """A story's or source's Markdown file as MkDocs sees it: never rendered or copied, it stands for the page
    the pipeline built from it, so that `[a brief](stories/x.md)` in an ordinary MkDocs page links there."""

    def __init__(self, src_uri: str, page: str):
        super().__init__(src_uri, None, "", use_directory_urls=False, dest_uri=page)

    def is_documentation_page(self) -> bool:
        return False

    def is_static_page(self) -> bool:
        return False

    def is_media_file(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        pass


class _Linked(File):
    """A file already made in our folder, hard-linked into MkDocs' site folder (copied where a link cannot
    be made). An unchanged file keeps its mtime, so `mkdocs serve --dirty` leaves it alone; a file the
    build remade is a new file in our folder, and its link is replaced."""

    linked = True

    def copy_file(self, dirty: bool = False) -> None:
        source, target = self.abs_src_path, self.abs_dest_path
        # --dirty: MkDocs compares mtimes, but a page `newsbrief build` wrote into site/ since is newer than ours
        # and would stay; a link to our very file (same inode) is up to date, anything else is replaced
        if dirty and _same_file(source, target, self.linked):
            return
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.lexists(target):
            os.unlink(target)
        try:
            if not self.linked:
                raise OSError("copied: MkDocs may write this file itself")
            os.link(source, target)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(source, target)
