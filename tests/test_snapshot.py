"""`newsbrief build` of an unchanged project is answered from the last build's snapshot; any change (to
content, templates, settings, site/ or what the clock publishes) builds again, as a clean build would."""
import datetime as dt
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitekit import ROOT, front, write_site

DAY = 86_400
NOW = 1_780_000_000            # 2026-05-28, the build's clock (SOURCE_DATE_EPOCH)
SCHEDULED = NOW + 3 * DAY      # a story dated after it
NOW_DT = dt.datetime.fromtimestamp(NOW, dt.timezone.utc)


def _iso(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


SOURCE = front({"title": "Port reopens", "publisher": "Harbour Times", "url": "https://example.org/port",
                "published": _iso(NOW - 5 * DAY)},
               "The port of Dover reopened on Monday after a three-day strike, officials said.\n\n"
               "About 4,000 lorries had queued on the motorway.\n")


def story(headline: str, epoch: int, body: str) -> str:
    return front({"title": headline, "date": _iso(epoch), "tags": ["Ports"], "sources": ["port"]}, body)


def run(project: Path, *args, epoch: int = NOW) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    return subprocess.run([sys.executable, "-m", "generator.cli", "build", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def backdate(project: Path, seconds: int = 3600) -> None:
    """Files as a curator's are: saved a while ago. A file changed (or its ctime moved) in the last two seconds
    keeps a build from trusting its stat, so from saving a snapshot: hence the wait."""
    when = time.time_ns() - seconds * 1_000_000_000
    for path in [project / "mkdocs.yml", *(project / "content").rglob("*"), *(project / "theme").rglob("*")]:
        os.utime(path, ns=(when, when))
    time.sleep(2.1)


def site_files(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def state_file(project: Path) -> Path:
    [state] = (project / ".cache" / "newsbrief").glob("site-*.pickle")
    return state


@pytest.fixture
def project(tmp_path):
    (tmp_path / "p").mkdir()
    root = write_site(tmp_path / "p", {
        "sources/port.md": SOURCE,
        "stories/reopens.md": story("Dover port reopens", NOW - 1 * DAY,
                                    "The port of Dover reopened on Monday after a three-day strike.\n\n"
                                    "About 9,000 lorries had queued, the mayor of Calais said.\n"),
        "stories/queues.md": story("Lorries queued", NOW - 10 * DAY, "About 4,000 lorries had queued.\n"),
        "stories/later.md": story("Port review", SCHEDULED, "The port of Dover reopened on Monday.\n"),
    })
    shutil.copytree(ROOT / "templates", root / "theme", ignore=shutil.ignore_patterns("assets"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(ROOT / "templates"), "theme"), encoding="utf-8")
    backdate(root)
    first = run(root)
    assert first.returncode == 0, first.stderr
    return root, first


def clean_build(project: Path, tmp_path: Path, epoch: int = NOW) -> dict:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    clean.mkdir()
    for name in ("mkdocs.yml", "content", "theme"):
        (shutil.copytree if (project / name).is_dir() else shutil.copy)(project / name, clean / name)
    assert run(clean, epoch=epoch).returncode == 0
    return site_files(clean / "site")


def test_an_unchanged_project_is_answered_from_the_snapshot(project):
    project, first = project
    state = state_file(project).stat().st_mtime_ns
    before = site_files(project / "site")
    again = run(project)
    assert again.returncode == 0, again.stderr
    assert state_file(project).stat().st_mtime_ns == state, "the pipeline ran: it rewrote the site state"
    assert again.stderr == first.stderr  # the same warnings and notes, in the same order
    assert "9,000" in again.stderr and "scheduled: content/stories/later.md" in again.stderr
    total = len(before)
    assert f"0 pages written, {total} unchanged, 0 removed" in again.stdout
    assert site_files(project / "site") == before


def _edit_story(project):
    path = project / "content" / "stories" / "queues.md"
    path.write_text(path.read_text(encoding="utf-8").replace("4,000 lorries", "4,000 lorries and vans"), encoding="utf-8")


def _add_story(project):
    (project / "content" / "stories" / "new.md").write_text(
        story("Ferries resume", NOW - 2 * DAY, "Ferries resumed at Dover.\n"), encoding="utf-8")


def _delete_story(project):
    (project / "content" / "stories" / "queues.md").unlink()


def _edit_template(project):
    path = project / "theme" / "story.html"
    path.write_text(path.read_text(encoding="utf-8") + "\n<!-- edited -->\n", encoding="utf-8")


def _edit_settings(project):
    path = project / "mkdocs.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("site_name: Test Brief", "site_name: Port Brief"),
                    encoding="utf-8")


def _delete_output(project):
    (project / "site" / "index.html").unlink()


def _overwrite_output(project):
    path = project / "site" / "index.html"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"<", b"[", 1))  # the same size: only its stat facts give it away


@pytest.mark.parametrize("change", [_edit_story, _add_story, _delete_story, _edit_template, _edit_settings,
                                    _delete_output, _overwrite_output])
def test_any_change_builds_again_as_a_clean_build(project, tmp_path, change):
    project, _ = project
    state = state_file(project).stat().st_mtime_ns
    change(project)
    again = run(project)
    assert again.returncode == 0, again.stderr
    assert state_file(project).stat().st_mtime_ns != state, "answered from a snapshot that no longer holds"
    assert site_files(project / "site") == clean_build(project, tmp_path)


def test_the_clock_reaching_a_scheduled_story_builds_again(project, tmp_path):
    project, _ = project
    later = SCHEDULED + 60
    again = run(project, epoch=later)
    assert again.returncode == 0, again.stderr
    assert "scheduled:" not in again.stderr
    assert (project / "site" / "stories" / "later" / "index.html").is_file() or \
        any("later" in p for p in site_files(project / "site"))
    assert site_files(project / "site") == clean_build(project, tmp_path, epoch=later)


def test_a_story_leaving_the_news_sitemap_builds_again(project, tmp_path):
    project, _ = project
    news = project / "site" / "news-sitemap.xml"
    assert b"Dover port reopens" in news.read_bytes()
    later = NOW + 2 * DAY  # the story dated a day before NOW is now three days old
    assert run(project, epoch=later).returncode == 0
    assert b"Dover port reopens" not in news.read_bytes()
    assert site_files(project / "site") == clean_build(project, tmp_path, epoch=later)


def test_a_clock_set_back_builds_again(project, tmp_path):
    project, _ = project
    earlier = NOW - 2 * DAY  # the story dated a day before NOW is not out yet
    again = run(project, epoch=earlier)
    assert "scheduled: content/stories/reopens.md" in again.stderr
    assert site_files(project / "site") == clean_build(project, tmp_path, epoch=earlier)


def test_a_later_clock_that_changes_nothing_is_answered_from_the_snapshot(project):
    project, first = project
    state = state_file(project).stat().st_mtime_ns
    again = run(project, epoch=NOW + 3600)  # no story comes out or leaves the news sitemap within the hour
    assert state_file(project).stat().st_mtime_ns == state
    assert again.stderr == first.stderr


def test_strict_is_not_answered_by_a_lenient_build(project):
    project, _ = project
    strict = run(project, "--strict")
    assert strict.returncode == 1
    assert "Build failed" in strict.stderr


def test_a_file_saved_just_before_a_build_is_checked_by_its_bytes(project):
    project, _ = project
    _edit_story(project)  # now: a second edit within the same clock tick would not show in its stat
    assert run(project).returncode == 0
    [saved] = (project / ".cache" / "newsbrief").glob("last-build-*.pickle")
    _, snap = pickle.loads(saved.read_bytes())
    assert [Path(path).as_posix() for path in snap.racy] == ["content/stories/queues.md"]  # as the build, in project/
    state = state_file(project).stat().st_mtime_ns
    again = run(project)
    assert state_file(project).stat().st_mtime_ns == state  # the same bytes: answered from the snapshot


def test_recent_bytes_changed_within_one_clock_tick_build_again(tmp_path, monkeypatch):
    """On a file system whose timestamps do not move within a tick, a second edit of the same size shows
    only in the bytes: the snapshot of a build that read the file just after its first edit must not hold."""
    from generator import snapshot
    from generator.config import load_config
    tick = time.time_ns()  # every timestamp stays at this tick, as on a file system with a coarse clock
    monkeypatch.setattr(snapshot, "_facts", lambda p: (p, os.stat(p).st_mode, os.stat(p).st_size, tick, tick,
                                                       os.stat(p).st_ino))
    (tmp_path / "p").mkdir()
    root = write_site(tmp_path / "p", {"sources/port.md": SOURCE})
    config, problems = load_config(root / "mkdocs.yml")
    seen, recent = snapshot.fingerprint(config, problems)
    assert str(root / "content" / "sources" / "port.md") in recent
    snapshot.save(config, snapshot.Snapshot(seen, NOW_DT, None, {}, (), (0, 0, 0, 0), recent))
    assert snapshot.load(config, snapshot.fingerprint(config, problems)[0], NOW_DT) is not None
    source = root / "content" / "sources" / "port.md"
    source.write_text(SOURCE.replace("4,000", "5,000"), encoding="utf-8")
    seen_after, _ = snapshot.fingerprint(config, problems)
    assert seen_after == seen  # stat facts alone cannot tell
    assert snapshot.load(config, seen_after, NOW_DT) is None


def test_the_fingerprint_follows_links_within_the_project_only(tmp_path, monkeypatch):
    """A link from content/ to / (which the build refuses by name) was walked: the whole disk, and a traceback
    when a file under /proc vanished meanwhile. A link to a folder elsewhere in the project is still followed."""
    from generator import snapshot
    from generator.config import load_config
    (tmp_path / "p").mkdir()
    (tmp_path / "outside").mkdir()
    root = write_site(tmp_path / "p", {"sources/port.md": SOURCE})
    (root / "shared").mkdir()
    (root / "shared" / "map.txt").write_text("a map", encoding="utf-8")
    (tmp_path / "outside" / "key.txt").write_text("a key", encoding="utf-8")
    os.symlink("/", root / "content" / "root")
    os.symlink(tmp_path / "outside", root / "content" / "out")
    os.symlink(root / "shared", root / "content" / "shared")
    config, problems = load_config(root / "mkdocs.yml")
    looked_at, facts = [], snapshot._facts
    monkeypatch.setattr(snapshot, "_facts", lambda path: looked_at.append(path) or facts(path))
    seen, _ = snapshot.fingerprint(config, problems)
    content = [p for p in looked_at if p.startswith(str(root / "content"))]
    assert str(root / "content" / "root") in content and str(root / "content" / "shared" / "map.txt") in content
    assert [p for p in content if p.startswith((str(root / "content" / "root") + os.sep,
                                                str(root / "content" / "out") + os.sep))] == []  # not the disk
    (tmp_path / "outside" / "key.txt").write_text("another key", encoding="utf-8")
    assert snapshot.fingerprint(config, problems)[0] == seen  # never read: the build refuses the link by name
    (root / "shared" / "map.txt").write_text("a longer map", encoding="utf-8")
    assert snapshot.fingerprint(config, problems)[0] != seen  # within the project: followed
