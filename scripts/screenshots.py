"""Screenshots of the bundled example for the README: `make screenshots`.

Builds the example into a temporary folder (site/ is left alone), opens it over file:// in
Debian's Chromium and saves docs/screenshots/front.png, story.png (1200 px wide, light mode)
and story-phone.png (390 px). Each PNG is checked against a size limit so the repo stays small.
"""
from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from playwright.sync_api import sync_playwright  # noqa: E402

from generator.build import build  # noqa: E402
from generator.config import load_config  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars"]
OUT = ROOT / "docs" / "screenshots"
LIMIT = 300_000  # bytes per PNG
SHOTS = [  # (file, page, viewport)
    ("front.png", "index.html", {"width": 1200, "height": 760}),
    ("story.png", "story", {"width": 1200, "height": 1000}),
    ("story-phone.png", "story", {"width": 390, "height": 844}),
]


def build_example(site_dir: Path) -> Path:
    config, problems = load_config(ROOT / "mkdocs.yml")
    config = dataclasses.replace(config, project_dir=ROOT, site_dir=str(site_dir))
    result = build(config)
    if result.failed:
        sys.exit("\n".join(d.format() for d in result.diagnostics))
    story = result.index.stories[0].slug
    return site_dir / "stories" / story / "index.html"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        site = Path(tmp) / "site"
        story = build_example(site)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, target, viewport in SHOTS:
            context = browser.new_context(viewport=viewport, color_scheme="light", device_scale_factor=1)
            page = context.new_page()
            page.goto((story if target == "story" else site / target).as_uri())
            path = OUT / name
            page.screenshot(path=str(path))
            size = path.stat().st_size
            print(f"{path.relative_to(ROOT)}: {viewport['width']}x{viewport['height']}, {size // 1024} KB")
            if size > LIMIT:
                sys.exit(f"{path} is {size} bytes, over the {LIMIT}-byte limit")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
