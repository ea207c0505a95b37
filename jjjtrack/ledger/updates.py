"""Updates: the append-only history of each commitment, and the stored status it sets."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import NotFound
from ..filters import Filter
from ..models import Kind, Status
from . import sql
from .store import now

UPDATE_COLUMNS = ("id", "as_of", "status", "progress", "deadline", "note", "source", "lead", "owner", "recorded_at",
                  "link_id")


@dataclass(frozen=True)
class UpdateResult:
    commitment_id: int
    status: str
    previous_status: str
    marked_done_by_progress: bool


class Updates:
    def get(self, commitment_id: int, as_of: str) -> dict:
        rows = self._listing(Filter(as_of=as_of), extra="id = :id", params={"id": commitment_id}, all_rows=True)
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
        lead: str | None = None, owner: str | None = None,
    ) -> UpdateResult:
        """Append one update; a target's progress at or past its value marks it done. lead and
        owner (units, normalised by the caller) hold from its as-of date on."""
        with self.transaction():
            rows = self._rows(
                "SELECT id, kind, value, comparator, status, deadline FROM commitments WHERE id = ?",
                [commitment_id],
            )
            if not rows:
                raise NotFound(f"no commitment with id {commitment_id}")
            row = rows[0]
            by_progress = status is None and _progress_completes(row, progress)
            if by_progress:
                status = Status.DONE.value
            if deadline is not None and deadline != row["deadline"]:
                note = _join_notes(note, f"deadline {row['deadline'] or 'none'} -> {deadline}")
                self.conn.execute("UPDATE commitments SET deadline = ? WHERE id = ?", [deadline, commitment_id])
            self._insert_update(commitment_id, as_of, status, progress, deadline, note, source, now(), lead, owner)
            new_status = self._refresh_status(commitment_id)
        return UpdateResult(commitment_id, new_status, row["status"], by_progress)

    def _insert_update(self, commitment_id, as_of, status, progress, deadline, note, source, recorded_at,
                       lead=None, owner=None):
        self.conn.execute(
            "INSERT INTO updates (commitment_id, as_of, status, progress, deadline, note, source, recorded_at, lead, owner) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [commitment_id, as_of, status, progress, deadline, note, source, recorded_at, lead, owner],
        )

    def _refresh_status(self, commitment_id: int) -> str:
        """The stored status is the latest status-bearing update, by as-of date; status_since its date."""
        latest = sql.LATEST_STATUS_UPDATE_SQL.format(columns="u.status, u.as_of", commitment="?")
        row = self.conn.execute(latest, [commitment_id]).fetchone()
        status, since = row or (Status.PENDING.value, None)
        self.conn.execute("UPDATE commitments SET status = ?, status_since = ? WHERE id = ?", [status, since, commitment_id])
        return status


def _progress_completes(row: dict, progress: float | None) -> bool:
    return (
        progress is not None
        and row["kind"] == Kind.TARGET.value
        and row["value"] is not None
        and row["comparator"] != "at_most"
        and row["status"] not in (Status.DONE.value, Status.DROPPED.value)
        and progress >= row["value"]
    )


def _join_notes(*notes: str | None) -> str:
    return "; ".join(note for note in notes if note)
