"""The writer: all or nothing, unchanged files untouched, nothing outside site/ touched, kills survived."""
import fcntl
import json
import multiprocessing
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import writer
from generator.errors import BuildFailed
from generator.render import Output
from generator.writer import JOURNAL, Staging, recover, siblings, write_site, write_site_with_manifest
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


# --- A manifest, and small changes applied in place ------------------------------------------------

def lstat_records(site: Path, manifest: dict) -> dict:
    """The manifest as lstat sees site/ now (digests taken from the file bytes)."""
    result = {}
    for path in manifest:
        info = os.lstat(site / path)
        result[path] = writer.FileRecord(writer.digest((site / path).read_bytes()), info.st_size,
                                         info.st_mtime_ns, info.st_ino)
    return result


def inodes(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def test_with_a_manifest_unchanged_files_are_not_read_and_hand_edits_are_caught(tmp_path, monkeypatch):
    site = tmp_path / "site"
    _, manifest = write_site_with_manifest(outputs("a"), site)
    (site / "a/3.html").write_bytes(b"edited by hand, other size")
    (site / "a/4.html").write_bytes((site / "a/4.html").read_bytes().upper())  # same size...
    os.utime(site / "a/4.html", ns=(1, 1))  # ...and a different mtime
    compared, read = [], []
    original_same, original_read = writer._same_file, Path.read_bytes
    monkeypatch.setattr(writer, "_same_file", lambda old, data: compared.append(old) or original_same(old, data))
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or original_read(self))
    report, manifest = write_site_with_manifest(outputs("a"), site, manifest=manifest)
    assert report == writer.WriteReport(2, 39, 0)
    assert sorted(p.relative_to(site).as_posix() for p in compared) == ["a/3.html", "a/4.html"]
    assert [p.relative_to(site).as_posix() for p in read] == ["a/4.html"]  # a/3.html: size differs, not read
    monkeypatch.setattr(Path, "read_bytes", original_read)
    assert snapshot(site) == {o.path: o.data for o in outputs("a")}
    assert manifest == lstat_records(site, manifest)


def test_a_small_change_renames_only_the_changed_files_into_place(tmp_path, monkeypatch):
    site = tmp_path / "site"
    _, manifest = write_site_with_manifest(outputs("a"), site)
    (site / ".git").mkdir()  # a gh-pages worktree: its CNAME is GitHub's, not ours
    (site / "CNAME").write_text("news.example.org")
    before = inodes(site)
    new = [o for o in outputs("a") if o.path not in ("a/5.html", "same/3/index.html")]
    new[0] = Output("index.html", b"home, edited")
    new.append(Output("fresh/page/index.html", b"new"))
    monkeypatch.setattr(writer, "_swap", lambda *args: pytest.fail("a small change must not swap folders"))
    report, manifest = write_site_with_manifest(new, site, manifest=manifest)
    assert report == writer.WriteReport(2, 38, 2)
    assert snapshot(site) == {**{o.path: o.data for o in new}, "CNAME": b"news.example.org"}
    after = inodes(site)
    assert {p for p in after if after[p] != before.get(p)} == {"index.html", "fresh/page/index.html"}
    assert not (site / "same/3").exists(), "a folder emptied by a removal goes too"
    assert sorted(os.listdir(tmp_path)) == ["site"]
    assert manifest == lstat_records(site, manifest) and set(manifest) == {o.path for o in new}
    again, _ = write_site_with_manifest(new, site, manifest=manifest)
    assert again == writer.WriteReport(0, 40, 0) and inodes(site) == after


def test_a_changeset_turns_files_into_folders_and_back(tmp_path):
    site = tmp_path / "site"
    base = [Output("index.html", b"home")]
    _, manifest = write_site_with_manifest(base + [Output("x", b"file"), Output("y/index.html", b"in y")], site)
    _, manifest = write_site_with_manifest(base + [Output("x/index.html", b"in x"), Output("y", b"file")], site,
                                           manifest=manifest)
    assert snapshot(site) == {"index.html": b"home", "x/index.html": b"in x", "y": b"file"}
    assert manifest == lstat_records(site, manifest)


def test_a_large_change_still_swaps_with_the_same_result(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "CHANGESET_LIMIT", 5)
    swaps = []
    original = writer._swap
    monkeypatch.setattr(writer, "_swap", lambda *args: swaps.append(1) or original(*args))
    site, plain = tmp_path / "one" / "site", tmp_path / "two" / "site"
    _, manifest = write_site_with_manifest(outputs("a"), site)
    write_site(outputs("a"), plain)
    for folder in (site, plain):
        (folder / "stray.html").write_text("put here by hand")
    inode = (site / "same/0/index.html").stat().st_ino
    swaps.clear()
    report, manifest = write_site_with_manifest(outputs("b"), site, manifest=manifest)
    assert swaps and report == writer.WriteReport(31, 10, 31)
    assert report == write_site(outputs("b"), plain)
    assert snapshot(site) == snapshot(plain) == {o.path: o.data for o in outputs("b")}
    assert (site / "same/0/index.html").stat().st_ino == inode
    assert manifest == lstat_records(site, manifest)


