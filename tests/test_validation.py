"""Every validation error names file, line and field, all are reported in one run, and no traceback escapes."""
import pytest

from sitekit import front, newsbrief, write_site

FACT = "The river flooded the town of Eden on Monday.\n"
SOURCE = front({"title": "Source A", "publisher": "Daily Planet"}, FACT)
GOOD = {"title": "T", "date": "2024-01-01", "sources": [{"ref": "a"}]}

CASES = [
    ("bad-yaml", "---\ntitle: [oops\ndate: 2024-01-01\n---\nbody\n",
     "content/stories/bad-yaml.md:3: front matter: malformed YAML: did not find expected ',' or ']'"),
    ("unclosed", "---\ntitle: T\ndate: 2024-01-01\n\nbody\n",
     "content/stories/unclosed.md:1: front matter is not closed (expected a line of --- after the YAML)"),
    ("no-front", "Just a body.\n", "content/stories/no-front.md:1: no front matter"),
    ("tabs", "---\ntitle: T\n\tdate: 2024-01-01\n---\nbody\n",
     "content/stories/tabs.md:3: front matter: malformed YAML: a tab character (YAML indents with spaces)"),
    ("typo", front({**GOOD, "tag": ["x"]}, "Body.\n"),
     "content/stories/typo.md:6: tag: unknown field 'tag' (did you mean 'tags'?)"),
    ("missing-title", front({"date": "2024-01-01", "sources": [{"ref": "a"}]}, "Body.\n"),
     "content/stories/missing-title.md:1: title: missing required field"),
    ("missing-sources", front({"title": "T", "date": "2024-01-01"}, "Body.\n"),
     "content/stories/missing-sources.md:1: sources: missing required field"),
    ("bad-date", front({**GOOD, "date": "yesterday"}, "Body.\n"),
     "content/stories/bad-date.md:3: date: 'yesterday' is not a date (expected YYYY-MM-DD"),
    ("feb-30", "---\ntitle: T\ndate: 2024-02-30\nsources:\n- ref: a\n---\nBody.\n",
     "content/stories/feb-30.md:3: date: '2024-02-30' is not a date"),
    ("number-title", "---\ntitle: 42\ndate: 2024-01-01\nsources:\n- ref: a\n---\nBody.\n",
     "content/stories/number-title.md:2: title: 42 is a number, not text"),
    ("list-title", "---\ntitle: [a, b]\ndate: 2024-01-01\nsources:\n- ref: a\n---\nBody.\n",
     "content/stories/list-title.md:2: title: ['a', 'b'] is a list, not text"),
    ("dangling", front({**GOOD, "sources": [{"ref": "a"}, {"ref": "nope"}]}, "Body.\n"),
     "content/stories/dangling.md:6: sources.ref: no source 'nope' in content/sources"),
    ("inline-incomplete", front({**GOOD, "sources": [{"url": "https://x.org/a", "title": "X"}]}, "Body.\n"),
     "content/stories/inline-incomplete.md:5: sources: inline source lacks publisher"),
    ("js-url", front({**GOOD, "sources": [{"url": "javascript:alert(1)", "title": "X", "publisher": "P"}]}, "B.\n"),
     "content/stories/js-url.md:5: sources.url: 'javascript:alert(1)' is not an http(s) URL"),
    ("empty-body", front(GOOD, ""), "content/stories/empty-body.md:7: body: the summary is empty"),
    ("draft-not-bool", front({**GOOD, "draft": "maybe"}, "Body.\n"),
     "content/stories/draft-not-bool.md:6: draft: 'maybe' is not true or false"),
    ("blank-title", front({**GOOD, "title": "   "}, "Body.\n"),
     "content/stories/blank-title.md:2: title: blank (only spaces) (expected a non-empty string)"),
    ("no-sources", front({**GOOD, "sources": []}, "Body.\n"),
     "content/stories/no-sources.md:4: sources: no sources listed"),
    ("bad-correction", front({**GOOD, "corrections": [{"date": "2024-05-02"}]}, "Body.\n"),
     "corrections: a correction with date but no text (expected {date: YYYY-MM-DD, text: ...})"),
    ("empty-unsourced", front({**GOOD, "unsourced": [""]}, "Body.\n"),
     "unsourced: an empty entry in the list (expected a list of non-empty strings)"),
    ("invisible-title", front({**GOOD, "title": "\u202e\u200b\u00ad\u3164"}, "Body.\n"),
     "content/stories/invisible-title.md:2: title: blank (only characters that show nothing) (expected a non-empty "
     "string)"),
    ("hostless-url", front({**GOOD, "sources": [{"url": "https://", "title": "X", "publisher": "P"}]}, "B.\n"),
     "content/stories/hostless-url.md:5: sources.url: 'https://' names no host"),
]


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_each_error_names_file_line_and_field(tmp_path, name, text, expected):
    root = write_site(tmp_path, {"sources/a.md": SOURCE, f"stories/{name}.md": text})
    result = newsbrief("check", cwd=root)
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    assert "missing required field" not in result.stderr or name.startswith("missing-"), result.stderr  # said once
    assert "Traceback" not in result.stderr


