"""Property tests: whatever bytes, YAML or Markdown a content file holds, the pipeline answers with a
result or with diagnostics, never an exception; and rendered Markdown never carries executable markup."""
import datetime as dt
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.config import load_config
from generator.errors import Diagnostic
from generator.frontmatter import parse_document
from generator.markup import render_markdown
from generator.schema import parse_source, parse_story
from sitekit import front, write_site
from test_xss import check_html

UTC = ZoneInfo("UTC")
NOW = dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Values YAML can hold, nested a little: what a confused or hostile author might write in any field.
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
                    st.dates(), st.datetimes(timezones=st.sampled_from([None, dt.timezone.utc])))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)
FIELDS = ["title", "date", "sources", "tags", "slug", "dek", "updated", "draft", "corrections", "unsourced",
          "publisher", "url", "published", "author", "retrieved", "tilte"]
front_matter = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
MARKDOWN_BITS = ["*", "_", "`", "[", "]", "(", ")", "<", ">", "!", "#", "\n", "\n\n", "    ", "- ", "1. ", "|",
                 "javascript:", "data:", "<script>", "</script>", "onerror=", "&", "&#x", ";", '"', "'", "\\", "---",
                 "[^1]", "[x]: ", "http://a.b/", " ", "a", "Z", "é", "\u2028", "```"]
markdown = st.lists(st.sampled_from(MARKDOWN_BITS) | st.text(max_size=5), max_size=40).map("".join)


def assert_answer(result, problems):
    """Either a value and no errors, or diagnostics that format: the only two acceptable outcomes."""
    assert all(isinstance(p, Diagnostic) for p in problems)
    for p in problems:
        assert p.format().startswith(p.path) and "\n" not in p.message
    if result is None:
        assert problems, "nothing was built, yet nothing was said"


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_parse_or_explain(data):
    raw, problems = parse_document(data, "content/stories/x.md")
    assert_answer(raw, problems)


@FAST
@given(st.text(max_size=200), st.text(max_size=100))
def test_any_text_as_front_matter_parses_or_explains(yaml_text, body):
    raw, problems = parse_document(f"---\n{yaml_text}\n---\n{body}".encode("utf-8", "surrogatepass"), "s/x.md")
    assert_answer(raw, problems)


@FAST
@given(front_matter, markdown)
def test_any_yaml_values_give_a_story_or_diagnostics(fields, body):
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n" + body
    raw, problems = parse_document(text.encode("utf-8", "surrogatepass"), "content/stories/x.md")
    assert_answer(raw, problems)
    if raw:
        story, problems = parse_story(raw, UTC, NOW)
        assert_answer(story, problems)
        source, problems = parse_source(raw, UTC)
        assert_answer(source, problems)


@FAST
@given(markdown)
def test_rendered_markdown_never_executes(text):
    rendered = render_markdown(text)
    assert check_html(rendered.html, "summary", scripts_allowed=False) == [], rendered.html
    assert "<" not in rendered.text or "<" in text  # plain text only carries what the author wrote


SOURCE = front({"title": "Council minutes", "publisher": "Gazette"}, "The council met on Monday.\n")


words = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30).map(lambda t: t + "x")
plausible = st.fixed_dictionaries({}, optional={  # mostly valid stories, so most examples render all the way
    "title": words, "slug": words, "dek": words, "tags": st.lists(words, max_size=3),
    "date": st.dates(dt.date(1990, 1, 1), dt.date(2030, 1, 1)).map(str)})


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plausible, markdown.map(lambda t: t + "\n\nThe council met."))
def test_whole_build_either_renders_or_reports(fields, body):
    """End to end (in memory): a site with one arbitrary story builds or returns errors, never raises."""
    fields = {"title": "T", "date": "2024-01-01", "sources": [{"ref": "minutes"}], **fields}
    text = "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n" + body
    with tempfile.TemporaryDirectory() as folder:
        root = write_site(Path(folder), {"sources/minutes.md": SOURCE,
                                         "stories/x.md": text.encode("utf-8", "surrogatepass")})
        config, problems = load_config(root / "mkdocs.yml")
        result = build(config, write=False, now=NOW)
        assert result.outputs or result.failed
        if result.failed:
            assert any(d.severity.is_error() for d in result.diagnostics)
