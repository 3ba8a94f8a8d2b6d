"""How every figure and widget of the notebooks becomes a picture: PNG bytes and one panel.

  * `CompactFigure`: a Figure a notebook shows as a 256-colour PNG (the network pictures are
    thousands of faint lines; in 256 colours they look the same at a quarter of the size).
  * `FastPng`: a figure redrawn many times where only a few artists move. The still parts are
    drawn once and kept as a background; each new PNG pastes it back and draws the moving ones.
  * `panel`: controls, a readout and a picture, redrawn whenever a control moves; an error is
    shown in the panel, never swallowed, and a picture (or readout) that could not follow the
    controls is marked "not updated" on itself, never left looking current.

Importing this module registers the notebook display of our figures (made without pyplot,
so a cell that returns one shows it as a picture exactly once).

The panel's parts carry CSS classes so browser tests can find them in any notebook:
    mlp-widget    the whole panel          mlp-figure   the figure area
    mlp-readout   the text readout         mlp-error    the error message (empty when all is well)
"""

from __future__ import annotations

import html
import io
import math
import time
import weakref
from contextlib import contextmanager
from typing import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt  # also registers pyplot's notebook display of figures
import matplotlib.text
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .access import helper
from .checks import finite_number
from .describe import DescribedPng, describe, img_html
from .digits import SIDE, check_range
from .i18n import FONT_FILES, catalogue, get_language, on_language_change, tr

__all__ = ["WIDGET_DPI", "TITLE", "FIGURE_TITLE", "ERROR_RED", "CompactFigure", "compact_png", "FastPng", "error_html",
           "not_updated_html", "not_updated_png", "Picture", "figure_picture", "panel_parts", "panel", "slider",
           "on_grid", "kept_figure", "TOGGLE_STYLE", "range_slider", "half_open"]

#: Resolution of widget figures: 11 inches → 880 pixels, sharp enough and quick to draw.
WIDGET_DPI = 80

#: One title style for every figure of every notebook: a panel's title (ax.set_title(t, **TITLE))
#: and a whole figure's title (fig.suptitle(t, **FIGURE_TITLE)), the same size and weight everywhere.
TITLE = {"fontsize": 12, "fontweight": "normal"}
FIGURE_TITLE = {"fontsize": 13, "fontweight": "normal"}


class CompactFigure(Figure):
    """A Figure that a notebook shows as a 256-colour PNG (cropped like any inline figure).

    The network pictures are mostly thousands of faint anti-aliased lines, which full-colour
    PNG compresses badly (≈ 300 kB each); in 256 colours they look the same at ≈ 70 kB, so the
    notebooks stored with their outputs stay light enough to read on GitHub.
    """


