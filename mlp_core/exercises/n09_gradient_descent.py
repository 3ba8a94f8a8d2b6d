"""Checkers of notebook 09 · Gradient descent."""

from __future__ import annotations

import numpy as np

from ..checks import finite_number
from ..i18n import N_, tr
from .feedback import Feedback, checker, given_count, miss, read_answer, right

__all__ = ["check_descent_step", "check_best_learning_rate", "check_steps_per_epoch"]


@checker(hints=[N_("first the slope C'(w) at w = {start:g}, then one step downhill: w − η·C'(w) with η = "
                   "{learning_rate:g}."),
                N_("C'(w) = 2(w − {bottom:g}); at w = {start:g} it is negative, so the step moves w to the right, "
                   "towards the bottom at {bottom:g}.")],
         solution=lambda a: tr("the slope at w = {start:g} is 2({start:g} − {bottom:g}) = {slope:g}, so "
                               "w ← {start:g} − {learning_rate:g}·({slope:g}) = {end:g}.", start=a.start,
                               bottom=a.bottom, slope=2 * (a.start - a.bottom), learning_rate=a.learning_rate,
                               end=a.start - a.learning_rate * 2 * (a.start - a.bottom)))
def check_descent_step(answer, start: float = 1.0, learning_rate: float = 0.1, bottom: float = 3.0) -> Feedback:
    """Notebook 09: one step of gradient descent on C(w) = (w − bottom)², from w = start."""
    start, learning_rate, bottom = (finite_number(v, n) for v, n in
                                    ((start, "start"), (learning_rate, "learning_rate"), (bottom, "bottom")))
    slope = 2 * (start - bottom)
    expected = start - learning_rate * slope
    value = read_answer(answer, tr("the new value of w"))
    if np.isclose(value, expected):
        return right(tr("the slope at w = {start:g} is C'(w) = 2(w − {bottom:g}) = {slope:g}, so the step is "
                        "−η·C'(w) = {step:+g} and w becomes {end:g}: closer to the bottom at {bottom:g}.",
                        start=start, bottom=bottom, slope=slope, step=-learning_rate * slope, end=expected))
    if np.isclose(value, slope):
        return miss(tr("that is the slope C'(w) at w = {start:g}; now take the step w − η·C'(w).", start=start))
    if np.isclose(value, start + learning_rate * slope):
        return miss(tr("that step went uphill: gradient descent SUBTRACTS η times the slope."))
    if np.isclose(value, start - learning_rate * (start - bottom)):
        return miss(tr("the slope of (w − {bottom:g})² is 2(w − {bottom:g}): don't forget the 2.", bottom=bottom))
    return miss()


@checker(hints=[N_("try a few: descend(descent.BOWL, start=1.0, learning_rate=eta, steps=1).end for eta = 0.1, "
                   "0.3, 0.7, 1.0. Which lands short, which beyond the bottom?"),
                N_("write the step out: w − η·2(w − 3) = 3 + (1 − 2η)(w − 3). Which η makes the new distance to "
                   "the bottom, (1 − 2η)(w − 3), zero?")],
         solution=N_("η = 0.5: w − 0.5·2(w − 3) = 3 from any start. The step multiplies the distance to the bottom "
                     "by 1 − 2η: below 0.5 the ball stops short, between 0.5 and 1 it zig-zags but settles, at 1 it "
                     "bounces for ever, above 1 it flies off."))
def check_best_learning_rate(answer) -> Feedback:
    """Notebook 09: the η with which ONE step of gradient descent on C(w) = (w − 3)² lands exactly
    on the bottom, from any start. The step multiplies the distance to the bottom by 1 − 2η."""
    value = read_answer(answer, tr("a learning rate"))
    if np.isclose(value, 0.5):
        return right(tr("w − 0.5·2(w − 3) = 3 from any start: one step, exactly to the bottom. Below 0.5 the "
                        "ball stops short, between 0.5 and 1 it overshoots but still settles (zig-zag), at 1 it "
                        "bounces between two points for ever, and above 1 it flies off. The steeper the bowl "
                        "(curvature k), the smaller the best η: 1/k."))
    if np.isclose(value, 1.0):
        return miss(tr("with η = 1 the ball jumps from w to 6 − w, the mirror image across the bottom, and "
                       "bounces there and back for ever. Look for a smaller η."))
    if value <= 0:
        return miss(tr("a learning rate is a positive number: it scales the step downhill."))
    if value > 1:
        return miss(tr("that one flies off: each step multiplies the distance to the bottom by 1 − 2η, and "
                       "|1 − 2·{eta:g}| > 1.", eta=value))
    return miss(tr("that one lands short of the bottom.") if value < 0.5 else tr("that one jumps past the bottom."))


@checker(hints=[N_("every mini-batch gives one step. How many mini-batches fit in one pass over the digits?"),
                N_("one step per mini-batch: {n_digits:,} digits ÷ {batch_size} digits per mini-batch.")],
         solution=lambda a: tr("{n_digits:,} / {batch_size} = {steps:,} steps: one per mini-batch, where full "
                               "gradient descent would take ONE step per pass.", n_digits=a.n_digits,
                               batch_size=a.batch_size, steps=-(-a.n_digits // a.batch_size)))
def check_steps_per_epoch(answer, n_digits: int = 50_000, batch_size: int = 10) -> Feedback:
    """Notebook 09: how many steps of gradient descent one epoch takes (one pass over the digits).
    The default is the training set of Nielsen's code, the series' code: 50,000 of MNIST's 60,000."""
    n_digits = given_count(n_digits, "n_digits", 1, 10**9)
    batch_size = given_count(batch_size, "batch_size", 1, n_digits)
    expected = -(-n_digits // batch_size)
    n = read_answer(answer, tr("a number of steps"), whole=True)
    if n == expected:
        return right(tr("{n_digits:,} digits in mini-batches of {batch_size} make {steps:,} mini-batches, one step "
                        "each: {steps:,} steps per epoch, where full gradient descent would take ONE step per pass.",
                        n_digits=n_digits, batch_size=batch_size, steps=expected))
    if n == 1:
        return miss(tr("one step per pass is full gradient descent, which uses all the digits at once."))
    if n in (batch_size, n_digits):
        return miss(tr("that is a number of digits ({n:,}); the question asks for the number of mini-batches.", n=n))
    return miss()
