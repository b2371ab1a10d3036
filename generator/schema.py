"""Front-matter fields: declared once with type and doc, coerced first, then checked for meaning."""
from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .config import LANGUAGE_TAG, as_uri
from .errors import Diagnostic, error, warning
from .frontmatter import RawDocument
from .model import Correction, Source, SourceRef, Story, StoryStatus
from .slug import is_safe_slug, slugify, windows_reserved

DATE_EXPECTED = "YYYY-MM-DD or an ISO 8601 datetime such as 2024-05-16T09:30:00+01:00"
SAFE_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    required: bool
    doc: str


STORY_FIELDS = (
    FieldSpec("title", "text", True, "Headline of the brief."),
    FieldSpec("date", "datetime", True, "Publication date, or datetime (`2024-05-16T09:30:00+01:00`); a bare date is midnight, and a datetime without an offset that time, in the site's time zone."),
    FieldSpec("sources", "sources", True, "At least one source: `- ref: <source id>` (a file in content/sources/; `- <source id>` alone says the same) or an inline `- {url, title, publisher}`, whose sentences cannot be checked."),
    FieldSpec("tags", "tags", False, "List of topic tags (or one line, comma-separated), at most 50; each gets a page."),
    FieldSpec("slug", "slug", False, "URL name of the story; default: the file name."),
    FieldSpec("dek", "text", False, "One-line standfirst under the headline; default: the summary's first sentence."),
    FieldSpec("updated", "datetime", False, "When the brief was last substantively updated (a date in the future is a warning)."),
    FieldSpec("draft", "bool", False, "true keeps the story out of the built site."),
    FieldSpec("corrections", "corrections", False, "List of `{date, text}` correction notes shown on the story page."),
    FieldSpec("unsourced", "textlist", False, "Sentences that are deliberately unsourced (analysis, context): the start of each sentence, which silences its provenance warning."),
    FieldSpec("lang", "lang", False, "Language of the brief when it is not the site's, as a BCP 47 tag (`ar`, `pt-BR`): screen readers read it in that language."),
)
SOURCE_FIELDS = (
    FieldSpec("title", "text", True, "Headline of the source article."),
    FieldSpec("publisher", "text", True, "Who published it, e.g. The Guardian; each publisher gets a page."),
    FieldSpec("url", "url", False, "Address of the original article (http or https)."),
    FieldSpec("published", "datetime", False, "When the source was published."),
    FieldSpec("author", "text", False, "Byline of the source."),
    FieldSpec("retrieved", "datetime", False, "When the curator retrieved the text."),
    FieldSpec("lang", "lang", False, "Language of the source text when it is not the site's, as a BCP 47 tag."),
)
INLINE_SOURCE_KEYS = ("url", "title", "publisher")


_KIND_NAMES = {"int": "a number", "float": "a number", "bool": "true/false", "list": "a list", "dict": "a mapping",
               "date": "a date", "datetime": "a datetime", "str": "text"}


class _Problems(list):
    """Collects diagnostics for one document, so each coercion names its own field and line."""

    def __init__(self, raw: RawDocument):
        super().__init__()
        self.raw = raw
        self.warnings: list[Diagnostic] = []  # kept apart: a warning does not stop the document loading

    def add(self, name: str, message: str, expected: str = "", line: int | None = None):
        lines = self.raw.field_lines  # "sources.url" is reported at the line of "sources" unless told better
        line = line or lines.get(name, lines.get(name.split(".")[0], 1))
        self.append(error(self.raw.path, line, name, message, expected))

    def warn(self, name: str, message: str, expected: str = "", line: int | None = None):
        lines = self.raw.field_lines
        line = line or lines.get(name, lines.get(name.split(".")[0], 1))
        self.warnings.append(warning(self.raw.path, line, name, message, expected))


# direction overrides, embeddings and isolates: in a headline or a name they reverse the text after them on
# the page ("· LTR elcitra lanigiro"); the marks (U+200E, U+200F) that right-to-left writing needs are kept
_DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")  # letters and symbols that show as nothing


def visible(text: str) -> bool:
    """Whether text shows anything: a zero-width space, a soft hyphen or a Hangul filler alone shows nothing."""
    return any(unicodedata.category(ch)[0] in "LNPS" and ch not in _FILLERS for ch in text)


