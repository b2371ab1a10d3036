"""End to end: build real sites with the real MkDocs and with `newsbrief build`, then parse the output."""
import os
import posixpath
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sitekit import ROOT, TEMPLATES, front, mkdocs, newsbrief, parse, write_site

TAGS = ["Russia", "China", "Energy", "Elections", "Climate"]
PUBLISHERS = ["The Guardian", "Reuters", "Le Monde"]


def story_date(i: int) -> str:
    return f"2024-0{1 + i % 3}-{1 + i % 5:02d}T{8 + i % 10:02d}:00:00+00:00"


def multi_story_files(count=23):
    files = {}
    for i in range(6):
        files[f"sources/src-{i}.md"] = front(
            {"title": f"Source article {i}", "publisher": PUBLISHERS[i % 3], "url": f"https://example.org/a/{i}",
             "published": f"2024-03-{i + 1:02d}"}, f"Paragraph one of source {i}.\n\nParagraph two.\n")
    for i in range(count):
        sources = [{"ref": f"src-{i % 6}"}]
        if i % 4 == 0:
            sources.append({"url": f"https://news.example.com/{i}", "title": f"Inline {i}", "publisher": "AP"})
        fields = {"title": f"Story number {i}", "date": story_date(i),
                  "tags": [TAGS[i % 5], TAGS[(i + 2) % 5]], "sources": sources}
        if i == 3:
            fields["corrections"] = [{"date": "2024-04-01", "text": "An earlier version misspelled a name."}]
        files[f"stories/story-{i:02d}.md"] = front(fields, f"First sentence of story {i}. Second sentence.\n")
    files["stories/draft.md"] = front({"title": "Draft", "date": "2024-01-01", "draft": True,
                                       "sources": [{"ref": "src-0"}]}, "Not yet.\n")
    return files


def internal_links(site: Path):
    """(page, target file, fragment) for every relative href/src in every HTML page."""
    for page in site.rglob("*.html"):
        for _, url in parse(page).links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith("//"):
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path))
            yield page, Path(posixpath.normpath(target.as_posix())), parts.fragment


