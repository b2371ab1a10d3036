"""One tiny broken site per failure mode: the exact message, exit code 1, no traceback, nothing written.

Committed fixtures live in fixtures/sites/invalid/<case>/ (content/, maybe mkdocs.yml, and
expected.txt: the lines stderr must contain). Binary, huge and symlinked cases are made here.
"""
import io
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from generator.cli import main
from sitekit import FIXTURES, TEMPLATES, front, mkdocs, newsbrief, write_site

INVALID = FIXTURES / "sites" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
SOURCE = front({"title": "Council minutes", "publisher": "Gazette"}, "The council met on Monday.\n")
STORY = {"title": "Council meets", "date": "2024-01-01", "sources": [{"ref": "minutes"}]}


def tree(root: Path) -> dict:
    """Every file under root (but the build cache) with its bytes: what a failed build must not change."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink() and ".cache" not in p.parts}


def cli(root: Path, *args: str) -> tuple[int, str]:
    """The CLI's main() in this process (a subprocess per case would make this file slow); an exception
    escaping main() fails the test just as a traceback would."""
    err, cwd = io.StringIO(), os.getcwd()
    os.chdir(root)
    try:
        with redirect_stderr(err), redirect_stdout(io.StringIO()):
            code = main(list(args))
    finally:
        os.chdir(cwd)
    return code, err.getvalue()


def assert_refused(root: Path, expected: list[str], run=cli) -> None:
    before = tree(root)
    for command in ("check", "build"):
        code, stderr = run(root, command)
        assert "Traceback" not in stderr, stderr
        assert code == 1, (command, stderr)
        for line in expected:
            assert line in stderr.splitlines(), f"{command}: {line!r} not in\n{stderr}"
    assert not (root / "site").exists(), "a failed build must write nothing"
    assert tree(root) == before


def real_cli(root: Path, command: str) -> tuple[int, str]:
    result = newsbrief(command, cwd=root)
    return result.returncode, result.stderr


@pytest.mark.parametrize("case", CASES)
def test_committed_invalid_site(tmp_path, case):
    root = tmp_path / case
    shutil.copytree(INVALID / case, root)
    if not (root / "mkdocs.yml").exists():
        write_site(root, {})  # the standard test mkdocs.yml
    expected = (root / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert_refused(root, expected)


def test_every_invalid_site_through_real_processes(tmp_path):
    """`newsbrief build` as its own process for every committed case (four at a time, to stay quick)."""
    roots = []
    for case in CASES:
        shutil.copytree(INVALID / case, tmp_path / case)
        if not (tmp_path / case / "mkdocs.yml").exists():
            write_site(tmp_path / case, {})
        roots.append(tmp_path / case)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda root: real_cli(root, "build"), roots))
    for root, (code, stderr) in zip(roots, results):
        assert code == 1 and "Traceback" not in stderr, (root.name, stderr)
        for line in (root / "expected.txt").read_text(encoding="utf-8").splitlines():
            assert line in stderr.splitlines(), (root.name, line, stderr)
        assert not (root / "site").exists()


def project(folder: Path, files: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return write_site(folder, {"sources/minutes.md": SOURCE, **files})


HEAD = b"---\ntitle: Council meets\ndate: 2024-01-01\nsources:\n  - ref: minutes\n---\n\n"
AT = len(HEAD)  # byte offset where the body starts
HUGE = HEAD + b"word " * 4_200_000

GENERATED = {
    "nul-byte": ({"stories/nul.md": HEAD + b"The council\x00 met.\n"},
                 [f"content/stories/nul.md: NUL byte at offset {AT + 11}: not a text file"]),
    "not-utf8": ({"stories/latin1.md": HEAD + "Caf\u00e9 talks.\n".encode("latin-1")},
                 [f"content/stories/latin1.md:8: byte 0xe9 at offset {AT + 3} is not UTF-8 (expected a UTF-8 text file)"]),
    "binary-as-markdown": ({"stories/photo.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"},
                           ["content/stories/photo.md: NUL byte at offset 8: not a text file"]),
    "control-character-in-body": ({"stories/bell.md": HEAD + b"The council \x07met.\n"},
                                  [f"content/stories/bell.md:8: control character U+0007 at byte offset {AT + 12} "
                                   "(expected text without control characters; tabs and newlines are fine)"]),
    "huge-file": ({"stories/huge.md": HUGE},
                  [f"content/stories/huge.md: file is {len(HUGE):,} bytes, over the 1,048,576-byte limit "
                   "(expected a story or source text under 1 MiB)"]),
    "summary-too-long": ({"stories/long.md": HEAD + b"word " * 14_000},
                         ["content/stories/long.md:7: body: the summary is 70,001 characters, over the 65,536 limit "
                          "(expected a brief of a few paragraphs)"]),
    "markdown-nested-too-deep": ({"stories/lists.md": HEAD + "".join("    " * i + "- x\n" for i in range(40)).encode()},
                                 ["content/stories/lists.md:24: body: Markdown nested 17 levels deep "
                                  "(expected at most 16 levels of lists and quotes)"]),
    "unclosed-tags": ({"stories/tags.md": HEAD + b"<a " * 21_500 + b"\n"},  # 34 s in the HTML parser
                      ["content/stories/tags.md:7: body: the summary has 21,500 '<' characters, over the 2,000 "
                       "limit (expected fewer HTML tags; &lt; for a literal <)"]),
    "too-many-lines": ({"stories/lines.md": HEAD + b"- \n" * 21_000},
                       ["content/stories/lines.md:7: body: the summary has 21,001 lines, over the 2,000 limit "
                        "(expected a brief of a few paragraphs)"]),
    "list-markers-on-one-line": ({"stories/markers.md": HEAD + b"1. " * 500 + b"x\n"},  # a RecursionError
                                 ["content/stories/markers.md:8: body: Markdown nested 500 levels deep "
                                  "(expected at most 16 levels of lists and quotes)"]),
    "quotes-nested-too-deep": ({"stories/quotes.md": HEAD + b"> " * 17 + b"x\n"},
                               ["content/stories/quotes.md:8: body: Markdown nested 17 levels deep "
                                "(expected at most 16 levels of lists and quotes)"]),
    "unmatched-brackets": ({"stories/brackets.md": HEAD + b"Intro.\n\n" + b"[" * 60_000 + b"\n"},
                           ["content/stories/brackets.md:10: body: paragraph has over 64 '[' characters "
                            "(expected fewer links per paragraph; a blank line starts a new one)"]),
    "deep-nesting": ({"stories/deep.md": b"---\ntitle: " + b"[" * 200_000 + b"]" * 200_000 + b"\n---\n\nText.\n"},
                     ["content/stories/deep.md:2: front matter: values nested over 20 levels deep "
                      "(expected a few levels of lists and mappings)"]),


    "stories-is-a-file": ({"stories": "Not a folder.\n"},
                          ["content/stories: stories: is not a folder (expected a folder of Markdown files, "
                           "content/stories/)"]),
    "huge-hex-number": ({"stories/hex.md": HEAD.replace(b"title: Council meets", b"title: 0x" + b"f" * 5000)
                         + b"Text.\n"}, []),
    "tagged-huge-integer": ({"stories/int.md": HEAD.replace(b"title: Council meets", b"title: !!int 0x" + b"F" * 5000)
                             + b"Text.\n"},
                            ["content/stories/int.md:2: title: number too long (expected a number of at most 38 "
                             "digits, or text in quotes)"]),
    "unhashable-key-in-a-field": ({"stories/key.md": HEAD.replace(b"  - ref: minutes", b"  - ref: minutes\n  - {? [a]: b}")
                                   + b"Text.\n"},
                                  ["content/stories/key.md:4: sources: malformed YAML value: unhashable type: 'list'"]),
    "plugin-options-a-list": ({}, ["mkdocs.yml:10: plugins.newsbrief: ['timezone'] is not a mapping of options "
                                   "(expected options such as timezone: Europe/London, indented under newsbrief:)"]),
}


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_invalid_site(tmp_path, case):
    files, expected = GENERATED[case]
    root = project(tmp_path / case, {k: v for k, v in files.items() if k != "stories"})
    if "stories" in files:  # a file where the stories folder should be
        shutil.rmtree(root / "content" / "stories")
        (root / "content" / "stories").write_text(files["stories"], encoding="utf-8")
    if case == "plugin-options-a-list":
        config = root / "mkdocs.yml"
        config.write_text(config.read_text().split("plugins:")[0] + "plugins:\n  - newsbrief: [timezone]\n")
    started = time.monotonic()
    if not expected:  # not refused, but never a traceback
        for command in ("check", "build"):
            code, stderr = cli(root, command)
            assert "Traceback" not in stderr and code in (0, 1), stderr
        return
    assert_refused(root, expected)
    assert time.monotonic() - started < 30, "refusing a hostile file must be quick"


def test_symlinks_out_of_content_broken_or_looping_are_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_bytes(HEAD + b"Secret.\n")
    root = project(tmp_path / "site-project", {})
    stories = root / "content" / "stories"
    (stories / "leak.md").symlink_to(outside / "secret.md")
    (stories / "folder").symlink_to(outside, target_is_directory=True)
    (stories / "loop.md").symlink_to(stories / "loop.md")
    (stories / "dangling.md").symlink_to(stories / "nowhere.md")
    assert_refused(root, [
        "content/stories/leak.md: symbolic link points outside the content folder; refused "
        "(expected files inside the content folder)",
        "content/stories/folder: symbolic link points outside the content folder; refused "
        "(expected files inside the content folder)",
        "content/stories/loop.md: symbolic link is broken or loops; refused "
        "(expected a link to a file in the content folder)",
        "content/stories/dangling.md: symbolic link is broken or loops; refused "
        "(expected a link to a file in the content folder)",
    ])


def test_a_binary_file_beside_the_stories_is_a_warning(tmp_path):
    root = project(tmp_path / "p", {"stories/ok.md": front(STORY, "The council met on Monday.\n"),
                              "stories/photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
    warning = ("content/stories/photo.png: warning: not a .md file; ignored (expected Markdown files ending in .md "
               "here; images and other files in a folder of the content outside stories/ and sources/ "
               "(content/img/), which the site publishes)")
    code, stderr = cli(root, "build")
    assert code == 0 and warning in stderr.splitlines(), stderr
    code, stderr = cli(root, "build", "--strict")
    assert code == 1 and warning.replace("warning: ", "") in stderr.splitlines(), stderr


def test_a_fifo_named_like_a_story_is_a_warning_not_a_hang(tmp_path):
    """Reading a FIFO would wait for a writer for ever; it was skipped without a word."""
    import os
    root = project(tmp_path / "p", {"stories/ok.md": front(STORY, "The council met on Monday.\n")})
    os.mkfifo(root / "content/stories/pipe.md")
    code, stderr = cli(root, "build")
    assert code == 0 and "content/stories/pipe.md: warning: not a regular file; ignored" in stderr, stderr


SLUGS = {  # slug as written -> folder under site/stories/
    "../../../etc/passwd": "etc-passwd",
    "a/b\\c": "a-b-c",
    "Spaces And UPPER case": "spaces-and-upper-case",
    "Харків і Київ": "kharkiv-i-kiyiv",
    "北京 会谈": "北京-会谈",
    "İstanbul Işık": "istanbul-isik",  # Turkish dotted capital and dotless i: no stray combining dot
    "ひらがな 한국어": "ひらがな-한국어",  # other scripts keep their letters whole: が is not か
    "..%2F..%2Fescape": "2f-2fescape",
    "\U00020000" * 100: "\U00020000" * 50,  # 4-byte letters: cut to fit a 255-byte folder name
}


def test_hostile_slugs_and_bom_crlf_build_safely_inside_site(tmp_path):
    files = {f"stories/s{i}.md": front({**STORY, "slug": slug}, "The council met on Monday.\n")
             for i, slug in enumerate(SLUGS)}
    files["stories/windows.md"] = ("\ufeff" + front(STORY, "The council met on Monday.\n")).replace("\n", "\r\n") \
        .encode("utf-8")
    root = project(tmp_path / "project", files)
    code, stderr = cli(root, "build")
    assert code == 0, stderr
    built = {p.name for p in (root / "site" / "stories").iterdir()}
    assert built == set(SLUGS.values()) | {"windows"}
    assert {p.name for p in root.iterdir()} <= {"content", "site", "mkdocs.yml", ".cache"}
    assert os.listdir(tmp_path) == ["project"], "nothing is written beside the project"


def test_two_builds_give_identical_bytes(tmp_path):
    files = {"stories/a.md": front({**STORY, "date": "2024-01-01T09:00:00Z"}, "The council met on Monday.\n"),
             "stories/b.md": front({**STORY, "title": "Later", "date": "2099-01-01"}, "Scheduled.\n")}
    env = {"SOURCE_DATE_EPOCH": "1704103200"}
    trees = []
    for name in ("one", "two"):
        root = project(tmp_path / name, files)
        result = newsbrief_env("build", cwd=root, env=env)
        assert result.returncode == 0, result.stderr
        trees.append(tree(root / "site"))
        time.sleep(1.1)  # a clock that leaked into the output would now read differently
    assert trees[0] == trees[1]
    assert not any(str(tmp_path).encode() in data for data in trees[0].values()), "no absolute path in output"


def newsbrief_env(*args, cwd: Path, env: dict):
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **env})


def test_config_that_is_a_folder_and_a_bad_import_date_are_reported(tmp_path):
    root = project(tmp_path / "p", {})
    (root / "folder.yml").mkdir()
    code, stderr = cli(root, "-f", "folder.yml", "build")
    assert code == 1 and "folder.yml: cannot read: Is a directory (expected a readable mkdocs.yml)" in stderr
    (root / "article.txt").write_text("The council met on Monday.\n")
    (root / "summary.txt").write_text("Council meets\nThe council met on Monday.\n")
    code, stderr = cli(root, "import", "article.txt", "summary.txt", "--date", "2024-02-30")
    assert code == 2 and "import: --date '2024-02-30' is not a date (expected YYYY-MM-DD)" in stderr


@pytest.mark.parametrize("case", ["yaml-syntax", "alias-bomb", "duplicate-slug", "unknown-field"])
def test_mkdocs_build_reports_without_traceback_and_keeps_the_site(tmp_path, case):
    root = tmp_path / case
    shutil.copytree(INVALID / case, root)
    if not (root / "mkdocs.yml").exists():
        write_site(root, {})
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the last good site")
    result = mkdocs("build", cwd=root)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    expected = (root / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert all(line in result.stderr for line in expected), result.stderr
    assert (root / "site" / "index.html").read_text() == "the last good site"


FAILURES = {  # how a later build can fail, each after the site was built once
    "content": lambda root: (root / "content/stories/broken.md").write_text("---\ntitle: [\n---\n"),
    "template": lambda root: (root / "templates/story.html").write_text(
        "{% extends 'base.html' %}{% block main %}{{ view.nope.deeper }}{% endblock %}"),
    "strict-warning": lambda root: (root / "content/stories/linked.md").write_text(
        front({**STORY, "unsourced": ["See"]}, "The council met on Monday. See [minutes](../missing/index.html).\n")),
    "unsupported-sentence": lambda root: (root / "content/stories/ok.md").write_text(
        front(STORY, "The council met on Monday. Janet Yellen disagreed.\n")),
    "page-template": lambda root: (root / "templates/main.html").write_text(
        (root / "templates/main.html").read_text().replace("{{ page.content }}", "{{ page.content|nosuchfilter }}")),
}


def _build(tool: str, root: Path, *args: str) -> tuple[int, str]:
    if tool == "newsbrief":
        return cli(root, "build", *args)
    result = mkdocs("build", *args, cwd=root)
    return result.returncode, result.stderr


@pytest.mark.parametrize("tool", ["newsbrief", "mkdocs"])
@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_failed_build_leaves_the_previous_site_byte_for_byte(tmp_path, failure, tool):
    """`mkdocs build --strict` too: MkDocs itself aborts on warnings only after writing site/."""
    root = project(tmp_path / "p", {"stories/ok.md": front(STORY, "The council met on Monday.\n"),
                                    "about.md": "# About\n\nWho we are.\n"})
    shutil.copytree(TEMPLATES, root / "templates")  # a copy this test may break
    text = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(text.replace(f"custom_dir: {TEMPLATES}", "custom_dir: templates"))
    assert _build(tool, root)[0] == 0
    site = root / "site"
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino) for p in site.rglob("*") if p.is_file()}
    FAILURES[failure](root)
    code, stderr = _build(tool, root, "--strict")
    if failure == "page-template" and tool == "newsbrief":
        return  # `newsbrief build` makes no MkDocs page: main.html is not its template
    assert code == 1 and "Traceback" not in stderr, stderr
    if failure == "page-template":
        line = next(n for n, text in enumerate((root / "templates/main.html").read_text().splitlines(), 1)
                    if "nosuchfilter" in text)
        assert f"templates/main.html:{line}: template: No filter named 'nosuchfilter'." in stderr, stderr
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino) for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(os.listdir(root.parent)) == ["p"], "no staging folder left behind"


def test_each_inline_source_is_reported_at_its_own_line(tmp_path):
    text = ("---\ntitle: Council meets\ndate: 2024-01-01\nsources:\n  - url: https://a.example/\n    title: A\n"
            "    publisher: Gazette\n  - url: \"javascript:alert(1)\"\n    title: B\n    publisher: Herald\n"
            "  - ref: 5\n---\n\nThe council met on Monday.\n")
    root = project(tmp_path / "p", {"stories/multi.md": text})
    code, stderr = cli(root, "check")
    assert code == 1
    assert "content/stories/multi.md:8: sources.url: 'javascript:alert(1)' is not an http(s) URL" in stderr
    assert "content/stories/multi.md:11: sources.ref: 5 is not a source id" in stderr


def test_a_10_gib_file_is_refused_without_reading_it(tmp_path):
    import resource
    root = project(tmp_path / "p", {})
    with open(root / "content/stories/enormous.md", "wb") as handle:
        handle.truncate(10 * 2**30)  # sparse: costs no disk, but reading it would cost 10 GiB
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    code, stderr = cli(root, "check")
    assert code == 1 and "content/stories/enormous.md: file is 10,737,418,240 bytes, over the 1,048,576-byte " \
        "limit (expected a story or source text under 1 MiB)" in stderr.splitlines()
    assert time.monotonic() - started < 10
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 100_000  # KiB: nothing was loaded


def test_a_missing_or_unreadable_content_folder_fails_and_keeps_the_site(tmp_path, monkeypatch):
    """Building on without the stories, or without the style sheet, would publish a site with nothing in it."""
    root = project(tmp_path / "project", {"stories/a.md": front(STORY, "The council met on Monday.\n")})
    assert cli(root, "build")[0] == 0
    before = tree(root / "site")
    (root / "content/stories").rename(root / "content/Stories")
    code, stderr = cli(root, "build")
    assert code == 1 and "content/stories: stories: folder not found" in stderr, stderr
    (root / "content/Stories").rename(root / "content/stories")
    real_scandir, blocked = os.scandir, ["stories"]

    def unreadable(path="."):
        if os.path.basename(os.fspath(path)) in blocked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)
    monkeypatch.setattr(os, "scandir", unreadable)
    code, stderr = cli(root, "build")
    assert code == 1 and "content/stories: stories: cannot read the folder: Permission denied" in stderr, stderr
    blocked[:] = ["assets"]  # the stories readable again; the theme's assets are not
    code, stderr = cli(root, "build")
    assert code == 1 and "theme.custom_dir: cannot read: Permission denied" in stderr, stderr
    monkeypatch.undo()
    assert tree(root / "site") == before


def test_a_time_zone_folder_and_an_unreadable_template_are_errors_not_tracebacks(tmp_path, monkeypatch):
    root = project(tmp_path / "project", {"stories/a.md": front(STORY, "The council met on Monday.\n")})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("timezone: UTC", "timezone: Europe"))
    code, stderr = cli(root, "build")
    assert code == 1 and "timezone: unknown time zone 'Europe'" in stderr, stderr
    config.write_text(config.read_text().replace("timezone: Europe", "timezone: UTC"))
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                        if self.name == "base.html" else real(self))
    from generator.cache import folder_version
    assert folder_version(TEMPLATES) != folder_version(tmp_path)  # read what it can: no traceback


def test_hidden_files_are_never_content(tmp_path):
    """An editor's lock (.#a.md, a dangling link), macOS's ._a.md and a hidden .a.md are not stories."""
    root = project(tmp_path / "project", {"stories/a.md": front(STORY, "The council met on Monday.\n"),
                                          "stories/.a.md": front({**STORY, "title": "Hidden"}, "Secret.\n"),
                                          "stories/._a.md": b"\x00\x05\x16\x07 AppleDouble",
                                          "stories/.drafts/b.md": front({**STORY, "title": "Hidden too"}, "S.\n")})
    (root / "content/stories/.#a.md").symlink_to("user@host.1234:1700000000")
    code, stderr = cli(root, "build")
    assert code == 0, stderr
    assert sorted(p.name for p in (root / "site/stories").iterdir()) == ["a"]


def test_source_ids_that_differ_only_in_case_are_refused(tmp_path):
    """sources/X/ and sources/x/ are one folder on macOS and Windows: one page would overwrite the other."""
    root = project(tmp_path / "project", {"sources/Minutes.md": SOURCE,
                                          "stories/a.md": front(STORY, "The council met on Monday.\n")})
    assert_refused(root, ["content/sources/minutes.md:1: id: source id 'minutes' differs only in case from "
                          "content/sources/Minutes.md (expected ids that differ in letters, not only in case)"])


def test_a_site_dir_that_is_a_file_is_refused_and_named_as_a_file(tmp_path):
    root = project(tmp_path / "project", {"stories/a.md": front(STORY, "The council met on Monday.\n")})
    (root / "notes.txt").write_text("mine")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_dir: site", "site_dir: notes.txt"))
    code, stderr = cli(root, "build")
    assert code == 1 and "is a file, not a folder; it is not replaced" in stderr, stderr
    assert "notes.txt left as it was" in stderr and "notes.txt/" not in stderr
    assert (root / "notes.txt").read_text() == "mine"
