"""The build cache: results of slow, pure steps, kept between builds and keyed by what produced them.

Each table (parsed documents, provenance results, rendered summaries) is a set of rows in one SQLite
file, `.cache/newsbrief/cache.sqlite` (the standard library's, no server), stamped with a version:
a hash of the code (and, for tables that depend on them, the templates) that made it. A key is a hash
of the inputs, so an entry is either exactly right or never looked up. SQLite lets a build read only
the entries it needs (an edit at 10,000 stories needs a few dozen summaries, not 250 MB of them).
Anything unreadable (a missing folder, a damaged file, a version from other code) reads as empty:
the build recomputes, never fails. Entries no build uses any more are pruned once they pile up.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
import sqlite3
import tempfile
import time
from pathlib import Path

from .frontmatter import parse_document, read_document, read_limited
from .theme import theme_folders

FOLDER = ".cache/newsbrief"
MKDOCS_OWN_SITE = f"{FOLDER}/mkdocs-site"  # where the pipeline writes for MkDocs; MkDocs' site/ links to its files
RACY_NS = 2_000_000_000  # a file changed this recently may change again within one mtime tick: don't trust its stat
FORMAT = 2
DATABASE = f"cache-{FORMAT}.sqlite"
STALE_SHARE = 0.25     # prune a table once a quarter of its rows are of no use to this build
_BATCH = 500           # keys per SELECT … IN (…): under SQLite's limit on bound parameters
_CODE = Path(__file__).resolve().parent


def mkdocs_record(project: Path, site) -> Path:
    """Where `mkdocs build` records what it made in a site folder (its outputs, and which page stands for which
    Markdown file): for the next `mkdocs build --dirty` to remove what it no longer makes."""
    return project / FOLDER / f"mkdocs-outputs-{digest(os.path.realpath(site))[:16]}.json"


def forget_mkdocs_outputs(project: Path, site) -> None:
    """A `newsbrief build` wrote site/: MkDocs' list of what it made there no longer holds every file of ours, so
    its next `--dirty` build must sweep the pipeline's folders instead of trusting the list."""
    path = mkdocs_record(project, site)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(record, dict) and "outputs" in record:
        record.pop("outputs")
        with contextlib.suppress(OSError):
            path.write_text(json.dumps(record), encoding="utf-8")
    elif isinstance(record, list):
        with contextlib.suppress(OSError):
            path.unlink()


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
                    try:
                        data = path.read_bytes()
                    except OSError as exc:  # the build names the file when it needs it; a version still differs
                        data = f"unreadable: {exc.strerror}".encode()
                    parts += [path.relative_to(folder).as_posix(), data]
    return digest(*parts)


def theme_version(templates: Path) -> str:
    """Version of the templates a page is rendered with (the site's and the built-in ones), not of their assets/:
    a style sheet edit changes no page, and must not make every page again."""
    parts = []
    for folder in theme_folders(templates):
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if relative.parts[0] == ASSETS or not path.is_file():
                continue
            try:
                data = path.read_bytes()
            except OSError as exc:
                data = f"unreadable: {exc.strerror}".encode()
            parts += [relative.as_posix(), data]
    return digest(*parts)


ASSETS = "assets"  # the theme's static files, copied as they are: not part of any page


def code_version() -> str:
    """Version of the generator's own sources (not the templates)."""
    return folder_version(_CODE)


