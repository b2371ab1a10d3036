"""Zero axe-core violations on every kind of page, in light and dark; keyboard-only reading works."""
import pytest

from browserkit import Watch, axe_violations

STORY = "brief/stories/putins-visit-to-china-amid-deepening-russia-china-ties-and-ukraine-crisis/index.html"
PAGES = {
    "front": "brief/index.html",
    "story": STORY,
    "source": "brief/sources/000_e2fd886eea8968a9/index.html",
    "tag": "brief/tags/china/index.html",
    "publisher": "brief/publishers/the-guardian/index.html",
    "archive": "brief/archive/index.html",
    "fixture-front": "fixture/index.html",
    "fixture-page-2": "fixture/page/2/index.html",
    "fixture-corrected-story": "fixture/stories/brief-2/index.html",
    "fixture-hostile-story": "fixture/stories/brief-5/index.html",
}


# Dark mode changes only colours, so there axe checks contrast alone; light mode gets every rule.
SCHEMES = {"light": None, "dark": ["color-contrast", "link-in-text-block"]}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations(browser, server, scheme):
    context = browser.new_context(color_scheme=scheme)
    watch, found = Watch(context.new_page()), {}
    for name, path in PAGES.items():
        watch.goto(server + path)
        found[name] = axe_violations(watch.page, SCHEMES[scheme])
    assert found == {name: [] for name in PAGES}
    watch.assert_clean()
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violations_in_search_results(browser, server, scheme):
    context = browser.new_context(color_scheme=scheme)
    watch = Watch(context.new_page())
    page = watch.goto(server + "fixture/search/index.html")
    page.get_by_label("Search headlines").fill("energy")
    page.locator("#search-results li").first.wait_for()
    assert axe_violations(page, SCHEMES[scheme]) == []
    watch.assert_clean()
    context.close()


def focus_ring(page) -> dict:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }""")


def assert_focus_visible(page):
    ring = focus_ring(page)
    assert (ring["style"] != "none" and ring["width"] >= 2) or ring["shadow"] != "none", ring


@pytest.mark.parametrize("path", [PAGES["front"], STORY, PAGES["source"], PAGES["tag"], "brief/search/index.html"])
def test_tab_reaches_the_skip_link_first_and_it_works(watch, server, path):
    page = watch.goto(server + path)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("class") == "skip" and skip.inner_text() == "Skip to content"
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 20, "skip link not on screen when focused"
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), "Tab after the skip left main"


def test_landmarks(watch, server):
    page = watch.goto(server + STORY)
    for role, count in (("banner", 1), ("main", 1), ("contentinfo", 1), ("navigation", 1)):
        assert page.get_by_role(role).count() >= count, role
    assert page.locator("h1").count() == 1


def test_keyboard_only_story_to_source(watch, server):
    """Tab (never the mouse) to the source link, with a visible focus ring at every stop on the way."""
    page = watch.goto(server + STORY)
    for _ in range(80):
        page.keyboard.press("Tab")
        assert_focus_visible(page)
        if page.evaluate("document.activeElement.textContent").startswith("Read the source text"):
            break
    else:
        pytest.fail("Tab never reached 'Read the source text'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/sources/**")


def test_citation_tooltip_shows_on_keyboard_focus(watch, server):
    page = watch.goto(server + STORY)
    markers = page.locator("sup.cite a")
    if markers.count() == 0:
        pytest.skip("this build has no citation markers")
    markers.first.focus()
    tip = page.locator("sup.cite .evidence-tip").first
    assert tip.is_visible()
    box, width = tip.bounding_box(), page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "tooltip runs off the screen"
