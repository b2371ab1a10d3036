"""Number and amount mentions, normalised to values: "$240.1bn" == "$240.1 billion"."""
from __future__ import annotations

import re
from typing import NamedTuple

from .normalize import ascii_like, content_stems, fold_char_preserving, word_list
from .number_words import (DENOMINATORS, NUMBER_WORDS, ORDINALS, TIMES, TRIGGER_WORDS, UNITS, time_unit,
                           word_alternation)

# "dozens", "hundreds", "thousands", "half" are vague: not checked as claims.
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "millions": 1e6,
           "b": 1e9, "bn": 1e9, "billion": 1e9, "billions": 1e9, "tn": 1e12, "trillion": 1e12}
_PERCENT = ("%", "percent", "per cent", "percentage point", "percentage points", "pc")
_APPROX = ("nearly", "almost", "about", "around", "roughly", "approximately", "some",
           "over", "more than", "less than", "fewer than", "up to", "at least", "close to")
_WORDNUM = word_alternation(NUMBER_WORDS)
_NUMBER = re.compile(
    r"(?P<cur>[$£€¥₹₦₩₽])?\s?(?P<num>\d+(?:[,\u202f\u2009]\d{3})*(?:\.\d+)?|(?<![\w'])(?:"
    + _WORDNUM + r")(?:[\s-](?:" + _WORDNUM + r"))?(?![\w']))"
    r"(?:\s?-?(?P<scale>k|mn|m|bn|b|tn|thousand|millions?|billions?|trillion)(?![a-z]))?"
    r"(?P<pct>\s?(?:%|percent(?:age points?)?|per\s?cent|pc\b))?",
)  # matched against folded (lower-case) text: no IGNORECASE, which is slow


class NumberMention(NamedTuple):  # a tuple: sources have many, and tuples are cheap
    text: str  # as written
    start: int
    end: int
    value: float
    percent: bool
    approximate: bool
    is_year: bool
    unit: float = 1.0  # precision as written: "8,000" -> 1000, "240.1bn" -> 1e8
    context: frozenset[str] = frozenset()  # content stems of nearby words
    # "" a count or amount, "ordinal" (seventh, 9th), "times" (tripled, twice as), "span": years
    # between two dates of one source sentence ("2010 to 2020" supports "a decade").
    kind: str = ""
    counted: str = ""  # a small count's time unit: "year" in "five years", "three-year"
    currency: str = ""  # "$", "£", "€", "¥" written before it
    bound: str = ""  # ">" after "more than", "over"; "<" after "under", "nearly": the side the true value lies on
    measure: str = ""  # a unit written after it, by dimension: "temperature:f" in "46F", "distance:km" in "30 km"


SMALL = 10  # below this a number ("two") is only matched with shared nearby words


def context_stems(text: str, start: int, end: int, reach: int) -> frozenset[str]:
    around = text[max(0, start - reach):start] + " " + text[end:end + reach]
    tokens = [w for w in word_list(around) if not w[0].isdigit()]
    return frozenset(content_stems(tokens))


_SEPARATORS = re.compile("[,\u202f\u2009]")
_WORD_JOINERS = re.compile(r"[\s-]")
_WORD_MULTIPLE = "|".join(sorted([*ORDINALS, *TIMES], key=len, reverse=True))
_MAYBE_NUMBER = re.compile(r"\d+|\b(?:" + word_alternation([*NUMBER_WORDS, *ORDINALS, *TIMES])
                           + r"|a decade|fortnight)\b")
_MAYBE_NUMBER_ASCII = re.compile(_MAYBE_NUMBER.pattern, re.ASCII)
_NUMBER_ASCII = re.compile(_NUMBER.pattern, re.ASCII)
# "a third of": a fraction, not a rank.
_WORD_NUMBER = re.compile(r"(?P<word>" + _WORD_MULTIPLE + r"|a decade|fortnight)\b(?! of\b)")
_DIGIT_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b")
_MULTIPLE_AFTER = re.compile(r" (?:as|the|that)\b")
_MONTH_NAMES = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|" \
               r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b"
