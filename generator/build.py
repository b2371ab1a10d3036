"""Orchestration only: load, index, check, plan, make what changed, and write only when all succeeded."""
from __future__ import annotations

import dataclasses
import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from .cache import BuildCache, DocumentReader, code_version, digest, folder_version, open_cache
from .citations import SourceMarks, check_story, provenance_warnings, story_text
from .config import SiteConfig
from .errors import BuildFailed, Diagnostic, Severity, has_errors
from .index import SiteIndex, build_index
from .linkcheck import check_links
from .loader import load_corpus
from .pages import Keys, Planned, plan
from .publishing import build_time, extra_outputs, planned_feeds, publishing_problems
from .incremental import write_incrementally
from .progress import PARALLEL_MIN, Progress, cores, give_back_memory, pool_map
from .sitestate import load_state, save_state
from .render import Output, produce
from .search import body_terms, plan_search
from .writer import WriteReport

ASSETS_DIR = "assets"


@dataclass
class BuildResult:
    outputs: list = field(default_factory=list)      # the whole site, when built in memory (write=False)
    diagnostics: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    index: SiteIndex | None = None
    provenance: dict = field(default_factory=dict)   # story slug -> StoryProvenance (None: no source text)
    report: WriteReport | None = None
    made: int = 0                                     # outputs made this build (the rest were unchanged)

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)


def _promote(diagnostics: list[Diagnostic], strict: bool) -> list[Diagnostic]:
    """Under --strict a warning stops the build like an error does."""
    if not strict:
        return diagnostics
    return [Diagnostic(d.path, d.line, d.field, d.message, d.expected, Severity.ERROR) for d in diagnostics]


_MISSING = object()
BATCH = 500  # stories checked at once: bounds a first build's memory, and keeps the pool busy
_PLACES = {"project_dir", "docs_dir", "site_dir", "templates_dir", "strict"}


@dataclass
class Work:
    """What one build shares between its steps: the cache, each story's cache key, the progress bar."""

    cache: BuildCache
    keys: dict = field(default_factory=dict)        # story slug -> digest of everything its texts depend on
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))
    made: int = 0                                   # outputs made (not taken from an earlier build)
    large: bool = False   # a large site: even a small batch goes to the pool, keeping the parent's memory small

    def per_story(self, table: str, fn, stories) -> dict:
        """slug -> fn(story): cached by the story's key; the misses computed in a pool when many."""
        memo, out, missing = self.cache.table(table), {}, []
        stories = list(stories)
        memo.get_many([self.keys[s.slug] for s in stories if s.slug in self.keys])
        for story in stories:
            key = self.keys.get(story.slug)
            hit = memo.get(key, _MISSING) if key else _MISSING
            if hit is _MISSING:
                missing.append(story)
            else:
                out[story.slug] = hit
        min_items = 2 * cores() if self.large else None
        for story, value in zip(missing, pool_map(fn, missing, self.progress, table, min_items=min_items)):
            out[story.slug] = value
            if self.keys.get(story.slug):
                memo.put(self.keys[story.slug], value)
        return out


def site_key(config: SiteConfig) -> str:
    """Every setting a page can show; where the project lives (and --strict) cannot change a page: `newsbrief
    build` and `mkdocs serve`, which see the same project through different paths, share entries."""
    return digest(repr({f.name: getattr(config, f.name) for f in dataclasses.fields(config) if f.name not in _PLACES}))


def story_keys(index: SiteIndex, digests: dict, config: SiteConfig) -> dict:
    """A story's summary, provenance and evidence depend on its file, its sources' files and the config."""
    settings = site_key(config)
    keys = {}
    for story in index.stories:
        paths = [story.path] + [index.sources[r.source_id].path for r in story.sources if r.source_id in index.sources]
        if all(p in digests for p in paths):
            keys[story.slug] = digest(settings, story.slug, *paths, *(digests[p] for p in paths))
    return keys


class Provenance:
    """slug -> StoryProvenance (None: the story has no source text), fetched from the cache when asked for.

    A rebuild needs every story's warnings but the full results of only the few stories it re-renders,
    so the warnings are cached apart ("findings") and the results (large) are read on demand."""

    def __init__(self, index: SiteIndex, work: Work):
        self._index, self._work = index, work
        self._table = work.cache.table("provenance")
        self._by_slug = {s.slug: s for s in index.stories}
        self._memo: dict = {}

    def prefetch(self, slugs) -> None:
        """Fetch (or compute, in a pool when many) the results for slugs: before forking workers that read them."""
        wanted = [self._by_slug[s] for s in slugs if s not in self._memo and s in self._by_slug]
        self._memo.update(self._work.per_story("provenance", lambda s: check_story(s, self._index), wanted))

    def get(self, slug: str, default=None):
        if slug not in self._by_slug:
            return default
        self.prefetch([slug])
        return self._memo[slug]

    def release(self) -> None:
        """Forget the results fetched so far (the cache keeps them): the next batch needs others."""
        self._table.flush()
        self._memo = {}
        give_back_memory()

    def __getitem__(self, slug: str):
        return self.get(slug)


