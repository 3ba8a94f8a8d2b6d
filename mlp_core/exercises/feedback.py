"""The machinery every checker shares: the verdict, the answer parser, tiered hints, solutions.

A checker is a function decorated with `checker`, in the module of its notebook
(n05_bias.py, ...) and re-exported by the package's __init__. Its body checks what the notebook
gives it with the `given_*` functions, reads the answer with `read_answer` (or `read_pad`, or
calls the learner's function), and returns `right(...)`, `miss(...)`, or `not_yet(...)` for an
answer of the wrong form:

    @checker(hints=["a nudge", "a stronger hint, still without the answer"],
             solution="the worked answer, shown only when asked")
    def check_something(answer, index: int = 0) -> Feedback:
        value = read_answer(answer, "a count", whole=True)   # not a count → "not yet" at once
        if value == expected:
            return right("why it is right")
        return miss("what this particular wrong answer got wrong" if recognised else "")

What a learner sees:

- no answer, or not an answer (None, ..., text, NaN, ±inf, a huge int, complex, a wrong shape,
  2.5 where a count is asked): "✘ Not yet" saying what kind of answer is expected. Not counted.
- a wrong answer: "✘ Not yet", the diagnosis if the checker recognised the mistake, then hint
  number min(n, len(hints)) for the n-th wrong answer since the last right one (a nudge first,
  stronger hints later; the answer itself is never in a hint). From the second wrong answer on,
  a pointer to `check_x.solution()`.
- the right answer: "✔ Right" and why; the count of wrong answers starts again at 0.

The counts live in this module (`attempts`), per exercise: the checker's name and what the notebook
gave it (02 uses check_prediction for two exercises, each with its own count), for as long as the
kernel runs; `reset_attempts()` clears them.

The verdict is displayed under the cell as soon as the checker returns (in Jupyter), so a print or
another line after the call cannot hide it; as the cell's last value it is not shown a second time.

`solution("check_x")`, or `check_x.solution()`, shows the worked answer for the arguments of
check_x's latest call whose arguments were accepted (its defaults if it was never called).

Hints and solutions are text, formatted with the checker's arguments by name ("row {row}"; write
{{ }} for a literal brace), or a function of those arguments (a SimpleNamespace) returning text.
Both are translated when shown, not when the checker is defined (the learner switches language
after import): mark text with N_("...") and let a function call tr("...", field=...) itself.

A new checker also needs its right answer, computed independently, in CASES of
tests/test_exercises.py; the fuzzing there finds it by itself.

Arguments: the learner's answer(s) (`answers`, the first parameter unless given) can be anything
and always get a Feedback. Arguments the notebook fills in (net, images, index, ...) that are of
the wrong kind raise TypeError or ValueError naming the argument: that is a broken cell, and it
must be seen, not graded.
"""

from __future__ import annotations

import functools
import hashlib
import html
import inspect
import unicodedata
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Callable, Sequence, Union

import numpy as np

from .. import sharing
from ..checks import _DECIMAL, finite_number, shown
from ..i18n import get_language, tr

__all__ = ["Feedback", "Solution", "NotAnswer", "right", "not_yet", "miss", "read_answer", "read_pad", "as_array", "rounded_too_soon",
           "checker", "solution", "attempts", "reset_attempts", "wrong_answers", "CHECKERS",
           "given_count", "given_span", "sized", "given_network", "given_images", "given_labels"]

Text = Union[str, Callable[[SimpleNamespace], str]]


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ok, and a message (a confirmation or a hint)."""

    ok: bool
    message: str

    def __str__(self):
        return (tr("✔ Right: {message}", message=self.message) if self.ok
                else tr("✘ Not yet: {message}", message=self.message))

    __repr__ = __str__

    def __bool__(self):
        return self.ok

    def _ipython_display_(self):
        """Shown by Jupyter when the checker call is a cell's last line: not again if the call showed it."""
        shown, number = _last_shown
        if shown is not self or number != _cell_number():
            _show(self)

    def _repr_html_(self):
        colour, mark, word = ("#1a7f37", "✔", tr("Right")) if self.ok else ("#b35900", "✘", tr("Not yet"))
        return (f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
                f'<b style="color:{colour}">{tr("{mark} {word}:", mark=mark, word=word)}</b> '
                f'{html.escape(self.message)}</div>')


