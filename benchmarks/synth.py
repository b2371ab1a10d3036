"""A seeded synthetic corpus in Newsbrief's content format, for benchmarks.

    python benchmarks/synth.py --stories 10000 --out /tmp/corpus10k [--seed 1] [--templates DIR]

Writes a project folder: mkdocs.yml (theme.custom_dir = this repo's templates/, absolute) and
content/stories/*.md + content/sources/*.md. Sizes follow the issue: summaries of ~400 words,
sources of ~800, about one source file per story, each story citing 1-4 of them (sources are
shared between stories dated close together), a few hundred tags (Zipf-like popularity),
dates spread over years, and a few stories with `updated`, `corrections`, inline sources
or `draft`. Summary sentences are mostly lifted, lightly trimmed, from the story's sources,
so the provenance checker has real matches to find. Same seed, same bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = """the of and to in a is that for on with as was by at from it his an be has are have
said were which this their not but been had its after who they more new also one over two first
year government people would about than when there into all most other last could up out minister
president officials week says told state country against during while before under city police
forces military war talks deal plan report law court vote election party leaders support security
economic trade prices market growth energy oil gas climate water health hospital schools workers
union strike border refugees aid sanctions agreement ceasefire troops attack missile drone region
capital province district village residents protesters rally parliament senate congress budget tax
inflation interest rates bank central currency exports imports shipping port coast storm flood fire
heat drought harvest farmers food supply chain factory jobs unemployment wages pension reform bill
committee inquiry investigation evidence witness trial judge ruling appeal sentence prison charges
spokesman statement announcement visit summit meeting delegation ambassador embassy foreign domestic
national local international global regional public private company companies shares investors profit
losses billion million percent record highest lowest since early late months years days hours morning
evening night weekend spring summer autumn winter according data figures survey poll analysts experts
scientists researchers study university technology internet network cyber data privacy platform users
social media video images footage reporters journalists newspaper broadcast channel coalition opposition
ruling majority minority candidate campaign voters turnout results counting recount fraud observers
monitors humanitarian crisis shortage fuel electricity power grid outage nuclear plant reactor safety
inspectors agency commission council mayor governor prime deputy secretary general chief executive
director spokeswoman lawmakers diplomats negotiators mediators allies partners neighbours rivals
critics supporters families children women men victims survivors casualties killed injured missing
displaced evacuated rescued arrested detained released freed accused denied confirmed warned urged
called demanded promised pledged agreed rejected approved blocked delayed cancelled postponed resumed
expanded reduced increased fell rose doubled halved reached hit surpassed remained continued began
ended signed launched opened closed built destroyed damaged repaired restored""".split()
PLACES = """Kharkiv Kyiv Moscow Beijing Harbin Washington London Paris Berlin Brussels Warsaw Ankara
Tehran Cairo Nairobi Lagos Delhi Mumbai Dhaka Jakarta Manila Tokyo Seoul Taipei Canberra Ottawa Mexico
Brasilia Lima Santiago Madrid Rome Athens Vienna Geneva Oslo Helsinki Riga Tallinn Vilnius Minsk Tbilisi
Yerevan Baku Kabul Islamabad Riyadh Doha Dubai Jerusalem Gaza Beirut Damascus Baghdad Khartoum Addis""".split()
PEOPLE = """Putin Xi Zelensky Biden Sunak Macron Scholz Modi Erdogan Lula Milei Ishiba Albanese Carney
Tusk Meloni Sanchez Stoltenberg Rutte Guterres Lagarde Powell Yellen Blinken Lammy Borrell Kallas""".split()
PUBLISHERS = ["The Guardian", "Reuters", "Associated Press", "BBC News", "Al Jazeera", "Le Monde",
              "Der Spiegel", "The New York Times", "The Washington Post", "Financial Times", "The Economist",
              "NPR", "Deutsche Welle", "France 24", "The Kyiv Independent", "Meduza", "South China Morning Post",
              "The Hindu", "Nikkei Asia", "ABC News Australia", "CBC News", "El País", "Corriere della Sera",
              "NRC", "Politico Europe", "Bloomberg", "The Times of India", "Haaretz", "Daily Maverick",
              "Nation Africa", "Yonhap", "Kyodo News", "AFP", "EFE", "ANSA", "The Irish Times", "Axios",
              "The Atlantic", "Euronews", "Rappler"]
TAG_ROOTS = """Russia China Ukraine war economy climate energy elections health technology trade migration
Middle East Europe Africa Asia Americas security diplomacy courts labour markets science space sport
culture education housing transport agriculture water disasters human rights media cyber nuclear""".split()


def _tags(rng: random.Random, count: int) -> list[str]:
    """A few hundred distinct tags: roots, and root + qualifier pairs."""
    quals = ["policy", "crisis", "talks", "reform", "aid", "protests", "sanctions", "summit", "budget", "report"]
    tags = list(dict.fromkeys(TAG_ROOTS + [f"{r} {q}" for r in TAG_ROOTS for q in quals]))
    rng.shuffle(tags)
    return tags[:count]


def _sentence(rng: random.Random) -> str:
    n = rng.randint(12, 26)
    words = rng.choices(WORDS, k=n)
    for _ in range(rng.randint(1, 3)):  # names and numbers make sentences distinguishable, as in news
        words[rng.randrange(n)] = rng.choice(PLACES + PEOPLE + [f"{rng.randint(2, 9000):,}"])
    text = " ".join(words)
    if rng.random() < 0.1:
        text = f'{text}, "{" ".join(rng.choices(WORDS, k=6))}," {rng.choice(PEOPLE)} said'
    return text[0].upper() + text[1:] + "."


def _paragraphs(sentences: list[str], rng: random.Random) -> list[str]:
    paras, i = [], 0
    while i < len(sentences):
        k = rng.randint(2, 5)
        paras.append(" ".join(sentences[i:i + k]))
        i += k
    return paras


def _yaml_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _source_file(rng, sid, date, publisher) -> tuple[str, list[str]]:
    sentences = []
    while sum(len(s.split()) for s in sentences) < rng.randint(700, 900):
        sentences.append(_sentence(rng))
    title = " ".join(rng.choices(WORDS, k=rng.randint(5, 10))).capitalize()
    head = [f"title: {_yaml_str(title)}", f"publisher: {_yaml_str(publisher)}",
            f"url: https://news.example/{sid}", f"published: {date:%Y-%m-%d}"]
    if rng.random() < 0.5:
        head.append(f"author: {rng.choice(PEOPLE)} {rng.choice(PLACES)}")
    if rng.random() < 0.3:
        head.append(f"retrieved: {date + dt.timedelta(days=1):%Y-%m-%d}")
    body = "\n\n".join(_paragraphs(sentences, rng))
    return "---\n" + "\n".join(head) + "\n---\n\n" + body + "\n", sentences


def _trim(sentence: str, rng) -> str:
    """A summary sentence lifted from a source, lightly shortened, as a curator would."""
    words = sentence.rstrip(".").split()
    if len(words) > 14 and rng.random() < 0.5:
        words = words[:rng.randint(10, len(words))]
    return " ".join(words).rstrip(",") + "."


def _summary(rng, source_sentences: list[list[str]]) -> str:
    sentences = []
    while sum(len(s.split()) for s in sentences) < rng.randint(350, 450):
        pool = rng.choice(source_sentences) if source_sentences else None
        sentences.append(_trim(rng.choice(pool), rng) if pool and rng.random() < 0.7 else _sentence(rng))
    paras = _paragraphs(sentences, rng)
    if rng.random() < 0.3:  # some Markdown for the parser to chew on
        words = paras[0].split(" ")
        words[1], words[3] = f"**{words[1]}", f"{words[3]}**"
        paras[0] = " ".join(words)
    if rng.random() < 0.15:
        paras.insert(1, "\n".join(f"- {_sentence(rng)}" for _ in range(3)))
    return "\n\n".join(paras)


def _story_file(rng, n, date, refs, inline, tags) -> str:
    title = " ".join(rng.choices(WORDS, k=rng.randint(6, 12))).capitalize() + f" {rng.choice(PLACES)}"
    head = [f"title: {_yaml_str(title)}", f"date: {date:%Y-%m-%dT%H:%M:00+00:00}", "tags:"]
    head += [f"- {_yaml_str(t)}" for t in tags]
    head.append("sources:")
    head += [f"- ref: {r}" for r in refs]
    if inline:
        head.append(f"- url: https://inline.example/{n}\n  title: Inline report {n}\n  publisher: {inline}")
    if rng.random() < 0.05:
        head.append(f"updated: {date + dt.timedelta(hours=rng.randint(2, 72)):%Y-%m-%dT%H:%M:00+00:00}")
    if rng.random() < 0.02:
        head.append(f"corrections:\n- date: {date + dt.timedelta(days=2):%Y-%m-%d}\n"
                    f"  text: An earlier version misstated a figure {rng.randint(2, 99)}.")
    if rng.random() < 0.1:
        head.append(f"dek: {_yaml_str(_sentence(rng))}")
    if rng.random() < 0.005:
        head.append("draft: true")
    return head, title


def generate(stories: int, out: Path, seed: int = 1, templates: Path = REPO / "templates", years: int = 5) -> None:
    rng = random.Random(seed)
    tags = _tags(rng, 300)
    tag_weights = [1 / (i + 1) ** 0.9 for i in range(len(tags))]
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc) - dt.timedelta(days=365 * years)
    span = 365 * years * 24 * 60
    dates = sorted(start + dt.timedelta(minutes=rng.randrange(span)) for _ in range(stories))
    stories_dir, sources_dir = out / "content" / "stories", out / "content" / "sources"
    if out.exists():
        shutil.rmtree(out / "content", ignore_errors=True)
    stories_dir.mkdir(parents=True)
    sources_dir.mkdir(parents=True)
    recent: list[tuple[str, list[str]]] = []  # sources of nearby stories: sharing happens within a news cycle
    for n, date in enumerate(dates):
        own = []
        for _ in range(1 if rng.random() < 0.6 else 2):  # 1.4 tries x 0.75 = ~1.05 new source files per story
            if len(recent) < stories and rng.random() < 0.75:
                publisher = rng.choice(PUBLISHERS)
                sid = f"src-{len(recent):06d}-{''.join(c for c in publisher.lower() if c.isascii() and c.isalnum())}"
                text, sentences = _source_file(rng, sid, date - dt.timedelta(hours=rng.randint(1, 30)), publisher)
                (sources_dir / f"{sid}.md").write_text(text, encoding="utf-8")
                recent.append((sid, sentences))
                own.append(recent[-1])
        shared = [rng.choice(recent[-30:]) for _ in range(rng.randint(0, 2))] if recent else []
        cited = list({sid: (sid, s) for sid, s in own + shared}.values())[:4]
        inline = rng.choice(PUBLISHERS) if (rng.random() < 0.05 or not cited) else ""
        story_tags = list(dict.fromkeys(rng.choices(tags, weights=tag_weights, k=rng.randint(2, 5))))
        head, title = _story_file(rng, n, date, [sid for sid, _ in cited], inline, story_tags)
        body = _summary(rng, [s for _, s in cited])
        slug = f"{date:%Y-%m-%d}-{'-'.join(title.lower().split()[:5])}-{n}"
        (stories_dir / f"{slug}.md").write_text("---\n" + "\n".join(head) + "\n---\n\n" + body + "\n",
                                                encoding="utf-8")
    _write_config(out, templates, stories)


def _write_config(out: Path, templates: Path, stories: int) -> None:
    (out / "mkdocs.yml").write_text(
        f"site_name: Synthetic Brief ({stories} stories)\n"
        "site_url: https://example.org/brief/\n"
        "docs_dir: content\nsite_dir: site\nuse_directory_urls: false\n"
        f"theme:\n  name: null\n  custom_dir: {templates.resolve()}\n"
        "plugins:\n  - newsbrief:\n      timezone: UTC\n      per_page: 20\n", encoding="utf-8")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=1000, help="number of stories (default 1000)")
    parser.add_argument("--out", type=Path, required=True, help="project folder to create (content/ is replaced)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--years", type=int, default=5, help="years the dates spread over (default 5)")
    parser.add_argument("--templates", type=Path, default=REPO / "templates", help="theme folder (default: the repo's)")
    args = parser.parse_args(argv)
    generate(args.stories, args.out, args.seed, args.templates, args.years)
    print(f"wrote {args.stories} stories to {args.out}")


if __name__ == "__main__":
    main()
