"""mkdocs.yml as `newsbrief build` reads it: typos are named with their line, values feeds cannot carry are refused."""
from pathlib import Path

from sitekit import front, newsbrief, write_site

SOURCE = front({"title": "Council minutes", "publisher": "Gazette"}, "The council met on Monday.\n")
STORY = front({"title": "Council meets", "date": "2024-01-01", "sources": [{"ref": "minutes"}]},
              "The council met on Monday.\n")


def site(root: Path, replace=(), extra: str = "") -> Path:
    write_site(root, {"sources/minutes.md": SOURCE, "stories/meets.md": STORY}, extra=extra)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for old, new in replace:
        assert old in text
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")
    return root


def line_of(root: Path, text: str) -> int:
    return next(n for n, line in enumerate((root / "mkdocs.yml").read_text().splitlines(), 1) if text in line)


def test_mkdocs_own_settings_are_known():
    from mkdocs.config.defaults import MkDocsConfig
    from generator.config import MKDOCS_SETTINGS
    assert {key for key, _ in MkDocsConfig._schema} - {"config_file_path"} == set(MKDOCS_SETTINGS) - {"INHERIT"}


def test_a_misspelt_setting_is_named_with_its_line(tmp_path):
    root = site(tmp_path, extra="site_nmae: Daily Brief\n")
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    assert (f"mkdocs.yml:{line_of(root, 'site_nmae')}: warning: site_nmae: not a setting MkDocs or Newsbrief knows; ignored "
            "(did you mean 'site_name'?) (expected a setting such as site_name, site_url or plugins)") \
        in result.stderr.splitlines()


def test_a_misspelt_plugin_option_is_an_error_with_its_line_and_a_suggestion(tmp_path):
    root = site(tmp_path, replace=[("      timezone: UTC", "      timezon: UTC")])
    result = newsbrief("build", cwd=root)
    assert result.returncode == 1
    assert f"mkdocs.yml:{line_of(root, 'timezon')}: plugins.newsbrief.timezon: unknown option (did you mean " \
           "'timezone'?)" in result.stderr
    assert not (root / "site").exists()


def test_site_url_with_a_query_or_a_control_character_is_refused(tmp_path):
    for n, (old, new, message) in enumerate([
            ("site_url: https://example.org/brief/", "site_url: https://example.org/brief/?utm=x#top",
             "site_url: 'https://example.org/brief/?utm=x#top' has a query or fragment"),
            ("site_name: Test Brief", 'site_name: "Test\\x01Brief"', "site_name: control character U+0001 in the value")]):
        (tmp_path / str(n)).mkdir()
        root = site(tmp_path / str(n), replace=[(old, new)])
        result = newsbrief("build", cwd=root)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"mkdocs.yml:{line_of(root, new.split(':')[0])}: {message}" in result.stderr, result.stderr


def test_an_international_site_url_is_written_as_a_uri(tmp_path):
    root = site(tmp_path, replace=[("site_url: https://example.org/brief/", "site_url: https://bücher.example/新闻 x/")])
    result = newsbrief("build", cwd=root)
    assert result.returncode == 0, result.stderr
    sitemap = (root / "site" / "sitemap.xml").read_text()
    assert "<loc>https://xn--bcher-kva.example/%E6%96%B0%E9%97%BB%20x/stories/meets/</loc>" in sitemap
    assert 'rel="canonical" href="https://xn--bcher-kva.example/%E6%96%B0%E9%97%BB%20x/stories/meets/"' in \
        (root / "site" / "stories" / "meets" / "index.html").read_text()


def test_a_malformed_site_url_is_an_error_not_a_traceback(tmp_path):
    root = site(tmp_path, replace=[("site_url: https://example.org/brief/", 'site_url: "https://[example.org/b/"')])
    result = newsbrief("build", cwd=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "site_url: 'https://[example.org/b/' is not a URL" in result.stderr


def test_a_host_idna_2003_would_change_is_percent_encoded():
    from generator.config import as_uri
    assert as_uri("https://faß.de/x") == "https://fa%C3%9F.de/x"   # IDNA 2003 makes it fass.de, another domain
    assert as_uri("https://bücher.example/") == "https://xn--bcher-kva.example/"


def test_a_recursive_alias_or_an_alias_bomb_in_mkdocs_yml_does_not_hang_the_build(tmp_path):
    bomb = "extra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"  {chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    for extra in ("extra:\n  loop: &a [*a]\nsite_nmae: typo\n", bomb + "site_nmae: typo\n"):
        (tmp_path / str(len(extra))).mkdir()
        root = site(tmp_path / str(len(extra)), extra=extra)
        result = newsbrief("build", cwd=root)  # hung for ever: the line finder walked the aliases
        assert result.returncode == 0, result.stderr
        assert f"mkdocs.yml:{line_of(root, 'site_nmae')}: warning: site_nmae: not a setting" in result.stderr


def test_a_site_url_host_or_port_no_browser_can_use_and_a_language_that_is_no_tag_are_refused(tmp_path):
    from sitekit import mkdocs
    for n, (old, new, message) in enumerate([
            ("site_url: https://example.org/brief/", "site_url: https://exa mple.org/",
             "site_url: 'https://exa%20mple.org/': its host 'exa%20mple.org' is not a domain name or address"),
            ("site_url: https://example.org/brief/", "site_url: https://example.org:99999/",
             "site_url: 'https://example.org:99999/': its port cannot be used"),
            ("site_url: https://example.org/brief/", "site_url: https://user:secret@example.org/",
             "site_url: 'https://user:secret@example.org/': it holds a user name or password"),
            ("site_name: Test Brief", "site_name: ''", "site_name: empty"),
            ("per_page: 20", "per_page: 20\n      language: 'en\" onload=\"x'",
             "language: 'en\" onload=\"x' is not a language tag")]):
        (tmp_path / str(n)).mkdir()
        root = site(tmp_path / str(n), replace=[(old, new)])
        for command in ("newsbrief", "mkdocs"):
            result = newsbrief("build", cwd=root) if command == "newsbrief" else mkdocs("build", cwd=root)
            assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
            assert message in result.stderr, (command, result.stderr)
        key = message.split(":")[0]  # the setting's own line
        assert f"mkdocs.yml:{line_of(root, key + ':')}: {message}" in newsbrief("build", cwd=root).stderr


def test_spaces_around_site_url_are_no_part_of_it(tmp_path):
    """" https://example.org/brief/ " made every canonical link https://example.org/brief/%20/."""
    from sitekit import mkdocs, parse
    root = site(tmp_path, replace=[("site_url: https://example.org/brief/", "site_url: ' https://example.org/brief/ '")])
    for command in (lambda: newsbrief("build", cwd=root), lambda: mkdocs("build", cwd=root)):
        assert command().returncode == 0
        (link,) = [a for t, a in parse(root / "site/index.html").tags if t == "link" and a.get("rel") == "canonical"]
        assert link["href"] == "https://example.org/brief/"


def test_a_site_folder_inside_the_build_cache_is_refused(tmp_path):
    """The build replaces its site folder whole: one inside .cache/ would take the cache (and MkDocs' copies)."""
    root = site(tmp_path, replace=[("site_dir: site", "site_dir: .cache/out")])
    result = newsbrief("build", cwd=root)
    assert result.returncode == 1 and "site_dir: '.cache/out' would overwrite the build cache" in result.stderr, \
        result.stderr
