"""The search index: tokens, escaping for a <script>, postings that decode back to the right stories."""
import base64
import json
from datetime import datetime
from types import SimpleNamespace

import pytest

from generator import urls
from generator.search import encode_posting, script_json, search_outputs, tokens
from sitekit import ROOT


@pytest.mark.parametrize("text, expected", [
    ("Putin's visit to China", ["putin", "visit", "china"]),
    ("Zelénskyy   ZELENSKYY", ["zelenskyy", "zelenskyy"]),
    ("$240.1 billion, a record", ["240.1", "240", "billion", "record"]),  # a decimal, and its whole part
    ("$240.1bn on 12.03.2024 at 192.168.1.1", ["240.1", "240", "bn", "12.03.2024", "12", "03", "2024",
                                               "192.168.1.1", "192", "168"]),  # a date's or an address's parts too
    ("R&D and AT&T&X&Y&Z", ["r&d", "t&x&y&z"]),  # at most three "&" parts make one word (AT is a stop word)
    ("Харків под обстрелом", ["харків", "под", "обстрелом"]),
    ("snake_case and C", ["snake", "case"]),
    ("中国新闻 today", ["中国", "国新", "新闻", "today"]),     # no spaces in Chinese: character pairs
    ("東京, 京 and Tokyo", ["東京", "京", "tokyo"]),            # a lone character is a word
    ("第一季度增长5.3%，iPhone手机", ["第一", "一季", "季度", "度增", "增长", "5.3", "iphone", "手机"]),  # a number by CJK
    ("C++, C#, Q&A and AT&T; salt&pepper", ["c++", "c#", "q&a", "at&t", "salt", "pepper"]),
    ("1,200 jobs, 1200 jobs, $3,400,000", ["1200", "jobs", "1200", "jobs", "3400000"]),  # one number, however written
    ("pages 2,3 and 2019,2020; 12,50", ["pages", "2019", "2020", "12", "50"]),                       # lists stay apart
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


def load(output, name="INDEX", shard=0) -> object:
    """The data one shard's script assigns to window.NEWSBRIEF_<name>_<shard>."""
    text = output.data.decode("ascii")
    head = f"window.NEWSBRIEF_{name}_{shard} = "
    assert text.startswith(head) and text.endswith(";\n"), text[:80]
    return json.loads(text[len(head):-2])


@pytest.fixture(scope="module")
def example():
    from generator.build import build
    from generator.config import load_config
    config, _ = load_config(ROOT / "mkdocs.yml")
    result = build(config, write=False)
    assert not result.failed, [d.format() for d in result.diagnostics]
    outputs = {o.path: o for o in result.outputs}
    assert sorted(p for p in outputs if p.startswith("search/search-")) == [  # one story: one shard
        "search/search-deks-0.js", "search/search-index-0.js"]
    return result.index, load(outputs["search/search-index-0.js"]), load(outputs["search/search-deks-0.js"], "DEKS")


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


def fake_index(count: int):
    """count stories, newest first as SiteIndex keeps them; every other one tagged Energy."""
    stories = [SimpleNamespace(slug=f"s{i}", title=f"Story {i}", tags=["Energy"] if i % 2 else [], date=None, lang="")
               for i in range(count)]
    return SimpleNamespace(stories=stories, resolved=lambda s: (), publisher_name=lambda p: p,
                           local_date=lambda d: datetime(2024, 1, 1))


def test_stories_numbered_oldest_first_in_shards():
    count = 2 * urls.SEARCH_SHARD + 40
    index = fake_index(count)
    texts = {s.slug: SimpleNamespace(text="common words here", dek=f"dek {s.slug}") for s in index.stories}
    outputs = {o.path: o for o in search_outputs(index, texts)}
    assert sorted(outputs) == sorted([urls.search_index(n) for n in range(3)] + [urls.search_deks(n) for n in range(3)])
    oldest_first = [s.slug for s in reversed(index.stories)]
    seen = []
    for n in range(3):
        data, deks = load(outputs[urls.search_index(n)], shard=n), load(outputs[urls.search_deks(n)], "DEKS", n)
        size = len(data["slug"])
        assert size == (urls.SEARCH_SHARD if n < 2 else 40)
        assert deks == [f"dek {slug}" for slug in data["slug"]]
        postings = dict(zip(data["terms"], data["postings"]))
        assert [d for d, _ in decode(postings["common"])] == list(range(size))
        strong = [data["slug"][d] for d, hit in decode(postings["energy"]) if hit]
        assert strong == [slug for slug in data["slug"] if int(slug[1:]) % 2]
        seen += data["slug"]
    assert seen == oldest_first


def test_an_edit_changes_one_shard_and_a_new_story_only_the_last():
    index = fake_index(3 * urls.SEARCH_SHARD - 10)
    texts = {s.slug: SimpleNamespace(text=f"words of {s.slug}", dek="") for s in index.stories}
    before = {o.path: o.data for o in search_outputs(index, texts)}
    edited = index.stories[::-1][urls.SEARCH_SHARD + 5].slug  # in the second shard, oldest first
    texts[edited] = SimpleNamespace(text="different words", dek="")
    after = {o.path: o.data for o in search_outputs(index, texts)}
    assert [p for p in before if before[p] != after[p]] == [urls.search_index(1)]
    newest = SimpleNamespace(slug="new", title="New", tags=[], date=None, lang="")
    index.stories.insert(0, newest)
    texts["new"] = SimpleNamespace(text="fresh", dek="a dek")
    added = {o.path: o.data for o in search_outputs(index, texts)}
    assert [p for p in added if after[p] != added[p]] == [urls.search_index(2), urls.search_deks(2)]
