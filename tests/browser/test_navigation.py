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