def check_provenance(index: SiteIndex, strict: bool, work: Work | None = None) -> tuple[Provenance, list[Diagnostic]]:
    """Every published story's sentences against its sources; unacknowledged flags become warnings."""
    work = work or Work(open_cache(Path("."), enabled=False))
    results = Provenance(index, work)
    findings = work.cache.table("findings")
    work.cache.table("provenance").retain(work.keys.values())
    keyed = {work.keys[s.slug]: s.slug for s in index.stories if s.slug in work.keys}
    known = {keyed[k]: found for k, found in findings.get_many(list(keyed)).items()}
    unknown = [s.slug for s in index.stories if s.slug not in known]
    for start in range(0, len(unknown), BATCH):  # in batches, so a first build never holds every result at once
        batch = unknown[start:start + BATCH]
        results.prefetch(batch)
        for slug in batch:
            story, prov = results._by_slug[slug], results.get(slug)
            known[slug] = tuple(provenance_warnings(story, prov)) if prov else ()
            if slug in work.keys:
                findings.put(work.keys[slug], known[slug])
        results.release()
    warnings = [w for s in index.stories for w in known[s.slug]]
    return results, _promote(warnings, strict)


@dataclass(frozen=True)
class Brief:
    """What a card and the search index need of a story: far smaller than its StoryText."""

    dek: str
    terms: str   # search.body_terms: its searchable words


class Texts(dict):
    """slug -> StoryText where a page needs the whole summary, else a Brief."""


def story_texts(index: SiteIndex, provenance: dict, work: Work, cards, full) -> Texts:
    """The texts the outputs about to be made need: whole summaries for `full`, briefs for `cards` (slugs)."""
    by_slug = {s.slug: s for s in index.stories}
    briefs_table = work.cache.table("briefs")
    for name in ("briefs", "texts"):  # what this build does not read is still the current text of a story
        work.cache.table(name).retain(work.keys.values())
    keyed = {work.keys[slug]: slug for slug in cards if slug in work.keys}
    briefs = {keyed[key]: brief for key, brief in briefs_table.get_many(list(keyed)).items()}
    wanted = sorted(set(full) | (set(cards) - set(briefs)), key=lambda slug: index.position(slug))
    texts = Texts(briefs)
    cached = work.cache.table("texts").get_many([work.keys[s] for s in wanted if s in work.keys])
    provenance.prefetch([s for s in wanted if work.keys.get(s) not in cached])  # workers must not query the cache
    made = work.per_story("texts", lambda s: story_text(s, index, provenance.get(s.slug)), [by_slug[s] for s in wanted])
    for slug, text in made.items():
        texts[slug] = text
        if slug not in briefs and work.keys.get(slug):
            briefs_table.put(work.keys[slug], Brief(text.dek, body_terms(text.dek, text.text)))
    return texts


