"""The colours that carry a sign: + and − weights, δ's and gradients, right and wrong answers.

One switch for every figure and widget, read whenever a picture is made:

    use_palette("colorblind")    blue (+) and orange (−), readable with any colour vision
    use_palette("article")       the article's green (+) and red (−): the default

Figures and widgets made after the switch use the new colours (re-run the cell of one made
before). The "colorblind" pair is from Okabe and Ito's colour-universal-design set
(Okabe & Ito, "Color Universal Design (CUD): how to make figures and presentations that are
friendly to colorblind people", 2002/2008, https://jfly.uni-koeln.de/color/): sky blue and
orange, of equal lightness, for fills (heat maps on black, bars); blue and vermillion for ink
(text and marks on white). Blue against orange stays a blue against a yellow for the
red-green colour-blind (deuteranopia, protanopia), where the article's green and red both
turn to olive; tests/test_palette.py checks both through the Machado et al. (2009)
simulation of colour-vision deficiency.

A class can choose the palette without editing a cell: the environment variable
MLP_CORE_PALETTE ("article" or "colorblind"), read when this module is first imported, is the
palette every notebook starts with (`MLP_CORE_PALETTE=colorblind make lab`). A value that is not
a palette gives a warning naming the choices, and the article's colours.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass

import numpy as np
from matplotlib.colors import Colormap, LinearSegmentedColormap

from .i18n import N_, tr

__all__ = ["Palette", "PALETTES", "PALETTE_VARIABLE", "use_palette", "current", "sign_colours"]


@dataclass(frozen=True)
class Palette:
    """One pair of sign colours: `positive`/`negative` fill (bright, for black or for bars
    with a black edge), `positive_ink`/`negative_ink` (dark enough for text on white), and
    the heat map `cmap`: negative → black (0) → positive, the same lightness at both ends;
    `positive_word`/`negative_word` name the colours in labels ("green +")."""

    name: str
    positive: str
    negative: str
    positive_ink: str
    negative_ink: str
    cmap: Colormap
    positive_word: str
    negative_word: str

    def key(self, what: str = "") -> str:
        """How a colour bar or caption names the colours: "weight  (red −, green +)" (`what`
        already in the learner's language; the colour words are translated here)."""
        return tr("{what}  ({negative} −, {positive} +)", what=what, negative=tr(self.negative_word),
                  positive=tr(self.positive_word)).strip()


def _diverging(name, negative, negative_dim, positive_dim, positive) -> Colormap:
    return LinearSegmentedColormap.from_list(
        f"mlp_weights_{name}",
        [(0.0, negative), (0.25, negative_dim), (0.5, "#000000"), (0.75, positive_dim), (1.0, positive)],
    ).with_extremes(bad="#808080")


#: "article": red (−) → black (0) → green (+), as in the article. The green leans a little to
#: blue and the red to orange, and both stay bright enough for a classroom projector.
#: "colorblind": Okabe–Ito orange (−) → black → sky blue (+); the dim stops are the same
#: colours at about 60 % (so each side darkens evenly towards 0, like the article's).
PALETTES = {
    "article": Palette("article", positive="#3cf08a", negative="#ff5a36",
                       positive_ink="#1a7f37", negative_ink="#c0392b",
                       cmap=_diverging("article", "#ff5a36", "#a3301a", "#1a8f55", "#3cf08a"),
                       positive_word=N_("green"), negative_word=N_("red")),
    "colorblind": Palette("colorblind", positive="#56b4e9", negative="#e69f00",
                          positive_ink="#0072b2", negative_ink="#d55e00",
                          cmap=_diverging("colorblind", "#e69f00", "#8a5f00", "#346c8c", "#56b4e9"),
                          positive_word=N_("blue"), negative_word=N_("orange")),
}

PALETTE_VARIABLE = "MLP_CORE_PALETTE"
DEFAULT = "article"


def palette_from_environment(environ=os.environ) -> str:
    """The palette MLP_CORE_PALETTE names ("article" when it is unset or empty).

    A value that is not a palette is not guessed at: a warning names the variable, its value and
    the choices, and the answer is the article's palette."""
    value = environ.get(PALETTE_VARIABLE, "").strip()
    if not value:
        return DEFAULT
    if value.lower() in PALETTES:
        return value.lower()
    warnings.warn(tr("{variable}={got} is not a palette of mlp_core: expected one of {choices} (or unset); "
                     "using {default}", variable=PALETTE_VARIABLE, got=repr(value),
                     choices=", ".join(map(repr, PALETTES)), default=repr(DEFAULT)), stacklevel=2)
    return DEFAULT


_state = {"palette": PALETTES[palette_from_environment()]}


def use_palette(name: str) -> Palette:
    """Switch the sign colours of every figure and widget drawn from now on ("article" or
    "colorblind"); returns the palette now in use."""
    if name not in PALETTES:
        raise ValueError(tr("palette: expected one of {choices}, got {got}", choices=", ".join(map(repr, PALETTES)),
                            got=repr(name)))
    _state["palette"] = PALETTES[name]
    return _state["palette"]


def current() -> Palette:
    """The palette in use (read by every picture when it draws)."""
    return _state["palette"]


def sign_colours(values, ink: bool = False) -> list:
    """One colour per value: the palette's positive colour for values ≥ 0, negative below
    (fills, or with ink=True the darker colours for text and marks on white)."""
    p = current()
    plus, minus = (p.positive_ink, p.negative_ink) if ink else (p.positive, p.negative)
    return [plus if v >= 0 else minus for v in np.ravel(values)]
