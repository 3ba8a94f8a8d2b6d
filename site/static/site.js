// The widgets on a site page are pictures of how they start: with no Python kernel behind them
// nothing they do can change what they show. Once the widget manager has drawn them, this
// marks every control as what it is: disabled for the mouse, the keyboard and assistive
// technology (so a slider no longer announces a value that changes nothing), with a short
// note in the page's language on each widget. The texts come from the page (data-* on <body>,
// written by tools/build_site.py). Names are given only to controls that have none, from their
// visible label, so that a screen reader says what each disabled control is.
(function () {
  "use strict";
  var VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
  var CONTROLS = "input, button, select, textarea";

  function drawnViews() {
    var views = document.querySelectorAll(VIEW);
    var drawn = 0;
    views.forEach(function (s) { if (s.parentElement.querySelector(".jupyter-widgets, .lm-Widget")) drawn++; });
    return [views.length, drawn];
  }

  function labelOf(control) {
    var box = control.closest(".widget-inline-hbox, .widget-hbox, .widget-slider, .widget-hslider");
    var label = box && box.querySelector(".widget-label");
    return label ? label.textContent.trim() : "";
  }

  function name(element, text) {
    if (text && !element.getAttribute("aria-label") && !element.getAttribute("aria-labelledby")) {
      element.setAttribute("aria-label", text);
    }
  }

  function freezeControls(area, texts) {
    area.querySelectorAll(CONTROLS).forEach(function (control) {
      control.disabled = true;
      if (!(control.tagName === "BUTTON" && control.textContent.trim())) name(control, labelOf(control));
    });
    // ipywidgets' sliders (noUiSlider): a disabled slider ignores the mouse and the keys.
    area.querySelectorAll(".noUi-target:not([disabled])").forEach(function (slider) {
      slider.setAttribute("disabled", "");
      var label = labelOf(slider);
      var handles = slider.querySelectorAll(".noUi-handle");
      handles.forEach(function (handle, i) {
        handle.setAttribute("aria-disabled", "true");
        handle.removeAttribute("tabindex");
        name(handle, handles.length > 1 ? label + " (" + texts.ends[i] + ")" : label);
      });
    });
    area.querySelectorAll("[contenteditable=true]").forEach(function (readout) {
      readout.setAttribute("contenteditable", "false");
    });
    // Icon-only buttons (the Play widget's): named by their icon.
    area.querySelectorAll("button").forEach(function (button) {
      if (button.textContent.trim()) return;
      var icon = button.querySelector("i[class*=fa-]");
      var kind = icon && Object.keys(texts.icons).find(function (k) { return icon.classList.contains("fa-" + k); });
      name(button, kind ? texts.icons[kind] : "");
    });
    area.querySelectorAll("canvas").forEach(function (canvas) { canvas.classList.add("site-frozen-canvas"); });
  }

  function freeze(area, texts) {
    if (area.dataset.siteFrozen) return;
    area.dataset.siteFrozen = "true";
    area.classList.add("site-frozen");
    var note = document.createElement("p");
    note.className = "site-frozen-note";
    note.id = "site-frozen-" + document.querySelectorAll(".site-frozen-note").length;
    area.insertBefore(note, area.firstChild);
    area.setAttribute("aria-describedby", note.id);
    function update() {
      freezeControls(area, texts);
      var text = area.querySelector("canvas") ? texts.pad : texts.frozen;
      if (note.textContent !== text) note.textContent = text;   // (a change here is a mutation too)
    }
    update();
    // Boxes draw their children asynchronously: what appears later is frozen as it appears.
    new MutationObserver(update).observe(area, {childList: true, subtree: true});
  }

  function markAll() {
    var body = document.body;
    var texts = {frozen: body.dataset.frozenNote, pad: body.dataset.padNote,
                 ends: JSON.parse(body.dataset.rangeEnds), icons: JSON.parse(body.dataset.iconNames)};
    document.querySelectorAll(VIEW).forEach(function (s) { freeze(s.parentElement, texts); });
    body.dataset.widgetsMarked = "true";
  }

  // Code, printed output and tables too wide for the screen scroll inside their own box: such
  // a box takes the keyboard focus, so that it can be scrolled without a mouse (and only such a
  // box, so as not to add a tab stop per cell). Again whenever the window changes size.
  function focusableScrollers() {
    document.querySelectorAll(".jp-Notebook pre, .jp-RenderedHTMLCommon table, .katex-display").forEach(function (box) {
      if (box.closest(".jupyter-widgets")) return;
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
      else if (!scrolls && box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
    });
  }
  window.addEventListener("resize", focusableScrollers);
  document.addEventListener("DOMContentLoaded", focusableScrollers);

  // The widget manager (embed-amd.js) draws the views after the load event, one by one.
  // Wait until every view is drawn (or 60 s have passed: then mark what is there).
  window.addEventListener("load", function () {
    var started = Date.now();
    (function poll() {
      var counts = drawnViews();
      if (counts[0] === counts[1] || Date.now() - started > 60000) { markAll(); focusableScrollers(); }
      else setTimeout(poll, 100);
    })();
  });
})();
