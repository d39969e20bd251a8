// The shipped processes are long chains (org-cycle is ~40 steps wide): fitting all of it into the canvas makes the
// labels unreadable. So the diagram is fitted only down to a readable zoom; below that it shows the start (or the
// element the reader cares about, the viewer's first active one) and the user pans. `left` keeps the start clear of
// the designer's palette, which floats over the canvas.
const READABLE_ZOOM = 0.7;
const MARGIN = 30;

export function fitReadable(canvas, { left = MARGIN, top = MARGIN, focus = null } = {}) {
  const { inner, outer } = canvas.viewbox();
  const fit = Math.min(1, (outer.width - left - MARGIN) / inner.width, (outer.height - top - MARGIN) / inner.height);
  const zoom = Math.max(READABLE_ZOOM, fit);
  const width = outer.width / zoom, height = outer.height / zoom;
  const above = zoom === fit ? Math.max(top / zoom, (height - inner.height) / 2) : top / zoom;
  canvas.viewbox({ x: inner.x - left / zoom, y: inner.y - above, width, height });
  if (zoom > fit && focus) canvas.scrollToElement(focus);
}

/**
 * bpmn-js opens a sub-process plane the first time at the origin, under the palette and the breadcrumbs; fit it
 * like the main plane instead (after bpmn-js's own DrilldownCentering, which keeps later visits where they were).
 */
export function fitPlanesOnFirstVisit(eventBus, canvas, options) {
  const seen = new Set();
  eventBus.on('root.set', 500, ({ element }) => {
    if (seen.has(element) || !element.businessObject || element.businessObject.$type !== 'bpmn:SubProcess') return;
    seen.add(element);
    fitReadable(canvas, { ...options, top: 70 });
  });
}
