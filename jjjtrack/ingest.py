"""Ingest: files -> documents -> statements -> ledger, in one place.

Owns what an ingest decides: which files to read, which bytes need no extracting again
(the ledger holds them, read by this extractor), what happens when a file cannot be read
or the extractor fails on it (that file is skipped with its reason, the rest go on), and
how the work is shared: a few files are read here, many by a pool of worker processes
(batch.WorkerPool) while this process writes each document as it comes, a batch of
documents per transaction, each document all or nothing.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field

from .errors import JjjtrackError, LedgerError
from .models import Document, Statement


@dataclass(frozen=True)
class Read:
    """One file read, with its statements; statements is None when the ledger holds the
    same bytes extracted by this extractor already, and error is set (document None) when
    the file could not be read or extracted."""

    path: str
    document: Document | None
    statements: list[Statement] | None
    error: str | None = None


@dataclass
class Outcome:
    """What an ingest did: a result for each document written, a reason for each file skipped."""

    results: list = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    links: object = None  # linking.LinkSummary of the targets the new documents concern




def ingest(ledger, files: list[str], *, date: str | None, today: str, jobs: int | None = None,
           progress=lambda items: items, link: bool = True, ocr: bool = False) -> Outcome:
    """Read, extract and store each file, then link the targets the new documents concern
    to their outcomes (linking.relink); `progress` may wrap the stream of reads (a bar);
    `ocr` reads scanned PDFs by OCR."""
    from .batch import default_jobs
    from .errors import InvalidValue
    from .extract import EXTRACTOR_VERSION

    if ledger.read_only:
        raise LedgerError(f"ledger {str(ledger.path)!r} is read-only: nothing can be ingested into it")
    if jobs is not None and jobs < 1:
        raise InvalidValue(f"--jobs must be 1 or more, not {jobs}")
    jobs = jobs or default_jobs(files)
    known = set(ledger.extracted_shas(EXTRACTOR_VERSION))
    if date is not None:  # a date given for a document the ledger holds corrects its date
        known -= ledger.shas_dated_otherwise(date)
    outcome = Outcome()
    work = functools.partial(read_one, date=date, known=frozenset(known), ocr=ocr)
    if jobs > 1 and len(files) > 1:
        from .batch import WorkerPool

        with WorkerPool(files, work, jobs, before_waiting=ledger.commit_batch) as reads, ledger.batched_writes():
            _write_all(ledger, progress(reads), known, today, outcome)
    else:
        _write_all(ledger, progress(_LazyReads(files, work)), known, today, outcome)
    unlinked = ledger.documents_to_link() if link else []
    if unlinked:  # the documents written now, and any an interrupted ingest left unlinked
        from .linking import relink

        outcome.links = relink(ledger, unlinked)
    return outcome


class _LazyReads:
    """Files read one by one as they are asked for, with a length for a progress bar."""

    def __init__(self, files, work):
        self._files, self._work = files, work

    def __len__(self) -> int:
        return len(self._files)

    def __iter__(self):
        return (self._work(path) for path in self._files)


def _write_all(ledger, reads, known: set, today: str, outcome: Outcome) -> None:
    from .extract import EXTRACTOR_VERSION

    for read in reads:
        try:
            if read.error is not None:
                raise JjjtrackError(read.error)
            sha = read.document.sha256
            if read.statements is None or sha in known:  # read already (also earlier in this run)
                outcome.results.append(ledger.unchanged_document(sha))
            else:
                outcome.results.append(ledger.add_document(read.document, read.statements, EXTRACTOR_VERSION, today))
                known.add(sha)
        except JjjtrackError as error:
            outcome.problems.append((read.path, str(error)))


def read_one(path: str, *, date: str | None, known: frozenset[str], ocr: bool = False) -> Read:
    """Read and extract one file (in a worker or in this process); never raises for a file."""
    from .documents import read_document
    from .extract import extract

    try:
        document = read_document(path, date=date, ocr=ocr)
        statements = None if document.sha256 in known else extract(document)
    except JjjtrackError as error:
        return Read(str(path), None, None, str(error))
    except Exception as error:  # a bug in reading or extracting: skip this file, keep the batch going
        if os.environ.get("JJJTRACK_DEBUG"):
            raise
        return Read(str(path), None, None,
                    f"{path}: the extractor failed on it ({type(error).__name__}); please report this file")
    return Read(str(path), document, statements)
