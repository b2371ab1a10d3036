"""The search index: tokens, escaping for a <script>, postings that decode back to the right stories."""
import json
from datetime import datetime
from types import SimpleNamespace

import pytest

from generator.search import FIELDS, script_json, search_index, tokens
from sitekit import ROOT


@pytest.mark.parametrize("text, expected", [
    ("Putin's visit to China", ["putin", "visit", "china"]),
    ("Zelénskyy   ZELENSKYY", ["zelenskyy", "zelenskyy"]),
    ("$240.1 billion, a record", ["240", "billion", "record"]),
    ("Харків под обстрелом", ["харків", "под", "обстрелом"]),
    ("snake_case and C++", ["snake", "case"]),
])
def test_tokens(text, expected):
    assert tokens(text) == expected


def test_script_json_cannot_close_the_script():
    text = script_json({"t": "</script><!-- & \u2028\u2029"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"t": "</script><!-- & \u2028\u2029"}


def _decode(posting: str) -> list[tuple[int, bool]]:
    out, doc = [], 0
    for part in posting.split(","):
        doc += int(part.rstrip("!"), 36)
        out.append((doc, part.endswith("!")))
    return out


@pytest.fixture(scope="module")
def example_index():
    from generator.build import build
    from generator.config import load_config
    config, _ = load_config(ROOT / "mkdocs.yml")
    result = build(config, write=False)
    assert not result.failed, [d.format() for d in result.diagnostics]
    (output,) = [o for o in result.outputs if o.path == "search/search-index.js"]
    text = output.data.decode("utf-8")
    assert text.startswith("window.NEWSBRIEF_INDEX = ") and text.endswith(";\n")
    return result.index, json.loads(text[len("window.NEWSBRIEF_INDEX = "):-2])


def test_index_rows_and_postings(example_index):
    index, data = example_index
    assert data["fields"] == list(FIELDS) and data["url"] == ["../stories/", "/index.html"]
    story = index.stories[0]
    assert data["docs"][0][:2] == [story.slug, story.title]
    assert data["terms"] == sorted(data["terms"]) and len(data["terms"]) == len(data["postings"])
    postings = dict(zip(data["terms"], data["postings"]))
    assert _decode(postings["china"]) == [(0, True)]       # headline and tag: a strong hit
    assert _decode(postings["kharkiv"]) == [(0, False)]    # body only
    assert _decode(postings["guardian"]) == [(0, True)]    # publisher
    assert "the" not in postings and "s" not in postings


def test_postings_number_stories_newest_first():
    stories = [SimpleNamespace(slug=f"s{i}", title=f"Story {i}", tags=["Energy"] if i % 2 else [], date=None)
               for i in range(40)]
    index = SimpleNamespace(stories=stories, resolved=lambda s: (), publisher_name=lambda p: p,
                            local_date=lambda d: datetime(2024, 1, 1))
    texts = {s.slug: SimpleNamespace(text="common words here", dek="") for s in stories}
    data = json.loads(search_index(index, texts).data.decode()[len("window.NEWSBRIEF_INDEX = "):-2])
    postings = dict(zip(data["terms"], data["postings"]))
    assert [d for d, _ in _decode(postings["common"])] == list(range(40))
    assert [d for d, strong in _decode(postings["energy"]) if strong] == list(range(1, 40, 2))