def assert_links_resolve(site: Path):
    broken = []
    for page, target, fragment in internal_links(site):
        if not target.is_file():
            broken.append(f"{page.relative_to(site)} -> {target}")
        elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
            broken.append(f"{page.relative_to(site)} -> {target.name}#{fragment}")
    assert not broken, broken[:10]


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("example")
    for name in ("content", "templates"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    result = mkdocs("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module", params=["mkdocs", "newsbrief"])
def multi_site(request, tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp(request.param), multi_story_files(), per_page=5)
    result = mkdocs("build", cwd=root) if request.param == "mkdocs" else newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_example_front_page_and_story(example_site):
    front_page = parse(example_site / "index.html")
    story_links = [u for _, u in front_page.links if u.startswith("stories/")]
    assert story_links == ["stories/putins-visit-to-china-amid-deepening-russia-china-ties-and-ukraine-crisis/index.html"]
    story = parse(example_site / story_links[0])
    assert story.headings[0] == (1, "Putin's Visit to China Amid Deepening Russia-China Ties and Ukraine Crisis")
    assert ("href", "../../sources/000_e2fd886eea8968a9/index.html") in story.links
    assert "The Guardian" in story.text


def test_example_links_resolve(example_site):
    assert_links_resolve(example_site)


def test_example_source_page_lists_citing_story(example_site):
    source = parse(example_site / "sources/000_e2fd886eea8968a9/index.html")
    assert "almost 8,000 people" in source.text
    assert any(u.endswith("stories/putins-visit-to-china-amid-deepening-russia-china-ties-and-ukraine-crisis/index.html")
               for _, u in source.links)


def test_every_page_is_accessible_html(example_site):
    for page in example_site.rglob("*.html"):
        parsed = parse(page)
        assert parsed.find("html")[0].get("lang") == "en"
        assert parsed.find("main") and parsed.find("header") and parsed.find("footer") and parsed.find("nav")
        levels = [level for level, _ in parsed.headings]
        assert levels and levels[0] == 1 and levels.count(1) == 1, page
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (page, levels)


def test_multi_links_resolve(multi_site):
    assert_links_resolve(multi_site)


def test_story_page_links_every_source(multi_site):
    page = parse(multi_site / "stories/story-00/index.html")
    hrefs = [u for _, u in page.links]
    assert "../../sources/src-0/index.html" in hrefs
    assert "https://example.org/a/0" in hrefs and "https://news.example.com/0" in hrefs
    assert "Corrections" in parse(multi_site / "stories/story-03/index.html").text


def test_front_page_is_paginated_newest_first(multi_site):
    pages = sorted(multi_site.glob("page/*/index.html"))
    assert len(pages) == 4  # 23 stories, 5 per page: index + page/2..5
    titles = [t for level, t in parse(multi_site / "index.html").headings if level == 3]
    assert len(titles) == 5
    newest_first = sorted(range(23), key=lambda i: (story_date(i), f"story-{i:02d}"), reverse=True)
    assert titles == [f"Story number {i}" for i in newest_first[:5]]
    dates = [a["datetime"] for a in parse(multi_site / "index.html").find("time") if "T" in a["datetime"]]
    assert dates == sorted(dates, reverse=True)


def test_tag_pages_list_exactly_their_stories(multi_site):
    for n, tag in enumerate(TAGS):
        expected = {f"Story number {i}" for i in range(23) if tag in (TAGS[i % 5], TAGS[(i + 2) % 5])}
        titles = {t for level, t in parse(multi_site / f"tags/{tag.lower()}/index.html").headings if level == 3}
        assert titles == expected, tag
    tag_index = parse(multi_site / "tags/index.html").text
    assert all(tag in tag_index for tag in TAGS)


def _listed_by_following_pages(site: Path, first: str) -> tuple[list[str], list[str]]:
    """(story headings, page paths) from a listing's first page on, following its rel=next links."""
    titles, seen, page = [], [], site / first
    while page:
        parsed = parse(page)
        seen.append(page.relative_to(site).as_posix())
        titles += [t for level, t in parsed.headings if level == 3]
        following = [a["href"] for a in parsed.find("a") if a.get("rel") == "next"]
        page = Path(posixpath.normpath((page.parent / following[0]).as_posix())) if following else None
    return titles, seen


@pytest.mark.parametrize("builder", ["newsbrief", "mkdocs"])
def test_topic_and_publisher_pages_are_paginated(tmp_path, builder):
    """A topic of years of stories is many pages, not one of megabytes: topic_per_page each, newest first."""
    root = write_site(tmp_path, multi_story_files())
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("per_page: 20", "per_page: 20\n      topic_per_page: 4"))
    result = mkdocs("build", cwd=root) if builder == "mkdocs" else newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    newest_first = sorted(range(23), key=lambda i: (story_date(i), f"story-{i:02d}"), reverse=True)
    for tag in TAGS:
        titles, pages = _listed_by_following_pages(site, f"tags/{tag.lower()}/index.html")
        expected = [f"Story number {i}" for i in newest_first if tag in (TAGS[i % 5], TAGS[(i + 2) % 5])]
        assert titles == expected, tag
        assert pages[1:] == [f"tags/{tag.lower()}/page/{n}/index.html" for n in range(2, len(pages) + 1)]
        assert len(pages) == -(-len(expected) // 4)
        assert parse(site / pages[-1]).headings[0] == (1, f"Topic: {tag}, page {len(pages)} of {len(pages)}")
    reuters, pages = _listed_by_following_pages(site, "publishers/reuters/index.html")
    assert reuters == [f"Story number {i}" for i in newest_first if (i % 6) % 3 == 1] and len(pages) == 2
    assert "tags/energy/page/2/" in (site / "sitemap.xml").read_text()
    assert_links_resolve(site)


def test_archive_and_publisher_pages(multi_site):
    march = {t for level, t in parse(multi_site / "archive/2024/03/index.html").headings if level == 3}
    assert march == {f"Story number {i}" for i in range(23) if i % 3 == 2}
    day = {t for level, t in parse(multi_site / "archive/2024/01/01/index.html").headings if level == 3}
    assert day == {f"Story number {i}" for i in range(23) if i % 3 == 0 and i % 5 == 0}
    reuters = {t for level, t in parse(multi_site / "publishers/reuters/index.html").headings if level == 3}
    assert reuters == {f"Story number {i}" for i in range(23) if (i % 6) % 3 == 1}


def test_drafts_are_not_built(multi_site):
    assert not (multi_site / "stories/draft").exists()
    assert "Draft" not in parse(multi_site / "index.html").text


def test_other_markdown_is_an_ordinary_mkdocs_page(tmp_path):
    files = multi_story_files(3)
    files["about.md"] = "# About us\n\nWe summarise the news, with sources.\n\n## Who we are\n\nEditors.\n"
    root = write_site(tmp_path, files)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("      timezone: UTC", "      timezone: UTC\n      language: fr"))
    assert mkdocs("build", cwd=root).returncode == 0
    about = parse(root / "site/about.html")
    assert about.headings[:2] == [(1, "About us"), (2, "Who we are")]
    text = (root / "site/about.html").read_text()
    assert '<html lang="fr">' in text and '<h2 id="who-we-are">' in text  # the site's language; toc anchors kept
    assert ("href", "assets/style.css") in about.links
    assert not (root / "site/stories/story-00.html").exists()  # stories are never MkDocs pages
    assert (root / "site/stories/story-00/index.html").is_file()
    fast = newsbrief("build", cwd=root)  # makes no MkDocs page, and says so
    assert fast.returncode == 0 and "not built: content/about.md is an ordinary MkDocs page" in fast.stderr


