"""Orchestration only: load, index, check, plan, render, and write only when all succeeded."""
from __future__ import annotations

import dataclasses
import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from .cache import BuildCache, DocumentReader, digest, open_cache
from .config import SiteConfig
from .errors import BuildFailed, Diagnostic, Severity, has_errors
from .index import SiteIndex, build_index
from .linkcheck import check_links
from .loader import load_corpus
from .citations import check_story, passage_marks, provenance_warnings, story_text
from .pages import plan
from .publishing import build_time, extra_outputs, publishing_problems
from .progress import Background, Progress, pool_map
from .render import Output, render
from .search import search_outputs
from .writer import WriteReport, write_site

ASSETS_DIR = "assets"


@dataclass
class BuildResult:
    outputs: list = field(default_factory=list)
    diagnostics: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    index: SiteIndex | None = None
    provenance: dict = field(default_factory=dict)   # story slug -> StoryProvenance (None: no source text)
    report: WriteReport | None = None

    @property
    def failed(self) -> bool:
        return has_errors(self.diagnostics)


def _static_assets(templates: Path) -> list[Output]:
    folder = templates / ASSETS_DIR
    if not folder.is_dir():
        return []
    return [Output(f"{ASSETS_DIR}/{p.relative_to(folder).as_posix()}", p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()]


def _promote(diagnostics: list[Diagnostic], strict: bool) -> list[Diagnostic]:
    """Under --strict a warning stops the build like an error does."""
    if not strict:
        return diagnostics
    return [Diagnostic(d.path, d.line, d.field, d.message, d.expected, Severity.ERROR) for d in diagnostics]


_MISSING = object()
_PLACES = {"project_dir", "docs_dir", "site_dir", "templates_dir", "strict"}


@dataclass
class Work:
    """What one build shares between its steps: the cache, each story's cache key, the progress bar."""

    cache: BuildCache
    keys: dict = field(default_factory=dict)        # story slug -> digest of everything its texts depend on
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))

    def per_story(self, table: str, fn, stories) -> dict:
        """slug -> fn(story): cached by the story's key; the misses computed in a pool when many."""
        memo, out, missing = self.cache.table(table), {}, []
        for story in stories:
            key = self.keys.get(story.slug)
            hit = memo.get(key, _MISSING) if key else _MISSING
            if hit is _MISSING:
                missing.append(story)
            else:
                out[story.slug] = hit
        for story, value in zip(missing, pool_map(fn, missing, self.progress, table)):
            out[story.slug] = value
            if self.keys.get(story.slug):
                memo.put(self.keys[story.slug], value)
        return out


def story_keys(index: SiteIndex, digests: dict, config: SiteConfig) -> dict:
    """A story's summary, provenance and evidence depend on its file, its sources' files and the config."""
    # where the project lives (and --strict) cannot change a story's text: `newsbrief build` and `mkdocs serve`,
    # which see the same project through different paths, share entries
    settings = repr({f.name: getattr(config, f.name) for f in dataclasses.fields(config) if f.name not in _PLACES})
    keys = {}
    for story in index.stories:
        paths = [story.path] + [index.sources[r.source_id].path for r in story.sources if r.source_id in index.sources]
        if all(p in digests for p in paths):
            keys[story.slug] = digest(settings, story.slug, *paths, *(digests[p] for p in paths))
    return keys


def check_provenance(index: SiteIndex, strict: bool, work: Work | None = None) -> tuple[dict, list[Diagnostic]]:
    """Every published story's sentences against its sources; unacknowledged flags become warnings."""
    work = work or Work(open_cache(Path("."), enabled=False))
    results = work.per_story("provenance", lambda s: check_story(s, index), index.stories)
    warnings = [w for s in index.stories if results[s.slug] for w in provenance_warnings(s, results[s.slug])]
    return results, _promote(warnings, strict)


def render_outputs(index: SiteIndex, config: SiteConfig, provenance: dict, work: Work | None = None,
                   now: dt.datetime | None = None) -> list[Output]:
    work = work or Work(open_cache(Path("."), enabled=False))
    texts = work.per_story("texts", lambda s: story_text(s, index, provenance.get(s.slug)), index.stories)
    search = Background(lambda: search_outputs(index, texts), len(index.stories))  # uses the core plan() leaves idle
    extra = None
    try:
        specs = plan(index, config, texts, passage_marks(index, provenance))
        # feeds and sitemaps need only the pages' paths, known now: made while the pages render
        stubs = [Output(spec.path, b"") for spec in specs]
        extra = Background(lambda: extra_outputs(index, config, texts, stubs, now or build_time()), len(index.stories))
        pages = pool_map(lambda spec: render(spec, config.templates_path), specs, work.progress, "pages")
    except BaseException:
        for job in (search, extra):
            if job:
                job.abandon()
        raise
    return pages + search.result() + extra.result() + _static_assets(config.templates_path)


def build(config: SiteConfig, *, write: bool = True, render_pages: bool = True,
          now: dt.datetime | None = None, cache: BuildCache | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build the site in memory; write it only if nothing failed. `check` is render_pages=False.

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
    result.provenance, warnings = check_provenance(result.index, config.strict, work)
    result.diagnostics += warnings
    result.timings["provenance"] = time.perf_counter() - clock - result.timings["load"]
    if result.failed or not render_pages:
        return result
    try:
        result.outputs = render_outputs(result.index, config, result.provenance, work, now=now)
    except BuildFailed as failure:
        result.diagnostics += list(failure.diagnostics)
        return result
    finally:
        work.cache.save()
        work.progress.finish()
    result.timings["render"] = time.perf_counter() - clock - result.timings["load"] - result.timings["provenance"]
    result.diagnostics += _promote(check_links(result.outputs, config.site_dir), config.strict)
    if write and not result.failed:
        try:
            result.report = write_site(result.outputs, config.site_path)
        except BuildFailed as failure:
            result.diagnostics += list(failure.diagnostics)
    result.timings["total"] = time.perf_counter() - clock
    return result
