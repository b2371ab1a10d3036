"""After any change, an incremental build (warm cache, old site/) equals a clean build, byte for byte."""
import datetime as dt
import importlib.util
import os
import re
import shutil
from pathlib import Path

import pytest

from generator import cache, progress
from generator.build import build
from generator.cache import open_cache
from generator.config import load_config
from sitekit import ROOT

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
_spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
synth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(synth)


def build_site(project: Path, cached: bool = True):
    config, problems = load_config(project / "mkdocs.yml")
    assert not problems
    result = build(config, now=NOW, cache=None if cached else open_cache(project, enabled=False))
    assert not result.failed, [d.format() for d in result.diagnostics if d.severity.is_error()][:5]
    return result


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_as_clean(project: Path, tmp_path: Path, result=None):
    """site/ equals a clean build's byte for byte; and the incremental build's warnings (provenance, links)
    are the clean build's."""
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    clean.mkdir()
    shutil.copy(project / "mkdocs.yml", clean / "mkdocs.yml")
    shutil.copytree(project / "content", clean / "content")
    fresh = build_site(clean, cached=False)
    if result is not None:
        assert sorted(d.format() for d in result.diagnostics) == sorted(d.format() for d in fresh.diagnostics)
    ours, theirs = site_files(project / "site"), site_files(clean / "site")
    assert sorted(ours) == sorted(theirs)
    assert [p for p in ours if ours[p] != theirs[p]] == []


