"""Orchestration only: load, index, check, plan, make what changed, and write only when all succeeded."""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import urls
from .cache import (ASSETS, MKDOCS_OWN_SITE, BuildCache, DocumentReader, code_version, digest, forget_mkdocs_outputs,
                    open_cache, theme_version)
from .citations import SourceMarks
from .config import SiteConfig
from .errors import BuildFailed, Diagnostic, error, has_errors, promote
from .incremental import write_incrementally
from .index import SiteIndex, build_index
from .linkcheck import check_links, summary_problems
from .mdlinks import Nearby
from .loader import load_corpus
from .media import content_folder, list_files, published, read_files
from .pages import Keys, Planned, plan
from .progress import PARALLEL_MIN, Background, Progress, freeze_loaded, pool_map
from .publishing import build_time, extra_outputs, planned_feeds, publishing_problems
from .render import Output, environment, produce
from .search import plan_search
from .sitestate import load_state, save_state
from .theme import built_in, served_css, theme_folders
from .storywork import Work, check_provenance, prepare, site_key, source_keys, story_keys
from .writer import WriteReport, finish_interrupted

ASSETS_DIR = ASSETS


@dataclass
class BuildResult:
    outputs: list = field(default_factory=list)      # the whole site, when built in memory (write=False)
    diagnostics: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    index: SiteIndex | None = None
    provenance: dict = field(default_factory=dict)   # story slug -> StoryProvenance (None: no source text)
    report: WriteReport | None = None
    made: int = 0                                     # outputs made this build (the rest were unchanged)
    site_changed: bool = False                        # failed while applying: site/ is not as it was
    site_files: dict = field(default_factory=dict)    # site path -> (size, mtime_ns, ino) as this build left it

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)


def _static_assets(templates: Path, project: Path | None = None) -> list[Output]:
    """The theme's assets: the site's own files, and the built-in theme's for every name the site lacks. A
    site's asset that is a link to a file outside the project (its /proc/self/environ, a key) is refused: the
    site would publish it."""
    found, unreadable, outside = {}, [], []
    for theme in reversed(theme_folders(templates)):  # the site's own folder last: its files win
        folder = theme / ASSETS_DIR
        own = built_in() is None or theme.resolve() != built_in().resolve()
        for top, _, names in os.walk(folder, onerror=unreadable.append) if folder.is_dir() else ():
            for name in names:
                path = Path(top) / name
                try:
                    if own and project is not None and not path.resolve().is_relative_to(project.resolve()) \
                            and not path.resolve().is_relative_to(theme.resolve()):
                        outside.append(path)
                    elif path.is_file():
                        data = path.read_bytes()
                        found[f"{ASSETS_DIR}/{path.relative_to(folder).as_posix()}"] = \
                            served_css(data) if path.suffix == ".css" else data
                except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, before Python 3.13
                    unreadable.append(exc if isinstance(exc, OSError) else OSError(0, "a symlink loop", str(path)))
    if unreadable:  # the site would lose its style sheet and scripts without a word
        raise BuildFailed([error(str(e.filename or templates), 0, "theme.custom_dir", f"cannot read: {e.strerror}",
                                 "readable templates and assets") for e in unreadable])
    if outside:
        raise BuildFailed([error(os.path.relpath(p, project), 0, "", "a link to a file outside the project, which the "
                                 "site would publish", "the file itself in templates/assets/") for p in outside])
    return [Output(path, data) for path, data in sorted(found.items())]


def plan_outputs(index: SiteIndex, config: SiteConfig, keys: Keys) -> list[Planned]:
    """Every page, feed and search script, planned but not made."""
    return plan(index, config, keys) + planned_feeds(index, config, keys) + plan_search(index, keys)


def render_outputs(index: SiteIndex, config: SiteConfig, provenance: dict, work: Work | None = None,
                   now: dt.datetime | None = None, digests: dict | None = None, planned=None) -> list[Output]:
    """The whole site in memory (for MkDocs and `build(write=False)`). Outputs whose key is unchanged
    since the last in-memory build with this cache (`mkdocs serve` keeps one) are not made again."""
    work = work or Work(open_cache(Path("."), enabled=False))
    if planned is None:
        planned = plan_outputs(index, config, Keys(index, site_key(config), work.keys, source_keys(index, digests or {})))
    last = work.cache.made
    todo = [p for p in planned if p.key is None or last.get(p.path, (None,))[0] != p.key]
    marks = SourceMarks(index, provenance)
    texts = prepare(todo, index, provenance, work, marks)
    for item in todo:  # work outputs share (a story's feed entry), done once before the workers fork
        if item.prepare:
            item.prepare(texts)
    data = pool_map(lambda item: produce(item, texts, marks, config.templates_path), todo, work.progress, "pages")
    made = {item.path: d for item, d in zip(todo, data)}
    pages = [Output(p.path, made[p.path] if p.path in made else last[p.path][1]) for p in planned]
    work.cache.made = {p.path: (p.key, o.data) for p, o in zip(planned, pages) if p.key is not None}
    work.made = len(todo)
    extra = extra_outputs(index, config, [o.path for o in pages], now or build_time())
    extra += _static_assets(config.templates_path, config.project_dir)
    files, work.dropped = _content_files(index, config, [o.path for o in pages + extra])
    return pages + extra + files


