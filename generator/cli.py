"""`newsbrief build / check / new / import / verify`: diagnostics printed, exit codes, never a traceback."""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
import time
from pathlib import Path

from .config import build_time, load_config
from . import snapshot
from .errors import has_errors
from .writer import WriteReport

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
UNKNOWN_PUBLISHER = "Unknown publisher"


def _config(args):
    config, problems = load_config(Path(args.config))
    if args.strict:
        config = dataclasses.replace(config, strict=True)
    return config, problems


def _print_diagnostics(diagnostics) -> None:
    if diagnostics:  # one write: a large site can have tens of thousands of warnings
        sys.stderr.write("".join(d.format() + "\n" for d in diagnostics))
        sys.stderr.flush()


def _summary_line(counts: tuple, report, seconds: float) -> str:
    """counts: (stories, sources, scheduled, warnings), as _counts gives them."""
    stories, sources, scheduled, warnings = counts
    count = lambda n, one, many: f"{n} {one if n == 1 else many}"
    parts = [count(stories, "story", "stories"), count(sources, "source", "sources")]
    if scheduled:
        parts.append(f"{scheduled} scheduled")
    if report:
        parts.append(f"{count(report.written, 'page', 'pages')} written, {report.unchanged} unchanged, "
                     f"{report.removed} removed")
    parts.append(count(warnings, "warning", "warnings"))
    return "Done: " + ", ".join(parts) + f" in {seconds:.2f} s"


def _chunks(lines, size: int = 1000) -> tuple[str, ...]:
    """Lines joined a thousand at a time: 40,000 warnings as one string (and a copy to save it) cost the
    build's peak memory 30 MB."""
    chunks, batch = [], []
    for line in lines:
        batch.append(line)
        if len(batch) == size:
            chunks.append("".join(batch))
            batch = []
    return tuple(chunks + ["".join(batch)] if batch else chunks)


def _write(chunks) -> None:
    for chunk in chunks:
        sys.stderr.write(chunk)
    sys.stderr.flush()


def _counts(result) -> tuple:
    index = result.index
    warnings = sum(1 for d in result.diagnostics if not d.severity.is_error())
    return len(index.stories), len(index.sources), len(index.scheduled), warnings


def cmd_build(args) -> int:
    began = time.perf_counter()
    config, problems = _config(args)
    if has_errors(problems):
        _print_diagnostics(problems)
        return EXIT_FAILED
    now = build_time()
    seen, recent = snapshot.fingerprint(config, problems)
    last = snapshot.load(config, seen, now)
    if last is not None:  # nothing it reads has changed since the last build, nor has site/: say what it said
        snapshot.settle(config, last, recent)
        _write(last.printed)
        print(_summary_line(last.counts, WriteReport(0, len(last.site_files), 0), time.perf_counter() - began))
        return EXIT_OK
    snapshot.forget(config)  # this build changes site/: the old snapshot no longer describes it
    from .build import build
    from .loader import ordinary_pages
    from .progress import Progress
    result = build(config, write=True, progress=Progress(), now=now)  # a bar only on a terminal, only if slow
    if result.failed:
        _print_diagnostics(problems + result.diagnostics)
        site = f"{config.site_dir}{'/' if not config.site_path.is_file() else ''}"
        state = f"{site} is part this build, part the last: the next build finishes it" if result.site_changed \
            else f"{site} left as it was"
        count = sum(d.severity.is_error() for d in result.diagnostics)
        print(f"Build failed: {count} error{'s' if count != 1 else ''}; {state}.", file=sys.stderr)
        return EXIT_FAILED
    printed = _chunks(d.format() + "\n" for d in problems + result.diagnostics)  # once: 40,000 at 10,000 stories
    printed += _chunks(f"scheduled: {story.path} publishes at {result.index.local_date(story.date).isoformat()}\n"
                       for story in result.index.scheduled)
    printed += _chunks(f"not built: {page} is an ordinary MkDocs page, made by `mkdocs build`\n"
                       for page in ordinary_pages(config))
    _write(printed)
    counts = _counts(result)
    print(_summary_line(counts, result.report, result.timings["total"]))
    snapshot.save(config, snapshot.Snapshot(seen, now, snapshot.next_change(result.index, now), result.site_files,
                                            printed, counts, recent))
    return EXIT_OK