# "3rd December", "3rd of Dec.", "December 3rd": a day of the month, as "3 December" is, not a rank
_DAY_BEFORE_MONTH = re.compile(r"(?:st|nd|rd|th)(?:\s+of)?\s+" + _MONTH_NAMES)
_MONTH_BEFORE_DAY = re.compile(r"\b" + _MONTH_NAMES + r"\.?\s+$")
# What follows a number and changes what it counts: "four decades" = 40 years.
_AFTER = re.compile(r"[\s-]*(decades?|times|fold)\b")


_SMALL_WORDS = "a|an|one|two|three|four|five|six|seven|eight|nine"
# "two-thirds", "three quarters", "a third of", "one in three", "3 in 10", "half of": a share, compared as one
_FRACTION = re.compile(
    # every branch starts a word with one of these letters or a digit: elsewhere the scan fails at once, not
    # after trying each branch (the same matches, in a third less time over a source)
    r"\b(?=[abefhnost\d])(?:"
    r"(?P<num>" + _SMALL_WORDS + r")[\s-](?P<den>halves|thirds|quarters|fifths|sixths|eighths|tenths)\b"
    r"|(?P<num1>a|one)[\s-](?P<den1>half|third|quarter|fifth|sixth|eighth|tenth) of\b"
    r"|(?P<num4>one)-(?P<den4>third|quarter|fifth|sixth|eighth|tenth)\b(?!-)"  # "a one-third stake", "one-third lower"
    r"|(?P<half>half) (?:of|the)\b"
    # a change by a share: "cut the risk by a fifth", "fares rose by almost a third", "fell by half"
    r"|by (?:almost |nearly |about |around |roughly |more than |over |just over |under )?"
    r"(?:(?P<num3>a|one)[\s-](?P<den3>third|quarter|fifth|sixth|eighth|tenth)|(?P<half3>half))\b"
    r"|(?P<num2>" + _SMALL_WORDS + r"|\d{1,3}) in (?P<den2>two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\b"
    r"(?!\s*(?:%|per|percent|years?|months?|weeks?|days?|hours?|minutes?|seasons?|matches|games)\b))")


_IN_COUNT = re.compile(r" in (?:two|three|four|five|six|seven|eight|nine|ten|\d)")  # a literal start: a fast scan
_ENDS_COUNT = re.compile(r"(?:\d|one|two|three|four|five|six|seven|eight|nine)$")  # "…one| in three"


def _count(word: str) -> float:
    return float(word) if word.isdigit() else float(UNITS.get(word, 1))


# Each share holds a denominator ("half", "quarters") or " in " and a count, no more than 17 characters after its
# start ("by just over a third"): _FRACTION is tried only at the word starts up to this far before one.
_FRACTION_ANCHOR = re.compile(r"half|halv|third|quart|fifth|sixth|eighth|tenth| in (?:two|three|four|five|six|seven|eight|"
                              r"nine|ten|\d)")
_FRACTION_REACH = 20
_FRACTION_START = re.compile(r"\b[abefhnost\d]")  # where a branch of _FRACTION can start


def _fraction_matches(folded: str):
    """What _FRACTION.finditer(folded) finds, trying the pattern only near an anchor (a scan of the whole text
    tries it at every word). An anchor found inside another one's span is covered by that span."""
    done = 0  # where the last match ended: matches do not overlap
    for anchor in _FRACTION_ANCHOR.finditer(folded):
        low = max(done, anchor.start() - _FRACTION_REACH)
        for start in _FRACTION_START.finditer(folded, low, anchor.end()):
            at = start.start()
            if at < done:
                continue
            match = _FRACTION.match(folded, at)
            if match:
                done = match.end()
                yield match


