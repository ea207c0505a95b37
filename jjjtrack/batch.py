"""Reading and extracting a big batch of documents in worker processes, in order.

Workers only read files and extract statements (the slow, parallel part); the caller
writes each result to the ledger as it arrives, in the order the files were given, each
document all or nothing (Ledger.batched_writes commits them a batch at a time, and before
it waits for the workers), so the ledger never has more than one writer. Files go to the
workers in chunks (a few hundred KB each) and only a few chunks are in flight at once, so
memory stays flat however many files there are.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from dataclasses import dataclass

from .errors import JjjtrackError
from .models import Document, Statement

MANY_FILES = 8  # fewer files than this are read in the calling process
CHUNK_BYTES = 256 * 1024
CHUNK_FILES = 32
MAX_JOBS = 2  # the ledger's writer is one more process: more workers only queue behind it


@dataclass(frozen=True)
class Read:
    """One file read and extracted. statements is empty when the ledger already holds the
    same bytes extracted by this extractor; error is set (and document None) when the file
    could not be read or extracted."""

    path: str
    document: Document | None
    statements: list[Statement]
    error: str | None = None


def default_jobs(files: list) -> int:
    """Worker processes for a batch: up to MAX_JOBS for many files, else none (1)."""
    if len(files) < MANY_FILES:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_JOBS, cpus))


class ParallelReader:
    """Iterate Reads of files in their order, read and extracted by `jobs` worker processes.

    Use as a context manager: leaving it (normally, on an error or on Ctrl-C) cancels what
    the workers have not started. The first chunks are handed out at construction, before
    any progress bar starts a thread, so the workers fork from a single-threaded process.
    """

    def __init__(
        self, files: list, date: str | None, known: frozenset[str], jobs: int, before_waiting=lambda: None
    ):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.total = len(files)
        self._chunks = deque(_chunks(files))
        context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
        self._pool = ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(known, date, os.getpid())
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
            reads = future.result()
            self._fill()
            yield from reads

    def _fill(self) -> None:
        while self._chunks and len(self._pending) < self._window:
            self._pending.append(self._pool.submit(_read_chunk, self._chunks.popleft()))


def read_one(path: str, date: str | None, known: frozenset[str] | set[str]) -> Read:
    """Read and extract one file (in a worker or in this process)."""
    from .documents import read_document
    from .extract import extract

    try:
        document = read_document(path, date=date)
        statements = [] if document.sha256 in known else extract(document)
    except JjjtrackError as error:
        return Read(str(path), None, [], str(error))
    return Read(str(path), document, statements)


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

_known: frozenset[str] = frozenset()
_date: str | None = None


def _start_worker(known: frozenset[str], date: str | None, parent: int) -> None:
    import signal
    import threading

    global _known, _date
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process to handle
    _known, _date = known, date
    # A main process killed outright (SIGKILL, OOM) cannot tell its workers, and they would
    # wait for work forever: each one leaves as soon as it has a new parent.
    threading.Thread(target=_leave_with, args=(parent,), daemon=True).start()


def _leave_with(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _read_chunk(paths: list) -> list[Read]:
    return [read_one(path, _date, _known) for path in paths]