def test_a_changeset_leaves_stray_files_until_the_next_swap(tmp_path, monkeypatch):
    site = tmp_path / "site"
    _, manifest = write_site_with_manifest(outputs("a"), site)
    (site / "stray.html").write_text("put here by hand")
    report, manifest = write_site_with_manifest(outputs("a"), site, manifest=manifest)
    assert report == writer.WriteReport(0, 41, 0) and (site / "stray.html").exists()
    monkeypatch.setattr(writer, "CHANGESET_LIMIT", 0)
    (site / "index.html").write_text("edited by hand")
    report, manifest = write_site_with_manifest(outputs("a"), site, manifest=manifest)
    assert report == writer.WriteReport(1, 40, 1) and not (site / "stray.html").exists()


def test_a_changeset_never_goes_through_a_symlinked_folder(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "0.html").write_bytes(b"not ours")
    site = tmp_path / "site"
    _, manifest = write_site_with_manifest(outputs("a"), site)
    shutil.rmtree(site / "a")
    (site / "a").symlink_to(outside, target_is_directory=True)
    write_site_with_manifest(outputs("a")[:-1], site, manifest=manifest)  # a/29.html removed, a/0.html changed
    assert (outside / "0.html").read_bytes() == b"not ours" and os.listdir(outside) == ["0.html"]
    assert not (site / "a").is_symlink() and snapshot(site) == {o.path: o.data for o in outputs("a")[:-1]}


def _stage_half_applied_changeset(site: Path, journal: bool) -> None:
    write_site([Output("index.html", b"old home"), Output("gone/index.html", b"old"), Output("keep.html", b"k")], site)
    staging, _ = siblings(site)
    (staging / "new").mkdir(parents=True)
    (staging / "new/index.html").write_bytes(b"new page")
    (site / "index.html").unlink()  # killed after this rename: "index.html" already in place...
    (site / "index.html").write_bytes(b"new home")  # ...and no longer in staging
    if journal:
        (staging / JOURNAL).write_text(json.dumps({"changed": ["index.html", "new/index.html"],
                                                   "removed": ["gone/index.html"]}))


def test_recover_rolls_a_journal_forward(tmp_path):
    site = tmp_path / "site"
    _stage_half_applied_changeset(site, journal=True)
    recover(site)
    assert snapshot(site) == {"index.html": b"new home", "new/index.html": b"new page", "keep.html": b"k"}
    assert sorted(os.listdir(tmp_path)) == ["site"]
    recover(site)  # nothing left to do
    assert snapshot(site) == {"index.html": b"new home", "new/index.html": b"new page", "keep.html": b"k"}


TORN, ESCAPING = '{"changed": ["new/index', json.dumps({"changed": ["../x"], "removed": []})


@pytest.mark.parametrize("journal", [None, TORN, ESCAPING], ids=["none", "torn", "escaping"])
def test_recover_discards_staging_without_a_complete_journal(tmp_path, journal):
    site = tmp_path / "site"
    _stage_half_applied_changeset(site, journal=False)
    if journal is not None:
        (siblings(site)[0] / JOURNAL).write_text(journal)
    before = snapshot(site)
    recover(site)
    assert snapshot(site) == before and sorted(os.listdir(tmp_path)) == ["site"]


def test_records_vouched_for_before_a_roll_forward_are_refused(tmp_path):
    """A caller that trusts last build's records before open() must not commit over a rolled-forward kill."""
    site = tmp_path / "site"
    _, manifest = write_site_with_manifest(outputs("a"), site)
    staging, _ = siblings(site)
    (staging / "a").mkdir(parents=True)
    (staging / "a/0.html").write_bytes(b"from the killed build")
    (staging / JOURNAL).write_text(json.dumps({"changed": ["a/0.html"], "removed": []}))
    records = dict(manifest)  # "nothing changed", decided before open()
    build = Staging(site, manifest).open()  # recover() rolls the killed build forward
    with pytest.raises(BuildFailed) as failure:
        build.commit(records, set())
    assert "a/0.html: site_dir: changed on disk during the build" in failure.value.diagnostics[0].format()
    assert sorted(os.listdir(tmp_path)) == ["site"]
    report, _ = write_site_with_manifest(outputs("a"), site, manifest=manifest)  # the next build redoes it
    assert report == writer.WriteReport(1, 40, 0) and snapshot(site) == {o.path: o.data for o in outputs("a")}


