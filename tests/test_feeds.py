"""Feeds read back the way feed readers read them: feedparser for RSS and Atom, the 1.1 spec for JSON Feed."""
import datetime as dt
import json
import re
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from sitekit import front, mkdocs, newsbrief, parse, write_site

SITE_URL = "https://example.github.io/brief/"
TZ = "America/Los_Angeles"
SOURCE = front({"title": "Grid report", "publisher": "Reuters", "url": "https://news.example.com/grid",
                "published": "2024-05-16"},
               "The grid operator said demand reached a record on Thursday evening.\n\n"
               "Prices rose by 40 percent in the evening.\n")


def story(title, date, tags=("Energy",), **extra):
    fields = {"title": title, "date": date, "tags": list(tags), "sources": [{"ref": "grid"}], **extra}
    return front(fields, "The grid operator said demand reached a record on Thursday evening. "
                         "Prices rose by 40 percent, [the report](https://news.example.com/grid) says.\n")


def site_files(late_title="Late-night record on the grid"):
    return {
        "sources/grid.md": SOURCE,
        "stories/late.md": story(late_title, "2024-05-16T22:30:00-07:00",
                                 corrections=[{"date": "2024-05-18T09:00:00-07:00", "text": "Fixed a figure."}]),
        "stories/early.md": story("Morning prices", "2024-05-16T08:00:00-07:00", tags=("Energy", "Climate")),
        "stories/tie-a.md": story("Tie A", "2024-05-15T12:00:00+00:00", tags=("Climate",)),
        "stories/tie-b.md": story("Tie B", "2024-05-15T12:00:00+00:00", tags=("Climate",)),
        "stories/updated.md": story("Updated story", "2024-05-10", updated="2024-05-20T10:00:00-07:00"),
        "stories/future.md": story("Not yet", "2099-01-01"),
        "stories/draft.md": story("Draft", "2024-05-12", draft=True),
    }


NEWEST_FIRST = ["late", "early", "tie-b", "tie-a", "updated"]   # same time: slug tiebreak, reverse


def build(root: Path, files=None, **options) -> Path:
    write_site(root, files or site_files(), timezone=TZ, site_url=SITE_URL, **options)
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory.mktemp("feeds"))


def read_feed(path: Path):
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def slug_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


@pytest.mark.parametrize("name, version", [("feed.xml", "rss20"), ("atom.xml", "atom10")])
def test_feed_reads_back_complete_and_newest_first(site, name, version):
    parsed = read_feed(site / name)
    assert parsed.version == version
    assert [slug_of(e.link) for e in parsed.entries] == NEWEST_FIRST
    for entry in parsed.entries:
        assert entry.title and entry.id.startswith("tag:example.github.io,")
        assert entry.link.startswith(SITE_URL + "stories/")
        assert entry.published_parsed and entry.updated_parsed
        assert [t.term for t in entry.tags]
    assert parsed.feed.link == SITE_URL


def test_every_format_agrees_on_ids_and_order(site):
    rss, atom = read_feed(site / "feed.xml"), read_feed(site / "atom.xml")
    items = json.loads((site / "feed.json").read_text())["items"]
    assert [e.id for e in rss.entries] == [e.id for e in atom.entries] == [i["id"] for i in items]


def test_rss_dates_are_rfc_822_and_atom_dates_rfc_3339_in_the_site_zone(site):
    text = (site / "feed.xml").read_text()
    assert "<pubDate>Thu, 16 May 2024 22:30:00 -0700</pubDate>" in text
    for value in re.findall(r"<(?:pubDate|lastBuildDate)>(.*?)</", text):
        assert re.fullmatch(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}", value)
        assert parsedate_to_datetime(value).tzinfo
    atom = (site / "atom.xml").read_text()
    assert "<published>2024-05-16T22:30:00-07:00</published>" in atom
    for value in re.findall(r"<(?:published|updated)>(.*?)</", atom):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value)


def test_late_evening_west_of_utc_stays_on_its_own_day(site):
    """22:30 in Los Angeles is 05:30 the next day in UTC: archives, ids and feeds keep the local day."""
    assert "Late-night record" in parse(site / "archive/2024/05/16/index.html").text
    assert not (site / "archive/2024/05/17/index.html").exists()
    late = read_feed(site / "atom.xml").entries[0]
    assert ",2024-05-16:" in late.id
    assert late.published == "2024-05-16T22:30:00-07:00"


def test_a_correction_or_update_moves_updated_not_published(site):
    entries = {slug_of(e.link): e for e in read_feed(site / "atom.xml").entries}
    assert entries["late"].updated == "2024-05-18T09:00:00-07:00"
    assert entries["updated"].updated == "2024-05-20T10:00:00-07:00"
    assert entries["updated"].published == "2024-05-10T00:00:00-07:00"   # a bare date: midnight in the site zone
    assert entries["early"].updated == entries["early"].published
    rss = {slug_of(e.link): e for e in read_feed(site / "feed.xml").entries}
    assert rss["late"].updated == "2024-05-18T09:00:00-07:00"           # dcterms:modified


