"""The pictures and widgets of notebook 11 (mlp_core.training_views): the digits it trains on,
the live curves, the confusion matrix, what a neuron wants.
"""

from __future__ import annotations

import socket
import time as _time

import numpy as np
import pytest
from helpers import css_classes, load_pretrained_net, png_pixels

from mlp_core import Network, load_sample
from mlp_core import exercises as ex
from mlp_core import training_views as tv
from mlp_core.train import train


def test_offline_the_notebook_falls_back_to_the_sample_quickly_and_says_so(offline, tmp_path):
    start = _time.perf_counter()
    data = tv.notebook_digits(n_train=10_000)
    assert _time.perf_counter() - start < 2.0
    assert data.source == "sample"
    assert "No full MNIST here" in data.description and "can't be reached" in data.description
    assert len(data.train_labels) == 1600 and len(data.test_labels) == 400
    assert np.all(np.bincount(data.train_labels) == 160) and np.all(np.bincount(data.test_labels) == 40)
    assert not (tmp_path / "cache").exists(), "nothing may be downloaded or created"


def test_the_mirror_probe_gives_up_at_its_timeout_when_connections_hang(monkeypatch):
    def hang(address, timeout=None, *args, **kwargs):
        _time.sleep(timeout)
        raise socket.timeout("timed out")
    monkeypatch.setattr(socket, "create_connection", hang)
    start = _time.perf_counter()
    assert tv.mirrors_reachable(timeout=0.3) is False
    assert _time.perf_counter() - start < 1.0


class _Mirror:
    """A local stand-in for a download mirror, as a school network may present it: one that
    answers the file (200), a filtering proxy that refuses (403), or one that accepts the
    connection and never answers."""

    def __init__(self, behaviour: str):
        import http.server
        import threading

        self.behaviour, self.held = behaviour, []
        status = {"answers": 200, "refuses": 403}.get(behaviour)

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_HEAD(self):
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        if status is None:
            self.server = socket.socket()
            self.server.bind(("127.0.0.1", 0))
            self.server.listen(8)
            self.port = self.server.getsockname()[1]
            threading.Thread(target=lambda: [self.held.append(self.server.accept()) for _ in range(8)], daemon=True).start()
        else:
            self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
            self.port = self.server.server_address[1]
            threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        if self.behaviour in ("answers", "refuses"):
            self.server.shutdown()
            self.server.server_close()
        else:
            for conn, _ in self.held:
                conn.close()
            self.server.close()


@pytest.mark.parametrize("behaviour, reachable", [("answers", True), ("refuses", False), ("never answers", False)])
def test_the_mirror_probe_wants_an_answer_not_just_a_connection(monkeypatch, behaviour, reachable):
    """A proxy that accepts connections and then says nothing made the notebooks wait 20 s per
    mirror (3 mirrors) before falling back to the sample; now the 3 s probe catches it."""
    mirror = _Mirror(behaviour)
    try:
        monkeypatch.setattr(tv, "MIRRORS", [f"http://127.0.0.1:{mirror.port}/mnist/"])
        start = _time.perf_counter()
        assert tv.mirrors_reachable(timeout=1.0) is reachable
        assert _time.perf_counter() - start < 1.8
    finally:
        mirror.close()


def test_a_wrong_mlp_core_data_falls_back_with_the_reason(monkeypatch, tmp_path):
    monkeypatch.setenv("MLP_CORE_DATA", str(tmp_path))
    data = tv.notebook_digits()
    assert data.source == "sample" and "MLP_CORE_DATA" in data.description


@pytest.mark.slow
def test_with_full_mnist_the_notebook_trains_on_a_fixed_subset(mnist_dir, monkeypatch):
    monkeypatch.setenv("MLP_CORE_DATA", str(mnist_dir))
    a = tv.notebook_digits(n_train=1000, seed=0)
    b = tv.notebook_digits(n_train=1000, seed=0)
    assert a.source == "MNIST" and len(a.train_labels) == 1000 and len(a.test_labels) == 10_000
    assert np.array_equal(a.train_images, b.train_images), "the subset must be the same every time"
    sample, _ = load_sample()
    # none of the bundled sample digits is among the training digits
    seen = {row.tobytes() for row in a.train_images}
    assert not any(row.tobytes() in seen for row in sample)
    assert "fixed 1,000" in a.description


def test_notebook_digits_refuses_a_silly_size():
    with pytest.raises(ValueError, match="n_train"):
        tv.notebook_digits(n_train=3)


