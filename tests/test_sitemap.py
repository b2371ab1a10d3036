"""Sitemaps, robots.txt and the GitHub Pages files, parsed and checked against what crawlers and hosts require."""
import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.index import SiteIndex
from generator.model import Story
from generator.sitemap import NEWS_LIMIT, recent_stories
from sitekit import mkdocs, newsbrief, parse, write_site
from test_feeds import SITE_URL, TZ, site_files

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
BUILD_TIME = dt.datetime(2024, 5, 17, 12, 0, tzinfo=dt.timezone.utc)   # SOURCE_DATE_EPOCH of these builds
W3C_DATETIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"


def build(root: Path, monkeypatch, when=BUILD_TIME, files=None, **options) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(when.timestamp())))
    root.mkdir(parents=True, exist_ok=True)
    write_site(root, files or site_files(), timezone=TZ, **{"site_url": SITE_URL, **options})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture
def site(tmp_path, monkeypatch):
    return build(tmp_path, monkeypatch)


def urlset(path: Path) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SM}urlset"
    return root.findall(f"{SM}url")


def page_url(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return SITE_URL + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def test_sitemap_lists_every_page_once_with_a_loc_and_lastmod(site):
    entries = urlset(site / "sitemap.xml")
    locs = [u.findtext(f"{SM}loc") for u in entries]
    pages = {page_url(site, p) for p in site.rglob("*.html") if p.name != "404.html"}
    assert sorted(locs) == sorted(pages) and len(locs) == len(set(locs))
    for url in entries:
        assert {child.tag for child in url} <= {f"{SM}loc", f"{SM}lastmod", f"{SM}changefreq", f"{SM}priority"}
        assert re.fullmatch(W3C_DATETIME, url.findtext(f"{SM}lastmod"))
        assert len(url.findtext(f"{SM}loc")) < 2048


def lastmods(site: Path) -> dict:
    return {u.findtext(f"{SM}loc")[len(SITE_URL):]: u.findtext(f"{SM}lastmod") for u in urlset(site / "sitemap.xml")}


def test_lastmod_comes_from_the_content(site):
    dates = lastmods(site)
    assert dates["stories/late/"] == "2024-05-18T09:00:00-07:00"       # its correction
    assert dates["stories/updated/"] == "2024-05-20T10:00:00-07:00"    # its update
    assert dates["stories/early/"] == "2024-05-16T08:00:00-07:00"      # its date
    assert dates["tags/climate/"] == "2024-05-16T08:00:00-07:00"       # its newest story
    assert dates[""] == dates["tags/"] == "2024-05-20T10:00:00-07:00"  # whole-site listings: the newest change


def test_lastmod_never_comes_from_the_build_time(tmp_path, monkeypatch):
    first = build(tmp_path / "a", monkeypatch, dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc))
    second = build(tmp_path / "b", monkeypatch, dt.datetime(2031, 6, 1, tzinfo=dt.timezone.utc))
    assert (first / "sitemap.xml").read_bytes() == (second / "sitemap.xml").read_bytes()


def test_same_content_and_epoch_give_identical_bytes(tmp_path, monkeypatch):
    first, second = build(tmp_path / "a", monkeypatch), build(tmp_path / "b", monkeypatch)
    for path in sorted(first.rglob("*")):
        if path.suffix in (".xml", ".json", ".txt", ".html"):
            assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path


def test_news_sitemap_holds_the_last_two_days(site):
    entries = urlset(site / "news-sitemap.xml")
    locs = [u.findtext(f"{SM}loc") for u in entries]
    # 2024-05-15T12:00Z (the tie pair) is exactly two days before the build: still in; 05-10 is out
    assert locs == [SITE_URL + f"stories/{s}/" for s in ("late", "early", "tie-b", "tie-a")]
    for url in entries:
        news = url.findall(f"{NEWS}news")
        assert len(news) == 1                                                   # one news:news per url
        publication = news[0].find(f"{NEWS}publication")
        assert publication.findtext(f"{NEWS}name") == "Test Brief"
        assert publication.findtext(f"{NEWS}language") == "en"
        assert re.fullmatch(W3C_DATETIME, news[0].findtext(f"{NEWS}publication_date"))
        assert news[0].findtext(f"{NEWS}title")
    assert entries[0].find(f"{NEWS}news").findtext(f"{NEWS}publication_date") == "2024-05-16T22:30:00-07:00"