def _fractions(text: str, folded: str) -> list[NumberMention]:
    found = []
    for m in _fraction_matches(folded):
        if m.group("half") or m.group("half3"):
            value = 0.5
        elif m.group("den3"):
            value = _count(m.group("num3")) / DENOMINATORS[m.group("den3")]
        elif m.group("den4"):
            value = 1 / DENOMINATORS[m.group("den4")]
        elif m.group("den2"):
            value = _count(m.group("num2")) / max(_count(m.group("den2")), 1.0)
        else:
            num, den = (m.group("num"), m.group("den")) if m.group("den") else (m.group("num1"), m.group("den1"))
            value = _count(num) / DENOMINATORS[den]
        if 0 < value <= 1:
            start = m.start() if not m.group("den3") and not m.group("half3") else \
                (m.start("num3") if m.group("den3") else m.start("half3"))  # "a fifth" of "by a fifth"
            scale = _OF_A_SCALE.match(folded, m.end() - (3 if folded[:m.end()].endswith(" of") else 0))
            if scale:  # "a quarter of a million": 250,000, a count, not a share of something
                found.append(NumberMention(text=text[start:scale.end()], start=start, end=scale.end(),
                                           value=value * _SCALES[scale.group(1)], percent=False,
                                           approximate=_is_approximate(folded, start), is_year=False,
                                           unit=value * _SCALES[scale.group(1)] / 10, kind="",
                                           bound=_bound(folded, start)))
                continue
            found.append(NumberMention(text=text[start:m.end()].removesuffix(" of").removesuffix(" the"),
                                       start=start, end=m.end(), value=round(value, 4), percent=False,
                                       approximate=_is_approximate(folded, start), is_year=False, unit=0.0001,
                                       kind="share", bound=_bound(folded, start)))
    return found


_OF_A_SCALE = re.compile(r" of an? (million|billion|thousand)\b")


def may_have_numbers(tokens: list[str]) -> bool:
    """Could find_numbers find anything? Checked on the word tokens, much faster
    than scanning the text; any token with a digit, hyphen or dot counts."""
    return not TRIGGER_WORDS.isdisjoint(tokens) or not "".join(tokens).isalpha()


def find_numbers(text: str, reach: int = 30) -> list[NumberMention]:
    """Numbers in text; skips "one" used as a pronoun and bare "a".
    reach=0: no context words (a source index adds them lazily)."""
    folded = fold_char_preserving(text)
    maybe_share = any(w in folded for w in ("half", "third", "quart", "fifth", "sixth", "eighth", "tenth")) \
        or (" in " in folded and any(_ENDS_COUNT.search(folded, max(0, m.start() - 6), m.start())
                                     for m in _IN_COUNT.finditer(folded)))
    mentions = _fractions(text, folded) if maybe_share else []
    shares = [(m.start, m.end) for m in mentions]
    for match in _number_matches(folded):
        if shares and any(a <= match.start() < b for a, b in shares):
            continue  # a word of a share: "two" of "two-thirds"
        if match.lastgroup == "word":
            mentions.append(_word_mention(text, folded, match, reach))
            continue
        value = _value(match)
        if value is None or _is_pronoun_one(match):
            continue
        raw = match.group("num")
        is_year = (raw.isdigit() and len(raw) == 4 and 1800 <= value <= 2100
                   and not match.group("cur"))
        start, end = match.start(), match.end()
        unit, kind = _precision(match), ""
        after = _AFTER.match(folded, end)
        if raw.isdigit() and _DIGIT_ORDINAL.match(folded, end):
            is_year = False
            if not (_DAY_BEFORE_MONTH.match(folded, end) or _MONTH_BEFORE_DAY.search(folded, max(0, start - 12), start)):
                kind = "ordinal"
        elif after and after.group(1).startswith("decade"):
            value, unit, end = value * 10, unit * 10, after.end()  # compared with years
        elif after:
            kind = "times"
        mentions.append(NumberMention(
            text=text[start:end].strip(), start=start, end=end, value=value,
            percent=bool(match.group("pct")), approximate=_is_approximate(folded, start),
            is_year=is_year and not match.group("scale"), unit=unit,
            context=context_stems(text, start, end, reach)
            if value < SMALL and reach else frozenset(), kind=kind,
            # "4.9% year on year" is no count of years
            counted=time_unit(folded, end) if value < SMALL and reach and not match.group("pct") else "",
            currency=_currency(folded, match, end), bound=_bound(folded, start), measure=_measure(folded, end),
        ))
    return _ranges(mentions, folded)


