"""mlp_core — the multi-layer perceptron of "But what is a neural network?", in numpy.

    from mlp_core import Network, load_mnist, load_sample, load_pretrained

The maths lives in `network` (forward pass) and `train` (gradient descent and
backpropagation); `data` reads MNIST; `i18n` switches the learner-facing language
(`set_language("zh-CN")`). The pictures and widgets (viz, neuron and one topic module per later
notebook, all drawn through `render`) are only imported when you ask for them.
"""

import sys

if sys.argv[:1] == ["-m"]:      # `python -m mlp_core` is importing us: a Ctrl-C before its main()
    import signal  # starts ends with one line, not a KeyboardInterrupt traceback

    def _stop_quietly(signum, frame):
        sys.stderr.write("interrupted: nothing was saved\n")
        raise SystemExit(130)

    signal.signal(signal.SIGINT, _stop_quietly)

from .data import load_mnist, load_sample
from .i18n import set_language
from .network import Network, load_pretrained, sigmoid
from .sharing import share_progress

__all__ = ["Network", "sigmoid", "load_mnist", "load_sample", "load_pretrained", "set_language", "share_progress"]
__version__ = "0.1.0"