def _text(value, name, p: _Problems, line=None):
    if isinstance(value, str) and value.strip():
        # NFC: "Café" typed on a Mac (e + combining accent) and on Windows is one name, one page, one search word
        cleaned = " ".join(unicodedata.normalize("NFC", _DIRECTION_CONTROLS.sub("", value)).split())
        if visible(cleaned):
            return cleaned
    kind = _KIND_NAMES.get(type(value).__name__, type(value).__name__)
    shown = "empty" if value in ("", None) else "blank (only spaces)" if isinstance(value, str) and not value.strip() \
        else "blank (only characters that show nothing)" if isinstance(value, str) \
        else f"{value!r} is {kind}, not text"
    p.add(name, shown, "a non-empty string", line)
    return ""


def parse_datetime(value, tz: ZoneInfo):
    """YAML date/datetime or ISO 8601 text -> aware datetime in UTC, whole seconds (bare dates: midnight in tz).

    In UTC because Python compares two datetimes of one zone by their clock faces: in the hour a clock goes
    back, 01:30 before and after the change would be one moment, and sorting, ties by slug and "newest"
    would go wrong. A local time the clock skipped (01:30 as spring starts) reads as the offset before the
    change, so it shows as 02:30. Pages show every time in the site's zone (SiteIndex.local_date)."""
    if isinstance(value, str):
        text = value.strip()
        text = text[:-1] + "+00:00" if text[-1:] in ("Z", "z") else text
        try:
            value = dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=tz)
    elif isinstance(value, dt.date):
        aware = dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    else:
        return None
    try:
        return aware.astimezone(dt.timezone.utc).replace(microsecond=0)
    except (OverflowError, ValueError):  # year 1 or 9999 moved across a zone: _in_range says so
        return aware.replace(microsecond=0)


def _in_range(moment: dt.datetime, tz) -> bool:
    """Year 1 or 9999 overflows as soon as it is moved to another time zone (UTC, the site's)."""
    try:
        return all(1000 <= m.year <= 9998 for m in (moment.astimezone(dt.timezone.utc), moment.astimezone(tz)))
    except (OverflowError, ValueError):
        return False


