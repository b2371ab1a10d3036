"""Turn a Newsbrief corpus into a minimal Hugo site, so both tools build the same content side by side.

    python benchmarks/hugo_site.py /tmp/corpus10k /tmp/corpus10k-hugo

The Hugo site has what a comparable minimal theme has: a page per story and per source, a
paginated home, a page per tag and per publisher (taxonomies) with their term lists, and
Hugo's default RSS feeds. It has no day or month archives, no search index, no provenance:
Hugo does less work than Newsbrief here, so a ratio below 1 is a fair win.
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader

CONFIG = """baseURL = "https://example.org/brief/"
title = "Synthetic Brief (Hugo)"
disableKinds = ["sitemap", "robotsTXT", "404"]
[pagination]
  pagerSize = 20
[taxonomies]
  tag = "tags"
  publisher = "publishers"
"""
BASEOF = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head><body>
<header><a href="{{ "" | relURL }}">{{ site.Title }}</a> <a href="{{ "tags/" | relURL }}">Topics</a>
<a href="{{ "publishers/" | relURL }}">Publishers</a></header><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1><p class="dek">{{ with .Params.dek }}{{ . }}{{ else }}{{ .Summary | plainify }}{{ end }}</p>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2 January 2006" }}</time>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<div class="summary">{{ .Content }}</div>
{{ with .Params.sources }}<h2>Sources</h2><ol>{{ range . }}<li>{{ with .ref }}<a href="{{ printf "sources/%s/" . | relURL }}">{{ . }}</a>{{ else }}<a href="{{ .url }}">{{ .title }}</a> ({{ .publisher }}){{ end }}</li>{{ end }}</ol>{{ end }}
</article>{{ end }}
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ if or .IsHome .IsSection }}{{ $pages := .Paginate (where site.RegularPages "Section" "stories") }}{{ range $pages.Pages }}{{ partial "card.html" . }}{{ end }}
{{ with $pages.Next }}<a href="{{ .URL }}">Older briefs</a>{{ end }}
{{ else if eq .Kind "taxonomy" }}<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ else }}{{ range .Pages }}{{ partial "card.html" . }}{{ end }}{{ end }}{{ end }}
"""
CARD = """<article class="card"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="dek">{{ with .Params.dek }}{{ . }}{{ else }}{{ .Summary | plainify }}{{ end }}</p>
<p><time>{{ .Date.Format "2 January 2006" }}</time>{{ with .GetTerms "publishers" }} · Sources: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}{{ end }}</p></article>
"""


def _split(text: str) -> tuple[dict, str]:
    _, head, body = text.split("---\n", 2)
    return yaml.load(head, Loader=Loader) or {}, body


def _front(meta: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=False) + "---\n" + body


def convert(corpus: Path, out: Path) -> None:
    content = out / "content"
    shutil.rmtree(content, ignore_errors=True)
    (content / "stories").mkdir(parents=True)
    (content / "sources").mkdir(parents=True)
    publishers = {}
    for path in sorted((corpus / "content" / "sources").glob("*.md")):
        meta, body = _split(path.read_text(encoding="utf-8"))
        publishers[path.stem] = meta.get("publisher", "")
        meta = {"title": meta["title"], "date": str(meta.get("published", "2020-01-01")),
                "publishers": [meta.get("publisher", "")], "original": meta.get("url", "")}
        (content / "sources" / path.name).write_text(_front(meta, body), encoding="utf-8")
    for path in sorted((corpus / "content" / "stories").glob("*.md")):
        (content / "stories" / path.name).write_text(story_text(path.read_text(encoding="utf-8"), publishers),
                                                      encoding="utf-8")
    _write_theme(out)


def story_text(text: str, publishers: dict) -> str:
    """One story in Hugo's terms: dates as strings, publishers as a taxonomy."""
    meta, body = _split(text)
    names = [publishers.get(s.get("ref"), "") or s.get("publisher", "") for s in meta.get("sources", [])]
    meta["publishers"] = sorted({n for n in names if n})
    for key in ("date", "updated"):
        if key in meta:
            meta[key] = str(meta[key])
    meta.pop("corrections", None)  # a list of dated mappings: this minimal layout has nowhere to show it
    return _front(meta, body)


def _write_theme(out: Path) -> None:
    (out / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    layouts = out / "layouts"
    (layouts / "_partials").mkdir(parents=True, exist_ok=True)
    for name, text in {"baseof.html": BASEOF, "single.html": SINGLE, "list.html": LIST,
                       "_partials/card.html": CARD}.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (out / "static").mkdir(exist_ok=True)
    (out / "static" / "style.css").write_text("body{font-family:sans-serif;max-width:40em;margin:auto}\n")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path, help="a Newsbrief project folder (as made by synth.py)")
    parser.add_argument("out", type=Path, help="Hugo site folder to create")
    args = parser.parse_args(argv)
    convert(args.corpus, args.out)
    print(f"wrote Hugo site to {args.out}")


if __name__ == "__main__":
    main()
