"""Speed of the provenance checker.

Usage: .venv/bin/python benchmarks/provenance_speed.py [--stories N] [--batch N] [--rounds N]

1. check_summary on ~400-word summaries of ~800-word sources (fresh source each
   story, so index building is included): median ms per story over runs.
2. verify_jsonl over a batch of summaries (default 2,000): total seconds.
Text is generated deterministically from the labelled fixtures' vocabulary.

--against DIR: instead, time this checkout's package and the one in
DIR/generator/provenance side by side in one process, alternating rounds over
the same stories (steadier than two runs on a busy machine). For example:
    mkdir -p /tmp/old && git archive a9d94f4 generator/provenance | tar -x -C /tmp/old
    touch /tmp/old/generator/__init__.py
    .venv/bin/python benchmarks/provenance_speed.py --against /tmp/old
"""
from __future__ import annotations

import argparse
import importlib
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.provenance import check_summary, verify_jsonl  # noqa: E402
from generator.provenance import check as check_module  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "provenance" / "tuning.jsonl"


def corpus_sentences() -> list[str]:
    sentences = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        sentences += [s.strip() for s in record["source"].replace("\n", " ").split(". ") if s]
        sentences += [s["text"] for s in record["summary_sentences"]]
    return sentences


def make_text(rng: random.Random, pool: list[str], words: int) -> str:
    out, count = [], 0
    while count < words:
        sentence = rng.choice(pool).rstrip(".") + "."
        out.append(sentence)
        count += len(sentence.split())
    paragraphs = [" ".join(out[i:i + 4]) for i in range(0, len(out), 4)]
    return "\n\n".join(paragraphs)


def time_stories(n: int, rng: random.Random, pool: list[str], fresh: bool) -> list[float]:
    """CPU milliseconds per story (process time: robust to other load on the box).
    fresh=True builds the source index inside the timing; otherwise it is prebuilt,
    as when several stories cite one source."""
    pairs = [(make_text(rng, pool, 800), make_text(rng, pool, 400)) for _ in range(n)]
    timings = []
    for source, summary in pairs:
        check_module._index_cache.clear()
        if not fresh:
            check_module.source_index("src", source)
        start = time.process_time()
        check_summary(summary, {"src": source})
        timings.append((time.process_time() - start) * 1000)
    return timings


def report(label: str, rounds: list[list[float]]) -> None:
    """Best of several rounds: the least disturbed by other load on the machine."""
    timings = min(rounds, key=statistics.median)
    p90 = sorted(timings)[int(0.9 * len(timings))]
    print(f"{label}: median {statistics.median(timings):.2f} ms, "
          f"mean {statistics.mean(timings):.2f} ms, p90 {p90:.2f} ms "
          f"({len(timings)} stories, best of {len(rounds)} rounds)")


def time_batch(n: int, rng: random.Random, pool: list[str]) -> float:
    lines = [json.dumps({"id": str(i), "source": make_text(rng, pool, 500),
                         "summary": make_text(rng, pool, 80)}) for i in range(n)]
    start = time.perf_counter()  # wall clock, as a user would see it
    count = sum(1 for _ in verify_jsonl(lines))
    assert count == n
    return time.perf_counter() - start


def load_package(root: Path):
    """generator.provenance.check imported from root (a fresh copy each time)."""
    for name in [n for n in sys.modules if n == "generator" or n.startswith("generator.")]:
        del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module("generator.provenance.check")
    finally:
        sys.path.remove(str(root))


def compare(other: Path, stories: int, rounds: int, rng: random.Random, pool: list[str]) -> None:
    pairs = [(make_text(rng, pool, 800), make_text(rng, pool, 400)) for _ in range(stories)]
    modules = {"this checkout": load_package(ROOT), str(other): load_package(other)}
    for fresh, label in ((False, "source index prebuilt"), (True, "index built per story")):
        medians: dict[str, list[float]] = {name: [] for name in modules}
        for _ in range(rounds):
            for name, module in modules.items():
                medians[name].append(statistics.median(_time_pairs(module, pairs, fresh)))
        print(f"{label}: " + ", ".join(f"{name} best median {min(m):.2f} ms"
                                        for name, m in medians.items()))


def _time_pairs(module, pairs, fresh: bool) -> list[float]:
    timings = []
    for source, summary in pairs:
        module._index_cache.clear()
        if not fresh:
            module.source_index("src", source)
        start = time.process_time()
        module.check_summary(summary, {"src": source})
        timings.append((time.process_time() - start) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--against", type=Path, help="a directory holding generator/provenance")
    args = parser.parse_args()
    rng = random.Random(1234)
    pool = corpus_sentences()
    print(f"$ .venv/bin/python benchmarks/provenance_speed.py {' '.join(sys.argv[1:])}")
    if args.against:
        compare(args.against, args.stories // 2, max(args.rounds, 4), rng, pool)
        return
    time_stories(5, rng, pool, fresh=True)  # warm caches of stems and regexes
    print("check_summary, ~400-word summary vs ~800-word source, CPU time per story:")
    for fresh, label in ((False, "  source index prebuilt"), (True, "  index built per story")):
        seeds = [random.Random(100 + r) for r in range(args.rounds)]
        report(label, [time_stories(args.stories, seed, pool, fresh) for seed in seeds])
    seconds = time_batch(args.batch, rng, pool)
    print(f"verify_jsonl: {args.batch} summaries (80 words, 500-word sources) "
          f"in {seconds:.1f} s wall")


if __name__ == "__main__":
    main()