def test_both_sitemaps_validate_against_their_schemas(site):
    """The sitemaps.org 0.9 schema with Google's news schema imported (tests/fixtures/schemas/)."""
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(Path(__file__).parent / "fixtures/schemas/sitemap.xsd"))
    for name in ("sitemap.xml", "news-sitemap.xml"):
        schema.validate(str(site / name))


def test_news_sitemap_is_empty_but_valid_on_a_quiet_day(tmp_path, monkeypatch):
    """Google documents an empty news sitemap as harmless (its schema wants one <url>, so we don't validate it)."""
    site = build(tmp_path, monkeypatch, dt.datetime(2024, 6, 30, tzinfo=dt.timezone.utc))
    assert urlset(site / "news-sitemap.xml") == []


def test_news_sitemap_stops_at_a_thousand_newest():
    now = dt.datetime(2024, 5, 17, 12, tzinfo=dt.timezone.utc)
    stories = tuple(Story(f"s{i}.md", f"s{i:04d}", f"Story {i}", now - dt.timedelta(minutes=i), (), "Text.")
                    for i in range(NEWS_LIMIT + 5))
    recent = recent_stories(SiteIndex(stories, {}, ZoneInfo("UTC")), now)
    assert len(recent) == NEWS_LIMIT and recent[0].slug == "s0000" and recent[-1].slug == "s0999"


def test_robots_txt_names_both_sitemaps(site):
    lines = (site / "robots.txt").read_text().splitlines()
    assert "User-agent: *" in lines
    assert [l for l in lines if l.startswith("Sitemap:")] == [f"Sitemap: {SITE_URL}sitemap.xml",
                                                               f"Sitemap: {SITE_URL}news-sitemap.xml"]


def test_404_page_works_from_any_depth(site, tmp_path, monkeypatch):
    page = parse(site / "404.html")
    urls = [url for _, url in page.links if url != "#main"]
    assert urls and all(url.startswith(SITE_URL) for url in urls), urls
    assert page.find("meta", name="robots")[0]["content"] == "noindex"
    bare = build(tmp_path / "bare", monkeypatch, site_url="")
    urls = [url for _, url in parse(bare / "404.html").links if url != "#main"]
    assert urls and all(url.startswith("/") and not url.startswith("//") for url in urls), urls


def test_github_pages_files(site, tmp_path, monkeypatch):
    assert (site / ".nojekyll").read_bytes() == b""
    assert not (site / "CNAME").exists()
    files = {**site_files(), "CNAME": "news.example.org\n"}
    assert (build(tmp_path / "a", monkeypatch, files=files) / "CNAME").read_text() == "news.example.org\n"
    configured = build(tmp_path / "b", monkeypatch, extra="      cname: brief.example.net\n")
    assert (configured / "CNAME").read_text() == "brief.example.net\n"


def test_a_bad_cname_is_an_error_naming_the_file(tmp_path):
    write_site(tmp_path, {**site_files(), "CNAME": "not a host name!\n"}, site_url=SITE_URL)
    result = newsbrief("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "content/CNAME:1: cname: 'not a host name!' is not a host name" in result.stderr
    (tmp_path / "content/CNAME").unlink()
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text() + "      cname: 'bad host!'\n")
    line = config.read_text().splitlines().index("      cname: 'bad host!'") + 1
    result = newsbrief("build", cwd=tmp_path)
    assert result.returncode == 1 and f"mkdocs.yml:{line}: cname: 'bad host!' is not a host name" in result.stderr, \
        result.stderr


