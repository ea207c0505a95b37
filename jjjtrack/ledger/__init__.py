"""The ledger: one SQLite file of documents, commitments and their append-only updates.

Every query jjjtrack runs lives in this package; callers hand it values (models, Filters,
dates as YYYY-MM-DD strings) and get plain dicts back. Overdue is computed at query time
against an as-of date, never stored. One part a module, each a mixin of the Ledger:

  store      the file, the schema (migrations.py), transactions and write batches
  documents  a document and its statements stored; re-extraction reconciled
  updates    the append-only history of a commitment and the status it sets
  links      targets paired with the later statements that report their outcomes
  queries    listings, counts and the state of each commitment as of a date
  transfer   export to JSON Lines: the format and its fields
  importing  such a file read back, every field checked
  check      the integrity check
  sql        the statements the parts share (the state rule, the browsing views)
"""

from __future__ import annotations

from .check import Check
from .documents import Documents, IngestResult
from .importing import Import
from .links import Links
from .queries import LISTING_COLUMNS, SCHEDULE_COLUMNS, Queries
from .store import DEFAULT_PATH, Store, ledger_exists, resolve_path
from .transfer import EXTRACTION_NOTES, Export
from .updates import UpdateResult, Updates

__all__ = ["DEFAULT_PATH", "EXTRACTION_NOTES", "LISTING_COLUMNS", "SCHEDULE_COLUMNS", "IngestResult", "Ledger", "UpdateResult",
           "ledger_exists", "resolve_path"]


class Ledger(Documents, Updates, Links, Queries, Export, Import, Check, Store):
    """Open with Ledger(path); the file is created and migrated on first use."""
