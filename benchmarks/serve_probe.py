"""What `mkdocs serve` does on each change, timed: a fresh config and plugin, then on_pre_build.

    python benchmarks/serve_probe.py PROJECT STORY_FILE RUNS

Prints a JSON list: seconds of on_config + on_pre_build after each one-story edit (the first,
untimed build warms the process the way `mkdocs serve`'s initial build does).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from mkdocs.config import load_config


def rebuild(project: Path) -> float:
    config = load_config(str(project / "mkdocs.yml"))  # serve reloads the config and plugins every time
    plugin = config.plugins["newsbrief"]
    start = time.perf_counter()
    plugin.on_config(config)
    plugin.on_pre_build(config)
    return time.perf_counter() - start


def main(project: Path, story: Path, runs: int) -> list[float]:
    rebuild(project)
    times = []
    for n in range(runs):
        story.write_text(story.read_text(encoding="utf-8").rstrip("\n") + f" Served edit {n}.\n", encoding="utf-8")
        times.append(rebuild(project))
    return times


if __name__ == "__main__":
    import logging
    logging.disable(logging.WARNING)  # thousands of provenance warnings would be timed as logging
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))))
