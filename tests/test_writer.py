"""The writer: all or nothing, unchanged files untouched, nothing outside site/ touched, kills survived."""
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import writer
from generator.errors import BuildFailed
from generator.render import Output
from generator.writer import recover, siblings, write_site
from sitekit import ROOT, front, write_site as write_project


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def outputs(version: str, n: int = 30) -> list[Output]:
    """Version 'a' and 'b' share every third file; each also has files of its own."""
    same = [Output(f"same/{i}/index.html", f"same {i}".encode()) for i in range(0, n, 3)]
    own = [Output(f"{version}/{i}.html", f"{version} {i}".encode() * 50) for i in range(n)]
    return [Output("index.html", f"home {version}".encode())] + same + own


def test_first_write_then_unchanged_files_keep_their_inode(tmp_path):
    site = tmp_path / "site"
    assert write_site(outputs("a"), site) == writer.WriteReport(41, 0, 0)
    inode = (site / "same/0/index.html").stat().st_ino
    report = write_site(outputs("b"), site)
    assert report == writer.WriteReport(31, 10, 30)
    assert (site / "same/0/index.html").stat().st_ino == inode, "an unchanged file must not be rewritten"
    assert snapshot(site) == {o.path: o.data for o in outputs("b")}
    assert sorted(os.listdir(tmp_path)) == ["site"], "no staging or retired folder is left behind"


