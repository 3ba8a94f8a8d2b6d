"""Class results: a small JupyterHub service showing a teacher the class's exercise verdicts, live.

A student who opted in (`mlp_core.share_progress(True)`) sends, after each counted verdict, one
event: which exercise, right or wrong, how many wrong tries before, when. The hub identifies the
student from their own server's token, so nobody can post as someone else. A teacher (a hub role
holding the custom scope `custom:class-results:read`) sees the class as a grid of students ×
exercises, refreshed live, and can download it as CSV. `share_progress(False)` deletes the
student's rows. docs/class-results.md tells a school how to run it.

    events.py   the event's JSON schema (jupyter_events) and its validation
    store.py    the rows in SQLite, the grid, the CSV
    service.py  the Tornado service: hub login, the API, the class view; `python -m class_results`

Nothing here is imported by mlp_core: a student's kernel needs only the standard library to post.
"""
