"""The benchmark tools still run against the code they measure (they name its functions)."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
synth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synth)


def test_stages_times_every_stage_of_a_real_build_and_an_edit(tmp_path):
    synth.generate(12, tmp_path, seed=3, years=1)
    story = sorted((tmp_path / "content" / "stories").glob("*.md"))[5]
    before = story.read_text(encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "stages.py"), "--runs", "2", "--edit", str(story)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    rows = {line.split("|")[1].strip(): float(line.split("|")[2]) for line in out.stdout.splitlines()
            if line.startswith("| ") and not line.startswith("| stage")}
    for stage in ("imports", "load_corpus", "check_provenance", "plan_outputs", "write_incrementally", "process"):
        assert stage in rows and rows[stage] > 0, (stage, out.stdout)
    assert rows["process"] >= rows["whole build (in process)"] >= rows["plan_outputs"]
    assert story.read_text(encoding="utf-8").startswith(before.rstrip("\n"))  # edited twice, by appending
    assert story.read_text(encoding="utf-8").count("Edited for stage run") == 2
    assert (tmp_path / "site" / "index.html").is_file()  # the build really ran