_RANGE_JOIN = re.compile(r"\s*(?:-|–|to)\s*$")


def _ranges(mentions: list[NumberMention], folded: str) -> list[NumberMention]:
    """"10-12%" is 10% to 12%: the first number of a range takes the second's percent sign."""
    for i in range(len(mentions) - 1):
        first, second = mentions[i], mentions[i + 1]
        if second.percent and not first.percent and not first.is_year and first.kind == "" \
                and _RANGE_JOIN.match(folded, first.end, second.start):
            mentions[i] = first._replace(percent=True)
    return mentions


def _word_mention(text: str, folded: str, match: re.Match, reach: int) -> NumberMention:
    """"seventh", "tripled", "a decade": a rank, a multiple or 10 years."""
    word, start, end = match.group("word"), match.start(), match.end()
    counted = ""
    if word == "a decade":
        value, kind = 10.0, ""
    elif word == "fortnight":
        value, kind, counted = 2.0, "", "week"  # "in the next fortnight": within two weeks
    elif word in ORDINALS:
        value, kind = float(ORDINALS[word]), "ordinal"
    elif word == "twice" and not _MULTIPLE_AFTER.match(folded, end):
        value, kind = 2.0, ""  # "postponed twice": two times, not double
    else:
        value, kind = float(TIMES[word]), "times"
    return NumberMention(
        text=text[start:end], start=start, end=end, value=value, percent=False,
        approximate=_is_approximate(folded, start), is_year=False, unit=10.0 if kind == "" else 1.0,
        context=context_stems(text, start, end, reach) if value < SMALL and reach else frozenset(),
        kind=kind, counted=counted)


def _number_matches(folded: str):
    """Try the full pattern only where the cheap one found a digit or number word."""
    done = 0
    # On ASCII-like text (most news) the re.ASCII twins find the same, faster.
    ascii_only = ascii_like(folded)
    scan = _MAYBE_NUMBER_ASCII if ascii_only else _MAYBE_NUMBER
    full = _NUMBER_ASCII if ascii_only else _NUMBER
    for candidate in scan.finditer(folded):
        start = candidate.start()
        if start < done:
            continue
        for back in (2, 1):  # a currency sign may precede: "$240", "$ 240"
            if start >= back and folded[start - back] in "$£€¥₹₦₩₽":
                start -= back
                break
        match = full.match(folded, start) or _WORD_NUMBER.match(folded, start)
        if match:
            done = match.end()
            yield match


def _value(match: re.Match) -> float | None:
    raw = match.group("num").lower()
    if raw[0].isdigit():
        value = float(_SEPARATORS.sub("", raw))
    else:
        parts = _WORD_JOINERS.split(raw)
        value = sum(UNITS[p] for p in parts) if parts[0] != "hundred" else 100.0
    scale = (match.group("scale") or "").lower()
    return value * _SCALES.get(scale, 1)


def _precision(match: re.Match) -> float:
    raw = _SEPARATORS.sub("", match.group("num"))
    scale = _SCALES.get((match.group("scale") or "").lower(), 1)
    if not raw[0].isdigit():
        return scale
    # exponents capped: a float holds no more, and "1" and 400 zeros must not crash the check
    if "." in raw:
        return scale * 10.0 ** -min(len(raw.split(".")[1]), 300)
    return scale * 10.0 ** min(len(raw) - len(raw.rstrip("0")), 300)


