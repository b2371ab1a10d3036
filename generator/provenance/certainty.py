"""A summary that states as settled what its source only expects, plans or suspects.

"The cabinet has declared a state of emergency" from "The cabinet is expected to declare a state of
emergency"; "will be fined £2.1 million" from "faces potential fines of up to £2.1m". Read narrowly, so
that a faithful brief is never flagged by it: only a sentence that keeps no uncertainty or attribution of
its own, against a hedge that governs one of the very words the two share.
"""
from __future__ import annotations

import re

from .normalize import content_stems, stem, word_list

# what makes a source sentence less than certain, before the words it governs
# (not "could not", a past inability, though "may not" and "might not" are hedges; not "was due to heavy snow", a
# cause; not "suspected smugglers", an adjective)
_HEDGE = re.compile(
    r"\b(?:(?:is|are|was|were|be)\s+(?:expected|set|likely|unlikely|said|thought|believed|understood|scheduled|"
    r"poised)\s+to|(?:is|are|be)\s+due\s+to|may|might|could(?!\s+not\b|n't)|probably|possibly|"
    r"reportedly|allegedly|(?:plans?|planned|hopes?|aims?|intends?)\s+to|(?:has|have)\s+not\s+(?:yet\s+)?been\s+"
    r"confirmed|unconfirmed|potential(?:ly)?|appears?\s+to|seems?\s+to)\b")
# against a summary's plain "will": only what says it may not happen at all ("is expected to" is "will")
_WEAK = re.compile(r"\b(?:may|might|could(?!\s+not\b|n't)|probably|possibly|potential(?:ly)?|likely|"
                   r"unlikely|reportedly|allegedly|unconfirmed|(?:has|have)\s+not\s+(?:yet\s+)?been\s+confirmed)\b")
# "approved plans to build": a plan made, not a hope
_SETTLED_PLAN = re.compile(r"\b(?:approved|unveiled|announced|published|backed|adopted|rejected|scrapped)\s+$")
_DENIED = re.compile(r"\b(?:dismiss\w*|den(?:y|ies|ied)|reject\w*|refut\w*|rul(?:ed|es|ing) out|play(?:ed|s)? down)\b")
# where a hedge stops governing: the end of its clause
_CLAUSE_END = re.compile(r"[,;:()]|\s(?:and|but|while|which|who|whose|although|though)\s")
_CERTAIN_FUTURE = frozenset(["will", "won't"])  # and "is to", "are to": the British news "will"
_HEDGES_LOOKED_AT = 8  # per supporting sentence: a real one has one or two; a hostile one must stay linear
# a summary that keeps some uncertainty, a forecast or an attribution of its own says no more than its source
# (words, not a pattern: this runs on every sentence; "set" and "due" alone keep more than "set to" would)
_KEEPS = frozenset("""would could may might expect expects expected plan plans planned likely unlikely set due said
says say according reportedly allegedly claim claims claimed believe believes believed suggest suggests suggested
warn warns warned hope hopes aim aims intend intends proposed proposes potential possible possibly probably if
unconfirmed told announced argued insisted predicted forecast estimated estimates think thinks thought appear
appears seem seems scheduled upcoming next future should must can denied deny predict predicts predicting
predicted forecasts forecasting forecasted projected projects projecting expecting intended intending aimed aiming
planning designed meant""".split())
# what keeps a summary's "would" in doubt: a condition, a hope, an estimate, a possibility of its own
_DOUBT = frozenset("""could may might if unless likely unlikely possibly probably perhaps potential potentially
expect expects expected expecting hope hopes hoped aim aims plan plans planned intend intends intended
consider considering estimate estimates estimated suggest suggests suggested allowed permitted able entitled free
""".split())  # "would be allowed to" is the permission "may" gives
_LIGHT = frozenset("pave paves way help helps allow allows enable enables lead leads one".split())  # not heads
_REACH = 6  # words after the hedge that it governs


def dropped_hedge(tokens: list[str], stems: set[str], supporting: str) -> str:
    """The hedge ("is expected to") of the source sentence that supports a summary sentence (its word_list()
    `tokens`, its content `stems`) when the summary drops it; "" when it keeps one or there is none."""
    words = set(tokens)
    if not supporting:
        return ""
    # "said prices would top $100" from "said prices could top $100": reported speech's "will", a "could" lost
    reported = "would" in words and _DOUBT.isdisjoint(words)
    if not reported and not _KEEPS.isdisjoint(words):
        return ""
    certain = reported or not _CERTAIN_FUTURE.isdisjoint(words) or any(
        a in ("is", "are") and b == "to" for a, b in zip(tokens, tokens[1:]))
    text = supporting  # in its own case: "May" is a month, "may" a hedge
    for n, match in enumerate((_WEAK if certain else _HEDGE).finditer(text)):
        if n == _HEDGES_LOOKED_AT:
            break
        if match.group(0).startswith("plan") and _SETTLED_PLAN.search(text, max(0, match.start() - 20), match.start()):
            continue
        before = text[max(0, match.start() - 60):match.start()]
        clause_start = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
        if _DENIED.search(before, clause_start):
            continue  # "dismissed speculation that the company might sell": the hedge is what was denied
        clause = text[match.end():match.end() + 80]
        end = _CLAUSE_END.search(clause)
        words = word_list(clause[:end.start() if end else len(clause)])[:_REACH]
        governed = {stem(word) for word in words} & stems
        # the hedge's own verb or noun, or two of its words, must be the summary's: not "lowered rates to 4.5%"
        # against "cut rates to 4.5%, but warned that inflation is likely to climb again before it falls"
        heads = set(content_stems([w for w in words if not w.endswith("ly") and w not in _LIGHT])[:1]) & stems
        # what the source says before the hedge it says plainly: "has raised taxes and may raise them again"
        if (heads or len(governed) > 1) and governed - {stem(word) for word in word_list(text[:match.start()])}:
            return " ".join(match.group(0).split())
    return ""
