"""The only module that writes to disk: all-or-nothing by default, and unchanged files are never rewritten.

A build opens a Staging beside site/ and hands it files one at a time with put(), from this process or
from forked workers. put() decides whether a file changed: with the last build's manifest (path ->
digest, size, mtime, inode) an unchanged file is recognised by one lstat, without reading it; without a
usable record the old file's bytes are compared. Only changed files are written, into the staging
folder. commit() then applies them in one of two ways, chosen by size:

- swap (no manifest, or more than CHANGESET_LIMIT files changed or removed): unchanged files are
  hard-linked from site/ into staging (same inode, same mtime), kept entries are carried over, and the
  two folders are swapped with renames. A build killed at any instant leaves site/ holding the old site
  or the new one, never a mixture.
- changeset (a manifest, and few changes): a journal naming the changed and removed paths is written
  into staging, then each staged file is renamed into site/ and each removed path unlinked. A build
  killed during that window leaves site/ a mixture of the two sites, which the next build's recover()
  rolls forward from the journal: the price of not touching 23,000 unchanged files. Only paths in the
  old manifest are removed (no walk of site/), so stray files put in site/ by hand stay until the next
  swap removes them.

Before either, commit() checks by lstat that every file said to be unchanged is still the file its
record describes; if one is not (edited, or replaced by a roll-forward after the caller consulted its
records) nothing is applied. A record is trusted on (size, mtime, inode): an edit in place that keeps
all three is not seen.

recover() finishes or undoes whatever a killed build left: a half-done swap, a journal to roll forward,
or a staging folder without a complete journal (discarded: site/ was not touched yet). open() runs it
under the project lock, so a caller must consult records only after open().
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import shutil
import stat
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import BuildFailed, error

KEEP = {"CNAME", ".nojekyll"}  # written by deploy tools, never ours to delete
CHANGESET_LIMIT = 2000  # above this many changed + removed files, a swap is cheaper than renaming one by one
JOURNAL = ".nb-journal"  # inside staging; ".nb-" top-level names are reserved for the writer


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


@dataclass(frozen=True)
class FileRecord:
    """What a file in site/ held when it was written, and the lstat facts that show it is still that file."""
    digest: str
    size: int
    mtime_ns: int
    ino: int


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _record(path: Path, data_digest: str) -> FileRecord:
    info = os.lstat(path)
    return FileRecord(data_digest, info.st_size, info.st_mtime_ns, info.st_ino)


def _escapes(path: str) -> bool:
    """True unless path is a plain relative path: no "..", and no "", "." parts either, so that one file has
    one spelling (a manifest key spelt two ways could remove a file just written)."""
    parts = path.split("/")
    return "" in parts or "." in parts or ".." in parts or "\\" in path or "\x00" in path


def _reserved(path: str) -> bool:
    return path.startswith(".nb-")


def _folders(path: str):
    cut = path.rfind("/")
    while cut > 0:
        yield path[:cut]
        cut = path.rfind("/", 0, cut)


def _path_problem(path: str) -> str | None:
    if _escapes(path):
        return "output path escapes the site folder"
    if _reserved(path):
        return "output path uses a name reserved for the writer (.nb-)"
    return None


def check_paths(paths) -> list:
    """Problems with a build's output paths: duplicates, escapes, reserved names, a file that is also a folder.
    String operations only: this runs over every output of every build."""
    counts = Counter(paths)
    problems = [error(path, 0, "", f"{n} outputs claim this path") for path, n in counts.items() if n > 1]
    folders = {folder for path in counts for folder in _folders(path)}
    for path in counts:
        if problem := _path_problem(path):
            problems.append(error(path, 0, "", problem))
        elif path in folders:
            problems.append(error(path, 0, "", "output path is also a folder of another output"))
    return problems


def siblings(site: Path) -> tuple[Path, Path]:
    """(staging, retired): the two folders beside site/ that a build uses; reserved names."""
    return site.parent / f".{site.name}.nb-new", site.parent / f".{site.name}.nb-old"


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def _cannot_write(exc: OSError, site: Path) -> BuildFailed:
    where = exc.filename or site  # disk full, permissions, site/ a mount point that cannot be renamed
    return BuildFailed([error(Path(where).as_posix(), 0, "site_dir", f"cannot write the site: {exc.strerror}",
                              "a writable folder that can be renamed (not a mount point)")])


# --- Recognising unchanged files ------------------------------------------------------------------

def _same_file(old: Path, data: bytes) -> bool:
    """True when old is a regular file (never a symlink: it could point anywhere) holding exactly data."""
    try:
        info = os.lstat(old)
        return stat.S_ISREG(info.st_mode) and info.st_size == len(data) and old.read_bytes() == data
    except OSError:
        return False


def _matches(old, record: FileRecord) -> bool:
    """True when old is still the regular file the record describes (a hand edit changes mtime or inode)."""
    try:
        info = os.lstat(old)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and (info.st_size, info.st_mtime_ns, info.st_ino) == \
        (record.size, record.mtime_ns, record.ino)


def _put(target: Path, data: bytes, data_digest: str) -> FileRecord:
    with open(target, "xb") as handle:  # x: never through a link into the old site
        handle.write(data)
        handle.flush()  # size and mtime as they stay once closed
        info = os.fstat(handle.fileno())  # the file just made, without looking its path up again
    return FileRecord(data_digest, info.st_size, info.st_mtime_ns, info.st_ino)


# --- Swap: the whole new site in staging, exchanged with site/ -------------------------------------

def _link_or_copy(src, dst) -> bool:
    """Hard link keeps an unchanged file's inode and mtime; copy where links are not supported (True)."""
    try:
        os.link(src, dst, follow_symlinks=False)
        return False
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)
        return True


