"""Links written in a summary to other content files: resolved as MkDocs resolves them, kept with their query
and fragment, and a broken one named at its line in the Markdown."""
import re

from sitekit import front, newsbrief, write_site

SOURCE = front({"title": "S", "publisher": "P"}, "The council met on Monday.\n")


def story(title, date, body, **extra):
    return front({"title": title, "date": date, "sources": [{"ref": "a"}], **extra}, body)


def hrefs(html: str) -> dict:
    """link text -> href (or img alt -> src) of the summary's links."""
    found = {text: href for href, text in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', html)}
    found.update({alt: src for alt, src in re.findall(r'<img alt="([^"]*)" src="([^"]*)"', html)})
    return found


def build(tmp_path, body, *more, **files):
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/x.md": story("X", "2024-01-01", body),
                                 "stories/other.md": story("Other", "2024-01-02", "The council met on Monday.\n"),
                                 "img/p.png": b"\x89PNG", **files})
    built = newsbrief("build", *more, cwd=root)
    assert "Traceback" not in built.stderr, built.stderr
    return root, built


def test_percent_encoded_separators_resolve_as_mkdocs_resolves_them_and_never_leave_content(tmp_path):
    # MkDocs decodes the path before resolving it (`..%2fsources%2fa.md` is ../sources/a.md), and finds no
    # file for a path that leaves docs_dir, even one that climbs back in: checked against mkdocs 1.6's output
    body = ("The council met on Monday.\n\n"
            "[enc](..%2fsources%2fa.md) [dots](%2e%2e%2fsources%2fa.md) [climb](../../content/stories/other.md) "
            "[enc climb](..%2f..%2fcontent%2fstories%2fother.md) [far](..%2F..%2F..%2Fx%2Fcontent%2Fsources%2Fa.md) "
            "![pic](..%2fimg%2fp.png) ![pic climb](..%2f..%2fcontent%2fimg%2fp.png)\n")
    root, built = build(tmp_path, body)
    links = hrefs((root / "site/stories/x/index.html").read_text())
    assert links["enc"] == links["dots"] == "../../sources/a/index.html"
    assert links["pic"] == "../../img/p.png"
    # left as written, as MkDocs leaves them: nothing outside content/ is read or linked
    assert links["climb"] == "../../content/stories/other.md"
    assert links["enc climb"] == "..%2f..%2fcontent%2fstories%2fother.md"
    assert links["far"] == "..%2F..%2F..%2Fx%2Fcontent%2Fsources%2Fa.md"
    assert links["pic climb"] == "..%2f..%2fcontent%2fimg%2fp.png"
    for written in ("../../content/stories/other.md", "..%2f..%2fcontent%2fstories%2fother.md"):
        assert f"content/stories/x.md:10: warning: body: links to {written} ([" in built.stderr
    assert built.stderr.count("it leads out of content/ (read from the folder of content/stories/x.md") == 3


def test_a_query_and_a_fragment_are_kept_on_the_link_to_the_page(tmp_path):
    body = ("The council met on Monday.\n\n"
            "[q](other.md?x=1#main) [f](other.md#main) [qq](other.md?x=1&y=2) [src](../sources/a.md?v=2)\n")
    root, built = build(tmp_path, body)
    links = hrefs((root / "site/stories/x/index.html").read_text())
    assert links["q"] == "../other/index.html?x=1#main"
    assert links["f"] == "../other/index.html#main"
    assert links["qq"] == "../other/index.html?x=1&amp;y=2"
    assert links["src"] == "../../sources/a/index.html?v=2"
    assert "links to" not in built.stderr and "does not produce" not in built.stderr, built.stderr


BROKEN = ("The council met on Monday.\n\n"
          "See [the gone brief](gone.md), [a figure](../img/none.png) and\n"
          "![a chart](../img/chart.png \"A chart\"), [the minutes](../../minutes/index.html),\n"
          "[a part](#nowhere), [fine](other.md) and `[in code](nowhere.md)`.\n")


