"""The network of the article, in matrix form.

A layer turns the previous layer's activations a (a column of n_in numbers in 0–1) into
its own activations a' (n_out numbers in 0–1):

    z  = W a + b        the weighted sums: W has shape (n_out, n_in), row n holds the
                        weights into neuron n, and b holds one bias per neuron
    a' = σ(z)           the sigmoid squashes every weighted sum into 0–1

The whole network is that step repeated, layer after layer: a function from 784 pixel
activations to 10 output activations. The brightest output neuron is the prediction.

A batch of images is stacked as rows, X with shape (n, n_in). Then every row goes
through the same equation at once: Z = X Wᵀ + b, because (W a)ᵀ = aᵀ Wᵀ.

The article's network uses the sigmoid in every layer, and that is the default. A step
beyond the series (see mlp_core.train) swaps the output layer's sigmoid for a softmax,
aᴸ = e^zᴸ / Σ e^zᴸ, which turns the ten weighted sums into ten probabilities; the hidden
layers stay sigmoid. `Network(..., output="softmax")` records that choice, and it is saved
with the weights, so a trained network always computes the function it was trained as.
"""

from __future__ import annotations

import math
import os
import zipfile
import zlib
from importlib import resources
from pathlib import Path

import numpy as np

from .checks import activation_problem
from .i18n import tr

__all__ = ["Network", "sigmoid", "softmax", "load_pretrained", "check_input"]

PRETRAINED_FILE = "pretrained.npz"
OUTPUTS = ("sigmoid", "softmax")
#: More layers than any weights file of this course has; a longer 'sizes' is refused unread.
MAX_LAYERS = 1_000


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), squashing any real number into 0–1.

    Very negative z → near 0, very positive z → near 1, σ(0) = 0.5.

    Written so that e is only ever raised to a negative power, e^(−|z|) ≤ 1, so nothing
    overflows even at z = ±1000:
        z ≥ 0:  σ(z) = 1 / (1 + e^(−z))
        z < 0:  σ(z) = e^z / (1 + e^z)     (the same value, multiplied through by e^z)
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_in_place(z):
    """σ(z) = ½ (1 + tanh(z/2)), overwriting z: the same function as `sigmoid` in four in-place
    numpy calls, for the hot loops (training, predict); tanh never overflows."""
    z *= 0.5
    np.tanh(z, out=z)
    z += 1.0
    z *= 0.5
    return z


