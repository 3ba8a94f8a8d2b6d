"""Checkers of notebook 12 · Beyond the series."""

from __future__ import annotations

import numpy as np

from ..checks import finite_number
from ..i18n import N_, tr
from ._shared import learners_error, learners_function
from .feedback import Feedback, checker, miss, not_yet, read_answer, right

__all__ = ["check_momentum_step", "check_velocity_limit"]


@checker(hints=[N_("momentum keeps a velocity v: each step first updates v from the gradient, then moves w by v."),
                N_("the new velocity is the old one shrunk by μ plus the new push downhill, −η·g; then w moves by "
                   "that NEW velocity. Return both, w first.")],
         solution=N_("v = mu * v - eta * g; w = w + v; return w, v. The velocity remembers the past steps (×μ "
                     "each time) and adds the new push."),
         answers=("step",))
def check_momentum_step(step) -> Feedback:
    """Notebook 12: the learner's step(w, v, g, eta, mu) → (new w, new v) with momentum:
    v ← μ v − η g, then w ← w + v."""
    if (problem := learners_function(step, "step", "(w, v, g, eta, mu)")) is not None:
        return problem
    rng = np.random.default_rng(11)
    w, v, g = rng.standard_normal(5), rng.standard_normal(5), rng.standard_normal(5)
    eta, mu = 0.1, 0.9
    v_new = mu * v - eta * g
    w_new = w + v_new
    try:
        got = step(w.copy(), v.copy(), g.copy(), eta, mu)
    except Exception as err:          # the learner's code: say what went wrong
        return miss(learners_error(err))
    if got is None or got is Ellipsis:
        return not_yet(tr("your function returns nothing yet: return the new w and the new v, as w, v."))
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return not_yet(tr("return two arrays, the new w and the new v: return w, v."))
    gw, gv = (read_answer(x, tr("the new w and the new v, each shaped like w,"), shape=w.shape) for x in got)
    if np.allclose(gw, w_new) and np.allclose(gv, v_new):
        return right(tr("v ← μv − ηg, w ← w + v: the velocity remembers the past steps (×0.9 each time) and "
                        "adds the new push; on a long valley floor the pushes all point the same way and add up."))
    if np.allclose(gw, v_new) and np.allclose(gv, w_new):
        return miss(tr("right numbers, wrong order: return w first, then v."))
    if np.allclose(gw, w - eta * g):
        return miss(tr("that is the plain step, without the velocity."))
    if np.allclose(gv, v_new) and np.allclose(gw, w + v):
        return miss(tr("update v first, then move w by the NEW v."))
    return miss()


@checker(hints=[N_("after many steps the velocity stops changing: then the new v equals the old v."),
                N_("write that down: v = μ·v − η·g, and solve it for v.")],
         solution=lambda a: tr("v = μv − ηg settles where v = −ηg / (1 − μ) = −{learning_rate:g}·{gradient:g} / "
                               "(1 − {momentum:g}) = {v:g}: {steps:g} plain steps.", learning_rate=a.learning_rate,
                               gradient=a.gradient, momentum=a.momentum,
                               v=-a.learning_rate * a.gradient / (1 - a.momentum), steps=1 / (1 - a.momentum)))
def check_velocity_limit(answer, learning_rate: float = 0.05, momentum: float = 0.9, gradient: float = 1.0) -> Feedback:
    """Notebook 12: the velocity v ← μ v − η g settles at −η g / (1 − μ) when the gradient g stays the same."""
    learning_rate, momentum, gradient = (finite_number(v, n) for v, n in
                                         ((learning_rate, "learning_rate"), (momentum, "momentum"), (gradient, "gradient")))
    if not 0 <= momentum < 1:
        raise ValueError(tr("momentum must be in [0, 1), got {got}", got=repr(momentum)))
    expected = -learning_rate * gradient / (1 - momentum)
    value = read_answer(answer, tr("the velocity it settles at"))
    if np.isclose(value, expected):
        return right(tr("v settles where v = μv − ηg, at −ηg/(1 − μ) = {v:g}: {steps:g} plain steps at once. That is "
                        "why the recipes with momentum use a learning rate ten times smaller.", v=expected,
                        steps=1 / (1 - momentum)))
    if np.isclose(value, -expected):
        return miss(tr("right size, wrong sign: the velocity points downhill, against the gradient."))
    if np.isclose(value, -learning_rate * gradient):
        return miss(tr("that is one plain step, the first velocity; the pushes keep adding up, shrunk by μ each "
                       "time."))
    if np.isclose(value, 0):
        return not_yet(tr("it starts at 0, but every step adds −ηg; where does it stop changing?"))
    return miss()
