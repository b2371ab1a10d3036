"""Any text at all: no crash, offsets in order and in bounds."""
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.provenance import check_summary, split_sentences

PIECES = st.sampled_from([
    "Mr. Smith", " said", ". ", "! ", "? ", "\n", "\n\n", "- ", "> ", "# ", "*", "**", "_",
    "`", "[", "]", "(", ")", "](http://x.y/a.b)", "<b>", "</b>", "&amp;", "\\", '"', "“", "”",
    "3.5", "$240bn", "U.S.", "Зеленський", "José", "...", "…", "```\n", "    ", "1. ",
])
MARKDOWN = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWN)
def test_spans_are_ordered_and_in_bounds(markdown):
    previous_end = 0
    for index, span in enumerate(split_sentences(markdown)):
        assert span.index == index
        assert previous_end <= span.md_start < span.md_end <= len(markdown)
        assert span.text.strip() == span.text and span.text
        assert span.line == markdown.count("\n", 0, span.md_start) + 1
        previous_end = span.md_end


@settings(max_examples=100, deadline=None)
@given(MARKDOWN, MARKDOWN)
def test_check_summary_never_crashes(summary, source):
    story = check_summary(summary, {"s": source})
    for check in story.sentences:
        assert 0.0 <= check.score <= 1.0
        for evidence in check.evidence:
            assert source[evidence.start:evidence.end] == evidence.text