def softmax(z):
    """softmax(z)ⱼ = e^zⱼ / Σₖ e^zₖ over the last axis: positive numbers that add up to 1.

    Subtracting the largest zₖ first changes nothing (it cancels in the fraction) and keeps
    every power of e at most 1, so nothing overflows.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


class Network:
    """A fully connected network of sigmoid neurons, e.g. Network([784, 16, 16, 10]).

    sizes[0] is the number of input neurons (pixels), sizes[-1] the number of output
    neurons (digits), the ones between are hidden layers.

    weights[l] has shape (sizes[l+1], sizes[l]): row n holds the weights into neuron n of
    the next layer, exactly as in the article. biases[l] has shape (sizes[l+1],).

    output is "sigmoid" (every layer sigmoid, the article's network, the default) or
    "softmax" (sigmoid hidden layers, a softmax output layer).
    """

    def __init__(self, sizes, seed=None, init: str = "normal", output: str = "sigmoid"):
        """Random weights and biases, reproducible from `seed`.

        init="normal": every weight and bias drawn from N(0, 1), as in the series' code.
        init="scaled": weights from N(0, 1/n_in) so that a weighted sum of n_in inputs
                       starts at a sensible size; biases 0.
        """
        self.sizes = _check_sizes(sizes)
        self.output = _check_output(output)
        shapes = list(zip(self.sizes[:-1], self.sizes[1:]))
        rng = np.random.default_rng(seed)
        if init == "normal":
            self.weights = [rng.standard_normal((n_out, n_in)) for n_in, n_out in shapes]
            self.biases = [rng.standard_normal(n_out) for _, n_out in shapes]
        elif init == "scaled":
            self.weights = [rng.standard_normal((n_out, n_in)) / np.sqrt(n_in) for n_in, n_out in shapes]
            self.biases = [np.zeros(n_out) for _, n_out in shapes]
        else:
            raise ValueError(tr("init must be 'normal' or 'scaled', got {got}", got=repr(init)))

    @classmethod
    def from_parameters(cls, weights, biases, output: str = "sigmoid") -> "Network":
        """A network with the given weight matrices and bias vectors (copied)."""
        weights = [np.array(w, dtype=float) for w in weights]
        biases = [np.array(b, dtype=float) for b in biases]
        net = cls.__new__(cls)
        net.sizes = _sizes_of(weights, biases)
        net.output = _check_output(output)
        _check_parameters(net.sizes, weights, biases)
        net.weights, net.biases = weights, biases
        return net

    def copy(self) -> "Network":
        """An independent copy: change its weights without touching this one."""
        return Network.from_parameters(self.weights, self.biases, output=self.output)

    # ---- counting the knobs -------------------------------------------------------------
    @property
    def layer_param_counts(self) -> list[tuple[int, int]]:
        """(number of weights, number of biases) for each layer: n_out·n_in and n_out."""
        return [(n_out * n_in, n_out) for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]

    @property
    def n_params(self) -> int:
        """Total number of weights and biases: 13,002 for 784-16-16-10."""
        return sum(w + b for w, b in self.layer_param_counts)

    # ---- running the network ------------------------------------------------------------
    def activations(self, x) -> list[np.ndarray]:
        """Every layer's activations, input included: [a⁰, a¹, ..., aᴸ].

        x is one image (n_in,) or a batch (n, n_in) of activations in [0, 1]; each
        returned array has the same leading shape.
        """
        layers, z = self._forward(check_input(x, self.sizes[0]))
        return layers + [self.output_activations(z)]

    def forward(self, x) -> np.ndarray:
        """The output activations aᴸ, (sizes[-1],) for one image or (n, sizes[-1]) for a batch."""
        return self.activations(x)[-1]

    __call__ = forward

    def output_weighted_sums(self, x) -> np.ndarray:
        """zᴸ = Wᴸ aᴸ⁻¹ + bᴸ, the output layer's weighted sums before they are squashed.

        The costs are computed from these: ln σ(z) taken from z itself stays finite where
        σ(z) has rounded to exactly 0 or 1.
        """
        return self._forward(check_input(x, self.sizes[0]))[1]

    def output_activations(self, z) -> np.ndarray:
        """aᴸ from the output weighted sums zᴸ: σ(zᴸ), or softmax(zᴸ) for output="softmax"."""
        return softmax(z) if self.output == "softmax" else sigmoid(z)

    def predict(self, x):
        """The digit whose output neuron is brightest: an int for one image, an array for a batch.

        The forward pass of `forward`, computed in the images' own precision: float32 digits
        (as load_mnist gives them) go through float32 copies of the weights, which makes
        predict as fast as a bare σ(W a + b) chain. Its guess could differ from the argmax
        of forward's float64 activations only where two outputs lie within ~10⁻⁶ of each
        other (0 of the 70,000 MNIST digits for the shipped network)."""
        a = check_input(x, self.sizes[0])
        dtype = np.result_type(a.dtype, np.float32)          # float16 → float32, float64 stays
        for W, b in zip(self.weights[:-1], self.biases[:-1]):
            a = a @ W.T.astype(dtype)
            a += b.astype(dtype)
            a = _sigmoid_in_place(a)
        z = a @ self.weights[-1].T.astype(dtype) + self.biases[-1].astype(dtype)
        guess = np.argmax(self.output_activations(z), axis=-1)
        return int(guess) if z.ndim == 1 else guess

    def accuracy(self, images, labels) -> float:
        """Fraction of images whose prediction equals the label."""
        labels = np.asarray(labels)
        if not (np.issubdtype(labels.dtype, np.integer) and labels.dtype != bool):  # '1' == 1 is quietly False
            raise TypeError(tr("labels must be whole numbers (the digits 0–9), got dtype {dtype}; for labels "
                               "written as text, convert them first, e.g. np.array(labels, dtype=int)",
                               dtype=labels.dtype))
        guesses = self.predict(images)
        if labels.shape != np.shape(guesses):  # else numpy would quietly broadcast one label to all
            raise ValueError(tr("expected one label per image, got {n_images} images and {n_labels} labels "
                                "(shape {shape})", n_images=np.size(guesses), n_labels=labels.size,
                                shape=labels.shape))
        return float(np.mean(guesses == labels))

    def _forward(self, a):
        """The forward pass for checked input activations a⁰ (one image, or one per row):

            aˡ = σ(Wˡ aˡ⁻¹ + bˡ)   for each hidden layer l = 1 … L−1
            zᴸ = Wᴸ aᴸ⁻¹ + bᴸ       the output layer's weighted sums

        Returns ([a⁰, …, aᴸ⁻¹], zᴸ). Rows are images, so W a is computed as a Wᵀ.
        """
        layers = [a]
        for W, b in zip(self.weights[:-1], self.biases[:-1]):
            layers.append(sigmoid(layers[-1] @ W.T + b))
        return layers, layers[-1] @ self.weights[-1].T + self.biases[-1]

    # ---- saving -------------------------------------------------------------------------
    def save(self, path) -> None:
        """Write sizes, weights and biases to a .npz file (plain arrays, no pickle)."""
        arrays = {"sizes": np.array(self.sizes, dtype=np.int64)}
        for l, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            arrays[f"W{l}"], arrays[f"b{l}"] = W, b
        if self.output != "sigmoid":     # the article's network is sizes, W and b alone
            arrays["output"] = np.array(self.output)
        with open(path, "wb") as f:      # exactly this path (np.savez would append ".npz")
            np.savez_compressed(f, **arrays)

    @classmethod
    def load(cls, path) -> "Network":
        """Read a network written by `save`; refuses pickled objects and wrong shapes."""
        sizes, weights, biases, output = _read_weights_file(path)
        net = cls.__new__(cls)
        net.sizes, net.output = sizes, output
        net.weights = [w.astype(float) for w in weights]
        net.biases = [b.astype(float) for b in biases]
        return net

    def __repr__(self):
        head = f"Network({self.sizes})" if self.output == "sigmoid" else f"Network({self.sizes}, output={self.output!r})"
        return tr("{network} with {n:,} parameters", network=head, n=self.n_params)


def load_pretrained() -> Network:
    """The article's 784-16-16-10 network, trained by `python -m mlp_core train` on the
    official MNIST training set minus the bundled sample (so the sample stays unseen)."""
    with resources.as_file(resources.files("mlp_core") / "_data" / PRETRAINED_FILE) as path:
        if not Path(path).exists():
            raise FileNotFoundError(f"the pretrained weights {path} are missing; rebuild them with "
                                    "`python -m mlp_core train --data-dir DIR --out mlp_core/_data/pretrained.npz`")
        return Network.load(path)


# ---- what valid input is ---------------------------------------------------------------------
def check_input(x, n_in: int) -> np.ndarray:
    """Return x as a float array of shape (n_in,) or (n, n_in), or say clearly what is wrong.

    Accepts floating-point activations in [0, 1] (0 = black, 1 = white). Nothing is
    rescaled or reshaped behind your back: an error says what to do instead.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(tr("expected pixel activations as a numpy array of floats, got {kind}",
                           kind=type(x).__name__))
    arr = np.asarray(x)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(tr("expected pixel activations as a numpy array of floats, got dtype {dtype}",
                           dtype=arr.dtype))
    if not np.issubdtype(arr.dtype, np.floating):
        if arr.size and np.issubdtype(arr.dtype, np.integer) and arr.max() > 1:
            raise TypeError(tr("expected floating-point activations in [0, 1], got dtype {dtype}. The values go up "
                               "to {top}: this looks like a 0–255 image; divide by 255 first, e.g. x / 255.0.",
                               dtype=arr.dtype, top=arr.max()))
        raise TypeError(tr("expected floating-point activations in [0, 1], got dtype {dtype}.", dtype=arr.dtype))
    if arr.ndim not in (1, 2) or arr.shape[-1] != n_in:
        raise ValueError(_shape_message(arr.shape, n_in))
    if arr.shape[-1] == 0 or (arr.ndim == 2 and arr.shape[0] == 0):
        raise ValueError(tr("expected at least one image of {n_in} values, got shape {shape}", n_in=n_in,
                            shape=arr.shape))
    if _surely_0_to_1(arr):
        return arr
    problem = activation_problem(arr)   # the one sentence every check of an activation says
    if problem:
        raise ValueError(problem)
    return arr


def _surely_0_to_1(arr) -> bool:
    """True if every value of a float32 or float64 array lies in [0, 1], in one pass over it
    (train checks its whole training set on every call, so this is part of its cost).

    Read as an unsigned integer, the bits of a float ≥ +0.0 grow with the number, and those of
    a negative number (sign bit set), NaN or ±inf read as more than those of 1.0. So the
    largest such integer is at most 1.0's exactly when all values are in [+0.0, 1]. False means
    "look closer": it is also False for −0.0, which is a valid 0.
    """
    as_unsigned = {np.dtype(np.float32): np.uint32, np.dtype(np.float64): np.uint64}.get(arr.dtype)
    if as_unsigned is None:
        return False
    return arr.view(as_unsigned).max() <= np.array(1.0, dtype=arr.dtype).view(as_unsigned)


def _shape_message(shape, n_in):
    side = int(round(n_in ** 0.5))
    if side * side == n_in and shape[-2:] == (side, side):
        flat = f"x.reshape({n_in})" if len(shape) == 2 else f"x.reshape(len(x), {n_in})"
        return tr("expected one image of shape ({n_in},) or a batch of shape (n, {n_in}), got shape {shape}: this is "
                  "a {side}×{side} image grid; unroll it into a column first with {flat}", n_in=n_in, shape=shape,
                  side=side, flat=flat)
    return tr("expected one image of shape ({n_in},) or a batch of shape (n, {n_in}), got shape {shape}",
              n_in=n_in, shape=shape)


def _check_output(output) -> str:
    if not isinstance(output, str) or output not in OUTPUTS:
        raise ValueError(tr("output must be 'sigmoid' (as in the article) or 'softmax', got {got}", got=repr(output)))
    return output


def _check_sizes(sizes) -> list[int]:
    try:
        sizes = list(sizes)
    except TypeError:
        raise TypeError(tr("sizes must be a list of layer widths such as [784, 16, 16, 10], got {got}",
                           got=repr(sizes))) from None
    if len(sizes) < 2:
        raise ValueError(tr("a network needs at least 2 layers (input and output), got sizes={sizes}", sizes=sizes))
    for n in sizes:
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)):
            raise TypeError(tr("layer widths must be whole numbers, got {got} in sizes={sizes}", got=repr(n),
                               sizes=sizes))
        if n <= 0:
            raise ValueError(tr("every layer needs at least one neuron, got {n} in sizes={sizes}", n=n, sizes=sizes))
    return [int(n) for n in sizes]


