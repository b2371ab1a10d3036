"""What a build works out per story, cached by a key of everything it depends on: provenance results
and warnings, rendered summaries, and briefs (dek and searchable words) for cards and the search index.

Everything here runs in the parent process. Misses are computed in a pool of forked workers, which
never query the cache themselves: what they need is fetched before they fork.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from .cache import BuildCache, digest, open_cache
from .citations import SourceMarks, check_story, evidence_spans, provenance_warnings, story_text, too_large_to_check
from .config import SiteConfig
from .errors import Diagnostic, promote, warning
from .index import SiteIndex
from .mdlinks import linked_pages
from .media import referenced
from .progress import Progress, cores, give_back_memory, pool_map, pool_stream
from .search import body_terms

_MISSING = object()
BATCH = 500  # stories checked at once: bounds a first build's memory, and keeps the pool busy
_PLACES = {"project_dir", "docs_dir", "site_dir", "templates_dir", "strict", "config_file"}


@dataclass
class Work:
    """What one build shares between its steps: the cache, each story's cache key, the progress bar."""

    cache: BuildCache
    keys: dict = field(default_factory=dict)        # story slug -> digest of everything its texts depend on
    progress: Progress = field(default_factory=lambda: Progress(enabled=False))
    made: int = 0                                   # outputs made (not taken from an earlier build)
    large: bool = False   # a large site: even a small batch goes to the pool, keeping the parent's memory small
    dropped: list = field(default_factory=list)     # content files not published: the site makes that path
    site_files: dict = field(default_factory=dict)  # site path -> (size, mtime_ns, ino) once written
    pages_ahead: bool = False  # the provenance pass also makes each checked story's summary, brief and spans

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
    """A story's summary, provenance and evidence depend on its file, its sources' files and the config, and
    its links to other content files on the pages those are built into."""
    settings = site_key(config)
    keys = {}
    for story in index.stories:
        paths = [story.path] + [index.sources[r.source_id].path for r in story.sources if r.source_id in index.sources]
        if all(p in digests for p in paths):
            keys[story.slug] = digest(settings, story.slug, *paths, *(digests[p] for p in paths),
                                      repr(linked_pages(story, index)),
                                      *referenced(story.body, story.path, index.docs_dir, index.files))
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

    def spans(self, slugs) -> dict:
        """slug -> citations.evidence_spans of its results, cached apart: a source page needs only these, and
        reading the whole results of every citing story cost a full build seconds."""
        table, keys = self._work.cache.table("spans"), self._work.keys
        stories = [self._by_slug[s] for s in sorted(slugs) if s in self._by_slug]
        known = table.get_many([keys[s.slug] for s in stories if s.slug in keys])
        self.prefetch([s.slug for s in stories if keys.get(s.slug) not in known])
        found = {}
        for story in stories:
            key = keys.get(story.slug)
            found[story.slug] = known[key] if key in known else evidence_spans(self.get(story.slug), self._index)
            if key and key not in known:
                table.put(key, found[story.slug])
        return found

    def stream(self, slugs):
        """(slug, results, findings or None) for each slug, in order: from the cache, else checked in one pool
        for all of them (progress.pool_stream). What a worker works out goes to the cache, written every BATCH;
        none stays here. findings is None for results taken from the cache."""
        table, keys, work = self._table, self._work.keys, self._work
        stories = [self._by_slug[s] for s in slugs if s in self._by_slug]
        cached = table.get_many([keys[s.slug] for s in stories if s.slug in keys])  # rare: results without findings
        missing = [s for s in stories if keys.get(s.slug) not in cached]
        ahead = work.pages_ahead
        checked = pool_stream(lambda s: _checked(s, self._index, ahead), missing, work.progress, "provenance",
                              min_items=2 * cores() if work.large else None)
        made = [work.cache.table(name) for name in ("texts", "briefs", "spans")] if ahead else []
        try:
            for n, story in enumerate(stories):
                key = keys.get(story.slug)
                if key in cached:
                    yield story.slug, cached.pop(key), None
                    continue
                found, findings, *more = next(checked)
                if key:
                    table.put(key, found)
                    for made_table, value in zip(made, more):
                        made_table.put(key, value)
                yield story.slug, found, findings
                if n % BATCH == BATCH - 1:
                    for written in [table, *made]:
                        written.flush()
                    give_back_memory()
        finally:
            checked.close()  # the pool ends now (at once if the build failed), not when this is collected
        for written in [table, *made]:
            written.flush()

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


