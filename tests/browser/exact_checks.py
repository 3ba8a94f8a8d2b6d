"""Checks with exact expected values, for notebooks whose readouts are deterministic.

Each check gets the notebook right after Run All (nothing moved yet), moves a control to a
known value and compares the readout with the value computed here independently.
EXACT_CHECKS maps a notebook's file name to its check.
"""

from __future__ import annotations

import re

import labdriver as L


def groups_with(page, text: str):
    """The mlp-widget groups whose own text contains `text` (e.g. a control's label)."""
    return page.locator(".mlp-widget").filter(has_text=text)


def slider(group, label: str):
    """The handle of the slider labelled `label` inside `group`."""
    return (group.locator(".widget-slider").filter(has=group.page.locator(".widget-label", has_text=label))
            .first.locator(".noUi-handle").first)


def set_slider_by_readout(page, group, label: str, value: str) -> None:
    """Type `value` into the slider's own readout box and press Enter (exact, no dragging)."""
    box = (group.locator(".widget-slider").filter(has=page.locator(".widget-label", has_text=label))
           .first.locator(".widget-readout"))
    box.dispatch_event("focus")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.keyboard.press("Enter")


def wait_readout(group, pattern: str, timeout: float = 10) -> str:
    """Wait until the group's readout matches the regular expression `pattern`; return it."""
    readout = group.locator(".mlp-readout").first
    rx = re.compile(pattern)
    deadline = timeout * 1000
    waited = 0
    while True:
        text = readout.inner_text().strip()
        if rx.search(text):
            return text
        if waited >= deadline:
            raise AssertionError(f"readout {text!r} does not match {pattern!r}")
        group.page.wait_for_timeout(50)
        waited += 50


EXACT_CHECKS: dict = {}