def edit(path: Path, change) -> None:
    """Rewrite a file as an editor would; its mtime moves on even within one clock tick."""
    before = path.stat().st_mtime_ns
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    os.utime(path, ns=(before + 5_000_000_000, before + 5_000_000_000))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One synthetic site, built once (site/ and .cache/); each test changes a copy of it."""
    root = tmp_path_factory.mktemp("base") / "project"
    synth.generate(16, root, seed=7, years=1)
    config = root / "mkdocs.yml"  # topic and publisher pages of 2 stories: every change moves stories across pages
    config.write_text(re.sub(r"( +)per_page: (\d+)", r"\1per_page: \2\n\1topic_per_page: 2", config.read_text()))
    assert "topic_per_page: 2" in config.read_text()
    assert build_site(root).report.written > 0
    return root


@pytest.fixture
def project(built, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "RACY_NS", 0)  # trust every stat, so the document cache is exercised too
    root = tmp_path / "project"
    shutil.copytree(built, root)
    first = build_site(root)  # copied files have new inodes: made once again, then the state is exact
    assert first.made > 0 and build_site(root).made == 0, "a second build with nothing changed made outputs"
    return root


def stories(project: Path) -> list[Path]:
    return sorted((project / "content" / "stories").glob("*.md"))


def test_no_change_rebuild_writes_nothing_and_hits_the_cache(project, tmp_path):
    build_site(project)  # a copied file has a new inode: this build parses again and remembers
    result = build_site(project)
    assert result.report.written == 0 and result.report.removed == 0
    assert_same_as_clean(project, tmp_path)


def test_edit_one_story(project, tmp_path):
    edit(stories(project)[3], lambda t: t.replace("title: '", "title: 'Edited ", 1) + "\nA new closing sentence.\n")
    assert_same_as_clean(project, tmp_path, build_site(project))


def test_add_a_story_with_a_new_tag_and_the_newest_date(project, tmp_path):
    first = stories(project)[0].read_text(encoding="utf-8")
    text = re.sub(r"date: .*", "date: 2026-01-05T09:00:00+00:00", first, count=1)
    (project / "content" / "stories" / "zz-new-story.md").write_text(text.replace("tags:\n", "tags:\n- Brand new\n"),
                                                                      encoding="utf-8")
    assert_same_as_clean(project, tmp_path, build_site(project))


def test_delete_a_story(project, tmp_path):
    stories(project)[5].unlink()
    result = build_site(project)
    assert result.report.removed >= 1
    assert_same_as_clean(project, tmp_path, result)


def test_move_a_story_to_another_date(project, tmp_path):
    edit(stories(project)[-1], lambda t: re.sub(r"date: .*", "date: 2024-02-29T12:00:00+00:00", t, count=1))
    assert_same_as_clean(project, tmp_path, build_site(project))


def test_edit_a_source(project, tmp_path):
    source = sorted((project / "content" / "sources").glob("*.md"))[0]
    edit(source, lambda t: re.sub(r"publisher: .*", "publisher: 'Renamed Gazette'", t, count=1) + "\nOne more line.\n")
    assert_same_as_clean(project, tmp_path, build_site(project))


def test_templates_change_is_picked_up(project, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(re.sub(r"custom_dir: .*", f"custom_dir: {templates}", config), encoding="utf-8")
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("Built with Newsbrief", "Made with Newsbrief"),
                    encoding="utf-8")
    build_site(project)
    assert b"Made with Newsbrief" in (project / "site" / "index.html").read_bytes()
    assert_same_as_clean(project, tmp_path)


def test_a_style_sheet_edit_makes_no_page_again(project, tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(re.sub(r"custom_dir: .*", f"custom_dir: {templates}", config), encoding="utf-8")
    build_site(project)
    (templates / "assets" / "style.css").write_text("body { color: teal; }\n", encoding="utf-8")
    result = build_site(project)
    assert result.made == 0 and result.report.written == 1
    assert (project / "site" / "assets" / "style.css").read_text() == "body { color: teal; }\n"
    assert_same_as_clean(project, tmp_path)


def test_parallel_build_equals_serial(project, tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "PARALLEL_MIN", 2)  # force the process pool on a small site
    edit(stories(project)[1], lambda t: t + "\nAnother sentence for the pool.\n")
    shutil.rmtree(project / cache.FOLDER)
    assert_same_as_clean(project, tmp_path, build_site(project))


def test_deleted_or_corrupt_cache_just_rebuilds(project, tmp_path):
    for shard in (project / cache.FOLDER).glob("*.pickle"):
        shard.write_bytes(shard.read_bytes()[:7])
    assert_same_as_clean(project, tmp_path, build_site(project))
    shutil.rmtree(project / ".cache")
    assert build_site(project).report.written == 0


def test_an_edit_makes_only_the_pages_that_show_the_story(project, tmp_path):
    total = build_site(project).report.unchanged
    target = stories(project)[3]
    edit(target, lambda t: t + "\nA new closing sentence.\n")
    inode = (project / "site" / "search" / "index.html").stat().st_ino
    result = build_site(project)
    assert 0 < result.made < total / 4, f"made {result.made} of {total} outputs for a one-story edit"
    assert (project / "site" / "search" / "index.html").stat().st_ino == inode, "an unchanged page was rewritten"
    assert_same_as_clean(project, tmp_path, result)


def test_an_output_edited_or_deleted_by_hand_is_made_again(project, tmp_path):
    page = next((project / "site" / "stories").glob("*/index.html"))
    page.write_text("scribbled over", encoding="utf-8")
    (project / "site" / "tags" / "index.html").unlink()
    assert build_site(project).made == 2
    assert_same_as_clean(project, tmp_path)


def test_links_into_a_deleted_or_shortened_story_are_reported_as_a_clean_build_would(project, tmp_path):
    """A story's summary links to another story's page and to one of its evidence notes; unchanged pages
    are not rescanned, so the incremental link check must still see what the edit broke."""
    linker, target, shortened = stories(project)[0], stories(project)[6], stories(project)[2]
    slug = lambda path: path.stem  # synth.py names each file by its story's slug
    edit(linker, lambda t: t + f"\nSee [this](../{slug(target)}/index.html) and [that](../{slug(shortened)}/index.html#evidence-9).\n")
    assert_same_as_clean(project, tmp_path, build_site(project))
    edit(shortened, lambda t: t.split("\n\n")[0] + "\n\nOnly one paragraph is left.\n")
    result = build_site(project)
    assert any("no id 'evidence-9'" in d.message for d in result.diagnostics), "the unchanged linking page was not rechecked"
    assert_same_as_clean(project, tmp_path, result)
    target.unlink()
    result = build_site(project)
    assert any("which the build does not produce" in d.message for d in result.diagnostics)
    assert_same_as_clean(project, tmp_path, result)


def test_a_deletion_rereads_only_the_pages_that_linked_to_what_it_removed(project, tmp_path, monkeypatch):
    """A removed page can break any page that links to it, by any spelling of the link (a folder, an
    entity-escaped href): those pages are read back from site/ and checked; the others are not."""
    from generator import incremental
    linker, target = stories(project)[1], stories(project)[9]
    edit(linker, lambda t: t + f"\nSee <a href=\"../{target.stem}/\">it</a> and "
                            f"<a href=\"..&#x2f;{target.stem}&#47;index.html#x\">again</a>.\n")
    build_site(project)
    read = []
    real = incremental._read_scan
    monkeypatch.setattr(incremental, "_read_scan", lambda site, path, produced: read.append(path) or real(site, path, produced))
    target.unlink()
    result = build_site(project)
    pages = [p for p in site_files(project / "site") if p.endswith(".html")]
    assert f"stories/{linker.stem}/index.html" in read, "the page that linked by hand was not rechecked"
    assert 0 < len(read) < len(pages) / 3, (len(read), len(pages))
    broken = [d for d in result.diagnostics if "which the build does not produce" in d.message]
    assert broken and all(linker.stem in d.path for d in broken), [d.format() for d in broken]  # not a source page
    assert_same_as_clean(project, tmp_path, result)


def test_live_preview_rewrites_only_what_an_edit_changed(project, tmp_path, monkeypatch):
    """`mkdocs serve --dirty` in one process: the second build after an edit hands MkDocs only the changed
    files to write; every other file keeps its inode and mtime, and the result equals a clean build."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config as mkdocs_config

    served = tmp_path / "served"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))  # the clock build_site() uses

    def serve_build():
        config = mkdocs_config(str(project / "mkdocs.yml"), site_dir=str(served))  # serve reloads the config
        mkdocs_build(config, dirty=True)

    serve_build()
    before = {p: p.stat() for p in served.rglob("*.html")}
    edit(stories(project)[3], lambda t: t + "\nA sentence added while previewing.\n")
    serve_build()
    rewritten = [p for p, st in before.items() if p.stat().st_mtime_ns != st.st_mtime_ns]
    assert 0 < len(rewritten) < len(before) / 4
    build_site(project)
    ours = site_files(project / "site")
    assert {p: d for p, d in site_files(served).items() if p in ours and p != "sitemap.xml"} == \
        {p: d for p, d in ours.items() if p != "sitemap.xml"}


