"""Re-draw the pictures of the README (docs/*.png) from the shipped network and sample.

    python tools/readme_figures.py
"""

from pathlib import Path

from mlp_core import load_pretrained, load_sample
from mlp_core.diagram import plot_first_layer_weights, plot_network

DOCS = Path(__file__).resolve().parents[1] / "docs"


def main():
    DOCS.mkdir(exist_ok=True)
    images, _ = load_sample()
    net = load_pretrained()
    plot_network(net, images[4]).savefig(DOCS / "network.png", dpi=80)
    plot_first_layer_weights(net).savefig(DOCS / "first-layer-weights.png", dpi=70)
    for png in sorted(DOCS.glob("*.png")):
        print(f"wrote {png} ({png.stat().st_size // 1024} kB)")


if __name__ == "__main__":
    main()
