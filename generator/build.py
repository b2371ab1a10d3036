"""Orchestration only: load, index, check, plan, render, and write only when all succeeded."""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from .config import SiteConfig
from .errors import BuildFailed, Diagnostic, Severity, has_errors
from .index import SiteIndex, build_index
from .loader import load_corpus
from .citations import check_story, passage_marks, provenance_warnings, story_text
from .pages import plan
from .publishing import build_time, extra_outputs, publishing_problems
from .render import Output, render
from .search import search_index
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


def check_provenance(index: SiteIndex, strict: bool) -> tuple[dict, list[Diagnostic]]:
    """Every published story's sentences against its sources; unacknowledged flags become warnings."""
    results = {s.slug: check_story(s, index) for s in index.stories}
    warnings = [w for s in index.stories if results[s.slug] for w in provenance_warnings(s, results[s.slug])]
    return results, _promote(warnings, strict)


def render_outputs(index: SiteIndex, config: SiteConfig, provenance: dict,
                   now: dt.datetime | None = None) -> list[Output]:
    texts = {s.slug: story_text(s, index, provenance.get(s.slug)) for s in index.stories}
    specs = plan(index, config, texts, passage_marks(index, provenance))
    pages = [render(spec, config.templates_path) for spec in specs]
    extra = extra_outputs(index, config, texts, pages, now or build_time())
    return pages + [search_index(index, texts)] + extra + _static_assets(config.templates_path)


def build(config: SiteConfig, *, write: bool = True, render_pages: bool = True,
          now: dt.datetime | None = None) -> BuildResult:
    """Build the site in memory; write it only if nothing failed. `check` is render_pages=False."""
    result, clock = BuildResult(), time.perf_counter()
    now = now or build_time()  # one clock for scheduling and the news sitemap; SOURCE_DATE_EPOCH wins
    corpus, problems = load_corpus(config, now)
    result.diagnostics = _promote(sorted(problems) + publishing_problems(config), config.strict)
    result.timings["load"] = time.perf_counter() - clock
    if result.failed:
        return result
    result.index = build_index(corpus, config.tz)
    result.provenance, warnings = check_provenance(result.index, config.strict)
    result.diagnostics += warnings
    result.timings["provenance"] = time.perf_counter() - clock - result.timings["load"]
    if result.failed or not render_pages:
        return result
    try:
        result.outputs = render_outputs(result.index, config, result.provenance, now=now)
    except BuildFailed as failure:
        result.diagnostics += list(failure.diagnostics)
        return result
    result.timings["render"] = time.perf_counter() - clock - result.timings["load"] - result.timings["provenance"]
    if write:
        try:
            result.report = write_site(result.outputs, config.site_path)
        except BuildFailed as failure:
            result.diagnostics += list(failure.diagnostics)
    result.timings["total"] = time.perf_counter() - clock
    return result
