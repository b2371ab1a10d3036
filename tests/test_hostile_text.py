"""Hostile Unicode and YAML in front matter and settings: a right site, or an error naming file, line and field."""
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.frontmatter import parse_document
from generator.slug import is_safe_slug, slugify
from sitekit import front, newsbrief, write_site

FACT = "The river flooded the town of Eden on Monday.\n"
SOURCE = front({"title": "Source A", "publisher": "Daily Planet"}, FACT)


def story(extra: str, body: str = FACT) -> str:
    return "---\ntitle: T\ndate: 2024-01-01\nsources:\n- ref: a\n" + extra + "---\n\n" + body


def check(tmp_path, files, command="check"):
    root = write_site(tmp_path, {"sources/a.md": SOURCE, **files})
    result = newsbrief(command, cwd=root)
    assert "Traceback" not in result.stderr, result.stderr
    return root, result


INVISIBLES = ["\u200b\u200c\u200d\u2060", "\ufeff\u00ad", "\u202a\u202b\u202c\u202d\u202e", "\u2066\u2067\u2068\u2069"]


@pytest.mark.parametrize("tag", INVISIBLES)
def test_a_tag_of_only_invisible_characters_is_an_error_at_its_own_line(tmp_path, tag):
    _, result = check(tmp_path, {"stories/a.md": story(f'tags:\n- ok\n- "{tag}"\n')})
    assert result.returncode == 1
    assert f"content/stories/a.md:8: tags: tag {tag!r} has no letters or digits" in result.stderr, result.stderr


def test_invisible_characters_inside_a_tag_do_not_split_its_topic(tmp_path):
    root, result = check(tmp_path, {"stories/a.md": story("tags: [Climate]\n"),
                                    "stories/b.md": story('tags: ["Cli\u200bmate"]\n'),
                                    "stories/c.md": story('tags: ["Cli\u200dmate", "Cli\u200cmate", "Cli\u2060mate"]\n')},
                         "build")
    assert result.returncode == 0 and "shares one" not in result.stderr, result.stderr
    assert sorted(p.name for p in (root / "site/tags").iterdir() if p.is_dir()) == ["climate"]
    page = (root / "site/tags/climate/index.html").read_text(encoding="utf-8")
    assert "<h1>Topic: Climate</h1>" in page
    assert not any(ch in page for ch in "\u200b\u200c\u200d\u2060")


def test_a_headline_of_only_invisible_characters_is_empty(tmp_path):
    text = '---\ntitle: "\u200b\u200c\u200d\u2060\ufeff"\ndate: 2024-01-01\nsources:\n- ref: a\n---\n\nBody.\n'
    _, result = check(tmp_path, {"stories/a.md": text})
    assert result.returncode == 1
    assert "content/stories/a.md:2: title: blank (only characters that show nothing)" in result.stderr, result.stderr


@pytest.mark.parametrize("text,slug", [
    ("Straße", "strasse"), ("STRASSE", "strasse"), ("ﬁnance ﬂow", "finance-flow"), ("ＡＢＣ１２", "abc12"),
    ("हिंदी", "हिंदी"), ("தமிழ்", "தமிழ்"), ("ภาษาไทย", "ภาษาไทย"), ("עִבְרִית", "עברית"),
    ("العَرَبِيَّة", "العربية"), ("Cli\u200dmate", "climate"), ("می\u200cخواهم", "میخواهم"), ("Café", "cafe"),
    ("Харків", "kharkiv"), ("한국어 뉴스", "한국어-뉴스"), ("q\u0301x", "qx"), ("a_b__c", "a-b-c"),
])
def test_slugs_keep_the_marks_words_need_and_drop_the_ones_they_do_not(text, slug):
    assert slugify(text) == slug
    assert is_safe_slug(slug)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_a_slug_is_one_safe_segment_and_slugifying_it_again_changes_nothing(text):
    slug = slugify(text)
    assert slugify(slug) == slug
    assert "/" not in slug and "\\" not in slug and slug not in (".", "..") and not slug.startswith("-")


def test_an_indic_tag_gets_a_readable_topic_page(tmp_path):
    root, result = check(tmp_path, {"stories/a.md": story("tags: [हिंदी, தமிழ்]\n")}, "build")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (root / "site/tags").iterdir() if p.is_dir()) == sorted(["हिंदी", "தமிழ்"])


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_unicode_line_separator_is_a_space_and_later_lines_keep_their_numbers(tmp_path, separator):
    text = f"---\ntitle: Hello{separator}world\ndate: 2024-01-01\nsources:\n- ref: a\nfoo: 1\n---\n\nBody.\n"
    _, result = check(tmp_path, {"stories/a.md": text})
    assert result.returncode == 1
    assert f"content/stories/a.md:2: warning: line separator U+{ord(separator):04X} read as a space" in result.stderr
    assert "content/stories/a.md:6: foo: unknown field 'foo'" in result.stderr, result.stderr


def test_line_separators_in_a_source_are_reported_and_the_site_builds_with_spaces(tmp_path):
    source = front({"title": "Source A", "publisher": "Daily Planet"}, "Intro.\n\nThe river flooded the town"
                   "\u2028of Eden on Monday.\u2029\n")
    text = front({"title": "Flood\u2028in Eden", "date": "2024-01-01", "sources": [{"ref": "a"}]}, FACT)
    root = write_site(tmp_path, {"sources/a.md": source, "stories/a.md": text})
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "content/sources/a.md:8: warning: line separator U+2028 (and 1 more) read as a space" in result.stderr
    assert "content/stories/a.md:2: warning: line separator U+2028 read as a space" in result.stderr
    page = (root / "site/stories/a/index.html").read_text(encoding="utf-8")
    assert "Flood in Eden" in page and "\u2028" not in page


