"""Provenance, as readers and curators see it: citation markers, evidence notes, highlighted passages, warnings."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from markupsafe import escape

from . import mdlinks, media, urls
from .errors import Diagnostic, warning
from .index import SiteIndex
from .markup import render_markdown
from .model import Story
from .provenance import SentenceCheck, StoryProvenance, check_summary, split_sentences, too_large
from .provenance.normalize import fold
from .provenance.sentences import sentence_bounds
from .views import Citation

QUOTE_LIMIT = 240
_WORD = re.compile(r"\w+")
_FIGURE = re.compile(r"\d[\d.,]*")
TIP_LIMIT = 140
_LABELS = {"supported": "Supported by the source", "partly-supported": "Partly supported: some claims are in no source",
           "unsupported": "Not supported by any source", "acknowledged": "Analysis or context, marked by the editor as unsourced"}
_CONTRADICTED = "Partly supported: the source says otherwise"
_LESS_CERTAIN = "Partly supported: the source is less certain"
_HEDGE_REASON = "the source is less certain"
_NOT_CONFLICTS = ("not in any source", "wording not found", "judgement not in any source")


@dataclass(frozen=True)
class StoryText:
    """A story's summary rendered once: HTML with citation markers, plain text, dek and evidence notes."""

    html: str
    text: str
    dek: str
    citations: tuple[Citation, ...] = ()


def source_texts(story: Story, index: SiteIndex) -> dict[str, str]:
    """Texts the story's sentences can be checked against (inline link-only sources have none)."""
    return {r.source_id: index.sources[r.source_id].body for r in story.sources if r.source_id in index.sources}


def too_large_to_check(story: Story, index: SiteIndex) -> str:
    """Why the story's sentences are not checked ("" when they are): sources too large to hold at once."""
    return too_large(len(story.body), sum(len(text) for text in source_texts(story, index).values()))


def check_story(story: Story, index: SiteIndex) -> StoryProvenance | None:
    texts = source_texts(story, index)
    if not texts or too_large_to_check(story, index):
        return None
    return check_summary(story.body, texts, headline=story.title)


def is_acknowledged(story: Story, sentence: SentenceCheck) -> bool:
    """`unsourced:` lists the start of each deliberately unsourced sentence (case and spacing ignored)."""
    text = " ".join(sentence.text.split()).casefold()
    return any(text.startswith(" ".join(prefix.split()).casefold()) for prefix in story.unsourced)


def _status(story: Story, sentence: SentenceCheck) -> str:
    if sentence.status.is_flagged() and is_acknowledged(story, sentence):
        return "acknowledged"
    return sentence.status.value


def _shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def text_fragment(url: str, passage: str) -> str:
    """A link that scrolls the original article to the passage (#:~:text=start,end)."""
    words = passage.split()
    # a directive's syntax uses "-", "," and "&": quote() keeps "-" as it is, and a term that starts or ends
    # with one would read as a prefix- or -suffix and match nothing
    encode = lambda ws: quote(" ".join(ws), safe="").replace("-", "%2D")
    directive = encode(words) if len(words) <= 8 else f"{encode(words[:4])},{encode(words[-4:])}"
    return f"{url.split('#')[0]}#:~:text={directive}"


def passage_anchor(start: int, end: int) -> str:
    return f"ev-{start}-{end}"


def passage_span(ev, body: str) -> tuple[int, int]:
    """The evidence span trimmed of outer whitespace, so its anchor lands on a visible line."""
    start, end = max(ev.start, 0), min(ev.end, len(body))
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def _words(text: str) -> set[str]:
    return {fold(w) for w in _WORD.findall(text) if len(w) > 3}


def best_quote(passage: str, claim: str, limit: int = QUOTE_LIMIT) -> str:
    """The passage when it fits; else the run of its sentences that fits and shares most words with the claim,
    so that a reader sees the words that support it, not just the passage's opening."""
    text = " ".join(passage.split())
    bounds = _sentence_bounds(text) if len(text) > limit else ()
    if len(bounds) < 2:
        return _shorten(text, limit)
    scores = _scores(text, claim)
    first = last = max(range(len(bounds)), key=lambda i: (scores[i], -i))
    while True:  # grow toward the neighbour sharing more words, while the run still fits
        grow = [i for i in (first - 1, last + 1) if 0 <= i < len(bounds)
                and bounds[max(i, last)][1] - bounds[min(i, first)][0] <= limit]
        if not grow:
            break
        pick = max(grow, key=lambda i: (scores[i], i))
        first, last = min(first, pick), max(last, pick)
    quote = _shorten(text[bounds[first][0]:bounds[last][1]], limit)
    if bounds[first][0] > 0:
        quote = "… " + quote
    if bounds[last][1] < len(text) and not quote.endswith("…"):
        quote += " …"
    return quote


