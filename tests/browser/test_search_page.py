"""Search as a reader uses it: over file:// and HTTP, as you type, by keyboard, and without JavaScript."""

from browserkit import Watch


def results(page) -> list[str]:
    return page.locator("#search-results .card-title").all_text_contents()


def type_query(page, text: str):
    page.get_by_label("Search headlines").fill(text)


QUERIES = [
    "kharkiv",       # text
    "Putin China",   # headline; every word must match
    "guardian",      # publisher
    "ukraine war",   # topic
    "harb",          # a prefix, as typed so far
    "XI JÍNPING",    # case and accents do not matter
]


def test_finds_the_example_story(watch, base):
    page = watch.goto(base + "brief/search/index.html")
    for query in QUERIES:
        type_query(page, query)
        assert [t[:13] for t in results(page)] == ["Putin's Visit"], query
        assert page.locator("#search-status").inner_text().startswith("1 brief matches"), query


def test_browser_and_build_fold_words_alike(watch, server):
    """search.js and generator/search.py must agree on accents, case and scripts other than Latin."""
    page = watch.goto(server + "fixture/search/index.html")
    for query in ("zelenskyy", "ZELÉNSKYY", "харків", "ХАРК", "zelenskyy харків polls"):
        type_query(page, query)
        assert results(page) == ["Zelénskyy visits Харків as the polls open"], query


TRICKY = ["Straße İstanbul ΣΊΣΥΦΟΣ", "Hà Nội phở", "北京 東京都 서울", "مرحبا ١٢٣", "x² ½ ①", "naïve—café’s",
          "e\u0301 combining", "fi ligature ﬁsh", "emoji 🎉 party", "snake_case C++ R&D 3.14", "Łódź Ærø Øre",
          "中国新闻abc ｶﾀｶﾅ 新", "Q&A with AT&T on C# and F#, x## c+++ salt&pepper",
          "1,200 and $3,400,000 but 2,3 and 2019,2020 and ١,٢٠٠", "$240.1bn, 3.5%, v3.10 and 10.0.0.1 at 1.5.", "12.03.2024 R&D AT&T&X&Y&Z " + "ab&" * 50,
          "第一季度增长5.3%，GDP增长1,200亿 iPhone手机x"]


def test_search_js_tokenizes_like_the_build(watch, server):
    from generator.search import tokens
    page = watch.goto(server + "brief/search/index.html")
    assert page.evaluate("texts => texts.map(NEWSBRIEF_SEARCH.tokens)", TRICKY) == [tokens(t) for t in TRICKY]


def test_no_match_says_so(watch, base):
    page = watch.goto(base + "brief/search/index.html")
    type_query(page, "zeppelin")
    assert results(page) == []
    assert page.locator("#search-status").inner_text() == "No brief matches “zeppelin”."


def test_words_too_short_to_search_for_are_named(watch, base):
    """"kharkiv 3" matched as "kharkiv" alone, and the reader could not tell the 3 was dropped."""
    page = watch.goto(base + "brief/search/index.html")
    type_query(page, "kharkiv 3")
    assert [t[:13] for t in results(page)] == ["Putin's Visit"]
    assert page.locator("#search-status").inner_text() == (
        "1 brief matches “kharkiv 3”. Too short to search for: “3”.")
    type_query(page, "C++ 北")  # a two-letter token of its own, and one Chinese character: both searched
    assert "Too short" not in page.locator("#search-status").inner_text()
    type_query(page, "8,000")  # one number, searched as 8000: no "8" too short
    assert page.locator("#search-status").inner_text() == "1 brief matches “8,000”."
    type_query(page, "240.1")  # the figure the story gives, as one word
    assert page.locator("#search-status").inner_text() == "1 brief matches “240.1”."
    type_query(page, "240.9")  # not its whole part 240 and a dropped "9"
    assert results(page) == [] and "Too short" not in page.locator("#search-status").inner_text()
    type_query(page, "Putin's & Xi’s")  # a possessive's "s" and a lone "&" are no words the reader meant
    assert page.locator("#search-status").inner_text() == "1 brief matches “Putin's & Xi’s”."


def test_ranking_headline_before_body_and_result_links_work(watch, base):
    page = watch.goto(base + "fixture/search/index.html")
    type_query(page, "grain")  # in the headline of brief 6, only in the text of the newer brief 7
    titles = results(page)
    assert titles[0].startswith("Grain deal holds") and len(titles) == 3, titles
    langs = page.locator("#search-results .card-title").evaluate_all("hs => hs.map(h => h.lang)")
    assert langs == ["en-GB", "", ""], langs  # a brief's own language, as on its page and cards
    page.locator("#search-results a").first.click()
    page.wait_for_url("**/stories/**")
    assert page.locator("h1").inner_text() == titles[0]


