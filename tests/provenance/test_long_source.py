"""Long sources (live blogs of thousands of words): evidence offsets stay exact,
point at the right entry, and checking stays fast."""
import json
import time
from pathlib import Path

from generator.provenance import check_summary

FIXTURE = Path(__file__).parents[1] / "fixtures" / "provenance" / "llm_style.jsonl"


def _live_blog() -> tuple[str, list[tuple[int, int, str]]]:
    """All six LLM-style articles as one timestamped live blog (~2,700 words);
    returns the text and, per article, its character range and a faithful sentence."""
    records = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    entries, ranges, length = [], [], 0
    for record in records:
        start = length
        for paragraph in record["source"].split("\n"):
            entry = f"{9 + len(entries) // 6:02d}:{(7 * len(entries)) % 60:02d} {paragraph}"
            entries.append(entry)
            length += len(entry) + 1
        faithful = next(s["text"] for s in record["summary_sentences"][1:]
                        if s["label"] == "supported")
        # Capitalised, so that joined sentences split (one summary is lower-cased).
        ranges.append((start, length, faithful[0].upper() + faithful[1:]))
    return "\n".join(entries), ranges


def test_evidence_in_a_long_live_blog_is_exact_and_from_the_right_entry():
    blog, ranges = _live_blog()
    assert len(blog.split()) > 2000
    story = check_summary(" ".join(sentence for _, _, sentence in ranges), {"blog": blog})
    assert len(story.sentences) == len(ranges)
    for check, (start, end, _) in zip(story.sentences, ranges):
        assert check.supported, check
        best = check.evidence[0]
        assert blog[best.start:best.end] == best.text
        assert start <= best.start < best.end <= end


def test_a_long_source_is_checked_quickly():
    blog, ranges = _live_blog()
    summary = " ".join(sentence for _, _, sentence in ranges) * 8  # ~48 sentences
    check_summary(summary, {"warm": blog})
    started = time.process_time()
    check_summary(summary, {"blog": blog})  # index built inside the timing
    assert time.process_time() - started < 0.5  # generous: a shared, loaded machine
