"""The theme: a site's own templates folder over the built-in theme, which supplies every file it lacks.

A new site needs no templates/ at all, and overriding one template (or the style sheet) means adding just
that file. The built-in theme is the repository's templates/ folder, shipped in a wheel as generator/builtin_theme/.
"""
from __future__ import annotations

import re
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_BUILT_IN = (_HERE / "builtin_theme", _HERE.parent / "templates")  # an installed wheel; a checkout or editable install


def built_in() -> Path | None:
    return next((folder for folder in _BUILT_IN if (folder / "base.html").is_file()), None)


def theme_folders(templates: Path) -> list[Path]:
    """Where templates and assets are looked up, first match first: the site's own folder, then the built-in."""
    folders = [templates] if templates.is_dir() else []
    fallback = built_in()
    if fallback and not any(f.resolve() == fallback for f in folders):
        folders.append(fallback)
    return folders


# what a style sheet's comment cannot start inside: a string, or an unquoted url(…) ("url(/img/*/x.png)")
_CSS_SKIP = re.compile(rb'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|url\([^)"\']*\)|/\*', re.I)


def served_css(css: bytes) -> bytes:
    """A style sheet as readers download it: its comments (which say why, for its editors) left out. Each
    becomes one space (`margin:0/**/auto` stays two values); an unclosed one is kept as written."""
    out, at = [], 0
    while True:
        found = _CSS_SKIP.search(css, at)
        if not found:
            break
        if found.group() != b"/*":
            out.append(css[at:found.end()])
            at = found.end()
            continue
        close = css.find(b"*/", found.end())
        if close < 0:
            break  # unclosed: the rest as written (a linear scan, never one per "/*")
        out.append(css[at:found.start()] + b" ")
        at = close + 2
    out.append(css[at:])
    return b"".join(out)
