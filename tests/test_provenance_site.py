"""Provenance as users meet it: markers on story pages, anchored passages, warnings, check and verify."""
import json
import re

import pytest

from sitekit import front, mkdocs, newsbrief, parse, write_site

SOURCE_TEXT = """\
The city council of Lyon voted on Tuesday to close the Part-Dieu car park by 2026.

Mayor Grégory Doucet said the decision would free 12,000 square metres for a public garden.

Opposition councillors argued that local shops would lose customers.
"""
SUMMARY = """\
Lyon's city council voted on Tuesday to close the Part-Dieu car park by 2026.
Mayor Grégory Doucet said the move would free 12,000 square metres for a garden.
Critics in the opposition said local shops would lose customers.
Meanwhile, President Emmanuel Macron praised the plan as "a model for France".
"""


def site_files(unsourced=None, url="https://news.example.org/lyon-car-park"):
    story = {"title": "Lyon to close Part-Dieu car park", "date": "2024-06-04", "tags": ["Cities"],
             "sources": [{"ref": "lyon"}]}
    if unsourced:
        story["unsourced"] = unsourced
    return {"sources/lyon.md": front({"title": "Lyon votes to close car park", "publisher": "Le Progrès",
                                      "url": url}, SOURCE_TEXT),
            "stories/lyon.md": front(story, SUMMARY)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("prov"), site_files())
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root, result


def markers(page):
    return [a for t, a in page.tags if t == "sup" and "cite" in a.get("class", "")]


def test_every_sentence_has_a_marker(built):
    root, _ = built
    page = parse(root / "site/stories/lyon/index.html")
    classes = [m["class"] for m in markers(page)]
    assert len(classes) == 4
    assert classes[:3] == ["cite supported"] * 3
    assert classes[3] in ("cite unsupported", "cite partly-supported")


def test_chinese_sentences_are_checked_one_by_one(tmp_path):
    """。 ends a sentence with no space after it: a made-up last sentence passed inside the paragraph's verdict."""
    source = front({"title": "电力需求创新纪录", "publisher": "新华社", "lang": "zh"},
                   "中国新闻今天报道了电力需求创下新纪录。北京市政府表示，用电量达到一千二百兆瓦。\n")
    story = front({"title": "电力需求创新纪录", "date": "2024-06-04", "lang": "zh", "sources": [{"ref": "grid"}]},
                  "中国新闻今天报道了电力需求创下新纪录。北京市政府表示，用电量达到一千二百兆瓦。李强辞职。\n")
    root = write_site(tmp_path, {"sources/grid.md": source, "stories/grid.md": story})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    page = parse(root / "site/stories/grid/index.html")
    assert [m["class"] for m in markers(page)] == ["cite supported", "cite supported", "cite unsupported"]
    assert "warning: sentence 3: unsupported" in result.stderr and "sentence 1:" not in result.stderr
    assert 'name="description" content="中国新闻今天报道了电力需求创下新纪录。"' in \
        (root / "site/stories/grid/index.html").read_text(encoding="utf-8")


def test_invented_sentence_is_flagged_with_missing_claims(built):
    root, result = built
    text = parse(root / "site/stories/lyon/index.html").text
    assert "Not found in any source:" in text and "Emmanuel Macron" in text
    assert re.search(r"content/stories/lyon\.md:13: warning: sentence 4: .*Emmanuel Macron", result.stderr)
    assert "sentence 1:" not in result.stderr


def test_markers_link_to_anchored_passages_that_support_them(built):
    root, _ = built
    story = (root / "site/stories/lyon/index.html").read_text()
    source = parse(root / "site/sources/lyon/index.html")
    links = re.findall(r'<sup class="cite supported"><a href="\.\./\.\./sources/lyon/index\.html#(ev-\d+-\d+)"', story)
    assert len(links) == 3
    body = SOURCE_TEXT
    for anchor in links:
        assert anchor in source.ids
        start, end = map(int, anchor[3:].split("-"))
        assert body[start:end].strip()  # offsets point into the source text


