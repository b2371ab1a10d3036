"""The page as drawn: phone to wide screen, light and dark, print, no layout shift, and the weight budget."""
import re

import pytest

from browserkit import Watch
from test_accessibility import PAGES, STORY

BUDGET = 32 * 1024  # a story page with its CSS, before compression (30 KB until evidence tips became dismissible
                    # and second passages and verdicts reached the page)


def test_no_horizontal_scroll_on_a_320px_phone(browser, server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    watch, widths = Watch(context.new_page()), {}
    for name, path in {**PAGES, "search": "fixture/search/index.html?q=energy"}.items():
        page = watch.goto(server + path)
        if page.locator("sup.cite a").count():
            page.locator("sup.cite a").first.focus()  # an open evidence note must fit too
        widths[name] = page.evaluate("document.documentElement.scrollWidth")
    assert widths == {name: 320 for name in widths}
    watch.assert_clean()
    context.close()


def test_reading_measure_on_a_wide_screen(browser, server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(server + STORY)
    width = page.locator(".summary p").first.bounding_box()["width"]
    chars = page.evaluate("""() => { const p = document.querySelector('.summary p'), c = document.createElement('canvas').getContext('2d');
        c.font = getComputedStyle(p).font;  // characters of ordinary text that fit on one line
        const sample = 'the quick brown fox jumps over the lazy dog, said the reporter in Kharkiv. ';
        return p.clientWidth / (c.measureText(sample).width / sample.length); }""")
    assert width <= 760 and 55 <= chars <= 85, (width, chars)
    context.close()


@pytest.mark.parametrize("path", ["brief/index.html", STORY, "fixture/search/index.html"])
def test_no_layout_shift(watch, server, path):
    page = watch.goto(server + path)
    shift = page.evaluate("""() => new Promise(done => {
        let total = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
          .observe({type: 'layout-shift', buffered: true});
        setTimeout(() => done(total), 300); })""")
    assert shift < 0.001


def test_dark_and_light(browser, server):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(server + STORY)
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        context.close()
    brightness = {k: sum(map(int, re.findall(r"\d+", v)[:3])) for k, v in colours.items()}
    assert brightness["light"] > 700 and brightness["dark"] < 150, colours


def test_print_keeps_the_text_and_drops_the_chrome(watch, server):
    page = watch.goto(server + STORY)
    page.emulate_media(media="print")
    assert not page.locator(".masthead nav").is_visible()
    assert not page.locator(".neighbours").count() or not page.locator(".neighbours").is_visible()
    assert page.locator(".summary").is_visible() and page.locator(".sources").is_visible()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"


def test_story_page_weight_budget(www):
    """Every example story's HTML plus its stylesheet and scripts stays under 32 KB; its one script is deferred
    and optional (tips work without it)."""
    css = len((www / "brief" / "assets" / "style.css").read_bytes())
    css += len((www / "brief" / "assets" / "tips.js").read_bytes())
    for story in (www / "brief" / "stories").glob("*/index.html"):
        html = story.read_text(encoding="utf-8")
        assert len(html.encode("utf-8")) + css < BUDGET, f"{story.parent.name}: {len(html.encode())} + {css} bytes"
        scripts = re.findall(r"<script(?![^>]*application/ld\+json)[^>]*>", html)
        assert scripts == ['<script src="../../assets/tips.js" defer>'], scripts
        assert html.count('rel="stylesheet"') == 1


def test_hard_content_keeps_the_layout(browser, tmp_path):
    """Long unbroken words in tags and headlines, evidence in a list, a table, and right-to-left text."""
    from sitekit import front, newsbrief, write_site
    word = "Antidisestablishmentarianismfloccinaucinihilipilification"
    source = front({"title": "Port report", "publisher": "Wire"},
                   "The harbour authority said 4,200 containers were stranded at the terminal.\n\n"
                   "أعلنت الحكومة اليوم عن خطة جديدة للموانئ.\n")
    files = {
        "sources/port.md": source,
        "stories/a-long.md": front({"title": f"Strike {word}", "date": "2024-06-01", "tags": [word + word],
                                    "sources": [{"ref": "port"}]},
                                   "The strike began.\n\n- The harbour authority said 4,200 containers were "
                                   "stranded at the terminal.\n\n| Port | Boxes |\n|---|---|\n| A | 4,200 |\n"),
        "stories/b-next.md": front({"title": "Next brief", "date": "2024-06-02", "sources": [{"ref": "port"}]},
                                   "The harbour authority said 4,200 containers were stranded at the terminal.\n"),
        "stories/c-arabic.md": front({"title": "خطة جديدة للموانئ", "date": "2024-05-30", "sources": [{"ref": "port"}]},
                                     "أعلنت الحكومة اليوم عن خطة جديدة للموانئ.\n"),
    }
    root = write_site(tmp_path, files)
    assert newsbrief("build", cwd=root).returncode == 0
    site = (root / "site").as_uri() + "/"
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for slug in ("a-long", "b-next"):
        page.goto(site + f"stories/{slug}/index.html")
        assert page.evaluate("document.documentElement.scrollWidth") == 360, slug
    page.goto(site + "stories/a-long/index.html")
    page.locator(".summary li sup.cite a").first.focus()
    tip, column = (page.locator(sel).first.bounding_box() for sel in (".summary li .evidence-tip", ".summary"))
    assert column["x"] - 1 <= tip["x"] and tip["x"] + tip["width"] <= column["x"] + column["width"] + 1
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.summary table')).display") == "table"
    page.emulate_media(media="screen")
    page.goto(site + "stories/c-arabic/index.html")
    assert page.evaluate("[getComputedStyle(document.querySelector('h1')).direction, "
                         "getComputedStyle(document.querySelector('.summary')).direction]") == ["rtl", "rtl"]
    context.close()


def test_an_evidence_tip_can_be_reached_by_the_pointer_closed_with_esc_and_stays_in_view(browser, server):
    """WCAG 1.4.13: hover content the pointer can move onto, that Esc dismisses; a tip near the bottom of the
    window opens above its line."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(server + STORY)
    marker = page.locator("sup.cite a").nth(1)
    tip = page.locator("sup.cite .evidence-tip").nth(1)
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert tip.is_visible()
    target = tip.bounding_box()
    steps = 12  # straight down from the marker into the tip: it stays open all the way
    for i in range(1, steps + 1):
        y = box["y"] + box["height"] / 2 + (target["y"] + 5 - box["y"] - box["height"] / 2) * i / steps
        page.mouse.move(box["x"] + box["width"] / 2, y)
        assert tip.is_visible(), f"closed at {y:.0f}px, the tip starts at {target['y']:.0f}px"
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    page.mouse.move(5, 5)
    for i in range(page.locator("sup.cite a").count()):  # by keyboard, every open tip lies within the window
        page.locator("sup.cite a").nth(i).focus()
        open_tip = page.locator("sup.cite .evidence-tip").nth(i).bounding_box()
        assert open_tip["y"] >= 0 and open_tip["y"] + open_tip["height"] <= 720 + 1, (i, open_tip)
    context.close()


def test_an_evidence_tip_stays_open_on_a_slanting_path_to_it(browser, server):
    """The pointer crossed the marker's own line on its way to the tip's start (down and to the left) and the
    tip closed after 16 px: it stays a moment after the pointer leaves the marker, and Esc still closes it."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server + STORY)
    index = page.locator("sup.cite a").count() - 1
    marker, tip = page.locator("sup.cite a").nth(index), page.locator("sup.cite .evidence-tip").nth(index)
    marker.scroll_into_view_if_needed()
    box = marker.bounding_box()
    x0, y0 = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x0, y0)
    target = tip.bounding_box()
    x1, y1 = target["x"] + 8, target["y"] + 8  # the tip's first words, left of and below the marker
    assert x0 - x1 > 60, "the marker must sit well right of the tip's start for a slanting path"
    for i in range(1, 21):
        page.mouse.move(x0 + (x1 - x0) * i / 20, y0 + (y1 - y0) * i / 20)
        page.wait_for_timeout(10)
        assert tip.is_visible(), f"closed at step {i} of 20"
    page.wait_for_timeout(600)  # on the tip now: open by hover, long after the linger
    assert tip.is_visible()
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    context.close()


def test_on_a_touch_screen_the_first_tap_opens_the_tip_and_the_second_follows_it(browser, server):
    """A phone has no hover: tapping a marker went straight to the source, and its verdict was never seen."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(server + STORY)
    marker = page.locator("sup.cite a").first
    tip = page.locator("sup.cite .evidence-tip").first
    marker.scroll_into_view_if_needed()
    marker.tap()
    assert tip.is_visible() and page.url.endswith(STORY)
    marker.tap()
    page.wait_for_url(re.compile(r"/sources/.*#ev-\d+-\d+$"))
    page.go_back()
    page.wait_for_url(re.compile(re.escape(STORY) + "$"))
    marker = page.locator("sup.cite a").first
    tip = page.locator("sup.cite .evidence-tip").first
    marker.scroll_into_view_if_needed()
    marker.tap()
    assert tip.is_visible()
    box = tip.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # a tap on the open tip
    assert not tip.is_visible() and page.url.endswith(STORY), "a tap on the tip closes it"
    page.locator("h1").first.tap()
    marker.tap()  # closed, then tapped again: the tip opens first, as on the first tap
    assert tip.is_visible() and page.url.endswith(STORY)
    context.close()


def test_a_right_to_left_site_reads_from_the_right_without_sideways_scroll(browser, tmp_path):
    """An Arabic site: the page runs right to left, and the hidden skip link (once pushed off to the left)
    gives no horizontal scroll, which in a right-to-left page would open on the left."""
    from sitekit import front, newsbrief, write_site
    source = front({"title": "مصدر", "publisher": "الوكالة"}, "أعلنت الحكومة اليوم عن خطة جديدة للموانئ.\n")
    files = {"sources/a.md": source, **{f"stories/s{n}.md": front(
        {"title": f"خطة جديدة للموانئ {n}", "date": f"2024-05-{n + 10}", "tags": ["موانئ", "C++"],
         "sources": [{"ref": "a"}]},
        "أعلنت الحكومة اليوم عن خطة جديدة للموانئ.\n") for n in range(5)}}
    root = write_site(tmp_path, files, per_page=2, extra="      language: ar\n")
    assert newsbrief("build", cwd=root).returncode == 0, "build failed"
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for rel in ("index.html", "stories/s2/index.html", "tags/index.html", "archive/index.html"):
        page.goto((root / "site" / rel).as_uri())
        assert page.evaluate("getComputedStyle(document.querySelector('.masthead')).direction") == "rtl", rel
        assert page.evaluate("document.documentElement.scrollWidth") == 360, rel
    page.keyboard.press("Tab")  # the skip link shows when focused, inside the page
    box = page.locator(".skip").bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= 360 and box["y"] >= 0
    # an English date reads "12 May 2024" (the day had moved to the line's far end), and "C++" is not "++C"
    x_of = """([sel, i]) => { const node = document.querySelector(sel).firstChild, range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1); return range.getBoundingClientRect().x; }"""
    for rel, sel in (("stories/s2/index.html", ".story .meta time"), ("index.html", ".card .meta time")):
        page.goto((root / "site" / rel).as_uri())
        assert page.locator(sel).first.inner_text()[2:] == " May 2024", rel
        assert page.evaluate(x_of, [sel, 0]) < page.evaluate(x_of, [sel, 3]), rel  # "1" left of "M"
    page.goto((root / "site/stories/s2/index.html").as_uri())
    tag = ".tags li:last-child a"
    assert page.locator(tag).inner_text() == "C++" and page.evaluate(x_of, [tag, 0]) < page.evaluate(x_of, [tag, 1])
    context.close()
