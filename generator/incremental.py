"""Write the site by making only what changed: the planned outputs whose keys or files moved on.

Each output made is put straight into the writer's staging folder (from the worker processes that
render it, so the site is never held in memory) and its links are scanned there. The link check then
joins this build's scans with what the last build recorded, and re-reads from site/ only the pages
whose targets changed. Nothing reaches site/ unless every step succeeded.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed, Diagnostic
from .linkcheck import Scan, cross_problems, links_any, path_hashes, ref_list, scan_bytes, summarise
from .progress import PARALLEL_MIN, Progress, cores, pool_map
from .render import produce, warm
from .sitestate import SiteState
from .writer import FileRecord, Staging, WriteReport, check_paths


@dataclass(frozen=True)
class Made:
    path: str
    record: FileRecord
    changed: bool
    scan: Scan | None   # HTML pages only


def _put(staging: Staging, path: str, data: bytes, produced: set) -> Made:
    record, changed = staging.put(path, data)
    return Made(path, record, changed, scan_bytes(path, data, produced) if path.endswith(".html") else None)


def _read_scan(site: Path, path: str, produced: set) -> Scan:
    return scan_bytes(path, (site / path).read_bytes(), produced)


def check_links_incrementally(state: SiteState, made: dict, produced: set, site: Path,
                              site_dir: str, summaries: dict | None = None) -> tuple[list[Diagnostic], SiteState]:
    """Problems of every page: fresh for pages made now and for pages linking into a made page whose ids
    changed, and for pages that link to a removed output; as recorded for the rest."""
    pages = sorted(p for p in produced if p.endswith(".html"))
    removed = set(state.files) - produced
    ids = {p: state.ids[p] for p in pages if p in state.ids}
    ids.update((p, m.scan.ids) for p, m in made.items() if m.scan)
    links = {p: state.links[p] for p in pages if p in state.links}
    links.update((p, m.scan.links) for p, m in made.items() if m.scan)
    if not state.files:
        recheck = set(pages)
    else:
        frag_in = state.frag_in()
        recheck = {p for p, m in made.items() if m.scan}
        recheck |= {linker for p in list(recheck) if ids.get(p) != state.ids.get(p) for linker in frag_in.get(p, ())}
        recheck |= set(state.problems)  # a page that was broken may be mended by what was added
        if removed:  # a page that links to a removed output is broken now (a page not on record may)
            gone = path_hashes(removed)
            recheck |= {p for p in pages if p not in recheck and (p not in links or links_any(links[p], gone))}
        recheck &= set(pages)
    id_sets: dict = {}

    def ids_of(target: str) -> set:
        if target not in id_sets:
            id_sets[target] = set(ids[target].split("\n")) if target in ids else set()
        return id_sets[target]

    problems, frag_out = dict(state.problems), dict(state.frag_out)
    for path in removed:
        problems.pop(path, None)
        frag_out.pop(path, None)
    for path in sorted(recheck):
        found = made[path].scan if path in made else _read_scan(site, path, produced)
        ids.setdefault(path, found.ids)
        links[path] = found.links
        refs = ref_list(found)
        cross = cross_problems(refs, ids_of)
        problems.pop(path, None)
        if found.local or cross:
            problems[path] = found.local + cross
        frag_out[path] = tuple(sorted({ref[2] for ref in refs}))
        if not frag_out[path]:
            del frag_out[path]
    new = SiteState(state.stamp, dict(state.keys), dict(state.files), ids, frag_out, problems, links)
    return summarise(problems, site_dir, summaries), new


BATCH = 500  # whole summaries held at once while making outputs: bounds the memory of a first build


def batches(todo, limit: int = BATCH):
    """todo in runs that need at most about `limit` distinct whole summaries (a story page needs one, a feed
    fifty, mostly the same fifty as the next feed's)."""
    batch, needed = [], set()
    for item in todo:
        new = set(item.full) - needed
        if batch and len(batch) + len(needed) + len(new) > limit:
            yield batch
            batch, needed, new = [], set(), set(item.full)
        batch.append(item)
        needed |= new
    if batch:
        yield batch


def write_incrementally(planned, extra, state: SiteState, site: Path, site_dir: str, texts_for, marks,
                        templates: Path, progress: Progress, promote,
                        vouching: Path | None = None, summaries: dict | None = None
                        ) -> tuple[WriteReport, list[Diagnostic], int]:
    """planned: outputs with keys (made only when changed); extra: Outputs made every build.
    texts_for(todo) -> the texts those outputs need; texts_for(todo, release=True) lets them go. Returns (report, link warnings, outputs made);
    raises BuildFailed (nothing written) when an output fails or a promoted warning is an error."""
    paths = [p.path for p in planned] + [o.path for o in extra]
    problems = check_paths(paths)
    if problems:
        raise BuildFailed(problems)
    produced = set(paths)
    # opened first: it finishes a killed build's changes, and only then can site/ be compared with the state
    # no record of the last build: compare bytes, swap (a site/ MkDocs filled with links to `vouching` is ours)
    staging = Staging(site, state.files or None, vouching).open()
    try:
        todo = [p for p in planned if not state.fresh(site, p.path, p.key)]
        made = []
        progress.stage("pages", len(todo))
        # a large build forks for every batch (a batch of feeds is few, heavy items); a small one never
        min_items = 2 * cores() if len(todo) >= PARALLEL_MIN else None
        if min_items:
            warm(templates)
        for batch in batches(todo):
            texts = texts_for(batch)
            for item in batch:
                if item.prepare:
                    item.prepare(texts)
            made += pool_map(lambda item: _put(staging, item.path, produce(item, texts, marks, templates), produced),
                             batch, min_items=min_items)
            texts_for(batch, release=True)
            progress.advance(len(batch))
        made += [_put(staging, o.path, o.data, produced) for o in extra]
        by_path = {m.path: m for m in made}
        warnings, new_state = check_links_incrementally(state, by_path, produced, site, site_dir, summaries)
        warnings = promote(warnings)
        if any(d.severity.is_error() for d in warnings):
            staging.abort()
            return None, warnings, len(todo)
        records = {p: state.files[p] for p in produced if p not in by_path}
        records.update((m.path, m.record) for m in made)
        report, manifest = staging.commit(records, {m.path for m in made if m.changed})
    except BaseException:
        staging.abort()
        raise
    new_state.keys = {p.path: p.key for p in planned if p.key is not None}
    new_state.files = manifest
    for path in list(new_state.ids):
        if path not in produced:
            del new_state.ids[path]
    state.__dict__.update(new_state.__dict__)
    return report, warnings, len(todo)
