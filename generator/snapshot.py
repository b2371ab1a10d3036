"""What the last successful `newsbrief build` saw, so that building an unchanged project again costs a walk.

A full pipeline run reads every cached document, indexes, plans and checks all the outputs just to find
that none changed (3.8 s at 10,000 stories). Instead the build records a fingerprint of everything it
read: the lstat of every file in content/ and the theme folders, the generator's own files, the settings,
and the library versions; the files it left in site/; the lines it printed; and the
first moment the clock alone would change the site (a scheduled story coming out, a story leaving the
news sitemap's two days). The next build compares; on any difference, or when in doubt, it builds.

Like make and git, this trusts stat facts (mtime, ctime, size, inode). Like git with a racily clean
file, it does not trust them for a file changed in the two seconds before the fingerprint was taken (a
second change within one clock tick would not show): the snapshot keeps a hash of such a file's bytes,
and the next build compares its bytes too.
"""
from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import datetime as dt
import os
import pickle
import stat
import sys
import time
from dataclasses import dataclass, fields
from pathlib import Path

from .cache import FOLDER, RACY_NS, digest
from .config import SiteConfig
from .theme import theme_folders

FORMAT = 3
RACY_READ_LIMIT = 64 * 1024 * 1024  # a recently changed file larger than this is not hashed: the build runs
_CODE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Snapshot:
    fingerprint: str            # digest of every input's stat facts and the settings
    built_at: dt.datetime       # the build's clock
    valid_until: dt.datetime | None   # the first moment the clock alone changes the site (None: never)
    site_files: dict            # site path -> (size, mtime_ns, ino) as the build left it
    printed: tuple              # what the build wrote to stderr (warnings, scheduled stories, pages not built), in chunks
    counts: tuple               # (stories, sources, scheduled, warnings) for the summary line
    racy: dict                  # path -> digest of its bytes, for files changed just before the fingerprint


def _file(config: SiteConfig) -> Path:
    return config.project_dir / FOLDER / f"last-build-{digest(os.path.realpath(config.site_path))[:16]}.pickle"


def _facts(path: str) -> tuple:
    info = os.stat(path)  # follows links: a linked file's own bytes are what the build read
    return path, info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def _tree(folder: Path, found: list, recent: list, since_ns: int, within: tuple = ()) -> None:
    """Stat facts of every entry under folder (linked folders followed once each, as a loop must not hang, and
    only into folder or `within`); recent gets the files changed after since_ns."""
    seen, roots = set(), {os.path.realpath(f) for f in (folder, *within)}
    inside = lambda real: any(real == root or real.startswith(root + os.sep) for root in roots)
    for top, dirs, files in os.walk(folder, followlinks=True):
        try:
            real = os.path.realpath(top)
        except OSError:  # gone meanwhile; the link itself is among its parent's facts
            dirs[:] = []
            continue
        if real in seen or not inside(real):
            # a loop, or a link out of the project (to / at worst, which the build refuses by name): its
            # parent's facts hold the link; walked, it was the whole disk, /proc's vanishing files and all
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")  # Python's own, rewritten as it pleases
        for name in sorted(files) + dirs:
            try:
                facts = _facts(os.path.join(top, name))
            except OSError:  # a dangling link, a file removed meanwhile: a fact too
                facts = (os.path.join(top, name), "unreadable")
            found.append(facts)
            if len(facts) > 2 and stat.S_ISREG(facts[1]) and max(facts[3], facts[4]) > since_ns:
                recent.append(facts[0])


def fingerprint(config: SiteConfig, config_problems) -> tuple[str, dict | None]:
    """(digest of everything a build reads, path -> digest of the bytes of each file changed in the last two
    seconds); None for the second when one of those is too large to hash."""
    found: list = [repr([(f.name, getattr(config, f.name)) for f in fields(config)]),
                   repr([d.format() for d in config_problems]), sys.version, _library_versions()]
    recent: list = []
    since = time.time_ns() - RACY_NS
    for folder in [config.content_path, _CODE, *theme_folders(config.templates_path)]:
        found.append(str(folder))
        if folder.is_dir():
            _tree(folder, found, recent, since, () if folder == _CODE else (config.project_dir,))
    for path in [config.config_file] if config.config_file else []:
        with contextlib.suppress(OSError):
            found.append(_facts(str(path)))
            if max(found[-1][3], found[-1][4]) > since:
                recent.append(str(path))
    return digest(repr(found)), _hashes(recent)


def _hashes(paths) -> dict | None:
    found = {}
    for path in paths:
        try:
            if os.path.getsize(path) > RACY_READ_LIMIT:
                return None
            with open(path, "rb") as handle:
                found[path] = digest(handle.read())
        except OSError:
            found[path] = "unreadable"
    return found


def _library_versions() -> str:
    """A new Markdown, Jinja or sanitiser can change every page. Their files' stat facts show an upgrade
    without importing them (a build that finds nothing changed never does)."""
    found = []
    for name in ("jinja2", "markdown", "markupsafe", "nh3", "yaml"):
        try:
            origin = importlib.util.find_spec(name).origin
            found.append(_facts(origin))
        except (ImportError, AttributeError, TypeError, ValueError, OSError):
            found.append((name, "missing"))
    return repr(found)


def next_change(index, now: dt.datetime) -> dt.datetime | None:
    """The first moment after now at which the clock alone changes what a build makes or says: a scheduled
    story's date, a story's date two days on (it leaves the news sitemap), an update or correction dated ahead."""
    from .sitemap import NEWS_WINDOW  # imported here: a build that finds nothing changed never loads the pipeline
    times = []
    for story in (*index.stories, *index.scheduled):
        times += [story.date, story.date + NEWS_WINDOW, story.updated, *(c.date for c in story.corrections)]
    return min((t for t in times if t is not None and t > now), default=None)


def load(config: SiteConfig, print_now: str, now: dt.datetime) -> Snapshot | None:
    """The last build's snapshot if it still describes the project, site/ and the clock; else None."""
    try:
        with open(_file(config), "rb") as handle:
            version, snap = pickle.load(handle)
    except Exception:  # missing, damaged, from other code: build
        return None
    if version != FORMAT or not isinstance(snap, Snapshot) or snap.fingerprint != print_now:
        return None
    if now < snap.built_at or (snap.valid_until is not None and now >= snap.valid_until):
        return None
    if snap.racy and _hashes(snap.racy) != snap.racy:  # same stat facts, other bytes: changed within a tick
        return None
    site = str(config.site_path)
    for path, facts in snap.site_files.items():
        try:
            info = os.lstat(f"{site}/{path}")
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or (info.st_size, info.st_mtime_ns, info.st_ino) != facts:
            return None
    return snap


def save(config: SiteConfig, snap: Snapshot) -> None:
    """Written beside, then renamed: a build killed meanwhile leaves none, and the next build runs in full."""
    forget(config)
    if snap.racy is None:  # a large file changed just before the build: its stat alone cannot be trusted
        return
    path = _file(config)
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as handle:
            pickle.dump((FORMAT, snap), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:  # no snapshot: the next build runs in full
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def settle(config: SiteConfig, snap: Snapshot, racy_now: dict | None) -> None:
    """A snapshot that held up, saved again without the content checks of files no longer recent: they are
    not read on every build from now on."""
    if snap.racy and racy_now is not None and not set(snap.racy) & set(racy_now):
        save(config, dataclasses.replace(snap, racy={}))


def forget(config: SiteConfig) -> None:
    with contextlib.suppress(OSError):
        os.unlink(_file(config))