@pytest.mark.parametrize("directory_urls", [False, True])
def test_mkdocs_pages_link_to_stories_sources_and_front_page_by_their_files(tmp_path, directory_urls):
    """`[a brief](stories/x.md)` in an ordinary MkDocs page is a link to the page built from the file, as in a
    summary; a file with no page (a draft) is MkDocs' usual warning; an index.md of one's own is named."""
    files = multi_story_files(3)
    files["about.md"] = ("# About us\n\nSee [the latest](index.md), [a brief](stories/story-01.md#evidence-1), "
                         "[a source](sources/src-2.md) and [a draft](stories/draft.md).\n")
    files["index.md"] = "# My own home page\n"
    root = write_site(tmp_path, files, extra=f"use_directory_urls: {str(directory_urls).lower()}\n")
    result = mkdocs("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "index.md is not built" in result.stderr
    link_warnings = [line for line in result.stderr.splitlines() if "contains a link" in line]
    assert len(link_warnings) == 1 and "'stories/draft.md'" in link_warnings[0], link_warnings
    page = root / "site" / ("about/index.html" if directory_urls else "about.html")
    hrefs = [url for attr, url in parse(page).links if attr == "href"]
    for wanted in ("index.html", "stories/story-01/index.html", "sources/src-2/index.html"):
        found = [h for h in hrefs if h.split("#")[0].endswith(wanted) and not h.endswith("draft.md")]
        assert found, (wanted, hrefs)
        target = (page.parent / found[0].split("#")[0]).resolve()
        assert target == (root / "site" / wanted).resolve() and target.is_file()
    assert "stories/story-01/index.html#evidence-1" in "".join(hrefs)
    assert "My own home page" not in (root / "site/index.html").read_text()


def site_bytes(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_mkdocs_site_equals_newsbrief_build_and_shares_its_files(tmp_path):
    """`mkdocs build` runs the pipeline into the cache's own folder and hard-links the files into site/:
    the same bytes as `newsbrief build` (sitemap aside: MkDocs' own pages join it), stored once."""
    root = write_site(tmp_path, multi_story_files(6), per_page=5)
    assert mkdocs("build", cwd=root).returncode == 0
    via_mkdocs = site_bytes(root / "site")
    own = root / ".cache" / "newsbrief" / "mkdocs-site"
    story = next((root / "site" / "stories").glob("*/index.html"))
    assert story.stat().st_ino == (own / story.relative_to(root / "site")).stat().st_ino
    shutil.rmtree(root / "site")
    assert newsbrief("build", cwd=root).returncode == 0
    assert site_bytes(root / "site") == via_mkdocs


def test_mkdocs_builds_where_the_cache_folder_cannot_be_made(tmp_path):
    """A project whose .cache cannot be written to (here a file stands in its way) still builds, in a
    temporary folder that is removed afterwards."""
    root = write_site(tmp_path, multi_story_files(4), per_page=5)
    (root / ".cache").write_text("not a folder")
    result = mkdocs("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "index.html").is_file() and (root / "site" / ".nojekyll").is_file()
    assert_links_resolve(root / "site")


def test_plugin_options_in_mkdocs_mapping_form_are_honoured_by_both_builds(tmp_path):
    """MkDocs accepts `plugins:` as a mapping as well as a list: `newsbrief build` must read the same options."""
    root = write_site(tmp_path, multi_story_files(3), per_page=5)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().split("plugins:")[0] +
                      "plugins:\n  newsbrief:\n    timezone: Asia/Tokyo\n    per_page: 1\n")
    assert mkdocs("build", cwd=root).returncode == 0
    via_mkdocs = site_bytes(root / "site")
    shutil.rmtree(root / "site")
    assert newsbrief("build", cwd=root).returncode == 0
    assert site_bytes(root / "site") == via_mkdocs
    assert (root / "site" / "page" / "3" / "index.html").is_file()       # one story a page
    assert "+09:00" in (root / "site" / "index.html").read_text()        # dates in Tokyo time


def test_links_to_content_files_point_at_their_pages_and_follow_a_slug_edit(tmp_path):
    """MkDocs-style links between content files ([earlier](other.md)) lead to the pages built from them, in
    pages and feeds; when the linked story's slug changes, the linking page follows in an incremental build."""
    files = multi_story_files(3)
    source_id = next(name for name in files if name.startswith("sources/"))[len("sources/"):-3]
    first, second = "stories/story-00.md", "stories/story 01.md"  # a file name with a space: <…> in the link
    files[second] = files.pop("stories/story-01.md").replace("---\n", "---\nslug: bee\n", 1)
    body_link = (f"\n\nSee [the earlier brief](<{second.split('/')[1]}#evidence-1>) and "
                 f"[its source](../sources/{source_id}.md).\n")
    files[first] = files[first].rstrip("\n") + body_link
    root = write_site(tmp_path, files)
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0 and "warning: href" not in result.stderr, result.stderr
    slug = first.split("/")[1][:-3]
    page = parse(root / f"site/stories/{slug}/index.html")
    assert ("href", "../bee/index.html#evidence-1") in page.links
    assert ("href", f"../../sources/{source_id}/index.html") in page.links
    feed = (root / "site/feed.xml").read_text()
    assert "stories/bee/index.html#evidence-1" in feed and ".md" not in feed
    story_file = root / "content" / second
    story_file.write_text(story_file.read_text().replace("slug: bee", "slug: bumble"))
    assert newsbrief("build", cwd=root).returncode == 0
    assert ("href", "../bumble/index.html#evidence-1") in parse(root / f"site/stories/{slug}/index.html").links
    incremental = site_bytes(root / "site")
    shutil.rmtree(root / "site")
    shutil.rmtree(root / ".cache")
    assert newsbrief("build", cwd=root).returncode == 0
    assert site_bytes(root / "site") == incremental


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs"])
def test_mkdocs_own_themes_build_with_our_templates(tmp_path, theme):
    """These themes render a 404.html of their own; ours is made by the pipeline, never by MkDocs' context."""
    root = write_site(tmp_path, multi_story_files(3))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("name: null", f"name: {theme}"))
    result = mkdocs("build", cwd=root)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "Page not found" in (root / "site" / "404.html").read_text()
    assert (root / "site" / "stories" / "story-00" / "index.html").is_file()


def test_config_option_after_the_command_and_mkdocs_strict(tmp_path):
    root = write_site(tmp_path, multi_story_files(3))
    (root / "mkdocs.yml").rename(root / "other.yml")
    result = newsbrief("build", "-f", "other.yml", cwd=root)
    assert result.returncode == 0, result.stderr
    config = root / "other.yml"
    config.write_text("strict: true\n" + config.read_text())
    strict = newsbrief("build", "-f", "other.yml", cwd=root)
    assert strict.returncode == 1  # warnings fail the build, as `mkdocs build` fails in strict mode
    assert "Build failed" in strict.stderr


def test_env_tags_and_inherit_read_as_mkdocs_reads_them(tmp_path):
    """site_url from !ENV and settings from an INHERIT parent: both builders must see the same site."""
    import os
    import subprocess
    import sys
    root = write_site(tmp_path, multi_story_files(3), site_url="")
    config = root / "mkdocs.yml"
    (root / "base.yml").write_text(config.read_text() + "site_description: Inherited words\n")
    config.write_text("INHERIT: base.yml\nsite_url: !ENV [BRIEF_URL, 'https://fallback.example/']\n")
    env = {**os.environ, "BRIEF_URL": "https://user.github.io/brief/"}
    for command in (["generator.cli", "build"], ["mkdocs", "build"]):
        result = subprocess.run([sys.executable, "-m", *command], cwd=root, env=env, capture_output=True, text=True)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        home = (root / "site" / "index.html").read_text()
        assert 'href="https://user.github.io/brief/"' in home and "Inherited words" in home, command
        assert "https://user.github.io/brief/stories/story-00/" in (root / "site" / "sitemap.xml").read_text()
    config.write_text("INHERIT: missing.yml\n")
    missing = newsbrief("build", cwd=root)
    assert missing.returncode == 1 and "INHERIT" in missing.stderr and "missing.yml" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_custom_domain_other_than_site_url_is_named_and_settings_errors_name_the_file(tmp_path):
    root = write_site(tmp_path, multi_story_files(3), site_url="https://user.github.io/brief/")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("per_page: 20", "per_page: 20\n      cname: news.example.org"))
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "mkdocs.yml:2: warning: site_url: the custom domain (CNAME) is news.example.org" in result.stderr
    assert "expected site_url: https://news.example.org/" in result.stderr
    config.write_text(config.read_text().replace("cname: news.example.org", "cname: https://x"))
    config.rename(root / "other.yml")
    failed = newsbrief("build", "-f", "other.yml", cwd=root)
    line = (root / "other.yml").read_text().splitlines().index("      cname: https://x") + 1  # the setting's own line
    assert failed.returncode == 1 and f"other.yml:{line}: cname:" in failed.stderr, failed.stderr


