"""Browser fixtures: Debian's Chromium driven by Playwright, the sites built once, a local HTTP server.

Sites are served from a parent folder so each lives under a subpath (/brief/, /fixture/), as on
GitHub Pages' /<repo>/, and are also opened over file://. `make test-deps` installs what is needed.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from sitekit import ROOT, mkdocs, newsbrief, write_site  # noqa: E402
from browserkit import CHROMIUM, CHROMIUM_ARGS, Watch, fixture_files  # noqa: E402

from playwright.sync_api import sync_playwright  # noqa: E402  (a test extra: installed with the venv)


def pytest_collection_modifyitems(config, items):
    """Outside CI a machine without Chromium skips these; in CI a missing browser is a failure."""
    if Path(CHROMIUM).exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} missing: run `make test-deps`")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def www(tmp_path_factory) -> Path:
    """A web root holding brief/ (the bundled example, built by the real MkDocs) and fixture/."""
    root = tmp_path_factory.mktemp("www")
    example = tmp_path_factory.mktemp("example")
    shutil.copytree(ROOT / "content", example / "content")
    shutil.copy(ROOT / "mkdocs.yml", example / "mkdocs.yml")
    (example / "templates").symlink_to(ROOT / "templates")
    done = mkdocs("build", "--site-dir", str(root / "brief"), cwd=example)
    assert done.returncode == 0, done.stderr
    project = write_site(tmp_path_factory.mktemp("fixture"), fixture_files(), per_page=3)
    done = newsbrief("build", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    shutil.copytree(project / "site", root / "fixture")
    _build_in_shards(project, root / "sharded")
    return root


def _build_in_shards(project: Path, into: Path, size: int = 2) -> None:
    """The fixture again with a search index of `size` stories a shard, as a large site has them."""
    from generator import urls
    from generator.build import build
    from generator.config import load_config
    copy = project.parent / "sharded"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", ".cache"))
    config, problems = load_config(copy / "mkdocs.yml")
    assert not problems
    default, urls.SEARCH_SHARD = urls.SEARCH_SHARD, size
    try:
        result = build(config)
    finally:
        urls.SEARCH_SHARD = default
    assert not result.failed, [d.format() for d in result.diagnostics]
    shutil.copytree(copy / "site", into)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(www):
    """http://127.0.0.1:<port>/ serving the web root; loopback only, stopped after the session."""
    handler = functools.partial(_QuietHandler, directory=str(www))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=["file", "http"])
def base(request, www):
    """Root URL of the web root, over file:// or over HTTP (the server starts only when asked for)."""
    if request.param == "file":
        return www.as_uri() + "/"
    return request.getfixturevalue("server")


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme="light")
    yield ctx
    ctx.close()


@pytest.fixture
def watch(context):
    """A page whose console errors, page errors, failed requests and HTTP errors are recorded."""
    page = context.new_page()
    watched = Watch(page)
    yield watched
    watched.assert_clean()
