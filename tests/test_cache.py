"""The build cache: right or absent, never an error; and the process pool that fills it."""
import io
import os
import time
from pathlib import Path

import pytest

from generator import cache, progress, storywork
from generator.build import build
from generator.cache import BuildCache, DocumentReader, Table, digest, open_cache
from generator.config import load_config
from generator.errors import BuildFailed, error
from generator.progress import Background, Progress, pool_map, pool_stream
from sitekit import ROOT, front, write_site


def test_digest_keeps_parts_apart():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("x") == digest(b"x") and len(digest("x")) == 32


def test_table_round_trip_through_disk(tmp_path):
    table = Table(tmp_path, "t", "v1")
    table.put(digest(1), {"a": (1, 2)})
    table.save()
    again = Table(tmp_path, "t", "v1")
    assert again.get(digest(1)) == {"a": (1, 2)} and again.hits == 1
    assert again.get(digest(2)) is None and again.misses == 1


def test_other_code_version_reads_as_empty(tmp_path):
    table = Table(tmp_path, "t", "v1")
    table.put(digest(1), "old")
    table.save()
    assert Table(tmp_path, "t", "v2").get(digest(1)) is None


@pytest.mark.parametrize("damage", [b"", b"SQLite format 3\x00garbage", b"not a database at all" * 100])
def test_corrupt_database_reads_as_empty_and_is_replaced(tmp_path, damage):
    table = Table(tmp_path, "t", "v1")
    table.put(digest(1), "value")
    table.save()
    table.store.close()
    (tmp_path / cache.DATABASE).write_bytes(damage)
    again = Table(tmp_path, "t", "v1")
    assert again.get(digest(1)) is None
    again.put(digest(2), "new")
    again.save()
    assert Table(tmp_path, "t", "v1").get(digest(2)) == "new"


def test_a_damaged_value_reads_as_missing(tmp_path):
    table = Table(tmp_path, "t", "v1")
    table.put(digest(1), "value")
    table.put(digest(2), "other")
    table.save()
    table.store.run("UPDATE entries SET value = ? WHERE key = ?", [b"\x80\x05K\x01.", digest(1)])
    table.store.run("UPDATE entries SET value = ? WHERE key = ?", [b"\x80\x05garbage", digest(2)])
    again = Table(tmp_path, "t", "v1")
    assert again.get(digest(2)) is None


def test_unwritable_cache_folder_is_no_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    table = Table(blocker / "cache", "t", "v1")
    table.put(digest(1), "value")
    table.save()  # nothing written, nothing raised
    assert Table(blocker / "cache", "t", "v1").get(digest(1)) is None


def test_save_keeps_only_entries_this_build_used(tmp_path):
    table = Table(tmp_path, "t", "v1")
    for i in range(40):
        table.put(digest(i), i)
    table.save()
    table = Table(tmp_path, "t", "v1")
    table.put(digest("new"), "n")
    [table.get(digest(i)) for i in range(5)]
    table.save()
    table = Table(tmp_path, "t", "v1")
    assert table.get(digest(0)) == 0 and table.get(digest("new")) == "n"
    assert sum(table.get(digest(i)) is not None for i in range(40)) == 5


def test_disabled_cache_remembers_nothing(tmp_path):
    off = open_cache(tmp_path, enabled=False)
    off.table("x").put(digest(1), 1)
    off.save()
    assert not (tmp_path / cache.FOLDER).exists()


def test_document_reader_trusts_only_settled_files(tmp_path, monkeypatch):
    path = tmp_path / "a.md"
    path.write_text(front({"title": "A"}, "Body.\n"), encoding="utf-8")
    reader = DocumentReader(Table(None, "documents", "v"))
    raw, problems = reader(path, "a.md")
    assert raw.meta == {"title": "A"} and not problems
    assert not reader.table._new  # too fresh to trust
    monkeypatch.setattr(cache, "RACY_NS", 0)
    reader(path, "a.md")
    hits = reader.table.hits
    reader(path, "a.md")
    assert reader.table.hits == hits + 1 and reader.digests["a.md"] == digest(path.read_bytes())
    path.write_text(front({"title": "B"}, "Body.\n"), encoding="utf-8")
    os.utime(path, ns=(time.time_ns() + 10**10,) * 2)
    assert reader(path, "a.md")[0].meta == {"title": "B"}


def test_unreadable_document_is_reported_not_cached(tmp_path):
    reader = DocumentReader(Table(None, "documents", "v"))
    raw, problems = reader(tmp_path / "missing.md", "missing.md")
    assert raw is None and "cannot read file" in problems[0].format()


