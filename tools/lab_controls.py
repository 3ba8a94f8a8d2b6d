"""Find and move the controls of each `mlp-widget` group, whatever the notebook.

Shared, like labdriver, by the browser tests and benchmarks/bench_widgets.py.

Each control is moved the way a learner would, but without the side effects of a real
click in JupyterLab (a click on a widget in another cell selects that cell and scrolls):
sliders by keyboard on their `.noUi-handle` (and once by mouse drag), dropdowns with
select_option, buttons and toggles with a dispatched click, a drawing pad with a mouse stroke.
"""

from __future__ import annotations

from dataclasses import dataclass

import labdriver as L

# Tag every visible, enabled control with the group that owns it (its closest mlp-widget).
# A group nested in another one (a panel used as a part of a bigger widget) keeps its own
# controls; the outer group gets the rest.
_TAG_JS = r"""() => {
    const kinds = [
        ['slider',   '.widget-slider .noUi-handle'],
        ['dropdown', '.widget-dropdown select'],
        ['select',   '.widget-select select'],
        ['radio',    '.widget-radio-box'],
        ['toggles',  '.widget-toggle-buttons'],
        ['toggle',   'button.widget-toggle-button'],
        ['checkbox', '.widget-checkbox input[type=checkbox]'],
        ['number',   '.widget-text input[type=number]'],
        ['text',     '.widget-text input[type=text]'],
        ['canvas',   'canvas'],
        ['button',   'button.widget-button'],
    ];
    const visible = el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const groups = Array.from(document.querySelectorAll('.mlp-widget'));
    groups.forEach((g, i) => g.setAttribute('data-mlp-group', String(i)));
    const found = groups.map(() => []);
    const seen = new Set();
    for (const [kind, sel] of kinds) {
        for (const el of document.querySelectorAll('.mlp-widget ' + sel)) {
            if (seen.has(el)) continue;
            seen.add(el);
            // a button of a ToggleButtons group is driven through its group
            if (kind === 'toggle' && el.closest('.widget-toggle-buttons')) continue;
            // a slider with two handles (range) is moved by its first handle
            if (kind === 'slider' && el.closest('.noUi-base').querySelector('.noUi-handle') !== el) continue;
            // figure areas show pictures (ipympl canvases included); they are not controls
            if (el.closest('.mlp-figure') || el.closest('.jupyter-matplotlib')) continue;
            if (el.disabled || el.closest('[disabled]') || !visible(el)) continue;
            const g = groups.indexOf(el.closest('.mlp-widget'));
            const id = `${g}-${found[g].length}`;
            el.setAttribute('data-mlp-control', id);
            const w = el.closest('.jupyter-widgets.widget-inline-hbox, .jupyter-widgets') || el;
            const label = (w.querySelector('.widget-label') || {}).textContent
                || el.textContent || el.getAttribute('aria-label') || '';
            found[g].push({id, kind, label: label.trim().slice(0, 40)});
        }
    }
    return found.map((controls, i) => ({
        group: i,
        nested: groups[i].parentElement.closest('.mlp-widget') !== null,
        controls,
    }));
}"""


@dataclass
class Control:
    id: str
    kind: str
    label: str

    @property
    def selector(self) -> str:
        return f'[data-mlp-control="{self.id}"]'

    def __str__(self) -> str:
        return f"{self.kind} {self.label!r}" if self.label else self.kind


def find_groups(page) -> list[dict]:
    """[{group: i, nested: bool, controls: [Control, ...]}, ...] in page order."""
    groups = page.evaluate(_TAG_JS)
    for g in groups:
        g["controls"] = [Control(**c) for c in g["controls"]]
    return groups


def group_locator(page, i: int):
    return page.locator(f'[data-mlp-group="{i}"]')


def slider_direction(handle) -> str:
    """ArrowRight, unless the slider is already at its maximum."""
    now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
    try:
        return "ArrowLeft" if float(now) >= float(top) else "ArrowRight"
    except (TypeError, ValueError):
        return "ArrowRight"