def test_live_curves_record_every_epoch_and_redraw_the_picture():
    images, labels = load_sample()
    curves = tv.LiveCurves(epochs=3, show=False)
    pictures = []

    def both(history):
        curves(history)
        pictures.append(curves.image.png)
    net = Network([784, 16, 16, 10], seed=0)
    history = train(net, images[:300], labels[:300], epochs=3, seed=0, test=(images[300:400], labels[300:400]),
                    callback=both)
    assert curves.epochs_seen == [1, 2, 3] == history.epoch
    assert len(pictures) == 3 and len(set(pictures)) == 3, "the picture must change every epoch"
    assert png_pixels(pictures[-1]).shape[2] == 3
    fig = tv.plot_history(history, title="t")
    assert "epoch 3" in fig.axes[1].get_title()


def test_live_curves_refuse_an_empty_history_and_the_finished_picture_says_it_is_empty():
    """LiveCurves is called by train after an epoch, so an empty history there is a bug; plot_history runs
    after a training the learner may have interrupted before epoch 1, so it draws and says so (issue 19)."""
    from mlp_core.train import History
    with pytest.raises(ValueError, match="empty history"):
        tv.LiveCurves(show=False)(History())
    fig = tv.plot_history(History())
    assert "no epoch finished" in " ".join(ax.get_title() for ax in fig.axes)


def test_confusion_picture_titles_the_share_right():
    counts = np.zeros((10, 10), dtype=int)
    for said, truth in [(0, 0), (1, 1), (2, 1), (2, 2), (2, 2), (0, 2)]:   # 4 of 6 right
        counts[truth, said] += 1
    fig = tv.plot_confusion(counts)
    assert "66.7% right" in fig.axes[0].get_title()


@pytest.mark.parametrize("layer, neuron", [(1, 3), (2, 5), (3, 7)])
def test_input_gradient_matches_nudging_pixels(layer, neuron):
    net = Network([784, 16, 16, 10], seed=1, init="scaled")
    x = load_sample()[0][5].astype(float)
    g = tv.input_gradient(net, x, layer, neuron)
    h = 1e-6
    for pixel in (100, 300, 406, 600):
        up, down = x.copy(), x.copy()
        up[pixel] += h
        down[pixel] -= h
        up, down = np.clip(up, 0, 1), np.clip(down, 0, 1)
        numeric = (net.activations(up)[layer][neuron] - net.activations(down)[layer][neuron]) / (up[pixel] - down[pixel])
        assert g[pixel] == pytest.approx(numeric, rel=1e-4, abs=1e-10)


def test_gradient_ascent_finds_what_a_first_layer_neuron_wants():
    net = load_pretrained_net()
    x, trace = tv.wanted_input(net, 1, 3, steps=100, step_size=0.05)
    assert trace[-1] > trace[0] and np.all((x >= 0) & (x <= 1))
    w = net.weights[0][3]
    agree = np.mean((x > 0.5) == (w > 0))
    assert agree > 0.95, "the favourite image of a first-layer neuron is white where its weights are positive"
    assert ex.check_favourite_image((x > 0.5).astype(float), net, 3).ok or agree < 1


def test_gradient_ascent_raises_every_output_neuron_from_the_average_digit():
    net = load_pretrained_net()
    average = load_sample()[0].mean(axis=0)
    for digit in range(10):
        _, trace = tv.wanted_input(net, 3, digit, steps=200, step_size=0.01, start=average)
        assert trace[-1] > 0.9 and trace[-1] >= trace[0]


@pytest.mark.parametrize("kwargs, words", [
    (dict(layer=0, neuron=0), "layer must be 1"),
    (dict(layer=2, neuron=16), "neurons 0 … 15"),
    (dict(layer=1, neuron=0, steps=-1), "steps"),
    (dict(layer=1, neuron=0, start=np.full(784, 2.0)), "start must be 784 activations"),
])
def test_wanted_input_refuses_bad_requests(kwargs, words):
    net = Network([784, 16, 16, 10], seed=0)
    with pytest.raises(ValueError, match=words):
        tv.wanted_input(net, **kwargs)


def test_wanted_input_widget_follows_the_contract_and_reacts():
    net = load_pretrained_net()
    average = load_sample()[0].mean(axis=0)
    box = tv.wanted_input_widget(net, {"the average digit": average, "black": np.zeros(784)})
    parts = css_classes(box)
    assert box in parts["mlp-widget"] and parts["mlp-readout"] and parts["mlp-error"] and parts["mlp-figure"]
    first, text = box.image.png, box.readout.value
    box.controls["neuron"].value = 4
    assert box.image.png != first and box.readout.value != text and box.error.value == ""
    box.controls["layer"].value = 1
    assert box.controls["neuron"].max == 15
    box.controls["start"].value = "black"
    assert "at the start" in box.readout.value and box.error.value == ""
    with pytest.raises(ValueError, match="starts must name"):
        tv.wanted_input_widget(net, {})


def test_recipes_draw_every_epoch_inside_the_axes():
    from mlp_core.train import History
    histories = {}
    for name, first in (("slow start", 0.62), ("fast start", 0.88)):
        h = History()
        h.epoch, h.test_accuracy = [1, 2, 3], [first, 0.9, 0.93]
        histories[name] = h
    ax = tv.plot_recipes(histories).axes[0]
    bottom, top = ax.get_ylim()
    for line in ax.get_lines():
        assert bottom <= min(line.get_ydata()) and max(line.get_ydata()) <= top