def _sizes_of(weights, biases) -> list[int]:
    """The layer widths that the weight matrices describe."""
    if len(weights) == 0 or len(weights) != len(biases):
        raise ValueError(tr("need one bias vector per weight matrix, got {n_weights} weight matrices and {n_biases} "
                            "bias vectors", n_weights=len(weights), n_biases=len(biases)))
    for l, w in enumerate(weights, start=1):
        if w.ndim != 2:
            raise ValueError(tr("W{l} must be a matrix of shape (n_out, n_in), got shape {shape}", l=l, shape=w.shape))
    return _check_sizes([weights[0].shape[1]] + [w.shape[0] for w in weights])


def _read_weights_file(path):
    """(sizes, weights, biases, output) from a file written by Network.save, every array checked.

    Only the members save writes are opened, and each one's .npy header (shape and dtype) is
    checked against `sizes` before a byte of its data is read: a crafted file can neither
    unpickle anything nor make load decompress gigabytes it does not need."""
    if isinstance(path, (str, os.PathLike)):
        if not Path(path).is_file():
            raise FileNotFoundError(tr("{path}: no such weights file", path=path))
        if not zipfile.is_zipfile(path):  # np.load would try to unpickle it, or return a bare array
            raise ValueError(tr("{path}: not an .npz weights file (expected a zip archive of arrays sizes, W1, b1, "
                                "W2, b2, ... as written by Network.save)", path=path))
    try:
        with zipfile.ZipFile(path) as archive:
            return _read_members(archive, path)
    except (OSError, zipfile.BadZipFile, EOFError, zlib.error) as err:
        raise ValueError(tr("{path}: not a readable .npz weights file ({error})", path=path, error=err)) from err