def _is_pronoun_one(match: re.Match) -> bool:
    only_word = match.group("num").lower() == "one"
    return only_word and not (match.group("scale") or match.group("cur") or match.group("pct"))


def _is_approximate(folded: str, start: int) -> bool:
    before = folded[max(0, start - 16):start].rstrip()
    return before.endswith(_APPROX)


# units written after a number, canonical: "30 miles" is not "30 km", "28.1 million bushels" not "tonnes"
_MEASURE = re.compile(
    r"(?:\s|-)?(?:°\s?|degrees?\s)?(?P<unit>points?|celsius|fahrenheit|[cf](?![a-z])|km/h|kmh|kph|mph|km|kilomet(?:re|er)s?|miles?|mi(?![a-z])|kg|kilos?|"
    r"kilograms?|lbs?(?![a-z])|tonnes?|tons?(?![a-z])|bushels?|barrels?|bpd|mwh|gwh|kwh|twh|megawatt[\s-]hours?|mw|gw|kw|"
    r"megawatts?|gigawatts?|kilowatts?|therms?|crores?|lakhs?|hectares?|ha(?![a-z])|acres?|metres?|meters?|feet|ft(?![a-z])|"
    r"inches|cm|mm|centimet(?:re|er)s?|millimet(?:re|er)s?|[kmgtp]b|kilobytes?|megabytes?|gigabytes?|terabytes?|"
    r"petabytes?)(?![a-z])")
_UNIT_NAMES = {"km/h": "kmh", "kph": "kmh", "celsius": "c", "fahrenheit": "f", "kilometre": "km", "kilometres": "km", "kilometer": "km",
               "kilometers": "km", "mile": "mi", "miles": "mi", "kilo": "kg", "kilos": "kg", "kilogram": "kg",
               "kilograms": "kg", "lbs": "lb", "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t", "bushel": "bu",
               "bushels": "bu", "barrel": "bbl", "barrels": "bbl", "bpd": "bbl", "megawatt hour": "mwh",
               "megawatt hours": "mwh", "megawatt-hour": "mwh", "megawatt-hours": "mwh", "megawatt": "mw",
               "megawatts": "mw", "gigawatt": "gw", "gigawatts": "gw", "kilowatt": "kw", "kilowatts": "kw",
               "therms": "therm", "crores": "crore", "lakhs": "lakh", "hectare": "ha", "hectares": "ha",
               "acres": "acre", "metre": "m", "metres": "m", "meter": "m", "meters": "m", "feet": "ft",
               "inches": "in", "centimetre": "cm", "centimetres": "cm", "centimeter": "cm", "centimeters": "cm",
               "millimetre": "mm", "millimetres": "mm", "millimeter": "mm", "millimeters": "mm",
               "points": "point", "kilobyte": "kb", "kilobytes": "kb", "megabyte": "mb", "megabytes": "mb",
               "gigabyte": "gb", "gigabytes": "gb", "terabyte": "tb", "terabytes": "tb", "petabyte": "pb",
               "petabytes": "pb"}


# units of one kind, in a common one: "3cm" is "30mm", "82mph" about "132km/h" (a measure of one kind converts)
_IN_BASE = {**{u: ("m", f) for u, f in (("mm", 0.001), ("cm", 0.01), ("m", 1.0), ("km", 1000.0), ("mi", 1609.344),
                                         ("ft", 0.3048), ("in", 0.0254))},
            **{u: ("kg", f) for u, f in (("kg", 1.0), ("t", 1000.0), ("lb", 0.45359237))},
            **{u: ("m2", f) for u, f in (("ha", 10_000.0), ("acre", 4046.8564))},
            **{u: ("m/s", f) for u, f in (("kmh", 1 / 3.6), ("mph", 0.44704))}}


def conversions(measure: str) -> list[tuple[str, float]]:
    """(other unit, factor): a value in `measure` times factor is that value in the other unit."""
    if measure not in _IN_BASE:
        return []
    kind, to_base = _IN_BASE[measure]
    return [(u, to_base / f) for u, (k, f) in _IN_BASE.items() if k == kind and u != measure]


