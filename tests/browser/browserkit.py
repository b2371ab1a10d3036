"""Helpers for the browser tests: the Chromium to launch, a page watcher, a crawler, axe, a fixture site."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urldefrag, urlsplit
from urllib.request import url2pathname

from sitekit import front

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"  # Debian's: a test tool's own browser download cannot work on these machines
# As root Chromium needs --no-sandbox; the rest stop it calling out to a network that is closed here.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"


class Watch:
    """Records everything a reader would call broken: console errors, script errors, failed loads."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        # ERR_ABORTED is a load the reader cut short by following a link, not a broken one.
        page.on("requestfailed", lambda r: "ERR_ABORTED" in (r.failure or "") or self.problems.append(
            f"request failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.problems.append(f"unexpected dialog: {dialog.message}")  # e.g. an injected alert()
        dialog.dismiss()

    def goto(self, url: str):
        response = self.page.goto(url)
        assert response is None or response.ok, f"{url}: HTTP {response.status}"
        return self.page

    def assert_clean(self):
        assert not self.problems, "\n".join(self.problems)


def _is_page(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith((".html", "/"))


def _exists(url: str, context) -> bool:
    if url.startswith("file:"):
        return Path(url2pathname(urlsplit(url).path)).is_file()
    return context.request.get(url).ok


def crawl(watch: Watch, start: str) -> tuple[set[str], list[str]]:
    """Open every page reachable from start by links inside its folder; return (pages, broken links)."""
    root = start.rsplit("/", 1)[0] + "/"
    pages, queue, broken, ids, fragments = set(), [start], [], {}, []
    while queue:
        url = queue.pop()
        if url in pages:
            continue
        pages.add(url)
        watch.goto(url)
        ids[url] = set(watch.page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        # <link>s too: a feed or icon the head announces must exist even though no page view loads it.
        for href in watch.page.eval_on_selector_all("a[href], link[href]", "els => els.map(a => a.href)"):
            target, fragment = urldefrag(href)
            if not target.startswith(root):
                continue
            if fragment:
                fragments.append((url, target, fragment))
            if _is_page(target):
                queue.append(target)
            elif not _exists(target, watch.page.context):
                broken.append(f"{url} -> {target}")
    broken += [f"{page} -> {target}#{frag}" for page, target, frag in fragments
               if target in ids and frag not in ids[target]]
    return pages, broken


AXE_RUN = """async rules => (await axe.run(document, rules ? {runOnly: rules, resultTypes: ['violations']}
    : {resultTypes: ['violations']})).violations.map(
  v => `${v.id} (${v.impact}): ${v.help}\\n    ` + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join('\\n    '))"""


def axe_violations(page, rules: list[str] | None = None) -> list[str]:
    """axe-core violations on the page as it is now: all its rules (WCAG 2 A/AA, best practices) or those named."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN, rules)


TAGS = ["Energy", "Elections", "Climate", "Trade", "Ukraine war"]
PUBLISHERS = ["The Guardian", "Reuters", "Le Monde", "Kyiv Independent"]
BODIES = [
    "Wind farms in the North Sea produced a record share of the grid's power on {day} March. Operators said "
    "new cables would carry the surplus to Norway and the Netherlands by the end of the year.",
    "Voters in the eastern regions queued for hours as polling stations opened late. Observers reported "
    "{n} complaints, most about missing ballot papers.",
    "Negotiators agreed a draft text on methane after talks ran through the night. The agreement still needs "
    "the approval of {n} national parliaments before it takes effect.",
    "Exports of grain through the Black Sea corridor rose for the third month running. Shipping insurers "
    "cut premiums by {n} percent, citing fewer attacks on ports near Odesa.",
]


def fixture_files(count: int = 8) -> dict[str, str]:
    """A small site: several days, tags, publishers, sources with text, pagination, a hostile headline."""
    files = {}
    for i, publisher in enumerate(PUBLISHERS):
        files[f"sources/src-{i}.md"] = front(
            {"title": f"Report {i}: what we know", "publisher": publisher, "published": f"2024-03-0{i + 1}",
             "url": f"https://example.org/2024/03/0{i + 1}/a-very-long-address-that-must-wrap-on-a-phone-{i}"},
            BODIES[i].format(day=i + 1, n=i + 3) + "\n\nA second paragraph with more detail.\n")
    for i in range(count):
        title = f"Brief {i}: {TAGS[i % 5]} news from {PUBLISHERS[i % 4]}"
        if i == 6:
            title = "Grain deal holds as ships leave Odesa"
        if i == 1:
            title = "Zelénskyy visits Харків as the polls open"
        if i == 5:
            title = "Markets <script>alert('x')</script> & rally after Tokyo's “surprise” vote"
        fields = {"title": title, "date": f"2024-03-{1 + i // 2:02d}T{9 + i:02d}:00:00+00:00",
                  "tags": [TAGS[i % 5], TAGS[(i + 1) % 5]], "sources": [{"ref": f"src-{i % 4}"}]}
        if i == 6:
            fields["lang"] = "en-GB"  # a brief in a language of its own says so, in search results too
        if i == 2:
            fields["sources"].append({"url": "https://example.com/inline", "title": "Inline only", "publisher": "AP"})
            fields["corrections"] = [{"date": "2024-03-05", "text": "An earlier version gave the wrong day."}]
        files[f"stories/brief-{i}.md"] = front(fields, BODIES[i % 4].format(day=i + 1, n=i + 3) + "\n")
    return files