def move(page, control: Control) -> str:
    """Move `control` one step, as a learner would; return what was done."""
    el = page.locator(control.selector)
    kind = control.kind
    if kind == "slider":
        key = slider_direction(el)
        el.press(key)
        return f"pressed {key}"
    if kind in ("dropdown", "select"):
        options = el.locator("option").all_text_contents()
        current = el.evaluate("s => s.selectedIndex")
        if len(options) < 2:
            return "only one option"
        target = (current + 1) % len(options)
        el.select_option(index=target)
        return f"selected {options[target]!r}"
    if kind == "radio":
        radios = el.locator("input[type=radio]")
        for i in range(radios.count()):
            if not radios.nth(i).is_checked():
                radios.nth(i).dispatch_event("click")
                return f"chose option {i}"
        return "no other option"
    if kind == "toggles":
        buttons = el.locator("button")
        for i in range(buttons.count()):
            if "mod-active" not in (buttons.nth(i).get_attribute("class") or ""):
                buttons.nth(i).dispatch_event("click")
                return f"chose {buttons.nth(i).inner_text()!r}"
        return "no other option"
    if kind in ("toggle", "button", "checkbox"):
        el.dispatch_event("click")
        return "clicked"
    if kind == "number":
        el.focus()
        el.press("ArrowUp")
        el.press("Enter")
        return "stepped up"
    if kind == "text":
        now = el.input_value().strip()
        new = str(int(now) + 1) if now.isdigit() else "1"
        type_into(page, el, new)
        return f"typed {new!r}"
    if kind == "canvas":
        return draw_stroke(page, el)
    raise ValueError(f"don't know how to move a {kind}")


def type_into(page, field, text: str) -> None:
    """Replace what a text box holds by `text`, typed key by key as a learner does (a box may
    react to the keys themselves, not only to its value), then Enter."""
    activate_cell_of(page, field)
    field.focus()
    field.press("Control+a")
    field.press("Backspace")
    if text:
        field.press_sequentially(text, delay=15)
    field.press("Enter")


#: What learners type into a box that wants a whole number: letters, nothing, out of range,
#: decimals, a power of ten (each must get a visible message, never a silent other number).
INVALID_TEXTS = ("abc", "", "-1", "99999", "3.7", "1e9")


def text_fields(page) -> list[dict]:
    """[{group: i, id: control id}, ...]: every text or number box inside an mlp-widget group."""
    return [{"group": g["group"], "control": c} for g in find_groups(page)
            for c in g["controls"] if c.kind in ("text", "number")]


def activate_cell_of(page, locator) -> None:
    """Make the cell holding `locator` the active one without clicking the widget itself,
    so JupyterLab's scroll-to-active-cell happens now, not in the middle of a drag."""
    cell = locator.locator("xpath=ancestor::div[contains(@class,'jp-CodeCell')][1]")
    prompt = cell.locator(".jp-InputPrompt").first
    prompt.scroll_into_view_if_needed()
    prompt.click()
    # Wait for what the click starts, not a fixed pause: the cell becomes the active one and the
    # notebook takes the keyboard focus; JupyterLab finishes that (and its scroll) in the frames
    # after the click, so two frames more pass before anyone focuses a box or drags.
    page.wait_for_function("""cell => cell.classList.contains('jp-mod-active')
        && cell.closest('.jp-Notebook').contains(document.activeElement)""",
                           arg=cell.element_handle(), timeout=30_000)
    page.evaluate("""() => new Promise(done => {
        requestAnimationFrame(() => requestAnimationFrame(done));
        setTimeout(done, 2000);    // a page that draws no frames must not hang the test
    })""")


def drag_slider(page, control: Control, fraction: float = 0.25) -> str:
    """Drag the slider's handle by `fraction` of its track with the mouse (left at the top end)."""
    handle = page.locator(control.selector)
    activate_cell_of(page, handle)
    track = handle.locator("xpath=ancestor::div[contains(@class,'noUi-target')][1]")
    box = L.settle(handle)
    width = track.bounding_box()["width"]
    sign = -1 if slider_direction(handle) == "ArrowLeft" else 1
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + sign * fraction * width, y, steps=8)
    page.mouse.up()
    return f"dragged {'right' if sign > 0 else 'left'} by {fraction:.0%} of the track"


def draw_stroke(page, canvas) -> str:
    """Draw a short diagonal stroke across a drawing canvas with the mouse."""
    activate_cell_of(page, canvas)
    box = L.settle(canvas)
    x0, y0 = box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.25
    page.mouse.move(x0, y0)
    page.mouse.down()
    for k in range(1, 13):
        page.mouse.move(x0 + k * box["width"] * 0.02, y0 + k * box["height"] * 0.045)
    page.mouse.up()
    return "drew a stroke"