def _link_unchanged(site: Path, staging: Path, paths) -> set[str]:
    """Hard-link unchanged files into staging; the paths that had to be copied (new inode) are returned."""
    made, copied = set(), set()
    for path in paths:
        target = staging / path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if _link_or_copy(site / path, target):
            copied.add(path)
    return copied


def _keeps(name: str) -> bool:
    return name in KEEP or (name.startswith(".") and not name.startswith(".nb-"))


def _kept(site: Path, produced_tops: set, manifest: dict | None = None) -> list[str]:
    """Top-level entries we do not produce but must carry over: hidden ones (.git, .nojekyll) as MkDocs leaves
    them, so a gh-pages worktree in site/ survives, and that worktree's CNAME (GitHub commits one there). One
    that an earlier build wrote (it is still the file its record describes) is not carried. Without a worktree,
    a CNAME the build no longer makes is one it made before: a custom domain removed from the settings must
    not stay published, even when no record of that build is left (a `mkdocs build` since, a cleared cache)."""
    if not site.is_dir():
        return []
    worktree = os.path.lexists(site / ".git")
    return sorted(name for name in os.listdir(site) if name not in produced_tops and _keeps(name)
                  and (worktree or name != "CNAME") and not _ours(site, name, manifest))


def _ours(site: Path, path: str, manifest: dict | None) -> bool:
    record = (manifest or {}).get(path)
    return record is not None and _matches(f"{site}/{path}", record)


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


def _clear_retired(retired: Path) -> None:
    """Remove the old site; what cannot be removed (an immutable folder) is renamed aside, out of the way of
    every later build, which would otherwise fail on it (site/ is whole either way)."""
    try:
        _remove_tree(retired)
    except OSError:
        with contextlib.suppress(OSError):
            os.rename(retired, retired.with_name(f"{retired.name}-{os.getpid()}-{os.urandom(4).hex()}"))


def _swap(site: Path, staging: Path, retired: Path) -> None:
    if not site.exists():
        os.rename(staging, site)
        return
    if _exchange(staging, site):
        os.rename(staging, retired)  # staging now holds the old site
    else:  # a kill between these two renames is undone by recover()
        os.rename(site, retired)
        os.rename(staging, site)
    _clear_retired(retired)


# --- Changeset: staged files renamed into site/ one by one, under a journal ------------------------

def _through_symlink(site: Path, path: str, cache: dict) -> bool:
    """True when a folder on the way to path is a symlink: renaming or unlinking through it could touch
    files outside site/."""
    folder = site
    for part in PurePosixPath(path).parent.parts:
        folder = folder / part
        if folder not in cache:
            cache[folder] = folder.is_symlink()
        if cache[folder]:
            return True
    return False


def _make_folders(site: Path, rel: PurePosixPath, made: set) -> None:
    """Create the folders of rel in site/; a file or symlink where a folder must be is replaced."""
    folder = site
    for part in rel.parts:
        folder = folder / part
        if folder in made:
            continue
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                os.unlink(folder)  # never a produced file: check_paths forbids a path that is also a folder
                os.mkdir(folder)
        except FileNotFoundError:
            os.mkdir(folder)
        made.add(folder)


def _prune(site: Path, folder: Path) -> None:
    """Remove folders that a removal left empty, up to site/."""
    while folder != site:
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent


def _roll_forward(site: Path, staging: Path, journal: dict) -> None:
    """Apply a journal; idempotent, so a kill midway is finished by running it again.
    Removals first, so a removed file can become a folder and a removed folder a file."""
    symlinks: dict = {}
    for path in journal["removed"]:
        target = site / path
        if _through_symlink(site, path, symlinks):
            continue  # not ours to follow; _make_folders replaces the link itself if a new file needs it
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            if not stat.S_ISDIR(os.lstat(target).st_mode):  # a folder here now holds new files
                os.unlink(target)
                _prune(site, target.parent)
    made: set = set()
    for path in journal["changed"]:
        source = staging / path
        if not os.path.lexists(source):
            continue  # moved before a kill
        target = site / path
        _make_folders(site, PurePosixPath(path).parent, made)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(source, target)
    _remove_tree(staging)


def _read_journal(staging: Path) -> dict | None:
    """The journal in staging, or None when there is none or it is not ours (a bad path is refused)."""
    if staging.is_symlink() or not staging.is_dir():
        return None
    try:
        journal = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
        paths = journal["changed"] + journal["removed"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not all(isinstance(p, str) and not _escapes(p) and not _reserved(p) for p in paths):
        return None
    return journal


def recover(site: Path) -> None:
    """Finish or undo what a killed build left: a half-done swap is undone or finished, a complete journal
    is rolled forward, a staging folder without one is deleted."""
    staging, retired = siblings(site)
    if retired.exists() and not site.exists():  # killed between the two renames: put the old site back
        os.rename(retired, site)
    journal = _read_journal(staging)
    if journal is not None and site.is_dir():
        _roll_forward(site, staging, journal)
    _remove_tree(staging)
    _clear_retired(retired)


def finish_interrupted(site: Path) -> None:
    """A build killed while applying its changes left site/ part old, part new: finish that now, before this
    build reads anything, so that even a build that then fails on its content leaves one whole site."""
    site = Path(os.path.realpath(site))
    staging, retired = siblings(site)
    if not (os.path.lexists(staging) or os.path.lexists(retired)):
        return  # the common case: nothing was interrupted
    try:
        fd = _lock(site.parent)
    except OSError:
        return  # the build's own write reports what is wrong with the folder
    try:
        recover(site)
    except OSError:
        pass
    finally:
        _unlock(fd)


# --- One build's write ----------------------------------------------------------------------------

# this process's locks, (device, inode) of the folder -> [fd, holds, thread]: `mkdocs build` holds the lock
# of its site's folder while the pipeline's own build takes the lock of its folder, which can be the same one
# (a read-only project builds into the temporary folder, as may `mkdocs build -d /tmp/…`); flock would wait
# for ourselves there
_held: dict[tuple[int, int], list] = {}
_held_guard = threading.Lock()


def _lock(folder: Path):
    """One build at a time per project: a second one would delete the first's staging folder."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, builds must not overlap
        return None
    fd = os.open(folder, os.O_RDONLY)
    info = os.fstat(fd)
    key = (info.st_dev, info.st_ino)
    with _held_guard:
        mine = _held.get(key)
        if mine and mine[2] == threading.get_ident():
            os.close(fd)
            mine[1] += 1
            return key
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another thread's hold of it waits here too: flock is per open file
    except BaseException:
        os.close(fd)
        raise
    with _held_guard:
        _held[key] = [fd, 1, threading.get_ident()]
    return key


def _unlock(key) -> None:
    if key is None:
        return
    import fcntl
    with _held_guard:
        mine = _held.get(key)
        if mine is None:
            return
        mine[1] -= 1
        if mine[1] > 0:
            return
        del _held[key]
    fcntl.flock(mine[0], fcntl.LOCK_UN)  # forked workers share this lock: closing our copy alone would not free it
    os.close(mine[0])


def lock_folder(folder: Path):
    """The lock a build of a site in this folder holds (for `mkdocs build`); None where none can be taken."""
    try:
        return _lock(folder)
    except OSError:  # a folder that cannot be opened: the build names what it cannot write
        return None


def unlock_folder(fd) -> None:
    _unlock(fd)


def _linked_from(site: Path, folder: Path | None) -> bool:
    """Are files of site/ hard links to files of folder (what `mkdocs build` puts there: a killed one leaves
    site/ part filled, and without its index.html)?"""
    if folder is None or not folder.is_dir():
        return False
    ours = {(s.st_dev, s.st_ino) for top, _, names in os.walk(folder) for s in
            (os.lstat(os.path.join(top, n)) for n in names)}
    seen = 0
    for top, _, names in os.walk(site):  # MkDocs links every file it does not write itself: a few hundred decide
        for name in names:
            info = os.lstat(os.path.join(top, name))
            if (info.st_dev, info.st_ino) in ours:
                return True
            seen += 1
            if seen > 500:
                return False
    return False


def _refuse_foreign(site: Path, manifest: dict | None = None, vouching: Path | None = None) -> None:
    """Every site we build has an index.html; a non-empty folder without one is someone's data, unless it
    still holds files the last build wrote (its index.html was deleted by hand), or links to the pipeline's
    own copies (`vouching`) that a killed `mkdocs build` left."""
    if site.exists() and not site.is_dir():
        raise BuildFailed([error(site.as_posix(), 0, "site_dir", "is a file, not a folder; it is not replaced",
                                 "a folder for the built site")])
    if site.is_dir() and not (site / "index.html").is_file() \
            and any(not n.startswith(".") and n not in KEEP for n in os.listdir(site)) \
            and not any(_ours(site, path, manifest) for path in list(manifest or {})[:50]) \
            and not _linked_from(site, vouching):
        raise BuildFailed([error(site.as_posix(), 0, "site_dir", "folder holds files but no index.html: not a "
                                 "site Newsbrief built, so it is not replaced", "an empty folder or a previous build")])


class Staging:
    """One build's write. Changed files go to the staging folder; commit() applies them all or nothing
    (swap), or rolled forward from a journal (changeset). open() takes the project lock until commit/abort."""

    def __init__(self, site: Path, manifest: dict[str, FileRecord] | None = None, vouching: Path | None = None):
        self.site = Path(os.path.realpath(site))  # a symlinked site/ is written where it really lives
        self.staging, self.retired = siblings(self.site)
        self.manifest = manifest
        self.vouching = vouching
        self._fd = None
        self._open = False

    def open(self) -> "Staging":
        try:
            self.site.parent.mkdir(parents=True, exist_ok=True)
            self._fd = _lock(self.site.parent)
            self._open = True
            recover(self.site)
            _refuse_foreign(self.site, self.manifest, self.vouching)
            self.staging.mkdir()
        except BaseException as exc:
            self._release()
            if isinstance(exc, OSError):
                raise _cannot_write(exc, self.site) from None
            raise
        return self

    def put(self, path: str, data: bytes) -> tuple[FileRecord, bool]:
        """(record, written), between open() and commit(). Safe in forked workers: it touches only the
        filesystem, never self."""
        if problem := _path_problem(path):  # refused here too: a worker must never write outside staging
            raise BuildFailed([error(path, 0, "", problem)])
        new, old = digest(data), f"{self.site}/{path}"  # strings, not Paths: this runs for every output
        record = (self.manifest or {}).get(path)
        try:
            if record is not None and _matches(old, record):
                if record.digest == new:
                    return record, False  # not read: the manifest vouches for its bytes
            elif _same_file(Path(old), data):
                return _record(old, new), False
            target = f"{self.staging}/{path}"
            try:
                return _put(target, data, new), True
            except FileNotFoundError:  # folders made on demand, in the workers: one system call less per file
                Path(target).parent.mkdir(parents=True, exist_ok=True)
                return _put(target, data, new), True
        except OSError as exc:
            raise _cannot_write(exc, self.site) from None

    def commit(self, records: dict[str, FileRecord], changed: set[str]) -> tuple[WriteReport, dict[str, FileRecord]]:
        """Apply the build: records names every output, changed those put() wrote. Returns the report and
        the new manifest."""
        changed = set(changed)
        try:
            problems = check_paths(records.keys())
            problems += [error(p, 0, "", "changed but not an output") for p in changed - records.keys()]
            if problems:
                raise BuildFailed(problems)
            self._refuse_moved(records, changed)
            removed = self._changeset_removals(records, changed)
            if removed is None:
                report, restat = self._swap(records, changed)
            else:
                report, restat = self._apply_changeset(records, changed, removed)
            _remove_tree(self.staging)
            manifest = dict(records)
            for path in restat:  # inode and mtime must describe the file now in site/
                manifest[path] = _record(self.site / path, records[path].digest)
        except BaseException as exc:
            applying = (self.staging / JOURNAL).exists()  # site/ was being changed file by file
            self.abort()
            if isinstance(exc, OSError):
                failure = _cannot_write(exc, self.site)
                if applying:  # abort() rolled forward as far as it could: a journal left means part of it
                    failure.site_changed = True
                raise failure from None
            raise
        self._release()
        return report, manifest

    def abort(self) -> None:
        """Remove staging (rolling forward a journal already written) and release the lock; idempotent."""
        if self._open:
            with contextlib.suppress(OSError):
                recover(self.site)  # whatever failed, leave the old site or the new one, and no leftovers
        self._release()

    def _release(self) -> None:
        fd, self._fd, self._open = self._fd, None, False
        if fd is not None:
            _unlock(fd)

    def _refuse_moved(self, records, changed) -> None:
        """Every file said to be unchanged must still be the one its record describes (one lstat each, no
        read). A record vouched for before open() may predate recover() rolling a killed build forward:
        applying would leave that build's files in site/, so nothing is applied and the next build redoes them."""
        root = f"{self.site}/"  # strings, not Paths: this runs over every unchanged file
        moved = [p for p, record in records.items() if p not in changed and not _matches(root + p, record)]
        if moved:
            raise BuildFailed([error((self.site / p).as_posix(), 0, "site_dir", "changed on disk during the build; "
                                     "nothing was written", "an unchanged file (build again)") for p in moved[:5]])

    def _changeset_removals(self, records, changed) -> list[str] | None:
        """The paths a changeset would remove, or None when a swap must be used instead."""
        if self.manifest is None or not self.site.is_dir():
            return None
        tops = {p.split("/", 1)[0] for p in records}
        # kept entries stay, as a swap keeps them, unless an earlier build wrote them and they are still its files
        removed = sorted(p for p in self.manifest if p not in records
                         and (p.split("/", 1)[0] in tops or not _keeps(p.split("/", 1)[0])
                              or _ours(self.site, p, self.manifest)))
        if len(changed) + len(removed) > CHANGESET_LIMIT:
            return None
        if not self._can_change([*changed, *removed]):
            return None  # a folder or file that cannot be changed (read-only, immutable): the swap fails whole
        symlinks: dict = {}
        if any(_through_symlink(self.site, p, symlinks) for p in [*changed, *removed]):
            return None  # a hand-made symlinked folder: the swap replaces it without looking inside
        return removed

    def _can_change(self, paths) -> bool:
        """Every path's folder (the nearest that exists) can be written, and the file itself if it exists: else
        a changeset would stop part way, leaving site/ part old, part new."""
        seen: dict = {}
        for path in paths:
            target = self.site / path
            if os.path.lexists(target) and not os.access(target, os.W_OK, follow_symlinks=False):
                return False
            folder = target.parent
            while folder not in seen and not folder.exists() and folder != self.site:
                folder = folder.parent
            if folder not in seen:
                seen[folder] = os.access(folder, os.W_OK | os.X_OK)
            if not seen[folder]:
                return False
        return True

    def _apply_changeset(self, records, changed, removed):
        report = WriteReport(len(changed), len(records) - len(changed), len(removed))
        if changed or removed:
            journal = {"changed": sorted(changed), "removed": removed}
            partial = self.staging / f"{JOURNAL}.part"
            partial.write_text(json.dumps(journal), encoding="utf-8")
            os.replace(partial, self.staging / JOURNAL)  # from here on, recover() rolls forward
            _roll_forward(self.site, self.staging, journal)
        return report, changed

    def _swap(self, records, changed):
        produced = records.keys()
        kept = _kept(self.site, {p.split("/", 1)[0] for p in produced}, self.manifest)
        report = WriteReport(len(changed), len(records) - len(changed), _count_removed(self.site, produced, kept))
        if not changed and not report.removed:
            return report, set()  # nothing to change: the site on disk is already this build
        copied = _link_unchanged(self.site, self.staging, [p for p in records if p not in changed])
        _carry_over(self.site, self.staging, kept)
        _swap(self.site, self.staging, self.retired)
        return report, changed | copied


def write_site_with_manifest(outputs, site: Path, manifest: dict[str, FileRecord] | None = None):
    """Write outputs (anything with .path and .data) as the whole content of site/; (report, new manifest)."""
    outputs = list(outputs)
    problems = check_paths([o.path for o in outputs])
    if problems:
        raise BuildFailed(problems)
    staging = Staging(site, manifest).open()
    records, changed = {}, set()
    try:
        for output in outputs:
            records[output.path], written = staging.put(output.path, output.data)
            if written:
                changed.add(output.path)
    except BaseException:
        staging.abort()
        raise
    return staging.commit(records, changed)


def write_site(outputs, site: Path, manifest: dict[str, FileRecord] | None = None) -> WriteReport:
    """Write outputs as the whole content of site/, all or nothing (or rolled forward, given a manifest)."""
    return write_site_with_manifest(outputs, site, manifest)[0]