def cmd_check(args) -> int:
    """Validate everything and report provenance; non-zero when anything is wrong or unsupported."""
    from . import report
    from .build import build
    config, problems = _config(args)
    # as if every date had come: a scheduled story is checked now, before the build that publishes it
    every_date = dt.datetime(9998, 12, 31, tzinfo=dt.timezone.utc)
    result = build(config, write=False, render_pages=False, now=every_date) if not has_errors(problems) else None
    diagnostics = problems + (result.diagnostics if result else [])
    if args.format == "json":
        print(report.as_json(result, diagnostics) if result else report.as_json_problems(diagnostics))
    else:
        _print_diagnostics(diagnostics)
    if not result or not result.index:
        return EXIT_FAILED
    unsupported = report.blocking_count(report.story_records(result))
    if args.format == "text":
        print(report.as_text(result))
        errors = sum(d.severity.is_error() for d in diagnostics)
        warned = sum(d.severity.value == "warning" for d in diagnostics)
        # a warning printed above (a story whose sources are links only is not checked) must not end in "OK"
        verdict = "Failed" if errors else "Flagged" if unsupported else "Warnings" if warned else "OK"
        plural = lambda n, word: f"{n} {word}{'s' if n != 1 else ''}"
        # "flagged": unsupported and partly supported alike, as the per-story counts above name them
        print(f"{verdict}: {plural(len(result.index.stories), 'story').replace('storys', 'stories')}, "
              f"{plural(len(result.index.sources), 'source')} checked, {plural(unsupported, 'sentence')} flagged "
              "(unsupported or partly supported)" +
              (f", {plural(errors, 'error')} in files not checked" if errors else "") +
              (f", {plural(warned, 'warning')}" if warned else ""))
    return EXIT_FAILED if unsupported or has_errors(diagnostics) else EXIT_OK


def cmd_verify(args) -> int:
    """JSON lines in, one JSON line out per input line; a bad line gets an error object, the rest go on."""
    from .provenance import verify_jsonl
    if not args.jsonl:
        print("verify: only --jsonl mode exists: pipe JSON lines {id, source, summary} to standard input",
              file=sys.stderr)
        return EXIT_USAGE
    for line in verify_jsonl(_input_lines(sys.stdin.buffer)):
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
    return EXIT_OK


MAX_LINE = 16 * 1024 * 1024  # bytes of one JSON line: a summary and sources far past what a check can hold


