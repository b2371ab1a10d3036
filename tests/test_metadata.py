"""Page metadata as link cards, search engines and feed readers see it: canonical, OpenGraph, Twitter, JSON-LD."""
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitekit import mkdocs, newsbrief, parse, write_site
from test_feeds import SITE_URL, TZ, site_files, story

EVIL = 'Breaking: </script><script>alert("x")</script> & <b>more</b>'
HOST = urlsplit(SITE_URL).hostname


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("meta")
    write_site(root, {**site_files(), "stories/evil.md": story(EVIL, "2024-05-11", tags=("Security",))},
               timezone=TZ, site_url=SITE_URL)
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def pages(site: Path):
    return [p for p in sorted(site.rglob("*.html")) if p.name != "404.html"]


def meta(page, **attrs) -> str:
    found = page.find("meta", **attrs)
    assert len(found) == 1, attrs
    return found[0]["content"]


class Scripts(HTMLParser):
    """The text of every <script type="application/ld+json"> and a count of every <script> start tag."""

    def __init__(self):
        super().__init__()
        self.json_ld, self.starts, self._in = [], 0, False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.starts += 1
            self._in = dict(attrs).get("type") == "application/ld+json"
            if self._in:
                self.json_ld.append("")

    def handle_endtag(self, tag):
        self._in = False

    def handle_data(self, data):
        if self._in:
            self.json_ld[-1] += data


def scripts(path: Path) -> Scripts:
    parser = Scripts()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_page_has_canonical_description_opengraph_and_twitter_tags(site):
    for path in pages(site):
        page = parse(path)
        rel = path.relative_to(site).as_posix()
        expected = SITE_URL + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        assert page.find("link", rel="canonical")[0]["href"] == expected
        assert meta(page, property="og:url") == expected
        assert meta(page, name="description") and meta(page, property="og:description")
        assert meta(page, property="og:title") and meta(page, name="twitter:title")
        assert meta(page, property="og:site_name") == "Test Brief"
        assert meta(page, name="twitter:card") == "summary"
        kind = "article" if rel.startswith("stories/") else "website"
        assert meta(page, property="og:type") == kind, rel


def test_story_page_has_article_times_and_tags(site):
    page = parse(site / "stories/late/index.html")
    assert meta(page, property="article:published_time") == "2024-05-16T22:30:00-07:00"
    assert meta(page, property="article:modified_time") == "2024-05-18T09:00:00-07:00"
    assert [m["content"] for m in page.find("meta", property="article:tag")] == ["Energy"]


def news_article(site: Path, slug: str) -> dict:
    found = scripts(site / f"stories/{slug}/index.html").json_ld
    assert len(found) == 1
    return json.loads(found[0])


def test_story_json_ld_is_a_complete_news_article(site):
    data = news_article(site, "late")
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "Late-night record on the grid"
    assert data["datePublished"] == "2024-05-16T22:30:00-07:00"
    assert data["dateModified"] == "2024-05-18T09:00:00-07:00"
    assert data["description"].startswith("The grid operator said")
    assert data["keywords"] == ["Energy"]
    assert data["url"] == data["mainEntityOfPage"]["@id"] == SITE_URL + "stories/late/"
    assert data["publisher"]["name"] == "Test Brief" and data["author"]["@type"] == "Organization"
    [cited] = data["citation"]
    assert cited["url"] == "https://news.example.com/grid" and cited["publisher"]["name"] == "Reuters"
    assert cited["sameAs"] == SITE_URL + "sources/grid/"
    assert data["isBasedOn"] == ["https://news.example.com/grid"]
    [correction] = data["correction"]
    assert correction == {"@type": "CorrectionComment", "text": "Fixed a figure.",
                          "datePublished": "2024-05-18T09:00:00-07:00"}
    assert "correction" not in news_article(site, "early")


def test_json_ld_cannot_be_broken_out_of(site):
    path = site / "stories/evil/index.html"
    html = path.read_text(encoding="utf-8")
    found = scripts(path)
    assert len(found.json_ld) == 1
    assert found.starts == html.count("<script")             # no <script> smuggled in by the headline
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["headline"] == EVIL             # escaped, not altered
    assert json.loads(found.json_ld[0])["headline"] == EVIL


