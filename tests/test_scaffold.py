"""`newsbrief new` and `newsbrief import` write files that build."""
import shutil

from sitekit import ROOT, newsbrief, parse, write_site

SEEDS = ROOT.parent / "shared" / "seeds"


def test_new_then_build(tmp_path):
    root = write_site(tmp_path, {})
    result = newsbrief("new", "Floods hit the valley: 3,000 evacuated", cwd=root)
    assert result.returncode == 0, result.stderr
    created = root / "content/stories/floods-hit-the-valley-3-000-evacuated.md"
    assert created.is_file()
    assert newsbrief("new", "Floods hit the valley: 3,000 evacuated", cwd=root).returncode == 1  # never overwrites
    build = newsbrief("build", cwd=root)  # a scaffold is a draft: nothing unwritten goes live
    assert build.returncode == 0, build.stderr
    assert not (root / "site/stories/floods-hit-the-valley-3-000-evacuated").exists()
    created.write_text(created.read_text().replace("draft: true\n", ""))
    build = newsbrief("build", cwd=root)  # published by mistake before it is written: a warning names it
    assert build.returncode == 0, build.stderr
    assert "content/stories/floods-hit-the-valley-3-000-evacuated.md:10: warning: body: the summary is still the " \
           "text `newsbrief new` wrote" in build.stderr
    assert newsbrief("build", "--strict", cwd=root).returncode == 1
    page = parse(root / "site/stories/floods-hit-the-valley-3-000-evacuated/index.html")
    assert page.headings[0] == (1, "Floods hit the valley: 3,000 evacuated")


def test_new_with_a_source_that_does_not_exist_warns(tmp_path):
    root = write_site(tmp_path, {})
    result = newsbrief("new", "Council meets", "--source", "minutse", cwd=root)
    assert result.returncode == 0 and "new: warning: no source 'minutse' in content/sources/ yet" in result.stderr
    (root / "content/sources").mkdir(exist_ok=True)
    (root / "content/sources/real.md").write_text("---\ntitle: R\npublisher: P\n---\n\nText.\n")
    pattern = newsbrief("new", "Council meets again", "--source", "*", cwd=root)  # an id, not a glob
    assert pattern.returncode == 0 and "new: warning: no source '*' in content/sources/ yet" in pattern.stderr


def test_new_writes_nothing_the_next_build_would_refuse(tmp_path):
    root = write_site(tmp_path, {})
    result = newsbrief("new", "Floods\x01 hit the valley", cwd=root)
    assert result.returncode == 1 and "title: control character U+0001" in result.stderr, result.stderr
    assert "new: nothing written" in result.stderr and not list((root / "content/stories").iterdir())


def test_import_takes_a_headline_line_as_the_source_title_and_warns_without_a_publisher(tmp_path):
    root = write_site(tmp_path, {})
    (tmp_path / "apple.txt").write_text("Apple unveils cheaper iPhone as sales slow in China\n"
                                        "Apple on Tuesday unveiled a cheaper iPhone.\n")
    (tmp_path / "summary.txt").write_text("Apple's cheaper iPhone\nApple unveiled a cheaper iPhone.\n")
    result = newsbrief("import", str(tmp_path / "apple.txt"), str(tmp_path / "summary.txt"), cwd=root)
    assert result.returncode == 0, result.stderr
    assert "title: Apple unveils cheaper iPhone as sales slow in China\n" in \
        (root / "content/sources/apple.md").read_text()
    assert "import: warning: no --publisher given; content/sources/apple.md says 'Unknown publisher'" in result.stderr


def test_import_seed_pair(tmp_path):
    root = write_site(tmp_path, {})
    source, summary = tmp_path / "000_e2fd886eea8968a9.txt", tmp_path / "004_d95ab314c1768dd7.txt"
    if (SEEDS / source.name).exists():
        shutil.copy(SEEDS / source.name, source)
        shutil.copy(SEEDS / summary.name, summary)
    else:  # the bundled example was produced from the seeds; rebuild the plain texts from it
        story = next((ROOT / "content/stories").glob("*.md")).read_text().split("---\n", 2)[2]
        src = (ROOT / "content/sources/000_e2fd886eea8968a9.md").read_text().split("---\n", 2)[2]
        source.write_text(src)
        summary.write_text("Putin's Visit to China Amid Deepening Russia-China Ties and Ukraine Crisis\n" + story)
    result = newsbrief("import", str(source), str(summary), "--publisher", "The Guardian", "--date", "2024-05-17",
                       "--tags", "Russia, China", cwd=root)
    assert result.returncode == 0, result.stderr
    story_file = root / "content/stories/putins-visit-to-china-amid-deepening-russia-china-ties-and-ukraine-crisis.md"
    text = story_file.read_text()
    assert "title: Putin's Visit to China Amid Deepening Russia-China Ties and Ukraine Crisis" in text
    assert "- ref: 000_e2fd886eea8968a9" in text and "- Russia" in text
    assert (root / "content/sources/000_e2fd886eea8968a9.md").read_text().startswith("---\ntitle:")
    build = newsbrief("build", cwd=root)
    assert build.returncode == 0, build.stderr
    assert (root / "site/sources/000_e2fd886eea8968a9/index.html").is_file()