def _input_lines(stream):
    """Lines of a byte stream as text; a line that is not UTF-8, or longer than MAX_LINE (never held whole),
    comes as an UnreadableLine so that the lines after it still get their answers."""
    from .provenance.jsonl import UnreadableLine
    while True:
        raw = stream.readline(MAX_LINE + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # the rest of the line, read in pieces and let go
                raw = stream.readline(1 << 20)
            yield UnreadableLine(f"line longer than {MAX_LINE:,} bytes: not read")
            continue
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield UnreadableLine(f"not UTF-8 text (byte {exc.start + 1} of the line)")


def _write_new(project: Path, docs_dir: str, rel: str, text: str) -> bool:
    target = project / docs_dir / rel
    if target.exists():
        print(f"{target}: already exists; not overwritten", file=sys.stderr)
        return False
    folder = next((p for p in target.parents if p.exists()), project)  # a link to elsewhere: the build refuses it
    if not Path(os.path.realpath(folder)).is_relative_to(os.path.realpath(project / docs_dir)):
        print(f"{folder}: a link out of {docs_dir}/; {rel} not written there (the build reads only files "
              f"inside {docs_dir}/)", file=sys.stderr)
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:  # content/stories is a file, or may not be written
        blocker = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
        print(f"{blocker}: is a file, not a folder; {rel} not written" if blocker else
              f"{target}: cannot write: {exc.strerror}", file=sys.stderr)
        return False
    print(f"created {target}")
    return True


def _today(config) -> dt.date:
    """Today in the newsroom's time zone: by the machine's clock, a story could be dated tomorrow, and wait."""
    try:
        return dt.datetime.now(config.tz).date()
    except Exception:  # an unknown zone is reported by the build that reads the story
        return dt.date.today()


def _project_config(args):
    """The settings `new` and `import` write under, or None (reported) when they cannot be read."""
    config, problems = load_config(Path(args.config))
    if has_errors(problems):
        _print_diagnostics(problems)
        return None
    return config


def cmd_new(args) -> int:
    from .loader import is_markdown
    from .scaffold import new_story
    if not args.headline.strip():
        print("new: the headline is empty (expected: newsbrief new \"Floods hit the valley\")", file=sys.stderr)
        return EXIT_USAGE
    config = _project_config(args)
    if config is None:
        return EXIT_FAILED
    sources = [s for s in args.source or [] if s.strip()]
    rel, text = new_story(args.headline, _today(config), sources)
    problems = [d for d in _import_problems([(rel, text)], config) if d.severity.is_error()]
    if problems:  # "a\x01b" as a headline: never write a story the next build refuses
        _print_diagnostics(problems)
        print("new: nothing written; fix the headline or --source above", file=sys.stderr)
        return EXIT_FAILED
    # ids are file stems, matched as written: "*" is no pattern
    known = {p.stem for p in (config.content_path / "sources").rglob("*") if is_markdown(p.name)} if sources else set()
    for source in dict.fromkeys(sources):
        if source not in known:
            print(f"new: warning: no source {source!r} in {config.docs_dir}/sources/ yet; the build refuses the "
                  f"story until {config.docs_dir}/sources/{source}.md exists", file=sys.stderr)
    if not _write_new(config.project_dir, config.docs_dir, rel, text):
        return EXIT_FAILED
    print("it is a draft: write the summary, then remove `draft: true` to publish it")
    return EXIT_OK


def cmd_import(args) -> int:
    from .scaffold import import_pair
    config = _project_config(args)
    if config is None:
        return EXIT_FAILED
    try:
        source_text = Path(args.source).read_text(encoding="utf-8-sig")
        summary_text = Path(args.summary).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read input: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if not summary_text.strip() or not source_text.strip():
        print("import: the source and the summary must both contain text", file=sys.stderr)
        return EXIT_FAILED
    try:
        today = dt.date.fromisoformat(args.date) if args.date else _today(config)
    except ValueError:
        print(f"import: --date {args.date!r} is not a date (expected YYYY-MM-DD)", file=sys.stderr)
        return EXIT_USAGE
    files = import_pair(Path(args.source).stem, source_text, summary_text, publisher=args.publisher,
                        today=today, source_title=args.title or "", url=args.url or "",
                        tags=[t.strip() for t in (args.tags or "").split(",") if t.strip()])
    problems = _import_problems(files, config)
    if problems:  # checked as a build would check them: never write a file the next build refuses
        _print_diagnostics(problems)
        print("import: nothing written; fix the input files, or the options above (--url, --publisher, --title, "
              "--tags); the names above are of the files import would write", file=sys.stderr)
        return EXIT_FAILED
    taken = [f"{config.docs_dir}/{rel}" for rel, _ in files if (config.project_dir / config.docs_dir / rel).exists()]
    if taken:  # a story written beside someone else's source would cite the wrong article
        print(f"import: {', '.join(taken)} already exists; nothing written (rename the input file to give its "
              "source another id)", file=sys.stderr)
        return EXIT_FAILED
    ok = [_write_new(config.project_dir, config.docs_dir, rel, text) for rel, text in files]
    if args.publisher == UNKNOWN_PUBLISHER:
        print(f"import: warning: no --publisher given; {config.docs_dir}/{files[0][0]} says {UNKNOWN_PUBLISHER!r}, "
              "and the site lists it as a publisher until you edit it", file=sys.stderr)
    return EXIT_OK if all(ok) else EXIT_FAILED


def _import_problems(files, config) -> list:
    from .frontmatter import parse_document
    from .schema import parse_source, parse_story
    found = []
    for rel, text in files:
        shown = f"{config.docs_dir}/{rel}"
        raw, problems = parse_document(text.encode("utf-8"), shown)
        if raw is not None:
            parse = parse_source if rel.startswith("sources/") else \
                lambda r, tz: parse_story(r, tz, dt.datetime.max.replace(tzinfo=dt.timezone.utc))
            problems += parse(raw, config.tz)[1]
        found += problems
    return found


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbrief", description="Static news briefs with sentence-level provenance.")
    parser.add_argument("-f", "--config", default="mkdocs.yml", help="site config file (default: mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the site into site/ (only changed files are written)")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="validate content and provenance without writing")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    c.add_argument("--format", choices=["text", "json"], default="text", help="report format")
    c.set_defaults(func=cmd_check)
    n = sub.add_parser("new", help="scaffold a story: newsbrief new \"Headline\"")
    n.add_argument("headline")
    n.add_argument("--source", action="append", help="id of a source it summarises (repeat for several)")
    n.set_defaults(func=cmd_new)
    i = sub.add_parser("import", help="turn a plain-text article and summary into a source and a story")
    i.add_argument("source", help="plain-text article")
    i.add_argument("summary", help="plain-text summary; first line is the headline")
    i.add_argument("--publisher", default=UNKNOWN_PUBLISHER, help="publisher of the article")
    i.add_argument("--title", help="headline of the source article (default: its first words)")
    i.add_argument("--url", help="URL of the original article")
    i.add_argument("--date", help="date of the story, YYYY-MM-DD (default: today)")
    i.add_argument("--tags", help="comma-separated tags")
    i.set_defaults(func=cmd_import)
    v = sub.add_parser("verify", help="check machine-written summaries: JSON lines on stdin, results on stdout")
    v.add_argument("--jsonl", action="store_true", help="read {id, source, summary} JSON lines from stdin")
    v.set_defaults(func=cmd_verify)
    for command in (b, c, n, i):  # `newsbrief build -f x.yml`, as `mkdocs build -f x.yml` is written
        command.add_argument("-f", "--config", default=argparse.SUPPRESS, help="site config file")
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `newsbrief check | head`: the reader left before the verdict; as a shell reports
        try:                  # a command SIGPIPE ended (128 + 13), so `set -o pipefail` never reads it as a pass
            sys.stdout = open(os.devnull, "w")  # no second error when Python flushes stdout at exit
        except OSError:
            pass
        return 141


def run() -> None:
    """The `newsbrief` command: main(), then an exit that skips freeing, one object at a time, the site a build
    loaded (0.5 s of a one-story edit at 10,000 stories, measured). By then every file is written and closed,
    the cache committed and the pools ended; only buffered output is left, flushed here."""
    code = main()
    if not isinstance(code, int):
        sys.exit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # the reader left, or a stream was closed: Python's own exit says so
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    run()
