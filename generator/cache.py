"""The build cache: results of slow, pure steps, kept between builds and keyed by what produced them.

Each table (parsed documents, provenance results, rendered summaries) lives in a few pickle
shards under `.cache/newsbrief/` and is stamped with a version: a hash of the code (and, for
tables that depend on them, the templates) that made it. A key is a hash of the inputs, so an
entry is either exactly right or never looked up. Anything unreadable — a missing folder, a
truncated or foreign file, a version from other code — reads as empty: the build recomputes,
never fails. Only shards that gained entries (or carry many stale ones) are rewritten.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from pathlib import Path

from .frontmatter import parse_document, read_document, read_limited

FOLDER = ".cache/newsbrief"
RACY_NS = 2_000_000_000  # a file changed this recently may change again within one mtime tick: don't trust its stat
FORMAT = 1
SHARDS = 16            # an edit rewrites 1/16 of a table, not all of it
STALE_SHARE = 0.25     # rewrite a shard to drop old entries once a quarter of it is unused
_CODE = Path(__file__).resolve().parent


def digest(*parts) -> str:
    """A short hash of strings and bytes, with separators so ("ab", "c") != ("a", "bc")."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def folder_version(*folders: Path) -> str:
    """Hash of every file's name and bytes under the folders: any code or template edit changes it."""
    parts = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


def code_version() -> str:
    """Version of the generator's own sources (not the templates)."""
    return folder_version(_CODE)


class Table:
    """key -> value for one kind of result; tracks what this build used, so stale entries can go."""

    def __init__(self, folder: Path | None, name: str, version: str):
        self.folder, self.name, self.version = folder, name, version
        self._shards = [self._load(i) for i in range(SHARDS)]
        self._used: list[set] = [set() for _ in range(SHARDS)]
        self._dirty = [False] * SHARDS
        self.hits = self.misses = 0

    def _path(self, i: int) -> Path:
        return self.folder / f"{self.name}.{i:02d}.pickle"

    def _load(self, i: int) -> dict:
        if self.folder is None:
            return {}
        try:
            with open(self._path(i), "rb") as handle:
                stamp, entries = pickle.load(handle)
            return entries if stamp == (FORMAT, self.version) and isinstance(entries, dict) else {}
        except Exception:  # any unreadable cache is an empty cache; pickle can raise almost anything
            return {}

    @staticmethod
    def _shard(key: str) -> int:
        return int(key[:4], 16) % SHARDS  # keys are digest() hex strings

    def get(self, key: str, default=None):
        i = self._shard(key)
        shard = self._shards[i]
        if key in shard:
            self._used[i].add(key)
            self.hits += 1
            return shard[key]
        self.misses += 1
        return default

    def __contains__(self, key: str) -> bool:
        return key in self._shards[self._shard(key)]

    def put(self, key: str, value) -> None:
        i = self._shard(key)
        self._shards[i][key] = value
        self._used[i].add(key)
        self._dirty[i] = True

    def save(self) -> None:
        """Write the shards that changed, keeping only the entries this build used."""
        if self.folder is None:
            return
        for i, shard in enumerate(self._shards):
            stale = len(shard) - len(self._used[i])
            if self._dirty[i] or stale > STALE_SHARE * max(len(shard), 1):
                kept = {k: shard[k] for k in self._used[i] if k in shard}
                write_pickle(self._path(i), (FORMAT, self.version), kept)
                self._shards[i], self._dirty[i] = kept, False
            self._used[i] = set()


def write_pickle(path: Path, stamp, entries: dict) -> None:
    """Never leave half a shard: write beside it, then rename. A failure just means no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((stamp, entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass


class BuildCache:
    """The tables one build uses; `folder=None` is a cache that remembers nothing (tests, --no-cache)."""

    def __init__(self, folder: Path | None, templates: Path | None = None):
        self.folder = folder
        self._code = code_version()
        self._templates = folder_version(templates) if templates else ""
        self._tables: dict[str, Table] = {}

    def table(self, name: str, *, templates: bool = False) -> Table:
        """A table whose entries depend on the code (and, if asked, on the templates too)."""
        if name not in self._tables:
            version = digest(self._code, self._templates) if templates else self._code
            self._tables[name] = Table(self.folder, name, version)
        return self._tables[name]

    def save(self) -> None:
        for table in self._tables.values():
            table.save()


class DocumentReader:
    """`read_document` with a memory: a file whose stat is unchanged is neither read nor parsed again.

    Like make and git, it trusts (path, mtime, ctime, size, inode); like git, it does not trust a
    file modified in the last two seconds, which could change again without its mtime moving.
    `digests` maps each document's shown path to a hash of its bytes, for keys of later steps.
    """

    def __init__(self, table: Table):
        self.table = table
        self.digests: dict[str, str] = {}

    def __call__(self, file: Path, shown: str):
        try:
            st = file.stat()
            key = digest(shown, st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
            hit = self.table.get(key)
            if hit is None:
                data, problems = read_limited(file, shown)  # the same bounded read as an uncached build
                if data is None:
                    return None, problems
                hit = (*parse_document(data, shown), digest(data))
                if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:
                    self.table.put(key, hit)
        except OSError:
            return read_document(file, shown)  # it says what went wrong, in the usual words
        raw, problems, self.digests[shown] = hit
        return raw, problems


def open_cache(project_dir: Path, templates: Path | None = None, enabled: bool = True) -> BuildCache:
    return BuildCache(project_dir / FOLDER if enabled else None, templates)
