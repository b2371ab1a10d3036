"""The theme: a site's own templates folder over the built-in theme, which supplies every file it lacks.

A new site needs no templates/ at all, and overriding one template (or the style sheet) means adding just
that file. The built-in theme is the repository's templates/ folder, shipped in a wheel as generator/builtin_theme/.
"""
from __future__ import annotations

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