def test_primed_documents_read_as_one_at_a_time_and_are_cached(tmp_path, monkeypatch):
    """A first build parses its documents in forked workers (prime); what each call then returns is what an
    unprimed reader returns, problems and all, and settled files are cached as usual."""
    monkeypatch.setattr(progress, "PARALLEL_MIN", 2)
    monkeypatch.setattr(cache, "RACY_NS", 0)
    texts = {"good.md": front({"title": "Good"}, "Body.\n"), "bad.md": "---\ntitle: [unclosed\n---\nBody.\n",
             "nul.md": "---\ntitle: x\n---\n\x00\n", "plain.md": "No front matter.\n"}
    paths = []
    for name, text in texts.items():
        paths.append(tmp_path / name)
        paths[-1].write_text(text, encoding="utf-8")
    paths.append(tmp_path / "missing.md")
    parse = lambda raw: (raw.meta, [])
    plain = DocumentReader(Table(None, "documents", "v"))
    pids = []
    mapper = lambda fn, items: pool_map(lambda item: (fn(item), os.getpid()), items, workers=2)
    primed = DocumentReader(Table(None, "documents", "v"),
                            lambda fn, items: [r for r, pid in mapper(fn, items) if not pids.append(pid)])
    primed.prime(paths, lambda p: p.name, parse, "salt")
    assert pids and os.getpid() not in pids  # parsed in the workers
    expected = [repr(plain(path, path.name, parse, "salt")) for path in paths]
    monkeypatch.setattr(cache, "read_limited", lambda *a: pytest.fail("read again after prime()"))
    assert [repr(primed(path, path.name, parse, "salt")) for path in paths] == expected
    assert primed.digests == plain.digests
    assert len(primed.table._new) == len(plain.table._new) == 4  # every file that could be read: cached as usual


def _site(tmp_path: Path) -> Path:
    files = {"sources/s1.md": front({"title": "Report", "publisher": "Wire"}, "Prices rose by 5 percent in May.\n"),
             "stories/a.md": front({"title": "Prices", "date": "2024-05-01", "sources": [{"ref": "s1"}]},
                                   "Prices rose by 5 percent in May.\n")}
    return write_site(tmp_path, files)


def test_second_build_takes_summaries_and_provenance_from_the_cache(tmp_path, monkeypatch):
    project = _site(tmp_path)
    config, _ = load_config(project / "mkdocs.yml")
    first = build(config, write=False)
    warm = BuildCache(project / cache.FOLDER, config.templates_path)

    def recheck(*args):
        raise AssertionError("provenance checked again")
    monkeypatch.setattr(storywork, "check_story", recheck)
    second = build(config, write=False, cache=warm)
    # the warnings, the summary and the source page's marks all come from the cache, not from the results
    assert warm.table("texts").hits == 1 and warm.table("provenance").misses == 0
    assert "<mark data-ev=" in next(o.data.decode() for o in second.outputs if o.path.startswith("sources/"))
    assert [(o.path, o.data) for o in first.outputs] == [(o.path, o.data) for o in second.outputs]


def test_pool_map_keeps_order_in_forked_workers(monkeypatch):
    monkeypatch.setattr(progress, "PARALLEL_MIN", 2)
    offset = 10  # a closure: workers are forked, so nothing needs pickling but the results
    assert pool_map(lambda x: (x + offset, os.getpid()), range(50), workers=2)[49][0] == 59
    pids = {pid for _, pid in pool_map(lambda x: (x, os.getpid()), range(50), workers=2)}
    assert os.getpid() not in pids


def fail_on_seven(x):
    if x == 7:
        raise BuildFailed([error("templates/x.html", 3, "", "boom")])
    return x


def test_pool_map_raises_build_failed_with_its_diagnostics(monkeypatch):
    monkeypatch.setattr(progress, "PARALLEL_MIN", 2)
    with pytest.raises(BuildFailed) as caught:
        pool_map(fail_on_seven, range(20), workers=2)
    assert caught.value.diagnostics[0].format() == "templates/x.html:3: boom"


def test_pool_stream_yields_in_order_from_one_pool_as_results_come(monkeypatch):
    monkeypatch.setattr(progress, "PARALLEL_MIN", 2)
    stream = pool_stream(lambda x: (x * 2, os.getpid()), range(60), workers=2, chunk=4)
    first = next(stream)  # taken while later chunks are still being worked on
    rest = list(stream)
    assert [value for value, _ in [first] + rest] == [x * 2 for x in range(60)]
    pids = {pid for _, pid in [first] + rest}
    assert os.getpid() not in pids and len(pids) <= 2  # forked once for all sixty, not once per chunk


def test_pool_stream_raises_build_failed_and_runs_few_items_here(monkeypatch):
    monkeypatch.setattr(progress, "PARALLEL_MIN", 2)
    taken = []
    with pytest.raises(BuildFailed) as caught:
        taken.extend(pool_stream(fail_on_seven, range(20), workers=2, chunk=2))
    assert caught.value.diagnostics[0].format() == "templates/x.html:3: boom"
    assert [pid for pid in pool_stream(lambda x: os.getpid(), range(3), min_items=5, workers=2)] == [os.getpid()] * 3


