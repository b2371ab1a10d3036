"""A corpus of XSS payloads in every field a story or source has, built through `newsbrief build` and
`mkdocs build`, then every output file parsed back by type: no executable markup anywhere.

Every payload calls alert(…), so any script, handler or javascript: URL that came from content
carries that marker. Each output type has a checker; a new type fails the test until it has one.
"""
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.theme import served_css as _without_comments
from sitekit import TEMPLATES, front, mkdocs, newsbrief, parse, write_site

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "'><svg onload=alert(3)>",
    "</script><script>alert(4)</script>",
    "]]><script>alert(5)</script><![CDATA[",
    "<!-- --><script>alert(6)</script>",
    "javascript:alert(7)",
    "{{ alert(8) }}{% if true %}",
    "\u2028\u2029</title><script>alert(9)</script>",
    "&lt;script&gt;alert(10)&lt;/script&gt;",
]
TITLE = PAYLOADS[0] + " & " + PAYLOADS[1]
BODY = """The council met on Monday <script>alert(11)</script> and voted.

<img src=x onerror="alert(12)"> <a href="javascript:alert(13)">raw link</a> <a href=" JaVaScRiPt:alert(14)">x</a>

Links: [md](javascript:alert(15)), [case](JAVASCRIPT:alert(16)), [entity](&#106;avascript:alert(17)),
[tab](java\tscript:alert(18)), <javascript:alert(19)>, [ref][evil], ![img](javascript:alert(20)),
![data](data:text/html;base64,PHNjcmlwdD5hbGVydCgyMSk8L3NjcmlwdD4=), [data](data:text/html,<script>alert(22)</script>).

<iframe src="javascript:alert(23)"></iframe><object data="javascript:alert(24)"></object>
<form action="javascript:alert(25)"><button formaction="javascript:alert(26)">go</button></form>
<div style="background:url(javascript:alert(27))" onclick="alert(28)">styled</div>
<svg><script>alert(29)</script></svg><math><mtext><script>alert(30)</script></mtext></math>
<base href="javascript:alert(31)//"><meta http-equiv="refresh" content="0;url=javascript:alert(32)">
<style>body{background:url("javascript:alert(33)")}</style>
<img src="https://example.org/a.png" title="src='x onerror=alert(37) '"> Set `src='` on the [site](https://example.org/c).
A mark of our own, qzNB0MARK0KRAMBNzq, and characters XML forbids: &#1; &#x1b; &#xFFFE; &#x7f;.

""" + "\n\n".join(PAYLOADS) + """

[evil]: javascript:alert(34)
"""
SOURCE_BODY = "\n".join(PAYLOADS) + "\nThe council met on Monday and voted.\n"
EVIL_URL = 'https://example.org/a?q="><script>alert(35)</script>&x=\'onmouseover=alert(36)'
STORY = {"title": TITLE, "date": "2024-01-02", "dek": PAYLOADS[3] + PAYLOADS[4],
         "tags": PAYLOADS[:5] + ["news"], "slug": PAYLOADS[8] + " story",
         "sources": [{"ref": "evil"}, {"url": EVIL_URL, "title": PAYLOADS[5], "publisher": PAYLOADS[6] + " x"}],
         "corrections": [{"date": "2024-01-03", "text": PAYLOADS[4] + PAYLOADS[0]}]}
SOURCE = {"title": PAYLOADS[9] + PAYLOADS[3], "publisher": PAYLOADS[2] + " Gazette", "url": EVIL_URL,
          "author": PAYLOADS[1]}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background", "cite"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "svg", "math"}
BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.I)


def bad_url(value: str) -> bool:
    cleaned = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21))))  # as the URL parser does
    return bool(BAD_SCHEME.match(cleaned))


