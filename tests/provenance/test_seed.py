"""The seed pair: a Guardian live blog and a model-written summary of it."""
from pathlib import Path

import pytest

from generator.provenance import Support, check_summary

SEED_DIRS = [Path("/work/shared/seeds"), Path(__file__).resolve().parents[1]]
SOURCE, SUMMARY = "000_e2fd886eea8968a9.txt", "004_d95ab314c1768dd7.txt"


def _seed() -> tuple[str, str]:
    for folder in SEED_DIRS:
        if (folder / SOURCE).exists():
            body = (folder / SUMMARY).read_text(encoding="utf-8").split("\n", 1)[1]
            return (folder / SOURCE).read_text(encoding="utf-8"), body
    pytest.skip("seed files not available")


# Sentence index -> a phrase its first evidence passage must contain.
EXPECTED_EVIDENCE = {
    0: "two-day to China trip",
    1: "strengthened its trade and military ties",
    2: "Harbin",
    3: "almost 8,000 people",
    4: "most significant border incursion",
    5: "neutral position",
    6: "$240.1bn",
    7: "model",
    8: "sovereign wealth fund",
    9: "China-Russia Expo",
}


@pytest.fixture(scope="module")
def story():
    source, body = _seed()
    return check_summary(body, {"guardian": source}), source


def test_seed_has_twelve_sentences(story):
    assert len(story[0].sentences) == 12


def test_last_two_sentences_flagged_with_named_people(story):
    checks = story[0].sentences
    assert [c.index for c in story[0].flagged()] == [10, 11]
    assert "Volodymyr Zelensky" in checks[10].missing
    assert "Rishi Sunak" in checks[11].missing
    assert all(c.status.is_flagged() for c in checks[10:])


@pytest.mark.parametrize("index,phrase", sorted(EXPECTED_EVIDENCE.items()))
def test_supported_sentences_link_to_real_passage(story, index, phrase):
    provenance, source = story
    check = provenance.sentences[index]
    assert check.status is Support.SUPPORTED
    assert check.missing == ()
    evidence = check.evidence[0]
    assert evidence.source_id == "guardian"
    assert source[evidence.start:evidence.end] == evidence.text
    assert any(phrase in e.text for e in check.evidence)


def test_scores_rank_supported_above_flagged(story):
    checks = story[0].sentences
    assert max(c.score for c in checks[10:]) < min(c.score for c in checks[:10])