def test_stale_files_go_but_deploy_files_and_hidden_folders_stay(tmp_path):
    site = tmp_path / "site"
    write_site(outputs("a"), site)
    (site / "CNAME").write_text("news.example.org")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages")
    (site / "stale.html").write_text("old")
    write_site(outputs("a"), site)
    assert (site / "CNAME").read_text() == "news.example.org"
    assert (site / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages"
    assert not (site / "stale.html").exists()


@pytest.mark.parametrize("bad", [
    [Output("a.html", b"1"), Output("a.html", b"2")],
    [Output("../escape.html", b"x")],
    [Output("/etc/escape.html", b"x")],
    [Output("a\\..\\b.html", b"x")],
    [Output("a", b"file"), Output("a/b.html", b"under it")],
])
def test_bad_output_paths_write_nothing(tmp_path, bad):
    site = tmp_path / "project" / "site"
    write_site(outputs("a"), site)
    before = snapshot(tmp_path)
    with pytest.raises(BuildFailed):
        write_site(outputs("b") + bad, site)
    assert snapshot(tmp_path) == before


def test_a_failure_mid_write_leaves_the_old_site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    write_site(outputs("a"), site)
    before = snapshot(site)
    calls = []

    def failing(old, data):
        calls.append(old)
        if len(calls) == 20:
            raise OSError(28, "No space left on device", str(old))
        return False

    monkeypatch.setattr(writer, "_same_file", failing)
    with pytest.raises(BuildFailed) as failure:
        write_site(outputs("b"), site)
    assert "cannot write the site: No space left on device" in failure.value.diagnostics[0].format()
    assert snapshot(site) == before
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_without_an_atomic_exchange_two_renames_do_the_swap(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "_exchange", lambda a, b: False)  # macOS, Windows, old kernels
    site = tmp_path / "site"
    write_site(outputs("a"), site)
    write_site(outputs("b"), site)
    assert snapshot(site) == {o.path: o.data for o in outputs("b")}
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_recover_undoes_or_finishes_a_half_done_swap(tmp_path):
    site = tmp_path / "site"
    staging, retired = siblings(site)
    retired.mkdir()
    (retired / "index.html").write_text("old")
    staging.mkdir()
    (staging / "index.html").write_text("new, half")
    recover(site)  # killed between site -> retired and staging -> site: the old site comes back
    assert snapshot(site) == {"index.html": b"old"} and not staging.exists() and not retired.exists()
    retired.mkdir()
    (retired / "index.html").write_text("older")
    recover(site)  # killed after the swap, before the clean-up: the new site stays
    assert snapshot(site) == {"index.html": b"old"} and not retired.exists()


def test_symlinks_in_the_old_site_are_never_followed(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_bytes(b"home a")
    site = tmp_path / "site"
    write_site(outputs("a"), site)
    (site / "index.html").unlink()
    (site / "index.html").symlink_to(outside)  # same bytes as the output: must still not be linked
    write_site(outputs("a"), site)
    assert not (site / "index.html").is_symlink()
    assert outside.read_bytes() == b"home a"


def test_a_foreign_folder_is_not_replaced(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "thesis.tex").write_text("years of work")
    with pytest.raises(BuildFailed) as failure:
        write_site(outputs("a"), site)
    assert "no index.html" in failure.value.diagnostics[0].message
    assert (site / "thesis.tex").read_text() == "years of work"


def test_a_file_where_the_site_should_be_is_not_replaced(tmp_path):
    (tmp_path / "site").write_text("notes")
    with pytest.raises(BuildFailed):
        write_site(outputs("a"), tmp_path / "site")
    assert (tmp_path / "site").read_text() == "notes"


def test_a_symlinked_site_folder_is_replaced_where_it_lives(tmp_path):
    real = tmp_path / "www"
    (tmp_path / "site").symlink_to(real, target_is_directory=True)
    write_site(outputs("a"), tmp_path / "site")
    write_site(outputs("b"), tmp_path / "site")
    assert (tmp_path / "site").is_symlink()
    assert snapshot(real) == {o.path: o.data for o in outputs("b")}


# --- Really killing builds ------------------------------------------------------------------------

SLOW_WRITER = """
import sys, time
import generator.writer as w
started = []
def slowly(original):
    def slow(*args):
        if not started:
            started.append(1)
            print("writing", flush=True)
        time.sleep(0.002)
        return original(*args)
    return slow
w._put, w._link_or_copy = slowly(w._put), slowly(w._link_or_copy)
from generator.cli import main
sys.exit(main(["build"]))
"""


def _story(i: int, headline: str) -> str:
    return front({"title": f"{headline} {i}", "date": f"2024-01-{1 + i % 28:02d}", "sources": [{"ref": "a"}],
                  "tags": [f"topic {i % 7}"]}, f"Story {i} says the council met on Monday.\n")


def _project(tmp_path: Path, headline: str, n: int = 40) -> Path:
    files = {"sources/a.md": front({"title": "Council", "publisher": "Gazette"}, "The council met on Monday.\n")}
    files.update({f"stories/s{i}.md": _story(i, headline) for i in range(n)})
    return write_project(tmp_path, files)


def _start_build(root: Path) -> subprocess.Popen:
    """Start `newsbrief build` with a slowed writer; return once it has begun writing."""
    log = open(root / "build.log", "w")
    process = subprocess.Popen([sys.executable, "-c", SLOW_WRITER], cwd=root, stdout=subprocess.PIPE, stderr=log,
                               text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    log.close()
    line = process.stdout.readline().strip()
    assert line == "writing", (root / "build.log").read_text()[-2000:]
    return process


def test_sigkill_mid_write_leaves_old_or_new_site_never_a_mixture(tmp_path):
    root = _project(tmp_path, "Old headline")
    assert subprocess.run([sys.executable, "-m", "generator.cli", "build"], cwd=root, capture_output=True).returncode == 0
    versions = {"old": snapshot(root / "site")}
    _project(tmp_path, "New headline")  # every page changes
    process = _start_build(root)
    started = time.monotonic()
    assert process.wait(timeout=120) == 0
    write_time = time.monotonic() - started
    versions["new"] = snapshot(root / "site")
    assert versions["new"] != versions["old"]
    headlines = {"old": "Old headline", "new": "New headline"}
    rng, current, kept = random.Random(7), "new", 0
    for _ in range(6):
        target = "old" if current == "new" else "new"
        _project(tmp_path, headlines[target])
        process = _start_build(root)
        time.sleep(rng.uniform(0, write_time * 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = snapshot(root / "site")
        assert state in (versions["old"], versions["new"]), "a killed build left a mixture of two sites"
        kept += state == versions[current]
        current = "old" if state == versions["old"] else "new"
    assert kept, "no kill landed mid-write"
    staging, retired = siblings(root / "site")
    recover(root / "site")
    assert not staging.exists() and not retired.exists()