@lru_cache(maxsize=64)  # a sentence's passage is quoted twice: in its evidence note and, shorter, in its tooltip
def _sentence_bounds(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(sentence_bounds(text))


@lru_cache(maxsize=64)
def _scores(text: str, claim: str) -> tuple[int, ...]:
    """How well each sentence of text supports the claim: shared words, and shared figures twice over
    ("About 40% of trains" is the support for a sentence with 40%)."""
    wanted, figures = _words(claim), set(_FIGURE.findall(claim))
    return tuple(len(_words(text[a:b]) & wanted) + 2 * len(set(_FIGURE.findall(text[a:b])) & figures)
                 for a, b in _sentence_bounds(text))


EVIDENCE_SHOWN = 2  # passages a sentence links to: the checker finds a second only for what the first lacks


def _citation(story: Story, sentence: SentenceCheck, index: SiteIndex) -> Citation:
    here, number, status = urls.story(story.slug), sentence.index + 1, _status(story, sentence)
    quote_text = source_label = source_url = original = tip_quote = ""
    if sentence.evidence and status in ("supported", "partly-supported"):
        best = sentence.evidence[0]
        source = index.sources[best.source_id]
        quote_text, source_label = best_quote(best.text, sentence.text), f"{source.publisher}: {source.title}"
        tip_quote = best_quote(best.text, sentence.text, TIP_LIMIT)  # the supporting words, not the passage's start
        source_url = urls.relative_url(here, urls.source(source.id), passage_anchor(*passage_span(best, source.body)))
        original = text_fragment(source.url, best.text) if source.url else ""
    more = []
    if quote_text:  # a sentence that joins two facts: the passage with the one the first passage lacks
        for ev in sentence.evidence[1:EVIDENCE_SHOWN]:
            other = index.sources[ev.source_id]
            more.append((f"{other.publisher}: {other.title}",
                         urls.relative_url(here, urls.source(other.id), passage_anchor(*passage_span(ev, other.body))),
                         best_quote(ev.text, sentence.text), other.lang))
    # what the source says otherwise ("the passage says the opposite of 'fall'"), beyond the missing claims
    conflicts = tuple(r for r in sentence.reasons if not r.startswith(_NOT_CONFLICTS)) \
        if status in ("partly-supported", "unsupported") else ()
    label = _LABELS[status]
    if conflicts and status == "partly-supported":
        label = _LESS_CERTAIN if all(r.startswith(_HEDGE_REASON) for r in conflicts) else _CONTRADICTED
    lang = index.sources[sentence.evidence[0].source_id].lang if quote_text else ""
    return Citation(number, f"evidence-{number}", status, label, quote_text, source_label, source_url,
                    original, sentence.missing if status != "acknowledged" else (), tuple(more), conflicts, tip_quote,
                    lang)


def _marker(c: Citation) -> str:
    """A superscript link per sentence; its tooltip shows the quoted evidence on hover and focus."""
    target = c.source_url or f"#{c.anchor}"
    symbol = str(c.number) if c.status == "supported" else ("†" if c.status == "acknowledged" else f"{c.number}!")
    # The tooltip is a taste of the evidence (the full quote is in the Evidence section): pages stay light.
    quoted = escape(c.tip_quote or _shorten(c.quote, TIP_LIMIT))
    if c.lang:  # a quote from a source in another language is read (and laid out) in its own
        quoted = f'<bdi lang="{escape(c.lang)}">{quoted}</bdi>'
    tip = f"“{quoted}” — {escape(c.source_label)}" if c.quote else str(escape(c.label))
    if c.quote and c.status != "supported":  # the verdict first: a quote alone reads as support
        tip = f"{escape(c.label)}. {tip}"
    if c.missing:  # str + str: a str added to Markup would be escaped a second time
        tip += str(escape(". Not in any source: " + ", ".join(c.missing)))
    if c.conflicts:
        tip += str(escape(". " + "; ".join(r[0].upper() + r[1:] for r in c.conflicts)))
    return (f'<sup class="cite {c.status}"><a href="{escape(target)}" aria-describedby="tip-{c.number}">{symbol}'
            f'<span class="visually-hidden"> (evidence for sentence {c.number}: {escape(c.label.lower())})</span></a>'
            f'<span class="evidence-tip" role="tooltip" id="tip-{c.number}">{tip}</span></sup>')


def story_text(story: Story, index: SiteIndex, provenance: StoryProvenance | None) -> StoryText:
    sentences = provenance.sentences if provenance else ()
    cites = tuple(_citation(story, s, index) for s in sentences)
    rendered = render_markdown(story.body, [s.md_end for s in sentences], lambda i: _marker(cites[i]))
    dek = story.dek or (sentences[0].text if sentences else _first_sentence(story.body) or rendered.text[:200])
    html = media.rewrite(mdlinks.rewrite(rendered.html, story, index), story.path, urls.story(story.slug),
                         index.docs_dir, index.files)
    return StoryText(html, rendered.text, dek, cites)


def _first_sentence(markdown: str) -> str:
    spans = split_sentences(markdown)
    return spans[0].text if spans else ""


def provenance_warnings(story: Story, provenance: StoryProvenance) -> list[Diagnostic]:
    """One warning per flagged sentence the editor has not acknowledged: `mkdocs build --strict` refuses them.
    The headline, read first and most, is checked for names, numbers and quotations no source gives."""
    found = []
    headline = " ".join(story.title.split()).casefold()
    if provenance.headline_missing and not any(headline.startswith(" ".join(p.split()).casefold())
                                               for p in story.unsourced):
        found.append(warning(story.path, story.title_line, "title",
                             f"not in any source: {', '.join(provenance.headline_missing)}",
                             "a headline whose names and numbers a source gives, or its start listed under "
                             "`unsourced:`"))
    for s in provenance.flagged():
        if is_acknowledged(story, s):
            continue
        # each missing claim as its reason words it: "£90 million (the passage gives £84 million)"
        said = {r[len("not in any source: "):] for r in s.reasons if r.startswith("not in any source: ")}
        shown = [next((r for r in said if r == m or r.startswith(m + " (the passage gives ")), m) for m in s.missing]
        missing = f"; not in any source: {', '.join(shown)}" if s.missing else ""
        # what the source says otherwise: "the passage says the opposite of 'fall'", a hedge dropped
        missing += "".join(f"; {r}" for r in s.reasons if not r.startswith(_NOT_CONFLICTS))
        found.append(warning(story.path, story.body_line + s.line - 1, f"sentence {s.index + 1}",
                             f"{s.status.value} (score {s.score:.2f}): “{_shorten(s.text, 90)}”{missing}",
                             "a source that says it, or the sentence's start listed under `unsourced:`"))
    starts = [" ".join(s.text.split()).casefold() for s in provenance.sentences] + [headline]
    for prefix in story.unsourced:  # an entry left behind by an edit would silence the next sentence it fits
        wanted = " ".join(prefix.split()).casefold()
        if not any(start.startswith(wanted) for start in starts):
            found.append(warning(story.path, story.unsourced_line, "unsourced",
                                 f"{_shorten(prefix, 60)!r} starts no sentence of the summary",
                                 "the start of a sentence as the summary writes it"))
    return found


def evidence_spans(provenance: StoryProvenance | None, index: SiteIndex) -> tuple[tuple[str, int, int], ...]:
    """(source id, start, end) of each sentence's first evidence passage: all a source page needs of a
    story's provenance, and far smaller to keep than the whole result."""
    if provenance is None:
        return ()
    found = []
    for sentence in provenance.sentences:
        for ev in sentence.evidence[:EVIDENCE_SHOWN]:
            if ev.source_id in index.sources:
                found.append((ev.source_id, *passage_span(ev, index.sources[ev.source_id].body)))
    return tuple(found)


class SourceMarks:
    """source id -> function(offset, line) -> HTML of that line with evidence passages marked and anchored,
    or None when no sentence quotes the source. Made on first use, from the stories citing that source.

    results: slug -> StoryProvenance; a results object with `spans(slugs)` (storywork.Provenance) gives
    each story's evidence_spans straight from its cache instead."""

    def __init__(self, index: SiteIndex, results):
        self._index, self._results, self._made, self._spans = index, results, {}, {}

    def prepare(self, source_ids) -> None:
        """Make the marks of these sources now: forked workers inherit them, and never query the cache."""
        slugs = {s.slug for sid in source_ids for s in self._index.citing(sid)}
        if hasattr(self._results, "spans"):
            self._spans.update(self._results.spans(slugs))
        for source_id in source_ids:
            self(source_id)

    def release(self) -> None:
        """Forget the marks made so far: a large build makes each source's page once, in one batch."""
        self._made, self._spans = {}, {}

    def _story_spans(self, slug: str):
        if slug not in self._spans:
            self._spans[slug] = evidence_spans(self._results.get(slug), self._index)
        return self._spans[slug]

    def __call__(self, source_id: str):
        if source_id not in self._made:
            spans = {(start, end) for story in self._index.citing(source_id)
                     for sid, start, end in self._story_spans(story.slug) if sid == source_id}
            self._made[source_id] = _marker_for(sorted(spans)) if spans else None
        return self._made[source_id]


def _marker_for(spans):
    def mark_line(offset: int, line: str) -> str:
        end_of_line = offset + len(line)
        # a source is cited by many stories: only the spans touching this line can cut, anchor or cover it
        near = [(start, end) for start, end in spans if start <= end_of_line and end >= offset]
        cuts = {0, len(line)}
        for start, end in near:
            if start < end_of_line and end > offset:
                cuts.update({max(start - offset, 0), min(end - offset, len(line))})
        points, out = sorted(cuts), []
        for a, b in zip(points, points[1:]):
            for start, end in near:
                if start == offset + a:
                    out.append(f'<span class="anchor" id="{passage_anchor(start, end)}"></span>')
            piece = escape(line[a:b])
            # each mark names the passages it belongs to: the page outlines every mark of the one a marker led to,
            # over several paragraphs and when two passages start at one offset (a script; without it, the first)
            covering = " ".join(passage_anchor(start, end) for start, end in near
                                if start <= offset + a and offset + b <= end)
            out.append(f'<mark data-ev="{covering}">{piece}</mark>' if covering else str(piece))
        return "".join(out)
    return mark_line
