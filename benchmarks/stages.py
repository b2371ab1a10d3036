"""Where one `newsbrief build` spends its time, stage by stage, without a profiler's overhead.

    cd SITE && python /path/to/benchmarks/stages.py [--runs N] [--edit content/stories/x.md]

Runs the real `newsbrief build` N times (default 3), each in a new process (caches are read from disk as
usual), with a timer around each coarse stage, and prints the median of each. --edit appends a sentence to
that story before each run, as bench.py's one-story edit does. cProfile inflates small, frequent calls several times over; these are wall-clock seconds.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import functools
import io
import statistics
import subprocess
import sys
import time
from pathlib import Path

STAGES = {  # module -> functions timed (each called once or a few times per build)
    "generator.build": ["DocumentReader", "load_corpus", "build_index", "_summary_links", "story_keys",
                        "check_provenance", "plan_outputs", "extra_outputs", "load_state", "write_incrementally",
                        "save_state"],
    "generator.incremental": ["produce", "check_links_incrementally"],
    "generator.cli": ["_print_diagnostics"],
}


def one_build() -> dict:
    """Time one build in this process (run as a child: imports are timed too)."""
    start = time.perf_counter()
    import importlib
    cli = importlib.import_module("generator.cli")
    timings = {"imports": time.perf_counter() - start}
    for module_name, names in STAGES.items():
        module = importlib.import_module(module_name)
        for name in names:
            fn = getattr(module, name)

            @functools.wraps(fn)
            def timed(*args, _fn=fn, _name=name, **kwargs):
                began = time.perf_counter()
                try:
                    return _fn(*args, **kwargs)
                finally:
                    timings[_name] = timings.get(_name, 0.0) + time.perf_counter() - began
            setattr(module, name, timed)
    sys.argv = ["newsbrief", "build"]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main()
    timings["whole build (in process)"] = time.perf_counter() - start
    if code:
        raise SystemExit(f"newsbrief build failed (exit {code})")
    return timings


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edit", type=Path, help="a story to edit before each run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(repr(one_build()))
        return
    runs = []
    for n in range(args.runs):  # each run a new process: a build's imports and cold memory are part of it
        if args.edit:
            text = args.edit.read_text(encoding="utf-8").rstrip("\n")
            args.edit.write_text(text + f" Edited for stage run {n}.\n", encoding="utf-8")
            time.sleep(2.1)  # as a curator saves, then builds: an edit younger than 2 s is never cached (RACY_NS)
        began = time.perf_counter()
        out = subprocess.run([sys.executable, __file__, "--child"], capture_output=True, text=True, check=True)
        timings = ast.literal_eval(out.stdout.strip().splitlines()[-1])
        timings["process"] = time.perf_counter() - began
        runs.append(timings)
    print(f"| stage | median of {args.runs} (s) |\n|---|---|")
    for name in runs[0]:
        print(f"| {name} | {statistics.median(r.get(name, 0.0) for r in runs):.3f} |")


if __name__ == "__main__":
    main()
