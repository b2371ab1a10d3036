import pytest

from generator.provenance.claims import extract_claims
from generator.provenance.index import SourceIndex
from generator.provenance.numbers import find_numbers, same_number


def _claims(sentence, kind):
    return [c.text for c in extract_claims(sentence) if c.kind == kind]


ENTITIES = [
    # A lone sentence-initial word is kept, but looked up leniently (see below).
    ("Western leaders, including UK Prime Minister Rishi Sunak, met.",
     ["Western", "UK", "Rishi Sunak"]),
    ("Last year, Meanwhile Kyiv grew.", ["Meanwhile Kyiv"]),
    ("Meanwhile, Ukrainian President Volodymyr Zelensky left.", ["Ukrainian", "Volodymyr Zelensky"]),
    ("Officials said the Bank of England would act.", ["Officials", "Bank of England"]),
    ("Putin and Xi Jinping's talks ended.", ["Putin", "Xi Jinping"]),
    ("The Edinburgh-based firm grew.", ["Edinburgh-based"]),
    ('Kerr said: "We will not move," and left.', ["Kerr"]),
    ("Kerr's verdict: Nobody moved.", ["Kerr"]),
]


@pytest.mark.parametrize("sentence,expected", ENTITIES)
def test_entities(sentence, expected):
    assert _claims(sentence, "entity") == expected


SAME = [
    ("$240.1 billion", "$240.1bn", True),
    ("nearly 8,000", "almost 8,000", True),
    ("nearly 8,000", "7,950", True),
    ("a two-day visit", "a 2-day visit", True),
    ("5 percent", "five per cent", True),
    ("5%", "5 per cent", True),
    ("1m", "1 million", True),
    ("$240bn", "$240.1bn", True),
    ("2009", "2015", False),
    ("2,000", "2,400", False),
    ("5%", "5 people", False),
    ("540 homes", "340 homes", False),
]


@pytest.mark.parametrize("claim,source,expected", SAME)
def test_number_equivalence(claim, source, expected):
    assert same_number(find_numbers(claim)[0], find_numbers(source)[0]) is expected


SOURCE = ("Volodymyr Zelenskyy visited Kharkiv on Friday. “We will hold the line,” he said. "
          "Two soldiers were hurt. José Álvarez, of the Ukrainian army, spoke. Зеленський. "
          "The National Health Service and the IMF disagreed. It is Putin’s first trip.")
FOUND = [
    ("Zelensky went to Kharkiv.", []),
    ("Zelensky said: “we will hold  the line”.", []),
    ('He said "we will never retreat".', ['"we will never retreat"']),
    ("Jose Alvarez spoke on Friday.", []),
    ("Jose Alvarez spoke on Monday.", ["Monday"]),
    ("Two people died.", ["Two"]),
    ("Two soldiers were hurt in Ukraine.", []),
    ("Rishi Sunak spoke.", ["Rishi Sunak"]),
    ("Soldiers said Kharkiv held.", []),
    ("Sunak said Kharkiv held.", ["Sunak"]),
    ("The NHS and the International Monetary Fund agreed.", []),
    ("The NHS and the World Bank agreed.", ["World Bank"]),
    ("He said 'we will hold the line'.", []),
    ('Zelenskyy said it was "Putin\'s first trip" in a long-awaited move.', []),
    ("Putin flew in.", []),  # the source only has "Putin’s"
    ("He said 'we will hold the fort'.", ["'we will hold the fort'"]),
]


@pytest.mark.parametrize("sentence,missing", FOUND)
def test_claims_looked_up_in_source(sentence, missing):
    index = SourceIndex.build("s", SOURCE)
    assert [c.text for c in extract_claims(sentence) if not index.contains(c)] == missing


NON_ASCII = [
    ("Зеленський visited Kharkiv.", True),
    ("Zelensky visited Kharkiv.", True),
    ("Volodymyr Zelenskyi visited Kharkiv.", True),
    ("Jose Alvarez spoke.", True),
    ("Jose Alvarado spoke.", False),
]


@pytest.mark.parametrize("sentence,found", NON_ASCII)
def test_names_match_across_scripts_and_accents(sentence, found):
    index = SourceIndex.build("s", "Volodymyr Zelenskyy visited Kharkiv. José Álvarez spoke.")
    names = [c for c in extract_claims(sentence) if c.kind == "entity"]
    assert all(index.contains(c) for c in names) is found


FIRST_WORDS = [
    ("Train services were halted.", True),  # a common noun that starts the sentence
    ("Rainfall of 182mm was recorded.", True),
    ("Sunak said the plan would work.", False),  # a speech verb: a name
    ("Halvorsen's profit fell.", False),
    ("Varga, who led the study, spoke.", False),
]


@pytest.mark.parametrize("sentence,lenient", FIRST_WORDS)
def test_lone_first_word_is_lenient_unless_it_reads_as_a_name(sentence, lenient):
    first = [c for c in extract_claims(sentence) if c.kind == "entity"][0]
    assert first.initial is lenient


DERIVED = [
    ("It ended four decades of production.", "The plant opened more than 40 years ago.", True),
    ("Teenagers sleep less than a decade ago.", "Surveys between 2010 and 2020 found it.", True),
    ("She took over five years to pay it back.", "She stole from it between 2016 and 2021.", True),
    ("Costs have quadrupled since 2021.", "Costs have tripled since 2021.", False),
    ("Rentals were about triple the usual figure.", "Rentals were three times a normal day.", True),
    ("It almost doubled the risk of short sleep.",
     "They were almost twice as likely to sleep less.", True),
    ("He led the team to a seventh-place finish.",
     "He led the team to a ninth-place finish.", False),
    ("The launch was postponed twice.", "The launch followed two postponements.", True),
]


@pytest.mark.parametrize("sentence,source,found", DERIVED)
def test_derived_amounts(sentence, source, found):
    index = SourceIndex.build("s", source)
    numbers = [c for c in extract_claims(sentence) if c.kind == "number"]
    assert numbers and all(index.contains(c) for c in numbers) is found


@pytest.mark.parametrize("sentence", ["The Portuguese government acted.", "British sites closed.",
                                      "A Norwegian-owned firm grew."])
def test_country_adjectives_match_the_country(sentence):
    index = SourceIndex.build("s", "Portugal's government, based in Norway, runs sites in the UK.")
    assert all(index.contains(c) for c in extract_claims(sentence))


@pytest.mark.parametrize("sentence,found", [("He spent five years there.", False),
                                            ("He stayed for five seasons.", True)])
def test_small_counts_of_time_need_the_same_unit(sentence, found):
    index = SourceIndex.build("s", "He has spent four of the last five seasons there.")
    numbers = [c for c in extract_claims(sentence) if c.kind == "number"]
    assert index.contains(numbers[0]) is found


def test_a_spelled_out_number_starting_a_sentence_is_a_number_not_a_name():
    claims = extract_claims("Sixteen players are aged 24 or under.")
    assert [(c.kind, c.text) for c in claims] == [("number", "Sixteen"), ("number", "24")]