class Scan(HTMLParser):
    """Everything executable in one HTML document or fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): v or "" for k, v in attrs}
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name in URL_ATTRS and bad_url(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and re.search(r"javascript:|expression\(|url\(", value, re.I):
                self.problems.append(f"<{tag} style={value!r}>")
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag in ("script", "style"):
            self._script, self._text = {"tag": tag, **attrs}, []

    def handle_endtag(self, tag):
        if self._script is not None and tag == self._script["tag"]:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)


def check_html(text: str, where: str, scripts_allowed: bool = True) -> list[str]:
    scan = Scan()
    scan.feed(text)
    scan.close()
    problems = [f"{where}: {p}" for p in scan.problems]
    for attrs, body in scan.scripts:
        kind = attrs.get("type", "")
        if not scripts_allowed:
            problems.append(f"{where}: <{attrs['tag']}> inside content")
        elif kind == "application/ld+json":  # data: payload text may sit in its strings, escaped
            try:
                json.loads(body)
            except ValueError as exc:
                problems.append(f"{where}: JSON-LD broken out of its <script> ({exc}): {body[:80]!r}")
            if re.search(r"</|<!--", body):
                problems.append(f"{where}: JSON-LD holds '</' or '<!--', which can end its <script>")
        elif "alert(" in body:
            problems.append(f"{where}: payload inside <{attrs['tag']}>: {body[:80]!r}")
        elif attrs.get("src") and re.match(r"^[a-z][a-z0-9+.-]*:|^//", attrs["src"], re.I):
            problems.append(f"{where}: script from another origin {attrs['src']!r}")
    return problems


HTML_KEYS = {"content_html"}  # JSON Feed: the one field readers render as HTML; the rest are plain text


def check_strings(value, where: str, key: str = "") -> list[str]:
    """Data files: URLs have safe schemes; fields a reader renders as HTML carry no script."""
    if isinstance(value, dict):
        return [p for k, item in value.items() for p in check_strings(item, f"{where}.{k}", k.lower())]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in check_strings(item, f"{where}[{i}]", key)]
    if isinstance(value, str) and key in ("url", "external_url", "image", "href", "@id") and bad_url(value):
        return [f"{where}: {key}={value!r}"]
    if isinstance(value, str) and key in HTML_KEYS:
        return check_html(value, where, scripts_allowed=False)
    return []


def check_xml(data: bytes, where: str) -> list[str]:
    root = ET.fromstring(data)  # raises on anything malformed, e.g. an unsplit ]]>
    problems = []
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1].lower()
        if name in ("script", "iframe", "object", "embed"):
            problems.append(f"{where}: <{name}> element in XML")
        for attr, value in element.attrib.items():
            if attr.rsplit("}", 1)[-1] in ("href", "src", "url") and bad_url(value):
                problems.append(f"{where}: {attr}={value!r}")
        is_html = name in ("description", "encoded") or element.get("type") in ("html", "xhtml")
        if is_html and element.text:  # RSS description, content:encoded, Atom type="html": rendered as HTML
            problems += check_html(element.text, f"{where}<{name}>", scripts_allowed=False)
    return problems


JS_DATA = re.compile(r"^\s*(?:window\.[A-Za-z_$][\w$]*|(?:var|let|const)\s+[A-Za-z_$][\w$]*)\s*=\s*(.*?);?\s*$", re.S)


def check_js(data: bytes, where: str, site: Path) -> list[str]:
    template_asset = TEMPLATES / Path(where).relative_to(site)
    if template_asset.is_file() and template_asset.read_bytes() == data:
        return []  # our own code, copied from templates/
    match = JS_DATA.match(data.decode("utf-8"))
    if not match:
        return [f"{where}: generated JavaScript that is not a single data assignment"]
    return check_strings(json.loads(match.group(1)), where)  # content left the string literal: JSON fails


CHECKERS = {
    ".html": lambda data, where, site: check_html(data.decode("utf-8"), where),
    ".xml": lambda data, where, site: check_xml(data, where),
    ".json": lambda data, where, site: check_strings(json.loads(data), where),
    ".js": check_js,
    ".txt": lambda data, where, site: [] if b"<" not in data else [f"{where}: markup in a text file"],
}
FROM_TEMPLATES = {".css", ".svg", ".png", ".ico", ".woff2", ".webp"}  # must be template assets, verbatim


def check_site(site: Path) -> list[str]:
    problems = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        where, data = str(path), path.read_bytes()
        if path.suffix in CHECKERS:
            problems += CHECKERS[path.suffix](data, where, site)
        elif path.suffix in FROM_TEMPLATES or path.name in (".nojekyll", "CNAME"):
            asset = TEMPLATES / path.relative_to(site)
            shipped = lambda b: _without_comments(b) if path.suffix == ".css" else b  # served without comments
            if path.suffix in FROM_TEMPLATES and not (asset.is_file() and shipped(asset.read_bytes()) == data):
                problems.append(f"{where}: a {path.suffix} file that is not a template asset")
        elif path.suffix == ".gz":
            continue  # MkDocs' sitemap.xml.gz: a compressed copy of sitemap.xml, checked as XML
        else:
            problems.append(f"{where}: no XSS checker for {path.suffix or path.name!r} files; write one")
    return problems


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("xss"), {
        "sources/evil.md": front(SOURCE, SOURCE_BODY),
        "stories/evil.md": front(STORY, BODY),
        "stories/plain.md": front({"title": "Plain", "date": "2024-01-01", "tags": PAYLOADS[5:],
                                   "sources": [{"ref": "evil"}]}, "The council met on Monday and voted.\n"),
        # an ordinary MkDocs page: MkDocs renders it with main.html, without autoescaping
        "about.md": front({"title": PAYLOADS[8] + " A & B"}, BODY),
        "about-us.md": "# Über \"uns\" & <them> " + PAYLOADS[1] + "\n\n" + BODY,
    })
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    return root


def test_payloads_build_to_inert_output(hostile):
    site = hostile / "site"
    kinds = {p.suffix for p in site.rglob("*") if p.is_file()}
    assert {".html", ".xml", ".json", ".js"} <= kinds, kinds
    assert check_site(site) == []


def test_payloads_through_mkdocs_are_inert_too(hostile, tmp_path):
    result = mkdocs("build", "--site-dir", str(tmp_path / "mk"), cwd=hostile)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mk" / "about.html").is_file() and (tmp_path / "mk" / "about-us.html").is_file()
    assert check_site(tmp_path / "mk") == []
    page = (tmp_path / "mk" / "about.html").read_text()
    assert "<title>alert(9) A &amp; B · Test Brief</title>" in page  # the payload's tags gone, text escaped once
    heading = (tmp_path / "mk" / "about-us.html").read_text()
    assert '<meta property="og:title" content="Über &#34;uns&#34; &amp;' in heading  # not &amp;amp;


def test_headline_round_trips_as_text_not_markup(hostile):
    stories = [p for p in (hostile / "site" / "stories").iterdir() if p.name != "plain"]
    assert len(stories) == 1 and stories[0].name == "title-script-alert-9-script-story"
    page = parse(stories[0] / "index.html")
    assert (1, TITLE) in page.headings  # escaped once: the reader sees exactly what was written
    assert PAYLOADS[3] + PAYLOADS[4] in page.text  # the dek
    head = (stories[0] / "index.html").read_text()
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    if ld:
        assert json.loads(ld.group(1))["headline"] == TITLE


def test_checker_catches_what_it_should():
    assert check_html('<p onclick="x()">a</p>', "t") and check_html('<a href=" java\tscript:x">a</a>', "t")
    assert check_html('<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>', "t")
    assert check_strings({"content_html": "<img src=x onerror=alert(1)>"}, "t")
    assert check_strings({"url": "javascript:alert(1)"}, "t")
    with pytest.raises(ET.ParseError):
        check_xml(b"<rss><title><![CDATA[a]]>]]></title></rss>", "t")


@pytest.mark.parametrize("raw", ["<ul><li>Heavy rain caused floods.</li>", "<ol><li>Heavy rain caused floods.</li>\n",
                                 "<table><tr><td>Heavy rain caused floods.</td></tr>"])
def test_a_marker_after_an_unclosed_raw_list_or_table_stays_inside_its_item(raw):
    """A marker after "</li>" of a list the summary never closes was a <sup> child of <ul>: invalid HTML."""
    from generator.markup import render_markdown
    from generator.provenance import check_summary
    text = f"Rain fell.\n\n{raw}"
    ends = [c.md_end for c in check_summary(text, {"s": "Rain fell. Heavy rain caused floods."}).sentences]
    html = render_markdown(text, ends, lambda i: f'<sup class="cite">{i}</sup>').html

    class Parents(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack, self.parents = [], []

        def handle_starttag(self, tag, attrs):
            if tag == "sup":
                self.parents.append(self.stack[-1] if self.stack else "")
            self.stack.append(tag)

        def handle_endtag(self, tag):
            if tag in self.stack:
                del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]

    parser = Parents()
    parser.feed(html)
    assert len(parser.parents) == 2 and not set(parser.parents) & {"ul", "ol", "table", "tbody", "tr"}, html