def test_import_refuses_options_the_build_would_refuse_and_writes_nothing(tmp_path):
    root = write_site(tmp_path, {})
    (tmp_path / "article.txt").write_text("Prices rose by 5 percent in May, the office said.\n")
    (tmp_path / "summary.txt").write_text("Prices up\nPrices rose by 5 percent in May.\n")
    before = sorted(p.name for p in (root / "content").rglob("*"))
    result = newsbrief("import", "article.txt", "summary.txt", "--url", "javascript:alert(1)",
                       "--publisher=---", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/sources/article.md:" in result.stderr and "'javascript:alert(1)' is not an http(s) URL" in result.stderr
    assert "import: nothing written" in result.stderr
    assert sorted(p.name for p in (root / "content").rglob("*")) == before


def test_import_never_pairs_a_story_with_someone_elses_source(tmp_path):
    root = write_site(tmp_path, {})
    (tmp_path / "日本.txt").write_text("An earthquake struck off the coast on Monday.\n")
    (tmp_path / "quake.txt").write_text("Quake\nAn earthquake struck off the coast on Monday.\n")
    (tmp_path / "other").mkdir()
    (tmp_path / "other/日本.txt").write_text("Markets fell in Tokyo on Tuesday.\n")
    (tmp_path / "markets.txt").write_text("Markets\nMarkets fell in Tokyo on Tuesday.\n")
    first = newsbrief("import", "日本.txt", "quake.txt", "--publisher", "NHK", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert (root / "content/sources/日本.md").is_file()  # its letters kept, not "source"
    again = newsbrief("import", "other/日本.txt", "markets.txt", "--publisher", "NHK", cwd=tmp_path)
    assert again.returncode == 1 and "content/sources/日本.md already exists; nothing written" in again.stderr
    assert not (root / "content/stories/markets.md").exists()
    assert newsbrief("build", cwd=root).returncode == 0


def test_new_reports_what_stops_it_without_a_traceback(tmp_path):
    missing = newsbrief("-f", str(tmp_path / "nowhere/mkdocs.yml"), "new", "Floods", cwd=tmp_path)
    assert missing.returncode == 1 and "config file not found" in missing.stderr
    assert not (tmp_path / "nowhere").exists()
    (tmp_path / "p").mkdir()
    root = write_site(tmp_path / "p", {})
    (root / "content/stories").rmdir()
    (root / "content/stories").write_text("")
    blocked = newsbrief("new", "Floods", cwd=root)
    assert blocked.returncode == 1 and "content/stories: is a file, not a folder" in blocked.stderr
    assert "Traceback" not in blocked.stderr
    empty = newsbrief("new", "  ", cwd=root)
    assert empty.returncode == 2 and "the headline is empty" in empty.stderr


def test_new_dates_a_story_by_the_sites_time_zone(tmp_path):
    """A machine east of the newsroom is already in tomorrow: the story would wait as scheduled."""
    import datetime as dt
    import os
    import subprocess
    import sys
    root = write_site(tmp_path, {}, timezone="America/Los_Angeles")
    env = {**os.environ, "TZ": "Pacific/Kiritimati"}  # UTC+14
    result = subprocess.run([sys.executable, "-m", "generator.cli", "new", "Late night story"], cwd=root, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    today = dt.datetime.now(dt.timezone.utc).astimezone(__import__("zoneinfo").ZoneInfo("America/Los_Angeles")).date()
    assert f"date: {today.isoformat()}\n" in (root / "content/stories/late-night-story.md").read_text()


def test_new_finds_a_source_in_a_subfolder(tmp_path):
    root = write_site(tmp_path, {"sources/2024/minutes.md": "---\ntitle: M\npublisher: P\n---\n\nText.\n"})
    result = newsbrief("new", "Council meets", "--source", "minutes", cwd=root)
    assert result.returncode == 0 and "warning" not in result.stderr


def test_new_with_two_sources_cites_both(tmp_path):
    """`--source A --source B` kept only B: a story citing two articles had to be edited by hand."""
    root = write_site(tmp_path, {"sources/minutes.md": "---\ntitle: M\npublisher: P\n---\n\nThe council met.\n",
                                 "sources/agenda.md": "---\ntitle: A\npublisher: P\n---\n\nThe agenda.\n"})
    result = newsbrief("new", "Council meets", "--source", "minutes", "--source", "agenda", cwd=root)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    text = (root / "content/stories/council-meets.md").read_text()
    assert "- ref: minutes\n- ref: agenda\n" in text, text


def test_new_writes_nothing_through_a_link_out_of_the_content_folder(tmp_path):
    """content/stories linked to a folder elsewhere: `new` wrote there, and the build then refused the file."""
    import os
    (tmp_path / "p").mkdir()
    root = write_site(tmp_path / "p", {})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(root / "content/stories")
    os.symlink(elsewhere, root / "content/stories")
    result = newsbrief("new", "Council meets", cwd=root)
    assert result.returncode == 1 and "a link out of content/" in result.stderr, result.stderr
    assert not list(elsewhere.iterdir())