def test_id_survives_a_headline_edit(tmp_path):
    before = read_feed(build(tmp_path) / "atom.xml").entries[0]
    after = read_feed(build(tmp_path, site_files("A new headline")) / "atom.xml").entries[0]
    assert (before.title, after.title) == ("Late-night record on the grid", "A new headline")
    assert before.id == after.id == "tag:example.github.io,2024-05-16:/brief/stories/late"


class Hrefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [v for k, v in attrs if k in ("href", "src")]


def test_content_is_full_html_with_absolute_links_sources_and_corrections(site):
    late = read_feed(site / "feed.xml").entries[0]
    assert late.summary.startswith("The grid operator said demand")     # the dek
    content = late.content[0].value
    hrefs = Hrefs()
    hrefs.feed(content)
    assert hrefs.urls and all(u.startswith(("https://", "http://")) for u in hrefs.urls), hrefs.urls
    assert "https://news.example.com/grid" in hrefs.urls                # the source, as a link
    assert "Fixed a figure." in content
    assert "evidence-tip" not in content and "visually-hidden" not in content   # screen-only text stays on the site
    atom = read_feed(site / "atom.xml").entries[0]
    assert "https://news.example.com/grid" in [l.href for l in atom.links if l.rel == "related"]


def test_topic_feeds_hold_only_their_stories(site):
    energy = read_feed(site / "tags/energy/feed.xml")
    assert [slug_of(e.link) for e in energy.entries] == ["late", "early", "updated"]
    assert energy.feed.title.endswith("Energy")
    climate = json.loads((site / "tags/climate/feed.json").read_text())
    assert [slug_of(i["url"]) for i in climate["items"]] == ["early", "tie-b", "tie-a"]
    assert climate["feed_url"] == SITE_URL + "tags/climate/feed.json"


def test_scheduled_and_draft_stories_are_not_published(site, tmp_path):
    for name in ("feed.xml", "atom.xml", "feed.json", "sitemap.xml"):
        text = (site / name).read_text()
        assert "Not yet" not in text and "stories/future" not in text and "Draft" not in text
    assert not (site / "stories/future").exists()
    write_site(tmp_path, site_files(), timezone=TZ, site_url=SITE_URL)
    listed = "scheduled: content/stories/future.md publishes at 2099-01-01T00:00:00-08:00"
    assert listed in newsbrief("build", cwd=tmp_path).stderr
    assert listed in mkdocs("build", cwd=tmp_path).stderr  # what the Pages workflow runs says so too


def test_feed_size_keeps_the_newest(tmp_path):
    site = build(tmp_path, extra="      feed_size: 2\n")
    assert [slug_of(e.link) for e in read_feed(site / "feed.xml").entries] == NEWEST_FIRST[:2]
    assert len(json.loads((site / "feed.json").read_text())["items"]) == 2


JSON_FEED_TOP = {"version", "title", "home_page_url", "feed_url", "description", "user_comment", "next_url", "icon",
                 "favicon", "authors", "language", "expired", "hubs", "items"}
JSON_FEED_ITEM = {"id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
                  "banner_image", "date_published", "date_modified", "authors", "tags", "language", "attachments"}


def rfc3339(value: str) -> dt.datetime:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)", value), value
    return dt.datetime.fromisoformat(value)


