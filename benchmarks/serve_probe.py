"""What `mkdocs serve` does on each change, timed, in one process as serve keeps it.

    python benchmarks/serve_probe.py PROJECT STORY_FILE RUNS

Prints JSON: {"plugin": [...], "full": [...]}: seconds after each one-story edit of
- plugin: a fresh config and plugin, then on_config + on_pre_build (Newsbrief's whole share);
- full: the whole rebuild `mkdocs serve --dirty` runs (MkDocs' build with dirty=True into one
  folder that persists between rebuilds, as serve's does), which is what the browser waits for.
The first, untimed build of each warms the process the way serve's initial build does.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


def plugin_rebuild(project: Path) -> float:
    config = load_config(str(project / "mkdocs.yml"))  # serve reloads the config and plugins every time
    plugin = config.plugins["newsbrief"]
    start = time.perf_counter()
    plugin.on_config(config)
    plugin.on_pre_build(config)
    return time.perf_counter() - start


def full_rebuild(project: Path, site: Path) -> float:
    start = time.perf_counter()
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)), dirty=True)
    return time.perf_counter() - start


def edits(story: Path, runs: int, rebuild) -> list[float]:
    rebuild()
    times = []
    for n in range(runs):
        story.write_text(story.read_text(encoding="utf-8").rstrip("\n") + f" Served edit {n}.\n", encoding="utf-8")
        times.append(rebuild())
    return times


def main(project: Path, story: Path, runs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="newsbrief-serve-") as site:
        return {"plugin": edits(story, runs, lambda: plugin_rebuild(project)),
                "full": edits(story, runs, lambda: full_rebuild(project, Path(site)))}


if __name__ == "__main__":
    import logging
    logging.disable(logging.WARNING)  # thousands of provenance warnings would be timed as logging
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))))
