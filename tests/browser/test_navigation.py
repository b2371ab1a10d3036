"""A reader clicks through the site, over file:// and over HTTP under a subpath; nothing may break."""
import pytest

from browserkit import crawl


def test_front_page_to_story_to_source_and_back(watch, base):
    page = watch.goto(base + "brief/index.html")
    headline = page.locator("main .card-title a").first
    title = headline.inner_text()
    headline.click()
    page.wait_for_url("**/stories/**")
    assert page.locator("h1").inner_text() == title
    story_url = page.url
    page.get_by_role("link", name="Read the source text").first.click()
    page.wait_for_url("**/sources/**")
    assert "Source" in page.locator(".kicker").text_content()
    assert page.locator(".source-text p").count() > 0
    page.go_back()
    page.wait_for_url(story_url)
    assert page.locator("h1").inner_text() == title


@pytest.mark.parametrize("site", ["brief", "fixture"])
def test_every_internal_link_loads(watch, base, site):
    if site == "fixture" and base.startswith("file:"):
        pytest.skip("the fixture is crawled over HTTP; the example over both")  # keeps the suite fast
    pages, broken = crawl(watch, f"{base}{site}/index.html")
    assert not broken, "\n".join(broken)
    kinds = {kind for kind in ("/stories/", "/sources/", "/tags/", "/publishers/", "/archive/", "/search/")
             if any(kind in p for p in pages)}
    assert len(kinds) == 6, f"the crawl missed whole sections: {sorted(kinds)}"
    if site == "fixture":
        assert any("/page/2/" in p for p in pages), "pagination not reached"


def test_story_reads_without_javascript(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "brief/index.html")
    page.locator("main .card-title a").first.click()
    assert page.locator(".summary p").first.is_visible()
    assert page.locator(".summary").inner_text().strip()
    context.close()


def test_a_citation_marker_outlines_its_whole_passage(watch, base):
    """Passages may start at one offset or run over paragraphs: the one a marker leads to is outlined whole."""
    page = watch.goto(base + "brief/index.html")
    page.locator("main .card-title a").first.click()
    page.wait_for_url("**/stories/**")
    targets = page.eval_on_selector_all(".summary sup.cite > a[href*='sources/']", "as => as.map(a => a.href)")
    assert len(targets) >= 5
    for target in targets:
        page.goto(target)
        anchor = target.split("#", 1)[1]
        start, end = (int(n) for n in anchor.split("-")[1:])
        outlined = page.eval_on_selector_all(
            "mark", "ms => ms.filter(m => getComputedStyle(m).outlineStyle !== 'none').map(m => m.dataset.ev)")
        assert outlined, f"nothing outlined for #{anchor}"
        assert all(anchor in ev.split() for ev in outlined), (anchor, outlined)
        expected = page.eval_on_selector_all(f'mark[data-ev~="{anchor}"]', "ms => ms.length")
        assert len(outlined) == expected
