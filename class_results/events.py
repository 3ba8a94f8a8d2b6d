"""The one event a student's checker sends: its JSON schema, registered with jupyter_events.

The schema is versioned (its `$id` ends in /v1 and `version` is "1"); a later change to the
fields gets a new id, so an old kernel's events are refused by name rather than misread.
Nothing but these four fields is accepted: no answer, no code, no output, no name (the hub
says who sent it).
"""

from __future__ import annotations

from jsonschema.exceptions import ValidationError
from jupyter_events.schema_registry import SchemaRegistry

SCHEMA_ID = "https://mlp-notebooks.example/class-results/exercise-verdict/v1"

SCHEMA = {
    "$id": SCHEMA_ID,
    "version": "1",
    "title": "Exercise verdict",
    "description": "One counted verdict of an exercise checker: a right answer or a counted wrong one.",
    "type": "object",
    "additionalProperties": False,
    "required": ["exercise", "right", "tries_before", "time"],
    "properties": {
        "exercise": {"title": "Exercise", "description": "The checker's name, e.g. check_bias.",
                     "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]{0,63}$"},
        "right": {"title": "Right", "description": "True for a right answer, false for a counted wrong one.",
                  "type": "boolean"},
        "tries_before": {"title": "Wrong tries before", "description": "Wrong answers to this exercise before this one.",
                         "type": "integer", "minimum": 0, "maximum": 10000},
        "time": {"title": "Time", "description": "When the checker gave the verdict, UTC, ISO 8601 to the second.",
                 "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"},
    },
}

_registry = SchemaRegistry()
_registry.register(SCHEMA)


class BadEvent(ValueError):
    """An event that is not a v1 exercise verdict; the message says what was wrong."""


def validate(event) -> dict:
    """`event` if it is a valid v1 verdict (also a real calendar time), else BadEvent naming the problem."""
    if not isinstance(event, dict):
        raise BadEvent(f"an event is a JSON object, got {type(event).__name__}")
    if isinstance(event.get("tries_before"), bool):     # JSON Schema's integer would take True in Python
        raise BadEvent("tries_before must be a whole number, got true/false")
    try:
        _registry.validate_event(SCHEMA_ID, event)
    except ValidationError as err:
        where = "/".join(str(p) for p in err.absolute_path) or "the event"
        raise BadEvent(f"{where}: {err.message}") from None
    from datetime import datetime
    try:
        datetime.strptime(event["time"], "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        raise BadEvent(f"time: {event['time']!r} is not a real date and time") from None
    return event
