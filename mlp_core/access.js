// What ipywidgets 8 does not tell assistive technology, added in the page (mlp_core/access.py).
// One watcher per page, however many panels show the helper; it only adds attributes:
//   slider handles (role=slider)       aria-label = the slider's visible label (range: + lower/upper end)
//   a slider's editable readout        aria-label = the same label
//   Play's icon-only buttons           aria-label = play / pause / stop / repeat
//   toggle buttons                     aria-pressed = shown state (class mod-active)
//   the drawing pad's canvas           role=img, named with the keyboard route (the real-digit menu)
//   labels with title="null"           the title removed (hovering showed "null")
//   .mlp-readout / .mlp-error          role=status, aria-live=polite: a change is read out
// The label and the live region are the widget's stable elements, so a redraw that replaces
// their content is announced, and a slider that ipywidgets rebuilds is named again.

const ICONS = [["fa-play", "play"], ["fa-pause", "pause"], ["fa-stop", "stop"], ["fa-retweet", "repeat"],
               ["fa-repeat", "repeat"]];

function labelOf(widget) {
  const label = widget.querySelector(":scope > .widget-label");
  return label ? label.textContent.trim() : "";
}

function setAttr(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function fix(root, words) {
  for (const widget of root.querySelectorAll(".widget-slider, .widget-hslider, .widget-vslider")) {
    const label = labelOf(widget) || words.slider;
    const handles = widget.querySelectorAll(".noUi-handle");
    handles.forEach((handle, k) => {
      const end = handles.length === 2 ? ` (${k === 0 ? words.lower : words.upper})` : "";
      setAttr(handle, "aria-label", label + end);
    });
    const readout = widget.querySelector(".widget-readout");
    if (readout) setAttr(readout, "aria-label", label);
  }
  for (const play of root.querySelectorAll(".widget-play")) {
    for (const button of play.querySelectorAll("button")) {
      const icon = button.querySelector("i, .fa");
      const found = icon && ICONS.find(([cls]) => icon.classList.contains(cls));
      if (found && !button.textContent.trim()) setAttr(button, "aria-label", words[found[1]]);
      if (found) setAttr(button, "aria-pressed", String(button.classList.contains("mod-active")));
    }
  }
  for (const button of root.querySelectorAll("button.widget-toggle-button")) {
    setAttr(button, "aria-pressed", String(button.classList.contains("mod-active")));
  }
  for (const canvas of root.querySelectorAll(".mlp-drawing-pad canvas")) {
    setAttr(canvas, "role", "img");
    setAttr(canvas, "aria-label", words.pad);
  }
  for (const el of root.querySelectorAll('[title="null"]')) el.removeAttribute("title");
  for (const el of root.querySelectorAll(".mlp-readout, .mlp-error")) {
    setAttr(el, "role", "status");
    setAttr(el, "aria-live", "polite");
  }
}

function watch(words) {
  const state = window.__mlpAccess;
  if (state) {            // already watching: take the newest words (the learner's language)
    Object.assign(state.words, words);
    fix(document.body, state.words);
    return;
  }
  const shared = { words: { ...words }, queued: false };
  window.__mlpAccess = shared;
  const run = () => { shared.queued = false; fix(document.body, shared.words); };
  // new views (childList) and a toggle's state or a label's title (attributes): fixed at the next frame
  new MutationObserver(() => {
    if (!shared.queued) { shared.queued = true; requestAnimationFrame(run); }
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["class", "title"] });
  run();
}

export default {
  render({ model, el }) {
    el.classList.add("mlp-access");
    el.style.display = "none";
    watch(model.get("words"));
    model.on("change:words", () => watch(model.get("words")));
  },
};