def _as_written(value) -> str:
    """A YAML value as the curator wrote it, not as Python prints it: [2024-05-17], not [datetime.date(...)]."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_as_written(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_as_written(v)}" for k, v in value.items()) + "}"
    return str(value)


def _local(value, tz):
    """The clock time a value without an offset names in tz (a bare date: its midnight), or None."""
    if isinstance(value, str):
        try:
            text = value.strip()
            value = dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return None if value.tzinfo else value.replace(tzinfo=tz, microsecond=0)
    return dt.datetime(value.year, value.month, value.day, tzinfo=tz) if isinstance(value, dt.date) else None


def _clock_change(value, parsed, name, p, tz):
    """A local time the clock skipped or showed twice: read as the offset before the change (fold 0), said so."""
    local = _local(value, tz)  # a bare date names its day, which exists even when its midnight does not
    if local is None or type(value) is dt.date or isinstance(value, str) and len(value.strip()) == 10 or local.utcoffset() == local.replace(fold=1).utcoffset():
        return
    skipped = parsed.astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None)
    read = parsed.astimezone(tz).isoformat(sep=" ")
    p.warn(name, f"{_as_written(value)!r} " + (f"never happened in {tz.key} (the clock skipped it); read as {read}"
           if skipped else f"happened twice in {tz.key} (the clock went back); read as the first, {read}"),
           "a time with its offset, as 2024-10-27T01:30:00+01:00")


def _datetime(value, name, p, tz):
    parsed = parse_datetime(value, tz)
    if parsed is None:
        p.add(name, f"{_as_written(value)!r} is not a date", DATE_EXPECTED)
    elif not _in_range(parsed, tz):
        p.add(name, f"{str(value)!r} is out of range", "a year from 1000 to 9998")
        return None
    else:
        _clock_change(value, parsed, name, p, tz)
    return parsed


# Invisible direction overrides and zero-width marks (not the joiners some scripts need): in a name printed among
# other text they can reverse what follows it, and two names that look alike would get two pages
# A zero-width joiner or non-joiner beside an ASCII character joins nothing ("Cli\u200dmate" is "Climate"); beside
# Persian, Indic letters or an emoji they shape the text, so there they stay
_LATIN_JOINER = re.compile("(?<=[\x00-\x7f])[\u200c\u200d]+|[\u200c\u200d]+(?=[\x00-\x7f])|^[\u200c\u200d]+|[\u200c\u200d]+$")
_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c]")


def _publisher(value, name, p, line=None):
    """Each publisher gets a page named after it, so the name needs a letter or digit."""
    text = _text(value, name, p, line)
    text = _INVISIBLE.sub("", text) if text else text
    if text and not slugify(text):
        p.add(name, f"{text!r} has no letters or digits", "a name such as Reuters", line)
    return text


def _url(value, name, p, line=None):
    url = _text(value, name, p, line) if value is not None else ""
    if url and not url.lower().startswith(SAFE_SCHEMES):
        p.add(name, f"{url!r} is not an http(s) URL", "a URL starting with https://", line)
        return ""
    if url and not _host(url):
        p.add(name, f"{url!r} names no host", "a whole address such as https://example.org/article", line)
        return ""
    return as_uri(url)  # quotes, spaces and other letters percent-encoded: feeds and JSON-LD carry it as written


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # e.g. an unclosed [IPv6 bracket
        return ""




def _lang(value, p, name: str = "lang"):
    text = _text(value, name, p)
    if text and not LANGUAGE_TAG.fullmatch(text):
        p.add(name, f"{text!r} is not a language tag", "a BCP 47 tag such as ar, fr or pt-BR")
        return ""
    return text


PLACEHOLDER = "Write the summary here."  # the body `newsbrief new` scaffolds: a story still holding it is unwritten


MAX_TAGS = 50


def _tags(value, p):
    if isinstance(value, str):  # `tags: Economy, Fed` means two topics, as `newsbrief import --tags` reads it
        value = [t for t in value.split(",") if t.strip()] or [value]
    if not isinstance(value, list) or not all(isinstance(t, (str, int, float)) for t in value):
        p.add("tags", f"{value!r} is not a list of tags", "a list such as [russia, china]")
        return ()
    distinct = {slugify(" ".join(str(t).split())) for t in value}
    if len(distinct) > MAX_TAGS:  # each topic's feeds repeat every tag of every story: 4,900 tags made 3 GB of feeds
        p.add("tags", f"{len(distinct):,} tags, over the {MAX_TAGS} limit", "a few topics per story")
        return ()
    tags, pages, warned = [], {}, set()
    for i, written in enumerate(value):
        tag = " ".join(unicodedata.normalize("NFC", _LATIN_JOINER.sub("", _INVISIBLE.sub("", str(written)))).split())
        if not slugify(tag):  # each item on its own line is named by that line
            p.add("tags", f"tag {str(written)!r} has no letters or digits", "a word or phrase",
                  p.raw.field_lines.get(f"tags.{i}"))
        elif slugify(tag) not in pages:  # "AT&T" and "At&t" are one topic: one link on the story, the first spelling
            tags.append(tag)
            pages[slugify(tag)] = tag
        elif pages[slugify(tag)].casefold() != tag.casefold() and tag not in warned:  # "C++" and "C#": one page
            warned.add(tag)
            p.warn("tags", f"tag {tag!r} shares one topic page ({slugify(tag)!r}) with {pages[slugify(tag)]!r} in this "
                           f"story: only {pages[slugify(tag)]!r} is shown",
                   "tags that differ in more than case to differ in letters or digits")
    return tuple(tags)


# booleans in YAML 1.1, and quoted ("true"): text in the YAML we read, but plainly meant as true or false
_WORDS = {"yes": True, "on": True, "true": True, "no": False, "off": False, "false": False}


def _bool(value, name, p):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _WORDS:
        return _WORDS[value.lower()]
    p.add(name, f"{value!r} is not true or false", "true or false, unquoted")
    return False


def _textlist(value, name, p):
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value) and not all(v.strip() for v in value):
        p.add(name, "an empty entry in the list", "a list of non-empty strings")  # not "[''] is not a list of text"
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        p.add(name, f"{_shorten_repr(value)} is not a list of text", "a list of strings")
        return ()
    return tuple(" ".join(v.split()) for v in value)


def _source_ref(item, line, p) -> SourceRef | None:
    if isinstance(item, str):
        item = {"ref": item}
    if not isinstance(item, dict):
        p.add("sources", f"{item!r} is not a source", "`ref: <source id>` or {url, title, publisher}", line)
        return None
    unknown = [k for k in item if k not in ("ref",) + INLINE_SOURCE_KEYS]
    for key in map(str, unknown):
        p.add(f"sources.{key}", f"unknown field {key!r}{_suggest(key, ('ref',) + INLINE_SOURCE_KEYS)}",
              "ref, or url, title and publisher", line)
    if "ref" in item:
        ref = item["ref"]
        if not isinstance(ref, str) or not ref.strip():
            p.add("sources.ref", f"{ref!r} is not a source id", "the file name of a source, without .md", line)
            return None
        beside = [k for k in INLINE_SOURCE_KEYS if k in item]
        if beside:  # the source file gives them: a url written here would never be shown
            p.warn("sources.ref", f"{', '.join(beside)} beside ref {ref.strip()!r} ignored: the source file gives "
                                  "them", "ref alone, or an inline source of url, title and publisher", line)
        return SourceRef(source_id=ref.strip(), line=line)
    missing = [k for k in INLINE_SOURCE_KEYS if not item.get(k)]
    if missing:
        p.add("sources", f"inline source lacks {', '.join(missing)}", "url, title and publisher (or ref)", line)
        return None
    url = _url(item["url"], "sources.url", p, line)
    return SourceRef(url=url, title=_text(item["title"], "sources.title", p, line),
                     publisher=_publisher(item["publisher"], "sources.publisher", p, line), line=line) if url else None


def _sources(value, p) -> tuple[SourceRef, ...]:
    if isinstance(value, str) and value.strip():  # one source id, as `tags: x` is one tag
        value = [value]
    if not isinstance(value, list) or not value:
        shown = "a mapping, not a list" if isinstance(value, dict) else "no sources listed"
        p.add("sources", shown, "a list of at least one source, each on a line of its own: - ref: <source id>")
        return ()
    lines, base = p.raw.field_lines, p.raw.field_lines.get("sources", 1)
    refs = [_source_ref(item, lines.get(f"sources.{i}", base + i + 1), p) for i, item in enumerate(value)]
    kept, seen = [], {}
    for ref in filter(None, refs):  # a source listed twice is listed once
        key = (ref.source_id, ref.url if not ref.source_id else "")
        if key not in seen:
            seen[key] = ref
            kept.append(ref)
        elif (ref.title, ref.publisher) != (seen[key].title, seen[key].publisher):  # not just listed twice
            p.warn("sources.url", f"{ref.url} is listed again (line {seen[key].line}) with another title or "
                                  "publisher: only the first is shown", "each source once", ref.line)
    return tuple(kept)


def _corrections(value, p, tz) -> tuple[Correction, ...]:
    if not isinstance(value, list):
        p.add("corrections", f"{value!r} is not a list", "a list of {date, text}")
        return ()
    out = []
    for item in value:
        if not isinstance(item, dict) or set(item) != {"date", "text"}:
            # named by what it lacks or has too many of, not by a Python repr ({'date': datetime.date(…)})
            found = sorted(map(str, item)) if isinstance(item, dict) else []
            what = (f"a correction with {', '.join(found) or 'nothing'}" + (f" but no {', '.join(sorted({'date', 'text'} - set(item)))}"
                    if {"date", "text"} - set(item) else "") + (f"; {', '.join(sorted(set(found) - {'date', 'text'}))} unknown"
                    if set(found) - {"date", "text"} else "")) if isinstance(item, dict) \
                else f"{_shorten_repr(item)} is not a correction"
            p.add("corrections", what, "{date: YYYY-MM-DD, text: ...}")
            continue
        when, text = _datetime(item["date"], "corrections.date", p, tz), _text(item["text"], "corrections.text", p)
        if when and text:
            out.append(Correction(when, text))
    return tuple(sorted(out, key=lambda c: c.date))


def _shorten_repr(value) -> str:
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _suggest(name: str, known) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_fields(raw: RawDocument, specs, p: _Problems):
    known = [s.name for s in specs]
    for name in raw.meta:
        if name not in known:
            p.add(name, f"unknown field {name!r}{_suggest(name, known)}", "one of " + ", ".join(known))
    for spec in specs:
        if spec.required and raw.meta.get(spec.name) in (None, "") and not (spec.name == "sources" and spec.name in raw.meta):
            p.add(spec.name, "missing required field", f"`{spec.name}:` in the front matter",
                  line=raw.field_lines.get(spec.name, 1))


# Python-Markdown recurses once per level of nesting and scans ahead from every unmatched "[" (quadratic
# in one paragraph): hostile summaries within the file-size limit could crash it or take hours.
MAX_SUMMARY = 64 * 1024   # characters: a brief is a few paragraphs
MAX_LINES = 2_000         # lines of a summary: a brief of a few paragraphs has dozens
MAX_ANGLES = 2_000        # '<' in a summary: 2,000 unclosed ones take the parser 0.3 s, 8,000 4 s
MAX_NESTING = 16          # levels of lists and quotes
MAX_BRACKETS = 64         # "[" in one paragraph


_MARKER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]?")  # a quote or list marker opening a line


def _nesting(line: str) -> int:
    """How deep the line's block nests: its quote and list markers ("1. 1. 1. x" is three lists deep) and its
    indentation."""
    depth = pos = 0
    while (match := _MARKER.match(line, pos)) and match.end() > pos:
        depth, pos = depth + 1, match.end()
    indent = line[:len(line) - len(line.lstrip(" \t"))]
    return depth + sum(4 if c == "\t" else 1 for c in indent) // 4


def _check_markdown(body: str, first: int, p: _Problems) -> None:
    """Refuse the few shapes of Markdown that the parser cannot handle in bounded time and stack."""
    if len(body) > MAX_SUMMARY:
        p.add("body", f"the summary is {len(body):,} characters, over the {MAX_SUMMARY:,} limit",
              "a brief of a few paragraphs", first)
        return
    lines = body.split("\n")
    count = len(lines) - (lines[-1] == "")  # "a\n" is one line
    if count > MAX_LINES:  # 20,000 one-character list items or headings take the parser a minute
        p.add("body", f"the summary has {count:,} lines, over the {MAX_LINES:,} limit", "a brief of a few "
              "paragraphs", first)
        return
    if body.count("<") > MAX_ANGLES:  # the HTML parser is quadratic in unclosed tags: '<a ' * 20,000 took 34 s
        p.add("body", f"the summary has {body.count('<'):,} '<' characters, over the {MAX_ANGLES:,} limit",
              "fewer HTML tags; &lt; for a literal <", first)
        return
    brackets, start = 0, first
    for number, line in enumerate(lines, start=first):
        if not line.strip():
            brackets, start = 0, number + 1
            continue
        brackets += line.count("[")
        if _nesting(line) > MAX_NESTING:
            p.add("body", f"Markdown nested {_nesting(line)} levels deep", f"at most {MAX_NESTING} levels of "
                  "lists and quotes", number)
            return
        if brackets > MAX_BRACKETS:
            p.add("body", f"paragraph has over {MAX_BRACKETS} '[' characters", "fewer links per paragraph; a blank line "
                  "starts a new one", start)
            return


def _default_slug(path: str) -> str:
    return slugify(PurePosixPath(path).stem)


def _slug(raw: RawDocument, p: _Problems) -> str:
    if "slug" not in raw.meta:
        slug = _default_slug(raw.path)
        if not slug:
            p.add("slug", f"cannot make a slug from the file name {PurePosixPath(raw.path).name!r}", "a slug field")
        return slug
    given = raw.meta["slug"]
    if not isinstance(given, (str, int)) or isinstance(given, bool):
        p.add("slug", f"{given!r} is {_KIND_NAMES.get(type(given).__name__, 'not text')}, not text",
              "a slug such as putin-visits-china")
        return ""
    given = str(given)
    slug = slugify(given)
    if not slug:
        p.add("slug", f"{given!r} has no letters or digits", "a slug such as putin-visits-china")
    return slug


def parse_story(raw: RawDocument, tz: ZoneInfo, now: dt.datetime) -> tuple[Story | None, list[Diagnostic]]:
    """Coerce every field (collecting every problem), then build the Story only if none was found."""
    p = _Problems(raw)
    _check_fields(raw, STORY_FIELDS, p)
    m = raw.meta
    get = lambda name, coerce: coerce(m[name]) if m.get(name) is not None else None
    fields = dict(
        title=get("title", lambda v: _text(v, "title", p)),
        date=get("date", lambda v: _datetime(v, "date", p, tz)),
        sources=get("sources", lambda v: _sources(v, p)) or (),
        slug=_slug(raw, p),
        tags=get("tags", lambda v: _tags(v, p)) or (),
        dek=get("dek", lambda v: _text(v, "dek", p)) or "",
        updated=get("updated", lambda v: _datetime(v, "updated", p, tz)),
        draft=bool(get("draft", lambda v: _bool(v, "draft", p))),
        corrections=get("corrections", lambda v: _corrections(v, p, tz)) or (),
        unsourced=get("unsourced", lambda v: _textlist(v, "unsourced", p)) or (),
        lang=get("lang", lambda v: _lang(v, p)) or "",
    )
    if not raw.body.strip():
        p.add("body", "the summary is empty", "Markdown text after the front matter", raw.body_line)
    _check_markdown(raw.body, raw.body_line, p)
    if p:
        return None, list(p)
    unwritten = [warning(raw.path, raw.body_line, "body", "the summary is still the text `newsbrief new` wrote",
                         "the summary, each sentence supported by a source")] \
        if PLACEHOLDER in raw.body and not fields["draft"] else []  # a draft is unwritten by right
    draft, date = fields["draft"], fields["date"]
    status = StoryStatus.DRAFT if draft else StoryStatus.SCHEDULED if date > now else StoryStatus.PUBLISHED
    return Story(path=raw.path, body=raw.body, body_line=raw.body_line, status=status,
                 slug_line=raw.field_lines.get("slug", 1), tags_line=raw.field_lines.get("tags", 1),
                 updated_line=raw.field_lines.get("updated", 1), corrections_line=raw.field_lines.get("corrections", 1),
                 title_line=raw.field_lines.get("title", 1), unsourced_line=raw.field_lines.get("unsourced", 1),
                 **fields), _dates_out_of_order(raw, fields, tz) + unwritten + p.warnings


def _dates_out_of_order(raw: RawDocument, fields: dict, tz: ZoneInfo) -> list[Diagnostic]:
    """An update or a correction dated before the story itself is most likely a typo in one of the dates.
    Named as the curator wrote them: in the site's time zone, with the time when the days are the same."""
    date, found = fields["date"], []
    later = [("updated", fields["updated"])] + [("corrections.date", c.date) for c in fields["corrections"]]
    for name, when in later:
        if when is not None and when < date:
            line = raw.field_lines.get(name.split(".")[0], 1)
            shown = [d.astimezone(tz).date().isoformat() for d in (when, date)]
            if shown[0] == shown[1]:
                shown = [d.astimezone(tz).strftime("%Y-%m-%d %H:%M") for d in (when, date)]
            found.append(warning(raw.path, line, name, f"{shown[0]} is before the story's date, {shown[1]}",
                                 "a date on or after `date`"))
    return found