def _read_members(archive, path):
    members = {name.removesuffix(".npy"): name for name in archive.namelist()}
    if "sizes" not in members:
        raise ValueError(tr("{path}: missing the array 'sizes' (expected sizes, W1, b1, W2, b2, ...)", path=path))
    sizes = _read_member(archive, path, members["sizes"], "sizes", lambda shape, dtype: (
        len(shape) == 1 and shape[0] <= MAX_LAYERS and dtype.kind in "iu", tr("a 1-D integer array")))
    try:
        sizes = _check_sizes(sizes.tolist())
    except (TypeError, ValueError) as err:
        raise ValueError(tr("{path}: {error}", path=path, error=err)) from err
    n_layers = len(sizes) - 1
    expected = [f"{k}{l}" for l in range(1, n_layers + 1) for k in "Wb"]
    missing = [k for k in expected if k not in members]
    if missing:
        raise ValueError(tr("{path}: missing arrays {missing} for a network of sizes {sizes}", path=path,
                            missing=missing, sizes=sizes))
    unexpected = sorted(set(members) - set(expected) - {"sizes", "output"})
    if unexpected:                       # never opened: they could be anything, of any size
        raise ValueError(tr("{path}: holds members that Network.save never writes, {unexpected}; a weights file "
                            "holds only sizes, {expected} and perhaps output", path=path, unexpected=unexpected,
                            expected=", ".join(expected)))
    arrays = {}
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        for name, shape in ((f"W{l}", (n_out, n_in)), (f"b{l}", (n_out,))):
            arrays[name] = _read_member(archive, path, members[name], name, _real_array_of_shape(name, shape, sizes))
    output = np.array("sigmoid")
    if "output" in members:
        output = _read_member(archive, path, members["output"], "output", lambda shape, dtype: (
            shape == () and dtype.kind == "U" and dtype.itemsize <= 64, tr("the text 'sigmoid' or 'softmax'")))
    if str(output) not in OUTPUTS:
        raise ValueError(tr("{path}: 'output' must be the text 'sigmoid' or 'softmax', got {got}", path=path,
                            got=repr(output)))
    weights = [arrays[f"W{l}"] for l in range(1, n_layers + 1)]
    biases = [arrays[f"b{l}"] for l in range(1, n_layers + 1)]
    try:
        _check_parameters(sizes, weights, biases)
    except ValueError as err:
        raise ValueError(tr("{path}: {error}", path=path, error=err)) from err
    return sizes, weights, biases, str(output)


