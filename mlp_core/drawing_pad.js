// The drawing pad of mlp_core.drawing.DrawingPad (an anywidget ES module, no build step).
//
// Strokes are drawn here, in the browser, so drawing stays smooth whatever the kernel is
// doing. White ink on black, like MNIST, with round anti-aliased strokes. The picture is
// shrunk to size×size grey values (one byte each) and sent to Python as `pixels`:
// at most every 150 ms while drawing, and once more when the pen lifts, together with
// `strokes` += 1 (a counter, so the last update is sent even if the pixels did not change).
// One pointer draws at a time (see below), so two fingers on a tablet draw one line.
// When Python sets `pixels` itself (clear, or a sample digit), the canvas shows them.

const SEND_EVERY_MS = 150;

function render({ model, el }) {
  const view = model.get("width");                 // CSS pixels on screen
  const dpr = window.devicePixelRatio || 1;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = Math.round(view * dpr);
  canvas.style.width = canvas.style.height = view + "px";
  canvas.className = "mlp-drawing-canvas";
  el.appendChild(canvas);
  const ctx = canvas.getContext("2d");

  const size = model.get("size");                  // the grid sent to Python
  const small = document.createElement("canvas");
  small.width = small.height = size;
  const sctx = small.getContext("2d", { willReadFrequently: true });

  function blank() {
    ctx.fillStyle = "black";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }

  let ownChange = false;                           // true while we set `pixels` ourselves
  function send(endOfStroke) {
    sctx.imageSmoothingEnabled = true;
    sctx.imageSmoothingQuality = "high";           // averages areas when shrinking
    sctx.drawImage(canvas, 0, 0, size, size);
    const rgba = sctx.getImageData(0, 0, size, size).data;
    const grey = new Uint8Array(size * size);
    for (let i = 0; i < grey.length; i++) grey[i] = rgba[4 * i];   // R = G = B for grey ink
    ownChange = true;
    model.set("pixels", new DataView(grey.buffer));
    ownChange = false;
    if (endOfStroke) model.set("strokes", model.get("strokes") + 1);
    model.save_changes();
  }

  function paintFromModel() {                      // Python changed `pixels`
    if (ownChange) return;
    const data = model.get("pixels");
    blank();
    if (!data || data.byteLength !== size * size) return;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const img = sctx.createImageData(size, size);
    for (let i = 0; i < bytes.length; i++) {
      img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = bytes[i];
      img.data[4 * i + 3] = 255;
    }
    sctx.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  }

  let lastSent = 0, timer = null;
  function sendSoon() {                            // throttle: at most one send per interval
    const wait = SEND_EVERY_MS - (performance.now() - lastSent);
    if (wait <= 0) { lastSent = performance.now(); send(false); }
    else if (!timer) timer = setTimeout(() => { timer = null; lastSent = performance.now(); send(false); }, wait);
  }

  function point(e) {
    const r = canvas.getBoundingClientRect();
    return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height];
  }
  function lineTo(from, to, e) {
    const pressure = e.pointerType === "pen" && e.pressure > 0 ? 0.5 + e.pressure : 1;  // a pen presses harder
    ctx.strokeStyle = model.get("mode") === "erase" ? "black" : "white";
    ctx.lineWidth = model.get("brush") * (canvas.width / view) * pressure;
    ctx.lineCap = ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(from[0], from[1]);
    ctx.lineTo(to[0], to[1]);
    ctx.stroke();
  }

  // One pointer draws at a time: the first one down, until it lifts. A second finger, or a palm
  // resting beside the pen, is ignored; joining its points to the first one's would fill the
  // space between them with ink (a block the network reads as an 8).
  let drawing = null;                              // the pointerId drawing now
  let last = null;                                 // its last point
  canvas.addEventListener("pointerdown", (e) => {
    if (e.button !== 0 || drawing !== null) return;
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);         // keep the stroke even outside the pad
    drawing = e.pointerId;
    last = point(e);
    lineTo(last, last, e);                         // a click makes a dot
    sendSoon();
  });
  canvas.addEventListener("pointermove", (e) => {
    if (e.pointerId !== drawing) return;
    const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [e];
    for (const ev of (events.length ? events : [e])) {
      const p = point(ev);
      lineTo(last, p, ev);
      last = p;
    }
    sendSoon();
  });
  const end = (e) => {
    if (e.pointerId !== drawing) return;
    drawing = last = null;
    clearTimeout(timer); timer = null;
    lastSent = performance.now();
    send(true);
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);

  blank();
  paintFromModel();
  model.on("change:pixels", paintFromModel);
  return () => { clearTimeout(timer); model.off("change:pixels", paintFromModel); };
}

export default { render };
