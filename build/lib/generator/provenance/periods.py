"""Periods a summary may state as a length: "2016 to 2021" in a source supports
"over five years", "2010 and 2020" supports "a decade"."""
from __future__ import annotations

from .numbers import NumberMention

_SPAN_CONTEXT = frozenset({"year", "decad"})
_SPAN_REACH = 80  # characters between two years of one period: "between 2010 and 2020"


def year_spans(text: str, numbers: list[NumberMention]) -> list[NumberMention]:
    """Periods a summary may state as a length: "2016 to 2021" -> 5 (years)."""
    years = [n for n in numbers if n.is_year]
    spans = []
    for first, second in zip(years, years[1:]):
        gap = second.value - first.value
        between = text[first.end:second.start]
        if 0 < gap and len(between) <= _SPAN_REACH and "\n" not in between:
            spans.append(NumberMention(text[first.start:second.end], first.start, second.end, gap,
                                       False, False, False, 1.0, _SPAN_CONTEXT, "span"))
    return spans