def _static_assets(templates: Path) -> list[Output]:
    folder = templates / ASSETS_DIR
    if not folder.is_dir():
        return []
    return [Output(f"{ASSETS_DIR}/{p.relative_to(folder).as_posix()}", p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()]


def plan_outputs(index: SiteIndex, config: SiteConfig, keys: Keys) -> list[Planned]:
    """Every page, feed and search script, planned but not made."""
    return plan(index, config, keys) + planned_feeds(index, config, keys) + plan_search(index, keys)


def prepare(todo, index: SiteIndex, provenance, work: Work, marks: SourceMarks) -> Texts:
    """In the parent, before workers fork: the texts and passage marks the outputs about to be made need."""
    cards, full, sources = set(), set(), set()
    for item in todo:
        cards.update(item.cards)
        full.update(item.full)
        sources.update(item.marks)
    marks.prepare(sorted(sources))
    return story_texts(index, provenance, work, cards, full)


def render_outputs(index: SiteIndex, config: SiteConfig, provenance: dict, work: Work | None = None,
                   now: dt.datetime | None = None, digests: dict | None = None) -> list[Output]:
    """The whole site in memory (for MkDocs and `build(write=False)`). Outputs whose key is unchanged
    since the last in-memory build with this cache (`mkdocs serve` keeps one) are not made again."""
    work = work or Work(open_cache(Path("."), enabled=False))
    planned = plan_outputs(index, config, Keys(index, site_key(config), work.keys, source_keys(index, digests or {})))
    last = work.cache.made
    todo = [p for p in planned if p.key is None or last.get(p.path, (None,))[0] != p.key]
    marks = SourceMarks(index, provenance)
    texts = prepare(todo, index, provenance, work, marks)
    data = pool_map(lambda item: produce(item, texts, marks, config.templates_path), todo, work.progress, "pages")
    made = {item.path: d for item, d in zip(todo, data)}
    pages = [Output(p.path, made[p.path] if p.path in made else last[p.path][1]) for p in planned]
    work.cache.made = {p.path: (p.key, o.data) for p, o in zip(planned, pages) if p.key is not None}
    work.made = len(todo)
    extra = extra_outputs(index, config, [o.path for o in pages], now or build_time())
    return pages + extra + _static_assets(config.templates_path)


def source_keys(index: SiteIndex, digests: dict) -> dict:
    return {sid: digests[s.path] for sid, s in index.sources.items() if s.path in digests}


def write_outputs(index: SiteIndex, config: SiteConfig, provenance: dict, work: Work, now: dt.datetime,
                  reader: DocumentReader) -> tuple[WriteReport | None, list[Diagnostic], int]:
    """Make what changed since the last build straight into staging, check links, write: see incremental.py."""
    keys = Keys(index, site_key(config), work.keys, source_keys(index, reader.digests))
    planned = plan_outputs(index, config, keys)
    extra = extra_outputs(index, config, [p.path for p in planned], now) + _static_assets(config.templates_path)
    stamp = digest(code_version(), folder_version(config.templates_path), FORMAT)
    state = load_state(work.cache.folder, config.site_dir, stamp)
    marks = SourceMarks(index, provenance)

    def texts_for(todo, release: bool = False):
        if release:  # the batch is made: what it read stays in the cache, not in memory
            work.cache.table("texts").flush()
            provenance.release()
            return None
        return prepare(todo, index, provenance, work, marks)
    try:
        report, warnings, made = write_incrementally(
            planned, extra, state, config.site_path, config.site_dir, texts_for, marks,
            config.templates_path, work.progress, lambda found: _promote(found, config.strict))
    finally:
        work.cache.save()
    if report is not None:
        save_state(work.cache.folder, config.site_dir, state)
    return report, warnings, made


FORMAT = 1  # of what write_outputs keeps between builds


def build(config: SiteConfig, *, write: bool = True, render_pages: bool = True,
          now: dt.datetime | None = None, cache: BuildCache | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build the site; write it only if nothing failed. `check` is render_pages=False.

    write=False makes the whole site in memory (result.outputs: MkDocs, tests); write=True makes only
    what changed since the last build, straight into site/'s staging folder.
    cache: results of earlier builds (default: the project's .cache/newsbrief/, created on demand).
    """
    result, clock = BuildResult(), time.perf_counter()
    work = Work(cache or open_cache(config.project_dir, config.templates_path), progress=progress or Progress(enabled=False))
    reader = DocumentReader(work.cache.table("documents"))
    now = now or build_time()  # one clock for scheduling and the news sitemap; SOURCE_DATE_EPOCH wins
    corpus, problems = load_corpus(config, now, read=reader)
    result.diagnostics = _promote(sorted(problems) + publishing_problems(config), config.strict)
    result.timings["load"] = time.perf_counter() - clock
    if result.failed:
        return result
    result.index = build_index(corpus, config.tz)
    work.keys = story_keys(result.index, reader.digests, config)
    work.large = len(result.index.stories) >= PARALLEL_MIN
    result.provenance, warnings = check_provenance(result.index, config.strict, work)
    result.diagnostics += warnings
    result.timings["provenance"] = time.perf_counter() - clock - result.timings["load"]
    if result.failed or not render_pages:
        return result
    try:
        if write:
            result.report, found, result.made = write_outputs(result.index, config, result.provenance, work, now, reader)
            result.diagnostics += found
        else:
            result.outputs = render_outputs(result.index, config, result.provenance, work, now, reader.digests)
            result.made = work.made
            result.diagnostics += _promote(check_links(result.outputs, config.site_dir), config.strict)
    except BuildFailed as failure:
        result.diagnostics += list(failure.diagnostics)
    finally:
        work.cache.save()
        work.progress.finish()
    result.timings["total"] = time.perf_counter() - clock
    return result