@pytest.mark.parametrize("cache_deleted", [False, True])
def test_mkdocs_dirty_build_removes_pages_the_build_no_longer_makes(tmp_path, cache_deleted):
    """`--dirty` keeps MkDocs' site folder: a deleted story's page, its day and a topic page beyond the new last
    page stayed served until the plugin removed what it no longer makes; and after `rm -rf .cache` too."""
    root = write_site(tmp_path, multi_story_files(6))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("per_page: 20", "per_page: 20\n      topic_per_page: 1"))
    assert mkdocs("build", cwd=root).returncode == 0
    assert (root / "site/stories/story-05/index.html").is_file() and (root / "site/tags/elections/page/2").is_dir()
    if cache_deleted:
        shutil.rmtree(root / ".cache")
    (root / "content/stories/story-05.md").unlink()
    config.write_text(config.read_text().replace("topic_per_page: 1", "topic_per_page: 5"))
    result = mkdocs("build", "--dirty", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (root / "site/stories/story-05").exists()  # nor its empty folder
    assert not list((root / "site/tags").glob("*/page/*/index.html"))
    assert (root / "site/stories/story-04/index.html").is_file()


def tree_of(site: Path) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_mkdocs_dirty_after_newsbrief_build_and_a_moved_page_equals_a_clean_build(tmp_path):
    """`newsbrief build` wrote newer files into site/ than the plugin's own copies: `--dirty` kept them. And an
    ordinary page linking to a story whose slug changed kept its old link, its own file being unchanged."""
    files = multi_story_files(3)
    files["about.md"] = "# About\n\nSee [a brief](stories/story-01.md).\n"
    root = write_site(tmp_path, files)
    assert mkdocs("build", cwd=root).returncode == 0
    story = root / "content/stories/story-01.md"
    original = story.read_text()
    story.write_text(original.replace("title: ", "title: DIRTYV2 ", 1))
    assert newsbrief("build", cwd=root).returncode == 0
    story.write_text(original.replace("title: ", "slug: moved-story\ntitle: ", 1))
    assert mkdocs("build", "--dirty", cwd=root).returncode == 0
    assert 'href="stories/moved-story/index.html"' in (root / "site/about.html").read_text()
    shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns("site", ".cache"))
    assert mkdocs("build", cwd=tmp_path / "clean").returncode == 0
    ours, clean = tree_of(root / "site"), tree_of(tmp_path / "clean" / "site")
    assert sorted(ours) == sorted(clean)
    assert [p for p in ours if ours[p] != clean[p]] == []