def _encode(rgb: np.ndarray | PIL.Image.Image, colours: int | None, **save_kwargs) -> bytes:
    picture = rgb if isinstance(rgb, PIL.Image.Image) else PIL.Image.fromarray(rgb)
    if colours is not None:
        picture = picture.quantize(colours, method=PIL.Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    picture.save(out, format="png", **save_kwargs)
    return out.getvalue()


def compact_png(fig, **savefig_kwargs) -> bytes:
    """The figure as a 256-colour PNG: looks the same here, and is about 4× smaller."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", facecolor=fig.get_facecolor(), **savefig_kwargs)
    return _encode(PIL.Image.open(buf).convert("RGB"), 256, optimize=True)


class _DrawnOnce:
    """A figure's PNG for both of its notebook outputs, drawn once.

    IPython asks its text/html printer before its image/png printer: the HTML one draws the
    PNG and keeps it on the figure, the PNG one takes it from there (and draws when it is asked
    alone). Both outputs are stored: JupyterLab and nbconvert show the HTML (an <img> with the
    figure's description as alt text, which `IPython.display.Image(alt=...)` would not keep);
    renderers that drop HTML still have the PNG.
    """

    def __init__(self, make_png: Callable):
        self.make_png = make_png

    def html(self, fig) -> str:
        made = self.make_png(fig)
        png = made[0] if isinstance(made, tuple) else made    # the inline backend may add metadata
        fig._mlp_shown_png = made
        return img_html(png, describe(fig))

    def png(self, fig):
        made = fig.__dict__.pop("_mlp_shown_png", None)
        return made if made is not None else self.make_png(fig)


def _show_figures_in_notebooks():
    """Register the notebook display of Figure (PNG unless the inline backend did; HTML with alt text) and of CompactFigure."""
    try:
        from IPython import get_ipython
        from IPython.core.pylabtools import print_figure
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    png = shell.display_formatter.formatters["image/png"]
    page = shell.display_formatter.formatters["text/html"]
    try:
        figure_png = png.lookup_by_type(Figure)        # the inline backend got there first: keep its settings
    except KeyError:
        def figure_png(fig):
            return print_figure(fig, "png", bbox_inches="tight")
    # a printer for the subclass wins over the one for Figure
    for kind, make_png in ((Figure, figure_png), (CompactFigure, lambda fig: compact_png(fig, bbox_inches="tight"))):
        drawn = _DrawnOnce(make_png)
        png.for_type(kind, drawn.png)
        page.for_type(kind, drawn.html)


_show_figures_in_notebooks()


def _agg_canvas(fig) -> FigureCanvasAgg:
    return fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)


class FastPng:
    """PNGs of a figure in which only the `moving` artists change between pictures.

    The first png() draws everything except the moving artists, keeps that picture and
    freezes the layout; every png() pastes it back and draws only the moving artists on
    top (in z-order), then encodes the pixels: about 3× faster than savefig. Call forget()
    when something still has changed (an axis' scale, say) so the next png() redraws it all.

    colours=256 gives a 4× smaller PNG that looks the same for the network pictures;
    None keeps full colour (for smooth colour maps).
    """

    def __init__(self, fig, moving, colours: int | None = None, compress_level: int = 1):
        self.fig, self.moving = fig, list(moving)
        self.colours, self.compress_level = colours, compress_level
        self.canvas = _agg_canvas(fig)
        self.background = None
        _live_fast_pngs.add(self)

    def forget(self):
        self.background = None

    def png(self) -> bytes:
        if self.background is None:
            for artist in self.moving:
                artist.set_animated(True)       # left out of the full draw
            try:
                self.canvas.draw()
            finally:
                for artist in self.moving:
                    artist.set_animated(False)
            self.fig.set_layout_engine("none")  # laid out once: the layout never changes
            self.background = self.canvas.copy_from_bbox(self.fig.bbox)
        self.canvas.restore_region(self.background)
        renderer = self.canvas.get_renderer()
        for artist in sorted(self.moving, key=lambda a: a.get_zorder()):
            if artist.get_visible():
                artist.draw(renderer)
        rgb = np.asarray(self.canvas.buffer_rgba())[..., :3]
        return DescribedPng(_encode(rgb, self.colours, compress_level=self.compress_level), describe(self.fig))


def _figure_png(fig, dpi=None) -> bytes:
    """The figure as PNG bytes, drawn once.

    A figure that lays itself out (constrained layout, or frozen by style.freeze_layout) is
    drawn straight to PNG; any other is cropped to its contents like the notebook does
    (which costs a second drawing pass). Light PNG compression: bigger file, faster widget.
    """
    if dpi is not None:
        fig.set_dpi(dpi)
    buf = io.BytesIO()
    if fig.get_layout_engine() is None and not getattr(fig, "mlp_frozen", False):
        fig.savefig(buf, format="png", bbox_inches="tight", pil_kwargs={"compress_level": 1})
    else:
        _agg_canvas(fig).print_png(buf, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def slider(kind: type, value, *, name: str, lo: float, hi: float, step: float, **kwargs) -> widgets.Widget:
    """A `kind` slider (IntSlider, FloatSlider, FloatLogSlider) over lo–hi whose grid runs through `value`.

    A slider in the browser holds only the values min + k·step: it puts any other value on that
    grid and sends the rounded one back, as if the learner had moved it (a learning rate of 0.15
    on a log slider in steps of 0.05 came back as 0.158). So the grid is moved, by less than one
    step, to pass through `value`; its ends stay within lo–hi. A value outside lo–hi is refused
    (a slider would clamp it without a word). For a FloatLogSlider, lo, hi and step are powers of
    its base (kwargs' base, else 10), as in ipywidgets.
    """
    log = issubclass(kind, widgets.FloatLogSlider)
    base = kwargs.get("base", 10.0)
    integer = issubclass(kind, widgets.IntSlider)
    value = finite_number(value, name, lo=base ** lo if log else lo, hi=base ** hi if log else hi,
                          integer=integer)
    where = math.log(value, base) if log else value
    first = where - math.floor((where - lo) / step + 1e-9) * step
    last = first + math.floor((hi - first) / step + 1e-9) * step
    if not integer:
        first, last = round(first, 12), round(last, 12)
    return kind(value=value, min=first, max=last, step=step, **kwargs)


def on_grid(control: widgets.Widget, value: float) -> float:
    """`value` moved to the nearest position of a (linear) slider, as the browser would put it."""
    k = round((value - control.min) / control.step)
    return round(control.min + k * control.step, 12)


def kept_figure(state: dict, make: Callable, update: Callable):
    """The widget's figure: made by make() the first time, then changed in place by
    update(fig) — much faster than drawing a new figure on every slider move."""
    if "fig" not in state:
        state["fig"] = make()
        state["fig"].set_dpi(WIDGET_DPI)
    else:
        update(state["fig"])
    return state["fig"]


#: Buttons as wide as their words (the default width cuts "edge: +1 centre, −1 surround").
TOGGLE_STYLE = {"description_width": "initial", "button_width": "auto"}


def range_slider(description, span):
    """A slider over rows or columns 0–27 showing the half-open `span` as its first and last, both included."""
    start, stop = check_range(span, description)
    return widgets.IntRangeSlider(value=(start, stop - 1), min=0, max=SIDE - 1, step=1, description=description,
                            continuous_update=True, style={"description_width": "initial"},
                            layout=widgets.Layout(width="420px"))


def half_open(first_last):
    """A range slider's (first, last) as the half-open (start, stop) the functions take."""
    first, last = first_last
    return first, last + 1


def error_html(err: BaseException) -> str:
    """An error as one red line for a widget: its kind and its message."""
    return (f'<div style="color:{ERROR_RED};font-weight:bold">⚠ {html.escape(type(err).__name__)}: '
            f'{html.escape(str(err))}</div>')


#: The red of error messages, also the band across a picture that could not be updated.
ERROR_RED = "#b00020"


def not_updated_png(png: bytes, why: str) -> bytes:
    """The last picture, faded, with a red band across its top: "not updated: <why>".

    A widget whose controls say one thing must not show a picture of another without saying
    so on the picture itself: the learner looks at the picture, not at the line above it.
    """
    from matplotlib import font_manager
    from PIL import ImageDraw, ImageFont

    picture = PIL.Image.open(io.BytesIO(png)).convert("RGB")
    faded = PIL.Image.blend(picture, PIL.Image.new("RGB", picture.size, "white"), 0.65)
    size = max(12, min(18, picture.width // 34))
    chinese = get_language() == "zh-CN"      # the shipped CJK font has the ASCII letters too
    font = ImageFont.truetype(str(FONT_FILES[1]) if chinese else font_manager.findfont("DejaVu Sans:bold"), size)
    draw = ImageDraw.Draw(faded)
    band = tr("not updated: {why}", why=why)
    # wrap to the picture's width, three lines at most: at spaces, and in Chinese between any two characters
    words, lines, space = (list(band) if chinese else band.split()), [""], ("" if chinese else " ")
    for word in words:
        trial = f"{lines[-1]}{space}{word}".strip()
        if draw.textlength(trial, font=font) <= picture.width - 2 * size or not lines[-1]:
            lines[-1] = trial
        else:
            lines.append(word)
    if len(lines) > 3:
        lines = lines[:2] + [lines[2] + " …"]
    line_height = int(size * 1.35)
    draw.rectangle([0, 0, picture.width, line_height * len(lines) + size], fill=ERROR_RED)
    for i, line in enumerate(lines):
        draw.text((size, size // 2 + i * line_height), line, font=font, fill="white")
    return DescribedPng(_encode(faded, None, compress_level=1), f"{band}. {getattr(png, 'alt', '')}".strip())


def not_updated_html(readout: str) -> str:
    """A readout that could not be recomputed: greyed and marked "not updated"."""
    return f'<div style="opacity:0.5"><i>{tr("not updated:")}</i> {readout}</div>'


class Picture(widgets.HTML):
    """A widget picture with its description: an <img alt="…"> in an HTML widget.

    ipywidgets' Image has no alt text (and a tooltip breaks its view); an <img alt> inside an
    HTML widget keeps it in JupyterLab, in the saved widget state and on the static site.
    `show(png)` shows PNG bytes with their own description (DescribedPng, as FastPng makes
    them) or `show(png, alt)`; .png and .alt keep what is shown (b"" and "" when nothing is).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.png, self.alt = b"", ""

    def show(self, png: bytes, alt: str | None = None) -> None:
        alt = getattr(png, "alt", "") if alt is None else alt
        self.value = img_html(png, alt) if png else ""      # refuses a picture with no description
        self.png, self.alt = png, alt if png else ""


def figure_picture(fig, dpi=None) -> DescribedPng:
    """A figure as PNG bytes for a widget, with its description."""
    return DescribedPng(_figure_png(fig, dpi), describe(fig))


def _image_output(picture: widgets.Widget) -> widgets.Output:
    """An Output area (class mlp-figure) that shows the widget `picture`.

    The output is set directly rather than captured with `with out:`, so it works from widget
    callbacks on any kernel thread and in plain Python.
    """
    out = widgets.Output()
    out.add_class("mlp-figure")
    out.outputs = ({"output_type": "display_data", "metadata": {},
                    "data": {"text/plain": tr("a picture (run the notebook to see it live)"),
                             "application/vnd.jupyter.widget-view+json": {
                                 "model_id": picture.model_id, "version_major": 2, "version_minor": 0}}},)
    return out


def panel_parts(picture: widgets.Widget) -> tuple[widgets.HTML, widgets.HTML, widgets.Output]:
    """A panel's readout (class mlp-readout), error line (mlp-error) and figure area showing `picture`."""
    text = widgets.HTML()
    text.add_class("mlp-readout")
    error = widgets.HTML()
    error.add_class("mlp-error")
    return text, error, _image_output(picture)


def panel(controls: dict, draw: Callable | None = None, readout: Callable | None = None,
          controls_box: widgets.Widget | None = None) -> widgets.Box:
    """A panel of `controls` that re-runs `readout(**values)` and then `draw(**values)` on every change.

    controls      name -> ipywidget; values are passed to draw/readout by these names
    readout       returns a short HTML string shown above the picture; it runs first, so it may
                  compute what draw then shows
    draw          returns a matplotlib Figure, PNG bytes (e.g. from FastPng), or None to keep
                  the picture empty; a Figure may be the same one every time, updated in place
    controls_box  how to lay the controls out (default: one under the other)

    When readout or draw raises, the error line says why, the picture is the last good one
    faded under a red "not updated: <why>" band (not_updated_png), and a readout that could
    not be recomputed is greyed and marked "not updated".

    The returned box has .controls, .readout, .error, .figure (the parts), .image (the
    Picture in the figure area: .png the PNG bytes, .alt their description), .update() to
    redraw by hand,
    .holding(), a `with` block in which control changes don't redraw (to set several controls
    at once, e.g. from inside readout), and .last_redraw_ms, the kernel-side time of the last
    redraw (readout + draw + PNG).
    """
    picture = Picture()
    text, error, figure = panel_parts(picture)
    made = {"held": False}   # and the box, once it exists

    def update(_change=None):
        if made["held"]:
            return
        start = time.perf_counter()
        values = {name: control.value for name, control in controls.items()}
        step = "readout"
        try:
            if readout is not None:
                text.value = made["readout"] = readout(**values)
            step = "draw"
            if draw is not None:
                shown = draw(**values)
                if isinstance(shown, Figure):
                    picture.show(figure_picture(shown))
                    plt.close(shown)     # a no-op for our pyplot-free figures; frees pyplot ones
                else:
                    picture.show(shown if shown is not None else b"")
                picture.layout.display = None if shown is not None else "none"
                made["picture"] = DescribedPng(picture.png, picture.alt)
            error.value = ""
        except Exception as err:  # shown to the learner, never swallowed
            error.value = error_html(err)
            # what still shows the last good settings says so (never a silent, stale picture)
            if step == "readout" and made.get("readout"):
                text.value = not_updated_html(made["readout"])
            if made.get("picture"):
                picture.show(not_updated_png(made["picture"], str(err)))
        if "box" in made:
            made["box"].last_redraw_ms = 1000 * (time.perf_counter() - start)

    @contextmanager
    def holding():
        made["held"] = True
        try:
            yield
        finally:
            made["held"] = False

    for control in controls.values():
        control.observe(update, names="value")
    update()

    parts = [p for p, used in ((text, readout is not None), (error, True), (figure, draw is not None)) if used]
    box = widgets.VBox([controls_box or widgets.VBox(list(controls.values())), *parts, helper()])
    box.add_class("mlp-widget")
    box.update = update  # lets a notebook (or a test) redraw after changing something else
    box.holding = holding
    box.controls, box.readout, box.error, box.figure, box.image = controls, text, error, figure, picture
    box.last_redraw_ms = float("nan")
    made["box"] = box
    english = {name: _english(getattr(c, "description", "")) for name, c in controls.items()}
    box.relabel = lambda: [setattr(controls[n], "description", tr(e)) for n, e in english.items() if e]
    _live_panels.add(box)
    return box


# ---- a switch of language redraws what is already on screen --------------------------------

_live_panels: weakref.WeakSet = weakref.WeakSet()
_live_fast_pngs: weakref.WeakSet = weakref.WeakSet()


def _english(text: str) -> str:
    """The English message whose translation `text` is (or `text`, made in English)."""
    if get_language() == "en" or not text:
        return text
    return {shown: english for english, shown in catalogue(get_language()).items()}.get(text, text)


def _redraw_in_new_language() -> None:
    """After set_language: every panel on screen relabels its controls and redraws in the new language.

    Figures a panel keeps (state["fig"] of the widgets of 01–05) are made again, in the new words. The
    kept figures of the other views keep their fixed labels until their cell runs again, but every text
    in them takes the new font list, so Chinese set into them later shows, never as □□ boxes."""
    family = plt.rcParams["font.family"]
    for fast in list(_live_fast_pngs):
        for text in fast.fig.findobj(matplotlib.text.Text):
            text.set_fontfamily(family)
        fast.forget()
    for box in list(_live_panels):
        state = getattr(box, "state", None)
        if isinstance(state, dict):
            state.pop("fig", None)
        box.relabel()
        box.update()


on_language_change(_redraw_in_new_language)
