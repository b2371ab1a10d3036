"""Site settings from mkdocs.yml and the plugin's options, typed and self-documenting."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import difflib
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import mergedeep
import yaml
import yaml_env_tag

from .errors import Diagnostic, error, warning


def _setting(default, doc: str):
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class SiteConfig:
    """Everything the pipeline needs to know about a site; built once, never mutated."""

    project_dir: Path = _setting(Path("."), "Folder holding mkdocs.yml; every other path is relative to it.")
    site_name: str = _setting("Newsbrief", "Name shown in every page header and in feeds.")
    site_url: str = _setting("", "Absolute URL the site is served from, e.g. https://user.github.io/repo/ (enables canonical links, feeds and sitemaps).")
    site_description: str = _setting("", "One-line description for the front page and metadata.")
    docs_dir: str = _setting("content", "Content folder, holding stories/ and sources/.")
    site_dir: str = _setting("site", "Output folder; owned by the build, never commit it.")
    templates_dir: str = _setting("templates", "Set as MkDocs' `theme.custom_dir`: the site's own templates and assets/, each file overriding the built-in theme's; no templates/ folder means the built-in theme.")
    language: str = _setting("en", "Language of the site, written to <html lang>; a right-to-left one "
                                   "(ar, he, fa, ur, ...) also sets <html dir=\"rtl\">.")
    timezone: str = _setting("UTC", "IANA time zone of the newsroom; a bare date means midnight there.")
    per_page: int = _setting(20, "Stories per front page; older ones move to page/2/ and on.")
    topic_per_page: int = _setting(50, "Stories per topic or publisher page; older ones move to …/page/2/ and on.")
    feed_size: int = _setting(50, "Newest stories in each feed (RSS, Atom, JSON Feed; site and per topic).")
    cname: str = _setting("", "Custom domain, written to CNAME (default: content/CNAME, if any); GitHub Pages "
                              "deployed by the Actions workflow takes the domain from Settings → Pages instead.")
    strict: bool = _setting(False, "Treat warnings (unsupported sentences, broken links, a story whose sources "
                                   "are links only, so its sentences cannot be checked) as errors.")
    config_file: str = _setting("mkdocs.yml", "The settings file, as messages name it (`-f`).")

    @property
    def content_path(self) -> Path:
        return self.project_dir / self.docs_dir

    @property
    def site_path(self) -> Path:
        return self.project_dir / self.site_dir

    @property
    def templates_path(self) -> Path:
        return self.project_dir / self.templates_dir

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


# MkDocs 1.6's own settings (tests/test_validation.py compares them with MkDocs'): any other top-level key is a typo
MKDOCS_SETTINGS = ("INHERIT", "site_name", "nav", "pages", "exclude_docs", "draft_docs", "not_in_nav", "validation",
                   "site_url", "site_description", "site_author", "theme", "docs_dir", "site_dir", "copyright",
                   "google_analytics", "dev_addr", "use_directory_urls", "repo_url", "repo_name", "edit_uri_template",
                   "edit_uri", "extra_css", "extra_javascript", "extra_templates", "markdown_extensions",
                   "mdx_configs", "strict", "remote_branch", "remote_name", "extra", "plugins", "hooks", "watch")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
PLUGIN_OPTIONS = ("language", "timezone", "per_page", "topic_per_page", "feed_size", "cname")
_TYPES = {f.name: f.type for f in dataclasses.fields(SiteConfig)}


def settings_table() -> list[tuple[str, str, str]]:
    """(name, default, doc) for every setting, for the README and its test."""
    return [(f.name, repr(f.default), f.metadata["doc"]) for f in dataclasses.fields(SiteConfig)
            if f.name not in ("project_dir", "config_file")]


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !ENV or !!python/name that only MkDocs understands."""


class Foreign:
    """A value behind a tag only MkDocs (or a plugin) understands, e.g. !!python/name:…: never constructed here;
    harmless where MkDocs reads it, an error in a setting Newsbrief reads."""

    def __init__(self, tag: str, line: int):
        self.tag, self.line = tag.replace("tag:yaml.org,2002:", "!!", 1), line
        self.path = ""  # the file it was read from (an INHERIT parent or the site's own), set once read

    def __repr__(self) -> str:
        return self.tag


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: Foreign(node.tag, node.start_mark.line + 1))
# as MkDocs reads them (its own dependencies): `site_url: !ENV [SITE_URL, "https://…"]` must mean the same to both
_TolerantLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)


def _plugin_options(plugins):
    """The plugin's options, from either form MkDocs accepts: a list of names and {name: options}, or a
    mapping of name to options. Anything but a mapping of options is returned as is, for an error."""
    entries = [plugins] if isinstance(plugins, dict) else plugins if isinstance(plugins, list) else []
    for entry in entries:
        if isinstance(entry, dict) and "newsbrief" in entry:
            return entry["newsbrief"] if entry["newsbrief"] is not None else {}
    return {}