def _real_array_of_shape(name, shape, sizes):
    """A header check for _read_member: real numbers (no complex, no objects) of this shape."""
    def fits(got_shape, dtype):
        if got_shape != shape:
            message = (tr("W{l} should have shape ({n_out}, {n_in}) for sizes {sizes}, got {shape}", l=name[1:],
                          n_out=shape[0], n_in=shape[1], sizes=sizes, shape=got_shape) if name[0] == "W" else
                       tr("b{l} should have shape ({n_out},) for sizes {sizes}, got {shape}", l=name[1:],
                          n_out=shape[0], sizes=sizes, shape=got_shape))
            return False, message
        return dtype.kind in "iuf", tr("{name} must hold finite real numbers, got dtype {dtype}", name=name,
                                       dtype=dtype)
    return fits


def _read_member(archive, path, member, name, fits):
    """The array stored in one .npy member, read only once its header passes `fits(shape, dtype)`,
    which returns (ok, what was expected)."""
    with archive.open(member) as f:
        try:
            version = np.lib.format.read_magic(f)
            read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                           (2, 0): np.lib.format.read_array_header_2_0}.get(version)
            if read_header is None:
                raise ValueError(f"npy format version {version}")
            shape, fortran_order, dtype = read_header(f)
        except ValueError as err:
            raise ValueError(tr("{path}: the member {member} is not a numpy array written by numpy.save ({error})",
                                path=path, member=member, error=err)) from err
        if dtype.hasobject:
            raise ValueError(tr("{path}: contains pickled Python objects; only plain numeric arrays (sizes, W1, b1, "
                                "W2, b2, ...) are accepted", path=path))
        ok, expected = fits(shape, dtype)
        if not ok:
            if expected.startswith(name):      # the check's own sentence
                raise ValueError(tr("{path}: {error}", path=path, error=expected))
            raise ValueError(tr("{path}: '{name}' must be {expected}, got {dtype} of shape {shape}", path=path,
                                name=name, expected=expected, dtype=dtype, shape=shape))
        count = math.prod(shape)
        data = f.read(count * dtype.itemsize)
    if len(data) != count * dtype.itemsize:
        raise ValueError(tr("{path}: the member {member} is cut short", path=path, member=member))
    return np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran_order else "C").copy()


def _check_parameters(sizes, weights, biases):
    for l, (W, b, (n_in, n_out)) in enumerate(zip(weights, biases, zip(sizes[:-1], sizes[1:])), start=1):
        if W.shape != (n_out, n_in):
            raise ValueError(tr("W{l} should have shape ({n_out}, {n_in}) for sizes {sizes}, got {shape}", l=l,
                                n_out=n_out, n_in=n_in, sizes=sizes, shape=W.shape))
        if b.shape != (n_out,):
            raise ValueError(tr("b{l} should have shape ({n_out},) for sizes {sizes}, got {shape}", l=l, n_out=n_out,
                                sizes=sizes, shape=b.shape))
        for name, arr in ((f"W{l}", W), (f"b{l}", b)):
            real = np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
            if not real or not np.all(np.isfinite(arr)):
                raise ValueError(tr("{name} must hold finite real numbers, got dtype {dtype}", name=name,
                                    dtype=arr.dtype))
