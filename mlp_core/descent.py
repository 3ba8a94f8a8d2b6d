"""Gradient descent you can watch: made-up costs of one knob and of two knobs (notebook 09).

The network's cost depends on 13,002 knobs — far too many to draw. A cost of one knob w
(a curve) or of two knobs (x, y) (a landscape seen from above) shows the same idea:

    the gradient ∇C points uphill, so a step of gradient descent goes the other way:
        w ← w − η ∇C(w)          η is the learning rate; in 1-D, ∇C is the slope C'(w)

Too small an η and the ball creeps; a good η and it settles in a valley; too large an η
and every step overshoots the valley by more than the last — it flies off (diverges).

Each toy cost is a smooth "soft minimum" of a few parabolas (bowls), p₁, p₂, …:
    C = −T ln(e^(−p₁/T) + e^(−p₂/T) + …)
which is ≈ the lowest bowl wherever one bowl is clearly lowest, with a smooth ridge where
two meet. Its gradient is the bowls' gradients mixed by how much each one counts:
    ∇C = Σᵢ sᵢ ∇pᵢ,   sᵢ = e^(−pᵢ/T) / Σⱼ e^(−pⱼ/T)
Every bowl has the same steepness everywhere, so the learning rate at which steps start
to overshoot (and then to fly off) is the same all over the picture — the lesson stays clean.

Pictures are matplotlib Figures kept by a small class, so the widgets redraw by moving a
few artists (fast) instead of building a figure per slider move.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import PowerNorm
from matplotlib.figure import Figure

from . import palette, style
from .checks import finite_number
from .i18n import a_digit, tr
from .render import FIGURE_TITLE, TITLE, FastPng, error_html, panel, slider
from .style import GREEN, GUIDE_GREY

__all__ = ["Curve", "Surface", "ONE_KNOB", "TWO_KNOBS", "BOWL", "DescentPath", "descend",
           "DescentPicture", "compare_learning_rates", "compare_momentum", "descent_widget",
           "plot_cost_slice", "plot_minibatch_gradients", "plot_output_vs_wanted", "plot_costs", "plot_gradient_map"]

BALL = "#ff8c00"          # the ball: orange, readable on white and on the dark valleys
TRAIL = "#d62728"
CURVE = "#1f4e99"


# ==== the toy costs ==========================================================================

def _soft_min(parts, softness):
    """(C, weights sᵢ) of the soft minimum of the bowl values `parts` (a list of arrays)."""
    p = np.stack(np.broadcast_arrays(*parts))
    low = p.min(axis=0)
    e = np.exp(-(p - low) / softness)           # ≤ 1: nothing overflows
    total = e.sum(axis=0)
    return low - softness * np.log(total), e / total


@dataclass(frozen=True)
class Curve:
    """A made-up cost of ONE knob w: a few parabolas (w − centre)² + floor, softly joined.

    cost(w) and slope(w) = C'(w) work on a number or on a numpy array of them.
    """

    name: str
    centres: tuple
    floors: tuple
    softness: float = 0.4
    bounds: tuple = (-3.0, 3.0)
    n_knobs = 1

    def cost(self, w):
        w = np.asarray(w, dtype=float)
        c, _ = _soft_min([(w - m) ** 2 + f for m, f in zip(self.centres, self.floors)], self.softness)
        return float(c) if c.ndim == 0 else c

    def slope(self, w):
        """C'(w): positive where the curve goes up to the right, so the step −η C'(w) goes left."""
        w = np.asarray(w, dtype=float)
        _, s = _soft_min([(w - m) ** 2 + f for m, f in zip(self.centres, self.floors)], self.softness)
        g = sum(si * 2 * (w - m) for si, m in zip(s, self.centres))
        return float(g) if np.ndim(g) == 0 else g

    def gradient(self, point):
        return np.array([self.slope(point[0])])

    def cost_at(self, point):
        return self.cost(point[0])


@dataclass(frozen=True)
class Surface:
    """A made-up cost of TWO knobs (x, y): long, narrow bowls, softly joined.

    Bowl i is ½ (a u² + b v²) + floor, where (u, v) are x − cx, y − cy turned by `angle`
    degrees: a is the curvature along the valley floor (gentle), b across it (steep).
    """

    name: str
    centres: tuple
    floors: tuple
    along: float = 0.4
    across: float = 5.0
    angle: float = 30.0
    softness: float = 0.5
    bounds: tuple = ((-3.0, 3.0), (-3.0, 3.0))
    n_knobs = 2

    def _bowls(self, x, y):
        t = math.radians(self.angle)
        c, s = math.cos(t), math.sin(t)
        bowls, grads = [], []
        for (cx, cy), f in zip(self.centres, self.floors):
            dx, dy = x - cx, y - cy
            u, v = c * dx + s * dy, -s * dx + c * dy
            bowls.append(0.5 * (self.along * u ** 2 + self.across * v ** 2) + f)
            gu, gv = self.along * u, self.across * v            # ∂p/∂u, ∂p/∂v
            grads.append((c * gu - s * gv, s * gu + c * gv))      # turned back to ∂p/∂x, ∂p/∂y
        return bowls, grads

    def cost(self, x, y):
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        bowls, _ = self._bowls(x, y)
        C, _ = _soft_min(bowls, self.softness)
        return float(C) if C.ndim == 0 else C

    def gradient(self, x, y=None):
        """(∂C/∂x, ∂C/∂y) at (x, y); also accepts one point as gradient(np.array([x, y]))."""
        if y is None:
            x, y = x
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        bowls, grads = self._bowls(x, y)
        _, s = _soft_min(bowls, self.softness)
        gx = sum(si * g[0] for si, g in zip(s, grads))
        gy = sum(si * g[1] for si, g in zip(s, grads))
        if np.ndim(gx) == 0:
            return np.array([float(gx), float(gy)])
        return gx, gy

    def cost_at(self, point):
        return self.cost(point[0], point[1])


#: One knob, two valleys: the left one is deeper. Steps overshoot (zig-zag) once η > 0.5
#: and fly off once η > 1, because every parabola here has curvature C'' = 2.
ONE_KNOB = Curve("one knob, two valleys", centres=(-1.4, 1.5), floors=(0.3, 1.0), softness=0.5)

#: The plain bowl C(w) = (w − 3)² of the exercises: slope 2(w − 3), bottom at w = 3.
BOWL = Curve("the bowl (w − 3)²", centres=(3.0,), floors=(0.0,), bounds=(-2.0, 8.0))

#: Two knobs, two long narrow valleys (curvature 0.4 along the floor, 5 across): steps
#: zig-zag across a valley once η > 0.2 and fly off once η > 0.4.
TWO_KNOBS = Surface("two knobs, two long valleys", centres=((0.8, -1.0), (-0.8, 1.6)), floors=(0.1, 0.6))


# ==== descending ==============================================================================

@dataclass(frozen=True)
class DescentPath:
    """Where the ball went: points[k] after k steps (points[0] is the start), costs[k] there.

    diverged: the ball left the picture (its steps kept growing) after len(points) − 1 steps,
    before the requested number of steps; the path stops there.
    """

    points: np.ndarray
    costs: np.ndarray
    learning_rate: float
    steps: int
    diverged: bool

    @property
    def end(self):
        return self.points[-1]

    def verdict(self, landscape) -> str:
        """A few words on how it went: flew off / settled / zig-zagging / still creeping."""
        return _verdict(self, landscape)


def _check_start(landscape, start):
    if landscape.n_knobs == 1:
        lo, hi = landscape.bounds
        return np.array([finite_number(start, "start", lo=lo, hi=hi)])
    try:
        x, y = start
    except (TypeError, ValueError):
        raise TypeError(tr("start must be a point (x, y) on this two-knob surface, got {got}",
                           got=repr(start))) from None
    (x0, x1), (y0, y1) = landscape.bounds
    return np.array([finite_number(x, "start x", lo=x0, hi=x1), finite_number(y, "start y", lo=y0, hi=y1)])


def descend(landscape, start, learning_rate: float, steps: int, momentum: float = 0.0) -> DescentPath:
    """Take `steps` steps of gradient descent, point ← point − η ∇C(point), from `start`.

    start: a number for a Curve, a point (x, y) for a Surface. Stops early (diverged=True)
    if the ball leaves the picture: with a learning rate that large the steps only grow.

    momentum μ (notebook 12) makes the ball heavy: it keeps a velocity v that each step
    adds the downhill push to and that otherwise keeps going,
        v ← μ v − η ∇C,   point ← point + v       (μ = 0: plain gradient descent)
    """
    point = _check_start(landscape, start)
    eta = finite_number(learning_rate, "learning_rate")
    if eta <= 0:
        raise ValueError(tr("learning_rate must be > 0 (it is the size of the step downhill), got {got}",
                            got=repr(learning_rate)))
    steps = finite_number(steps, "steps", lo=0, hi=10_000, integer=True)
    mu = finite_number(momentum, "momentum")
    if not 0 <= mu < 1:
        raise ValueError(tr("momentum must be in [0, 1) (1 would never slow down), got {got}", got=repr(momentum)))
    bounds = np.array(landscape.bounds, dtype=float).reshape(-1, 2)
    points, diverged = [point], False
    velocity = np.zeros_like(point)
    for _ in range(steps):
        velocity = mu * velocity - eta * landscape.gradient(point)
        point = point + velocity
        if np.any(point < bounds[:, 0]) or np.any(point > bounds[:, 1]):
            points.append(point)             # the step that leaves the picture, drawn at the edge
            diverged = True
            break
        points.append(point)
    points = np.array(points)
    costs = np.array([landscape.cost_at(p) for p in points])
    return DescentPath(points, costs, eta, steps, diverged)


def _verdict(path, landscape):
    steps = len(path.points) - 1
    if path.diverged:
        if steps == 1:
            return tr("flew off after {n} step — the learning rate is too large", n=steps)
        return tr("flew off after {n} steps — the learning rate is too large", n=steps)
    if steps == 0:
        return tr("at the start: take a step")
    g = float(np.linalg.norm(landscape.gradient(path.end)))
    if g < 1e-3:
        return tr("settled in a valley (cost {cost:.3f})", cost=path.costs[-1])
    moves = np.linalg.norm(np.diff(path.points, axis=0), axis=1)
    turned = steps >= 2 and float(np.dot(*np.diff(path.points, axis=0)[-2:])) < 0
    if turned and moves[-1] >= moves[-2]:
        return tr("bouncing around: every step overshoots by more than the last")
    if turned:
        return tr("zig-zagging: each step overshoots the valley floor a little")
    if moves[-1] < 0.02:
        return tr("creeping: tiny steps — a larger learning rate would get there sooner")
    return tr("on its way down")


# ==== pictures ==================================================================================

def _grid(landscape, n=161):
    (x0, x1), (y0, y1) = landscape.bounds
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    X, Y = np.meshgrid(xs, ys)
    return xs, ys, landscape.cost(X, Y)


def _draw_landscape(ax, landscape, fontsize=13):
    """The curve (one knob) or the landscape seen from above (two knobs), on `ax`."""
    if landscape.n_knobs == 1:
        lo, hi = landscape.bounds
        ws = np.linspace(lo, hi, 400)
        cs = landscape.cost(ws)
        ax.plot(ws, cs, color=CURVE, lw=3, zorder=1)
        ax.set_xlim(lo, hi)
        top = float(cs.max())
        ax.set_ylim(-0.05 * top, top * 1.08)
        ax.set_xlabel(tr("the knob w"), fontsize=fontsize)
        ax.set_ylabel(tr("cost C(w)"), fontsize=fontsize)
    else:
        (x0, x1), (y0, y1) = landscape.bounds
        xs, ys, cs = _grid(landscape)
        top = float(cs.max())
        # bands of equal cost, like a map's height bands, spaced by √cost so the valley floors
        # (where the action is) get most of them; flat bands also keep the PNG small
        levels = np.linspace(0, math.sqrt(top), 17) ** 2
        bands = ax.contourf(xs, ys, cs, levels=levels, cmap="viridis", norm=PowerNorm(0.5, vmin=0, vmax=top),
                            zorder=0)
        ax.contour(xs, ys, cs, levels=levels[1:-1], colors="white", linewidths=0.6, alpha=0.4, zorder=1)
        ax.set_aspect("equal")
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_xlabel(tr("knob x"), fontsize=fontsize)
        ax.set_ylabel(tr("knob y"), fontsize=fontsize)
        ax.mlp_image = bands
    ax.tick_params(labelsize=fontsize - 2)


def _cost_colorbar(fig, ax, axes=None):
    cb = fig.colorbar(ax.mlp_image, ax=axes if axes is not None else ax, fraction=0.05, pad=0.02)
    top = float(ax.mlp_image.norm.vmax)
    cb.set_ticks([t for t in (0, 0.5, 1, 2, 5, 10, 20, 50, 100) if t <= top])
    cb.set_label(tr("cost  (dark = low: a valley)"), fontsize=12)
    cb.ax.tick_params(labelsize=10)
    return cb


def _on_chart(landscape, points):
    """The points clipped to the picture, as (x, y) to draw: (w, C(w)) or (x, y)."""
    bounds = np.array(landscape.bounds, dtype=float).reshape(-1, 2)
    p = np.clip(points, bounds[:, 0], bounds[:, 1])
    if landscape.n_knobs == 1:
        return p[:, 0], landscape.cost(p[:, 0])
    return p[:, 0], p[:, 1]


def _offchart_label(ax, fontsize=14):
    return ax.text(0.5, 0.95, tr("flew off the chart!"), transform=ax.transAxes, ha="center", va="top",
                   fontsize=fontsize, color="#b00020", weight="bold", zorder=6,
                   bbox=dict(facecolor="white", edgecolor="#b00020", alpha=0.9))


class DescentPicture:
    """The landscape with the ball's path (left) and the cost after each step (right).

    Build it once; `update(path)` moves the ball and the trail and returns the Figure (for
    a static picture), `png(path)` does the same and returns the picture as PNG bytes,
    fast: the landscape, axes and labels are drawn once and kept as a background image,
    and only the few moving parts (trail, ball, cost line, titles) are drawn on top of it
    per move. The background is redrawn only when the cost axis needs a new scale.
    """

    def __init__(self, landscape, max_steps: int = 40, figsize=(11.5, 4.6), dpi=90):
        self.landscape = landscape
        self.max_steps = finite_number(max_steps, "max_steps", lo=1, hi=10_000, integer=True)
        fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        FigureCanvasAgg(fig)
        self.figure = fig
        ax, ax_cost = fig.subplots(1, 2, width_ratios=[1.3, 1])
        self.ax, self.ax_cost = ax, ax_cost
        _draw_landscape(ax, landscape)
        one = landscape.n_knobs == 1
        if not one:
            _cost_colorbar(fig, ax)
        self._tangent, = ax.plot([], [], color=GUIDE_GREY, lw=2.5, ls="--", zorder=2)
        self._trail, = ax.plot([], [], "-o", color=TRAIL if one else "white", lw=2, ms=6, mec="black",
                               mew=0.8, zorder=3)
        self._start, = ax.plot([], [], "s", color="white", mec="black", mew=1.5, ms=11, zorder=4)
        self._ball, = ax.plot([], [], "o", color=BALL, mec="black", mew=2, ms=20, zorder=5)
        self._offchart = _offchart_label(ax)
        self._title = ax.set_title(" ", **TITLE)

        ax_cost.set_xlabel(tr("step"), fontsize=13)
        ax_cost.set_ylabel(tr("cost"), fontsize=13)
        ax_cost.tick_params(labelsize=11)
        ax_cost.grid(alpha=0.3)
        ax_cost.set_xlim(-0.5, self.max_steps + 0.5)
        self._cost_line, = ax_cost.plot([], [], "-o", color=TRAIL, lw=2, ms=4)
        self._cost_ball, = ax_cost.plot([], [], "o", color=BALL, mec="black", mew=1.5, ms=12)
        ax_cost.set_title(tr("the cost after each step"), **TITLE)
        self._moving = [self._tangent, self._trail, self._start, self._ball, self._offchart, self._title,
                        self._cost_line, self._cost_ball]
        self._fast = FastPng(fig, self._moving)
        self._scaled = False

    def update(self, path: DescentPath):
        """Show `path`: the trail of steps, the ball where it is now, the cost per step."""
        xs, ys = _on_chart(self.landscape, path.points)
        self._trail.set_data(xs, ys)
        self._start.set_data(xs[:1], ys[:1])
        self._ball.set_data(xs[-1:], ys[-1:])
        if self.landscape.n_knobs == 1 and not path.diverged:
            # the slope at the ball, drawn as a short piece of its tangent line
            k = self.landscape.slope(xs[-1])
            half = 0.45 / math.sqrt(1 + k * k)
            self._tangent.set_data([xs[-1] - half, xs[-1] + half], [ys[-1] - k * half, ys[-1] + k * half])
        else:
            self._tangent.set_data([], [])
        self._offchart.set_visible(path.diverged)
        n = len(path.points) - 1
        self._title.set_text(tr("η = {eta:.3g}, after {n} step: cost {cost:.3f}", eta=path.learning_rate, n=n,
                                cost=path.costs[-1]) if n == 1 else
                             tr("η = {eta:.3g}, after {n} steps: cost {cost:.3f}", eta=path.learning_rate, n=n,
                                cost=path.costs[-1]))
        steps = np.arange(len(path.costs))
        self._cost_line.set_data(steps, path.costs)
        self._cost_ball.set_data(steps[-1:], path.costs[-1:])
        # rescale the cost axis only when the path no longer fits, or would fill less than a
        # third of it: every rescale means redrawing the whole picture, not just the ball
        need = 1.05 * float(np.max(path.costs))
        top = self.ax_cost.get_ylim()[1] if self._fast.background is not None or self._scaled else None
        if top is None or need > top or need < top / 3:
            self.ax_cost.set_ylim(0.0, _nice_ceiling(need))
            self._scaled = True
            self._fast.forget()
        if n > self.max_steps:
            self.ax_cost.set_xlim(-0.5, n + 0.5)
            self._fast.forget()
        return self.figure

    def png(self, path: DescentPath) -> bytes:
        """The picture of `path` as PNG bytes, drawn the fast way (see the class docstring)."""
        self.update(path)
        return self._fast.png()


def _nice_ceiling(x):
    """The smallest of 1, 1.5, 2, 3, 5, 7.5 × 10ᵏ that is ≥ x (so the cost axis rarely rescales)."""
    if not x > 0:
        return 1.0
    k = math.floor(math.log10(x))
    for m in (1, 1.5, 2, 3, 5, 7.5, 10):
        if m * 10 ** k >= x:
            return float(m * 10 ** k)
    return float(10 ** (k + 1))


def compare_learning_rates(landscape, start, rates, steps: int, labels=None, ncols=None, momentum=0.0):
    """One panel per learning rate: the same start, the same number of steps, different η.

    Each panel is titled with η, the label you give it, and where the cost went (or that
    the ball flew off).
    """
    rates = list(rates)
    if not rates:
        raise ValueError(tr("give at least one learning rate to compare"))
    return _compare(landscape, start, [(eta, momentum) for eta in rates], steps, labels, ncols)


def compare_momentum(landscape, start, learning_rate: float, momenta, steps: int, labels=None, ncols=None):
    """One panel per momentum μ: the same start, learning rate and number of steps."""
    momenta = list(momenta)
    if not momenta:
        raise ValueError(tr("give at least one momentum to compare"))
    return _compare(landscape, start, [(learning_rate, mu) for mu in momenta], steps, labels, ncols)


def _compare(landscape, start, runs, steps, labels, ncols):
    labels = list(labels) if labels is not None else [None] * len(runs)
    if len(labels) != len(runs):
        raise ValueError(tr("got {n_runs} runs to compare but {n_labels} labels", n_runs=len(runs),
                            n_labels=len(labels)))
    n = len(runs)
    ncols = min(n, ncols or n)
    nrows = -(-n // ncols)
    fig = Figure(figsize=(4.8 * ncols, 4.5 * nrows), layout="constrained")
    axes = style.axes_grid(fig, n, ncols)
    for ax, (eta, mu), label in zip(axes, runs, labels):
        path = descend(landscape, start, eta, steps, momentum=mu)
        _draw_landscape(ax, landscape, fontsize=12)
        xs, ys = _on_chart(landscape, path.points)
        one = landscape.n_knobs == 1
        ax.plot(xs, ys, "-o", color=TRAIL if one else "white", lw=2, ms=6, mec="black", mew=0.8, zorder=3)
        ax.plot(xs[:1], ys[:1], "s", color="white", mec="black", mew=1.5, ms=11, zorder=4)
        ax.plot(xs[-1:], ys[-1:], "o", color=BALL, mec="black", mew=2, ms=18, zorder=5)
        if path.diverged:
            _offchart_label(ax, fontsize=13)
        head = f"η = {eta:g}" + (f", μ = {mu:g}" if mu else "")
        if label:                                   # "η = 0.3：合适" in Chinese: a full-width colon
            head = tr("{name}: {body}", name=head, body=label)
        taken = len(path.points) - 1
        if path.diverged:
            how = tr("flew off after {n} step", n=taken) if taken == 1 else tr("flew off after {n} steps", n=taken)
        else:
            how = tr("cost {first:.2f} → {last:.2f}", first=path.costs[0], last=path.costs[-1])
        ax.set_title(f"{head}\n{how}", **TITLE)
    if landscape.n_knobs == 2:
        _cost_colorbar(fig, axes[0], axes=list(axes[:n]))
    fig.suptitle(tr("{steps} steps of gradient descent from the same start (white square)", steps=steps),
                 **FIGURE_TITLE)
    return fig


# ==== the widget ================================================================================

def descent_widget(landscape, start=None, learning_rate: float = 0.1, max_steps: int = 40):
    """Sliders for the start point and the learning rate, a step counter with ▶ play,
    "one step" and "back to start" buttons; the picture shows the ball's path.

    Returns the panel (CSS class mlp-widget); panel.picture is its DescentPicture.
    """
    max_steps = finite_number(max_steps, "max_steps", lo=1, hi=500, integer=True)
    style = {"description_width": "9em"}
    layout = widgets.Layout(width="34em")
    if landscape.n_knobs == 1:
        lo, hi = landscape.bounds
        start = 2.5 if start is None else start
        controls = {"start": slider(widgets.FloatSlider, start, name="start w", lo=lo, hi=hi, step=0.05,
                                    description=tr("start w"), style=style, layout=layout, continuous_update=False)}
    else:
        (x0, x1), (y0, y1) = landscape.bounds
        sx, sy = (-2.2, -1.2) if start is None else start
        controls = {
            "start_x": slider(widgets.FloatSlider, sx, name="start x", lo=x0, hi=x1, step=0.05, description=tr("start x"),
                              style=style, layout=layout, continuous_update=False),
            "start_y": slider(widgets.FloatSlider, sy, name="start y", lo=y0, hi=y1, step=0.05, description=tr("start y"),
                              style=style, layout=layout, continuous_update=False),
        }
    # the grid runs through the rate asked for: 0.15 stays 0.15 (render.slider)
    controls["learning_rate"] = slider(widgets.FloatLogSlider, learning_rate, name="learning_rate", lo=-2.5, hi=0.3,
                                       step=0.05, base=10, description=tr("learning rate η"), readout_format=".3f",
                                       style=style, layout=layout, continuous_update=False)
    controls["steps"] = widgets.IntSlider(value=0, min=0, max=max_steps, description=tr("steps taken"),
                                    style=style, layout=layout)
    picture = DescentPicture(landscape, max_steps=max_steps)

    state = {}

    def readout(**values):
        start = values["start"] if landscape.n_knobs == 1 else (values["start_x"], values["start_y"])
        state["path"] = descend(landscape, start, values["learning_rate"], values["steps"])
        return _readout(landscape, state["path"])

    def draw(**values):
        return picture.png(state["path"])

    steps = controls["steps"]
    play = widgets.Play(value=0, min=0, max=max_steps, interval=350, description=tr("play"))
    widgets.jslink((play, "value"), (steps, "value"))
    one = widgets.Button(description=tr("one step"), icon="step-forward", layout=widgets.Layout(width="9em"))
    back = widgets.Button(description=tr("back to start"), icon="undo", layout=widgets.Layout(width="10em"))
    controls_box = widgets.VBox([*controls.values(), widgets.HBox([play, one, back])])
    box = panel(controls, draw, readout, controls_box=controls_box)

    def on_one(_):
        if steps.value >= steps.max:
            box.error.value = error_html(ValueError(
                tr("that is the last step the slider holds ({last}); go back to start", last=steps.max)))
            return
        steps.value += 1

    def on_back(_):
        play.playing = False
        steps.value = 0

    one.on_click(on_one)
    back.on_click(on_back)
    box.picture = picture
    box.buttons = {"play": play, "one step": one, "back to start": back}
    return box


def _readout(landscape, path) -> str:
    here = path.end
    where = f"w = {here[0]:.3f}" if landscape.n_knobs == 1 else f"(x, y) = ({here[0]:.3f}, {here[1]:.3f})"
    if path.diverged:
        return tr("<b>step {n}</b>: {where} — off the chart<br>{verdict}", n=len(path.points) - 1, where=where,
                  verdict=path.verdict(landscape))
    g = landscape.gradient(here)
    slope = (tr("slope C'(w) = {slope:+.3f}", slope=g[0]) if landscape.n_knobs == 1
             else tr("gradient = ({gx:+.3f}, {gy:+.3f})", gx=g[0], gy=g[1]))
    return tr("<b>step {n}</b>: {where}, cost = {cost:.4f}, {slope}<br>{verdict}", n=len(path.points) - 1,
              where=where, cost=path.costs[-1], slope=slope, verdict=path.verdict(landscape))


# ==== the real cost, seen through one knob; mini-batch gradients (notebook 09) ===================

def plot_cost_slice(values, costs, knob=None, now=None, figsize=(7, 4)):
    """The cost of the real network as one knob is turned and all the others stay put.

    now: the knob's current value, marked by the ball (on the curve) and a dashed line.
    """
    values, costs = np.asarray(values, dtype=float), np.asarray(costs, dtype=float)
    if values.shape != costs.shape or values.ndim != 1 or len(values) < 2:
        raise ValueError(tr("values and costs must be two 1-D arrays of the same length ≥ 2, got shapes {values} "
                            "and {costs}", values=values.shape, costs=costs.shape))
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    ax.plot(values, costs, color=CURVE, lw=3)
    if now is not None:
        now = finite_number(now, "now")
        ax.axvline(now, color=GUIDE_GREY, lw=1.5, ls="--", zorder=1)
        ax.plot([now], [np.interp(now, values, costs)], "o", color=BALL, mec="black", mew=2, ms=16,
                zorder=5, label=tr("its value now ({now:.2f})", now=now))
        ax.legend(fontsize=11, loc="best")
    lowest = int(np.argmin(costs))
    ax.annotate(tr("lowest cost\non this slice"), (values[lowest], costs[lowest]),
                xytext=(0, 28), textcoords="offset points", ha="center", fontsize=11,
                arrowprops=dict(arrowstyle="->", color=GREEN, lw=1.5), color=GREEN)
    ax.set_xlabel(tr("one weight") if knob is None else f"{knob}", fontsize=13)
    ax.set_ylabel(tr("cost (average over the digits)"), fontsize=12)
    ax.tick_params(labelsize=11)
    ax.grid(alpha=0.3)
    return fig


def plot_minibatch_gradients(similarities: dict, figsize=(9, 4.2)):
    """How well mini-batch gradients point the way of the full gradient, per mini-batch size.

    similarities: mini-batch size → array of cosine similarities (1 = the same direction,
    0 = at right angles) between a mini-batch's gradient and the full gradient.
    """
    if not similarities:
        raise ValueError(tr("similarities must map at least one mini-batch size to its cosine similarities"))
    sizes = list(similarities)
    data = [np.asarray(similarities[m], dtype=float) for m in sizes]
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    parts = ax.violinplot(data, showmedians=True, widths=0.8)
    for body in parts["bodies"]:
        body.set_facecolor(BALL)
        body.set_edgecolor("black")
        body.set_alpha(0.7)
    for key in ("cmedians", "cmins", "cmaxes", "cbars"):
        parts[key].set_color("black")
    ax.set_xticks(range(1, len(sizes) + 1), [f"{m:,}" for m in sizes])
    ax.set_xlabel(tr("mini-batch size (digits averaged)"), fontsize=13)
    ax.set_ylabel(tr("agreement with the full gradient\n(cosine: 1 = same direction)"), fontsize=12)
    ax.axhline(1, color=GREEN, lw=1.5, ls="--")
    ax.axhline(0, color=GUIDE_GREY, lw=1)
    ax.set_ylim(min(-0.1, min(float(d.min()) for d in data) - 0.05), 1.16)
    ax.tick_params(labelsize=11)
    ax.grid(axis="y", alpha=0.3)
    for i, d in enumerate(data, start=1):
        ax.text(i, 1.05, tr("median {median:.2f}", median=np.median(d)), ha="center", va="bottom", fontsize=12, weight="bold")
    ax.set_title(tr("each violin: many random mini-batches of that size"), **TITLE)
    return fig


def plot_output_vs_wanted(output, label, figsize=(9, 3.8)):
    """The 10 output activations next to the wanted ones (1 for the right digit, 0 else),
    with each neuron's part of the cost, ½ (a − y)², written on top."""
    a = np.asarray(output, dtype=float)
    if a.shape != (10,):
        raise ValueError(tr("output must be the 10 output activations, got shape {shape}", shape=a.shape))
    label = finite_number(label, "label", lo=0, hi=9, integer=True)
    y = np.zeros(10)
    y[label] = 1.0
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    digits = np.arange(10)
    ax.bar(digits - 0.2, a, width=0.4, color=CURVE, label=tr("the network's output  a"))
    ax.bar(digits + 0.2, y, width=0.4, color=GREEN, label=tr("what we want  y"))
    for d in digits:
        part = 0.5 * (a[d] - y[d]) ** 2
        ax.text(d, max(a[d], y[d]) + 0.04, f"{part:.2f}", ha="center", va="bottom", fontsize=11,
                color="#b00020" if part >= 0.1 else GUIDE_GREY)
    ax.set_xticks(digits)
    ax.set_xlabel(tr("output neuron (digit)"), fontsize=13)
    ax.set_ylabel(tr("activation"), fontsize=13)
    ax.set_ylim(0, 1.3)
    ax.tick_params(labelsize=11)
    ax.legend(fontsize=11, loc="upper right", ncols=2)
    total = 0.5 * np.sum((a - y) ** 2)
    ax.set_title(tr("{a_digit}: red numbers are ½ (a − y)², the cost is their sum = {total:.3f}", a_digit=a_digit(label),
                    total=total), **TITLE)
    return fig