def test_mkdocs_build_keeps_the_cname_of_a_gh_pages_worktree(tmp_path):
    root = write_site(tmp_path, multi_story_files(2))
    (root / "site" / ".git").mkdir(parents=True)
    (root / "site" / "CNAME").write_text("news.example.org\n")
    assert mkdocs("build", cwd=root).returncode == 0
    assert (root / "site" / "CNAME").read_text() == "news.example.org\n" and (root / "site" / ".git").is_dir()


def test_sources_of_unpublished_stories_are_not_published(tmp_path):
    """A source cited only by a draft or a scheduled story is under that story's embargo; one nobody cites is notes."""
    source = lambda title: front({"title": title, "publisher": "Gazette"}, "The council met on Monday.\n")
    story = lambda title, ref, **extra: front({"title": title, "date": "2024-01-01", "sources": [{"ref": ref}],
                                               **extra}, "The council met on Monday.\n")
    root = write_site(tmp_path, {
        "sources/public.md": source("Public minutes"), "sources/memo.md": source("Embargoed memo"),
        "sources/later.md": source("Tomorrow's report"), "sources/notes.md": source("Unused notes"),
        "stories/public.md": story("Public story", "public"),
        "stories/draft.md": story("Draft story", "memo", draft=True),
        "stories/later.md": story("Later story", "later", date="2099-01-01")})
    for command in (lambda: newsbrief("build", cwd=root), lambda: mkdocs("build", cwd=root)):
        result = command()
        assert result.returncode == 0, result.stderr
        site = root / "site"
        assert sorted(p.name for p in (site / "sources").iterdir()) == ["public"]
        assert "/sources/" in (site / "sitemap.xml").read_text()
        assert not any(name in (site / "sitemap.xml").read_text() for name in ("memo", "later", "notes"))
        assert not any("Embargoed" in p.read_text() for p in site.rglob("*.js"))


