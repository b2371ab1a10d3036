"""The provenance report of `newsbrief check`: per story counts and flagged sentences, as text or JSON."""
from __future__ import annotations

import json
from collections import Counter

from .citations import is_acknowledged


def _sentence_record(story, sentence) -> dict:
    return {
        "index": sentence.index + 1, "line": story.body_line + sentence.line - 1, "text": sentence.text,
        "status": sentence.status.value, "score": sentence.score, "acknowledged": is_acknowledged(story, sentence),
        "missing": list(sentence.missing),
        "evidence": [{"source": e.source_id, "start": e.start, "end": e.end, "text": e.text} for e in sentence.evidence],
    }


def story_records(result) -> list[dict]:
    records = []
    for story in result.index.stories:
        prov = result.provenance.get(story.slug)
        sentences = [_sentence_record(story, s) for s in prov.sentences] if prov else []
        records.append({"path": story.path, "slug": story.slug, "checked": prov is not None, "sentences": sentences,
                        "headline": {"text": story.title, "line": story.title_line,
                                     "missing": list(prov.headline_missing) if prov else []}})
    return records


def blocking_count(records) -> int:
    """Flagged sentences the editor has not acknowledged: what makes `check` exit non-zero."""
    return sum(1 for r in records for s in r["sentences"] if s["status"] != "supported" and not s["acknowledged"])


def as_json_problems(diagnostics) -> str:
    """The JSON report when the build could not even load."""
    return as_json(None, diagnostics)


def as_json(result, diagnostics) -> str:
    records = story_records(result) if result and result.index else []
    return json.dumps({"stories": records, "unsupported": blocking_count(records),
                       "diagnostics": [{"path": d.path, "line": d.line, "field": d.field, "message": d.message,
                                        "severity": d.severity.value} for d in diagnostics]},
                      ensure_ascii=False, indent=2)


def as_text(result) -> str:
    lines = []
    for record in story_records(result):
        if not record["checked"]:
            lines.append(f"{record['path']}: not checked (its sources are links only, with no text)")
            continue
        counts = Counter("acknowledged" if s["acknowledged"] and s["status"] != "supported" else s["status"]
                         for s in record["sentences"])
        summary = ", ".join(f"{counts[k]} {k.replace('-', ' ')}" for k in
                            ("supported", "partly-supported", "unsupported", "acknowledged") if counts[k])
        count = len(record['sentences'])
        lines.append(f"{record['path']}: {count} sentence{'s' if count != 1 else ''}: {summary}")
    return "\n".join(lines)
