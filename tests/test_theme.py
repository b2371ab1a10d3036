"""The built-in theme: a new site builds without a templates folder, and overriding one file takes just that file."""
import re
import shutil
from pathlib import Path

import pytest

from generator.theme import served_css as _without_comments
from sitekit import TEMPLATES, front, mkdocs, newsbrief, parse

SOURCE = front({"title": "Council minutes", "publisher": "Gazette"}, "The council met on Monday.\n")
STORY = front({"title": "Council meets", "date": "2024-01-01", "sources": [{"ref": "minutes"}]},
              "The council met on Monday.\n")


def new_site(root: Path, config: str) -> Path:
    """A site as a curator starts one: mkdocs.yml and content, nothing copied from this repository."""
    (root / "content/stories").mkdir(parents=True)
    (root / "content/sources").mkdir()
    (root / "content/stories/meets.md").write_text(STORY, encoding="utf-8")
    (root / "content/sources/minutes.md").write_text(SOURCE, encoding="utf-8")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


MINIMAL = "site_name: Daily Brief\nsite_url: https://example.org/\ndocs_dir: content\nplugins:\n  - newsbrief\n"
WITH_THEME = MINIMAL + "use_directory_urls: false\ntheme:\n  name: null\n  custom_dir: templates\n"


def test_a_site_without_templates_builds_with_the_built_in_theme(tmp_path):
    root = new_site(tmp_path, MINIMAL)
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert parse(site / "stories/meets/index.html").headings[0] == (1, "Council meets")
    for asset in ("search.js", "tips.js", "favicon.svg"):
        assert (site / "assets" / asset).read_bytes() == (TEMPLATES / "assets" / asset).read_bytes()
    served, written = (site / "assets/style.css").read_text(), (TEMPLATES / "assets/style.css").read_text()
    assert "/*" in written and "/*" not in served  # the comments are for its editors, not its readers
    assert served.split() == re.sub(r"/\*.*?\*/", " ", written, flags=re.S).split()
    assert (site / "404.html").is_file() and (site / "search/index.html").is_file()


def test_one_overridden_template_and_style_sheet_replace_only_themselves(tmp_path):
    root = new_site(tmp_path, WITH_THEME)
    (root / "templates/assets").mkdir(parents=True)
    (root / "templates/assets/style.css").write_text("body { color: rebeccapurple; }\n")
    story = (TEMPLATES / "story.html").read_text().replace("{% block main %}", "{% block main %}<p>OUR THEME</p>", 1)
    (root / "templates/story.html").write_text(story)
    (root / "content/about.md").write_text("# About\n\nWho we are.\n")
    for command in (lambda: newsbrief("build", cwd=root), lambda: mkdocs("build", cwd=root)):
        result = command()
        assert result.returncode == 0, result.stderr
        site = root / "site"
        assert (site / "assets/style.css").read_text() == "body { color: rebeccapurple; }\n"
        assert (site / "assets/search.js").read_bytes() == (TEMPLATES / "assets/search.js").read_bytes()
        assert "OUR THEME" in (site / "stories/meets/index.html").read_text()
        assert "OUR THEME" not in (site / "index.html").read_text()
    assert parse(root / "site/about.html").headings[0] == (1, "About")  # main.html from the built-in theme


def test_an_edit_to_an_overriding_template_is_seen_by_the_next_build(tmp_path):
    root = new_site(tmp_path, WITH_THEME)
    (root / "templates").mkdir()
    assert newsbrief("build", cwd=root).returncode == 0
    shutil.copy(TEMPLATES / "404.html", root / "templates/404.html")
    page = (root / "templates/404.html").read_text().replace("{% block main %}", "{% block main %}<!-- ours -->")
    (root / "templates/404.html").write_text(page)
    assert newsbrief("build", cwd=root).returncode == 0
    assert "<!-- ours -->" in (root / "site/404.html").read_text()


