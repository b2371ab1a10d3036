"""Number words: counts, ranks and multiples, and a fast pattern for word lists."""
from __future__ import annotations

import re

UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "a": 1}
NUMBER_WORDS = [w for w in UNITS if w != "a"]
# "first" and "second" are left out: too often not a rank ("for the first time").
ORDINALS = {"third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20}
TIMES = {"double": 2, "doubled": 2, "doubles": 2, "doubling": 2, "twice": 2, "twofold": 2,
         "triple": 3, "tripled": 3, "triples": 3, "tripling": 3, "threefold": 3,
         "quadruple": 4, "quadrupled": 4, "quadruples": 4, "quadrupling": 4, "fourfold": 4,
         "halve": 0.5, "halved": 0.5, "halves": 0.5, "halving": 0.5}
# Shares of a whole: "two-thirds", "a quarter of", "half of".
DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
                "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}
# Any of these (or a digit) in a text means find_numbers may find something.
TRIGGER_WORDS = frozenset([*NUMBER_WORDS, *ORDINALS, *TIMES, *DENOMINATORS, "decade", "fortnight"])


# "six consecutive years" counts years as "six years in a row" does
# ("3 last week" is no count of weeks: last, next and past point to when, not how long)
_TIME_UNIT = re.compile(r"[\s-]*(?:(?:consecutive|successive|straight|full|whole|more|further|long|short|"
                        r"separate)\s+)?(year|month|week|day|hour|minute|second|season|term|"
                        r"night|min|sec|hr)s?(?![\w-])")  # ("second-half" is no unit)
_SHORT_UNITS = {"min": "minute", "sec": "second", "hr": "hour"}  # "3min 10sec" is three minutes


def time_unit(folded: str, end: int) -> str:
    """The time unit right after a number: what "five" counts in "five years"."""
    match = _TIME_UNIT.match(folded, end)
    return _SHORT_UNITS.get(match.group(1), match.group(1)) if match else ""


def word_alternation(words) -> str:
    """A regex alternation of words as a trie ("seven(?:t(?:een|h|y))?..."): Python's
    re tries every branch of a flat "one|two|..." at each position, a trie only one."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(char) + _trie_pattern(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
