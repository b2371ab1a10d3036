"""The MkDocs adapter: run the pipeline before MkDocs touches site/, then hand it finished files."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .build import build
from .cache import BuildCache, folder_version, open_cache
from .config import SiteConfig, config_from_mapping
from .errors import has_errors
from .sitemap import SITEMAP, sitemap

log = logging.getLogger("mkdocs.plugins.newsbrief")
CONTENT_FOLDERS = ("stories/", "sources/")
MKDOCS_SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")


_CACHES: dict = {}
_HANDED: dict = {}  # (site_dir, path) -> the bytes object last handed to MkDocs for that file, in this process


def _serve_cache(site: SiteConfig) -> BuildCache:
    """One cache per project and templates version for the life of the process: `mkdocs serve` makes a
    new plugin on every rebuild, and reloading the cache from disk each time would cost most of an edit."""
    key = (str(site.project_dir.resolve()), folder_version(site.templates_path))
    if key not in _CACHES:
        _CACHES.clear()  # the templates changed: the old tables are no use
        _CACHES[key] = open_cache(site.project_dir, site.templates_path)
    return _CACHES[key]


class NewsbriefOptions(Config):
    language = opt.Type(str, default="en")
    timezone = opt.Type(str, default="UTC")
    per_page = opt.Type(int, default=20)
    feed_size = opt.Type(int, default=50)
    cname = opt.Type(str, default="")


class NewsbriefPlugin(BasePlugin[NewsbriefOptions]):
    def __init__(self):
        super().__init__()
        self.site: SiteConfig | None = None
        self.outputs = []
        self.index = None
        self.mkdocs_pages: list[str] = []

    def on_config(self, config):
        project = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        mapping = {key: config.get(key) for key in ("site_name", "site_url", "site_description")}
        mapping.update(docs_dir=config.docs_dir, site_dir=config.site_dir,
                       theme={"custom_dir": config.theme.custom_dir or "templates"},
                       plugins=[{"newsbrief": dict(self.config)}])
        self.site, problems = config_from_mapping(mapping, project, "mkdocs.yml")
        if has_errors(problems):
            raise PluginError("\n".join(p.format() for p in problems))
        return config

    def on_pre_build(self, config):
        """Load, check and render everything now: a failure here leaves the last good site/ untouched."""
        result = build(self.site, write=False, cache=_serve_cache(self.site))
        for d in result.diagnostics:
            if not d.severity.is_error():
                log.warning(d.format())  # counted by `mkdocs build --strict`, which then aborts
        if result.failed:
            errors = [d.format() for d in result.diagnostics if d.severity.is_error()]
            raise PluginError(f"{len(errors)} problems in the content:\n" + "\n".join(errors))
        self.outputs, self.index = result.outputs, result.index
        log.info("newsbrief: %d stories, %d sources, %d files in %.2f s", len(result.index.stories),
                 len(result.index.sources), len(self.outputs), result.timings.get("total", 0))

    def on_files(self, files: Files, config):
        """Stories and sources are ours, not MkDocs pages; our finished files replace any of the same name."""
        produced = {o.path for o in self.outputs}
        kept = [f for f in files if not f.src_uri.startswith(CONTENT_FOLDERS) and f.dest_uri not in produced]
        generated = [self._file(config, o) for o in self.outputs]
        self.mkdocs_pages = [f.dest_uri for f in kept if f.is_documentation_page()]
        return Files(kept + generated)

    @staticmethod
    def _file(config, output) -> File:
        """An output as MkDocs copies it. `mkdocs serve` rebuilds into the same folder after every edit: a
        file we handed it last time, unchanged (the very same bytes object, kept by the build's memo) and
        still there, is named as its own source, which MkDocs does not copy, so an edit writes a few files,
        not the whole site."""
        site, where = config.site_dir, (config.site_dir, output.path)
        last, _HANDED[where] = _HANDED.get(where), output.data
        target = Path(site) / output.path
        if last is output.data and target.is_file() and target.stat().st_size == len(output.data):
            return File(output.path, site, site, use_directory_urls=False)
        return File.generated(config, output.path, content=output.data)

    def on_post_build(self, config):
        """MkDocs writes its own sitemap.xml(.gz) after copying our files, and skips dotfiles such as
        .nojekyll: remove its sitemaps, then write ours (listing its pages too) and our dotfiles."""
        site = Path(config.site_dir)
        for name in MKDOCS_SITEMAPS:
            (site / name).unlink(missing_ok=True)
        for output in self.outputs:
            if output.path == SITEMAP:
                pages = [o.path for o in self.outputs if o.path.endswith(".html")]
                data = sitemap(pages, self.index, self.site, undated=self.mkdocs_pages)
                (site / SITEMAP).write_bytes(data)
            elif output.path.startswith("."):
                (site / output.path).write_bytes(output.data)