def parse_source(raw: RawDocument, tz: ZoneInfo) -> tuple[Source | None, list[Diagnostic]]:
    p = _Problems(raw)
    _check_fields(raw, SOURCE_FIELDS, p)
    m = raw.meta
    source_id = PurePosixPath(raw.path).stem
    if not is_safe_slug(source_id) and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", source_id) \
            or windows_reserved(source_id):  # sources/CON/ cannot be checked out on Windows
        p.add("id", f"file name {source_id!r} is not a usable source id", "letters, digits, - and _, and not a "
              "name Windows reserves (CON, NUL, AUX, COM1…)", 1)
    if not raw.body.strip():
        p.add("body", "the source text is empty", "the article text after the front matter", raw.body_line)
    source = Source(
        id=source_id, path=raw.path, body=raw.body, body_line=raw.body_line,
        title=_text(m["title"], "title", p) if "title" in m else "",
        publisher=_publisher(m["publisher"], "publisher", p) if "publisher" in m else "",
        url=_url(m["url"], "url", p) if m.get("url") is not None else "",
        published=_datetime(m["published"], "published", p, tz) if m.get("published") is not None else None,
        author=_text(m["author"], "author", p) if m.get("author") is not None else "",
        retrieved=_datetime(m["retrieved"], "retrieved", p, tz) if m.get("retrieved") is not None else None,
        publisher_line=raw.field_lines.get("publisher", 1),
        lang=_lang(m["lang"], p) if m.get("lang") is not None else "",
    )
    return (None if p else source), list(p)