@pytest.mark.parametrize("evaluate_train", [300, False])
def test_history_curves_draw_the_training_figures_that_were_measured(evaluate_train):
    """After-epoch training figures when train() measured them (comparable with the test
    figures), else the running figures of the epoch, and the legend says which."""
    images, labels = load_sample()
    history = train(Network([784, 16, 16, 10], seed=0), images[:300], labels[:300], epochs=2, seed=0,
                    evaluate_train=evaluate_train)
    fig = tv.plot_history(history)
    ax_cost, ax_acc = fig.axes[:2]
    cost_line, train_line = ax_cost.get_lines()[0], ax_acc.get_lines()[0]
    measured = bool(evaluate_train)
    expected_cost = history.train_loss if measured else history.running_loss
    expected_acc = history.train_accuracy if measured else history.running_accuracy
    np.testing.assert_allclose(cost_line.get_ydata(), expected_cost)
    np.testing.assert_allclose(train_line.get_ydata(), expected_acc)
    assert ("running" in train_line.get_label()) is not measured


def test_wanted_input_widget_refuses_a_start_its_sliders_cannot_show():
    net = Network([784, 16, 16, 10], seed=0)
    starts = {"black": np.zeros(784)}
    with pytest.raises(ValueError, match="neuron must lie between 0 and 9, got 10"):
        tv.wanted_input_widget(net, starts, layer=3, neuron=10)
    with pytest.raises(ValueError, match="steps must lie between 0 and 400, got 1000"):
        tv.wanted_input_widget(net, starts, steps=1000)


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_a_data_folder_without_mnist_gives_one_clean_paragraph_and_advice_that_can_help(offline, tmp_path,
                                                                                        monkeypatch, language):
    """MLP_CORE_DATA naming a folder without the files: the error's first sentence, no "..", and no advice to go
    online (a download cannot help while MLP_CORE_DATA is set)."""
    from mlp_core.i18n import use_language

    monkeypatch.setenv("MLP_CORE_DATA", str(tmp_path))
    with use_language(language):
        text = tv.notebook_digits(n_train=10_000).description
    assert ".." not in text and ".。" not in text and "。。" not in text, text
    assert "MLP_CORE_DATA" in text.split("MLP_CORE_DATA", 1)[1], text        # the advice names it again
    assert "With internet" not in text and "联网后" not in text, text
    assert text.count("load_mnist()") == 1, text


def test_curves_and_recipes_draw_whatever_finished():
    """An interrupted training (no epoch, or some) still draws, and final() reads what finished."""
    from mlp_core.train import History

    empty = History()
    empty.interrupted = True
    fig = tv.plot_history(empty)
    assert "no epoch finished" in " ".join(ax.get_title() for ax in fig.axes)
    assert np.isnan(tv.final(empty.test_accuracy)) and tv.final([0.5, 0.75]) == 0.75
    tv.plot_recipes({"stopped": empty})


def test_final_of_no_epoch_prints_words_not_nan():
    """The notebooks print f"{tv.final(h.test_accuracy):.1%}": before epoch 1 that read "nan%"."""
    from mlp_core.i18n import use_language

    nothing = tv.final([])
    assert not nothing > 0.5 and not nothing < 0.5 and np.isnan(nothing + 0.01)     # no comparison passes
    for text in (f"{nothing:.1%}", f"{nothing}", str(nothing), repr(nothing), f"{[nothing]}"):
        assert "nan" not in text.lower() and "no epoch finished" in text, text
    with use_language("zh-CN"):
        assert f"{tv.final([]):.1%}" == "还没有（一轮也没有训练完）"


def test_pad_counts_a_chinese_character_as_two_columns():
    assert tv.pad("+ 动量", 10) == "+ 动量" + " " * 4 and len(tv.pad("+ momentum", 12)) == 12



def test_input_gradient_refuses_a_softmax_output_layer_and_takes_its_hidden_layers():
    """input_gradient's maths is for sigmoid layers: a softmax output neuron is refused, not computed wrong."""
    from mlp_core import Network

    net = Network([784, 16, 16, 10], seed=1, output="softmax")
    x = np.random.default_rng(0).uniform(0, 1, 784)
    with pytest.raises(ValueError, match="softmax"):
        tv.input_gradient(net, x, 3, 4)
    grad, h, p = tv.input_gradient(net, x, 2, 4), 1e-6, 300
    up, down = x.copy(), x.copy()
    up[p] += h
    down[p] -= h
    nudged = (net.activations(up)[2][4] - net.activations(down)[2][4]) / (2 * h)
    assert grad[p] == pytest.approx(nudged, rel=1e-5, abs=1e-10)