@dataclass(frozen=True)
class Solution:
    """The worked answer of one exercise, shown only when the learner asks for it."""

    exercise: str
    text: str

    def __str__(self):
        return tr("Solution ({exercise}): {text}", exercise=self.exercise, text=self.text)

    __repr__ = __str__

    def _repr_html_(self):
        return ('<div style="border-left:4px solid #5a5a9a;padding:4px 10px;margin:4px 0">'
                f'<b style="color:#5a5a9a">{tr("Solution:")}</b> {html.escape(self.text)}</div>')


#: The latest verdict shown, and the number of the cell that showed it.
_last_shown: tuple = (None, None)


def _cell_number() -> int | None:
    """The running cell's execution count in IPython/Jupyter; None outside it."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return None if shell is None else shell.execution_count


def _show(feedback: Feedback, shared: bool = False) -> None:
    """Display `feedback` under the running cell, once: a print or a line after the call can't hide it;
    with a line saying so when the verdict was `shared` with the teacher (mlp_core.sharing)."""
    number = _cell_number()
    if number is None:          # plain Python: the caller prints the returned Feedback if it wants
        return
    from IPython.display import display

    global _last_shown
    _last_shown = (feedback, number)
    text, markup = str(feedback), feedback._repr_html_()
    if shared:
        note = tr("↗ shared with your teacher (share_progress(False) stops it)")
        text, markup = f"{text}\n{note}", f'{markup}<div style="color:#666;font-size:85%;margin:0 0 4px 14px">{note}</div>'
    display({"text/plain": text, "text/html": markup}, raw=True)


class NotAnswer(Exception):
    """Raised while reading an answer that is not one yet; the checker says its message as "not yet"."""


@dataclass(frozen=True)
class _Miss:
    diagnosis: str


def right(message: str) -> Feedback:
    return Feedback(True, message)


def not_yet(message: str) -> Feedback:
    """A "not yet" that is not counted as a wrong answer (the answer's form, not its content)."""
    return Feedback(False, message)


def miss(diagnosis: str = "") -> _Miss:
    """A wrong answer: counted, and shown with the next hint. `diagnosis` names a recognised slip."""
    return _Miss(diagnosis)


def rounded_too_soon(value: float, expected: float, decimals: int) -> Feedback | None:
    """"Right idea, round less" (not counted) when `value` is `expected` rounded to fewer than the
    `decimals` the question asks for (0.25 for 0.2509 asked to three decimals); None otherwise."""
    for fewer in range(decimals):
        if abs(value - round(expected, fewer)) < 1e-9:
            return not_yet(tr("right idea, round less: give {decimals} decimals (you gave {value:g}).",
                              decimals=decimals, value=value))
    return None


# ---- the one answer parser ------------------------------------------------------------------

def read_answer(answer, what: str, *, whole: bool = False, shape: tuple | None = ()):
    """The learner's `answer` as a number (shape ()) or a float array of `shape`, or NotAnswer.

    `what` names the expected answer ("a count", "the new value of w"). With `whole`, every
    number must be whole (a count, a digit, a shape) and comes back as int. Refused, with a
    message saying what was expected: None and ... (no answer yet), text (even "10"), bool and
    bool arrays, complex, NaN, ±inf, ints too large for a float, a wrong shape, non-whole
    numbers where `whole`. shape=None accepts any shape.
    """
    if answer is None or answer is Ellipsis:
        raise NotAnswer(tr("no answer yet: replace the ... with {what}, then run the cell again.", what=what))
    if isinstance(answer, str) and _DECIMAL.fullmatch(unicodedata.normalize("NFKC", answer).strip()):
        raise NotAnswer(tr("expected {what}, got the text {text}: write the number itself, without quotes and in "
                           "half-width digits: {number}.", what=what, text=shown(answer),
                           number=unicodedata.normalize("NFKC", answer).strip()))
    if isinstance(answer, (str, bytes)):
        raise NotAnswer(tr("expected {what}, got the text {text}: a number has no quotes.", what=what,
                           text=shown(answer)))
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer[()]         # a 0-d array is the number inside it (np.bool_ stays refused)
    if shape == ():
        try:
            return finite_number(answer, tr("your answer"), integer=whole)
        except (TypeError, ValueError) as err:
            raise NotAnswer(tr("expected {what}: {problem}.", what=what, problem=err)) from None
    return _read_array(answer, what, whole=whole, shape=shape)


def as_array(value) -> np.ndarray:
    """np.asarray(value), or an object array when numpy cannot make one (ragged lists, text...)."""
    if isinstance(value, (str, bytes)):
        return np.asarray(None, dtype=object)
    try:
        return np.asarray(value)
    except (TypeError, ValueError, OverflowError):
        return np.asarray(None, dtype=object)


def _read_array(answer, what, *, whole, shape):
    array = as_array(answer)
    if array.dtype == bool:
        raise NotAnswer(tr("expected {what}, got True/False values: turn them into numbers with .astype(float).",
                           what=what))
    if array.dtype.kind not in "iuf":
        raise NotAnswer(tr("expected {what} as numbers, got {kind} {got}.", what=what,
                           kind=type(answer).__name__, got=shown(answer)))
    if shape is not None and array.shape != tuple(shape):
        raise NotAnswer(tr("expected {what} of shape {shape}, got shape {got}.", what=what, shape=tuple(shape),
                           got=array.shape))
    array = array.astype(float)
    if not np.all(np.isfinite(array)):
        raise NotAnswer(tr("expected {what}, got NaN or infinity among the values.", what=what))
    if whole:
        if not np.all(array == np.round(array)):
            raise NotAnswer(tr("expected {what} made of whole numbers, got {got}.", what=what, got=shown(answer)))
        return array.astype(np.int64)
    return array


def read_pad(pad):
    """The network's reading of what is drawn on `pad` now (a DigitPad); NotAnswer if nothing is."""
    if not callable(getattr(pad, "reading", None)):
        raise NotAnswer(tr("expected the drawing pad of this notebook (a DigitPad), got {kind}.",
                           kind=type(pad).__name__))
    reading = pad.reading()
    if reading is None:
        raise NotAnswer(tr("draw first: the pad is empty. Draw on the black pad above, then run this cell again."))
    return reading


# ---- what the notebook fills in: a wrong kind is a broken cell, so it raises -----------------

def given_count(value, name: str, lo: int, hi: int) -> int:
    """A whole number lo ≤ value ≤ hi given by the notebook (an index, a layer), or an error naming it."""
    return finite_number(value, name, integer=True, lo=lo, hi=hi)


def sized(value) -> int | None:
    """len(value) for a list, tuple or array; None for text, numbers, 0-d arrays and the like."""
    if isinstance(value, (str, bytes)):
        return None
    try:
        return len(value)
    except TypeError:
        return None


def given_span(span, name: str, size: int = 28) -> tuple[int, int]:
    """A half-open (start, stop) range of rows or columns, as a numpy slice: 0 ≤ start < stop ≤ size."""
    if sized(span) != 2:
        raise TypeError(tr("{name} must be a pair (start, stop), stop excluded as in a slice, got {got}",
                           name=name, got=shown(span)))
    start, stop = (given_count(v, name, 0, size) for v in span)
    if start >= stop:
        raise ValueError(tr("{name} must have start < stop (stop is excluded, as in a slice), got {got}",
                            name=name, got=shown(span)))
    return start, stop


def given_network(net, name: str = "net"):
    """`net` if it looks like a mlp_core Network (sizes, weights, biases, activations)."""
    if not all(hasattr(net, a) for a in ("sizes", "weights", "biases", "activations")):
        raise TypeError(tr("{name} must be a mlp_core Network, got {kind} {got}", name=name,
                           kind=type(net).__name__, got=shown(net)))
    return net


def given_images(images, name: str, n_in: int, *, one: bool = False) -> np.ndarray:
    """`images` as checked activations (one image of n_in values if `one`), or an error naming them."""
    from ..network import check_input

    try:
        array = check_input(images if images is None else as_array(images), n_in)
        if one and array.ndim != 1:
            raise ValueError(tr("expected one image of {n_in} values, got shape {shape}", n_in=n_in, shape=array.shape))
    except TypeError as err:
        raise TypeError(tr("{name}: {problem}", name=name, problem=err)) from None
    except ValueError as err:
        raise ValueError(tr("{name}: {problem}", name=name, problem=err)) from None
    return array


def given_labels(labels, name: str, n: int) -> np.ndarray:
    """`labels` as n whole numbers 0–9, or an error naming them."""
    array = as_array(labels)
    if array.dtype.kind not in "iu":
        raise TypeError(tr("{name} must be whole numbers (digits 0–9), got {kind} {got}", name=name,
                           kind=type(labels).__name__, got=shown(labels)))
    if array.shape != (n,):
        raise ValueError(tr("{name} must hold one label per image, shape ({n},), got shape {shape}", name=name,
                            n=n, shape=array.shape))
    return array


# ---- checkers: registration, attempts, hints, solutions --------------------------------------

#: Wrong answers since the last right one, per exercise: (checker name, what the notebook gave it).
attempts: dict[tuple[str, str], int] = {}
#: Every checker, by name (the test of the package discovers them here and in __init__).
CHECKERS: dict[str, Callable] = {}
_last_call: dict[str, dict] = {}
_last_exercise: dict[str, tuple[str, str]] = {}


def reset_attempts(name: str | None = None) -> None:
    """Forget the wrong answers of checker `name` (all checkers when None)."""
    for key in [k for k in attempts if name is None or k[0] == name]:
        del attempts[key]


def wrong_answers(name: str) -> int:
    """The wrong answers counted for the exercise checker `name` was last called for."""
    return attempts.get(_last_exercise.get(name, (name, "")), 0)


def _fingerprint(value) -> str:
    """What identifies an argument the notebook gives a checker: two exercises with one checker
    (02's exercises 1 and 3) differ in these, and a fresh copy of the same network does not."""
    if all(hasattr(value, a) for a in ("sizes", "weights", "biases")):
        value = [np.asarray(v) for v in (*value.weights, *value.biases)]
    if isinstance(value, (list, tuple)) and any(isinstance(v, np.ndarray) for v in value):
        return "|".join(_fingerprint(v) for v in value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        return f"{value.shape}{value.dtype}:" + hashlib.blake2b(np.ascontiguousarray(value).tobytes(),
                                                                 digest_size=8).hexdigest()
    return shown(value, limit=200)


def _exercise(name: str, arguments: dict, answers: Sequence[str]) -> tuple[str, str]:
    given = sorted((k, v) for k, v in arguments.items() if k not in answers)
    return name, ";".join(f"{k}={_fingerprint(v)}" for k, v in given)


def _text(text: Text, arguments: dict) -> str:
    """A hint or solution in the language of now: a N_() template translated, then filled in."""
    return text(SimpleNamespace(**arguments)) if callable(text) else tr(text, **arguments)


def checker(*, hints: Sequence[Text], solution: Text, answers: Sequence[str] = ("answer",)):
    """Make `fn` a checker with tiered `hints` (nudge first) and a worked `solution`.

    `answers` names the parameters the learner fills in (default: the first one). The body
    returns right(...), miss(...) or not_yet(...), or lets read_answer's NotAnswer through.
    """
    if not hints:
        raise ValueError("a checker needs at least one hint")

    def wrap(fn):
        name = fn.__name__
        signature = inspect.signature(fn)
        missing = [a for a in answers if a not in signature.parameters]
        if missing:
            raise ValueError(f"{name} has no parameter {missing[0]!r}")
        if name in CHECKERS and CHECKERS[name].__module__ != fn.__module__:
            raise ValueError(f"two checkers called {name}: in {CHECKERS[name].__module__} and {fn.__module__}")

        @functools.wraps(fn)
        def check(*args, **kwargs) -> Feedback:
            verdict, shared = judge(*args, **kwargs)
            _show(verdict, shared)
            return verdict

        def judge(*args, **kwargs) -> tuple[Feedback, bool]:
            """The verdict, and whether it was sent to the class view (a counted one, opted in: mlp_core.sharing)."""
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            try:
                verdict = fn(*args, **kwargs)
            except NotAnswer as problem:
                verdict = not_yet(str(problem))
            # The notebook's arguments were accepted (a refused one raised): the worked answer uses them.
            _last_call[name] = dict(bound.arguments)
            exercise = _last_exercise[name] = _exercise(name, _last_call[name], answers)
            tries_before = attempts.get(exercise, 0)
            n = _count(exercise, verdict)
            right_answer = isinstance(verdict, Feedback) and verdict.ok
            shared = (right_answer or not isinstance(verdict, Feedback)) and sharing.report(name, right_answer, tries_before)
            if isinstance(verdict, Feedback):
                return verdict, shared
            return not_yet(_tiered_hint(name, hints, n, dict(bound.arguments), verdict.diagnosis)), shared

        def worked() -> Solution:
            if name in _last_call:
                arguments = _last_call[name]
            else:
                arguments = {p.name: (None if p.default is p.empty else p.default)
                             for p in signature.parameters.values()}
            try:
                return Solution(name, _text(solution, arguments))
            except (TypeError, ValueError, AttributeError, IndexError):   # arguments missing or broken
                return Solution(name, tr("run the exercise's cell once first: the worked answer depends on "
                                         "what the cell gives the checker."))

        check.hints, check.answers, check.solution = tuple(hints), tuple(answers), worked
        CHECKERS[name] = check
        return check

    return wrap


def _count(exercise: tuple[str, str], verdict) -> int:
    """Count a miss of `exercise` (returns the count); a right answer starts again at 0, a "not yet" is not counted."""
    if isinstance(verdict, Feedback):
        if verdict.ok:
            attempts[exercise] = 0
        return attempts.get(exercise, 0)
    attempts[exercise] = attempts.get(exercise, 0) + 1
    return attempts[exercise]


def _tiered_hint(name: str, hints: Sequence[Text], n: int, arguments: dict, diagnosis: str | None) -> str:
    """The hint for miss number n (the last hint from then on), after the miss's own diagnosis,
    and from the second miss on a pointer to the worked answer."""
    hint = _text(hints[min(n, len(hints)) - 1], arguments)
    pointer = tr(" (Stuck? {name}.solution() shows the worked answer.)", name=name) if n >= 2 else ""
    if diagnosis:     # a new sentence; code such as np.sum keeps its case (Chinese has none)
        first = hint.split(" ", 1)[0]
        if first.isalpha() and get_language() == "en":
            hint = first.capitalize() + hint[len(first):]
        hint = tr("{diagnosis} {hint}", diagnosis=diagnosis, hint=hint)
    return hint + pointer


def solution(exercise: str | Callable) -> Solution:
    """The worked answer of a checker, by name ("check_x") or the checker itself."""
    name = exercise if isinstance(exercise, str) else getattr(exercise, "__name__", repr(exercise))
    if name not in CHECKERS:
        raise ValueError(tr("no exercise checker called {name}; the checkers are: {names}", name=repr(name),
                            names=", ".join(sorted(CHECKERS))))
    return CHECKERS[name].solution()