def _measure(folded: str, end: int) -> str:
    match = _MEASURE.match(folded, end)
    return _UNIT_NAMES.get(match.group("unit"), match.group("unit")) if match else ""


# a currency in words after the number ("8.6 million pounds"), or letters before its "$" ("R$14.3bn", "A$3.5m")
_CURRENCY_WORD = re.compile(r"\s?(?P<word>pounds? sterling|pounds?|sterling|euros?|dollars?|yen|rupees?|naira|"
                            r"reais|rand|yuan|renminbi|francs?|roubles?|rubles?)(?![a-z])")
_CURRENCY_NAMES = {"pound": "£", "pounds": "£", "pound sterling": "£", "pounds sterling": "£", "sterling": "£",
                   "euro": "€", "euros": "€", "dollar": "$", "dollars": "$", "yen": "¥", "rupee": "₹", "rupees": "₹",
                   "naira": "₦", "reais": "r$", "rand": "zar", "yuan": "cny", "renminbi": "cny", "franc": "fr",
                   "francs": "fr", "rouble": "₽", "roubles": "₽", "ruble": "₽", "rubles": "₽"}
_DOLLAR_PREFIX = re.compile(r"(?<![a-z])([a-z]{1,2})$")


def _currency(folded: str, match: re.Match, end: int) -> str:
    sign = match.group("cur") or ""
    if sign == "$":
        prefix = _DOLLAR_PREFIX.search(folded, max(0, match.start() - 2), match.start())
        if prefix and prefix.group(1) != "us":  # "US$" is the plain dollar a summary writes "$"
            return prefix.group(1) + "$"
    if sign:
        return sign
    word = _CURRENCY_WORD.match(folded, end)
    return _CURRENCY_NAMES[word.group("word")] if word else ""


_ABOVE = ("over", "more than", "at least", "in excess of", "above", "upwards of")
_BELOW = ("under", "less than", "fewer than", "up to", "below", "nearly", "almost", "just short of")


def _bound(folded: str, start: int) -> str:
    before = folded[max(0, start - 16):start].rstrip()
    if before.endswith(("no more than", "not more than")):  # "no more than half": at most
        return "<"
    if before.endswith(("no fewer than", "no less than", "not less than")):
        return ">"
    return ">" if before.endswith(_ABOVE) else "<" if before.endswith(_BELOW) else ""


def _kinds_agree(claim: NumberMention, source: NumberMention) -> bool:
    """A length in years for a period; "75 years" for the "75th" anniversary (a
    small rank, "third", is too unspecific to stand for a count); a share for about its percentage
    ("two-thirds" for "67%")."""
    if "share" in (claim.kind, source.kind):
        share, other = (claim, source) if claim.kind == "share" else (source, claim)
        # "almost a third" for 30.2%: an approximate share is read as loosely as an approximate number
        slack = max(1.5, 0.1 * share.value * 100) if share.approximate or other.approximate else 1.5
        if share is claim and share.bound and other.percent and not other.bound:
            # "more than a tenth" for 11.5%, "less than a quarter" for 22%: on the side it names, and near it
            low, high = (share.value * 100, share.value * 130) if share.bound == ">" else \
                (share.value * 70, share.value * 100)
            return low < other.value < high
        return other.kind == "share" or (other.percent and abs(other.value - share.value * 100) <= slack)
    if source.kind == "span":
        return claim.kind == ""
    if claim.counted == source.counted == "minute" and {claim.kind, source.kind} == {"", "ordinal"}:
        return True  # "four minutes into stoppage time" for "the fourth minute of stoppage time"
    return "times" not in (claim.kind, source.kind) and claim.value >= SMALL