_WORKER_STAGING = None


def _put_in_worker(output: Output):
    return output.path, _WORKER_STAGING.put(output.path, output.data)


def test_forked_workers_put_files_and_the_parent_commits(tmp_path, monkeypatch):
    site = tmp_path / "site"
    _, manifest = write_site_with_manifest(outputs("a"), site)
    before = inodes(site)
    staging = Staging(site, manifest).open()
    monkeypatch.setattr(sys.modules[__name__], "_WORKER_STAGING", staging)
    with multiprocessing.get_context("fork").Pool(3) as pool:  # workers inherit the lock; they outlive commit
        results = pool.map(_put_in_worker, outputs("b"))
        records = {path: record for path, (record, _) in results}
        changed = {path for path, (_, written) in results if written}
        report, manifest = staging.commit(records, changed)
        fd = os.open(tmp_path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released although the workers still hold it
        finally:
            os.close(fd)
    assert report == writer.WriteReport(31, 10, 30)
    assert snapshot(site) == {o.path: o.data for o in outputs("b")}
    assert inodes(site)["same/0/index.html"] == before["same/0/index.html"]
    assert manifest == lstat_records(site, manifest)
    staging.abort()  # idempotent, and harmless after commit
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_a_failed_put_is_reported_and_abort_cleans_up(tmp_path):
    site = tmp_path / "site"
    write_site(outputs("a"), site)
    staging = Staging(site).open()
    staging.put("a/0.html", b"changed")
    with pytest.raises(BuildFailed):
        staging.put("a/0.html", b"twice")  # the staged file exists: never overwritten
    with pytest.raises(BuildFailed):
        staging.put("../escape.html", b"x")
    staging.abort()
    staging.abort()
    assert snapshot(site) == {o.path: o.data for o in outputs("a")}
    assert sorted(os.listdir(tmp_path)) == ["site"]


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
w._put, w._link_or_copy, w._make_folders = slowly(w._put), slowly(w._link_or_copy), slowly(w._make_folders)
w.CHANGESET_LIMIT = int(sys.argv[1])
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


def _start_build(root: Path, limit: int) -> subprocess.Popen:
    """Start `newsbrief build` with a slowed writer; return once it has begun writing."""
    log = open(root / "build.log", "w")
    process = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(limit)], cwd=root, stdout=subprocess.PIPE,
                               stderr=log, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    log.close()
    line = process.stdout.readline().strip()
    assert line == "writing", (root / "build.log").read_text()[-2000:]
    return process


