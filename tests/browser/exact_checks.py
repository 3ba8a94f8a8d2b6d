"""Checks with exact expected values, for notebooks whose readouts are deterministic.

Each check gets the notebook right after Run All (nothing moved yet), moves a control to a
known value and compares the readout with the value computed here independently.
EXACT_CHECKS maps a notebook's file name to its check.
"""

from __future__ import annotations

import re

import numpy as np


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
    # the keys below go wherever the focus is: make sure it is in the box before typing
    page.wait_for_function("el => el === document.activeElement", arg=box.element_handle(), timeout=10_000)
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.keyboard.press("Enter")


def wait_readout(group, pattern: str, timeout: float = 30, unlike: str | None = None) -> str:
    """Wait until the group's readout matches the regular expression `pattern` (and differs
    from `unlike`, when given); return it. The timeout is generous: a kernel round-trip and a
    redraw on a loaded 2-core machine."""
    readout = group.locator(".mlp-readout").first
    rx = re.compile(pattern)
    deadline = timeout * 1000
    waited = 0
    while True:
        text = (readout.text_content() or "").strip()
        if rx.search(text) and text != unlike:
            return text
        if waited >= deadline:
            raise AssertionError(f"readout {text!r} does not match {pattern!r}")
        group.page.wait_for_timeout(50)
        waited += 50


# ---- independent oracles: plain numpy on the shipped data, not the widgets' own code ----

def sample():
    from mlp_core import load_sample
    images, labels = load_sample()
    return np.asarray(images, dtype=float), np.asarray(labels)


def pretrained():
    from mlp_core import load_pretrained
    net = load_pretrained()
    return [np.asarray(w, dtype=float) for w in net.weights], [np.asarray(b, dtype=float) for b in net.biases]


