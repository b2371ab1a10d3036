"""Helpers for tests: write tiny sites, build them for real, and parse what came out."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

MKDOCS_YML = """\
site_name: Test Brief
{site_url_line}docs_dir: content
site_dir: site
use_directory_urls: false
theme:
  name: null
  custom_dir: {templates}
plugins:
  - newsbrief:
      timezone: {timezone}
      per_page: {per_page}
"""


def front(fields: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n\n" + textwrap.dedent(body)


TEST_SITE_URL = "https://example.org/brief/"


def write_site(root: Path, files: dict[str, str], *, timezone="UTC", per_page=20, extra="",
               site_url=TEST_SITE_URL) -> Path:
    """files: path under content/ -> text. Returns the project folder (holding mkdocs.yml).
    site_url="" builds a site without one (no feeds or sitemaps, and one warning saying so)."""
    site_url_line = f"site_url: {site_url}\n" if site_url else ""
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(templates=TEMPLATES, timezone=timezone, per_page=per_page,
                                                       site_url_line=site_url_line) + extra, encoding="utf-8")
    for rel, text in files.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8") if isinstance(text, str) else path.write_bytes(text)
    (root / "content" / "stories").mkdir(parents=True, exist_ok=True)
    return root


def newsbrief(*args, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=300)


def mkdocs(*args, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=env)


class PageParser(HTMLParser):
    """Collects links, ids, headings, landmarks and text of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []   # (attribute, url)
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[tuple[int, str]] = []
        self._heading: list | None = None
        self.text_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for attr in ("href", "src"):
            if attrs.get(attr) is not None and tag != "link" or (tag == "link" and attr == "href" and attrs.get(attr)):
                if attrs.get(attr) is not None:
                    self.links.append((attr, attrs[attr]))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [int(tag[1]), ""]

    def handle_endtag(self, tag):
        if self._heading and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None

    def handle_data(self, data):
        self.text_parts.append(data)
        if self._heading:
            self._heading[1] += data

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def find(self, tag, **attrs):
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser
