"""Every kind of page is valid HTML, as the W3C's Nu Html Checker (vnu) reads it: the validator browsers'
and standards bodies' own tooling uses, run on a site with everything a page can show.

vnu is a Java program from the npm registry (`vnu-jar`, installed by `make test-deps` beside axe-core).
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sitekit import ROOT, front, mkdocs, write_site

VNU = ROOT / "tests" / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")

pytestmark = pytest.mark.skipif((not JAVA or not VNU.is_file()) and not os.environ.get("CI"),
                                reason="java or vnu.jar missing: run `make test-deps`")

SOURCE = front({"title": "Grid report <b>live</b> & more", "publisher": "Reuters & Partners",
                "url": "https://news.example.com/grid?a=1&b=2", "published": "2024-05-16", "author": "A. Writer"},
               "The grid operator said demand reached a record 1,200 megawatts on Thursday evening.\n\n"
               "“We are at the limit,” said Jane Doe, the operator's chief.\n\n"
               "مرحبا بالعالم — a line in Arabic.\n")


def story(title, date, body, **extra):
    fields = {"title": title, "date": date, "tags": ["Energy", "Ünïcode & Co"], "sources": [
        {"ref": "grid"}, {"url": "https://example.com/x?y=1&z=2", "title": "A link-only <source>",
                          "publisher": "Example News"}], **extra}
    return front(fields, body)


BODY = """\
The grid operator said demand reached a record 1,200 megawatts on Thursday evening.[^1]
“We are at the limit,” said Jane Doe. Prices rose by 40 percent, which nobody reported.

## What it means

- A list item with `code` and **bold**.
- [A link](https://example.com/?a=1&b=2) and an <abbr title="Megawatt">MW</abbr>.
- A [hostile link](javascript:alert(1)) loses its href, and <img src="https://example.com/a.png"> had no alt.

| Region | Demand |
|---|---|
| North | 1,200 MW |

```
a code block <with> & marks
```

> A quotation block.

[^1]: The operator's own figure.
"""


def test_every_kind_of_page_is_valid_html(tmp_path):
    files = {"sources/grid.md": SOURCE,
             "about.md": "# About us\n\nWe summarise [a brief](stories/s0.md) & more. [Bad](javascript:x) "
                         "<img src=\"https://example.com/b.png\">\n"}
    for n in range(5):  # pages of three: pagination on the front page
        files[f"stories/s{n}.md"] = story(f"Record demand <{n}> & “quotes”", f"2024-05-1{n}T08:00:00Z", BODY,
                                          **({"corrections": [{"date": "2024-05-19", "text": "Fixed a figure."}],
                                              "dek": "An editor's own standfirst."} if n == 0 else {}))
    files["stories/rtl.md"] = story("الطلب على الكهرباء", "2024-05-16T09:00:00Z", "مرحبا بالعالم.\n")
    write_site(tmp_path, files, per_page=3)
    result = mkdocs("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert '<table tabindex="0">' in (site / "stories/s0/index.html").read_text()  # scrolls by keyboard too
    pages = sorted(str(p) for p in site.rglob("*.html"))
    kinds = {Path(p).relative_to(site).parts[0] for p in pages}
    assert {"index.html", "stories", "sources", "tags", "publishers", "archive", "search", "404.html",
            "about.html", "page"} <= kinds, kinds
    checked = subprocess.run([JAVA or "java", "-jar", str(VNU), "--format", "json", "--errors-only", *pages],
                             capture_output=True, text=True, timeout=600)
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}" for m in messages
              if m.get("type") in ("error", "non-document-error")]
    assert not errors, "\n".join(errors[:20])