def test_background_work_is_done_in_another_process_and_its_failure_named(monkeypatch):
    monkeypatch.setattr(progress, "cores", lambda: 2)
    data = {"site": "Harbour Times"}  # a closure over the parent's objects: the forked worker has them
    assert Background(lambda: (data["site"], os.getpid())).result()[0] == "Harbour Times"
    assert Background(lambda: os.getpid()).result() != os.getpid()

    def fail():
        raise BuildFailed([error("templates/404.html", 2, "", "boom")])
    with pytest.raises(BuildFailed) as caught:
        Background(fail).result()
    assert caught.value.diagnostics[0].format() == "templates/404.html:2: boom"
    unwanted = Background(lambda: 1)
    unwanted.close()  # a build that failed first: no worker is left behind
    monkeypatch.setattr(progress, "cores", lambda: 1)
    assert Background(lambda: os.getpid()).result() == os.getpid()  # one core: worked out here, when asked


def test_progress_is_silent_off_a_terminal_and_draws_on_one(monkeypatch):
    quiet = io.StringIO()
    Progress(quiet).stage("pages", 10)
    assert quiet.getvalue() == ""
    monkeypatch.setattr(progress, "BAR_AFTER", 0)
    shown = io.StringIO()
    bar = Progress(shown, enabled=True)
    bar.stage("pages", 4)
    bar.advance(4)
    bar.finish()
    assert "pages" in shown.getvalue() and "4/4" in shown.getvalue() and shown.getvalue().endswith("\r\x1b[K")


def test_fast_relative_url_agrees_with_posixpath_and_quote():
    import itertools
    import posixpath
    from urllib.parse import quote

    from generator.urls import relative_url
    paths = ["index.html", "tags/x/index.html", "tags/y/index.html", "stories/a/index.html", "page/2/index.html",
             "archive/2024/05/17/index.html", "archive/2024/05/index.html", "assets/style.css", "feed.xml",
             "tags/ünïcode tag/index.html", "a/../b/index.html", "a//b/index.html", "./c/index.html", "tags/x/"]
    for page, target in itertools.product(paths, paths):
        expected = quote(posixpath.relpath(target, posixpath.dirname(page) or "."), safe="/._-~")
        assert relative_url(page, target) == expected, (page, target)


def test_mkdocs_and_newsbrief_build_share_cache_entries(tmp_path):
    from generator.storywork import story_keys
    from generator.config import config_from_mapping
    from generator.index import build_index
    from generator.loader import load_corpus
    project = _site(tmp_path)
    cli_config, _ = load_config(project / "mkdocs.yml")
    import yaml
    mapping = yaml.safe_load((project / "mkdocs.yml").read_text())  # as MkDocs has it: folders made absolute
    mapping.update(docs_dir=str(project / "content"), site_dir=str(project / "site"))
    mkdocs_config, _ = config_from_mapping(mapping, project.resolve())
    keys = []
    for config in (cli_config, mkdocs_config):
        reader = DocumentReader(Table(None, "documents", "v"))
        corpus, _ = load_corpus(config, read=reader)
        keys.append(story_keys(build_index(corpus, config.tz), reader.digests, config))
    assert keys[0] == keys[1] and keys[0]


def test_older_cache_formats_are_removed_but_build_state_is_kept(tmp_path):
    for name in ("documents.00.pickle", "texts.15.pickle", "cache.sqlite", "cache-1.sqlite-journal",
                 "site-0123abcd.pickle"):
        (tmp_path / name).write_bytes(b"old")
    table = Table(tmp_path, "t", "v1")
    table.put(digest(1), "value")
    table.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([cache.DATABASE, "site-0123abcd.pickle"])


def test_workers_of_a_killed_build_die_with_it(tmp_path):
    """A killed build's workers held the project lock: the next build waited for them forever."""
    import signal
    import subprocess
    import sys
    import time
    script = tmp_path / "run.py"
    script.write_text(
        "import os, sys, time\n"
        "from generator import progress\n"
        "def job(x):\n"
        "    os.write(1, f\"{os.getpid()}\\n\".encode())  # one write: the two workers never interleave\n"
        "    time.sleep(60)\n"
        "progress.pool_map(job, range(8), workers=2, min_items=2)\n")
    run = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    workers = {int(run.stdout.readline()) for _ in range(2)}
    assert run.pid not in workers
    run.send_signal(signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 10
    while deadline > time.monotonic() and any(os.path.exists(f"/proc/{pid}") and
                                              open(f"/proc/{pid}/stat").read().split()[2] != "Z" for pid in workers):
        time.sleep(0.1)
    alive = [pid for pid in workers if os.path.exists(f"/proc/{pid}") and open(f"/proc/{pid}/stat").read().split()[2] != "Z"]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "workers outlived their build"
