"""The internal link checker: every href, src and #fragment in the HTML output resolves."""
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from generator.linkcheck import check_links, resolve
from generator.render import Output
from sitekit import ROOT, front, mkdocs, newsbrief, write_site


@pytest.mark.parametrize("page,url,expected", [
    ("stories/a/index.html", "../b/index.html", ("stories/b/index.html", "")),
    ("stories/a/index.html", "../../", ("index.html", "")),
    ("index.html", "#main", ("index.html", "main")),
    ("index.html", "tags/caf%C3%A9/index.html#x", ("tags/café/index.html", "x")),
    ("index.html", "sources/a/index.html#:~:text=met", ("sources/a/index.html", "")),
    ("index.html", "https://example.org/x", None),
    ("index.html", "//cdn.example.org/x.js", None),
    ("index.html", "mailto:desk@example.org", None),
])
def test_resolve(page, url, expected):
    assert resolve(page, url) == expected


def html(body: str) -> bytes:
    return f"<!doctype html>\n<html><body>\n{body}\n</body></html>\n".encode()


def test_a_resolving_site_has_no_warnings():
    outputs = [Output("index.html", html('<a href="stories/a/index.html#p1">a</a><a href="#top" id="top">t</a>'
                                         '<link rel="stylesheet" href="assets/style.css">')),
               Output("stories/a/index.html", html('<p id="p1">x</p><a href="../../index.html">home</a>'
                                                   '<img src="../../assets/logo.png" alt="">')),
               Output("assets/style.css", b"body{}"), Output("assets/logo.png", b"\x89PNG")]
    assert check_links(outputs) == []


def test_broken_links_and_anchors_are_named_with_line_once():
    outputs = [Output("index.html", html('<a href="nope/index.html">x</a>\n<a href="stories/a/index.html#gone">y</a>')),
               Output("stories/a/index.html", html('<a href="../../nope/index.html">x</a><a href="../../../up.html">u</a>')),
               Output("stories/b/index.html", html('<a href="../../nope/index.html">x</a>'))]
    found = [d.format() for d in check_links(outputs)]
    assert found == [
        "site/index.html:3: warning: href: link 'nope/index.html' points to nope/index.html, which the build does "
        "not produce (also on 2 other pages) (expected a page, file or id of the site)",
        "site/index.html:4: warning: href: link 'stories/a/index.html#gone': no id 'gone' in stories/a/index.html "
        "(expected a page, file or id of the site)",
        "site/stories/a/index.html:3: warning: href: link '../../../up.html' leaves the site folder "
        "(expected a page, file or id of the site)",
    ]


def test_links_inside_scripts_comments_and_text_are_not_links():
    page = html('<script type="application/ld+json">{"a": "<a href=\\"x.html\\">"}</script>'
                '<!-- <a href="old.html"> --><p>write href="y.html" like this</p>')
    assert check_links([Output("index.html", page)]) == []


def test_words_inside_attribute_values_are_not_attributes():
    """A headline about "src=fallback" lands in <meta content="...">: text, not a link or an id."""
    page = html('<meta name="description" content="How src=fallback and id=x work">'
                '<a href="#missing" data-note="id=missing">x</a>')
    problems = check_links([Output("index.html", page)])
    assert len(problems) == 1 and "no id 'missing'" in problems[0].message


def test_extra_paths_count_as_present():
    page = html('<a href="about.html">About</a>')
    assert check_links([Output("index.html", page)], extra_paths=["about.html"]) == []


SOURCE = front({"title": "Council", "publisher": "Gazette"}, "The council met on Monday.\n")
STORY = {"title": "Council meets", "date": "2024-01-01", "sources": [{"ref": "a"}],
         "unsourced": ["See the"]}


def test_a_broken_link_in_a_summary_warns_and_fails_under_strict(tmp_path):
    body = "The council met on Monday.\n\nSee the [minutes](../../minutes/index.html).\n"
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/council.md": front(STORY, body)})
    built = newsbrief("build", cwd=root)
    assert built.returncode == 0, built.stderr
    # named at its line in the Markdown, once, not at the built page
    assert "content/stories/council.md:12: warning: body: links to ../../minutes/index.html ([minutes]): it points " \
        "to minutes/index.html, which the build does not produce" in built.stderr, built.stderr
    assert "site/stories/council" not in built.stderr
    strict = newsbrief("build", "--strict", cwd=root)
    assert strict.returncode == 1 and "Traceback" not in strict.stderr


