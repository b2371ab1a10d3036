"""What the last build left in site/: each output's key and file record, and what its links need.

A page whose key (a digest of everything it shows) and file are both unchanged since the last
build is neither made nor rendered again. The state lives in the cache folder, one file per site
folder, stamped with the code and templates that made it: a missing, unreadable or foreign state
reads as empty, and the build then makes every page (and the writer compares bytes, as always).
"""
from __future__ import annotations

import os
import pickle
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .cache import digest, write_pickle

FORMAT = 2


@dataclass
class SiteState:
    stamp: str = ""
    keys: dict = field(default_factory=dict)      # output path -> key of what it was made from
    files: dict = field(default_factory=dict)     # output path -> writer.FileRecord of the file in site/
    ids: dict = field(default_factory=dict)       # HTML path -> its element ids, "\n"-joined (compact to keep)
    frag_out: dict = field(default_factory=dict)  # HTML path -> pages it links into with a #fragment
    problems: dict = field(default_factory=dict)  # HTML path -> (local, cross) link problems, when it has any
    links: dict = field(default_factory=dict)     # HTML path -> every path it links to, as linkcheck.link_hashes

    def intact(self, site: Path, path: str) -> bool:
        """The file in site/ is the one the last build wrote (same size, mtime and inode), not edited since."""
        record = self.files.get(path)
        if record is None:
            return False
        try:
            info = os.lstat(f"{site}/{path}")  # a string, not a Path: this runs over every output
        except OSError:
            return False
        return stat.S_ISREG(info.st_mode) and (info.st_size, info.st_mtime_ns, info.st_ino) == \
            (record.size, record.mtime_ns, record.ino)

    def fresh(self, site: Path, path: str, key: str | None) -> bool:
        return key is not None and self.keys.get(path) == key and self.intact(site, path)

    def frag_in(self) -> dict:
        """HTML path -> pages that link into it with a #fragment (the inverse of frag_out)."""
        found: dict = {}
        for page, targets in self.frag_out.items():
            for target in targets:
                found.setdefault(target, []).append(page)
        return found


def _file(folder: Path, site_dir: str) -> Path:
    """By site_dir as configured, not by absolute path: a project copied or moved keeps its state
    (its files then have new inodes, so each is made again once, and its state is right after)."""
    return folder / f"site-{digest(os.path.normpath(site_dir))[:16]}.pickle"


def forget_state(folder: Path, site_dirs) -> None:
    """Another writer (`mkdocs build`) has filled these site folders: no record of ours describes them now,
    and the next `newsbrief build` compares bytes and replaces the folder whole, stale pages and all."""
    for site_dir in site_dirs:
        try:
            _file(folder, site_dir).unlink()
        except OSError:
            pass


def load_state(folder: Path | None, site_dir: str, stamp: str) -> SiteState:
    if folder is None:
        return SiteState(stamp)
    try:
        with open(_file(folder, site_dir), "rb") as handle:
            saved_stamp, state = pickle.load(handle)
        if saved_stamp == (FORMAT, stamp) and isinstance(state, SiteState):
            return state
    except Exception:  # any unreadable state is an empty one; pickle can raise almost anything
        pass
    return SiteState(stamp)


def save_state(folder: Path | None, site_dir: str, state: SiteState) -> None:
    if folder is not None:
        write_pickle(_file(folder, site_dir), (FORMAT, state.stamp), state)
