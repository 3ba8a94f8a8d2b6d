"""Every notebook, opened in JupyterLab in a real (headless) browser and run like a learner.

For each notebook in notebooks/: Run → Run All Cells, wait until every cell has run and the
kernel is idle, then check that nothing shows an error and every widget rendered; then move
every control of every `mlp-widget` group and check that its figure or readout changes
(screenshots of the figure areas, text of the readouts), and that no error appears.
Screenshots go to artifacts/browser/<notebook>/.
"""

from __future__ import annotations

import lab_controls as C
import labdriver as L
import pytest
from exact_checks import EXACT_CHECKS


def test_runs_top_to_bottom_without_errors(notebook):
    page = notebook.page
    errors = L.error_outputs(page)
    assert not errors, f"{notebook.name}: error/stderr output after Run All:\n" + "\n---\n".join(errors)
    prompts = L.code_cell_prompts(page)
    assert prompts, f"{notebook.name}: no code cells found on the page"
    not_run = [i for i, (p, src) in enumerate(zip(prompts, _cell_sources(page)))
               if src.strip() and not any(ch.isdigit() for ch in p)]
    assert not not_run, f"{notebook.name}: code cells {not_run} did not run (prompts {prompts})"
    broken = L.mlp_errors(page)
    assert not broken, f"{notebook.name}: a widget reports an error: {broken}"


def test_every_widget_rendered(notebook):
    page = notebook.page
    placeholders = L.widget_placeholders(page)
    assert not placeholders, f"{notebook.name}: widgets that did not render: {placeholders}"
    # Each widget output must hold a rendered view, not an empty box.
    empty = page.evaluate("""() => Array.from(document.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]'))
        .filter(o => !o.querySelector('.jupyter-widgets, .lm-Widget')).length""")
    assert empty == 0, f"{notebook.name}: {empty} widget outputs are empty"


def test_exact_readouts(notebook):
    """Readouts whose value is known exactly after a known move (before anything else moves)."""
    check = EXACT_CHECKS.get(notebook.name)
    if check is None:
        pytest.skip(f"no exact-value check written for {notebook.name}")
    check(notebook)
    broken = L.mlp_errors(notebook.page)
    assert not broken, f"{notebook.name}: a widget reports an error: {broken}"


def test_every_widget_group_responds(notebook):
    page = notebook.page
    groups = C.find_groups(page)
    if not groups:
        pytest.skip(f"{notebook.name} has no mlp-widget groups")
    problems, moved, latencies = [], [], []
    for g in groups:
        i, group = g["group"], C.group_locator(page, g["group"])
        if not g["controls"]:
            if not g["nested"]:
                problems.append(f"group {i}: no control found")
            continue
        for n, control in enumerate(g["controls"]):
            before = L.group_state(group)
            done = C.move(page, control)
            typed = control.kind == "text"      # typed key by key: one kernel message per key
            after, seconds = L.wait_for_change(group, before, quiet=1.0 if typed else 0)
            tag = f"group {i} {control} ({done})"
            if after.errors and any(after.errors):
                problems.append(f"{tag}: error shown: {after.errors}")
            elif not after.differs_from(before):
                problems.append(f"{tag}: neither figure nor readout changed")
            else:
                moved.append(f"{tag}: {'+'.join(after.differs_from(before))} changed in {seconds:.2f} s")
                if control.kind == "slider":
                    latencies.append(round(seconds, 3))
            notebook.shot(group, f"group{i}-control{n}-{control.kind}.png")
    L.TIMINGS["notebooks"].setdefault(notebook.name, {})["slider_key_latency_s"] = latencies
    print("\n".join(moved))
    assert not problems, f"{notebook.name}:\n" + "\n".join(problems)
    assert not L.error_outputs(page), L.error_outputs(page)