def test_real_mkdocs_build_has_our_sitemap_not_its_own(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(BUILD_TIME.timestamp())))
    files = {**site_files(), "about.md": "# About us\n\nWho we are.\n", "CNAME": "news.example.org\n"}
    write_site(tmp_path, files, timezone=TZ, site_url=SITE_URL)
    result = mkdocs("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    dates = lastmods(site)
    assert dates["stories/late/"] == "2024-05-18T09:00:00-07:00"
    assert "about.html" in dates and dates["about.html"] is None      # MkDocs' own page, listed, undated
    assert not (site / "sitemap.xml.gz").exists()
    assert (site / ".nojekyll").exists() and (site / "CNAME").read_text() == "news.example.org\n"
    newsbrief_site = build(tmp_path / "nb", monkeypatch)
    assert (site / "news-sitemap.xml").read_bytes() == (newsbrief_site / "news-sitemap.xml").read_bytes()
    assert (site / "feed.xml").read_bytes() == (newsbrief_site / "feed.xml").read_bytes()


def test_a_future_story_waits_for_its_time(tmp_path, monkeypatch):
    """Built before its time a story is scheduled: in no page, feed or sitemap; built after, it is published."""
    before = build(tmp_path / "before", monkeypatch, dt.datetime(2024, 5, 16, 12, tzinfo=dt.timezone.utc))
    assert not (before / "stories/late").exists() and not (before / "stories/early").exists()
    for name in ("feed.xml", "atom.xml", "feed.json", "sitemap.xml", "news-sitemap.xml"):
        assert "stories/late" not in (before / name).read_text(), name
    after = build(tmp_path / "after", monkeypatch, dt.datetime(2024, 5, 17, 6, tzinfo=dt.timezone.utc))
    assert (after / "stories/late/index.html").is_file()
    assert "stories/late/" in (after / "news-sitemap.xml").read_text()


def test_mkdocs_without_site_url_warns_once_and_writes_no_sitemap(tmp_path):
    write_site(tmp_path, site_files(), timezone=TZ, site_url="")
    result = mkdocs("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "site_url: not set" in line]
    assert len(notes) == 1 and notes[0].startswith("WARNING") and "feeds" in notes[0], notes
    site = tmp_path / "site"
    assert (site / "stories/late/index.html").is_file() and (site / ".nojekyll").exists()
    for name in ("sitemap.xml", "sitemap.xml.gz", "news-sitemap.xml", "feed.xml", "robots.txt"):
        assert not (site / name).exists(), name
    assert mkdocs("build", "--strict", cwd=tmp_path).returncode == 1   # a warning, so --strict refuses it


def test_the_clock_is_injectable_and_honours_source_date_epoch(tmp_path):
    from generator.build import build as build_site
    from generator.config import load_config
    from generator.publishing import build_time
    assert build_time({"SOURCE_DATE_EPOCH": str(int(BUILD_TIME.timestamp()))}) == BUILD_TIME
    assert abs(build_time({"SOURCE_DATE_EPOCH": "soon"}) - dt.datetime.now(dt.timezone.utc)).total_seconds() < 60
    write_site(tmp_path, site_files(), timezone=TZ, site_url=SITE_URL)
    config, _ = load_config(tmp_path / "mkdocs.yml")
    result = build_site(config, write=False, now=dt.datetime(2024, 5, 11, 12, tzinfo=dt.timezone.utc))
    news = next(o for o in result.outputs if o.path == "news-sitemap.xml").data.decode()
    assert "stories/updated/" in news and "stories/late/" not in news      # 'late' is still scheduled then


@pytest.mark.parametrize("epoch", ["1717214399.0", "-5", "99999999999999999999"])
def test_a_source_date_epoch_that_cannot_be_read_is_named(tmp_path, monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    write_site(tmp_path, site_files(), timezone=TZ, site_url=SITE_URL)
    result = newsbrief("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"environment: warning: SOURCE_DATE_EPOCH: '{epoch}' is not a usable time, so the clock is used" \
        in result.stderr
    from sitekit import mkdocs
    result = mkdocs("build", cwd=tmp_path)  # MkDocs itself stopped with a traceback on such a value
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert f"SOURCE_DATE_EPOCH: '{epoch}' is not a usable time, so the clock is used" in result.stderr
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1717243200")
    assert "SOURCE_DATE_EPOCH" not in newsbrief("build", cwd=tmp_path).stderr


def test_a_story_in_another_language_is_that_language_in_the_news_sitemap(tmp_path, monkeypatch):
    from test_feeds import story
    files = {**site_files(), "stories/early.md": story("Prix du matin", "2024-05-16T08:00:00-07:00", lang="fr-CA")}
    site = build(tmp_path, monkeypatch, files=files)
    languages = {u.findtext(f"{SM}loc").rsplit("/", 2)[-2]: u.find(f"{NEWS}news/{NEWS}publication").findtext(
        f"{NEWS}language") for u in urlset(site / "news-sitemap.xml")}
    assert languages == {"late": "en", "early": "fr", "tie-b": "en", "tie-a": "en"}


def test_chinese_written_by_script_is_the_region_google_news_wants():
    from generator.sitemap import news_language
    assert [news_language(code) for code in ("zh-Hant", "zh-Hans-CN", "zh-TW", "zh", "zh-HK", "zh-Hans-HK", "en-GB",
                                             "pt_BR")] == ["zh-tw", "zh-cn", "zh-tw", "zh-cn", "zh-tw", "zh-cn", "en", "pt"]
