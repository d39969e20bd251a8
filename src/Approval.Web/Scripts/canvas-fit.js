// The shipped processes are long chains (org-cycle is ~40 steps wide): fitting all of it into the canvas makes the
// labels unreadable. Fit when that keeps a readable zoom; otherwise show the start at a readable zoom, or the
// element the reader cares about (the viewer's first active one), and let the user pan.
const READABLE_ZOOM = 0.7;

export function fitReadable(canvas, { left = 40, focus = null } = {}) {
  canvas.zoom('fit-viewport', 'auto');
  if (canvas.zoom() >= READABLE_ZOOM) return;
  const { inner, outer } = canvas.viewbox();
  const width = outer.width / READABLE_ZOOM, height = outer.height / READABLE_ZOOM;
  canvas.viewbox({ x: inner.x - left / READABLE_ZOOM, y: inner.y - 40 / READABLE_ZOOM, width, height });
  if (focus) canvas.scrollToElement(focus);
}
