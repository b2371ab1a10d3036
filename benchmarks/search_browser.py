"""Search on a large site, timed in the browser a reader would use (Debian's Chromium via Playwright).

    python benchmarks/search_browser.py [--stories 10000] [--corpus /tmp/corpus10k] [--runs 7]

Makes a synthetic corpus with benchmarks/synth.py (unless --corpus already holds one), builds only
what search needs (the search page, its index and dek scripts and the assets: the rest of the site does not
change these timings), opens it over file:// and prints medians of:
  ready      navigation start -> search.js has the index and can answer (all of the page's own work)
  blank      navigation start -> DOMContentLoaded of an empty page: the browser's share of `ready`
  index      one more load of every search-index-K.js into a page (read + parse + evaluate)
  query      window.NEWSBRIEF_SEARCH(q): the matching and ranking, first time for each query
  keystroke  one `input` event: search plus drawing the 50 shown results, as when typing
"""
from __future__ import annotations

import argparse
import dataclasses
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "browser")]

from playwright.sync_api import sync_playwright  # noqa: E402

from browserkit import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from generator.build import _static_assets  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.index import build_index  # noqa: E402
from generator.loader import load_corpus  # noqa: E402
from generator.citations import story_text  # noqa: E402
from generator.pages import Keys, _search_page  # noqa: E402
from generator.render import render  # noqa: E402
from generator.search import search_outputs  # noqa: E402

QUERIES = ["minister", "energy prices", "har", "election fraud observers", "kharkiv drone", "zzzz"]


def build_search(project: Path, out: Path) -> tuple[int, dict]:
    """Write the search page, its scripts and the assets into out; return (stories, sizes of the scripts)."""
    config, problems = load_config(project / "mkdocs.yml")
    config = dataclasses.replace(config, project_dir=project)
    corpus, problems = load_corpus(config)
    index = build_index(corpus, config.tz)
    texts = {s.slug: story_text(s, index, None) for s in index.stories}  # search needs no provenance
    scripts = search_outputs(index, texts)
    page = render(_search_page(index, config, Keys(index, "", {}, {})).make(texts, None), config.templates_path)
    for output in [page, *scripts, *_static_assets(REPO / "templates")]:
        path = out / output.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(output.data)
    (out / "blank.html").write_text("<!doctype html><title>blank</title>")
    return len(index.stories), {Path(o.path).name: len(o.data) for o in scripts}


# Notes the moment search.js publishes its search function, i.e. the index is loaded and decoded.
READY_HOOK = """Object.defineProperty(window, 'NEWSBRIEF_SEARCH', {configurable: true,
  set(f) { window.__ready = performance.now(); Object.defineProperty(window, 'NEWSBRIEF_SEARCH', {value: f}); }});"""
TIME_INDEX = """() => new Promise(done => { const t = performance.now();
  const all = Array.from(document.querySelectorAll("script[src*='search-index-']"), s => s.getAttribute('src'));
  let left = all.length;
  for (const src of all) { const s = document.createElement('script'); s.src = src + '?' + Math.random();
    s.onload = () => { if (!--left) done(performance.now() - t); }; document.head.append(s); } })"""
TIME_QUERY = "q => { const t = performance.now(); const hits = NEWSBRIEF_SEARCH(q); return [performance.now() - t, hits.length]; }"
TIME_KEY = """q => { const box = document.getElementById('q'), t = performance.now(); box.value = q;
  box.dispatchEvent(new Event('input')); return performance.now() - t; }"""


def measure(url: str, runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"ready": [], "blank": [], "index": []}
    blank = url.rsplit("/", 2)[0] + "/blank.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page()
            page.goto(blank)
            times["blank"].append(page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
            page.close()
            page = browser.new_page()  # a fresh page each run: nothing decoded or compiled before
            page.add_init_script(READY_HOOK)
            page.goto(url)
            page.wait_for_function("window.__ready")
            times["ready"].append(page.evaluate("window.__ready"))
            for q in QUERIES:
                took, hits = page.evaluate(TIME_QUERY, q)
                times.setdefault(f"query {q!r} ({hits} hits)", []).append(took)
            for q in QUERIES[:3]:
                times.setdefault(f"keystroke {q!r}", []).append(page.evaluate(TIME_KEY, q))
            times["index"].append(page.evaluate(TIME_INDEX))
            page.close()
        browser.close()
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=10000)
    parser.add_argument("--corpus", type=Path, help="project folder made by synth.py (made if missing)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus or Path(tmp) / "corpus"
        if not (corpus / "mkdocs.yml").exists():
            subprocess.run([sys.executable, str(REPO / "benchmarks" / "synth.py"), "--stories", str(args.stories),
                            "--out", str(corpus)], check=True)
        site = Path(tmp) / "site"
        stories, sizes = build_search(corpus, site)
        times = measure((site / "search" / "index.html").as_uri(), args.runs)
    index_bytes = sum(size for name, size in sizes.items() if "index" in name)
    deks_bytes = sum(size for name, size in sizes.items() if "deks" in name)
    shown = f"index {index_bytes / 1e6:.2f} MB and standfirsts {deks_bytes / 1e6:.2f} MB in {len(sizes) // 2} shards"
    print(f"{stories} stories; {shown}; medians of {args.runs} runs in Chromium (ms):")
    for name, values in times.items():
        print(f"  {name:<45} {statistics.median(values):8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