def test_a_templates_folder_named_in_the_settings_must_exist(tmp_path):
    root = new_site(tmp_path, WITH_THEME.replace("custom_dir: templates", "custom_dir: mytheme"))
    result = newsbrief("build", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "mkdocs.yml:9: theme.custom_dir: no templates folder 'mytheme'" in result.stderr


def test_the_theme_is_an_mkdocs_theme_by_name(tmp_path):
    """`theme: newsbrief` (a `mkdocs.themes` entry point): MkDocs renders an About page with our main.html and
    copies no theme files of its own; `custom_dir` over it overrides single files."""
    root = new_site(tmp_path, MINIMAL + "use_directory_urls: false\ntheme:\n  name: newsbrief\n")
    (root / "content/about.md").write_text("# About\n\nWho we are.\n")
    result = mkdocs("build", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    about = (site / "about.html").read_text()
    assert 'class="masthead"' in about and 'href="assets/style.css"' in about
    assert not (site / "css").exists() and not (site / "js").exists()  # none of MkDocs' own theme
    assert (site / "assets/style.css").read_bytes() == _without_comments((TEMPLATES / "assets/style.css").read_bytes())
    assert not (site / "__init__.py").exists() and not (site / "mkdocs_theme.yml").exists()


def test_the_theme_without_the_plugin_publishes_no_story(tmp_path):
    """`theme: newsbrief` but no `plugins:`: MkDocs would render every story as it is, drafts too."""
    root = new_site(tmp_path, "site_name: B\ndocs_dir: content\nuse_directory_urls: false\ntheme: newsbrief\n")
    (root / "content/stories/secret.md").write_text(STORY.replace("title: Council meets", "title: Secret\ndraft: true")
                                                    .replace("The council met on Monday.", "Embargoed words."))
    result = mkdocs("build", cwd=root)
    pages = [p.read_text() for p in (root / "site").rglob("*.html")]
    assert pages and not any("Embargoed words" in page for page in pages), result.stderr
    assert any("plugins: [newsbrief]" in page for page in pages)


def test_a_relative_config_path_and_custom_dir(tmp_path):
    """`mkdocs build -f sub/mkdocs.yml` from elsewhere: custom_dir was joined to the project folder twice."""
    root = new_site(tmp_path / "sub", WITH_THEME)
    (root / "templates").mkdir()
    result = mkdocs("build", "-f", "sub/mkdocs.yml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (root / "site/stories/meets/index.html").is_file()


def test_strict_refuses_an_about_page_linking_to_a_draft_before_touching_the_site(tmp_path):
    root = new_site(tmp_path, MINIMAL + "use_directory_urls: false\ntheme: newsbrief\n")
    (root / "content/about.md").write_text("# About\n\nSee [the plan](stories/plan.md).\n")
    (root / "content/stories/plan.md").write_text(STORY.replace("title: Council meets", "title: Plan\ndraft: true"))
    assert mkdocs("build", cwd=root).returncode == 0
    before = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    result = mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 1
    assert "content/about.md:3: link to stories/plan.md: no published page" in result.stderr
    assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == before


def test_mkdocs_search_plugin_files_survive_a_build_without_a_record(tmp_path):
    root = new_site(tmp_path, MINIMAL.replace("  - newsbrief\n", "  - search\n  - newsbrief\n")
                    + "use_directory_urls: false\ntheme: newsbrief\n")
    assert mkdocs("build", cwd=root).returncode == 0
    assert (root / "site/search/search_index.json").is_file()


def test_a_template_added_between_two_builds_of_one_process_is_used(tmp_path):
    """`mkdocs serve` builds again in its process: a new templates/story.html was not found (the templates were
    looked up once), and the pages made with the old one were trusted from then on."""
    from generator.build import build
    from generator.config import load_config
    root = new_site(tmp_path, WITH_THEME)
    (root / "templates").mkdir()
    config, _ = load_config(root / "mkdocs.yml")
    assert not build(config).failed
    story = (TEMPLATES / "story.html").read_text().replace("{% block main %}", "{% block main %}<p>OURS</p>", 1)
    (root / "templates" / "story.html").write_text(story)
    assert not build(config).failed
    assert "OURS" in (root / "site/stories/meets/index.html").read_text()


def test_a_named_custom_dir_that_does_not_exist_is_refused_by_both_builds(tmp_path):
    root = new_site(tmp_path, WITH_THEME)  # custom_dir: templates, and no templates/
    result = newsbrief("build", cwd=root)
    assert result.returncode == 1 and "mkdocs.yml:9: theme.custom_dir: no templates folder 'templates'" in result.stderr


def test_strict_reads_about_page_links_as_mkdocs_does(tmp_path):
    root = new_site(tmp_path, MINIMAL + "use_directory_urls: false\ntheme: newsbrief\n")
    (root / "content/our team.md").write_text("# Team\n")
    (root / "content/about.md").write_text("# About\n\n[our team](our%20team.md)\n\n```\n[example](example.md)\n```\n")
    result = mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr


def test_mkdocs_theme_files_survive_a_dirty_build_without_a_record(tmp_path):
    root = new_site(tmp_path, MINIMAL.replace("  - newsbrief\n", "  - search\n  - newsbrief\n")
                    + "use_directory_urls: false\ntheme: newsbrief\n")
    assert mkdocs("build", cwd=root).returncode == 0
    shutil.rmtree(root / ".cache")
    assert mkdocs("build", "--dirty", cwd=root).returncode == 0
    assert (root / "site/search/search_index.json").is_file()
    assert sorted(p.name for p in (root / "site/search").iterdir() if p.suffix == ".js") != []


@pytest.mark.parametrize("template,message", [
    ("{{ 1/0 }}", "templates/story.html:1: ZeroDivisionError: division by zero"),
    ('{% include "story.html" %}', "templates/story.html:1: the template includes, extends or calls itself"),
    ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}", "the template includes, extends or calls itself"),
])
def test_a_template_that_fails_while_rendering_is_an_error_not_a_traceback(tmp_path, template, message):
    root = new_site(tmp_path, WITH_THEME)
    (root / "templates").mkdir()
    assert newsbrief("build", cwd=root).returncode == 0
    before = (root / "site/stories/meets/index.html").read_bytes()
    (root / "templates/story.html").write_text(template)
    for command in (lambda: newsbrief("build", cwd=root), lambda: mkdocs("build", cwd=root)):
        result = command()
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-3000:]
        assert message in result.stderr, result.stderr[-3000:]
        assert (root / "site/stories/meets/index.html").read_bytes() == before  # the last good site kept


@pytest.mark.parametrize("written,served", [
    (b".cite/* m */ .tip{}", b".cite  .tip{}"),                    # a comment between selectors stays a space
    (b"a{margin:0/**/auto}", b"a{margin:0 auto}"),
    (b"b{background:url(/img/*/x.png)} /* c */ i{}", b"b{background:url(/img/*/x.png)}   i{}"),
    (b'a{content:"/* not */"}', b'a{content:"/* not */"}'),
    (b"a{} /* never closed", b"a{} /* never closed"),
])
def test_a_style_sheet_is_served_without_comments_and_means_the_same(written, served):
    assert _without_comments(written) == served