def sig(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def forward(weights, biases, a):
    """The network's output layer for input activations `a`: a ← σ(W a + b), layer by layer."""
    for w, b in zip(weights, biases):
        a = sig(w @ a + b)
    return a


def first_of_each(labels):
    return [int(np.flatnonzero(labels == d)[0]) for d in range(10)]


def region(rows, cols):
    """784 weights: 1 in rows r0..r1 and columns c0..c1 (inclusive), 0 elsewhere."""
    w = np.zeros((28, 28))
    w[rows[0]:rows[1] + 1, cols[0]:cols[1] + 1] = 1.0
    return w.reshape(784)


def number(text: str, name: str) -> float:
    """The number after `name` in a readout ('−' read as minus)."""
    m = re.search(re.escape(name) + r"\s*([-−+]?\d+(?:\.\d+)?)", text)
    assert m, f"no number after {name!r} in readout {text!r}"
    return float(m.group(1).replace("−", "-"))


def close(got: float, want: float, decimals: int, what: str) -> None:
    tol = 0.5 * 10 ** -decimals + 1e-9
    assert abs(got - want) <= tol + 1e-12 or round(want, decimals) == got, (
        f"{what}: readout shows {got}, expected {want:.{decimals + 3}f} (to {decimals} decimals)")


# ---- the checks, one per notebook with a deterministic readout ---------------------------

def check_01_pixel(nb):
    page = nb.page
    images, labels = sample()
    g = groups_with(page, "column").first
    five = int(np.flatnonzero(labels == 5)[0])
    text = wait_readout(g, r"neuron .*212")
    assert f"#{five} of the sample (a 5)" in text and "7 × 28 + 16 = 212" in text, text
    close(number(text, "activation"), images[five][212], 2, "pixel (7, 16) of the first 5")
    slider(g, "row").press("ArrowRight")                       # row 7 → 8: neuron 8·28 + 16
    text = wait_readout(g, r"8 × 28 \+ 16 = 240")
    close(number(text, "activation"), images[five][240], 2, "pixel (8, 16) of the first 5")
    g.locator(".widget-dropdown select").first.select_option(label="3")
    three = int(np.flatnonzero(labels == 3)[0])
    text = wait_readout(g, rf"#{three} of the sample \(a 3\)")
    close(number(text, "activation"), images[three][240], 2, "pixel (8, 16) of the first 3")


def check_03_region(nb):
    page = nb.page
    images, labels = sample()
    shown = first_of_each(labels)
    g = groups_with(page, "columns").first

    def expect(rows, cols, n_on):
        text = wait_readout(g, rf"^{n_on} weights are \+1, 0 are −1, {784 - n_on} are 0")
        sums = images[shown] @ region(rows, cols)
        close(number(text, "largest weighted sum:"), sums.max(), 1, f"largest sum, rows {rows} cols {cols}")
        assert f"for the {labels[shown][int(np.argmax(sums))]}," in text, text
        close(number(text, "smallest:"), sums.min(), 1, f"smallest sum, rows {rows} cols {cols}")

    expect((5, 11), (9, 18), 7 * 10)
    slider(g, "rows").press("ArrowRight")                     # the first row 5 → 6
    expect((6, 11), (9, 18), 6 * 10)


def check_04_sigmoid(nb):
    page = nb.page
    g = groups_with(page, "slider range").first
    wait_readout(g, rf"z = 2 → σ\(z\) = {sig(2.0):.4f} · the hard step would say 1")
    slider(g, "z").press("ArrowRight")                         # step 0.1
    wait_readout(g, rf"z = 2.1 → σ\(z\) = {sig(2.1):.4f}")
    set_slider_by_readout(page, g, "z", "-3.7")
    wait_readout(g, rf"z = -3.7 → σ\(z\) = {sig(-3.7):.4f} · the hard step would say 0")
    # widen the slider to ±1000: far out σ is 1 to the last bit a float holds
    g.locator(".widget-toggle-buttons button", has_text="±1000").dispatch_event("click")
    page.wait_for_function("h => h.getAttribute('aria-valuemax') === '1000' || h.getAttribute('aria-valuemax') === '1000.0'",
                           arg=slider(g, "z").element_handle(), timeout=30_000)
    set_slider_by_readout(page, g, "z", "800")
    assert sig(800.0) == 1.0
    wait_readout(g, r"z = 800 → σ\(z\) ≈ 1 · the hard step would say 1")


def check_05_bias(nb):
    page = nb.page
    images, labels = sample()
    shown = first_of_each(labels)
    w = region((5, 11), (9, 18))
    g = groups_with(page, "bias b").first

    def expect(bias):
        text = wait_readout(g, rf"bias b = {bias:g}: the neuron lights up once the weighted sum passes {-bias:g} ")
        on = [int(labels[i]) for i in shown if sig(images[i] @ w + bias) > 0.5]
        assert f"{len(on)} of the 10 digits shown switch it on ({', '.join(map(str, on)) or 'none'})" in text, (on, text)
        count = int(np.sum(sig(images @ w + bias) > 0.5))
        found = re.search(rf"{count:,} of all {len(images):,} digits \(([<>] )?([\d.]+) %\)", text)
        assert found, (count, text)
        percent, share = float(found.group(2)), count / len(images)
        assert abs(percent / 100 - share) <= 0.005, (share, text)
        assert (percent < 100 or count == len(images)) and (percent > 0 or count == 0), ("rounded to all or none", text)

    expect(-10.0)
    slider(g, "bias b").press("ArrowRight")                    # step 0.5
    expect(-9.5)
    set_slider_by_readout(page, g, "bias b", "-25")
    expect(-25.0)


def check_06_matrix_row(nb):
    page = nb.page
    images, _ = sample()
    weights, biases = pretrained()
    W1, b1 = weights[0], biases[0]
    g = groups_with(page, "neuron n").first

    def expect(n, index, before=None):
        # the readout does not name the digit: after moving "example #", wait for it to change
        text = wait_readout(g, rf"^row {n} of W · a = ", unlike=before)
        a = images[index]
        close(number(text, "W · a ="), W1[n] @ a, 3, f"row {n} of W · digit {index}")
        close(number(text, f"b[{n}] ="), b1[n], 3, f"b[{n}]")
        close(number(text, f"z[{n}] ="), W1[n] @ a + b1[n], 3, f"z[{n}]")
        close(number(text, f"σ(z[{n}]) ="), sig(W1[n] @ a + b1[n]), 3, f"σ(z[{n}])")
        return text

    expect(0, 0)
    slider(g, "neuron n").press("ArrowRight")
    before = expect(1, 0)
    slider(g, "example #").press("ArrowRight")
    expect(1, 1, before)


def _check_network_explorer(nb, first_index: int):
    page = nb.page
    images, labels = sample()
    weights, biases = pretrained()
    g = groups_with(page, "example #").first

    def expect(i):
        out = forward(weights, biases, images[i])
        guess = int(np.argmax(out))
        text = wait_readout(g, rf"^example #{i} — label {labels[i]}, prediction {guess} ")
        close(number(text, f"output neuron {guess}:"), out[guess], 2, f"output of example #{i}")
        assert ("✔" in text) == (guess == labels[i]), text

    expect(first_index)
    slider(g, "example #").press("ArrowRight")
    expect(first_index + 1)


def check_02_network(nb):
    _check_network_explorer(nb, 4)


def check_07_network(nb):
    page = nb.page
    images, labels = sample()
    weights, biases = pretrained()
    wrong = [i for i in range(len(images)) if int(np.argmax(forward(weights, biases, images[i]))) != labels[i]]
    g = groups_with(page, "every digit").first
    button = g.locator(".widget-toggle-buttons button", has_text="wrong ones")
    assert button.text_content().strip() == f"only the {len(wrong)} wrong ones", (
        f"{button.text_content()!r}: the pretrained network gets {len(wrong)} of the sample wrong")
    text = wait_readout(g, rf"^example #{wrong[0]} — label {labels[wrong[0]]}, prediction ")
    assert "✘ wrong" in text, text
    _check_live_editor_records_no_untouched_edit(nb)


def _check_live_editor_records_no_untouched_edit(nb):
    """The bias slider rounds a neuron's real bias to its 0.1 steps and sends that back: not an edit."""
    page = nb.page
    editor = groups_with(page, "reset all").first
    readout = editor.locator(".mlp-readout").first

    def settled_readout(pattern):
        wait_readout(editor, pattern)
        page.wait_for_timeout(600)           # time for the browser's rounding to come back, if any
        return readout.text_content()

    text = settled_readout(r"neuron 0 of hidden layer 1")
    assert "edited neurons: none yet" in text, f"an edit nobody made: {text}"
    editor.locator("button", has_text="reset all").dispatch_event("click")
    slider(editor, "neuron").press("ArrowRight")
    settled_readout(r"neuron 1 of hidden layer 1")
    slider(editor, "neuron").press("ArrowLeft")
    text = settled_readout(r"neuron 0 of hidden layer 1")
    assert "edited neurons: none yet" in text, f"after reset all and choosing neuron 0 again: {text}"


def check_08_drawing(nb):
    page = nb.page
    images, labels = sample()
    weights, biases = pretrained()
    g = groups_with(page, "put a real digit on the pad").first
    wait_readout_in(g, ".mlp-drawing-reading", r"Draw a digit")
    g.locator(".widget-dropdown select").first.select_option(label="3")
    three = int(np.flatnonzero(labels == 3)[0])
    out = forward(weights, biases, images[three])   # a real MNIST digit passes pre-processing unchanged
    guess = int(np.argmax(out))
    text = wait_readout_in(g, ".mlp-drawing-reading", rf"The network reads {guess} ")
    close(number(text, "activation"), out[guess], 2, "output for the first 3 of the sample")
    g.locator("button", has_text="clear").dispatch_event("click")
    wait_readout_in(g, ".mlp-drawing-reading", r"Draw a digit")


def check_09_descent(nb):
    """One step of gradient descent moves (x, y) by −η × the gradient the readout shows."""
    page = nb.page
    g = groups_with(page, "start y").first
    step0 = wait_readout(g, r"step 0")
    eta = float(g.locator(".widget-slider", has=page.locator(".widget-label", has_text="learning rate"))
                .locator(".widget-readout").text_content())
    pair = r"\(([-+]?\d+\.\d+), ([-+]?\d+\.\d+)\)"
    (x0, y0), (gx, gy) = [tuple(map(float, m)) for m in re.findall(pair, step0)[:2]]
    g.locator("button", has_text="one step").dispatch_event("click")
    step1 = wait_readout(g, r"step 1")
    x1, y1 = map(float, re.findall(pair, step1)[0])
    # display rounding: x, y, gradient to 3 decimals, η to 3 decimals
    tol = 0.0005 * (2 + eta + abs(gx) + abs(gy)) + 0.0005 * max(abs(gx), abs(gy))
    assert abs(x1 - (x0 - eta * gx)) <= tol and abs(y1 - (y0 - eta * gy)) <= tol, (
        f"after one step with η = {eta}: ({x1}, {y1}), expected ({x0 - eta * gx:.4f}, {y0 - eta * gy:.4f})")
    g.locator("button", has_text="back to start").dispatch_event("click")
    wait_readout(g, r"step 0")


def check_10_chain(nb):
    """The chain a⁰ → z¹ → a¹ → z² → a² → C: cost and four gradients by the chain rule."""
    page = nb.page
    g = groups_with(page, "wanted output y").first
    knobs = {"input a⁰": "0.8", "weight w¹": "1.5", "bias b¹": "-0.5", "weight w²": "-2",
             "bias b²": "1", "wanted output y": "0.9"}
    for label, value in knobs.items():
        set_slider_by_readout(page, g, label, value)
    a0, w1, b1, w2, b2, y = (float(v) for v in knobs.values())

    def expect(w1, b1, w2, b2):
        a1 = sig(w1 * a0 + b1)
        a2 = sig(w2 * a1 + b2)
        d2 = (a2 - y) * a2 * (1 - a2)
        d1 = d2 * w2 * a1 * (1 - a1)
        grads = {"w1": d1 * a0, "b1": d1, "w2": d2 * a1, "b2": d2}
        text = wait_readout(g, rf"cost C = {0.5 * (a2 - y) ** 2:.4f} \(output a² = {a2:.3f}, wanted {y:g}\)")
        for k, v in grads.items():
            sup = k.translate(str.maketrans("12", "¹²"))       # w1 is written w¹ in the readout
            name = f"∂C/∂{sup} =" if f"∂C/∂{sup} =" in text else f"∂C/∂{k} ="
            close(number(text, name), v, 4, f"∂C/∂{sup}")
        return grads

    grads = expect(w1, b1, w2, b2)
    eta = number(g.locator("button", has_text="gradient descent step").text_content(), "η =")
    g.locator("button", has_text="gradient descent step").dispatch_event("click")
    # the step puts each knob on its slider's grid of 0.001 (what the slider can hold and shows)
    expect(*(round(v - eta * grads[k], 3) for k, v in zip(("w1", "b1", "w2", "b2"), (w1, b1, w2, b2))))


def check_11_wanted_input(nb):
    """Gradient ascent on the pixels: 0 steps leaves the activation as the network computes
    it for the start image; more steps raise it."""
    page = nb.page
    weights, biases = pretrained()
    g = groups_with(page, "ascent steps").first
    g.locator(".widget-dropdown select", has=page.locator("option", has_text="black")).select_option(label="black")
    set_slider_by_readout(page, g, "ascent steps", "0")
    start = forward(weights, biases, np.zeros(784))[0]
    text = wait_readout(g, r"after 0 steps")
    close(number(text, "the output layer:"), start, 3, "neuron 0 of the output layer on a black image")
    close(number(text, "→"), start, 3, "after 0 steps")
    slider(g, "ascent steps").press("ArrowRight")          # 10 steps
    text = wait_readout(g, r"after 10 steps")
    assert number(text, "→") > number(text, "the output layer:"), f"gradient ascent did not raise it: {text}"


def wait_readout_in(group, selector: str, pattern: str, timeout: float = 30) -> str:
    rx, waited = re.compile(pattern), 0
    while True:
        text = (group.locator(selector).first.text_content() or "").strip()
        if rx.search(text):
            return text
        if waited >= timeout * 1000:
            raise AssertionError(f"{selector} shows {text!r}, expected to match {pattern!r}")
        group.page.wait_for_timeout(50)
        waited += 50


EXACT_CHECKS = {
    "01-pixels-as-neurons.ipynb": check_01_pixel,
    "02-layers-and-parts.ipynb": check_02_network,
    "03-weights-and-the-weighted-sum.ipynb": check_03_region,
    "04-sigmoid.ipynb": check_04_sigmoid,
    "05-bias.ipynb": check_05_bias,
    "06-matrix-form.ipynb": check_06_matrix_row,
    "07-the-network-is-a-function.ipynb": check_07_network,
    "08-draw-your-own-digit.ipynb": check_08_drawing,
    "09-gradient-descent.ipynb": check_09_descent,
    "10-backpropagation.ipynb": check_10_chain,
    "11-training-from-scratch.ipynb": check_11_wanted_input,
}