def plot_costs(costs, title=None, xlabel=None, figsize=(6.5, 3.6)):
    """A line of costs, one per step (or epoch); by default titled "the cost after each step"
    with the x axis "step" (in the learner's language)."""
    costs = np.asarray(costs, dtype=float)
    if costs.ndim != 1 or len(costs) == 0:
        raise ValueError(tr("costs must be a 1-D list of numbers, got shape {shape}", shape=costs.shape))
    fig = Figure(figsize=figsize, layout="constrained")
    ax = fig.add_subplot()
    ax.plot(np.arange(len(costs)), costs, "-o", color=TRAIL, lw=2, ms=5)
    ax.set_xlabel(tr("step") if xlabel is None else xlabel, fontsize=13)
    ax.set_ylabel(tr("cost"), fontsize=13)
    ax.set_title(tr("the cost after each step") if title is None else title, **TITLE)
    ax.set_ylim(0, None)
    ax.tick_params(labelsize=11)
    ax.grid(alpha=0.3)
    return fig


def plot_gradient_map(change, title, figsize=(5.2, 4.2)):
    """784 numbers, one per input weight of a neuron — the change gradient descent makes to
    them, −∇C — drawn with the weight heat map of mlp_core.viz (green +, red −, black 0, or
    the palette's colours: see palette.use_palette)."""

    colours = palette.current()
    return style.plot_weights(change, title=title, figsize=figsize,
                            colorbar_label=tr("−gradient: {positive} = this weight grows,\n{negative} = it shrinks, "
                                              "black = stays", positive=tr(colours.positive_word),
                                              negative=tr(colours.negative_word)))