def own_absolute_urls(site: Path):
    """(file, URL) for every absolute URL to our own host in every page, feed, sitemap and robots.txt."""
    pattern = re.compile(r"https?://[^\s\"'<>\\]+")
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".xml", ".json", ".txt") or path.name == "robots.txt":
            for url in pattern.findall(path.read_text(encoding="utf-8")):
                if urlsplit(url).hostname == HOST:
                    yield path.relative_to(site).as_posix(), url


def test_every_absolute_url_is_under_the_site_url_and_its_subpath(site):
    found = list(own_absolute_urls(site))
    assert len(found) > 100
    wrong = [(f, u) for f, u in found if not u.startswith(SITE_URL)]
    assert not wrong, wrong[:5]


def test_links_a_browser_follows_inside_the_site_stay_relative(site):
    for path in pages(site):
        page = parse(path)
        followed = [a["href"] for a in page.find("a") if "href" in a]
        followed += [a["href"] for t, a in page.tags if t == "link" and a.get("rel") in ("stylesheet", "alternate", "icon")]
        assert not [u for u in followed if urlsplit(u).hostname == HOST], path


def test_without_site_url_pages_still_have_card_tags_but_no_absolute_urls(tmp_path):
    write_site(tmp_path, site_files(), timezone=TZ, site_url="")
    assert newsbrief("build", cwd=tmp_path).returncode == 0
    page = parse(tmp_path / "site/stories/late/index.html")
    assert meta(page, property="og:title") == "Late-night record on the grid"
    assert not page.find("link", rel="canonical") and not page.find("meta", property="og:url")
    data = json.loads(scripts(tmp_path / "site/stories/late/index.html").json_ld[0])
    assert data["headline"] == "Late-night record on the grid" and "url" not in data


def test_mkdocs_own_pages_carry_the_same_head(tmp_path):
    """An About page rendered by MkDocs (templates/main.html) advertises the feeds and has card tags too."""
    files = {**site_files(), "about.md": "---\ndescription: Who writes <the> briefs\n---\n# About us\n\nWho we are.\n"}
    write_site(tmp_path, files, timezone=TZ, site_url=SITE_URL)
    result = mkdocs("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = parse(tmp_path / "site/about.html")
    assert page.find("link", rel="canonical")[0]["href"] == meta(page, property="og:url") == SITE_URL + "about.html"
    assert {a["href"] for a in page.find("link", rel="alternate")} == {"feed.xml", "atom.xml", "feed.json"}
    assert meta(page, name="description") == "Who writes <the> briefs"
    assert meta(page, property="og:title") == "About us" and meta(page, name="twitter:card") == "summary"


def test_a_story_with_a_picture_shows_it_on_link_cards(tmp_path):
    """A summary's first picture is the story's image for link cards (og:image, a large Twitter card) and
    for search engines (JSON-LD image), as an absolute URL under the site's subpath."""
    files = site_files()
    files["img/grid chart.png"] = b"\x89PNG\r\n\x1a\n" + bytes(64)
    body = ("The grid operator said demand reached a record on Thursday evening.\n\n"
            "![Demand by hour](../img/grid%20chart.png)\n\n![Second](https://cdn.example.org/b.png)\n")
    files["stories/pic.md"] = files["stories/late.md"].split("---\n", 2)[0] + "---\n" + \
        files["stories/late.md"].split("---\n", 2)[1].replace("Late-night record on the grid", "Pictured") + "---\n" + body
    write_site(tmp_path, files, timezone=TZ, site_url=SITE_URL)
    result = newsbrief("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = parse(tmp_path / "site/stories/pic/index.html")
    expected = SITE_URL + "img/grid%20chart.png"
    assert meta(page, property="og:image") == expected and meta(page, name="twitter:image") == expected
    assert meta(page, property="og:image:alt") == "Demand by hour"
    assert meta(page, name="twitter:card") == "summary_large_image"
    data = json.loads(scripts(tmp_path / "site/stories/pic/index.html").json_ld[0])
    assert data["image"] == [expected]
    plain = parse(tmp_path / "site/stories/late/index.html")  # no picture: no image, a small card
    assert not plain.find("meta", property="og:image") and meta(plain, name="twitter:card") == "summary"
