"""The only module that writes to disk: all-or-nothing, and unchanged files are never rewritten.

The new site is assembled in a sibling staging folder: unchanged files are hard links to the
old site's files (same inode, same mtime), changed ones are written fresh. Then the two folders
are swapped with renames. A build killed at any instant therefore leaves `site/` holding the
old site or the new one, never a mixture; the next build finishes or undoes a half-done swap.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import stat
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import BuildFailed, error

KEEP = {"CNAME", ".nojekyll"}  # written by deploy tools, never ours to delete


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def _check_paths(outputs) -> list:
    counts = Counter(o.path for o in outputs)
    problems = [error(path, 0, "", f"{n} outputs claim this path") for path, n in counts.items() if n > 1]
    folders = {str(parent) for path in counts for parent in PurePosixPath(path).parents}
    for path in counts:
        parts = PurePosixPath(path).parts
        if not parts or path.startswith("/") or ".." in parts or "\\" in path or "\x00" in path:
            problems.append(error(path, 0, "", "output path escapes the site folder"))
        elif path in folders:
            problems.append(error(path, 0, "", "output path is also a folder of another output"))
    return problems


def siblings(site: Path) -> tuple[Path, Path]:
    """(staging, retired): the two folders beside site/ that a swap uses; reserved names."""
    return site.parent / f".{site.name}.nb-new", site.parent / f".{site.name}.nb-old"


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def recover(site: Path) -> None:
    """Finish or undo a swap that a killed build left half-done; leftovers are deleted."""
    staging, retired = siblings(site)
    if retired.exists() and not site.exists():  # killed between the two renames: put the old site back
        os.rename(retired, site)
    _remove_tree(staging)
    _remove_tree(retired)


@contextlib.contextmanager
def _locked(folder: Path):
    """One build at a time per project: a second one would delete the first's staging folder."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, builds must not overlap
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _link_or_copy(src, dst) -> None:
    """Hard link keeps an unchanged file's inode and mtime; copy where links are not supported."""
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _same_file(old: Path, data: bytes) -> bool:
    """True when old is a regular file (never a symlink: it could point anywhere) holding exactly data."""
    try:
        info = os.lstat(old)
        return stat.S_ISREG(info.st_mode) and info.st_size == len(data) and old.read_bytes() == data
    except OSError:
        return False


def _put(target: Path, data: bytes) -> None:
    with open(target, "xb") as handle:  # x: never through a link into the old site
        handle.write(data)


def _stage(outputs, same: list, site: Path, staging: Path) -> None:
    for output, unchanged in zip(outputs, same):
        target = staging / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if unchanged:
            _link_or_copy(site / output.path, target)
        else:
            _put(target, output.data)


def _kept(site: Path, produced_tops: set) -> list[str]:
    """Top-level entries we do not produce but must carry over: CNAME, and hidden ones (.git, .nojekyll)
    as MkDocs leaves them, so a gh-pages worktree in site/ survives."""
    if not site.is_dir():
        return []
    return sorted(name for name in os.listdir(site) if name not in produced_tops
                  and (name in KEEP or (name.startswith(".") and not name.startswith(".nb-"))))


def _carry_over(site: Path, staging: Path, names) -> None:
    for name in names:
        source = site / name
        if source.is_dir() and not source.is_symlink():
            shutil.copytree(source, staging / name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(source, staging / name)


def _count_removed(site: Path, produced: set, kept) -> int:
    if not site.is_dir():
        return 0
    removed = 0
    for folder, dirs, files in os.walk(site):
        rel = Path(folder).relative_to(site)
        if rel == Path("."):
            dirs[:] = [d for d in dirs if d not in kept]
        removed += sum(1 for f in files if (rel / f).as_posix() not in produced and (rel / f).as_posix() not in kept)
    return removed


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so site/ never goes missing.
    False where the call is unavailable; the caller then falls back to two renames."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):  # no such call (macOS), no C library by that name (Windows)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _swap(site: Path, staging: Path, retired: Path) -> None:
    if not site.exists():
        os.rename(staging, site)
        return
    if _exchange(staging, site):
        os.rename(staging, retired)  # staging now holds the old site
    else:  # a kill between these two renames is undone by recover()
        os.rename(site, retired)
        os.rename(staging, site)
    _remove_tree(retired)


def _refuse_foreign(site: Path) -> None:
    """Every site we build has an index.html; a non-empty folder without one is someone's data."""
    if site.exists() and not site.is_dir():
        raise BuildFailed([error(site.as_posix(), 0, "site_dir", "is a file, not a folder; it is not replaced",
                                 "a folder for the built site")])
    if site.is_dir() and not (site / "index.html").is_file() \
            and any(not n.startswith(".") and n not in KEEP for n in os.listdir(site)):
        raise BuildFailed([error(site.as_posix(), 0, "site_dir", "folder holds files but no index.html: not a "
                                 "site Newsbrief built, so it is not replaced", "an empty folder or a previous build")])


def _replace(outputs, site: Path) -> WriteReport:
    staging, retired = siblings(site)
    recover(site)
    _refuse_foreign(site)
    produced = {o.path for o in outputs}
    kept = _kept(site, {PurePosixPath(p).parts[0] for p in produced})
    same = [_same_file(site / o.path, o.data) for o in outputs]
    report = WriteReport(same.count(False), same.count(True), _count_removed(site, produced, kept))
    if report.written == report.removed == 0:
        return report  # nothing to change: the site on disk is already this build
    staging.mkdir()
    _stage(outputs, same, site, staging)
    _carry_over(site, staging, kept)
    _swap(site, staging, retired)
    return report


def write_site(outputs, site: Path) -> WriteReport:
    """Write outputs as the whole content of site/, all or nothing."""
    problems = _check_paths(outputs)
    if problems:
        raise BuildFailed(problems)
    site = Path(os.path.realpath(site))  # a symlinked site/ is swapped where it really lives
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        with _locked(site.parent):
            try:
                return _replace(outputs, site)
            except BaseException:
                with contextlib.suppress(OSError):
                    recover(site)  # whatever failed, leave the old site or the new one, and no leftovers
                raise
    except OSError as exc:  # disk full, permissions, site/ a mount point that cannot be renamed
        where = exc.filename or site
        raise BuildFailed([error(Path(where).as_posix(), 0, "site_dir", f"cannot write the site: {exc.strerror}",
                                 "a writable folder that can be renamed (not a mount point)")]) from None
