"""Interactive pieces for the notebooks, built on ipywidgets and mlp_core.viz.

Every control panel is made by `panel`: some controls, a function that draws a figure
from their values, and optionally a function that writes a one-line readout. The panel
redraws when a control moves, and if the drawing fails it shows the error in the panel
instead of going silently dead.

The panel's parts carry CSS classes so browser tests can find them in any notebook:
    mlp-widget    the whole panel          mlp-figure   the figure area
    mlp-readout   the text readout         mlp-error    the error message (empty when all is well)
"""

from __future__ import annotations

import html
from typing import Callable

import ipywidgets as W
import matplotlib.pyplot as plt
from IPython.display import display

__all__ = ["panel", "show_figure", "error_html"]


def error_html(err: BaseException) -> str:
    return (f'<div style="color:#b00020;font-weight:bold">⚠ {html.escape(type(err).__name__)}: '
            f'{html.escape(str(err))}</div>')


def show_figure(out: W.Output, fig) -> None:
    """Replace what `out` shows by `fig` (closed afterwards so figures don't pile up)."""
    with out:
        out.clear_output(wait=True)
        if fig is not None:
            display(fig)
    if fig is not None:
        plt.close(fig)


def panel(controls: dict, draw: Callable | None = None, readout: Callable | None = None,
          controls_on_left: bool = False) -> W.Box:
    """A panel of `controls` that re-runs `draw(**values)` and `readout(**values)` on every change.

    controls  name -> ipywidget; values are passed to draw/readout by these names
    draw      returns a matplotlib Figure (or None to keep the figure area empty)
    readout   returns a short HTML string shown above the figure
    """
    figure = W.Output()
    figure.add_class("mlp-figure")
    text = W.HTML()
    text.add_class("mlp-readout")
    error = W.HTML()
    error.add_class("mlp-error")

    def update(_change=None):
        values = {name: control.value for name, control in controls.items()}
        try:
            if readout is not None:
                text.value = readout(**values)
            if draw is not None:
                show_figure(figure, draw(**values))
            error.value = ""
        except Exception as err:  # shown to the learner, never swallowed
            error.value = error_html(err)

    for control in controls.values():
        control.observe(update, names="value")
    update()

    control_box = W.VBox(list(controls.values()))
    parts = [p for p, used in ((text, readout is not None), (error, True), (figure, draw is not None)) if used]
    if controls_on_left:
        box = W.HBox([control_box, W.VBox(parts)])
    else:
        box = W.VBox([control_box, *parts])
    box.add_class("mlp-widget")
    box.update = update  # lets a notebook (or a test) redraw after changing something else
    return box
