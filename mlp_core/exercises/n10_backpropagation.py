"""Checkers of notebook 10 · Backpropagation."""

from __future__ import annotations

import numpy as np

from ..checks import finite_number
from ..i18n import N_, tr
from ._shared import learners_error, learners_function, sample_digit
from .feedback import Feedback, checker, given_count, miss, not_yet, read_answer, right

__all__ = ["check_output_delta", "check_zero_weight_gradients", "check_bp2"]


@checker(hints=[N_("BP1: δ = ∂C/∂z is ∂C/∂a, for the quadratic cost a − y, times σ'(z)."),
                N_("for the sigmoid, σ'(z) = a(1 − a) uses the activation itself: δ = (a − y) · a · (1 − a), with "
                   "a = {a:g} and y = {y:g}.")],
         solution=lambda a: tr("δ = (a − y)·a(1 − a) = ({a:g} − {y:g}) × {a:g} × (1 − {a:g}) = {delta:g}. Negative: "
                               "raising this neuron's weighted sum would lower the cost.", a=a.a, y=a.y,
                               delta=(a.a - a.y) * a.a * (1 - a.a)))
def check_output_delta(answer, a: float = 0.8, y: float = 1.0) -> Feedback:
    """Notebook 10: δ of a sigmoid output neuron with activation a, wanted y, quadratic cost."""
    a, y = finite_number(a, "a", lo=0, hi=1), finite_number(y, "y", lo=0, hi=1)
    expected = (a - y) * a * (1 - a)
    value = read_answer(answer, tr("δ, a number"))
    if np.isclose(value, expected):
        return right(tr("δ = (a − y)·σ'(z) = ({a:g} − {y:g}) × {a:g}·(1 − {a:g}) = {delta:g}. Negative: raising "
                        "this neuron's weighted sum would lower the cost, so gradient descent raises it.",
                        a=a, y=y, delta=expected))
    if np.isclose(value, a - y):
        return miss(tr("that is ∂C/∂a; δ is ∂C/∂z, so multiply by σ'(z)."))
    if np.isclose(value, -expected):
        return miss(tr("check the sign: a − y, the output minus what we want."))
    sigma_a = float(1 / (1 + np.exp(-a)))
    if np.isclose(value, (a - y) * sigma_a * (1 - sigma_a)):
        return miss(tr("σ'(z) = a(1 − a) uses the activation a itself; no need to apply σ again."))
    return miss()


@checker(hints=[N_("BP4: ∂C/∂W¹[n, i] = δ¹ₙ · xᵢ. When is a product exactly 0?"),
                N_("δ¹ₙ is one number for the whole row; xᵢ is pixel i of the digit. Count the pixels that make the "
                   "product 0, or count the zeros of grad_W[0][{neuron}] itself.")],
         solution=lambda a: tr("np.sum(grad_W[0][{neuron}] == 0) = np.sum(images[{index}] == 0) = {n}: row n of "
                               "∂C/∂W¹ is δ¹ₙ times the pixels (BP4), so every pure-black pixel gives 0. A weight "
                               "whose input was 0 played no part in the cost, and this digit does not move it.",
                               neuron=a.neuron, index=a.index, n=int(np.sum(sample_digit(a.index) == 0))))
def check_zero_weight_gradients(answer, index: int = 0, neuron: int = 0) -> Feedback:
    """Notebook 10: how many of the 784 entries of ∂C/∂W¹[neuron] are exactly 0 for sample digit
    `index` alone? BP4: ∂C/∂W¹[n, i] = δ¹ₙ · xᵢ, so every black pixel (xᵢ = 0) gives a 0."""
    x = sample_digit(index)
    given_count(neuron, "neuron", 0, 10**6)
    expected = int(np.sum(x == 0))
    n = read_answer(answer, tr("a count"), whole=True)
    if n == expected:
        return right(tr("{n} of the 784 pixels of this digit are pure black. Row n of ∂C/∂W¹ is δ¹ₙ times the "
                        "input (BP4), so each black pixel gives a 0: a weight whose input was 0 had no part in the "
                        "cost, and this digit does not move it.", n=expected))
    if n == 784 - expected:
        return miss(tr("that is the number of pixels with some ink: count the entries that ARE zero."))
    if not 0 <= n <= 784:
        return miss(tr("the row has 784 entries, so the count is between 0 and 784."))
    return miss()


@checker(hints=[N_("going backwards, each neuron of this layer collects the next layer's errors through the "
                   "weights it feeds, then scales them by its own σ'(z)."),
                N_("W_next has one row per neuron of the NEXT layer: to go backwards, use its transpose. Then "
                   "each neuron scales by its own σ'(z), which for the sigmoid needs only its activation a.")],
         solution=N_("return (W_next.T @ delta_next) * a * (1 - a): BP2, δˡ = (Wˡ⁺¹ᵀ δˡ⁺¹) ⊙ σ'(zˡ), with "
                     "σ'(zˡ) = aˡ(1 − aˡ)."),
         answers=("delta_before",))
def check_bp2(delta_before) -> Feedback:
    """Notebook 10: the learner's function delta_before(W_next, delta_next, a) for BP2,
    δˡ = (Wˡ⁺¹ᵀ δˡ⁺¹) ⊙ σ'(zˡ) with σ'(zˡ) = aˡ(1 − aˡ), tested on random numbers."""
    if (problem := learners_function(delta_before, "delta_before", "(W_next, delta_next, a)")) is not None:
        return problem
    rng = np.random.default_rng(10)
    W_next = rng.standard_normal((10, 16))
    delta_next = rng.standard_normal(10)
    a = rng.uniform(0.05, 0.95, 16)
    expected = (W_next.T @ delta_next) * a * (1 - a)
    try:
        got = delta_before(W_next, delta_next, a)
    except Exception as err:          # the learner's code: say what went wrong
        if isinstance(err, ValueError) and "matmul" in str(err):
            return miss(tr("the shapes don't fit: W_next has shape (10, 16), one row per neuron of the NEXT "
                           "layer, and delta_next has 10 entries. To go backwards, use its transpose."))
        return miss(learners_error(err))
    if got is None or got is Ellipsis:
        return not_yet(tr("your function returns nothing yet: replace the ... after return with your line of "
                          "numpy, then run the cell again."))
    got = read_answer(got, tr("δ of this layer, what your function returns,"), shape=None)
    if got.shape != expected.shape:
        return not_yet(tr("δ of this layer needs one number per neuron, shape {shape}; got shape {got}.",
                       shape=expected.shape, got=got.shape))
    if np.allclose(got, expected):
        return right(tr("δˡ = (Wˡ⁺¹ᵀ δˡ⁺¹) ⊙ aˡ(1 − aˡ): each neuron collects the next layer's errors through the "
                        "weights it feeds, then scales them by its own σ'. That is backpropagation's one new step."))
    if np.allclose(got, W_next.T @ delta_next):
        return miss(tr("close: that is ∂C/∂aˡ. δ is ∂C/∂z, so multiply by σ'(zˡ), neuron by neuron."))
    if np.allclose(got, (W_next.T @ delta_next) * a):
        return miss(tr("σ'(z) = a(1 − a): you multiplied by a only."))
    return miss()
