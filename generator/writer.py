"""The only module that writes to disk: all paths checked first, unchanged files left alone."""
from __future__ import annotations

import os
import tempfile
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
    for o in outputs:
        parts = PurePosixPath(o.path).parts
        if not parts or o.path.startswith("/") or ".." in parts or "\\" in o.path:
            problems.append(error(o.path, 0, "", "output path escapes the site folder"))
    return problems


def _write_atomic(target: Path, data: bytes) -> None:
    """Write beside the target, then rename: a reader (or a kill) never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".nb-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def _remove_stale(site: Path, produced: set[str]) -> int:
    removed = 0
    for path in sorted(site.rglob("*"), reverse=True):
        rel = path.relative_to(site).as_posix()
        if path.is_file() or path.is_symlink():
            if rel not in produced and rel not in KEEP:
                path.unlink()
                removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed


def write_site(outputs, site: Path) -> WriteReport:
    problems = _check_paths(outputs)
    if problems:
        raise BuildFailed(problems)
    site.mkdir(parents=True, exist_ok=True)
    written = unchanged = 0
    for output in outputs:
        target = site / output.path
        try:
            if target.is_file() and target.stat().st_size == len(output.data) and target.read_bytes() == output.data:
                unchanged += 1
                continue
        except OSError:
            pass
        _write_atomic(target, output.data)
        written += 1
    removed = _remove_stale(site, {o.path for o in outputs})
    return WriteReport(written, unchanged, removed)