class Store:
    """The SQLite file behind every table. Any error turns it off for this build: reads miss, writes are dropped."""

    def __init__(self, folder: Path | None):
        self.folder, self._db, self.off = folder, None, folder is None

    def _connect(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        _remove_old_formats(self.folder)
        db = sqlite3.connect(self.folder / DATABASE, timeout=30, isolation_level=None)
        db.execute("PRAGMA synchronous=OFF")  # a cache: a crash may lose entries, never the build
        # values live apart from the (tbl, key) and (tbl, version) indexes, so counting or pruning a table
        # reads small index pages, not hundreds of megabytes of values
        db.execute("CREATE TABLE IF NOT EXISTS entries (tbl TEXT, key TEXT, version TEXT, value BLOB)")
        db.execute("CREATE UNIQUE INDEX IF NOT EXISTS by_key ON entries (tbl, key)")
        db.execute("CREATE INDEX IF NOT EXISTS by_version ON entries (tbl, version)")
        return db

    def db(self) -> sqlite3.Connection | None:
        if self._db is None and not self.off:
            try:
                self._db = self._connect()
            except sqlite3.DatabaseError:  # not a database (damaged, truncated): start a new one
                try:
                    (self.folder / DATABASE).unlink()
                    self._db = self._connect()
                except (OSError, sqlite3.Error):
                    self.off = True
            except (OSError, sqlite3.Error):
                self.off = True
        return self._db

    def run(self, sql: str, args=(), many: bool = False) -> list:
        db = self.db()
        if db is None:
            return []
        try:
            return (db.executemany if many else db.execute)(sql, args).fetchall()
        except sqlite3.Error:
            self.off = True
            return []

    def in_transaction(self) -> bool:
        return self._db is not None and self._db.in_transaction

    def rows(self, sql: str, args=()):
        """The rows of a query one at a time: a table of 100 MB is never all in memory as rows."""
        db = self.db()
        if db is None:
            return
        try:
            yield from db.execute(sql, args)
        except sqlite3.Error:
            self.off = True

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


_OLD_FORMATS = re.compile(r"[a-z_]+\.\d\d\.pickle|cache(-\d+)?\.sqlite(-journal)?")  # shards of format 1, older files


def _remove_old_formats(folder: Path) -> None:
    """Earlier versions kept tables in pickle shards (hundreds of MB at 10,000 stories): not left behind."""
    for path in folder.iterdir():
        if not path.name.startswith(DATABASE) and _OLD_FORMATS.fullmatch(path.name):  # never our own journal
            try:
                path.unlink()
            except OSError:
                pass


def _unpickle(blob):
    try:
        return pickle.loads(blob)
    except Exception:  # a damaged value is a missing one; pickle can raise almost anything
        return _MISSING


_MISSING = object()


class Table:
    """key -> value for one kind of result. Entries are fetched when asked for and written on save()."""

    def __init__(self, folder: Path | None, name: str, version: str, store: Store | None = None):
        self.name, self.version = name, version
        self.store = store or Store(folder)
        self._memo: dict = {}
        self._new: dict = {}
        self._alive: set = set()
        self._preloaded = False
        self.hits = self.misses = 0

    def _fetch(self, keys) -> None:
        keys = [k for k in keys if k not in self._memo]
        for i in range(0, len(keys), _BATCH):
            batch = keys[i:i + _BATCH]
            rows = self.store.run(f"SELECT key, value FROM entries WHERE tbl = ? AND version = ? AND key IN "
                                  f"({','.join('?' * len(batch))})", [self.name, self.version, *batch])
            for key, blob in rows:
                value = _unpickle(blob)
                if value is not _MISSING:
                    self._memo[key] = value

    def preload(self) -> None:
        """Fetch every entry at once: for a table whose entries nearly all serve every build. Once per table
        object: `mkdocs serve` keeps one between rebuilds, and its memo already holds what was read."""
        if self._preloaded:
            return
        self._preloaded = True
        for key, blob in self.store.rows("SELECT key, value FROM entries WHERE tbl = ? AND version = ?",
                                         [self.name, self.version]):
            if key not in self._memo:
                value = _unpickle(blob)
                if value is not _MISSING:
                    self._memo[key] = value

    def get_many(self, keys) -> dict:
        """The entries found, fetched in a few queries (not counted as hits: get() counts those)."""
        self._fetch(keys)
        found = {k: self._memo[k] for k in keys if k in self._memo}
        self._alive.update(found)
        return found

    def get(self, key: str, default=None):
        if key not in self._memo:
            self._fetch([key])
        if key in self._memo:
            self._alive.add(key)
            self.hits += 1
            return self._memo[key]
        self.misses += 1
        return default

    def __contains__(self, key: str) -> bool:
        self._fetch([key])
        return key in self._memo

    def put(self, key: str, value) -> None:
        self._memo[key] = self._new[key] = value
        self._alive.add(key)

    def retain(self, keys) -> None:
        """Keys still of use though this build did not read them: kept when the table is pruned."""
        self._alive.update(keys)

    def flush(self) -> None:
        """Write new entries now and forget what was read: a large build keeps only one batch in memory.
        (Without a cache file the memory is the only copy, and is kept.)"""
        if not self.store.off:
            self._write_new()
            self._memo, self._preloaded = {}, False

    def _write_new(self) -> None:
        """Pickled a few hundred at a time: a first build's 20,000 documents would be 100 MB of rows at once."""
        new = list(self._new.items())
        # one transaction, not one per row (the connection commits each statement by itself): 5,000 rows of
        # 8 KB took 0.82 s, 0.10 s in one (a first build writes some 60,000)
        own = bool(new) and not self.store.in_transaction()
        if own:
            self.store.run("BEGIN")
        for i in range(0, len(new), _BATCH):
            rows = [(self.name, k, self.version, pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))
                    for k, v in new[i:i + _BATCH]]
            self.store.run("INSERT OR REPLACE INTO entries (tbl, key, version, value) VALUES (?, ?, ?, ?)", rows,
                           many=True)
        if own and self.store.in_transaction():
            self.store.run("COMMIT")
        self._new = {}

    def save(self) -> None:
        """Write new entries; drop other versions' rows, and rows no key of this build names once they pile up."""
        if self.store.off or not (self._new or self._alive):
            return
        run = self.store.run
        run("BEGIN")
        self._write_new()
        run("DELETE FROM entries WHERE tbl = ? AND version != ?", [self.name, self.version])
        count = (run("SELECT COUNT(*) FROM entries WHERE tbl = ?", [self.name]) or [(0,)])[0][0]
        if count - len(self._alive) > STALE_SHARE * max(count, 1):
            run("CREATE TEMP TABLE IF NOT EXISTS alive (key TEXT PRIMARY KEY)")
            run("DELETE FROM alive")
            run("INSERT OR IGNORE INTO alive VALUES (?)", [(k,) for k in self._alive], many=True)
            run("DELETE FROM entries WHERE tbl = ? AND key NOT IN (SELECT key FROM alive)", [self.name])
        run("COMMIT")
        self._alive = set()


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
        self.store = Store(folder)
        self.made: dict = {}   # path -> (key, bytes): the last in-memory build's outputs (`mkdocs serve`)
        self._code = code_version()
        # pages rendered by an older theme (the site's own files or the built-in ones) are made again
        self._templates = theme_version(templates) if templates else ""
        self._tables: dict[str, Table] = {}

    def table(self, name: str, *, templates: bool = False) -> Table:
        """A table whose entries depend on the code (and, if asked, on the templates too)."""
        if name not in self._tables:
            version = digest(self._code, self._templates) if templates else self._code
            self._tables[name] = Table(self.folder, name, version, self.store)
        return self._tables[name]

    def save(self) -> None:
        for table in self._tables.values():
            table.save()


