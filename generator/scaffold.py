"""`newsbrief new` and `newsbrief import`: pure functions returning (relative path, file text)."""
from __future__ import annotations

import datetime as dt
import re

import yaml

from .schema import PLACEHOLDER
from .slug import slugify


def _front_matter(fields: dict) -> str:
    dumped = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    return f"---\n{dumped}---\n"


def _clean_paragraphs(text: str) -> str:
    """Plain text -> Markdown paragraphs: one paragraph per non-empty line, outer spaces trimmed."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    return "\n\n".join(line for line in lines if line) + "\n"


def new_story(headline: str, today: dt.date, source_ids=()) -> tuple[str, str]:
    slug = slugify(headline) or "untitled"
    source_ids = list(dict.fromkeys(i for i in ([source_ids] if isinstance(source_ids, str) else source_ids) if i))
    # a draft until the curator says otherwise: a scaffold never goes live by accident (as `hugo new`)
    fields = {"title": headline, "date": today, "draft": True, "tags": [],
              "sources": [{"ref": i} for i in source_ids] if source_ids else
              [{"url": "https://example.com/article", "title": "Source headline", "publisher": "Publisher"}]}
    body = f"{PLACEHOLDER} Every sentence should be supported by a source. Remove `draft: true` to publish.\n"
    return f"stories/{slug}.md", _front_matter(fields) + "\n" + body


def import_pair(source_name: str, source_text: str, summary_text: str, *, publisher: str, today: dt.date,
                source_title: str = "", url: str = "", tags=()) -> list[tuple[str, str]]:
    """A plain-text article and a plain-text summary (first line = headline) -> a source and a story."""
    # "日本.txt" and "ünï.txt" keep their letters (a slug), not "source" and "n"
    source_id = re.sub(r"[^A-Za-z0-9_.-]+", "-", source_name).strip("-.") if source_name.isascii() else ""
    source_id = source_id or slugify(source_name) or "source"
    body = _clean_paragraphs(source_text)
    title = source_title or _headline(source_text) or _first_words(body)
    source_fields = {"title": title, "publisher": publisher}
    if url:
        source_fields["url"] = url
    source = (f"sources/{source_id}.md", _front_matter(source_fields) + "\n" + body)
    lines = summary_text.replace("\r\n", "\n").strip().split("\n")
    headline = " ".join(lines[0].split())
    story_fields = {"title": headline, "date": today, "tags": list(tags), "sources": [{"ref": source_id}]}
    story = (f"stories/{slugify(headline) or source_id}.md",
             _front_matter(story_fields) + "\n" + _clean_paragraphs("\n".join(lines[1:])))
    return [source, story]


def _headline(text: str) -> str:
    """The article's first line when it reads as a headline: short, and not ended like a sentence."""
    first = " ".join(text.strip().split("\n")[0].split())
    return first if 0 < len(first.split()) <= 20 and first[-1] not in ".!?:;,”\"'…" else ""


def _first_words(text: str, limit: int = 12) -> str:
    words = text.split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")
