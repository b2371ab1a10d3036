import pytest

from generator.provenance import split_sentences

SPLITS = [
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("Officials in the U.S. said so. The U.S. Navy agreed.",
     ["Officials in the U.S. said so.", "The U.S. Navy agreed."]),
    ("J. R. R. Tolkien wrote it. Growth was 3.5% in Jan. 2020 overall.",
     ["J. R. R. Tolkien wrote it.", "Growth was 3.5% in Jan. 2020 overall."]),
    ("He paused... Then he left.", ["He paused...", "Then he left."]),
    ('She said "it is over." He agreed.', ['She said "it is over."', "He agreed."]),
    ("Prices rose (by a lot.) Sales fell.", ["Prices rose (by a lot.)", "Sales fell."]),
    ("“Stop!” he shouted. Nobody did.", ["“Stop!” he shouted.", "Nobody did."]),
    ("First para ends\n\nSecond para. Two.", ["First para ends", "Second para.", "Two."]),
    ("# A heading\nText here.", ["Text here."]),  # a heading structures the brief: it claims nothing
    ("Setext heading Zelensky\n-----------\n\nPutin arrived.", ["Putin arrived."]),  # an underlined heading too
    ("Why\n===\nPutin arrived.\n\n> Quoted\n> ---\n\n- An item\n-\n", ["Putin arrived."]),
    ("Two lines\nof text\n---\nAfter.", ["Two lines of text", "After."]),  # a rule: no heading of two lines
    # where Python-Markdown makes no heading of it, a line above "---" is still checked (review of stop 16)
    ("- Putin arrived.\n- Xi left.\n---\n", ["Putin arrived.", "Xi left."]),  # after a second item: a rule
    ("<div>\nPutin arrived.\n---\n</div>\n", ["Putin arrived."]),  # raw HTML: text
    ("- one item\n- two items. More", ["one item", "two items.", "More"]),
    ("> Quoted line. Another.\n\nAfter.", ["Quoted line.", "Another.", "After."]),
    ("See [the report](http://x.org/a.b?c=d). Done.", ["See the report.", "Done."]),
    ("Use `a. B` here. Then *this*.", ["Use a. B here.", "Then this."]),
    ("Raw <b>bold</b> text. Next &amp; last.", ["Raw bold text.", "Next & last."]),
    # abbreviations that stand before numbers and dates end a sentence before any other word
    ("Voters said no. Turnout was 61%. He lives at No. 10 now.",
     ["Voters said no.", "Turnout was 61%.", "He lives at No. 10 now."]),
    ("Police came at 11 a.m. Nobody was hurt. It ended at 2 p.m. GMT on Wed. Dec. 3 in the end.",
     ["Police came at 11 a.m.", "Nobody was hurt.", "It ended at 2 p.m. GMT on Wed. Dec. 3 in the end."]),
    ("Sales fell in Nov. Prices rose, according to The Sun. Officials agreed.",
     ["Sales fell in Nov.", "Prices rose, according to The Sun.", "Officials agreed."]),
    ("The strongest was of magnitude 4.6. Police came. It cost $1.2bn. Prices rose.",  # a number ends a sentence
     ["The strongest was of magnitude 4.6.", "Police came.", "It cost $1.2bn.", "Prices rose."]),
    ("the police said 3 . he was in the u.s. for a week . j. smith left .",
     ["the police said 3 .", "he was in the u.s. for a week .", "j. smith left ."]),
    # Chinese and Japanese end a sentence with no space after it
    ("中国新闻今天报道了电力需求创下新纪录。北京市政府表示，用电量达到一千二百兆瓦！李强辞职？",
     ["中国新闻今天报道了电力需求创下新纪录。", "北京市政府表示，用电量达到一千二百兆瓦！", "李强辞职？"]),
    ("東京都は「新しい計画を発表した。」と述べた。大雨が降った｡", ["東京都は「新しい計画を発表した。」と述べた。", "大雨が降った｡"]),
    ("“我们会赢。”他说。价格上涨了。", ["“我们会赢。”他说。", "价格上涨了。"]),
    ("“我们会赢。”市长随后辞职了。", ["“我们会赢。”", "市长随后辞职了。"]),  # no speaker after it: two sentences
]


@pytest.mark.parametrize("markdown,expected", SPLITS)
def test_sentence_texts(markdown, expected):
    assert [s.text for s in split_sentences(markdown)] == expected


# Markdown, expected md[md_start:md_end] for each sentence.
SPANS = [
    ("**Prices rose.** Then [they fell](http://a.b/c.d).",
     ["**Prices rose.**", "Then [they fell](http://a.b/c.d)."]),
    ("He [left.](http://x.y) She *stayed.*", ["He [left.](http://x.y)", "She *stayed.*"]),
    ('She said “it is over.” Fine.', ['She said “it is over.”', "Fine."]),
    ("Run `make test`. Now.", ["Run `make test`.", "Now."]),
    ("Run `make. Test` now. Go.", ["Run `make. Test` now.", "Go."]),
    ("See [the report. It says](http://x.y) more. Next.",
     ["See [the report. It says](http://x.y) more.", "Next."]),
]


@pytest.mark.parametrize("markdown,expected", SPANS)
def test_md_offsets_cover_whole_constructs(markdown, expected):
    spans = split_sentences(markdown)
    assert [markdown[s.md_start:s.md_end] for s in spans] == expected


def test_line_numbers_and_indexes():
    spans = split_sentences("Intro.\n\n- Item one. Item two.\n\nEnd.")
    assert [(s.index, s.line, s.text) for s in spans] == [
        (0, 1, "Intro."), (1, 3, "Item one."), (2, 3, "Item two."), (3, 5, "End.")]


def test_fenced_code_and_reference_definitions_are_skipped():
    md = "Before.\n\n```\nnot. a sentence.\n```\n\n[ref]: http://x.y\nAfter."
    assert [s.text for s in split_sentences(md)] == ["Before.", "After."]


def test_an_indented_code_block_ends_at_the_margin_and_a_footnote_s_indented_paragraph_is_text():
    from generator.provenance.plaintext import markdown_blocks
    blocks = lambda md: [b.text for b in markdown_blocks(md)]
    # the fence after the indented block opens a fence: what follows it is checked again
    assert blocks("Rain fell.\n\n    code line\n\n```\nfenced\n```\n\nMacron flew to Tokyo.\n") == \
        ["Rain fell.", "Macron flew to Tokyo."]
    assert blocks("Rain fell.[^1]\n\n[^1]: The river rose.\n\n    Macron flew to Tokyo.\n") == \
        ["Rain fell.", "The river rose.", "Macron flew to Tokyo."]
    assert blocks("- An item.\n\n    Its second paragraph.\n\nNext.") == ["An item.", "Its second paragraph.", "Next."]