def _findings(story, prov, index: SiteIndex) -> tuple:
    """A story's provenance warnings, as plain tuples: 40,000 warnings unpickle far faster than as dataclasses."""
    found = provenance_warnings(story, prov) if prov else []
    unchecked = "" if prov else too_large_to_check(story, index)
    line = min((r.line for r in story.sources if r.line), default=1)
    if unchecked:  # said, never silent: the page shows no evidence for it
        found = [warning(story.path, line, "sources", f"sentences not checked: {unchecked}",
                         "sources of news-article size (split a transcript or report into the parts the "
                         "story cites)")]
    elif prov is None:  # links only: nothing to check a made-up figure against, and no marker says so
        found = [warning(story.path, line, "sources", "sentences not checked: its sources are links only, "
                         "with no text to check them against", "a source file in content/sources/ with the "
                         "article's text (`newsbrief import` makes one from a saved article)")]
    return tuple((w.path, w.line, w.field, w.message, w.expected) for w in found)


def _checked(story, index: SiteIndex, pages_ahead: bool) -> tuple:
    """In a worker: (results, findings) of one story, and with pages_ahead its summary, brief and evidence spans
    too, which its pages need next: made here from the results at hand, they are neither read back from the
    cache in the parent nor made in another pool."""
    prov = check_story(story, index)
    if not pages_ahead:
        return prov, _findings(story, prov, index)
    text = story_text(story, index, prov)
    return (prov, _findings(story, prov, index), text, Brief(text.dek, body_terms(text.dek, text.text)),
            evidence_spans(prov, index))


def check_provenance(index: SiteIndex, strict: bool, work: Work | None = None) -> tuple[Provenance, list[Diagnostic]]:
    """Every published story's sentences against its sources; unacknowledged flags become warnings."""
    work = work or Work(open_cache(Path("."), enabled=False))
    results = Provenance(index, work)
    findings = work.cache.table("findings")
    work.cache.table("provenance").retain(work.keys.values())
    keyed = {work.keys[s.slug]: s.slug for s in index.stories if s.slug in work.keys}
    known = {keyed[k]: found for k, found in findings.get_many(list(keyed)).items()}
    unknown = [s.slug for s in index.stories if s.slug not in known]
    for slug, prov, found in results.stream(unknown):  # never every result at once: each goes to the cache
        known[slug] = found if found is not None else _findings(results._by_slug[slug], prov, index)
        if slug in work.keys:
            findings.put(work.keys[slug], known[slug])
    warnings = [warning(*w) for s in index.stories for w in known[s.slug]]
    if unknown:  # written now, and not kept in memory twice; else kept for the next build of a live preview
        findings.flush()
    return results, promote(warnings, strict)


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
    for name in ("briefs", "texts", "spans"):  # what this build does not read is still the current text of a story
        work.cache.table(name).retain(work.keys.values())
    # briefs of `full` too: a summary made whole is briefed only when the cache has no brief of it (a full build
    # needs every summary whole, most of them in several batches: briefing each every time cost seconds)
    keyed = {work.keys[slug]: slug for slug in set(cards) | set(full) if slug in work.keys}
    briefs = {keyed[key]: brief for key, brief in briefs_table.get_many(list(keyed)).items()}
    wanted = sorted(set(full) | (set(cards) - set(briefs)), key=lambda slug: index.position(slug))
    texts = Texts(briefs)
    texts_table = work.cache.table("texts")
    cached = texts_table.get_many([work.keys[s] for s in wanted if s in work.keys])
    provenance.prefetch([s for s in wanted if work.keys.get(s) not in cached])  # workers must not query the cache

    def text_and_brief(story):  # in a worker: tokenising every summary of a first build in the parent left a core idle
        text = story_text(story, index, provenance.get(story.slug))
        return text, Brief(text.dek, body_terms(text.dek, text.text)) if story.slug not in briefs else None
    missing = []
    for slug in wanted:
        text = texts_table.get(work.keys[slug]) if slug in work.keys else None
        if text is None:
            missing.append(by_slug[slug])
        else:
            texts[slug] = text
            if slug not in briefs:  # rare: a summary cached without its brief
                briefs_table.put(work.keys[slug], Brief(text.dek, body_terms(text.dek, text.text)))
    made = pool_map(text_and_brief, missing, work.progress, "texts", min_items=2 * cores() if work.large else None)
    for story, (text, brief) in zip(missing, made):
        texts[story.slug] = text
        if story.slug in work.keys:
            texts_table.put(work.keys[story.slug], text)
            if brief is not None:
                briefs_table.put(work.keys[story.slug], brief)
    return texts


def prepare(todo, index: SiteIndex, provenance, work: Work, marks: SourceMarks) -> Texts:
    """In the parent, before workers fork: the texts and passage marks the outputs about to be made need."""
    cards, full, sources = set(), set(), set()
    for item in todo:
        cards.update(item.cards)
        full.update(item.full)
        sources.update(item.marks)
    marks.prepare(sorted(sources))
    return story_texts(index, provenance, work, cards, full)


def source_keys(index: SiteIndex, digests: dict) -> dict:
    return {sid: digests[s.path] for sid, s in index.sources.items() if s.path in digests}