def test_json_feed_follows_the_1_1_spec_field_by_field(site):
    feed = json.loads((site / "feed.json").read_bytes().decode("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"               # required, exact
    assert isinstance(feed["title"], str) and feed["title"]                     # required
    assert feed["home_page_url"] == SITE_URL and feed["feed_url"] == SITE_URL + "feed.json"
    assert all(k in JSON_FEED_TOP or re.match(r"_[a-z]", k) for k in feed)     # extensions start with _
    assert "author" not in feed                                                 # 1.0 field, deprecated in 1.1
    assert all(isinstance(a, dict) and a.get("name") for a in feed["authors"])
    assert isinstance(feed["items"], list) and len(feed["items"]) == len(NEWEST_FIRST)
    ids = [item["id"] for item in feed["items"]]
    assert len(set(ids)) == len(ids)
    for item in feed["items"]:
        assert set(item) - JSON_FEED_ITEM <= {"_newsbrief"}
        assert isinstance(item["id"], str) and item["id"]                       # required, a string
        assert item["content_html"]                                             # content_html or content_text
        assert item["url"].startswith(SITE_URL) and item["title"] and item["summary"]
        assert rfc3339(item["date_modified"]) >= rfc3339(item["date_published"])
        assert all(isinstance(t, str) for t in item["tags"])
        assert all(s["url"].startswith("http") for s in item["_newsbrief"]["sources"])
    published = [rfc3339(i["date_published"]) for i in feed["items"]]
    assert published == sorted(published, reverse=True)


def test_feeds_are_advertised_in_every_head_and_linked_visibly(site):
    types = {"application/rss+xml", "application/atom+xml", "application/feed+json"}
    for page in [p for p in site.rglob("*.html") if p.name != "404.html"]:
        alternates = parse(page).find("link", rel="alternate")
        assert types <= {a["type"] for a in alternates}, page
        assert all(not a["href"].startswith("http") for a in alternates)       # inside the site: relative
    front_page = parse(site / "index.html")
    assert {a["href"] for a in front_page.find("a") if a.get("type")} == {"feed.xml", "atom.xml", "feed.json"}
    topic = parse(site / "tags/energy/index.html")
    assert {a["href"] for a in topic.find("a") if a.get("type")} == {"feed.xml", "atom.xml", "feed.json"}
    assert topic.find("link", rel="alternate")[0]["title"].endswith("Energy (RSS)")


def test_without_site_url_pages_build_and_one_warning_names_the_setting(tmp_path):
    write_site(tmp_path, site_files(), timezone=TZ, site_url="")
    result = newsbrief("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "site_url: not set" in line]
    assert len(notes) == 1 and "warning" in notes[0] and "feeds" in notes[0]
    assert "404.html" not in result.stderr.replace("and 404.html links from the domain root", "")  # its /… links resolve
    site = tmp_path / "site"
    assert (site / "stories/late/index.html").is_file()
    for name in ("feed.xml", "atom.xml", "feed.json", "sitemap.xml", "news-sitemap.xml", "robots.txt",
                 "tags/energy/feed.xml"):
        assert not (site / name).exists(), name
    assert not parse(site / "index.html").find("link", rel="alternate")


def test_plain_text_in_rss_descriptions_reads_back_as_written(tmp_path):
    """RSS descriptions are HTML: escaped once more for markup, but an apostrophe must not become &#x27;."""
    site = build(tmp_path, extra="site_description: \"Today's <b>sourced</b> news\"\n")
    parsed = read_feed(site / "feed.xml")
    assert "Today's" in parsed.feed.description and "&#x27;" not in parsed.feed.description
    assert "<b>" not in parsed.feed.description  # the markup stays text, never bold
    assert b"&#x27;" not in (site / "feed.xml").read_bytes()


def test_daylight_saving_changes_keep_order_ties_and_the_feed_date(tmp_path):
    """London: 01:30 on 31 March 2024 never happened (the clock jumped to 02:00 BST); 01:30 on 27 October
    happened twice. Stories sort by instant, ties by slug, and the feed is as new as its newest entry."""
    files = {"sources/grid.md": SOURCE,
             "stories/gap.md": story("Skipped hour", "2024-03-31T01:30:00"),     # read as 01:30 GMT = 02:30 BST
             "stories/bst.md": story("Summer time", "2024-03-31T02:15:00"),      # 01:15 UTC
             "stories/utc.md": story("In UTC", "2024-03-31T01:20:00Z"),          # 01:20 UTC
             "stories/a-local.md": story("Local twice", "2024-10-27T01:30:00"),  # the first 01:30: 00:30 UTC
             "stories/z-utc.md": story("Same instant", "2024-10-27T00:30:00Z"),
             "stories/first.md": story("Before the change", "2024-10-27T01:45:00+01:00"),  # 00:45 UTC
             "stories/second.md": story("After the change", "2024-10-27T01:05:00+00:00")}  # 01:05 UTC, newest
    write_site(tmp_path, files, timezone="Europe/London", site_url=SITE_URL)
    result = newsbrief("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    parsed = read_feed(site / "atom.xml")
    assert [slug_of(e.link) for e in parsed.entries] == ["second", "first", "z-utc", "a-local", "gap", "utc", "bst"]
    assert parsed.feed.updated == "2024-10-27T01:05:00+00:00"
    assert 'datetime="2024-03-31T02:30:00+01:00"' in (site / "stories/gap/index.html").read_text()


def test_local_mean_time_offsets_are_written_in_utc(tmp_path):
    """Before 1906 Kolkata kept local mean time, +05:53:28: an offset with seconds, which RFC 3339, Atom,
    sitemaps and HTML's datetime do not allow. Such moments are written in UTC; the page still says local time."""
    files = {"sources/grid.md": SOURCE, "stories/old.md": story("An archive story", "1850-01-01T12:00:00")}
    write_site(tmp_path, files, timezone="Asia/Kolkata", site_url=SITE_URL)
    result = newsbrief("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    (entry,) = read_feed(site / "atom.xml").entries
    assert entry.published == "1850-01-01T06:06:32+00:00"
    (item,) = read_feed(site / "feed.xml").entries
    assert parsedate_to_datetime(item.published) == dt.datetime(1850, 1, 1, 6, 6, 32, tzinfo=dt.timezone.utc)
    item = json.loads((site / "feed.json").read_text())["items"][0]
    assert rfc3339(item["date_published"]) == dt.datetime(1850, 1, 1, 6, 6, 32, tzinfo=dt.timezone.utc)
    page = (site / "stories/old/index.html").read_text()
    assert 'datetime="1850-01-01T06:06:32+00:00"' in page and "1 January 1850, 12:00" in page
    ld = json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert rfc3339(ld["datePublished"])
    lastmods = re.findall(r"<lastmod>(.*?)</lastmod>", (site / "sitemap.xml").read_text())
    assert lastmods and all(rfc3339(v) for v in lastmods)