def test_a_quoted_true_or_false_is_read_as_meant(tmp_path):
    """draft: "true" was refused as "'true' is not true or false"."""
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/kept.md": front({**GOOD, "draft": "true"}, "B.\n"),
                                 "stories/shown.md": front({**GOOD, "title": "Shown", "draft": "False"}, "B.\n")})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert not (root / "site/stories/kept").exists() and (root / "site/stories/shown/index.html").exists()


def test_all_problems_reported_in_one_run(tmp_path):
    files = {"sources/a.md": SOURCE}
    files.update({f"stories/{name}.md": text for name, text, _ in CASES})
    root = write_site(tmp_path, files)
    result = newsbrief("build", cwd=root)
    assert result.returncode == 1
    for _, _, expected in CASES:
        assert expected in result.stderr
    assert not (root / "site").exists(), "a failed build must not write anything"


def test_duplicate_slugs_name_every_claimant(tmp_path):
    story = lambda: front({**GOOD, "slug": "same"}, "Body.\n")
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/one.md": story(), "stories/two.md": story()})
    err = newsbrief("check", cwd=root).stderr
    message = "slug: slug 'same' is claimed by 2 stories: content/stories/one.md, content/stories/two.md"
    assert f"content/stories/one.md:6: {message}" in err
    assert f"content/stories/two.md:6: {message}" in err


def test_publishers_that_meet_on_one_page_are_named_and_one_story_links_a_topic_once(tmp_path):
    """'Le Monde' and 'Le Mönde' share publishers/le-monde/: a warning each ('le monde' is only case). A story
    tagged 'AT&T' and 'At&t' shows one link to its one topic page; invisible direction marks never reach a page."""
    source = lambda name: front({"title": "Source", "publisher": name}, FACT)
    story = front({**GOOD, "tags": ["AT&T", "At&t", "Flood\u202e\u200b"],
                   "sources": [{"ref": "a"}, {"ref": "b"}, {"ref": "c"}]}, FACT)
    root = write_site(tmp_path, {"sources/a.md": source("Le Monde"), "sources/b.md": source("le monde"),
                                 "sources/c.md": source("Le Mönde"), "stories/s.md": story})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "shares one page" in line]
    assert lines == [
        "content/sources/a.md:3: warning: publisher: publisher 'Le Monde' shares one page ('le-monde') with "
        "'Le Mönde' (expected one spelling per publisher)",
        "content/sources/c.md:3: warning: publisher: publisher 'Le Mönde' shares one page ('le-monde') with "
        "'Le Monde' (expected one spelling per publisher)"]
    page = (root / "site/stories/s/index.html").read_text()
    assert page.count('href="../../tags/at-t/index.html"') == 1 and "\u202e" not in page and "\u200b" not in page
    assert ">Flood<" in page


def test_tags_that_meet_on_one_page_are_named_once_each(tmp_path):
    """'C', 'C#' and 'C++' all slug to tags/c/: a warning per spelling; 'energy' beside 'Energy' is no surprise."""
    story = lambda *tags: front({**GOOD, "tags": list(tags)}, FACT)
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/a.md": story("C", "Energy"),
                                 "stories/b.md": story("C#", "energy"), "stories/c.md": story("C++"),
                                 "stories/d.md": story("C")})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "shares one topic page" in line]
    assert lines == [
        "content/stories/a.md:6: warning: tags: tag 'C' shares one topic page ('c') with 'C#', 'C++' "
        "(expected tags that differ in more than case to differ in letters or digits)",
        "content/stories/b.md:6: warning: tags: tag 'C#' shares one topic page ('c') with 'C', 'C++' "
        "(expected tags that differ in more than case to differ in letters or digits)",
        "content/stories/c.md:6: warning: tags: tag 'C++' shares one topic page ('c') with 'C', 'C#' "
        "(expected tags that differ in more than case to differ in letters or digits)"]
    assert newsbrief("build", "--strict", cwd=root).returncode != 0
    (root / "content/stories/c.md").write_text(story("C++", "C#", "c++"))  # two in one story: one is dropped
    lines = [line for line in newsbrief("build", cwd=root).stderr.splitlines() if "in this story" in line]
    assert lines == ["content/stories/c.md:6: warning: tags: tag 'C#' shares one topic page ('c') with 'C++' in this "
                     "story: only 'C++' is shown (expected tags that differ in more than case to differ in letters or "
                     "digits)"]