def test_slider_follows_mouse_drag(notebook):
    page = notebook.page
    groups = C.find_groups(page)
    sliders = [(g["group"], c) for g in groups for c in g["controls"] if c.kind == "slider"]
    if not sliders:
        pytest.skip(f"{notebook.name} has no sliders in mlp-widget groups")
    problems = []
    for i, control in {i: c for i, c in reversed(sliders)}.items():  # first slider per group
        group = C.group_locator(page, i)
        handle = page.locator(control.selector)
        value_before = handle.get_attribute("aria-valuenow")
        before = L.group_state(group)
        done = C.drag_slider(page, control)
        after, _ = L.wait_for_change(group, before)
        value_after = handle.get_attribute("aria-valuenow")
        notebook.shot(group, f"group{i}-drag.png")
        if value_after == value_before:
            problems.append(f"group {i} {control}: {done}, but the value stayed {value_before}")
        elif not after.differs_from(before):
            problems.append(f"group {i} {control}: {done} ({value_before} → {value_after}), "
                            "but neither figure nor readout changed")
        elif any(after.errors):
            problems.append(f"group {i} {control}: error shown: {after.errors}")
    assert not problems, f"{notebook.name}:\n" + "\n".join(problems)


def test_every_text_field_refuses_invalid_values_visibly(notebook):
    """Type what learners type by mistake into every text box; each must get a visible message
    (and a picture marked as not updated), and a valid value must clear it and redraw."""
    page = notebook.page
    fields = C.text_fields(page)
    if not fields:
        pytest.skip(f"{notebook.name} has no text fields in mlp-widget groups")
    problems = []
    for f in fields:
        i, control = f["group"], f["control"]
        group, field = C.group_locator(page, i), page.locator(control.selector)
        valid = field.input_value()
        good = L.group_state(group)
        assert not any(good.errors), f"group {i} {control}: an error before anything was typed: {good.errors}"
        for n, bad in enumerate(C.INVALID_TEXTS):
            before = L.group_state(group)
            C.type_into(page, field, bad)
            after, _ = L.wait_for_change(group, before, quiet=1.0)
            message = group.locator(".mlp-error")
            tag = f"group {i} {control} typed {bad!r}"
            shown = field.input_value()
            if shown != bad:
                problems.append(f"{tag}: the box shows {shown!r}, not what was typed")
            if not any(after.errors) or not message.first.is_visible():
                problems.append(f"{tag}: no visible message (errors {after.errors})")
            elif after.figures and after.figures == good.figures:
                problems.append(f"{tag}: the picture looks current, though it cannot follow the box")
            notebook.shot(group, f"group{i}-text-{n}.png")
        before = L.group_state(group)
        C.type_into(page, field, valid)
        after, _ = L.wait_for_change(group, before, quiet=1.0)
        if any(after.errors):
            problems.append(f"group {i} {control}: typed the valid {valid!r}, the message stays: {after.errors}")
        if after.figures != good.figures or after.readouts != good.readouts:
            problems.append(f"group {i} {control}: typed the valid {valid!r} again, "
                            f"but the picture or readout is not what it was")
        notebook.shot(group, f"group{i}-text-recovered.png")
    assert not problems, f"{notebook.name}:\n" + "\n".join(problems)


def _cell_sources(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'))
        .map(c => (c.querySelector('.jp-InputArea-editor') || {}).textContent || '')""")


def test_every_control_is_in_an_mlp_widget_group(notebook):
    """The widget contract: a control outside an `mlp-widget` group would escape these tests."""
    stray = notebook.page.evaluate("""() => Array.from(document.querySelectorAll(
            '.jp-OutputArea-output .widget-slider, .jp-OutputArea-output .widget-dropdown, '
            + '.jp-OutputArea-output .widget-button, .jp-OutputArea-output .widget-toggle-button, '
            + '.jp-OutputArea-output .widget-checkbox, .jp-OutputArea-output .widget-text, '
            + '.jp-OutputArea-output .widget-radio-box, .jp-OutputArea-output canvas'))
        .filter(el => !el.closest('.mlp-widget') && !el.closest('.jupyter-matplotlib'))
        .map(el => el.className + ' ' + (el.textContent || '').trim().slice(0, 40))""")
    assert not stray, f"{notebook.name}: controls outside any mlp-widget group: {stray}"


def test_no_javascript_errors(notebook):
    """No uncaught exception in the page, after running and moving everything (console
    errors are kept in artifacts/browser/<notebook>/console-errors.txt)."""
    uncaught = [e for e in notebook.console_errors if e.startswith("pageerror")]
    assert not uncaught, f"{notebook.name}: uncaught JavaScript errors: {uncaught}"