class DocumentReader:
    """`read_document` with a memory: a file whose stat is unchanged is neither read nor parsed again.

    Like make and git, it trusts (path, mtime, ctime, size, inode); like git, it does not trust a
    file modified in the last two seconds, which could change again without its mtime moving.
    `digests` maps each document's shown path to a hash of its bytes, for keys of later steps.
    mapper(fn, items) -> [fn(item)...]: how prime() parses many new files at once (a process pool).
    """

    def __init__(self, table: Table, mapper=None):
        self.table, self.mapper = table, mapper
        table.preload()  # nearly every document is unchanged: one query, not one per file
        self.digests: dict[str, str] = {}
        self._primed: dict = {}   # key -> parsed, for files prime() read that may not be cached (too recent)
        self._stats: dict = {}    # file -> (stat, key), as prime() found them: not worked out twice

    @staticmethod
    def _key(shown: str, salt: str, parse, st) -> str:
        return digest(shown, salt if parse else "", st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)

    def prime(self, files, shown, parse, salt: str = "") -> None:
        """Parse at once, through the mapper, the files the cache does not know: a first build's 20,000
        documents take every core, not one (1.4 s a thousand on one). shown(file) -> its shown path."""
        if self.mapper is None:
            return
        wanted = []
        for file in files:
            try:
                st = os.stat(file)
            except OSError:
                continue  # __call__ names what went wrong
            name = shown(file)
            wanted.append((file, name, self._key(name, salt, parse, st)))
            self._stats[str(file)] = st, wanted[-1][2]
        known = self.table.get_many([key for _, _, key in wanted])
        wanted = [item for item in wanted if item[2] not in known]
        for (_, _, key), parsed in zip(wanted, self.mapper(lambda item: _read(item[0], item[1], parse), wanted)):
            if parsed is not None:
                self._primed[key] = parsed

    def __call__(self, file: Path, shown: str, parse=None, salt: str = ""):
        """(RawDocument, problems); with parse, (parse(raw)'s record, all problems): the validated record is
        what is kept, so an unchanged file costs neither reading nor validating. salt: what parse depends on."""
        try:
            st, key = self._stats.pop(str(file), (None, None))
            if st is None:
                st = file.stat()
                key = self._key(shown, salt, parse, st)
            hit, new = self._primed.pop(key, None), True
            if hit is None:
                hit, new = self.table.get(key), False
            if hit is None:
                data, problems = read_limited(file, shown)  # the same bounded read as an uncached build
                if data is None:
                    return None, problems
                hit, new = (*_parsed(parse_document(data, shown), parse), digest(data)), True
            if new and time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:
                self.table.put(key, hit)
        except OSError:
            return _parsed(read_document(file, shown), parse)  # it says what went wrong, in the usual words
        value, problems, self.digests[shown] = hit
        return value, list(problems)


def _read(file: Path, shown: str, parse):
    """(record, problems, digest of the bytes) of one file, or None when it is too large to read."""
    data, _ = read_limited(file, shown)
    if data is None:  # too large: the reader says so when the file is read for real
        return None
    return (*_parsed(parse_document(data, shown), parse), digest(data))


def _parsed(document, parse):
    raw, problems = document
    if parse is None or raw is None:
        return raw, problems
    record, more = parse(raw)
    return record, problems + more


def open_cache(project_dir: Path, templates: Path | None = None, enabled: bool = True) -> BuildCache:
    return BuildCache(project_dir / FOLDER if enabled else None, templates)