def _same_points(claim: NumberMention, source: NumberMention) -> bool:
    """"a 19.7-point swing" for "19.7 percentage points" (either way round): polls and swings drop "percentage"."""
    in_percent, in_points = (claim, source) if claim.percent else (source, claim)
    return in_points.measure == "point" and "point" in in_percent.text.lower()


def loose_slack(claim: NumberMention) -> float:
    """How far a loose small figure may be from the source's: half its unit ("about 3%" for 2.5%, "almost 2%"
    for 1.8%), but at most a quarter of itself ("about 1%" is not 0.5% or 1.5%); not "about 50" for 54."""
    return min(0.5 * claim.unit, 0.25 * abs(claim.value)) if claim.approximate and claim.unit <= 1 else 0.0


def same_number(claim: NumberMention, source: NumberMention) -> bool:
    """Equal values, or the source value rounded to the claim's written precision
    ("$240bn" for "$240.1bn", "nearly 8,000" for "7,950") if close enough."""
    if claim.kind == "share" or source.kind == "share":  # "half of voters" is not "half of the council"
        if claim.bound and source.bound and claim.bound != source.bound:
            return False  # "less than half" is not "more than half"
        return _kinds_agree(claim, source) and (claim.kind != source.kind or abs(claim.value - source.value) < 0.001) \
            and (not claim.context or not source.context or bool(claim.context & source.context))
    if claim.percent != source.percent and not _same_points(claim, source):
        return False  # "12 January" is not "12%", nor "12%" a count of 12
    if claim.currency and source.currency and claim.currency != source.currency:
        return False  # "$1.2bn" is not "£1.2bn"
    if claim.measure and source.measure and claim.measure != source.measure:
        factor = dict(conversions(claim.measure)).get(source.measure)
        if factor is None:
            return False  # "30 miles" is not "30 km", "28.1m bushels" not "28.1m tonnes"
        # "3cm" for "30mm": compared in the source's unit, loosely, as a conversion is rounded
        claim = claim._replace(value=claim.value * factor, unit=claim.unit * factor, measure=source.measure,
                               approximate=True)
    if claim.kind != source.kind and not _kinds_agree(claim, source):
        return False
    if claim.value == source.value:
        if claim.bound and source.bound and claim.bound != source.bound:
            return False  # "more than 10%" is not "less than 10%"
        # "Tripled" is specific enough; a small count needs shared nearby words.
        if claim.counted and source.kind != "span" and source.counted != claim.counted:
            return False  # "five years" is not "five seasons"
        # an amount of money or a decimal ("$1.27", "0.4%") is specific enough on its own; "6%" is not
        return (claim.value >= SMALL or claim.kind == "times" or not claim.context
                or bool(claim.currency) or claim.value != int(claim.value)
                or bool(claim.context & source.context))
    if claim.is_year or source.is_year:
        return False
    if claim.bound and claim.value >= SMALL and claim.kind == source.kind == "" \
            and abs(claim.value - source.value) <= 0.05 * abs(source.value):
        # "more than 17,500" for 17,604, "nearly 2,000" for 1,987: a bound on the right side, however rounded
        return source.value > claim.value if claim.bound == ">" else source.value < claim.value
    # the source's figure rounded to the claim's precision, a half either way ("about 3%" for 2.5%)
    if abs(source.value - claim.value) > claim.unit * (0.5 + 1e-9) \
            and not (claim.approximate and claim.unit >= 10 and abs(source.value - claim.value) <= claim.unit):
        return False  # (but "about £48,500" for £48,550: a loose figure may round either way)
    tolerance = 0.1 if (claim.approximate or source.approximate) else 0.05
    # "almost 2%" for 1.8%, "nearly 1%" for 0.9%: a loose figure is the source's rounded to the figure's own precision
    slack = loose_slack(claim)
    if slack and claim.bound and (source.value > claim.value if claim.bound == "<" else source.value < claim.value):
        slack = 0.0  # "almost 2%" is under 2%, "more than 2%" over it
    return abs(claim.value - source.value) <= max(tolerance * abs(source.value), slack)