def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page_when(url: str, wanted, seconds: float = 60) -> str:
    """The page at url once wanted(page) holds (serve rebuilds after a change it has noticed), else fail."""
    import time
    import urllib.request
    deadline, page = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # a stalled server fails here
                page = response.read().decode()
        except OSError:
            page = ""
        if page and wanted(page):
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} never as wanted; last:\n{page[:2000]}")


@pytest.mark.parametrize("dirty", [False, True])
def test_mkdocs_serve_keeps_the_last_good_site_and_shows_why_a_rebuild_failed(tmp_path, dirty):
    """MkDocs stalls every request after a failed rebuild ("the server will appear stuck"). The plugin keeps
    the last good pages and shows the errors atop each, naming file, line and field; a fix takes them away."""
    import os
    import subprocess
    import sys
    root = write_site(tmp_path, multi_story_files(3), site_url="https://user.github.io/brief/")
    port = _free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command + (["--dirty"] if dirty else []), cwd=root, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        home = f"http://127.0.0.1:{port}/brief/"
        story = root / "content/stories/story-01.md"
        good = story.read_text()
        _page_when(home + "stories/story-01/", lambda p: "<h1" in p)
        story.write_text(good.replace("title: ", "title: Renamed ", 1).replace("date: ", "date: 2024-02-30 #", 1))
        page = _page_when(home + "stories/story-01/", lambda p: "newsbrief-build-failed" in p)
        assert 'role="alert"' in page and "content/stories/story-01.md:" in page and ": date:" in page, page[:3000]
        assert "Renamed" not in page  # the last good page, not a half-made one
        index = _page_when(home, lambda p: "newsbrief-build-failed" in p)  # every page says so
        assert index.index("newsbrief-build-failed") > index.index("<body")
        story.write_text(good.replace("title: ", "title: Renamed ", 1))
        # (a page read while MkDocs starts a rebuild may show the new text under the old banner: wait it out)
        _page_when(home + "stories/story-01/", lambda p: "Renamed" in p and "newsbrief-build-failed" not in p)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "Traceback" not in err and "still serving the last good build" in err, err


