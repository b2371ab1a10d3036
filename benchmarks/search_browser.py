"""Search on a large site, timed in the browser a reader would use (Debian's Chromium via Playwright).

    python benchmarks/search_browser.py [--stories 10000] [--corpus /tmp/corpus10k] [--runs 7]

Makes a synthetic corpus with benchmarks/synth.py (unless --corpus already holds one), builds only
what search needs (the search page, search-index.js and the assets: the rest of the site does not
change these timings), opens it over file:// and prints medians of:
  load       navigation start -> DOMContentLoaded: reading, parsing and running the index script
  index      one more load of search-index.js into a page (read + parse + evaluate)
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
from generator.pages import _search_page  # noqa: E402
from generator.render import render  # noqa: E402
from generator.search import search_index  # noqa: E402

QUERIES = ["minister", "energy prices", "har", "election fraud observers", "kharkiv drone", "zzzz"]


def build_search(project: Path, out: Path) -> tuple[int, int]:
    """Write the search page, its index and the assets into out; return (stories, index bytes)."""
    config, problems = load_config(project / "mkdocs.yml")
    config = dataclasses.replace(config, project_dir=project)
    corpus, problems = load_corpus(config)
    index = build_index(corpus, config.tz)
    texts = {s.slug: story_text(s, index, None) for s in index.stories}  # search needs no provenance
    outputs = [render(_search_page(config), config.templates_path), search_index(index, texts)]
    for output in outputs + _static_assets(REPO / "templates"):
        path = out / output.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(output.data)
    return len(index.stories), len(outputs[1].data)


TIME_INDEX = """() => new Promise(done => { const t = performance.now(), s = document.createElement('script');
  s.src = 'search-index.js?' + Math.random(); s.onload = () => done(performance.now() - t); document.head.append(s); })"""
TIME_QUERY = "q => { const t = performance.now(); const hits = NEWSBRIEF_SEARCH(q); return [performance.now() - t, hits.length]; }"
TIME_KEY = """q => { const box = document.getElementById('q'), t = performance.now(); box.value = q;
  box.dispatchEvent(new Event('input')); return performance.now() - t; }"""


def measure(url: str, runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"load": [], "index": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page()  # a fresh page each run: nothing decoded or compiled before
            page.goto(url)
            times["load"].append(page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
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
        stories, size = build_search(corpus, site)
        times = measure((site / "search" / "index.html").as_uri(), args.runs)
    print(f"{stories} stories; search-index.js {size / 1e6:.2f} MB; medians of {args.runs} runs in Chromium (ms):")
    for name, values in times.items():
        print(f"  {name:<45} {statistics.median(values):8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