def test_source_errors(tmp_path):
    root = write_site(tmp_path, {"sources/a.md": front({"title": "A", "publsher": "P"}, "Text.\n")})
    err = newsbrief("check", cwd=root).stderr
    assert "content/sources/a.md:3: publsher: unknown field 'publsher' (did you mean 'publisher'?)" in err
    assert "content/sources/a.md:1: publisher: missing required field" in err


def test_valid_site_checks_clean(tmp_path):
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/ok.md": front(GOOD, FACT)})
    result = newsbrief("check", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "1 story, 1 source" in result.stdout


def test_bom_and_crlf_accepted(tmp_path):
    text = "\ufeff" + front(GOOD, FACT).replace("\n", "\r\n")
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/crlf.md": text.encode("utf-8")})
    assert newsbrief("check", cwd=root).returncode == 0


def test_failed_build_leaves_previous_site(tmp_path):
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/ok.md": front(GOOD, "Body.\n")})
    assert newsbrief("build", cwd=root).returncode == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    (root / "content/stories/broken.md").write_text("---\ntitle: [\n---\n")
    assert newsbrief("build", cwd=root).returncode == 1
    after = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    assert after == before


def test_parsing_keeps_nothing_of_the_yaml_behind():
    """A build parses every file once and a live preview again on each edit: what PyYAML builds for one
    document must not outlive it (its constructor remembers every node unless told to forget)."""
    import gc

    import yaml

    from generator import frontmatter
    nodes = lambda: sum(isinstance(o, yaml.Node) for o in gc.get_objects())
    gc.collect()
    before = nodes()
    text = b"---\ntitle: 'A'\ndate: 2024-05-01\ntags: [x, y]\nsources:\n- ref: a\n---\n\nBody.\n"
    for n in range(50):
        raw, problems = frontmatter.parse_document(text, f"content/stories/s{n}.md")
        assert raw is not None and not problems
    del raw
    gc.collect()
    assert frontmatter._scalars.constructed_objects == {}
    assert nodes() == before


def test_yaml_1_1_lookalikes_stay_the_text_written(tmp_path):
    """YAML 1.1 reads NO as false, 9:30 as 570 and 017 as 15: tags and slugs keep what the curator wrote
    (only true/false are booleans), and `draft: no` still means not a draft."""
    story = front({**GOOD, "tags": ["x"]}, FACT).replace("- x", "- NO\n- 9:30\n- 017\n- 0x1F").replace(
        "title: T", "title: T\nslug: 017\ndraft: no")
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/a.md": story})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    page = (root / "site/stories/017/index.html").read_text()
    for tag in ("NO", "9:30", "017", "0x1F"):
        assert f">{tag}</a>" in page, tag
    assert not (root / "site/tags/false").exists() and not (root / "site/tags/570").exists()


def test_a_ref_to_a_source_with_errors_says_so_and_a_typo_gets_a_suggestion(tmp_path):
    broken = front({"title": "B"}, "Text.\n")   # no publisher
    story = front({**GOOD, "sources": [{"ref": "broken"}, {"ref": "aa"}]}, FACT)
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "sources/broken.md": broken, "stories/s.md": story})
    err = newsbrief("check", cwd=root).stderr
    assert "content/sources/broken.md:1: publisher: missing required field" in err
    assert ("content/stories/s.md:5: sources.ref: source 'broken' has errors of its own (reported for its file) "
            "(expected content/sources/broken.md fixed)") in err
    assert "no source 'aa' in content/sources (expected 'a', the closest id; or one of: a)" in err