def test_a_control_character_after_a_line_separator_is_named_at_its_byte_offset(tmp_path):
    _, result = check(tmp_path, {"stories/a.md": "---\r\ntitle: A\u2028B\x01\n---\nBody.\n"})
    assert "content/stories/a.md:2: control character U+0001 at byte offset 17" in result.stderr, result.stderr


@pytest.mark.parametrize("yaml_text,line", [
    ("base: &b {title: T, date: 2024-01-01}\n<<: *b\nsources:\n- ref: a\n", 3),
    ("title: T\ndate: 2024-01-01\nsources:\n- &s {ref: a}\n- <<: *s\n  quote: x\n", 6),
])
def test_a_yaml_merge_key_is_refused_at_its_line_not_dropped(tmp_path, yaml_text, line):
    _, result = check(tmp_path, {"stories/a.md": f"---\n{yaml_text}---\n\nBody.\n"})
    assert result.returncode == 1
    assert f"content/stories/a.md:{line}: <<: YAML merge key '<<' is not supported" in result.stderr, result.stderr


def test_an_alias_repeats_its_anchors_value(tmp_path):
    root, result = check(tmp_path, {"stories/a.md": "---\ntitle: &t Flood in Eden\ndate: 2024-01-01\nsources:\n"
                                                    "- ref: a\ndek: *t\n---\n\n" + FACT}, "build")
    assert result.returncode == 0, result.stderr
    page = (root / "site/stories/a/index.html").read_text(encoding="utf-8")
    assert page.count("Flood in Eden") >= 2 and "*t" not in page


def test_an_alias_bomb_is_refused_fast(tmp_path):
    bomb = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefghi", "bcdefghij"))
    started = time.monotonic()
    document, problems = parse_document(f"---\ntitle: T\n{bomb}---\nBody.\n".encode(), "s.md")
    assert time.monotonic() - started < 2
    assert document is None and "alias bomb" in problems[0].format(), problems


@pytest.mark.parametrize("line,field", [
    ("site_url: !!python/name:os.system", "site_url"),
    ("site_name: !!python/object/apply:os.system ['touch pwned']", "site_name"),
    ("strict: !!python/name:builtins.True", "strict"),
])
def test_a_python_tag_in_a_setting_newsbrief_reads_is_an_error_at_its_line_and_runs_nothing(tmp_path, line, field):
    root = write_site(tmp_path, {"stories/a.md": story("")}, site_url="")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("docs_dir:", f"{line}\ndocs_dir:")
                                     .replace("      per_page:", "      feed_size: !!python/name:os.getpid\n"
                                              "      per_page:"), encoding="utf-8")
    result = newsbrief("check", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"mkdocs.yml:2: {field}: YAML tag {line.split()[1]} is not allowed here" in result.stderr, result.stderr
    assert "mkdocs.yml:12: plugins.newsbrief.feed_size: YAML tag !!python/name:os.getpid is not allowed" in result.stderr
    assert not (root / "pwned").exists()


def test_a_python_tag_in_a_setting_only_mkdocs_reads_is_left_to_mkdocs(tmp_path):
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/a.md": story("")}, extra=(
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"))
    result = newsbrief("check", cwd=root)
    assert result.returncode == 0 and "is not allowed" not in result.stderr, result.stderr


@pytest.mark.parametrize("written,warned,shown", [
    ("2024-03-31T01:30:00", "'2024-03-31T01:30:00' never happened in Europe/London (the clock skipped it); read as "
     "2024-03-31 02:30:00+01:00", '<time datetime="2024-03-31T02:30:00+01:00">31 March 2024, 02:30 BST</time>'),
    ("2024-10-27 01:30:00", "'2024-10-27T01:30:00' happened twice in Europe/London (the clock went back); read as the "
     "first, 2024-10-27 01:30:00+01:00", '<time datetime="2024-10-27T01:30:00+01:00">27 October 2024, 01:30 BST</time>'),
])
def test_a_local_time_a_clock_change_skipped_or_repeated_is_a_warning_and_read_one_way(tmp_path, written, warned, shown):
    text = f"---\ntitle: T\nsources:\n- ref: a\ndate: {written}\n---\n\n{FACT}"
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/s.md": text}, timezone="Europe/London")
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert f"content/stories/s.md:5: warning: date: {warned}" in result.stderr, result.stderr
    assert shown in (root / "site/stories/s/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("written", ["2024-09-08", "2024-10-27T01:30:00+00:00", "2024-06-01T01:30:00"])
def test_a_day_or_a_time_with_its_offset_or_an_ordinary_time_is_no_warning(tmp_path, written):
    text = f"---\ntitle: T\nsources:\n- ref: a\ndate: {written}\n---\n\n{FACT}"
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/s.md": text}, timezone="America/Santiago")
    result = newsbrief("check", cwd=root)
    assert result.returncode == 0 and "happened" not in result.stderr, result.stderr


def test_a_python_tag_in_an_inherited_config_is_named_in_that_file(tmp_path):
    root = write_site(tmp_path, {"sources/a.md": SOURCE, "stories/a.md": story("")}, site_url="",
                      extra="INHERIT: base.yml\n")
    (root / "base.yml").write_text("site_description: fine\nsite_url: !!python/name:os.system\n", encoding="utf-8")
    result = newsbrief("check", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "base.yml:2: site_url: YAML tag !!python/name:os.system is not allowed here" in result.stderr, result.stderr
    assert "mkdocs.yml:2: site_url" not in result.stderr