@pytest.mark.parametrize("limit", [0, writer.CHANGESET_LIMIT], ids=["swap", "changeset"])
def test_sigkill_mid_write_leaves_old_or_new_site_never_a_mixture(tmp_path, limit):
    """A swap is atomic by itself; a changeset is once the next build's recover() has rolled it forward."""
    root = _project(tmp_path, "Old headline")
    assert subprocess.run([sys.executable, "-m", "generator.cli", "build"], cwd=root, capture_output=True).returncode == 0
    versions = {"old": snapshot(root / "site")}
    _project(tmp_path, "New headline")  # every page changes
    process = _start_build(root, limit)
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
        process = _start_build(root, limit)
        time.sleep(rng.uniform(0, write_time * 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if limit:
            recover(root / "site")  # what the next build does first
        state = snapshot(root / "site")
        assert state in (versions["old"], versions["new"]), "a killed build left a mixture of two sites"
        kept += state == versions[current]
        current = "old" if state == versions["old"] else "new"
    assert kept, "no kill landed mid-write"
    staging, retired = siblings(root / "site")
    recover(root / "site")
    assert not staging.exists() and not retired.exists()


SLOW_CHANGESET = """
import pickle, sys, time
import generator.writer as w
outputs, manifest = pickle.load(open(sys.argv[1], "rb"))
original = w._make_folders
def slow(*args):  # called once per changed file, after the journal is complete
    if not getattr(slow, "started", False):
        slow.started = True
        print("applying", flush=True)
    time.sleep(0.02)
    return original(*args)
w._make_folders = slow
w.write_site(outputs, sys.argv[2], manifest=manifest)
"""


def test_sigkill_mid_changeset_is_rolled_forward_by_the_next_build(tmp_path):
    site = tmp_path / "site"
    _, manifest = write_site_with_manifest(outputs("a"), site)
    for before, after in (("a", "b"), ("b", "a")):
        (tmp_path / "job").write_bytes(pickle.dumps((outputs(after), manifest)))
        process = subprocess.Popen([sys.executable, "-c", SLOW_CHANGESET, str(tmp_path / "job"), str(site)],
                                   stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert process.stdout.readline().strip() == "applying"
        time.sleep(0.3)  # 31 changed files at 20 ms each: well inside the window
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
        assert snapshot(site) not in ({o.path: o.data for o in outputs(v)} for v in (before, after)), \
            "the kill should have landed mid-apply"
        staging = Staging(site).open()  # the next build: recover() finishes the changeset
        staging.abort()
        assert snapshot(site) == {o.path: o.data for o in outputs(after)}
        assert sorted(os.listdir(tmp_path)) == ["job", "site"]
        manifest = lstat_records(site, {o.path: None for o in outputs(after)})


def test_a_build_that_fails_on_its_content_still_finishes_a_killed_build(tmp_path):
    """A build killed mid-changeset left site/ part old, part new; the next build failed on a bad story, said
    "site/ left as it was", and left that mixture in place."""
    (tmp_path / "p").mkdir()
    project = write_project(tmp_path / "p", {"stories/bad.md": "---\ntitle: x\ndate: never\n---\nText.\n"})
    site = project / "site"
    _stage_half_applied_changeset(site, journal=True)
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build"], cwd=project, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1 and "left as it was" in result.stderr
    assert snapshot(site) == {"index.html": b"new home", "new/index.html": b"new page", "keep.html": b"k"}
    assert not any(p.name.startswith(".site.nb") for p in project.iterdir())


def test_a_cname_the_build_no_longer_makes_goes_even_without_a_record(tmp_path):
    """A custom domain removed from the settings stayed published when no record of the build that wrote it
    was left (after a `mkdocs build`, or a cleared cache): only a gh-pages worktree's CNAME is someone else's."""
    site = tmp_path / "site"
    write_site(outputs("a") + [Output("CNAME", b"news.example.org\n")], site)
    write_site(outputs("a"), site)  # no manifest: the swap path
    assert not (site / "CNAME").exists()


def _chattr(flag: str, path: Path) -> bool:
    return shutil.which("chattr") is not None and subprocess.run(["chattr", flag, str(path)],
                                                                 capture_output=True).returncode == 0


def test_a_small_change_into_a_folder_that_cannot_be_changed_swaps_instead(tmp_path):
    """An immutable (or read-only) folder stopped a changeset part way: site/ was left part old, part new
    while the build said "left as it was". Such a change is swapped in whole instead."""
    site = tmp_path / "site"
    _, manifest = write_site_with_manifest(outputs("a"), site)
    if not _chattr("+i", site / "same/3"):
        pytest.skip("chattr +i needs root and a file system that supports it")
    try:
        new = [Output(o.path, o.data + b" edited") if o.path in ("index.html", "same/3/index.html") else o
               for o in outputs("a")]
        report, _ = write_site_with_manifest(new, site, manifest=manifest)
        assert report.written == 2 and snapshot(site) == {o.path: o.data for o in new}
    finally:  # the immutable folder is in site/, or in the old site the swap retired
        for folder in (site / "same/3", siblings(site)[1] / "same/3"):
            if folder.exists():
                _chattr("-i", folder)


def test_a_changeset_that_fails_part_way_says_the_site_changed(tmp_path, monkeypatch):
    site = tmp_path / "site"
    _, manifest = write_site_with_manifest(outputs("a"), site)
    new = [Output(o.path, o.data + b" edited") if o.path.startswith("a/") else o for o in outputs("a")]
    real, calls = os.replace, []

    def full_disk(src, dst, *args, **kwargs):
        if str(dst).startswith(str(site) + "/a/"):
            calls.append(dst)
            if len(calls) >= 3:
                raise OSError(28, "No space left on device", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(writer.os, "replace", full_disk)
    with pytest.raises(BuildFailed) as failure:
        write_site_with_manifest(new, site, manifest=manifest)
    assert failure.value.site_changed, "site/ holds part of the new build: the message must not say otherwise"
    monkeypatch.setattr(writer.os, "replace", real)
    writer.finish_interrupted(site)  # the next build finishes it
    assert snapshot(site) == {o.path: o.data for o in new}


def test_a_build_inside_a_held_lock_of_its_own_folder_does_not_wait_for_itself(tmp_path):
    """`mkdocs build -d /tmp/out` of a read-only project: the plugin holds the lock of /tmp while the pipeline
    builds into a temporary folder of /tmp, whose lock is the same one. It waited for itself forever."""
    held = writer.lock_folder(tmp_path)
    try:
        write_site(outputs("a"), tmp_path / "site")  # would block here
    finally:
        writer.unlock_folder(held)
    assert snapshot(tmp_path / "site") == {o.path: o.data for o in outputs("a")}
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # both holds released
    finally:
        os.close(fd)