def test_one_source_as_text_and_a_source_listed_twice(tmp_path):
    """`sources: a` is one source, as `tags: x` is one tag; a source listed twice is shown once."""
    once = front({**GOOD, "sources": "a"}, FACT)
    twice = front({**GOOD, "title": "U", "sources": [{"ref": "a"}, {"ref": "a"}]}, FACT)
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/once.md": once, "stories/twice.md": twice})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    for slug in ("once", "twice"):
        page = (root / f"site/stories/{slug}/index.html").read_text()
        assert page.count('id="source-1"') == 1 and 'id="source-2"' not in page, slug


def test_sixteen_quote_levels_written_with_spaces_are_accepted(tmp_path):
    story = front(GOOD, FACT + "\n" + "> " * 16 + "A deeply quoted line.\n")
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/q.md": story})
    result = newsbrief("check", cwd=root)
    assert "nested" not in result.stderr, result.stderr


def test_an_update_or_correction_before_the_story_is_a_warning(tmp_path):
    story = front({**GOOD, "date": "2024-06-01", "updated": "2024-05-01",
                   "corrections": [{"date": "2024-04-01", "text": "Fixed."}]}, FACT)
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/s.md": story})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "content/stories/s.md:6: warning: updated: 2024-05-01 is before the story's date, 2024-06-01" in result.stderr
    assert "content/stories/s.md:7: warning: corrections.date: 2024-04-01 is before the story's date" in result.stderr


def test_dates_out_of_order_are_named_in_the_sites_time_zone(tmp_path):
    story = front({**GOOD, "date": "2024-05-17", "updated": "2024-05-16"}, FACT)
    same_day = front({**GOOD, "title": "U", "date": "2024-05-17T10:00", "updated": "2024-05-17T09:00"}, FACT)
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/s.md": story, "stories/t.md": same_day},
                      timezone="Europe/London")
    result = newsbrief("build", cwd=root)
    assert "warning: updated: 2024-05-16 is before the story's date, 2024-05-17" in result.stderr, result.stderr
    assert "warning: updated: 2024-05-17 09:00 is before the story's date, 2024-05-17 10:00" in result.stderr


def test_delimiters_with_trailing_spaces_and_values_named_as_written(tmp_path):
    spaced = "--- \ntitle: T\ndate: 2024-01-01\nsources: [a]\n---  \n" + FACT
    listed = "---\ntitle: T\ndate: [2024-05-17]\nsources: [a]\n---\n" + FACT
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/s.md": spaced, "stories/l.md": listed})
    result = newsbrief("check", cwd=root)
    assert "content/stories/l.md:3: date: '[2024-05-17]' is not a date" in result.stderr, result.stderr
    assert "s.md" not in result.stderr  # the "--- " lines close its front matter


def test_an_update_or_correction_dated_in_the_future_is_a_warning(tmp_path):
    story = front({**GOOD, "date": "2024-06-01", "updated": "2030-01-01",
                   "corrections": [{"date": "2031-01-01", "text": "Fixed."}]}, FACT)
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/s.md": story})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "content/stories/s.md:6: warning: updated: 2030-01-01 is in the future; the page and feeds show it " \
           "already (expected the date the change was made)" in result.stderr
    assert "content/stories/s.md:7: warning: corrections.date: 2031-01-01 is in the future" in result.stderr
    assert newsbrief("build", cwd=root).stderr.count("is in the future") == 2  # from the cache too


def test_tags_written_as_one_line_with_commas_are_several_topics(tmp_path):
    story = "---\ntitle: T\ndate: 2024-01-01\ntags: Economy, Fed\nsources:\n  - ref: a\n---\n\n" + FACT
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/s.md": story})
    assert newsbrief("build", cwd=root).returncode == 0
    assert sorted(p.name for p in (root / "site/tags").iterdir() if p.is_dir()) == ["economy", "fed"]


def test_urls_are_percent_encoded_and_direction_overrides_dropped_from_titles(tmp_path):
    source = front({"title": "Grid \u202eRTL\u202c report", "publisher": "Daily Planet",
                    "url": "https://example.com/a b?x=\"b\"&c=<d>#frag"}, FACT)
    story = front({**GOOD, "title": "The \u2067flood\u2069 report"}, FACT)
    root = write_site(tmp_path, {"sources/a.md": source, "stories/s.md": story})
    assert newsbrief("build", cwd=root).returncode == 0
    page = (root / "site/stories/s/index.html").read_text()
    assert 'href="https://example.com/a%20b?x=%22b%22&amp;c=%3Cd%3E#frag"' in page
    assert "Grid RTL report" in page and "<h1" in page and "The flood report" in page
    assert not any(c in page for c in "\u202e\u202c\u2067\u2069")
    assert 'https://example.com/a%20b?x=%22b%22&amp;c=%3Cd%3E#frag' in (root / "site/atom.xml").read_text()