def _shown(value, limit: int = 60) -> str:
    text = repr(value) if not isinstance(value, int) or abs(value) < 10 ** 60 else "a very large number"
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _site_dir_clash(cfg: SiteConfig) -> str:
    """What a build would destroy: the build replaces site_dir whole, so it must not be, hold or sit
    inside the project, the content or the templates."""
    root, site = cfg.project_dir.resolve(), cfg.site_path.resolve()
    if site == root or site in root.parents:
        return "the project or its content"
    cache = cfg.project_dir / ".cache"  # the build cache (its mkdocs-site/ too): a site there would replace it
    for name, folder in (("the content", cfg.content_path), ("the templates", cfg.templates_path),
                         ("the build cache", cache)):
        folder = folder.resolve()
        if site == folder or site in folder.parents or folder in site.parents:
            return name
    return ""


def check_config(cfg: SiteConfig, path: str) -> list[Diagnostic]:
    problems = []
    try:
        cfg.tz
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" names a folder of zones
        problems.append(error(path, 0, "timezone", f"unknown time zone {cfg.timezone!r}", "an IANA name such as Europe/London"))
    for name in ("per_page", "topic_per_page", "feed_size"):
        value = getattr(cfg, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            problems.append(error(path, 0, name, f"{value!r} is not a positive whole number", "an integer ≥ 1"))
    folders = {"docs_dir": cfg.docs_dir, "site_dir": cfg.site_dir, "templates_dir": cfg.templates_dir}
    for key, value in folders.items():
        if "\x00" in value:  # the OS refuses such a path; say so instead of failing later
            problems.append(error(path, 0, key, f"{value!r} holds a NUL character", "a folder name"))
    clash = "" if any("\x00" in v for v in folders.values()) else _site_dir_clash(cfg)
    if clash:
        problems.append(error(path, 0, "site_dir", f"{cfg.site_dir!r} would overwrite {clash}",
                              "a folder of its own such as site"))
    if cfg.site_url and not cfg.site_url.startswith(("http://", "https://")):
        problems.append(error(path, 0, "site_url", f"{cfg.site_url!r} is not an absolute http(s) URL",
                              "https://user.github.io/repo/"))
    elif cfg.site_url and not _splits(cfg.site_url):
        problems.append(error(path, 0, "site_url", f"{cfg.site_url!r} is not a URL", "https://user.github.io/repo/"))
    elif cfg.site_url and urlsplit(cfg.site_url)[3:] != ("", ""):  # every page's URL is site_url + its path
        problems.append(error(path, 0, "site_url", f"{cfg.site_url!r} has a query or fragment",
                              "the address of the site's folder, such as https://user.github.io/repo/"))
    elif cfg.site_url and _host_problem(cfg.site_url):
        problems.append(error(path, 0, "site_url", f"{cfg.site_url!r}: {_host_problem(cfg.site_url)}",
                              "https://user.github.io/repo/"))
    if not LANGUAGE_TAG.fullmatch(cfg.language):
        problems.append(error(path, 0, "language", f"{cfg.language!r} is not a language tag",
                              "a BCP 47 tag such as en, fr or pt-BR"))
    if not cfg.site_name.strip():  # every page's title and header link would be empty
        problems.append(error(path, 0, "site_name", "empty", "the site's name, shown in every page header"))
    for name in ("site_name", "site_description", "site_url", "language", "cname"):
        found = _CONTROL.search(getattr(cfg, name))  # feeds are XML: one such character makes them unreadable
        if found:
            problems.append(error(path, 0, name, f"control character U+{ord(found.group()):04X} in the value",
                                  "text without control characters"))
    return problems


LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")  # BCP 47, as far as a reader's voice needs
_HOST = re.compile(r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?|\[[0-9a-f:.]+\]")


def _host_problem(url: str) -> str:
    """Why the host or port of an absolute URL cannot be served from ("" if it can)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        if parts.port == 0:  # "…:99999" raises here
            raise ValueError("port 0")
        ascii_host = host if host.isascii() else host.encode("idna").decode("ascii")
    except (ValueError, UnicodeError) as exc:
        return f"its {'port' if 'port' in str(exc).lower() else 'host'} cannot be used"
    if not host:
        return "it names no host"
    if parts.username is not None or parts.password is not None:  # every page and feed would publish them
        return "it holds a user name or password"
    if any(ch.isspace() for ch in url):
        return "it holds a space"
    if not _HOST.fullmatch(ascii_host.lower()) and not _HOST.fullmatch(f"[{ascii_host.lower()}]"):
        return f"its host {host!r} is not a domain name or address"
    return ""


def _splits(url: str) -> bool:
    try:
        urlsplit(url).hostname  # an unclosed "[" (an IPv6 host) is found here
        return True
    except ValueError:
        return False


_URI_SAFE = "/%:@!$&'()*+,;=~?#[]"  # RFC 3986's reserved and unreserved characters, and % escapes kept as written


def as_uri(url: str) -> str:
    """A URL as feeds, sitemaps and attributes must give it: an international host in its ASCII (IDNA) form, and
    spaces, quotes, angle brackets and other letters percent-encoded ("https://bücher.example/a b" is
    https://xn--bcher-kva.example/a%20b)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        ascii_host = host if host.isascii() else host.encode("idna").decode("ascii")
        if ascii_host.encode("ascii").decode("idna") != host:
            ascii_host = quote(host)  # Python's IDNA 2003 maps "faß.de" to fass.de, another domain: percent-encoded
    except (ValueError, UnicodeError):
        return url  # not a URL a host can be read from: left for the checks to name
    netloc = parts.netloc if host.isascii() else parts.netloc.lower().replace(host, ascii_host)
    return urlunsplit((parts.scheme, quote(netloc, safe=_URI_SAFE), quote(parts.path, safe=_URI_SAFE),
                       quote(parts.query, safe=_URI_SAFE), quote(parts.fragment, safe=_URI_SAFE)))


def _foreign(data: dict, path: str) -> list[Diagnostic]:
    """Settings Newsbrief reads whose value is a tag it will not construct (`site_url: !!python/name:os.system`)."""
    theme, plugins = data.get("theme"), data.get("plugins")
    read = {k: data.get(k) for k in ("site_name", "site_url", "site_description", "docs_dir", "site_dir", "strict",
                                      "theme", "plugins")}
    read["theme.custom_dir"] = theme.get("custom_dir") if isinstance(theme, dict) else None
    for i, entry in enumerate(plugins if isinstance(plugins, list) else []):
        read[f"plugins.{i}"] = entry
    options = _plugin_options(plugins)
    read["plugins.newsbrief"] = options
    if isinstance(options, dict):
        read.update({f"plugins.newsbrief.{k}": v for k, v in options.items() if isinstance(k, str)})
    return [error(value.path or path, value.line, key, f"YAML tag {value.tag} is not allowed here", "plain text, a number, "
                  "true/false, or !ENV") for key, value in read.items() if isinstance(value, Foreign)]


def config_from_mapping(data: dict, project_dir: Path, path: str = "mkdocs.yml") -> tuple[SiteConfig, list[Diagnostic]]:
    """Pick our settings out of a MkDocs config mapping plus the plugin's options."""
    foreign = _foreign(data, path)
    if foreign:
        return SiteConfig(project_dir=project_dir, config_file=path), foreign
    values = {k: data[k] for k in ("site_name", "site_url", "site_description", "docs_dir", "site_dir")
              if data.get(k) is not None}
    if data.get("strict") is True:  # MkDocs' own `strict: true`: warnings fail `newsbrief build` as they fail MkDocs
        values["strict"] = True
    problems = []
    theme = data.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        values["templates_dir"] = theme["custom_dir"]
        if not (project_dir / str(theme["custom_dir"])).is_dir():  # named, so meant: MkDocs refuses it too
            problems.append(error(path, 0, "theme.custom_dir", f"no templates folder {theme['custom_dir']!r}",
                                  "the folder of the site's templates, or no custom_dir for the built-in theme"))
    options = _plugin_options(data.get("plugins"))
    if not isinstance(options, dict):
        problems.append(error(path, 0, "plugins.newsbrief", f"{_shown(options)} is not a mapping of options",
                              "options such as timezone: Europe/London, indented under newsbrief:"))
        options = {}
    values.update({k: options[k] for k in PLUGIN_OPTIONS if k in options})
    for k in options:
        if k not in PLUGIN_OPTIONS:
            near = difflib.get_close_matches(str(k), PLUGIN_OPTIONS, n=1)
            problems.append(error(path, 0, f"plugins.newsbrief.{k if isinstance(k, str) else _shown(k)}",
                                  "unknown option" + (f" (did you mean '{near[0]}'?)" if near else ""),
                                  ", ".join(PLUGIN_OPTIONS)))
    for key, value in values.items():
        if _TYPES[key] == "str" and not isinstance(value, str):
            problems.append(error(path, 0, key, f"{value!r} is not text", "a string"))
            values[key] = str(value)
    if isinstance(values.get("language"), str):  # "en_GB", as MkDocs' locales are written, is the tag en-GB
        values["language"] = values["language"].strip().replace("_", "-")
    if isinstance(values.get("site_url"), str):  # " https://…/ ": the spaces around it are no part of it
        values["site_url"] = values["site_url"].strip()
    url = values.get("site_url")
    if url and not url.endswith("/") and _splits(url) and urlsplit(url)[3:] == ("", ""):  # a query is refused as written
        values["site_url"] = url + "/"
    if url:
        values["site_url"] = as_uri(values["site_url"])
    cfg = SiteConfig(project_dir=project_dir, config_file=path, **values)
    return cfg, problems + check_config(cfg, path)


class _Unreadable(Exception):
    def __init__(self, problem: Diagnostic):
        self.problem = problem


def _mark_foreign(data: dict, shown: str) -> None:
    """Name the file of each Foreign value at the top, in theme: or in the plugin's entry (what _foreign checks)."""
    plugins = data.get("plugins")
    found = [*data.values(), *(data["theme"].values() if isinstance(data.get("theme"), dict) else ()),
             *(plugins if isinstance(plugins, list) else ())]
    options = _plugin_options(plugins)
    found += [options, *options.values()] if isinstance(options, dict) else [options]
    for value in found:
        if isinstance(value, Foreign) and not value.path:
            value.path = shown


def _read_settings(config_file: Path, shown: str, seen: tuple = ()) -> dict:
    """The mapping in config_file, with the file named by its INHERIT key merged under it, as MkDocs does."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except FileNotFoundError:
        raise _Unreadable(error(shown, 0, "", "config file not found", "mkdocs.yml"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]  # not PyYAML's dump of "<unicode string>"
        raise _Unreadable(error(shown, line, "", f"not valid YAML: {problem}"))
    except OSError as exc:  # a folder, a file we may not read
        raise _Unreadable(error(shown, 0, "", f"cannot read: {exc.strerror}", "a readable mkdocs.yml"))
    if not isinstance(data, dict):
        raise _Unreadable(error(shown, 1, "", "not a mapping of settings"))
    _mark_foreign(data, shown)
    if "INHERIT" not in data:
        return data
    parent_name = data.pop("INHERIT")
    if not isinstance(parent_name, str) or not parent_name:
        raise _Unreadable(error(shown, 0, "INHERIT", f"{_shown(parent_name)} is not a file name",
                                "the path of a parent config file, relative to this one"))
    parent = config_file.parent / parent_name
    if parent.resolve() in seen or parent.resolve() == config_file.resolve():
        raise _Unreadable(error(shown, 0, "INHERIT", f"inheriting {parent_name} loops back to a file already read",
                                "a chain of parent files that ends"))
    if not parent.is_file():
        raise _Unreadable(error(shown, 0, "INHERIT", f"no config file {parent_name} beside this one",
                                "the path of a parent config file, relative to this one"))
    inherited = _read_settings(parent, str(parent), seen + (config_file.resolve(),))
    return mergedeep.merge(inherited, data)


def _key_lines(config_file: Path) -> dict:
    """Setting name (the last part of a dotted one) -> the line of mkdocs.yml that sets it: messages name it."""
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, ValueError, yaml.YAMLError):
        return {}
    lines, todo, seen = {}, [root], set()
    while todo:
        node = todo.pop()
        if id(node) in seen:  # an alias is the node it names: `&a [*a]` loops, a "billion laughs" list repeats
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    lines.setdefault(key.value, key.start_mark.line + 1)
                todo.append(value)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
    return lines


def load_config(config_file: Path) -> tuple[SiteConfig, list[Diagnostic]]:
    """Read mkdocs.yml without MkDocs (the fast `newsbrief build` path): its !ENV tags and INHERIT key too."""
    try:
        data = _read_settings(config_file, str(config_file))
    except _Unreadable as failed:
        return SiteConfig(project_dir=config_file.parent), [failed.problem]
    config, problems = config_from_mapping(data, config_file.parent, str(config_file))
    for key in data:  # MkDocs warns of these too; `newsbrief build` would silently use a default instead
        if key not in MKDOCS_SETTINGS:
            near = difflib.get_close_matches(str(key), MKDOCS_SETTINGS, n=1)
            problems.append(warning(str(config_file), 0, str(key), "not a setting MkDocs or Newsbrief knows; ignored"
                                    + (f" (did you mean '{near[0]}'?)" if near else ""),
                                    "a setting such as site_name, site_url or plugins"))
    return config, with_setting_lines(problems, config_file)


def with_setting_lines(problems: list[Diagnostic], config_file: Path) -> list[Diagnostic]:
    """Problems with a setting, each given the line of mkdocs.yml that sets it (when it sets it)."""
    if not any(p.line == 0 and p.field and p.path == str(config_file) for p in problems):
        return problems
    lines = _key_lines(config_file)
    return [dataclasses.replace(p, line=lines.get(p.field.split(".")[-1], 0)) if p.line == 0 and p.field
            and p.path == str(config_file) else p for p in problems]


def build_time(environ=None) -> dt.datetime:
    """The build's `now`: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except (OverflowError, OSError, ValueError):  # beyond what a datetime can hold: use the clock
            pass
    return dt.datetime.now(dt.timezone.utc)