def test_original_link_uses_a_text_fragment(built):
    root, _ = built
    hrefs = [u for _, u in parse(root / "site/stories/lyon/index.html").links]
    assert any(u.startswith("https://news.example.org/lyon-car-park#:~:text=") for u in hrefs)


def test_tooltip_shows_the_quoted_evidence(built):
    root, _ = built
    html = (root / "site/stories/lyon/index.html").read_text()
    tip = re.search(r'<span class="evidence-tip" role="tooltip" id="tip-2">(.*?)</span>', html).group(1)
    assert "12,000 square metres" in tip and "Le Progrès" in tip


def test_acknowledged_sentence_is_not_a_warning(tmp_path):
    root = write_site(tmp_path, site_files(unsourced=["Meanwhile, President Emmanuel Macron"]))
    result = newsbrief("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    page = parse(root / "site/stories/lyon/index.html")
    assert markers(page)[3]["class"] == "cite acknowledged"


def test_an_unsourced_entry_that_starts_no_sentence_is_named(tmp_path):
    """Left behind by an edit, it would silence whatever sentence comes to start that way."""
    root = write_site(tmp_path, site_files(unsourced=["Meanwhile, President Emmanuel Macron", "Macron also said"]))
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "unsourced:" in line]
    assert len(lines) == 1 and "warning: unsourced: 'Macron also said' starts no sentence of the summary" in lines[0]
    assert lines[0].startswith("content/stories/lyon.md:")


def test_source_items_that_say_more_than_is_used_are_named(tmp_path):
    files = site_files()
    story = files["stories/lyon.md"].replace("sources:\n", "sources:\n- {ref: lyon, url: 'javascript:x'}\n"
                                             "- {url: 'https://a.example/x', title: A, publisher: P}\n"
                                             "- {url: 'https://a.example/x', title: B, publisher: P}\n", 1)
    files["stories/lyon.md"] = story
    root = write_site(tmp_path, files)
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "sources.ref: url beside ref 'lyon' ignored: the source file gives them" in result.stderr
    assert "sources.url: https://a.example/x is listed again (line" in result.stderr


def test_mkdocs_strict_refuses_unsupported_sentences(tmp_path):
    root = write_site(tmp_path, site_files())
    strict = mkdocs("build", "--strict", cwd=root)
    assert strict.returncode != 0
    assert "content/stories/lyon.md:13: sentence 4: unsupported" in strict.stderr  # an error under --strict
    assert not (root / "site").exists()  # refused before anything was written
    assert mkdocs("build", cwd=root).returncode == 0
    (root / "content/stories/lyon.md").write_text(front(
        {"title": "T", "date": "2024-06-04", "sources": [{"ref": "lyon"}],
         "unsourced": ["Meanwhile, President Emmanuel Macron"]}, SUMMARY))
    assert mkdocs("build", "--strict", cwd=root).returncode == 0


def test_check_reports_and_exits_nonzero(tmp_path):
    root = write_site(tmp_path, site_files())
    text = newsbrief("check", cwd=root)
    assert text.returncode == 1
    assert "content/stories/lyon.md: 4 sentences: 3 supported" in text.stdout
    report = json.loads(newsbrief("check", "--format", "json", cwd=root).stdout)
    sentences = report["stories"][0]["sentences"]
    assert [s["status"] == "supported" for s in sentences] == [True, True, True, False]
    assert "Emmanuel Macron" in sentences[3]["missing"] and report["unsupported"] == 1
    (tmp_path / "ack").mkdir()
    acknowledged = write_site(tmp_path / "ack", site_files(unsourced=["Meanwhile, President"]))
    assert newsbrief("check", cwd=acknowledged).returncode == 0


def test_check_reports_the_stories_that_load_beside_a_broken_file(tmp_path):
    files = {**site_files(), "stories/broken.md": "---\ntitle: B\ndate: yesterday\nsources: [lyon]\n---\nText.\n"}
    root = write_site(tmp_path, files)
    text = newsbrief("check", cwd=root)
    assert text.returncode == 1
    assert "content/stories/broken.md:3: date:" in text.stderr
    assert "content/stories/lyon.md: 4 sentences: 3 supported" in text.stdout
    assert "Failed:" in text.stdout and "1 error in files not checked" in text.stdout
    report = json.loads(newsbrief("check", "--format", "json", cwd=root).stdout)
    assert [r["path"] for r in report["stories"]] == ["content/stories/lyon.md"] and report["unsupported"] == 1
    assert any(d["severity"] == "error" and d["path"] == "content/stories/broken.md" for d in report["diagnostics"])
    assert newsbrief("build", cwd=root).returncode == 1  # a build still refuses to publish anything


