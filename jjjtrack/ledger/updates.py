"""Updates: the append-only history of each commitment, and the stored status it sets."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InvalidValue, NotFound
from ..filters import Filter
from ..models import DateSource, Kind, Status
from . import sql
from .queries import SHOW_COLUMNS
from .store import now

UPDATE_COLUMNS = ("id", "as_of", "status", "progress", "deadline", "note", "source", "lead", "owner", "recorded_at",
                  "link_id")


@dataclass(frozen=True)
class UpdateResult:
    commitment_id: int
    status: str  # the state as of the update's date, as `show` would give it (silent, overdue...)
    previous_status: str  # the same, before the update
    marked_done_by_progress: bool
    previous_deadline: str | None = None
    deadline: str | None = None


class Updates:
    def get(self, commitment_id: int, as_of: str) -> dict:
        rows = self._listing(Filter(as_of=as_of), extra="id = :id", params={"id": commitment_id}, all_rows=True,
                             columns=SHOW_COLUMNS)
        if not rows:
            raise NotFound(f"no commitment with id {commitment_id}")
        return rows[0]

    def history(self, commitment_id: int) -> list[dict]:
        return self.histories([commitment_id])[commitment_id]

    def histories(self, commitment_ids) -> dict[int, list[dict]]:
        """Each commitment's updates, oldest first, in one query: id -> updates."""
        ids = sorted({int(i) for i in commitment_ids})
        found: dict[int, list[dict]] = {i: [] for i in ids}
        for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT commitment_id, {', '.join(UPDATE_COLUMNS)} "
                f"FROM updates WHERE commitment_id IN ({marks}) ORDER BY commitment_id, as_of, id",
                chunk,
            ):
                found[row.pop("commitment_id")].append(row)
        return found

    def add_update(
        self, commitment_id: int, *, as_of: str, status: str | None = None, progress: float | None = None,
        note: str | None = None, source: str | None = None, deadline: str | None = None,
        today: str | None = None, lead: str | None = None, owner: str | None = None,
    ) -> UpdateResult:
        """Append one update; a target's progress at or past its value marks it done, short
        of it in progress. An update records what has happened: it cannot be dated after
        today, nor before the document that made the commitment. lead and owner (units,
        normalised by the caller) hold from its as-of date on."""
        with self.transaction():
            rows = self._rows(
                "SELECT c.id, c.kind, c.value, c.comparator, c.status, d.doc_date, d.date_source "
                "FROM commitments c JOIN documents d ON d.id = c.document_id WHERE c.id = ?",
                [commitment_id],
            )
            if not rows:
                raise NotFound(f"no commitment with id {commitment_id}")
            row = rows[0]
            _check_update_date(as_of, today, row)
            before = self.get(commitment_id, as_of)
            by_progress = status is None and _progress_completes(row, progress)
            if by_progress:
                status = Status.DONE.value
            elif status is None and _progress_starts(row, progress):
                status = Status.IN_PROGRESS.value
            if deadline is not None and deadline != before["deadline"]:
                note = _join_notes(note, f"deadline {before['deadline'] or 'none'} -> {deadline}")
            self._insert_update(commitment_id, as_of, status, progress, deadline, note, source, now(), lead, owner)
            if deadline is not None:
                self._refresh_deadline(commitment_id)
            self._refresh_status(commitment_id)
            after = self.get(commitment_id, as_of)
        return UpdateResult(commitment_id, after["status"], before["status"], by_progress,
                            before["deadline"], after["deadline"])

    def _insert_update(self, commitment_id, as_of, status, progress, deadline, note, source, recorded_at,
                       lead=None, owner=None):
        self.conn.execute(
            "INSERT INTO updates (commitment_id, as_of, status, progress, deadline, note, source, recorded_at, lead, owner) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [commitment_id, as_of, status, progress, deadline, note, source, recorded_at, lead, owner],
        )

    def _refresh_status(self, commitment_id: int) -> str:
        """The stored status is the latest status-bearing update, by as-of date; status_since its date."""
        latest = sql.latest_update_sql("status", "u.status, u.as_of", "?")
        row = self.conn.execute(latest, [commitment_id]).fetchone()
        status, since = row or (Status.PENDING.value, None)
        self.conn.execute("UPDATE commitments SET status = ?, status_since = ? WHERE id = ?", [status, since, commitment_id])
        return status

    def _refresh_deadline(self, commitment_id: int) -> None:
        """The stored deadline is the latest deadline-bearing update's, by as-of date, else the stated one."""
        self.conn.execute(sql.REFRESH_DEADLINE_SQL, [commitment_id])


def _progress_completes(row: dict, progress: float | None) -> bool:
    return (
        progress is not None
        and row["kind"] == Kind.TARGET.value
        and row["value"] is not None
        and row["comparator"] != "at_most"
        and row["status"] not in (Status.DONE.value, Status.DROPPED.value)
        and progress >= row["value"]
    )


def _progress_starts(row: dict, progress: float | None) -> bool:
    """Progress short of a target that nothing had started: it is under way."""
    return progress is not None and progress > 0 and row["kind"] == Kind.TARGET.value and row["status"] == Status.PENDING.value


def _check_update_date(as_of: str, today: str | None, row: dict) -> None:
    if today is not None and as_of > today:
        raise InvalidValue(f"--date {as_of} is after today ({today}): an update records what has happened "
                           "(a new deadline is --deadline)")
    if row["doc_date"] and row["date_source"] != DateSource.GUESS.value and as_of < row["doc_date"]:
        raise InvalidValue(f"--date {as_of} is before the document that states commitment {row['id']} "
                           f"({row['doc_date']}): nothing could be recorded of it then")


def _join_notes(*notes: str | None) -> str:
    return "; ".join(note for note in notes if note)