def test_a_story_or_source_in_another_language_says_so(tmp_path):
    """WCAG 3.1.2: an Arabic brief on an English site is read by an English voice unless it says otherwise."""
    source = front({"title": "مصدر", "publisher": "Al Jazeera", "lang": "ar"}, "عقد المجلس اجتماعه يوم الاثنين.\n")
    story = front({**GOOD, "title": "اجتماع المجلس", "lang": "ar"}, "عقد المجلس اجتماعه يوم الاثنين.\n")
    bad = front({**GOOD, "title": "U", "lang": "Arabic language"}, FACT)
    later = front({**GOOD, "title": "Council meets again", "date": "2024-01-02", "sources": [{"ref": "a"}]},
                  "عقد المجلس اجتماعه يوم الاثنين.\n")
    root = write_site(tmp_path, {"sources/a.md": source, "stories/s.md": story, "stories/later.md": later})
    assert newsbrief("build", cwd=root).returncode == 0
    neighbour = (root / "site/stories/later/index.html").read_text()  # "Previous brief: اجتماع المجلس"
    assert '<bdi dir="auto" lang="ar">اجتماع المجلس</bdi>' in neighbour
    page = (root / "site/stories/s/index.html").read_text()
    assert '<bdi dir="auto">Council meets again</bdi>' in page
    assert '<h1 id="headline" dir="auto" lang="ar">' in page and '<div class="summary" dir="auto" lang="ar">' in page
    assert '"inLanguage":"ar"' in page
    assert 'dir="auto" lang="ar">' in (root / "site/sources/a/index.html").read_text()
    # the evidence quoted from the Arabic source, and its title in the Sources list, are read as Arabic
    assert '<blockquote dir="auto" lang="ar">' in page and '<cite lang="ar">مصدر</cite>' in page
    assert '“<bdi lang="ar">عقد المجلس اجتماعه يوم الاثنين.</bdi>”' in page  # the evidence tip too
    assert 'class="card-title" dir="auto" lang="ar"' in (root / "site/index.html").read_text()
    import json
    items = json.loads((root / "site/feed.json").read_text())["items"]
    assert [item.get("language") for item in items] == [None, "ar"]  # newest first: "later" is the site's
    assert '<entry xml:lang="ar">' in (root / "site/atom.xml").read_text()
    (root / "content/stories/t.md").write_text(bad)
    result = newsbrief("build", cwd=root)
    assert result.returncode == 1
    assert "content/stories/t.md:6: lang: 'Arabic language' is not a language tag (expected a BCP 47 tag such as ar, " \
        "fr or pt-BR)" in result.stderr


def test_a_site_in_a_right_to_left_language_is_laid_out_right_to_left(tmp_path):
    """<html dir="rtl">, on the pipeline's pages and MkDocs' own (an About page): else an Arabic site's masthead,
    pager and lists read from the wrong side. A left-to-right site says nothing (the default)."""
    from sitekit import mkdocs
    from generator.views import text_direction
    files = {"sources/a.md": SOURCE, "stories/s.md": front(GOOD, FACT), "about.md": "# About\n\nWho we are.\n"}
    (tmp_path / "ar").mkdir(), (tmp_path / "en").mkdir()
    root = write_site(tmp_path / "ar", files, extra="      language: ar-EG\n")
    assert mkdocs("build", cwd=root).returncode == 0
    pages = sorted((root / "site").rglob("*.html"))
    assert len(pages) > 8 and (root / "site/about.html") in pages
    for page in pages:
        assert '<html lang="ar-EG" dir="rtl">' in page.read_text(encoding="utf-8"), page
    root = write_site(tmp_path / "en", files)
    assert mkdocs("build", cwd=root).returncode == 0
    assert all(' dir="rtl"' not in p.read_text(encoding="utf-8") and "<html lang=\"en\">" in p.read_text(encoding="utf-8")
               for p in (root / "site").rglob("*.html"))
    assert [text_direction(t) for t in ("he", "fa-IR", "pa-Arab", "az-Latn", "en", "ur_PK", "ku")] == \
        ["rtl", "rtl", "rtl", "", "", "rtl", ""]