def test_hostile_headline_is_text(watch, base):
    page = watch.goto(base + "fixture/search/index.html")
    type_query(page, "markets rally")
    assert results(page) == ["Markets <script>alert('x')</script> & rally after Tokyo's “surprise” vote"]
    assert page.locator("#search-results script").count() == 0


def test_keyboard_search(watch, server):
    page = watch.goto(server + "fixture/search/index.html")
    page.get_by_label("Search headlines").focus()
    page.keyboard.type("methane")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.textContent")
    assert first == results(page)[0]
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/stories/**")
    assert page.locator("h1").inner_text() == first
    page.go_back()
    page.wait_for_url("**/search/**")
    assert page.get_by_label("Search headlines").input_value() == "methane"  # the query survives Back
    assert results(page)


def test_query_in_the_address(watch, base):
    page = watch.goto(base + "fixture/search/index.html?q=methane")
    assert page.get_by_label("Search headlines").input_value() == "methane"
    assert results(page)


def test_search_link_in_every_page_nav(watch, base):
    page = watch.goto(base + "fixture/stories/brief-1/index.html")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Search").click()
    page.wait_for_url("**/search/index.html")
    assert page.locator("h1").inner_text() == "Search"


def test_without_javascript_points_to_the_archive(browser, base):
    context = browser.new_context(java_script_enabled=False)
    watch = Watch(context.new_page())
    page = watch.goto(base + "brief/search/index.html")
    note = page.locator("main").get_by_text("Search needs JavaScript")
    assert note.is_visible()
    page.locator("main").get_by_role("link", name="archive").click()
    page.wait_for_url("**/archive/index.html")
    watch.assert_clean()
    context.close()


def test_an_index_in_many_shards_answers_as_one(watch, base):
    """A large site's index comes in shards (an edit remakes one): numbering, ranking, standfirsts and
    links across shards are those of the same site with a one-shard index."""
    whole, sharded = watch.goto(base + "fixture/search/index.html"), None
    answers = {}
    for query in ("grain", "methane", "markets", "vote", "the", "e"):
        type_query(whole, query)
        answers[query] = (results(whole), whole.locator("#search-results .dek").all_text_contents(),
                          whole.locator("#search-status").inner_text())
    sharded = watch.goto(base + "sharded/search/index.html")
    assert sharded.locator("script[src*='search-index-']").count() >= 3
    for query, (titles, deks, status) in answers.items():
        type_query(sharded, query)
        assert results(sharded) == titles, query
        assert sharded.locator("#search-results .dek").all_text_contents() == deks, query
        assert sharded.locator("#search-status").inner_text() == status, query
    type_query(sharded, "grain")
    sharded.locator("#search-results a").first.click()
    sharded.wait_for_url("**/stories/**")
    assert sharded.locator("h1").inner_text() == answers["grain"][0][0]


def test_the_count_is_announced_once_typing_pauses(watch, base):
    page = watch.goto(base + "brief/search/index.html")
    page.get_by_label("Search headlines").press_sequentially("kharkiv", delay=20)
    status = page.locator("#search-status")
    assert status.get_attribute("aria-busy") == "true" and status.inner_text().startswith("1 brief matches")
    page.wait_for_function("document.getElementById('search-status').getAttribute('aria-busy') === 'false'")


def test_more_than_fifty_results_are_shown_fifty_at_a_time(watch, tmp_path):
    """"election" on a large site matched 1,371 briefs and only the first 50 could ever be seen."""
    from sitekit import front, newsbrief, write_site
    files = {"sources/s.md": front({"title": "Results", "publisher": "Wire"}, "The election count went on.\n")}
    for i in range(120):
        files[f"stories/s{i:03d}.md"] = front(
            {"title": f"Election night {i}", "date": f"2024-01-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00",
             "sources": [{"ref": "s"}]}, "The election count went on.\n")
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    page = watch.goto((root / "site/search/index.html").as_uri())
    type_query(page, "election")
    status = page.locator("#search-status")
    more = page.get_by_role("button", name="Show 50 more")
    assert len(results(page)) == 50 and status.inner_text() == "120 briefs match “election”; the first 50 are shown."
    more.click()
    assert len(results(page)) == 100 and status.inner_text() == "120 briefs match “election”; the first 100 are shown."
    assert page.evaluate("document.activeElement.textContent") == results(page)[50]  # the keyboard goes on there
    page.get_by_role("link", name=results(page)[70]).click()  # read one, then Back: still 100 shown
    page.wait_for_load_state()
    page.go_back()
    page.wait_for_function("document.querySelectorAll('#search-results .card-title').length === 100")
    page.get_by_role("button", name="Show 20 more").click()
    assert len(results(page)) == 120 and status.inner_text() == "120 briefs match “election”."
    assert len(set(results(page))) == 120 and not page.get_by_role("button").filter(has_text="more").is_visible()
    type_query(page, "night 70")  # a new query starts from its first results again
    assert results(page) == ["Election night 70"]
    assert not page.get_by_role("button").filter(has_text="more").is_visible()