def _content_files(index: SiteIndex, config: SiteConfig, own_paths) -> tuple[list[Output], list[Diagnostic]]:
    """content/'s images and other files, as MkDocs publishes them, less any at a path the site makes itself."""
    paths, dropped = published([(p, None) for p in sorted(index.files)], own_paths, index.docs_dir)
    files = read_files(config.content_path, config.project_dir, [p for p, _ in paths])
    return [Output(path, data) for path, data in files], promote(dropped, config.strict)


def write_outputs(index: SiteIndex, config: SiteConfig, provenance: dict, work: Work, now: dt.datetime,
                  reader: DocumentReader, planned: list, summaries: dict | None = None, extras: Background | None = None
                  ) -> tuple[WriteReport | None, list[Diagnostic], int]:
    """Make what changed since the last build straight into staging, check links, write: see incremental.py.
    planned: plan_outputs(); summaries: as linkcheck.summarise() takes them; extras: extra_outputs() under way."""
    extra = extras.result() if extras else extra_outputs(index, config, [p.path for p in planned], now)
    extra += _static_assets(config.templates_path, config.project_dir)
    files, dropped = _content_files(index, config, [p.path for p in planned] + [o.path for o in extra])
    if has_errors(dropped):  # --strict
        raise BuildFailed(dropped)
    extra += files
    stamp = digest(code_version(), theme_version(config.templates_path), FORMAT)
    state = load_state(work.cache.folder, config.site_dir, stamp)
    marks = SourceMarks(index, provenance)

    def texts_for(todo, release: bool = False):
        if release:  # the batch is made: what it read stays in the cache, not in memory
            work.cache.table("texts").flush()
            # briefs and evidence spans are small (≈2 KB a story) and the next batches' cards need most of them
            # again: kept, they are read once per build, not once per batch (60,000 reads at 10,000 stories)
            marks.release()
            provenance.release()
            return None
        return prepare(todo, index, provenance, work, marks)
    try:
        report, warnings, made = write_incrementally(
            planned, extra, state, config.site_path, config.site_dir, texts_for, marks,
            config.templates_path, work.progress, lambda found: promote(found, config.strict),
            vouching=config.project_dir / MKDOCS_OWN_SITE, summaries=summaries)
        forget_mkdocs_outputs(config.project_dir, config.site_path)  # site/ now holds files MkDocs did not list
    finally:
        work.cache.save()
    if report is not None:
        save_state(work.cache.folder, config.site_dir, state)
        work.site_files = {path: (r.size, r.mtime_ns, r.ino) for path, r in state.files.items()}
    return report, dropped + warnings, made


FORMAT = 1  # of what write_outputs keeps between builds

# files every build makes beside its pages (publishing.py): a summary may link to them
_ALWAYS = ("404.html", "robots.txt", "sitemap.xml", "news-sitemap.xml")


def _asset_paths(templates: Path) -> set[str]:
    """Site paths of the theme's assets, by name only (_static_assets reads them, and names what it cannot)."""
    found = set()
    for theme in theme_folders(templates):
        folder = theme / ASSETS_DIR
        for top, _, names in os.walk(folder) if folder.is_dir() else ():
            found.update(f"{ASSETS_DIR}/{(Path(top) / n).relative_to(folder).as_posix()}" for n in names)
    return found


def _summary_links(index: SiteIndex, planned: list, unpublished: dict,
                   templates: Path) -> tuple[list[Diagnostic], dict]:
    """Every summary's links to what the site does not produce, named at their lines; and the links of each
    story page for the HTML check (linkcheck.summarise)."""
    produced = {p.path for p in planned} | set(index.files) | set(_ALWAYS) | _asset_paths(templates)
    known = Nearby([s.path for s in index.stories] + list(unpublished))
    found, summaries = [], {}
    for story in index.stories:
        problems, links = summary_problems(story, index, produced, unpublished, known)
        found += problems
        if links:
            summaries[urls.story(story.slug)] = (story.path, links)
    return found, summaries