def _linkchecker(site: Path) -> subprocess.CompletedProcess:
    """LinkChecker (PyPI) over the site from file://, anchors included. Run as root it drops to `nobody`,
    so it gets a world-readable copy (pytest's own temporary folders are private)."""
    public = Path(tempfile.mkdtemp(prefix="nb-linkcheck-"))
    try:
        shutil.copytree(site, public / "site")
        (public / "linkcheckerrc").write_text("[AnchorCheck]\n")
        for path in [public, *public.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        return subprocess.run([str(Path(sys.executable).with_name("linkchecker")), "--no-status", "-f",
                               str(public / "linkcheckerrc"), (public / "site" / "index.html").as_uri()],
                              capture_output=True, text=True, timeout=300)
    finally:
        shutil.rmtree(public)


@pytest.mark.skipif(not Path(sys.executable).with_name("linkchecker").exists(), reason="pip install '.[test]'")
def test_the_example_site_passes_linkchecker(tmp_path):
    result = mkdocs("build", "--site-dir", str(tmp_path / "site"), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    checked = _linkchecker(tmp_path / "site")
    assert "0 warnings found. 0 errors found." in checked.stdout, checked.stdout[-3000:]
    assert int(re.search(r"(\d+) links? in", checked.stdout).group(1)) > 20, "it crawled the site"
    (tmp_path / "site" / "index.html").write_text('<a href="gone.html">x</a><a href="#nowhere">y</a>')
    broken = _linkchecker(tmp_path / "site")
    assert "1 warning found. 1 error found." in broken.stdout, broken.stdout[-3000:]


def test_a_link_to_a_draft_scheduled_or_mistyped_story_is_named_at_its_line(tmp_path):
    source = front({"title": "S", "publisher": "P"}, "The council met on Monday.\n")
    story = lambda title, date, body, **extra: front({"title": title, "date": date, "sources": [{"ref": "s"}],
                                                      **extra}, body)
    root = write_site(tmp_path, {
        "sources/s.md": source,
        "stories/deal.md": story("Deal", "2024-01-01", "The council met on Monday.\n\nSee [the budget](budget.md), "
                                 "[later](later.md#top), [a typo](dael.md) and [the other](<other one.md>).\n\n"
                                 "Write `[a link](nowhere.md)` in code, and see [the notes](../sources/notes.md).\n"),
        "sources/notes.md": front({"title": "N", "publisher": "P"}, "Notes.\n"),
        "stories/budget.md": story("Budget", "2024-01-01", "The council met on Monday.\n", draft=True),
        "stories/later.md": story("Later", "2099-01-01", "The council met on Monday.\n"),
        "stories/other one.md": story("Other", "2024-01-02", "The council met on Monday.\n"),
        "stories/deals.md": story("Deals", "2024-01-02", "The council met on Monday.\n")})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    head = "content/stories/deal.md:10: warning: body: links to "
    assert head + "budget.md ([the budget]): content/stories/budget.md is a draft: the link is broken until it is " \
        "published (expected a link to a published story's, source's or other file, or a page of the site)" in lines
    assert any(line.startswith(head + "later.md#top ([later]): content/stories/later.md is scheduled for 2099-01-01")
               for line in lines)
    assert any(line.startswith(head + "dael.md ([a typo]): no story or source content/stories/dael.md (did you mean "
                               "content/stories/deals.md?)") for line in lines)
    assert not any(line.startswith("site/") for line in lines)  # each named once, at its line
    assert not any("links to other one.md" in line or "links to nowhere.md" in line for line in lines)  # code: text
    assert any(line.startswith("content/stories/deal.md:12: warning: body: links to ../sources/notes.md ([the notes]): "
                               "content/sources/notes.md is a source no published story cites") for line in lines)