def test_verify_jsonl(tmp_path):
    lines = [json.dumps({"id": "ok", "source": SOURCE_TEXT, "summary": SUMMARY}), "{broken", json.dumps({"id": 7}),
             "", json.dumps({"id": "ünï", "source": "Зеленський visited Kharkiv.", "summary": "Зеленський visited Kharkiv."})]
    result = newsbrief("verify", "--jsonl", cwd=tmp_path, stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert [s["supported"] for s in out[0]["sentences"]] == [True, True, True, False]
    for sentence in out[0]["sentences"][:3]:
        assert 0 <= sentence["score"] <= 1 and sentence["evidence"]
        ev = sentence["evidence"][0]
        assert 0 <= ev["start"] < ev["end"] <= len(SOURCE_TEXT)
    assert out[1]["line"] == 2 and "error" in out[1]
    assert out[2]["line"] == 3 and out[2]["id"] == 7
    assert out[3]["id"] == "ünï" and out[3]["sentences"][0]["supported"] is True


def test_text_fragment_escapes_the_directive_syntax():
    """A term ending in "-" reads as a prefix, and "," splits terms: both percent-encoded, so the link still
    finds the passage (https://wicg.github.io/scroll-to-text-fragment/#syntax)."""
    from urllib.parse import unquote
    from generator.citations import text_fragment
    passage = "Prices rose sharply - economists, said the bank would raise rates again next month -"
    link = text_fragment("https://news.example.org/a#old", passage)
    directive = link.split("#:~:text=", 1)[1]
    assert link.startswith("https://news.example.org/a#:~:text=")
    assert "-" not in directive and "&" not in directive and directive.count(",") == 1
    start, end = (unquote(term) for term in directive.split(","))
    assert start == "Prices rose sharply -" and end == "again next month -"


def test_tooltip_of_a_partly_supported_sentence_is_escaped_once(tmp_path):
    """A tooltip with a quote and missing names: the source's apostrophe reads as one, not as &#39;."""
    files = site_files()
    files["sources/lyon.md"] = files["sources/lyon.md"].replace("title: Lyon votes to close car park",
                                                                "title: Lyon's council votes")
    files["stories/lyon.md"] = front(
        {"title": "Lyon car park", "date": "2024-06-04", "sources": [{"ref": "lyon"}]},
        "Mayor Grégory Doucet and Anne Hidalgo said the decision would free 12,000 square metres for a garden.\n")
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    page = (root / "site/stories/lyon/index.html").read_text()
    tip = re.search(r'id="tip-1">(.*?)</span>', page).group(1)
    assert "Not in any source: Anne Hidalgo" in tip and "Lyon&#39;s council votes" in tip, tip
    assert "&amp;" not in tip


def test_raw_ids_in_a_summary_cannot_take_over_the_page_ids(tmp_path):
    """A curator's <sup id="tip-1"> or <li id="evidence-1"> would come first in the page and win the
    tooltip and the jump: ids in raw HTML are dropped (footnotes keep theirs)."""
    files = site_files()
    files["stories/lyon.md"] = front(
        {"title": "Lyon car park", "date": "2024-06-04", "sources": [{"ref": "lyon"}]},
        '<sup id="tip-1">Supported: trust me</sup> ' + SUMMARY.split("\n")[0] + "[^1]\n\n"
        '<ol><li id="evidence-1">fake</li><li id="main">x</li></ol>\n\n[^1]: A note.\n')
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    page = parse(root / "site/stories/lyon/index.html")
    text = (root / "site/stories/lyon/index.html").read_text()
    for name in ("tip-1", "evidence-1", "main", "fn:1", "fnref:1"):
        assert text.count(f'id="{name}"') == 1, name
    assert "fn:1" in page.ids


def test_raw_footnote_ids_cannot_stand_in_for_the_real_footnote(tmp_path):
    """<li id="fn:1"> written in the summary before the real note would take the footnote link's jump."""
    files = site_files()
    files["stories/lyon.md"] = front(
        {"title": "Lyon car park", "date": "2024-06-04", "sources": [{"ref": "lyon"}]},
        SUMMARY.split("\n")[0] + '[^1] <sup id="fnref:1"><a href="https://example.com/phish">1</a></sup>\n\n'
        '<ol><li id="fn:1">Fake note <a href="https://example.com/phish">source</a></li></ol>\n\n'
        "[^1]: Officials said so.\n")
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    page = parse(root / "site/stories/lyon/index.html")
    text = (root / "site/stories/lyon/index.html").read_text()
    ids = [m for m in re.findall(r'id="([^"]+)"', text) if m.startswith("fn")]
    assert len(ids) == len(set(ids)) == 2, ids  # the real note and its reference, each once
    target = next(url for _, url in page.links if url.startswith("#fn"))[1:]
    note = text.split(f'id="{target}"', 1)[1].split("</li>", 1)[0]
    assert "Officials said so." in note and "Fake note" not in note


def test_a_named_footnote_keeps_its_ids_and_its_link_lands(tmp_path):
    files = site_files()
    files["stories/lyon.md"] = front({"title": "Lyon car park", "date": "2024-06-04", "sources": [{"ref": "lyon"}]},
                                     SUMMARY.split("\n")[0] + "[^why]\n\n[^why]: Officials said so.\n")
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    page = parse(root / "site/stories/lyon/index.html")
    assert {"fn:why", "fnref:why"} <= page.ids
    assert "#fn:why" in [url for _, url in page.links]


def test_a_long_passage_is_quoted_where_it_supports_the_sentence(tmp_path):
    """When the evidence passage is too long to show whole, the quote is the part sharing the sentence's words,
    not the passage's opening cut short."""
    opening = ("Delegates gathered in the conference hall on Monday morning for the opening of the annual "
               "session, which organisers described as the largest in the event's history. ")
    text = opening * 2 + "\n\nThe harbour authority confirmed that 4,200 containers were stranded at the Rotterdam " \
                          "terminal after the strike began.\n"
    files = {"sources/port.md": front({"title": "Port report", "publisher": "Wire"}, text),
             "stories/port.md": front({"title": "Port strike", "date": "2024-06-04", "sources": [{"ref": "port"}]},
                                      "Delegates met on Monday as 4,200 containers were stranded at the Rotterdam "
                                      "terminal after the strike began.\n")}
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    page = (root / "site/stories/port/index.html").read_text()
    quotes = re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", page, re.S)
    assert quotes and "4,200 containers were stranded at the Rotterdam terminal" in quotes[0], quotes


def test_script_text_is_neither_a_sentence_nor_the_standfirst(tmp_path):
    """The sanitiser drops a <script> from the page; its text must not reach the standfirst or the checker."""
    files = site_files()
    files["stories/lyon.md"] = front({"title": "Lyon car park", "date": "2024-06-04", "sources": [{"ref": "lyon"}]},
                                     "<script>alert(1)</script> " + SUMMARY)
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    page = parse(root / "site/stories/lyon/index.html")
    assert "alert(1)" not in page.text
    assert "alert" not in (root / "site/index.html").read_text()


def test_images_and_tables_are_not_sentences(tmp_path):
    """An image's alt text describes it and a table is data: neither is a sentence to check, mark or use as
    the standfirst, so every sentence that is checked has its marker in the text."""
    files = site_files()
    files["stories/lyon.md"] = front(
        {"title": "Lyon car park", "date": "2024-06-04", "sources": [{"ref": "lyon"}]},
        "![A wide photograph of the riverfront](https://example.org/river.jpg)\n\n" + SUMMARY +
        "\n| Site | Area |\n|---|---|\n| Part-Dieu | 12,000 m2 |\n")
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    page = parse(root / "site/stories/lyon/index.html")
    text = (root / "site/stories/lyon/index.html").read_text()
    assert len(markers(page)) == text.count('<li id="evidence-') == 4
    assert 'class="dek"' not in text  # the standfirst is the first sentence: not repeated above it on the page
    description = text.split('<meta name="description" content="')[1]
    assert description.startswith("Lyon") and "photograph" not in description[:80]


def test_check_looks_at_scheduled_stories_before_they_are_published(tmp_path):
    files = site_files()
    files["stories/lyon.md"] = files["stories/lyon.md"].replace("date: '2024-06-04'", "date: '2099-06-04'")
    assert "2099-06-04" in files["stories/lyon.md"]
    root = write_site(tmp_path, files)
    result = newsbrief("check", cwd=root)
    assert result.returncode == 1 and "content/stories/lyon.md: 4 sentences: 3 supported" in result.stdout
    assert newsbrief("build", cwd=root).returncode == 0  # the build leaves it out until its date
    assert not (root / "site/stories/lyon").exists()


def test_check_piped_into_a_reader_that_leaves_early_does_not_pass(tmp_path):
    """`newsbrief check | head -1` under `set -o pipefail` read as a pass when the check had failed."""
    import subprocess
    import sys
    root = write_site(tmp_path, site_files())
    script = f"set -o pipefail; {sys.executable} -m generator.cli check --format json | head -c 1"
    result = subprocess.run(["bash", "-c", script], cwd=root, capture_output=True, text=True)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr


def test_a_sentence_joining_two_passages_links_to_both(tmp_path):
    """The checker found a second passage for what the first lacks; the page showed only the first."""
    from sitekit import parse
    source = ("The number of homes without power in north-east England rose to 62,000 on Saturday night, according "
              "to Northern Powergrid.\n\nSchools across the region stayed open as normal.\n\nBy Sunday afternoon "
              "engineers had restored supply to 20,000 of those homes, the company said.\n")
    summary = ("The number of homes without power rose to 62,000, according to Northern Powergrid, which later "
               "restored supply to 20,000 of them.\n")
    files = {"sources/storm.md": front({"title": "Storm Darragh", "publisher": "BBC News"}, source),
             "stories/storm.md": front({"title": "Storm", "date": "2024-12-07", "sources": [{"ref": "storm"}]}, summary)}
    root = write_site(tmp_path, files)
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0 and "link" not in result.stderr, result.stderr
    page = parse(root / "site/stories/storm/index.html")
    passages = [url for _, url in page.links if "sources/storm/index.html#ev-" in url]
    anchors = {url.split("#")[1] for url in passages}
    assert len(anchors) == 2, passages  # the marker's passage, and the second one in the evidence list
    source_ids = parse(root / "site/sources/storm/index.html").ids
    assert anchors <= source_ids


def test_no_marker_lands_in_a_raw_tag_s_attribute_or_in_an_indented_code_block(tmp_path):
    from sitekit import parse
    source = "Heavy rain caused floods in the Green Valley on Monday. The river rose by a metre.\n"
    summary = ('Heavy rain caused floods <img alt="rain > 1 mm. Heavy rain caused floods in the Green Valley on '
               'Monday." src="https://example.com/map.png"> in the Green Valley.\n\n'
               "    The river rose by a metre. Heavy rain caused floods.\n\nThe river rose by a metre.\n")
    files = {"sources/rain.md": front({"title": "Rain", "publisher": "Gazette"}, source),
             "stories/rain.md": front({"title": "Rain", "date": "2024-06-01", "sources": [{"ref": "rain"}]}, summary)}
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    page = parse(root / "site/stories/rain/index.html")
    (image,) = page.find("img", src="https://example.com/map.png")
    assert image["alt"] == "rain > 1 mm. Heavy rain caused floods in the Green Valley on Monday."
    text = (root / "site/stories/rain/index.html").read_text()
    code = text.split("<pre", 1)[1].split("</pre>", 1)[0]
    assert "cite" not in code and "The river rose by a metre. Heavy rain caused floods." in code
    assert len(markers(page)) == 2  # the two sentences of text: none for the alt text, none in the code


def test_a_dropped_hedge_is_shown_as_less_certain_not_as_contradicted(tmp_path):
    from sitekit import parse
    source = "The cabinet is expected to declare a state of emergency at a meeting on Thursday.\n"
    files = {"sources/floods.md": front({"title": "Floods", "publisher": "Gazette"}, source),
             "stories/floods.md": front({"title": "Floods", "date": "2024-06-01", "sources": [{"ref": "floods"}]},
                                        "The cabinet has declared a state of emergency.\n")}
    root = write_site(tmp_path, files)
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0 and "the source is less certain: it says 'is expected to'" in result.stdout + \
        result.stderr, result.stderr
    text = (root / "site/stories/floods/index.html").read_text()
    assert len(markers(parse(root / "site/stories/floods/index.html"))) == 1
    assert "evidence for sentence 1: partly supported: the source is less certain" in text
    assert "says otherwise" not in text


def test_a_contradicted_sentence_says_so_and_a_corrected_story_says_so_at_the_top(tmp_path):
    from sitekit import parse
    source = "Spending on hospitals will rise by 4 percent next year, the minister said.\n"
    summary = "Key figures:\n\n- Spending on hospitals will fall by 4 percent next year.\n\n```\nlong code line\n```\n"
    files = {"sources/budget.md": front({"title": "Budget", "publisher": "Gazette"}, source),
             "stories/budget.md": front({"title": "Budget", "date": "2024-06-01", "sources": [{"ref": "budget"}],
                                         "corrections": [{"date": "2024-06-03", "text": "A figure was wrong."}]},
                                        summary)}
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    text = (root / "site/stories/budget/index.html").read_text()
    page = parse(root / "site/stories/budget/index.html")
    assert len(markers(page)) == 1  # "Key figures:" labels the list: no claim, no marker
    assert "Partly supported: the source says otherwise" in text
    assert "The passage says the opposite of &#39;fall&#39;" in text or "The passage says the opposite of 'fall'" in text
    assert "evidence for sentence 1: partly supported: the source says otherwise" in text  # what a screen reader hears
    header = text.split("</header>")[1]  # the story's own header, after the masthead's
    assert 'datetime="2024-06-03' in header and 'href="#corrections-heading">Corrected</a>' in header
    assert '<pre tabindex="0">' in text


def test_a_headline_with_a_name_or_number_no_source_gives_is_a_warning(tmp_path):
    files = site_files()
    root = write_site(tmp_path, files)
    story = root / "content/stories/lyon.md"
    story.write_text(story.read_text().replace("title: Lyon to close Part-Dieu car park",
                                               "title: Lyon flood forces 9,000 from homes in Grenoble", 1))
    assert "title: Lyon flood forces 9,000" in story.read_text()
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "content/stories/lyon.md:2: warning: title: not in any source: 9,000, Grenoble" in result.stderr
    assert newsbrief("build", "--strict", cwd=root).returncode == 1


def test_an_evidence_tip_quotes_the_words_that_support_the_sentence(tmp_path):
    """A passage of two sentences: the tip showed its first 140 characters, which held no word of the claim."""
    source = ("Half of France's high-speed TGV trains will be cancelled on Thursday, and regional lines will be hit "
              "hard too, the operator said on Tuesday evening. About 40% of regional TER trains will run, SNCF said, "
              "urging travellers to postpone their journeys.\n")
    root = write_site(tmp_path, {
        "sources/sncf.md": front({"title": "Rail strike", "publisher": "Le Monde"}, source),
        "stories/strike.md": front({"title": "Rail strike", "date": "2024-06-04", "sources": [{"ref": "sncf"}]},
                                   "Regional lines will be hit hard, and about 40% of regional TER trains will run, "
                                   "SNCF said.\n")})
    assert newsbrief("build", cwd=root).returncode == 0
    page = (root / "site/stories/strike/index.html").read_text()
    tip = re.search(r'<span class="evidence-tip" role="tooltip" id="tip-1">(.*?)</span>', page).group(1)
    assert "About 40% of regional TER trains will run" in tip and "Half of France" not in tip, tip


def test_sources_too_large_to_check_are_named_not_checked_for_minutes(tmp_path):
    """12 sources of 1 MB on one story took 37 s and 1.5 GB to check (the index costs ~125 bytes a character):
    past a budget the story's sentences are not checked, and a warning says so at its sources."""
    import time
    paragraph = "The council met on Monday and agreed the budget for the coming year after a long debate. " * 8
    big = "\n\n".join([paragraph] * 1000)  # ~720,000 characters, under the 1 MB file limit
    files = {f"sources/big{n}.md": front({"title": f"Transcript {n}", "publisher": "Gazette"}, big) for n in range(3)}
    files["stories/s.md"] = front({"title": "Budget agreed", "date": "2024-01-01",
                                   "sources": [{"ref": f"big{n}"} for n in range(3)]},
                                  "The council agreed the budget on Monday.\n")
    root = write_site(tmp_path, files)
    began = time.monotonic()
    result = newsbrief("check", cwd=root)
    assert time.monotonic() - began < 60 and "Traceback" not in result.stderr
    assert "content/stories/s.md:5: warning: sources: sentences not checked: its sources hold 2,141,997 " in result.stderr
    assert "over the 2,000,000 a check can hold" in result.stderr, result.stderr
    line = json.dumps({"id": "big", "source": big * 3, "summary": "The council agreed the budget."})
    out = json.loads(newsbrief("verify", "--jsonl", cwd=tmp_path, stdin=line + "\n").stdout)
    assert out["id"] == "big" and out["error"].startswith("not checked: its sources hold")


def test_a_story_whose_sources_are_links_only_says_its_sentences_are_not_checked(tmp_path):
    """A made-up figure in such a story went out with no warning: there is no text to check it against."""
    story = front({"title": "Bridge approved", "date": "2024-06-04", "sources": [
        {"url": "https://news.example.org/bridge", "title": "Bridge vote", "publisher": "Gazette"}]},
        "The council approved a bridge costing £500 million.\n")
    root = write_site(tmp_path, {"stories/bridge.md": story})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "content/stories/bridge.md:5: warning: sources: sentences not checked: its sources are links only" \
        in result.stderr, result.stderr
    assert newsbrief("build", "--strict", cwd=root).returncode == 1
    checked = newsbrief("check", cwd=root)  # its last line must not read "OK" below the warning
    last = checked.stdout.strip().splitlines()[-1]
    assert checked.returncode == 0 and last.startswith("Warnings: 1 story, 0 sources checked"), checked.stdout
    assert last.endswith(", 1 warning")


def test_a_wrong_figure_is_named_beside_the_one_the_passage_gives(tmp_path):
    source = front({"title": "Bridge vote", "publisher": "Gazette"},
                   "The council approved the bridge, which will cost £84 million, on Monday.\n")
    story = front({"title": "Bridge approved", "date": "2024-06-04", "sources": [{"ref": "bridge"}]},
                  "The council approved a bridge costing £90 million on Monday.\n")
    root = write_site(tmp_path, {"sources/bridge.md": source, "stories/bridge.md": story})
    result = newsbrief("check", cwd=root)
    assert "not in any source: £90 million (the passage gives £84 million)" in result.stderr, result.stderr


def test_verify_jsonl_names_a_line_that_is_not_utf8_or_too_long(tmp_path, monkeypatch):
    import io
    from generator import cli
    from generator.provenance.jsonl import UnreadableLine
    good = json.dumps({"id": 1, "source": "The council met.", "summary": "The council met."}).encode()
    result = subprocess_verify(tmp_path, good + b"\n\xff\xfe bad\n" + good + b"\n")
    assert [("error" in r, r.get("line")) for r in result] == [(False, None), (True, 2), (False, None)]
    assert result[1]["error"] == "not UTF-8 text (byte 1 of the line)"  # not "a lone surrogate escape"
    monkeypatch.setattr(cli, "MAX_LINE", 100)  # a line is never held whole past the limit
    lines = list(cli._input_lines(io.BytesIO(b"x" * 5000 + b"\n" + good + b"\n")))
    assert isinstance(lines[0], UnreadableLine) and "longer than 100 bytes" in lines[0].reason
    assert json.loads(lines[1])["id"] == 1 and len(lines) == 2


def subprocess_verify(tmp_path, data: bytes) -> list:
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "generator.cli", "verify", "--jsonl"], input=data, cwd=tmp_path,
                         capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.decode().splitlines()]


