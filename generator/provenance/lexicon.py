"""Word lists that tell names from words capitalised by position, and titles from names."""
from __future__ import annotations

from .normalize import STOPWORDS

MONTHS = frozenset("january february march april may june july august september october "
                   "november december jan feb mar apr jun jul aug sep sept oct nov dec".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
# Titles and roles split a capitalised run: "UK Prime Minister Rishi Sunak" -> UK, Rishi Sunak.
TITLES = frozenset("""president prime minister chancellor secretary mr mrs ms dr sir dame lord
lady king queen prince princess general gen senator sen governor gov mayor judge justice chief
executive ceo chairman chairwoman chair director professor prof foreign defence defense home
health state deputy vice speaker leader spokesman spokeswoman spokesperson officer captain
coach manager ambassador commissioner pope archbishop bishop rev st saint former premier
minister-president head founder analyst economist police prosecutor mp mep msp pm fm""".split())
# written in capitals, yet common words rather than names a source must give: "told state TV"
COMMON_ABBREVIATIONS = frozenset("tv dj ok id".split())
# Capitalised only because they start the sentence.
STARTERS = STOPWORDS | frozenset("""last next first later earlier today yesterday tomorrow
tonight this that around nearly almost roughly approximately several many most both each all
every only just more fewer less among amid across instead asked speaking writing nobody
nothing none never no yes
see read watch listen note click find follow visit subscribe learn consider remember compare
combined compared coupled taken together alongside""".split())
# (the last line: imperatives that open a line of a brief, "See the earlier brief.", never a name)
# Sentence-initial words that are common nouns, not names (plurals and -ing,
# -ed, -ly... forms are recognised by their endings).
COMMON_STARTERS = frozenset("""police government inflation turnout growth unemployment
traffic weather demand trade research evidence funding work damage footage security staff
parliament congress everyone someone people nobody crime money health water power
childcare housing energy investment production spending tourism climate""".split())
COMMON_SUFFIXES = ("ing", "ed", "ly", "tion", "sion", "ment", "ness", "ity", "ism", "ance",
                   "ence", "ure", "age", "ship")
# Honorifics and "former" say nothing a source must confirm next to the name.
NOT_ROLES = frozenset("mr mrs ms mx sir dame lord lady st saint former rev".split())
CONNECTORS = frozenset("of de la le du von van der den al bin ibn da di y for the".split())
# Titles a summary may use for one another ("Russian leader" for "President").
# the field of a title: "Health Secretary" and "Defence Secretary" are two jobs
ROLE_FIELDS = frozenset("foreign defence defense home health interior finance justice education transport "
                        "treasury trade culture energy environment housing business economy".split())
ROLE_GROUPS: dict[str, set[str]] = {}
for _group in (
    ("president", "leader", "head", "premier", "prime", "minister", "chancellor", "chief", "pm", "fm"),
    ("mp", "mep", "msp", "member", "lawmaker", "legislator"),
    ("chief", "executive", "ceo", "boss", "head", "director", "founder"),
    ("chairman", "chairwoman", "chair", "head"),
    ("spokesman", "spokeswoman", "spokesperson"),
    ("dr", "doctor", "professor", "prof"),
    ("manager", "boss", "coach", "head", "managed", "coached"),  # "Bristol City, managed by Gareth Penrose"
    ("captain", "skipper"),
    ("prosecutor", "prosecuting", "prosecution"),  # "Rebecca Lowe KC, prosecuting,"
    ("secretary", "minister"),
    ("senator", "sen"), ("governor", "gov"), ("general", "gen"),
):
    for _role in _group:
        ROLE_GROUPS.setdefault(_role, set()).update(_group)
# Names a summary may use for one another: a country, its people and adjective
# ("Portuguese" for "Portugal"), and common short forms. Regular pairs
# (Russia/Russian, Italy/Italian) are matched by spelling in index.py.
_ALIAS_GROUPS = """uk britain british brits|us usa america american americans|eu european
portugal portuguese|spain spanish spaniard|france french|germany german germans
netherlands dutch holland|switzerland swiss|norway norwegian|sweden swedish swede
denmark danish dane|finland finnish finn|poland polish pole|greece greek|turkey turkish turk
ireland irish|scotland scottish scots|wales welsh|england english|china chinese|japan japanese
vietnam vietnamese|lebanon lebanese|sudan sudanese|israel israeli|iraq iraqi|pakistan pakistani
bangladesh bangladeshi|yemen yemeni|kuwait kuwaiti|qatar qatari|oman omani|philippines filipino
thailand thai|peru peruvian|belgium belgian|iceland icelandic|mexico mexican|afghanistan afghan
argentina argentine argentinian|chile chilean|cuba cuban|ghana ghanaian|morocco moroccan
slovakia slovak|kazakhstan kazakh|zealand zealander|czechia czech|saudi saudis
tory tories conservative conservatives|lib liberal liberals|dem dems democrat democrats democratic
gop republican republicans"""
ALIASES: dict[str, tuple[str, ...]] = {}
for _group in _ALIAS_GROUPS.replace("\n", "|").split("|"):
    _names = _group.split()
    for _name in _names:
        ALIASES[_name] = tuple(n for n in _names if n != _name)
# AP style writes "Dec. 3" for "3 December": a month is named by either
for _full in "january february march april june july august september october november december".split():
    _short = (_full[:3], "sept") if _full == "september" else (_full[:3],)
    ALIASES[_full] = ALIASES.get(_full, ()) + _short
    for _abbreviation in _short:
        ALIASES[_abbreviation] = ALIASES.get(_abbreviation, ()) + (_full,)
# and "Thu 23.41" (a live blog's entry) for Thursday
for _day, _shorts in (("monday", ("mon",)), ("tuesday", ("tue", "tues")), ("wednesday", ("wed",)),
                      ("thursday", ("thu", "thur", "thurs")), ("friday", ("fri",)), ("saturday", ("sat",)),
                      ("sunday", ("sun",))):
    ALIASES[_day] = ALIASES.get(_day, ()) + _shorts
    for _abbreviation in _shorts:
        ALIASES[_abbreviation] = ALIASES.get(_abbreviation, ()) + (_day,)
ALIASES["un"] = ("nations",)
ALIASES["pm"] = ("prime",)  # "the PM" for "the prime minister"
ALIASES["uk"] += ("england", "english")  # one way: England is in the UK
ALIASES["us"] += ("washington",)