def test_a_summarys_broken_links_are_named_at_their_line_in_the_markdown_once(tmp_path):
    root, built = build(tmp_path, BROKEN)
    lines = [line for line in built.stderr.splitlines() if "links to" in line or line.startswith("site/")]
    head = "content/stories/x.md:{}: warning: body: links to "
    assert lines[0].startswith(head.format(10) + "gone.md ([the gone brief]): no story or source content/stories/gone.md")
    assert lines[1].startswith(head.format(10) + "../img/none.png ([a figure]): no file content/img/none.png")
    assert lines[2].startswith(head.format(11) + "../img/chart.png ([a chart]): no file content/img/chart.png")
    assert lines[3].startswith(head.format(11) + "../../minutes/index.html ([the minutes]): it points to "
                               "minutes/index.html, which the build does not produce")
    # an anchor is only known once the page is built: the HTML check finds it, and names the Markdown's line
    assert lines[4].startswith(head.format(12) + "#nowhere ([a part]): no id 'nowhere' in stories/x/index.html")
    assert len(lines) == 5, built.stderr  # nothing named again at site/stories/x/index.html, code is no link
    strict = newsbrief("build", "--strict", cwd=root)
    assert strict.returncode == 1 and "links to gone.md" in strict.stderr and "Traceback" not in strict.stderr


def test_a_template_link_is_still_named_at_the_built_page(tmp_path):
    from sitekit import TEMPLATES
    import shutil
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    story_html = tmp_path / "templates" / "story.html"
    text = story_html.read_text()
    story_html.write_text(text.replace("</article>", '<a href="../../nowhere/index.html">x</a></article>', 1))
    assert story_html.read_text() != text, "the template has an </article> to put the link before"
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/x.md": story("X", "2024-01-01", BROKEN)})
    yml = root / "mkdocs.yml"
    yml.write_text(yml.read_text().replace(f"custom_dir: {TEMPLATES}", f"custom_dir: {tmp_path / 'templates'}"))
    built = newsbrief("build", cwd=root)
    assert "Traceback" not in built.stderr, built.stderr
    assert "site/stories/x/index.html" in built.stderr and "link '../../nowhere/index.html' points to " \
        "nowhere/index.html, which the build does not produce" in built.stderr, built.stderr
    assert "content/stories/x.md:11: warning: body: links to ../../minutes/index.html" in built.stderr


def test_check_names_the_summary_link_problems_the_build_names(tmp_path):
    root, built = build(tmp_path, BROKEN)
    checked = newsbrief("check", cwd=root)
    named = lambda out: sorted(line for line in out.splitlines() if "links to" in line)
    # all but the missing anchor, which only the built page shows
    assert named(checked.stderr + checked.stdout) == [line for line in named(built.stderr) if "no id" not in line]
    assert len(named(checked.stderr + checked.stdout)) == 4
    (tmp_path / "fixed").mkdir()
    fixed = write_site(tmp_path / "fixed", {"sources/a.md": SOURCE, "img/p.png": b"\x89PNG",
                                            "stories/other.md": story("Other", "2024-01-02", "The council met on Monday.\n"),
                                            "stories/x.md": story("X", "2024-01-01", "The council met on Monday.\n\n"
                                                                  "[fine](other.md) ![p](../img/p.png)\n")})
    assert "links to" not in newsbrief("check", cwd=fixed).stderr


def test_a_link_to_a_theme_asset_or_another_page_of_the_site_is_no_problem(tmp_path):
    body = ("The council met on Monday.\n\n[style](../../assets/style.css), [topics](../../tags/index.html), "
            "[the other](../other/index.html#main), [robots](../../robots.txt)\n")
    root, built = build(tmp_path, body)
    assert (root / "site/assets/style.css").is_file()
    assert "links to" not in built.stderr and "does not produce" not in built.stderr, built.stderr
    assert "links to" not in newsbrief("check", cwd=root).stderr
