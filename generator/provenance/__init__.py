"""Sentence-level provenance: link summary sentences to source passages, flag the rest."""
from .check import check_summary, source_index, too_large
from .jsonl import verify_jsonl
from .model import Evidence, SentenceCheck, SentenceSpan, StoryProvenance, Support
from .sentences import split_sentences

__all__ = [
    "Evidence", "SentenceCheck", "SentenceSpan", "StoryProvenance", "Support",
    "check_summary", "source_index", "split_sentences", "too_large", "verify_jsonl",
]