def test_a_build_made_in_small_batches_equals_one_made_at_once(project, tmp_path, monkeypatch):
    """Large first builds check provenance and make outputs in batches, releasing each to the cache."""
    from generator import incremental, storywork
    monkeypatch.setattr(storywork, "BATCH", 3)
    monkeypatch.setattr(incremental, "BATCH", 7)
    monkeypatch.setattr(progress, "PARALLEL_MIN", 4)  # and a pool for every batch
    shutil.rmtree(project / cache.FOLDER)
    shutil.rmtree(project / "site")
    assert_same_as_clean(project, tmp_path, build_site(project))


def test_a_cname_the_build_wrote_goes_when_its_setting_does_and_one_put_by_hand_stays(project, tmp_path):
    config = project / "mkdocs.yml"
    plain = config.read_text()
    config.write_text(plain.rstrip("\n") + "\n      cname: news.example.org\n")
    build_site(project)
    assert (project / "site" / "CNAME").read_text() == "news.example.org\n"
    config.write_text(plain)
    build_site(project)
    assert not (project / "site" / "CNAME").exists()
    assert_same_as_clean(project, tmp_path)
    (project / "site" / "CNAME").write_text("by-hand.example.org\n")  # a deploy tool's: never ours to delete
    build_site(project)
    assert (project / "site" / "CNAME").read_text() == "by-hand.example.org\n"


def test_a_site_whose_index_was_deleted_by_hand_is_still_ours(project, tmp_path):
    (project / "site" / "index.html").unlink()
    assert build_site(project).made == 1
    assert_same_as_clean(project, tmp_path)


def test_newsbrief_build_after_mkdocs_build_removes_what_is_no_longer_published(project, tmp_path):
    """`mkdocs build` writes site/ its own way: the next `newsbrief build` must not trust its record of it."""
    from sitekit import mkdocs
    victim = project / "content" / "stories" / "zz-added-by-mkdocs.md"
    shutil.copy(stories(project)[0], victim)  # a page only `mkdocs build` has written
    edit(victim, lambda text: text.replace("title: ", "slug: zz-added-by-mkdocs\ntitle: ", 1))
    assert mkdocs("build", cwd=project).returncode == 0
    assert (project / "site" / "stories" / "zz-added-by-mkdocs" / "index.html").is_file()
    victim.unlink()
    build_site(project)
    assert_same_as_clean(project, tmp_path)
