"""The verdicts in SQLite (stdlib sqlite3), and the class grid and CSV made from them.

One row per verdict: the hub's user name, the exercise, right (0/1), wrong tries before, the
checker's time and the time the service received it. Nothing else is stored. A withdrawal
deletes every row of its student.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import threading
from datetime import datetime, timezone

_TABLE = """CREATE TABLE IF NOT EXISTS verdicts (
    student TEXT NOT NULL, exercise TEXT NOT NULL, right INTEGER NOT NULL CHECK (right IN (0, 1)),
    tries_before INTEGER NOT NULL, time TEXT NOT NULL, received TEXT NOT NULL)"""


class Store:
    """The verdicts of one class, in the SQLite file `path` (":memory:" for a test)."""

    def __init__(self, path: str):
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute(_TABLE)

    def add(self, student: str, event: dict) -> None:
        """Store one validated event (events.validate) of `student`."""
        received = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._lock, self._db:
            self._db.execute("INSERT INTO verdicts VALUES (?, ?, ?, ?, ?, ?)",
                             (student, event["exercise"], int(event["right"]), event["tries_before"], event["time"], received))

    def withdraw(self, student: str) -> int:
        """Delete every row of `student`; the number deleted."""
        with self._lock, self._db:
            return self._db.execute("DELETE FROM verdicts WHERE student = ?", (student,)).rowcount

    def rows(self, student: str | None = None) -> list[tuple]:
        """(student, exercise, right, tries_before, time, received), in the order received."""
        query, args = "SELECT * FROM verdicts", ()
        if student is not None:
            query, args = query + " WHERE student = ?", (student,)
        with self._lock:
            return self._db.execute(query + " ORDER BY rowid", args).fetchall()

    def grid(self) -> dict:
        """The class view: {"students": [...], "exercises": [...], "cells": {student: {exercise: cell}}}.

        A cell is {"right": True, "wrong": n} once the exercise was answered right (n wrong tries
        before the first right one), else {"right": False, "wrong": n} with n the wrong answers
        so far. Exercises are in the order the class first met them; no row, no cell (blank).
        """
        cells: dict[str, dict[str, dict]] = {}
        exercises: dict[str, None] = {}
        for student, exercise, right, tries_before, _time, _received in self.rows():
            exercises.setdefault(exercise, None)
            cell = cells.setdefault(student, {}).setdefault(exercise, {"right": False, "wrong": 0})
            if cell["right"]:
                continue
            if right:
                cell["right"] = True
                cell["wrong"] = max(cell["wrong"], tries_before)
            else:
                cell["wrong"] = max(cell["wrong"] + 1, tries_before + 1)
        return {"students": sorted(cells), "exercises": list(exercises), "cells": cells}

    def csv(self) -> str:
        """Every row, with a header, for a spreadsheet."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["student", "exercise", "right", "wrong_tries_before", "time", "received"])
        writer.writerows(self.rows())
        return out.getvalue()

    def close(self) -> None:
        with self._lock:
            self._db.close()