def test_links_to_files_outside_the_project_are_refused_not_published(tmp_path):
    """MkDocs copies what a link in content/ points to, /proc/self/environ (the CI's secrets) too; and the
    pipeline copied templates/assets/. Both builds refuse such a link, naming it, and keep the last good site."""
    import os
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("TOKEN=hunter2\n")
    (tmp_path / "p").mkdir()
    root = write_site(tmp_path / "p", multi_story_files(2))
    assert mkdocs("build", cwd=root).returncode == 0
    before = tree_of(root / "site")
    (root / "content/img").mkdir()
    (root / "content/img/inside.txt").write_text("ours\n")
    os.symlink(root / "content/img/inside.txt", root / "content/inside-link.txt")  # within the project: fine
    assert mkdocs("build", cwd=root).returncode == 0 and (root / "site/inside-link.txt").read_text() == "ours\n"
    before = tree_of(root / "site")
    os.symlink(secret, root / "content/img/leak.txt")
    result = mkdocs("build", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/img/leak.txt: a link to" in result.stderr and "outside the project" in result.stderr
    assert tree_of(root / "site") == before and "hunter2" not in str(before)
    (root / "content/img/leak.txt").unlink()
    config = root / "mkdocs.yml"  # the site's own theme folder, as a curator's site has it
    config.write_text(config.read_text().replace(f"custom_dir: {TEMPLATES}", "custom_dir: templates"))
    (root / "templates/assets").mkdir(parents=True)
    os.symlink(secret, root / "templates/assets/env.txt")
    for command in (lambda: newsbrief("build", cwd=root), lambda: mkdocs("build", cwd=root)):
        result = command()
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "templates/assets/env.txt" in result.stderr and "outside the project" in result.stderr
        assert not any(b"hunter2" in data for data in tree_of(root / "site").values())


@pytest.mark.parametrize("kind", ["a link to nothing", "a FIFO", "a FIFO page", "a loop"])
def test_a_file_mkdocs_cannot_copy_never_costs_the_last_site(tmp_path, kind):
    """A dangling image link (common in a Git checkout), a FIFO or a loop of links in content/ stopped MkDocs
    with a traceback after it had emptied site/ (a FIFO page hung it). Now named, and the site is kept."""
    import os
    root = write_site(tmp_path, multi_story_files(2))
    assert mkdocs("build", cwd=root).returncode == 0
    before = tree_of(root / "site")
    if kind == "a link to nothing":
        os.symlink("missing.png", root / "content/img.png")
    elif kind == "a loop":
        (root / "content/imgs").mkdir()
        os.symlink("../../content", root / "content/imgs/loop")
    else:
        os.mkfifo(root / ("content/about.md" if kind == "a FIFO page" else "content/img.png"))
    result = mkdocs("build", cwd=root)
    assert "Traceback" not in result.stderr, result.stderr
    assert ("content/imgs/loop: a link to" if kind == "a loop" else "not a regular file") in result.stderr
    assert tree_of(root / "site") == before
    built = newsbrief("build", cwd=root)
    assert "Traceback" not in built.stderr
    if kind == "a loop":  # refused by name, as MkDocs refuses it (it skipped the folder silently)
        assert built.returncode == 1 and "content/imgs/loop: a link to content, a folder holding it" in built.stderr
    else:
        assert built.returncode == 0, built.stderr


@pytest.mark.parametrize("chosen,message", [
    ("story.html", "template: 'story.html' renders the site's own pages, not an ordinary page"),
    ("nonexist.html", "template: no template 'nonexist.html'"),
    ("./story.html", "template: './story.html' renders the site's own pages"),  # Jinja's loader drops "./"
])
def test_an_about_page_naming_a_template_it_cannot_use_is_named_before_site_changes(tmp_path, chosen, message):
    """`template: story.html` on an About page stopped MkDocs with a traceback, site/ half rewritten."""
    files = multi_story_files(2)
    files["about.md"] = "---\ntitle: About\n---\n# About\n\nHello.\n"
    root = write_site(tmp_path, files)
    assert mkdocs("build", cwd=root).returncode == 0
    before = tree_of(root / "site")
    (root / "content/about.md").write_text(f"---\ntitle: About\ntemplate: {chosen}\n---\n# About\n\nHello.\n")
    result = mkdocs("build", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"content/about.md:3: {message}" in result.stderr
    assert tree_of(root / "site") == before


def test_mkdocs_build_with_an_empty_source_date_epoch_uses_the_clock(tmp_path):
    """SOURCE_DATE_EPOCH= (set, empty) stopped MkDocs with a traceback from int('')."""
    root = write_site(tmp_path, multi_story_files(2))
    result = mkdocs("build", cwd=root, env={**os.environ, "SOURCE_DATE_EPOCH": ""})
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert (root / "site/index.html").is_file()


def test_an_about_page_link_to_a_missing_anchor_of_a_story_is_named(tmp_path):
    """MkDocs checks anchors only between its own pages: one into a story page went unreported."""
    files = multi_story_files(2)
    files["about.md"] = ("# About\n\nSee [the evidence](stories/story-01.md#evidence-1), [a lost part]"
                         "(stories/story-01.md#no-such-part) and [ours](#about).\n")
    root = write_site(tmp_path, files)
    result = mkdocs("build", cwd=root)
    assert result.returncode == 0, result.stderr
    named = [line for line in result.stderr.splitlines() if "has no such anchor" in line]
    assert len(named) == 1 and "about.md: link to stories/story-01/index.html#no-such-part" in named[0], named


def test_a_site_folder_a_killed_mkdocs_build_left_half_linked_is_rebuilt(tmp_path):
    """MkDocs empties site/ and links the pipeline's files into it one by one: killed half way, site/ had no
    index.html, and every later `newsbrief build` refused it as "not a site Newsbrief built"."""
    import os
    root = write_site(tmp_path, multi_story_files(4))
    assert mkdocs("build", cwd=root).returncode == 0
    own = root / ".cache/newsbrief/mkdocs-site"
    shutil.rmtree(root / "site")
    (root / "site/stories/story-01").mkdir(parents=True)
    os.link(own / "stories/story-01/index.html", root / "site/stories/story-01/index.html")
    os.link(own / "feed.xml", root / "site/feed.xml")
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "site/index.html").is_file()
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain/site").mkdir()
    (tmp_path / "plain/site/notes.txt").write_text("mine")  # a folder of someone else's is still refused
    other = write_site(tmp_path / "plain", multi_story_files(2))
    assert newsbrief("build", cwd=other).returncode == 1


@pytest.mark.parametrize("cache_deleted", [False, True])
def test_mkdocs_dirty_after_a_newsbrief_build_and_a_deletion_equals_a_clean_build(tmp_path, cache_deleted):
    """`--dirty` trusted MkDocs' own list of what it had made: a page a `newsbrief build` made in between stayed
    published after its story was deleted; and with no list, the site's feeds stayed after site_url went."""
    (tmp_path / "p").mkdir()
    root = write_site(tmp_path / "p", multi_story_files(3))
    assert mkdocs("build", "--dirty", cwd=root).returncode == 0
    extra = root / "content/stories/story-09.md"
    shutil.copy(root / "content/stories/story-01.md", extra)
    extra.write_text(extra.read_text().replace("title: ", "slug: story-09\ntitle: Nine ", 1))
    assert newsbrief("build", cwd=root).returncode == 0 and (root / "site/stories/story-09").is_dir()
    extra.unlink()
    if cache_deleted:
        shutil.rmtree(root / ".cache")
        config = root / "mkdocs.yml"
        config.write_text("".join(line for line in config.read_text().splitlines(True) if "site_url" not in line))
    assert mkdocs("build", "--dirty", cwd=root).returncode == 0
    shutil.copytree(root, tmp_path / "clean", ignore=shutil.ignore_patterns("site", ".cache"))
    assert mkdocs("build", cwd=tmp_path / "clean").returncode == 0
    ours, clean = tree_of(root / "site"), tree_of(tmp_path / "clean" / "site")
    assert sorted(ours) == sorted(clean)


def test_mkdocs_build_waits_for_a_newsbrief_build_of_the_same_site(tmp_path):
    """Both at once: `mkdocs build` emptied site/ under a `newsbrief build` applying its change ("cannot write
    the site: No such file or directory"). It now takes the lock `newsbrief build` takes."""
    import subprocess
    import sys
    import time
    from generator.writer import lock_folder, unlock_folder
    root = write_site(tmp_path, multi_story_files(2))
    held = lock_folder(root)  # as a running `newsbrief build` of root/site holds it
    try:
        waiting = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(3)
        assert waiting.poll() is None and not (root / "site/index.html").exists()
    finally:
        unlock_folder(held)
    _, stderr = waiting.communicate(timeout=300)
    assert waiting.returncode == 0 and (root / "site/index.html").exists(), stderr