def test_a_tag_spelled_with_a_soft_hyphen_or_decomposed_accents_is_the_same_topic(tmp_path):
    story = lambda tag, publisher: front({**GOOD, "tags": [tag], "sources": [
        {"url": "https://example.org/a", "title": "A", "publisher": publisher}]}, FACT)
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/a.md": story("Café", "Le Café"),
                                 "stories/b.md": story("Cafe\u0301", "Le Cafe\u0301"),
                                 "stories/c.md": story("Ca\u00adfé", "Le Ca\u00adfé")})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0 and "shares one" not in result.stderr, result.stderr
    assert sorted(p.name for p in (root / "site/tags").iterdir() if p.is_dir()) == ["cafe"]
    assert sorted(p.name for p in (root / "site/publishers").iterdir() if p.is_dir()) == ["le-cafe"]
    assert "Ca\u00ad" not in (root / "site/tags/cafe/index.html").read_text(encoding="utf-8")


def test_a_story_with_more_tags_than_a_story_has_topics_is_refused(tmp_path):
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/a.md": front(
        {**GOOD, "tags": [f"t{i}" for i in range(51)]}, FACT)})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 1
    assert "content/stories/a.md:6: tags: 51 tags, over the 50 limit (expected a few topics per story)" in \
        result.stderr, result.stderr
    assert not (root / "site").exists()
    (root / "content/stories/a.md").write_text(front({**GOOD, "tags": ["Energy"] * 60 + ["energy"]}, FACT))
    assert newsbrief("build", cwd=root).returncode == 0  # one topic written 61 times is one tag



def test_tags_that_look_like_numbers_or_booleans_are_kept_as_written(tmp_path):
    story = "---\ntitle: T\ndate: 2024-01-01\nsources:\n  - ref: a\ntags: [3.10, true, 007, Energy]\n---\n\n" + FACT
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/a.md": story})
    assert newsbrief("build", cwd=root).returncode == 0
    page = (root / "site/stories/a/index.html").read_text(encoding="utf-8")
    for tag in ("3.10", "true", "007", "Energy"):
        assert f">{tag}</a>" in page, tag


def test_a_time_is_shown_with_its_zone(tmp_path):
    """"18 May 2024, 08:00" read as the reader's own time: the site's zone is named after it."""
    story = front({**GOOD, "date": "2024-05-18T10:00:00+03:00"}, FACT)
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/s.md": story}, timezone="Europe/London")
    assert newsbrief("build", cwd=root).returncode == 0
    page = (root / "site/stories/s/index.html").read_text()
    assert '<time datetime="2024-05-18T08:00:00+01:00">18 May 2024, 08:00 BST</time>' in page


def test_names_windows_reserves_never_become_paths(tmp_path):
    """tags/con/ or sources/CON/ cannot be checked out or unzipped on Windows: such a site could not be edited
    there, nor deployed from there."""
    story = front({**GOOD, "tags": ["CON"], "slug": "aux", "sources": [
        {"ref": "a"}, {"url": "https://example.org/n", "title": "N", "publisher": "NUL"}]}, FACT)
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/s.md": story})
    assert newsbrief("build", cwd=root).returncode == 0
    site = root / "site"
    assert (site / "tags/con-1/index.html").is_file() and (site / "publishers/nul-1/index.html").is_file()
    assert (site / "stories/aux-1/index.html").is_file()
    assert not any(p.name.lower().split(".")[0] in ("con", "nul", "aux") for p in site.rglob("*"))
    (root / "content/sources/CON.md").write_text(SOURCE)
    result = newsbrief("build", cwd=root)
    assert result.returncode == 1 and "content/sources/CON.md:1: id: file name 'CON' is not a usable source id" \
        in result.stderr, result.stderr


def test_a_diagnostic_quoting_content_stays_on_one_line(tmp_path):
    """A link written [i](java%0ascript:x) made the link check's warning two lines: content could forge one."""
    body = "Putin arrived in Harbin [i](java%0ascript:alert(9)) on Friday.\n"
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/s.md": front(GOOD, body)})
    result = newsbrief("build", cwd=root)
    lines = [line for line in result.stderr.splitlines() if "alert" in line or line.startswith("script:")]
    assert lines and all(line.startswith("site/stories/") for line in lines), result.stderr
