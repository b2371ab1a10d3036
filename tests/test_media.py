"""Images and other files under content/: published where MkDocs publishes them, and a summary's relative link
to one (written from the Markdown file, as MkDocs users write it) made to work from the story's page and feeds."""
from __future__ import annotations

import json
import os
from urllib.parse import unquote

import feedparser
import pytest

from sitekit import TEST_SITE_URL, front, mkdocs, newsbrief, parse, write_site

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
SOURCE = front({"title": "Grid demand", "publisher": "Gazette"}, "The operator said demand reached 1,200 megawatts.\n")


def story(body: str) -> str:
    return front({"title": "Record demand", "date": "2024-05-16", "sources": [{"ref": "grid"}]}, body)


def site(tmp_path, body="The operator said demand reached 1,200 megawatts.\n\n![A chart](../img/chart.png)\n",
         **more):
    return write_site(tmp_path, {"sources/grid.md": SOURCE, "stories/grid.md": story(body), "img/chart.png": PNG,
                                 **more})


def images(page_file) -> list[str]:
    return [attrs["src"] for tag, attrs in parse(page_file).tags if tag == "img"]


@pytest.mark.parametrize("command", [("build",), ("mkdocs", "build")])
def test_an_image_beside_the_stories_folder_shows_on_the_page_and_in_the_feeds(tmp_path, command):
    root = site(tmp_path)
    result = newsbrief(*command, cwd=root) if command == ("build",) else mkdocs("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "chart.png" not in result.stderr, result.stderr  # no broken-link warning
    page = root / "site/stories/grid/index.html"
    assert images(page) == ["../../img/chart.png"]
    assert (page.parent / "../../img/chart.png").resolve().read_bytes() == PNG
    expected = TEST_SITE_URL + "img/chart.png"
    atom = feedparser.parse((root / "site/atom.xml").read_bytes())
    assert not atom.bozo and f'src="{expected}"' in atom.entries[0].content[0].value
    assert f'src="{expected}"' in json.loads((root / "site/feed.json").read_text())["items"][0]["content_html"]


def test_both_builds_publish_the_same_files(tmp_path):
    root = site(tmp_path, **{"docs/report.pdf": b"%PDF-1.4 report", "img/.hidden.png": PNG})
    assert newsbrief("build", cwd=root).returncode == 0
    ours = {p.relative_to(root / "site").as_posix(): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert ours["docs/report.pdf"] == b"%PDF-1.4 report" and "img/.hidden.png" not in ours
    assert mkdocs("build", cwd=root).returncode == 0
    theirs = {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*") if p.is_file()}
    assert {"img/chart.png", "docs/report.pdf"} <= theirs


def test_links_that_are_not_to_content_files_are_left_as_written(tmp_path):
    body = ("The operator said demand reached 1,200 megawatts.\n\n"
            "![Remote](https://example.com/a.png) ![Rooted](/img/chart.png) ![Kept](../img/chart.png?v=2#top) "
            "[A page](../about/) [Beside](photo.png)\n")
    root = site(tmp_path, body)
    result = newsbrief("build", cwd=root)
    page = root / "site/stories/grid/index.html"
    assert images(page) == ["https://example.com/a.png", "/img/chart.png", "../../img/chart.png?v=2#top"]
    hrefs = [a["href"] for tag, a in parse(page).tags if tag == "a" and a.get("href") in ("../about/", "photo.png")]
    assert hrefs == ["../about/", "photo.png"]  # not files the site publishes: the link check names them
    assert "photo.png" in result.stderr


def test_a_file_at_a_path_the_site_makes_itself_is_named_and_left_out(tmp_path):
    root = site(tmp_path, **{"robots.txt": "User-agent: *\nDisallow: /\n"})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "content/robots.txt: warning: not published: the site makes its own robots.txt" in result.stderr
    assert "Disallow: /\n" not in (root / "site/robots.txt").read_text()
    assert newsbrief("build", "--strict", cwd=root).returncode == 1


def test_a_link_out_of_the_project_is_refused_and_the_last_site_kept(tmp_path):
    root = site(tmp_path)
    assert newsbrief("build", cwd=root).returncode == 0
    before = (root / "site/index.html").read_bytes()
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text("password")
    os.symlink(secret, root / "content/img/leak.png")
    result = newsbrief("build", cwd=root)
    assert result.returncode == 1 and "content/img/leak.png: a link to a file outside the project" in result.stderr
    assert "Traceback" not in result.stderr and not (root / "site/img/leak.png").exists()
    assert (root / "site/index.html").read_bytes() == before
    assert mkdocs("build", cwd=root).returncode != 0


@pytest.mark.parametrize("written,name", [("../img/chart", "img/chart"),  # no extension
                                          ("<../img/my chart.png>", "img/my chart.png")])  # a space
def test_a_file_named_in_any_way_and_added_later_is_linked_at_the_next_build(tmp_path, written, name):
    """The cache key held only names that looked like file names: these pages kept their stale link."""
    root = site(tmp_path, f"The operator said demand reached 1,200 megawatts.\n\n![A chart]({written})\n")
    newsbrief("build", cwd=root)
    page = root / "site/stories/grid/index.html"
    assert images(page) == [written.strip("<>")]
    (root / "content" / name).write_bytes(PNG)
    second = newsbrief("build", cwd=root)
    assert second.returncode == 0, second.stderr
    (src,) = images(page)
    assert src.startswith("../../img/") and (page.parent / unquote(src)).resolve().read_bytes() == PNG


def test_an_image_added_after_the_story_is_linked_at_the_next_build(tmp_path):
    """A link is rewritten only to a file that exists (as MkDocs does): the story's cached summary must be
    made again when the file it names appears or goes."""
    root = site(tmp_path)
    image = root / "content/img/chart.png"
    image.unlink()
    first = newsbrief("build", cwd=root)
    page = root / "site/stories/grid/index.html"
    assert images(page) == ["../img/chart.png"] and "chart.png" in first.stderr  # named by the link check
    image.write_bytes(PNG)
    second = newsbrief("build", cwd=root)
    assert images(page) == ["../../img/chart.png"] and "chart.png" not in second.stderr, second.stderr
    image.unlink()
    newsbrief("build", cwd=root)
    assert images(page) == ["../img/chart.png"] and not (root / "site/img/chart.png").exists()


def site_files(root) -> dict[str, bytes]:
    return {p.relative_to(root / "site").as_posix(): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}


def test_every_markdown_ending_mkdocs_knows_is_a_story_source_or_page_in_both_builds(tmp_path):
    """MkDocs 1.6 reads .markdown .mdown .mkdn .mkd and .md as pages: a story in one was left out (with a warning),
    and an ordinary page in one published by `newsbrief build` as a raw file MkDocs never copies."""
    root = write_site(tmp_path, {"sources/grid.mkd": SOURCE, "stories/grid.markdown": story("The operator said "
                                 "demand reached 1,200 megawatts.\n"), "stories/old.mdown": front(
                                 {"title": "Older", "date": "2024-05-15", "sources": [{"ref": "grid"}]},
                                 "The operator said demand reached 1,200 megawatts.\n"),
                                 "notes/about.mkdn": "# About\n", "notes/Shout.MD": "not Markdown to MkDocs\n"})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "ignored" not in result.stderr, result.stderr
    ours = site_files(root)
    assert {"stories/grid/index.html", "stories/old/index.html", "sources/grid/index.html"} <= set(ours)
    assert "notes/about.mkdn" not in ours and ours["notes/Shout.MD"] == b"not Markdown to MkDocs\n"  # case counts
    assert mkdocs("build", cwd=root).returncode == 0
    theirs = site_files(root)
    assert {"stories/grid/index.html", "stories/old/index.html", "sources/grid/index.html", "notes/about.html",
            "notes/Shout.MD"} <= set(theirs)
    assert not {"notes/about.mkdn", "stories/grid.markdown", "sources/grid.mkd"} & set(theirs)


def test_hidden_files_and_the_templates_folder_are_left_out_as_mkdocs_1_6_leaves_them_out(tmp_path):
    """MkDocs' default exclude_docs is `.*` and `/templates/`: `newsbrief build` published content/templates/."""
    root = site(tmp_path, **{"templates/page.png": PNG, "img/.cache/x.png": PNG, "img/.x.png": PNG,
                             "img/templates/kept.png": PNG})  # only the top folder's templates/ is left out
    for command in (("build",), ("mkdocs", "build")):
        result = newsbrief(*command, cwd=root) if command == ("build",) else mkdocs("build", cwd=root)
        assert result.returncode == 0, result.stderr
        files = site_files(root)
        assert files["img/templates/kept.png"] == PNG and files["img/chart.png"] == PNG, command
        assert not [p for p in files if p.startswith("templates/") or "/." in p], command


@pytest.mark.parametrize("site_url", [TEST_SITE_URL, ""])
def test_a_sitemap_in_the_content_folder_gives_way_to_the_sites_own_and_is_kept_without_one(tmp_path, site_url):
    """With site_url the site makes sitemap.xml: the content's sitemap.xml(.gz) are named and left out (a .gz
    beside ours would be stale), and MkDocs' own are not kept. Without one, the content's are published, and
    `mkdocs build` kept neither (its theme wrote over them, then the plugin removed MkDocs' sitemaps)."""
    import gzip
    mine, packed = b"<urlset><!-- mine --></urlset>", gzip.compress(b"<urlset><!-- packed --></urlset>")
    root = write_site(tmp_path, {"sources/grid.md": SOURCE, "stories/grid.md": story("The operator said demand "
                                 "reached 1,200 megawatts.\n"), "sitemap.xml": mine, "sitemap.xml.gz": packed,
                                 "about.md": "# About\n"}, site_url=site_url)
    for command in (("build",), ("mkdocs", "build")):
        result = newsbrief(*command, cwd=root) if command == ("build",) else mkdocs("build", cwd=root)
        assert result.returncode == 0, result.stderr
        files = site_files(root)
        if site_url:
            assert "content/sitemap.xml: warning: not published: the site makes its own sitemap.xml" in result.stderr
            assert "content/sitemap.xml.gz: warning: not published" in result.stderr
            assert "sitemap.xml.gz" not in files and f"<loc>{TEST_SITE_URL}stories/grid/</loc>".encode() in \
                files["sitemap.xml"], command
        else:
            assert (files["sitemap.xml"], files["sitemap.xml.gz"]) == (mine, packed), command


@pytest.mark.parametrize("command", [("build",), ("mkdocs", "build")])
def test_a_content_file_where_the_site_makes_its_own_is_named_and_left_out(tmp_path, command):
    """The same path was left out silently by `mkdocs build`; a file where the site makes a folder (search) or
    under a file of its own (feed.xml/a.png) failed `newsbrief build`'s swap, and MkDocs' writing."""
    root = site(tmp_path, **{"archive/index.html": "<p>mine</p>", "search": "a file", "feed.xml/a.png": PNG,
                             "publishers/gazette/index.html": "<p>mine</p>", "archive/old.png": PNG})
    if command != ("build",):
        (root / "content/feed.xml/index.md").write_text("# A page under a file of the site's\n")
    result = newsbrief(*command, cwd=root) if command == ("build",) else mkdocs("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for named in ("content/archive/index.html: warning: not published: the site makes its own archive/index.html",
                  "content/search: warning: not published: the site makes a folder search/ of its own pages",
                  "content/feed.xml/a.png: warning: not published: the site makes its own file feed.xml",
                  "content/publishers/gazette/index.html: warning: not published"):
        assert named in result.stderr, result.stderr
    if command != ("build",):
        assert "feed.xml/index.md is not built: the site makes its own file feed.xml" in result.stderr
    files = site_files(root)
    assert b"mine" not in files["archive/index.html"] and b"mine" not in files["publishers/gazette/index.html"]
    assert (root / "site/search").is_dir() and (root / "site/feed.xml").is_file()
    assert files["archive/old.png"] == PNG  # beside the site's pages, in a folder of its own: no clash
    assert newsbrief("build", "--strict", cwd=root).returncode == 1


def build_with(command, root):
    return newsbrief(*command, cwd=root) if command == ("build",) else mkdocs("build", cwd=root)


@pytest.mark.parametrize("command", [("build",), ("mkdocs", "build")])
def test_linked_folders_inside_the_project_are_followed_as_mkdocs_follows_them(tmp_path, command):
    """`newsbrief build` skipped a linked folder: its images vanished and its stories went unbuilt, silently."""
    root = site(tmp_path, **{".archive/old.md": front({"title": "Older", "date": "2024-05-15", "sources": [
        {"ref": "grid"}]}, "The operator said demand reached 1,200 megawatts.\n")})
    (root / "shared/pics").mkdir(parents=True)
    (root / "shared/pics/map.png").write_bytes(PNG)
    os.symlink("../../shared/pics", root / "content/img/pics")
    os.symlink("../.archive", root / "content/stories/old")
    result = build_with(command, root)
    assert result.returncode == 0, result.stderr
    files = site_files(root)
    assert files["img/pics/map.png"] == PNG and "stories/old/index.html" in files
    assert b"Older" in files["stories/old/index.html"]


@pytest.mark.parametrize("command", [("build",), ("mkdocs", "build")])
@pytest.mark.parametrize("links,named", [
    ({"a/tob": "../b", "b/toa": "../a"}, "content/a/tob/toa: a link to content/a, a folder holding it (a loop)"),
    ({"img/up": "../.."}, "content/img/up"),
    ({"stories/sub/loop": "../.."}, "content/stories/sub/loop"),
    ({"img/out": "/"}, "content/img/out")])  # outside the project: never published
def test_a_loop_of_linked_folders_or_one_leaving_the_project_is_refused_by_name(tmp_path, command, links, named):
    """a -> b -> a: MkDocs published 40 nested copies of each folder, `newsbrief build` skipped it silently."""
    root = site(tmp_path)
    assert newsbrief("build", cwd=root).returncode == 0
    before = site_files(root)
    (root / "content/a").mkdir()
    (root / "content/b").mkdir()
    (root / "content/stories/sub").mkdir()
    (root / "content/a/note.txt").write_text("a note")
    for link, target in links.items():
        os.symlink(target, root / "content" / link)
    result = build_with(command, root)
    assert result.returncode != 0 and named in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert site_files(root) == before
