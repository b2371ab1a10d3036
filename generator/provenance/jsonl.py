"""Batch mode: JSON lines {"id", "source", "summary"} in, one result line out per input."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from .check import check_summary, too_large
from .model import SentenceCheck

_FIELDS = {"source": str, "summary": str}
_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON's \ud800 escape alone: no character, cannot be written out


class UnreadableLine:
    """A line a reader could not give as text (not UTF-8, too long): its error is answered in its place."""

    def __init__(self, reason: str):
        self.reason = reason


def verify_jsonl(lines: Iterable) -> Iterator[str]:
    """Blank lines are skipped; a bad line yields {"line", "error"} and the rest go on."""
    for number, line in enumerate(lines, start=1):
        if isinstance(line, UnreadableLine):
            yield json.dumps({"line": number, "error": line.reason})
            continue
        if not line.strip():
            continue
        yield json.dumps(_verify_line(number, line), ensure_ascii=False)


def _verify_line(number: int, line: str) -> dict:
    try:
        record = json.loads(line.lstrip("\ufeff"))  # a byte-order mark from some editors
    except json.JSONDecodeError as exc:
        return {"line": number, "error": f"invalid JSON: {exc.msg} at column {exc.colno}"}
    except RecursionError:
        return {"line": number, "error": "invalid JSON: nested too deeply to read"}
    except ValueError:  # an integer of more digits than Python converts
        return {"line": number, "error": "invalid JSON: a number too long to read"}
    problem = _validate(record)
    if problem:
        error = {"line": number, "error": problem}
        if isinstance(record, dict) and _valid_id(record.get("id")):
            error["id"] = record["id"]
        return error
    unchecked = too_large(len(record["summary"]), len(record["source"]))
    if unchecked:
        return {"line": number, "id": record["id"], "error": f"not checked: {unchecked}"}
    headline, summary = split_headline(record["summary"])
    story = check_summary(summary, {"source": record["source"]}, headline=headline)
    result = {"id": record["id"], "sentences": [_sentence_json(s) for s in story.sentences]}
    if headline:
        result["headline"] = {"text": headline, "supported": not story.headline_missing,
                              "missing": list(story.headline_missing)}
    return result


_SENTENCE_END = re.compile(r"[.!?…:;,][\"'”’»)\]]*$")


def split_headline(summary: str) -> tuple[str, str]:
    """(headline, the rest): a summary whose first line reads as a headline (short, not ended like a sentence,
    with text after it) is a headline and a summary, as in "Putin visits China\nRussian President…"."""
    first, _, rest = summary.lstrip().partition("\n")
    first, following = first.strip(), rest.lstrip()
    # a hard-wrapped sentence goes on in lower case ("…and the leader said the\nrise was needed"): no headline
    if following and following[0].isupper() and first[:1].isupper() and len(first.split()) <= 25 \
            and not _SENTENCE_END.search(first) and not first.startswith(("#", "-", "*", ">", "|")):
        return first, rest
    return "", summary


def _validate(record: object) -> str | None:
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    if "id" not in record:
        return 'missing field "id"'
    if not _valid_id(record["id"]) and not isinstance(record["id"], str):
        return 'field "id" must be a string or an integer'
    for field, kind in _FIELDS.items():
        if field not in record:
            return f'missing field "{field}"'
        if not isinstance(record[field], kind):
            return f'field "{field}" must be a string, got {type(record[field]).__name__}'
    for field in ("id", *_FIELDS):
        if isinstance(record[field], str) and _SURROGATE.search(record[field]):
            return f'field "{field}" holds a lone surrogate escape (such as \\ud800), which is no character'
    return None


def _valid_id(value: object) -> bool:
    return (isinstance(value, str) and not _SURROGATE.search(value)) or \
        (isinstance(value, int) and not isinstance(value, bool))


def _sentence_json(check: SentenceCheck) -> dict:
    return {
        "text": check.text,
        "supported": check.status.is_supported(),
        "status": check.status.value,
        "score": check.score,
        "evidence": [{"start": e.start, "end": e.end} for e in check.evidence],
        "missing": list(check.missing),
        "reasons": list(check.reasons),
    }