@contextlib.contextmanager
def _long_lived_objects():
    """Python's cycle collector rescans every live object each time enough new ones pile up: with 20,000 documents
    loaded it spent more time scanning them than loading them (unpickling the corpus at 10,000 stories: 0.68 s,
    0.25 s without it). Loading and planning make no cycles, so they run without the collector; what it loaded is then frozen
    (left out of later scans, and its memory pages are not touched again, so forked workers share them)."""
    was_on = gc.isenabled()

    def settled() -> None:  # called once the site is loaded and planned, before anything is checked or made
        freeze_loaded()
        if was_on:
            gc.enable()  # what comes next (Markdown, Jinja) can make cycles
    gc.disable()
    try:
        yield settled
    finally:
        if was_on:
            gc.enable()
        freeze_loaded(False)  # `mkdocs serve` builds again in this process: this build's objects may go


def build(config: SiteConfig, *, write: bool = True, render_pages: bool = True,
          now: dt.datetime | None = None, cache: BuildCache | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build the site; write it only if nothing failed. `check` is render_pages=False.

    write=False makes the whole site in memory (result.outputs: MkDocs, tests); write=True makes only
    what changed since the last build, straight into site/'s staging folder.
    cache: results of earlier builds (default: the project's .cache/newsbrief/, created on demand).
    """
    with _long_lived_objects() as loaded:
        return _build(config, write, render_pages, now, cache, progress, loaded)


def _build(config: SiteConfig, write: bool, render_pages: bool, now: dt.datetime | None, cache: BuildCache | None,
           progress: Progress | None, loaded) -> BuildResult:
    result, clock = BuildResult(), time.perf_counter()
    environment.cache_clear()  # `mkdocs serve` builds again in this process: a template added since must be found
    if write:
        finish_interrupted(config.site_path)
    work = Work(cache or open_cache(config.project_dir, config.templates_path), progress=progress or Progress(enabled=False))
    # the documents the cache lacks (all, on a first build) are parsed in the process pool: DocumentReader.prime
    reader = DocumentReader(work.cache.table("documents"), lambda fn, items: pool_map(fn, items, work.progress, "reading"))
    now = now or build_time()  # one clock for scheduling and the news sitemap; SOURCE_DATE_EPOCH wins
    corpus, problems = load_corpus(config, now, read=reader)
    files, file_problems = list_files(config.content_path, config.project_dir)  # images and such, published as-is
    result.diagnostics = promote(sorted(problems + file_problems) + publishing_problems(config), config.strict)
    result.timings["load"] = time.perf_counter() - clock
    if result.failed and (render_pages or not corpus.stories):
        return result  # `check` goes on: the stories that loaded are reported too, the broken files named
    result.index = build_index(corpus, config.tz, content_folder(config), frozenset(files))
    unpublished = {s.path: "a draft" if s.status.value == "draft" else
                   f"scheduled for {result.index.local_date(s.date):%Y-%m-%d %H:%M}"
                   for s in corpus.stories if not s.status.is_published()}
    unpublished.update((s.path, "a source no published story cites (cite it under `sources:` to publish it)")
                       for s in corpus.sources.values() if s.id not in result.index.sources)
    work.keys = story_keys(result.index, reader.digests, config)
    # planned here, not after the check: `check` names a summary's broken links as the build does
    planned = plan_outputs(result.index, config, Keys(result.index, site_key(config), work.keys,
                                                      source_keys(result.index, reader.digests)))
    found, summaries = _summary_links(result.index, planned, unpublished, config.templates_path)
    result.diagnostics += promote(found, config.strict)
    work.large = len(result.index.stories) >= PARALLEL_MIN
    work.pages_ahead = render_pages
    loaded()  # the site is loaded, indexed and planned
    index, paths = result.index, [p.path for p in planned]
    # the sitemaps (0.4 s at 10,000 stories) are made on the second core while provenance is checked
    extras = Background(lambda: extra_outputs(index, config, paths, now)) if write and render_pages and work.large \
        else None
    try:
        result.provenance, warnings = check_provenance(result.index, config.strict, work)
    except BaseException:
        if extras:
            extras.close()
        raise
    result.diagnostics += warnings
    result.timings["provenance"] = time.perf_counter() - clock - result.timings["load"]
    if result.failed or not render_pages:
        if extras:
            extras.close()
        return result
    try:
        if write:
            result.report, found, result.made = write_outputs(result.index, config, result.provenance, work, now, reader,
                                                                 planned, summaries, extras)
            result.diagnostics += found
            result.site_files = work.site_files
        else:
            result.outputs = render_outputs(result.index, config, result.provenance, work, now, reader.digests,
                                            planned)
            result.made = work.made
            result.diagnostics += work.dropped
            result.diagnostics += promote(check_links(result.outputs, config.site_dir,
                                                                      summaries=summaries), config.strict)
    except BuildFailed as failure:
        result.diagnostics += list(failure.diagnostics)
        result.site_changed = failure.site_changed
    finally:
        work.cache.save()
        work.progress.finish()
    result.timings["total"] = time.perf_counter() - clock
    return result
