"""A pool of worker processes that applies one function to many files, results in order.

The ingest (jjjtrack/ingest.py) hands it the reading and extracting of each file (the slow,
parallel part) and writes each result as it arrives, so the ledger never has more than one
writer. Files go to the workers in chunks (a few hundred KB each) and only a few chunks are
in flight at once, so memory stays flat however many files there are.
"""

from __future__ import annotations

import os
import sys
from collections import deque

MANY_FILES = 8  # fewer files than this are read in the calling process
CHUNK_BYTES = 256 * 1024
CHUNK_FILES = 32
MAX_JOBS = 2  # the ledger's writer is one more process: more workers only queue behind it


def default_jobs(files: list) -> int:
    """Worker processes for a batch: up to MAX_JOBS for many files, else none (1)."""
    if len(files) < MANY_FILES:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_JOBS, cpus))


class WorkerPool:
    """Iterate work(path) for each file, in their order, computed by `jobs` worker processes.

    work must be a module-level function (or a functools.partial of one): it reaches the
    workers once, as they start.

    Use as a context manager: leaving it (normally, on an error or on Ctrl-C) cancels what
    the workers have not started. The first chunks are handed out at construction, before
    any progress bar starts a thread, so the workers fork from a single-threaded process.
    """

    def __init__(
        self, files: list, work, jobs: int, before_waiting=lambda: None
    ):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.total = len(files)
        self._chunks = deque(_chunks(files))
        context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
        self._pool = ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(work, os.getpid())
        )
        self._window = 2 * jobs
        self._before_waiting = before_waiting  # called when the next chunk is not read yet
        self._pending: deque = deque()
        self._fill()

    def __len__(self) -> int:
        return self.total

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._pool.shutdown(wait=exc[0] is None, cancel_futures=True)

    def __iter__(self):
        while self._pending:
            future = self._pending.popleft()
            if not future.done():
                self._before_waiting()
            results = future.result()
            self._fill()
            yield from results

    def _fill(self) -> None:
        while self._chunks and len(self._pending) < self._window:
            self._pending.append(self._pool.submit(_read_chunk, self._chunks.popleft()))


def _chunks(files: list):
    chunk, size = [], 0
    for path in files:
        try:
            size += os.path.getsize(path)
        except OSError:
            pass  # the worker reports it
        chunk.append(path)
        if size >= CHUNK_BYTES or len(chunk) >= CHUNK_FILES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


# -- in the worker processes -------------------------------------------------------------

_work = None


def _start_worker(work, parent: int) -> None:
    import signal
    import threading

    global _work
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process to handle
    _work = work
    # A main process killed outright (SIGKILL, OOM) cannot tell its workers, and they would
    # wait for work forever: each one leaves as soon as it has a new parent.
    threading.Thread(target=_leave_with, args=(parent,), daemon=True).start()


def _leave_with(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _read_chunk(paths: list) -> list:
    return [_work(path) for path in paths]
