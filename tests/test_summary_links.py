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
        assert f"content/stories/x.md:10: warning: body: links to {written}: it leads out of content/" in built.stderr


def test_a_query_and_a_fragment_are_kept_on_the_link_to_the_page(tmp_path):
    body = ("The council met on Monday.\n\n"
            "[q](other.md?x=1#part) [f](other.md#part) [qq](other.md?x=1&y=2) [src](../sources/a.md?v=2)\n")
    root, built = build(tmp_path, body)
    links = hrefs((root / "site/stories/x/index.html").read_text())
    assert links["q"] == "../other/index.html?x=1#part"
    assert links["f"] == "../other/index.html#part"
    assert links["qq"] == "../other/index.html?x=1&amp;y=2"
    assert links["src"] == "../../sources/a/index.html?v=2"
    assert "links to other.md" not in built.stderr and "points to stories/x/other.md" not in built.stderr
