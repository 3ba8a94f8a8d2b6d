"""How light is a redraw of the drawing pad, and how much does pre-processing help? Prints tables.

    python benchmarks/bench_drawing.py            # kernel-side redraw times + accuracy table
    python benchmarks/bench_drawing.py --quick    # fewer repetitions

Redraw: what happens in the kernel each time the browser sends the pad's pixels (every
150 ms while drawing): bytes → image, pre-processing, the forward pass, and the three
pictures (28×28 input, output bars, network diagram) rendered to PNG. The target is well
under 80 ms so the pictures keep up with the pen. Wall-clock and CPU time are both shown:
on a busy machine the wall clock includes waiting for a core.

Accuracy: the pretrained network on the 2,000 sample digits, each rescaled (0.5–1.3×) and
moved to a random place, read with no pre-processing, with crop + fit 20×20 (box in the
middle), and with the centre-of-mass step too — for a few seeds.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from mlp_core import load_pretrained, load_sample
from mlp_core.drawing import DigitPad
from mlp_core.preprocess import network_input, off_centre, preprocess, read_digit, resize


def timed(fn, repeat):
    wall, cpu = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return np.array(wall), np.array(cpu)


def row(name, wall, cpu):
    print(f"{name:44} {np.median(wall):8.1f} {np.percentile(wall, 90):8.1f} {np.median(cpu):8.1f}")


def bench_redraw(repeat: int):
    net = load_pretrained()
    images, _ = load_sample()
    moved, _ = off_centre(images[:repeat], seed=1)
    app = DigitPad(net)
    size = app.pad.size
    # what the browser sends: the pad's grey bytes (a real digit, moved, blown up to the pad)
    frames = [np.round(resize(m.reshape(28, 28), (size, size)) * 255).astype(np.uint8).tobytes() for m in moved]
    pad_image = np.frombuffer(frames[0], np.uint8).reshape(size, size) / 255.0
    reading = read_digit(pad_image, net)
    app.pictures.show(reading)  # first draw builds the pictures' backgrounds (once per pad)

    print(f"kernel-side work per update ({repeat} updates, ms; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores)")
    print(f"{'step':44} {'median':>8} {'90%':>8} {'CPU med':>8}")
    row("pre-process a 140×140 pad image", *timed(lambda: preprocess(pad_image), repeat))
    row("pre-process + forward pass", *timed(lambda: read_digit(pad_image, net), repeat))
    row("pictures: input + bars + network diagram → PNG", *timed(lambda: app.pictures.show(reading), repeat))
    it = iter(frames * 2)
    row("whole update (pixels set as the browser does)",
        *timed(lambda: app.pad.set_state({"pixels": memoryview(next(it))}), repeat))
    print(f"  DigitPad.redraw_ms, last {len(app.redraw_ms)}: median {np.median(app.redraw_ms):.1f} ms, "
          f"max {max(app.redraw_ms):.1f} ms")
    sizes = [len(bytes(w.value)) for w in (app.input_image, app.bars_image, app.network_image)]
    print(f"  PNG sizes sent per update: input {sizes[0]:,} B, bars {sizes[1]:,} B, network {sizes[2]:,} B")


def bench_accuracy(seeds):
    net = load_pretrained()
    images, labels = load_sample()
    print(f"\npretrained network on the {len(images):,} sample digits, rescaled 0.5–1.3× and moved (accuracy)")
    print(f"{'seed':>4} {'as MNIST':>9} {'moved, as is':>13} {'crop+fit, box':>14} {'+ centre of mass':>17}")
    base = net.accuracy(images, labels)
    for seed in seeds:
        moved, _ = off_centre(images, seed=seed)
        acc = [net.accuracy(np.array([network_input(m.reshape(28, 28), how) for m in moved]), labels)
               for how in ("none", "box", "mnist")]
        print(f"{seed:>4} {base:9.1%} {acc[0]:13.1%} {acc[1]:14.1%} {acc[2]:17.1%}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and seeds")
    args = parser.parse_args()
    bench_redraw(20 if args.quick else 100)
    bench_accuracy([0] if args.quick else [0, 1, 2])


if __name__ == "__main__":
    main()