def test_a_url_with_quotes_or_a_raw_link_across_sentences_keeps_every_marker_outside_links(tmp_path):
    """Python-Markdown read the quote in wiki/"Heroes"_(album) as a title's start: the URL swallowed the text
    after it and an internal mark token leaked into the page and feeds. A raw <a> whose text ends a sentence
    got the marker (itself a link) inside it: a link in a link."""
    source = "Putin arrived in Harbin on Friday as the album played. He had arrived. Harbin welcomed him warmly.\n"
    summary = ('Putin arrived in Harbin as the album played (see [the album](https://en.wikipedia.org/wiki/'
               '"Heroes"_(David_Bowie_album))). It is [here](https://example.org/it\'s_(x)).\n\n'
               'He said <a href="https://example.org/a">he had arrived. Harbin welcomed him</a> warmly.\n')
    files = {"sources/h.md": front({"title": "Harbin", "publisher": "Gazette"}, source),
             "stories/h.md": front({"title": "Putin in Harbin", "date": "2024-06-01", "sources": [{"ref": "h"}]},
                                   summary)}
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    for path in (root / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            assert "MARK" not in path.read_text(encoding="utf-8"), path
    page = parse(root / "site/stories/h/index.html")
    hrefs = [a.get("href", "") for t, a in page.tags if t == "a"]
    assert "https://en.wikipedia.org/wiki/%22Heroes%22_(David_Bowie_album)" in hrefs
    assert "https://example.org/it%27s_(x)" in hrefs
    assert len(markers(page)) == 4
    html = (root / "site/stories/h/index.html").read_text(encoding="utf-8")
    summary_html = html.split('<div class="summary"', 1)[1].split("</div>", 1)[0]
    depth = 0
    for tag in re.findall(r"<(/?)a\b", summary_html):  # never a link inside a link
        depth += -1 if tag else 1
        assert depth in (0, 1), summary_html
    assert "welcomed him</a><sup" in summary_html and "warmly." in summary_html


def test_quotes_in_code_and_in_raw_html_stay_as_written(tmp_path):
    """Quotes in a link's URL are percent-encoded so that Python-Markdown keeps the URL whole; in code and in a
    raw tag's attribute they are text, shown as written (review of stop 16)."""
    source = "Putin arrived in Harbin on Friday. He had arrived.\n"
    summary = ('Putin arrived in Harbin on Friday. Type `` [x](it"s) `` to link.\n\n'
               '    [y](code"block)\n\n'
               'He <abbr title="[z](a\'b)">had</abbr> arrived.\n')
    files = {"sources/h.md": front({"title": "Harbin", "publisher": "Gazette"}, source),
             "stories/h.md": front({"title": "Putin in Harbin", "date": "2024-06-01", "sources": [{"ref": "h"}]},
                                   summary)}
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    html = (root / "site/stories/h/index.html").read_text(encoding="utf-8")
    assert "%22" not in html and "%27" not in html
    page = parse(root / "site/stories/h/index.html")
    assert '[x](it"s)' in page.text and '[y](code"block)' in page.text


def test_an_escaped_quote_in_a_link_url_is_encoded_without_its_backslash(tmp_path):
    source = "Putin arrived in Harbin on Friday. He had arrived.\n"
    summary = 'Putin arrived in Harbin on Friday ([album](https://e.org/wiki/\\"Heroes\\"_(album))).\n'
    files = {"sources/h.md": front({"title": "Harbin", "publisher": "Gazette"}, source),
             "stories/h.md": front({"title": "Putin in Harbin", "date": "2024-06-01", "sources": [{"ref": "h"}]},
                                   summary)}
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    hrefs = [a.get("href", "") for t, a in parse(root / "site/stories/h/index.html").tags if t == "a"]
    assert "https://e.org/wiki/%22Heroes%22_(album)" in hrefs
