"""The search index: tokens, escaping for a <script>, postings that decode back to the right stories."""
import base64
import json
from datetime import datetime
from types import SimpleNamespace

import pytest

from generator.search import encode_posting, script_json, search_outputs, tokens
from sitekit import ROOT

PREFIX = "window.NEWSBRIEF_INDEX = "


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
    text = script_json({"t": "</script><!-- & \u2028\u2029 café"})
    assert text.isascii() and not set("<>&") & set(text)
    assert json.loads(text) == {"t": "</script><!-- & \u2028\u2029 café"}


def decode(posting: str) -> list[tuple[int, bool]]:
    """What search.js does, in Python: (story number, strong hit) pairs."""
    def gaps(text):
        out, doc = [], 0
        for part in filter(None, text.split(",")):
            doc += int(part.rstrip("!"), 36)
            out.append((doc, part.endswith("!")))
        return out
    if not posting.startswith("="):
        return gaps(posting)
    bitmap, strong = posting[1:].split("|")
    bits, heads = base64.b64decode(bitmap), {d for d, _ in gaps(strong)}
    return [(n, n in heads) for n in range(len(bits) * 8) if bits[n >> 3] >> (n & 7) & 1]


@pytest.mark.parametrize("numbers, strong, count, bitmap", [
    ([0], {0}, 1, False), ([3, 40, 41, 1000], {40}, 2000, False),                # sparse: gaps
    (list(range(0, 500, 2)), {4, 8}, 500, True), (list(range(100)), set(), 100, True),  # common: a bitmap
])
def test_postings_round_trip(numbers, strong, count, bitmap):
    posting = encode_posting(numbers, strong, count)
    assert decode(posting) == [(n, n in strong) for n in numbers]
    assert posting.startswith("=") == bitmap


def load(output) -> object:
    text = output.data.decode("ascii")
    name, _, value = text.partition(" = ")
    assert name.startswith("window.NEWSBRIEF_") and value.endswith(";\n")
    return json.loads(value[:-2])


@pytest.fixture(scope="module")
def example():
    from generator.build import build
    from generator.config import load_config
    config, _ = load_config(ROOT / "mkdocs.yml")
    result = build(config, write=False)
    assert not result.failed, [d.format() for d in result.diagnostics]
    outputs = {o.path: o for o in result.outputs}
    return result.index, load(outputs["search/search-index.js"]), load(outputs["search/search-deks.js"])


def test_index_of_the_example(example):
    index, data, deks = example
    story = index.stories[0]
    assert data["url"] == ["../stories/", "/index.html"] and data["slug"] == [story.slug]
    assert data["title"] == [story.title] and data["publishers"] == ["The Guardian"] and data["pubs"] == ["0"]
    assert len(deks) == 1 and deks[0].startswith("Russian President Vladimir Putin")
    assert data["terms"] == sorted(data["terms"], key=lambda t: t.encode("utf-16-be"))
    assert len(data["terms"]) == len(data["postings"])
    postings = dict(zip(data["terms"], data["postings"]))
    assert decode(postings["china"]) == [(0, True)]       # headline and tag: a strong hit
    assert decode(postings["kharkiv"]) == [(0, False)]    # text only
    assert decode(postings["guardian"]) == [(0, True)]    # publisher
    assert "the" not in postings and "s" not in postings


def test_stories_numbered_newest_first():
    stories = [SimpleNamespace(slug=f"s{i}", title=f"Story {i}", tags=["Energy"] if i % 2 else [], date=None)
               for i in range(40)]
    index = SimpleNamespace(stories=stories, resolved=lambda s: (), publisher_name=lambda p: p,
                            local_date=lambda d: datetime(2024, 1, 1))
    texts = {s.slug: SimpleNamespace(text="common words here", dek="") for s in stories}
    data = load(search_outputs(index, texts)[0])
    postings = dict(zip(data["terms"], data["postings"]))
    assert [d for d, _ in decode(postings["common"])] == list(range(40))
    assert [d for d, strong in decode(postings["energy"]) if strong] == list(range(1, 40, 2))
