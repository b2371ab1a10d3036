"""Many small jobs: run them in a process pool when that pays, and show how far along they are."""
from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor

from .errors import BuildFailed

PARALLEL_MIN = 500      # below this many jobs, forking and shipping results back costs more than it saves
CHUNKS_PER_WORKER = 8   # enough chunks to balance uneven jobs and move the bar, few enough to stay cheap
BAR_AFTER = 1.0         # seconds: short builds never flash a bar
BAR_WIDTH = 30


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class Progress:
    """A one-line bar on stderr when it is a terminal and the build has run for a while; else silent."""

    def __init__(self, stream=None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.perf_counter()
        self._label, self._total, self._done, self._drawn, self._shown = "", 0, 0, 0.0, False

    def stage(self, label: str, total: int) -> None:
        self._label, self._total, self._done = label, total, 0
        self._draw()

    def advance(self, n: int = 1) -> None:
        self._done += n
        self._draw()

    def _draw(self) -> None:
        now = time.perf_counter()
        if not self.enabled or now - self.started < BAR_AFTER or (now - self._drawn < 0.1 and self._done < self._total):
            return
        filled = BAR_WIDTH * self._done // max(self._total, 1)
        self.stream.write(f"\r{self._label:<11} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
                          f"{self._done}/{self._total}\x1b[K")
        self.stream.flush()
        self._drawn, self._shown = now, True

    def finish(self) -> None:
        """Erase the bar, so the summary line that follows stands alone."""
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False


_JOB: tuple = ()  # (function, items) for forked workers: inherited, so closures need no pickling


def _run_chunk(bounds: tuple[int, int]):
    fn, items = _JOB
    try:
        return True, [fn(items[i]) for i in range(*bounds)]
    except BuildFailed as failure:  # its diagnostics survive pickling; the exception itself would not
        return False, failure.diagnostics


def _chunks(n: int, workers: int) -> list[tuple[int, int]]:
    size = max(1, -(-n // (workers * CHUNKS_PER_WORKER)))
    return [(i, min(i + size, n)) for i in range(0, n, size)]


_LOADED_FROZEN = False  # set by freeze_loaded(): gc.get_freeze_count() walks every frozen object (7 ms at 1,000 stories)


def freeze_loaded(frozen: bool = True) -> None:
    """Freeze (or thaw) what the build has loaded: the collector skips it, and forked workers share its pages."""
    global _LOADED_FROZEN
    gc.freeze() if frozen else gc.unfreeze()
    _LOADED_FROZEN = frozen


def _worth_a_pool(count: int, min_items: int | None, workers: int) -> bool:
    return count >= (PARALLEL_MIN if min_items is None else min_items) and workers >= 2 \
        and "fork" in multiprocessing.get_all_start_methods()


@contextlib.contextmanager
def _forking(fn, items):
    """Workers forked within find (fn, items) in a global, so closures need no pickling; and the objects they
    inherit are frozen, so not copied just because the collector touched them. Left as they were after."""
    global _JOB
    _JOB, frozen = (fn, items), _LOADED_FROZEN  # the build froze what it loaded: left so after the pool
    gc.freeze()
    try:
        yield
    finally:
        _JOB = ()
        if not frozen:
            gc.unfreeze()


def _forked_pool(workers: int) -> ProcessPoolExecutor:
    """A fork-started pool forks all its workers at the first submit."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_die_with_parent, initargs=(os.getpid(),))


def pool_map(fn, items, progress: Progress | None = None, label: str = "", workers: int | None = None,
             min_items: int | None = None) -> list:
    """[fn(x) for x in items], in forked processes when there are many items and more than one core.

    fn may be any callable, even a closure: workers are forked and find it in a global.
    Results come back in order; a BuildFailed in any job is raised here with its diagnostics.
    min_items: fewest items worth a pool (default PARALLEL_MIN; less for a batch of a large build).
    """
    items = list(items)
    workers = workers or cores()
    progress = progress or Progress(enabled=False)
    progress.stage(label, len(items))
    if not _worth_a_pool(len(items), min_items, workers):
        results = []
        for item in items:
            results.append(fn(item))
            progress.advance()
        return results
    with _forking(fn, items), _forked_pool(workers) as pool:
        results = []
        for bounds, (ok, part) in zip(_chunks(len(items), workers), pool.map(_run_chunk, _chunks(len(items), workers))):
            if not ok:
                raise BuildFailed(part)
            results += part
            progress.advance(bounds[1] - bounds[0])
        return results


def pool_stream(fn, items, progress: Progress | None = None, label: str = "", chunk: int = 25,
                min_items: int | None = None, workers: int | None = None):
    """fn(x) for x in items, yielded in order as they are done: one pool for all items when there are many
    and more than one core, so the parent works on the results while the workers go on. pool_map forks once
    per call, and every call ends waiting on its slowest chunk with a core idle; a first build's provenance
    check was 20 such calls at 10,000 stories. Results not yet taken are held in memory: take them as they come."""
    items = list(items)
    workers = workers or cores()
    progress = progress or Progress(enabled=False)
    progress.stage(label, len(items))
    if not _worth_a_pool(len(items), min_items, workers):
        for item in items:
            yield fn(item)
            progress.advance()
        return
    with _forking(fn, items):
        pool = _forked_pool(workers)
        try:
            size = max(1, min(chunk, len(items) // (2 * workers)))  # a few items: one each, all cores busy
            bounds = [(i, min(i + size, len(items))) for i in range(0, len(items), size)]
            futures = [pool.submit(_run_chunk, b) for b in bounds]
            for n in range(len(futures)):
                ok, part = futures[n].result()
                futures[n] = None  # taken: memory holds only the results not yet taken
                if not ok:
                    raise BuildFailed(part)
                yield from part
                progress.advance(len(part))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class Background:
    """fn() worked out in a forked process while the parent goes on (result() waits for it), when there is a
    second core and fork; else worked out here, when asked for."""

    def __init__(self, fn):
        self._fn, self._pool, self._future = fn, None, None
        if _worth_a_pool(1, 1, cores()):
            with _forking(lambda _: fn(), (None,)):
                self._pool = _forked_pool(1)
                self._future = self._pool.submit(_run_chunk, (0, 1))  # its worker is forked here

    def result(self):
        if self._future is None:
            return self._fn()
        try:
            ok, part = self._future.result()
        finally:
            self.close()
        if not ok:
            raise BuildFailed(part)
        return part[0]

    def close(self) -> None:
        """Done with it (or not wanted after all, the build having failed first): the pool ends, once its one
        job, a fraction of a second's work, is done."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool, self._future = None, None


def _die_with_parent(parent: int) -> None:
    """A worker of a killed build would run on, holding the project's lock (an inherited descriptor): every
    later build would wait for it forever. Linux ends it with its parent; elsewhere it stops at its next job."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):
        pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def give_back_memory() -> None:
    """Return freed heap to the system after a batch (glibc keeps it otherwise), so that the peak memory
    of a large build is one batch's, and forked workers do not inherit the rest. A no-op elsewhere."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass
