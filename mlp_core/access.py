"""Controls named and changes announced: what ipywidgets does not tell a screen reader.

ipywidgets 8 draws a slider's handle (role=slider) with no accessible name (its visible label
is not tied to it), the Play widget's buttons as bare icons, toggle buttons whose state is
only a CSS class, labels with title="null", and no live region: a learner who moves a slider
hears "2.1" and never the new readout. None of that can be set from Python, so every panel
carries `helper()`, an invisible anywidget whose script (access.js) adds the missing
attributes in the page, for every widget on it, once per page:

    handles and slider readouts   aria-label from the visible label (range sliders: both ends)
    Play's buttons                aria-label: play / pause / stop / repeat
    the drawing pad's canvas      role=img and a name that gives the keyboard route (the menu)
    toggle buttons                aria-pressed, kept in step with the shown state
    readouts (.mlp-readout) and error lines (.mlp-error)   role=status, aria-live=polite

The words it adds go through `tr`, so a Chinese notebook names its controls in Chinese.
"""

from __future__ import annotations

from importlib import resources

import anywidget
import traitlets

from .i18n import tr

__all__ = ["AccessHelper", "helper", "words"]


def words() -> dict[str, str]:
    """The names the script gives, in the current language."""
    return {"lower": tr("lower end"), "upper": tr("upper end"), "slider": tr("slider"),
            "play": tr("play"), "pause": tr("pause"), "stop": tr("stop"), "repeat": tr("repeat"),
            "pad": tr("drawing pad: draw a digit with the mouse, a pen or a finger; from the keyboard, "
                      "choose a digit in the menu “put a real digit on the pad” instead")}


class AccessHelper(anywidget.AnyWidget):
    """An invisible widget whose script names the page's controls and makes readouts live regions."""

    _esm = str(resources.files("mlp_core") / "access.js")
    words = traitlets.Dict().tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(words=words(), **kwargs)
        self.add_class("mlp-access")


_shared: dict[str, AccessHelper] = {}


def helper() -> AccessHelper:
    """The kernel's one helper (every panel shows a view of it), its words in the current language."""
    if "helper" not in _shared:
        _shared["helper"] = AccessHelper()
    made = _shared["helper"]
    if made.words != words():
        made.words = words()
    return made
